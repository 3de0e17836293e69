/* Messaging in the engine: conversations sent on behalf of a queue (the
 * OBQ-* rules applied server-side with the client's own checks,
 * rules/message_rules.h), agentless messages from provisioned SMS numbers,
 * inbound message conversations routed like calls
 * (social listening interactions among them: social.c adds their rules),
 * the threading timeline, and the simulated delivery of every outbound
 * message (SL-DELIVERY) on the context clock.  Everything here lives in
 * memory only: the store does not keep it. */
#include "engine/engine.h"

#include <stdio.h>
#include <string.h>

#include "contactcore/agent.h"
#include "contactcore/queue.h"
#include "contactcore/text.h"
#include "core/alloc.h"
#include "core/report.h"
#include "phone/phone.h"
#include "transport/io.h"

#define OK(e) lcc__handle_ok((e), LCC__MAGIC_ENGINE)
#define ERR LCC_SEVERITY_ERROR
#define THREADING_MIN_MS INT64_C(60000)
#define THREADING_MAX_MS (INT64_C(30) * 86400000)
#define MAX_INBOUND_BYTES 65536

static void conv_fire(lcc__timer *t, lcc_context *ctx);
static void msg_fire(lcc__timer *t, lcc_context *ctx);

/* ---- lookups ---- */

eng_item *lcc__eng_mconv_find(lcc_engine *e, const char *id)
{
    eng_item *it = id ? lcc__map_get(&e->items, id) : NULL;
    return it && it->kind == ENG_MESSAGE ? it : NULL;
}

eng_msg *lcc__eng_msg_find(const eng_item *it, const char *id)
{
    for (eng_msg *m = it->mc->head; m; m = m->next)
        if (strcmp(m->id, id) == 0)
            return m;
    return NULL;
}

void lcc__eng_address_key(char key[ENG_KEY_SIZE], lcc_channel channel, const char *address)
{
    snprintf(key, ENG_KEY_SIZE, "%d:%s", (int)channel, address);
}

eng_item *lcc__eng_mconv_open(lcc_engine *e, lcc_channel channel, const char *address)
{
    char key[ENG_KEY_SIZE];
    lcc__eng_address_key(key, channel, address);
    return lcc__map_get(&e->open_convs, key);
}

/* Room on the timer heap for every timer the engine may arm, plus `extra`. */
static int reserve_timers(lcc_engine *e, size_t extra)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    return lcc__timers_reserve(&ctx->io->timers, &ctx->alloc, e->n_items + e->n_mtimers + extra);
}

static void arm_conv(lcc_engine *e, eng_mconv *mc, int64_t when)
{
    lcc__timers_arm(&lcc__eng_ctx(e)->io->timers, &mc->timer, when);
}

/* Activity in an open conversation: the threading timeline starts again. */
static void touch(lcc_engine *e, eng_mconv *mc)
{
    mc->last_ms = lcc__now(lcc__eng_ctx(e));
    if (!mc->closed)
        arm_conv(e, mc, mc->last_ms + e->threading_ms);
}

/* ---- conversations and messages: life cycle ---- */

static void pending_unlink(lcc_engine *e, eng_msg *m)
{
    if (m->state != LCC_DELIVERY_PENDING)
        return;
    if (m->pprev)
        m->pprev->pnext = m->pnext;
    else
        e->pending_head = m->pnext;
    if (m->pnext)
        m->pnext->pprev = m->pprev;
    else
        e->pending_tail = m->pprev;
    m->pprev = m->pnext = NULL;
}

static void msg_free(lcc_engine *e, eng_msg *m)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    lcc__timers_disarm(&ctx->io->timers, &m->timer);
    pending_unlink(e, m);
    if (m->outbound)
        e->n_mtimers--;
    lcc__free(&ctx->alloc, m->text);
    lcc__free(&ctx->alloc, m->media);
    lcc__free(&ctx->alloc, m);
}

void lcc__eng_mconv_free(lcc_engine *e, eng_mconv *mc)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    lcc__timers_disarm(&ctx->io->timers, &mc->timer);
    if (!mc->closed && lcc__map_get(&e->open_convs, mc->key) == mc->it)
        lcc__map_remove(&e->open_convs, mc->key);
    for (eng_msg *m = mc->head, *next; m; m = next) {
        next = m->next;
        msg_free(e, m);
    }
    mc->it->mc = NULL;
    e->n_mtimers--;
    lcc__free(&ctx->alloc, mc);
}

void lcc__eng_keys_clear(lcc__map *m, const lcc_allocator *a)
{
    size_t pos = 0;
    const char *key;
    while (lcc__map_next(m, &pos, &key, NULL))
        lcc__free(a, (char *)key);
    lcc__map_clear(m, a);
}

void lcc__eng_messages_clear(lcc_engine *e)
{
    const lcc_allocator *a = &lcc__eng_ctx(e)->alloc;
    lcc__eng_keys_clear(&e->offline, a);
    lcc__eng_keys_clear(&e->sms_numbers, a);
    lcc__map_clear(&e->open_convs, a);
}

/* A new open conversation with `address` on `channel` (an item of kind
 * ENG_MESSAGE, registered and in open_convs, its timeline armed), with
 * room for `more_timers` further timers; NULL when out of memory (nothing
 * left behind).  The caller sets its state. */
static eng_item *conv_new(lcc_engine *e, eng_queue *q, lcc_channel channel, const char *e164,
                          size_t more_timers)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    eng_item *it = lcc__eng_item_new(e, ENG_MESSAGE);
    eng_mconv *mc = it ? lcc__calloc(&ctx->alloc, 1, sizeof *mc) : NULL;
    if (!mc || reserve_timers(e, 1 + more_timers) ||
        lcc__map_reserve(&e->open_convs, &ctx->alloc, 1)) {
        lcc__free(&ctx->alloc, mc);
        if (it)
            lcc__eng_item_free(e, it);
        lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return NULL;
    }
    lcc__timer_init(&mc->timer, conv_fire);
    mc->it = it;
    mc->channel = channel;
    memcpy(mc->address, e164, strlen(e164) + 1);
    lcc__eng_address_key(mc->key, channel, e164);
    lcc__eng_new_id(e, mc->customer_pid);
    it->mc = mc;
    it->queue = q;
    it->scheduled_ms = it->waiting_since = lcc__now(ctx);
    e->n_mtimers++;
    lcc__map_put(&e->open_convs, &ctx->alloc, mc->key, it); /* reserved */
    touch(e, mc);
    return it;
}

eng_item *lcc__eng_mconv_new(lcc_engine *e, eng_queue *q, lcc_channel channel,
                             const char *address)
{
    return conv_new(e, q, channel, address, 0);
}

/* A message of `text` and `media` (NULL: none), unlinked, with its id; NULL
 * when out of memory. */
static eng_msg *msg_new(lcc_engine *e, eng_agent *sender, const char *text, const char *media)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    eng_msg *m = lcc__calloc(&ctx->alloc, 1, sizeof *m);
    if (m && (!(m->text = lcc__strdup(&ctx->alloc, text)) ||
              (media && !(m->media = lcc__strdup(&ctx->alloc, media))))) {
        lcc__free(&ctx->alloc, m->text);
        lcc__free(&ctx->alloc, m);
        m = NULL;
    }
    if (!m) {
        lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return NULL;
    }
    lcc__timer_init(&m->timer, msg_fire);
    lcc__eng_new_id(e, m->id);
    m->sender = sender;
    m->ms = lcc__now(ctx);
    return m;
}

eng_msg *lcc__eng_msg_new(lcc_engine *e, eng_agent *sender, const char *text, const char *media)
{
    if (reserve_timers(e, 1) != 0) {
        lcc__error(lcc__eng_ctx(e), LCC_ENOMEM, "out of memory");
        return NULL;
    }
    eng_msg *m = msg_new(e, sender, text, media);
    if (m)
        m->outbound = 1;
    return m;
}

void lcc__eng_msg_drop(lcc_engine *e, eng_msg *m)
{
    const lcc_allocator *a = &lcc__eng_ctx(e)->alloc;
    lcc__free(a, m->text);
    lcc__free(a, m->media);
    lcc__free(a, m);
}

static void msg_append(eng_item *it, eng_msg *m)
{
    m->conv = it;
    if (it->mc->tail)
        it->mc->tail->next = m;
    else
        it->mc->head = m;
    it->mc->tail = m;
}

void lcc__eng_mconv_assign(lcc_engine *e, eng_item *it, eng_agent *a)
{
    eng_mconv *mc = it->mc;
    /* A social interaction keeps the ids its alerting agent was shown. */
    if (!mc->alert_ids || mc->agent != a) {
        lcc__eng_new_id(e, mc->agent_pid);
        lcc__eng_new_id(e, mc->comm_id);
    }
    mc->alert_ids = 0;
    mc->agent = a;
    touch(e, mc);
}

/* ---- delivery (SL-DELIVERY) ---- */

static void msg_event(lcc_engine *e, const eng_msg *m)
{
    const eng_item *it = m->conv;
    lcc__event_push_message(lcc__eng_ctx(e), LCC_EVENT_ENGINE_MESSAGE, LCC_OK, it->id,
                            m->sender ? m->sender->id : NULL, it->queue ? it->queue->id : NULL,
                            m->id, (lcc_delivery_state)m->state);
}

static void msg_set(lcc_engine *e, eng_msg *m, lcc_delivery_state s)
{
    pending_unlink(e, m);
    m->state = (uint8_t)s;
    if (s == LCC_DELIVERY_PENDING) {
        m->pprev = e->pending_tail;
        m->pnext = NULL;
        if (e->pending_tail)
            e->pending_tail->pnext = m;
        else
            e->pending_head = m;
        e->pending_tail = m;
    }
    msg_event(e, m);
}

static int contact_online(lcc_engine *e, const char *e164)
{
    return lcc__map_get(&e->offline, e164) == NULL;
}

/* The next delivery step of an outbound message (its timer was disarmed
 * by the firing, so arming it again needs no room). */
static void msg_fire(lcc__timer *t, lcc_context *ctx)
{
    eng_msg *m = LCC__CONTAINER(t, eng_msg, timer);
    lcc_engine *e = ctx->engine;
    if (m->state == LCC_DELIVERY_QUEUED) {
        if (m->fail) {
            msg_set(e, m, (lcc_delivery_state)m->fail);
            return;
        }
        msg_set(e, m, LCC_DELIVERY_SENT);
        /* From when it was due, so that a late lcc_context_run_due() runs
         * both steps at once. */
        lcc__timers_arm(&ctx->io->timers, &m->timer, t->when + LCC_ENGINE_DELIVERY_DELAY_MS);
    } else if (m->state == LCC_DELIVERY_SENT) {
        msg_set(e, m,
                contact_online(e, m->conv->mc->address) ? LCC_DELIVERY_DELIVERED
                                                        : LCC_DELIVERY_PENDING);
    }
}

/* The threading timeline ran out: the conversation closes, unless it still
 * waits for an agent (then it is looked at again one timeline later). */
static void conv_fire(lcc__timer *t, lcc_context *ctx)
{
    eng_mconv *mc = LCC__CONTAINER(t, eng_mconv, timer);
    lcc_engine *e = ctx->engine;
    eng_item *it = mc->it;
    if (it->state == LCC_ENGINE_WAITING && mc->entry && it->queue == mc->entry && !mc->ob_offer) {
        /* An outbound task left with no agent and no queue to wait in (its
         * transfer target did not take it) has nobody to wait for: it closes. */
        lcc__eng_unlink(e, it);
        it->state = LCC_ENGINE_ENDED;
    } else if (it->state == LCC_ENGINE_WAITING || it->state == LCC_ENGINE_OFFERED) {
        arm_conv(e, mc, lcc__now(ctx) + e->threading_ms);
        return;
    }
    if (it->state == LCC_ENGINE_CONNECTED) {
        eng_agent *a = it->agent;
        lcc__eng_end_item(e, it);
        if (mc->entry)
            lcc__eng_wrapup_require(e, it, a, 0); /* OB-WRAPUP, as after an end */
    }
    lcc__eng_mconv_close(e, it);
}

void lcc__eng_mconv_close(lcc_engine *e, eng_item *it)
{
    eng_mconv *mc = it->mc;
    lcc__timers_disarm(&lcc__eng_ctx(e)->io->timers, &mc->timer);
    mc->closed = 1;
    /* A newer conversation with the contact may hold the key (an outbound
     * task started from another entry point, OB-UNIQUE). */
    if (lcc__map_get(&e->open_convs, mc->key) == it)
        lcc__map_remove(&e->open_convs, mc->key);
}

/* ---- on behalf of a queue (OBQ-*) ---- */

/* The channel of a messenger type; 0 for one the engine does not know. */
static int messenger_channel(lcc_channel *ch, const char *type)
{
    if (type && strcmp(type, "sms") == 0)
        *ch = LCC_CHANNEL_SMS;
    else if (type && strcmp(type, "whatsapp") == 0)
        *ch = LCC_CHANNEL_WHATSAPP;
    else if (type && strcmp(type, "open") == 0)
        *ch = LCC_CHANNEL_OPEN;
    else
        return 0;
    return 1;
}

static const char *holder(const eng_item *it)
{
    switch (it->state) {
    case LCC_ENGINE_WAITING: return "waiting in a queue";
    case LCC_ENGINE_OFFERED: return "offered to an agent";
    case LCC_ENGINE_ENDED: return "open with no agent";
    default: return "assigned to an agent";
    }
}

lcc_status lcc__eng_obq_start(eng_item **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                              const eng_obq *req)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    *out = NULL;
    const lcc_agent *ag = lcc_context_find_agent(ctx, by->id);
    const lcc_queue *q = req->queue_id ? lcc_context_find_queue(ctx, req->queue_id) : NULL;
    lcc_channel ch = LCC_CHANNEL_SMS;
    int known = messenger_channel(&ch, req->messenger_type);
    int has_to = req->to_address && req->to_address[0];
    lcc__obq_facts f = {
        .agent_exists = ag != NULL,
        .has_message_create = lcc_agent_has_permission(ag, LCC_PERM_MESSAGE_CREATE),
        .has_queue_view = lcc_agent_has_permission(ag, LCC_PERM_QUEUE_VIEW),
        .queue_id = req->queue_id,
        .queue_exists = q != NULL,
        .agent_is_member = q && lcc_queue_has_member(q, by->id),
        .channel = ch,
        .n_recipients = has_to ? 1 : 0,
        .has_body = 1, /* the text comes with the next request */
        .body = NULL,
    };
    lcc__rules_obq(r, &f);
    if (!known)
        lcc__report_add(r, "OBQ-CHANNELS", "channel", LCC_ENOTSUP, ERR,
                        "Messages on behalf of a queue can be sent by SMS or WhatsApp, not by "
                        "messenger type \"%.40s\".",
                        req->messenger_type ? req->messenger_type : "(none)");
    char e164[LCC__ADDRESS_E164_SIZE] = "";
    if (has_to && known && (ch == LCC_CHANNEL_SMS || ch == LCC_CHANNEL_WHATSAPP))
        lcc__rules_obq_address(r, e164, ch, req->to_address, NULL);
    eng_contact *contact = NULL;
    lcc_status st = e164[0] ? lcc__eng_contact_verify(&contact, r, e, req->contact_id, ch, e164)
                            : LCC_OK;
    if (st == LCC_OK)
        st = lcc__report_status(ctx, r);
    if (st != LCC_OK)
        return st;
    eng_queue *eq = lcc__eng_queue(e, req->queue_id, &st);
    if (!eq)
        return st;

    eng_item *open = lcc__eng_mconv_open(e, ch, e164);
    if (open && open->state != LCC_ENGINE_ENDED) {
        /* OBQ-EXISTING: alerting or connected: refused, even when asked to use it. */
        lcc__report_add(r, "OBQ-EXISTING", "recipients", LCC_EEXISTS, ERR,
                        "%s already has a conversation %s; a new message to them cannot be "
                        "started.",
                        e164, holder(open));
        *out = open;
        return lcc__report_status(ctx, r);
    }
    if (open && !req->use_existing) {
        lcc__report_add(r, "OBQ-TAKEOVER", "recipients", LCC_ETAKEOVER, ERR,
                        "%s has an open conversation that no agent is assigned to (%s): take it "
                        "over instead of starting a new one.",
                        e164, open->id);
        *out = open;
        return lcc__report_status(ctx, r);
    }
    eng_item *it = open;
    if (!it && !(it = conv_new(e, eq, ch, e164, 0)))
        return LCC_ENOMEM;
    /* OBQ-OFFQUEUE: the conversation is the sender's without routing: their
     * presence, routing status and offers stay as they are. */
    it->state = LCC_ENGINE_CONNECTED;
    it->agent = by;
    it->queue = eq;
    lcc__eng_mconv_assign(e, it, by);
    eq->out_conversations++;
    lcc__eng_contact_link(contact, it); /* OBQ-VERIFY: the interaction history */
    *out = it;
    return LCC_OK;
}

lcc_status lcc__eng_msg_send(eng_msg **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                             eng_item *it, const char *comm_id, const char *text)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    eng_mconv *mc = it->mc;
    if (mc->closed)
        return lcc__error(ctx, LCC_ESTATE,
                          "Conversation %s is closed: its threading timeline ran out.", it->id);
    if (!by || it->state != LCC_ENGINE_CONNECTED || it->agent != by)
        return lcc__error(ctx, LCC_EPERM,
                          "Only the agent assigned to conversation %s can send in it.", it->id);
    if (!comm_id || strcmp(comm_id, mc->comm_id) != 0)
        return lcc__error(ctx, LCC_ENOTFOUND,
                          "Communication %.100s is not the agent's communication of %s.",
                          comm_id ? comm_id : "", it->id);
    if (lcc__eng_social(it)) {
        /* An AdditionalMessage in a social interaction is a private message
         * (SL-VISIBILITY): the SL rules apply, not those of OBQ. */
        eng_social_reply req = {comm_id, text, NULL, 0, NULL, 1};
        return lcc__eng_social_send(out, r, e, by, it, &req);
    }
    int has_text = text && text[0];
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    lcc_status st = has_text ? lcc_text_measure(&tm, mc->channel, text, strlen(text)) : LCC_OK;
    if (st == LCC_ENOMEM)
        return lcc__error(ctx, st, "out of memory");
    if (st != LCC_OK)
        return lcc__error(ctx, LCC_EINVAL, "textBody is not valid UTF-8 text.");
    const lcc_agent *ag = lcc_context_find_agent(ctx, by->id);
    if (mc->entry) {
        /* An outbound task (OB-*): the sender is its assigned agent (above)
         * and the entry point and customer were checked when it was created;
         * a message needs a text within the channel's limit (TXT-LIMITS;
         * email has none). */
        lcc__ob_facts ob = {
            .agent_exists = 1,
            .tenant_digital = 1,
            .digital_license = 1,
            .media = LCC_CHANNEL_BIT(mc->channel),
            .auto_assigned = LCC_CHANNEL_BIT(mc->channel),
            .channel = mc->channel,
            .entry_point_id = mc->entry->id,
            .entry_point_exists = 1,
            .entry_point_channel = mc->channel,
            .entry_points_for_channel = 1,
            .n_recipients = 1,
            .has_body = has_text,
            .body = has_text ? &tm : NULL,
        };
        lcc__rules_ob(r, &ob);
    }
    /* The sender and the queue were checked when the conversation was
     * started or given to them; a message needs its permission and a text
     * within the channel's limit. */
    lcc__obq_facts f = {
        .agent_exists = ag != NULL,
        .has_message_create = lcc_agent_has_permission(ag, LCC_PERM_MESSAGE_CREATE),
        .has_queue_view = 1,
        .queue_id = it->queue->id,
        .queue_exists = 1,
        .agent_is_member = 1,
        .channel = mc->channel,
        .n_recipients = 1,
        .has_body = has_text,
        .body = has_text ? &tm : NULL,
    };
    if (!mc->entry)
        lcc__rules_obq(r, &f);
    if ((st = lcc__report_status(ctx, r)) != LCC_OK)
        return st;
    eng_msg *m = lcc__eng_msg_new(e, by, text ? text : "", NULL);
    if (!m)
        return LCC_ENOMEM;
    lcc__eng_msg_post(e, it, m);
    *out = m;
    return LCC_OK;
}

/* ---- agentless (from a provisioned SMS number) ---- */

/* The rules of an agentless request and the engine's own checks (the
 * number sent from is provisioned, the contact is verified): `to` gets the
 * recipient in E.164 ("" when it is not one), *contact its contact.  LCC_OK;
 * LCC_EINVAL (text not UTF-8); LCC_EVALIDATION; LCC_ENOMEM. */
static lcc_status agentless_check(lcc_report *r, char *to, eng_contact **contact, lcc_engine *e,
                                  eng_agent *by, const eng_agentless *req)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    const lcc_agent *ag = by ? lcc_context_find_agent(ctx, by->id) : NULL;
    lcc_channel ch = LCC_CHANNEL_SMS;
    int known = messenger_channel(&ch, req->messenger_type);
    int has_text = req->text && req->text[0], has_to = req->to_address && req->to_address[0];
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    lcc_status st = has_text ? lcc_text_measure(&tm, LCC_CHANNEL_SMS, req->text, strlen(req->text))
                             : LCC_OK;
    if (st == LCC_ENOMEM)
        return lcc__error(ctx, st, "out of memory");
    if (st != LCC_OK)
        return lcc__error(ctx, LCC_EINVAL, "textBody is not valid UTF-8 text.");
    lcc__agentless_facts f = {
        .by_client = by == NULL,
        .agent_exists = ag != NULL,
        .has_message_create = lcc_agent_has_permission(ag, LCC_PERM_MESSAGE_CREATE),
        .channel = ch,
        .from_address = req->from_address,
        .n_recipients = has_to ? 1 : 0,
        .has_body = has_text,
        .body = has_text ? &tm : NULL,
    };
    char from[LCC__ADDRESS_E164_SIZE];
    lcc__rules_agentless(r, from, &f);
    if (!known)
        lcc__report_add(r, "OBQ-CHANNELS", "channel", LCC_ENOTSUP, ERR,
                        "Agentless messages are sent by SMS, not by messenger type \"%.40s\".",
                        req->messenger_type ? req->messenger_type : "(none)");
    if (from[0] && !lcc__map_get(&e->sms_numbers, from))
        lcc__report_add(r, "OBQ-CHANNELS", "from", LCC_ENOTFOUND, ERR,
                        "%s is not an SMS number provisioned for agentless messages.", from);
    to[0] = '\0';
    if (has_to && ch == LCC_CHANNEL_SMS)
        lcc__rules_obq_address(r, to, ch, req->to_address, NULL);
    st = to[0] ? lcc__eng_contact_verify(contact, r, e, req->contact_id, ch, to) : LCC_OK;
    return st == LCC_OK ? lcc__report_status(ctx, r) : st;
}

lcc_status lcc__eng_agentless(eng_msg **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                              const eng_agentless *req)
{
    char to[LCC__ADDRESS_E164_SIZE];
    eng_contact *contact = NULL;
    *out = NULL;
    lcc_status st = agentless_check(r, to, &contact, e, by, req);
    if (st != LCC_OK)
        return st;
    eng_item *it = lcc__eng_mconv_open(e, LCC_CHANNEL_SMS, to);
    if (it && !req->use_existing) {
        lcc__report_add(r, "OBQ-EXISTING", "recipients", LCC_EEXISTS, ERR,
                        "%s already has an active conversation (%s, %s): send with "
                        "useExistingActiveConversation to add the message to it.",
                        to, it->id, holder(it));
        return lcc__report_status(lcc__eng_ctx(e), r);
    }
    eng_msg *m = lcc__eng_msg_new(e, by, req->text, NULL);
    if (!m)
        return LCC_ENOMEM;
    if (!it) {
        if (!(it = conv_new(e, NULL, LCC_CHANNEL_SMS, to, 1))) {
            lcc__eng_msg_drop(e, m);
            return LCC_ENOMEM;
        }
        it->state = LCC_ENGINE_ENDED; /* open with no agent: one may take it over */
    }
    lcc__eng_msg_post(e, it, m);
    lcc__eng_contact_link(contact, it); /* OBQ-VERIFY: the interaction history */
    *out = m;
    return LCC_OK;
}

void lcc__eng_msg_post(lcc_engine *e, eng_item *it, eng_msg *m)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    e->n_mtimers++; /* its room was reserved by lcc__eng_msg_new() */
    msg_append(it, m);
    if (e->fail_count) {
        e->fail_count--;
        m->fail = e->fail_outcome;
    }
    if (it->queue) /* none for an agentless conversation */
        it->queue->out_messages++;
    touch(e, it->mc);
    lcc__timers_arm(&ctx->io->timers, &m->timer, m->ms + LCC_ENGINE_SEND_DELAY_MS);
    msg_set(e, m, LCC_DELIVERY_QUEUED);
}

/* ---- public ---- */

LCC_API lcc_status lcc_engine_set_threading_timeline(lcc_engine *e, int64_t ms)
{
    if (!OK(e))
        return LCC_EMISUSE;
    if (ms < THREADING_MIN_MS || ms > THREADING_MAX_MS)
        return lcc__error(lcc__eng_ctx(e), LCC_ERANGE,
                          "the threading timeline must be 60000..2592000000 ms (1 minute to "
                          "30 days), not %lld",
                          (long long)ms);
    e->threading_ms = ms;
    /* Every open conversation has its timer armed: moving it needs no room.
     * (Not only those of open_convs: an outbound task from another entry
     * point may have taken the contact's key from an open one.) */
    size_t pos = 0;
    void *v;
    while (lcc__map_next(&e->items, &pos, NULL, &v)) {
        eng_mconv *mc = ((eng_item *)v)->mc;
        if (mc && !mc->closed)
            arm_conv(e, mc, mc->last_ms + ms);
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_queue_counts(lcc_engine *e, const char *queue_id,
                                           lcc_engine_counts *out)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!queue_id || !out)
        return LCC__MISUSE(ctx, "queue_id and out must not be NULL");
    if (out->size != sizeof *out)
        return LCC__MISUSE(ctx, "lcc_engine_counts: unknown size %zu", out->size);
    const eng_queue *q = lcc__map_get(&e->queues, queue_id);
    if (!q && !lcc_context_find_queue(ctx, queue_id))
        return lcc__error(ctx, LCC_ENOTFOUND, "queue \"%.100s\" does not exist", queue_id);
    out->outbound_conversations = q ? q->out_conversations : 0;
    out->outbound_messages = q ? q->out_messages : 0;
    return LCC_OK;
}

lcc_status lcc__eng_address_e164(char *e164, lcc_engine *e, lcc_channel channel,
                                 const char *address)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    lcc_status st = lcc__rules_obq_address(r, e164, channel, address, NULL);
    if (st != LCC_OK && lcc__report_status(ctx, r) == LCC_ENOMEM)
        st = lcc__error(ctx, LCC_ENOMEM, "out of memory");
    else if (st != LCC_OK)
        lcc__error(ctx, st, "%s", lcc_report_message(r, 0));
    lcc_report_free(r);
    return st;
}

LCC_API lcc_status lcc_engine_add_message(const char **conversation_id, lcc_engine *e,
                                          const char *queue_id, lcc_channel channel,
                                          const char *from_address, const char *text)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!queue_id || !from_address || !text)
        return LCC__MISUSE(ctx, "queue_id, from_address and text must not be NULL");
    if (channel != LCC_CHANNEL_SMS && channel != LCC_CHANNEL_WHATSAPP)
        return lcc__error(ctx, LCC_EINVAL, "inbound messages come by SMS or WhatsApp, not by "
                                           "channel %d",
                          (int)channel);
    lcc_status st = lcc__check_text(ctx, "text", text, MAX_INBOUND_BYTES, 0);
    char e164[LCC__ADDRESS_E164_SIZE];
    if (st != LCC_OK || (st = lcc__eng_address_e164(e164, e, channel, from_address)) != LCC_OK)
        return st;
    eng_queue *q = lcc__eng_queue(e, queue_id, &st);
    if (!q)
        return st;
    eng_item *it;
    eng_msg *m;
    if ((st = lcc__eng_inbound(&it, &m, e, q, channel, e164, text, 0)) != LCC_OK)
        return st;
    if (conversation_id)
        *conversation_id = it->id;
    return LCC_OK;
}

lcc_status lcc__eng_inbound(eng_item **conv, eng_msg **msg, lcc_engine *e, eng_queue *q,
                            lcc_channel channel, const char *address, const char *text,
                            int is_private)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    eng_item *it = lcc__eng_mconv_open(e, channel, address);
    eng_msg *m = !it || reserve_timers(e, 1) == 0 ? msg_new(e, NULL, text, NULL) : NULL;
    if (!m)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    int route = 0;
    if (!it) {
        if (!(it = conv_new(e, q, channel, address, 0))) {
            lcc__eng_msg_drop(e, m);
            return LCC_ENOMEM;
        }
        route = 1;
    } else if (it->state == LCC_ENGINE_ENDED) {
        /* Threaded into the open, unassigned conversation: back to a queue. */
        it->queue = q;
        it->waiting_since = lcc__now(ctx);
        route = 1;
    }
    m->state = LCC_DELIVERY_DELIVERED;
    m->is_private = is_private != 0;
    msg_append(it, m);
    touch(e, it->mc);
    *conv = it;
    *msg = m;
    if (route)
        lcc__eng_route(e, it);
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_set_contact_online(lcc_engine *e, const char *address, int online)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!address)
        return LCC__MISUSE(ctx, "address must not be NULL");
    lcc__phone ph;
    char err[160] = "";
    const char *contact = ph.e164;
    char mail[LCC__EMAIL_SIZE];
    lcc_status st = lcc__phone_parse(&ph, address, NULL, err, sizeof err);
    if (st != LCC_OK && address[0] != '@' && strchr(address, '@')) {
        /* An email address (outbound email tasks, OB-TO), in the form the
         * task keeps: the domain in lower case. */
        lcc_report *r = lcc__report_new(&ctx->alloc);
        if (!r)
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        if (lcc__rules_ob_address(r, mail, LCC_CHANNEL_EMAIL, address) == LCC_OK) {
            contact = mail;
            st = LCC_OK;
        }
        lcc_report_free(r);
    }
    if (contact == mail) {
        /* checked above */
    } else if (st != LCC_OK && lcc__eng_social_handle(e, address))
        contact = address; /* the author of social messages, verbatim */
    else if (st != LCC_OK)
        return lcc__error(ctx, st, "\"%.60s\" is not an international number: %s", address, err);
    else if (ph.extension[0])
        return lcc__error(ctx, LCC_EINVAL, "\"%.60s\": a messaging address has no extension",
                          address);
    char *key = NULL;
    if (!online) {
        if (lcc__map_get(&e->offline, contact))
            return LCC_OK;
        key = lcc__strdup(&ctx->alloc, contact);
        if (!key || lcc__map_put(&e->offline, &ctx->alloc, key, key)) {
            lcc__free(&ctx->alloc, key);
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        }
        return LCC_OK;
    }
    if ((key = lcc__map_get(&e->offline, contact)) != NULL) {
        lcc__map_remove(&e->offline, contact);
        lcc__free(&ctx->alloc, key);
    }
    /* Back online: everything pending for them is delivered now, oldest first. */
    for (eng_msg *m = e->pending_head, *next; m; m = next) {
        next = m->pnext;
        if (strcmp(m->conv->mc->address, contact) == 0)
            msg_set(e, m, LCC_DELIVERY_DELIVERED);
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_add_sms_number(lcc_engine *e, const char *number)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!number)
        return LCC__MISUSE(ctx, "number must not be NULL");
    char e164[LCC__ADDRESS_E164_SIZE];
    lcc_status st = lcc__eng_address_e164(e164, e, LCC_CHANNEL_SMS, number);
    if (st != LCC_OK)
        return st;
    if (lcc__map_get(&e->sms_numbers, e164))
        return lcc__error(ctx, LCC_EEXISTS, "%s is provisioned already", e164);
    char *key = lcc__strdup(&ctx->alloc, e164);
    if (!key || lcc__map_put(&e->sms_numbers, &ctx->alloc, key, key)) {
        lcc__free(&ctx->alloc, key);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_fail_next_sends(lcc_engine *e, unsigned count,
                                              lcc_delivery_state outcome)
{
    if (!OK(e))
        return LCC_EMISUSE;
    if (outcome != LCC_DELIVERY_SERVER_REJECTED && outcome != LCC_DELIVERY_NETWORK_ERROR &&
        outcome != LCC_DELIVERY_LIMIT_EXCEEDED)
        return lcc__error(lcc__eng_ctx(e), LCC_EINVAL,
                          "a send fails with LCC_DELIVERY_SERVER_REJECTED, _NETWORK_ERROR or "
                          "_LIMIT_EXCEEDED, not %d",
                          (int)outcome);
    e->fail_count = count;
    e->fail_outcome = (uint8_t)outcome;
    return LCC_OK;
}
