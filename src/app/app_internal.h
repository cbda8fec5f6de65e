/*
 * app_internal.h - what the files of the app layer share: the service object, the store lock,
 * the per-thread JSON-LD loader, secrets at rest, public ids and small JSON helpers.
 */
#ifndef RECO_APP_INTERNAL_H
#define RECO_APP_INTERNAL_H

#include "reco/app.h"
#include "reco/crypto.h"
#include "reco/did.h"
#include "reco/ld.h"
#include "reco/vc.h"
#include <pthread.h>

#define STATUS_CACHE_SLOTS 16
#define JOB_QUEUE_MAX      256
/* BitstringStatusList §6.1: at least 131,072 entries (16 KiB) for group privacy. */
#define STATUS_LIST_SIZE 131072

typedef struct status_cache_entry {
    int64_t list_id;
    uint8_t bits_hash[32]; /* SHA-256 of the bits it was made from */
    char *json;            /* malloc'ed signed credential text */
    size_t len;
} status_cache_entry;

struct reco_app {
    char *data_dir;
    char *base_url; /* no trailing '/' */
    char *store_url;
    char *smtp_url; /* NULL = outbox */
    char *smtp_from;
    char *outbox_dir;
    char did_host[300]; /* "did:web:<host>[%3A<port>]" when the base URL is https, else "" */
    bool allow_private;
    uint8_t master[32];
    reco_store *store;
    reco_did_resolver *resolver; /* key documents and status lists for verification */

    /* Use cases that write hold mu for their reads and their transaction, so that a
     * check-then-write (a free slug, a status index and the credential that names it, a job's
     * progress) is not interleaved with another writer. Reads go straight to the store, which
     * is thread-safe and lets reads run beside another thread's transaction (store.h). */
    pthread_mutex_t mu;
    /* JSON-LD loaders cache parsed documents and are not thread-safe: one per thread. */
    pthread_key_t ld_key;
    bool ld_key_made;

    pthread_mutex_t cache_mu;
    status_cache_entry cache[STATUS_CACHE_SLOTS];
    size_t cache_next;

    /* The bulk-job worker. */
    pthread_mutex_t job_mu;
    pthread_cond_t job_cond;
    pthread_t worker;
    bool worker_running;
    bool stopping;
    int64_t queue[JOB_QUEUE_MAX];
    size_t queue_len;
    size_t debug_stop_after;
};

void app_lock(reco_app *app);
void app_unlock(reco_app *app);

/** The calling thread's loader (bundled contexts only). NULL on ENOMEM. */
reco_ld_loader *app_loader(reco_app *app);

/** A new public id: base58btc of 16 random bytes, into out (cap >= 32). */
reco_code app_public_id(char *out, size_t cap, reco_error *err);

/** Seal a secret with the master key: "v1:<b64u nonce>:<b64u ciphertext+tag>" into out. aad binds
 * it to its use ("issuer:<slug>:ed25519"). */
reco_code app_seal(reco_app *app, const char *aad, const void *plain, size_t n, reco_buf *out,
                   reco_error *err);
/** Reverse of app_seal; out holds a secret: wipe it. */
reco_code app_unseal(reco_app *app, const char *aad, const char *text, reco_buf *out,
                     reco_error *err);

/** Hex SHA-256 of s into out (65 bytes). */
void app_sha256_hex(const char *s, size_t n, char out[65]);

/** The issuer id of a slug (did:web or profile URL) into out. */
reco_code app_issuer_id(reco_app *app, const char *slug, reco_buf *out);

/** Load the issuer's Ed25519 (or RSA) private key, decrypted in memory. Caller frees. */
reco_code app_issuer_key(reco_app *app, const reco_issuer_row *row, bool rsa, reco_key **out,
                         reco_error *err);

/** The role check once the issuer row is known (no lock taken; the caller holds it). */
reco_code app_check_role(reco_app *app, const reco_app_user *user, const reco_issuer_row *iss,
                         reco_role min, reco_error *err);

/** The OB 3.0 Achievement JSON-LD of a row (contexts when with_context). */
reco_code app_achievement_json(reco_app *app, const reco_achievement_row *a,
                               const reco_issuer_row *iss, bool with_context, json_t **out,
                               reco_error *err);

/** The Profile (issuer) object embedded in credentials and served (no context). */
reco_code app_profile_json(reco_app *app, const reco_issuer_row *iss, json_t **out,
                           reco_error *err);

/** A string member of body, or NULL; RECO_EINVAL when present and not a string, or longer than
 * max bytes. */
reco_code app_opt_string(const json_t *body, const char *key, size_t max, const char **out,
                         reco_error *err);

/** Award one recipient: everything but the e-mail, under the caller's lock and transaction
 * handling (see award.c). */
typedef struct award_ctx {
    const reco_issuer_row *iss;
    const reco_achievement_row *ach;
    reco_key *ed; /* issuer's Ed25519 key */
    reco_key *rsa;
    int64_t job_id, job_row;
} award_ctx;

typedef struct award_result {
    char public_id[48];
    char claim_token[96];
    json_t *credential; /* new reference */
    char *jwt;          /* malloc'ed or NULL */
} award_result;

/** Build, sign and store one award (the caller holds the lock and may hold a transaction). */
reco_code app_award_one(reco_app *app, const award_ctx *ac, const reco_app_award_params *p,
                        award_result *res, reco_error *err);
void app_award_result_release(award_result *res);

/** Tell the earner (outbox or SMTP). */
reco_code app_mail_award(reco_app *app, const reco_issuer_row *iss, const reco_achievement_row *ach,
                         const reco_app_award_params *p, const char *credential_url,
                         const char *claim_url, reco_error *err);

/**
 * A plain-text e-mail (UTF-8, lines end in '\n') to one address, through SMTP or to the
 * outbox as "<time>-<tag>-<random>.eml". tag: [a-z-], names the kind ("confirm", "reset").
 */
reco_code app_mail_text(reco_app *app, const char *to, const char *subject, const char *text,
                        const char *tag, reco_error *err);

/** Validate a recipient and its fields (award params). */
reco_code app_award_params_check(const reco_app_award_params *p, reco_error *err);

/** Loaded issuer + achievement by the achievement public id (arena strings). */
reco_code app_load_achievement(reco_app *app, const char *public_id, reco_arena *a,
                               reco_achievement_row *ach, reco_issuer_row *iss, reco_error *err);

/** Job worker. */
reco_code app_worker_start(reco_app *app, reco_error *err);
void app_worker_stop(reco_app *app);
void app_worker_enqueue(reco_app *app, int64_t job_id);
reco_code app_job_run_id(reco_app *app, int64_t job_id, reco_error *err);

/** The verification resolver (own documents from the store, no cache), and its end. */
reco_code app_verify_start(reco_app *app, reco_error *err);
void app_verify_stop(reco_app *app);

/** Drop the cached status list credentials. */
void app_status_cache_free(reco_app *app);

/** Set a member when v is not NULL (steals v); returns non-zero on failure. */
int app_set(json_t *o, const char *key, json_t *v);
/** Set a string member when s is not NULL or empty. */
int app_set_str(json_t *o, const char *key, const char *s);

/** Format a time as RFC 3339 into out (cap >= 32). */
void app_time_text(int64_t sec, char *out, size_t cap);

/**
 * Whether s is an http:// or https:// URL with something after the scheme and no space,
 * control character, '"', '<' or '>' (safe to put in a page or a credential as given).
 */
bool app_is_http_url(const char *s);

#endif
