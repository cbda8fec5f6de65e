/*
 * reco/ob_model.h - the Open Badges 3.0 data model checks: every class a credential is made of
 * (AchievementCredential / OpenBadgeCredential, EndorsementCredential, Achievement, Profile,
 * AchievementSubject, Result, ResultDescription, Alignment, Evidence, IdentityObject, Image, ...)
 * with its required properties, value types, multiplicities and enumerations, as the OB 3.0
 * data model (openbadges-3.0-model-common.lines, Appendix "Data Models") and its JSON Schemas
 * state them. Both credential shapes are read: VC Data Model 2.0 (validFrom / validUntil) and
 * VC Data Model 1.1 (issuanceDate / expirationDate, OB 3.0 AnyAchievementCredential), told apart
 * by the first @context entry of each credential.
 *
 * Properties the model does not define are not errors here: JSON-LD safe mode (reco/ld.h) is
 * what refuses undefined terms. Every problem names its JSON pointer.
 */
#ifndef RECO_OB_MODEL_H
#define RECO_OB_MODEL_H

#include "reco/common.h"
#include "reco/report.h"
#include <jansson.h>

/** Issues kept by one check (the counts go on past it). */
#define RECO_OB_MODEL_MAX_ISSUES 16
/** Longest JSON pointer kept in an issue (longer ones are cut). */
#define RECO_OB_MODEL_PATH_MAX 160
/** Classes nested deeper than this (endorsements of endorsements ...) are an error. */
#define RECO_OB_MODEL_MAX_DEPTH 32

/** Which VC Data Model shape a credential has (from its first @context entry). */
typedef enum reco_ob_model_shape {
    RECO_OB_MODEL_SHAPE_NONE = 0, /**< not a credential class, or no usable @context */
    RECO_OB_MODEL_SHAPE_VC2,      /**< https://www.w3.org/ns/credentials/v2 */
    RECO_OB_MODEL_SHAPE_VC11      /**< https://www.w3.org/2018/credentials/v1 */
} reco_ob_model_shape;

/** One problem: an error (the document does not conform) or a warning (a SHOULD). */
typedef struct reco_ob_model_issue {
    bool warning;
    char path[RECO_OB_MODEL_PATH_MAX]; /**< JSON pointer, "" for the document itself */
    char msg[160];                     /**< lower case, what is wrong first */
} reco_ob_model_issue;

/**
 * What a check found. Errors are kept before warnings when there are more issues than
 * RECO_OB_MODEL_MAX_ISSUES; within each kind, in document order.
 */
typedef struct reco_ob_model_issues {
    const char *class_name;    /**< the class checked (static string) */
    reco_ob_model_shape shape; /**< of the top document when it is a credential */
    size_t errors;             /**< every error found, also those not kept */
    size_t warnings;           /**< every warning found, also those not kept */
    size_t count;              /**< issues kept in items */
    reco_ob_model_issue items[RECO_OB_MODEL_MAX_ISSUES];
} reco_ob_model_issues;

/**
 * Check doc as an instance of the OB 3.0 class class_name: "AchievementCredential" (also
 * "OpenBadgeCredential", "AnyAchievementCredential"), "EndorsementCredential", "Achievement",
 * "AchievementSubject", "EndorsementSubject", "Profile", "Address", "GeoCoordinates",
 * "Alignment", "Criteria", "Evidence", "IdentityObject", "IdentifierEntry", "Image", "Result",
 * "ResultDescription", "RubricCriterionLevel", "Related", "Proof", "CredentialSchema",
 * "CredentialStatus", "RefreshService", "TermsOfUse". NULL picks from doc's type:
 * EndorsementCredential when it holds that, else AchievementCredential.
 *
 * out (may be NULL) receives the issues. Returns RECO_OK when the document conforms (warnings
 * allowed), RECO_ESCHEMA when it has at least one error (err gets the first one: path and
 * message), RECO_EINVAL for an unknown class name. doc is only read.
 */
RECO_API reco_code reco_ob_model_check(const json_t *doc, const char *class_name,
                                       reco_ob_model_issues *out, reco_error *err);

/**
 * reco_ob_model_check, then one "schema" check added to report: passed ("conforms to the Open
 * Badges 3.0 data model (AchievementCredential, VC Data Model 2.0)"), failed (the number of
 * errors, then the first ones as "/path: message", then the warnings) or warning (only
 * warnings). Returns RECO_OK when the check was added, whatever its verdict; RECO_EINVAL for an
 * unknown class name; RECO_ENOMEM.
 */
RECO_API reco_code reco_ob_model_check_report(const json_t *doc, const char *class_name,
                                              reco_report *report, reco_error *err);

/** "VC Data Model 2.0", "VC Data Model 1.1" or "no VC Data Model". */
RECO_API const char *reco_ob_model_shape_name(reco_ob_model_shape shape);

/**
 * Whether value is one of the terms the OB 3.0 data model lists for the enumeration enum_name
 * ("AchievementType", "AlignmentTargetType", "IdentifierTypeEnum", "ResultType",
 * "ResultStatusType"), compared exactly. "ext:" extension terms are not listed terms: callers
 * that accept them test for them themselves. False for an unknown enumeration or a NULL value.
 */
RECO_API bool reco_ob_model_enum_has(const char *enum_name, const char *value);

#endif
