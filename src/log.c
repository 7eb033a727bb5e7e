/*
 * log.c: timestamped lines on stderr. Each line is written with a single
 * write(2) so lines from several workers sharing stderr never interleave.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static char	log_prog[32] = "steward";
static char	log_req[72];

void
log_init(const char *progname)
{
	snprintf(log_prog, sizeof(log_prog), "%s", progname);
}

void
log_set_request(const char *id)
{
	snprintf(log_req, sizeof(log_req), "%s", id == NULL ? "" : id);
}

/* Formats the prefix "TIME PROG[PID] LEVEL" into buf; returns its length. */
static size_t
log_prefix(char *buf, size_t size, const char *level)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 date[32];
	int		 n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(buf, size, "%s.%03ldZ %s[%ld] %s", date,
	    ts.tv_nsec / 1000000, log_prog, (long)getpid(), level);
	if (n > 0 && log_req[0] != '\0' && (size_t)n < size)
		n += snprintf(buf + n, size - n, " req=%s", log_req);
	return n < 0 ? 0 : ((size_t)n >= size ? size - 1 : (size_t)n);
}

static void
log_emit(const char *level, const char *fmt, va_list ap)
{
	char	 line[2048];
	size_t	 n;
	int	 m;

	n = log_prefix(line, sizeof(line), level);
	if (n + 2 < sizeof(line)) {
		line[n++] = ':';
		line[n++] = ' ';
	}
	m = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (m > 0)
		n += (size_t)m >= sizeof(line) - n ? sizeof(line) - n - 1 :
		    (size_t)m;
	/* Control characters (C0, DEL, and C1 as UTF-8) would let a value
	 * forge or hide a log line. */
	for (size_t i = 0; i < n; i++) {
		unsigned char	c = (unsigned char)line[i];

		if (c < 0x20 || c == 0x7f)
			line[i] = '?';
		else if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)line[i + 1] >= 0x80 &&
		    (unsigned char)line[i + 1] < 0xa0) {
			line[i] = '?';
			line[i + 1] = '?';
		}
	}
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, n);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit("warn", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit("error", fmt, ap);
	va_end(ap);
}

void
log_request(const char *method, const char *path, int status, double millis,
    long long staff_id)
{
	if (staff_id > 0)
		log_info("%s %s %d %.1fms staff=%lld", method, path, status,
		    millis, staff_id);
	else
		log_info("%s %s %d %.1fms staff=-", method, path, status,
		    millis);
}
