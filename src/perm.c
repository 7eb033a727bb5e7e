/*
 * perm.c: the permission table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "perm.h"

static const struct {
	const char	*name;
	const char	*label;
} perm_table[PERM__MAX] = {
	[PERM_VIEW] = { "view", "View dashboards, records and logs" },
	[PERM_USERS_SUSPEND] = { "users.suspend",
	    "Suspend and unsuspend platform users" },
	[PERM_USERS_MFA] = { "users.mfa_sessions",
	    "Reset a user's MFA and revoke their sessions" },
	[PERM_USERS_IMPERSONATE] = { "users.impersonate",
	    "Impersonate platform users" },
	[PERM_CREDITS] = { "credits.grant", "Grant and adjust credits" },
	[PERM_SETTINGS] = { "settings.configure",
	    "Configure models, settings and maintenance" },
	[PERM_FLAGS] = { "flags.manage", "Manage feature flags" },
	[PERM_STAFF] = { "staff.manage", "Manage staff accounts and API keys" },
	[PERM_USERS_DELETE] = { "users.delete", "Delete platform user data" },
	[PERM_AUDIT] = { "audit.read", "Read the audit trail" },
	[PERM_ROLES] = { "roles.manage", "Manage roles" },
};

const char *
perm_name(enum perm p)
{
	if ((unsigned)p >= PERM__MAX)
		abort();
	return perm_table[p].name;
}

const char *
perm_label(enum perm p)
{
	if ((unsigned)p >= PERM__MAX)
		abort();
	return perm_table[p].label;
}

enum perm
perm_by_name(const char *name)
{
	int	p;

	for (p = PERM_FIRST; p < PERM__MAX; p++)
		if (strcmp(name, perm_table[p].name) == 0)
			return (enum perm)p;
	return PERM_UNDECLARED;
}

perm_set
perm_parse_array(const char *s)
{
	char		 name[64];
	size_t		 len;
	perm_set	 set = 0;
	enum perm	 p;

	/* Our names need no quoting, so a quoted element is not one. */
	if (s == NULL || *s++ != '{')
		return 0;
	while (*s != '\0' && *s != '}') {
		len = strcspn(s, ",}");
		if (len < sizeof(name)) {
			memcpy(name, s, len);
			name[len] = '\0';
			if ((p = perm_by_name(name)) != PERM_UNDECLARED)
				set |= PERM_BIT(p);
		}
		s += len;
		if (*s == ',')
			s++;
	}
	return set;
}

bool
perm_has(perm_set s, enum perm p)
{
	if (p == PERM_NONE)
		return true;
	if (p <= PERM_NONE || p >= PERM__MAX)
		return false;
	return (s & PERM_BIT(p)) != 0;
}

bool
perm_subset(perm_set a, perm_set b)
{
	return (a & ~b) == 0;
}
