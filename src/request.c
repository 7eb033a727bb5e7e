/*
 * request.c: turning FastCGI parameters (RFC 3875 meta-variables, as
 * nginx's fastcgi_params sets them) and the body into a struct request.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "conf.h"
#include "cookie.h"
#include "jsonform.h"
#include "crypto.h"
#include "request.h"
#include "utf8.h"

#define REQUEST_MAX_PATH	4096	/* bytes kept of the path for logs */
/* Path and query, as sent: room for a 10,000-character search, encoded. */
#define REQUEST_MAX_TARGET	32768
#define REQUEST_MAX_AGENT	512

const char *
request_env(char *const *envp, const char *name)
{
	size_t	n = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

static void
request_limits(const struct conf *c, struct form_limits *l)
{
	l->max_fields = (size_t)c->max_fields;
	l->max_name = (size_t)c->max_name_length;
	l->max_value = (size_t)c->max_value_length;
}

/* True if the id nginx gave us is safe to repeat in logs and headers. */
static bool
request_id_ok(const char *id)
{
	size_t	n = 0;

	for (; *id != '\0'; id++, n++)
		if (!isalnum((unsigned char)*id) && *id != '-' && *id != '_')
			return false;
	return n > 0 && n <= 64;
}

/* True if s is an IPv4 or IPv6 address (what PostgreSQL's inet takes). */
static bool
request_ip_ok(const char *s)
{
	unsigned char	buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

/*
 * A copy of header text fit for logs and the database: at most max
 * bytes, invalid UTF-8 and control characters each replaced by '?'.
 */
static const char *
request_clean_text(struct arena *a, const char *s, size_t max)
{
	size_t	 len = strlen(s), i, n;
	char	*out;

	if (len > max)
		len = max;
	out = arena_strndup(a, s, len);
	for (i = 0; i < len; i += n) {
		unsigned char	c = (unsigned char)out[i];

		n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (n > len - i || !utf8_valid(out + i, n) || c < 0x20 ||
		    c == 0x7f || (c == 0xc2 && (unsigned char)out[i + 1] < 0xa0)) {
			out[i] = '?';
			n = 1;
		}
	}
	return out;
}

/* Rejects dot-segments (RFC 3986 section 3.3) in a decoded path. */
static bool
request_path_ok(const char *p)
{
	const char	*s;

	if (p[0] != '/')
		return false;
	for (s = p; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
		if (s[0] == '/' && s[1] == '.' &&
		    (s[2] == '/' || s[2] == '\0' ||
		    (s[2] == '.' && (s[3] == '/' || s[3] == '\0'))))
			return false;
	}
	return true;
}

static int
request_fail(struct request *r, int status, const char *why)
{
	r->error = why;
	return status;
}

int
request_parse(struct request *r, struct arena *a, const struct conf *c,
    char *const *envp)
{
	struct form_limits	 lim;
	const char		*uri, *q, *v;
	unsigned char		 rnd[12];
	char			*path;
	size_t			 rawlen, plen, i;
	enum form_error		 e;

	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->conf = c;
	r->content_length = -1;
	r->method_name = "-";
	r->log_path = "-";
	request_limits(c, &lim);

	if ((v = request_env(envp, "REQUEST_ID")) != NULL && request_id_ok(v))
		r->request_id = arena_strdup(a, v);
	else {
		char	hex[sizeof(rnd) * 2 + 1];

		if (crypto_random(rnd, sizeof(rnd)) == -1)
			abort();
		crypto_hex(rnd, sizeof(rnd), hex);
		r->request_id = arena_strdup(a, hex);
	}
	v = request_env(envp, "REMOTE_ADDR");
	r->remote_addr = v != NULL ? v : "";
	r->client_ip = request_ip_ok(r->remote_addr) ? r->remote_addr : NULL;
	v = request_env(envp, "HTTP_USER_AGENT");
	r->user_agent = request_clean_text(a, v != NULL ? v : "",
	    REQUEST_MAX_AGENT);
	r->host = request_env(envp, "HTTP_HOST");
	r->server_name = request_env(envp, "SERVER_NAME");
	r->server_port = request_env(envp, "SERVER_PORT");
	r->origin = request_env(envp, "HTTP_ORIGIN");
	r->authorization = request_env(envp, "HTTP_AUTHORIZATION");
	r->csrf_header = request_env(envp, "HTTP_X_CSRF_TOKEN");
	r->transfer_encoding = request_env(envp, "HTTP_TRANSFER_ENCODING");
	r->content_type = request_env(envp, "CONTENT_TYPE");

	if ((v = request_env(envp, "REQUEST_METHOD")) == NULL)
		return request_fail(r, 400, "no request method");
	r->method_name = v;
	if (strcmp(v, "GET") == 0)
		r->method = METHOD_GET;
	else if (strcmp(v, "HEAD") == 0) {
		r->method = METHOD_GET;
		r->head = true;
	} else if (strcmp(v, "POST") == 0)
		r->method = METHOD_POST;
	else if (strcmp(v, "PATCH") == 0)
		r->method = METHOD_PATCH;
	else if (strcmp(v, "DELETE") == 0)
		r->method = METHOD_DELETE;
	else
		r->method = METHOD__MAX;

	/* REQUEST_URI is the raw target; nginx's DOCUMENT_URI would hide
	 * what the client actually sent. */
	if ((uri = request_env(envp, "REQUEST_URI")) == NULL || uri[0] != '/')
		return request_fail(r, 400, "bad request target");
	q = strchr(uri, '?');
	rawlen = q != NULL ? (size_t)(q - uri) : strlen(uri);
	r->log_path = arena_strndup(a, uri, rawlen > REQUEST_MAX_PATH ?
	    REQUEST_MAX_PATH : rawlen);
	if (strlen(uri) > REQUEST_MAX_TARGET)
		return request_fail(r, 414, "request target too long");
	r->target = uri;
	path = arena_alloc(a, rawlen + 1);
	if (form_decode(uri, rawlen, false, path, &plen) != FORM_OK)
		return request_fail(r, 400, "malformed path");
	if (!utf8_valid(path, plen) || !request_path_ok(path))
		return request_fail(r, 400, "malformed path");
	r->path = path;

	if (q != NULL) {
		e = form_parse(a, q + 1, strlen(q + 1), &lim, &r->query);
		if (e != FORM_OK)
			return request_fail(r, 400, form_strerror(e));
	}
	if (cookie_parse(a, request_env(envp, "HTTP_COOKIE"), lim.max_fields,
	    &r->cookies) == -1)
		return request_fail(r, 400, "too many cookies");
	for (i = 0; i < r->cookies.n; i++)
		if (strlen(r->cookies.v[i].name) > lim.max_name ||
		    r->cookies.v[i].value_len > lim.max_value)
			return request_fail(r, 400, "a cookie is too long");

	if ((v = request_env(envp, "CONTENT_LENGTH")) != NULL && *v != '\0') {
		char	*end;
		long	 n;

		errno = 0;
		n = strtol(v, &end, 10);
		if (!isdigit((unsigned char)*v) || *end != '\0' || errno != 0)
			return request_fail(r, 400, "bad Content-Length");
		r->content_length = n;
	}
	return 0;
}

/* True if the media type (before any parameters) is type. */
static bool
request_media_type(const char *ct, const char *type)
{
	size_t	n = strlen(type);

	if (ct == NULL || strncasecmp(ct, type, n) != 0)
		return false;
	/* RFC 9110 section 8.3.1: type "/" subtype *( OWS ";" OWS parameter ) */
	for (ct += n; *ct == ' ' || *ct == '\t'; ct++)
		continue;
	return *ct == '\0' || *ct == ';';
}

int
request_read_body(struct request *r, request_reader rd, void *ctx)
{
	struct form_limits	 lim;
	enum form_error		 e;
	enum jsonform_error	 je;
	char			*body;
	size_t			 got = 0;
	ssize_t			 n;
	bool			 json = false;

	/*
	 * No length: a body sent in chunks (nginx passes the header on), or
	 * no body at all, which is an empty one ("curl -X POST").
	 */
	if (r->content_length < 0 && r->transfer_encoding != NULL)
		return request_fail(r, 411, "Content-Length required");
	if (r->content_length < 0)
		r->content_length = 0;
	if (r->content_length > r->conf->max_body_size)
		return request_fail(r, 413, "request body too large");
	if (r->content_length == 0)
		return 0;
	if (r->accept_json &&
	    request_media_type(r->content_type, "application/json"))
		json = true;
	else if (!request_media_type(r->content_type,
	    "application/x-www-form-urlencoded"))
		return request_fail(r, 415, r->accept_json ? "expected a form "
		    "body (application/x-www-form-urlencoded) or JSON "
		    "(application/json)" : "expected a form body "
		    "(application/x-www-form-urlencoded)");
	body = arena_alloc(r->arena, (size_t)r->content_length + 1);
	while (got < (size_t)r->content_length) {
		n = rd(ctx, body + got, (size_t)r->content_length - got);
		if (n <= 0)
			return request_fail(r, 400, "truncated body");
		got += (size_t)n;
	}
	body[got] = '\0';
	request_limits(r->conf, &lim);
	if (json) {
		je = jsonform_parse(r->arena, body, got, &lim, &r->form);
		if (je == JSONFORM_OK)
			return 0;
		return request_fail(r, je == JSONFORM_TOO_MANY_FIELDS ? 413 :
		    400, jsonform_strerror(je));
	}
	if ((e = form_parse(r->arena, body, got, &lim, &r->form)) != FORM_OK)
		return request_fail(r, e == FORM_TOO_MANY_FIELDS ? 413 : 400,
		    form_strerror(e));
	return 0;
}

bool
request_from_loopback(const struct request *r)
{
	const char	*a = r->remote_addr;

	return strncmp(a, "127.", 4) == 0 || strcmp(a, "::1") == 0 ||
	    strncmp(a, "::ffff:127.", 11) == 0;
}

const char *
request_cookie(const struct request *r, const char *name)
{
	return params_get(&r->cookies, name);
}

const char *
request_field(const struct request *r, const char *name)
{
	return params_get(&r->form, name);
}

/* A host name, an IPv4 address or a bracketed IPv6 one; an optional port. */
static bool
request_host_ok(const char *h)
{
	size_t	i, n;

	if (h == NULL || (n = strlen(h)) == 0 || n > 255 ||
	    strcmp(h, "_") == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') ||
		    (h[i] >= 'A' && h[i] <= 'Z') ||
		    (h[i] >= '0' && h[i] <= '9') || strchr(".-:[]", h[i]) !=
		    NULL))
			return false;
	return h[0] != '.' && h[0] != '-' && h[0] != ':';
}

const char *
request_site(struct request *r)
{
	/* nginx's server_name is the sysadmin's word; Host is the client's. */
	if (request_host_ok(r->server_name) &&
	    strchr(r->server_name, ':') == NULL) {
		if (r->server_port == NULL || strcmp(r->server_port, "443") ==
		    0 || strspn(r->server_port, "0123456789") !=
		    strlen(r->server_port) || strlen(r->server_port) > 5)
			return r->server_name;
		return arena_printf(r->arena, "%s:%s", r->server_name,
		    r->server_port);
	}
	return request_host_ok(r->host) ? r->host : NULL;
}
