/* contactcore-native-host: message.send (on behalf of a queue, OBQ-*) and
 * social.reply (in a social listening interaction, SL-*), through
 * lcc_message_send(): the rules of the kind first (a refusal is
 * EVALIDATION with the report), then the backend's requests (its refusal
 * comes back with its rule: OBQ-EXISTING, ETAKEOVER, SL-THREAD, ...).
 * Delivery then goes on without the page: its steps arrive as
 * "engine.message" events on a long-lived port.
 */
#include "host.h"

#include <string.h>

const char *nh_delivery_name(lcc_delivery_state s)
{
    static const char *const names[] = {"draft",         "queued",          "sent",
                                        "pending",       "delivered",       "server_rejected",
                                        "network_error", "limit_exceeded",  "unknown"};
    return (size_t)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

/* Sends m and answers: the first delivery's ids and state.  `extra` writes
 * more members of the result. */
static void send_and_answer(nh_req *q, lcc_message *m, int reply)
{
    lcc_report *r = NULL;
    lcc_op *op = NULL;
    lcc_status st = lcc_message_send(&op, &r, m);
    if (st == LCC_OK)
        st = lcc_context_wait(q->h->ctx, op, -1);
    if (st != LCC_OK) {
        const lcc_report *rep = op && lcc_op_report(op) ? lcc_op_report(op) : r;
        if (lcc_report_count(rep) > 0)
            nh_error_status(q, st, rep, "send");
        else
            nh_error(q, cc_status_name(st), NULL, "send: %s",
                     op && *lcc_op_message(op) ? lcc_op_message(op)
                                               : lcc_context_errmsg(q->h->ctx));
    } else {
        jw *w = nh_result(q);
        jw_obj(w);
        jw_kstr(w, "conversation_id", lcc_message_conversation_id(m, 0));
        jw_kstr(w, "message_id", lcc_message_message_id(m, 0));
        jw_kstr(w, "state", nh_delivery_name(lcc_message_delivery_state(m, 0)));
        if (reply)
            jw_kstr(w, "visibility", lcc_message_is_private(m) ? "private" : "public");
        else
            jw_kstr(w, "to", lcc_message_delivery_address(m, 0));
        jw_key(w, "report");
        cc_report_json_placed(w, r);
        jw_obj_end(w);
        nh_result_end(q);
    }
    lcc_op_free(op);
    lcc_report_free(r);
}

void m_message_send(nh_req *q)
{
    nh_host *h = q->h;
    const char *queue = NULL, *to = NULL, *text = NULL, *channel_s = NULL;
    int take_over = 0;
    if (nh_param_str(q, "queue_id", 1, &queue) || nh_param_str(q, "to", 1, &to) ||
        nh_param_str(q, "text", 0, &text) || nh_param_str(q, "channel", 0, &channel_s) ||
        nh_param_bool(q, "take_over", &take_over))
        return;
    if (!text) {
        nh_error_param(q, "text", "params.text is required");
        return;
    }
    lcc_channel channel = LCC_CHANNEL_SMS;
    if (channel_s && (cc_parse_channel(channel_s, &channel) != 0 ||
                      (channel != LCC_CHANNEL_SMS && channel != LCC_CHANNEL_WHATSAPP))) {
        nh_error_param(q, "channel",
                       "params.channel: sms or whatsapp (messages on behalf of a queue)");
        return;
    }
    if (nh_need_agent(q) != 0)
        return;
    lcc_status st = nh_local_queue(h, queue);
    lcc_message *m = NULL;
    const char *field = "queue_id";
    if (st == LCC_OK)
        st = lcc_message_new(&m, h->ctx, h->agent, channel);
    if (st == LCC_OK)
        st = lcc_message_set_queue(m, queue);
    if (st == LCC_OK && (field = "to"))
        st = lcc_message_add_recipient(m, to);
    if (st == LCC_OK && (field = "text") && *text)
        st = lcc_message_set_body(m, text);
    if (st == LCC_OK && take_over)
        st = lcc_message_set_take_over(m, 1);
    if (st != LCC_OK)
        nh_error_field(q, cc_status_name(st), field, "%s: %s", field,
                       lcc_context_errmsg(h->ctx));
    else
        send_and_answer(q, m, 0);
    lcc_message_free(m);
}

void m_social_reply(nh_req *q)
{
    nh_host *h = q->h;
    const char *conv_id = NULL, *text = NULL, *in_reply_to = NULL, *channel_s = NULL;
    int is_private = 0;
    if (nh_param_str(q, "conversation_id", 1, &conv_id) || nh_param_str(q, "text", 0, &text) ||
        nh_param_str(q, "in_reply_to", 0, &in_reply_to) ||
        nh_param_str(q, "channel", 0, &channel_s) || nh_param_bool(q, "private", &is_private))
        return;
    if (!text) {
        nh_error_param(q, "text", "params.text is required");
        return;
    }
    int demo = h->demo.social[0] && strcmp(conv_id, h->demo.social) == 0;
    lcc_channel channel = demo ? h->demo.social_channel : LCC_CHANNEL_FACEBOOK;
    if (channel_s && cc_parse_channel(channel_s, &channel) != 0) {
        nh_error_param(q, "channel", "params.channel: facebook, instagram, twitter (or x), social");
        return;
    }
    if (!channel_s && !demo) {
        nh_error_param(q, "channel",
                       "params.channel is required for this interaction: facebook, instagram, "
                       "twitter (or x), social");
        return;
    }
    if (!in_reply_to && !is_private && demo)
        in_reply_to = h->demo.social_message;
    if (nh_need_agent(q) != 0)
        return;
    /* The interaction as the client knows it (the engine holds its own). */
    lcc_status st = LCC_OK;
    lcc_conversation *c = lcc_context_find_conversation(h->ctx, conv_id);
    if (!c)
        st = lcc_conversation_new(&c, h->ctx, conv_id, LCC_MEDIA_SOCIAL);
    lcc_message *m = NULL;
    const char *field = "conversation_id";
    if (st == LCC_OK)
        st = lcc_message_new(&m, h->ctx, h->agent, channel);
    if (st == LCC_OK)
        st = lcc_message_set_conversation(m, conv_id);
    if (st == LCC_OK && in_reply_to && !is_private && (field = "in_reply_to"))
        st = lcc_message_set_reply_to(m, in_reply_to);
    if (st == LCC_OK && is_private && (field = "private"))
        st = lcc_message_set_private(m, 1);
    if (st == LCC_OK && *text && (field = "text"))
        st = lcc_message_set_body(m, text);
    if (st != LCC_OK)
        nh_error_field(q, cc_status_name(st), field, "%s: %s", field,
                       lcc_context_errmsg(h->ctx));
    else
        send_and_answer(q, m, 1);
    lcc_message_free(m);
}
