/*
 * staff.h: staff accounts (steward.staff).
 */
#ifndef STEWARD_STAFF_H
#define STEWARD_STAFF_H

#include <stdbool.h>

#include "perm.h"

struct arena;
struct audit_txn;

struct staff {
	long long	 id;
	const char	*email;
	const char	*display_name;
	const char	*role;
	const char	*status;	/* "active" or "disabled" */
	perm_set	 perms;		/* what the role grants */
	/* Filled by staff_get() and staff_list() only. */
	const char	*created;	/* ISO 8601 UTC */
	const char	*last_seen;	/* latest session activity, or NULL */
	bool		 mfa;		/* TOTP enabled */
	bool		 invited;	/* no password set yet */
};

struct staff_filter {
	const char	*q;		/* within email or name */
	const char	*role;
	const char	*status;	/* "active" or "disabled" */
	long long	 before;	/* keyset: id < before; 0 for none */
};

/*
 * Looks an account up by email, case-insensitively. Returns 1 and fills
 * *s and *hash (arena memory; NULL while an invited account has set no
 * password) if found, 0 if not, -1 on database error.
 */
int	staff_by_email(struct arena *, const char *email, struct staff *s,
	    const char **hash);
/*
 * Creates an account inside an audited transaction; hash NULL for an
 * invited account without a password yet. Returns 0 with *id set, 1 if
 * the email is taken, 2 if the role does not exist, -1 on error.
 */
int	staff_create(struct audit_txn *, const char *email,
	    const char *display_name, const char *hash, const char *role,
	    long long *id);
/* One account by id: 1, 0 if none, -1. Arena memory. */
int	staff_get(struct arena *, long long id, struct staff *);
/*
 * Accounts matching f, newest first, up to limit; *more if more remain.
 * Count or -1. Arena memory.
 */
int	staff_list(struct arena *, const struct staff_filter *, int limit,
	    struct staff **, int *more);
/*
 * Changes name and role (either may be NULL: unchanged) inside an audited
 * transaction. 0; 1 if there is no such account; 2 if it is the last
 * active owner (the database refuses); -1 on error.
 */
int	staff_update(struct audit_txn *, long long id, const char *name,
	    const char *role);
/*
 * Sets status "active" or "disabled". Disabling ends the account's
 * sessions, API keys and open invitations (sql 0007). 0; 1 if there is no
 * such account or it already had that status; 2 if it is the last active
 * owner; -1 on error.
 */
int	staff_set_status(struct audit_txn *, long long id, const char *status);
/*
 * A one-time link token for staff_id to set a password, valid for
 * lifetime seconds; earlier unused ones end. 0 with *token (arena), -1.
 */
int	staff_invite(struct audit_txn *, struct arena *, long long staff_id,
	    long long created_by, long lifetime, const char **token);
/*
 * The account an unused, unexpired invitation token belongs to: 1 with *s,
 * 0 if the token is malformed, unknown, used or expired, -1.
 */
int	staff_invitation(struct arena *, const char *token, struct staff *);
/* Marks the token used (in the transaction that sets the password). */
int	staff_invitation_use(struct audit_txn *, const char *token);
/*
 * Sets an account's password hash inside an audited transaction. A change
 * ends the account's sessions (the database does it, sql 0002); a rehash
 * (same password, stronger parameters) does not. 0, 1 if there is no such
 * account, -1 on error.
 */
int	staff_set_password(struct audit_txn *, long long id, const char *hash,
	    bool rehash);
/* True if the email looks like one: local@domain, no spaces, <= 254. */
bool	staff_email_ok(const char *email);
/* True for a display name: 1 to 200 characters, UTF-8, no controls. */
bool	staff_name_ok(const char *name);

#endif
