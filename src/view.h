/*
 * view.h: HTML pages, rendered through one layout with ctemplate.
 */
#ifndef STEWARD_VIEW_H
#define STEWARD_VIEW_H

#include <stddef.h>

struct request;
struct response;
struct tmpl_dict;

/* Each page is a template file included into layout.tpl. */
enum view {
	VIEW_LOGIN,
	VIEW_ADMIN_HOME,
	VIEW_ERROR,
	VIEW_AUDIT,
	VIEW_AUDIT_ROW,
	VIEW_ACCOUNT,
	VIEW_LOGIN_TOTP,
	VIEW_MFA,
	VIEW_REAUTH,
	VIEW_STAFF_LIST,
	VIEW_STAFF_NEW,
	VIEW_STAFF_SHOW,
	VIEW_INVITE,
	VIEW_ROLES,
	VIEW_ROLE,
	VIEW_SESSIONS,
	VIEW_API_KEYS,
	VIEW_RESOURCES,
	VIEW_RECORDS,
	VIEW_RECORD,
	VIEW_RECORD_FORM,
	VIEW_RECORD_DELETE,
	VIEW_RECORD_BULK,
	VIEW_EXPLORE,
	VIEW_EXPLORE_TABLE,
	VIEW__MAX
};

struct buf;
/*
 * Appends s escaped for HTML text and attribute values (& < > " ' and
 * nothing else changes), for markup built outside ctemplate: the cells
 * of a long table, set as one {{X:none}} variable instead of a section
 * dictionary per cell.
 */
void			 view_html(struct buf *, const char *s);
/* Loads and freezes the layout and every page from dir; 0 or -1. */
int			 view_init(const char *dir, char *err, size_t errsize);
/*
 * Starts a page: the layout's dictionary is kept in the request and the
 * page's own dictionary is returned for the handler to fill.
 */
struct tmpl_dict	*view_begin(struct request *, enum view,
			    const char *title);
/* Expands the page begun with view_begin() into the response. */
void			 view_finish(struct request *, struct response *,
			    int status);
/* Frees what view_begin() made; safe to call twice. */
void			 view_end(struct request *);
/*
 * An error answer in the form the route speaks: an HTML page, or
 * application/problem+json for JSON routes.
 */
void			 view_error(struct request *, struct response *,
			    int status, const char *message);

#endif
