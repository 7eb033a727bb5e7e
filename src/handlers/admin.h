/* handlers/admin.h: the signed-in landing page. */
#ifndef STEWARD_HANDLERS_ADMIN_H
#define STEWARD_HANDLERS_ADMIN_H

struct request;
struct response;

void	admin_root(struct request *, struct response *);
void	admin_home(struct request *, struct response *);

#endif
