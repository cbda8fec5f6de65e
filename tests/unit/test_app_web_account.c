/*
 * test_app_web_account.c - the accounts of the web pages on a temporary data directory: sign
 * up and its confirmation e-mail, confirmation links used once, the log-in rate limit per
 * e-mail and per client, sessions with their CSRF token (opened, read, closed, forged), password
 * reset links (single use, sessions closed), settings; and the issuer pages' use cases (members,
 * profile update, award search, dashboards) with their role checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/app.h"
#include "app_fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    reco_app *app;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || app_fixture_open(f->dir, sizeof f->dir, "webacc", "http://127.0.0.1:8080", &f->app))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_fixture_close(f->app, f->dir);
    free(f);
    return 0;
}

/* The token of the newest link <base>/<kind>/<token> in the outbox (out: cap bytes). */
static bool outbox_link(const fixture *f, const char *kind, char *out, size_t cap)
{
    char box[128], path[512], want[64], best[256] = "";
    long best_t = -1;
    DIR *d;
    struct dirent *e;
    snprintf(box, sizeof box, "%s/outbox", f->dir);
    snprintf(want, sizeof want, "/%s/", kind);
    if (!(d = opendir(box)))
        return false;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", box, e->d_name);
        FILE *fp = fopen(path, "rb");
        char buf[8192];
        size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
        if (fp)
            fclose(fp);
        buf[n] = '\0';
        char *p = strstr(buf, want);
        struct stat st;
        if (p && stat(path, &st) == 0 &&
            (st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec) >= best_t) {
            best_t = st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec;
            p += strlen(want);
            size_t k = strspn(p, "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");
            snprintf(best, sizeof best, "%.*s", (int)k, p);
        }
    }
    closedir(d);
    snprintf(out, cap, "%s", best);
    return best[0] != '\0';
}

static void signup_confirm(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user u, again;
    char token[128];
    assert_int_equal(
        reco_app_signup(f->app, "not an e-mail", "Ana", "long enough", "fr", NULL, &err),
        RECO_EINVAL);
    assert_string_equal(err.path, "email");
    assert_int_equal(
        reco_app_signup(f->app, "ana@example.org", "", "long enough", "fr", NULL, &err),
        RECO_EINVAL);
    assert_string_equal(err.path, "name");
    assert_int_equal(reco_app_signup(f->app, "ana@example.org", "Ana", "short", "fr", NULL, &err),
                     RECO_EINVAL);
    assert_string_equal(err.path, "password");
    assert_int_equal(
        reco_app_signup(f->app, " Ana@Example.ORG ", "Ana <b>", "long enough", "fr", &u, &err),
        RECO_OK);
    assert_string_equal(u.email, "ana@example.org");
    assert_int_equal(
        reco_app_signup(f->app, "ana@example.org", "Ana", "long enough", "fr", NULL, &err),
        RECO_ECONFLICT);
    assert_true(outbox_link(f, "confirm", token, sizeof token));
    assert_int_equal(
        reco_app_email_confirm(f->app, "1111111111111111111111111111111111111111111", NULL, &err),
        RECO_EVERIFY);
    assert_int_equal(reco_app_email_confirm(f->app, "../../etc/passwd", NULL, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_email_confirm(f->app, token, &again, &err), RECO_OK);
    assert_int_equal(again.id, u.id);
    /* used up */
    assert_int_equal(reco_app_email_confirm(f->app, token, NULL, &err), RECO_EVERIFY);
    /* the session shows the name, the language and the confirmation */
    reco_buf tok;
    reco_app_session s;
    reco_buf_init(&tok, 256);
    assert_int_equal(reco_app_session_open(f->app, &u, &tok, &s, &err), RECO_OK);
    assert_string_equal(s.name, "Ana <b>");
    assert_string_equal(s.locale, "fr");
    assert_true(s.confirmed);
    reco_buf_release(&tok);
}

static void login_rate_limit(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user u;
    assert_int_equal(
        reco_app_signup(f->app, "bob@example.org", "Bob", "bob password", NULL, &u, &err), RECO_OK);
    assert_int_equal(
        reco_app_web_login(f->app, "10.0.0.1", "bob@example.org", "bob password", &u, &err),
        RECO_OK);
    for (int i = 0; i < RECO_APP_LOGIN_MAX_FAILURES; i++) {
        char ip[32];
        snprintf(ip, sizeof ip, "10.0.1.%d", i); /* a different client each time */
        assert_int_equal(reco_app_web_login(f->app, ip, "BOB@example.org", "wrong", NULL, &err),
                         RECO_EVERIFY);
        assert_string_equal(err.msg, "wrong e-mail or password");
    }
    /* the e-mail is held, even with the right password and from a new client */
    assert_int_equal(
        reco_app_web_login(f->app, "10.0.2.1", "bob@example.org", "bob password", NULL, &err),
        RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "too many failed attempts"));
    /* one client failing for unknown e-mails is held too, whatever the e-mail */
    for (int i = 0; i < RECO_APP_LOGIN_MAX_FAILURES; i++) {
        char email[64];
        snprintf(email, sizeof email, "nobody%d@example.org", i);
        assert_int_equal(reco_app_web_login(f->app, "10.0.3.1", email, "x", NULL, &err),
                         RECO_EVERIFY);
    }
    assert_int_equal(
        reco_app_signup(f->app, "carol@example.org", "Carol", "carol password", NULL, NULL, &err),
        RECO_OK);
    assert_int_equal(
        reco_app_web_login(f->app, "10.0.3.1", "carol@example.org", "carol password", NULL, &err),
        RECO_ELIMIT);
    assert_int_equal(
        reco_app_web_login(f->app, "10.0.3.2", "carol@example.org", "carol password", NULL, &err),
        RECO_OK);
}

static void sessions_and_csrf(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user u;
    reco_app_session s, got;
    reco_buf tok;
    char hex[65], hex2[65];
    reco_buf_init(&tok, 256);
    assert_int_equal(
        reco_app_signup(f->app, "dan@example.org", "Dan", "dan password", "en", &u, &err), RECO_OK);
    assert_int_equal(reco_app_session_open(f->app, &u, &tok, &s, &err), RECO_OK);
    assert_true(tok.len >= 43 && tok.len <= 44); /* 256 bits in base58btc */
    assert_int_equal(strlen(s.csrf), 64);
    assert_false(s.confirmed);
    assert_int_equal(reco_app_session_get(f->app, tok.data, &got, &err), RECO_OK);
    assert_int_equal(got.user.id, u.id);
    assert_string_equal(got.csrf, s.csrf);
    assert_string_equal(got.locale, "en");
    /* forged tokens: altered, truncated, empty, foreign alphabet */
    char forged[128];
    snprintf(forged, sizeof forged, "%s", tok.data);
    forged[5] = forged[5] == 'a' ? 'b' : 'a';
    assert_int_equal(reco_app_session_get(f->app, forged, &got, &err), RECO_EVERIFY);
    forged[20] = '\0';
    assert_int_equal(reco_app_session_get(f->app, forged, &got, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_session_get(f->app, "", &got, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_session_get(f->app, NULL, &got, &err), RECO_EVERIFY);
    assert_int_equal(
        reco_app_session_get(f->app, "0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OI", &got, &err),
        RECO_EVERIFY);
    /* a second session has its own CSRF token */
    reco_buf tok2;
    reco_app_session s2;
    reco_buf_init(&tok2, 256);
    assert_int_equal(reco_app_session_open(f->app, &u, &tok2, &s2, &err), RECO_OK);
    assert_string_not_equal(s2.csrf, s.csrf);
    assert_string_not_equal(tok2.data, tok.data);
    /* closed */
    assert_int_equal(reco_app_session_close(f->app, tok.data, &err), RECO_OK);
    assert_int_equal(reco_app_session_get(f->app, tok.data, &got, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_session_close(f->app, tok.data, &err), RECO_OK);
    assert_int_equal(reco_app_session_get(f->app, tok2.data, &got, &err), RECO_OK);
    /* double-submit tokens */
    assert_int_equal(reco_app_random_hex(hex, &err), RECO_OK);
    assert_int_equal(reco_app_random_hex(hex2, &err), RECO_OK);
    assert_int_equal(strlen(hex), 64);
    assert_string_not_equal(hex, hex2);
    reco_buf_release(&tok);
    reco_buf_release(&tok2);
}

static void password_reset(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user u;
    reco_buf tok;
    reco_app_session got;
    char token[128];
    reco_buf_init(&tok, 256);
    assert_int_equal(
        reco_app_signup(f->app, "eve@example.org", "Eve", "old password", NULL, &u, &err), RECO_OK);
    assert_int_equal(reco_app_session_open(f->app, &u, &tok, NULL, &err), RECO_OK);
    /* unknown and malformed e-mails answer the same, and send nothing */
    assert_int_equal(reco_app_password_reset_request(f->app, "nobody@example.org", "en", &err),
                     RECO_OK);
    assert_int_equal(reco_app_password_reset_request(f->app, "???", "en", &err), RECO_OK);
    assert_false(outbox_link(f, "reset", token, sizeof token));
    assert_int_equal(reco_app_password_reset_request(f->app, "EVE@example.org", "en", &err),
                     RECO_OK);
    assert_true(outbox_link(f, "reset", token, sizeof token));
    assert_int_equal(reco_app_password_reset_check(f->app, token, &err), RECO_OK);
    assert_int_equal(reco_app_password_reset(f->app, token, "short", &err), RECO_EINVAL);
    assert_int_equal(reco_app_password_reset(f->app, token, "new password", &err), RECO_OK);
    /* single use; old password gone; the old session is closed; the e-mail counts as confirmed */
    assert_int_equal(reco_app_password_reset(f->app, token, "other password", &err), RECO_EVERIFY);
    assert_int_equal(reco_app_password_reset_check(f->app, token, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_login(f->app, "eve@example.org", "old password", NULL, &err),
                     RECO_EVERIFY);
    assert_int_equal(reco_app_login(f->app, "eve@example.org", "new password", NULL, &err),
                     RECO_OK);
    assert_int_equal(reco_app_session_get(f->app, tok.data, &got, &err), RECO_EVERIFY);
    reco_buf_release(&tok);
    reco_buf_init(&tok, 256);
    assert_int_equal(reco_app_session_open(f->app, &u, &tok, &got, &err), RECO_OK);
    assert_true(got.confirmed);
    /* a confirmation token is not a reset token */
    assert_int_equal(reco_app_email_confirm_send(f->app, u.id, "fr", &err), RECO_OK);
    assert_true(outbox_link(f, "confirm", token, sizeof token));
    assert_int_equal(reco_app_password_reset(f->app, token, "hijacked pw", &err), RECO_EVERIFY);
    reco_buf_release(&tok);
}

static void settings(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user u;
    reco_buf tok;
    reco_app_session got;
    reco_buf_init(&tok, 256);
    assert_int_equal(
        reco_app_signup(f->app, "fay@example.org", "Fay", "fay password", "fr", &u, &err), RECO_OK);
    assert_int_equal(reco_app_account_update(f->app, &u, "Fay B.", "en", &err), RECO_OK);
    assert_int_equal(reco_app_account_update(f->app, &u, NULL, "de", &err), RECO_EINVAL);
    assert_int_equal(reco_app_account_update(f->app, &u, "", NULL, &err), RECO_EINVAL);
    assert_int_equal(reco_app_account_update(f->app, &u, "a\nb", NULL, &err), RECO_EINVAL);
    assert_int_equal(reco_app_session_open(f->app, &u, &tok, &got, &err), RECO_OK);
    assert_string_equal(got.name, "Fay B.");
    assert_string_equal(got.locale, "en");
    assert_int_equal(reco_app_account_update(f->app, &u, NULL, "", &err), RECO_OK);
    assert_int_equal(reco_app_session_get(f->app, tok.data, &got, &err), RECO_OK);
    assert_string_equal(got.locale, "");
    reco_buf_release(&tok);
}

static void issuer_pages(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user owner, other;
    json_t *iss = NULL, *out = NULL, *body;
    assert_int_equal(
        reco_app_signup(f->app, "own@example.org", "Own", "own password", NULL, &owner, &err),
        RECO_OK);
    assert_int_equal(
        reco_app_signup(f->app, "oth@example.org", "Oth", "oth password", NULL, &other, &err),
        RECO_OK);
    body = json_pack("{s:s}", "name", "Centre <i>social</i>");
    assert_int_equal(reco_app_issuer_create(f->app, &owner, body, &iss, &err), RECO_OK);
    json_decref(body);
    const char *slug = json_string_value(json_object_get(iss, "slug"));
    /* dashboards */
    assert_int_equal(reco_app_web_dashboard(f->app, &owner, &out, &err), RECO_OK);
    assert_int_equal(json_array_size(json_object_get(out, "issuers")), 1);
    json_decref(out);
    assert_int_equal(reco_app_web_dashboard(f->app, &other, &out, &err), RECO_OK);
    assert_int_equal(json_array_size(json_object_get(out, "issuers")), 0);
    json_decref(out);
    assert_int_equal(reco_app_web_issuer(f->app, &other, slug, &out, &err), RECO_EDENIED);
    /* members */
    assert_int_equal(
        reco_app_role_set(f->app, &owner, slug, "oth@example.org", RECO_ROLE_EDITOR, &err),
        RECO_OK);
    assert_int_equal(reco_app_web_issuer(f->app, &owner, slug, &out, &err), RECO_OK);
    assert_int_equal(json_array_size(json_object_get(out, "members")), 2);
    assert_true(json_is_true(json_object_get(out, "is_owner")));
    json_decref(out);
    assert_int_equal(reco_app_web_issuer(f->app, &other, slug, &out, &err), RECO_OK);
    assert_int_equal(json_array_size(json_object_get(out, "members")), 0); /* owners only */
    assert_true(json_is_true(json_object_get(out, "can_edit")));
    assert_false(json_is_true(json_object_get(out, "is_owner")));
    json_decref(out);
    /* profile update: editor yes, bad URL no, awarder no */
    body = json_pack("{s:s, s:s}", "name", "Centre social", "url", "javascript:alert(1)");
    assert_int_equal(reco_app_issuer_update(f->app, &other, slug, body, NULL, &err), RECO_EINVAL);
    assert_string_equal(err.path, "/url");
    json_decref(body);
    body = json_pack("{s:s, s:s}", "name", "Centre social", "url", "https://cs.example.org");
    assert_int_equal(reco_app_issuer_update(f->app, &other, slug, body, &out, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(out, "name")), "Centre social");
    json_decref(out);
    /* the address and the territorial codes; "" removes a member */
    json_t *addr = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "commune", "29019", "departement",
                             "29", "region", "53", "postalCode", "29200", "addressLocality",
                             "Brest", "image", "https://cs.example.org/logo.png");
    assert_int_equal(reco_app_issuer_update(f->app, &other, slug, addr, &out, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(out, "commune")), "29019");
    assert_string_equal(json_string_value(json_object_get(out, "region")), "53");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out, "address"), "addressLocality")),
        "Brest");
    assert_string_equal(json_string_value(json_object_get(out, "image")),
                        "https://cs.example.org/logo.png");
    assert_string_equal(json_string_value(json_object_get(out, "name")), "Centre social");
    json_decref(out);
    json_decref(addr);
    addr = json_pack("{s:s}", "commune", "2901");
    assert_int_equal(reco_app_issuer_update(f->app, &other, slug, addr, NULL, &err), RECO_EINVAL);
    assert_string_equal(err.path, "/commune");
    json_decref(addr);
    addr = json_pack("{s:s}", "image", "javascript:x");
    assert_int_equal(reco_app_issuer_update(f->app, &other, slug, addr, NULL, &err), RECO_EINVAL);
    json_decref(addr);
    addr = json_pack("{s:s, s:s}", "region", "", "addressLocality", "");
    assert_int_equal(reco_app_issuer_update(f->app, &other, slug, addr, &out, &err), RECO_OK);
    assert_null(json_object_get(out, "region"));
    assert_string_equal(json_string_value(json_object_get(out, "commune")), "29019");
    json_decref(out);
    json_decref(addr);
    assert_int_equal(
        reco_app_role_set(f->app, &owner, slug, "oth@example.org", RECO_ROLE_AWARDER, &err),
        RECO_OK);
    assert_int_equal(reco_app_issuer_update(f->app, &other, slug, body, NULL, &err), RECO_EDENIED);
    json_decref(body);
    /* a badge, two awards, search */
    json_t *ach = NULL;
    body = json_pack("{s:s, s:s}", "name", "Accueil", "description", "Sait accueillir");
    assert_int_equal(reco_app_achievement_create(f->app, &owner, slug, body, &ach, &err), RECO_OK);
    json_decref(body);
    const char *aid = strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1;
    reco_app_award_params p = {0};
    p.email = "zoe@example.org";
    p.name = "Zoé";
    p.no_email = true;
    assert_int_equal(reco_app_award(f->app, &owner, aid, &p, &out, &err), RECO_OK);
    json_decref(out);
    p.email = "yann@example.org";
    p.name = "Yann";
    assert_int_equal(reco_app_award(f->app, &other, aid, &p, &out, &err), RECO_OK);
    json_decref(out);
    assert_int_equal(reco_app_web_awards(f->app, &owner, slug, NULL, "ZOE", NULL, &out, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "total")), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(out, "items"), 0), "badge")),
                        "Accueil");
    json_decref(out);
    assert_int_equal(reco_app_web_awards(f->app, &owner, slug, aid, NULL, NULL, &out, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "total")), 2);
    json_decref(out);
    assert_int_equal(reco_app_web_awards(f->app, &owner, slug, "nope", NULL, NULL, &out, &err),
                     RECO_ENOTFOUND);
    /* the badge for its editor */
    assert_int_equal(reco_app_web_badge(f->app, &owner, aid, &out, &err), RECO_OK);
    assert_true(json_is_true(json_object_get(out, "can_edit")));
    json_decref(out);
    assert_int_equal(reco_app_web_badge(f->app, &other, aid, &out, &err), RECO_OK);
    assert_false(json_is_true(json_object_get(out, "can_edit")));
    json_decref(out);
    /* removed member */
    assert_int_equal(
        reco_app_role_set(f->app, &owner, slug, "oth@example.org", RECO_ROLE_NONE, &err), RECO_OK);
    assert_int_equal(reco_app_web_badge(f->app, &other, aid, &out, &err), RECO_EDENIED);
    assert_int_equal(reco_app_web_awards(f->app, &other, slug, NULL, NULL, NULL, &out, &err),
                     RECO_EDENIED);
    json_decref(ach);
    json_decref(iss);
}

static void signup_without_mail(void **state)
{
    fixture *f = *state;
    reco_app_config cfg = {0};
    reco_app *app = NULL;
    reco_error err = {0};
    reco_app_user u = {0};
    /* the same data, an SMTP server that refuses connections */
    cfg.data_dir = f->dir;
    cfg.base_url = "http://127.0.0.1:8080";
    cfg.smtp_url = "smtp://127.0.0.1:1";
    assert_int_equal(reco_app_open(&cfg, &app, &err), RECO_OK);
    assert_int_not_equal(
        reco_app_signup(app, "gil@example.org", "Gil", "gil password", NULL, &u, &err), RECO_OK);
    assert_string_equal(err.path, "mail");
    assert_true(u.id > 0); /* the account exists */
    assert_int_equal(reco_app_login(app, "gil@example.org", "gil password", NULL, &err), RECO_OK);
    reco_app_close(app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(signup_confirm, setup, teardown),
        cmocka_unit_test_setup_teardown(login_rate_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(sessions_and_csrf, setup, teardown),
        cmocka_unit_test_setup_teardown(password_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(settings, setup, teardown),
        cmocka_unit_test_setup_teardown(issuer_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(signup_without_mail, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
