/* Proleptic Gregorian calendar arithmetic (Howard Hinnant's algorithms). */
#ifndef LCC_TIME_CIVIL_H
#define LCC_TIME_CIVIL_H

#include <stdint.h>

/* A broken-down date and time, with the UTC offset it was rendered at. */
typedef struct lcc__civil {
    int year, month, day, hour, minute, second;
    int32_t offset_s;
} lcc__civil;

/* Days since 1970-01-01 for a civil date (any month/day; no validation). */
int64_t lcc__days_from_civil(int64_t y, unsigned m, unsigned d);
/* Inverse of lcc__days_from_civil. */
void lcc__civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
int lcc__is_leap(int64_t y);
unsigned lcc__days_in_month(int64_t y, unsigned m);
/* 0 = Sunday ... 6 = Saturday. */
unsigned lcc__weekday_from_days(int64_t days);
/* 1 when y-m-d names a real date (year 1..9999). */
int lcc__date_valid(int64_t y, int m, int d);

#endif
