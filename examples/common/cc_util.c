/* What the examples share (cc_util.h). */
#include "cc_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- names ---- */

const char *cc_status_name(lcc_status st)
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

static const char *const channel_names[] = {"sms",       "whatsapp", "email",
                                            "open",      "web",      "facebook",
                                            "instagram", "x",        "social"};

int cc_parse_channel(const char *s, lcc_channel *out)
{
    for (size_t i = 0; i < sizeof channel_names / sizeof channel_names[0]; i++)
        if (strcmp(s, channel_names[i]) == 0) {
            *out = (lcc_channel)i;
            return 0;
        }
    if (strcmp(s, "twitter") == 0) {
        *out = LCC_CHANNEL_X;
        return 0;
    }
    return -1;
}

const char *cc_channel_name(lcc_channel c)
{
    return (size_t)c < sizeof channel_names / sizeof channel_names[0] ? channel_names[c] : "?";
}

/* ---- reports ---- */

static void report_json(jw *w, const lcc_report *r, int placed)
{
    jw_arr(w);
    for (size_t i = 0; i < lcc_report_count(r); i++) {
        jw_obj(w);
        jw_kstr(w, "rule", lcc_report_rule(r, i));
        jw_kstr(w, "field", lcc_report_field(r, i));
        jw_kstr(w, "severity",
                lcc_report_severity(r, i) == LCC_SEVERITY_ERROR ? "error" : "warning");
        jw_kstr(w, "code", cc_status_name(lcc_report_code(r, i)));
        jw_kstr(w, "message", lcc_report_message(r, i));
        if (lcc_report_server_code(r, i))
            jw_kstr(w, "server_code", lcc_report_server_code(r, i));
        if (placed || lcc_report_line(r, i)) {
            jw_kint(w, "line", lcc_report_line(r, i));
            jw_kint(w, "column", lcc_report_column(r, i));
        }
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

void cc_report_json(jw *w, const lcc_report *r)
{
    report_json(w, r, 0);
}

void cc_report_json_placed(jw *w, const lcc_report *r)
{
    report_json(w, r, 1);
}

/* ---- times as text ---- */

void cc_utc(char *buf, size_t size, int64_t ms)
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

int cc_local(char *buf, size_t size, lcc_context *ctx, const char *zone, int64_t ms)
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

/* ---- dates and times from text ---- */

/* Reads exactly n digits. */
static int digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *s += n;
    *out = v;
    return 0;
}

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

static int date_at(const char **s, int *y, int *m, int *d)
{
    if (digits(s, 4, y) || *(*s)++ != '-' || digits(s, 2, m) || *(*s)++ != '-' || digits(s, 2, d))
        return -1;
    if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in(*y, *m))
        return -1;
    return 0;
}

static int hm_at(const char **s, int *h, int *min, int *sec)
{
    *sec = 0;
    if (digits(s, 2, h) || *(*s)++ != ':' || digits(s, 2, min))
        return -1;
    if (**s == ':') {
        (*s)++;
        if (digits(s, 2, sec) || *sec > 59)
            return -1;
    }
    return *h > 23 || *min > 59 ? -1 : 0;
}

int cc_parse_date(const char *s, int *y, int *m, int *d)
{
    return date_at(&s, y, m, d) || *s ? -1 : 0;
}

int cc_parse_hm(const char *s, int *h, int *min)
{
    int sec;
    return hm_at(&s, h, min, &sec) || *s ? -1 : 0;
}

int cc_parse_when(const char *s, int *y, int *mo, int *d, int *h, int *mi, int *has_offset,
                  int64_t *utc_ms)
{
    int sec;
    *has_offset = 0;
    if (date_at(&s, y, mo, d) || (*s != 'T' && *s != 't' && *s != ' '))
        return -1;
    s++;
    if (hm_at(&s, h, mi, &sec))
        return -1;
    if (!*s)
        return 0;
    /* An instant: the library parses it, with the seconds it requires. */
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", *y, *mo, *d, *h, *mi,
                     sec, s);
    if (n < 0 || (size_t)n >= sizeof buf || lcc_time_parse(utc_ms, buf) != LCC_OK)
        return -1;
    *has_offset = 1;
    return 0;
}

/* ---- files ---- */

int cc_default_path(char *buf, size_t size, const char *kind, const char *file)
{
    char var[32];
    snprintf(var, sizeof var, "XDG_%s_HOME", kind);
    const char *xdg = getenv(var), *home = getenv("HOME");
    const char *fallback = strcmp(kind, "CONFIG") == 0 ? ".config" : ".local/share";
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, size, "%s/contactcore/%s", xdg, file);
    else if (home && *home)
        n = snprintf(buf, size, "%s/%s/contactcore/%s", home, fallback, file);
    else
        return -1;
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int cc_make_parents(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf)
        return 0;
    *slash = '\0';
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

char *cc_read_file(const char *path, size_t *len, size_t max)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    int saved = 0;
    while (buf) {
        if (n == cap) {
            if (cap > max) {
                saved = EFBIG;
                break;
            }
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) {
                saved = ENOMEM;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                saved = errno ? errno : EIO;
            break;
        }
    }
    if (!buf)
        saved = ENOMEM;
    if (f != stdin)
        fclose(f);
    if (saved || n > max) {
        free(buf);
        errno = saved ? saved : EFBIG;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

void cc_random_id(char *buf, size_t size, const char *prefix)
{
    unsigned char b[8] = {0};
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0)
        close(fd);
    if (got != (ssize_t)sizeof b) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t v = (uint64_t)ts.tv_nsec * 2654435761u ^ (uint64_t)ts.tv_sec ^
                     (uint64_t)getpid() << 32;
        memcpy(b, &v, sizeof b);
    }
    snprintf(buf, size, "%s-%02x%02x%02x%02x%02x%02x%02x%02x", prefix, b[0], b[1], b[2], b[3],
             b[4], b[5], b[6], b[7]);
}
