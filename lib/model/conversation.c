#include "core/alloc.h"
#include "model/model.h"

#define OK(c) lcc__handle_ok((c), LCC__MAGIC_CONVERSATION)

/* An optional text field: checked, then replaced and saved. */
static lcc_status set_text(lcc_conversation *c, const char *what, char **slot, const char *s)
{
    lcc_status st = s ? lcc__check_text(c->o.h.ctx, what, s, LCC_MAX_TEXT, 0) : LCC_OK;
    return st == LCC_OK ? lcc__object_set_str(&c->o, slot, s) : st;
}

static void conversation_destroy(lcc__object *o)
{
    lcc_conversation *c = (lcc_conversation *)o;
    const lcc_allocator *a = &o->h.ctx->alloc;
    lcc__conversation_forget_op(c);
    lcc__free(a, c->ani);
    lcc__free(a, c->queue_id);
    lcc__free(a, c->agent_id);
}

LCC_API lcc_status lcc_conversation_new(lcc_conversation **out, lcc_context *ctx, const char *id,
                                        lcc_media_type media)
{
    if (!out || !lcc__context_ok(ctx))
        return LCC__MISUSE(ctx, "lcc_conversation_new: NULL out or invalid context");
    if ((unsigned)media > LCC_MEDIA_SOCIAL)
        return lcc__error(ctx, LCC_EINVAL, "unknown media type %d", (int)media);
    lcc_conversation *c;
    lcc_status st = lcc__object_new((void **)&c, ctx, &ctx->conversations, sizeof *c,
                                    LCC__MAGIC_CONVERSATION, "conversation", id, NULL, conversation_destroy);
    if (st != LCC_OK)
        return st;
    c->media = media;
    c->acd = 1;
    return lcc__object_created((void **)out, &c->o);
}

LCC_API void lcc_conversation_free(lcc_conversation *c)
{
    if (OK(c))
        lcc__handle_free(&c->o.h);
}

LCC_API lcc_conversation *lcc_context_find_conversation(lcc_context *ctx, const char *id)
{
    return lcc__context_ok(ctx) && id ? lcc__map_get(&ctx->conversations, id) : NULL;
}

LCC_API lcc_status lcc_conversation_set_acd(lcc_conversation *c, int acd)
{
    if (!OK(c))
        return LCC_EMISUSE;
    return lcc__object_set_int(&c->o, &c->acd, !!acd);
}

LCC_API lcc_status lcc_conversation_set_ani(lcc_conversation *c, const char *ani)
{
    return OK(c) ? set_text(c, "ANI", &c->ani, ani) : LCC_EMISUSE;
}

LCC_API lcc_status lcc_conversation_set_queue(lcc_conversation *c, const char *queue_id)
{
    return OK(c) ? set_text(c, "queue id", &c->queue_id, queue_id) : LCC_EMISUSE;
}

LCC_API lcc_status lcc_conversation_set_agent(lcc_conversation *c, const char *agent_id)
{
    return OK(c) ? set_text(c, "agent id", &c->agent_id, agent_id) : LCC_EMISUSE;
}

LCC_API const char *lcc_conversation_id(const lcc_conversation *c)
{
    return OK(c) ? c->o.id : NULL;
}

LCC_API lcc_media_type lcc_conversation_media(const lcc_conversation *c)
{
    return OK(c) ? c->media : LCC_MEDIA_CALL;
}

LCC_API int lcc_conversation_acd(const lcc_conversation *c)
{
    return OK(c) && c->acd;
}

LCC_API const char *lcc_conversation_ani(const lcc_conversation *c)
{
    return OK(c) ? c->ani : NULL;
}

LCC_API const char *lcc_conversation_queue_id(const lcc_conversation *c)
{
    return OK(c) ? c->queue_id : NULL;
}

LCC_API const char *lcc_conversation_agent_id(const lcc_conversation *c)
{
    return OK(c) ? c->agent_id : NULL;
}
