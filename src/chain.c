/*
 * chain.c: verifying the audit trail. Reads every row in order inside one
 * REPEATABLE READ snapshot through a cursor (bounded memory), rebuilds
 * each row's canonical encoding from its fields, and checks sequence,
 * links and hashes, then the head.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chain.h"
#include "crypto.h"

#define CHAIN_BATCH	10000

/* The fields in canonical order, as text, exactly as the trigger sees. */
static const char chain_select[] =
    "DECLARE chain NO SCROLL CURSOR FOR SELECT seq::text,"
    " to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
    " actor_staff_id::text, actor_api_key_id::text, actor_email, action,"
    " target_type, target_id, before::text, after::text, host(ip),"
    " user_agent, request_id, encode(prev_hash, 'hex'), encode(hash, 'hex')"
    " FROM steward.audit_log a WHERE a.seq >= $1"
    /* Qualified: a bare "seq" would sort by the text column above. */
    " ORDER BY a.seq";

void
chain_canonical(struct buf *b, const char *const f[CHAIN_FIELDS])
{
	size_t	i;

	for (i = 0; i < CHAIN_FIELDS; i++) {
		if (f[i] == NULL) {
			buf_puts(b, "-;");
			continue;
		}
		buf_printf(b, "%zu:", strlen(f[i]));
		buf_puts(b, f[i]);
		buf_putc(b, ';');
	}
}

void
chain_hash(const unsigned char prev[32], const char *canonical, size_t len,
    unsigned char out[32])
{
	unsigned char	*msg;

	if ((msg = malloc(32 + len)) == NULL)
		abort();
	memcpy(msg, prev, 32);
	memcpy(msg + 32, canonical, len);
	crypto_sha256(msg, 32 + len, out);
	free(msg);
}

static int
chain_fail(struct chain_result *r, long long seq, const char *why)
{
	r->bad_seq = seq;
	snprintf(r->why, sizeof(r->why), "%s", why);
	return 1;
}

static int
chain_dberr(PGconn *c, PGresult *res, struct chain_result *r)
{
	char	*nl;

	snprintf(r->why, sizeof(r->why), "%s", PQerrorMessage(c));
	if ((nl = strchr(r->why, '\n')) != NULL)
		*nl = '\0';
	PQclear(res);
	return -1;
}

int
chain_head(PGconn *c, long long *seq, char hex[65])
{
	PGresult	*res;

	res = PQexec(c, "SELECT seq, encode(hash, 'hex')"
	    " FROM steward.audit_head WHERE one");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	*seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	snprintf(hex, 65, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

/* Checks one fetched row against what the chain expects; 0 or 1. */
static int
chain_row(PGresult *res, int i, struct arena *a, long long *expect,
    unsigned char prev[32], struct chain_result *r)
{
	const char	*f[CHAIN_FIELDS];
	unsigned char	 stored_prev[32], stored[32], computed[32];
	struct buf	 b;
	char		 why[160];
	long long	 seq;
	int		 k;

	seq = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	for (k = 0; k < CHAIN_FIELDS; k++)
		f[k] = PQgetisnull(res, i, k) ? NULL : PQgetvalue(res, i, k);
	if (!crypto_unhex(PQgetvalue(res, i, 13), stored_prev, 32) ||
	    !crypto_unhex(PQgetvalue(res, i, 14), stored, 32))
		return chain_fail(r, seq, "its hashes are not 32 bytes");
	if (seq != *expect) {
		snprintf(why, sizeof(why), "row %lld is missing (the next row "
		    "is %lld)", *expect, seq);
		return chain_fail(r, *expect, why);
	}
	if (memcmp(stored_prev, prev, 32) != 0)
		return chain_fail(r, seq, "its prev_hash is not the hash of "
		    "the row before it (rows moved, removed or rewritten)");
	arena_reset(a);
	buf_init(&b, a);
	chain_canonical(&b, f);
	chain_hash(prev, b.data, b.len, computed);
	if (memcmp(computed, stored, 32) != 0)
		return chain_fail(r, seq, "its content does not match its "
		    "hash (the row was changed)");
	memcpy(prev, stored, 32);
	crypto_hex(stored, 32, r->head);
	r->last = seq;
	r->rows++;
	(*expect)++;
	return 0;
}

int
chain_verify(PGconn *c, long long from, const unsigned char *from_hash,
    void (*progress)(long long), struct chain_result *r)
{
	unsigned char	 prev[32] = { 0 }, anchor[32];
	struct arena	*a = NULL;
	PGresult	*res = NULL;
	char		 fromtxt[24], headhex[65], fetch[64], msg[160];
	const char	*p[1];
	long long	 expect, head_seq;
	int		 i, n, rc = -1;

	memset(r, 0, sizeof(*r));
	/* The hashes are over UTF-8 text, whatever PGCLIENTENCODING says. */
	if (PQsetClientEncoding(c, "UTF8") != 0)
		return chain_dberr(c, NULL, r);
	res = PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return chain_dberr(c, res, r);
	PQclear(res);
	if (chain_head(c, &head_seq, headhex) == -1) {
		rc = chain_dberr(c, NULL, r);
		goto out;
	}
	expect = from > 0 ? from : 1;
	r->first = expect;
	snprintf(fromtxt, sizeof(fromtxt), "%lld", expect);
	p[0] = fromtxt;
	res = PQexecParams(c, chain_select, 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = chain_dberr(c, res, r);
		goto out;
	}
	PQclear(res);
	a = arena_new();
	snprintf(fetch, sizeof(fetch), "FETCH %d FROM chain", CHAIN_BATCH);

	/* The anchor row: its hash must be the one kept outside. */
	if (from > 0) {
		res = PQexec(c, "FETCH 1 FROM chain");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			rc = chain_dberr(c, res, r);
			goto out;
		}
		if (PQntuples(res) != 1 ||
		    strtoll(PQgetvalue(res, 0, 0), NULL, 10) != from) {
			rc = chain_fail(r, from, "the anchor row is missing");
			goto out;
		}
		if (!crypto_unhex(PQgetvalue(res, 0, 14), anchor, 32) ||
		    memcmp(anchor, from_hash, 32) != 0) {
			rc = chain_fail(r, from, "its hash is not the anchor "
			    "given");
			goto out;
		}
		memcpy(prev, anchor, 32);
		crypto_hex(anchor, 32, r->head);
		r->last = from;
		expect = from + 1;
		PQclear(res);
		res = NULL;
	}
	for (;;) {
		res = PQexec(c, fetch);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			rc = chain_dberr(c, res, r);
			goto out;
		}
		if ((n = PQntuples(res)) == 0)
			break;
		for (i = 0; i < n; i++)
			if (chain_row(res, i, a, &expect, prev, r) != 0) {
				rc = 1;
				goto out;
			}
		if (progress != NULL && r->rows / 100000 !=
		    (r->rows - n) / 100000)
			progress(r->rows);
		PQclear(res);
	}
	/*
	 * Rows cut off the end would leave the head pointing past them; rows
	 * added behind the trigger's back, or a head moved back, leave rows
	 * past the head, the first of which is named.
	 */
	if (head_seq > expect - 1) {
		snprintf(msg, sizeof(msg), "the head says %lld rows, the table "
		    "ends at %lld (rows removed from the end)", head_seq,
		    expect - 1);
		rc = chain_fail(r, expect, msg);
		goto out;
	}
	if (head_seq < expect - 1) {
		snprintf(msg, sizeof(msg), "rows beyond the head (the head "
		    "says %lld rows, the table ends at %lld)", head_seq,
		    expect - 1);
		rc = chain_fail(r, head_seq + 1, msg);
		goto out;
	}
	if (expect - 1 > 0 && strcmp(headhex, r->head) != 0) {
		rc = chain_fail(r, expect - 1, "the head's hash is not the "
		    "last row's");
		goto out;
	}
	rc = 0;
out:
	PQclear(res);
	arena_free(a);
	PQclear(PQexec(c, "ROLLBACK"));
	return rc;
}
