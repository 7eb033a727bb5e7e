/*
 * csrf.t.c: CSRF secrets and the tokens derived from them (src/csrf.c).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "csrf.h"
#include "t/tap.h"

#define B64URL	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		"0123456789-_"

/* 32 zero bytes, and the token for them (computed independently). */
#define A42		"AAAAAAAAAAAAAAAAAAAAA" "AAAAAAAAAAAAAAAAAAAAA"
#define ZERO_SECRET	A42 "A"
#define ZERO_TOKEN	"TiOmd6wdVUUCe0p02sh3dxWegabiEhdYbHVxlKFXWjs"

static void
test_secret(struct arena *a)
{
	const char	*s1, *s2;

	s1 = csrf_new_secret(a);
	s2 = csrf_new_secret(a);
	if (s1 == NULL || s2 == NULL)
		bail("csrf_new_secret returned NULL");
	is_int(strlen(s1), 43, "a secret is 43 characters (32 bytes)");
	is_int(strlen(s2), 43, "so is the next");
	ok(strspn(s1, B64URL) == 43, "a secret is base64url");
	ok(strcmp(s1, s2) != 0, "two secrets differ");
}

static void
test_token(struct arena *a)
{
	static const char *const malformed[] = {
		"",
		"short",
		A42,			/* one character short */
		ZERO_SECRET "A",	/* one too many */
		ZERO_SECRET "=",	/* padded */
		A42 "+",		/* base64, not base64url */
		A42 "/",
		A42 "B",		/* non-zero trailing bits */
		A42 " ",
		"AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
		A42 "\xc3\xa9",
	};
	const char	*secret, *other, *tok, *tok2;
	char		 bad[64];
	size_t		 i;

	is_string(csrf_token(a, ZERO_SECRET), ZERO_TOKEN,
	    "the token for a known secret is base64url(HMAC-SHA256(secret, "
	    "\"steward-csrf-v1\"))");
	ok(csrf_verify(ZERO_SECRET, ZERO_TOKEN), "the known token verifies");

	secret = csrf_new_secret(a);
	other = csrf_new_secret(a);
	tok = csrf_token(a, secret);
	if (secret == NULL || other == NULL || tok == NULL)
		bail("cannot make a secret and token");
	is_int(strlen(tok), 43, "a token is 43 characters");
	ok(strcmp(tok, secret) != 0, "the token is not the secret");
	tok2 = csrf_token(a, secret);
	is_string(tok2, tok, "the token for a secret is stable");
	ok(csrf_verify(secret, tok), "the token for a secret verifies");

	ok(!csrf_verify(other, tok), "a token for another secret fails");
	ok(!csrf_verify(secret, csrf_token(a, other)),
	    "another secret's token fails");
	ok(!csrf_verify(secret, secret), "the secret itself is not a token");

	strcpy(bad, tok);
	bad[0] = bad[0] == 'A' ? 'B' : 'A';
	ok(!csrf_verify(secret, bad), "a token with its first character "
	    "changed fails");
	strcpy(bad, tok);
	bad[21] = bad[21] == 'A' ? 'B' : 'A';
	ok(!csrf_verify(secret, bad), "a token with a middle character "
	    "changed fails");

	strcpy(bad, tok);
	bad[42] = '\0';
	ok(!csrf_verify(secret, bad), "a token cut by one character fails");
	strcpy(bad, tok);
	bad[20] = '\0';
	ok(!csrf_verify(secret, bad), "a token cut in half fails");
	snprintf(bad, sizeof(bad), "%sA", tok);
	ok(!csrf_verify(secret, bad), "a token with a character added fails");
	snprintf(bad, sizeof(bad), "%s=", tok);
	ok(!csrf_verify(secret, bad), "a padded token fails");
	ok(!csrf_verify(secret, ""), "an empty token fails");
	ok(!csrf_verify(secret, NULL), "a NULL token fails");
	ok(!csrf_verify(NULL, tok), "a NULL secret fails");
	ok(!csrf_verify(NULL, NULL), "NULL and NULL fail");
	ok(csrf_token(a, NULL) == NULL, "no token for a NULL secret");

	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		ok(csrf_token(a, malformed[i]) == NULL,
		    "no token for malformed secret #%zu", i);
		ok(!csrf_verify(malformed[i], ZERO_TOKEN),
		    "malformed secret #%zu does not verify", i);
	}
}

int
main(void)
{
	struct arena	*a;

	plan_lazy();
	a = arena_new();
	test_secret(a);
	test_token(a);
	arena_free(a);
	return tap_done();
}
