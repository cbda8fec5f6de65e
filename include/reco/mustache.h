/*
 * reco/mustache.h - a Mustache renderer (mustache/spec v1.4: interpolation, sections, inverted
 * sections, comments, partials with standalone indentation, set delimiters, dotted names,
 * implicit iterator; the optional dynamic names `{{>*name}}` and template inheritance
 * `{{<parent}}{{$block}}...{{/block}}{{/parent}}`), with the context given as a jansson value.
 * Extension: `list.0` names an item of a list by its index.
 *
 * Templates are parsed once into a tree and kept in a set (reco_mustache), looked up by name;
 * partials `{{>name}}` are other templates of the same set. Rendering only reads the set, so
 * one set may serve many threads at once.
 *
 * Output is HTML-escaped by default (& < > " ' become entities); `{{{name}}}` and `{{&name}}`
 * write the value raw, and are the places where raw output is marked in a template.
 *
 * Translations (docs/web.md): when the render options carry a translator, the section
 * `{{#t}}Sign in{{/t}}` writes the translation of its source text "Sign in", and
 * `{{#t:count}}{{count}} badge|{{count}} badges{{/t:count}}` chooses the plural form by the
 * integer value of `count` in the context. A translation is itself a template (it may hold
 * `{{name}}`, escaped as usual), rendered with the current context.
 */
#ifndef RECO_MUSTACHE_H
#define RECO_MUSTACHE_H

#include "reco/common.h"
#include "reco/base.h"
#include <jansson.h>

/** Limits of the renderer. */
#define RECO_MUSTACHE_MAX_SOURCE  (1024u * 1024u) /**< bytes of one template */
#define RECO_MUSTACHE_MAX_NESTING 64              /**< sections open at once while parsing */
#define RECO_MUSTACHE_MAX_DEPTH   64              /**< context stack depth while rendering */
#define RECO_MUSTACHE_MAX_PARTIAL 32              /**< partials inside partials */
#define RECO_MUSTACHE_MAX_NAME    128             /**< bytes of a tag name */
#define RECO_MUSTACHE_MAX_STEPS   4000000ul       /**< nodes visited by one render */

/** A set of parsed templates. Opaque; reco_mustache_new / reco_mustache_free. */
typedef struct reco_mustache reco_mustache;

/**
 * The translation hook: the text for msgid (singular) or, when plural is not NULL, the form
 * for the count n. Returns a NUL-terminated string that outlives the render (a catalogue
 * entry, or msgid/plural themselves when there is no translation).
 */
typedef const char *(*reco_mustache_translate_fn)(void *ud, const char *msgid, const char *plural,
                                                  long n);

/** Options of one render; NULL means none. */
typedef struct reco_mustache_opts {
    reco_mustache_translate_fn translate; /**< NULL: `t` is an ordinary section name */
    void *translate_ud;
} reco_mustache_opts;

/** A new, empty set. RECO_ENOMEM. */
RECO_API reco_code reco_mustache_new(reco_mustache **out, reco_error *err);
/** Free the set and its templates. NULL does nothing. */
RECO_API void reco_mustache_free(reco_mustache *m);

/**
 * Parse src[0..len) and keep it in the set under name (copied), replacing a template of that
 * name. RECO_EPARSE with the template name and line: unclosed tag, unclosed or mismatched
 * section, bad set-delimiter tag, empty name; RECO_ELIMIT: source over
 * RECO_MUSTACHE_MAX_SOURCE, sections nested over RECO_MUSTACHE_MAX_NESTING, a name over
 * RECO_MUSTACHE_MAX_NAME. On error the set is unchanged.
 */
RECO_API reco_code reco_mustache_add(reco_mustache *m, const char *name, const char *src,
                                     size_t len, reco_error *err);

/** True when the set holds a template of this name. */
RECO_API bool reco_mustache_has(const reco_mustache *m, const char *name);

/**
 * Render the template name with the context ctx (any JSON value; NULL is an empty context),
 * appending to out. A partial that is not in the set renders as nothing (the specification's
 * rule). RECO_ENOTFOUND when name itself is not in the set; RECO_ELIMIT when partials nest over
 * RECO_MUSTACHE_MAX_PARTIAL (a partial that includes itself without end), the context stack
 * over RECO_MUSTACHE_MAX_DEPTH, more than RECO_MUSTACHE_MAX_STEPS nodes visited, or out's cap is
 * reached; RECO_EPARSE when a translation is not a valid template; RECO_ENOMEM. On error out may
 * hold part of the output.
 */
RECO_API reco_code reco_mustache_render(const reco_mustache *m, const char *name, const json_t *ctx,
                                        const reco_mustache_opts *opts, reco_buf *out,
                                        reco_error *err);

/** Append s[0..n) to out with & < > " ' replaced by entities. */
RECO_API reco_code reco_mustache_escape(reco_buf *out, const char *s, size_t n);

#endif
