/*
 * redirect.c: libFuzzer target for where Steward sends a browser
 * (src/response.c: response_local_path, response_redirect; step-up's
 * "next" in src/handlers/auth.c is that test plus a 512-byte cap). The
 * input is the target. Invariants, checked both ways against the
 * target's own reading: a path is accepted exactly when it starts with a
 * single '/', not "//" or "/\", and holds no space, control byte (CR,
 * LF, tab...) or DEL; even after a browser strips tabs and newlines
 * (WHATWG URL Standard) it starts the same way. The Location header is
 * the path when accepted and "/" otherwise, the only header, and passes
 * response_header()'s own check.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "response.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
local(const char *p)
{
	const unsigned char	*u;

	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (u = (const unsigned char *)p; *u != '\0'; u++)
		if (*u < 0x20 || *u == ' ' || *u == 0x7f)
			return false;
	return true;
}

/* What a browser makes of it: tab, LF and CR removed. */
static char *
stripped(struct arena *a, const char *p)
{
	char	*s = arena_strdup(a, p), *o = s;

	for (; *p != '\0'; p++)
		if (*p != '\t' && *p != '\n' && *p != '\r')
			*o++ = *p;
	*o = '\0';
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	struct response		 resp;
	const char		*s, *want;
	bool			 ok;

	if (a == NULL)
		a = arena_new();
	arena_reset(a);
	s = arena_strndup(a, (const char *)data, len);
	ok = response_local_path(s);
	if (ok != local(s))
		abort();
	if (ok) {
		want = stripped(a, s);
		if (want[0] != '/' || want[1] == '/' || want[1] == '\\' ||
		    strcmp(want, s) != 0)
			abort();
	}
	response_init(&resp, a);
	response_redirect(&resp, 303, s);
	want = ok ? s : "/";
	if (resp.status != 303 || resp.nheaders != 1 ||
	    strcmp(resp.headers[0].name, "Location") != 0 ||
	    strcmp(resp.headers[0].value, want) != 0)
		abort();
	/* The header passes response_header()'s own test again. */
	response_init(&resp, a);
	if (response_header(&resp, "Location", want) != 0)
		abort();
	return 0;
}
