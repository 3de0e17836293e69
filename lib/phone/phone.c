/* E.164 normalisation at libphonenumber's "is possible" level.
 *
 * The parse follows libphonenumber's PhoneNumberUtil.parse():
 *   1. text: UTF-8 is validated; digits of any script become ASCII digits;
 *      punctuation (VALID_PUNCTUATION) is dropped; a leading '+' is noted;
 *      an extension ("ext. 12", "x12", "#12", ";ext=12", ",12") is split off;
 *      "tel:" URIs (RFC 3966) are taken apart into number and parameters.
 *   2. country calling code: after '+', after the default region's IDD prefix,
 *      or (when the digits do not make a national number of the default
 *      region) after the common IDD prefixes "00" and "011"; otherwise the
 *      default region's code, also when a national number too long for the
 *      region starts with that code ("33142685300" for FR).
 *   3. national prefix: the national prefix for parsing of the region is
 *      stripped or transformed (trunk "0", NANP islands' 7-digit local
 *      numbers, Argentina's "0 11 15 ..." mobile form, Brazil's carrier
 *      codes, ...), unless the result would have an impossible length.
 *   4. the national number must have a possible length of the main region of
 *      the calling code (TOO_SHORT, TOO_LONG, INVALID_LENGTH otherwise).
 * Approximation: libphonenumber does not strip a national prefix when the
 * number matched the region's national number pattern before stripping and no
 * longer does after it.  Those patterns are not in the tables (no regexes at
 * run time); "has a possible length and starts with a digit the pattern can
 * start with" stands in for "matches".  The same first-digit sets make the
 * check slightly stricter than isPossibleNumber: "+33 0..." is refused since
 * no French national number starts with 0 (isValidNumber would refuse it).
 *
 * Pure and reentrant: no global mutable state, no allocation. */
#include "phone/phone.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "phone/phone-data.h"

#define MAX_DIGITS 64  /* digits kept while scanning; more is "too long" */
#define NSN_MAX 17     /* libphonenumber's MAX_LENGTH_FOR_NSN */
#define EXT_DIGITS (LCC__PHONE_EXT_MAX - 1)
#define WORK_MAX (MAX_DIGITS + 32)

#if defined(__GNUC__)
#define LCC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LCC_PRINTF(f, a)
#endif

/* ---- messages ---------------------------------------------------------- */

typedef struct msgctx {
    char *err;
    size_t errlen;
    const char *qs; /* the input to quote in messages, or NULL */
    size_t qn;
    char quoted[64]; /* qs shortened, between quotes; made by Q() when needed */
} msgctx;

LCC_PRINTF(3, 4)
static lcc_status fail(msgctx *m, lcc_status st, const char *fmt, ...)
{
    if (m->err && m->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m->err, m->errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* Remembers the (valid UTF-8) text to quote; formatting waits for Q(). */
static void quote_input(msgctx *m, const char *s, size_t n)
{
    m->qs = s;
    m->qn = n;
}

/* The quoted input for a message: only failures pay for formatting it. */
static const char *Q(msgctx *m)
{
    if (!m->qs)
        return "the phone number";
    const size_t room = 40;
    size_t n = m->qn;
    int cut = 0;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)m->qs[n] & 0xC0) == 0x80) /* character boundary */
            n--;
        cut = 1;
    }
    snprintf(m->quoted, sizeof m->quoted, "\"%.*s%s\"", (int)n, m->qs, cut ? "..." : "");
    return m->quoted;
}

/* "9 digits", "9 or 10 digits", "7, 9 or 10 digits", "6 to 12 digits" */
static void describe_lengths(uint32_t mask, char *buf, size_t len)
{
    int v[32], n = 0, contiguous = 1;
    for (int k = 0; k < 32; k++)
        if (mask >> k & 1u)
            v[n++] = k;
    for (int k = 1; k < n; k++)
        if (v[k] != v[k - 1] + 1)
            contiguous = 0;
    if (n == 0) {
        snprintf(buf, len, "no possible length");
    } else if (n == 1) {
        snprintf(buf, len, "%d digits", v[0]);
    } else if (contiguous && n > 2) {
        snprintf(buf, len, "%d to %d digits", v[0], v[n - 1]);
    } else {
        size_t used = 0;
        buf[0] = '\0';
        for (int k = 0; k < n && used < len; k++) {
            const char *sep = k == 0 ? "" : k == n - 1 ? " or " : ", ";
            int w = snprintf(buf + used, len - used, "%s%d", sep, v[k]);
            if (w < 0)
                break;
            used += (size_t)w;
        }
        if (used < len)
            snprintf(buf + used, len - used, " digits");
    }
}

/* ---- UTF-8 and character classes --------------------------------------- */

/* Strict decoder: no overlongs, no surrogates, nothing above U+10FFFF.
 * Returns the sequence length, or 0 when s[i..] is not valid. */
static size_t utf8_decode(const unsigned char *s, size_t i, size_t n, uint32_t *cp)
{
    unsigned char c = s[i];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n - i < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i + k] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Code points of the digit zero of every Unicode 15 decimal-digit (Nd) run;
 * each run is zero..nine. */
static const uint32_t digit_zeros[] = {
    0x0030,  0x0660,  0x06F0,  0x07C0,  0x0966,  0x09E6,  0x0A66,  0x0AE6,  0x0B66,
    0x0BE6,  0x0C66,  0x0CE6,  0x0D66,  0x0DE6,  0x0E50,  0x0ED0,  0x0F20,  0x1040,
    0x1090,  0x17E0,  0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,
    0x1C40,  0x1C50,  0xA620,  0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,
    0xFF10,  0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450,
    0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0,
    0x11F50, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950, 0x1FBF0,
};

/* 0..9, or -1 when `cp` is not a decimal digit. */
static int digit_value(uint32_t cp)
{
    size_t lo = 0, hi = sizeof digit_zeros / sizeof digit_zeros[0];
    while (lo < hi) { /* last zero <= cp */
        size_t mid = lo + (hi - lo) / 2;
        if (digit_zeros[mid] <= cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || cp - digit_zeros[lo - 1] > 9)
        return -1;
    return (int)(cp - digit_zeros[lo - 1]);
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x2060 ||
           cp == 0x3000 || cp == 0xFEFF;
}

/* libphonenumber's VALID_PUNCTUATION (less 'x', which marks extensions here)
 * and the spaces above. */
static int is_separator(uint32_t cp)
{
    switch (cp) {
    case '-': case '.': case '(': case ')': case '/': case '[': case ']': case '~':
    case 0x00AD: /* soft hyphen */
    case 0x2212: /* minus sign */
    case 0x2053: case 0x223C: case 0xFF5E: /* swung dash, tilde operator, fullwidth tilde */
    case 0x30FC: /* katakana prolonged sound mark, used as a dash */
    case 0xFF08: case 0xFF09: case 0xFF3B: case 0xFF3D: /* fullwidth ( ) [ ] */
    case 0xFF0D: case 0xFF0E: case 0xFF0F: /* fullwidth - . / */
        return 1;
    default:
        return (cp >= 0x2010 && cp <= 0x2015) || (is_space(cp) && cp != '\n' && cp != '\r');
    }
}

static int is_plus(uint32_t cp) { return cp == '+' || cp == 0xFF0B; }

static int is_ascii_letter(uint32_t cp) { return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'; }

static int is_letter(uint32_t cp)
{
    return is_ascii_letter(cp) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x370 && cp <= 0x52F) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
           (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* ---- scanning ---------------------------------------------------------- */

typedef struct text {
    const unsigned char *s;
    size_t n;
} text;

static uint32_t peek_cp(const text *t, size_t i, size_t *len)
{
    uint32_t cp = 0;
    *len = utf8_decode(t->s, i, t->n, &cp); /* validated: never 0 */
    return cp;
}

/* Case-insensitive ASCII prefix test of [i, end). */
static int starts_with(const text *t, size_t i, size_t end, const char *word)
{
    size_t k = 0;
    for (; word[k]; k++) {
        if (i + k >= end)
            return 0;
        unsigned char c = t->s[i + k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)word[k])
            return 0;
    }
    return 1;
}

typedef struct scan {
    char digits[MAX_DIGITS];
    size_t ndigits;
    int overflow; /* more than MAX_DIGITS digits */
    int plus;
    char ext[LCC__PHONE_EXT_MAX];
} scan;

static void add_digit(scan *sc, int d)
{
    if (sc->ndigits < MAX_DIGITS)
        sc->digits[sc->ndigits++] = (char)('0' + d);
    else
        sc->overflow = 1;
}

static lcc_status bad_char(msgctx *m, uint32_t cp)
{
    if (is_letter(cp))
        return fail(m, LCC_EINVAL,
                    "%s contains letters; letters (vanity numbers such as 1-800-FLOWERS) are not supported",
                    Q(m));
    if (cp >= 0x21 && cp < 0x7F)
        return fail(m, LCC_EINVAL, "%s contains '%c', which has no place in a phone number", Q(m),
                    (char)cp);
    return fail(m, LCC_EINVAL, "%s contains the character U+%04X, which has no place in a phone number",
                Q(m), (unsigned)cp);
}

/* Length in bytes of an extension marker at i, or 0. */
static size_t ext_marker(const text *t, size_t i, size_t end)
{
    static const char *const words[] = {";ext=", "extension", "extn", "ext.", "ext", "x"};
    size_t len;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t w = strlen(words[k]);
        if (starts_with(t, i, end, words[k])) {
            if (i + w < end && is_ascii_letter(t->s[i + w]))
                continue; /* "extra", "xyz": letters, not a marker */
            return w;
        }
    }
    uint32_t cp = peek_cp(t, i, &len);
    if (cp == '#' || cp == 0xFF03 || cp == 0xFF58 || cp == 0xFF38 || cp == ';')
        return len;
    if (cp == ',') {
        while (i + len < end && t->s[i + len] == ',')
            len++;
        return len;
    }
    return 0;
}

/* Extension digits in [i, end): separators, 1..15 digits, an optional final
 * '#', trailing spaces. */
static lcc_status scan_extension(const text *t, size_t i, size_t end, scan *sc, msgctx *m)
{
    size_t len, n = 0;
    for (; i < end; i += len) { /* separators before the digits */
        uint32_t cp = peek_cp(t, i, &len);
        if (!is_separator(cp) && cp != ':' && cp != ',')
            break;
    }
    for (; i < end; i += len) {
        int d = digit_value(peek_cp(t, i, &len));
        if (d < 0)
            break;
        if (n >= EXT_DIGITS)
            return fail(m, LCC_EINVAL, "%s has an extension longer than %d digits", Q(m), EXT_DIGITS);
        sc->ext[n++] = (char)('0' + d);
    }
    if (n == 0)
        return fail(m, LCC_EINVAL, "%s has an extension marker without extension digits", Q(m));
    sc->ext[n] = '\0';
    if (i < end) {
        uint32_t cp = peek_cp(t, i, &len);
        if (cp == '#' || cp == 0xFF03)
            i += len;
    }
    for (; i < end; i += len) {
        uint32_t cp = peek_cp(t, i, &len);
        if (!is_space(cp))
            return is_letter(cp) ? bad_char(m, cp)
                                 : fail(m, LCC_EINVAL, "%s has something after its extension", Q(m));
    }
    return LCC_OK;
}

/* The number in [i, end): an optional leading '+', digits, separators and,
 * when allow_ext, an extension after the digits. */
static lcc_status scan_number(const text *t, size_t i, size_t end, int allow_ext, scan *sc, msgctx *m)
{
    size_t len;
    for (; i < end; i += len) {
        uint32_t cp = peek_cp(t, i, &len);
        int d = digit_value(cp);
        if (d >= 0) {
            add_digit(sc, d);
            continue;
        }
        if (is_separator(cp))
            continue;
        if (is_plus(cp)) {
            if (sc->plus || sc->ndigits > 0)
                return fail(m, LCC_EINVAL, "%s has a '+' that does not start the number", Q(m));
            sc->plus = 1;
            continue;
        }
        if (allow_ext && sc->ndigits > 0) {
            size_t w = ext_marker(t, i, end);
            if (w > 0)
                return scan_extension(t, i + w, end, sc, m);
        }
        return bad_char(m, cp);
    }
    return LCC_OK;
}

/* RFC 3966: "tel:" global-number / local-number *( ";" par ). */
static lcc_status scan_tel(const text *t, size_t i, size_t end, scan *sc, msgctx *m)
{
    size_t semi = i;
    while (semi < end && t->s[semi] != ';')
        semi++;
    scan context;
    int has_context = 0;
    memset(&context, 0, sizeof context);
    lcc_status st = scan_number(t, i, semi, 0, sc, m);
    if (st != LCC_OK)
        return st;
    for (size_t p = semi; p < end;) {
        size_t name = p + 1, stop = name, eq;
        while (stop < end && t->s[stop] != ';')
            stop++;
        for (eq = name; eq < stop && t->s[eq] != '='; eq++)
            ;
        if (eq < stop && eq - name == 3 && starts_with(t, name, eq, "ext")) {
            st = scan_extension(t, eq + 1, stop, sc, m);
        } else if (eq < stop && eq - name == 13 && starts_with(t, name, eq, "phone-context") &&
                   eq + 1 < stop && is_plus(t->s[eq + 1])) {
            /* a global number prefix; a domain name context says nothing */
            memset(&context, 0, sizeof context);
            st = scan_number(t, eq + 1, stop, 0, &context, m);
            has_context = 1;
        }
        if (st != LCC_OK)
            return st;
        p = stop;
    }
    if (has_context && !sc->plus) {
        /* local number: the context's digits come first */
        char local[MAX_DIGITS];
        size_t nlocal = sc->ndigits;
        memcpy(local, sc->digits, nlocal);
        sc->ndigits = 0;
        sc->plus = 1;
        for (size_t k = 0; k < context.ndigits; k++)
            add_digit(sc, context.digits[k] - '0');
        for (size_t k = 0; k < nlocal; k++)
            add_digit(sc, local[k] - '0');
        sc->overflow |= context.overflow;
    }
    return LCC_OK;
}

/* ---- tables ------------------------------------------------------------ */

static const lcc__phone_region *find_region(const char *iso)
{
    char key[3];
    if (!iso || !is_ascii_letter((unsigned char)iso[0]) || !is_ascii_letter((unsigned char)iso[1]) ||
        iso[2] != '\0')
        return NULL;
    key[0] = (char)(iso[0] & ~0x20);
    key[1] = (char)(iso[1] & ~0x20);
    key[2] = '\0';
    size_t lo = 0, hi = lcc__phone_region_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(lcc__phone_regions[mid].iso, key);
        if (c == 0)
            return &lcc__phone_regions[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const lcc__phone_cc *find_cc(unsigned cc)
{
    size_t lo = 0, hi = lcc__phone_cc_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lcc__phone_ccs[mid].cc == cc)
            return &lcc__phone_ccs[mid];
        if (lcc__phone_ccs[mid].cc < cc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- prefix patterns (syntax in phone-data.h) -------------------------- */

#define MAX_GROUPS 4

typedef struct match {
    size_t end;
    int groups; /* groups 1..groups took part */
    size_t gstart[MAX_GROUPS], gend[MAX_GROUPS];
} match;

/* Matches the alternative starting at *pp against d[0..n); moves *pp to the
 * next alternative, or to NULL after the last one. */
static int match_alt(const char **pp, const char *d, size_t n, match *mt)
{
    const char *p = *pp;
    size_t pos = 0;
    int ok = 1, open[MAX_GROUPS], depth = 0;
    mt->groups = 0;
    for (; *p && *p != '|'; p++) {
        if (!ok)
            continue;
        char c = *p;
        if (c >= '0' && c <= '9') {
            ok = pos < n && d[pos] == c;
            pos++;
        } else if (c == 'd') {
            ok = pos < n;
            pos++;
        } else if (c == '[') {
            int hit = 0;
            for (p++; *p != ']'; p++) {
                char lo = *p, hi = *p;
                if (p[1] == '-') {
                    hi = p[2];
                    p += 2;
                }
                if (pos < n && d[pos] >= lo && d[pos] <= hi)
                    hit = 1;
            }
            ok = hit;
            pos++;
        } else if (c == '(') {
            if (mt->groups < MAX_GROUPS && depth < MAX_GROUPS) {
                open[depth++] = mt->groups;
                mt->gstart[mt->groups++] = pos;
            }
        } else if (c == ')') {
            if (depth > 0)
                mt->gend[open[--depth]] = pos;
        } else if (c == '$') {
            ok = pos == n;
        }
    }
    *pp = *p ? p + 1 : NULL;
    mt->end = pos;
    return ok;
}

/* The next alternative of *pp (initially the pattern) that matches at the
 * start of d[0..n); 0 when there is none.  An empty pattern has none. */
static int next_match(const char **pp, const char *d, size_t n, match *mt)
{
    if (*pp && !**pp)
        return 0;
    while (*pp)
        if (match_alt(pp, d, n, mt))
            return 1;
    return 0;
}

/* ---- lengths ----------------------------------------------------------- */

enum { LEN_OK, LEN_TOO_SHORT, LEN_TOO_LONG, LEN_INVALID };

/* libphonenumber's testNumberLength over the possible lengths. */
static int test_length(size_t len, uint32_t mask)
{
    int lo = 0, hi = 31;
    if (mask == 0)
        return LEN_INVALID;
    if (len < 32 && (mask >> len & 1u))
        return LEN_OK;
    while (!(mask >> lo & 1u))
        lo++;
    while (!(mask >> hi & 1u))
        hi--;
    if (len < (size_t)lo)
        return LEN_TOO_SHORT;
    if (len > (size_t)hi)
        return LEN_TOO_LONG;
    return LEN_INVALID;
}

static int first_ok(const char *d, size_t n, uint16_t first)
{
    return n > 0 && (first >> (d[0] - '0') & 1u);
}

/* Stands in for "matches the national number pattern of the region". */
static int viable(const char *d, size_t n, const lcc__phone_region *r)
{
    return test_length(n, r->lengths) == LEN_OK && first_ok(d, n, r->first);
}

/* The digits once the national prefix matched by `mt` is stripped or
 * transformed: out[0..*len).  0 when they would not fit. */
static int apply_national_prefix(const match *mt, const char *d, size_t n, const lcc__phone_region *r,
                                 char *out, size_t *len)
{
    size_t k = 0;
    if (r->transform[0] && r->npp_groups > 0 && mt->groups >= r->npp_groups) {
        for (const char *t = r->transform; *t; t++) {
            if (t[0] == '$' && t[1] >= '1' && t[1] <= '9') {
                int g = t[1] - '1';
                t++;
                if (g >= mt->groups)
                    continue;
                size_t glen = mt->gend[g] - mt->gstart[g];
                if (k + glen > WORK_MAX)
                    return 0;
                memcpy(out + k, d + mt->gstart[g], glen);
                k += glen;
            } else {
                if (k + 1 > WORK_MAX)
                    return 0;
                out[k++] = *t;
            }
        }
    }
    if (k + (n - mt->end) > WORK_MAX)
        return 0;
    memcpy(out + k, d + mt->end, n - mt->end);
    *len = k + (n - mt->end);
    return 1;
}

/* libphonenumber's maybeStripNationalPrefixAndCarrierCode followed by parse()'s
 * check that the result is not too short or of an invalid length for the
 * region.  d[0..*n) is replaced in place (capacity WORK_MAX). */
static void strip_national_prefix_once(char *d, size_t *n, const lcc__phone_region *r)
{
    char out[WORK_MAX], cand[WORK_MAX];
    size_t len = 0, clen;
    int found = 0, orig_viable = viable(d, *n, r);
    const char *p = r->npp;
    match mt;
    if (*n == 0)
        return;
    /* A regex engine takes the first alternative that matches.  When that
     * leaves a number that cannot be one of the region and the digits were
     * not one either, a later alternative that leaves a possible number is
     * taken instead (CO: "0 321..." is trunk 0, not trunk 0 + carrier 3). */
    while (next_match(&p, d, *n, &mt)) {
        if (!apply_national_prefix(&mt, d, *n, r, cand, &clen))
            continue;
        int good = viable(cand, clen, r);
        if (!found || good) {
            memcpy(out, cand, clen);
            len = clen;
        }
        found = 1;
        if (good || orig_viable)
            break;
    }
    if (!found)
        return;
    if (orig_viable && !viable(out, len, r))
        return;
    /* parse() keeps the digits when the result is too short or of an
     * impossible length: they might be a short number.  Digits that cannot
     * start a number of the region are not kept for that. */
    int st = test_length(len, r->lengths);
    if ((st == LEN_TOO_SHORT || st == LEN_INVALID) && first_ok(d, *n, r->first))
        return;
    memcpy(d, out, len);
    *n = len;
}

/* strip_national_prefix_once until nothing more is stripped.  A number
 * written out in E.164 is parsed again through this step (after '+' and
 * the calling code), so the digits it leaves must be a fixed point of it:
 * else normalising a result again would give another number (JP "00200
 * 121728" gave +810200121728, whose own parse strips that 0 too).  Each
 * pass shortens the digits, so this ends. */
static void strip_national_prefix(char *d, size_t *n, const lcc__phone_region *r)
{
    size_t before;
    do {
        before = *n;
        strip_national_prefix_once(d, n, r);
    } while (*n < before);
}

/* ---- resolution -------------------------------------------------------- */

/* "FR (+33)" / "+800", and the possible lengths, for length messages. */
static lcc_status length_error(msgctx *m, int verdict, unsigned cc, size_t n, uint32_t lengths,
                               const lcc__phone_region *main_region)
{
    char where[48], poss[64];
    if (main_region)
        snprintf(where, sizeof where, "%s (+%u)", main_region->iso, cc);
    else
        snprintf(where, sizeof where, "+%u", cc);
    describe_lengths(lengths, poss, sizeof poss);
    if (verdict == LEN_TOO_SHORT)
        return fail(m, LCC_EBADNUMBER, "%s is too short for %s: numbers there have %s after the country code",
                    Q(m), where, poss);
    if (verdict == LEN_TOO_LONG)
        return fail(m, LCC_EBADNUMBER, "%s is too long for %s: numbers there have %s after the country code",
                    Q(m), where, poss);
    return fail(m, LCC_EBADNUMBER,
                "%s has %zu digits after the country code, not a possible length for %s: numbers there have %s",
                Q(m), n, where, poss);
}

static lcc_status finish(lcc__phone *out, const scan *sc, unsigned cc, const char *nsn, size_t n,
                         const lcc__phone_region *main_region, const lcc__phone_cc *c, msgctx *m)
{
    uint32_t lengths = main_region ? main_region->lengths : c->lengths;
    int verdict = test_length(n, lengths);
    if (verdict != LEN_OK)
        return length_error(m, verdict, cc, n, lengths, main_region);
    /* beyond "is possible": no number of the calling code starts so */
    if (!first_ok(nsn, n, c->first))
        return fail(m, LCC_EBADNUMBER, "%s is not a possible number of +%u: no number there starts with %c",
                    Q(m), cc, nsn[0]);
    char e164[32];
    int w = snprintf(e164, sizeof e164, "+%u%.*s", cc, (int)n, nsn);
    if (w < 0 || (size_t)w >= sizeof out->e164)
        return fail(m, LCC_EBADNUMBER, "%s is too long: E.164 numbers have at most 15 digits", Q(m));
    memcpy(out->e164, e164, (size_t)w + 1);
    memcpy(out->extension, sc->ext, sizeof out->extension);
    if (main_region)
        memcpy(out->region, main_region->iso, sizeof out->region);
    else
        out->region[0] = '\0';
    out->country_code = (uint16_t)cc;
    return LCC_OK;
}

static lcc_status too_long(msgctx *m)
{
    return fail(m, LCC_EBADNUMBER, "%s is too long: it has more than %d digits", Q(m), NSN_MAX);
}

/* Digits after '+' or an IDD prefix: calling code, then national number. */
static lcc_status international(lcc__phone *out, const scan *sc, const char *d, size_t n, msgctx *m)
{
    const lcc__phone_cc *c = NULL;
    size_t k;
    unsigned cc = 0;
    if (n > NSN_MAX)
        return too_long(m);
    if (n <= 2)
        return fail(m, LCC_EBADNUMBER, "%s is too short to be an international number", Q(m));
    for (k = 1; k <= 3 && d[0] != '0'; k++) {
        cc = cc * 10 + (unsigned)(d[k - 1] - '0');
        c = find_cc(cc);
        if (c)
            break;
    }
    if (!c) {
        if (d[0] == '0')
            return fail(m, LCC_EBADNUMBER,
                        "%s has no country calling code: no country calling code starts with 0", Q(m));
        return fail(m, LCC_EBADNUMBER,
                    "%s starts with an unknown country calling code: no country uses +%.1s, +%.2s or +%.3s",
                    Q(m), d, d, d);
    }
    char nsn[WORK_MAX];
    size_t len = n - k;
    memcpy(nsn, d + k, len);
    if (c->region < 0)
        return finish(out, sc, cc, nsn, len, NULL, c, m);
    const lcc__phone_region *r = &lcc__phone_regions[c->region];
    strip_national_prefix(nsn, &len, r);
    return finish(out, sc, cc, nsn, len, r, c, m);
}

/* Digits of a national number of region r. */
static lcc_status national(lcc__phone *out, const scan *sc, const lcc__phone_region *r, msgctx *m)
{
    char nsn[WORK_MAX], ccs[8];
    size_t len = sc->ndigits;
    size_t cclen = (size_t)snprintf(ccs, sizeof ccs, "%u", (unsigned)r->cc);
    if (len > NSN_MAX)
        return too_long(m);
    memcpy(nsn, sc->digits, len);
    /* "33142685300" for FR: the calling code without '+' (maybeExtractCountryCode) */
    if (len > cclen && memcmp(nsn, ccs, cclen) == 0 && test_length(len, r->lengths) == LEN_TOO_LONG) {
        len -= cclen;
        memmove(nsn, nsn + cclen, len);
    }
    strip_national_prefix(nsn, &len, r);
    const lcc__phone_cc *c = find_cc(r->cc); /* always there: generated tables */
    return finish(out, sc, r->cc, nsn, len, &lcc__phone_regions[c->region], c, m);
}

static lcc_status resolve(lcc__phone *out, const scan *sc, const lcc__phone_region *r, msgctx *m)
{
    static const char *const common_idd[] = {"00", "011"};
    const char *d = sc->digits;
    size_t n = sc->ndigits;
    match mt;
    lcc_status st, nat = LCC_OK;
    char nat_err[256], int_err[256];
    msgctx qnat = *m, qint = *m; /* attempts whose message may not be the answer */
    qnat.err = nat_err;
    qnat.errlen = sizeof nat_err;
    qint.err = int_err;
    qint.errlen = sizeof int_err;

    if (sc->overflow)
        return too_long(m);
    if (sc->plus)
        return international(out, sc, d, n, m);
    /* the default region's IDD prefix; libphonenumber does not strip it when
     * a 0 follows, as no calling code starts with 0.  Unlike libphonenumber,
     * a number that fails as international but is a possible national
     * number is taken as national. */
    const char *idd = r ? r->idd : "";
    if (r && next_match(&idd, d, n, &mt) && mt.end < n && d[mt.end] != '0') {
        st = international(out, sc, d + mt.end, n - mt.end, &qint);
        if (st == LCC_OK || national(out, sc, r, &qnat) == LCC_OK)
            return LCC_OK;
        return fail(m, st, "%s", int_err);
    }
    if (r) {
        nat = national(out, sc, r, &qnat);
        if (nat == LCC_OK)
            return LCC_OK;
    }
    for (size_t k = 0; k < sizeof common_idd / sizeof common_idd[0]; k++) {
        size_t w = strlen(common_idd[k]);
        if (n > w && memcmp(d, common_idd[k], w) == 0 && d[w] != '0') {
            st = international(out, sc, d + w, n - w, r ? &qint : m);
            if (st == LCC_OK || !r)
                return st;
        }
    }
    if (r)
        return fail(m, nat, "%s", nat_err);
    return fail(m, LCC_EBADNUMBER,
                "%s is a national number and needs a default country (or an international form with '+')",
                Q(m));
}

/* ---- entry points ------------------------------------------------------ */

lcc_status lcc__phone_parse(lcc__phone *out, const char *input, const char *default_region,
                            char *err, size_t errlen)
{
    msgctx m;
    const lcc__phone_region *r = NULL;
    text t;
    size_t i, end, len;
    scan sc;
    lcc_status st;

    m.err = err;
    m.errlen = errlen;
    m.qs = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (!out || !input)
        return fail(&m, LCC_EINVAL, "no phone number given");
    t.s = (const unsigned char *)input;
    t.n = strlen(input);
    for (i = 0; i < t.n; i += len) {
        uint32_t cp;
        len = utf8_decode(t.s, i, t.n, &cp);
        if (len == 0)
            return fail(&m, LCC_EINVAL, "the phone number is not valid UTF-8 (byte 0x%02X at offset %zu)",
                        (unsigned)t.s[i], i);
    }
    if (default_region && default_region[0]) {
        r = find_region(default_region);
        if (!r) {
            msgctx rm = m;
            size_t rlen = 0;
            while (rlen < 64 && default_region[rlen])
                rlen++;
            quote_input(&rm, default_region, rlen);
            return fail(&m, LCC_EINVAL, "%s is not a region code of the phone-number metadata", Q(&rm));
        }
    }
    /* trim spaces */
    for (i = 0; i < t.n; i += len)
        if (!is_space(peek_cp(&t, i, &len)))
            break;
    for (end = t.n; end > i;) {
        size_t b = end - 1;
        while (b > i && (t.s[b] & 0xC0) == 0x80)
            b--;
        if (!is_space(peek_cp(&t, b, &len)))
            break;
        end = b;
    }
    if (i == end)
        return fail(&m, LCC_EINVAL, "the phone number is empty");
    quote_input(&m, input + i, end - i);

    memset(&sc, 0, sizeof sc);
    if (starts_with(&t, i, end, "tel:"))
        st = scan_tel(&t, i + 4, end, &sc, &m);
    else
        st = scan_number(&t, i, end, 1, &sc, &m);
    if (st != LCC_OK)
        return st;
    if (sc.ndigits == 0)
        return fail(&m, LCC_EINVAL, "%s contains no digits", Q(&m));
    return resolve(out, &sc, r, &m);
}

int lcc__phone_region_known(const char *region)
{
    return find_region(region) != NULL;
}

const char *lcc__phone_metadata_version(void)
{
    return lcc__phone_data_version;
}
