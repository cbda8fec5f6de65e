/*
 * jwk.c - JSON Web Keys (RFC 7517) for the three key types: OKP Ed25519 (RFC 8037 §2),
 * EC P-256 (RFC 7518 §6.2) and RSA (RFC 7518 §6.3), and the JWK thumbprint (RFC 7638).
 *
 * A JWK read from outside is checked strictly: known kty and crv only, base64url without
 * padding, exact lengths where the RFCs fix them, points on the curve, RSA of 2048 to 16384
 * bits, and a private half that agrees with the public half.
 */
#include "crypto_internal.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <string.h>

/* A base64url member longer than this is refused before decoding (16384-bit n: 2731). */
#define JWK_MAX_MEMBER_CHARS 4096

/* ---------------------------------------------------------------- reading */

/*
 * Decode member name of jwk into out. When absent: RECO_OK with *present false (the caller
 * decides whether it was required). The decoded length must be in [min, max].
 */
static reco_code get_b64(const json_t *jwk, const char *name, size_t min, size_t max, reco_buf *out,
                         bool *present, reco_error *err)
{
    char path[32];
    const json_t *v = json_object_get(jwk, name);
    const char *s;
    size_t n;
    reco_code rc = RECO_OK;

    snprintf(path, sizeof path, "/%s", name);
    *present = v != NULL;
    reco_buf_clear(out);
    if (!v)
        goto out;
    if (!json_is_string(v)) {
        rc = reco_error_set(err, RECO_EINVAL, path, "jwk member '%s' must be a string", name);
        goto out;
    }
    s = json_string_value(v);
    n = json_string_length(v);
    if (n > JWK_MAX_MEMBER_CHARS) {
        rc = reco_error_set(err, RECO_ELIMIT, path, "jwk member '%s' is too long", name);
        goto out;
    }
    /* RFC 7515 §2: base64url with all trailing '=' omitted. */
    if (memchr(s, '=', n)) {
        rc = reco_error_set(err, RECO_EINVAL, path,
                            "jwk member '%s' must be base64url without padding", name);
        goto out;
    }
    rc = reco_base64url_decode(s, n, out, err);
    if (rc == RECO_ENOMEM || rc == RECO_ELIMIT)
        goto out;
    if (rc)
        rc = reco_error_set(err, RECO_EINVAL, path, "jwk member '%s' is not valid base64url", name);
    if (!rc && (out->len < min || out->len > max)) {
        if (min == max)
            rc = reco_error_set(err, RECO_EINVAL, path,
                                "jwk member '%s' must be %zu bytes, not %zu", name, min, out->len);
        else
            rc = reco_error_set(err, RECO_EINVAL, path,
                                "jwk member '%s' has a bad length (%zu bytes)", name, out->len);
    }
out:
    return rc;
}

static reco_code need(bool present, const char *name, reco_error *err)
{
    char path[32];
    reco_code rc = RECO_OK;
    if (!present) {
        snprintf(path, sizeof path, "/%s", name);
        rc = reco_error_set(err, RECO_EINVAL, path, "jwk lacks the member '%s'", name);
    }
    return rc;
}

static void wipe_buf(reco_buf *b)
{
    if (b->data)
        reco_wipe(b->data, b->cap);
    reco_buf_release(b);
}

static reco_code okp_from_jwk(const json_t *jwk, reco_key **out, reco_error *err)
{
    reco_code rc;
    reco_buf x, d;
    bool hx = false, hd = false;
    const char *crv = json_string_value(json_object_get(jwk, "crv"));

    reco_buf_init(&x, JWK_MAX_MEMBER_CHARS);
    reco_buf_init(&d, JWK_MAX_MEMBER_CHARS);
    if (!crv || strcmp(crv, "Ed25519") != 0) {
        rc = reco_error_set(err, RECO_EINVAL, "/crv",
                            "unsupported OKP curve '%.32s'; expected Ed25519", crv ? crv : "");
        goto out;
    }
    rc = get_b64(jwk, "x", CRYPTO_ED25519_LEN, CRYPTO_ED25519_LEN, &x, &hx, err);
    if (!rc)
        rc = need(hx, "x", err);
    if (!rc)
        rc = get_b64(jwk, "d", CRYPTO_ED25519_LEN, CRYPTO_ED25519_LEN, &d, &hd, err);
    if (!rc)
        rc = reco_crypto_ed25519((const uint8_t *)x.data, hd ? (const uint8_t *)d.data : NULL, out,
                                 err);
out:
    reco_buf_release(&x);
    wipe_buf(&d);
    return rc;
}

static reco_code ec_from_jwk(const json_t *jwk, reco_key **out, reco_error *err)
{
    reco_code rc;
    reco_buf x, y, d;
    bool hx = false, hy = false, hd = false;
    uint8_t pt[1 + 2 * CRYPTO_P256_LEN];
    const char *crv = json_string_value(json_object_get(jwk, "crv"));

    reco_buf_init(&x, JWK_MAX_MEMBER_CHARS);
    reco_buf_init(&y, JWK_MAX_MEMBER_CHARS);
    reco_buf_init(&d, JWK_MAX_MEMBER_CHARS);
    if (!crv || strcmp(crv, "P-256") != 0) {
        rc = reco_error_set(err, RECO_EINVAL, "/crv",
                            "unsupported EC curve '%.32s'; expected P-256", crv ? crv : "");
        goto out;
    }
    /* RFC 7518 §6.2.1.2-3 and §6.2.2.1: x, y and d are the full 32 bytes, never shortened. */
    rc = get_b64(jwk, "x", CRYPTO_P256_LEN, CRYPTO_P256_LEN, &x, &hx, err);
    if (!rc)
        rc = need(hx, "x", err);
    if (!rc)
        rc = get_b64(jwk, "y", CRYPTO_P256_LEN, CRYPTO_P256_LEN, &y, &hy, err);
    if (!rc)
        rc = need(hy, "y", err);
    if (!rc)
        rc = get_b64(jwk, "d", CRYPTO_P256_LEN, CRYPTO_P256_LEN, &d, &hd, err);
    if (rc)
        goto out;
    pt[0] = 0x04;
    memcpy(pt + 1, x.data, CRYPTO_P256_LEN);
    memcpy(pt + 1 + CRYPTO_P256_LEN, y.data, CRYPTO_P256_LEN);
    rc = reco_crypto_p256(pt, sizeof pt, hd ? (const uint8_t *)d.data : NULL, out, err);
out:
    reco_buf_release(&x);
    reco_buf_release(&y);
    wipe_buf(&d);
    return rc;
}

/* RSA private members beyond d (RFC 7518 §6.3.2): all of them or none. */
static const char *const RSA_CRT[5] = {"p", "q", "dp", "dq", "qi"};
static const char *const RSA_CRT_PARAM[5] = {
    OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,      OSSL_PKEY_PARAM_RSA_EXPONENT1,
    OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

/* Push member name (already decoded into b) as a BIGNUM parameter. */
static reco_code push_bn(OSSL_PARAM_BLD *bld, const char *param, const reco_buf *b, bool secret,
                         BIGNUM **keep, reco_error *err)
{
    reco_code rc = RECO_OK;
    BIGNUM *bn = secret ? BN_secure_new() : BN_new();
    if (!bn || !BN_bin2bn((const uint8_t *)b->data, (int)b->len, bn) ||
        !OSSL_PARAM_BLD_push_BN(bld, param, bn)) {
        BN_clear_free(bn);
        bn = NULL;
        rc = reco_crypto_fail(err, "rsa key parameters");
    }
    *keep = bn; /* the builder refers to it until the parameters are built */
    return rc;
}

/*
 * An RSA private key must produce signatures its public half accepts: a sign-and-verify
 * round on a fixed message catches an n, e, d that do not belong together.
 */
static reco_code rsa_pairwise(reco_key *k, reco_error *err)
{
    static const char probe[] = "reco rsa pairwise check";
    reco_code rc;
    reco_buf sig;

    reco_buf_init(&sig, 4096);
    rc = reco_key_sign(k, probe, sizeof probe - 1, &sig, err);
    if (!rc)
        rc = reco_key_verify(k, probe, sizeof probe - 1, sig.data, sig.len, err);
    if (rc)
        rc =
            reco_error_set(err, RECO_EINVAL, NULL, "rsa private key does not match its public key");
    reco_buf_release(&sig);
    return rc;
}

static reco_code rsa_from_jwk(const json_t *jwk, reco_key **out, reco_error *err)
{
    reco_code rc;
    reco_buf b;
    bool has = false, hd = false;
    int ncrt = 0, i, bits;
    BIGNUM *bns[8] = {0};
    size_t nbn = 0;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *pkey = NULL;
    const BIGNUM *n, *e;

    *out = NULL;
    reco_buf_init(&b, JWK_MAX_MEMBER_CHARS);
    if (!bld) {
        rc = reco_crypto_fail(err, "rsa key parameters");
        goto out;
    }
    if (json_object_get(jwk, "oth")) {
        rc = reco_error_set(err, RECO_EINVAL, "/oth", "multi-prime rsa keys are not supported");
        goto out;
    }
    /* n: 2048 to 16384 bits (RFC 7518 §3.3 asks for at least 2048). */
    rc = get_b64(jwk, "n", 1, CRYPTO_RSA_MAX_BITS / 8, &b, &has, err);
    if (!rc)
        rc = need(has, "n", err);
    if (!rc)
        rc = push_bn(bld, OSSL_PKEY_PARAM_RSA_N, &b, false, &bns[nbn++], err);
    if (rc)
        goto out;
    n = bns[0];
    bits = BN_num_bits(n);
    if (bits < CRYPTO_RSA_MIN_BITS) {
        rc = reco_error_set(err, RECO_EINVAL, "/n",
                            "rsa modulus of %d bits is too short (at least %d)", bits,
                            CRYPTO_RSA_MIN_BITS);
        goto out;
    }
    rc = get_b64(jwk, "e", 1, CRYPTO_RSA_MAX_E_LEN, &b, &has, err);
    if (!rc)
        rc = need(has, "e", err);
    if (!rc)
        rc = push_bn(bld, OSSL_PKEY_PARAM_RSA_E, &b, false, &bns[nbn++], err);
    if (rc)
        goto out;
    e = bns[1];
    if (!BN_is_odd(e) || BN_is_one(e) || BN_cmp(e, n) >= 0) {
        rc = reco_error_set(err, RECO_EINVAL, "/e", "rsa public exponent is not valid");
        goto out;
    }
    rc = get_b64(jwk, "d", 1, CRYPTO_RSA_MAX_BITS / 8, &b, &hd, err);
    if (!rc && hd)
        rc = push_bn(bld, OSSL_PKEY_PARAM_RSA_D, &b, true, &bns[nbn++], err);
    if (rc)
        goto out;
    for (i = 0; i < 5; i++)
        if (json_object_get(jwk, RSA_CRT[i]))
            ncrt++;
    if (ncrt != 0 && (ncrt != 5 || !hd)) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "rsa jwk must carry d with all of p, q, dp, dq, qi or none of them");
        goto out;
    }
    for (i = 0; i < ncrt; i++) {
        rc = get_b64(jwk, RSA_CRT[i], 1, CRYPTO_RSA_MAX_BITS / 8, &b, &has, err);
        if (!rc)
            rc = push_bn(bld, RSA_CRT_PARAM[i], &b, true, &bns[nbn++], err);
        if (rc)
            goto out;
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, hd ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
        ERR_clear_error();
        rc = reco_error_set(err, RECO_EINVAL, NULL, "rsa jwk does not hold a usable key");
        goto out;
    }
    rc = reco_crypto_wrap(RECO_KEY_RSA, pkey, hd, out, err);
    pkey = NULL;
    if (!rc && hd) {
        rc = rsa_pairwise(*out, err);
        if (rc) {
            reco_key_free(*out);
            *out = NULL;
        }
    }
out:
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(ctx);
    reco_crypto_params_free(params);
    OSSL_PARAM_BLD_free(bld);
    for (size_t j = 0; j < nbn; j++)
        BN_clear_free(bns[j]);
    wipe_buf(&b);
    return rc;
}

/*
 * RFC 7517 §4.2 and §4.4: "use" and "alg" are optional, but when a key names them they must
 * fit how it will be used here: signatures, with the one algorithm this key type has.
 */
static reco_code check_use_alg(const json_t *jwk, const reco_key *k, reco_error *err)
{
    reco_code rc = RECO_OK;
    const json_t *use = json_object_get(jwk, "use"), *alg = json_object_get(jwk, "alg");
    const char *a = json_string_value(alg), *want = reco_key_jws_alg(k);

    if (use && (!json_is_string(use) || strcmp(json_string_value(use), "sig") != 0))
        rc = reco_error_set(err, RECO_EINVAL, "/use", "jwk is not meant for signatures (use)");
    else if (alg && !a)
        rc = reco_error_set(err, RECO_EINVAL, "/alg", "jwk member 'alg' must be a string");
    /* RFC 9864 names the Ed25519 algorithm "Ed25519" besides the polymorphic "EdDSA". */
    else if (a && strcmp(a, want) != 0 &&
             !(k->type == RECO_KEY_ED25519 && strcmp(a, "Ed25519") == 0))
        rc = reco_error_set(err, RECO_EINVAL, "/alg", "jwk alg '%.20s' does not fit a %s key", a,
                            reco_key_type_name(k->type));
    return rc;
}

reco_code reco_key_from_jwk(const json_t *jwk, reco_key **out, reco_error *err)
{
    reco_code rc;
    const char *kty = json_string_value(json_object_get(jwk, "kty"));

    *out = NULL;
    if (!json_is_object(jwk))
        rc = reco_error_set(err, RECO_EINVAL, NULL, "jwk must be a JSON object");
    else if (!kty)
        rc = reco_error_set(err, RECO_EINVAL, "/kty", "jwk lacks a string member 'kty'");
    else if (strcmp(kty, "OKP") == 0)
        rc = okp_from_jwk(jwk, out, err);
    else if (strcmp(kty, "EC") == 0)
        rc = ec_from_jwk(jwk, out, err);
    else if (strcmp(kty, "RSA") == 0)
        rc = rsa_from_jwk(jwk, out, err);
    else
        rc = reco_error_set(err, RECO_EINVAL, "/kty",
                            "unsupported jwk key type '%.32s'; expected OKP, EC or RSA", kty);
    if (!rc)
        rc = check_use_alg(jwk, *out, err);
    if (rc) {
        reco_key_free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---------------------------------------------------------------- writing */

/* Set member name of obj to the base64url of p[0..n). */
static reco_code set_b64(json_t *obj, const char *name, const uint8_t *p, size_t n, reco_error *err)
{
    reco_code rc;
    reco_buf b;
    json_t *s = NULL;

    reco_buf_init(&b, 0);
    rc = reco_base64url_encode(p, n, &b);
    if (!rc && (!(s = json_stringn(b.data, b.len)) || json_object_set_new(obj, name, s) != 0))
        rc = RECO_ENOMEM;
    if (rc)
        reco_error_set(err, rc, NULL, "cannot write jwk member '%s'", name);
    wipe_buf(&b);
    return rc;
}

/* A BIGNUM parameter as a base64url member: minimal big-endian octets (RFC 7518 §6.3.1.1). */
static reco_code set_bn(json_t *obj, const char *name, const reco_key *k, const char *param,
                        bool secret, reco_error *err)
{
    reco_code rc = RECO_OK;
    BIGNUM *bn = NULL;
    uint8_t *tmp = NULL;
    int len;

    if (EVP_PKEY_get_bn_param(k->pkey, param, &bn) != 1) {
        rc = reco_crypto_fail(err, "rsa key export");
        goto out;
    }
    len = BN_num_bytes(bn);
    tmp = OPENSSL_malloc(len > 0 ? (size_t)len : 1);
    if (!tmp) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory for a jwk");
        goto out;
    }
    if (len == 0) {
        tmp[0] = 0; /* zero is one octet, "AA" */
        len = 1;
    } else {
        BN_bn2bin(bn, tmp);
    }
    rc = set_b64(obj, name, tmp, (size_t)len, err);
out:
    if (tmp && secret)
        OPENSSL_clear_free(tmp, (size_t)(len > 0 ? len : 1));
    else
        OPENSSL_free(tmp);
    BN_clear_free(bn);
    return rc;
}

static reco_code set_str(json_t *obj, const char *name, const char *value, reco_error *err)
{
    reco_code rc = RECO_OK;
    if (json_object_set_new(obj, name, json_string(value)) != 0)
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "cannot write jwk member '%s'", name);
    return rc;
}

/* Does the key carry its CRT factors? A key imported with d alone does not. */
static bool rsa_has_factors(const reco_key *k)
{
    BIGNUM *p = NULL;
    bool has = EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_FACTOR1, &p) == 1;
    BN_clear_free(p);
    ERR_clear_error();
    return has;
}

reco_code reco_key_to_jwk(const reco_key *k, bool with_private, json_t **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    json_t *obj = json_object();
    uint8_t a[CRYPTO_P256_LEN], b[CRYPTO_P256_LEN];
    size_t n = sizeof a;
    BIGNUM *d = NULL;
    int i;

    *out = NULL;
    if (!obj) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory for a jwk");
        goto out;
    }
    if (with_private && !k->priv) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "key has no private half to export");
        goto out;
    }
    switch (k->type) {
    case RECO_KEY_ED25519: /* RFC 8037 §2 */
        rc = set_str(obj, "kty", "OKP", err);
        if (!rc)
            rc = set_str(obj, "crv", "Ed25519", err);
        if (!rc && (EVP_PKEY_get_raw_public_key(k->pkey, a, &n) != 1 || n != sizeof a))
            rc = reco_crypto_fail(err, "ed25519 public key export");
        if (!rc)
            rc = set_b64(obj, "x", a, sizeof a, err);
        if (!rc && with_private &&
            (EVP_PKEY_get_raw_private_key(k->pkey, a, &n) != 1 || n != sizeof a))
            rc = reco_crypto_fail(err, "ed25519 private key export");
        if (!rc && with_private)
            rc = set_b64(obj, "d", a, sizeof a, err);
        break;
    case RECO_KEY_P256: /* RFC 7518 §6.2 */
        rc = set_str(obj, "kty", "EC", err);
        if (!rc)
            rc = set_str(obj, "crv", "P-256", err);
        if (!rc)
            rc = reco_crypto_p256_xy(k, a, b, err);
        if (!rc)
            rc = set_b64(obj, "x", a, sizeof a, err);
        if (!rc)
            rc = set_b64(obj, "y", b, sizeof b, err);
        if (!rc && with_private &&
            (EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1 ||
             BN_bn2binpad(d, a, CRYPTO_P256_LEN) != CRYPTO_P256_LEN))
            rc = reco_crypto_fail(err, "p-256 private key export");
        if (!rc && with_private)
            rc = set_b64(obj, "d", a, sizeof a, err);
        break;
    case RECO_KEY_RSA: /* RFC 7518 §6.3 */
        rc = set_str(obj, "kty", "RSA", err);
        if (!rc)
            rc = set_bn(obj, "n", k, OSSL_PKEY_PARAM_RSA_N, false, err);
        if (!rc)
            rc = set_bn(obj, "e", k, OSSL_PKEY_PARAM_RSA_E, false, err);
        if (!rc && with_private)
            rc = set_bn(obj, "d", k, OSSL_PKEY_PARAM_RSA_D, true, err);
        if (!rc && with_private && rsa_has_factors(k))
            for (i = 0; i < 5 && !rc; i++)
                rc = set_bn(obj, RSA_CRT[i], k, RSA_CRT_PARAM[i], true, err);
        break;
    default:
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown key type");
        break;
    }
out:
    reco_wipe(a, sizeof a);
    BN_clear_free(d);
    if (rc)
        json_decref(obj);
    else
        *out = obj;
    return rc;
}

/* ---------------------------------------------------------------- thumbprint */

reco_code reco_key_jwk_thumbprint(const reco_key *k, reco_buf *out, reco_error *err)
{
    reco_code rc;
    json_t *jwk = NULL;
    reco_buf text;
    uint8_t h[32];

#define M(name) json_string_value(json_object_get(jwk, name))
    reco_buf_init(&text, 8192);
    rc = reco_key_to_jwk(k, false, &jwk, err);
    if (rc)
        goto out;
    /* RFC 7638 §3.2-3.3: the required members only, sorted, no whitespace. The values are
     * fixed names and base64url, which need no JSON escaping. */
    if (k->type == RECO_KEY_RSA)
        rc = reco_buf_printf(&text, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", M("e"), M("n"));
    else if (k->type == RECO_KEY_P256)
        rc = reco_buf_printf(&text, "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}",
                             M("x"), M("y"));
    else
        rc = reco_buf_printf(&text, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", M("x"));
#undef M
    if (rc) {
        reco_error_set(err, rc, NULL, "cannot build the jwk thumbprint input");
        goto out;
    }
    reco_sha256(text.data, text.len, h);
    rc = reco_base64url_encode(h, sizeof h, out);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot append the jwk thumbprint");
out:
    json_decref(jwk);
    reco_buf_release(&text);
    return rc;
}
