/* handlers/auth.h: signing in and out. */
#ifndef STEWARD_HANDLERS_AUTH_H
#define STEWARD_HANDLERS_AUTH_H

struct request;
struct response;

void	auth_login_form(struct request *, struct response *);
/*
 * Makes sure an anonymous visitor has a pre-session CSRF secret (setting
 * its cookie), so a public form can carry a token; 0 or -1.
 */
int	auth_csrf_ensure(struct request *, struct response *);
void	auth_login(struct request *, struct response *);
void	auth_logout(struct request *, struct response *);
void	auth_totp_form_get(struct request *, struct response *);
void	auth_totp(struct request *, struct response *);
void	auth_reauth_form(struct request *, struct response *);
void	auth_reauth(struct request *, struct response *);

struct staff;

/*
 * A failed re-entry of a password or code by someone signed in (step-up,
 * password change, turning TOTP off): counts toward the sign-in lock and
 * writes a staff.step_up_failed row saying which. 0 or -1.
 */
int	auth_proof_failed(struct request *, const struct staff *,
	    const char *method);
/*
 * Checks a password re-entered by the signed-in staff member (password
 * change, turning TOTP off): loads the account into *s and its stored
 * hash into *hash (arena memory), refuses without
 * hashing while it is locked or throttled or its hash is over the
 * ceiling, verifies under the argon2 limit, and counts a wrong one with
 * auth_proof_failed(method). Returns 1 if right, 0 if wrong (counted),
 * -1 on database error, -2 if no argon2 slot was free.
 */
int	auth_recheck(struct request *, const char *pw, const char *method,
	    struct staff *s, const char **hash);
/*
 * Step-up interrupting a POST (serve.c): the step-up form at once, with
 * the posted fields carried along, so that after the proof the same form
 * comes back filled in, one click from done.
 */
void	auth_stepup_post(struct request *, struct response *);
/* Sets the session cookie for token; 0 or -1. */
int	auth_session_cookie(struct request *, struct response *,
	    const char *token);

struct params;

/*
 * Where to go after step-up: the "next" parameter if it is a local path
 * (response_local_path) of at most 512 bytes, or the account page.
 * Exposed for tests and fuzzing.
 */
const char	*auth_next(const struct params *);

#endif
