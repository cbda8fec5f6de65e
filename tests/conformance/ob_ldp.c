/*
 * ob_ldp.c - the CLR 2.0 Linked Data Proof vector of the OB 3.0 Implementation Guide
 * (ob3-examples/1edtech-spec-ldp-vectors/clrv2p0-*), every step byte for byte: canonical
 * document and proof options (N-Quads), their hashes, the signature made with the vector's key,
 * then the signed credential verifies and a tampered copy does not. The OB 3.0 vector
 * (obv3p0) is run by vc_eddsa.c; this one needs the CLR 2.0 context, which reco does not
 * bundle: it is served from ../shared/vectors/contexts (index.json) through the loader's
 * fetch hook. 77 without vectors.
 */
#include "reco/base.h"
#include "reco/crypto.h"
#include "reco/json.h"
#include "reco/ld.h"
#include "reco/vc.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LDP_DIR "ob3-examples/1edtech-spec-ldp-vectors/"

static int failures;
static json_t *ctx_index;

static void step(bool ok, const char *what, const char *why)
{
    printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", what, ok ? "" : ": ", ok ? "" : why);
    failures += !ok;
}

static json_t *vector_json(const char *file)
{
    char rel[256];
    json_t *j = NULL;
    snprintf(rel, sizeof rel, LDP_DIR "%s", file);
    reco_json_read_file(test_vector_path(rel), NULL, &j, NULL);
    return j;
}

/* Contexts not bundled, from the vectors' contexts folder. */
static reco_code ctx_fetch(void *ctx, const char *url, reco_buf *body, char **final_url,
                           reco_error *err)
{
    (void)ctx;
    (void)final_url;
    size_t i, j;
    json_t *e, *u;
    json_array_foreach(json_object_get(ctx_index, "entries"), i, e)
    {
        json_array_foreach(json_object_get(e, "urls"), j, u)
        {
            if (json_is_string(u) && strcmp(json_string_value(u), url) == 0) {
                char rel[512];
                snprintf(rel, sizeof rel, "contexts/%s",
                         json_string_value(json_object_get(e, "file")));
                return reco_file_read(test_vector_path(rel), 1u << 20, body, err);
            }
        }
    }
    return reco_error_set(err, RECO_ENOTFOUND, NULL, "not in the vectors' contexts: %.120s", url);
}

/* The vector's key for its verification method, whatever the URL says. */
static reco_code vector_key(void *ctx, const char *vm, reco_key **out, reco_error *err)
{
    (void)vm;
    return reco_key_public((const reco_key *)ctx, out, err);
}

static void step_bytes(const char *what, const char *got, size_t n, const char *want_file)
{
    char rel[256];
    size_t len = 0;
    snprintf(rel, sizeof rel, LDP_DIR "%s", want_file);
    char *want = test_read_file(test_vector_path(rel), &len);
    step(want && len == n && memcmp(want, got, n) == 0, what, want ? "differs" : "cannot read");
    free(want);
}

static void step_hex(const char *what, const uint8_t *p, size_t n, const json_t *vec,
                     const char *member)
{
    reco_buf hex;
    reco_buf_init(&hex, 0);
    const char *want = json_string_value(json_object_get(vec, member));
    bool ok = reco_hex_encode(p, n, &hex) == RECO_OK && want && strlen(want) == hex.len &&
              strncmp(want, hex.data, hex.len) == 0;
    step(ok, what, "differs");
    reco_buf_release(&hex);
}

int main(void)
{
    reco_ld_loader *loader = NULL;
    reco_key *key = NULL;
    reco_buf seed, canon_doc, canon_config, sig;
    reco_error err;
    uint8_t hash[128];
    size_t hash_len = 0;
    json_t *vec = NULL, *unsigned_doc = NULL, *options = NULL, *signed_doc = NULL;

    reco_buf_init(&seed, 0);
    reco_buf_init(&canon_doc, 0);
    reco_buf_init(&canon_config, 0);
    reco_buf_init(&sig, 0);
    if (!test_vectors_dir() || !(vec = vector_json("clrv2p0-vector.json"))) {
        printf("skip: the 1EdTech LDP vectors (" LDP_DIR ") are not there\n");
        return TEST_SKIP;
    }
    reco_json_read_file(test_vector_path("contexts/index.json"), NULL, &ctx_index, NULL);
    unsigned_doc = vector_json("clrv2p0-unsigned.json");
    options = vector_json("clrv2p0-proof-options.json");
    signed_doc = vector_json("clrv2p0-signed.json");
    const char *priv = json_string_value(json_object_get(vec, "privateKeyHex"));
    const reco_di_suite *suite = reco_di_suite_find("eddsa-rdfc-2022");
    if (!ctx_index || !unsigned_doc || !options || !signed_doc || !priv || !suite) {
        step(false, "clrv2p0 vector files and the contexts index", "cannot read them");
        goto out;
    }
    loader = reco_ld_loader_new();
    if (!loader)
        goto out;
    reco_ld_loader_allow_fetch(loader, ctx_fetch, NULL, 0, 0);

    /* privateKeyHex is seed || public key. */
    step(reco_hex_decode(priv, 64, &seed, &err) == RECO_OK &&
             reco_key_from_ed25519_raw(NULL, (const uint8_t *)seed.data, &key, &err) == RECO_OK,
         "clrv2p0 key pair", err.msg);
    if (!key)
        goto out;

    reco_di_ctx ctx = {.loader = loader};
    if (reco_di_hash_data(suite, unsigned_doc, options, &ctx, &canon_doc, &canon_config, hash,
                          &hash_len, &err) != RECO_OK) {
        step(false, "clrv2p0 hash data", err.msg);
        goto out;
    }
    step_bytes("clrv2p0 canonical document", canon_doc.data, canon_doc.len,
               "clrv2p0-document-canon.nq");
    step_bytes("clrv2p0 canonical proof options", canon_config.data, canon_config.len,
               "clrv2p0-proof-canon.nq");
    step_hex("clrv2p0 proof options hash", hash, 32, vec, "proofHashHex");
    step_hex("clrv2p0 document hash", hash + 32, 32, vec, "documentHashHex");
    step_hex("clrv2p0 data to sign", hash, hash_len, vec, "dataToSignHex");
    step(reco_key_sign(key, hash, hash_len, &sig, &err) == RECO_OK, "clrv2p0 sign", err.msg);
    step_hex("clrv2p0 signature", (const uint8_t *)sig.data, sig.len, vec, "signatureHex");

    reco_di_verify_options vo = {.resolve = vector_key, .resolve_ctx = key, .loader = loader};
    reco_di_result res[RECO_DI_MAX_PROOFS];
    size_t count = 0;
    reco_code rc = reco_di_verify(signed_doc, &vo, res, RECO_DI_MAX_PROOFS, &count, &err);
    step(rc == RECO_OK && count == 1 && res[0].verified, "clrv2p0 signed credential verifies",
         count ? res[0].why.msg : err.msg);
    json_object_set_new(signed_doc, "name", json_string("altered"));
    rc = reco_di_verify(signed_doc, &vo, res, RECO_DI_MAX_PROOFS, &count, &err);
    step(rc == RECO_EVERIFY && count == 1 && !res[0].verified && !res[0].unchecked,
         "clrv2p0 altered credential does not verify", "it verifies");
out:
    printf("clrv2p0 LDP vector: %s\n", failures ? "FAILED" : "every step matches");
    reco_buf_release(&seed);
    reco_buf_release(&canon_doc);
    reco_buf_release(&canon_config);
    reco_buf_release(&sig);
    reco_key_free(key);
    reco_ld_loader_free(loader);
    json_decref(vec);
    json_decref(unsigned_doc);
    json_decref(options);
    json_decref(signed_doc);
    json_decref(ctx_index);
    return failures ? 1 : 0;
}
