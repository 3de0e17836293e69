/**
 * @file contactcore/common.h
 * @brief Shared definitions: export macro, status codes, allocator hooks.
 *
 * Every public symbol of libcontactcore starts with `lcc_` (functions, types)
 * or `LCC_` (macros, enumerators).  Status values are part of the ABI: they are
 * explicit and are never renumbered; new values are only ever added.
 */
#ifndef LCC_COMMON_H
#define LCC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(LCC_BUILDING_LIBRARY) && defined(__GNUC__)
#define LCC_API __attribute__((visibility("default")))
#else
#define LCC_API
#endif

/**
 * Status codes returned by every fallible function.
 *
 * `LCC_OK` is 0; every failure is positive.  The numbers are stable across
 * releases.  lcc_status_str() gives a static description, and
 * lcc_context_errmsg() the detailed message of the last failure on a context.
 */
typedef enum lcc_status {
    LCC_OK = 0,                 /**< Success. */
    LCC_EMISUSE = 1,            /**< API misuse: NULL, freed or foreign handle, bad params size. */
    LCC_ENOMEM = 2,             /**< An allocation failed; nothing was changed. */
    LCC_EINVAL = 3,             /**< An argument is malformed (invalid UTF-8, impossible date, ...). */
    LCC_ERANGE = 4,             /**< A value is outside its allowed range; the message says the range. */
    LCC_ENOTFOUND = 5,          /**< The named object does not exist. */
    LCC_EEXISTS = 6,            /**< The object already exists (duplicate id, second callback). */
    LCC_EVALIDATION = 7,        /**< Validation failed: the lcc_report holds the problems. */
    LCC_EPERM = 8,              /**< The acting user lacks a permission or role. */
    LCC_ENOTELIGIBLE = 9,       /**< The interaction is not eligible for this operation. */
    LCC_ENOTALLOWED = 10,       /**< A setting of the queue or tenant does not allow this choice. */
    LCC_EPAST = 11,             /**< A scheduled instant lies in the past. */
    LCC_EUNKNOWN_ZONE = 12,     /**< The time-zone name is not in the tz database. */
    LCC_ENONEXISTENT_TIME = 13, /**< The local time falls in a gap (spring forward). */
    LCC_EAMBIGUOUS_TIME = 14,   /**< The local time occurs twice (fall back). */
    LCC_EBADNUMBER = 15,        /**< A phone number cannot be a number of its country. */
    LCC_EIO = 16,               /**< A file could not be read; a connection failed before the request was sent. */
    LCC_EFORMAT = 17,           /**< Data (a TZif file, a document) is corrupt or truncated. */
    LCC_ESTATE = 18,            /**< The object is not in a state that allows the operation. */
    LCC_EPENDING = 19,          /**< The operation has not finished yet. */
    LCC_ETIMEDOUT = 20,         /**< The request's deadline passed (context clock). */
    LCC_ECANCELED = 21,         /**< Cancelled by the host or by context teardown. */
    LCC_EUNKNOWN_OUTCOME = 22,  /**< The request may have reached the backend: reconcile before retrying. */
    LCC_EAUTH = 23,             /**< Authentication failed (bad credentials, no token). */
    LCC_EBUSY = 24,             /**< The backend kept rate-limiting (HTTP 429) past the retry budget. */
    LCC_ESERVER = 25,           /**< The backend failed (HTTP 5xx) past the retry budget. */
    LCC_EREJECTED = 26,         /**< The backend refused the request; the report has its code and message. */
    LCC_ENOTSUP = 27,           /**< Not built into this copy of the library (e.g. libcurl). */
    LCC_ETAKEOVER = 28          /**< The contact has an open, unassigned conversation: take it over instead of starting one (OBQ-TAKEOVER). */
} lcc_status;

/** Severity of a report entry. */
typedef enum lcc_severity {
    LCC_SEVERITY_ERROR = 0,   /**< Blocks the operation. */
    LCC_SEVERITY_WARNING = 1  /**< Informational: the operation may go on. */
} lcc_severity;

/**
 * Memory allocation hooks (size-versioned; initialise with LCC_ALLOCATOR_INIT).
 *
 * All three function pointers must be set together, or all left NULL for the
 * C library's malloc/realloc/free.  `realloc_fn(NULL, n)` must behave as
 * malloc; `free_fn(NULL)` must be harmless.  A hook may return NULL to signal
 * failure; the library then returns LCC_ENOMEM and leaves state unchanged.
 */
typedef struct lcc_allocator {
    size_t size; /**< sizeof(lcc_allocator) as compiled by the caller. */
    void *(*malloc_fn)(size_t size, void *user_data);
    void *(*realloc_fn)(void *ptr, size_t size, void *user_data);
    void (*free_fn)(void *ptr, void *user_data);
    void *user_data;
} lcc_allocator;

/** Initialiser for lcc_allocator: the C library's allocator. */
#define LCC_ALLOCATOR_INIT { sizeof(lcc_allocator), NULL, NULL, NULL, NULL }

/**
 * Frees a buffer the library handed out to the caller (documented as "free
 * with lcc_free()" where it is handed out).  NULL does nothing.  It uses the
 * allocator of the context the buffer came from, which must still be
 * usable; the context itself may already be freed.
 * @note Thread-safe when that allocator is.
 * @since 0.1.0
 */
LCC_API void lcc_free(void *ptr);

/**
 * Static English description of a status code.
 *
 * @return a string with static storage duration; "unknown status" for a
 *         value this version does not know.  Never NULL.
 * @note Thread-safe.
 * @since 0.1.0
 */
LCC_API const char *lcc_status_str(lcc_status status);

#ifdef __cplusplus
}
#endif
#endif /* LCC_COMMON_H */
