/*
 * handlers/account.c: /admin/account, where staff see their sessions,
 * end all the others, and change their own password (which needs the
 * current one, ends every other session and issues a new token for this
 * one).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "conf.h"
#include "handlers/account.h"
#include "handlers/auth.h"
#include "log.h"
#include "password.h"
#include "request.h"
#include "response.h"
#include "scoreboard.h"
#include "session.h"
#include "staff.h"
#include "tmpl.h"
#include "view.h"

static void
account_page(struct request *r, struct response *resp, int status,
    const char *error, const char *notice)
{
	struct session_info	*ss;
	struct tmpl_dict	*d, *s;
	int			 n, i;

	if ((n = session_list(r->arena, r->staff->id,
	    r->conf->session_idle_timeout, &ss)) == -1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	d = view_begin(r, VIEW_ACCOUNT, "Your account");
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "EMAIL", r->staff->email);
	tmpl_set(d, "NAME", r->staff->display_name);
	tmpl_set(d, "ROLE", r->staff->role);
	tmpl_set_int(d, "MIN_LENGTH", r->conf->password_min_length);
	if (error != NULL)
		tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE", error);
	if (notice != NULL)
		tmpl_set(tmpl_section(d, "NOTICE"), "MESSAGE", notice);
	for (i = 0; i < n; i++) {
		s = tmpl_section(d, "SESSION");
		tmpl_set(s, "CREATED", ss[i].created);
		tmpl_set(s, "LAST_SEEN", ss[i].last_seen);
		tmpl_set(s, "EXPIRES", ss[i].expires);
		tmpl_set(s, "IP", ss[i].ip != NULL ? ss[i].ip : "");
		tmpl_set(s, "USER_AGENT", ss[i].user_agent);
		if (ss[i].id == r->session_id)
			tmpl_show(s, "CURRENT");
	}
	if (n > 1)
		tmpl_show(d, "OTHERS");
	view_finish(r, resp, status);
}

void
account_show(struct request *r, struct response *resp)
{
	const char	*done = params_get(&r->query, "done");

	account_page(r, resp, 200, NULL, done == NULL ? NULL :
	    strcmp(done, "password") == 0 ? "Your password was changed; "
	    "every other session has ended." :
	    strcmp(done, "sessions") == 0 ? "Every other session has ended." :
	    NULL);
}

void
account_end_others(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	char			 id[24];
	long			 n;

	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", r->staff->id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    (n = session_end_others(t, r->staff->id, r->session_id)) == -1) {
		audit_abort(t);
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	after = json_object_new_object();
	json_object_object_add(after, "sessions_ended",
	    json_object_new_int64(n));
	if (audit_commit(t, AUDIT_SESSIONS_END_OTHERS, "staff", id, NULL,
	    after) == -1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	response_redirect(resp, 303, "/admin/account?done=sessions");
}

void
account_password(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before, *after;
	struct staff		 s;
	const char		*cur, *pw, *again, *hash, *why, *token;
	char			 fresh[PASSWORD_HASH_MAX], id[24];
	bool			 ok;

	cur = request_field(r, "current");
	pw = request_field(r, "password");
	again = request_field(r, "again");
	if (cur == NULL || pw == NULL || again == NULL) {
		account_page(r, resp, 400, "Fill in all three fields.", NULL);
		return;
	}
	if (strcmp(pw, again) != 0) {
		account_page(r, resp, 422, "The new passwords differ.", NULL);
		return;
	}
	if ((why = password_policy(r->conf, pw, r->staff->email)) != NULL) {
		account_page(r, resp, 422, why, NULL);
		return;
	}
	switch (auth_recheck(r, cur, "password_change", &s, &hash)) {
	case 1:
		break;
	case 0:
		account_page(r, resp, 422, "The current password is not "
		    "right.", NULL);
		return;
	case -2:
		goto busy;
	default:
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	if (!scoreboard_hash_acquire(r->conf->argon2_max_concurrent,
	    r->conf->argon2_wait))
		goto busy;
	ok = password_hash(r->conf, pw, fresh, sizeof(fresh)) == 0;
	scoreboard_hash_release();
	if (!ok) {
		view_error(r, resp, 500, "Could not hash the new password.");
		return;
	}
	/*
	 * The change ends every session of the account (sql 0002); this
	 * one goes on under a new token, in the same transaction.
	 */
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", r->staff->id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    staff_set_password(t, r->staff->id, fresh, false) != 0 ||
	    session_create(t, r->arena, r->staff->id, r->client_ip,
	    r->user_agent, r->conf->session_lifetime, SESSION_FULL,
	    &token) == -1) {
		audit_abort(t);
		explicit_bzero(fresh, sizeof(fresh));
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	before = json_object_new_object();
	json_object_object_add(before, "password_hash",
	    json_object_new_string(hash));
	after = json_object_new_object();
	json_object_object_add(after, "password_hash",
	    json_object_new_string(fresh));
	explicit_bzero(fresh, sizeof(fresh));
	if (audit_commit(t, AUDIT_PASSWORD_CHANGE, "staff", id, before,
	    after) == -1 || auth_session_cookie(r, resp, token) == -1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	log_info("password changed staff=%lld", r->staff->id);
	response_redirect(resp, 303, "/admin/account?done=password");
	return;
busy:
	(void)response_header(resp, "Retry-After", "1");
	view_error(r, resp, 503, "Too busy; try again in a moment.");
}
