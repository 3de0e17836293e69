/**
 * @file contactcore/message.h
 * @brief Outbound messages: sending on behalf of a queue (OBQ-*), delivery states.
 *
 * An lcc_message is what an agent composes: a channel, the queue it is sent
 * on behalf of, recipients, a text.  lcc_message_validate() applies the
 * OBQ-* rules and the channel's text limit (TXT-LIMITS) before any request,
 * collecting every problem in one lcc_report; lcc_message_send() sends it
 * to each recipient and follows each delivery.
 *
 * Each recipient has its own delivery: a state (lcc_delivery_state), the
 * backend's conversation and message ids, and the history of its states
 * with the instant of each change.  A failed delivery keeps its recipient
 * and the text on the handle: nothing is lost until the host frees the
 * message.
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
struct lcc_op;

/** Opaque outbound message. */
typedef struct lcc_message lcc_message;

/** Permissions of OBQ-PERM. */
#define LCC_PERM_MESSAGE_CREATE "conversation:message:create"
#define LCC_PERM_QUEUE_VIEW "routing:queue:view"

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
    LCC_DELIVERY_UNKNOWN = 8          /**< a state this library does not know (a newer backend) */
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
 * checked by lcc_message_validate()).  NULL clears.
 * @return LCC_OK; LCC_EINVAL (not UTF-8, empty, too long); LCC_ESTATE (already
 *         sent to someone); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_set_queue(lcc_message *message, const char *queue_id);

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
/** The number of recipients.  @since 0.1.0 */
LCC_API size_t lcc_message_recipient_count(const lcc_message *message);
/** Recipient i's address as given, or NULL when i is out of range.  @since 0.1.0 */
LCC_API const char *lcc_message_recipient(const lcc_message *message, size_t i);

/**
 * Checks the message against OBQ-PERM, OBQ-MEMBER, OBQ-CHANNELS,
 * OBQ-RECIPIENTS, OBQ-WHATSAPP and TXT-LIMITS and collects every problem.
 * SMS recipients are international numbers ("+44 7700 900123" and other
 * forms lcc_phone_normalize() reads without a default region), sent in
 * E.164; WhatsApp numbers follow OBQ-WHATSAPP.  OBQ-EXISTING and
 * OBQ-TAKEOVER depend on the backend's conversations and are answered by it
 * when sending.
 * @param[out] report  a new report (free with lcc_report_free()).
 * @return LCC_OK (no errors); LCC_EVALIDATION; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_validate(lcc_report **report, lcc_message *message);

/**
 * Validates, then sends the message to every recipient not sent to yet, one
 * after the other, through the context's backend: Genesys Cloud
 * POST /api/v2/conversations/messages (a conversation on behalf of the
 * queue), GET of that conversation (the agent's communication), and POST of
 * the text on it.  Each recipient's delivery then says what happened
 * (lcc_message_delivery_state()).  The operation stops at the first
 * recipient the backend refuses: its status and report say why (for
 * example LCC_ETAKEOVER, see lcc_message_set_take_over()); recipients sent
 * so far keep their deliveries, and sending again goes on with the others.
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

/** Recipient i's delivery state (LCC_DELIVERY_DRAFT before it is sent).  @since 0.1.0 */
LCC_API lcc_delivery_state lcc_message_delivery_state(const lcc_message *message, size_t i);
/** Recipient i's address in E.164 as sent, or NULL before the first send.  @since 0.1.0 */
LCC_API const char *lcc_message_delivery_address(const lcc_message *message, size_t i);
/** The backend's conversation id of recipient i, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_conversation_id(const lcc_message *message, size_t i);
/** The backend's message id of recipient i, or NULL.  @since 0.1.0 */
LCC_API const char *lcc_message_message_id(const lcc_message *message, size_t i);
/** The number of states recipient i's delivery went through (DRAFT not counted).  @since 0.1.0 */
LCC_API size_t lcc_message_history_count(const lcc_message *message, size_t i);
/**
 * Entry k of recipient i's history: the state and when this library learnt
 * it (context clock).
 * @return LCC_OK; LCC_ERANGE (i or k out of range); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_message_history(const lcc_message *message, size_t i, size_t k,
                                       lcc_delivery_state *state, int64_t *at_ms);

#ifdef __cplusplus
}
#endif

#endif
