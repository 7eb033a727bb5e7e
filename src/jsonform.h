/*
 * jsonform.h: a JSON request body read as if it were a form, so each
 * handler validates one representation whether a browser or a script
 * sent it. {"name": "Ada", "permissions": ["view", "audit.read"]} becomes
 * name=Ada&permissions=view&permissions=audit.read.
 */
#ifndef STEWARD_JSONFORM_H
#define STEWARD_JSONFORM_H

#include <stddef.h>

#include "form.h"

struct arena;

enum jsonform_error {
	JSONFORM_OK = 0,
	JSONFORM_SYNTAX,	/* not JSON, or trailing bytes */
	JSONFORM_NOT_OBJECT,	/* the top level is not an object */
	JSONFORM_NESTED,	/* an object, or an array inside an array */
	JSONFORM_BAD_STRING,	/* invalid UTF-8 or a NUL, in a value or a key */
	JSONFORM_DUPLICATE,	/* the same key twice */
	JSONFORM_TOO_MANY_FIELDS,
	JSONFORM_NAME_TOO_LONG,
	JSONFORM_VALUE_TOO_LONG
};

/*
 * Parses a JSON object into name/value pairs under the form limits:
 * strings as they are, numbers and booleans as their JSON text, null as
 * the empty string, and an array as one pair per element (an empty array
 * as one pair with an empty value, so "no permissions" differs from "not
 * given"). Objects are refused at any depth, and so are a key given twice
 * and a key holding \u0000 (json-c would keep the last, or cut the key). Memory from the arena.
 */
enum jsonform_error jsonform_parse(struct arena *, const char *body,
		    size_t len, const struct form_limits *, struct params *);
/* A short English description of an error, for the 400 answer. */
const char	*jsonform_strerror(enum jsonform_error);

#endif
