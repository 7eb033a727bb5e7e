/*
 * request.t.c: FastCGI parameters and bodies into a struct request
 * (src/request.c). The envp arrays are what nginx would send, and what a
 * hostile client could make nginx send.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "arena.h"
#include "conf.h"
#include "request.h"
#include "t/tap.h"

static struct arena	*arena;
static struct conf	 conf;

/* Parses envp into r on a fresh arena. */
static int
parse(struct request *r, char *const *envp)
{
	arena_reset(arena);
	return request_parse(r, arena, &conf, envp);
}

/* Parses a GET of uri and returns the status (0 if accepted). */
static int
get(struct request *r, const char *uri)
{
	char	 buf[65536];
	char	*envp[] = { "REQUEST_METHOD=GET", buf, NULL };

	if ((size_t)snprintf(buf, sizeof(buf), "REQUEST_URI=%s", uri) >=
	    sizeof(buf))
		bail("uri too long for the test buffer");
	return parse(r, envp);
}

/* A GET of / with one extra parameter. */
static int
get_with(struct request *r, const char *param)
{
	char	*envp[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", NULL, NULL };

	envp[2] = (char *)param;
	return parse(r, envp);
}

static bool
is_hex_id(const char *s)
{
	return s != NULL && strlen(s) == 24 &&
	    strspn(s, "0123456789abcdef") == 24;
}

static void
test_basic(void)
{
	char *const envp[] = {
		"REQUEST_METHOD=GET",
		"REQUEST_URI=/admin?x=1&y=a+b",
		"REMOTE_ADDR=192.0.2.1",
		"HTTP_USER_AGENT=test/1.0",
		"HTTP_HOST=steward.example",
		"REQUEST_ID=abc-123_XYZ",
		"CONTENT_LENGTH=",
		"DOCUMENT_URI=/elsewhere",
		NULL
	};
	struct request	r;

	is_int(parse(&r, envp), 0, "a plain GET parses");
	ok(r.arena == arena && r.conf == &conf, "arena and conf are kept");
	is_int(r.method, METHOD_GET, "GET is METHOD_GET");
	ok(!r.head, "GET is not HEAD");
	is_string(r.method_name, "GET", "method_name is as sent");
	is_string(r.path, "/admin", "path excludes the query");
	is_string(r.log_path, "/admin", "log_path excludes the query");
	is_int(r.query.n, 2, "two query fields");
	is_string(params_get(&r.query, "x"), "1", "query x is 1");
	is_string(params_get(&r.query, "y"), "a b", "'+' is a space in the "
	    "query");
	is_string(r.remote_addr, "192.0.2.1", "remote_addr");
	is_string(r.user_agent, "test/1.0", "user_agent");
	is_string(r.host, "steward.example", "host");
	ok(r.origin == NULL, "origin is NULL when absent");
	ok(r.content_type == NULL, "content_type is NULL when absent");
	is_int(r.content_length, -1, "an empty CONTENT_LENGTH is -1");
	is_string(r.request_id, "abc-123_XYZ", "a safe REQUEST_ID is kept");
	is_int(r.cookies.n, 0, "no cookies");
	is_int(r.form.n, 0, "no form");
	ok(r.route == NULL && r.staff == NULL && r.error == NULL,
	    "pipeline fields start empty");
}

static void
test_methods(void)
{
	char		*envp[] = { NULL, "REQUEST_URI=/", NULL };
	struct request	 r;

	envp[0] = "REQUEST_METHOD=HEAD";
	is_int(parse(&r, envp), 0, "HEAD parses");
	is_int(r.method, METHOD_GET, "HEAD is METHOD_GET");
	ok(r.head, "HEAD sets head");
	is_string(r.method_name, "HEAD", "method_name is HEAD");

	envp[0] = "REQUEST_METHOD=POST";
	is_int(parse(&r, envp), 0, "POST parses");
	is_int(r.method, METHOD_POST, "POST is METHOD_POST");
	ok(!r.head, "POST is not HEAD");

	envp[0] = "REQUEST_METHOD=PUT";
	is_int(parse(&r, envp), 0, "PUT parses (routing answers 405)");
	is_int(r.method, METHOD__MAX, "PUT is METHOD__MAX");
	is_string(r.method_name, "PUT", "method_name is PUT");

	envp[0] = "REQUEST_METHOD=get";
	is_int(parse(&r, envp), 0, "lower-case get parses");
	is_int(r.method, METHOD__MAX, "methods are case-sensitive");
	envp[0] = "REQUEST_METHOD=GETX";
	(void)parse(&r, envp);
	is_int(r.method, METHOD__MAX, "GETX is not GET");
	envp[0] = "REQUEST_METHOD=";
	(void)parse(&r, envp);
	is_int(r.method, METHOD__MAX, "an empty method is METHOD__MAX");

	envp[0] = "REQUEST_METHODX=GET";
	is_int(parse(&r, envp), 400, "a missing REQUEST_METHOD is 400");
	ok(r.error != NULL, "with a reason");
	ok(r.request_id != NULL, "a failed request still has an id");
}

static void
test_path(void)
{
	static const char *const bad[] = {
		"/a%00b", "/%00", "/a%2", "/a%", "/a%G1", "/a%1G",
		"/a/../b", "/./", "/.", "/..", "/a/.", "/a/..", "/a/./b",
		"/%2e%2e/etc/passwd", "/a/%2E/b", "/a/.%2e/b", "/a%2F..%2Fb",
		"/%C0%AF", "/%ED%A0%80", "/%FF", "/\xc0\xaf",
		"/a%0Ab", "/a%0D%0ASet-Cookie:x", "/a%09b", "/a%7Fb", "/a%1Bb",
		"", "admin", "*", "http://evil.example/", "?x=1",
	};
	static const char *const fine[] = {
		"/", "/a/.b", "/a/..b", "/a.b/", "/.well-known/x", "/...",
		"/a//b", "/a%20b",
	};
	char *const		 no_uri[] = { "REQUEST_METHOD=GET", NULL };
	/* A longer name that starts with REQUEST_URI must not match. */
	char *const		 prefixed[] = { "REQUEST_METHOD=GET",
				    "REQUEST_URIX=/evil", "REQUEST_URI=/good",
				    NULL };
	struct request		 r;
	char			*uri;
	size_t			 i;

	is_int(get(&r, "/a%20b/%C3%A9t%C3%A9"), 0, "an encoded path parses");
	is_string(r.path, "/a b/\xc3\xa9t\xc3\xa9", "the path is "
	    "percent-decoded");
	is_string(r.log_path, "/a%20b/%C3%A9t%C3%A9", "log_path is raw");
	is_int(get(&r, "/a+b"), 0, "/a+b parses");
	is_string(r.path, "/a+b", "'+' in a path is not a space");
	is_int(get(&r, "/a%2Bb%3F"), 0, "/a%%2Bb%%3F parses");
	is_string(r.path, "/a+b?", "%%3F in the path is not a query");
	is_int(r.query.n, 0, "and makes no query");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		is_int(get(&r, bad[i]), 400, "REQUEST_URI \"%s\" is 400",
		    bad[i]);
		ok(r.path == NULL && r.error != NULL, "with no path and a "
		    "reason (\"%s\")", bad[i]);
	}
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		is_int(get(&r, fine[i]), 0, "REQUEST_URI \"%s\" is accepted",
		    fine[i]);

	is_int(parse(&r, no_uri), 400, "a missing REQUEST_URI is 400");
	is_int(parse(&r, prefixed), 0, "REQUEST_URIX does not shadow "
	    "REQUEST_URI");
	is_string(r.path, "/good", "the exact name is used");
	ok(request_env(NULL, "X") == NULL, "request_env(NULL) is NULL");

	/* 32768 bytes of target (path and query) are fine, 32769 are not. */
	if ((uri = malloc(32770)) == NULL)
		bail("out of memory");
	memset(uri, 'a', 32769);
	uri[0] = '/';
	uri[32768] = '\0';
	is_int(get(&r, uri), 0, "a 32768-byte path is accepted");
	ok(strlen(r.log_path) == 4096, "the log keeps 4096 bytes of it");
	uri[32768] = 'a';
	uri[32769] = '\0';
	is_int(get(&r, uri), 414, "a 32769-byte path is 414");
	uri[100] = '?';
	is_int(get(&r, uri), 414, "a 32769-byte target with a query is 414");
	free(uri);
}

static void
test_query(void)
{
	struct request	r;
	long		saved = conf.max_fields;

	is_int(get(&r, "/?a=1&b=%2F&c"), 0, "a query parses");
	is_string(params_get(&r.query, "b"), "/", "query values are decoded");
	is_string(params_get(&r.query, "c"), "", "a query name alone has an "
	    "empty value");
	is_int(get(&r, "/?"), 0, "an empty query parses");
	is_int(r.query.n, 0, "an empty query has no fields");
	is_int(get(&r, "/?&&"), 0, "a query of && parses");
	is_int(get(&r, "/x?a=1?b=2"), 0, "a second '?' parses");
	is_string(params_get(&r.query, "a"), "1?b=2", "only the first '?' "
	    "starts the query");

	is_int(get(&r, "/?a=%G1"), 400, "a bad escape in the query is 400");
	is_int(get(&r, "/?a=%"), 400, "a trailing %% in the query is 400");
	is_int(get(&r, "/?a=%00"), 400, "%%00 in the query is 400");
	is_int(get(&r, "/?a=%C0%AF"), 400, "bad UTF-8 in the query is 400");
	ok(r.error != NULL, "with a reason");

	conf.max_fields = 2;
	is_int(get(&r, "/?a&b"), 0, "max_fields query fields parse");
	is_int(get(&r, "/?a&b&c"), 400, "max_fields + 1 query fields is 400");
	conf.max_fields = saved;
}

static void
test_cookies(void)
{
	struct request	r;
	long		saved = conf.max_fields;

	is_int(get_with(&r, "HTTP_COOKIE=__Host-steward=tok; other=\"1\""),
	    0, "cookies parse");
	is_int(r.cookies.n, 2, "two cookies");
	is_string(request_cookie(&r, "__Host-steward"), "tok",
	    "request_cookie finds the session cookie");
	is_string(request_cookie(&r, "other"), "1", "a quoted cookie loses "
	    "its quotes");
	ok(request_cookie(&r, "missing") == NULL, "a missing cookie is NULL");

	conf.max_fields = 2;
	is_int(get_with(&r, "HTTP_COOKIE=a=1; b=2; c=3"), 400,
	    "more cookies than max_fields is 400");
	conf.max_fields = saved;
	{
		long	mn = conf.max_name_length, mv = conf.max_value_length;

		conf.max_name_length = 4;
		conf.max_value_length = 8;
		is_int(get_with(&r, "HTTP_COOKIE=abcd=12345678"), 0,
		    "a cookie at both length limits is fine");
		is_int(get_with(&r, "HTTP_COOKIE=abcde=1"), 400,
		    "a cookie name over max_name_length is 400");
		is_int(get_with(&r, "HTTP_COOKIE=a=123456789"), 400,
		    "a cookie value over max_value_length is 400");
		is_int(get_with(&r, "HTTP_COOKIE=a=\"12345678\""), 0,
		    "... counted without its quotes");
		conf.max_name_length = mn;
		conf.max_value_length = mv;
	}
}

static void
test_request_id(void)
{
	static const char *const unsafe[] = {
		"REQUEST_ID=bad id", "REQUEST_ID=a\r\nX-Evil: 1",
		"REQUEST_ID=a;b", "REQUEST_ID=", "REQUEST_ID=a/b",
		"REQUEST_ID=\xc3\xa9",
		"REQUEST_ID=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaa",	/* 65 */
	};
	struct request	 r;
	char		 first[32];
	size_t		 i;

	is_int(get_with(&r, "REQUEST_ID=0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef"), 0, "a 64-character id "
	    "parses");
	is_int(strlen(r.request_id), 64, "a 64-character id is kept");
	for (i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++) {
		(void)get_with(&r, unsafe[i]);
		ok(is_hex_id(r.request_id), "unsafe REQUEST_ID #%zu is "
		    "replaced by a random one", i);
	}
	(void)get_with(&r, "X=1");
	ok(is_hex_id(r.request_id), "a missing REQUEST_ID is generated");
	snprintf(first, sizeof(first), "%s", r.request_id);
	(void)get_with(&r, "X=1");
	ok(strcmp(first, r.request_id) != 0, "generated ids differ");
}

static void
test_content_length(void)
{
	static const char *const bad[] = {
		"CONTENT_LENGTH=12a", "CONTENT_LENGTH=-1", "CONTENT_LENGTH=+1",
		"CONTENT_LENGTH= 1", "CONTENT_LENGTH=1 ", "CONTENT_LENGTH=0x10",
		"CONTENT_LENGTH=99999999999999999999999", "CONTENT_LENGTH=1e3",
		"CONTENT_LENGTH=-", "CONTENT_LENGTH=1,2",
	};
	struct request	r;
	size_t		i;

	is_int(get_with(&r, "CONTENT_LENGTH=12"), 0, "CONTENT_LENGTH=12");
	is_int(r.content_length, 12, "content_length is 12");
	is_int(get_with(&r, "CONTENT_LENGTH=0"), 0, "CONTENT_LENGTH=0");
	is_int(r.content_length, 0, "content_length is 0");
	is_int(get_with(&r, "CONTENT_LENGTH=007"), 0, "CONTENT_LENGTH=007");
	is_int(r.content_length, 7, "leading zeros are decimal, not octal");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(get_with(&r, bad[i]), 400, "%s is 400", bad[i]);
}

/* A body source that hands out at most chunk bytes per call. */
struct source {
	const char	*data;
	size_t		 len;
	size_t		 off;
	size_t		 chunk;
	bool		 fail;		/* return -1 once data runs out */
};

static ssize_t
source_read(void *ctx, char *buf, size_t len)
{
	struct source	*s = ctx;
	size_t		 n = s->len - s->off;

	if (n == 0 && s->fail)
		return -1;
	if (n > len)
		n = len;
	if (s->chunk > 0 && n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

/*
 * POSTs body (of len bytes, with the given CONTENT_LENGTH and
 * CONTENT_TYPE parameters, either NULL to leave it out) and returns
 * request_read_body's status.
 */
/* Whether the route being posted to takes JSON (an /api/v1 route). */
static bool	accept_json = true;

static int
post(struct request *r, const char *body, size_t len, size_t chunk,
    const char *clen, const char *ctype)
{
	struct source	 src = { body, len, 0, chunk, false };
	char		 lbuf[64], tbuf[256];
	char		*envp[5] = { "REQUEST_METHOD=POST",
			    "REQUEST_URI=/login" };
	size_t		 n = 2;
	int		 st;

	if (clen != NULL) {
		snprintf(lbuf, sizeof(lbuf), "CONTENT_LENGTH=%s", clen);
		envp[n++] = lbuf;
	}
	if (ctype != NULL) {
		snprintf(tbuf, sizeof(tbuf), "CONTENT_TYPE=%s", ctype);
		envp[n++] = tbuf;
	}
	envp[n] = NULL;
	if ((st = parse(r, envp)) != 0) {
		diag("request_parse failed: %d %s", st, r->error);
		return st;
	}
	r->accept_json = accept_json;
	return request_read_body(r, source_read, &src);
}

#define FORM	"application/x-www-form-urlencoded"

/* POSTs a NUL-terminated body with a matching CONTENT_LENGTH. */
static int
post_form(struct request *r, const char *body, const char *ctype)
{
	char	clen[32];

	snprintf(clen, sizeof(clen), "%zu", strlen(body));
	return post(r, body, strlen(body), 0, clen, ctype);
}

static void
test_body(void)
{
	static const char	good[] =
	    "email=a%40b.example&password=correct+horse&csrf=t0k";
	struct request		r;
	struct source		src = { "", 0, 0, 0, true };
	char *const		failing[] = { "REQUEST_METHOD=POST",
				    "REQUEST_URI=/login", "CONTENT_LENGTH=5",
				    "CONTENT_TYPE=" FORM, NULL };
	char			clen[32], *big;
	long			saved;

	is_int(post_form(&r, good, FORM), 0, "a form body parses");
	is_string(request_field(&r, "email"), "a@b.example",
	    "request_field decodes escapes");
	is_string(request_field(&r, "password"), "correct horse",
	    "request_field decodes '+'");
	is_string(request_field(&r, "csrf"), "t0k", "the csrf field");
	ok(request_field(&r, "nope") == NULL, "a missing field is NULL");

	snprintf(clen, sizeof(clen), "%zu", sizeof(good) - 1);
	is_int(post(&r, good, sizeof(good) - 1, 3, clen, FORM), 0,
	    "a body read three bytes at a time parses");
	is_string(request_field(&r, "password"), "correct horse",
	    "short reads are put together");

	is_int(post_form(&r, good, FORM "; charset=UTF-8"), 0,
	    "a charset parameter is accepted");
	is_int(post_form(&r, good, "Application/X-WWW-Form-URLEncoded"), 0,
	    "the media type is case-insensitive");

	is_int(post_form(&r, good, "text/plain"), 415, "text/plain is 415");
	accept_json = false;
	is_int(post_form(&r, "{}", "application/json"), 415,
	    "JSON on a route that does not take it is 415");
	accept_json = true;
	is_int(post_form(&r, good, "application/json"), 400,
	    "a form body sent as application/json is 400");
	is_int(post_form(&r, "{\"email\":\"a@b.c\",\"n\":42,\"ok\":true,"
	    "\"none\":null,\"perms\":[\"view\",\"audit.read\"],\"empty\":[]}",
	    "application/json; charset=utf-8"), 0, "a JSON object parses");
	is_string(request_field(&r, "email"), "a@b.c", "a JSON string is a field");
	is_string(request_field(&r, "n"), "42", "a number is its text");
	is_string(request_field(&r, "ok"), "true", "a boolean is its text");
	is_string(request_field(&r, "none"), "", "null is empty");
	is_int((int)r.form.n, 7, "an array gives one field per element, [] one");
	is_string(r.form.v[5].value, "audit.read", "array elements in order");
	is_string(request_field(&r, "empty"), "", "[] is one empty field");
	is_int(post_form(&r, "[1,2]", "application/json"), 400,
	    "a JSON array body is 400");
	is_int(post_form(&r, "{\"a\":{\"b\":1}}", "application/json"), 400,
	    "a nested object is 400");
	is_int(post_form(&r, "{\"a\":[[1]]}", "application/json"), 400,
	    "a nested array is 400");
	is_int(post_form(&r, "{\"a\":[{\"b\":1}]}", "application/json"), 400,
	    "an object in an array is 400");
	is_int(post_form(&r, "{\"a\":\"x\\u0000y\"}", "application/json"), 400,
	    "an escaped NUL is 400");
	is_int(post_form(&r, "{\"a\":\"\xff\"}", "application/json"), 400,
	    "invalid UTF-8 is 400");
	is_int(post_form(&r, "{\"role\":\"viewer\",\"role\":\"owner\"}",
	    "application/json"), 400, "a key given twice is 400");
	is_int(post_form(&r, "{\"role\":\"viewer\",\"rol\\u0065\":\"owner\"}",
	    "application/json"), 400, "a key given twice, once escaped, is 400");
	is_int(post_form(&r, "{\"role\":\"viewer\",\"role\\u0000x\":\"owner\"}",
	    "application/json"), 400, "a key holding \\u0000 is 400");
	is_int(post_form(&r, "{\"a\\\\u0000\":\"\\\"b\\\":\",\"c\":[\"d\",\"e\"],"
	    "\"f\":\"{\\\"g\\\":1}\"}", "application/json"), 0,
	    "an escaped backslash before u0000, and keys inside strings, are fine");
	is_int((int)r.form.n, 4, "... and give their fields");
	is_string(request_field(&r, "a\\u0000"), "\"b\":", "... key kept whole");
	is_int(post_form(&r, "{\"a\":1} x", "application/json"), 400,
	    "trailing bytes are 400");
	is_int(post_form(&r, "{\"a\":1}\n", "application/json"), 0,
	    "trailing white space is fine");
	is_int(post_form(&r, "{\"a\":1,", "application/json"), 400,
	    "truncated JSON is 400");
	{
		long	fields = conf.max_fields;

		conf.max_fields = 4;
		is_int(post_form(&r, "{\"a\":[1,2,3,4]}", "application/json"), 0,
		    "max_fields array elements parse");
		is_int(post_form(&r, "{\"a\":[1,2,3,4,5]}", "application/json"),
		    413, "more array elements than max_fields is 413");
		is_int(post_form(&r, "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}",
		    "application/json"), 413, "more members than max_fields is 413");
		conf.max_fields = fields;
	}
	is_int(post_form(&r, good, "multipart/form-data; boundary=x"), 415,
	    "multipart/form-data is 415");
	is_int(post_form(&r, good, FORM "x"), 415,
	    "a media type with the form type as prefix is 415");
	is_int(post_form(&r, good, FORM " junk"), 415,
	    "the form type followed by junk is 415");
	is_int(post_form(&r, good, FORM " ; charset=UTF-8"), 0,
	    "whitespace before a parameter is accepted");
	is_int(post_form(&r, good, "application/x-www-form"), 415,
	    "a prefix of the form type is 415");
	is_int(post_form(&r, good, ""), 415, "an empty type is 415");
	is_int(post_form(&r, good, NULL), 415, "a missing type is 415");
	ok(r.error != NULL, "415 has a reason");

	is_int(post(&r, good, sizeof(good) - 1, 0, NULL, FORM), 0,
	    "a missing CONTENT_LENGTH is no body");
	is_int(r.form.n, 0, "... nothing is read");
	is_int(post(&r, good, sizeof(good) - 1, 0, "", FORM), 0,
	    "an empty CONTENT_LENGTH too");
	{
		char	*chunked[] = { "REQUEST_METHOD=POST",
			    "REQUEST_URI=/login",
			    "HTTP_TRANSFER_ENCODING=chunked", NULL };
		struct source	csrc = { good, sizeof(good) - 1, 0, 0, false };

		is_int(parse(&r, chunked), 0, "a chunked POST parses");
		is_int(request_read_body(&r, source_read, &csrc), 411,
		    "a chunked body without a length is 411");
	}
	is_int(post(&r, "", 0, 0, "0", FORM), 0, "an empty body is fine");
	is_int(r.form.n, 0, "and has no fields");

	is_int(post(&r, good, 10, 0, "20", FORM), 400,
	    "a body shorter than CONTENT_LENGTH is 400");
	is_int(post(&r, good, 10, 4, "11", FORM), 400,
	    "a body one byte short, in chunks, is 400");
	is_int(parse(&r, failing), 0, "parse for a failing reader");
	is_int(request_read_body(&r, source_read, &src), 400,
	    "a reader error is 400");

	/* Only CONTENT_LENGTH bytes are read, whatever follows. */
	is_int(post(&r, "a=1&b=2", 7, 0, "3", FORM), 0,
	    "a body longer than CONTENT_LENGTH parses");
	is_int(r.form.n, 1, "only CONTENT_LENGTH bytes are parsed");

	saved = conf.max_body_size;
	conf.max_body_size = 1024;
	if ((big = malloc(1026)) == NULL)
		bail("out of memory");
	memset(big, 'x', 1025);
	big[0] = 'a';
	big[1] = '=';
	big[1024] = '\0';
	is_int(post_form(&r, big, FORM), 0, "a body of max_body_size bytes "
	    "parses");
	big[1024] = 'x';
	big[1025] = '\0';
	is_int(post_form(&r, big, FORM), 413, "a body of max_body_size + 1 "
	    "bytes is 413");
	is_int(post(&r, big, 0, 0, "99999999", FORM), 413, "a huge "
	    "CONTENT_LENGTH is 413 before anything is read");
	free(big);
	conf.max_body_size = saved;

	saved = conf.max_fields;
	conf.max_fields = 3;
	is_int(post_form(&r, "a=1&b=2&c=3", FORM), 0,
	    "max_fields fields parse");
	is_int(post_form(&r, "a=1&b=2&c=3&d=4", FORM), 413,
	    "max_fields + 1 fields is 413");
	conf.max_fields = saved;

	is_int(post_form(&r, "a=%G1", FORM), 400, "a bad escape is 400");
	is_int(post_form(&r, "a=%00", FORM), 400, "%%00 is 400");
	is_int(post(&r, "a=b\0c", 5, 0, "5", FORM), 400,
	    "a raw NUL in the body is 400");
	is_int(post_form(&r, "a=%ED%A0%80", FORM), 400,
	    "a surrogate is 400");
	ok(r.error != NULL, "400 has a reason");
}

/* Header text headed for logs and the database is made safe first. */
static void
test_clean_headers(void)
{
	char *const envp[] = {
		"REQUEST_METHOD=GET",
		"REQUEST_URI=/",
		"REMOTE_ADDR=unix:",
		"HTTP_USER_AGENT=Mozilla\xff\x01\xc2\x9b\xe2\x82\xac ok",
		NULL
	};
	char *const envp6[] = {
		"REQUEST_METHOD=GET",
		"REQUEST_URI=/",
		"REMOTE_ADDR=2001:db8::1",
		NULL
	};
	struct request	r;

	is_int(parse(&r, envp), 0, "odd REMOTE_ADDR and User-Agent parse");
	ok(r.client_ip == NULL, "a REMOTE_ADDR that is no IP gives no client_ip");
	is_string(r.remote_addr, "unix:", "remote_addr is still as sent");
	is_string(r.user_agent, "Mozilla????\xe2\x82\xac ok",
	    "each byte of invalid UTF-8, C0 and C1 controls becomes '?'");
	is_int(parse(&r, envp6), 0, "an IPv6 client parses");
	is_string(r.client_ip, "2001:db8::1", "and has a client_ip");
	is_string(r.user_agent, "", "no User-Agent is \"\"");
}

/* /metrics trusts only loopback peers; nothing else may pass. */
static void
test_loopback(void)
{
	static const struct {
		const char	*addr;
		bool		 loopback;
	} cases[] = {
		{ "127.0.0.1", true },
		{ "127.1.2.3", true },
		{ "::1", true },
		{ "::ffff:127.0.0.1", true },
		{ "192.0.2.1", false },
		{ "10.0.0.1", false },
		{ "1270.0.0.1", false },
		{ "127", false },
		{ "::2", false },
		{ "::1:1", false },
		{ "", false },
		{ "128.0.0.1", false },
	};
	struct request	r;
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.remote_addr = cases[i].addr;
		is_int(request_from_loopback(&r), cases[i].loopback,
		    "\"%s\" is %sloopback", cases[i].addr,
		    cases[i].loopback ? "" : "not ");
	}
}

/* Where links that leave the site point: never a Host a client made up. */
static void
test_site(void)
{
	struct request	 r;
	static const struct {
		const char	*name, *port, *host, *want;
	} cases[] = {
		{ "steward.example.com", "443", "evil.example",
		    "steward.example.com" },
		{ "steward.example.com", "8443", "evil.example",
		    "steward.example.com:8443" },
		{ "steward.example.com", NULL, NULL, "steward.example.com" },
		{ "", "8443", "127.0.0.1:8443", "127.0.0.1:8443" },
		{ "_", "443", "admin.example", "admin.example" },
		{ NULL, NULL, "[::1]:8443", "[::1]:8443" },
		{ "", "443", "evil.example/x?", NULL },
		{ "", "443", "evil.example@good", NULL },
		{ "", "443", "a b", NULL },
		{ "", "443", "evil\r\nLocation: x", NULL },
		{ "", "443", "", NULL },
		{ NULL, NULL, NULL, NULL },
		{ "", "443", ".evil", NULL },
		{ "bad/name", "443", "ok.example", "ok.example" },
		{ "steward.example.com", "44a3", "x", "steward.example.com" },
	};
	char	 nbuf[256], pbuf[64], hbuf[256];
	char	*envp[6];
	size_t	 i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = 0;
		envp[n++] = "REQUEST_METHOD=GET";
		envp[n++] = "REQUEST_URI=/";
		if (cases[i].name != NULL) {
			snprintf(nbuf, sizeof(nbuf), "SERVER_NAME=%s",
			    cases[i].name);
			envp[n++] = nbuf;
		}
		if (cases[i].port != NULL) {
			snprintf(pbuf, sizeof(pbuf), "SERVER_PORT=%s",
			    cases[i].port);
			envp[n++] = pbuf;
		}
		if (cases[i].host != NULL) {
			snprintf(hbuf, sizeof(hbuf), "HTTP_HOST=%s",
			    cases[i].host);
			envp[n++] = hbuf;
		}
		envp[n] = NULL;
		if (parse(&r, envp) != 0) {
			ok(false, "case %zu parses", i);
			continue;
		}
		if (cases[i].want == NULL)
			ok(request_site(&r) == NULL, "case %zu: no site from "
			    "that Host", i);
		else
			is_string(request_site(&r), cases[i].want,
			    "site for server_name %s, Host %s",
			    cases[i].name != NULL ? cases[i].name : "(none)",
			    cases[i].host != NULL ? cases[i].host : "(none)");
	}
}

int
main(void)
{
	plan_lazy();
	arena = arena_new();
	conf_defaults(&conf);
	test_basic();
	test_methods();
	test_path();
	test_query();
	test_cookies();
	test_request_id();
	test_content_length();
	test_body();
	test_loopback();
	test_clean_headers();
	test_site();
	conf_free(&conf);
	arena_free(arena);
	return tap_done();
}
