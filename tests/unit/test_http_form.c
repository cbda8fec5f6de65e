/*
 * test_http_form.c - form bodies: application/x-www-form-urlencoded and multipart/form-data,
 * repeated fields, line ends of textareas, uploads with hostile file names, and every limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/form.h"

#include <string.h>

#define URLENC "application/x-www-form-urlencoded"
#define MP     "multipart/form-data; boundary=XyZ"

static reco_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = reco_arena_new(0);
    return arena ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    reco_arena_free(arena);
    return 0;
}

static reco_code parse(const char *ctype, const char *body, size_t n, const srv_form_limits *lim,
                       srv_form *f, reco_error *err)
{
    memset(err, 0, sizeof *err);
    return srv_form_parse(ctype, body, n, lim, arena, f, err);
}

static reco_code parse_s(const char *ctype, const char *body, srv_form *f, reco_error *err)
{
    return parse(ctype, body, strlen(body), NULL, f, err);
}

static void urlencoded_fields(void **state)
{
    (void)state;
    srv_form f;
    reco_error err;
    assert_int_equal(parse_s(URLENC,
                             "email=ana%40example.org&name=Ana+Lima&bio=a%0D%0Ab%0Dc&empty=&"
                             "flag&tag=x&tag=y&&csrf=00",
                             &f, &err),
                     RECO_OK);
    assert_string_equal(srv_form_get(&f, "email"), "ana@example.org");
    assert_string_equal(srv_form_get(&f, "name"), "Ana Lima");
    assert_string_equal(srv_form_get(&f, "bio"), "a\nb\nc"); /* CRLF and CR become LF */
    assert_string_equal(srv_form_get(&f, "empty"), "");
    assert_string_equal(srv_form_get(&f, "flag"), "");
    assert_false(srv_form_flag(&f, "flag"));
    assert_null(srv_form_get(&f, "missing"));
    assert_string_equal(srv_form_str(&f, "missing"), "");
    assert_int_equal(srv_form_count(&f, "tag"), 2);
    assert_string_equal(srv_form_nth(&f, "tag", 1), "y");
    assert_null(srv_form_nth(&f, "tag", 2));
    assert_null(srv_form_file(&f, "tag"));
    /* parameters after the type, any case */
    assert_int_equal(
        parse_s("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "a=%C3%A9", &f, &err), RECO_OK);
    assert_string_equal(srv_form_get(&f, "a"), "\xc3\xa9");
    assert_int_equal(parse_s(URLENC, "", &f, &err), RECO_OK);
    assert_int_equal(f.n, 0);
}

static void urlencoded_refused(void **state)
{
    (void)state;
    srv_form f;
    reco_error err;
    static const char *bad[] = {"a=%ZZ",  "a=%4",  "a=%",      "=x",        "a=%00",
                                "a%0A=1", "a=%FF", "a=%C3%28", "a=%1B[31m", "%7F=1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse_s(URLENC, bad[i], &f, &err), RECO_EINVAL);
        assert_non_null(strstr(err.msg, "bad form"));
    }
    /* a tab in a value is text; in a name it is not */
    assert_int_equal(parse_s(URLENC, "a=x%09y", &f, &err), RECO_OK);
    assert_int_equal(parse_s(URLENC, "a%09=1", &f, &err), RECO_EINVAL);
    assert_int_equal(parse_s("application/json", "{}", &f, &err), RECO_EINVAL);
    assert_int_equal(parse_s(NULL, "a=1", &f, &err), RECO_EINVAL);
}

static void urlencoded_limits(void **state)
{
    (void)state;
    srv_form f;
    reco_error err;
    srv_form_limits lim = {64, 3, 4, 8, 16};
    assert_int_equal(parse(URLENC, "a=1&b=2&c=3", 11, &lim, &f, &err), RECO_OK);
    assert_int_equal(parse(URLENC, "a=1&b=2&c=3&d=4", 15, &lim, &f, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "more than 3 fields"));
    assert_int_equal(parse(URLENC, "abcde=1", 7, &lim, &f, &err), RECO_ELIMIT);
    assert_int_equal(parse(URLENC, "a=123456789", 11, &lim, &f, &err), RECO_ELIMIT);
    assert_int_equal(parse(URLENC, "a=12345678", 10, &lim, &f, &err), RECO_OK);
    /* escapes count after decoding: 8 bytes written as 24 */
    assert_int_equal(parse(URLENC, "a=%41%41%41%41%41%41%41%41", 26, &lim, &f, &err), RECO_OK);
    char big[80];
    memset(big, 'x', sizeof big);
    memcpy(big, "a=", 2);
    assert_int_equal(parse(URLENC, big, sizeof big, &lim, &f, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "form too large"));
}

#define PART(h, v) "--XyZ\r\n" h "\r\n\r\n" v "\r\n"

static void multipart_fields_and_files(void **state)
{
    (void)state;
    srv_form f;
    reco_error err;
    static const char body[] = "preamble is ignored\r\n" PART(
        "Content-Disposition: form-data; name=\"name\"", "Badge <b>\r\nline 2")
        PART("content-disposition: form-data; name=\"image\"; filename=\"logo.png\"\r\n"
             "Content-Type: IMAGE/PNG",
             "\x89PNG\r\n\x1a\n\0\0--XyZ is not a delimiter without CRLF")
            PART("Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
                 "Content-Type: application/octet-stream",
                 "") PART("Content-Disposition: form-data; name=tag", "a")
                PART("Content-Disposition: form-data; name=\"tag\"", "b") "--XyZ--\r\n"
                                                                          "epilogue";
    assert_int_equal(parse(MP, body, sizeof body - 1, NULL, &f, &err), RECO_OK);
    assert_int_equal(f.n, 5);
    assert_string_equal(srv_form_get(&f, "name"), "Badge <b>\nline 2");
    const srv_form_field *img = srv_form_file(&f, "image");
    assert_non_null(img);
    assert_string_equal(img->filename, "logo.png");
    assert_string_equal(img->ctype, "image/png");
    assert_int_equal(img->len, 47);
    assert_memory_equal(img->value, "\x89PNG\r\n\x1a\n\0\0", 10);
    assert_null(srv_form_get(&f, "image"));  /* files are not text */
    assert_null(srv_form_file(&f, "empty")); /* no file chosen */
    assert_string_equal(f.field[2].filename, "");
    assert_int_equal(srv_form_count(&f, "tag"), 2);
    /* quoted boundary, first delimiter without a leading CRLF, quoted-pair in a name */
    static const char q[] = "--a b\r\nContent-Disposition: form-data; name=\"x\\\"y\"\r\n\r\n1\r\n"
                            "--a b--";
    assert_int_equal(
        parse("multipart/form-data; boundary=\"a b\"", q, sizeof q - 1, NULL, &f, &err), RECO_OK);
    assert_string_equal(f.field[0].name, "x\"y");
}

static void multipart_refused(void **state)
{
    (void)state;
    srv_form f;
    reco_error err;
    static const char *const bad[][2] = {
        {"multipart/form-data", PART("Content-Disposition: form-data; name=\"a\"", "1")},
        {"multipart/form-data; boundary=", "--\r\n"},
        {MP, "no delimiter at all"},
        {MP, PART("Content-Disposition: form-data; name=\"a\"", "1")}, /* no closing */
        {MP, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated"},
        {MP, PART("Content-Type: text/plain", "1") "--XyZ--"},
        {MP, PART("Content-Disposition: attachment; name=\"a\"", "1") "--XyZ--"},
        {MP, PART("Content-Disposition: form-data; filename=\"a\"", "1") "--XyZ--"},
        {MP, PART("Content-Disposition: form-data; name=\"\"", "1") "--XyZ--"},
        {MP, PART("Content-Disposition: form-data; name=\"a\"", "\x01") "--XyZ--"},
        {MP, PART("Content-Disposition: form-data; name=\"a\"", "\xff") "--XyZ--"},
        {MP, PART("no colon here", "1") "--XyZ--"},
        {MP, "--XyZ\r\n\r\nno headers\r\n--XyZ--"},
        {MP, "--XyZgarbage"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        reco_code rc = parse_s(bad[i][0], bad[i][1], &f, &err);
        if (rc != RECO_EINVAL)
            fail_msg("case %zu: code %d (%s)", i, rc, err.msg);
        assert_non_null(strstr(err.msg, "bad form"));
    }
    char longb[120] = "multipart/form-data; boundary=";
    memset(longb + strlen(longb), 'b', 71);
    assert_int_equal(parse_s(longb, "x", &f, &err), RECO_EINVAL);
}

static void multipart_limits(void **state)
{
    (void)state;
    srv_form f;
    reco_error err;
    srv_form_limits lim = {4096, 2, 8, 4, 6};
    static const char file_ok[] =
        PART("Content-Disposition: form-data; name=\"f\"; filename=\"a.png\"", "123456") "--XyZ--";
    static const char file_big[] =
        PART("Content-Disposition: form-data; name=\"f\"; filename=\"a.png\"", "1234567") "--XyZ--";
    static const char text_big[] =
        PART("Content-Disposition: form-data; name=\"t\"", "12345") "--XyZ--";
    static const char name_big[] =
        PART("Content-Disposition: form-data; name=\"abcdefghi\"", "1") "--XyZ--";
    static const char three[] = PART("Content-Disposition: form-data; name=\"a\"", "1")
        PART("Content-Disposition: form-data; name=\"a\"", "1")
            PART("Content-Disposition: form-data; name=\"a\"", "1") "--XyZ--";
    assert_int_equal(parse(MP, file_ok, sizeof file_ok - 1, &lim, &f, &err), RECO_OK);
    assert_int_equal(parse(MP, file_big, sizeof file_big - 1, &lim, &f, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "the file 'a.png' exceeds 6 bytes"));
    assert_int_equal(parse(MP, text_big, sizeof text_big - 1, &lim, &f, &err), RECO_ELIMIT);
    assert_int_equal(parse(MP, name_big, sizeof name_big - 1, &lim, &f, &err), RECO_ELIMIT);
    assert_int_equal(parse(MP, three, sizeof three - 1, &lim, &f, &err), RECO_ELIMIT);
    srv_form_limits tiny = {16, 0, 0, 0, 0};
    assert_int_equal(parse(MP, file_ok, sizeof file_ok - 1, &tiny, &f, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "the body exceeds 16 bytes"));
    /* headers of a part without an end, longer than the cap */
    char *h = reco_arena_alloc(arena, SRV_FORM_MAX_PART_HEADERS + 200);
    memcpy(h, "--XyZ\r\nX: ", 10);
    memset(h + 10, 'h', SRV_FORM_MAX_PART_HEADERS + 100);
    assert_int_equal(parse(MP, h, SRV_FORM_MAX_PART_HEADERS + 110, NULL, &f, &err), RECO_ELIMIT);
}

static void hostile_filenames(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"../../etc/passwd", "passwd"},
        {"C:\\Users\\ana\\badge.png", "badge.png"},
        {"..", "upload"},
        {".htaccess", "htaccess"},
        {"...png", "png"},
        {"a b<script>.svg", "a_b_script_.svg"},
        {"\xc3\xa9t\xc3\xa9.png", "__t__.png"},
        {"x/", "upload"},
        {"", "upload"},
        {"a\r\nContent-Type: evil", "a__Content-Type__evil"},
        {"nul\0byte", "nul_byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[SRV_FORM_MAX_FILENAME + 1];
        size_t n = i == 10 ? 8 : strlen(cases[i][0]);
        srv_form_filename_clean(cases[i][0], n, out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
    char longname[400], out[SRV_FORM_MAX_FILENAME + 1];
    memset(longname, 'a', sizeof longname);
    srv_form_filename_clean(longname, sizeof longname, out, sizeof out);
    assert_int_equal(strlen(out), SRV_FORM_MAX_FILENAME);
    /* and through the parser */
    srv_form f;
    reco_error err;
    static const char body[] = PART("Content-Disposition: form-data; name=\"f\"; "
                                    "filename=\"../../../tmp/x.svg\"",
                                    "<svg/>") "--XyZ--";
    assert_int_equal(parse(MP, body, sizeof body - 1, NULL, &f, &err), RECO_OK);
    assert_string_equal(srv_form_file(&f, "f")->filename, "x.svg");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(urlencoded_fields), cmocka_unit_test(urlencoded_refused),
        cmocka_unit_test(urlencoded_limits), cmocka_unit_test(multipart_fields_and_files),
        cmocka_unit_test(multipart_refused), cmocka_unit_test(multipart_limits),
        cmocka_unit_test(hostile_filenames),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
