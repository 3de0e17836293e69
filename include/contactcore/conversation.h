/**
 * @file contactcore/conversation.h
 * @brief Conversations (interactions): media type, routing, caller, queue, agent.
 *
 * A conversation belongs to its context.  Strings returned are borrowed,
 * valid until the conversation changes or is freed.  Thread rule: as for the
 * context.
 *
 * Stored directory: while the context has an engine with a store
 * (lcc_engine_new()), lcc_conversation_new() and every setter write the
 * change to the store before returning; a change the store cannot take is
 * undone and the call returns LCC_EIO (with the store's reason in
 * lcc_context_errmsg()).
 */
#ifndef LCC_CONVERSATION_H
#define LCC_CONVERSATION_H

#include "contactcore/common.h"
#include "contactcore/report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;
struct lcc_agent;
struct lcc_op;

/** Opaque conversation handle. */
typedef struct lcc_conversation lcc_conversation;

/** Media type of an interaction.  Values are stable. */
typedef enum lcc_media_type {
    LCC_MEDIA_CALL = 0,          /**< Voice call. */
    LCC_MEDIA_CALLBACK = 1,      /**< Callback. */
    LCC_MEDIA_CAMPAIGN_CALL = 2, /**< Outbound-dialing (campaign) call. */
    LCC_MEDIA_VOICEMAIL = 3,     /**< Voicemail. */
    LCC_MEDIA_MESSAGE = 4,       /**< Message (SMS, chat, WhatsApp, ...). */
    LCC_MEDIA_EMAIL = 5,         /**< Email. */
    LCC_MEDIA_SOCIAL = 6         /**< Social media / social listening. */
} lcc_media_type;

/**
 * Creates a conversation.  Defaults: routed through ACD, no ANI, no queue,
 * no agent.
 * @return LCC_OK; LCC_EEXISTS; LCC_EINVAL for an unknown media type or bad
 *         text; LCC_ERANGE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_conversation_new(lcc_conversation **out, struct lcc_context *ctx,
                                        const char *id, lcc_media_type media);

/** Frees a conversation now; NULL does nothing. @since 0.1.0 */
LCC_API void lcc_conversation_free(lcc_conversation *conversation);

/** The conversation with this id, or NULL.  Borrowed. @since 0.1.0 */
LCC_API lcc_conversation *lcc_context_find_conversation(struct lcc_context *ctx, const char *id);

/** Sets whether the interaction was routed through ACD (1) or direct (0). @return LCC_OK or LCC_EMISUSE. @since 0.1.0 */
LCC_API lcc_status lcc_conversation_set_acd(lcc_conversation *conversation, int acd);

/**
 * Sets the caller's ANI as received (free text, normalised only when a
 * callback uses it); NULL clears.
 * @return LCC_OK; LCC_EINVAL; LCC_ERANGE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_conversation_set_ani(lcc_conversation *conversation, const char *ani);

/** Sets the id of the queue that received the interaction; NULL clears. @return as lcc_conversation_set_ani(). @since 0.1.0 */
LCC_API lcc_status lcc_conversation_set_queue(lcc_conversation *conversation, const char *queue_id);

/** Sets the id of the agent who handled the interaction; NULL clears. @return as lcc_conversation_set_ani(). @since 0.1.0 */
LCC_API lcc_status lcc_conversation_set_agent(lcc_conversation *conversation, const char *agent_id);

/** Id; NULL for an invalid handle. @since 0.1.0 */
LCC_API const char *lcc_conversation_id(const lcc_conversation *conversation);
/** Media type; LCC_MEDIA_CALL for an invalid handle. @since 0.1.0 */
LCC_API lcc_media_type lcc_conversation_media(const lcc_conversation *conversation);
/** 1 when routed through ACD. @since 0.1.0 */
LCC_API int lcc_conversation_acd(const lcc_conversation *conversation);
/** The caller's ANI or NULL. @since 0.1.0 */
LCC_API const char *lcc_conversation_ani(const lcc_conversation *conversation);
/** The receiving queue's id or NULL. @since 0.1.0 */
LCC_API const char *lcc_conversation_queue_id(const lcc_conversation *conversation);
/** The handling agent's id or NULL. @since 0.1.0 */
LCC_API const char *lcc_conversation_agent_id(const lcc_conversation *conversation);

/* ---- an agent's part in a message or social interaction (SL-*) ---- */

/**
 * Where an agent's participant in a message or social listening
 * interaction is, as this library last learnt it from the backend (by
 * lcc_conversation_refresh() or one of the actions below).  Values are
 * stable.
 */
typedef enum lcc_interaction_state {
    LCC_INTERACTION_UNKNOWN = 0,   /**< not asked yet, or the agent has no part in it */
    LCC_INTERACTION_ALERTING = 1,  /**< offered to the agent: accept or decline */
    LCC_INTERACTION_CONNECTED = 2, /**< accepted: the agent replies (contactcore/message.h) */
    LCC_INTERACTION_WRAPUP = 3,    /**< ended: after-contact work is owed (SL-END) */
    LCC_INTERACTION_DONE = 4       /**< over for the agent: declined, or wrapped up */
} lcc_interaction_state;

/**
 * The state of the agent's participant as last learnt (see
 * lcc_interaction_state); LCC_INTERACTION_UNKNOWN for an invalid handle.
 * @since 0.1.0
 */
LCC_API lcc_interaction_state lcc_conversation_state(const lcc_conversation *conversation);

/**
 * Accepts an interaction that alerts `agent` (SL-ACCEPT): Genesys Cloud GET
 * /api/v2/conversations/messages/{conversationId} (the agent's participant
 * and its state), then PATCH .../participants/{participantId}
 * {"state": "connected"}.  Checked before any request, every problem in one
 * report: the conversation is a message or social interaction (SL-ACCEPT,
 * field "media"), the agent holds LCC_PERM_MESSAGE_ACCEPT (SL-PERM, field
 * "permissions"), belongs to the conversation's queue when one is set and
 * is its agent when one is set (SL-ACCEPT, fields "queue" and "agent"), and
 * the last state learnt is alerting or unknown (SL-ACCEPT, field "state").
 * After the GET, a participant that is not alerting (or none for the agent)
 * ends the operation with LCC_EVALIDATION and the SL-ACCEPT entry in
 * lcc_op_report(); the backend's own refusals come back the same way.
 * @param[out] op      the pending operation (kind LCC_OP_INTERACTION).
 * @param[out] report  NULL, or receives the report when the status is LCC_EVALIDATION.
 * @return LCC_OK with *op set; LCC_EVALIDATION (nothing sent); LCC_ESTATE
 *         (an operation on the conversation is in flight, no backend);
 *         LCC_ENOMEM; LCC_EMISUSE (NULL, invalid handles, the agent of
 *         another context).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_conversation_accept(struct lcc_op **op, lcc_report **report,
                                           lcc_conversation *conversation,
                                           const struct lcc_agent *agent);

/**
 * Declines an interaction that alerts `agent` (SL-NORESPONSE: the backend
 * puts the agent in "not responding" and the interaction back in its
 * queue): the GET, then PATCH .../participants/{participantId}
 * {"state": "disconnected"}.  Checks as lcc_conversation_accept() without
 * the permission (rule SL-NORESPONSE for the state).  Afterwards the state
 * is LCC_INTERACTION_DONE.
 * @return as lcc_conversation_accept().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_conversation_decline(struct lcc_op **op, lcc_report **report,
                                            lcc_conversation *conversation,
                                            const struct lcc_agent *agent);

/**
 * Ends the interaction the agent is connected to (SL-END): the GET, then
 * PATCH .../participants/{participantId} {"state": "disconnected"}.  The
 * agent then owes a wrap-up: the state becomes LCC_INTERACTION_WRAPUP (the
 * backend keeps the agent in after-contact work until
 * lcc_conversation_wrap_up()).  Checks: a message or social interaction,
 * the conversation's agent when one is set, the last state learnt connected
 * or unknown (rule SL-END).
 * @return as lcc_conversation_accept().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_conversation_end(struct lcc_op **op, lcc_report **report,
                                        lcc_conversation *conversation,
                                        const struct lcc_agent *agent);

/**
 * Wraps up after the interaction ended (SL-END): the GET, then PATCH
 * .../participants/{participantId} {"wrapup": {"code", "notes"}}.  `code`
 * is the wrap-up code id, 1..36 characters; `notes` NULL or at most 128
 * characters.  Checks as lcc_conversation_end(), the code and notes (rule
 * SL-END, fields "wrapup_code" and "wrapup_reason"), and a last state learnt of
 * LCC_INTERACTION_WRAPUP or unknown; after the GET, a participant that owes
 * no wrap-up ends the operation with LCC_EVALIDATION (SL-END).  Afterwards
 * the state is LCC_INTERACTION_DONE.
 * @return as lcc_conversation_accept().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_conversation_wrap_up(struct lcc_op **op, lcc_report **report,
                                            lcc_conversation *conversation,
                                            const struct lcc_agent *agent, const char *code,
                                            const char *notes);

/**
 * Learns the state of the agent's participant (the GET alone), for
 * example after an LCC_EVENT_ENGINE_OFFERED event or a notification.
 * @return LCC_OK with *op set; LCC_EINVAL (not a message or social
 *         interaction); LCC_ESTATE (in flight, no backend); LCC_ENOMEM;
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_conversation_refresh(struct lcc_op **op, lcc_conversation *conversation,
                                            const struct lcc_agent *agent);

#ifdef __cplusplus
}
#endif
#endif /* LCC_CONVERSATION_H */
