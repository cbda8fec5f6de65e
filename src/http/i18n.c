/*
 * i18n.c - languages of the web pages (src/http/i18n.h): the gettext PO reader, the
 * catalogues embedded from po/ (cmake/web.cmake) parsed once, the choice of a request's
 * language, and dates and numbers written the way each language writes them.
 */
#include "http/i18n.h"
#include "http/web_assets.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const codes[RECO_LANG_COUNT] = {"fr", "en"};

const char *reco_i18n_code(reco_lang lang)
{
    return lang < RECO_LANG_COUNT ? codes[lang] : codes[RECO_LANG_DEFAULT];
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_alpha(char c)
{
    c = lower(c);
    return c >= 'a' && c <= 'z';
}

bool reco_i18n_parse_code(const char *s, size_t n, reco_lang *out)
{
    if (!s || n < 2 || !is_alpha(s[0]) || !is_alpha(s[1]) || (n > 2 && s[2] != '-' && s[2] != '_'))
        return false;
    for (size_t i = 3; i < n; i++)
        if (!is_alpha(s[i]) && !(s[i] >= '0' && s[i] <= '9') && s[i] != '-' && s[i] != '_')
            return false;
    for (int l = 0; l < RECO_LANG_COUNT; l++) {
        if (lower(s[0]) == codes[l][0] && lower(s[1]) == codes[l][1]) {
            *out = (reco_lang)l;
            return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------------- negotiation */

static bool ows(char c)
{
    return c == ' ' || c == '\t';
}

/* RFC 9110 §12.4.2 qvalue: "0" ["." 0-3 digits] / "1" ["." 0-3 zeros], as thousandths. */
static int parse_q(const char *s, size_t n)
{
    if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1'))
        return -1;
    int q = (s[0] - '0') * 1000;
    if (n == 1)
        return q;
    if (s[1] != '.')
        return -1;
    int scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        q += (s[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

static bool accept_language_choose(const char *h, reco_lang *out)
{
    size_t n = strnlen(h, RECO_I18N_MAX_ACCEPT);
    int best_q[RECO_LANG_COUNT], star_q = -1;
    int ranges = 0;
    for (int l = 0; l < RECO_LANG_COUNT; l++)
        best_q[l] = -1;
    int order[RECO_LANG_COUNT], norder = 0; /* languages in the order they first appear */
    size_t i = 0;
    while (i < n && ranges < RECO_I18N_MAX_RANGES) {
        size_t start = i;
        while (i < n && h[i] != ',')
            i++;
        size_t end = i++;
        ranges++;
        /* One range: tag *( OWS ";" OWS param ) */
        size_t a = start;
        while (a < end && ows(h[a]))
            a++;
        size_t t = a;
        while (t < end && h[t] != ';' && !ows(h[t]))
            t++;
        const char *tag = h + a;
        size_t ntag = t - a;
        int q = 1000;
        bool bad = ntag == 0 || ntag > 35;
        while (!bad && t < end) {
            while (t < end && ows(h[t]))
                t++;
            if (t == end)
                break;
            if (h[t] != ';') {
                bad = true;
                break;
            }
            t++;
            while (t < end && ows(h[t]))
                t++;
            size_t p = t;
            while (t < end && h[t] != ';' && !ows(h[t]))
                t++;
            if (t - p >= 2 && lower(h[p]) == 'q' && h[p + 1] == '=') {
                q = parse_q(h + p + 2, t - p - 2);
                if (q < 0)
                    bad = true;
            }
        }
        if (bad)
            continue;
        reco_lang l;
        if (ntag == 1 && tag[0] == '*') {
            if (star_q < 0)
                star_q = q;
        } else if (reco_i18n_parse_code(tag, ntag, &l)) {
            if (best_q[l] < 0) { /* the first range naming the language decides its q */
                best_q[l] = q;
                order[norder++] = (int)l;
            }
        }
    }
    int chosen = -1, cq = 0;
    for (int k = 0; k < norder; k++) {
        if (best_q[order[k]] > cq) {
            cq = best_q[order[k]];
            chosen = order[k];
        }
    }
    /* "*" stands for every language not named, the default first. */
    if (star_q > cq) {
        if (best_q[RECO_LANG_DEFAULT] < 0) {
            chosen = RECO_LANG_DEFAULT;
        } else {
            for (int l = 0; l < RECO_LANG_COUNT; l++) {
                if (best_q[l] < 0) {
                    chosen = l;
                    break;
                }
            }
        }
    }
    if (chosen < 0)
        return false;
    *out = (reco_lang)chosen;
    return true;
}

/* The value of the cookie "lang" in a Cookie header (RFC 6265 §4.2.1: "a=b; lang=fr"). */
static bool lang_cookie(const char *h, reco_lang *out)
{
    size_t n = strnlen(h, RECO_I18N_MAX_COOKIE);
    size_t i = 0;
    while (i < n) {
        while (i < n && (ows(h[i]) || h[i] == ';'))
            i++;
        size_t name = i;
        while (i < n && h[i] != '=' && h[i] != ';')
            i++;
        size_t name_end = i;
        while (name_end > name && ows(h[name_end - 1]))
            name_end--;
        if (i >= n || h[i] != '=')
            continue;
        size_t v = ++i;
        while (i < n && h[i] != ';')
            i++;
        size_t v_end = i;
        while (v < v_end && ows(h[v]))
            v++;
        while (v_end > v && ows(h[v_end - 1]))
            v_end--;
        if (v_end - v >= 2 && h[v] == '"' && h[v_end - 1] == '"') {
            v++;
            v_end--;
        }
        if (name_end - name == 4 && memcmp(h + name, "lang", 4) == 0 &&
            reco_i18n_parse_code(h + v, v_end - v, out))
            return true;
    }
    return false;
}

reco_lang reco_i18n_negotiate(const char *cookie, const char *accept_language,
                              const char *user_pref)
{
    reco_lang l;
    if (user_pref && reco_i18n_parse_code(user_pref, strlen(user_pref), &l))
        return l;
    if (cookie && lang_cookie(cookie, &l))
        return l;
    if (accept_language && accept_language_choose(accept_language, &l))
        return l;
    return RECO_LANG_DEFAULT;
}

/* ---------------------------------------------------------------- PO reader */

enum { F_NONE, F_CTX, F_ID, F_PLURAL, F_STR0, F_STR1, F_IGNORED, F_COUNT };

typedef struct po_state {
    reco_buf f[F_COUNT];
    bool has_ctx, has_id, has_str, fuzzy;
    int field;
    reco_po_entry *list;
    size_t n, cap;
    reco_arena *a;
} po_state;

static void po_reset(po_state *s)
{
    for (int i = 0; i < F_COUNT; i++)
        reco_buf_clear(&s->f[i]);
    s->has_ctx = s->has_id = s->has_str = s->fuzzy = false;
    s->field = F_NONE;
}

static const char *po_copy(po_state *s, int f)
{
    return s->f[f].len ? reco_arena_strndup(s->a, s->f[f].data, s->f[f].len) : NULL;
}

static reco_code po_commit(po_state *s, reco_error *err)
{
    reco_code rc = RECO_OK;
    if (s->has_id && !s->fuzzy && !s->has_ctx && s->f[F_ID].len) {
        if (s->n == RECO_I18N_MAX_PO_ENTRIES) {
            rc = reco_error_set(err, RECO_ELIMIT, NULL, "catalogue has over %d entries",
                                RECO_I18N_MAX_PO_ENTRIES);
            goto out;
        }
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 64;
            reco_po_entry *l = realloc(s->list, cap * sizeof *l);
            if (!l) {
                rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
                goto out;
            }
            s->list = l;
            s->cap = cap;
        }
        reco_po_entry *e = &s->list[s->n];
        e->msgid = po_copy(s, F_ID);
        e->plural = po_copy(s, F_PLURAL);
        e->msgstr[0] = po_copy(s, F_STR0);
        e->msgstr[1] = po_copy(s, F_STR1);
        if (!e->msgid || (s->f[F_PLURAL].len && !e->plural) ||
            (s->f[F_STR0].len && !e->msgstr[0]) || (s->f[F_STR1].len && !e->msgstr[1])) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
        s->n++;
    }
    po_reset(s);
out:
    return rc;
}

/* A quoted string with C escapes, appended to b; only blanks may follow it. */
static reco_code po_string(const char *p, size_t n, reco_buf *b, int line, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t i = 0;
    while (i < n && ows(p[i]))
        i++;
    if (i == n || p[i] != '"')
        return reco_error_set(err, RECO_EPARSE, NULL, "line %d: expected a quoted string", line);
    for (i++; i < n && p[i] != '"' && !rc; i++) {
        char c = p[i];
        if (c == '\\') {
            if (++i == n)
                break;
            switch (p[i]) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case '"':
            case '\\':
                c = p[i];
                break;
            default:
                return reco_error_set(err, RECO_EPARSE, NULL, "line %d: unknown escape \\%c", line,
                                      p[i]);
            }
        } else if ((unsigned char)c < 0x20) {
            return reco_error_set(err, RECO_EPARSE, NULL, "line %d: control byte in a string",
                                  line);
        }
        rc = reco_buf_putc(b, c);
    }
    if (rc)
        return reco_buf_error(rc, b, "catalogue string", err);
    if (i >= n)
        return reco_error_set(err, RECO_EPARSE, NULL, "line %d: unterminated string", line);
    for (i++; i < n; i++)
        if (!ows(p[i]) && p[i] != '\r')
            return reco_error_set(err, RECO_EPARSE, NULL, "line %d: text after the string", line);
    return RECO_OK;
}

static bool keyword(const char **p, size_t *n, const char *kw)
{
    size_t k = strlen(kw);
    if (*n < k || memcmp(*p, kw, k) != 0 ||
        (*n > k && !ows((*p)[k]) && (*p)[k] != '"' && (*p)[k] != '['))
        return false;
    *p += k;
    *n -= k;
    return true;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const reco_po_entry *)a)->msgid, ((const reco_po_entry *)b)->msgid);
}

reco_code reco_po_parse(const char *data, size_t len, reco_po *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    po_state s = {0};
    memset(out, 0, sizeof *out);
    if (len > RECO_I18N_MAX_PO) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "catalogue exceeds the limit of %u bytes",
                            RECO_I18N_MAX_PO);
        goto out;
    }
    for (int i = 0; i < F_COUNT; i++)
        reco_buf_init(&s.f[i], 64u * 1024u);
    s.a = reco_arena_new(0);
    if (!s.a) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    int line = 0;
    for (size_t i = 0; i < len && !rc;) {
        const char *p = data + i;
        const char *nl = memchr(p, '\n', len - i);
        size_t n = nl ? (size_t)(nl - p) : len - i;
        i += n + 1;
        line++;
        while (n && ows(*p)) {
            p++;
            n--;
        }
        while (n && (p[n - 1] == '\r' || ows(p[n - 1])))
            n--;
        if (n == 0)
            continue;
        if (p[0] == '#') {
            if (s.has_str)
                rc = po_commit(&s, err);
            if (n > 1 && p[1] == ',') {
                for (size_t k = 2; k + 5 <= n; k++)
                    if (memcmp(p + k, "fuzzy", 5) == 0)
                        s.fuzzy = true;
            }
            continue;
        }
        if (p[0] == '"') {
            if (s.field == F_NONE)
                rc = reco_error_set(err, RECO_EPARSE, NULL, "line %d: string without a keyword",
                                    line);
            else
                rc = po_string(p, n, &s.f[s.field], line, err);
            continue;
        }
        if (keyword(&p, &n, "msgctxt")) {
            if (s.has_str)
                rc = po_commit(&s, err);
            if (!rc && (s.has_ctx || s.has_id))
                rc = reco_error_set(err, RECO_EPARSE, NULL, "line %d: misplaced msgctxt", line);
            s.has_ctx = true;
            s.field = F_CTX;
        } else if (keyword(&p, &n, "msgid_plural")) {
            if (!s.has_id || s.has_str)
                rc =
                    reco_error_set(err, RECO_EPARSE, NULL, "line %d: misplaced msgid_plural", line);
            s.field = F_PLURAL;
        } else if (keyword(&p, &n, "msgid")) {
            if (s.has_str)
                rc = po_commit(&s, err);
            if (!rc && s.has_id)
                rc = reco_error_set(err, RECO_EPARSE, NULL, "line %d: msgid without msgstr", line);
            s.has_id = true;
            s.field = F_ID;
        } else if (keyword(&p, &n, "msgstr")) {
            int f = F_STR0;
            if (n && p[0] == '[') {
                if (n < 3 || p[1] < '0' || p[1] > '9' || p[2] != ']') {
                    rc = reco_error_set(err, RECO_EPARSE, NULL, "line %d: bad msgstr index", line);
                    continue;
                }
                f = p[1] == '0' ? F_STR0 : p[1] == '1' ? F_STR1 : F_IGNORED;
                p += 3;
                n -= 3;
            }
            if (!s.has_id)
                rc = reco_error_set(err, RECO_EPARSE, NULL, "line %d: msgstr without msgid", line);
            s.has_str = true;
            s.field = f;
        } else {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "line %d: unknown keyword", line);
        }
        if (!rc)
            rc = po_string(p, n, &s.f[s.field], line, err);
    }
    if (!rc && s.has_id && !s.has_str)
        rc = reco_error_set(err, RECO_EPARSE, NULL, "msgid without msgstr at the end");
    if (!rc)
        rc = po_commit(&s, err);
    if (rc)
        goto out;
    if (s.n) {
        qsort(s.list, s.n, sizeof s.list[0], cmp_entry);
        for (size_t k = 1; k < s.n; k++) {
            if (strcmp(s.list[k - 1].msgid, s.list[k].msgid) == 0) {
                rc = reco_error_set(err, RECO_ECONFLICT, NULL, "msgid \"%.80s\" appears twice",
                                    s.list[k].msgid);
                goto out;
            }
        }
        out->entry = reco_arena_alloc(s.a, s.n * sizeof s.list[0]);
        if (!out->entry) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
        memcpy(out->entry, s.list, s.n * sizeof s.list[0]);
    }
    out->n = s.n;
    out->arena = s.a;
    s.a = NULL;
out:
    for (int i = 0; i < F_COUNT; i++)
        reco_buf_release(&s.f[i]);
    free(s.list);
    reco_arena_free(s.a);
    return rc;
}

void reco_po_release(reco_po *po)
{
    if (!po)
        return;
    reco_arena_free(po->arena);
    memset(po, 0, sizeof *po);
}

static int cmp_key(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const reco_po_entry *)elem)->msgid);
}

const reco_po_entry *reco_po_find(const reco_po *po, const char *msgid)
{
    if (!po || !po->n || !msgid)
        return NULL;
    return bsearch(msgid, po->entry, po->n, sizeof po->entry[0], cmp_key);
}

/* ---------------------------------------------------------------- the catalogues */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static reco_po catalogue[RECO_LANG_COUNT];
static reco_error init_err;

static void load_catalogues(void)
{
    reco_error_clear(&init_err);
    for (int l = 0; l < RECO_LANG_COUNT && !init_err.code; l++) {
        char path[32];
        snprintf(path, sizeof path, "po/%s.po", codes[l]);
        const web_asset *a = web_asset_find(path);
        reco_error e;
        if (!a)
            reco_error_set(&init_err, RECO_ENOTFOUND, NULL, "catalogue %s is not embedded", path);
        else if (reco_po_parse(a->data, a->len, &catalogue[l], &e))
            reco_error_set(&init_err, e.code, NULL, "%s: %s", path, e.msg);
    }
}

reco_code reco_i18n_init(reco_error *err)
{
    pthread_once(&once, load_catalogues);
    if (init_err.code && err)
        *err = init_err;
    return init_err.code;
}

/* Plural rules of the header "Plural-Forms": fr nplurals=2; plural=(n > 1), en (n != 1). */
static int plural_index(reco_lang lang, long n)
{
    return lang == RECO_LANG_FR ? n > 1 : n != 1;
}

const char *reco_i18n_text(reco_lang lang, const char *msgid)
{
    (void)reco_i18n_init(NULL);
    const reco_po_entry *e = lang < RECO_LANG_COUNT ? reco_po_find(&catalogue[lang], msgid) : NULL;
    return e && e->msgstr[0] ? e->msgstr[0] : msgid;
}

const char *reco_i18n_ntext(reco_lang lang, const char *msgid, const char *plural, long n)
{
    (void)reco_i18n_init(NULL);
    if (lang >= RECO_LANG_COUNT)
        lang = RECO_LANG_DEFAULT;
    int k = plural_index(lang, n);
    const reco_po_entry *e = reco_po_find(&catalogue[lang], msgid);
    if (e && e->msgstr[k])
        return e->msgstr[k];
    /* Untranslated: the English forms of the source, by the English rule. */
    return n != 1 && plural ? plural : msgid;
}

static const char *translate(void *ud, const char *msgid, const char *plural, long n)
{
    reco_lang lang = (reco_lang)(intptr_t)ud;
    return plural ? reco_i18n_ntext(lang, msgid, plural, n) : reco_i18n_text(lang, msgid);
}

reco_mustache_opts reco_i18n_opts(reco_lang lang)
{
    return (reco_mustache_opts){.translate = translate, .translate_ud = (void *)(intptr_t)lang};
}

/* ---------------------------------------------------------------- dates and numbers */

static const char *const months_fr[12] = {"janvier",   "février", "mars",     "avril",
                                          "mai",       "juin",    "juillet",  "août",
                                          "septembre", "octobre", "novembre", "décembre"};
static const char *const months_en[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

reco_code reco_i18n_format_date(reco_lang lang, const reco_time *t, reco_buf *out)
{
    struct tm tm;
    time_t sec = (time_t)t->sec;
    /* Years 1-9999 (reco_time_parse's range). */
    if (t->sec < -62135596800LL || t->sec > 253402300799LL || !gmtime_r(&sec, &tm))
        return RECO_EINVAL;
    int year = tm.tm_year + 1900;
    if (lang == RECO_LANG_EN)
        return reco_buf_printf(out, "%s %d, %d", months_en[tm.tm_mon], tm.tm_mday, year);
    if (tm.tm_mday == 1)
        return reco_buf_printf(out, "1er %s %d", months_fr[tm.tm_mon], year);
    return reco_buf_printf(out, "%d %s %d", tm.tm_mday, months_fr[tm.tm_mon], year);
}

reco_code reco_i18n_format_int(reco_lang lang, long long n, reco_buf *out)
{
    char digits[24];
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    int k = snprintf(digits, sizeof digits, "%llu", u);
    const char *sep = lang == RECO_LANG_EN ? "," : "\xe2\x80\xaf"; /* U+202F */
    reco_code rc = n < 0 ? reco_buf_putc(out, '-') : RECO_OK;
    for (int i = 0; i < k && !rc; i++) {
        if (i > 0 && (k - i) % 3 == 0)
            rc = reco_buf_puts(out, sep);
        if (!rc)
            rc = reco_buf_putc(out, digits[i]);
    }
    return rc;
}
