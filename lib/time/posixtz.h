/* POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0"), as used in TZif footers,
 * including the RFC 8536 extensions (rule times -167..167 hours).
 * Internal to lib/time. */
#ifndef LCC_TIME_POSIXTZ_H
#define LCC_TIME_POSIXTZ_H

#include <stddef.h>
#include <stdint.h>

#define LCC__TZ_ABBR_MAX 32 /* abbreviation incl. NUL */

/* One rule date: Jn (1..365, Feb 29 never counted), n (0..365), Mm.w.d. */
typedef struct lcc__tzrule {
    char kind;    /* 'J', 'N' or 'M' */
    int n, m, w, d;
    int32_t secs; /* local time of day the rule fires, -167h..167h */
} lcc__tzrule;

typedef struct lcc__posixtz {
    char std_abbr[LCC__TZ_ABBR_MAX];
    char dst_abbr[LCC__TZ_ABBR_MAX];
    int32_t std_off; /* UTC offsets in seconds, east positive */
    int32_t dst_off;
    int has_dst;
    lcc__tzrule start, end; /* DST starts (std local time) / ends (DST local time) */
} lcc__posixtz;

/* Parses exactly `len` bytes (no NUL needed).  Returns 0, or -1 if invalid. */
int lcc__posixtz_parse(lcc__posixtz *out, const char *s, size_t len);

/* Local time type at a UTC instant.  Any out pointer may be NULL. */
void lcc__posixtz_at(const lcc__posixtz *p, int64_t utc, int32_t *off, int *is_dst,
                     const char **abbr);

/* First instant > utc at which the offset, DST flag or abbreviation changes.
 * Returns 1 and sets *next, or 0 when there is none. */
int lcc__posixtz_next(const lcc__posixtz *p, int64_t utc, int64_t *next);

#endif
