/* The tenant's side of agent-initiated outbound SMS and email: its SMS and
 * email entry points (OB-ENTRYPOINT) and its digital channels flag
 * (OB-LICENSE).  Entry points are directory objects like agents and queues,
 * written through to the engine's store. */
#include "core/alloc.h"
#include "model/model.h"

#define OK(p) lcc__handle_ok((p), LCC__MAGIC_ENTRY_POINT)

LCC_API lcc_status lcc_entry_point_new(lcc_entry_point **out, lcc_context *ctx, const char *id,
                                       const char *name, lcc_channel channel)
{
    if (!out || !lcc__context_ok(ctx) || !name)
        return LCC__MISUSE(ctx, "lcc_entry_point_new: NULL argument or invalid context");
    if (channel != LCC_CHANNEL_SMS && channel != LCC_CHANNEL_EMAIL)
        return lcc__error(ctx, LCC_EINVAL,
                          "an entry point is for SMS or email (OB-ENTRYPOINT), not channel %d",
                          (int)channel);
    lcc_entry_point *ep;
    lcc_status st = lcc__object_new((void **)&ep, ctx, &ctx->entry_points, sizeof *ep,
                                    LCC__MAGIC_ENTRY_POINT, "entry point", id, name, NULL);
    if (st != LCC_OK)
        return st;
    ep->channel = channel;
    return lcc__object_created((void **)out, &ep->o);
}

LCC_API void lcc_entry_point_free(lcc_entry_point *ep)
{
    if (OK(ep))
        lcc__handle_free(&ep->o.h);
}

LCC_API lcc_entry_point *lcc_context_find_entry_point(lcc_context *ctx, const char *id)
{
    return lcc__context_ok(ctx) && id ? lcc__map_get(&ctx->entry_points, id) : NULL;
}

LCC_API const char *lcc_entry_point_id(const lcc_entry_point *ep)
{
    return OK(ep) ? ep->o.id : NULL;
}

LCC_API const char *lcc_entry_point_name(const lcc_entry_point *ep)
{
    return OK(ep) ? ep->o.name : NULL;
}

LCC_API lcc_channel lcc_entry_point_channel(const lcc_entry_point *ep)
{
    return OK(ep) ? ep->channel : LCC_CHANNEL_SMS;
}

/* The want-th entry point of `channel` in creation order (the context's
 * handle list), and how many there are when it is not found. */
static lcc_entry_point *nth(lcc_context *ctx, lcc_channel channel, size_t want, size_t *count)
{
    lcc__handle *end = &ctx->handles;
    size_t n = 0;
    for (lcc__handle *h = end->next; h != end; h = h->next) {
        if (h->magic != LCC__MAGIC_ENTRY_POINT || ((lcc_entry_point *)h)->channel != channel)
            continue;
        if (n++ == want)
            return (lcc_entry_point *)h;
    }
    if (count)
        *count = n;
    return NULL;
}

LCC_API size_t lcc_context_entry_point_count(lcc_context *ctx, lcc_channel channel)
{
    size_t n = 0;
    if (lcc__context_ok(ctx))
        nth(ctx, channel, SIZE_MAX, &n);
    return n;
}

LCC_API lcc_entry_point *lcc_context_entry_point(lcc_context *ctx, lcc_channel channel, size_t i)
{
    return lcc__context_ok(ctx) ? nth(ctx, channel, i, NULL) : NULL;
}

/* ---- the tenant flag (contactcore/context.h) ---- */

LCC_API lcc_status lcc_context_set_digital_channels(lcc_context *ctx, int enabled)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    int old = ctx->digital_channels, old_set = ctx->digital_set;
    ctx->digital_channels = !!enabled;
    ctx->digital_set = 1;
    lcc_status st = ctx->save_settings ? ctx->save_settings(ctx->save_ud, ctx) : LCC_OK;
    if (st != LCC_OK) {
        ctx->digital_channels = old;
        ctx->digital_set = old_set;
    }
    return st;
}

LCC_API int lcc_context_digital_channels(const lcc_context *ctx)
{
    return lcc__context_ok(ctx) && ctx->digital_channels;
}
