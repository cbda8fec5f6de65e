/*
 * verify.c - verification with the service's options, through the one pipeline every face uses
 * (reco_verify_input / reco_verify_url, reco/ob.h), so that POST /api/v1/verify, `reco verify`
 * and the verify page give the same report for the same bytes.
 *
 * What the service adds: its own issuers' keys come straight from the store (the pipeline's
 * resolve hook), and its own documents (issuer profiles, DID and key documents, status list
 * credentials, hosted credentials) are read from the store instead of being fetched from
 * itself; everything else goes through the outbound client, with the configured
 * allow_private_network. The resolver keeps no cache, so a revocation shows at once.
 */
#include "app_internal.h"
#include "reco/did.h"
#include "reco/http.h"
#include "reco/ob.h"
#include "reco/ob2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BODY_MAX (16u * 1024u * 1024u)

/* ---------------------------------------------------------------- own keys */

/* The slug of one of this service's issuers named by an issuer id prefix of vm, with the
 * fragment after it ("key-ed25519"), or false. */
static bool own_issuer(reco_app *app, const char *vm, char *slug, size_t cap, const char **frag)
{
    char prefix[400];
    size_t pl, sl;
    if (app->did_host[0])
        snprintf(prefix, sizeof prefix, "%s:issuers:", app->did_host);
    else
        snprintf(prefix, sizeof prefix, "%s/issuers/", app->base_url);
    pl = strlen(prefix);
    if (strncmp(vm, prefix, pl) != 0)
        return false;
    sl = strcspn(vm + pl, "#/?:");
    if (!sl || sl >= cap)
        return false;
    memcpy(slug, vm + pl, sl);
    slug[sl] = '\0';
    *frag = vm[pl + sl] == '#' ? vm + pl + sl + 1 : NULL;
    return true;
}

/* reco_vm_resolve_fn: the keys of this service's issuers, from the store; RECO_ENOTFOUND for
 * any other method (the pipeline's resolver takes it then). */
static reco_code resolve_own(void *ctx, const char *vm, reco_key **out, reco_error *err)
{
    reco_app *app = ctx;
    char slug[128];
    const char *frag = NULL;
    reco_arena *a;
    reco_issuer_row iss;
    reco_code rc;
    json_t *jwk = NULL;
    *out = NULL;
    if (!own_issuer(app, vm, slug, sizeof slug, &frag))
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "not a key of this service");
    if (!(a = reco_arena_new(0)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_store_issuer_by_slug(app->store, slug, a, &iss, err);
    if (!rc && frag && strcmp(frag, "key-ed25519") == 0)
        rc = reco_key_from_multikey(iss.ed25519_pk, out, err);
    else if (!rc && frag && strcmp(frag, "key-rsa") == 0 && iss.rsa_pk &&
             !(rc = reco_json_parse(iss.rsa_pk, strlen(iss.rsa_pk), NULL, &jwk, err)))
        rc = reco_key_from_jwk(jwk, out, err);
    else if (!rc)
        rc = RECO_ENOTFOUND;
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no key %.100s on this service", vm);
    json_decref(jwk);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- own documents */

/* The JSON text of one of this service's documents named by url (without fragment or query):
 * <base>/issuers/<slug>, .../did.json, .../keys/<which>, .../status/<list>. RECO_ENOTFOUND
 * when url is not one of them. */
static reco_code own_document(reco_app *app, const char *url, reco_buf *body, reco_error *err)
{
    char prefix[400], slug[128], rest[200];
    size_t pl, n = strcspn(url, "#?");
    json_t *doc = NULL;
    reco_code rc;
    snprintf(prefix, sizeof prefix, "%s/issuers/", app->base_url);
    pl = strlen(prefix);
    if (n <= pl || strncmp(url, prefix, pl) != 0)
        return RECO_ENOTFOUND;
    size_t sl = strcspn(url + pl, "/#?");
    if (!sl || sl >= sizeof slug || pl + sl > n || n - pl - sl >= sizeof rest)
        return RECO_ENOTFOUND;
    memcpy(slug, url + pl, sl);
    slug[sl] = '\0';
    memcpy(rest, url + pl + sl, n - pl - sl);
    rest[n - pl - sl] = '\0';
    if (!rest[0])
        rc = reco_app_issuer_profile(app, slug, &doc, err);
    else if (!strcmp(rest, "/did.json"))
        rc = reco_app_issuer_did_document(app, slug, &doc, err);
    else if (!strncmp(rest, "/keys/", 6))
        rc = reco_app_issuer_key_document(app, slug, rest + 6, &doc, err);
    else if (!strncmp(rest, "/status/", 8))
        return reco_app_status_list(app, slug, rest + 8, body, err);
    else
        return RECO_ENOTFOUND;
    if (!rc)
        rc = reco_json_write(doc, 0, body, err);
    json_decref(doc);
    return rc;
}

/* reco_ld_fetch_fn of the app's resolver: own documents from the store, others fetched. */
static reco_code fetch_document(void *ctx, const char *url, reco_buf *body, char **final_url,
                                reco_error *err)
{
    reco_app *app = ctx;
    reco_http_opts ho = {0};
    reco_code rc = own_document(app, url, body, err);
    if (rc != RECO_ENOTFOUND || strncmp(url, app->base_url, strlen(app->base_url)) == 0)
        return rc;
    reco_error_clear(err);
    ho.allow_private_network = app->allow_private;
    ho.max_bytes = body->max;
    return reco_http_ld_fetch(&ho, url, body, final_url, err);
}

/* reco_ob2_fetch_fn for URL inputs: this service's credentials from the store, others
 * fetched. */
static reco_code fetch_input(void *ctx, const char *url, long *status, reco_buf *body,
                             char **final_url, reco_error *err)
{
    reco_app *app = ctx;
    char prefix[400];
    reco_http_opts ho = {0};
    reco_http_response resp;
    reco_code rc;
    snprintf(prefix, sizeof prefix, "%s/credentials/", app->base_url);
    if (strncmp(url, prefix, strlen(prefix)) == 0) {
        char pid[64];
        const char *p = url + strlen(prefix);
        size_t pl = strcspn(p, "/?#.");
        bool jwt = strncmp(p + pl, ".jwt", 4) == 0;
        snprintf(pid, sizeof pid, "%.*s", (int)(pl < 63 ? pl : 63), p);
        rc = jwt ? reco_app_credential_jwt(app, pid, body, err)
                 : reco_app_credential_json(app, pid, body, err);
        *status = rc == RECO_OK ? 200 : rc == RECO_ENOTFOUND ? 404 : 500;
        return rc == RECO_ENOTFOUND ? RECO_OK : rc;
    }
    ho.allow_private_network = app->allow_private;
    ho.max_bytes = body->max ? body->max : BODY_MAX;
    ho.accept = "application/vc+ld+json, application/ld+json, application/json;q=0.9, "
                "*/*;q=0.5";
    rc = reco_http_get(url, &ho, &resp, err);
    if (!rc) {
        *status = resp.status;
        if ((rc = reco_buf_append(body, resp.body.data, resp.body.len)))
            reco_buf_error(rc, body, "response", err);
        if (!rc && final_url && resp.final_url)
            *final_url = strdup(resp.final_url);
    }
    reco_http_response_release(&resp);
    return rc;
}

/* ---------------------------------------------------------------- verify */

reco_code app_verify_start(reco_app *app, reco_error *err)
{
    reco_did_options o = {0};
    /* The fetcher below applies the configured address rules to every remote fetch; the
     * resolver itself must accept this service's own http:// documents (local use). */
    o.allow_private_network = true;
    o.fetch = fetch_document;
    o.fetch_ctx = app;
    o.cache_ttl_sec = -1;
    return reco_did_resolver_new(&o, &app->resolver, err);
}

void app_verify_stop(reco_app *app)
{
    reco_did_resolver_free(app->resolver);
    app->resolver = NULL;
}

static void options(reco_app *app, reco_verify_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->allow_private_network = app->allow_private;
    opt->loader = app_loader(app);
    opt->resolver = app->resolver;
    opt->resolve = resolve_own;
    opt->resolve_ctx = app;
    opt->fetch = fetch_input;
    opt->fetch_ctx = app;
}

reco_code reco_app_verify_bytes(reco_app *app, const void *data, size_t n, const char *input,
                                reco_report **out, reco_error *err)
{
    reco_verify_options opt;
    options(app, &opt);
    *out = NULL;
    return reco_verify_input(data, n, input, &opt, out, err);
}

reco_code reco_app_verify_url(reco_app *app, const char *url, reco_report **out, reco_error *err)
{
    reco_verify_options opt;
    *out = NULL;
    if (!url)
        return reco_error_set(err, RECO_EINVAL, "/url", "the URL is missing");
    options(app, &opt);
    return reco_verify_url(url, &opt, out, err);
}

reco_code reco_app_verify_request(reco_app *app, const void *body, size_t n, reco_report **out,
                                  reco_error *err)
{
    json_t *doc = NULL;
    reco_code rc;
    *out = NULL;
    if (reco_json_parse(body, n, NULL, &doc, NULL) == RECO_OK && json_is_object(doc) &&
        json_is_string(json_object_get(doc, "url")) && !json_object_get(doc, "@context")) {
        rc = reco_app_verify_url(app, json_string_value(json_object_get(doc, "url")), out, err);
    } else if (json_is_object(doc) && json_is_string(json_object_get(doc, "credential"))) {
        const char *s = json_string_value(json_object_get(doc, "credential"));
        rc = reco_app_verify_bytes(app, s, strlen(s), "request", out, err);
    } else if (json_is_object(doc) && json_is_object(json_object_get(doc, "credential")) &&
               !json_object_get(doc, "@context")) {
        reco_buf b;
        reco_buf_init(&b, BODY_MAX);
        rc = reco_json_write(json_object_get(doc, "credential"), 0, &b, err);
        if (!rc)
            rc = reco_app_verify_bytes(app, b.data, b.len, "request", out, err);
        reco_buf_release(&b);
    } else {
        rc = reco_app_verify_bytes(app, body, n, "request", out, err);
    }
    json_decref(doc);
    return rc;
}
