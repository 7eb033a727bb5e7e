/*
 * routes.h: Steward's route table.
 */
#ifndef STEWARD_ROUTES_H
#define STEWARD_ROUTES_H

#include "route.h"

enum route_id {
	ROUTE_ROOT,
	ROUTE_HEALTHZ,
	ROUTE_METRICS,
	ROUTE_LOGIN_FORM,
	ROUTE_LOGIN,
	ROUTE_LOGOUT,
	ROUTE_ADMIN_HOME,
	ROUTE_AUDIT_LIST,
	ROUTE_AUDIT_CSV,
	ROUTE_AUDIT_SHOW,
	ROUTE_API_AUDIT,
	ROUTE__MAX
};

extern const struct route routes[ROUTE__MAX];

#endif
