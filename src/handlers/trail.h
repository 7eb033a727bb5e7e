/* handlers/trail.h: reading the audit trail (/admin/audit, /api/v1/audit). */
#ifndef STEWARD_HANDLERS_TRAIL_H
#define STEWARD_HANDLERS_TRAIL_H

struct request;
struct response;

void	trail_list(struct request *, struct response *);
void	trail_show(struct request *, struct response *);
void	trail_csv(struct request *, struct response *);
void	trail_api(struct request *, struct response *);
void	trail_api_show(struct request *, struct response *);

#endif
