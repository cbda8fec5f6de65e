/*
 * i18n.h - the languages of the web pages and e-mails: French (the default) and English.
 *
 * Strings come from gettext catalogues (po/fr.po, po/en.po) compiled into the binary and
 * parsed once at first use; the English text is the msgid, so a string missing from a
 * catalogue shows in English. Plural forms follow each language's rule (French: n > 1,
 * English: n != 1). Templates use the {{#t}}...{{/t}} sections of reco/mustache.h with the
 * options from reco_i18n_opts(). docs/web.md tells how to add a string.
 */
#ifndef RECO_HTTP_I18N_H
#define RECO_HTTP_I18N_H

#include "reco/base.h"
#include "reco/common.h"
#include "reco/mustache.h"

typedef enum reco_lang { RECO_LANG_FR = 0, RECO_LANG_EN, RECO_LANG_COUNT } reco_lang;

#define RECO_LANG_DEFAULT        RECO_LANG_FR
#define RECO_I18N_MAX_ACCEPT     1024 /* bytes of Accept-Language considered */
#define RECO_I18N_MAX_RANGES     32   /* language ranges of Accept-Language considered */
#define RECO_I18N_MAX_COOKIE     4096 /* bytes of a Cookie header considered */
#define RECO_I18N_MAX_PO         (1024u * 1024u)
#define RECO_I18N_MAX_PO_ENTRIES 4096

/** "fr" or "en" (the value of the lang attribute and of the lang cookie). */
const char *reco_i18n_code(reco_lang lang);

/**
 * The language of a tag: "fr", "FR", "fr-CA", "en", "en-GB" (primary subtag, any case).
 * false for anything else.
 */
bool reco_i18n_parse_code(const char *s, size_t n, reco_lang *out);

/**
 * The language of a request: the account's preference (user_pref, may be NULL), else the
 * `lang` cookie found in the Cookie header (cookie, may be NULL; "a=b; lang=en"), else the
 * Accept-Language header (RFC 9110 §12.5.4: the supported language with the highest q, ties
 * to the earlier range, q=0 refuses, "*" stands for the default; malformed ranges skipped;
 * only the first RECO_I18N_MAX_ACCEPT bytes and RECO_I18N_MAX_RANGES ranges considered), else
 * French.
 */
reco_lang reco_i18n_negotiate(const char *cookie, const char *accept_language,
                              const char *user_pref);

/**
 * Parse the embedded catalogues (once; later calls return the first outcome). The server calls
 * it at start so that a broken catalogue stops it with a message; the lookups below call it
 * too and fall back to the msgid when it failed.
 */
reco_code reco_i18n_init(reco_error *err);

/** The translation of msgid, or msgid itself. Never NULL for a non-NULL msgid. */
const char *reco_i18n_text(reco_lang lang, const char *msgid);

/** The form of msgid/plural for the count n (plural rule of lang), or msgid / plural. */
const char *reco_i18n_ntext(reco_lang lang, const char *msgid, const char *plural, long n);

/** Render options whose translator uses lang: reco_mustache_render(..., &opts, ...). */
reco_mustache_opts reco_i18n_opts(reco_lang lang);

/**
 * Append a date in the language: "22 novembre 2026" ("1er" for the first of the month),
 * "November 22, 2026". The day is the UTC day of t. RECO_EINVAL outside years 1-9999.
 */
reco_code reco_i18n_format_date(reco_lang lang, const reco_time *t, reco_buf *out);

/**
 * Append an integer with the language's grouping: "10 000" (U+202F narrow no-break space
 * between groups of three) in French, "10,000" in English; "-" before negative numbers.
 */
reco_code reco_i18n_format_int(reco_lang lang, long long n, reco_buf *out);

/* ---------------------------------------------------------------- catalogues */

/** One entry of a catalogue. Strings are NUL-terminated and owned by the catalogue. */
typedef struct reco_po_entry {
    const char *msgid;
    const char *plural;    /* NULL when the entry has no msgid_plural */
    const char *msgstr[2]; /* [0] singular, [1] plural; NULL when empty (untranslated) */
} reco_po_entry;

typedef struct reco_po {
    reco_arena *arena;
    reco_po_entry *entry; /* sorted by msgid (strcmp) */
    size_t n;
} reco_po;

/**
 * Parse a gettext PO file: comments, msgctxt (such entries are skipped), msgid, msgid_plural,
 * msgstr, msgstr[0], msgstr[1], continued strings and the C escapes \n \t \" \\. Entries
 * marked "#, fuzzy", obsolete ("#~") and the header (msgid "") are left out. RECO_EPARSE with
 * the line on malformed input, RECO_ELIMIT over RECO_I18N_MAX_PO bytes or
 * RECO_I18N_MAX_PO_ENTRIES entries, RECO_ECONFLICT on a repeated msgid. On OK the caller
 * calls reco_po_release.
 */
reco_code reco_po_parse(const char *data, size_t len, reco_po *out, reco_error *err);
void reco_po_release(reco_po *po);
/** The entry for msgid, or NULL. */
const reco_po_entry *reco_po_find(const reco_po *po, const char *msgid);

#endif
