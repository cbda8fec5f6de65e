/*
 * web_view.c - contexts for the page templates (src/http/web_view.h).
 */
#include "http/web_view.h"

#include <stdio.h>
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

static json_t *view(const json_t *r, const char *id, const char *label, int depth, int level)
{
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
        json_t *cv = json_pack("{s:s?, s:s, s:s?, s:b}", "name",
                               json_string_value(json_object_get(c, "name")), "status", key,
                               "message", json_string_value(json_object_get(c, "message")), key, 1);
        ok = ok && cv && !json_array_append_new(checks, cv);
    }
    const char *k;
    json_object_foreach((json_t *)json_object_get(r, "summary"), k, c)
    {
        if (json_is_string(c))
            ok = ok &&
                 !json_array_append_new(summary, json_pack("{s:s, s:O}", "key", k, "value", c));
    }
    if (depth < RECO_MUSTACHE_MAX_PARTIAL - 4) {
        json_array_foreach(json_object_get(r, "nested"), i, c)
        {
            char cid[96];
            snprintf(cid, sizeof cid, "%.70s-%zu", id, i + 1);
            json_t *nv = view(c, cid, json_string_value(json_object_get(c, "label")), depth + 1,
                              level + 2 > 6 ? 6 : level + 2);
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

json_t *web_report_view(const json_t *report)
{
    return json_is_object(report) ? view(report, "report", NULL, 0, 2) : NULL;
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
