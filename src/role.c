/*
 * role.c: the only code that reads or writes steward.roles.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "role.h"

#define ROLE_COLUMNS \
	"r.name, r.description, r.permissions, r.builtin," \
	" (SELECT count(*) FROM steward.staff s WHERE s.role = r.name)," \
	" (SELECT count(*) FROM steward.api_keys k WHERE k.role = r.name" \
	"  AND k.revoked_at IS NULL)"

static void
role_row(struct arena *a, PGresult *res, int i, struct role *r)
{
	r->name = arena_strdup(a, PQgetvalue(res, i, 0));
	r->description = arena_strdup(a, PQgetvalue(res, i, 1));
	r->perms = perm_parse_array(PQgetvalue(res, i, 2));
	r->builtin = strcmp(PQgetvalue(res, i, 3), "t") == 0;
	r->staff = strtol(PQgetvalue(res, i, 4), NULL, 10);
	r->keys = strtol(PQgetvalue(res, i, 5), NULL, 10);
}

int
role_list(struct arena *a, struct role **out)
{
	PGresult	*res;
	int		 n, i;

	/* Built-in roles in the order of the matrix, weakest first. */
	res = db_exec(__func__, "SELECT " ROLE_COLUMNS
	    " FROM steward.roles r ORDER BY NOT r.builtin,"
	    " array_position(ARRAY['viewer','support','ops','billing','admin',"
	    " 'owner'], r.name), r.name", 0, NULL);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	*out = arena_calloc(a, n > 0 ? (size_t)n : 1, sizeof(**out));
	for (i = 0; i < n; i++)
		role_row(a, res, i, &(*out)[i]);
	PQclear(res);
	return n;
}

int
role_get(struct arena *a, const char *name, struct role *r)
{
	const char	*p[1] = { name };
	PGresult	*res;
	int		 rc;

	res = db_exec(__func__, "SELECT " ROLE_COLUMNS
	    " FROM steward.roles r WHERE r.name = $1", 1, p);
	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) == 1))
		role_row(a, res, 0, r);
	PQclear(res);
	return rc;
}

bool
role_name_ok(const char *s)
{
	size_t	i;

	if (!(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (i = 1; s[i] != '\0'; i++)
		if (i >= 32 || !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

const char *
role_perms_array(struct arena *a, perm_set set)
{
	struct buf	b;
	int		p;

	buf_init(&b, a);
	buf_putc(&b, '{');
	for (p = PERM_FIRST; p < PERM__MAX; p++)
		if (set & PERM_BIT(p)) {
			if (b.len > 1)
				buf_putc(&b, ',');
			buf_puts(&b, perm_name((enum perm)p));
		}
	buf_putc(&b, '}');
	return b.data;
}

struct json_object *
role_perms_json(perm_set set)
{
	struct json_object	*arr = json_object_new_array();
	int			 p;

	for (p = PERM_FIRST; p < PERM__MAX; p++)
		if (set & PERM_BIT(p))
			json_object_array_add(arr,
			    json_object_new_string(perm_name((enum perm)p)));
	return arr;
}

int
role_create(struct audit_txn *t, struct arena *a, const char *name,
    const char *description, perm_set set)
{
	const char	*p[3] = { name, description, role_perms_array(a, set) };

	if (!audit_live(t))
		return -1;
	if (db_command(__func__, "INSERT INTO steward.roles (name,"
	    " description, permissions) VALUES ($1, $2, $3::text[])", 3,
	    p) == -1)
		return strcmp(db_last_sqlstate(), "23505") == 0 ? 1 : -1;
	return 0;
}

int
role_update(struct audit_txn *t, struct arena *a, const char *name,
    const char *description, perm_set set)
{
	const char	*p[3] = { name, description, role_perms_array(a, set) };
	long		 n;

	if (!audit_live(t))
		return -1;
	if ((n = db_affected(__func__, "UPDATE steward.roles SET"
	    " description = $2, permissions = $3::text[], updated_at = now()"
	    " WHERE name = $1 AND NOT builtin", 3, p)) == -1)
		return -1;
	return n == 1 ? 0 : 1;
}

int
role_delete(struct audit_txn *t, const char *name)
{
	const char	*p[1] = { name };
	long		 n;

	if (!audit_live(t))
		return -1;
	if ((n = db_affected(__func__, "DELETE FROM steward.roles"
	    " WHERE name = $1 AND NOT builtin", 1, p)) == -1)
		return strcmp(db_last_sqlstate(), "23503") == 0 ? 2 : -1;
	return n == 1 ? 0 : 1;
}
