/*
 * cookie.c: reading the Cookie header leniently (browsers send what they
 * send) but within bounds, and writing Set-Cookie strictly.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "cookie.h"
#include "form.h"

/* RFC 7230 section 3.2.6 tchar. */
static bool
cookie_tchar(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return true;
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 6265 section 4.1.1 cookie-octet. */
static bool
cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

static bool
cookie_ws(char c)
{
	return c == ' ' || c == '\t';
}

int
cookie_parse(struct arena *a, const char *h, size_t max, struct params *out)
{
	const char	*p, *end, *semi, *eq, *ns, *ne, *vs, *ve;
	size_t		 count = 0;

	out->v = NULL;
	out->n = 0;
	if (h == NULL)
		return 0;
	end = h + strlen(h);
	for (p = h; p < end; p = semi < end ? semi + 1 : end) {
		if ((semi = memchr(p, ';', end - p)) == NULL)
			semi = end;
		count++;
	}
	if (count > max)
		return -1;
	out->v = arena_calloc(a, count, sizeof(*out->v));

	for (p = h; p < end; p = semi < end ? semi + 1 : end) {
		struct param	*pp;

		if ((semi = memchr(p, ';', end - p)) == NULL)
			semi = end;
		if ((eq = memchr(p, '=', semi - p)) == NULL)
			continue;
		for (ns = p; ns < eq && cookie_ws(*ns); ns++)
			continue;
		for (ne = eq; ne > ns && cookie_ws(ne[-1]); ne--)
			continue;
		for (vs = eq + 1; vs < semi && cookie_ws(*vs); vs++)
			continue;
		for (ve = semi; ve > vs && cookie_ws(ve[-1]); ve--)
			continue;
		if (ne == ns)
			continue;
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		pp = &out->v[out->n++];
		pp->name = arena_strndup(a, ns, ne - ns);
		pp->value = arena_strndup(a, vs, ve - vs);
		pp->value_len = ve - vs;
	}
	return 0;
}

char *
cookie_format(struct arena *a, const char *name, const char *value,
    const struct cookie_attrs *at)
{
	const char	*p;

	if (*name == '\0')
		return NULL;
	for (p = name; *p != '\0'; p++)
		if (!cookie_tchar((unsigned char)*p))
			return NULL;
	for (p = value; *p != '\0'; p++)
		if (!cookie_octet((unsigned char)*p))
			return NULL;
	return arena_printf(a, "%s=%s; Path=/; Secure%s; SameSite=%s%s",
	    name, value, at->http_only ? "; HttpOnly" : "",
	    at->samesite == COOKIE_SAMESITE_STRICT ? "Strict" : "Lax",
	    at->max_age >= 0 ? arena_printf(a, "; Max-Age=%ld", at->max_age) :
	    "");
}
