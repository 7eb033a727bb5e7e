/*
 * view.t.c: pages through the layout, and error answers in the form the
 * route speaks (src/view.c), rendered from the real templates named by
 * STEWARD_TEMPLATES (make check sets it to the source tree's templates/).
 * What matters most is that nothing a user controls reaches the page
 * unescaped.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "staff.h"
#include "tmpl.h"
#include "view.h"
#include "handlers/reply.h"
#include "t/tap.h"

#define HOSTILE_NAME	"<script>alert(1)</script>"
#define HOSTILE_EMAIL	"\"><svg onload=alert(2)>@example.org"
#define HOSTILE_MESSAGE	"<img src=x onerror=alert(3)>"

static struct arena	*arena;

/* A zeroed request for path, as serve.c would have before routing. */
static void
fresh(struct request *r, struct response *resp, const char *path)
{
	arena_reset(arena);
	memset(r, 0, sizeof(*r));
	r->arena = arena;
	r->path = path;
	response_init(resp, arena);
}

static bool
contains(const struct response *resp, const char *s)
{
	return strstr(resp->body.data, s) != NULL;
}

static void
test_error_html(void)
{
	struct request	r;
	struct response	resp;

	fresh(&r, &resp, "/nope");
	view_error(&r, &resp, 404, "There is no page at this address.");
	is_int(resp.status, 404, "view_error sets the status");
	is_string(resp.content_type, "text/html; charset=utf-8",
	    "an error on an HTML path is an HTML page");
	ok(contains(&resp, "404"), "the page says 404");
	ok(contains(&resp, "Not Found"), "the page says Not Found");
	ok(contains(&resp, "There is no page at this address."),
	    "the page has the message");
	ok(contains(&resp, "<html") && contains(&resp, "</html>"),
	    "the page is inside the layout");
	ok(r.layout == NULL, "view_finish frees the layout");

	/* A handler's half-written page must not leak into the error. */
	fresh(&r, &resp, "/nope");
	buf_puts(&resp.body, "half-done secret");
	view_error(&r, &resp, 500, HOSTILE_MESSAGE);
	ok(!contains(&resp, "half-done secret"), "view_error drops what a "
	    "handler had written");
	ok(!contains(&resp, "<img"), "a hostile message is not raw HTML");
	ok(contains(&resp, "&lt;img"), "a hostile message is escaped");
}

static void
test_error_json(void)
{
	static const struct route	json_route = {
		METHOD_GET, "/healthz", NULL, ACCESS_PUBLIC, PERM_NONE, ROUTE_JSON
	};
	static const struct route	html_route = {
		METHOD_GET, "/api/page", NULL, ACCESS_PUBLIC, PERM_NONE, ROUTE_HTML
	};
	struct request			r;
	struct response			resp;

	fresh(&r, &resp, "/healthz");
	r.route = &json_route;
	view_error(&r, &resp, 503, "The database is unavailable.");
	is_int(resp.status, 503, "a JSON route's error has the status");
	is_string(resp.content_type, "application/problem+json",
	    "a JSON route's error is application/problem+json");
	ok(contains(&resp, "\"status\":503"), "the problem has the status");
	ok(!contains(&resp, "<html"), "and no HTML");

	fresh(&r, &resp, "/api/things");
	view_error(&r, &resp, 404, "No such thing.");
	is_string(resp.content_type, "application/problem+json",
	    "an unrouted /api/ path gets application/problem+json");

	fresh(&r, &resp, "/api/page");
	r.route = &html_route;
	view_error(&r, &resp, 404, "No such page.");
	is_string(resp.content_type, "text/html; charset=utf-8",
	    "a routed HTML page under /api/ stays HTML");

	/* A request that failed to parse has no path. */
	fresh(&r, &resp, NULL);
	view_error(&r, &resp, 400, "malformed path");
	is_int(resp.status, 400, "an error with no path still answers");
	is_string(resp.content_type, "text/html; charset=utf-8",
	    "as an HTML page");
}

static void
test_admin(void)
{
	struct staff		 s = { .id = 1, .email = HOSTILE_EMAIL,
				    .display_name = HOSTILE_NAME,
				    .role = "admin", .status = "active",
				    .perms = PERM_BIT(PERM_VIEW) };
	struct request		 r;
	struct response		 resp;
	struct tmpl_dict	*d;

	fresh(&r, &resp, "/admin");
	r.staff = &s;
	r.csrf_token = "TiOmd6wdVUUCe0p02sh3dxWegabiEhdYbHVxlKFXWjs";
	d = view_begin(&r, VIEW_ADMIN_HOME, "Dashboard");
	ok(d != NULL && r.layout != NULL, "view_begin gives a dictionary");
	tmpl_set(d, "STAFF_NAME", s.display_name);
	tmpl_set(d, "STAFF_EMAIL", s.email);
	tmpl_set(d, "STAFF_ROLE", s.role);
	view_finish(&r, &resp, 200);
	is_int(resp.status, 200, "the admin page is 200");
	is_string(resp.content_type, "text/html; charset=utf-8",
	    "the admin page is HTML");
	ok(contains(&resp, "&lt;script&gt;"), "a hostile display name is "
	    "escaped");
	ok(!contains(&resp, "<script>alert"), "and never appears raw");
	ok(!contains(&resp, "<svg"), "a hostile email is not raw HTML");
	ok(contains(&resp, "Dashboard"), "the title is in the page");
	ok(contains(&resp, r.csrf_token), "the sign-out form carries the "
	    "CSRF token");
	ok(r.layout == NULL, "view_finish frees the layout");
	view_end(&r);
	ok(r.layout == NULL, "view_end after view_finish is safe");

	/* A page begun and abandoned (the handler failed) is freed. */
	fresh(&r, &resp, "/admin");
	(void)view_begin(&r, VIEW_ADMIN_HOME, "Dashboard");
	(void)view_begin(&r, VIEW_LOGIN, "Sign in");
	view_end(&r);
	view_end(&r);
	ok(r.layout == NULL, "view_begin twice then view_end twice is safe");
}

/* Markup built outside ctemplate is escaped like ctemplate would. */
static void
test_html(void)
{
	struct buf	b;

	buf_init(&b, arena);
	view_html(&b, "");
	is_string(b.data, "", "view_html of \"\" is \"\"");
	view_html(&b, "plain text, 100% ok");
	is_string(b.data, "plain text, 100% ok", "plain text is unchanged");
	b.len = 0;
	b.data[0] = '\0';
	view_html(&b, "<script>alert('x')</script>&\"");
	is_string(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
	    "&amp;&quot;", "< > & \" ' are escaped");
	b.len = 0;
	b.data[0] = '\0';
	view_html(&b, "\"><img src=x onerror=alert(1)>");
	ok(strchr(b.data, '<') == NULL && strchr(b.data, '>') == NULL &&
	    strchr(b.data, '"') == NULL, "an attribute breakout has no "
	    "< > \" left");
	b.len = 0;
	b.data[0] = '\0';
	view_html(&b, "caf\xc3\xa9 \xe2\x82\xac");
	is_string(b.data, "caf\xc3\xa9 \xe2\x82\xac", "UTF-8 passes through");
}

/* One CSV field as an export writes it. */
static const char *
csv(const char *v, bool last)
{
	struct buf	b;

	buf_init(&b, arena);
	reply_csv_field(&b, v, last);
	return b.data;
}

static void
test_csv(void)
{
	arena_reset(arena);
	is_string(csv("plain", false), "\"plain\",", "a field is quoted");
	is_string(csv("end", true), "\"end\"\r\n", "the last ends the line");
	is_string(csv(NULL, false), "\"\",", "NULL is empty");
	is_string(csv("", true), "\"\"\r\n", "so is nothing");
	is_string(csv("\"", false), "\"\"\"\",", "a lone quote is doubled");
	is_string(csv("a\"\"b\"", false), "\"a\"\"\"\"b\"\"\",",
	    "every quote is doubled, wherever it is");
	is_string(csv("x\r\ny,z", false), "\"x\r\ny,z\",",
	    "line breaks and commas stay inside the quotes");
	is_string(csv("=1+2", false), "\"'=1+2\",", "a formula is neutralised");
	is_string(csv("+1", false), "\"'+1\",", "so is a leading +");
	is_string(csv("-1", false), "\"'-1\",", "and -");
	is_string(csv("@SUM(A1)", false), "\"'@SUM(A1)\",", "and @");
	is_string(csv("\tx", false), "\"'\tx\",", "and a tab");
	is_string(csv("\"=x\"", false), "\"\"\"=x\"\"\",",
	    "a quote first is not a formula");
}

int
main(void)
{
	const char	*dir;
	char		 err[512] = "";

	/* The templates of the source tree this test was built from. */
	if ((dir = getenv("STEWARD_TEMPLATES")) == NULL)
		dir = TOP_SRCDIR "/templates";
	if (view_init(dir, err, sizeof(err)) == -1)
		bail("%s", err);
	plan_lazy();
	arena = arena_new();
	test_error_html();
	test_error_json();
	test_admin();
	test_html();
	test_csv();
	arena_free(arena);
	tmpl_shutdown();
	return tap_done();
}
