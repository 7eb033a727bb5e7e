/*
 * handlers/team.h: staff management (/admin/staff and /api/v1/staff) and
 * the one-time set-password links (/invite).
 */
#ifndef STEWARD_HANDLERS_TEAM_H
#define STEWARD_HANDLERS_TEAM_H

struct request;
struct response;

void	team_list(struct request *, struct response *);
void	team_new(struct request *, struct response *);
void	team_create(struct request *, struct response *);
void	team_show(struct request *, struct response *);
void	team_update(struct request *, struct response *);
void	team_deactivate(struct request *, struct response *);
void	team_reactivate(struct request *, struct response *);
void	team_reset_mfa(struct request *, struct response *);
void	team_invite(struct request *, struct response *);
void	team_invite_form(struct request *, struct response *);
void	team_invite_accept(struct request *, struct response *);

#endif
