/*
 * ob_model_internal.h - the tables of the Open Badges 3.0 data model (model_tables.c) that the
 * checker (model.c) walks: classes with their properties, and enumerations.
 */
#ifndef RECO_OB_MODEL_INTERNAL_H
#define RECO_OB_MODEL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* The value types of the model (Appendix "Derived Types" and "Primitive Types"). */
typedef enum ob_kind {
    OB_STRING,        /* String, NormalizedString, PhoneNumber, EmailAddress, Identifier... */
    OB_MARKDOWN,      /* Markdown: a String */
    OB_URI,           /* URI: a string with a scheme */
    OB_URL,           /* URL: a URI */
    OB_IRI,           /* IRI: a non-empty string (terms such as "Achievement" are compact IRIs) */
    OB_DATETIME,      /* DateTime: YYYY-MM-DDThh:mm:ss, offset optional */
    OB_DATETIMEZ,     /* DateTimeZ: a DateTime with its time zone offset */
    OB_DATE,          /* Date: YYYY-MM-DD */
    OB_FLOAT,         /* Float: a JSON number */
    OB_BOOLEAN,       /* Boolean */
    OB_LANGUAGE,      /* LanguageCode (BCP 47 as the schema's pattern reads it) */
    OB_COMPACT_JWS,   /* CompactJws */
    OB_IDENTITY_HASH, /* IdentityHash: a String ('sha256$hex' when hashed, checked apart) */
    OB_ENUM,          /* an enumeration, ref names it */
    OB_CLASS,         /* an object of class ref */
    OB_PROFILE_REF    /* ProfileRef: a URI or a Profile object */
} ob_kind;

/* How a class's `type` is constrained. */
typedef enum ob_type_rule {
    OB_TYPE_NONE,     /* the class has no type property (Criteria) */
    OB_TYPE_CONTAINS, /* type IRI 1..* array-compacted, Constraint contains X (string or array) */
    OB_TYPE_EQUALS,   /* type IRI 1, Constraint equals X (one string) */
    OB_TYPE_ANY       /* type IRI 1 without a constraint (one string) */
} ob_type_rule;

typedef struct ob_prop {
    const char *name;
    ob_kind kind;
    const char *ref;   /* class or enumeration name for OB_CLASS / OB_ENUM */
    unsigned char min; /* 0 or 1 */
    bool many;         /* multiplicity 0..* or 1..*: a JSON array */
    bool compacted;    /* OB 3.0 §"Compacted document form": a single value allowed too */
} ob_prop;

typedef struct ob_class {
    const char *name;
    ob_type_rule type_rule;
    /* for OB_TYPE_CONTAINS / OB_TYPE_EQUALS: each entry must be held; "A|B" = one of them */
    const char *types[2];
    const ob_prop *props; /* terminated by a NULL name */
    /* credentials: the properties of VerifiableCredential (DM 2.0) or VerifiableCredentialv1p1
     * (DM 1.1), chosen by @context; NULL for other classes */
    const ob_prop *props_vc2;
    const ob_prop *props_vc11;
} ob_class;

typedef struct ob_enum {
    const char *name;
    bool extensible;           /* EnumExt: "ext:" terms accepted (OB 3.0 §"Extending Enumerated
                                  Vocabularies") */
    const char *const *values; /* terminated by NULL */
} ob_enum;

/* Look-ups in the tables; NULL when unknown. */
const ob_class *ob_model_class(const char *name);
const ob_enum *ob_model_enum(const char *name);

#endif
