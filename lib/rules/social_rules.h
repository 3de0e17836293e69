/* SL-* rules (social listening interactions, Genesys Cloud) as pure
 * functions: facts in, report entries out, shared by the client-side
 * handles and the engine. */
#ifndef LCC_RULES_SOCIAL_RULES_H
#define LCC_RULES_SOCIAL_RULES_H

#include "contactcore/common.h"
#include "contactcore/text.h"
#include "core/report.h"

/* Genesys AdditionalSocialMediaMessage.textBody: at most 2000 characters. */
#define LCC__SOCIAL_TEXT_MAX 2000

/* SL-PERM for accepting: conversation:message:accept. */
void lcc__rules_sl_accept(lcc_report *r, int agent_exists, int has_message_accept);

typedef struct lcc__sl_facts {
    int agent_exists;
    int has_socialmedia_create; /* SL-PERM: conversation:socialmedia:create (public replies) */
    int is_private;             /* SL-VISIBILITY: public unless chosen */
    lcc_channel channel;        /* a social channel (Facebook, Instagram, X, social public) */
    const char *conversation_id; /* the interaction replied in; NULL: none */
    size_t n_recipients;        /* a reply goes to its interaction: none */
    const char *in_reply_to;    /* SL-THREAD: the public message answered, or NULL */
    size_t n_attachments;       /* SL-ATTACH */
    int has_body;
    const lcc_text_metrics *body; /* SL-LIMIT; NULL when there is no body */
} lcc__sl_facts;

/* A reply in a social listening interaction: SL-PERM (public replies),
 * SL-THREAD (an interaction to reply in; a public reply names the public
 * message it answers, as Genesys AdditionalSocialMediaMessage requires
 * inReplyToMessageId; a private one names none), SL-LIMIT (the channel's
 * limit, see text.h), and a reply needs a text or an attachment. */
void lcc__rules_sl_reply(lcc_report *r, const lcc__sl_facts *f);

/* 1 for the channels of social listening replies. */
int lcc__sl_channel(lcc_channel c);

#endif
