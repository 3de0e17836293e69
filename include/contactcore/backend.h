/**
 * @file contactcore/backend.h
 * @brief Where the backend is, how to authenticate, how hard to retry, and
 *        server notifications.
 *
 * The library speaks the Genesys Cloud Platform API v2 shapes.  Requests go
 * to `api_url` + path through the context's transport (transport.h).
 *
 * ## Authentication
 * Either OAuth 2 client credentials (lcc_context_set_client_credentials():
 * the library posts to `login_url` + "/oauth/token" with HTTP Basic
 * authentication, caches the token and renews it a minute before it expires
 * or after a 401), or a token the host supplies
 * (lcc_context_set_access_token()) with a hook the library calls after a
 * 401 to ask for a new one.  Operations wait for a token up to their
 * deadline.  Secrets and tokens are never written to the log.  A backend's
 * error body that echoes a credential the context holds (the client
 * secret, the base64 "id:secret" of HTTP Basic, the access token) has
 * "[redacted]" in its place in reports, operation messages,
 * lcc_context_errmsg() and the log.
 *
 * ## Retries
 * 429 is retried after its Retry-After; 503 and failures before the
 * request was sent (LCC_EIO) with jittered exponential backoff; all bounded
 * by the attempt count and the operation's time budget.  A request that may
 * have reached the server (LCC_EUNKNOWN_OUTCOME from the transport, a
 * timeout after sending, a 502 or 504 from a gateway) is retried only when
 * it is idempotent (GET, and PATCH with absolute values); a POST ends with
 * LCC_EUNKNOWN_OUTCOME so that nothing is created twice.  A callback
 * cancel resent that way and answered 409
 * callback.error.cancel.not.scheduled succeeds: the first attempt did it.
 * README.md "Failure behaviour" lists every fault, what it ends as and how
 * to retry.
 *
 * ## JSON from the server
 * Responses, error bodies, token responses and notifications
 * (lcc_context_ingest_notification()) are read only when they are strict
 * RFC 8259 JSON: one value in well-formed UTF-8, no NUL byte, no raw control
 * character in a string, \u escapes with whole surrogate pairs, numbers as
 * the grammar writes them (no leading zero, "1.", "+1", NaN), no trailing
 * comma, only space, tab, CR and LF between tokens, no byte order mark;
 * nested at most 64 arrays and objects deep, numbers at most 63
 * characters, and at most 64 MiB (the HTTP transport's cap on a response
 * body).  Anything else is handled exactly as a body that is not JSON at
 * all: a POST's success body ends with LCC_EUNKNOWN_OUTCOME, an error body
 * gives the status of its HTTP code with one "API" entry "HTTP <code>", a
 * token response and a notification fail with LCC_EFORMAT.
 *
 * All functions are for the context's thread.
 */
#ifndef LCC_BACKEND_H
#define LCC_BACKEND_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/**
 * Sets the backend's base URLs: the API root ("https://api.example.com" or
 * "http://127.0.0.1:8080") and the login service root, used for
 * /oauth/token (NULL: the API root).  Both copied; no trailing slash
 * needed.  Only http and https URLs are accepted.
 * @return LCC_OK; LCC_EINVAL for a malformed URL; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_backend(struct lcc_context *ctx, const char *api_url,
                                           const char *login_url);

/**
 * Uses OAuth 2 client credentials.  Both strings are copied and wiped from
 * memory when replaced or when the context is freed.  NULL, NULL turns
 * client credentials off.  Drops a cached token.
 * @return LCC_OK; LCC_EINVAL (empty, or a ':' in the id); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_client_credentials(struct lcc_context *ctx,
                                                      const char *client_id,
                                                      const char *client_secret);

/**
 * Uses a bearer token the host obtained (copied; NULL forgets it).
 * Operations waiting for a token resume.
 * @param expires_at_ms  when it expires on the context clock, or 0 if unknown
 * @return LCC_OK; LCC_EINVAL for an empty token or one with control
 *         characters; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_access_token(struct lcc_context *ctx, const char *token,
                                                int64_t expires_at_ms);

/** Hook asking the host for a new token (after a 401, or when it expired);
 *  the host answers, now or later, with lcc_context_set_access_token(). */
typedef void (*lcc_token_fn)(struct lcc_context *ctx, void *user_data);

/**
 * Sets the token hook used with host-supplied tokens (NULL removes it).
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_token_hook(struct lcc_context *ctx, lcc_token_fn fn,
                                              void *user_data);

/** Defaults of lcc_context_set_request_policy(). */
#define LCC_DEFAULT_REQUEST_TIMEOUT_MS 30000
#define LCC_DEFAULT_MAX_ATTEMPTS 4
#define LCC_DEFAULT_RETRY_BUDGET_MS 60000

/**
 * Sets how long one request may take (1 ms .. 10 min), how many requests
 * one operation may send (1 .. 20) and how long an operation may take in
 * all, retries and waits included (1 ms .. 1 h).  0 selects the default.
 * Applies to operations started afterwards.
 * @return LCC_OK; LCC_ERANGE naming the range; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_set_request_policy(struct lcc_context *ctx, int timeout_ms,
                                                  int max_attempts, int retry_budget_ms);

/**
 * Feeds one server notification (a Genesys notification-channel message:
 * `{"topicName": ..., "eventBody": {...}}`) to the context.  Callback
 * conversation topics update the matching callback handles and queue
 * LCC_EVENT_CALLBACK_* events; heartbeats and topics the library does not
 * follow are accepted and ignored.  Unknown fields and enum values are
 * tolerated.  The host owns the websocket; this function does no I/O.
 * @return LCC_OK; LCC_EFORMAT for a message that is not a JSON object with
 *         a topicName; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_ingest_notification(struct lcc_context *ctx, const char *json,
                                                   size_t len);

#ifdef __cplusplus
}
#endif
#endif /* LCC_BACKEND_H */
