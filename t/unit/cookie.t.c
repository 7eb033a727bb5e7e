/*
 * cookie.t.c: the Cookie header and Set-Cookie values (src/cookie.c).
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "cookie.h"
#include "form.h"
#include "t/tap.h"

static struct arena	*arena;

static void
test_parse(void)
{
	struct params	ps;

	is_int(cookie_parse(arena, "a=1; b=2", 10, &ps), 0,
	    "\"a=1; b=2\" parses");
	is_int(ps.n, 2, "two cookies");
	is_string(params_get(&ps, "a"), "1", "a is 1");
	is_string(params_get(&ps, "b"), "2", "b is 2");
	if (ps.n == 2)
		is_int(ps.v[1].value_len, 1, "value_len is set");

	is_int(cookie_parse(arena, "  a = 1 ;b=2\t;\t c=3  ", 10, &ps), 0,
	    "spaces and tabs around names and values parse");
	is_int(ps.n, 3, "three cookies");
	is_string(params_get(&ps, "a"), "1", "spaces around a and 1 are "
	    "trimmed");
	is_string(params_get(&ps, "c"), "3", "tabs around c are trimmed");
	ok(params_get(&ps, " a") == NULL, "no name keeps its spaces");

	is_int(cookie_parse(arena, "a=x y; b= p q ", 10, &ps), 0,
	    "inner spaces parse");
	is_string(params_get(&ps, "a"), "x y", "a space inside a value is "
	    "kept");
	is_string(params_get(&ps, "b"), "p q", "outer spaces are trimmed, "
	    "inner kept");

	is_int(cookie_parse(arena, "q=\"xyz\"; e=\"\"; o=\"; h=\"ab", 10,
	    &ps), 0, "quoted values parse");
	is_string(params_get(&ps, "q"), "xyz", "a quoted value loses its "
	    "quotes");
	is_string(params_get(&ps, "e"), "", "\"\" is the empty value");
	if (ps.n == 4)
		is_int(ps.v[1].value_len, 0, "and its value_len is 0");
	is_string(params_get(&ps, "o"), "\"", "a lone quote is kept");
	is_string(params_get(&ps, "h"), "\"ab", "an unbalanced quote is "
	    "kept");

	is_int(cookie_parse(arena, "flag; a=1; ;;", 10, &ps), 0,
	    "pairs without '=' parse");
	is_int(ps.n, 1, "pairs without '=' are skipped");
	is_string(params_get(&ps, "a"), "1", "the pair with '=' is kept");
	ok(params_get(&ps, "flag") == NULL, "the pair without '=' is "
	    "absent");

	is_int(cookie_parse(arena, "=x; \t=y; a=1", 10, &ps), 0,
	    "empty names parse");
	is_int(ps.n, 1, "pairs with an empty name are skipped");
	ok(params_get(&ps, "") == NULL, "no cookie has an empty name");

	is_int(cookie_parse(arena, "a=b=c; d=", 10, &ps), 0,
	    "'=' in a value parses");
	is_string(params_get(&ps, "a"), "b=c", "only the first '=' splits");
	is_string(params_get(&ps, "d"), "", "d= has an empty value");

	is_int(cookie_parse(arena, "a=%41", 10, &ps), 0,
	    "an escape in a value parses");
	is_string(params_get(&ps, "a"), "%41", "values are not decoded");

	is_int(cookie_parse(arena, "s=first; s=second", 10, &ps), 0,
	    "a repeated name parses");
	is_string(params_get(&ps, "s"), "first", "the first of a repeated "
	    "name wins");

	is_int(cookie_parse(arena, "a=1; b=2; c=3", 3, &ps), 0,
	    "exactly max cookies parse");
	is_int(ps.n, 3, "all three are returned");
	is_int(cookie_parse(arena, "a=1; b=2; c=3", 2, &ps), -1,
	    "max + 1 cookies is -1");
	is_int(cookie_parse(arena, "a=1", 0, &ps), -1,
	    "one cookie with max 0 is -1");

	ps.n = 99;
	is_int(cookie_parse(arena, NULL, 10, &ps), 0, "a NULL header is 0");
	is_int(ps.n, 0, "a NULL header has no cookies");
	ok(params_get(&ps, "a") == NULL, "params_get on no cookies is NULL");
	is_int(cookie_parse(arena, "", 10, &ps), 0, "an empty header is 0");
	is_int(ps.n, 0, "an empty header has no cookies");
}

/* The strings from cookie_format, or "(null)" for a refusal. */
static const char *
format(const char *name, const char *value, const struct cookie_attrs *at)
{
	const char	*s;

	s = cookie_format(arena, name, value, at);
	return s != NULL ? s : "(null)";
}

static void
test_format(void)
{
	static const char *const bad_names[] = {
		"", "a b", "a;b", "a=b", "a,b", "a\tb", "a\"b", "(a)", "a/b",
		"a:b", "a\r\nb", "a\x01", "a\x7f", "\xc3\xa9", "[a]", "{a}",
		"a@b", "a\\b", "a?b",
	};
	static const char *const bad_values[] = {
		"a;b", "a,b", "a\"b", "a b", "a\x01", "\x1f", "a\x7f",
		"a\tb", "a\r\nSet-Cookie: x=1", "a\\b", "\xc3\xa9", "\x80",
	};
	struct cookie_attrs	session = { -1, true, COOKIE_SAMESITE_STRICT };
	struct cookie_attrs	del = { 0, true, COOKIE_SAMESITE_STRICT };
	struct cookie_attrs	lax = { 3600, false, COOKIE_SAMESITE_LAX };
	size_t			i;

	is_string(format("__Host-steward", "abc", &session),
	    "__Host-steward=abc; Path=/; Secure; HttpOnly; SameSite=Strict",
	    "the session cookie, exactly");
	is_string(format("__Host-steward", "", &del),
	    "__Host-steward=; Path=/; Secure; HttpOnly; SameSite=Strict; "
	    "Max-Age=0", "the deletion cookie has Max-Age=0");
	is_string(format("__Host-steward", "abc", &del),
	    "__Host-steward=abc; Path=/; Secure; HttpOnly; SameSite=Strict; "
	    "Max-Age=0", "Max-Age=0 with a value");
	is_string(format("n", "v", &lax),
	    "n=v; Path=/; Secure; SameSite=Lax; Max-Age=3600",
	    "Lax, no HttpOnly and a Max-Age");
	is_string(format("__Host-steward-csrf",
	    "TiOmd6wdVUUCe0p02sh3dxWegabiEhdYbHVxlKFXWjs", &session),
	    "__Host-steward-csrf=TiOmd6wdVUUCe0p02sh3dxWegabiEhdYbHVxlKFXWjs; "
	    "Path=/; Secure; HttpOnly; SameSite=Strict",
	    "a base64url value is accepted");
	is_string(format("a!#$%&'*+-.^_`|~z", "!#$%&'()*+-./:<=>?@[]^_`{|}~",
	    &session), "a!#$%&'*+-.^_`|~z=!#$%&'()*+-./:<=>?@[]^_`{|}~; "
	    "Path=/; Secure; HttpOnly; SameSite=Strict",
	    "every tchar in a name and every punctuation cookie-octet in a "
	    "value is accepted");

	for (i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++)
		ok(cookie_format(arena, bad_names[i], "v", &session) == NULL,
		    "name #%zu (not a token) is refused", i);
	for (i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
		ok(cookie_format(arena, "n", bad_values[i], &session) == NULL,
		    "value #%zu (not cookie-octets) is refused", i);
}

int
main(void)
{
	plan_lazy();
	arena = arena_new();
	test_parse();
	test_format();
	arena_free(arena);
	return tap_done();
}
