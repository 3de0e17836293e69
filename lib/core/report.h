/* Internal side of lcc_report: building reports. */
#ifndef LCC_CORE_REPORT_H
#define LCC_CORE_REPORT_H

#include "contactcore/report.h"

/* A new empty report using allocator a (copied).  NULL when out of memory. */
lcc_report *lcc__report_new(const lcc_allocator *a);
/* Appends an entry.  `rule` and `field` must be static strings.  On memory
 * failure the report is marked and the entry dropped: check lcc__report_oom. */
void lcc__report_add(lcc_report *r, const char *rule, const char *field, lcc_status code,
                     lcc_severity severity, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int lcc__report_oom(const lcc_report *r);
/* Empties a report for reuse (keeps its memory). */
void lcc__report_reset(lcc_report *r);

#endif
