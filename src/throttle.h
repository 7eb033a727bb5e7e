/*
 * throttle.h: sign-in throttling in PostgreSQL (steward.login_failures and
 * the staff lock), checked before any password hashing.
 */
#ifndef STEWARD_THROTTLE_H
#define STEWARD_THROTTLE_H

#include <stdbool.h>

struct audit_txn;
struct conf;

struct throttle_state {
	bool	ip_blocked;	/* too many failures from this address */
	bool	locked;		/* the account is locked now */
	bool	over_hourly;	/* so many failures this hour: do not hash */
};

/*
 * Reads the state for the email tried, its account (0: none) and the
 * client address; 0 or -1.
 */
int	throttle_check(const struct conf *, const char *email,
	    long long staff_id, const char *ip, struct throttle_state *);
/*
 * Counts a failure inside the sign-in's audited transaction; locks the
 * account after login_max_failures in a row. *locked says whether it is
 * locked now. 0 or -1.
 */
int	throttle_fail(struct audit_txn *, const struct conf *,
	    const char *email, long long staff_id, const char *ip,
	    bool *locked);
/* A successful sign-in clears the account's count and lock; 0 or -1. */
int	throttle_success(struct audit_txn *, long long staff_id);

#endif
