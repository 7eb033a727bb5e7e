/*
 * session.h: signed-in sessions (steward.sessions). The token lives only
 * in the browser's cookie; the database keeps its SHA-256.
 */
#ifndef STEWARD_SESSION_H
#define STEWARD_SESSION_H

#include <stdbool.h>

struct arena;
struct audit_txn;
struct staff;

#define SESSION_COOKIE		"__Host-steward"

/* How far a session has got (the sessions.stage column). */
enum session_stage {
	SESSION_FULL,		/* signed in */
	SESSION_MFA,		/* password right, TOTP code still due */
	SESSION_ENROL,		/* must set up TOTP before anything else */
	SESSION__MAX
};
#define SESSION_TOKEN_BYTES	32

/*
 * Starts a session for staff_id lasting lifetime seconds, inside an
 * audited transaction. Returns its id with the cookie value (base64url of
 * 32 random bytes; arena memory) in *token, or -1.
 */
long long session_create(struct audit_txn *, struct arena *,
	    long long staff_id, const char *ip, const char *user_agent,
	    long lifetime, enum session_stage, const char **token);
/*
 * Finds the active staff member behind a cookie value, in a session used
 * within the last idle seconds and not past its absolute expiry. Returns
 * 1 with *s and *session_id filled (arena memory), 0 if the token is
 * malformed, unknown, expired or idle, or its account disabled, -1 on
 * database error.
 */
int	session_load(struct arena *, const char *token, long idle,
	    struct staff *s, long long *session_id, enum session_stage *,
	    long *reauth_age, bool *renew);
/*
 * Moves the session behind old to a new token (arena memory, in *token):
 * the same row, so its expiry stays, and the old token stops working.
 * With t, a step-up, inside its audited change: the identity is marked
 * as just proven. Without t, only a session a role change marked for
 * renewal (sessions.renew), whose audit row is the role change's own.
 * 1 if renewed, 0 if there was no such session (or another request
 * renewed it first), -1 on error.
 */
int	session_renew(struct audit_txn *, struct arena *, const char *old,
	    const char **token);

struct session_info {
	long long	 id;
	const char	*created;	/* UTC, to the minute */
	const char	*last_seen;
	const char	*expires;
	const char	*ip;		/* or NULL */
	const char	*user_agent;
	long long	 staff_id;
	const char	*staff_email;
	const char	*staff_name;
};

/*
 * Live sessions of staff_id (0: everyone's), newest first, at most 500;
 * count or -1. Arena memory.
 */
int	session_list(struct arena *, long long staff_id, long idle,
	    struct session_info **);
/*
 * Ends every session of staff_id but keep (audited). Returns how many
 * ended, or -1.
 */
long	session_end_others(struct audit_txn *, long long staff_id,
	    long long keep);
/*
 * Ends session id (audited); only if it belongs to staff_id, unless that
 * is 0. 0 if it ended, 1 if there is no such session, -1.
 */
int	session_revoke(struct audit_txn *, long long id, long long staff_id);
/* The staff id session id belongs to: > 0, 0 if there is none, -1. */
long long session_owner(long long id);
/* Ends the session behind a cookie value; 0 (also if none) or -1. */
int	session_destroy(struct audit_txn *, const char *token);

#endif
