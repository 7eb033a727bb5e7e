/*
 * csrf.h: tokens against cross-site request forgery.
 *
 * The token on a form is HMAC-SHA256(secret, "steward-csrf-v1"), where the
 * secret is the session token when signed in, or a random pre-session
 * cookie otherwise. Both cookies are HttpOnly, __Host- and SameSite=Strict;
 * the page never shows the cookie itself, and a sign-in changes the secret.
 */
#ifndef STEWARD_CSRF_H
#define STEWARD_CSRF_H

#include <stdbool.h>

struct arena;

#define CSRF_COOKIE	"__Host-steward-csrf"
#define CSRF_FIELD	"csrf"
#define CSRF_SECRET_BYTES 32

/* A fresh pre-session cookie value (arena memory), or NULL. */
const char	*csrf_new_secret(struct arena *);
/* The form token for a secret (arena memory); NULL if it is malformed. */
const char	*csrf_token(struct arena *, const char *secret);
/* True if submitted is the token for secret (constant time). */
bool		 csrf_verify(const char *secret, const char *submitted);

#endif
