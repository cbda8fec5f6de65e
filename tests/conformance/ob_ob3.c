/*
 * ob_ob3.c - the 1EdTech validator's Open Badges 3.0 fixtures (ob3-examples/1edtech-validator)
 * and its CLR 2.0 fixtures (ob3-examples/1edtech-validator-clr20) through the one verification
 * pipeline (reco_verify_input), verdicts compared with expectations.json (derived from the
 * validator's JUnit tests).
 *
 * How the fixtures are verified:
 *  - as of RUN_AT (the fixtures' valid ones run to 2030; the expired one ended in 2020);
 *  - keys: did:key and did:jwk offline; an https or did:web verification method whose
 *    fragment is a Multikey is taken from the fragment (reco_did_options.fragment_multikey, the
 *    rule of the validator's EmbeddedProofProbe); any other document is fetched through
 *    fixture_fetch, which serves the URLs the fixtures name under their own source folder
 *    (".../inspector-vc/src/test/resources/ob30/bit-string-list/testlist" is the fixture file
 *    bit-string-list/testlist) and JSON-LD contexts that reco does not bundle from
 *    ../contexts (index.json): the CLR 2.0 contexts. Everything else is "not served": the
 *    check that needed it is not-checked, never passed.
 *  - expected verdict: "invalid" in expect, or an error or fatal count above 0, is invalid;
 *    "valid" or "warning" (valid with warnings) is valid. A test that asserts none of these
 *    (only that some probe ran) is listed as not compared, with reco's verdict.
 *
 * Prints "ob3 validator fixtures: agree A/T", each disagreement with the checks that differ,
 * and exits 1 on a disagreement that is not in the allow-list below (each entry says why the
 * verdicts differ and why reco's is the one the specification asks for). 77 without vectors.
 */
#include "reco/base.h"
#include "reco/did.h"
#include "reco/json.h"
#include "reco/ld.h"
#include "reco/ob.h"
#include "reco/report.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_AT  "2025-06-01T00:00:00Z"
#define MAX_DOC (16u * 1024u * 1024u)

/* A disagreement that is understood: the file, then why. */
typedef struct allowed {
    const char *file;
    const char *reason;
} allowed;

/*
 * Each entry is marked: "spec" when reco's verdict is the one the specifications ask for and
 * the validator is more lenient; "gap" when reco lacks something the validator has (reported,
 * to be closed).
 */
static const allowed ob3_allowed[] = {
    {"simple-did-key-method.json",
     "spec: the proof's key is did:key:z6MkjZRZ... but the issuer is urn:uuid:6f2e33e5-...; VC "
     "Data Integrity (verification method controller) requires the key's controller to be the "
     "issuer, as @digitalbazaar/vc's CredentialIssuancePurpose does; the validator does not bind "
     "a did:key method to the issuer"},
    {"simple-jwt.png", "spec: the VC-JWT has no sub claim; OB 3.0 'Verify a Credential VC-JWT "
                       "Signature' says the JSON object MUST have sub (= credentialSubject.id) "
                       "or the credential is not valid; the validator does not check sub"},
    {"simple-jwt.svg", "spec: no sub claim in the VC-JWT (as simple-jwt.png)"},
    {"simple-jwt_v1.png", "spec: no sub claim in the VC-JWT (as simple-jwt.png)"},
    {"simple-jwt_v1.svg", "spec: no sub claim in the VC-JWT (as simple-jwt.png)"},
    {"sd/derivedcredential.json",
     "gap: ecdsa-sd-2023 (W3C Data Integrity ECDSA Cryptosuites v1.0, the selective disclosure "
     "suite: a derived proof over P-256 with CBOR-encoded proof value and HMAC-relabelled blank "
     "nodes) is not a suite reco implements; the proof fails as unsupported, so the credential "
     "is not valid (its only proof is not verified); the validator verifies it"},
    {NULL, NULL},
};

static const allowed clr_allowed[] = {
    {"simple.json", "gap: a ClrCredential is not an Open Badges credential: reco verifies Open "
                    "Badges only, its structure check refuses the type (CLR 2.0 is not supported)"},
    {"simple_v1.json", "gap: a ClrCredential (VC 1.1, Ed25519Signature2020, key by urn:uuid "
                       "fragment): CLR 2.0 is not supported"},
    {"simple.jwt", "gap: a ClrCredential VC-JWT: CLR 2.0 is not supported"},
    {NULL, NULL},
};

typedef struct fixtures {
    char dir[1024];    /* the fixture folder */
    const char *under; /* the source folder the fixtures' URLs point into */
    json_t *contexts;  /* ../contexts/index.json, or NULL */
    char contexts_dir[1024];
} fixtures;

static fixtures fx;

static const char *allowed_reason(const allowed *list, const char *file)
{
    for (; list && list->file; list++) {
        if (strcmp(list->file, file) == 0)
            return list->reason;
    }
    return NULL;
}

/* The local file a fixture URL names, into path; false when none. */
static bool local_path(const char *url, char *path, size_t n)
{
    const char *p = fx.under ? strstr(url, fx.under) : NULL;
    if (p) {
        const char *rest = p + strlen(fx.under);
        if (strstr(rest, "..") || strchr(rest, '?') || strchr(rest, '#'))
            return false;
        snprintf(path, n, "%s/%s", fx.dir, rest);
        return true;
    }
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fx.contexts, "entries"), i, e)
    {
        size_t j;
        json_t *u;
        json_array_foreach(json_object_get(e, "urls"), j, u)
        {
            if (json_is_string(u) && strcmp(json_string_value(u), url) == 0) {
                snprintf(path, n, "%s/%s", fx.contexts_dir,
                         json_string_value(json_object_get(e, "file")));
                return true;
            }
        }
    }
    return false;
}

static reco_code serve(const char *url, reco_buf *body, reco_error *err)
{
    char path[2048];
    if (!local_path(url, path, sizeof path))
        return reco_error_set(err, RECO_EIO, NULL, "not served by the fixtures: %.120s", url);
    return reco_file_read(path, MAX_DOC, body, err);
}

static reco_code ld_fetch(void *ctx, const char *url, reco_buf *body, char **final_url,
                          reco_error *err)
{
    (void)ctx;
    (void)final_url;
    return serve(url, body, err);
}

static reco_code ob2_fetch(void *ctx, const char *url, long *status, reco_buf *body,
                           char **final_url, reco_error *err)
{
    (void)ctx;
    (void)final_url;
    reco_code rc = serve(url, body, err);
    if (!rc)
        *status = 200;
    return rc;
}

/* -1 undetermined, 0 invalid, 1 valid */
static int expected_verdict(const json_t *test)
{
    size_t i;
    json_t *v;
    bool valid = false;
    json_array_foreach(json_object_get(test, "expect"), i, v)
    {
        if (strcmp(json_string_value(v), "invalid") == 0)
            return 0;
        if (strcmp(json_string_value(v), "valid") == 0 ||
            strcmp(json_string_value(v), "warning") == 0)
            valid = true;
    }
    const char *counts[] = {"errorCount", "fatalCount"};
    for (size_t k = 0; k < 2; k++) {
        json_array_foreach(json_object_get(test, counts[k]), i, v)
        {
            if (json_integer_value(v) > 0)
                return 0;
        }
    }
    return valid ? 1 : -1;
}

/* The checks that make a report invalid, on one line (nested reports too). */
static void print_reasons(const reco_report *r, const char *indent)
{
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        if (c->status == RECO_CHECK_FAILED || c->status == RECO_CHECK_NOT_CHECKED)
            printf("%s%s %s: %s\n", indent, reco_check_status_name(c->status), c->name, c->message);
    }
}

typedef struct tally {
    int total, agree, allowed, unexpected, not_compared;
} tally;

static void run_folder(const char *rel, const char *under, const char *label, const allowed *allow,
                       reco_ld_loader *loader, reco_did_resolver *resolver, const reco_time *at,
                       tally *t)
{
    char path[2048];
    json_t *exp = NULL;
    reco_error err;

    snprintf(fx.dir, sizeof fx.dir, "%s", test_vector_path(rel));
    fx.under = under;
    snprintf(path, sizeof path, "%s/expectations.json", fx.dir);
    if (reco_json_read_file(path, NULL, &exp, &err) != RECO_OK) {
        printf("%s: no expectations (%s): not applicable\n", label, err.msg);
        return;
    }
    size_t i;
    json_t *test;
    json_array_foreach(json_object_get(exp, "tests"), i, test)
    {
        const char *name = json_string_value(json_object_get(test, "test"));
        size_t j;
        json_t *f;
        if (json_array_size(json_object_get(test, "files")) == 0) {
            printf("  %-60s no fixture file: not compared\n", name);
            continue;
        }
        json_array_foreach(json_object_get(test, "files"), j, f)
        {
            const char *file = json_string_value(f);
            int want = expected_verdict(test);
            size_t n = 0;
            char *data;
            reco_report *report = NULL;
            reco_verify_options opt;

            snprintf(path, sizeof path, "%s/%s", fx.dir, file);
            if (strncmp(file, "../", 3) == 0) {
                printf("  %-60s outside the folder: not compared\n", file);
                continue;
            }
            data = test_read_file(path, &n);
            if (!data) {
                printf("  %-60s cannot be read: not compared\n", file);
                continue;
            }
            memset(&opt, 0, sizeof opt);
            opt.at = at;
            opt.loader = loader;
            opt.resolver = resolver;
            opt.fetch = ob2_fetch;
            if (reco_verify_input(data, n, file, &opt, &report, &err) != RECO_OK) {
                printf("  %-60s error: %s\n", file, err.msg);
                t->total++;
                t->unexpected++;
                free(data);
                continue;
            }
            bool got = reco_report_valid(report);
            if (want < 0) {
                printf("  %-60s reco %s (%s); the reference asserts no verdict: not compared\n",
                       file, got ? "valid" : "invalid", reco_report_kind(report));
                t->not_compared++;
            } else {
                t->total++;
                if ((want == 1) == got) {
                    t->agree++;
                    printf("  %-60s agree: %s (%s)\n", file, got ? "valid" : "invalid",
                           reco_report_kind(report));
                    if (!got)
                        print_reasons(report, "      ");
                } else {
                    const char *why = allowed_reason(allow, file);
                    printf("  %-60s DISAGREE: the validator says %s, reco says %s (%s)\n", file,
                           want ? "valid" : "invalid", got ? "valid" : "invalid",
                           reco_report_kind(report));
                    if (!got)
                        print_reasons(report, "      ");
                    else {
                        char *probes = json_dumps(json_object_get(test, "probes"), JSON_COMPACT);
                        printf("      the validator's failing probes: %s\n", probes);
                        free(probes);
                    }
                    if (why) {
                        printf("      allowed: %s\n", why);
                        t->allowed++;
                    } else {
                        t->unexpected++;
                    }
                }
            }
            reco_report_free(report);
            free(data);
        }
    }
    json_decref(exp);
}

int main(void)
{
    const char *vectors = test_vectors_dir();
    reco_ld_loader *loader = NULL;
    reco_did_resolver *resolver = NULL;
    reco_error err;
    reco_time at;
    int rc = 1;

    char *probe = vectors ? test_read_file(test_vector_path("ob3-examples/1edtech-validator/"
                                                            "expectations.json"),
                                           NULL)
                          : NULL;
    free(probe);
    if (!probe) {
        printf("skip: the 1EdTech validator fixtures (ob3-examples/1edtech-validator) are not "
               "there\n");
        return TEST_SKIP;
    }
    snprintf(fx.contexts_dir, sizeof fx.contexts_dir, "%s", test_vector_path("contexts"));
    char idx[2048];
    snprintf(idx, sizeof idx, "%s/index.json", fx.contexts_dir);
    if (reco_json_read_file(idx, NULL, &fx.contexts, &err) != RECO_OK)
        fx.contexts = NULL;

    reco_did_options dopt;
    memset(&dopt, 0, sizeof dopt);
    dopt.fragment_multikey = true;
    dopt.fetch = ld_fetch;
    if (reco_time_parse(RUN_AT, strlen(RUN_AT), true, &at, &err) ||
        reco_did_resolver_new(&dopt, &resolver, &err) || !(loader = reco_ld_loader_new())) {
        printf("error: setup: %s\n", err.msg);
        goto out;
    }
    reco_ld_loader_allow_fetch(loader, ld_fetch, NULL, 0, 0);

    tally ob3 = {0}, clr = {0};
    printf("== 1EdTech validator, Open Badges 3.0 (as of %s)\n", RUN_AT);
    run_folder("ob3-examples/1edtech-validator", "/inspector-vc/src/test/resources/ob30/",
               "ob3 validator fixtures", ob3_allowed, loader, resolver, &at, &ob3);
    printf("== 1EdTech validator, CLR 2.0\n");
    run_folder("ob3-examples/1edtech-validator-clr20", "/inspector-clr/src/test/resources/clr20/",
               "clr validator fixtures", clr_allowed, loader, resolver, &at, &clr);

    printf("ob3 validator fixtures: agree %d/%d (%d allowed disagreements, %d unexpected, %d "
           "not compared)\n",
           ob3.agree, ob3.total, ob3.allowed, ob3.unexpected, ob3.not_compared);
    printf("clr20 validator fixtures: agree %d/%d (%d allowed disagreements, %d unexpected, %d "
           "not compared)\n",
           clr.agree, clr.total, clr.allowed, clr.unexpected, clr.not_compared);
    rc = ob3.unexpected || clr.unexpected ? 1 : 0;
out:
    json_decref(fx.contexts);
    reco_did_resolver_free(resolver);
    reco_ld_loader_free(loader);
    return rc;
}
