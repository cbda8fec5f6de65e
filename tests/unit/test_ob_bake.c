/*
 * test_ob_bake.c - baking credentials into PNG and SVG images and extracting them again:
 * round trips for Open Badges 2.0 and 3.0, re-baking, compressed and legacy chunks, every
 * kind of corrupt image, XML entity tricks, and the baked images of the public fixtures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reco/bake.h"
#include "testlib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "png_build.h"

static const char V3_JSON[] = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
                              "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
                              "\"id\":\"http://example.edu/credentials/3732\","
                              "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
                              "\"name\":\"tricky ]]> & <name> \\\"quoted\\\" caf\xc3\xa9\"}";
static const char V2_JSON[] = "{\"@context\":\"https://w3id.org/openbadges/v2\","
                              "\"id\":\"https://example.org/assertions/123?a=1&b=2\","
                              "\"type\":\"Assertion\"}";
/* header {"alg":"none"} . payload {"@context":"https://w3id.org/openbadges/v2"} . sig */
static const char V2_JWS[] =
    "eyJhbGciOiJub25lIn0.eyJAY29udGV4dCI6Imh0dHBzOi8vdzNpZC5vcmcvb3BlbmJhZGdlcy92MiJ9.c2ln";
static const char V3_JWT[] = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxIn0.c2lnbmF0dXJl";
static const char URL[] = "https://example.org/assertions/123";

/* ---------------------------------------------------------------- PNG building */

/* iTXt data: keyword NUL flag method lang NUL translated NUL text. */
static void itxt(reco_buf *d, const char *keyword, int compressed, const char *text, size_t n)
{
    reco_buf_init(d, 0);
    assert_int_equal(reco_buf_append(d, keyword, strlen(keyword) + 1), RECO_OK);
    assert_int_equal(reco_buf_putc(d, (char)compressed), RECO_OK);
    assert_int_equal(reco_buf_append(d, "\0en\0\0", 5), RECO_OK);
    if (!compressed) {
        assert_int_equal(reco_buf_append(d, text, n), RECO_OK);
        return;
    }
    uLongf zn = compressBound(n);
    unsigned char *z = malloc(zn);
    assert_non_null(z);
    assert_int_equal(compress(z, &zn, (const Bytef *)text, n), Z_OK);
    assert_int_equal(reco_buf_append(d, z, zn), RECO_OK);
    free(z);
}

/* Count chunks of a type in a PNG known to be valid. */
static int count_chunks(const reco_buf *b, const char *type)
{
    int count = 0;
    const unsigned char *p = (const unsigned char *)b->data;
    for (size_t i = 8; i + 12 <= b->len;) {
        size_t n = (size_t)p[i] << 24 | (size_t)p[i + 1] << 16 | (size_t)p[i + 2] << 8 | p[i + 3];
        if (memcmp(p + i + 4, type, 4) == 0)
            count++;
        i += 12 + n;
    }
    return count;
}

static bool has_bytes(const reco_buf *b, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return true;
    return false;
}

static size_t count_str(const char *hay, const char *needle)
{
    size_t count = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        count++;
    return count;
}

/* Extract and check version, kind and text. */
static void expect_extract(const reco_buf *img, int version, reco_bake_kind kind, const char *text)
{
    reco_baked got;
    reco_error err;
    reco_baked_init(&got);
    reco_code rc = reco_extract(img->data, img->len, &got, &err);
    if (rc)
        fail_msg("extract failed: %s", err.msg);
    assert_int_equal(got.version, version);
    assert_int_equal(got.kind, kind);
    assert_string_equal(got.text.data, text);
    reco_baked_release(&got);
}

static void expect_extract_error(const void *img, size_t n, reco_code code, const char *msg_part)
{
    reco_baked got;
    reco_error err;
    reco_baked_init(&got);
    reco_code rc = reco_extract(img, n, &got, &err);
    if (rc != code)
        fail_msg("expected code %d, got %d (%s)", code, rc, rc ? err.msg : "ok");
    if (msg_part && !strstr(err.msg, msg_part))
        fail_msg("message '%s' lacks '%s'", err.msg, msg_part);
    reco_baked_release(&got);
}

/* ---------------------------------------------------------------- detection */

static void test_detect(void **state)
{
    (void)state;
    reco_buf png;
    make_png(&png, NULL, NULL, 0);
    assert_int_equal(reco_bake_detect(png.data, png.len), RECO_BAKE_PNG);
    reco_buf_release(&png);
    const char *svg1 = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    const char *svg2 = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c > d -->\n"
                       "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\">\n<svg:svg>";
    assert_int_equal(reco_bake_detect(svg1, strlen(svg1)), RECO_BAKE_SVG);
    assert_int_equal(reco_bake_detect(svg2, strlen(svg2)), RECO_BAKE_SVG);
    assert_int_equal(reco_bake_detect("<html></html>", 13), RECO_BAKE_OTHER);
    assert_int_equal(reco_bake_detect("{\"a\":1}", 7), RECO_BAKE_OTHER);
    assert_int_equal(reco_bake_detect("\x89PNG", 4), RECO_BAKE_OTHER);
    assert_int_equal(reco_bake_detect("", 0), RECO_BAKE_OTHER);
    assert_int_equal(reco_bake_detect("<svgx>", 6), RECO_BAKE_OTHER);
}

static void test_kind_and_version(void **state)
{
    (void)state;
    reco_bake_kind k;
    assert_int_equal(reco_bake_kind_of(V3_JSON, strlen(V3_JSON), &k, NULL), RECO_OK);
    assert_int_equal(k, RECO_BAKE_JSON);
    assert_int_equal(reco_bake_kind_of(V3_JWT, strlen(V3_JWT), &k, NULL), RECO_OK);
    assert_int_equal(k, RECO_BAKE_JWT);
    assert_int_equal(reco_bake_kind_of(URL, strlen(URL), &k, NULL), RECO_OK);
    assert_int_equal(k, RECO_BAKE_URL);
    assert_int_equal(reco_bake_kind_of("a.b", 3, &k, NULL), RECO_EPARSE);
    assert_int_equal(reco_bake_kind_of("a..c", 4, &k, NULL), RECO_EPARSE);
    assert_int_equal(reco_bake_kind_of("ftp://x", 7, &k, NULL), RECO_EPARSE);
    assert_int_equal(reco_bake_kind_of("  ", 2, &k, NULL), RECO_EPARSE);
    assert_int_equal(reco_bake_kind_of("{\xff}", 3, &k, NULL), RECO_EPARSE);
    assert_int_equal(reco_bake_guess_version(V3_JSON, strlen(V3_JSON)), 3);
    assert_int_equal(reco_bake_guess_version(V2_JSON, strlen(V2_JSON)), 2);
    assert_int_equal(reco_bake_guess_version(V2_JWS, strlen(V2_JWS)), 2);
    assert_int_equal(reco_bake_guess_version(V3_JWT, strlen(V3_JWT)), 3);
    assert_int_equal(reco_bake_guess_version(URL, strlen(URL)), 2);
    const char *arr = "{\"@context\":[\"https://w3id.org/openbadges/v2\",{\"x\":\"y\"}]}";
    assert_int_equal(reco_bake_guess_version(arr, strlen(arr)), 2);
}

/* ---------------------------------------------------------------- PNG */

static void png_round_trip(const char *text, int version, reco_bake_kind kind)
{
    reco_buf png, baked;
    reco_error err;
    make_png(&png, NULL, NULL, 0);
    reco_buf_init(&baked, 0);
    reco_code rc = reco_bake(png.data, png.len, text, strlen(text), version, &baked, &err);
    if (rc)
        fail_msg("bake failed: %s", err.msg);
    assert_int_equal(reco_bake_detect(baked.data, baked.len), RECO_BAKE_PNG);
    assert_int_equal(count_chunks(&baked, "iTXt"), 1);
    assert_int_equal(count_chunks(&baked, "IDAT"), 1);
    /* Placed right after IHDR: signature (8) + IHDR (25). */
    assert_memory_equal(baked.data + 8 + 25 + 4, "iTXt", 4);
    expect_extract(&baked, version, kind, text);
    reco_buf_release(&png);
    reco_buf_release(&baked);
}

static void test_png_round_trips(void **state)
{
    (void)state;
    png_round_trip(V3_JSON, 3, RECO_BAKE_JSON);
    png_round_trip(V3_JWT, 3, RECO_BAKE_JWT);
    png_round_trip(V2_JSON, 2, RECO_BAKE_JSON);
    png_round_trip(V2_JWS, 2, RECO_BAKE_JWT);
    png_round_trip(URL, 2, RECO_BAKE_URL);
}

static void test_png_rebake_replaces(void **state)
{
    (void)state;
    reco_buf png, legacy, once, twice;
    reco_error err;
    /* Start from an image with a legacy tEXt URL: baking must drop it too. */
    char text[64];
    int tn = snprintf(text, sizeof text, "openbadges%c%s", 0, URL);
    make_png(&png, "tEXt", text, (size_t)tn);
    reco_buf_init(&once, 0);
    reco_buf_init(&twice, 0);
    reco_buf_init(&legacy, 0);
    assert_int_equal(reco_bake_png(png.data, png.len, V2_JSON, strlen(V2_JSON), 2, &once, &err),
                     RECO_OK);
    assert_int_equal(count_chunks(&once, "tEXt"), 0);
    assert_int_equal(reco_bake_png(once.data, once.len, V3_JSON, strlen(V3_JSON), 3, &twice, &err),
                     RECO_OK);
    assert_int_equal(count_chunks(&twice, "iTXt"), 1);
    assert_false(has_bytes(&twice, "openbadges\0", 11));
    expect_extract(&twice, 3, RECO_BAKE_JSON, V3_JSON);
    /* The same bytes again: baking is idempotent. */
    assert_int_equal(reco_bake_png(twice.data, twice.len, V3_JSON, strlen(V3_JSON), 3, &once, &err),
                     RECO_OK);
    assert_int_equal(once.len, twice.len);
    assert_memory_equal(once.data, twice.data, once.len);
    reco_buf_release(&png);
    reco_buf_release(&once);
    reco_buf_release(&twice);
    reco_buf_release(&legacy);
}

static void test_png_compressed_and_legacy(void **state)
{
    (void)state;
    reco_buf d, png;
    itxt(&d, "openbadgecredential", 1, V3_JSON, strlen(V3_JSON));
    make_png(&png, "iTXt", d.data, d.len);
    expect_extract(&png, 3, RECO_BAKE_JSON, V3_JSON);
    reco_buf_release(&png);
    reco_buf_release(&d);

    /* A legacy 2.0 image: the hosted URL in tEXt (OB 2.0 Baking §Legacy PNGs). */
    char text[64];
    int tn = snprintf(text, sizeof text, "openbadges%c%s", 0, URL);
    make_png(&png, "tEXt", text, (size_t)tn);
    expect_extract(&png, 2, RECO_BAKE_URL, URL);
    reco_buf_release(&png);

    /* Other text chunks are not credentials. */
    tn = snprintf(text, sizeof text, "Comment%c%s", 0, URL);
    make_png(&png, "tEXt", text, (size_t)tn);
    expect_extract_error(png.data, png.len, RECO_ENOTFOUND, "no baked credential");
    reco_buf_release(&png);
}

static void test_png_inflate_bomb(void **state)
{
    (void)state;
    size_t n = 3u * 1024u * 1024u;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    reco_buf d, png;
    itxt(&d, "openbadgecredential", 1, big, n);
    assert_true(d.len < 64 * 1024); /* small on disk, huge inflated */
    make_png(&png, "iTXt", d.data, d.len);
    expect_extract_error(png.data, png.len, RECO_ELIMIT, "inflates past");
    reco_buf_release(&png);
    reco_buf_release(&d);
    /* The same text uncompressed is over the cap as well. */
    itxt(&d, "openbadgecredential", 0, big, n);
    make_png(&png, "iTXt", d.data, d.len);
    expect_extract_error(png.data, png.len, RECO_ELIMIT, "too large");
    reco_buf_release(&png);
    reco_buf_release(&d);
    free(big);
}

static void test_png_corrupt(void **state)
{
    (void)state;
    reco_buf png, d, two;
    make_png(&png, NULL, NULL, 0);
    char *c = malloc(png.len);
    assert_non_null(c);

    memcpy(c, png.data, png.len);
    c[1] = 'X';
    expect_extract_error(c, png.len, RECO_EPARSE, NULL); /* no longer detected as PNG */
    reco_baked got;
    reco_baked_init(&got);
    reco_error err;
    assert_int_equal(reco_extract_png(c, png.len, &got, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "bad signature"));

    /* Flip a byte of the IDAT data: its CRC no longer matches. */
    memcpy(c, png.data, png.len);
    c[8 + 25 + 8] ^= 1;
    expect_extract_error(c, png.len, RECO_EPARSE, "bad CRC in chunk 'IDAT'");

    /* IDAT claims far more bytes than the file holds. */
    memcpy(c, png.data, png.len);
    c[8 + 25] = 0x10;
    expect_extract_error(c, png.len, RECO_EPARSE, "past the end");

    /* Cut short: IEND is incomplete. */
    expect_extract_error(png.data, png.len - 5, RECO_EPARSE, "truncated");
    /* IEND missing altogether. */
    expect_extract_error(png.data, png.len - 12, RECO_EPARSE, "no IEND");

    /* IHDR missing: the first chunk is IDAT. */
    memcpy(c, png.data, 8);
    memcpy(c + 8, png.data + 8 + 25, png.len - 8 - 25);
    expect_extract_error(c, png.len - 25, RECO_EPARSE, "not a 13-byte IHDR");

    /* IHDR twice (PNG §5.6). */
    {
        static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};
        reco_buf dup;
        make_png(&dup, "IHDR", ihdr, sizeof ihdr);
        expect_extract_error(dup.data, dup.len, RECO_EPARSE, "second IHDR");
        reco_buf_release(&dup);
    }

    /* Chunk type with a non-letter. */
    memcpy(c, png.data, png.len);
    c[8 + 25 + 4] = '1';
    expect_extract_error(c, png.len, RECO_EPARSE, "four letters");

    /* Baking refuses a corrupt image too. */
    memcpy(c, png.data, png.len);
    c[8 + 25 + 8] ^= 1;
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(reco_bake_png(c, png.len, V3_JSON, strlen(V3_JSON), 3, &out, &err),
                     RECO_EPARSE);
    reco_buf_release(&out);

    /* Two credentials in one image. */
    itxt(&d, "openbadgecredential", 0, V3_JSON, strlen(V3_JSON));
    make_png(&two, "iTXt", d.data, d.len);
    reco_buf_release(&d);
    itxt(&d, "openbadges", 0, V2_JSON, strlen(V2_JSON));
    reco_buf twice;
    reco_buf_init(&twice, 0);
    assert_int_equal(reco_buf_append(&twice, two.data, two.len - 12), RECO_OK);
    chunk(&twice, "iTXt", d.data, d.len);
    chunk(&twice, "IEND", "", 0);
    expect_extract_error(twice.data, twice.len, RECO_EPARSE,
                         "the image holds 2 baked credentials; one is allowed");
    reco_buf_release(&twice);
    reco_buf_release(&two);

    /* An iTXt with our keyword but no language tag terminator. */
    reco_buf_clear(&d);
    assert_int_equal(reco_buf_append(&d, "openbadges\0\0\0en", 15), RECO_OK);
    make_png(&two, "iTXt", d.data, d.len);
    expect_extract_error(two.data, two.len, RECO_EPARSE, "language tag");
    reco_buf_release(&two);
    /* An undefined compression method. */
    reco_buf_clear(&d);
    assert_int_equal(reco_buf_append(&d, "openbadges\0\1\7\0\0x", 16), RECO_OK);
    make_png(&two, "iTXt", d.data, d.len);
    expect_extract_error(two.data, two.len, RECO_EPARSE, "compression");
    reco_buf_release(&two);
    /* Compressed text that is not zlib. */
    reco_buf_clear(&d);
    assert_int_equal(reco_buf_append(&d, "openbadges\0\1\0\0\0garbage", 22), RECO_OK);
    make_png(&two, "iTXt", d.data, d.len);
    expect_extract_error(two.data, two.len, RECO_EPARSE, "does not inflate");
    reco_buf_release(&two);
    /* A credential that is neither JSON nor JWS nor URL. */
    reco_buf_release(&d);
    itxt(&d, "openbadgecredential", 0, "hello", 5);
    make_png(&two, "iTXt", d.data, d.len);
    expect_extract_error(two.data, two.len, RECO_EPARSE, "neither JSON");
    reco_buf_release(&two);
    reco_buf_release(&d);

    /* Over the image cap. */
    size_t huge = RECO_BAKE_MAX_IMAGE + 1;
    char *h = calloc(1, huge);
    assert_non_null(h);
    memcpy(h, png.data, png.len);
    expect_extract_error(h, huge, RECO_ELIMIT, "too large");
    free(h);

    reco_baked_release(&got);
    free(c);
    reco_buf_release(&png);
}

static void test_bake_refuses_bad_text(void **state)
{
    (void)state;
    reco_buf png, out;
    reco_error err;
    make_png(&png, NULL, NULL, 0);
    reco_buf_init(&out, 0);
    assert_int_equal(reco_bake_png(png.data, png.len, URL, strlen(URL), 3, &out, &err),
                     RECO_EINVAL);
    assert_non_null(strstr(err.msg, "cannot be baked as Open Badges 3.0"));
    assert_int_equal(reco_bake_png(png.data, png.len, "hello", 5, 3, &out, &err), RECO_EINVAL);
    assert_int_equal(reco_bake_png(png.data, png.len, "", 0, 3, &out, &err), RECO_EINVAL);
    assert_int_equal(reco_bake_png(png.data, png.len, V3_JSON, strlen(V3_JSON), 4, &out, &err),
                     RECO_EINVAL);
    assert_int_equal(reco_bake("GIF89a", 6, V3_JSON, strlen(V3_JSON), 3, &out, &err), RECO_EINVAL);
    reco_buf_release(&out);
    reco_buf_release(&png);
}

/* ---------------------------------------------------------------- SVG */

static const char SVG[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                          "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\">\n"
                          "  <!-- <openbadges:credential> in a comment is no credential -->\n"
                          "  <circle cx=\"4\" cy=\"4\" r=\"3\"/>\n"
                          "</svg>\n";

static void svg_round_trip(const char *text, int version, reco_bake_kind kind)
{
    reco_buf baked;
    reco_error err;
    reco_buf_init(&baked, 0);
    reco_code rc = reco_bake(SVG, strlen(SVG), text, strlen(text), version, &baked, &err);
    if (rc)
        fail_msg("bake failed: %s", err.msg);
    assert_int_equal(reco_bake_detect(baked.data, baked.len), RECO_BAKE_SVG);
    assert_int_equal(count_str(baked.data, "xmlns:openbadges="), 1);
    assert_non_null(strstr(baked.data, version == 3 ? RECO_BAKE_SVG_NS_V3 : RECO_BAKE_SVG_NS_V2));
    /* The rest of the image is kept. */
    assert_non_null(strstr(baked.data, "<circle cx=\"4\" cy=\"4\" r=\"3\"/>\n</svg>\n"));
    expect_extract(&baked, version, kind, text);
    reco_buf_release(&baked);
}

static void test_svg_round_trips(void **state)
{
    (void)state;
    svg_round_trip(V3_JSON, 3, RECO_BAKE_JSON);
    svg_round_trip(V3_JWT, 3, RECO_BAKE_JWT);
    svg_round_trip(V2_JSON, 2, RECO_BAKE_JSON);
    svg_round_trip(V2_JWS, 2, RECO_BAKE_JWT);
    svg_round_trip(URL, 2, RECO_BAKE_URL);
}

static void test_svg_layout(void **state)
{
    (void)state;
    reco_buf baked;
    reco_error err;
    reco_buf_init(&baked, 0);
    /* The 2.0 JSON assertion gets its hosted URL in verify, escaped (OB 2.0 Baking §SVGs). */
    assert_int_equal(reco_bake_svg(SVG, strlen(SVG), V2_JSON, strlen(V2_JSON), 2, &baked, &err),
                     RECO_OK);
    assert_non_null(strstr(baked.data, "<openbadges:assertion verify=\"https://example.org/"
                                       "assertions/123?a=1&amp;b=2\"><![CDATA["));
    /* Directly after the <svg> tag. */
    assert_non_null(strstr(baked.data, "viewBox=\"0 0 8 8\" xmlns:openbadges=\"http://"
                                       "openbadges.org\">\n<openbadges:assertion"));
    /* "]]>" inside the JSON is split across two CDATA sections. */
    assert_int_equal(reco_bake_svg(SVG, strlen(SVG), V3_JSON, strlen(V3_JSON), 3, &baked, &err),
                     RECO_OK);
    assert_non_null(strstr(baked.data, "tricky ]]]]><![CDATA[> & <name>"));
    reco_buf_release(&baked);

    /* A self-closing root is opened to take the element. */
    const char *empty = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    assert_int_equal(reco_bake_svg(empty, strlen(empty), V3_JWT, strlen(V3_JWT), 3, &baked, &err),
                     RECO_OK);
    assert_non_null(strstr(baked.data, "</svg>"));
    expect_extract(&baked, 3, RECO_BAKE_JWT, V3_JWT);
    reco_buf_release(&baked);
}

static void test_svg_rebake_replaces(void **state)
{
    (void)state;
    reco_buf once, twice, again;
    reco_error err;
    reco_buf_init(&once, 0);
    reco_buf_init(&twice, 0);
    reco_buf_init(&again, 0);
    assert_int_equal(reco_bake_svg(SVG, strlen(SVG), V2_JSON, strlen(V2_JSON), 2, &once, &err),
                     RECO_OK);
    assert_int_equal(reco_bake_svg(once.data, once.len, V3_JWT, strlen(V3_JWT), 3, &twice, &err),
                     RECO_OK);
    assert_null(strstr(twice.data, RECO_BAKE_SVG_NS_V2));
    assert_null(strstr(twice.data, "openbadges:assertion"));
    assert_int_equal(count_str(twice.data, "xmlns:openbadges"), 1);
    assert_int_equal(count_str(twice.data, "<openbadges:credential verify"), 1);
    expect_extract(&twice, 3, RECO_BAKE_JWT, V3_JWT);
    /* Baking the same again gives the same bytes. */
    assert_int_equal(reco_bake_svg(twice.data, twice.len, V3_JWT, strlen(V3_JWT), 3, &again, &err),
                     RECO_OK);
    assert_string_equal(again.data, twice.data);
    reco_buf_release(&once);
    reco_buf_release(&twice);
    reco_buf_release(&again);
}

static void test_svg_reading(void **state)
{
    (void)state;
    reco_buf b;
    reco_buf_init(&b, 0);
    /* Any prefix bound to the namespace; references decoded in text and attributes. */
    const char *ns = "<svg xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\">"
                     "<ob:credential>{&quot;a&quot;:&#34;&#x263A;&lt;&#233;&quot;}"
                     "</ob:credential></svg>";
    assert_int_equal(reco_buf_puts(&b, ns), RECO_OK);
    expect_extract(&b, 3, RECO_BAKE_JSON, "{\"a\":\"\xe2\x98\xba<\xc3\xa9\"}");
    reco_buf_clear(&b);
    const char *attr = "<svg><openbadges:assertion verify='&#x68;ttps://e.org/a?x=1&amp;y=2'/>"
                       "</svg>";
    assert_int_equal(reco_buf_puts(&b, attr), RECO_OK);
    expect_extract(&b, 2, RECO_BAKE_URL, "https://e.org/a?x=1&y=2");
    reco_buf_clear(&b);
    /* A body wins over verify (OB 2.0 Baking §SVGs Extracting); comments are skipped. */
    const char *both = "<svg xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion "
                       "verify=\"https://e.org/a\">\n <!-- x --><![CDATA[ {\"id\":1} ]]>\n"
                       "</openbadges:assertion></svg>";
    assert_int_equal(reco_buf_puts(&b, both), RECO_OK);
    expect_extract(&b, 2, RECO_BAKE_JSON, "{\"id\":1}");
    reco_buf_release(&b);
    /* A prefix bound elsewhere is not ours. */
    const char *other = "<svg xmlns:openbadges=\"https://example.org/x\">"
                        "<openbadges:credential>{}</openbadges:credential></svg>";
    expect_extract_error(other, strlen(other), RECO_ENOTFOUND, "no baked credential");
    /* Baking rebinds the prefix, so that element would become a second credential: it goes. */
    reco_buf_init(&b, 0);
    reco_error err;
    assert_int_equal(reco_bake_svg(other, strlen(other), V3_JWT, strlen(V3_JWT), 3, &b, &err),
                     RECO_OK);
    assert_null(strstr(b.data, "example.org"));
    expect_extract(&b, 3, RECO_BAKE_JWT, V3_JWT);
    reco_buf_release(&b);
    const char *dup = "<svg xmlns:openbadges=\"http://openbadges.org\" "
                      "xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"/>";
    expect_extract_error(dup, strlen(dup), RECO_EPARSE, "twice");
}

static void test_svg_refused(void **state)
{
    (void)state;
    const char *laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n"
                         " <!ENTITY lol \"lol\">\n"
                         " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"
                         "<svg><openbadges:credential>&lol2;</openbadges:credential></svg>";
    expect_extract_error(laughs, strlen(laughs), RECO_EPARSE, "ENTITY");
    const char *xxe = "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>"
                      "<openbadges:credential>&x;</openbadges:credential></svg>";
    expect_extract_error(xxe, strlen(xxe), RECO_EPARSE, "ENTITY");
    const char *subset = "<!DOCTYPE svg [ ]><svg/>";
    expect_extract_error(subset, strlen(subset), RECO_EPARSE, "internal subset");
    const char *undefined = "<svg><openbadges:credential>&nbsp;{}</openbadges:credential></svg>";
    expect_extract_error(undefined, strlen(undefined), RECO_EPARSE, "undefined entity");
    const char *badref = "<svg><openbadges:credential>&#0;{}</openbadges:credential></svg>";
    expect_extract_error(badref, strlen(badref), RECO_EPARSE, "character reference");
    const char *two = "<svg><openbadges:credential verify=\"a.b.c\"/>"
                      "<g><openbadges:assertion verify=\"https://e.org/a\"/></g></svg>";
    expect_extract_error(two, strlen(two), RECO_EPARSE,
                         "the image holds 2 baked credentials; one is allowed");
    const char *truncated = "<svg><openbadges:credential><![CDATA[{}";
    expect_extract_error(truncated, strlen(truncated), RECO_EPARSE, "truncated");
    const char *unclosed = "<svg><g>";
    expect_extract_error(unclosed, strlen(unclosed), RECO_EPARSE, "never closed");
    const char *nested = "<svg><openbadges:credential><g/></openbadges:credential></svg>";
    expect_extract_error(nested, strlen(nested), RECO_EPARSE, "inside");
    const char *mismatch = "<svg><openbadges:credential>{}</openbadges:assertion></svg>";
    expect_extract_error(mismatch, strlen(mismatch), RECO_EPARSE, "closed by");
    const char *empty = "<svg><openbadges:credential>  </openbadges:credential></svg>";
    expect_extract_error(empty, strlen(empty), RECO_EPARSE, "empty");
    const char *v3url = "<svg><openbadges:credential verify=\"https://e.org/a\"/></svg>";
    expect_extract_error(v3url, strlen(v3url), RECO_EPARSE, "URL");
    const char *html = "<html><body/></html>";
    expect_extract_error(html, strlen(html), RECO_EPARSE, "neither PNG nor SVG");
    reco_baked got;
    reco_error err;
    reco_baked_init(&got);
    assert_int_equal(reco_extract_svg(html, strlen(html), &got, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "root element is <html>"));
    const char *attr_lt = "<svg a=\"<\"/>";
    assert_int_equal(reco_extract_svg(attr_lt, strlen(attr_lt), &got, &err), RECO_EPARSE);
    reco_baked_release(&got);
    /* Baking refuses the same documents. */
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(reco_bake_svg(laughs, strlen(laughs), V3_JWT, strlen(V3_JWT), 3, &out, &err),
                     RECO_EPARSE);
    const char *ctl = "{\"a\":\"\x01\"}";
    assert_int_equal(reco_bake_svg(SVG, strlen(SVG), ctl, strlen(ctl), 3, &out, &err), RECO_EINVAL);
    reco_buf_release(&out);
}

/* ---------------------------------------------------------------- public fixtures */

typedef struct fixture {
    const char *path;
    int version;
    reco_bake_kind kind;
} fixture;

static void test_fixtures(void **state)
{
    (void)state;
    static const fixture fx[] = {
        {"ob3-examples/1edtech-validator/simple-json.png", 3, RECO_BAKE_JSON},
        {"ob3-examples/1edtech-validator/simple-jwt.png", 3, RECO_BAKE_JWT},
        {"ob3-examples/1edtech-validator/simple-jwt_v1.png", 3, RECO_BAKE_JWT},
        {"ob3-examples/1edtech-validator/simple-json.svg", 3, RECO_BAKE_JSON},
        {"ob3-examples/1edtech-validator/simple-jwt.svg", 3, RECO_BAKE_JWT},
        {"ob3-examples/1edtech-validator/simple-jwt_v1.svg", 3, RECO_BAKE_JWT},
        {"ob2-fixtures/openbadges-validator-core/baked_heart.png", 2, RECO_BAKE_JSON},
        {"ob2-fixtures/1edtech-validator/simple-badge.png", 2, RECO_BAKE_JSON},
    };
    if (!test_vectors_dir()) {
        print_message("skipped: public vectors folder absent (set RECO_VECTORS)\n");
        skip();
    }
    for (size_t i = 0; i < sizeof fx / sizeof fx[0]; i++) {
        size_t n = 0;
        char *img = test_read_file(test_vector_path(fx[i].path), &n);
        if (!img)
            fail_msg("cannot read %s", fx[i].path);
        reco_baked got;
        reco_error err;
        reco_baked_init(&got);
        if (reco_extract(img, n, &got, &err))
            fail_msg("%s: %s", fx[i].path, err.msg);
        assert_int_equal(got.version, fx[i].version);
        assert_int_equal(got.kind, fx[i].kind);
        if (got.kind == RECO_BAKE_JSON) {
            json_t *doc = json_loadb(got.text.data, got.text.len, 0, NULL);
            if (!doc)
                fail_msg("%s: extracted JSON does not parse", fx[i].path);
            assert_non_null(json_object_get(doc, "@context"));
            json_decref(doc);
        }
        assert_int_equal(reco_bake_guess_version(got.text.data, got.text.len), fx[i].version);
        /* Re-baking the same credential into the same image changes nothing it holds. */
        reco_buf again;
        reco_buf_init(&again, 0);
        if (reco_bake(img, n, got.text.data, got.text.len, got.version, &again, &err))
            fail_msg("%s: re-bake: %s", fx[i].path, err.msg);
        expect_extract(&again, got.version, got.kind, got.text.data);
        reco_buf_release(&again);
        reco_baked_release(&got);
        free(img);
    }
    /* An unbaked image. */
    size_t n = 0;
    char *img = test_read_file(
        test_vector_path("ob2-fixtures/openbadges-validator-core/public_domain_heart.png"), &n);
    assert_non_null(img);
    expect_extract_error(img, n, RECO_ENOTFOUND, "no baked credential");
    free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_kind_and_version),
        cmocka_unit_test(test_png_round_trips),
        cmocka_unit_test(test_png_rebake_replaces),
        cmocka_unit_test(test_png_compressed_and_legacy),
        cmocka_unit_test(test_png_inflate_bomb),
        cmocka_unit_test(test_png_corrupt),
        cmocka_unit_test(test_bake_refuses_bad_text),
        cmocka_unit_test(test_svg_round_trips),
        cmocka_unit_test(test_svg_layout),
        cmocka_unit_test(test_svg_rebake_replaces),
        cmocka_unit_test(test_svg_reading),
        cmocka_unit_test(test_svg_refused),
        cmocka_unit_test(test_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
