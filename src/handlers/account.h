/* handlers/account.h: the signed-in staff member's own account. */
#ifndef STEWARD_HANDLERS_ACCOUNT_H
#define STEWARD_HANDLERS_ACCOUNT_H

struct request;
struct response;

void	account_show(struct request *, struct response *);
void	account_password(struct request *, struct response *);
void	account_end_others(struct request *, struct response *);

#endif
