/*
 * audit.h: the only way to change data. A change happens inside an
 * audited transaction: audit_begin() opens it, the owning modules make
 * their changes through it (their write functions take a struct
 * audit_txn *), and audit_commit() writes the one audit row and commits
 * both together. Without a struct audit_txn there is no way to call them.
 */
#ifndef STEWARD_AUDIT_H
#define STEWARD_AUDIT_H

#include <stdbool.h>

struct arena;
struct json_object;
struct request;

/* Every action the trail knows; the names are in audit.c. */
enum audit_action {
	AUDIT_SIGN_IN,		/* staff.sign_in */
	AUDIT_SIGN_IN_FAILED,	/* staff.sign_in_failed */
	AUDIT_SIGN_OUT,		/* staff.sign_out */
	AUDIT_STAFF_CREATE,	/* staff.create */
	AUDIT_PASSWORD_CHANGE,	/* staff.password_change */
	AUDIT_PASSWORD_RESET,	/* staff.password_reset (stewardctl) */
	AUDIT_SESSIONS_END_OTHERS, /* staff.sessions_end_others */
	AUDIT_MFA_VERIFIED,	/* staff.mfa_verified */
	AUDIT_MFA_FAILED,	/* staff.mfa_failed */
	AUDIT_MFA_ENABLE,	/* staff.mfa_enable */
	AUDIT_MFA_DISABLE,	/* staff.mfa_disable */
	AUDIT_STEP_UP,		/* staff.step_up */
	AUDIT_STEP_UP_FAILED,	/* staff.step_up_failed */
	AUDIT_STAFF_UPDATE,	/* staff.update (name, role) */
	AUDIT_STAFF_DEACTIVATE,	/* staff.deactivate */
	AUDIT_STAFF_REACTIVATE,	/* staff.reactivate */
	AUDIT_STAFF_MFA_RESET,	/* staff.mfa_reset (by someone else) */
	AUDIT_STAFF_INVITE,	/* staff.invite (a set-password link) */
	AUDIT_STAFF_PASSWORD_SET, /* staff.password_set (through the link) */
	AUDIT_SESSION_REVOKE,	/* staff.session_revoke */
	AUDIT_ROLE_CREATE,	/* role.create */
	AUDIT_ROLE_UPDATE,	/* role.update */
	AUDIT_ROLE_DELETE,	/* role.delete */
	AUDIT_API_KEY_CREATE,	/* api_key.create */
	AUDIT_API_KEY_ROTATE,	/* api_key.rotate */
	AUDIT_API_KEY_REVOKE,	/* api_key.revoke */
	AUDIT_RECORD_CREATE,	/* record.create (target: resource, key) */
	AUDIT_RECORD_UPDATE,	/* record.update */
	AUDIT_RECORD_DELETE,	/* record.delete */
	AUDIT_RECORD_BULK,	/* record.bulk (one row per record) */
	AUDIT__MAX
};

/* Who did it and from where; strings may be NULL. */
struct audit_context {
	long long	 staff_id;	/* 0: nobody signed in */
	long long	 api_key_id;	/* 0: none */
	const char	*email;		/* the attempted email, if nobody */
	const char	*ip;		/* an IP address, or NULL */
	const char	*user_agent;
	const char	*request_id;
};

struct audit_txn;

/* The context of a request: its staff member, address, agent and id. */
void		 audit_context_of(struct audit_context *,
		    const struct request *);
/*
 * Opens a transaction whose changes audit_commit() will record. Returns
 * NULL if the database is unavailable. Arena memory; ends with
 * audit_commit() or audit_abort().
 */
struct audit_txn *audit_begin(struct arena *, const struct audit_context *);
/*
 * Writes the audit row for this transaction's change and commits both.
 * before and after are JSON objects of the fields that changed (either
 * may be NULL); fields that are equal in both are dropped, secrets are
 * redacted, and the objects are released. Returns 0, or -1 if nothing
 * was committed (neither the change nor the row).
 */
int		 audit_commit(struct audit_txn *, enum audit_action,
		    const char *target_type, const char *target_id,
		    struct json_object *before, struct json_object *after);
/*
 * For a change of many records (a bulk action, a cascaded delete): adds
 * one audit row and keeps the transaction open. The rows are inserted by
 * audit_finish(), in the order added, just before it commits them and the
 * change together, so the audit chain's lock is held for the inserts
 * only. 0, or -1 (nothing is written) if t is not open.
 */
int		 audit_add(struct audit_txn *, enum audit_action,
		    const char *target_type, const char *target_id,
		    struct json_object *before, struct json_object *after);
/* Commits after audit_add(): 0, or -1 if nothing was committed. */
int		 audit_finish(struct audit_txn *);
/* Rolls the transaction back. */
void		 audit_abort(struct audit_txn *);
/* "staff.sign_in" and so on. */
const char	*audit_action_name(enum audit_action);
/* Reading the trail: what /admin/audit and /api/v1/audit filter on. */
struct audit_filter {
	const char	*actor;		/* staff id, or an email */
	const char	*action;	/* an action name */
	const char	*target_type;
	const char	*target_id;
	const char	*from;		/* YYYY-MM-DD, UTC, inclusive */
	const char	*to;		/* YYYY-MM-DD, UTC, inclusive */
	const char	*q;		/* text within target_id */
	long long	 before;	/* keyset: only rows with seq < before */
};

/* One row as text; NULL where the column is NULL. Arena memory. */
struct audit_row {
	long long	 seq;
	const char	*at;		/* "YYYY-MM-DDTHH:MM:SS.ffffffZ" */
	long long	 staff_id;	/* 0: none */
	const char	*actor_name;	/* the staff member's name, or NULL */
	const char	*actor_email;	/* theirs, or the email tried */
	long long	 api_key_id;
	const char	*action;
	const char	*target_type;
	const char	*target_id;
	const char	*before;	/* JSON text */
	const char	*after;
	const char	*ip;
	const char	*user_agent;
	const char	*request_id;
	const char	*hash;		/* hex */
	const char	*prev_hash;	/* hex */
};

struct params;

/*
 * Fills a filter from query parameters; -1 with why (for a 400) if one is
 * malformed. Empty parameters are no filter.
 */
int		 audit_filter_parse(struct audit_filter *,
		    const struct params *, const char **why);
/*
 * Up to limit rows matching f, newest first; *more tells whether older
 * ones remain. Returns the number of rows, or -1 on database error.
 */
int		 audit_list(struct arena *, const struct audit_filter *,
		    int limit, struct audit_row **rows, int *more);
/* One row by sequence number: 1, 0 if there is none, -1 on error. */
int		 audit_get(struct arena *, long long seq, struct audit_row *);
/*
 * Every row matching f, newest first, in one snapshot through a cursor
 * (memory stays bounded: rows live in a scratch arena reset per batch),
 * handed to cb until it returns -1. Returns 0, or -1 on database error or
 * when cb stopped.
 */
int		 audit_each(struct arena *, const struct audit_filter *,
		    int (*cb)(const struct audit_row *, void *), void *ctx);
/*
 * Drops the keys whose values are equal in both objects and replaces
 * secret values with "[redacted]" (exposed for tests).
 */
void		 audit_prepare(struct json_object *before,
		    struct json_object *after);

/*
 * Whether t is an audited transaction still open: every function that
 * writes takes one and checks this first, so a write after audit_commit
 * or audit_abort (autocommit, unaudited) is refused, not made.
 */
bool		 audit_live(const struct audit_txn *);

#endif
