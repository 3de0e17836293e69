#include <string.h>

#include "core/alloc.h"
#include "model/model.h"

#define OK(a) lcc__handle_ok((a), LCC__MAGIC_AGENT)

static void agent_destroy(lcc__object *o)
{
    lcc_agent *a = (lcc_agent *)o;
    const lcc_allocator *al = &o->h.ctx->alloc;
    lcc__free(al, a->time_zone);
    lcc__strlist_clear(&a->permissions, al);
    lcc__strlist_clear(&a->roles, al);
}

LCC_API lcc_status lcc_agent_new(lcc_agent **out, lcc_context *ctx, const char *id, const char *name)
{
    if (!out || !lcc__context_ok(ctx) || !name)
        return LCC__MISUSE(ctx, "lcc_agent_new: NULL argument or invalid context");
    lcc_agent *a;
    lcc_status st = lcc__object_new((void **)&a, ctx, &ctx->agents, sizeof *a, LCC__MAGIC_AGENT,
                                    "agent", id, name, agent_destroy);
    return st == LCC_OK ? lcc__object_created((void **)out, &a->o) : st;
}

LCC_API void lcc_agent_free(lcc_agent *a)
{
    if (OK(a))
        lcc__handle_free(&a->o.h);
}

LCC_API lcc_agent *lcc_context_find_agent(lcc_context *ctx, const char *id)
{
    return lcc__context_ok(ctx) && id ? lcc__map_get(&ctx->agents, id) : NULL;
}

LCC_API const char *lcc_agent_id(const lcc_agent *a)
{
    return OK(a) ? a->o.id : NULL;
}

LCC_API const char *lcc_agent_name(const lcc_agent *a)
{
    return OK(a) ? a->o.name : NULL;
}

LCC_API lcc_status lcc_agent_set_time_zone(lcc_agent *a, const char *zone)
{
    if (!OK(a))
        return LCC_EMISUSE;
    if (zone) {
        lcc_status st = lcc_tz_check(a->o.h.ctx, zone);
        if (st != LCC_OK)
            return st;
    }
    return lcc__object_set_str(&a->o, &a->time_zone, zone);
}

LCC_API const char *lcc_agent_time_zone(const lcc_agent *a)
{
    return OK(a) ? a->time_zone : NULL;
}

/* "domain:entity:action", each part non-empty and free of ':'. */
static int split_permission(const char *p, const char *part[3], size_t len[3])
{
    for (int i = 0; i < 3; i++) {
        const char *end = strchr(p, ':');
        if ((i < 2) != (end != NULL))
            return 0;
        len[i] = end ? (size_t)(end - p) : strlen(p);
        if (!len[i])
            return 0;
        part[i] = p;
        p += len[i] + 1;
    }
    return 1;
}

static int permission_covers(const char *granted, const char *wanted)
{
    const char *g[3], *w[3];
    size_t gl[3], wl[3];
    if (!split_permission(granted, g, gl) || !split_permission(wanted, w, wl))
        return 0;
    for (int i = 0; i < 3; i++) {
        int star = gl[i] == 1 && g[i][0] == '*';
        if (!star && (gl[i] != wl[i] || memcmp(g[i], w[i], gl[i]) != 0))
            return 0;
    }
    return 1;
}

static lcc_status add_to(lcc_agent *a, lcc__strlist *l, const char *what, const char *s)
{
    lcc_context *ctx = a->o.h.ctx;
    lcc_status st = lcc__check_text(ctx, what, s, LCC_MAX_TEXT, 0);
    if (st != LCC_OK)
        return st;
    return lcc__object_list_add(&a->o, l, s);
}

LCC_API lcc_status lcc_agent_add_permission(lcc_agent *a, const char *permission)
{
    if (!OK(a))
        return LCC_EMISUSE;
    if (!permission)
        return LCC__MISUSE(a->o.h.ctx, "permission must not be NULL");
    const char *part[3];
    size_t len[3];
    if (!split_permission(permission, part, len))
        return lcc__error(a->o.h.ctx, LCC_EINVAL,
                          "permission \"%.200s\" is not of the form domain:entity:action", permission);
    return add_to(a, &a->permissions, "permission", permission);
}

LCC_API lcc_status lcc_agent_remove_permission(lcc_agent *a, const char *permission)
{
    if (!OK(a) || !permission)
        return LCC_EMISUSE;
    lcc_status st = lcc__object_list_remove(&a->o, &a->permissions, permission);
    if (st == LCC_ENOTFOUND)
        return lcc__error(a->o.h.ctx, st, "permission \"%.200s\" was not granted", permission);
    return st;
}

LCC_API int lcc_agent_has_permission(const lcc_agent *a, const char *permission)
{
    if (!OK(a) || !permission)
        return 0;
    for (size_t i = 0; i < a->permissions.n; i++)
        if (permission_covers(a->permissions.v[i], permission))
            return 1;
    return 0;
}

LCC_API lcc_status lcc_agent_add_role(lcc_agent *a, const char *role)
{
    if (!OK(a))
        return LCC_EMISUSE;
    return add_to(a, &a->roles, "role", role);
}

LCC_API lcc_status lcc_agent_remove_role(lcc_agent *a, const char *role)
{
    if (!OK(a) || !role)
        return LCC_EMISUSE;
    lcc_status st = lcc__object_list_remove(&a->o, &a->roles, role);
    if (st == LCC_ENOTFOUND)
        return lcc__error(a->o.h.ctx, st, "role \"%.200s\" was not given", role);
    return st;
}

LCC_API int lcc_agent_has_role(const lcc_agent *a, const char *role)
{
    return OK(a) && role && lcc__strlist_find(&a->roles, role) >= 0;
}

/* Queues listing the agent, in creation order (the context's handle list). */
static const lcc_queue *nth_queue(const lcc_agent *a, size_t want, size_t *count)
{
    const lcc__handle *end = &a->o.h.ctx->handles;
    size_t n = 0;
    for (const lcc__handle *h = end->next; h != end; h = h->next) {
        if (h->magic != LCC__MAGIC_QUEUE)
            continue;
        const lcc_queue *q = (const lcc_queue *)h;
        if (lcc__strlist_find(&q->members, a->o.id) < 0)
            continue;
        if (n++ == want)
            return q;
    }
    if (count)
        *count = n;
    return NULL;
}

LCC_API size_t lcc_agent_queue_count(const lcc_agent *a)
{
    size_t n = 0;
    if (OK(a))
        nth_queue(a, SIZE_MAX, &n);
    return n;
}

LCC_API const char *lcc_agent_queue_id(const lcc_agent *a, size_t i)
{
    const lcc_queue *q = OK(a) ? nth_queue(a, i, NULL) : NULL;
    return q ? q->o.id : NULL;
}

/* The channels lcc_channel names (LCC_CHANNEL_SMS .. LCC_CHANNEL_SOCIAL_PUBLIC). */
#define ALL_CHANNELS (LCC_CHANNEL_BIT(LCC_CHANNEL_SOCIAL_PUBLIC + 1) - 1)

LCC_API lcc_status lcc_agent_set_profile(lcc_agent *a, const lcc_agent_profile *p)
{
    if (!OK(a))
        return LCC_EMISUSE;
    lcc_context *ctx = a->o.h.ctx;
    if (!p || p->size != sizeof *p)
        return LCC__MISUSE(ctx, "lcc_agent_set_profile: NULL profile or unknown size %zu",
                           p ? p->size : 0);
    uint32_t unknown = (p->media | p->auto_assigned) & ~(uint32_t)ALL_CHANNELS;
    if (unknown)
        return lcc__error(ctx, LCC_EINVAL,
                          "the profile names channels that do not exist (bits 0x%lx); channels "
                          "are LCC_CHANNEL_BIT(LCC_CHANNEL_SMS .. LCC_CHANNEL_SOCIAL_PUBLIC)",
                          (unsigned long)unknown);
    int license = a->digital_license;
    uint32_t media = a->media, auto_assigned = a->auto_assigned;
    a->digital_license = !!p->digital_license;
    a->media = p->media;
    a->auto_assigned = p->auto_assigned;
    lcc_status st = lcc__object_save(&a->o);
    if (st != LCC_OK) {
        a->digital_license = license;
        a->media = media;
        a->auto_assigned = auto_assigned;
    }
    return st;
}

LCC_API lcc_status lcc_agent_get_profile(const lcc_agent *a, lcc_agent_profile *out)
{
    if (!OK(a))
        return LCC_EMISUSE;
    if (!out || out->size != sizeof *out)
        return LCC__MISUSE(a->o.h.ctx, "lcc_agent_get_profile: NULL out or unknown size %zu",
                           out ? out->size : 0);
    out->digital_license = a->digital_license;
    out->media = a->media;
    out->auto_assigned = a->auto_assigned;
    return LCC_OK;
}
