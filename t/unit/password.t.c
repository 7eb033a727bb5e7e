/*
 * password.t.c: the password policy and argon2id hashing
 * (src/password.c). Hashing runs at a tiny cost so the test is fast; the
 * cost parameters are read from the struct conf, which is what is tested.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "password.h"
#include "t/tap.h"

/* n copies of s, for long passwords. */
static const char *
repeat(const char *s, size_t n)
{
	static char	buf[512];
	size_t		len = strlen(s), i;

	if (len * n >= sizeof(buf))
		bail("repeat: %zu bytes is too long", len * n);
	for (i = 0; i < n; i++)
		memcpy(buf + i * len, s, len);
	buf[len * n] = '\0';
	return buf;
}

static struct conf	pconf;

/* The policy with the default configuration and no email. */
#define POLICY(pw)	password_policy(&pconf, (pw), NULL)

static void
test_policy(void)
{
	conf_defaults(&pconf);
	ok(POLICY("") != NULL, "the empty password is rejected");
	ok(POLICY("abcdefghijk") != NULL,
	    "11 characters are rejected");
	ok(POLICY("abcdefghijkl") == NULL,
	    "12 characters are accepted");
	ok(POLICY("correct horse battery staple") == NULL,
	    "a passphrase with spaces is accepted");
	ok(POLICY(repeat("\xc3\xa9", 12)) == NULL,
	    "12 two-byte code points are accepted");
	ok(POLICY(repeat("\xe2\x82\xac", 12)) == NULL,
	    "12 three-byte code points are accepted");
	ok(POLICY(repeat("\xf0\x9f\x94\x91", 12)) == NULL,
	    "12 four-byte code points are accepted");
	/* 22 bytes but only 11 code points: characters count, not bytes. */
	ok(POLICY(repeat("\xc3\xa9", 11)) != NULL,
	    "11 two-byte code points (22 bytes) are rejected");
	ok(POLICY(repeat("\xf0\x9f\x94\x91", 11)) != NULL,
	    "11 four-byte code points (44 bytes) are rejected");
	ok(POLICY(repeat("a", 128)) == NULL,
	    "128 bytes are accepted");
	ok(POLICY(repeat("a", 129)) != NULL,
	    "129 bytes are rejected");
	ok(POLICY(repeat("\xc3\xa9", 64)) == NULL,
	    "64 two-byte code points (128 bytes) are accepted");
	ok(POLICY(repeat("\xe2\x82\xac", 43)) != NULL,
	    "43 three-byte code points (129 bytes) are rejected");

	ok(POLICY("abcdefghijkl\xff") != NULL,
	    "a stray 0xFF byte is rejected");
	ok(POLICY("abcdefghijkl\xc0\xaf") != NULL,
	    "an overlong encoding (C0 AF) is rejected");
	ok(POLICY("abcdefghijkl\xed\xa0\x80") != NULL,
	    "a surrogate (ED A0 80) is rejected");
	ok(POLICY("abcdefghijkl\xc3") != NULL,
	    "a truncated sequence is rejected");
	ok(POLICY("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80")
	    != NULL, "12 continuation bytes (0 code points) are rejected");

	ok(password_policy(&pconf, "Owner@Example.COM", "owner@example.com")
	    != NULL, "the email itself is rejected, whatever its case");
	ok(password_policy(&pconf, "owner@example.com!", "owner@example.com")
	    == NULL, "something longer than the email is fine");
	pconf.password_min_length = 16;
	ok(POLICY("abcdefghijklmno") != NULL,
	    "password_min_length is honoured (15 < 16)");
	pconf.password_min_length = 12;
	conf_free(&pconf);
}

static void
test_blocklist(void)
{
	char	path[] = "/tmp/steward-blocklist-XXXXXX", err[256];
	FILE	*f;
	int	fd;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		bail("mkstemp");
	fputs("#!comment: a test list\n123456\npassword1234567\n"
	    "Trustno1Trustno1\r\n\ndragon\nqwerty\ndog\n", f);
	fclose(f);
	ok(!password_blocklisted("password1234567"), "nothing is listed "
	    "before the list is loaded");
	is_int(password_blocklist_load(path, err, sizeof(err)), 0,
	    "the list loads");
	ok(password_blocklisted("password1234567"), "a listed password");
	ok(password_blocklisted("PASSWORD1234567"), "in any case");
	ok(password_blocklisted("trustno1trustno1"), "CRLF lines are read");
	ok(!password_blocklisted("#!comment: a test list"), "comments are "
	    "not passwords");
	ok(!password_blocklisted("password12345678"), "a longer one is not");
	ok(password_blocklisted("Dragon2024!!!!"), "a listed word padded "
	    "with digits and symbols");
	ok(password_blocklisted("!!!  dragon  1999"), "... on both ends");
	ok(password_blocklisted("qwertyqwertyqwerty"), "a listed word "
	    "repeated");
	ok(password_blocklisted("1QwertyQwerty!"), "... and padded");
	ok(password_blocklisted("abcabcabcabc"), "a short unit repeated");
	ok(password_blocklisted("zzzzzzzzzzzzzz"), "one character repeated");
	ok(password_blocklisted("12121212121212"), "two digits repeated");
	ok(!password_blocklisted("dragonfly in amber"), "a listed word inside "
	    "other words is fine");
	ok(!password_blocklisted("2024dragonfly!"), "... and so is a longer "
	    "word around one");
	ok(!password_blocklisted("correcthorsecorrecthorse"), "an unlisted "
	    "phrase said twice is fine");
	ok(!password_blocklisted("1234567890123"), "digits alone are not "
	    "a padded word");
	ok(!password_blocklisted("9dog99999999"), "a word under four "
	    "letters is not taken as the core");
	conf_defaults(&pconf);
	ok(POLICY("Password1234567") != NULL, "the policy refuses a listed "
	    "password");
	conf_free(&pconf);
	unlink(path);
	is_int(password_blocklist_load("/nonexistent/list", err, sizeof(err)),
	    0, "a second load is a no-op (the list stays)");
	{
		/* The list the package depends on (john-data) is long enough. */
		FILE	*j = fopen("/usr/share/john/password.lst", "r");
		char	 line[256];
		size_t	 n = 0;

		ok(j != NULL, "the default list, /usr/share/john/password.lst, "
		    "is there (john-data)");
		while (j != NULL && fgets(line, sizeof(line), j) != NULL)
			if (strcspn(line, "\r\n") > 0 &&
			    strncmp(line, "#!comment", 9) != 0)
				n++;
		if (j != NULL)
			fclose(j);
		ok(n >= 3000, "... with at least 3000 passwords (%zu)", n);
	}
}

static void
test_params(void)
{
	struct conf	c;
	long		m, t, p;

	conf_defaults(&c);
	ok(password_params("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", &m,
	    &t, &p) && m == 19456 && t == 2 && p == 1, "PHC parameters read");
	ok(!password_params("$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", &m,
	    &t, &p), "argon2i is not argon2id");
	ok(!password_params("$argon2id$v=19$m=x,t=2,p=1$", &m, &t, &p),
	    "garbage is refused");
	ok(password_needs_rehash(&c, "$argon2id$v=19$m=4096,t=2,p=1$s$h"),
	    "less memory than configured needs a rehash");
	ok(password_needs_rehash(&c, "$argon2id$v=19$m=19456,t=1,p=1$s$h"),
	    "fewer iterations need a rehash");
	ok(!password_needs_rehash(&c, "$argon2id$v=19$m=19456,t=2,p=1$s$h"),
	    "the configured cost does not");
	ok(!password_needs_rehash(&c, "$argon2id$v=19$m=65536,t=3,p=1$s$h"),
	    "a stronger one does not either");
	ok(password_within_ceiling(&c, "$argon2id$v=19$m=19456,t=2,p=1$s$h"),
	    "the configured cost is within the ceiling");
	ok(!password_within_ceiling(&c,
	    "$argon2id$v=19$m=4194304,t=2,p=1$s$h"),
	    "4 GiB of memory is over the ceiling");
	ok(!password_within_ceiling(&c, "$argon2id$v=19$m=19456,t=64,p=1$s$h"),
	    "64 iterations are over the ceiling");
	ok(!password_within_ceiling(&c, "not a hash"), "garbage is refused");
	conf_free(&c);
}

static void
test_hash(void)
{
	static const char	pw[] = "correct horse battery staple";
	struct conf		c;
	char			h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	char			other[PASSWORD_HASH_MAX], small[20];
	size_t			n;

	conf_defaults(&c);
	c.argon2_memory = 64;
	c.argon2_iterations = 1;

	/* Before initialisation the dummy must still refuse everything. */
	ok(!password_verify(password_dummy(), ""), "the dummy hash before "
	    "password_dummy_init verifies nothing");

	if (password_hash(&c, pw, h1, sizeof(h1)) == -1 ||
	    password_hash(&c, pw, h2, sizeof(h2)) == -1)
		bail("password_hash failed");
	ok(strncmp(h1, "$argon2id$", 10) == 0, "the hash is an argon2id PHC "
	    "string");
	ok(strstr(h1, "$m=64,t=1,p=1$") != NULL, "the hash records the "
	    "configured cost");
	ok(strcmp(h1, h2) != 0, "two hashes of one password differ (salt)");
	ok(password_verify(h1, pw), "the right password verifies");
	ok(password_verify(h2, pw), "so does it against the second hash");
	ok(!password_verify(h1, "correct horse battery stapler"),
	    "a wrong password fails");
	ok(!password_verify(h1, "correct horse battery stapl"),
	    "a prefix of the password fails");
	ok(!password_verify(h1, "Correct horse battery staple"),
	    "a password differing in case fails");
	ok(!password_verify(h1, ""), "the empty password fails");

	is_int(password_hash(&c, pw, small, sizeof(small)), -1,
	    "password_hash into too small a buffer fails");

	/* The same bytes with another variant's name must not verify. */
	strcpy(other, h1);
	memmove(other + 8, other + 9, strlen(other + 9) + 1);
	ok(strncmp(other, "$argon2i$", 9) == 0, "made an argon2i-labelled "
	    "copy");
	ok(!password_verify(other, pw), "a non-argon2id string fails");
	ok(!password_verify("$2b$12$abcdefghijklmnopqrstuv", pw),
	    "a bcrypt string fails");
	ok(!password_verify(pw, pw), "the plaintext as its own hash fails");
	ok(!password_verify("", pw), "an empty hash fails");
	ok(!password_verify("$argon2id$", pw), "a bare prefix fails");
	ok(!password_verify(NULL, pw), "a NULL hash fails");
	strcpy(other, h1);
	n = strlen(other);
	other[n - 5] = '\0';
	ok(!password_verify(other, pw), "a truncated hash fails");
	strcpy(other, h1);
	/* Not the last character: it carries two padding bits. */
	other[n - 10] = other[n - 10] == 'A' ? 'B' : 'A';
	ok(!password_verify(other, pw), "a hash with one bit of its digest "
	    "changed fails");

	is_int(password_dummy_init(&c), 0, "password_dummy_init succeeds");
	ok(strncmp(password_dummy(), "$argon2id$", 10) == 0,
	    "the dummy is an argon2id hash");
	ok(strstr(password_dummy(), "$m=64,t=1,p=1$") != NULL,
	    "the dummy has the configured cost (same time as a real check)");
	ok(!password_verify(password_dummy(), ""), "the dummy does not "
	    "verify the empty password");
	ok(!password_verify(password_dummy(), pw), "the dummy does not "
	    "verify a real one");
	conf_free(&c);
}

int
main(void)
{
	plan_lazy();
	test_policy();
	test_blocklist();
	test_params();
	test_hash();
	return tap_done();
}
