/*
 * utf8.c: UTF-8 validation following the well-formed byte sequences
 * table of RFC 3629 section 4 (and Unicode 15, table 3-7).
 */
#include "config.h"

#include "utf8.h"

bool
utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	unsigned char		 lo, hi;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			n = 1;
		else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 2;
			if (s[i] == 0xe0)
				lo = 0xa0;	/* overlong */
			else if (s[i] == 0xed)
				hi = 0x9f;	/* surrogates */
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 3;
			if (s[i] == 0xf0)
				lo = 0x90;	/* overlong */
			else if (s[i] == 0xf4)
				hi = 0x8f;	/* above U+10FFFF */
		} else
			return false;
		if (len - i <= n)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return false;
		i += n + 1;
	}
	return true;
}

size_t
utf8_count(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i, n = 0;

	for (i = 0; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			n++;
	return n;
}
