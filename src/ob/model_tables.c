/*
 * model_tables.c - the Open Badges 3.0 data model as tables: the classes a credential is made
 * of and the enumerations, written from openbadges-3.0-model-common.lines (package
 * SharedCredentialDataModels, its legacy VC 1.1 classes and the enumerations), with the
 * classes the .lines include "From CDM" (Address, GeoCoordinates, IdentifierEntry,
 * IdentifierTypeEnum, the Phone, Email and PersonNameParts mixins) written from the JSON Schema
 * 1EdTech publishes (ob_v3p0_achievementcredential_schema.json, $defs).
 *
 * Multiplicities: "1" = min 1, "0..1" = min 0, "0..*" / "1..*" = many. "array-compacted" in
 * the .lines and the table of OB 3.0 §"Compacted document form" mark the properties that may
 * be a single value instead of an array (type, proof, credentialSchema, termsOfUse); every
 * other multi-valued property is a JSON array (OB 3.0 §"JSON": "Unordered sets ... MUST be
 * represented as an JSON Array, NOT as a single value").
 */
#include "ob_model_internal.h"

#include <string.h>

#define END                                                                                        \
    {                                                                                              \
        NULL, OB_STRING, NULL, 0, false, false                                                     \
    }
/* name, kind, min */
#define P1(n, k)                                                                                   \
    {                                                                                              \
        n, k, NULL, 1, false, false                                                                \
    }
#define P0(n, k)                                                                                   \
    {                                                                                              \
        n, k, NULL, 0, false, false                                                                \
    }
#define PN(n, k)                                                                                   \
    {                                                                                              \
        n, k, NULL, 0, true, false                                                                 \
    }
/* a class or enumeration value */
#define C1(n, k, r)                                                                                \
    {                                                                                              \
        n, k, r, 1, false, false                                                                   \
    }
#define C0(n, k, r)                                                                                \
    {                                                                                              \
        n, k, r, 0, false, false                                                                   \
    }
#define CN(n, k, r)                                                                                \
    {                                                                                              \
        n, k, r, 0, true, false                                                                    \
    }
/* array-compacted, 0..* */
#define CC(n, k, r)                                                                                \
    {                                                                                              \
        n, k, r, 0, true, true                                                                     \
    }

/* ---------------------------------------------------------------- credentials */

/* Class VerifiableCredential (VC-DATA-MODEL-2.0) minus what each credential class states. */
#define VC2_COMMON                                                                                 \
    C1("issuer", OB_PROFILE_REF, "Profile"), P1("validFrom", OB_DATETIMEZ),                        \
        P0("validUntil", OB_DATETIMEZ), CC("proof", OB_CLASS, "Proof"),                            \
        CC("credentialSchema", OB_CLASS, "CredentialSchema"),                                      \
        C0("credentialStatus", OB_CLASS, "CredentialStatus"),                                      \
        C0("refreshService", OB_CLASS, "RefreshService"), CC("termsOfUse", OB_CLASS, "TermsOfUse")

/* Class VerifiableCredentialv1p1 (VC-DATA-MODEL 1.1). issuer is Profilev1p1 in the .lines;
 * VC DM 1.1 §4.5 lets it be a URI, so it is read as a ProfileRef in both shapes. */
#define VC11_COMMON                                                                                \
    C1("issuer", OB_PROFILE_REF, "Profile"), P1("issuanceDate", OB_DATETIMEZ),                     \
        P0("expirationDate", OB_DATETIMEZ), CC("proof", OB_CLASS, "Proof"),                        \
        CC("credentialSchema", OB_CLASS, "CredentialSchema"),                                      \
        C0("credentialStatus", OB_CLASS, "CredentialStatus"),                                      \
        C0("refreshService", OB_CLASS, "RefreshService"), CC("termsOfUse", OB_CLASS, "TermsOfUse")

/* Class AchievementCredential [VerifiableCredential] / AchievementCredentialv1p1. */
static const ob_prop achievement_credential[] = {
    P1("id", OB_URI),
    P0("description", OB_STRING),
    C0("image", OB_CLASS, "Image"),
    P0("awardedDate", OB_DATETIMEZ),
    C1("credentialSubject", OB_CLASS, "AchievementSubject"),
    CN("endorsement", OB_CLASS, "EndorsementCredential"),
    PN("endorsementJwt", OB_COMPACT_JWS),
    CN("evidence", OB_CLASS, "Evidence"),
    END,
};
/* name is 0..1 in AchievementCredential, 1 in AchievementCredentialv1p1. */
static const ob_prop achievement_credential_vc2[] = {P0("name", OB_STRING), VC2_COMMON, END};
static const ob_prop achievement_credential_vc11[] = {P1("name", OB_STRING), VC11_COMMON, END};

/* Class EndorsementCredential [VerifiableCredential] / EndorsementCredentialv1p1. */
static const ob_prop endorsement_credential[] = {
    P1("id", OB_URI),
    P1("name", OB_STRING),
    P0("description", OB_STRING),
    C1("credentialSubject", OB_CLASS, "EndorsementSubject"),
    P0("awardedDate", OB_DATETIMEZ),
    END,
};
static const ob_prop vc2_common[] = {VC2_COMMON, END};
static const ob_prop vc11_common[] = {VC11_COMMON, END};

/* ---------------------------------------------------------------- subjects */

/* Class AchievementSubject [CredentialSubject] (and AchievementSubjectv1p1, the same). "Either
 * id or at least one identifier MUST be supplied" is checked in model.c. */
static const ob_prop achievement_subject[] = {
    P0("id", OB_URI),
    P0("activityEndDate", OB_DATETIME),
    P0("activityStartDate", OB_DATETIME),
    P0("creditsEarned", OB_FLOAT),
    C1("achievement", OB_CLASS, "Achievement"),
    CN("identifier", OB_CLASS, "IdentityObject"),
    C0("image", OB_CLASS, "Image"),
    P0("licenseNumber", OB_STRING),
    P0("narrative", OB_MARKDOWN),
    CN("result", OB_CLASS, "Result"),
    P0("role", OB_STRING),
    C0("source", OB_CLASS, "Profile"),
    P0("term", OB_STRING),
    END,
};

/* Class EndorsementSubject [CredentialSubject]. */
static const ob_prop endorsement_subject[] = {
    P1("id", OB_URI),
    P0("endorsementComment", OB_MARKDOWN),
    END,
};

/* ---------------------------------------------------------------- achievement and parts */

/* Class Achievement (and Achievementv1p1, the same). */
static const ob_prop achievement[] = {
    P1("id", OB_URI),
    CN("alignment", OB_CLASS, "Alignment"),
    C0("achievementType", OB_ENUM, "AchievementType"),
    C0("creator", OB_CLASS, "Profile"),
    P0("creditsAvailable", OB_FLOAT),
    C1("criteria", OB_CLASS, "Criteria"),
    P1("description", OB_STRING),
    CN("endorsement", OB_CLASS, "EndorsementCredential"),
    PN("endorsementJwt", OB_COMPACT_JWS),
    P0("fieldOfStudy", OB_STRING),
    P0("humanCode", OB_STRING),
    C0("image", OB_CLASS, "Image"),
    P0("inLanguage", OB_LANGUAGE),
    P1("name", OB_STRING),
    CN("otherIdentifier", OB_CLASS, "IdentifierEntry"),
    CN("related", OB_CLASS, "Related"),
    CN("resultDescription", OB_CLASS, "ResultDescription"),
    P0("specialization", OB_STRING),
    PN("tag", OB_STRING),
    P0("version", OB_STRING),
    END,
};

/* Class Alignment. */
static const ob_prop alignment[] = {
    P0("targetCode", OB_STRING),
    P0("targetDescription", OB_STRING),
    P1("targetName", OB_STRING),
    P0("targetFramework", OB_STRING),
    C0("targetType", OB_ENUM, "AlignmentTargetType"),
    P1("targetUrl", OB_URL),
    END,
};

/* Class Criteria (no type property). */
static const ob_prop criteria[] = {
    P0("id", OB_URI),
    P0("narrative", OB_MARKDOWN),
    END,
};

/* Class Evidence. */
static const ob_prop evidence[] = {
    P0("id", OB_URI),
    P0("narrative", OB_MARKDOWN),
    P0("name", OB_STRING),
    P0("description", OB_STRING),
    P0("genre", OB_STRING),
    P0("audience", OB_STRING),
    END,
};

/* Class IdentityObject. */
static const ob_prop identity_object[] = {
    P1("hashed", OB_BOOLEAN),
    P1("identityHash", OB_IDENTITY_HASH),
    C1("identityType", OB_ENUM, "IdentifierTypeEnum"),
    P0("salt", OB_STRING),
    END,
};

/* Class Image. */
static const ob_prop image[] = {
    P1("id", OB_URI),
    P0("caption", OB_STRING),
    END,
};

/* Class Related. */
static const ob_prop related[] = {
    P1("id", OB_URI),
    P0("inLanguage", OB_LANGUAGE),
    P0("version", OB_STRING),
    END,
};

/* Class Result. "status ... Required if resultType of the linked ResultDescription is Status"
 * is checked in model.c. */
static const ob_prop result[] = {
    P0("achievedLevel", OB_URI),     CN("alignment", OB_CLASS, "Alignment"),
    P0("resultDescription", OB_URI), C0("status", OB_ENUM, "ResultStatusType"),
    P0("value", OB_STRING),          END,
};

/* Class ResultDescription. */
static const ob_prop result_description[] = {
    P1("id", OB_URI),
    CN("alignment", OB_CLASS, "Alignment"),
    PN("allowedValue", OB_STRING),
    P1("name", OB_STRING),
    P0("requiredLevel", OB_URI),
    P0("requiredValue", OB_STRING),
    C1("resultType", OB_ENUM, "ResultType"),
    CN("rubricCriterionLevel", OB_CLASS, "RubricCriterionLevel"),
    P0("valueMax", OB_STRING),
    P0("valueMin", OB_STRING),
    END,
};

/* Class RubricCriterionLevel. */
static const ob_prop rubric_criterion_level[] = {
    P1("id", OB_URI),
    CN("alignment", OB_CLASS, "Alignment"),
    P0("description", OB_STRING),
    P0("level", OB_STRING),
    P1("name", OB_STRING),
    P0("points", OB_STRING),
    END,
};

/* ---------------------------------------------------------------- profiles */

/* Class Profile (and Profilev1p1), with the mixins Phone, Email and PersonNameParts. */
static const ob_prop profile[] = {
    P1("id", OB_URI),
    P0("name", OB_STRING),
    P0("url", OB_URI),
    P0("phone", OB_STRING),
    P0("description", OB_STRING),
    CN("endorsement", OB_CLASS, "EndorsementCredential"),
    PN("endorsementJwt", OB_COMPACT_JWS),
    C0("image", OB_CLASS, "Image"),
    P0("email", OB_STRING),
    C0("address", OB_CLASS, "Address"),
    CN("otherIdentifier", OB_CLASS, "IdentifierEntry"),
    P0("official", OB_STRING),
    C0("parentOrg", OB_CLASS, "Profile"),
    P0("familyName", OB_STRING),
    P0("givenName", OB_STRING),
    P0("additionalName", OB_STRING),
    P0("patronymicName", OB_STRING),
    P0("honorificPrefix", OB_STRING),
    P0("honorificSuffix", OB_STRING),
    P0("familyNamePrefix", OB_STRING),
    P0("dateOfBirth", OB_DATE),
    END,
};

/* Address (from CDM, with type IRI 1..* array-compacted contains Address). */
static const ob_prop address[] = {
    P0("addressCountry", OB_STRING),
    P0("addressCountryCode", OB_STRING),
    P0("addressRegion", OB_STRING),
    P0("addressLocality", OB_STRING),
    P0("streetAddress", OB_STRING),
    P0("postOfficeBoxNumber", OB_STRING),
    P0("postalCode", OB_STRING),
    C0("geo", OB_CLASS, "GeoCoordinates"),
    END,
};

/* GeoCoordinates (from CDM, type IRI 1 equals GeoCoordinates). */
static const ob_prop geo_coordinates[] = {
    P1("latitude", OB_FLOAT),
    P1("longitude", OB_FLOAT),
    END,
};

/* IdentifierEntry (from CDM, type IRI 1 equals IdentifierEntry). */
static const ob_prop identifier_entry[] = {
    P1("identifier", OB_STRING),
    C1("identifierType", OB_ENUM, "IdentifierTypeEnum"),
    END,
};

/* ---------------------------------------------------------------- VC parts */

/* Class Proof. */
static const ob_prop proof[] = {
    P0("created", OB_DATETIME),  P0("cryptosuite", OB_STRING),     P0("challenge", OB_STRING),
    P0("domain", OB_STRING),     P0("nonce", OB_STRING),           P0("proofPurpose", OB_STRING),
    P0("proofValue", OB_STRING), P0("verificationMethod", OB_URI), END,
};

/* Classes CredentialSchema, CredentialStatus and RefreshService: id URI 1, type IRI 1. */
static const ob_prop id_required[] = {P1("id", OB_URI), END};
/* Class TermsOfUse: id URI 0..1, type IRI 1. */
static const ob_prop id_optional[] = {P0("id", OB_URI), END};

/* ---------------------------------------------------------------- the class table */

#define NO_TYPES                                                                                   \
    {                                                                                              \
        NULL, NULL                                                                                 \
    }

static const ob_class classes[] = {
    {"AchievementCredential",
     OB_TYPE_CONTAINS,
     {"VerifiableCredential", "AchievementCredential|OpenBadgeCredential"},
     achievement_credential,
     achievement_credential_vc2,
     achievement_credential_vc11},
    {"EndorsementCredential",
     OB_TYPE_CONTAINS,
     {"VerifiableCredential", "EndorsementCredential"},
     endorsement_credential,
     vc2_common,
     vc11_common},
    {"AchievementSubject",
     OB_TYPE_CONTAINS,
     {"AchievementSubject", NULL},
     achievement_subject,
     NULL,
     NULL},
    {"EndorsementSubject",
     OB_TYPE_CONTAINS,
     {"EndorsementSubject", NULL},
     endorsement_subject,
     NULL,
     NULL},
    {"Achievement", OB_TYPE_CONTAINS, {"Achievement", NULL}, achievement, NULL, NULL},
    {"Alignment", OB_TYPE_CONTAINS, {"Alignment", NULL}, alignment, NULL, NULL},
    {"Criteria", OB_TYPE_NONE, NO_TYPES, criteria, NULL, NULL},
    {"Evidence", OB_TYPE_CONTAINS, {"Evidence", NULL}, evidence, NULL, NULL},
    {"IdentityObject", OB_TYPE_EQUALS, {"IdentityObject", NULL}, identity_object, NULL, NULL},
    {"Image", OB_TYPE_EQUALS, {"Image", NULL}, image, NULL, NULL},
    {"Related", OB_TYPE_CONTAINS, {"Related", NULL}, related, NULL, NULL},
    {"Result", OB_TYPE_CONTAINS, {"Result", NULL}, result, NULL, NULL},
    {"ResultDescription",
     OB_TYPE_CONTAINS,
     {"ResultDescription", NULL},
     result_description,
     NULL,
     NULL},
    {"RubricCriterionLevel",
     OB_TYPE_CONTAINS,
     {"RubricCriterionLevel", NULL},
     rubric_criterion_level,
     NULL,
     NULL},
    {"Profile", OB_TYPE_CONTAINS, {"Profile", NULL}, profile, NULL, NULL},
    {"Address", OB_TYPE_CONTAINS, {"Address", NULL}, address, NULL, NULL},
    {"GeoCoordinates", OB_TYPE_EQUALS, {"GeoCoordinates", NULL}, geo_coordinates, NULL, NULL},
    {"IdentifierEntry", OB_TYPE_EQUALS, {"IdentifierEntry", NULL}, identifier_entry, NULL, NULL},
    {"Proof", OB_TYPE_ANY, NO_TYPES, proof, NULL, NULL},
    {"CredentialSchema", OB_TYPE_ANY, NO_TYPES, id_required, NULL, NULL},
    {"CredentialStatus", OB_TYPE_ANY, NO_TYPES, id_required, NULL, NULL},
    {"RefreshService", OB_TYPE_ANY, NO_TYPES, id_required, NULL, NULL},
    {"TermsOfUse", OB_TYPE_ANY, NO_TYPES, id_optional, NULL, NULL},
};

/* ---------------------------------------------------------------- enumerations */

/* Class AchievementType EnumExt. */
static const char *const achievement_type[] = {
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
    NULL,
};

/* Class AlignmentTargetType EnumExt. */
static const char *const alignment_target_type[] = {
    "ceasn:Competency",  "ceterms:Credential",     "CFItem", "CFRubric",
    "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",   NULL,
};

/* IdentifierTypeEnum (from CDM, EnumExt; the values of the published JSON Schema). */
static const char *const identifier_type[] = {
    "name",          "sourcedId",    "systemId",        "productId",
    "userName",      "accountId",    "emailAddress",    "nationalIdentityNumber",
    "isbn",          "issn",         "lisSourcedId",    "oneRosterSourcedId",
    "sisSourcedId",  "ltiContextId", "ltiDeploymentId", "ltiToolId",
    "ltiPlatformId", "ltiUserId",    "identifier",      NULL,
};

/* Class ResultType EnumExt. */
static const char *const result_type[] = {
    "GradePointAverage",
    "LetterGrade",
    "Percent",
    "PerformanceLevel",
    "PredictedScore",
    "RawScore",
    "Result",
    "RubricCriterion",
    "RubricCriterionLevel",
    "RubricScore",
    "ScaledScore",
    "Status",
    NULL,
};

/* Class ResultStatusType Enumeration (not extensible). */
static const char *const result_status_type[] = {
    "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew", NULL,
};

static const ob_enum enums[] = {
    {"AchievementType", true, achievement_type},
    {"AlignmentTargetType", true, alignment_target_type},
    {"IdentifierTypeEnum", true, identifier_type},
    {"ResultType", true, result_type},
    {"ResultStatusType", false, result_status_type},
};

const ob_class *ob_model_class(const char *name)
{
    for (size_t i = 0; name && i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(classes[i].name, name) == 0)
            return &classes[i];
    return NULL;
}

const ob_enum *ob_model_enum(const char *name)
{
    for (size_t i = 0; name && i < sizeof enums / sizeof enums[0]; i++)
        if (strcmp(enums[i].name, name) == 0)
            return &enums[i];
    return NULL;
}
