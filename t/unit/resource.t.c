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

static void
test_jsonb(void)
{
	ok(takes(CT_JSONB, "{\"features\": [\"api\"], \"seats\": 25}"),
	    "jsonb: an object");
	ok(takes(CT_JSONB, "[1, 2.5, null]") && takes(CT_JSONB, "\"x\""),
	    "jsonb: an array, a string");
	/*
	 * Found by t/fuzz/value.c: json-c waits for more input after a
	 * number or a literal that ends the text, so these were refused
	 * though PostgreSQL takes them (RFC 8259 allows any value).
	 */
	ok(takes(CT_JSONB, "109"), "jsonb: a bare number");
	ok(takes(CT_JSONB, "-1.5e3"), "jsonb: a number with an exponent");
	ok(takes(CT_JSONB, "true") && takes(CT_JSONB, "false") &&
	    takes(CT_JSONB, "null"), "jsonb: true, false and null");
	ok(takes(CT_JSONB, " {} ") && takes(CT_JSONB, "\t[1]\r\n") &&
	    takes(CT_JSONB, " 7 "), "jsonb: whitespace around the value");
	ok(!takes(CT_JSONB, "") && !takes(CT_JSONB, " "),
	    "jsonb: nothing is refused");
	ok(!takes(CT_JSONB, "{} x") && !takes(CT_JSONB, "1 2") &&
	    !takes(CT_JSONB, "[1]]"), "jsonb: trailing garbage is refused");
	ok(!takes(CT_JSONB, "{") && !takes(CT_JSONB, "tru") &&
	    !takes(CT_JSONB, "-") && !takes(CT_JSONB, "[1,]") &&
	    !takes(CT_JSONB, "nul"), "jsonb: malformed JSON is refused");
	/*
	 * json-c's strict mode still takes "1." and '...' strings; those
	 * PostgreSQL refuses (22P02, a 422), so they are not pinned here.
	 */
}

int
main(void)
{
	plan_lazy();
	test_numeric();
	test_jsonb();
	return tap_done();
}
