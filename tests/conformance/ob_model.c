/*
 * ob_model.c - the Open Badges 3.0 data model checker (reco/ob_model.h) over the public
 * example credentials in ../shared/vectors/ob3-examples:
 *  - 1edtech-spec-examples, 1edtech-spec-ldp-vectors, educredentials: the specification's own
 *    examples; every credential conforms;
 *  - 1edtech-validator: the validator's fixtures; the valid ones conform, each "simple-err-*"
 *    fixture whose fault is a data model fault fails with the error at the path expected
 *    below, the others (proof, dates, context version) conform: their faults are for other
 *    checks;
 *  - dcc-vc-test-fixtures: the Digital Credentials Consortium's signed credentials (VC DM 1.1
 *    and 2.0); every Open Badges credential among them conforms or has only the known faults
 *    listed below, each with the rule it breaks.
 * Prints one line per document that does not meet its expectation (with the issues) and a
 * total; exits 1 when one does not, 77 without vectors. RECO_VERBOSE=1 prints every document.
 */
#include "reco/json.h"
#include "reco/ob_model.h"

#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What a document must give: NULL = conforms; else the path of an error it must have. */
typedef struct expect {
    const char *file;
    const char *error_path;
    const char *why;
} expect;

static const expect validator_expect[] = {
    {"simple-err-type.json", "/type",
     "type holds neither OpenBadgeCredential nor AchievementCredential"},
    {"simple-err-credential-subject-type.json", "/credentialSubject/type",
     "type does not hold AchievementSubject"},
    {"simple-err-credential-subject-identifier-type.json", "/credentialSubject/identifier/0/type",
     "type is not IdentityObject"},
    {"simple-err-credential-subject-result-type.json", "/credentialSubject/result/1/type",
     "type does not hold Result"},
    {"simple-err-credential-subject-achievement-result-description-type.json",
     "/credentialSubject/achievement/resultDescription/2/type",
     "type does not hold ResultDescription"},
    {"simple-err-credential-subject-profile-type.json", "/credentialSubject/source/type",
     "type does not hold Profile"},
    {"simple-err-evidence-type.json", "/evidence/1/type", "type does not hold Evidence"},
    {"simple-err-issuer-type.json", "/issuer/type", "type does not hold Profile"},
    {"simple-err-issuer-parentorg-type.json", "/issuer/parentOrg/type",
     "type does not hold Profile"},
    {"simple-err-issuer-otheridentifier-type.json", "/issuer/otherIdentifier/1/type",
     "type is not IdentifierEntry"},
    {"simple-err-issuer.json", "/issuer", "issuer is missing (the validator's JsonSchemaProbe)"},
    {"simple-err-context.json", "/@context/0", "the VC context is not first"},
    /* Faults the validator finds with other probes; the model sees them too. */
    {"simple-err-proof-method-no-scheme.json", "/proof/0/verificationMethod",
     "the verification method is not a URI (EmbeddedProofProbe)"},
    {"simple-err-issued.json", "/credentialSubject/achievement",
     "the subject has no achievement (the fixture is for IssuanceProbe)"},
    {"simple-noproof.json", "/credentialSubject/achievement", "the subject has no achievement"},
    {"complete_v1.json", "/credentialSubject/identifier/0/identityType",
     "identityType 'email' is not in IdentifierTypeEnum ('emailAddress' is), and its "
     "endorsements have no id (EndorsementCredentialv1p1: id URI 1)"},
    /* endorsement-err-schema-status-refresh.json conforms: the validator's fatal error there
     * (CredentialParseProbe) is about fetching the schema and status, not the model. */
    {NULL, NULL, NULL},
};

/*
 * The DCC fixtures are real issuers' credentials. Every error the model finds in one must be
 * one of these known faults (path prefix and message start), each a departure from the
 * specification that the DCC's generic VC verifier does not look for.
 */
typedef struct fault {
    const char *path;
    const char *msg;
    const char *why;
} fault;

static const fault dcc_faults[] = {
    {"/credentialSubject", "neither id nor identifier",
     "AchievementSubject: 'Either id or at least one identifier MUST be supplied'"},
    {"/issuer/image", "expected an object",
     "Profile.image is an Image; OB 3.0 JSON: 'Complex types ... MUST be represented as an "
     "JSON Object, NOT as a URI'"},
    {"/credentialSubject/identifier", "expected an array",
     "identifier is 0..*; OB 3.0 JSON: unordered sets 'MUST be represented as an JSON Array, "
     "NOT as a single value', and identifier is not in the compacted-form table"},
    {"/credentialSubject/achievement/achievementType", "'Program' is not a value",
     "AchievementType has no 'Program' (an extension would be 'ext:Program')"},
    {"/validFrom", "required property is missing",
     "a VC Data Model 2.0 credential (first @context entry) without validFrom"},
    {NULL, NULL, NULL},
};

static int checked, failed;

static bool has_path(const reco_ob_model_issues *o, const char *path)
{
    for (size_t i = 0; i < o->count; i++)
        if (!o->items[i].warning && strncmp(o->items[i].path, path, strlen(path)) == 0)
            return true;
    return false;
}

static void print_issues(const reco_ob_model_issues *o)
{
    for (size_t i = 0; i < o->count; i++)
        printf("      %s %s: %s\n", o->items[i].warning ? "warning" : "error  ",
               o->items[i].path[0] ? o->items[i].path : "/", o->items[i].msg);
}

/* Which class a document is: credentials by their type, else Achievement or Profile. */
static const char *class_of(const json_t *doc)
{
    const json_t *type = json_object_get(doc, "type");
    char buf[4096];
    char *text = json_dumps(type, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *cls = NULL;
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    free(text);
    if (strstr(buf, "\"VerifiableCredential\""))
        cls = strstr(buf, "\"EndorsementCredential\"") ? "EndorsementCredential"
              : (strstr(buf, "\"OpenBadgeCredential\"") || strstr(buf, "\"AchievementCredential\""))
                  ? "AchievementCredential"
                  : NULL;
    else if (strstr(buf, "\"Achievement\""))
        cls = "Achievement";
    else if (strstr(buf, "\"Profile\""))
        cls = "Profile";
    return cls;
}

static const expect *find_expect(const expect *table, const char *name)
{
    for (const expect *e = table; e && e->file; e++)
        if (strcmp(e->file, name) == 0)
            return e;
    return NULL;
}

/* True when every error kept is a known fault (and every error was kept). */
static bool only_known_faults(const reco_ob_model_issues *o, const fault *faults)
{
    size_t errors = 0;
    for (size_t i = 0; i < o->count; i++) {
        const fault *f = faults;
        if (o->items[i].warning)
            continue;
        errors++;
        while (f->path && !(strcmp(o->items[i].path, f->path) == 0 &&
                            strncmp(o->items[i].msg, f->msg, strlen(f->msg)) == 0))
            f++;
        if (!f->path)
            return false;
    }
    return errors == o->errors;
}

static void check_file(const char *path, const char *name, const expect *table, const fault *faults)
{
    json_t *doc = NULL;
    reco_ob_model_issues o;
    const char *cls;
    if (reco_json_read_file(path, NULL, &doc, NULL) != RECO_OK || !json_is_object(doc))
        goto out;
    if (!(cls = class_of(doc)))
        goto out;
    const expect *e = find_expect(table, name);
    reco_code rc = reco_ob_model_check(doc, cls, &o, NULL);
    bool ok = e && e->error_path ? rc == RECO_ESCHEMA && has_path(&o, e->error_path)
                                 : rc == RECO_OK || (faults && only_known_faults(&o, faults));
    checked++;
    if (!ok)
        failed++;
    if (!ok || getenv("RECO_VERBOSE")) {
        printf("  %s %s (%s, %s): %zu errors, %zu warnings%s%s\n", ok ? "ok  " : "FAIL", path, cls,
               reco_ob_model_shape_name(o.shape), o.errors, o.warnings,
               e && e->error_path ? ", expected an error at " : "",
               e && e->error_path ? e->error_path : "");
        print_issues(&o);
    }
out:
    json_decref(doc);
}

/* Every .json file under dir (recursively), in name order. */
static void walk(const char *dir, const expect *table, const fault *faults)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        const char *name = names[i]->d_name;
        if (name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, name);
            if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
                walk(path, table, faults);
            else if (strlen(name) > 5 && strcmp(name + strlen(name) - 5, ".json") == 0)
                check_file(path, name, table, faults);
        }
        free(names[i]);
    }
    free(names);
}

int main(void)
{
    static const struct {
        const char *dir;
        const expect *table;
        const fault *faults;
    } sets[] = {
        {"ob3-examples/1edtech-spec-examples", NULL, NULL},
        {"ob3-examples/1edtech-spec-ldp-vectors", NULL, NULL},
        {"ob3-examples/educredentials", NULL, NULL},
        {"ob3-examples/1edtech-validator", validator_expect, NULL},
        {"ob3-examples/dcc-vc-test-fixtures/verifiableCredentials", NULL, dcc_faults},
    };
    if (!test_vectors_dir()) {
        printf("skipped: no public vectors folder (../shared/vectors or RECO_VECTORS)\n");
        return TEST_SKIP;
    }
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        walk(test_vector_path(sets[i].dir), sets[i].table, sets[i].faults);
    printf("ob3 data model: %d/%d documents as expected\n", checked - failed, checked);
    return failed ? 1 : 0;
}
