/* Unit tests for the proleptic Gregorian calendar helpers (lib/time/civil.c). */
#include <check.h>
#include <stdlib.h>

#include "time/civil.h"

START_TEST(known_days)
{
    ck_assert_int_eq(lcc__days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(lcc__days_from_civil(1969, 12, 31), -1);
    ck_assert_int_eq(lcc__days_from_civil(2000, 3, 1), 11017);
    ck_assert_int_eq(lcc__days_from_civil(2026, 3, 8), 20520);
    ck_assert_int_eq(lcc__days_from_civil(1, 1, 1), -719162);
    ck_assert_int_eq(lcc__days_from_civil(2038, 1, 19), 24855);
    ck_assert_int_eq(lcc__weekday_from_days(0), 4);                         /* Thursday */
    ck_assert_int_eq(lcc__weekday_from_days(lcc__days_from_civil(2026, 3, 8)), 0);
    ck_assert_int_eq(lcc__weekday_from_days(-1), 3);
    ck_assert_int_eq(lcc__weekday_from_days(-5), 6);
    ck_assert_int_eq(lcc__weekday_from_days(-11), 0);
    ck_assert_int_eq(lcc__weekday_from_days(lcc__days_from_civil(1, 1, 1)), 1); /* Monday */
}
END_TEST

/* Day-by-day walk: the inverse holds and consecutive days are consecutive
 * dates with weekdays cycling. */
START_TEST(round_trip_walk)
{
    int64_t y = -1000;
    unsigned m = 1, d = 1;
    int64_t start = lcc__days_from_civil(y, m, d);
    unsigned wd = lcc__weekday_from_days(start);
    for (int64_t z = start; z < start + 366 * 3500; z++) {
        int64_t yy;
        unsigned mm, dd;
        lcc__civil_from_days(z, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d || lcc__days_from_civil(y, m, d) != z ||
            lcc__weekday_from_days(z) != wd)
            ck_abort_msg("day %lld: %lld-%u-%u, expected %lld-%u-%u", (long long)z,
                         (long long)yy, mm, dd, (long long)y, m, d);
        wd = (wd + 1) % 7;
        if (++d > lcc__days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
}
END_TEST

START_TEST(leap_and_validity)
{
    ck_assert(lcc__is_leap(2000));
    ck_assert(!lcc__is_leap(1900));
    ck_assert(lcc__is_leap(2024));
    ck_assert(!lcc__is_leap(2026));
    ck_assert(lcc__is_leap(-4));
    ck_assert(lcc__is_leap(0));
    ck_assert_uint_eq(lcc__days_in_month(2024, 2), 29);
    ck_assert_uint_eq(lcc__days_in_month(2100, 2), 28);
    ck_assert_uint_eq(lcc__days_in_month(2026, 4), 30);
    ck_assert_uint_eq(lcc__days_in_month(2026, 12), 31);
    ck_assert(lcc__date_valid(2024, 2, 29));
    ck_assert(!lcc__date_valid(2026, 2, 29));
    ck_assert(!lcc__date_valid(2026, 13, 1));
    ck_assert(!lcc__date_valid(2026, 0, 1));
    ck_assert(!lcc__date_valid(2026, 4, 31));
    ck_assert(!lcc__date_valid(0, 1, 1));
    ck_assert(!lcc__date_valid(10000, 1, 1));
    ck_assert(lcc__date_valid(9999, 12, 31));
    ck_assert(lcc__date_valid(1, 1, 1));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("civil");
    TCase *c = tcase_create("civil");
    tcase_add_test(c, known_days);
    tcase_add_test(c, round_trip_walk);
    tcase_add_test(c, leap_and_validity);
    suite_add_tcase(s, c);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
