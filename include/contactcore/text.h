/**
 * @file contactcore/text.h
 * @brief Text metrics for message composers: SMS segments, weighted length,
 *        per-channel limits (rules TXT-SMS, TXT-WEIGHTED, TXT-LIMITS).
 *
 * A composer calls lcc_text_measure() on every change of the text and shows
 * what is left; lcc_text_sms_segments() shows where an SMS will be split.
 * Text is UTF-8; invalid UTF-8 (overlong forms, surrogates, code points above
 * U+10FFFF, truncated sequences, stray continuation bytes) is refused with
 * LCC_EINVAL, never counted.
 *
 * Measures, channel by channel:
 *
 * | channel                    | encoding           | unit                 | limit |
 * |----------------------------|--------------------|----------------------|-------|
 * | LCC_CHANNEL_SMS            | LCC_TEXT_GSM7/UCS2 | septet / UTF-16 unit | 765   |
 * | LCC_CHANNEL_WHATSAPP       | LCC_TEXT_CHARS     | code point           | 4000  |
 * | LCC_CHANNEL_EMAIL          | LCC_TEXT_CHARS     | code point           | none  |
 * | LCC_CHANNEL_OPEN           | LCC_TEXT_CHARS     | code point           | 4000  |
 * | LCC_CHANNEL_WEB            | LCC_TEXT_CHARS     | code point           | 4000  |
 * | LCC_CHANNEL_FACEBOOK       | LCC_TEXT_CHARS     | code point           | 2000  |
 * | LCC_CHANNEL_INSTAGRAM      | LCC_TEXT_CHARS     | code point           | 1000  |
 * | LCC_CHANNEL_X              | LCC_TEXT_WEIGHTED  | TXT-WEIGHTED weight  | 280   |
 * | LCC_CHANNEL_SOCIAL_PUBLIC  | LCC_TEXT_CHARS     | code point           | 2000  |
 *
 * **SMS (TXT-SMS).**  GSM-7 when every character is in the GSM 03.38 default
 * alphabet or its extension table, else UCS-2.  The default alphabet is the
 * 3GPP TS 23.038 table exactly: `@ £ $ ¥ è é ù ì ò Ç` LF `Ø ø` CR
 * `Å å Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ Æ æ ß É` space `! " # ¤ % & ' ( ) * + , - . /`
 * digits `: ; < = > ? ¡` A-Z `Ä Ö Ñ Ü § ¿` a-z `ä ö ñ ü à`; the extension
 * table adds form feed `^ { } \ [ ~ ] | €`, 2 septets each.  Not in it, so
 * they make a text UCS-2: the backtick, `ç` (only capital `Ç` is there), tab
 * and other control characters, the no-break space, look-alikes such as
 * U+2126 OHM SIGN for `Ω` or Greek capital alpha for `A`.  The national
 * language shift tables are not used, and nothing is transliterated: the
 * text is measured as it would be sent.  UCS-2 counts UTF-16 code units
 * (a code point above U+FFFF is a surrogate pair, 2 units).
 * A text of at most 160 septets / 70 units is one segment; a longer one is
 * split into segments of at most 153 septets / 67 units.  An escape pair
 * (extension character), a surrogate pair and a grapheme cluster (extended
 * grapheme clusters of Unicode's UAX #29 as utf8proc implements them, e.g.
 * CR LF, a letter and its combining marks, an emoji ZWJ sequence, a flag) are
 * never split: the segment ends early and the unit(s) left over are unused.
 * A grapheme cluster longer than a whole segment (only possible in UCS-2, a
 * letter with dozens of combining marks) starts a new segment and is split
 * between code points, each segment filled as far as the next code point
 * allows, so a surrogate pair still stays whole.
 *
 * **Weighted length (TXT-WEIGHTED)**, as twitter-text 3 counts it, in its
 * scale (a weight-1 character counts 1, the limit is 280):
 * - The text is NFC-normalised (utf8proc) one grapheme cluster at a time
 *   (canonical composition never crosses a cluster boundary), without
 *   allocating, except for a cluster of more than 256 code points after
 *   decomposition, whose buffer comes from malloc() and is freed before the
 *   call returns.
 * - Code points in 0–4351, 8192–8205, 8208–8223 and 8242–8247 weigh 1,
 *   everything else 2 (so a CJK ideograph 2, any code point above U+FFFF 2).
 * - An emoji sequence weighs 2 in total: a grapheme cluster that starts with
 *   an Extended_Pictographic code point (ZWJ sequences, skin-tone modifiers,
 *   tag sequences such as the flag of England, presentation selectors), a
 *   pair of regional indicators (a flag), or a keycap (`0-9 # *`, optional
 *   U+FE0F, U+20E3).  As in twemoji, a pictograph followed by U+FE0E (text
 *   presentation) is not an emoji, and `©` and `®` are emoji only with
 *   U+FE0F (alone they weigh 1).  Code points of the cluster that are not
 *   emoji components (e.g. a combining accent after an emoji) add their own
 *   weight.
 * - A URL weighs 23 whatever its length.  Recognised as twitter-text's
 *   extractor does: `http://` or `https://` (any case) followed by a host
 *   (labels of letters, digits and any non-ASCII characters other than
 *   spaces, directional marks and U+FFFE/U+FEFF/U+FFFF), or a host without
 *   protocol (labels of ASCII letters, digits and Latin letters with
 *   accents), whose last label is a top-level domain of the Public Suffix
 *   List compiled in (ASCII, Unicode and "xn--" forms) and is not followed by
 *   a letter, digit, `-`, `@` or `+`; labels of at most 63 characters (after
 *   punycode for non-ASCII), no `-` at either end of a label, `_` only in
 *   subdomains; then an optional `:port`, a path (ending in a letter, digit,
 *   `- + = _ # /` or balanced parentheses: trailing punctuation is not part
 *   of it) and a query.  The URL must not follow a letter, digit, `@`, `$`
 *   or `#`; without protocol, not `-`, `_`, `.` or `/` either, a bare
 *   `name.cc` (two labels, a two-letter country TLD other than `co` and `tv`)
 *   is not a URL, and port and query count only after a path
 *   ("example.com" and "www.foo.co.uk/path" are URLs, "example.jp" is not).
 *   URLs are looked for in the text as given: NFC only changes how a URL is
 *   recognised for compatibility characters such as U+212A KELVIN SIGN.
 *
 * **Limits (TXT-LIMITS).**  `limit` and `remaining` are in the measure of
 * `units`: for SMS the 765 characters of the Genesys body are counted in
 * the encoding's units (septets, so an extension character counts 2 and 765
 * septets are exactly five concatenated segments; UTF-16 units in UCS-2).
 * Email has no limit: `limit` is 0, `remaining` INT64_MAX, `over_limit` 0.
 *
 * All functions here are pure: no context, no global state, safe from any
 * thread at the same time.
 */
#ifndef LCC_TEXT_H
#define LCC_TEXT_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Message channels.  Values are stable. */
typedef enum lcc_channel {
    LCC_CHANNEL_SMS = 0,           /**< SMS: TXT-SMS segments, 765-unit body. */
    LCC_CHANNEL_WHATSAPP = 1,      /**< WhatsApp: 4000 characters. */
    LCC_CHANNEL_EMAIL = 2,         /**< Email: no limit. */
    LCC_CHANNEL_OPEN = 3,          /**< Open messaging: 4000 characters. */
    LCC_CHANNEL_WEB = 4,           /**< Web messaging: 4000 characters. */
    LCC_CHANNEL_FACEBOOK = 5,      /**< Facebook Messenger: 2000 characters. */
    LCC_CHANNEL_INSTAGRAM = 6,     /**< Instagram: 1000 characters. */
    LCC_CHANNEL_X = 7,             /**< X (Twitter): weighted length, TXT-WEIGHTED, 280. */
    LCC_CHANNEL_SOCIAL_PUBLIC = 8  /**< A public social-listening reply on another network: 2000 characters. */
} lcc_channel;

/** What lcc_text_metrics::units counts.  Values are stable. */
typedef enum lcc_text_encoding {
    LCC_TEXT_GSM7 = 0,     /**< SMS in the GSM 03.38 alphabet: septets (extension characters 2). */
    LCC_TEXT_UCS2 = 1,     /**< SMS in UCS-2: UTF-16 code units. */
    LCC_TEXT_CHARS = 2,    /**< Other channels: Unicode code points, as sent (no normalisation). */
    LCC_TEXT_WEIGHTED = 3  /**< X: TXT-WEIGHTED weighted length. */
} lcc_text_encoding;

/**
 * Result of lcc_text_measure() (size-versioned: start from
 * LCC_TEXT_METRICS_INIT).  Fields added later go at the end.
 */
typedef struct lcc_text_metrics {
    size_t size;                 /**< sizeof(lcc_text_metrics) as compiled by the caller. */
    lcc_text_encoding encoding;  /**< What `units` counts. */
    uint32_t segments;           /**< SMS: segments needed (0 for empty text); other channels 1 (0 if empty). */
    uint64_t units;              /**< Septets, UTF-16 units, code points or weighted length of the whole text. */
    uint32_t segment_remaining;  /**< SMS: units left in the last segment (160 for empty text); others 0. */
    int64_t remaining;           /**< limit - units: negative when over; INT64_MAX without a limit. */
    uint64_t limit;              /**< The channel's limit in the measure of `units` (0 = none: email). */
    int over_limit;              /**< 1 when units > limit (never without a limit). */
} lcc_text_metrics;

/** Initialiser for lcc_text_metrics. */
#define LCC_TEXT_METRICS_INIT { sizeof(lcc_text_metrics), LCC_TEXT_GSM7, 0, 0, 0, 0, 0, 0 }

/**
 * Measures a text for a channel: encoding, units, SMS segments, what is
 * left before the channel's limit (see the file comment for each rule).
 *
 * @param[out] out     metrics; `out->size` must be set (LCC_TEXT_METRICS_INIT).
 *                     Written only on LCC_OK.
 * @param channel      the channel whose rules apply.
 * @param text         UTF-8, `len` bytes (no terminator needed; a NUL byte is
 *                     a character); may be NULL when `len` is 0.
 * @param len          length of `text` in bytes.
 * @return LCC_OK; LCC_EINVAL for invalid UTF-8 or an unknown channel;
 *         LCC_EMISUSE for a NULL `out`, an unknown `out->size`, or a NULL
 *         `text` with a non-zero `len`; LCC_ENOMEM only on LCC_CHANNEL_X for
 *         a grapheme cluster of more than 256 code points when malloc fails.
 * @note Pure and thread-safe.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_text_measure(lcc_text_metrics *out, lcc_channel channel,
                                    const char *text, size_t len);

/**
 * Where an SMS is split: the byte offset in `text` at which each segment
 * starts, by the same rules as lcc_text_measure() on LCC_CHANNEL_SMS
 * (offsets[0] is 0; one segment for a text that fits in one).  An offset
 * never falls inside an escape pair, a surrogate pair (a UTF-8 sequence) or
 * a grapheme cluster, except inside a cluster longer than a segment.
 *
 * @param[out] offsets  room for `max` offsets; may be NULL when `max` is 0
 *                      (to ask for the count only: LCC_ERANGE unless the
 *                      text is empty).
 * @param max           number of entries in `offsets`.
 * @param[out] count    number of segments (0 for empty text).
 * @param text          UTF-8, `len` bytes; may be NULL when `len` is 0.
 * @param len           length of `text` in bytes.
 * @return LCC_OK; LCC_ERANGE when there are more than `max` segments: `*count`
 *         is still set and the first `max` offsets written; LCC_EINVAL for
 *         invalid UTF-8 (nothing written); LCC_EMISUSE for a NULL `count`, a
 *         NULL `offsets` with a non-zero `max`, or a NULL `text` with a
 *         non-zero `len`.
 * @note Pure and thread-safe.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_text_sms_segments(size_t *offsets, size_t max, size_t *count,
                                         const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* LCC_TEXT_H */
