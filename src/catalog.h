/*
 * catalog.h: the resource catalogue (resources.json): which tables of the
 * platform staff manage, and how. Parsed once per worker, checked against
 * the live database before the worker serves; every identifier the
 * resource engine puts into SQL comes from here, after that check.
 */
#ifndef STEWARD_CATALOG_H
#define STEWARD_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "perm.h"

struct arena;

/* A column's kind, which decides its form widget, parsing and filters. */
enum ctype {
	CT_TEXT,
	CT_INTEGER,	/* int2, int4 */
	CT_BIGINT,	/* int8 */
	CT_NUMERIC,
	CT_BOOLEAN,
	CT_TIMESTAMPTZ,
	CT_DATE,
	CT_JSONB,
	CT_ENUM,	/* text (or a PostgreSQL enum) with declared choices */
	CT_PASSWORD,	/* text, hashed with argon2id before it is stored */
	CT__MAX
};

/* Filter operators, as a bit set. */
#define COP_EQ		0x01	/* col=v */
#define COP_IN		0x02	/* col__in=a,b */
#define COP_RANGE	0x04	/* col__gte=a, col__lte=b */
#define COP_NULL	0x08	/* col__null=true|false */

struct ccolumn {
	const char	*name;
	const char	*label;
	const char	*help;		/* or "" */
	const char	*widget;	/* "" for the type's own */
	enum ctype	 type;
	bool		 listed;
	bool		 searchable;
	bool		 sortable;
	bool		 editable;
	bool		 required;
	bool		 secret;	/* never selected, shown or exported */
	unsigned	 ops;		/* COP_* */
	const char	**choices;	/* CT_ENUM */
	size_t		 nchoices;
	/* From the database, by catalog_check(). */
	bool		 nullable;
	bool		 has_default;
	const char	*pgtype;	/* format_type(), e.g. "integer" */
};

struct crelation {
	const char	*name;
	const char	*label;
	const char	*resource;	/* the related resource */
	const char	*column;	/* its column that holds our key */
};

/* One column assignment of a bulk action: col = value, now() or NULL. */
struct cassign {
	const struct ccolumn	*col;
	const char		*value;	/* text form; NULL with now or null */
	bool			 now;
	bool			 null;
};

struct cbulk {
	const char		*name;
	const char		*label;
	enum perm		 perm;
	struct cassign		*set;
	size_t			 nset;
};

enum cop_kind {
	CPERM_VIEW,
	CPERM_CREATE,
	CPERM_EDIT,
	CPERM_DELETE,
	CPERM__MAX
};

struct cresource {
	const char		*name;		/* in URLs: /admin/r/NAME */
	const char		*schema;
	const char		*table;
	const char		*label;		/* plural */
	const char		*singular;
	struct ccolumn		*cols;
	size_t			 ncols;
	const struct ccolumn	*pk;
	const struct ccolumn	*sort;		/* default sort */
	bool			 sort_desc;
	/* PERM_UNDECLARED: the operation is not offered at all. */
	enum perm		 perms[CPERM__MAX];
	struct crelation	*rels;
	size_t			 nrels;
	struct cbulk		*bulks;
	size_t			 nbulks;
};

struct catalog {
	struct cresource	*res;
	size_t			 nres;
	bool			 checked;	/* against the live database */
};

/*
 * Parses catalogue text (JSON) into c, all memory from the arena. Returns
 * 0, or -1 with what is wrong, naming the resource and field, in err.
 */
int		 catalog_parse(struct arena *, const char *text, size_t len,
		    struct catalog *, char *err, size_t errsize);
/* Reads and parses the file at path (empty path: no resources). */
int		 catalog_load(struct arena *, const char *path,
		    struct catalog *, char *err, size_t errsize);
/*
 * Checks every table and column (names, types, nullability of sortable
 * columns, the primary key, privileges) against the database on the
 * open connection, and fills in what the database says. 0, or -1 with
 * why in err ("resource users: column emial: no such column in
 * app.users").
 */
int		 catalog_check(struct catalog *, struct arena *, char *err,
		    size_t errsize);
const struct cresource *catalog_resource(const struct catalog *,
		    const char *name);
const struct ccolumn *catalog_column(const struct cresource *,
		    const char *name);
const struct cbulk *catalog_bulk(const struct cresource *, const char *name);
/* "text", "integer", ... */
const char	*catalog_type_name(enum ctype);
/* Double-quotes an identifier for SQL ("a""b"); arena memory. */
const char	*catalog_quote(struct arena *, const char *ident);

/* The worker's catalogue (set once at start-up), and its memory. */
extern struct catalog	 catalog;
struct arena	*catalog_arena(void);

#endif
