/*
 * request.c: libFuzzer target for a whole request (src/request.c): the
 * input up to the first NUL is FastCGI parameters, one NAME=value a line;
 * the rest is the body. Invariants: a parsed path starts with '/', has no
 * dot-segment ("/./", "/../", or "/." or "/.." at the end), control byte
 * or DEL and is valid UTF-8; the query, cookies and body stay within the
 * default limits of steward.conf (max_fields and the name and value
 * lengths; only the body size is made small, so that its refusal is
 * reached).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "arena.h"
#include "conf.h"
#include "form.h"
#include "request.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct body {
	const char	*p;
	size_t		 left;
};

static ssize_t
read_body(void *ctx, char *buf, size_t len)
{
	struct body	*b = ctx;

	if (len > b->left)
		len = b->left;
	memcpy(buf, b->p, len);
	b->p += len;
	b->left -= len;
	return (ssize_t)len;
}

/* A "." or ".." segment anywhere (RFC 3986 section 3.3). */
static bool
dot_segment(const char *p)
{
	for (; (p = strchr(p, '/')) != NULL; p++) {
		if (p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return true;
		if (p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == '\0'))
			return true;
	}
	return false;
}

/* Every pair within the limits of c, in number, name and value. */
static bool
within(const struct params *ps, const struct conf *c)
{
	size_t	i;

	if (ps->n > (size_t)c->max_fields)
		return false;
	for (i = 0; i < ps->n; i++)
		if (strlen(ps->v[i].name) > (size_t)c->max_name_length ||
		    ps->v[i].value_len > (size_t)c->max_value_length)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	static struct conf	 c;
	static int		 ready;
	struct request		 r;
	struct body		 b;
	char			*params, *line, *save = NULL, *envp[64];
	const char		*nul;
	size_t			 plen, n = 0, i;

	if (!ready) {
		conf_defaults(&c);
		c.max_body_size = 4096;
		a = arena_new();
		ready = 1;
	}
	arena_reset(a);
	nul = memchr(data, '\0', len);
	plen = nul != NULL ? (size_t)(nul - (const char *)data) : len;
	params = arena_strndup(a, (const char *)data, plen);
	for (line = strtok_r(params, "\n", &save); line != NULL && n < 63;
	    line = strtok_r(NULL, "\n", &save))
		envp[n++] = line;
	envp[n] = NULL;
	if (request_parse(&r, a, &c, envp) != 0)
		return 0;
	if (r.path[0] != '/' || dot_segment(r.path) ||
	    !utf8_valid(r.path, strlen(r.path)))
		abort();
	for (i = 0; r.path[i] != '\0'; i++)
		if ((unsigned char)r.path[i] < 0x20 || r.path[i] == 0x7f)
			abort();
	if (!within(&r.query, &c) || r.cookies.n > (size_t)c.max_fields)
		abort();
	b.p = nul != NULL ? nul + 1 : "";
	b.left = nul != NULL ? len - plen - 1 : 0;
	r.accept_json = (len & 1) != 0;
	if (request_read_body(&r, read_body, &b) == 0 && !within(&r.form, &c))
		abort();
	return 0;
}
