/*
 * parse.c - the server's parsers of outside input: the request path (split and
 * percent-decoded segment by segment, so that an encoded '/' never becomes a separator), the
 * query string, the Accept header (RFC 9110 §12.5.1 with q-values), the bearer token
 * (RFC 6750 §2.1) and Content-Type. Each has hard limits; none allocates outside the arena.
 */
#include "http/http_internal.h"

#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Percent-decode s[0..n) into a new arena string. plus_space: '+' is a space (query strings).
 * what names the input in messages. Refuses bad escapes, NUL and control bytes (decoded or
 * not), and invalid UTF-8. *slash is set when a '/' or '\\' came from an escape.
 */
static reco_code decode(const char *s, size_t n, bool plus_space, reco_arena *a, const char *what,
                        char **out, bool *slash, reco_error *err)
{
    char *d = reco_arena_alloc(a, n + 1);
    size_t j = 0;
    if (!d)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (slash)
        *slash = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return reco_error_set(err, RECO_EINVAL, NULL, "bad %s: bad %%-escape at byte %zu",
                                      what, i);
            c = (unsigned char)(hi * 16 + lo);
            if ((c == '/' || c == '\\') && slash)
                *slash = true;
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (c < 0x20 || c == 0x7f)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad %s: control byte at byte %zu", what,
                                  i);
        d[j++] = (char)c;
    }
    d[j] = '\0';
    if (!reco_utf8_valid(d, j))
        return reco_error_set(err, RECO_EINVAL, NULL, "bad %s: not UTF-8", what);
    *out = d;
    return RECO_OK;
}

reco_code srv_path_parse(const char *raw, size_t n, reco_arena *a, srv_path *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t i = 1;
    out->nseg = 0;
    if (n == 0 || raw[0] != '/')
        return reco_error_set(err, RECO_EINVAL, NULL, "bad path: it must start with '/'");
    if (n > SRV_MAX_PATH)
        return reco_error_set(err, RECO_EINVAL, NULL, "bad path: longer than %d bytes",
                              SRV_MAX_PATH);
    while (i < n) {
        size_t start = i;
        char *seg = NULL;
        bool slash = false;
        while (i < n && raw[i] != '/')
            i++;
        size_t len = i - start;
        if (len == 0) {
            /* an empty segment: only "/" itself or a trailing '/' */
            if (i < n)
                return reco_error_set(err, RECO_EINVAL, NULL, "bad path: empty segment");
            break;
        }
        if (len > SRV_MAX_SEGMENT * 3)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad path: segment too long");
        if (out->nseg == SRV_MAX_SEGMENTS)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad path: more than %d segments",
                                  SRV_MAX_SEGMENTS);
        if ((rc = decode(raw + start, len, false, a, "path", &seg, &slash, err)))
            return rc;
        if (slash)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad path: encoded slash");
        if (strlen(seg) > SRV_MAX_SEGMENT)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad path: segment too long");
        if (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad path: '.' or '..' segment");
        out->seg[out->nseg++] = seg;
        i++; /* the '/' (or past the end) */
    }
    return rc;
}

reco_code srv_query_parse(const char *raw, size_t n, reco_arena *a, srv_query *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t i = 0;
    out->n = 0;
    if (n > SRV_MAX_QUERY)
        return reco_error_set(err, RECO_EINVAL, NULL, "bad query string: longer than %d bytes",
                              SRV_MAX_QUERY);
    while (i < n) {
        size_t start = i, eq = (size_t)-1;
        char *key = NULL, *val = NULL;
        while (i < n && raw[i] != '&') {
            if (raw[i] == '=' && eq == (size_t)-1)
                eq = i;
            i++;
        }
        size_t end = i++;
        if (end == start)
            continue; /* "a=1&&b=2" */
        size_t kend = eq == (size_t)-1 ? end : eq;
        if (kend == start)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad query string: empty name");
        if (kend - start > SRV_MAX_QUERY_KEY * 3)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad query string: name too long");
        if (out->n == SRV_MAX_QUERY_ARGS)
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "bad query string: more than %d parameters", SRV_MAX_QUERY_ARGS);
        if ((rc = decode(raw + start, kend - start, true, a, "query string", &key, NULL, err)))
            return rc;
        if (eq == (size_t)-1)
            val = reco_arena_strdup(a, "");
        else if ((rc =
                      decode(raw + eq + 1, end - eq - 1, true, a, "query string", &val, NULL, err)))
            return rc;
        if (!val)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        if (strlen(key) > SRV_MAX_QUERY_KEY || strlen(val) > SRV_MAX_QUERY_VALUE)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad query string: '%.40s' too long",
                                  key);
        if (srv_query_get(out, key))
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "bad query string: '%.40s' given more than once", key);
        out->arg[out->n].key = key;
        out->arg[out->n].value = val;
        out->n++;
    }
    return rc;
}

const char *srv_query_get(const srv_query *q, const char *key)
{
    for (size_t i = 0; i < q->n; i++)
        if (strcmp(q->arg[i].key, key) == 0)
            return q->arg[i].value;
    return NULL;
}

/* ---------------------------------------------------------------- Accept */

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, const char **e)
{
    while (*s < *e && is_ows(**s))
        (*s)++;
    while (*e > *s && is_ows((*e)[-1]))
        (*e)--;
}

static bool is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* q-value of RFC 9110 §12.4.2: "0", "0.d{0,3}", "1", "1.0{0,3}"; -1 when malformed. */
static int parse_q(const char *s, const char *e)
{
    int v = 0, digits = 0;
    if (s == e || (*s != '0' && *s != '1'))
        return -1;
    v = (*s - '0') * 1000;
    s++;
    if (s == e)
        return v;
    if (*s++ != '.')
        return -1;
    for (int scale = 100; s < e; s++, scale /= 10) {
        if (*s < '0' || *s > '9' || ++digits > 3)
            return -1;
        v += (*s - '0') * scale;
    }
    return v > 1000 ? -1 : v;
}

typedef struct accept_range {
    const char *type, *sub; /* not NUL-terminated */
    size_t tlen, slen;
    int q; /* 0..1000 */
} accept_range;

/* Parse one range "type/sub;p=v;q=0.5" in s..e; false when malformed. */
static bool parse_range(const char *s, const char *e, accept_range *r)
{
    const char *semi = memchr(s, ';', (size_t)(e - s));
    const char *me = semi ? semi : e;
    trim(&s, &me);
    const char *slash = memchr(s, '/', (size_t)(me - s));
    if (!slash || slash == s || slash + 1 == me)
        return false;
    for (const char *p = s; p < me; p++)
        if (p != slash && !is_tchar(*p))
            return false;
    r->type = s;
    r->tlen = (size_t)(slash - s);
    r->sub = slash + 1;
    r->slen = (size_t)(me - slash - 1);
    r->q = 1000;
    if (r->tlen == 1 && r->type[0] == '*' && !(r->slen == 1 && r->sub[0] == '*'))
        return false; /* "* /html" */
    while (semi) {
        const char *ps = semi + 1;
        semi = memchr(ps, ';', (size_t)(e - ps));
        const char *pe = semi ? semi : e;
        trim(&ps, &pe);
        if (pe - ps >= 2 && (ps[0] == 'q' || ps[0] == 'Q') && ps[1] == '=') {
            int q = parse_q(ps + 2, pe);
            if (q < 0)
                return false;
            r->q = q;
            break; /* accept-ext after q is ignored */
        }
    }
    return true;
}

/* Specificity of range r for offer "type/sub": 3 exact, 2 type/ *, 1 * / *, 0 no match. */
static int range_matches(const accept_range *r, const char *offer)
{
    const char *slash = strchr(offer, '/');
    size_t tl = (size_t)(slash - offer);
    const char *sub = slash + 1;
    if (r->tlen == 1 && r->type[0] == '*')
        return 1;
    if (r->tlen != tl || strncasecmp(r->type, offer, tl) != 0)
        return 0;
    if (r->slen == 1 && r->sub[0] == '*')
        return 2;
    if (r->slen != strlen(sub) || strncasecmp(r->sub, sub, r->slen) != 0)
        return 0;
    return 3;
}

int srv_accept_choose(const char *accept, const char *const *offers, size_t noffers)
{
    accept_range ranges[SRV_MAX_ACCEPT_RANGES];
    size_t nr = 0;
    int best = -1, best_q = 0;
    if (noffers == 0)
        return -1;
    if (!accept)
        return 0;
    size_t len = strnlen(accept, SRV_MAX_ACCEPT);
    const char *s = accept, *end = accept + len;
    while (s < end && nr < SRV_MAX_ACCEPT_RANGES) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *e = comma ? comma : end;
        const char *ts = s, *te = e;
        trim(&ts, &te);
        if (ts < te && parse_range(ts, te, &ranges[nr]))
            nr++;
        s = comma ? comma + 1 : end;
    }
    if (nr == 0)
        return 0; /* empty or nothing readable: as if absent */
    for (size_t o = 0; o < noffers; o++) {
        int spec = 0, q = 0;
        for (size_t i = 0; i < nr; i++) {
            int m = range_matches(&ranges[i], offers[o]);
            if (m > spec) {
                spec = m;
                q = ranges[i].q;
            }
        }
        if (spec > 0 && q > best_q) {
            best_q = q;
            best = (int)o;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- headers */

bool srv_bearer_token(const char *header, char *out, size_t cap)
{
    size_t n = 0;
    if (!header || strncasecmp(header, "Bearer", 6) != 0 || !is_ows(header[6]))
        return false;
    const char *p = header + 6;
    while (is_ows(*p))
        p++;
    const char *t = p;
    /* b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           (*p && strchr("-._~+/", *p)))
        p++;
    while (*p == '=')
        p++;
    n = (size_t)(p - t);
    while (is_ows(*p))
        p++;
    if (*p != '\0' || n == 0 || n > SRV_MAX_TOKEN || n + 1 > cap)
        return false;
    memcpy(out, t, n);
    out[n] = '\0';
    return true;
}

bool srv_content_type_is(const char *header, const char *mime)
{
    if (!header)
        return false;
    size_t hl = strnlen(header, 256);
    const char *e = memchr(header, ';', hl);
    const char *s = header;
    if (!e)
        e = header + hl;
    trim(&s, &e);
    size_t n = (size_t)(e - s), ml = strlen(mime);
    if (n == ml && strncasecmp(s, mime, n) == 0)
        return true;
    if (strcmp(mime, "application/json") == 0 && n > 17 &&
        strncasecmp(s, "application/", 12) == 0 && strncasecmp(e - 5, "+json", 5) == 0) {
        for (const char *p = s; p < e; p++)
            if (!is_tchar(*p) && *p != '/')
                return false;
        return true;
    }
    return false;
}
