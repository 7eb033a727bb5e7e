/*
 * totp.c: libFuzzer target for what two-factor sign-in reads from a
 * person (src/totp.c): six-digit codes (totp_match), recovery codes
 * (totp_code_norm) and base32 secrets (totp_from_base32). The input is
 * a 20-byte secret, 8 bytes of time, then the typed text.
 * Invariants: an accepted code is exactly six ASCII digits and is the
 * code of the step returned, which is now's or the one before; now's own
 * code is accepted for now's step. Normalising a recovery code never
 * lengthens it, leaves only [a-z0-9], ignores case and is idempotent. A
 * secret survives base32 both ways, and a base32 text that is accepted is
 * the canonical spelling of the secret it gives.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>

#include "arena.h"
#include "totp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The 6-digit code of step (RFC 6238), straight from liboath. */
static void
code_of(const unsigned char *secret, long long step, char out[7])
{
	if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES,
	    (time_t)(step * TOTP_STEP), TOTP_STEP, 0, 6, out) != OATH_OK)
		abort();
}

static void
check_code(const unsigned char *secret, const char *code, time_t now)
{
	long long	step, cur = (long long)now / TOTP_STEP;
	char		want[7];
	size_t		i;

	if ((step = totp_match(secret, code, now)) >= 0) {
		if (strlen(code) != 6)
			abort();
		for (i = 0; i < 6; i++)
			if (code[i] < '0' || code[i] > '9')
				abort();
		if (step != cur && step != cur - 1)
			abort();
		code_of(secret, step, want);
		if (strcmp(want, code) != 0)
			abort();
	} else if (step != -1)
		abort();
	/* Now's code, and the one before, are taken. */
	code_of(secret, cur, want);
	if (totp_match(secret, want, now) != cur)
		abort();
	code_of(secret, cur - 1, want);
	if ((step = totp_match(secret, want, now)) != cur - 1 && step != cur)
		abort();
}

static void
check_recovery(const char *code)
{
	char	norm[64], again[64], upper[64];
	size_t	n, i;

	n = totp_code_norm(code, norm);
	if (n > strlen(code) || n != strlen(norm) || n > 63)
		abort();
	for (i = 0; i < n; i++)
		if (!((norm[i] >= 'a' && norm[i] <= 'z') ||
		    (norm[i] >= '0' && norm[i] <= '9')))
			abort();
	if (totp_code_norm(norm, again) != n ||
	    strcmp(again, norm) != 0)
		abort();
	for (i = 0; i < n; i++)
		upper[i] = (char)toupper((unsigned char)norm[i]);
	upper[n] = '\0';
	if (totp_code_norm(upper, again) != n ||
	    strcmp(again, norm) != 0)
		abort();
}

static void
check_base32(struct arena *a, const unsigned char *secret, const char *text)
{
	unsigned char	 back[TOTP_SECRET_BYTES];
	const char	*b32;
	size_t		 i;

	b32 = totp_base32(a, secret);
	if (strlen(b32) != 32 || !totp_from_base32(b32, back) ||
	    memcmp(back, secret, sizeof(back)) != 0)
		abort();
	if (!totp_from_base32(text, back))
		return;
	/* 20 bytes fill 32 characters exactly: one spelling per secret. */
	b32 = totp_base32(a, back);
	if (strlen(text) != 32)
		abort();
	for (i = 0; i < 32; i++)
		if (toupper((unsigned char)text[i]) != b32[i])
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	unsigned char		 secret[TOTP_SECRET_BYTES];
	uint64_t		 t = 0;
	time_t			 now;
	char			*text;
	size_t			 i;

	if (a == NULL) {
		if (totp_init() == -1)
			abort();
		a = arena_new();
	}
	arena_reset(a);
	if (len < TOTP_SECRET_BYTES + 8)
		return 0;
	memcpy(secret, data, TOTP_SECRET_BYTES);
	for (i = 0; i < 8; i++)
		t = t << 8 | data[TOTP_SECRET_BYTES + i];
	/* From 1970 to about the year 2514: what time() can say. */
	now = (time_t)(t % (1ULL << 34));
	text = arena_strndup(a, (const char *)data + TOTP_SECRET_BYTES + 8,
	    len - TOTP_SECRET_BYTES - 8);
	check_code(secret, text, now);
	check_recovery(text);
	check_base32(a, secret, text);
	return 0;
}
