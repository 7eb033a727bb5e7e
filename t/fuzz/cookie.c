/*
 * cookie.c: libFuzzer target for the Cookie header and Set-Cookie values
 * (src/cookie.c). Invariants: at most max cookies, names never empty, and
 * whatever cookie_format accepts parses back to the same pair.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cookie.h"
#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	struct cookie_attrs	 at = { -1, true, COOKIE_SAMESITE_STRICT };
	struct params		 ps, back;
	const char		*sc;
	char			*h, *eq, *pair;
	size_t			 i;

	if (a == NULL)
		a = arena_new();
	arena_reset(a);
	h = arena_strndup(a, (const char *)data, len);
	if (cookie_parse(a, h, 32, &ps) == 0) {
		if (ps.n > 32)
			abort();
		for (i = 0; i < ps.n; i++)
			if (ps.v[i].name[0] == '\0')
				abort();
	}
	/* name=value from the input, through Set-Cookie and back. */
	if ((eq = strchr(h, '=')) != NULL) {
		*eq = '\0';
		if ((sc = cookie_format(a, h, eq + 1, &at)) != NULL) {
			pair = arena_strndup(a, sc, strcspn(sc, ";"));
			if (cookie_parse(a, pair, 32, &back) != 0 ||
			    back.n != 1 || strcmp(back.v[0].name, h) != 0 ||
			    (strcmp(back.v[0].value, eq + 1) != 0 &&
			    !(eq[1] == '"')))
				abort();
		}
	}
	return 0;
}
