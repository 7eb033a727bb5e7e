/*
 * query.c: libFuzzer target for a resource list's query string
 * (src/resource.c, rs_query_parse: search, filters of every kind, the "in"
 * list with its escapes, sort, limit and keyset cursor), over a fixed
 * catalogue with a column of each type (fuzz-catalog.h). Invariants: the
 * answer is 0, 400 or 422, a refusal says why; an accepted query rebuilt
 * as a URL (rs_query_url, what every link carries) parses again to the
 * same URL; an "in" list becomes a well-formed, fully quoted array
 * literal.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "form.h"
#include "resource.h"

#include "fuzz-catalog.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A PostgreSQL array literal of quoted elements: {"a","b\"c"} */
static int
array_ok(const char *s)
{
	if (*s++ != '{')
		return 0;
	while (*s == '"') {
		for (s++; *s != '"'; s++) {
			if (*s == '\0')
				return 0;
			if (*s == '\\' && *++s == '\0')
				return 0;
		}
		s++;
		if (*s == ',')
			s++;
		else
			break;
	}
	return s[0] == '}' && s[1] == '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a, *ca;
	static struct catalog	 c;
	struct form_limits	 lim = { 64, 128, 65536 };
	struct params		 ps, ps2;
	struct rs_query		 q, q2;
	struct buf		 u1, u2;
	const char		*why = NULL;
	char			 err[256];
	size_t			 i;
	int			 rc;

	if (ca == NULL) {
		ca = arena_new();
		if (catalog_parse(ca, fuzz_catalog, strlen(fuzz_catalog), &c,
		    err, sizeof(err)) == -1 || c.nres != 1)
			abort();
		a = arena_new();
	}
	arena_reset(a);
	if (form_parse(a, (const char *)data, len, &lim, &ps) != FORM_OK)
		return 0;
	rc = rs_query_parse(a, &c.res[0], &ps, &q, &why);
	if (rc != 0) {
		if ((rc != 400 && rc != 422) || why == NULL || *why == '\0')
			abort();
		return 0;
	}
	for (i = 0; i < q.nf; i++)
		if (q.f[i].op == COP_IN && (q.f[i].array == NULL ||
		    !array_ok(q.f[i].array)))
			abort();
	buf_init(&u1, a);
	rs_query_url(&u1, &q, true);
	if (form_parse(a, u1.data, u1.len, &lim, &ps2) != FORM_OK ||
	    rs_query_parse(a, &c.res[0], &ps2, &q2, &why) != 0)
		abort();
	buf_init(&u2, a);
	rs_query_url(&u2, &q2, true);
	if (strcmp(u1.data, u2.data) != 0)
		abort();
	return 0;
}
