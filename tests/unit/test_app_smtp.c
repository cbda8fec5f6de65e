/*
 * test_app_smtp.c - the award e-mail through SMTP: a minimal SMTP server on loopback (one
 * thread, one session) receives the message; an unreachable server leaves the award standing
 * with "emailError".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/app.h"
#include "testlib.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct smtp_server {
    int fd;
    int port;
    char rcpt[256];
    char data[256 * 1024];
    size_t len;
} smtp_server;

static void say(int c, const char *s)
{
    ssize_t w = write(c, s, strlen(s));
    (void)w;
}

/* Read one line (up to CRLF) into line; 0 at end of connection. */
static size_t read_line(int c, char *line, size_t cap)
{
    size_t n = 0;
    char ch;
    while (n + 1 < cap && read(c, &ch, 1) == 1) {
        line[n++] = ch;
        if (ch == '\n')
            break;
    }
    line[n] = '\0';
    return n;
}

static void *serve_one(void *arg)
{
    smtp_server *s = arg;
    char line[2048];
    int c = accept(s->fd, NULL, NULL);
    if (c < 0)
        return NULL;
    say(c, "220 test ESMTP\r\n");
    while (read_line(c, line, sizeof line)) {
        if (!strncmp(line, "EHLO", 4) || !strncmp(line, "HELO", 4)) {
            say(c, "250-test\r\n250 8BITMIME\r\n");
        } else if (!strncmp(line, "MAIL FROM", 9)) {
            say(c, "250 ok\r\n");
        } else if (!strncmp(line, "RCPT TO", 7)) {
            snprintf(s->rcpt, sizeof s->rcpt, "%.200s", line);
            say(c, "250 ok\r\n");
        } else if (!strncmp(line, "DATA", 4)) {
            say(c, "354 go on\r\n");
            size_t n;
            while ((n = read_line(c, line, sizeof line)) && strcmp(line, ".\r\n") != 0)
                if (s->len + n < sizeof s->data) {
                    memcpy(s->data + s->len, line, n);
                    s->len += n;
                }
            say(c, "250 queued\r\n");
        } else if (!strncmp(line, "QUIT", 4)) {
            say(c, "221 bye\r\n");
            break;
        } else {
            say(c, "250 ok\r\n");
        }
    }
    close(c);
    return NULL;
}

static int listen_loopback(int *port)
{
    struct sockaddr_in a = {0};
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4) ||
        getsockname(fd, (struct sockaddr *)&a, &al))
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

/* Open a service with smtp_url, make an issuer and a badge, award to an e-mail. */
static json_t *award_with(const char *dir, const char *smtp_url)
{
    reco_app_config cfg = {0};
    reco_app *app = NULL;
    reco_app_user admin;
    reco_error err = {0};
    json_t *b, *iss = NULL, *ach = NULL, *out = NULL;
    reco_app_award_params p = {0};
    cfg.data_dir = dir;
    cfg.smtp_url = smtp_url;
    cfg.smtp_from = "badges@example.org";
    assert_int_equal(reco_app_open(&cfg, &app, &err), RECO_OK);
    assert_int_equal(reco_app_user_add(app, "a@example.org", "password!", true, &admin, &err),
                     RECO_OK);
    b = json_pack("{s:s}", "name", "Issuer SMTP");
    assert_int_equal(reco_app_issuer_create(app, &admin, b, &iss, &err), RECO_OK);
    json_decref(b);
    b = json_pack("{s:s, s:s}", "name", "Badge", "description", "d");
    assert_int_equal(reco_app_achievement_create(app, &admin, "issuer-smtp", b, &ach, &err),
                     RECO_OK);
    json_decref(b);
    p.email = "earner@example.org";
    p.name = "Earner\r\nBcc: evil@example.org";
    assert_int_equal(reco_app_award(app, &admin,
                                    strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1,
                                    &p, &out, &err),
                     RECO_OK);
    json_decref(iss);
    json_decref(ach);
    reco_app_close(app);
    return out;
}

static void sent_through_smtp(void **state)
{
    (void)state;
    smtp_server s;
    pthread_t t;
    char dir[64], url[64], outbox[128];
    memset(&s, 0, sizeof s);
    snprintf(dir, sizeof dir, "/tmp/reco-smtp-XXXXXX");
    assert_non_null(mkdtemp(dir));
    s.fd = listen_loopback(&s.port);
    assert_true(s.fd >= 0);
    assert_int_equal(pthread_create(&t, NULL, serve_one, &s), 0);
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", s.port);
    json_t *out = award_with(dir, url);
    pthread_join(t, NULL);
    close(s.fd);
    assert_null(json_object_get(out, "emailError"));
    assert_non_null(strstr(s.rcpt, "<earner@example.org>"));
    s.data[s.len] = '\0';
    assert_non_null(strstr(s.data, json_string_value(json_object_get(out, "claimUrl"))));
    assert_non_null(strstr(s.data, "From: =?UTF-8?B?"));
    assert_non_null(strstr(s.data, "Content-Type: image/png"));
    /* A CR LF in the earner's name does not make a header. */
    assert_null(strstr(s.data, "\r\nBcc:"));
    /* Nothing in the outbox when SMTP is used. */
    snprintf(outbox, sizeof outbox, "%s/outbox", dir);
    assert_int_equal(access(outbox, F_OK), -1);
    json_decref(out);
    test_rm_tree(dir);
}

static void unreachable_server_keeps_award(void **state)
{
    (void)state;
    char dir[64], url[64];
    int port, fd = listen_loopback(&port);
    snprintf(dir, sizeof dir, "/tmp/reco-smtp-XXXXXX");
    assert_non_null(mkdtemp(dir));
    close(fd); /* nobody listens there now */
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
    json_t *out = award_with(dir, url);
    assert_non_null(json_object_get(out, "credential"));
    assert_non_null(
        strstr(json_string_value(json_object_get(out, "emailError")), "cannot send the e-mail"));
    json_decref(out);
    test_rm_tree(dir);
}

static void bulk_notes_mail_failures(void **state)
{
    (void)state;
    char dir[64], url[64];
    int port, fd = listen_loopback(&port);
    reco_app_config cfg = {0};
    reco_app *app = NULL;
    reco_app_user admin;
    reco_error err = {0};
    json_t *b, *iss = NULL, *ach = NULL, *job = NULL, *view = NULL;
    const char *csv = "name,email\nA,a@example.org\nB,broken\nC,c@example.org\n";
    snprintf(dir, sizeof dir, "/tmp/reco-smtp-XXXXXX");
    assert_non_null(mkdtemp(dir));
    close(fd);
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
    cfg.data_dir = dir;
    cfg.smtp_url = url;
    assert_int_equal(reco_app_open(&cfg, &app, &err), RECO_OK);
    assert_int_equal(reco_app_user_add(app, "a@example.org", "password!", true, &admin, &err),
                     RECO_OK);
    b = json_pack("{s:s}", "name", "Issuer SMTP");
    assert_int_equal(reco_app_issuer_create(app, &admin, b, &iss, &err), RECO_OK);
    json_decref(b);
    b = json_pack("{s:s, s:s}", "name", "Badge", "description", "d");
    assert_int_equal(reco_app_achievement_create(app, &admin, "issuer-smtp", b, &ach, &err),
                     RECO_OK);
    json_decref(b);
    assert_int_equal(
        reco_app_bulk_submit(app, &admin,
                             strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1, csv,
                             strlen(csv), false, &job, &err),
        RECO_OK);
    const char *jid = strrchr(json_string_value(json_object_get(job, "id")), '/') + 1;
    assert_int_equal(reco_app_job_run(app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(app, &admin, jid, &view, &err), RECO_OK);
    json_t *rows = json_object_get(view, "rows");
    assert_int_equal(json_array_size(rows), 3);
    /* Awarded rows stay awarded; their e-mail failure is noted, in row order. */
    const char *status[] = {"ok", "error", "ok"};
    for (size_t i = 0; i < 3; i++) {
        json_t *row = json_array_get(rows, i);
        assert_int_equal(json_integer_value(json_object_get(row, "row")), (json_int_t)i + 1);
        assert_string_equal(json_string_value(json_object_get(row, "status")), status[i]);
        if (i != 1)
            assert_non_null(strstr(json_string_value(json_object_get(row, "emailError")),
                                   "cannot send the e-mail"));
    }
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 2);
    json_decref(view);
    json_decref(job);
    json_decref(iss);
    json_decref(ach);
    reco_app_close(app);
    test_rm_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sent_through_smtp),
        cmocka_unit_test(unreachable_server_keeps_award),
        cmocka_unit_test(bulk_notes_mail_failures),
    };
    unsetenv("RECO_MASTER_KEY");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
