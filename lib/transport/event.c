/* The context's event queue. */
#include "core/alloc.h"
#include "model/model.h"
#include "transport/io.h"

/* Allocates an event with `extra` bytes after it; NULL when out of memory
 * (logged when `log` is set: the event is dropped). */
static lcc_event *event_alloc(lcc_context *ctx, lcc_event_type type, lcc_status status,
                              size_t extra, int log)
{
    lcc_event *ev = lcc__calloc(&ctx->alloc, 1, sizeof *ev + extra);
    if (!ev) {
        if (log)
            lcc__log(ctx, LCC_LOG_ERROR, "out of memory: event %d dropped", (int)type);
        return NULL;
    }
    ev->alloc = ctx->alloc;
    ev->type = type;
    ev->status = status;
    ev->presence = ev->routing = -1;
    ev->delivery = LCC_DELIVERY_UNKNOWN;
    return ev;
}

static lcc_event *event_new(lcc_context *ctx, lcc_event_type type, lcc_status status,
                            size_t extra)
{
    return event_alloc(ctx, type, status, extra, 1);
}

static void event_link(lcc__io *io, lcc_event *ev)
{
    if (io->ev_tail)
        io->ev_tail->next = ev;
    else
        io->ev_head = ev;
    io->ev_tail = ev;
}

void lcc__event_push(lcc_context *ctx, lcc_event_type type, lcc_status status, struct lcc_op *op,
                     struct lcc_callback *cb)
{
    lcc_event *ev = event_new(ctx, type, status, 0);
    if (!ev)
        return;
    ev->op = op;
    if (op)
        op->event = ev;
    ev->callback = cb;
    event_link(ctx->io, ev);
}

/* An event carrying copies of the ids (each may be NULL) in its own block,
 * stamped with the context clock, with `more` bytes left after them for
 * the caller's strings (*pos: where they go); NULL when out of memory
 * (logged when `log` is set). */
static lcc_event *ids_event_more(lcc_context *ctx, lcc_event_type type, lcc_status status,
                                 const char *conversation_id, const char *agent_id,
                                 const char *queue_id, const char *message_id, size_t more,
                                 char **pos, int log)
{
    const char *s[4] = {conversation_id, agent_id, queue_id, message_id};
    size_t extra = more;
    for (int i = 0; i < 4; i++)
        extra += lcc__pack_len(s[i]);
    lcc_event *ev = event_alloc(ctx, type, status, extra, log);
    if (!ev)
        return NULL;
    *pos = (char *)(ev + 1);
    ev->conversation_id = lcc__pack_str(pos, conversation_id);
    ev->agent_id = lcc__pack_str(pos, agent_id);
    ev->queue_id = lcc__pack_str(pos, queue_id);
    ev->message_id = lcc__pack_str(pos, message_id);
    ev->time_ms = lcc__now(ctx);
    return ev;
}

static lcc_event *ids_event(lcc_context *ctx, lcc_event_type type, lcc_status status,
                            const char *conversation_id, const char *agent_id,
                            const char *queue_id, const char *message_id)
{
    char *pos;
    return ids_event_more(ctx, type, status, conversation_id, agent_id, queue_id, message_id, 0,
                          &pos, 1);
}

void lcc__event_push_engine(lcc_context *ctx, lcc_event_type type, lcc_status status,
                            const char *conversation_id, const char *agent_id,
                            const char *queue_id, int64_t scheduled_ms, int presence,
                            int routing)
{
    lcc_event *ev = ids_event(ctx, type, status, conversation_id, agent_id, queue_id, NULL);
    if (!ev)
        return;
    ev->scheduled_ms = scheduled_ms;
    ev->presence = presence;
    ev->routing = routing;
    event_link(ctx->io, ev);
}

void lcc__event_push_message(lcc_context *ctx, lcc_event_type type, lcc_status status,
                             const char *conversation_id, const char *agent_id,
                             const char *queue_id, const char *message_id,
                             lcc_delivery_state delivery)
{
    lcc_event *ev = ids_event(ctx, type, status, conversation_id, agent_id, queue_id, message_id);
    if (!ev)
        return;
    ev->delivery = delivery;
    event_link(ctx->io, ev);
}

void lcc__event_push_dialing(lcc_context *ctx, const char *conversation_id, const char *agent_id,
                             const char *queue_id, int64_t scheduled_ms, const char *number)
{
    char *pos;
    lcc_event *ev = ids_event_more(ctx, LCC_EVENT_ENGINE_DIALING, LCC_OK, conversation_id,
                                   agent_id, queue_id, NULL, lcc__pack_len(number), &pos, 1);
    if (!ev)
        return;
    ev->scheduled_ms = scheduled_ms;
    ev->number = lcc__pack_str(&pos, number);
    event_link(ctx->io, ev);
}

lcc_event *lcc__event_ivr_new(lcc_context *ctx, int action, const char *text, const char *number,
                              const char *call_id, const char *queue_id)
{
    char *pos;
    lcc_event *ev = ids_event_more(ctx, LCC_EVENT_IVR_ACTION, LCC_OK, call_id, NULL, queue_id,
                                   NULL, lcc__pack_len(text) + lcc__pack_len(number), &pos, 0);
    if (!ev)
        return NULL;
    ev->ivr_action = action;
    ev->ivr_text = lcc__pack_str(&pos, text);
    ev->number = lcc__pack_str(&pos, number);
    return ev;
}

void lcc__event_queue_after(lcc_context *ctx, lcc_event *after, lcc_event *ev)
{
    lcc__io *io = ctx->io;
    if (!after) {
        ev->next = io->ev_head;
        io->ev_head = ev;
    } else {
        ev->next = after->next;
        after->next = ev;
    }
    if (!ev->next)
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

LCC_API const char *lcc_event_conversation_id(const lcc_event *ev)
{
    return ev ? ev->conversation_id : NULL;
}

LCC_API const char *lcc_event_agent_id(const lcc_event *ev)
{
    return ev ? ev->agent_id : NULL;
}

LCC_API const char *lcc_event_queue_id(const lcc_event *ev)
{
    return ev ? ev->queue_id : NULL;
}

LCC_API int64_t lcc_event_time_ms(const lcc_event *ev)
{
    return ev ? ev->time_ms : 0;
}

LCC_API int64_t lcc_event_scheduled_ms(const lcc_event *ev)
{
    return ev ? ev->scheduled_ms : 0;
}

LCC_API int lcc_event_presence(const lcc_event *ev)
{
    return ev ? ev->presence : -1;
}

LCC_API int lcc_event_routing_status(const lcc_event *ev)
{
    return ev ? ev->routing : -1;
}

LCC_API const char *lcc_event_message_id(const lcc_event *ev)
{
    return ev ? ev->message_id : NULL;
}

LCC_API lcc_delivery_state lcc_event_delivery_state(const lcc_event *ev)
{
    return ev ? ev->delivery : LCC_DELIVERY_UNKNOWN;
}

LCC_API int lcc_event_ivr_action(const lcc_event *ev)
{
    return ev ? ev->ivr_action : 0;
}

LCC_API const char *lcc_event_ivr_text(const lcc_event *ev)
{
    return ev ? ev->ivr_text : NULL;
}

LCC_API const char *lcc_event_number(const lcc_event *ev)
{
    return ev ? ev->number : NULL;
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
