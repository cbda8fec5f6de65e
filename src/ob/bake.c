/*
 * bake.c - what PNG and SVG baking share: the result type, format detection, the kind and
 * version of a baked text, and the dispatch by format. The formats themselves are in
 * bake_png.c and bake_svg.c.
 */
#include "reco/bake.h"

#include <jansson.h>
#include <string.h>

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

void reco_baked_init(reco_baked *b)
{
    b->version = 0;
    b->kind = RECO_BAKE_JSON;
    reco_buf_init(&b->text, RECO_BAKE_MAX_TEXT);
}

void reco_baked_release(reco_baked *b)
{
    if (!b)
        return;
    reco_buf_release(&b->text);
    b->version = 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool starts_with(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(p, lit, k) == 0;
}

/* Offset of lit in p[0..n) at or after from, or n when absent. */
static size_t find(const char *p, size_t n, size_t from, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = from; i + k <= n; i++)
        if (memcmp(p + i, lit, k) == 0)
            return i;
    return n;
}

/*
 * The prolog of an XML document (XML 1.0 §2.8): XMLDecl, comments, processing instructions,
 * one doctypedecl, white space. Only looks as far as the first element, so a huge document
 * costs nothing; the SVG scanner does the careful work later.
 */
static bool looks_like_svg(const char *p, size_t n)
{
    size_t i = 0;
    if (starts_with(p, n, "\xEF\xBB\xBF"))
        i = 3;
    for (;;) {
        while (i < n && is_space(p[i]))
            i++;
        if (i >= n || p[i] != '<')
            return false;
        if (starts_with(p + i, n - i, "<?")) {
            i = find(p, n, i + 2, "?>") + 2;
        } else if (starts_with(p + i, n - i, "<!--")) {
            i = find(p, n, i + 4, "-->") + 3;
        } else if (starts_with(p + i, n - i, "<!")) {
            /* A doctype, maybe with [subset]; quotes may hide '>' or brackets. */
            int depth = 0;
            char quote = 0;
            for (i += 2; i < n; i++) {
                char c = p[i];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                } else if (c == '>' && depth <= 0) {
                    break;
                }
            }
            i++;
        } else {
            /* The root element: its local name must be svg, whatever the prefix. */
            size_t s = i + 1, e = s;
            while (e < n && !is_space(p[e]) && p[e] != '>' && p[e] != '/')
                e++;
            size_t colon = s;
            for (size_t k = s; k < e; k++)
                if (p[k] == ':')
                    colon = k + 1;
            return e > s && e - colon == 3 && memcmp(p + colon, "svg", 3) == 0;
        }
        if (i > n)
            return false;
    }
}

reco_bake_format reco_bake_detect(const void *img, size_t n)
{
    const char *p = img;
    if (!p)
        return RECO_BAKE_OTHER;
    if (n >= sizeof png_signature && memcmp(p, png_signature, sizeof png_signature) == 0)
        return RECO_BAKE_PNG;
    if (looks_like_svg(p, n))
        return RECO_BAKE_SVG;
    return RECO_BAKE_OTHER;
}

static bool is_b64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* RFC 7515 §7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature). */
static bool is_compact_jws(const char *p, size_t n)
{
    size_t parts = 1, run = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '.') {
            if (run == 0)
                return false;
            parts++;
            run = 0;
        } else if (is_b64url(p[i])) {
            run++;
        } else {
            return false;
        }
    }
    return parts == 3 && run > 0;
}

static bool is_http_url(const char *p, size_t n)
{
    size_t k = starts_with(p, n, "https://") ? 8 : starts_with(p, n, "http://") ? 7 : 0;
    if (!k || n == k)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] <= 0x20 || p[i] == 0x7f)
            return false;
    return true;
}

reco_code reco_bake_kind_of(const char *text, size_t len, reco_bake_kind *kind, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t s = 0, e = len;
    if (!text || !kind) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "missing text to bake");
        goto out;
    }
    if (!reco_utf8_valid(text, len)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "baked text is not valid UTF-8");
        goto out;
    }
    if (memchr(text, 0, len)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "baked text holds a NUL byte");
        goto out;
    }
    while (s < e && is_space(text[s]))
        s++;
    while (e > s && is_space(text[e - 1]))
        e--;
    if (s == e)
        rc = reco_error_set(err, RECO_EPARSE, NULL, "baked text is empty");
    else if (text[s] == '{')
        *kind = RECO_BAKE_JSON;
    else if (is_compact_jws(text + s, e - s))
        *kind = RECO_BAKE_JWT;
    else if (is_http_url(text + s, e - s))
        *kind = RECO_BAKE_URL;
    else
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "baked text is neither JSON, a compact JWS nor an http(s) URL");
out:
    return rc;
}

reco_code reco_bake_check(const char *text, size_t len, int version, reco_bake_kind *kindp,
                          reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_bake_kind kind = RECO_BAKE_JSON;
    if (version != 2 && version != 3) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "unsupported Open Badges version %d: 2 or 3 can be baked", version);
        goto out;
    }
    if (len > RECO_BAKE_MAX_TEXT) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL,
                            "credential too large to bake: %zu bytes, at most %u", len,
                            RECO_BAKE_MAX_TEXT);
        goto out;
    }
    rc = reco_bake_kind_of(text, len, &kind, err);
    if (rc) {
        /* The text is the caller's argument: a usage error, whatever the scanner said. */
        if (err)
            err->code = RECO_EINVAL;
        rc = RECO_EINVAL;
        goto out;
    }
    if (kind == RECO_BAKE_URL && version == 3)
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "a URL cannot be baked as Open Badges 3.0: 3.0 bakes JSON or "
                            "a compact JWS");
    if (!rc && kindp)
        *kindp = kind;
out:
    return rc;
}

static bool is_ob2_context(const json_t *v)
{
    const char *s = json_string_value(v);
    /* 2.0 and the 1.x contexts all live under https://w3id.org/openbadges (OB 2.0 §JSON-LD). */
    return s && (strcmp(s, "https://w3id.org/openbadges/v2") == 0 ||
                 strncmp(s, "https://w3id.org/openbadges/v1", 30) == 0);
}

static int version_of_json(const char *p, size_t n)
{
    int version = 3;
    json_t *doc = json_loadb(p, n, JSON_REJECT_DUPLICATES, NULL);
    json_t *ctx = json_object_get(doc, "@context");
    if (is_ob2_context(ctx)) {
        version = 2;
    } else if (json_is_array(ctx)) {
        size_t i;
        json_t *v;
        json_array_foreach(ctx, i, v)
        {
            if (is_ob2_context(v))
                version = 2;
        }
    }
    json_decref(doc);
    return version;
}

int reco_bake_guess_version(const char *text, size_t len)
{
    int version = 3;
    reco_bake_kind kind;
    reco_buf payload;
    reco_buf_init(&payload, RECO_BAKE_MAX_TEXT);
    if (!text || len > RECO_BAKE_MAX_TEXT || reco_bake_kind_of(text, len, &kind, NULL))
        goto out;
    if (kind == RECO_BAKE_URL) {
        version = 2;
    } else if (kind == RECO_BAKE_JSON) {
        version = version_of_json(text, len);
    } else {
        /* The JWS payload: between the two dots (RFC 7515 §7.1). */
        size_t s = 0, e;
        while (text[s] != '.')
            s++;
        e = s + 1;
        while (text[e] != '.')
            e++;
        if (reco_base64url_decode(text + s + 1, e - s - 1, &payload, NULL) == RECO_OK)
            version = version_of_json(payload.data, payload.len);
    }
out:
    reco_buf_release(&payload);
    return version;
}

reco_code reco_bake(const void *img, size_t n, const char *text, size_t len, int version,
                    reco_buf *out, reco_error *err)
{
    reco_code rc;
    switch (reco_bake_detect(img, n)) {
    case RECO_BAKE_PNG:
        rc = reco_bake_png(img, n, text, len, version, out, err);
        break;
    case RECO_BAKE_SVG:
        rc = reco_bake_svg(img, n, text, len, version, out, err);
        break;
    default:
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "image is neither PNG nor SVG: only those can be baked");
        break;
    }
    return rc;
}

reco_code reco_extract(const void *img, size_t n, reco_baked *out, reco_error *err)
{
    reco_code rc;
    switch (reco_bake_detect(img, n)) {
    case RECO_BAKE_PNG:
        rc = reco_extract_png(img, n, out, err);
        break;
    case RECO_BAKE_SVG:
        rc = reco_extract_svg(img, n, out, err);
        break;
    default:
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "image is neither PNG nor SVG: no baked credential to extract");
        break;
    }
    return rc;
}
