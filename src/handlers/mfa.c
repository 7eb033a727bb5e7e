/*
 * handlers/mfa.c: /admin/account/mfa. Enrolment shows a fresh 160-bit
 * secret as a QR code and as base32; it is stored only once the first
 * code proves the app has it. Until then it travels in the form with an
 * HMAC keyed by the session token, so a GET changes nothing and nobody
 * can swap in a secret of their own. Enabling and disabling are privilege
 * changes: the session gets a new token.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "conf.h"
#include "crypto.h"
#include "csrf.h"
#include "handlers/auth.h"
#include "handlers/mfa.h"
#include "request.h"
#include "response.h"
#include "session.h"
#include "staff.h"
#include "tmpl.h"
#include "totp.h"
#include "view.h"

/* The form's proof that this session was shown this secret. */
static const char *
mfa_sign(struct request *r, const char *base32)
{
	unsigned char	 mac[CRYPTO_SHA256_LEN];
	char		*msg, *out;

	msg = arena_printf(r->arena, "steward-totp-enrol:%s", base32);
	crypto_hmac_sha256(r->session_cookie, strlen(r->session_cookie), msg,
	    strlen(msg), mac);
	out = arena_alloc(r->arena, 2 * sizeof(mac) + 1);
	crypto_hex(mac, sizeof(mac), out);
	return out;
}

/*
 * The page: the recovery codes just made, the "it is on" state, or the
 * enrolment form, with the secret the user already scanned (b32) after a
 * wrong code, or a fresh one.
 */
static void
mfa_page(struct request *r, struct response *resp, int status,
    const char *error, const char *const *codes, const char *b32)
{
	unsigned char		 secret[TOTP_SECRET_BYTES];
	struct totp_state	 ts;
	struct tmpl_dict	*d, *s;
	int			 i;

	if (totp_load(r->staff->id, &ts) != 1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	d = view_begin(r, VIEW_MFA, "Two-factor sign-in");
	tmpl_set(d, "CSRF", r->csrf_token);
	if (error != NULL)
		tmpl_set(tmpl_section(d, "ERROR"), "MESSAGE", error);
	if (r->session_stage == SESSION_ENROL)
		tmpl_show(d, "REQUIRED");
	if (codes != NULL) {
		s = tmpl_section(d, "CODES");
		for (i = 0; i < TOTP_RECOVERY_CODES; i++)
			tmpl_set(tmpl_section(s, "CODE"), "VALUE", codes[i]);
	} else if (ts.enabled)
		tmpl_show(d, "ENABLED");
	else {
		if (b32 == NULL) {
			if (crypto_random(secret, sizeof(secret)) == -1) {
				view_end(r);
				view_error(r, resp, 500, "No randomness.");
				return;
			}
			b32 = totp_base32(r->arena, secret);
		}
		s = tmpl_section(d, "ENROL");
		tmpl_set(s, "SECRET", b32);
		tmpl_set(s, "SIG", mfa_sign(r, b32));
		tmpl_set(s, "QR", totp_qr_svg(r->arena,
		    totp_uri(r->arena, r->staff->email, b32)));
		explicit_bzero(secret, sizeof(secret));
	}
	view_finish(r, resp, status);
}

void
mfa_show(struct request *r, struct response *resp)
{
	mfa_page(r, resp, 200, NULL, NULL, NULL);
}

/* Ends this session and starts a full one; the new cookie is set. */
static int
mfa_rotate(struct request *r, struct response *resp, struct audit_txn *t)
{
	const char	*token;

	if (session_destroy(t, r->session_cookie) == -1 ||
	    session_create(t, r->arena, r->staff->id, r->client_ip,
	    r->user_agent, r->conf->session_lifetime, SESSION_FULL,
	    &token) == -1 || auth_session_cookie(r, resp, token) == -1)
		return -1;
	/* The page rendered now must carry the new session's CSRF token. */
	r->session_cookie = token;
	r->session_stage = SESSION_FULL;
	r->csrf_token = csrf_token(r->arena, token);
	return 0;
}

void
mfa_enable(struct request *r, struct response *resp)
{
	unsigned char		 secret[TOTP_SECRET_BYTES];
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	const char		*b32 = request_field(r, "secret");
	const char		*sig = request_field(r, "sig");
	const char		*code = request_field(r, "code");
	const char		*codes[TOTP_RECOVERY_CODES];
	struct totp_state	 ts;
	char			 id[24];
	long long		 step;
	int			 rc;

	if (b32 == NULL || sig == NULL || code == NULL ||
	    strlen(sig) != 64 || !crypto_equal(sig, mfa_sign(r, b32), 64) ||
	    !totp_from_base32(b32, secret)) {
		view_error(r, resp, 400, "This enrolment form was not made "
		    "for this session; open it again.");
		return;
	}
	if (totp_load(r->staff->id, &ts) != 1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	if (ts.enabled) {
		view_error(r, resp, 409, "Two-factor sign-in is already on; "
		    "turn it off first to set up a new app.");
		return;
	}
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", r->staff->id);
	if ((step = totp_match(secret, code, time(NULL))) < 0) {
		/*
		 * Recorded, not counted toward the lock: the session already
		 * proved the password, and an app whose clock is off should
		 * not lock its owner out while setting up.
		 */
		after = json_object_new_object();
		json_object_object_add(after, "reason",
		    json_object_new_string("enrolment_code"));
		if ((t = audit_begin(r->arena, &ctx)) == NULL ||
		    audit_commit(t, AUDIT_MFA_FAILED, "staff", id, NULL,
		    after) == -1) {
			explicit_bzero(secret, sizeof(secret));
			view_error(r, resp, 503, "The database is unavailable; "
			    "try again shortly.");
			return;
		}
		mfa_page(r, resp, 422, "That code did not match. Check the "
		    "time on your phone and enter the current code.", NULL,
		    b32);
		return;
	}
	t = audit_begin(r->arena, &ctx);
	rc = t == NULL ? -1 : totp_enable(t, r->arena, r->staff->id, secret,
	    step, codes);
	/* Enabling ends every other session: it may have been anyone's. */
	if (rc != 0 || session_end_others(t, r->staff->id,
	    r->session_id) == -1 || mfa_rotate(r, resp, t) == -1) {
		audit_abort(t);
		explicit_bzero(secret, sizeof(secret));
		if (rc == 1)
			view_error(r, resp, 409, "Two-factor sign-in is "
			    "already on; turn it off first to set up a new "
			    "app.");
		else
			view_error(r, resp, 503, "The database is "
			    "unavailable; try again shortly.");
		return;
	}
	explicit_bzero(secret, sizeof(secret));
	after = json_object_new_object();
	json_object_object_add(after, "totp_enabled",
	    json_object_new_boolean(1));
	if (audit_commit(t, AUDIT_MFA_ENABLE, "staff", id, NULL, after) ==
	    -1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	mfa_page(r, resp, 200, NULL, codes, NULL);
}

void
mfa_disable(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before, *after;
	struct staff		 s;
	const char		*pw = request_field(r, "password"), *hash;
	char			 id[24];
	int			 rc;

	/* Turning a factor off needs the password again (step-up). */
	if (pw == NULL) {
		mfa_page(r, resp, 422, "Enter your password to turn "
		    "two-factor sign-in off.", NULL, NULL);
		return;
	}
	switch (auth_recheck(r, pw, "mfa_disable", &s, &hash)) {
	case 1:
		break;
	case 0:
		mfa_page(r, resp, 422, "That password is not right.", NULL,
		    NULL);
		return;
	case -2:
		(void)response_header(resp, "Retry-After", "1");
		view_error(r, resp, 503, "Too busy; try again in a moment.");
		return;
	default:
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	audit_context_of(&ctx, r);
	snprintf(id, sizeof(id), "%lld", r->staff->id);
	t = audit_begin(r->arena, &ctx);
	rc = t == NULL ? -1 : totp_disable(t, r->staff->id);
	if (rc == 1) {
		/* Already off: nothing happened, nothing to record. */
		audit_abort(t);
		response_redirect(resp, 303, "/admin/account");
		return;
	}
	if (rc == -1 ||
	    session_end_others(t, r->staff->id, r->session_id) == -1 ||
	    mfa_rotate(r, resp, t) == -1) {
		audit_abort(t);
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	before = json_object_new_object();
	json_object_object_add(before, "totp_enabled",
	    json_object_new_boolean(1));
	after = json_object_new_object();
	json_object_object_add(after, "totp_enabled",
	    json_object_new_boolean(0));
	if (audit_commit(t, AUDIT_MFA_DISABLE, "staff", id, before, after) ==
	    -1) {
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	response_redirect(resp, 303, "/admin/account");
}
