/*
 * handlers/team.c: staff accounts, managed by staff with "staff.manage".
 * Each handler serves a page and its /api/v1 twin. Nobody acts on an
 * account whose role can do more than their own, nor gives a role that
 * can do more than their own; the database keeps the last active owner.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "conf.h"
#include "form.h"
#include "handlers/auth.h"
#include "handlers/reply.h"
#include "handlers/trail.h"
#include "handlers/team.h"
#include "log.h"
#include "password.h"
#include "request.h"
#include "response.h"
#include "role.h"
#include "scoreboard.h"
#include "session.h"
#include "staff.h"
#include "tmpl.h"
#include "totp.h"
#include "view.h"

#define TEAM_PAGE		50
#define TEAM_API_MAX		200
/* How long a set-password link works: three days. */
#define TEAM_INVITE_LIFETIME	(3L * 24 * 3600)
#define TEAM_RECENT_AUDIT	20

static struct json_object *
team_json(const struct staff *s)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(s->id));
	json_object_object_add(o, "email", json_object_new_string(s->email));
	json_object_object_add(o, "name",
	    json_object_new_string(s->display_name));
	json_object_object_add(o, "role", json_object_new_string(s->role));
	json_object_object_add(o, "status", json_object_new_string(s->status));
	json_object_object_add(o, "permissions", role_perms_json(s->perms));
	json_object_object_add(o, "mfa", json_object_new_boolean(s->mfa));
	json_object_object_add(o, "invited",
	    json_object_new_boolean(s->invited));
	json_object_object_add(o, "created", reply_text(s->created));
	json_object_object_add(o, "last_seen", reply_text(s->last_seen));
	return o;
}

/* Fills the role options of a form, marking selected. */
static int
team_role_options(struct request *r, struct tmpl_dict *d, const char *selected)
{
	struct role	*roles;
	struct tmpl_dict *o;
	int		 n, i;

	if ((n = role_list(r->arena, &roles)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		/* Only roles the viewer could give. */
		if (!perm_subset(roles[i].perms, r->staff->perms))
			continue;
		o = tmpl_section(d, "ROLE_OPTION");
		tmpl_set(o, "NAME", roles[i].name);
		if (selected != NULL && strcmp(selected, roles[i].name) == 0)
			tmpl_show(o, "SELECTED");
	}
	return 0;
}

void
team_list(struct request *r, struct response *resp)
{
	struct staff_filter	 f;
	struct staff		*rows;
	struct tmpl_dict	*d, *row;
	struct json_object	*items;
	struct buf		 next;
	int			 limit, n, more, i;

	memset(&f, 0, sizeof(f));
	f.q = reply_param(r, "q");
	f.role = reply_param(r, "role");
	f.status = reply_param(r, "status");
	if (f.status != NULL && strcmp(f.status, "active") != 0 &&
	    strcmp(f.status, "disabled") != 0) {
		view_error(r, resp, 400, "status is active or disabled.");
		return;
	}
	if (reply_before(r, resp, &f.before) == -1 ||
	    reply_limit(r, resp, TEAM_PAGE, reply_json(r) ? TEAM_API_MAX :
	    TEAM_PAGE, &limit) == -1)
		return;
	if ((n = staff_list(r->arena, &f, limit, &rows, &more)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	buf_init(&next, r->arena);
	if (more && n > 0) {
		buf_puts(&next, reply_json(r) ? "/api/v1/staff?" :
		    "/admin/staff?");
		if (f.q != NULL) {
			buf_puts(&next, "q=");
			form_encode(&next, f.q);
			buf_putc(&next, '&');
		}
		if (f.role != NULL) {
			buf_puts(&next, "role=");
			form_encode(&next, f.role);
			buf_putc(&next, '&');
		}
		if (f.status != NULL)
			buf_printf(&next, "status=%s&", f.status);
		buf_printf(&next, "limit=%d&before=%lld", limit,
		    rows[n - 1].id);
	}
	if (reply_json(r)) {
		items = json_object_new_array();
		for (i = 0; i < n; i++)
			json_object_array_add(items, team_json(&rows[i]));
		reply_list(resp, items, next.len > 0 ? next.data : NULL);
		return;
	}
	d = view_begin(r, VIEW_STAFF_LIST, "Staff");
	tmpl_set(d, "Q", f.q != NULL ? f.q : "");
	if (f.status != NULL)
		tmpl_show(d, strcmp(f.status, "active") == 0 ?
		    "STATUS_ACTIVE" : "STATUS_DISABLED");
	if (team_role_options(r, d, f.role) == -1) {
		view_end(r);
		reply_unavailable(r, resp);
		return;
	}
	for (i = 0; i < n; i++) {
		row = tmpl_section(d, "ROW");
		tmpl_set_int(row, "ID", rows[i].id);
		tmpl_set(row, "EMAIL", rows[i].email);
		tmpl_set(row, "NAME", rows[i].display_name);
		tmpl_set(row, "ROLE", rows[i].role);
		tmpl_set(row, "STATUS", rows[i].status);
		tmpl_set(row, "MFA", rows[i].mfa ? "on" : "off");
		tmpl_set(row, "LAST_SEEN", rows[i].last_seen != NULL ?
		    rows[i].last_seen : "never");
		if (rows[i].invited)
			tmpl_show(row, "INVITED");
	}
	if (n == 0)
		tmpl_show(d, "EMPTY");
	if (next.len > 0)
		tmpl_set(tmpl_section(d, "NEXT"), "HREF", next.data);
	view_finish(r, resp, 200);
}

/* The new-account form, with what was typed and what was wrong. */
static void
team_new_page(struct request *r, struct response *resp, int status,
    const struct reply_errors *e)
{
	struct tmpl_dict	*d;
	const char		*v;

	d = view_begin(r, VIEW_STAFF_NEW, "New staff member");
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "EMAIL", (v = request_field(r, "email")) ? v : "");
	tmpl_set(d, "NAME", (v = request_field(r, "name")) ? v : "");
	if (e != NULL)
		for (size_t i = 0; i < e->n; i++)
			tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE",
			    e->v[i].message);
	if (team_role_options(r, d, request_field(r, "role")) == -1) {
		view_end(r);
		reply_unavailable(r, resp);
		return;
	}
	view_finish(r, resp, status);
}

void
team_new(struct request *r, struct response *resp)
{
	team_new_page(r, resp, 200, NULL);
}

/* "https://host/invite?token=…", the link to hand to the new member. */
static const char *
team_invite_url(struct request *r, const char *token)
{
	struct buf	 b;
	const char	*site;

	buf_init(&b, r->arena);
	site = request_site(r);
	buf_printf(&b, "https://%s/invite?token=",
	    site != NULL ? site : "localhost");
	form_encode(&b, token);
	return b.data;
}

/*
 * Checks a role name for giving: 0 with *role filled, or an error added.
 * Returns -1 on database error.
 */
static int
team_check_role(struct request *r, const char *name, struct role *role,
    struct reply_errors *e)
{
	int	rc;

	memset(role, 0, sizeof(*role));
	if (name == NULL || *name == '\0') {
		reply_error_add(e, "role", "Choose a role.");
		return 0;
	}
	if ((rc = role_get(r->arena, name, role)) == -1)
		return -1;
	if (rc == 0)
		reply_error_add(e, "role", "There is no such role.");
	else if (!perm_subset(role->perms, r->staff->perms))
		reply_error_add(e, "role", "You cannot give a role that can "
		    "do more than your own.");
	return 0;
}

/* The page or JSON for one account; invite_url shown once, if any. */
static void
team_show_one(struct request *r, struct response *resp, int status,
    long long id, const char *invite_url, const char *notice,
    const struct reply_errors *e)
{
	struct staff		 s;
	struct session_info	*ss;
	struct audit_filter	 f;
	struct audit_row	*rows;
	struct tmpl_dict	*d, *h, *x;
	struct json_object	*o;
	char			 idtxt[24];
	int			 rc, n, ns, i, more;
	bool			 trail;

	if ((rc = staff_get(r->arena, id, &s)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (rc == 0) {
		view_error(r, resp, 404, "There is no such staff member.");
		return;
	}
	if (reply_json(r)) {
		o = team_json(&s);
		if (invite_url != NULL) {
			json_object_object_add(o, "invitation_url",
			    json_object_new_string(invite_url));
			json_object_object_add(o, "invitation_expires_in",
			    json_object_new_int64(TEAM_INVITE_LIFETIME));
		}
		reply_object(resp, status, o);
		return;
	}
	snprintf(idtxt, sizeof(idtxt), "%lld", id);
	memset(&f, 0, sizeof(f));
	f.target_type = "staff";
	f.target_id = idtxt;
	/* The account's audit rows only for those who may read the trail. */
	trail = perm_has(r->staff->perms, PERM_AUDIT);
	rows = NULL;
	n = 0;
	if ((ns = session_list(r->arena, id, r->conf->session_idle_timeout,
	    &ss)) == -1 || (trail && (n = audit_list(r->arena, &f,
	    TEAM_RECENT_AUDIT, &rows, &more)) == -1)) {
		reply_unavailable(r, resp);
		return;
	}
	d = view_begin(r, VIEW_STAFF_SHOW, s.display_name);
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set_int(d, "ID", s.id);
	tmpl_set(d, "EMAIL", s.email);
	tmpl_set(d, "NAME", s.display_name);
	tmpl_set(d, "ROLE", s.role);
	tmpl_set(d, "STATUS", s.status);
	tmpl_set(d, "CREATED", s.created);
	tmpl_set(d, "MFA", s.mfa ? "on" : "off");
	if (s.invited)
		tmpl_show(d, "INVITED");
	if (invite_url != NULL)
		tmpl_set(tmpl_section(d, "INVITE_URL"), "URL", invite_url);
	if (notice != NULL)
		tmpl_set(tmpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (e != NULL)
		for (size_t k = 0; k < e->n; k++)
			tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE",
			    e->v[k].message);
	/* Only offer what the viewer may do to this account. */
	if (perm_subset(s.perms, r->staff->perms)) {
		x = tmpl_section(d, "MANAGE");
		tmpl_set(x, "CSRF", r->csrf_token);
		tmpl_set_int(x, "ID", s.id);
		tmpl_set(x, "NAME", s.display_name);
		if (team_role_options(r, x, s.role) == -1) {
			view_end(r);
			reply_unavailable(r, resp);
			return;
		}
		if (strcmp(s.status, "active") == 0 && s.id != r->staff->id)
			tmpl_show(x, "CAN_DEACTIVATE");
		if (strcmp(s.status, "active") != 0)
			tmpl_show(x, "CAN_REACTIVATE");
		if (s.mfa)
			tmpl_show(x, "CAN_RESET_MFA");
		if (strcmp(s.status, "active") == 0)
			tmpl_show(x, "CAN_INVITE");
	}
	for (i = 0; i < ns; i++) {
		x = tmpl_section(d, "SESSION");
		tmpl_set_int(x, "ID", ss[i].id);
		tmpl_set(x, "CSRF", r->csrf_token);
		tmpl_set(x, "CREATED", ss[i].created);
		tmpl_set(x, "LAST_SEEN", ss[i].last_seen);
		tmpl_set(x, "IP", ss[i].ip != NULL ? ss[i].ip : "");
		tmpl_set(x, "USER_AGENT", ss[i].user_agent);
	}
	if (ns == 0)
		tmpl_show(d, "NO_SESSIONS");
	if (trail) {
		h = tmpl_section(d, "HISTORY");
		tmpl_set(h, "ID", idtxt);
		trail_history(r->arena, h, "AUDIT", rows, n);
	}
	view_finish(r, resp, status);
}

void
team_create(struct request *r, struct response *resp)
{
	struct reply_errors	 e = { 0 };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	struct role		 role;
	const char		*email, *name, *token;
	char			 id[24];
	long long		 sid = 0;
	int			 rc;

	email = request_field(r, "email");
	name = request_field(r, "name");
	if (email == NULL || !staff_email_ok(email))
		reply_error_add(&e, "email", "Enter an email address.");
	if (name == NULL || !staff_name_ok(name))
		reply_error_add(&e, "name", "Enter a name of 1 to 200 "
		    "characters.");
	if (team_check_role(r, request_field(r, "role"), &role, &e) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (e.n == 0 && role.name != NULL) {
		audit_context_of(&ctx, r);
		if ((t = audit_begin(r->arena, &ctx)) == NULL) {
			reply_unavailable(r, resp);
			return;
		}
		rc = staff_create(t, email, name, NULL, role.name, &sid);
		if (rc == 1)
			reply_error_add(&e, "email", "There is already an "
			    "account with this email.");
		else if (rc == 2)
			reply_error_add(&e, "role", "There is no such role.");
		if (rc != 0 || staff_invite(t, r->arena, sid, r->staff->id,
		    TEAM_INVITE_LIFETIME, &token) == -1) {
			audit_abort(t);
			if (e.n == 0) {
				reply_unavailable(r, resp);
				return;
			}
		} else {
			snprintf(id, sizeof(id), "%lld", sid);
			after = json_object_new_object();
			json_object_object_add(after, "email",
			    json_object_new_string(email));
			json_object_object_add(after, "display_name",
			    json_object_new_string(name));
			json_object_object_add(after, "role",
			    json_object_new_string(role.name));
			if (audit_commit(t, AUDIT_STAFF_CREATE, "staff", id,
			    NULL, after) == -1) {
				reply_unavailable(r, resp);
				return;
			}
			log_info("staff %lld created by %lld", sid,
			    r->staff->id);
			team_show_one(r, resp, 201, sid,
			    team_invite_url(r, token), "Account created. "
			    "Send this link to them: it sets their password, "
			    "works once and is shown only now.", NULL);
			return;
		}
	}
	if (reply_json(r))
		reply_invalid(resp, &e);
	else
		team_new_page(r, resp, 422, &e);
}

/*
 * Loads the account a POST is about and checks the viewer may act on it:
 * 1 with *s, or 0 after answering (404, 403, 503).
 */
static int
team_target(struct request *r, struct response *resp, struct staff *s)
{
	long long	id;
	int		rc;

	if (reply_id(r, resp, "id", &id) == -1)
		return 0;
	if ((rc = staff_get(r->arena, id, s)) == -1) {
		reply_unavailable(r, resp);
		return 0;
	}
	if (rc == 0) {
		view_error(r, resp, 404, "There is no such staff member.");
		return 0;
	}
	if (!perm_subset(s->perms, r->staff->perms)) {
		view_error(r, resp, 403, "This account's role can do more than "
		    "yours; you cannot change it.");
		return 0;
	}
	return 1;
}

/* After a change: the JSON record, or back to the page with a notice. */
static void
team_done(struct request *r, struct response *resp, long long id,
    const char *notice)
{
	if (reply_json(r))
		team_show_one(r, resp, 200, id, NULL, NULL, NULL);
	else
		response_redirect(resp, 303, arena_printf(r->arena,
		    "/admin/staff/%lld?done=%s", id, notice));
}

void
team_update(struct request *r, struct response *resp)
{
	struct reply_errors	 e = { 0 };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before, *after;
	struct staff		 s;
	struct role		 role;
	const char		*name, *rname;
	char			 id[24];
	int			 rc;

	if (!team_target(r, resp, &s))
		return;
	name = request_field(r, "name");
	rname = request_field(r, "role");
	if (name != NULL && !staff_name_ok(name))
		reply_error_add(&e, "name", "Enter a name of 1 to 200 "
		    "characters.");
	if (rname != NULL && team_check_role(r, rname, &role, &e) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (name == NULL && rname == NULL)
		reply_error_add(&e, "name", "Give a name or a role to change.");
	if (e.n > 0) {
		if (reply_json(r))
			reply_invalid(resp, &e);
		else
			team_show_one(r, resp, 422, s.id, NULL, NULL, &e);
		return;
	}
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((rc = staff_update(t, s.id, name, rname)) != 0) {
		audit_abort(t);
		if (rc == 2) {
			reply_error_add(&e, "role", "The last active owner "
			    "cannot be demoted.");
			if (reply_json(r))
				view_error(r, resp, 409, e.v[0].message);
			else
				team_show_one(r, resp, 409, s.id, NULL, NULL,
				    &e);
		} else if (rc == 1)
			view_error(r, resp, 404, "There is no such staff "
			    "member.");
		else
			reply_unavailable(r, resp);
		return;
	}
	before = json_object_new_object();
	after = json_object_new_object();
	if (name != NULL) {
		json_object_object_add(before, "display_name",
		    json_object_new_string(s.display_name));
		json_object_object_add(after, "display_name",
		    json_object_new_string(name));
	}
	if (rname != NULL) {
		json_object_object_add(before, "role",
		    json_object_new_string(s.role));
		json_object_object_add(after, "role",
		    json_object_new_string(rname));
	}
	if (audit_commit(t, AUDIT_STAFF_UPDATE, "staff", id, before,
	    after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	team_done(r, resp, s.id, "updated");
}

/* Deactivates or reactivates. */
static void
team_set_status(struct request *r, struct response *resp, const char *status)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before, *after;
	struct staff		 s;
	char			 id[24];
	bool			 off = strcmp(status, "disabled") == 0;
	int			 rc;

	if (!team_target(r, resp, &s))
		return;
	if (off && s.id == r->staff->id) {
		view_error(r, resp, 409, "You cannot deactivate your own "
		    "account.");
		return;
	}
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((rc = staff_set_status(t, s.id, status)) != 0) {
		audit_abort(t);
		if (rc == 2)
			view_error(r, resp, 409, "The last active owner cannot "
			    "be deactivated.");
		else if (rc == 1)
			view_error(r, resp, 409, off ? "The account is "
			    "already deactivated." : "The account is already "
			    "active.");
		else
			reply_unavailable(r, resp);
		return;
	}
	before = json_object_new_object();
	json_object_object_add(before, "status",
	    json_object_new_string(s.status));
	after = json_object_new_object();
	json_object_object_add(after, "status", json_object_new_string(status));
	if (audit_commit(t, off ? AUDIT_STAFF_DEACTIVATE :
	    AUDIT_STAFF_REACTIVATE, "staff", id, before, after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	log_info("staff %lld %s by %lld", s.id, off ? "deactivated" :
	    "reactivated", r->staff->id);
	team_done(r, resp, s.id, off ? "deactivated" : "reactivated");
}

void
team_deactivate(struct request *r, struct response *resp)
{
	team_set_status(r, resp, "disabled");
}

void
team_reactivate(struct request *r, struct response *resp)
{
	team_set_status(r, resp, "active");
}

void
team_reset_mfa(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before, *after;
	struct staff		 s;
	char			 id[24];

	if (!team_target(r, resp, &s))
		return;
	if (!s.mfa) {
		view_error(r, resp, 409, "This account has no two-factor "
		    "sign-in to reset.");
		return;
	}
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    totp_disable(t, s.id) == -1) {
		audit_abort(t);
		reply_unavailable(r, resp);
		return;
	}
	before = json_object_new_object();
	json_object_object_add(before, "mfa", json_object_new_boolean(1));
	after = json_object_new_object();
	json_object_object_add(after, "mfa", json_object_new_boolean(0));
	if (audit_commit(t, AUDIT_STAFF_MFA_RESET, "staff", id, before,
	    after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	team_done(r, resp, s.id, "mfa");
}

void
team_invite(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	struct staff		 s;
	const char		*token;
	char			 id[24];

	if (!team_target(r, resp, &s))
		return;
	if (strcmp(s.status, "active") != 0) {
		view_error(r, resp, 409, "Reactivate the account first.");
		return;
	}
	/*
	 * A link for an account that has a password lets whoever holds it
	 * become that person: only for accounts whose role does less than
	 * yours (a peer changes their own; stewardctl reset-password is
	 * there for the rest).
	 */
	if (!s.invited && s.id != r->staff->id && s.perms == r->staff->perms) {
		view_error(r, resp, 403, "This account's role is the same as "
		    "yours: you cannot give yourself a way into it. They can "
		    "change their own password, or an owner can help.");
		return;
	}
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    staff_invite(t, r->arena, s.id, r->staff->id, TEAM_INVITE_LIFETIME,
	    &token) == -1) {
		audit_abort(t);
		reply_unavailable(r, resp);
		return;
	}
	after = json_object_new_object();
	json_object_object_add(after, "invitation_expires_in",
	    json_object_new_int64(TEAM_INVITE_LIFETIME));
	if (audit_commit(t, AUDIT_STAFF_INVITE, "staff", id, NULL,
	    after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	team_show_one(r, resp, 200, s.id, team_invite_url(r, token),
	    "A new set-password link: it works once, for three days, and "
	    "any earlier link no longer works.", NULL);
}

void
team_show(struct request *r, struct response *resp)
{
	const char	*done = params_get(&r->query, "done"), *notice = NULL;
	long long	 id;

	if (reply_id(r, resp, "id", &id) == -1)
		return;
	if (done != NULL)
		notice = strcmp(done, "updated") == 0 ? "Saved." :
		    strcmp(done, "deactivated") == 0 ? "Deactivated: every "
		    "session and API key of this account has ended." :
		    strcmp(done, "reactivated") == 0 ? "Reactivated. They "
		    "sign in again with their password." :
		    strcmp(done, "mfa") == 0 ? "Two-factor sign-in was reset; "
		    "they set it up again at their next sign-in if their role "
		    "requires it." : NULL;
	team_show_one(r, resp, 200, id, NULL, notice, NULL);
}

/* The set-password form of an invitation link. */
static void
team_invite_page(struct request *r, struct response *resp, int status,
    const char *token, const struct staff *s, const char *error)
{
	struct tmpl_dict	*d;

	if (auth_csrf_ensure(r, resp) == -1) {
		view_error(r, resp, 500, "Could not start the form.");
		return;
	}
	d = view_begin(r, VIEW_INVITE, "Set your password");
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "TOKEN", token);
	tmpl_set(d, "EMAIL", s->email);
	tmpl_set(d, "NAME", s->display_name);
	tmpl_set_int(d, "MIN_LENGTH", r->conf->password_min_length);
	if (error != NULL)
		tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE", error);
	view_finish(r, resp, status);
}

static const char team_link_dead[] = "This link does not work: it was "
    "already used, has expired or was replaced by a newer one. Ask an "
    "administrator for a new one.";

void
team_invite_form(struct request *r, struct response *resp)
{
	struct staff	 s;
	const char	*token = params_get(&r->query, "token");
	int		 rc;

	if ((rc = staff_invitation(r->arena, token, &s)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (rc == 0) {
		view_error(r, resp, 404, team_link_dead);
		return;
	}
	team_invite_page(r, resp, 200, token, &s, NULL);
}

void
team_invite_accept(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	struct staff		 s;
	const char		*token, *pw, *again, *why;
	char			 fresh[PASSWORD_HASH_MAX], id[24];
	bool			 ok;
	int			 rc;

	token = request_field(r, "token");
	pw = request_field(r, "password");
	again = request_field(r, "again");
	if ((rc = staff_invitation(r->arena, token, &s)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (rc == 0) {
		view_error(r, resp, 404, team_link_dead);
		return;
	}
	if (pw == NULL || again == NULL || strcmp(pw, again) != 0) {
		team_invite_page(r, resp, 422, token, &s, "The two passwords "
		    "differ.");
		return;
	}
	if ((why = password_policy(r->conf, pw, s.email)) != NULL) {
		team_invite_page(r, resp, 422, token, &s, why);
		return;
	}
	if (!scoreboard_hash_acquire(r->conf->argon2_max_concurrent,
	    r->conf->argon2_wait)) {
		(void)response_header(resp, "Retry-After", "1");
		view_error(r, resp, 503, "Too busy; try again in a moment.");
		return;
	}
	ok = password_hash(r->conf, pw, fresh, sizeof(fresh)) == 0;
	scoreboard_hash_release();
	if (!ok) {
		view_error(r, resp, 500, "Could not hash the password.");
		return;
	}
	/* The link's owner acts: the trail says who set the password. */
	audit_context_of(&ctx, r);
	ctx.staff_id = s.id;
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    staff_invitation_use(t, token) == -1 ||
	    staff_set_password(t, s.id, fresh, false) != 0) {
		audit_abort(t);
		explicit_bzero(fresh, sizeof(fresh));
		reply_unavailable(r, resp);
		return;
	}
	after = json_object_new_object();
	json_object_object_add(after, "password_hash",
	    json_object_new_string(fresh));
	explicit_bzero(fresh, sizeof(fresh));
	if (audit_commit(t, AUDIT_STAFF_PASSWORD_SET, "staff", id, NULL,
	    after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	log_info("staff %lld set a password through a link", s.id);
	response_redirect(resp, 303, "/login");
}
