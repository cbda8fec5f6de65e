/*
 * verify_bench.c - how fast reco verifies realistic signed Open Badges 3.0 credentials through
 * the one verification pipeline (reco_verify_input), single-threaded and offline, with the
 * JSON-LD loader and its processed-context cache warm, next to raw Ed25519 verifications
 * (reco_key_verify on a short message) on the same machine.
 *
 * Setup: each FILE (default: the bench/data credentials) is signed with a fixed Ed25519 key
 * (eddsa-rdfc-2022, created at a fixed time): its embedded EndorsementCredentials first (their
 * issuer becomes the key's did:key), then the credential itself (issuer id = the did:key, so the
 * issuer-key check passes). Every signature of every credential must verify before timing. A
 * file that cannot be signed with eddsa-rdfc-2022 (JSON-LD safe mode refuses a term that no
 * context defines: 06-complete's credentialSchema type "1EdTechJsonSchemaValidator2019") is
 * left out with the reason on standard error; @digitalbazaar/vc refuses it the same way.
 *
 * usage: verify_bench [-n ITERATIONS] [--raw N] [--write DIR] [FILE...]
 *   --write DIR   write the signed credentials to DIR (same file names) and stop; the
 *                 JavaScript verifier (bench/js/verify.mjs) reads them from there
 *
 * Prints credentials/s, signatures/s (a credential with endorsements carries several), raw
 * Ed25519 verifications/s, and signatures/s as a share of the raw rate.
 */
#include "reco/crypto.h"
#include "reco/json.h"
#include "reco/ld.h"
#include "reco/ob.h"
#include "reco/report.h"
#include "reco/vc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INPUT_MAX (16u * 1024u * 1024u)

typedef struct cred {
    const char *path;
    reco_buf text;  /* the signed credential, as verify reads it */
    size_t proofs;  /* signatures in it: the credential's and its endorsements' */
    size_t checked; /* proof checks passed in a report of it */
} cred;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* issuer.id (or the issuer string) := did. */
static int set_issuer(json_t *doc, const char *did)
{
    json_t *issuer = json_object_get(doc, "issuer");
    if (json_is_object(issuer))
        return json_object_set_new(issuer, "id", json_string(did));
    return json_object_set_new(doc, "issuer", json_string(did));
}

static reco_code sign_doc(json_t *doc, const reco_key *key, const char *did,
                          const reco_di_sign_options *so, reco_error *err)
{
    json_object_del(doc, "proof");
    if (set_issuer(doc, did) != 0)
        return RECO_ENOMEM;
    return reco_di_add_proof(doc, key, so, err);
}

/* Sign the EndorsementCredentials of holder.endorsement; counts them into *n. */
static reco_code sign_endorsements(json_t *holder, const reco_key *key, const char *did,
                                   const reco_di_sign_options *so, size_t *n, reco_error *err)
{
    json_t *list = json_is_object(holder) ? json_object_get(holder, "endorsement") : NULL;
    size_t i;
    json_t *e;
    reco_code rc = RECO_OK;
    if (json_is_object(list))
        rc = sign_doc(list, key, did, so, err), *n += !rc;
    json_array_foreach(list, i, e)
    {
        if (rc)
            break;
        if (json_is_object(e) && !(rc = sign_doc(e, key, did, so, err)))
            (*n)++;
    }
    return rc;
}

static int prepare(const char *path, const reco_key *key, const char *did,
                   const reco_di_sign_options *so, cred *c)
{
    reco_buf raw;
    reco_error err;
    json_t *doc = NULL, *subject;
    int rc = -1;
    reco_buf_init(&raw, INPUT_MAX);
    reco_buf_init(&c->text, INPUT_MAX);
    c->path = path;
    if (reco_file_read(path, INPUT_MAX, &raw, &err) != RECO_OK ||
        reco_json_parse(raw.data, raw.len, NULL, &doc, &err) != RECO_OK)
        goto out;
    subject = json_object_get(doc, "credentialSubject");
    if (sign_endorsements(doc, key, did, so, &c->proofs, &err) ||
        sign_endorsements(json_object_get(doc, "issuer"), key, did, so, &c->proofs, &err) ||
        sign_endorsements(json_object_get(subject, "achievement"), key, did, so, &c->proofs,
                          &err) ||
        sign_doc(doc, key, did, so, &err) || reco_json_write(doc, 0, &c->text, &err))
        goto out;
    c->proofs++;
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "%s: %s\n", path, err.msg);
    json_decref(doc);
    reco_buf_release(&raw);
    return rc;
}

/* Proof checks passed in r and its nested reports. */
static size_t proofs_passed(const reco_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        n += strcmp(c->name, "proof") == 0 && c->status == RECO_CHECK_PASSED;
    }
    for (size_t i = 0; i < reco_report_child_count(r); i++)
        n += proofs_passed(reco_report_child(r, i, NULL));
    return n;
}

static reco_code verify_one(cred *c, const reco_verify_options *opt, reco_error *err)
{
    reco_report *report = NULL;
    reco_code rc = reco_verify_input(c->text.data, c->text.len, c->path, opt, &report, err);
    if (!rc)
        c->checked = proofs_passed(report);
    reco_report_free(report);
    return rc;
}

static void print_report(const cred *c, const reco_verify_options *opt)
{
    reco_report *report = NULL;
    reco_buf text;
    reco_buf_init(&text, 0);
    if (reco_verify_input(c->text.data, c->text.len, c->path, opt, &report, NULL) == RECO_OK &&
        reco_report_to_text(report, &text, NULL) == RECO_OK)
        fprintf(stderr, "%.*s", (int)text.len, text.data);
    reco_report_free(report);
    reco_buf_release(&text);
}

/* Raw Ed25519 verifications per second of a 64-byte message. */
static int raw_rate(const reco_key *key, long count, double *rate)
{
    uint8_t msg[64];
    reco_buf sig;
    reco_error err;
    int rc = -1;
    memset(msg, 0x5a, sizeof msg);
    reco_buf_init(&sig, 0);
    if (reco_key_sign(key, msg, sizeof msg, &sig, &err) != RECO_OK)
        goto out;
    double start = now();
    for (long i = 0; i < count; i++) {
        if (reco_key_verify(key, msg, sizeof msg, sig.data, sig.len, &err) != RECO_OK)
            goto out;
    }
    *rate = (double)count / (now() - start);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "error: raw Ed25519: %s\n", err.msg);
    reco_buf_release(&sig);
    return rc;
}

int main(int argc, char **argv)
{
    static const char *defaults[] = {
        "01-minimal.json",   "02-alignments.json",   "03-results.json",
        "04-evidence.json",  "05-endorsement.json",  "06-complete.json",
        "07-volunteer.json", "08-endorsements.json", "09-vae.json"};
    static char default_paths[sizeof defaults / sizeof *defaults][4096];
    const size_t ndefaults = sizeof defaults / sizeof *defaults;
    int rc = 1;
    long iterations = 200, raw = 20000;
    const char *write_dir = NULL;
    const char **paths = calloc((size_t)argc + ndefaults, sizeof *paths);
    cred *creds = NULL;
    size_t n = 0, proofs = 0;
    reco_key *key = NULL;
    reco_ld_loader *loader = NULL;
    reco_buf did;
    reco_error err;
    reco_verify_options opt;
    reco_di_sign_options so;
    reco_time created;

    reco_buf_init(&did, 0);
    memset(&opt, 0, sizeof opt);
    memset(&so, 0, sizeof so);
    if (!paths)
        goto out;
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--raw") == 0) && i + 1 < argc) {
            char *end = NULL;
            long v = strtol(argv[i + 1], &end, 10);
            if (*end || v <= 0) {
                fprintf(stderr, "error: %s takes a positive number\n", argv[i]);
                goto out;
            }
            *(strcmp(argv[i], "-n") == 0 ? &iterations : &raw) = v;
            i++;
        } else if (strcmp(argv[i], "--write") == 0 && i + 1 < argc) {
            write_dir = argv[++i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: verify_bench [-n ITERATIONS] [--raw N] [--write DIR] [FILE...]\n");
            rc = 0;
            goto out;
        } else {
            paths[n++] = argv[i];
        }
    }
    if (n == 0) {
        /* bench/data next to this source file's tree: RECO_SOURCE_DIR, or the current one. */
        const char *root = getenv("RECO_SOURCE_DIR");
        for (size_t k = 0; k < ndefaults; k++) {
            snprintf(default_paths[k], sizeof default_paths[k], "%s/bench/data/%s",
                     root ? root : ".", defaults[k]);
            paths[n++] = default_paths[k];
        }
    }

    /* The fixed key: seed 0x01 0x02 ... 0x20. */
    uint8_t seed[32];
    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)(i + 1);
    if (reco_key_from_ed25519_raw(NULL, seed, &key, &err) || reco_key_to_did_key(key, &did, &err) ||
        reco_time_parse("2025-01-01T00:00:00Z", 20, true, &created, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        goto out;
    }
    loader = reco_ld_loader_new();
    creds = calloc(n, sizeof *creds);
    if (!loader || !creds || reco_buf_putc(&did, '\0')) {
        fprintf(stderr, "error: out of memory\n");
        goto out;
    }
    so.cryptosuite = "eddsa-rdfc-2022";
    so.created = &created;
    so.loader = loader;
    /* A credential that cannot be signed (safe mode refuses a term no context defines) is
       left out with the reason: no issuer could sign it with eddsa-rdfc-2022 either. */
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        if (prepare(paths[k], key, did.data, &so, &creds[kept])) {
            reco_buf_release(&creds[kept].text);
            memset(&creds[kept], 0, sizeof creds[kept]);
            fprintf(stderr, "left out: %s\n", paths[k]);
            continue;
        }
        proofs += creds[kept++].proofs;
    }
    n = kept;
    if (n == 0) {
        fprintf(stderr, "error: no credential could be signed\n");
        goto out;
    }

    if (write_dir) {
        for (size_t k = 0; k < n; k++) {
            char out_path[4096];
            snprintf(out_path, sizeof out_path, "%s/%s", write_dir, base_name(creds[k].path));
            if (reco_file_write(out_path, creds[k].text.data, creds[k].text.len, 0644, &err)) {
                fprintf(stderr, "error: %s\n", err.msg);
                goto out;
            }
        }
        printf("%zu signed credentials (%zu signatures) written to %s\n", n, proofs, write_dir);
        rc = 0;
        goto out;
    }

    opt.offline = true;
    opt.loader = loader;
    /* Status lists are not fetched offline; the status check of 06-complete is not-checked,
       which does not change the work measured here. */

    /* Cold: the first credential with the loader's cache as signing left it. */
    double t0 = now();
    for (size_t k = 0; k < n; k++) {
        if (verify_one(&creds[k], &opt, &err)) {
            fprintf(stderr, "error: %s: %s\n", creds[k].path, err.msg);
            goto out;
        }
        if (creds[k].checked != creds[k].proofs) {
            fprintf(stderr, "error: %s: %zu of %zu signatures verified:\n", creds[k].path,
                    creds[k].checked, creds[k].proofs);
            print_report(&creds[k], &opt);
            goto out;
        }
    }
    double first = now() - t0;

    /* Raw Ed25519 before and after the verifications: the machine's speed may drift (other
       work, frequency scaling); the ratio uses their mean. */
    double raw_before = 0, raw_after = 0;
    if (raw_rate(key, raw, &raw_before))
        goto out;
    double start = now();
    for (long it = 0; it < iterations; it++) {
        for (size_t k = 0; k < n; k++) {
            if (verify_one(&creds[k], &opt, &err) || creds[k].checked != creds[k].proofs) {
                fprintf(stderr, "error: %s: verification changed: %s\n", creds[k].path, err.msg);
                goto out;
            }
        }
    }
    double secs = now() - start;
    double total = (double)iterations * (double)n;
    double sigs = (double)iterations * (double)proofs;
    if (raw_rate(key, raw, &raw_after))
        goto out;
    double raw_per_sec = (raw_before + raw_after) / 2;

    printf("reco: first pass over %zu credentials %.0f µs\n", n, first * 1e6);
    printf("reco: %.0f verifications (%zu credentials x %ld, %zu signatures each pass) in %.3f "
           "s: %.1f credentials/s, %.1f µs/credential, %.1f signatures/s\n",
           total, n, iterations, proofs, secs, total / secs, secs * 1e6 / total, sigs / secs);
    printf("raw Ed25519: %ld verifications of a 64-byte message: %.1f verifications/s (%.1f "
           "before, %.1f after)\n",
           raw, raw_per_sec, raw_before, raw_after);
    printf("ratio: %.1f signatures/s in full verification / %.1f raw = %.1f%% of the raw rate "
           "(aim: 60%%)\n",
           sigs / secs, raw_per_sec, 100.0 * sigs / secs / raw_per_sec);
    rc = 0;
out:
    for (size_t k = 0; creds && k < n; k++)
        reco_buf_release(&creds[k].text);
    free(creds);
    free(paths);
    reco_buf_release(&did);
    reco_ld_loader_free(loader);
    reco_key_free(key);
    return rc;
}
