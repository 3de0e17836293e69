/**
 * @file contactcore/context.h
 * @brief The library context: hooks, settings, errors, version.
 *
 * Every object of libcontactcore belongs to one lcc_context.  A context and
 * everything made from it are used by one thread at a time (different
 * contexts may be used from different threads in parallel: the library keeps
 * no global state).
 */
#ifndef LCC_CONTEXT_H
#define LCC_CONTEXT_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque library context. */
typedef struct lcc_context lcc_context;

/** Log levels, most severe first. */
typedef enum lcc_log_level {
    LCC_LOG_ERROR = 0,
    LCC_LOG_WARNING = 1,
    LCC_LOG_INFO = 2,
    LCC_LOG_DEBUG = 3
} lcc_log_level;

/**
 * Log hook: receives one pre-formatted line (no trailing newline), valid only
 * during the call.  Called on the thread that called into the library.
 */
typedef void (*lcc_log_fn)(lcc_log_level level, const char *message, void *user_data);

/** Wall-clock hook: milliseconds since the Unix epoch, UTC. */
typedef int64_t (*lcc_clock_fn)(void *user_data);

/** Default callback horizon (CB-HORIZON): 30 days, in milliseconds. */
#define LCC_DEFAULT_CALLBACK_HORIZON_MS (30LL * 86400 * 1000)

/**
 * Parameters of lcc_context_new() (size-versioned: start from
 * LCC_CONTEXT_PARAMS_INIT, then set what you need).
 *
 * Fields added in later versions go at the end; an older caller's smaller
 * `size` keeps working, and the library rejects a size it does not know.
 */
typedef struct lcc_context_params {
    size_t size;                    /**< sizeof(lcc_context_params) as compiled by the caller. */
    const lcc_allocator *allocator; /**< NULL: the C library allocator.  Copied. */
    lcc_log_fn log;                 /**< NULL: no logging. */
    void *log_user_data;
    lcc_log_level log_level;        /**< Messages above this level are not formatted. */
    lcc_clock_fn now_ms;            /**< NULL: the system's real-time clock. */
    void *clock_user_data;
    const char *tzdir;              /**< NULL: "/usr/share/zoneinfo".  Copied. */
    int64_t callback_horizon_ms;    /**< 0: LCC_DEFAULT_CALLBACK_HORIZON_MS; else 1 ms .. 10 years. */
} lcc_context_params;

/** Initialiser for lcc_context_params with every default. */
#define LCC_CONTEXT_PARAMS_INIT \
    { sizeof(lcc_context_params), NULL, NULL, NULL, LCC_LOG_WARNING, NULL, NULL, NULL, 0 }

/**
 * Version of the library actually loaded, e.g. "0.1.0".
 * @return a static string.  Thread-safe.
 * @since 0.1.0
 */
LCC_API const char *lcc_version(void);

/**
 * Version of the library actually loaded as major * 10000 + minor * 100 +
 * patch (compare with LCC_VERSION_NUMBER from contactcore/version.h).
 * Thread-safe.
 * @since 0.1.0
 */
LCC_API unsigned lcc_version_number(void);

/**
 * Creates a context.
 *
 * @param[out] out     receives the new context; untouched on failure.
 * @param      params  NULL for all defaults, or a struct whose `size` the
 *                     library knows (LCC_CONTEXT_PARAMS_INIT).
 * @return LCC_OK; LCC_EMISUSE for a NULL `out`, an unknown `size`, a
 *         half-set allocator (all three hooks or none) or a size-less
 *         allocator; LCC_ERANGE for a callback horizon outside 1 ms .. 10
 *         years; LCC_ENOMEM.
 * @note Thread-safe (creates independent state).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_new(lcc_context **out, const lcc_context_params *params);

/**
 * Frees a context and every object it still owns: agents, queues,
 * conversations, callbacks and callback drafts.  Reports (lcc_report) are
 * independent and stay valid.  `lcc_context_free(NULL)` does nothing.
 * @since 0.1.0
 */
LCC_API void lcc_context_free(lcc_context *ctx);

/**
 * Detailed message of the last failure of a call on this context (or on an
 * object of this context).  Not cleared by successful calls.
 * @return a borrowed string, valid until the next call on the context;
 *         "" when nothing failed yet; a fixed text for a NULL or invalid ctx.
 * @since 0.1.0
 */
LCC_API const char *lcc_context_errmsg(const lcc_context *ctx);

/**
 * The context's current time in milliseconds since the epoch (its clock hook,
 * or the system clock).  Returns 0 for an invalid context.
 * @since 0.1.0
 */
LCC_API int64_t lcc_context_now_ms(lcc_context *ctx);

/**
 * The callback horizon in force (CB-HORIZON), in milliseconds; 0 for an
 * invalid context.
 * @since 0.1.0
 */
LCC_API int64_t lcc_context_callback_horizon_ms(const lcc_context *ctx);

/**
 * Says whether the tenant has digital channels enabled (OB-LICENSE: no agent
 * can start an outbound SMS or email without it).  Off in a new context.
 * While the context's engine keeps a store the setting is written there
 * before the call returns, and read back when an engine opens the store
 * (a value set before lcc_engine_new() wins over the stored one).
 * @param enabled  non-zero: enabled.
 * @return LCC_OK; LCC_EIO (the store refused it: the setting is unchanged);
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_digital_channels(lcc_context *ctx, int enabled);

/**
 * 1 when the tenant has digital channels enabled (OB-LICENSE), else 0 (also
 * for an invalid context).
 * @since 0.1.0
 */
LCC_API int lcc_context_digital_channels(const lcc_context *ctx);

#ifdef __cplusplus
}
#endif
#endif /* LCC_CONTEXT_H */
