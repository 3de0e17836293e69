/* Routing over time: due callbacks, owners' windows, queues, offers and
 * alert timeouts (CB-DISPATCH, CB-ROUTE-ME, CB-OWN-WINDOW). */
#include "engine/engine.h"

#include <string.h>

#include "contactcore/conversation.h"
#include "core/alloc.h"
#include "model/model.h"
#include "transport/io.h"

int lcc__eng_available(const eng_agent *a)
{
    return a && a->presence == LCC_PRESENCE_AVAILABLE && a->routing == LCC_ROUTING_IDLE &&
           !a->offer && !a->active && !a->wrapups;
}

void lcc__eng_arm(lcc_engine *e, eng_item *it, int64_t when)
{
    lcc__timers_arm(&lcc__eng_ctx(e)->io->timers, &it->timer, when);
}

void lcc__eng_disarm(lcc_engine *e, eng_item *it)
{
    lcc__timers_disarm(&lcc__eng_ctx(e)->io->timers, &it->timer);
}

/* ---- waiting lists, ordered by waiting_since (returned items keep their place) ---- */

static void fifo_insert(eng_fifo *f, eng_item *it)
{
    eng_item *after = f->tail;
    while (after && after->waiting_since > it->waiting_since)
        after = after->prev;
    it->prev = after;
    it->next = after ? after->next : f->head;
    if (it->next)
        it->next->prev = it;
    else
        f->tail = it;
    if (after)
        after->next = it;
    else
        f->head = it;
}

static void fifo_remove(eng_fifo *f, eng_item *it)
{
    if (it->prev)
        it->prev->next = it->next;
    else
        f->head = it->next;
    if (it->next)
        it->next->prev = it->prev;
    else
        f->tail = it->prev;
    it->prev = it->next = NULL;
}

void lcc__eng_unlink(lcc_engine *e, eng_item *it)
{
    (void)e;
    if (it->place == ENG_IN_QUEUE)
        fifo_remove(&it->queue->waiting, it);
    else if (it->place == ENG_WITH_OWNER)
        fifo_remove(&it->owner->owned, it);
    it->place = ENG_NOWHERE;
    if (it->state == LCC_ENGINE_OFFERED && it->agent && it->agent->offer == it)
        it->agent->offer = NULL;
}

void lcc__eng_set_routing(lcc_engine *e, eng_agent *a, lcc_routing_status s)
{
    if (s == LCC_ROUTING_IDLE && a->routing != LCC_ROUTING_IDLE)
        a->idle_since = lcc__now(lcc__eng_ctx(e));
    if (a->routing == s)
        return;
    a->routing = s;
    lcc__eng_event(e, LCC_EVENT_ENGINE_AGENT_STATUS, LCC_OK, NULL, a);
}

static void offer(lcc_engine *e, eng_item *it, eng_agent *a)
{
    lcc__eng_unlink(e, it);
    it->state = LCC_ENGINE_OFFERED;
    it->agent = a;
    a->offer = it;
    if (it->kind == ENG_MESSAGE)
        lcc__eng_social_offered(e, it, a);
    lcc__eng_arm(e, it, lcc__now(lcc__eng_ctx(e)) + e->alert_timeout_ms);
    lcc__eng_event(e, LCC_EVENT_ENGINE_OFFERED, LCC_OK, it, a);
}

/* The available member of the item's queue who has waited longest. */
static eng_agent *longest_idle(lcc_engine *e, const eng_item *it)
{
    const lcc_queue *q = lcc_context_find_queue(lcc__eng_ctx(e), it->queue->id);
    eng_agent *best = NULL;
    for (size_t i = 0; q && i < q->members.n; i++) {
        eng_agent *a = lcc__map_get(&e->agents, q->members.v[i]);
        if (lcc__eng_available(a) && (!best || a->idle_since < best->idle_since))
            best = a;
    }
    return best;
}

static int is_member(lcc_engine *e, const eng_item *it, const eng_agent *a)
{
    const lcc_queue *q = lcc_context_find_queue(lcc__eng_ctx(e), it->queue->id);
    return q && lcc__strlist_find(&q->members, a->id) >= 0;
}

/* An owned callback inside its window waits for its owner. */
static int for_owner(lcc_engine *e, const eng_item *it)
{
    return it->owner && !it->owner_window_over &&
           lcc__now(lcc__eng_ctx(e)) < it->window_end_ms;
}

void lcc__eng_route(lcc_engine *e, eng_item *it)
{
    lcc__eng_unlink(e, it);
    it->agent = NULL;
    if (it->owner && !it->owner_window_over && it->window_end_ms &&
        lcc__now(lcc__eng_ctx(e)) >= it->window_end_ms) {
        /* The window ended while no timer could tell (a restart). */
        it->owner_window_over = 1;
        lcc__eng_event(e, LCC_EVENT_ENGINE_OWNERSHIP_EXPIRED, LCC_OK, it, it->owner);
    }
    if (for_owner(e, it)) {
        if (lcc__eng_available(it->owner)) {
            offer(e, it, it->owner);
        } else {
            it->state = LCC_ENGINE_WAITING;
            it->place = ENG_WITH_OWNER;
            fifo_insert(&it->owner->owned, it);
            lcc__eng_arm(e, it, it->window_end_ms);
        }
        return;
    }
    if (it->preferred && lcc__eng_available(it->preferred) && is_member(e, it, it->preferred)) {
        eng_agent *a = it->preferred;
        it->preferred = NULL; /* CB-ROUTE-ME: preferred once, then the queue */
        offer(e, it, a);
        return;
    }
    it->preferred = NULL;
    lcc__eng_event(e, LCC_EVENT_ENGINE_QUEUED, LCC_OK, it, NULL);
    eng_agent *a = longest_idle(e, it);
    if (a) {
        offer(e, it, a);
        return;
    }
    lcc__eng_disarm(e, it);
    it->state = LCC_ENGINE_WAITING;
    it->place = ENG_IN_QUEUE;
    fifo_insert(&it->queue->waiting, it);
}

void lcc__eng_agent_changed(lcc_engine *e, eng_agent *a)
{
    if (!lcc__eng_available(a))
        return;
    eng_item *next = a->owned.head;
    if (!next) {
        /* The oldest item waiting in one of the agent's queues. */
        const lcc_agent *ag = lcc_context_find_agent(lcc__eng_ctx(e), a->id);
        size_t n = ag ? lcc_agent_queue_count(ag) : 0;
        for (size_t i = 0; i < n; i++) {
            eng_queue *q = lcc__map_get(&e->queues, lcc_agent_queue_id(ag, i));
            eng_item *head = q ? q->waiting.head : NULL;
            if (head && (!next || head->waiting_since < next->waiting_since))
                next = head;
        }
    }
    if (next)
        offer(e, next, a);
}

/* An offer ends without being accepted: the agent is not responding and the
 * item goes back (status LCC_OK: declined; LCC_ETIMEDOUT: no answer). */
void lcc__eng_decline(lcc_engine *e, eng_item *it, lcc_status status)
{
    eng_agent *a = it->agent;
    lcc__eng_disarm(e, it);
    a->offer = NULL;
    it->agent = NULL;
    lcc__eng_event(e, LCC_EVENT_ENGINE_DECLINED, status, it, a);
    lcc__eng_set_routing(e, a, LCC_ROUTING_NOT_RESPONDING);
    lcc__eng_route(e, it);
}

/* Stores a routing step of a callback; the step has happened, so a store
 * failure is only logged (on a restart the callback is then found one step
 * earlier, and is routed again rather than lost). */
static void keep(lcc_engine *e, const eng_item *it)
{
    if (lcc__eng_persist(e, it) != LCC_OK)
        lcc__log(lcc__eng_ctx(e), LCC_LOG_ERROR, "%s", lcc__eng_ctx(e)->errmsg);
}

static void fall_due(lcc_engine *e, eng_item *it)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    it->waiting_since = lcc__now(ctx);
    lcc__eng_event(e, LCC_EVENT_ENGINE_DUE, LCC_OK, it, NULL);
    if (it->owner && !it->window_end_ms) {
        const lcc_queue *q = lcc_context_find_queue(ctx, it->queue->id);
        if (q && q->owned_enabled)
            it->window_end_ms = it->waiting_since + (int64_t)q->owned_window_h * 3600000;
        else
            it->owner_window_over = 1; /* owned callbacks were switched off: the queue */
    }
    lcc__eng_route(e, it);
    keep(e, it);
}

void lcc__eng_fire(lcc__timer *t, lcc_context *ctx)
{
    eng_item *it = LCC__CONTAINER(t, eng_item, timer);
    lcc_engine *e = ctx->engine;
    switch (it->state) {
    case LCC_ENGINE_SCHEDULED:
        fall_due(e, it);
        break;
    case LCC_ENGINE_WAITING: /* the owner's window is over */
        lcc__eng_unlink(e, it);
        it->owner_window_over = 1;
        lcc__eng_event(e, LCC_EVENT_ENGINE_OWNERSHIP_EXPIRED, LCC_OK, it, it->owner);
        lcc__eng_route(e, it);
        break;
    case LCC_ENGINE_OFFERED:
        lcc__eng_decline(e, it, LCC_ETIMEDOUT);
        break;
    default:
        break;
    }
}

/* ---- public: agents and interactions ---- */

#define OK(e) lcc__handle_ok((e), LCC__MAGIC_ENGINE)

LCC_API lcc_status lcc_engine_set_presence(lcc_engine *e, const char *agent_id,
                                           lcc_presence presence)
{
    if (!OK(e) || !agent_id)
        return OK(e) ? LCC__MISUSE(lcc__eng_ctx(e), "agent_id must not be NULL") : LCC_EMISUSE;
    if ((unsigned)presence > LCC_PRESENCE_AWAY)
        return lcc__error(lcc__eng_ctx(e), LCC_EINVAL, "unknown presence %d", (int)presence);
    lcc_status st = LCC_OK;
    eng_agent *a = lcc__eng_agent(e, agent_id, &st);
    if (!a)
        return st;
    int changed = a->presence != presence;
    if (presence == LCC_PRESENCE_AVAILABLE && changed)
        a->idle_since = lcc__now(lcc__eng_ctx(e));
    a->presence = presence;
    if (presence == LCC_PRESENCE_OFFLINE && a->routing != LCC_ROUTING_INTERACTING) {
        a->routing = LCC_ROUTING_OFF_QUEUE;
    }
    if (changed)
        lcc__eng_event(e, LCC_EVENT_ENGINE_AGENT_STATUS, LCC_OK, NULL, a);
    lcc__eng_agent_changed(e, a);
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_set_routing_status(lcc_engine *e, const char *agent_id,
                                                 lcc_routing_status status)
{
    if (!OK(e) || !agent_id)
        return OK(e) ? LCC__MISUSE(lcc__eng_ctx(e), "agent_id must not be NULL") : LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (status != LCC_ROUTING_IDLE && status != LCC_ROUTING_OFF_QUEUE)
        return lcc__error(ctx, LCC_EINVAL, "only LCC_ROUTING_IDLE (on queue) and "
                                           "LCC_ROUTING_OFF_QUEUE can be set, not %d",
                          (int)status);
    lcc_status st = LCC_OK;
    eng_agent *a = lcc__eng_agent(e, agent_id, &st);
    if (!a)
        return st;
    if (a->active)
        return lcc__error(ctx, LCC_ESTATE, "agent \"%.100s\" is handling %s", a->id,
                          a->active->id);
    if (a->wrapups)
        return lcc__error(ctx, LCC_ESTATE, "agent \"%.100s\" owes a wrap-up (after-contact work)",
                          a->id);
    lcc__eng_set_routing(e, a, status);
    lcc__eng_agent_changed(e, a);
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_agent_status(lcc_engine *e, const char *agent_id,
                                           lcc_presence *presence, lcc_routing_status *status)
{
    if (!OK(e) || !agent_id)
        return OK(e) ? LCC__MISUSE(lcc__eng_ctx(e), "agent_id must not be NULL") : LCC_EMISUSE;
    lcc_status st = LCC_OK;
    eng_agent *a = lcc__eng_agent(e, agent_id, &st);
    if (!a)
        return st;
    if (presence)
        *presence = a->presence;
    if (status)
        *status = a->routing;
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_add_call(const char **conversation_id, lcc_engine *e,
                                       const char *queue_id, const char *ani)
{
    if (!OK(e) || !queue_id || !ani)
        return OK(e) ? LCC__MISUSE(lcc__eng_ctx(e), "queue_id and ani must not be NULL")
                     : LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    lcc_status st = lcc__check_text(ctx, "ani", ani, LCC_MAX_TEXT, 0);
    eng_queue *q = st == LCC_OK ? lcc__eng_queue(e, queue_id, &st) : NULL;
    eng_item *it = q ? lcc__eng_item_new(e, ENG_CALL) : NULL;
    if (!it)
        return q ? LCC_ENOMEM : st;
    lcc_conversation *c = NULL;
    it->number = lcc__strdup(&ctx->alloc, ani);
    /* The conversation is stored in one step (one commit, not three). */
    st = it->number ? lcc__eng_begin(e) : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st == LCC_OK) {
        if ((st = lcc_conversation_new(&c, ctx, it->id, LCC_MEDIA_CALL)) == LCC_OK &&
            ((st = lcc_conversation_set_acd(c, 1)) != LCC_OK ||
             (st = lcc_conversation_set_ani(c, ani)) != LCC_OK ||
             (st = lcc_conversation_set_queue(c, queue_id)) != LCC_OK))
            lcc_conversation_free(c);
        lcc_status done = lcc__eng_end(e, st == LCC_OK);
        if (st == LCC_OK && done != LCC_OK) {
            lcc_conversation_free(c);
            st = done;
        }
    }
    if (st != LCC_OK) {
        lcc__eng_item_free(e, it);
        return st;
    }
    it->queue = q;
    it->scheduled_ms = it->waiting_since = lcc__now(ctx);
    if (conversation_id)
        *conversation_id = c->o.id;
    lcc__eng_route(e, it);
    return LCC_OK;
}

void lcc__eng_end_item(lcc_engine *e, eng_item *it)
{
    eng_agent *a = it->agent;
    /* A conversation sent on behalf of a queue never occupied its agent
     * (OBQ-OFFQUEUE): their routing status stays as it is. */
    int routed = a->active == it;
    int social = lcc__eng_social(it); /* read before a call's item is freed */
    if (routed)
        a->active = NULL;
    it->state = LCC_ENGINE_ENDED;
    keep(e, it);
    lcc__eng_event(e, LCC_EVENT_ENGINE_ENDED, LCC_OK, it, a);
    if (it->kind == ENG_CALL)
        lcc__eng_item_free(e, it); /* the conversation stays in the context */
    if (routed && social) {
        /* SL-END: after-contact work; the agent stays interacting and is
         * offered nothing until their wrap-up (wrapup.c). */
        lcc__eng_wrapup_require(e, it, a, 1);
    } else if (routed) {
        lcc__eng_set_routing(e, a, LCC_ROUTING_IDLE);
        lcc__eng_agent_changed(e, a);
    }
}

/* The item `conversation_id`, or NULL (recorded as LCC_ENOTFOUND). */
static eng_item *find_item(lcc_engine *e, const char *conversation_id, lcc_status *st)
{
    eng_item *it = lcc__map_get(&e->items, conversation_id);
    if (!it)
        *st = lcc__error(lcc__eng_ctx(e), LCC_ENOTFOUND, "conversation \"%.100s\" does not exist",
                         conversation_id);
    return it;
}

LCC_API lcc_status lcc_engine_answer(lcc_engine *e, const char *agent_id,
                                     const char *conversation_id, int accept)
{
    if (!OK(e) || !agent_id || !conversation_id)
        return OK(e) ? LCC__MISUSE(lcc__eng_ctx(e), "agent_id and conversation_id must not be NULL")
                     : LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    lcc_status st = LCC_OK;
    eng_item *it = find_item(e, conversation_id, &st);
    if (!it)
        return st;
    if (it->state != LCC_ENGINE_OFFERED || strcmp(it->agent->id, agent_id) != 0)
        return lcc__error(ctx, LCC_ESTATE, "%.100s is not offered to agent \"%.100s\"",
                          conversation_id, agent_id);
    if (!accept) {
        lcc__eng_decline(e, it, LCC_OK);
        return LCC_OK;
    }
    eng_agent *a = it->agent;
    if ((st = lcc__eng_social_may_accept(NULL, e, it, a)) != LCC_OK)
        return st; /* SL-PERM: the offer stays as it is */
    if (it->kind == ENG_CALL) {
        lcc_conversation *c = lcc_context_find_conversation(ctx, it->id);
        if (c && (st = lcc_conversation_set_agent(c, a->id)) != LCC_OK)
            return st;
    }
    lcc__eng_disarm(e, it);
    a->offer = NULL;
    a->active = it;
    it->state = LCC_ENGINE_CONNECTED;
    if (it->kind == ENG_MESSAGE)
        lcc__eng_mconv_assign(e, it, a);
    keep(e, it);
    lcc__eng_event(e, LCC_EVENT_ENGINE_ACCEPTED, LCC_OK, it, a);
    if (it->kind == ENG_CALLBACK) /* IVR-OFFER: the customer is dialled only now */
        lcc__event_push_dialing(ctx, it->id, a->id, it->queue ? it->queue->id : NULL,
                                it->scheduled_ms, it->number);
    lcc__eng_set_routing(e, a, LCC_ROUTING_INTERACTING);
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_end(lcc_engine *e, const char *conversation_id)
{
    if (!OK(e) || !conversation_id)
        return OK(e) ? LCC__MISUSE(lcc__eng_ctx(e), "conversation_id must not be NULL")
                     : LCC_EMISUSE;
    lcc_status st = LCC_OK;
    eng_item *it = find_item(e, conversation_id, &st);
    if (!it)
        return st;
    if (it->state != LCC_ENGINE_CONNECTED)
        return lcc__error(lcc__eng_ctx(e), LCC_ESTATE, "%.100s is not connected", it->id);
    lcc__eng_end_item(e, it);
    return LCC_OK;
}
