/*
 * audit.h: the only way to change data. A change happens inside an
 * audited transaction: audit_begin() opens it, the owning modules make
 * their changes through it (their write functions take a struct
 * audit_txn *), and audit_commit() writes the one audit row and commits
 * both together. Without a struct audit_txn there is no way to call them.
 */
#ifndef STEWARD_AUDIT_H
#define STEWARD_AUDIT_H

struct arena;
struct json_object;
struct request;

/* Every action the trail knows; the names are in audit.c. */
enum audit_action {
	AUDIT_SIGN_IN,		/* staff.sign_in */
	AUDIT_SIGN_IN_FAILED,	/* staff.sign_in_failed */
	AUDIT_SIGN_OUT,		/* staff.sign_out */
	AUDIT_STAFF_CREATE,	/* staff.create */
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
/* Rolls the transaction back. */
void		 audit_abort(struct audit_txn *);
/* "staff.sign_in" and so on. */
const char	*audit_action_name(enum audit_action);
/*
 * Drops the keys whose values are equal in both objects and replaces
 * secret values with "[redacted]" (exposed for tests).
 */
void		 audit_prepare(struct json_object *before,
		    struct json_object *after);

#endif
