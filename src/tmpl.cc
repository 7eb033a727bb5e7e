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
#include <unordered_map>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <ctemplate/template_emitter.h>

#include "tmpl.h"

/* A struct tmpl_dict * is a ctemplate::TemplateDictionary * in disguise. */
static ctemplate::TemplateCache	*tmpl_cache;

static ctemplate::TemplateDictionary *
D(struct tmpl_dict *t)
{
	return reinterpret_cast<ctemplate::TemplateDictionary *>(t);
}

/*
 * Variable and section names, interned. Given a plain char *, ctemplate
 * hashes the name and looks it up in a global locked set on every
 * SetValue; a StaticTemplateString carries its id, so that work is done
 * once per name and process. ctemplate keeps the name's pointer, so an
 * entry, once made, never changes or goes: names are keyed by their text,
 * with a cache by address in front (names are string literals), checked
 * against the text so a reused address still finds the right entry.
 */
struct tmpl_name {
	std::string				 text;
	ctemplate::StaticTemplateString		 sts;
};

static ctemplate::TemplateString
N(const char *name)
{
	static std::unordered_map<std::string, tmpl_name *>	by_text;
	static std::unordered_map<const char *, tmpl_name *>	by_address;
	tmpl_name	*n;

	auto a = by_address.find(name);
	if (a != by_address.end() && a->second->text == name)
		return ctemplate::TemplateString(a->second->sts);
	auto t = by_text.find(name);
	if (t != by_text.end())
		n = t->second;
	else {
		n = new tmpl_name;
		n->text = name;
		n->sts.do_not_use_directly_.ptr_ = n->text.data();
		n->sts.do_not_use_directly_.length_ = n->text.size();
		n->sts.do_not_use_directly_.id_ = ctemplate::kIllegalTemplateId;
		/* Computes the id and registers it, as STS_INIT does. */
		ctemplate::StaticTemplateStringInitializer init(&n->sts);
		by_text.emplace(n->text, n);
	}
	by_address[name] = n;
	return ctemplate::TemplateString(n->sts);
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
		D(t)->SetValue(N(key), value == NULL ? "" : value);
	} catch (...) {
		std::abort();
	}
}

void
tmpl_set_int(struct tmpl_dict *t, const char *key, long value)
{
	try {
		D(t)->SetIntValue(N(key), value);
	} catch (...) {
		std::abort();
	}
}

void
tmpl_show(struct tmpl_dict *t, const char *section)
{
	try {
		D(t)->ShowSection(N(section));
	} catch (...) {
		std::abort();
	}
}

struct tmpl_dict *
tmpl_section(struct tmpl_dict *t, const char *section)
{
	try {
		return reinterpret_cast<struct tmpl_dict *>(
		    D(t)->AddSectionDictionary(N(section)));
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

/* Hands expanded text straight to the caller's writer: no copies. */
class tmpl_emitter : public ctemplate::ExpandEmitter {
public:
	tmpl_emitter(void (*w)(void *, const char *, size_t), void *ctx) :
	    write_(w), ctx_(ctx) {}
	void Emit(char c) { write_(ctx_, &c, 1); }
	void Emit(const std::string &s) { write_(ctx_, s.data(), s.size()); }
	void Emit(const char *s) { write_(ctx_, s, std::strlen(s)); }
	void Emit(const char *s, size_t n) { write_(ctx_, s, n); }
private:
	void	(*write_)(void *, const char *, size_t);
	void	*ctx_;
};

int
tmpl_expand(const char *name, const struct tmpl_dict *t,
    void (*write)(void *, const char *, size_t), void *ctx)
{
	try {
		tmpl_emitter	out(write, ctx);

		if (tmpl_cache == NULL ||
		    !tmpl_cache->ExpandNoLoad(name, ctemplate::STRIP_BLANK_LINES,
		    reinterpret_cast<const ctemplate::TemplateDictionary *>(t),
		    NULL, &out))
			return -1;
		return 0;
	} catch (...) {
		return -1;
	}
}
