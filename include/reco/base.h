/*
 * reco/base.h - arena, capped growable buffer, byte codecs (hex, base64url, base58btc,
 * multibase), UTF-8 validation and RFC 3339 / xsd:dateTime time.
 */
#ifndef RECO_BASE_H
#define RECO_BASE_H

#include "reco/common.h"
#include <time.h>

/* ---------------------------------------------------------------- arena */

/** A bump allocator: many allocations, one free. */
typedef struct reco_arena reco_arena;

/** A new arena that refuses to grow past max_bytes in total (0 = no cap). NULL on ENOMEM. */
RECO_API reco_arena *reco_arena_new(size_t max_bytes);
/** Free the arena and everything allocated from it. NULL does nothing. */
RECO_API void reco_arena_free(reco_arena *a);
/** Forget every allocation but keep the first block for reuse. */
RECO_API void reco_arena_reset(reco_arena *a);
/** n bytes aligned for any type, or NULL when out of memory or over the cap. */
RECO_API void *reco_arena_alloc(reco_arena *a, size_t n);
/** n zeroed bytes. */
RECO_API void *reco_arena_calloc(reco_arena *a, size_t n);
/** A NUL-terminated copy of s[0..n). */
RECO_API char *reco_arena_strndup(reco_arena *a, const char *s, size_t n);
/** A NUL-terminated copy of s. */
RECO_API char *reco_arena_strdup(reco_arena *a, const char *s);
/** Bytes handed out so far. */
RECO_API size_t reco_arena_used(const reco_arena *a);

/* ---------------------------------------------------------------- buffer */

/**
 * A growable byte buffer with a hard cap. data is always NUL-terminated (the NUL is not
 * counted in len). Caller-owned: reco_buf_init / reco_buf_release.
 */
typedef struct reco_buf {
    char *data;
    size_t len;
    size_t cap; /**< allocated */
    size_t max; /**< hard cap on len; appending past it fails with RECO_ELIMIT */
} reco_buf;

/** Empty buffer that may grow to max bytes (0 = SIZE_MAX / 2). Allocates nothing yet. */
RECO_API void reco_buf_init(reco_buf *b, size_t max);
/** Free the storage; the buffer is then empty and may be reused. */
RECO_API void reco_buf_release(reco_buf *b);
/** Make len 0, keep the storage. */
RECO_API void reco_buf_clear(reco_buf *b);
/** Make room for n more bytes. RECO_ENOMEM or RECO_ELIMIT. */
RECO_API reco_code reco_buf_reserve(reco_buf *b, size_t n);
RECO_API reco_code reco_buf_append(reco_buf *b, const void *p, size_t n);
RECO_API reco_code reco_buf_puts(reco_buf *b, const char *s);
RECO_API reco_code reco_buf_putc(reco_buf *b, char c);
RECO_API reco_code reco_buf_printf(reco_buf *b, const char *fmt, ...) RECO_PRINTF(2, 3);
/** Hand the storage to the caller (free() it); the buffer is left empty. Never NULL on OK. */
RECO_API char *reco_buf_detach(reco_buf *b, size_t *len);
/**
 * Give a buffer failure its message: for RECO_ELIMIT "WHAT exceeds the limit of N bytes" (N =
 * b->max), for RECO_ENOMEM "out of memory"; any other code leaves err alone. Returns rc, so
 * `return reco_buf_error(reco_buf_append(...), b, "response", err);` reads well.
 */
RECO_API reco_code reco_buf_error(reco_code rc, const reco_buf *b, const char *what,
                                  reco_error *err);

/* ---------------------------------------------------------------- codecs */

/*
 * Encoders append to out and return RECO_OK, RECO_ENOMEM or RECO_ELIMIT (out's cap). Decoders
 * append to out and, on any error, leave out as it was; their messages name the bad character
 * and its offset, or say "decoded data exceeds the limit of N bytes".
 */

/** Lower-case hex of n bytes into out (2n chars + NUL). */
RECO_API reco_code reco_hex_encode(const uint8_t *p, size_t n, reco_buf *out);
/** Hex (either case, even length) to bytes appended to out. RECO_EPARSE on bad input. */
RECO_API reco_code reco_hex_decode(const char *s, size_t n, reco_buf *out, reco_error *err);

/** base64url without padding (RFC 4648 §5). */
RECO_API reco_code reco_base64url_encode(const uint8_t *p, size_t n, reco_buf *out);
/** base64url; padding accepted but not required; other alphabets refused. */
RECO_API reco_code reco_base64url_decode(const char *s, size_t n, reco_buf *out, reco_error *err);
/** Standard base64 with padding (RFC 4648 §4). */
RECO_API reco_code reco_base64_encode(const uint8_t *p, size_t n, reco_buf *out);
/** Standard base64; whitespace is refused; padding optional. */
RECO_API reco_code reco_base64_decode(const char *s, size_t n, reco_buf *out, reco_error *err);

/** base58 with the Bitcoin alphabet; leading zero bytes become '1's. Over 4096 bytes:
 * RECO_ELIMIT. */
RECO_API reco_code reco_base58btc_encode(const uint8_t *p, size_t n, reco_buf *out);
/** Each leading '1' is a zero byte; 0 O I l are refused. Input longer than 4096 characters
 * is refused with RECO_ELIMIT. */
RECO_API reco_code reco_base58btc_decode(const char *s, size_t n, reco_buf *out, reco_error *err);

/**
 * Multibase (draft-multiformats-multibase): decode 'z' (base58btc), 'u' (base64url no pad),
 * 'f' (hex) and 'm' (base64). Other prefixes give RECO_EPARSE naming the prefix.
 */
RECO_API reco_code reco_multibase_decode(const char *s, size_t n, reco_buf *out, reco_error *err);
/** Encode with prefix 'z' (base58btc) or 'u' (base64url); another prefix gives RECO_EINVAL. */
RECO_API reco_code reco_multibase_encode(char prefix, const uint8_t *p, size_t n, reco_buf *out);

/* ---------------------------------------------------------------- UTF-8 */

/** True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
RECO_API bool reco_utf8_valid(const char *s, size_t n);

/**
 * Decode one code point at s[*i], advance *i. Returns the code point or -1 when malformed
 * (then *i advances by one byte).
 */
RECO_API int32_t reco_utf8_next(const char *s, size_t n, size_t *i);

/* ---------------------------------------------------------------- time */

/** A moment: seconds since the Unix epoch (UTC) plus nanoseconds. */
typedef struct reco_time {
    int64_t sec;
    int32_t nsec;
    bool has_offset; /**< the text carried Z or +hh:mm (xsd:dateTime may omit it) */
} reco_time;

/**
 * Parse RFC 3339 / xsd:dateTime: YYYY-MM-DDThh:mm:ss[.fraction][Z|(+|-)hh:mm]. Lower-case
 * 't' and 'z' accepted (RFC 3339 §5.6 note). With require_offset, text without an offset is
 * refused (VC Data Model 2.0 §4.5 asks for dateTimeStamp). Leap second 60 refused; 24:00:00
 * (xsd:dateTime) is the first instant of the next day. Years 0001-9999; fraction digits past
 * nanoseconds are dropped. RECO_EPARSE with "invalid date-time: ..." otherwise.
 */
RECO_API reco_code reco_time_parse(const char *s, size_t n, bool require_offset, reco_time *out,
                                   reco_error *err);
/**
 * Append "YYYY-MM-DDThh:mm:ssZ" (UTC; ".fraction" without trailing zeros only when nsec != 0)
 * to out. RECO_EINVAL when the year falls outside 0001-9999.
 */
RECO_API reco_code reco_time_format(const reco_time *t, reco_buf *out);
/** The current time. */
RECO_API reco_time reco_time_now(void);
/** <0, 0, >0 like strcmp. */
RECO_API int reco_time_cmp(const reco_time *a, const reco_time *b);

/* ---------------------------------------------------------------- files */

/**
 * Append a whole file (or stdin for "-") to out, refusing more than max bytes (0 = out's cap):
 * RECO_ELIMIT "FILE exceeds the limit of N bytes", RECO_EIO "cannot read FILE: <strerror>".
 * On error out is left as it was.
 */
RECO_API reco_code reco_file_read(const char *path, size_t max, reco_buf *out, reco_error *err);
/**
 * Write n bytes to path atomically (temporary file in the same folder, fsync, rename) with the
 * given mode (e.g. 0600 for keys, 0644 otherwise).
 */
RECO_API reco_code reco_file_write(const char *path, const void *p, size_t n, unsigned mode,
                                   reco_error *err);

#endif
