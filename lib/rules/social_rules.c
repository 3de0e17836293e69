#include "rules/social_rules.h"

#include "rules/message_rules.h"

#define ERR LCC_SEVERITY_ERROR

int lcc__sl_channel(lcc_channel c)
{
    return c == LCC_CHANNEL_FACEBOOK || c == LCC_CHANNEL_INSTAGRAM || c == LCC_CHANNEL_X ||
           c == LCC_CHANNEL_SOCIAL_PUBLIC;
}

void lcc__rules_sl_accept(lcc_report *r, int agent_exists, int has_message_accept)
{
    if (!agent_exists)
        lcc__report_add(r, "SL-PERM", "agent", LCC_EPERM, ERR, "The agent does not exist.");
    else if (!has_message_accept)
        lcc__report_add(r, "SL-PERM", "agent", LCC_EPERM, ERR,
                        "Accepting a message interaction needs the permission "
                        "conversation:message:accept.");
}

void lcc__rules_sl_reply(lcc_report *r, const lcc__sl_facts *f)
{
    if (!f->agent_exists)
        lcc__report_add(r, "SL-PERM", "agent", LCC_EPERM, ERR, "The sending agent does not exist.");
    else if (!f->is_private && !f->has_socialmedia_create)
        lcc__report_add(r, "SL-PERM", "visibility", LCC_EPERM, ERR,
                        "A public social media reply needs the permission "
                        "conversation:socialmedia:create; send it as private, or ask for the "
                        "permission.");
    if (!lcc__sl_channel(f->channel))
        lcc__report_add(r, "SL-THREAD", "channel", LCC_ENOTSUP, ERR,
                        "A social listening reply goes out on a social channel, not by %s.",
                        lcc__channel_name(f->channel));
    if (!f->conversation_id)
        lcc__report_add(r, "SL-THREAD", "conversation", LCC_ENOTFOUND, ERR,
                        "Choose the interaction to reply in.");
    if (f->n_recipients)
        lcc__report_add(r, "SL-THREAD", "recipients", LCC_EINVAL, ERR,
                        "A reply goes to its interaction: remove the recipients.");
    if (!f->is_private && (!f->in_reply_to || !f->in_reply_to[0]))
        lcc__report_add(r, "SL-THREAD", "in_reply_to", LCC_EINVAL, ERR,
                        "Choose the public message this public reply answers.");
    else if (f->is_private && f->in_reply_to)
        lcc__report_add(r, "SL-THREAD", "in_reply_to", LCC_EINVAL, ERR,
                        "A private message answers no public message: clear the reply-to, or "
                        "send it as public.");
    if (!f->has_body && !f->n_attachments)
        lcc__report_add(r, "SL-LIMIT", "body", LCC_EINVAL, ERR,
                        "The reply has no text and no attachment.");
    else if (f->body && f->body->over_limit)
        lcc__report_add(r, "SL-LIMIT", "body", LCC_ERANGE, ERR,
                        "The reply is %llu characters too long for %s (at most %llu).",
                        (unsigned long long)-f->body->remaining, lcc__channel_name(f->channel),
                        (unsigned long long)f->body->limit);
}
