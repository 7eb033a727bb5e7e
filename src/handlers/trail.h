/* handlers/trail.h: reading the audit trail (/admin/audit, /api/v1/audit). */
#ifndef STEWARD_HANDLERS_TRAIL_H
#define STEWARD_HANDLERS_TRAIL_H

struct arena;
struct audit_row;
struct request;
struct response;
struct tmpl_dict;

/*
 * A record's or an account's latest audit rows on its own page: one
 * section named section in d per row (SEQ, AT, ACTION, and ACTOR as
 * /admin/audit shows it), or NONE.
 */
void	trail_history(struct arena *, struct tmpl_dict *d, const char *section,
	    const struct audit_row *rows, int n);

void	trail_list(struct request *, struct response *);
void	trail_show(struct request *, struct response *);
void	trail_csv(struct request *, struct response *);
void	trail_api(struct request *, struct response *);
void	trail_api_show(struct request *, struct response *);

#endif
