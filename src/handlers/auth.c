/*
 * handlers/auth.c: GET and POST /login, POST /logout.
 *
 * An unknown email, a disabled account and a wrong password give the same
 * page, and each costs one argon2id verification (against a dummy hash
 * when there is no account), so neither the text nor the time tells
 * whether an account exists.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "conf.h"
#include "cookie.h"
#include "csrf.h"
#include "handlers/auth.h"
#include "log.h"
#include "password.h"
#include "request.h"
#include "response.h"
#include "session.h"
#include "staff.h"
#include "tmpl.h"
#include "view.h"

#define AUTH_FAILED	"Incorrect email or password."

/*
 * Makes sure an anonymous visitor has a pre-session CSRF secret, setting
 * the cookie if needed, so the form can carry a token.
 */
static int
auth_csrf_ensure(struct request *r, struct response *resp)
{
	struct cookie_attrs	 at = { -1, true, COOKIE_SAMESITE_STRICT };
	const char		*secret, *sc;

	if (r->csrf_token != NULL)
		return 0;
	if ((secret = csrf_new_secret(r->arena)) == NULL ||
	    (sc = cookie_format(r->arena, CSRF_COOKIE, secret, &at)) == NULL ||
	    response_cookie(resp, sc) == -1)
		return -1;
	r->csrf_token = csrf_token(r->arena, secret);
	return 0;
}

static void
auth_form(struct request *r, struct response *resp, int status,
    const char *email, const char *error)
{
	struct tmpl_dict	*d;

	if (auth_csrf_ensure(r, resp) == -1) {
		view_error(r, resp, 500, "Could not start a sign-in.");
		return;
	}
	d = view_begin(r, VIEW_LOGIN, "Sign in");
	tmpl_set(d, "CSRF", r->csrf_token);
	tmpl_set(d, "EMAIL", email);
	if (error != NULL)
		tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE", error);
	view_finish(r, resp, status);
}

void
auth_login_form(struct request *r, struct response *resp)
{
	if (r->staff != NULL) {
		response_redirect(resp, 303, "/admin");
		return;
	}
	auth_form(r, resp, 200, "", NULL);
}

/* The reason a sign-in failed, for the audit trail only. */
static const char *
auth_failure(int found, const struct staff *s)
{
	if (found != 1)
		return "unknown_email";
	if (strcmp(s->status, "active") != 0)
		return "disabled";
	return "wrong_password";
}

/*
 * Records a failed sign-in (one audit row, nothing else changes) and
 * shows the form again with the one message for every failure.
 */
static void
auth_fail(struct request *r, struct response *resp, const char *email,
    int found, const struct staff *s)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	char			 id[24];

	audit_context_of(&ctx, r);
	ctx.email = email;
	after = json_object_new_object();
	json_object_object_add(after, "reason",
	    json_object_new_string(auth_failure(found, s)));
	if (found == 1)
		snprintf(id, sizeof(id), "%lld", s->id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    audit_commit(t, AUDIT_SIGN_IN_FAILED, "staff",
	    found == 1 ? id : NULL, NULL, after) == -1) {
		if (t == NULL)
			json_object_put(after);
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	log_info("sign-in failed");
	auth_form(r, resp, 200, email, AUTH_FAILED);
}

void
auth_login(struct request *r, struct response *resp)
{
	struct cookie_attrs	 at = { -1, true, COOKIE_SAMESITE_STRICT };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	struct staff		 s;
	const char		*email, *pw, *hash = NULL, *token, *sc;
	char			 id[24];
	long long		 sid;
	bool			 ok;
	int			 found;

	email = request_field(r, "email");
	pw = request_field(r, "password");
	if (email == NULL)
		email = "";
	if (pw == NULL)
		pw = "";
	if (strlen(email) > 254 || strlen(pw) > PASSWORD_MAX_BYTES) {
		auth_form(r, resp, 200, "", AUTH_FAILED);
		return;
	}
	memset(&s, 0, sizeof(s));
	if ((found = staff_by_email(r->arena, email, &s, &hash)) == -1) {
		view_error(r, resp, 503, "The database is unavailable; "
		    "try again shortly.");
		return;
	}
	if (found == 1 && strcmp(s.status, "active") == 0)
		ok = password_verify(hash, pw);
	else {
		(void)password_verify(password_dummy(), pw);
		ok = false;
	}
	if (!ok) {
		auth_fail(r, resp, email, found, &s);
		return;
	}

	/*
	 * One transaction: end any old session (no fixation), start the new
	 * one, and record the sign-in, all or nothing.
	 */
	audit_context_of(&ctx, r);
	ctx.staff_id = s.id;
	if ((t = audit_begin(r->arena, &ctx)) == NULL)
		goto unavailable;
	if ((r->session_cookie != NULL &&
	    session_destroy(t, r->session_cookie) == -1) ||
	    (sid = session_create(t, r->arena, s.id, r->client_ip,
	    r->user_agent, r->conf->session_lifetime, &token)) == -1 ||
	    (sc = cookie_format(r->arena, SESSION_COOKIE, token, &at)) ==
	    NULL) {
		audit_abort(t);
		goto unavailable;
	}
	after = json_object_new_object();
	json_object_object_add(after, "session_id",
	    json_object_new_int64(sid));
	snprintf(id, sizeof(id), "%lld", s.id);
	if (audit_commit(t, AUDIT_SIGN_IN, "staff", id, NULL, after) == -1 ||
	    response_cookie(resp, sc) == -1)
		goto unavailable;
	/* For the access log line. */
	r->staff = arena_alloc(r->arena, sizeof(*r->staff));
	*r->staff = s;
	log_info("signed in staff=%lld", s.id);
	response_redirect(resp, 303, "/admin");
	return;
unavailable:
	view_error(r, resp, 503, "Could not start a session; try again "
	    "shortly.");
}

void
auth_logout(struct request *r, struct response *resp)
{
	struct cookie_attrs	 at = { 0, true, COOKIE_SAMESITE_STRICT };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	const char		*sc;
	char			 id[24];

	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", r->staff->id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    session_destroy(t, r->session_cookie) == -1 ||
	    audit_commit(t, AUDIT_SIGN_OUT, "staff", id, NULL, NULL) == -1) {
		audit_abort(t);
		view_error(r, resp, 503, "Could not end the session; try "
		    "again shortly.");
		return;
	}
	if ((sc = cookie_format(r->arena, SESSION_COOKIE, "", &at)) != NULL)
		(void)response_cookie(resp, sc);
	log_info("signed out staff=%lld", r->staff->id);
	response_redirect(resp, 303, "/login");
}
