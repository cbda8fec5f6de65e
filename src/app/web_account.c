/*
 * web_account.c - the accounts of the web pages: sign up with e-mail confirmation, log in
 * with a rate limit, browser sessions with their CSRF token, password reset, settings
 * (include/reco/app.h, "web: accounts and issuer pages"; docs/web-accounts.md).
 *
 * Every secret given to a browser or put in a link is 32 random bytes in base58btc; only its
 * SHA-256 is stored, as a RECO_SECRET_* row with an expiry. Links are used up by revoking
 * their row. The log-in rate limit is kept in this process: a table of recent failures per
 * client address and per e-mail.
 */
#include "app_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SECRET_BYTES   32
#define NAME_MAX_BYTES 200
#define PASSWORD_MAX   1024
#define ARENA_CAP      (64u * 1024u)
#define LIMIT_SLOTS    4096
#define LIMIT_PROBE    8

/* ---------------------------------------------------------------- helpers */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;

static void sodium_start(void)
{
    sodium_ok = sodium_init() >= 0;
}

reco_code reco_app_random_hex(char out[65], reco_error *err)
{
    uint8_t raw[32];
    static const char hx[] = "0123456789abcdef";
    reco_code rc = reco_random(raw, sizeof raw, err);
    if (!rc) {
        for (size_t i = 0; i < sizeof raw; i++) {
            out[2 * i] = hx[raw[i] >> 4];
            out[2 * i + 1] = hx[raw[i] & 15];
        }
        out[64] = '\0';
    }
    reco_wipe(raw, sizeof raw);
    return rc;
}

/* A new secret: its text (base58btc of 32 random bytes) into text, its hex SHA-256 into hash. */
static reco_code secret_new(char *text, size_t cap, char hash[65], reco_error *err)
{
    uint8_t raw[SECRET_BYTES];
    reco_buf b;
    reco_code rc;
    reco_buf_init(&b, 128);
    if ((rc = reco_random(raw, sizeof raw, err)))
        goto out;
    if ((rc = reco_base58btc_encode(raw, sizeof raw, &b)) || b.len >= cap) {
        rc = reco_error_set(err, rc ? rc : RECO_ELIMIT, NULL, "cannot encode a secret");
        goto out;
    }
    memcpy(text, b.data, b.len);
    text[b.len] = '\0';
    app_sha256_hex(text, b.len, hash);
out:
    reco_wipe(raw, sizeof raw);
    if (b.data)
        reco_wipe(b.data, b.len);
    reco_buf_release(&b);
    return rc;
}

/* Store a secret of kind for user, valid ttl seconds; label may be NULL. */
static reco_code secret_store(reco_app *app, reco_secret_kind kind, const char *hash,
                              int64_t user_id, const char *label, int64_t ttl, reco_error *err)
{
    reco_secret_row row = {0};
    int64_t now = (int64_t)time(NULL);
    reco_code rc;
    row.kind = kind;
    row.hash = hash;
    row.user_id = user_id;
    row.label = label;
    row.created_at = now;
    row.expires_at = now + ttl;
    app_lock(app);
    rc = reco_store_secret_put(app->store, &row, err);
    app_unlock(app);
    return rc;
}

/* The live secret of kind whose text is token (not revoked, not expired). RECO_ENOTFOUND. */
static reco_code secret_lookup(reco_app *app, reco_secret_kind kind, const char *token,
                               reco_arena *a, reco_secret_row *out, reco_error *err)
{
    char hash[65];
    size_t n = token ? strlen(token) : 0;
    reco_code rc;
    /* base58btc of 32 bytes: 43 or 44 characters */
    if (n < 40 || n > 48)
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "no such secret");
    for (size_t i = 0; i < n; i++)
        if (!((token[i] >= '1' && token[i] <= '9') || (token[i] >= 'A' && token[i] <= 'Z') ||
              (token[i] >= 'a' && token[i] <= 'z')))
            return reco_error_set(err, RECO_ENOTFOUND, NULL, "no such secret");
    app_sha256_hex(token, n, hash);
    rc = reco_store_secret_find(app->store, kind, hash, (int64_t)time(NULL), a, out, err);
    if (!rc && (!out->hash || strlen(out->hash) != 64 || !reco_ct_equal(out->hash, hash, 64)))
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no such secret");
    return rc;
}

static reco_code check_name(const char *name, reco_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > NAME_MAX_BYTES || !reco_utf8_valid(name, n))
        return reco_error_set(err, RECO_EINVAL, "name", "enter a name of 1 to %d bytes",
                              NAME_MAX_BYTES);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return reco_error_set(err, RECO_EINVAL, "name", "the name holds a control character");
    return RECO_OK;
}

static reco_code check_password(const char *pw, reco_error *err)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < RECO_APP_PASSWORD_MIN || n > PASSWORD_MAX)
        return reco_error_set(err, RECO_EINVAL, "password",
                              "the password must be at least %d characters long",
                              RECO_APP_PASSWORD_MIN);
    return RECO_OK;
}

static const char *locale_or_null(const char *l)
{
    if (l && (strcmp(l, "fr") == 0 || strcmp(l, "en") == 0))
        return l;
    return NULL;
}

/* ---------------------------------------------------------------- e-mails */

typedef struct mail_text {
    const char *subject_fr, *subject_en;
    const char *body_fr, *body_en; /* "%s" is the link */
} mail_text;

static const mail_text confirm_mail = {
    "Confirmez votre adresse e-mail", "Confirm your e-mail address",
    "Bonjour,\n\nPour confirmer votre adresse e-mail sur reco, ouvrez ce lien (valable "
    "3 jours) :\n%s\n\nSi vous n'avez pas créé de compte, ignorez ce message.\n",
    "Hello,\n\nTo confirm your e-mail address on reco, open this link (valid for 3 days):\n"
    "%s\n\nIf you did not create an account, ignore this message.\n"};

static const mail_text reset_mail = {
    "Nouveau mot de passe", "New password",
    "Bonjour,\n\nPour choisir un nouveau mot de passe sur reco, ouvrez ce lien (valable "
    "1 heure, une seule fois) :\n%s\n\nSi vous n'avez rien demandé, ignorez ce message : votre "
    "mot de passe ne change pas.\n",
    "Hello,\n\nTo choose a new password on reco, open this link (valid for 1 hour, once):\n"
    "%s\n\nIf you did not ask for it, ignore this message: your password does not change.\n"};

/* Append tmpl with its one "%s" replaced by link. */
static reco_code put_with_link(reco_buf *b, const char *tmpl, const char *link)
{
    const char *at = strstr(tmpl, "%s");
    reco_code rc = reco_buf_append(b, tmpl, at ? (size_t)(at - tmpl) : strlen(tmpl));
    if (!rc && at)
        rc = reco_buf_puts(b, link);
    if (!rc && at)
        rc = reco_buf_puts(b, at + 2);
    return rc;
}

/* Send t with link to to, French first unless lang is "en". */
static reco_code send_link(reco_app *app, const char *to, const mail_text *t, const char *link,
                           const char *lang, const char *tag, reco_error *err)
{
    reco_buf subject, body;
    reco_code rc;
    bool en = lang && strcmp(lang, "en") == 0;
    reco_buf_init(&subject, 1024);
    reco_buf_init(&body, 16384);
    rc = reco_buf_printf(&subject, "%s / %s", en ? t->subject_en : t->subject_fr,
                         en ? t->subject_fr : t->subject_en);
    if (!rc)
        rc = put_with_link(&body, en ? t->body_en : t->body_fr, link);
    if (!rc)
        rc = reco_buf_puts(&body, "\n-- \n\n");
    if (!rc)
        rc = put_with_link(&body, en ? t->body_fr : t->body_en, link);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot write the e-mail");
    else
        rc = app_mail_text(app, to, subject.data, body.data, tag, err);
    reco_buf_release(&subject);
    if (body.data)
        reco_wipe(body.data, body.len);
    reco_buf_release(&body);
    return rc;
}

/* ---------------------------------------------------------------- sign up and confirm */

reco_code reco_app_signup(reco_app *app, const char *email, const char *name, const char *password,
                          const char *locale, reco_app_user *out, reco_error *err)
{
    reco_app_user u;
    reco_user_row row;
    reco_arena *a = NULL;
    reco_code rc;
    char norm[256];
    if ((rc = reco_app_email_normalize(norm, sizeof norm, email, err))) {
        reco_error_set(err, rc, "email", "enter an e-mail address like name@example.org");
        return rc;
    }
    if ((rc = check_name(name, err)) || (rc = check_password(password, err)))
        return rc;
    if ((rc = reco_app_user_add(app, norm, password, false, &u, err))) {
        if (rc == RECO_ECONFLICT)
            reco_error_set(err, rc, "email", "an account with this e-mail address exists already");
        return rc;
    }
    if (!(a = reco_arena_new(ARENA_CAP)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_lock(app);
    rc = reco_store_user_get(app->store, u.id, a, &row, err);
    if (!rc) {
        row.name = name;
        row.locale = locale_or_null(locale);
        rc = reco_store_user_put(app->store, &row, err);
    }
    app_unlock(app);
    reco_arena_free(a);
    if (!rc && (rc = reco_app_email_confirm_send(app, u.id, locale, err)) && err)
        snprintf(err->path, sizeof err->path, "mail"); /* the account exists: say so */
    if (out && (!rc || (err && strcmp(err->path, "mail") == 0)))
        *out = u;
    return rc;
}

reco_code reco_app_email_confirm_send(reco_app *app, int64_t user_id, const char *lang,
                                      reco_error *err)
{
    reco_user_row row;
    char token[96], hash[65], link[512];
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if ((rc = reco_store_user_get(app->store, user_id, a, &row, err)))
        goto out;
    if ((rc = secret_new(token, sizeof token, hash, err)))
        goto out;
    if ((rc = secret_store(app, RECO_SECRET_EMAIL_CONFIRM, hash, user_id, NULL,
                           RECO_APP_CONFIRM_TTL, err)))
        goto out;
    snprintf(link, sizeof link, "%s/confirm/%s", app->base_url, token);
    rc = send_link(app, row.email, &confirm_mail, link, lang ? lang : row.locale, "confirm", err);
out:
    reco_wipe(token, sizeof token);
    reco_wipe(link, sizeof link);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_email_confirm(reco_app *app, const char *token, reco_app_user *out,
                                 reco_error *err)
{
    reco_secret_row sec;
    reco_user_row row;
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_lock(app);
    rc = secret_lookup(app, RECO_SECRET_EMAIL_CONFIRM, token, a, &sec, err);
    if (!rc)
        rc = reco_store_user_get(app->store, sec.user_id, a, &row, err);
    if (!rc)
        rc = reco_store_begin(app->store, err);
    if (!rc) {
        int64_t now = (int64_t)time(NULL);
        if (!row.confirmed_at)
            row.confirmed_at = now;
        rc = reco_store_user_put(app->store, &row, err);
        if (!rc)
            rc = reco_store_secret_revoke(app->store, sec.id, now, err);
        if (!rc)
            rc = reco_store_commit(app->store, err);
        else
            reco_store_rollback(app->store);
    }
    app_unlock(app);
    if (rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_EVERIFY, NULL,
                            "this confirmation link is not valid or has expired");
    if (!rc && out) {
        memset(out, 0, sizeof *out);
        out->id = row.id;
        out->is_admin = row.is_admin;
        snprintf(out->email, sizeof out->email, "%s", row.email);
    }
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- log in and its limit */

typedef struct limit_slot {
    uint64_t key;                              /* 0 = free */
    int64_t fail[RECO_APP_LOGIN_MAX_FAILURES]; /* times of the latest failures, a ring */
    unsigned next;
} limit_slot;

static pthread_mutex_t limit_mu = PTHREAD_MUTEX_INITIALIZER;
static limit_slot limits[LIMIT_SLOTS];

static uint64_t fnv1a(const char *kind, const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = kind; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    for (const char *p = s; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h ? h : 1;
}

/* The slot of key, made when make (evicting the stalest of its probe run); NULL otherwise. */
static limit_slot *slot_of(uint64_t key, bool make)
{
    limit_slot *stale = NULL;
    int64_t stale_t = INT64_MAX;
    for (size_t i = 0; i < LIMIT_PROBE; i++) {
        limit_slot *s = &limits[(key + i) % LIMIT_SLOTS];
        if (s->key == key)
            return s;
        int64_t last = 0;
        for (size_t k = 0; k < RECO_APP_LOGIN_MAX_FAILURES; k++)
            last = s->fail[k] > last ? s->fail[k] : last;
        if (!s->key)
            last = INT64_MIN;
        if (last < stale_t) {
            stale_t = last;
            stale = s;
        }
    }
    if (!make || !stale)
        return NULL;
    memset(stale, 0, sizeof *stale);
    stale->key = key;
    return stale;
}

/* Seconds until key may try again (0: it may now). Caller holds limit_mu. */
static int64_t blocked_for(uint64_t key, int64_t now)
{
    limit_slot *s = slot_of(key, false);
    if (!s)
        return 0;
    /* the ring is full of failures within the window when its oldest is recent */
    int64_t oldest = s->fail[s->next];
    if (oldest && oldest > now - RECO_APP_LOGIN_WINDOW)
        return oldest + RECO_APP_LOGIN_WINDOW - now;
    return 0;
}

static void record_failure(uint64_t key, int64_t now)
{
    limit_slot *s = slot_of(key, true);
    if (!s)
        return;
    s->fail[s->next] = now;
    s->next = (s->next + 1) % RECO_APP_LOGIN_MAX_FAILURES;
}

static void clear_failures(uint64_t key)
{
    limit_slot *s = slot_of(key, false);
    if (s)
        memset(s, 0, sizeof *s);
}

reco_code reco_app_web_login(reco_app *app, const char *ip, const char *email, const char *password,
                             reco_app_user *out, reco_error *err)
{
    char norm[256];
    int64_t now = (int64_t)time(NULL), wait;
    reco_code rc;
    /* the e-mail as typed when it does not normalise: it is still counted */
    if (reco_app_email_normalize(norm, sizeof norm, email ? email : "", NULL))
        snprintf(norm, sizeof norm, "%.250s", email ? email : "");
    uint64_t kip = fnv1a("ip:", ip ? ip : ""), kem = fnv1a("email:", norm);
    pthread_mutex_lock(&limit_mu);
    wait = blocked_for(kip, now);
    int64_t w2 = blocked_for(kem, now);
    wait = w2 > wait ? w2 : wait;
    pthread_mutex_unlock(&limit_mu);
    if (wait > 0)
        return reco_error_set(err, RECO_ELIMIT, NULL,
                              "too many failed attempts: try again in %lld minutes",
                              (long long)((wait + 59) / 60));
    rc = reco_app_login(app, norm, password, out, err);
    pthread_mutex_lock(&limit_mu);
    if (rc == RECO_EVERIFY) {
        record_failure(kip, now);
        record_failure(kem, now);
    } else if (rc == RECO_OK) {
        clear_failures(kem);
    }
    pthread_mutex_unlock(&limit_mu);
    return rc;
}

/* ---------------------------------------------------------------- sessions */

static void session_from(const reco_user_row *u, const char *csrf, reco_app_session *out)
{
    memset(out, 0, sizeof *out);
    out->user.id = u->id;
    out->user.is_admin = u->is_admin;
    snprintf(out->user.email, sizeof out->user.email, "%s", u->email ? u->email : "");
    snprintf(out->name, sizeof out->name, "%s", u->name ? u->name : "");
    snprintf(out->locale, sizeof out->locale, "%s", locale_or_null(u->locale) ? u->locale : "");
    out->confirmed = u->confirmed_at != 0;
    snprintf(out->csrf, sizeof out->csrf, "%s", csrf ? csrf : "");
}

reco_code reco_app_session_open(reco_app *app, const reco_app_user *user, reco_buf *token,
                                reco_app_session *out, reco_error *err)
{
    char text[96], hash[65], csrf[65];
    reco_user_row row;
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (!user || user->id <= 0) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no user to open a session for");
        goto out;
    }
    if ((rc = reco_store_user_get(app->store, user->id, a, &row, err)))
        goto out;
    if ((rc = secret_new(text, sizeof text, hash, err)) || (rc = reco_app_random_hex(csrf, err)))
        goto out;
    if ((rc = secret_store(app, RECO_SECRET_SESSION, hash, user->id, csrf, RECO_APP_SESSION_TTL,
                           err)))
        goto out;
    if ((rc = reco_buf_puts(token, text))) {
        reco_buf_error(rc, token, "session token", err);
        goto out;
    }
    if (out)
        session_from(&row, csrf, out);
out:
    reco_wipe(text, sizeof text);
    reco_wipe(csrf, sizeof csrf);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_session_get(reco_app *app, const char *token, reco_app_session *out,
                               reco_error *err)
{
    reco_secret_row sec;
    reco_user_row row;
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = secret_lookup(app, RECO_SECRET_SESSION, token, a, &sec, err);
    if (!rc)
        rc = reco_store_user_get(app->store, sec.user_id, a, &row, err);
    if (!rc && (!sec.label || strlen(sec.label) != 64))
        rc = RECO_ENOTFOUND;
    if (rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_EVERIFY, NULL, "the session is not valid");
    if (!rc)
        session_from(&row, sec.label, out);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_session_close(reco_app *app, const char *token, reco_error *err)
{
    reco_secret_row sec;
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_lock(app);
    rc = secret_lookup(app, RECO_SECRET_SESSION, token, a, &sec, NULL);
    if (!rc)
        rc = reco_store_secret_revoke(app->store, sec.id, (int64_t)time(NULL), err);
    else if (rc == RECO_ENOTFOUND)
        rc = RECO_OK;
    else
        reco_error_set(err, rc, NULL, "cannot close the session");
    app_unlock(app);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- password reset */

reco_code reco_app_password_reset_request(reco_app *app, const char *email, const char *lang,
                                          reco_error *err)
{
    reco_user_row row;
    char norm[256], token[96], hash[65], link[512];
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_app_email_normalize(norm, sizeof norm, email ? email : "", NULL);
    if (!rc)
        rc = reco_store_user_by_email(app->store, norm, a, &row, err);
    if (rc == RECO_EINVAL || rc == RECO_ENOTFOUND) {
        rc = RECO_OK; /* nothing to send, and nothing to tell */
        goto out;
    }
    if (rc)
        goto out;
    if ((rc = secret_new(token, sizeof token, hash, err)))
        goto out;
    if ((rc = secret_store(app, RECO_SECRET_PASSWORD_RESET, hash, row.id, NULL, RECO_APP_RESET_TTL,
                           err)))
        goto out;
    snprintf(link, sizeof link, "%s/reset/%s", app->base_url, token);
    rc = send_link(app, row.email, &reset_mail, link, lang ? lang : row.locale, "reset", err);
out:
    reco_wipe(token, sizeof token);
    reco_wipe(link, sizeof link);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_password_reset_check(reco_app *app, const char *token, reco_error *err)
{
    reco_secret_row sec;
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = secret_lookup(app, RECO_SECRET_PASSWORD_RESET, token, a, &sec, err);
    if (rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_EVERIFY, NULL,
                            "this password reset link is not valid or has expired");
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_password_reset(reco_app *app, const char *token, const char *password,
                                  reco_error *err)
{
    reco_secret_row sec, *sessions = NULL;
    reco_user_row row;
    size_t nsess = 0;
    char hash[crypto_pwhash_STRBYTES];
    reco_arena *a = NULL;
    reco_code rc;
    if ((rc = check_password(password, err)))
        return rc;
    pthread_once(&sodium_once, sodium_start);
    if (!sodium_ok)
        return reco_error_set(err, RECO_ECRYPTO, NULL, "libsodium did not start");
    if (!(a = reco_arena_new(ARENA_CAP)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if ((rc = reco_app_password_reset_check(app, token, err)))
        goto out;
    if (crypto_pwhash_str_alg(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory hashing the password");
        goto out;
    }
    app_lock(app);
    rc = secret_lookup(app, RECO_SECRET_PASSWORD_RESET, token, a, &sec, err);
    if (!rc)
        rc = reco_store_user_get(app->store, sec.user_id, a, &row, err);
    if (!rc)
        rc = reco_store_secret_list(app->store, row.id, RECO_SECRET_SESSION, a, &sessions, &nsess,
                                    err);
    if (!rc)
        rc = reco_store_begin(app->store, err);
    if (!rc) {
        int64_t now = (int64_t)time(NULL);
        row.password_hash = hash;
        if (!row.confirmed_at)
            row.confirmed_at = now;
        rc = reco_store_user_put(app->store, &row, err);
        if (!rc)
            rc = reco_store_secret_revoke(app->store, sec.id, now, err);
        for (size_t i = 0; !rc && i < nsess; i++)
            if (!sessions[i].revoked_at)
                rc = reco_store_secret_revoke(app->store, sessions[i].id, now, err);
        if (!rc)
            rc = reco_store_commit(app->store, err);
        else
            reco_store_rollback(app->store);
    }
    app_unlock(app);
    if (rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_EVERIFY, NULL,
                            "this password reset link is not valid or has expired");
out:
    reco_wipe(hash, sizeof hash);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- settings */

reco_code reco_app_account_update(reco_app *app, const reco_app_user *user, const char *name,
                                  const char *locale, reco_error *err)
{
    reco_user_row row;
    reco_arena *a = NULL;
    reco_code rc;
    if (name && (rc = check_name(name, err)))
        return rc;
    if (locale && locale[0] && !locale_or_null(locale))
        return reco_error_set(err, RECO_EINVAL, "locale", "choose French or English");
    if (!(a = reco_arena_new(ARENA_CAP)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_lock(app);
    rc = reco_store_user_get(app->store, user->id, a, &row, err);
    if (!rc) {
        if (name)
            row.name = name;
        if (locale)
            row.locale = locale_or_null(locale);
        rc = reco_store_user_put(app->store, &row, err);
    }
    app_unlock(app);
    reco_arena_free(a);
    return rc;
}
