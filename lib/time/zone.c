#include "time/zone.h"

#include <stdio.h>
#include <string.h>

#include "time/civil.h"


static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

lcc_status lcc__zone_get(const lcc__tz **out, lcc_context *ctx, const char *name, char *err,
                         size_t errlen)
{
    struct lcc__tzdb *db;
    lcc_status st = lcc__context_tzdb(&db, ctx);
    if (st != LCC_OK) {
        snprintf(err, errlen, "%s", ctx->errmsg);
        return st;
    }
    err[0] = '\0';
    st = lcc__tzdb_get(out, db, name, err, errlen);
    if (st != LCC_OK) {
        if (!err[0]) /* e.g. LCC_ENOMEM carries no message */
            snprintf(err, errlen, "time zone \"%.100s\": %s", name, lcc_status_str(st));
        lcc__error(ctx, st, "%s", err);
    }
    return st;
}

int lcc__zone_to_local(const lcc__tz *tz, int64_t utc_ms, lcc__civil *out)
{
    if (utc_ms < LCC__MIN_MS || utc_ms > LCC__MAX_MS)
        return -1;
    int64_t s = floor_div(utc_ms, 1000);
    int32_t off = 0;
    if (tz)
        lcc__tz_offset_at(tz, s, &off, NULL, NULL);
    int64_t local = s + off;
    int64_t days = floor_div(local, 86400), sod = local - days * 86400;
    int64_t y;
    unsigned m, d;
    lcc__civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999) /* the offset pushed the wall time out of range */
        return -1;
    *out = (lcc__civil){(int)y, (int)m, (int)d, (int)(sod / 3600), (int)(sod / 60 % 60),
                        (int)(sod % 60), off};
    return 0;
}

lcc_status lcc__zone_from_local(int64_t *utc_ms, unsigned *flags, lcc__tz_local *res,
                                const lcc__tz *tz, int year, int month, int day, int hour,
                                int minute, int second, lcc_disambiguation how)
{
    int64_t local = lcc__days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 +
                    hour * 3600 + minute * 60 + second;
    lcc__tz_local r;
    lcc__tz_local_to_utc(tz, local, &r);
    if (res)
        *res = r;
    unsigned fl = r.count == 0 ? LCC_TZ_IN_GAP : r.count == 2 ? LCC_TZ_IN_FOLD : 0;
    if (flags)
        *flags = fl;
    lcc_status st = LCC_OK;
    int64_t s;
    if (r.count == 1) {
        s = r.utc[0];
    } else if (r.count == 2) {
        s = how == LCC_DISAMBIGUATE_LATER ? r.utc[1] : r.utc[0];
        if (how == LCC_DISAMBIGUATE_REJECT)
            st = LCC_EAMBIGUOUS_TIME;
    } else if (how == LCC_DISAMBIGUATE_REJECT) {
        s = r.transition_utc;
        st = LCC_ENONEXISTENT_TIME;
    } else {
        s = how == LCC_DISAMBIGUATE_EARLIER ? local - r.offset_after : local - r.offset_before;
    }
    *utc_ms = s * 1000;
    return st;
}
