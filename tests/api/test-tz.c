/* Time zones and instants through the public API: zone names, local <-> UTC
 * conversion (gaps, folds, impossible dates, far future), the zone list, a
 * custom tz directory with corrupt files, and the wire time format. */
#define _POSIX_C_SOURCE 200809L
#include "fixture.h"

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define SYSTEM_TZDIR "/usr/share/zoneinfo"

/* Instants used below, from `date -u -d ... +%s`. */
#define NY_2026_11_23_1400Z (1795442400LL * 1000)
#define GAP_0730Z (1805009400LL * 1000)  /* 2027-03-14T07:30:00Z */
#define GAP_0630Z (1805005800LL * 1000)  /* 2027-03-14T06:30:00Z */
#define GAP_0700Z (1805007600LL * 1000)  /* 2027-03-14T07:00:00Z */
#define FOLD_0530Z (1793511000LL * 1000) /* 2026-11-01T05:30:00Z */
#define FOLD_0630Z (1793514600LL * 1000) /* 2026-11-01T06:30:00Z */
#define T_2026_11_23_0900Z (1795424400LL * 1000)
#define MIN_MS (-62135596800LL * 1000)          /* 0001-01-01T00:00:00.000Z */
#define MAX_MS (253402300799LL * 1000 + 999)    /* 9999-12-31T23:59:59.999Z */

static fixture fx;

static void setup(void)
{
    fixture_context(&fx);
}

static void teardown(void)
{
    fixture_teardown(&fx);
}

static void assert_formats_as(int64_t ms, const char *expected)
{
    char buf[LCC_TIME_BUFSIZE];
    ck_assert_int_eq(lcc_time_format(buf, sizeof buf, ms), LCC_OK);
    ck_assert_str_eq(buf, expected);
}

/* Independent civil-from-days (H. Hinnant), to check lcc_time_format against
 * something other than lcc_time_parse. */
static void civil_from_ms(int64_t ms, int *y, int *mo, int *d, int *h, int *mi, int *s, int *frac)
{
    int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    *frac = (int)(ms - secs * 1000);
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t sod = secs - days * 86400;
    *h = (int)(sod / 3600);
    *mi = (int)(sod / 60 % 60);
    *s = (int)(sod % 60);
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *mo = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*mo <= 2));
}

/* ---- lcc_tz_check ------------------------------------------------------ */

START_TEST(tz_check_accepts_zones_and_links)
{
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Europe/Paris"), LCC_OK);
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "US/Eastern"), LCC_OK);
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "UTC"), LCC_OK);
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "America/New_York"), LCC_OK);
}
END_TEST

START_TEST(tz_check_refuses_non_zone_names_with_a_message)
{
    static const char *const bad[] = {
        "Mars/Base",  "localtime",        "posixrules",
        "posix/Europe/Paris", "right/UTC", "../../etc/passwd",
        "/usr/share/zoneinfo/UTC", "europe/paris", "Europe/Paris/",
        "Europe//Paris",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(lcc_tz_check(fx.ctx, bad[i]) == LCC_EUNKNOWN_ZONE, "zone %s", bad[i]);
        ck_assert_msg(strstr(lcc_context_errmsg(fx.ctx), bad[i]) != NULL,
                      "message for %s: \"%s\"", bad[i], lcc_context_errmsg(fx.ctx));
    }
}
END_TEST

START_TEST(tz_check_refuses_empty_name)
{
    ck_assert_int_eq(lcc_tz_check(fx.ctx, ""), LCC_EUNKNOWN_ZONE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(fx.ctx), "\"\""));
}
END_TEST

START_TEST(tz_check_refuses_overlong_name)
{
    char name[301];
    memset(name, 'A', 300);
    memcpy(name, "Europe/", 7);
    name[300] = '\0';
    /* A message of its own (not the previous failure's), bounded in size. */
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Mars/Base"), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(lcc_tz_check(fx.ctx, name), LCC_EUNKNOWN_ZONE);
    const char *msg = lcc_context_errmsg(fx.ctx);
    ck_assert_str_ne(msg, "");
    ck_assert_ptr_null(strstr(msg, "Mars/Base"));
    ck_assert_uint_lt(strlen(msg), 300);
}
END_TEST

START_TEST(tz_check_null_is_misuse)
{
    ck_assert_int_eq(lcc_tz_check(fx.ctx, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_tz_check(NULL, "UTC"), LCC_EMISUSE);
}
END_TEST

/* ---- lcc_tz_local_to_utc ----------------------------------------------- */

START_TEST(local_to_utc_ordinary_time)
{
    int64_t utc = 0;
    unsigned flags = 99;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2026, 11, 23,
                                         9, 0, 0, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_OK);
    ck_assert_int_eq(utc, NY_2026_11_23_1400Z);
    ck_assert_uint_eq(flags, 0);
    assert_formats_as(utc, "2026-11-23T14:00:00.000Z");
    /* Same through the link, and with NULL flags. */
    utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "US/Eastern", 2026, 11, 23, 9, 0, 0,
                                         LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    ck_assert_int_eq(utc, NY_2026_11_23_1400Z);
}
END_TEST

START_TEST(local_to_utc_seconds_are_kept)
{
    int64_t utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "Europe/Paris", 2026, 11, 23, 10, 0,
                                         59, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_OK);
    assert_formats_as(utc, "2026-11-23T09:00:59.000Z");
}
END_TEST

START_TEST(local_to_utc_gap_compatible_shifts_forward)
{
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2027, 3, 14, 2,
                                         30, 0, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_OK);
    ck_assert_int_eq(utc, GAP_0730Z);
    ck_assert_uint_eq(flags, LCC_TZ_IN_GAP);
}
END_TEST

START_TEST(local_to_utc_gap_earlier_shifts_backward)
{
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2027, 3, 14, 2,
                                         30, 0, LCC_DISAMBIGUATE_EARLIER),
                     LCC_OK);
    ck_assert_int_eq(utc, GAP_0630Z);
    ck_assert_uint_eq(flags, LCC_TZ_IN_GAP);
}
END_TEST

START_TEST(local_to_utc_gap_later_shifts_forward)
{
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2027, 3, 14, 2,
                                         30, 0, LCC_DISAMBIGUATE_LATER),
                     LCC_OK);
    ck_assert_int_eq(utc, GAP_0730Z);
    ck_assert_uint_eq(flags, LCC_TZ_IN_GAP);
}
END_TEST

START_TEST(local_to_utc_gap_reject_suggests_first_valid_instant)
{
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2027, 3, 14, 2,
                                         30, 0, LCC_DISAMBIGUATE_REJECT),
                     LCC_ENONEXISTENT_TIME);
    ck_assert_int_eq(utc, GAP_0700Z);
    assert_formats_as(utc, "2027-03-14T07:00:00.000Z");
    ck_assert_str_ne(lcc_context_errmsg(fx.ctx), "");
}
END_TEST

START_TEST(local_to_utc_gap_start_is_in_gap_and_gap_end_is_not)
{
    int64_t utc = 0;
    unsigned flags = 0;
    /* 02:00 does not exist; 03:00 does (= 07:00Z); 01:59:59 does (EST). */
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2027, 3, 14, 2,
                                         0, 0, LCC_DISAMBIGUATE_REJECT),
                     LCC_ENONEXISTENT_TIME);
    ck_assert_int_eq(utc, GAP_0700Z);
    flags = 99;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2027, 3, 14, 3,
                                         0, 0, LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    ck_assert_int_eq(utc, GAP_0700Z);
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2027, 3, 14, 1,
                                         59, 59, LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    ck_assert_int_eq(utc, GAP_0700Z - 1000);
    ck_assert_uint_eq(flags, 0);
}
END_TEST

START_TEST(local_to_utc_fold_compatible_and_earlier_take_first)
{
    static const lcc_disambiguation hows[] = {LCC_DISAMBIGUATE_COMPATIBLE,
                                              LCC_DISAMBIGUATE_EARLIER};
    for (size_t i = 0; i < 2; i++) {
        int64_t utc = 0;
        unsigned flags = 0;
        ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2026, 11,
                                             1, 1, 30, 0, hows[i]),
                         LCC_OK);
        ck_assert_int_eq(utc, FOLD_0530Z);
        ck_assert_uint_eq(flags, LCC_TZ_IN_FOLD);
    }
}
END_TEST

START_TEST(local_to_utc_fold_later_takes_second)
{
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2026, 11, 1, 1,
                                         30, 0, LCC_DISAMBIGUATE_LATER),
                     LCC_OK);
    ck_assert_int_eq(utc, FOLD_0630Z);
    ck_assert_uint_eq(flags, LCC_TZ_IN_FOLD);
}
END_TEST

START_TEST(local_to_utc_fold_reject_gives_earlier_instant)
{
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "America/New_York", 2026, 11, 1, 1,
                                         30, 0, LCC_DISAMBIGUATE_REJECT),
                     LCC_EAMBIGUOUS_TIME);
    ck_assert_int_eq(utc, FOLD_0530Z);
    ck_assert_str_ne(lcc_context_errmsg(fx.ctx), "");
}
END_TEST

START_TEST(local_to_utc_half_hour_fold_and_gap)
{
    /* Lord Howe: 2026-04-05 02:00 +11:00 -> 01:30 +10:30 (fold 01:30-02:00);
     * 2026-10-04 02:00 +10:30 -> 02:30 +11:00 (gap 02:00-02:30). */
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Australia/Lord_Howe", 2026, 4, 5,
                                         1, 45, 0, LCC_DISAMBIGUATE_EARLIER),
                     LCC_OK);
    ck_assert_uint_eq(flags, LCC_TZ_IN_FOLD);
    assert_formats_as(utc, "2026-04-04T14:45:00.000Z");
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Australia/Lord_Howe", 2026, 4, 5,
                                         1, 45, 0, LCC_DISAMBIGUATE_LATER),
                     LCC_OK);
    assert_formats_as(utc, "2026-04-04T15:15:00.000Z");
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Australia/Lord_Howe", 2026, 10, 4,
                                         2, 15, 0, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_OK);
    ck_assert_uint_eq(flags, LCC_TZ_IN_GAP);
    assert_formats_as(utc, "2026-10-03T15:45:00.000Z"); /* 02:45 +11:00 */
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Australia/Lord_Howe", 2026, 10, 4,
                                         2, 15, 0, LCC_DISAMBIGUATE_REJECT),
                     LCC_ENONEXISTENT_TIME);
    assert_formats_as(utc, "2026-10-03T15:30:00.000Z"); /* 02:30 +11:00 */
}
END_TEST

START_TEST(local_to_utc_skipped_day)
{
    /* Samoa skipped 2011-12-30 entirely (-10:00 -> +14:00). */
    int64_t utc = 0;
    unsigned flags = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Pacific/Apia", 2011, 12, 30, 12,
                                         0, 0, LCC_DISAMBIGUATE_REJECT),
                     LCC_ENONEXISTENT_TIME);
    assert_formats_as(utc, "2011-12-30T10:00:00.000Z"); /* 2011-12-31 00:00 +14:00 */
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Pacific/Apia", 2011, 12, 30, 12,
                                         0, 0, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_OK);
    ck_assert_uint_eq(flags, LCC_TZ_IN_GAP);
    assert_formats_as(utc, "2011-12-30T22:00:00.000Z"); /* 12-31 12:00 +14:00 */
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Pacific/Apia", 2011, 12, 30, 12,
                                         0, 0, LCC_DISAMBIGUATE_EARLIER),
                     LCC_OK);
    assert_formats_as(utc, "2011-12-29T22:00:00.000Z"); /* 12-29 12:00 -10:00 */
}
END_TEST

START_TEST(local_to_utc_refuses_impossible_dates)
{
    static const int bad[][6] = {
        {2027, 2, 30, 9, 0, 0},  {2027, 2, 29, 9, 0, 0},  {2026, 13, 1, 9, 0, 0},
        {2026, 0, 1, 9, 0, 0},   {2026, 11, 0, 9, 0, 0},  {2026, 11, 31, 9, 0, 0},
        {2026, 11, 23, 24, 0, 0}, {2026, 11, 23, -1, 0, 0}, {2026, 11, 23, 9, 60, 0},
        {2026, 11, 23, 9, -1, 0}, {2026, 11, 23, 9, 0, 60}, {2026, 11, 23, 9, 0, -1},
        {0, 6, 1, 9, 0, 0},      {10000, 1, 1, 0, 0, 0},  {1900, 2, 29, 9, 0, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t utc = 0;
        lcc_status st = lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "Europe/Paris", bad[i][0],
                                            bad[i][1], bad[i][2], bad[i][3], bad[i][4], bad[i][5],
                                            LCC_DISAMBIGUATE_COMPATIBLE);
        ck_assert_msg(st == LCC_EINVAL, "%04d-%02d-%02d %02d:%02d:%02d gave %d", bad[i][0],
                      bad[i][1], bad[i][2], bad[i][3], bad[i][4], bad[i][5], (int)st);
    }
}
END_TEST

START_TEST(local_to_utc_accepts_leap_day_and_range_ends)
{
    int64_t utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "UTC", 2028, 2, 29, 12, 0, 0,
                                         LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    assert_formats_as(utc, "2028-02-29T12:00:00.000Z");
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "UTC", 2000, 2, 29, 0, 0, 0,
                                         LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    assert_formats_as(utc, "2000-02-29T00:00:00.000Z");
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "UTC", 9999, 12, 31, 23, 59, 59,
                                         LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    ck_assert_int_eq(utc, MAX_MS - 999);
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "UTC", 1, 1, 1, 0, 0, 0,
                                         LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    ck_assert_int_eq(utc, MIN_MS);
}
END_TEST

START_TEST(local_to_utc_unknown_zone)
{
    int64_t utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "Mars/Base", 2026, 11, 23, 9, 0, 0,
                                         LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_EUNKNOWN_ZONE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(fx.ctx), "Mars/Base"));
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "posix/Europe/Paris", 2026, 11, 23,
                                         9, 0, 0, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_EUNKNOWN_ZONE);
}
END_TEST

START_TEST(local_to_utc_bad_disambiguation)
{
    int64_t utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "Europe/Paris", 2026, 11, 23, 9, 0,
                                         0, (lcc_disambiguation)4),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "Europe/Paris", 2026, 11, 23, 9, 0,
                                         0, (lcc_disambiguation)-1),
                     LCC_EINVAL);
}
END_TEST

START_TEST(local_to_utc_null_arguments_are_misuse)
{
    int64_t utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(NULL, NULL, fx.ctx, "Europe/Paris", 2026, 11, 23, 9, 0,
                                         0, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, NULL, "Europe/Paris", 2026, 11, 23, 9, 0, 0,
                                         LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, NULL, 2026, 11, 23, 9, 0, 0,
                                         LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_EMISUSE);
}
END_TEST

/* ---- lcc_tz_utc_to_local ----------------------------------------------- */

START_TEST(utc_to_local_kolkata_half_hour_offset)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    int32_t off = 0;
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, &mo, &d, &h, &mi, &s, &off, fx.ctx, "Asia/Kolkata",
                                         T_2026_11_23_0900Z + 7000),
                     LCC_OK);
    ck_assert_int_eq(off, 19800);
    ck_assert_int_eq(y, 2026);
    ck_assert_int_eq(mo, 11);
    ck_assert_int_eq(d, 23);
    ck_assert_int_eq(h, 14);
    ck_assert_int_eq(mi, 30);
    ck_assert_int_eq(s, 7);
}
END_TEST

START_TEST(utc_to_local_lord_howe_half_hour_dst)
{
    int h = -1, mi = -1;
    int32_t off = 0;
    /* 2026-01-15T00:00Z: summer, +11:00. */
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, &h, &mi, NULL, &off, fx.ctx,
                                         "Australia/Lord_Howe", 1768435200LL * 1000),
                     LCC_OK);
    ck_assert_int_eq(off, 11 * 3600);
    ck_assert_int_eq(h, 11);
    ck_assert_int_eq(mi, 0);
    /* 2026-07-15T00:00Z: winter, +10:30. */
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, &h, &mi, NULL, &off, fx.ctx,
                                         "Australia/Lord_Howe", 1784073600LL * 1000),
                     LCC_OK);
    ck_assert_int_eq(off, 10 * 3600 + 1800);
    ck_assert_int_eq(h, 10);
    ck_assert_int_eq(mi, 30);
}
END_TEST

START_TEST(utc_to_local_after_2038)
{
    int y = 0, mo = 0, d = 0, h = 0;
    int32_t off = 0;
    /* 2090-07-01T12:00Z: Paris summer time. */
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, &mo, &d, &h, NULL, NULL, &off, fx.ctx,
                                         "Europe/Paris", 3802593600LL * 1000),
                     LCC_OK);
    ck_assert_int_eq(off, 7200);
    ck_assert_int_eq(y, 2090);
    ck_assert_int_eq(mo, 7);
    ck_assert_int_eq(d, 1);
    ck_assert_int_eq(h, 14);
    /* 2090-01-15T12:00Z: winter time. */
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, &mo, &d, &h, NULL, NULL, &off, fx.ctx,
                                         "Europe/Paris", 3788164800LL * 1000),
                     LCC_OK);
    ck_assert_int_eq(off, 3600);
    ck_assert_int_eq(h, 13);
}
END_TEST

START_TEST(local_to_utc_after_2038_uses_rules)
{
    int64_t utc = 0;
    unsigned flags = 0;
    /* Last Sunday of March 2090 is the 26th: 02:30 Paris is in the gap. */
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Europe/Paris", 2090, 3, 26, 2, 30,
                                         0, LCC_DISAMBIGUATE_REJECT),
                     LCC_ENONEXISTENT_TIME);
    assert_formats_as(utc, "2090-03-26T01:00:00.000Z");
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, "Europe/Paris", 2090, 7, 1, 14, 0,
                                         0, LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    ck_assert_int_eq(utc, 3802593600LL * 1000);
    ck_assert_uint_eq(flags, 0);
}
END_TEST

START_TEST(local_utc_local_round_trip)
{
    static const char *const zones[] = {
        "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
        "Pacific/Chatham", "America/Sao_Paulo", "Asia/Tokyo", "UTC", "US/Eastern",
    };
    static const int years[] = {1975, 2000, 2026, 2037, 2039, 2090, 2500};
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++)
        for (size_t yi = 0; yi < sizeof years / sizeof years[0]; yi++)
            for (int mo = 1; mo <= 12; mo++) {
                int64_t utc = 0;
                unsigned flags = 99;
                ck_assert_int_eq(lcc_tz_local_to_utc(&utc, &flags, fx.ctx, zones[z], years[yi], mo,
                                                     15, 12, 34, 56, LCC_DISAMBIGUATE_REJECT),
                                 LCC_OK);
                ck_assert_uint_eq(flags, 0);
                int y = 0, m = 0, d = 0, h = 0, mi = 0, s = 0;
                int32_t off = 0;
                ck_assert_int_eq(lcc_tz_utc_to_local(&y, &m, &d, &h, &mi, &s, &off, fx.ctx,
                                                     zones[z], utc),
                                 LCC_OK);
                ck_assert_msg(y == years[yi] && m == mo && d == 15 && h == 12 && mi == 34 &&
                                  s == 56,
                              "%s %d-%d: got %04d-%02d-%02d %02d:%02d:%02d", zones[z], years[yi],
                              mo, y, m, d, h, mi, s);
                /* The offset is consistent with the two sides. */
                int64_t wall_as_utc = 0;
                ck_assert_int_eq(lcc_tz_local_to_utc(&wall_as_utc, NULL, fx.ctx, "UTC", y, m, d, h,
                                                     mi, s, LCC_DISAMBIGUATE_REJECT),
                                 LCC_OK);
                ck_assert_int_eq(wall_as_utc - utc, (int64_t)off * 1000);
            }
}
END_TEST

START_TEST(utc_to_local_range)
{
    int y = 0;
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx, "UTC",
                                         MAX_MS),
                     LCC_OK);
    ck_assert_int_eq(y, 9999);
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx, "UTC",
                                         MIN_MS),
                     LCC_OK);
    ck_assert_int_eq(y, 1);
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx, "UTC",
                                         MAX_MS + 1),
                     LCC_ERANGE);
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx, "UTC",
                                         MIN_MS - 1),
                     LCC_ERANGE);
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx,
                                         "Europe/Paris", INT64_MAX),
                     LCC_ERANGE);
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx,
                                         "Europe/Paris", INT64_MIN),
                     LCC_ERANGE);
}
END_TEST

START_TEST(utc_to_local_all_out_pointers_null)
{
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx,
                                         "Europe/Paris", T0_MS),
                     LCC_OK);
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx,
                                         "Mars/Base", T0_MS),
                     LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx, NULL,
                                         T0_MS),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                         "Europe/Paris", T0_MS),
                     LCC_EMISUSE);
}
END_TEST

START_TEST(utc_to_local_fold_both_instants)
{
    int h = 0, mi = 0;
    int32_t off = 0;
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, &h, &mi, NULL, &off, fx.ctx,
                                         "America/New_York", FOLD_0530Z),
                     LCC_OK);
    ck_assert_int_eq(h, 1);
    ck_assert_int_eq(mi, 30);
    ck_assert_int_eq(off, -4 * 3600);
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, &h, &mi, NULL, &off, fx.ctx,
                                         "America/New_York", FOLD_0630Z),
                     LCC_OK);
    ck_assert_int_eq(h, 1);
    ck_assert_int_eq(mi, 30);
    ck_assert_int_eq(off, -5 * 3600);
}
END_TEST

/* ---- zone list --------------------------------------------------------- */

START_TEST(tz_list_is_sorted_and_filtered)
{
    size_t n = lcc_tz_count(fx.ctx);
    ck_assert_uint_gt(n, 300);
    int paris = 0, eastern = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = lcc_tz_name(fx.ctx, i);
        ck_assert_ptr_nonnull(name);
        if (i > 0)
            ck_assert_msg(strcmp(lcc_tz_name(fx.ctx, i - 1), name) < 0, "%s !< %s",
                          lcc_tz_name(fx.ctx, i - 1), name);
        ck_assert_str_ne(name, "localtime");
        ck_assert_str_ne(name, "posixrules");
        ck_assert_msg(strncmp(name, "posix/", 6) != 0, "%s", name);
        ck_assert_msg(strncmp(name, "right/", 6) != 0, "%s", name);
        paris += strcmp(name, "Europe/Paris") == 0;
        eastern += strcmp(name, "US/Eastern") == 0;
    }
    ck_assert_int_eq(paris, 1);
    ck_assert_int_eq(eastern, 1);
    ck_assert_ptr_null(lcc_tz_name(fx.ctx, n));
    ck_assert_ptr_null(lcc_tz_name(fx.ctx, n + 1000));
    ck_assert_ptr_null(lcc_tz_name(fx.ctx, SIZE_MAX));
}
END_TEST

START_TEST(tz_list_names_all_check_ok)
{
    size_t n = lcc_tz_count(fx.ctx);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(lcc_tz_check(fx.ctx, lcc_tz_name(fx.ctx, i)) == LCC_OK, "%s: %s",
                      lcc_tz_name(fx.ctx, i), lcc_context_errmsg(fx.ctx));
}
END_TEST

START_TEST(tz_list_null_context)
{
    ck_assert_uint_eq(lcc_tz_count(NULL), 0);
    ck_assert_ptr_null(lcc_tz_name(NULL, 0));
}
END_TEST

/* ---- custom tz directory ----------------------------------------------- */

static char tmpdir[64];

static void write_file(const char *rel, const void *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static unsigned char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static void remove_in_tmp(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    unlink(path);
}

static void custom_setup(void)
{
    memset(&fx, 0, sizeof fx);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/lcc-api-tz-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/Test", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);

    size_t len = 0;
    unsigned char *paris = read_whole(SYSTEM_TZDIR "/Europe/Paris", &len);
    ck_assert_uint_gt(len, 60);
    write_file("Test/Good", paris, len);
    write_file("Test/Truncated", paris, 60);
    free(paris);
    static const char garbage[] = "this is not a TZif file at all\n\x01\x02\x03\xff\xfe";
    write_file("Test/Garbage", garbage, sizeof garbage - 1);
    static const char zi[] = "# version test\n"
                             "Z Test/Good 0 - X\n"
                             "Z Test/Truncated 0 - X\n"
                             "Z Test/Garbage 0 - X\n";
    write_file("tzdata.zi", zi, sizeof zi - 1);

    fx.now = T0_MS;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = fixture_clock;
    p.clock_user_data = &fx;
    p.tzdir = tmpdir;
    ck_assert_int_eq(lcc_context_new(&fx.ctx, &p), LCC_OK);
}

static void custom_teardown(void)
{
    fixture_teardown(&fx);
    remove_in_tmp("Test/Good");
    remove_in_tmp("Test/Truncated");
    remove_in_tmp("Test/Garbage");
    remove_in_tmp("tzdata.zi");
    char sub[128];
    snprintf(sub, sizeof sub, "%s/Test", tmpdir);
    rmdir(sub);
    rmdir(tmpdir);
}

START_TEST(custom_tzdir_good_zone_works)
{
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Test/Good"), LCC_OK);
    int64_t utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "Test/Good", 2090, 7, 1, 14, 0, 0,
                                         LCC_DISAMBIGUATE_REJECT),
                     LCC_OK);
    ck_assert_int_eq(utc, 3802593600LL * 1000);
}
END_TEST

START_TEST(custom_tzdir_truncated_zone_is_format_error)
{
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Test/Truncated"), LCC_EFORMAT);
    ck_assert_str_ne(lcc_context_errmsg(fx.ctx), "");
    /* Again (a cached failure must not turn into success or a crash). */
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Test/Truncated"), LCC_EFORMAT);
    int64_t utc = 0;
    ck_assert_int_eq(lcc_tz_local_to_utc(&utc, NULL, fx.ctx, "Test/Truncated", 2026, 11, 23, 9, 0,
                                         0, LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_EFORMAT);
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx,
                                         "Test/Truncated", T0_MS),
                     LCC_EFORMAT);
}
END_TEST

START_TEST(custom_tzdir_garbage_zone_is_format_error)
{
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Test/Garbage"), LCC_EFORMAT);
    ck_assert_str_ne(lcc_context_errmsg(fx.ctx), "");
    ck_assert_int_eq(lcc_tz_utc_to_local(NULL, NULL, NULL, NULL, NULL, NULL, NULL, fx.ctx,
                                         "Test/Garbage", T0_MS),
                     LCC_EFORMAT);
}
END_TEST

START_TEST(custom_tzdir_unlisted_zone_is_unknown)
{
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Europe/Paris"), LCC_EUNKNOWN_ZONE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(fx.ctx), "Europe/Paris"));
    ck_assert_int_eq(lcc_tz_check(fx.ctx, "Test/Missing"), LCC_EUNKNOWN_ZONE);
}
END_TEST

START_TEST(custom_tzdir_list)
{
    ck_assert_uint_eq(lcc_tz_count(fx.ctx), 3);
    ck_assert_str_eq(lcc_tz_name(fx.ctx, 0), "Test/Garbage");
    ck_assert_str_eq(lcc_tz_name(fx.ctx, 1), "Test/Good");
    ck_assert_str_eq(lcc_tz_name(fx.ctx, 2), "Test/Truncated");
    ck_assert_ptr_null(lcc_tz_name(fx.ctx, 3));
}
END_TEST

START_TEST(missing_tzdir_is_an_error_not_a_crash)
{
    lcc_context *ctx = NULL;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.tzdir = "/nonexistent/lcc-api-tz/zoneinfo";
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_OK);
    lcc_status st = lcc_tz_check(ctx, "Europe/Paris");
    ck_assert_int_ne(st, LCC_OK);
    ck_assert_str_ne(lcc_context_errmsg(ctx), "");
    int64_t utc = 0;
    ck_assert_int_ne(lcc_tz_local_to_utc(&utc, NULL, ctx, "Europe/Paris", 2026, 11, 23, 9, 0, 0,
                                         LCC_DISAMBIGUATE_COMPATIBLE),
                     LCC_OK);
    ck_assert_uint_eq(lcc_tz_count(ctx), 0);
    ck_assert_ptr_null(lcc_tz_name(ctx, 0));
    lcc_context_free(ctx);
}
END_TEST

/* ---- lcc_time_format / lcc_time_parse ---------------------------------- */

START_TEST(time_format_known_instants)
{
    assert_formats_as(0, "1970-01-01T00:00:00.000Z");
    assert_formats_as(-1, "1969-12-31T23:59:59.999Z");
    assert_formats_as(-1000, "1969-12-31T23:59:59.000Z");
    assert_formats_as(-1001, "1969-12-31T23:59:58.999Z");
    assert_formats_as(T0_MS, "2026-11-21T10:00:00.000Z");
    assert_formats_as(T_2026_11_23_0900Z + 5, "2026-11-23T09:00:00.005Z");
    assert_formats_as(951782400000LL, "2000-02-29T00:00:00.000Z");
    assert_formats_as(MAX_MS, "9999-12-31T23:59:59.999Z");
    assert_formats_as(MIN_MS, "0001-01-01T00:00:00.000Z");
}
END_TEST

START_TEST(time_format_range_and_buffer)
{
    char buf[LCC_TIME_BUFSIZE];
    ck_assert_int_eq(lcc_time_format(buf, sizeof buf, MAX_MS + 1), LCC_ERANGE);
    ck_assert_int_eq(lcc_time_format(buf, sizeof buf, MIN_MS - 1), LCC_ERANGE);
    ck_assert_int_eq(lcc_time_format(buf, sizeof buf, INT64_MAX), LCC_ERANGE);
    ck_assert_int_eq(lcc_time_format(buf, sizeof buf, INT64_MIN), LCC_ERANGE);
    char small[LCC_TIME_BUFSIZE];
    memset(small, '#', sizeof small);
    ck_assert_int_eq(lcc_time_format(small, LCC_TIME_BUFSIZE - 1, 0), LCC_ERANGE);
    ck_assert_int_eq(small[LCC_TIME_BUFSIZE - 1], '#'); /* nothing past the given size */
    ck_assert_int_eq(lcc_time_format(small, 0, 0), LCC_ERANGE);
    ck_assert_int_eq(lcc_time_format(NULL, sizeof buf, 0), LCC_EMISUSE);
}
END_TEST

START_TEST(time_parse_accepts_rfc3339)
{
    int64_t t = 0;
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T09:00:00.000Z"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z);
    t = 0;
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T09:00:00Z"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z);
    t = 0;
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T10:00:00+01:00"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z);
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T03:30:00-05:30"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z);
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T09:00:00+00:00"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z);
}
END_TEST

START_TEST(time_parse_fractions)
{
    int64_t t = 0;
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T09:00:00.5Z"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z + 500);
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T09:00:00.05Z"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z + 50);
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T09:00:00.123456789Z"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z + 123);
    ck_assert_int_eq(lcc_time_parse(&t, "2026-11-23T09:00:00.999999999+01:00"), LCC_OK);
    ck_assert_int_eq(t, T_2026_11_23_0900Z - HOUR_MS + 999);
    /* Truncation of a pre-epoch instant keeps the millisecond below. */
    ck_assert_int_eq(lcc_time_parse(&t, "1969-12-31T23:59:59.9999Z"), LCC_OK);
    ck_assert_int_eq(t, -1);
}
END_TEST

START_TEST(time_parse_refuses_malformed)
{
    static const char *const bad[] = {
        "2026-11-23T09:00:00",            /* no offset */
        "2026-11-23T09:00:00.000",        /* no offset */
        "2026-02-30T00:00:00Z",           /* no such day */
        "2027-02-29T00:00:00Z",           /* not a leap year */
        "2026-13-01T00:00:00Z",
        "2026-11-23T24:00:00Z",
        "2026-11-23T09:60:00Z",
        "2026-1-1T00:00:00Z",
        "2026-11-23T09:00:00Zjunk",
        "2026-11-23T09:00:00Z ",
        " 2026-11-23T09:00:00Z",
        "",
        "2026-11-23T09:00:00.1234567890Z", /* 10 fraction digits */
        "2026-11-23T09:00:00.Z",          /* empty fraction */
        "2026-11-23T09:00:00+1:00",
        "2026-11-23T09:00:00+01:0",
        "2026-11-23",
        "0000-01-01T00:00:00Z",
        "garbage",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 42;
        ck_assert_msg(lcc_time_parse(&t, bad[i]) == LCC_EINVAL, "accepted \"%s\"", bad[i]);
    }
}
END_TEST

START_TEST(time_parse_null_is_misuse)
{
    int64_t t = 0;
    ck_assert_int_eq(lcc_time_parse(NULL, "2026-11-23T09:00:00Z"), LCC_EMISUSE);
    ck_assert_int_eq(lcc_time_parse(&t, NULL), LCC_EMISUSE);
}
END_TEST

START_TEST(time_format_parse_round_trip)
{
    /* Instants spread over the whole range, from a fixed LCG. */
    uint64_t x = 0x9E3779B97F4A7C15u;
    const uint64_t span = (uint64_t)(MAX_MS - MIN_MS) + 1;
    for (int i = 0; i < 20000; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        int64_t ms = MIN_MS + (int64_t)((x >> 1) % span);
        if (i % 4 == 0) /* and many near the epoch */
            ms = (int64_t)((x >> 20) % (200 * 365 * DAY_MS)) - 100 * 365 * DAY_MS;
        char buf[LCC_TIME_BUFSIZE];
        ck_assert_int_eq(lcc_time_format(buf, sizeof buf, ms), LCC_OK);
        int y, mo, d, h, mi, s, frac;
        civil_from_ms(ms, &y, &mo, &d, &h, &mi, &s, &frac);
        char expected[64];
        snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi,
                 s, frac);
        ck_assert_str_eq(buf, expected);
        int64_t back = 0;
        ck_assert_int_eq(lcc_time_parse(&back, buf), LCC_OK);
        ck_assert_int_eq(back, ms);
    }
}
END_TEST

START_TEST(instants_stay_within_years_1_to_9999)
{
    /* Offsets must not carry a parsed instant or a local time out of range. */
    int64_t t = 0;
    ck_assert_int_eq(lcc_time_parse(&t, "0001-01-01T00:00:00+01:00"), LCC_EINVAL);
    ck_assert_int_eq(lcc_time_parse(&t, "9999-12-31T23:59:59-01:00"), LCC_EINVAL);
    ck_assert_int_eq(lcc_time_parse(&t, "0001-01-01T00:00:00-01:00"), LCC_OK);
    fixture f;
    fixture_context(&f);
    int y = 0;
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, f.ctx,
                                         "Pacific/Kiritimati", 253402300799999LL), LCC_ERANGE);
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, f.ctx,
                                         "America/Los_Angeles", -62135596800000LL), LCC_ERANGE);
    ck_assert_int_eq(lcc_tz_utc_to_local(&y, NULL, NULL, NULL, NULL, NULL, NULL, f.ctx, "UTC",
                                         253402300799999LL), LCC_OK);
    ck_assert_int_eq(y, 9999);
    fixture_teardown(&f);
}
END_TEST

static Suite *tz_suite(void)
{
    Suite *s = suite_create("api-tz");
    TCase *tc = tcase_create("system");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, tz_check_accepts_zones_and_links);
    tcase_add_test(tc, tz_check_refuses_non_zone_names_with_a_message);
    tcase_add_test(tc, tz_check_refuses_empty_name);
    tcase_add_test(tc, tz_check_refuses_overlong_name);
    tcase_add_test(tc, tz_check_null_is_misuse);
    tcase_add_test(tc, local_to_utc_ordinary_time);
    tcase_add_test(tc, local_to_utc_seconds_are_kept);
    tcase_add_test(tc, local_to_utc_gap_compatible_shifts_forward);
    tcase_add_test(tc, local_to_utc_gap_earlier_shifts_backward);
    tcase_add_test(tc, local_to_utc_gap_later_shifts_forward);
    tcase_add_test(tc, local_to_utc_gap_reject_suggests_first_valid_instant);
    tcase_add_test(tc, local_to_utc_gap_start_is_in_gap_and_gap_end_is_not);
    tcase_add_test(tc, local_to_utc_fold_compatible_and_earlier_take_first);
    tcase_add_test(tc, local_to_utc_fold_later_takes_second);
    tcase_add_test(tc, local_to_utc_fold_reject_gives_earlier_instant);
    tcase_add_test(tc, local_to_utc_half_hour_fold_and_gap);
    tcase_add_test(tc, local_to_utc_skipped_day);
    tcase_add_test(tc, local_to_utc_refuses_impossible_dates);
    tcase_add_test(tc, local_to_utc_accepts_leap_day_and_range_ends);
    tcase_add_test(tc, local_to_utc_unknown_zone);
    tcase_add_test(tc, local_to_utc_bad_disambiguation);
    tcase_add_test(tc, local_to_utc_null_arguments_are_misuse);
    tcase_add_test(tc, utc_to_local_kolkata_half_hour_offset);
    tcase_add_test(tc, utc_to_local_lord_howe_half_hour_dst);
    tcase_add_test(tc, utc_to_local_after_2038);
    tcase_add_test(tc, local_to_utc_after_2038_uses_rules);
    tcase_add_test(tc, local_utc_local_round_trip);
    tcase_add_test(tc, utc_to_local_range);
    tcase_add_test(tc, utc_to_local_all_out_pointers_null);
    tcase_add_test(tc, utc_to_local_fold_both_instants);
    tcase_add_test(tc, tz_list_is_sorted_and_filtered);
    tcase_add_test(tc, tz_list_names_all_check_ok);
    tcase_add_test(tc, tz_list_null_context);
    tcase_add_test(tc, missing_tzdir_is_an_error_not_a_crash);
    suite_add_tcase(s, tc);

    TCase *custom = tcase_create("custom-tzdir");
    tcase_add_checked_fixture(custom, custom_setup, custom_teardown);
    tcase_add_test(custom, custom_tzdir_good_zone_works);
    tcase_add_test(custom, custom_tzdir_truncated_zone_is_format_error);
    tcase_add_test(custom, custom_tzdir_garbage_zone_is_format_error);
    tcase_add_test(custom, custom_tzdir_unlisted_zone_is_unknown);
    tcase_add_test(custom, custom_tzdir_list);
    suite_add_tcase(s, custom);

    TCase *wire = tcase_create("wire-time");
    tcase_add_test(wire, time_format_known_instants);
    tcase_add_test(wire, time_format_range_and_buffer);
    tcase_add_test(wire, time_parse_accepts_rfc3339);
    tcase_add_test(wire, time_parse_fractions);
    tcase_add_test(wire, time_parse_refuses_malformed);
    tcase_add_test(wire, time_parse_null_is_misuse);
    tcase_add_test(wire, time_format_parse_round_trip);
    tcase_add_test(wire, instants_stay_within_years_1_to_9999);
    suite_add_tcase(s, wire);
    return s;
}

int main(void)
{
    return run_suite(tz_suite());
}
