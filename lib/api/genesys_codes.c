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
    {"messaging.error.text.too.long", "TXT-LIMITS", "body", LCC_ERANGE, 400,
     "The text is too long for the channel."},
    {"messaging.error.missing.text", "TXT-LIMITS", "body", LCC_EINVAL, 400,
     "The message has no text."},
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
