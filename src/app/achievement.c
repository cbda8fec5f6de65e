/*
 * achievement.c - achievements (badges): checked bodies in the OB 3.0 Achievement shape
 * (OB 3.0 data model, class Achievement, Alignment, Criteria), images (PNG or SVG, validated
 * and capped, or a generated SVG), and the Achievement JSON-LD served at its URL.
 */
#include "app_internal.h"
#include "reco/bake.h"
#include "reco/ob_model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define NAME_MAX_LEN  200
#define TEXT_MAX      20000
#define TAG_MAX       64
#define TAG_LEN       100
#define ALIGN_MAX     32
#define VALIDITY_MAX  36500
#define DATA_URL_MAX  (RECO_APP_MAX_IMAGE / 3 * 4 + 64)
#define ARENA_ACH_CAP (8u * 1024u * 1024u)

/* OB 3.0: extensions to enumerations are "ext:" followed by letters, digits, '.', '_', '-'. */
static bool is_ext_term(const char *s)
{
    if (strncmp(s, "ext:", 4) != 0 || !s[4] || strlen(s) > 64)
        return false;
    for (const char *p = s + 4; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
            return false;
    return true;
}

static bool is_achievement_type(const char *s)
{
    return reco_ob_model_enum_has("AchievementType", s) || is_ext_term(s);
}

/* ---------------------------------------------------------------- images */

/* Case-insensitive search in n bytes. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* An on* event attribute: whitespace, "on", letters, optional spaces, '='. */
static bool has_event_attribute(const char *s, size_t n)
{
    for (size_t i = 1; i + 3 < n; i++) {
        if (!isspace((unsigned char)s[i - 1]) && s[i - 1] != '/' && s[i - 1] != '"' &&
            s[i - 1] != '\'')
            continue;
        if (tolower((unsigned char)s[i]) != 'o' || tolower((unsigned char)s[i + 1]) != 'n')
            continue;
        size_t j = i + 2;
        if (j >= n || !isalpha((unsigned char)s[j]))
            continue;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_'))
            j++;
        while (j < n && isspace((unsigned char)s[j]))
            j++;
        if (j < n && s[j] == '=')
            return true;
    }
    return false;
}

reco_code reco_app_image_check(const void *img, size_t n, const char **mime, reco_error *err)
{
    static const char *const banned[] = {"<script",  "<foreignobject", "<!doctype",
                                         "<!entity", "javascript:",    "<iframe",
                                         "<embed",   "<object",        "<?xml-stylesheet"};
    const char *s = img;
    reco_bake_format f;
    *mime = NULL;
    if (n > RECO_APP_MAX_IMAGE)
        return reco_error_set(err, RECO_ELIMIT, "/image",
                              "the image is %zu bytes, more than the limit of %u", n,
                              RECO_APP_MAX_IMAGE);
    f = reco_bake_detect(img, n);
    if (f == RECO_BAKE_PNG) {
        *mime = "image/png";
        return RECO_OK;
    }
    if (f != RECO_BAKE_SVG)
        return reco_error_set(err, RECO_EINVAL, "/image", "the image is neither PNG nor SVG");
    if (!reco_utf8_valid(s, n) || memchr(s, 0, n))
        return reco_error_set(err, RECO_EINVAL, "/image", "the SVG image is not UTF-8 text");
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        if (find_ci(s, n, banned[i]))
            return reco_error_set(err, RECO_EINVAL, "/image",
                                  "the SVG image holds %s, which is not allowed", banned[i]);
    if (has_event_attribute(s, n))
        return reco_error_set(err, RECO_EINVAL, "/image",
                              "the SVG image holds an event attribute (on...=), which is not "
                              "allowed");
    *mime = "image/svg+xml";
    return RECO_OK;
}

static reco_code xml_escape(reco_buf *out, const char *s, size_t n)
{
    reco_code rc = RECO_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        switch (s[i]) {
        case '<':
            rc = reco_buf_puts(out, "&lt;");
            break;
        case '>':
            rc = reco_buf_puts(out, "&gt;");
            break;
        case '&':
            rc = reco_buf_puts(out, "&amp;");
            break;
        case '"':
            rc = reco_buf_puts(out, "&quot;");
            break;
        case '\'':
            rc = reco_buf_puts(out, "&#39;");
            break;
        default:
            rc = reco_buf_putc(out, s[i]);
        }
    }
    return rc;
}

static bool is_colour(const char *c)
{
    if (!c || c[0] != '#' || strlen(c) != 7)
        return false;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)c[i]))
            return false;
    return true;
}

reco_code reco_app_svg_generate(const char *name, const char *colour, reco_buf *out,
                                reco_error *err)
{
    static const char *const palette[] = {"#1f6feb", "#8250df", "#bf3989", "#cf222e",
                                          "#bc4c00", "#4d2d00", "#1a7f37", "#0969da"};
    char col[8];
    char initials[16];
    size_t ni = 0, n = name ? strlen(name) : 0, i = 0;
    reco_code rc;
    uint8_t h[32];
    if (colour && !is_colour(colour))
        return reco_error_set(err, RECO_EINVAL, "/image/colour", "colour '%.10s' is not #rrggbb",
                              colour);
    reco_sha256(name ? name : "", n, h);
    snprintf(col, sizeof col, "%s", colour ? colour : palette[h[0] % 8]);
    /* Up to two initials: the first letter or digit of the first words of three characters or
     * more ("Initiation à la menuiserie" gives "IM"), or of the first words when the name has
     * no such word; whole UTF-8 sequences, upper-cased for ASCII and Latin-1 letters. */
    {
        size_t o = 0;
        for (int pass = 0; pass < 2 && !o; pass++) {
            size_t min_len = pass == 0 ? 3 : 1;
            i = 0;
            ni = 0;
            while (i < n && ni < 2) {
                size_t at = i, len = 0, first_end = i;
                int32_t cp;
                /* one word: a run of letters and digits */
                while (i < n) {
                    size_t before = i;
                    cp = reco_utf8_next(name, n, &i);
                    if (!(cp > 0x7f || (cp >= 0 && isalnum((unsigned char)cp)))) {
                        if (len == 0)
                            at = i;
                        else {
                            i = before;
                            break;
                        }
                        continue;
                    }
                    if (len++ == 0) {
                        at = before;
                        first_end = i;
                    }
                }
                if (len >= min_len && o + (first_end - at) < sizeof initials - 1) {
                    size_t k = at;
                    int32_t c = reco_utf8_next(name, n, &k);
                    if (c >= 'a' && c <= 'z')
                        initials[o++] = (char)(c - 32);
                    else if (c >= 0xe0 && c <= 0xfe && c != 0xf7) {
                        /* Latin-1 lower case to upper case (U+00E0..U+00FE -> -0x20) */
                        c -= 0x20;
                        initials[o++] = (char)(0xc0 | (c >> 6));
                        initials[o++] = (char)(0x80 | (c & 0x3f));
                    } else {
                        for (k = at; k < first_end; k++)
                            initials[o++] = name[k];
                    }
                    ni++;
                }
                if (i < n && len == 0)
                    break;
            }
        }
        initials[o] = '\0';
        if (!o)
            snprintf(initials, sizeof initials, "?");
    }
    rc = reco_buf_printf(out,
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" "
                         "viewBox=\"0 0 256 256\" role=\"img\" aria-label=\"");
    if (!rc)
        rc = xml_escape(out, name ? name : "", n);
    if (!rc)
        rc = reco_buf_printf(out,
                             "\"><circle cx=\"128\" cy=\"128\" r=\"120\" fill=\"%s\"/>"
                             "<circle cx=\"128\" cy=\"128\" r=\"104\" fill=\"none\" "
                             "stroke=\"#ffffff\" stroke-width=\"6\"/>"
                             "<text x=\"128\" y=\"150\" text-anchor=\"middle\" "
                             "font-family=\"sans-serif\" font-size=\"72\" font-weight=\"bold\" "
                             "fill=\"#ffffff\">",
                             col);
    if (!rc)
        rc = xml_escape(out, initials, strlen(initials));
    if (!rc)
        rc = reco_buf_puts(out, "</text></svg>\n");
    return reco_buf_error(rc, out, "generated image", err);
}

/* The image member: a data: URL (string or Image object's id), {"generate":..}, or absent. */
static reco_code parse_image(const json_t *body, const char *name, reco_buf *img, const char **mime,
                             bool *given, reco_error *err)
{
    const json_t *v = json_object_get(body, "image");
    const char *url = NULL, *colour = NULL;
    const char *comma;
    reco_code rc = RECO_OK;
    *given = v != NULL && !json_is_null(v);
    if (json_is_object(v)) {
        if (json_is_true(json_object_get(v, "generate")) || json_object_get(v, "colour")) {
            if ((rc = app_opt_string(v, "colour", 16, &colour, err)))
                return rc;
            url = NULL;
        } else {
            url = json_string_value(json_object_get(v, "id"));
            if (!url)
                return reco_error_set(err, RECO_EINVAL, "/image",
                                      "image is an object without id (a data: URL) nor generate");
        }
    } else if (json_is_string(v)) {
        url = json_string_value(v);
    } else if (v && !json_is_null(v)) {
        return reco_error_set(err, RECO_EINVAL, "/image", "image is not a data: URL");
    }
    if (!url) {
        *mime = "image/svg+xml";
        return reco_app_svg_generate(name, colour, img, err);
    }
    if (strlen(url) > DATA_URL_MAX)
        return reco_error_set(err, RECO_ELIMIT, "/image",
                              "the image is more than the limit of %u bytes", RECO_APP_MAX_IMAGE);
    if (strncmp(url, "data:", 5) != 0 || !(comma = strchr(url, ',')) ||
        !find_ci(url, (size_t)(comma - url), ";base64"))
        return reco_error_set(err, RECO_EINVAL, "/image",
                              "image is not a base64 data: URL (data:image/png;base64,...)");
    rc = reco_base64_decode(comma + 1, strlen(comma + 1), img, err);
    if (rc) {
        reco_error clean = {0};
        reco_buf_clear(img);
        if (reco_base64url_decode(comma + 1, strlen(comma + 1), img, &clean) == RECO_OK)
            rc = RECO_OK;
        else
            return reco_error_set(err, RECO_EINVAL, "/image", "the image's base64 is invalid");
    }
    return reco_app_image_check(img->data, img->len, mime, err);
}

/* tag: array of strings. */
static reco_code parse_tags(const json_t *body, char **out, reco_error *err)
{
    const json_t *v = json_object_get(body, "tag");
    size_t i;
    json_t *t;
    *out = NULL;
    if (!v || json_is_null(v))
        return RECO_OK;
    if (!json_is_array(v))
        return reco_error_set(err, RECO_EINVAL, "/tag", "tag is not an array of strings");
    if (json_array_size(v) > TAG_MAX)
        return reco_error_set(err, RECO_ELIMIT, "/tag", "more than %d tags", TAG_MAX);
    json_array_foreach(v, i, t)
    {
        if (!json_is_string(t) || json_string_length(t) == 0 || json_string_length(t) > TAG_LEN)
            return reco_error_set(err, RECO_EINVAL, "/tag",
                                  "tag %zu is not a string of 1 to %d bytes", i, TAG_LEN);
    }
    if (!(*out = json_dumps(v, JSON_COMPACT)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    return RECO_OK;
}

/* alignment: OB 3.0 Alignment objects (targetName and targetUrl required). */
static reco_code parse_alignments(const json_t *body, char **out, reco_error *err)
{
    static const char *const fields[] = {"targetName",      "targetUrl",  "targetCode",
                                         "targetFramework", "targetType", "targetDescription"};
    const json_t *v = json_object_get(body, "alignment");
    json_t *list = NULL, *a;
    size_t i;
    reco_code rc = RECO_OK;
    char path[64];
    *out = NULL;
    if (!v || json_is_null(v))
        return RECO_OK;
    if (!json_is_array(v))
        return reco_error_set(err, RECO_EINVAL, "/alignment", "alignment is not an array");
    if (json_array_size(v) > ALIGN_MAX)
        return reco_error_set(err, RECO_ELIMIT, "/alignment", "more than %d alignments", ALIGN_MAX);
    list = json_array();
    json_array_foreach(v, i, a)
    {
        json_t *o = json_object();
        snprintf(path, sizeof path, "/alignment/%zu", i);
        if (!json_is_object(a)) {
            json_decref(o);
            rc = reco_error_set(err, RECO_EINVAL, path, "alignment %zu is not an object", i);
            goto out;
        }
        json_object_set_new(o, "type", json_pack("[s]", "Alignment"));
        for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
            const char *s = NULL;
            if ((rc = app_opt_string(a, fields[f], 2000, &s, err))) {
                json_decref(o);
                if (err)
                    snprintf(err->path, sizeof err->path, "%s/%s", path, fields[f]);
                goto out;
            }
            if (s)
                json_object_set_new(o, fields[f], json_string(s));
        }
        const char *name = json_string_value(json_object_get(o, "targetName"));
        const char *url = json_string_value(json_object_get(o, "targetUrl"));
        const char *type = json_string_value(json_object_get(o, "targetType"));
        if (!name || !name[0] || !url || !app_is_http_url(url)) {
            json_decref(o);
            rc = reco_error_set(err, RECO_EINVAL, path,
                                "alignment %zu needs targetName and an http(s) targetUrl", i);
            goto out;
        }
        if (type && strncmp(type, "ext:", 4) == 0 && !is_ext_term(type)) {
            json_decref(o);
            rc = reco_error_set(err, RECO_EINVAL, path, "alignment %zu targetType is not valid", i);
            goto out;
        }
        json_array_append_new(list, o);
    }
    if (!(*out = json_dumps(list, JSON_COMPACT)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    json_decref(list);
    return rc;
}

/* ---------------------------------------------------------------- JSON-LD */

reco_code app_achievement_json(reco_app *app, const reco_achievement_row *a,
                               const reco_issuer_row *iss, bool with_context, json_t **out,
                               reco_error *err)
{
    char url[600];
    reco_buf iid;
    json_t *o = json_object();
    int bad = !o;
    reco_code rc = RECO_OK;
    reco_buf_init(&iid, 1024);
    snprintf(url, sizeof url, "%s/achievements/%s", app->base_url, a->public_id);
    if (with_context)
        bad |= app_set(o, "@context",
                       json_pack("[s,s]", RECO_VC_CONTEXT_V2,
                                 "https://purl.imsglobal.org/spec/ob/v3p0/"
                                 "context-3.0.3.json"));
    bad |= app_set_str(o, "id", url);
    bad |= app_set(o, "type", json_pack("[s]", "Achievement"));
    bad |= app_set(o, "name", json_string(a->name ? a->name : ""));
    bad |= app_set(o, "description", json_string(a->description ? a->description : ""));
    bad |= app_set(o, "criteria",
                   json_pack("{s:s}", "narrative", a->criteria_md ? a->criteria_md : ""));
    bad |= app_set_str(o, "achievementType", a->achievement_type);
    if (a->tags && a->tags[0]) {
        json_t *t = json_loads(a->tags, 0, NULL);
        if (json_array_size(t))
            bad |= app_set(o, "tag", t);
        else
            json_decref(t);
    }
    if (a->alignments && a->alignments[0]) {
        json_t *t = json_loads(a->alignments, 0, NULL);
        if (json_array_size(t))
            bad |= app_set(o, "alignment", t);
        else
            json_decref(t);
    }
    if (a->image_len) {
        char img[700];
        snprintf(img, sizeof img, "%s/image", url);
        bad |= app_set(o, "image", json_pack("{s:s, s:s}", "id", img, "type", "Image"));
    }
    if (iss && app_issuer_id(app, iss->slug, &iid) == RECO_OK)
        bad |= app_set(o, "creator",
                       json_pack("{s:s, s:[s], s:s}", "id", iid.data, "type", "Profile", "name",
                                 iss->name ? iss->name : ""));
    if (bad) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        json_decref(o);
        o = NULL;
    }
    reco_buf_release(&iid);
    *out = o;
    return rc;
}

reco_code app_load_achievement(reco_app *app, const char *public_id, reco_arena *a,
                               reco_achievement_row *ach, reco_issuer_row *iss, reco_error *err)
{
    reco_code rc =
        reco_store_achievement_by_public_id(app->store, public_id ? public_id : "", a, ach, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no achievement %.60s", public_id ? public_id : "");
    if (!rc && iss)
        rc = reco_store_issuer_get(app->store, ach->issuer_id, a, iss, err);
    return rc;
}

/* ---------------------------------------------------------------- create / update */

/* Fill row from body; members absent from body keep row's values (update) or defaults. */
static reco_code fill_row(const json_t *body, bool create, reco_achievement_row *row, reco_buf *img,
                          char **tags, char **aligns, reco_error *err)
{
    const char *name = NULL, *desc = NULL, *type = NULL, *criteria = NULL;
    const json_t *c, *vd;
    reco_code rc;
    if (!json_is_object(body))
        return reco_error_set(err, RECO_EINVAL, "", "the achievement is not a JSON object");
    if ((rc = app_opt_string(body, "name", NAME_MAX_LEN, &name, err)) ||
        (rc = app_opt_string(body, "description", TEXT_MAX, &desc, err)) ||
        (rc = app_opt_string(body, "achievementType", 64, &type, err)))
        return rc;
    c = json_object_get(body, "criteria");
    if (json_is_string(c)) {
        criteria = json_string_value(c);
    } else if (json_is_object(c)) {
        if ((rc = app_opt_string(c, "narrative", TEXT_MAX, &criteria, err))) {
            if (err)
                snprintf(err->path, sizeof err->path, "/criteria/narrative");
            return rc;
        }
    } else if (c && !json_is_null(c)) {
        return reco_error_set(err, RECO_EINVAL, "/criteria",
                              "criteria is neither a string nor {\"narrative\": ...}");
    }
    if (criteria && strlen(criteria) > TEXT_MAX)
        return reco_error_set(err, RECO_ELIMIT, "/criteria", "criteria is too long");
    if (name)
        row->name = name;
    if (desc)
        row->description = desc;
    if (criteria)
        row->criteria_md = criteria;
    if (create && (!row->name || !row->name[0]))
        return reco_error_set(err, RECO_EINVAL, "/name", "the achievement name is missing");
    if (create && (!row->description || !row->description[0]))
        return reco_error_set(err, RECO_EINVAL, "/description",
                              "the achievement description is missing");
    if (name && !name[0])
        return reco_error_set(err, RECO_EINVAL, "/name", "the achievement name is empty");
    if (type) {
        if (!is_achievement_type(type))
            return reco_error_set(err, RECO_EINVAL, "/achievementType",
                                  "achievementType '%.40s' is neither an OB 3.0 value nor "
                                  "ext:<name>",
                                  type);
        row->achievement_type = type;
    }
    if ((rc = parse_tags(body, tags, err)))
        return rc;
    if (*tags)
        row->tags = *tags;
    if ((rc = parse_alignments(body, aligns, err)))
        return rc;
    if (*aligns)
        row->alignments = *aligns;
    vd = json_object_get(body, "validityDays");
    if (vd && !json_is_null(vd)) {
        if (!json_is_integer(vd) || json_integer_value(vd) < 0 ||
            json_integer_value(vd) > VALIDITY_MAX)
            return reco_error_set(err, RECO_EINVAL, "/validityDays",
                                  "validityDays is not a whole number of days from 0 to %d",
                                  VALIDITY_MAX);
        row->validity_days = (int64_t)json_integer_value(vd);
    }
    if (create || json_object_get(body, "image")) {
        const char *mime = NULL;
        bool given;
        if ((rc = parse_image(body, row->name, img, &mime, &given, err)))
            return rc;
        row->image = img->data;
        row->image_len = img->len;
        row->image_type = mime;
    }
    return RECO_OK;
}

static reco_code save(reco_app *app, const reco_app_user *actor, const char *slug,
                      const char *public_id, const json_t *body, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_ACH_CAP);
    reco_achievement_row row = {0};
    reco_issuer_row iss;
    reco_buf img;
    char *tags = NULL, *aligns = NULL;
    char pid[48];
    reco_code rc;
    bool create = public_id == NULL;
    *out = NULL;
    reco_buf_init(&img, RECO_APP_MAX_IMAGE);
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_lock(app);
    if (create) {
        rc = reco_store_issuer_by_slug(app->store, slug ? slug : "", a, &iss, err);
        if (rc == RECO_ENOTFOUND)
            reco_error_set(err, rc, NULL, "no issuer %.60s", slug ? slug : "");
    } else {
        rc = app_load_achievement(app, public_id, a, &row, &iss, err);
    }
    if (!rc)
        rc = app_check_role(app, actor, &iss, RECO_ROLE_EDITOR, err);
    if (!rc && create && !(rc = app_public_id(pid, sizeof pid, err))) {
        row.public_id = pid;
        row.issuer_id = iss.id;
        row.created_at = (int64_t)time(NULL);
    }
    if (!rc)
        rc = fill_row(body, create, &row, &img, &tags, &aligns, err);
    if (!rc)
        rc = reco_store_achievement_put(app->store, &row, err);
    if (!rc)
        rc = app_achievement_json(app, &row, &iss, true, out, err);
    app_unlock(app);
    free(tags);
    free(aligns);
    reco_buf_release(&img);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_achievement_create(reco_app *app, const reco_app_user *actor, const char *slug,
                                      const json_t *body, json_t **out, reco_error *err)
{
    return save(app, actor, slug, NULL, body, out, err);
}

reco_code reco_app_achievement_update(reco_app *app, const reco_app_user *actor,
                                      const char *public_id, const json_t *body, json_t **out,
                                      reco_error *err)
{
    if (!public_id)
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "no achievement given");
    return save(app, actor, NULL, public_id, body, out, err);
}

reco_code reco_app_achievement_get(reco_app *app, const char *public_id, json_t **out,
                                   reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_ACH_CAP);
    reco_achievement_row row;
    reco_issuer_row iss;
    reco_code rc;
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = app_load_achievement(app, public_id, a, &row, &iss, err);
    if (!rc)
        rc = app_achievement_json(app, &row, &iss, true, out, err);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_achievement_image(reco_app *app, const char *public_id, reco_buf *out,
                                     const char **mime, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_ACH_CAP);
    reco_achievement_row row;
    reco_code rc;
    *mime = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = app_load_achievement(app, public_id, a, &row, NULL, err);
    if (!rc && !row.image_len)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "achievement %.60s has no image", public_id);
    if (!rc && (rc = reco_buf_append(out, row.image, row.image_len)))
        reco_buf_error(rc, out, "image", err);
    if (!rc)
        *mime = strcmp(row.image_type ? row.image_type : "", "image/png") == 0 ? "image/png"
                                                                               : "image/svg+xml";
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_achievement_list(reco_app *app, const char *slug, const reco_page *page,
                                    json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_achievement_row *rows = NULL;
    reco_issuer_row iss = {0};
    reco_page pg = page ? *page : (reco_page){0};
    size_t n = 0;
    reco_code rc = RECO_OK;
    json_t *items = json_array();
    *out = NULL;
    if (!a || !items) {
        reco_arena_free(a);
        json_decref(items);
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    if (pg.limit <= 0)
        pg.limit = 50;
    if (slug) {
        rc = reco_store_issuer_by_slug(app->store, slug, a, &iss, err);
        if (rc == RECO_ENOTFOUND)
            reco_error_set(err, rc, NULL, "no issuer %.60s", slug);
    }
    if (!rc)
        rc = reco_store_achievement_list(app->store, slug ? iss.id : 0, &pg, a, &rows, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *o = NULL;
        reco_issuer_row ri;
        rc = reco_store_issuer_get(app->store, rows[i].issuer_id, a, &ri, err);
        if (!rc)
            rc = app_achievement_json(app, &rows[i], &ri, false, &o, err);
        if (!rc)
            json_array_append_new(items, o);
    }
    if (!rc && !(*out = json_pack("{s:O, s:I, s:I}", "items", items, "limit", (json_int_t)pg.limit,
                                  "offset", (json_int_t)pg.offset)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    json_decref(items);
    reco_arena_free(a);
    return rc;
}
