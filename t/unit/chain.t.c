/*
 * chain.t.c: the canonical encoding of an audit row, byte for byte as
 * steward-audit(7) defines it, the chained hash against the man page's
 * worked example, and the parsing of an anchor hash.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chain.h"
#include "crypto.h"
#include "t/tap.h"

int
main(void)
{
	const char *const row[CHAIN_FIELDS] = {
		"1", "2026-11-22T04:51:10.206011Z", NULL, NULL, "nobody@x.y",
		"staff.sign_in_failed", "staff", NULL, NULL,
		"{\"reason\": \"unknown_email\"}", "127.0.0.1", "curl/7.88.1",
		"715e0d34",
	};
	const char *const utf8[CHAIN_FIELDS] = {
		"2", "t", "", NULL, "\xc3\xa9", NULL, NULL, NULL, NULL, NULL,
		NULL, NULL, "a;b:c",
	};
	/* steward-audit(7), Worked example. */
	const char *const owner[CHAIN_FIELDS] = {
		"1", "2026-11-22T04:53:16.099087Z", NULL, NULL, NULL,
		"staff.create", "staff", "1", NULL,
		"{\"role\": \"owner\", \"email\": \"owner@steward.test\", "
		"\"status\": \"active\", \"display_name\": \"Demo Owner\", "
		"\"password_hash\": \"[redacted]\"}",
		NULL, "stewardctl create-owner", NULL,
	};
	const char *const signin[CHAIN_FIELDS] = {
		"2", "2026-11-22T04:53:16.604929Z", "1", NULL, NULL,
		"staff.sign_in", "staff", "1", NULL, "{\"session_id\": 1}",
		"127.0.0.1", "steward-tests/1",
		"2d064159d00a4c949a4611d23f00bf72",
	};
	/* What sscanf("%2x") let through, and other near misses. */
	const char *const bad[] = {
		"-1000000000000000000000000000000"
		    "00000000000000000000000000000000",
		"+f000000000000000000000000000000"
		    "00000000000000000000000000000000",
		" f000000000000000000000000000000"
		    "00000000000000000000000000000000",
		"0x000000000000000000000000000000"
		    "00000000000000000000000000000000",
		"00000000000000000000000000000000"
		    "0000000000000000000000000000000g",
		"00000000000000000000000000000000"
		    "0000000000000000000000000000000",
		"00000000000000000000000000000000"
		    "000000000000000000000000000000000",
		"",
	};
	unsigned char	 zero[32] = { 0 }, prev[32], h[32], again[32];
	char		 hex[65];
	struct arena	*a = arena_new();
	struct buf	 b;
	size_t		 i;

	plan_lazy();
	buf_init(&b, a);
	chain_canonical(&b, row);
	is_string(b.data, "1:1;27:2026-11-22T04:51:10.206011Z;-;-;10:nobody@x.y;"
	    "20:staff.sign_in_failed;5:staff;-;-;"
	    "27:{\"reason\": \"unknown_email\"};9:127.0.0.1;11:curl/7.88.1;"
	    "8:715e0d34;", "fields as <length>:<text>; and NULL as -;");

	buf_init(&b, a);
	chain_canonical(&b, utf8);
	is_string(b.data, "1:2;1:t;0:;-;2:\xc3\xa9;-;-;-;-;-;-;-;5:a;b:c;",
	    "lengths count bytes, an empty text is 0:; and separators inside "
	    "a text need no escaping");

	/*
	 * Known answers: the two rows of steward-audit(7)'s worked example,
	 * whose hashes were computed there with sha256sum and openssl.
	 */
	buf_init(&b, a);
	chain_canonical(&b, owner);
	is_string(b.data, "1:1;27:2026-11-22T04:53:16.099087Z;-;-;-;"
	    "12:staff.create;5:staff;1:1;-;129:{\"role\": \"owner\", "
	    "\"email\": \"owner@steward.test\", \"status\": \"active\", "
	    "\"display_name\": \"Demo Owner\", \"password_hash\": "
	    "\"[redacted]\"};-;23:stewardctl create-owner;-;",
	    "the worked example's row 1 encodes as the man page shows");
	chain_hash(zero, b.data, b.len, h);
	crypto_hex(h, 32, hex);
	is_string(hex, "6d2a70a86e7b7de57cad72647d5bf453"
	    "fc855d29763cee32140a18a68330e384",
	    "row 1: hash = SHA-256(32 zero bytes || canonical), as published");
	buf_init(&b, a);
	chain_canonical(&b, signin);
	is_string(b.data, "1:2;27:2026-11-22T04:53:16.604929Z;1:1;-;-;"
	    "13:staff.sign_in;5:staff;1:1;-;17:{\"session_id\": 1};"
	    "9:127.0.0.1;15:steward-tests/1;"
	    "32:2d064159d00a4c949a4611d23f00bf72;",
	    "the worked example's row 2 encodes as the man page shows");
	memcpy(prev, h, 32);
	chain_hash(prev, b.data, b.len, h);
	crypto_hex(h, 32, hex);
	is_string(hex, "76de4dd6d03b651e141423fc53b3be8c"
	    "b5fc282d72a9f4115f916c41c7f9f983",
	    "row 2: hash = SHA-256(row 1's hash || canonical), as published");
	chain_hash(zero, b.data, b.len, again);
	ok(memcmp(h, again, 32) != 0, "a different predecessor gives a "
	    "different hash");

	/* Anchors given to stewardctl audit verify --hash (crypto_unhex). */
	ok(crypto_unhex("76de4dd6d03b651e141423fc53b3be8c"
	    "b5fc282d72a9f4115f916c41c7f9f983", again, 32),
	    "64 hex digits are an anchor");
	ok(memcmp(again, h, 32) == 0, "... of the 32 bytes they spell");
	ok(crypto_unhex("76DE4DD6D03B651E141423FC53B3BE8C"
	    "B5FC282D72A9F4115F916C41C7F9F983", again, 32) &&
	    memcmp(again, h, 32) == 0, "upper-case digits too");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!crypto_unhex(bad[i], h, 32), "not an anchor: \"%s\"", bad[i]);
	arena_free(a);
	return tap_done();
}
