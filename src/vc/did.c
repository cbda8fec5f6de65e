/*
 * did.c - verification method resolution: did:key, did:jwk, did:web (DID documents fetched over
 * https) and https URLs (controlled identifier documents, issuer profiles, key documents), with
 * an in-memory cache of fetched documents shared by threads. The key comes out of a document
 * through reco_vcjwt_key_from_document (jose.h), so VC-JWT kids and Data Integrity methods
 * follow the same rules; this file adds the fetching, the caching and who controls the key.
 */
#include "reco/did.h"
#include "reco/http.h"
#include "reco/jose.h"
#include "reco/json.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_TTL       300
#define DEFAULT_ENTRIES   256
#define DEFAULT_DOC_BYTES (1024u * 1024u)
#define MAX_DID_JWK       4096
#define MAX_URL           2048

typedef struct cache_entry {
    char *url;
    char *body;
    size_t len;
    int64_t expires; /* monotonic seconds */
    uint64_t stamp;  /* insertion order: the oldest is replaced first */
} cache_entry;

struct reco_did_resolver {
    reco_did_options o;
    reco_http_opts http;
    pthread_mutex_t mu; /* guards cache, stamp, fetches */
    cache_entry *cache;
    uint64_t stamp;
    size_t fetches;
};

static int64_t mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

reco_code reco_did_resolver_new(const reco_did_options *opt, reco_did_resolver **out,
                                reco_error *err)
{
    reco_did_resolver *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (opt)
        r->o = *opt;
    if (r->o.cache_ttl_sec == 0)
        r->o.cache_ttl_sec = DEFAULT_TTL;
    if (r->o.cache_entries == 0)
        r->o.cache_entries = DEFAULT_ENTRIES;
    if (r->o.max_doc_bytes == 0)
        r->o.max_doc_bytes = DEFAULT_DOC_BYTES;
    r->http.timeout_ms = r->o.timeout_ms;
    r->http.max_bytes = r->o.max_doc_bytes;
    r->http.allow_private_network = r->o.allow_private_network;
    if (r->o.cache_ttl_sec > 0) {
        r->cache = calloc(r->o.cache_entries, sizeof *r->cache);
        if (!r->cache) {
            free(r);
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        }
    }
    pthread_mutex_init(&r->mu, NULL);
    *out = r;
    return RECO_OK;
}

void reco_did_resolver_free(reco_did_resolver *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->cache && i < r->o.cache_entries; i++) {
        free(r->cache[i].url);
        free(r->cache[i].body);
    }
    free(r->cache);
    pthread_mutex_destroy(&r->mu);
    free(r);
}

size_t reco_did_resolver_fetches(const reco_did_resolver *r)
{
    size_t n;
    pthread_mutex_lock((pthread_mutex_t *)&r->mu);
    n = r->fetches;
    pthread_mutex_unlock((pthread_mutex_t *)&r->mu);
    return n;
}

void reco_did_method_release(reco_did_method *m)
{
    if (!m)
        return;
    reco_key_free(m->key);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- cache */

/* A copy of the cached body of url into body; false when absent or stale. */
static bool cache_get(reco_did_resolver *r, const char *url, reco_buf *body)
{
    bool hit = false;
    if (!r->cache)
        return false;
    int64_t now = mono_now();
    pthread_mutex_lock(&r->mu);
    for (size_t i = 0; i < r->o.cache_entries && !hit; i++) {
        cache_entry *e = &r->cache[i];
        if (e->url && strcmp(e->url, url) == 0 && e->expires > now)
            hit = reco_buf_append(body, e->body, e->len) == RECO_OK;
    }
    pthread_mutex_unlock(&r->mu);
    return hit;
}

static void cache_put(reco_did_resolver *r, const char *url, const reco_buf *body)
{
    if (!r->cache)
        return;
    char *u = strdup(url);
    char *b = malloc(body->len + 1);
    if (!u || !b) {
        free(u);
        free(b);
        return; /* a cache that cannot grow is only slower */
    }
    memcpy(b, body->data ? body->data : "", body->len);
    b[body->len] = '\0';
    pthread_mutex_lock(&r->mu);
    /* The entry of this url, else an empty one, else the oldest. */
    cache_entry *slot = NULL;
    for (size_t i = 0; i < r->o.cache_entries && !slot; i++)
        if (r->cache[i].url && strcmp(r->cache[i].url, url) == 0)
            slot = &r->cache[i];
    for (size_t i = 0; i < r->o.cache_entries && !slot; i++)
        if (!r->cache[i].url)
            slot = &r->cache[i];
    if (!slot) {
        slot = &r->cache[0];
        for (size_t i = 1; i < r->o.cache_entries; i++)
            if (r->cache[i].stamp < slot->stamp)
                slot = &r->cache[i];
    }
    free(slot->url);
    free(slot->body);
    slot->url = u;
    slot->body = b;
    slot->len = body->len;
    slot->expires = mono_now() + r->o.cache_ttl_sec;
    slot->stamp = ++r->stamp;
    pthread_mutex_unlock(&r->mu);
}

/* ---------------------------------------------------------------- fetching */

static bool is_loopback_host(const char *h, size_t n)
{
    return (n == 9 && memcmp(h, "localhost", 9) == 0) || (n >= 4 && memcmp(h, "127.", 4) == 0) ||
           (n == 5 && memcmp(h, "[::1]", 5) == 0);
}

/* RFC 3986 unreserved and pct-encoded characters, as a did:web segment may hold. */
static bool segment_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '%';
}

reco_code reco_did_web_url(const char *did, bool http_loopback, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    const char *p, *end;
    size_t start = out->len;
    if (!did || strncmp(did, "did:web:", 8) != 0)
        return reco_error_set(err, RECO_EINVAL, NULL, "not a did:web DID: %.80s", did ? did : "");
    p = did + 8;
    end = p + strlen(p);
    if ((size_t)(end - p) > MAX_URL)
        return reco_error_set(err, RECO_ELIMIT, NULL, "did:web DID longer than %d bytes", MAX_URL);
    /* did:web §3.2 step 1-2: the method-specific id, ':' separating host and path segments. */
    const char *colon = strchr(p, ':');
    const char *hend = colon ? colon : end;
    if (hend == p)
        return reco_error_set(err, RECO_EINVAL, NULL, "did:web DID has no host: %.80s", did);
    /* The host: letters, digits, '-', '.', and "%3A" for the port (§3.2 step 3). */
    char host[300];
    size_t hn = 0;
    for (const char *q = p; q < hend; q++) {
        char c = *q;
        if (c == '%') {
            if (hend - q < 3 || q[1] != '3' || (q[2] != 'A' && q[2] != 'a'))
                return reco_error_set(err, RECO_EINVAL, NULL,
                                      "did:web host has a percent escape other than %%3A: %.80s",
                                      did);
            c = ':';
            q += 2;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '.')) {
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "did:web host has a character that is not allowed: %.80s", did);
        }
        if (hn + 1 >= sizeof host)
            return reco_error_set(err, RECO_ELIMIT, NULL, "did:web host is too long");
        host[hn++] = c;
    }
    host[hn] = '\0';
    if (host[0] == '.' || host[0] == ':' || strstr(host, ".."))
        return reco_error_set(err, RECO_EINVAL, NULL, "did:web host is malformed: %.80s", did);
    size_t name_len = strcspn(host, ":");
    bool http = http_loopback && is_loopback_host(host, name_len);
    if ((rc = reco_buf_printf(out, "%s://%s", http ? "http" : "https", host)))
        goto out;
    if (!colon) {
        rc = reco_buf_puts(out, "/.well-known/did.json");
        goto out;
    }
    /* Path segments: each ':' becomes '/' (§3.2 step 4), then "/did.json" (step 6). */
    for (p = colon + 1;; p++) {
        const char *s = p;
        while (p < end && *p != ':')
            p++;
        if (p == s || (p - s == 2 && s[0] == '.' && s[1] == '.') || (p - s == 1 && s[0] == '.')) {
            reco_error_set(err, RECO_EINVAL, NULL, "did:web DID has an empty or dot segment: %.80s",
                           did);
            out->len = start;
            out->data[start] = '\0';
            return RECO_EINVAL;
        }
        for (const char *q = s; q < p; q++)
            if (!segment_char(*q)) {
                reco_error_set(err, RECO_EINVAL, NULL,
                               "did:web path has a character that is not allowed: %.80s", did);
                out->len = start;
                out->data[start] = '\0';
                return RECO_EINVAL;
            }
        if ((rc = reco_buf_putc(out, '/')) || (rc = reco_buf_append(out, s, (size_t)(p - s))))
            goto out;
        if (p >= end)
            break;
    }
    rc = reco_buf_puts(out, "/did.json");
out:
    if (rc)
        reco_buf_error(rc, out, "did:web URL", err);
    return rc;
}

/* The body at url, from the cache or the fetcher. */
static reco_code fetch_body(reco_did_resolver *r, const char *url, reco_buf *body, reco_error *err)
{
    reco_code rc;
    char *final_url = NULL;
    reco_error e;
    if (r->o.offline)
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "offline: %.120s was not fetched", url);
    if (cache_get(r, url, body))
        return RECO_OK;
    reco_error_clear(&e);
    pthread_mutex_lock(&r->mu);
    r->fetches++;
    pthread_mutex_unlock(&r->mu);
    if (r->o.fetch)
        rc = r->o.fetch(r->o.fetch_ctx, url, body, &final_url, &e);
    else
        rc = reco_http_ld_fetch(&r->http, url, body, &final_url, &e);
    free(final_url);
    if (rc == RECO_ENOMEM)
        return reco_error_set(err, rc, NULL, "out of memory");
    if (rc)
        return reco_error_set(err, rc, NULL, "could not fetch %.100s: %.100s", url, e.msg);
    cache_put(r, url, body);
    return RECO_OK;
}

/* The URL to fetch for a DID or URL: the did:web document URL, or the URL without fragment. */
static reco_code document_url(const reco_did_resolver *r, const char *id, reco_buf *url,
                              reco_error *err)
{
    size_t n = strcspn(id, "#");
    reco_code rc;
    if (n > MAX_URL)
        return reco_error_set(err, RECO_ELIMIT, NULL, "url longer than %d bytes", MAX_URL);
    if (strncmp(id, "did:web:", 8) == 0) {
        char did[MAX_URL + 1];
        memcpy(did, id, n);
        did[n] = '\0';
        if (strchr(did, '?') || strchr(did, '/'))
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "did:web DID URLs with a path or query are not resolved: %.80s",
                                  id);
        return reco_did_web_url(did, r->o.allow_private_network, url, err);
    }
    if (strncmp(id, "https://", 8) != 0 &&
        !(r->o.allow_private_network && strncmp(id, "http://", 7) == 0))
        return reco_error_set(err, RECO_ENOTFOUND, NULL,
                              "cannot resolve %.100s: only did:key, did:jwk, did:web and https "
                              "are resolved",
                              id);
    rc = reco_buf_append(url, id, n);
    return rc ? reco_buf_error(rc, url, "url", err) : RECO_OK;
}

reco_code reco_did_fetch_json(reco_did_resolver *r, const char *url, json_t **doc, reco_error *err)
{
    reco_buf u, body;
    reco_code rc;
    reco_json_limits lim = {.max_bytes = r->o.max_doc_bytes, .max_depth = 32};
    reco_error e;
    *doc = NULL;
    reco_buf_init(&u, MAX_URL + 64);
    reco_buf_init(&body, r->o.max_doc_bytes);
    if ((rc = document_url(r, url, &u, err)))
        goto out;
    if ((rc = fetch_body(r, u.data, &body, err)))
        goto out;
    if ((rc = reco_json_parse(body.data, body.len, &lim, doc, &e)) != RECO_OK) {
        reco_error_set(err, rc, NULL, "the document at %.100s is not acceptable JSON: %.80s",
                       u.data, e.msg);
        goto out;
    }
out:
    reco_buf_release(&u);
    reco_buf_release(&body);
    return rc;
}

/* ---------------------------------------------------------------- did:key, did:jwk */

reco_code reco_did_jwk_key(const char *did, reco_key **out, reco_error *err)
{
    reco_buf raw;
    json_t *jwk = NULL;
    reco_code rc;
    reco_error e;
    *out = NULL;
    if (!did || strncmp(did, "did:jwk:", 8) != 0)
        return reco_error_set(err, RECO_EINVAL, NULL, "not a did:jwk DID: %.80s", did ? did : "");
    size_t n = strcspn(did + 8, "#");
    if (n > MAX_DID_JWK)
        return reco_error_set(err, RECO_ELIMIT, NULL, "did:jwk longer than %d bytes", MAX_DID_JWK);
    reco_buf_init(&raw, MAX_DID_JWK);
    reco_json_limits lim = {.max_bytes = MAX_DID_JWK, .max_depth = 4};
    if (reco_base64url_decode(did + 8, n, &raw, &e) != RECO_OK) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "did:jwk is not base64url: %.100s", e.msg);
        goto out;
    }
    if (reco_json_parse(raw.data, raw.len, &lim, &jwk, &e) != RECO_OK || !json_is_object(jwk)) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "did:jwk does not hold a JSON object");
        goto out;
    }
    /* A JWK document: the jose.h rules refuse private members. */
    rc = reco_vcjwt_key_from_document(jwk, did, out, &e);
    if (rc)
        reco_error_set(err, rc == RECO_ENOMEM ? rc : RECO_EINVAL, NULL, "did:jwk: %.120s", e.msg);
    if (rc && rc != RECO_ENOMEM)
        rc = RECO_EINVAL;
out:
    json_decref(jwk);
    reco_buf_release(&raw);
    return rc;
}

static reco_code copy_str(char *dst, size_t n, const char *src, const char *what, reco_error *err)
{
    size_t len = strlen(src);
    if (len >= n)
        return reco_error_set(err, RECO_ELIMIT, NULL, "%s longer than %zu bytes", what, n - 1);
    memcpy(dst, src, len + 1);
    return RECO_OK;
}

/* ---------------------------------------------------------------- documents */

/* Whether id (absolute, or "#frag" relative to base) names vm. */
static bool names(const char *id, const char *base, const char *vm)
{
    if (!id)
        return false;
    if (strcmp(id, vm) == 0)
        return true;
    if (id[0] != '#' || !base)
        return false;
    size_t n = strlen(base);
    return strncmp(vm, base, n) == 0 && strcmp(vm + n, id) == 0;
}

/* The method object named vm in verificationMethod or embedded in assertionMethod. */
static const json_t *find_method(const json_t *doc, const char *base, const char *vm)
{
    static const char *const lists[] = {"verificationMethod", "assertionMethod"};
    for (size_t l = 0; l < 2; l++) {
        const json_t *a = json_object_get(doc, lists[l]);
        for (size_t i = 0; i < json_array_size(a); i++) {
            const json_t *m = json_array_get(a, i);
            if (json_is_object(m) && names(json_string_value(json_object_get(m, "id")), base, vm))
                return m;
        }
    }
    return NULL;
}

static bool lists_assertion(const json_t *doc, const char *base, const char *vm)
{
    const json_t *am = json_object_get(doc, "assertionMethod");
    for (size_t i = 0; i < json_array_size(am); i++) {
        const json_t *m = json_array_get(am, i);
        const char *id =
            json_is_string(m) ? json_string_value(m) : json_string_value(json_object_get(m, "id"));
        if (names(id, base, vm))
            return true;
    }
    return false;
}

/* The first verification method type of m (a string, or the first of an array). */
static const char *type_of(const json_t *m)
{
    const json_t *t = json_object_get(m, "type");
    return json_is_array(t) ? json_string_value(json_array_get(t, 0)) : json_string_value(t);
}

reco_code reco_did_document_method(const json_t *doc, const char *base, const char *vm,
                                   reco_did_method *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    const json_t *m = NULL;
    json_t *wrap = NULL;
    memset(out, 0, sizeof *out);
    if (!json_is_object(doc) || !base || !vm)
        return reco_error_set(err, RECO_EPARSE, NULL, "the document of %.100s is not an object",
                              vm ? vm : "(none)");
    const char *doc_id = json_string_value(json_object_get(doc, "id"));
    bool is_did = strncmp(base, "did:", 4) == 0;
    const char *self = json_string_value(json_object_get(doc, "publicKeyMultibase"))
                           ? "publicKeyMultibase"
                       : json_object_get(doc, "publicKeyJwk") ? "publicKeyJwk"
                                                              : NULL;
    if (!is_did && self && doc_id && strcmp(doc_id, vm) == 0) {
        /* The document is the method itself (a Multikey or JsonWebKey document, Controlled
         * Identifiers §2.2): its controller must vouch for it, which the caller confirms. */
        const char *ctl = json_string_value(json_object_get(doc, "controller"));
        if (!ctl) {
            rc = reco_error_set(err, RECO_EVERIFY, NULL,
                                "the key document %.100s names no controller", vm);
            goto out;
        }
        if (!(wrap = json_pack("{s:[O]}", "verificationMethod", doc))) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
        if ((rc = reco_vcjwt_key_from_document(wrap, vm, &out->key, err)))
            goto out;
        if ((rc = copy_str(out->controller, sizeof out->controller, ctl, "controller", err)))
            goto out;
        const char *t = type_of(doc);
        if (t && strlen(t) < sizeof out->type)
            memcpy(out->type, t, strlen(t) + 1);
        rc = copy_str(out->id, sizeof out->id, vm, "verification method id", err);
        goto out;
    }
    /* The document must be the one the method's URL names (did:web §3.2 step 7: "the id of
     * the resolved DID document MUST match the DID"). */
    if (doc_id && strcmp(doc_id, base) != 0) {
        rc = reco_error_set(err, RECO_EVERIFY, "/id",
                            "the document of %.100s has the id %.100s, not %.100s", vm, doc_id,
                            base);
        goto out;
    }
    if (is_did && !doc_id) {
        rc = reco_error_set(err, RECO_EVERIFY, "/id", "the DID document of %.100s has no id", base);
        goto out;
    }
    /* The key through jose.h: JWK, JWK Set, or the method of a DID / controlled identifier
     * document (assertionMethod required in DID documents). */
    if ((rc = reco_vcjwt_key_from_document(doc, vm, &out->key, err)))
        goto out;
    m = find_method(doc, doc_id ? doc_id : base, vm);
    if (m) {
        const char *ctl = json_string_value(json_object_get(m, "controller"));
        const char *t = type_of(m);
        if (ctl && strcmp(ctl, base) != 0) {
            rc = reco_error_set(err, RECO_EVERIFY, NULL,
                                "verification method %.100s is controlled by %.100s, not by "
                                "%.100s",
                                vm, ctl, base);
            goto out;
        }
        if (t && strlen(t) < sizeof out->type)
            memcpy(out->type, t, strlen(t) + 1);
        out->assertion_method = lists_assertion(doc, doc_id ? doc_id : base, vm);
    }
    if ((rc = copy_str(out->controller, sizeof out->controller, base, "controller", err)))
        goto out;
    rc = copy_str(out->id, sizeof out->id, vm, "verification method id", err);
out:
    json_decref(wrap);
    if (rc)
        reco_did_method_release(out);
    return rc;
}

/* ---------------------------------------------------------------- resolving */

/* "did:key:z..#z.." or "did:jwk:..#0": self-resolving. */
static reco_code resolve_self(const char *vm, reco_did_method *out, reco_error *err)
{
    reco_code rc;
    size_t n = strcspn(vm, "#");
    if (strncmp(vm, "did:key:", 8) == 0)
        rc = reco_key_from_did_key(vm, &out->key, err);
    else
        rc = reco_did_jwk_key(vm, &out->key, err);
    if (rc)
        return rc;
    if (n >= sizeof out->controller || strlen(vm) >= sizeof out->id)
        return reco_error_set(err, RECO_ELIMIT, NULL, "verification method longer than %zu bytes",
                              sizeof out->id - 1);
    memcpy(out->controller, vm, n);
    out->controller[n] = '\0';
    memcpy(out->id, vm, strlen(vm) + 1);
    memcpy(out->type, strncmp(vm, "did:key:", 8) == 0 ? "Multikey" : "JsonWebKey",
           strncmp(vm, "did:key:", 8) == 0 ? sizeof "Multikey" : sizeof "JsonWebKey");
    /* A did:key / did:jwk document lists its one key under every relationship. */
    out->assertion_method = true;
    return RECO_OK;
}

/* The 1EdTech validator's rule: the fragment of an https method is the Multikey. */
static reco_code resolve_fragment(const char *vm, reco_did_method *out, reco_error *err)
{
    const char *hash = strchr(vm, '#');
    size_t n = (size_t)(hash - vm);
    reco_code rc = reco_key_from_multikey(hash + 1, &out->key, err);
    if (rc)
        return rc;
    if (n >= sizeof out->controller || strlen(vm) >= sizeof out->id)
        return reco_error_set(err, RECO_ELIMIT, NULL, "verification method longer than %zu bytes",
                              sizeof out->id - 1);
    memcpy(out->controller, vm, n);
    out->controller[n] = '\0';
    memcpy(out->id, vm, strlen(vm) + 1);
    memcpy(out->type, "Multikey", sizeof "Multikey");
    return RECO_OK;
}

reco_code reco_did_resolve_method(reco_did_resolver *r, const char *vm, reco_did_method *out,
                                  reco_error *err)
{
    reco_code rc;
    json_t *doc = NULL, *cdoc = NULL;
    char base[MAX_URL + 1];
    memset(out, 0, sizeof *out);
    if (!vm || !vm[0])
        return reco_error_set(err, RECO_EINVAL, NULL, "no verification method");
    size_t n = strcspn(vm, "#");
    if (n > MAX_URL || strlen(vm) >= sizeof out->id)
        return reco_error_set(err, RECO_ELIMIT, NULL, "verification method longer than %zu bytes",
                              sizeof out->id - 1);
    memcpy(base, vm, n);
    base[n] = '\0';

    if (strncmp(vm, "did:key:", 8) == 0 || strncmp(vm, "did:jwk:", 8) == 0) {
        rc = resolve_self(vm, out, err);
        goto out;
    }
    bool web = strncmp(vm, "did:web:", 8) == 0;
    bool https = strncmp(vm, "https://", 8) == 0 ||
                 (r->o.allow_private_network && strncmp(vm, "http://", 7) == 0);
    if (!web && !https) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL,
                            "cannot resolve verification method %.100s: only did:key, did:jwk, "
                            "did:web and https are resolved",
                            vm);
        goto out;
    }
    if (https && vm[n] == '#' && r->o.fragment_multikey && vm[n + 1] == 'z') {
        rc = resolve_fragment(vm, out, err);
        goto out;
    }
    if ((rc = reco_did_fetch_json(r, vm, &doc, err)))
        goto out;
    if ((rc = reco_did_document_method(doc, base, vm, out, err)))
        goto out;
    out->fetched = true;
    if (web && !out->assertion_method) {
        rc = reco_error_set(err, RECO_EVERIFY, NULL,
                            "verification method %.100s is not an assertionMethod of %.80s", vm,
                            base);
        goto out;
    }
    if (https && strcmp(out->controller, base) != 0) {
        /* A key document: its controller's document must list it (Controlled Identifiers
         * §2.3.2 "verification relationships"), else anyone could name any controller. */
        reco_error e;
        if ((rc = reco_did_fetch_json(r, out->controller, &cdoc, &e)) != RECO_OK) {
            reco_error_set(err, rc, NULL, "the controller of %.80s: %.120s", vm, e.msg);
            goto out;
        }
        const char *cid = json_string_value(json_object_get(cdoc, "id"));
        if (!cid || strcmp(cid, out->controller) != 0 ||
            !lists_assertion(cdoc, out->controller, vm)) {
            rc = reco_error_set(err, RECO_EVERIFY, NULL,
                                "the controller %.100s does not list %.100s as an assertionMethod",
                                out->controller, vm);
            goto out;
        }
        out->assertion_method = true;
    }
out:
    json_decref(doc);
    json_decref(cdoc);
    if (rc)
        reco_did_method_release(out);
    return rc;
}

/* Callbacks: failures to obtain a document mean "could not check" (RECO_ENOTFOUND). */
static reco_code resolve_key(void *resolver, const char *vm, reco_key **out, reco_error *err)
{
    reco_did_method m;
    reco_code rc;
    *out = NULL;
    if (!resolver)
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "no resolver for %.100s", vm);
    rc = reco_did_resolve_method(resolver, vm, &m, err);
    if (rc == RECO_EIO || rc == RECO_ELIMIT || rc == RECO_EPARSE) {
        if (err)
            err->code = RECO_ENOTFOUND;
        return RECO_ENOTFOUND;
    }
    if (rc)
        return rc;
    size_t n = strcspn(vm, "#");
    if (strlen(m.controller) != n || memcmp(m.controller, vm, n) != 0) {
        rc = reco_error_set(err, RECO_EVERIFY, NULL,
                            "the key of %.100s is controlled by %.100s, not by %.*s", vm,
                            m.controller, (int)(n > 100 ? 100 : n), vm);
        reco_did_method_release(&m);
        return rc;
    }
    *out = m.key;
    m.key = NULL;
    reco_did_method_release(&m);
    return RECO_OK;
}

reco_code reco_did_vm_resolve(void *resolver, const char *vm, reco_key **out, reco_error *err)
{
    return resolve_key(resolver, vm, out, err);
}

reco_code reco_did_kid_resolve(void *resolver, const char *kid, reco_key **out, reco_error *err)
{
    return resolve_key(resolver, kid, out, err);
}
