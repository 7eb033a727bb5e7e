/*
 * resource.t.c: the checks the resource engine makes of a value before it
 * is bound as a parameter (src/resource.c, rs_value_check), as
 * steward-resources(5) describes them. PostgreSQL has the last word; these
 * only keep malformed text from reaching it.
 */
#include "config.h"

#include <string.h>

#include "catalog.h"
#include "resource.h"
#include "t/tap.h"

/* Whether rs_value_check takes s for a column of type t. */
static bool
takes(enum ctype t, const char *s)
{
	struct ccolumn	c;

	memset(&c, 0, sizeof(c));
	c.name = "x";
	c.type = t;
	return rs_value_check(&c, s) == NULL;
}

static void
test_numeric(void)
{
	char	n[128];

	ok(takes(CT_NUMERIC, "-12.50"), "numeric: -12.50");
	ok(takes(CT_NUMERIC, "0"), "numeric: 0");
	ok(takes(CT_NUMERIC, ".5") && takes(CT_NUMERIC, "5."),
	    "numeric: .5 and 5. (PostgreSQL takes both)");
	ok(!takes(CT_NUMERIC, "") && !takes(CT_NUMERIC, "-") &&
	    !takes(CT_NUMERIC, "."), "numeric: no digit is refused");
	ok(!takes(CT_NUMERIC, "1.2.3") && !takes(CT_NUMERIC, "1e5") &&
	    !takes(CT_NUMERIC, "+1") && !takes(CT_NUMERIC, " 1") &&
	    !takes(CT_NUMERIC, "NaN"), "numeric: anything else is refused");
	/*
	 * Found by t/fuzz/value.c: the cap compared strlen() of the end of
	 * the string, always 0, so a numeric of any length was taken.
	 */
	memset(n, '9', 100);
	n[100] = '\0';
	ok(takes(CT_NUMERIC, n), "numeric: 100 digits are taken");
	n[0] = '-';
	ok(takes(CT_NUMERIC, n), "numeric: 100 characters with a sign too");
	n[100] = '9';
	n[101] = '\0';
	ok(!takes(CT_NUMERIC, n), "numeric: 101 characters are refused");
	n[0] = '9';
	ok(!takes(CT_NUMERIC, n), "numeric: 101 digits are refused");
}

int
main(void)
{
	plan_lazy();
	test_numeric();
	return tap_done();
}
