/*
 * handlers/records.c: the screens of every resource in the catalogue
 * (/admin/r/NAME/...) and their JSON twins (/api/v1/r/NAME/...): list,
 * record, create, edit, delete, bulk actions, CSV export. The route
 * needs "view"; each operation then needs what the catalogue says.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "catalog.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "handlers/records.h"
#include "handlers/reply.h"
#include "handlers/trail.h"
#include "log.h"
#include "password.h"
#include "perm.h"
#include "request.h"
#include "resource.h"
#include "response.h"
#include "scoreboard.h"
#include "serve.h"
#include "staff.h"
#include "tmpl.h"
#include "view.h"

/* Most rows one bulk action changes in one transaction. */
#define RECORDS_RELATED		10
#define RECORDS_HISTORY		20

/*
 * A write needing a permission in stepup_permissions, by a browser
 * session whose proof of identity is older than stepup_window: asks for
 * step-up (serve.c) and returns true.
 */
static bool
records_stepup(struct request *r, struct response *resp, enum perm p)
{
	if (r->api_key_id != 0 || r->reauth_age <= r->conf->stepup_window ||
	    !conf_role_listed(r->conf->stepup_permissions, perm_name(p)))
		return false;
	serve_stepup(r, resp);
	return true;
}

/*
 * The resource a request names, if the catalogue is checked and the
 * staff member may do op to it; NULL after answering otherwise.
 */
static const struct cresource *
records_resource(struct request *r, struct response *resp, enum cop_kind op)
{
	const struct cresource	*res;
	char			 err[512];

	if (!catalog.checked) {
		/* Started without a database: check now, before any use. */
		if (catalog_check(&catalog, catalog_arena(), err,
		    sizeof(err)) == -1) {
			log_error("resources: %s", err);
			view_error(r, resp, 503, "The resource catalogue could "
			    "not be checked against the database.");
			return NULL;
		}
	}
	res = catalog_resource(&catalog, route_get_capture(&r->match, "res"));
	if (res == NULL) {
		view_error(r, resp, 404, "There is no such resource.");
		return NULL;
	}
	if (res->perms[op] == PERM_UNDECLARED) {
		view_error(r, resp, op == CPERM_VIEW ? 404 : 405, "This "
		    "resource does not offer that.");
		return NULL;
	}
	if (!perm_has(r->staff->perms, res->perms[op])) {
		view_error(r, resp, 403, "Your role does not allow this.");
		return NULL;
	}
	if (op != CPERM_VIEW && records_stepup(r, resp, res->perms[op]))
		return NULL;
	return res;
}

static bool
records_may(const struct request *r, const struct cresource *res,
    enum cop_kind op)
{
	return res->perms[op] != PERM_UNDECLARED &&
	    perm_has(r->staff->perms, res->perms[op]);
}

/* "/admin/r/users" or "/api/v1/r/users". */
static const char *
records_base(struct request *r, const struct cresource *res)
{
	return arena_printf(r->arena, "%s/r/%s", reply_json(r) ? "/api/v1" :
	    "/admin", res->name);
}

/* A cell as the list shows it. */
static const char *
records_cell(const struct ccolumn *c, const char *v)
{
	if (v == NULL)
		return "—";
	if (c->type == CT_BOOLEAN)
		return strcmp(v, "true") == 0 ? "yes" : "no";
	return v;
}

/*
 * A list, count or export query failed: 422 if PostgreSQL refused a
 * filter value that passed the shape check (a 30 February, an integer
 * too big for its column), else 503.
 */
static void
records_query_failed(struct request *r, struct response *resp)
{
	if (strncmp(db_last_sqlstate(), "22", 2) == 0)
		view_error(r, resp, 422, "A value in the filter is not valid "
		    "for its column.");
	else
		reply_unavailable(r, resp);
}

/* Parses the list query, answering 400/422 itself. 0 or -1. */
static int
records_query(struct request *r, struct response *resp,
    const struct cresource *res, struct rs_query *q)
{
	const char	*why = NULL;
	int		 st;

	if ((st = rs_query_parse(r->arena, res, &r->query, q, &why)) != 0) {
		view_error(r, resp, st, why);
		return -1;
	}
	return 0;
}

/* Filter inputs for the list page. */
static void
records_filters(struct request *r, struct tmpl_dict *d,
    const struct cresource *res)
{
	struct tmpl_dict	*f, *o;
	const struct ccolumn	*c;
	const char		*v;
	size_t			 i, k;

	for (i = 0; i < res->ncols; i++) {
		c = &res->cols[i];
		if (c->ops == 0)
			continue;
		f = tmpl_section(d, "FILTER");
		tmpl_set(f, "LABEL", c->label);
		tmpl_set(f, "NAME", c->name);
		if (c->ops & COP_EQ) {
			v = params_get(&r->query, c->name);
			if (c->type == CT_ENUM || c->type == CT_BOOLEAN) {
				o = tmpl_section(f, "SELECT");
				tmpl_set(o, "NAME", c->name);
				for (k = 0; k < (c->type == CT_ENUM ?
				    c->nchoices : 2); k++) {
					const char *ch = c->type == CT_ENUM ?
					    c->choices[k] : k == 0 ? "true" :
					    "false";
					struct tmpl_dict *op =
					    tmpl_section(o, "OPTION");

					tmpl_set(op, "VALUE", ch);
					if (v != NULL && strcmp(v, ch) == 0)
						tmpl_show(op, "SELECTED");
				}
			} else {
				o = tmpl_section(f, "INPUT");
				tmpl_set(o, "NAME", c->name);
				tmpl_set(o, "VALUE", v != NULL ? v : "");
			}
		}
		if (c->ops & COP_RANGE) {
			o = tmpl_section(f, "RANGE");
			tmpl_set(o, "NAME", c->name);
			v = params_get(&r->query, arena_printf(r->arena,
			    "%s__gte", c->name));
			tmpl_set(o, "LO", v != NULL ? v : "");
			v = params_get(&r->query, arena_printf(r->arena,
			    "%s__lte", c->name));
			tmpl_set(o, "HI", v != NULL ? v : "");
			tmpl_set(o, "TYPE", c->type == CT_DATE ||
			    c->type == CT_TIMESTAMPTZ ? "date" : "number");
		}
		if (c->ops & COP_NULL) {
			o = tmpl_section(f, "ISNULL");
			tmpl_set(o, "NAME", c->name);
			v = params_get(&r->query, arena_printf(r->arena,
			    "%s__null", c->name));
			if (v != NULL && strcmp(v, "true") == 0)
				tmpl_show(o, "NULL_TRUE");
			if (v != NULL && strcmp(v, "false") == 0)
				tmpl_show(o, "NULL_FALSE");
		}
	}
}

void
records_index(struct request *r, struct response *resp)
{
	struct tmpl_dict	*d, *x;
	size_t			 i;

	d = view_begin(r, VIEW_RESOURCES, "Platform");
	for (i = 0; i < catalog.nres; i++) {
		if (!perm_has(r->staff->perms, catalog.res[i].perms[CPERM_VIEW]))
			continue;
		x = tmpl_section(d, "RESOURCE");
		tmpl_set(x, "NAME", catalog.res[i].name);
		tmpl_set(x, "LABEL", catalog.res[i].label);
		tmpl_set(x, "TABLE", arena_printf(r->arena, "%s.%s",
		    catalog.res[i].schema, catalog.res[i].table));
	}
	if (catalog.nres == 0)
		tmpl_show(d, "EMPTY");
	if (perm_has(r->staff->perms, PERM_SETTINGS) &&
	    r->conf->explore_schemas[0] != '\0')
		tmpl_show(d, "CAN_EXPLORE");
	view_finish(r, resp, 200);
}

void
records_list(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	const struct ccolumn	*c;
	struct rs_query		 q;
	struct rs_row		*rows;
	struct tmpl_dict	*d, *x;
	struct json_object	*items, *o;
	struct buf		 base, next, prev, sortlink, cells;
	long long		 total;
	bool			 more, capped, est, has_next, has_prev;
	bool			 bulk = false;
	int			 n, i;
	size_t			 k;

	if ((res = records_resource(r, resp, CPERM_VIEW)) == NULL ||
	    records_query(r, resp, res, &q) == -1)
		return;
	/* A page shows the listed columns; the API gives every one. */
	q.listed_only = !reply_json(r);
	if ((n = rs_list(r->arena, &q, &rows, &more)) == -1 ||
	    rs_count(r->arena, &q, RS_COUNT_CAP, true, &total, &capped,
	    &est) == -1) {
		records_query_failed(r, resp);
		return;
	}
	/* Travelling forwards, more means a next page; backwards, a previous. */
	has_next = n > 0 && (q.before != NULL || more);
	has_prev = n > 0 && (q.after != NULL || (q.before != NULL && more));
	buf_init(&base, r->arena);
	buf_printf(&base, "%s?", records_base(r, res));
	rs_query_url(&base, &q, true);
	buf_init(&next, r->arena);
	buf_init(&prev, r->arena);
	if (has_next) {
		buf_puts(&next, base.data);
		buf_puts(&next, "after=");
		form_encode(&next, rows[n - 1].cursor);
		buf_puts(&next, "&after_pk=");
		form_encode(&next, rows[n - 1].pk);
	}
	if (has_prev) {
		buf_puts(&prev, base.data);
		buf_puts(&prev, "before=");
		form_encode(&prev, rows[0].cursor);
		buf_puts(&prev, "&before_pk=");
		form_encode(&prev, rows[0].pk);
	}
	if (reply_json(r)) {
		items = json_object_new_array();
		for (i = 0; i < n; i++)
			json_object_array_add(items, rs_row_json(res, &rows[i]));
		o = json_object_new_object();
		json_object_object_add(o, "items", items);
		json_object_object_add(o, "next", reply_text(has_next ?
		    next.data : NULL));
		json_object_object_add(o, "prev", reply_text(has_prev ?
		    prev.data : NULL));
		json_object_object_add(o, "total", json_object_new_int64(total));
		json_object_object_add(o, "total_is", json_object_new_string(
		    est ? "estimate" : capped ? "at_least" : "exact"));
		reply_object(resp, 200, o);
		return;
	}
	d = view_begin(r, VIEW_RECORDS, res->label);
	tmpl_set(d, "LABEL", res->label);
	tmpl_set(d, "NAME", res->name);
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "Q", q.q != NULL ? q.q : "");
	tmpl_set(d, "TOTAL", est ? arena_printf(r->arena, "about %lld", total) :
	    capped ? arena_printf(r->arena, "more than %lld", total) :
	    arena_printf(r->arena, "%lld", total));
	/* The filter, for the export link and the bulk form. */
	buf_init(&sortlink, r->arena);
	rs_query_url(&sortlink, &q, true);
	tmpl_set(d, "QUERY", sortlink.data);
	if (records_may(r, res, CPERM_CREATE))
		tmpl_show(d, "CAN_CREATE");
	for (k = 0; k < res->ncols; k++) {
		c = &res->cols[k];
		if (!c->listed)
			continue;
		x = tmpl_section(d, "HEAD");
		tmpl_set(x, "LABEL", c->label);
		if (c->sortable || c == res->pk) {
			struct buf	link;
			struct rs_query	sq = q;

			sq.sort = c;
			sq.desc = q.sort == c && !q.desc;
			buf_init(&link, r->arena);
			buf_printf(&link, "/admin/r/%s?", res->name);
			rs_query_url(&link, &sq, true);
			x = tmpl_section(x, "SORT");
			tmpl_set(x, "HREF", link.data);
			if (q.sort == c)
				tmpl_set(x, "ARROW", q.desc ? " ↓" : " ↑");
		}
	}
	/*
	 * The rows as escaped markup in one variable: a section dictionary
	 * per row and per cell made ctemplate the largest cost of a page.
	 */
	for (k = 0; k < res->nbulks; k++)
		if (perm_has(r->staff->perms, res->bulks[k].perm))
			bulk = true;
	buf_init(&cells, r->arena);
	buf_reserve(&cells, 16384);
	for (i = 0; i < n; i++) {
		buf_puts(&cells, "<tr>");
		if (bulk) {
			buf_puts(&cells, "<td><input type=\"checkbox\" "
			    "name=\"id\" value=\"");
			view_html(&cells, rows[i].pk);
			buf_puts(&cells, "\" aria-label=\"select ");
			view_html(&cells, rows[i].pk);
			buf_puts(&cells, "\"></td>");
		}
		for (k = 0; k < res->ncols; k++) {
			if (!res->cols[k].listed)
				continue;
			buf_puts(&cells, "<td>");
			view_html(&cells, records_cell(&res->cols[k],
			    rows[i].v[k]));
			buf_puts(&cells, "</td>");
		}
		buf_puts(&cells, "<td><a href=\"/admin/r/");
		view_html(&cells, res->name);
		buf_putc(&cells, '/');
		view_html(&cells, rows[i].pk);
		buf_puts(&cells, "\">open</a></td></tr>\n");
	}
	tmpl_set(d, "ROWS", cells.data);
	if (n == 0)
		tmpl_show(d, "EMPTY");
	tmpl_set_int(d, "NCOLS", 1);
	if (has_next)
		tmpl_set(tmpl_section(d, "NEXT"), "HREF", next.data);
	if (has_prev)
		tmpl_set(tmpl_section(d, "PREV"), "HREF", prev.data);
	records_filters(r, d, res);
	for (k = 0; k < res->nbulks; k++)
		if (perm_has(r->staff->perms, res->bulks[k].perm)) {
			x = tmpl_section(d, "BULK");
			tmpl_set(x, "NAME", res->bulks[k].name);
			tmpl_set(x, "LABEL", res->bulks[k].label);
			tmpl_show(d, "HAS_BULK");
		}
	view_finish(r, resp, 200);
}

/*
 * CSV: every row matching the filter, streamed. Lines gather in one
 * buffer and leave RECORDS_CSV_CHUNK bytes at a time.
 */
#define RECORDS_CSV_CHUNK	65536

struct records_csv {
	struct request		*r;
	struct response		*resp;
	const struct cresource	*res;
	struct buf		 out;
	size_t			 last;	/* the last column shown */
	bool			 started;
};

static int
records_csv_flush(struct records_csv *st)
{
	int	rc;

	rc = response_write(st->resp, st->out.data, st->out.len);
	st->out.len = 0;
	st->out.data[0] = '\0';
	return rc;
}

static int
records_csv_head(struct records_csv *st)
{
	size_t	k;

	if (st->started)
		return 0;
	st->started = true;
	st->resp->status = 200;
	st->resp->content_type = "text/csv; charset=utf-8";
	if (response_header(st->resp, "Content-Disposition", arena_printf(
	    st->r->arena, "attachment; filename=\"%s.csv\"", st->res->name))
	    == -1 || response_stream(st->resp) == -1)
		return -1;
	for (k = 0; k < st->res->ncols; k++)
		if (!st->res->cols[k].secret)
			st->last = k;
	buf_init(&st->out, st->r->arena);
	buf_reserve(&st->out, RECORDS_CSV_CHUNK + 4096);
	for (k = 0; k < st->res->ncols; k++)
		if (!st->res->cols[k].secret)
			reply_csv_field(&st->out, st->res->cols[k].name,
			    k == st->last);
	return 0;
}

static int
records_csv_row(const struct rs_row *row, void *ctx)
{
	struct records_csv	*st = ctx;
	size_t			 k;

	if (records_csv_head(st) == -1)
		return -1;
	for (k = 0; k < st->res->ncols; k++)
		if (!st->res->cols[k].secret)
			reply_csv_field(&st->out, row->v[k], k == st->last);
	return st->out.len < RECORDS_CSV_CHUNK ? 0 : records_csv_flush(st);
}

void
records_csv(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	struct rs_query		 q;
	struct records_csv	 st;

	if ((res = records_resource(r, resp, CPERM_VIEW)) == NULL ||
	    records_query(r, resp, res, &q) == -1)
		return;
	memset(&st, 0, sizeof(st));
	st.r = r;
	st.resp = resp;
	st.res = res;
	if (rs_each(r->arena, &q, records_csv_row, &st) == -1) {
		/* Half a file must not pass for a whole one: drop the line. */
		if (resp->streamed)
			resp->aborted = true;
		else
			records_query_failed(r, resp);
		return;
	}
	/* No rows: the header line alone. */
	if (records_csv_head(&st) == 0)
		(void)records_csv_flush(&st);
}

/* Loads the record with key pk: 1, or 0 after answering 404 or 503. */
static int
records_load(struct request *r, struct response *resp,
    const struct cresource *res, const char *pk, struct rs_row *row)
{
	int	rc;

	if ((rc = rs_get(r->arena, res, pk, row)) == 1)
		return 1;
	if (rc == -1)
		reply_unavailable(r, resp);
	else
		view_error(r, resp, 404, "There is no such record.");
	return 0;
}

/* The record page (or JSON), with relations and audit history. */
static void
records_page(struct request *r, struct response *resp,
    const struct cresource *res, const char *pk, int status,
    const char *notice)
{
	const struct cresource	*other;
	const struct ccolumn	*c;
	struct rs_row		 row, *rel;
	struct audit_filter	 f;
	struct audit_row	*hist;
	struct buf		 link;
	struct tmpl_dict	*d, *x, *y, *cell;
	struct json_object	*o;
	long long		 total;
	int			 n, i, more;
	size_t			 k, j;

	if (!records_load(r, resp, res, pk, &row))
		return;
	if (reply_json(r)) {
		o = rs_row_json(res, &row);
		/* What a PATCH sends back to refuse a lost update. */
		json_object_object_add(o, "_version",
		    json_object_new_string(row.version));
		reply_object(resp, status, o);
		return;
	}
	d = view_begin(r, VIEW_RECORD, arena_printf(r->arena, "%s %s",
	    res->singular, row.pk));
	tmpl_set(d, "NAME", res->name);
	tmpl_set(d, "LABEL", res->label);
	tmpl_set(d, "SINGULAR", res->singular);
	tmpl_set(d, "PK", row.pk);
	if (notice != NULL)
		tmpl_set(tmpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (records_may(r, res, CPERM_EDIT))
		tmpl_show(d, "CAN_EDIT");
	if (records_may(r, res, CPERM_DELETE))
		tmpl_show(d, "CAN_DELETE");
	for (k = 0; k < res->ncols; k++) {
		c = &res->cols[k];
		x = tmpl_section(d, "FIELD");
		tmpl_set(x, "LABEL", c->label);
		tmpl_set(x, "VALUE", c->secret ? "(secret: never shown)" :
		    records_cell(c, row.v[k]));
		if (c->help[0] != '\0')
			tmpl_set(tmpl_section(x, "HELP"), "TEXT", c->help);
	}
	for (j = 0; j < res->nrels; j++) {
		other = catalog_resource(&catalog, res->rels[j].resource);
		if (other == NULL || !perm_has(r->staff->perms,
		    other->perms[CPERM_VIEW]))
			continue;
		if ((n = rs_related(r->arena, other, catalog_column(other,
		    res->rels[j].column), row.pk, RECORDS_RELATED, &rel,
		    &total)) == -1) {
			view_end(r);
			reply_unavailable(r, resp);
			return;
		}
		x = tmpl_section(d, "RELATION");
		tmpl_set(x, "LABEL", res->rels[j].label);
		tmpl_set(x, "RESOURCE", other->name);
		tmpl_set(x, "COLUMN", res->rels[j].column);
		tmpl_set(x, "PK", row.pk);
		tmpl_set_int(x, "TOTAL", total);
		for (k = 0; k < other->ncols; k++)
			if (other->cols[k].listed)
				tmpl_set(tmpl_section(x, "HEAD"), "LABEL",
				    other->cols[k].label);
		for (i = 0; i < n; i++) {
			y = tmpl_section(x, "ROW");
			tmpl_set(y, "RESOURCE", other->name);
			tmpl_set(y, "PK", rel[i].pk);
			for (k = 0; k < other->ncols; k++) {
				if (!other->cols[k].listed)
					continue;
				cell = tmpl_section(y, "CELL");
				tmpl_set(cell, "VALUE", records_cell(
				    &other->cols[k], rel[i].v[k]));
			}
		}
		if (n == 0)
			tmpl_show(x, "EMPTY");
	}
	/* The record's history, if the viewer may read the trail. */
	if (perm_has(r->staff->perms, PERM_AUDIT)) {
		memset(&f, 0, sizeof(f));
		f.target_type = res->name;
		f.target_id = row.pk;
		if ((n = audit_list(r->arena, &f, RECORDS_HISTORY, &hist,
		    &more)) == -1) {
			view_end(r);
			reply_unavailable(r, resp);
			return;
		}
		x = tmpl_section(d, "HISTORY");
		tmpl_set(x, "NAME", res->name);
		tmpl_set(x, "PK", row.pk);
		/* The whole of it: the trail filtered on what the rows carry. */
		buf_init(&link, r->arena);
		buf_puts(&link, "/admin/audit?target_type=");
		form_encode(&link, res->name);
		buf_puts(&link, "&target_id=");
		form_encode(&link, row.pk);
		tmpl_set(x, "LINK", link.data);
		if (more)
			tmpl_set_int(tmpl_section(x, "MORE"), "N", n);
		trail_history(r->arena, x, "ENTRY", hist, n);
	}
	view_finish(r, resp, status);
}

void
records_show(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	const char		*done = params_get(&r->query, "done");

	if ((res = records_resource(r, resp, CPERM_VIEW)) == NULL)
		return;
	records_page(r, resp, res, route_get_capture(&r->match, "id"), 200,
	    done == NULL ? NULL : strcmp(done, "created") == 0 ? "Created." :
	    strcmp(done, "saved") == 0 ? "Saved." : NULL);
}

/*
 * The create or edit form. row is the record being edited (NULL: a new
 * one); the form's values come from the request when it is a re-display
 * (errors or a conflict), else from row.
 */
static void
records_form(struct request *r, struct response *resp,
    const struct cresource *res, const struct rs_row *row, int status,
    const struct reply_errors *e, const struct rs_row *current)
{
	const struct ccolumn	*c;
	struct tmpl_dict	*d, *x, *w, *o;
	const char		*v, *msg;
	bool			 redisplay = r->method != METHOD_GET;
	size_t			 k, j;

	d = view_begin(r, VIEW_RECORD_FORM, row != NULL ? arena_printf(
	    r->arena, "Edit %s %s", res->singular, row->pk) :
	    arena_printf(r->arena, "New %s", res->singular));
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "NAME", res->name);
	tmpl_set(d, "LABEL", res->label);
	tmpl_set(d, "TITLE", row != NULL ? arena_printf(r->arena, "Edit %s %s",
	    res->singular, row->pk) : arena_printf(r->arena, "New %s",
	    res->singular));
	tmpl_set(d, "ACTION", row != NULL ? arena_printf(r->arena,
	    "/admin/r/%s/%s", res->name, row->pk) : arena_printf(r->arena,
	    "/admin/r/%s", res->name));
	if (row != NULL) {
		x = tmpl_section(d, "VERSION");
		/* A conflict shows the row as it is now: save over that. */
		tmpl_set(x, "VALUE", current != NULL ? current->version :
		    row->version);
		tmpl_set(d, "BACK", arena_printf(r->arena, "/admin/r/%s/%s",
		    res->name, row->pk));
	} else
		tmpl_set(d, "BACK", arena_printf(r->arena, "/admin/r/%s",
		    res->name));
	if (current != NULL)
		tmpl_show(d, "CONFLICT");
	if (e != NULL && e->n > 0)
		tmpl_show(d, "ERRORS");
	for (k = 0; k < res->ncols; k++) {
		c = &res->cols[k];
		if (!c->editable)
			continue;
		x = tmpl_section(d, "FIELD");
		tmpl_set(x, "NAME", c->name);
		tmpl_set(x, "LABEL", c->label);
		if (c->required)
			tmpl_show(x, "REQUIRED");
		if (c->help[0] != '\0')
			tmpl_set(tmpl_section(x, "HELP"), "TEXT", c->help);
		if (e != NULL && (msg = reply_error_for(e, c->name)) != NULL)
			tmpl_set(tmpl_section(x, "ERROR"), "MESSAGE", msg);
		if (redisplay)
			v = request_field(r, c->name);
		else
			v = row != NULL ? row->v[k] : NULL;
		if (v == NULL || c->secret)
			v = "";
		if (current != NULL && !c->secret) {
			const char *now = current->v[k] != NULL ?
			    current->v[k] : "";

			if (strcmp(now, v) != 0)
				tmpl_set(tmpl_section(x, "CHANGED"), "NOW",
				    current->v[k] != NULL ? current->v[k] :
				    "(empty)");
		}
		switch (c->type) {
		case CT_ENUM:
		case CT_BOOLEAN:
			w = tmpl_section(x, "W_SELECT");
			tmpl_set(w, "NAME", c->name);
			if (c->nullable || !c->required)
				tmpl_show(w, "BLANK");
			for (j = 0; j < (c->type == CT_ENUM ? c->nchoices : 2);
			    j++) {
				const char *ch = c->type == CT_ENUM ?
				    c->choices[j] : j == 0 ? "true" : "false";

				o = tmpl_section(w, "OPTION");
				tmpl_set(o, "VALUE", ch);
				if (strcmp(v, ch) == 0)
					tmpl_show(o, "SELECTED");
			}
			break;
		case CT_JSONB:
			w = tmpl_section(x, "W_TEXTAREA");
			tmpl_set(w, "NAME", c->name);
			tmpl_set(w, "VALUE", v);
			break;
		case CT_PASSWORD:
			w = tmpl_section(x, "W_PASSWORD");
			tmpl_set(w, "NAME", c->name);
			break;
		default:
			if (strcmp(c->widget, "textarea") == 0) {
				w = tmpl_section(x, "W_TEXTAREA");
				tmpl_set(w, "NAME", c->name);
				tmpl_set(w, "VALUE", v);
				break;
			}
			w = tmpl_section(x, "W_INPUT");
			tmpl_set(w, "NAME", c->name);
			tmpl_set(w, "VALUE", v);
			tmpl_set(w, "TYPE", strcmp(c->widget, "email") == 0 ?
			    "email" : c->type == CT_INTEGER ||
			    c->type == CT_BIGINT ? "number" : c->type ==
			    CT_DATE ? "date" : "text");
			if (c->type == CT_TIMESTAMPTZ)
				tmpl_set(w, "PLACEHOLDER",
				    "YYYY-MM-DDTHH:MM:SSZ");
			break;
		}
	}
	view_finish(r, resp, status);
}

void
records_new(struct request *r, struct response *resp)
{
	const struct cresource	*res;

	if ((res = records_resource(r, resp, CPERM_CREATE)) == NULL)
		return;
	records_form(r, resp, res, NULL, 200, NULL, NULL);
}

void
records_edit(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	struct rs_row		 row;

	if ((res = records_resource(r, resp, CPERM_EDIT)) == NULL)
		return;
	if (!records_load(r, resp, res, route_get_capture(&r->match, "id"),
	    &row))
		return;
	records_form(r, resp, res, &row, 200, NULL, NULL);
}

/*
 * Reads the values a create or an update writes: editable columns present
 * in the form or JSON (a form sends them all; JSON sends those to change).
 * Passwords are hashed. Errors per field in e. Returns the count.
 */
static size_t
records_values(struct request *r, const struct cresource *res, bool create,
    struct rs_value **out, struct reply_errors *e, bool *busy)
{
	const struct ccolumn	*c;
	struct rs_value		*v;
	const char		*s, *bad;
	char			 hash[PASSWORD_HASH_MAX];
	size_t			 n = 0, k, i;
	bool			 ok;

	*busy = false;
	v = arena_calloc(r->arena, res->ncols, sizeof(*v));
	/* A script naming a field that is not there is told so. */
	for (i = 0; i < r->form.n && reply_json(r); i++) {
		if (r->form.v[i].name[0] == '_')	/* _version */
			continue;
		c = catalog_column(res, r->form.v[i].name);
		if (c == NULL || !c->editable)
			reply_error_add(e, r->form.v[i].name, "is not a field "
			    "that can be set");
	}
	for (k = 0; k < res->ncols; k++) {
		c = &res->cols[k];
		if (!c->editable)
			continue;
		s = request_field(r, c->name);
		if (s == NULL || *s == '\0') {
			if (c->type == CT_PASSWORD)
				continue;	/* empty: keep it */
			if (c->required && (create || s != NULL)) {
				reply_error_add(e, c->name, "is required");
				continue;
			}
			if (s == NULL)
				continue;	/* not given: unchanged */
			if (!c->nullable && c->type == CT_TEXT) {
				v[n].col = c;
				v[n++].text = "";
				continue;
			}
			if (!c->nullable) {
				reply_error_add(e, c->name, "cannot be empty");
				continue;
			}
			v[n].col = c;
			v[n++].text = NULL;
			continue;
		}
		if ((bad = rs_value_check(c, s)) != NULL) {
			reply_error_add(e, c->name, bad);
			continue;
		}
		if (c->type == CT_PASSWORD) {
			if ((bad = password_policy(r->conf, s, NULL)) != NULL) {
				reply_error_add(e, c->name, bad);
				continue;
			}
			if (!scoreboard_hash_acquire(
			    r->conf->argon2_max_concurrent,
			    r->conf->argon2_wait)) {
				*busy = true;
				continue;
			}
			ok = password_hash(r->conf, s, hash, sizeof(hash)) == 0;
			scoreboard_hash_release();
			if (!ok) {
				reply_error_add(e, c->name, "could not be "
				    "hashed");
				continue;
			}
			s = arena_strdup(r->arena, hash);
			explicit_bzero(hash, sizeof(hash));
		}
		v[n].col = c;
		v[n++].text = s;
	}
	*out = v;
	return n;
}

/* What a refused write means, for the person who wrote it. */
static const char *
records_db_refusal(void)
{
	const char	*st = db_last_sqlstate();

	if (strcmp(st, "23505") == 0)
		return "Another record already has one of these values.";
	if (strcmp(st, "23503") == 0)
		return "A value refers to a record that does not exist.";
	if (strcmp(st, "23514") == 0)
		return "The values break one of the table's rules.";
	if (strcmp(st, "23502") == 0)
		return "A value the table requires is missing.";
	if (strncmp(st, "22", 2) == 0)
		return "A value is not valid for its column.";
	return NULL;
}

/* 422 after validation: the form again, or problem+json. */
static void
records_invalid(struct request *r, struct response *resp,
    const struct cresource *res, const struct rs_row *row,
    const struct reply_errors *e)
{
	if (reply_json(r))
		reply_invalid(resp, e);
	else
		records_form(r, resp, res, row, 422, e, NULL);
}

void
records_create(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	struct reply_errors	 e = { 0 };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct rs_value		*v;
	struct rs_row		 row;
	const char		*why;
	size_t			 n;
	bool			 busy;

	if ((res = records_resource(r, resp, CPERM_CREATE)) == NULL)
		return;
	n = records_values(r, res, true, &v, &e, &busy);
	if (busy) {
		(void)response_header(resp, "Retry-After", "1");
		view_error(r, resp, 503, "Too busy; try again in a moment.");
		return;
	}
	if (e.n > 0) {
		records_invalid(r, resp, res, NULL, &e);
		return;
	}
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if (rs_insert(t, r->arena, res, v, n, &row) == -1) {
		audit_abort(t);
		if ((why = records_db_refusal()) == NULL) {
			reply_unavailable(r, resp);
			return;
		}
		reply_error_add(&e, "record", why);
		records_invalid(r, resp, res, NULL, &e);
		return;
	}
	if (rs_audit(t, AUDIT_RECORD_CREATE, res, NULL, &row, v, n, true) ==
	    -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (reply_json(r)) {
		reply_object(resp, 201, rs_row_json(res, &row));
		return;
	}
	response_redirect(resp, 303, arena_printf(r->arena,
	    "/admin/r/%s/%s?done=created", res->name, row.pk));
}

void
records_update(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	struct reply_errors	 e = { 0 };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct rs_value		*v;
	struct rs_row		 old, now;
	const char		*pk, *version, *why;
	size_t			 n;
	bool			 busy;
	int			 rc;

	if ((res = records_resource(r, resp, CPERM_EDIT)) == NULL)
		return;
	pk = route_get_capture(&r->match, "id");
	/* The page sends the version it showed; a script may too. */
	version = request_field(r, "_version");
	if (!records_load(r, resp, res, pk, &old))
		return;
	n = records_values(r, res, false, &v, &e, &busy);
	if (busy) {
		(void)response_header(resp, "Retry-After", "1");
		view_error(r, resp, 503, "Too busy; try again in a moment.");
		return;
	}
	if (e.n > 0) {
		records_invalid(r, resp, res, &old, &e);
		return;
	}
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	rc = rs_update(t, r->arena, res, pk, version, v, n, &old, &now);
	if (rc != 0) {
		audit_abort(t);
		if (rc == 1) {
			/* Someone changed it since the form was loaded. */
			if (reply_json(r)) {
				struct json_object *o;

				o = json_object_new_object();
				json_object_object_add(o, "type",
				    json_object_new_string("about:blank"));
				json_object_object_add(o, "title",
				    json_object_new_string("Conflict"));
				json_object_object_add(o, "status",
				    json_object_new_int(409));
				json_object_object_add(o, "detail",
				    json_object_new_string("The record changed "
				    "since _version was read; current holds "
				    "it as it is now."));
				json_object_object_add(o, "current",
				    rs_row_json(res, &old));
				json_object_object_add(o, "_version",
				    json_object_new_string(old.version));
				reply_object(resp, 409, o);
				resp->content_type = "application/problem+json";
			} else
				records_form(r, resp, res, &old, 409, NULL,
				    &old);
			return;
		}
		if (rc == 2) {
			view_error(r, resp, 404, "There is no such record.");
			return;
		}
		if ((why = records_db_refusal()) == NULL) {
			reply_unavailable(r, resp);
			return;
		}
		reply_error_add(&e, "record", why);
		records_invalid(r, resp, res, &old, &e);
		return;
	}
	if (rs_audit(t, AUDIT_RECORD_UPDATE, res, &old, &now, v, n, true) ==
	    -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (reply_json(r)) {
		struct json_object *o = rs_row_json(res, &now);

		json_object_object_add(o, "_version",
		    json_object_new_string(now.version));
		reply_object(resp, 200, o);
		return;
	}
	response_redirect(resp, 303, arena_printf(r->arena,
	    "/admin/r/%s/%s?done=saved", res->name, now.pk));
}

void
records_delete_form(struct request *r, struct response *resp)
{
	const struct cresource	*res, *other;
	const struct ccolumn	*c;
	struct rs_row		 row, *rel;
	struct rs_dependent	*deps;
	struct tmpl_dict	*d, *x;
	const char		*why;
	long long		 total;
	size_t			 k, ndeps;
	int			 rc;

	if ((res = records_resource(r, resp, CPERM_DELETE)) == NULL)
		return;
	if (!records_load(r, resp, res, route_get_capture(&r->match, "id"),
	    &row))
		return;
	d = view_begin(r, VIEW_RECORD_DELETE, arena_printf(r->arena,
	    "Delete %s %s", res->singular, row.pk));
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "NAME", res->name);
	tmpl_set(d, "SINGULAR", res->singular);
	tmpl_set(d, "PK", row.pk);
	for (k = 0; k < res->ncols; k++) {
		c = &res->cols[k];
		if (c->secret)
			continue;
		x = tmpl_section(d, "FIELD");
		tmpl_set(x, "LABEL", c->label);
		tmpl_set(x, "VALUE", records_cell(c, row.v[k]));
	}
	/* What refers to it, as far as the catalogue knows. */
	for (k = 0; k < res->nrels; k++) {
		if ((other = catalog_resource(&catalog,
		    res->rels[k].resource)) == NULL ||
		    rs_related(r->arena, other, catalog_column(other,
		    res->rels[k].column), row.pk, 1, &rel, &total) == -1) {
			view_end(r);
			reply_unavailable(r, resp);
			return;
		}
		if (total == 0)
			continue;
		x = tmpl_section(d, "DEPENDENT");
		tmpl_set(x, "LABEL", res->rels[k].label);
		tmpl_set_int(x, "COUNT", total);
		tmpl_show(d, "HAS_DEPENDENTS");
	}
	/* What foreign keys would delete or change along with it. */
	if ((rc = rs_dependents(r->arena, &catalog, res, row.pk, false, &deps,
	    &ndeps, &why)) == -1) {
		view_end(r);
		reply_unavailable(r, resp);
		return;
	}
	if (rc == 1)
		tmpl_set(tmpl_section(d, "REFUSED"), "WHY", arena_printf(
		    r->arena, "It cannot be deleted here: %s.", why));
	for (k = 0; rc == 0 && k < ndeps; k++) {
		tmpl_show(d, "HAS_ALSO");
		tmpl_set(tmpl_section(d, "ALSO"), "WHAT", deps[k].n < 0 ?
		    arena_printf(r->arena, "%s rows of %s (%s), which Steward "
		    "may not read", deps[k].deletes ? "deletes the" : "changes "
		    "the", deps[k].table, deps[k].column) :
		    arena_printf(r->arena, "%s %lld %s", deps[k].deletes ?
		    "deletes" : "changes (its reference emptied)", deps[k].n,
		    deps[k].r != NULL ? deps[k].r->label : arena_printf(
		    r->arena, "rows of %s", deps[k].table)));
	}
	view_finish(r, resp, 200);
}

void
records_delete(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct rs_row		 old;
	struct rs_dependent	*deps = NULL;
	const char		*detail = NULL, *pk;
	size_t			 ndeps = 0, i;
	int			 rc;

	if ((res = records_resource(r, resp, CPERM_DELETE)) == NULL)
		return;
	pk = route_get_capture(&r->match, "id");
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	/*
	 * What the database would delete or change along with it: each
	 * such row is audited, and the role must be allowed to delete (or
	 * edit) it, as if done by hand.
	 */
	rc = rs_value_check(res->pk, pk) != NULL ? 0 : rs_dependents(r->arena,
	    &catalog, res, pk, true, &deps, &ndeps, &detail);
	if (rc != 0) {
		audit_abort(t);
		if (rc == 1)
			view_error(r, resp, 409, arena_printf(r->arena, "This "
			    "%s cannot be deleted here: %s.", res->singular,
			    detail));
		else
			reply_unavailable(r, resp);
		return;
	}
	for (i = 0; i < ndeps; i++) {
		enum cop_kind	 op = deps[i].deletes ? CPERM_DELETE :
				    CPERM_EDIT;

		if (deps[i].r == NULL || records_may(r, deps[i].r, op))
			continue;
		audit_abort(t);
		/*
		 * A resource the catalogue offers no delete (edit) for is
		 * not deleted (changed) through Steward, even along.
		 */
		if (deps[i].r->perms[op] == PERM_UNDECLARED)
			view_error(r, resp, 409, arena_printf(r->arena,
			    "Deleting this %s also %s %lld %s, which the "
			    "catalogue does not let anyone %s here.",
			    res->singular, deps[i].deletes ? "deletes" :
			    "changes", deps[i].n, deps[i].r->label,
			    deps[i].deletes ? "delete" : "edit"));
		else
			view_error(r, resp, 403, arena_printf(r->arena,
			    "Deleting this %s also %s %lld %s, which your role "
			    "may not %s.", res->singular, deps[i].deletes ?
			    "deletes" : "changes", deps[i].n, deps[i].r->label,
			    deps[i].deletes ? "delete" : "edit"));
		return;
	}
	rc = rs_delete(t, r->arena, res, pk, &old, &detail);
	if (rc != 0) {
		audit_abort(t);
		if (rc == 2)
			view_error(r, resp, 404, "There is no such record.");
		else if (rc == 3)
			view_error(r, resp, 409, arena_printf(r->arena, "This "
			    "%s cannot be deleted: %s. Delete or change those "
			    "first.", res->singular, detail));
		else
			reply_unavailable(r, resp);
		return;
	}
	if (rs_audit_delete(t, r->arena, res, &old, deps, ndeps) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	reply_done(r, resp, arena_printf(r->arena, "/admin/r/%s",
	    res->name));
}

/* A whole number, for so_far. */
static const struct ccolumn records_count_col = { .type = CT_BIGINT };

/*
 * The confirmation of a bulk action: count rows (-1: "the rest", for a
 * later batch), and after a batch, from (the next batch starts past this
 * key) and so_far (rows changed by the batches before).
 */
static void
records_bulk_page(struct request *r, struct response *resp,
    const struct cbulk *b, const struct rs_query *q, const char **pks,
    size_t n, long long count, const char *from, long long so_far)
{
	const struct cresource	*res = q->r;
	long			 max = r->conf->bulk_batch;
	struct tmpl_dict	*d, *x;
	struct buf		 qs;
	size_t			 i;

	d = view_begin(r, VIEW_RECORD_BULK, b->label);
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "NAME", res->name);
	tmpl_set(d, "LABEL", res->label);
	tmpl_set(d, "ACTION", b->name);
	tmpl_set(d, "ACTION_LABEL", b->label);
	tmpl_set_int(d, "MAX", max);
	tmpl_set(d, "COUNT", count < 0 ? arena_printf(r->arena, "up to %ld",
	    max) : count > max ? arena_printf(r->arena, "more than %ld", max) :
	    arena_printf(r->arena, "%lld", count));
	if (count > max)
		tmpl_show(d, "BATCHES");
	buf_init(&qs, r->arena);
	rs_query_url(&qs, q, true);
	tmpl_set(d, "QUERY", qs.data);
	if (pks == NULL)
		tmpl_show(d, "ALL");
	if (from != NULL) {
		x = tmpl_section(d, "NEXT");
		tmpl_set(x, "FROM", from);
		tmpl_set_int(x, "SO_FAR", (long)so_far);
	}
	for (i = 0; i < n; i++)
		tmpl_set(tmpl_section(d, "ID"), "VALUE", pks[i]);
	for (i = 0; i < b->nset; i++) {
		x = tmpl_section(d, "SET");
		tmpl_set(x, "COLUMN", b->set[i].col->label);
		tmpl_set(x, "VALUE", b->set[i].now ? "now" :
		    b->set[i].null ? "empty" : b->set[i].value);
	}
	view_finish(r, resp, 200);
}

/*
 * A bulk action: on the selected keys (id=…, repeated) or, with all=1,
 * on every row matching the filter in the query string. The page first
 * shows how many rows it would change and asks; confirm=yes does it.
 */
void
records_bulk(struct request *r, struct response *resp)
{
	const struct cresource	*res;
	const struct cbulk	*b;
	struct rs_query		 q;
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct buf		 qs;
	const char		**pks = NULL, *all, *confirm, *from, *last;
	const char		*sofar;
	long long		 count, before = 0;
	long			 changed;
	size_t			 n = 0, i;
	bool			 capped, est;
	int			 rc;

	if ((res = records_resource(r, resp, CPERM_VIEW)) == NULL ||
	    records_query(r, resp, res, &q) == -1)
		return;
	if ((b = catalog_bulk(res, request_field(r, "action"))) == NULL) {
		view_error(r, resp, 400, "action: there is no such bulk action "
		    "for this resource.");
		return;
	}
	if (!perm_has(r->staff->perms, b->perm)) {
		view_error(r, resp, 403, "Your role does not allow this.");
		return;
	}
	if (records_stepup(r, resp, b->perm))
		return;
	all = request_field(r, "all");
	confirm = request_field(r, "confirm");
	/* A batch after the first: past this key, after so many changed. */
	from = request_field(r, "from");
	sofar = request_field(r, "so_far");
	if (from != NULL && rs_value_check(res->pk, from) != NULL) {
		view_error(r, resp, 422, "from: not a key of this resource.");
		return;
	}
	/* A count the sum below cannot overflow: a trillion rows at most. */
	if (sofar != NULL && (rs_value_check(&records_count_col, sofar) !=
	    NULL || (before = strtoll(sofar, NULL, 10)) < 0 ||
	    before > 1000000000000LL)) {
		view_error(r, resp, 422, "so_far: not a count of rows.");
		return;
	}
	if (all == NULL || strcmp(all, "1") != 0) {
		pks = arena_calloc(r->arena, r->form.n + 1, sizeof(*pks));
		for (i = 0; i < r->form.n; i++) {
			if (strcmp(r->form.v[i].name, "id") != 0)
				continue;
			if (rs_value_check(res->pk, r->form.v[i].value) != NULL ||
			    strchr(r->form.v[i].value, ',') != NULL) {
				view_error(r, resp, 422, "id: not a key of this "
				    "resource.");
				return;
			}
			pks[n++] = r->form.v[i].value;
		}
		if (n == 0) {
			view_error(r, resp, 422, "Select some rows, or choose "
			    "every row matching the filter.");
			return;
		}
		count = (long long)n;
	} else if (from != NULL) {
		count = -1;	/* a later batch: the page says "the rest" */
	} else if (rs_count(r->arena, &q, r->conf->bulk_batch, false, &count,
	    &capped, &est) == -1) {
		records_query_failed(r, resp);
		return;
	} else if (capped) {
		count = r->conf->bulk_batch + 1;
	}
	if (pks != NULL && count > r->conf->bulk_batch) {
		view_error(r, resp, 422, arena_printf(r->arena, "Select at "
		    "most %ld rows.", r->conf->bulk_batch));
		return;
	}
	if (!reply_json(r) && (confirm == NULL || strcmp(confirm, "yes"))) {
		records_bulk_page(r, resp, b, &q, pks, n, count, NULL, 0);
		return;
	}
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	rc = rs_bulk(t, r->arena, b, &q, pks, n, r->conf->bulk_batch, from,
	    &changed, &last);
	if (rc != 0) {
		audit_abort(t);
		if (rc == 1)
			view_error(r, resp, 422, arena_printf(r->arena, "Select "
			    "at most %ld rows.", r->conf->bulk_batch));
		else if (records_db_refusal() != NULL)
			view_error(r, resp, 409, arena_printf(r->arena, "The "
			    "database refused the change: %s Nothing was "
			    "changed.", records_db_refusal()));
		else
			reply_unavailable(r, resp);
		return;
	}
	if (changed == 0)
		audit_abort(t);
	else if (audit_finish(t) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	log_info("bulk %s on %s: %ld rows%s", b->name, res->name, changed,
	    last != NULL ? ", more to come" : "");
	if (reply_json(r)) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "action",
		    json_object_new_string(b->name));
		json_object_object_add(o, "changed",
		    json_object_new_int64(changed));
		/* Huge sets go in batches: post again with "from". */
		json_object_object_add(o, "more",
		    json_object_new_boolean(last != NULL));
		json_object_object_add(o, "from", reply_text(last));
		reply_object(resp, 200, o);
		return;
	}
	/* A batch done and more to go: say so, and offer the next. */
	if (last != NULL) {
		records_bulk_page(r, resp, b, &q, NULL, 0, -1, last,
		    before + changed);
		return;
	}
	buf_init(&qs, r->arena);
	buf_printf(&qs, "/admin/r/%s?", res->name);
	rs_query_url(&qs, &q, true);
	buf_printf(&qs, "done=%lld", before + changed);
	response_redirect(resp, 303, qs.data);
}
