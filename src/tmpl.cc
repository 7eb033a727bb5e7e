/*
 * tmpl.cc: the ctemplate shim. Every entry point catches exceptions, so C
 * callers see only NULL or -1.
 */
#include "config.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>

#include "tmpl.h"

/* A struct tmpl_dict * is a ctemplate::TemplateDictionary * in disguise. */
static ctemplate::TemplateCache	*tmpl_cache;

static ctemplate::TemplateDictionary *
D(struct tmpl_dict *t)
{
	return reinterpret_cast<ctemplate::TemplateDictionary *>(t);
}

int
tmpl_init(const char *dir, const char *const *names, size_t n, char *err,
    size_t errsize)
{
	try {
		delete tmpl_cache;
		tmpl_cache = new ctemplate::TemplateCache();
		std::string	root(dir);

		if (root.empty() || root[root.size() - 1] != '/')
			root += '/';
		tmpl_cache->SetTemplateRootDirectory(root);
		for (size_t i = 0; i < n; i++)
			if (!tmpl_cache->LoadTemplate(names[i],
			    ctemplate::STRIP_BLANK_LINES)) {
				std::snprintf(err, errsize, "cannot load "
				    "template %s%s", root.c_str(), names[i]);
				return -1;
			}
		tmpl_cache->Freeze();
		return 0;
	} catch (const std::exception &e) {
		std::snprintf(err, errsize, "templates: %s", e.what());
		return -1;
	}
}

void
tmpl_shutdown(void)
{
	delete tmpl_cache;
	tmpl_cache = NULL;
}

struct tmpl_dict *
tmpl_dict_new(void)
{
	try {
		return reinterpret_cast<struct tmpl_dict *>(
		    new ctemplate::TemplateDictionary("steward"));
	} catch (...) {
		std::abort();	/* out of memory is fatal in a worker */
	}
}

void
tmpl_dict_free(struct tmpl_dict *t)
{
	delete D(t);
}

void
tmpl_set(struct tmpl_dict *t, const char *key, const char *value)
{
	try {
		D(t)->SetValue(key, value == NULL ? "" : value);
	} catch (...) {
		std::abort();
	}
}

void
tmpl_set_int(struct tmpl_dict *t, const char *key, long value)
{
	try {
		D(t)->SetIntValue(key, value);
	} catch (...) {
		std::abort();
	}
}

void
tmpl_show(struct tmpl_dict *t, const char *section)
{
	try {
		D(t)->ShowSection(section);
	} catch (...) {
		std::abort();
	}
}

struct tmpl_dict *
tmpl_section(struct tmpl_dict *t, const char *section)
{
	try {
		return reinterpret_cast<struct tmpl_dict *>(
		    D(t)->AddSectionDictionary(section));
	} catch (...) {
		std::abort();
	}
}

struct tmpl_dict *
tmpl_include(struct tmpl_dict *t, const char *marker, const char *file)
{
	try {
		ctemplate::TemplateDictionary	*c;

		c = D(t)->AddIncludeDictionary(marker);
		c->SetFilename(file);
		return reinterpret_cast<struct tmpl_dict *>(c);
	} catch (...) {
		std::abort();
	}
}

char *
tmpl_expand(const char *name, const struct tmpl_dict *t, size_t *len)
{
	try {
		std::string	 out;
		char		*p;

		if (tmpl_cache == NULL ||
		    !tmpl_cache->ExpandNoLoad(name, ctemplate::STRIP_BLANK_LINES,
		    reinterpret_cast<const ctemplate::TemplateDictionary *>(t),
		    NULL, &out))
			return NULL;
		if ((p = static_cast<char *>(std::malloc(out.size() + 1))) ==
		    NULL)
			return NULL;
		std::memcpy(p, out.data(), out.size());
		p[out.size()] = '\0';
		*len = out.size();
		return p;
	} catch (...) {
		return NULL;
	}
}
