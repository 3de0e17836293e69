#include "api/genesys_codes.h"

#include <string.h>

static const lcc__gc_code codes[] = {
    /* Documented by Genesys Cloud. */
    {"callback.error.scheduled.time.too.far.in.future", "CB-HORIZON", "date", LCC_ERANGE, 400,
     "The callback is scheduled too far in the future."},
    {"callback.error.missing.queue.id", "CB-QUEUE", "queue", LCC_ENOTFOUND, 400,
     "The callback has no queue."},
    {"callback.error.missing.callback.numbers", "CB-NUMBER", "number", LCC_EBADNUMBER, 400,
     "The callback has no number."},
    /* Ours. */
    {"callback.error.invalid.callback.number", "CB-NUMBER", "number", LCC_EBADNUMBER, 400,
     "The callback number is not valid."},
    {"callback.error.scheduled.time.in.past", "CB-PAST", "time", LCC_EPAST, 400,
     "The scheduled time is in the past."},
    {"callback.error.owned.time.too.far.in.future", "CB-OWN-HORIZON", "date", LCC_ERANGE, 400,
     "The owned callback is scheduled beyond the queue's limit."},
    {"callback.error.queue.choice.not.allowed", "CB-QUEUE", "queue", LCC_ENOTALLOWED, 400,
     "Agents may not choose the queue of scheduled callbacks."},
    {"callback.error.conversation.not.eligible", "CB-ELIGIBLE", "conversation",
     LCC_ENOTELIGIBLE, 400, "No callback can be scheduled from this interaction."},
    {"callback.error.already.scheduled", "CB-SINGLE", "conversation", LCC_EEXISTS, 409,
     "A callback has already been scheduled for this interaction."},
    {"callback.error.missing.permission", "CB-PERM", "agent", LCC_EPERM, 403,
     "The permission conversation:callback:create is missing."},
    {"callback.error.owned.not.allowed", "CB-OWN", "take_ownership", LCC_ENOTALLOWED, 400,
     "The callback cannot be owned by this agent on this queue."},
    {"callback.error.preferred.agent.not.found", "CB-ROUTE-ME", "route_to_me", LCC_ENOTFOUND,
     400, "The preferred agent does not exist."},
    {"callback.error.invalid.caller.id", "CB-CALLERID", "caller_id", LCC_EBADNUMBER, 400,
     "The caller ID is not an E.164 number."},
    {"callback.error.cancel.not.permitted", "CB-CANCEL", "agent", LCC_EPERM, 403,
     "This user may not cancel the callback."},
    {"callback.error.cancel.not.scheduled", "CB-CANCEL", "state", LCC_ESTATE, 409,
     "The callback is no longer scheduled."},
    {"callback.error.reschedule.not.permitted", "CB-RESCHEDULE", "agent", LCC_EPERM, 403,
     "This user may not reschedule the callback."},
    {"callback.error.reschedule.not.scheduled", "CB-RESCHEDULE", "state", LCC_ESTATE, 409,
     "The callback is no longer scheduled."},
    /* Ours: messages on behalf of a queue (OBQ-*) and their text (TXT-LIMITS). */
    {"messaging.error.missing.permission", "OBQ-PERM", "agent", LCC_EPERM, 403,
     "Sending on behalf of a queue needs conversation:message:create and routing:queue:view."},
    {"messaging.error.queue.not.found", "OBQ-MEMBER", "queue", LCC_ENOTFOUND, 400,
     "The queue does not exist."},
    {"messaging.error.not.queue.member", "OBQ-MEMBER", "queue", LCC_ENOTALLOWED, 400,
     "Messages can be sent only on behalf of the agent's own queues."},
    {"messaging.error.channel.not.supported", "OBQ-CHANNELS", "channel", LCC_ENOTSUP, 400,
     "Messages on behalf of a queue are sent by SMS or WhatsApp."},
    {"messaging.error.invalid.whatsapp.number", "OBQ-WHATSAPP", "recipients", LCC_EBADNUMBER,
     400, "A WhatsApp number starts with the country code, without an international prefix."},
    {"messaging.error.missing.recipient", "OBQ-RECIPIENTS", "recipients", LCC_EINVAL, 400,
     "The message has no recipient."},
    {"messaging.error.invalid.recipient", "OBQ-RECIPIENTS", "recipients", LCC_EBADNUMBER, 400,
     "The recipient address is not valid for the channel (SMS needs E.164)."},
    {"messaging.error.conversation.exists", "OBQ-EXISTING", "recipients", LCC_EEXISTS, 409,
     "The contact already has a conversation waiting in a queue or assigned to an agent."},
    {"messaging.error.conversation.takeover", "OBQ-TAKEOVER", "recipients", LCC_ETAKEOVER, 409,
     "The contact has an open, unassigned conversation: take it over instead."},
    {"messaging.error.external.contact.not.verified", "OBQ-VERIFY", "recipients", LCC_ENOTFOUND,
     400, "The external contact does not exist or the recipient is not one of its messaging "
     "identifiers."},
    {"messaging.error.invalid.external.contact", "OBQ-VERIFY", "recipients", LCC_EINVAL, 400,
     "The external contact id is not valid."},
    /* Agentless messages: the number they are sent from. */
    {"messaging.error.missing.from.address", "OBQ-CHANNELS", "from", LCC_EINVAL, 400,
     "An agentless message needs the SMS number it is sent from."},
    {"messaging.error.invalid.from.address", "OBQ-CHANNELS", "from", LCC_EBADNUMBER, 400,
     "The from address is not an SMS number in E.164."},
    {"messaging.error.from.address.not.provisioned", "OBQ-CHANNELS", "from", LCC_ENOTFOUND, 400,
     "The from address is not a provisioned SMS number."},
    {"messaging.error.text.too.long", "TXT-LIMITS", "body", LCC_ERANGE, 400,
     "The text is too long for the channel."},
    {"messaging.error.missing.text", "TXT-LIMITS", "body", LCC_EINVAL, 400,
     "The message has no text."},
    /* Ours: agent-initiated outbound SMS and email (OB-*), answered in
     * Webex Contact Center error bodies (error.key, error.message[].code). */
    {"outbound.error.tenant.digital.disabled", "OB-LICENSE", "agent", LCC_ENOTALLOWED, 403,
     "Digital channels are not enabled for the organization."},
    {"outbound.error.missing.license", "OB-LICENSE", "agent", LCC_EPERM, 403,
     "Outbound SMS and email need a premium agent license with digital channels."},
    {"outbound.error.profile.channel", "OB-PROFILE", "channel", LCC_ENOTALLOWED, 403,
     "The agent's multimedia profile does not handle this channel."},
    {"outbound.error.channel.not.supported", "OB-PROFILE", "channel", LCC_ENOTSUP, 400,
     "An outbound conversation is SMS or email."},
    {"outbound.error.manual.assignment", "OB-AUTOASSIGN", "channel", LCC_ENOTALLOWED, 403,
     "The channel is assigned manually; outbound needs auto-assigned contacts."},
    {"outbound.error.agent.state", "OB-STATE", "agent", LCC_ESTATE, 409,
     "The agent must be Available or RONA to start an outbound conversation."},
    {"outbound.error.entrypoint.not.found", "OB-ENTRYPOINT", "from", LCC_ENOTFOUND, 400,
     "The entry point does not exist."},
    {"outbound.error.entrypoint.channel", "OB-ENTRYPOINT", "from", LCC_EINVAL, 400,
     "The entry point is for another channel."},
    {"outbound.error.invalid.destination", "OB-TO", "recipients", LCC_EINVAL, 400,
     "The destination is not an email address (or there is not exactly one)."},
    {"outbound.error.invalid.number", "OB-TO", "recipients", LCC_EBADNUMBER, 400,
     "The destination is not an E.164 number."},
    {"outbound.error.conversation.exists", "OB-UNIQUE", "recipients", LCC_EEXISTS, 409,
     "An active conversation with this customer on this entry point already exists."},
    {"outbound.error.create.failed", "OB-CREATE", "task", LCC_ESTATE, 409,
     "The outbound task could not be created or assigned."},
    {"outbound.error.transfer.not.accepted", "OB-TRANSFER", "task", LCC_ESTATE, 409,
     "Only an accepted conversation can be transferred."},
    {"outbound.error.transfer.target.not.found", "OB-TRANSFER", "to", LCC_ENOTFOUND, 400,
     "The queue or agent to transfer to does not exist."},
    {"outbound.error.transfer.target.unavailable", "OB-TRANSFER", "to", LCC_ESTATE, 409,
     "The agent to transfer to is not available."},
    {"outbound.error.transfer.type", "OB-TRANSFER", "to", LCC_EINVAL, 400,
     "A conversation is transferred to a queue or an agent."},
    {"outbound.error.wrapup.code", "OB-WRAPUP", "wrapup_code", LCC_EINVAL, 400,
     "A wrap-up code (at most 36 characters) is required."},
    {"outbound.error.wrapup.reason", "OB-WRAPUP", "wrapup_reason", LCC_EINVAL, 400,
     "A wrap-up reason (1 to 128 characters) is required."},
    {"outbound.error.wrapup.state", "OB-WRAPUP", "task", LCC_ESTATE, 409,
     "Only an ended (or transferred) conversation is wrapped up."},
    {"outbound.error.wrapup.not.pending", "OB-WRAPUP", "state", LCC_ESTATE, 409,
     "No wrap-up is owed for this conversation."},
    /* Ours: social listening interactions (SL-*). */
    {"socialmedia.error.missing.accept.permission", "SL-PERM", "agent", LCC_EPERM, 403,
     "Accepting needs conversation:message:accept."},
    {"socialmedia.error.missing.permission", "SL-PERM", "visibility", LCC_EPERM, 403,
     "A public social media message needs conversation:socialmedia:create."},
    {"socialmedia.error.not.offered", "SL-ACCEPT", "state", LCC_ESTATE, 409,
     "The interaction is not alerting this agent."},
    {"socialmedia.error.channel.not.supported", "SL-THREAD", "channel", LCC_ENOTSUP, 400,
     "A social reply goes out on a social channel."},
    {"socialmedia.error.conversation.not.found", "SL-THREAD", "conversation", LCC_ENOTFOUND, 404,
     "The interaction does not exist."},
    {"socialmedia.error.reply.not.public", "SL-THREAD", "in_reply_to", LCC_ENOTFOUND, 400,
     "inReplyToMessageId must name a public message of the interaction."},
    {"socialmedia.error.reply.invalid", "SL-THREAD", "in_reply_to", LCC_EINVAL, 400,
     "inReplyToMessageId is empty."},
    {"socialmedia.error.attachments", "SL-ATTACH", "attachments", LCC_EINVAL, 400,
     "Each attachment is sent as a message of its own: one media id per message."},
    {"socialmedia.error.recipients", "SL-THREAD", "recipients", LCC_EINVAL, 400,
     "A reply goes to its interaction."},
    {"socialmedia.error.text.too.long", "SL-LIMIT", "body", LCC_ERANGE, 400,
     "The reply is too long for the channel."},
    {"socialmedia.error.empty", "SL-LIMIT", "body", LCC_EINVAL, 400,
     "The reply has no text and no attachment."},
    {"socialmedia.error.wrapup.code", "SL-END", "wrapup_code", LCC_EINVAL, 400,
     "A wrap-up code is required."},
    {"socialmedia.error.wrapup.reason", "SL-END", "wrapup_reason", LCC_EINVAL, 400,
     "The wrap-up notes are at most 128 characters."},
    {"socialmedia.error.wrapup.state", "SL-END", "state", LCC_ESTATE, 409,
     "Only an ended interaction is wrapped up."},
};

#define N_CODES (sizeof codes / sizeof codes[0])

const lcc__gc_code *lcc__gc_code_find(const char *code)
{
    for (size_t i = 0; code && i < N_CODES; i++)
        if (strcmp(code, codes[i].code) == 0)
            return &codes[i];
    return NULL;
}

const lcc__gc_code *lcc__gc_code_for(const char *rule, const char *field, lcc_status status)
{
    const lcc__gc_code *same_field = NULL, *same_rule = NULL;
    for (size_t i = 0; rule && i < N_CODES; i++) {
        const lcc__gc_code *c = &codes[i];
        if (strcmp(rule, c->rule) != 0)
            continue;
        int field_eq = field && strcmp(field, c->field) == 0;
        if (field_eq && c->status == status)
            return c;
        if (field_eq && !same_field)
            same_field = c;
        if (!same_rule)
            same_rule = c;
    }
    return same_field ? same_field : same_rule;
}
