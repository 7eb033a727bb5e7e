/*
 * value.c: libFuzzer target for the values the resource engine writes and
 * filters on (src/resource.c, rs_value_check), over the catalogue of
 * fuzz-catalog.h. The first byte picks a column, the rest (up to a NUL,
 * and only if it is UTF-8, as every form and JSON value is) is the value.
 * The target reads each type on its own and checks rs_value_check agrees
 * both ways: integers are -?[0-9]+ within 64 bits; numerics are
 * -?digits[.digits] (a digit somewhere) of at most 100 characters;
 * booleans are true or false; dates YYYY-MM-DD in digits; timestamps a
 * date, 'T' or ' ', then only [0-9:.+-Z], 10 to 35 bytes; an enum one of
 * its choices; text and passwords anything. For jsonb, every JSON text by
 * RFC 8259 nested at most 16 deep is taken, and what is taken is JSON or
 * one of json-c's known leniencies (below). A refusal says why.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "resource.h"
#include "utf8.h"

#include "fuzz-catalog.h"

#define JSON_DEPTH	16	/* nesting that must be accepted */

/*
 * Reading as json-c's strict mode does: control bytes inside strings,
 * strings in single quotes, NaN and Infinity, and numbers with leading
 * zeros or a bare point ("1.", "-.5") pass. PostgreSQL refuses those (a
 * 422), so they are tolerated here, not asserted; anything else json-c
 * starts to take stops the target.
 */
static bool	lenient;

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* -?[0-9]+ whose value fits in a long long. */
static bool
integer_ok(const char *s)
{
	static const char	max[] = "9223372036854775807";
	bool			neg = *s == '-';
	size_t			n, i;

	s += neg;
	if (*s == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!digit(s[i]))
			return false;
	while (s[0] == '0' && s[1] != '\0')
		s++;
	if ((n = strlen(s)) != sizeof(max) - 1)
		return n < sizeof(max) - 1;
	/* 19 digits: at most the limit, or one more below zero. */
	return strcmp(s, max) <= 0 ||
	    (neg && strcmp(s, "9223372036854775808") == 0);
}

static bool
decimal_ok(const char *s)
{
	bool	digits = false, dot = false;

	if (strlen(s) > 100)
		return false;
	if (*s == '-')
		s++;
	for (; *s != '\0'; s++) {
		if (digit(*s))
			digits = true;
		else if (*s == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digits;
}

static bool
date_shape(const char *s)
{
	size_t	i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !digit(s[i]))
			return false;
	return true;
}

static bool
timestamp_ok(const char *s)
{
	size_t	len = strlen(s), i;

	if (len < 10 || len > 35 || !date_shape(s))
		return false;
	if (len == 10)
		return true;
	if (s[10] != 'T' && s[10] != ' ')
		return false;
	for (i = 11; i < len; i++)
		if (!digit(s[i]) && strchr(":.+-Z", s[i]) == NULL)
			return false;
	return true;
}

/*
 * RFC 8259, by recursive descent. Each returns the end of what it read,
 * or NULL; *deep is set when nesting went past JSON_DEPTH.
 */
static const char	*json_value(const char *, int, bool *);

static const char *
json_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static bool
hex(char c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static const char *
json_string(const char *s)
{
	char	quote = *s;

	if (quote != '"' && !(lenient && quote == '\''))
		return NULL;
	for (s++;;) {
		if (*s == '\0' || ((unsigned char)*s < 0x20 && !lenient))
			return NULL;
		if (*s == quote)
			return s + 1;
		if (*s++ != '\\')
			continue;
		if (*s == 'u') {
			if (!hex(s[1]) || !hex(s[2]) || !hex(s[3]) ||
			    !hex(s[4]))
				return NULL;
			s += 5;
		} else if (*s != '\0' && (strchr("\"\\/bfnrt", *s) != NULL ||
		    (lenient && *s == '\'')))
			s++;
		else
			return NULL;
	}
}

static const char *
json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (lenient && strncmp(s, "Infinity", 8) == 0)
		return s + 8;
	if (*s == '0' && !lenient)
		s++;
	else if (digit(*s))
		while (digit(*s))
			s++;
	else if (!lenient || *s != '.')
		return NULL;
	if (*s == '.') {
		if (!digit(*++s) && !lenient)
			return NULL;
		while (digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!digit(*s))
			return NULL;
		while (digit(*s))
			s++;
	}
	return s;
}

static const char *
json_container(const char *s, int depth, bool *deep)
{
	char	close = *s == '{' ? '}' : ']';
	bool	object = *s == '{';

	if (++depth > JSON_DEPTH)
		*deep = true;
	s = json_ws(s + 1);
	if (*s == close)
		return s + 1;
	for (;;) {
		if (object) {
			if ((s = json_string(json_ws(s))) == NULL)
				return NULL;
			s = json_ws(s);
			if (*s++ != ':')
				return NULL;
		}
		if ((s = json_value(s, depth, deep)) == NULL)
			return NULL;
		if (*s == close)
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

/* A value with the whitespace around it. */
static const char *
json_value(const char *s, int depth, bool *deep)
{
	s = json_ws(s);
	switch (*s) {
	case '{':
	case '[':
		s = json_container(s, depth, deep);
		break;
	case '"':
	case '\'':
		s = json_string(s);
		break;
	case 't':
		s = strncmp(s, "true", 4) == 0 ? s + 4 : NULL;
		break;
	case 'f':
		s = strncmp(s, "false", 5) == 0 ? s + 5 : NULL;
		break;
	case 'n':
		s = strncmp(s, "null", 4) == 0 ? s + 4 : NULL;
		break;
	case 'N':
		s = lenient && strncmp(s, "NaN", 3) == 0 ? s + 3 : NULL;
		break;
	default:
		s = json_number(s);
	}
	return s != NULL ? json_ws(s) : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	static struct catalog	 c;
	const struct ccolumn	*col;
	const char		*why, *end;
	char			*v, err[256];
	bool			 want, deep = false;
	size_t			 i;

	if (a == NULL) {
		a = arena_new();
		if (catalog_parse(a, fuzz_catalog, strlen(fuzz_catalog), &c,
		    err, sizeof(err)) == -1 || c.nres != 1)
			abort();
	}
	if (len == 0)
		return 0;
	col = &c.res[0].cols[data[0] % c.res[0].ncols];
	v = strndup((const char *)data + 1, len - 1);
	if (v == NULL)
		abort();
	if (!utf8_valid(v, strlen(v))) {
		free(v);
		return 0;
	}
	switch (col->type) {
	case CT_TEXT:
	case CT_PASSWORD:
		want = true;
		break;
	case CT_INTEGER:
	case CT_BIGINT:
		want = integer_ok(v);
		break;
	case CT_NUMERIC:
		want = decimal_ok(v);
		break;
	case CT_BOOLEAN:
		want = strcmp(v, "true") == 0 || strcmp(v, "false") == 0;
		break;
	case CT_DATE:
		want = strlen(v) == 10 && date_shape(v);
		break;
	case CT_TIMESTAMPTZ:
		want = timestamp_ok(v);
		break;
	case CT_ENUM:
		want = false;
		for (i = 0; i < col->nchoices; i++)
			if (strcmp(v, col->choices[i]) == 0)
				want = true;
		break;
	case CT_JSONB:
		lenient = false;
		end = json_value(v, 0, &deep);
		want = end != NULL && *end == '\0';
		break;
	default:
		abort();
	}
	why = rs_value_check(col, v);
	if (col->type == CT_JSONB) {
		/* RFC 8259 JSON, not too deep, is taken. */
		if (want && !deep && why != NULL)
			abort();
		/* What is taken is JSON, or one of json-c's leniencies. */
		lenient = true;
		end = json_value(v, 0, &deep);
		if (why == NULL && (end == NULL || *end != '\0'))
			abort();
	} else if (want != (why == NULL))
		abort();
	if (why != NULL && *why == '\0')
		abort();
	free(v);
	return 0;
}
