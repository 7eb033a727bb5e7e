/*
 * crypto.c: thin wrappers so the rest of Steward never touches libcrypto's
 * API directly.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "crypto.h"

int
crypto_random(void *buf, size_t len)
{
	unsigned char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void
crypto_sha256(const void *p, size_t len, unsigned char out[32])
{
	SHA256(p, len, out);
}

void
crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[32])
{
	unsigned int	outlen = 32;

	if (HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out,
	    &outlen) == NULL)
		abort();
}

bool
crypto_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

void
crypto_hex(const unsigned char *p, size_t len, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * len] = '\0';
}

static int
crypto_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
crypto_unhex(const char *s, unsigned char *out, size_t len)
{
	size_t	i;
	int	hi, lo;

	if (strlen(s) != 2 * len)
		return false;
	for (i = 0; i < len; i++) {
		if ((hi = crypto_hexval(s[2 * i])) == -1 ||
		    (lo = crypto_hexval(s[2 * i + 1])) == -1)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t
crypto_b64url_len(size_t len)
{
	return len / 3 * 4 + (len % 3 == 0 ? 0 : len % 3 + 1);
}

void
crypto_b64url_encode(const unsigned char *p, size_t len, char *out)
{
	size_t		i, o = 0;
	unsigned long	v;

	for (i = 0; i + 3 <= len; i += 3) {
		v = (unsigned long)p[i] << 16 | p[i + 1] << 8 | p[i + 2];
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
		out[o++] = b64url[v & 63];
	}
	if (len - i == 1) {
		v = (unsigned long)p[i] << 16;
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
	} else if (len - i == 2) {
		v = (unsigned long)p[i] << 16 | p[i + 1] << 8;
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
	}
	out[o] = '\0';
}

bool
crypto_b64url_decode(const char *s, unsigned char *out, size_t outlen)
{
	size_t		 n = crypto_b64url_len(outlen), i;
	char		 check[128];
	unsigned long	 v = 0;
	int		 bits = 0;
	size_t		 o = 0;
	const char	*c;

	if (strlen(s) != n || outlen > 90)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '\0' || (c = strchr(b64url, s[i])) == NULL)
			return false;
		v = v << 6 | (unsigned long)(c - b64url);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o < outlen)
				out[o++] = (unsigned char)(v >> bits);
			v &= (1UL << bits) - 1;
		}
	}
	/* Reject non-canonical trailing bits by re-encoding. */
	crypto_b64url_encode(out, outlen, check);
	return o == outlen && strcmp(check, s) == 0;
}
