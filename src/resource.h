/*
 * resource.h: the resource engine's SQL. Every identifier comes from the
 * checked catalogue and is quoted; every value is a bind parameter. No
 * request text is ever part of the SQL.
 */
#ifndef STEWARD_RESOURCE_H
#define STEWARD_RESOURCE_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "audit.h"
#include "catalog.h"

struct arena;
struct audit_txn;
struct buf;
struct params;

#define RS_MAX_FILTERS	32
#define RS_PAGE		50
#define RS_MAX_PAGE	500
/*
 * Lists count exactly up to here ("more than 1,000" past it); a table
 * without a filter that the planner thinks is bigger is estimated. An
 * exact count of a big table costs a scan per page view.
 */
#define RS_COUNT_CAP	1000
/*
 * Past this many rows (planner's estimate), filtered lists are estimated
 * too: on a million users a capped count of a 4% filter took 23 ms, the
 * whole of a page's time (as Supabase Studio, estimate big tables).
 */
#define RS_ESTIMATE_ABOVE	100000

struct rs_filter {
	const struct ccolumn	*col;
	unsigned		 op;		/* one COP_* */
	const char		*value;		/* eq, in (comma list, \, a comma) */
	const char		*array;		/* in: as a PostgreSQL array */
	const char		*lo, *hi;	/* range; either may be NULL */
	bool			 isnull;	/* null: true = IS NULL */
};

/* A list query, as the URL says it (and as links rebuild it). */
struct rs_query {
	const struct cresource	*r;
	const char		*q;		/* search text, or NULL */
	struct rs_filter	 f[RS_MAX_FILTERS];
	size_t			 nf;
	const struct ccolumn	*sort;
	bool			 desc;
	int			 limit;
	/* Keyset cursor: rows after (or before) this sort value and key. */
	const char		*after, *after_pk;
	const char		*before, *before_pk;
	/* Read only the listed columns (an HTML page); others come NULL. */
	bool			 listed_only;
};

/*
 * The query parameters a list understands besides column filters; the
 * catalogue refuses a filterable column of one of these names. (A bulk
 * action's action, id, all and confirm travel in the body.)
 */
#define RS_RESERVED	"q", "sort", "limit", "after", "after_pk", "before", \
			"before_pk", "done"
bool	rs_reserved(const char *name);

/* One row: each column's text (NULL for SQL NULL; secret columns NULL). */
struct rs_row {
	const char	*pk;
	const char	**v;		/* [r->ncols] */
	const char	*cursor;	/* the sort column's exact text */
	const char	*version;	/* md5 of the row, for edit conflicts */
};

/*
 * Reads q, filters, sort, limit and cursor from query parameters. On an
 * unknown parameter, column, operator or sort key returns 400, on a
 * malformed value 422, with *why naming it; 0 when good.
 */
int	rs_query_parse(struct arena *, const struct cresource *,
	    const struct params *, struct rs_query *, const char **why);
/* Appends the filter, search and sort as URL parameters ("a=1&"). */
void	rs_query_url(struct buf *, const struct rs_query *, bool with_sort);
/*
 * A page of rows in display order. *more says whether rows remain beyond
 * it in the direction of travel. Count or -1.
 */
int	rs_list(struct arena *, const struct rs_query *, struct rs_row **,
	    bool *more);
/*
 * How many rows match: exact up to cap (*capped past it), or, when
 * estimate is allowed, the planner's estimate (*estimated) for an
 * unfiltered table bigger than cap or any list of a table bigger than
 * RS_ESTIMATE_ABOVE.
 */
int	rs_count(struct arena *, const struct rs_query *, long cap,
	    bool estimate, long long *n, bool *capped, bool *estimated);
/* Every matching row in a read-only snapshot, to cb, in batches. */
int	rs_each(struct arena *, const struct rs_query *,
	    int (*cb)(const struct rs_row *, void *), void *ctx);
/* One row by key: 1, 0 if none, -1. */
int	rs_get(struct arena *, const struct cresource *, const char *pk,
	    struct rs_row *);
/* Rows of r whose column col equals value (a relation), newest first. */
int	rs_related(struct arena *, const struct cresource *,
	    const struct ccolumn *col, const char *value, int limit,
	    struct rs_row **, long long *total);

/*
 * What a delete takes with it: the rows of another table whose foreign
 * key says ON DELETE CASCADE (deletes), SET NULL or SET DEFAULT (changes
 * them). Rows of a catalogued table are read (and locked) so each gets
 * its own audit row; of any other table only counted, since Steward
 * cannot know which of its columns are secret.
 */
struct rs_dependent {
	const struct cresource	*r;	/* NULL: not in the catalogue */
	const char		*table;	/* schema.table */
	const char		*column;
	bool			 deletes;
	struct rs_row		*rows;	/* r != NULL: the rows as they are */
	long long		 n;
};

#define RS_DEPENDENTS_MAX	10000	/* rows followed, across levels */

/*
 * The dependents of r's row pk, following cascades through catalogued
 * tables (at most 4 levels, RS_DEPENDENTS_MAX rows); with lock (inside
 * the delete's transaction) the row itself is locked first. 0, -1 on
 * error, or 1 (*why says which) when Steward will not follow them: more
 * than the limits, a key it cannot follow, or a cascade that goes on
 * through a table the catalogue does not describe.
 */
int	rs_dependents(struct arena *, const struct catalog *,
	    const struct cresource *, const char *pk, bool lock,
	    struct rs_dependent **, size_t *n, const char **why);
/*
 * The audit rows of a delete of old: its own, with the uncatalogued rows
 * it took along counted under "_dependents" in before, then one per
 * catalogued dependent (record.delete, or record.update as it is now).
 */
int	rs_audit_delete(struct audit_txn *, struct arena *,
	    const struct cresource *, const struct rs_row *old,
	    const struct rs_dependent *, size_t ndeps);

/* A value to write: text, or NULL for SQL NULL. */
struct rs_value {
	const struct ccolumn	*col;
	const char		*text;
};

/*
 * Inside an audited transaction: insert (returns the new row), update
 * only if the row still has version (1 if it has not: a conflict; 2 if
 * the row is gone), delete (2 if gone, 3 if a foreign key forbids it).
 * The old row of an update or delete is in *old.
 */
int	rs_insert(struct audit_txn *, struct arena *, const struct cresource *,
	    const struct rs_value *, size_t n, struct rs_row *out);
int	rs_update(struct audit_txn *, struct arena *, const struct cresource *,
	    const char *pk, const char *version, const struct rs_value *,
	    size_t n, struct rs_row *old, struct rs_row *out);
int	rs_delete(struct audit_txn *, struct arena *, const struct cresource *,
	    const char *pk, struct rs_row *old, const char **detail);
/*
 * Applies bulk action b to the rows whose keys are in pks (n of them; more
 * than max: returns 1, nothing changed), or when pks is NULL to the rows
 * matching q in key order, after key from if not NULL: at most max of
 * them, a batch, and if more match *last is the batch's last key, to
 * pass as from next time (else NULL). Each changed row gets its own audit
 * row. Returns the number changed in *changed, 0, or -1.
 */
int	rs_bulk(struct audit_txn *, struct arena *, const struct cbulk *,
	    const struct rs_query *, const char **pks, size_t n, long max,
	    const char *from, long *changed, const char **last);
/*
 * Writes the audit row of one record's change: the columns before and
 * after (either row may be NULL), and for each secret column among the
 * values written (v) only that it changed. With commit, commits the
 * transaction (audit_commit), else adds to it (audit_add).
 */
int	rs_audit(struct audit_txn *, enum audit_action,
	    const struct cresource *, const struct rs_row *old,
	    const struct rs_row *now, const struct rs_value *v, size_t nv,
	    bool commit);
/* The SQL type a value of this column is cast to. */
const char *rs_cast(const struct ccolumn *);
/* Is text a valid value of the column's type? NULL, or why not. */
const char *rs_value_check(const struct ccolumn *, const char *text);
/* The row as a JSON object of its visible columns (new reference). */
struct json_object *rs_row_json(const struct cresource *, const struct rs_row *);

#endif
