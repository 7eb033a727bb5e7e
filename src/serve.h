/*
 * serve.h: the request pipeline, from accepted connection to answer.
 */
#ifndef STEWARD_SERVE_H
#define STEWARD_SERVE_H

#include <stddef.h>

#include <fcgiapp.h>

struct arena;
struct conf;

/*
 * Everything a worker prepares before its first request: the route table
 * check, templates (loaded and frozen), the dummy password hash. 0 or -1.
 */
int	serve_init(const struct conf *, char *err, size_t errsize);
/* Answers one accepted request; all memory comes from the arena. */
void	serve_request(FCGX_Request *, struct arena *, const struct conf *);

#endif
