/*
 * jws.c - compact JWS (RFC 7515 §7.1): parsing with limits, signing and verification with
 * RS256, ES256 and EdDSA. The JOSE header is where an attacker chooses things (the algorithm,
 * the key), so parsing refuses every option reco does not implement rather than ignoring it:
 * "none" (RFC 7518 §3.6), unknown algorithms, "crit" extensions (RFC 7515 §4.1.11), unencoded
 * payloads (RFC 7797 "b64"), and private key material in a "jwk" header.
 */
#include "reco/jose.h"
#include "reco/json.h"

#include <string.h>

static const struct {
    reco_jws_alg alg;
    const char *name;
    reco_key_type key_type;
} algs[] = {
    {RECO_JWS_RS256, "RS256", RECO_KEY_RSA},
    {RECO_JWS_ES256, "ES256", RECO_KEY_P256},
    {RECO_JWS_EDDSA, "EdDSA", RECO_KEY_ED25519},
};

#define NALGS (sizeof algs / sizeof algs[0])

const char *reco_jws_alg_name(reco_jws_alg alg)
{
    for (size_t i = 0; i < NALGS; i++)
        if (algs[i].alg == alg)
            return algs[i].name;
    return "none";
}

reco_code reco_jws_alg_parse(const char *s, reco_jws_alg *out, reco_error *err)
{
    *out = RECO_JWS_ALG_NONE;
    if (!s)
        return reco_error_set(err, RECO_EINVAL, "/alg", "jws header lacks a string member 'alg'");
    for (size_t i = 0; i < NALGS; i++) {
        /* Algorithm names are case-sensitive (RFC 7515 §4.1.1). */
        if (strcmp(s, algs[i].name) == 0) {
            *out = algs[i].alg;
            return RECO_OK;
        }
    }
    if (strcmp(s, "none") == 0)
        return reco_error_set(err, RECO_EINVAL, "/alg",
                              "unsecured jws (alg none) refused (RFC 7518 §3.6)");
    return reco_error_set(err, RECO_EINVAL, "/alg",
                          "unsupported jws algorithm '%.32s'; expected RS256, ES256 or EdDSA", s);
}

reco_jws_alg reco_jws_alg_of_key(const reco_key *k)
{
    reco_key_type t = reco_key_get_type(k);
    for (size_t i = 0; i < NALGS; i++)
        if (algs[i].key_type == t)
            return algs[i].alg;
    return RECO_JWS_ALG_NONE;
}

reco_code reco_jws_key_matches(const reco_key *key, reco_jws_alg alg, reco_error *err)
{
    reco_key_type t = reco_key_get_type(key);
    for (size_t i = 0; i < NALGS; i++) {
        if (algs[i].alg != alg)
            continue;
        if (algs[i].key_type == t)
            return RECO_OK;
        return reco_error_set(err, RECO_EVERIFY, "/alg",
                              "the jws algorithm %s needs an %s key, not %s", algs[i].name,
                              reco_key_type_name(algs[i].key_type), reco_key_type_name(t));
    }
    return reco_error_set(err, RECO_EVERIFY, "/alg", "no jws algorithm to verify with");
}

void reco_jws_init(reco_jws *jws)
{
    memset(jws, 0, sizeof *jws);
    reco_buf_init(&jws->payload, 0);
    reco_buf_init(&jws->signature, 0);
    reco_buf_init(&jws->signing_input, 0);
}

void reco_jws_release(reco_jws *jws)
{
    json_decref(jws->header);
    reco_buf_release(&jws->payload);
    reco_buf_release(&jws->signature);
    reco_buf_release(&jws->signing_input);
    reco_jws_init(jws);
}

/* ---------------------------------------------------------------- parsing */

/* RFC 7515 §2: base64url without padding, no white space or other characters. */
static reco_code check_b64url(const char *s, size_t n, const char *part, reco_error *err)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_')
            continue;
        if (c == '=')
            return reco_error_set(err, RECO_EPARSE, NULL,
                                  "padding '=' in the jws %s at offset %zu (RFC 7515 §2)", part, i);
        return reco_error_set(err, RECO_EPARSE, NULL,
                              "invalid base64url character 0x%02x in the jws %s at offset %zu",
                              (unsigned)(unsigned char)c, part, i);
    }
    if (n % 4 == 1)
        return reco_error_set(err, RECO_EPARSE, NULL,
                              "the jws %s has an impossible base64url length %zu", part, n);
    return RECO_OK;
}

static reco_code decode_part(const char *s, size_t n, const char *part, reco_buf *out,
                             reco_error *err)
{
    reco_code rc = check_b64url(s, n, part, err);
    reco_error e;
    if (rc)
        return rc;
    rc = reco_base64url_decode(s, n, out, &e);
    if (rc == RECO_ELIMIT || rc == RECO_ENOMEM)
        return reco_error_set(err, rc, NULL, "the jws %s: %.120s", part, e.msg);
    if (rc)
        return reco_error_set(err, RECO_EPARSE, NULL, "the jws %s is not base64url: %.100s", part,
                              e.msg);
    return RECO_OK;
}

/* Private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2). */
static const char *const private_members[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};

static reco_code check_header(reco_jws *jws, reco_error *err)
{
    reco_code rc = RECO_OK;
    const json_t *h = jws->header, *v;

    if (!json_is_object(h))
        return reco_error_set(err, RECO_EPARSE, NULL, "the jws header is not a JSON object");
    rc = reco_jws_alg_parse(json_string_value(json_object_get(h, "alg")), &jws->alg, err);
    if (rc)
        return rc;
    /* RFC 7515 §4.1.11: a recipient MUST reject a JWS whose crit lists an extension it does
     * not understand; reco understands none, and an empty list is itself invalid. */
    if ((v = json_object_get(h, "crit")) != NULL) {
        const char *first = json_string_value(json_array_get(v, 0));
        return reco_error_set(err, RECO_EINVAL, "/crit",
                              "critical jws header extension '%.40s' is not supported",
                              first ? first : "(malformed crit)");
    }
    /* RFC 7797 §3: b64 false means the payload is not base64url-encoded. */
    if ((v = json_object_get(h, "b64")) != NULL && !json_is_true(v))
        return reco_error_set(err, RECO_EINVAL, "/b64",
                              "unencoded jws payload (b64 false, RFC 7797) is not supported");
    static const char *const strings[] = {"kid", "typ", "cty"};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        v = json_object_get(h, strings[i]);
        if (v && !json_is_string(v))
            return reco_error_set(err, RECO_EINVAL, NULL, "jws header '%s' is not a string",
                                  strings[i]);
    }
    jws->kid = json_string_value(json_object_get(h, "kid"));
    jws->typ = json_string_value(json_object_get(h, "typ"));
    jws->cty = json_string_value(json_object_get(h, "cty"));
    if ((v = json_object_get(h, "jwk")) != NULL) {
        if (!json_is_object(v))
            return reco_error_set(err, RECO_EINVAL, "/jwk", "jws header 'jwk' is not an object");
        for (size_t i = 0; i < sizeof private_members / sizeof private_members[0]; i++)
            if (json_object_get(v, private_members[i]))
                return reco_error_set(err, RECO_EINVAL, "/jwk",
                                      "jws header 'jwk' holds private key material ('%s'); "
                                      "refused (RFC 7515 §4.1.3)",
                                      private_members[i]);
        jws->jwk = v;
    }
    return RECO_OK;
}

reco_code reco_jws_parse(const char *compact, size_t n, const reco_jws_limits *lim, reco_jws *jws,
                         reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : RECO_JWS_DEFAULT_MAX_BYTES;
    size_t max_header = lim && lim->max_header ? lim->max_header : RECO_JWS_DEFAULT_MAX_HEADER;
    int max_depth = lim && lim->max_depth ? lim->max_depth : RECO_JSON_DEFAULT_MAX_DEPTH;
    const char *dot1, *dot2;
    reco_buf hdr;

    reco_buf_init(&hdr, max_header);
    reco_jws_init(jws);
    if (!compact) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no jws given");
        goto out;
    }
    if (n > max_bytes + 2) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "jws of %zu bytes exceeds the limit of %zu", n,
                            max_bytes);
        goto out;
    }
    /* A file often ends with a newline; nothing else around the token is allowed. */
    if (n > 0 && compact[n - 1] == '\n')
        n--;
    if (n > 0 && compact[n - 1] == '\r')
        n--;
    if (n > max_bytes) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "jws of %zu bytes exceeds the limit of %zu", n,
                            max_bytes);
        goto out;
    }
    if (n == 0) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "empty jws");
        goto out;
    }
    /* RFC 7515 §7.1: exactly three parts, header.payload.signature. */
    dot1 = memchr(compact, '.', n);
    dot2 = dot1 ? memchr(dot1 + 1, '.', n - (size_t)(dot1 + 1 - compact)) : NULL;
    if (!dot1 || !dot2 || memchr(dot2 + 1, '.', n - (size_t)(dot2 + 1 - compact))) {
        size_t parts = 1;
        for (size_t i = 0; i < n; i++)
            parts += compact[i] == '.';
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "a compact jws has 3 parts separated by '.', this has %zu%s", parts,
                            parts == 5 ? " (a JWE? encrypted tokens are not supported)" : "");
        goto out;
    }
    size_t hlen = (size_t)(dot1 - compact);
    size_t plen = (size_t)(dot2 - dot1 - 1);
    size_t slen = n - (size_t)(dot2 + 1 - compact);
    if (hlen == 0 || slen == 0) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "the jws %s is empty",
                            hlen == 0 ? "header" : "signature");
        goto out;
    }
    if (hlen / 4 * 3 > max_header) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "jws header exceeds the limit of %zu bytes",
                            max_header);
        goto out;
    }
    if ((rc = decode_part(compact, hlen, "header", &hdr, err)) != RECO_OK)
        goto out;
    reco_json_limits jl = {.max_bytes = max_header, .max_depth = max_depth};
    reco_error je;
    if (reco_json_parse(hdr.data, hdr.len, &jl, &jws->header, &je) != RECO_OK) {
        rc = reco_error_set(err, je.code == RECO_ELIMIT ? RECO_ELIMIT : RECO_EPARSE, NULL,
                            "the jws header is not valid JSON: %.120s", je.msg);
        goto out;
    }
    if ((rc = check_header(jws, err)) != RECO_OK)
        goto out;
    if ((rc = decode_part(dot1 + 1, plen, "payload", &jws->payload, err)) != RECO_OK)
        goto out;
    if ((rc = decode_part(dot2 + 1, slen, "signature", &jws->signature, err)) != RECO_OK)
        goto out;
    /* RFC 7515 §5.2 step 8: the signing input is the text as received. */
    rc = reco_buf_error(reco_buf_append(&jws->signing_input, compact, hlen + 1 + plen),
                        &jws->signing_input, "jws signing input", err);
out:
    reco_buf_release(&hdr);
    if (rc)
        reco_jws_release(jws);
    return rc;
}

/* ---------------------------------------------------------------- verifying */

reco_code reco_jws_verify(const reco_jws *jws, const reco_key *key, reco_error *err)
{
    reco_code rc = reco_jws_key_matches(key, jws->alg, err);
    reco_error e;
    if (rc)
        return rc;
    rc = reco_key_verify(key, jws->signing_input.data, jws->signing_input.len, jws->signature.data,
                         jws->signature.len, &e);
    /* A signature of the wrong size (RECO_EINVAL) is outside data too: a verdict. */
    if (rc == RECO_EVERIFY || rc == RECO_EINVAL)
        return reco_error_set(err, RECO_EVERIFY, NULL,
                              "the %s signature of the jws does not verify: %.100s",
                              reco_jws_alg_name(jws->alg), e.msg);
    if (rc && err)
        *err = e;
    return rc;
}

reco_code reco_jws_header_key(const reco_jws *jws, reco_key **out, reco_error *err)
{
    reco_code rc;
    reco_error e;
    reco_key *k = NULL;

    *out = NULL;
    if (!jws->jwk)
        return reco_error_set(err, RECO_ENOTFOUND, "/jwk", "the jws header has no jwk");
    if ((rc = reco_key_from_jwk(jws->jwk, &k, &e)) != RECO_OK)
        return reco_error_set(err, RECO_EINVAL, "/jwk", "the jws header jwk is unusable: %.120s",
                              e.msg);
    if (reco_key_has_private(k)) { /* parse refuses this already; a second lock */
        reco_key_free(k);
        return reco_error_set(err, RECO_EINVAL, "/jwk", "the jws header jwk is a private key");
    }
    if ((rc = reco_jws_key_matches(k, jws->alg, err)) != RECO_OK) {
        reco_key_free(k);
        return rc;
    }
    *out = k;
    return RECO_OK;
}

/* ---------------------------------------------------------------- signing */

static reco_code set_str(json_t *o, const char *name, const char *v)
{
    if (!v)
        return RECO_OK;
    return json_object_set_new(o, name, json_string(v)) == 0 ? RECO_OK : RECO_ENOMEM;
}

reco_code reco_jws_sign(const reco_key *key, const reco_jws_sign_options *opt, const void *payload,
                        size_t n, reco_buf *out, reco_error *err)
{
    static const reco_jws_sign_options none = {0};
    reco_code rc = RECO_OK;
    json_t *h = NULL, *jwk = NULL;
    reco_buf text, input, sig;
    reco_jws_alg alg = reco_jws_alg_of_key(key);
    size_t mark = out->len;

    reco_buf_init(&text, 0);
    reco_buf_init(&input, 0);
    reco_buf_init(&sig, 0);
    if (!opt)
        opt = &none;
    if (!reco_key_has_private(key)) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "signing a jws needs a private key");
        goto out;
    }
    if (alg == RECO_JWS_ALG_NONE) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no jws algorithm for this key");
        goto out;
    }
    if (!(h = json_object())) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = set_str(h, "alg", reco_jws_alg_name(alg));
    if (!rc)
        rc = set_str(h, "typ", opt->typ);
    if (!rc)
        rc = set_str(h, "cty", opt->cty);
    if (!rc)
        rc = set_str(h, "kid", opt->kid);
    if (rc) {
        rc = reco_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    if (opt->embed_jwk) {
        if ((rc = reco_key_to_jwk(key, false, &jwk, err)) != RECO_OK)
            goto out;
        if (json_object_set_new(h, "jwk", jwk) != 0) {
            jwk = NULL;
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
        jwk = NULL;
    }
    /* RFC 7515 §5.1 steps 1-6: BASE64URL(UTF8(header)) || '.' || BASE64URL(payload). */
    if ((rc = reco_json_write(h, 0, &text, err)) != RECO_OK)
        goto out;
    rc = reco_base64url_encode((const uint8_t *)text.data, text.len, &input);
    if (!rc)
        rc = reco_buf_putc(&input, '.');
    if (!rc)
        rc = reco_base64url_encode(payload, n, &input);
    if (rc) {
        rc = reco_buf_error(rc, &input, "jws", err);
        goto out;
    }
    /* Steps 7-8: the signature over the ASCII signing input. */
    if ((rc = reco_key_sign(key, input.data, input.len, &sig, err)) != RECO_OK)
        goto out;
    rc = reco_buf_append(out, input.data, input.len);
    if (!rc)
        rc = reco_buf_putc(out, '.');
    if (!rc)
        rc = reco_base64url_encode((const uint8_t *)sig.data, sig.len, out);
    if (rc)
        rc = reco_buf_error(rc, out, "jws", err);
out:
    if (rc && out->len > mark) {
        out->len = mark;
        out->data[mark] = '\0';
    }
    json_decref(h);
    json_decref(jwk);
    reco_buf_release(&text);
    reco_buf_release(&input);
    reco_buf_release(&sig);
    return rc;
}
