/*
 * totp.c: two-factor sign-in. Codes come from liboath; replay protection
 * is the account's last accepted time step, updated only forwards in the
 * same transaction as the sign-in.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <qrencode.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "form.h"
#include "totp.h"

int
totp_init(void)
{
	return oath_init() == OATH_OK ? 0 : -1;
}

const char *
totp_base32(struct arena *a, const unsigned char *secret)
{
	char	*out = NULL, *copy;
	size_t	 len = 0;

	if (oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &out,
	    &len) != OATH_OK)
		abort();
	/* 20 bytes are 32 base32 characters: no padding to strip. */
	copy = arena_strndup(a, out, len);
	free(out);
	return copy;
}

bool
totp_from_base32(const char *s, unsigned char out[TOTP_SECRET_BYTES])
{
	char	*raw = NULL;
	size_t	 len = 0;
	bool	 ok;

	if (strlen(s) != 32 || oath_base32_decode(s, strlen(s), &raw,
	    &len) != OATH_OK)
		return false;
	ok = len == TOTP_SECRET_BYTES;
	if (ok)
		memcpy(out, raw, TOTP_SECRET_BYTES);
	free(raw);
	return ok;
}

long long
totp_match(const unsigned char *secret, const char *code, time_t now)
{
	char		 want[16];
	long long	 step = (long long)now / TOTP_STEP;
	int		 back;
	size_t		 i;

	if (strlen(code) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		if (!isdigit((unsigned char)code[i]))
			return -1;
	/* The current step and the one before (clock drift, typing time). */
	for (back = 0; back <= 1; back++) {
		if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES,
		    (time_t)((step - back) * TOTP_STEP), TOTP_STEP, 0, 6,
		    want) != OATH_OK)
			return -1;
		if (crypto_equal(want, code, 6))
			return step - back;
	}
	return -1;
}

const char *
totp_uri(struct arena *a, const char *email, const char *base32)
{
	struct buf	b;

	buf_init(&b, a);
	buf_puts(&b, "otpauth://totp/Steward:");
	form_encode(&b, email);
	buf_printf(&b, "?secret=%s&issuer=Steward&algorithm=SHA1&digits=6"
	    "&period=%d", base32, TOTP_STEP);
	return b.data;
}

const char *
totp_qr_svg(struct arena *a, const char *text)
{
	QRcode		*qr;
	struct buf	 b;
	int		 x, y, w, quiet = 4;

	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return NULL;
	w = qr->width;
	buf_init(&b, a);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "shape-rendering=\"crispEdges\" role=\"img\" "
	    "aria-label=\"QR code\"><rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#fff\"/><path fill=\"#000\" d=\"", w + 2 * quiet,
	    w + 2 * quiet, (w + 2 * quiet) * 5, (w + 2 * quiet) * 5);
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x++)
			if (qr->data[y * w + x] & 1)
				buf_printf(&b, "M%d %dh1v1h-1z", x + quiet,
				    y + quiet);
	buf_puts(&b, "\"/></svg>");
	QRcode_free(qr);
	return b.data;
}

int
totp_load(long long staff_id, struct totp_state *st)
{
	char		 id[24];
	const char	*p[1] = { id };
	PGresult	*res;
	int		 found;

	memset(st, 0, sizeof(*st));
	snprintf(id, sizeof(id), "%lld", staff_id);
	res = db_exec(__func__, "SELECT totp_enabled, encode(totp_secret,"
	    " 'hex'), totp_last_step FROM steward.staff WHERE id = $1::bigint",
	    1, p);
	if (res == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		st->enabled = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		st->last_step = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
		st->has_secret = crypto_unhex(PQgetvalue(res, 0, 1),
		    st->secret, TOTP_SECRET_BYTES);
	}
	PQclear(res);
	return found;
}

int
totp_use_step(struct audit_txn *t, long long staff_id, long long step)
{
	char		 id[24], s[24];
	const char	*p[2] = { id, s };
	int		 n;

	if (!audit_live(t))
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	snprintf(s, sizeof(s), "%lld", step);
	if ((n = db_affected(__func__, "UPDATE steward.staff SET totp_last_step ="
	    " $2::bigint WHERE id = $1::bigint AND totp_last_step < $2::bigint",
	    2, p)) == -1)
		return -1;
	return n == 1 ? 1 : 0;
}

size_t
totp_code_norm(const char *code, char norm[64])
{
	size_t	n = 0;

	for (; *code != '\0' && n < 63; code++)
		if (isalnum((unsigned char)*code))
			norm[n++] = (char)tolower((unsigned char)*code);
	norm[n] = '\0';
	return n;
}

/* SHA-256(salt || normalised code), as hex into out (65 bytes). */
static void
totp_code_hash(const unsigned char *salt, size_t saltlen, const char *code,
    char out[64 + 1])
{
	unsigned char	buf[TOTP_SALT_BYTES + 64], h[CRYPTO_SHA256_LEN];
	char		norm[64];
	size_t		n;

	n = totp_code_norm(code, norm);
	memcpy(buf, salt, saltlen);
	memcpy(buf + saltlen, norm, n);
	crypto_sha256(buf, saltlen + n, h);
	crypto_hex(h, sizeof(h), out);
	explicit_bzero(buf, sizeof(buf));
	explicit_bzero(norm, sizeof(norm));
}

int
totp_enable(struct audit_txn *t, struct arena *a, long long staff_id,
    const unsigned char *secret, long long step, const char **codes)
{
	static const char	 alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char			 id[24], s[24], hex[2 + 40 + 1], hash[2 + 64 + 1];
	char			 saltx[2 + 2 * TOTP_SALT_BYTES + 1];
	const char		*p[3];
	unsigned char		 rnd[1], salt[TOTP_SALT_BYTES];
	char			*code;
	int			 i, k, n;

	if (!audit_live(t))
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	snprintf(s, sizeof(s), "%lld", step);
	hex[0] = '\\';
	hex[1] = 'x';
	crypto_hex(secret, TOTP_SECRET_BYTES, hex + 2);
	p[0] = id;
	p[1] = hex;
	p[2] = s;
	/* Only if still off: an enrolment never replaces a working one. */
	if ((n = db_affected(__func__, "UPDATE steward.staff SET totp_secret = $2,"
	    " totp_enabled = true, totp_last_step = $3::bigint"
	    " WHERE id = $1::bigint AND NOT totp_enabled", 3, p)) == -1)
		return -1;
	if (n != 1)
		return 1;
	if (db_command(__func__, "DELETE FROM steward.recovery_codes"
	    " WHERE staff_id = $1::bigint", 1, p) == -1)
		return -1;
	/*
	 * Ten characters from 31 each (about 50 bits, drawn without modulo
	 * bias), in two groups; stored as SHA-256 under a salt of its own.
	 */
	for (i = 0; i < TOTP_RECOVERY_CODES; i++) {
		code = arena_alloc(a, 12);
		for (k = 0; k < 10; k++) {
			do {
				if (crypto_random(rnd, 1) == -1)
					return -1;
			} while (rnd[0] >= 256 - 256 % (sizeof(alphabet) - 1));
			code[k < 5 ? k : k + 1] =
			    alphabet[rnd[0] % (sizeof(alphabet) - 1)];
		}
		code[5] = '-';
		code[11] = '\0';
		codes[i] = code;
		if (crypto_random(salt, sizeof(salt)) == -1)
			return -1;
		saltx[0] = hash[0] = '\\';
		saltx[1] = hash[1] = 'x';
		crypto_hex(salt, sizeof(salt), saltx + 2);
		totp_code_hash(salt, sizeof(salt), code, hash + 2);
		p[1] = hash;
		p[2] = saltx;
		if (db_command(__func__, "INSERT INTO steward.recovery_codes"
		    " (staff_id, code_hash, salt) VALUES ($1::bigint, $2, $3)",
		    3, p) == -1)
			return -1;
	}
	return 0;
}

int
totp_disable(struct audit_txn *t, long long staff_id)
{
	char		 id[24];
	const char	*p[1] = { id };
	int		 n;

	if (!audit_live(t))
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	if ((n = db_affected(__func__, "UPDATE steward.staff SET totp_enabled = false,"
	    " totp_secret = NULL WHERE id = $1::bigint AND totp_enabled", 1, p)) == -1)
		return -1;
	if (db_command(__func__, "DELETE FROM steward.recovery_codes"
	    " WHERE staff_id = $1::bigint", 1, p) == -1)
		return -1;
	return n == 1 ? 0 : 1;
}

int
totp_use_recovery(struct audit_txn *t, long long staff_id, const char *code)
{
	unsigned char	 salt[TOTP_SALT_BYTES];
	char		 id[24], want[64 + 1];
	const char	*p[2] = { id, NULL }, *sx, *hx;
	PGresult	*res;
	size_t		 saltlen;
	int		 i, n, hit = -1;

	if (!audit_live(t))
		return -1;
	snprintf(id, sizeof(id), "%lld", staff_id);
	/* At most ten rows: each is tried, in time independent of the code. */
	if ((res = db_exec(__func__, "SELECT id, coalesce(encode(salt, 'hex'),"
	    " ''), encode(code_hash, 'hex') FROM steward.recovery_codes"
	    " WHERE staff_id = $1::bigint AND used_at IS NULL FOR UPDATE", 1,
	    p)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		sx = PQgetvalue(res, i, 1);
		hx = PQgetvalue(res, i, 2);
		saltlen = strlen(sx) / 2;
		if (saltlen > sizeof(salt) || strlen(hx) != 64 ||
		    !crypto_unhex(sx, salt, saltlen))
			continue;
		totp_code_hash(salt, saltlen, code, want);
		if (crypto_equal(want, hx, 64) && hit == -1)
			hit = i;
	}
	if (hit == -1) {
		PQclear(res);
		return 0;
	}
	p[1] = PQgetvalue(res, hit, 0);
	n = (int)db_affected(__func__, "UPDATE steward.recovery_codes"
	    " SET used_at = now() WHERE id = $2::bigint AND staff_id ="
	    " $1::bigint AND used_at IS NULL", 2, p);
	PQclear(res);
	return n == -1 ? -1 : n == 1;
}
