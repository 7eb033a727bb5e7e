/*
 * handlers/explore.c: /admin/explore, read-only browsing of every table
 * and view in the schemas explore_schemas allows: columns, types,
 * indexes, a row estimate and paged rows with a simple filter. Names in
 * the URL are looked up in PostgreSQL's catalogue and only then quoted
 * into SQL; values are parameters; the reading transaction is READ ONLY.
 * Columns the catalogue declares secret, and columns whose names say
 * password, secret, token or hash, are masked.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "handlers/explore.h"
#include "handlers/reply.h"
#include "request.h"
#include "response.h"
#include "tmpl.h"
#include "view.h"

#define EXPLORE_PAGE		50
#define EXPLORE_MAX_PAGES	200	/* OFFSET grows; past it, filter */
#define EXPLORE_SORT_MAX	100000	/* rows sorted by ctid for a page */
#define EXPLORE_MAX_COLUMNS	100

/* Is schema one of the allowed ones (a comma-separated list)? */
static bool
explore_allowed(const struct conf *c, const char *schema)
{
	return schema != NULL && conf_role_listed(c->explore_schemas, schema);
}

/* Masked: declared secret in the catalogue, or named like a secret. */
static bool
explore_secret(const char *schema, const char *table, const char *col)
{
	static const char *const words[] = { "password", "secret", "token",
		"hash", "api_key", "private", NULL };
	const struct ccolumn	*c;
	size_t			 i, k;

	for (i = 0; i < catalog.nres; i++)
		if (strcmp(catalog.res[i].schema, schema) == 0 &&
		    strcmp(catalog.res[i].table, table) == 0 &&
		    (c = catalog_column(&catalog.res[i], col)) != NULL &&
		    c->secret)
			return true;
	for (k = 0; words[k] != NULL; k++)
		if (strstr(col, words[k]) != NULL)
			return true;
	return false;
}

void
explore_index(struct request *r, struct response *resp)
{
	struct tmpl_dict	*d, *x;
	PGresult		*res;
	const char		*p[1] = { r->conf->explore_schemas };
	int			 n, i;

	res = db_exec(__func__,
	    "SELECT n.nspname, c.relname, CASE c.relkind WHEN 'v' THEN 'view'"
	    "  WHEN 'm' THEN 'materialized view' ELSE 'table' END,"
	    "  greatest(c.reltuples, 0)::bigint,"
	    "  pg_size_pretty(pg_total_relation_size(c.oid))"
	    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE n.nspname = ANY (string_to_array(replace($1, ' ', ''), ','))"
	    " AND c.relkind IN ('r', 'p', 'v', 'm')"
	    " ORDER BY n.nspname, c.relname", 1, p);
	if (res == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	n = PQntuples(res);
	d = view_begin(r, VIEW_EXPLORE, "Database explorer");
	tmpl_set(d, "SCHEMAS", r->conf->explore_schemas);
	for (i = 0; i < n; i++) {
		x = tmpl_section(d, "TABLE");
		tmpl_set(x, "SCHEMA", PQgetvalue(res, i, 0));
		tmpl_set(x, "NAME", PQgetvalue(res, i, 1));
		tmpl_set(x, "KIND", PQgetvalue(res, i, 2));
		tmpl_set(x, "ROWS", PQgetvalue(res, i, 3));
		tmpl_set(x, "SIZE", PQgetvalue(res, i, 4));
	}
	if (n == 0)
		tmpl_show(d, "EMPTY");
	PQclear(res);
	view_finish(r, resp, 200);
}

void
explore_table(struct request *r, struct response *resp)
{
	const char	*schema = route_get_capture(&r->match, "schema");
	const char	*table = route_get_capture(&r->match, "table");
	const char	*fcol = reply_param(r, "column");
	const char	*fval = params_get(&r->query, "value");
	const char	*pg = reply_param(r, "page");
	const char	*p[2], *cols[EXPLORE_MAX_COLUMNS], *order;
	bool		 secret[EXPLORE_MAX_COLUMNS];
	struct tmpl_dict *d, *x, *y;
	struct buf	 sql, link;
	PGresult	*res, *rows;
	long		 page = 0;
	int		 n, i, k, ncols, fidx = -1;
	char		*end, relkind;
	long long	 estimate;

	if (!explore_allowed(r->conf, schema)) {
		view_error(r, resp, 404, "There is no such table here.");
		return;
	}
	if (pg != NULL) {
		page = strtol(pg, &end, 10);
		if (*end != '\0' || page < 0 || page >= EXPLORE_MAX_PAGES) {
			view_error(r, resp, 400, "page: 0 to 199; filter to go "
			    "further.");
			return;
		}
	}
	p[0] = schema;
	p[1] = table;
	res = db_exec(__func__,
	    "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
	    "  a.attnotnull, pg_get_expr(d.adbin, d.adrelid),"
	    "  c.reltuples::bigint, c.relkind"
	    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " JOIN pg_attribute a ON a.attrelid = c.oid"
	    " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
	    " WHERE n.nspname = $1 AND c.relname = $2"
	    " AND c.relkind IN ('r', 'p', 'v', 'm')"
	    " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", 2, p);
	if (res == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((ncols = PQntuples(res)) == 0) {
		PQclear(res);
		view_error(r, resp, 404, "There is no such table here.");
		return;
	}
	if (ncols > EXPLORE_MAX_COLUMNS)
		ncols = EXPLORE_MAX_COLUMNS;
	d = view_begin(r, VIEW_EXPLORE_TABLE, arena_printf(r->arena, "%s.%s",
	    schema, table));
	tmpl_set(d, "SCHEMA", schema);
	tmpl_set(d, "NAME", table);
	tmpl_set(d, "ROWS", PQgetvalue(res, 0, 4));
	relkind = PQgetvalue(res, 0, 5)[0];
	estimate = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
	tmpl_set(d, "VALUE", fval != NULL ? fval : "");
	for (i = 0; i < ncols; i++) {
		cols[i] = arena_strdup(r->arena, PQgetvalue(res, i, 0));
		secret[i] = explore_secret(schema, table, cols[i]);
		if (fcol != NULL && strcmp(fcol, cols[i]) == 0 && !secret[i])
			fidx = i;
		x = tmpl_section(d, "COLUMN");
		tmpl_set(x, "NAME", cols[i]);
		tmpl_set(x, "TYPE", PQgetvalue(res, i, 1));
		tmpl_set(x, "NULL", strcmp(PQgetvalue(res, i, 2), "t") == 0 ?
		    "not null" : "");
		tmpl_set(x, "DEFAULT", PQgetvalue(res, i, 3));
		if (secret[i])
			tmpl_show(x, "SECRET");
		else {
			y = tmpl_section(d, "OPTION");
			tmpl_set(y, "NAME", cols[i]);
			if (fidx == i)
				tmpl_show(y, "SELECTED");
		}
		tmpl_set(tmpl_section(d, "HEAD"), "NAME", cols[i]);
	}
	PQclear(res);
	if (fcol != NULL && fidx == -1) {
		view_end(r);
		view_error(r, resp, 400, "column: no such (visible) column.");
		return;
	}
	/* Indexes. */
	if ((res = db_exec(__func__, "SELECT indexname, indexdef FROM"
	    " pg_indexes WHERE schemaname = $1 AND tablename = $2"
	    " ORDER BY indexname", 2, p)) == NULL) {
		view_end(r);
		reply_unavailable(r, resp);
		return;
	}
	for (i = 0; i < PQntuples(res); i++) {
		x = tmpl_section(d, "INDEX");
		tmpl_set(x, "NAME", PQgetvalue(res, i, 0));
		tmpl_set(x, "DEF", PQgetvalue(res, i, 1));
	}
	PQclear(res);
	/*
	 * Pages need an order that holds from one to the next: the primary
	 * key; else where rows lie (ctid, with the partition for a
	 * partitioned table), but only on a table small enough to sort for
	 * each page; a view, or a big table without a key, keeps whatever
	 * order PostgreSQL gives (the page says so).
	 */
	if ((res = db_exec(__func__, "SELECT string_agg(quote_ident(a.attname),"
	    " ', t.' ORDER BY array_position(i.indkey::int2[], a.attnum))"
	    " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
	    "  AND a.attnum = ANY (i.indkey::int2[])"
	    " WHERE i.indisprimary AND i.indrelid = (SELECT c.oid FROM pg_class"
	    "  c JOIN pg_namespace n ON n.oid = c.relnamespace"
	    "  WHERE n.nspname = $1 AND c.relname = $2)", 2, p)) == NULL) {
		view_end(r);
		reply_unavailable(r, resp);
		return;
	}
	order = !PQgetisnull(res, 0, 0) ? arena_printf(r->arena, " ORDER BY"
	    " t.%s", PQgetvalue(res, 0, 0)) : relkind == 'v' ||
	    estimate > EXPLORE_SORT_MAX ? "" : relkind == 'p' ?
	    " ORDER BY t.tableoid, t.ctid" : " ORDER BY t.ctid";
	PQclear(res);
	if (*order == '\0')
		tmpl_show(d, "UNORDERED");
	/* Rows: names from the catalogue above, quoted; the value bound. */
	buf_init(&sql, r->arena);
	buf_puts(&sql, "SELECT ");
	for (i = 0; i < ncols; i++)
		buf_printf(&sql, "%s%s", i > 0 ? ", " : "", secret[i] ? "NULL" :
		    arena_printf(r->arena, "t.%s::text", catalog_quote(r->arena,
		    cols[i])));
	buf_printf(&sql, " FROM %s.%s t", catalog_quote(r->arena, schema),
	    catalog_quote(r->arena, table));
	p[0] = fval;
	if (fidx >= 0)
		buf_printf(&sql, " WHERE t.%s::text = $1",
		    catalog_quote(r->arena, cols[fidx]));
	buf_printf(&sql, "%s LIMIT %d OFFSET %ld", order, EXPLORE_PAGE + 1,
	    page * EXPLORE_PAGE);
	if (db_begin() == -1 || db_command(__func__, "SET TRANSACTION READ"
	    " ONLY", 0, NULL) == -1 || (rows = db_exec(__func__, sql.data,
	    fidx >= 0 ? 1 : 0, p)) == NULL) {
		db_rollback();
		view_end(r);
		reply_unavailable(r, resp);
		return;
	}
	db_rollback();
	n = PQntuples(rows);
	for (i = 0; i < n && i < EXPLORE_PAGE; i++) {
		x = tmpl_section(d, "ROW");
		for (k = 0; k < ncols; k++)
			tmpl_set(tmpl_section(x, "CELL"), "VALUE", secret[k] ?
			    "••••" : PQgetisnull(rows, i, k) ? "—" :
			    PQgetvalue(rows, i, k));
	}
	PQclear(rows);
	buf_init(&link, r->arena);
	buf_printf(&link, "/admin/explore/%s/%s?", schema, table);
	if (fidx >= 0) {
		buf_printf(&link, "column=%s&value=", cols[fidx]);
		form_encode(&link, fval);
		buf_putc(&link, '&');
	}
	if (n > EXPLORE_PAGE && page + 1 < EXPLORE_MAX_PAGES)
		tmpl_set(tmpl_section(d, "NEXT"), "HREF", arena_printf(r->arena,
		    "%spage=%ld", link.data, page + 1));
	if (page > 0)
		tmpl_set(tmpl_section(d, "PREV"), "HREF", arena_printf(r->arena,
		    "%spage=%ld", link.data, page - 1));
	view_finish(r, resp, 200);
}
