/*
 * request.h: one request, parsed from FastCGI parameters and the body.
 */
#ifndef STEWARD_REQUEST_H
#define STEWARD_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "form.h"
#include "route.h"

struct arena;
struct conf;
struct staff;
struct tmpl_dict;

/* Reads up to len body bytes; returns bytes read, 0 at end, -1 on error. */
typedef ssize_t	(*request_reader)(void *ctx, char *buf, size_t len);

struct request {
	struct arena		*arena;
	const struct conf	*conf;

	/* From the FastCGI parameters; strings are arena memory. */
	const char		*method_name;	/* as sent, for the log */
	enum http_method	 method;	/* METHOD__MAX if unsupported */
	bool			 head;		/* HEAD, answered as GET */
	const char		*path;		/* percent-decoded */
	const char		*log_path;	/* raw, without query */
	const char		*request_id;
	const char		*remote_addr;	/* "" if absent */
	const char		*client_ip;	/* remote_addr if it is an
						   IP address, else NULL */
	const char		*user_agent;	/* "" if absent; valid UTF-8
						   without controls, at most
						   512 bytes */
	const char		*host;		/* Host header, or NULL */
	const char		*target;	/* raw REQUEST_URI: path?query */
	const char		*server_name;	/* nginx's $server_name, or NULL */
	const char		*server_port;	/* nginx's $server_port, or NULL */
	const char		*origin;	/* Origin header, or NULL */
	const char		*authorization;	/* Authorization, or NULL */
	const char		*csrf_header;	/* X-CSRF-Token, or NULL */
	const char		*transfer_encoding; /* or NULL */
	bool			 accept_json;	/* set before reading the body:
						   JSON routes take JSON too */
	const char		*content_type;
	long			 content_length;
	struct params		 query;
	struct params		 cookies;
	struct params		 form;		/* POST body */

	/* Filled by the pipeline (serve.c). */
	const struct route	*route;
	struct route_match	 match;
	struct staff		*staff;		/* NULL: anonymous */
	const char		*session_cookie; /* valid session token */
	const char		*session_prior;	/* the token it renewed, or NULL */
	long long		 session_id;
	long long		 api_key_id;	/* signed in by a key, or 0 */
	int			 session_stage;	/* enum session_stage */
	long			 reauth_age;	/* seconds since proven */
	const char		*csrf_token;	/* for forms on this page */
	struct tmpl_dict	*layout;	/* see view.c */
	const char		*error;		/* why the request failed */
};

/*
 * Parses the FastCGI environment (NULL-terminated "NAME=value" strings)
 * into r, without the body. Returns 0, or an HTTP status (400) with the
 * reason in r->error.
 */
int		 request_parse(struct request *, struct arena *,
		    const struct conf *, char *const *envp);
/*
 * Reads and parses a body: a form, or where r->accept_json a JSON object
 * read as one (see jsonform.h). Returns 0, or 400, 411, 413 or 415 with the reason in
 * r->error.
 */
int		 request_read_body(struct request *, request_reader, void *);
/* A FastCGI parameter from envp, or NULL. */
const char	*request_env(char *const *envp, const char *name);
/* True if the client address is a loopback address (127/8 or ::1). */
bool		 request_from_loopback(const struct request *);
const char	*request_cookie(const struct request *, const char *name);
/* The first form field of that name, or NULL. */
const char	*request_field(const struct request *, const char *name);

/*
 * host[:port] for links to this site that leave it (a set-password link
 * sent by hand): nginx's server_name (with its port unless 443) when the
 * site has one, else the Host header; either only if it is a plain host
 * name or address, else NULL. A client that sends "Host: evil.example"
 * to a site with a server_name does not get a link there.
 */
const char	*request_site(struct request *);

#endif
