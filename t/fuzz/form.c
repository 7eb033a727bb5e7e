/*
 * form.c: libFuzzer target for percent-decoding and urlencoded parsing
 * (src/form.c). Invariants: decoding never grows; a decoded value
 * re-encodes and decodes to itself; parsing honours every limit and
 * yields only valid UTF-8.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "form.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	struct form_limits	 lim = { 16, 32, 256 };
	struct params		 ps;
	struct buf		 enc;
	char			*dec, *again;
	size_t			 dlen, alen, i;

	if (a == NULL)
		a = arena_new();
	arena_reset(a);
	dec = arena_alloc(a, len + 1);
	if (form_decode((const char *)data, len, true, dec, &dlen) == FORM_OK) {
		if (dlen > len || memchr(dec, '\0', dlen) != NULL)
			abort();
		buf_init(&enc, a);
		form_encode(&enc, dec);
		again = arena_alloc(a, enc.len + 1);
		if (form_decode(enc.data, enc.len, false, again, &alen) !=
		    FORM_OK || alen != dlen || memcmp(again, dec, dlen) != 0)
			abort();
	}
	if (form_parse(a, (const char *)data, len, &lim, &ps) == FORM_OK) {
		if (ps.n > lim.max_fields)
			abort();
		for (i = 0; i < ps.n; i++)
			if (strlen(ps.v[i].name) > lim.max_name ||
			    ps.v[i].value_len > lim.max_value ||
			    strlen(ps.v[i].value) != ps.v[i].value_len ||
			    !utf8_valid(ps.v[i].name, strlen(ps.v[i].name)) ||
			    !utf8_valid(ps.v[i].value, ps.v[i].value_len))
				abort();
	}
	return 0;
}
