/*
 * di.c - Data Integrity proofs (VC Data Integrity 1.0 §4): Add Proof, Add Proof Set/Chain,
 * Verify Proof, Verify Proof Sets and Chains, over a table of cryptosuites. A suite only
 * supplies its transformation, proof configuration and hashing; the signature itself is the
 * key's (reco_key_sign), so eddsa-* and later ecdsa-* suites differ only by their table entry.
 */
#include "reco/vc.h"
#include "reco/json.h"
#include "vc/di_internal.h"

#include <stdio.h>
#include <string.h>

/* Canonical forms are capped: a credential is at most a few MiB of JSON. */
#define CANON_MAX (16u * 1024u * 1024u)

/* ---------------------------------------------------------------- eddsa-jcs-2022 */

/* vc-di-eddsa §3.3.3 Transformation step 2, and §3.3.5 Proof Configuration step 4: JCS. */
static reco_code jcs_canon(const json_t *v, const reco_di_ctx *ctx, reco_buf *out, reco_error *err)
{
    (void)ctx;
    return reco_jcs(v, out, err);
}

/* vc-di-eddsa §3.3.4 (and §3.2.4): SHA-256(proof config) || SHA-256(document), 64 bytes. */
static reco_code hash_sha256_pair(const reco_buf *config, const reco_buf *doc, uint8_t out[128],
                                  size_t *n)
{
    reco_sha256(config->data, config->len, out);
    reco_sha256(doc->data, doc->len, out + 32);
    *n = 64;
    return RECO_OK;
}

static const reco_di_suite eddsa_jcs_2022 = {
    .version = 1,
    .name = "eddsa-jcs-2022",
    .proof_type = "DataIntegrityProof",
    .key_type = RECO_KEY_ED25519,
    .proof_has_context = true,
    .transform = jcs_canon,
    .configure = jcs_canon,
    .hash = hash_sha256_pair,
};

/* vc-di-eddsa §3.2: RDFC-1.0 of the document and of the proof configuration, which gets the
 * document's @context without the proof carrying it. */
static const reco_di_suite eddsa_rdfc_2022 = {
    .version = 1,
    .name = "eddsa-rdfc-2022",
    .proof_type = "DataIntegrityProof",
    .key_type = RECO_KEY_ED25519,
    .proof_has_context = false,
    .transform = reco_di_rdfc_canon,
    .configure = reco_di_rdfc_canon,
    .hash = hash_sha256_pair,
};

/*
 * eddsa-2022: the name the same EdDSA/RDFC algorithm had in the 2022-2023 drafts of
 * vc-di-eddsa (before it became eddsa-rdfc-2022), as older Digital Bazaar and DCC issuers still
 * write it. Verified like eddsa-rdfc-2022; reco never signs with it by default.
 */
static const reco_di_suite eddsa_2022 = {
    .version = 1,
    .name = "eddsa-2022",
    .proof_type = "DataIntegrityProof",
    .key_type = RECO_KEY_ED25519,
    .proof_has_context = false,
    .transform = reco_di_rdfc_canon,
    .configure = reco_di_rdfc_canon,
    .hash = hash_sha256_pair,
};

/*
 * vc-di-eddsa Appendix "The Ed25519Signature2020 Suite": a proof of type Ed25519Signature2020
 * without cryptosuite. Transformation: RDF canonicalization of the document; proof
 * configuration: the proof options with the document's @context (step 4), canonicalized;
 * hashing: SHA-256(config) || SHA-256(document). The same steps as eddsa-rdfc-2022, named by
 * the proof's type.
 */
static const reco_di_suite ed25519_signature_2020 = {
    .version = 1,
    .name = "Ed25519Signature2020",
    .proof_type = "Ed25519Signature2020",
    .key_type = RECO_KEY_ED25519,
    .proof_has_context = false,
    .transform = reco_di_rdfc_canon,
    .configure = reco_di_rdfc_canon,
    .hash = hash_sha256_pair,
};

/* The known suites; the first is not necessarily the default (RECO_DI_DEFAULT_SUITE). */
static const reco_di_suite *const suites[] = {
    &eddsa_rdfc_2022,
    &eddsa_jcs_2022,
    &eddsa_2022,
    &ed25519_signature_2020,
};

const reco_di_suite *reco_di_suite_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (strcmp(suites[i]->name, name) == 0)
            return suites[i];
    return NULL;
}

/* The suite of a proof: DataIntegrityProof names it in "cryptosuite"; a legacy proof type
 * (Ed25519Signature2020) is its own suite and has no cryptosuite. */
static const reco_di_suite *suite_of_proof(const char *type, const char *cs)
{
    const reco_di_suite *s = NULL;
    if (type && strcmp(type, "DataIntegrityProof") == 0)
        s = reco_di_suite_find(cs);
    else if (type && !cs)
        s = reco_di_suite_find(type);
    return s && type && strcmp(s->proof_type, type) == 0 ? s : NULL;
}

const reco_di_suite *reco_di_suite_at(size_t i)
{
    return i < sizeof suites / sizeof suites[0] ? suites[i] : NULL;
}

/* ---------------------------------------------------------------- shared steps */

reco_code reco_di_hash_data(const reco_di_suite *suite, const json_t *unsecured,
                            const json_t *proof_config, const reco_di_ctx *ctx, reco_buf *canon_doc,
                            reco_buf *canon_config, uint8_t hash[128], size_t *hash_len,
                            reco_error *err)
{
    reco_code rc = suite->transform(unsecured, ctx, canon_doc, err);
    if (!rc)
        rc = suite->configure(proof_config, ctx, canon_config, err);
    if (!rc)
        rc = suite->hash(canon_config, canon_doc, hash, hash_len);
    return rc;
}

/* Proofs of doc as a list: none, one object, or the members of a proof set (§2.1.1). */
static reco_code proofs_of(const json_t *doc, const json_t **list, size_t max, size_t *n,
                           reco_error *err)
{
    const json_t *p = json_object_get(doc, "proof");
    *n = 0;
    if (!p)
        return RECO_OK;
    if (json_is_object(p)) {
        list[0] = p;
        *n = 1;
        return RECO_OK;
    }
    if (!json_is_array(p))
        return reco_error_set(err, RECO_ESCHEMA, "/proof", "proof is neither an object nor a list");
    if (json_array_size(p) > max)
        return reco_error_set(err, RECO_ELIMIT, "/proof", "more than %zu proofs", max);
    for (size_t i = 0; i < json_array_size(p); i++)
        list[(*n)++] = json_array_get(p, i);
    return RECO_OK;
}

/*
 * The document a proof signs: doc without "proof", plus - for a proof chain - the proofs named
 * by previousProof (VC Data Integrity §4.3 steps 3-6, §4.5 step 3.2-3.3). *out is new.
 */
static reco_code input_document(const json_t *doc, const json_t *const *all, size_t nall,
                                const json_t *previous, json_t **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    json_t *input = json_copy((json_t *)doc);
    json_t *matching = NULL;
    if (!input) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    json_object_del(input, "proof");
    if (!previous)
        goto out;
    if (!json_is_string(previous) && !json_is_array(previous)) {
        rc = reco_error_set(err, RECO_ESCHEMA, NULL,
                            "previousProof is neither a string nor a list of strings");
        goto out;
    }
    matching = json_array();
    size_t nprev = json_is_array(previous) ? json_array_size(previous) : 1;
    for (size_t k = 0; !rc && k < nprev; k++) {
        const json_t *want = json_is_array(previous) ? json_array_get(previous, k) : previous;
        const json_t *found = NULL;
        if (!json_is_string(want)) {
            rc = reco_error_set(err, RECO_ESCHEMA, NULL, "previousProof holds a non-string");
            break;
        }
        for (size_t i = 0; i < nall && !found; i++) {
            const json_t *id = json_object_get(all[i], "id");
            if (json_is_string(id) && strcmp(json_string_value(id), json_string_value(want)) == 0)
                found = all[i];
        }
        if (!found)
            rc = reco_error_set(err, RECO_ESCHEMA, NULL, "previousProof '%s' names no proof",
                                json_string_value(want));
        else if (json_array_append(matching, (json_t *)found))
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    if (!rc && json_object_set(input, "proof", matching))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    json_decref(matching);
    if (rc) {
        json_decref(input);
        input = NULL;
    }
    *out = input;
    return rc;
}

static reco_code default_vm(const reco_key *key, reco_buf *vm, reco_error *err)
{
    reco_buf mk;
    reco_buf_init(&mk, 1024);
    reco_code rc = reco_key_to_did_key(key, vm, err);
    if (!rc)
        rc = reco_key_to_multikey(key, &mk, err);
    if (!rc)
        rc = reco_buf_putc(vm, '#');
    if (!rc)
        rc = reco_buf_append(vm, mk.data, mk.len);
    reco_buf_release(&mk);
    return rc;
}

static const char *suite_names(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; reco_di_suite_at(i); i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", reco_di_suite_at(i)->name);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* ---------------------------------------------------------------- Add Proof (§4.2, §4.3) */

reco_code reco_di_add_proof(json_t *doc, const reco_key *key, const reco_di_sign_options *opt,
                            reco_error *err)
{
    static const reco_di_sign_options defaults = {0};
    const json_t *all[RECO_DI_MAX_PROOFS];
    size_t nall = 0;
    reco_buf vm, created, canon_doc, canon_config, sig, value;
    json_t *proof = NULL, *input = NULL, *previous = NULL, *set = NULL;
    uint8_t hash[128];
    size_t hash_len = 0;
    char names[160];
    reco_code rc = RECO_OK;
    reco_di_ctx ctx;

    if (!opt)
        opt = &defaults;
    reco_buf_init(&vm, 4096);
    reco_buf_init(&created, 64);
    reco_buf_init(&canon_doc, CANON_MAX);
    reco_buf_init(&canon_config, CANON_MAX);
    reco_buf_init(&sig, 1024);
    reco_buf_init(&value, 2048);
    ctx.loader = opt->loader;

    const char *name = opt->cryptosuite ? opt->cryptosuite : RECO_DI_DEFAULT_SUITE;
    const reco_di_suite *suite = reco_di_suite_find(name);
    if (!suite) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown cryptosuite '%s' (known: %s)", name,
                            suite_names(names, sizeof names));
        goto out;
    }
    if (!json_is_object(doc)) {
        rc = reco_error_set(err, RECO_ESCHEMA, NULL, "the document to sign is not an object");
        goto out;
    }
    if (reco_key_get_type(key) != suite->key_type || !reco_key_has_private(key)) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "%s needs a private %s key, not a%s %s key",
                            suite->name, reco_key_type_name(suite->key_type),
                            reco_key_has_private(key) ? "n" : " public",
                            reco_key_type_name(reco_key_get_type(key)));
        goto out;
    }
    if (opt->verification_method &&
        (rc = reco_buf_puts(&vm, opt->verification_method)) != RECO_OK) {
        reco_error_set(err, rc, NULL, "the verification method is longer than %zu bytes", vm.max);
        goto out;
    }
    if (!opt->verification_method && (rc = default_vm(key, &vm, err)))
        goto out;
    reco_time now = opt->created ? *opt->created : reco_time_now();
    if (!opt->created)
        now.nsec = 0;
    if ((rc = reco_time_format(&now, &created))) {
        reco_error_set(err, rc, NULL, "cannot write the proof's created date");
        goto out;
    }

    /* §4.3 steps 1-6: the existing proofs stay; the new one signs the document without them. */
    if ((rc = proofs_of(doc, all, RECO_DI_MAX_PROOFS, &nall, err)))
        goto out;
    if (opt->previous_proofs) {
        int bad_list = !(previous = json_array());
        for (size_t i = 0; !bad_list && opt->previous_proofs[i]; i++)
            bad_list = json_array_append_new(previous, json_string(opt->previous_proofs[i]));
        if (bad_list) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    } else if (opt->previous_proof && !(previous = json_string(opt->previous_proof))) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if ((rc = input_document(doc, all, nall, previous, &input, err)))
        goto out;

    /* vc-di-eddsa §3.3.1 step 1 (§3.2.1 step 1): the proof starts as the proof options. */
    proof = json_object();
    int bad = !proof;
    if (!bad) {
        bad |= json_object_set_new(proof, "type", json_string(suite->proof_type));
        if (opt->id)
            bad |= json_object_set_new(proof, "id", json_string(opt->id));
        /* A legacy proof type (Ed25519Signature2020) names the suite itself. */
        if (strcmp(suite->proof_type, "DataIntegrityProof") == 0)
            bad |= json_object_set_new(proof, "cryptosuite", json_string(suite->name));
        bad |= json_object_set_new(proof, "created", json_string(created.data));
        bad |= json_object_set_new(proof, "verificationMethod", json_string(vm.data));
        bad |= json_object_set_new(
            proof, "proofPurpose",
            json_string(opt->proof_purpose ? opt->proof_purpose : "assertionMethod"));
        if (previous)
            bad |= json_object_set(proof, "previousProof", previous);
    }
    if (bad) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    const json_t *context = json_object_get(input, "@context");
    json_t *config = proof;
    if (context && suite->proof_has_context) {
        /* §3.3.1 step 2: the proof carries the document's @context (proof sets, chains). */
        if (json_object_set(proof, "@context", (json_t *)context)) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    } else if (context) {
        /* §3.2.5 step 4: only the configuration gets the document's @context. */
        config = json_copy(proof);
        if (!config || json_object_set(config, "@context", (json_t *)context)) {
            json_decref(config);
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    }
    rc = reco_di_hash_data(suite, input, config, &ctx, &canon_doc, &canon_config, hash, &hash_len,
                           err);
    if (config != proof)
        json_decref(config);
    if (rc)
        goto out;
    /* §3.3.6 Proof Serialization: EdDSA over the hash data; proofValue multibase 'z'. */
    if ((rc = reco_key_sign(key, hash, hash_len, &sig, err)))
        goto out;
    if ((rc = reco_multibase_encode('z', (const uint8_t *)sig.data, sig.len, &value)))
        goto out;
    if (json_object_set_new(proof, "proofValue", json_string(value.data))) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }

    /* §4.2 steps 5-6, §4.3 steps 7-8: one proof stays an object; a set becomes a list. */
    if (nall == 0) {
        rc = json_object_set(doc, "proof", proof) ? RECO_ENOMEM : RECO_OK;
    } else {
        set = json_array();
        bad = !set;
        for (size_t i = 0; !bad && i < nall; i++)
            bad |= json_array_append(set, (json_t *)all[i]);
        bad = bad || json_array_append(set, proof) || json_object_set(doc, "proof", set);
        rc = bad ? RECO_ENOMEM : RECO_OK;
    }
    if (rc)
        reco_error_set(err, rc, NULL, "out of memory");
out:
    reco_wipe(hash, sizeof hash);
    json_decref(set);
    json_decref(proof);
    json_decref(input);
    json_decref(previous);
    reco_buf_release(&vm);
    reco_buf_release(&created);
    reco_buf_release(&canon_doc);
    reco_buf_release(&canon_config);
    reco_buf_release(&sig);
    reco_buf_release(&value);
    return rc;
}

/* ---------------------------------------------------------------- Verify Proof (§4.4, §4.5) */

reco_code reco_vm_resolve_did_key(void *ctx, const char *vm, reco_key **out, reco_error *err)
{
    (void)ctx;
    if (strncmp(vm, "did:key:", 8) != 0)
        return reco_error_set(err, RECO_ENOTFOUND, NULL,
                              "cannot resolve verification method '%.80s': only did:key is "
                              "resolved",
                              vm);
    return reco_key_from_did_key(vm, out, err);
}

static const char *str_member(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* §3.3.2 step 4.1: the document's @context starts with the proof's @context, in order. */
static bool context_prefix(const json_t *doc_ctx, const json_t *proof_ctx)
{
    if (!doc_ctx)
        return false;
    if (!json_is_array(proof_ctx))
        return json_is_array(doc_ctx) ? json_array_size(doc_ctx) > 0 &&
                                            reco_json_equal(json_array_get(doc_ctx, 0), proof_ctx)
                                      : reco_json_equal(doc_ctx, proof_ctx);
    if (!json_is_array(doc_ctx))
        return json_array_size(proof_ctx) == 1 &&
               reco_json_equal(doc_ctx, json_array_get(proof_ctx, 0));
    if (json_array_size(proof_ctx) > json_array_size(doc_ctx))
        return false;
    for (size_t i = 0; i < json_array_size(proof_ctx); i++)
        if (!reco_json_equal(json_array_get(doc_ctx, i), json_array_get(proof_ctx, i)))
            return false;
    return true;
}

/* A fault found while verifying one proof becomes that proof's verdict, message kept. */
static reco_code reverdict(reco_error *why, const char *prefix)
{
    char msg[sizeof why->msg], path[sizeof why->path];
    snprintf(msg, sizeof msg, "%s", why->msg);
    snprintf(path, sizeof path, "%s", why->path);
    return reco_error_set(why, RECO_EVERIFY, path, "%s%s", prefix, msg);
}

/* One proof of the set: fills res; returns RECO_OK or RECO_EVERIFY (res->why says why). */
static reco_code verify_one(const json_t *doc, const json_t *const *all, size_t nall,
                            const json_t *proof, const reco_di_verify_options *opt,
                            reco_di_result *res)
{
    reco_error *why = &res->why;
    reco_buf canon_doc, canon_config, sig;
    json_t *input = NULL, *options = NULL;
    reco_key *key = NULL;
    uint8_t hash[128];
    size_t hash_len = 0;
    reco_code rc = RECO_OK;
    reco_di_ctx ctx = {.loader = opt->loader};
    char names[160];

    reco_buf_init(&canon_doc, CANON_MAX);
    reco_buf_init(&canon_config, CANON_MAX);
    reco_buf_init(&sig, 4096);
    if (!json_is_object(proof)) {
        rc = reco_error_set(why, RECO_EVERIFY, NULL, "the proof is not an object");
        goto out;
    }
    const char *type = str_member(proof, "type");
    const char *cs = str_member(proof, "cryptosuite");
    const char *vm = str_member(proof, "verificationMethod");
    const char *purpose = str_member(proof, "proofPurpose");
    const char *value = str_member(proof, "proofValue");
    snprintf(res->cryptosuite, sizeof res->cryptosuite, "%s", cs ? cs : type ? type : "");
    snprintf(res->verification_method, sizeof res->verification_method, "%s", vm ? vm : "");

    /* §4.4 step 4: type, verificationMethod and proofPurpose must exist. */
    if (!type || !vm || !purpose) {
        rc = reco_error_set(why, RECO_EVERIFY, NULL, "the proof lacks %s",
                            !type ? "a type"
                            : !vm ? "a verificationMethod"
                                  : "a proofPurpose");
        goto out;
    }
    const reco_di_suite *suite = suite_of_proof(type, cs);
    if (!suite) {
        rc = reco_error_set(why, RECO_EVERIFY, NULL,
                            "unsupported proof type %.60s%s%.60s (supported: DataIntegrityProof "
                            "with, or proof types, %s)",
                            type, cs ? "/" : "", cs ? cs : "", suite_names(names, sizeof names));
        goto out;
    }
    /* §4.4 step 5: the purpose the verifier expects. */
    const char *expected = opt->expected_purpose ? opt->expected_purpose : "assertionMethod";
    if (strcmp(purpose, expected) != 0) {
        rc = reco_error_set(why, RECO_EVERIFY, NULL, "proof purpose is '%.60s', expected '%s'",
                            purpose, expected);
        goto out;
    }
    const json_t *created = json_object_get(proof, "created");
    if (created) {
        reco_time t;
        reco_error terr;
        if (!json_is_string(created) ||
            reco_time_parse(json_string_value(created), json_string_length(created), false, &t,
                            &terr) != RECO_OK) {
            rc = reco_error_set(why, RECO_EVERIFY, NULL, "proof created is not an xsd:dateTime");
            goto out;
        }
    }
    /* §3.3.2 step 3: proofValue is multibase base58btc. */
    if (!value || value[0] != 'z') {
        rc = reco_error_set(why, RECO_EVERIFY, NULL,
                            "proofValue is missing or not multibase base58btc ('z...')");
        goto out;
    }
    if (reco_multibase_decode(value, strlen(value), &sig, why) != RECO_OK) {
        rc = reverdict(why, "proofValue does not decode: ");
        goto out;
    }
    /* §4.5 step 3.1-3.3: the document without proofs, plus the ones this proof chains to. */
    rc = input_document(doc, all, nall, json_object_get(proof, "previousProof"), &input, why);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc) {
        rc = reverdict(why, "");
        goto out;
    }
    /* §3.3.2 step 2: proof options are the proof without proofValue. */
    options = json_copy((json_t *)proof);
    if (!options) {
        rc = reco_error_set(why, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    json_object_del(options, "proofValue");
    const json_t *pctx = json_object_get(options, "@context");
    if (suite->proof_has_context && pctx) {
        /* §3.3.2 step 4: the proof's @context must begin the document's, then replaces it. */
        if (!context_prefix(json_object_get(input, "@context"), pctx)) {
            rc = reco_error_set(why, RECO_EVERIFY, NULL,
                                "the document's @context does not start with the proof's "
                                "@context");
            goto out;
        }
        if (json_object_set(input, "@context", (json_t *)pctx)) {
            rc = reco_error_set(why, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    } else if (!suite->proof_has_context && json_object_get(input, "@context")) {
        /* §3.2.2 step 5 / §3.2.5 step 4: the configuration takes the document's @context. */
        if (json_object_set(options, "@context", json_object_get(input, "@context"))) {
            rc = reco_error_set(why, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    }
    rc = reco_di_hash_data(suite, input, options, &ctx, &canon_doc, &canon_config, hash, &hash_len,
                           why);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc) {
        /* A context that is neither bundled nor allowed to be fetched (ld.h: "loading document
         * failed: ..."): the proof could not be checked, which is not the same as wrong. */
        res->unchecked = strstr(why->msg, "loading document failed") != NULL;
        rc = reverdict(why, "cannot canonicalize: ");
        goto out;
    }
    /* §3.3.7 step 1: the public key of the verification method. */
    reco_vm_resolve_fn resolve = opt->resolve ? opt->resolve : reco_vm_resolve_did_key;
    rc = resolve(opt->resolve_ctx, vm, &key, why);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc) {
        res->unchecked = rc == RECO_ENOTFOUND;
        rc = reverdict(why, "");
        goto out;
    }
    if (reco_key_get_type(key) != suite->key_type) {
        rc = reco_error_set(why, RECO_EVERIFY, NULL, "%s needs an %s key, the method has a %s key",
                            suite->name, reco_key_type_name(suite->key_type),
                            reco_key_type_name(reco_key_get_type(key)));
        goto out;
    }
    /* §3.3.7 step 2: EdDSA verification of the hash data. */
    rc = reco_key_verify(key, hash, hash_len, sig.data, sig.len, why);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc)
        rc = reco_error_set(why, RECO_EVERIFY, NULL,
                            "the signature does not match the document and the key");
out:
    res->verified = rc == RECO_OK;
    if (rc == RECO_OK)
        reco_error_clear(why);
    reco_key_free(key);
    json_decref(input);
    json_decref(options);
    reco_buf_release(&canon_doc);
    reco_buf_release(&canon_config);
    reco_buf_release(&sig);
    return rc;
}

reco_code reco_di_verify(const json_t *doc, const reco_di_verify_options *opt,
                         reco_di_result *results, size_t max, size_t *count, reco_error *err)
{
    static const reco_di_verify_options defaults = {0};
    const json_t *all[RECO_DI_MAX_PROOFS];
    size_t nall = 0;
    reco_code rc;

    *count = 0;
    if (!opt)
        opt = &defaults;
    if (!json_is_object(doc))
        return reco_error_set(err, RECO_ESCHEMA, NULL, "the document is not an object");
    if ((rc = proofs_of(doc, all, RECO_DI_MAX_PROOFS, &nall, err)))
        return rc;
    if (nall == 0)
        return reco_error_set(err, RECO_ESCHEMA, "/proof", "the document has no proof");
    *count = nall;
    bool all_ok = true;
    for (size_t i = 0; i < nall; i++) {
        reco_di_result scratch;
        reco_di_result *res = i < max ? &results[i] : &scratch;
        memset(res, 0, sizeof *res);
        rc = verify_one(doc, all, nall, all[i], opt, res);
        if (rc == RECO_ENOMEM)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        all_ok = all_ok && res->verified;
    }
    if (!all_ok)
        return reco_error_set(err, RECO_EVERIFY, "/proof", "a proof did not verify");
    return RECO_OK;
}
