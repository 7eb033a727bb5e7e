/*
 * staff.c: the only code that reads or writes steward.staff.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "staff.h"
#include "utf8.h"

int
staff_by_email(struct arena *a, const char *email, struct staff *s,
    const char **hash)
{
	const char	*p[1] = { email };
	PGresult	*res;

	res = db_exec(__func__,
	    "SELECT id, email, display_name, role, status, password_hash"
	    " FROM steward.staff WHERE lower(email) = lower($1)", 1, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	s->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	s->email = arena_strdup(a, PQgetvalue(res, 0, 1));
	s->display_name = arena_strdup(a, PQgetvalue(res, 0, 2));
	s->role = arena_strdup(a, PQgetvalue(res, 0, 3));
	s->status = arena_strdup(a, PQgetvalue(res, 0, 4));
	*hash = arena_strdup(a, PQgetvalue(res, 0, 5));
	PQclear(res);
	return 1;
}

int
staff_create(struct audit_txn *t, const char *email, const char *display_name,
    const char *hash, const char *role, long long *id)
{
	const char	*p[4] = { email, display_name, hash, role };
	PGresult	*res;

	if (t == NULL)
		return -1;
	res = db_exec(__func__,
	    "INSERT INTO steward.staff (email, display_name, password_hash,"
	    " role) VALUES ($1, $2, $3, $4) RETURNING id", 4, p);
	if (res == NULL)
		return strcmp(db_last_sqlstate(), "23505") == 0 ? 1 : -1;
	*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

int
staff_set_password(struct audit_txn *t, long long id, const char *hash,
    bool rehash)
{
	char		 s[24];
	const char	*p[2] = { s, hash };
	int		 n;

	if (t == NULL)
		return -1;
	if (rehash && db_command(__func__,
	    "SELECT set_config('steward.rehash', 'on', true)", 0, NULL) == -1)
		return -1;
	snprintf(s, sizeof(s), "%lld", id);
	if ((n = db_affected(__func__, "UPDATE steward.staff SET password_hash = $2,"
	    " updated_at = now() WHERE id = $1::bigint", 2, p)) == -1)
		return -1;
	if (rehash && db_command(__func__,
	    "SELECT set_config('steward.rehash', '', true)", 0, NULL) == -1)
		return -1;
	return n == 1 ? 0 : 1;
}

bool
staff_name_ok(const char *name)
{
	size_t		 len = strlen(name), n;
	const char	*p;

	if (len == 0 || !utf8_valid(name, len))
		return false;
	n = utf8_count(name, len);
	if (n > 200)
		return false;
	for (p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

bool
staff_email_ok(const char *email)
{
	const char	*at, *p;
	size_t		 len = strlen(email);

	if (len < 3 || len > 254 || !utf8_valid(email, len))
		return false;
	if ((at = strchr(email, '@')) == NULL || at == email ||
	    strchr(at + 1, '@') != NULL || at[1] == '\0')
		return false;
	for (p = email; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}
