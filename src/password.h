/*
 * password.h: argon2id password hashes in PHC string form (libargon2).
 */
#ifndef STEWARD_PASSWORD_H
#define STEWARD_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

struct conf;

#define PASSWORD_MAX_BYTES	128
#define PASSWORD_HASH_MAX	256	/* bytes of a PHC string, with NUL */

/* Hashes pw with the configured cost into out; 0 or -1. */
int		 password_hash(const struct conf *, const char *pw,
		    char *out, size_t outsize);
/* True only if encoded is an argon2id hash of pw. */
bool		 password_verify(const char *encoded, const char *pw);
/*
 * NULL if pw may be set for the account with this email, else why not
 * (English, for the user): at least password_min_length characters, at
 * most 128 bytes, valid UTF-8, not in the blocklist, not the email.
 */
const char	*password_policy(const struct conf *, const char *pw,
		    const char *email);
/*
 * Loads the common-password list (one per line, "#!comment" lines
 * skipped) once; "" loads none. 0, or -1 with why in err.
 */
int		 password_blocklist_load(const char *path, char *err,
		    size_t errsize);
/*
 * True if pw (any case) is on the loaded list, is a short unit or a
 * listed word repeated, or is one of those with only digits, symbols
 * and spaces around it ("Password2024!", "qwertyqwerty1").
 */
bool		 password_blocklisted(const char *pw);
/* The cost of a stored argon2id hash; false if it is not one. */
bool		 password_params(const char *encoded, long *memory,
		    long *iterations, long *parallelism);
/* True if a stored hash is cheaper than the configured cost. */
bool		 password_needs_rehash(const struct conf *, const char *encoded);
/* True if verifying a stored hash stays within the argon2_max_* ceiling. */
bool		 password_within_ceiling(const struct conf *,
		    const char *encoded);
/*
 * A hash of a random password with the configured cost, made once, to
 * verify against when the account does not exist, so that an unknown
 * email costs the same time as a wrong password. 0 or -1.
 */
int		 password_dummy_init(const struct conf *);
const char	*password_dummy(void);

#endif
