/* URLs as twitter-text's extractor recognises them (TXT-WEIGHTED: a URL
 * weighs 23), written as a scanner instead of twitter-text's regular
 * expression.  The patterns it follows (twitter-text 3, its regexp directory):
 *
 *   before   not [A-Za-z0-9@＠$#＃] nor U+FFFE/U+FEFF/U+FFFF; without protocol
 *            not [-_./] either
 *   url      (https?://)? host (:port)? (/path)? (?query)?
 *   host     subdomain* name "." tld   with protocol: labels of letters, digits
 *            and any non-ASCII character but spaces, directional marks and
 *            U+FFFE/U+FEFF/U+FFFF; without: ASCII letters, digits and Latin
 *            letters with accents.  A label starts and ends with a letter or
 *            digit; "-" inside, "_" inside subdomains only; at most 63
 *            characters after punycode (twitter-text's idna check).
 *   tld      a top-level domain of the table, not followed by [0-9A-Za-z@+-]
 *   path     [a-z0-9 Cyrillic Latin-accented !*';:=+,.$/%#[]-–_~@|&] and
 *            balanced parentheses, ending in [a-z0-9 Cyrillic Latin +-=_#/]
 *            or ")"
 *   query    [a-z0-9!?*'@();:&=+$/%#[]-_.,~|], ending in [a-z0-9-_&=#/]
 *
 * Without protocol, "name.cc" with a two-letter country TLD other than co
 * and tv is not a URL unless a path follows, and port and query belong to
 * the URL only after a path.  A URL longer than 4096 characters (host in
 * punycode, plus the protocol) is not one. */
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"

#define MAX_LABELS 128
#define MAX_LABEL 63
#define MAX_URL 4096

/* Classes of the character before a possible URL. */
enum { P_OTHER = 0, P_NOPROTO = 1, P_BLOCK = 2 };

static int is_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* twitter-text's latinAccentChars. */
static int is_latin_accent(uint32_t c)
{
    if (c < 0xC0)
        return 0;
    if (c <= 0x24F)
        return c != 0xD7 && c != 0xF7;
    if (c <= 0x2BB)
        return c == 0x253 || c == 0x254 || c == 0x256 || c == 0x257 || c == 0x259 ||
               c == 0x25B || c == 0x263 || c == 0x268 || c == 0x26F || c == 0x272 ||
               c == 0x289 || c == 0x28B || c == 0x2BB;
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x1E00 && c <= 0x1EFF);
}

static int is_cyrillic(uint32_t c)
{
    return c >= 0x400 && c <= 0x4FF;
}

static int is_invalid_char(uint32_t c)
{
    return c == 0xFFFE || c == 0xFEFF || c == 0xFFFF;
}

static int is_directional(uint32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

static int is_unicode_space(uint32_t c)
{
    return c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Class of c as the character before a URL. */
static int before_class(uint32_t c)
{
    if (is_alnum(c) || c == '@' || c == '$' || c == '#' || c == 0xFF20 || c == 0xFF03 ||
        is_invalid_char(c))
        return P_BLOCK;
    if (c == '-' || c == '_' || c == '.' || c == '/')
        return P_NOPROTO;
    return P_OTHER;
}

/* A character of a host label (besides "-" and "_"). */
static int domain_char(uint32_t c, int proto)
{
    if (c < 0x80)
        return is_alnum(c);
    if (!proto)
        return is_latin_accent(c);
    return !is_unicode_space(c) && !is_invalid_char(c) && !is_directional(c);
}

static int label_char(uint32_t c, int proto)
{
    return c == '-' || c == '_' || domain_char(c, proto);
}

static int path_char(uint32_t c)
{
    if (c < 0x80)
        return is_alnum(c) || (c && strchr("!*';:=+,.$/%#[]-_~@|&", (int)c));
    return c == 0x2013 || is_cyrillic(c) || is_latin_accent(c);
}

static int path_end_char(uint32_t c)
{
    if (c < 0x80)
        return is_alnum(c) || (c && strchr("+-=_#/", (int)c));
    return is_cyrillic(c) || is_latin_accent(c);
}

static int query_char(unsigned char c)
{
    return is_alnum(c) || (c && strchr("!?*'@();:&=+$/%#[]-_.,~|", c));
}

static int query_end_char(unsigned char c)
{
    return is_alnum(c) || (c && strchr("-_&=#/", c));
}

/* ---- top-level domains ------------------------------------------------ */

int lcc__tld_known(const char *s, size_t n)
{
    if (n == 0 || n > lcc__tld_max_len)
        return 0;
    size_t lo = 0, hi = lcc__tld_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const lcc__tld *t = &lcc__tld_table[mid];
        int c = memcmp(t->name, s, t->len < n ? t->len : n);
        if (c == 0)
            c = (t->len > n) - (t->len < n);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* ---- punycode (RFC 3492), for the 63-character label limit ------------ */

enum { PC_BASE = 36, PC_TMIN = 1, PC_TMAX = 26, PC_SKEW = 38, PC_DAMP = 700 };

static uint32_t pc_adapt(uint64_t delta, uint64_t points, int first)
{
    delta = first ? delta / PC_DAMP : delta / 2;
    delta += delta / points;
    uint32_t k = 0;
    while (delta > ((PC_BASE - PC_TMIN) * PC_TMAX) / 2) {
        delta /= PC_BASE - PC_TMIN;
        k += PC_BASE;
    }
    return k + (uint32_t)((PC_BASE - PC_TMIN + 1) * delta / (delta + PC_SKEW));
}

size_t lcc__punycode_len(const uint32_t *cp, size_t n)
{
    size_t basic = 0;
    for (size_t k = 0; k < n; k++)
        basic += cp[k] < 0x80;
    size_t out = basic + (basic > 0); /* the basic code points and "-" */
    uint32_t next = 0x80, bias = 72;
    uint64_t delta = 0;
    size_t h = basic;
    while (h < n) {
        uint32_t m = UINT32_MAX;
        for (size_t k = 0; k < n; k++)
            if (cp[k] >= next && cp[k] < m)
                m = cp[k];
        delta += (uint64_t)(m - next) * (h + 1);
        next = m;
        for (size_t k = 0; k < n; k++) {
            if (cp[k] < next) {
                delta++;
            } else if (cp[k] == next) {
                uint64_t q = delta;
                for (uint32_t kk = PC_BASE;; kk += PC_BASE) {
                    uint32_t t = kk <= bias ? PC_TMIN : kk >= bias + PC_TMAX ? PC_TMAX : kk - bias;
                    if (q < t)
                        break;
                    out++;
                    q = (q - t) / (PC_BASE - t);
                }
                out++;
                bias = pc_adapt(delta, h + 1, h == basic);
                delta = 0;
                h++;
            }
        }
        delta++;
        next++;
    }
    return out;
}

/* Length of label s[a..b) in its ASCII (IDNA) form, or MAX_LABEL + 1 when
 * it is longer than a label may be. */
static size_t ace_len(const unsigned char *s, size_t a, size_t b)
{
    uint32_t cps[MAX_LABEL];
    size_t n = 0;
    int ascii = 1;
    for (size_t i = a; i < b;) {
        if (n == MAX_LABEL)
            return MAX_LABEL + 1;
        i += lcc__u8_dec(s, i, &cps[n]);
        ascii &= cps[n] < 0x80;
        n++;
    }
    return ascii ? n : 4 + lcc__punycode_len(cps, n);
}

/* ---- hosts ------------------------------------------------------------- */

typedef struct span {
    size_t a, b;
} span;

/* Characters of s[a..b) in UTF-16 units (JavaScript's length). */
static size_t u16_len(const unsigned char *s, size_t a, size_t b)
{
    size_t u = 0;
    for (size_t i = a; i < b; i++)
        u += ((s[i] & 0xC0) != 0x80) + (s[i] >= 0xF0);
    return u;
}

/* When label [a, b) starts with a top-level domain that may end a host,
 * returns the end of that domain, else 0.  After an ASCII domain the next
 * character must not be [0-9A-Za-z@+-]; a Unicode domain is a whole label. */
static size_t tld_end(const unsigned char *s, size_t n, size_t a, size_t b)
{
    char buf[4 * MAX_LABEL];
    size_t e, len = 0;
    if (s[a] < 0x80) {
        e = a;
        if (b - a > 4 && (s[a] | 0x20) == 'x' && (s[a + 1] | 0x20) == 'n' && s[a + 2] == '-' &&
            s[a + 3] == '-') { /* punycode: xn--[-0-9a-z]+ */
            e = a + 4;
            while (e < b && (is_alnum(s[e]) || s[e] == '-'))
                e++;
        } else {
            while (e < b && is_alnum(s[e]))
                e++;
        }
        if (e == a || e - a > lcc__tld_max_len || (e < b && s[e] == '-'))
            return 0;
        for (size_t i = a; i < e; i++)
            buf[len++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
    } else {
        e = b;
        if (e - a > sizeof buf)
            return 0;
        for (size_t i = a; i < e;) { /* lowercase, as the table is */
            uint32_t c;
            i += lcc__u8_dec(s, i, &c);
            utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_tolower((utf8proc_int32_t)c),
                                                      (utf8proc_uint8_t *)buf + len);
            len += (size_t)w;
            if (len > sizeof buf - 4)
                return 0;
        }
    }
    if (e == b && b < n && (s[b] == '@' || s[b] == '+'))
        return 0;
    return lcc__tld_known(buf, len) ? e : 0;
}

/* A name or subdomain label: no "-" or "_" at either end, "_" only in a
 * subdomain, at most 63 characters in ASCII form. */
static int label_ok(const unsigned char *s, span l, int subdomain)
{
    unsigned char first = s[l.a], last = s[l.b - 1];
    if (first == '-' || first == '_' || last == '-' || last == '_')
        return 0;
    if (!subdomain && memchr(s + l.a, '_', l.b - l.a))
        return 0;
    return ace_len(s, l.a, l.b) <= MAX_LABEL;
}

/* Parses the host at s[i]; returns its end, or 0.  *labels gets the number
 * of labels, *cc whether the top-level domain is two ASCII letters other
 * than co and tv, *ace the host's length in ASCII form. */
static size_t parse_host(const unsigned char *s, size_t n, size_t i, int proto, size_t *labels,
                         int *cc, size_t *ace)
{
    span lab[MAX_LABELS];
    size_t nl = 0, j = i;
    for (;;) {
        size_t a = j;
        while (j < n) {
            uint32_t c;
            size_t len = lcc__u8_dec(s, j, &c);
            if (!label_char(c, proto))
                break;
            j += len;
        }
        if (j == a)
            break;
        lab[nl].a = a;
        lab[nl].b = j;
        if (++nl == MAX_LABELS || j + 1 >= n || s[j] != '.')
            break;
        uint32_t c;
        lcc__u8_dec(s, j + 1, &c);
        if (!label_char(c, proto))
            break;
        j++;
    }
    /* The last label that is a top-level domain with valid labels before it
     * ends the host (as the regular expression backtracks). */
    for (size_t k = nl; k-- > 1;) {
        size_t e = tld_end(s, n, lab[k].a, lab[k].b);
        if (!e)
            continue;
        size_t total = ace_len(s, lab[k].a, e) + k; /* the top-level domain and the dots */
        int ok = 1;
        for (size_t m = 0; m < k && ok; m++) {
            ok = label_ok(s, lab[m], m + 1 < k);
            total += ace_len(s, lab[m].a, lab[m].b);
        }
        if (!ok)
            continue;
        *labels = k + 1;
        const unsigned char *tld = s + lab[k].a;
        /* two letters (the characters are ASCII letters or digits here) */
        *cc = e - lab[k].a == 2 && tld[0] < 0x80 && tld[0] > '9' && tld[1] > '9';
        if (*cc) {
            char t0 = (char)(tld[0] | 0x20), t1 = (char)(tld[1] | 0x20);
            if ((t0 == 'c' && t1 == 'o') || (t0 == 't' && t1 == 'v'))
                *cc = 0;
        }
        *ace = total;
        return e;
    }
    return 0;
}

/* ---- paths and queries ------------------------------------------------- */

/* Balanced parentheses at s[j] == '(': "(" general+ ")" or
 * "(" general* "(" general+ ")" general* ")".  Returns the end, or 0. */
static size_t balanced(const unsigned char *s, size_t n, size_t j)
{
    size_t k = j + 1, run = 0;
    uint32_t c;
    while (k < n) {
        size_t len = lcc__u8_dec(s, k, &c);
        if (!path_char(c))
            break;
        k += len;
        run++;
    }
    if (k < n && s[k] == ')')
        return run ? k + 1 : 0;
    if (k >= n || s[k] != '(')
        return 0;
    k++;
    run = 0;
    while (k < n) {
        size_t len = lcc__u8_dec(s, k, &c);
        if (!path_char(c))
            break;
        k += len;
        run++;
    }
    if (!run || k >= n || s[k] != ')')
        return 0;
    k++;
    while (k < n) {
        size_t len = lcc__u8_dec(s, k, &c);
        if (!path_char(c))
            break;
        k += len;
    }
    return k < n && s[k] == ')' ? k + 1 : 0;
}

/* Path at s[p] == '/': returns its end (after the last ending character; a
 * bare "/" is a path). */
static size_t parse_path(const unsigned char *s, size_t n, size_t p)
{
    size_t j = p + 1, good = p + 1;
    while (j < n) {
        uint32_t c;
        size_t len = lcc__u8_dec(s, j, &c);
        if (c == '(') {
            size_t e = balanced(s, n, j);
            if (!e)
                break;
            j = good = e;
            continue;
        }
        if (!path_char(c))
            break;
        j += len;
        if (path_end_char(c))
            good = j;
    }
    return good;
}

/* Query at s[p] == '?': returns its end, or p when no query ends well. */
static size_t parse_query(const unsigned char *s, size_t n, size_t p)
{
    size_t j = p + 1, good = p;
    while (j < n && s[j] < 0x80 && query_char(s[j])) {
        j++;
        if (query_end_char(s[j - 1]))
            good = j;
    }
    return good;
}

/* ---- URLs -------------------------------------------------------------- */

/* Length of "http://" or "https://" at s[i] (any case), or 0. */
static size_t protocol_len(const unsigned char *s, size_t n, size_t i)
{
    static const char http[] = "http";
    if (n - i < 7)
        return 0;
    for (size_t k = 0; k < 4; k++)
        if ((s[i + k] | 0x20) != http[k])
            return 0;
    size_t j = i + 4;
    if ((s[j] | 0x20) == 's')
        j++;
    return n - j >= 3 && s[j] == ':' && s[j + 1] == '/' && s[j + 2] == '/' ? j + 3 - i : 0;
}

/* A URL starting at s[i] (with protocol when proto is set).  Returns its
 * end, or 0. */
static size_t try_url(const unsigned char *s, size_t n, size_t i, size_t proto)
{
    size_t h = i + proto, labels, ace;
    int cc;
    size_t host_end = parse_host(s, n, h, proto > 0, &labels, &cc, &ace);
    if (!host_end)
        return 0;
    size_t p = host_end;
    if (p + 1 < n && s[p] == ':' && s[p + 1] >= '0' && s[p + 1] <= '9') {
        p++;
        while (p < n && s[p] >= '0' && s[p] <= '9')
            p++;
    }
    int has_path = p < n && s[p] == '/';
    if (has_path)
        p = parse_path(s, n, p);
    if (p < n && s[p] == '?')
        p = parse_query(s, n, p);
    /* twitter-text's length check: protocol + URL with the host in ASCII. */
    size_t length = (proto ? proto : 8) + u16_len(s, i, p) - u16_len(s, h, host_end) + ace;
    if (length > MAX_URL)
        return 0;
    if (!proto && !has_path) {
        if (labels == 2 && cc)
            return 0;
        return host_end;
    }
    return p;
}

/* Cheap filter before a URL without protocol: the first label (ASCII
 * letters, digits, "-", "_", or any non-ASCII byte, a superset) must be
 * followed by a dot. */
static int dot_after_label(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (s[i] >= 0x80 || is_alnum(s[i]) || s[i] == '-' || s[i] == '_'))
        i++;
    return i + 1 < n && s[i] == '.';
}

/* Class of the character before s[i]. */
static int class_before(const unsigned char *s, size_t i)
{
    if (i == 0)
        return P_OTHER;
    size_t k = i - 1;
    while (k > 0 && (s[k] & 0xC0) == 0x80)
        k--;
    uint32_t c;
    lcc__u8_dec(s, k, &c);
    return before_class(c);
}

int lcc__url_find(const unsigned char *s, size_t n, size_t from, size_t *start, size_t *end)
{
    if (from >= n)
        return 0;
    const unsigned char *dot = memchr(s + from, '.', n - from);
    if (!dot)
        return 0;
    int before = class_before(s, from);
    size_t i = from;
    while (i < n) {
        uint32_t c = s[i];
        size_t len = c < 0x80 ? 1 : lcc__u8_dec(s, i, &c);
        int latin = c >= 0x80 && is_latin_accent(c);
        if ((latin || is_alnum(c)) && before != P_BLOCK) {
            if (s + i >= dot) { /* a URL needs a dot after its start */
                dot = memchr(s + i, '.', n - i);
                if (!dot)
                    return 0;
            }
            size_t e = 0, proto = c < 0x80 ? protocol_len(s, n, i) : 0;
            if (proto)
                e = try_url(s, n, i, proto);
            if (!e && before == P_OTHER && dot_after_label(s, n, i))
                e = try_url(s, n, i, 0);
            if (e) {
                *start = i;
                *end = e;
                return 1;
            }
        }
        i += len;
        if (c < 0x80 && is_alnum(c)) { /* the rest of an ASCII word follows a letter */
            while (i < n && s[i] < 0x80 && is_alnum(s[i]))
                i++;
            before = P_BLOCK;
        } else {
            before = latin ? P_OTHER : before_class(c);
        }
    }
    return 0;
}
