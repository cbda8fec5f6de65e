/*
 * reco/common.h - what every reco module shares: the export macro, the one error type,
 * slices and invariant assertions.
 */
#ifndef RECO_COMMON_H
#define RECO_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#if defined(RECO_BUILDING) && defined(__GNUC__)
#define RECO_API __attribute__((visibility("default")))
#else
#define RECO_API
#endif

#if defined(__GNUC__)
#define RECO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RECO_PRINTF(f, a)
#endif

/** Result codes. Every fallible function returns one and takes `reco_error *err` last. */
typedef enum reco_code {
    RECO_OK = 0,
    RECO_ENOMEM,  /**< out of memory */
    RECO_EINVAL,  /**< bad argument or usage */
    RECO_EPARSE,  /**< input could not be parsed */
    RECO_ESCHEMA, /**< parsed, but not the shape the specification requires */
    RECO_EVERIFY, /**< a verdict: the proof or a check failed */
    RECO_ECRYPTO, /**< the crypto library failed */
    RECO_ENOTFOUND,
    RECO_ECONFLICT,
    RECO_ELIMIT, /**< a size, depth, count or work limit was reached */
    RECO_EIO,
    RECO_ESTORE,
    RECO_EDENIED /**< authenticated, but without the right (a role) to do this */
} reco_code;

/** One error: a code, the JSON pointer where it applies (may be empty), a message. */
typedef struct reco_error {
    reco_code code;
    char path[96]; /**< JSON pointer, e.g. "/credentialSubject/achievement/id" */
    char msg[160]; /**< lower case, what is wrong first */
} reco_error;

/**
 * Fill *err (when err is not NULL) and return code. The message is formatted with printf
 * rules and truncated to fit. path may be NULL.
 */
RECO_API reco_code reco_error_set(reco_error *err, reco_code code, const char *path,
                                  const char *fmt, ...) RECO_PRINTF(4, 5);

/** Reset *err to RECO_OK with empty path and message (err may be NULL). */
RECO_API void reco_error_clear(reco_error *err);

/** A static name for a code: "ok", "out of memory", "parse error", ... */
RECO_API const char *reco_code_name(reco_code code);

/** A slice of bytes that it never owns. */
typedef struct reco_slice {
    const char *ptr;
    size_t len;
} reco_slice;

/** Invariants only, never data from outside. Aborts with file and line when false. */
RECO_API void reco_assert_fail(const char *expr, const char *file, int line);
#define RECO_ASSERT(e) ((e) ? (void)0 : reco_assert_fail(#e, __FILE__, __LINE__))

/** Wipe a secret so the compiler cannot drop the write. */
RECO_API void reco_wipe(void *p, size_t n);

/** Constant-time comparison of n bytes: true when equal. */
RECO_API bool reco_ct_equal(const void *a, const void *b, size_t n);

#endif
