/*
 * web_view.h - the contexts the page templates read (docs/web.md): the layout's base context,
 * flash messages, form errors, the view of a verification report, and rendering a page in a
 * language.
 */
#ifndef RECO_HTTP_WEB_VIEW_H
#define RECO_HTTP_WEB_VIEW_H

#include "http/i18n.h"
#include "reco/mustache.h"
#include <jansson.h>

/**
 * The base context of layout.mustache: {"lang": "fr", "lang_fr": true, "title", "page",
 * "switch_url": "?", "flash": [], "errors": []}. page names the template of the main content
 * ("pages/verify"). A new reference; NULL when out of memory.
 */
json_t *web_page_context(reco_lang lang, const char *title, const char *page);

/** Add {"kind", "<kind>": true, "text"} to ctx.flash; kind is "success", "error" or "info". */
reco_code web_flash_add(json_t *ctx, const char *kind, const char *text);

/** Add {"id", "message"} to ctx.errors (the error summary links to the field id). */
reco_code web_error_add(json_t *ctx, const char *id, const char *message);

/**
 * The context of partials/report.mustache made from a report as reco_report_to_json gives it:
 * {"id", "label", "level" (of its heading: 2, nested 4, then 6), "nested_level", "valid",
 * "input", "kind", "checks": [{"name", "title" (translated; the name itself when the name is
 * unknown), "raw_name" (true when unknown), "sentence" (the outcome in words, translated; null
 * for an unknown name), "status", "message" (the library's English detail),
 * "passed"|"failed"|"warning"|"not_checked": true}], "has_summary", "summary": [{"key",
 * "label" (translated), "value" (dates and counts written in lang), "datetime" (the ISO value
 * of a date, else null)}], "has_nested", "nested_count", "nested": [...same shape...]}. Every key
 * is present at every level (null when absent) so that a nested report never reads its parent's
 * values. Nesting deeper than RECO_MUSTACHE_MAX_PARTIAL - 4 is cut. A new reference; NULL when out
 * of memory or when report is not an object.
 */
json_t *web_report_view(const json_t *report, reco_lang lang);

/**
 * The start of the language switch link of the current page, for the context's "switch_url":
 * path, "?", the raw query without its lang arguments, then "&" when any remain; the
 * template appends "lang=en". path and raw_query are the raw (still percent-encoded) request
 * path and query; the template escapes the result. RECO_ELIMIT over out's cap.
 */
reco_code web_switch_url(const char *path, const char *raw_query, reco_buf *out);

/** reco_mustache_render with the translations of lang. */
reco_code web_render(const reco_mustache *m, reco_lang lang, const char *name, const json_t *ctx,
                     reco_buf *out, reco_error *err);

#endif
