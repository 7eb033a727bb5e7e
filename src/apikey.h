/*
 * apikey.h: API keys (steward.api_keys). A key reads
 * "stw_" LOOKUP "_" SECRET: a fixed prefix secret scanners can match, a
 * 12-character public lookup id, and 43 characters of base64url (256
 * random bits). Only the SHA-256 of the secret is stored.
 */
#ifndef STEWARD_APIKEY_H
#define STEWARD_APIKEY_H

#include <stdbool.h>

#include "perm.h"

struct arena;
struct audit_txn;
struct staff;

#define APIKEY_PREFIX		"stw_"
#define APIKEY_LOOKUP_LEN	12
#define APIKEY_SECRET_BYTES	32
/* The longest grace a rotation may give the old secret: a week. */
#define APIKEY_MAX_GRACE	(7L * 24 * 3600)

struct apikey {
	long long	 id;
	const char	*lookup;
	long long	 staff_id;	/* whose key it is */
	const char	*staff_email;
	const char	*name;
	const char	*role;
	const char	*created;	/* ISO 8601 UTC */
	const char	*expires;	/* or NULL: never */
	const char	*revoked;	/* or NULL */
	const char	*rotated;	/* or NULL */
	const char	*previous_expires; /* old secret valid until, or NULL */
	const char	*last_used;	/* or NULL */
	const char	*last_used_ip;	/* or NULL */
	bool		 active;	/* not revoked, not expired */
};

/*
 * Authenticates "Bearer <key>" (the whole Authorization value). Returns 1
 * with *s the key's owner, s->perms what the key may do (its role's
 * permissions, within its owner's current ones) and *key_id, 0 if the
 * value is malformed or the key unknown, wrong, revoked, expired or its
 * owner inactive, -1 on database error. Records the use (time and IP,
 * at most once a minute per key).
 */
int	apikey_authenticate(struct arena *, const char *authorization,
	    const char *ip, struct staff *s, long long *key_id);
/*
 * Makes a key for staff_id with role, expiring at expires (an ISO date
 * or timestamp, or NULL for never), inside an audited transaction.
 * Returns 0 with *id and *key (arena memory, shown once), 2 if expires
 * is not a real time in the future, or -1.
 */
int	apikey_create(struct audit_txn *, struct arena *, long long staff_id,
	    const char *name, const char *role, const char *expires,
	    long long *id, const char **key);
/*
 * A new secret for key id; the old one keeps working for grace seconds.
 * 0 with *key, 1 if there is no such active key, -1 on error.
 */
int	apikey_rotate(struct audit_txn *, struct arena *, long long id,
	    long grace, const char **key);
/* Revokes key id now: 0, 1 if there is no such active key, -1. */
int	apikey_revoke(struct audit_txn *, long long id);
/*
 * Keys newest first, of staff_id (0: everyone's), with id < before
 * (0: from the newest); up to limit, *more if older ones remain. Count
 * or -1.
 */
int	apikey_list(struct arena *, long long staff_id, long long before,
	    int limit, struct apikey **, int *more);
/* One key: 1, 0 if none, -1. */
int	apikey_get(struct arena *, long long id, struct apikey *);

/* The pieces below are exposed for tests and fuzzing. */

/*
 * Reads "Bearer stw_LOOKUP_SECRET" (the scheme in any case, RFC 6750
 * section 2.1): true with the lookup id and the SHA-256 of the secret's
 * 32 bytes if the value has exactly that shape, false otherwise.
 */
bool	apikey_parse(const char *authorization,
	    char lookup[APIKEY_LOOKUP_LEN + 1], unsigned char hash[32]);
/* 12 characters of [a-z0-9], uniformly (rejection sampling); 0 or -1. */
int	apikey_new_lookup(char out[APIKEY_LOOKUP_LEN + 1]);
/*
 * A new secret: its base64url text (arena memory) and the SHA-256 of its
 * bytes as a bytea literal ("\x" and 64 hex digits); 0 or -1.
 */
int	apikey_new_secret(struct arena *, const char **secret,
	    char hash[2 + 64 + 1]);

#endif
