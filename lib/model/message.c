/* Outbound messages: the handle, its setters and getters, and validation
 * (OBQ-*, TXT-LIMITS through rules/message_rules.c). */
#include "model/message.h"

#include <string.h>

#include "contactcore/agent.h"
#include "contactcore/queue.h"
#include "core/alloc.h"
#include "transport/io.h"

#define OK(m) lcc__handle_ok((m), LCC__MAGIC_MESSAGE)

LCC_API const char *lcc_delivery_state_name(lcc_delivery_state s)
{
    switch (s) {
    case LCC_DELIVERY_DRAFT: return "draft";
    case LCC_DELIVERY_QUEUED: return "queued";
    case LCC_DELIVERY_SENT: return "sent";
    case LCC_DELIVERY_PENDING: return "pending delivery";
    case LCC_DELIVERY_DELIVERED: return "delivered";
    case LCC_DELIVERY_SERVER_REJECTED: return "server rejected";
    case LCC_DELIVERY_NETWORK_ERROR: return "network error";
    case LCC_DELIVERY_LIMIT_EXCEEDED: return "message limit exceeded";
    case LCC_DELIVERY_UNKNOWN: break;
    }
    return "unknown";
}

static void delivery_clear(lcc__delivery *d, const lcc_allocator *a)
{
    lcc__free(a, d->address);
    lcc__free(a, d->conversation_id);
    lcc__free(a, d->communication_id);
    lcc__free(a, d->message_id);
    lcc__free(a, d->history);
}

static void message_destroy(lcc__handle *h)
{
    lcc_message *m = (lcc_message *)h;
    const lcc_allocator *a = &h->ctx->alloc;
    if (m->busy) {
        struct lcc_op *op = m->busy;
        *(lcc_message **)op->data = NULL; /* the op no longer touches it */
        m->busy = NULL;
        lcc__op_finish(op, LCC_ECANCELED, "the message was freed");
    }
    for (size_t i = 0; i < m->n_to; i++)
        delivery_clear(&m->to[i], a);
    lcc__free(a, m->to);
    lcc__free(a, m->sender_id);
    lcc__free(a, m->queue_id);
    lcc__free(a, m->body);
}

LCC_API lcc_status lcc_message_new(lcc_message **out, lcc_context *ctx, const lcc_agent *sender,
                                   lcc_channel channel)
{
    if (!out || !lcc__context_ok(ctx) || !lcc_agent_id(sender))
        return LCC__MISUSE(ctx, "lcc_message_new: NULL argument, invalid context or agent");
    if ((unsigned)channel > LCC_CHANNEL_SOCIAL_PUBLIC)
        return lcc__error(ctx, LCC_EINVAL, "unknown channel %d", (int)channel);
    char *id = lcc__strdup(&ctx->alloc, lcc_agent_id(sender));
    lcc_message *m = id ? lcc__handle_new(ctx, sizeof *m, LCC__MAGIC_MESSAGE, message_destroy)
                        : NULL;
    if (!m) {
        lcc__free(&ctx->alloc, id);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    m->sender_id = id;
    m->channel = channel;
    *out = m;
    return LCC_OK;
}

LCC_API void lcc_message_free(lcc_message *m)
{
    if (OK(m))
        lcc__handle_free(&m->h);
}

/* 1 when some recipient was sent to already (the message is then fixed). */
static int sent_to_someone(const lcc_message *m)
{
    for (size_t i = 0; i < m->n_to; i++)
        if (m->to[i].state != LCC_DELIVERY_DRAFT || m->to[i].conversation_id)
            return 1;
    return 0;
}

static lcc_status changeable(lcc_message *m)
{
    if (m->busy || sent_to_someone(m))
        return lcc__error(m->h.ctx, LCC_ESTATE,
                          "the message was sent already; make a new one to send other content");
    return LCC_OK;
}

LCC_API lcc_status lcc_message_set_queue(lcc_message *m, const char *queue_id)
{
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_status st = changeable(m);
    return st == LCC_OK ? lcc__set_text(m->h.ctx, "queue id", &m->queue_id, queue_id) : st;
}

LCC_API lcc_status lcc_message_set_body(lcc_message *m, const char *text)
{
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_status st = changeable(m);
    if (st == LCC_OK && text)
        st = lcc__check_text(m->h.ctx, "message text", text, LCC_MESSAGE_MAX_BYTES, 0);
    return st == LCC_OK ? lcc__replace_str(m->h.ctx, &m->body, text) : st;
}

static long find_recipient(const lcc_message *m, const char *address)
{
    for (size_t i = 0; i < m->n_to; i++)
        if (strcmp(m->to[i].address, address) == 0)
            return (long)i;
    return -1;
}

LCC_API lcc_status lcc_message_add_recipient(lcc_message *m, const char *address)
{
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_context *ctx = m->h.ctx;
    lcc_status st = lcc__check_text(ctx, "recipient", address, LCC_MAX_TEXT, 0);
    if (st != LCC_OK)
        return st;
    if (find_recipient(m, address) >= 0)
        return lcc__error(ctx, LCC_EEXISTS, "\"%.100s\" is a recipient already", address);
    char *copy = lcc__strdup(&ctx->alloc, address);
    if (!copy || lcc__grow(&ctx->alloc, (void **)&m->to, &m->cap_to, m->n_to + 1, sizeof *m->to)) {
        lcc__free(&ctx->alloc, copy);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    memset(&m->to[m->n_to], 0, sizeof m->to[0]);
    m->to[m->n_to++].address = copy;
    return LCC_OK;
}

LCC_API lcc_status lcc_message_remove_recipient(lcc_message *m, const char *address)
{
    if (!OK(m) || !address)
        return OK(m) ? LCC__MISUSE(m->h.ctx, "address must not be NULL") : LCC_EMISUSE;
    long i = find_recipient(m, address);
    if (i < 0)
        return lcc__error(m->h.ctx, LCC_ENOTFOUND, "\"%.100s\" is not a recipient", address);
    lcc__delivery *d = &m->to[i];
    if (m->busy || d->state != LCC_DELIVERY_DRAFT || d->conversation_id)
        return lcc__error(m->h.ctx, LCC_ESTATE, "the message was sent to \"%.100s\" already",
                          address);
    delivery_clear(d, &m->h.ctx->alloc);
    memmove(d, d + 1, (m->n_to - (size_t)i - 1) * sizeof *d);
    m->n_to--;
    return LCC_OK;
}

LCC_API lcc_status lcc_message_set_take_over(lcc_message *m, int take_over)
{
    if (!OK(m))
        return LCC_EMISUSE;
    m->take_over = !!take_over;
    return LCC_OK;
}

LCC_API lcc_channel lcc_message_channel(const lcc_message *m)
{
    return OK(m) ? m->channel : LCC_CHANNEL_SMS;
}

LCC_API const char *lcc_message_sender_id(const lcc_message *m)
{
    return OK(m) ? m->sender_id : NULL;
}

LCC_API const char *lcc_message_queue_id(const lcc_message *m)
{
    return OK(m) ? m->queue_id : NULL;
}

LCC_API const char *lcc_message_body(const lcc_message *m)
{
    return OK(m) ? m->body : NULL;
}

LCC_API size_t lcc_message_recipient_count(const lcc_message *m)
{
    return OK(m) ? m->n_to : 0;
}

LCC_API const char *lcc_message_recipient(const lcc_message *m, size_t i)
{
    return OK(m) && i < m->n_to ? m->to[i].address : NULL;
}

static const lcc__delivery *delivery(const lcc_message *m, size_t i)
{
    return OK(m) && i < m->n_to ? &m->to[i] : NULL;
}

LCC_API lcc_delivery_state lcc_message_delivery_state(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d ? d->state : LCC_DELIVERY_UNKNOWN;
}

LCC_API const char *lcc_message_delivery_address(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d && d->e164[0] ? d->e164 : NULL;
}

LCC_API const char *lcc_message_conversation_id(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d ? d->conversation_id : NULL;
}

LCC_API const char *lcc_message_message_id(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d ? d->message_id : NULL;
}

LCC_API size_t lcc_message_history_count(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d ? d->n_history : 0;
}

LCC_API lcc_status lcc_message_history(const lcc_message *m, size_t i, size_t k,
                                       lcc_delivery_state *state, int64_t *at_ms)
{
    if (!OK(m))
        return LCC_EMISUSE;
    const lcc__delivery *d = delivery(m, i);
    if (!d || k >= d->n_history)
        return lcc__error(m->h.ctx, LCC_ERANGE, "no history entry %zu of recipient %zu", k, i);
    if (state)
        *state = d->history[k].state;
    if (at_ms)
        *at_ms = d->history[k].at_ms;
    return LCC_OK;
}

lcc_status lcc__delivery_set(lcc__delivery *d, lcc_context *ctx, lcc_delivery_state state)
{
    if (d->state == state && d->n_history)
        return LCC_OK;
    if (lcc__grow(&ctx->alloc, (void **)&d->history, &d->cap_history, d->n_history + 1,
                  sizeof *d->history))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    d->history[d->n_history].state = state;
    d->history[d->n_history++].at_ms = lcc__now(ctx);
    d->state = state;
    return LCC_OK;
}

/* ---- validation ---- */

lcc_status lcc__message_check(lcc_report **report, lcc_message *m)
{
    lcc_context *ctx = m->h.ctx;
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    const lcc_agent *a = lcc_context_find_agent(ctx, m->sender_id);
    const lcc_queue *q = m->queue_id ? lcc_context_find_queue(ctx, m->queue_id) : NULL;
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    lcc_status measured = m->body ? lcc_text_measure(&tm, m->channel, m->body, strlen(m->body))
                                  : LCC_EINVAL;
    lcc__obq_facts f = {
        .agent_exists = a != NULL,
        .has_message_create = lcc_agent_has_permission(a, LCC_PERM_MESSAGE_CREATE),
        .has_queue_view = lcc_agent_has_permission(a, LCC_PERM_QUEUE_VIEW),
        .queue_id = m->queue_id,
        .queue_exists = q != NULL,
        .agent_is_member = q && lcc_queue_has_member(q, m->sender_id),
        .channel = m->channel,
        .n_recipients = m->n_to,
        .has_body = m->body != NULL,
        .body = measured == LCC_OK ? &tm : NULL,
    };
    lcc__rules_obq(r, &f);
    char e164[LCC__ADDRESS_E164_SIZE];
    int channel_ok = m->channel == LCC_CHANNEL_SMS || m->channel == LCC_CHANNEL_WHATSAPP;
    for (size_t i = 0; channel_ok && i < m->n_to; i++)
        if (lcc__rules_obq_address(r, e164, m->channel, m->to[i].address, NULL) == LCC_OK &&
            !m->to[i].e164[0])
            memcpy(m->to[i].e164, e164, sizeof e164);
    lcc_status st = lcc__report_status(ctx, r);
    if (st == LCC_ENOMEM) {
        lcc_report_free(r);
        return st;
    }
    *report = r;
    return st;
}

LCC_API lcc_status lcc_message_validate(lcc_report **report, lcc_message *m)
{
    if (!OK(m))
        return LCC_EMISUSE;
    if (!report)
        return LCC__MISUSE(m->h.ctx, "lcc_message_validate: NULL report");
    return lcc__message_check(report, m);
}
