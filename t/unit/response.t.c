/*
 * response.t.c: headers, redirects, problem documents and the FastCGI
 * response head (src/response.c). The point of the module is that no
 * input can split a header or leave out the security headers.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "buf.h"
#include "response.h"
#include "t/tap.h"

static struct arena	*arena;

/* A fresh response on a reset arena. */
static void
fresh(struct response *resp)
{
	arena_reset(arena);
	response_init(resp, arena);
}

/* The formatted head of resp (arena memory). */
static const char *
head(const struct response *resp)
{
	struct buf	b;

	buf_init(&b, arena);
	response_format_head(resp, &b);
	return b.data;
}

/* The value of the first header called name, or NULL. */
static const char *
header(const struct response *resp, const char *name)
{
	size_t	i;

	for (i = 0; i < resp->nheaders; i++)
		if (strcmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

/* True if every '\n' in s is preceded by '\r'. */
static bool
crlf_only(const char *s)
{
	const char	*p;

	for (p = strchr(s, '\n'); p != NULL; p = strchr(p + 1, '\n'))
		if (p == s || p[-1] != '\r')
			return false;
	return true;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
test_header(void)
{
	static const char *const bad_values[] = {
		"a\r\nInjected: 1", "a\nb", "a\rb", "a\x01", "\x1b[31m",
		"a\x7f", "a\x0b", "a\x0c", "\x1f",
	};
	static const char *const bad_names[] = {
		"", "X Test", "X:Test", "X\r\nY", "X\nY", "\xc3\x84", "X/Y",
		"(x)", "X\tY", "X-Test:", "X;Y",
	};
	struct response	resp;
	size_t		i;
	int		n;

	fresh(&resp);
	is_int(resp.status, 200, "a new response is 200");
	is_string(resp.content_type, "text/html; charset=utf-8",
	    "a new response is HTML");
	is_int(resp.nheaders, 0, "a new response has no headers");
	is_int(resp.body.len, 0, "a new response has an empty body");

	is_int(response_header(&resp, "X-Test", "plain value"), 0,
	    "a plain header is added");
	is_int(response_header(&resp, "X_Other-2", "tab\there"), 0,
	    "a tab inside a value is allowed");
	is_int(response_header(&resp, "X-Utf8", "caf\xc3\xa9"), 0,
	    "UTF-8 in a value is allowed");
	is_int(response_header(&resp, "X-Empty", ""), 0,
	    "an empty value is allowed");
	is_int(resp.nheaders, 4, "four headers");
	for (i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
		is_int(response_header(&resp, "X-Bad", bad_values[i]), -1,
		    "value #%zu (with a control character) is refused", i);
	for (i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++)
		is_int(response_header(&resp, bad_names[i], "v"), -1,
		    "name #%zu (not a token) is refused", i);
	is_int(resp.nheaders, 4, "refused headers are not added");
	ok(header(&resp, "X-Bad") == NULL, "no X-Bad header");

	is_int(response_cookie(&resp, "a=b; Path=/"), 0,
	    "response_cookie adds a Set-Cookie");
	is_string(header(&resp, "Set-Cookie"), "a=b; Path=/",
	    "with the given value");
	is_int(response_cookie(&resp, "a=b\r\nX: y"), -1,
	    "response_cookie refuses CRLF");

	fresh(&resp);
	for (n = 0; n < RESPONSE_MAX_HEADERS; n++)
		if (response_header(&resp, "X-N", "v") == -1)
			break;
	is_int(n, RESPONSE_MAX_HEADERS, "RESPONSE_MAX_HEADERS headers fit");
	is_int(response_header(&resp, "X-N", "v"), -1,
	    "one more header is refused");
	is_int(resp.nheaders, RESPONSE_MAX_HEADERS, "and not added");
}

static void
test_head(void)
{
	struct response	 resp;
	const char	*h, *csp;

	fresh(&resp);
	resp.status = 404;
	(void)response_header(&resp, "X-Request-Id", "abc");
	h = head(&resp);
	ok(strncmp(h, "Status: 404 Not Found\r\n", 23) == 0,
	    "the head starts with \"Status: 404 Not Found\"");
	ok(strstr(h, "\r\nContent-Type: text/html; charset=utf-8\r\n") != NULL,
	    "the head has the Content-Type");
	ok(strstr(h, "\r\nX-Request-Id: abc\r\n") != NULL,
	    "the head has the added header");
	csp = strstr(h, "\r\nContent-Security-Policy: ");
	ok(csp != NULL, "the head has a Content-Security-Policy");
	ok(csp != NULL && strstr(csp, "frame-ancestors 'none'") != NULL,
	    "the CSP forbids framing");
	ok(csp != NULL && strstr(csp, "default-src 'none'") != NULL,
	    "the CSP defaults to nothing");
	ok(csp != NULL && strstr(csp, "form-action 'self'") != NULL,
	    "the CSP limits form targets");
	ok(strstr(h, "'unsafe-inline'") == NULL && strstr(h, "'unsafe-eval'")
	    == NULL, "the CSP allows no inline script or eval");
	ok(strstr(h, "\r\nX-Content-Type-Options: nosniff\r\n") != NULL,
	    "the head has X-Content-Type-Options: nosniff");
	ok(strstr(h, "\r\nX-Frame-Options: DENY\r\n") != NULL,
	    "the head has X-Frame-Options: DENY");
	ok(strstr(h, "\r\nCache-Control: no-store\r\n") != NULL,
	    "the head has Cache-Control: no-store");
	ok(strstr(h, "\r\nReferrer-Policy: same-origin\r\n") != NULL,
	    "the head has a Referrer-Policy");
	ok(ends_with(h, "\r\n\r\n"), "the head ends with a blank line");
	ok(strstr(h, "\r\n\r\n") == h + strlen(h) - 4,
	    "the only blank line is the last");
	ok(crlf_only(h), "every line ends with CRLF");

	fresh(&resp);
	resp.status = 299;
	ok(strncmp(head(&resp), "Status: 299 Unknown\r\n", 21) == 0,
	    "an unknown status still gives a status line");
	is_string(response_reason(404), "Not Found", "response_reason(404)");
	is_string(response_reason(413), "Content Too Large",
	    "response_reason(413)");
	is_string(response_reason(0), "Unknown", "response_reason(0)");

	fresh(&resp);
	response_text(&resp, 500, "oops\n");
	is_int(resp.status, 500, "response_text sets the status");
	is_string(resp.content_type, "text/plain; charset=utf-8",
	    "response_text is text/plain");
	is_string(resp.body.data, "oops\n", "response_text sets the body");
}

/* Redirects to target and returns the Location header. */
static const char *
redirect(const char *target)
{
	static struct response	resp;

	fresh(&resp);
	response_redirect(&resp, 303, target);
	return header(&resp, "Location");
}

static void
test_redirect(void)
{
	struct response	 resp;
	const char	*h;

	fresh(&resp);
	response_redirect(&resp, 303, "/admin");
	is_int(resp.status, 303, "response_redirect sets the status");
	is_string(header(&resp, "Location"), "/admin",
	    "a local path is the Location");
	ok(resp.content_type == NULL, "a redirect has no Content-Type");
	h = head(&resp);
	ok(strncmp(h, "Status: 303 See Other\r\n", 23) == 0,
	    "the head says 303 See Other");
	ok(strstr(h, "Content-Type:") == NULL, "the head has no "
	    "Content-Type");
	ok(strstr(h, "\r\nLocation: /admin\r\n") != NULL,
	    "the head has the Location");

	is_string(redirect("/"), "/", "\"/\" is kept");
	is_string(redirect("/admin/staff?page=2"), "/admin/staff?page=2",
	    "a path with a query is kept");
	is_string(redirect("//evil.example"), "/",
	    "\"//evil.example\" falls back to /");
	is_string(redirect("//evil.example/admin"), "/",
	    "\"//evil.example/admin\" falls back to /");
	is_string(redirect("https://evil"), "/",
	    "\"https://evil\" falls back to /");
	is_string(redirect("/\\evil.example"), "/",
	    "\"/\\evil.example\" (backslash) falls back to /");
	is_string(redirect("javascript:alert(1)"), "/",
	    "javascript: falls back to /");
	is_string(redirect("evil.example"), "/",
	    "a relative path falls back to /");
	is_string(redirect(""), "/", "\"\" falls back to /");
	is_string(redirect("/a\r\nSet-Cookie: x=1"), "/",
	    "a path with CRLF falls back to / (no header splitting)");
	is_string(redirect("/a\nb"), "/", "a path with LF falls back to /");
	/*
	 * Browsers remove tab and newline from URLs before parsing (WHATWG
	 * URL Standard, basic URL parser), so "/\t/evil.example" would
	 * become "//evil.example", another host.
	 */
	is_string(redirect("/\t/evil.example"), "/",
	    "\"/\\t/evil.example\" falls back to /");
	is_string(redirect("/\t\\evil.example"), "/",
	    "\"/\\t\\\\evil.example\" falls back to /");
	is_string(redirect("/a b"), "/", "a space falls back to /");
	is_string(redirect("/%09/evil.example"), "/%09/evil.example",
	    "an encoded tab is only a path (browsers do not strip it)");
}

/* The member name of the JSON object obj, as a string, or NULL. */
static const char *
member(struct json_object *obj, const char *name)
{
	struct json_object	*v;

	if (obj == NULL || !json_object_object_get_ex(obj, name, &v))
		return NULL;
	return json_object_get_string(v);
}

static void
test_problem(void)
{
	static const char	 hostile[] = "</script>\"\\\n\x01 <b>";
	struct response		 resp;
	struct json_object	*o, *st;

	fresh(&resp);
	response_problem(&resp, 404, "There is no page at this address.");
	is_int(resp.status, 404, "response_problem sets the status");
	is_string(resp.content_type, "application/problem+json",
	    "response_problem is application/problem+json");
	ok(strstr(head(&resp), "\r\nContent-Type: application/problem+json"
	    "\r\n") != NULL, "the head says application/problem+json");
	o = json_tokener_parse(resp.body.data);
	ok(o != NULL && json_object_is_type(o, json_type_object),
	    "the body is a JSON object");
	ok(o != NULL && json_object_object_get_ex(o, "status", &st) &&
	    json_object_is_type(st, json_type_int) &&
	    json_object_get_int(st) == 404, "status is the number 404");
	is_string(member(o, "title"), "Not Found", "title is the reason");
	is_string(member(o, "type"), "about:blank", "type is about:blank");
	is_string(member(o, "detail"), "There is no page at this address.",
	    "detail is the message");
	json_object_put(o);

	fresh(&resp);
	response_problem(&resp, 400, hostile);
	o = json_tokener_parse(resp.body.data);
	ok(o != NULL, "a hostile detail still gives valid JSON");
	is_string(member(o, "detail"), hostile, "and it round-trips");
	ok(strchr(resp.body.data, '\x01') == NULL &&
	    strchr(resp.body.data, '\n') == strrchr(resp.body.data, '\n'),
	    "with control characters escaped (one newline, at the end)");
	json_object_put(o);

	fresh(&resp);
	response_problem(&resp, 503, NULL);
	o = json_tokener_parse(resp.body.data);
	ok(o != NULL && !json_object_object_get_ex(o, "detail", NULL),
	    "a NULL detail leaves detail out");
	is_string(member(o, "title"), "Service Unavailable",
	    "title for 503");
	json_object_put(o);
}

int
main(void)
{
	plan_lazy();
	arena = arena_new();
	test_header();
	test_head();
	test_redirect();
	test_problem();
	arena_free(arena);
	return tap_done();
}
