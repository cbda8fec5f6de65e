/*
 * test_vc_http.c - the outbound HTTP client against a small HTTP server that the test runs on
 * loopback in a thread: body cap, redirects and their cap, the non-public address policy,
 * the https-only rule, the timeout, and the JSON-LD loader adapter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reco/http.h"
#include "reco/ld.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OK_BODY  "{\"@context\": {\"a\": \"https://example.org/a\"}}"
#define BIG_SIZE (64 * 1024)

/* ---------------------------------------------------------------- the server */

typedef struct server {
    int fd;
    int port;
    pthread_t thread;
    atomic_int connections;
    int held[16]; /* connections left unanswered (/silent), closed at the end */
    int nheld;
} server;

static server srv;

static void send_all(int c, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(c, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return; /* the client hung up (it may have stopped at its cap) */
        p += w;
        n -= (size_t)w;
    }
}

static void reply(int c, const char *status, const char *headers, const char *body)
{
    char head[512];
    int n =
        snprintf(head, sizeof head, "HTTP/1.1 %s\r\nConnection: close\r\n%s\r\n", status, headers);
    send_all(c, head, (size_t)n);
    send_all(c, body, strlen(body));
}

static void answer(int c)
{
    char req[4096], path[256] = "";
    size_t got = 0;
    /* Read the request head; the client sends no body on GET. */
    while (got < sizeof req - 1) {
        ssize_t r = recv(c, req + got, sizeof req - 1 - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
        req[got] = '\0';
        if (strstr(req, "\r\n\r\n"))
            break;
    }
    req[got] = '\0';
    if (sscanf(req, "GET %255s ", path) != 1) {
        close(c);
        return;
    }
    if (strcmp(path, "/ok") == 0) {
        char h[128];
        snprintf(h, sizeof h, "Content-Type: application/ld+json\r\nContent-Length: %zu\r\n",
                 strlen(OK_BODY));
        reply(c, "200 OK", h, OK_BODY);
    } else if (strcmp(path, "/accept") == 0) {
        /* Echo the Accept header back as the body. */
        const char *a = strstr(req, "Accept: ");
        char body[256] = "";
        if (a)
            snprintf(body, sizeof body, "%.*s", (int)strcspn(a + 8, "\r\n"), a + 8);
        reply(c, "200 OK", "Content-Type: text/plain\r\n", body);
    } else if (strcmp(path, "/big") == 0 || strcmp(path, "/big-length") == 0) {
        /* /big sends no Content-Length: only the write callback can stop it. */
        char *body = malloc(BIG_SIZE + 1);
        char h[128] = "";
        memset(body, 'a', BIG_SIZE);
        body[BIG_SIZE] = '\0';
        if (strcmp(path, "/big-length") == 0)
            snprintf(h, sizeof h, "Content-Length: %d\r\n", BIG_SIZE);
        reply(c, "200 OK", h, body);
        free(body);
    } else if (strcmp(path, "/loop") == 0) {
        reply(c, "302 Found", "Location: /loop\r\nContent-Length: 0\r\n", "");
    } else if (strcmp(path, "/hop") == 0) {
        reply(c, "302 Found", "Location: /ok\r\nContent-Length: 0\r\n", "");
    } else if (strcmp(path, "/silent") == 0 && srv.nheld < 16) {
        srv.held[srv.nheld++] = c;
        return;
    } else {
        reply(c, "404 Not Found", "Content-Length: 9\r\n", "not found");
    }
    close(c);
}

static void *serve(void *arg)
{
    (void)arg;
    for (;;) {
        int c = accept(srv.fd, NULL, NULL);
        if (c < 0)
            break; /* shutdown() of the listening socket ends the loop */
        atomic_fetch_add(&srv.connections, 1);
        answer(c);
    }
    return NULL;
}

static int server_start(void **state)
{
    (void)state;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    socklen_t len = sizeof a;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    srv.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (srv.fd < 0 || bind(srv.fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(srv.fd, 16) != 0 || getsockname(srv.fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    srv.port = ntohs(a.sin_port);
    return pthread_create(&srv.thread, NULL, serve, NULL) == 0 ? 0 : -1;
}

static int server_stop(void **state)
{
    (void)state;
    shutdown(srv.fd, SHUT_RDWR);
    pthread_join(srv.thread, NULL);
    close(srv.fd);
    for (int i = 0; i < srv.nheld; i++)
        close(srv.held[i]);
    return 0;
}

static const char *url_of(const char *scheme, const char *host, const char *path)
{
    static char url[256];
    snprintf(url, sizeof url, "%s://%s:%d%s", scheme, host, srv.port, path);
    return url;
}

static const reco_http_opts local = {.allow_private_network = true, .timeout_ms = 5000};

/* ---------------------------------------------------------------- tests */

static bool addr_private(const char *text)
{
    struct sockaddr_storage ss = {0};
    if (strchr(text, ':')) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        s6->sin6_family = AF_INET6;
        assert_int_equal(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        s4->sin_family = AF_INET;
        assert_int_equal(inet_pton(AF_INET, text, &s4->sin_addr), 1);
    }
    return reco_http_address_is_private((const struct sockaddr *)&ss);
}

static void test_address_policy(void **state)
{
    (void)state;
    static const char *const non_public[] = {
        "127.0.0.1",
        "127.255.0.9",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:7f00:1::",
        "2001:db8::1",
    };
    static const char *const public_[] = {
        "8.8.8.8",         "172.32.0.1",   "192.169.0.1",    "100.128.0.1",      "1.1.1.1",
        "2001:4860::8888", "2a00:1450::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    };
    for (size_t i = 0; i < sizeof non_public / sizeof non_public[0]; i++) {
        if (!addr_private(non_public[i]))
            fail_msg("%s should be refused", non_public[i]);
    }
    for (size_t i = 0; i < sizeof public_ / sizeof public_[0]; i++) {
        if (addr_private(public_[i]))
            fail_msg("%s should be allowed", public_[i]);
    }
    assert_true(reco_http_address_is_private(NULL));
}

static void test_get_ok(void **state)
{
    (void)state;
    reco_http_response resp;
    reco_error err;
    char url[256];
    snprintf(url, sizeof url, "%s", url_of("http", "127.0.0.1", "/ok"));
    assert_int_equal(reco_http_get(url, &local, &resp, &err), RECO_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.body.data, OK_BODY);
    assert_string_equal(resp.content_type, "application/ld+json");
    assert_string_equal(resp.final_url, url);
    reco_http_response_release(&resp);

    reco_http_opts o = local;
    o.accept = "application/ld+json";
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/accept"), &o, &resp, &err),
                     RECO_OK);
    assert_string_equal(resp.body.data, "application/ld+json");
    reco_http_response_release(&resp);

    /* A 404 is a response, not a failure of the client. */
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/nothing"), &local, &resp, &err),
                     RECO_OK);
    assert_int_equal(resp.status, 404);
    reco_http_response_release(&resp);
}

static void test_redirects(void **state)
{
    (void)state;
    reco_http_response resp;
    reco_error err;
    reco_http_opts o = local;

    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/hop"), &local, &resp, &err),
                     RECO_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.final_url, url_of("http", "127.0.0.1", "/ok"));
    assert_string_equal(resp.body.data, OK_BODY);
    reco_http_response_release(&resp);

    int before = atomic_load(&srv.connections);
    o.max_redirects = 3;
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/loop"), &o, &resp, &err),
                     RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "more than 3 redirects"));
    /* The first request and three redirects, then it stops. */
    assert_int_equal(atomic_load(&srv.connections) - before, 4);
    assert_null(resp.final_url);
    reco_http_response_release(&resp);

    /* Negative: redirects are not followed, the 302 comes back. */
    o.max_redirects = -1;
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/hop"), &o, &resp, &err), RECO_OK);
    assert_int_equal(resp.status, 302);
    reco_http_response_release(&resp);
}

static void test_size_cap(void **state)
{
    (void)state;
    reco_http_response resp;
    reco_error err;
    reco_http_opts o = local;
    o.max_bytes = 1024;
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/big"), &o, &resp, &err),
                     RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "larger than 1024 bytes"));
    assert_int_equal(resp.body.len, 0);
    reco_http_response_release(&resp);
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/big-length"), &o, &resp, &err),
                     RECO_ELIMIT);
    reco_http_response_release(&resp);
    /* Under the cap it comes whole. */
    o.max_bytes = BIG_SIZE;
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/big"), &o, &resp, &err), RECO_OK);
    assert_int_equal(resp.body.len, BIG_SIZE);
    reco_http_response_release(&resp);
}

static void test_private_network_refused(void **state)
{
    (void)state;
    reco_http_response resp;
    reco_error err;
    reco_http_opts strict = {.timeout_ms = 5000};
    int before = atomic_load(&srv.connections);

    /* https to a loopback literal: refused at connect time, the server sees nothing. */
    assert_int_equal(reco_http_get(url_of("https", "127.0.0.1", "/ok"), &strict, &resp, &err),
                     RECO_EINVAL);
    assert_non_null(strstr(err.msg, "non-public address 127.0.0.1 refused"));
    reco_http_response_release(&resp);
    /* A name that resolves to loopback is judged by its address. */
    assert_int_equal(reco_http_get(url_of("https", "localhost", "/ok"), &strict, &resp, &err),
                     RECO_EINVAL);
    assert_non_null(strstr(err.msg, "non-public address"));
    reco_http_response_release(&resp);
    /* Plain http is refused before any connection. */
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/ok"), &strict, &resp, &err),
                     RECO_EINVAL);
    assert_non_null(strstr(err.msg, "only https"));
    reco_http_response_release(&resp);
    assert_int_equal(atomic_load(&srv.connections), before);

    assert_int_equal(reco_http_get("file:///etc/passwd", &local, &resp, &err), RECO_EINVAL);
    reco_http_response_release(&resp);
}

static void test_timeout(void **state)
{
    (void)state;
    reco_http_response resp;
    reco_error err;
    reco_http_opts o = local;
    o.timeout_ms = 300;
    assert_int_equal(reco_http_get(url_of("http", "127.0.0.1", "/silent"), &o, &resp, &err),
                     RECO_EIO);
    assert_non_null(strstr(err.msg, "timed out"));
    reco_http_response_release(&resp);
}

static void test_ld_fetch_adapter(void **state)
{
    (void)state;
    reco_ld_loader *l = reco_ld_loader_new();
    const json_t *doc = NULL;
    reco_error err;
    char ok[256];
    snprintf(ok, sizeof ok, "%s", url_of("http", "127.0.0.1", "/hop"));
    reco_ld_loader_allow_fetch(l, reco_http_ld_fetch, (void *)&local, 4, 4096);
    assert_int_equal(reco_ld_loader_load(l, ok, &doc, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "@context"), "a")),
                        "https://example.org/a");
    /* Not found is a loading failure naming the status. */
    assert_int_equal(reco_ld_loader_load(l, url_of("http", "127.0.0.1", "/nothing"), &doc, &err),
                     RECO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "loading document failed"));
    assert_non_null(strstr(err.msg, "404"));
    /* The loader's size limit reaches the client. */
    assert_int_equal(reco_ld_loader_load(l, url_of("http", "127.0.0.1", "/big"), &doc, &err),
                     RECO_ELIMIT);
    reco_ld_loader_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_policy),
        cmocka_unit_test(test_get_ok),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_size_cap),
        cmocka_unit_test(test_private_network_refused),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_ld_fetch_adapter),
    };
    return cmocka_run_group_tests(tests, server_start, server_stop);
}
