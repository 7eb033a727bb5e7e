/*
 * apikey.c: libFuzzer target for the Authorization header of API calls
 * (src/apikey.c, apikey_parse). Invariants: a value is accepted exactly
 * when it is "Bearer " (the scheme in any case) and a key of the
 * documented shape (apikey.h): "stw_", 12 of [a-z0-9], '_', 43 characters
 * of canonical base64url; the lookup id handed back is the key's, and the
 * hash is the SHA-256 of the secret's 32 bytes. A key made by the
 * generator (apikey_new_lookup, apikey_new_secret) is accepted and gives
 * back its own lookup id and the hash that would be stored.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apikey.h"
#include "arena.h"
#include "crypto.h"

#define KEY_LEN	(4 + APIKEY_LOOKUP_LEN + 1 + 43)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
b64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/*
 * The documented shape, checked here on its own; the secret's bytes go to
 * raw when it is canonical base64url (its last character carries two
 * bits that must be zero, RFC 4648 section 3.5).
 */
static bool
shape_ok(const char *v, unsigned char raw[APIKEY_SECRET_BYTES])
{
	char	again[64];
	size_t	i;

	if (strncasecmp(v, "Bearer ", 7) != 0)
		return false;
	v += 7;
	if (strlen(v) != KEY_LEN || strncmp(v, APIKEY_PREFIX, 4) != 0 ||
	    v[4 + APIKEY_LOOKUP_LEN] != '_')
		return false;
	for (i = 4; i < 4 + APIKEY_LOOKUP_LEN; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') ||
		    (v[i] >= '0' && v[i] <= '9')))
			return false;
	for (i = 4 + APIKEY_LOOKUP_LEN + 1; i < KEY_LEN; i++)
		if (!b64url_char(v[i]))
			return false;
	v += 4 + APIKEY_LOOKUP_LEN + 1;
	if (!crypto_b64url_decode(v, raw, APIKEY_SECRET_BYTES))
		return false;
	crypto_b64url_encode(raw, APIKEY_SECRET_BYTES, again);
	return strcmp(again, v) == 0;
}

/* A fresh key from the generator, and back through the parser. */
static void
generated(struct arena *a)
{
	unsigned char	 hash[CRYPTO_SHA256_LEN];
	char		 lookup[APIKEY_LOOKUP_LEN + 1];
	char		 back[APIKEY_LOOKUP_LEN + 1];
	char		 stored[2 + 64 + 1], hex[64 + 1];
	const char	*secret, *key;
	unsigned char	 raw[APIKEY_SECRET_BYTES];

	if (apikey_new_lookup(lookup) == -1 ||
	    apikey_new_secret(a, &secret, stored) == -1)
		abort();
	key = arena_printf(a, "bEARER " APIKEY_PREFIX "%s_%s", lookup, secret);
	if (!shape_ok(key, raw) || !apikey_parse(key, back, hash) ||
	    strcmp(back, lookup) != 0)
		abort();
	crypto_hex(hash, sizeof(hash), hex);
	if (strncmp(stored, "\\x", 2) != 0 || strcmp(stored + 2, hex) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	unsigned char		 hash[CRYPTO_SHA256_LEN];
	unsigned char		 want[CRYPTO_SHA256_LEN];
	unsigned char		 raw[APIKEY_SECRET_BYTES];
	char			 lookup[APIKEY_LOOKUP_LEN + 1];
	char			*v;
	bool			 shape, ok;

	if (a == NULL)
		a = arena_new();
	arena_reset(a);
	v = arena_strndup(a, (const char *)data, len);
	memset(lookup, 0x5a, sizeof(lookup));
	shape = shape_ok(v, raw);
	ok = apikey_parse(v, lookup, hash);
	if (ok != shape)
		abort();
	if (ok) {
		crypto_sha256(raw, sizeof(raw), want);
		if (memcmp(lookup, v + 7 + 4, APIKEY_LOOKUP_LEN) != 0 ||
		    lookup[APIKEY_LOOKUP_LEN] != '\0' ||
		    memcmp(hash, want, sizeof(hash)) != 0)
			abort();
	}
	if (apikey_parse(NULL, lookup, hash))
		abort();
	generated(a);
	return 0;
}
