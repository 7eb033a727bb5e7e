/*
 * apikey.c: the only code that reads or writes steward.api_keys.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apikey.h"
#include "arena.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "staff.h"

#define APIKEY_SECRET_LEN	43	/* base64url of 32 bytes */
#define APIKEY_LEN	(sizeof(APIKEY_PREFIX) - 1 + APIKEY_LOOKUP_LEN + 1 + \
			    APIKEY_SECRET_LEN)

/* The SHA-256 of a secret's bytes, raw. */
static bool
apikey_secret_hash(const char *secret, unsigned char h[CRYPTO_SHA256_LEN])
{
	unsigned char	raw[APIKEY_SECRET_BYTES];

	if (!crypto_b64url_decode(secret, raw, sizeof(raw)))
		return false;
	crypto_sha256(raw, sizeof(raw), h);
	explicit_bzero(raw, sizeof(raw));
	return true;
}

/* "\x" and hex, as a bytea literal. */
static void
apikey_bytea(const unsigned char h[CRYPTO_SHA256_LEN], char out[2 + 64 + 1])
{
	out[0] = '\\';
	out[1] = 'x';
	crypto_hex(h, CRYPTO_SHA256_LEN, out + 2);
}

/* Parses a bytea's "\x..." text back into 32 bytes. */
static bool
apikey_unhex(const char *s, unsigned char out[CRYPTO_SHA256_LEN])
{
	return strncmp(s, "\\x", 2) == 0 &&
	    crypto_unhex(s + 2, out, CRYPTO_SHA256_LEN);
}

/*
 * Splits "stw_LOOKUP_SECRET" into its parts; false unless the shape is
 * exactly right.
 */
static bool
apikey_split(const char *key, char lookup[APIKEY_LOOKUP_LEN + 1],
    const char **secret)
{
	size_t	i, plen = sizeof(APIKEY_PREFIX) - 1;

	if (strlen(key) != APIKEY_LEN || strncmp(key, APIKEY_PREFIX, plen) != 0)
		return false;
	key += plen;
	for (i = 0; i < APIKEY_LOOKUP_LEN; i++) {
		if (!((key[i] >= 'a' && key[i] <= 'z') ||
		    (key[i] >= '0' && key[i] <= '9')))
			return false;
		lookup[i] = key[i];
	}
	lookup[i] = '\0';
	if (key[i] != '_')
		return false;
	*secret = key + i + 1;
	return true;
}

bool
apikey_parse(const char *authorization, char lookup[APIKEY_LOOKUP_LEN + 1],
    unsigned char hash[CRYPTO_SHA256_LEN])
{
	const char	*secret;

	/* RFC 6750 section 2.1: the scheme is case-insensitive. */
	if (authorization == NULL || strncasecmp(authorization, "Bearer ", 7)
	    != 0)
		return false;
	return apikey_split(authorization + 7, lookup, &secret) &&
	    apikey_secret_hash(secret, hash);
}

int
apikey_new_secret(struct arena *a, const char **secret, char hash[2 + 64 + 1])
{
	unsigned char	raw[APIKEY_SECRET_BYTES], h[CRYPTO_SHA256_LEN];
	char		*s;

	if (crypto_random(raw, sizeof(raw)) == -1)
		return -1;
	s = arena_alloc(a, APIKEY_SECRET_LEN + 1);
	crypto_b64url_encode(raw, sizeof(raw), s);
	crypto_sha256(raw, sizeof(raw), h);
	explicit_bzero(raw, sizeof(raw));
	apikey_bytea(h, hash);
	*secret = s;
	return 0;
}

int
apikey_authenticate(struct arena *a, const char *authorization,
    const char *ip, struct staff *s, long long *key_id)
{
	unsigned char	 want[CRYPTO_SHA256_LEN], have[CRYPTO_SHA256_LEN];
	char		 lookup[APIKEY_LOOKUP_LEN + 1];
	const char	*p[2];
	PGresult	*res;
	bool		 ok = false;

	if (!apikey_parse(authorization, lookup, want))
		return 0;
	p[0] = lookup;
	res = db_exec(__func__,
	    "SELECT k.id, k.secret_hash,"
	    "  CASE WHEN k.previous_expires_at > now() THEN k.previous_hash END,"
	    "  st.id, st.email, st.display_name, st.role, st.status,"
	    "  kr.permissions, sr.permissions"
	    " FROM steward.api_keys k"
	    " JOIN steward.staff st ON st.id = k.staff_id"
	    " JOIN steward.roles kr ON kr.name = k.role"
	    " JOIN steward.roles sr ON sr.name = st.role"
	    " WHERE k.lookup = $1 AND k.revoked_at IS NULL"
	    " AND (k.expires_at IS NULL OR k.expires_at > now())"
	    " AND st.status = 'active'", 1, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		/* Both compared, so timing does not say which matched. */
		if (apikey_unhex(PQgetvalue(res, 0, 1), have))
			ok = crypto_equal(have, want, sizeof(want));
		if (!PQgetisnull(res, 0, 2) &&
		    apikey_unhex(PQgetvalue(res, 0, 2), have))
			ok |= crypto_equal(have, want, sizeof(want));
	}
	if (ok) {
		*key_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		s->id = strtoll(PQgetvalue(res, 0, 3), NULL, 10);
		s->email = arena_strdup(a, PQgetvalue(res, 0, 4));
		s->display_name = arena_strdup(a, PQgetvalue(res, 0, 5));
		s->role = arena_strdup(a, PQgetvalue(res, 0, 6));
		s->status = arena_strdup(a, PQgetvalue(res, 0, 7));
		/* A key never does more than its owner could today. */
		s->perms = perm_parse_array(PQgetvalue(res, 0, 8)) &
		    perm_parse_array(PQgetvalue(res, 0, 9));
	}
	PQclear(res);
	if (!ok)
		return 0;
	p[0] = arena_printf(a, "%lld", *key_id);
	p[1] = ip;
	/* Bookkeeping, not an audited change; a failure does not refuse. */
	(void)db_command(__func__, "UPDATE steward.api_keys"
	    " SET last_used_at = now(), last_used_ip = $2::inet"
	    " WHERE id = $1::bigint AND (last_used_at IS NULL"
	    "  OR last_used_at < now() - interval '1 minute'"
	    "  OR last_used_ip IS DISTINCT FROM $2::inet)", 2, p);
	return 1;
}

int
apikey_new_lookup(char out[APIKEY_LOOKUP_LEN + 1])
{
	static const char	 alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char		 b[64];
	size_t			 i = 0, j;

	while (i < APIKEY_LOOKUP_LEN) {
		if (crypto_random(b, sizeof(b)) == -1)
			return -1;
		for (j = 0; j < sizeof(b) && i < APIKEY_LOOKUP_LEN; j++)
			if (b[j] < 252)		/* 252 = 7 * 36 */
				out[i++] = alphabet[b[j] % 36];
	}
	out[i] = '\0';
	return 0;
}

int
apikey_create(struct audit_txn *t, struct arena *a, long long staff_id,
    const char *name, const char *role, const char *expires, long long *id,
    const char **key)
{
	char		 lookup[APIKEY_LOOKUP_LEN + 1], hash[2 + 64 + 1];
	const char	*secret, *p[6];
	PGresult	*res;

	if (!audit_live(t) || apikey_new_lookup(lookup) == -1 ||
	    apikey_new_secret(a, &secret, hash) == -1)
		return -1;
	p[0] = lookup;
	p[1] = arena_printf(a, "%lld", staff_id);
	p[2] = name;
	p[3] = role;
	p[4] = hash;
	p[5] = expires;
	res = db_exec(__func__,
	    "INSERT INTO steward.api_keys (lookup, staff_id, name, role,"
	    " secret_hash, expires_at) SELECT $1, $2::bigint, $3, $4, $5,"
	    " $6::timestamptz WHERE $6::timestamptz IS NULL"
	    " OR $6::timestamptz > now() RETURNING id", 6, p);
	if (res == NULL)	/* class 22: not a real date */
		return strncmp(db_last_sqlstate(), "22", 2) == 0 ? 2 : -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 2;
	}
	*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	*key = arena_printf(a, APIKEY_PREFIX "%s_%s", lookup, secret);
	return 0;
}

int
apikey_rotate(struct audit_txn *t, struct arena *a, long long id, long grace,
    const char **key)
{
	char		 hash[2 + 64 + 1];
	const char	*secret, *p[3];
	PGresult	*res;
	int		 rc = 1;

	if (!audit_live(t) || apikey_new_secret(a, &secret, hash) == -1)
		return -1;
	p[0] = arena_printf(a, "%lld", id);
	p[1] = hash;
	p[2] = arena_printf(a, "%ld", grace);
	res = db_exec(__func__,
	    "UPDATE steward.api_keys SET previous_hash = secret_hash,"
	    " previous_expires_at = now() + make_interval(secs => $3::int),"
	    " secret_hash = $2, rotated_at = now()"
	    " WHERE id = $1::bigint AND revoked_at IS NULL"
	    " AND (expires_at IS NULL OR expires_at > now())"
	    " RETURNING lookup", 3, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*key = arena_printf(a, APIKEY_PREFIX "%s_%s",
		    PQgetvalue(res, 0, 0), secret);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
apikey_revoke(struct audit_txn *t, long long id)
{
	char		 s[24];
	const char	*p[1] = { s };
	long		 n;

	if (!audit_live(t))
		return -1;
	snprintf(s, sizeof(s), "%lld", id);
	if ((n = db_affected(__func__, "UPDATE steward.api_keys"
	    " SET revoked_at = now() WHERE id = $1::bigint"
	    " AND revoked_at IS NULL", 1, p)) == -1)
		return -1;
	return n == 1 ? 0 : 1;
}

#define APIKEY_COLUMNS \
	"k.id, k.lookup, k.staff_id, st.email, k.name, k.role," \
	" to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
	" to_char(k.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
	" to_char(k.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
	" to_char(k.rotated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
	" to_char(CASE WHEN k.previous_expires_at > now() THEN" \
	"  k.previous_expires_at END AT TIME ZONE 'UTC'," \
	"  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
	" to_char(k.last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
	" host(k.last_used_ip)," \
	" k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())"

static const char *
apikey_text(struct arena *a, PGresult *res, int i, int col)
{
	return PQgetisnull(res, i, col) ? NULL :
	    arena_strdup(a, PQgetvalue(res, i, col));
}

static void
apikey_row(struct arena *a, PGresult *res, int i, struct apikey *k)
{
	k->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	k->lookup = apikey_text(a, res, i, 1);
	k->staff_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
	k->staff_email = apikey_text(a, res, i, 3);
	k->name = apikey_text(a, res, i, 4);
	k->role = apikey_text(a, res, i, 5);
	k->created = apikey_text(a, res, i, 6);
	k->expires = apikey_text(a, res, i, 7);
	k->revoked = apikey_text(a, res, i, 8);
	k->rotated = apikey_text(a, res, i, 9);
	k->previous_expires = apikey_text(a, res, i, 10);
	k->last_used = apikey_text(a, res, i, 11);
	k->last_used_ip = apikey_text(a, res, i, 12);
	k->active = strcmp(PQgetvalue(res, i, 13), "t") == 0;
}

int
apikey_list(struct arena *a, long long staff_id, long long before, int limit,
    struct apikey **out, int *more)
{
	const char	*p[3];
	PGresult	*res;
	int		 n, i;

	p[0] = arena_printf(a, "%lld", staff_id);
	p[1] = arena_printf(a, "%lld", before);
	p[2] = arena_printf(a, "%d", limit + 1);
	res = db_exec(__func__, "SELECT " APIKEY_COLUMNS
	    " FROM steward.api_keys k JOIN steward.staff st ON st.id = k.staff_id"
	    " WHERE ($1::bigint = 0 OR k.staff_id = $1::bigint)"
	    " AND ($2::bigint = 0 OR k.id < $2::bigint)"
	    " ORDER BY k.id DESC LIMIT $3::int", 3, p);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	*more = n > limit;
	if (n > limit)
		n = limit;
	*out = arena_calloc(a, n > 0 ? (size_t)n : 1, sizeof(**out));
	for (i = 0; i < n; i++)
		apikey_row(a, res, i, &(*out)[i]);
	PQclear(res);
	return n;
}

int
apikey_get(struct arena *a, long long id, struct apikey *k)
{
	const char	*p[1];
	PGresult	*res;
	int		 rc;

	p[0] = arena_printf(a, "%lld", id);
	res = db_exec(__func__, "SELECT " APIKEY_COLUMNS
	    " FROM steward.api_keys k JOIN steward.staff st ON st.id = k.staff_id"
	    " WHERE k.id = $1::bigint", 1, p);
	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) == 1))
		apikey_row(a, res, 0, k);
	PQclear(res);
	return rc;
}
