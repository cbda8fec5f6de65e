/*
 * status.c - credential status: Bitstring Status List v1.0 (and StatusList2021, its CCG
 * predecessor with the same bitstring), the 1EdTech Revocation List, and the issuing side
 * (encodedList, the unsigned list credential). The list credential is verified as a credential
 * with reco_vc_check before a single bit of it is believed; a list that cannot be fetched or
 * verified leaves the entry not-checked, never passed.
 */
#include "reco/status.h"
#include "reco/json.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* ---------------------------------------------------------------- bitstrings */

/* RFC 1952 GZIP member, inflated into bits with a cap of max bytes. */
static reco_code gunzip(const uint8_t *p, size_t n, size_t max, reco_buf *bits, reco_error *err)
{
    z_stream z;
    uint8_t chunk[16384];
    size_t start = bits->len, produced = 0;
    reco_code rc = RECO_OK;
    int zr = Z_OK;
    memset(&z, 0, sizeof z);
    /* 16 + 15: a GZIP wrapper only (no raw deflate, no zlib header), 32 KiB window. */
    if (inflateInit2(&z, 16 + 15) != Z_OK)
        return reco_error_set(err, RECO_ENOMEM, NULL, "cannot start decompression");
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    while (zr != Z_STREAM_END) {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr == Z_MEM_ERROR) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
        if (zr != Z_OK && zr != Z_STREAM_END) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "the status list is not valid GZIP data%s",
                                zr == Z_BUF_ERROR ? " (truncated)" : "");
            goto out;
        }
        size_t got = sizeof chunk - z.avail_out;
        if (got > max - produced) {
            rc = reco_error_set(err, RECO_ELIMIT, NULL,
                                "the status list inflates past %zu bytes; refused", max);
            goto out;
        }
        produced += got;
        if ((rc = reco_buf_append(bits, chunk, got))) {
            reco_buf_error(rc, bits, "status list", err);
            goto out;
        }
    }
    if (z.avail_in != 0)
        rc = reco_error_set(err, RECO_EPARSE, NULL, "the status list has data after its GZIP end");
out:
    inflateEnd(&z);
    if (rc) {
        bits->len = start;
        if (bits->data)
            bits->data[start] = '\0';
    }
    return rc;
}

reco_code reco_status_list_decode(const char *encoded, size_t n, size_t max, reco_buf *bits,
                                  reco_error *err)
{
    reco_buf raw;
    reco_code rc;
    reco_error e;
    if (max == 0)
        max = RECO_STATUS_MAX_BITSTRING;
    reco_buf_init(&raw, n);
    /* §2.2: multibase base64url without padding ('u'). StatusList2021 wrote base64url without
     * the prefix: GZIP starts with 1f 8b 08, which base64url spells "H4sI". */
    if (n > 0 && encoded[0] == 'u')
        rc = reco_multibase_decode(encoded, n, &raw, &e);
    else if (n >= 4 && memcmp(encoded, "H4sI", 4) == 0)
        rc = reco_base64url_decode(encoded, n, &raw, &e);
    else
        rc = reco_error_set(&e, RECO_EPARSE, NULL,
                            "it is neither multibase base64url ('u') nor base64url GZIP");
    if (rc == RECO_ENOMEM) {
        reco_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    if (rc) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "encodedList does not decode: %.100s", e.msg);
        goto out;
    }
    rc = gunzip((const uint8_t *)raw.data, raw.len, max, bits, err);
out:
    reco_buf_release(&raw);
    return rc;
}

reco_code reco_status_list_encode(const uint8_t *bits, size_t len, reco_buf *encoded,
                                  reco_error *err)
{
    z_stream z;
    uint8_t chunk[16384];
    reco_buf gz;
    int zr;
    reco_code rc = RECO_OK;
    memset(&z, 0, sizeof z);
    reco_buf_init(&gz, 0);
    if (len > UINT32_MAX)
        return reco_error_set(err, RECO_ELIMIT, NULL, "status list over 4 GiB");
    /* GZIP wrapper (16 + 15); the header's mtime stays 0, so equal lists encode equally. */
    if (deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return reco_error_set(err, RECO_ENOMEM, NULL, "cannot start compression");
    z.next_in = (Bytef *)bits;
    z.avail_in = (uInt)len;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        zr = deflate(&z, Z_FINISH);
        if (zr == Z_STREAM_ERROR) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "compression failed");
            goto out;
        }
        if ((rc = reco_buf_append(&gz, chunk, sizeof chunk - z.avail_out))) {
            reco_buf_error(rc, &gz, "status list", err);
            goto out;
        }
    } while (zr != Z_STREAM_END);
    if ((rc = reco_multibase_encode('u', (const uint8_t *)gz.data, gz.len, encoded)))
        reco_buf_error(rc, encoded, "encodedList", err);
out:
    deflateEnd(&z);
    reco_buf_release(&gz);
    return rc;
}

reco_code reco_status_list_get(const uint8_t *bits, size_t len, uint64_t index, unsigned size,
                               uint32_t *value, reco_error *err)
{
    uint32_t v = 0;
    *value = 0;
    if (size == 0)
        size = 1;
    if (size > 32)
        return reco_error_set(err, RECO_ELIMIT, NULL, "statusSize %u is over 32 bits", size);
    /* §3.3 step 10: the status is at index * size; past the end is a RANGE_ERROR. */
    if (index > (UINT64_MAX - size) / size || len > UINT64_MAX / 8 ||
        index * size + size > (uint64_t)len * 8)
        return reco_error_set(err, RECO_ELIMIT, NULL,
                              "index %" PRIu64 " is outside the status list of %" PRIu64 " entries",
                              index, (uint64_t)len * 8 / size);
    uint64_t first = index * size;
    for (unsigned i = 0; i < size; i++) {
        uint64_t b = first + i;
        /* §5.2: index 0 is the left-most (most significant) bit of the first byte. */
        v = (v << 1) | ((bits[b / 8] >> (7 - b % 8)) & 1u);
    }
    *value = v;
    return RECO_OK;
}

bool reco_status_list_set(uint8_t *bits, size_t len, uint64_t index, bool on)
{
    if (index / 8 >= len)
        return false;
    uint8_t mask = (uint8_t)(0x80u >> (index % 8));
    if (on)
        bits[index / 8] |= mask;
    else
        bits[index / 8] &= (uint8_t)~mask;
    return true;
}

/* ---------------------------------------------------------------- issuing */

reco_code reco_status_list_credential_build(const reco_status_list_params *p, json_t **out,
                                            reco_error *err)
{
    reco_buf enc, from, until, subj;
    reco_code rc = RECO_OK;
    json_t *doc = NULL;
    *out = NULL;
    reco_buf_init(&enc, 0);
    reco_buf_init(&from, 64);
    reco_buf_init(&until, 64);
    reco_buf_init(&subj, 4096);
    if (!p || !p->id || !p->id[0] || !p->issuer || !p->issuer[0]) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "a status list needs an id and an issuer");
        goto out;
    }
    if (!p->bits || p->len < RECO_STATUS_MIN_BITSTRING) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "a status list bitstring must hold at least %u bytes, not %zu",
                            RECO_STATUS_MIN_BITSTRING, p->bits ? p->len : 0);
        goto out;
    }
    if ((rc = reco_status_list_encode(p->bits, p->len, &enc, err)))
        goto out;
    reco_time now = reco_time_now();
    now.nsec = 0;
    if ((rc = reco_time_format(p->valid_from ? p->valid_from : &now, &from)) ||
        (p->valid_until && (rc = reco_time_format(p->valid_until, &until)))) {
        reco_error_set(err, rc, NULL, "the status list's dates cannot be written");
        goto out;
    }
    if ((rc = reco_buf_printf(&subj, "%s#list", p->id))) {
        reco_buf_error(rc, &subj, "status list id", err);
        goto out;
    }
    /* Bitstring Status List §2.2, example "BitstringStatusListCredential". */
    doc =
        json_pack("{s:[s], s:s, s:[s,s], s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "@context",
                  RECO_VC_CONTEXT_V2, "id", p->id, "type", "VerifiableCredential",
                  "BitstringStatusListCredential", "issuer", p->issuer, "validFrom", from.data,
                  "credentialSubject", "id", subj.data, "type", "BitstringStatusList",
                  "statusPurpose", p->purpose ? p->purpose : "revocation", "encodedList", enc.data);
    if (!doc ||
        (p->valid_until && json_object_set_new(doc, "validUntil", json_string(until.data)) != 0)) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    *out = doc;
    doc = NULL;
out:
    json_decref(doc);
    reco_buf_release(&enc);
    reco_buf_release(&from);
    reco_buf_release(&until);
    reco_buf_release(&subj);
    return rc;
}

reco_code reco_status_entry_build(const char *list_url, uint64_t index, const char *purpose,
                                  json_t **out, reco_error *err)
{
    char idx[24];
    reco_buf id;
    reco_code rc = RECO_OK;
    *out = NULL;
    if (!list_url || !list_url[0])
        return reco_error_set(err, RECO_EINVAL, NULL, "a status entry needs its list's URL");
    snprintf(idx, sizeof idx, "%" PRIu64, index);
    reco_buf_init(&id, 4096);
    if ((rc = reco_buf_printf(&id, "%s#%s", list_url, idx)))
        return reco_buf_error(rc, &id, "status entry id", err);
    /* Bitstring Status List §2.1: statusListIndex is a base-10 string. */
    *out = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id.data, "type", "BitstringStatusListEntry",
                     "statusPurpose", purpose ? purpose : "revocation", "statusListIndex", idx,
                     "statusListCredential", list_url);
    if (!*out)
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    reco_buf_release(&id);
    return rc;
}

/* ---------------------------------------------------------------- verifying */

/* The fetch error without the resolver's own "could not fetch " (the line says it already). */
static const char *fetch_reason(const reco_error *e)
{
    static const char prefix[] = "could not fetch ";
    return strncmp(e->msg, prefix, sizeof prefix - 1) == 0 ? e->msg + sizeof prefix - 1 : e->msg;
}

/* The verdict and its report line (truncated to fit: it is one line for people). */
static void RECO_PRINTF(3, 4)
    verdict(reco_status_result *res, reco_check_status st, const char *fmt, ...)
{
    va_list ap;
    res->status = st;
    va_start(ap, fmt);
    vsnprintf(res->message, sizeof res->message, fmt, ap);
    va_end(ap);
}
#define VERDICT verdict

static void copy_trunc(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static bool has_type(const json_t *type, const char *name)
{
    if (json_is_string(type))
        return strcmp(json_string_value(type), name) == 0;
    for (size_t i = 0; i < json_array_size(type); i++)
        if (json_is_string(json_array_get(type, i)) &&
            strcmp(json_string_value(json_array_get(type, i)), name) == 0)
            return true;
    return false;
}

/* statusListIndex: a base-10 string (§2.1), or a JSON integer (the 1EdTech fixtures write one). */
static bool parse_index(const json_t *v, uint64_t *out)
{
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0)
            return false;
        *out = (uint64_t)json_integer_value(v);
        return true;
    }
    const char *s = json_string_value(v);
    uint64_t x = 0;
    if (!s || !s[0] || strlen(s) > 19)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    *out = x;
    return true;
}

/* The first line of a list report that keeps it from being valid. */
static const reco_check *first_problem(const reco_report *r)
{
    const reco_check *proof = NULL;
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        if (c->status == RECO_CHECK_FAILED)
            return c;
        if (!proof && strcmp(c->name, "proof") == 0 && c->status != RECO_CHECK_PASSED)
            proof = c;
    }
    return proof;
}

static bool purpose_listed(const json_t *p, const char *purpose)
{
    if (json_is_string(p))
        return strcmp(json_string_value(p), purpose) == 0;
    for (size_t i = 0; i < json_array_size(p); i++)
        if (json_is_string(json_array_get(p, i)) &&
            strcmp(json_string_value(json_array_get(p, i)), purpose) == 0)
            return true;
    return false;
}

/* statusMessage (§2.1): the message of the entry whose "status" is "0x<value>". */
static const char *status_message(const json_t *entry, uint32_t value)
{
    char hex[16];
    const json_t *sm = json_object_get(entry, "statusMessage");
    snprintf(hex, sizeof hex, "0x%" PRIx32, value);
    for (size_t i = 0; i < json_array_size(sm); i++) {
        const json_t *m = json_array_get(sm, i);
        const char *st = json_string_value(json_object_get(m, "status"));
        if (st && strcasecmp(st, hex) == 0)
            return json_string_value(json_object_get(m, "message"));
    }
    return NULL;
}

/* The list credential's verification: not-checked reasons go to res; true when it may be read. */
static reco_code verify_list(const json_t *credential, const json_t *list, bool v2021,
                             const char *purpose, const reco_status_options *opt,
                             reco_status_result *res, bool *ok, reco_error *err)
{
    static const char *const types_bsl[] = {"BitstringStatusListCredential", NULL};
    static const char *const types_2021[] = {"StatusList2021Credential", NULL};
    reco_code rc = RECO_OK;
    reco_report *sub = reco_report_new(res->list, "status-list");
    const char *url = res->list;
    *ok = false;
    if (!sub)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (!json_is_object(list)) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "the status list %s is not a JSON object", url);
        goto out;
    }
    /* §3.3 step 4: every proof of the list verifies; its key is bound to its issuer. */
    if ((rc = reco_vc_check(list, v2021 ? types_2021 : types_bsl, opt->vc, sub, err)))
        goto out;
    const reco_check *bad = first_problem(sub);
    if (bad || !reco_report_valid(sub)) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "the status list %s could not be verified: %s: %s",
                url, bad ? bad->name : "proof", bad ? bad->message : "no verified proof");
        goto out;
    }
    const char *li = reco_vc_issuer_id(list), *ci = reco_vc_issuer_id(credential);
    bool same = li && ci && strcmp(li, ci) == 0;
    if (!same && !opt->list_issuer_may_differ) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED,
                "the status list %s is issued by %.120s, not by the credential's issuer %.120s",
                url, li ? li : "(none)", ci ? ci : "(none)");
        goto out;
    }
    const json_t *subj = json_object_get(list, "credentialSubject");
    if (json_is_array(subj))
        subj = json_array_get(subj, 0);
    /* §2.2: credentialSubject.type is BitstringStatusList (StatusList2021 for the older one). */
    if (!has_type(json_object_get(subj, "type"),
                  v2021 ? "StatusList2021" : "BitstringStatusList")) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED,
                "the status list %s: its credentialSubject is not of type %s", url,
                v2021 ? "StatusList2021" : "BitstringStatusList");
        goto out;
    }
    /* §3.3 step 5: the entry's purpose is one of the list's. */
    const json_t *lp = json_object_get(subj, "statusPurpose");
    if (!(v2021 && !lp && strcmp(purpose, "revocation") == 0) && !purpose_listed(lp, purpose)) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "the status list %s is not a list for %.30s", url,
                purpose);
        goto out;
    }
    if (!json_is_string(json_object_get(subj, "encodedList"))) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "the status list %s has no encodedList", url);
        goto out;
    }
    if (!same)
        VERDICT(res, RECO_CHECK_PASSED, "(list issued by %.120s)", li ? li : "(none)");
    *ok = true;
out:
    reco_report_free(sub);
    return rc;
}

/* BitstringStatusListEntry and StatusList2021Entry (§3.3 Validate Algorithm). */
static reco_code bitstring_entry(const json_t *credential, const json_t *entry, bool v2021,
                                 const reco_status_options *opt, reco_status_result *res,
                                 reco_error *err)
{
    reco_code rc = RECO_OK;
    json_t *list = NULL;
    reco_buf bits;
    reco_error e;
    bool ok = false;
    char note[160] = "";
    reco_buf_init(&bits, 0);
    const char *purpose = json_string_value(json_object_get(entry, "statusPurpose"));
    const char *url = json_string_value(json_object_get(entry, "statusListCredential"));
    const json_t *size_v = json_object_get(entry, "statusSize");
    json_int_t size = 1;
    if (!purpose || !purpose[0]) {
        VERDICT(res, RECO_CHECK_FAILED, "the %s has no statusPurpose", res->type);
        goto out;
    }
    copy_trunc(res->purpose, sizeof res->purpose, purpose);
    if (!parse_index(json_object_get(entry, "statusListIndex"), &res->index)) {
        VERDICT(res, RECO_CHECK_FAILED,
                "the %s has no statusListIndex that is a non-negative base-10 integer", res->type);
        goto out;
    }
    if (!url || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0 &&
                 strncmp(url, "did:", 4) != 0)) {
        VERDICT(res, RECO_CHECK_FAILED, "the %s has no statusListCredential URL", res->type);
        goto out;
    }
    copy_trunc(res->list, sizeof res->list, url);
    if (size_v && (!json_is_integer(size_v) || (size = json_integer_value(size_v)) < 1)) {
        VERDICT(res, RECO_CHECK_FAILED, "the %s has a statusSize that is not a positive integer",
                res->type);
        goto out;
    }
    if (size > 32) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "statusSize %lld is not supported (at most 32 bits)",
                (long long)size);
        goto out;
    }
    if (!opt->resolver) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "offline: the status list %s was not fetched", url);
        goto out;
    }
    reco_error_clear(&e);
    rc = reco_did_fetch_json(opt->resolver, url, &list, &e);
    if (rc == RECO_ENOMEM)
        goto nomem;
    if (rc) {
        rc = RECO_OK;
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "could not fetch the status list: %s",
                fetch_reason(&e));
        goto out;
    }
    if ((rc = verify_list(credential, list, v2021, purpose, opt, res, &ok, err)) || !ok)
        goto out;
    if (res->message[0])
        snprintf(note, sizeof note, " %.150s", res->message);
    res->list_verified = true;
    const char *enc = json_string_value(
        json_object_get(json_is_array(json_object_get(list, "credentialSubject"))
                            ? json_array_get(json_object_get(list, "credentialSubject"), 0)
                            : json_object_get(list, "credentialSubject"),
                        "encodedList"));
    rc = reco_status_list_decode(enc, strlen(enc), opt->max_bitstring, &bits, &e);
    if (rc == RECO_ENOMEM)
        goto nomem;
    if (rc) {
        rc = RECO_OK;
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "the status list %s cannot be read: %s", url, e.msg);
        goto out;
    }
    /* §3.3 step 9: herd privacy, when the caller asks for a minimum. */
    if (opt->min_entries && bits.len * 8 / (size_t)size < opt->min_entries) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED,
                "the status list %s holds %zu entries, fewer than the %zu required", url,
                bits.len * 8 / (size_t)size, opt->min_entries);
        goto out;
    }
    if (reco_status_list_get((const uint8_t *)bits.data, bits.len, res->index, (unsigned)size,
                             &res->value, &e) != RECO_OK) {
        VERDICT(res, RECO_CHECK_FAILED, "status list %s: %s", url, e.msg);
        goto out;
    }
    /* §2.1 statusPurpose: revocation and suspension invalidate; refresh and message inform. */
    if (strcmp(purpose, "revocation") == 0 || strcmp(purpose, "suspension") == 0) {
        bool rev = purpose[0] == 'r';
        if (res->value)
            VERDICT(res, RECO_CHECK_FAILED, "%s: entry %" PRIu64 " of the status list %s is set%s",
                    rev ? "revoked" : "suspended", res->index, url, note);
        else
            VERDICT(res, RECO_CHECK_PASSED, "not %s: entry %" PRIu64 " of the status list %s%s",
                    rev ? "revoked" : "suspended", res->index, url, note);
    } else if (strcmp(purpose, "message") == 0) {
        const char *m = status_message(entry, res->value);
        VERDICT(res, res->value ? RECO_CHECK_WARNING : RECO_CHECK_PASSED,
                "status message 0x%" PRIx32 " (%.100s) at entry %" PRIu64 " of %s%s", res->value,
                m            ? m
                : res->value ? "set"
                             : "unset",
                res->index, url, note);
    } else if (strcmp(purpose, "refresh") == 0) {
        VERDICT(res, res->value ? RECO_CHECK_WARNING : RECO_CHECK_PASSED, "%s (status list %s)%s",
                res->value ? "an updated credential is available from its refresh service"
                           : "no refresh announced",
                url, note);
    } else {
        VERDICT(res, res->value ? RECO_CHECK_WARNING : RECO_CHECK_PASSED,
                "status purpose %.30s is %s at entry %" PRIu64 " of %s%s", purpose,
                res->value ? "set" : "unset", res->index, url, note);
    }
    goto out;
nomem:
    rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    json_decref(list);
    reco_buf_release(&bits);
    return rc;
}

/* 1EdTech Revocation List (OB 3.0 §Verification, "Check the status"): the JSON document at the
 * entry's id lists the revoked credentials under revokedCredentials. */
static reco_code edtech_entry(const json_t *credential, const json_t *entry,
                              const reco_status_options *opt, reco_status_result *res,
                              reco_error *err)
{
    reco_code rc = RECO_OK;
    json_t *list = NULL;
    reco_error e;
    const char *url = json_string_value(json_object_get(entry, "id"));
    const char *cid = json_string_value(json_object_get(credential, "id"));
    copy_trunc(res->purpose, sizeof res->purpose, "revocation");
    if (!url || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)) {
        VERDICT(res, RECO_CHECK_FAILED, "the 1EdTechRevocationList entry has no id URL");
        goto out;
    }
    copy_trunc(res->list, sizeof res->list, url);
    if (!cid) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED,
                "the credential has no id to look up in the revocation list %s", url);
        goto out;
    }
    if (!opt->resolver) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "offline: the revocation list %s was not fetched",
                url);
        goto out;
    }
    reco_error_clear(&e);
    rc = reco_did_fetch_json(opt->resolver, url, &list, &e);
    if (rc == RECO_ENOMEM) {
        reco_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    if (rc) {
        rc = RECO_OK;
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "could not fetch the revocation list: %s",
                fetch_reason(&e));
        goto out;
    }
    const json_t *revoked = json_object_get(list, "revokedCredentials");
    if (!json_is_array(revoked)) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED,
                "the document at %s is not a revocation list (no revokedCredentials array)", url);
        goto out;
    }
    const json_t *iss = json_object_get(list, "issuer");
    const char *li = json_is_string(iss) ? json_string_value(iss)
                                         : json_string_value(json_object_get(iss, "id"));
    const char *ci = reco_vc_issuer_id(credential);
    if (iss && !(li && ci && strcmp(li, ci) == 0) && !opt->list_issuer_may_differ) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED,
                "the revocation list %s is issued by %.120s, not by the credential's issuer "
                "%.120s",
                url, li ? li : "(none)", ci ? ci : "(none)");
        goto out;
    }
    res->list_verified = true;
    for (size_t i = 0; i < json_array_size(revoked); i++) {
        const json_t *r = json_array_get(revoked, i);
        const char *id =
            json_is_string(r) ? json_string_value(r) : json_string_value(json_object_get(r, "id"));
        if (id && strcmp(id, cid) == 0) {
            const char *why = json_string_value(json_object_get(r, "revocationReason"));
            res->value = 1;
            VERDICT(res, RECO_CHECK_FAILED, "revoked: the revocation list %s lists it%s%.150s", url,
                    why ? ": " : "", why ? why : "");
            goto out;
        }
    }
    VERDICT(res, RECO_CHECK_PASSED, "not revoked: the revocation list %s does not list it", url);
out:
    json_decref(list);
    return rc;
}

reco_code reco_status_check_entry(const json_t *credential, const json_t *entry,
                                  const reco_status_options *opt, reco_status_result *res,
                                  reco_error *err)
{
    static const reco_status_options none = {0};
    const json_t *type;
    const char *t = NULL;
    if (!opt)
        opt = &none;
    memset(res, 0, sizeof *res);
    if (!json_is_object(entry)) {
        VERDICT(res, RECO_CHECK_FAILED, "a credentialStatus entry is not an object");
        return RECO_OK;
    }
    type = json_object_get(entry, "type");
    static const char *const known[] = {"BitstringStatusListEntry", "StatusList2021Entry",
                                        "1EdTechRevocationList"};
    for (size_t i = 0; i < 3 && !t; i++)
        if (has_type(type, known[i]))
            t = known[i];
    copy_trunc(res->type, sizeof res->type,
               t                      ? t
               : json_is_string(type) ? json_string_value(type)
                                      : "");
    if (!t) {
        VERDICT(res, RECO_CHECK_NOT_CHECKED, "status type %.60s is not supported",
                res->type[0] ? res->type : "(none)");
        return RECO_OK;
    }
    if (t == known[2])
        return edtech_entry(credential, entry, opt, res, err);
    return bitstring_entry(credential, entry, t == known[1], opt, res, err);
}

reco_code reco_status_check(const json_t *credential, const reco_status_options *opt,
                            reco_report *report, reco_error *err)
{
    const json_t *cs = json_object_get(credential, "credentialStatus");
    size_t n = json_is_array(cs) ? json_array_size(cs) : cs ? 1 : 0;
    reco_code rc = RECO_OK;
    reco_status_result res;
    for (size_t i = 0; i < n && i < RECO_STATUS_MAX_ENTRIES && !rc; i++) {
        const json_t *e = json_is_array(cs) ? json_array_get(cs, i) : cs;
        if ((rc = reco_status_check_entry(credential, e, opt, &res, err)))
            break;
        if (reco_report_add(report, "status", res.status, "%s", res.message))
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    if (!rc && n > RECO_STATUS_MAX_ENTRIES &&
        reco_report_add(report, "status", RECO_CHECK_NOT_CHECKED,
                        "%zu more credentialStatus entries were not checked",
                        n - RECO_STATUS_MAX_ENTRIES))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    return rc;
}
