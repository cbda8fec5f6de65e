/*
 * reco/app.h - the use cases of the issuing service: accounts and API tokens, issuers and
 * their keys, achievements (badges), awards one by one or from CSV (bulk jobs), revocation
 * with BitstringStatusList, the hosted documents (credentials, baked images, profiles, DID and
 * key documents, status list credentials) and verification with the service's own options.
 *
 * The app layer sits on store/ and ob/ (and vc/, crypto/); it never speaks HTTP nor writes to
 * the terminal. The server (http/) and the CLI (cli/) are faces that call one function here
 * per request or command.
 *
 * Conventions:
 * - Every fallible function returns reco_code and takes reco_error *err last.
 * - json_t **out receives a new reference the caller json_decref()s; on error *out is NULL.
 * - reco_buf *out is appended to (the caller owns it and its cap).
 * - Thread safety: one reco_app is shared by every thread of the server. Every function here
 *   may be called from any thread at the same time; store access is serialised inside, and
 *   JSON-LD processing uses one loader and one processed-context cache per thread.
 * - Codes the server maps to HTTP statuses:
 *     RECO_EINVAL / RECO_EPARSE / RECO_ESCHEMA -> 400 (bad body; err->path names the member),
 *     RECO_ELIMIT -> 413 (or 400 for a CSV row count), RECO_EVERIFY from reco_app_auth_token
 *     -> 401, RECO_EDENIED -> 403, RECO_ENOTFOUND -> 404, RECO_ECONFLICT -> 409,
 *     anything else -> 500.
 * - Private keys never leave this layer: no function returns them, in any form.
 */
#ifndef RECO_APP_H
#define RECO_APP_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/json.h"
#include "reco/report.h"
#include "reco/store.h"
#include <jansson.h>

typedef struct reco_app reco_app;

/* ---------------------------------------------------------------- lifecycle */

/** How the service runs. Zero-initialise, then fill; NULL members take their default. */
typedef struct reco_app_config {
    const char *data_dir;       /**< required: holds reco.db, master.key, outbox/ */
    const char *base_url;       /**< "https://badges.example.org" or "http://localhost:8080";
                                     NULL = "http://localhost:8080"; a trailing '/' is dropped */
    const char *store_url;      /**< NULL = "sqlite:<data_dir>/reco.db" */
    const char *smtp_url;       /**< "smtp://host:port" or "smtps://..."; NULL = write .eml files
                                     to the outbox (the server passes RECO_SMTP_URL) */
    const char *smtp_from;      /**< sender address; NULL = "no-reply@<host of base_url>" */
    const char *outbox_dir;     /**< NULL = "<data_dir>/outbox" */
    bool allow_private_network; /**< outbound fetches (verify by URL, did:web, status lists)
                                     may reach loopback / private addresses and plain http */
    bool start_worker;          /**< start the bulk-job worker thread (the server does; the CLI and
                                     tests run jobs with reco_app_job_run) */
} reco_app_config;

/**
 * Open the service: create data_dir (0700) if missing, open the store (migrations run), load
 * the master key (RECO_MASTER_KEY: 32 bytes as 64 hex digits or 43 base64url characters; else
 * data_dir/master.key, created 0600 with 32 random bytes on first start; a key file readable
 * by group or others is refused), and with cfg->start_worker start the job worker, which
 * resumes QUEUED and RUNNING jobs first (reco_app_jobs_resume). *out is closed with
 * reco_app_close. Codes: RECO_EINVAL (bad config, bad RECO_MASTER_KEY, bad key file),
 * RECO_EIO, RECO_ESTORE, RECO_ENOMEM.
 */
RECO_API reco_code reco_app_open(const reco_app_config *cfg, reco_app **out, reco_error *err);

/**
 * Stop the worker (the row in progress finishes and is committed; the job stays RUNNING and
 * is resumed at the next start), wipe the master key, close the store. NULL does nothing.
 */
RECO_API void reco_app_close(reco_app *app);

/** The base URL without a trailing '/', e.g. "http://localhost:8080". Borrowed. */
RECO_API const char *reco_app_base_url(const reco_app *app);

/** The data directory. Borrowed. */
RECO_API const char *reco_app_data_dir(const reco_app *app);

/* ---------------------------------------------------------------- accounts and tokens */

/** A signed-in user, as handlers carry it. Plain data. */
typedef struct reco_app_user {
    int64_t id;
    bool is_admin;
    char email[256];
} reco_app_user;

/**
 * Normalise an e-mail address in place: trimmed, lower case. RECO_EINVAL when it is not
 * local@domain (one '@', printable ASCII without spaces, a dot in the domain, at most 254
 * bytes).
 */
RECO_API reco_code reco_app_email_normalize(char *email, size_t cap, const char *in,
                                            reco_error *err);

/**
 * Add a user with an argon2id password (libsodium crypto_pwhash_str, interactive limits).
 * password: 8 to 1024 bytes (RECO_EINVAL otherwise). out may be NULL. RECO_ECONFLICT when the
 * e-mail exists already.
 */
RECO_API reco_code reco_app_user_add(reco_app *app, const char *email, const char *password,
                                     bool is_admin, reco_app_user *out, reco_error *err);

/** The user with this e-mail (normalised first). RECO_ENOTFOUND. */
RECO_API reco_code reco_app_user_by_email(reco_app *app, const char *email, reco_app_user *out,
                                          reco_error *err);

/**
 * Check a password. RECO_EVERIFY "wrong e-mail or password" for an unknown user or a wrong
 * password (the same message for both; the time is spent in either case).
 */
RECO_API reco_code reco_app_login(reco_app *app, const char *email, const char *password,
                                  reco_app_user *out, reco_error *err);

/**
 * Make a personal API token for user: 32 random bytes, text "reco_" + base58btc, appended to
 * token (a secret: show it once, then wipe). Only its hex SHA-256 is stored
 * (RECO_SECRET_API_TOKEN). ttl_seconds 0 = never expires. *token_id (may be NULL) gets the
 * row id, for revocation.
 */
RECO_API reco_code reco_app_token_add(reco_app *app, const reco_app_user *user, const char *label,
                                      int64_t ttl_seconds, reco_buf *token, int64_t *token_id,
                                      reco_error *err);

/** Revoke a token of actor's (admins: anyone's). RECO_ENOTFOUND, RECO_EDENIED. */
RECO_API reco_code reco_app_token_revoke(reco_app *app, const reco_app_user *actor,
                                         int64_t token_id, reco_error *err);

/**
 * The user a bearer token belongs to. RECO_EVERIFY ("the token is not valid") for NULL, a
 * malformed, unknown, revoked or expired token: the server answers 401.
 */
RECO_API reco_code reco_app_auth_token(reco_app *app, const char *token, reco_app_user *out,
                                       reco_error *err);

/**
 * RECO_OK when user holds at least min_role on the issuer with this slug (owner > editor >
 * awarder) or is an admin. RECO_EDENIED ("you need the editor role on issuer x") otherwise:
 * the server answers 403. RECO_ENOTFOUND when there is no such issuer.
 */
RECO_API reco_code reco_app_require_role(reco_app *app, const reco_app_user *user, const char *slug,
                                         reco_role min_role, reco_error *err);

/**
 * Give the user with this e-mail a role on the issuer (RECO_ROLE_NONE removes it). actor
 * needs the owner role. RECO_ENOTFOUND, RECO_EDENIED.
 */
RECO_API reco_code reco_app_role_set(reco_app *app, const reco_app_user *actor, const char *slug,
                                     const char *email, reco_role role, reco_error *err);

/* ---------------------------------------------------------------- issuers */

/**
 * Create an issuer from an OB 3.0 Profile-shaped body: "name" (required, 1..200 bytes), "url"
 * (http/https), "email", "description", "image" (a URL), "address" (an OB 3.0 Address object:
 * streetAddress, postalCode, addressLocality, addressRegion, addressCountry,
 * addressCountryCode), and the French territorial codes "commune" (INSEE, 5 characters),
 * "departement" (2 or 3), "region" (2), at the top level or inside "address". The codes are
 * kept in the store and shown in the API view, but left out of the signed and hosted JSON-LD
 * (no context this service names defines them). Text is stored as given (HTML included).
 * The slug comes from the name (accents folded, lower-case ASCII, [a-z0-9-], at most 48
 * characters, "-2", "-3"... when taken). An Ed25519 key (Multikey) and an RSA 2048 key (JWK,
 * for VC-JWT) are made and stored encrypted; actor becomes owner. *out: the API view (below).
 * RECO_EINVAL / RECO_ESCHEMA naming the member in err->path.
 *
 * API view of an issuer: {"id": "<base>/issuers/<slug>", "slug", "issuerId": the issuer's
 * identity (the did:web DID under an https base, else the profile URL), "name", "url",
 * "email", "description", "image", "address", "commune", "departement", "region",
 * "createdAt"} (absent members left out).
 */
RECO_API reco_code reco_app_issuer_create(reco_app *app, const reco_app_user *actor,
                                          const json_t *body, json_t **out, reco_error *err);

/** API view of the issuer with this slug. RECO_ENOTFOUND. */
RECO_API reco_code reco_app_issuer_get(reco_app *app, const char *slug, json_t **out,
                                       reco_error *err);

/** {"items": [API views], "limit", "offset"}. page NULL = first 50. */
RECO_API reco_code reco_app_issuer_list(reco_app *app, const reco_page *page, json_t **out,
                                        reco_error *err);

/**
 * The issuer's identity: "did:web:<host>[%3A<port>]:issuers:<slug>" under an https base URL,
 * else "<base>/issuers/<slug>". Appended to out.
 */
RECO_API reco_code reco_app_issuer_id(reco_app *app, const char *slug, reco_buf *out,
                                      reco_error *err);

/**
 * The hosted Profile JSON-LD served at <base>/issuers/<slug> (contexts VC 2.0 + OB 3.0; id =
 * the issuer id; type Profile; name, url, email, description, image, address). For an http
 * base URL (no DID) the profile also lists the keys, so that the verification method
 * "<profile URL>#key-ed25519" dereferences from the profile URL: "verificationMethod" (a
 * Multikey and a JsonWebKey, each with controller = the issuer id) and "assertionMethod".
 */
RECO_API reco_code reco_app_issuer_profile(reco_app *app, const char *slug, json_t **out,
                                           reco_error *err);

/**
 * The DID document served at <base>/issuers/<slug>/did.json (did:web, DID Core): id = the DID,
 * verificationMethod [Multikey "#key-ed25519", JsonWebKey "#key-rsa"], assertionMethod and
 * authentication naming both. Served for http base URLs too (id then the profile URL, as the
 * controller document of the keys).
 */
RECO_API reco_code reco_app_issuer_did_document(reco_app *app, const char *slug, json_t **out,
                                                reco_error *err);

/**
 * A key document at <base>/issuers/<slug>/keys/<which>, which "ed25519" (Multikey,
 * publicKeyMultibase) or "rsa" (JsonWebKey, publicKeyJwk). id = "<issuer id>#key-<which>",
 * controller = the issuer id. RECO_ENOTFOUND for another which.
 */
RECO_API reco_code reco_app_issuer_key_document(reco_app *app, const char *slug, const char *which,
                                                json_t **out, reco_error *err);

/* ---------------------------------------------------------------- achievements */

/** Largest achievement image accepted (512 KiB). */
#define RECO_APP_MAX_IMAGE (512u * 1024u)

/**
 * Check an uploaded image: PNG or SVG by reco_bake_detect, at most RECO_APP_MAX_IMAGE bytes
 * (RECO_ELIMIT); an SVG holding <script, <foreignObject, a DOCTYPE, an on* event attribute or
 * a javascript: URL is refused (RECO_EINVAL). *mime gets "image/png" or "image/svg+xml".
 */
RECO_API reco_code reco_app_image_check(const void *img, size_t n, const char **mime,
                                        reco_error *err);

/**
 * A generated badge image: an SVG disc in colour ("#rrggbb"; NULL = a colour derived from the
 * name) with the initials of name (XML-escaped). Appended to out.
 */
RECO_API reco_code reco_app_svg_generate(const char *name, const char *colour, reco_buf *out,
                                         reco_error *err);

/**
 * Create an achievement of the issuer slug from an OB 3.0 Achievement-shaped body: "name"
 * (required), "description" (required), "criteria" ({"narrative": Markdown} or a string),
 * "achievementType" (OB 3.0 enumeration value or "ext:..." such as "ext:Informal",
 * "ext:PeerRecognition"), "tag" (array of strings), "alignment" (array of OB 3.0 Alignment:
 * targetName and targetUrl required, targetCode, targetFramework ("ESCO", "ROME"),
 * targetType, targetDescription), "image" (a data: URL "data:image/png;base64,..." or
 * "data:image/svg+xml;base64,...", checked by reco_app_image_check; or {"generate": true,
 * "colour": "#rrggbb"}; absent = generated), "validityDays" (0..36500, default validity of
 * awards). actor needs the editor role. *out: the Achievement JSON-LD (reco_app_achievement_get).
 */
RECO_API reco_code reco_app_achievement_create(reco_app *app, const reco_app_user *actor,
                                               const char *slug, const json_t *body, json_t **out,
                                               reco_error *err);

/** Update (every member of body replaces the stored one). Same rules and role. */
RECO_API reco_code reco_app_achievement_update(reco_app *app, const reco_app_user *actor,
                                               const char *public_id, const json_t *body,
                                               json_t **out, reco_error *err);

/**
 * The Achievement JSON-LD served at <base>/achievements/<public_id>: @context (VC 2.0, OB
 * 3.0), id (that URL), type ["Achievement"], name, description, criteria {narrative},
 * achievementType, tag, alignment (type ["Alignment"]), image {id:
 * "<base>/achievements/<id>/image", type "Image"}, creator (the issuer's id, type Profile).
 */
RECO_API reco_code reco_app_achievement_get(reco_app *app, const char *public_id, json_t **out,
                                            reco_error *err);

/** The achievement's image bytes appended to out; *mime "image/png" or "image/svg+xml". */
RECO_API reco_code reco_app_achievement_image(reco_app *app, const char *public_id, reco_buf *out,
                                              const char **mime, reco_error *err);

/** {"items": [Achievement JSON-LD], ...}; slug NULL = every issuer. */
RECO_API reco_code reco_app_achievement_list(reco_app *app, const char *slug, const reco_page *page,
                                             json_t **out, reco_error *err);

/* ---------------------------------------------------------------- awards */

/** One award. Zero-initialise, then fill. */
typedef struct reco_app_award_params {
    const char *email;        /**< the earner's e-mail, or NULL */
    const char *did;          /**< the earner's DID, or NULL; one of the two */
    const char *name;         /**< the earner's name (e-mail greeting, lists), or NULL */
    const char *narrative;    /**< why it was awarded (AchievementSubject narrative), or NULL */
    const char *evidence_url; /**< an http(s) URL, or NULL */
    bool jwt;                 /**< also sign a VC-JWT with the RSA key */
    bool no_email;            /**< do not send the e-mail (demo data) */
} reco_app_award_params;

/**
 * Award the achievement: build the OpenBadgeCredential (id <base>/credentials/<public id>,
 * issuer = the issuer profile, credentialSubject with the recipient - a DID as id, an e-mail
 * as a salted IdentityObject -, validUntil from the achievement's validity, a
 * BitstringStatusListEntry for revocation), sign it with eddsa-rdfc-2022 and the issuer's
 * Ed25519 key (verification method "<issuer id>#key-ed25519"), and store it with its status
 * index in one transaction, with a claim token (stored hashed, valid 30 days). Then tell the
 * earner (e-mail with the claim link and a QR code: SMTP, or a .eml file in the outbox); a
 * failed e-mail does not undo the award (it is noted in "emailError"). actor needs the
 * awarder role. *out: {"id": credential URL, "credential": the signed credential, "claimUrl",
 * "jwt" (when asked)}.
 */
RECO_API reco_code reco_app_award(reco_app *app, const reco_app_user *actor,
                                  const char *achievement_id, const reco_app_award_params *p,
                                  json_t **out, reco_error *err);

/**
 * reco_app_award from the API body {"recipient": {"email": E} | {"id": DID}, "name",
 * "narrative", "evidence" (a URL string, or [{"id": URL}]), "format": "jwt"?}.
 */
RECO_API reco_code reco_app_award_json(reco_app *app, const reco_app_user *actor,
                                       const char *achievement_id, const json_t *body, json_t **out,
                                       reco_error *err);

/* ---------------------------------------------------------------- bulk awards from CSV */

/** Limits of the CSV reader. Zero = default. */
typedef struct reco_app_csv_limits {
    size_t max_bytes; /**< default 10 MiB */
    size_t max_rows;  /**< data rows, default 100000 */
    size_t max_field; /**< bytes per field, default 4096 */
    size_t max_cols;  /**< fields per row, default 32 */
} reco_app_csv_limits;

/**
 * Called once per record (the header included, as row 0). fields[i] point into a buffer that
 * lives only for the call (quotes removed, "" unescaped). Return non-OK to stop.
 */
typedef reco_code (*reco_app_csv_row_fn)(void *ctx, size_t row, const reco_slice *fields,
                                         size_t nfields, reco_error *err);

/**
 * Read CSV (RFC 4180: comma separated, CRLF or LF line ends, fields optionally in double
 * quotes with "" for a quote; a UTF-8 BOM is skipped; empty lines are skipped; a last line
 * without line end is accepted). Refused with RECO_EPARSE naming the line: a quote inside an
 * unquoted field, text after a closing quote, an unterminated quoted field, invalid UTF-8, a
 * NUL byte. RECO_ELIMIT past the limits. Errors from fn stop the reading and are returned.
 */
RECO_API reco_code reco_app_csv_parse(const char *data, size_t n, const reco_app_csv_limits *lim,
                                      reco_app_csv_row_fn fn, void *ctx, reco_error *err);

/**
 * Queue a bulk award of the achievement from CSV text with a header row naming the columns
 * "name", "email" (required; or "did"), "narrative", "evidence" (or "evidence url"), in any
 * order, case-insensitive. The CSV is checked whole first (RECO_EPARSE / RECO_ELIMIT: nothing
 * queued). all_or_nothing: every row is validated before any award; if one is bad, none is
 * awarded and the job ends FAILED with the per-row report. actor needs the awarder role.
 * *out: the job view (reco_app_job_get). The worker (or reco_app_job_run) does the awarding:
 * each row (inputs over 64 KiB: each batch of 100 to 1,000 rows) in one transaction with the
 * job's progress, so an interrupted job resumes at the first row not committed and never awards
 * a row twice.
 */
RECO_API reco_code reco_app_bulk_submit(reco_app *app, const reco_app_user *actor,
                                        const char *achievement_id, const char *csv, size_t n,
                                        bool all_or_nothing, json_t **out, reco_error *err);

/**
 * Job view: {"id": "<base>/api/v1/jobs/<public id>", "state": "queued" | "running" | "done" |
 * "failed", "total", "done", "ok", "failed", "allOrNothing", "error"?, "rows": [{"row": n (1 =
 * first data row), "status": "ok" | "error", "message"?, "credential"?: URL, "emailError"?}]}.
 * actor needs the awarder role on the job's issuer (admins: any job); actor NULL skips the check.
 */
RECO_API reco_code reco_app_job_get(reco_app *app, const reco_app_user *actor, const char *job_id,
                                    json_t **out, reco_error *err);

/** Process one job now, in this thread, from its resume point to the end. */
RECO_API reco_code reco_app_job_run(reco_app *app, const char *job_id, reco_error *err);

/**
 * Continue the QUEUED and RUNNING jobs (after a restart): hand them to the worker when it
 * runs, else process them in this thread. *n (may be NULL) gets how many.
 */
RECO_API reco_code reco_app_jobs_resume(reco_app *app, size_t *n, reco_error *err);

/**
 * Only for tests of interruption: stop processing after at most max_rows rows of the next
 * reco_app_job_run (as if the process had been killed after committing them); 0 = no limit.
 */
RECO_API void reco_app_debug_stop_after(reco_app *app, size_t max_rows);

/* ---------------------------------------------------------------- revocation and status */

/**
 * Revoke the credential: flip its bit in the issuer's revocation list and mark the row
 * (revoked_at, reason) in one transaction; the served status list changes at once. actor
 * needs the awarder role. RECO_ECONFLICT when already revoked, RECO_ENOTFOUND.
 */
RECO_API reco_code reco_app_revoke(reco_app *app, const reco_app_user *actor,
                                   const char *credential_id, const char *reason, reco_error *err);

/**
 * The BitstringStatusListCredential served at <base>/issuers/<slug>/status/<list_id>
 * (vc-bitstring-status-list §2.2: encodedList = multibase base64url "u" of the GZIP of the
 * bits), signed by the issuer (eddsa-rdfc-2022), as JSON text appended to out. Kept in memory
 * until the list changes. RECO_ENOTFOUND.
 */
RECO_API reco_code reco_app_status_list(reco_app *app, const char *slug, const char *list_id,
                                        reco_buf *out, reco_error *err);

/* ---------------------------------------------------------------- hosted credentials */

/** The signed credential JSON text served at <base>/credentials/<public_id>. RECO_ENOTFOUND. */
RECO_API reco_code reco_app_credential_json(reco_app *app, const char *public_id, reco_buf *out,
                                            reco_error *err);

/** The VC-JWT form, when it was made (RECO_ENOTFOUND otherwise). */
RECO_API reco_code reco_app_credential_jwt(reco_app *app, const char *public_id, reco_buf *out,
                                           reco_error *err);

/**
 * The achievement image with the credential baked in (OB 3.0 baking), format "png" or "svg".
 * A PNG is asked of an SVG-only achievement: RECO_ENOTFOUND ("this badge has no png
 * image"); "svg" of a PNG image likewise. *mime gets the content type.
 */
RECO_API reco_code reco_app_credential_baked(reco_app *app, const char *public_id,
                                             const char *format, reco_buf *out, const char **mime,
                                             reco_error *err);

/**
 * Admin view of one credential: {"id", "credential", "recipient": {"email"|"id", "name"},
 * "achievement": id URL, "issuer": slug, "revoked": bool, "revokedAt"?, "revocationReason"?,
 * "claimed": bool, "createdAt"}. actor needs the awarder role.
 */
RECO_API reco_code reco_app_credential_get(reco_app *app, const reco_app_user *actor,
                                           const char *public_id, json_t **out, reco_error *err);

/**
 * List credentials, newest first: filters slug and achievement_id (public id), NULL = any.
 * Non-admins see only issuers where they hold a role (with slug given, the awarder role is
 * required: RECO_EDENIED). *out: {"items": [admin views without "credential"], "total",
 * "limit", "offset"}.
 */
RECO_API reco_code reco_app_credential_list(reco_app *app, const reco_app_user *actor,
                                            const char *slug, const char *achievement_id,
                                            const reco_page *page, json_t **out, reco_error *err);

/**
 * The credential a claim token points to (the link in the e-mail): {"id", "credential",
 * "achievement": name, "issuer": name}. RECO_ENOTFOUND for an unknown or expired token.
 */
RECO_API reco_code reco_app_claim_lookup(reco_app *app, const char *token, json_t **out,
                                         reco_error *err);

/* ---------------------------------------------------------------- verification */

/**
 * Verify bytes through the pipeline reco verify runs (reco_verify_input: JSON, compact JWS,
 * PNG or SVG with a baked credential, OB 2.0 and 3.0) with the service's options: bundled
 * contexts, this service's issuers and documents (keys, DID documents, status lists) read
 * from the store (offline), anything else fetched through the outbound client (with
 * cfg->allow_private_network) without a cache, so a revocation shows at once. input names
 * the source in the report (may be NULL). Returns RECO_OK when the checks ran whatever the
 * verdict (reco_report_valid); *out is freed with reco_report_free.
 */
RECO_API reco_code reco_app_verify_bytes(reco_app *app, const void *data, size_t n,
                                         const char *input, reco_report **out, reco_error *err);

/** Fetch url (a hosted credential or image) and verify what came back. */
RECO_API reco_code reco_app_verify_url(reco_app *app, const char *url, reco_report **out,
                                       reco_error *err);

/**
 * The body of POST /api/v1/verify: a JSON object {"url": U} (verified by URL), or anything
 * else (verified as bytes).
 */
RECO_API reco_code reco_app_verify_request(reco_app *app, const void *body, size_t n,
                                           reco_report **out, reco_error *err);

/* ---------------------------------------------------------------- demonstration data */

/** What reco_app_demo made. */
typedef struct reco_app_demo_result {
    bool created;      /**< false: the demo data was there already, nothing was added */
    char email[128];   /**< the admin user */
    char password[64]; /**< its generated password (only when created) */
    char token[96];    /**< an API token for it (only when created) */
    size_t issuers;    /**< counts of what exists after the call */
    size_t achievements;
    size_t credentials;
} reco_app_demo_result;

/**
 * Make the demonstration ecosystem: a region, a "Badgeons" collective, a mission locale, an
 * association and a company, each with badges (formal, informal and peer; aligned to ROME and
 * ESCO), awards to fictitious earners (no e-mail sent) and an admin user. Run twice, it adds
 * nothing (created false).
 */
RECO_API reco_code reco_app_demo(reco_app *app, reco_app_demo_result *out, reco_error *err);

/* ================================================================ web: accounts and issuer pages
 *
 * What the pages of reco serve need beyond the API: sign up with e-mail confirmation, log in
 * with a rate limit, browser sessions with their CSRF token, password reset, account settings
 * (src/app/web_account.c); the issuer's dashboard, profile edit and members, award lists
 * (src/app/web_issuer.c). docs/web-accounts.md tells the whole flow.
 */

#define RECO_APP_PASSWORD_MIN       8                /**< bytes of a new password */
#define RECO_APP_SESSION_TTL        (14 * 24 * 3600) /**< a browser session lives 14 days */
#define RECO_APP_CONFIRM_TTL        (3 * 24 * 3600)  /**< an e-mail confirmation link: 3 days */
#define RECO_APP_RESET_TTL          3600             /**< a password reset link: 1 hour */
#define RECO_APP_LOGIN_MAX_FAILURES 5                /**< failures allowed per window... */
#define RECO_APP_LOGIN_WINDOW       (15 * 60)        /**< ...of 15 minutes, per IP and per e-mail */

/** A browser session as the pages see it. Plain data. */
typedef struct reco_app_session {
    reco_app_user user;
    char name[256]; /**< display name, "" when none */
    char locale[8]; /**< "fr", "en", or "" (no preference) */
    bool confirmed; /**< the e-mail address is confirmed */
    char csrf[65];  /**< the session's CSRF token (64 hex digits), stored with the session */
} reco_app_session;

/** 32 random bytes as 64 hex digits into out (the double-submit CSRF cookie). */
RECO_API reco_code reco_app_random_hex(char out[65], reco_error *err);

/**
 * Sign up: a new user (e-mail normalised, name 1..200 bytes, password RECO_APP_PASSWORD_MIN..
 * 1024 bytes hashed with argon2id, locale "fr"/"en"/NULL), not confirmed, and the confirmation
 * e-mail sent in that language (reco_app_email_confirm_send). Codes: RECO_EINVAL (err->path
 * names the field: "email", "name", "password"), RECO_ECONFLICT (the e-mail is taken); when
 * only the e-mail could not be sent, the account exists, err->path is "mail" and *out is set.
 */
RECO_API reco_code reco_app_signup(reco_app *app, const char *email, const char *name,
                                   const char *password, const char *locale, reco_app_user *out,
                                   reco_error *err);

/**
 * Send (outbox or SMTP) an e-mail with the link <base>/confirm/<token> to the user, in French
 * and English with lang ("fr"/"en"/NULL) first. The token is 32 random bytes (base58btc); only
 * its SHA-256 is kept (RECO_SECRET_EMAIL_CONFIRM), valid RECO_APP_CONFIRM_TTL. RECO_ENOTFOUND.
 */
RECO_API reco_code reco_app_email_confirm_send(reco_app *app, int64_t user_id, const char *lang,
                                               reco_error *err);

/**
 * Confirm the e-mail address of the link's user; the link is used up. RECO_EVERIFY ("this
 * confirmation link is not valid or has expired") for an unknown, used or expired token.
 */
RECO_API reco_code reco_app_email_confirm(reco_app *app, const char *token, reco_app_user *out,
                                          reco_error *err);

/**
 * Log in from a browser: reco_app_login with a rate limit. After RECO_APP_LOGIN_MAX_FAILURES
 * failures within RECO_APP_LOGIN_WINDOW from one client (ip) or for one e-mail (known or not),
 * every attempt answers RECO_ELIMIT ("too many failed attempts: try again in N minutes") without
 * checking the password, until the window of the oldest failure ends. A success clears the
 * e-mail's count. RECO_EVERIFY "wrong e-mail or password" otherwise. The counts live in the
 * process (one per server process).
 */
RECO_API reco_code reco_app_web_login(reco_app *app, const char *ip, const char *email,
                                      const char *password, reco_app_user *out, reco_error *err);

/**
 * Open a session for user: a random 256-bit token (base58btc) appended to token (a secret: put it
 * in the cookie, then wipe it), its SHA-256 stored as RECO_SECRET_SESSION with a new CSRF token
 * and an expiry of RECO_APP_SESSION_TTL. out (may be NULL) gets the session.
 */
RECO_API reco_code reco_app_session_open(reco_app *app, const reco_app_user *user, reco_buf *token,
                                         reco_app_session *out, reco_error *err);

/** The live session of a cookie's token. RECO_EVERIFY for an unknown, closed or expired one. */
RECO_API reco_code reco_app_session_get(reco_app *app, const char *token, reco_app_session *out,
                                        reco_error *err);

/** Close (revoke) a session. An unknown token is not an error. */
RECO_API reco_code reco_app_session_close(reco_app *app, const char *token, reco_error *err);

/**
 * Start a password reset: when the e-mail belongs to a user, send the link
 * <base>/reset/<token> (single use, RECO_APP_RESET_TTL, RECO_SECRET_PASSWORD_RESET). An
 * unknown or malformed e-mail is not an error (the page says the same thing either way).
 */
RECO_API reco_code reco_app_password_reset_request(reco_app *app, const char *email,
                                                   const char *lang, reco_error *err);

/** RECO_OK when the reset token is live (the form may be shown); RECO_EVERIFY otherwise. */
RECO_API reco_code reco_app_password_reset_check(reco_app *app, const char *token, reco_error *err);

/**
 * Set a new password with a reset token: the token is used up, the user's sessions are closed
 * and the e-mail counts as confirmed (the link proved it). RECO_EVERIFY (bad token),
 * RECO_EINVAL (password length, err->path "password").
 */
RECO_API reco_code reco_app_password_reset(reco_app *app, const char *token, const char *password,
                                           reco_error *err);

/** Change the user's display name (1..200 bytes, NULL keeps it) and language ("fr", "en" or
 * "" for none; NULL keeps it). RECO_EINVAL. */
RECO_API reco_code reco_app_account_update(reco_app *app, const reco_app_user *user,
                                           const char *name, const char *locale, reco_error *err);

/* ================================================================ web: earner and public pages
 * What the earner pages (claim, backpack, import, share) and the public pages (home, issuer,
 * badge, credential with its verification panel) need beyond the API above (docs/web-earner.md).
 */

/**
 * Claim the credential of a claim token for user's account. Refused, nothing changed:
 * RECO_ENOTFOUND (path "token") for an unknown or expired token; RECO_ECONFLICT (path "used")
 * when the credential was claimed already; RECO_EDENIED with path "confirm" when the account's
 * e-mail is not confirmed, path "email" when it differs from the credential's recipient e-mail
 * (or the credential was awarded to a DID; said before "confirm", which would not help). On success
 * the credential is in the account's backpack, private; *id_out (cap >= 48, may be NULL) gets its
 * public id.
 */
RECO_API reco_code reco_app_claim_accept(reco_app *app, const reco_app_user *user,
                                         const char *token, char *id_out, size_t cap,
                                         reco_error *err);

/**
 * The earner's backpack, two lists: {"received": {"items", "more", "offset"}, "imported":
 * {...}} (pages given apart; NULL = the first 20). Each item: {"id" (public id), "kind":
 * "received" | "imported", "name", "issuer", "description", "image" (URL or null), "public",
 * "valid", "share" (share page URL path), "json" (download path), "png", "svg" (paths or null),
 * "credentialUrl" (hosted URL or null), "issued" (RFC 3339 or null)}.
 */
RECO_API reco_code reco_app_backpack(reco_app *app, const reco_app_user *user,
                                     const reco_page *received, const reco_page *imported,
                                     json_t **out, reco_error *err);

/** Largest file or text the backpack imports (16 MiB, the bake limit). */
#define RECO_APP_MAX_IMPORT (16u * 1024u * 1024u)

/**
 * Import an Open Badge into user's backpack from bytes: PNG or SVG with a baked credential
 * (2.0 or 3.0), a JSON credential or assertion, or a compact JWS (VC-JWT). It is verified
 * first with reco_app_verify_bytes (the report of reco verify); a badge whose report is not
 * valid is refused (RECO_EVERIFY "this badge did not pass verification") and not stored; a
 * valid one is stored with its report (warnings and "could not check" kept as they are).
 * source names where it came from (file name or URL; may be NULL). *out (may be NULL even on
 * error): {"id" (public id, on success), "valid", "report": the report JSON}; set on
 * RECO_EVERIFY too. RECO_EINVAL / RECO_EPARSE for bytes that hold no credential,
 * RECO_ELIMIT over RECO_APP_MAX_IMPORT.
 */
RECO_API reco_code reco_app_backpack_import(reco_app *app, const reco_app_user *user,
                                            const void *data, size_t n, const char *source,
                                            json_t **out, reco_error *err);

/**
 * Import from an http(s) URL: fetched with the outbound client (at most RECO_APP_MAX_IMPORT
 * bytes), then as reco_app_backpack_import with the URL as source and format "url".
 */
RECO_API reco_code reco_app_backpack_import_url(reco_app *app, const reco_app_user *user,
                                                const char *url, json_t **out, reco_error *err);

/**
 * Make one badge of user's backpack public or private: id is the public id of a received
 * credential claimed by user, or of an imported badge of user's. RECO_ENOTFOUND otherwise
 * (another's badge is not revealed).
 */
RECO_API reco_code reco_app_backpack_set_public(reco_app *app, const reco_app_user *user,
                                                const char *id, bool is_public, reco_error *err);

/**
 * The share view of one backpack badge: public ones for anyone, private ones only for their
 * owner (viewer, may be NULL; RECO_ENOTFOUND for others). {"id", "kind", "name",
 * "description", "issuer", "issuerUrl", "image", "issued", "issueYear", "issueMonth",
 * "credentialUrl", "public", "owner" (viewer owns it), "valid", "report" (stored or live
 * report JSON), "json", "png", "svg", "revoked"}.
 */
RECO_API reco_code reco_app_share_view(reco_app *app, const reco_app_user *viewer, const char *id,
                                       json_t **out, reco_error *err);

/**
 * The stored text of an imported badge (JSON or compact JWS), for its download; same
 * visibility as reco_app_share_view. *mime: "application/ld+json", "application/vc+jwt" or
 * "text/plain" (a hosted 2.0 URL).
 */
RECO_API reco_code reco_app_backpack_content(reco_app *app, const reco_app_user *viewer,
                                             const char *id, reco_buf *out, const char **mime,
                                             reco_error *err);

/**
 * The credential page: {"id" (URL), "publicId", "name", "description", "image", "issuer":
 * {"name", "slug", "page"}, "achievement" (page path), "recipient" (DID, or null for a hashed
 * e-mail), "validFrom", "validUntil", "revoked", "revokedAt", "revocationReason", "jwt"
 * (bool), "report": the live verification report JSON}. The report is cached for
 * RECO_APP_REPORT_TTL seconds per credential and made again at once when the credential's
 * revocation changes.
 */
RECO_API reco_code reco_app_credential_page(reco_app *app, const char *public_id, json_t **out,
                                            reco_error *err);

/** Seconds a credential page's verification report is reused. */
#define RECO_APP_REPORT_TTL 60

/**
 * The home page lists: {"issuers": {"items": [{"slug", "name", "description", "page"}],
 * "more", "offset"}, "achievements": {"items": [{"id", "name", "description", "image",
 * "issuer", "page"}], "more", "offset"}}. Pages NULL = the first 12.
 */
RECO_API reco_code reco_app_explore(reco_app *app, const reco_page *issuers,
                                    const reco_page *achievements, json_t **out, reco_error *err);

/**
 * An issuer's public page: {"issuer": API view (reco_app_issuer_get), "achievements": {"items",
 * "more", "offset"} (as in reco_app_explore)}. RECO_ENOTFOUND.
 */
RECO_API reco_code reco_app_issuer_page(reco_app *app, const char *slug, const reco_page *page,
                                        json_t **out, reco_error *err);

/**
 * A badge's public page: {"id", "name", "description", "criteria" (text), "image",
 * "achievementType", "tags": [..], "alignments": [{"name", "url", "code", "framework"}],
 * "issuer": {"name", "slug", "page"}}. RECO_ENOTFOUND.
 */
RECO_API reco_code reco_app_achievement_page(reco_app *app, const char *public_id, json_t **out,
                                             reco_error *err);

/**
 * The dashboard of a signed-in user: {"issuers": [{"slug", "name", "role": "owner" | "editor" |
 * "awarder" | "admin"}]} — the issuers where the user holds a role (admins: every issuer, at
 * most 200, with role "admin" where they hold none).
 */
RECO_API reco_code reco_app_web_dashboard(reco_app *app, const reco_app_user *user, json_t **out,
                                          reco_error *err);

/**
 * An issuer's dashboard (actor needs the awarder role): {"issuer": API view, "role",
 * "can_edit" (editor or more), "is_owner", "members": [{"email", "name", "role"}] (only for
 * owners, else []), "badges": [{"id" (public id), "url", "name", "description", "type"}] (at
 * most 200), "awards": the 10 newest (reco_app_web_awards items), "total_awards"}.
 */
RECO_API reco_code reco_app_web_issuer(reco_app *app, const reco_app_user *actor, const char *slug,
                                       json_t **out, reco_error *err);

/**
 * Change an issuer's profile (actor needs the editor role): members "name" (1..200 bytes),
 * "url" (http/https or ""), "email" (or ""), "description", "image" (a logo URL, http/https
 * or ""), "postalCode", "addressLocality" and the INSEE codes "commune", "departement",
 * "region" of body replace the stored ones ("" removes one); absent members are kept. *out (may be
 * NULL): the API view. RECO_EINVAL naming the member
 * ("/name"), RECO_EDENIED, RECO_ENOTFOUND.
 */
RECO_API reco_code reco_app_issuer_update(reco_app *app, const reco_app_user *actor,
                                          const char *slug, const json_t *body, json_t **out,
                                          reco_error *err);

/**
 * Awards of an issuer, newest first (actor needs the awarder role): achievement_id (public id)
 * and search (a substring of the recipient's e-mail or name or of the credential id, at most
 * 200 bytes) filter, NULL or "" = any. *out: {"items": [{"id" (public id), "url",
 * "recipient" (e-mail or DID), "name", "badge", "badge_id", "revoked", "reason", "claimed",
 * "created_at" (Unix seconds)}], "total", "limit", "offset"}.
 */
RECO_API reco_code reco_app_web_awards(reco_app *app, const reco_app_user *actor, const char *slug,
                                       const char *achievement_id, const char *search,
                                       const reco_page *page, json_t **out, reco_error *err);

/**
 * A badge as its editor shows it (actor needs the awarder role): {"id", "url", "issuer" (slug),
 * "issuer_name", "name", "description", "criteria" (Markdown), "type", "tags": [..],
 * "alignments": [OB 3.0 Alignment objects], "validity_days", "image_type", "can_edit"}.
 */
RECO_API reco_code reco_app_web_badge(reco_app *app, const reco_app_user *actor,
                                      const char *public_id, json_t **out, reco_error *err);

#endif
