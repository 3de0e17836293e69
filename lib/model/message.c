/* Outbound messages: the handle, its setters and getters, copies, and
 * validation by kind (OBQ-* through rules/message_rules.c, OB-* through
 * rules/outbound_rules.c, SL-* through rules/social_rules.c). */
#include "model/message.h"

#include <string.h>

#include "contactcore/agent.h"
#include "contactcore/entrypoint.h"
#include "contactcore/queue.h"
#include "core/alloc.h"
#include "rules/social_rules.h"
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
    lcc__free(a, d->contact_id);
    lcc__free(a, d->conversation_id);
    lcc__free(a, d->communication_id);
    lcc__free(a, d->message_id);
    lcc__free(a, d->previous_id);
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
    for (size_t i = 0; i < m->n_parts; i++)
        delivery_clear(&m->parts[i], a);
    lcc__free(a, m->to);
    lcc__free(a, m->parts);
    lcc__free(a, m->sender_id);
    lcc__free(a, m->queue_id);
    lcc__free(a, m->entry_point_id);
    lcc__free(a, m->conversation);
    lcc__free(a, m->from_address);
    lcc__free(a, m->reply_to);
    lcc__free(a, m->body);
    lcc__free(a, m->copied_from);
    lcc__strlist_clear(&m->attachments, a);
}

enum lcc__message_kind lcc__message_kind(const lcc_message *m)
{
    if (m->conversation)
        return LCC__MSG_REPLY;
    if (m->entry_point_id)
        return LCC__MSG_ENTRY_POINT;
    if (m->queue_id)
        return LCC__MSG_QUEUE;
    if (m->from_address)
        return LCC__MSG_AGENTLESS;
    if (lcc__sl_channel(m->channel))
        return LCC__MSG_REPLY;
    return m->channel == LCC_CHANNEL_EMAIL ? LCC__MSG_ENTRY_POINT : LCC__MSG_QUEUE;
}

lcc__delivery *lcc__message_deliveries(const lcc_message *m, size_t *n)
{
    int reply = lcc__message_kind(m) == LCC__MSG_REPLY;
    *n = reply ? m->n_parts : m->n_to;
    return reply ? m->parts : m->to;
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
    return m->n_parts > 0;
}

static lcc_status changeable(lcc_message *m)
{
    if (m->busy || sent_to_someone(m))
        return lcc__error(m->h.ctx, LCC_ESTATE,
                          "the message was sent already; make a new one to send other content");
    return LCC_OK;
}

#define N_ORIGINS 4

/* The slots of the origins of m (at most one is set), in a fixed order. */
static void origin_slots(lcc_message *m, char **slots[N_ORIGINS])
{
    slots[0] = &m->queue_id;
    slots[1] = &m->entry_point_id;
    slots[2] = &m->conversation;
    slots[3] = &m->from_address;
}

/* The origin of m that is set and its index among origin_slots(), or NULL. */
static const char *origin_of(const lcc_message *m, size_t *k)
{
    const char *ids[N_ORIGINS] = {m->queue_id, m->entry_point_id, m->conversation,
                                  m->from_address};
    for (*k = 0; *k < N_ORIGINS; (*k)++)
        if (ids[*k])
            return ids[*k];
    return NULL;
}

/* Sets one of the origins and clears the others. */
static lcc_status set_origin(lcc_message *m, const char *what, char **slot, const char *id)
{
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_status st = changeable(m);
    if (st == LCC_OK)
        st = lcc__set_text(m->h.ctx, what, slot, id);
    if (st != LCC_OK)
        return st;
    char **all[N_ORIGINS];
    origin_slots(m, all);
    for (size_t i = 0; i < N_ORIGINS; i++)
        if (all[i] != slot) {
            lcc__free(&m->h.ctx->alloc, *all[i]);
            *all[i] = NULL;
        }
    return LCC_OK;
}

LCC_API lcc_status lcc_message_set_queue(lcc_message *m, const char *queue_id)
{
    return set_origin(m, "queue id", OK(m) ? &m->queue_id : NULL, queue_id);
}

LCC_API lcc_status lcc_message_set_entry_point(lcc_message *m, const char *entry_point_id)
{
    return set_origin(m, "entry point id", OK(m) ? &m->entry_point_id : NULL, entry_point_id);
}

LCC_API lcc_status lcc_message_set_conversation(lcc_message *m, const char *conversation_id)
{
    return set_origin(m, "conversation id", OK(m) ? &m->conversation : NULL, conversation_id);
}

LCC_API lcc_status lcc_message_set_from_address(lcc_message *m, const char *address)
{
    return set_origin(m, "from address", OK(m) ? &m->from_address : NULL, address);
}

LCC_API lcc_status lcc_message_set_reply_to(lcc_message *m, const char *message_id)
{
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_status st = changeable(m);
    return st == LCC_OK ? lcc__set_text(m->h.ctx, "message id", &m->reply_to, message_id) : st;
}

LCC_API lcc_status lcc_message_set_private(lcc_message *m, int is_private)
{
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_status st = changeable(m);
    if (st == LCC_OK)
        m->is_private = !!is_private;
    return st;
}

LCC_API lcc_status lcc_message_add_attachment(lcc_message *m, const char *media_id)
{
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_context *ctx = m->h.ctx;
    lcc_status st = changeable(m);
    if (st == LCC_OK)
        st = lcc__check_text(ctx, "media id", media_id, LCC_MAX_TEXT, 0);
    if (st != LCC_OK)
        return st;
    if (lcc__strlist_find(&m->attachments, media_id) >= 0)
        return lcc__error(ctx, LCC_EEXISTS, "\"%.100s\" is attached already", media_id);
    if (m->attachments.n >= LCC_MESSAGE_MAX_ATTACHMENTS)
        return lcc__error(ctx, LCC_ERANGE, "a message has at most %d attachments",
                          LCC_MESSAGE_MAX_ATTACHMENTS);
    if (lcc__strlist_add(&m->attachments, &ctx->alloc, media_id))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    return LCC_OK;
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

/* Recipient `address` of m, which was not sent to yet, into *out. */
static lcc_status unsent_recipient(lcc__delivery **out, lcc_message *m, const char *address)
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
    *out = d;
    return LCC_OK;
}

LCC_API lcc_status lcc_message_remove_recipient(lcc_message *m, const char *address)
{
    lcc__delivery *d;
    lcc_status st = unsent_recipient(&d, m, address);
    if (st != LCC_OK)
        return st;
    delivery_clear(d, &m->h.ctx->alloc);
    memmove(d, d + 1, (m->n_to - (size_t)(d - m->to) - 1) * sizeof *d);
    m->n_to--;
    return LCC_OK;
}

LCC_API lcc_status lcc_message_set_recipient_contact(lcc_message *m, const char *address,
                                                     const char *external_contact_id)
{
    lcc__delivery *d;
    lcc_status st = unsent_recipient(&d, m, address);
    return st == LCC_OK ? lcc__set_text(m->h.ctx, "external contact id", &d->contact_id,
                                        external_contact_id)
                        : st;
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

LCC_API const char *lcc_message_entry_point_id(const lcc_message *m)
{
    return OK(m) ? m->entry_point_id : NULL;
}

LCC_API const char *lcc_message_conversation(const lcc_message *m)
{
    return OK(m) ? m->conversation : NULL;
}

LCC_API const char *lcc_message_from_address(const lcc_message *m)
{
    return OK(m) ? m->from_address : NULL;
}

LCC_API const char *lcc_message_reply_to(const lcc_message *m)
{
    return OK(m) ? m->reply_to : NULL;
}

LCC_API int lcc_message_is_private(const lcc_message *m)
{
    return OK(m) ? m->is_private : 0;
}

LCC_API size_t lcc_message_attachment_count(const lcc_message *m)
{
    return OK(m) ? m->attachments.n : 0;
}

LCC_API const char *lcc_message_attachment(const lcc_message *m, size_t i)
{
    return OK(m) && i < m->attachments.n ? m->attachments.v[i] : NULL;
}

LCC_API const char *lcc_message_copied_from(const lcc_message *m)
{
    return OK(m) ? m->copied_from : NULL;
}

LCC_API size_t lcc_message_recipient_count(const lcc_message *m)
{
    return OK(m) ? m->n_to : 0;
}

LCC_API const char *lcc_message_recipient(const lcc_message *m, size_t i)
{
    return OK(m) && i < m->n_to ? m->to[i].address : NULL;
}

LCC_API const char *lcc_message_recipient_contact(const lcc_message *m, size_t i)
{
    return OK(m) && i < m->n_to ? m->to[i].contact_id : NULL;
}

static const lcc__delivery *delivery(const lcc_message *m, size_t i)
{
    size_t n = 0;
    const lcc__delivery *d = OK(m) ? lcc__message_deliveries(m, &n) : NULL;
    return i < n ? &d[i] : NULL;
}

LCC_API size_t lcc_message_delivery_count(const lcc_message *m)
{
    size_t n = 0;
    if (OK(m))
        lcc__message_deliveries(m, &n);
    return n;
}

LCC_API const char *lcc_message_previous_id(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d ? d->previous_id : NULL;
}

LCC_API lcc_delivery_state lcc_message_delivery_state(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d ? d->state : LCC_DELIVERY_UNKNOWN;
}

LCC_API const char *lcc_message_delivery_address(const lcc_message *m, size_t i)
{
    const lcc__delivery *d = delivery(m, i);
    return d && d->sent_to[0] ? d->sent_to : NULL;
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
        return lcc__error(m->h.ctx, LCC_ERANGE, "no history entry %zu of delivery %zu", k, i);
    if (state)
        *state = d->history[k].state;
    if (at_ms)
        *at_ms = d->history[k].at_ms;
    return LCC_OK;
}

lcc_status lcc__delivery_set(lcc_message *m, lcc__delivery *d, lcc_delivery_state state)
{
    lcc_context *ctx = m->h.ctx;
    if (d->state == state && d->n_history)
        return LCC_OK;
    if (lcc__grow(&ctx->alloc, (void **)&d->history, &d->cap_history, d->n_history + 1,
                  sizeof *d->history))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    d->history[d->n_history].state = state;
    d->history[d->n_history++].at_ms = lcc__now(ctx);
    d->state = state;
    lcc__event_push_message(ctx, LCC_EVENT_MESSAGE_DELIVERY, LCC_OK, d->conversation_id,
                            m->sender_id, m->queue_id, d->message_id, state);
    return LCC_OK;
}

/* ---- validation ---- */

/* OBQ-RECIPIENTS / OBQ-WHATSAPP for each recipient of the message's
 * channel (SMS or WhatsApp); each address as it will be sent is kept. */
static void obq_addresses(lcc_report *r, lcc_message *m)
{
    char e164[LCC__ADDRESS_E164_SIZE];
    for (size_t i = 0; i < m->n_to; i++)
        if (lcc__rules_obq_address(r, e164, m->channel, m->to[i].address, NULL) == LCC_OK &&
            !m->to[i].sent_to[0])
            memcpy(m->to[i].sent_to, e164, sizeof e164);
}

static void check_queue(lcc_report *r, lcc_message *m, const lcc_agent *a,
                        const lcc_text_metrics *tm)
{
    lcc_context *ctx = m->h.ctx;
    const lcc_queue *q = m->queue_id ? lcc_context_find_queue(ctx, m->queue_id) : NULL;
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
        .body = tm,
    };
    lcc__rules_obq(r, &f);
    if (m->channel == LCC_CHANNEL_SMS || m->channel == LCC_CHANNEL_WHATSAPP)
        obq_addresses(r, m);
}

static void check_agentless(lcc_report *r, lcc_message *m, const lcc_agent *a,
                            const lcc_text_metrics *tm)
{
    lcc__agentless_facts f = {
        .by_client = 0,
        .agent_exists = a != NULL,
        .has_message_create = lcc_agent_has_permission(a, LCC_PERM_MESSAGE_CREATE),
        .channel = m->channel,
        .from_address = m->from_address,
        .n_recipients = m->n_to,
        .has_body = m->body != NULL,
        .body = tm,
    };
    lcc__rules_agentless(r, m->from_e164, &f);
    if (m->channel == LCC_CHANNEL_SMS)
        obq_addresses(r, m);
}

/* OB-UNIQUE: no other message of the context from the same entry point has
 * an active conversation (lcc_message_task_state() 1) with the customer at
 * `address` (as OB-TO writes it: E.164, or the domain in lower case). */
static void check_unique(lcc_report *r, const lcc_message *m, const char *address)
{
    const lcc__handle *end = &m->h.ctx->handles;
    for (const lcc__handle *h = end->next; m->entry_point_id && h != end; h = h->next) {
        const lcc_message *o = (const lcc_message *)h;
        if (h->magic != LCC__MAGIC_MESSAGE || o == m || !o->entry_point_id ||
            strcmp(o->entry_point_id, m->entry_point_id) != 0 || lcc_message_task_state(o) != 1 ||
            strcmp(o->to[0].sent_to, address) != 0)
            continue;
        lcc__report_add(r, "OB-UNIQUE", "recipients", LCC_EEXISTS, LCC_SEVERITY_ERROR,
                        "An active conversation with %.100s from entry point \"%.100s\" already "
                        "exists (%.100s): continue it instead of starting another.",
                        address, m->entry_point_id, o->to[0].conversation_id);
        return;
    }
}

static void check_entry_point(lcc_report *r, lcc_message *m, const lcc_agent *a,
                              const lcc_text_metrics *tm)
{
    lcc_context *ctx = m->h.ctx;
    lcc_agent_profile prof = LCC_AGENT_PROFILE_INIT;
    if (a)
        lcc_agent_get_profile(a, &prof);
    const lcc_entry_point *ep =
        m->entry_point_id ? lcc_context_find_entry_point(ctx, m->entry_point_id) : NULL;
    lcc__ob_facts f = {
        .agent_exists = a != NULL,
        .tenant_digital = lcc_context_digital_channels(ctx),
        .digital_license = prof.digital_license,
        .media = prof.media,
        .auto_assigned = prof.auto_assigned,
        .channel = m->channel,
        .entry_point_id = m->entry_point_id,
        .entry_point_exists = ep != NULL,
        .entry_point_channel = ep ? lcc_entry_point_channel(ep) : m->channel,
        .entry_points_for_channel = lcc_context_entry_point_count(ctx, m->channel),
        .n_recipients = m->n_to,
        .has_body = m->body != NULL,
        .body = tm,
    };
    lcc__rules_ob(r, &f);
    char out[LCC__EMAIL_SIZE];
    int channel_ok = m->channel == LCC_CHANNEL_SMS || m->channel == LCC_CHANNEL_EMAIL;
    for (size_t i = 0; channel_ok && i < m->n_to; i++) {
        if (lcc__rules_ob_address(r, out, m->channel, m->to[i].address) != LCC_OK)
            continue;
        if (!m->to[i].sent_to[0])
            memcpy(m->to[i].sent_to, out, strlen(out) + 1);
        check_unique(r, m, out);
    }
}

static void check_reply(lcc_report *r, lcc_message *m, const lcc_agent *a,
                        const lcc_text_metrics *tm)
{
    lcc__sl_facts f = {
        .agent_exists = a != NULL,
        .has_socialmedia_create = lcc_agent_has_permission(a, LCC_PERM_SOCIAL_CREATE),
        .is_private = m->is_private,
        .channel = m->channel,
        .conversation_id = m->conversation,
        .n_recipients = m->n_to,
        .in_reply_to = m->reply_to,
        .n_attachments = m->attachments.n,
        .has_body = m->body != NULL,
        .body = tm,
    };
    lcc__rules_sl_reply(r, &f);
}

/* OBQ-VERIFY: the external contacts named for recipients.  Only messages
 * from a queue or agentless carry them. */
static void check_contacts(lcc_report *r, const lcc_message *m, enum lcc__message_kind kind)
{
    for (size_t i = 0; i < m->n_to; i++) {
        if (!m->to[i].contact_id)
            continue;
        if (kind == LCC__MSG_QUEUE || kind == LCC__MSG_AGENTLESS) {
            lcc__rules_obq_contact(r, m->to[i].address, m->to[i].contact_id);
            continue;
        }
        lcc__report_add(r, "OBQ-VERIFY", "recipients", LCC_ENOTSUP, LCC_SEVERITY_ERROR,
                        "Only messages sent on behalf of a queue or agentless name external "
                        "contacts: remove the contact of \"%.60s\".",
                        m->to[i].address);
        return;
    }
}

lcc_status lcc__message_make_parts(lcc_message *m)
{
    lcc_context *ctx = m->h.ctx;
    size_t n = (m->body ? 1 : 0) + m->attachments.n;
    if (lcc__message_kind(m) != LCC__MSG_REPLY || m->parts)
        return LCC_OK;
    lcc__delivery *p = lcc__calloc(&ctx->alloc, n, sizeof *p);
    if (!p)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    size_t k = m->body ? 1 : 0;
    for (size_t i = 0; i < m->attachments.n; i++)
        p[k + i].media_id = m->attachments.v[i];
    m->parts = p;
    m->n_parts = n;
    return LCC_OK;
}

lcc_status lcc__message_check(lcc_report **report, lcc_message *m)
{
    lcc_context *ctx = m->h.ctx;
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    const lcc_agent *a = lcc_context_find_agent(ctx, m->sender_id);
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    lcc_status measured = m->body ? lcc_text_measure(&tm, m->channel, m->body, strlen(m->body))
                                  : LCC_EINVAL;
    const lcc_text_metrics *body = measured == LCC_OK ? &tm : NULL;
    enum lcc__message_kind kind = lcc__message_kind(m);
    if (kind == LCC__MSG_REPLY)
        check_reply(r, m, a, body);
    else if (kind == LCC__MSG_ENTRY_POINT)
        check_entry_point(r, m, a, body);
    else if (kind == LCC__MSG_AGENTLESS)
        check_agentless(r, m, a, body);
    else
        check_queue(r, m, a, body);
    check_contacts(r, m, kind);
    if (kind != LCC__MSG_REPLY && m->attachments.n)
        lcc__report_add(r, "SL-ATTACH", "attachments", LCC_ENOTSUP, LCC_SEVERITY_ERROR,
                        "Only replies in a social listening interaction carry attachments.");
    lcc_status st = lcc__report_status(ctx, r);
    if (st == LCC_ENOMEM) {
        lcc_report_free(r);
        return LCC_ENOMEM;
    }
    *report = r;
    return st;
}

LCC_API lcc_status lcc_message_copy(lcc_message **out, const lcc_message *m, size_t i)
{
    if (out)
        *out = NULL;
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_context *ctx = m->h.ctx;
    if (!out)
        return LCC__MISUSE(ctx, "lcc_message_copy: NULL out");
    const lcc__delivery *d = delivery(m, i);
    if (!d)
        return lcc__error(ctx, LCC_ERANGE, "the message has no delivery %zu", i);
    if (!d->message_id)
        return lcc__error(ctx, LCC_ESTATE, "delivery %zu was never sent: nothing to copy", i);
    lcc_message *c = NULL;
    lcc_status st = lcc_message_new(&c, ctx, lcc_context_find_agent(ctx, m->sender_id),
                                    m->channel);
    if (st == LCC_EMISUSE) /* the sender was freed: copy by id */
        st = lcc__error(ctx, LCC_ESTATE, "the sender \"%.100s\" no longer exists", m->sender_id);
    if (st != LCC_OK)
        return st;
    char **slots[N_ORIGINS];
    size_t k;
    const char *origin_id = origin_of(m, &k);
    origin_slots(c, slots);
    c->is_private = m->is_private;
    c->take_over = m->take_over;
    if ((origin_id && (st = lcc__set_text(ctx, "origin", slots[k], origin_id)) != LCC_OK) ||
        (m->reply_to && (st = lcc__set_text(ctx, "reply to", &c->reply_to, m->reply_to))) ||
        (!d->media_id && m->body && (st = lcc__replace_str(ctx, &c->body, m->body))) ||
        (d->media_id && (st = lcc_message_add_attachment(c, d->media_id))) ||
        (d->address && (st = lcc_message_add_recipient(c, d->address))) ||
        (d->contact_id &&
         (st = lcc_message_set_recipient_contact(c, d->address, d->contact_id))) ||
        (st = lcc__replace_str(ctx, &c->copied_from, d->message_id))) {
        lcc_message_free(c);
        return st;
    }
    *out = c;
    return LCC_OK;
}

LCC_API lcc_status lcc_message_validate(lcc_report **report, lcc_message *m)
{
    if (!OK(m))
        return LCC_EMISUSE;
    if (!report)
        return LCC__MISUSE(m->h.ctx, "lcc_message_validate: NULL report");
    return lcc__message_check(report, m);
}
