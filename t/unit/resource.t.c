/*
 * resource.t.c: the checks the resource engine makes of a value before it
 * is bound as a parameter (src/resource.c, rs_value_check), as
 * steward-resources(5) describes them, and the filters a list's query
 * string makes (rs_query_parse). PostgreSQL has the last word; these
 * checks only keep malformed text from reaching it.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "form.h"
#include "resource.h"
#include "t/tap.h"

static struct arena	*arena;

/* One resource with a column of each kind a list filters on. */
static const char catalog_text[] =
    "{\"resources\": [{\"name\": \"users\", \"table\": \"app.users\","
    " \"primary_key\": \"id\", \"columns\": ["
    "{\"name\": \"id\", \"type\": \"bigint\", \"filter\": [\"eq\"]},"
    "{\"name\": \"email\", \"type\": \"text\", \"filter\": [\"eq\", \"in\"]},"
    "{\"name\": \"score\", \"type\": \"numeric\", \"filter\": [\"range\"]},"
    "{\"name\": \"born\", \"type\": \"date\", \"filter\": [\"range\"]}"
    "]}]}";

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

/* The filter on column name in q, or NULL. */
static const struct rs_filter *
filter_of(const struct rs_query *q, const char *name)
{
	size_t	i;

	for (i = 0; i < q->nf; i++)
		if (strcmp(q->f[i].col->name, name) == 0)
			return &q->f[i];
	return NULL;
}

/* Parses query (a query string) for the catalogue's resource into q. */
static int
parse(const struct cresource *r, const char *query, struct rs_query *q,
    const char **why)
{
	struct form_limits	lim = { 64, 128, 4096 };
	struct params		ps;

	if (form_parse(arena, query, strlen(query), &lim, &ps) != FORM_OK)
		bail("cannot parse %s", query);
	*why = NULL;
	return rs_query_parse(arena, r, &ps, q, why);
}

static void
test_query(void)
{
	struct catalog		 c;
	struct rs_query		 q;
	const struct rs_filter	*f;
	const char		*why;
	char			 err[256];

	if (catalog_parse(arena, catalog_text, strlen(catalog_text), &c, err,
	    sizeof(err)) == -1)
		bail("catalogue: %s", err);
	is_int(parse(&c.res[0], "score__gte=1&score__lte=9", &q, &why), 0,
	    "a range in two parameters parses");
	f = filter_of(&q, "score");
	ok(q.nf == 1 && f != NULL && strcmp(f->lo, "1") == 0 &&
	    strcmp(f->hi, "9") == 0, "as one filter");
	/*
	 * Found by t/fuzz/query.c: a bound merged into an earlier filter
	 * left the next filter's slot holding it, so the next range took
	 * it as its own, unchecked for its type.
	 */
	is_int(parse(&c.res[0], "score__gte=1&score__gte=2&"
	    "born__lte=2020-01-01", &q, &why), 0,
	    "a repeated bound, then another column's range");
	f = filter_of(&q, "born");
	ok(f != NULL && f->lo == NULL && f->hi != NULL &&
	    strcmp(f->hi, "2020-01-01") == 0, "the second range has only "
	    "its own bound");
	f = filter_of(&q, "score");
	ok(q.nf == 2 && f != NULL && strcmp(f->lo, "2") == 0 && f->hi == NULL,
	    "the first has the last of its repeated bound");
	is_int(parse(&c.res[0], "born__gte=2020-01-01&born__gte=2021-01-01&"
	    "email=ada%40example.com", &q, &why), 0,
	    "a repeated bound, then an equality");
	f = filter_of(&q, "email");
	ok(f != NULL && f->op == COP_EQ && f->lo == NULL && f->hi == NULL,
	    "the equality has no bounds");
	is_int(parse(&c.res[0], "born__gte=2020-01-01&born__lte=2021-01-01&"
	    "score__lte=x", &q, &why), 422, "a bad bound after a merged "
	    "range is still checked");
}

int
main(void)
{
	plan_lazy();
	arena = arena_new();
	test_numeric();
	test_jsonb();
	test_query();
	arena_free(arena);
	return tap_done();
}
