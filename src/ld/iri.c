/*
 * iri.c - IRI references for JSON-LD: the absolute-IRI test, keywords, and resolution of a
 * reference against a base (RFC 3986 §5.2: the basic algorithm only, no normalisation, as
 * JSON-LD 1.1 API §4.3 step 8 asks).
 */
#include "ld/ld_internal.h"

#include <string.h>

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the scheme of s (RFC 3986 §3.1) when s starts with "scheme:", else 0. */
static size_t scheme_len(const char *s)
{
    if (!is_alpha(s[0]))
        return 0;
    size_t i = 1;
    while (is_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' ||
           s[i] == '.')
        i++;
    return s[i] == ':' ? i : 0;
}

bool reco_ld_iri_is_absolute(const char *s)
{
    if (!s || scheme_len(s) == 0)
        return false;
    /* An IRI has no white space (RFC 3987 §2.2): "http://a/b c" is not one. */
    for (; *s; s++)
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')
            return false;
    return true;
}

bool reco_ld_iri_is_blank(const char *s)
{
    return s && s[0] == '_' && s[1] == ':';
}

static const char *const keywords[] = {
    "@base",       "@container",   "@context",  "@default",  "@direction", "@embed",
    "@explicit",   "@first",       "@graph",    "@id",       "@import",    "@included",
    "@index",      "@json",        "@language", "@list",     "@nest",      "@none",
    "@null",       "@omitDefault", "@prefix",   "@preserve", "@propagate", "@protected",
    "@requireAll", "@reverse",     "@set",      "@type",     "@value",     "@version",
    "@vocab"};

bool reco_ld_is_keyword(const char *s)
{
    if (!s || s[0] != '@')
        return false;
    /* The table is sorted: a binary search, since this runs for every key expanded. */
    size_t lo = 0, hi = sizeof keywords / sizeof keywords[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s, keywords[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool reco_ld_has_keyword_form(const char *s)
{
    if (!s || s[0] != '@' || !s[1])
        return false;
    for (size_t i = 1; s[i]; i++)
        if (!is_alpha(s[i]))
            return false;
    return true;
}

/* The five components of a reference (RFC 3986 §5.2.1); a NULL ptr means undefined. */
typedef struct iri_parts {
    reco_slice scheme, authority, path, query, fragment;
} iri_parts;

static void iri_split(const char *s, iri_parts *p)
{
    memset(p, 0, sizeof *p);
    size_t n = scheme_len(s);
    if (n) {
        p->scheme = (reco_slice){s, n};
        s += n + 1;
    }
    if (s[0] == '/' && s[1] == '/') {
        s += 2;
        size_t a = strcspn(s, "/?#");
        p->authority = (reco_slice){s, a};
        s += a;
    }
    size_t pl = strcspn(s, "?#");
    p->path = (reco_slice){s, pl};
    s += pl;
    if (*s == '?') {
        s++;
        size_t q = strcspn(s, "#");
        p->query = (reco_slice){s, q};
        s += q;
    }
    if (*s == '#') {
        s++;
        p->fragment = (reco_slice){s, strlen(s)};
    }
}

/*
 * remove_dot_segments (RFC 3986 §5.2.4) of in[0..n) into out, which holds at least n + 1
 * bytes; returns the output length. The output buffer works as the stack of segments.
 */
static size_t remove_dots(const char *in, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        const char *s = in + i;
        size_t left = n - i;
        /* A: remove prefix "../" or "./" */
        if (left >= 3 && memcmp(s, "../", 3) == 0) {
            i += 3;
        } else if (left >= 2 && memcmp(s, "./", 2) == 0) {
            i += 2;
            /* B: "/./" or "/." at the end becomes "/" */
        } else if (left >= 3 && memcmp(s, "/./", 3) == 0) {
            i += 2;
        } else if (left == 2 && memcmp(s, "/.", 2) == 0) {
            i += 1;
            out[o++] = '/';
            i += 1;
            /* C: "/../" or "/.." at the end: back up one output segment */
        } else if ((left >= 4 && memcmp(s, "/../", 4) == 0) ||
                   (left == 3 && memcmp(s, "/..", 3) == 0)) {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
            if (left == 3) {
                out[o++] = '/';
                i += 3;
            } else {
                i += 3;
            }
            /* D: "." or ".." alone */
        } else if ((left == 1 && s[0] == '.') || (left == 2 && memcmp(s, "..", 2) == 0)) {
            i += left;
            /* E: move the first segment (with its leading "/") to the output */
        } else {
            size_t k = (s[0] == '/') ? 1 : 0;
            while (k < left && s[k] != '/')
                k++;
            memcpy(out + o, s, k);
            o += k;
            i += k;
        }
    }
    out[o] = '\0';
    return o;
}

static void put(char *dst, size_t *o, reco_slice s)
{
    memcpy(dst + *o, s.ptr, s.len);
    *o += s.len;
}

const char *reco_ld_iri_resolve(reco_arena *a, const char *base, const char *ref)
{
    if (!base || !reco_ld_iri_is_absolute(base))
        return ref;
    iri_parts b, r;
    iri_split(base, &b);
    iri_split(ref, &r);
    size_t cap = strlen(base) + strlen(ref) + 8;
    char *res = reco_arena_alloc(a, cap);
    char *tmp = reco_arena_alloc(a, cap);
    if (!res || !tmp)
        return NULL;
    size_t o = 0;
    reco_slice scheme, authority, query;
    /* The path before remove_dot_segments, built in tmp. */
    size_t tl = 0;
    bool dots = true;

    /* RFC 3986 §5.2.2 */
    if (r.scheme.ptr) {
        scheme = r.scheme;
        authority = r.authority;
        put(tmp, &tl, r.path);
        query = r.query;
    } else {
        scheme = b.scheme;
        if (r.authority.ptr) {
            authority = r.authority;
            put(tmp, &tl, r.path);
            query = r.query;
        } else {
            authority = b.authority;
            if (r.path.len == 0) {
                put(tmp, &tl, b.path);
                query = r.query.ptr ? r.query : b.query;
                dots = false;
            } else {
                if (r.path.ptr[0] != '/') {
                    /* §5.2.3 merge */
                    if (b.authority.ptr && b.path.len == 0) {
                        tmp[tl++] = '/';
                    } else {
                        size_t k = b.path.len;
                        while (k > 0 && b.path.ptr[k - 1] != '/')
                            k--;
                        put(tmp, &tl, (reco_slice){b.path.ptr, k});
                    }
                }
                put(tmp, &tl, r.path);
                query = r.query;
            }
        }
    }
    put(res, &o, scheme);
    res[o++] = ':';
    if (authority.ptr) {
        res[o++] = '/';
        res[o++] = '/';
        put(res, &o, authority);
    }
    if (dots) {
        o += remove_dots(tmp, tl, res + o);
    } else {
        memcpy(res + o, tmp, tl);
        o += tl;
    }
    if (query.ptr) {
        res[o++] = '?';
        put(res, &o, query);
    }
    if (r.fragment.ptr) {
        res[o++] = '#';
        put(res, &o, r.fragment);
    }
    res[o] = '\0';
    return res;
}
