/* POSIX TZ string parser and evaluator (see posixtz.h). */
#include "time/posixtz.h"

#include <string.h>

#include "time/civil.h"

/* Instants are clamped to +-2^56 s (about 2.3e9 years) before calendar
 * arithmetic so that nothing below can overflow. */
#define CLAMP_S ((int64_t)1 << 56)

typedef struct cursor {
    const char *p, *e;
} cursor;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/* Abbreviation: 3+ letters, or <...> with letters, digits, '+' and '-'. */
static int parse_abbr(cursor *c, char *buf)
{
    size_t n = 0;
    if (c->p < c->e && *c->p == '<') {
        c->p++;
        while (c->p < c->e && *c->p != '>') {
            char ch = *c->p;
            if (!is_alpha(ch) && !is_digit(ch) && ch != '+' && ch != '-')
                return -1;
            if (n + 1 >= LCC__TZ_ABBR_MAX)
                return -1;
            buf[n++] = ch;
            c->p++;
        }
        if (c->p == c->e)
            return -1;
        c->p++; /* '>' */
    } else {
        while (c->p < c->e && is_alpha(*c->p)) {
            if (n + 1 >= LCC__TZ_ABBR_MAX)
                return -1;
            buf[n++] = *c->p++;
        }
    }
    buf[n] = '\0';
    return n >= 3 ? 0 : -1;
}

/* 1..maxdigits decimal digits, value <= max. */
static int parse_num(cursor *c, int maxdigits, int max, int *out)
{
    int v = 0, n = 0;
    while (c->p < c->e && is_digit(*c->p) && n < maxdigits) {
        v = v * 10 + (*c->p++ - '0');
        n++;
    }
    if (n == 0 || v > max || (c->p < c->e && is_digit(*c->p)))
        return -1;
    *out = v;
    return 0;
}

/* [+-]h[h[h]][:mm[:ss]] with hours <= max_hours; result in signed seconds. */
static int parse_hms(cursor *c, int max_hours, int32_t *out)
{
    int sign = 1, h, m = 0, s = 0;
    if (c->p < c->e && (*c->p == '+' || *c->p == '-'))
        sign = *c->p++ == '-' ? -1 : 1;
    if (parse_num(c, 3, max_hours, &h))
        return -1;
    if (c->p < c->e && *c->p == ':') {
        c->p++;
        if (parse_num(c, 2, 59, &m))
            return -1;
        if (c->p < c->e && *c->p == ':') {
            c->p++;
            if (parse_num(c, 2, 59, &s))
                return -1;
        }
    }
    *out = (int32_t)(sign * (h * 3600 + m * 60 + s));
    return 0;
}

/* Rule date "Jn", "n" or "Mm.w.d", then optional "/time" (default 02:00). */
static int parse_rule(cursor *c, lcc__tzrule *r)
{
    memset(r, 0, sizeof *r);
    if (c->p == c->e)
        return -1;
    if (*c->p == 'J') {
        c->p++;
        r->kind = 'J';
        if (parse_num(c, 3, 365, &r->n) || r->n < 1)
            return -1;
    } else if (*c->p == 'M') {
        c->p++;
        r->kind = 'M';
        if (parse_num(c, 2, 12, &r->m) || r->m < 1)
            return -1;
        if (c->p == c->e || *c->p++ != '.' || parse_num(c, 1, 5, &r->w) || r->w < 1)
            return -1;
        if (c->p == c->e || *c->p++ != '.' || parse_num(c, 1, 6, &r->d))
            return -1;
    } else {
        r->kind = 'N';
        if (parse_num(c, 3, 365, &r->n))
            return -1;
    }
    r->secs = 7200;
    if (c->p < c->e && *c->p == '/') {
        c->p++;
        if (parse_hms(c, 167, &r->secs))
            return -1;
    }
    return 0;
}

int lcc__posixtz_parse(lcc__posixtz *out, const char *s, size_t len)
{
    lcc__posixtz z;
    cursor c = {s, s + len};
    int32_t v;

    memset(&z, 0, sizeof z);
    if (parse_abbr(&c, z.std_abbr) || parse_hms(&c, 24, &v))
        return -1;
    z.std_off = -v;
    if (c.p < c.e) {
        z.has_dst = 1;
        if (parse_abbr(&c, z.dst_abbr))
            return -1;
        z.dst_off = z.std_off + 3600;
        if (c.p < c.e && *c.p != ',') {
            if (parse_hms(&c, 24, &v))
                return -1;
            z.dst_off = -v;
        }
        if (c.p == c.e) {
            /* No rule: the traditional US default, M3.2.0,M11.1.0. */
            z.start = (lcc__tzrule){'M', 0, 3, 2, 0, 7200};
            z.end = (lcc__tzrule){'M', 0, 11, 1, 0, 7200};
        } else {
            c.p++; /* ',' */
            if (parse_rule(&c, &z.start) || c.p == c.e || *c.p++ != ',' ||
                parse_rule(&c, &z.end) || c.p != c.e)
                return -1;
        }
    }
    *out = z;
    return 0;
}

/* Wall-clock seconds (as if UTC) at which rule r fires in `year`. */
static int64_t rule_wall(const lcc__tzrule *r, int64_t year)
{
    int64_t days = lcc__days_from_civil(year, 1, 1);
    if (r->kind == 'J') {
        days += r->n - 1 + (lcc__is_leap(year) && r->n >= 60);
    } else if (r->kind == 'N') {
        days += r->n;
    } else {
        int64_t first = lcc__days_from_civil(year, (unsigned)r->m, 1);
        unsigned wd = lcc__weekday_from_days(first);
        unsigned day = ((unsigned)r->d + 7 - wd) % 7 + 7u * (unsigned)(r->w - 1);
        unsigned dim = lcc__days_in_month(year, (unsigned)r->m);
        while (day >= dim)
            day -= 7;
        days = first + day;
    }
    return days * 86400 + r->secs;
}

typedef struct rule_tr {
    int64_t t;
    int dst; /* 1 = DST starts, 0 = DST ends */
} rule_tr;

/* The 10 transitions of the rule years around utc, sorted (ends first on
 * ties so that the later start wins: all-year DST). */
static void year_transitions(const lcc__posixtz *p, int64_t utc, rule_tr tr[10])
{
    int64_t y;
    unsigned m, d;
    int64_t days = utc / 86400 - (utc % 86400 < 0);
    lcc__civil_from_days(days, &y, &m, &d);
    for (int i = 0; i < 5; i++) {
        tr[2 * i].t = rule_wall(&p->start, y - 2 + i) - p->std_off;
        tr[2 * i].dst = 1;
        tr[2 * i + 1].t = rule_wall(&p->end, y - 2 + i) - p->dst_off;
        tr[2 * i + 1].dst = 0;
    }
    for (int i = 1; i < 10; i++) { /* insertion sort */
        rule_tr x = tr[i];
        int j = i - 1;
        while (j >= 0 && (tr[j].t > x.t || (tr[j].t == x.t && tr[j].dst > x.dst))) {
            tr[j + 1] = tr[j];
            j--;
        }
        tr[j + 1] = x;
    }
}

static int64_t clamp(int64_t t)
{
    return t < -CLAMP_S ? -CLAMP_S : t > CLAMP_S ? CLAMP_S : t;
}

static int dst_at(const lcc__posixtz *p, int64_t utc)
{
    rule_tr tr[10];
    int dst = 0;
    if (!p->has_dst)
        return 0;
    utc = clamp(utc);
    year_transitions(p, utc, tr);
    for (int i = 0; i < 10 && tr[i].t <= utc; i++)
        dst = tr[i].dst;
    return dst;
}

void lcc__posixtz_at(const lcc__posixtz *p, int64_t utc, int32_t *off, int *is_dst,
                     const char **abbr)
{
    int dst = dst_at(p, utc);
    if (off)
        *off = dst ? p->dst_off : p->std_off;
    if (is_dst)
        *is_dst = dst;
    if (abbr)
        *abbr = dst ? p->dst_abbr : p->std_abbr;
}

int lcc__posixtz_next(const lcc__posixtz *p, int64_t utc, int64_t *next)
{
    rule_tr tr[10];
    if (!p->has_dst || utc >= CLAMP_S)
        return 0;
    utc = clamp(utc);
    year_transitions(p, utc, tr);
    for (int i = 0; i < 10; i++) {
        if (tr[i].t > utc && dst_at(p, tr[i].t - 1) != dst_at(p, tr[i].t)) {
            *next = tr[i].t;
            return 1;
        }
    }
    return 0;
}
