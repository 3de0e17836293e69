/* Scheduled callbacks: recording and read access. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "model/model.h"
#include "phone/phone.h"
#include "rules/callback_rules.h"
#include "time/zone.h"

#define OK(c) lcc__handle_ok((c), LCC__MAGIC_CALLBACK)

static void callback_destroy(lcc__object *o)
{
    lcc_callback *c = (lcc_callback *)o;
    lcc_context *ctx = o->h.ctx;
    if (c->conversation_id &&
        lcc__map_get(&ctx->callback_by_conversation, c->conversation_id) == c)
        lcc__map_remove(&ctx->callback_by_conversation, c->conversation_id);
    char *strs[] = {c->conversation_id, c->agent_id, c->queue_id, c->owner_id, c->preferred_id,
                    c->time_zone, c->caller_id_name, c->callee_name};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        lcc__free(&ctx->alloc, strs[i]);
    lcc__kv_clear(&c->data, &ctx->alloc);
    lcc__kv_clear(&c->remote_ids, &ctx->alloc);
    if (c->remote_id && lcc__map_get(&ctx->callback_by_remote, c->remote_id) == c)
        lcc__map_remove(&ctx->callback_by_remote, c->remote_id);
    lcc__free(&ctx->alloc, c->remote_id);
}

/* Copies an optional string; 0 or -1. */
static int dup_opt(lcc_context *ctx, char **dst, const char *src)
{
    return src && !(*dst = lcc__strdup(&ctx->alloc, src)) ? -1 : 0;
}

lcc_status lcc__callback_record(lcc_callback **out, lcc_context *ctx, const lcc__callback_init *in)
{
    char id[32];
    snprintf(id, sizeof id, "cb-%llu", (unsigned long long)(ctx->next_callback_seq + 1));
    if (lcc__map_reserve(&ctx->callback_by_conversation, &ctx->alloc, 1))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    lcc_callback *c;
    lcc_status st = lcc__object_new((void **)&c, ctx, &ctx->callbacks, sizeof *c,
                                    LCC__MAGIC_CALLBACK, "callback", id, NULL, callback_destroy);
    if (st != LCC_OK)
        return st;
    if (dup_opt(ctx, &c->conversation_id, in->conversation_id) ||
        dup_opt(ctx, &c->agent_id, in->agent_id) || dup_opt(ctx, &c->queue_id, in->queue_id) ||
        dup_opt(ctx, &c->owner_id, in->owner_id) ||
        dup_opt(ctx, &c->preferred_id, in->preferred_id) ||
        dup_opt(ctx, &c->time_zone, in->time_zone) ||
        dup_opt(ctx, &c->caller_id_name, in->caller_id_name) ||
        dup_opt(ctx, &c->callee_name, in->callee_name) ||
        (in->data && lcc__kv_copy(&c->data, &ctx->alloc, in->data))) {
        lcc__handle_free(&c->o.h);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    c->state = LCC_CALLBACK_SCHEDULED;
    snprintf(c->number, sizeof c->number, "%s", in->number->e164);
    snprintf(c->extension, sizeof c->extension, "%s", in->number->extension);
    c->scheduled_ms = in->scheduled_ms;
    if (in->caller_id) {
        snprintf(c->caller_id, sizeof c->caller_id, "%s", in->caller_id);
        c->has_caller_id = 1;
    }
    lcc__map_put(&ctx->callback_by_conversation, &ctx->alloc, c->conversation_id, c); /* reserved */
    ctx->next_callback_seq++;
    lcc__log(ctx, LCC_LOG_INFO, "callback %s scheduled for conversation %s on queue %s", c->o.id,
             c->conversation_id, c->queue_id ? c->queue_id : "-");
    *out = c;
    return LCC_OK;
}

LCC_API lcc_callback *lcc_context_find_callback(lcc_context *ctx, const char *id)
{
    return lcc__context_ok(ctx) && id ? lcc__map_get(&ctx->callbacks, id) : NULL;
}

LCC_API lcc_callback *lcc_context_find_callback_for_conversation(lcc_context *ctx,
                                                                 const char *conversation_id)
{
    return lcc__context_ok(ctx) && conversation_id
               ? lcc__map_get(&ctx->callback_by_conversation, conversation_id)
               : NULL;
}

#define GETTER(name, expr) \
    LCC_API const char *lcc_callback_##name(const lcc_callback *c) { return OK(c) ? (expr) : NULL; }

GETTER(id, c->o.id)
GETTER(conversation_id, c->conversation_id)
GETTER(agent_id, c->agent_id)
GETTER(queue_id, c->queue_id)
GETTER(owner_id, c->owner_id)
GETTER(preferred_agent_id, c->preferred_id)
GETTER(number, c->number)
GETTER(extension, c->extension)
GETTER(time_zone, c->time_zone)
GETTER(caller_id, c->has_caller_id ? c->caller_id : NULL)
GETTER(caller_id_name, c->caller_id_name)
GETTER(callee_name, c->callee_name)

LCC_API int64_t lcc_callback_scheduled_ms(const lcc_callback *c)
{
    return OK(c) ? c->scheduled_ms : 0;
}

LCC_API size_t lcc_callback_data_count(const lcc_callback *c)
{
    return OK(c) ? c->data.n : 0;
}

LCC_API const char *lcc_callback_data_key(const lcc_callback *c, size_t i)
{
    return OK(c) && i < c->data.n ? c->data.v[i].key : NULL;
}

LCC_API const char *lcc_callback_data_value(const lcc_callback *c, size_t i)
{
    return OK(c) && i < c->data.n ? c->data.v[i].value : NULL;
}

LCC_API const char *lcc_callback_data_get(const lcc_callback *c, const char *key)
{
    return OK(c) && key ? lcc__kv_get(&c->data, key) : NULL;
}

LCC_API lcc_callback_state lcc_callback_get_state(const lcc_callback *c)
{
    return OK(c) ? c->state : LCC_CALLBACK_SCHEDULED;
}

/* ---- changes: CB-CANCEL, CB-RESCHEDULE --------------------------------- */

/* Hands the report out (or frees it) and turns its errors into a status. */
static lcc_status finish_report(lcc_report **out, lcc_report *rep, lcc_context *ctx)
{
    lcc_status st = lcc__report_status(ctx, rep);
    if (out && st != LCC_ENOMEM)
        *out = rep;
    else
        lcc_report_free(rep);
    return st;
}

/* Checks the handles and who may change the callback; returns a new report. */
static lcc_status check_change(lcc_report **rep, lcc_callback *c, const lcc_agent *by,
                               const char *rule, const char *verb)
{
    if (!OK(c))
        return LCC_EMISUSE;
    lcc_context *ctx = c->o.h.ctx;
    if (!lcc__handle_ok(by, LCC__MAGIC_AGENT) || by->o.h.ctx != ctx)
        return LCC__MISUSE(ctx, "lcc_callback_%s: invalid agent handle or one of another context",
                           verb);
    if (!(*rep = lcc__report_new(&ctx->alloc)))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    const char *id = by->o.id;
    lcc__cb_change ch = {
        .rule = rule,
        .verb = verb,
        .actor_id = id,
        .actor_is_supervisor = lcc_agent_has_role(by, LCC_ROLE_SUPERVISOR),
        .actor_is_scheduler_or_owner = strcmp(id, c->agent_id) == 0 ||
                                       (c->owner_id && strcmp(id, c->owner_id) == 0),
        .scheduled = c->state == LCC_CALLBACK_SCHEDULED,
    };
    lcc__rules_callback_change(*rep, &ch);
    return LCC_OK;
}

/* A callback the backend knows changes only through the *_remote calls. */
static lcc_status check_local(lcc_callback *c, const char *verb)
{
    if (OK(c) && c->sync != LCC_SYNC_LOCAL && c->sync != LCC_SYNC_FAILED)
        return lcc__error(c->o.h.ctx, LCC_ESTATE,
                          "callback %s is known to the backend: use lcc_callback_%s_remote",
                          c->o.id, verb);
    return LCC_OK;
}

lcc_status lcc__callback_check_cancel(lcc_report **report, lcc_callback *c, const lcc_agent *by)
{
    lcc_report *rep;
    lcc_status st = check_change(&rep, c, by, "CB-CANCEL", "cancel");
    return st == LCC_OK ? finish_report(report, rep, c->o.h.ctx) : st;
}

LCC_API lcc_status lcc_callback_cancel(lcc_report **report, lcc_callback *c, const lcc_agent *by)
{
    lcc_status st = check_local(c, "cancel");
    if (st == LCC_OK)
        st = lcc__callback_check_cancel(report, c, by);
    if (st == LCC_OK) {
        c->state = LCC_CALLBACK_CANCELLED;
        lcc__log(c->o.h.ctx, LCC_LOG_INFO, "callback %s cancelled by %s", c->o.id, by->o.id);
    }
    return st;
}

lcc_status lcc__callback_check_reschedule(lcc_report **report, lcc_callback *c,
                                          const lcc_agent *by, int64_t new_ms)
{
    lcc_report *rep;
    lcc_status st = check_change(&rep, c, by, "CB-RESCHEDULE", "reschedule");
    if (st != LCC_OK)
        return st;
    lcc_context *ctx = c->o.h.ctx;
    const lcc_queue *q = c->queue_id ? lcc__map_get(&ctx->queues, c->queue_id) : NULL;
    const lcc_agent *scheduler = lcc__map_get(&ctx->agents, c->agent_id);
    lcc__cb_facts f = {
        .now_ms = ctx->now_ms(ctx->clock_ud),
        .horizon_ms = ctx->horizon_ms,
        .scheduled_ms = new_ms,
        .zone = c->time_zone ? c->time_zone
                : scheduler && scheduler->time_zone ? scheduler->time_zone : "UTC",
        .take_ownership = c->owner_id != NULL,
        .owned_enabled = q && q->owned_enabled,
        .owned_limit_h = q ? q->owned_limit_h : 0,
        .target_queue_id = c->queue_id,
    };
    /* The new time as the callee sees it, for the sentences. */
    const lcc__tz *tz;
    char err[256];
    if (lcc__zone_get(&tz, ctx, f.zone, err, sizeof err) != LCC_OK)
        tz = NULL, f.zone = "UTC";
    lcc__zone_to_local(tz, new_ms, &f.resolved);
    lcc__rules_callback_instant(rep, &f);
    return finish_report(report, rep, ctx);
}

LCC_API lcc_status lcc_callback_reschedule(lcc_report **report, lcc_callback *c,
                                           const lcc_agent *by, int64_t new_ms)
{
    lcc_status st = check_local(c, "reschedule");
    if (st == LCC_OK)
        st = lcc__callback_check_reschedule(report, c, by, new_ms);
    if (st == LCC_OK) {
        c->scheduled_ms = new_ms;
        lcc__log(c->o.h.ctx, LCC_LOG_INFO, "callback %s rescheduled by %s", c->o.id, by->o.id);
    }
    return st;
}
