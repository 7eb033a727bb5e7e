/*
 * handlers/keys.c: what signs staff in besides a password: sessions
 * (everyone sees and ends their own; "staff.manage" sees and ends
 * anyone's) and API keys ("staff.manage": made with a role no stronger
 * than the maker's, shown once, rotated with a grace period, revoked).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "apikey.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "conf.h"
#include "handlers/keys.h"
#include "handlers/reply.h"
#include "request.h"
#include "response.h"
#include "role.h"
#include "session.h"
#include "staff.h"
#include "tmpl.h"
#include "view.h"

#define KEYS_PAGE		50
#define KEYS_API_MAX		200
/* Default grace for a rotated key's old secret: a day. */
#define KEYS_DEFAULT_GRACE	(24L * 3600)

void
keys_me(struct request *r, struct response *resp)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(r->staff->id));
	json_object_object_add(o, "email",
	    json_object_new_string(r->staff->email));
	json_object_object_add(o, "name",
	    json_object_new_string(r->staff->display_name));
	json_object_object_add(o, "role",
	    json_object_new_string(r->staff->role));
	json_object_object_add(o, "permissions",
	    role_perms_json(r->staff->perms));
	json_object_object_add(o, "api_key_id", r->api_key_id > 0 ?
	    json_object_new_int64(r->api_key_id) : NULL);
	json_object_object_add(o, "session_id", r->api_key_id == 0 ?
	    json_object_new_int64(r->session_id) : NULL);
	reply_object(resp, 200, o);
}

/*
 * May the signed-in staff member act on what owner_id holds (a session,
 * a key)? Their own, always; anyone else's only with staff.manage and
 * only if the owner's role can do no more than theirs. 1, 0 (answered
 * 404 or 403), or -1 (answered 503).
 */
static int
keys_may_touch(struct request *r, struct response *resp, long long owner_id,
    const char *what)
{
	struct staff	owner;
	int		rc;

	if (owner_id == r->staff->id)
		return 1;
	if (!perm_has(r->staff->perms, PERM_STAFF)) {
		view_error(r, resp, 404, arena_printf(r->arena, "There is no "
		    "such %s (or it is not yours).", what));
		return 0;
	}
	if ((rc = staff_get(r->arena, owner_id, &owner)) != 1) {
		if (rc == -1) {
			reply_unavailable(r, resp);
			return -1;
		}
		view_error(r, resp, 404, arena_printf(r->arena, "There is no "
		    "such %s.", what));
		return 0;
	}
	if (!perm_subset(owner.perms, r->staff->perms)) {
		view_error(r, resp, 403, arena_printf(r->arena, "This %s "
		    "belongs to someone whose role can do more than yours.",
		    what));
		return 0;
	}
	return 1;
}

/* ---- sessions ---- */

void
keys_sessions(struct request *r, struct response *resp)
{
	struct session_info	*ss;
	struct tmpl_dict	*d, *x;
	struct json_object	*items, *o;
	const char		*who = reply_param(r, "staff");
	long long		 staff_id = r->staff->id;
	bool			 all = perm_has(r->staff->perms, PERM_STAFF);
	char			*end;
	int			 n, i;

	if (who != NULL) {
		errno = 0;
		staff_id = strtoll(who, &end, 10);
		if (*end != '\0' || errno != 0 || staff_id < 0) {
			view_error(r, resp, 400, "staff is a staff id, or 0 "
			    "for everyone.");
			return;
		}
	} else if (all && !reply_json(r))
		staff_id = 0;
	if (staff_id != r->staff->id && !all) {
		view_error(r, resp, 403, "Your role does not allow seeing "
		    "other staff members' sessions.");
		return;
	}
	if ((n = session_list(r->arena, staff_id,
	    r->conf->session_idle_timeout, &ss)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (reply_json(r)) {
		items = json_object_new_array();
		for (i = 0; i < n; i++) {
			o = json_object_new_object();
			json_object_object_add(o, "id",
			    json_object_new_int64(ss[i].id));
			json_object_object_add(o, "staff_id",
			    json_object_new_int64(ss[i].staff_id));
			json_object_object_add(o, "staff_email",
			    json_object_new_string(ss[i].staff_email));
			json_object_object_add(o, "created",
			    json_object_new_string(ss[i].created));
			json_object_object_add(o, "last_seen",
			    json_object_new_string(ss[i].last_seen));
			json_object_object_add(o, "expires",
			    json_object_new_string(ss[i].expires));
			json_object_object_add(o, "ip", reply_text(ss[i].ip));
			json_object_object_add(o, "user_agent",
			    json_object_new_string(ss[i].user_agent));
			json_object_object_add(o, "current",
			    json_object_new_boolean(r->api_key_id == 0 &&
			    ss[i].id == r->session_id));
			json_object_array_add(items, o);
		}
		reply_list(resp, items, NULL);
		return;
	}
	d = view_begin(r, VIEW_SESSIONS, "Sessions");
	if (staff_id == 0)
		tmpl_show(d, "ALL");
	else if (staff_id == r->staff->id)
		tmpl_set(tmpl_section(d, "MINE"), "CSRF", r->csrf_token);
	else
		tmpl_show(d, "ONE");
	if (all) {
		struct tmpl_dict *f = tmpl_section(d, "FILTER");

		tmpl_set(f, "STAFF_FILTER", who != NULL ? who : "");
		tmpl_set_int(f, "SELF", r->staff->id);
	}
	if (staff_id != r->staff->id)
		tmpl_show(d, "STAFF_COL");
	for (i = 0; i < n; i++) {
		x = tmpl_section(d, "SESSION");
		tmpl_set_int(x, "ID", ss[i].id);
		tmpl_set_int(x, "STAFF_ID", ss[i].staff_id);
		tmpl_set(x, "CSRF", r->csrf_token);
		tmpl_set(x, "STAFF", ss[i].staff_name);
		tmpl_set(x, "STAFF_EMAIL", ss[i].staff_email);
		tmpl_set(x, "CREATED", ss[i].created);
		tmpl_set(x, "LAST_SEEN", ss[i].last_seen);
		tmpl_set(x, "IP", ss[i].ip != NULL ? ss[i].ip : "");
		tmpl_set(x, "USER_AGENT", ss[i].user_agent);
		if (ss[i].id == r->session_id)
			tmpl_show(x, "CURRENT");
		else
			tmpl_show(x, "REVOKE");
		if (staff_id != r->staff->id)
			tmpl_show(x, "STAFF_COL");
	}
	view_finish(r, resp, 200);
}

void
keys_session_revoke(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before;
	long long		 id, owner;
	int			 rc;

	if (reply_id(r, resp, "id", &id) == -1)
		return;
	if ((owner = session_owner(id)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (owner == 0) {
		view_error(r, resp, 404, "There is no such session (or it is "
		    "not yours).");
		return;
	}
	if (keys_may_touch(r, resp, owner, "session") != 1)
		return;
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((rc = session_revoke(t, id, owner)) != 0) {
		audit_abort(t);
		if (rc == 1)
			view_error(r, resp, 404, "There is no such session "
			    "(or it is not yours).");
		else
			reply_unavailable(r, resp);
		return;
	}
	before = json_object_new_object();
	json_object_object_add(before, "session_id", json_object_new_int64(id));
	json_object_object_add(before, "staff_id", json_object_new_int64(owner));
	if (audit_commit(t, AUDIT_SESSION_REVOKE, "session",
	    arena_printf(r->arena, "%lld", id), before, NULL) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	reply_done(r, resp, "/admin/sessions");
}

/* ---- API keys ---- */

static struct json_object *
keys_json(const struct apikey *k)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(k->id));
	json_object_object_add(o, "name", json_object_new_string(k->name));
	json_object_object_add(o, "lookup", json_object_new_string(k->lookup));
	json_object_object_add(o, "staff_id", json_object_new_int64(k->staff_id));
	json_object_object_add(o, "staff_email",
	    json_object_new_string(k->staff_email));
	json_object_object_add(o, "role", json_object_new_string(k->role));
	json_object_object_add(o, "active", json_object_new_boolean(k->active));
	json_object_object_add(o, "created", reply_text(k->created));
	json_object_object_add(o, "expires", reply_text(k->expires));
	json_object_object_add(o, "revoked", reply_text(k->revoked));
	json_object_object_add(o, "rotated", reply_text(k->rotated));
	json_object_object_add(o, "previous_secret_valid_until",
	    reply_text(k->previous_expires));
	json_object_object_add(o, "last_used", reply_text(k->last_used));
	json_object_object_add(o, "last_used_ip", reply_text(k->last_used_ip));
	return o;
}

/* Loads API key id: 1, or 0 after answering 404 or 503. */
static int
keys_load(struct request *r, struct response *resp, long long id,
    struct apikey *k)
{
	int	rc;

	if ((rc = apikey_get(r->arena, id, k)) == 1)
		return 1;
	if (rc == -1)
		reply_unavailable(r, resp);
	else
		view_error(r, resp, 404, "There is no such API key.");
	return 0;
}

/* The key list page; new_key (with its id) shown once when just made. */
static void
keys_page(struct request *r, struct response *resp, int status,
    const char *new_key, const char *notice, const struct reply_errors *e)
{
	struct apikey		*ks;
	struct tmpl_dict	*d, *x;
	struct role		*roles;
	struct buf		 next;
	long long		 before;
	const char		*v;
	int			 n, nr, i, more, limit;

	if (reply_before(r, resp, &before) == -1 ||
	    reply_limit(r, resp, KEYS_PAGE, reply_json(r) ? KEYS_API_MAX :
	    KEYS_PAGE, &limit) == -1)
		return;
	if ((n = apikey_list(r->arena, 0, before, limit, &ks, &more)) == -1 ||
	    (nr = role_list(r->arena, &roles)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	buf_init(&next, r->arena);
	if (more && n > 0)
		buf_printf(&next, "%s?limit=%d&before=%lld", reply_json(r) ?
		    "/api/v1/api-keys" : "/admin/api-keys", limit,
		    ks[n - 1].id);
	if (reply_json(r)) {
		struct json_object *items = json_object_new_array();

		for (i = 0; i < n; i++)
			json_object_array_add(items, keys_json(&ks[i]));
		reply_list(resp, items, next.len > 0 ? next.data : NULL);
		return;
	}
	d = view_begin(r, VIEW_API_KEYS, "API keys");
	tmpl_set(d, "CSRF", r->csrf_token);
	/* What was typed comes back only with what was wrong with it. */
	tmpl_set(d, "NAME", e != NULL && (v = request_field(r, "name")) ?
	    v : "");
	if (new_key != NULL)
		tmpl_set(tmpl_section(d, "NEW_KEY"), "KEY", new_key);
	if (notice != NULL)
		tmpl_set(tmpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (e != NULL)
		for (size_t k = 0; k < e->n; k++)
			tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE",
			    e->v[k].message);
	for (i = 0; i < nr; i++)
		if (perm_subset(roles[i].perms, r->staff->perms))
			tmpl_set(tmpl_section(d, "ROLE_OPTION"), "NAME",
			    roles[i].name);
	for (i = 0; i < n; i++) {
		x = tmpl_section(d, "KEY");
		tmpl_set_int(x, "ID", ks[i].id);
		tmpl_set(x, "CSRF", r->csrf_token);
		tmpl_set(x, "NAME", ks[i].name);
		tmpl_set(x, "LOOKUP", ks[i].lookup);
		tmpl_set(x, "OWNER", ks[i].staff_email);
		tmpl_set(x, "ROLE", ks[i].role);
		tmpl_set(x, "CREATED", ks[i].created);
		tmpl_set(x, "EXPIRES", ks[i].expires != NULL ? ks[i].expires :
		    "never");
		tmpl_set(x, "LAST_USED", ks[i].last_used != NULL ?
		    arena_printf(r->arena, "%s from %s", ks[i].last_used,
		    ks[i].last_used_ip != NULL ? ks[i].last_used_ip : "?") :
		    "never");
		if (ks[i].previous_expires != NULL)
			tmpl_set(tmpl_section(x, "GRACE"), "UNTIL",
			    ks[i].previous_expires);
		if (ks[i].active)
			tmpl_show(x, "ACTIVE");
		else
			tmpl_set(x, "STATE", ks[i].revoked != NULL ? "revoked" :
			    "expired");
		if (perm_has(r->staff->perms, PERM_AUDIT))
			tmpl_show(x, "HISTORY");
	}
	if (n == 0)
		tmpl_show(d, "EMPTY");
	if (next.len > 0)
		tmpl_set(tmpl_section(d, "NEXT"), "HREF", next.data);
	view_finish(r, resp, status);
}

void
keys_list(struct request *r, struct response *resp)
{
	const char	*done = params_get(&r->query, "done");

	keys_page(r, resp, 200, NULL, done == NULL ? NULL :
	    strcmp(done, "revoked") == 0 ? "The key was revoked." : NULL,
	    NULL);
}

void
keys_show(struct request *r, struct response *resp)
{
	struct apikey	k;
	long long	id;

	if (reply_id(r, resp, "id", &id) == -1)
		return;
	if (!keys_load(r, resp, id, &k))
		return;
	reply_object(resp, 200, keys_json(&k));
}

/* An expiry date: "YYYY-MM-DD" (UTC midnight) or a full RFC 3339 time. */
static bool
keys_expiry_ok(const char *s)
{
	size_t	len = strlen(s), i;

	if (len != 10 && len != 20)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (i == 4 || i == 7) {
			if (c != '-')
				return false;
		} else if (i == 10) {
			if (c != 'T')
				return false;
		} else if (i == 13 || i == 16) {
			if (c != ':')
				return false;
		} else if (i == 19) {
			if (c != 'Z')
				return false;
		} else if (c < '0' || c > '9')
			return false;
	}
	return true;
}

void
keys_create(struct request *r, struct response *resp)
{
	struct reply_errors	 e = { 0 };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after, *o;
	struct role		 role;
	const char		*name, *rname, *expires, *key, *at;
	long long		 id;
	int			 rc;

	name = request_field(r, "name");
	rname = request_field(r, "role");
	expires = request_field(r, "expires");
	if (expires != NULL && *expires == '\0')
		expires = NULL;
	if (name == NULL || !staff_name_ok(name) || strlen(name) > 100)
		reply_error_add(&e, "name", "Name the key: 1 to 100 "
		    "characters.");
	if (rname == NULL || *rname == '\0')
		reply_error_add(&e, "role", "Choose a role.");
	else if ((rc = role_get(r->arena, rname, &role)) == -1) {
		reply_unavailable(r, resp);
		return;
	} else if (rc == 0)
		reply_error_add(&e, "role", "There is no such role.");
	else if (!perm_subset(role.perms, r->staff->perms))
		reply_error_add(&e, "role", "A key cannot have a role that can "
		    "do more than yours.");
	if (expires != NULL && !keys_expiry_ok(expires))
		reply_error_add(&e, "expires", "An expiry is a date "
		    "(YYYY-MM-DD, UTC) or a time (YYYY-MM-DDTHH:MM:SSZ).");
	if (e.n > 0) {
		if (reply_json(r))
			reply_invalid(resp, &e);
		else
			keys_page(r, resp, 422, NULL, NULL, &e);
		return;
	}
	/* PostgreSQL checks the date is real and later than now. */
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((rc = apikey_create(t, r->arena, r->staff->id, name, rname,
	    expires, &id, &key)) != 0) {
		audit_abort(t);
		if (rc == -1) {
			reply_unavailable(r, resp);
			return;
		}
		reply_error_add(&e, "expires", "That is not a date in the "
		    "future.");
		if (reply_json(r))
			reply_invalid(resp, &e);
		else
			keys_page(r, resp, 422, NULL, NULL, &e);
		return;
	}
	at = arena_printf(r->arena, "%lld", id);
	after = json_object_new_object();
	json_object_object_add(after, "name", json_object_new_string(name));
	json_object_object_add(after, "role", json_object_new_string(rname));
	json_object_object_add(after, "expires", reply_text(expires));
	if (audit_commit(t, AUDIT_API_KEY_CREATE, "api_key", at, NULL,
	    after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (reply_json(r)) {
		struct apikey k;

		if (apikey_get(r->arena, id, &k) != 1) {
			reply_unavailable(r, resp);
			return;
		}
		o = keys_json(&k);
		json_object_object_add(o, "key", json_object_new_string(key));
		reply_object(resp, 201, o);
		return;
	}
	keys_page(r, resp, 201, key, "The key was made. Copy it now: it is "
	    "shown only once.", NULL);
}

void
keys_rotate(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after, *o;
	struct apikey		 k;
	const char		*g, *key;
	char			*end;
	long			 grace = KEYS_DEFAULT_GRACE;
	long long		 id;
	int			 rc;

	if (reply_id(r, resp, "id", &id) == -1)
		return;
	if ((g = request_field(r, "grace")) != NULL && *g != '\0') {
		errno = 0;
		grace = strtol(g, &end, 10);
		if (*end != '\0' || errno != 0 || grace < 0 ||
		    grace > APIKEY_MAX_GRACE) {
			struct reply_errors e = { 0 };

			reply_error_add(&e, "grace", "The grace period is 0 to "
			    "604800 seconds (a week).");
			if (reply_json(r))
				reply_invalid(resp, &e);
			else
				keys_page(r, resp, 422, NULL, NULL, &e);
			return;
		}
	}
	if (!keys_load(r, resp, id, &k))
		return;
	/*
	 * Whoever rotates learns the new secret, which acts as the key's
	 * owner: only the owner may. Others revoke it instead.
	 */
	if (k.staff_id != r->staff->id) {
		view_error(r, resp, 403, "Only the key's owner can rotate it; "
		    "you can revoke it.");
		return;
	}
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((rc = apikey_rotate(t, r->arena, id, grace, &key)) != 0) {
		audit_abort(t);
		if (rc == 1)
			view_error(r, resp, 409, "Only an active key can be "
			    "rotated.");
		else
			reply_unavailable(r, resp);
		return;
	}
	after = json_object_new_object();
	json_object_object_add(after, "grace_seconds",
	    json_object_new_int64(grace));
	if (audit_commit(t, AUDIT_API_KEY_ROTATE, "api_key",
	    arena_printf(r->arena, "%lld", id), NULL, after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (reply_json(r)) {
		if (apikey_get(r->arena, id, &k) != 1) {
			reply_unavailable(r, resp);
			return;
		}
		o = keys_json(&k);
		json_object_object_add(o, "key", json_object_new_string(key));
		reply_object(resp, 200, o);
		return;
	}
	keys_page(r, resp, 200, key, arena_printf(r->arena, "The key has a "
	    "new secret; copy it now. The old one works for %ld more "
	    "seconds.", grace), NULL);
}

void
keys_revoke(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	struct apikey		 k;
	long long		 id;
	int			 rc;

	if (reply_id(r, resp, "id", &id) == -1)
		return;
	if (!keys_load(r, resp, id, &k))
		return;
	if (keys_may_touch(r, resp, k.staff_id, "API key") != 1)
		return;
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((rc = apikey_revoke(t, id)) != 0) {
		audit_abort(t);
		if (rc == 1)
			view_error(r, resp, 404, "There is no such active API "
			    "key.");
		else
			reply_unavailable(r, resp);
		return;
	}
	after = json_object_new_object();
	json_object_object_add(after, "revoked", json_object_new_boolean(1));
	json_object_object_add(after, "staff_id",
	    json_object_new_int64(k.staff_id));
	json_object_object_add(after, "name", json_object_new_string(k.name));
	if (audit_commit(t, AUDIT_API_KEY_REVOKE, "api_key",
	    arena_printf(r->arena, "%lld", id), NULL, after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	reply_done(r, resp, "/admin/api-keys?done=revoked");
}
