/**
 * @file contactcore/curl.h
 * @brief The built-in HTTP transport, on libcurl's multi interface.
 *
 * Installed on a context with lcc_curl_transport_install(); it then serves
 * every request of that context: connections are reused, several requests
 * run at once, HTTP/2 is used when the server offers it over TLS, TLS peers
 * are always verified (system CA store unless `ca_file` is given), and
 * proxies come from the usual environment variables (http_proxy,
 * https_proxy, no_proxy).  Completions happen on the thread that drives the
 * transport, which is the context's thread.
 *
 * Two ways to drive it:
 * - simple hosts and tools call lcc_context_wait(), which blocks in the
 *   transport's poll;
 * - an event loop (epoll, libuv, a GUI loop) sets `socket_fn` and
 *   `timer_fn` (the shape of curl's CURLMOPT_SOCKETFUNCTION and
 *   CURLMOPT_TIMERFUNCTION), watches the sockets it is told about, and
 *   calls lcc_curl_transport_action() when one is ready or the timer
 *   expires, then lcc_context_run_due().  lcc_context_wait() still works
 *   with hooks set (it then polls the same sockets itself).
 *
 * The hooks are called on the context's thread, from inside
 * lcc_curl_transport_action(), lcc_context_wait(), the calls that send or
 * cancel requests, and lcc_context_free() (which still removes sockets);
 * `hook_user_data` must stay valid until the context is freed.  A hook must
 * not call back into the library: it records what to do for the loop.
 *
 * libcurl is initialised once per process (curl_global_init(), guarded by
 * pthread_once) and never cleaned up; it allocates its own memory with the
 * process allocator, not the context's.
 *
 * When the library was built without libcurl (Meson option `curl`
 * disabled) these functions exist and return LCC_ENOTSUP.
 */
#ifndef LCC_CURL_H
#define LCC_CURL_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** Opaque libcurl transport, owned by the context it is installed on. */
typedef struct lcc_curl_transport lcc_curl_transport;

/** Socket interest flags of lcc_curl_socket_fn and lcc_curl_transport_action(). */
#define LCC_POLL_IN 1
#define LCC_POLL_OUT 2
#define LCC_POLL_REMOVE 4 /**< stop watching this socket */
/** lcc_curl_transport_action() fd value meaning "the timer expired". */
#define LCC_CURL_TIMEOUT (-1)

/** Watch `fd` for `what` (LCC_POLL_IN|LCC_POLL_OUT, or LCC_POLL_REMOVE).
 *  Return 0. */
typedef int (*lcc_curl_socket_fn)(int fd, int what, void *user_data);
/** Call lcc_curl_transport_action(t, LCC_CURL_TIMEOUT, 0) in timeout_ms
 *  (0: as soon as possible, from the loop; -1: delete the timer).  A new
 *  value replaces the previous timer.  Return 0. */
typedef int (*lcc_curl_timer_fn)(long timeout_ms, void *user_data);

/** Parameters of lcc_curl_transport_install() (size-versioned; start from
 *  LCC_CURL_PARAMS_INIT). */
typedef struct lcc_curl_params {
    size_t size;            /**< sizeof(lcc_curl_params) as compiled by the caller. */
    const char *ca_file;    /**< PEM bundle to trust instead of the system store; NULL: system. */
    const char *user_agent; /**< NULL: "libcontactcore/<version>". */
    int max_connections;    /**< Per host, 1 .. 64; 0: 8. */
    lcc_curl_socket_fn socket_fn; /**< NULL with timer_fn NULL: driven by lcc_context_wait(). */
    lcc_curl_timer_fn timer_fn;
    void *hook_user_data;   /**< Passed to socket_fn and timer_fn. */
} lcc_curl_params;

/** Initialiser for lcc_curl_params: every default. */
#define LCC_CURL_PARAMS_INIT { sizeof(lcc_curl_params), NULL, NULL, 0, NULL, NULL, NULL }

/**
 * Creates a libcurl transport and installs it as the context's transport
 * (replacing and destroying the previous one).  The context owns it: it is
 * freed with the context or when another transport is installed.
 * @param[out] out  the transport (borrowed), may be NULL
 * @param params    NULL for the defaults
 * @return LCC_OK; LCC_EMISUSE (bad context or params size, only one of the
 *         two hooks); LCC_ERANGE (max_connections); LCC_ESTATE (requests in
 *         flight); LCC_ENOMEM; LCC_EIO (libcurl failed to initialise);
 *         LCC_ENOTSUP when built without libcurl.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_curl_transport_install(lcc_curl_transport **out, struct lcc_context *ctx,
                                              const lcc_curl_params *params);

/**
 * Tells the transport that `fd` is ready for `events` (LCC_POLL_IN|OUT; 0
 * when the loop only saw an error or a hang-up: libcurl then checks the
 * socket itself), or that the timer expired (fd LCC_CURL_TIMEOUT, events
 * 0).  Completes the requests that finished (apply them with
 * lcc_context_run_due()).  Context thread only.
 * @return LCC_OK; LCC_EMISUSE (bad handle or arguments, a transport
 *         installed without hooks, or a call from inside a hook); LCC_EIO
 *         when libcurl reports a multi error; LCC_ENOTSUP when built
 *         without libcurl.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_curl_transport_action(lcc_curl_transport *transport, int fd, int events);

/** Number of requests the transport has in flight. @since 0.1.0 */
LCC_API size_t lcc_curl_transport_in_flight(const lcc_curl_transport *transport);

#ifdef __cplusplus
}
#endif
#endif /* LCC_CURL_H */
