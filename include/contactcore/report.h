/**
 * @file contactcore/report.h
 * @brief Validation reports: every problem at once, each next to its field.
 *
 * A report lists entries in a stable order (the order of the form: date,
 * time, time zone, number, queue, options, caller ID, ...).  Each entry has
 * the rule id from the rule catalogue (e.g. "CB-HORIZON"), the field it
 * belongs to (e.g. "date"), a status code, a severity and one sentence for a
 * person.  A report does not belong to a context: it stays valid after the
 * context is freed, and is freed with lcc_report_free().  A report may be
 * read from any thread once handed out, but not freed concurrently.
 */
#ifndef LCC_REPORT_H
#define LCC_REPORT_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque validation report. */
typedef struct lcc_report lcc_report;

/**
 * Number of entries (errors and warnings).  0 for NULL.
 * @since 0.1.0
 */
LCC_API size_t lcc_report_count(const lcc_report *report);

/**
 * Number of entries of severity LCC_SEVERITY_ERROR.  0 for NULL.
 * @since 0.1.0
 */
LCC_API size_t lcc_report_error_count(const lcc_report *report);

/**
 * Rule id of entry `i`, e.g. "CB-PAST".  Borrowed, valid while the report
 * lives.  NULL when `i` is out of range or the report is NULL/invalid.
 * @since 0.1.0
 */
LCC_API const char *lcc_report_rule(const lcc_report *report, size_t i);

/**
 * Field of entry `i`, e.g. "number".  Borrowed; NULL when out of range.
 * @since 0.1.0
 */
LCC_API const char *lcc_report_field(const lcc_report *report, size_t i);

/**
 * Line of entry `i` in the document it is about (an IVR script,
 * contactcore/ivr.h), 1-based; 0 when the entry has no place in a document
 * and when `i` is out of range.
 * @since 0.1.0
 */
LCC_API unsigned lcc_report_line(const lcc_report *report, size_t i);

/**
 * Column of entry `i` in its document, 1-based, counted in bytes; 0 when it
 * has none (see lcc_report_line()).
 * @since 0.1.0
 */
LCC_API unsigned lcc_report_column(const lcc_report *report, size_t i);

/**
 * Status code of entry `i` (e.g. LCC_EPAST); LCC_EMISUSE when out of range.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_report_code(const lcc_report *report, size_t i);

/**
 * Severity of entry `i`; LCC_SEVERITY_ERROR when out of range.
 * @since 0.1.0
 */
LCC_API lcc_severity lcc_report_severity(const lcc_report *report, size_t i);

/**
 * The sentence of entry `i` for a person (English, UTF-8).  Borrowed; NULL
 * when out of range.
 * @since 0.1.0
 */
LCC_API const char *lcc_report_message(const lcc_report *report, size_t i);

/**
 * The backend's own error code of entry `i` ("callback.error.missing.queue.id")
 * when the entry came from a backend error body; NULL for local entries and
 * out of range.  Borrowed.
 * @since 0.1.0
 */
LCC_API const char *lcc_report_server_code(const lcc_report *report, size_t i);

/**
 * Index of the first entry with the given rule id, or -1 when there is none
 * (or on NULL arguments).
 * @since 0.1.0
 */
LCC_API long lcc_report_find(const lcc_report *report, const char *rule);

/**
 * Frees a report.  `lcc_report_free(NULL)` does nothing.
 * @since 0.1.0
 */
LCC_API void lcc_report_free(lcc_report *report);

#ifdef __cplusplus
}
#endif
#endif /* LCC_REPORT_H */
