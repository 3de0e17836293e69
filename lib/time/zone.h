/* Context-level zone helpers shared by the public tz API and the model. */
#ifndef LCC_TIME_ZONE_H
#define LCC_TIME_ZONE_H

#include "contactcore/tz.h"
#include "core/context.h"
#include "time/civil.h"
#include "time/tz.h"

/* Looks a zone up in the context's database.  On failure the message is in
 * err (and in the context's errmsg). */
lcc_status lcc__zone_get(const lcc__tz **out, lcc_context *ctx, const char *name, char *err,
                         size_t errlen);

#define LCC__MIN_MS (-62135596800000LL) /* 0001-01-01T00:00:00.000Z */
#define LCC__MAX_MS (253402300799999LL) /* 9999-12-31T23:59:59.999Z */

/* Broken-down local time of an instant (ms) in a zone (tz NULL: UTC); 0, or
 * -1 outside years 1..9999 (also after applying the zone's offset), with
 * *out untouched. */
int lcc__zone_to_local(const lcc__tz *tz, int64_t utc_ms, lcc__civil *out);

/* Local wall time -> instant (ms) under a disambiguation policy.
 * Returns LCC_OK, or with LCC_DISAMBIGUATE_REJECT LCC_ENONEXISTENT_TIME (then
 * *utc_ms is the first valid instant after the gap) or LCC_EAMBIGUOUS_TIME
 * (then *utc_ms is the earlier instant).  `res` (may be NULL) receives the
 * raw lookup. */
lcc_status lcc__zone_from_local(int64_t *utc_ms, unsigned *flags, lcc__tz_local *res,
                                const lcc__tz *tz, int year, int month, int day, int hour,
                                int minute, int second, lcc_disambiguation how);

#endif
