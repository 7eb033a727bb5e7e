/* handlers/health.h: GET /healthz. */
#ifndef STEWARD_HANDLERS_HEALTH_H
#define STEWARD_HANDLERS_HEALTH_H

struct request;
struct response;

void	health_get(struct request *, struct response *);

#endif
