/*
 * auditfilter.c: libFuzzer target for the audit trail's filters
 * (src/audit.c, audit_filter_parse) on a query string read by the real
 * parser (src/form.c) under the default limits. The target decides on its
 * own what should pass and checks audit_filter_parse agrees both ways:
 * "from" and "to" are real calendar dates (month lengths, leap years)
 * written as exactly YYYY-MM-DD in ASCII digits, years 1970 to 9999;
 * "action" is one of the enumerated actions; actor, target_type,
 * target_id and q are within their lengths; "before" is a sequence
 * number. A refusal says why.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "conf.h"
#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The Gregorian calendar (ISO 8601), written out rather than borrowed. */
static int
days_in_month(int y, int m)
{
	static const int	days[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
				    30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static bool
date_ok(const char *s)
{
	int	y, m, d;
	size_t	i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

/* The parameter as audit_filter_parse reads it: NULL if absent or "". */
static const char *
param(const struct params *ps, const char *name)
{
	const char	*v = params_get(ps, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

static bool
action_ok(const char *s)
{
	int	i;

	for (i = 0; i < AUDIT__MAX; i++)
		if (strcmp(s, audit_action_name((enum audit_action)i)) == 0)
			return true;
	return false;
}

static bool
within(const char *s, size_t max)
{
	return s == NULL || strlen(s) <= max;
}

/* Equal strings, or both NULL. */
static bool
same(const char *got, const char *want)
{
	if (got == NULL || want == NULL)
		return got == want;
	return strcmp(got, want) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	static struct form_limits lim;
	struct audit_filter	 f;
	struct params		 ps;
	const char		*why = NULL, *from, *to, *action, *before;
	char			*end;
	long long		 seq = 0;
	bool			 want;
	int			 rc;

	if (a == NULL) {
		struct conf	c;

		conf_defaults(&c);
		lim.max_fields = (size_t)c.max_fields;
		lim.max_name = (size_t)c.max_name_length;
		lim.max_value = (size_t)c.max_value_length;
		conf_free(&c);
		a = arena_new();
	}
	arena_reset(a);
	if (form_parse(a, (const char *)data, len, &lim, &ps) != FORM_OK)
		return 0;

	from = param(&ps, "from");
	to = param(&ps, "to");
	action = param(&ps, "action");
	want = (from == NULL || date_ok(from)) && (to == NULL || date_ok(to)) &&
	    (action == NULL || action_ok(action)) &&
	    within(param(&ps, "actor"), 254) &&
	    within(param(&ps, "target_type"), 64) &&
	    within(param(&ps, "target_id"), 256) &&
	    within(param(&ps, "q"), 256);
	if ((before = param(&ps, "before")) != NULL) {
		seq = strtoll(before, &end, 10);
		want = want && *end == '\0' && seq >= 1;
	}

	rc = audit_filter_parse(&f, &ps, &why);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1) {
		/* Nothing good is refused; a refusal says why. */
		if (want || why == NULL || *why == '\0')
			abort();
		return 0;
	}
	/* Nothing bad is let through, and what passes is what was sent. */
	if (!want || !same(f.from, from) || !same(f.to, to) ||
	    !same(f.action, action) || !same(f.actor, param(&ps, "actor")) ||
	    !same(f.target_type, param(&ps, "target_type")) ||
	    !same(f.target_id, param(&ps, "target_id")) ||
	    !same(f.q, param(&ps, "q")) || f.before != seq)
		abort();
	/* Belt and braces on the accepted values themselves. */
	if ((f.from != NULL && !date_ok(f.from)) ||
	    (f.to != NULL && !date_ok(f.to)) ||
	    (f.action != NULL && !action_ok(f.action)) ||
	    !within(f.actor, 254) || !within(f.target_type, 64) ||
	    !within(f.target_id, 256) || !within(f.q, 256) || f.before < 0)
		abort();
	return 0;
}
