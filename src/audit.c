/*
 * audit.c: writing the audit trail. The database assigns the sequence
 * number, the time and the hash chain (sql/0003-audit.sql); this module
 * decides what a row says.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "form.h"
#include "db.h"
#include "log.h"
#include "request.h"
#include "staff.h"

/* A row waiting for the end of its transaction: audit_add's parameters. */
struct audit_pending {
	const char		*p[11];
	struct audit_pending	*next;
};

struct audit_txn {
	struct audit_context	 ctx;
	struct arena		*arena;
	bool			 open;
	long			 rows;		/* added so far */
	struct audit_pending	*head, **tail;	/* to insert, in order */
};

bool
audit_live(const struct audit_txn *t)
{
	return t != NULL && t->open;
}

static const char *const audit_names[AUDIT__MAX] = {
	[AUDIT_SIGN_IN] = "staff.sign_in",
	[AUDIT_SIGN_IN_FAILED] = "staff.sign_in_failed",
	[AUDIT_SIGN_OUT] = "staff.sign_out",
	[AUDIT_STAFF_CREATE] = "staff.create",
	[AUDIT_PASSWORD_CHANGE] = "staff.password_change",
	[AUDIT_PASSWORD_RESET] = "staff.password_reset",
	[AUDIT_SESSIONS_END_OTHERS] = "staff.sessions_end_others",
	[AUDIT_MFA_VERIFIED] = "staff.mfa_verified",
	[AUDIT_MFA_FAILED] = "staff.mfa_failed",
	[AUDIT_MFA_ENABLE] = "staff.mfa_enable",
	[AUDIT_MFA_DISABLE] = "staff.mfa_disable",
	[AUDIT_STEP_UP] = "staff.step_up",
	[AUDIT_STEP_UP_FAILED] = "staff.step_up_failed",
	[AUDIT_STAFF_UPDATE] = "staff.update",
	[AUDIT_STAFF_DEACTIVATE] = "staff.deactivate",
	[AUDIT_STAFF_REACTIVATE] = "staff.reactivate",
	[AUDIT_STAFF_MFA_RESET] = "staff.mfa_reset",
	[AUDIT_STAFF_INVITE] = "staff.invite",
	[AUDIT_STAFF_PASSWORD_SET] = "staff.password_set",
	[AUDIT_SESSION_REVOKE] = "staff.session_revoke",
	[AUDIT_ROLE_CREATE] = "role.create",
	[AUDIT_ROLE_UPDATE] = "role.update",
	[AUDIT_ROLE_DELETE] = "role.delete",
	[AUDIT_API_KEY_CREATE] = "api_key.create",
	[AUDIT_API_KEY_ROTATE] = "api_key.rotate",
	[AUDIT_API_KEY_REVOKE] = "api_key.revoke",
	[AUDIT_RECORD_CREATE] = "record.create",
	[AUDIT_RECORD_UPDATE] = "record.update",
	[AUDIT_RECORD_DELETE] = "record.delete",
	[AUDIT_RECORD_BULK] = "record.bulk",
};

/* Top-level fields never written to the trail in clear. */
static const char *const audit_secrets[] = {
	"password", "password_hash", "totp_secret", "token", "token_hash",
	"key_hash", "secret",
};

const char *
audit_action_name(enum audit_action a)
{
	if ((unsigned)a >= AUDIT__MAX)
		abort();
	return audit_names[a];
}

void
audit_context_of(struct audit_context *ctx, const struct request *r)
{
	memset(ctx, 0, sizeof(*ctx));
	if (r->staff != NULL)
		ctx->staff_id = r->staff->id;
	ctx->api_key_id = r->api_key_id;
	ctx->ip = r->client_ip;
	ctx->user_agent = r->user_agent;
	ctx->request_id = r->request_id;
}

struct audit_txn *
audit_begin(struct arena *a, const struct audit_context *ctx)
{
	struct audit_txn	*t;

	if (db_begin() == -1)
		return NULL;
	t = arena_calloc(a, 1, sizeof(*t));
	t->ctx = *ctx;
	t->arena = a;
	t->open = true;
	t->tail = &t->head;
	return t;
}

void
audit_abort(struct audit_txn *t)
{
	if (audit_live(t)) {
		db_rollback();
		t->open = false;
	}
}

static bool
audit_secret(const char *key)
{
	size_t	i;

	for (i = 0; i < sizeof(audit_secrets) / sizeof(audit_secrets[0]); i++)
		if (strcmp(key, audit_secrets[i]) == 0)
			return true;
	return false;
}

static void
audit_redact(struct json_object *o)
{
	if (o == NULL || !json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, key, val) {
		(void)val;
		if (audit_secret(key))
			json_object_object_add(o, key,
			    json_object_new_string("[redacted]"));
	}
}

void
audit_prepare(struct json_object *before, struct json_object *after)
{
	struct json_object	*other;
	const char		**drop;
	size_t			 n = 0, i;

	if (before != NULL && after != NULL &&
	    json_object_is_type(before, json_type_object) &&
	    json_object_is_type(after, json_type_object)) {
		/* Room for every key: none may be kept for want of it. */
		if ((drop = calloc((size_t)json_object_object_length(before) +
		    1, sizeof(*drop))) == NULL)
			abort();
		json_object_object_foreach(before, key, val) {
			if (json_object_object_get_ex(after, key, &other) &&
			    json_object_equal(val, other))
				drop[n++] = key;
		}
		/* Deleting while iterating would invalidate the iterator. */
		for (i = 0; i < n; i++) {
			json_object_object_del(after, drop[i]);
			json_object_object_del(before, drop[i]);
		}
		free(drop);
	}
	audit_redact(before);
	audit_redact(after);
}

static char *
audit_number(char *buf, size_t size, long long n)
{
	if (n <= 0)
		return NULL;
	snprintf(buf, size, "%lld", n);
	return buf;
}

/*
 * Rows are kept until audit_finish and inserted there, just before the
 * commit: the chain trigger locks the head row (one writer at a time over
 * the whole pool), so a change of many rows (a bulk action, a cascaded
 * delete) holds that lock for the inserts only, not for all its updates.
 */
int
audit_add(struct audit_txn *t, enum audit_action action,
    const char *target_type, const char *target_id,
    struct json_object *before, struct json_object *after)
{
	struct audit_pending	*w;
	char			 num[24];

	if (!audit_live(t)) {
		json_object_put(before);
		json_object_put(after);
		return -1;
	}
	audit_prepare(before, after);
	w = arena_calloc(t->arena, 1, sizeof(*w));
	if (t->ctx.staff_id > 0)
		w->p[0] = arena_strdup(t->arena, audit_number(num, sizeof(num),
		    t->ctx.staff_id));
	if (t->ctx.api_key_id > 0)
		w->p[1] = arena_strdup(t->arena, audit_number(num, sizeof(num),
		    t->ctx.api_key_id));
	w->p[2] = t->ctx.email;
	w->p[3] = audit_action_name(action);
	w->p[4] = target_type != NULL ? arena_strdup(t->arena, target_type) :
	    NULL;
	w->p[5] = target_id != NULL ? arena_strdup(t->arena, target_id) : NULL;
	w->p[6] = before != NULL ? arena_strdup(t->arena,
	    json_object_to_json_string_ext(before, JSON_C_TO_STRING_PLAIN)) :
	    NULL;
	w->p[7] = after != NULL ? arena_strdup(t->arena,
	    json_object_to_json_string_ext(after, JSON_C_TO_STRING_PLAIN)) :
	    NULL;
	w->p[8] = t->ctx.ip;
	w->p[9] = t->ctx.user_agent;
	w->p[10] = t->ctx.request_id;
	json_object_put(before);
	json_object_put(after);
	*t->tail = w;
	t->tail = &w->next;
	t->rows++;
	return 0;
}

/* Inserts the rows audit_add kept, in order; 0 or -1. */
static int
audit_flush(struct audit_txn *t)
{
	struct audit_pending	*w;

	/* seq, at, prev_hash and hash come from the chain trigger. */
	for (w = t->head; w != NULL; w = w->next)
		if (db_command(__func__,
		    "INSERT INTO steward.audit_log (actor_staff_id,"
		    " actor_api_key_id, actor_email, action, target_type,"
		    " target_id, before, after, ip, user_agent, request_id)"
		    " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb,"
		    " $9::inet, $10, $11)", 11, w->p) == -1)
			return -1;
	return 0;
}

int
audit_commit(struct audit_txn *t, enum audit_action action,
    const char *target_type, const char *target_id,
    struct json_object *before, struct json_object *after)
{
	if (audit_add(t, action, target_type, target_id, before, after) == -1)
		return -1;
	return audit_finish(t);
}

int
audit_finish(struct audit_txn *t)
{
	if (!audit_live(t))
		return -1;
	t->open = false;
	/* A change that wrote no audit row is not committed. */
	if (t->rows == 0 || audit_flush(t) == -1) {
		db_rollback();
		return -1;
	}
	if (db_commit() == -1) {
		log_error("%s: commit failed; %ld audit rows are not recorded",
		    __func__, t->rows);
		return -1;
	}
	return 0;
}

/* Columns of struct audit_row, in order. */
static const char audit_columns[] =
    "SELECT a.seq, to_char(a.at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), a.actor_staff_id, s.display_name,"
    " coalesce(s.email, a.actor_email), a.actor_api_key_id, a.action,"
    " a.target_type, a.target_id, a.before::text, a.after::text,"
    " host(a.ip), a.user_agent, a.request_id, encode(a.hash, 'hex'),"
    " encode(a.prev_hash, 'hex')"
    " FROM steward.audit_log a"
    " LEFT JOIN steward.staff s ON s.id = a.actor_staff_id";

static const char *
audit_text(struct arena *a, PGresult *res, int i, int col)
{
	if (PQgetisnull(res, i, col))
		return NULL;
	return arena_strdup(a, PQgetvalue(res, i, col));
}

static void
audit_fill(struct arena *a, PGresult *res, int i, struct audit_row *r)
{
	r->seq = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	r->at = audit_text(a, res, i, 1);
	r->staff_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
	r->actor_name = audit_text(a, res, i, 3);
	r->actor_email = audit_text(a, res, i, 4);
	r->api_key_id = strtoll(PQgetvalue(res, i, 5), NULL, 10);
	r->action = audit_text(a, res, i, 6);
	r->target_type = audit_text(a, res, i, 7);
	r->target_id = audit_text(a, res, i, 8);
	r->before = audit_text(a, res, i, 9);
	r->after = audit_text(a, res, i, 10);
	r->ip = audit_text(a, res, i, 11);
	r->user_agent = audit_text(a, res, i, 12);
	r->request_id = audit_text(a, res, i, 13);
	r->hash = audit_text(a, res, i, 14);
	r->prev_hash = audit_text(a, res, i, 15);
}

/* YYYY-MM-DD, digits only, a day that exists (PostgreSQL's ::date would refuse it). */
static bool
audit_date_ok(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	i, y, m, d, last;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12 || d < 1)
		return false;
	last = mdays[m - 1];
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		last = 29;
	return d <= last;
}

/* NULL for an empty or absent parameter. */
static const char *
audit_param(const struct params *q, const char *name)
{
	const char	*v = params_get(q, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

int
audit_filter_parse(struct audit_filter *f, const struct params *q,
    const char **why)
{
	const char	*v;
	char		*end;
	int		 i;

	memset(f, 0, sizeof(*f));
	f->actor = audit_param(q, "actor");
	f->action = audit_param(q, "action");
	f->target_type = audit_param(q, "target_type");
	f->target_id = audit_param(q, "target_id");
	f->from = audit_param(q, "from");
	f->to = audit_param(q, "to");
	f->q = audit_param(q, "q");
	if (f->action != NULL) {
		for (i = 0; i < AUDIT__MAX; i++)
			if (strcmp(f->action, audit_names[i]) == 0)
				break;
		if (i == AUDIT__MAX) {
			*why = "Unknown action.";
			return -1;
		}
	}
	if ((f->from != NULL && !audit_date_ok(f->from)) ||
	    (f->to != NULL && !audit_date_ok(f->to))) {
		*why = "Dates are written YYYY-MM-DD.";
		return -1;
	}
	if ((f->actor != NULL && strlen(f->actor) > 254) ||
	    (f->target_type != NULL && strlen(f->target_type) > 64) ||
	    (f->target_id != NULL && strlen(f->target_id) > 256) ||
	    (f->q != NULL && strlen(f->q) > 256)) {
		*why = "A filter is too long.";
		return -1;
	}
	if ((v = audit_param(q, "before")) != NULL) {
		f->before = strtoll(v, &end, 10);
		if (*end != '\0' || f->before < 1) {
			*why = "\"before\" is a sequence number.";
			return -1;
		}
	}
	return 0;
}

/*
 * Appends the WHERE clause for f; values go to p[*n] and on (at most
 * nine), actor_id holding the one it may look up. 0, or -1 on error.
 */
static int
audit_where(struct buf *sql, const struct audit_filter *f, const char **p,
    int *n, char *before, char actor_id[24])
{
	const char	*digits;

#define AUDIT_ARG(v) (p[*n] = (v), ++*n)
	buf_puts(sql, " WHERE true");
	if (f->actor != NULL) {
		for (digits = f->actor; *digits >= '0' && *digits <= '9';
		    digits++)
			continue;
		if (*digits == '\0' && digits - f->actor < 19)
			buf_printf(sql, " AND a.actor_staff_id = $%d::bigint",
			    AUDIT_ARG(f->actor));
		else {
			/*
			 * The account with that address, looked up first, and
			 * its rows by audit_log_actor_idx, with the rows of
			 * nobody signed in where that address was typed at a
			 * failed sign-in (audit_log_actor_email_idx). With no
			 * such account, only the latter: a lone index that
			 * gives seq order, not an OR the planner answers by
			 * reading the trail backwards.
			 */
			const char	*q[1] = { f->actor };
			PGresult	*r;

			if ((r = db_exec(__func__, "SELECT id FROM"
			    " steward.staff WHERE lower(email) = lower($1)", 1,
			    q)) == NULL)
				return -1;
			if (PQntuples(r) == 1) {
				snprintf(actor_id, 24, "%s", PQgetvalue(r, 0, 0));
				AUDIT_ARG(actor_id);
				AUDIT_ARG(f->actor);
				buf_printf(sql, " AND (a.actor_staff_id ="
				    " $%d::bigint OR (a.actor_staff_id IS NULL"
				    " AND lower(a.actor_email) = lower($%d)))",
				    *n - 1, *n);
			} else
				buf_printf(sql, " AND a.actor_staff_id IS NULL"
				    " AND lower(a.actor_email) = lower($%d)",
				    AUDIT_ARG(f->actor));
			PQclear(r);
		}
	}
	if (f->action != NULL)
		buf_printf(sql, " AND a.action = $%d", AUDIT_ARG(f->action));
	if (f->target_type != NULL)
		buf_printf(sql, " AND a.target_type = $%d",
		    AUDIT_ARG(f->target_type));
	if (f->target_id != NULL)
		buf_printf(sql, " AND a.target_id = $%d",
		    AUDIT_ARG(f->target_id));
	if (f->from != NULL)
		buf_printf(sql, " AND a.at >= ($%d::date)::timestamp"
		    " AT TIME ZONE 'UTC'", AUDIT_ARG(f->from));
	if (f->to != NULL)
		buf_printf(sql, " AND a.at < ($%d::date + 1)::timestamp"
		    " AT TIME ZONE 'UTC'", AUDIT_ARG(f->to));
	/*
	 * Within target_id, ignoring case: ILIKE, with the backslashes,
	 * percent signs and underscores of the text escaped so that they
	 * match themselves. audit_log_target_id_trgm_idx (pg_trgm) answers
	 * it once the text has three characters.
	 */
	if (f->q != NULL)
		buf_printf(sql, " AND a.target_id ILIKE ('%%' || replace("
		    "replace(replace($%d, '\\', '\\\\'), '%%', '\\%%'),"
		    " '_', '\\_') || '%%')", AUDIT_ARG(f->q));
	if (f->before > 0) {
		snprintf(before, 24, "%lld", f->before);
		buf_printf(sql, " AND a.seq < $%d::bigint", AUDIT_ARG(before));
	}
#undef AUDIT_ARG
	return 0;
}

int
audit_list(struct arena *a, const struct audit_filter *f, int limit,
    struct audit_row **rows, int *more)
{
	struct buf	 sql;
	const char	*p[10];
	char		 before[24], actor[24];
	PGresult	*res;
	int		 n = 0, i, got;

	buf_init(&sql, a);
	buf_puts(&sql, audit_columns);
	if (audit_where(&sql, f, p, &n, before, actor) == -1)
		return -1;
	buf_printf(&sql, " ORDER BY a.seq DESC LIMIT %d", limit + 1);
	/*
	 * A search within target_id: its trigram index is the plan when the
	 * text is rare, the backward scan when it is common; only a plan made
	 * for the text itself knows which (a cached generic plan read the
	 * whole trail for a text found nowhere).
	 */
	if ((res = f->q != NULL ? db_exec_planned(__func__, sql.data, n, p) :
	    db_exec(__func__, sql.data, n, p)) == NULL)
		return -1;
	got = PQntuples(res);
	*more = got > limit;
	if (got > limit)
		got = limit;
	*rows = arena_calloc(a, got > 0 ? (size_t)got : 1, sizeof(**rows));
	for (i = 0; i < got; i++)
		audit_fill(a, res, i, &(*rows)[i]);
	PQclear(res);
	return got;
}

int
audit_get(struct arena *a, long long seq, struct audit_row *r)
{
	struct buf	 sql;
	char		 s[24];
	const char	*p[1] = { s };
	PGresult	*res;
	int		 found;

	snprintf(s, sizeof(s), "%lld", seq);
	buf_init(&sql, a);
	buf_puts(&sql, audit_columns);
	buf_puts(&sql, " WHERE a.seq = $1::bigint");
	if ((res = db_exec(__func__, sql.data, 1, p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		audit_fill(a, res, 0, r);
	PQclear(res);
	return found;
}

int
audit_each(struct arena *a, const struct audit_filter *f,
    int (*cb)(const struct audit_row *, void *), void *ctx)
{
	struct audit_row	 row;
	struct arena		*scratch = NULL;
	struct buf		 sql;
	const char		*p[10];
	char			 before[24], actor[24];
	PGresult		*res;
	int			 n = 0, i, rc = -1;

	if (db_begin() == -1)
		return -1;
	if (db_command(__func__, "SET TRANSACTION ISOLATION LEVEL"
	    " REPEATABLE READ READ ONLY", 0, NULL) == -1)
		goto out;
	buf_init(&sql, a);
	buf_puts(&sql, "DECLARE audit_export NO SCROLL CURSOR FOR ");
	buf_puts(&sql, audit_columns);
	if (audit_where(&sql, f, p, &n, before, actor) == -1)
		goto out;
	buf_puts(&sql, " ORDER BY a.seq DESC");
	if (db_command(__func__, sql.data, n, p) == -1)
		goto out;
	scratch = arena_new();
	for (;;) {
		arena_reset(scratch);
		if ((res = db_exec(__func__, "FETCH 1000 FROM audit_export", 0,
		    NULL)) == NULL)
			goto out;
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			break;
		}
		for (i = 0; i < n; i++) {
			audit_fill(scratch, res, i, &row);
			if (cb(&row, ctx) == -1)
				break;
		}
		PQclear(res);
		if (i < n)
			goto out;	/* the callback stopped */
	}
	rc = 0;
out:
	arena_free(scratch);
	db_rollback();
	return rc;
}
