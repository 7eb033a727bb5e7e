/*
 * tmpl.h: the C face of ctemplate (the only C++ in Steward is tmpl.cc).
 * Handles are opaque; no C++ exception crosses this boundary.
 */
#ifndef STEWARD_TMPL_H
#define STEWARD_TMPL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tmpl_dict;

/*
 * Loads every named template from dir (names are relative to it), then
 * freezes the cache so nothing is read from disk again. Returns 0, or -1
 * naming the template that failed in err. Call once per process.
 */
int			 tmpl_init(const char *dir, const char *const *names,
			    size_t n, char *err, size_t errsize);
/* Frees the cache (for tests and clean exits). */
void			 tmpl_shutdown(void);

/* A top-level dictionary; caller frees with tmpl_dict_free(). */
struct tmpl_dict	*tmpl_dict_new(void);
void			 tmpl_dict_free(struct tmpl_dict *);
/* Sets a variable; value is copied (and escaped at expansion). */
void			 tmpl_set(struct tmpl_dict *, const char *key,
			    const char *value);
void			 tmpl_set_int(struct tmpl_dict *, const char *key,
			    long value);
/* Shows a section once. */
void			 tmpl_show(struct tmpl_dict *, const char *section);
/* Adds one repetition of a section; owned by the parent. */
struct tmpl_dict	*tmpl_section(struct tmpl_dict *, const char *section);
/* Fills include marker name with template file; owned by the parent. */
struct tmpl_dict	*tmpl_include(struct tmpl_dict *, const char *marker,
			    const char *file);
/*
 * Expands a loaded template, handing the text to write(ctx, text, len)
 * piece by piece. 0, or -1 on error (some text may have been written).
 */
int			 tmpl_expand(const char *name,
			    const struct tmpl_dict *,
			    void (*write)(void *, const char *, size_t),
			    void *ctx);

#ifdef __cplusplus
}
#endif

#endif
