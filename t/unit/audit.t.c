/*
 * audit.t.c: what an audit row says before it reaches the database
 * (audit_prepare() in src/audit.c): only the fields that changed, with
 * secrets redacted, whatever the number of fields. No database needed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "audit.h"
#include "t/tap.h"

/* Parses JSON text; bails out on a typo in the test itself. */
static struct json_object *
parse(const char *text)
{
	struct json_object	*o;

	if ((o = json_tokener_parse(text)) == NULL)
		bail("bad test JSON: %s", text);
	return o;
}

static const char *
text(struct json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

/*
 * Runs audit_prepare() on before and after given as JSON text (NULL for
 * none) and checks what is left of each.
 */
static void
check(const char *before, const char *after, const char *want_before,
    const char *want_after, const char *what)
{
	struct json_object	*b, *a;

	b = before != NULL ? parse(before) : NULL;
	a = after != NULL ? parse(after) : NULL;
	audit_prepare(b, a);
	if (want_before == NULL)
		ok(b == NULL, "%s: no before", what);
	else
		is_string(text(b), want_before, "%s: before", what);
	if (want_after == NULL)
		ok(a == NULL, "%s: no after", what);
	else
		is_string(text(a), want_after, "%s: after", what);
	json_object_put(b);
	json_object_put(a);
}

/*
 * n fields equal in before and after, then one that changed: only the
 * changed one may be left, however large n is.
 */
static void
check_many(int n)
{
	struct json_object	*b, *a;
	char			 key[32];
	int			 i;

	b = json_object_new_object();
	a = json_object_new_object();
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "field_%d", i);
		json_object_object_add(b, key, json_object_new_int(i));
		json_object_object_add(a, key, json_object_new_int(i));
	}
	json_object_object_add(b, "changed", json_object_new_string("old"));
	json_object_object_add(a, "changed", json_object_new_string("new"));
	audit_prepare(b, a);
	is_int(json_object_object_length(b), 1,
	    "%d unchanged fields are all dropped from before", n);
	is_int(json_object_object_length(a), 1, "... and from after");
	ok(json_object_object_get_ex(a, "changed", NULL),
	    "... leaving the one that changed");
	json_object_put(b);
	json_object_put(a);
}

int
main(void)
{
	static const char *const secrets[] = {
		"password", "password_hash", "totp_secret", "token",
		"token_hash", "key_hash", "secret",
	};
	char	in[128], want[128];
	size_t	i;

	plan_lazy();

	/* Only what changed. */
	check("{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"e\":{\"k\":true}}",
	    "{\"a\":1,\"b\":\"y\",\"c\":[1,2],\"d\":true,\"e\":{\"k\":true}}",
	    "{\"b\":\"x\"}", "{\"b\":\"y\",\"d\":true}",
	    "equal values are dropped, changed and new ones kept");
	check("{\"e\":{\"k\":1,\"l\":2}}", "{\"e\":{\"k\":1,\"l\":3}}",
	    "{\"e\":{\"k\":1,\"l\":2}}", "{\"e\":{\"k\":1,\"l\":3}}",
	    "a nested value that changed is kept whole");
	check("{\"x\":null,\"y\":null}", "{\"x\":1,\"y\":null}",
	    "{\"x\":null}", "{\"x\":1}",
	    "null to a value is a change; null to null is not");
	check("{\"gone\":1,\"same\":2}", "{\"same\":2}", "{\"gone\":1}", "{}",
	    "a field only before is kept");
	check("{\"a\":1}", "{\"a\":1}", "{}", "{}",
	    "nothing changed: both are left empty");
	check(NULL, "{\"a\":1,\"b\":2}", NULL, "{\"a\":1,\"b\":2}",
	    "no before (a creation): after is kept whole");
	check("{\"a\":1}", NULL, "{\"a\":1}", NULL,
	    "no after (a deletion): before is kept whole");
	check("[1,2]", "[1,2]", "[1,2]", "[1,2]",
	    "arrays are not objects: left as they are");

	/* Secrets, wherever they are at the top level. */
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		snprintf(in, sizeof(in), "{\"%s\":\"s3cr3t\",\"name\":\"A\"}",
		    secrets[i]);
		snprintf(want, sizeof(want),
		    "{\"%s\":\"[redacted]\",\"name\":\"A\"}", secrets[i]);
		check(NULL, in, NULL, want, secrets[i]);
	}
	check("{\"password_hash\":\"$argon2id$v=19$m=65536,t=3,p=4$old\","
	    "\"display_name\":\"A\"}",
	    "{\"password_hash\":\"$argon2id$v=19$m=65536,t=3,p=4$new\","
	    "\"display_name\":\"B\"}",
	    "{\"password_hash\":\"[redacted]\",\"display_name\":\"A\"}",
	    "{\"password_hash\":\"[redacted]\",\"display_name\":\"B\"}",
	    "a changed password hash is redacted on both sides");
	check("{\"totp_secret\":\"GEZDGNBVGY3TQOJQ\",\"role\":\"ops\"}",
	    "{\"totp_secret\":\"GEZDGNBVGY3TQOJQ\",\"role\":\"admin\"}",
	    "{\"role\":\"ops\"}", "{\"role\":\"admin\"}",
	    "an unchanged secret is dropped, not shown");
	check("{\"token\":{\"raw\":\"abc\"}}", "{\"token\":[\"abc\"]}",
	    "{\"token\":\"[redacted]\"}", "{\"token\":\"[redacted]\"}",
	    "a secret that is not a string is redacted too");

	/* However many fields: the limit of 256 used to keep the rest. */
	check_many(0);
	check_many(255);
	check_many(256);
	check_many(257);
	check_many(1000);
	return tap_done();
}
