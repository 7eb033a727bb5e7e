/*
 * apikey.t.c: the shape of an API key in an Authorization header and the
 * keys the generator makes (src/apikey.c: apikey_parse,
 * apikey_new_lookup, apikey_new_secret), without a database.
 */
#include "config.h"

#include <string.h>

#include "apikey.h"
#include "arena.h"
#include "crypto.h"
#include "t/tap.h"

/* 32 zero bytes as base64url: 42 characters and a last one. */
#define ZEROS42	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define ZEROS	ZEROS42 "A"

static bool
parses(const char *authorization)
{
	unsigned char	hash[CRYPTO_SHA256_LEN];
	char		lookup[APIKEY_LOOKUP_LEN + 1];

	return apikey_parse(authorization, lookup, hash);
}

static void
test_parse(void)
{
	unsigned char	hash[CRYPTO_SHA256_LEN], want[CRYPTO_SHA256_LEN];
	unsigned char	zeros[APIKEY_SECRET_BYTES];
	char		lookup[APIKEY_LOOKUP_LEN + 1];

	ok(apikey_parse("Bearer stw_k3x9q0a7m2pz_" ZEROS, lookup, hash),
	    "a key of the documented shape parses");
	is_string(lookup, "k3x9q0a7m2pz", "its lookup id");
	memset(zeros, 0, sizeof(zeros));
	crypto_sha256(zeros, sizeof(zeros), want);
	ok(memcmp(hash, want, sizeof(want)) == 0,
	    "its hash is the SHA-256 of the secret's 32 bytes");
	ok(parses("bearer stw_k3x9q0a7m2pz_" ZEROS) &&
	    parses("BEARER stw_k3x9q0a7m2pz_" ZEROS),
	    "the scheme in any case (RFC 6750 section 2.1)");
	ok(!parses(NULL) && !parses("") && !parses("Bearer "),
	    "no header, or no key, does not parse");
	ok(!parses("Basic stw_k3x9q0a7m2pz_" ZEROS) &&
	    !parses("Bearerstw_k3x9q0a7m2pz_" ZEROS) &&
	    !parses("Bearer  stw_k3x9q0a7m2pz_" ZEROS),
	    "another scheme, or other spacing, does not");
	ok(!parses("Bearer sk_k3x9q0a7m2pz_" ZEROS "A") &&
	    !parses("Bearer STW_k3x9q0a7m2pz_" ZEROS),
	    "another prefix does not");
	ok(!parses("Bearer stw_K3X9Q0A7M2PZ_" ZEROS) &&
	    !parses("Bearer stw_k3x9q0a7m2p-_" ZEROS),
	    "a lookup id outside [a-z0-9] does not");
	ok(!parses("Bearer stw_k3x9q0a7m2pz-" ZEROS) &&
	    !parses("Bearer stw_k3x9q0a7m2pz_" ZEROS "A") &&
	    !parses("Bearer stw_k3x9q0a7m2p_A" ZEROS),
	    "a misplaced separator or a wrong length does not");
	/* The last character carries two bits that must be zero. */
	ok(!parses("Bearer stw_k3x9q0a7m2pz_" ZEROS42 "B"),
	    "a secret that is not canonical base64url does not");
	ok(!parses("Bearer stw_k3x9q0a7m2pz_" ZEROS42 "+"),
	    "nor one with a character outside base64url");
}

static void
test_generate(struct arena *a)
{
	unsigned char	 hash[CRYPTO_SHA256_LEN];
	char		 lookup[APIKEY_LOOKUP_LEN + 1];
	char		 back[APIKEY_LOOKUP_LEN + 1], stored[2 + 64 + 1];
	char		 hex[64 + 1];
	const char	*secret, *key;
	size_t		 i;
	bool		 alphabet = true;

	if (apikey_new_lookup(lookup) == -1 ||
	    apikey_new_secret(a, &secret, stored) == -1)
		bail("the generator failed");
	is_int((long long)strlen(lookup), APIKEY_LOOKUP_LEN,
	    "a lookup id has 12 characters");
	for (i = 0; lookup[i] != '\0'; i++)
		if (!((lookup[i] >= 'a' && lookup[i] <= 'z') ||
		    (lookup[i] >= '0' && lookup[i] <= '9')))
			alphabet = false;
	ok(alphabet, "of [a-z0-9]");
	is_int((long long)strlen(secret), 43, "a secret has 43 characters");
	key = arena_printf(a, "Bearer " APIKEY_PREFIX "%s_%s", lookup, secret);
	ok(apikey_parse(key, back, hash), "a generated key parses");
	is_string(back, lookup, "to its own lookup id");
	crypto_hex(hash, sizeof(hash), hex);
	ok(strncmp(stored, "\\x", 2) == 0 && strcmp(stored + 2, hex) == 0,
	    "and to the hash that is stored for it");
}

int
main(void)
{
	struct arena	*a = arena_new();

	plan_lazy();
	test_parse();
	test_generate(a);
	arena_free(a);
	return tap_done();
}
