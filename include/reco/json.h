/*
 * reco/json.h - JSON reading and writing on jansson, with limits, and the JSON
 * Canonicalization Scheme (RFC 8785) including ECMAScript number formatting.
 *
 * Numbers: integers that fit in int64 are jansson integers, every other number is a jansson
 * real. Code that needs the numeric value of either uses json_number_value(). Writers print
 * reals the ECMAScript way (RFC 8785 §3.2.2.3), so 1.0 prints as 1 and 1e21 as 1e+21.
 */
#ifndef RECO_JSON_H
#define RECO_JSON_H

#include "reco/common.h"
#include "reco/base.h"
#include <jansson.h>

/** Limits for parsing untrusted JSON. Zero in a field means the default. */
typedef struct reco_json_limits {
    size_t max_bytes; /**< default 4 MiB */
    int max_depth;    /**< nesting of arrays/objects, default 64 */
} reco_json_limits;

#define RECO_JSON_DEFAULT_MAX_BYTES (4u * 1024u * 1024u)
#define RECO_JSON_DEFAULT_MAX_DEPTH 64

/**
 * Parse one JSON text (any value, RFC 8259 §2, not only objects and arrays). Refuses
 * (RECO_EPARSE or RECO_ELIMIT, with line/column in err->msg): input over max_bytes, nesting
 * over max_depth (checked before parsing), duplicate keys in an object, invalid UTF-8, lone
 * surrogate escapes, \u0000 in strings, trailing data, an empty input, numbers beyond the
 * double range. A document holding an integer beyond int64 is read with every number as a
 * real. On OK *out is a new reference the caller json_decref()s; on error *out is NULL.
 */
RECO_API reco_code reco_json_parse(const char *data, size_t len, const reco_json_limits *lim,
                                   json_t **out, reco_error *err);

/**
 * reco_file_read + reco_json_parse ("-" is stdin), capped at lim->max_bytes. Parse errors are
 * prefixed with the path: "doc.json: invalid JSON at line 3, column 7: ...".
 */
RECO_API reco_code reco_json_read_file(const char *path, const reco_json_limits *lim, json_t **out,
                                       reco_error *err);

/** Writer flags. */
enum {
    RECO_JSON_PRETTY = 1,    /**< two-space indent and newlines */
    RECO_JSON_SORT_KEYS = 2, /**< keys in code-unit order (as RFC 8785 does) */
    RECO_JSON_ASCII = 4      /**< escape every non-ASCII character as \uXXXX */
};

/**
 * Append the JSON text of v to out. Strings are written as RFC 8785 §3.2.2.2 does (only the
 * required escapes, \b \t \n \f \r, others as \u00xx lower case), numbers as ECMAScript
 * (so integers beyond ±2^53 print as the double they round to). Object members keep their
 * insertion order unless RECO_JSON_SORT_KEYS. No trailing newline, even when PRETTY.
 * RECO_EINVAL for NaN, infinity or a string that is not UTF-8; RECO_ELIMIT when out's cap is
 * reached. On error out is left as it was.
 */
RECO_API reco_code reco_json_write(const json_t *v, int flags, reco_buf *out, reco_error *err);

/**
 * RFC 8785 canonical form of v appended to out: no whitespace, object members sorted by
 * their UTF-16 code units, ECMAScript numbers.
 */
RECO_API reco_code reco_jcs(const json_t *v, reco_buf *out, reco_error *err);

/**
 * ECMAScript Number::toString of d (ECMA-262 §6.1.6.1.20, as RFC 8785 §3.2.2.3 mandates) into
 * out, which holds at least 32 bytes. -0 prints "0". Returns the length, or -1 for NaN/inf.
 */
RECO_API int reco_es_number(double d, char out[32]);

/** Compare two JSON values for equality as parsed data (numbers by value, objects unordered). */
RECO_API bool reco_json_equal(const json_t *a, const json_t *b);

/**
 * Append "/"-joined JSON pointer segment to a path buffer of size n (RFC 6901 escaping of
 * '~' and '/'). Truncates silently; used to build reco_error.path.
 */
RECO_API void reco_json_path_push(char *path, size_t n, const char *segment);
/** Same for an array index. */
RECO_API void reco_json_path_push_index(char *path, size_t n, size_t index);

#endif
