/*
 * perm.h: what staff may do. Permissions are this enumerated list (names
 * in perm.c, and the same names in sql/0007-permissions.sql); roles live
 * in the database as sets of these names.
 */
#ifndef STEWARD_PERM_H
#define STEWARD_PERM_H

#include <stdbool.h>

/*
 * PERM_UNDECLARED is zero so that a route table entry that forgets to say
 * is refused by route_check() at start-up. PERM_NONE is the explicit
 * "nothing beyond the route's access": public pages, and a signed-in
 * staff member's own account.
 */
enum perm {
	PERM_UNDECLARED = 0,
	PERM_NONE,
	PERM_VIEW,		/* view dashboards, records and logs */
	PERM_USERS_SUSPEND,	/* suspend / unsuspend platform users */
	PERM_USERS_MFA,		/* reset a user's MFA, revoke their sessions */
	PERM_USERS_IMPERSONATE,	/* impersonate platform users */
	PERM_CREDITS,		/* grant / adjust credits */
	PERM_SETTINGS,		/* configure models, settings, maintenance */
	PERM_FLAGS,		/* manage feature flags */
	PERM_STAFF,		/* manage staff accounts and API keys */
	PERM_USERS_DELETE,	/* delete platform user data */
	PERM_AUDIT,		/* read the audit trail */
	PERM_ROLES,		/* manage roles */
	PERM__MAX
};

/* A set of permissions: bit (1 << p) for each enum perm p. */
typedef unsigned	perm_set;

#define PERM_BIT(p)	((perm_set)1 << (p))
#define PERM_FIRST	PERM_VIEW	/* the first real permission */

/* "audit.read" and so on; NULL for PERM_UNDECLARED and PERM_NONE. */
const char	*perm_name(enum perm);
/* A short English description, for pages. */
const char	*perm_label(enum perm);
/* The permission called name, or PERM_UNDECLARED if there is none. */
enum perm	 perm_by_name(const char *name);
/*
 * Parses PostgreSQL's text form of a text[] ("{view,audit.read}") into a
 * set. Names this binary does not know grant nothing. Returns the set.
 */
perm_set	 perm_parse_array(const char *pgarray);
/* True if set s has p; PERM_NONE is in every set. */
bool		 perm_has(perm_set s, enum perm p);
/* True if every permission in a is also in b. */
bool		 perm_subset(perm_set a, perm_set b);

#endif
