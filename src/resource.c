/*
 * resource.c: SQL for the resource engine. Statements are built from the
 * checked catalogue (identifiers, quoted) and bind parameters (values);
 * nothing from a request is ever written into the SQL text.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "form.h"
#include "log.h"
#include "resource.h"
#include "utf8.h"

#define RS_MAX_PARAMS	256
#define RS_SEARCH_MAX	10000

/* A statement under construction: SQL text and its parameters. */
struct sqlb {
	struct arena	*a;
	struct buf	 sql;
	const char	*p[RS_MAX_PARAMS];
	int		 n;
};

static void
sqlb_init(struct sqlb *sb, struct arena *a)
{
	sb->a = a;
	sb->n = 0;
	buf_init(&sb->sql, a);
}

/* Appends "$n" for value (NULL: SQL NULL). */
static void
sqlb_param(struct sqlb *sb, const char *value)
{
	if (sb->n == RS_MAX_PARAMS)
		abort();	/* bounded by RS_MAX_FILTERS and columns */
	sb->p[sb->n++] = value;
	buf_printf(&sb->sql, "$%d", sb->n);
}

static const char *
rs_ident(struct arena *a, const char *name)
{
	return catalog_quote(a, name);
}

static const char *
rs_table(struct arena *a, const struct cresource *r)
{
	return arena_printf(a, "%s.%s", catalog_quote(a, r->schema),
	    catalog_quote(a, r->table));
}

const char *
rs_cast(const struct ccolumn *c)
{
	switch (c->type) {
	case CT_INTEGER:
		return "integer";
	case CT_BIGINT:
		return "bigint";
	case CT_NUMERIC:
		return "numeric";
	case CT_BOOLEAN:
		return "boolean";
	case CT_TIMESTAMPTZ:
		return "timestamptz";
	case CT_DATE:
		return "date";
	case CT_JSONB:
		return "jsonb";
	default:
		return "text";
	}
}

/* The column as text for comparisons (enums as text). */
static void
rs_col(struct sqlb *sb, const struct ccolumn *c)
{
	buf_printf(&sb->sql, "t.%s", rs_ident(sb->a, c->name));
	if (c->type == CT_ENUM || c->type == CT_TEXT)
		buf_puts(&sb->sql, "::text");
}

/* WHERE the table's key (t) is pk, bound and cast to the key's type. */
static void
rs_where_key(struct sqlb *sb, const struct cresource *r, const char *pk)
{
	buf_printf(&sb->sql, " WHERE t.%s = ", rs_ident(sb->a, r->pk->name));
	sqlb_param(sb, pk);
	buf_printf(&sb->sql, "::%s", rs_cast(r->pk));
}

/*
 * Every column as text (secret ones as NULL), then key, sort value and
 * version: what rs_row_read() reads, from a SELECT or a RETURNING.
 */
static void
rs_columns(struct sqlb *sb, const struct cresource *r,
    const struct ccolumn *sort, const char *alias, bool version, bool listed)
{
	const char	*id;
	size_t		 i;

	for (i = 0; i < r->ncols; i++) {
		id = rs_ident(sb->a, r->cols[i].name);
		if (r->cols[i].secret || (listed && !r->cols[i].listed))
			buf_puts(&sb->sql, "NULL");
		else
			buf_printf(&sb->sql, "%s.%s::text", alias, id);
		buf_puts(&sb->sql, ", ");
	}
	buf_printf(&sb->sql, "%s.%s::text, %s.%s::text, ", alias,
	    rs_ident(sb->a, r->pk->name), alias, rs_ident(sb->a, sort->name));
	/* Hashing every row of a list or an export is work for nothing. */
	if (version)
		buf_printf(&sb->sql, "md5(%s::text)", alias);
	else
		buf_puts(&sb->sql, "NULL");
}

/* SELECT of the columns FROM the table t. */
static void
rs_select(struct sqlb *sb, const struct cresource *r,
    const struct ccolumn *sort, bool version, bool listed)
{
	buf_puts(&sb->sql, "SELECT ");
	rs_columns(sb, r, sort, "t", version, listed);
	buf_printf(&sb->sql, " FROM %s t", rs_table(sb->a, r));
}

/*
 * A timestamptz as the session (TimeZone=UTC, see db.c) prints it,
 * "2024-03-05 10:11:12[.123456]+00", rewritten as ISO 8601 to the second,
 * "2024-03-05T10:11:12Z". Any other shape (infinity, a year past 9999, a
 * session in another zone) is kept as PostgreSQL wrote it.
 */
static const char *
rs_time(struct arena *a, const char *s)
{
	size_t	 len = strlen(s);
	char	*t;

	if (len < 22 || s[10] != ' ' || s[4] != '-' || s[13] != ':' ||
	    strcmp(s + len - 3, "+00") != 0 || (len != 22 && s[19] != '.'))
		return s;
	t = arena_alloc(a, 21);
	memcpy(t, s, 19);
	t[10] = 'T';
	t[19] = 'Z';
	t[20] = '\0';
	return t;
}

/*
 * Row i of res. With copy false the values point into res, which must
 * then outlive the row (an export's batch); lists copy into a.
 */
static void
rs_row_read(struct arena *a, const struct cresource *r, PGresult *res, int i,
    struct rs_row *row, bool copy)
{
	const char	*v;
	size_t		 k;

	row->v = arena_alloc(a, r->ncols * sizeof(*row->v));
	for (k = 0; k < r->ncols; k++) {
		if (PQgetisnull(res, i, (int)k)) {
			row->v[k] = NULL;
			continue;
		}
		v = PQgetvalue(res, i, (int)k);
		row->v[k] = r->cols[k].type == CT_TIMESTAMPTZ ? rs_time(a, v) :
		    v;
		if (copy && row->v[k] == v)
			row->v[k] = arena_strdup(a, v);
	}
	v = PQgetvalue(res, i, (int)r->ncols);
	row->pk = copy ? arena_strdup(a, v) : v;
	v = PQgetvalue(res, i, (int)r->ncols + 1);
	row->cursor = copy ? arena_strdup(a, v) : v;
	v = PQgetvalue(res, i, (int)r->ncols + 2);
	row->version = copy ? arena_strdup(a, v) : v;
}

/* A whole number, optionally negative, that fits in 64 bits. */
static bool
rs_integer(const char *s)
{
	char	*end;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return false;
	errno = 0;
	(void)strtoll(s, &end, 10);
	return *end == '\0' && errno == 0;
}

/* [-]digits[.digits], at most 100 characters in all. */
static bool
rs_decimal(const char *s)
{
	bool	digits = false, dot = false;

	/* Measured first: the loop below walks s to its end. */
	if (strlen(s) > 100)
		return false;
	if (*s == '-')
		s++;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits = true;
		else if (*s == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digits;
}

/*
 * Dates and times: the ISO 8601 shapes forms and scripts send. PostgreSQL
 * has the last word (a 30 February is refused there, as a 422 too).
 */
static bool
rs_datetime(const char *s, bool date_only)
{
	size_t	len = strlen(s), i;

	if (len < 10 || len > 35)
		return false;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	if (len == 10)
		return true;
	if (date_only || (s[10] != 'T' && s[10] != ' '))
		return false;
	for (i = 11; i < len; i++)
		if (strchr("0123456789:.+-Z", s[i]) == NULL)
			return false;
	return true;
}

const char *
rs_value_check(const struct ccolumn *c, const char *s)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	const char		*end;
	size_t			 i;
	bool			 ok;

	switch (c->type) {
	case CT_INTEGER:
	case CT_BIGINT:
		return rs_integer(s) ? NULL : "must be a whole number";
	case CT_NUMERIC:
		return rs_decimal(s) ? NULL : "must be a number";
	case CT_BOOLEAN:
		return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ?
		    NULL : "must be true or false";
	case CT_TIMESTAMPTZ:
		return rs_datetime(s, false) ? NULL : "must be a date and time "
		    "(YYYY-MM-DDTHH:MM:SSZ)";
	case CT_DATE:
		return rs_datetime(s, true) ? NULL : "must be a date "
		    "(YYYY-MM-DD)";
	case CT_ENUM:
		for (i = 0; i < c->nchoices; i++)
			if (strcmp(s, c->choices[i]) == 0)
				return NULL;
		return "must be one of the choices";
	case CT_JSONB:
		if ((tok = json_tokener_new_ex(32)) == NULL)
			return "cannot be checked";
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
		/*
		 * With its NUL, so that a number or literal ending the text
		 * ends there (json-c would wait for more); then only
		 * whitespace may follow (RFC 8259 section 2). "null" is a
		 * success that gives no object.
		 */
		o = json_tokener_parse_ex(tok, s, (int)strlen(s) + 1);
		end = s + json_tokener_get_parse_end(tok);
		ok = json_tokener_get_error(tok) == json_tokener_success &&
		    end[strspn(end, " \t\n\r")] == '\0';
		json_object_put(o);
		json_tokener_free(tok);
		return ok ? NULL : "must be valid JSON";
	default:
		return NULL;
	}
}

bool
rs_reserved(const char *name)
{
	static const char *const names[] = { RS_RESERVED, NULL };
	size_t	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/*
 * Appends v to the PostgreSQL array literal being built in arr (after its
 * "{"), quoted, with its quotes and backslashes escaped.
 */
static void
rs_array_add(struct buf *arr, const char *v)
{
	if (arr->len > 1)
		buf_putc(arr, ',');
	buf_putc(arr, '"');
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			buf_putc(arr, '\\');
		buf_putc(arr, *v);
	}
	buf_putc(arr, '"');
}

/*
 * An "in" filter's list, "a,b,c" with "\," for a comma inside a value and
 * "\\" for a backslash, as a PostgreSQL array literal with every element
 * quoted, bound as one parameter. Each element is checked for the column;
 * a bad one sets *bad.
 */
static const char *
rs_in_array(struct arena *a, const struct ccolumn *c, const char *v,
    const char **bad)
{
	struct buf	 one, arr;

	buf_init(&one, a);
	buf_init(&arr, a);
	buf_putc(&arr, '{');
	for (;; v++) {
		if (*v == '\\' && v[1] != '\0') {
			buf_putc(&one, *++v);
			continue;
		}
		if (*v != ',' && *v != '\0') {
			buf_putc(&one, *v);
			continue;
		}
		if (*bad == NULL)
			*bad = rs_value_check(c, one.data);
		rs_array_add(&arr, one.data);
		one.len = 0;
		one.data[0] = '\0';
		if (*v == '\0')
			break;
	}
	buf_putc(&arr, '}');
	return arr.data;
}

int
rs_query_parse(struct arena *a, const struct cresource *r,
    const struct params *ps, struct rs_query *q, const char **why)
{
	const struct ccolumn	*c;
	struct rs_filter	*f;
	const char		*name, *v, *sfx, *bad;
	char			*colname;
	size_t			 i, k;
	long			 limit;

	memset(q, 0, sizeof(*q));
	q->r = r;
	q->sort = r->sort;
	q->desc = r->sort_desc;
	q->limit = RS_PAGE;
	for (i = 0; i < ps->n; i++) {
		name = ps->v[i].name;
		v = ps->v[i].value;
		if (strcmp(name, "q") == 0) {
			if (ps->v[i].value_len > RS_SEARCH_MAX) {
				*why = "q: a search is at most 10000 bytes";
				return 422;
			}
			q->q = *v != '\0' ? v : NULL;
			continue;
		}
		if (strcmp(name, "sort") == 0) {
			if (*v == '\0')
				continue;
			q->desc = *v == '-';
			c = catalog_column(r, v + q->desc);
			if (c == NULL || (!c->sortable && c != r->pk)) {
				*why = arena_printf(a, "sort: %s is not a "
				    "sortable column", v);
				return 400;
			}
			q->sort = c;
			continue;
		}
		if (strcmp(name, "limit") == 0) {
			if (*v == '\0')
				continue;
			limit = rs_integer(v) ? strtol(v, NULL, 10) : 0;
			if (limit < 1 || limit > RS_MAX_PAGE) {
				*why = "limit: a number from 1 to 500";
				return 422;
			}
			q->limit = (int)limit;
			continue;
		}
		if (strcmp(name, "after") == 0)
			q->after = v;
		else if (strcmp(name, "after_pk") == 0)
			q->after_pk = v;
		else if (strcmp(name, "before") == 0)
			q->before = v;
		else if (strcmp(name, "before_pk") == 0)
			q->before_pk = v;
		if (rs_reserved(name))
			continue;
		/* A column filter: col, col__in, col__gte, col__lte, col__null */
		sfx = strstr(name, "__");
		colname = arena_strndup(a, name, sfx != NULL ?
		    (size_t)(sfx - name) : strlen(name));
		if ((c = catalog_column(r, colname)) == NULL || c->secret) {
			*why = arena_printf(a, "%s: there is no such column or "
			    "parameter", name);
			return 400;
		}
		if (*v == '\0')
			continue;	/* an empty filter box: no filter */
		if (q->nf == RS_MAX_FILTERS) {
			*why = "too many filters";
			return 400;
		}
		/*
		 * The next free slot, cleared: a bound merged into an earlier
		 * range below leaves it filled without taking it.
		 */
		f = &q->f[q->nf];
		memset(f, 0, sizeof(*f));
		f->col = c;
		if (sfx == NULL && (c->ops & COP_EQ))
			f->op = COP_EQ;
		else if (sfx != NULL && strcmp(sfx, "__in") == 0 &&
		    (c->ops & COP_IN))
			f->op = COP_IN;
		else if (sfx != NULL && (strcmp(sfx, "__gte") == 0 ||
		    strcmp(sfx, "__lte") == 0) && (c->ops & COP_RANGE))
			f->op = COP_RANGE;
		else if (sfx != NULL && strcmp(sfx, "__null") == 0 &&
		    (c->ops & COP_NULL))
			f->op = COP_NULL;
		else {
			*why = arena_printf(a, "%s: %s cannot be filtered "
			    "that way", name, c->name);
			return 400;
		}
		bad = NULL;
		if (f->op == COP_NULL) {
			if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
				bad = "must be true or false";
			f->isnull = strcmp(v, "true") == 0;
		} else if (f->op == COP_IN) {
			f->value = v;
			f->array = rs_in_array(a, c, v, &bad);
		} else {
			bad = rs_value_check(c, v);
			if (f->op == COP_RANGE && sfx[2] == 'g')
				f->lo = v;
			else if (f->op == COP_RANGE)
				f->hi = v;
			else
				f->value = v;
		}
		if (bad != NULL) {
			*why = arena_printf(a, "%s: %s", name, bad);
			return 422;
		}
		/* A range given as two parameters is one filter. */
		for (k = 0; f->op == COP_RANGE && k < q->nf; k++)
			if (q->f[k].col == c && q->f[k].op == COP_RANGE) {
				if (f->lo != NULL)
					q->f[k].lo = f->lo;
				if (f->hi != NULL)
					q->f[k].hi = f->hi;
				break;
			}
		if (k == q->nf || f->op != COP_RANGE)
			q->nf++;
	}
	if ((q->after != NULL) != (q->after_pk != NULL) ||
	    (q->before != NULL) != (q->before_pk != NULL) ||
	    (q->after != NULL && q->before != NULL)) {
		*why = "after/before: a cursor is a value and a key, one way";
		return 400;
	}
	if ((q->after != NULL && (rs_value_check(q->sort, q->after) ||
	    rs_value_check(r->pk, q->after_pk))) || (q->before != NULL &&
	    (rs_value_check(q->sort, q->before) ||
	    rs_value_check(r->pk, q->before_pk)))) {
		*why = "after/before: not a cursor of this sort";
		return 400;
	}
	return 0;
}

void
rs_query_url(struct buf *b, const struct rs_query *q, bool with_sort)
{
	const struct rs_filter	*f;
	size_t			 i;

	if (q->q != NULL) {
		buf_puts(b, "q=");
		form_encode(b, q->q);
		buf_putc(b, '&');
	}
	for (i = 0; i < q->nf; i++) {
		f = &q->f[i];
		switch (f->op) {
		case COP_EQ:
			buf_printf(b, "%s=", f->col->name);
			form_encode(b, f->value);
			buf_putc(b, '&');
			break;
		case COP_IN:
			buf_printf(b, "%s__in=", f->col->name);
			form_encode(b, f->value);
			buf_putc(b, '&');
			break;
		case COP_NULL:
			buf_printf(b, "%s__null=%s&", f->col->name,
			    f->isnull ? "true" : "false");
			break;
		case COP_RANGE:
			if (f->lo != NULL) {
				buf_printf(b, "%s__gte=", f->col->name);
				form_encode(b, f->lo);
				buf_putc(b, '&');
			}
			if (f->hi != NULL) {
				buf_printf(b, "%s__lte=", f->col->name);
				form_encode(b, f->hi);
				buf_putc(b, '&');
			}
			break;
		}
	}
	if (with_sort && (q->sort != q->r->sort || q->desc != q->r->sort_desc))
		buf_printf(b, "sort=%s%s&", q->desc ? "-" : "", q->sort->name);
	if (q->limit != RS_PAGE)
		buf_printf(b, "limit=%d&", q->limit);
}

/* Escapes LIKE's wildcards so a search matches its text literally. */
static const char *
rs_like(struct arena *a, const char *s)
{
	struct buf	b;

	buf_init(&b, a);
	buf_putc(&b, '%');
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '%' || *s == '_')
			buf_putc(&b, '\\');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '%');
	return b.data;
}

/* " WHERE ..." for the search and filters (nothing when there are none). */
static void
rs_where(struct sqlb *sb, const struct rs_query *q, bool *any)
{
	const struct cresource	*r = q->r;
	const struct rs_filter	*f;
	const char		*pat;
	size_t			 i;
	bool			 first;

	*any = false;
#define AND()	buf_puts(&sb->sql, *any ? " AND " : " WHERE "), *any = true
	if (q->q != NULL) {
		AND();
		pat = rs_like(sb->a, q->q);
		buf_putc(&sb->sql, '(');
		first = true;
		for (i = 0; i < r->ncols; i++) {
			if (!r->cols[i].searchable)
				continue;
			if (!first)
				buf_puts(&sb->sql, " OR ");
			first = false;
			rs_col(sb, &r->cols[i]);
			buf_puts(&sb->sql, " ILIKE ");
			sqlb_param(sb, pat);
			buf_puts(&sb->sql, " ESCAPE '\\'");
		}
		if (first)	/* nothing searchable: nothing matches */
			buf_puts(&sb->sql, "false");
		buf_putc(&sb->sql, ')');
	}
	for (i = 0; i < q->nf; i++) {
		f = &q->f[i];
		AND();
		switch (f->op) {
		case COP_EQ:
			rs_col(sb, f->col);
			buf_puts(&sb->sql, " = ");
			sqlb_param(sb, f->value);
			buf_printf(&sb->sql, "::%s", rs_cast(f->col));
			break;
		case COP_IN:
			rs_col(sb, f->col);
			buf_puts(&sb->sql, " = ANY (");
			sqlb_param(sb, f->array);
			buf_printf(&sb->sql, "::%s[])", rs_cast(f->col));
			break;
		case COP_NULL:
			rs_col(sb, f->col);
			buf_puts(&sb->sql, f->isnull ? " IS NULL" :
			    " IS NOT NULL");
			break;
		case COP_RANGE:
			buf_putc(&sb->sql, '(');
			if (f->lo != NULL) {
				rs_col(sb, f->col);
				buf_puts(&sb->sql, " >= ");
				sqlb_param(sb, f->lo);
				buf_printf(&sb->sql, "::%s", rs_cast(f->col));
			}
			if (f->lo != NULL && f->hi != NULL)
				buf_puts(&sb->sql, " AND ");
			if (f->hi != NULL) {
				rs_col(sb, f->col);
				buf_puts(&sb->sql, " <= ");
				sqlb_param(sb, f->hi);
				buf_printf(&sb->sql, "::%s", rs_cast(f->col));
			}
			buf_putc(&sb->sql, ')');
			break;
		}
	}
}

/* The keyset condition and the order, in the direction of travel. */
static void
rs_order(struct sqlb *sb, const struct rs_query *q, bool any, int limit)
{
	const char	*s = rs_ident(sb->a, q->sort->name);
	const char	*k = rs_ident(sb->a, q->r->pk->name);
	bool		 back = q->before != NULL;
	/* Walking backwards reverses the order, and the page after. */
	bool		 desc = q->desc != back;

	if (q->after != NULL || q->before != NULL) {
		buf_printf(&sb->sql, "%s(t.%s, t.%s) %s (", any ? " AND " :
		    " WHERE ", s, k, desc ? "<" : ">");
		sqlb_param(sb, back ? q->before : q->after);
		buf_printf(&sb->sql, "::%s, ", rs_cast(q->sort));
		sqlb_param(sb, back ? q->before_pk : q->after_pk);
		buf_printf(&sb->sql, "::%s)", rs_cast(q->r->pk));
	}
	buf_printf(&sb->sql, " ORDER BY t.%s %s, t.%s %s", s,
	    desc ? "DESC" : "ASC", k, desc ? "DESC" : "ASC");
	if (limit > 0)
		buf_printf(&sb->sql, " LIMIT %d", limit);
}

int
rs_list(struct arena *a, const struct rs_query *q, struct rs_row **out,
    bool *more)
{
	struct sqlb	 sb;
	PGresult	*res;
	int		 n, i;
	bool		 any;

	sqlb_init(&sb, a);
	rs_select(&sb, q->r, q->sort, false, q->listed_only);
	rs_where(&sb, q, &any);
	rs_order(&sb, q, any, q->limit + 1);
	if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL)
		return -1;
	n = PQntuples(res);
	*more = n > q->limit;
	if (n > q->limit)
		n = q->limit;
	*out = arena_calloc(a, n > 0 ? (size_t)n : 1, sizeof(**out));
	for (i = 0; i < n; i++)
		/* Backwards pages come reversed; show them in order. */
		rs_row_read(a, q->r, res, i, &(*out)[q->before != NULL ?
		    n - 1 - i : i], true);
	PQclear(res);
	return n;
}

/*
 * The planner's row estimate for r's table, kept for RS_RELTUPLES_TTL
 * seconds per worker: it only changes when autovacuum or ANALYZE runs,
 * and a list page should not pay a round trip for it. -1 on error.
 */
#define RS_RELTUPLES_TTL	10
#define RS_RELTUPLES_SLOTS	64

static int
rs_reltuples(const struct cresource *r, long long *n)
{
	static struct {
		char		 name[2 * 64 + 2];
		long long	 n;
		time_t		 at;
	}		 cache[RS_RELTUPLES_SLOTS];
	static size_t	 next;
	struct timespec	 now;
	PGresult	*res;
	const char	*p[2];
	char		 name[sizeof(cache[0].name)];
	size_t		 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(name, sizeof(name), "%s.%s", r->schema, r->table);
	for (i = 0; i < RS_RELTUPLES_SLOTS; i++)
		if (strcmp(cache[i].name, name) == 0 &&
		    now.tv_sec - cache[i].at < RS_RELTUPLES_TTL) {
			*n = cache[i].n;
			return 0;
		}
	p[0] = r->schema;
	p[1] = r->table;
	if ((res = db_exec(__func__, "SELECT c.reltuples::bigint FROM"
	    " pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace"
	    " WHERE s.nspname = $1 AND c.relname = $2", 2, p)) == NULL)
		return -1;
	*n = PQntuples(res) == 1 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) :
	    -1;
	PQclear(res);
	for (i = 0; i < RS_RELTUPLES_SLOTS; i++)
		if (strcmp(cache[i].name, name) == 0)
			break;
	if (i == RS_RELTUPLES_SLOTS)
		i = next++ % RS_RELTUPLES_SLOTS;
	snprintf(cache[i].name, sizeof(cache[i].name), "%s", name);
	cache[i].n = *n;
	cache[i].at = now.tv_sec;
	return 0;
}

int
rs_count(struct arena *a, const struct rs_query *q, long cap, bool estimate,
    long long *n, bool *capped, bool *estimated)
{
	struct sqlb	 sb;
	PGresult	*res;
	bool		 any;

	*capped = *estimated = false;
	*n = 0;
	if (estimate) {
		/* A big table is counted by the planner's estimate. */
		if (rs_reltuples(q->r, n) == -1)
			return -1;
		if (q->q == NULL && q->nf == 0 && *n > cap) {
			*estimated = true;
			return 0;
		}
	}
	/*
	 * On a big table even a capped count of a filter can read thousands
	 * of rows at random: take the planner's estimate for the filter.
	 */
	if (estimate && *n > RS_ESTIMATE_ABOVE) {
		struct json_object	*plan, *o;

		sqlb_init(&sb, a);
		buf_printf(&sb.sql, "EXPLAIN (FORMAT JSON) SELECT 1 FROM %s t",
		    rs_table(a, q->r));
		rs_where(&sb, q, &any);
		if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL)
			return -1;
		plan = json_tokener_parse(PQgetvalue(res, 0, 0));
		PQclear(res);
		if (plan != NULL &&
		    (o = json_object_array_get_idx(plan, 0)) != NULL &&
		    json_object_object_get_ex(o, "Plan", &o) &&
		    json_object_object_get_ex(o, "Plan Rows", &o)) {
			*n = json_object_get_int64(o);
			*estimated = true;
			json_object_put(plan);
			return 0;
		}
		json_object_put(plan);
	}
	sqlb_init(&sb, a);
	buf_printf(&sb.sql, "SELECT count(*) FROM (SELECT 1 FROM %s t",
	    rs_table(a, q->r));
	rs_where(&sb, q, &any);
	buf_printf(&sb.sql, " LIMIT %ld) s", cap + 1);
	if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL)
		return -1;
	*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (*n > cap) {
		*n = cap;
		*capped = true;
	}
	return 0;
}

#define RS_FETCH	"FETCH 5000 FROM rs_export"

int
rs_each(struct arena *a, const struct rs_query *q,
    int (*cb)(const struct rs_row *, void *), void *ctx)
{
	struct sqlb	 sb;
	struct rs_query	 all = *q;
	struct rs_row	 row;
	struct arena	*scratch;
	PGresult	*res;
	int		 n, i, rc = 0;
	bool		 any;

	all.after = all.before = NULL;
	sqlb_init(&sb, a);
	buf_puts(&sb.sql, "DECLARE rs_export NO SCROLL CURSOR FOR ");
	rs_select(&sb, q->r, q->sort, false, q->listed_only);
	rs_where(&sb, &all, &any);
	rs_order(&sb, &all, any, 0);
	if (db_begin() == -1 || db_command(__func__, "SET TRANSACTION"
	    " ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL) == -1 ||
	    db_command(__func__, sb.sql.data, sb.n, sb.p) == -1) {
		db_rollback();
		return -1;
	}
	/*
	 * The next batch is asked for before this one is written out, so
	 * PostgreSQL reads and formats rows while the worker sends them.
	 */
	scratch = arena_new();
	if (db_send(__func__, RS_FETCH) == -1)
		rc = -1;
	while (rc == 0) {
		arena_reset(scratch);
		if ((res = db_wait(__func__)) == NULL) {
			rc = -1;
			break;
		}
		n = PQntuples(res);
		if (n > 0 && db_send(__func__, RS_FETCH) == -1)
			rc = -1;
		for (i = 0; i < n && rc == 0; i++) {
			rs_row_read(scratch, q->r, res, i, &row, false);
			if (cb(&row, ctx) == -1) {
				rc = -1;
				/* The batch in flight is drained, unread. */
				PQclear(db_wait(__func__));
			}
		}
		PQclear(res);
		if (n == 0)
			break;
	}
	arena_free(scratch);
	db_rollback();
	return rc;
}

int
rs_get(struct arena *a, const struct cresource *r, const char *pk,
    struct rs_row *row)
{
	struct sqlb	 sb;
	PGresult	*res;
	int		 rc;

	if (rs_value_check(r->pk, pk) != NULL)
		return 0;
	sqlb_init(&sb, a);
	rs_select(&sb, r, r->pk, true, false);
	rs_where_key(&sb, r, pk);
	if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL)
		return -1;
	if ((rc = PQntuples(res) == 1))
		rs_row_read(a, r, res, 0, row, true);
	PQclear(res);
	return rc;
}

int
rs_related(struct arena *a, const struct cresource *r,
    const struct ccolumn *col, const char *value, int limit,
    struct rs_row **out, long long *total)
{
	struct rs_query	 q;
	bool		 more, capped, est;
	int		 n;

	memset(&q, 0, sizeof(q));
	q.r = r;
	q.sort = r->sort;
	q.desc = r->sort_desc;
	q.limit = limit;
	q.nf = 1;
	q.f[0].col = col;
	q.f[0].op = COP_EQ;
	q.f[0].value = value;
	if ((n = rs_list(a, &q, out, &more)) == -1 ||
	    rs_count(a, &q, RS_COUNT_CAP, true, total, &capped, &est) == -1)
		return -1;
	return n;
}

/* RETURNING the columns rs_select() reads, for rs_row_read(). */
static void
rs_returning(struct sqlb *sb, const struct cresource *r, const char *alias)
{
	buf_puts(&sb->sql, " RETURNING ");
	rs_columns(sb, r, r->sort, alias, true, false);
}

/* Runs an INSERT or UPDATE of one row, reading it back into out. */
static int
rs_write_row(struct sqlb *sb, struct arena *a, const struct cresource *r,
    struct rs_row *out)
{
	PGresult	*res;

	rs_returning(sb, r, "t");
	if ((res = db_exec(__func__, sb->sql.data, sb->n, sb->p)) == NULL)
		return -1;
	rs_row_read(a, r, res, 0, out, true);
	PQclear(res);
	return 0;
}

int
rs_insert(struct audit_txn *t, struct arena *a, const struct cresource *r,
    const struct rs_value *v, size_t n, struct rs_row *out)
{
	struct sqlb	 sb;
	size_t		 i;

	if (!audit_live(t))
		return -1;
	sqlb_init(&sb, a);
	buf_printf(&sb.sql, "INSERT INTO %s AS t", rs_table(a, r));
	if (n == 0)
		buf_puts(&sb.sql, " DEFAULT VALUES");
	else {
		buf_puts(&sb.sql, " (");
		for (i = 0; i < n; i++)
			buf_printf(&sb.sql, "%s%s", i > 0 ? ", " : "",
			    rs_ident(a, v[i].col->name));
		buf_puts(&sb.sql, ") VALUES (");
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_puts(&sb.sql, ", ");
			sqlb_param(&sb, v[i].text);
			buf_printf(&sb.sql, "::%s", rs_cast(v[i].col));
		}
		buf_putc(&sb.sql, ')');
	}
	return rs_write_row(&sb, a, r, out);
}

int
rs_update(struct audit_txn *t, struct arena *a, const struct cresource *r,
    const char *pk, const char *version, const struct rs_value *v, size_t n,
    struct rs_row *old, struct rs_row *out)
{
	struct sqlb	 sb;
	PGresult	*res;
	size_t		 i;
	int		 found;

	if (!audit_live(t))
		return -1;
	if (rs_value_check(r->pk, pk) != NULL)
		return 2;
	/* Lock the row, and see whether it is still what the form showed. */
	sqlb_init(&sb, a);
	rs_select(&sb, r, r->sort, true, false);
	rs_where_key(&sb, r, pk);
	buf_puts(&sb.sql, " FOR UPDATE");
	if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL)
		return -1;
	if ((found = PQntuples(res)) == 1)
		rs_row_read(a, r, res, 0, old, true);
	PQclear(res);
	if (!found)
		return 2;
	if (version != NULL && strcmp(version, old->version) != 0)
		return 1;
	if (n == 0) {
		*out = *old;
		return 0;
	}
	sqlb_init(&sb, a);
	buf_printf(&sb.sql, "UPDATE %s AS t SET ", rs_table(a, r));
	for (i = 0; i < n; i++) {
		buf_printf(&sb.sql, "%s%s = ", i > 0 ? ", " : "",
		    rs_ident(a, v[i].col->name));
		sqlb_param(&sb, v[i].text);
		buf_printf(&sb.sql, "::%s", rs_cast(v[i].col));
	}
	rs_where_key(&sb, r, pk);
	return rs_write_row(&sb, a, r, out);
}

int
rs_delete(struct audit_txn *t, struct arena *a, const struct cresource *r,
    const char *pk, struct rs_row *old, const char **detail)
{
	struct sqlb	 sb;
	PGresult	*res;
	int		 found;

	if (!audit_live(t))
		return -1;
	if (rs_value_check(r->pk, pk) != NULL)
		return 2;	/* not a key of this type: no such record */
	sqlb_init(&sb, a);
	buf_printf(&sb.sql, "DELETE FROM %s AS t", rs_table(a, r));
	rs_where_key(&sb, r, pk);
	rs_returning(&sb, r, "t");
	if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL) {
		if (strcmp(db_last_sqlstate(), "23503") == 0) {
			*detail = "other records refer to it";
			return 3;
		}
		return -1;
	}
	if ((found = PQntuples(res)) == 1)
		rs_row_read(a, r, res, 0, old, true);
	PQclear(res);
	return found ? 0 : 2;
}

struct json_object *
rs_row_json(const struct cresource *r, const struct rs_row *row)
{
	struct json_object	*o = json_object_new_object(), *v;
	const struct ccolumn	*c;
	size_t			 i;

	for (i = 0; i < r->ncols; i++) {
		c = &r->cols[i];
		if (c->secret)
			continue;
		if (row->v[i] == NULL)
			v = NULL;
		else if (c->type == CT_INTEGER || c->type == CT_BIGINT)
			v = json_object_new_int64(strtoll(row->v[i], NULL, 10));
		else if (c->type == CT_BOOLEAN)
			v = json_object_new_boolean(strcmp(row->v[i], "true")
			    == 0);
		else if (c->type == CT_JSONB &&
		    (v = json_tokener_parse(row->v[i])) != NULL)
			;
		else
			v = json_object_new_string(row->v[i]);
		json_object_object_add(o, c->name, v);
	}
	return o;
}

/* before/after of the changed columns, secrets redacted. */
static void
rs_diff(const struct cresource *r, const struct rs_row *old,
    const struct rs_row *now, struct json_object **before,
    struct json_object **after)
{
	size_t	i;

	*before = old != NULL ? json_object_new_object() : NULL;
	*after = now != NULL ? json_object_new_object() : NULL;
	for (i = 0; i < r->ncols; i++) {
		const char *k = r->cols[i].name;

		/* Never read, so never written down (see the handlers). */
		if (r->cols[i].secret)
			continue;
		if (old != NULL)
			json_object_object_add(*before, k, old->v[i] == NULL ?
			    NULL : json_object_new_string(old->v[i]));
		if (now != NULL)
			json_object_object_add(*after, k, now->v[i] == NULL ?
			    NULL : json_object_new_string(now->v[i]));
	}
}

int
rs_audit(struct audit_txn *t, enum audit_action action,
    const struct cresource *r, const struct rs_row *old,
    const struct rs_row *now, const struct rs_value *v, size_t nv,
    bool commit)
{
	struct json_object	*before, *after;
	const char		*pk = now != NULL ? now->pk : old->pk;
	size_t			 i;

	rs_diff(r, old, now, &before, &after);
	/*
	 * A secret written (a new password) is never read back, so the
	 * diff cannot see it: say that it changed, never what it is.
	 */
	for (i = 0; i < nv; i++) {
		if (!v[i].col->secret)
			continue;
		if (before != NULL)
			json_object_object_add(before, v[i].col->name,
			    json_object_new_string("(secret)"));
		if (after != NULL)
			json_object_object_add(after, v[i].col->name,
			    json_object_new_string("(secret, changed)"));
	}
	return commit ? audit_commit(t, action, r->name, pk, before, after) :
	    audit_add(t, action, r->name, pk, before, after);
}

int
rs_bulk(struct audit_txn *t, struct arena *a, const struct cbulk *b,
    const struct rs_query *q, const char **pks, size_t n, long max,
    const char *from, long *changed, const char **last)
{
	const struct cresource	*r = q->r;
	struct sqlb		 sb;
	struct rs_query		 all = *q;
	struct rs_row		 old, now;
	PGresult		*res;
	size_t			 i;
	int			 rows, k;
	bool			 any;

	if (!audit_live(t))
		return -1;
	*changed = 0;
	*last = NULL;
	/* Lock the rows first, so the count and the old values hold. */
	sqlb_init(&sb, a);
	rs_select(&sb, r, r->pk, false, false);
	if (pks != NULL) {
		struct buf	list;

		/* Keys are checked numbers or text without commas. */
		buf_init(&list, a);
		for (i = 0; i < n; i++)
			buf_printf(&list, "%s%s", i > 0 ? "," : "", pks[i]);
		buf_printf(&sb.sql, " WHERE t.%s = ANY (string_to_array(",
		    rs_ident(a, r->pk->name));
		sqlb_param(&sb, list.data);
		buf_printf(&sb.sql, ", ',')::%s[])", rs_cast(r->pk));
	} else {
		all.after = all.before = NULL;
		rs_where(&sb, &all, &any);
		/* A batch after the first starts past the last one's key. */
		if (from != NULL) {
			buf_printf(&sb.sql, "%st.%s > ", any ? " AND " :
			    " WHERE ", rs_ident(a, r->pk->name));
			sqlb_param(&sb, from);
			buf_printf(&sb.sql, "::%s", rs_cast(r->pk));
		}
	}
	buf_printf(&sb.sql, " ORDER BY t.%s LIMIT %ld FOR UPDATE",
	    rs_ident(a, r->pk->name), max + 1);
	if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL)
		return -1;
	rows = PQntuples(res);
	if (rows > max && pks != NULL) {
		PQclear(res);
		return 1;
	}
	/* More match than a batch holds: this one ends at row max. */
	if (rows > max) {
		rows = (int)max;
		*last = arena_strdup(a, PQgetvalue(res, rows - 1,
		    (int)r->ncols));
	}
	for (k = 0; k < rows; k++) {
		struct sqlb	 up;
		PGresult	*ures;

		rs_row_read(a, r, res, k, &old, true);
		sqlb_init(&up, a);
		buf_printf(&up.sql, "UPDATE %s AS t SET ", rs_table(a, r));
		for (i = 0; i < b->nset; i++) {
			buf_printf(&up.sql, "%s%s = ", i > 0 ? ", " : "",
			    rs_ident(a, b->set[i].col->name));
			if (b->set[i].now)
				buf_puts(&up.sql, "now()");
			else if (b->set[i].null)
				buf_puts(&up.sql, "NULL");
			else {
				sqlb_param(&up, b->set[i].value);
				buf_printf(&up.sql, "::%s",
				    rs_cast(b->set[i].col));
			}
		}
		rs_where_key(&up, r, old.pk);
		rs_returning(&up, r, "t");
		if ((ures = db_exec(__func__, up.sql.data, up.n, up.p)) ==
		    NULL) {
			PQclear(res);
			return -1;
		}
		rs_row_read(a, r, ures, 0, &now, true);
		PQclear(ures);
		if (rs_audit(t, AUDIT_RECORD_BULK, r, &old, &now, NULL, 0,
		    false) == -1) {
			PQclear(res);
			return -1;
		}
		(*changed)++;
	}
	PQclear(res);
	return 0;
}

/*
 * Foreign keys onto a table that act when its rows are deleted (cascade,
 * set null, set default): the referencing table and column, the action,
 * whether it is a single column onto $3 (the key Steward knows), and
 * whether steward_app may read the table. Partitions' copies of a key
 * (conparentid) are left out: the partitioned table's own stands for them.
 * Cascades come first, so a row that one key deletes and another would
 * set to NULL is counted as deleted.
 */
#define RS_FK_SQL \
	"SELECT cn.nspname, cl.relname, a.attname, c.confdeltype," \
	" array_length(c.conkey, 1) = 1 AND fa.attname = $3," \
	" has_table_privilege(c.conrelid, 'SELECT')" \
	" FROM pg_constraint c" \
	" JOIN pg_class cl ON cl.oid = c.conrelid" \
	" JOIN pg_namespace cn ON cn.oid = cl.relnamespace" \
	" JOIN pg_attribute a ON a.attrelid = c.conrelid" \
	"  AND a.attnum = c.conkey[1]" \
	" JOIN pg_attribute fa ON fa.attrelid = c.confrelid" \
	"  AND fa.attnum = c.confkey[1]" \
	" WHERE c.contype = 'f' AND c.confdeltype IN ('c', 'n', 'd')" \
	"  AND c.conparentid = 0" \
	"  AND c.confrelid = (SELECT pc.oid FROM pg_class pc" \
	"  JOIN pg_namespace pn ON pn.oid = pc.relnamespace" \
	"  WHERE pn.nspname = $1 AND pc.relname = $2)" \
	" ORDER BY c.confdeltype <> 'c', 1, 2, 3"

/* Whether any foreign key onto schema.table acts when its rows go. */
#define RS_FK_ANY_SQL \
	"SELECT EXISTS (SELECT 1 FROM pg_constraint c" \
	" WHERE c.contype = 'f' AND c.confdeltype IN ('c', 'n', 'd')" \
	"  AND c.confrelid = (SELECT pc.oid FROM pg_class pc" \
	"  JOIN pg_namespace pn ON pn.oid = pc.relnamespace" \
	"  WHERE pn.nspname = $1 AND pc.relname = $2))"

struct rs_deps {
	struct arena		*a;
	const struct catalog	*cat;
	struct rs_dependent	*d;
	size_t			 n, cap;
	long long		 rows;
	const char		*why;
};

/* keys as a PostgreSQL array literal, every element quoted. */
static const char *
rs_key_array(struct arena *a, const char *const *keys, size_t n)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, a);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++)
		rs_array_add(&b, keys[i]);
	buf_putc(&b, '}');
	return b.data;
}

/*
 * Whether row pk of r, reached again by another path, is already among
 * the dependents. A row found first as changed (SET NULL or DEFAULT) and
 * now as deleted (CASCADE) is deleted: it leaves the changed ones, so
 * that it is recorded, and followed, as a delete.
 */
static bool
rs_deps_seen(struct rs_deps *w, const struct cresource *r, const char *pk,
    bool deletes)
{
	size_t		i;
	long long	k;

	for (i = 0; i < w->n; i++) {
		if (w->d[i].r != r)
			continue;
		for (k = 0; k < w->d[i].n; k++) {
			if (strcmp(w->d[i].rows[k].pk, pk) != 0)
				continue;
			if (w->d[i].deletes || !deletes)
				return true;
			w->d[i].rows[k] = w->d[i].rows[--w->d[i].n];
			w->rows--;
			return false;
		}
	}
	return false;
}

static struct rs_dependent *
rs_deps_add(struct rs_deps *w)
{
	struct rs_dependent	*nd;

	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 8 : w->cap * 2;
		nd = arena_calloc(w->a, w->cap, sizeof(*nd));
		if (w->n > 0)
			memcpy(nd, w->d, w->n * sizeof(*nd));
		w->d = nd;
	}
	memset(&w->d[w->n], 0, sizeof(w->d[w->n]));
	return &w->d[w->n];
}

/*
 * One level: the rows of every table whose foreign key acts on the rows
 * of r with these keys, then the next level below the deleted ones. One
 * query for the keys and one per table and level, not per row.
 */
static int
rs_deps_walk(struct rs_deps *w, const struct cresource *r,
    const char *const *keys, size_t nkeys, int depth)
{
	const char		*p[3] = { r->schema, r->table, r->pk->name };
	const struct cresource	*child;
	struct rs_dependent	*d;
	struct sqlb		 sb;
	PGresult		*fk, *res;
	const char		**next;
	size_t			 idx, nnext, k;
	int			 i, row, nfk, rc = 0;

	if ((fk = db_exec(__func__, RS_FK_SQL, 3, p)) == NULL)
		return -1;
	nfk = PQntuples(fk);
	for (i = 0; i < nfk && rc == 0; i++) {
		const char	*schema = PQgetvalue(fk, i, 0);
		const char	*table = PQgetvalue(fk, i, 1);
		const char	*col = PQgetvalue(fk, i, 2);
		bool		 deletes = PQgetvalue(fk, i, 3)[0] == 'c';

		if (strcmp(PQgetvalue(fk, i, 4), "t") != 0) {
			w->why = arena_printf(w->a, "a foreign key of %s.%s"
			    " acts on it through columns other than %s",
			    schema, table, r->pk->name);
			rc = 1;
			break;
		}
		child = NULL;
		for (k = 0; w->cat != NULL && k < w->cat->nres; k++)
			if (strcmp(w->cat->res[k].schema, schema) == 0 &&
			    strcmp(w->cat->res[k].table, table) == 0)
				child = &w->cat->res[k];
		d = rs_deps_add(w);
		d->r = child;
		d->table = arena_printf(w->a, "%s.%s", schema, table);
		d->column = arena_strdup(w->a, col);
		d->deletes = deletes;
		/* A table steward_app may not read: how many, unknown. */
		if (child == NULL && strcmp(PQgetvalue(fk, i, 5), "t") != 0) {
			d->n = -1;
			w->n++;
			continue;
		}
		/*
		 * No lock on these rows: the record's own row is locked
		 * (FOR UPDATE), so no new row can come to refer to it.
		 */
		sqlb_init(&sb, w->a);
		if (child != NULL)
			rs_select(&sb, child, child->pk, false, false);
		else
			buf_printf(&sb.sql, "SELECT count(*) FROM %s.%s t",
			    catalog_quote(w->a, schema),
			    catalog_quote(w->a, table));
		buf_printf(&sb.sql, " WHERE t.%s = ANY (",
		    catalog_quote(w->a, col));
		sqlb_param(&sb, rs_key_array(w->a, keys, nkeys));
		buf_printf(&sb.sql, "::%s[])", rs_cast(r->pk));
		if (child != NULL)
			buf_printf(&sb.sql, " ORDER BY t.%s LIMIT %d",
			    rs_ident(w->a, child->pk->name),
			    RS_DEPENDENTS_MAX + 1);
		if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL) {
			rc = -1;
			break;
		}
		if (child == NULL)
			d->n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		else {
			d->rows = arena_calloc(w->a, (size_t)PQntuples(res) + 1,
			    sizeof(*d->rows));
			for (row = 0; row < PQntuples(res); row++) {
				rs_row_read(w->a, child, res, row,
				    &d->rows[d->n], true);
				/* Reached by two paths: once is enough. */
				if (!rs_deps_seen(w, child, d->rows[d->n].pk,
				    deletes))
					d->n++;
			}
		}
		PQclear(res);
		if (d->n == 0)
			continue;
		idx = w->n++;
		if ((w->rows += d->n) > RS_DEPENDENTS_MAX) {
			w->why = arena_printf(w->a, "it would take more than %d"
			    " rows of other tables with it", RS_DEPENDENTS_MAX);
			rc = 1;
			break;
		}
		if (!deletes)
			continue;
		/*
		 * Rows deleted in turn take their own dependents along:
		 * followed through catalogued tables; through any other, where
		 * Steward knows no key, the delete is refused.
		 */
		if (child == NULL) {
			const char	*q[2] = { schema, table };

			if ((res = db_exec(__func__, RS_FK_ANY_SQL, 2, q)) ==
			    NULL) {
				rc = -1;
				break;
			}
			if (strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
				w->why = arena_printf(w->a, "deleting rows of "
				    "%s.%s goes on to other tables, and the "
				    "catalogue does not describe %s.%s",
				    schema, table, schema, table);
				rc = 1;
			}
			PQclear(res);
			continue;
		}
		if (depth == 4) {
			w->why = "its dependents go more than four tables deep";
			rc = 1;
			break;
		}
		/* The walk below may move w->d: index it, not d. */
		nnext = (size_t)w->d[idx].n;
		next = arena_calloc(w->a, nnext, sizeof(*next));
		for (k = 0; k < nnext; k++)
			next[k] = w->d[idx].rows[k].pk;
		rc = rs_deps_walk(w, child, next, nnext, depth + 1);
	}
	PQclear(fk);
	return rc;
}

int
rs_dependents(struct arena *a, const struct catalog *cat,
    const struct cresource *r, const char *pk, bool lock,
    struct rs_dependent **out, size_t *n, const char **why)
{
	struct rs_deps	 w;
	struct sqlb	 sb;
	PGresult	*res;
	const char	*t[1] = { rs_table(a, r) };
	int		 rc;

	memset(&w, 0, sizeof(w));
	*out = NULL;
	*n = 0;
	*why = NULL;
	/*
	 * Inside the delete's transaction, the record's row first, FOR
	 * UPDATE: a row that comes to refer to it (its foreign key check
	 * takes FOR KEY SHARE) waits until the delete is done, so what is
	 * found here is all that goes. A row lock needs the UPDATE
	 * privilege; without it the walk goes on unlocked.
	 */
	if (lock) {
		if ((res = db_exec(__func__, "SELECT has_table_privilege($1,"
		    " 'UPDATE')", 1, t)) == NULL)
			return -1;
		lock = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		PQclear(res);
	}
	if (lock) {
		sqlb_init(&sb, a);
		buf_printf(&sb.sql, "SELECT 1 FROM %s t", t[0]);
		rs_where_key(&sb, r, pk);
		buf_puts(&sb.sql, " FOR UPDATE");
		if ((res = db_exec(__func__, sb.sql.data, sb.n, sb.p)) == NULL)
			return -1;
		PQclear(res);
	}
	w.a = a;
	w.cat = cat;
	rc = rs_deps_walk(&w, r, &pk, 1, 1);
	*out = w.d;
	*n = w.n;
	*why = w.why;
	return rc;
}

int
rs_audit_delete(struct audit_txn *t, struct arena *a,
    const struct cresource *r, const struct rs_row *old,
    const struct rs_dependent *deps, size_t ndeps)
{
	struct json_object	*before, *after, *other = NULL, *was;
	struct rs_row		 now;
	const char		*key;
	size_t			 i;
	long long		 k;
	int			 got;

	rs_diff(r, old, NULL, &before, &after);
	for (i = 0; i < ndeps; i++) {
		if (deps[i].r != NULL)
			continue;
		if (other == NULL)
			other = json_object_new_object();
		key = arena_printf(a, "%s.%s %s", deps[i].table,
		    deps[i].column, deps[i].deletes ? "deleted" : "changed");
		/* The same table and column reached from several parents. */
		if (json_object_object_get_ex(other, key, &was) &&
		    json_object_is_type(was, json_type_int) && deps[i].n >= 0)
			json_object_object_add(other, key,
			    json_object_new_int64(json_object_get_int64(was) +
			    deps[i].n));
		else if (!json_object_object_get_ex(other, key, NULL) ||
		    deps[i].n < 0)
			json_object_object_add(other, key, deps[i].n < 0 ?
			    json_object_new_string("unknown (not readable)") :
			    json_object_new_int64(deps[i].n));
	}
	if (other != NULL)
		json_object_object_add(before, "_dependents", other);
	if (audit_add(t, AUDIT_RECORD_DELETE, r->name, old->pk, before,
	    after) == -1)
		goto fail;
	for (i = 0; i < ndeps; i++) {
		if (deps[i].r == NULL)
			continue;
		for (k = 0; k < deps[i].n; k++) {
			if (deps[i].deletes) {
				if (rs_audit(t, AUDIT_RECORD_DELETE, deps[i].r,
				    &deps[i].rows[k], NULL, NULL, 0, false) ==
				    -1)
					goto fail;
				continue;
			}
			/*
			 * Set to NULL or its default: as the row is now. A
			 * row gone is one another key cascaded to (audited
			 * there, if catalogued).
			 */
			if ((got = rs_get(a, deps[i].r, deps[i].rows[k].pk,
			    &now)) == -1)
				goto fail;
			if (got == 1 && rs_audit(t, AUDIT_RECORD_UPDATE,
			    deps[i].r, &deps[i].rows[k], &now, NULL, 0, false)
			    == -1)
				goto fail;
		}
	}
	return audit_finish(t);
fail:
	audit_abort(t);
	return -1;
}