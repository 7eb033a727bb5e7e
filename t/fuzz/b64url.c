/*
 * b64url.c: libFuzzer target for base64url and UTF-8 checks (src/crypto.c,
 * src/utf8.c). Invariants: encode then decode round-trips; any text that
 * decodes re-encodes to itself (canonical only); utf8_count never exceeds
 * the byte length.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	unsigned char	out[90];
	char		text[128], *s, again[128];

	if (utf8_valid((const char *)data, len) &&
	    utf8_count((const char *)data, len) > len)
		abort();
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
