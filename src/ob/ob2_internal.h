/*
 * ob2_internal.h - what ob2_model.c gives ob2.c: JSON helpers and the property checks of the
 * Open Badges 2.0 classes. Each check writes the first problem into why[0..n).
 */
#ifndef RECO_OB2_INTERNAL_H
#define RECO_OB2_INTERNAL_H

#include "reco/ob2.h"

const char *ob2_str(const json_t *o, const char *key);
bool ob2_is_http_url(const char *s);
bool ob2_is_iri(const char *s);
bool ob2_has_type(const json_t *node, const char *name);
bool ob2_host_of(const char *url, char *out, size_t n);
void ob2_normalize_linked(json_t *o, const char *url, const char *type);
bool ob2_type_valid(const json_t *node, char *why, size_t n);
bool ob2_image_valid(const json_t *img, bool data_ok, const char *what, char *why, size_t n);
bool ob2_check_badgeclass(const json_t *bc, char *why, size_t n);
bool ob2_check_profile(const json_t *p, bool as_issuer, char *why, size_t n);
bool ob2_check_assertion(const json_t *a, char *why, size_t n, char *path, size_t pn);
bool ob2_check_other(const json_t *o, char *why, size_t n);

#endif
