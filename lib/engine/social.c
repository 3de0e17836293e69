/* Social listening interactions (SL-*): messages posted publicly or sent
 * privately to the organisation on Facebook, Instagram, X or another
 * public network arrive with lcc_engine_add_social() and are routed like
 * any inbound messaging conversation (messages.c, routing.c); an author's
 * messages on one channel thread into their open interaction.  This file
 * adds what differs: the agent participant exists from the offer on (the
 * client accepts by patching it), accepting needs its permission, replies
 * are public (answering one public message of the customer) or private,
 * carry one attachment at most, and the end of a handled interaction is
 * followed by a wrap-up (wrapup.c, from lcc__eng_end_item()). */
#include "engine/engine.h"

#include <string.h>

#include "contactcore/agent.h"
#include "contactcore/text.h"
#include "core/alloc.h"
#include "core/report.h"
#include "core/utf8.h"
#include "rules/message_rules.h"
#include "rules/social_rules.h"

#define OK(e) lcc__handle_ok((e), LCC__MAGIC_ENGINE)
#define ERR LCC_SEVERITY_ERROR
#define PERM_ACCEPT "conversation:message:accept"
#define PERM_SOCIAL_CREATE "conversation:socialmedia:create"
#define MAX_INBOUND_BYTES 65536
#define MAX_MEDIA_ID 256

int lcc__eng_social(const eng_item *it)
{
    return it->kind == ENG_MESSAGE && it->mc && lcc__sl_channel(it->mc->channel);
}

void lcc__eng_social_offered(lcc_engine *e, eng_item *it, eng_agent *a)
{
    if (!lcc__eng_social(it))
        return;
    /* Genesys shows the alerting agent as a participant with its
     * communication; accepting (lcc__eng_mconv_assign()) keeps both ids. */
    eng_mconv *mc = it->mc;
    mc->agent = a;
    lcc__eng_new_id(e, mc->agent_pid);
    lcc__eng_new_id(e, mc->comm_id);
    mc->alert_ids = 1;
}

lcc_status lcc__eng_social_may_accept(lcc_report *r, lcc_engine *e, const eng_item *it,
                                      const eng_agent *a)
{
    if (!lcc__eng_social(it))
        return LCC_OK;
    lcc_context *ctx = lcc__eng_ctx(e);
    const lcc_agent *ag = lcc_context_find_agent(ctx, a->id);
    int may = lcc_agent_has_permission(ag, PERM_ACCEPT);
    if (r) {
        lcc__rules_sl_accept(r, ag != NULL, may);
        return lcc__report_status(ctx, r);
    }
    if (!ag)
        return lcc__error(ctx, LCC_EPERM, "Agent \"%.100s\" does not exist (SL-PERM).", a->id);
    if (!may)
        return lcc__error(ctx, LCC_EPERM,
                          "Agent \"%.100s\" cannot accept %s: accepting a message interaction "
                          "needs the permission " PERM_ACCEPT " (SL-PERM).",
                          a->id, it->id);
    return LCC_OK;
}

/* An author's handle: 1..254 bytes of UTF-8 without control characters
 * (C0, DEL, C1), so that it fits eng_mconv.address and prints safely. */
static int handle_ok(const char *s)
{
    size_t n = strnlen(s, LCC__EMAIL_SIZE);
    return n && n < LCC__EMAIL_SIZE && lcc__utf8_plain(s, n);
}

int lcc__eng_social_handle(lcc_engine *e, const char *address)
{
    if (!handle_ok(address))
        return 0;
    if (address[0] == '@')
        return 1;
    size_t pos = 0;
    void *v;
    while (lcc__map_next(&e->items, &pos, NULL, &v)) {
        const eng_item *it = v;
        if (lcc__eng_social(it) && strcmp(it->mc->address, address) == 0)
            return 1;
    }
    return 0;
}

/* 1 for a media id the engine takes: 1..256 bytes of UTF-8. */
static int media_ok(const char *s)
{
    size_t n = s ? strnlen(s, MAX_MEDIA_ID + 1) : 0;
    return n && n <= MAX_MEDIA_ID && lcc__utf8_valid(s, n);
}

lcc_status lcc__eng_social_send(eng_msg **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                                eng_item *it, const eng_social_reply *req)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    eng_mconv *mc = it->mc;
    if (mc->closed)
        return lcc__error(ctx, LCC_ESTATE,
                          "Conversation %s is closed: its threading timeline ran out.", it->id);
    if (!by || it->state != LCC_ENGINE_CONNECTED || it->agent != by)
        return lcc__error(ctx, LCC_EPERM,
                          "Only the agent assigned to conversation %s can send in it.", it->id);
    if (!req->comm_id || strcmp(req->comm_id, mc->comm_id) != 0)
        return lcc__error(ctx, LCC_ENOTFOUND,
                          "Communication %.100s is not the agent's communication of %s.",
                          req->comm_id ? req->comm_id : "", it->id);
    for (size_t i = 0; i < req->n_media; i++)
        if (!media_ok(req->media[i]))
            return lcc__error(ctx, LCC_EINVAL,
                              "mediaIds[%zu] is not a media id (1 to 256 bytes of UTF-8).", i);
    int has_text = req->text && req->text[0];
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    lcc_status st =
        has_text ? lcc_text_measure(&tm, mc->channel, req->text, strlen(req->text)) : LCC_OK;
    if (st == LCC_ENOMEM)
        return lcc__error(ctx, st, "out of memory");
    if (st != LCC_OK)
        return lcc__error(ctx, LCC_EINVAL, "textBody is not valid UTF-8 text.");
    const lcc_agent *ag = lcc_context_find_agent(ctx, by->id);
    const char *reply_to = req->in_reply_to;
    lcc__sl_facts f = {
        .agent_exists = ag != NULL,
        .has_socialmedia_create = lcc_agent_has_permission(ag, PERM_SOCIAL_CREATE),
        .is_private = req->is_private,
        .channel = mc->channel,
        .conversation_id = it->id,
        .n_recipients = 0,
        .in_reply_to = reply_to,
        .n_attachments = req->n_media,
        .has_body = has_text,
        .body = has_text ? &tm : NULL,
    };
    lcc__rules_sl_reply(r, &f);
    /* SL-ATTACH: Genesys sends several attachments as messages of their own,
     * so one message carries one media id. */
    if (req->n_media > 1)
        lcc__report_add(r, "SL-ATTACH", "attachments", LCC_EINVAL, ERR,
                        "Each attachment goes out as a message of its own: send %zu messages "
                        "of one media id each.",
                        req->n_media);
    const eng_msg *target = NULL;
    if (!req->is_private && reply_to && reply_to[0]) {
        target = lcc__eng_msg_find(it, reply_to);
        if (!target || target->outbound || target->is_private) {
            lcc__report_add(r, "SL-THREAD", "in_reply_to", LCC_ENOTFOUND, ERR,
                            "Message %.100s is not a public message of the customer in %s: a "
                            "public reply answers one of them.",
                            reply_to, it->id);
            target = NULL;
        }
    }
    if ((st = lcc__report_status(ctx, r)) != LCC_OK)
        return st;
    eng_msg *m = lcc__eng_msg_new(e, by, has_text ? req->text : "",
                                  req->n_media ? req->media[0] : NULL);
    if (!m)
        return LCC_ENOMEM;
    m->is_private = req->is_private != 0;
    m->reply_to = target;
    lcc__eng_msg_post(e, it, m);
    *out = m;
    return LCC_OK;
}

/* ---- public ---- */

LCC_API lcc_status lcc_engine_add_social(const char **conversation_id, const char **message_id,
                                         lcc_engine *e, const char *queue_id,
                                         lcc_channel channel, const char *author, int is_private,
                                         const char *text)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!queue_id || !author || !text)
        return LCC__MISUSE(ctx, "queue_id, author and text must not be NULL");
    if (!lcc__sl_channel(channel))
        return lcc__error(ctx, LCC_EINVAL,
                          "social listening messages come by Facebook, Instagram, X or "
                          "LCC_CHANNEL_SOCIAL_PUBLIC, not by channel %d",
                          (int)channel);
    if (!handle_ok(author))
        return lcc__error(ctx, LCC_EINVAL,
                          "the author must be 1 to 254 bytes of UTF-8 text without control "
                          "characters");
    lcc_status st = lcc__check_text(ctx, "text", text, MAX_INBOUND_BYTES, 0);
    if (st != LCC_OK)
        return st;
    eng_queue *q = lcc__eng_queue(e, queue_id, &st);
    if (!q)
        return st;
    eng_item *it;
    eng_msg *m;
    if ((st = lcc__eng_inbound(&it, &m, e, q, channel, author, text, is_private)) != LCC_OK)
        return st;
    if (conversation_id)
        *conversation_id = it->id;
    if (message_id)
        *message_id = m->id;
    return LCC_OK;
}
