/*
 * utf8.h: UTF-8 validation (RFC 3629).
 */
#ifndef STEWARD_UTF8_H
#define STEWARD_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8: no overlongs, no surrogates. */
bool	utf8_valid(const char *s, size_t len);
/* Code points in a well-formed string (counts lead bytes only). */
size_t	utf8_count(const char *s, size_t len);

#endif
