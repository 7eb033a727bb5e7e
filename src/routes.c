/*
 * routes.c: every URL Steward answers, with who may reach it. The table
 * is checked by route_check() when a worker starts: a route that does not
 * declare its access stops the worker.
 */
#include "config.h"

#include "handlers/account.h"
#include "handlers/admin.h"
#include "handlers/auth.h"
#include "handlers/health.h"
#include "handlers/metrics.h"
#include "handlers/mfa.h"
#include "handlers/trail.h"
#include "routes.h"

const struct route routes[ROUTE__MAX] = {
	[ROUTE_ROOT] = { METHOD_GET, "/", admin_root,
	    ACCESS_PUBLIC, ROUTE_HTML },
	[ROUTE_HEALTHZ] = { METHOD_GET, "/healthz", health_get,
	    ACCESS_PUBLIC, ROUTE_JSON },
	[ROUTE_METRICS] = { METHOD_GET, "/metrics", metrics_get,
	    ACCESS_LOOPBACK, ROUTE_JSON },
	[ROUTE_LOGIN_FORM] = { METHOD_GET, "/login", auth_login_form,
	    ACCESS_PUBLIC, ROUTE_HTML },
	[ROUTE_LOGIN] = { METHOD_POST, "/login", auth_login,
	    ACCESS_PUBLIC, ROUTE_HTML | ROUTE_CSRF },
	[ROUTE_LOGOUT] = { METHOD_POST, "/logout", auth_logout,
	    ACCESS_SESSION, ROUTE_HTML | ROUTE_CSRF },
	[ROUTE_LOGIN_TOTP_FORM] = { METHOD_GET, "/login/totp",
	    auth_totp_form_get, ACCESS_MFA, ROUTE_HTML },
	[ROUTE_LOGIN_TOTP] = { METHOD_POST, "/login/totp", auth_totp,
	    ACCESS_MFA, ROUTE_HTML | ROUTE_CSRF },
	[ROUTE_MFA] = { METHOD_GET, "/admin/account/mfa", mfa_show,
	    ACCESS_ENROL, ROUTE_HTML | ROUTE_STEPUP },
	[ROUTE_MFA_ENABLE] = { METHOD_POST, "/admin/account/mfa", mfa_enable,
	    ACCESS_ENROL, ROUTE_HTML | ROUTE_CSRF | ROUTE_STEPUP },
	[ROUTE_MFA_DISABLE] = { METHOD_POST, "/admin/account/mfa/disable",
	    mfa_disable, ACCESS_STAFF, ROUTE_HTML | ROUTE_CSRF |
	    ROUTE_STEPUP },
	[ROUTE_REAUTH_FORM] = { METHOD_GET, "/login/reauth", auth_reauth_form,
	    ACCESS_ENROL, ROUTE_HTML },
	[ROUTE_REAUTH] = { METHOD_POST, "/login/reauth", auth_reauth,
	    ACCESS_ENROL, ROUTE_HTML | ROUTE_CSRF },
	[ROUTE_ADMIN_HOME] = { METHOD_GET, "/admin", admin_home,
	    ACCESS_STAFF, ROUTE_HTML },
	[ROUTE_AUDIT_LIST] = { METHOD_GET, "/admin/audit", trail_list,
	    ACCESS_STAFF, ROUTE_HTML },
	[ROUTE_AUDIT_CSV] = { METHOD_GET, "/admin/audit.csv", trail_csv,
	    ACCESS_STAFF, ROUTE_HTML },
	[ROUTE_AUDIT_SHOW] = { METHOD_GET, "/admin/audit/:seq", trail_show,
	    ACCESS_STAFF, ROUTE_HTML },
	[ROUTE_API_AUDIT] = { METHOD_GET, "/api/v1/audit", trail_api,
	    ACCESS_STAFF, ROUTE_JSON },
	[ROUTE_ACCOUNT] = { METHOD_GET, "/admin/account", account_show,
	    ACCESS_STAFF, ROUTE_HTML },
	[ROUTE_ACCOUNT_PASSWORD] = { METHOD_POST, "/admin/account/password",
	    account_password, ACCESS_STAFF, ROUTE_HTML | ROUTE_CSRF },
	[ROUTE_ACCOUNT_END_OTHERS] = { METHOD_POST,
	    "/admin/account/sessions/end-others", account_end_others,
	    ACCESS_STAFF, ROUTE_HTML | ROUTE_CSRF },
};
