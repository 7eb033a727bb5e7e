/*
 * route.t.c: path matching and table checks (src/route.c), on a test
 * table and on Steward's own table (src/routes.c).
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "route.h"
#include "routes.h"
#include "t/tap.h"

#define GET	(1u << METHOD_GET)
#define POST	(1u << METHOD_POST)
#define NROUTES(t)	(sizeof(t) / sizeof((t)[0]))

static struct arena	*arena;

/* Stands in for every handler: routing never calls it. */
static void
noop(struct request *r, struct response *resp)
{
	(void)r;
	(void)resp;
}

enum {
	T_ROOT,
	T_ADMIN,
	T_STAFF_GET,
	T_STAFF_POST,
	T_STAFF_ROLE,
	T_LOGIN_POST,
	T_LOGIN_GET,
	T_LOGOUT,
	T_API,
	T_FOUR,
	T__MAX
};

static const struct route	table[T__MAX] = {
	[T_ROOT] = { METHOD_GET, "/", noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_HTML },
	[T_ADMIN] = { METHOD_GET, "/admin", noop, ACCESS_STAFF, PERM_VIEW, ROUTE_HTML },
	[T_STAFF_GET] = { METHOD_GET, "/admin/staff/:id", noop,
	    ACCESS_STAFF, PERM_VIEW, ROUTE_HTML },
	[T_STAFF_POST] = { METHOD_POST, "/admin/staff/:id", noop,
	    ACCESS_STAFF, PERM_VIEW, ROUTE_HTML | ROUTE_CSRF },
	[T_STAFF_ROLE] = { METHOD_GET, "/admin/staff/:id/roles/:role", noop,
	    ACCESS_STAFF, PERM_VIEW, ROUTE_HTML },
	[T_LOGIN_POST] = { METHOD_POST, "/login", noop, ACCESS_PUBLIC, PERM_NONE,
	    ROUTE_HTML | ROUTE_CSRF },
	[T_LOGIN_GET] = { METHOD_GET, "/login", noop, ACCESS_PUBLIC, PERM_NONE,
	    ROUTE_HTML },
	[T_LOGOUT] = { METHOD_POST, "/logout", noop, ACCESS_STAFF, PERM_VIEW,
	    ROUTE_HTML | ROUTE_CSRF },
	[T_API] = { METHOD_GET, "/api/items", noop, ACCESS_STAFF, PERM_VIEW, ROUTE_JSON },
	[T_FOUR] = { METHOD_GET, "/four/:a/:b/:c/:d", noop, ACCESS_STAFF, PERM_VIEW,
	    ROUTE_HTML },
};

/* Matches method and path against table; returns the result. */
static enum route_result
match(enum http_method method, const char *path, struct route_match *m,
    unsigned *allowed)
{
	memset(m, 0, sizeof(*m));
	*allowed = 0xdead;
	return route_match(arena, table, T__MAX, method, path, m, allowed);
}

/* Checks path is ROUTE_NOT_FOUND for both methods, with nothing allowed. */
static void
not_found(const char *path, const char *why)
{
	struct route_match	m;
	unsigned		allowed;

	ok(match(METHOD_GET, path, &m, &allowed) == ROUTE_NOT_FOUND &&
	    allowed == 0 && m.ncaptures == 0 &&
	    match(METHOD_POST, path, &m, &allowed) == ROUTE_NOT_FOUND &&
	    allowed == 0 && m.ncaptures == 0,
	    "\"%s\" is not found, with no captures (%s)", path, why);
}

static void
test_match(void)
{
	/* One capture more than struct route_match holds. */
	static const struct route	five[] = {
		{ METHOD_GET, "/:a/:b/:c/:d/:e", noop, ACCESS_STAFF, PERM_VIEW,
		    ROUTE_HTML },
	};
	struct route_match		m;
	unsigned			allowed;

	is_int(match(METHOD_GET, "/", &m, &allowed), ROUTE_FOUND,
	    "GET / is found");
	is_int(m.index, T_ROOT, "GET / is the root route");
	is_int(m.ncaptures, 0, "with no captures");
	is_int(match(METHOD_GET, "/admin", &m, &allowed), ROUTE_FOUND,
	    "GET /admin is found");
	is_int(m.index, T_ADMIN, "GET /admin is the admin route");

	is_int(match(METHOD_GET, "/admin/staff/42", &m, &allowed),
	    ROUTE_FOUND, "GET /admin/staff/42 is found");
	is_int(m.index, T_STAFF_GET, "by the GET :id route");
	is_int(m.ncaptures, 1, "with one capture");
	is_string(route_get_capture(&m, "id"), "42", "id is 42");
	ok(route_get_capture(&m, "nope") == NULL, "an unknown capture is "
	    "NULL");
	ok(route_get_capture(&m, ":id") == NULL, "capture names have no ':'");

	is_int(match(METHOD_POST, "/admin/staff/42", &m, &allowed),
	    ROUTE_FOUND, "POST /admin/staff/42 is found");
	is_int(m.index, T_STAFF_POST, "by the POST :id route");

	is_int(match(METHOD_GET, "/admin/staff/7/roles/editor", &m, &allowed),
	    ROUTE_FOUND, "two captures match");
	is_int(m.index, T_STAFF_ROLE, "by the roles route");
	is_int(m.ncaptures, 2, "with two captures");
	is_string(route_get_capture(&m, "id"), "7", "id is 7");
	is_string(route_get_capture(&m, "role"), "editor", "role is editor");

	is_int(match(METHOD_GET, "/admin/staff/a b.c%", &m, &allowed),
	    ROUTE_FOUND, "a capture takes any bytes but '/'");
	is_string(route_get_capture(&m, "id"), "a b.c%", "and keeps them");

	is_int(match(METHOD_GET, "/four/1/2/3/4", &m, &allowed), ROUTE_FOUND,
	    "ROUTE_MAX_CAPTURES captures match");
	is_string(route_get_capture(&m, "d"), "4", "the last capture is "
	    "kept");

	not_found("/admin/staff/", "a capture does not match an empty "
	    "segment");
	not_found("/admin/staff//roles/x", "nor an empty middle segment");
	not_found("/admin/", "a trailing slash does not match");
	not_found("/admin/staff/42/", "a trailing slash after a capture");
	not_found("/admin/staff/42/roles/", "an empty last capture");
	not_found("//admin", "a doubled slash");
	not_found("/admin//", "two trailing slashes");
	not_found("/ADMIN", "matching is case-sensitive");
	not_found("/adminx", "a longer segment");
	not_found("/admi", "a shorter segment");
	not_found("/admin/staff/42/extra", "an extra segment");
	not_found("/admin/staff", "a missing capture");
	not_found("", "the empty path");
	not_found("admin", "a path without a leading slash");
	not_found("/nope", "an unknown path");
	not_found("/four/1/2/3", "too few segments for four captures");
	/*
	 * Found by t/fuzz/route.c: the last route tried left behind the
	 * captures it had taken before it failed.
	 */
	not_found("/four/1/2/3/4/5", "one segment more than four captures");
	is_int(route_match(arena, five, 1, METHOD_GET, "/1/2/3/4/5", &m,
	    &allowed), ROUTE_NOT_FOUND, "a pattern with more than "
	    "ROUTE_MAX_CAPTURES captures never matches (no overflow)");
}

static void
test_method(void)
{
	struct route_match	m;
	unsigned		allowed;

	is_int(match(METHOD_POST, "/admin", &m, &allowed), ROUTE_BAD_METHOD,
	    "POST /admin is a bad method");
	is_int(allowed, GET, "GET is allowed");
	is_string(route_allow_header(arena, allowed), "GET, HEAD",
	    "Allow: GET, HEAD");

	is_int(match(METHOD_GET, "/logout", &m, &allowed), ROUTE_BAD_METHOD,
	    "GET /logout is a bad method");
	is_int(allowed, POST, "POST is allowed");
	is_string(route_allow_header(arena, allowed), "POST", "Allow: POST");

	is_int(match(METHOD__MAX, "/login", &m, &allowed), ROUTE_BAD_METHOD,
	    "an unsupported method on /login is a bad method");
	is_int(allowed, GET | POST, "GET and POST are allowed");
	is_string(route_allow_header(arena, allowed), "GET, HEAD, POST",
	    "Allow: GET, HEAD, POST");

	is_int(match(METHOD__MAX, "/admin/staff/9", &m, &allowed),
	    ROUTE_BAD_METHOD, "an unsupported method on a capture route");
	is_int(allowed, GET | POST, "GET and POST are allowed there too");

	is_int(match(METHOD__MAX, "/nope", &m, &allowed), ROUTE_NOT_FOUND,
	    "an unsupported method on an unknown path is not found");
	is_int(allowed, 0, "with nothing allowed");

	is_string(route_allow_header(arena, 0), "",
	    "route_allow_header(arena, 0) is \"\"");
	is_string(route_allow_header(arena, GET | (1u << METHOD_PATCH) |
	    (1u << METHOD_DELETE)), "GET, HEAD, PATCH, DELETE",
	    "Allow: GET, HEAD, PATCH, DELETE");
	is_string(route_allow_header(arena, GET | POST | (1u << 7)),
	    "GET, HEAD, POST", "unknown bits are ignored");
}

/* Checks route_check refuses t, with a message. */
static void
check_fails(const struct route *t, size_t n, const char *why)
{
	char	err[256] = "";

	ok(route_check(t, n, err, sizeof(err)) == -1 && err[0] != '\0',
	    "route_check refuses %s", why);
}

static void
test_check(void)
{
	static const struct route	undeclared[] = {
		{ METHOD_GET, "/x", noop, ACCESS_UNDECLARED, PERM_NONE, ROUTE_HTML },
	};
	static const struct route	forgotten[] = {
		/* An entry that leaves access out gets 0, the same. */
		{ .method = METHOD_GET, .pattern = "/x", .handler = noop },
	};
	static const struct route	bad_access[] = {
		{ METHOD_GET, "/x", noop, ACCESS__MAX, PERM_NONE, ROUTE_HTML },
	};
	static const struct route	no_handler[] = {
		{ METHOD_GET, "/x", NULL, ACCESS_PUBLIC, PERM_NONE, ROUTE_HTML },
	};
	static const struct route	no_pattern[] = {
		{ METHOD_GET, NULL, noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_HTML },
	};
	static const struct route	relative[] = {
		{ METHOD_GET, "x", noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_HTML },
	};
	static const struct route	no_csrf[] = {
		{ METHOD_POST, "/x", noop, ACCESS_STAFF, PERM_VIEW, ROUTE_HTML },
	};
	static const struct route	twice[] = {
		{ METHOD_GET, "/x", noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_HTML },
		{ METHOD_GET, "/x", noop, ACCESS_STAFF, PERM_VIEW, ROUTE_JSON },
	};
	static const struct route	twice_post[] = {
		{ METHOD_POST, "/x", noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_CSRF },
		{ METHOD_POST, "/x", noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_CSRF },
	};
	static const struct route	five_captures[] = {
		{ METHOD_GET, "/:a/:b/:c/:d/:e", noop, ACCESS_STAFF, PERM_VIEW,
		    ROUTE_HTML },
	};
	static const struct route	no_perm[] = {
		{ METHOD_GET, "/x", noop, ACCESS_STAFF, PERM_UNDECLARED,
		    ROUTE_HTML },
	};
	static const struct route	bad_perm[] = {
		{ METHOD_GET, "/x", noop, ACCESS_STAFF, PERM__MAX, ROUTE_HTML },
	};
	static const struct route	public_perm[] = {
		/* A permission only means something for signed-in staff. */
		{ METHOD_GET, "/x", noop, ACCESS_PUBLIC, PERM_AUDIT,
		    ROUTE_HTML },
	};
	static const struct route	no_csrf_delete[] = {
		{ METHOD_DELETE, "/x", noop, ACCESS_STAFF, PERM_VIEW,
		    ROUTE_JSON },
	};
	static const struct route	no_csrf_patch[] = {
		{ METHOD_PATCH, "/x", noop, ACCESS_STAFF, PERM_VIEW,
		    ROUTE_JSON },
	};
	static const struct route	both[] = {
		{ METHOD_GET, "/x", noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_HTML },
		{ METHOD_POST, "/x", noop, ACCESS_PUBLIC, PERM_NONE, ROUTE_CSRF },
	};
	char	err[256] = "";

	is_int(route_check(table, T__MAX, err, sizeof(err)), 0,
	    "route_check accepts the test table");
	if (err[0] != '\0')
		diag("%s", err);
	is_int(route_check(table, 0, err, sizeof(err)), 0,
	    "route_check accepts an empty table");
	is_int(route_check(both, NROUTES(both), err, sizeof(err)), 0,
	    "route_check accepts one pattern with two methods");

	check_fails(undeclared, NROUTES(undeclared), "ACCESS_UNDECLARED");
	check_fails(forgotten, NROUTES(forgotten), "an entry without access");
	check_fails(bad_access, NROUTES(bad_access), "ACCESS__MAX");
	check_fails(no_handler, NROUTES(no_handler), "a NULL handler");
	check_fails(no_pattern, NROUTES(no_pattern), "a NULL pattern");
	check_fails(relative, NROUTES(relative), "a pattern without '/'");
	check_fails(no_csrf, NROUTES(no_csrf), "a POST without ROUTE_CSRF");
	check_fails(twice, NROUTES(twice), "a duplicate GET entry");
	check_fails(twice_post, NROUTES(twice_post), "a duplicate POST entry");
	check_fails(five_captures, NROUTES(five_captures),
	    "more than ROUTE_MAX_CAPTURES captures");
	check_fails(no_perm, NROUTES(no_perm), "PERM_UNDECLARED");
	check_fails(forgotten, NROUTES(forgotten),
	    "an entry without a permission");
	check_fails(bad_perm, NROUTES(bad_perm), "PERM__MAX");
	check_fails(public_perm, NROUTES(public_perm),
	    "a permission on a public route");
	check_fails(no_csrf_delete, NROUTES(no_csrf_delete),
	    "a DELETE without ROUTE_CSRF");
	check_fails(no_csrf_patch, NROUTES(no_csrf_patch),
	    "a PATCH without ROUTE_CSRF");
	(void)route_check(undeclared, NROUTES(undeclared), err, sizeof(err));
	ok(strstr(err, "/x") != NULL, "the message names the route");
}

/* Steward's real table: the policy pinned here is deliberate. */
static void
test_routes(void)
{
	struct route_match	m;
	unsigned		allowed;
	char			err[256] = "";
	size_t			i;
	bool			html_or_json = true;

	is_int(route_check(routes, ROUTE__MAX, err, sizeof(err)), 0,
	    "route_check accepts Steward's route table");
	if (err[0] != '\0')
		diag("%s", err);
	for (i = 0; i < ROUTE__MAX; i++)
		if (!(routes[i].flags & (ROUTE_HTML | ROUTE_JSON)))
			html_or_json = false;
	ok(html_or_json, "every route says how its errors look");

	is_int(route_match(arena, routes, ROUTE__MAX, METHOD_GET, "/login",
	    &m, &allowed), ROUTE_FOUND, "GET /login is found");
	is_int(m.index, ROUTE_LOGIN_FORM, "as ROUTE_LOGIN_FORM");
	is_int(route_match(arena, routes, ROUTE__MAX, METHOD_POST, "/login",
	    &m, &allowed), ROUTE_FOUND, "POST /login is found");
	is_int(m.index, ROUTE_LOGIN, "as ROUTE_LOGIN");
	is_int(route_match(arena, routes, ROUTE__MAX, METHOD_GET, "/healthz",
	    &m, &allowed), ROUTE_FOUND, "GET /healthz is found");
	ok(routes[ROUTE_HEALTHZ].flags & ROUTE_JSON, "/healthz speaks JSON");
	is_int(route_match(arena, routes, ROUTE__MAX, METHOD_GET, "/logout",
	    &m, &allowed), ROUTE_BAD_METHOD, "GET /logout is 405");
	is_int(route_match(arena, routes, ROUTE__MAX, METHOD_GET, "/admin/",
	    &m, &allowed), ROUTE_NOT_FOUND, "GET /admin/ is 404");

	is_int(routes[ROUTE_ADMIN_HOME].access, ACCESS_STAFF,
	    "/admin needs a signed-in staff member");
	is_int(routes[ROUTE_ADMIN_HOME].perm, PERM_VIEW,
	    "... whose role may view");
	is_int(routes[ROUTE_AUDIT_LIST].perm, PERM_AUDIT,
	    "the audit trail needs audit.read");
	is_int(routes[ROUTE_API_AUDIT].perm, PERM_AUDIT,
	    "... in the API too");
	is_int(routes[ROUTE_ROLE_CREATE].perm, PERM_ROLES,
	    "making a role needs roles.manage");
	is_int(routes[ROUTE_API_KEY_CREATE].perm, PERM_STAFF,
	    "making an API key needs staff.manage");
	is_int(routes[ROUTE_LOGOUT].access, ACCESS_SESSION,
	    "/logout needs a session of any stage (a pending TOTP too)");
	is_int(routes[ROUTE_LOGIN_TOTP].access, ACCESS_MFA,
	    "POST /login/totp needs a session waiting for its code");
	is_int(routes[ROUTE_MFA_DISABLE].access, ACCESS_STAFF,
	    "turning TOTP off needs a full session");
	is_int(routes[ROUTE_LOGIN].access, ACCESS_PUBLIC,
	    "POST /login is public");
	ok(routes[ROUTE_LOGIN].flags & ROUTE_CSRF, "POST /login checks CSRF "
	    "(login CSRF)");
}

int
main(void)
{
	plan_lazy();
	arena = arena_new();
	test_match();
	test_method();
	test_check();
	test_routes();
	arena_free(arena);
	return tap_done();
}
