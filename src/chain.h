/*
 * chain.h: the audit trail's hash chain, computed independently of the
 * database's own trigger, as an auditor would (see steward-audit(7)).
 */
#ifndef STEWARD_CHAIN_H
#define STEWARD_CHAIN_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

struct buf;

#define CHAIN_FIELDS	13

/*
 * Appends the canonical encoding of one row to b: each of the
 * CHAIN_FIELDS texts in order as "<byte length>:<text>;", or "-;" for a
 * NULL (a NULL pointer).
 */
void	chain_canonical(struct buf *, const char *const fields[CHAIN_FIELDS]);
/* hash = SHA-256(prev || canonical). */
void	chain_hash(const unsigned char prev[32], const char *canonical,
	    size_t len, unsigned char out[32]);

struct chain_result {
	long long	rows;		/* rows checked */
	long long	first;		/* first sequence number checked */
	long long	last;		/* last one */
	long long	bad_seq;	/* first bad row, 0 if intact */
	char		why[256];	/* what is wrong with it */
	char		head[65];	/* hex hash of the last row */
};

/*
 * Recomputes the chain over connection c in one snapshot. With from > 0,
 * row `from` must carry from_hash (32 bytes, an anchor kept outside the
 * database) and checking goes on from there; otherwise from row 1.
 * progress, if not NULL, is called every 100000 rows. Returns 0 if intact,
 * 1 if not (r says where and why), -1 on a database error (message in
 * r->why).
 */
int	chain_verify(PGconn *, long long from, const unsigned char *from_hash,
	    void (*progress)(long long rows), struct chain_result *r);
/* The head (last sequence number and hash, hex) in one row; 0 or -1. */
int	chain_head(PGconn *, long long *seq, char hex[65]);

#endif
