/*
 * bake_png.c - Open Badges baking in PNG images.
 *
 * OB 3.0 §"PNG Baking": one iTXt chunk, keyword "openbadgecredential", uncompressed text =
 * the credential JSON or its compact JWS. OB 2.0 Baking §PNGs: the same with keyword
 * "openbadges", and legacy images with a hosted assertion URL in a tEXt chunk "openbadges".
 * The chunk layout is PNG (Third Edition) §5.3: 4-byte big-endian length, 4-byte type, data,
 * CRC-32 of type and data. Every chunk of an image is checked before anything is trusted.
 */
#include "reco/bake.h"

#include <string.h>
#include <zlib.h>

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

/* PNG §5.3: a chunk length is at most 2^31 - 1. */
#define PNG_MAX_CHUNK 0x7fffffffu
/* PNG §11.3.4.2: keywords are 1 to 79 bytes. */
#define PNG_MAX_KEYWORD 79

typedef struct png_chunk {
    size_t off; /* of the length field */
    size_t len; /* of the data */
    char type[5];
    const unsigned char *data;
} png_chunk;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Read the chunk at *pos, check its length, type and CRC, advance *pos past it. */
static reco_code next_chunk(const unsigned char *p, size_t n, size_t *pos, png_chunk *c,
                            reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t at = *pos;
    if (n - at < 12) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "truncated PNG: chunk header at offset %zu runs past the end", at);
        goto out;
    }
    c->off = at;
    c->len = be32(p + at);
    memcpy(c->type, p + at + 4, 4);
    c->type[4] = '\0';
    c->data = p + at + 8;
    for (int i = 0; i < 4; i++) {
        if (!is_letter((unsigned char)c->type[i])) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "corrupt PNG: chunk type at offset %zu is not four letters", at);
            goto out;
        }
    }
    if (c->len > PNG_MAX_CHUNK || c->len > n - at - 12) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "truncated PNG: chunk '%s' at offset %zu claims %zu bytes, past the "
                            "end of the file",
                            c->type, at, c->len);
        goto out;
    }
    uLong crc = crc32(0L, p + at + 4, (uInt)(c->len + 4));
    if ((uint32_t)crc != be32(p + at + 8 + c->len)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "corrupt PNG: bad CRC in chunk '%s' at offset %zu", c->type, at);
        goto out;
    }
    *pos = at + 12 + c->len;
out:
    return rc;
}

/*
 * Check the whole datastream (PNG §5.2 signature, §5.6 IHDR first and IEND last) and give the
 * offset just past IEND. Bytes after IEND are not part of the image and are ignored.
 */
static reco_code check_png(const unsigned char *p, size_t n, size_t *end, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t pos = sizeof png_signature;
    png_chunk c;
    bool first = true, iend = false;
    if (n > RECO_BAKE_MAX_IMAGE) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "image too large: %zu bytes, at most %u", n,
                            RECO_BAKE_MAX_IMAGE);
        goto out;
    }
    if (n < sizeof png_signature || memcmp(p, png_signature, sizeof png_signature) != 0) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "not a PNG: bad signature");
        goto out;
    }
    while (!iend) {
        if (pos == n) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "truncated PNG: no IEND chunk");
            goto out;
        }
        rc = next_chunk(p, n, &pos, &c, err);
        if (rc)
            goto out;
        if (first && (strcmp(c.type, "IHDR") != 0 || c.len != 13)) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "corrupt PNG: the first chunk is '%s', not a 13-byte IHDR", c.type);
            goto out;
        }
        /* PNG §5.6: IHDR comes once. */
        if (!first && strcmp(c.type, "IHDR") == 0) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "corrupt PNG: a second IHDR chunk at offset %zu", c.off);
            goto out;
        }
        first = false;
        iend = strcmp(c.type, "IEND") == 0;
    }
    *end = pos;
out:
    return rc;
}

/*
 * The Open Badges version a text chunk belongs to (0 when it is not one): iTXt, tEXt or zTXt
 * whose keyword (PNG §11.3.4.2, NUL-terminated) is one of ours. *klen gets the keyword length.
 */
static int ob_chunk_version(const png_chunk *c, size_t *klen)
{
    int version = 0;
    const unsigned char *nul;
    if (strcmp(c->type, "iTXt") != 0 && strcmp(c->type, "tEXt") != 0 &&
        strcmp(c->type, "zTXt") != 0)
        goto out;
    nul = memchr(c->data, 0, c->len < PNG_MAX_KEYWORD + 1 ? c->len : PNG_MAX_KEYWORD + 1);
    if (!nul)
        goto out;
    *klen = (size_t)(nul - c->data);
    if (*klen == strlen(RECO_BAKE_PNG_KEYWORD_V3) &&
        memcmp(c->data, RECO_BAKE_PNG_KEYWORD_V3, *klen) == 0)
        version = 3;
    else if (*klen == strlen(RECO_BAKE_PNG_KEYWORD_V2) &&
             memcmp(c->data, RECO_BAKE_PNG_KEYWORD_V2, *klen) == 0)
        version = 2;
out:
    return version;
}

/* zlib inflate (RFC 1950) of a compressed iTXt text, capped by out->max. */
static reco_code inflate_text(const unsigned char *p, size_t n, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    unsigned char chunk[16384];
    z_stream zs;
    int zr = Z_OK;
    memset(&zs, 0, sizeof zs);
    if (inflateInit(&zs) != Z_OK) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "cannot start zlib inflate");
        goto out;
    }
    zs.next_in = (Bytef *)(uintptr_t)p;
    zs.avail_in = (uInt)n;
    while (zr != Z_STREAM_END) {
        zs.next_out = chunk;
        zs.avail_out = sizeof chunk;
        zr = inflate(&zs, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "corrupt PNG: the compressed iTXt text does not inflate (%s)",
                                zs.msg ? zs.msg : "truncated stream");
            goto done;
        }
        rc = reco_buf_append(out, chunk, sizeof chunk - zs.avail_out);
        if (rc == RECO_ELIMIT) {
            rc = reco_error_set(err, RECO_ELIMIT, NULL,
                                "compressed iTXt text inflates past %zu bytes", out->max);
            goto done;
        }
        if (rc) {
            rc = reco_error_set(err, rc, NULL, "out of memory inflating iTXt text");
            goto done;
        }
    }
    if (zs.avail_in != 0)
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "corrupt PNG: bytes after the compressed iTXt text");
done:
    inflateEnd(&zs);
out:
    return rc;
}

/* Append Latin-1 (tEXt, PNG §11.3.4.3) as UTF-8. */
static reco_code latin1_to_utf8(const unsigned char *p, size_t n, reco_buf *out)
{
    reco_code rc = RECO_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (p[i] < 0x80) {
            rc = reco_buf_putc(out, (char)p[i]);
        } else {
            rc = reco_buf_putc(out, (char)(0xC0 | (p[i] >> 6)));
            if (!rc)
                rc = reco_buf_putc(out, (char)(0x80 | (p[i] & 0x3f)));
        }
    }
    return rc;
}

/* Decode one Open Badges text chunk (keyword of klen bytes) into out->text. */
static reco_code read_ob_chunk(const png_chunk *c, size_t klen, reco_baked *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    const unsigned char *p = c->data + klen + 1, *end = c->data + c->len;
    reco_buf_clear(&out->text);
    if (strcmp(c->type, "tEXt") == 0) {
        rc = latin1_to_utf8(p, (size_t)(end - p), &out->text);
        goto check;
    }
    /* iTXt (PNG §11.3.4.5): flag, method, language tag NUL, translated keyword NUL, text. */
    if (end - p < 2) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "corrupt PNG: iTXt chunk '%.*s' is cut short",
                            (int)klen, (const char *)c->data);
        goto out;
    }
    unsigned flag = p[0], method = p[1];
    p += 2;
    for (int field = 0; field < 2; field++) {
        const unsigned char *nul = memchr(p, 0, (size_t)(end - p));
        if (!nul) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "corrupt PNG: iTXt chunk '%.*s' lacks its language tag or "
                                "translated keyword",
                                (int)klen, (const char *)c->data);
            goto out;
        }
        p = nul + 1;
    }
    if (flag == 0) {
        rc = reco_buf_append(&out->text, p, (size_t)(end - p));
    } else if (flag == 1 && method == 0) {
        /* The specifications say compression MUST NOT be used; readers still accept it. */
        rc = inflate_text(p, (size_t)(end - p), &out->text, err);
        if (rc)
            goto out;
    } else {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "corrupt PNG: iTXt compression flag %u, method %u is not defined", flag,
                            method);
        goto out;
    }
check:
    if (rc == RECO_ELIMIT)
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "baked text too large: more than %zu bytes",
                            out->text.max);
    else if (rc)
        rc = reco_error_set(err, rc, NULL, "out of memory reading the baked text");
out:
    return rc;
}

/* Trim surrounding white space in place, then classify. */
static reco_code finish_text(reco_baked *out, reco_error *err)
{
    reco_buf *t = &out->text;
    size_t s = 0, e = t->len;
    while (s < e && is_space(t->data[s]))
        s++;
    while (e > s && is_space(t->data[e - 1]))
        e--;
    if (t->len) {
        memmove(t->data, t->data + s, e - s);
        t->len = e - s;
        t->data[t->len] = '\0';
    }
    return reco_bake_kind_of(t->data, t->len, &out->kind, err);
}

reco_code reco_extract_png(const void *img, size_t n, reco_baked *out, reco_error *err)
{
    reco_code rc;
    const unsigned char *p = img;
    size_t end = 0, pos = sizeof png_signature, count = 0, klen = 0;
    png_chunk c, found = {0};
    int version = 0;
    rc = check_png(p, n, &end, err);
    if (rc)
        goto out;
    while (pos < end) {
        size_t k = 0;
        int v;
        rc = next_chunk(p, end, &pos, &c, err);
        if (rc)
            goto out;
        v = ob_chunk_version(&c, &k);
        /* zTXt is no Open Badges carrier: it is dropped when baking, never read. */
        if (!v || strcmp(c.type, "zTXt") == 0)
            continue;
        if (v == 3 && strcmp(c.type, "tEXt") == 0)
            continue;
        if (count++ == 0) {
            found = c;
            version = v;
            klen = k;
        }
    }
    if (count == 0) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "the PNG holds no baked credential");
        goto out;
    }
    /* OB 3.0 §"PNG Baking", OB 2.0 Baking §PNGs: the chunk MUST NOT appear more than once. */
    if (count > 1) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "the image holds %zu baked credentials; one is allowed", count);
        goto out;
    }
    out->version = version;
    rc = read_ob_chunk(&found, klen, out, err);
    if (!rc)
        rc = finish_text(out, err);
    if (!rc && out->kind == RECO_BAKE_URL && version == 3)
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "the PNG bakes a URL as an Open Badges 3.0 credential; 3.0 bakes "
                            "JSON or a compact JWS");
out:
    return rc;
}

static reco_code put_chunk(reco_buf *out, const char *type, const unsigned char *data, size_t n)
{
    reco_code rc;
    unsigned char head[8], tail[4];
    uLong crc;
    put_be32(head, (uint32_t)n);
    memcpy(head + 4, type, 4);
    crc = crc32(0L, head + 4, 4);
    crc = crc32(crc, data, (uInt)n);
    put_be32(tail, (uint32_t)crc);
    rc = reco_buf_append(out, head, sizeof head);
    if (!rc)
        rc = reco_buf_append(out, data, n);
    if (!rc)
        rc = reco_buf_append(out, tail, sizeof tail);
    return rc;
}

reco_code reco_bake_png(const void *img, size_t n, const char *text, size_t len, int version,
                        reco_buf *out, reco_error *err)
{
    reco_code rc;
    const unsigned char *p = img;
    const char *keyword = version == 2 ? RECO_BAKE_PNG_KEYWORD_V2 : RECO_BAKE_PNG_KEYWORD_V3;
    size_t end = 0, pos = sizeof png_signature, klen = strlen(keyword);
    reco_buf itxt;
    png_chunk c;
    reco_buf_init(&itxt, RECO_BAKE_MAX_TEXT + 128);
    reco_buf_clear(out);
    rc = reco_bake_check(text, len, version, NULL, err);
    if (!rc)
        rc = check_png(p, n, &end, err);
    if (rc)
        goto out;
    /* Surrounding white space is not part of the credential (extraction drops it too). */
    while (len && is_space(text[0])) {
        text++;
        len--;
    }
    while (len && is_space(text[len - 1]))
        len--;
    /* iTXt data: keyword NUL, compression flag 0, method 0, empty language tag NUL, empty
     * translated keyword NUL, text (OB 3.0 §"PNG Baking" example constructor). */
    rc = reco_buf_append(&itxt, keyword, klen + 1);
    if (!rc)
        rc = reco_buf_append(&itxt, "\0\0\0\0", 4);
    if (!rc)
        rc = reco_buf_append(&itxt, text, len);
    if (!rc)
        rc = reco_buf_append(out, png_signature, sizeof png_signature);
    while (!rc && pos < end) {
        size_t k;
        rc = next_chunk(p, end, &pos, &c, err);
        if (rc)
            goto out;
        /* One credential per image: drop every earlier one, of either version. */
        if (ob_chunk_version(&c, &k))
            continue;
        rc = reco_buf_append(out, p + c.off, c.len + 12);
        /* PNG §5.6 lets iTXt go anywhere between IHDR and IEND; right after IHDR lets
         * readers that stop at the first match (OB "Extracting") stop early. */
        if (!rc && c.off == sizeof png_signature)
            rc = put_chunk(out, "iTXt", (const unsigned char *)itxt.data, itxt.len);
    }
    if (rc == RECO_ELIMIT)
        rc = reco_error_set(err, rc, NULL, "baked image too large");
    else if (rc)
        rc = reco_error_set(err, rc, NULL, "out of memory baking the image");
out:
    reco_buf_release(&itxt);
    return rc;
}
