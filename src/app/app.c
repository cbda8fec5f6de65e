/*
 * app.c - the service object: configuration, the store, the master key that seals private
 * keys at rest, the writers' lock, the per-thread JSON-LD loader, and small shared helpers.
 */
#include "app_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MASTER_KEY_FILE "master.key"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void app_lock(reco_app *app)
{
    int r = pthread_mutex_lock(&app->mu);
    RECO_ASSERT(r == 0);
}

void app_unlock(reco_app *app)
{
    int r = pthread_mutex_unlock(&app->mu);
    RECO_ASSERT(r == 0);
}

static void free_loader(void *p)
{
    reco_ld_loader_free(p);
}

reco_ld_loader *app_loader(reco_app *app)
{
    reco_ld_loader *l = pthread_getspecific(app->ld_key);
    if (!l) {
        l = reco_ld_loader_new();
        if (l && pthread_setspecific(app->ld_key, l) != 0) {
            reco_ld_loader_free(l);
            l = NULL;
        }
    }
    return l;
}

reco_code app_public_id(char *out, size_t cap, reco_error *err)
{
    uint8_t raw[16];
    reco_buf b;
    reco_code rc;
    reco_buf_init(&b, 64);
    rc = reco_random(raw, sizeof raw, err);
    if (!rc && (rc = reco_base58btc_encode(raw, sizeof raw, &b)))
        reco_error_set(err, rc, NULL, "cannot make a public id");
    if (!rc && b.len + 1 > cap)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "public id buffer too small");
    if (!rc)
        memcpy(out, b.data, b.len + 1);
    reco_buf_release(&b);
    return rc;
}

void app_sha256_hex(const char *s, size_t n, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t h[32];
    reco_sha256(s, n, h);
    for (size_t i = 0; i < 32; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[64] = '\0';
}

void app_time_text(int64_t sec, char *out, size_t cap)
{
    reco_time t = {.sec = sec};
    reco_buf b;
    reco_buf_init(&b, 64);
    if (reco_time_format(&t, &b) == RECO_OK)
        snprintf(out, cap, "%s", b.data);
    else
        snprintf(out, cap, "1970-01-01T00:00:00Z");
    reco_buf_release(&b);
}

bool app_is_http_url(const char *s)
{
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>')
            return false;
    return strlen(s) > 8;
}

int app_set(json_t *o, const char *key, json_t *v)
{
    if (!v)
        return -1;
    return json_object_set_new(o, key, v);
}

int app_set_str(json_t *o, const char *key, const char *s)
{
    if (!s || !s[0])
        return 0;
    return app_set(o, key, json_string(s));
}

reco_code app_opt_string(const json_t *body, const char *key, size_t max, const char **out,
                         reco_error *err)
{
    char path[64];
    const json_t *v = json_object_get(body, key);
    *out = NULL;
    snprintf(path, sizeof path, "/%s", key);
    if (!v || json_is_null(v))
        return RECO_OK;
    if (!json_is_string(v))
        return reco_error_set(err, RECO_EINVAL, path, "%s is not a string", key);
    if (json_string_length(v) > max)
        return reco_error_set(err, RECO_ELIMIT, path, "%s is longer than %zu bytes", key, max);
    *out = json_string_value(v);
    return RECO_OK;
}

/* ---------------------------------------------------------------- secrets at rest */

/* "v1:" base64url(nonce) ":" base64url(ciphertext || tag), AES-256-GCM (reco_aead_seal). */
reco_code app_seal(reco_app *app, const char *aad, const void *plain, size_t n, reco_buf *out,
                   reco_error *err)
{
    reco_buf sealed;
    reco_code rc;
    reco_buf_init(&sealed, 0);
    rc = reco_aead_seal(app->master, aad, strlen(aad), plain, n, &sealed, err);
    if (!rc)
        rc = reco_buf_puts(out, "v1:");
    if (!rc)
        rc = reco_base64url_encode((const uint8_t *)sealed.data, RECO_AEAD_NONCE_LEN, out);
    if (!rc)
        rc = reco_buf_putc(out, ':');
    if (!rc)
        rc = reco_base64url_encode((const uint8_t *)sealed.data + RECO_AEAD_NONCE_LEN,
                                   sealed.len - RECO_AEAD_NONCE_LEN, out);
    if (rc && err && err->code == RECO_OK)
        reco_error_set(err, rc, NULL, "cannot seal a secret: %s", reco_code_name(rc));
    reco_buf_release(&sealed);
    return rc;
}

reco_code app_unseal(reco_app *app, const char *aad, const char *text, reco_buf *out,
                     reco_error *err)
{
    reco_buf raw;
    reco_code rc = RECO_OK;
    const char *colon;
    reco_buf_init(&raw, 0);
    if (!text || strncmp(text, "v1:", 3) != 0 || !(colon = strchr(text + 3, ':'))) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "sealed secret is not in the v1 form");
        goto out;
    }
    rc = reco_base64url_decode(text + 3, (size_t)(colon - text - 3), &raw, err);
    if (!rc && raw.len != RECO_AEAD_NONCE_LEN)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "sealed secret has a bad nonce");
    if (!rc)
        rc = reco_base64url_decode(colon + 1, strlen(colon + 1), &raw, err);
    if (!rc)
        rc = reco_aead_open(app->master, aad, strlen(aad), raw.data, raw.len, out, err);
out:
    reco_wipe(raw.data, raw.len);
    reco_buf_release(&raw);
    return rc;
}

/* ---------------------------------------------------------------- master key */

/* 32 bytes from 64 hex digits or 43 base64url characters. */
static reco_code parse_master(const char *s, uint8_t key[32], reco_error *err)
{
    reco_buf b;
    reco_code rc;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    reco_buf_init(&b, 64);
    if (n == 64)
        rc = reco_hex_decode(s, n, &b, err);
    else
        rc = reco_base64url_decode(s, n, &b, err);
    if (!rc && b.len != 32)
        rc = RECO_EINVAL;
    if (rc)
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "the master key is not 32 bytes as 64 hex digits or base64url");
    else
        memcpy(key, b.data, 32);
    reco_wipe(b.data, b.len);
    reco_buf_release(&b);
    return rc;
}

static reco_code load_master(reco_app *app, reco_error *err)
{
    reco_code rc = RECO_OK;
    char path[4096];
    reco_buf b, text;
    struct stat st;
    const char *env = getenv("RECO_MASTER_KEY");
    reco_buf_init(&b, 256);
    reco_buf_init(&text, 128);
    if (env && env[0]) {
        rc = parse_master(env, app->master, err);
        if (rc)
            reco_error_set(err, RECO_EINVAL, NULL,
                           "RECO_MASTER_KEY is not 32 bytes as 64 hex digits or base64url");
        goto out;
    }
    snprintf(path, sizeof path, "%s/%s", app->data_dir, MASTER_KEY_FILE);
    if (stat(path, &st) == 0) {
        if (st.st_mode & 077) {
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "master key file %.80s is readable by other users (mode %04o); "
                                "run chmod 600",
                                path, (unsigned)(st.st_mode & 0777));
            goto out;
        }
        if ((rc = reco_file_read(path, 256, &b, err)))
            goto out;
        if ((rc = parse_master(b.data, app->master, err)))
            reco_error_set(err, RECO_EINVAL, NULL, "master key file %.80s: %s", path,
                           "not 32 bytes as 64 hex digits");
        goto out;
    }
    /* First start: a new random key, kept as hex in a 0600 file. */
    if ((rc = reco_random(app->master, sizeof app->master, err)))
        goto out;
    if ((rc = reco_hex_encode(app->master, sizeof app->master, &text)) ||
        (rc = reco_buf_putc(&text, '\n')))
        goto out;
    rc = reco_file_write(path, text.data, text.len, 0600, err);
out:
    reco_wipe(b.data, b.len);
    reco_wipe(text.data, text.len);
    reco_buf_release(&b);
    reco_buf_release(&text);
    return rc;
}

/* ---------------------------------------------------------------- open / close */

/* https://host[:port] -> "did:web:host%3Aport" (did:web §3.2: the port's colon is encoded). */
static void make_did_host(reco_app *app)
{
    const char *h = app->base_url + strlen("https://");
    size_t n = strcspn(h, "/?#");
    size_t o = 0;
    char *d = app->did_host;
    o = (size_t)snprintf(d, sizeof app->did_host, "did:web:");
    for (size_t i = 0; i < n && o + 4 < sizeof app->did_host; i++) {
        if (h[i] == ':') {
            memcpy(d + o, "%3A", 3);
            o += 3;
        } else {
            d[o++] = (char)tolower((unsigned char)h[i]);
        }
    }
    /* A base URL with a path (https://host/reco): its segments follow the host, so that the
     * DID document URL (did:web §3.2.2) is <base>/issuers/<slug>/did.json. */
    for (size_t i = n; h[i] && o + 4 < sizeof app->did_host; i++) {
        if (h[i] == '/' && h[i + 1])
            d[o++] = ':';
        else if (h[i] == ':') {
            memcpy(d + o, "%3A", 3);
            o += 3;
        } else if (h[i] != '/')
            d[o++] = h[i];
    }
    d[o] = '\0';
}

static reco_code make_dir(const char *path, reco_error *err)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST)
        return RECO_OK;
    return reco_error_set(err, RECO_EIO, NULL, "cannot create %.100s: %s", path, strerror(errno));
}

reco_code reco_app_open(const reco_app_config *cfg, reco_app **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_app *app = NULL;
    char buf[4200];
    const char *base;
    size_t n;
    *out = NULL;
    if (!cfg || !cfg->data_dir || !cfg->data_dir[0])
        return reco_error_set(err, RECO_EINVAL, NULL, "the data directory is missing");
    base = cfg->base_url && cfg->base_url[0] ? cfg->base_url : "http://localhost:8080";
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)
        return reco_error_set(err, RECO_EINVAL, NULL,
                              "the base URL '%.80s' is not an http or https URL", base);
    if (strlen(base) > 200 || strchr(base, '?') || strchr(base, '#') || strchr(base, ' '))
        return reco_error_set(err, RECO_EINVAL, NULL, "the base URL '%.80s' is not usable", base);
    app = calloc(1, sizeof *app);
    if (!app)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    pthread_mutex_init(&app->mu, NULL);
    pthread_mutex_init(&app->cache_mu, NULL);
    pthread_mutex_init(&app->job_mu, NULL);
    pthread_cond_init(&app->job_cond, NULL);
    if (pthread_key_create(&app->ld_key, free_loader) != 0) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "cannot make a thread key");
        goto out;
    }
    app->ld_key_made = true;
    app->data_dir = strdup(cfg->data_dir);
    app->base_url = strdup(base);
    if (!app->data_dir || !app->base_url) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    n = strlen(app->base_url);
    while (n > 8 && app->base_url[n - 1] == '/')
        app->base_url[--n] = '\0';
    if (strncmp(app->base_url, "https://", 8) == 0)
        make_did_host(app);
    app->allow_private = cfg->allow_private_network;
    app->smtp_url = dup_or_null(cfg->smtp_url && cfg->smtp_url[0] ? cfg->smtp_url : NULL);
    if (cfg->smtp_from && cfg->smtp_from[0]) {
        app->smtp_from = strdup(cfg->smtp_from);
    } else {
        const char *h = strstr(app->base_url, "://") + 3;
        size_t hl = strcspn(h, ":/");
        snprintf(buf, sizeof buf, "no-reply@%.*s", (int)hl, h);
        if (!strchr(buf, '.'))
            snprintf(buf, sizeof buf, "no-reply@%.*s.localdomain", (int)hl, h);
        app->smtp_from = strdup(buf);
    }
    if (cfg->outbox_dir && cfg->outbox_dir[0]) {
        app->outbox_dir = strdup(cfg->outbox_dir);
    } else {
        snprintf(buf, sizeof buf, "%s/outbox", cfg->data_dir);
        app->outbox_dir = strdup(buf);
    }
    if (cfg->store_url && cfg->store_url[0]) {
        app->store_url = strdup(cfg->store_url);
    } else {
        snprintf(buf, sizeof buf, "sqlite:%s/reco.db", cfg->data_dir);
        app->store_url = strdup(buf);
    }
    if (!app->smtp_from || !app->outbox_dir || !app->store_url) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if ((rc = make_dir(app->data_dir, err)))
        goto out;
    if ((rc = load_master(app, err)))
        goto out;
    if ((rc = reco_store_open(app->store_url, &app->store, err)))
        goto out;
    if ((rc = app_verify_start(app, err)))
        goto out;
    if (cfg->start_worker && (rc = app_worker_start(app, err)))
        goto out;
out:
    if (rc) {
        reco_app_close(app);
        app = NULL;
    }
    *out = app;
    return rc;
}

void reco_app_close(reco_app *app)
{
    if (!app)
        return;
    app_worker_stop(app);
    app_verify_stop(app);
    reco_store_close(app->store);
    app_status_cache_free(app);
    reco_wipe(app->master, sizeof app->master);
    if (app->ld_key_made) {
        /* The calling thread's loader; other threads' loaders went with their threads. */
        reco_ld_loader *l = pthread_getspecific(app->ld_key);
        reco_ld_loader_free(l);
        pthread_setspecific(app->ld_key, NULL);
        pthread_key_delete(app->ld_key);
    }
    pthread_mutex_destroy(&app->mu);
    pthread_mutex_destroy(&app->cache_mu);
    pthread_mutex_destroy(&app->job_mu);
    pthread_cond_destroy(&app->job_cond);
    free(app->data_dir);
    free(app->base_url);
    free(app->store_url);
    free(app->smtp_url);
    free(app->smtp_from);
    free(app->outbox_dir);
    free(app);
}

const char *reco_app_base_url(const reco_app *app)
{
    return app->base_url;
}

const char *reco_app_data_dir(const reco_app *app)
{
    return app->data_dir;
}

void reco_app_debug_stop_after(reco_app *app, size_t max_rows)
{
    app->debug_stop_after = max_rows;
}
