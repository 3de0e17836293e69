/**
 * @file contactcore/transport.h
 * @brief The asynchronous transport contract and the host-driven loop.
 *
 * Every call to a backend goes out as an lcc_request through the context's
 * transport: a vtable the host supplies (its own HTTP stack, a browser
 * extension, a test double) or a built-in one (libcurl, see curl.h).
 *
 * ## The contract
 * - `send()` takes the request and returns at once.  LCC_OK means the
 *   transport accepted it and owes exactly one completion: a later call of
 *   lcc_request_complete() or lcc_request_fail(), from any thread, possibly
 *   from inside send() itself.  Any other return value means it did not
 *   accept it: no completion may follow, and the library fails or retries
 *   the operation itself.
 * - The library may give up on a request first (its deadline passed on the
 *   context clock, the operation was cancelled, the context is being freed).
 *   It then calls `cancel()` so the transport can stop the work.  The
 *   transport still completes the request afterwards (any status); that
 *   result is discarded.
 * - lcc_context_free() cancels every request in flight, then calls
 *   `destroy()`.  When destroy() returns the transport must no longer touch
 *   any request (join your threads there); requests it never completed are
 *   freed by the library.
 * - Completions are queued; they are applied on the context's thread by
 *   lcc_context_run_due() (or lcc_context_wait()), which is where operation
 *   results, retries and events happen.  After queueing, the library calls
 *   the wake-up hook so an event loop knows to call lcc_context_run_due().
 *
 * ## Faults
 * What each fault ends as (refused, reset before or after the backend
 * applied it, timeout, 429, 5xx, a truncated or malformed body; duplicate
 * and out-of-order notifications), the state of the object afterwards and
 * how to retry is the table "Failure behaviour" in README.md, checked by
 * tests/api/test-fault-matrix.c: no operation is lost (it succeeds or ends
 * in an explicit status that says how to go on) and none is applied twice
 * (a request that may have reached the backend is resent only when it is
 * idempotent; backend.h, "Retries").
 *
 * ## Threads
 * A context is used by one thread at a time.  lcc_request_complete(),
 * lcc_request_fail() and lcc_context_wakeup() are the only functions that
 * may be called from any thread at any time.  When completions come from
 * other threads, the allocator hook must be thread-safe too (they copy the
 * response with it).
 */
#ifndef LCC_TRANSPORT_H
#define LCC_TRANSPORT_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** Opaque request, owned by the library; valid from send() until the
 *  transport completes it (or, if it never does, until destroy() returns). */
typedef struct lcc_request lcc_request;

/**
 * A transport: the host's vtable (size-versioned; start from
 * LCC_TRANSPORT_INIT).  `send` is required, the others are optional.
 */
typedef struct lcc_transport {
    size_t size; /**< sizeof(lcc_transport) as compiled by the caller. */
    /** Accepts a request and returns at once (see the contract above).
     *  Called on the context's thread. */
    lcc_status (*send)(lcc_request *request, void *user_data);
    /** The library no longer wants this request's result; stop the work if
     *  you can, then complete it anyway.  Called on the context's thread. */
    void (*cancel)(lcc_request *request, void *user_data);
    /** Called once by lcc_context_free() (or when the transport is
     *  replaced) after every request in flight was cancelled. */
    void (*destroy)(void *user_data);
    void *user_data; /**< Passed to every hook. */
    /** Optional: block for up to timeout_ms (-1: no limit) waiting for I/O
     *  and progress the transport's requests, returning early when one
     *  completes or lcc_context_wakeup() is called.  lcc_context_wait()
     *  uses it; without it, lcc_context_wait() sleeps until a completion
     *  is queued. */
    void (*poll)(int timeout_ms, void *user_data);
    /** Optional, with poll: make a blocking poll return early.  Called from
     *  any thread, with the context's completion lock held (by
     *  lcc_context_wakeup() and after a completion is queued): be quick and
     *  do not call into the library. */
    void (*wake)(void *user_data);
} lcc_transport;

/** Initialiser for lcc_transport: no hooks. */
#define LCC_TRANSPORT_INIT { sizeof(lcc_transport), NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Installs the context's transport (the struct is copied).  NULL removes it.
 * A previous transport is destroyed.
 * @return LCC_OK; LCC_EMISUSE for a bad context, an unknown `size` or a NULL
 *         `send`; LCC_ESTATE while requests are in flight.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_transport(struct lcc_context *ctx,
                                             const lcc_transport *transport);

/** Wake-up hook: called (from any thread, with the context's completion
 *  lock held) after a completion is queued or lcc_context_wakeup() is
 *  called.  Must be quick and must not call into the library. */
typedef void (*lcc_wakeup_fn)(void *user_data);

/**
 * Sets the wake-up hook (NULL removes it).  Context thread only.
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_wakeup(struct lcc_context *ctx, lcc_wakeup_fn fn,
                                          void *user_data);

/**
 * Wakes the context's loop: calls the wake-up hook and ends a blocking
 * lcc_context_wait() early.  Safe from any thread.
 * @since 0.1.0
 */
LCC_API void lcc_context_wakeup(struct lcc_context *ctx);

/**
 * When lcc_context_run_due() next has work, in milliseconds on the context
 * clock: the earliest request deadline, retry or timer; the current time
 * when completions are already queued; -1 when nothing is scheduled.
 * Context thread only.
 * @since 0.1.0
 */
LCC_API int64_t lcc_context_next_deadline_ms(struct lcc_context *ctx);

/**
 * Applies queued completions and fires every timer that is due on the
 * context clock (request timeouts, retries).  Finished operations get their
 * result and an event.  Context thread only; cheap when nothing is due.
 * @return LCC_OK; LCC_EMISUSE for a bad context.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_run_due(struct lcc_context *ctx);

/** HTTP method of the request ("GET", "POST", "PATCH", ...). @since 0.1.0 */
LCC_API const char *lcc_request_method(const lcc_request *request);
/** Path with query, from the API root ("/api/v2/conversations/callbacks"). @since 0.1.0 */
LCC_API const char *lcc_request_path(const lcc_request *request);
/** Full URL: the configured base URL followed by the path. @since 0.1.0 */
LCC_API const char *lcc_request_url(const lcc_request *request);
/** Number of request headers. @since 0.1.0 */
LCC_API size_t lcc_request_header_count(const lcc_request *request);
/** Name of header i ("Authorization", "Content-Type", ...); NULL out of range. @since 0.1.0 */
LCC_API const char *lcc_request_header_name(const lcc_request *request, size_t i);
/** Value of header i; NULL out of range. @since 0.1.0 */
LCC_API const char *lcc_request_header_value(const lcc_request *request, size_t i);
/** Value of the header with this name (ASCII case-insensitive), or NULL. @since 0.1.0 */
LCC_API const char *lcc_request_header(const lcc_request *request, const char *name);
/**
 * Request body and its length (NULL and 0 when there is none).  The body is
 * NUL-terminated for convenience; `len` excludes the NUL.
 * @since 0.1.0
 */
LCC_API const char *lcc_request_body(const lcc_request *request, size_t *len);
/** Context-unique request id (1, 2, ...); 0 for an invalid request. @since 0.1.0 */
LCC_API uint64_t lcc_request_id(const lcc_request *request);
/** Deadline on the context clock (ms since the epoch); after it the library
 *  times the request out with LCC_ETIMEDOUT and cancels it. @since 0.1.0 */
LCC_API int64_t lcc_request_deadline_ms(const lcc_request *request);

/**
 * Completes a request with the backend's HTTP answer.  Safe from any
 * thread; the data is copied and applied later on the context's thread.
 *
 * @param http_status  the HTTP status code (100..599)
 * @param headers      the raw response header lines ("Name: value\r\n"...),
 *                     or NULL; used for Retry-After
 * @param body, len    the response body (need not be NUL-terminated)
 * @return LCC_OK; LCC_EMISUSE when the request is invalid or was already
 *         completed; LCC_ENOMEM when the copy failed (the request is then
 *         completed with LCC_ENOMEM instead; since the backend answered, it
 *         may have applied it, so a request that is not idempotent ends
 *         LCC_EUNKNOWN_OUTCOME).  Either way the transport must not touch
 *         the request again (and a send() that called it returns LCC_OK).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_request_complete(lcc_request *request, int http_status,
                                        const char *headers, const char *body, size_t len);

/**
 * Completes a request with a transport failure.  Safe from any thread.
 *
 * @param status  LCC_EIO when the request certainly did not reach the
 *                backend (connection refused, name resolution, TLS
 *                handshake): the library may retry it;
 *                LCC_EUNKNOWN_OUTCOME when it may have (reset or timeout
 *                after sending, truncated response): only idempotent
 *                requests are retried; LCC_ECANCELED after cancel();
 *                any other status ends the operation with it.
 * @param message a short reason for the log and errmsg (copied; may be NULL);
 *                must not contain secrets.
 * @return as lcc_request_complete().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_request_fail(lcc_request *request, lcc_status status,
                                    const char *message);

#ifdef __cplusplus
}
#endif
#endif /* LCC_TRANSPORT_H */
