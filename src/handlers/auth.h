/* handlers/auth.h: signing in and out. */
#ifndef STEWARD_HANDLERS_AUTH_H
#define STEWARD_HANDLERS_AUTH_H

struct request;
struct response;

void	auth_login_form(struct request *, struct response *);
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
/* Sets the session cookie for token; 0 or -1. */
int	auth_session_cookie(struct request *, struct response *,
	    const char *token);

#endif
