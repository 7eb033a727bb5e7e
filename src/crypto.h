/*
 * crypto.h: randomness, hashing and encodings (OpenSSL's libcrypto).
 */
#ifndef STEWARD_CRYPTO_H
#define STEWARD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define CRYPTO_SHA256_LEN	32

/* Fills buf from the kernel CSPRNG (getrandom(2)); 0 or -1. */
int	crypto_random(void *buf, size_t len);
void	crypto_sha256(const void *, size_t, unsigned char out[32]);
void	crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
	    size_t msglen, unsigned char out[32]);
/* Compares in time independent of where the bytes differ. */
bool	crypto_equal(const void *, const void *, size_t);
/* Lower-case hex of len bytes into out (2 * len + 1 bytes). */
void	crypto_hex(const unsigned char *, size_t len, char *out);
/* Exactly 2 * len hex digits (either case) into len bytes; else false. */
bool	crypto_unhex(const char *, unsigned char *out, size_t len);
/*
 * Unpadded base64url (RFC 4648 section 5) of len bytes into out, which
 * must hold crypto_b64url_len(len) + 1 bytes.
 */
size_t	crypto_b64url_len(size_t len);
void	crypto_b64url_encode(const unsigned char *, size_t len, char *out);
/*
 * Decodes exactly outlen bytes (at most 90: it is meant for tokens and
 * keys) from unpadded base64url text s; false if s is not the canonical
 * encoding of outlen bytes.
 */
bool	crypto_b64url_decode(const char *s, unsigned char *out, size_t outlen);

#endif
