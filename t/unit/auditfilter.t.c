/*
 * auditfilter.t.c: the audit trail's filter parameters (src/audit.c),
 * hostile values included: a date PostgreSQL would refuse must be refused
 * here, as 400, never reach the database and come back as a 503.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "form.h"
#include "t/tap.h"

static struct arena	*arena;

static int
parse(const char *qs)
{
	struct form_limits	 lim = { 64, 256, 4096 };
	struct params		 q;
	struct audit_filter	 f;
	const char		*why = NULL;

	if (form_parse(arena, qs, strlen(qs), &lim, &q) != FORM_OK)
		bail("query string %s does not parse", qs);
	return audit_filter_parse(&f, &q, &why);
}

int
main(void)
{
	static const char *good[] = {
		"from=2025-01-31", "to=2024-02-29", "from=2000-02-29",
		"from=1970-01-01&to=9999-12-31", "from=2025-04-30",
		"action=staff.sign_in", "before=1", "",
	};
	static const char *bad[] = {
		"from=2025-02-29", "from=2025-02-31", "to=2025-04-31",
		"from=1900-02-29", "from=2100-02-29", "from=2025-00-10",
		"from=2025-13-01", "from=2025-01-00", "from=2025-01-32",
		"from=1999-%2B1-01", "from=1999-+1-01", "from=1999-%201-01",
		"from=+999-01-01", "from=1969-12-31", "from=2025-1-01x",
		"from=2025-01-1", "from=2025_01_01", "from=2025-01-01%20",
		"to=2025-01-01'", "to=2025-01-0%31'", "from=%EF%BC%92025-01-01",
		"action=nope", "action=staff.sign_in'", "before=0",
		"before=-1", "before=1x",
	};
	size_t	i;

	plan((int)(sizeof(good) / sizeof(good[0]) +
	    sizeof(bad) / sizeof(bad[0])));
	arena = arena_new();
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_int(parse(good[i]), 0, "accepted: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(parse(bad[i]), -1, "refused: %s", bad[i]);
	arena_free(arena);
	return tap_done();
}
