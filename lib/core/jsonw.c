/* The streaming JSON writer (see jsonw.h). */
#include "core/jsonw.h"

#include <string.h>

#include "core/alloc.h"
#include "core/utf8.h"

#define FIRST_CAP 512 /* first allocation: most request bodies fit */

void lcc__jw_init(lcc__jw *w, const lcc_allocator *alloc)
{
    memset(w, 0, sizeof *w);
    w->alloc = alloc;
    w->status = LCC_OK;
}

void lcc__jw_discard(lcc__jw *w)
{
    lcc__free(w->alloc, w->buf);
    lcc__jw_init(w, w->alloc);
}

lcc_status lcc__jw_status(const lcc__jw *w)
{
    return w->status;
}

/* Records the first failure; returns 0 for the caller to pass on. */
static int fail(lcc__jw *w, lcc_status st)
{
    if (w->status == LCC_OK)
        w->status = st;
    return 0;
}

/* Makes room for n more bytes plus the final NUL; 0 when it cannot. */
static int reserve(lcc__jw *w, size_t n)
{
    if (n < w->cap - w->len)
        return 1;
    if (n > SIZE_MAX - 1 - w->len)
        return fail(w, LCC_ENOMEM);
    size_t need = w->len + n + 1;
    if (!w->cap && need < FIRST_CAP)
        need = FIRST_CAP;
    if (lcc__grow(w->alloc, (void **)&w->buf, &w->cap, need, 1))
        return fail(w, LCC_ENOMEM);
    return 1;
}

/* Appends n reserved bytes. */
static void put(lcc__jw *w, const void *s, size_t n)
{
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static uint64_t top_bit(const lcc__jw *w)
{
    return (uint64_t)1 << (w->depth - 1);
}

static int in_array(const lcc__jw *w)
{
    return w->depth && (w->in_array & top_bit(w));
}

/* Checks that a value may come now, reserves its n bytes and writes the
 * comma before it; 0 when nothing may be written. */
static int value_begin(lcc__jw *w, size_t n)
{
    if (w->status != LCC_OK)
        return 0;
    if (w->depth ? !in_array(w) && !w->key_pending : w->done)
        return fail(w, LCC_EMISUSE);
    int comma = in_array(w) && (w->has_items & top_bit(w));
    if (!reserve(w, n + (size_t)comma))
        return 0;
    if (comma)
        w->buf[w->len++] = ',';
    if (w->depth)
        w->has_items |= top_bit(w);
    w->key_pending = 0;
    return 1;
}

/* After a whole value: at the top level, the document is complete. */
static void value_end(lcc__jw *w)
{
    if (!w->depth)
        w->done = 1;
}

static void literal(lcc__jw *w, const char *s, size_t n)
{
    if (value_begin(w, n)) {
        put(w, s, n);
        value_end(w);
    }
}

/* What a byte of a string needs: 0 nothing (copied), ESC an escape, HIGH
 * part of a multi-byte UTF-8 sequence (checked once, then copied). */
enum { ESC = 1, HIGH = 2 };
#define ESC4(b) [b] = ESC, [b + 1] = ESC, [b + 2] = ESC, [b + 3] = ESC
#define ESC16(b) ESC4(b), ESC4(b + 4), ESC4(b + 8), ESC4(b + 12)
#define HIGH4(b) [b] = HIGH, [b + 1] = HIGH, [b + 2] = HIGH, [b + 3] = HIGH
#define HIGH16(b) HIGH4(b), HIGH4(b + 4), HIGH4(b + 8), HIGH4(b + 12)
#define HIGH64(b) HIGH16(b), HIGH16(b + 16), HIGH16(b + 32), HIGH16(b + 48)
static const unsigned char byte_class[256] = {
    ESC16(0x00), ESC16(0x10), ['"'] = ESC, ['\\'] = ESC, HIGH64(0x80), HIGH64(0xC0),
};

/* 1 when none of the 8 bytes in v needs attention: no control character,
 * quote, backslash or non-ASCII byte.  Exact, as the bit tricks that find
 * a zero byte: without such a byte no lane borrows. */
static int plain8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
    return ((((v - ones * 0x20) | (q - ones) | (b - ones)) & ~v) | v) & high ? 0 : 1;
}

/* Writes s[0..n) quoted and escaped, then reserves `after` more bytes for
 * the caller.  One pass, eight plain bytes at a time where it can; a string
 * that is ASCII up to its first non-ASCII byte is well-formed UTF-8 if the
 * rest is, so lcc__utf8_valid runs once, from there.  0 on failure
 * (recorded: LCC_EINVAL or LCC_ENOMEM). */
static int quoted(lcc__jw *w, const char *s, size_t n, size_t after)
{
    static const char hex[] = "0123456789abcdef";
    if (!reserve(w, n + 2 + after))
        return 0;
    w->buf[w->len++] = '"';
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    char *o = w->buf + w->len;
    int checked = 0;
    for (;;) {
        uint64_t v;
        while (end - p >= 8 && (memcpy(&v, p, 8), plain8(v))) {
            memcpy(o, &v, 8);
            o += 8;
            p += 8;
        }
        while (p < end && !byte_class[*p])
            *o++ = (char)*p++;
        if (p == end)
            break;
        if (byte_class[*p] == HIGH) {
            if (!checked && !lcc__utf8_valid((const char *)p, (size_t)(end - p)))
                return fail(w, LCC_EINVAL);
            checked = 1;
            *o++ = (char)*p++;
            continue;
        }
        /* this byte grows to at most 6; the rest, the quote and `after` still fit */
        w->len = (size_t)(o - w->buf);
        if (!reserve(w, (size_t)(end - p) + 6 + after))
            return 0;
        o = w->buf + w->len;
        *o++ = '\\';
        switch (*p) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[*p >> 4];
            o[4] = hex[*p & 15];
            o += 5;
        }
        p++;
    }
    *o++ = '"';
    w->len = (size_t)(o - w->buf);
    return 1;
}

void lcc__jw_strn(lcc__jw *w, const char *s, size_t n)
{
    if (!s) {
        literal(w, "null", 4);
        return;
    }
    if (value_begin(w, 0) && quoted(w, s, n, 0))
        value_end(w);
}

void lcc__jw_str(lcc__jw *w, const char *s)
{
    lcc__jw_strn(w, s, s ? strlen(s) : 0);
}

void lcc__jw_key(lcc__jw *w, const char *key)
{
    if (w->status != LCC_OK)
        return;
    if (!key || !w->depth || in_array(w) || w->key_pending) {
        fail(w, LCC_EMISUSE);
        return;
    }
    int comma = (w->has_items & top_bit(w)) != 0;
    if (comma && !reserve(w, 1))
        return;
    if (comma)
        w->buf[w->len++] = ',';
    w->has_items |= top_bit(w);
    if (!quoted(w, key, strlen(key), 1))
        return;
    w->buf[w->len++] = ':';
    w->key_pending = 1;
}

void lcc__jw_key_str(lcc__jw *w, const char *key, const char *value)
{
    if (!value)
        return;
    lcc__jw_key(w, key);
    lcc__jw_str(w, value);
}

void lcc__jw_int(lcc__jw *w, int64_t v)
{
    char d[20]; /* "-9223372036854775808" */
    size_t i = sizeof d;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--i] = '-';
    literal(w, d + i, sizeof d - i);
}

void lcc__jw_bool(lcc__jw *w, int v)
{
    if (v)
        literal(w, "true", 4);
    else
        literal(w, "false", 5);
}

void lcc__jw_null(lcc__jw *w)
{
    literal(w, "null", 4);
}

static void open_container(lcc__jw *w, int array)
{
    if (w->status != LCC_OK)
        return;
    if (w->depth >= LCC__JW_MAX_DEPTH) {
        fail(w, LCC_EMISUSE);
        return;
    }
    if (!value_begin(w, 1))
        return;
    w->buf[w->len++] = array ? '[' : '{';
    w->depth++;
    if (array)
        w->in_array |= top_bit(w);
    else
        w->in_array &= ~top_bit(w);
    w->has_items &= ~top_bit(w);
}

static void close_container(lcc__jw *w, int array)
{
    if (w->status != LCC_OK)
        return;
    if (!w->depth || in_array(w) != array || w->key_pending) {
        fail(w, LCC_EMISUSE);
        return;
    }
    if (!reserve(w, 1))
        return;
    w->buf[w->len++] = array ? ']' : '}';
    w->depth--;
    value_end(w);
}

void lcc__jw_obj_begin(lcc__jw *w)
{
    open_container(w, 0);
}

void lcc__jw_obj_end(lcc__jw *w)
{
    close_container(w, 0);
}

void lcc__jw_arr_begin(lcc__jw *w)
{
    open_container(w, 1);
}

void lcc__jw_arr_end(lcc__jw *w)
{
    close_container(w, 1);
}

lcc_status lcc__jw_finish(char **out, size_t *len, lcc__jw *w)
{
    lcc_status st = w->status;
    if (st == LCC_OK && (!out || !len || w->depth || !w->done))
        st = LCC_EMISUSE;
    if (st != LCC_OK) {
        lcc__jw_discard(w);
        return st;
    }
    w->buf[w->len] = '\0'; /* reserve() always keeps room for it */
    *out = w->buf;
    *len = w->len;
    lcc__jw_init(w, w->alloc);
    return LCC_OK;
}
