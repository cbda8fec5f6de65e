/*
 * model.c - the Open Badges 3.0 data model checker: walks a JSON document along the class
 * tables of model_tables.c (OB 3.0 Appendix "Data Models", openbadges-3.0-model-common.lines)
 * and reports every required property that is missing, every value of the wrong type or
 * multiplicity, every enumeration value outside its vocabulary, each under its JSON pointer.
 *
 * What the JSON binding says (OB 3.0 §"Serialization" / "JSON") is applied as written:
 * multi-valued properties are arrays, except the ones OB 3.0 §"Compacted document form" lets
 * be a single value (type, proof, credentialSchema, termsOfUse); complex types are objects;
 * null values must be left out (an error) and empty arrays too (a warning, as the published
 * JSON Schema accepts them). Properties the model does not define are not looked at: JSON-LD
 * safe mode is what refuses undefined terms.
 *
 * Work is linear in the size of the document; nesting of classes is bounded by
 * RECO_OB_MODEL_MAX_DEPTH, so a document built in memory (not only a parsed one, whose depth
 * the parser limits) cannot exhaust the stack.
 */
#include "reco/ob_model.h"
#include "reco/base.h"
#include "reco/json.h"
#include "reco/vc.h"
#include "ob_model_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct checker {
    reco_ob_model_issues *out;
    char path[RECO_OB_MODEL_PATH_MAX];
    int depth;
} checker;

/* ---------------------------------------------------------------- issues */

/* Keep errors before warnings (each kind in document order); count everything. */
static void record(checker *c, bool warning, const char *msg)
{
    reco_ob_model_issues *o = c->out;
    reco_ob_model_issue item;
    size_t kept_errors = 0;

    memset(&item, 0, sizeof item);
    item.warning = warning;
    snprintf(item.path, sizeof item.path, "%s", c->path);
    snprintf(item.msg, sizeof item.msg, "%s", msg);
    if (warning)
        o->warnings++;
    else
        o->errors++;
    while (kept_errors < o->count && !o->items[kept_errors].warning)
        kept_errors++;
    if (warning) {
        if (o->count < RECO_OB_MODEL_MAX_ISSUES)
            o->items[o->count++] = item;
        return;
    }
    if (kept_errors == RECO_OB_MODEL_MAX_ISSUES)
        return;
    /* Shift the warnings right (the last one falls off when full). */
    size_t end = o->count < RECO_OB_MODEL_MAX_ISSUES ? o->count : RECO_OB_MODEL_MAX_ISSUES - 1;
    memmove(&o->items[kept_errors + 1], &o->items[kept_errors],
            (end - kept_errors) * sizeof o->items[0]);
    o->items[kept_errors] = item;
    if (o->count < RECO_OB_MODEL_MAX_ISSUES)
        o->count++;
}

static void issue(checker *c, bool warning, const char *fmt, ...) RECO_PRINTF(3, 4);
static void issue(checker *c, bool warning, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    record(c, warning, msg);
}

#define ERROR(c, ...) issue(c, false, __VA_ARGS__)
#define WARN(c, ...)  issue(c, true, __VA_ARGS__)

static size_t push(checker *c, const char *segment)
{
    size_t n = strlen(c->path);
    reco_json_path_push(c->path, sizeof c->path, segment);
    return n;
}

static size_t push_index(checker *c, size_t i)
{
    size_t n = strlen(c->path);
    reco_json_path_push_index(c->path, sizeof c->path, i);
    return n;
}

static void pop(checker *c, size_t n)
{
    c->path[n] = '\0';
}

/* At most 40 bytes of s for a message, never cutting a UTF-8 sequence, control characters
 * as '?', "..." when cut. */
static const char *quote(const char *s, char out[48])
{
    size_t o = 0, i = 0, n = strlen(s);
    while (i < n) {
        size_t j = i;
        int32_t cp = reco_utf8_next(s, n, &j);
        if (j - i + o > 40) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (cp < 0x20 || cp == 0x7f) {
            out[o++] = '?';
        } else {
            memcpy(out + o, s + i, j - i);
            o += j - i;
        }
        i = j;
    }
    out[o] = '\0';
    return out;
}

/* ---------------------------------------------------------------- value syntax */

/* URI (OB 3.0 Derived Types): RFC 3986 §3.1 scheme ":" then no white space or control
 * characters. Relative references are not URIs. */
static bool is_uri(const char *s)
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
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
            return false;
    return true;
}

static bool in_range(const char *s, size_t n, char lo, char hi)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < lo || s[i] > hi)
            return false;
    return true;
}

static size_t span(const char *s, char lo, char hi)
{
    size_t i = 0;
    while (s[i] >= lo && s[i] <= hi)
        i++;
    return i;
}

/* Date (OB 3.0 Primitive Types): YYYY-MM-DD with a month 01-12 and a day 01-31. */
static bool is_date(const char *s)
{
    if (strlen(s) != 10 || !in_range(s, 4, '0', '9') || s[4] != '-' ||
        !in_range(s + 5, 2, '0', '9') || s[7] != '-' || !in_range(s + 8, 2, '0', '9'))
        return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* LanguageCode as the published schema reads it:
 * ^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$ */
static bool is_language(const char *s)
{
    size_t n = span(s, 'a', 'z');
    if (n < 2 || n > 4)
        return false;
    s += n;
    if (s[0] == '-' && s[1] >= 'A' && s[1] <= 'Z' && span(s + 2, 'a', 'z') == 3)
        s += 5;
    if (s[0] == '-' && span(s + 1, 'A', 'Z') == 2)
        s += 3;
    else if (s[0] == '-' && span(s + 1, '0', '9') == 3)
        s += 4;
    return s[0] == '\0';
}

static bool is_b64url_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

/* CompactJws: ^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$ */
static bool is_compact_jws(const char *s)
{
    size_t part = 0, len = 0;
    for (; *s; s++) {
        if (*s == '.') {
            if (part == 0 && len == 0)
                return false;
            if (++part > 2)
                return false;
            len = 0;
        } else if (is_b64url_char(*s)) {
            len++;
        } else {
            return false;
        }
    }
    return part == 2 && len > 0;
}

/* IdentityHash: "sha256$" + 64 hex digits or "md5$" + 32 (either case). */
static bool is_identity_hash(const char *s)
{
    size_t want;
    if (strncmp(s, "sha256$", 7) == 0) {
        s += 7;
        want = 64;
    } else if (strncmp(s, "md5$", 4) == 0) {
        s += 4;
        want = 32;
    } else {
        return false;
    }
    size_t n = strspn(s, "0123456789abcdefABCDEF");
    return n == want && s[n] == '\0';
}

/* An extended term (OB 3.0 §"Extending Enumerated Vocabularies": "Extended terms MUST start
 * with the prefix ext:"), then at least one of the schema's characters [a-zA-Z0-9.|_-]. */
static bool is_ext_term(const char *s)
{
    if (strncmp(s, "ext:", 4) != 0 || s[4] == '\0')
        return false;
    for (s += 4; *s; s++)
        if (!is_b64url_char(*s) && *s != '.' && *s != '|')
            return false;
    return true;
}

/* ^https://purl.imsglobal.org/spec/ob/v3p0/context(-3.d.d)*.json$ (Constraint items of the
 * AchievementCredential and EndorsementCredential @context). */
static bool is_ob3_context(const char *s)
{
    static const char prefix[] = "https://purl.imsglobal.org/spec/ob/v3p0/context";
    if (!s || strncmp(s, prefix, sizeof prefix - 1) != 0)
        return false;
    s += sizeof prefix - 1;
    while (s[0] == '-' && s[1] == '3' && s[2] == '.' && s[3] >= '0' && s[3] <= '9' && s[4] == '.' &&
           s[5] >= '0' && s[5] <= '9')
        s += 6;
    return strcmp(s, ".json") == 0;
}

/* ---------------------------------------------------------------- the walk */

static void check_class(checker *c, const ob_class *cls, const json_t *obj);

static const char *kind_name(ob_kind k)
{
    switch (k) {
    case OB_MARKDOWN:
        return "a Markdown string";
    case OB_IRI:
        return "an IRI string";
    case OB_IDENTITY_HASH:
        return "an IdentityHash string";
    default:
        return "a string";
    }
}

static void check_enum(checker *c, const char *enum_name, const char *s)
{
    const ob_enum *e = ob_model_enum(enum_name);
    char q[48];
    RECO_ASSERT(e != NULL);
    for (size_t i = 0; e->values[i]; i++)
        if (strcmp(e->values[i], s) == 0)
            return;
    if (e->extensible && is_ext_term(s))
        return;
    if (e->extensible)
        ERROR(c, "'%s' is not a value of %s (nor an 'ext:' extension term)", quote(s, q),
              enum_name);
    else
        ERROR(c, "'%s' is not a value of %s", quote(s, q), enum_name);
}

static void check_string(checker *c, const ob_prop *p, const char *s)
{
    char q[48];
    reco_time t;
    switch (p->kind) {
    case OB_URI:
    case OB_URL:
        if (!is_uri(s))
            ERROR(c, "'%s' is not a URI (a scheme, ':', no spaces)", quote(s, q));
        break;
    case OB_IRI:
        if (s[0] == '\0')
            ERROR(c, "empty string where an IRI is expected");
        break;
    case OB_DATETIME:
        if (reco_time_parse(s, strlen(s), false, &t, NULL) != RECO_OK)
            ERROR(c, "'%s' is not a date-time (YYYY-MM-DDThh:mm:ss)", quote(s, q));
        break;
    case OB_DATETIMEZ:
        if (reco_time_parse(s, strlen(s), false, &t, NULL) != RECO_OK)
            ERROR(c, "'%s' is not a date-time (YYYY-MM-DDThh:mm:ssZ)", quote(s, q));
        else if (!t.has_offset)
            ERROR(c, "'%s' has no time zone offset (DateTimeZ wants Z or +hh:mm)", quote(s, q));
        break;
    case OB_DATE:
        if (!is_date(s))
            ERROR(c, "'%s' is not a date (YYYY-MM-DD)", quote(s, q));
        break;
    case OB_LANGUAGE:
        if (!is_language(s))
            ERROR(c, "'%s' is not a language code such as 'en' or 'fr-CA'", quote(s, q));
        break;
    case OB_COMPACT_JWS:
        if (!is_compact_jws(s))
            ERROR(c, "not a compact JWS (three base64url parts joined by dots)");
        break;
    case OB_ENUM:
        check_enum(c, p->ref, s);
        break;
    default:
        break;
    }
}

/* One value of property p (an array item, or the value of a single-valued property). */
static void check_single(checker *c, const ob_prop *p, const json_t *v)
{
    switch (p->kind) {
    case OB_FLOAT:
        if (!json_is_number(v))
            ERROR(c, "expected a number");
        return;
    case OB_BOOLEAN:
        if (!json_is_boolean(v))
            ERROR(c, "expected true or false");
        return;
    case OB_CLASS:
        if (!json_is_object(v))
            ERROR(c, "expected an object (class %s)", p->ref);
        else
            check_class(c, ob_model_class(p->ref), v);
        return;
    case OB_PROFILE_REF:
        /* ProfileRef: "Either a URI ... or a Profile object MUST be supplied." */
        if (json_is_string(v))
            check_string(c, &(ob_prop){p->name, OB_URI, NULL, 1, false, false},
                         json_string_value(v));
        else if (json_is_object(v))
            check_class(c, ob_model_class("Profile"), v);
        else
            ERROR(c, "expected a URI or a Profile object");
        return;
    case OB_ENUM:
        if (!json_is_string(v))
            ERROR(c, "expected a string (a value of %s)", p->ref);
        else
            check_string(c, p, json_string_value(v));
        return;
    default:
        if (!json_is_string(v))
            ERROR(c, "expected %s", kind_name(p->kind));
        else
            check_string(c, p, json_string_value(v));
        return;
    }
}

static void check_value(checker *c, const ob_prop *p, const json_t *v)
{
    if (json_is_null(v)) {
        /* OB 3.0 §"JSON": "Null values ... MUST be ommitted from the serialized JSON". */
        ERROR(c, "null value (leave the property out instead)");
        return;
    }
    if (!p->many) {
        if (json_is_array(v))
            ERROR(c, "expected one value, not an array");
        else
            check_single(c, p, v);
        return;
    }
    if (!json_is_array(v)) {
        if (p->compacted)
            check_single(c, p, v);
        else
            ERROR(c, "expected an array (multiplicity 0..*), even for one value");
        return;
    }
    if (json_array_size(v) == 0) {
        WARN(c, "empty array (leave the property out instead)");
        return;
    }
    for (size_t i = 0; i < json_array_size(v); i++) {
        size_t mark = push_index(c, i);
        check_single(c, p, json_array_get(v, i));
        pop(c, mark);
    }
}

static void check_props(checker *c, const ob_prop *props, const json_t *obj)
{
    for (const ob_prop *p = props; p && p->name; p++) {
        const json_t *v = json_object_get(obj, p->name);
        size_t mark = push(c, p->name);
        if (!v) {
            if (p->min > 0)
                ERROR(c, "required property is missing");
        } else {
            check_value(c, p, v);
        }
        pop(c, mark);
    }
}

/* True when type (a string or an array of strings) holds one of the '|'-separated names. */
static bool type_holds(const json_t *type, const char *names)
{
    const json_t *one = type;
    for (size_t i = 0; json_is_array(type) ? i < json_array_size(type) : i < 1; i++) {
        if (json_is_array(type))
            one = json_array_get(type, i);
        const char *s = json_string_value(one);
        if (!s)
            continue;
        size_t len = strlen(s);
        for (const char *n = names; *n;) {
            size_t k = strcspn(n, "|");
            if (k == len && memcmp(n, s, k) == 0)
                return true;
            n += k;
            if (*n == '|')
                n++;
        }
    }
    return false;
}

/* The type property of a class: "type IRI 1..* array-compacted" with "Constraint contains X"
 * (a string or a non-empty array of strings holding X), or "type IRI 1" (one string, equal to
 * X under "Constraint equals X"). */
static void check_type(checker *c, const ob_class *cls, const json_t *obj)
{
    const json_t *type = json_object_get(obj, "type");
    size_t mark;
    if (cls->type_rule == OB_TYPE_NONE)
        return;
    mark = push(c, "type");
    if (!type) {
        ERROR(c, "required property is missing");
        goto out;
    }
    if (cls->type_rule != OB_TYPE_CONTAINS) {
        if (!json_is_string(type) || json_string_length(type) == 0)
            ERROR(c, "expected one non-empty string%s%s%s",
                  cls->type_rule == OB_TYPE_EQUALS ? " '" : "",
                  cls->type_rule == OB_TYPE_EQUALS ? cls->types[0] : "",
                  cls->type_rule == OB_TYPE_EQUALS ? "'" : "");
        else if (cls->type_rule == OB_TYPE_EQUALS &&
                 strcmp(json_string_value(type), cls->types[0]) != 0)
            ERROR(c, "expected '%s' (class %s)", cls->types[0], cls->name);
        goto out;
    }
    if (json_is_array(type)) {
        if (json_array_size(type) == 0) {
            ERROR(c, "empty array (at least one type is required)");
            goto out;
        }
        for (size_t i = 0; i < json_array_size(type); i++) {
            const json_t *t = json_array_get(type, i);
            if (!json_is_string(t) || json_string_length(t) == 0) {
                size_t m2 = push_index(c, i);
                ERROR(c, "expected a non-empty string");
                pop(c, m2);
            }
        }
    } else if (!json_is_string(type)) {
        ERROR(c, "expected a string or an array of strings");
        goto out;
    }
    for (size_t i = 0; i < 2 && cls->types[i]; i++) {
        if (type_holds(type, cls->types[i]))
            continue;
        if (strchr(cls->types[i], '|'))
            ERROR(c, "holds neither of %s (class %s)", cls->types[i], cls->name);
        else
            ERROR(c, "does not hold '%s' (class %s)", cls->types[i], cls->name);
    }
out:
    pop(c, mark);
}

/* @context of a credential (Constraint items of AchievementCredential, EndorsementCredential
 * and their v1p1 forms): the VC context first, the OB 3.0 context second, then URIs or
 * objects. Returns the shape its first entry names (or guesses it from the date property). */
static reco_ob_model_shape check_context(checker *c, const json_t *obj)
{
    const json_t *ctx = json_object_get(obj, "@context");
    reco_ob_model_shape shape = RECO_OB_MODEL_SHAPE_NONE;
    char q[48];
    size_t mark = push(c, "@context");
    const char *first = json_string_value(json_is_array(ctx) ? json_array_get(ctx, 0) : ctx);

    if (first && strcmp(first, RECO_VC_CONTEXT_V2) == 0)
        shape = RECO_OB_MODEL_SHAPE_VC2;
    else if (first && strcmp(first, RECO_VC_CONTEXT_V1) == 0)
        shape = RECO_OB_MODEL_SHAPE_VC11;
    if (!ctx) {
        ERROR(c, "required property is missing");
    } else if (!json_is_array(ctx)) {
        ERROR(c, "expected an array: the VC context, then the Open Badges 3.0 context");
    } else {
        for (size_t i = 0; i < json_array_size(ctx); i++) {
            const json_t *item = json_array_get(ctx, i);
            const char *s = json_string_value(item);
            size_t m2 = push_index(c, i);
            if (i == 0 && shape == RECO_OB_MODEL_SHAPE_NONE)
                ERROR(c, "expected %s (or %s) first", RECO_VC_CONTEXT_V2, RECO_VC_CONTEXT_V1);
            else if (i == 1 && !is_ob3_context(s))
                ERROR(c, "'%s' is not the Open Badges 3.0 context (%s)",
                      s ? quote(s, q) : "(not a string)",
                      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
            else if (i > 1 && !(s && is_uri(s)) && !json_is_object(item))
                ERROR(c, "expected a context URI or a context object");
            pop(c, m2);
        }
        if (json_array_size(ctx) < 2)
            ERROR(c, "expected at least two entries: the VC context, then the Open Badges 3.0 "
                     "context");
    }
    pop(c, mark);
    if (shape == RECO_OB_MODEL_SHAPE_NONE)
        shape = json_object_get(obj, "issuanceDate") && !json_object_get(obj, "validFrom")
                    ? RECO_OB_MODEL_SHAPE_VC11
                    : RECO_OB_MODEL_SHAPE_VC2;
    return shape;
}

static void check_credential(checker *c, const ob_class *cls, const json_t *obj)
{
    reco_ob_model_shape shape = check_context(c, obj);
    if (c->depth == 1)
        c->out->shape = shape;
    if (shape == RECO_OB_MODEL_SHAPE_VC11)
        /* AnyAchievementCredential / AnyEndorsementCredential: "The scope of this class is
         * only for verification purposes", new credentials use VC DM 2.0. */
        WARN(c, "a VC Data Model 1.1 credential (issuanceDate): accepted for verification, "
                "new Open Badges 3.0 credentials use validFrom");
    check_props(c, shape == RECO_OB_MODEL_SHAPE_VC11 ? cls->props_vc11 : cls->props_vc2, obj);
}

/* The id of the first object of array arr whose "id" is id, or NULL. */
static const json_t *find_by_id(const json_t *arr, const char *id)
{
    for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
        const json_t *o = json_array_get(arr, i);
        const char *s = json_string_value(json_object_get(o, "id"));
        if (s && strcmp(s, id) == 0)
            return o;
    }
    return NULL;
}

/* AchievementSubject: "Either id or at least one identifier MUST be supplied"; a Result's
 * resultDescription is "the id of the result description linked to this result. The linked
 * result description must be in the achievement that is being asserted"; its status is
 * "Required if resultType of the linked ResultDescription is Status"; achievedLevel is "the id
 * of the RubricCriterionLevel in linked ResultDescription". */
static void achievement_subject_rules(checker *c, const json_t *subject)
{
    const json_t *ident = json_object_get(subject, "identifier");
    const json_t *results = json_object_get(subject, "result");
    const json_t *descs =
        json_object_get(json_object_get(subject, "achievement"), "resultDescription");
    char q[48];

    /* An identifier that is there but not an array has its own error already. */
    if (!json_object_get(subject, "id") &&
        (!ident || (json_is_array(ident) && json_array_size(ident) == 0)))
        ERROR(c, "neither id nor identifier: one of them is required (AchievementSubject)");
    for (size_t i = 0; json_is_array(results) && i < json_array_size(results); i++) {
        const json_t *r = json_array_get(results, i);
        const char *link = json_string_value(json_object_get(r, "resultDescription"));
        const char *level = json_string_value(json_object_get(r, "achievedLevel"));
        if (!link)
            continue;
        size_t m0 = push(c, "result");
        size_t m1 = push_index(c, i);
        const json_t *d = find_by_id(descs, link);
        if (!d) {
            size_t m2 = push(c, "resultDescription");
            WARN(c, "'%s' names no resultDescription of the achievement", quote(link, q));
            pop(c, m2);
        } else {
            const char *rt = json_string_value(json_object_get(d, "resultType"));
            if (rt && strcmp(rt, "Status") == 0 && !json_object_get(r, "status")) {
                size_t m2 = push(c, "status");
                ERROR(c, "required property is missing (the linked ResultDescription has "
                         "resultType Status)");
                pop(c, m2);
            }
            if (level && !find_by_id(json_object_get(d, "rubricCriterionLevel"), level)) {
                size_t m2 = push(c, "achievedLevel");
                WARN(c, "'%s' names no rubricCriterionLevel of the linked ResultDescription",
                     quote(level, q));
                pop(c, m2);
            }
        }
        pop(c, m1);
        pop(c, m0);
    }
}

/* IdentityObject: identityHash is "Either the IdentityHash of the identity or the plaintext
 * value"; when hashed is true it is the IdentityHash ("sha256$..." or "md5$..."). */
static void identity_object_rules(checker *c, const json_t *o)
{
    const char *h = json_string_value(json_object_get(o, "identityHash"));
    if (json_is_true(json_object_get(o, "hashed")) && h && !is_identity_hash(h)) {
        size_t mark = push(c, "identityHash");
        ERROR(c, "hashed is true but this is not 'sha256$' + 64 or 'md5$' + 32 hex digits");
        pop(c, mark);
    }
}

static void check_class(checker *c, const ob_class *cls, const json_t *obj)
{
    RECO_ASSERT(cls != NULL);
    if (c->depth >= RECO_OB_MODEL_MAX_DEPTH) {
        ERROR(c, "nested too deeply (more than %d objects of the model)", RECO_OB_MODEL_MAX_DEPTH);
        return;
    }
    c->depth++;
    check_type(c, cls, obj);
    if (cls->props_vc2)
        check_credential(c, cls, obj);
    check_props(c, cls->props, obj);
    if (strcmp(cls->name, "AchievementSubject") == 0)
        achievement_subject_rules(c, obj);
    else if (strcmp(cls->name, "IdentityObject") == 0)
        identity_object_rules(c, obj);
    else if (strcmp(cls->name, "Criteria") == 0 && !json_object_get(obj, "id") &&
             !json_object_get(obj, "narrative"))
        WARN(c, "neither id nor narrative: nothing says how the achievement is earned");
    c->depth--;
}

/* ---------------------------------------------------------------- public */

/* The class a name stands for, the credential aliases included. */
static const ob_class *class_for(const json_t *doc, const char *name)
{
    if (!name) {
        const json_t *type = json_is_object(doc) ? json_object_get(doc, "type") : NULL;
        name = type_holds(type, "EndorsementCredential") ? "EndorsementCredential"
                                                         : "AchievementCredential";
    }
    if (strcmp(name, "OpenBadgeCredential") == 0 || strcmp(name, "AnyAchievementCredential") == 0)
        name = "AchievementCredential";
    else if (strcmp(name, "AnyEndorsementCredential") == 0)
        name = "EndorsementCredential";
    return ob_model_class(name);
}

reco_code reco_ob_model_check(const json_t *doc, const char *class_name, reco_ob_model_issues *out,
                              reco_error *err)
{
    reco_ob_model_issues local;
    checker c;
    reco_code rc = RECO_OK;
    const ob_class *cls = class_for(doc, class_name);

    if (!out)
        out = &local;
    memset(out, 0, sizeof *out);
    if (!cls) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown Open Badges 3.0 class '%.60s'",
                            class_name);
        goto out;
    }
    memset(&c, 0, sizeof c);
    c.out = out;
    out->class_name = cls->name;
    if (!json_is_object(doc))
        ERROR(&c, "expected an object (class %s)", cls->name);
    else
        check_class(&c, cls, doc);
    if (out->errors > 0) {
        /* items[0] is an error: errors are kept first. */
        rc = reco_error_set(err, RECO_ESCHEMA, out->items[0].path, "%s", out->items[0].msg);
    }
out:
    return rc;
}

bool reco_ob_model_enum_has(const char *enum_name, const char *value)
{
    const ob_enum *e = ob_model_enum(enum_name);
    for (size_t i = 0; e && value && e->values[i]; i++)
        if (strcmp(e->values[i], value) == 0)
            return true;
    return false;
}

const char *reco_ob_model_shape_name(reco_ob_model_shape shape)
{
    switch (shape) {
    case RECO_OB_MODEL_SHAPE_VC2:
        return "VC Data Model 2.0";
    case RECO_OB_MODEL_SHAPE_VC11:
        return "VC Data Model 1.1";
    default:
        return "no VC Data Model";
    }
}

/* "/path: message" items of one kind, joined by "; ", into buf. */
static void join(const reco_ob_model_issues *o, bool warnings, char *buf, size_t n)
{
    size_t used = strlen(buf);
    for (size_t i = 0; i < o->count && used + 1 < n; i++) {
        if (o->items[i].warning != warnings)
            continue;
        int w = snprintf(buf + used, n - used, "%s%s: %s", used ? "; " : "",
                         o->items[i].path[0] ? o->items[i].path : "/", o->items[i].msg);
        if (w < 0)
            break;
        used += (size_t)w < n - used ? (size_t)w : n - used - 1;
    }
}

reco_code reco_ob_model_check_report(const json_t *doc, const char *class_name, reco_report *report,
                                     reco_error *err)
{
    reco_ob_model_issues o;
    char errs[400] = "", warns[400] = "";
    reco_code rc = reco_ob_model_check(doc, class_name, &o, err);
    reco_code add;

    if (rc == RECO_EINVAL)
        goto out;
    rc = RECO_OK;
    reco_error_clear(err);
    join(&o, false, errs, sizeof errs);
    join(&o, true, warns, sizeof warns);
    if (o.errors > 0)
        add = reco_report_add(report, "schema", RECO_CHECK_FAILED, "%zu error%s: %s%s%s", o.errors,
                              o.errors == 1 ? "" : "s", errs, o.warnings ? "; warnings: " : "",
                              warns);
    else if (o.warnings > 0)
        add = reco_report_add(report, "schema", RECO_CHECK_WARNING,
                              "conforms to the Open Badges 3.0 data model (%s%s%s) with %zu "
                              "warning%s: %s",
                              o.class_name, o.shape ? ", " : "",
                              o.shape ? reco_ob_model_shape_name(o.shape) : "", o.warnings,
                              o.warnings == 1 ? "" : "s", warns);
    else
        add =
            reco_report_add(report, "schema", RECO_CHECK_PASSED,
                            "conforms to the Open Badges 3.0 data model (%s%s%s)", o.class_name,
                            o.shape ? ", " : "", o.shape ? reco_ob_model_shape_name(o.shape) : "");
    if (add != RECO_OK)
        rc = reco_error_set(err, add, NULL, "out of memory");
out:
    return rc;
}
