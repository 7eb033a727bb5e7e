/*
 * response.c: building answers. The security headers live here and only
 * here, so no handler can forget them.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "response.h"

/*
 * No inline script or style anywhere; forms post only to us; nobody may
 * frame us. Static assets come from our own origin (nginx serves them).
 */
static const char response_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

void
response_init(struct response *resp, struct arena *a)
{
	memset(resp, 0, sizeof(*resp));
	resp->arena = a;
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	buf_init(&resp->body, a);
}

static bool
response_token(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

int
response_header(struct response *resp, const char *name, const char *value)
{
	const unsigned char	*p;

	if (!response_token(name) || resp->nheaders == RESPONSE_MAX_HEADERS)
		return -1;
	for (p = (const unsigned char *)value; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return -1;
	resp->headers[resp->nheaders].name = name;
	resp->headers[resp->nheaders].value = value;
	resp->nheaders++;
	return 0;
}

int
response_cookie(struct response *resp, const char *set_cookie)
{
	return response_header(resp, "Set-Cookie", set_cookie);
}

/*
 * True for a path on this site. "//host" and "/\host" would leave it, and
 * browsers delete tabs and newlines before parsing a URL (WHATWG URL
 * Standard, basic URL parser), so any space or control byte is refused.
 */
bool
response_local_path(const char *path)
{
	const unsigned char	*p;

	if (path[0] != '/' || path[1] == '/' || path[1] == '\\')
		return false;
	for (p = (const unsigned char *)path; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}

void
response_redirect(struct response *resp, int status, const char *path)
{
	if (!response_local_path(path))
		path = "/";
	resp->status = status;
	resp->content_type = NULL;
	if (response_header(resp, "Location", path) == -1)
		(void)response_header(resp, "Location", "/");
}

void
response_text(struct response *resp, int status, const char *text)
{
	resp->status = status;
	resp->content_type = "text/plain; charset=utf-8";
	buf_puts(&resp->body, text);
}

void
response_json(struct response *resp, int status, struct json_object *obj)
{
	resp->status = status;
	resp->content_type = "application/json";
	buf_puts(&resp->body, json_object_to_json_string_ext(obj,
	    JSON_C_TO_STRING_PLAIN));
	buf_putc(&resp->body, '\n');
}

void
response_problem(struct response *resp, int status, const char *detail)
{
	struct json_object	*o;

	o = json_object_new_object();
	json_object_object_add(o, "type",
	    json_object_new_string("about:blank"));
	json_object_object_add(o, "title",
	    json_object_new_string(response_reason(status)));
	json_object_object_add(o, "status", json_object_new_int(status));
	if (detail != NULL)
		json_object_object_add(o, "detail",
		    json_object_new_string(detail));
	response_json(resp, status, o);
	resp->content_type = "application/problem+json";
	json_object_put(o);
}

const char *
response_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

int
response_stream(struct response *resp)
{
	struct buf	head;

	if (resp->writer == NULL || resp->streamed)
		return -1;
	buf_init(&head, resp->arena);
	response_format_head(resp, &head);
	resp->streamed = true;
	return resp->writer(resp->writer_ctx, head.data, head.len);
}

int
response_write(struct response *resp, const char *p, size_t len)
{
	if (!resp->streamed)
		return -1;
	if (resp->head_only || len == 0)
		return 0;
	return resp->writer(resp->writer_ctx, p, len);
}

void
response_format_head(const struct response *resp, struct buf *out)
{
	size_t	i;

	buf_printf(out, "Status: %d %s\r\n", resp->status,
	    response_reason(resp->status));
	if (resp->content_type != NULL)
		buf_printf(out, "Content-Type: %s\r\n", resp->content_type);
	for (i = 0; i < resp->nheaders; i++)
		buf_printf(out, "%s: %s\r\n", resp->headers[i].name,
		    resp->headers[i].value);
	buf_printf(out, "Content-Security-Policy: %s\r\n", response_csp);
	buf_puts(out,
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Cross-Origin-Opener-Policy: same-origin\r\n"
	    "Cross-Origin-Resource-Policy: same-origin\r\n"
	    /* Everything Steward answers is per-user or live state. */
	    "Cache-Control: no-store\r\n"
	    "\r\n");
}
