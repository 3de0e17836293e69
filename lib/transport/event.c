/* The context's event queue. */
#include "core/alloc.h"
#include "model/model.h"
#include "transport/io.h"

void lcc__event_push(lcc_context *ctx, lcc_event_type type, lcc_status status, struct lcc_op *op,
                     struct lcc_callback *cb)
{
    lcc__io *io = ctx->io;
    lcc_event *ev = lcc__calloc(&ctx->alloc, 1, sizeof *ev);
    if (!ev) {
        lcc__log(ctx, LCC_LOG_ERROR, "out of memory: event %d dropped", (int)type);
        return;
    }
    ev->alloc = ctx->alloc;
    ev->type = type;
    ev->status = status;
    ev->op = op;
    if (op)
        op->event = ev;
    ev->callback = cb;
    if (io->ev_tail)
        io->ev_tail->next = ev;
    else
        io->ev_head = ev;
    io->ev_tail = ev;
}

void lcc__events_forget_op(struct lcc_op *op)
{
    if (op->event)
        op->event->op = NULL;
    op->event = NULL;
}

void lcc__events_free(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    while (io->ev_head) {
        lcc_event *next = io->ev_head->next;
        if (io->ev_head->op)
            io->ev_head->op->event = NULL;
        lcc__free(&ctx->alloc, io->ev_head);
        io->ev_head = next;
    }
    io->ev_tail = NULL;
}

LCC_API lcc_event *lcc_context_next_event(lcc_context *ctx)
{
    if (!lcc__context_ok(ctx))
        return NULL;
    lcc__io *io = ctx->io;
    lcc_event *ev = io->ev_head;
    if (ev) {
        io->ev_head = ev->next;
        if (!io->ev_head)
            io->ev_tail = NULL;
        ev->next = NULL;
    }
    return ev;
}

LCC_API lcc_event_type lcc_event_get_type(const lcc_event *ev)
{
    return ev ? ev->type : (lcc_event_type)0;
}

LCC_API lcc_op *lcc_event_op(const lcc_event *ev)
{
    return ev ? ev->op : NULL;
}

LCC_API lcc_status lcc_event_status(const lcc_event *ev)
{
    return ev ? ev->status : LCC_EMISUSE;
}

LCC_API struct lcc_callback *lcc_event_callback(const lcc_event *ev)
{
    return ev ? ev->callback : NULL;
}

LCC_API void lcc_event_free(lcc_event *ev)
{
    if (!ev)
        return;
    if (ev->op)
        ev->op->event = NULL;
    lcc_allocator a = ev->alloc;
    lcc__free(&a, ev);
}
