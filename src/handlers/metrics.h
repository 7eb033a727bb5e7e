/* handlers/metrics.h: GET /metrics (Prometheus text format). */
#ifndef STEWARD_HANDLERS_METRICS_H
#define STEWARD_HANDLERS_METRICS_H

struct request;
struct response;

void	metrics_get(struct request *, struct response *);

#endif
