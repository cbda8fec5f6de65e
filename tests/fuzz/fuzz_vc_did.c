/*
 * fuzz_vc_did.c - DID material from outside: the bytes as a did:web DID (URL mapping), as the
 * base64url of a did:jwk, and, when they are JSON, as a fetched DID / controlled identifier /
 * key document searched for several methods, and as the document a resolver fetches for
 * did:web and https methods. Verdicts are fine; crashes, leaks and undefined behaviour are not.
 */
#include "reco/did.h"
#include "reco/json.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 9);
    reco_buf url;
    reco_key *k = NULL;
    if (!s)
        return 0;
    memcpy(s, "did:jwk:", 8);
    memcpy(s + 8, data, size);
    s[size + 8] = '\0';
    if (strlen(s) == size + 8) {
        if (reco_did_jwk_key(s, &k, NULL) == RECO_OK && !k)
            abort();
        reco_key_free(k);
        k = NULL;
        reco_buf_init(&url, 4096);
        if (reco_did_web_url(s + 8, false, &url, NULL) == RECO_OK &&
            strncmp(url.data, "https://", 8) != 0)
            abort();
        reco_buf_release(&url);
    }
    free(s);

    json_t *doc = NULL;
    reco_json_limits lim = {.max_bytes = 64 * 1024, .max_depth = 16};
    if (reco_json_parse((const char *)data, size, &lim, &doc, NULL) != RECO_OK)
        return 0;
    static const char *const vms[] = {"did:web:example.com#key-1", "did:web:example.com#z6Mk",
                                      "https://example.com/issuers/1#key-1",
                                      "https://example.com/keys/1"};
    static const char *const bases[] = {"did:web:example.com", "did:web:example.com",
                                        "https://example.com/issuers/1",
                                        "https://example.com/keys/1"};
    for (size_t i = 0; i < sizeof vms / sizeof vms[0]; i++) {
        reco_did_method m;
        reco_code rc = reco_did_document_method(doc, bases[i], vms[i], &m, NULL);
        if ((rc == RECO_OK) != (m.key != NULL))
            abort();
        reco_did_method_release(&m);
    }
    input in = {data, size};
    reco_did_options o = {.fetch = serve_input, .fetch_ctx = &in, .max_doc_bytes = 64 * 1024};
    reco_did_resolver *r = NULL;
    if (reco_did_resolver_new(&o, &r, NULL) != RECO_OK)
        abort();
    for (size_t i = 0; i < sizeof vms / sizeof vms[0]; i++) {
        if (reco_did_vm_resolve(r, vms[i], &k, NULL) == RECO_OK && !k)
            abort();
        reco_key_free(k);
        k = NULL;
    }
    reco_did_resolver_free(r);
    json_decref(doc);
    return 0;
}
