/*
 * jsonform.c: libFuzzer target for JSON bodies read as forms
 * (src/jsonform.c). Invariants: every limit holds; names and values are
 * valid UTF-8 without NUL; every value is no longer than the input; a
 * body that parses, its pairs re-encoded as a JSON object by json-c (one
 * string per name, or an array of them for a repeated name), parses to
 * the same pairs in the same order.
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

/*
 * The pairs as a JSON object again: a name met once is a string, a name
 * repeated in a row an array of strings. NULL if a name comes back after
 * another one (json-c would keep only its last run). New reference.
 */
static struct json_object *
encode(const struct params *ps)
{
	struct json_object	*o, *arr;
	size_t			 i, k;

	o = json_object_new_object();
	for (i = 0; i < ps->n; i = k) {
		for (k = i + 1; k < ps->n &&
		    strcmp(ps->v[k].name, ps->v[i].name) == 0; k++)
			;
		if (json_object_object_get_ex(o, ps->v[i].name, NULL)) {
			json_object_put(o);
			return NULL;
		}
		if (k == i + 1) {
			json_object_object_add(o, ps->v[i].name,
			    json_object_new_string_len(ps->v[i].value,
			    (int)ps->v[i].value_len));
			continue;
		}
		arr = json_object_new_array();
		for (; i < k; i++)
			json_object_array_add(arr, json_object_new_string_len(
			    ps->v[i].value, (int)ps->v[i].value_len));
		json_object_object_add(o, ps->v[k - 1].name, arr);
	}
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	struct form_limits	 lim = { 16, 32, 256 };
	struct params		 ps, back;
	struct json_object	*o;
	const char		*text;
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
	/* Re-encoded by json-c, the pairs parse back to themselves. */
	if ((o = encode(&ps)) == NULL)
		abort();
	text = arena_strdup(a, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	if (jsonform_parse(a, text, strlen(text), &lim, &back) != JSONFORM_OK ||
	    back.n != ps.n)
		abort();
	for (i = 0; i < ps.n; i++)
		if (strcmp(back.v[i].name, ps.v[i].name) != 0 ||
		    back.v[i].value_len != ps.v[i].value_len ||
		    memcmp(back.v[i].value, ps.v[i].value,
		    ps.v[i].value_len) != 0)
			abort();
	if (jsonform_strerror(JSONFORM_SYNTAX) == NULL)
		abort();
	return 0;
}
