/*
 * reco/store.h - the domain-level store: users, tokens, sessions, issuers and their keys,
 * memberships, achievements, credentials (awards), status lists, jobs and the earner's
 * backpack. One interface, several backends (SQLite now, PostgreSQL later), each a table of
 * functions (reco_store_methods) that speaks its own SQL. Only src/store/store.c calls through
 * the table; everyone else calls the reco_store_* wrappers below.
 *
 * Conventions:
 * - Rows are plain structs. Strings in rows returned by the store are allocated from the arena
 *   the caller passes (freeing the arena frees them). Strings in rows given to the store are
 *   borrowed for the call.
 * - Every id that appears in a public URL is a "public id": a short random string
 *   (base58btc of 16 random bytes) made by the app layer, never a row number.
 * - Times are seconds since the epoch (UTC), 0 = none.
 * - Lookups that find nothing return RECO_ENOTFOUND; unique violations RECO_ECONFLICT; any
 *   other database failure RECO_ESTORE with the backend's message. A row that refers to a row
 *   that does not exist, or breaks a check (unknown state, bits of the wrong length), is
 *   RECO_EINVAL.
 * - *_put: id 0 inserts and writes the new id back into the row; any other id updates every
 *   column of that row (RECO_ENOTFOUND when there is none).
 * - Threads: one store may be used from several threads at once. A transaction belongs to the
 *   thread that began it (commit or roll back from that thread); while it is open, other
 *   threads' writes wait for its end, their reads do not wait and see the last committed state.
 * - Lists answer an array allocated from the arena and its length (NULL and 0 when empty).
 */
#ifndef RECO_STORE_H
#define RECO_STORE_H

#include "reco/common.h"
#include "reco/base.h"

typedef struct reco_store reco_store;

/* ---------------------------------------------------------------- rows */

typedef struct reco_user_row {
    int64_t id;
    const char *email;         /**< lower case, unique */
    const char *password_hash; /**< argon2id encoded string, or NULL (no password yet) */
    const char *name;          /**< display name, may be NULL */
    const char *locale;        /**< "fr" | "en" | NULL */
    bool is_admin;
    int64_t confirmed_at; /**< e-mail confirmed; 0 = not yet */
    int64_t created_at;
} reco_user_row;

/** Personal API tokens and browser sessions share one shape: only a hash is stored. */
typedef enum reco_secret_kind {
    RECO_SECRET_API_TOKEN = 1,
    RECO_SECRET_SESSION,
    RECO_SECRET_EMAIL_CONFIRM,
    RECO_SECRET_PASSWORD_RESET
} reco_secret_kind;

typedef struct reco_secret_row {
    int64_t id;
    reco_secret_kind kind;
    const char *hash; /**< hex SHA-256 of the secret; the secret itself is never stored */
    int64_t user_id;
    const char *label; /**< token label, or the session's CSRF token, may be NULL */
    int64_t created_at;
    int64_t expires_at; /**< 0 = never */
    int64_t revoked_at; /**< 0 = live */
} reco_secret_row;

typedef struct reco_issuer_row {
    int64_t id;
    const char *slug; /**< [a-z0-9-]{1,64}, unique: <base>/issuers/<slug> */
    const char *name;
    const char *url;
    const char *email;
    const char *description;
    const char *image_url;  /**< may be NULL */
    const char *address;    /**< OB 3.0 Address as JSON text (with commune / department /
                                 region codes in extensions), may be NULL */
    const char *ed25519_sk; /**< encrypted private key (app-defined text form) */
    const char *ed25519_pk; /**< publicKeyMultibase */
    const char *rsa_sk;     /**< encrypted private JWK, may be NULL */
    const char *rsa_pk;     /**< public JWK JSON text, may be NULL */
    int64_t created_at;
} reco_issuer_row;

typedef enum reco_role {
    RECO_ROLE_NONE = 0,
    RECO_ROLE_AWARDER = 1,
    RECO_ROLE_EDITOR = 2,
    RECO_ROLE_OWNER = 3
} reco_role;

typedef struct reco_achievement_row {
    int64_t id;
    const char *public_id;
    int64_t issuer_id;
    const char *name;
    const char *description;
    const char *criteria_md;      /**< Markdown */
    const char *achievement_type; /**< OB 3.0 enumeration value or "ext:..." */
    const char *tags;             /**< JSON array text */
    const char *alignments;       /**< JSON array text of OB 3.0 Alignment objects */
    const char *image_type;       /**< "image/png" | "image/svg+xml" | NULL */
    const void *image;            /**< image bytes, may be NULL */
    size_t image_len;
    int64_t validity_days; /**< 0 = no default validUntil */
    int64_t created_at;
} reco_achievement_row;

typedef struct reco_credential_row {
    int64_t id;
    const char *public_id;
    int64_t issuer_id;
    int64_t achievement_id;
    const char *recipient_email; /**< may be NULL */
    const char *recipient_did;   /**< may be NULL */
    const char *recipient_name;  /**< may be NULL */
    const char *json;            /**< the signed credential, JSON-LD text */
    const char *jwt;             /**< VC-JWT form when asked, may be NULL */
    int64_t status_list_id;
    int64_t status_index;
    const char *claim_hash; /**< hex SHA-256 of the claim token, may be NULL */
    int64_t claimed_by;     /**< user id, 0 = not claimed */
    int64_t claim_expires_at;
    int64_t revoked_at; /**< 0 = not revoked */
    const char *revocation_reason;
    int64_t job_id; /**< bulk job that made it, 0 = none */
    int64_t job_row;
    bool public_in_backpack;
    int64_t created_at;
} reco_credential_row;

/** BitstringStatusList: one list per issuer and purpose; the bits live in the row. */
typedef struct reco_status_list_row {
    int64_t id;
    const char *public_id;
    int64_t issuer_id;
    const char *purpose; /**< "revocation" | "suspension" */
    int64_t size;        /**< number of entries (bits), at least 131072 */
    int64_t next_index;  /**< next free index */
    const uint8_t *bits; /**< size / 8 bytes, most significant bit first */
    size_t bits_len;
    int64_t updated_at;
} reco_status_list_row;

typedef enum reco_job_state {
    RECO_JOB_QUEUED = 1,
    RECO_JOB_RUNNING,
    RECO_JOB_DONE,
    RECO_JOB_FAILED
} reco_job_state;

typedef struct reco_job_row {
    int64_t id;
    const char *public_id;
    const char *kind; /**< "bulk-award" */
    int64_t issuer_id;
    int64_t achievement_id;
    int64_t user_id;
    reco_job_state state;
    bool all_or_nothing;
    const char *input; /**< the CSV text */
    int64_t total;     /**< rows in the input */
    int64_t done;      /**< rows handled so far (the resume point) */
    int64_t ok;
    int64_t failed;
    const char *report; /**< JSON array text: one entry per handled row */
    const char *error;  /**< why the job failed, may be NULL */
    int64_t created_at;
    int64_t updated_at;
} reco_job_row;

/** One credential of a bulk job: its CSV row (1 = the first data row) and public id. */
typedef struct reco_job_credential {
    int64_t row;
    const char *public_id;
} reco_job_credential;

/** A badge an earner imported into the backpack (verified first, stored with its report). */
typedef struct reco_backpack_row {
    int64_t id;
    const char *public_id;
    int64_t user_id;
    const char *source;  /**< file name or URL it came from */
    const char *format;  /**< "json" | "jwt" | "png" | "svg" | "url" */
    const char *content; /**< the credential text (JSON or compact JWS) */
    const char *report;  /**< verification report JSON text */
    const char *title;   /**< achievement name for lists */
    const char *issuer_name;
    bool is_public;
    int64_t created_at;
} reco_backpack_row;

/** A member of an issuer (memberships joined with users). */
typedef struct reco_member_row {
    int64_t user_id;
    const char *email;
    const char *name; /**< may be NULL */
    reco_role role;
} reco_member_row;

/** One page of a list. */
typedef struct reco_page {
    int64_t limit; /**< 1..1000, 0 = 50 */
    int64_t offset;
} reco_page;

/* ---------------------------------------------------------------- the backend table */

/**
 * What a backend implements. Append members, never reorder (SQLite's iVersion). Every member
 * is required unless marked optional. `a` is the arena for strings of returned rows.
 */
typedef struct reco_store_methods {
    int version;        /**< 1 */
    const char *scheme; /**< "sqlite", "postgres" */
    reco_code (*open)(const char *location, reco_store **out, reco_error *err);
    void (*close)(reco_store *s);
    /** Transactions nest by counting; only the outermost commits or rolls back. An inner
        rollback dooms the whole: the outermost commit then rolls back and returns RECO_ESTORE.
        Commit without begin is RECO_EINVAL; rollback without begin does nothing. */
    reco_code (*begin)(reco_store *s, reco_error *err);
    reco_code (*commit)(reco_store *s, reco_error *err);
    void (*rollback)(reco_store *s);
    /** Schema version after migrations (the number of migrations applied). */
    int (*schema_version)(reco_store *s);

    reco_code (*user_put)(reco_store *s, reco_user_row *u, reco_error *err); /**< id 0 = insert */
    reco_code (*user_get)(reco_store *s, int64_t id, reco_arena *a, reco_user_row *out,
                          reco_error *err);
    reco_code (*user_by_email)(reco_store *s, const char *email, reco_arena *a, reco_user_row *out,
                               reco_error *err);

    reco_code (*secret_put)(reco_store *s, reco_secret_row *t, reco_error *err);
    /** A live (not revoked, not expired at now) secret of that kind and hash. */
    reco_code (*secret_find)(reco_store *s, reco_secret_kind kind, const char *hash, int64_t now,
                             reco_arena *a, reco_secret_row *out, reco_error *err);
    /** Revoking again keeps the first revocation time. */
    reco_code (*secret_revoke)(reco_store *s, int64_t id, int64_t now, reco_error *err);
    /** All of that user's secrets of that kind, revoked and expired ones included, newest
        first. */
    reco_code (*secret_list)(reco_store *s, int64_t user_id, reco_secret_kind kind, reco_arena *a,
                             reco_secret_row **out, size_t *n, reco_error *err);

    reco_code (*issuer_put)(reco_store *s, reco_issuer_row *i, reco_error *err);
    reco_code (*issuer_get)(reco_store *s, int64_t id, reco_arena *a, reco_issuer_row *out,
                            reco_error *err);
    reco_code (*issuer_by_slug)(reco_store *s, const char *slug, reco_arena *a,
                                reco_issuer_row *out, reco_error *err);
    /** By name (case-insensitive), then id. */
    reco_code (*issuer_list)(reco_store *s, const reco_page *pg, reco_arena *a,
                             reco_issuer_row **out, size_t *n, reco_error *err);

    reco_code (*role_set)(reco_store *s, int64_t issuer_id, int64_t user_id, reco_role role,
                          reco_error *err); /**< RECO_ROLE_NONE removes */
    reco_code (*role_get)(reco_store *s, int64_t issuer_id, int64_t user_id, reco_role *out,
                          reco_error *err); /**< RECO_ROLE_NONE when no membership */
    /** Issuers where user_id has any role (ids, and roles in the same order). */
    reco_code (*roles_of_user)(reco_store *s, int64_t user_id, reco_arena *a, int64_t **issuers,
                               reco_role **roles, size_t *n, reco_error *err);

    reco_code (*achievement_put)(reco_store *s, reco_achievement_row *r, reco_error *err);
    reco_code (*achievement_get)(reco_store *s, int64_t id, reco_arena *a,
                                 reco_achievement_row *out, reco_error *err);
    reco_code (*achievement_by_public_id)(reco_store *s, const char *public_id, reco_arena *a,
                                          reco_achievement_row *out, reco_error *err);
    /** issuer_id 0 = all issuers. Newest first. */
    reco_code (*achievement_list)(reco_store *s, int64_t issuer_id, const reco_page *pg,
                                  reco_arena *a, reco_achievement_row **out, size_t *n,
                                  reco_error *err);

    reco_code (*credential_put)(reco_store *s, reco_credential_row *c, reco_error *err);
    reco_code (*credential_get)(reco_store *s, int64_t id, reco_arena *a, reco_credential_row *out,
                                reco_error *err);
    reco_code (*credential_by_public_id)(reco_store *s, const char *public_id, reco_arena *a,
                                         reco_credential_row *out, reco_error *err);
    reco_code (*credential_by_claim)(reco_store *s, const char *claim_hash, reco_arena *a,
                                     reco_credential_row *out, reco_error *err);
    /**
     * Filters: 0 / NULL = any. Newest first. search: a case-insensitive (ASCII) substring of the
     * recipient e-mail, the recipient name or the public id, taken literally (no wild cards),
     * at most 200 bytes; "" = none. total (may be NULL): rows matching the filters, counted in
     * the same snapshot as the page.
     */
    reco_code (*credential_list)(reco_store *s, int64_t issuer_id, int64_t achievement_id,
                                 int64_t claimed_by, const char *search, const reco_page *pg,
                                 reco_arena *a, reco_credential_row **out, size_t *n,
                                 int64_t *total, reco_error *err);
    /** The credential a job made for one CSV row, if any (resume after a crash). */
    reco_code (*credential_by_job_row)(reco_store *s, int64_t job_id, int64_t row, reco_arena *a,
                                       reco_credential_row *out, reco_error *err);

    /** size: a positive multiple of 8; bits: size / 8 bytes, or NULL: on insert every bit
        clear, on update the stored bits are kept (they change through status_list_set). */
    reco_code (*status_list_put)(reco_store *s, reco_status_list_row *l, reco_error *err);
    reco_code (*status_list_get)(reco_store *s, int64_t id, reco_arena *a,
                                 reco_status_list_row *out, reco_error *err);
    reco_code (*status_list_by_public_id)(reco_store *s, const char *public_id, reco_arena *a,
                                          reco_status_list_row *out, reco_error *err);
    /** The list of that issuer and purpose that still has a free index, or RECO_ENOTFOUND. */
    reco_code (*status_list_open_for)(reco_store *s, int64_t issuer_id, const char *purpose,
                                      reco_arena *a, reco_status_list_row *out, reco_error *err);
    /** Take the next free index (inside the caller's transaction): next_index is read and
        incremented in one step. RECO_ELIMIT when the list is full. */
    reco_code (*status_list_take)(reco_store *s, int64_t list_id, int64_t *index, reco_error *err);
    /** Set or clear one bit (index 0 = the left-most bit of byte 0) and updated_at, in one
        transaction (nested in the caller's). An index outside the list is RECO_EINVAL. */
    reco_code (*status_list_set)(reco_store *s, int64_t list_id, int64_t index, bool value,
                                 int64_t now, reco_error *err);

    reco_code (*job_put)(reco_store *s, reco_job_row *j, reco_error *err);
    reco_code (*job_get)(reco_store *s, int64_t id, reco_arena *a, reco_job_row *out,
                         reco_error *err);
    reco_code (*job_by_public_id)(reco_store *s, const char *public_id, reco_arena *a,
                                  reco_job_row *out, reco_error *err);
    /** Jobs in state QUEUED or RUNNING, oldest first (resumed at start). */
    reco_code (*job_list_pending)(reco_store *s, reco_arena *a, reco_job_row **out, size_t *n,
                                  reco_error *err);

    reco_code (*backpack_put)(reco_store *s, reco_backpack_row *b, reco_error *err);
    reco_code (*backpack_get)(reco_store *s, const char *public_id, reco_arena *a,
                              reco_backpack_row *out, reco_error *err);
    /** Newest first; public_only keeps the entries marked public. */
    reco_code (*backpack_list)(reco_store *s, int64_t user_id, bool public_only,
                               const reco_page *pg, reco_arena *a, reco_backpack_row **out,
                               size_t *n, reco_error *err);
    reco_code (*backpack_delete)(reco_store *s, int64_t id, reco_error *err);
    /** Optional: the members of an issuer with their e-mail and name, owners first, then by
        e-mail (at most 1000). */
    reco_code (*members_of_issuer)(reco_store *s, int64_t issuer_id, reco_arena *a,
                                   reco_member_row **out, size_t *n, reco_error *err);

    /* version 2 */

    /** A job's progress: state, done, ok, failed, report, error and updated_at of the job
        with that id, leaving its input (the CSV) alone, so that a bulk award can record its
        progress with every row at the cost of a small write. RECO_ENOTFOUND: no such job. */
    reco_code (*job_progress)(reco_store *s, const reco_job_row *j, reco_error *err);
    /** The credentials a job made, by row: each row number with the credential's public id
        (strings in a). */
    reco_code (*job_credentials)(reco_store *s, int64_t job_id, reco_arena *a,
                                 reco_job_credential **out, size_t *n, reco_error *err);
} reco_store_methods;

/** Backends embed this first. */
struct reco_store {
    const reco_store_methods *m;
};

/* ---------------------------------------------------------------- wrappers */

/**
 * Open a store by URL: "sqlite:PATH" or a plain path (SQLite file), "postgres://..." (when
 * built with PostgreSQL). Runs migrations. *out is closed with reco_store_close.
 * SQLite: the folder of PATH must exist (RECO_EIO otherwise); a new file is made with mode
 * 0600; PATH naming a folder means FOLDER/reco.db; ":memory:" is a private in-memory store
 * (one connection: there, reads wait for other threads' transactions).
 * RECO_ESTORE when the file is not a database or its schema is newer than this program.
 */
RECO_API reco_code reco_store_open(const char *url, reco_store **out, reco_error *err);
/** NULL does nothing. No other thread may be using the store. An open transaction is rolled
    back. */
RECO_API void reco_store_close(reco_store *s);
/** The SQLite backend table (for tests and for reco_store_open). */
RECO_API const reco_store_methods *reco_store_sqlite_methods(void);

/*
 * One wrapper per member of reco_store_methods, same arguments after the store:
 * reco_store_begin, reco_store_commit, reco_store_rollback, reco_store_user_put, ...
 * They are declared below so that callers never touch the table.
 */
RECO_API reco_code reco_store_begin(reco_store *s, reco_error *err);
RECO_API reco_code reco_store_commit(reco_store *s, reco_error *err);
RECO_API void reco_store_rollback(reco_store *s);
RECO_API int reco_store_schema_version(reco_store *s);
RECO_API const char *reco_store_scheme(const reco_store *s);

RECO_API reco_code reco_store_user_put(reco_store *s, reco_user_row *u, reco_error *err);
RECO_API reco_code reco_store_user_get(reco_store *s, int64_t id, reco_arena *a, reco_user_row *out,
                                       reco_error *err);
RECO_API reco_code reco_store_user_by_email(reco_store *s, const char *email, reco_arena *a,
                                            reco_user_row *out, reco_error *err);
RECO_API reco_code reco_store_secret_put(reco_store *s, reco_secret_row *t, reco_error *err);
RECO_API reco_code reco_store_secret_find(reco_store *s, reco_secret_kind kind, const char *hash,
                                          int64_t now, reco_arena *a, reco_secret_row *out,
                                          reco_error *err);
RECO_API reco_code reco_store_secret_revoke(reco_store *s, int64_t id, int64_t now,
                                            reco_error *err);
RECO_API reco_code reco_store_secret_list(reco_store *s, int64_t user_id, reco_secret_kind kind,
                                          reco_arena *a, reco_secret_row **out, size_t *n,
                                          reco_error *err);
RECO_API reco_code reco_store_issuer_put(reco_store *s, reco_issuer_row *i, reco_error *err);
RECO_API reco_code reco_store_issuer_get(reco_store *s, int64_t id, reco_arena *a,
                                         reco_issuer_row *out, reco_error *err);
RECO_API reco_code reco_store_issuer_by_slug(reco_store *s, const char *slug, reco_arena *a,
                                             reco_issuer_row *out, reco_error *err);
RECO_API reco_code reco_store_issuer_list(reco_store *s, const reco_page *pg, reco_arena *a,
                                          reco_issuer_row **out, size_t *n, reco_error *err);
RECO_API reco_code reco_store_role_set(reco_store *s, int64_t issuer_id, int64_t user_id,
                                       reco_role role, reco_error *err);
RECO_API reco_code reco_store_role_get(reco_store *s, int64_t issuer_id, int64_t user_id,
                                       reco_role *out, reco_error *err);
RECO_API reco_code reco_store_roles_of_user(reco_store *s, int64_t user_id, reco_arena *a,
                                            int64_t **issuers, reco_role **roles, size_t *n,
                                            reco_error *err);
RECO_API reco_code reco_store_achievement_put(reco_store *s, reco_achievement_row *r,
                                              reco_error *err);
RECO_API reco_code reco_store_achievement_get(reco_store *s, int64_t id, reco_arena *a,
                                              reco_achievement_row *out, reco_error *err);
RECO_API reco_code reco_store_achievement_by_public_id(reco_store *s, const char *public_id,
                                                       reco_arena *a, reco_achievement_row *out,
                                                       reco_error *err);
RECO_API reco_code reco_store_achievement_list(reco_store *s, int64_t issuer_id,
                                               const reco_page *pg, reco_arena *a,
                                               reco_achievement_row **out, size_t *n,
                                               reco_error *err);
RECO_API reco_code reco_store_credential_put(reco_store *s, reco_credential_row *c,
                                             reco_error *err);
RECO_API reco_code reco_store_credential_get(reco_store *s, int64_t id, reco_arena *a,
                                             reco_credential_row *out, reco_error *err);
RECO_API reco_code reco_store_credential_by_public_id(reco_store *s, const char *public_id,
                                                      reco_arena *a, reco_credential_row *out,
                                                      reco_error *err);
RECO_API reco_code reco_store_credential_by_claim(reco_store *s, const char *claim_hash,
                                                  reco_arena *a, reco_credential_row *out,
                                                  reco_error *err);
RECO_API reco_code reco_store_credential_list(reco_store *s, int64_t issuer_id,
                                              int64_t achievement_id, int64_t claimed_by,
                                              const char *search, const reco_page *pg,
                                              reco_arena *a, reco_credential_row **out, size_t *n,
                                              int64_t *total, reco_error *err);
RECO_API reco_code reco_store_credential_by_job_row(reco_store *s, int64_t job_id, int64_t row,
                                                    reco_arena *a, reco_credential_row *out,
                                                    reco_error *err);
RECO_API reco_code reco_store_status_list_put(reco_store *s, reco_status_list_row *l,
                                              reco_error *err);
RECO_API reco_code reco_store_status_list_get(reco_store *s, int64_t id, reco_arena *a,
                                              reco_status_list_row *out, reco_error *err);
RECO_API reco_code reco_store_status_list_by_public_id(reco_store *s, const char *public_id,
                                                       reco_arena *a, reco_status_list_row *out,
                                                       reco_error *err);
RECO_API reco_code reco_store_status_list_open_for(reco_store *s, int64_t issuer_id,
                                                   const char *purpose, reco_arena *a,
                                                   reco_status_list_row *out, reco_error *err);
RECO_API reco_code reco_store_status_list_take(reco_store *s, int64_t list_id, int64_t *index,
                                               reco_error *err);
RECO_API reco_code reco_store_status_list_set(reco_store *s, int64_t list_id, int64_t index,
                                              bool value, int64_t now, reco_error *err);
RECO_API reco_code reco_store_job_put(reco_store *s, reco_job_row *j, reco_error *err);
RECO_API reco_code reco_store_job_get(reco_store *s, int64_t id, reco_arena *a, reco_job_row *out,
                                      reco_error *err);
RECO_API reco_code reco_store_job_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                               reco_job_row *out, reco_error *err);
RECO_API reco_code reco_store_job_list_pending(reco_store *s, reco_arena *a, reco_job_row **out,
                                               size_t *n, reco_error *err);
RECO_API reco_code reco_store_backpack_put(reco_store *s, reco_backpack_row *b, reco_error *err);
RECO_API reco_code reco_store_backpack_get(reco_store *s, const char *public_id, reco_arena *a,
                                           reco_backpack_row *out, reco_error *err);
RECO_API reco_code reco_store_backpack_list(reco_store *s, int64_t user_id, bool public_only,
                                            const reco_page *pg, reco_arena *a,
                                            reco_backpack_row **out, size_t *n, reco_error *err);
RECO_API reco_code reco_store_backpack_delete(reco_store *s, int64_t id, reco_error *err);
/** The issuer's members (RECO_ENOTFOUND "not supported" when the backend lacks it). */
RECO_API reco_code reco_store_members_of_issuer(reco_store *s, int64_t issuer_id, reco_arena *a,
                                                reco_member_row **out, size_t *n, reco_error *err);
/**
 * A job's progress (see reco_store_methods.job_progress). A backend without that member gets
 * job_put with the row as given: pass the whole row.
 */
RECO_API reco_code reco_store_job_progress(reco_store *s, reco_job_row *j, reco_error *err);
/**
 * The credentials a job made, by row (*out in a; none: *n = 0). A backend without that member
 * answers RECO_ENOTFOUND "not supported": look rows up with reco_store_credential_by_job_row.
 */
RECO_API reco_code reco_store_job_credentials(reco_store *s, int64_t job_id, reco_arena *a,
                                              reco_job_credential **out, size_t *n,
                                              reco_error *err);

#endif
