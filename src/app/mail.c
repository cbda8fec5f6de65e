/*
 * mail.c - telling the earner: an RFC 5322 / MIME message in French and English with the
 * claim link and a QR code of it (libqrencode, drawn as a 1-bit PNG with zlib), sent through
 * SMTP (libcurl) when an SMTP URL is configured, otherwise written to the outbox folder as a
 * .eml file (written to a temporary name, then renamed, so a reader never sees half a file).
 */
#include "app_internal.h"

#include <curl/curl.h>
#include <errno.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define QR_SCALE     4
#define QR_MARGIN    4
#define MAIL_MAX     (1024u * 1024u)
#define SMTP_TIMEOUT 20L

/* ---------------------------------------------------------------- QR code PNG */

static reco_code put_be32(reco_buf *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    return reco_buf_append(b, x, 4);
}

/* One PNG chunk: length, type, data, CRC-32 of type and data (PNG §5.3). */
static reco_code put_chunk(reco_buf *b, const char type[4], const void *data, size_t n)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    reco_code rc = put_be32(b, (uint32_t)n);
    if (!rc)
        rc = reco_buf_append(b, type, 4);
    if (!rc && n)
        rc = reco_buf_append(b, data, n);
    crc = crc32(crc, (const Bytef *)type, 4);
    if (n)
        crc = crc32(crc, (const Bytef *)data, (uInt)n);
    if (!rc)
        rc = put_be32(b, (uint32_t)crc);
    return rc;
}

/* The QR code of text as a black-on-white 1-bit greyscale PNG. */
static reco_code qr_png(const char *text, reco_buf *out, reco_error *err)
{
    /* Level L (7 % of the code words restore damage): the code is read from a screen or a
     * clean print, and a smaller symbol (version 4 rather than 5 for a claim link of 70-odd
     * bytes) makes the mask selection, libqrencode's largest cost, a fifth cheaper. */
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
    reco_code rc = RECO_OK;
    uint8_t *raw = NULL, *z = NULL;
    if (!qr)
        return reco_error_set(err, RECO_EINVAL, NULL, "cannot make a QR code of the link");
    size_t modules = (size_t)qr->width + 2 * QR_MARGIN;
    size_t w = modules * QR_SCALE;
    size_t stride = 1 + (w + 7) / 8;
    size_t rawlen = stride * w;
    uLongf zlen = compressBound((uLong)rawlen);
    raw = calloc(1, rawlen);
    z = malloc(zlen);
    if (!raw || !z) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    for (size_t y = 0; y < w; y++) {
        uint8_t *row = raw + y * stride;
        if (y % QR_SCALE) {
            /* the same pixels as the row above: filter Up (PNG §9.2), all zeros after it */
            row[0] = 2;
            continue;
        }
        row[0] = 0; /* filter: none */
        size_t my = y / QR_SCALE;
        for (size_t x = 0; x < w; x++) {
            size_t mx = x / QR_SCALE;
            bool dark = mx >= QR_MARGIN && my >= QR_MARGIN && mx < modules - QR_MARGIN &&
                        my < modules - QR_MARGIN &&
                        (qr->data[(my - QR_MARGIN) * (size_t)qr->width + (mx - QR_MARGIN)] & 1);
            if (!dark) /* grey level 1 is white */
                row[1 + x / 8] |= (uint8_t)(0x80 >> (x % 8));
        }
    }
    /* Fast compression: the rows are mostly zeros after filtering, a stronger level buys a
     * few bytes for much more time. */
    if (compress2(z, &zlen, raw, (uLong)rawlen, Z_BEST_SPEED) != Z_OK) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "cannot compress the QR code");
        goto out;
    }
    {
        uint8_t ihdr[13] = {0};
        static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        ihdr[0] = (uint8_t)(w >> 24);
        ihdr[1] = (uint8_t)(w >> 16);
        ihdr[2] = (uint8_t)(w >> 8);
        ihdr[3] = (uint8_t)w;
        memcpy(ihdr + 4, ihdr, 4);
        ihdr[8] = 1; /* bit depth */
        ihdr[9] = 0; /* greyscale */
        rc = reco_buf_append(out, sig, sizeof sig);
        if (!rc)
            rc = put_chunk(out, "IHDR", ihdr, sizeof ihdr);
        if (!rc)
            rc = put_chunk(out, "IDAT", z, zlen);
        if (!rc)
            rc = put_chunk(out, "IEND", NULL, 0);
        if (rc)
            reco_buf_error(rc, out, "QR code image", err);
    }
out:
    free(raw);
    free(z);
    QRcode_free(qr);
    return rc;
}

/* ---------------------------------------------------------------- message */

/* RFC 2047 encoded-words of UTF-8 text (B encoding), for header values: each word at most 75
 * characters (§2), so at most 45 bytes of text each, cut between characters (§5 rule 3), the
 * words on folded lines (RFC 5322 §2.2.3). */
static reco_code encoded_word(reco_buf *m, const char *s)
{
    size_t n = strlen(s), i = 0;
    reco_code rc = RECO_OK;
    do {
        size_t end = i, next = i;
        while (next < n) {
            size_t at = next;
            (void)reco_utf8_next(s, n, &next);
            if (next - i > 45) {
                next = at;
                break;
            }
            end = next;
        }
        if (end == i && i < n)
            end = i + 1; /* cannot happen with valid UTF-8; never loop forever */
        if (!rc && i > 0)
            rc = reco_buf_puts(m, "\r\n ");
        if (!rc)
            rc = reco_buf_puts(m, "=?UTF-8?B?");
        if (!rc)
            rc = reco_base64_encode((const uint8_t *)s + i, end - i, m);
        if (!rc)
            rc = reco_buf_puts(m, "?=");
        i = end;
    } while (!rc && i < n);
    return rc;
}

/* Text from the store on one line: control characters (CR, LF...) become spaces. */
static reco_code put_line_text(reco_buf *m, const char *s)
{
    reco_code rc = RECO_OK;
    for (; s && *s && !rc; s++)
        rc = reco_buf_putc(m, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
    return rc;
}

static reco_code base64_lines(reco_buf *m, const void *p, size_t n)
{
    reco_buf b;
    reco_code rc;
    reco_buf_init(&b, 0);
    rc = reco_base64_encode(p, n, &b);
    for (size_t i = 0; !rc && i < b.len; i += 76) {
        rc = reco_buf_append(m, b.data + i, b.len - i < 76 ? b.len - i : 76);
        if (!rc)
            rc = reco_buf_puts(m, "\r\n");
    }
    reco_buf_release(&b);
    return rc;
}

static reco_code build_message(reco_app *app, const reco_issuer_row *iss,
                               const reco_achievement_row *ach, const reco_app_award_params *p,
                               const char *to, const char *credential_url, const char *claim_url,
                               const char *msgid, reco_buf *m, reco_error *err)
{
    reco_buf qr, subject;
    reco_code rc;
    char date[64], boundary[128];
    time_t now = time(NULL);
    struct tm tm;
    reco_buf_init(&qr, 256 * 1024);
    reco_buf_init(&subject, 4096);
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    snprintf(boundary, sizeof boundary, "=_reco_%s", msgid);
    if ((rc = qr_png(claim_url, &qr, err)))
        goto out;
    rc = reco_buf_printf(&subject, "Badge : %s / You received a badge", ach->name);
    if (!rc)
        rc = reco_buf_puts(m, "From: ");
    if (!rc)
        rc = encoded_word(m, iss->name ? iss->name : "reco");
    if (!rc)
        rc = reco_buf_printf(m, " <%s>\r\nTo: <%s>\r\nSubject: ", app->smtp_from, to);
    if (!rc)
        rc = encoded_word(m, subject.data);
    if (!rc)
        rc = reco_buf_printf(m,
                             "\r\nDate: %s\r\nMessage-ID: <%s@reco>\r\nMIME-Version: 1.0\r\n"
                             "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
                             "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: 8bit\r\n\r\n",
                             date, msgid, boundary, boundary);
    /* French first, then English. */
    if (!rc)
        rc = reco_buf_puts(m, "Bonjour");
    if (!rc && p->name && p->name[0]) {
        rc = reco_buf_putc(m, ' ');
        if (!rc)
            rc = put_line_text(m, p->name);
    }
    if (!rc)
        rc = reco_buf_puts(m, ",\r\n\r\n");
    if (!rc)
        rc = put_line_text(m, iss->name);
    if (!rc)
        rc = reco_buf_puts(m, " vous a décerné le badge « ");
    if (!rc)
        rc = put_line_text(m, ach->name);
    if (!rc)
        rc = reco_buf_printf(m,
                             " ».\r\n\r\nRécupérez-le (lien valable 30 jours) :\r\n%s\r\n\r\n"
                             "Le badge vérifiable est publié ici :\r\n%s\r\n\r\n"
                             "Le code QR joint mène au même lien.\r\n\r\n-- \r\n\r\n",
                             claim_url, credential_url);
    if (!rc)
        rc = reco_buf_puts(m, "Hello");
    if (!rc && p->name && p->name[0]) {
        rc = reco_buf_putc(m, ' ');
        if (!rc)
            rc = put_line_text(m, p->name);
    }
    if (!rc)
        rc = reco_buf_puts(m, ",\r\n\r\n");
    if (!rc)
        rc = put_line_text(m, iss->name);
    if (!rc)
        rc = reco_buf_puts(m, " awarded you the badge \"");
    if (!rc)
        rc = put_line_text(m, ach->name);
    if (!rc)
        rc = reco_buf_printf(m,
                             "\".\r\n\r\nClaim it (the link is valid for 30 days):\r\n%s\r\n\r\n"
                             "The verifiable badge is published at:\r\n%s\r\n\r\n"
                             "The attached QR code leads to the same link.\r\n\r\n",
                             claim_url, credential_url);
    if (!rc)
        rc = reco_buf_printf(m,
                             "--%s\r\nContent-Type: image/png; name=\"claim-qr.png\"\r\n"
                             "Content-Transfer-Encoding: base64\r\n"
                             "Content-Disposition: inline; filename=\"claim-qr.png\"\r\n\r\n",
                             boundary);
    if (!rc)
        rc = base64_lines(m, qr.data, qr.len);
    if (!rc)
        rc = reco_buf_printf(m, "--%s--\r\n", boundary);
    if (rc && err && !err->msg[0])
        reco_buf_error(rc, m, "e-mail", err);
out:
    reco_buf_release(&qr);
    reco_buf_release(&subject);
    return rc;
}

/* ---------------------------------------------------------------- delivery */

typedef struct upload {
    const char *p;
    size_t left;
} upload;

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
    upload *u = ud;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;
    memcpy(dst, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

static reco_code send_smtp(reco_app *app, const char *to, const reco_buf *m, reco_error *err)
{
    CURL *c = curl_easy_init();
    struct curl_slist *rcpt = NULL;
    char addr[300];
    upload u = {m->data, m->len};
    CURLcode cc;
    if (!c)
        return reco_error_set(err, RECO_ENOMEM, NULL, "cannot start libcurl");
    snprintf(addr, sizeof addr, "<%s>", to);
    rcpt = curl_slist_append(NULL, addr);
    snprintf(addr, sizeof addr, "<%s>", app->smtp_from);
    curl_easy_setopt(c, CURLOPT_URL, app->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, addr);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, SMTP_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    cc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (cc != CURLE_OK)
        return reco_error_set(err, RECO_EIO, NULL, "cannot send the e-mail: %s",
                              curl_easy_strerror(cc));
    return RECO_OK;
}

static reco_code write_outbox(reco_app *app, const char *name, const reco_buf *m, reco_error *err)
{
    char path[4400], tmp[4500];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s.eml", app->outbox_dir, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", app->outbox_dir, name);
    f = fopen(tmp, "wb");
    if (!f && errno == ENOENT) { /* the first e-mail makes the folder */
        if (mkdir(app->outbox_dir, 0700) != 0 && errno != EEXIST)
            return reco_error_set(err, RECO_EIO, NULL, "cannot create the outbox %.100s: %s",
                                  app->outbox_dir, strerror(errno));
        f = fopen(tmp, "wb");
    }
    if (!f)
        return reco_error_set(err, RECO_EIO, NULL, "cannot write %.100s: %s", tmp, strerror(errno));
    if (fwrite(m->data, 1, m->len, f) != m->len || fclose(f) != 0) {
        unlink(tmp);
        return reco_error_set(err, RECO_EIO, NULL, "cannot write %.100s", tmp);
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return reco_error_set(err, RECO_EIO, NULL, "cannot rename %.100s: %s", tmp,
                              strerror(errno));
    }
    return RECO_OK;
}

reco_code app_mail_award(reco_app *app, const reco_issuer_row *iss, const reco_achievement_row *ach,
                         const reco_app_award_params *p, const char *credential_url,
                         const char *claim_url, reco_error *err)
{
    reco_buf m;
    char to[256], msgid[80];
    reco_code rc;
    const char *slash = strrchr(credential_url, '/');
    reco_buf_init(&m, MAIL_MAX);
    if ((rc = reco_app_email_normalize(to, sizeof to, p->email, err)))
        goto out;
    snprintf(msgid, sizeof msgid, "%lld-%s", (long long)time(NULL), slash ? slash + 1 : "award");
    if ((rc = build_message(app, iss, ach, p, to, credential_url, claim_url, msgid, &m, err)))
        goto out;
    if (app->smtp_url)
        rc = send_smtp(app, to, &m, err);
    else
        rc = write_outbox(app, msgid, &m, err);
out:
    reco_buf_release(&m);
    return rc;
}

/* ---------------------------------------------------------------- plain messages */

reco_code app_mail_text(reco_app *app, const char *to, const char *subject, const char *text,
                        const char *tag, reco_error *err)
{
    reco_buf m;
    char date[64], msgid[128];
    reco_code rc;
    time_t now = time(NULL);
    struct tm tm;
    uint8_t rnd[8];
    reco_buf_init(&m, MAIL_MAX);
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    if ((rc = reco_random(rnd, sizeof rnd, err)))
        goto out;
    snprintf(msgid, sizeof msgid, "%lld-%.40s-%02x%02x%02x%02x%02x%02x%02x%02x", (long long)now,
             tag, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
    rc = reco_buf_puts(&m, "From: reco <");
    if (!rc)
        rc = reco_buf_printf(&m, "%s>\r\nTo: <", app->smtp_from);
    if (!rc)
        rc = put_line_text(&m, to);
    if (!rc)
        rc = reco_buf_puts(&m, ">\r\nSubject: ");
    if (!rc)
        rc = encoded_word(&m, subject);
    if (!rc)
        rc = reco_buf_printf(&m,
                             "\r\nDate: %s\r\nMessage-ID: <%s@reco>\r\nMIME-Version: 1.0\r\n"
                             "Content-Type: text/plain; charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: 8bit\r\n\r\n",
                             date, msgid);
    /* the text's lines end in CRLF on the wire */
    for (const char *p = text; !rc && *p; p++)
        rc = *p == '\n' ? reco_buf_puts(&m, "\r\n") : reco_buf_putc(&m, *p);
    if (!rc)
        rc = reco_buf_puts(&m, "\r\n");
    if (rc) {
        reco_buf_error(rc, &m, "e-mail", err);
        goto out;
    }
    if (app->smtp_url)
        rc = send_smtp(app, to, &m, err);
    else
        rc = write_outbox(app, msgid, &m, err);
out:
    reco_buf_release(&m);
    return rc;
}
