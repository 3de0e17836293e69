/**
 * @file contactcore/tz.h
 * @brief Time zones and instants, for hosts' date pickers and for callbacks.
 *
 * Zones come from the tz database directory of the context (TZif files read by
 * the library itself; libc's TZ is never touched), loaded once per context.
 * Valid names are the database's zone and link names ("Europe/Paris",
 * "US/Eastern", "UTC"); "localtime", "posixrules", "posix/..." and
 * "right/..." are not zone names.  Instants are milliseconds since the Unix
 * epoch, UTC.
 */
#ifndef LCC_TZ_H
#define LCC_TZ_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/**
 * How a local time that is skipped (gap) or repeated (fold) is resolved; the
 * same choices as JavaScript Temporal's `disambiguation`.
 */
typedef enum lcc_disambiguation {
    /** Gap: shift forward by the gap (02:30 -> 03:30); fold: the earlier instant.
     *  Callback drafts report a warning for either (CB-TZ-GAP, CB-TZ-FOLD). */
    LCC_DISAMBIGUATE_COMPATIBLE = 0,
    /** Gap: shift backward by the gap (02:30 -> 01:30); fold: the earlier instant. */
    LCC_DISAMBIGUATE_EARLIER = 1,
    /** Gap: shift forward by the gap; fold: the later instant. */
    LCC_DISAMBIGUATE_LATER = 2,
    /** Refuse both: LCC_ENONEXISTENT_TIME or LCC_EAMBIGUOUS_TIME (strict policy). */
    LCC_DISAMBIGUATE_REJECT = 3
} lcc_disambiguation;

/** lcc_tz_local_to_utc() flag: the local time fell in a gap. */
#define LCC_TZ_IN_GAP 0x1u
/** lcc_tz_local_to_utc() flag: the local time fell in a fold. */
#define LCC_TZ_IN_FOLD 0x2u

/**
 * Checks a zone name against the context's tz database.
 * @return LCC_OK; LCC_EUNKNOWN_ZONE; LCC_EFORMAT (the zone file is corrupt);
 *         LCC_EIO; LCC_ENOMEM; LCC_EMISUSE.  Details in lcc_context_errmsg().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_tz_check(struct lcc_context *ctx, const char *zone);

/**
 * Converts a local date and time in `zone` to an instant.
 *
 * @param[out] utc_ms  the instant.  With LCC_DISAMBIGUATE_REJECT it is still
 *                     set on LCC_ENONEXISTENT_TIME (to the first valid instant
 *                     after the gap: the suggestion to show) and on
 *                     LCC_EAMBIGUOUS_TIME (to the earlier instant).
 * @param[out] flags   LCC_TZ_IN_GAP / LCC_TZ_IN_FOLD, or 0; may be NULL.
 * @param second       0..59.
 * @return LCC_OK; LCC_EINVAL for an impossible date or time (Feb 30, 24:00,
 *         year outside 1..9999); LCC_EUNKNOWN_ZONE; LCC_ENONEXISTENT_TIME;
 *         LCC_EAMBIGUOUS_TIME; LCC_EFORMAT; LCC_EIO; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_tz_local_to_utc(int64_t *utc_ms, unsigned *flags, struct lcc_context *ctx,
                                       const char *zone, int year, int month, int day, int hour,
                                       int minute, int second, lcc_disambiguation how);

/**
 * Converts an instant to the local date and time of `zone`.  Any out-pointer
 * may be NULL.  `utc_offset_s` is seconds east of UTC.
 * @return LCC_OK; LCC_ERANGE for an instant, or its local time, outside
 *         years 1..9999;
 *         LCC_EUNKNOWN_ZONE; LCC_EFORMAT; LCC_EIO; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_tz_utc_to_local(int *year, int *month, int *day, int *hour, int *minute,
                                       int *second, int32_t *utc_offset_s,
                                       struct lcc_context *ctx, const char *zone, int64_t utc_ms);

/**
 * Number of zone and link names in the context's tz database (for pickers);
 * 0 when the database cannot be read (see lcc_context_errmsg()).
 * @since 0.1.0
 */
LCC_API size_t lcc_tz_count(struct lcc_context *ctx);

/**
 * Name `i` (sorted by byte order) of the context's tz database; borrowed,
 * valid until the context is freed.  NULL when out of range.
 * @since 0.1.0
 */
LCC_API const char *lcc_tz_name(struct lcc_context *ctx, size_t i);

/** Size of a buffer for lcc_time_format(): "2026-11-23T09:00:00.000Z" + NUL. */
#define LCC_TIME_BUFSIZE 25

/**
 * Formats an instant in the wire format, ISO-8601 UTC with milliseconds
 * ("2026-11-23T09:00:00.000Z").  Thread-safe.
 * @return LCC_OK; LCC_ERANGE outside years 1..9999 or when size <
 *         LCC_TIME_BUFSIZE; LCC_EMISUSE for a NULL buffer.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_time_format(char *buf, size_t size, int64_t utc_ms);

/**
 * Parses an ISO-8601 / RFC 3339 instant with a mandatory offset ("Z",
 * "+02:00"), optional fractional seconds (up to 9 digits, truncated to ms).
 * Thread-safe.
 * The instant must lie in years 1..9999 UTC, like lcc_time_format().
 * @return LCC_OK; LCC_EINVAL for anything else (message-free: no context);
 *         LCC_EMISUSE for NULL arguments.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_time_parse(int64_t *utc_ms, const char *text);

#ifdef __cplusplus
}
#endif
#endif /* LCC_TZ_H */
