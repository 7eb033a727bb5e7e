/*
 * tap.c: Test Anything Protocol output, version 12.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int	tap_planned = -1;
static int	tap_run;
static int	tap_failed;
static bool	tap_lazy;

void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

void
plan_lazy(void)
{
	tap_lazy = true;
}

static bool
tap_vok(bool pass, const char *fmt, va_list ap)
{
	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return pass;
}

bool
ok(bool pass, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	return pass;
}

bool
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list	ap;
	bool	pass = got == want;

	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("got %lld, want %lld", got, want);
	return pass;
}

bool
is_string(const char *got, const char *want, const char *fmt, ...)
{
	va_list	ap;
	bool	pass;

	pass = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("got \"%s\", want \"%s\"", got ? got : "(null)",
		    want ? want : "(null)");
	return pass;
}

void
diag(const char *fmt, ...)
{
	va_list	ap;

	fflush(stdout);
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void
bail(const char *fmt, ...)
{
	va_list	ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(255);
}

int
tap_done(void)
{
	if (tap_lazy)
		printf("1..%d\n", tap_run);
	else if (tap_planned != tap_run) {
		diag("planned %d tests but ran %d", tap_planned, tap_run);
		return 1;
	}
	return tap_failed > 0 ? 1 : 0;
}
