/*
 * serve.h: the request pipeline, from accepted connection to answer.
 */
#ifndef STEWARD_SERVE_H
#define STEWARD_SERVE_H

#include <stddef.h>

#include <fcgiapp.h>

struct arena;
struct conf;
struct request;
struct response;

/*
 * Everything a worker prepares before its first request: the route table
 * check, templates (loaded and frozen), the dummy password hash. 0 or -1.
 */
int	serve_init(const struct conf *, char *err, size_t errsize);
/* Answers one accepted request; all memory comes from the arena. */
void	serve_request(FCGX_Request *, struct arena *, const struct conf *);

/*
 * Asks for step-up (the last proof of identity is too old): a page
 * (GET) is redirected to /login/reauth and back, a form posted is
 * carried through it, and a JSON route gets 403.
 */
void	serve_stepup(struct request *, struct response *);

#endif
