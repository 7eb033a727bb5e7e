/*
 * handlers/admin.c: / and /admin.
 */
#include "config.h"

#include "handlers/admin.h"
#include "perm.h"
#include "request.h"
#include "response.h"
#include "staff.h"
#include "tmpl.h"
#include "view.h"

void
admin_root(struct request *r, struct response *resp)
{
	response_redirect(resp, 303, r->staff != NULL ? "/admin" : "/login");
}

void
admin_home(struct request *r, struct response *resp)
{
	struct tmpl_dict	*d;

	d = view_begin(r, VIEW_ADMIN_HOME, "Dashboard");
	tmpl_set(d, "STAFF_NAME", r->staff->display_name);
	tmpl_set(d, "STAFF_EMAIL", r->staff->email);
	tmpl_set(d, "STAFF_ROLE", r->staff->role);
	tmpl_set_int(d, "STAFF_ID", r->staff->id);
	/* Links only to what the role allows. */
	if (perm_has(r->staff->perms, PERM_AUDIT))
		tmpl_show(d, "CAN_AUDIT");
	if (perm_has(r->staff->perms, PERM_STAFF))
		tmpl_show(d, "CAN_STAFF");
	view_finish(r, resp, 200);
}
