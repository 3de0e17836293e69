/* The host-driven loop: transport installation, wake-ups, deadlines,
 * run_due and wait, and the context's teardown of all of it. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "transport/io.h"

#define TRANSPORT_V1_SIZE sizeof(lcc_transport)

lcc_status lcc__io_new(lcc_context *ctx)
{
    lcc__io *io = lcc__calloc(&ctx->alloc, 1, sizeof *io);
    if (!io)
        return LCC_ENOMEM;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_mutex_init(&io->lock, NULL);
    if (rc == 0 && (rc = pthread_cond_init(&io->cond, &ca)) != 0)
        pthread_mutex_destroy(&io->lock);
    pthread_condattr_destroy(&ca);
    if (rc) {
        lcc__free(&ctx->alloc, io);
        return LCC_ENOMEM;
    }
    io->held.next = io->held.prev = &io->held;
    io->pending.next = io->pending.prev = &io->pending;
    io->waiters.wnext = io->waiters.wprev = &io->waiters;
    io->timeout_ms = LCC_DEFAULT_REQUEST_TIMEOUT_MS;
    io->max_attempts = LCC_DEFAULT_MAX_ATTEMPTS;
    io->budget_ms = LCC_DEFAULT_RETRY_BUDGET_MS;
    io->rng = (uint64_t)(uintptr_t)io ^ (uint64_t)ctx->now_ms(ctx->clock_ud) ^ 0x9e3779b97f4a7c15ull;
    if (!io->rng)
        io->rng = 1;
    ctx->io = io;
    return LCC_OK;
}

/* Gives up on every held request and destroys the transport; the requests
 * the transport never completed are freed.  Context thread. */
static void drop_transport(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    for (lcc_request *r = io->held.next; r != &io->held; r = r->next)
        if (r->op || lcc__timer_armed(&r->deadline))
            lcc__request_abandon(ctx, r);
    pthread_mutex_lock(&io->lock);
    lcc_transport t = io->transport;
    int had = io->has_transport;
    io->has_transport = 0;
    memset(&io->transport, 0, sizeof io->transport);
    pthread_mutex_unlock(&io->lock);
    if (had && t.destroy)
        t.destroy(t.user_data);
    /* nothing may touch the held requests now */
    pthread_mutex_lock(&io->lock);
    io->inbox_head = io->inbox_tail = NULL;
    pthread_mutex_unlock(&io->lock);
    while (io->held.next != &io->held) {
        lcc_request *r = io->held.next;
        lcc__request_unhold(r);
        lcc__request_free(ctx, r);
    }
}

void lcc__io_teardown(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    if (!io)
        return;
    /* every pending op finishes once with LCC_ECANCELED; hooks run, events
     * would never be read so none are queued */
    while (io->pending.next != &io->pending) {
        struct lcc_op *op = io->pending.next;
        if (op->internal) { /* frees itself */
            lcc__op_finish(op, LCC_ECANCELED, "the context is being freed");
            continue;
        }
        lcc_op_done_fn fn = op->done;
        void *ud = op->done_ud;
        op->freeing = 1; /* no hook, no event: the hook runs below */
        lcc__op_finish(op, LCC_ECANCELED, "the context is being freed");
        op->freeing = 0;
        if (fn)
            fn(op, LCC_ECANCELED, ud);
    }
    drop_transport(ctx);
}

void lcc__io_free(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    if (!io)
        return;
    const lcc_allocator *a = &ctx->alloc;
    lcc__events_free(ctx);
    lcc__timers_free(&io->timers, a);
    lcc__free(a, io->api_url);
    lcc__free(a, io->login_url);
    lcc__free_secret(a, io->client_id);
    lcc__free_secret(a, io->client_secret);
    lcc__free_secret(a, io->token);
    pthread_cond_destroy(&io->cond);
    pthread_mutex_destroy(&io->lock);
    lcc__free(a, io);
    ctx->io = NULL;
}

LCC_API lcc_status lcc_context_set_transport(lcc_context *ctx, const lcc_transport *t)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    if (t && (t->size != TRANSPORT_V1_SIZE || !t->send))
        return LCC__MISUSE(ctx, "lcc_transport: unknown size %zu or no send hook", t->size);
    lcc__io *io = ctx->io;
    if (io->n_pending)
        return lcc__error(ctx, LCC_ESTATE, "%zu operations are pending: finish or cancel them "
                                           "before replacing the transport", io->n_pending);
    drop_transport(ctx);
    if (t) {
        pthread_mutex_lock(&io->lock);
        io->transport = *t;
        io->has_transport = 1;
        pthread_mutex_unlock(&io->lock);
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_context_set_wakeup(lcc_context *ctx, lcc_wakeup_fn fn, void *user_data)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    pthread_mutex_lock(&ctx->io->lock);
    ctx->io->wake = fn;
    ctx->io->wake_ud = fn ? user_data : NULL;
    pthread_mutex_unlock(&ctx->io->lock);
    return LCC_OK;
}

void lcc__io_wake_locked(lcc__io *io)
{
    pthread_cond_broadcast(&io->cond);
    /* under the lock, so a transport being replaced or destroyed on the
     * context's thread is never woken after it is gone */
    if (io->has_transport && io->transport.wake)
        io->transport.wake(io->transport.user_data);
    if (io->wake)
        io->wake(io->wake_ud);
}

LCC_API void lcc_context_wakeup(lcc_context *ctx)
{
    if (!lcc__context_ok(ctx))
        return;
    lcc__io *io = ctx->io;
    pthread_mutex_lock(&io->lock);
    io->woken = 1;
    lcc__io_wake_locked(io);
    pthread_mutex_unlock(&io->lock);
}

LCC_API int64_t lcc_context_next_deadline_ms(lcc_context *ctx)
{
    if (!lcc__context_ok(ctx))
        return -1;
    lcc__io *io = ctx->io;
    pthread_mutex_lock(&io->lock);
    int queued = io->inbox_head != NULL;
    pthread_mutex_unlock(&io->lock);
    if (queued)
        return lcc__now(ctx);
    const lcc__timer *t = lcc__timers_first(&io->timers);
    return t ? t->when : -1;
}

LCC_API lcc_status lcc_context_run_due(lcc_context *ctx)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    lcc__io_run(ctx);
    return LCC_OK;
}

LCC_API size_t lcc_context_pending_ops(const lcc_context *ctx)
{
    return lcc__context_ok(ctx) ? ctx->io->n_pending : 0;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int finished(lcc_context *ctx, lcc_op *op)
{
    return op ? op->status != LCC_EPENDING : ctx->io->n_pending == 0;
}

/* Blocks up to wait_ms (-1: no limit) for a completion or a wake-up. */
static void block(lcc_context *ctx, int64_t wait_ms)
{
    lcc__io *io = ctx->io;
    if (io->has_transport && io->transport.poll) {
        io->transport.poll(wait_ms > INT32_MAX ? INT32_MAX : (int)wait_ms,
                           io->transport.user_data);
        return;
    }
    pthread_mutex_lock(&io->lock);
    if (!io->inbox_head && !io->woken) {
        if (wait_ms < 0) {
            pthread_cond_wait(&io->cond, &io->lock);
        } else {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            ts.tv_sec += (time_t)(wait_ms / 1000);
            ts.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&io->cond, &io->lock, &ts);
        }
    }
    io->woken = 0;
    pthread_mutex_unlock(&io->lock);
}

LCC_API lcc_status lcc_context_wait(lcc_context *ctx, lcc_op *op, int timeout_ms)
{
    if (!lcc__context_ok(ctx) || (op && (!lcc__handle_ok(op, LCC__MAGIC_OP) || op->h.ctx != ctx)))
        return LCC_EMISUSE;
    int64_t end = timeout_ms < 0 ? -1 : mono_ms() + timeout_ms;
    for (;;) {
        lcc__io_run(ctx);
        if (finished(ctx, op))
            return op ? op->status : LCC_OK;
        int64_t wait = -1, now = mono_ms();
        if (end >= 0) {
            if (now >= end)
                return lcc__error(ctx, LCC_ETIMEDOUT, "still pending after %d ms", timeout_ms);
            wait = end - now;
        }
        int64_t due = lcc_context_next_deadline_ms(ctx);
        if (due >= 0) {
            int64_t d = due - lcc__now(ctx);
            if (d < 0)
                d = 0;
            if (wait < 0 || d < wait)
                wait = d;
        }
        block(ctx, wait);
    }
}
