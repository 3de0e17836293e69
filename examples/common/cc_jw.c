/* The examples' JSON writer (cc_jw.h). */
#include "cc_jw.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- sinks ---- */

static void mem_put(jw_mem *m, const char *s, size_t n)
{
    if (m->overflow || m->oom)
        return;
    if (m->limit && n > m->limit - m->len) {
        m->overflow = 1;
        return;
    }
    if (n > m->cap - m->len) {
        size_t cap = m->cap ? m->cap : 4096;
        while (n > cap - m->len)
            cap *= 2;
        if (m->limit && cap > m->limit)
            cap = m->limit;
        char *b = realloc(m->buf, cap);
        if (!b) {
            m->oom = 1;
            return;
        }
        m->buf = b;
        m->cap = cap;
    }
    memcpy(m->buf + m->len, s, n);
    m->len += n;
}

static void put(jw *w, const char *s, size_t n)
{
    if (w->m)
        mem_put(w->m, s, n);
    else
        fwrite(s, 1, n, w->f);
}

static void putc_(jw *w, char c)
{
    if (w->m) {
        jw_mem *m = w->m;
        if (m->len < m->cap && (!m->limit || m->len < m->limit) && !m->overflow && !m->oom)
            m->buf[m->len++] = c;
        else
            mem_put(m, &c, 1);
    } else {
        fputc(c, w->f);
    }
}

static void puts_(jw *w, const char *s)
{
    put(w, s, strlen(s));
}

void jw_init(jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->first[0] = 1;
}

void jw_init_mem(jw *w, jw_mem *m)
{
    memset(w, 0, sizeof *w);
    w->m = m;
    m->len = 0;
    m->overflow = m->oom = 0;
    w->first[0] = 1;
}

void jw_mem_free(jw_mem *m)
{
    free(m->buf);
    m->buf = NULL;
    m->len = m->cap = 0;
}

/* Before a value: a comma unless it is the first in its container, or the
 * value of a key. */
static void sep(jw *w)
{
    if (w->first[w->depth] == 2) { /* after a key */
        w->first[w->depth] = 0;
        return;
    }
    if (!w->first[w->depth])
        putc_(w, ',');
    w->first[w->depth] = 0;
}

static void open_(jw *w, char c)
{
    sep(w);
    putc_(w, c);
    if (w->depth < (int)(sizeof w->first / sizeof w->first[0]) - 1)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(jw *w, char c)
{
    putc_(w, c);
    if (w->depth > 0)
        w->depth--;
}

void jw_obj(jw *w) { open_(w, '{'); }
void jw_obj_end(jw *w) { close_(w, '}'); }
void jw_arr(jw *w) { open_(w, '['); }
void jw_arr_end(jw *w) { close_(w, ']'); }

/* ---- UTF-8 ---- */

size_t cc_utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    unsigned cp = c & (0x3f >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

int cc_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t v;
            memcpy(&v, p + i, 8);
            if (v & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = cc_utf8_len(p + i, n - i);
        if (len == 0)
            return 0;
        i += len;
    }
    return 1;
}

/* ---- values ---- */

/* 1 when none of the 8 bytes needs escaping: ASCII from 0x20 to 0x7e, not
 * '"' or '\\' (word-at-a-time tests: "has a byte less than", "has a zero
 * byte" after an xor). */
static int plain8(uint64_t v)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
    if (v & high)
        return 0;
    uint64_t below = (v - ones * 0x20) & ~v & high;
    uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\'), d = v ^ (ones * 0x7f);
    uint64_t hits = ((q - ones) & ~q) | ((b - ones) & ~b) | ((d - ones) & ~d);
    return !(below | (hits & high));
}

static void put_string(jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    putc_(w, '"');
    size_t run = 0; /* start of the bytes that go out as they are */
    for (size_t i = 0; i < n;) {
        uint64_t v;
        if (i + 8 <= n && (memcpy(&v, p + i, 8), plain8(v))) {
            i += 8;
            continue;
        }
        unsigned c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f) {
            i++;
            continue;
        }
        size_t len = c >= 0x80 ? cc_utf8_len(p + i, n - i) : 0;
        if (len > 0) {
            i += len;
            continue;
        }
        put(w, s + run, i - run);
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            put(w, e, 2);
        } else if (c == '\n') {
            put(w, "\\n", 2);
        } else if (c == '\r') {
            put(w, "\\r", 2);
        } else if (c == '\t') {
            put(w, "\\t", 2);
        } else if (c < 0x80) { /* other controls, DEL */
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(w, e, 6);
        } else { /* not UTF-8: U+FFFD keeps the document valid */
            put(w, "\\ufffd", 6);
        }
        i++;
        run = i;
    }
    put(w, s + run, n - run);
    putc_(w, '"');
}

void jw_key(jw *w, const char *key)
{
    sep(w);
    put_string(w, key, strlen(key));
    putc_(w, ':');
    w->first[w->depth] = 2;
}

void jw_strn(jw *w, const char *s, size_t n)
{
    sep(w);
    put_string(w, s, n);
}

void jw_str(jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    jw_strn(w, s, strlen(s));
}

static void put_fmt_ll(jw *w, long long v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", v);
    put(w, buf, (size_t)n);
}

void jw_int(jw *w, long long v)
{
    sep(w);
    put_fmt_ll(w, v);
}

void jw_uint(jw *w, unsigned long long v)
{
    char buf[24];
    sep(w);
    int n = snprintf(buf, sizeof buf, "%llu", v);
    put(w, buf, (size_t)n);
}

void jw_num(jw *w, double v)
{
    char buf[64];
    sep(w);
    int n = snprintf(buf, sizeof buf, "%.3f", v);
    put(w, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void jw_double(jw *w, double v)
{
    char buf[40];
    if (!isfinite(v)) {
        jw_null(w);
        return;
    }
    sep(w);
    int n = snprintf(buf, sizeof buf, "%.17g", v);
    put(w, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void jw_bool(jw *w, int v)
{
    sep(w);
    puts_(w, v ? "true" : "false");
}

void jw_null(jw *w)
{
    sep(w);
    put(w, "null", 4);
}

void jw_kstr(jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_str(w, s);
}

void jw_kint(jw *w, const char *key, long long v)
{
    jw_key(w, key);
    jw_int(w, v);
}

void jw_kbool(jw *w, const char *key, int v)
{
    jw_key(w, key);
    jw_bool(w, v);
}

void jw_end(jw *w)
{
    if (w->m)
        return;
    fputc('\n', w->f);
    fflush(w->f);
}
