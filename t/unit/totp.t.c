/*
 * totp.t.c: TOTP codes against RFC 6238 appendix B (SHA-1, truncated to
 * six digits) and against oathtool as an independent oracle, the step
 * window, base32, and the QR drawing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "totp.h"
#include "t/tap.h"

/* RFC 6238's SHA-1 seed, "12345678901234567890". */
static const unsigned char seed[TOTP_SECRET_BYTES] = "12345678901234567890";

int
main(void)
{
	static const struct {
		time_t		 t;
		const char	*code;	/* last six digits of appendix B */
	} vectors[] = {
		{ 59, "287082" }, { 1111111109, "081804" },
		{ 1111111111, "050471" }, { 1234567890, "005924" },
		{ 2000000000, "279037" }, { 20000000000, "353130" },
	};
	struct arena	*a = arena_new();
	unsigned char	 back[TOTP_SECRET_BYTES];
	const char	*b32, *svg;
	char		 cmd[256], out[32];
	size_t		 i;
	FILE		*p;

	plan_lazy();
	if (totp_init() == -1)
		bail("liboath does not initialise");
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
		is_int(totp_match(seed, vectors[i].code, vectors[i].t),
		    vectors[i].t / 30, "RFC 6238 vector at T=%lld",
		    (long long)vectors[i].t);
	is_int(totp_match(seed, "287082", 59 + 30), 1,
	    "the previous step's code is still accepted");
	is_int(totp_match(seed, "287082", 59 + 60), -1,
	    "two steps back is not");
	is_int(totp_match(seed, "287083", 59), -1, "a wrong code is not");
	is_int(totp_match(seed, "28708", 59), -1, "five digits are not");
	is_int(totp_match(seed, "2870821", 59), -1, "seven digits are not");
	is_int(totp_match(seed, "28708a", 59), -1, "a letter is not");
	is_int(totp_match(seed, "", 59), -1, "nothing is not");

	b32 = totp_base32(a, seed);
	is_string(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "base32 (RFC 4648)");
	ok(totp_from_base32(b32, back) && memcmp(back, seed, 20) == 0,
	    "base32 round trip");
	ok(!totp_from_base32("GEZDGNBV", back), "a short key is refused");
	ok(!totp_from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ!", back),
	    "a bad character is refused");

	/* oathtool (Debian's oathtool package) as an independent oracle. */
	if (system("command -v oathtool >/dev/null 2>&1") == 0) {
		for (i = 0; i < 3; i++) {
			time_t	t = 1700000000 + (time_t)i * 977;

			snprintf(cmd, sizeof(cmd), "oathtool --totp -b "
			    "--now '@%lld' %s", (long long)t, b32);
			if ((p = popen(cmd, "r")) == NULL ||
			    fgets(out, sizeof(out), p) == NULL)
				bail("oathtool");
			pclose(p);
			out[strcspn(out, "\n")] = '\0';
			is_int(totp_match(seed, out, t), t / 30,
			    "oathtool agrees at T=%lld (%s)", (long long)t,
			    out);
		}
	} else
		diag("oathtool is not installed: oracle checks skipped");

	svg = totp_qr_svg(a, totp_uri(a, "a@b.example", b32));
	ok(svg != NULL && strncmp(svg, "<svg ", 5) == 0 &&
	    strstr(svg, "</svg>") != NULL, "the QR code is an SVG");
	ok(svg != NULL && strchr(svg, '<') == svg &&
	    strstr(svg + 1, "<script") == NULL, "with nothing active in it");
	is_string(totp_uri(a, "a+b@c.example", "KEY"),
	    "otpauth://totp/Steward:a%2Bb%40c.example?secret=KEY&issuer="
	    "Steward&algorithm=SHA1&digits=6&period=30",
	    "the otpauth URI escapes the email");
	arena_free(a);
	return tap_done();
}
