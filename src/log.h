/*
 * log.h: one line per event on stderr, for the journal.
 *
 * Lines look like
 *   2026-11-22T04:10:00.123Z steward[1234] info req=abc: message
 * Callers must never pass a password, token, cookie or secret.
 */
#ifndef STEWARD_LOG_H
#define STEWARD_LOG_H

void	log_init(const char *progname);
/* The request id named in following lines; NULL clears it. Copied. */
void	log_set_request(const char *request_id);
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
/* The access line: one per request. staff_id <= 0 means anonymous. */
void	log_request(const char *method, const char *path, int status,
	    double millis, long long staff_id);

#endif
