/*
 * staff.h: staff accounts (steward.staff).
 */
#ifndef STEWARD_STAFF_H
#define STEWARD_STAFF_H

#include <stdbool.h>

struct arena;
struct audit_txn;

struct staff {
	long long	 id;
	const char	*email;
	const char	*display_name;
	const char	*role;
	const char	*status;	/* "active" or "disabled" */
};

/*
 * Looks an account up by email, case-insensitively. Returns 1 and fills
 * *s and *hash (arena memory) if found, 0 if not, -1 on database error.
 */
int	staff_by_email(struct arena *, const char *email, struct staff *s,
	    const char **hash);
/*
 * Creates an account inside an audited transaction. Returns 0 with *id
 * set, 1 if the email is taken, -1 on database error.
 */
int	staff_create(struct audit_txn *, const char *email,
	    const char *display_name, const char *hash, const char *role,
	    long long *id);
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
