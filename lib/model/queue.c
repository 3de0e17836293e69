#include "core/alloc.h"
#include "model/model.h"

#define OK(q) lcc__handle_ok((q), LCC__MAGIC_QUEUE)

static void queue_destroy(lcc__object *o)
{
    lcc_queue *q = (lcc_queue *)o;
    lcc__strlist_clear(&q->members, &o->h.ctx->alloc);
}

LCC_API lcc_status lcc_queue_new(lcc_queue **out, lcc_context *ctx, const char *id, const char *name)
{
    if (!out || !lcc__context_ok(ctx) || !name)
        return LCC__MISUSE(ctx, "lcc_queue_new: NULL argument or invalid context");
    lcc_queue *q;
    lcc_status st = lcc__object_new((void **)&q, ctx, &ctx->queues, sizeof *q, LCC__MAGIC_QUEUE,
                                    "queue", id, name, queue_destroy);
    if (st != LCC_OK)
        return st;
    q->owned_limit_h = LCC_OWNED_LIMIT_MAX_H;
    q->owned_window_h = 24;
    return lcc__object_created((void **)out, &q->o);
}

LCC_API void lcc_queue_free(lcc_queue *q)
{
    if (OK(q))
        lcc__handle_free(&q->o.h);
}

LCC_API lcc_queue *lcc_context_find_queue(lcc_context *ctx, const char *id)
{
    return lcc__context_ok(ctx) && id ? lcc__map_get(&ctx->queues, id) : NULL;
}

LCC_API const char *lcc_queue_id(const lcc_queue *q)
{
    return OK(q) ? q->o.id : NULL;
}

LCC_API const char *lcc_queue_name(const lcc_queue *q)
{
    return OK(q) ? q->o.name : NULL;
}

LCC_API lcc_status lcc_queue_add_member(lcc_queue *q, const char *agent_id)
{
    if (!OK(q))
        return LCC_EMISUSE;
    lcc_context *ctx = q->o.h.ctx;
    lcc_status st = lcc__check_text(ctx, "agent id", agent_id, LCC_MAX_TEXT, 0);
    if (st != LCC_OK)
        return st;
    return lcc__object_list_add(&q->o, &q->members, agent_id);
}

LCC_API lcc_status lcc_queue_remove_member(lcc_queue *q, const char *agent_id)
{
    if (!OK(q) || !agent_id)
        return LCC_EMISUSE;
    lcc_status st = lcc__object_list_remove(&q->o, &q->members, agent_id);
    if (st == LCC_ENOTFOUND)
        return lcc__error(q->o.h.ctx, LCC_ENOTFOUND, "\"%.200s\" is not a member of queue \"%.200s\"",
                          agent_id, q->o.id);
    return st;
}

LCC_API int lcc_queue_has_member(const lcc_queue *q, const char *agent_id)
{
    return OK(q) && agent_id && lcc__strlist_find(&q->members, agent_id) >= 0;
}

LCC_API size_t lcc_queue_member_count(const lcc_queue *q)
{
    return OK(q) ? q->members.n : 0;
}

LCC_API const char *lcc_queue_member_id(const lcc_queue *q, size_t i)
{
    return OK(q) && i < q->members.n ? q->members.v[i] : NULL;
}

LCC_API lcc_status lcc_queue_set_agents_choose_callback_queue(lcc_queue *q, int enabled)
{
    if (!OK(q))
        return LCC_EMISUSE;
    return lcc__object_set_int(&q->o, &q->agents_choose_callback_queue, !!enabled);
}

LCC_API int lcc_queue_agents_choose_callback_queue(const lcc_queue *q)
{
    return OK(q) && q->agents_choose_callback_queue;
}

LCC_API lcc_status lcc_queue_set_owned_callbacks(lcc_queue *q, int enabled, int32_t limit_h,
                                                 int32_t window_h)
{
    if (!OK(q))
        return LCC_EMISUSE;
    lcc_context *ctx = q->o.h.ctx;
    if (limit_h < LCC_OWNED_LIMIT_MIN_H || limit_h > LCC_OWNED_LIMIT_MAX_H)
        return lcc__error(ctx, LCC_ERANGE,
                          "the owned-callback schedule-out limit must be between %d and %d hours "
                          "(1 hour to 30 days); got %ld",
                          LCC_OWNED_LIMIT_MIN_H, LCC_OWNED_LIMIT_MAX_H, (long)limit_h);
    if (window_h < LCC_OWNED_WINDOW_MIN_H || window_h > LCC_OWNED_WINDOW_MAX_H)
        return lcc__error(ctx, LCC_ERANGE,
                          "the ownership window must be between %d and %d hours (1 hour to 7 "
                          "days); got %ld",
                          LCC_OWNED_WINDOW_MIN_H, LCC_OWNED_WINDOW_MAX_H, (long)window_h);
    lcc_queue old = *q;
    q->owned_enabled = !!enabled;
    q->owned_limit_h = limit_h;
    q->owned_window_h = window_h;
    lcc_status st = lcc__object_save(&q->o);
    if (st != LCC_OK) {
        q->owned_enabled = old.owned_enabled;
        q->owned_limit_h = old.owned_limit_h;
        q->owned_window_h = old.owned_window_h;
    }
    return st;
}

LCC_API lcc_status lcc_queue_owned_callbacks(const lcc_queue *q, int *enabled, int32_t *limit_h,
                                             int32_t *window_h)
{
    if (!OK(q))
        return LCC_EMISUSE;
    if (enabled)
        *enabled = q->owned_enabled;
    if (limit_h)
        *limit_h = q->owned_limit_h;
    if (window_h)
        *window_h = q->owned_window_h;
    return LCC_OK;
}
