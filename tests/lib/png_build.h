/*
 * png_build.h - building small valid PNG files in unit tests (cmocka asserts, zlib): a 1x1
 * greyscale image, optionally with one extra chunk after IHDR. Static functions for the tests
 * that include it after <cmocka.h>, <zlib.h> and reco/base.h; unlike the .c files of tests/lib,
 * it is not linked into every test program.
 */
#ifndef RECO_TEST_PNG_BUILD_H
#define RECO_TEST_PNG_BUILD_H

static void put32(reco_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    assert_int_equal(reco_buf_append(b, x, 4), RECO_OK);
}

/* One chunk: length, type, data, CRC-32 of type and data (PNG §5.3). */
static void chunk(reco_buf *b, const char *type, const void *data, size_t n)
{
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    crc = crc32(crc, data, (uInt)n);
    put32(b, (uint32_t)n);
    assert_int_equal(reco_buf_append(b, type, 4), RECO_OK);
    assert_int_equal(reco_buf_append(b, data, n), RECO_OK);
    put32(b, (uint32_t)crc);
}

/* A valid 1x1 greyscale PNG into b (initialised here), with an optional extra chunk (xtype
 * not NULL) right after IHDR. */
static void make_png(reco_buf *b, const char *xtype, const void *xdata, size_t xn)
{
    static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};
    unsigned char raw[2] = {0, 0x80}; /* filter byte, one grey pixel */
    unsigned char z[64];
    uLongf zn = sizeof z;
    assert_int_equal(compress(z, &zn, raw, sizeof raw), Z_OK);
    reco_buf_init(b, 0);
    assert_int_equal(reco_buf_append(b, "\x89PNG\r\n\x1a\n", 8), RECO_OK);
    chunk(b, "IHDR", ihdr, sizeof ihdr);
    if (xtype)
        chunk(b, xtype, xdata, xn);
    chunk(b, "IDAT", z, zn);
    chunk(b, "IEND", "", 0);
}

#endif
