/*
 * chain.t.c: the canonical encoding of an audit row, byte for byte as
 * steward-audit(7) defines it, and the chained hash.
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
	unsigned char	 zero[32] = { 0 }, h[32], again[32];
	char		 hex[65];
	struct arena	*a = arena_new();
	struct buf	 b;

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

	buf_init(&b, a);
	chain_canonical(&b, row);
	chain_hash(zero, b.data, b.len, h);
	chain_hash(zero, b.data, b.len, again);
	ok(memcmp(h, again, 32) == 0, "the hash is deterministic");
	{
		unsigned char	msg[32 + 512];

		memset(msg, 0, 32);
		memcpy(msg + 32, b.data, b.len);
		crypto_sha256(msg, 32 + b.len, again);
	}
	ok(memcmp(h, again, 32) == 0, "hash = SHA-256(prev || canonical)");
	crypto_hex(h, 32, hex);
	chain_hash(h, b.data, b.len, again);
	ok(memcmp(h, again, 32) != 0, "a different predecessor gives a "
	    "different hash");
	arena_free(a);
	return tap_done();
}
