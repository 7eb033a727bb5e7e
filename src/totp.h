/*
 * totp.h: time-based one-time passwords (RFC 6238, through liboath), the
 * QR code that carries their secret (libqrencode, drawn as SVG), and
 * one-time recovery codes.
 */
#ifndef STEWARD_TOTP_H
#define STEWARD_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct arena;
struct audit_txn;

#define TOTP_SECRET_BYTES	20	/* 160 bits (RFC 4226 section 4) */
#define TOTP_STEP		30
#define TOTP_RECOVERY_CODES	10
#define TOTP_SALT_BYTES		16	/* per recovery code (sql 0010) */

struct totp_state {
	bool		enabled;
	bool		has_secret;
	unsigned char	secret[TOTP_SECRET_BYTES];
	long long	last_step;
};

/* liboath's global set-up; 0 or -1. */
int		 totp_init(void);
/* Base32 (RFC 4648, no padding) of a secret, as authenticator apps take. */
const char	*totp_base32(struct arena *, const unsigned char *secret);
/* A secret back from its base32; false if s is not one. */
bool		 totp_from_base32(const char *s, unsigned char out[20]);
/*
 * The time step whose 6-digit code is code, trying the step of now and
 * the one before only; -1 if neither matches.
 */
long long	 totp_match(const unsigned char *secret, const char *code,
		    time_t now);
/* The otpauth:// URI authenticator apps read from the QR code. */
const char	*totp_uri(struct arena *, const char *email,
		    const char *base32);
/* An SVG drawing of the QR code for text; NULL on failure. Arena memory. */
const char	*totp_qr_svg(struct arena *, const char *text);

/* An account's TOTP state; 1, 0 if no such account, -1 on error. */
int		 totp_load(long long staff_id, struct totp_state *);
/*
 * Takes step for the account if it is later than the last one used (no
 * replay). 1 if taken, 0 if replayed, -1 on error. Audited transaction.
 */
int		 totp_use_step(struct audit_txn *, long long staff_id,
		    long long step);
/*
 * Turns TOTP on with secret (step: the code that proved it) and makes
 * TOTP_RECOVERY_CODES fresh recovery codes, written to codes (arena
 * strings, shown once). 0, 1 if it was already on (nothing changed), -1.
 */
int		 totp_enable(struct audit_txn *, struct arena *,
		    long long staff_id, const unsigned char *secret,
		    long long step, const char **codes);
/* Turns TOTP off and forgets the secret and codes; 0, 1 if off, -1. */
int		 totp_disable(struct audit_txn *, long long staff_id);
/* Spends one recovery code: 1 if it was unused, 0 if not, -1 on error. */
int		 totp_use_recovery(struct audit_txn *, long long staff_id,
		    const char *code);
/*
 * A recovery code as typed, normalised as it is hashed: its letters and
 * digits only, lower-cased, at most 63 of them, into norm (64 bytes);
 * returns their number. Exposed for tests and fuzzing.
 */
size_t		 totp_code_norm(const char *code, char norm[64]);

#endif
