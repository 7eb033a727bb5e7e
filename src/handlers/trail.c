/*
 * handlers/trail.c: the audit trail for people (a filtered list with
 * keyset pagination, one row with its before/after diff), for
 * spreadsheets (CSV of every filtered row, streamed) and for scripts
 * (JSON). Reading only: nothing here can change the trail.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "form.h"
#include "handlers/reply.h"
#include "handlers/trail.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "tmpl.h"
#include "view.h"

#define TRAIL_PAGE	50
#define TRAIL_API_MAX	500

/* Appends the filter (not the page) as query parameters: "k=v&...". */
static void
trail_query(struct buf *b, const struct audit_filter *f)
{
	const struct {
		const char	*name;
		const char	*value;
	} kv[] = {
		{ "actor", f->actor }, { "action", f->action },
		{ "target_type", f->target_type },
		{ "target_id", f->target_id }, { "from", f->from },
		{ "to", f->to }, { "q", f->q },
	};
	size_t	i;

	for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		if (kv[i].value == NULL)
			continue;
		buf_printf(b, "%s=", kv[i].name);
		form_encode(b, kv[i].value);
		buf_putc(b, '&');
	}
}

/*
 * "Name <email>" or the email alone, followed by " via API key #N" when
 * the change was made with a key; "API key #N" when only the key is
 * known; "—" when nobody is.
 */
static const char *
trail_actor(struct arena *a, const struct audit_row *row)
{
	const char	*who;

	if (row->actor_name != NULL && row->actor_email != NULL)
		who = arena_printf(a, "%s <%s>", row->actor_name,
		    row->actor_email);
	else
		who = row->actor_email;
	if (row->api_key_id > 0)
		return who != NULL ? arena_printf(a, "%s via API key #%lld",
		    who, row->api_key_id) : arena_printf(a, "API key #%lld",
		    row->api_key_id);
	return who != NULL ? who : "\xe2\x80\x94";
}

static const char *
trail_target(struct arena *a, const struct audit_row *row)
{
	if (row->target_type == NULL)
		return "\xe2\x80\x94";
	if (row->target_id == NULL)
		return row->target_type;
	return arena_printf(a, "%s %s", row->target_type, row->target_id);
}

static int
trail_filter(struct request *r, struct response *resp, struct audit_filter *f)
{
	const char	*why;

	if (audit_filter_parse(f, &r->query, &why) == -1) {
		view_error(r, resp, 400, why);
		return -1;
	}
	return 0;
}

void
trail_history(struct arena *a, struct tmpl_dict *d, const char *section,
    const struct audit_row *rows, int n)
{
	struct tmpl_dict	*x;
	int			 i;

	for (i = 0; i < n; i++) {
		x = tmpl_section(d, section);
		tmpl_set_int(x, "SEQ", rows[i].seq);
		tmpl_set(x, "AT", rows[i].at);
		tmpl_set(x, "ACTION", rows[i].action);
		tmpl_set(x, "ACTOR", trail_actor(a, &rows[i]));
	}
	if (n == 0)
		tmpl_show(d, "NONE");
}

void
trail_list(struct request *r, struct response *resp)
{
	struct audit_filter	 f;
	struct audit_row	*rows;
	struct tmpl_dict	*d, *s;
	struct buf		 qs, link;
	int			 n, more, i;

	if (trail_filter(r, resp, &f) == -1)
		return;
	if ((n = audit_list(r->arena, &f, TRAIL_PAGE, &rows, &more)) == -1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	d = view_begin(r, VIEW_AUDIT, "Audit trail");
	tmpl_set(d, "F_ACTOR", f.actor);
	tmpl_set(d, "F_TARGET_TYPE", f.target_type);
	tmpl_set(d, "F_TARGET_ID", f.target_id);
	tmpl_set(d, "F_FROM", f.from);
	tmpl_set(d, "F_TO", f.to);
	tmpl_set(d, "F_Q", f.q);
	for (i = 0; i < AUDIT__MAX; i++) {
		s = tmpl_section(d, "ACTION_OPTION");
		tmpl_set(s, "NAME", audit_action_name(i));
		if (f.action != NULL &&
		    strcmp(f.action, audit_action_name(i)) == 0)
			tmpl_show(s, "SELECTED");
	}
	for (i = 0; i < n; i++) {
		s = tmpl_section(d, "ROW");
		tmpl_set(s, "SEQ", arena_printf(r->arena, "%lld", rows[i].seq));
		tmpl_set(s, "AT", rows[i].at);
		tmpl_set(s, "ACTOR", trail_actor(r->arena, &rows[i]));
		tmpl_set(s, "ACTION", rows[i].action);
		tmpl_set(s, "TARGET", trail_target(r->arena, &rows[i]));
		tmpl_set(s, "IP", rows[i].ip != NULL ? rows[i].ip : "");
	}
	if (n == 0)
		tmpl_show(d, "EMPTY");

	buf_init(&qs, r->arena);
	trail_query(&qs, &f);
	buf_init(&link, r->arena);
	buf_printf(&link, "/admin/audit.csv?%s", qs.data);
	tmpl_set(d, "CSV_LINK", link.data);
	if (more && n > 0) {
		buf_init(&link, r->arena);
		buf_printf(&link, "/admin/audit?%sbefore=%lld", qs.data,
		    rows[n - 1].seq);
		tmpl_set(tmpl_section(d, "OLDER"), "LINK", link.data);
	}
	if (f.before > 0) {
		buf_init(&link, r->arena);
		buf_printf(&link, "/admin/audit?%s", qs.data);
		tmpl_set(tmpl_section(d, "NEWEST"), "LINK", link.data);
	}
	view_finish(r, resp, 200);
}

/* The JSON text of one member of a parsed object, or NULL if absent. */
static const char *
trail_member(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

/* One line of the diff per field in either object. */
static void
trail_diff(struct request *r, struct tmpl_dict *d, const char *before,
    const char *after)
{
	struct json_object	*b, *a;
	struct tmpl_dict	*s;
	const char		*bv, *av;

	b = before != NULL ? json_tokener_parse(before) : NULL;
	a = after != NULL ? json_tokener_parse(after) : NULL;
	/* Rows are written as objects; anything else shows as no diff. */
	if (b != NULL && !json_object_is_type(b, json_type_object)) {
		json_object_put(b);
		b = NULL;
	}
	if (a != NULL && !json_object_is_type(a, json_type_object)) {
		json_object_put(a);
		a = NULL;
	}
	if (b != NULL) {
		json_object_object_foreach(b, bkey, bval) {
			(void)bval;
			s = tmpl_section(d, "DIFF");
			bv = trail_member(b, bkey);
			av = trail_member(a, bkey);
			tmpl_set(s, "KEY", bkey);
			tmpl_set(s, "BEFORE", arena_strdup(r->arena, bv));
			tmpl_set(s, "AFTER", av != NULL ?
			    arena_strdup(r->arena, av) : "\xe2\x80\x94");
			tmpl_set(s, "CLASS", av == NULL ? "removed" :
			    "changed");
		}
	}
	if (a != NULL) {
		json_object_object_foreach(a, akey, aval) {
			(void)aval;
			if (b != NULL && json_object_object_get_ex(b, akey,
			    NULL))
				continue;
			s = tmpl_section(d, "DIFF");
			tmpl_set(s, "KEY", akey);
			tmpl_set(s, "BEFORE", "\xe2\x80\x94");
			tmpl_set(s, "AFTER", arena_strdup(r->arena,
			    trail_member(a, akey)));
			tmpl_set(s, "CLASS", "added");
		}
	}
	if ((b == NULL || json_object_object_length(b) == 0) &&
	    (a == NULL || json_object_object_length(a) == 0))
		tmpl_show(d, "NO_DIFF");
	json_object_put(b);
	json_object_put(a);
}

void
trail_show(struct request *r, struct response *resp)
{
	struct audit_row	 row;
	struct tmpl_dict	*d;
	struct buf		 link;
	const char		*cap = route_get_capture(&r->match, "seq");
	char			*end;
	long long		 seq;
	int			 found;

	seq = cap != NULL ? strtoll(cap, &end, 10) : 0;
	if (cap == NULL || *end != '\0' || seq < 1) {
		view_error(r, resp, 404, "There is no such audit row.");
		return;
	}
	if ((found = audit_get(r->arena, seq, &row)) == -1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	if (found == 0) {
		view_error(r, resp, 404, "There is no such audit row.");
		return;
	}
	d = view_begin(r, VIEW_AUDIT_ROW, arena_printf(r->arena,
	    "Audit row %lld", row.seq));
	tmpl_set(d, "SEQ", arena_printf(r->arena, "%lld", row.seq));
	tmpl_set(d, "AT", row.at);
	tmpl_set(d, "ACTOR", trail_actor(r->arena, &row));
	tmpl_set(d, "ACTION", row.action);
	tmpl_set(d, "TARGET", trail_target(r->arena, &row));
	tmpl_set(d, "IP", row.ip != NULL ? row.ip : "\xe2\x80\x94");
	tmpl_set(d, "USER_AGENT", row.user_agent != NULL ? row.user_agent :
	    "\xe2\x80\x94");
	tmpl_set(d, "REQUEST_ID", row.request_id != NULL ? row.request_id :
	    "\xe2\x80\x94");
	tmpl_set(d, "HASH", row.hash);
	tmpl_set(d, "PREV_HASH", row.prev_hash);
	trail_diff(r, d, row.before, row.after);
	if (row.target_type != NULL && row.target_id != NULL) {
		struct audit_filter	f;

		memset(&f, 0, sizeof(f));
		f.target_type = row.target_type;
		f.target_id = row.target_id;
		buf_init(&link, r->arena);
		buf_puts(&link, "/admin/audit?");
		trail_query(&link, &f);
		tmpl_set(tmpl_section(d, "HISTORY"), "LINK", link.data);
	}
	view_finish(r, resp, 200);
}

struct trail_csv_state {
	struct request	*r;
	struct response	*resp;
	struct buf	 line;
	long long	 rows;
};

static int
trail_csv_start(struct trail_csv_state *st)
{
	static const char	header[] = "seq,at_utc,actor_staff_id,"
	    "actor_email,actor_name,actor_api_key_id,action,target_type,"
	    "target_id,before,after,ip,user_agent,request_id,hash\r\n";

	if (st->resp->streamed)
		return 0;
	st->resp->status = 200;
	st->resp->content_type = "text/csv; charset=utf-8";
	if (response_header(st->resp, "Content-Disposition",
	    "attachment; filename=\"steward-audit.csv\"") == -1 ||
	    response_stream(st->resp) == -1)
		return -1;
	return response_write(st->resp, header, sizeof(header) - 1);
}

static int
trail_csv_row(const struct audit_row *row, void *ctx)
{
	struct trail_csv_state	*st = ctx;
	char			 n[3][24];

	if (trail_csv_start(st) == -1)
		return -1;
	st->line.len = 0;
	st->line.data[0] = '\0';
	snprintf(n[0], sizeof(n[0]), "%lld", row->seq);
	snprintf(n[1], sizeof(n[1]), "%lld", row->staff_id);
	snprintf(n[2], sizeof(n[2]), "%lld", row->api_key_id);
	reply_csv_field(&st->line, n[0], false);
	reply_csv_field(&st->line, row->at, false);
	reply_csv_field(&st->line, row->staff_id > 0 ? n[1] : "", false);
	reply_csv_field(&st->line, row->actor_email, false);
	reply_csv_field(&st->line, row->actor_name, false);
	reply_csv_field(&st->line, row->api_key_id > 0 ? n[2] : "", false);
	reply_csv_field(&st->line, row->action, false);
	reply_csv_field(&st->line, row->target_type, false);
	reply_csv_field(&st->line, row->target_id, false);
	reply_csv_field(&st->line, row->before, false);
	reply_csv_field(&st->line, row->after, false);
	reply_csv_field(&st->line, row->ip, false);
	reply_csv_field(&st->line, row->user_agent, false);
	reply_csv_field(&st->line, row->request_id, false);
	reply_csv_field(&st->line, row->hash, true);
	st->rows++;
	return response_write(st->resp, st->line.data, st->line.len);
}

void
trail_csv(struct request *r, struct response *resp)
{
	struct trail_csv_state	 st;
	struct audit_filter	 f;
	struct arena		*line;

	if (trail_filter(r, resp, &f) == -1)
		return;
	memset(&st, 0, sizeof(st));
	st.r = r;
	st.resp = resp;
	/* The line buffer lives apart from the request, reused per row. */
	line = arena_new();
	buf_init(&st.line, line);
	if (audit_each(r->arena, &f, trail_csv_row, &st) == -1) {
		arena_free(line);
		/* Started: the client must see it cut short (serve.c). */
		resp->aborted = true;
		if (!resp->streamed)
			view_error(r, resp, 503, "The database is unavailable; "
			    "try again shortly.");
		return;
	}
	(void)trail_csv_start(&st);	/* no rows: the header alone */
	arena_free(line);
}

static struct json_object *
trail_json_text(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

/* One row as the API shows it (new reference). */
static struct json_object *
trail_json_row(const struct audit_row *row)
{
	struct json_object	*it, *actor, *target;

	it = json_object_new_object();
	json_object_object_add(it, "seq",
	    json_object_new_int64(row->seq));
	json_object_object_add(it, "at",
	    json_object_new_string(row->at));
	actor = json_object_new_object();
	json_object_object_add(actor, "staff_id", row->staff_id > 0 ?
	    json_object_new_int64(row->staff_id) : NULL);
	json_object_object_add(actor, "api_key_id",
	    row->api_key_id > 0 ?
	    json_object_new_int64(row->api_key_id) : NULL);
	json_object_object_add(actor, "email",
	    trail_json_text(row->actor_email));
	json_object_object_add(actor, "name",
	    trail_json_text(row->actor_name));
	json_object_object_add(it, "actor", actor);
	json_object_object_add(it, "action",
	    json_object_new_string(row->action));
	target = json_object_new_object();
	json_object_object_add(target, "type",
	    trail_json_text(row->target_type));
	json_object_object_add(target, "id",
	    trail_json_text(row->target_id));
	json_object_object_add(it, "target", target);
	json_object_object_add(it, "before", row->before != NULL ?
	    json_tokener_parse(row->before) : NULL);
	json_object_object_add(it, "after", row->after != NULL ?
	    json_tokener_parse(row->after) : NULL);
	json_object_object_add(it, "ip", trail_json_text(row->ip));
	json_object_object_add(it, "user_agent",
	    trail_json_text(row->user_agent));
	json_object_object_add(it, "request_id",
	    trail_json_text(row->request_id));
	json_object_object_add(it, "hash",
	    json_object_new_string(row->hash));
	return it;
}

void
trail_api(struct request *r, struct response *resp)
{
	struct audit_filter	 f;
	struct audit_row	*rows;
	struct json_object	*o, *items, *it;
	struct buf		 next;
	const char		*lim;
	char			*end;
	long			 limit = TRAIL_PAGE;
	int			 n, more, i;

	if (trail_filter(r, resp, &f) == -1)
		return;
	if ((lim = params_get(&r->query, "limit")) != NULL) {
		limit = strtol(lim, &end, 10);
		if (*lim == '\0' || *end != '\0' || limit < 1 ||
		    limit > TRAIL_API_MAX) {
			view_error(r, resp, 400, "limit is a number from 1 "
			    "to 500.");
			return;
		}
	}
	if ((n = audit_list(r->arena, &f, (int)limit, &rows, &more)) == -1) {
		view_error(r, resp, 503, "The database is unavailable.");
		return;
	}
	o = json_object_new_object();
	items = json_object_new_array();
	for (i = 0; i < n; i++) {
		it = trail_json_row(&rows[i]);
		json_object_array_add(items, it);
	}
	json_object_object_add(o, "items", items);
	if (more && n > 0) {
		buf_init(&next, r->arena);
		buf_puts(&next, "/api/v1/audit?");
		trail_query(&next, &f);
		buf_printf(&next, "limit=%ld&before=%lld", limit,
		    rows[n - 1].seq);
		json_object_object_add(o, "next",
		    json_object_new_string(next.data));
	} else
		json_object_object_add(o, "next", NULL);
	response_json(resp, 200, o);
	json_object_put(o);
}

void
trail_api_show(struct request *r, struct response *resp)
{
	struct audit_row	 row;
	struct json_object	*o;
	const char		*seq = route_get_capture(&r->match, "seq");
	char			*end;
	long long		 n;
	int			 rc;

	n = strtoll(seq, &end, 10);
	if (*seq < '1' || *seq > '9' || *end != '\0') {
		view_error(r, resp, 404, "There is no such audit row.");
		return;
	}
	if ((rc = audit_get(r->arena, n, &row)) == -1) {
		view_error(r, resp, 503, "The database is unavailable.");
		return;
	}
	if (rc == 0) {
		view_error(r, resp, 404, "There is no such audit row.");
		return;
	}
	o = trail_json_row(&row);
	json_object_object_add(o, "prev_hash",
	    json_object_new_string(row.prev_hash));
	response_json(resp, 200, o);
	json_object_put(o);
}
