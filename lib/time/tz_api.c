/* Public time-zone and instant functions (contactcore/tz.h). */
#include <stdio.h>
#include <string.h>

#include "time/civil.h"
#include "time/zone.h"

LCC_API lcc_status lcc_tz_check(lcc_context *ctx, const char *zone)
{
    if (!lcc__context_ok(ctx) || !zone)
        return LCC__MISUSE(ctx, "lcc_tz_check: invalid context or NULL zone");
    const lcc__tz *tz;
    char err[256];
    return lcc__zone_get(&tz, ctx, zone, err, sizeof err);
}

LCC_API lcc_status lcc_tz_local_to_utc(int64_t *utc_ms, unsigned *flags, lcc_context *ctx,
                                       const char *zone, int year, int month, int day, int hour,
                                       int minute, int second, lcc_disambiguation how)
{
    if (!utc_ms || !zone || !lcc__context_ok(ctx))
        return LCC__MISUSE(ctx, "lcc_tz_local_to_utc: NULL argument or invalid context");
    if ((unsigned)how > LCC_DISAMBIGUATE_REJECT)
        return lcc__error(ctx, LCC_EINVAL, "unknown disambiguation %d", (int)how);
    if (!lcc__date_valid(year, month, day))
        return lcc__error(ctx, LCC_EINVAL, "%04d-%02d-%02d is not a date", year, month, day);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return lcc__error(ctx, LCC_EINVAL, "%02d:%02d:%02d is not a time of day", hour, minute,
                          second);
    const lcc__tz *tz;
    char err[256];
    lcc_status st = lcc__zone_get(&tz, ctx, zone, err, sizeof err);
    if (st != LCC_OK)
        return st;
    st = lcc__zone_from_local(utc_ms, flags, NULL, tz, year, month, day, hour, minute, second, how);
    if (st == LCC_ENONEXISTENT_TIME)
        return lcc__error(ctx, st, "%04d-%02d-%02d %02d:%02d:%02d does not exist in %s", year,
                          month, day, hour, minute, second, zone);
    if (st == LCC_EAMBIGUOUS_TIME)
        return lcc__error(ctx, st, "%04d-%02d-%02d %02d:%02d:%02d occurs twice in %s", year,
                          month, day, hour, minute, second, zone);
    return st;
}

LCC_API lcc_status lcc_tz_utc_to_local(int *year, int *month, int *day, int *hour, int *minute,
                                       int *second, int32_t *utc_offset_s, lcc_context *ctx,
                                       const char *zone, int64_t utc_ms)
{
    if (!zone || !lcc__context_ok(ctx))
        return LCC__MISUSE(ctx, "lcc_tz_utc_to_local: NULL zone or invalid context");
    const lcc__tz *tz;
    char err[256];
    lcc_status st = lcc__zone_get(&tz, ctx, zone, err, sizeof err);
    if (st != LCC_OK)
        return st;
    lcc__civil c;
    if (lcc__zone_to_local(tz, utc_ms, &c))
        return lcc__error(ctx, LCC_ERANGE, "instant %lld is outside years 1..9999",
                          (long long)utc_ms);
    if (year) *year = c.year;
    if (month) *month = c.month;
    if (day) *day = c.day;
    if (hour) *hour = c.hour;
    if (minute) *minute = c.minute;
    if (second) *second = c.second;
    if (utc_offset_s) *utc_offset_s = c.offset_s;
    return LCC_OK;
}

static lcc_status names(const char *const **v, size_t *n, lcc_context *ctx)
{
    struct lcc__tzdb *db;
    lcc_status st = lcc__context_tzdb(&db, ctx);
    if (st == LCC_OK && (st = lcc__tzdb_names(v, n, db)) != LCC_OK)
        lcc__error(ctx, st, "cannot list the zones of %s", ctx->tzdir);
    return st;
}

LCC_API size_t lcc_tz_count(lcc_context *ctx)
{
    const char *const *v;
    size_t n;
    return lcc__context_ok(ctx) && names(&v, &n, ctx) == LCC_OK ? n : 0;
}

LCC_API const char *lcc_tz_name(lcc_context *ctx, size_t i)
{
    const char *const *v;
    size_t n;
    return lcc__context_ok(ctx) && names(&v, &n, ctx) == LCC_OK && i < n ? v[i] : NULL;
}

LCC_API lcc_status lcc_time_format(char *buf, size_t size, int64_t utc_ms)
{
    if (!buf)
        return LCC_EMISUSE;
    if (size < LCC_TIME_BUFSIZE)
        return LCC_ERANGE;
    lcc__civil c;
    if (lcc__zone_to_local(NULL, utc_ms, &c))
        return LCC_ERANGE;
    int64_t ms = utc_ms % 1000;
    if (ms < 0)
        ms += 1000;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day, c.hour,
             c.minute, c.second, (int)ms);
    return LCC_OK;
}

/* Reads exactly n ASCII digits. */
static int digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char ch = (*p)[i];
        if (ch < '0' || ch > '9')
            return 0;
        v = v * 10 + (ch - '0');
    }
    *p += n;
    *out = v;
    return 1;
}

LCC_API lcc_status lcc_time_parse(int64_t *utc_ms, const char *t)
{
    if (!utc_ms || !t)
        return LCC_EMISUSE;
    int y, mo, d, h, mi, s, ms = 0;
    if (!digits(&t, 4, &y) || *t++ != '-' || !digits(&t, 2, &mo) || *t++ != '-' ||
        !digits(&t, 2, &d) || (*t != 'T' && *t != 't' && *t != ' '))
        return LCC_EINVAL;
    t++;
    if (!digits(&t, 2, &h) || *t++ != ':' || !digits(&t, 2, &mi) || *t++ != ':' ||
        !digits(&t, 2, &s))
        return LCC_EINVAL;
    if (*t == '.') {
        t++;
        int n = 0;
        for (; *t >= '0' && *t <= '9'; t++, n++)
            if (n < 3)
                ms = ms * 10 + (*t - '0');
        if (n == 0 || n > 9)
            return LCC_EINVAL;
        for (; n < 3; n++)
            ms *= 10;
    }
    int off = 0;
    if (*t == 'Z' || *t == 'z') {
        t++;
    } else if (*t == '+' || *t == '-') {
        int sign = *t++ == '-' ? -1 : 1, oh, om;
        if (!digits(&t, 2, &oh) || *t++ != ':' || !digits(&t, 2, &om) || oh > 23 || om > 59)
            return LCC_EINVAL;
        off = sign * (oh * 3600 + om * 60);
    } else {
        return LCC_EINVAL;
    }
    if (*t || !lcc__date_valid(y, mo, d) || h > 23 || mi > 59 || s > 59)
        return LCC_EINVAL;
    int64_t secs = lcc__days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
                   mi * 60 + s - off;
    int64_t v = secs * 1000 + ms;
    if (v < LCC__MIN_MS || v > LCC__MAX_MS) /* an offset pushed it out of years 1..9999 */
        return LCC_EINVAL;
    *utc_ms = v;
    return LCC_OK;
}
