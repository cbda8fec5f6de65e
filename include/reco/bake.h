/*
 * reco/bake.h - Open Badges baking: embed a credential in a PNG or SVG image and extract it
 * again (Open Badges 3.0 §"Baked Badge", Open Badges 2.0 Baking Specification).
 *
 * PNG: one iTXt chunk, keyword "openbadgecredential" (3.0) or "openbadges" (2.0), holding the
 * credential JSON or its compact JWS; legacy 2.0 images hold a hosted assertion URL in a tEXt
 * chunk "openbadges". SVG: one <openbadges:credential> element (namespace
 * https://purl.imsglobal.org/ob/v3p0) or <openbadges:assertion> (namespace
 * http://openbadges.org) right after the root <svg> tag, with the JSON in CDATA or the JWS
 * (2.0: or URL) in a verify attribute.
 *
 * An image holds at most one credential: baking replaces whatever credential the image held
 * (of either version), and extraction refuses an image with several.
 *
 * Everything here reads untrusted bytes with limits: images over RECO_BAKE_MAX_IMAGE bytes and
 * baked texts over RECO_BAKE_MAX_TEXT bytes (also after inflating a compressed iTXt) are
 * refused with RECO_ELIMIT. SVG input with a DOCTYPE internal subset or any ENTITY
 * declaration is refused; only the five predefined XML entities and numeric character
 * references are decoded.
 */
#ifndef RECO_BAKE_H
#define RECO_BAKE_H

#include "reco/common.h"
#include "reco/base.h"

/** Largest image accepted, in bytes (16 MiB). */
#define RECO_BAKE_MAX_IMAGE (16u * 1024u * 1024u)
/** Largest baked text accepted, in bytes (2 MiB), before or after inflating. */
#define RECO_BAKE_MAX_TEXT (2u * 1024u * 1024u)

/** PNG iTXt/tEXt keyword of Open Badges 3.0 (OB 3.0 §"PNG Baking"). */
#define RECO_BAKE_PNG_KEYWORD_V3 "openbadgecredential"
/** PNG iTXt (and legacy tEXt) keyword of Open Badges 2.0 (OB 2.0 Baking §PNGs). */
#define RECO_BAKE_PNG_KEYWORD_V2 "openbadges"
/** SVG namespace of Open Badges 3.0, element <openbadges:credential>. */
#define RECO_BAKE_SVG_NS_V3 "https://purl.imsglobal.org/ob/v3p0"
/** SVG namespace of Open Badges 2.0, element <openbadges:assertion>. */
#define RECO_BAKE_SVG_NS_V2 "http://openbadges.org"

/** What kind of image a byte string is. */
typedef enum reco_bake_format {
    RECO_BAKE_OTHER = 0, /**< neither PNG nor SVG */
    RECO_BAKE_PNG,       /**< starts with the 8-byte PNG signature */
    RECO_BAKE_SVG        /**< XML (after an optional BOM, prolog, comments) whose root is svg */
} reco_bake_format;

/** What a baked text is. */
typedef enum reco_bake_kind {
    RECO_BAKE_JSON = 1, /**< a JSON object: credential with embedded proof, or 2.0 assertion */
    RECO_BAKE_JWT,      /**< a compact JWS (VC-JWT, or a signed 2.0 assertion) */
    RECO_BAKE_URL       /**< an http(s) URL of a hosted 2.0 assertion */
} reco_bake_kind;

/** An extracted credential. Caller-owned: reco_baked_init / reco_baked_release. */
typedef struct reco_baked {
    int version;         /**< 2 or 3: which Open Badges baking held it */
    reco_bake_kind kind; /**< how to read text */
    reco_buf text;       /**< the baked text as found, NUL-terminated, white space around dropped */
} reco_baked;

/** Empty result, text capped at RECO_BAKE_MAX_TEXT. */
RECO_API void reco_baked_init(reco_baked *b);
/** Free the text; the result may be reused. NULL does nothing. */
RECO_API void reco_baked_release(reco_baked *b);

/**
 * The format of an image by its first bytes: the PNG signature, or XML (optional UTF-8 BOM,
 * whitespace, <?xml ...?>, comments, DOCTYPE) whose first element is <svg> (any prefix).
 * Never fails; RECO_BAKE_OTHER for anything else.
 */
RECO_API reco_bake_format reco_bake_detect(const void *img, size_t n);

/**
 * The kind of a text to bake or just extracted: a JSON object (first non-blank byte '{'), a
 * compact JWS (three non-empty base64url parts joined by two dots) or an http/https URL, once
 * surrounding white space is set aside. RECO_EPARSE for anything else, for text that is not
 * UTF-8 or that holds a NUL byte.
 */
RECO_API reco_code reco_bake_kind_of(const char *text, size_t len, reco_bake_kind *kind,
                                     reco_error *err);

/**
 * Check that text can be baked as Open Badges version (2 or 3): at most RECO_BAKE_MAX_TEXT
 * bytes, a kind reco_bake_kind_of recognises, and no URL for 3.0 (3.0 bakes JSON or a compact
 * JWS only). *kind (may be NULL) gets the kind. RECO_EINVAL or RECO_ELIMIT.
 */
RECO_API reco_code reco_bake_check(const char *text, size_t len, int version, reco_bake_kind *kind,
                                   reco_error *err);

/**
 * The Open Badges version a credential text belongs to: 2 when the JSON (or the payload of
 * the compact JWS) has an @context that is, or is an array holding,
 * "https://w3id.org/openbadges/v2" (or the 1.x contexts under https://w3id.org/openbadges),
 * and for a URL alone (only 2.0 bakes hosted URLs); 3 for anything else.
 */
RECO_API int reco_bake_guess_version(const char *text, size_t len);

/**
 * Bake text into the PNG img[0..n) and put the new image in out (cleared first). The text is
 * written uncompressed (compression MUST NOT be used) in an iTXt chunk with the keyword of
 * version (2 or 3), placed right after IHDR. Every earlier Open Badges chunk (iTXt, zTXt or
 * tEXt with either keyword) is dropped: one credential per image. Bytes after IEND are
 * dropped. The PNG is checked as reco_extract_png checks it. White space around text is not
 * baked (extraction drops it too).
 * Version 3 accepts JSON and JWT; version 2 also accepts a URL (written in the iTXt chunk
 * too, never in a legacy tEXt). Returns RECO_EINVAL (bad version or text kind), RECO_EPARSE
 * (corrupt PNG), RECO_ELIMIT, RECO_ENOMEM.
 */
RECO_API reco_code reco_bake_png(const void *img, size_t n, const char *text, size_t len,
                                 int version, reco_buf *out, reco_error *err);

/**
 * Bake text into the SVG img[0..n), new image in out (cleared first). The root <svg> start
 * tag gets xmlns:openbadges with the namespace of version (replacing an earlier value), and
 * right after it comes <openbadges:credential> (3) or <openbadges:assertion> (2): JSON goes
 * into CDATA (a "]]>" inside is split across two CDATA sections), a JWT or URL into the
 * verify attribute of an empty element. For a 2.0 JSON assertion whose "id" is an http(s)
 * URL, that URL also goes into verify (OB 2.0 Baking §SVGs). Earlier Open Badges elements of
 * either version are removed; the rest of the document is copied byte for byte.
 * Returns RECO_EINVAL, RECO_EPARSE (not well-formed enough, DOCTYPE subset, ENTITY),
 * RECO_ELIMIT, RECO_ENOMEM.
 */
RECO_API reco_code reco_bake_svg(const void *img, size_t n, const char *text, size_t len,
                                 int version, reco_buf *out, reco_error *err);

/** reco_bake_png or reco_bake_svg by reco_bake_detect; RECO_EINVAL for another format. */
RECO_API reco_code reco_bake(const void *img, size_t n, const char *text, size_t len, int version,
                             reco_buf *out, reco_error *err);

/**
 * Extract the credential of a PNG. Every chunk is checked: signature, lengths within the
 * file, CRC-32, IHDR first and only once, IEND present. iTXt "openbadgecredential" gives version 3,
 * iTXt "openbadges" version 2 (compressed iTXt is inflated, capped at RECO_BAKE_MAX_TEXT), tEXt
 * "openbadges" version 2 (legacy hosted URL). Returns RECO_ENOTFOUND when the image holds no
 * credential, RECO_EPARSE for corrupt images, bad text or several credentials, RECO_ELIMIT.
 */
RECO_API reco_code reco_extract_png(const void *img, size_t n, reco_baked *out, reco_error *err);

/**
 * Extract the credential of an SVG: the <openbadges:credential> (3) or <openbadges:assertion>
 * (2) element, recognised by the namespace bound to its prefix (an undeclared "openbadges"
 * prefix is accepted by name). A non-blank body (CDATA or text) is the JSON; otherwise the
 * verify attribute is the JWT or URL. Returns RECO_ENOTFOUND, RECO_EPARSE (including DOCTYPE
 * internal subsets, ENTITY declarations, undefined entities, several credentials),
 * RECO_ELIMIT.
 */
RECO_API reco_code reco_extract_svg(const void *img, size_t n, reco_baked *out, reco_error *err);

/** reco_extract_png or reco_extract_svg by reco_bake_detect; RECO_EPARSE for another format. */
RECO_API reco_code reco_extract(const void *img, size_t n, reco_baked *out, reco_error *err);

#endif
