/*
 * form.h: application/x-www-form-urlencoded bodies and query strings.
 */
#ifndef STEWARD_FORM_H
#define STEWARD_FORM_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* One name/value pair; strings are NUL-terminated and valid UTF-8. */
struct param {
	const char	*name;
	const char	*value;
	size_t		 value_len;
};

struct params {
	struct param	*v;	/* valid until the arena resets */
	size_t		 n;
};

struct form_limits {
	size_t	max_fields;
	size_t	max_name;	/* bytes after decoding */
	size_t	max_value;	/* bytes after decoding */
};

enum form_error {
	FORM_OK = 0,
	FORM_BAD_ESCAPE,	/* '%' not followed by two hex digits */
	FORM_NUL,		/* a NUL byte, raw or as %00 */
	FORM_BAD_UTF8,
	FORM_TOO_MANY_FIELDS,
	FORM_NAME_TOO_LONG,
	FORM_VALUE_TOO_LONG
};

/*
 * Percent-decodes src[0..len) into dst, which must hold len + 1 bytes, and
 * NUL-terminates it; '+' becomes a space when plus is true. The output is
 * never longer than the input. Bad escapes and NULs are errors.
 */
enum form_error	 form_decode(const char *src, size_t len, bool plus,
		    char *dst, size_t *dstlen);
/*
 * Parses "a=1&b=2" (the URL Standard's urlencoded parser, stricter about
 * escapes) into out, under the given limits. A pair without '=' has an
 * empty value; empty pairs are skipped. Memory comes from the arena.
 */
enum form_error	 form_parse(struct arena *, const char *s, size_t len,
		    const struct form_limits *, struct params *out);
struct buf;
/*
 * Appends s percent-encoded for a query string value (RFC 3986 section
 * 2.1: everything but unreserved characters), the inverse of form_decode.
 */
void		 form_encode(struct buf *, const char *s);
/* A short English description of an error, for the 400 page. */
const char	*form_strerror(enum form_error);
/* The first value named name, or NULL. */
const char	*params_get(const struct params *, const char *name);

#endif
