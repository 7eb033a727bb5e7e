/*
 * route.c: segment-wise path matching. Patterns are literal segments and
 * ":name" captures; a capture matches one non-empty segment.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "route.h"

/* Matches one pattern; fills captures on success. */
static bool
route_match_one(struct arena *a, const char *pat, const char *path,
    struct route_match *m)
{
	const char	*pe, *se;
	size_t		 plen, slen;

	m->ncaptures = 0;
	for (;;) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++;
		path++;
		pe = strchr(pat, '/');
		se = strchr(path, '/');
		plen = pe ? (size_t)(pe - pat) : strlen(pat);
		slen = se ? (size_t)(se - path) : strlen(path);
		if (plen > 0 && pat[0] == ':') {
			if (slen == 0 || m->ncaptures == ROUTE_MAX_CAPTURES)
				return false;
			if (a != NULL) {
				m->captures[m->ncaptures].name =
				    arena_strndup(a, pat + 1, plen - 1);
				m->captures[m->ncaptures].value =
				    arena_strndup(a, path, slen);
			}
			m->ncaptures++;
		} else if (plen != slen || memcmp(pat, path, plen) != 0)
			return false;
		pat += plen;
		path += slen;
		if (*pat == '\0' && *path == '\0')
			return true;
		if (*pat == '\0' || *path == '\0')
			return false;
	}
}

enum route_result
route_match(struct arena *a, const struct route *t, size_t n,
    enum http_method method, const char *path, struct route_match *m,
    unsigned *allowed)
{
	struct route_match	 probe;
	size_t			 i;

	*allowed = 0;
	for (i = 0; i < n; i++) {
		if (t[i].method == method) {
			if (route_match_one(a, t[i].pattern, path, m)) {
				m->index = i;
				return ROUTE_FOUND;
			}
		} else if (route_match_one(NULL, t[i].pattern, path, &probe))
			*allowed |= 1u << t[i].method;
	}
	/* A route that failed part-way leaves no captures behind. */
	m->ncaptures = 0;
	return *allowed ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

static size_t
route_count_captures(const char *pattern)
{
	size_t	n = 0;

	for (; *pattern != '\0'; pattern++)
		if (pattern[0] == '/' && pattern[1] == ':')
			n++;
	return n;
}

int
route_check(const struct route *t, size_t n, char *err, size_t errsize)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		if (t[i].pattern == NULL || t[i].pattern[0] != '/') {
			snprintf(err, errsize, "route %lu has no pattern",
			    (unsigned long)i);
			return -1;
		}
		if (route_count_captures(t[i].pattern) > ROUTE_MAX_CAPTURES) {
			snprintf(err, errsize, "route %s has more than %d "
			    "captures", t[i].pattern, ROUTE_MAX_CAPTURES);
			return -1;
		}
		if (t[i].handler == NULL) {
			snprintf(err, errsize, "route %s has no handler",
			    t[i].pattern);
			return -1;
		}
		if (t[i].access == ACCESS_UNDECLARED ||
		    t[i].access >= ACCESS__MAX) {
			snprintf(err, errsize, "route %s declares no access",
			    t[i].pattern);
			return -1;
		}
		if (t[i].perm == PERM_UNDECLARED || t[i].perm >= PERM__MAX) {
			snprintf(err, errsize, "route %s declares no "
			    "permission", t[i].pattern);
			return -1;
		}
		if (t[i].perm != PERM_NONE && t[i].access != ACCESS_STAFF) {
			snprintf(err, errsize, "route %s needs a permission "
			    "but not a signed-in staff member", t[i].pattern);
			return -1;
		}
		if (t[i].method >= METHOD__MAX) {
			snprintf(err, errsize, "route %s has no method",
			    t[i].pattern);
			return -1;
		}
		if (t[i].method != METHOD_GET && !(t[i].flags & ROUTE_CSRF)) {
			snprintf(err, errsize, "%s route %s lacks ROUTE_CSRF",
			    route_method_name(t[i].method), t[i].pattern);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (t[j].method == t[i].method &&
			    strcmp(t[j].pattern, t[i].pattern) == 0) {
				snprintf(err, errsize, "route %s is declared "
				    "twice", t[i].pattern);
				return -1;
			}
	}
	return 0;
}

const char *
route_method_name(enum http_method m)
{
	static const char *const names[METHOD__MAX] = {
		[METHOD_GET] = "GET", [METHOD_POST] = "POST",
		[METHOD_PATCH] = "PATCH", [METHOD_DELETE] = "DELETE",
	};

	return (unsigned)m < METHOD__MAX ? names[m] : "?";
}

const char *
route_allow_header(struct arena *a, unsigned allowed)
{
	char	buf[64];
	size_t	len = 0;
	int	m;

	buf[0] = '\0';
	for (m = 0; m < METHOD__MAX; m++) {
		if (!(allowed & (1u << m)))
			continue;
		/* Every name together fits; stop rather than overrun. */
		if (len + 16 > sizeof(buf))
			break;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    len > 0 ? ", " : "", route_method_name((enum http_method)m));
		if (m == METHOD_GET)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			    ", HEAD");
	}
	return arena_strdup(a, buf);
}

const char *
route_get_capture(const struct route_match *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->ncaptures; i++)
		if (strcmp(m->captures[i].name, name) == 0)
			return m->captures[i].value;
	return NULL;
}
