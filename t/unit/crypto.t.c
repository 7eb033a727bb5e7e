/*
 * crypto.t.c: hashing, HMAC and encodings (src/crypto.c) against the
 * published test vectors (FIPS 180-2, RFC 4231, RFC 4648).
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "crypto.h"
#include "t/tap.h"

/* Hex of a SHA-256 or HMAC-SHA256 output, for comparison with vectors. */
static const char *
hex32(const unsigned char d[CRYPTO_SHA256_LEN])
{
	static char	out[2 * CRYPTO_SHA256_LEN + 1];

	crypto_hex(d, CRYPTO_SHA256_LEN, out);
	return out;
}

static void
test_hash(void)
{
	unsigned char	d[CRYPTO_SHA256_LEN], key[131];
	static const char jefe_msg[] = "what do ya want for nothing?";
	static const char big_msg[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";

	crypto_sha256("abc", 3, d);
	is_string(hex32(d),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "SHA-256(\"abc\") (FIPS 180-2 B.1)");
	crypto_sha256("", 0, d);
	is_string(hex32(d),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "SHA-256 of the empty string");

	crypto_hmac_sha256("Jefe", 4, jefe_msg, sizeof(jefe_msg) - 1, d);
	is_string(hex32(d),
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "HMAC-SHA256 RFC 4231 test case 2");
	memset(key, 0x0b, 20);
	crypto_hmac_sha256(key, 20, "Hi There", 8, d);
	is_string(hex32(d),
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	    "HMAC-SHA256 RFC 4231 test case 1");
	memset(key, 0xaa, sizeof(key));
	crypto_hmac_sha256(key, sizeof(key), big_msg, sizeof(big_msg) - 1, d);
	is_string(hex32(d),
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "HMAC-SHA256 RFC 4231 test case 6 (key longer than a block)");
}

static void
test_hex_equal(void)
{
	static const unsigned char	b[] = { 0x00, 0x0f, 0xab, 0xff, 0x10 };
	unsigned char			x[32], y[32];
	char				out[16];

	crypto_hex(b, sizeof(b), out);
	is_string(out, "000fabff10", "crypto_hex is lower-case, two digits "
	    "a byte");
	memset(out, 'x', sizeof(out));
	crypto_hex(b, 0, out);
	is_string(out, "", "crypto_hex of 0 bytes is \"\"");

	memset(x, 7, sizeof(x));
	memcpy(y, x, sizeof(y));
	ok(crypto_equal(x, y, sizeof(x)), "crypto_equal of equal buffers");
	y[31] ^= 1;
	ok(!crypto_equal(x, y, sizeof(x)), "crypto_equal sees the last byte "
	    "differ");
	y[31] ^= 1;
	y[0] ^= 0x80;
	ok(!crypto_equal(x, y, sizeof(x)), "crypto_equal sees the first byte "
	    "differ");
	ok(crypto_equal(x, y, 0), "crypto_equal of 0 bytes is true");

	memset(x, 0, sizeof(x));
	memset(y, 0, sizeof(y));
	is_int(crypto_random(x, sizeof(x)), 0, "crypto_random succeeds");
	is_int(crypto_random(y, sizeof(y)), 0, "crypto_random again");
	ok(memcmp(x, y, sizeof(x)) != 0, "two random 32-byte values differ");
	is_int(crypto_random(x, 0), 0, "crypto_random of 0 bytes succeeds");
}

/* Encodes s and compares with the RFC 4648 section 10 vector. */
static void
vector(const char *s, const char *want)
{
	char	out[16];

	crypto_b64url_encode((const unsigned char *)s, strlen(s), out);
	is_string(out, want, "base64url(\"%s\")", s);
}

static void
test_b64url(void)
{
	unsigned char	in[41], back[41], one[1], two[2], four[4];
	char		enc[64];
	size_t		len, i;
	bool		lengths = true;

	vector("", "");
	vector("f", "Zg");
	vector("fo", "Zm8");
	vector("foo", "Zm9v");
	vector("foob", "Zm9vYg");
	vector("fooba", "Zm9vYmE");
	vector("foobar", "Zm9vYmFy");

	is_int(crypto_b64url_len(0), 0, "crypto_b64url_len(0)");
	is_int(crypto_b64url_len(1), 2, "crypto_b64url_len(1)");
	is_int(crypto_b64url_len(2), 3, "crypto_b64url_len(2)");
	is_int(crypto_b64url_len(3), 4, "crypto_b64url_len(3)");
	is_int(crypto_b64url_len(32), 43, "crypto_b64url_len(32)");

	two[0] = 0xfb;
	two[1] = 0xff;
	crypto_b64url_encode(two, 2, enc);
	is_string(enc, "-_8", "0xfb 0xff uses '-' and '_' (not '+' '/')");
	memset(two, 0, sizeof(two));
	ok(crypto_b64url_decode("-_8", two, 2) && two[0] == 0xfb &&
	    two[1] == 0xff, "\"-_8\" decodes to 0xfb 0xff");
	ok(!crypto_b64url_decode("+/8", two, 2), "'+' and '/' are refused");

	/* Every length 0..40, with every byte value appearing somewhere. */
	for (len = 0; len <= 40; len++) {
		for (i = 0; i < len; i++)
			in[i] = (unsigned char)(len * 37 + i * 101);
		if (len > 0)
			in[len - 1] = 0xff;
		crypto_b64url_encode(in, len, enc);
		if (strlen(enc) != crypto_b64url_len(len) ||
		    strspn(enc, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
		    "uvwxyz0123456789-_") != strlen(enc))
			lengths = false;
		memset(back, 0x55, sizeof(back));
		ok(crypto_b64url_decode(enc, back, len) &&
		    memcmp(in, back, len) == 0, "round trip of %zu bytes", len);
	}
	ok(lengths, "encodings have crypto_b64url_len characters, all from "
	    "the base64url alphabet");
	if (crypto_random(in, 32) == -1)
		bail("crypto_random failed");
	crypto_b64url_encode(in, 32, enc);
	ok(crypto_b64url_decode(enc, back, 32) && memcmp(in, back, 32) == 0,
	    "round trip of 32 random bytes");

	ok(crypto_b64url_decode("", one, 0), "\"\" decodes to 0 bytes");
	ok(!crypto_b64url_decode("A", one, 0), "\"A\" is not 0 bytes");
	ok(!crypto_b64url_decode("Zm9v", two, 2), "4 characters are not 2 "
	    "bytes");
	ok(!crypto_b64url_decode("Zm9v", four, 4), "4 characters are not 4 "
	    "bytes");
	ok(!crypto_b64url_decode("Zm9vY", four, 4), "5 characters are not 4 "
	    "bytes (6 are)");
	ok(!crypto_b64url_decode("Zm9vYmE", four, 4), "7 characters are not "
	    "4 bytes");
	ok(!crypto_b64url_decode("Z", one, 1), "1 character is never valid");
	ok(!crypto_b64url_decode("Zg==", one, 1), "'=' padding is refused");
	ok(!crypto_b64url_decode("Zm8=", two, 2), "'=' padding is refused "
	    "for 2 bytes");
	ok(!crypto_b64url_decode("Z=", one, 1), "'=' in place of a digit is "
	    "refused");
	ok(!crypto_b64url_decode("Zh", one, 1), "\"Zh\" (non-zero trailing "
	    "bits) is refused");
	ok(!crypto_b64url_decode("Z_", one, 1), "\"Z_\" (non-zero trailing "
	    "bits) is refused");
	ok(!crypto_b64url_decode("Zm9", two, 2), "\"Zm9\" (non-zero trailing "
	    "bits) is refused");
	ok(!crypto_b64url_decode("Z g", two, 2), "a space is refused");
	ok(!crypto_b64url_decode("Zm\n", two, 2), "a newline is refused");
	ok(!crypto_b64url_decode("\xc3\xa9g", two, 2), "non-ASCII is refused");
	ok(!crypto_b64url_decode("Z.8", two, 2), "'.' is refused");
}

int
main(void)
{
	plan_lazy();
	test_hash();
	test_hex_equal();
	test_b64url();
	return tap_done();
}
