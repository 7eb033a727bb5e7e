/*
 * audit.c: writing the audit trail. The database assigns the sequence
 * number, the time and the hash chain (sql/0003-audit.sql); this module
 * decides what a row says.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "arena.h"
#include "audit.h"
#include "db.h"
#include "log.h"
#include "request.h"
#include "staff.h"

struct audit_txn {
	struct audit_context	 ctx;
	bool			 open;
};

static const char *const audit_names[AUDIT__MAX] = {
	[AUDIT_SIGN_IN] = "staff.sign_in",
	[AUDIT_SIGN_IN_FAILED] = "staff.sign_in_failed",
	[AUDIT_SIGN_OUT] = "staff.sign_out",
	[AUDIT_STAFF_CREATE] = "staff.create",
};

/* Fields never written to the trail in clear, wherever they appear. */
static const char *const audit_secrets[] = {
	"password", "password_hash", "totp_secret", "token", "token_hash",
	"key_hash", "secret",
};

const char *
audit_action_name(enum audit_action a)
{
	if ((unsigned)a >= AUDIT__MAX)
		abort();
	return audit_names[a];
}

void
audit_context_of(struct audit_context *ctx, const struct request *r)
{
	memset(ctx, 0, sizeof(*ctx));
	if (r->staff != NULL)
		ctx->staff_id = r->staff->id;
	ctx->ip = r->client_ip;
	ctx->user_agent = r->user_agent;
	ctx->request_id = r->request_id;
}

struct audit_txn *
audit_begin(struct arena *a, const struct audit_context *ctx)
{
	struct audit_txn	*t;

	if (db_begin() == -1)
		return NULL;
	t = arena_calloc(a, 1, sizeof(*t));
	t->ctx = *ctx;
	t->open = true;
	return t;
}

void
audit_abort(struct audit_txn *t)
{
	if (t != NULL && t->open) {
		db_rollback();
		t->open = false;
	}
}

static bool
audit_secret(const char *key)
{
	size_t	i;

	for (i = 0; i < sizeof(audit_secrets) / sizeof(audit_secrets[0]); i++)
		if (strcmp(key, audit_secrets[i]) == 0)
			return true;
	return false;
}

static void
audit_redact(struct json_object *o)
{
	if (o == NULL || !json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, key, val) {
		(void)val;
		if (audit_secret(key))
			json_object_object_add(o, key,
			    json_object_new_string("[redacted]"));
	}
}

void
audit_prepare(struct json_object *before, struct json_object *after)
{
	struct json_object	*other;
	const char		*drop[256];
	size_t			 n = 0, i;

	if (before != NULL && after != NULL &&
	    json_object_is_type(before, json_type_object) &&
	    json_object_is_type(after, json_type_object)) {
		json_object_object_foreach(before, key, val) {
			if (n < sizeof(drop) / sizeof(drop[0]) &&
			    json_object_object_get_ex(after, key, &other) &&
			    json_object_equal(val, other))
				drop[n++] = key;
		}
		/* Deleting while iterating would invalidate the iterator. */
		for (i = 0; i < n; i++) {
			json_object_object_del(after, drop[i]);
			json_object_object_del(before, drop[i]);
		}
	}
	audit_redact(before);
	audit_redact(after);
}

static char *
audit_number(char *buf, size_t size, long long n)
{
	if (n <= 0)
		return NULL;
	snprintf(buf, size, "%lld", n);
	return buf;
}

int
audit_commit(struct audit_txn *t, enum audit_action action,
    const char *target_type, const char *target_id,
    struct json_object *before, struct json_object *after)
{
	char		 staff[24], key[24];
	const char	*p[11];
	int		 rc;

	if (t == NULL || !t->open) {
		json_object_put(before);
		json_object_put(after);
		return -1;
	}
	audit_prepare(before, after);
	p[0] = audit_number(staff, sizeof(staff), t->ctx.staff_id);
	p[1] = audit_number(key, sizeof(key), t->ctx.api_key_id);
	p[2] = t->ctx.email;
	p[3] = audit_action_name(action);
	p[4] = target_type;
	p[5] = target_id;
	p[6] = before != NULL ? json_object_to_json_string_ext(before,
	    JSON_C_TO_STRING_PLAIN) : NULL;
	p[7] = after != NULL ? json_object_to_json_string_ext(after,
	    JSON_C_TO_STRING_PLAIN) : NULL;
	p[8] = t->ctx.ip;
	p[9] = t->ctx.user_agent;
	p[10] = t->ctx.request_id;
	/* seq, at, prev_hash and hash come from the chain trigger. */
	rc = db_command(__func__,
	    "INSERT INTO steward.audit_log (actor_staff_id, actor_api_key_id,"
	    " actor_email, action, target_type, target_id, before, after, ip,"
	    " user_agent, request_id) VALUES ($1, $2, $3, $4, $5, $6,"
	    " $7::jsonb, $8::jsonb, $9::inet, $10, $11)", 11, p);
	json_object_put(before);
	json_object_put(after);
	t->open = false;
	if (rc == -1) {
		db_rollback();
		return -1;
	}
	if (db_commit() == -1) {
		log_error("%s: commit failed; %s is not recorded", __func__,
		    audit_action_name(action));
		return -1;
	}
	return 0;
}
