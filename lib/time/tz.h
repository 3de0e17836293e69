/* Internal time-zone engine: TZif reader, POSIX TZ footer rules, and a
 * per-context zone database (cache + name validation).
 *
 * Nothing here uses libc's TZ, localtime or mktime: those are global and not
 * thread-safe.  All times are seconds since the Unix epoch (int64_t). */
#ifndef LCC_TIME_TZ_H
#define LCC_TIME_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "contactcore/common.h"

typedef struct lcc__tz lcc__tz;

/* Parses a TZif image (versions 1, 2, 3 and 4; for v2+ the 64-bit block and
 * the POSIX TZ footer are used).  `name` is copied into the zone.  On failure
 * returns LCC_EFORMAT (corrupt/truncated: message in err) or LCC_ENOMEM, and
 * *out is untouched. */
lcc_status lcc__tz_parse(lcc__tz **out, const lcc_allocator *a, const char *name,
                         const unsigned char *data, size_t len, char *err, size_t errlen);
void lcc__tz_free(lcc__tz *tz, const lcc_allocator *a);
const char *lcc__tz_name(const lcc__tz *tz);

/* UTC -> local.  Any argument but tz may be NULL.  *abbr is borrowed from tz. */
void lcc__tz_offset_at(const lcc__tz *tz, int64_t utc_s, int32_t *utc_offset_s,
                       int *is_dst, const char **abbr);

/* Local wall-clock -> UTC.  `local_s` is the wall time expressed as seconds
 * since 1970-01-01T00:00 as if it were UTC.
 *   count == 1: unique; utc[0] is the instant.
 *   count == 2: fold; utc[0] is the earlier instant, utc[1] the later.
 *   count == 0: gap; transition_utc is the instant the gap starts (the first
 *               valid wall time after the gap is its local rendering),
 *               offset_before/offset_after are the UTC offsets around it
 *               (so "shift forward" = local_s - offset_before, "shift
 *               backward" = local_s - offset_after). */
typedef struct lcc__tz_local {
    int count;
    int64_t utc[2];
    int64_t transition_utc;
    int32_t offset_before;
    int32_t offset_after;
} lcc__tz_local;
void lcc__tz_local_to_utc(const lcc__tz *tz, int64_t local_s, lcc__tz_local *res);

/* Per-context zone database rooted at a tz directory (default
 * "/usr/share/zoneinfo").  Zones are loaded once and cached. */
typedef struct lcc__tzdb lcc__tzdb;
lcc_status lcc__tzdb_new(lcc__tzdb **out, const lcc_allocator *a, const char *tzdir);
void lcc__tzdb_free(lcc__tzdb *db);

/* Looks a zone up by IANA name (zone or link name of the tz database, e.g.
 * "Europe/Paris", "US/Eastern", "UTC").  Not zone names: "localtime",
 * "posixrules", "Factory", anything under "posix/" or "right/", absolute or
 * relative paths ("..", leading "/"), and names the database does not list.
 * Returns LCC_OK with a borrowed zone valid until lcc__tzdb_free,
 * LCC_EUNKNOWN_ZONE, LCC_EFORMAT (file corrupt), LCC_EIO or LCC_ENOMEM; a
 * message for a person goes into err. */
lcc_status lcc__tzdb_get(const lcc__tz **out, lcc__tzdb *db, const char *name,
                         char *err, size_t errlen);

/* The sorted list of zone and link names the database knows (for pickers).
 * Returns LCC_OK, LCC_EIO or LCC_ENOMEM; names are borrowed. */
lcc_status lcc__tzdb_names(const char *const **names, size_t *count, lcc__tzdb *db);

#endif
