/*
 * handlers/reply.c: shared answers for the handlers that serve both a
 * page and a JSON twin.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "handlers/reply.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "view.h"

bool
reply_json(const struct request *r)
{
	return r->route != NULL && (r->route->flags & ROUTE_JSON);
}

void
reply_error_add(struct reply_errors *e, const char *field, const char *message)
{
	if (e->n < REPLY_MAX_ERRORS && reply_error_for(e, field) == NULL) {
		e->v[e->n].field = field;
		e->v[e->n].message = message;
		e->n++;
	}
}

const char *
reply_error_for(const struct reply_errors *e, const char *field)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].field, field) == 0)
			return e->v[i].message;
	return NULL;
}

void
reply_invalid(struct response *resp, const struct reply_errors *e)
{
	struct json_object	*o, *arr, *it;
	size_t			 i;

	o = json_object_new_object();
	json_object_object_add(o, "type",
	    json_object_new_string("about:blank"));
	json_object_object_add(o, "title",
	    json_object_new_string(response_reason(422)));
	json_object_object_add(o, "status", json_object_new_int(422));
	json_object_object_add(o, "detail", json_object_new_string(
	    "Some fields are not valid; see errors."));
	arr = json_object_new_array();
	for (i = 0; i < e->n; i++) {
		it = json_object_new_object();
		json_object_object_add(it, "field",
		    json_object_new_string(e->v[i].field));
		json_object_object_add(it, "message",
		    json_object_new_string(e->v[i].message));
		json_object_array_add(arr, it);
	}
	json_object_object_add(o, "errors", arr);
	response_json(resp, 422, o);
	resp->content_type = "application/problem+json";
	json_object_put(o);
}

void
reply_unavailable(struct request *r, struct response *resp)
{
	view_error(r, resp, 503, "The database is unavailable; try again "
	    "shortly.");
}

/* A positive decimal number without sign, spaces or leading zeros. */
static bool
reply_number(const char *s, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '1' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0)
		return false;
	*out = v;
	return true;
}

int
reply_id(struct request *r, struct response *resp, const char *name,
    long long *id)
{
	if (reply_number(route_get_capture(&r->match, name), id))
		return 0;
	view_error(r, resp, 404, "There is no such record.");
	return -1;
}

int
reply_limit(struct request *r, struct response *resp, int def, int max,
    int *limit)
{
	const char	*s = params_get(&r->query, "limit");
	long long	 v;

	if (s == NULL || *s == '\0') {
		*limit = def;
		return 0;
	}
	if (!reply_number(s, &v) || v > max) {
		view_error(r, resp, 400, "limit must be a whole number from 1 "
		    "to the maximum the endpoint allows (see steward-api(7)).");
		return -1;
	}
	*limit = (int)v;
	return 0;
}

int
reply_before(struct request *r, struct response *resp, long long *before)
{
	const char	*s = params_get(&r->query, "before");

	*before = 0;
	if (s == NULL || *s == '\0' || reply_number(s, before))
		return 0;
	view_error(r, resp, 400, "before must be a record id.");
	return -1;
}

void
reply_list(struct response *resp, struct json_object *items, const char *next)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "items", items);
	json_object_object_add(o, "next", reply_text(next));
	reply_object(resp, 200, o);
}

void
reply_done(struct request *r, struct response *resp, const char *location)
{
	if (reply_json(r))
		resp->status = 204;
	else
		response_redirect(resp, 303, location);
}

void
reply_object(struct response *resp, int status, struct json_object *o)
{
	response_json(resp, status, o);
	json_object_put(o);
}

struct json_object *
reply_text(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

const char *
reply_param(const struct request *r, const char *name)
{
	const char	*v = params_get(&r->query, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

void
reply_csv_field(struct buf *b, const char *s, bool last)
{
	const char	*p;

	if (s == NULL)
		s = "";
	/*
	 * Every field quoted: a spreadsheet using ';' as its separator
	 * would otherwise split "x;=cmd" into a cell that is a formula.
	 */
	buf_putc(b, '"');
	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		buf_putc(b, '\'');
	/* Text goes in whole runs up to and including a quote, doubled. */
	for (; (p = strchr(s, '"')) != NULL; s = p + 1) {
		buf_append(b, s, (size_t)(p - s) + 1);
		buf_putc(b, '"');
	}
	buf_puts(b, s);
	buf_append(b, last ? "\"\r\n" : "\",", last ? 3 : 2);
}
