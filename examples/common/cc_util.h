/* What the examples share besides the JSON writer (cc_jw.h): status and
 * channel names, reports as JSON, times as text, dates and times from
 * text, the default places of files, reading a file.  Public API only.
 */
#ifndef CC_UTIL_H
#define CC_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <contactcore/contactcore.h>

#include "cc_jw.h"

/* The short name of a status ("EPAST"); "E?" for an unknown one. */
const char *cc_status_name(lcc_status st);

/* A report as a JSON array of entries {"rule", "field", "severity",
 * "code", "message", "server_code"?, "line"?, "column"?}: "line" and
 * "column" only for an entry with a place in a document.  The _placed
 * form writes them for every entry (0 when it has none). */
void cc_report_json(jw *w, const lcc_report *r);
void cc_report_json_placed(jw *w, const lcc_report *r);

/* An instant as "2026-11-23T09:00:00Z" (milliseconds only when not 0), and
 * in `zone` as "2026-11-23T10:00:00+01:00" (buffers of 40).  cc_local
 * returns -1 (buf "?") when the zone cannot be used. */
void cc_utc(char *buf, size_t size, int64_t ms);
int cc_local(char *buf, size_t size, lcc_context *ctx, const char *zone, int64_t ms);

/* "2026-11-23" -> y, m, d (a real day).  0 on success. */
int cc_parse_date(const char *s, int *y, int *m, int *d);
/* "10:00" (or "10:00:00") -> h, min.  0 on success. */
int cc_parse_hm(const char *s, int *h, int *min);
/* A local date and time ("2026-11-23T10:00", "2026-11-23 10:00[:SS]"), or
 * an instant with an offset ("...Z", "...+02:00").  *has_offset says
 * which; for an instant *utc_ms is set.  0 on success. */
int cc_parse_when(const char *s, int *y, int *mo, int *d, int *h, int *mi, int *has_offset,
                  int64_t *utc_ms);

/* "sms", "whatsapp", "email", "open", "web", "facebook", "instagram", "x"
 * (or "twitter"), "social".  0 on success. */
int cc_parse_channel(const char *s, lcc_channel *out);
const char *cc_channel_name(lcc_channel c);

/* $XDG_<KIND>_HOME/contactcore/<file>, else ~/<fallback>/contactcore/<file>
 * (kind "DATA": .local/share, "CONFIG": .config).  0 on success; -1 when
 * neither the variable (an absolute path) nor HOME is set, or the path is
 * too long. */
int cc_default_path(char *buf, size_t size, const char *kind, const char *file);
/* mkdir -p (mode 0700) of the directory part of `path`.  0 or -1 (errno). */
int cc_make_parents(const char *path);
/* Reads a whole file ("-": stdin) of at most about `max` bytes, with a NUL
 * after it; NULL with errno set (EFBIG past max). */
char *cc_read_file(const char *path, size_t *len, size_t max);
/* A fresh random id "PREFIX-xxxxxxxxxxxxxxxx" into buf. */
void cc_random_id(char *buf, size_t size, const char *prefix);

#endif
