/*
 * jsonform.c: JSON request bodies flattened into form pairs. json-c does
 * the parsing (depth-limited); this file only checks what the form
 * parser would and copies into the arena.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "jsonform.h"
#include "utf8.h"

/* Objects nest one level (the body), arrays one more. */
#define JSONFORM_DEPTH	3

struct jsonform {
	struct arena			*arena;
	const struct form_limits	*lim;
	struct param			*v;
	size_t				 n;
};

static enum jsonform_error
jsonform_add(struct jsonform *f, const char *name, struct json_object *val)
{
	const char	*s;
	size_t		 len;

	if (f->n == f->lim->max_fields)
		return JSONFORM_TOO_MANY_FIELDS;
	switch (json_object_get_type(val)) {
	case json_type_null:
		s = "";
		len = 0;
		break;
	case json_type_string:
		s = json_object_get_string(val);
		len = (size_t)json_object_get_string_len(val);
		if (memchr(s, '\0', len) != NULL || !utf8_valid(s, len))
			return JSONFORM_BAD_STRING;
		break;
	case json_type_boolean:
	case json_type_int:
	case json_type_double:
		s = json_object_to_json_string_ext(val, JSON_C_TO_STRING_PLAIN);
		len = strlen(s);
		break;
	default:
		return JSONFORM_NESTED;
	}
	if (len > f->lim->max_value)
		return JSONFORM_VALUE_TOO_LONG;
	f->v[f->n].name = name;
	f->v[f->n].value = arena_strndup(f->arena, s, len);
	f->v[f->n].value_len = len;
	f->n++;
	return JSONFORM_OK;
}

static enum jsonform_error
jsonform_walk(struct jsonform *f, struct json_object *o)
{
	struct json_object_iterator	 it, end;
	struct json_object		*val;
	enum jsonform_error		 e;
	const char			*key;
	char				*name;
	size_t				 klen, i, n;

	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end);
	    json_object_iter_next(&it)) {
		key = json_object_iter_peek_name(&it);
		val = json_object_iter_peek_value(&it);
		klen = strlen(key);
		if (klen > f->lim->max_name)
			return JSONFORM_NAME_TOO_LONG;
		if (!utf8_valid(key, klen))
			return JSONFORM_BAD_STRING;
		name = arena_strndup(f->arena, key, klen);
		if (!json_object_is_type(val, json_type_array)) {
			if ((e = jsonform_add(f, name, val)) != JSONFORM_OK)
				return e;
			continue;
		}
		n = json_object_array_length(val);
		if (n == 0 && (e = jsonform_add(f, name, NULL)) != JSONFORM_OK)
			return e;
		for (i = 0; i < n; i++) {
			struct json_object *el = json_object_array_get_idx(val, i);

			if (json_object_is_type(el, json_type_array))
				return JSONFORM_NESTED;
			if ((e = jsonform_add(f, name, el)) != JSONFORM_OK)
				return e;
		}
	}
	return JSONFORM_OK;
}

/*
 * json-c keeps the last of two equal keys and cuts a key at an escaped NUL,
 * so {"role":"viewer","role\u0000x":"owner"} would arrive as role=owner.
 * The body has already parsed as JSON, so this scan only has to find the
 * top-level object's keys: it counts them into *nkeys and answers false
 * if one holds \u0000. The caller compares the count with the object's.
 */
static bool
jsonform_keys_ok(const char *s, size_t len, size_t *nkeys)
{
	size_t	i, depth = 0, start;
	bool	nul;

	*nkeys = 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '{' || s[i] == '[') {
			depth++;
			continue;
		}
		if (s[i] == '}' || s[i] == ']') {
			depth--;
			continue;
		}
		if (s[i] != '"')
			continue;
		i++;
		nul = false;
		for (; i < len && s[i] != '"'; i++) {
			if (s[i] != '\\' || i + 1 >= len)
				continue;
			if (s[i + 1] == 'u' && i + 5 < len &&
			    strncmp(s + i + 2, "0000", 4) == 0)
				nul = true;
			i++;
		}
		if (depth != 1)
			continue;
		/* A key is a string whose next non-blank byte is ':'. */
		for (start = i + 1; start < len &&
		    strchr(" \t\r\n", s[start]) != NULL && s[start] != '\0';
		    start++)
			;
		if (start < len && s[start] == ':') {
			if (nul)
				return false;
			++*nkeys;
		}
	}
	return true;
}

enum jsonform_error
jsonform_parse(struct arena *a, const char *body, size_t len,
    const struct form_limits *lim, struct params *out)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	struct jsonform		 f;
	enum jsonform_error	 e;
	size_t			 used, nkeys;

	out->v = NULL;
	out->n = 0;
	if (len > INT32_MAX || (tok = json_tokener_new_ex(JSONFORM_DEPTH)) ==
	    NULL)
		return JSONFORM_SYNTAX;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, body, (int)len);
	used = (size_t)json_tokener_get_parse_end(tok);
	if (o == NULL) {
		e = json_tokener_get_error(tok) == json_tokener_error_depth ?
		    JSONFORM_NESTED : JSONFORM_SYNTAX;
		json_tokener_free(tok);
		return e;
	}
	json_tokener_free(tok);
	/* Only white space may follow the value. */
	for (; used < len; used++)
		if (strchr(" \t\r\n", body[used]) == NULL ||
		    body[used] == '\0') {
			json_object_put(o);
			return JSONFORM_SYNTAX;
		}
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return JSONFORM_NOT_OBJECT;
	}
	if (!jsonform_keys_ok(body, len, &nkeys)) {
		json_object_put(o);
		return JSONFORM_BAD_STRING;
	}
	if (nkeys != (size_t)json_object_object_length(o)) {
		json_object_put(o);
		return JSONFORM_DUPLICATE;
	}
	f.arena = a;
	f.lim = lim;
	f.n = 0;
	f.v = arena_calloc(a, lim->max_fields > 0 ? lim->max_fields : 1,
	    sizeof(*f.v));
	e = jsonform_walk(&f, o);
	json_object_put(o);
	if (e == JSONFORM_OK) {
		out->v = f.v;
		out->n = f.n;
	}
	return e;
}

const char *
jsonform_strerror(enum jsonform_error e)
{
	switch (e) {
	case JSONFORM_OK:
		return "no error";
	case JSONFORM_SYNTAX:
		return "the body is not valid JSON";
	case JSONFORM_NOT_OBJECT:
		return "the body must be a JSON object";
	case JSONFORM_NESTED:
		return "nested objects and arrays are not accepted";
	case JSONFORM_BAD_STRING:
		return "a string is not valid UTF-8 or holds a NUL";
	case JSONFORM_TOO_MANY_FIELDS:
		return "too many fields";
	case JSONFORM_NAME_TOO_LONG:
		return "a field name is too long";
	case JSONFORM_DUPLICATE:
		return "a field name appears twice";
	case JSONFORM_VALUE_TOO_LONG:
		return "a field value is too long";
	}
	return "malformed body";
}
