/*
 * web_view.c - contexts for the page templates (src/http/web_view.h).
 */
#include "http/web_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *web_page_context(reco_lang lang, const char *title, const char *page)
{
    json_t *c =
        json_pack("{s:s, s:b, s:b, s:s?, s:s, s:s, s:[], s:[]}", "lang", reco_i18n_code(lang),
                  "lang_fr", lang == RECO_LANG_FR, "lang_en", lang == RECO_LANG_EN, "title", title,
                  "page", page ? page : "", "switch_url", "?", "flash", "errors");
    return c;
}

reco_code web_flash_add(json_t *ctx, const char *kind, const char *text)
{
    json_t *list = json_object_get(ctx, "flash");
    json_t *item = json_pack("{s:s, s:b, s:s}", "kind", kind, kind, 1, "text", text ? text : "");
    if (!json_is_array(list) || !item || json_array_append_new(list, item)) {
        json_decref(item);
        return RECO_ENOMEM;
    }
    return RECO_OK;
}

reco_code web_error_add(json_t *ctx, const char *id, const char *message)
{
    json_t *list = json_object_get(ctx, "errors");
    json_t *item = json_pack("{s:s, s:s}", "id", id, "message", message ? message : "");
    if (!json_is_array(list) || !item || json_array_append_new(list, item)) {
        json_decref(item);
        return RECO_ENOMEM;
    }
    return RECO_OK;
}

/* The words of a report: a title per check name, a sentence per (check, outcome), a label per
 * summary key. The msgids are the English text of po/fr.po and po/en.po. */
typedef struct check_text {
    const char *name, *title, *sentence[4];
} check_text;

/* generated table: check name, title, sentence per status (passed, failed, warning,
 * not_checked; NULL: the generic sentence) */
static const check_text CHECK_TEXT[] = {
    {"json",
     "JSON",
     {"The file is well-formed JSON.", "The file is not well-formed JSON.", NULL, NULL}},
    {"structure",
     "Structure",
     {"The credential has the fields Open Badges requires.",
      "Fields Open Badges requires are missing or malformed.",
      "The structure of the credential has something unusual.", NULL}},
    {"schema",
     "Schema",
     {"The credential conforms to the Open Badges JSON schema.",
      "The credential does not conform to the Open Badges JSON schema.", NULL, NULL}},
    {"proof",
     "Cryptographic proof",
     {"The issuer's signature is valid: the badge has not been altered.",
      "The signature is not valid: the badge was altered or not signed by its issuer.", NULL,
      "The signature could not be checked."}},
    {"proof-set",
     "Proof set",
     {"Every proof of the credential is valid.",
      "At least one proof of the credential is not valid.", NULL, NULL}},
    {"issuer-key",
     "Issuer key",
     {"The signing key belongs to the issuer.", "The signing key does not belong to the issuer.",
      NULL, "The issuer's key could not be obtained."}},
    {"valid-from",
     "Start of validity",
     {"The badge is already valid.", "The badge is not valid yet.", NULL, NULL}},
    {"valid-until",
     "End of validity",
     {"The badge has not expired.", "The badge has expired.", NULL, NULL}},
    {"status",
     "Revocation status",
     {"Not revoked: the issuer still stands by this badge.",
      "Revoked: the issuer has withdrawn this badge.", NULL,
      "The status list could not be obtained: revocation is unknown."}},
    {"status-list",
     "Status list",
     {"The status list is valid.", "The status list is not valid.", NULL, NULL}},
    {"recipient",
     "Recipient",
     {"The badge was awarded to this recipient.", "The badge was not awarded to this recipient.",
      NULL, "No recipient was given to compare with."}},
    {"endorsements",
     "Endorsements",
     {"The endorsements are valid.", "At least one endorsement is not valid.",
      "Some endorsements could not be checked.", NULL}},
    {"baked",
     "Badge in the image",
     {"The badge was found in the image.", "The image does not hold a readable badge.", NULL,
      NULL}},
    {"jwt",
     "JWT",
     {"The JWT is well-formed and its signature valid.",
      "The JWT is malformed or its signature is not valid.", NULL, NULL}},
    {"jwt-claims",
     "JWT claims",
     {"The JWT claims agree with the credential.",
      "The JWT claims do not agree with the credential.", NULL, NULL}},
    {"input",
     "Input",
     {"The input was read.", "The input could not be read as a badge.", NULL, NULL}},
    {"fetch",
     "Download",
     {"The badge was downloaded.", "The badge could not be downloaded.", NULL,
      "The badge could not be downloaded."}},
    {"verification",
     "Verification method",
     {"The hosted or signed verification of the badge succeeded.",
      "The hosted or signed verification of the badge failed.", NULL, NULL}},
    {"signature",
     "Signature",
     {"The signature is valid.", "The signature is not valid.", NULL, NULL}},
    {"revocation",
     "Revocation",
     {"Not revoked.", "Revoked: the issuer has withdrawn this badge.", NULL,
      "Revocation could not be checked."}},
    {"badge",
     "Badge class",
     {"The badge class is valid.", "The badge class is missing or not valid.", NULL, NULL}},
    {"issuer",
     "Issuer",
     {"The issuer profile is valid.", "The issuer profile is missing or not valid.", NULL, NULL}},
    {"image", "Image", {"The image is valid.", "The image is missing or not valid.", NULL, NULL}},
    {"issued-on",
     "Issue date",
     {"The issue date is valid and in the past.", "The issue date is not valid or in the future.",
      NULL, NULL}},
    {"expires", "Expiry", {"The badge has not expired.", "The badge has expired.", NULL, NULL}},
    {"version",
     "Version",
     {"The Open Badges version is supported.", "The Open Badges version is not supported.", NULL,
      NULL}},
    {"context",
     "JSON-LD context",
     {"The JSON-LD context is the expected one.", "The JSON-LD context is missing or unexpected.",
      NULL, NULL}},
    {"type",
     "Type",
     {"The types are the expected ones.", "The types are missing or unexpected.", NULL, NULL}},
};
static const char *const GENERIC[4] = {"This check passed.", "This check failed.",
                                       "This check gave a warning.", "This could not be checked."};
static const struct {
    const char *key, *label;
} SUMMARY_LABEL[] = {
    {"issuer", "Issuer ID"},
    {"issuer-name", "Issuer"},
    {"achievement", "Achievement"},
    {"subject", "Recipient"},
    {"valid-from", "Valid from"},
    {"valid-until", "Valid until"},
    {"issued", "Issued on"},
    {"expires", "Expires on"},
    {"endorser", "Endorser"},
    {"endorsed", "Endorsed"},
    {"endorsement-comment", "Comment"},
    {"purpose", "Purpose of the list"},
    {"entries", "Entries"},
    {"set-bits", "Entries set"},
};

enum { ST_PASSED, ST_FAILED, ST_WARNING, ST_NOT_CHECKED };

static const check_text *check_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof CHECK_TEXT / sizeof CHECK_TEXT[0]; i++)
        if (strcmp(CHECK_TEXT[i].name, name) == 0)
            return &CHECK_TEXT[i];
    return NULL;
}

static const char *summary_label(const char *key)
{
    for (size_t i = 0; i < sizeof SUMMARY_LABEL / sizeof SUMMARY_LABEL[0]; i++)
        if (strcmp(SUMMARY_LABEL[i].key, key) == 0)
            return SUMMARY_LABEL[i].label;
    return NULL;
}

static bool summary_is_date(const char *key)
{
    return strcmp(key, "valid-from") == 0 || strcmp(key, "valid-until") == 0 ||
           strcmp(key, "issued") == 0 || strcmp(key, "expires") == 0;
}

/* {"key", "label", "value", "datetime"}: dates in the language with the ISO value kept for
 * <time datetime>, counts grouped as the language writes them. */
static json_t *summary_item(reco_lang lang, const char *key, const char *value)
{
    const char *label = summary_label(key);
    json_t *it = json_pack("{s:s, s:s, s:s, s:n}", "key", key, "label",
                           label ? reco_i18n_text(lang, label) : key, "value", value, "datetime");
    if (!it)
        return NULL;
    reco_buf b;
    reco_buf_init(&b, 256);
    reco_time t;
    size_t n = strlen(value);
    if (strcmp(key, "subject") == 0 && strcmp(value, "(hashed e-mail address)") == 0) {
        json_object_set_new(it, "value",
                            json_string(reco_i18n_text(lang, "An e-mail address (hashed)")));
    } else if (summary_is_date(key) && reco_time_parse(value, n, false, &t, NULL) == RECO_OK &&
               reco_i18n_format_date(lang, &t, &b) == RECO_OK && b.data) {
        json_object_set_new(it, "value", json_string(b.data));
        json_object_set_new(it, "datetime", json_string(value));
    } else if (n && n < 16 && strspn(value, "0123456789") == n &&
               reco_i18n_format_int(lang, strtoll(value, NULL, 10), &b) == RECO_OK && b.data) {
        json_object_set_new(it, "value", json_string(b.data));
    }
    reco_buf_release(&b);
    return it;
}

/* The label the pipeline gives a nested report ("endorsement 2 of the issuer") in the page's
 * language; a label of another shape is kept as it is. */
static void nested_label(reco_lang lang, const char *label, char *out, size_t cap)
{
    static const char *const of[][2] = {{"the credential", "Endorsement %zu of the credential"},
                                        {"the achievement", "Endorsement %zu of the badge"},
                                        {"the issuer", "Endorsement %zu of the issuer"}};
    size_t k = 0;
    int used = 0;
    snprintf(out, cap, "%s", label);
    if (sscanf(label, "endorsement %zu of %n", &k, &used) != 1 || used == 0)
        return;
    for (size_t i = 0; i < sizeof of / sizeof of[0]; i++)
        if (strcmp(label + used, of[i][0]) == 0) {
            /* the catalogue's text holds one %zu, as its msgid does: put the number there */
            const char *t = reco_i18n_text(lang, of[i][1]), *at = strstr(t, "%zu");
            if (at)
                snprintf(out, cap, "%.*s%zu%s", (int)(at - t), t, k, at + 3);
            return;
        }
}

static json_t *view(const json_t *r, reco_lang lang, const char *id, const char *raw_label,
                    int depth, int level)
{
    char label_buf[160];
    const char *label = NULL;
    if (raw_label) {
        nested_label(lang, raw_label, label_buf, sizeof label_buf);
        label = label_buf;
    }
    json_t *v = json_object(), *checks = json_array(), *summary = json_array(),
           *nested = json_array();
    bool ok = v && checks && summary && nested;
    const json_t *x;
    if (ok)
        ok = !json_object_set_new(v, "id", json_string(id)) &&
             !json_object_set_new(v, "label", label ? json_string(label) : json_null()) &&
             !json_object_set_new(v, "level", json_integer(level)) &&
             !json_object_set_new(v, "nested_level", json_integer(level < 6 ? level + 1 : 6)) &&
             !json_object_set_new(v, "valid",
                                  json_boolean(json_is_true(json_object_get(r, "valid")))) &&
             !json_object_set(v, "input",
                              (x = json_object_get(r, "input")) ? (json_t *)x : json_null()) &&
             !json_object_set(v, "kind",
                              (x = json_object_get(r, "kind")) ? (json_t *)x : json_null());
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(r, "checks"), i, c)
    {
        const char *st = json_string_value(json_object_get(c, "status"));
        const char *key = !st                          ? "not_checked"
                          : strcmp(st, "passed") == 0  ? "passed"
                          : strcmp(st, "failed") == 0  ? "failed"
                          : strcmp(st, "warning") == 0 ? "warning"
                                                       : "not_checked";
        const char *name = json_string_value(json_object_get(c, "name"));
        int si = key[0] == 'p'   ? ST_PASSED
                 : key[0] == 'f' ? ST_FAILED
                 : key[0] == 'w' ? ST_WARNING
                                 : ST_NOT_CHECKED;
        const check_text *ct = check_find(name);
        const char *sentence = ct ? (ct->sentence[si] ? ct->sentence[si] : GENERIC[si]) : NULL;
        json_t *cv = json_pack("{s:s?, s:s, s:b, s:s?, s:s, s:s?, s:b}", "name", name, "title",
                               ct ? reco_i18n_text(lang, ct->title) : (name ? name : "?"),
                               "raw_name", ct == NULL, "sentence",
                               sentence ? reco_i18n_text(lang, sentence) : NULL, "status", key,
                               "message", json_string_value(json_object_get(c, "message")), key, 1);
        ok = ok && cv && !json_array_append_new(checks, cv);
    }
    const char *k;
    json_object_foreach((json_t *)json_object_get(r, "summary"), k, c)
    {
        if (json_is_string(c))
            ok = ok && !json_array_append_new(summary, summary_item(lang, k, json_string_value(c)));
    }
    if (depth < RECO_MUSTACHE_MAX_PARTIAL - 4) {
        json_array_foreach(json_object_get(r, "nested"), i, c)
        {
            char cid[96];
            snprintf(cid, sizeof cid, "%.70s-%zu", id, i + 1);
            json_t *nv = view(c, lang, cid, json_string_value(json_object_get(c, "label")),
                              depth + 1, level + 2 > 6 ? 6 : level + 2);
            ok = ok && nv && !json_array_append_new(nested, nv);
        }
    }
    if (ok)
        ok = !json_object_set(v, "checks", checks) &&
             !json_object_set_new(v, "has_summary", json_boolean(json_array_size(summary))) &&
             !json_object_set(v, "summary", summary) &&
             !json_object_set_new(v, "has_nested", json_boolean(json_array_size(nested))) &&
             !json_object_set_new(v, "nested_count",
                                  json_integer((json_int_t)json_array_size(nested))) &&
             !json_object_set(v, "nested", nested);
    json_decref(checks);
    json_decref(summary);
    json_decref(nested);
    if (!ok) {
        json_decref(v);
        v = NULL;
    }
    return v;
}

json_t *web_report_view(const json_t *report, reco_lang lang)
{
    return json_is_object(report) ? view(report, lang, "report", NULL, 0, 2) : NULL;
}

reco_code web_render(const reco_mustache *m, reco_lang lang, const char *name, const json_t *ctx,
                     reco_buf *out, reco_error *err)
{
    reco_mustache_opts opts = reco_i18n_opts(lang);
    return reco_mustache_render(m, name, ctx, &opts, out, err);
}

reco_code web_switch_url(const char *path, const char *raw_query, reco_buf *out)
{
    /* Only a path of this site: never "//host" (a link to another site) nor "scheme:". */
    bool local = path && path[0] == '/' && path[1] != '/' && path[1] != '\\';
    reco_code rc = reco_buf_puts(out, local ? path : "/");
    if (!rc)
        rc = reco_buf_putc(out, '?');
    const char *q = raw_query ? raw_query : "";
    while (*q && !rc) {
        size_t n = strcspn(q, "&");
        bool is_lang = (n >= 4 && strncmp(q, "lang", 4) == 0 && (n == 4 || q[4] == '='));
        if (n && !is_lang) {
            rc = reco_buf_append(out, q, n);
            if (!rc)
                rc = reco_buf_putc(out, '&');
        }
        q += n;
        if (*q == '&')
            q++;
    }
    return rc;
}
