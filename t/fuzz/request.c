/*
 * request.c: libFuzzer target for a whole request (src/request.c): the
 * input up to the first NUL is FastCGI parameters, one NAME=value a line;
 * the rest is the body. Invariants: a parsed path starts with '/', has no
 * dot-segments or control bytes and is valid UTF-8; limits hold.
 */
#include "config.h"

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
		c.max_fields = 16;
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
	if (r.path[0] != '/' || strstr(r.path, "/../") != NULL ||
	    !utf8_valid(r.path, strlen(r.path)))
		abort();
	for (i = 0; r.path[i] != '\0'; i++)
		if ((unsigned char)r.path[i] < 0x20)
			abort();
	if (r.query.n > (size_t)c.max_fields || r.cookies.n > 64)
		abort();
	b.p = nul != NULL ? nul + 1 : "";
	b.left = nul != NULL ? len - plen - 1 : 0;
	r.accept_json = (len & 1) != 0;
	if (request_read_body(&r, read_body, &b) == 0 &&
	    r.form.n > (size_t)c.max_fields)
		abort();
	return 0;
}
