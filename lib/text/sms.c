/* SMS encoding and segments (TXT-SMS).
 *
 * Pass 1 checks the UTF-8, decides GSM-7 or UCS-2 and counts units; a text
 * that fits one segment is done.  Pass 2 packs grapheme clusters into
 * concatenated segments: in GSM-7 every character of the alphabet is a
 * cluster of its own except CR LF (no character of the alphabet extends or
 * joins another), so no Unicode tables are needed there; in UCS-2 clusters
 * come from utf8proc (lcc__cluster_end). */
#include <string.h>

#include "text/text.h"

/* ASCII in GSM-7: 1 septet, 2 (extension table) or 0 (not in the alphabet:
 * control characters other than LF, CR and form feed, the backtick, DEL). */
static const unsigned char gsm_ascii[128] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 0,
    /* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x20 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x30 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x40 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x50    P  Q  R  S  T  U  V  W  X  Y  Z  [  \  ]  ^  _ */
               1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1,
    /* 0x60    `  a ... */
               0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x70    p  q  r  s  t  u  v  w  x  y  z  {  |  }  ~ DEL */
               1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0,
};

unsigned lcc__gsm7_septets(uint32_t cp)
{
    if (cp < 0x80)
        return gsm_ascii[cp];
    switch (cp) {
    case 0x00A1: /* ¡ */
    case 0x00A3: /* £ */
    case 0x00A4: /* ¤ */
    case 0x00A5: /* ¥ */
    case 0x00A7: /* § */
    case 0x00BF: /* ¿ */
    case 0x00C4: /* Ä */
    case 0x00C5: /* Å */
    case 0x00C6: /* Æ */
    case 0x00C7: /* Ç */
    case 0x00C9: /* É */
    case 0x00D1: /* Ñ */
    case 0x00D6: /* Ö */
    case 0x00D8: /* Ø */
    case 0x00DC: /* Ü */
    case 0x00DF: /* ß */
    case 0x00E0: /* à */
    case 0x00E4: /* ä */
    case 0x00E5: /* å */
    case 0x00E6: /* æ */
    case 0x00E8: /* è */
    case 0x00E9: /* é */
    case 0x00EC: /* ì */
    case 0x00F1: /* ñ */
    case 0x00F2: /* ò */
    case 0x00F6: /* ö */
    case 0x00F8: /* ø */
    case 0x00F9: /* ù */
    case 0x00FC: /* ü */
    case 0x0393: /* Γ */
    case 0x0394: /* Δ */
    case 0x0398: /* Θ */
    case 0x039B: /* Λ */
    case 0x039E: /* Ξ */
    case 0x03A0: /* Π */
    case 0x03A3: /* Σ */
    case 0x03A6: /* Φ */
    case 0x03A8: /* Ψ */
    case 0x03A9: /* Ω */
        return 1;
    case 0x20AC: /* € */
        return 2;
    default:
        return 0;
    }
}

#define ASCII8 0x8080808080808080ull
#define ONES8 0x0101010101010101ull

/* 1 when the eight ASCII bytes of w hold a CR (SWAR zero-byte test). */
static inline int has_cr(uint64_t w)
{
    uint64_t x = w ^ (ONES8 * '\r');
    return ((x - ONES8) & ~x & ASCII8) != 0;
}

/* Pass 1.  Returns 0 for invalid UTF-8. */
static int scan(const unsigned char *s, size_t n, int *ucs2, uint64_t *septets,
                uint64_t *u16)
{
    uint64_t sep = 0, u = 0;
    unsigned bad = 0; /* a character outside GSM-7 was seen */
    size_t i = 0;
    while (i < n) {
        while (n - i >= 8) { /* eight ASCII bytes at a time */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & ASCII8)
                break;
            for (int k = 0; k < 8; k++) {
                unsigned g = gsm_ascii[s[i + k]];
                sep += g;
                bad |= g == 0;
            }
            u += 8;
            i += 8;
        }
        if (i >= n)
            break;
        uint32_t cp;
        size_t len = lcc__u8_next(s, i, n, &cp);
        if (!len)
            return 0;
        if (!bad) { /* once UCS-2, septets no longer matter */
            unsigned g = lcc__gsm7_septets(cp);
            sep += g;
            bad |= g == 0;
        }
        u += cp >= 0x10000 ? 2 : 1;
        i += len;
    }
    *ucs2 = bad != 0;
    *septets = sep;
    *u16 = u;
    return 1;
}

typedef struct packer {
    uint32_t cap;      /* units per concatenated segment */
    uint32_t used;     /* units in the current segment */
    uint64_t segments;
    size_t *offsets;
    size_t max;
} packer;

static void new_segment(packer *p, size_t at)
{
    if (p->offsets && p->segments < p->max)
        p->offsets[p->segments] = at;
    p->segments++;
    p->used = 0;
}

/* Places a unit of `cost` (a cluster, or a code point of an oversized one)
 * starting at byte `at`. */
static inline void place(packer *p, size_t at, uint32_t cost)
{
    if (p->used + cost > p->cap)
        new_segment(p, at);
    p->used += cost;
}

/* Units of one code point in the chosen encoding. */
static inline uint32_t cp_units(uint32_t cp, int ucs2)
{
    return ucs2 ? (cp >= 0x10000 ? 2u : 1u) : lcc__gsm7_septets(cp);
}

/* A cluster longer than a segment: it starts a segment of its own (unless
 * the current one is still empty) and is cut between code points. */
static void place_oversized(packer *p, const unsigned char *s, size_t a, size_t b, int ucs2)
{
    if (p->used > 0)
        new_segment(p, a);
    for (size_t i = a; i < b;) {
        uint32_t cp;
        size_t len = lcc__u8_dec(s, i, &cp);
        place(p, i, cp_units(cp, ucs2));
        i += len;
    }
}

/* Pass 2, GSM-7: every character is its own cluster, except CR LF. */
static void pack_gsm7(packer *p, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* eight ASCII characters without CR that fit whatever they cost */
        while (n - i >= 8 && p->used + 16 <= p->cap) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & ASCII8) || has_cr(w))
                break;
            for (int k = 0; k < 8; k++)
                p->used += gsm_ascii[s[i + k]];
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
                place(p, i, 2);
                i += 2;
            } else {
                place(p, i, gsm_ascii[c]);
                i++;
            }
            continue;
        }
        uint32_t cp;
        size_t len = lcc__u8_dec(s, i, &cp);
        place(p, i, lcc__gsm7_septets(cp));
        i += len;
    }
}

/* Pass 2, UCS-2: grapheme clusters, with a fast path for ASCII followed by
 * ASCII (a cluster of one character, CR LF aside). */
static void pack_ucs2(packer *p, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* eight ASCII characters without CR, followed by ASCII (so the last
         * takes no mark): eight clusters of one unit */
        while (n - i >= 9 && p->used + 8 <= p->cap) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & ASCII8) || s[i + 8] >= 0x80 || has_cr(w))
                break;
            p->used += 8;
            i += 8;
        }
        if (i >= n)
            break;
        if (s[i] < 0x80 && (i + 1 == n || s[i + 1] < 0x80)) {
            if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
                place(p, i, 2);
                i += 2;
            } else {
                place(p, i, 1);
                i++;
            }
            continue;
        }
        size_t e = lcc__cluster_end(s, n, i);
        uint64_t cost = 0;
        for (size_t k = i; k < e; k++) /* UTF-16 units: lead bytes, 4-byte leads twice */
            cost += ((s[k] & 0xC0) != 0x80) + (s[k] >= 0xF0);
        if (cost <= p->cap)
            place(p, i, (uint32_t)cost);
        else
            place_oversized(p, s, i, e, 1);
        i = e;
    }
}

int lcc__sms_plan(lcc__sms *out, const unsigned char *s, size_t n, size_t *offsets, size_t max)
{
    int ucs2;
    uint64_t septets, u16;
    if (!scan(s, n, &ucs2, &septets, &u16))
        return 0;
    uint64_t units = ucs2 ? u16 : septets;
    uint32_t single = ucs2 ? LCC__SMS_SINGLE_UCS2 : LCC__SMS_SINGLE_GSM7;
    out->ucs2 = ucs2;
    out->units = units;
    if (units <= single) {
        out->segments = n > 0;
        out->remaining = single - (uint32_t)units;
        if (n > 0 && offsets && max > 0)
            offsets[0] = 0;
        return 1;
    }
    packer p = {ucs2 ? LCC__SMS_MULTI_UCS2 : LCC__SMS_MULTI_GSM7, 0, 0, offsets, max};
    new_segment(&p, 0);
    if (ucs2)
        pack_ucs2(&p, s, n);
    else
        pack_gsm7(&p, s, n);
    out->segments = p.segments;
    out->remaining = p.cap - p.used;
    return 1;
}
