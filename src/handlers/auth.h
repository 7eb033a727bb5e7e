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

#endif
