/*
 * session.c: session tokens and the rows behind them. Creating and ending
 * a session are audited changes; refreshing last_seen_at is bookkeeping
 * and is not. A leaked database
 * row does not let anyone sign in: only the hash of the token is stored.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "session.h"
#include "staff.h"

/* "\x" and the hex SHA-256 of a cookie value, as a bytea literal. */
static int
session_hash(const char *token, char out[2 + 64 + 1])
{
	unsigned char	raw[SESSION_TOKEN_BYTES], h[CRYPTO_SHA256_LEN];

	if (token == NULL || !crypto_b64url_decode(token, raw, sizeof(raw)))
		return -1;
	crypto_sha256(raw, sizeof(raw), h);
	out[0] = '\\';
	out[1] = 'x';
	crypto_hex(h, sizeof(h), out + 2);
	return 0;
}

static const char *const session_stages[SESSION__MAX] = {
	[SESSION_FULL] = "full",
	[SESSION_MFA] = "mfa",
	[SESSION_ENROL] = "enrol",
};

/* A new token (arena memory) and its hash as a bytea literal; 0 or -1. */
static int
session_new_token(struct arena *a, const char **token, char hash[2 + 64 + 1])
{
	unsigned char	 raw[SESSION_TOKEN_BYTES];
	char		*tok;

	if (crypto_random(raw, sizeof(raw)) == -1)
		return -1;
	tok = arena_alloc(a, crypto_b64url_len(sizeof(raw)) + 1);
	crypto_b64url_encode(raw, sizeof(raw), tok);
	*token = tok;
	return session_hash(tok, hash);
}

long long
session_create(struct audit_txn *t, struct arena *a, long long staff_id,
    const char *ip, const char *user_agent, long lifetime,
    enum session_stage stage, const char **token)
{
	char		 hash[2 + 64 + 1], id[24], life[24];
	const char	*p[6], *tok;
	PGresult	*res;
	long long	 sid;

	if (!audit_live(t) || session_new_token(a, &tok, hash) == -1)
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	snprintf(life, sizeof(life), "%ld", lifetime);
	p[0] = hash;
	p[1] = id;
	p[2] = life;
	p[3] = ip != NULL && *ip != '\0' ? ip : NULL;
	p[4] = user_agent;
	p[5] = session_stages[stage];
	res = db_exec(__func__,
	    "INSERT INTO steward.sessions (token_hash, staff_id, expires_at,"
	    " ip, user_agent, stage) VALUES ($1, $2,"
	    " now() + make_interval(secs => $3), $4::inet, left($5, 512), $6)"
	    " RETURNING id", 6, p);
	if (res == NULL)
		return -1;
	sid = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	*token = tok;
	return sid;
}

int
session_load(struct arena *a, const char *token, long idle, struct staff *s,
    long long *session_id, enum session_stage *stage, long *reauth_age,
    bool *renew)
{
	char		 hash[2 + 64 + 1], idletxt[24];
	const char	*p[2] = { hash, idletxt };
	PGresult	*res;
	int		 rc = 0;

	if (session_hash(token, hash) == -1)
		return 0;
	snprintf(idletxt, sizeof(idletxt), "%ld", idle);
	/*
	 * Both limits on the server: absolute (expires_at) and idle
	 * (last_seen_at). The read is a plain SELECT; last_seen_at is
	 * refreshed by a second statement at most once a minute, not a
	 * write (nor a data-modifying CTE) per request.
	 */
	res = db_exec(__func__,
	    "SELECT st.id, st.email, st.display_name, st.role, st.status,"
	    "  s.id, s.stage,"
	    "  extract(epoch FROM now() - s.reauth_at)::bigint,"
	    "  r.permissions, st.totp_enabled,"
	    "  s.last_seen_at < now() - interval '1 minute', s.renew"
	    " FROM steward.sessions s"
	    " JOIN steward.staff st ON st.id = s.staff_id"
	    " JOIN steward.roles r ON r.name = st.role"
	    " WHERE s.token_hash = $1 AND s.expires_at > now()"
	    "  AND s.last_seen_at > now() - make_interval(secs => $2::int)"
	    "  AND st.status = 'active'", 2, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 10), "t") == 0) {
		const char	*sid[1] = { PQgetvalue(res, 0, 5) };

		/* A lost refresh only shortens the idle limit: not fatal. */
		(void)db_command(__func__, "UPDATE steward.sessions"
		    " SET last_seen_at = now() WHERE id = $1"
		    " AND last_seen_at < now() - interval '1 minute'", 1, sid);
	}
	if (PQntuples(res) == 1) {
		*session_id = strtoll(PQgetvalue(res, 0, 5), NULL, 10);
		*reauth_age = strtol(PQgetvalue(res, 0, 7), NULL, 10);
		/* A stage this binary does not know grants nothing. */
		*stage = SESSION__MAX;
		for (int k = 0; k < SESSION__MAX; k++)
			if (strcmp(PQgetvalue(res, 0, 6), session_stages[k]) ==
			    0)
				*stage = (enum session_stage)k;
		rc = *stage == SESSION__MAX ? -2 : 1;
		s->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		s->email = arena_strdup(a, PQgetvalue(res, 0, 1));
		s->display_name = arena_strdup(a, PQgetvalue(res, 0, 2));
		s->role = arena_strdup(a, PQgetvalue(res, 0, 3));
		s->status = arena_strdup(a, PQgetvalue(res, 0, 4));
		s->perms = perm_parse_array(PQgetvalue(res, 0, 8));
		s->mfa = strcmp(PQgetvalue(res, 0, 9), "t") == 0;
		*renew = strcmp(PQgetvalue(res, 0, 11), "t") == 0;
	}
	PQclear(res);
	return rc == -2 ? 0 : rc;
}

int
session_renew(struct audit_txn *t, struct arena *a, const char *old,
    const char **token)
{
	char		 oldhash[2 + 64 + 1], newhash[2 + 64 + 1];
	const char	*p[2] = { newhash, oldhash }, *tok;
	long		 n;

	if ((t != NULL && !audit_live(t)) || session_hash(old, oldhash) == -1 ||
	    session_new_token(a, &tok, newhash) == -1)
		return -1;
	/*
	 * Same row: created_at and expires_at stay, so neither a step-up
	 * nor a renewal stretches the absolute lifetime.
	 */
	if (t != NULL)
		n = db_affected(__func__, "UPDATE steward.sessions SET"
		    " token_hash = $1, reauth_at = now(), renew = false"
		    " WHERE token_hash = $2", 2, p);
	else
		n = db_affected(__func__, "UPDATE steward.sessions"
		    " SET token_hash = $1, renew = false"
		    " WHERE token_hash = $2 AND renew", 2, p);
	if (n == 1)
		*token = tok;
	return n < 0 ? -1 : n == 1;
}

int
session_destroy(struct audit_txn *t, const char *token)
{
	char		 hash[2 + 64 + 1];
	const char	*p[1] = { hash };

	if (!audit_live(t))
		return -1;
	if (session_hash(token, hash) == -1)
		return 0;
	return db_command(__func__,
	    "DELETE FROM steward.sessions WHERE token_hash = $1", 1, p);
}

int
session_list(struct arena *a, long long staff_id, long idle,
    struct session_info **out)
{
	char		 id[24], idletxt[24];
	const char	*p[2] = { id, idletxt };
	PGresult	*res;
	int		 n, i;

	snprintf(id, sizeof(id), "%lld", staff_id);
	snprintf(idletxt, sizeof(idletxt), "%ld", idle);
	res = db_exec(__func__,
	    "SELECT x.id, to_char(x.created_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD HH24:MI'), to_char(x.last_seen_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD HH24:MI'), to_char(x.expires_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD HH24:MI'), host(x.ip), x.user_agent, st.id,"
	    "  st.email, st.display_name"
	    " FROM steward.sessions x JOIN steward.staff st"
	    "  ON st.id = x.staff_id"
	    " WHERE ($1::bigint = 0 OR x.staff_id = $1::bigint)"
	    " AND x.expires_at > now() AND x.stage = 'full'"
	    " AND x.last_seen_at > now() - make_interval(secs => $2::int)"
	    " ORDER BY x.created_at DESC, x.id DESC LIMIT 500", 2, p);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	*out = arena_calloc(a, n > 0 ? (size_t)n : 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		(*out)[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		(*out)[i].created = arena_strdup(a, PQgetvalue(res, i, 1));
		(*out)[i].last_seen = arena_strdup(a, PQgetvalue(res, i, 2));
		(*out)[i].expires = arena_strdup(a, PQgetvalue(res, i, 3));
		(*out)[i].ip = PQgetisnull(res, i, 4) ? NULL :
		    arena_strdup(a, PQgetvalue(res, i, 4));
		(*out)[i].user_agent = arena_strdup(a, PQgetvalue(res, i, 5));
		(*out)[i].staff_id = strtoll(PQgetvalue(res, i, 6), NULL, 10);
		(*out)[i].staff_email = arena_strdup(a, PQgetvalue(res, i, 7));
		(*out)[i].staff_name = arena_strdup(a, PQgetvalue(res, i, 8));
	}
	PQclear(res);
	return n;
}

long
session_end_others(struct audit_txn *t, long long staff_id, long long keep)
{
	char		 id[24], k[24];
	const char	*p[2] = { id, k };
	long		 n;

	if (!audit_live(t))
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	snprintf(k, sizeof(k), "%lld", keep);
	if ((n = db_affected(__func__, "DELETE FROM steward.sessions"
	    " WHERE staff_id = $1::bigint AND id <> $2::bigint", 2, p)) == -1)
		return -1;
	return n;
}

int
session_revoke(struct audit_txn *t, long long id, long long staff_id)
{
	char		 i[24], s[24];
	const char	*p[2] = { i, s };
	long		 n;

	if (!audit_live(t))
		return -1;
	snprintf(i, sizeof(i), "%lld", id);
	snprintf(s, sizeof(s), "%lld", staff_id);
	if ((n = db_affected(__func__, "DELETE FROM steward.sessions"
	    " WHERE id = $1::bigint AND ($2::bigint = 0"
	    " OR staff_id = $2::bigint)", 2, p)) == -1)
		return -1;
	return n == 1 ? 0 : 1;
}

long long
session_owner(long long id)
{
	char		 i[24];
	const char	*p[1] = { i };
	PGresult	*res;
	long long	 staff_id = 0;

	snprintf(i, sizeof(i), "%lld", id);
	if ((res = db_exec(__func__, "SELECT staff_id FROM steward.sessions"
	    " WHERE id = $1::bigint AND expires_at > now()", 1, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		staff_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return staff_id;
}
