/*
 * handlers/keys.h: signed-in sessions (/admin/sessions, /api/v1/sessions),
 * API keys (/admin/api-keys, /api/v1/api-keys) and /api/v1/me.
 */
#ifndef STEWARD_HANDLERS_KEYS_H
#define STEWARD_HANDLERS_KEYS_H

struct request;
struct response;

void	keys_me(struct request *, struct response *);
void	keys_sessions(struct request *, struct response *);
void	keys_session_revoke(struct request *, struct response *);
void	keys_list(struct request *, struct response *);
void	keys_show(struct request *, struct response *);
void	keys_create(struct request *, struct response *);
void	keys_rotate(struct request *, struct response *);
void	keys_revoke(struct request *, struct response *);

#endif
