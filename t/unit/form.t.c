/*
 * form.t.c: percent-decoding and application/x-www-form-urlencoded
 * parsing (src/form.c) under hostile input.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "t/tap.h"

static struct arena	*arena;

/*
 * Decodes exactly len bytes copied into a buffer of that size, with no
 * NUL after it, into a buffer of exactly len + 1 bytes: under valgrind
 * any read past the input or write past the documented output size shows.
 * On success the output is copied to out (which holds 64 bytes).
 */
static enum form_error
decode_len(const char *s, size_t len, bool plus, char *out, size_t *outlen)
{
	enum form_error	 e;
	char		*src, *dst;
	size_t		 n = (size_t)-1;

	if ((src = malloc(len == 0 ? 1 : len)) == NULL ||
	    (dst = malloc(len + 1)) == NULL)
		bail("out of memory");
	memcpy(src, s, len);
	e = form_decode(src, len, plus, dst, &n);
	if (e == FORM_OK) {
		if (n > len || dst[n] != '\0')
			diag("decoded length %zu for %zu input bytes", n, len);
		memcpy(out, dst, n + 1 > 64 ? 64 : n + 1);
		*outlen = n;
	}
	free(dst);
	free(src);
	return e;
}

static enum form_error
decode(const char *s, bool plus, char *out, size_t *outlen)
{
	return decode_len(s, strlen(s), plus, out, outlen);
}

static void
test_decode(void)
{
	static const char *const hostile[] = {
		"", "a", "%41", "%2525", "%25%25", "+++", "%2B+%2b", "a%20b%20",
		"%C3%A9t%C3%A9", "%ff%FE%fd", "%7e~%7E", "/a/b%2F..",
	};
	char		out[64];
	size_t		len = 0, i;
	bool		bounded;

	is_int(decode("a%20b", false, out, &len), FORM_OK,
	    "a%%20b decodes");
	is_string(out, "a b", "a%%20b is \"a b\"");
	is_int(len, 3, "a%%20b decodes to 3 bytes");

	is_int(decode("%4A%4a%4f%4F", false, out, &len), FORM_OK,
	    "upper- and lower-case hex digits decode");
	is_string(out, "JJOO", "%%4A%%4a%%4f%%4F is JJOO");

	is_int(decode("%2541", false, out, &len), FORM_OK,
	    "%%2541 decodes");
	is_string(out, "%41", "%%2541 is decoded once, not twice");

	is_int(decode("%G1", false, out, &len), FORM_BAD_ESCAPE,
	    "%%G1 is a bad escape");
	is_int(decode("%1G", false, out, &len), FORM_BAD_ESCAPE,
	    "%%1G is a bad escape");
	is_int(decode("a%2", false, out, &len), FORM_BAD_ESCAPE,
	    "%%2 at the end is a bad escape");
	is_int(decode("%", false, out, &len), FORM_BAD_ESCAPE,
	    "a lone %% is a bad escape");
	is_int(decode("abc%", false, out, &len), FORM_BAD_ESCAPE,
	    "%% as the last byte is a bad escape");
	is_int(decode("%%41", false, out, &len), FORM_BAD_ESCAPE,
	    "%%%%41 is a bad escape");
	is_int(decode("% 1", false, out, &len), FORM_BAD_ESCAPE,
	    "%% followed by a space is a bad escape");
	is_int(decode("%-1", false, out, &len), FORM_BAD_ESCAPE,
	    "%%-1 (a sign, as strtol would take) is a bad escape");
	is_int(decode("%0x", false, out, &len), FORM_BAD_ESCAPE,
	    "%%0x is a bad escape");

	/* The escape is complete in memory but cut by the length. */
	is_int(decode_len("ab%41", 4, false, out, &len), FORM_BAD_ESCAPE,
	    "an escape cut by the given length is bad (no read past len)");
	is_int(decode_len("ab%41", 2, false, out, &len), FORM_OK,
	    "input cut before the escape decodes");
	is_string(out, "ab", "only len bytes are decoded");

	is_int(decode("%00", false, out, &len), FORM_NUL, "%%00 is FORM_NUL");
	is_int(decode("a%00b", true, out, &len), FORM_NUL,
	    "%%00 in the middle is FORM_NUL");
	is_int(decode_len("a\0b", 3, false, out, &len), FORM_NUL,
	    "a raw NUL inside the given length is FORM_NUL");
	is_int(decode_len("\0", 1, true, out, &len), FORM_NUL,
	    "a lone raw NUL is FORM_NUL");

	is_int(decode("a+b", true, out, &len), FORM_OK, "a+b decodes");
	is_string(out, "a b", "'+' is a space when plus is true");
	is_int(decode("a+b", false, out, &len), FORM_OK,
	    "a+b decodes without plus");
	is_string(out, "a+b", "'+' stays '+' when plus is false");
	is_int(decode("%2B", true, out, &len), FORM_OK, "%%2B decodes");
	is_string(out, "+", "%%2B is a literal '+' even when plus is true");

	is_int(decode("", true, out, &len), FORM_OK, "empty input decodes");
	is_int(len, 0, "empty input gives empty output");

	bounded = true;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		len = (size_t)-1;
		if (decode(hostile[i], true, out, &len) != FORM_OK ||
		    len > strlen(hostile[i]) || out[len] != '\0') {
			diag("bad result for \"%s\"", hostile[i]);
			bounded = false;
		}
	}
	ok(bounded, "output is never longer than the input, and "
	    "NUL-terminated");
}

static const struct form_limits	limits = { 3, 4, 5 };

/* Parses a NUL-terminated string under limits. */
static enum form_error
parse(const char *s, const struct form_limits *lim, struct params *ps)
{
	return form_parse(arena, s, strlen(s), lim, ps);
}

static void
test_parse(void)
{
	static const struct form_limits	 big = { 100, 100, 100 };
	struct form_limits		 lim;
	struct params			 ps;
	char				 buf[8];

	is_int(parse("a=1&b=2", &big, &ps), FORM_OK, "a=1&b=2 parses");
	is_int(ps.n, 2, "a=1&b=2 has two fields");
	if (ps.n == 2) {
		is_string(ps.v[0].name, "a", "first name is a");
		is_string(ps.v[0].value, "1", "first value is 1");
		is_int(ps.v[0].value_len, 1, "first value_len is 1");
		is_string(ps.v[1].name, "b", "second name is b");
		is_string(ps.v[1].value, "2", "second value is 2");
	}
	is_string(params_get(&ps, "b"), "2", "params_get finds b");
	ok(params_get(&ps, "c") == NULL, "params_get of a missing name is "
	    "NULL");
	ok(params_get(&ps, "") == NULL, "params_get of \"\" is NULL when "
	    "no field is unnamed");
	ok(params_get(&ps, "A") == NULL, "params_get is case-sensitive");

	is_int(parse("", &big, &ps), FORM_OK, "empty input parses");
	is_int(ps.n, 0, "empty input has no fields");
	ok(params_get(&ps, "a") == NULL, "params_get on no fields is NULL");

	is_int(parse("&&", &big, &ps), FORM_OK, "&& parses");
	is_int(ps.n, 0, "&& has no fields");
	is_int(parse("&&a=1&&&b=2&", &big, &ps), FORM_OK,
	    "&&a=1&&&b=2& parses");
	is_int(ps.n, 2, "empty pairs are skipped");

	is_int(parse("flag&x=1", &big, &ps), FORM_OK, "flag&x=1 parses");
	is_int(ps.n, 2, "a pair without '=' is still a field");
	is_string(params_get(&ps, "flag"), "", "a pair without '=' has an "
	    "empty value");
	if (ps.n > 0)
		is_int(ps.v[0].value_len, 0, "its value_len is 0");

	is_int(parse("a=", &big, &ps), FORM_OK, "a= parses");
	is_string(params_get(&ps, "a"), "", "a= has an empty value");

	is_int(parse("=x", &big, &ps), FORM_OK, "=x parses");
	is_int(ps.n, 1, "=x is one field");
	if (ps.n == 1) {
		is_string(ps.v[0].name, "", "=x has an empty name");
		is_string(ps.v[0].value, "x", "=x has the value x");
	}

	is_int(parse("a=1=2", &big, &ps), FORM_OK, "a=1=2 parses");
	is_string(params_get(&ps, "a"), "1=2", "only the first '=' splits");

	is_int(parse("a=1&a=2", &big, &ps), FORM_OK, "a=1&a=2 parses");
	is_string(params_get(&ps, "a"), "1", "params_get returns the first "
	    "of repeated names");

	is_int(parse("first+name=J%C3%B6rg+M%2B&e=a%40b", &big, &ps), FORM_OK,
	    "an encoded name and value parse");
	is_string(params_get(&ps, "first name"), "J\xc3\xb6rg M+",
	    "'+' and escapes are decoded in names and values");
	is_string(params_get(&ps, "e"), "a@b", "%%40 is '@'");

	/* Bounded by len: the rest of the string is not looked at. */
	is_int(form_parse(arena, "a=1&b=2", 3, &big, &ps), FORM_OK,
	    "a prefix of the input parses");
	is_int(ps.n, 1, "only len bytes are parsed");
	memcpy(buf, "a=%4", 4);
	is_int(form_parse(arena, buf, 4, &big, &ps), FORM_BAD_ESCAPE,
	    "an escape cut by len is bad (no read past the input)");

	is_int(parse("a=%G1", &big, &ps), FORM_BAD_ESCAPE,
	    "a bad escape in a value is FORM_BAD_ESCAPE");
	is_int(parse("%zz=1", &big, &ps), FORM_BAD_ESCAPE,
	    "a bad escape in a name is FORM_BAD_ESCAPE");
	is_int(parse("a=1&b=%", &big, &ps), FORM_BAD_ESCAPE,
	    "a trailing %% is FORM_BAD_ESCAPE");
	is_int(parse("a=%00", &big, &ps), FORM_NUL, "%%00 in a value is "
	    "FORM_NUL");
	is_int(parse("a%00b=1", &big, &ps), FORM_NUL, "%%00 in a name is "
	    "FORM_NUL");
	is_int(form_parse(arena, "a=b\0c", 5, &big, &ps), FORM_NUL,
	    "a raw NUL within len is FORM_NUL");

	/* Exactly max_fields (3) is fine; one more is not. */
	is_int(parse("a&b&c", &limits, &ps), FORM_OK,
	    "exactly max_fields fields parse");
	is_int(ps.n, 3, "all three are returned");
	is_int(parse("a&b&c&d", &limits, &ps), FORM_TOO_MANY_FIELDS,
	    "max_fields + 1 fields is FORM_TOO_MANY_FIELDS");
	is_int(parse("&a&&b&&&c&&&&", &limits, &ps), FORM_OK,
	    "empty pairs do not count against max_fields");
	is_int(parse("a=%G1&b&c&d", &limits, &ps), FORM_TOO_MANY_FIELDS,
	    "the field count is checked before any field is decoded");

	/* max_name is 4 decoded bytes. */
	is_int(parse("abcd=1", &limits, &ps), FORM_OK,
	    "a name of exactly max_name bytes parses");
	is_int(parse("abcde=1", &limits, &ps), FORM_NAME_TOO_LONG,
	    "a name of max_name + 1 bytes is FORM_NAME_TOO_LONG");
	is_int(parse("%61%62%63%64=1", &limits, &ps), FORM_OK,
	    "an encoded name of max_name decoded bytes parses");
	is_string(params_get(&ps, "abcd"), "1", "and is decoded");
	is_int(parse("%61%62%63%64%65=1", &limits, &ps), FORM_NAME_TOO_LONG,
	    "an encoded name of max_name + 1 decoded bytes is too long");
	is_int(parse("%C3%A9%C3%A9=1", &limits, &ps), FORM_OK,
	    "two 2-byte characters (4 bytes) fit max_name 4");
	is_int(parse("%C3%A9%C3%A9a=1", &limits, &ps), FORM_NAME_TOO_LONG,
	    "max_name counts bytes, not characters");
	is_int(parse("abcdefghijklmnopqrstuvwxyz", &limits, &ps),
	    FORM_NAME_TOO_LONG, "a long name without '=' is too long");

	/* max_value is 5 decoded bytes. */
	is_int(parse("v=12345", &limits, &ps), FORM_OK,
	    "a value of exactly max_value bytes parses");
	is_int(parse("v=123456", &limits, &ps), FORM_VALUE_TOO_LONG,
	    "a value of max_value + 1 bytes is FORM_VALUE_TOO_LONG");
	is_int(parse("v=%31%32%33%34%35", &limits, &ps), FORM_OK,
	    "an encoded value of max_value decoded bytes parses");
	if (ps.n == 1)
		is_int(ps.v[0].value_len, 5, "its value_len is 5");
	is_int(parse("v=%31%32%33%34%35%36", &limits, &ps),
	    FORM_VALUE_TOO_LONG,
	    "an encoded value of max_value + 1 decoded bytes is too long");
	is_int(parse("v=+++++", &limits, &ps), FORM_OK,
	    "five '+' fit max_value 5");
	is_int(parse("v=++++++", &limits, &ps), FORM_VALUE_TOO_LONG,
	    "six '+' do not");

	lim = big;
	is_int(parse("a=%C0%AF", &lim, &ps), FORM_BAD_UTF8,
	    "overlong C0 AF is FORM_BAD_UTF8");
	is_int(parse("a=%E0%80%AF", &lim, &ps), FORM_BAD_UTF8,
	    "overlong E0 80 AF is FORM_BAD_UTF8");
	is_int(parse("a=%F0%80%80%AF", &lim, &ps), FORM_BAD_UTF8,
	    "overlong F0 80 80 AF is FORM_BAD_UTF8");
	is_int(parse("a=%ED%A0%80", &lim, &ps), FORM_BAD_UTF8,
	    "surrogate ED A0 80 is FORM_BAD_UTF8");
	is_int(parse("a=%ED%BF%BF", &lim, &ps), FORM_BAD_UTF8,
	    "surrogate ED BF BF is FORM_BAD_UTF8");
	is_int(parse("a=%F4%90%80%80", &lim, &ps), FORM_BAD_UTF8,
	    "F4 90 80 80 (above U+10FFFF) is FORM_BAD_UTF8");
	is_int(parse("a=%F5%80%80%80", &lim, &ps), FORM_BAD_UTF8,
	    "lead byte F5 is FORM_BAD_UTF8");
	is_int(parse("a=%FF", &lim, &ps), FORM_BAD_UTF8,
	    "byte FF is FORM_BAD_UTF8");
	is_int(parse("a=%80", &lim, &ps), FORM_BAD_UTF8,
	    "a lone continuation byte is FORM_BAD_UTF8");
	is_int(parse("a=%C3", &lim, &ps), FORM_BAD_UTF8,
	    "a truncated sequence at the end is FORM_BAD_UTF8");
	is_int(parse("a=%E2%82", &lim, &ps), FORM_BAD_UTF8,
	    "a truncated 3-byte sequence is FORM_BAD_UTF8");
	is_int(parse("a=%C3a", &lim, &ps), FORM_BAD_UTF8,
	    "a lead byte followed by ASCII is FORM_BAD_UTF8");
	is_int(parse("%C0%AF=1", &lim, &ps), FORM_BAD_UTF8,
	    "invalid UTF-8 in a name is FORM_BAD_UTF8");
	is_int(parse("a=\xc0\xaf", &lim, &ps), FORM_BAD_UTF8,
	    "raw invalid UTF-8 is FORM_BAD_UTF8");

	is_int(parse("a=%C3%A9&b=%E2%82%AC&c=%F0%9F%98%80&d=%F4%8F%BF%BF",
	    &lim, &ps), FORM_OK, "percent-encoded valid UTF-8 parses");
	is_string(params_get(&ps, "a"), "\xc3\xa9", "U+00E9 decodes");
	is_string(params_get(&ps, "b"), "\xe2\x82\xac", "U+20AC decodes");
	is_string(params_get(&ps, "c"), "\xf0\x9f\x98\x80",
	    "U+1F600 decodes");
	is_string(params_get(&ps, "d"), "\xf4\x8f\xbf\xbf",
	    "U+10FFFF decodes");
	if (ps.n == 4)
		is_int(ps.v[2].value_len, 4, "value_len counts bytes");
	is_int(parse("a=\xc3\xa9", &lim, &ps), FORM_OK,
	    "raw valid UTF-8 parses");
}

static void
test_strerror(void)
{
	enum form_error	e;
	const char	*s;

	for (e = FORM_OK; e <= FORM_VALUE_TOO_LONG; e++) {
		s = form_strerror(e);
		ok(s != NULL && *s != '\0', "form_strerror(%d) is a message",
		    (int)e);
	}
	ok(strcmp(form_strerror(FORM_NUL), form_strerror(FORM_BAD_UTF8)) != 0,
	    "messages differ");
}

int
main(void)
{
	plan_lazy();
	arena = arena_new();
	test_decode();
	test_parse();
	test_strerror();
	arena_free(arena);
	return tap_done();
}
