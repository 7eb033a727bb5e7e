/*
 * form.c: percent-decoding (RFC 3986 section 2.1) and the
 * application/x-www-form-urlencoded format (WHATWG URL Standard, section
 * 5.1), with hard limits. Every read is bounded by the given length; the
 * input need not be NUL-terminated.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "form.h"
#include "utf8.h"

static int
form_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum form_error
form_decode(const char *src, size_t len, bool plus, char *dst, size_t *dstlen)
{
	size_t	i, o = 0;
	int	hi, lo;

	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)src[i];

		if (c == '%') {
			if (len - i < 3)
				return FORM_BAD_ESCAPE;
			hi = form_hex((unsigned char)src[i + 1]);
			lo = form_hex((unsigned char)src[i + 2]);
			if (hi < 0 || lo < 0)
				return FORM_BAD_ESCAPE;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c == '\0')
			return FORM_NUL;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	*dstlen = o;
	return FORM_OK;
}

/* Decodes one component into fresh arena memory, checking its limit. */
static enum form_error
form_component(struct arena *a, const char *s, size_t len, size_t max,
    enum form_error too_long, const char **out, size_t *outlen)
{
	enum form_error	 e;
	char		*d;

	/* Decoding never grows, so a raw length within max cannot exceed. */
	if (len > max * 3)
		return too_long;
	d = arena_alloc(a, len + 1);
	if ((e = form_decode(s, len, true, d, outlen)) != FORM_OK)
		return e;
	if (*outlen > max)
		return too_long;
	if (!utf8_valid(d, *outlen))
		return FORM_BAD_UTF8;
	*out = d;
	return FORM_OK;
}

enum form_error
form_parse(struct arena *a, const char *s, size_t len,
    const struct form_limits *lim, struct params *out)
{
	const char	*p = s, *end = s + len, *amp, *eq;
	size_t		 count = 0, nlen;
	enum form_error	 e;

	out->v = NULL;
	out->n = 0;

	/* Count pairs first so the array is allocated once. */
	for (p = s; p < end; p = amp < end ? amp + 1 : end) {
		if ((amp = memchr(p, '&', end - p)) == NULL)
			amp = end;
		if (amp > p && ++count > lim->max_fields)
			return FORM_TOO_MANY_FIELDS;
	}
	if (count == 0)
		return FORM_OK;
	out->v = arena_calloc(a, count, sizeof(*out->v));

	for (p = s; p < end; p = amp < end ? amp + 1 : end) {
		struct param	*pp;

		if ((amp = memchr(p, '&', end - p)) == NULL)
			amp = end;
		if (amp == p)
			continue;
		pp = &out->v[out->n];
		if ((eq = memchr(p, '=', amp - p)) == NULL)
			eq = amp;
		e = form_component(a, p, eq - p, lim->max_name,
		    FORM_NAME_TOO_LONG, &pp->name, &nlen);
		if (e != FORM_OK)
			return e;
		if (eq == amp) {
			pp->value = "";
			pp->value_len = 0;
		} else {
			e = form_component(a, eq + 1, amp - eq - 1,
			    lim->max_value, FORM_VALUE_TOO_LONG, &pp->value,
			    &pp->value_len);
			if (e != FORM_OK)
				return e;
		}
		out->n++;
	}
	return FORM_OK;
}

void
form_encode(struct buf *b, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			buf_putc(b, (char)*p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

const char *
form_strerror(enum form_error e)
{
	switch (e) {
	case FORM_OK:
		return "no error";
	case FORM_BAD_ESCAPE:
		return "malformed percent-escape";
	case FORM_NUL:
		return "NUL byte in input";
	case FORM_BAD_UTF8:
		return "input is not valid UTF-8";
	case FORM_TOO_MANY_FIELDS:
		return "too many fields";
	case FORM_NAME_TOO_LONG:
		return "field name too long";
	case FORM_VALUE_TOO_LONG:
		return "field value too long";
	}
	abort();
}

const char *
params_get(const struct params *ps, const char *name)
{
	size_t	i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].name, name) == 0)
			return ps->v[i].value;
	return NULL;
}
