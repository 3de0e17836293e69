/* Callbacks on the backend: create, reschedule, cancel, fetch, and server
 * notifications, through operations (lib/transport) and the Genesys Cloud
 * shapes (lib/api). */
#include <string.h>
#include <strings.h>

#include "api/genesys.h"
#include "core/alloc.h"
#include "model/model.h"
#include "transport/io.h"

#define OK(c) lcc__handle_ok((c), LCC__MAGIC_CALLBACK)
#define CALLBACKS_PATH "/api/v2/conversations/callbacks"
#define MAX_BULK 100

/* The data of a bulk operation. */
struct bulk {
    size_t n;
    lcc_callback *cbs[MAX_BULK];
};

/* The callbacks an op acts on: its callback, or those of its bulk data. */
static size_t op_callbacks(struct lcc_op *op, lcc_callback *const **cbs)
{
    if (op->callback) {
        *cbs = &op->callback;
        return 1;
    }
    const struct bulk *b = op->data;
    *cbs = b ? b->cbs : NULL;
    return b ? b->n : 0;
}

static void unbusy(struct lcc_op *op)
{
    lcc_callback *const *cbs;
    size_t n = op_callbacks(op, &cbs);
    for (size_t i = 0; i < n; i++)
        if (cbs[i]->busy == op)
            cbs[i]->busy = NULL;
}

static const lcc__op_class bulk_cancel_class;

/* Starts an op on the callbacks cbs[0..n) (op->callback when n is 1 and
 * data is not a bulk); takes path, body and data (freed on failure).  cbs
 * must stay valid during the call. */
static lcc_status start(lcc_op **out, lcc_context *ctx, const lcc__op_class *cls,
                        const char *method, int idempotent, char *path, char *body, size_t len,
                        lcc_callback *const *cbs, size_t n, void *data)
{
    struct lcc_op *op = NULL;
    lcc_status st = (path && (body || !len)) ? lcc__op_new(&op, ctx, cls, method, idempotent)
                                             : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st != LCC_OK) {
        lcc__free(&ctx->alloc, path);
        lcc__free(&ctx->alloc, body);
        lcc__free(&ctx->alloc, data);
        return st;
    }
    lcc__op_set_request(op, path, body, len);
    op->callback = cls == &bulk_cancel_class ? NULL : cbs[0];
    op->data = data;
    /* busy before sending: a token hook may finish the op inside start */
    for (size_t i = 0; i < n; i++)
        cbs[i]->busy = op;
    st = lcc__op_start(op); /* frees op and data on failure, without `finished` */
    if (st != LCC_OK) {
        for (size_t i = 0; i < n; i++)
            cbs[i]->busy = NULL;
        return st;
    }
    *out = op;
    return LCC_OK;
}

/* Common start of the entry points: clears the outputs; LCC_EMISUSE for an
 * invalid callback or a NULL op. */
static lcc_status begin(lcc_op **op, lcc_report **report, const lcc_callback *c)
{
    if (op)
        *op = NULL;
    if (report)
        *report = NULL;
    if (!OK(c))
        return LCC_EMISUSE;
    return op ? LCC_OK : LCC__MISUSE(c->o.h.ctx, "op must not be NULL");
}

/* Common checks of a remote change: a synced callback with nothing in flight. */
static lcc_status check_synced(lcc_callback *c, const char *verb)
{
    lcc_context *ctx = c->o.h.ctx;
    if (c->busy)
        return lcc__error(ctx, LCC_ESTATE, "callback %s has an operation in flight", c->o.id);
    if (c->sync != LCC_SYNC_SYNCED || !c->remote_id)
        return lcc__error(ctx, LCC_ESTATE,
                          "lcc_callback_%s_remote: callback %s is not on the backend (submit it "
                          "first)", verb, c->o.id);
    return LCC_OK;
}

/* --- applying what the backend says -------------------------------------- */

static lcc_status set_remote_id(lcc_callback *c, const char *id)
{
    lcc_context *ctx = c->o.h.ctx;
    char *copy = lcc__strdup(&ctx->alloc, id);
    if (!copy || lcc__map_reserve(&ctx->callback_by_remote, &ctx->alloc, 1)) {
        lcc__free(&ctx->alloc, copy);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    if (c->remote_id && lcc__map_get(&ctx->callback_by_remote, c->remote_id) == c)
        lcc__map_remove(&ctx->callback_by_remote, c->remote_id);
    lcc__free(&ctx->alloc, c->remote_id);
    c->remote_id = copy;
    lcc__map_put(&ctx->callback_by_remote, &ctx->alloc, copy, c);
    return LCC_OK;
}

/* Updates c from the backend's view; queues the events of what changed. */
static lcc_status apply_view(lcc_callback *c, const lcc__gc_view *v)
{
    lcc_context *ctx = c->o.h.ctx;
    int updated = 0;
    /* cancelled (or rejected) is final: a late or out-of-order view of the
     * time before does not change it or bring it back */
    if (c->state != LCC_CALLBACK_SCHEDULED)
        return LCC_OK;
    if (v->queue_id && (!c->queue_id || strcmp(v->queue_id, c->queue_id) != 0)) {
        if (lcc__replace_str(ctx, &c->queue_id, v->queue_id) != LCC_OK)
            return LCC_ENOMEM;
        updated = 1;
    }
    if (v->scheduled_ms != INT64_MIN && v->scheduled_ms != c->scheduled_ms) {
        c->scheduled_ms = v->scheduled_ms;
        updated = 1;
    }
    if (updated)
        lcc__event_push(ctx, LCC_EVENT_CALLBACK_UPDATED, LCC_OK, NULL, c);
    if (v->disconnected) {
        c->state = LCC_CALLBACK_CANCELLED;
        lcc__event_push(ctx, LCC_EVENT_CALLBACK_CANCELLED, LCC_OK, NULL, c);
    }
    return LCC_OK;
}

/* --- create ---------------------------------------------------------------- */

static lcc_status create_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    lcc_context *ctx = op->h.ctx;
    lcc_callback *c = op->callback;
    lcc__gc_created cr = {0};
    lcc_status st = lcc__gc_parse_created(&cr, ctx, body, len);
    if (st == LCC_OK)
        st = set_remote_id(c, cr.conversation_id);
    for (size_t i = 0; st == LCC_OK && i < cr.n_ids; i++)
        if (lcc__kv_set(&c->remote_ids, &ctx->alloc, cr.ids[i].type, cr.ids[i].id))
            st = LCC_ENOMEM;
    lcc__gc_created_clear(&cr, ctx);
    if (st != LCC_OK)
        return lcc__error(ctx, LCC_EUNKNOWN_OUTCOME,
                          "HTTP %d: the backend created the callback but its answer could not be "
                          "used (%s)", http, lcc_status_str(st));
    return LCC_OK;
}

static void create_finished(struct lcc_op *op, lcc_status st)
{
    lcc_context *ctx = op->h.ctx;
    lcc_callback *c = op->callback;
    unbusy(op);
    switch (st) {
    case LCC_OK:
        c->sync = LCC_SYNC_SYNCED;
        lcc__event_push(ctx, LCC_EVENT_CALLBACK_CREATED, LCC_OK, NULL, c);
        return;
    case LCC_EVALIDATION:
    case LCC_EREJECTED:
    case LCC_EPERM:
    case LCC_ENOTFOUND:
        /* refused: there is no callback for the conversation (CB-SINGLE) */
        c->sync = LCC_SYNC_FAILED;
        c->state = LCC_CALLBACK_REJECTED;
        if (lcc__map_get(&ctx->callback_by_conversation, c->conversation_id) == c)
            lcc__map_remove(&ctx->callback_by_conversation, c->conversation_id);
        lcc__event_push(ctx, LCC_EVENT_CALLBACK_REJECTED, st, NULL, c);
        return;
    case LCC_EUNKNOWN_OUTCOME:
        c->sync = LCC_SYNC_UNKNOWN;
        return;
    case LCC_ECANCELED:
        /* cancelled while the POST was out: it may have arrived */
        c->sync = op->sent_unanswered ? LCC_SYNC_UNKNOWN : LCC_SYNC_FAILED;
        return;
    default:
        c->sync = LCC_SYNC_FAILED;
    }
}

static const lcc__op_class create_class = {LCC_OP_CALLBACK_CREATE, create_success,
                                           create_finished, NULL};

LCC_API lcc_status lcc_callback_submit(lcc_op **op, lcc_callback *c, unsigned flags)
{
    lcc_status st = begin(op, NULL, c);
    if (st != LCC_OK)
        return st;
    lcc_context *ctx = c->o.h.ctx;
    if (flags & ~LCC_SUBMIT_AFTER_UNKNOWN)
        return LCC__MISUSE(ctx, "lcc_callback_submit: unknown flags %#x", flags);
    if (c->busy)
        return lcc__error(ctx, LCC_ESTATE, "callback %s has an operation in flight", c->o.id);
    if (c->state != LCC_CALLBACK_SCHEDULED)
        return lcc__error(ctx, LCC_ESTATE, "callback %s is %s", c->o.id,
                          c->state == LCC_CALLBACK_CANCELLED ? "cancelled" : "rejected");
    if (c->sync == LCC_SYNC_SYNCED)
        return lcc__error(ctx, LCC_ESTATE, "callback %s already exists on the backend (%s)",
                          c->o.id, c->remote_id);
    if (c->sync == LCC_SYNC_UNKNOWN && !(flags & LCC_SUBMIT_AFTER_UNKNOWN))
        return lcc__error(ctx, LCC_ESTATE,
                          "callback %s: an earlier submission may have created it; check the "
                          "backend, then call lcc_callback_set_remote_id or submit with "
                          "LCC_SUBMIT_AFTER_UNKNOWN", c->o.id);
    char *body = NULL;
    size_t len = 0;
    st = lcc__gc_create_body(&body, &len, ctx, c);
    if (st != LCC_OK)
        return st;
    return start(op, ctx, &create_class, "POST", 0, lcc__strdup(&ctx->alloc, CALLBACKS_PATH), body,
                 len, &c, 1, NULL);
}

LCC_API lcc_status lcc_callback_withdraw(lcc_callback *c)
{
    if (!OK(c))
        return LCC_EMISUSE;
    lcc_context *ctx = c->o.h.ctx;
    if (c->busy)
        return lcc__error(ctx, LCC_ESTATE, "callback %s has an operation in flight", c->o.id);
    if (c->state != LCC_CALLBACK_SCHEDULED)
        return lcc__error(ctx, LCC_ESTATE, "callback %s is %s", c->o.id,
                          c->state == LCC_CALLBACK_CANCELLED ? "cancelled" : "rejected");
    if (c->sync != LCC_SYNC_LOCAL && c->sync != LCC_SYNC_FAILED)
        return lcc__error(ctx, LCC_ESTATE,
                          "callback %s %s the backend: cancel it there instead", c->o.id,
                          c->sync == LCC_SYNC_SYNCED ? "is on" : "may be on");
    c->state = LCC_CALLBACK_REJECTED;
    if (lcc__map_get(&ctx->callback_by_conversation, c->conversation_id) == c)
        lcc__map_remove(&ctx->callback_by_conversation, c->conversation_id);
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_set_remote_id(lcc_callback *c, const char *conversation_id)
{
    if (!OK(c))
        return LCC_EMISUSE;
    lcc_context *ctx = c->o.h.ctx;
    if (c->sync != LCC_SYNC_UNKNOWN || c->busy)
        return lcc__error(ctx, LCC_ESTATE, "callback %s is not waiting for reconciliation",
                          c->o.id);
    lcc_status st = lcc__check_text(ctx, "conversation_id", conversation_id, 256, 0);
    if (st == LCC_OK)
        st = set_remote_id(c, conversation_id);
    if (st == LCC_OK) {
        c->sync = LCC_SYNC_SYNCED;
        lcc__event_push(ctx, LCC_EVENT_CALLBACK_CREATED, LCC_OK, NULL, c);
    }
    return st;
}

/* --- reschedule ------------------------------------------------------------ */

static lcc_status reschedule_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    (void)http, (void)body, (void)len; /* the answer repeats the ids we have */
    lcc_callback *c = op->callback;
    if (c->state != LCC_CALLBACK_SCHEDULED) /* cancelled meanwhile: final */
        return LCC_OK;
    c->scheduled_ms = *(const int64_t *)op->data;
    lcc__event_push(op->h.ctx, LCC_EVENT_CALLBACK_UPDATED, LCC_OK, NULL, c);
    return LCC_OK;
}

static void just_unbusy(struct lcc_op *op, lcc_status st)
{
    (void)st;
    unbusy(op);
}

static const lcc__op_class reschedule_class = {LCC_OP_CALLBACK_RESCHEDULE, reschedule_success,
                                               just_unbusy, NULL};

LCC_API lcc_status lcc_callback_reschedule_remote(lcc_op **op, lcc_report **report,
                                                  lcc_callback *c, const lcc_agent *by,
                                                  int64_t new_ms)
{
    lcc_status st = begin(op, report, c);
    if (st != LCC_OK)
        return st;
    lcc_context *ctx = c->o.h.ctx;
    st = check_synced(c, "reschedule");
    if (st == LCC_OK)
        st = lcc__callback_check_reschedule(report, c, by, new_ms);
    if (st != LCC_OK)
        return st;
    char *body = NULL;
    size_t len = 0;
    int64_t *when = lcc__malloc(&ctx->alloc, sizeof *when);
    st = when ? lcc__gc_patch_body(&body, &len, ctx, c->remote_id, by->o.id, NULL, new_ms)
              : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st != LCC_OK) {
        lcc__free(&ctx->alloc, when);
        return st;
    }
    *when = new_ms;
    /* absolute values: resending it is harmless, so it is idempotent */
    return start(op, ctx, &reschedule_class, "PATCH", 1, lcc__strdup(&ctx->alloc, CALLBACKS_PATH),
                 body, len, &c, 1, when);
}

/* --- cancel -------------------------------------------------------------- */

static lcc_status cancel_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    (void)http, (void)body, (void)len;
    lcc_callback *const *cbs;
    size_t n = op_callbacks(op, &cbs);
    for (size_t i = 0; i < n; i++)
        if (cbs[i]->state == LCC_CALLBACK_SCHEDULED) {
            cbs[i]->state = LCC_CALLBACK_CANCELLED;
            lcc__event_push(op->h.ctx, LCC_EVENT_CALLBACK_CANCELLED, LCC_OK, NULL, cbs[i]);
        }
    return LCC_OK;
}

/* A cancel resent after its answer was lost meets "no longer scheduled":
 * the first attempt did it. */
#define ALREADY_CANCELLED "callback.error.cancel.not.scheduled"
static const lcc__op_class cancel_class = {LCC_OP_CALLBACK_CANCEL, cancel_success, just_unbusy,
                                           ALREADY_CANCELLED};
static const lcc__op_class bulk_cancel_class = {LCC_OP_CALLBACK_BULK_CANCEL, cancel_success,
                                                just_unbusy, ALREADY_CANCELLED};

LCC_API lcc_status lcc_callback_cancel_remote(lcc_op **op, lcc_report **report, lcc_callback *c,
                                              const lcc_agent *by)
{
    lcc_status st = begin(op, report, c);
    if (st != LCC_OK)
        return st;
    lcc_context *ctx = c->o.h.ctx;
    st = check_synced(c, "cancel");
    if (st == LCC_OK)
        st = lcc__callback_check_cancel(report, c, by);
    if (st != LCC_OK)
        return st;
    char *body = NULL;
    size_t len = 0;
    st = lcc__gc_disconnect_body(&body, &len, ctx);
    if (st != LCC_OK)
        return st;
    return start(op, ctx, &cancel_class, "PATCH", 1, lcc__gc_path(ctx, CALLBACKS_PATH, c->remote_id, NULL, NULL, NULL), body, len,
                 &c, 1, NULL);
}

LCC_API lcc_status lcc_callback_cancel_remote_bulk(lcc_op **op, lcc_report **report,
                                                   lcc_callback *const *cbs, size_t n,
                                                   const lcc_agent *by)
{
    lcc_status st = begin(op, report, cbs && n ? cbs[0] : NULL);
    if (st != LCC_OK)
        return st;
    lcc_context *ctx = cbs[0]->o.h.ctx;
    if (n > MAX_BULK)
        return lcc__error(ctx, LCC_ERANGE, "a bulk cancel takes 1 .. %d callbacks", MAX_BULK);
    const char *conv[MAX_BULK], *ids[MAX_BULK];
    for (size_t i = 0; i < n; i++) {
        if (!OK(cbs[i]) || cbs[i]->o.h.ctx != ctx)
            return LCC__MISUSE(ctx, "callback %zu is invalid or of another context", i);
        for (size_t j = 0; j < i; j++)
            if (cbs[j] == cbs[i])
                return lcc__error(ctx, LCC_EINVAL, "callback %s is listed twice", cbs[i]->o.id);
        /* each callback's CB-CANCEL report; the refused one is handed out */
        lcc_report *rep = NULL;
        st = check_synced(cbs[i], "cancel");
        if (st == LCC_OK)
            st = lcc__callback_check_cancel(report ? &rep : NULL, cbs[i], by);
        if (st != LCC_OK) {
            if (report)
                *report = rep;
            return st;
        }
        lcc_report_free(rep);
        conv[i] = cbs[i]->remote_id;
        ids[i] = lcc_callback_remote_callback_id(cbs[i], "EXTERNAL");
        if (!ids[i])
            ids[i] = cbs[i]->remote_ids.n ? cbs[i]->remote_ids.v[0].value : cbs[i]->remote_id;
    }
    struct bulk *data = lcc__malloc(&ctx->alloc, sizeof *data);
    char *body = NULL;
    size_t len = 0;
    st = data ? lcc__gc_bulk_disconnect_body(&body, &len, ctx, conv, ids, n)
                         : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st != LCC_OK) {
        lcc__free(&ctx->alloc, data);
        return st;
    }
    data->n = n;
    memcpy(data->cbs, cbs, n * sizeof *cbs);
    return start(op, ctx, &bulk_cancel_class, "POST", 1,
                 lcc__strdup(&ctx->alloc, CALLBACKS_PATH "/bulk/disconnect"), body, len, cbs, n,
                 data);
}

/* --- fetch and notifications ---------------------------------------------- */

static lcc_status fetch_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    lcc_context *ctx = op->h.ctx;
    (void)http;
    lcc__gc_view v = {0};
    lcc_status st = lcc__gc_parse_conversation(&v, ctx, body, len);
    if (st == LCC_OK)
        st = apply_view(op->callback, &v);
    lcc__gc_view_clear(&v, ctx);
    return st == LCC_OK ? st : lcc__error(ctx, st, "the callback conversation could not be read");
}

static const lcc__op_class fetch_class = {LCC_OP_CALLBACK_FETCH, fetch_success, just_unbusy, NULL};

LCC_API lcc_status lcc_callback_fetch(lcc_op **op, lcc_callback *c)
{
    lcc_status st = begin(op, NULL, c);
    if (st != LCC_OK)
        return st;
    lcc_context *ctx = c->o.h.ctx;
    st = check_synced(c, "fetch");
    if (st != LCC_OK)
        return st;
    return start(op, ctx, &fetch_class, "GET", 1, lcc__gc_path(ctx, CALLBACKS_PATH, c->remote_id, NULL, NULL, NULL), NULL, 0, &c,
                 1, NULL);
}

LCC_API lcc_status lcc_context_ingest_notification(lcc_context *ctx, const char *json, size_t len)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    if (!json && len)
        return LCC__MISUSE(ctx, "json is NULL");
    lcc__gc_topic topic = LCC__GC_TOPIC_IGNORED;
    lcc__gc_view v = {0};
    lcc_status st = lcc__gc_parse_notification(&topic, &v, ctx, json ? json : "", len);
    if (st == LCC_OK && topic == LCC__GC_TOPIC_CALLBACK && v.conversation_id) {
        lcc_callback *c = lcc__map_get(&ctx->callback_by_remote, v.conversation_id);
        if (c)
            st = apply_view(c, &v);
    }
    lcc__gc_view_clear(&v, ctx);
    if (st == LCC_EFORMAT)
        return lcc__error(ctx, st, "not a notification: a JSON object with a topicName");
    return st;
}

/* --- getters ----------------------------------------------------------------- */

LCC_API lcc_callback_sync lcc_callback_get_sync(const lcc_callback *c)
{
    if (!OK(c))
        return LCC_SYNC_LOCAL;
    return c->busy ? LCC_SYNC_PENDING : c->sync;
}

LCC_API const char *lcc_callback_remote_id(const lcc_callback *c)
{
    return OK(c) ? c->remote_id : NULL;
}

LCC_API const char *lcc_callback_remote_callback_id(const lcc_callback *c, const char *type)
{
    if (!OK(c) || !type)
        return NULL;
    for (size_t i = 0; i < c->remote_ids.n; i++)
        if (strcasecmp(c->remote_ids.v[i].key, type) == 0)
            return c->remote_ids.v[i].value;
    return NULL;
}
