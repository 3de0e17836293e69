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

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

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

#ifdef __cplusplus
}
#endif
#endif /* LCC_CONVERSATION_H */
