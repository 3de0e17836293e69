#include "model/model.h"

#include "core/alloc.h"

static void object_destroy(lcc__handle *h)
{
    lcc__object *o = (lcc__object *)h;
    lcc__map_remove(o->registry, o->id);
    if (o->destroy)
        o->destroy(o);
    lcc__free(&h->ctx->alloc, o->id);
    lcc__free(&h->ctx->alloc, o->name);
}

lcc_status lcc__object_new(void **out, lcc_context *ctx, lcc__map *registry, size_t size,
                           uint32_t magic, const char *kind, const char *id, const char *name,
                           void (*destroy)(lcc__object *o))
{
    lcc_status st = lcc__check_text(ctx, "id", id, LCC_MAX_TEXT, 0);
    if (st == LCC_OK && name)
        st = lcc__check_text(ctx, "name", name, LCC_MAX_TEXT, 1);
    if (st != LCC_OK)
        return st;
    if (lcc__map_get(registry, id))
        return lcc__error(ctx, LCC_EEXISTS, "%s \"%s\" already exists", kind, id);
    if (lcc__map_reserve(registry, &ctx->alloc, 1))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    char *copy = lcc__strdup(&ctx->alloc, id);
    char *name_copy = name ? lcc__strdup(&ctx->alloc, name) : NULL;
    lcc__object *o = copy && (name_copy || !name) ? lcc__handle_new(ctx, size, magic, object_destroy)
                                                  : NULL;
    if (!o) {
        lcc__free(&ctx->alloc, copy);
        lcc__free(&ctx->alloc, name_copy);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    o->id = copy;
    o->name = name_copy;
    o->registry = registry;
    o->destroy = destroy;
    lcc__map_put(registry, &ctx->alloc, o->id, o); /* cannot fail: reserved */
    *out = o;
    return LCC_OK;
}
