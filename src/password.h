/*
 * password.h: argon2id password hashes in PHC string form (libargon2).
 */
#ifndef STEWARD_PASSWORD_H
#define STEWARD_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

struct conf;

#define PASSWORD_MIN_CHARS	12	/* code points */
#define PASSWORD_MAX_BYTES	128
#define PASSWORD_HASH_MAX	256	/* bytes of a PHC string, with NUL */

/* Hashes pw with the configured cost into out; 0 or -1. */
int		 password_hash(const struct conf *, const char *pw,
		    char *out, size_t outsize);
/* True only if encoded is an argon2id hash of pw. */
bool		 password_verify(const char *encoded, const char *pw);
/* NULL if pw is acceptable, else why not (English, for the user). */
const char	*password_policy(const char *pw);
/*
 * A hash of a random password with the configured cost, made once, to
 * verify against when the account does not exist, so that an unknown
 * email costs the same time as a wrong password. 0 or -1.
 */
int		 password_dummy_init(const struct conf *);
const char	*password_dummy(void);

#endif
