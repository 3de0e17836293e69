/* The engine object: life cycle, routing state of agents and queues, ids,
 * events, and the in-process transport of connected clients. */
#include "engine/engine.h"
#include "engine/store.h"

#include <stdio.h>
#include <string.h>

#include "contactcore/backend.h"
#include "contactcore/transport.h"
#include "core/alloc.h"
#include "transport/io.h"

#define OK(e) lcc__handle_ok((e), LCC__MAGIC_ENGINE)

/* A client context's transport into the engine.  Outlives whichever of the
 * two goes first: the engine clears `e`, the client's destroy hook frees it. */
struct eng_link {
    lcc_allocator alloc; /* the client's */
    lcc_engine *e;
    struct eng_link *prev, *next;
};

lcc_context *lcc__eng_ctx(lcc_engine *e)
{
    return e->h.ctx;
}

static uint64_t next_random(lcc_engine *e)
{
    uint64_t z = (e->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void lcc__eng_new_id(lcc_engine *e, char id[ENG_ID_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    do {
        uint64_t r0 = (next_random(e) & ~0xf000ULL) | 0x4000ULL;       /* version 4 */
        uint64_t r1 = (next_random(e) & ~(3ULL << 62)) | (2ULL << 62); /* variant 10 */
        char h[32]; /* r0 then r1, most significant digit first */
        for (int i = 15; i >= 0; i--, r0 >>= 4, r1 >>= 4) {
            h[i] = hex[r0 & 15];
            h[16 + i] = hex[r1 & 15];
        }
        memcpy(id, h, 8); /* 8-4-4-4-12 */
        id[8] = '-';
        memcpy(id + 9, h + 8, 4);
        id[13] = '-';
        memcpy(id + 14, h + 12, 4);
        id[18] = '-';
        memcpy(id + 19, h + 16, 4);
        id[23] = '-';
        memcpy(id + 24, h + 20, 12);
        id[36] = '\0';
    } while (lcc__map_get(&e->items, id));
}

/* The entry of `id` in m, created on first use: eng_agent and eng_queue
 * both start with their own copy of the id, which is the map's key. */
static void *intern(lcc_engine *e, lcc__map *m, size_t size, const char *id, lcc_status *st)
{
    const lcc_allocator *a = &lcc__eng_ctx(e)->alloc;
    char **entry = lcc__map_get(m, id);
    if (entry)
        return entry;
    entry = lcc__calloc(a, 1, size);
    if (entry)
        *entry = lcc__strdup(a, id);
    if (!entry || !*entry || lcc__map_put(m, a, *entry, entry)) {
        if (entry)
            lcc__free(a, *entry);
        lcc__free(a, entry);
        *st = lcc__error(lcc__eng_ctx(e), LCC_ENOMEM, "out of memory");
        return NULL;
    }
    return entry;
}

/* Frees every entry made by intern() and the map. */
static void free_interned(lcc__map *m, const lcc_allocator *a)
{
    size_t pos = 0;
    void *v;
    while (lcc__map_next(m, &pos, NULL, &v)) {
        lcc__free(a, *(char **)v);
        lcc__free(a, v);
    }
    lcc__map_clear(m, a);
}

eng_agent *lcc__eng_agent_any(lcc_engine *e, const char *id, lcc_status *st)
{
    return intern(e, &e->agents, sizeof(eng_agent), id, st);
}

eng_agent *lcc__eng_agent(lcc_engine *e, const char *id, lcc_status *st)
{
    if (!id)
        return NULL;
    if (!lcc__map_get(&e->agents, id) && !lcc_context_find_agent(lcc__eng_ctx(e), id)) {
        *st = lcc__error(lcc__eng_ctx(e), LCC_ENOTFOUND, "agent \"%.100s\" does not exist", id);
        return NULL;
    }
    return lcc__eng_agent_any(e, id, st);
}

eng_queue *lcc__eng_queue_any(lcc_engine *e, const char *id, lcc_status *st)
{
    return intern(e, &e->queues, sizeof(eng_queue), id, st);
}

eng_queue *lcc__eng_queue(lcc_engine *e, const char *id, lcc_status *st)
{
    if (!lcc__map_get(&e->queues, id) && !lcc_context_find_queue(lcc__eng_ctx(e), id)) {
        *st = lcc__error(lcc__eng_ctx(e), LCC_ENOTFOUND, "queue \"%.100s\" does not exist", id);
        return NULL;
    }
    return lcc__eng_queue_any(e, id, st);
}

eng_queue *lcc__eng_entry_point(lcc_engine *e, const char *id, lcc_status *st)
{
    return intern(e, &e->entry_points, sizeof(eng_queue), id, st);
}

lcc_status lcc__eng_persist(lcc_engine *e, const eng_item *it)
{
    return e->store && it->kind == ENG_CALLBACK ? lcc__store_put(e->store, it) : LCC_OK;
}

void lcc__eng_event(lcc_engine *e, lcc_event_type type, lcc_status status, const eng_item *it,
                    const eng_agent *a)
{
    int status_event = type == LCC_EVENT_ENGINE_AGENT_STATUS;
    lcc__event_push_engine(lcc__eng_ctx(e), type, status, it ? it->id : NULL, a ? a->id : NULL,
                           it && it->queue ? it->queue->id : NULL,
                           it && it->kind == ENG_CALLBACK ? it->scheduled_ms : 0,
                           status_event ? (int)a->presence : -1,
                           status_event ? (int)a->routing : -1);
}

eng_item *lcc__eng_item_new(lcc_engine *e, enum eng_kind kind)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    eng_item *it = NULL;
    if (lcc__map_reserve(&e->items, &ctx->alloc, 1) == 0 &&
        lcc__timers_reserve(&ctx->io->timers, &ctx->alloc, e->n_items + 1) == 0)
        it = lcc__calloc(&ctx->alloc, 1, sizeof *it);
    if (!it) {
        lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return NULL;
    }
    lcc__timer_init(&it->timer, lcc__eng_fire);
    it->kind = (uint8_t)kind;
    lcc__eng_new_id(e, it->id);
    lcc__map_put(&e->items, &ctx->alloc, it->id, it); /* reserved */
    e->n_items++;
    return it;
}

static void item_release(lcc_engine *e, eng_item *it)
{
    const lcc_allocator *a = &lcc__eng_ctx(e)->alloc;
    if (it->mc)
        lcc__eng_mconv_free(e, it->mc);
    lcc__free(a, it->number);
    lcc__free(a, it->origin);
    lcc__free(a, it->caller_id);
    lcc__free(a, it->caller_id_name);
    lcc__free(a, it->callee_name);
    lcc__free(a, it->wrapup_code);
    lcc__free(a, it->wrapup_reason);
    lcc__kv_clear(&it->data, a);
    lcc__free(a, it);
}

void lcc__eng_item_free(lcc_engine *e, eng_item *it)
{
    lcc__eng_unlink(e, it);
    lcc__eng_disarm(e, it);
    lcc__eng_wrapup_drop(e, it);
    if (it->origin && lcc__map_get(&e->origins, it->origin) == it)
        lcc__map_remove(&e->origins, it->origin);
    lcc__map_remove(&e->items, it->id);
    e->n_items--;
    item_release(e, it);
}

/* ---- the in-process transport ---- */

static lcc_status link_send(lcc_request *req, void *ud)
{
    struct eng_link *l = ud;
    if (!l->e)
        return lcc_request_fail(req, LCC_ECANCELED, "the engine was freed") == LCC_OK
                   ? LCC_OK
                   : LCC_EMISUSE;
    size_t body_len = 0;
    const char *body = lcc_request_body(req, &body_len);
    int status = 0;
    char *resp = NULL;
    size_t len = 0;
    lcc_status st = lcc__eng_handle(&status, &resp, &len, l->e, lcc_request_method(req),
                                    lcc_request_path(req), lcc_request_header(req, "Authorization"),
                                    body, body_len);
    if (st == LCC_ENOMEM)
        /* the engine may have done the work before its answer could not be
         * written: not "refused, nothing done" but an answer lost */
        return lcc__request_answer_lost(req) == LCC_OK ? LCC_OK : LCC_EMISUSE;
    if (st != LCC_OK)
        return st; /* refused: nothing was done */
    /* LCC_ENOMEM: completed all the same (as an unknown outcome: the engine
     * did the work), so the request was accepted */
    st = lcc_request_complete(req, status, "Content-Type: application/json\r\n", resp, len);
    lcc__free(&lcc__eng_ctx(l->e)->alloc, resp);
    return st == LCC_ENOMEM ? LCC_OK : st;
}

static void link_cancel(lcc_request *req, void *ud)
{
    (void)req;
    (void)ud; /* every request was completed inside send() */
}

static void link_unlink(struct eng_link *l)
{
    if (!l->e)
        return;
    if (l->prev)
        l->prev->next = l->next;
    else
        l->e->links = l->next;
    if (l->next)
        l->next->prev = l->prev;
    l->e = NULL;
}

static void link_destroy(void *ud)
{
    struct eng_link *l = ud;
    lcc_allocator a = l->alloc;
    link_unlink(l);
    lcc__free(&a, l);
}

static void random_token(char tok[ENG_TOKEN_SIZE], lcc_engine *e)
{
    snprintf(tok, ENG_TOKEN_SIZE, "%016llx%016llx", (unsigned long long)next_random(e),
             (unsigned long long)next_random(e));
}

const char *lcc__eng_client_token(lcc_engine *e)
{
    if (!e->client_token[0])
        random_token(e->client_token, e);
    return e->client_token;
}

lcc_status lcc__eng_token(char tok[ENG_TOKEN_SIZE], lcc_engine *e, eng_agent *a)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    random_token(tok, e);
    char *key = lcc__strdup(&ctx->alloc, tok);
    if (!key || lcc__map_put(&e->tokens, &ctx->alloc, key, a)) {
        lcc__free(&ctx->alloc, key);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_connect(lcc_engine *e, lcc_context *client, const char *agent_id)
{
    if (!OK(e) || !lcc__context_ok(client) || !agent_id)
        return OK(e) ? LCC__MISUSE(lcc__eng_ctx(e), "client and agent_id must be valid")
                     : LCC_EMISUSE;
    lcc_status st = LCC_OK;
    eng_agent *a = lcc__eng_agent(e, agent_id, &st);
    if (!a)
        return st;
    char tok[ENG_TOKEN_SIZE];
    if ((st = lcc__eng_token(tok, e, a)) != LCC_OK)
        return st;
    struct eng_link *l = lcc__calloc(&client->alloc, 1, sizeof *l);
    if (!l)
        return lcc__error(client, LCC_ENOMEM, "out of memory");
    l->alloc = client->alloc;
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = link_send;
    t.cancel = link_cancel;
    t.destroy = link_destroy;
    t.user_data = l;
    if ((st = lcc_context_set_backend(client, "http://engine.invalid", NULL)) != LCC_OK ||
        (st = lcc_context_set_access_token(client, tok, 0)) != LCC_OK ||
        (st = lcc_context_set_transport(client, &t)) != LCC_OK) {
        lcc__free(&client->alloc, l);
        return st;
    }
    l->e = e;
    l->next = e->links;
    if (e->links)
        e->links->prev = l;
    e->links = l;
    return LCC_OK;
}

/* ---- life cycle ---- */

static void engine_destroy(lcc__handle *h)
{
    lcc_engine *e = (lcc_engine *)h;
    lcc_context *ctx = h->ctx;
    const lcc_allocator *a = &ctx->alloc;
    while (e->links)
        link_unlink(e->links);
    size_t pos = 0;
    const char *key;
    void *v;
    while (lcc__map_next(&e->items, &pos, NULL, &v)) {
        lcc__eng_disarm(e, v);
        item_release(e, v);
    }
    free_interned(&e->agents, a);
    free_interned(&e->queues, a);
    free_interned(&e->entry_points, a);
    for (pos = 0; lcc__map_next(&e->tokens, &pos, &key, NULL);)
        lcc__free_secret(a, (char *)key);
    lcc__map_clear(&e->items, a);
    lcc__map_clear(&e->origins, a);
    lcc__map_clear(&e->tokens, a);
    lcc__eng_messages_clear(e);
    lcc__eng_contacts_clear(e);
    ctx->save_object = NULL;
    ctx->save_settings = NULL;
    lcc__store_close(e->store);
    ctx->engine = NULL;
}

static lcc_status save_object(void *store, const lcc__handle *object)
{
    return lcc__store_put_object(store, object);
}

static lcc_status save_settings(void *store, const lcc_context *ctx)
{
    return lcc__store_put_settings(store, ctx);
}

LCC_API lcc_status lcc_engine_new(lcc_engine **out, lcc_context *ctx,
                                  const lcc_engine_params *params)
{
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    if (!out || !lcc__context_ok(ctx))
        return LCC_EMISUSE;
    if (params) {
        if (params->size != sizeof p)
            return LCC__MISUSE(ctx, "lcc_engine_params: unknown size %zu", params->size);
        p = *params;
    }
    if (p.alert_timeout_ms < 1000 || p.alert_timeout_ms > 600000)
        return lcc__error(ctx, LCC_ERANGE, "alert_timeout_ms must be 1000..600000, not %ld",
                          (long)p.alert_timeout_ms);
    if (ctx->engine)
        return lcc__error(ctx, LCC_EEXISTS, "the context already has an engine");
    lcc_engine *e = lcc__handle_new(ctx, sizeof *e, LCC__MAGIC_ENGINE, engine_destroy);
    if (!e)
        return LCC_ENOMEM;
    e->alert_timeout_ms = p.alert_timeout_ms;
    e->threading_ms = LCC_ENGINE_THREADING_DEFAULT_MS;
    e->rng = (uint64_t)lcc__now(ctx) ^ (uint64_t)(uintptr_t)e;
    ctx->engine = e;
    lcc_status st = LCC_OK;
    int digital = ctx->digital_channels, digital_set = ctx->digital_set;
    /* The host's objects are stored first, so that they win over stored
     * rows of the same id; then the rest of the directory and the
     * callbacks are read back. */
    if (p.store_path && p.store_path[0] &&
        ((st = lcc__store_open(&e->store, ctx, p.store_path)) != LCC_OK ||
         (st = lcc__store_put_directory(e->store, ctx)) != LCC_OK ||
         (st = lcc__store_load(e->store, e)) != LCC_OK)) {
        char msg[sizeof ctx->errmsg];
        memcpy(msg, ctx->errmsg, sizeof msg);
        while (e->h.next != &ctx->handles) /* the objects the load made */
            lcc__handle_free(e->h.next);
        lcc__handle_free(&e->h);
        ctx->digital_channels = digital; /* as it was before the load */
        ctx->digital_set = digital_set;
        memcpy(ctx->errmsg, msg, sizeof msg); /* the store's reason, not the teardown's */
        return st;
    }
    if (e->store) {
        ctx->save_object = save_object;
        ctx->save_settings = save_settings;
        ctx->save_ud = e->store;
    }
    *out = e;
    return LCC_OK;
}

LCC_API void lcc_engine_free(lcc_engine *e)
{
    if (OK(e))
        lcc__handle_free(&e->h);
}

lcc_status lcc__eng_begin(lcc_engine *e)
{
    return e->store ? lcc__store_begin(e->store) : LCC_OK;
}

lcc_status lcc__eng_end(lcc_engine *e, int keep)
{
    return e->store ? lcc__store_end(e->store, keep) : LCC_OK;
}

LCC_API lcc_status lcc_engine_begin(lcc_engine *e)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_status st = lcc__eng_begin(e);
    if (st == LCC_OK)
        e->batches++;
    return st;
}

LCC_API lcc_status lcc_engine_commit(lcc_engine *e)
{
    if (!OK(e))
        return LCC_EMISUSE;
    if (!e->batches)
        return LCC__MISUSE(lcc__eng_ctx(e), "lcc_engine_commit: no batch is open");
    e->batches--;
    return lcc__eng_end(e, 1);
}

int lcc__engine_origin_taken(lcc_engine *e, const char *id)
{
    return e && id && lcc__map_get(&e->origins, id) != NULL;
}

LCC_API lcc_engine *lcc_context_engine(lcc_context *ctx)
{
    return lcc__context_ok(ctx) ? ctx->engine : NULL;
}

LCC_API lcc_status lcc_engine_handle(int *http_status, char **response, size_t *response_len,
                                     lcc_engine *e, const char *method, const char *path,
                                     const char *authorization, const char *body,
                                     size_t body_len)
{
    if (!OK(e))
        return LCC_EMISUSE;
    if (!http_status || !response || !response_len || !method || !path || (!body && body_len))
        return LCC__MISUSE(lcc__eng_ctx(e), "lcc_engine_handle: NULL argument");
    char *resp = NULL;
    size_t len = 0;
    lcc_context *ctx = lcc__eng_ctx(e);
    lcc_status st = lcc__eng_handle(http_status, &resp, &len, e, method, path, authorization, body,
                                    body_len);
    char *out = st == LCC_OK ? lcc__out_alloc(&ctx->alloc, len + 1) : NULL;
    if (out) {
        memcpy(out, resp, len + 1);
        *response = out;
        *response_len = len;
    } else if (st == LCC_OK) {
        st = lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    lcc__free(&ctx->alloc, resp);
    return st;
}
