/**
 * @file contactcore/phone.h
 * @brief Phone numbers: E.164 normalisation and a host validator hook.
 *
 * Validity is libphonenumber's "is possible" level: the country calling code
 * exists and the national number has a possible length for that country.
 * The tables come from Google's libphonenumber metadata (see
 * lcc_phone_metadata_version()).  Hosts that need stricter checks (number
 * type, carrier, portability) plug in a validator with
 * lcc_context_set_phone_validator().
 */
#ifndef LCC_PHONE_H
#define LCC_PHONE_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** Size of a buffer that holds any E.164 number plus NUL ("+" and 15 digits). */
#define LCC_E164_BUFSIZE 17
/** Size of a buffer that holds any extension plus NUL. */
#define LCC_EXTENSION_BUFSIZE 16

/**
 * Host validator, called after a number was found possible.
 *
 * @param e164     the normalised number, e.g. "+33142685300".
 * @param region   ISO 3166 alpha-2 region of the country code ("" for
 *                 non-geographic codes).
 * @param reason   buffer for a sentence explaining a refusal (may stay empty).
 * @return 0 to accept the number, non-zero to refuse it.
 */
typedef int (*lcc_phone_validator_fn)(const char *e164, const char *region, char *reason,
                                      size_t reason_size, void *user_data);

/**
 * Normalises a phone number to E.164.
 *
 * Understands "+" international numbers, the international dialling prefixes
 * "00" and "011" (and the default country's own), national numbers with the
 * default country's trunk prefix, "tel:" URIs (RFC 3966, with ";ext=" and
 * ";phone-context="), punctuation, decimal digits of other scripts, and
 * extensions ("ext. 12", "x12", "#12"), which are returned apart.
 *
 * @param[out] e164            buffer of at least LCC_E164_BUFSIZE bytes.
 * @param      e164_size       its size.
 * @param[out] extension       buffer for the extension ("" when none), or
 *                             NULL to drop it.
 * @param      extension_size  its size (at least LCC_EXTENSION_BUFSIZE when
 *                             extension is not NULL).
 * @param      ctx             context (for the validator hook and errors).
 * @param      input           UTF-8 text.
 * @param      default_country ISO 3166 alpha-2 code for national input, or
 *                             NULL.
 * @return LCC_OK; LCC_EINVAL (not UTF-8, empty, letters, unknown default
 *         country); LCC_EBADNUMBER (unknown country code, national number
 *         without default country, impossible length, refused by the host
 *         validator); LCC_ERANGE when a result does not fit its buffer;
 *         LCC_EMISUSE.  The reason is in lcc_context_errmsg().
 *         The output buffers are written only on LCC_OK.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_phone_normalize(char *e164, size_t e164_size, char *extension,
                                       size_t extension_size, struct lcc_context *ctx,
                                       const char *input, const char *default_country);

/**
 * Installs (or with fn == NULL removes) the context's phone validator.  It is
 * used by lcc_phone_normalize() and by every rule that checks a number
 * (CB-NUMBER, CB-CALLERID).
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_phone_validator(struct lcc_context *ctx,
                                                   lcc_phone_validator_fn fn, void *user_data);

/**
 * Version of the libphonenumber metadata compiled in, e.g.
 * "libphonenumber-js 1.12.8 (metadata.max.json)".  Static string.
 * @since 0.1.0
 */
LCC_API const char *lcc_phone_metadata_version(void);

#ifdef __cplusplus
}
#endif
#endif /* LCC_PHONE_H */
