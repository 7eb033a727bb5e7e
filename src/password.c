/*
 * password.c: argon2id (RFC 9106) through libargon2's encoded-hash API.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <argon2.h>

#include "conf.h"
#include "crypto.h"
#include "password.h"
#include "utf8.h"

#define PASSWORD_SALT_LEN	16
#define PASSWORD_HASH_LEN	32

static char	password_dummy_hash[PASSWORD_HASH_MAX];

int
password_hash(const struct conf *c, const char *pw, char *out, size_t outsize)
{
	unsigned char	salt[PASSWORD_SALT_LEN];
	size_t		need;

	need = argon2_encodedlen((uint32_t)c->argon2_iterations,
	    (uint32_t)c->argon2_memory, (uint32_t)c->argon2_parallelism,
	    PASSWORD_SALT_LEN, PASSWORD_HASH_LEN, Argon2_id);
	if (need > outsize || crypto_random(salt, sizeof(salt)) == -1)
		return -1;
	if (argon2id_hash_encoded((uint32_t)c->argon2_iterations,
	    (uint32_t)c->argon2_memory, (uint32_t)c->argon2_parallelism,
	    pw, strlen(pw), salt, sizeof(salt), PASSWORD_HASH_LEN, out,
	    outsize) != ARGON2_OK)
		return -1;
	return 0;
}

bool
password_verify(const char *encoded, const char *pw)
{
	if (encoded == NULL || strncmp(encoded, "$argon2id$", 10) != 0)
		return false;
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}

static char	**password_list;
static size_t	  password_nlist;

static int
password_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ASCII lower case in place; the list and the check agree on it. */
static void
password_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

int
password_blocklist_load(const char *path, char *err, size_t errsize)
{
	FILE	*f;
	char	 line[256], **list = NULL, **grown;
	size_t	 n = 0, cap = 0, len;

	if (*path == '\0' || password_list != NULL)
		return 0;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsize, "password_blocklist %s: %s", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		len = strcspn(line, "\r\n");
		line[len] = '\0';
		if (len == 0 || strncmp(line, "#!comment", 9) == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((grown = realloc(list, cap * sizeof(*list))) ==
			    NULL)
				abort();
			list = grown;
		}
		if ((list[n] = strdup(line)) == NULL)
			abort();
		password_lower(list[n++]);
	}
	fclose(f);
	if (n > 0)
		qsort(list, n, sizeof(*list), password_cmp);
	password_list = list;
	password_nlist = n;
	return 0;
}

/* Whether the n bytes at s, as a string, are on the list. */
static bool
password_listed(const char *s, size_t n)
{
	char	 buf[PASSWORD_MAX_BYTES + 1];
	char	*key = buf;

	memcpy(buf, s, n);
	buf[n] = '\0';
	return bsearch(&key, password_list, password_nlist,
	    sizeof(*password_list), password_cmp) != NULL;
}

/*
 * Listed, or one short unit (up to four bytes) or listed word said over
 * and over: "qwertyqwerty", "abcabcabcabc", "zzzzzzzzzzzz".
 */
static bool
password_weak(const char *s, size_t n)
{
	size_t	u, i;

	if (n == 0)
		return false;
	if (password_listed(s, n))
		return true;
	for (u = 1; u <= n / 2; u++) {
		if (n % u != 0)
			continue;
		for (i = u; i < n && s[i] == s[i - u]; i++)
			;
		if (i == n && (u <= 4 || password_listed(s, u)))
			return true;
	}
	return false;
}

static bool
password_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool
password_blocklisted(const char *pw)
{
	char	buf[PASSWORD_MAX_BYTES + 1];
	size_t	n, i, j;

	if (password_list == NULL || (n = strlen(pw)) > PASSWORD_MAX_BYTES)
		return false;
	memcpy(buf, pw, n + 1);
	password_lower(buf);
	if (password_weak(buf, n))
		return true;
	/*
	 * The same with digits, symbols and spaces taken off both ends, so
	 * the minimum length is not met by padding a listed word:
	 * "password2024!", "!!dragon!!!!", "1qwertyqwerty1". The word left
	 * must be at least four letters long, or any year would do.
	 */
	for (i = 0; i < n && !password_letter(buf[i]); i++)
		;
	for (j = n; j > i && !password_letter(buf[j - 1]); j--)
		;
	return (i > 0 || j < n) && j - i >= 4 && password_weak(buf + i, j - i);
}

const char *
password_policy(const struct conf *c, const char *pw, const char *email)
{
	size_t	len = strlen(pw);

	if (len > PASSWORD_MAX_BYTES)
		return "The password is longer than 128 bytes.";
	if (!utf8_valid(pw, len))
		return "The password is not valid UTF-8.";
	if ((long)utf8_count(pw, len) < c->password_min_length)
		return "The password is too short.";
	if (password_blocklisted(pw))
		return "That password is on a list of commonly used "
		    "passwords; choose another.";
	if (email != NULL && strcasecmp(pw, email) == 0)
		return "The password must not be the email address.";
	return NULL;
}

bool
password_params(const char *e, long *m, long *t, long *p)
{
	int	n = 0;

	/* $argon2id$v=19$m=19456,t=2,p=1$salt$hash (PHC string format) */
	if (e == NULL)		/* an invited account without a password */
		return false;
	if (sscanf(e, "$argon2id$v=19$m=%ld,t=%ld,p=%ld$%n", m, t, p, &n) !=
	    3 || n == 0)
		return false;
	return *m > 0 && *t > 0 && *p > 0;
}

bool
password_needs_rehash(const struct conf *c, const char *e)
{
	long	m, t, p;

	if (!password_params(e, &m, &t, &p))
		return false;
	return m < c->argon2_memory || t < c->argon2_iterations ||
	    p < c->argon2_parallelism;
}

bool
password_within_ceiling(const struct conf *c, const char *e)
{
	long	m, t, p;

	if (!password_params(e, &m, &t, &p))
		return false;
	return m <= c->argon2_max_memory && t <= c->argon2_max_iterations &&
	    p <= c->argon2_max_parallelism;
}

int
password_dummy_init(const struct conf *c)
{
	unsigned char	rnd[16];
	char		pw[33];

	if (crypto_random(rnd, sizeof(rnd)) == -1)
		return -1;
	crypto_hex(rnd, sizeof(rnd), pw);
	return password_hash(c, pw, password_dummy_hash,
	    sizeof(password_dummy_hash));
}

const char *
password_dummy(void)
{
	return password_dummy_hash;
}
