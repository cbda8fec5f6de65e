/*
 * cmd_issue.c - `reco issue --key KEYFILE --achievement ACH.json --subject DID-or-EMAIL
 * [--issuer PROFILE.json] [--proof eddsa-rdfc-2022|eddsa-jcs-2022|vc-jwt] [fields...]
 * [--out FILE]`: issue an Open Badges 3.0 OpenBadgeCredential (reco_ob_issue or
 * reco_ob_issue_jwt) and print it. The achievement file is the base; --name, --description,
 * --criteria, --image and --alignment change or add to it.
 */
#include "cli.h"

#include "reco/json.h"
#include "reco/ob.h"
#include "reco/status.h"
#include "reco/vc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco issue --key KEYFILE --achievement ACH.json --subject DID-or-EMAIL\n"
          "                  [--issuer PROFILE.json] [--proof PROOF] [--valid-from DATE]\n"
          "                  [--valid-until DATE] [--name TEXT] [--description TEXT]\n"
          "                  [--criteria TEXT-or-URL] [--image URL] [--alignment A]...\n"
          "                  [--evidence E]... [--result R]... [--narrative TEXT]\n"
          "                  [--status-list URL#INDEX] [--id URI] [--out FILE]\n\n"
          "Issue an Open Badges 3.0 OpenBadgeCredential for the achievement in ACH.json,\n"
          "signed with the key in KEYFILE, and print it (or write it to FILE).\n\n"
          "  --key FILE          key file made by 'reco keygen' (mode 0600)\n"
          "  --achievement FILE  an OB 3.0 Achievement: id, type, name, description, criteria\n"
          "  --subject S         the earner: a DID or URI (credentialSubject.id), or an e-mail\n"
          "                      address (stored as a salted SHA-256 IdentityObject)\n"
          "  --issuer FILE       an OB 3.0 Profile; its id must be the key's DID (or absent:\n"
          "                      the DID is filled in). Default: a bare Profile. The DID is\n"
          "                      the key's did:key, or did:jwk for an RSA key\n"
          "  --proof PROOF       eddsa-rdfc-2022 (default), eddsa-jcs-2022 (Ed25519 key), or\n"
          "                      vc-jwt (RSA, Ed25519 or P-256 key: the output is the compact\n"
          "                      JWT, OB 3.0 section 8.2)\n"
          "  --valid-from DATE   RFC 3339 date-time or YYYY-MM-DD (default: now)\n"
          "  --valid-until DATE  expiry, RFC 3339 date-time or YYYY-MM-DD (default: none)\n"
          "  --name TEXT         the achievement's (and credential's) name\n"
          "  --description TEXT  the achievement's description\n"
          "  --criteria C        the achievement's criteria: a URL (criteria.id) or text\n"
          "                      (criteria.narrative)\n"
          "  --image URL         the achievement's image\n"
          "  --alignment \"FRAMEWORK|CODE|NAME|URL\"\n"
          "                      an Alignment of the achievement (repeatable; NAME and URL\n"
          "                      required, FRAMEWORK and CODE may be empty)\n"
          "  --evidence URL or \"URL|NAME|NARRATIVE\"\n"
          "                      an Evidence of the credential (repeatable)\n"
          "  --result R          a Result of the subject: a value, or a JSON object (repeatable)\n"
          "  --narrative TEXT    credentialSubject.narrative\n"
          "  --status-list URL#INDEX\n"
          "                      a BitstringStatusListEntry (revocation) at INDEX of the list\n"
          "                      credential at URL\n"
          "  --id URI            the credential's id (default: urn:uuid:<random>)\n"
          "  --out FILE          write the credential to FILE instead of standard output\n\n"
          "exit codes: 0 success, 2 usage error, unreadable or invalid input\n",
          f);
}

/* RFC 3339 date-time with offset, or a bare YYYY-MM-DD meaning midnight UTC. */
static int parse_date(const char *opt, const char *s, reco_time *t)
{
    char full[40];
    reco_error err;
    size_t n = strlen(s);
    if (n == 10) {
        snprintf(full, sizeof full, "%sT00:00:00Z", s);
        s = full;
        n = strlen(full);
    }
    if (reco_time_parse(s, n, true, t, &err) != RECO_OK) {
        cli_error("%s wants an RFC 3339 date-time or YYYY-MM-DD: %s", opt, err.msg);
        return -1;
    }
    return 0;
}

static int read_json(const char *what, const char *path, json_t **out)
{
    reco_error err;
    if (reco_json_read_file(path, NULL, out, &err) != RECO_OK) {
        /* The message names the file already. */
        if (err.path[0])
            cli_error("cannot read the %s: %s (at %s)", what, err.msg, err.path);
        else
            cli_error("cannot read the %s: %s", what, err.msg);
        return -1;
    }
    return 0;
}

/* Up to three '|'-separated parts of s into part[] (missing ones NULL). */
static size_t split_bar(char *s, char *part[4])
{
    size_t n = 0;
    part[0] = part[1] = part[2] = part[3] = NULL;
    while (s && n < 4) {
        part[n++] = s;
        char *bar = strchr(s, '|');
        if (bar)
            *bar++ = '\0';
        s = bar;
    }
    return n;
}

static bool is_url(const char *s)
{
    return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

/* Set key of o to a string when s is not empty; false on ENOMEM. */
static bool set_str(json_t *o, const char *key, const char *s)
{
    return !s || !s[0] || json_object_set_new(o, key, json_string(s)) == 0;
}

/* OB 3.0 class Alignment: "FRAMEWORK|CODE|NAME|URL", targetName and targetUrl required. */
static json_t *alignment_of(const char *arg)
{
    char buf[2048], *part[4];
    snprintf(buf, sizeof buf, "%s", arg);
    if (split_bar(buf, part) != 4 || !part[2][0] || !is_url(part[3])) {
        cli_error("--alignment wants \"FRAMEWORK|CODE|NAME|URL\" with a name and an http(s) URL: "
                  "%.80s",
                  arg);
        return NULL;
    }
    json_t *a = json_pack("{s:[s], s:s, s:s}", "type", "Alignment", "targetName", part[2],
                          "targetUrl", part[3]);
    if (a && (!set_str(a, "targetFramework", part[0]) || !set_str(a, "targetCode", part[1]))) {
        json_decref(a);
        a = NULL;
    }
    if (!a)
        cli_error("out of memory");
    return a;
}

/* OB 3.0 class Evidence: a URL, or "URL|NAME|NARRATIVE" (URL may be empty with a narrative). */
static json_t *evidence_of(const char *arg)
{
    char buf[4096], *part[4];
    snprintf(buf, sizeof buf, "%s", arg);
    size_t n = split_bar(buf, part);
    if (n > 3 || (part[0][0] && !is_url(part[0])) || (!part[0][0] && (n < 3 || !part[2][0]))) {
        cli_error("--evidence wants a URL or \"URL|NAME|NARRATIVE\": %.80s", arg);
        return NULL;
    }
    json_t *e = json_pack("{s:[s]}", "type", "Evidence");
    if (e && (!set_str(e, "id", part[0]) || !set_str(e, "name", part[1]) ||
              !set_str(e, "narrative", part[2]))) {
        json_decref(e);
        e = NULL;
    }
    if (!e)
        cli_error("out of memory");
    return e;
}

/* OB 3.0 class Result: a JSON object (type Result added when missing) or a plain value. */
static json_t *result_of(const char *arg)
{
    json_t *r = NULL;
    reco_error err;
    if (arg[0] == '{') {
        if (reco_json_parse(arg, strlen(arg), NULL, &r, &err) != RECO_OK) {
            cli_error("--result is not valid JSON: %s", err.msg);
            return NULL;
        }
        if (!json_object_get(r, "type"))
            json_object_set_new(r, "type", json_pack("[s]", "Result"));
        return r;
    }
    if (!(r = json_pack("{s:[s], s:s}", "type", "Result", "value", arg)))
        cli_error("out of memory");
    return r;
}

/* "URL#INDEX": a BitstringStatusListEntry (Bitstring Status List §2.1), purpose revocation. */
static json_t *status_of(const char *arg)
{
    char url[2048];
    const char *hash = strrchr(arg, '#');
    char *end = NULL;
    json_t *entry = NULL;
    reco_error err;
    if (!hash || hash == arg || (size_t)(hash - arg) >= sizeof url || !hash[1] || hash[1] == '-' ||
        hash[1] == '+') {
        cli_error("--status-list wants URL#INDEX: %.80s", arg);
        return NULL;
    }
    memcpy(url, arg, (size_t)(hash - arg));
    url[hash - arg] = '\0';
    errno = 0;
    unsigned long long index = strtoull(hash + 1, &end, 10);
    if (errno || !end || *end || !is_url(url)) {
        cli_error("--status-list wants an http(s) URL and a decimal index: %.80s", arg);
        return NULL;
    }
    if (reco_status_entry_build(url, (uint64_t)index, NULL, &entry, &err) != RECO_OK) {
        cli_error_from(&err);
        return NULL;
    }
    return entry;
}

/* Apply --name, --description, --criteria, --image to the achievement (a copy). */
static int edit_achievement(json_t *ach, const char *name, const char *description,
                            const char *criteria, const char *image)
{
    int bad = 0;
    if (name)
        bad |= json_object_set_new(ach, "name", json_string(name));
    if (description)
        bad |= json_object_set_new(ach, "description", json_string(description));
    if (criteria)
        bad |= json_object_set_new(ach, "criteria",
                                   is_url(criteria) ? json_pack("{s:s}", "id", criteria)
                                                    : json_pack("{s:s}", "narrative", criteria));
    if (image)
        bad |= json_object_set_new(ach, "image",
                                   json_pack("{s:s, s:s}", "id", image, "type", "Image"));
    if (bad)
        cli_error("out of memory");
    return bad ? -1 : 0;
}

int cmd_issue(int argc, char **argv)
{
    const char *key_path = NULL, *ach_path = NULL, *issuer_path = NULL, *out_path = NULL;
    const char *subject = NULL, *suite = NULL, *name = NULL, *description = NULL;
    const char *criteria = NULL, *image = NULL, *narrative = NULL, *status = NULL, *id = NULL;
    reco_time from, until;
    bool has_from = false, has_until = false, jwt = false;
    int rc = CLI_OK;
    reco_key *key = NULL;
    json_t *ach = NULL, *issuer = NULL, *vc = NULL, *entry = NULL;
    json_t *alignments = json_array(), *evidence = json_array(), *results = json_array();
    reco_error err;
    reco_buf text;

    reco_buf_init(&text, 0);
    reco_error_clear(&err);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    if (!alignments || !evidence || !results) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        json_t *item = NULL, *list = NULL;
        if (v && strcmp(a, "--key") == 0)
            key_path = v;
        else if (v && strcmp(a, "--achievement") == 0)
            ach_path = v;
        else if (v && strcmp(a, "--subject") == 0)
            subject = v;
        else if (v && strcmp(a, "--issuer") == 0)
            issuer_path = v;
        else if (v && strcmp(a, "--proof") == 0)
            suite = v;
        else if (v && strcmp(a, "--out") == 0)
            out_path = v;
        else if (v && strcmp(a, "--name") == 0)
            name = v;
        else if (v && strcmp(a, "--description") == 0)
            description = v;
        else if (v && strcmp(a, "--criteria") == 0)
            criteria = v;
        else if (v && strcmp(a, "--image") == 0)
            image = v;
        else if (v && strcmp(a, "--narrative") == 0)
            narrative = v;
        else if (v && strcmp(a, "--status-list") == 0)
            status = v;
        else if (v && strcmp(a, "--id") == 0)
            id = v;
        else if (v && strcmp(a, "--alignment") == 0) {
            list = alignments;
            if (!(item = alignment_of(v))) {
                rc = CLI_USAGE;
                goto out;
            }
        } else if (v && strcmp(a, "--evidence") == 0) {
            list = evidence;
            if (!(item = evidence_of(v))) {
                rc = CLI_USAGE;
                goto out;
            }
        } else if (v && strcmp(a, "--result") == 0) {
            list = results;
            if (!(item = result_of(v))) {
                rc = CLI_USAGE;
                goto out;
            }
        } else if (v && strcmp(a, "--valid-from") == 0) {
            if (parse_date(a, v, &from)) {
                rc = CLI_USAGE;
                goto out;
            }
            has_from = true;
        } else if (v && strcmp(a, "--valid-until") == 0) {
            if (parse_date(a, v, &until)) {
                rc = CLI_USAGE;
                goto out;
            }
            has_until = true;
        } else {
            cli_error("unexpected argument '%s' (see 'reco issue --help')", a);
            rc = CLI_USAGE;
            goto out;
        }
        if (item && json_array_append_new(list, item)) {
            cli_error("out of memory");
            rc = CLI_USAGE;
            goto out;
        }
        i++;
    }
    if (!key_path || !ach_path || !subject) {
        cli_error("--key, --achievement and --subject are required (see 'reco issue --help')");
        rc = CLI_USAGE;
        goto out;
    }
    jwt = suite && strcmp(suite, "vc-jwt") == 0;
    /* New credentials get the current suites; older ones are for verifying (and reco sign). */
    if (suite && !jwt && strcmp(suite, "eddsa-rdfc-2022") != 0 &&
        strcmp(suite, "eddsa-jcs-2022") != 0) {
        cli_error("unknown proof '%s': eddsa-rdfc-2022, eddsa-jcs-2022 or vc-jwt", suite);
        rc = CLI_USAGE;
        goto out;
    }
    if (status && !(entry = status_of(status))) {
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_key_load(key_path, &key, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (read_json("achievement", ach_path, &ach) ||
        (issuer_path && read_json("issuer profile", issuer_path, &issuer))) {
        rc = CLI_USAGE;
        goto out;
    }
    if (!json_is_object(ach) || edit_achievement(ach, name, description, criteria, image)) {
        if (!json_is_object(ach))
            cli_error("%s: the achievement is not a JSON object", ach_path);
        rc = CLI_USAGE;
        goto out;
    }
    if (json_array_size(alignments)) {
        json_t *have = json_object_get(ach, "alignment");
        if (json_is_array(have) ? json_array_extend(have, alignments)
                                : json_object_set(ach, "alignment", alignments)) {
            cli_error("out of memory");
            rc = CLI_USAGE;
            goto out;
        }
    }
    reco_ob_issue_params p = {
        .achievement = ach,
        .issuer = issuer,
        .subject = subject,
        .valid_from = has_from ? &from : NULL,
        .valid_until = has_until ? &until : NULL,
        .id = id,
        .evidence = json_array_size(evidence) ? evidence : NULL,
        .results = json_array_size(results) ? results : NULL,
        .narrative = narrative,
        .credential_status = entry,
    };
    reco_di_sign_options so = {.cryptosuite = suite};
    reco_code ic =
        jwt ? reco_ob_issue_jwt(&p, key, &text, &err) : reco_ob_issue(&p, key, &so, &vc, &err);
    if (ic != RECO_OK) {
        /* Schema errors name the file they come from and the JSON pointer inside it. */
        const char *file = strncmp(err.msg, "achievement", 11) == 0 ? ach_path
                           : strncmp(err.msg, "issuer", 6) == 0     ? issuer_path
                                                                    : NULL;
        if (file && err.path[0])
            cli_error("%s: %s (at %s)", file, err.msg, err.path);
        else
            cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if ((!jwt && reco_json_write(vc, RECO_JSON_PRETTY, &text, &err) != RECO_OK) ||
        reco_buf_putc(&text, '\n') != RECO_OK) {
        cli_error("cannot write the credential: %s", err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    rc = cli_write_out(out_path, text.data, text.len);
out:
    json_decref(vc);
    json_decref(ach);
    json_decref(issuer);
    json_decref(entry);
    json_decref(alignments);
    json_decref(evidence);
    json_decref(results);
    reco_key_free(key);
    reco_buf_release(&text);
    return rc;
}
