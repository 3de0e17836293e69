/* contactcore: output for people (reports, errors, times) and for scripts
 * (a small JSON writer: the library's own is not public). */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON ---- */

void jw_init(jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->first[0] = 1;
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
        fputc(',', w->f);
    w->first[w->depth] = 0;
}

static void open_(jw *w, char c)
{
    sep(w);
    fputc(c, w->f);
    if (w->depth < (int)(sizeof w->first / sizeof w->first[0]) - 1)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(jw *w, char c)
{
    fputc(c, w->f);
    if (w->depth > 0)
        w->depth--;
}

void jw_obj(jw *w) { open_(w, '{'); }
void jw_obj_end(jw *w) { close_(w, '}'); }
void jw_arr(jw *w) { open_(w, '['); }
void jw_arr_end(jw *w) { close_(w, ']'); }

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
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

static void put_string(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', f);
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            default: fprintf(f, "\\u%04x", c); break;
            }
            i++;
        } else {
            size_t len = utf8_len(p + i, n - i);
            if (len == 0) { /* not UTF-8: U+FFFD keeps the document valid */
                fputs("\\ufffd", f);
                i++;
            } else {
                fwrite(p + i, 1, len, f);
                i += len;
            }
        }
    }
    fputc('"', f);
}

void jw_key(jw *w, const char *key)
{
    sep(w);
    put_string(w->f, key, strlen(key));
    fputc(':', w->f);
    w->first[w->depth] = 2;
}

void jw_strn(jw *w, const char *s, size_t n)
{
    sep(w);
    put_string(w->f, s, n);
}

void jw_str(jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    jw_strn(w, s, strlen(s));
}

void jw_int(jw *w, long long v)
{
    sep(w);
    fprintf(w->f, "%lld", v);
}

void jw_uint(jw *w, unsigned long long v)
{
    sep(w);
    fprintf(w->f, "%llu", v);
}

void jw_num(jw *w, double v)
{
    sep(w);
    fprintf(w->f, "%.3f", v);
}

void jw_bool(jw *w, int v)
{
    sep(w);
    fputs(v ? "true" : "false", w->f);
}

void jw_null(jw *w)
{
    sep(w);
    fputs("null", w->f);
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
    fputc('\n', w->f);
    fflush(w->f);
}

/* ---- statuses ---- */

const char *out_status_name(lcc_status st)
{
    static const char *const names[] = {
        "OK",         "EMISUSE",     "ENOMEM",        "EINVAL",          "ERANGE",
        "ENOTFOUND",  "EEXISTS",     "EVALIDATION",   "EPERM",           "ENOTELIGIBLE",
        "ENOTALLOWED", "EPAST",      "EUNKNOWN_ZONE", "ENONEXISTENT_TIME", "EAMBIGUOUS_TIME",
        "EBADNUMBER", "EIO",         "EFORMAT",       "ESTATE",          "EPENDING",
        "ETIMEDOUT",  "ECANCELED",   "EUNKNOWN_OUTCOME", "EAUTH",        "EBUSY",
        "ESERVER",    "EREJECTED",   "ENOTSUP",       "ETAKEOVER"};
    return (size_t)st < sizeof names / sizeof names[0] ? names[st] : "E?";
}

/* ---- reports ---- */

void out_report(FILE *f, const lcc_report *r, const char *indent)
{
    for (size_t i = 0; i < lcc_report_count(r); i++) {
        const char *field = lcc_report_field(r, i);
        fprintf(f, "%s%-7s %-14s %-15s %s\n", indent,
                lcc_report_severity(r, i) == LCC_SEVERITY_ERROR ? "error" : "warning",
                field && *field ? field : "-", lcc_report_rule(r, i), lcc_report_message(r, i));
    }
}

void out_report_json(jw *w, const lcc_report *r)
{
    jw_arr(w);
    for (size_t i = 0; i < lcc_report_count(r); i++) {
        jw_obj(w);
        jw_kstr(w, "rule", lcc_report_rule(r, i));
        jw_kstr(w, "field", lcc_report_field(r, i));
        jw_kstr(w, "severity",
                lcc_report_severity(r, i) == LCC_SEVERITY_ERROR ? "error" : "warning");
        jw_kstr(w, "code", out_status_name(lcc_report_code(r, i)));
        jw_kstr(w, "message", lcc_report_message(r, i));
        if (lcc_report_server_code(r, i))
            jw_kstr(w, "server_code", lcc_report_server_code(r, i));
        if (lcc_report_line(r, i)) {
            jw_kint(w, "line", lcc_report_line(r, i));
            jw_kint(w, "column", lcc_report_column(r, i));
        }
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

void out_report_flat(char *buf, size_t size, const lcc_report *r)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < lcc_report_count(r) && len + 1 < size; i++) {
        int n = snprintf(buf + len, size - len, "%s%s:%s:%s%s", i ? " | " : "",
                         lcc_report_rule(r, i), lcc_report_field(r, i) ? lcc_report_field(r, i) : "",
                         lcc_report_severity(r, i) == LCC_SEVERITY_WARNING ? "warning: " : "",
                         lcc_report_message(r, i));
        if (n < 0)
            break;
        len += (size_t)n < size - len ? (size_t)n : size - len - 1;
    }
}

/* ---- errors ---- */

int out_fail(cli_app *app, int code, lcc_status st, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "contactcore: %s%s%s\n", app && app->cmd ? app->cmd : "",
            app && app->cmd ? ": " : "", msg);
    if (app && app->json && !app->in_doc && code != CLI_USAGE) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", 0);
        jw_kint(&w, "exit", code);
        jw_key(&w, "error");
        jw_obj(&w);
        jw_kstr(&w, "status", st == LCC_OK ? NULL : out_status_name(st));
        jw_kstr(&w, "message", msg);
        jw_obj_end(&w);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return code;
}

/* ---- times ---- */

void out_utc(char *buf, size_t size, int64_t ms)
{
    char t[LCC_TIME_BUFSIZE];
    if (lcc_time_format(t, sizeof t, ms) != LCC_OK) {
        snprintf(buf, size, "?");
        return;
    }
    /* "2026-11-23T09:00:00.000Z" -> without the milliseconds when 0 */
    if (ms % 1000 == 0)
        snprintf(buf, size, "%.19sZ", t);
    else
        snprintf(buf, size, "%s", t);
}

int out_local(char *buf, size_t size, lcc_context *ctx, const char *zone, int64_t ms)
{
    int y, mo, d, h, mi, s;
    int32_t off;
    if (lcc_tz_utc_to_local(&y, &mo, &d, &h, &mi, &s, &off, ctx, zone, ms) != LCC_OK) {
        snprintf(buf, size, "?");
        return -1;
    }
    int a = off < 0 ? -off : off;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h, mi, s,
             off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    return 0;
}

int out_local_short(char *buf, size_t size, lcc_context *ctx, const char *zone, int64_t ms)
{
    int y, mo, d, h, mi, s;
    if (lcc_tz_utc_to_local(&y, &mo, &d, &h, &mi, &s, NULL, ctx, zone, ms) != LCC_OK) {
        snprintf(buf, size, "?");
        return -1;
    }
    snprintf(buf, size, "%04d-%02d-%02d %02d:%02d %s", y, mo, d, h, mi, zone);
    return 0;
}
