/*
 * reco/did.h - resolving a verification method (a DID URL or an https URL) to its public key and
 * its controller, for Data Integrity proofs (reco/vc.h), VC-JWT kids (reco/jose.h) and status
 * list credentials (reco/status.h).
 *
 * Methods: did:key (self-resolving, reco_key_from_did_key), did:jwk (the JWK is in the DID),
 * did:web (the DID document fetched over https, did:web method §3.2 "Read (Resolve)"), and
 * https URLs (a controlled identifier document, a DID-like issuer Profile with
 * verificationMethod, a Multikey/JsonWebKey document, a JWK, a JWK Set). Documents are fetched
 * with the one outbound HTTP client (reco/http.h: timeouts, size caps, non-public addresses
 * refused) or a fetcher the caller supplies, and kept in an in-memory cache with a time to
 * live, shared by every thread that uses the resolver.
 *
 * The resolver says who controls the key: the DID for DID methods, the document for https
 * URLs. A verifier binds the key to the issuer by comparing that controller with issuer.id.
 *
 * See docs/status.md.
 */
#ifndef RECO_DID_H
#define RECO_DID_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/crypto.h"
#include "reco/ld.h"
#include <jansson.h>

/** Options of a resolver. Zero-initialise; every zero member takes its default. */
typedef struct reco_did_options {
    /**
     * No fetching at all: did:key and did:jwk still resolve; did:web and https methods give
     * RECO_ENOTFOUND ("offline: ... was not fetched"), which verifiers report as not-checked.
     */
    bool offline;
    /**
     * Allow loopback and private addresses (tests, a local deployment). It also makes did:web
     * use plain http:// for a loopback host (localhost, 127.0.0.1, [::1]), so a test can serve
     * a did.json from a local server. Passed on to reco_http_get.
     */
    bool allow_private_network;
    long timeout_ms;      /**< per fetch, default 10000 */
    size_t max_doc_bytes; /**< per fetched document, default 1 MiB (RECO_ELIMIT past it) */
    long cache_ttl_sec;   /**< how long a fetched document is reused: default 300; <0 = no cache */
    size_t cache_entries; /**< documents kept, default 256 (the oldest goes first) */
    reco_ld_fetch_fn fetch; /**< fetcher; NULL = reco_http_ld_fetch with the options above */
    void *fetch_ctx;        /**< given to fetch (ignored when fetch is NULL) */
    /**
     * Accept the key of an https verification method whose fragment is a Multikey
     * ("https://example.org/issuers/1#z6Mk...") without fetching anything: the rule of the 1EdTech
     * validator (its EmbeddedProofProbe). The key is then only as bound to the issuer as the URL
     * text says, which anyone can write: off by default, for conformance runs only.
     */
    bool fragment_multikey;
} reco_did_options;

/** A resolver with its cache. Opaque; thread-safe. reco_did_resolver_new / _free. */
typedef struct reco_did_resolver reco_did_resolver;

/** A new resolver (opt may be NULL for the defaults). RECO_ENOMEM only. */
RECO_API reco_code reco_did_resolver_new(const reco_did_options *opt, reco_did_resolver **out,
                                         reco_error *err);
/** Free the resolver and its cache. NULL does nothing. */
RECO_API void reco_did_resolver_free(reco_did_resolver *r);

/** Number of documents fetched (not taken from the cache) since the resolver was made. */
RECO_API size_t reco_did_resolver_fetches(const reco_did_resolver *r);

/** A resolved verification method. Caller-owned: reco_did_method_release. */
typedef struct reco_did_method {
    reco_key *key;         /**< the public key (owned) */
    char id[512];          /**< the method's absolute id */
    char controller[512];  /**< who controls the key: a DID, or the https document's id */
    char type[64];         /**< "Multikey", "JsonWebKey", ... ("" when the document says none) */
    bool assertion_method; /**< listed under assertionMethod (or a did:key / did:jwk key) */
    bool fetched;          /**< a document was fetched (or taken from the cache) to find it */
} reco_did_method;

/** Free the key; the struct is then zeroed. */
RECO_API void reco_did_method_release(reco_did_method *m);

/**
 * Resolve verification method vm:
 *  - "did:key:z...[#z...]": the key of the DID; controller = the DID;
 *  - "did:jwk:<base64url JWK>[#0]": the JWK (public members only); controller = the DID;
 *  - "did:web:host[:path...]#frag": the DID document at reco_did_web_url; its "id" must be the
 *    DID; the method is found by id (absolute or "#frag" relative) in verificationMethod or
 *    assertionMethod, must be listed in assertionMethod (Controlled Identifiers §2.3.2), and its
 *    "controller", when present, must be the DID; controller = the DID;
 *  - "https://host/path#frag": the document at the URL without fragment; its "id", when present,
 *    must be that URL; the method is found as for did:web (assertionMethod not required, since
 *    an OB 3.0 issuer Profile rarely lists one), or the document is a JWK / JWK Set; controller
 *    = the URL without fragment;
 *  - "https://host/key" (no fragment): the document is the method itself (a Multikey or
 *    JsonWebKey object whose id is the URL, or a JWK); its "controller" is fetched in turn and
 *    must list the method under assertionMethod; controller = that controller.
 * Keys come out of documents through reco_vcjwt_key_from_document's rules (publicKeyMultibase or
 * publicKeyJwk; private JWK members refused).
 * Errors: RECO_ENOTFOUND for a method reco cannot resolve (another DID method, offline, no such
 * method in the document, a fetch that failed or answered non-2xx; err says which), RECO_EVERIFY
 * when the document contradicts the method (another id, another controller, not an
 * assertionMethod), RECO_EPARSE for a document that is not JSON, RECO_EINVAL for a malformed DID
 * or an unusable key, RECO_ELIMIT for a document over max_doc_bytes, RECO_ENOMEM.
 * On error *out is zeroed.
 */
RECO_API reco_code reco_did_resolve_method(reco_did_resolver *r, const char *vm,
                                           reco_did_method *out, reco_error *err);

/**
 * Fetch a JSON document (a DID's document for a did:web DID, else the URL itself, without its
 * fragment) through the resolver's fetcher and cache. *doc is a new reference. Same errors as
 * reco_did_resolve_method. Used by reco/status.h for status list credentials.
 */
RECO_API reco_code reco_did_fetch_json(reco_did_resolver *r, const char *url, json_t **doc,
                                       reco_error *err);

/**
 * The URL of a did:web DID's document (did:web method §3.2): "did:web:example.com" ->
 * "https://example.com/.well-known/did.json", "did:web:example.com:u:alice" ->
 * "https://example.com/u/alice/did.json", "%3A" in the host is the port's ':'. With http_loopback
 * and a loopback host the scheme is "http". Appended to out. RECO_EINVAL for a DID that is not
 * did:web, an empty or malformed host, a segment with '/', '?', '#', '..' or an empty segment.
 */
RECO_API reco_code reco_did_web_url(const char *did, bool http_loopback, reco_buf *out,
                                    reco_error *err);

/**
 * The key of a did:jwk DID or DID URL ("did:jwk:eyJ...", "did:jwk:eyJ...#0"): base64url of a
 * public JWK. RECO_EINVAL for bad base64url, JSON that is not an object, private members, a key
 * reco_key_from_jwk refuses; RECO_ELIMIT over 4 KiB.
 */
RECO_API reco_code reco_did_jwk_key(const char *did, reco_key **out, reco_error *err);

/**
 * Find method vm in a fetched document doc whose URL (or DID) is base: the pure part of
 * reco_did_resolve_method, without fetching (fuzzed). out->controller is base when the document
 * holds the method; for a document that is a method itself it is the method's "controller"
 * (unconfirmed: reco_did_resolve_method confirms it). Same errors.
 */
RECO_API reco_code reco_did_document_method(const json_t *doc, const char *base, const char *vm,
                                            reco_did_method *out, reco_error *err);

/**
 * A reco_vm_resolve_fn (reco/vc.h) for reco_di_verify_options.resolve, with resolve_ctx a
 * reco_did_resolver *. It returns the key only when its controller is the document the method's
 * URL names (the part before '#'), so reco_vc_check's "issuer-key" check, which compares that
 * part with issuer.id, is sound. A key controlled by another party gives RECO_EVERIFY.
 */
RECO_API reco_code reco_did_vm_resolve(void *resolver, const char *vm, reco_key **out,
                                       reco_error *err);

/**
 * A reco_jws_kid_resolve_fn (reco/jose.h) for reco_vcjwt_verify_options.resolve, with
 * resolve_ctx a reco_did_resolver *: the same as reco_did_vm_resolve.
 */
RECO_API reco_code reco_did_kid_resolve(void *resolver, const char *kid, reco_key **out,
                                        reco_error *err);

#endif
