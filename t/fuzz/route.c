/*
 * route.c: libFuzzer target for path matching (src/route.c) against
 * Steward's own route table (src/routes.c; the handlers are stubs made by
 * `make fuzz` from the handler headers, never called). The first byte picks
 * the method and a pattern, the rest is the path. Invariants: a match
 * has one capture per ":name" segment of its pattern, each non-empty and
 * without '/', and putting them back into the pattern gives the path;
 * no match leaves no captures; a wrong method names only methods that
 * do match; a path made from any pattern with such segments matches.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "route.h"
#include "routes.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The pattern with the captures put back, in order; NULL if their names
 * or number do not fit it.
 */
static const char *
substitute(struct arena *a, const char *pat, const struct route_match *m)
{
	struct buf	b;
	const char	*end;
	size_t		 k = 0, len;

	buf_init(&b, a);
	while (*pat != '\0') {
		if (*pat != ':') {
			buf_putc(&b, *pat++);
			continue;
		}
		pat++;
		end = strchr(pat, '/');
		len = end != NULL ? (size_t)(end - pat) : strlen(pat);
		if (k == m->ncaptures || strlen(m->captures[k].name) != len ||
		    memcmp(m->captures[k].name, pat, len) != 0)
			return NULL;
		buf_puts(&b, m->captures[k++].value);
		pat += len;
	}
	return k == m->ncaptures ? b.data : NULL;
}

/* Checks the captures of a match of path against t (see above). */
static void
check_found(struct arena *a, const struct route *t, const char *path,
    const struct route_match *m)
{
	const char	*back;
	size_t		 k;

	if (m->ncaptures > ROUTE_MAX_CAPTURES)
		abort();
	for (k = 0; k < m->ncaptures; k++)
		if (m->captures[k].value == NULL ||
		    m->captures[k].value[0] == '\0' ||
		    strchr(m->captures[k].value, '/') != NULL ||
		    route_get_capture(m, m->captures[k].name) == NULL)
			abort();
	if ((back = substitute(a, t->pattern, m)) == NULL ||
	    strcmp(back, path) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	struct route_match	 m;
	enum http_method	 method, other;
	enum route_result	 rc;
	struct buf		 made;
	const char		*p, *seg, *pat;
	char			*path, err[256];
	unsigned		 allowed, also;
	size_t			 n;

	if (a == NULL) {
		if (route_check(routes, ROUTE__MAX, err, sizeof(err)) != 0)
			abort();
		a = arena_new();
	}
	arena_reset(a);
	if (len == 0)
		return 0;
	method = (enum http_method)(data[0] % METHOD__MAX);
	path = arena_strndup(a, (const char *)data + 1, len - 1);

	memset(&m, 0xa5, sizeof(m));
	rc = route_match(a, routes, ROUTE__MAX, method, path, &m, &allowed);
	switch (rc) {
	case ROUTE_FOUND:
		if (m.index >= ROUTE__MAX || routes[m.index].method != method)
			abort();
		check_found(a, &routes[m.index], path, &m);
		break;
	case ROUTE_BAD_METHOD:
		if (m.ncaptures != 0 || allowed == 0 ||
		    allowed >= 1u << METHOD__MAX || (allowed & 1u << method) ||
		    route_allow_header(a, allowed)[0] == '\0')
			abort();
		/* Every method it names does match, with its captures. */
		for (other = 0; other < METHOD__MAX; other++) {
			if (!(allowed & 1u << other))
				continue;
			if (route_match(a, routes, ROUTE__MAX, other, path, &m,
			    &also) != ROUTE_FOUND)
				abort();
			check_found(a, &routes[m.index], path, &m);
		}
		break;
	case ROUTE_NOT_FOUND:
		if (m.ncaptures != 0 || allowed != 0)
			abort();
		break;
	default:
		abort();
	}

	/*
	 * The other way round: a path made from the pattern data[0] picks,
	 * its captures taken from the input's '/'-separated pieces (empty
	 * ones skipped), is found for the pattern's method.
	 */
	pat = routes[data[0] % ROUTE__MAX].pattern;
	buf_init(&made, a);
	seg = path;
	for (p = pat; *p != '\0'; ) {
		if (*p != ':') {
			buf_putc(&made, *p++);
			continue;
		}
		p += strcspn(p, "/");
		while (*seg == '/')
			seg++;
		if ((n = strcspn(seg, "/")) == 0)
			return 0;	/* not enough pieces */
		buf_append(&made, seg, n);
		seg += n;
	}
	method = routes[data[0] % ROUTE__MAX].method;
	if (route_match(a, routes, ROUTE__MAX, method, made.data, &m,
	    &allowed) != ROUTE_FOUND)
		abort();
	check_found(a, &routes[m.index], made.data, &m);
	return 0;
}
