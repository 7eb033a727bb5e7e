/*
 * auth.t.c: where step-up returns to (src/handlers/auth.c, auth_next).
 * The "next" parameter is shown in the re-authentication form and then
 * redirected to, so it must be a path on this site by the same rule as
 * response_redirect() (src/response.c).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "form.h"
#include "handlers/auth.h"
#include "response.h"
#include "t/tap.h"

static struct arena	*arena;

/* auth_next of a query string holding "next=" and the encoded value. */
static const char *
next_of(const char *query)
{
	struct form_limits	lim = { 16, 128, 4096 };
	struct params		ps;

	if (form_parse(arena, query, strlen(query), &lim, &ps) != FORM_OK)
		bail("cannot parse %s", query);
	return auth_next(&ps);
}

static void
test_next(void)
{
	char	long_path[600];

	is_string(next_of("next=%2Fadmin%2Fstaff%2F3"), "/admin/staff/3",
	    "a local path is kept");
	is_string(next_of("next=/admin/r/users?q=ada"), "/admin/r/users?q=ada",
	    "with its query");
	is_string(next_of(""), "/admin/account", "no next: the account page");
	is_string(next_of("next="), "/admin/account", "an empty one too");
	is_string(next_of("next=//evil.example/"), "/admin/account",
	    "\"//host\" leaves the site: refused");
	is_string(next_of("next=/%5Cevil.example"), "/admin/account",
	    "\"/\\\\host\" too");
	is_string(next_of("next=https://evil.example/"), "/admin/account",
	    "an absolute URL too");
	/*
	 * Found writing t/fuzz/redirect.c: auth_next let these through
	 * while the final redirect refused them, so a person who stepped up
	 * landed on "/" instead of the account page. Browsers strip tab and
	 * newline from URLs (WHATWG URL Standard), making "/\t/host" into
	 * "//host".
	 */
	is_string(next_of("next=/%09/evil.example/"), "/admin/account",
	    "a tab after the first '/' is refused");
	is_string(next_of("next=/%0A/evil.example/"), "/admin/account",
	    "a newline too");
	is_string(next_of("next=/admin%0D%0ASet-Cookie:%20x=1"),
	    "/admin/account", "CR LF too");
	is_string(next_of("next=/a%20b"), "/admin/account", "a space too");
	is_string(next_of("next=/a%7F"), "/admin/account", "DEL too");
	ok(!response_local_path("/\t/evil.example") &&
	    !response_local_path("/a\nb") && !response_local_path("//x") &&
	    !response_local_path("/\\x") && !response_local_path("x") &&
	    !response_local_path(""), "response_local_path agrees");
	ok(response_local_path("/") && response_local_path("/admin?a=%09"),
	    "... and keeps what is local");

	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	long_path[sizeof(long_path) - 1] = '\0';
	is_string(next_of(arena_printf(arena, "next=%.512s", long_path)),
	    arena_strndup(arena, long_path, 512), "512 bytes are kept");
	is_string(next_of(arena_printf(arena, "next=%.513s", long_path)),
	    "/admin/account", "513 are too many");
}

int
main(void)
{
	plan_lazy();
	arena = arena_new();
	test_next();
	arena_free(arena);
	return tap_done();
}
