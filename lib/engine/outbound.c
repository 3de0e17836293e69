/* Agent-initiated outbound SMS and email (OB-*, Webex Contact Center's
 * "outbound conversation"): the engine side of POST /v1/tasks and of the
 * task's accept, end, transfer and wrap-up (rest_tasks.c answers them).
 *
 * A task is a messaging conversation (messages.c) with its entry point
 * remembered (eng_mconv.entry).  Until it is transferred to a queue, its
 * item's queue is the entry point's own eng_queue, which no agent is a
 * member of: events and views name the entry point as its queue, and
 * anything that routes it (a declined transfer offer) leaves it waiting
 * there, unassigned, until its timeline closes it.
 *
 * Created, the task is offered to its creator alone (state WAITING with
 * ob_offer set and it->agent the creator; not a routing offer, so the
 * agent's offer slot, presence and routing status are untouched: outbound
 * tasks do not occupy the agent).  Its item timer is the alert timeout: a
 * task nobody accepts in time is dropped (closed), which frees the customer
 * for OB-UNIQUE.  Accepted, it is connected to the creator, again without
 * changing their routing status.  Transferred, it is routed like an inbound
 * conversation (queue) or offered like one (agent), and whoever accepts it
 * then is occupied by it as by any routed interaction. */
#include "engine/engine.h"

#include <string.h>

#include "contactcore/agent.h"
#include "contactcore/entrypoint.h"
#include "contactcore/queue.h"
#include "core/alloc.h"
#include "core/report.h"
#include "transport/io.h"

#define ERR LCC_SEVERITY_ERROR

int lcc__eng_ob(const eng_item *it)
{
    return it->kind == ENG_MESSAGE && it->mc && it->mc->entry;
}

/* An active task of the same entry point and customer (OB-UNIQUE): offered
 * to its creator, connected, or offered or waiting in a queue after a
 * transfer.  Ended, closed or left unassigned on its entry point is not. */
static int active(const eng_item *it)
{
    const eng_mconv *mc = it->mc;
    if (mc->closed)
        return 0;
    switch (it->state) {
    case LCC_ENGINE_OFFERED:
    case LCC_ENGINE_CONNECTED: return 1;
    case LCC_ENGINE_WAITING: return mc->ob_offer || it->queue != mc->entry;
    default: return 0;
    }
}

/* The task with this entry point, channel and address that is active, or
 * NULL.  A scan of the engine's items: a task is started by hand, rarely. */
static const eng_item *find_active(lcc_engine *e, const eng_queue *entry, lcc_channel channel,
                                   const char *address)
{
    size_t pos = 0;
    void *v;
    while (lcc__map_next(&e->items, &pos, NULL, &v)) {
        const eng_item *it = v;
        if (lcc__eng_ob(it) && it->mc->entry == entry && it->mc->channel == channel &&
            strcmp(it->mc->address, address) == 0 && active(it))
            return it;
    }
    return NULL;
}

/* The creation offer ran out (or the conversation's timeline did first):
 * the task is dropped.  Its creator's status does not change: they were
 * never occupied by it. */
static void drop(lcc_engine *e, eng_item *it)
{
    eng_agent *a = it->agent;
    lcc__eng_disarm(e, it);
    it->mc->ob_offer = 0;
    it->state = LCC_ENGINE_ENDED;
    lcc__eng_mconv_close(e, it);
    lcc__eng_event(e, LCC_EVENT_ENGINE_DECLINED, LCC_ETIMEDOUT, it, a);
    it->agent = NULL;
}

/* The item timer of a task: its creation offer's alert timeout; any other
 * use of the timer (a transfer's routing offer) is the routing's. */
static void ob_fire(lcc__timer *t, lcc_context *ctx)
{
    eng_item *it = LCC__CONTAINER(t, eng_item, timer);
    if (it->mc && it->mc->ob_offer)
        drop(ctx->engine, it);
    else
        lcc__eng_fire(t, ctx);
}

/* The channel of a Webex mediaType; 0 for one that is not SMS or email. */
static int media_channel(lcc_channel *ch, const char *media_type)
{
    if (media_type && strcmp(media_type, "sms") == 0)
        *ch = LCC_CHANNEL_SMS;
    else if (media_type && strcmp(media_type, "email") == 0)
        *ch = LCC_CHANNEL_EMAIL;
    else
        return 0;
    return 1;
}

static const char *presence_name(lcc_presence p)
{
    switch (p) {
    case LCC_PRESENCE_BUSY: return "busy";
    case LCC_PRESENCE_AWAY: return "away";
    default: return "offline";
    }
}

lcc_status lcc__eng_ob_create(eng_item **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                              const eng_ob_req *req)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    *out = NULL;
    lcc_channel ch = LCC_CHANNEL_SMS;
    if (!media_channel(&ch, req->media_type)) {
        lcc__report_add(r, "OB-PROFILE", "channel", LCC_ENOTSUP, ERR,
                        "An outbound conversation is SMS or email (mediaType \"sms\" or "
                        "\"email\"), not mediaType \"%.40s\".",
                        req->media_type ? req->media_type : "(none)");
        return lcc__report_status(ctx, r);
    }
    /* OB-STATE: Available, or RONA (available, not responding); being on a
     * call or another task is fine (the presence stays available). */
    if (by->presence != LCC_PRESENCE_AVAILABLE)
        lcc__report_add(r, "OB-STATE", "agent", LCC_ESTATE, ERR,
                        "You are %s: an outbound conversation is started in the Available or RONA "
                        "state.",
                        presence_name(by->presence));
    lcc_agent *ag = lcc_context_find_agent(ctx, by->id);
    lcc_agent_profile prof = LCC_AGENT_PROFILE_INIT;
    if (ag)
        lcc_agent_get_profile(ag, &prof);
    const char *ep_id = req->entry_point_id && req->entry_point_id[0] ? req->entry_point_id : NULL;
    const lcc_entry_point *ep = lcc_context_find_entry_point(ctx, ep_id);
    int has_to = req->destination && req->destination[0];
    lcc__ob_facts f = {
        .agent_exists = ag != NULL,
        .tenant_digital = lcc_context_digital_channels(ctx),
        .digital_license = prof.digital_license,
        .media = prof.media,
        .auto_assigned = prof.auto_assigned,
        .channel = ch,
        .entry_point_id = ep_id,
        .entry_point_exists = ep != NULL,
        .entry_point_channel = ep ? lcc_entry_point_channel(ep) : ch,
        .entry_points_for_channel = lcc_context_entry_point_count(ctx, ch),
        .n_recipients = has_to ? 1 : 0,
        .has_body = 1, /* the text comes with the messages */
        .body = NULL,
    };
    lcc__rules_ob(r, &f);
    char address[LCC__EMAIL_SIZE] = "";
    if (has_to)
        lcc__rules_ob_address(r, address, ch, req->destination);
    lcc_status st = lcc__report_status(ctx, r);
    if (st != LCC_OK)
        return st;
    eng_queue *entry = lcc__eng_entry_point(e, ep_id, &st);
    if (!entry)
        return st;
    const eng_item *dup = find_active(e, entry, ch, address);
    if (dup) {
        lcc__report_add(r, "OB-UNIQUE", "recipients", LCC_EEXISTS, ERR,
                        "%s already has an active conversation from entry point \"%.100s\" (%s).",
                        address, ep_id, dup->id);
        return lcc__report_status(ctx, r);
    }
    /* The customer's conversation on the channel from now on (an inbound
     * reply threads into it), even when another one is open with them. */
    eng_item *it = lcc__eng_mconv_new(e, entry, ch, address);
    if (!it)
        return LCC_ENOMEM;
    lcc__timer_init(&it->timer, ob_fire);
    it->mc->entry = entry;
    it->mc->ob_offer = 1;
    it->state = LCC_ENGINE_WAITING;
    it->agent = by;
    lcc__eng_arm(e, it, lcc__now(ctx) + e->alert_timeout_ms);
    lcc__eng_event(e, LCC_EVENT_ENGINE_OFFERED, LCC_OK, it, by);
    *out = it;
    return LCC_OK;
}

lcc_status lcc__eng_ob_accept(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    eng_mconv *mc = it->mc;
    int offered = !mc->closed && (mc->ob_offer || it->state == LCC_ENGINE_OFFERED);
    if (!offered) {
        lcc__report_add(r, "OB-CREATE", "task", LCC_ESTATE, ERR,
                        "Task %s is not offered: it was accepted, ended or dropped already.",
                        it->id);
        return lcc__report_status(ctx, r);
    }
    if (it->agent != by)
        return lcc__error(ctx, LCC_EPERM, "Task %s is offered to another agent.", it->id);
    if (!mc->ob_offer) /* a transfer's offer: accepted as any routed interaction */
        return lcc_engine_answer(e, by->id, it->id, 1);
    /* OB-CREATE: auto-accepted by its creator, who stays as they were. */
    lcc__eng_disarm(e, it);
    mc->ob_offer = 0;
    it->state = LCC_ENGINE_CONNECTED;
    lcc__eng_mconv_assign(e, it, by);
    lcc__eng_event(e, LCC_EVENT_ENGINE_ACCEPTED, LCC_OK, it, by);
    return LCC_OK;
}

lcc_status lcc__eng_ob_end(lcc_engine *e, eng_agent *by, eng_item *it)
{
    if (it->mc->closed || it->state != LCC_ENGINE_CONNECTED || it->agent != by)
        return lcc__error(lcc__eng_ctx(e), LCC_ESTATE,
                          "Task %s is not connected to you: only its agent ends an accepted task.",
                          it->id);
    lcc__eng_end_item(e, it);
    lcc__eng_wrapup_require(e, it, by, 0);
    return LCC_OK;
}

lcc_status lcc__eng_ob_transfer(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it,
                                const char *to, const char *destination_type)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    if (it->mc->closed || it->state != LCC_ENGINE_CONNECTED || it->agent != by)
        lcc__report_add(r, "OB-TRANSFER", "task", LCC_ESTATE, ERR,
                        "Task %s is not an accepted conversation of yours: accept it before "
                        "transferring it.",
                        it->id);
    int to_queue = destination_type && strcmp(destination_type, "queue") == 0;
    int to_agent = destination_type && strcmp(destination_type, "agent") == 0;
    eng_agent *target = NULL;
    lcc_status st = LCC_OK;
    if (!to_queue && !to_agent) {
        lcc__report_add(r, "OB-TRANSFER", "to", LCC_EINVAL, ERR,
                        "An SMS or email conversation is transferred to a queue or an agent "
                        "(destinationType \"queue\" or \"agent\"), not \"%.40s\".",
                        destination_type ? destination_type : "(none)");
    } else if (!to || !to[0]) {
        lcc__report_add(r, "OB-TRANSFER", "to", LCC_EINVAL, ERR, "Choose the %s to transfer to.",
                        to_queue ? "queue" : "agent");
    } else if (to_queue && !lcc_context_find_queue(ctx, to)) {
        lcc__report_add(r, "OB-TRANSFER", "to", LCC_ENOTFOUND, ERR,
                        "Queue \"%.100s\" does not exist.", to);
    } else if (to_agent && !lcc_context_find_agent(ctx, to)) {
        lcc__report_add(r, "OB-TRANSFER", "to", LCC_ENOTFOUND, ERR,
                        "Agent \"%.100s\" does not exist.", to);
    } else if (to_agent) {
        target = lcc__eng_agent(e, to, &st);
        if (!target)
            return st; /* out of memory */
        if (target == by || !lcc__eng_available(target))
            lcc__report_add(r, "OB-TRANSFER", "to", LCC_ESTATE, ERR,
                            target == by ? "You cannot transfer a conversation to yourself."
                                         : "Agent \"%.100s\" is not available (%s).",
                            to, lcc__eng_ob_buddy_state(target) ? lcc__eng_ob_buddy_state(target)
                                                                : "logged out");
    }
    if ((st = lcc__report_status(ctx, r)) != LCC_OK)
        return st;
    eng_queue *q = to_queue ? lcc__eng_queue(e, to, &st) : NULL;
    if (to_queue && !q)
        return st; /* out of memory */
    /* Nothing can fail from here.  The transferring agent's part ends. */
    int routed = by->active == it;
    if (routed)
        by->active = NULL;
    lcc__eng_event(e, LCC_EVENT_ENGINE_ENDED, LCC_OK, it, by);
    if (q) {
        it->queue = q;
        it->waiting_since = lcc__now(ctx);
        lcc__eng_route(e, it);
    } else {
        lcc__eng_unlink(e, it);
        it->state = LCC_ENGINE_OFFERED;
        it->agent = target;
        target->offer = it;
        lcc__eng_arm(e, it, lcc__now(ctx) + e->alert_timeout_ms);
        lcc__eng_event(e, LCC_EVENT_ENGINE_OFFERED, LCC_OK, it, target);
    }
    /* The closing-reasons dialog follows a transfer (OB-WRAPUP): the
     * transferring agent owes a wrap-up, without being held by it. */
    lcc__eng_wrapup_require(e, it, by, 0);
    if (routed) {
        lcc__eng_set_routing(e, by, LCC_ROUTING_IDLE);
        lcc__eng_agent_changed(e, by);
    }
    return LCC_OK;
}

const char *lcc__eng_ob_buddy_state(const eng_agent *a)
{
    if (a->presence == LCC_PRESENCE_OFFLINE)
        return NULL;
    if (lcc__eng_available(a))
        return "Available";
    if (a->presence == LCC_PRESENCE_AVAILABLE && a->routing == LCC_ROUTING_NOT_RESPONDING)
        return "RONA";
    if (a->active || a->offer || a->wrapups || a->routing == LCC_ROUTING_INTERACTING)
        return "Engaged";
    return "Idle";
}
