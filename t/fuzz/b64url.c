/*
 * b64url.c: libFuzzer target for base64url and UTF-8 checks (src/crypto.c,
 * src/utf8.c). Invariants: encode then decode round-trips; any text that
 * decodes re-encodes to itself (canonical only); utf8_valid agrees with a
 * decoder written here from the code point arithmetic (shortest form, no
 * surrogates, nothing above U+10FFFF) rather than RFC 3629's table, and
 * on valid text utf8_count is the number of code points that decoder
 * found, which encode back to the same bytes.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The UTF-8 of code point c into out; its length. */
static size_t
encode(uint32_t c, unsigned char *out)
{
	if (c < 0x80) {
		out[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (unsigned char)(0xc0 | c >> 6);
		out[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (unsigned char)(0xe0 | c >> 12);
		out[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | c >> 18);
	out[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * Decodes s[0..len): true with the number of code points in *count if
 * every sequence is a lead byte with the continuation bytes it announces,
 * giving a scalar value (not a surrogate, at most U+10FFFF) that is not
 * encodable in fewer bytes. The bytes are re-encoded into again.
 */
static bool
decode(const unsigned char *s, size_t len, size_t *count,
    unsigned char *again)
{
	static const uint32_t	least[4] = { 0, 0x80, 0x800, 0x10000 };
	size_t			i = 0, n, k, out = 0;
	uint32_t		c;

	*count = 0;
	while (i < len) {
		if (s[i] < 0x80) {
			n = 0;
			c = s[i];
		} else if ((s[i] & 0xe0) == 0xc0) {
			n = 1;
			c = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2;
			c = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3;
			c = s[i] & 0x07;
		} else
			return false;
		if (len - i <= n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		if (c < least[n] || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff))
			return false;
		out += encode(c, again + out);
		i += n + 1;
		(*count)++;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	unsigned char	out[90];
	char		text[128], *s, again[128];

	if (len <= 4096) {
		unsigned char	again[4096];
		size_t		count;
		bool		ok;

		ok = decode(data, len, &count, again);
		if (utf8_valid((const char *)data, len) != ok)
			abort();
		if (ok && (utf8_count((const char *)data, len) != count ||
		    memcmp(again, data, len) != 0))
			abort();
	}
	if (len <= 90) {
		crypto_b64url_encode(data, len, text);
		if (!crypto_b64url_decode(text, out, len) ||
		    memcmp(out, data, len) != 0)
			abort();
	}
	if (len < 128 && (s = strndup((const char *)data, len)) != NULL) {
		size_t	n = (strlen(s) * 3) / 4;

		if (n <= 90 && crypto_b64url_decode(s, out, n)) {
			crypto_b64url_encode(out, n, again);
			if (strcmp(again, s) != 0)
				abort();
		}
		free(s);
	}
	return 0;
}
