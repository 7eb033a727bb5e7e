/*
 * handlers/reply.h: what the staff, roles, sessions and API-key handlers
 * share: one handler serves a page and its /api/v1 twin, and answers in
 * the form its route speaks.
 */
#ifndef STEWARD_HANDLERS_REPLY_H
#define STEWARD_HANDLERS_REPLY_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;
struct request;
struct response;

#define REPLY_MAX_ERRORS	16

/* Validation errors, one message per field. */
struct reply_errors {
	size_t	n;
	struct {
		const char	*field;
		const char	*message;
	}	v[REPLY_MAX_ERRORS];
};

/* True if the route answers JSON (an /api/v1 route). */
bool	reply_json(const struct request *);
void	reply_error_add(struct reply_errors *, const char *field,
	    const char *message);
/* The message for field, or NULL. */
const char *reply_error_for(const struct reply_errors *, const char *field);
/* 422 application/problem+json naming each bad field (JSON routes). */
void	reply_invalid(struct response *, const struct reply_errors *);
/* 503: the database did not answer. */
void	reply_unavailable(struct request *, struct response *);
/*
 * The numeric capture name of the route as *id; on anything else answers
 * 404 and returns -1.
 */
int	reply_id(struct request *, struct response *, const char *name,
	    long long *id);
/*
 * The "limit" query parameter (def when absent, 1..max); -1 after
 * answering 400 when it is malformed.
 */
int	reply_limit(struct request *, struct response *, int def, int max,
	    int *limit);
/*
 * The "before" query parameter (keyset pagination: 0 when absent); -1
 * after answering 400 when it is malformed.
 */
int	reply_before(struct request *, struct response *, long long *before);
/* {"items": items, "next": next or null}, 200; takes items. */
void	reply_list(struct response *, struct json_object *items,
	    const char *next);
/* After a removal: 204 for JSON, else 303 to location. */
void	reply_done(struct request *, struct response *, const char *location);
/* Sends obj with status and releases it. */
void	reply_object(struct response *, int status, struct json_object *);
/* A JSON string, or null for NULL. */
struct json_object *reply_text(const char *);
struct buf;
/*
 * One CSV field (RFC 4180), always quoted, then "," or CRLF when last. A
 * field starting with =, +, -, @, tab or CR gets a leading ' so that no
 * spreadsheet runs it as a formula (CSV injection).
 */
void	reply_csv_field(struct buf *, const char *s, bool last);
/* An optional query parameter: NULL when absent or empty. */
const char *reply_param(const struct request *, const char *name);

#endif
