/*
 * cookie.h: the Cookie request header and Set-Cookie values (RFC 6265).
 */
#ifndef STEWARD_COOKIE_H
#define STEWARD_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct params;

enum cookie_samesite {
	COOKIE_SAMESITE_STRICT,
	COOKIE_SAMESITE_LAX
};

struct cookie_attrs {
	long			 max_age;	/* seconds; -1: session cookie,
						   0: delete */
	bool			 http_only;
	enum cookie_samesite	 samesite;
};

/*
 * Parses a Cookie header ("a=1; b=2", RFC 6265 section 5.4) into out, at
 * most max cookies. Pairs without '=' or with an empty name are skipped;
 * values are not decoded; a value in double quotes loses its quotes.
 * Returns 0, or -1 if the header has more than max ';'-separated parts.
 */
int	 cookie_parse(struct arena *, const char *header, size_t max,
	    struct params *out);
/*
 * The value of a Set-Cookie header: name=value; Path=/; Secure and the
 * given attributes. Always Secure with Path=/, so a "__Host-" name is
 * valid. Returns NULL if name is not a token or value has characters
 * outside cookie-octet (RFC 6265 section 4.1.1). Arena memory.
 */
char	*cookie_format(struct arena *, const char *name, const char *value,
	    const struct cookie_attrs *);

#endif
