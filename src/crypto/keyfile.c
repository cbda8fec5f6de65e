/*
 * keyfile.c - the private key file: {"type":"reco-key","keyType":"ed25519","jwk":{...}},
 * written atomically with mode 0600 and refused on load when other users may read it (as
 * ssh refuses a private key file that is too open).
 */
#include "crypto_internal.h"
#include "reco/json.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEYFILE_TYPE      "reco-key"
#define KEYFILE_MAX_BYTES (64u * 1024u) /* a 16384-bit RSA key is about 12 KiB of JSON */

/* Members of a JWK that hold private material (RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2). */
static const char *const SECRET_MEMBERS[] = {"d", "p", "q", "dp", "dq", "qi"};

/*
 * Overwrite the private members' text inside a jansson value before it is freed: jansson
 * frees strings without clearing them. The storage is the value's own, so writing through
 * the pointer it hands out is sound.
 */
static void wipe_jwk_secrets(json_t *jwk)
{
    if (!json_is_object(jwk))
        return;
    for (size_t i = 0; i < sizeof SECRET_MEMBERS / sizeof SECRET_MEMBERS[0]; i++) {
        json_t *v = json_object_get(jwk, SECRET_MEMBERS[i]);
        if (json_is_string(v))
            reco_wipe((char *)json_string_value(v), json_string_length(v));
    }
}

static void wipe_buf(reco_buf *b)
{
    if (b->data)
        reco_wipe(b->data, b->cap);
    reco_buf_release(b);
}

reco_code reco_key_save(const reco_key *k, const char *path, reco_error *err)
{
    reco_code rc;
    json_t *jwk = NULL, *doc = NULL;
    reco_buf text;

    reco_buf_init(&text, KEYFILE_MAX_BYTES);
    if (!k->priv) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "cannot save a key file without the private key");
        goto out;
    }
    rc = reco_key_to_jwk(k, true, &jwk, err);
    if (rc)
        goto out;
    doc = json_pack("{s:s, s:s, s:O}", "type", KEYFILE_TYPE, "keyType", reco_key_type_name(k->type),
                    "jwk", jwk);
    if (!doc) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory for the key file");
        goto out;
    }
    rc = reco_json_write(doc, RECO_JSON_PRETTY, &text, err);
    if (!rc && (rc = reco_buf_putc(&text, '\n')) != RECO_OK)
        reco_error_set(err, rc, NULL, "cannot build the key file");
    if (!rc)
        rc = reco_file_write(path, text.data, text.len, 0600, err);
out:
    wipe_jwk_secrets(jwk);
    json_decref(doc);
    json_decref(jwk);
    wipe_buf(&text);
    return rc;
}

/* Read the whole file from an open descriptor, refusing more than max bytes. */
static reco_code read_fd(int fd, const char *path, reco_buf *out, reco_error *err)
{
    char chunk[4096];
    reco_code rc = RECO_OK;
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = reco_error_set(err, RECO_EIO, NULL, "cannot read key file %s: %s", path,
                                strerror(errno));
            break;
        }
        if (r == 0)
            break;
        rc = reco_buf_append(out, chunk, (size_t)r);
        if (rc) {
            reco_error_set(err, rc, NULL, "key file %s is larger than %u bytes", path,
                           KEYFILE_MAX_BYTES);
            break;
        }
    }
    reco_wipe(chunk, sizeof chunk);
    return rc;
}

reco_code reco_key_load(const char *path, reco_key **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_buf text;
    reco_error e;
    json_t *doc = NULL, *jwk;
    const char *type, *kt;
    reco_key_type want;
    reco_key *k = NULL;
    struct stat st;
    int fd;
    reco_json_limits lim = {KEYFILE_MAX_BYTES, 8};

    *out = NULL;
    reco_buf_init(&text, KEYFILE_MAX_BYTES);
    reco_error_clear(&e);
    /* Open first, then check the descriptor: what is checked is what is read. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        rc = reco_error_set(err, errno == ENOENT ? RECO_ENOTFOUND : RECO_EIO, NULL,
                            "cannot open key file %s: %s", path, strerror(errno));
        goto out;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "key file %s is not a regular file", path);
        goto out;
    }
    if (st.st_mode & 077) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "key file %s is readable by other users (mode %04o); run chmod 600 %s",
                            path, (unsigned)(st.st_mode & 07777), path);
        goto out;
    }
    rc = read_fd(fd, path, &text, err);
    if (rc)
        goto out;
    if (reco_json_parse(text.data, text.len, &lim, &doc, &e) != RECO_OK) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "key file %s is not JSON: %s", path, e.msg);
        goto out;
    }
    type = json_string_value(json_object_get(doc, "type"));
    if (!json_is_object(doc) || !type || strcmp(type, KEYFILE_TYPE) != 0) {
        rc = reco_error_set(err, RECO_EINVAL, "/type",
                            "file %s is not a reco key file (type is not \"reco-key\")", path);
        goto out;
    }
    kt = json_string_value(json_object_get(doc, "keyType"));
    if (reco_key_type_parse(kt, &want, &e) != RECO_OK) {
        rc = reco_error_set(err, RECO_EINVAL, "/keyType", "key file %s: %s", path, e.msg);
        goto out;
    }
    jwk = json_object_get(doc, "jwk");
    if (reco_key_from_jwk(jwk, &k, &e) != RECO_OK) {
        char p[96];
        snprintf(p, sizeof p, "/jwk%.91s", e.path);
        rc = reco_error_set(err, e.code, p, "key file %s: %s", path, e.msg);
        goto out;
    }
    if (!k->priv) {
        rc = reco_error_set(err, RECO_EINVAL, "/jwk", "key file %s holds no private key", path);
        goto out;
    }
    if (k->type != want) {
        rc = reco_error_set(err, RECO_EINVAL, "/keyType",
                            "key file %s says keyType %s but holds a %s key", path, kt,
                            reco_key_type_name(k->type));
        goto out;
    }
    *out = k;
    k = NULL;
out:
    if (fd >= 0)
        close(fd);
    reco_key_free(k);
    if (doc)
        wipe_jwk_secrets(json_object_get(doc, "jwk"));
    json_decref(doc);
    wipe_buf(&text);
    return rc;
}
