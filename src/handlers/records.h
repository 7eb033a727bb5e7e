/*
 * handlers/records.h: the resource engine's screens (/admin/r/...) and
 * their JSON twins (/api/v1/r/...).
 */
#ifndef STEWARD_HANDLERS_RECORDS_H
#define STEWARD_HANDLERS_RECORDS_H

struct request;
struct response;

void	records_index(struct request *, struct response *);
void	records_list(struct request *, struct response *);
void	records_csv(struct request *, struct response *);
void	records_show(struct request *, struct response *);
void	records_new(struct request *, struct response *);
void	records_create(struct request *, struct response *);
void	records_edit(struct request *, struct response *);
void	records_update(struct request *, struct response *);
void	records_delete_form(struct request *, struct response *);
void	records_delete(struct request *, struct response *);
void	records_bulk(struct request *, struct response *);

#endif
