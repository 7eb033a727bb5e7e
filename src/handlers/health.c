/*
 * handlers/health.c: liveness and database reachability for load
 * balancers and monitoring.
 */
#include "config.h"

#include <json-c/json.h>

#include "db.h"
#include "handlers/health.h"
#include "request.h"
#include "response.h"

void
health_get(struct request *r, struct response *resp)
{
	struct json_object	*o;
	bool			 up;

	(void)r;
	up = db_ping();
	o = json_object_new_object();
	json_object_object_add(o, "status",
	    json_object_new_string(up ? "ok" : "degraded"));
	json_object_object_add(o, "database",
	    json_object_new_string(up ? "ok" : "unavailable"));
	response_json(resp, up ? 200 : 503, o);
	json_object_put(o);
}
