/* Weighted length (TXT-WEIGHTED), as twitter-text 3 counts it.
 *
 * twitter-text NFC-normalises the whole text, then walks it: a URL counts 23,
 * an emoji (twemoji's pattern) 2, any other code point 1 or 2 by its range.
 * Here the text is walked one grapheme cluster at a time between URLs:
 * canonical composition and reordering never cross a cluster boundary (every
 * character with a non-zero combining class, every starter that composes
 * with what precedes it, and Hangul vowels and trailing consonants are in the
 * cluster of the character before them), so normalising each cluster on its
 * own gives NFC of the whole text, without a copy of it. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"

#define NFC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE)
#define CLUSTER_BUF 256

/* Sum of the weights of NFC(p[0..len)).  Returns -1 when a buffer for a very
 * long cluster could not be allocated. */
static int64_t nfc_weight(const unsigned char *p, size_t len)
{
    utf8proc_int32_t stack[CLUSTER_BUF], *buf = stack;
    utf8proc_ssize_t k = utf8proc_decompose(p, (utf8proc_ssize_t)len, buf, CLUSTER_BUF, NFC_OPTIONS);
    if (k > CLUSTER_BUF) {
        buf = malloc((size_t)k * sizeof *buf);
        if (!buf)
            return -1;
        k = utf8proc_decompose(p, (utf8proc_ssize_t)len, buf, k, NFC_OPTIONS);
    }
    if (k >= 0)
        k = utf8proc_normalize_utf32(buf, k, NFC_OPTIONS);
    int64_t w = 0;
    if (k < 0) { /* not reached: the text was checked; count it as given */
        for (size_t i = 0; i < len;) {
            uint32_t c;
            i += lcc__u8_dec(p, i, &c);
            w += lcc__cp_weight(c);
        }
    }
    for (utf8proc_ssize_t i = 0; i < k; i++)
        w += lcc__cp_weight((uint32_t)buf[i]);
    if (buf != stack)
        free(buf);
    return w;
}

static int bound_class(uint32_t c)
{
    return utf8proc_get_property((utf8proc_int32_t)c)->boundclass;
}

/* Parts of an emoji sequence, covered by its weight of 2. */
static int emoji_component(uint32_t c)
{
    if (c == 0x200D || c == 0xFE0F || c == 0xFE0E || c == 0x20E3 || (c >= 0x1F3FB && c <= 0x1F3FF) ||
        (c >= 0xE0020 && c <= 0xE007F))
        return 1;
    int bc = bound_class(c);
    return bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
           bc == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR;
}

/* Weight of the grapheme cluster p[0..len).  -1: out of memory. */
static int64_t cluster_weight(const unsigned char *p, size_t len)
{
    uint32_t c0, c1 = 0, c2 = 0;
    size_t l0 = lcc__u8_dec(p, 0, &c0);
    if (l0 == len) { /* one code point: NFC changes it only when it decomposes */
        const utf8proc_property_t *pr = utf8proc_get_property((utf8proc_int32_t)c0);
        if (pr->decomp_seqindex != UINT16_MAX && pr->decomp_type == 0)
            return nfc_weight(p, len);
        return lcc__cp_weight(c0);
    }
    size_t l1 = lcc__u8_dec(p, l0, &c1);
    if (l0 + l1 < len)
        lcc__u8_dec(p, l0 + l1, &c2);
    int emoji;
    int bc = bound_class(c0);
    if (bc == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR)
        emoji = 1; /* a flag */
    else if ((c0 >= '0' && c0 <= '9') || c0 == '#' || c0 == '*')
        emoji = c1 == 0x20E3 || (c1 == 0xFE0F && c2 == 0x20E3); /* a keycap */
    else if (bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
        emoji = c1 != 0xFE0E && ((c0 != 0xA9 && c0 != 0xAE) || c1 == 0xFE0F);
    else
        emoji = 0;
    if (!emoji)
        return nfc_weight(p, len);
    int64_t w = 2;
    for (size_t i = l0; i < len;) {
        uint32_t c;
        i += lcc__u8_dec(p, i, &c);
        if (!emoji_component(c))
            w += lcc__cp_weight(c);
    }
    return w;
}

#define ASCII8 0x8080808080808080ull

/* Weight of s[a..b), which holds no URL. */
static int weigh_plain(uint64_t *total, const unsigned char *s, size_t a, size_t b)
{
    uint64_t w = 0;
    size_t i = a;
    while (i < b) {
        /* An ASCII character followed by an ASCII character weighs 1 (CR LF
         * is one cluster of weight 2, the same). */
        while (b - i >= 9) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            if ((v & ASCII8) || s[i + 8] >= 0x80)
                break;
            w += 8;
            i += 8;
        }
        if (i >= b)
            break;
        if (s[i] < 0x80 && (i + 1 == b || s[i + 1] < 0x80)) {
            w++;
            i++;
            continue;
        }
        size_t e = lcc__cluster_end(s, b, i);
        int64_t cw = cluster_weight(s + i, e - i);
        if (cw < 0)
            return -1;
        w += (uint64_t)cw;
        i = e;
    }
    *total += w;
    return 0;
}

int lcc__weighted_length(uint64_t *out, const unsigned char *s, size_t n)
{
    uint64_t w = 0;
    size_t pos = 0, start, end;
    while (lcc__url_find(s, n, pos, &start, &end)) {
        if (weigh_plain(&w, s, pos, start) < 0)
            return -1;
        w += LCC__WEIGHTED_URL;
        pos = end;
    }
    if (weigh_plain(&w, s, pos, n) < 0)
        return -1;
    *out = w;
    return 0;
}
