/*
 * account.c - users (argon2id passwords through libsodium), personal API tokens (only their
 * SHA-256 is stored) and roles on issuers (owner > editor > awarder; admins may do all).
 */
#include "app_internal.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TOKEN_PREFIX   "reco_"
#define TOKEN_BYTES    32
#define PASSWORD_MIN   8
#define PASSWORD_MAX   1024
#define ARENA_USER_CAP (64u * 1024u)

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_rc = -1;
/* A hash to check against when the user is unknown, so that both cases take the same time. */
static char dummy_hash[crypto_pwhash_STRBYTES];

static void sodium_start(void)
{
    static const char pw[] = "no such user";
    sodium_rc = sodium_init();
    if (sodium_rc >= 0 &&
        crypto_pwhash_str_alg(dummy_hash, pw, sizeof pw - 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
        sodium_rc = -1;
}

static reco_code need_sodium(reco_error *err)
{
    pthread_once(&sodium_once, sodium_start);
    if (sodium_rc < 0)
        return reco_error_set(err, RECO_ECRYPTO, NULL, "libsodium could not start");
    return RECO_OK;
}

reco_code reco_app_email_normalize(char *email, size_t cap, const char *in, reco_error *err)
{
    size_t n, o = 0;
    const char *at;
    if (!in)
        return reco_error_set(err, RECO_EINVAL, "/email", "the e-mail address is missing");
    while (*in && isspace((unsigned char)*in))
        in++;
    n = strlen(in);
    while (n && isspace((unsigned char)in[n - 1]))
        n--;
    if (n == 0)
        return reco_error_set(err, RECO_EINVAL, "/email", "the e-mail address is empty");
    if (n > 254 || n + 1 > cap)
        return reco_error_set(err, RECO_EINVAL, "/email", "the e-mail address is too long");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' ||
            c == ':' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']')
            return reco_error_set(err, RECO_EINVAL, "/email",
                                  "the e-mail address holds a character not allowed at %zu", i);
        email[o++] = (char)tolower(c);
    }
    email[o] = '\0';
    at = strchr(email, '@');
    if (!at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        email[o - 1] == '.' || strstr(at, ".."))
        return reco_error_set(err, RECO_EINVAL, "/email",
                              "'%.80s' is not an e-mail address (local@domain)", email);
    return RECO_OK;
}

static void user_from_row(const reco_user_row *r, reco_app_user *out)
{
    memset(out, 0, sizeof *out);
    out->id = r->id;
    out->is_admin = r->is_admin;
    snprintf(out->email, sizeof out->email, "%s", r->email ? r->email : "");
}

reco_code reco_app_user_add(reco_app *app, const char *email, const char *password, bool is_admin,
                            reco_app_user *out, reco_error *err)
{
    reco_code rc;
    char norm[256];
    char hash[crypto_pwhash_STRBYTES];
    reco_user_row row = {0};
    size_t plen = password ? strlen(password) : 0;
    if ((rc = need_sodium(err)))
        return rc;
    if ((rc = reco_app_email_normalize(norm, sizeof norm, email, err)))
        return rc;
    if (plen < PASSWORD_MIN || plen > PASSWORD_MAX)
        return reco_error_set(err, RECO_EINVAL, "/password",
                              "the password must be %d to %d bytes long", PASSWORD_MIN,
                              PASSWORD_MAX);
    /* argon2id, libsodium's interactive limits (crypto_pwhash_str: the algorithm's default). */
    if (crypto_pwhash_str_alg(hash, password, plen, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory hashing the password");
    row.email = norm;
    row.password_hash = hash;
    row.is_admin = is_admin;
    row.created_at = (int64_t)time(NULL);
    app_lock(app);
    rc = reco_store_user_put(app->store, &row, err);
    app_unlock(app);
    if (rc == RECO_ECONFLICT)
        reco_error_set(err, RECO_ECONFLICT, "/email", "a user with e-mail %.80s exists already",
                       norm);
    if (!rc && out)
        user_from_row(&row, out);
    return rc;
}

static reco_code user_row_by_email(reco_app *app, const char *email, reco_arena *a,
                                   reco_user_row *row, reco_error *err)
{
    char norm[256];
    reco_code rc = reco_app_email_normalize(norm, sizeof norm, email, err);
    if (rc)
        return rc;
    rc = reco_store_user_by_email(app->store, norm, a, row, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, "/email", "no user with e-mail %.80s", norm);
    return rc;
}

reco_code reco_app_user_by_email(reco_app *app, const char *email, reco_app_user *out,
                                 reco_error *err)
{
    reco_user_row row;
    reco_arena *a = reco_arena_new(ARENA_USER_CAP);
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = user_row_by_email(app, email, a, &row, err);
    if (!rc)
        user_from_row(&row, out);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_login(reco_app *app, const char *email, const char *password, reco_app_user *out,
                         reco_error *err)
{
    reco_user_row row;
    reco_arena *a = reco_arena_new(ARENA_USER_CAP);
    reco_code rc;
    bool ok = false;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if ((rc = need_sodium(err)))
        goto out;
    rc = user_row_by_email(app, email, a, &row, NULL);
    if (rc && rc != RECO_ENOTFOUND && rc != RECO_EINVAL)
        goto out;
    if (!password)
        password = "";
    if (!rc && row.password_hash)
        ok = crypto_pwhash_str_verify(row.password_hash, password, strlen(password)) == 0;
    else if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
        ok = false; /* only the time spent matters */
    if (!ok) {
        rc = reco_error_set(err, RECO_EVERIFY, NULL, "wrong e-mail or password");
        goto out;
    }
    rc = RECO_OK;
    if (out)
        user_from_row(&row, out);
out:
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_token_add(reco_app *app, const reco_app_user *user, const char *label,
                             int64_t ttl_seconds, reco_buf *token, int64_t *token_id,
                             reco_error *err)
{
    uint8_t raw[TOKEN_BYTES];
    reco_buf text;
    char hash[65];
    reco_secret_row row = {0};
    reco_code rc;
    int64_t now = (int64_t)time(NULL);
    reco_buf_init(&text, 128);
    if (!user || user->id <= 0) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no user to make a token for");
        goto out;
    }
    if (ttl_seconds < 0) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "the token lifetime is negative");
        goto out;
    }
    if ((rc = reco_random(raw, sizeof raw, err)))
        goto out;
    if ((rc = reco_buf_puts(&text, TOKEN_PREFIX)) ||
        (rc = reco_base58btc_encode(raw, sizeof raw, &text))) {
        reco_error_set(err, rc, NULL, "cannot encode the token");
        goto out;
    }
    app_sha256_hex(text.data, text.len, hash);
    row.kind = RECO_SECRET_API_TOKEN;
    row.hash = hash;
    row.user_id = user->id;
    row.label = label;
    row.created_at = now;
    row.expires_at = ttl_seconds ? now + ttl_seconds : 0;
    app_lock(app);
    rc = reco_store_secret_put(app->store, &row, err);
    app_unlock(app);
    if (rc)
        goto out;
    if ((rc = reco_buf_append(token, text.data, text.len))) {
        reco_buf_error(rc, token, "token", err);
        goto out;
    }
    if (token_id)
        *token_id = row.id;
out:
    reco_wipe(raw, sizeof raw);
    reco_wipe(text.data, text.len);
    reco_buf_release(&text);
    return rc;
}

reco_code reco_app_token_revoke(reco_app *app, const reco_app_user *actor, int64_t token_id,
                                reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_secret_row *rows = NULL;
    size_t n = 0;
    reco_code rc = RECO_OK;
    bool mine = false;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_lock(app);
    if (!actor->is_admin) {
        rc =
            reco_store_secret_list(app->store, actor->id, RECO_SECRET_API_TOKEN, a, &rows, &n, err);
        for (size_t i = 0; !rc && i < n; i++)
            mine |= rows[i].id == token_id;
        if (!rc && !mine)
            rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no token %lld of yours",
                                (long long)token_id);
    }
    if (!rc)
        rc = reco_store_secret_revoke(app->store, token_id, (int64_t)time(NULL), err);
    app_unlock(app);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_auth_token(reco_app *app, const char *token, reco_app_user *out, reco_error *err)
{
    reco_arena *a = NULL;
    reco_secret_row sec;
    reco_user_row user;
    char hash[65];
    reco_code rc;
    size_t n = token ? strlen(token) : 0;
    /* "reco_" + base58btc of 32 bytes: 43 or 44 characters after the prefix. */
    if (n < 30 || n > 80 || strncmp(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0)
        return reco_error_set(err, RECO_EVERIFY, NULL, "the token is not valid");
    a = reco_arena_new(ARENA_USER_CAP);
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_sha256_hex(token, n, hash);
    rc = reco_store_secret_find(app->store, RECO_SECRET_API_TOKEN, hash, (int64_t)time(NULL), a,
                                &sec, err);
    if (!rc)
        rc = reco_store_user_get(app->store, sec.user_id, a, &user, err);
    /* The store compares the hash in SQL; a match is also checked here in constant time. */
    if (!rc && (!sec.hash || strlen(sec.hash) != 64 || !reco_ct_equal(sec.hash, hash, 64)))
        rc = RECO_ENOTFOUND;
    if (rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_EVERIFY, NULL, "the token is not valid");
    if (!rc)
        user_from_row(&user, out);
    reco_arena_free(a);
    return rc;
}

static const char *role_name(reco_role r)
{
    switch (r) {
    case RECO_ROLE_OWNER:
        return "owner";
    case RECO_ROLE_EDITOR:
        return "editor";
    case RECO_ROLE_AWARDER:
        return "awarder";
    default:
        return "none";
    }
}

reco_code app_check_role(reco_app *app, const reco_app_user *user, const reco_issuer_row *iss,
                         reco_role min, reco_error *err)
{
    reco_role have = RECO_ROLE_NONE;
    reco_code rc;
    if (!user)
        return reco_error_set(err, RECO_EDENIED, NULL, "you need to sign in");
    if (user->is_admin)
        return RECO_OK;
    rc = reco_store_role_get(app->store, iss->id, user->id, &have, err);
    if (rc)
        return rc;
    if (have < min)
        return reco_error_set(err, RECO_EDENIED, NULL, "you need the %s role on issuer %.60s",
                              role_name(min), iss->slug);
    return RECO_OK;
}

reco_code reco_app_require_role(reco_app *app, const reco_app_user *user, const char *slug,
                                reco_role min_role, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_store_issuer_by_slug(app->store, slug ? slug : "", a, &iss, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no issuer %.60s", slug ? slug : "");
    if (!rc)
        rc = app_check_role(app, user, &iss, min_role, err);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_role_set(reco_app *app, const reco_app_user *actor, const char *slug,
                            const char *email, reco_role role, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_user_row user;
    char norm[256];
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if ((rc = reco_app_email_normalize(norm, sizeof norm, email, err)))
        goto out;
    app_lock(app);
    rc = reco_store_issuer_by_slug(app->store, slug ? slug : "", a, &iss, err);
    if (!rc)
        rc = app_check_role(app, actor, &iss, RECO_ROLE_OWNER, err);
    if (!rc)
        rc = reco_store_user_by_email(app->store, norm, a, &user, err);
    if (!rc)
        rc = reco_store_role_set(app->store, iss.id, user.id, role, err);
    app_unlock(app);
out:
    reco_arena_free(a);
    return rc;
}
