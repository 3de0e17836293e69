/**
 * @file contactcore/message.h
 * @brief Outbound messages: on behalf of a queue (OBQ-*), agent-initiated
 *        SMS and email from an entry point (OB-*), replies in social
 *        listening interactions (SL-*), canned responses, delivery states.
 *
 * An lcc_message is what an agent composes: a channel, where it is sent
 * from, recipients, a text and attachments.  Where it is sent from decides
 * which rules apply and how it is sent (set one; setting one clears the
 * others):
 *  - a queue (lcc_message_set_queue()): sent on behalf of the queue, SMS or
 *    WhatsApp, to one or more recipients (OBQ-*; Genesys Cloud shapes);
 *  - an entry point (lcc_message_set_entry_point()): an agent-initiated
 *    outbound SMS or email conversation with one customer (OB-*), created
 *    as a Webex Contact Center task and auto-accepted;
 *  - an interaction (lcc_message_set_conversation()): a reply in a social
 *    listening interaction (SL-*), public by default, answering one public
 *    message (lcc_message_set_reply_to()), or private;
 *  - a provisioned SMS number (lcc_message_set_from_address()): an
 *    agentless message, sent without an agent conversation (Genesys
 *    "agentless outbound message"), to one or more recipients, under the
 *    OBQ-* rules that apply to it.
 * Recipients of a message from a queue or agentless may name the external
 * contact they belong to (lcc_message_set_recipient_contact(), OBQ-VERIFY):
 * the backend then verifies the contact by the recipient's address and
 * records the conversation in the contact's interaction history.
 * lcc_message_validate() applies the rules of its kind before any request,
 * collecting every problem in one lcc_report; lcc_message_send() sends it
 * and follows each delivery.
 *
 * Deliveries.  A message sent to recipients has one delivery per recipient
 * (delivery i is recipient i).  A reply in an interaction has one delivery
 * per message it becomes: the text first (when there is one), then one per
 * attachment, in the order added (SL-ATTACH: several attachments are sent
 * as individual messages).  Each delivery has a state (lcc_delivery_state),
 * the backend's conversation and message ids, and the history of its
 * states with the instant of each change; every change also queues an
 * LCC_EVENT_MESSAGE_DELIVERY event on the context.  A failed delivery keeps
 * its content on the handle: nothing is lost until the host frees the
 * message.  Sending again resends every failed delivery (SL-RESEND); the
 * new message id replaces the old one, which stays readable with
 * lcc_message_previous_id().  lcc_message_copy() makes a new draft of one
 * delivery's content that remembers the message it was copied from.
 *
 * A message belongs to its context and is freed with it.  Strings returned
 * are borrowed, valid until the message changes or is freed.  Thread rule:
 * as for the context.
 *
 * @since 0.1.0
 */
#ifndef LCC_MESSAGE_H
#define LCC_MESSAGE_H

#include "contactcore/common.h"
#include "contactcore/report.h"
#include "contactcore/text.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;
struct lcc_agent;
struct lcc_conversation;
struct lcc_op;

/** Opaque outbound message. */
typedef struct lcc_message lcc_message;

/** Permissions of OBQ-PERM. */
#define LCC_PERM_MESSAGE_CREATE "conversation:message:create"
#define LCC_PERM_QUEUE_VIEW "routing:queue:view"
/** Permission to accept a message interaction (SL-PERM). */
#define LCC_PERM_MESSAGE_ACCEPT "conversation:message:accept"
/** Permission to create a public social media message (SL-PERM). */
#define LCC_PERM_SOCIAL_CREATE "conversation:socialmedia:create"

/**
 * Where a message is on its way to one recipient (SL-DELIVERY).  Values are
 * stable.  QUEUED, SENT and PENDING move on by themselves; DELIVERED is
 * final; the three failures are final until the message is resent.
 */
typedef enum lcc_delivery_state {
    LCC_DELIVERY_DRAFT = 0,           /**< not sent yet */
    LCC_DELIVERY_QUEUED = 1,          /**< accepted by the backend, not yet sent out */
    LCC_DELIVERY_SENT = 2,            /**< handed to the network */
    LCC_DELIVERY_PENDING = 3,         /**< the end user is offline: delivered when they come back */
    LCC_DELIVERY_DELIVERED = 4,       /**< received by the end user's device */
    LCC_DELIVERY_SERVER_REJECTED = 5, /**< refused by the provider: lost, can be resent */
    LCC_DELIVERY_NETWORK_ERROR = 6,   /**< lost on the way: can be resent */
    LCC_DELIVERY_LIMIT_EXCEEDED = 7,  /**< the provider's message limit was reached: can be resent */
    LCC_DELIVERY_UNKNOWN = 8          /**< a state this library does not know (a newer backend);
                                           or the last send's outcome is unknown
                                           (LCC_EUNKNOWN_OUTCOME): it may have been sent, so
                                           lcc_message_send() does not send it again (after a
                                           resend, the message id is still the one it replaced) */
} lcc_delivery_state;

/** A short English name of a delivery state ("pending delivery", ...); never NULL. @since 0.1.0 */
LCC_API const char *lcc_delivery_state_name(lcc_delivery_state state);

/** The longest text a message may hold, in bytes of UTF-8. */
#define LCC_MESSAGE_MAX_BYTES 65536

/**
 * Creates a message from `sender` on `channel`.  The sender must be an agent
 * of the same context; the message remembers its id.
 * @return LCC_OK; LCC_EINVAL (not a channel); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_new(lcc_message **out, struct lcc_context *ctx,
                                   const struct lcc_agent *sender, lcc_channel channel);

/** Frees a message now (an operation in flight on it is cancelled).  NULL does nothing. @since 0.1.0 */
LCC_API void lcc_message_free(lcc_message *message);

/**
 * Sends on behalf of this queue (OBQ-MEMBER: one of the sender's queues;
 * checked by lcc_message_validate()).  Clears the entry point, the
 * interaction and the from address.  NULL clears.
 * @return LCC_OK; LCC_EINVAL (not UTF-8, empty); LCC_ERANGE (too long);
 *         LCC_ESTATE (already sent to someone); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_queue(lcc_message *message, const char *queue_id);

/**
 * Sends from this entry point (OB-ENTRYPOINT: an SMS or email entry point
 * of the context, see entrypoint.h): an agent-initiated outbound
 * conversation.  Clears the queue, the interaction and the from address.
 * NULL clears.
 * @return as lcc_message_set_queue().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_entry_point(lcc_message *message, const char *entry_point_id);

/**
 * Replies in this interaction (a social listening conversation the sender
 * has accepted, SL-THREAD).  Clears the queue, the entry point and the
 * from address.  A reply has no recipients: it goes to the interaction.
 * NULL clears.
 * @return as lcc_message_set_queue().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_conversation(lcc_message *message, const char *conversation_id);

/**
 * Sends an agentless message from this number (Genesys fromAddress: an SMS
 * number provisioned on the backend): no agent conversation is made, each
 * recipient gets the text in a conversation of its own with no agent in it.
 * Clears the queue, the entry point and the interaction (and setting one
 * of them clears this).  NULL clears.  The form is checked by
 * lcc_message_validate() (an international number, rule OBQ-CHANNELS,
 * field "from"); whether the backend provisioned it is answered when
 * sending.
 * @return as lcc_message_set_queue().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_from_address(lcc_message *message, const char *address);

/**
 * Names the public message of the interaction that a public reply answers
 * (SL-THREAD: Genesys inReplyToMessageId, required for public replies).
 * NULL clears.
 * @return as lcc_message_set_queue().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_reply_to(lcc_message *message, const char *message_id);

/**
 * Chooses the visibility of a reply (SL-VISIBILITY): public (0, the
 * default; needs LCC_PERM_SOCIAL_CREATE) or private (1: a direct message to
 * the author, answering no public message).
 * @return LCC_OK; LCC_ESTATE (already sent); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_private(lcc_message *message, int is_private);

/** The longest attachment (media id) list of one message. */
#define LCC_MESSAGE_MAX_ATTACHMENTS 10

/**
 * Adds an attachment: the backend's media id of a file the host uploaded
 * (Genesys .../messages/media/uploads).  Each attachment is sent as a
 * message of its own after the text (SL-ATTACH).  Only replies in an
 * interaction carry attachments (lcc_message_validate() says so for the
 * others).
 * @return LCC_OK; LCC_EEXISTS (attached already); LCC_ERANGE (more than
 *         LCC_MESSAGE_MAX_ATTACHMENTS); LCC_EINVAL (bad text); LCC_ESTATE
 *         (already sent); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_add_attachment(lcc_message *message, const char *media_id);

/**
 * Sets the text (UTF-8, at most LCC_MESSAGE_MAX_BYTES; the channel's limit
 * is a rule checked by lcc_message_validate(), see lcc_text_measure()).
 * NULL clears.
 * @return LCC_OK; LCC_EINVAL; LCC_ERANGE (over LCC_MESSAGE_MAX_BYTES);
 *         LCC_ESTATE (already sent to someone); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_body(lcc_message *message, const char *text);

/**
 * Adds a recipient address (OBQ-RECIPIENTS: SMS and WhatsApp numbers; the
 * form is checked by lcc_message_validate()).  Recipients keep their order.
 * @return LCC_OK; LCC_EEXISTS (already a recipient); LCC_EINVAL; LCC_ENOMEM;
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_add_recipient(lcc_message *message, const char *address);

/**
 * Removes a recipient that has not been sent to yet.
 * @return LCC_OK; LCC_ENOTFOUND; LCC_ESTATE (already sent to them);
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_remove_recipient(lcc_message *message, const char *address);

/**
 * Names the external contact a recipient belongs to (OBQ-VERIFY; Genesys
 * externalContactId), sent with the recipient's request: the backend
 * verifies that the recipient's address is one of the contact's messaging
 * identifiers and records the conversation in the contact's interaction
 * history; a contact that does not exist, or an address that is not one of
 * its identifiers on the channel, ends the send with LCC_EVALIDATION and an
 * OBQ-VERIFY entry in the operation's report.  Only messages from a queue
 * or agentless carry contacts (lcc_message_validate() refuses them on the
 * others).  A recipient without one is still matched to a contact by its
 * address on the backend.  NULL clears.
 * @param address              the recipient as given to
 *                             lcc_message_add_recipient().
 * @param external_contact_id  the contact's id (1..LCC_MAX_TEXT bytes of
 *                             UTF-8; control characters are reported by
 *                             lcc_message_validate()), copied; or NULL.
 * @return LCC_OK; LCC_ENOTFOUND (not a recipient); LCC_ESTATE (already sent
 *         to them); LCC_EINVAL (empty, not UTF-8); LCC_ERANGE (over
 *         LCC_MAX_TEXT bytes); LCC_ENOMEM; LCC_EMISUSE (also a NULL
 *         address).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_recipient_contact(lcc_message *message, const char *address,
                                                     const char *external_contact_id);

/**
 * Asks to take over the contact's open, unassigned conversation instead of
 * starting a new one, after a send ended with LCC_ETAKEOVER (OBQ-TAKEOVER):
 * the next lcc_message_send() says so to the backend.
 * @return LCC_OK; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_take_over(lcc_message *message, int take_over);

/** Getters.  @since 0.1.0 */
LCC_API lcc_channel lcc_message_channel(const lcc_message *message);
/** The sender's agent id.  @since 0.1.0 */
LCC_API const char *lcc_message_sender_id(const lcc_message *message);
/** The queue it is sent on behalf of, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_queue_id(const lcc_message *message);
/** The text, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_body(const lcc_message *message);
/** The entry point it is sent from, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_entry_point_id(const lcc_message *message);
/** The interaction it replies in, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_conversation(const lcc_message *message);
/** The number an agentless message is sent from, as given, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_from_address(const lcc_message *message);
/** The public message a reply answers, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_reply_to(const lcc_message *message);
/** 1 for a private reply, else 0.  @since 0.1.0 */
LCC_API int lcc_message_is_private(const lcc_message *message);
/** The number of attachments.  @since 0.1.0 */
LCC_API size_t lcc_message_attachment_count(const lcc_message *message);
/** Attachment i's media id, or NULL when i is out of range.  @since 0.1.0 */
LCC_API const char *lcc_message_attachment(const lcc_message *message, size_t i);
/**
 * The message a copy was made from (lcc_message_copy()): the backend's
 * message id of the original delivery, or NULL for a message that is not a
 * copy.
 * @since 0.1.0
 */
LCC_API const char *lcc_message_copied_from(const lcc_message *message);

/**
 * Makes a new draft with the content of delivery i (SL-RESEND "copy"): the
 * same sender, channel, origin (queue, entry point, interaction or from
 * address), visibility and reply-to; the text for a recipient's delivery
 * or a text part, that recipient (and its external contact) for a
 * recipient's delivery, the attachment for an attachment part.  The copy
 * remembers the original's message id (lcc_message_copied_from()); edit it
 * and send it like any message.
 * @return LCC_OK; LCC_ERANGE (no delivery i); LCC_ESTATE (delivery i was
 *         never sent: there is nothing to copy from); LCC_ENOMEM;
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_copy(lcc_message **out, const lcc_message *message, size_t i);
/** The number of recipients.  @since 0.1.0 */
LCC_API size_t lcc_message_recipient_count(const lcc_message *message);
/** Recipient i's address as given, or NULL when i is out of range.  @since 0.1.0 */
LCC_API const char *lcc_message_recipient(const lcc_message *message, size_t i);
/**
 * Recipient i's external contact id (lcc_message_set_recipient_contact()),
 * or NULL when none is named or i is out of range.
 * @since 0.1.0
 */
LCC_API const char *lcc_message_recipient_contact(const lcc_message *message, size_t i);

/**
 * Checks the message against the rules of its kind and collects every
 * problem:
 *  - from a queue: OBQ-PERM, OBQ-MEMBER, OBQ-CHANNELS, OBQ-RECIPIENTS,
 *    OBQ-WHATSAPP and TXT-LIMITS.  SMS recipients are international numbers
 *    ("+44 7700 900123" and other forms lcc_phone_normalize() reads without
 *    a default region), sent in E.164; WhatsApp numbers follow OBQ-WHATSAPP.
 *    OBQ-EXISTING and OBQ-TAKEOVER depend on the backend's conversations and
 *    are answered by it when sending.
 *  - from an entry point: OB-LICENSE (lcc_context_set_digital_channels()
 *    and the sender's lcc_agent_profile), OB-PROFILE, OB-AUTOASSIGN,
 *    OB-ENTRYPOINT, OB-TO (one recipient: an E.164 number for SMS, an email
 *    address for email), OB-UNIQUE and TXT-LIMITS.  OB-UNIQUE is checked
 *    against the other messages of the context: one from the same entry
 *    point whose conversation is active (lcc_message_task_state() 1) with
 *    the same customer address (numbers in E.164, email addresses with the
 *    domain compared case-insensitively) is reported (field "recipients");
 *    the backend answers it too, for conversations this context does not
 *    hold.  OB-STATE (the agent is Available or RONA) depends on the
 *    backend and is answered by it.
 *  - agentless (from a number): OBQ-PERM (LCC_PERM_MESSAGE_CREATE only: no
 *    queue is involved), OBQ-CHANNELS (SMS only: an agentless WhatsApp
 *    message needs a messaging template, which this library does not
 *    build; and field "from": the number sent from is an international
 *    number, sent in E.164), OBQ-RECIPIENTS (SMS numbers as above) and
 *    TXT-LIMITS.  Whether the number is provisioned, and OBQ-EXISTING, are
 *    answered by the backend.
 *  - in an interaction: SL-PERM (a public reply needs
 *    LCC_PERM_SOCIAL_CREATE), SL-THREAD (a social channel; no recipients; a
 *    public reply names the public message it answers, a private one none),
 *    SL-LIMIT (the channel's limit, lcc_text_measure()); a reply needs a
 *    text or an attachment.
 *  - any other message (no origin chosen): the rules of the channel's usual
 *    origin (social channels: an interaction; email: an entry point; SMS and
 *    WhatsApp: a queue), which then report that none is chosen.
 * Attachments are refused (rule SL-ATTACH, field "attachments") on
 * messages that are not replies in an interaction.  External contacts
 * (OBQ-VERIFY, field "recipients"): an id must be 1..LCC_MAX_TEXT bytes of
 * UTF-8 without control characters, and only messages from a queue or
 * agentless carry them.
 * @param[out] report  a new report (free with lcc_report_free()).
 * @return LCC_OK (no errors); LCC_EVALIDATION; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_validate(lcc_report **report, lcc_message *message);

/**
 * Validates, then sends every delivery not sent yet (and every failed one
 * again), one after the other, through the context's backend:
 *  - from a queue, per recipient: Genesys Cloud POST
 *    /api/v2/conversations/messages (a conversation on behalf of the
 *    queue, with "externalContactId" when the recipient names one), GET of
 *    that conversation (the agent's communication), and POST
 *    .../{conversationId}/communications/{communicationId}/messages with the
 *    text;
 *  - agentless, per recipient: Genesys Cloud POST
 *    /api/v2/conversations/messages/agentless
 *    (SendAgentlessOutboundMessageRequest {"fromAddress": the number in
 *    E.164, "toAddress", "toAddressMessengerType": "sms", "textBody",
 *    "externalContactId" when the recipient names one}); the response
 *    (SendAgentlessOutboundMessageResponse) gives the delivery its
 *    conversation id ("conversationId"), message id ("id") and state (its
 *    "message" status and reasons as for any message; queued when it has
 *    none).  A failed delivery is resent with the same request and
 *    "useExistingActiveConversation": true, so that it goes into the
 *    conversation made the first time while that is open.
 *    lcc_message_refresh() then follows it like any other;
 *  - from an entry point: Webex Contact Center POST /v1/tasks
 *    {destination, entryPointId, mediaType "sms" or "email", outboundType
 *    "OUTDIAL"} (OB-CREATE), POST /v1/tasks/{taskId}/accept (the task is
 *    auto-accepted by the sender), then the conversation and text requests
 *    above on the task's id;
 *  - in an interaction: GET of the interaction (the sender's
 *    communication), then per part POST
 *    .../communications/{communicationId}/socialmedia/messages
 *    {textBody or mediaIds, inReplyToMessageId} for a public reply, or
 *    .../communications/{communicationId}/messages for a private one.
 * Each delivery then says what happened (lcc_message_delivery_state()).
 * The operation stops at the first request the backend refuses: its status
 * and report say why (for example LCC_ETAKEOVER, see
 * lcc_message_set_take_over(), or LCC_EVALIDATION with the backend's OB-*
 * or SL-* rule in the report); what was done so far is kept on the
 * deliveries (a created task, a conversation), and sending again goes on
 * from there, so nothing is created twice.  When a request that creates
 * something (a conversation, a task, a message) may have reached the
 * backend without an answer the library could use (LCC_EUNKNOWN_OUTCOME:
 * reset, timeout, 502/504, an unreadable 2xx body), that delivery is never
 * sent again: if the host finds that the backend does not have it, it
 * sends a new message (README.md "Failure behaviour").
 * @param[out] op      the pending operation (free with lcc_op_free()).
 * @param[out] report  NULL, or receives the validation report when the
 *                     status is LCC_EVALIDATION.
 * @return LCC_OK with *op set; LCC_EVALIDATION (nothing sent); LCC_ESTATE
 *         (an operation on the message is in flight, nothing left to send,
 *         no backend or transport); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_send(struct lcc_op **op, lcc_report **report,
                                    lcc_message *message);

/**
 * Asks the backend for the current state of every delivery that is not
 * final (GET /api/v2/conversations/messages/{conversationId}/messages/{messageId})
 * and records the changes in each delivery's history.
 * @return LCC_OK with *op set; LCC_ESTATE (nothing to ask, or an operation
 *         in flight); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_refresh(struct lcc_op **op, lcc_message *message);

/* ---- the conversation of an outbound message from an entry point (OB-*) ---- */

/** Where lcc_message_transfer() sends the conversation.  Values are stable. */
typedef enum lcc_transfer_to {
    LCC_TRANSFER_QUEUE = 0, /**< to a queue: it waits there for any member */
    LCC_TRANSFER_AGENT = 1  /**< to an agent, who must be available */
} lcc_transfer_to;

/**
 * Transfers the accepted conversation of a message sent from an entry
 * point (OB-TRANSFER) to a queue or an agent: Webex Contact Center POST
 * /v1/tasks/{taskId}/transfer {"to", "destinationType": "queue" |
 * "agent"}.  The backend checks that the queue or agent exists and that an
 * agent is available (its refusal comes back as LCC_EVALIDATION with the
 * OB-TRANSFER entry).  Afterwards the sender owes a wrap-up
 * (lcc_message_wrap_up()).
 * @param report  NULL, or receives the report when the status is LCC_EVALIDATION.
 * @return LCC_OK with *op set; LCC_EVALIDATION (not a message from an entry
 *         point, its conversation not accepted yet or over, `to` not an id);
 *         LCC_EINVAL (not an lcc_transfer_to); LCC_ESTATE (an operation on
 *         the message is in flight); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_transfer(struct lcc_op **op, lcc_report **report,
                                        lcc_message *message, lcc_transfer_to kind,
                                        const char *to);

/**
 * Ends the accepted conversation of a message sent from an entry point:
 * POST /v1/tasks/{taskId}/end.  The sender then owes a wrap-up (OB-WRAPUP).
 * @return as lcc_message_transfer() (without a report: a conversation that
 *         cannot be ended is LCC_ESTATE).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_end(struct lcc_op **op, lcc_message *message);

/**
 * Wraps up the conversation after lcc_message_end() or
 * lcc_message_transfer() (OB-WRAPUP): POST /v1/tasks/{taskId}/wrapup
 * {"auxCodeId", "wrapUpReason"}.  `code` is the wrap-up (auxiliary) code
 * id, 1..36 characters; `reason` the closing reason, 1..128 characters.
 * @return LCC_OK with *op set; LCC_EVALIDATION (OB-WRAPUP: bad code or
 *         reason, or nothing to wrap up); LCC_ESTATE (in flight); LCC_ENOMEM;
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_wrap_up(struct lcc_op **op, lcc_report **report,
                                       lcc_message *message, const char *code,
                                       const char *reason);

/**
 * Where the conversation of a message from an entry point is: 0 not
 * accepted yet, 1 accepted, 2 ended or transferred (a wrap-up is owed),
 * 3 wrapped up.  0 for other messages.
 * @since 0.1.0
 */
LCC_API int lcc_message_task_state(const lcc_message *message);

/**
 * The number of deliveries: the recipients of a message sent to
 * recipients; for a reply in an interaction, the parts it is sent as (the
 * text, then one per attachment).
 * @since 0.1.0
 */
LCC_API size_t lcc_message_delivery_count(const lcc_message *message);
/** Delivery i's state (LCC_DELIVERY_DRAFT before it is sent; LCC_DELIVERY_UNKNOWN out of range).  @since 0.1.0 */
LCC_API lcc_delivery_state lcc_message_delivery_state(const lcc_message *message, size_t i);
/** Delivery i's address as sent (E.164 or an email address), or NULL before the first send and for a reply.  @since 0.1.0 */
LCC_API const char *lcc_message_delivery_address(const lcc_message *message, size_t i);
/** The backend's conversation (or task) id of delivery i, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_conversation_id(const lcc_message *message, size_t i);
/** The backend's message id of delivery i, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_message_id(const lcc_message *message, size_t i);
/** The message id delivery i had before it was resent (SL-RESEND), or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_previous_id(const lcc_message *message, size_t i);
/** The number of states delivery i went through (DRAFT not counted).  @since 0.1.0 */
LCC_API size_t lcc_message_history_count(const lcc_message *message, size_t i);
/**
 * Entry k of delivery i's history: the state and when this library learnt
 * it (context clock).
 * @return LCC_OK; LCC_ERANGE (i or k out of range); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_history(const lcc_message *message, size_t i, size_t k,
                                       lcc_delivery_state *state, int64_t *at_ms);

/* ---- canned responses (SL-CANNED) ---- */

/**
 * Adds (or replaces) a canned response of the context's library: a name
 * (1..LCC_MAX_TEXT bytes) and a text with named placeholders written
 * `{{name}}`, filled by lcc_message_apply_canned():
 *  - `{{agent.name}}`, `{{agent.id}}`: the message's sender;
 *  - `{{customer.address}}`: the interaction's ANI or handle
 *    (lcc_conversation_set_ani());
 *  - `{{conversation.id}}`;
 *  - `{{queue.name}}`, `{{queue.id}}`: the interaction's queue.
 * Spaces inside the braces are allowed (`{{ agent.name }}`).  The text is
 * checked now: an unknown placeholder or an unclosed `{{` is LCC_EINVAL
 * with the reason.
 * @return LCC_OK; LCC_EINVAL; LCC_ERANGE (text over LCC_MESSAGE_MAX_BYTES);
 *         LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_canned_add(struct lcc_context *ctx, const char *name, const char *text);
/** Removes a canned response.  @return LCC_OK, LCC_ENOTFOUND or LCC_EMISUSE. @since 0.1.0 */
LCC_API lcc_status lcc_canned_remove(struct lcc_context *ctx, const char *name);
/** The number of canned responses.  @since 0.1.0 */
LCC_API size_t lcc_canned_count(const struct lcc_context *ctx);
/** The name of canned response i (in byte order of the names), or NULL.  @since 0.1.0 */
LCC_API const char *lcc_canned_name(const struct lcc_context *ctx, size_t i);
/** The text of the canned response `name`, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_canned_text(const struct lcc_context *ctx, const char *name);

/**
 * Sets the message's text from canned response `name`, its placeholders
 * filled from `conversation` (and the sender; see lcc_canned_add()).  A
 * placeholder without a value (no ANI, no queue, an unknown queue) is an
 * SL-CANNED error naming it, and the text is left as it was.
 * @param report  NULL, or receives the report when the status is
 *                LCC_EVALIDATION.
 * @return LCC_OK; LCC_ENOTFOUND (no such canned response); LCC_EVALIDATION;
 *         LCC_ERANGE (the filled text is over LCC_MESSAGE_MAX_BYTES);
 *         LCC_ESTATE (already sent); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_apply_canned(lcc_report **report, lcc_message *message,
                                            const char *name,
                                            const struct lcc_conversation *conversation);

#ifdef __cplusplus
}
#endif

#endif
