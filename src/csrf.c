/*
 * csrf.c: the synchroniser token, derived rather than stored (OWASP CSRF
 * cheat sheet, "signed double-submit cookie" keyed by the session).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "crypto.h"
#include "csrf.h"

static const char csrf_label[] = "steward-csrf-v1";

const char *
csrf_new_secret(struct arena *a)
{
	unsigned char	 raw[CSRF_SECRET_BYTES];
	char		*s;

	if (crypto_random(raw, sizeof(raw)) == -1)
		return NULL;
	s = arena_alloc(a, crypto_b64url_len(sizeof(raw)) + 1);
	crypto_b64url_encode(raw, sizeof(raw), s);
	return s;
}

/* The raw token for a secret; false if the secret is malformed. */
static bool
csrf_compute(const char *secret, unsigned char mac[CRYPTO_SHA256_LEN])
{
	unsigned char	raw[CSRF_SECRET_BYTES];

	if (secret == NULL || !crypto_b64url_decode(secret, raw, sizeof(raw)))
		return false;
	crypto_hmac_sha256(raw, sizeof(raw), csrf_label, sizeof(csrf_label) - 1,
	    mac);
	return true;
}

const char *
csrf_token(struct arena *a, const char *secret)
{
	unsigned char	 mac[CRYPTO_SHA256_LEN];
	char		*s;

	if (!csrf_compute(secret, mac))
		return NULL;
	s = arena_alloc(a, crypto_b64url_len(sizeof(mac)) + 1);
	crypto_b64url_encode(mac, sizeof(mac), s);
	return s;
}

bool
csrf_verify(const char *secret, const char *submitted)
{
	unsigned char	mac[CRYPTO_SHA256_LEN], got[CRYPTO_SHA256_LEN];

	if (submitted == NULL || !csrf_compute(secret, mac))
		return false;
	if (!crypto_b64url_decode(submitted, got, sizeof(got)))
		return false;
	return crypto_equal(mac, got, sizeof(mac));
}
