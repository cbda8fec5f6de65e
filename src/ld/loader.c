/*
 * loader.c - the JSON-LD document loader (JSON-LD 1.1 API §9.4 LoadDocumentCallback).
 *
 * Verification is offline first: a URL is answered from the contexts compiled into the binary
 * (cmake/contexts.cmake, docs/contexts.md), then from local folders mapped to URL prefixes
 * (the test suites' --map), and only then, when the caller allowed it, through a fetch callback
 * supplied by a higher layer, within a count and a size budget. Anything else is refused with
 * the JSON-LD error "loading document failed" (§9.5) leading the message, so that callers can
 * report it as that error code.
 *
 * Each document is parsed once per loader and cached; the pointer handed out stays valid until
 * reco_ld_loader_free.
 */
#include "reco/json.h"
#include "reco/ld.h"
#include "ld/ld_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_MAPS          16
#define DEFAULT_MAX_DOCS  32
#define DEFAULT_MAX_BYTES (1024u * 1024u)
/* Mapped files are local test data, trusted more than the network but still capped. */
#define MAP_MAX_BYTES RECO_JSON_DEFAULT_MAX_BYTES

typedef struct map_entry {
    char *prefix;
    size_t prefix_len;
    char *dir;
} map_entry;

/* A document that did not come from the bundled table. */
typedef struct cached_doc {
    struct cached_doc *next;
    char *url;
    char *final_url; /* after redirects, when a fetch was redirected; else NULL */
    json_t *doc;
} cached_doc;

struct reco_ld_loader {
    json_t **bundled_docs; /* parsed bundled contexts, indexed like reco_ld_bundled_list */
    size_t nbundled;
    map_entry maps[MAX_MAPS];
    size_t nmaps;
    reco_ld_fetch_fn fetch;
    void *fetch_ctx;
    size_t max_docs;
    size_t max_bytes;
    size_t fetched; /* fetch attempts so far, failed ones included */
    cached_doc *cache;
    reco_ld_cache *contexts; /* processed contexts (context.c), made on first use */
};

static int cmp_bundled(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const reco_ld_bundled *)elem)->url);
}

const reco_ld_bundled *reco_ld_bundled_find(const char *url)
{
    size_t n = 0;
    const reco_ld_bundled *list = reco_ld_bundled_list(&n);
    if (!url || !list || n == 0)
        return NULL;
    /* The generator sorts the table by URL in strcmp order. */
    return bsearch(url, list, n, sizeof *list, cmp_bundled);
}

reco_ld_loader *reco_ld_loader_new(void)
{
    reco_ld_loader *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    reco_ld_bundled_list(&l->nbundled);
    if (l->nbundled) {
        l->bundled_docs = calloc(l->nbundled, sizeof *l->bundled_docs);
        if (!l->bundled_docs) {
            free(l);
            return NULL;
        }
    }
    return l;
}

void reco_ld_loader_free(reco_ld_loader *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nbundled; i++)
        json_decref(l->bundled_docs[i]);
    free(l->bundled_docs);
    for (size_t i = 0; i < l->nmaps; i++) {
        free(l->maps[i].prefix);
        free(l->maps[i].dir);
    }
    reco_ld_cache_free(l->contexts);
    cached_doc *c = l->cache;
    while (c) {
        cached_doc *next = c->next;
        free(c->url);
        free(c->final_url);
        json_decref(c->doc);
        free(c);
        c = next;
    }
    free(l);
}

reco_code reco_ld_loader_map(reco_ld_loader *l, const char *prefix, const char *dir,
                             reco_error *err)
{
    reco_code rc = RECO_OK;
    map_entry *m;
    if (!l || !prefix || !dir || !*prefix || !*dir) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "map needs a non-empty prefix and folder");
        goto out;
    }
    if (l->nmaps == MAX_MAPS) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "too many maps (at most %d)", MAX_MAPS);
        goto out;
    }
    m = &l->maps[l->nmaps];
    m->prefix = strdup(prefix);
    m->dir = strdup(dir);
    if (!m->prefix || !m->dir) {
        free(m->prefix);
        free(m->dir);
        m->prefix = m->dir = NULL;
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory adding a map");
        goto out;
    }
    m->prefix_len = strlen(prefix);
    l->nmaps++;
out:
    return rc;
}

void reco_ld_loader_allow_fetch(reco_ld_loader *l, reco_ld_fetch_fn fetch, void *ctx,
                                size_t max_docs, size_t max_bytes)
{
    if (!l)
        return;
    l->fetch = fetch;
    l->fetch_ctx = ctx;
    l->max_docs = max_docs ? max_docs : DEFAULT_MAX_DOCS;
    l->max_bytes = max_bytes ? max_bytes : DEFAULT_MAX_BYTES;
}

/* Parse text as the document for url; a parse failure is "loading document failed" (§9.5). */
static reco_code parse_doc(const char *url, const char *data, size_t len, size_t max_bytes,
                           json_t **out, reco_error *err)
{
    reco_error perr;
    reco_json_limits lim = {.max_bytes = max_bytes, .max_depth = 0};
    reco_code rc = reco_json_parse(data, len, &lim, out, &perr);
    if (rc)
        rc = reco_error_set(err, rc, NULL, "loading document failed: %s: %s", url, perr.msg);
    return rc;
}

/*
 * The file for the part of url after a map's prefix. The rest is a relative path: no ".."
 * segment (it would leave the folder), no backslash, no leading '/'. A query or fragment is
 * not part of the file name.
 */
static reco_code map_path(const map_entry *m, const char *url, reco_buf *path, reco_error *err)
{
    reco_code rc = RECO_OK;
    const char *rest = url + m->prefix_len;
    size_t n = strcspn(rest, "?#");
    size_t seg = 0;
    if (n == 0 || rest[0] == '/' || memchr(rest, '\\', n)) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL,
                            "loading document failed: %s does not name a file under %s", url,
                            m->dir);
        goto out;
    }
    /* Walk the segments: "a/../b", "..", "a/.." are all refused. */
    for (size_t i = 0; i <= n; i++) {
        if (i == n || rest[i] == '/') {
            if (i - seg == 2 && rest[seg] == '.' && rest[seg + 1] == '.') {
                rc = reco_error_set(err, RECO_EINVAL, NULL,
                                    "loading document failed: %s has a '..' segment", url);
                goto out;
            }
            seg = i + 1;
        }
    }
    rc = reco_buf_puts(path, m->dir);
    if (!rc && (path->len == 0 || path->data[path->len - 1] != '/'))
        rc = reco_buf_putc(path, '/');
    if (!rc)
        rc = reco_buf_append(path, rest, n);
    if (rc)
        rc = reco_error_set(err, rc, NULL, "loading document failed: path for %s too long", url);
out:
    return rc;
}

static reco_code load_mapped(const map_entry *m, const char *url, json_t **out, reco_error *err)
{
    reco_code rc;
    reco_buf path, body;
    reco_error ferr;
    reco_buf_init(&path, 4096);
    reco_buf_init(&body, 0);
    rc = map_path(m, url, &path, err);
    if (rc)
        goto out;
    rc = reco_file_read(path.data, MAP_MAX_BYTES, &body, &ferr);
    if (rc) {
        if (rc == RECO_EIO)
            rc = RECO_ENOTFOUND;
        rc = reco_error_set(err, rc, NULL, "loading document failed: %s: %s", url, ferr.msg);
        goto out;
    }
    rc = parse_doc(url, body.data, body.len, MAP_MAX_BYTES, out, err);
out:
    reco_buf_release(&path);
    reco_buf_release(&body);
    return rc;
}

static reco_code load_fetched(reco_ld_loader *l, const char *url, json_t **out,
                              char **final_url_out, reco_error *err)
{
    reco_code rc;
    reco_buf body;
    char *final_url = NULL;
    reco_error ferr;
    reco_error_clear(&ferr);
    /* The buffer's cap enforces max_bytes; the length is checked again after the call. */
    reco_buf_init(&body, l->max_bytes);
    if (l->fetched >= l->max_docs) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL,
                            "loading document failed: %s: more than %zu remote documents", url,
                            l->max_docs);
        goto out;
    }
    /* Count attempts, not successes: failures must not buy unlimited retries. */
    l->fetched++;
    rc = l->fetch(l->fetch_ctx, url, &body, &final_url, &ferr);
    if (!rc && body.len > l->max_bytes)
        rc = RECO_ELIMIT;
    if (rc == RECO_ELIMIT) {
        rc = reco_error_set(err, rc, NULL, "loading document failed: %s is larger than %zu bytes",
                            url, l->max_bytes);
        goto out;
    }
    if (rc) {
        rc = reco_error_set(err, rc, NULL, "loading document failed: %s: %s", url,
                            ferr.msg[0] ? ferr.msg : reco_code_name(rc));
        goto out;
    }
    rc = parse_doc(url, body.data ? body.data : "", body.len, l->max_bytes, out, err);
    /* Kept only when it differs: it becomes the documentUrl (JSON-LD 1.1 API §9.4.1). */
    if (!rc && final_url && strcmp(final_url, url) != 0) {
        *final_url_out = final_url;
        final_url = NULL;
    }
out:
    free(final_url);
    reco_buf_release(&body);
    return rc;
}

static const map_entry *find_map(const reco_ld_loader *l, const char *url)
{
    /* The longest prefix wins, so a specific map can override a broader one. */
    const map_entry *best = NULL;
    for (size_t i = 0; i < l->nmaps; i++) {
        const map_entry *m = &l->maps[i];
        if (strncmp(url, m->prefix, m->prefix_len) == 0 &&
            (!best || m->prefix_len > best->prefix_len))
            best = m;
    }
    return best;
}

reco_code reco_ld_loader_load(reco_ld_loader *l, const char *url, const json_t **doc,
                              reco_error *err)
{
    return reco_ld_loader_load_remote(l, url, doc, NULL, err);
}

reco_code reco_ld_loader_load_remote(reco_ld_loader *l, const char *url, const json_t **doc,
                                     const char **document_url, reco_error *err)
{
    reco_code rc = RECO_OK;
    const reco_ld_bundled *b;
    const map_entry *m;
    cached_doc *c = NULL;
    json_t *parsed = NULL;
    char *final_url = NULL;

    if (!l || !url || !doc) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "loading document failed: no loader or url");
        goto out;
    }
    *doc = NULL;
    if (document_url)
        *document_url = NULL;

    b = reco_ld_bundled_find(url);
    if (b) {
        size_t n;
        size_t i = (size_t)(b - reco_ld_bundled_list(&n));
        RECO_ASSERT(i < l->nbundled);
        if (!l->bundled_docs[i]) {
            /* Bundled data was checked at build time, but parse it with the usual limits. */
            rc = parse_doc(url, b->data, b->len, 0, &l->bundled_docs[i], err);
            if (rc)
                goto out;
        }
        *doc = l->bundled_docs[i];
        if (document_url)
            *document_url = b->url;
        goto out;
    }

    for (c = l->cache; c; c = c->next) {
        if (strcmp(c->url, url) == 0) {
            *doc = c->doc;
            if (document_url)
                *document_url = c->final_url ? c->final_url : c->url;
            goto out;
        }
    }

    m = find_map(l, url);
    if (m) {
        rc = load_mapped(m, url, &parsed, err);
    } else if (l->fetch) {
        rc = load_fetched(l, url, &parsed, &final_url, err);
    } else {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL,
                            "loading document failed: %s is not a bundled context and fetching "
                            "is not allowed",
                            url);
    }
    if (rc)
        goto out;

    c = calloc(1, sizeof *c);
    if (c)
        c->url = strdup(url);
    if (!c || !c->url) {
        free(c);
        rc = reco_error_set(err, RECO_ENOMEM, NULL,
                            "loading document failed: out of memory caching %s", url);
        goto out;
    }
    c->doc = parsed;
    c->final_url = final_url;
    parsed = NULL;
    final_url = NULL;
    c->next = l->cache;
    l->cache = c;
    *doc = c->doc;
    if (document_url)
        *document_url = c->final_url ? c->final_url : c->url;
out:
    json_decref(parsed);
    free(final_url);
    return rc;
}

reco_ld_cache *reco_ld_loader_contexts(reco_ld_loader *l)
{
    if (!l->contexts)
        l->contexts = reco_ld_cache_new(0);
    return l->contexts;
}
