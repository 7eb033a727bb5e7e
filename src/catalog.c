/*
 * catalog.c: reading resources.json (json-c) and checking it against the
 * live PostgreSQL catalogue. Strict: an unknown key, a name that is not a
 * plain identifier, a type that does not match the column, all stop the
 * worker with a message naming the file's resource and field.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "db.h"
#include "resource.h"
#include "utf8.h"

struct catalog	 catalog;

struct arena *
catalog_arena(void)
{
	static struct arena	*a;

	if (a == NULL)
		a = arena_new();
	return a;
}

/* A catalogue is configuration: a megabyte is far more than enough. */
#define CATALOG_MAX_BYTES	(1024 * 1024)
#define CATALOG_MAX_RESOURCES	64
#define CATALOG_MAX_COLUMNS	128
#define CATALOG_MAX_ITEMS	32	/* relations, bulk actions, choices */
#define CATALOG_DEPTH		8

static const char *const ctype_names[CT__MAX] = {
	[CT_TEXT] = "text", [CT_INTEGER] = "integer", [CT_BIGINT] = "bigint",
	[CT_NUMERIC] = "numeric", [CT_BOOLEAN] = "boolean",
	[CT_TIMESTAMPTZ] = "timestamptz", [CT_DATE] = "date",
	[CT_JSONB] = "jsonb", [CT_ENUM] = "enum", [CT_PASSWORD] = "password",
};

const char *
catalog_type_name(enum ctype t)
{
	return (unsigned)t < CT__MAX ? ctype_names[t] : "?";
}

/* Context for error messages: "resource users: column email: ...". */
struct cx {
	struct arena	*a;
	char		*err;
	size_t		 errsize;
	const char	*res;
	const char	*field;
};

static int __attribute__((format(printf, 2, 3)))
cx_fail(struct cx *x, const char *fmt, ...)
{
	char	msg[256];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (x->res != NULL && x->field != NULL)
		snprintf(x->err, x->errsize, "resource %s: %s: %s", x->res,
		    x->field, msg);
	else if (x->res != NULL)
		snprintf(x->err, x->errsize, "resource %s: %s", x->res, msg);
	else
		snprintf(x->err, x->errsize, "%s", msg);
	return -1;
}

/* [a-z_][a-z0-9_]{0,62}: a name that needs no quoting anywhere. */
static bool
catalog_ident_ok(const char *s)
{
	size_t	i;

	if (s == NULL || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return false;
	for (i = 1; s[i] != '\0'; i++)
		if (i >= 63 || !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* Refuses keys an object must not have (catches typos like "listd"). */
static int
cx_keys(struct cx *x, struct json_object *o, const char *const *allowed)
{
	size_t	i;

	json_object_object_foreach(o, key, val) {
		(void)val;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return cx_fail(x, "unknown key \"%.64s\"", key);
	}
	return 0;
}

/* A string member: 1 with *out (arena copy), 0 if absent, -1 if wrong. */
static int
cx_string(struct cx *x, struct json_object *o, const char *key,
    const char **out, size_t max)
{
	struct json_object	*v;
	const char		*s;
	size_t			 len;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return cx_fail(x, "\"%s\" must be a string", key);
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (len > max || memchr(s, '\0', len) != NULL || !utf8_valid(s, len))
		return cx_fail(x, "\"%s\" must be valid UTF-8 of at most %zu "
		    "bytes", key, max);
	*out = arena_strndup(x->a, s, len);
	return 1;
}

static int
cx_bool(struct cx *x, struct json_object *o, const char *key, bool *out)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return cx_fail(x, "\"%s\" must be true or false", key);
	*out = json_object_get_boolean(v);
	return 1;
}

/* An array member of at most max items: its length, or -1. */
static int
cx_array(struct cx *x, struct json_object *o, const char *key,
    struct json_object **arr, size_t max)
{
	if (!json_object_object_get_ex(o, key, arr))
		return 0;
	if (!json_object_is_type(*arr, json_type_array))
		return cx_fail(x, "\"%s\" must be an array", key);
	if (json_object_array_length(*arr) > max)
		return cx_fail(x, "\"%s\" has more than %zu items", key, max);
	return (int)json_object_array_length(*arr);
}

static int
cx_perm(struct cx *x, const char *name, enum perm *p)
{
	if ((*p = perm_by_name(name)) == PERM_UNDECLARED)
		return cx_fail(x, "unknown permission \"%.64s\"", name);
	return 0;
}

static int
catalog_column_parse(struct cx *x, struct json_object *o, struct ccolumn *c)
{
	static const char *const keys[] = { "name", "type", "label", "help",
		"widget", "listed", "searchable", "sortable", "filter",
		"editable", "required", "secret", "choices", NULL };
	struct json_object	*arr, *it;
	const char		*type = NULL, *op;
	int			 n, i, t;

	if (!json_object_is_type(o, json_type_object))
		return cx_fail(x, "a column must be an object");
	if (cx_string(x, o, "name", &c->name, 63) != 1 ||
	    !catalog_ident_ok(c->name))
		return cx_fail(x, "a column needs a \"name\" of lower-case "
		    "letters, digits and _");
	x->field = arena_printf(x->a, "column %s", c->name);
	if (cx_keys(x, o, keys) == -1)
		return -1;
	if (cx_string(x, o, "type", &type, 32) != 1 || type == NULL)
		return cx_fail(x, "needs a \"type\"");
	for (t = 0; t < CT__MAX; t++)
		if (strcmp(type, ctype_names[t]) == 0)
			break;
	if (t == CT__MAX)
		return cx_fail(x, "unknown type \"%.32s\"", type);
	c->type = (enum ctype)t;
	c->label = c->name;
	c->help = "";
	c->widget = "";
	if (cx_string(x, o, "label", &c->label, 200) == -1 ||
	    cx_string(x, o, "help", &c->help, 1000) == -1 ||
	    cx_string(x, o, "widget", &c->widget, 32) == -1 ||
	    cx_bool(x, o, "listed", &c->listed) == -1 ||
	    cx_bool(x, o, "searchable", &c->searchable) == -1 ||
	    cx_bool(x, o, "sortable", &c->sortable) == -1 ||
	    cx_bool(x, o, "editable", &c->editable) == -1 ||
	    cx_bool(x, o, "required", &c->required) == -1 ||
	    cx_bool(x, o, "secret", &c->secret) == -1)
		return -1;
	if ((n = cx_array(x, o, "filter", &arr, 4)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, (size_t)i);
		op = json_object_is_type(it, json_type_string) ?
		    json_object_get_string(it) : "";
		if (strcmp(op, "eq") == 0)
			c->ops |= COP_EQ;
		else if (strcmp(op, "in") == 0)
			c->ops |= COP_IN;
		else if (strcmp(op, "range") == 0)
			c->ops |= COP_RANGE;
		else if (strcmp(op, "null") == 0)
			c->ops |= COP_NULL;
		else
			return cx_fail(x, "unknown filter operator \"%.32s\" "
			    "(eq, in, range, null)", op);
	}
	if ((c->ops & COP_RANGE) && c->type != CT_INTEGER &&
	    c->type != CT_BIGINT && c->type != CT_NUMERIC &&
	    c->type != CT_TIMESTAMPTZ && c->type != CT_DATE)
		return cx_fail(x, "a range filter needs a number or a date");
	if ((c->ops & COP_IN) && (c->type == CT_BOOLEAN ||
	    c->type == CT_JSONB || c->type == CT_TIMESTAMPTZ))
		return cx_fail(x, "an \"in\" filter needs text, a number or "
		    "an enum");
	if (c->ops != 0 && c->type == CT_JSONB && c->ops != COP_NULL)
		return cx_fail(x, "a jsonb column can only be filtered by "
		    "null");
	if (c->searchable && c->type != CT_TEXT && c->type != CT_ENUM)
		return cx_fail(x, "only text can be searchable");
	if (c->sortable && (c->type == CT_JSONB || c->type == CT_PASSWORD))
		return cx_fail(x, "a %s column cannot be sortable",
		    ctype_names[c->type]);
	if (c->ops != 0) {
		static const char *const reserved[] = { RS_RESERVED, NULL };

		for (i = 0; reserved[i] != NULL; i++)
			if (strcmp(c->name, reserved[i]) == 0)
				return cx_fail(x, "a column named \"%s\" "
				    "cannot be filtered: the name is a list "
				    "parameter", c->name);
	}
	if (c->type == CT_PASSWORD)
		c->secret = true;
	if (c->secret && (c->listed || c->searchable || c->sortable ||
	    c->ops != 0))
		return cx_fail(x, "a secret column cannot be listed, "
		    "searched, sorted or filtered");
	if ((n = cx_array(x, o, "choices", &arr, CATALOG_MAX_ITEMS)) == -1)
		return -1;
	if ((c->type == CT_ENUM) != (n > 0))
		return cx_fail(x, "\"choices\" is for enum columns, and an "
		    "enum needs them");
	c->choices = arena_calloc(x->a, n > 0 ? (size_t)n : 1,
	    sizeof(*c->choices));
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, (size_t)i);
		if (!json_object_is_type(it, json_type_string) ||
		    json_object_get_string_len(it) == 0 ||
		    json_object_get_string_len(it) > 100 ||
		    !utf8_valid(json_object_get_string(it),
		    (size_t)json_object_get_string_len(it)) ||
		    memchr(json_object_get_string(it), '\0',
		    (size_t)json_object_get_string_len(it)) != NULL)
			return cx_fail(x, "choices are strings of 1 to 100 "
			    "bytes");
		c->choices[i] = arena_strdup(x->a, json_object_get_string(it));
	}
	c->nchoices = (size_t)n;
	x->field = NULL;
	return 0;
}

/* Is the literal v right for column c? Its text form in *out. */
static int
catalog_literal(struct cx *x, const struct ccolumn *c, struct json_object *v,
    struct cassign *as)
{
	const char	*s;
	size_t		 i;

	if (v == NULL) {	/* NULL: checked against the column later */
		as->null = true;
		return 0;
	}
	switch (c->type) {
	case CT_BOOLEAN:
		if (!json_object_is_type(v, json_type_boolean))
			return cx_fail(x, "%s takes true or false", c->name);
		as->value = json_object_get_boolean(v) ? "true" : "false";
		return 0;
	case CT_INTEGER:
	case CT_BIGINT:
		if (!json_object_is_type(v, json_type_int))
			return cx_fail(x, "%s takes a whole number", c->name);
		as->value = arena_printf(x->a, "%lld",
		    (long long)json_object_get_int64(v));
		return 0;
	case CT_NUMERIC:
		if (!json_object_is_type(v, json_type_int) &&
		    !json_object_is_type(v, json_type_double))
			return cx_fail(x, "%s takes a number", c->name);
		as->value = arena_strdup(x->a, json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN));
		return 0;
	case CT_TIMESTAMPTZ:
	case CT_DATE:
		if (json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), "$now") == 0) {
			as->now = true;
			return 0;
		}
		return cx_fail(x, "%s takes \"$now\" or null", c->name);
	case CT_ENUM:
	case CT_TEXT:
		if (!json_object_is_type(v, json_type_string))
			return cx_fail(x, "%s takes a string", c->name);
		s = json_object_get_string(v);
		if (strlen(s) != (size_t)json_object_get_string_len(v) ||
		    !utf8_valid(s, strlen(s)) || strlen(s) > 1000)
			return cx_fail(x, "%s: not a valid string", c->name);
		if (c->type == CT_ENUM) {
			for (i = 0; i < c->nchoices; i++)
				if (strcmp(s, c->choices[i]) == 0)
					break;
			if (i == c->nchoices)
				return cx_fail(x, "%s: \"%.64s\" is not one of "
				    "its choices", c->name, s);
		}
		as->value = arena_strdup(x->a, s);
		return 0;
	default:
		return cx_fail(x, "%s: a %s column cannot be set by a bulk "
		    "action", c->name, ctype_names[c->type]);
	}
}

static int
catalog_bulk_parse(struct cx *x, struct cresource *r, struct json_object *o,
    struct cbulk *b)
{
	static const char *const keys[] = { "name", "label", "permission",
		"set", NULL };
	struct json_object	*set;
	const char		*perm = NULL;
	const struct ccolumn	*c;
	size_t			 n;

	if (!json_object_is_type(o, json_type_object) ||
	    cx_string(x, o, "name", &b->name, 63) != 1 ||
	    !catalog_ident_ok(b->name))
		return cx_fail(x, "a bulk action needs a \"name\" of lower-case "
		    "letters, digits and _");
	x->field = arena_printf(x->a, "bulk action %s", b->name);
	b->label = b->name;
	if (cx_keys(x, o, keys) == -1 ||
	    cx_string(x, o, "label", &b->label, 200) == -1)
		return -1;
	if (cx_string(x, o, "permission", &perm, 64) != 1)
		return cx_fail(x, "needs a \"permission\"");
	if (cx_perm(x, perm, &b->perm) == -1)
		return -1;
	if (!json_object_object_get_ex(o, "set", &set) ||
	    !json_object_is_type(set, json_type_object) ||
	    (n = (size_t)json_object_object_length(set)) == 0 ||
	    n > CATALOG_MAX_ITEMS)
		return cx_fail(x, "needs \"set\": an object of column: value");
	b->set = arena_calloc(x->a, n, sizeof(*b->set));
	json_object_object_foreach(set, key, val) {
		if ((c = catalog_column(r, key)) == NULL)
			return cx_fail(x, "sets \"%.64s\", which is not a "
			    "column of this resource", key);
		if (c == r->pk || c->secret)
			return cx_fail(x, "cannot set the key or a secret "
			    "column");
		b->set[b->nset].col = c;
		if (catalog_literal(x, c, val, &b->set[b->nset]) == -1)
			return -1;
		b->nset++;
	}
	x->field = NULL;
	return 0;
}

static int
catalog_resource_parse(struct cx *x, struct json_object *o,
    struct cresource *r)
{
	static const char *const keys[] = { "name", "table", "label",
		"singular", "primary_key", "default_sort", "permissions",
		"columns", "relations", "bulk_actions", NULL };
	static const char *const pkeys[] = { "view", "create", "edit",
		"delete", NULL };
	static const char *const rkeys[] = { "name", "label", "resource",
		"column", NULL };
	struct json_object	*arr, *it, *perms;
	const char		*table = NULL, *pk = NULL, *sort = NULL, *p;
	const char		*dot;
	int			 n, i, k;
	size_t			 j;

	if (!json_object_is_type(o, json_type_object) ||
	    cx_string(x, o, "name", &r->name, 63) != 1 ||
	    !catalog_ident_ok(r->name))
		return cx_fail(x, "a resource needs a \"name\" of lower-case "
		    "letters, digits and _");
	x->res = r->name;
	if (cx_keys(x, o, keys) == -1)
		return -1;
	if (cx_string(x, o, "table", &table, 127) != 1 || table == NULL ||
	    (dot = strchr(table, '.')) == NULL)
		return cx_fail(x, "needs \"table\": \"schema.table\"");
	r->schema = arena_strndup(x->a, table, (size_t)(dot - table));
	r->table = arena_strdup(x->a, dot + 1);
	if (!catalog_ident_ok(r->schema) || !catalog_ident_ok(r->table))
		return cx_fail(x, "\"table\" must be schema.table in lower-case "
		    "letters, digits and _");
	r->label = r->name;
	r->singular = r->name;
	if (cx_string(x, o, "label", &r->label, 200) == -1 ||
	    cx_string(x, o, "singular", &r->singular, 200) == -1)
		return -1;
	if ((n = cx_array(x, o, "columns", &arr, CATALOG_MAX_COLUMNS)) <= 0)
		return n == -1 ? -1 : cx_fail(x, "needs \"columns\"");
	r->cols = arena_calloc(x->a, (size_t)n, sizeof(*r->cols));
	for (i = 0; i < n; i++) {
		if (catalog_column_parse(x, json_object_array_get_idx(arr,
		    (size_t)i), &r->cols[i]) == -1)
			return -1;
		for (k = 0; k < i; k++)
			if (strcmp(r->cols[k].name, r->cols[i].name) == 0)
				return cx_fail(x, "column %s is declared twice",
				    r->cols[i].name);
		r->ncols++;
	}
	if (cx_string(x, o, "primary_key", &pk, 63) != 1 ||
	    (r->pk = catalog_column(r, pk)) == NULL)
		return cx_fail(x, "needs \"primary_key\": one of its columns");
	if (r->pk->type != CT_INTEGER && r->pk->type != CT_BIGINT &&
	    r->pk->type != CT_TEXT)
		return cx_fail(x, "the primary key must be integer, bigint or "
		    "text");
	if (r->pk->secret)
		return cx_fail(x, "the primary key cannot be secret");
	r->sort = r->pk;
	if (cx_string(x, o, "default_sort", &sort, 64) == -1)
		return -1;
	if (sort != NULL) {
		r->sort_desc = sort[0] == '-';
		if ((r->sort = catalog_column(r, sort + r->sort_desc)) ==
		    NULL || (!r->sort->sortable && r->sort != r->pk))
			return cx_fail(x, "\"default_sort\" must name a "
			    "sortable column (\"-\" first for descending)");
	}
	/* Without a "permissions" object only viewing is offered. */
	r->perms[CPERM_VIEW] = PERM_VIEW;
	if (json_object_object_get_ex(o, "permissions", &perms)) {
		x->field = "permissions";
		if (!json_object_is_type(perms, json_type_object) ||
		    cx_keys(x, perms, pkeys) == -1)
			return cx_fail(x, "an object of view, create, edit, "
			    "delete");
		for (k = 0; k < CPERM__MAX; k++) {
			p = NULL;
			if (cx_string(x, perms, pkeys[k], &p, 64) == -1)
				return -1;
			if (p != NULL && cx_perm(x, p, &r->perms[k]) == -1)
				return -1;
		}
		x->field = NULL;
	}
	if ((n = cx_array(x, o, "relations", &arr, CATALOG_MAX_ITEMS)) == -1)
		return -1;
	r->rels = arena_calloc(x->a, n > 0 ? (size_t)n : 1, sizeof(*r->rels));
	for (i = 0; i < n; i++) {
		struct crelation *rel = &r->rels[i];

		it = json_object_array_get_idx(arr, (size_t)i);
		x->field = "relations";
		if (!json_object_is_type(it, json_type_object) ||
		    cx_keys(x, it, rkeys) == -1 ||
		    cx_string(x, it, "name", &rel->name, 63) != 1 ||
		    !catalog_ident_ok(rel->name) ||
		    cx_string(x, it, "resource", &rel->resource, 63) != 1 ||
		    cx_string(x, it, "column", &rel->column, 63) != 1)
			return cx_fail(x, "each needs name, resource and "
			    "column");
		rel->label = rel->name;
		if (cx_string(x, it, "label", &rel->label, 200) == -1)
			return -1;
		r->nrels++;
	}
	x->field = NULL;
	if ((n = cx_array(x, o, "bulk_actions", &arr, CATALOG_MAX_ITEMS)) == -1)
		return -1;
	r->bulks = arena_calloc(x->a, n > 0 ? (size_t)n : 1,
	    sizeof(*r->bulks));
	for (i = 0; i < n; i++) {
		if (catalog_bulk_parse(x, r, json_object_array_get_idx(arr,
		    (size_t)i), &r->bulks[i]) == -1)
			return -1;
		for (j = 0; j < r->nbulks; j++)
			if (strcmp(r->bulks[j].name, r->bulks[i].name) == 0)
				return cx_fail(x, "bulk action %s is declared "
				    "twice", r->bulks[i].name);
		r->nbulks++;
	}
	x->res = NULL;
	return 0;
}

int
catalog_parse(struct arena *a, const char *text, size_t len,
    struct catalog *c, char *err, size_t errsize)
{
	static const char *const keys[] = { "resources", NULL };
	struct json_tokener	*tok;
	struct json_object	*root, *arr;
	struct cx		 x = { a, err, errsize, NULL, NULL };
	const struct cresource	*other;
	const struct crelation	*rel;
	int			 n, i, rc = -1;
	size_t			 j, k;

	memset(c, 0, sizeof(*c));
	if (len > CATALOG_MAX_BYTES)
		return cx_fail(&x, "larger than %d bytes", CATALOG_MAX_BYTES);
	if ((tok = json_tokener_new_ex(CATALOG_DEPTH)) == NULL)
		return cx_fail(&x, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, text, (int)len);
	if (root == NULL) {
		cx_fail(&x, "not valid JSON: %s", json_tokener_error_desc(
		    json_tokener_get_error(tok)));
		json_tokener_free(tok);
		return -1;
	}
	for (j = json_tokener_get_parse_end(tok); j < len; j++)
		if (strchr(" \t\r\n", text[j]) == NULL || text[j] == '\0') {
			json_tokener_free(tok);
			json_object_put(root);
			return cx_fail(&x, "bytes after the JSON value");
		}
	json_tokener_free(tok);
	if (!json_object_is_type(root, json_type_object)) {
		cx_fail(&x, "the top level must be {\"resources\": [...]}");
		goto out;
	}
	if (cx_keys(&x, root, keys) == -1)
		goto out;
	if ((n = cx_array(&x, root, "resources", &arr,
	    CATALOG_MAX_RESOURCES)) == -1)
		goto out;
	c->res = arena_calloc(a, n > 0 ? (size_t)n : 1, sizeof(*c->res));
	for (i = 0; i < n; i++) {
		if (catalog_resource_parse(&x, json_object_array_get_idx(arr,
		    (size_t)i), &c->res[i]) == -1)
			goto out;
		if (catalog_resource(c, c->res[i].name) != NULL) {
			cx_fail(&x, "resource %s is declared twice",
			    c->res[i].name);
			goto out;
		}
		c->nres++;
	}
	/* Relations point at resources and columns that exist. */
	for (j = 0; j < c->nres; j++)
		for (k = 0; k < c->res[j].nrels; k++) {
			rel = &c->res[j].rels[k];
			x.res = c->res[j].name;
			x.field = arena_printf(a, "relation %s", rel->name);
			if ((other = catalog_resource(c, rel->resource)) ==
			    NULL) {
				cx_fail(&x, "no resource \"%s\"", rel->resource);
				goto out;
			}
			if (catalog_column(other, rel->column) == NULL) {
				cx_fail(&x, "resource %s has no column \"%s\"",
				    rel->resource, rel->column);
				goto out;
			}
		}
	rc = 0;
out:
	json_object_put(root);
	if (rc == -1)
		memset(c, 0, sizeof(*c));
	return rc;
}

int
catalog_load(struct arena *a, const char *path, struct catalog *c, char *err,
    size_t errsize)
{
	struct stat	 st;
	char		*text, msg[384];
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd, rc;

	memset(c, 0, sizeof(*c));
	if (path == NULL || *path == '\0')
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > CATALOG_MAX_BYTES) {
		snprintf(err, errsize, "%s: not a regular file of at most %d "
		    "bytes", path, CATALOG_MAX_BYTES);
		close(fd);
		return -1;
	}
	text = arena_alloc(a, (size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	    (n = read(fd, text + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	text[got] = '\0';
	if ((rc = catalog_parse(a, text, got, c, msg, sizeof(msg))) == -1)
		snprintf(err, errsize, "%s: %s", path, msg);
	return rc;
}

const struct cresource *
catalog_resource(const struct catalog *c, const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < c->nres; i++)
		if (strcmp(c->res[i].name, name) == 0)
			return &c->res[i];
	return NULL;
}

const struct ccolumn *
catalog_column(const struct cresource *r, const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < r->ncols; i++)
		if (strcmp(r->cols[i].name, name) == 0)
			return &r->cols[i];
	return NULL;
}

const struct cbulk *
catalog_bulk(const struct cresource *r, const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < r->nbulks; i++)
		if (strcmp(r->bulks[i].name, name) == 0)
			return &r->bulks[i];
	return NULL;
}

const char *
catalog_quote(struct arena *a, const char *ident)
{
	struct buf	b;

	buf_init(&b, a);
	buf_putc(&b, '"');
	for (; *ident != '\0'; ident++) {
		if (*ident == '"')
			buf_putc(&b, '"');
		buf_putc(&b, *ident);
	}
	buf_putc(&b, '"');
	return b.data;
}

/* Does PostgreSQL type typname suit catalogue type t? */
static bool
catalog_type_fits(enum ctype t, const char *typname, bool is_enum)
{
	switch (t) {
	case CT_TEXT:
	case CT_PASSWORD:
		return strcmp(typname, "text") == 0 ||
		    strcmp(typname, "varchar") == 0 ||
		    strcmp(typname, "citext") == 0;
	case CT_ENUM:
		return is_enum || strcmp(typname, "text") == 0 ||
		    strcmp(typname, "varchar") == 0;
	case CT_INTEGER:
		return strcmp(typname, "int4") == 0 ||
		    strcmp(typname, "int2") == 0;
	case CT_BIGINT:
		return strcmp(typname, "int8") == 0 ||
		    strcmp(typname, "int4") == 0;
	case CT_NUMERIC:
		return strcmp(typname, "numeric") == 0;
	case CT_BOOLEAN:
		return strcmp(typname, "bool") == 0;
	case CT_TIMESTAMPTZ:
		return strcmp(typname, "timestamptz") == 0;
	case CT_DATE:
		return strcmp(typname, "date") == 0;
	case CT_JSONB:
		return strcmp(typname, "jsonb") == 0;
	case CT__MAX:
		break;
	}
	return false;
}

int
catalog_check(struct catalog *c, struct arena *a, char *err, size_t errsize)
{
	struct cx	 x = { a, err, errsize, NULL, NULL };
	struct cresource *r;
	struct ccolumn	*col;
	const char	*p[2];
	PGresult	*res;
	size_t		 i, j;
	int		 k, n;
	bool		 found, is_pk;

	for (i = 0; i < c->nres; i++) {
		r = &c->res[i];
		x.res = r->name;
		x.field = NULL;
		p[0] = r->schema;
		p[1] = r->table;
		res = db_exec(__func__,
		    "SELECT a.attname, t.typname, t.typtype = 'e', a.attnotnull,"
		    "  a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '',"
		    "  format_type(a.atttypid, a.atttypmod),"
		    "  EXISTS (SELECT FROM pg_index x WHERE x.indrelid = cl.oid"
		    "   AND x.indisunique AND x.indnkeyatts = 1"
		    "   AND x.indkey[0] = a.attnum AND x.indpred IS NULL),"
		    "  has_table_privilege(cl.oid, 'SELECT'),"
		    "  has_table_privilege(cl.oid, 'INSERT'),"
		    "  has_table_privilege(cl.oid, 'UPDATE'),"
		    "  has_table_privilege(cl.oid, 'DELETE')"
		    " FROM pg_class cl"
		    " JOIN pg_namespace ns ON ns.oid = cl.relnamespace"
		    " JOIN pg_attribute a ON a.attrelid = cl.oid"
		    " JOIN pg_type t ON t.oid = a.atttypid"
		    " WHERE ns.nspname = $1 AND cl.relname = $2"
		    " AND cl.relkind IN ('r', 'p', 'v')"
		    " AND a.attnum > 0 AND NOT a.attisdropped", 2, p);
		if (res == NULL)
			return cx_fail(&x, "cannot read the database's "
			    "catalogue");
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			return cx_fail(&x, "there is no table %s.%s (or "
			    "steward's database user cannot see it)",
			    r->schema, r->table);
		}
		if (strcmp(PQgetvalue(res, 0, 7), "t") != 0 ||
		    (r->perms[CPERM_CREATE] != PERM_UNDECLARED &&
		    strcmp(PQgetvalue(res, 0, 8), "t") != 0) ||
		    ((r->perms[CPERM_EDIT] != PERM_UNDECLARED ||
		    r->nbulks > 0) && strcmp(PQgetvalue(res, 0, 9), "t") != 0) ||
		    (r->perms[CPERM_DELETE] != PERM_UNDECLARED &&
		    strcmp(PQgetvalue(res, 0, 10), "t") != 0)) {
			PQclear(res);
			return cx_fail(&x, "steward's database user lacks a "
			    "privilege on %s.%s that the declared operations "
			    "need (SELECT, and INSERT/UPDATE/DELETE for "
			    "create/edit and bulk/delete)", r->schema,
			    r->table);
		}
		for (j = 0; j < r->ncols; j++) {
			col = &r->cols[j];
			x.field = arena_printf(a, "column %s", col->name);
			found = false;
			for (k = 0; k < n && !found; k++) {
				if (strcmp(PQgetvalue(res, k, 0), col->name))
					continue;
				found = true;
				if (!catalog_type_fits(col->type,
				    PQgetvalue(res, k, 1),
				    strcmp(PQgetvalue(res, k, 2), "t") == 0)) {
					cx_fail(&x, "declared %s, but %s.%s.%s "
					    "is %s", catalog_type_name(col->type),
					    r->schema, r->table, col->name,
					    PQgetvalue(res, k, 5));
					PQclear(res);
					return -1;
				}
				col->nullable = strcmp(PQgetvalue(res, k, 3),
				    "t") != 0;
				col->has_default = strcmp(PQgetvalue(res, k, 4),
				    "t") == 0;
				col->pgtype = arena_strdup(a,
				    PQgetvalue(res, k, 5));
				is_pk = strcmp(PQgetvalue(res, k, 6), "t") == 0;
				if (col == r->pk && !is_pk) {
					PQclear(res);
					return cx_fail(&x, "the primary key must "
					    "be unique (a unique index on it "
					    "alone)");
				}
			}
			if (!found) {
				PQclear(res);
				return cx_fail(&x, "no such column in %s.%s",
				    r->schema, r->table);
			}
			/* Keyset pages need a total order without NULLs. */
			if ((col->sortable || col == r->sort) && col->nullable) {
				PQclear(res);
				return cx_fail(&x, "a sortable column must be "
				    "NOT NULL (keyset pagination)");
			}
			if ((col->ops & COP_NULL) && !col->nullable) {
				PQclear(res);
				return cx_fail(&x, "a \"null\" filter on a NOT "
				    "NULL column");
			}
		}
		PQclear(res);
		/* Bulk assignments of NULL need nullable columns. */
		for (j = 0; j < r->nbulks; j++)
			for (k = 0; k < (int)r->bulks[j].nset; k++)
				if (r->bulks[j].set[k].null &&
				    !r->bulks[j].set[k].col->nullable) {
					x.field = arena_printf(a, "bulk action "
					    "%s", r->bulks[j].name);
					return cx_fail(&x, "sets NOT NULL "
					    "column %s to null",
					    r->bulks[j].set[k].col->name);
				}
	}
	c->checked = true;
	return 0;
}
