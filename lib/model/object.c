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

lcc_status lcc__object_save(lcc__object *o)
{
    lcc_context *ctx = o->h.ctx;
    return ctx->save_object ? ctx->save_object(ctx->save_ud, &o->h) : LCC_OK;
}

lcc_status lcc__object_created(void **out, lcc__object *o)
{
    lcc_status st = lcc__object_save(o);
    if (st != LCC_OK) {
        lcc__handle_free(&o->h);
        return st;
    }
    *out = o;
    return LCC_OK;
}

lcc_status lcc__object_set_str(lcc__object *o, char **slot, const char *s)
{
    const lcc_allocator *a = &o->h.ctx->alloc;
    char *copy = NULL, *old = *slot;
    if (s && !(copy = lcc__strdup(a, s)))
        return lcc__error(o->h.ctx, LCC_ENOMEM, "out of memory");
    *slot = copy;
    lcc_status st = lcc__object_save(o);
    *slot = st == LCC_OK ? copy : old;
    lcc__free(a, st == LCC_OK ? old : copy);
    return st;
}

lcc_status lcc__object_set_int(lcc__object *o, int *slot, int v)
{
    int old = *slot;
    *slot = v;
    lcc_status st = old == v ? LCC_OK : lcc__object_save(o);
    if (st != LCC_OK)
        *slot = old;
    return st;
}

lcc_status lcc__object_list_add(lcc__object *o, lcc__strlist *l, const char *s)
{
    const lcc_allocator *a = &o->h.ctx->alloc;
    if (lcc__strlist_find(l, s) >= 0)
        return LCC_OK;
    if (lcc__strlist_add(l, a, s))
        return lcc__error(o->h.ctx, LCC_ENOMEM, "out of memory");
    lcc_status st = lcc__object_save(o);
    if (st != LCC_OK)
        lcc__strlist_remove(l, a, s);
    return st;
}

lcc_status lcc__object_list_remove(lcc__object *o, lcc__strlist *l, const char *s)
{
    size_t at;
    char *taken = lcc__strlist_take(l, s, &at);
    if (!taken)
        return LCC_ENOTFOUND;
    lcc_status st = lcc__object_save(o);
    if (st != LCC_OK)
        lcc__strlist_put_back(l, at, taken);
    else
        lcc__free(&o->h.ctx->alloc, taken);
    return st;
}
