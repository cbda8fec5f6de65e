/*
 * fuzz_vc_jws.c - a compact JWS from outside: reco_jws_parse with tight limits, then the whole
 * VC-JWT verification (payload, credential, key from the jwk header or a did:key kid,
 * signature, claims) into a report that must render; and, when the input is JSON, the key
 * lookup in a fetched document (JWK, JWK Set, DID document). Verdicts are fine; crashes,
 * leaks and undefined behaviour are not.
 */
#include "reco/jose.h"
#include "reco/json.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_jws_limits lim = {.max_bytes = 64 * 1024, .max_header = 2048, .max_depth = 16};
    reco_time now = {.sec = 1767225600};
    reco_vcjwt_verify_options vo = {.limits = lim, .claims.now = &now};
    reco_jws jws;
    reco_vcjwt t;
    json_t *j = NULL;
    reco_report *r = reco_report_new("fuzz", "ob3-vc-jwt");
    if (!r)
        abort();
    if (reco_jws_parse((const char *)data, size, &lim, &jws, NULL) == RECO_OK) {
        /* A parsed JWS always has a known algorithm and its signing input. */
        if (jws.alg == RECO_JWS_ALG_NONE || jws.signing_input.len == 0)
            abort();
        reco_jws_release(&jws);
    }
    if (reco_vcjwt_verify((const char *)data, size, &vo, r, &t, NULL) != RECO_OK)
        abort();
    /* A token that does not decode has no credential; one that does, has one. */
    if ((t.credential == NULL) != (reco_report_find(r, "jwt")->status != RECO_CHECK_PASSED))
        abort();
    if (reco_report_to_json(r, &j, NULL) != RECO_OK)
        abort();
    json_decref(j);
    j = NULL;
    reco_json_limits jl = {.max_bytes = 64 * 1024, .max_depth = 16};
    if (reco_json_parse((const char *)data, size, &jl, &j, NULL) == RECO_OK) {
        static const char *const kids[] = {"did:web:example.org#key-1", "#key-1",
                                           "https://example.org/jwks#k"};
        for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) {
            reco_key *k = NULL;
            reco_code rc = reco_vcjwt_key_from_document(j, kids[i], &k, NULL);
            if ((rc == RECO_OK) != (k != NULL) || (k && reco_key_has_private(k)))
                abort();
            reco_key_free(k);
        }
        json_decref(j);
    }
    reco_vcjwt_release(&t);
    reco_report_free(r);
    return 0;
}
