/*
 * tap.h: a tiny TAP producer for the unit tests (after C TAP Harness).
 */
#ifndef STEWARD_TAP_H
#define STEWARD_TAP_H

#include <stdbool.h>
#include <stddef.h>

void	plan(int n);
void	plan_lazy(void);		/* prints the plan at exit */
bool	ok(bool, const char *, ...) __attribute__((format(printf, 2, 3)));
bool	is_int(long long got, long long want, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
bool	is_string(const char *got, const char *want, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	diag(const char *, ...) __attribute__((format(printf, 1, 2)));
void	bail(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));
/* Exit status for main: 0 if every test passed and the plan was met. */
int	tap_done(void);

#endif
