/*
 * response.h: status, headers, cookies and body of one answer. Every
 * response carries the security headers from response_format_head().
 */
#ifndef STEWARD_RESPONSE_H
#define STEWARD_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct arena;
struct json_object;

#define RESPONSE_MAX_HEADERS	16

/* Writes len bytes to the client; 0 or -1. */
typedef int	(*response_writer)(void *ctx, const char *, size_t len);

struct response {
	struct arena	*arena;
	int		 status;
	const char	*content_type;
	struct {
		const char	*name;
		const char	*value;
	}		 headers[RESPONSE_MAX_HEADERS];
	size_t		 nheaders;
	struct buf	 body;
	/* Streaming: set by the pipeline, used by response_stream(). */
	response_writer	 writer;
	void		*writer_ctx;
	bool		 head_only;	/* HEAD: headers, no body */
	bool		 streamed;	/* the head has been sent */
	bool		 aborted;	/* a streamed body failed midway */
};

void	response_init(struct response *, struct arena *);
/*
 * Adds a header. Returns -1 (and adds nothing) if the name is not a token
 * or the value holds a control character, so no input can split headers.
 */
int	response_header(struct response *, const char *name,
	    const char *value);
/* Adds a Set-Cookie header made by cookie_format(). */
int	response_cookie(struct response *, const char *set_cookie);
/* 303 See Other (or the given 3xx) to a local path. */
void	response_redirect(struct response *, int status, const char *path);
/*
 * True for a path on this site that response_redirect() keeps: one '/'
 * first (not "//" or "/\\"), no space or control byte (browsers strip
 * tabs and newlines before parsing). Exposed for tests and fuzzing, and
 * for the handlers that vet a "next" before showing it.
 */
bool	response_local_path(const char *path);
void	response_text(struct response *, int status, const char *text);
/* Serialises obj (still owned by the caller) as application/json. */
void	response_json(struct response *, int status,
	    struct json_object *obj);
/* An RFC 9457 application/problem+json body. */
void	response_problem(struct response *, int status, const char *detail);
/* The reason phrase of a status code ("Not Found"). */
const char *response_reason(int status);
/*
 * Sends the head now, so the body can follow in pieces through
 * response_write() (CSV exports). Returns 0 or -1.
 */
int	response_stream(struct response *);
/* Sends body bytes after response_stream(); 0, or -1 if the client left. */
int	response_write(struct response *, const char *, size_t);
/*
 * The FastCGI response head (RFC 3875 section 6.3: a Status line, the
 * headers, the security headers and a blank line) into out.
 */
void	response_format_head(const struct response *, struct buf *out);

#endif
