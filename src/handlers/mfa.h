/* handlers/mfa.h: setting up and turning off TOTP for one's account. */
#ifndef STEWARD_HANDLERS_MFA_H
#define STEWARD_HANDLERS_MFA_H

struct request;
struct response;

void	mfa_show(struct request *, struct response *);
void	mfa_enable(struct request *, struct response *);
void	mfa_disable(struct request *, struct response *);

#endif
