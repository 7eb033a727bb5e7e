/*
 * handlers/auth.c: GET and POST /login, POST /logout.
 *
 * An unknown email, a disabled account and a wrong password give the same
 * page, and each costs one argon2id verification (against a dummy hash
 * when there is no account), so neither the text nor the time tells
 * whether an account exists.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "conf.h"
#include "cookie.h"
#include "csrf.h"
#include "handlers/auth.h"
#include "log.h"
#include "password.h"
#include "request.h"
#include "response.h"
#include "session.h"
#include "scoreboard.h"
#include "staff.h"
#include "throttle.h"
#include "totp.h"
#include "tmpl.h"
#include "view.h"

#define AUTH_FAILED	"Incorrect email or password."
/* A half-signed-in session waiting for its TOTP code lasts this long. */
#define AUTH_MFA_LIFETIME	300
/* One that may only set up TOTP lasts this long. */
#define AUTH_ENROL_LIFETIME	900

int
auth_session_cookie(struct request *r, struct response *resp,
    const char *token)
{
	struct cookie_attrs	 at = { -1, true, COOKIE_SAMESITE_STRICT };
	const char		*sc;

	if ((sc = cookie_format(r->arena, SESSION_COOKIE, token, &at)) ==
	    NULL)
		return -1;
	return response_cookie(resp, sc);
}

int
auth_proof_failed(struct request *r, const struct staff *s,
    const char *method)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	char			 id[24];
	bool			 locked;

	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", s->id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    throttle_fail(t, r->conf, s->email, s->id, r->client_ip,
	    &locked) == -1) {
		audit_abort(t);
		return -1;
	}
	after = json_object_new_object();
	json_object_object_add(after, "method",
	    json_object_new_string(method));
	return audit_commit(t, AUDIT_STEP_UP_FAILED, "staff", id, NULL,
	    after);
}

/*
 * Makes sure an anonymous visitor has a pre-session CSRF secret, setting
 * the cookie if needed, so the form can carry a token.
 */
int
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

/* Why a sign-in failed: for the audit trail only, never the page. */
enum auth_reason {
	AUTH_UNKNOWN_EMAIL,
	AUTH_DISABLED,
	AUTH_LOCKED,
	AUTH_ADDRESS_THROTTLED,
	AUTH_HASH_REFUSED,
	AUTH_HOURLY_CAP,
	AUTH_TOO_LONG,
	AUTH_WRONG_PASSWORD,
	AUTH__MAX
};

static const char *const auth_reasons[AUTH__MAX] = {
	[AUTH_UNKNOWN_EMAIL] = "unknown_email",
	[AUTH_DISABLED] = "disabled",
	[AUTH_LOCKED] = "locked",
	[AUTH_ADDRESS_THROTTLED] = "address_throttled",
	[AUTH_HASH_REFUSED] = "stored_hash_over_ceiling",
	[AUTH_HOURLY_CAP] = "hourly_cap_not_checked",
	[AUTH_TOO_LONG] = "too_long",
	[AUTH_WRONG_PASSWORD] = "wrong_password",
};

/*
 * Records a failed sign-in (one audit row, the failure counted, the
 * account perhaps locked) and shows the form again with the one message
 * every failure gets.
 */
static void
auth_fail(struct request *r, struct response *resp, const char *email,
    const struct staff *s, enum auth_reason why)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	char			 id[24];
	bool			 locked = false;

	audit_context_of(&ctx, r);
	ctx.email = email;
	if (s != NULL)
		snprintf(id, sizeof(id), "%lld", s->id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    throttle_fail(t, r->conf, email, s != NULL ? s->id : 0,
	    r->client_ip, &locked) == -1) {
		audit_abort(t);
		goto unavailable;
	}
	after = json_object_new_object();
	json_object_object_add(after, "reason",
	    json_object_new_string(auth_reasons[why]));
	if (locked)
		json_object_object_add(after, "locked",
		    json_object_new_boolean(1));
	if (audit_commit(t, AUDIT_SIGN_IN_FAILED, "staff",
	    s != NULL ? id : NULL, NULL, after) == -1)
		goto unavailable;
	log_info("sign-in failed");
	auth_form(r, resp, 200, email, AUTH_FAILED);
	return;
unavailable:
	view_error(r, resp, 503, "The database is unavailable; try again "
	    "shortly.");
}

/*
 * Runs one argon2id verification under the pool-wide limit: the real
 * hash when the account may sign in, else the dummy, so every kind of
 * failure costs the same. -1 if no slot came free in time.
 */
static int
auth_verify(struct request *r, const char *hash, const char *pw, bool *ok)
{
	if (!scoreboard_hash_acquire(r->conf->argon2_max_concurrent,
	    r->conf->argon2_wait))
		return -1;
	*ok = password_verify(hash != NULL ? hash : password_dummy(), pw) &&
	    hash != NULL;
	scoreboard_hash_release();
	return 0;
}

int
auth_recheck(struct request *r, const char *pw, const char *method,
    struct staff *s, const char **hash)
{
	struct throttle_state	 th;
	bool			 ok = false;

	if (staff_by_email(r->arena, r->staff->email, s, hash) != 1 ||
	    throttle_check(r->conf, s->email, s->id, r->client_ip, &th) == -1)
		return -1;
	if (!th.locked && !th.ip_blocked && !th.over_hourly &&
	    strlen(pw) <= PASSWORD_MAX_BYTES &&
	    password_within_ceiling(r->conf, *hash) &&
	    auth_verify(r, *hash, pw, &ok) == -1)
		return -2;
	if (ok)
		return 1;
	return auth_proof_failed(r, s, method) == -1 ? -1 : 0;
}

void
auth_login(struct request *r, struct response *resp)
{
	struct throttle_state	 th;
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	struct staff		 s;
	struct totp_state	 ts;
	enum session_stage	 stage;
	enum auth_reason	 why = AUTH_WRONG_PASSWORD;
	const char		*email, *pw, *hash = NULL, *token, *use;
	char			 id[24], fresh[PASSWORD_HASH_MAX];
	long long		 sid;
	bool			 ok = false, rehash;
	int			 found;

	email = request_field(r, "email");
	pw = request_field(r, "password");
	if (email == NULL)
		email = "";
	if (pw == NULL)
		pw = "";
	if (strlen(email) > 254 || strlen(pw) > PASSWORD_MAX_BYTES) {
		/*
		 * Refused without a look-up or a hash, but a failure like any
		 * other: counted for the address and the email, recorded, and
		 * answered with the same page. The email is cut to 254 bytes
		 * on a character boundary (the form parser checked UTF-8).
		 */
		size_t	n = strlen(email);

		if (n > 254) {
			for (n = 254; n > 0 && ((unsigned char)email[n] &
			    0xc0) == 0x80; n--)
				;
			email = arena_strndup(r->arena, email, n);
		}
		auth_fail(r, resp, email, NULL, AUTH_TOO_LONG);
		return;
	}
	memset(&s, 0, sizeof(s));
	/* Every check before any hashing. */
	if ((found = staff_by_email(r->arena, email, &s, &hash)) == -1 ||
	    throttle_check(r->conf, email, found == 1 ? s.id : 0,
	    r->client_ip, &th) == -1) {
		view_error(r, resp, 503, "The database is unavailable; "
		    "try again shortly.");
		return;
	}
	use = NULL;
	if (found != 1)
		why = AUTH_UNKNOWN_EMAIL;
	else if (strcmp(s.status, "active") != 0)
		why = AUTH_DISABLED;
	else if (th.locked)
		why = AUTH_LOCKED;
	else if (th.ip_blocked)
		why = AUTH_ADDRESS_THROTTLED;
	else if (hash == NULL)
		/* Invited, no password set yet: the dummy, like the rest. */
		why = AUTH_WRONG_PASSWORD;
	else if (!password_within_ceiling(r->conf, hash)) {
		/* A tampered row must not make us hash for gigabytes. */
		log_error("staff %lld: stored hash is over the argon2 ceiling",
		    s.id);
		why = AUTH_HASH_REFUSED;
	} else
		use = hash;
	/*
	 * Past a hundred failures an hour for one email, account or not,
	 * nothing is hashed at all: a flood costs us queries, not argon2.
	 */
	if (th.over_hourly)
		why = AUTH_HOURLY_CAP;
	else if (auth_verify(r, use, pw, &ok) == -1) {
		(void)response_header(resp, "Retry-After", "1");
		view_error(r, resp, 503, "Too many sign-ins at once; try "
		    "again in a moment.");
		return;
	}
	if (!ok) {
		auth_fail(r, resp, email, found == 1 ? &s : NULL, why);
		return;
	}

	/*
	 * One transaction: clear the failure count, upgrade a weak hash,
	 * end any old session (no fixation), start the new one, and record
	 * the sign-in, all or nothing.
	 */
	/* TOTP due, or to be set up first, or neither. */
	if (totp_load(s.id, &ts) == -1)
		goto unavailable;
	stage = ts.enabled ? SESSION_MFA :
	    conf_role_listed(r->conf->mfa_required_roles, s.role) ?
	    SESSION_ENROL : SESSION_FULL;
	rehash = false;
	if (password_needs_rehash(r->conf, hash) &&
	    scoreboard_hash_acquire(r->conf->argon2_max_concurrent,
	    r->conf->argon2_wait)) {
		/* No slot: keep the old hash, upgrade it next time. */
		rehash = password_hash(r->conf, pw, fresh, sizeof(fresh)) == 0;
		scoreboard_hash_release();
	}
	audit_context_of(&ctx, r);
	ctx.staff_id = s.id;
	if ((t = audit_begin(r->arena, &ctx)) == NULL)
		goto unavailable;
	/*
	 * The count starts again only once the sign-in is complete: with a
	 * code still due, the right password alone must not let code
	 * guesses go on for ever.
	 */
	if ((stage != SESSION_MFA && throttle_success(t, s.id) == -1) ||
	    (rehash && staff_set_password(t, s.id, fresh, true) != 0) ||
	    (r->session_cookie != NULL &&
	    session_destroy(t, r->session_cookie) == -1) ||
	    (sid = session_create(t, r->arena, s.id, r->client_ip,
	    r->user_agent, stage == SESSION_MFA ? AUTH_MFA_LIFETIME :
	    stage == SESSION_ENROL ? AUTH_ENROL_LIFETIME :
	    r->conf->session_lifetime, stage, &token)) == -1) {
		audit_abort(t);
		goto unavailable;
	}
	explicit_bzero(fresh, sizeof(fresh));
	after = json_object_new_object();
	json_object_object_add(after, "session_id",
	    json_object_new_int64(sid));
	if (rehash)
		json_object_object_add(after, "password_rehashed",
		    json_object_new_boolean(1));
	if (stage != SESSION_FULL)
		json_object_object_add(after, "then", json_object_new_string(
		    stage == SESSION_MFA ? "totp_code" : "totp_enrolment"));
	snprintf(id, sizeof(id), "%lld", s.id);
	if (audit_commit(t, AUDIT_SIGN_IN, "staff", id, NULL, after) == -1 ||
	    auth_session_cookie(r, resp, token) == -1)
		goto unavailable;
	/* For the access log line. */
	r->staff = arena_alloc(r->arena, sizeof(*r->staff));
	*r->staff = s;
	log_info("signed in staff=%lld", s.id);
	response_redirect(resp, 303, stage == SESSION_MFA ? "/login/totp" :
	    stage == SESSION_ENROL ? "/admin/account/mfa" : "/admin");
	return;
unavailable:
	view_error(r, resp, 503, "Could not start a session; try again "
	    "shortly.");
}

static void
auth_totp_form(struct request *r, struct response *resp, int status,
    const char *error)
{
	struct tmpl_dict	*d;

	d = view_begin(r, VIEW_LOGIN_TOTP, "Two-factor sign-in");
	tmpl_set(d, "CSRF", r->csrf_token);
	if (error != NULL)
		tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE", error);
	view_finish(r, resp, status);
}

void
auth_totp_form_get(struct request *r, struct response *resp)
{
	auth_totp_form(r, resp, 200, NULL);
}

/*
 * POST /login/totp: the second step. A 6-digit code for the current or
 * previous step not used before, or an unused recovery code, turns the
 * half-signed-in session into a full one under a new token. Failures
 * count toward the account lock like wrong passwords.
 */
void
auth_totp(struct request *r, struct response *resp)
{
	struct throttle_state	 th;
	struct totp_state	 ts;
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	const char		*code = request_field(r, "code"), *token;
	const char		*method = "totp";
	char			 id[24];
	long long		 step = -1;
	bool			 locked = false;
	int			 ok = 0;

	if (code == NULL)
		code = "";
	if (throttle_check(r->conf, r->staff->email, r->staff->id,
	    r->client_ip, &th) == -1 || totp_load(r->staff->id, &ts) != 1)
		goto unavailable;
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", r->staff->id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL)
		goto unavailable;
	if (!th.locked && !th.ip_blocked && !th.over_hourly && ts.enabled) {
		if (strlen(code) == 6)
			step = totp_match(ts.secret, code, time(NULL));
		if (step > 0)
			ok = totp_use_step(t, r->staff->id, step);
		else if (strlen(code) >= 10 && strlen(code) <= 16) {
			method = "recovery_code";
			ok = totp_use_recovery(t, r->staff->id, code);
		}
	}
	if (ok == -1) {
		audit_abort(t);
		goto unavailable;
	}
	if (ok == 0) {
		if (throttle_fail(t, r->conf, r->staff->email, r->staff->id,
		    r->client_ip, &locked) == -1) {
			audit_abort(t);
			goto unavailable;
		}
		after = json_object_new_object();
		json_object_object_add(after, "reason", json_object_new_string(
		    th.locked ? "locked" : step > 0 ? "replayed" : "wrong_code"));
		if (locked)
			json_object_object_add(after, "locked",
			    json_object_new_boolean(1));
		if (audit_commit(t, AUDIT_MFA_FAILED, "staff", id, NULL,
		    after) == -1)
			goto unavailable;
		auth_totp_form(r, resp, 200, "That code did not work. Enter "
		    "the current code, or a recovery code.");
		return;
	}
	/* A privilege change: a new token, the half session gone. */
	if (throttle_success(t, r->staff->id) == -1 ||
	    session_destroy(t, r->session_cookie) == -1 ||
	    session_create(t, r->arena, r->staff->id, r->client_ip,
	    r->user_agent, r->conf->session_lifetime, SESSION_FULL,
	    &token) == -1) {
		audit_abort(t);
		goto unavailable;
	}
	after = json_object_new_object();
	json_object_object_add(after, "method",
	    json_object_new_string(method));
	if (audit_commit(t, AUDIT_MFA_VERIFIED, "staff", id, NULL, after) ==
	    -1 || auth_session_cookie(r, resp, token) == -1)
		goto unavailable;
	response_redirect(resp, 303, "/admin");
	return;
unavailable:
	view_error(r, resp, 503, "The database is unavailable; try again "
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

const char *
auth_next(const struct params *from)
{
	const char	*next = params_get(from, "next");

	/* The same test as the redirect that ends the step-up. */
	if (next == NULL || !response_local_path(next) || strlen(next) > 512)
		return "/admin/account";
	return next;
}

/*
 * A field of the interrupted form worth carrying: all but its CSRF token,
 * which the renewed session replaces. Carried under "carry:", they never
 * meet the step-up form's own fields.
 */
static bool
auth_carried(const char *name)
{
	return strcmp(name, "csrf") != 0;
}

/*
 * The step-up form. With carry (a POST that step-up interrupted), its
 * fields ride along as hidden "carry:NAME" fields, so that nothing typed
 * is lost: see auth_reauth.
 */
static void
auth_reauth_page(struct request *r, struct response *resp, int status,
    const char *next, const char *error, const struct params *carry)
{
	struct totp_state	 ts;
	struct tmpl_dict	*d, *ask, *f;
	struct buf		 name;
	size_t			 i;

	if (totp_load(r->staff->id, &ts) != 1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	d = view_begin(r, VIEW_REAUTH, "Confirm it is you");
	ask = tmpl_section(d, "ASK");
	tmpl_set(ask, "CSRF", r->csrf_token);
	tmpl_set(ask, "NEXT", next);
	tmpl_set(ask, "EMAIL", r->staff->email);
	if (ts.enabled)
		tmpl_show(ask, "TOTP");
	if (error != NULL)
		tmpl_set(tmpl_section(ask, "ERROR"), "MESSAGE", error);
	if (carry != NULL) {
		tmpl_show(ask, "REPLAY");
		for (i = 0; i < carry->n; i++) {
			if (!auth_carried(carry->v[i].name))
				continue;
			buf_init(&name, r->arena);
			buf_printf(&name, "carry:%s", carry->v[i].name);
			f = tmpl_section(ask, "CARRY");
			tmpl_set(f, "NAME", name.data);
			tmpl_set(f, "VALUE", carry->v[i].value);
		}
	}
	view_finish(r, resp, status);
}

void
auth_reauth_form(struct request *r, struct response *resp)
{
	auth_reauth_page(r, resp, 200, auth_next(&r->query), NULL, NULL);
}

/*
 * Where an interrupted form goes back to: the request target as sent,
 * query string included (a bulk action's filter is in it), so only a
 * path on this site, without control characters.
 */
static bool
auth_replay_target(const char *t)
{
	return t != NULL && response_local_path(t);
}

void
auth_stepup_post(struct request *r, struct response *resp)
{
	if (!auth_replay_target(r->target)) {
		view_error(r, resp, 400, "This form cannot be carried through "
		    "the identity check; open its page again.");
		return;
	}
	auth_reauth_page(r, resp, 200, r->target, NULL, &r->form);
}

/* Whether this step-up interrupted a POST (see auth_stepup_post). */
static bool
auth_replaying(const struct request *r)
{
	const char	*v = request_field(r, "replay");

	return v != NULL && strcmp(v, "post") == 0;
}

/*
 * The carried fields under their own names again: to carry them once
 * more, or to give the form back.
 */
static const struct params *
auth_carry_back(struct request *r)
{
	struct params	*p;
	size_t		 i;

	p = arena_calloc(r->arena, 1, sizeof(*p));
	p->v = arena_calloc(r->arena, r->form.n > 0 ? r->form.n : 1,
	    sizeof(*p->v));
	for (i = 0; i < r->form.n; i++) {
		if (strncmp(r->form.v[i].name, "carry:", 6) != 0)
			continue;
		p->v[p->n] = r->form.v[i];
		p->v[p->n].name += 6;
		p->n++;
	}
	return p;
}

/*
 * After a step-up that interrupted a POST: the same form again, filled
 * in, with a CSRF token for the renewed session, one click from done.
 */
static void
auth_replay_page(struct request *r, struct response *resp, const char *next)
{
	const struct params	*f = auth_carry_back(r);
	struct tmpl_dict	*d, *c, *x;
	size_t			 i;

	d = view_begin(r, VIEW_REAUTH, "Confirm it is you");
	c = tmpl_section(d, "CONTINUE");
	tmpl_set(c, "NEXT", next);
	tmpl_set(c, "CSRF", r->csrf_token);
	for (i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, "csrf") == 0)
			continue;
		x = tmpl_section(c, "FIELD");
		tmpl_set(x, "NAME", f->v[i].name);
		tmpl_set(x, "VALUE", f->v[i].value);
	}
	view_finish(r, resp, 200);
}

/*
 * POST /login/reauth: the password (or, with TOTP on, a fresh code)
 * again. Success renews the proof under a new token and returns to
 * "next"; failure counts toward the account lock.
 */
void
auth_reauth(struct request *r, struct response *resp)
{
	struct throttle_state	 th;
	struct totp_state	 ts;
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	struct staff		 s;
	const char		*next = auth_replaying(r) ?
				    params_get(&r->form, "next") :
				    auth_next(&r->form);
	const char		*pw = request_field(r, "password");
	const char		*code = request_field(r, "code");
	const char		*hash, *token, *method = "password";
	char			 id[24];
	long long		 step = -1;
	bool			 ok = false;
	int			 used = 0;

	if (auth_replaying(r) && !auth_replay_target(next)) {
		view_error(r, resp, 400, "This form cannot be carried through "
		    "the identity check; open its page again.");
		return;
	}
	if (staff_by_email(r->arena, r->staff->email, &s, &hash) != 1 ||
	    throttle_check(r->conf, s.email, s.id, r->client_ip, &th) == -1 ||
	    totp_load(s.id, &ts) != 1)
		goto unavailable;
	if (!th.locked && !th.ip_blocked) {
		if (code != NULL && *code != '\0' && ts.enabled) {
			method = "totp";
			step = totp_match(ts.secret, code, time(NULL));
		} else if (pw != NULL && strlen(pw) <= PASSWORD_MAX_BYTES &&
		    password_within_ceiling(r->conf, hash)) {
			if (auth_verify(r, hash, pw, &ok) == -1) {
				(void)response_header(resp, "Retry-After",
				    "1");
				view_error(r, resp, 503, "Too busy; try again "
				    "in a moment.");
				return;
			}
		}
	}
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(r->arena, &ctx)) == NULL)
		goto unavailable;
	if (step > 0 && (used = totp_use_step(t, s.id, step)) == -1) {
		audit_abort(t);
		goto unavailable;
	}
	if (step > 0)
		ok = used == 1;
	if (!ok) {
		audit_abort(t);
		if (auth_proof_failed(r, &s, method) == -1)
			goto unavailable;
		auth_reauth_page(r, resp, 200, next, "That did not match; "
		    "try again.", auth_replaying(r) ? auth_carry_back(r) : NULL);
		return;
	}
	/*
	 * A new token for the same session: the same stage (step-up is not
	 * enrolment) and the same absolute expiry (proving it again does
	 * not stretch it).
	 */
	if (throttle_success(t, s.id) == -1 ||
	    session_renew(t, r->arena, r->session_cookie, &token) != 1) {
		audit_abort(t);
		goto unavailable;
	}
	after = json_object_new_object();
	json_object_object_add(after, "method",
	    json_object_new_string(method));
	if (audit_commit(t, AUDIT_STEP_UP, "staff", id, NULL, after) == -1 ||
	    auth_session_cookie(r, resp, token) == -1)
		goto unavailable;
	/* Forms on the page from here on are for the renewed session. */
	r->session_cookie = token;
	r->csrf_token = csrf_token(r->arena, token);
	if (auth_replaying(r))
		auth_replay_page(r, resp, next);
	else
		response_redirect(resp, 303, next);
	return;
unavailable:
	view_error(r, resp, 503, "The database is unavailable; try again "
	    "shortly.");
}
