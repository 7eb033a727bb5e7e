/*
 * handlers/explore.h: the read-only database explorer (/admin/explore).
 */
#ifndef STEWARD_HANDLERS_EXPLORE_H
#define STEWARD_HANDLERS_EXPLORE_H

struct request;
struct response;

void	explore_index(struct request *, struct response *);
void	explore_table(struct request *, struct response *);

#endif
