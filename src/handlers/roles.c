/*
 * handlers/roles.c: the role list with its permission matrix, and custom
 * roles: create, change, delete. Built-in roles are fixed (also by the
 * database); a role can only hold permissions its editor has.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "form.h"
#include "handlers/reply.h"
#include "handlers/roles.h"
#include "request.h"
#include "response.h"
#include "role.h"
#include "staff.h"
#include "tmpl.h"
#include "utf8.h"
#include "view.h"

static struct json_object *
roles_json(const struct role *role)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(role->name));
	json_object_object_add(o, "description",
	    json_object_new_string(role->description));
	json_object_object_add(o, "builtin",
	    json_object_new_boolean(role->builtin));
	json_object_object_add(o, "permissions", role_perms_json(role->perms));
	json_object_object_add(o, "staff", json_object_new_int64(role->staff));
	json_object_object_add(o, "api_keys",
	    json_object_new_int64(role->keys));
	return o;
}

/* The permission checkboxes of a form, ticking those in set. */
static void
roles_checkboxes(struct request *r, struct tmpl_dict *d, perm_set set)
{
	struct tmpl_dict	*c;
	int			 p;

	for (p = PERM_FIRST; p < PERM__MAX; p++) {
		c = tmpl_section(d, "PERM");
		tmpl_set(c, "NAME", perm_name((enum perm)p));
		tmpl_set(c, "LABEL", perm_label((enum perm)p));
		if (set & PERM_BIT(p))
			tmpl_show(c, "CHECKED");
		/* A permission you lack is not yours to give. */
		if (!perm_has(r->staff->perms, (enum perm)p))
			tmpl_show(c, "DISABLED");
	}
}

static void
roles_page(struct request *r, struct response *resp, int status,
    const struct reply_errors *e)
{
	struct role		*roles;
	struct tmpl_dict	*d, *row, *cell, *form;
	const char		*v;
	int			 n, i, p;

	if ((n = role_list(r->arena, &roles)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (reply_json(r)) {
		struct json_object *items = json_object_new_array();

		for (i = 0; i < n; i++)
			json_object_array_add(items, roles_json(&roles[i]));
		reply_list(resp, items, NULL);
		return;
	}
	d = view_begin(r, VIEW_ROLES, "Roles");
	for (p = PERM_FIRST; p < PERM__MAX; p++)
		tmpl_set(tmpl_section(d, "PERM_HEAD"), "LABEL",
		    perm_label((enum perm)p));
	for (i = 0; i < n; i++) {
		row = tmpl_section(d, "ROLE");
		tmpl_set(row, "NAME", roles[i].name);
		tmpl_set(row, "DESCRIPTION", roles[i].description);
		tmpl_set_int(row, "STAFF", roles[i].staff);
		if (roles[i].builtin)
			tmpl_show(row, "BUILTIN");
		for (p = PERM_FIRST; p < PERM__MAX; p++) {
			cell = tmpl_section(row, "CELL");
			if (roles[i].perms & PERM_BIT(p))
				tmpl_show(cell, "YES");
		}
	}
	if (perm_has(r->staff->perms, PERM_ROLES)) {
		form = tmpl_section(d, "CREATE");
		tmpl_set(form, "CSRF", r->csrf_token);
		tmpl_set(form, "NAME", (v = request_field(r, "name")) ? v : "");
		tmpl_set(form, "DESCRIPTION",
		    (v = request_field(r, "description")) ? v : "");
		roles_checkboxes(r, form, 0);
		if (e != NULL)
			for (size_t k = 0; k < e->n; k++)
				tmpl_set(tmpl_section(form, "ERROR"),
				    "MESSAGE", e->v[k].message);
	}
	view_finish(r, resp, status);
}

void
roles_list(struct request *r, struct response *resp)
{
	roles_page(r, resp, 200, NULL);
}

static void
roles_one(struct request *r, struct response *resp, int status,
    const char *name, const char *notice, const struct reply_errors *e)
{
	struct role		 role;
	struct tmpl_dict	*d, *form;
	struct buf		 link;
	int			 rc, p;

	if ((rc = role_get(r->arena, name, &role)) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (rc == 0) {
		view_error(r, resp, 404, "There is no such role.");
		return;
	}
	if (reply_json(r)) {
		reply_object(resp, status, roles_json(&role));
		return;
	}
	d = view_begin(r, VIEW_ROLE, role.name);
	tmpl_set(d, "NAME", role.name);
	tmpl_set(d, "DESCRIPTION", role.description);
	tmpl_set_int(d, "STAFF", role.staff);
	tmpl_set_int(d, "KEYS", role.keys);
	if (role.builtin)
		tmpl_show(d, "BUILTIN");
	for (p = PERM_FIRST; p < PERM__MAX; p++)
		if (role.perms & PERM_BIT(p))
			tmpl_set(tmpl_section(d, "HAS"), "LABEL",
			    perm_label((enum perm)p));
	if (notice != NULL)
		tmpl_set(tmpl_section(d, "NOTICE"), "MESSAGE", notice);
	/* The role's audit rows: the trail filtered on what they carry. */
	if (perm_has(r->staff->perms, PERM_AUDIT)) {
		buf_init(&link, r->arena);
		buf_puts(&link, "/admin/audit?target_type=role&target_id=");
		form_encode(&link, role.name);
		tmpl_set(tmpl_section(d, "HISTORY"), "LINK", link.data);
	}
	if (!role.builtin && perm_has(r->staff->perms, PERM_ROLES)) {
		form = tmpl_section(d, "EDIT");
		tmpl_set(form, "CSRF", r->csrf_token);
		tmpl_set(form, "NAME", role.name);
		tmpl_set(form, "DESCRIPTION", role.description);
		roles_checkboxes(r, form, role.perms);
		if (e != NULL)
			for (size_t k = 0; k < e->n; k++)
				tmpl_set(tmpl_section(form, "ERROR"),
				    "MESSAGE", e->v[k].message);
		if (role.staff == 0)
			tmpl_show(form, "CAN_DELETE");
	}
	view_finish(r, resp, status);
}

void
roles_show(struct request *r, struct response *resp)
{
	const char	*done = params_get(&r->query, "done");

	roles_one(r, resp, 200, route_get_capture(&r->match, "name"),
	    done != NULL && strcmp(done, "saved") == 0 ? "Saved." : NULL,
	    NULL);
}

/*
 * Reads description and permissions from the form or JSON; the set must
 * lie within the editor's own. Adds errors; *given tells whether the
 * permissions field was there at all.
 */
static void
roles_read(struct request *r, const char **description, perm_set *set,
    bool *given, struct reply_errors *e)
{
	enum perm	 p;
	size_t		 i;

	*set = 0;
	*given = false;
	*description = request_field(r, "description");
	if (*description != NULL && (!utf8_valid(*description,
	    strlen(*description)) || strlen(*description) > 500))
		reply_error_add(e, "description", "At most 500 characters.");
	for (i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.v[i].name, "permissions") != 0)
			continue;
		*given = true;
		if (*r->form.v[i].value == '\0')
			continue;	/* "none", from a form or [] */
		if ((p = perm_by_name(r->form.v[i].value)) == PERM_UNDECLARED)
			reply_error_add(e, "permissions", "There is no such "
			    "permission.");
		else
			*set |= PERM_BIT(p);
	}
	if (!perm_subset(*set, r->staff->perms))
		reply_error_add(e, "permissions", "You cannot grant a "
		    "permission you do not have.");
}

void
roles_create(struct request *r, struct response *resp)
{
	struct reply_errors	 e = { 0 };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*after;
	const char		*name, *desc;
	perm_set		 set;
	bool			 given;
	int			 rc;

	name = request_field(r, "name");
	if (name == NULL || !role_name_ok(name))
		reply_error_add(&e, "name", "A name is 1 to 32 lower-case "
		    "letters, digits or _, starting with a letter.");
	roles_read(r, &desc, &set, &given, &e);
	if (e.n == 0) {
		audit_context_of(&ctx, r);
		if ((t = audit_begin(r->arena, &ctx)) == NULL) {
			reply_unavailable(r, resp);
			return;
		}
		if ((rc = role_create(t, r->arena, name, desc != NULL ? desc :
		    "", set)) != 0) {
			audit_abort(t);
			if (rc != 1) {
				reply_unavailable(r, resp);
				return;
			}
			reply_error_add(&e, "name", "There is already a role "
			    "with this name.");
		} else {
			after = json_object_new_object();
			json_object_object_add(after, "description",
			    json_object_new_string(desc != NULL ? desc : ""));
			json_object_object_add(after, "permissions",
			    role_perms_json(set));
			if (audit_commit(t, AUDIT_ROLE_CREATE, "role", name,
			    NULL, after) == -1) {
				reply_unavailable(r, resp);
				return;
			}
			if (reply_json(r))
				roles_one(r, resp, 201, name, NULL, NULL);
			else
				response_redirect(resp, 303, arena_printf(
				    r->arena, "/admin/roles/%s?done=saved",
				    name));
			return;
		}
	}
	if (reply_json(r))
		reply_invalid(resp, &e);
	else
		roles_page(r, resp, 422, &e);
}

/* Loads a custom role for changing: 1, or 0 after answering. */
static int
roles_target(struct request *r, struct response *resp, struct role *role)
{
	int	rc;

	if ((rc = role_get(r->arena, route_get_capture(&r->match, "name"),
	    role)) == -1) {
		reply_unavailable(r, resp);
		return 0;
	}
	if (rc == 0) {
		view_error(r, resp, 404, "There is no such role.");
		return 0;
	}
	if (role->builtin) {
		view_error(r, resp, 403, "Built-in roles cannot be changed; "
		    "make a custom role instead.");
		return 0;
	}
	/* Editing a role that can do more than you is escalation too. */
	if (!perm_subset(role->perms, r->staff->perms)) {
		view_error(r, resp, 403, "This role can do more than yours; "
		    "you cannot change it.");
		return 0;
	}
	return 1;
}

void
roles_update(struct request *r, struct response *resp)
{
	struct reply_errors	 e = { 0 };
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before, *after;
	struct role		 role;
	const char		*desc;
	perm_set		 set;
	bool			 given;
	int			 rc = -1;

	if (!roles_target(r, resp, &role))
		return;
	roles_read(r, &desc, &set, &given, &e);
	if (!given && !reply_json(r))
		given = true;	/* a form with every box unticked */
	if (!given)
		set = role.perms;
	if (desc == NULL)
		desc = role.description;
	if (e.n > 0) {
		if (reply_json(r))
			reply_invalid(resp, &e);
		else
			roles_one(r, resp, 422, role.name, NULL, &e);
		return;
	}
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL ||
	    (rc = role_update(t, r->arena, role.name, desc, set)) != 0) {
		audit_abort(t);
		if (t != NULL && rc == 1)
			view_error(r, resp, 404, "There is no such role.");
		else
			reply_unavailable(r, resp);
		return;
	}
	before = json_object_new_object();
	json_object_object_add(before, "description",
	    json_object_new_string(role.description));
	json_object_object_add(before, "permissions",
	    role_perms_json(role.perms));
	after = json_object_new_object();
	json_object_object_add(after, "description",
	    json_object_new_string(desc));
	json_object_object_add(after, "permissions", role_perms_json(set));
	if (audit_commit(t, AUDIT_ROLE_UPDATE, "role", role.name, before,
	    after) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	if (reply_json(r))
		roles_one(r, resp, 200, role.name, NULL, NULL);
	else
		response_redirect(resp, 303, arena_printf(r->arena,
		    "/admin/roles/%s?done=saved", role.name));
}

void
roles_delete(struct request *r, struct response *resp)
{
	struct audit_context	 ctx;
	struct audit_txn	*t;
	struct json_object	*before;
	struct role		 role;
	int			 rc;

	if (!roles_target(r, resp, &role))
		return;
	audit_context_of(&ctx, r);
	if ((t = audit_begin(r->arena, &ctx)) == NULL) {
		reply_unavailable(r, resp);
		return;
	}
	if ((rc = role_delete(t, role.name)) != 0) {
		audit_abort(t);
		if (rc == 2)
			view_error(r, resp, 409, "Staff or API keys (revoked "
			    "ones too) still hold this role; move them to "
			    "another role first.");
		else if (rc == 1)
			view_error(r, resp, 404, "There is no such role.");
		else
			reply_unavailable(r, resp);
		return;
	}
	before = json_object_new_object();
	json_object_object_add(before, "description",
	    json_object_new_string(role.description));
	json_object_object_add(before, "permissions",
	    role_perms_json(role.perms));
	if (audit_commit(t, AUDIT_ROLE_DELETE, "role", role.name, before,
	    NULL) == -1) {
		reply_unavailable(r, resp);
		return;
	}
	reply_done(r, resp, "/admin/roles");
}
