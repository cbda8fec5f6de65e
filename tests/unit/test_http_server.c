/*
 * test_http_server.c - the server in process, on a free loopback port, driven with libcurl:
 * a revoked token is refused like a forged one (401), a valid one creates (201), bodies over
 * the cap by Content-Length get 413 before they are read, and many threads at once get
 * their answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/app.h"
#include "app_fixture.h"
#include "reco/server.h"

#include <curl/curl.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    char base[64];
    reco_app *app;
    reco_server *srv;
    reco_app_user user;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    reco_error err = {0};
    reco_server_config scfg = {0};
    if (!f || app_fixture_open(f->dir, sizeof f->dir, "http", NULL, &f->app))
        return -1;
    scfg.app = f->app;
    scfg.listen = "127.0.0.1:0";
    scfg.threads = 4;
    scfg.access_log_fd = -1;
    scfg.max_json_body = 4096;
    if (reco_server_start(&scfg, &f->srv, &err)) {
        print_message("server: %s\n", err.msg);
        return -1;
    }
    snprintf(f->base, sizeof f->base, "http://127.0.0.1:%u", reco_server_port(f->srv));
    if (reco_app_user_add(f->app, "ann@example.org", "a long password", false, &f->user, &err))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    reco_server_stop(f->srv, 1000);
    app_fixture_close(f->app, f->dir);
    free(f);
    return 0;
}

typedef struct reply {
    long status;
    char body[4096];
    size_t len;
} reply;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    reply *r = ud;
    size_t k = size * n;
    size_t room = sizeof r->body - 1 - r->len;
    memcpy(r->body + r->len, p, k < room ? k : room);
    r->len += k < room ? k : room;
    r->body[r->len] = '\0';
    return k;
}

/* One request; body NULL = GET. */
static long request(const fixture *f, const char *path, const char *token, const char *ctype,
                    const char *body, long body_len, reply *out)
{
    char url[256], auth[256], ct[128];
    struct curl_slist *h = NULL;
    CURL *c = curl_easy_init();
    assert_non_null(c);
    memset(out, 0, sizeof *out);
    snprintf(url, sizeof url, "%s%s", f->base, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
    }
    if (ctype) {
        snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
        h = curl_slist_append(h, ct);
    }
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, body_len);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return out->status;
}

static void revoked_token_is_refused(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_buf tok;
    int64_t id = 0;
    reply r;
    const char *body = "{\"name\":\"Revocation test\"}";
    reco_buf_init(&tok, 256);
    assert_int_equal(reco_app_token_add(f->app, &f->user, "test", 0, &tok, &id, &err), RECO_OK);
    assert_int_equal(
        request(f, "/api/v1/issuers", tok.data, "application/json", body, (long)strlen(body), &r),
        201);
    assert_non_null(strstr(r.body, "\"slug\""));
    assert_int_equal(reco_app_token_revoke(f->app, &f->user, id, &err), RECO_OK);
    assert_int_equal(
        request(f, "/api/v1/issuers", tok.data, "application/json", body, (long)strlen(body), &r),
        401);
    assert_non_null(strstr(r.body, "\"unauthorized\""));
    /* a forged token of the same form */
    tok.data[tok.len - 1] = tok.data[tok.len - 1] == 'a' ? 'b' : 'a';
    assert_int_equal(
        request(f, "/api/v1/issuers", tok.data, "application/json", body, (long)strlen(body), &r),
        401);
    reco_wipe(tok.data, tok.len);
    reco_buf_release(&tok);
}

static void body_over_cap(void **state)
{
    fixture *f = *state;
    reply r;
    char *big = malloc(5000);
    assert_non_null(big);
    memset(big, ' ', 5000);
    /* the verify route needs no token: the cap (4096 here) answers before any reading */
    assert_int_equal(request(f, "/api/v1/verify", NULL, "application/json", big, 5000, &r), 413);
    assert_non_null(strstr(r.body, "4096"));
    assert_int_equal(request(f, "/api/v1/verify", NULL, "application/json", big, 4096, &r), 200);
    assert_non_null(strstr(r.body, "\"valid\":false"));
    free(big);
}

static void get_with_a_body(void **state)
{
    fixture *f = *state;
    reply r;
    char url[256];
    CURL *c = curl_easy_init();
    assert_non_null(c);
    memset(&r, 0, sizeof r);
    snprintf(url, sizeof url, "%s/healthz", f->base);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "GET");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, "ignored body");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_cleanup(c);
    /* a route without a body ignores one sent anyway */
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"status\":\"ok\"}\n");
}

static void *hammer(void *p)
{
    const fixture *f = p;
    reply r;
    long ok = 0;
    for (int i = 0; i < 40; i++) {
        if (request(f, i % 2 ? "/healthz" : "/credentials/nothing", NULL, NULL, NULL, 0, &r) ==
            (i % 2 ? 200 : 404))
            ok++;
    }
    return (void *)ok;
}

static void many_threads(void **state)
{
    fixture *f = *state;
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&t[i], NULL, hammer, f), 0);
    for (int i = 0; i < 8; i++) {
        void *ok = NULL;
        pthread_join(t[i], &ok);
        assert_int_equal((long)ok, 40);
    }
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(revoked_token_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(body_over_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(get_with_a_body, setup, teardown),
        cmocka_unit_test_setup_teardown(many_threads, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
