/*
 * fuzz_vc_status.c - status data from outside: the bytes as an encodedList (decode with a small
 * cap, then every bit read), and, when they are JSON, as a credentialStatus entry and as the
 * status list served for it (fetched through a resolver whose fetcher returns the input, then
 * verified as a credential). Verdicts are fine; crashes, leaks and undefined behaviour are not.
 */
#include "reco/json.h"
#include "reco/status.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_buf bits;
    uint32_t v;
    reco_buf_init(&bits, 0);
    if (reco_status_list_decode((const char *)data, size, 64 * 1024, &bits, NULL) == RECO_OK) {
        if (bits.len > 64 * 1024)
            abort();
        for (uint64_t i = 0; i < (uint64_t)bits.len * 8; i += 97)
            if (reco_status_list_get((const uint8_t *)bits.data, bits.len, i, 1, &v, NULL) !=
                    RECO_OK ||
                v > 1)
                abort();
    }
    reco_buf_release(&bits);

    json_t *doc = NULL;
    reco_json_limits lim = {.max_bytes = 64 * 1024, .max_depth = 16};
    if (reco_json_parse((const char *)data, size, &lim, &doc, NULL) != RECO_OK)
        return 0;
    input in = {data, size};
    reco_did_options o = {.fetch = serve_input, .fetch_ctx = &in, .max_doc_bytes = 64 * 1024};
    reco_did_resolver *r = NULL;
    reco_time now = {.sec = 1767225600};
    reco_vc_check_options vc = {.now = &now};
    reco_status_options so = {.vc = &vc, .max_bitstring = 64 * 1024};
    if (reco_did_resolver_new(&o, &r, NULL) != RECO_OK)
        abort();
    vc.di.resolve = reco_did_vm_resolve;
    vc.di.resolve_ctx = r;
    so.resolver = r;
    json_t *cred = json_pack("{s:s, s:s, s:O}", "id", "urn:uuid:1", "issuer", "did:example:i",
                             "credentialStatus", doc);
    reco_report *rep = reco_report_new("fuzz", NULL);
    if (!cred || !rep || reco_status_check(cred, &so, rep, NULL) != RECO_OK)
        abort();
    /* The input as the list served for a well-formed entry of each kind. */
    static const char *const entries[] = {
        "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
        "\"statusListIndex\":\"5\",\"statusListCredential\":\"https://x.example/l\"}",
        "{\"type\":\"StatusList2021Entry\",\"statusPurpose\":\"revocation\","
        "\"statusListIndex\":\"5\",\"statusListCredential\":\"https://x.example/l\"}",
        "{\"type\":\"1EdTechRevocationList\",\"id\":\"https://x.example/r\"}"};
    so.list_issuer_may_differ = true;
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        json_t *e = json_loads(entries[i], 0, NULL);
        reco_status_result res;
        if (!e || reco_status_check_entry(cred, e, &so, &res, NULL) != RECO_OK)
            abort();
        if (strlen(res.message) >= sizeof res.message)
            abort();
        json_decref(e);
    }
    reco_report_free(rep);
    json_decref(cred);
    reco_did_resolver_free(r);
    json_decref(doc);
    return 0;
}
