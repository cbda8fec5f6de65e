/*
 * test_ob_model.c - the Open Badges 3.0 data model checks (reco/ob_model.h). A complete
 * credential that uses every class conforms; then one table row per rule: a mutation of that
 * credential (a JSON pointer set to a value, or removed) and what the checker must say (no
 * error, or an error at this path whose message starts so). Then the limits, the report check,
 * and every credential reco_ob_issue builds conforming.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/json.h"
#include "reco/ob.h"
#include "reco/ob_model.h"
#include "reco/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A credential with every class of the model in it. */
static const char *complete_text =
    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
    "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\","
    "\"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json\",{\"ex\":\"https://ex.org/#\"}],"
    "\"id\":\"urn:uuid:5c1d1a56-0d54-4c4b-8b8e-1d2b6c3f9a10\","
    "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
    "\"name\":\"Soudure niveau 2\",\"description\":\"A credential.\","
    "\"image\":{\"id\":\"https://example.org/c.png\",\"type\":\"Image\",\"caption\":\"c\"},"
    "\"awardedDate\":\"2024-03-01T10:00:00+01:00\","
    "\"issuer\":{\"id\":\"https://example.org/issuers/1\",\"type\":[\"Profile\"],"
    " \"name\":\"Mission locale\",\"url\":\"https://example.org\",\"phone\":\"+33 1 23\","
    " \"email\":\"contact@example.org\",\"dateOfBirth\":\"1970-01-31\","
    " \"image\":{\"id\":\"data:image/png;base64,AAAA\",\"type\":\"Image\"},"
    " \"address\":{\"type\":[\"Address\"],\"addressLocality\":\"Lyon\",\"postalCode\":\"69001\","
    "  \"geo\":{\"type\":\"GeoCoordinates\",\"latitude\":45.76,\"longitude\":4.83}},"
    " \"otherIdentifier\":[{\"type\":\"IdentifierEntry\",\"identifier\":\"12345\","
    "  \"identifierType\":\"systemId\"}],"
    " \"parentOrg\":{\"id\":\"https://example.org/issuers/0\",\"type\":\"Profile\"},"
    " \"endorsementJwt\":[\"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln\"]},"
    "\"validFrom\":\"2024-03-01T09:00:00Z\",\"validUntil\":\"2030-03-01T09:00:00Z\","
    "\"credentialSubject\":{\"id\":\"did:example:earner\",\"type\":[\"AchievementSubject\"],"
    " \"activityStartDate\":\"2024-01-01T08:00:00\",\"activityEndDate\":\"2024-02-01T17:00:00Z\","
    " \"creditsEarned\":3,\"licenseNumber\":\"L-1\",\"narrative\":\"# "
    "Done\",\"role\":\"Apprentie\","
    " \"term\":\"Hiver\",\"image\":{\"id\":\"https://example.org/s.png\",\"type\":\"Image\"},"
    " \"source\":{\"id\":\"https://example.org/issuers/2\",\"type\":[\"Profile\"]},"
    " \"identifier\":[{\"type\":\"IdentityObject\",\"hashed\":true,"
    "  "
    "\"identityHash\":\"sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399\","
    "  \"identityType\":\"emailAddress\",\"salt\":\"Kosher\"}],"
    " \"result\":[{\"type\":[\"Result\"],\"resultDescription\":\"urn:uuid:rd-grade\","
    "  \"value\":\"B\",\"alignment\":[{\"type\":[\"Alignment\"],\"targetName\":\"T\","
    "  \"targetUrl\":\"https://example.org/t\"}]},"
    "  "
    "{\"type\":[\"Result\"],\"resultDescription\":\"urn:uuid:rd-status\",\"status\":\"Completed\"},"
    "  {\"type\":\"Result\",\"resultDescription\":\"urn:uuid:rd-rubric\","
    "   \"achievedLevel\":\"urn:uuid:level-2\"}],"
    " \"achievement\":{\"id\":\"https://example.org/achievements/welding-2\","
    "  \"type\":[\"Achievement\"],\"name\":\"Welding level 2\",\"description\":\"Welds.\","
    "  \"criteria\":{\"id\":\"https://example.org/criteria\",\"narrative\":\"Pass the test.\"},"
    "  \"achievementType\":\"Certificate\",\"creditsAvailable\":3.5,\"fieldOfStudy\":\"Metal\","
    "  \"humanCode\":\"W2\",\"inLanguage\":\"fr-FR\",\"specialization\":\"TIG\","
    "  \"tag\":[\"welding\",\"metal\"],\"version\":\"2\","
    "  \"image\":{\"id\":\"https://example.org/a.svg\",\"type\":\"Image\"},"
    "  \"creator\":{\"id\":\"https://example.org/issuers/1\",\"type\":[\"Profile\"]},"
    "  \"alignment\":[{\"type\":[\"Alignment\"],\"targetName\":\"Souder\","
    "   \"targetUrl\":\"https://esco.example/skill/1\",\"targetType\":\"CFItem\","
    "   \"targetCode\":\"S1\",\"targetFramework\":\"ESCO\",\"targetDescription\":\"d\"}],"
    "  \"otherIdentifier\":[{\"type\":\"IdentifierEntry\",\"identifier\":\"W-2\","
    "   \"identifierType\":\"identifier\"}],"
    "  "
    "\"related\":[{\"id\":\"https://example.org/achievements/welding-2-en\",\"type\":[\"Related\"],"
    "   \"inLanguage\":\"en\",\"version\":\"2\"}],"
    "  \"resultDescription\":["
    "   {\"id\":\"urn:uuid:rd-grade\",\"type\":[\"ResultDescription\"],\"name\":\"Grade\","
    "    "
    "\"resultType\":\"LetterGrade\",\"allowedValue\":[\"C\",\"B\",\"A\"],\"requiredValue\":\"C\"},"
    "   {\"id\":\"urn:uuid:rd-status\",\"type\":\"ResultDescription\",\"name\":\"Status\","
    "    \"resultType\":\"Status\"},"
    "   {\"id\":\"urn:uuid:rd-rubric\",\"type\":[\"ResultDescription\"],\"name\":\"Rubric\","
    "    \"resultType\":\"RubricCriterionLevel\",\"requiredLevel\":\"urn:uuid:level-1\","
    "    "
    "\"rubricCriterionLevel\":[{\"id\":\"urn:uuid:level-1\",\"type\":[\"RubricCriterionLevel\"],"
    "     \"name\":\"Novice\",\"level\":\"1\",\"points\":\"1\"},"
    "     {\"id\":\"urn:uuid:level-2\",\"type\":\"RubricCriterionLevel\",\"name\":\"Expert\"}]}]}},"
    "\"evidence\":[{\"id\":\"https://example.org/evidence/1\",\"type\":[\"Evidence\"],"
    " \"name\":\"Photo\",\"narrative\":\"A weld.\",\"genre\":\"Photo\",\"audience\":\"jury\"}],"
    "\"endorsement\":[{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
    " \"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
    " \"id\":\"urn:uuid:e1\",\"type\":[\"VerifiableCredential\",\"EndorsementCredential\"],"
    " \"name\":\"Endorsed\",\"issuer\":\"did:example:region\",\"validFrom\":\"2024-01-01T00:00:"
    "00Z\","
    " \"credentialSubject\":{\"id\":\"https://example.org/issuers/1\","
    "  \"type\":[\"EndorsementSubject\"],\"endorsementComment\":\"Good.\"}}],"
    "\"credentialSchema\":[{\"id\":\"https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json\",\"type\":\"1EdTechJsonSchemaValidator2019\"}],"
    "\"credentialStatus\":{\"id\":\"https://example.org/status/1#5\","
    " \"type\":\"BitstringStatusListEntry\"},"
    "\"refreshService\":{\"id\":\"https://example.org/refresh\",\"type\":\"ex:Refresh\"},"
    "\"termsOfUse\":{\"type\":\"ex:Policy\"},"
    "\"proof\":{\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-rdfc-2022\","
    " \"created\":\"2024-03-01T09:00:00Z\",\"proofPurpose\":\"assertionMethod\","
    " \"verificationMethod\":\"did:example:issuer#key-1\",\"proofValue\":\"z58\"}}";

static json_t *parse(const char *text)
{
    json_t *v = NULL;
    reco_error err;
    if (reco_json_parse(text, strlen(text), NULL, &v, &err) != RECO_OK)
        fail_msg("parse: %s", err.msg);
    return v;
}

/* Set (value != NULL, JSON text) or remove (value == NULL) the member at pointer in doc.
 * Pointers here have no escapes; numeric segments index arrays. */
static void mutate(json_t *doc, const char *pointer, const char *value)
{
    char buf[256];
    json_t *node = doc;
    snprintf(buf, sizeof buf, "%s", pointer);
    char *seg = buf + 1, *slash;
    while ((slash = strchr(seg, '/')) != NULL) {
        *slash = '\0';
        node = json_is_array(node) ? json_array_get(node, strtoul(seg, NULL, 10))
                                   : json_object_get(node, seg);
        assert_non_null(node);
        seg = slash + 1;
    }
    if (json_is_array(node)) {
        size_t i = strtoul(seg, NULL, 10);
        if (value)
            assert_int_equal(json_array_set_new(node, i, parse(value)), 0);
        else
            assert_int_equal(json_array_remove(node, i), 0);
    } else if (value) {
        assert_int_equal(json_object_set_new(node, seg, parse(value)), 0);
    } else {
        assert_int_equal(json_object_del(node, seg), 0);
    }
}

/* One rule: up to three edits, then what the checker must say. */
typedef struct rule {
    const char *what;
    struct {
        const char *pointer;
        const char *value; /* JSON text, NULL = remove */
    } edit[3];
    const char *error_path; /* NULL = no error */
    const char *msg;        /* the error message starts so (or a warning's, when no error) */
} rule;

#define V2  "\"https://www.w3.org/ns/credentials/v2\""
#define V1  "\"https://www.w3.org/2018/credentials/v1\""
#define ACH "/credentialSubject/achievement"

static const rule rules[] = {
    /* required properties */
    {"criteria missing",
     {{ACH "/criteria", NULL}},
     ACH "/criteria",
     "required property is missing"},
    {"achievement name missing", {{ACH "/name", NULL}}, ACH "/name", "required property"},
    {"credential id missing", {{"/id", NULL}}, "/id", "required property is missing"},
    {"credential name is optional in VC DM 2.0", {{"/name", NULL}}, NULL, NULL},
    {"issuer missing", {{"/issuer", NULL}}, "/issuer", "required property is missing"},
    {"profile id missing", {{"/issuer/id", NULL}}, "/issuer/id", "required property is missing"},
    {"alignment targetUrl missing",
     {{ACH "/alignment/0/targetUrl", NULL}},
     ACH "/alignment/0/targetUrl",
     "required property"},
    {"resultType missing",
     {{ACH "/resultDescription/0/resultType", NULL}},
     ACH "/resultDescription/0/resultType",
     "required property"},
    {"rubric level name missing",
     {{ACH "/resultDescription/2/rubricCriterionLevel/1/name", NULL}},
     ACH "/resultDescription/2/rubricCriterionLevel/1/name",
     "required property"},
    {"identity object hashed missing",
     {{"/credentialSubject/identifier/0/hashed", NULL}},
     "/credentialSubject/identifier/0/hashed",
     "required property"},
    {"image id missing", {{"/image/id", NULL}}, "/image/id", "required property"},
    {"geo latitude missing",
     {{"/issuer/address/geo/latitude", NULL}},
     "/issuer/address/geo/latitude",
     "required property"},
    {"identifier entry value missing",
     {{"/issuer/otherIdentifier/0/identifier", NULL}},
     "/issuer/otherIdentifier/0/identifier",
     "required property"},
    {"related id missing", {{ACH "/related/0/id", NULL}}, ACH "/related/0/id", "required"},
    {"status id missing", {{"/credentialStatus/id", NULL}}, "/credentialStatus/id", "required"},
    {"schema type missing",
     {{"/credentialSchema/0/type", NULL}},
     "/credentialSchema/0/type",
     "required property"},
    {"proof type missing", {{"/proof/type", NULL}}, "/proof/type", "required property"},
    {"endorsement subject id missing",
     {{"/endorsement/0/credentialSubject/id", NULL}},
     "/endorsement/0/credentialSubject/id",
     "required property"},
    {"endorsement name missing",
     {{"/endorsement/0/name", NULL}},
     "/endorsement/0/name",
     "required"},
    {"subject with neither id nor identifier",
     {{"/credentialSubject/id", NULL}, {"/credentialSubject/identifier", NULL}},
     "/credentialSubject",
     "neither id nor identifier"},
    {"subject with identifier only", {{"/credentialSubject/id", NULL}}, NULL, NULL},
    {"subject with an empty identifier array",
     {{"/credentialSubject/id", NULL}, {"/credentialSubject/identifier", "[]"}},
     "/credentialSubject",
     "neither id nor identifier"},
    {"subject identifier as one object",
     {{"/credentialSubject/identifier",
       "{\"type\":\"IdentityObject\",\"hashed\":false,\"identityHash\":\"a@b.org\","
       "\"identityType\":\"emailAddress\"}"}},
     "/credentialSubject/identifier",
     "expected an array"},
    {"subject with id only", {{"/credentialSubject/identifier", NULL}}, NULL, NULL},
    {"status required by a Status result description",
     {{"/credentialSubject/result/1/status", NULL}},
     "/credentialSubject/result/1/status",
     "required property is missing (the linked"},
    /* wrong value types */
    {"name a number", {{"/name", "5"}}, "/name", "expected a string"},
    {"criteria a string", {{ACH "/criteria", "\"pass\""}}, ACH "/criteria", "expected an object"},
    {"creditsAvailable a string",
     {{ACH "/creditsAvailable", "\"3\""}},
     ACH "/creditsAvailable",
     "expected a number"},
    {"hashed a string",
     {{"/credentialSubject/identifier/0/hashed", "\"true\""}},
     "/credentialSubject/identifier/0/hashed",
     "expected true or false"},
    {"latitude a string",
     {{"/issuer/address/geo/latitude", "\"45\""}},
     "/issuer/address/geo/latitude",
     "expected a number"},
    {"achievement id not a URI",
     {{ACH "/id", "\"welding 2\""}},
     ACH "/id",
     "'welding 2' is not a URI"},
    {"targetUrl relative",
     {{ACH "/alignment/0/targetUrl", "\"/skill/1\""}},
     ACH "/alignment/0/targetUrl",
     "'/skill/1' is not a URI"},
    {"dateOfBirth not a date",
     {{"/issuer/dateOfBirth", "\"1970-13-01\""}},
     "/issuer/dateOfBirth",
     "'1970-13-01' is not a date"},
    {"inLanguage not a language code",
     {{ACH "/inLanguage", "\"french\""}},
     ACH "/inLanguage",
     "'french' is not a language code"},
    {"endorsementJwt not a JWS",
     {{"/issuer/endorsementJwt/0", "\"abc\""}},
     "/issuer/endorsementJwt/0",
     "not a compact JWS"},
    {"hashed identity that is not a hash",
     {{"/credentialSubject/identifier/0/identityHash", "\"a@example.org\""}},
     "/credentialSubject/identifier/0/identityHash",
     "hashed is true but"},
    {"plain identity when not hashed",
     {{"/credentialSubject/identifier/0/identityHash", "\"a@example.org\""},
      {"/credentialSubject/identifier/0/hashed", "false"}},
     NULL,
     NULL},
    {"md5 identity hash",
     {{"/credentialSubject/identifier/0/identityHash", "\"md5$0123456789ABCDEF0123456789abcdef\""}},
     NULL,
     NULL},
    {"null value", {{"/description", "null"}}, "/description", "null value"},
    /* dates */
    {"validFrom without offset",
     {{"/validFrom", "\"2024-03-01T09:00:00\""}},
     "/validFrom",
     "'2024-03-01T09:00:00' has no time zone offset"},
    {"validUntil without offset",
     {{"/validUntil", "\"2030-03-01T09:00:00\""}},
     "/validUntil",
     "'2030-03-01T09:00:00' has no time zone offset"},
    {"awardedDate without offset",
     {{"/awardedDate", "\"2024-03-01T09:00:00\""}},
     "/awardedDate",
     "'2024-03-01T09:00:00' has no time zone offset"},
    {"validFrom with an offset", {{"/validFrom", "\"2024-03-01T09:00:00.5-05:00\""}}, NULL, NULL},
    {"validFrom a date only",
     {{"/validFrom", "\"2024-03-01\""}},
     "/validFrom",
     "'2024-03-01' is not a date-time"},
    {"activityStartDate without offset is a DateTime",
     {{"/credentialSubject/activityStartDate", "\"2024-01-01T08:00:00\""}},
     NULL,
     NULL},
    {"activityEndDate garbage",
     {{"/credentialSubject/activityEndDate", "\"yesterday\""}},
     "/credentialSubject/activityEndDate",
     "'yesterday' is not a date-time"},
    /* enumerations */
    {"achievementType unknown",
     {{ACH "/achievementType", "\"Diplome\""}},
     ACH "/achievementType",
     "'Diplome' is not a value of AchievementType (nor an 'ext:'"},
    {"achievementType ext: accepted",
     {{ACH "/achievementType", "\"ext:BadgeOuvert\""}},
     NULL,
     NULL},
    {"achievementType bare ext:",
     {{ACH "/achievementType", "\"ext:\""}},
     ACH "/achievementType",
     "'ext:' is not a value"},
    {"achievementType ext: with a space",
     {{ACH "/achievementType", "\"ext:a b\""}},
     ACH "/achievementType",
     "'ext:a b' is not a value"},
    {"achievementType a number",
     {{ACH "/achievementType", "3"}},
     ACH "/achievementType",
     "expected a string (a value of AchievementType)"},
    {"targetType unknown",
     {{ACH "/alignment/0/targetType", "\"ESCO\""}},
     ACH "/alignment/0/targetType",
     "'ESCO' is not a value of AlignmentTargetType"},
    {"targetType ext: accepted", {{ACH "/alignment/0/targetType", "\"ext:ESCO\""}}, NULL, NULL},
    {"targetType compact IRI value",
     {{ACH "/alignment/0/targetType", "\"ceasn:Competency\""}},
     NULL,
     NULL},
    {"identityType unknown",
     {{"/credentialSubject/identifier/0/identityType", "\"email\""}},
     "/credentialSubject/identifier/0/identityType",
     "'email' is not a value of IdentifierTypeEnum"},
    {"identityType ext: accepted",
     {{"/credentialSubject/identifier/0/identityType", "\"ext:email\""}},
     NULL,
     NULL},
    {"identifierType unknown",
     {{"/issuer/otherIdentifier/0/identifierType", "\"siret\""}},
     "/issuer/otherIdentifier/0/identifierType",
     "'siret' is not a value of IdentifierTypeEnum"},
    {"resultType unknown",
     {{ACH "/resultDescription/0/resultType", "\"Mark\""}},
     ACH "/resultDescription/0/resultType",
     "'Mark' is not a value of ResultType"},
    {"resultType ext: accepted",
     {{ACH "/resultDescription/0/resultType", "\"ext:Mark\""}},
     NULL,
     NULL},
    {"result status unknown",
     {{"/credentialSubject/result/1/status", "\"Done\""}},
     "/credentialSubject/result/1/status",
     "'Done' is not a value of ResultStatusType"},
    {"result status is not extensible",
     {{"/credentialSubject/result/1/status", "\"ext:Done\""}},
     "/credentialSubject/result/1/status",
     "'ext:Done' is not a value of ResultStatusType"},
    /* type: scalar or array where compacted, one string where "type IRI 1" */
    {"credential type scalar without the OB type",
     {{"/type", "\"VerifiableCredential\""}},
     "/type",
     "holds neither of AchievementCredential|OpenBadgeCredential"},
    {"credential type without VerifiableCredential",
     {{"/type", "[\"OpenBadgeCredential\"]"}},
     "/type",
     "does not hold 'VerifiableCredential'"},
    {"credential type in another order",
     {{"/type", "[\"OpenBadgeCredential\",\"VerifiableCredential\",\"ex:More\"]"}},
     NULL,
     NULL},
    {"AchievementCredential type",
     {{"/type", "[\"VerifiableCredential\",\"AchievementCredential\"]"}},
     NULL,
     NULL},
    {"subject type scalar", {{"/credentialSubject/type", "\"AchievementSubject\""}}, NULL, NULL},
    {"subject type wrong",
     {{"/credentialSubject/type", "\"Subject\""}},
     "/credentialSubject/type",
     "does not hold 'AchievementSubject'"},
    {"achievement type empty array", {{ACH "/type", "[]"}}, ACH "/type", "empty array"},
    {"achievement type with a number",
     {{ACH "/type", "[\"Achievement\",4]"}},
     ACH "/type/1",
     "expected a non-empty string"},
    {"achievement type missing", {{ACH "/type", NULL}}, ACH "/type", "required property"},
    {"image type an array",
     {{"/image/type", "[\"Image\"]"}},
     "/image/type",
     "expected one non-empty string 'Image'"},
    {"image type wrong", {{"/image/type", "\"Picture\""}}, "/image/type", "expected 'Image'"},
    {"identity object type wrong",
     {{"/credentialSubject/identifier/0/type", "\"Identity\""}},
     "/credentialSubject/identifier/0/type",
     "expected 'IdentityObject'"},
    {"evidence type wrong",
     {{"/evidence/0/type", "\"Proofs\""}},
     "/evidence/0/type",
     "does not hold 'Evidence'"},
    /* issuer: a URI or a Profile */
    {"issuer a URI", {{"/issuer", "\"https://example.org/issuers/1\""}}, NULL, NULL},
    {"issuer a DID",
     {{"/issuer", "\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\""}},
     NULL,
     NULL},
    {"issuer not a URI", {{"/issuer", "\"Mission locale\""}}, "/issuer", "'Mission locale' is not"},
    {"issuer a number", {{"/issuer", "5"}}, "/issuer", "expected a URI or a Profile object"},
    {"issuer profile without type", {{"/issuer/type", NULL}}, "/issuer/type", "required"},
    /* multiplicity */
    {"evidence as a single object",
     {{"/evidence", "{\"type\":\"Evidence\",\"id\":\"https://example.org/e\"}"}},
     "/evidence",
     "expected an array (multiplicity 0..*)"},
    {"alignment as a single object",
     {{ACH "/alignment",
       "{\"type\":\"Alignment\",\"targetName\":\"x\",\"targetUrl\":\"https://x.org\"}"}},
     ACH "/alignment",
     "expected an array"},
    {"tag as a string", {{ACH "/tag", "\"welding\""}}, ACH "/tag", "expected an array"},
    {"proof as an array", {{"/proof", "[{\"type\":\"DataIntegrityProof\"}]"}}, NULL, NULL},
    {"termsOfUse as an array", {{"/termsOfUse", "[{\"type\":\"ex:Policy\"}]"}}, NULL, NULL},
    {"credentialSchema as one object",
     {{"/credentialSchema", "{\"id\":\"https://x.org/s.json\",\"type\":\"ex:S\"}"}},
     NULL,
     NULL},
    {"image as an array",
     {{"/image", "[{\"id\":\"https://x.org/i.png\",\"type\":\"Image\"}]"}},
     "/image",
     "expected one value, not an array"},
    {"image as a URI",
     {{"/image", "\"https://example.org/c.png\""}},
     "/image",
     "expected an object (class Image)"},
    {"empty evidence array is a warning", {{"/evidence", "[]"}}, NULL, "empty array"},
    {"criteria with neither id nor narrative is a warning",
     {{ACH "/criteria", "{}"}},
     NULL,
     "neither id nor narrative"},
    {"result linked to no result description is a warning",
     {{"/credentialSubject/result/0/resultDescription", "\"urn:uuid:other\""}},
     NULL,
     "'urn:uuid:other' names no resultDescription"},
    {"achieved level of another result description is a warning",
     {{"/credentialSubject/result/2/achievedLevel", "\"urn:uuid:level-9\""}},
     NULL,
     "'urn:uuid:level-9' names no rubricCriterionLevel"},
    /* @context and the VC DM 1.1 shape */
    {"context without the OB context",
     {{"/@context/1", "\"https://example.org/ctx.json\""}},
     "/@context/1",
     "'https://example.org/ctx.json' is not the Open Badges 3.0 context"},
    {"context with an older OB context",
     {{"/@context/1", "\"https://purl.imsglobal.org/spec/ob/v3p0/context.json\""}},
     NULL,
     NULL},
    {"context a string", {{"/@context", V2}}, "/@context", "expected an array"},
    {"context missing", {{"/@context", NULL}}, "/@context", "required property is missing"},
    {"context with a number",
     {{"/@context/2", "7"}},
     "/@context/2",
     "expected a context URI or a context object"},
    {"context not VC first",
     {{"/@context/0", "\"https://example.org/v9\""}},
     "/@context/0",
     "expected https://www.w3.org/ns/credentials/v2"},
    {"VC DM 1.1 shape",
     {{"/@context/0", V1}, {"/validFrom", NULL}, {"/issuanceDate", "\"2024-03-01T09:00:00Z\""}},
     NULL,
     "a VC Data Model 1.1 credential"},
    {"VC DM 1.1 shape needs issuanceDate",
     {{"/@context/0", V1}, {"/validFrom", NULL}},
     "/issuanceDate",
     "required property is missing"},
    {"VC DM 1.1 shape needs a name",
     {{"/@context/0", V1}, {"/issuanceDate", "\"2024-03-01T09:00:00Z\""}, {"/name", NULL}},
     "/name",
     "required property is missing"},
    {"VC DM 1.1 issuanceDate without offset",
     {{"/@context/0", V1}, {"/issuanceDate", "\"2024-03-01T09:00:00\""}},
     "/issuanceDate",
     "'2024-03-01T09:00:00' has no time zone offset"},
    {"VC DM 1.1 expirationDate without offset",
     {{"/@context/0", V1},
      {"/issuanceDate", "\"2024-03-01T09:00:00Z\""},
      {"/expirationDate", "\"2030\""}},
     "/expirationDate",
     "'2030' is not a date-time"},
    {"VC DM 2.0 needs validFrom",
     {{"/validFrom", NULL}, {"/issuanceDate", "\"2024-03-01T09:00:00Z\""}},
     "/validFrom",
     "required property is missing"},
    {"endorsement in VC DM 1.1 shape",
     {{"/endorsement/0/@context/0", V1},
      {"/endorsement/0/validFrom", NULL},
      {"/endorsement/0/issuanceDate", "\"2024-01-01T00:00:00Z\""}},
     NULL,
     "a VC Data Model 1.1 credential"},
    {"endorsement without the endorsement type",
     {{"/endorsement/0/type", "[\"VerifiableCredential\"]"}},
     "/endorsement/0/type",
     "does not hold 'EndorsementCredential'"},
    /* what the model does not define is not looked at */
    {"extra properties", {{"/ex:custom", "{\"a\":[1,2]}"}, {ACH "/ex:level", "3"}}, NULL, NULL},
};

static bool has_issue(const reco_ob_model_issues *o, bool warning, const char *path,
                      const char *msg)
{
    for (size_t i = 0; i < o->count; i++) {
        const reco_ob_model_issue *it = &o->items[i];
        if (it->warning == warning && (!path || strcmp(it->path, path) == 0) &&
            strncmp(it->msg, msg, strlen(msg)) == 0)
            return true;
    }
    return false;
}

static void print_issues(const reco_ob_model_issues *o)
{
    for (size_t i = 0; i < o->count; i++)
        print_message("  %s %s: %s\n", o->items[i].warning ? "warning" : "error", o->items[i].path,
                      o->items[i].msg);
}

static void test_complete_conforms(void **state)
{
    (void)state;
    json_t *doc = parse(complete_text);
    reco_ob_model_issues o;
    reco_error err;
    reco_code rc = reco_ob_model_check(doc, "OpenBadgeCredential", &o, &err);
    if (rc != RECO_OK || o.warnings)
        print_issues(&o);
    assert_int_equal(rc, RECO_OK);
    assert_int_equal(o.errors, 0);
    assert_int_equal(o.warnings, 0);
    assert_string_equal(o.class_name, "AchievementCredential");
    assert_int_equal(o.shape, RECO_OB_MODEL_SHAPE_VC2);
    /* NULL class: picked from the type. */
    assert_int_equal(reco_ob_model_check(doc, NULL, &o, NULL), RECO_OK);
    assert_string_equal(o.class_name, "AchievementCredential");
    /* out may be NULL. */
    assert_int_equal(reco_ob_model_check(doc, NULL, NULL, NULL), RECO_OK);
    json_decref(doc);
}

static void test_rules(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const rule *r = &rules[i];
        json_t *doc = parse(complete_text);
        reco_ob_model_issues o;
        reco_error err;
        for (size_t k = 0; k < 3 && r->edit[k].pointer; k++)
            mutate(doc, r->edit[k].pointer, r->edit[k].value);
        reco_code rc = reco_ob_model_check(doc, NULL, &o, &err);
        bool ok;
        if (r->error_path) {
            ok = rc == RECO_ESCHEMA && has_issue(&o, false, r->error_path, r->msg) &&
                 err.code == RECO_ESCHEMA && strcmp(err.path, o.items[0].path) == 0 &&
                 strcmp(err.msg, o.items[0].msg) == 0;
        } else {
            ok = rc == RECO_OK && o.errors == 0 &&
                 (r->msg ? has_issue(&o, true, NULL, r->msg) : o.warnings == 0);
        }
        if (!ok) {
            print_message("rule '%s': expected %s %s %s, got %s with:\n", r->what,
                          r->error_path ? "an error at" : "no error",
                          r->error_path ? r->error_path : "", r->msg ? r->msg : "",
                          reco_code_name(rc));
            print_issues(&o);
            bad++;
        }
        json_decref(doc);
    }
    assert_int_equal(bad, 0);
}

/* The classes on their own, and the endorsement credential picked from its type. */
static void test_classes_alone(void **state)
{
    (void)state;
    json_t *doc = parse(complete_text);
    json_t *ach = json_object_get(json_object_get(doc, "credentialSubject"), "achievement");
    reco_ob_model_issues o;
    assert_int_equal(reco_ob_model_check(ach, "Achievement", &o, NULL), RECO_OK);
    assert_int_equal(o.shape, RECO_OB_MODEL_SHAPE_NONE);
    assert_int_equal(reco_ob_model_check(json_object_get(doc, "issuer"), "Profile", &o, NULL),
                     RECO_OK);
    json_t *end = json_array_get(json_object_get(doc, "endorsement"), 0);
    assert_int_equal(reco_ob_model_check(end, NULL, &o, NULL), RECO_OK);
    assert_string_equal(o.class_name, "EndorsementCredential");
    /* An achievement is not a profile. */
    reco_error err;
    assert_int_equal(reco_ob_model_check(ach, "Profile", &o, &err), RECO_ESCHEMA);
    assert_string_equal(err.path, "/type");
    assert_string_equal(err.msg, "does not hold 'Profile' (class Profile)");
    /* Unknown class; not an object. */
    assert_int_equal(reco_ob_model_check(ach, "BadgeClass", &o, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "unknown Open Badges 3.0 class 'BadgeClass'"));
    json_t *s = json_string("x");
    assert_int_equal(reco_ob_model_check(s, "Achievement", &o, &err), RECO_ESCHEMA);
    assert_string_equal(err.path, "");
    assert_string_equal(err.msg, "expected an object (class Achievement)");
    json_decref(s);
    json_decref(doc);
}

/* More issues than are kept: the counts go on, errors are kept before warnings. */
static void test_issue_cap(void **state)
{
    (void)state;
    json_t *doc = parse(complete_text);
    json_t *ev = json_array();
    for (int i = 0; i < 10; i++) /* 10 errors: type does not hold Evidence */
        json_array_append_new(ev, json_pack("{s:s}", "type", "Nope"));
    json_object_set_new(doc, "evidence", ev);
    json_t *al = json_array();
    for (int i = 0; i < 20; i++)
        json_array_append_new(al, json_pack("{s:s,s:s,s:s}", "type", "Alignment", "targetName", "t",
                                            "targetUrl", "x"));
    json_t *ach = json_object_get(json_object_get(doc, "credentialSubject"), "achievement");
    json_object_set_new(ach, "criteria", json_object()); /* one warning, dropped: full */
    json_object_set_new(ach, "alignment", al);           /* 20 errors: targetUrl not a URI */
    reco_ob_model_issues o;
    assert_int_equal(reco_ob_model_check(doc, NULL, &o, NULL), RECO_ESCHEMA);
    assert_int_equal(o.errors, 30);
    assert_int_equal(o.warnings, 1);
    assert_int_equal(o.count, RECO_OB_MODEL_MAX_ISSUES);
    for (size_t i = 0; i < o.count; i++)
        assert_false(o.items[i].warning);
    assert_string_equal(o.items[0].path, "/credentialSubject/achievement/alignment/0/targetUrl");
    json_decref(doc);

    /* A few errors and a warning: all kept, the errors first. */
    doc = parse(complete_text);
    mutate(doc, "/evidence", "[]");
    mutate(doc, "/name", "1");
    mutate(doc, ACH "/name", "2");
    assert_int_equal(reco_ob_model_check(doc, NULL, &o, NULL), RECO_ESCHEMA);
    assert_int_equal(o.count, 3);
    assert_false(o.items[0].warning);
    assert_false(o.items[1].warning);
    assert_true(o.items[2].warning);
    assert_string_equal(o.items[2].path, "/evidence");
    json_decref(doc);
}

/* Profiles nested deeper than the limit: an error, no stack exhaustion. */
static void test_depth_limit(void **state)
{
    (void)state;
    json_t *top = json_pack("{s:s,s:s}", "id", "https://x.org/0", "type", "Profile");
    json_t *cur = top;
    for (int i = 1; i < 200; i++) {
        json_t *p = json_pack("{s:s,s:s}", "id", "https://x.org/p", "type", "Profile");
        json_object_set_new(cur, "parentOrg", p);
        cur = p;
    }
    reco_ob_model_issues o;
    reco_error err;
    assert_int_equal(reco_ob_model_check(top, "Profile", &o, &err), RECO_ESCHEMA);
    assert_int_equal(o.errors, 1);
    assert_non_null(strstr(err.msg, "nested too deeply"));
    assert_int_equal(strncmp(err.path, "/parentOrg/parentOrg/", 21), 0);
    json_decref(top);
}

/* Long keys and values: paths are cut, messages quote at most 40 bytes, never half a UTF-8
 * character. */
static void test_long_values(void **state)
{
    (void)state;
    json_t *doc = parse(complete_text);
    char key[400];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    json_t *ach = json_object_get(json_object_get(doc, "credentialSubject"), "achievement");
    json_object_set_new(ach, "achievementType",
                        json_string("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                    "\xc3\xa9\xc3\xa9\x01"));
    reco_ob_model_issues o;
    assert_int_equal(reco_ob_model_check(doc, NULL, &o, NULL), RECO_ESCHEMA);
    assert_true(reco_utf8_valid(o.items[0].msg, strlen(o.items[0].msg)));
    assert_non_null(strstr(o.items[0].msg, "...' is not a value of AchievementType"));
    json_decref(doc);

    /* A path longer than RECO_OB_MODEL_PATH_MAX is cut, not overflowed. */
    json_t *top = json_pack("{s:s,s:s}", "id", "https://x.org/0", "type", "Profile");
    json_t *cur = top;
    for (int i = 0; i < 20; i++) {
        json_t *p = json_pack("{s:s,s:s}", "id", "https://x.org/p", "type", "Profile");
        json_object_set_new(cur, "parentOrg", p);
        cur = p;
    }
    json_object_set_new(cur, "name", json_integer(1));
    assert_int_equal(reco_ob_model_check(top, "Profile", &o, NULL), RECO_ESCHEMA);
    assert_true(strlen(o.items[0].path) < RECO_OB_MODEL_PATH_MAX);
    json_decref(top);
}

static const reco_check *find_check(const reco_report *r, const char *name)
{
    const reco_check *c = reco_report_find(r, name);
    assert_non_null(c);
    return c;
}

static void test_report(void **state)
{
    (void)state;
    json_t *doc = parse(complete_text);
    reco_report *r = reco_report_new("t", NULL);
    assert_int_equal(reco_ob_model_check_report(doc, NULL, r, NULL), RECO_OK);
    const reco_check *c = find_check(r, "schema");
    assert_int_equal(c->status, RECO_CHECK_PASSED);
    assert_string_equal(c->message, "conforms to the Open Badges 3.0 data model "
                                    "(AchievementCredential, VC Data Model 2.0)");
    reco_report_free(r);

    mutate(doc, ACH "/criteria", NULL);
    mutate(doc, "/evidence", "[]");
    r = reco_report_new("t", NULL);
    assert_int_equal(reco_ob_model_check_report(doc, NULL, r, NULL), RECO_OK);
    c = find_check(r, "schema");
    assert_int_equal(c->status, RECO_CHECK_FAILED);
    assert_string_equal(c->message, "1 error: /credentialSubject/achievement/criteria: required "
                                    "property is missing; warnings: /evidence: empty array "
                                    "(leave the property out instead)");
    assert_false(reco_report_valid(r));
    reco_report_free(r);

    mutate(doc, ACH "/criteria", "{\"narrative\":\"n\"}");
    r = reco_report_new("t", NULL);
    assert_int_equal(reco_ob_model_check_report(doc, "OpenBadgeCredential", r, NULL), RECO_OK);
    c = find_check(r, "schema");
    assert_int_equal(c->status, RECO_CHECK_WARNING);
    assert_non_null(strstr(c->message, "with 1 warning: /evidence: empty array"));
    reco_report_free(r);

    r = reco_report_new("t", NULL);
    reco_error err;
    assert_int_equal(reco_ob_model_check_report(doc, "Nope", r, &err), RECO_EINVAL);
    assert_int_equal(reco_report_count(r), 0);
    reco_report_free(r);
    json_decref(doc);
}

/* "Write": every credential reco_ob_issue builds conforms, with whatever the issuer sets. */
static void test_issued_conform(void **state)
{
    (void)state;
    reco_key *key = NULL;
    json_t *full = parse(complete_text);
    json_t *ach = json_object_get(json_object_get(full, "credentialSubject"), "achievement");
    json_t *results = json_object_get(json_object_get(full, "credentialSubject"), "result");
    json_t *status = NULL;
    reco_time until;
    assert_int_equal(reco_time_parse("2099-01-01T00:00:00Z", 20, true, &until, NULL), RECO_OK);
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &key, NULL), RECO_OK);
    assert_int_equal(
        reco_status_entry_build("https://example.org/status/1", 7, NULL, &status, NULL), RECO_OK);
    const char *subjects[] = {"did:example:earner", "earner@example.org",
                              "https://example.org/people/1"};
    for (size_t i = 0; i < 3; i++) {
        reco_ob_issue_params p = {.achievement = ach, .subject = subjects[i]};
        if (i == 1) {
            p.evidence = json_object_get(full, "evidence");
            p.results = results;
            p.narrative = "Did it.";
            p.credential_status = status;
            p.valid_until = &until;
        }
        json_t *vc = NULL;
        reco_error err;
        reco_ob_model_issues o;
        if (reco_ob_issue(&p, key, NULL, &vc, &err) != RECO_OK)
            fail_msg("issue: %s", err.msg);
        reco_code rc = reco_ob_model_check(vc, NULL, &o, &err);
        if (rc != RECO_OK || o.warnings)
            print_issues(&o);
        assert_int_equal(rc, RECO_OK);
        assert_int_equal(o.warnings, 0);
        assert_int_equal(o.shape, RECO_OB_MODEL_SHAPE_VC2);
        json_decref(vc);
    }

    /* An issuer Profile with the fields an issuer fills in, and the VC-JWT payload (the
     * credential with its claims at the root, OB 3.0 §8.2). */
    reco_buf did, jwt, payload;
    reco_buf_init(&did, 0);
    reco_buf_init(&jwt, 0);
    reco_buf_init(&payload, 0);
    assert_int_equal(reco_ob_key_did(key, &did, NULL), RECO_OK);
    json_t *profile = json_pack(
        "{s:s,s:[s],s:s,s:s,s:s,s:{s:s,s:s},s:{s:[s],s:s,s:s}}", "id", did.data, "type", "Profile",
        "name", "Mission locale", "url", "https://example.org", "email", "contact@example.org",
        "image", "id", "https://example.org/logo.png", "type", "Image", "address", "type",
        "Address", "addressLocality", "Lyon", "addressCountryCode", "FR");
    reco_ob_issue_params p = {.achievement = ach, .issuer = profile, .subject = "did:example:e"};
    reco_error err;
    json_t *vc = NULL;
    reco_ob_model_issues o;
    if (reco_ob_issue(&p, key, NULL, &vc, &err) != RECO_OK)
        fail_msg("issue: %s", err.msg);
    assert_int_equal(reco_ob_model_check(vc, NULL, &o, NULL), RECO_OK);
    assert_int_equal(o.warnings, 0);
    json_decref(vc);
    if (reco_ob_issue_jwt(&p, key, &jwt, &err) != RECO_OK)
        fail_msg("issue jwt: %s", err.msg);
    const char *dot1 = strchr(jwt.data, '.');
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    assert_non_null(dot2);
    assert_int_equal(reco_base64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), &payload, NULL),
                     RECO_OK);
    vc = NULL;
    assert_int_equal(reco_json_parse(payload.data, payload.len, NULL, &vc, NULL), RECO_OK);
    assert_int_equal(reco_ob_model_check(vc, NULL, &o, NULL), RECO_OK);
    assert_int_equal(o.warnings, 0);
    json_decref(vc);
    json_decref(profile);
    reco_buf_release(&did);
    reco_buf_release(&jwt);
    reco_buf_release(&payload);
    json_decref(status);
    reco_key_free(key);
    json_decref(full);
}

static void test_enum_has(void **state)
{
    (void)state;
    assert_true(reco_ob_model_enum_has("AchievementType", "Badge"));
    assert_true(reco_ob_model_enum_has("AchievementType", "SecondarySchoolDiploma"));
    assert_true(reco_ob_model_enum_has("ResultStatusType", "Completed"));
    assert_false(reco_ob_model_enum_has("AchievementType", "badge"));
    assert_false(reco_ob_model_enum_has("AchievementType", "ext:Program"));
    assert_false(reco_ob_model_enum_has("AchievementType", NULL));
    assert_false(reco_ob_model_enum_has("NoSuchEnum", "Badge"));
    assert_false(reco_ob_model_enum_has(NULL, "Badge"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_conforms),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_classes_alone),
        cmocka_unit_test(test_issue_cap),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_long_values),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_issued_conform),
        cmocka_unit_test(test_enum_has),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
