/*
 * view.c: the page table and the layout around every page.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "perm.h"
#include "buf.h"
#include "request.h"
#include "response.h"
#include "session.h"
#include "staff.h"
#include "tmpl.h"
#include "view.h"

static const char *const view_files[VIEW__MAX] = {
	[VIEW_LOGIN] = "login.tpl",
	[VIEW_ADMIN_HOME] = "admin.tpl",
	[VIEW_ERROR] = "error.tpl",
	[VIEW_AUDIT] = "audit.tpl",
	[VIEW_AUDIT_ROW] = "audit_row.tpl",
	[VIEW_ACCOUNT] = "account.tpl",
	[VIEW_LOGIN_TOTP] = "login_totp.tpl",
	[VIEW_MFA] = "mfa.tpl",
	[VIEW_REAUTH] = "reauth.tpl",
	[VIEW_STAFF_LIST] = "staff_list.tpl",
	[VIEW_STAFF_NEW] = "staff_new.tpl",
	[VIEW_STAFF_SHOW] = "staff_show.tpl",
	[VIEW_INVITE] = "invite.tpl",
	[VIEW_ROLES] = "roles.tpl",
	[VIEW_ROLE] = "role.tpl",
	[VIEW_SESSIONS] = "sessions.tpl",
	[VIEW_API_KEYS] = "api_keys.tpl",
	[VIEW_RESOURCES] = "resources.tpl",
	[VIEW_RECORDS] = "records.tpl",
	[VIEW_RECORD] = "record.tpl",
	[VIEW_RECORD_FORM] = "record_form.tpl",
	[VIEW_RECORD_DELETE] = "record_delete.tpl",
	[VIEW_RECORD_BULK] = "record_bulk.tpl",
	[VIEW_EXPLORE] = "explore.tpl",
	[VIEW_EXPLORE_TABLE] = "explore_table.tpl",
};

#define VIEW_LAYOUT	"layout.tpl"

void
view_html(struct buf *b, const char *s)
{
	const char	*run;

	for (run = s; *s != '\0'; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" :
		    *s == '>' ? "&gt;" : *s == '"' ? "&quot;" : *s == '\'' ?
		    "&#39;" : NULL;

		if (e == NULL)
			continue;
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, e);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

int
view_init(const char *dir, char *err, size_t errsize)
{
	const char	*names[VIEW__MAX + 1];
	size_t		 i;

	names[0] = VIEW_LAYOUT;
	for (i = 0; i < VIEW__MAX; i++)
		names[i + 1] = view_files[i];
	return tmpl_init(dir, names, VIEW__MAX + 1, err, errsize);
}

struct tmpl_dict *
view_begin(struct request *r, enum view v, const char *title)
{
	struct tmpl_dict	*signed_in;

	view_end(r);
	r->layout = tmpl_dict_new();
	tmpl_set(r->layout, "TITLE", title);
	tmpl_set(r->layout, "VERSION", PACKAGE_VERSION);
	if (r->staff != NULL && r->session_stage == SESSION_FULL) {
		signed_in = tmpl_section(r->layout, "SIGNED_IN");
		tmpl_set(signed_in, "STAFF_NAME", r->staff->display_name);
		tmpl_set(signed_in, "STAFF_ROLE", r->staff->role);
		tmpl_set(signed_in, "CSRF", r->csrf_token);
		/* The menu offers only what the role allows. */
		if (perm_has(r->staff->perms, PERM_VIEW))
			tmpl_show(signed_in, "CAN_VIEW");
		if (perm_has(r->staff->perms, PERM_AUDIT))
			tmpl_show(signed_in, "CAN_AUDIT");
		if (perm_has(r->staff->perms, PERM_STAFF))
			tmpl_show(signed_in, "CAN_STAFF");
	}
	return tmpl_include(r->layout, "CONTENT", view_files[v]);
}

/* tmpl_expand()'s writer: into the response body. */
static void
view_write(void *ctx, const char *s, size_t n)
{
	buf_append(ctx, s, n);
}

void
view_finish(struct request *r, struct response *resp, int status)
{
	size_t	 len = resp->body.len;
	int	 rc;

	/* Room for a typical page, so the body seldom grows piecemeal. */
	buf_reserve(&resp->body, 32768);
	rc = tmpl_expand(VIEW_LAYOUT, r->layout, view_write, &resp->body);
	view_end(r);
	if (rc == -1) {
		resp->body.len = len;
		resp->body.data[len] = '\0';
		response_text(resp, 500, "Internal error: template expansion "
		    "failed.\n");
		return;
	}
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
}

void
view_end(struct request *r)
{
	tmpl_dict_free(r->layout);
	r->layout = NULL;
}

void
view_error(struct request *r, struct response *resp, int status,
    const char *message)
{
	struct tmpl_dict	*d;

	/* Drop anything a handler had started. */
	resp->body.len = 0;
	resp->body.data[0] = '\0';
	if ((r->route != NULL && (r->route->flags & ROUTE_JSON)) ||
	    (r->route == NULL && r->path != NULL &&
	    strncmp(r->path, "/api/", 5) == 0)) {
		response_problem(resp, status, message);
		return;
	}
	d = view_begin(r, VIEW_ERROR, response_reason(status));
	tmpl_set_int(d, "STATUS", status);
	tmpl_set(d, "REASON", response_reason(status));
	tmpl_set(d, "MESSAGE", message);
	view_finish(r, resp, status);
}
