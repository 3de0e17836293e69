/* Internal side of the transport contract: requests, operations, the
 * completion inbox, timers and events.
 *
 * Ownership: an operation (lcc_op) sends one request at a time.  A request
 * lives from its send() until the transport completes it; when the library
 * gives up on it first (timeout, cancel) it is "abandoned": unlinked from
 * its op and freed when its completion arrives or at teardown. */
#ifndef LCC_TRANSPORT_IO_H
#define LCC_TRANSPORT_IO_H

#include <pthread.h>

#include "contactcore/backend.h"
#include "contactcore/operation.h"
#include "contactcore/transport.h"
#include "core/context.h"
#include "core/timers.h"

#define LCC__MAGIC_REQUEST 0x4c434351u /* "LCCQ" */
#define LCC__MAGIC_OP 0x4c43436fu      /* "LCCo" */
#define LCC__REQUEST_MAX_HEADERS 4

typedef struct lcc__io lcc__io;

struct lcc_request {
    uint32_t magic;
    lcc_context *ctx;
    uint64_t id;
    const char *method; /* static */
    char *path, *url;
    const char *header_name[LCC__REQUEST_MAX_HEADERS]; /* static */
    char *header_value[LCC__REQUEST_MAX_HEADERS];
    size_t n_headers;
    char *body;
    size_t body_len;
    int64_t deadline_ms;
    int secret; /* its answer holds a token: wiped when freed */
    lcc__timer deadline;
    struct lcc_op *op; /* NULL once abandoned */
    struct lcc_request *prev, *next; /* the io's list of requests held by the transport */

    /* Written once by lcc_request_complete/fail under io->lock. */
    int completed;
    lcc_status fail_status; /* LCC_OK for an HTTP answer */
    int answer_lost;        /* answered, but the copy of the answer failed (ENOMEM) */
    int http_status;
    char *resp_headers, *resp_body, *fail_message;
    size_t resp_len;
    struct lcc_request *inbox_next;
};

/* What an operation does with its answers. */
typedef struct lcc__op_class {
    lcc_op_kind kind;
    /* 2xx answer: update the model; returns the op's final status, or
     * LCC_EPENDING after lcc__op_next() sent the op's next request. */
    lcc_status (*success)(struct lcc_op *op, int http_status, const char *body, size_t len);
    /* Called once when the op finishes, whatever the status (may be NULL). */
    void (*finished)(struct lcc_op *op, lcc_status status);
    /* NULL, or the backend's error code of a 409 that means "already done":
     * answering a resend after an unknown outcome, it says the first
     * attempt did it, and the op succeeds (success() with that answer).
     * Cancelling a callback: "callback.error.cancel.not.scheduled". */
    const char *done_code;
} lcc__op_class;

struct lcc_op {
    lcc__handle h;
    const lcc__op_class *cls;
    lcc_status status; /* LCC_EPENDING while running */
    int http_status;
    unsigned attempts;
    int internal;    /* the token fetch: not the host's, freed when it finishes */
    int auth;        /* send with the bearer token */
    int idempotent;  /* may be resent after an unknown outcome */
    int resent_unknown; /* the request was resent after an unknown outcome */
    int retried_401;
    int freeing;     /* op_destroy is running */
    int sent_unanswered; /* it finished while a request was out */
    lcc_report *report;
    char *message;
    lcc_op_done_fn done;
    void *done_ud;

    const char *method;
    char *path, *body;
    size_t body_len;
    int64_t budget_end_ms;
    int timeout_ms, max_attempts;
    lcc_request *req;    /* the attempt in flight */
    lcc__timer retry;    /* backoff, Retry-After, or the wait for a token */

    struct lcc_callback *callback;
    struct lcc_event *event; /* its OPERATION_DONE event while both live */
    void *data; /* class-specific, freed with the op */
    struct lcc_op *prev, *next;   /* the io's list of pending ops */
    struct lcc_op *wprev, *wnext; /* the io's list of ops waiting for a token */
};

struct lcc_event {
    lcc_allocator alloc; /* events may be freed after their context */
    lcc_event_type type;
    lcc_status status;
    struct lcc_op *op;
    struct lcc_callback *callback;
    /* Engine events: ids copied into the same block, after the struct. */
    const char *conversation_id, *agent_id, *queue_id;
    int64_t time_ms, scheduled_ms;
    int presence, routing;
    /* Message events: the message and its delivery state (else NULL, UNKNOWN). */
    const char *message_id;
    lcc_delivery_state delivery;
    /* IVR_ACTION: the lcc_ivr_action and its text (else 0, NULL); IVR_ACTION
     * and ENGINE_DIALING: the number (else NULL).  In the same block. */
    int ivr_action;
    const char *ivr_text, *number;
    struct lcc_event *next;
};

struct lcc__io {
    /* Shared with other threads: guarded by lock. */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    lcc_request *inbox_head, *inbox_tail;
    int woken;
    lcc_wakeup_fn wake;
    void *wake_ud;
    lcc_transport transport; /* hooks read by lcc_context_wakeup */
    int has_transport;

    /* Context thread only. */
    lcc_request held;  /* sentinel: requests the transport holds */
    uint64_t next_request_id;
    lcc__timers timers;
    struct lcc_op pending; /* sentinel of pending ops (only prev/next used) */
    size_t n_pending;
    lcc_event *ev_head, *ev_tail;

    char *api_url, *login_url;
    char *client_id, *client_secret;
    char *token; /* "Bearer ..." */
    int64_t token_expires_ms;
    struct lcc_op waiters; /* sentinel (wprev/wnext) of ops waiting for a token */
    lcc_token_fn token_hook;
    void *token_ud;
    int token_asked;         /* the host hook was called and has not answered */
    struct lcc_op *token_op; /* the client-credentials fetch in flight */

    int timeout_ms, max_attempts, budget_ms;
    uint64_t rng;
};

/* Signals lcc_context_wait and calls the transport's and the host's wake
 * hooks; io->lock must be held. */
void lcc__io_wake_locked(lcc__io *io);

/* Context life cycle. */
lcc_status lcc__io_new(lcc_context *ctx);
/* Cancels everything (ops finish with LCC_ECANCELED), destroys the transport. */
void lcc__io_teardown(lcc_context *ctx);
void lcc__io_free(lcc_context *ctx);

/* Starts an operation built by the caller (class, method, path, body set).
 * On failure the op is freed, nothing was sent and the status is returned. */
lcc_status lcc__op_new(struct lcc_op **out, lcc_context *ctx, const lcc__op_class *cls,
                       const char *method, int idempotent);
/* Takes ownership of path and body (allocated with the context allocator). */
void lcc__op_set_request(struct lcc_op *op, char *path, char *body, size_t body_len);
lcc_status lcc__op_start(struct lcc_op *op);
/* Finishes op with status; message is printf-style (may be NULL). */
void lcc__op_finish(struct lcc_op *op, lcc_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sends the next attempt (after a token arrived or a backoff). */
void lcc__op_attempt(struct lcc_op *op);
/* The next request of an op of several steps, sent from its class's
 * success(): takes path and body (freed on failure, or with the op), a new
 * retry budget and attempt count.  LCC_OK (sent, or parked for a token) or
 * why it could not be sent. */
lcc_status lcc__op_next(struct lcc_op *op, const char *method, int idempotent, char *path,
                        char *body, size_t body_len);
/* An op's report, created on first use (NULL when out of memory). */
lcc_report *lcc__op_report(struct lcc_op *op);

/* Queues an event (dropped, with a log line, when out of memory). */
void lcc__event_push(lcc_context *ctx, lcc_event_type type, lcc_status status,
                     struct lcc_op *op, struct lcc_callback *cb);
/* Queues an engine event; the strings (each may be NULL) are copied.
 * Dropped, with a log line, when out of memory. */
void lcc__event_push_engine(lcc_context *ctx, lcc_event_type type, lcc_status status,
                            const char *conversation_id, const char *agent_id,
                            const char *queue_id, int64_t scheduled_ms, int presence,
                            int routing);
/* Queues a message event (a message's delivery state changed): the ids
 * (each may be NULL) are copied, time_ms is now.  Dropped, with a log
 * line, when out of memory. */
void lcc__event_push_message(lcc_context *ctx, lcc_event_type type, lcc_status status,
                             const char *conversation_id, const char *agent_id,
                             const char *queue_id, const char *message_id,
                             lcc_delivery_state delivery);
/* Queues an ENGINE_DIALING event: an agent accepted a callback and the
 * customer's `number` is dialled now (the strings, each may be NULL, are
 * copied; time_ms is now).  Dropped, with a log line, when out of memory. */
void lcc__event_push_dialing(lcc_context *ctx, const char *conversation_id, const char *agent_id,
                             const char *queue_id, int64_t scheduled_ms, const char *number);
/* An IVR_ACTION event (contactcore/ivr.h), not queued yet: `action` an
 * lcc_ivr_action, its text, the caller's number, the call id, the queue
 * (each string may be NULL, all copied), time_ms now.  NULL when out of
 * memory (nothing logged: the caller fails).  Queue it with
 * lcc__event_queue_after() or free it with lcc_event_free(). */
lcc_event *lcc__event_ivr_new(lcc_context *ctx, int action, const char *text, const char *number,
                              const char *call_id, const char *queue_id);
/* Queues an event made aside right after `after` (an event still in the
 * context's queue), or first when after is NULL. */
void lcc__event_queue_after(lcc_context *ctx, lcc_event *after, lcc_event *ev);
/* Detaches op from its event (op is being freed). */
void lcc__events_forget_op(struct lcc_op *op);
void lcc__events_free(lcc_context *ctx);

/* Requests. */
lcc_request *lcc__request_new(lcc_context *ctx, struct lcc_op *op, const char *url_base);
void lcc__request_free(lcc_context *ctx, lcc_request *req);
/* Links req into the io's list of requests the transport holds / unlinks it. */
void lcc__request_hold(lcc__io *io, lcc_request *req);
void lcc__request_unhold(lcc_request *req);
/* The library gives up on req: unlink from its op, tell the transport. */
void lcc__request_abandon(lcc_context *ctx, lcc_request *req);
/* Deadline timer of a request. */
void lcc__request_timeout(lcc__timer *t, lcc_context *ctx);
/* Applies completions and due timers (lcc_context_run_due). */
void lcc__io_run(lcc_context *ctx);

/* Authentication: 1 when op can be sent now (headers are added by
 * lcc__auth_header); 0 when it was parked waiting for a token; a status
 * when it must fail. */
int lcc__auth_ready(struct lcc_op *op, lcc_status *fail);
/* "Bearer <token>" for API requests, or NULL for none (not owned). */
const char *lcc__auth_bearer(lcc_context *ctx);
/* "Basic <base64(id:secret)>" for the token request (caller wipes and frees). */
char *lcc__auth_basic(lcc_context *ctx);
/* Completes req with LCC_ENOMEM as answered but lost: the backend (or the
 * engine) may have applied it, but its answer could not be kept; a request
 * that is not idempotent then ends LCC_EUNKNOWN_OUTCOME (op.c).  Allocates
 * nothing.  As lcc_request_complete(). */
lcc_status lcc__request_answer_lost(lcc_request *req);
/* The credentials a context holds, as a backend may echo them in its error
 * bodies: the client secret, the base64 of "id:secret" that HTTP Basic
 * sends, the access token.  Their text reaches reports, operation messages
 * and the log only through lcc__redact() (lcc__gc_parse_error). */
typedef struct lcc__credentials {
    const char *text[3]; /* NULL when not held */
    size_t len[3];
    char *basic;         /* "Basic <base64>", owned (wiped when cleared) */
} lcc__credentials;
/* Fills c with ctx's credentials; LCC_OK or LCC_ENOMEM (c then empty). */
lcc_status lcc__credentials_get(lcc__credentials *c, lcc_context *ctx);
void lcc__credentials_clear(lcc__credentials *c, lcc_context *ctx);
/* Copies text (NULL: "") into buf (size > 0), cut to size - 1 bytes, with
 * every occurrence of a credential of c replaced by "[redacted]".
 * Returns buf. */
const char *lcc__redact(const lcc__credentials *c, const char *text, char *buf, size_t size);
/* A 401 arrived for op: drop the token; returns 1 when op was parked for a
 * new one (retry), 0 when it should fail with LCC_EAUTH. */
int lcc__auth_rejected(struct lcc_op *op);
/* Ops waiting for a token: resume (fail == LCC_OK) or fail them. */
void lcc__auth_resume(lcc_context *ctx, lcc_status fail, const char *why);
/* Takes op off the token waiters (no-op when it is not waiting). */
void lcc__auth_unpark(struct lcc_op *op);
static inline int lcc__op_waiting(const struct lcc_op *op)
{
    return op->wnext != NULL;
}

/* Milliseconds on the context clock. */
static inline int64_t lcc__now(lcc_context *ctx)
{
    return ctx->now_ms(ctx->clock_ud);
}

#endif
