/* The strict JSON validator (see json_strict.h). */
#include "core/json_strict.h"

#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

const lcc__json_limits lcc__json_net_limits = {LCC__JSON_NET_MAX_BYTES, LCC__JSON_NET_MAX_DEPTH,
                                               0};

#define VALUE_WHAT "a value (text in double quotes, a number, true, false, null, [ or {)"

typedef struct scan {
    const char *s;
    size_t len;
    lcc__json_error *err;
} scan;

static lcc__json_code fail(scan *sc, lcc__json_code code, size_t off, unsigned value,
                           const char *why)
{
    sc->err->code = code;
    sc->err->off = off;
    sc->err->value = value;
    sc->err->why = why;
    return code;
}

static lcc__json_code expected(scan *sc, size_t off, const char *what, const char *why)
{
    sc->err->what = what;
    return fail(sc, LCC__JSON_EXPECTED, off, off < sc->len ? (unsigned char)sc->s[off] : 0, why);
}

static int digit(const scan *sc, size_t i)
{
    return i < sc->len && sc->s[i] >= '0' && sc->s[i] <= '9';
}

static size_t skip_ws(const scan *sc, size_t i)
{
    while (i < sc->len &&
           (sc->s[i] == ' ' || sc->s[i] == '\t' || sc->s[i] == '\n' || sc->s[i] == '\r'))
        i++;
    return i;
}

static int hex4(const scan *sc, size_t i, unsigned *v)
{
    if (i > sc->len || sc->len - i < 4)
        return 0;
    unsigned x = 0;
    for (size_t k = 0; k < 4; k++) {
        char c = sc->s[i + k];
        x <<= 4;
        if (c >= '0' && c <= '9')
            x |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            x |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *v = x;
    return 1;
}

/* The string whose '"' is at i: *end past its closing quote, *flags. */
static lcc__json_code string(scan *sc, size_t i, size_t *end, unsigned *flags)
{
    size_t j = i + 1;
    *flags = 0;
    for (;;) {
        if (j >= sc->len)
            return fail(sc, LCC__JSON_UNTERMINATED, i, 0, "a string has no closing quote");
        unsigned char c = (unsigned char)sc->s[j];
        if (c == '"') {
            *end = j + 1;
            return LCC__JSON_OK;
        }
        if (c < 0x20) {
            if (c == '\n' || c == '\r')
                return fail(sc, LCC__JSON_LINE_BREAK, j, c, "a raw line break in a string");
            return fail(sc, LCC__JSON_CONTROL, j, c, "a raw control character in a string");
        }
        if (c != '\\') {
            j++;
            continue;
        }
        if (j + 1 >= sc->len) {
            j++;
            continue; /* no closing quote */
        }
        char e = sc->s[j + 1];
        if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
            e == 't') {
            j += 2;
            continue;
        }
        if (e != 'u')
            return fail(sc, LCC__JSON_BAD_ESCAPE, j, (unsigned char)e, "an unknown escape");
        unsigned v, w;
        if (!hex4(sc, j + 2, &v))
            return fail(sc, LCC__JSON_BAD_HEX, j, 0, "\\u without four hex digits");
        if (v >= 0xDC00 && v <= 0xDFFF)
            return fail(sc, LCC__JSON_LONE_LOW, j, v, "a lone low surrogate escape");
        if (v >= 0xD800 && v <= 0xDBFF) {
            if (!(j + 7 < sc->len && sc->s[j + 6] == '\\' && sc->s[j + 7] == 'u' &&
                  hex4(sc, j + 8, &w) && w >= 0xDC00 && w <= 0xDFFF))
                return fail(sc, LCC__JSON_LONE_HIGH, j, v, "a lone high surrogate escape");
            j += 12;
            continue;
        }
        if (v == 0)
            *flags |= LCC__JSON_TOK_NUL;
        j += 6;
    }
}

/* The number at i: *end past it. */
static lcc__json_code number(scan *sc, size_t i, size_t *end)
{
    size_t j = i;
    if (sc->s[j] == '-')
        j++;
    if (!digit(sc, j))
        return fail(sc, LCC__JSON_NUMBER_DIGITS, i, 0, "a number without digits");
    if (sc->s[j] == '0' && digit(sc, j + 1))
        return fail(sc, LCC__JSON_LEADING_ZERO, i, 0, "a number with a leading zero");
    while (digit(sc, j))
        j++;
    if (j < sc->len && sc->s[j] == '.') {
        j++;
        if (!digit(sc, j))
            return fail(sc, LCC__JSON_FRACTION, i, 0, "a number without digits after '.'");
        while (digit(sc, j))
            j++;
    }
    if (j < sc->len && (sc->s[j] == 'e' || sc->s[j] == 'E')) {
        j++;
        if (j < sc->len && (sc->s[j] == '+' || sc->s[j] == '-'))
            j++;
        if (!digit(sc, j))
            return fail(sc, LCC__JSON_EXPONENT, i, 0, "a number without exponent digits");
        while (digit(sc, j))
            j++;
    }
    if (j - i > LCC__JSON_NUMBER_MAX)
        return fail(sc, LCC__JSON_NUMBER_LONG, i, 0, "a number longer than 63 characters");
    *end = j;
    return LCC__JSON_OK;
}

lcc__json_code lcc__json_strict(const char *s, size_t len, const lcc__json_limits *lim,
                                lcc__json_token_fn on_token, void *ud, lcc__json_error *err)
{
    lcc__json_error spare;
    if (!s)
        len = 0;
    scan sc = {s, len, err ? err : &spare};
    memset(sc.err, 0, sizeof *sc.err);
    if (!lim)
        lim = &lcc__json_net_limits;
    size_t max_depth = lim->max_depth && lim->max_depth < LCC__JSON_DEPTH_CAP
                           ? lim->max_depth
                           : LCC__JSON_DEPTH_CAP;
    if (lim->max_bytes && len > lim->max_bytes)
        return fail(&sc, LCC__JSON_TOO_LARGE, 0, 0, "the text is larger than the limit");

    /* NUL and UTF-8 over the whole text first. */
    for (size_t i = 0; i < len;) {
        size_t n = s[i] ? lcc__utf8_seq(s, len, i) : 0;
        if (n == 0) {
            if (s[i] == 0)
                return fail(&sc, LCC__JSON_NUL, i, 0, "a NUL byte");
            return fail(&sc, LCC__JSON_UTF8, i, (unsigned char)s[i], "not valid UTF-8");
        }
        i += n;
    }

    uint64_t objs[LCC__JSON_DEPTH_CAP / 64]; /* bit set: that open container is '{' */
    size_t depth = 0, n_toks = 0;
    enum { VALUE, KEY, AFTER } want = VALUE;
    int after_comma = 0;
    lcc__json_code st;
    size_t i = skip_ws(&sc, 0);
    if (i == len)
        return fail(&sc, LCC__JSON_EMPTY, i, 0, "no value: the text is empty");
    for (;;) {
        if (want == KEY || want == VALUE) {
            if (want == KEY && (i >= len || s[i] != '"')) {
                if (after_comma && i < len && s[i] == '}')
                    return fail(&sc, LCC__JSON_TRAILING_COMMA, i, '}', "a trailing comma");
                return after_comma ? expected(&sc, i, "a key in double quotes",
                                              "expected a key in double quotes")
                                   : expected(&sc, i, "a key in double quotes, or '}'",
                                              "expected a key in double quotes, or '}'");
            }
            if (i >= len)
                return expected(&sc, i, VALUE_WHAT, "expected a value");
            char c = s[i];
            if (after_comma && c == ']')
                return fail(&sc, LCC__JSON_TRAILING_COMMA, i, ']', "a trailing comma");
            after_comma = 0;
            if (c != '{' && c != '[' && c != '"' && c != '-' && !(c >= '0' && c <= '9') &&
                c != 't' && c != 'f' && c != 'n')
                return expected(&sc, i, VALUE_WHAT, "expected a value");
            if (lim->max_tokens && n_toks == lim->max_tokens)
                return fail(&sc, LCC__JSON_TOO_MANY, i, 0, "more values than the limit");
            n_toks++;
            size_t end = i + 1;
            unsigned flags = 0;
            st = LCC__JSON_OK;
            if (c == '{' || c == '[') {
                if (depth == max_depth)
                    return fail(&sc, LCC__JSON_TOO_DEEP, i, 0, "nested deeper than the limit");
            } else if (c == '"') {
                st = string(&sc, i, &end, &flags);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                st = number(&sc, i, &end);
            } else {
                const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
                size_t n = strlen(lit);
                if (len - i < n || memcmp(s + i, lit, n) != 0)
                    return expected(&sc, i, VALUE_WHAT, "expected a value");
                end = i + n;
            }
            if (st != LCC__JSON_OK)
                return st;
            if (on_token) {
                int r = on_token(ud, i, flags);
                if (r)
                    return fail(&sc, LCC__JSON_STOPPED, i, (unsigned)r, "stopped");
            }
            if (want == KEY) {
                i = skip_ws(&sc, end);
                if (i >= len || s[i] != ':')
                    return expected(&sc, i, "':' after the key", "expected ':' after a key");
                i = skip_ws(&sc, i + 1);
                want = VALUE;
                continue;
            }
            if (c == '{' || c == '[') {
                uint64_t bit = (uint64_t)1 << (depth % 64);
                if (c == '{')
                    objs[depth / 64] |= bit;
                else
                    objs[depth / 64] &= ~bit;
                depth++;
                i = skip_ws(&sc, i + 1);
                if (i < len && s[i] == (c == '{' ? '}' : ']')) {
                    depth--;
                    i++;
                    want = AFTER;
                } else {
                    want = c == '{' ? KEY : VALUE;
                }
                continue;
            }
            i = end;
            want = AFTER;
            continue;
        }
        /* AFTER a value */
        i = skip_ws(&sc, i);
        if (depth == 0) {
            if (i < len)
                return fail(&sc, LCC__JSON_TRAILING, i, (unsigned char)s[i],
                            "text after the value");
            return LCC__JSON_OK;
        }
        int obj = (objs[(depth - 1) / 64] >> ((depth - 1) % 64)) & 1;
        if (i < len && s[i] == ',') {
            i = skip_ws(&sc, i + 1);
            want = obj ? KEY : VALUE;
            after_comma = 1;
        } else if (i < len && s[i] == (obj ? '}' : ']')) {
            depth--;
            i++;
        } else {
            return obj ? expected(&sc, i, "',' or '}'", "expected ',' or '}'")
                       : expected(&sc, i, "',' or ']'", "expected ',' or ']'");
        }
    }
}
