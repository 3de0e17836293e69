/* OBQ-* rules (sending a message on behalf of a queue, or agentless from a
 * number, and the external contacts of OBQ-VERIFY) as pure functions:
 * facts in, report entries out, shared by the client-side message handle
 * and the engine, like callback_rules.h.  Entries come out in the order of
 * the composer's fields: agent, queue, channel, from, recipients, body. */
#ifndef LCC_RULES_MESSAGE_RULES_H
#define LCC_RULES_MESSAGE_RULES_H

#include "contactcore/common.h"
#include "contactcore/text.h"
#include "core/report.h"

/* The longest address the rules accept (an E.164 number with its '+'). */
#define LCC__ADDRESS_E164_SIZE 17

typedef struct lcc__obq_facts {
    int agent_exists;
    int has_message_create; /* OBQ-PERM: conversation:message:create */
    int has_queue_view;     /* OBQ-PERM: routing:queue:view */
    const char *queue_id;   /* NULL: none chosen */
    int queue_exists;
    int agent_is_member;    /* OBQ-MEMBER */
    lcc_channel channel;    /* OBQ-CHANNELS */
    size_t n_recipients;    /* OBQ-RECIPIENTS */
    int has_body;           /* a message needs a text */
    const lcc_text_metrics *body; /* TXT-LIMITS; NULL when there is no body */
} lcc__obq_facts;

/* A channel's name for sentences ("SMS", "email", ...); never NULL. */
const char *lcc__channel_name(lcc_channel c);

/* Appends an entry for every rule the facts break. */
void lcc__rules_obq(lcc_report *r, const lcc__obq_facts *f);

/* One recipient address for the channel, into E.164 (`e164`, at least
 * LCC__ADDRESS_E164_SIZE bytes):
 *  - SMS: any form the phone module reads (national numbers in
 *    default_region, which may be NULL), without an extension;
 *  - WhatsApp (OBQ-WHATSAPP): the digits must start with the country code
 *    (with or without '+'), with the area code, and no international
 *    dialling prefix ("00", "011") or national trunk prefix form.
 * On failure an entry for field "recipients" naming the address is added
 * and LCC_EBADNUMBER returned (LCC_EINVAL for other channels, whose
 * addresses the rules do not know). */
lcc_status lcc__rules_obq_address(lcc_report *r, char *e164, lcc_channel channel,
                                  const char *address, const char *default_region);

/* OBQ-VERIFY: 1 when `id` can name an external contact (Genesys
 * externalContactId): 1..LCC_MAX_TEXT bytes of UTF-8 without control
 * characters. */
int lcc__rules_contact_id_ok(const char *id);

/* OBQ-VERIFY for the external contact named for recipient `address`: an
 * entry (field "recipients") when `contact_id` is not such an id. */
void lcc__rules_obq_contact(lcc_report *r, const char *address, const char *contact_id);

/* An agentless message (Genesys POST /api/v2/conversations/messages/agentless):
 * sent from a provisioned SMS number, with no agent conversation. */
typedef struct lcc__agentless_facts {
    int by_client;          /* sent by an API client: no agent, OBQ-PERM does not apply */
    int agent_exists;
    int has_message_create; /* OBQ-PERM: conversation:message:create */
    lcc_channel channel;    /* OBQ-CHANNELS: SMS only */
    const char *from_address; /* NULL: none chosen */
    size_t n_recipients;    /* OBQ-RECIPIENTS */
    int has_body;           /* a message needs a text */
    const lcc_text_metrics *body; /* TXT-LIMITS; NULL when there is no body */
} lcc__agentless_facts;

/* Appends an entry for every rule the facts break: OBQ-PERM, OBQ-CHANNELS
 * (SMS only; and field "from": the number sent from, an international
 * number as lcc_phone_normalize() reads it without a default region,
 * written in E.164 into `from_e164` (LCC__ADDRESS_E164_SIZE bytes; "" when
 * it is not one)), OBQ-RECIPIENTS (at least one) and TXT-LIMITS. */
void lcc__rules_agentless(lcc_report *r, char *from_e164, const lcc__agentless_facts *f);

#endif
