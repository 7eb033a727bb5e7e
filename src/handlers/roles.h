/*
 * handlers/roles.h: roles and their permissions (/admin/roles and
 * /api/v1/roles). Anyone may read them; changing them needs
 * "roles.manage", and nobody grants a permission they lack.
 */
#ifndef STEWARD_HANDLERS_ROLES_H
#define STEWARD_HANDLERS_ROLES_H

struct request;
struct response;

void	roles_list(struct request *, struct response *);
void	roles_show(struct request *, struct response *);
void	roles_create(struct request *, struct response *);
void	roles_update(struct request *, struct response *);
void	roles_delete(struct request *, struct response *);

#endif
