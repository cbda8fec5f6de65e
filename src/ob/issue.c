/*
 * issue.c - Open Badges 3.0 issuance: check the Achievement and the issuer Profile, build the
 * OpenBadgeCredential (VC Data Model 2.0 + OB 3.0 context 3.0.3) for a subject, sign it with a
 * Data Integrity proof.
 */
#include "reco/ob.h"
#include "reco/jose.h"
#include "reco/json.h"

#include <stdio.h>
#include <string.h>

#define SALT_BYTES 16

/* An absolute URI: scheme ":" rest (RFC 3986 §3.1), no spaces or controls. */
static bool is_absolute_uri(const char *s)
{
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    if (s[i] != ':' || s[i + 1] == '\0')
        return false;
    for (; s[i]; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

/* local@domain.tld: one '@', non-empty parts, a dot in the domain, no spaces or ':'. */
static bool is_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.'))
        return false;
    if (at[1] == '.' || s[strlen(s) - 1] == '.')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == ':' || *p == 0x7f)
            return false;
    return true;
}

static bool type_holds(const json_t *type, const char *name)
{
    if (json_is_string(type))
        return strcmp(json_string_value(type), name) == 0;
    for (size_t i = 0; i < json_array_size(type); i++)
        if (json_is_string(json_array_get(type, i)) &&
            strcmp(json_string_value(json_array_get(type, i)), name) == 0)
            return true;
    return false;
}

static reco_code need_string(const json_t *o, const char *key, const char *what, reco_error *err)
{
    char path[64];
    const json_t *v = json_object_get(o, key);
    snprintf(path, sizeof path, "/%s", key);
    if (!v)
        return reco_error_set(err, RECO_ESCHEMA, path, "%s %s is missing", what, key);
    if (!json_is_string(v) || json_string_length(v) == 0)
        return reco_error_set(err, RECO_ESCHEMA, path, "%s %s is not a non-empty string", what,
                              key);
    return RECO_OK;
}

/* OB 3.0 data model, class Achievement: id 1, type 1..* (holds Achievement), name 1,
 * description 1, criteria 1 (Criteria: id and/or narrative). */
reco_code reco_ob_check_achievement(const json_t *a, reco_error *err)
{
    reco_code rc = RECO_OK;
    if (!json_is_object(a))
        return reco_error_set(err, RECO_ESCHEMA, "", "the achievement is not a JSON object");
    if ((rc = need_string(a, "id", "achievement", err)))
        return rc;
    if (!is_absolute_uri(json_string_value(json_object_get(a, "id"))))
        return reco_error_set(err, RECO_ESCHEMA, "/id", "achievement id is not an absolute URI");
    const json_t *type = json_object_get(a, "type");
    if (!type)
        return reco_error_set(err, RECO_ESCHEMA, "/type", "achievement type is missing");
    if (!type_holds(type, "Achievement"))
        return reco_error_set(err, RECO_ESCHEMA, "/type",
                              "achievement type does not hold \"Achievement\"");
    if ((rc = need_string(a, "name", "achievement", err)))
        return rc;
    if ((rc = need_string(a, "description", "achievement", err)))
        return rc;
    const json_t *c = json_object_get(a, "criteria");
    if (!c)
        return reco_error_set(err, RECO_ESCHEMA, "/criteria", "achievement criteria is missing");
    if (!json_is_object(c))
        return reco_error_set(err, RECO_ESCHEMA, "/criteria",
                              "achievement criteria is not an object");
    const json_t *cid = json_object_get(c, "id");
    const json_t *narrative = json_object_get(c, "narrative");
    if (cid && (!json_is_string(cid) || !is_absolute_uri(json_string_value(cid))))
        return reco_error_set(err, RECO_ESCHEMA, "/criteria/id",
                              "achievement criteria id is not an absolute URI");
    if (narrative && !json_is_string(narrative))
        return reco_error_set(err, RECO_ESCHEMA, "/criteria/narrative",
                              "achievement criteria narrative is not a string");
    if (!cid && !narrative)
        return reco_error_set(err, RECO_ESCHEMA, "/criteria",
                              "achievement criteria has neither id nor narrative");
    return RECO_OK;
}

/* OB 3.0 data model, class Profile: id 1 (URI), type 1..* holding Profile. The id may be
 * absent here: reco_ob_build fills it with the key's did:key. */
reco_code reco_ob_check_profile(const json_t *p, reco_error *err)
{
    if (!json_is_object(p))
        return reco_error_set(err, RECO_ESCHEMA, "", "the issuer profile is not a JSON object");
    const json_t *type = json_object_get(p, "type");
    if (!type)
        return reco_error_set(err, RECO_ESCHEMA, "/type", "issuer profile type is missing");
    if (!type_holds(type, "Profile"))
        return reco_error_set(err, RECO_ESCHEMA, "/type",
                              "issuer profile type does not hold \"Profile\"");
    const json_t *id = json_object_get(p, "id");
    if (id && (!json_is_string(id) || !is_absolute_uri(json_string_value(id))))
        return reco_error_set(err, RECO_ESCHEMA, "/id", "issuer profile id is not an absolute URI");
    return RECO_OK;
}

reco_code reco_ob_identity_hash(const char *identity, const char *salt, reco_buf *out,
                                reco_error *err)
{
    reco_buf in;
    uint8_t h[32];
    reco_code rc;
    reco_buf_init(&in, 64 * 1024);
    rc = reco_buf_puts(&in, identity);
    if (!rc && salt)
        rc = reco_buf_puts(&in, salt);
    if (!rc) {
        reco_sha256(in.data, in.len, h);
        rc = reco_buf_puts(out, "sha256$");
    }
    if (!rc)
        rc = reco_hex_encode(h, sizeof h, out);
    reco_buf_release(&in);
    if (rc)
        return reco_error_set(err, rc, NULL, "cannot hash the identity: %s", reco_code_name(rc));
    return RECO_OK;
}

/* RFC 9562 §5.4: 122 random bits, version 4, variant 10. */
static reco_code uuid_v4_urn(reco_buf *out, reco_error *err)
{
    uint8_t u[16];
    reco_code rc = reco_random(u, sizeof u, err);
    if (rc)
        return rc;
    u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
    u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
    return reco_buf_printf(out,
                           "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                           "%02x%02x%02x%02x%02x%02x",
                           u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                           u[12], u[13], u[14], u[15]);
}

/* credentialSubject (OB 3.0 class AchievementSubject): id, or an IdentityObject for e-mail. */
static reco_code build_subject(const char *subject, const json_t *achievement, json_t **out,
                               reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_buf salt, hash;
    uint8_t raw[SALT_BYTES];
    json_t *s = json_object();
    int bad = !s;

    reco_buf_init(&salt, 128);
    reco_buf_init(&hash, 128);
    if (bad) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (!subject || !subject[0]) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "the subject is missing");
        goto out;
    }
    if (!reco_utf8_valid(subject, strlen(subject))) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "the subject is not valid UTF-8");
        goto out;
    }
    if (is_absolute_uri(subject)) {
        bad |= json_object_set_new(s, "id", json_string(subject));
    } else if (is_email(subject)) {
        /* IdentityObject: hashed, salted (OB 3.0 §"Verify the Recipient Using an Identifier"). */
        if ((rc = reco_random(raw, sizeof raw, err)))
            goto out;
        if ((rc = reco_hex_encode(raw, sizeof raw, &salt)))
            goto out;
        if ((rc = reco_ob_identity_hash(subject, salt.data, &hash, err)))
            goto out;
        json_t *idobj =
            json_pack("{s:s, s:b, s:s, s:s, s:s}", "type", "IdentityObject", "hashed", 1,
                      "identityHash", hash.data, "identityType", "emailAddress", "salt", salt.data);
        bad |= !idobj || json_object_set_new(s, "identifier", json_pack("[o]", idobj));
    } else {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "the subject '%.60s' is neither a DID or URI nor an e-mail address",
                            subject);
        goto out;
    }
    bad |= json_object_set_new(s, "type", json_pack("[s]", "AchievementSubject"));
    /* A copy: the credential must not share (and later change) the caller's object. */
    bad |= json_object_set_new(s, "achievement", json_deep_copy(achievement));
    if (bad)
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    reco_wipe(raw, sizeof raw);
    reco_buf_release(&salt);
    reco_buf_release(&hash);
    if (rc) {
        json_decref(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

/* The issuer: the given Profile (its id must be the key's did:key) or a bare did:key Profile. */
static reco_code build_issuer(const json_t *profile, const char *did, json_t **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    json_t *iss = NULL;
    if (!profile) {
        iss = json_pack("{s:s, s:[s]}", "id", did, "type", "Profile");
        if (!iss)
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if ((rc = reco_ob_check_profile(profile, err)))
        goto out;
    const char *id = json_string_value(json_object_get(profile, "id"));
    /* Verification binds the proof's key to the issuer through the issuer id, so the Profile
     * must be the key's own did:key identity. */
    if (id && strcmp(id, did) != 0) {
        rc = reco_error_set(err, RECO_ESCHEMA, "/id",
                            "issuer profile id '%.60s' is not the key's did:key %.60s", id, did);
        goto out;
    }
    iss = json_deep_copy(profile);
    if (!iss || (!id && json_object_set_new(iss, "id", json_string(did))))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    if (rc) {
        json_decref(iss);
        iss = NULL;
    }
    *out = iss;
    return rc;
}

/* What a real issuer adds: evidence (OB 3.0 class Evidence), results and narrative
 * (AchievementSubject), a status entry (VC DM 2.0 §4.10 credentialStatus). */
static reco_code add_optional(json_t *vc, const reco_ob_issue_params *p, reco_error *err)
{
    json_t *subject = json_object_get(vc, "credentialSubject");
    int bad = 0;
    if (p->evidence && (!json_is_array(p->evidence) || json_array_size(p->evidence) == 0))
        return reco_error_set(err, RECO_EINVAL, "/evidence", "evidence is not a non-empty list");
    if (p->results && (!json_is_array(p->results) || json_array_size(p->results) == 0))
        return reco_error_set(err, RECO_EINVAL, "/credentialSubject/result",
                              "results are not a non-empty list");
    if (p->credential_status && !json_is_object(p->credential_status))
        return reco_error_set(err, RECO_EINVAL, "/credentialStatus",
                              "the status entry is not an object");
    if (p->evidence)
        bad |= json_object_set_new(vc, "evidence", json_deep_copy(p->evidence));
    if (p->results)
        bad |= json_object_set_new(subject, "result", json_deep_copy(p->results));
    if (p->narrative)
        bad |= json_object_set_new(subject, "narrative", json_string(p->narrative));
    if (p->credential_status)
        bad |= json_object_set_new(vc, "credentialStatus", json_deep_copy(p->credential_status));
    return bad ? reco_error_set(err, RECO_ENOMEM, NULL, "out of memory") : RECO_OK;
}

reco_code reco_ob_key_did(const reco_key *key, reco_buf *out, reco_error *err)
{
    reco_code rc;
    json_t *jwk = NULL;
    reco_buf text;
    if (reco_key_get_type(key) != RECO_KEY_RSA)
        return reco_key_to_did_key(key, out, err);
    /* did:jwk method: "did:jwk:" + base64url(UTF-8 JSON of the public JWK), JCS form. */
    reco_buf_init(&text, 16384);
    rc = reco_key_to_jwk(key, false, &jwk, err);
    if (!rc)
        rc = reco_jcs(jwk, &text, err);
    if (!rc && (rc = reco_buf_puts(out, "did:jwk:")) == RECO_OK)
        rc = reco_base64url_encode((const uint8_t *)text.data, text.len, out);
    if (rc && err && !err->msg[0])
        reco_error_set(err, rc, NULL, "cannot write the key's did:jwk");
    json_decref(jwk);
    reco_buf_release(&text);
    return rc;
}

reco_code reco_ob_build(const reco_ob_issue_params *p, const reco_key *key, json_t **out,
                        reco_error *err)
{
    reco_code rc;
    reco_buf did, id, from, until;
    json_t *vc = NULL, *issuer = NULL, *subject = NULL;

    *out = NULL;
    reco_buf_init(&did, 4096);
    reco_buf_init(&id, 256);
    reco_buf_init(&from, 64);
    reco_buf_init(&until, 64);

    /* Errors name the JSON pointer inside the achievement document ("/criteria"). */
    if ((rc = reco_ob_check_achievement(p->achievement, err)))
        goto out;
    if ((rc = reco_ob_key_did(key, &did, err)))
        goto out;
    if ((rc = build_issuer(p->issuer, did.data, &issuer, err)))
        goto out;
    if ((rc = build_subject(p->subject, p->achievement, &subject, err)))
        goto out;
    if (p->id && (rc = reco_buf_puts(&id, p->id))) {
        reco_error_set(err, rc, NULL, "the credential id is too long");
        goto out;
    }
    if (!p->id && (rc = uuid_v4_urn(&id, err)))
        goto out;
    reco_time vf = p->valid_from ? *p->valid_from : reco_time_now();
    if (!p->valid_from)
        vf.nsec = 0;
    if ((rc = reco_time_format(&vf, &from))) {
        reco_error_set(err, rc, NULL, "cannot format valid-from");
        goto out;
    }
    if (p->valid_until) {
        if (reco_time_cmp(p->valid_until, &vf) <= 0) {
            rc = reco_error_set(err, RECO_EINVAL, NULL, "valid-until is not after valid-from %s",
                                from.data);
            goto out;
        }
        if ((rc = reco_time_format(p->valid_until, &until))) {
            reco_error_set(err, rc, NULL, "cannot format valid-until");
            goto out;
        }
    }

    /* VC Data Model 2.0 §4.3 (@context), §4.4 (id), §4.5 (type), §4.7 (issuer), §4.9
     * (validity); OB 3.0 class OpenBadgeCredential (name, credentialSubject). */
    vc = json_pack("{s:[s,s], s:s, s:[s,s], s:O, s:O, s:s, s:O}", "@context", RECO_VC_CONTEXT_V2,
                   RECO_OB3_CONTEXT, "id", id.data, "type", "VerifiableCredential",
                   "OpenBadgeCredential", "name", json_object_get(p->achievement, "name"), "issuer",
                   issuer, "validFrom", from.data, "credentialSubject", subject);
    if (!vc || (p->valid_until && json_object_set_new(vc, "validUntil", json_string(until.data))))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (!rc)
        rc = add_optional(vc, p, err);
out:
    if (rc) {
        json_decref(vc);
        vc = NULL;
    }
    *out = vc;
    json_decref(issuer);
    json_decref(subject);
    reco_buf_release(&did);
    reco_buf_release(&id);
    reco_buf_release(&from);
    reco_buf_release(&until);
    return rc;
}

reco_code reco_ob_issue(const reco_ob_issue_params *p, const reco_key *key,
                        const reco_di_sign_options *sign, json_t **out, reco_error *err)
{
    json_t *vc = NULL;
    reco_code rc = reco_ob_build(p, key, &vc, err);
    if (!rc)
        rc = reco_di_add_proof(vc, key, sign, err);
    if (rc) {
        json_decref(vc);
        vc = NULL;
    }
    *out = vc;
    return rc;
}

reco_code reco_ob_issue_jwt(const reco_ob_issue_params *p, const reco_key *key, reco_buf *out,
                            reco_error *err)
{
    json_t *vc = NULL;
    reco_buf kid, mk;
    reco_buf_init(&kid, 16384);
    reco_buf_init(&mk, 1024);
    reco_code rc = reco_ob_build(p, key, &vc, err);
    /* OB 3.0 §8.2.1: kid is a URL that dereferences to the key: the issuer DID's method. */
    const char *issuer = rc ? NULL : reco_vc_issuer_id(vc);
    if (!rc && (rc = reco_buf_puts(&kid, issuer ? issuer : "")))
        reco_error_set(err, rc, NULL, "the issuer id is too long");
    if (!rc && strncmp(kid.data, "did:key:", 8) == 0 &&
        (rc = reco_key_to_multikey(key, &mk, err)) == RECO_OK)
        rc = reco_buf_printf(&kid, "#%s", mk.data);
    else if (!rc && strncmp(kid.data, "did:jwk:", 8) == 0)
        rc = reco_buf_puts(&kid, "#0");
    if (!rc) {
        reco_vcjwt_sign_options so = {.kid = kid.data};
        rc = reco_vcjwt_sign(vc, key, &so, out, err);
    }
    json_decref(vc);
    reco_buf_release(&kid);
    reco_buf_release(&mk);
    return rc;
}
