/* Internal side of lcc_report: building reports. */
#ifndef LCC_CORE_REPORT_H
#define LCC_CORE_REPORT_H

#include "contactcore/report.h"

/* A new empty report using allocator a (copied).  NULL when out of memory. */
lcc_report *lcc__report_new(const lcc_allocator *a);
/* Appends an entry.  `rule` and `field` must be static strings.  On memory
 * failure the report is marked and the entry dropped: lcc__report_status
 * then says LCC_ENOMEM. */
void lcc__report_add(lcc_report *r, const char *rule, const char *field, lcc_status code,
                     lcc_severity severity, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* lcc__report_add for an entry that came from a backend error body:
 * `server_code` (the backend's own code, may be NULL) is copied, at most 255
 * bytes; lcc_report_server_code() returns it. */
void lcc__report_add_server(lcc_report *r, const char *rule, const char *field, lcc_status code,
                            lcc_severity severity, const char *server_code, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* lcc__report_add for an entry at a place in a document: `field` (its path
 * there, e.g. "queue[1].choice.2") is copied, at most 255 bytes; line and
 * column are 1-based (0: unknown). */
void lcc__report_add_at(lcc_report *r, const char *rule, const char *field, uint32_t line,
                        uint32_t column, lcc_status code, lcc_severity severity, const char *fmt,
                        ...) __attribute__((format(printf, 8, 9)));
/* Orders the entries by line, then column (a stable sort; entries
 * without a place go last), as a compiler lists a file's problems. */
void lcc__report_sort_by_place(lcc_report *r);
/* 1 when an entry was dropped for want of memory. */
int lcc__report_oom(const lcc_report *r);

struct lcc_context;
/* What a finished report means for the call that built it: LCC_ENOMEM when
 * building it ran out of memory; LCC_EVALIDATION when it holds errors (the
 * first error's rule and sentence, and the count, go to the context's
 * errmsg); else LCC_OK. */
lcc_status lcc__report_status(struct lcc_context *ctx, const lcc_report *r);

#endif
