/*
 * role.h: staff roles (steward.roles): a name, a description and a set
 * of permissions. The six built-in roles are fixed by the database.
 */
#ifndef STEWARD_ROLE_H
#define STEWARD_ROLE_H

#include <stdbool.h>

#include "perm.h"

struct arena;
struct audit_txn;
struct json_object;

struct role {
	const char	*name;
	const char	*description;
	perm_set	 perms;
	bool		 builtin;
	long		 staff;		/* accounts holding it */
	long		 keys;		/* active API keys holding it */
};

/* Every role, built-in first then by name; count or -1. Arena memory. */
int	role_list(struct arena *, struct role **);
/* One role: 1, 0 if there is none, -1. */
int	role_get(struct arena *, const char *name, struct role *);
/* True for a valid new role name: [a-z][a-z0-9_]{0,31}. */
bool	role_name_ok(const char *);
/*
 * Creates, changes or deletes a custom role inside an audited
 * transaction. 0; 1 if the name is taken (create) or there is no such
 * custom role (update, delete); 2 if the role is still held by staff or
 * keys (delete); -1 on error.
 */
int	role_create(struct audit_txn *, struct arena *, const char *name,
	    const char *description, perm_set);
int	role_update(struct audit_txn *, struct arena *, const char *name,
	    const char *description, perm_set);
int	role_delete(struct audit_txn *, const char *name);
/* {"view","audit.read"} as PostgreSQL array text (arena memory). */
const char *role_perms_array(struct arena *, perm_set);
/* A JSON array of permission names (new reference). */
struct json_object *role_perms_json(perm_set);

#endif
