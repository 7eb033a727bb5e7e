/*
 * route.h: matching a method and path against a route table.
 */
#ifndef STEWARD_ROUTE_H
#define STEWARD_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "perm.h"

enum http_method {
	METHOD_GET,	/* also answers HEAD */
	METHOD_POST,
	METHOD_PATCH,
	METHOD_DELETE,
	METHOD__MAX
};

/*
 * Who may reach a route. ACCESS_UNDECLARED is zero so that a route whose
 * entry forgets to say is caught by route_check() at start-up.
 */
enum access {
	ACCESS_UNDECLARED = 0,
	ACCESS_PUBLIC,		/* anyone, signed in or not */
	ACCESS_STAFF,		/* a signed-in, active staff member */
	ACCESS_LOOPBACK,	/* only from this host (monitoring) */
	ACCESS_MFA,		/* a session whose TOTP code is due */
	ACCESS_ENROL,		/* signed in, or made to set up TOTP */
	ACCESS_SESSION,		/* any session at all (signing out) */
	ACCESS__MAX
};

#define ROUTE_HTML	0x01	/* errors as HTML pages, anonymous → /login */
#define ROUTE_JSON	0x02	/* errors as application/problem+json */
#define ROUTE_CSRF	0x04	/* needs a valid CSRF token */
#define ROUTE_STEPUP	0x08	/* needs proof of identity within
				   stepup_window (password or TOTP again) */
#define ROUTE_PERSON	0x10	/* mints credentials (API keys, set-password
				   links): a signed-in person, never a key */

struct request;
struct response;

typedef void	(*route_handler)(struct request *, struct response *);

struct route {
	enum http_method	 method;
	const char		*pattern;	/* "/admin/staff/:id" */
	route_handler		 handler;
	enum access		 access;
	enum perm		 perm;		/* what the role must grant */
	unsigned		 flags;
};

#define ROUTE_MAX_CAPTURES	4

struct route_match {
	size_t		 index;		/* into the table */
	size_t		 ncaptures;
	struct {
		const char	*name;	/* without the ':' */
		const char	*value;
	}		 captures[ROUTE_MAX_CAPTURES];
};

enum route_result {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD	/* *allowed says which methods would do */
};

struct arena;

/*
 * Finds the route for method and path (already percent-decoded). HEAD is
 * passed as METHOD_GET. On ROUTE_BAD_METHOD, *allowed has bit (1 << m)
 * set for each method m that the path accepts. Captures are arena memory;
 * without a match there are none (ncaptures is 0).
 */
enum route_result route_match(struct arena *, const struct route *,
		    size_t n, enum http_method, const char *path,
		    struct route_match *, unsigned *allowed);
/*
 * Checks a table is complete: every entry has a pattern, a handler, a
 * declared access and a declared permission (a real one only where a
 * signed-in staff member is required), every method but GET needs a CSRF
 * token, and no two entries share a method and pattern.
 */
int		route_check(const struct route *, size_t n, char *err,
		    size_t errsize);
/* "GET, HEAD, POST" for an allowed mask; arena memory. */
const char	*route_allow_header(struct arena *, unsigned allowed);
/* "GET", "POST", "PATCH", "DELETE". */
const char	*route_method_name(enum http_method);
const char	*route_get_capture(const struct route_match *,
		    const char *name);

#endif
