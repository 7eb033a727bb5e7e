/*
 * staff.c: the only code that reads or writes steward.staff.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "crypto.h"
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
	    "SELECT s.id, s.email, s.display_name, s.role, s.status,"
	    " s.password_hash, r.permissions"
	    " FROM steward.staff s JOIN steward.roles r ON r.name = s.role"
	    " WHERE lower(s.email) = lower($1)", 1, p);
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
	*hash = PQgetisnull(res, 0, 5) ? NULL :
	    arena_strdup(a, PQgetvalue(res, 0, 5));
	s->perms = perm_parse_array(PQgetvalue(res, 0, 6));
	PQclear(res);
	return 1;
}

int
staff_create(struct audit_txn *t, const char *email, const char *display_name,
    const char *hash, const char *role, long long *id)
{
	const char	*p[4] = { email, display_name, hash, role };
	PGresult	*res;

	if (!audit_live(t))
		return -1;
	res = db_exec(__func__,
	    "INSERT INTO steward.staff (email, display_name, password_hash,"
	    " role) VALUES ($1, $2, $3, $4) RETURNING id", 4, p);
	if (res == NULL)
		return strcmp(db_last_sqlstate(), "23505") == 0 ? 1 :
		    strcmp(db_last_sqlstate(), "23503") == 0 ? 2 : -1;
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

	if (!audit_live(t))
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

#define STAFF_COLUMNS \
	"s.id, s.email, s.display_name, s.role, s.status, r.permissions," \
	" to_char(s.created_at AT TIME ZONE 'UTC'," \
	"  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
	" (SELECT to_char(max(x.last_seen_at) AT TIME ZONE 'UTC'," \
	"  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM steward.sessions x" \
	"  WHERE x.staff_id = s.id)," \
	" s.totp_enabled, s.password_hash IS NULL"

static void
staff_row(struct arena *a, PGresult *res, int i, struct staff *s)
{
	s->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	s->email = arena_strdup(a, PQgetvalue(res, i, 1));
	s->display_name = arena_strdup(a, PQgetvalue(res, i, 2));
	s->role = arena_strdup(a, PQgetvalue(res, i, 3));
	s->status = arena_strdup(a, PQgetvalue(res, i, 4));
	s->perms = perm_parse_array(PQgetvalue(res, i, 5));
	s->created = arena_strdup(a, PQgetvalue(res, i, 6));
	s->last_seen = PQgetisnull(res, i, 7) ? NULL :
	    arena_strdup(a, PQgetvalue(res, i, 7));
	s->mfa = strcmp(PQgetvalue(res, i, 8), "t") == 0;
	s->invited = strcmp(PQgetvalue(res, i, 9), "t") == 0;
}

int
staff_get(struct arena *a, long long id, struct staff *s)
{
	const char	*p[1];
	PGresult	*res;
	int		 rc;

	p[0] = arena_printf(a, "%lld", id);
	res = db_exec(__func__, "SELECT " STAFF_COLUMNS
	    " FROM steward.staff s JOIN steward.roles r ON r.name = s.role"
	    " WHERE s.id = $1::bigint", 1, p);
	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) == 1))
		staff_row(a, res, 0, s);
	PQclear(res);
	return rc;
}

int
staff_list(struct arena *a, const struct staff_filter *f, int limit,
    struct staff **out, int *more)
{
	const char	*p[5];
	PGresult	*res;
	int		 n, i;

	p[0] = f->q;
	p[1] = f->role;
	p[2] = f->status;
	p[3] = arena_printf(a, "%lld", f->before);
	p[4] = arena_printf(a, "%d", limit + 1);
	/* The search is a substring, not a pattern: no LIKE wildcards. */
	res = db_exec(__func__, "SELECT " STAFF_COLUMNS
	    " FROM steward.staff s JOIN steward.roles r ON r.name = s.role"
	    " WHERE ($1::text IS NULL OR strpos(lower(s.email), lower($1)) > 0"
	    "  OR strpos(lower(s.display_name), lower($1)) > 0)"
	    " AND ($2::text IS NULL OR s.role = $2)"
	    " AND ($3::text IS NULL OR s.status = $3)"
	    " AND ($4::bigint = 0 OR s.id < $4::bigint)"
	    " ORDER BY s.id DESC LIMIT $5::int", 5, p);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	*more = n > limit;
	if (n > limit)
		n = limit;
	*out = arena_calloc(a, n > 0 ? (size_t)n : 1, sizeof(**out));
	for (i = 0; i < n; i++)
		staff_row(a, res, i, &(*out)[i]);
	PQclear(res);
	return n;
}

/* 0, or 2 if the database kept the last owner (sql 0007), else -1. */
static int
staff_write_failed(void)
{
	return strcmp(db_last_sqlstate(), "SW002") == 0 ? 2 : -1;
}

int
staff_update(struct audit_txn *t, long long id, const char *name,
    const char *role)
{
	char		 s[24];
	const char	*p[3] = { s, name, role };
	long		 n;

	if (!audit_live(t))
		return -1;
	snprintf(s, sizeof(s), "%lld", id);
	if ((n = db_affected(__func__, "UPDATE steward.staff SET"
	    " display_name = coalesce($2, display_name),"
	    " role = coalesce($3, role), updated_at = now()"
	    " WHERE id = $1::bigint", 3, p)) == -1)
		return staff_write_failed();
	return n == 1 ? 0 : 1;
}

int
staff_set_status(struct audit_txn *t, long long id, const char *status)
{
	char		 s[24];
	const char	*p[2] = { s, status };
	long		 n;

	if (!audit_live(t))
		return -1;
	snprintf(s, sizeof(s), "%lld", id);
	if ((n = db_affected(__func__, "UPDATE steward.staff SET status = $2,"
	    " updated_at = now() WHERE id = $1::bigint AND status <> $2", 2,
	    p)) == -1)
		return staff_write_failed();
	return n == 1 ? 0 : 1;
}

#define STAFF_INVITE_BYTES	32

/* "\x" and the hex SHA-256 of a token, as a bytea literal. */
static int
staff_token_hash(const char *token, char out[2 + 64 + 1])
{
	unsigned char	raw[STAFF_INVITE_BYTES], h[CRYPTO_SHA256_LEN];

	if (token == NULL || !crypto_b64url_decode(token, raw, sizeof(raw)))
		return -1;
	crypto_sha256(raw, sizeof(raw), h);
	out[0] = '\\';
	out[1] = 'x';
	crypto_hex(h, sizeof(h), out + 2);
	return 0;
}

int
staff_invite(struct audit_txn *t, struct arena *a, long long staff_id,
    long long created_by, long lifetime, const char **token)
{
	unsigned char	 raw[STAFF_INVITE_BYTES];
	char		*tok, hash[2 + 64 + 1];
	const char	*p[4];

	if (!audit_live(t) || crypto_random(raw, sizeof(raw)) == -1)
		return -1;
	tok = arena_alloc(a, crypto_b64url_len(sizeof(raw)) + 1);
	crypto_b64url_encode(raw, sizeof(raw), tok);
	if (staff_token_hash(tok, hash) == -1)
		return -1;
	p[0] = hash;
	p[1] = arena_printf(a, "%lld", staff_id);
	p[2] = created_by > 0 ? arena_printf(a, "%lld", created_by) : NULL;
	p[3] = arena_printf(a, "%ld", lifetime);
	if (db_command(__func__, "DELETE FROM steward.invitations"
	    " WHERE staff_id = $1::bigint AND used_at IS NULL", 1,
	    &p[1]) == -1 ||
	    db_command(__func__, "INSERT INTO steward.invitations (token_hash,"
	    " staff_id, created_by, expires_at) VALUES ($1, $2::bigint,"
	    " $3::bigint, now() + make_interval(secs => $4::int))", 4,
	    p) == -1)
		return -1;
	*token = tok;
	return 0;
}

int
staff_invitation(struct arena *a, const char *token, struct staff *s)
{
	char		 hash[2 + 64 + 1];
	const char	*p[1] = { hash };
	PGresult	*res;
	int		 rc;

	if (staff_token_hash(token, hash) == -1)
		return 0;
	res = db_exec(__func__, "SELECT " STAFF_COLUMNS
	    " FROM steward.invitations i"
	    " JOIN steward.staff s ON s.id = i.staff_id"
	    " JOIN steward.roles r ON r.name = s.role"
	    " WHERE i.token_hash = $1 AND i.used_at IS NULL"
	    " AND i.expires_at > now() AND s.status = 'active'", 1, p);
	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) == 1))
		staff_row(a, res, 0, s);
	PQclear(res);
	return rc;
}

int
staff_invitation_use(struct audit_txn *t, const char *token)
{
	char		 hash[2 + 64 + 1];
	const char	*p[1] = { hash };
	long		 n;

	if (!audit_live(t) || staff_token_hash(token, hash) == -1)
		return -1;
	if ((n = db_affected(__func__, "UPDATE steward.invitations"
	    " SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL"
	    " AND expires_at > now()", 1, p)) == -1)
		return -1;
	return n == 1 ? 0 : -1;
}
