/* Internal text metrics: UTF-8 decoding, SMS segmentation (TXT-SMS),
 * grapheme clusters, weighted length (TXT-WEIGHTED), URL recognition and the
 * table of top-level domains generated from the Public Suffix List by
 * scripts/gen-tlds.py.  Pure functions: no context, no global state. */
#ifndef LCC_TEXT_TEXT_H
#define LCC_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 ------------------------------------------------------------- */

/* Strict decoder: no overlongs, surrogates, code points above U+10FFFF or
 * truncated sequences.  Returns the length of the sequence at s[i] (i < n),
 * or 0 when it is not valid UTF-8. */
static inline size_t lcc__u8_next(const unsigned char *s, size_t i, size_t n, uint32_t *cp)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0Fu;
        if (c == 0xE0)
            lo = 0xA0; /* no overlongs */
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07u;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    v = v << 6 | (s[i + 1] & 0x3Fu);
    for (size_t k = 2; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i + k] & 0x3Fu);
    }
    *cp = v;
    return len;
}

/* Decoder for text already checked: returns the sequence length at s[i]. */
static inline size_t lcc__u8_dec(const unsigned char *s, size_t i, uint32_t *cp)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = (c & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0) {
        *cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
        return 3;
    }
    *cp = (c & 0x07u) << 18 | (s[i + 1] & 0x3Fu) << 12 | (s[i + 2] & 0x3Fu) << 6 |
          (s[i + 3] & 0x3Fu);
    return 4;
}

/* Checks s[0..n) and counts its code points.  Returns 0 for invalid UTF-8. */
int lcc__text_count(const unsigned char *s, size_t n, uint64_t *code_points);

/* ---- grapheme clusters ------------------------------------------------- */

/* End of the extended grapheme cluster (UAX #29, utf8proc) that starts at
 * s[i], i < n; s[0..n) is valid UTF-8.  `n` also works as a forced break. */
size_t lcc__cluster_end(const unsigned char *s, size_t n, size_t i);

/* ---- SMS (TXT-SMS) ----------------------------------------------------- */

#define LCC__SMS_SINGLE_GSM7 160u
#define LCC__SMS_MULTI_GSM7 153u
#define LCC__SMS_SINGLE_UCS2 70u
#define LCC__SMS_MULTI_UCS2 67u

typedef struct lcc__sms {
    int ucs2;           /* 0: GSM-7 septets, 1: UCS-2 (UTF-16 units) */
    uint64_t units;     /* septets or UTF-16 units of the whole text */
    uint64_t segments;  /* 0 for empty text */
    uint32_t remaining; /* units left in the last segment */
} lcc__sms;

/* Measures s[0..n) as an SMS.  When `offsets` is not NULL, the byte offsets
 * where the first `max` segments start are written to it.  Returns 0 for
 * invalid UTF-8. */
int lcc__sms_plan(lcc__sms *out, const unsigned char *s, size_t n, size_t *offsets,
                  size_t max);

/* Septets of code point cp in GSM-7: 1 (default alphabet), 2 (extension
 * table) or 0 (not representable). */
unsigned lcc__gsm7_septets(uint32_t cp);

/* ---- weighted length (TXT-WEIGHTED) ------------------------------------ */

#define LCC__WEIGHTED_LIMIT 280u
#define LCC__WEIGHTED_URL 23u

/* Weight of one code point: 1 or 2. */
static inline unsigned lcc__cp_weight(uint32_t c)
{
    return (c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
            (c >= 8242 && c <= 8247)) ? 1u : 2u;
}

/* Weighted length of s[0..n), valid UTF-8.  Returns 0, or -1 when the buffer
 * for a very long grapheme cluster could not be allocated. */
int lcc__weighted_length(uint64_t *out, const unsigned char *s, size_t n);

/* ---- URLs -------------------------------------------------------------- */

/* Finds the first URL that starts at or after `from` in s[0..n) (valid
 * UTF-8), as TXT-WEIGHTED recognises them.  Returns 1 and its byte range
 * [*start, *end), or 0 when there is none. */
int lcc__url_find(const unsigned char *s, size_t n, size_t from, size_t *start, size_t *end);

/* Length of the punycode encoding (RFC 3492, without "xn--") of the n code
 * points cp (a label: n is small, at most 63 here). */
size_t lcc__punycode_len(const uint32_t *cp, size_t n);

/* ---- top-level domains (generated: tlds.c) ----------------------------- */

/* 1 when the lowercase label s[0..n) (UTF-8) is a top-level domain of the
 * Public Suffix List compiled in. */
int lcc__tld_known(const char *s, size_t n);

typedef struct lcc__tld {
    const char *name; /* lowercase UTF-8 */
    unsigned char len;
} lcc__tld;

/* Sorted by bytes (shorter first on a common prefix). */
extern const lcc__tld lcc__tld_table[];
extern const size_t lcc__tld_count;
extern const size_t lcc__tld_max_len;

#endif
