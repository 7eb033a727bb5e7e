/*
 * serve.c: one request, in the order of DESIGN.md "One request": parse,
 * route, authenticate, authorise, check CSRF, run the handler, answer,
 * log. Each step that refuses ends the pipeline with an error answer.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "apikey.h"
#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "conf.h"
#include "csrf.h"
#include "form.h"
#include "handlers/auth.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "perm.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "routes.h"
#include "scoreboard.h"
#include "serve.h"
#include "session.h"
#include "staff.h"
#include "totp.h"
#include "view.h"

int
serve_init(const struct conf *c, char *err, size_t errsize)
{
	if (route_check(routes, ROUTE__MAX, err, errsize) == -1)
		return -1;
	/* The catalogue lives as long as the worker. */
	if (catalog_load(catalog_arena(), c->resources, &catalog, err,
	    errsize) == -1)
		return -1;
	if (view_init(c->templates, err, errsize) == -1)
		return -1;
	if (password_blocklist_load(c->password_blocklist, err,
	    errsize) == -1)
		return -1;
	if (totp_init() == -1) {
		snprintf(err, errsize, "cannot initialise liboath");
		return -1;
	}
	if (password_dummy_init(c) == -1) {
		snprintf(err, errsize, "cannot make the dummy password hash");
		return -1;
	}
	return 0;
}

static int
serve_write(void *ctx, const char *p, size_t len)
{
	FCGX_Stream	*out = ctx;

	while (len > 0) {
		int	chunk = len > INT_MAX ? INT_MAX : (int)len;

		if (FCGX_PutStr(p, chunk, out) != chunk)
			return -1;
		p += chunk;
		len -= (size_t)chunk;
	}
	return 0;
}

static ssize_t
serve_read(void *ctx, char *buf, size_t len)
{
	if (len > INT_MAX)
		len = INT_MAX;
	return FCGX_GetStr(buf, (int)len, ctx);
}

/*
 * Loads who is asking: an API key's owner on /api/v1 when the request
 * carries "Authorization: Bearer", else the session cookie's staff member.
 * Returns 0, -1 on database error, or 1 if a key was offered but does
 * not authenticate (401 whatever cookie came with it).
 */
static int
serve_authenticate(struct request *r, struct response *resp)
{
	struct staff		*s;
	const char		*tok, *fresh;
	enum session_stage	 stage;
	bool			 renew = false;
	int			 rc;

	/* Keys work for the JSON API only, never for pages. */
	if (r->authorization != NULL && (r->route->flags & ROUTE_JSON) &&
	    strncmp(r->path, "/api/", 5) == 0) {
		s = arena_calloc(r->arena, 1, sizeof(*s));
		if ((rc = apikey_authenticate(r->arena, r->authorization,
		    r->client_ip, s, &r->api_key_id)) != 1)
			return rc == -1 ? -1 : 1;
		r->staff = s;
		r->session_stage = SESSION_FULL;
		return 0;
	}
	if ((tok = request_cookie(r, SESSION_COOKIE)) == NULL || *tok == '\0')
		return 0;
	s = arena_calloc(r->arena, 1, sizeof(*s));
	if ((rc = session_load(r->arena, tok, r->conf->session_idle_timeout, s,
	    &r->session_id, &stage, &r->reauth_age, &renew)) == -1)
		return -1;
	/*
	 * The account's role changed since the last request: this one goes
	 * on under a new token and the old one is dead from now on. If
	 * another request got there first, this one is not signed in.
	 */
	if (rc == 1 && renew) {
		if ((rc = session_renew(NULL, r->arena, tok, &fresh)) !=
		    1)
			return rc;
		if (auth_session_cookie(r, resp, fresh) == -1)
			return -1;
		log_info("session renewed after a role change staff=%lld",
		    s->id);
		r->session_prior = tok;
		tok = fresh;
	}
	if (rc == 1) {
		/*
		 * Promoted into a role that requires two-factor sign-in,
		 * without it: set it up before anything else, as at sign-in.
		 */
		if (stage == SESSION_FULL && !s->mfa &&
		    conf_role_listed(r->conf->mfa_required_roles, s->role))
			stage = SESSION_ENROL;
		r->staff = s;
		r->session_cookie = tok;
		r->session_stage = stage;
	}
	return 0;
}

/* The secret that CSRF tokens on this request derive from. */
static const char *
serve_csrf_secret(const struct request *r)
{
	if (r->session_cookie != NULL)
		return r->session_cookie;
	return request_cookie(r, CSRF_COOKIE);
}

/*
 * A state-changing request must carry the token for its secret, and if
 * the browser says where it came from, that must be us.
 */
static bool
serve_csrf_ok(const struct request *r)
{
	const char	*token;

	/* A key is no ambient credential: a browser never sends it alone. */
	if (r->api_key_id != 0)
		return true;
	if (r->origin != NULL && (r->host == NULL ||
	    strncmp(r->origin, "https://", 8) != 0 ||
	    strcmp(r->origin + 8, r->host) != 0))
		return false;
	if ((token = request_field(r, CSRF_FIELD)) == NULL)
		token = r->csrf_header;
	/* A form from before this request renewed the session is good. */
	return csrf_verify(serve_csrf_secret(r), token) ||
	    (r->session_prior != NULL && csrf_verify(r->session_prior, token));
}

/*
 * Someone without a full session: JSON gets 401; a browser goes where
 * its session stands (code due, TOTP to set up) or to the sign-in form.
 */
static void
serve_unsigned(struct request *r, struct response *resp)
{
	if (r->route->flags & ROUTE_JSON) {
		(void)response_header(resp, "WWW-Authenticate",
		    "Bearer realm=\"steward\"");
		view_error(r, resp, 401, "Sign in first.");
		return;
	}
	if (r->staff != NULL && r->session_stage == SESSION_MFA)
		response_redirect(resp, 303, "/login/totp");
	else if (r->staff != NULL && r->session_stage == SESSION_ENROL)
		response_redirect(resp, 303, "/admin/account/mfa");
	else
		response_redirect(resp, 303, "/login");
}

/*
 * A sensitive page, and the last proof of identity is too old: ask again
 * and come back. A page (GET) is asked for again afterwards; a form
 * posted meanwhile is carried through the proof and comes back filled in.
 */
void
serve_stepup(struct request *r, struct response *resp)
{
	struct buf	next;

	if (r->route->flags & ROUTE_JSON) {
		view_error(r, resp, 403, "Confirm your identity first "
		    "(step-up); sign in again in a browser.");
		return;
	}
	if (r->method != METHOD_GET) {
		auth_stepup_post(r, resp);
		return;
	}
	buf_init(&next, r->arena);
	buf_puts(&next, "/login/reauth?next=");
	form_encode(&next, r->path);
	response_redirect(resp, 303, next.data);
}

/* Runs the pipeline up to and including the handler. */
static void
serve_dispatch(struct request *r, struct response *resp, FCGX_Request *fr)
{
	unsigned	allowed;
	int		st;

	switch (route_match(r->arena, routes, ROUTE__MAX, r->method, r->path,
	    &r->match, &allowed)) {
	case ROUTE_FOUND:
		break;
	case ROUTE_NOT_FOUND:
		view_error(r, resp, 404, "There is no page at this address.");
		return;
	case ROUTE_BAD_METHOD:
		(void)response_header(resp, "Allow",
		    route_allow_header(r->arena, allowed));
		view_error(r, resp, 405, "This address does not accept that "
		    "method.");
		return;
	}
	r->route = &routes[r->match.index];

	r->accept_json = (r->route->flags & ROUTE_JSON) != 0;
	if ((r->method == METHOD_POST || r->method == METHOD_PATCH) &&
	    (st = request_read_body(r, serve_read, fr->in)) != 0) {
		view_error(r, resp, st, r->error);
		return;
	}
	switch (serve_authenticate(r, resp)) {
	case 0:
		break;
	case 1:
		(void)response_header(resp, "WWW-Authenticate",
		    "Bearer realm=\"steward\", error=\"invalid_token\"");
		view_error(r, resp, 401, "The API key is not valid: unknown, "
		    "wrong, revoked or expired.");
		return;
	default:
		view_error(r, resp, 503, "The database is unavailable; try "
		    "again shortly.");
		return;
	}
	r->csrf_token = csrf_token(r->arena, serve_csrf_secret(r));

	switch (r->route->access) {
	case ACCESS_PUBLIC:
		break;
	case ACCESS_LOOPBACK:
		if (request_from_loopback(r))
			break;
		view_error(r, resp, 403, "Only reachable from this host.");
		return;
	case ACCESS_STAFF:
		if (r->staff != NULL && r->session_stage == SESSION_FULL)
			break;
		serve_unsigned(r, resp);
		return;
	case ACCESS_MFA:
		if (r->staff != NULL && r->session_stage == SESSION_MFA)
			break;
		response_redirect(resp, 303, "/login");
		return;
	case ACCESS_ENROL:
		if (r->staff != NULL && r->session_stage != SESSION_MFA)
			break;
		serve_unsigned(r, resp);
		return;
	case ACCESS_SESSION:
		if (r->staff != NULL)
			break;
		serve_unsigned(r, resp);
		return;
	default:
		abort();
	}

	/*
	 * The role is read from the database on every request (with the
	 * session), so a demotion applies to the very next one.
	 */
	if (!perm_has(r->staff != NULL ? r->staff->perms : 0,
	    r->route->perm)) {
		log_warn("denied: %s needs %s", r->log_path,
		    perm_name(r->route->perm));
		view_error(r, resp, 403, "Your role does not allow this.");
		return;
	}
	if ((r->route->flags & ROUTE_PERSON) && r->api_key_id != 0) {
		view_error(r, resp, 403, "An API key cannot make keys or "
		    "set-password links, nor reset two-factor sign-in: a "
		    "signed-in person does that.");
		return;
	}
	/*
	 * CSRF before step-up: step-up carries a posted form through the
	 * proof and gives it back with a fresh token, so it must only ever
	 * carry a form that came from Steward.
	 */
	if ((r->route->flags & ROUTE_CSRF) && !serve_csrf_ok(r)) {
		log_warn("CSRF check failed on %s", r->log_path);
		view_error(r, resp, 403, "This form has expired or did not "
		    "come from Steward. Reload the page and try again.");
		return;
	}
	/* A key proves nothing again: step-up is for browser sessions. */
	if ((r->route->flags & ROUTE_STEPUP) && r->api_key_id == 0 &&
	    r->reauth_age > r->conf->stepup_window) {
		serve_stepup(r, resp);
		return;
	}
	r->route->handler(r, resp);
}

void
serve_request(FCGX_Request *fr, struct arena *a, const struct conf *c)
{
	struct request	 r;
	struct response	 resp;
	struct buf	 head;
	struct timespec	 t0, t1;
	int64_t		 micros;
	int		 st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	response_init(&resp, a);
	resp.writer = serve_write;
	resp.writer_ctx = fr->out;
	st = request_parse(&r, a, c, fr->envp);
	resp.head_only = r.head;
	(void)response_header(&resp, "X-Request-Id", r.request_id);
	log_set_request(r.request_id);
	scoreboard_begin(r.request_id, r.log_path);
	if (st != 0)
		view_error(&r, &resp, st, r.error);
	else
		serve_dispatch(&r, &resp, fr);
	view_end(&r);
	/* Nothing a handler left half-done survives into the next request. */
	db_rollback();

	/*
	 * A streamed body that failed midway (an export whose query broke)
	 * must not end like a whole one: the connection is dropped without
	 * FastCGI's end of request, so nginx cuts the client's response
	 * short instead of closing it cleanly.
	 */
	if (resp.streamed && resp.aborted) {
		log_error("%s: the response broke off midway; dropping the "
		    "connection", r.log_path);
		(void)shutdown(fr->ipcFd, SHUT_RDWR);
	}
	if (!resp.streamed) {
		buf_init(&head, a);
		response_format_head(&resp, &head);
		(void)serve_write(fr->out, head.data, head.len);
		if (!r.head && resp.body.len > 0)
			(void)serve_write(fr->out, resp.body.data,
			    resp.body.len);
	}

	clock_gettime(CLOCK_MONOTONIC, &t1);
	micros = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000;
	log_request(r.method_name, r.log_path, resp.status, micros / 1e3,
	    r.staff != NULL ? r.staff->id : 0);
	scoreboard_end(r.route != NULL ? (int)(r.route - routes) : -1,
	    resp.status, micros, db_errors_take());
	log_set_request(NULL);
}
