/* Operations: attempts, answers, retries, timeouts, finishing exactly once. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/genesys.h"
#include "core/alloc.h"
#include "core/report.h"
#include "transport/io.h"

#define BACKOFF_BASE_MS 200
#define BACKOFF_CAP_MS 10000

static void op_destroy(lcc__handle *h);
static void op_retry_fire(lcc__timer *t, lcc_context *ctx);

static void pending_unlink(lcc__io *io, struct lcc_op *op)
{
    if (!op->next)
        return;
    op->prev->next = op->next;
    op->next->prev = op->prev;
    op->prev = op->next = NULL;
    io->n_pending--;
}

lcc_status lcc__op_new(struct lcc_op **out, lcc_context *ctx, const lcc__op_class *cls,
                       const char *method, int idempotent)
{
    *out = NULL;
    lcc__io *io = ctx->io;
    if (!io->has_transport)
        return lcc__error(ctx, LCC_ESTATE, "no transport: install one with "
                                            "lcc_context_set_transport or lcc_curl_transport_install");
    if (!io->api_url)
        return lcc__error(ctx, LCC_ESTATE, "no backend: call lcc_context_set_backend first");
    struct lcc_op *op = lcc__handle_new(ctx, sizeof *op, LCC__MAGIC_OP, op_destroy);
    if (!op)
        return LCC_ENOMEM;
    op->cls = cls;
    op->status = LCC_EPENDING;
    op->method = method;
    op->idempotent = idempotent;
    op->auth = 1;
    op->timeout_ms = io->timeout_ms;
    op->max_attempts = io->max_attempts;
    lcc__timer_init(&op->retry, op_retry_fire);
    *out = op;
    return LCC_OK;
}

void lcc__op_set_request(struct lcc_op *op, char *path, char *body, size_t body_len)
{
    op->path = path;
    op->body = body;
    op->body_len = body_len;
}

static void op_free_now(struct lcc_op *op)
{
    lcc__handle_free(&op->h);
}

/* Sends one attempt.  Returns LCC_OK when the request is with the
 * transport (or the op is parked for a token), else the status it failed
 * with; the op is then untouched apart from attempts. */
static lcc_status send_attempt(struct lcc_op *op)
{
    lcc_context *ctx = op->h.ctx;
    lcc__io *io = ctx->io;
    lcc_status fail = LCC_OK;
    int ready = op->auth ? lcc__auth_ready(op, &fail) : 1;
    if (fail)
        return fail;
    if (!ready)
        return LCC_OK; /* parked: lcc__auth_resume sends it */
    if (lcc__timers_reserve(&io->timers, &ctx->alloc, 2))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    const char *base = op->internal && io->login_url ? io->login_url : io->api_url;
    lcc_request *req = lcc__request_new(ctx, op, base);
    if (!req)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    int ok = 1;
#define HDR(name, value)                                                                  \
    do {                                                                                  \
        req->header_name[req->n_headers] = (name);                                        \
        req->header_value[req->n_headers] = lcc__strdup(&ctx->alloc, (value));             \
        ok &= req->header_value[req->n_headers++] != NULL;                                \
    } while (0)
    if (op->internal) {
        /* the token fetch: Basic client credentials, form body */
        char *basic = lcc__auth_basic(ctx);
        ok &= basic != NULL;
        if (basic) {
            HDR("Authorization", basic);
            lcc__free_secret(&ctx->alloc, basic);
        }
        HDR("Content-Type", "application/x-www-form-urlencoded");
    } else {
        const char *bearer = op->auth ? lcc__auth_bearer(ctx) : NULL;
        if (bearer)
            HDR("Authorization", bearer);
        if (op->body)
            HDR("Content-Type", "application/json");
    }
    HDR("Accept", "application/json");
#undef HDR
    if (!ok) {
        lcc__request_free(ctx, req);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    int64_t now = lcc__now(ctx);
    req->id = ++io->next_request_id;
    req->deadline_ms = now + op->timeout_ms;
    if (req->deadline_ms > op->budget_end_ms)
        req->deadline_ms = op->budget_end_ms;
    /* held before send(): the transport may complete it from inside send() */
    lcc__request_hold(io, req);
    op->req = req;
    op->attempts++;
    lcc__log(ctx, LCC_LOG_DEBUG, "request %llu: %s %s (attempt %u)", (unsigned long long)req->id,
             req->method, req->path, op->attempts);
    lcc_status st = io->transport.send(req, io->transport.user_data);
    if (st != LCC_OK) {
        /* not accepted: no completion will come */
        int completed;
        pthread_mutex_lock(&io->lock);
        completed = req->completed;
        pthread_mutex_unlock(&io->lock);
        if (completed) {
            /* a transport that completed and then refused broke the
             * contract; the completion wins and is applied later */
            lcc__log(ctx, LCC_LOG_WARNING, "request %llu: send() refused after completing it",
                     (unsigned long long)req->id);
            return LCC_OK;
        }
        lcc__request_unhold(req);
        op->req = NULL;
        lcc__request_free(ctx, req);
        if (st == LCC_EPENDING || (unsigned)st > LCC_ENOTSUP)
            st = LCC_EIO;
        return lcc__error(ctx, st, "the transport refused the request (%s)", lcc_status_str(st));
    }
    lcc__timers_arm(&io->timers, &req->deadline, req->deadline_ms);
    return LCC_OK;
}

lcc_status lcc__op_start(struct lcc_op *op)
{
    lcc_context *ctx = op->h.ctx;
    lcc__io *io = ctx->io;
    op->budget_end_ms = lcc__now(ctx) + io->budget_ms;
    op->prev = io->pending.prev;
    op->next = &io->pending;
    io->pending.prev->next = op;
    io->pending.prev = op;
    io->n_pending++;
    lcc_status st = send_attempt(op);
    if (st != LCC_OK) {
        /* nothing was sent: no completion, no event */
        op->done = NULL;
        pending_unlink(io, op);
        lcc__timers_disarm(&io->timers, &op->retry);
        lcc__auth_unpark(op);
        op->status = st;
        op_free_now(op);
    }
    return st;
}

lcc_status lcc__op_next(struct lcc_op *op, const char *method, int idempotent, char *path,
                        char *body, size_t body_len)
{
    lcc_context *ctx = op->h.ctx;
    lcc__free(&ctx->alloc, op->path);
    lcc__free(&ctx->alloc, op->body);
    lcc__op_set_request(op, path, body, body_len);
    if (!path || (body_len && !body))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    op->method = method;
    op->idempotent = idempotent;
    op->attempts = 0;
    op->retried_401 = 0;
    op->resent_unknown = 0;
    op->budget_end_ms = lcc__now(ctx) + ctx->io->budget_ms;
    return send_attempt(op);
}

void lcc__op_attempt(struct lcc_op *op)
{
    lcc_status st = send_attempt(op);
    if (st != LCC_OK)
        lcc__op_finish(op, st, "could not send: %s", lcc_context_errmsg(op->h.ctx));
}

lcc_report *lcc__op_report(struct lcc_op *op)
{
    if (!op->report)
        op->report = lcc__report_new(&op->h.ctx->alloc);
    return op->report;
}

void lcc__op_finish(struct lcc_op *op, lcc_status status, const char *fmt, ...)
{
    lcc_context *ctx = op->h.ctx;
    lcc__io *io = ctx->io;
    if (op->status != LCC_EPENDING)
        return;
    op->status = status;
    if (fmt && status != LCC_OK) {
        char buf[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        op->message = lcc__strdup(&ctx->alloc, buf);
        lcc__log(ctx, LCC_LOG_INFO, "operation %s %s: %s: %s", op->method, op->path,
                 lcc_status_str(status), buf);
    }
    pending_unlink(io, op);
    lcc__timers_disarm(&io->timers, &op->retry);
    lcc__auth_unpark(op);
    op->sent_unanswered = op->req != NULL;
    if (op->req)
        lcc__request_abandon(ctx, op->req);
    if (op->cls->finished)
        op->cls->finished(op, status);
    if (op->freeing) /* op_destroy finishes it; no hook, no event */
        return;
    if (op->internal) {
        op_free_now(op);
        return;
    }
    if (op->done)
        op->done(op, status, op->done_ud); /* the hook may free op */
    else
        lcc__event_push(ctx, LCC_EVENT_OPERATION_DONE, status, op, NULL);
}

/* --- answers ------------------------------------------------------------ */

static uint64_t next_random(lcc__io *io)
{
    /* xorshift64*: jitter only, no security use */
    uint64_t x = io->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    io->rng = x;
    return x * 2685821657736338717ull;
}

/* Arms a retry in delay_ms (or a jittered backoff when delay_ms < 0).
 * Returns 0, or -1 when the attempts or the time budget are spent. */
static int schedule_retry(struct lcc_op *op, int64_t delay_ms)
{
    lcc_context *ctx = op->h.ctx;
    lcc__io *io = ctx->io;
    if (op->attempts >= (unsigned)op->max_attempts)
        return -1;
    if (delay_ms < 0) {
        int64_t d = BACKOFF_BASE_MS << (op->attempts > 6 ? 6 : op->attempts - 1);
        if (d > BACKOFF_CAP_MS)
            d = BACKOFF_CAP_MS;
        delay_ms = d / 2 + (int64_t)(next_random(io) % (uint64_t)(d / 2 + 1));
    }
    int64_t when = lcc__now(ctx) + delay_ms;
    if (when >= op->budget_end_ms)
        return -1;
    if (lcc__timers_reserve(&io->timers, &ctx->alloc, 1))
        return -1;
    lcc__timers_arm(&io->timers, &op->retry, when);
    lcc__log(ctx, LCC_LOG_DEBUG, "operation %s %s: retry in %lld ms", op->method, op->path,
             (long long)delay_ms);
    return 0;
}

/* Retry-After as delta-seconds; -1 when absent or not a number we use. */
static int64_t retry_after_ms(const char *headers)
{
    for (const char *p = headers; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        if (n > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
            const char *v = p + 12;
            while (*v == ' ' || *v == '\t')
                v++;
            char *end;
            long s = strtol(v, &end, 10);
            if (end != v && s >= 0 && s <= 3600)
                return (int64_t)s * 1000;
            return -1;
        }
        p = eol ? eol + 1 : p + n;
    }
    return -1;
}

static void on_failure(struct lcc_op *op, lcc_status st, const char *why)
{
    const char *what = why ? why : lcc_status_str(st);
    switch (st) {
    case LCC_EIO: /* never reached the backend: always safe to resend */
        if (schedule_retry(op, -1) == 0)
            return;
        lcc__op_finish(op, LCC_EIO, "%s (after %u attempts)", what, op->attempts);
        return;
    case LCC_EUNKNOWN_OUTCOME:
    case LCC_ETIMEDOUT:
        if (op->idempotent && schedule_retry(op, -1) == 0) {
            op->resent_unknown = 1;
            return;
        }
        if (!op->idempotent) {
            lcc__op_finish(op, LCC_EUNKNOWN_OUTCOME,
                           "%s; the request may have reached the backend, so it was not resent",
                           what);
            return;
        }
        lcc__op_finish(op, st, "%s (after %u attempts)", what, op->attempts);
        return;
    default:
        lcc__op_finish(op, st, "%s", what);
    }
}

/* 1 when the error body carries op's class's "already done" code. */
static int already_done(struct lcc_op *op, const char *body, size_t len)
{
    lcc_context *ctx = op->h.ctx;
    lcc_report *r = lcc__report_new(&ctx->alloc);
    int done = 0;
    if (r && lcc__gc_parse_error(r, ctx, 409, body, len) != LCC_ENOMEM)
        for (size_t i = 0; !done && i < lcc_report_count(r); i++) {
            const char *code = lcc_report_server_code(r, i);
            done = code && strcmp(code, op->cls->done_code) == 0;
        }
    lcc_report_free(r);
    return done;
}

static void on_answer(struct lcc_op *op, lcc_request *req)
{
    lcc_context *ctx = op->h.ctx;
    int http = req->http_status;
    op->http_status = http;
    if (http >= 200 && http < 300) {
        lcc_status st = op->cls->success(op, http, req->resp_body, req->resp_len);
        if (st != LCC_EPENDING) /* else its next request is on its way */
            lcc__op_finish(op, st, "%s", lcc_context_errmsg(ctx));
        return;
    }
    if (http == 401 && op->auth && !op->retried_401) {
        op->retried_401 = 1;
        if (lcc__auth_rejected(op))
            return;
    }
    if ((http == 502 || http == 504) && !op->idempotent) {
        /* from a gateway: the backend behind it may have applied the request */
        lcc__op_finish(op, LCC_EUNKNOWN_OUTCOME,
                       "HTTP %d from %s %s: the request may have reached the backend, so it was "
                       "not resent", http, op->method, op->path);
        return;
    }
    if (http == 429 || http == 502 || http == 503 || http == 504) {
        int64_t delay = http == 429 ? retry_after_ms(req->resp_headers) : -1;
        if (schedule_retry(op, delay) == 0) {
            op->resent_unknown |= http == 502 || http == 504;
            return;
        }
    }
    if (http == 409 && op->resent_unknown && op->cls->done_code &&
        already_done(op, req->resp_body, req->resp_len)) {
        lcc__log(ctx, LCC_LOG_INFO,
                 "HTTP 409 %s from %s %s, resent after an unknown outcome: the first attempt "
                 "did it", op->cls->done_code, op->method, op->path);
        lcc_status st = op->cls->success(op, http, req->resp_body, req->resp_len);
        if (st != LCC_EPENDING)
            lcc__op_finish(op, st, "%s", lcc_context_errmsg(ctx));
        return;
    }
    lcc_report *r = lcc__op_report(op);
    lcc_status st = r ? lcc__gc_parse_error(r, ctx, http, req->resp_body, req->resp_len)
                      : LCC_ENOMEM;
    const char *first = r && lcc_report_count(r) ? lcc_report_message(r, 0) : "";
    lcc__op_finish(op, st, "HTTP %d from %s %s: %s (%u attempt%s)", http, op->method, op->path,
                   first, op->attempts, op->attempts == 1 ? "" : "s");
}

/* Applies one completion taken off the inbox. */
static void apply_completion(lcc_context *ctx, lcc_request *req)
{
    lcc__io *io = ctx->io;
    lcc__request_unhold(req);
    lcc__timers_disarm(&io->timers, &req->deadline);
    struct lcc_op *op = req->op;
    if (op) {
        op->req = NULL;
        lcc__log(ctx, LCC_LOG_DEBUG, "request %llu: %s", (unsigned long long)req->id,
                 req->fail_status ? lcc_status_str(req->fail_status) : "answered");
        if (req->answer_lost && !op->idempotent)
            /* answered, so maybe applied: never resent (not even by the host
             * as if nothing had happened) */
            lcc__op_finish(op, LCC_EUNKNOWN_OUTCOME,
                           "out of memory: the answer to %s %s could not be kept, and the backend "
                           "may have applied it", op->method, op->path);
        else if (req->fail_status)
            on_failure(op, req->fail_status, req->fail_message);
        else
            on_answer(op, req);
    }
    lcc__request_free(ctx, req);
}

/* --- timers ------------------------------------------------------------ */

/* A request's deadline passed: give up on it. */
void lcc__request_timeout(lcc__timer *t, lcc_context *ctx)
{
    lcc_request *req = LCC__CONTAINER(t, lcc_request, deadline);
    struct lcc_op *op = req->op;
    lcc__request_abandon(ctx, req);
    if (op)
        on_failure(op, LCC_ETIMEDOUT, "timed out");
}

/* An op's backoff ended, or its wait for a token ran out of budget. */
static void op_retry_fire(lcc__timer *t, lcc_context *ctx)
{
    struct lcc_op *op = LCC__CONTAINER(t, struct lcc_op, retry);
    (void)ctx;
    if (lcc__op_waiting(op)) {
        lcc__op_finish(op, LCC_ETIMEDOUT, "timed out waiting for an access token");
        return;
    }
    lcc__op_attempt(op);
}

void lcc__io_run(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    /* completions first, in arrival order */
    pthread_mutex_lock(&io->lock);
    lcc_request *list = io->inbox_head;
    io->inbox_head = io->inbox_tail = NULL;
    io->woken = 0;
    pthread_mutex_unlock(&io->lock);
    while (list) {
        lcc_request *next = list->inbox_next;
        apply_completion(ctx, list);
        list = next;
    }
    /* then timers; one clock reading, so a timer armed now for "now + 0"
     * waits for the next round */
    int64_t now = lcc__now(ctx);
    lcc__timer *t;
    while ((t = lcc__timers_first(&io->timers)) && t->when <= now) {
        lcc__timers_disarm(&io->timers, t);
        t->fire(t, ctx);
    }
}

/* --- the handle ---------------------------------------------------------- */

static void op_destroy(lcc__handle *h)
{
    struct lcc_op *op = (struct lcc_op *)h;
    lcc_context *ctx = h->ctx;
    if (op->status == LCC_EPENDING) {
        op->freeing = 1;
        lcc__op_finish(op, LCC_ECANCELED, "the operation was freed");
    }
    lcc__events_forget_op(op);
    lcc_report_free(op->report);
    lcc__free(&ctx->alloc, op->message);
    lcc__free(&ctx->alloc, op->path);
    lcc__free(&ctx->alloc, op->body);
    lcc__free(&ctx->alloc, op->data);
}

static struct lcc_op *op_get(const lcc_op *op)
{
    return lcc__handle_ok(op, LCC__MAGIC_OP) ? (struct lcc_op *)op : NULL;
}

LCC_API lcc_op_kind lcc_op_get_kind(const lcc_op *op)
{
    return op_get(op) ? op->cls->kind : (lcc_op_kind)0;
}

LCC_API lcc_status lcc_op_status(const lcc_op *op)
{
    return op_get(op) ? op->status : LCC_EMISUSE;
}

LCC_API const char *lcc_op_message(const lcc_op *op)
{
    return op_get(op) && op->message ? op->message : "";
}

LCC_API const lcc_report *lcc_op_report(const lcc_op *op)
{
    return op_get(op) && op->report && lcc_report_count(op->report) ? op->report : NULL;
}

LCC_API int lcc_op_http_status(const lcc_op *op)
{
    return op_get(op) ? op->http_status : 0;
}

LCC_API unsigned lcc_op_attempts(const lcc_op *op)
{
    return op_get(op) ? op->attempts : 0;
}

LCC_API struct lcc_callback *lcc_op_callback(const lcc_op *op)
{
    return op_get(op) ? op->callback : NULL;
}

LCC_API lcc_status lcc_op_set_done_hook(lcc_op *op, lcc_op_done_fn fn, void *user_data)
{
    if (!op_get(op))
        return LCC_EMISUSE;
    op->done = fn;
    op->done_ud = fn ? user_data : NULL;
    return LCC_OK;
}

LCC_API lcc_status lcc_op_cancel(lcc_op *op)
{
    if (!op_get(op))
        return LCC_EMISUSE;
    if (op->status != LCC_EPENDING)
        return lcc__error(op->h.ctx, LCC_ESTATE, "the operation has already finished (%s)",
                          lcc_status_str(op->status));
    lcc__op_finish(op, LCC_ECANCELED, "cancelled by the host");
    return LCC_OK;
}

LCC_API void lcc_op_free(lcc_op *op)
{
    if (op_get(op))
        lcc__handle_free(&op->h);
}
