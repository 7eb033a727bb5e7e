/*
 * password.c: argon2id (RFC 9106) through libargon2's encoded-hash API.
 */
#include "config.h"

#include <string.h>

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

const char *
password_policy(const char *pw)
{
	size_t	len = strlen(pw);

	if (len > PASSWORD_MAX_BYTES)
		return "The password is longer than 128 bytes.";
	if (!utf8_valid(pw, len))
		return "The password is not valid UTF-8.";
	if (utf8_count(pw, len) < PASSWORD_MIN_CHARS)
		return "The password must be at least 12 characters long.";
	return NULL;
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
