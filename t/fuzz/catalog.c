/*
 * catalog.c: libFuzzer target for the resource catalogue parser
 * (src/catalog.c, catalog_parse). Invariants: a catalogue that parses has
 * only plain identifiers for names, a primary key among its columns,
 * relations that point at real resources and columns, and no secret
 * column that is listed, searched, sorted or filtered; a refusal always
 * says why.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
plain(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 63)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct arena	*a;
	struct catalog		 c;
	const struct cresource	*r, *o;
	const struct ccolumn	*col;
	char			 err[512];
	size_t			 i, k;

	if (a == NULL)
		a = arena_new();
	arena_reset(a);
	err[0] = '\0';
	if (catalog_parse(a, (const char *)data, len, &c, err, sizeof(err))
	    == -1) {
		if (err[0] == '\0' || c.nres != 0)
			abort();
		return 0;
	}
	for (i = 0; i < c.nres; i++) {
		r = &c.res[i];
		if (!plain(r->name) || !plain(r->schema) || !plain(r->table) ||
		    r->pk == NULL || catalog_column(r, r->pk->name) != r->pk ||
		    r->sort == NULL || catalog_resource(&c, r->name) != r)
			abort();
		for (k = 0; k < r->ncols; k++) {
			col = &r->cols[k];
			if (!plain(col->name) || (col->secret && (col->listed ||
			    col->searchable || col->sortable || col->ops)) ||
			    (unsigned)col->type >= CT__MAX)
				abort();
		}
		for (k = 0; k < r->nrels; k++)
			if ((o = catalog_resource(&c, r->rels[k].resource)) ==
			    NULL || catalog_column(o, r->rels[k].column) == NULL)
				abort();
		for (k = 0; k < r->nbulks; k++)
			if (r->bulks[k].nset == 0 || r->bulks[k].perm <=
			    PERM_NONE || r->bulks[k].perm >= PERM__MAX)
				abort();
	}
	return 0;
}
