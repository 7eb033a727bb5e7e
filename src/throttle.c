/*
 * throttle.c: how often sign-in may fail, per account and per address,
 * kept in the database so every worker on every host agrees (OWASP ASVS
 * 2.2.1). Only counts and times: no password, no hash.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "throttle.h"

/* Failures per email in an hour beyond which nothing is hashed. */
#define THROTTLE_HOURLY_HASHES	100

int
throttle_check(const struct conf *c, const char *email, long long staff_id,
    const char *ip, struct throttle_state *st)
{
	char		 id[24], window[24];
	const char	*p[4];
	PGresult	*res;

	memset(st, 0, sizeof(*st));
	snprintf(id, sizeof(id), "%lld", staff_id);
	snprintf(window, sizeof(window), "%ld", c->login_lock_time);
	p[0] = ip;
	p[1] = window;
	p[2] = id;
	p[3] = email;
	res = db_exec(__func__,
	    "SELECT (SELECT count(*) FROM steward.login_failures"
	    "   WHERE ip = $1::inet"
	    "   AND at > now() - make_interval(secs => $2::int)),"
	    " coalesce((SELECT locked_until > now() FROM steward.staff"
	    "   WHERE id = $3::bigint), false),"
	    " (SELECT count(*) FROM steward.login_failures"
	    "   WHERE email = lower($4) AND at > now() - interval '1 hour')",
	    4, p);
	if (res == NULL)
		return -1;
	st->ip_blocked = ip != NULL &&
	    strtol(PQgetvalue(res, 0, 0), NULL, 10) >=
	    c->login_max_failures_per_ip;
	st->locked = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	st->over_hourly = strtol(PQgetvalue(res, 0, 2), NULL, 10) >=
	    THROTTLE_HOURLY_HASHES;
	PQclear(res);
	return 0;
}

int
throttle_fail(struct audit_txn *t, const struct conf *c, const char *email,
    long long staff_id, const char *ip, bool *locked)
{
	char		 id[24], max[24], lock[24];
	const char	*p[3];
	PGresult	*res;

	*locked = false;
	if (!audit_live(t))
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	p[0] = staff_id > 0 ? id : NULL;
	p[1] = ip;
	p[2] = email;
	if (db_command(__func__, "INSERT INTO steward.login_failures"
	    " (staff_id, ip, email) VALUES ($1::bigint, $2::inet, lower($3))",
	    3, p) == -1)
		return -1;
	/*
	 * Rows older than every window that reads them (the hour, the lock
	 * time) go, for this email and address: the table stays bounded by
	 * recent traffic, and the indexes make it cheap.
	 */
	snprintf(lock, sizeof(lock), "%ld", c->login_lock_time);
	p[0] = lock;
	if (db_command(__func__, "DELETE FROM steward.login_failures"
	    " WHERE (email = lower($3) OR ip = $2::inet)"
	    " AND at < now() - make_interval(secs => greatest(3600, $1::int))",
	    3, p) == -1)
		return -1;
	if (staff_id <= 0)
		return 0;
	snprintf(max, sizeof(max), "%ld", c->login_max_failures);
	snprintf(lock, sizeof(lock), "%ld", c->login_lock_time);
	p[0] = id;
	p[1] = max;
	p[2] = lock;
	/* A lock in force is not extended: no locking someone out forever. */
	/*
	 * A lock that has run out starts the count again, so one failure
	 * every lock period cannot keep an account locked for ever.
	 */
	res = db_exec(__func__,
	    "WITH cur AS (SELECT id, CASE WHEN locked_until <= now() THEN 0"
	    "  ELSE failed_logins END + 1 AS n, locked_until"
	    "  FROM steward.staff WHERE id = $1::bigint FOR UPDATE)"
	    " UPDATE steward.staff st SET failed_logins = cur.n,"
	    " locked_until = CASE"
	    "  WHEN cur.locked_until > now() THEN cur.locked_until"
	    "  WHEN cur.n >= $2::int"
	    "   THEN now() + make_interval(secs => $3::int)"
	    "  ELSE NULL END"
	    " FROM cur WHERE st.id = cur.id"
	    " RETURNING coalesce(st.locked_until > now(), false)", 3, p);
	if (res == NULL)
		return -1;
	*locked = PQntuples(res) == 1 &&
	    strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return 0;
}

int
throttle_success(struct audit_txn *t, long long staff_id)
{
	char		 id[24];
	const char	*p[1] = { id };

	if (!audit_live(t))
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	return db_command(__func__, "UPDATE steward.staff SET"
	    " failed_logins = 0, locked_until = NULL WHERE id = $1::bigint"
	    " AND (failed_logins <> 0 OR locked_until IS NOT NULL)", 1, p);
}
