/* Genesys Cloud Platform API v2: request bodies built from the model and
 * responses, notifications and error bodies read back into it.
 *
 * Request bodies are written directly into memory from the context's
 * allocator (core/jsonw.h), members in a fixed order.  Responses are read
 * with cJSON, with its default allocator for transient trees only (its hooks
 * are process-global, so cJSON_InitHooks is never called); every result is
 * copied into memory from the context's allocator and released with the
 * matching clear function or lcc__free.  On any failure the outputs are left
 * untouched and nothing is leaked.  Error messages go to lcc_context_errmsg. */
#ifndef LCC_API_GENESYS_H
#define LCC_API_GENESYS_H

#include <stddef.h>
#include <stdint.h>

#include "contactcore/callback.h"
#include "contactcore/conversation.h"
#include "contactcore/message.h"
#include "contactcore/report.h"
#include "contactcore/transfer.h"

struct lcc_context;

/* ---- request bodies: NUL-terminated JSON, *len without the NUL, freed with lcc__free ---- */

/* CreateCallbackCommand of a committed callback (POST /api/v2/conversations/callbacks);
 * countryCode is the region committing stored (lcc_callback.region), omitted when empty.
 * LCC_OK; LCC_ERANGE (scheduled time outside years 1..9999); LCC_ENOMEM; LCC_EMISUSE;
 * LCC_EINVAL when a text is not valid UTF-8 (the model's own texts are checked when
 * set; ids that came from the server are not). */
lcc_status lcc__gc_create_body(char **body, size_t *len, struct lcc_context *ctx,
                               const lcc_callback *cb);

/* PatchCallbackRequest (PATCH /api/v2/conversations/callbacks); queue_id NULL and
 * scheduled_ms LCC_CALLBACK_ASAP are omitted.  Errors as lcc__gc_create_body. */
lcc_status lcc__gc_patch_body(char **body, size_t *len, struct lcc_context *ctx,
                              const char *conversation_id, const char *agent_id,
                              const char *queue_id, int64_t scheduled_ms);

/* {"state":"disconnected"} (PATCH /api/v2/conversations/callbacks/{id}).  LCC_OK or LCC_ENOMEM. */
lcc_status lcc__gc_disconnect_body(char **body, size_t *len, struct lcc_context *ctx);

/* BulkCallbackDisconnectRequest of n (conversation id, callback id) pairs
 * (POST /api/v2/conversations/callbacks/bulk/disconnect).  LCC_OK; LCC_ENOMEM;
 * LCC_EINVAL as lcc__gc_create_body; LCC_EMISUSE, also for a NULL id. */
lcc_status lcc__gc_bulk_disconnect_body(char **body, size_t *len, struct lcc_context *ctx,
                                        const char *const *conversation_ids,
                                        const char *const *callback_ids, size_t n);

/* ---- responses ---- */

/* One CallbackIdentifier: type as the server wrote it ("EXTERNAL", "ACD", or newer). */
typedef struct lcc__gc_ident {
    char *type;
    char *id;
} lcc__gc_ident;

/* CreateCallbackResponse / PatchCallbackResponse. */
typedef struct lcc__gc_created {
    char *conversation_id;
    lcc__gc_ident *ids; /* identifiers lacking a string type or id are skipped */
    size_t n_ids;
} lcc__gc_created;

/* Reads a CreateCallbackResponse or PatchCallbackResponse into *out (which
 * the caller then owns).  LCC_EFORMAT when the body is not JSON or has no
 * string conversation.id; LCC_ENOMEM; LCC_EMISUSE. */
lcc_status lcc__gc_parse_created(lcc__gc_created *out, struct lcc_context *ctx, const char *body,
                                 size_t len);
/* Frees the contents of *c and zeroes it. */
void lcc__gc_created_clear(lcc__gc_created *c, struct lcc_context *ctx);

/* What we need to know of a callback conversation. */
typedef struct lcc__gc_view {
    char *conversation_id;
    int disconnected;     /* callback participant disconnected/terminated, or conversation ended */
    int64_t scheduled_ms; /* INT64_MIN when absent or unparsable */
    char *queue_id;       /* NULL when absent */
    char *user_id;        /* NULL when absent */
} lcc__gc_view;

/* Reads a CallbackConversation (GET) or the Conversation of the disconnect
 * PATCH.  The callback participant is the first with callbackNumbers or
 * callbackScheduledTime (also inside its `callbacks` list, as the generic
 * Participant has them), else the first of purpose customer/external.  Its
 * queue.id/queueId and user.id/userId are used, else the first other
 * participant's queue and the first agent/user participant's user.
 * LCC_EFORMAT when the body is not a JSON object with a string id; LCC_ENOMEM. */
lcc_status lcc__gc_parse_conversation(lcc__gc_view *out, struct lcc_context *ctx,
                                      const char *body, size_t len);
/* Frees the contents of *v and resets it (scheduled_ms = INT64_MIN). */
void lcc__gc_view_clear(lcc__gc_view *v, struct lcc_context *ctx);

typedef enum lcc__gc_topic {
    LCC__GC_TOPIC_IGNORED = 0,
    LCC__GC_TOPIC_CALLBACK = 1
} lcc__gc_topic;

/* Reads a notification-channel message {topicName, eventBody, ...}.  Callback
 * topics (v2.users.{id}.conversations.callbacks,
 * v2.routing.queues.{id}.conversations.callbacks, v2.conversations.callbacks.{id},
 * v2.detail.events.conversation.{id}.{...}) whose eventBody is an object with
 * a string id give LCC__GC_TOPIC_CALLBACK and *view (as
 * lcc__gc_parse_conversation); anything else, heartbeats included, gives
 * LCC__GC_TOPIC_IGNORED and leaves *view alone.  LCC_EFORMAT when not a JSON
 * object or topicName is not a string; LCC_ENOMEM. */
lcc_status lcc__gc_parse_notification(lcc__gc_topic *topic, lcc__gc_view *view,
                                      struct lcc_context *ctx, const char *json, size_t len);

/* Adds the entries of an error response to `report` (at most 20: the body,
 * its details and its nested errors, breadth first; or, for a Webex Contact
 * Center ApiErrorResponse {"error": {"key", "message": [{"description",
 * "code"}]}}, one entry per message, the code defaulting to the key) and returns the status
 * the operation ends with: LCC_ETAKEOVER when a code maps to OBQ-TAKEOVER
 * (an offer to take a conversation over, not a failure), LCC_EVALIDATION
 * when a code maps to one of our rules, else by HTTP status (401 LCC_EAUTH, 403 LCC_EPERM, 404
 * LCC_ENOTFOUND, 429 LCC_EBUSY, other 4xx LCC_EREJECTED, anything else
 * LCC_ESERVER).  A body that is not a JSON object gives one entry
 * "HTTP <status>".  LCC_ENOMEM when an entry could not be added (the report
 * is then marked out of memory). */
lcc_status lcc__gc_parse_error(lcc_report *report, struct lcc_context *ctx, int http_status,
                               const char *body, size_t len);

/* ---- paths ---- */

/* base "/" id, then middle id2 when middle is not NULL, then tail when not
 * NULL; the ids percent-encoded (all but RFC 3986 unreserved characters).
 * Freed with lcc__free; NULL when out of memory (nothing recorded). */
char *lcc__gc_path(struct lcc_context *ctx, const char *base, const char *id, const char *middle,
                   const char *id2, const char *tail);

/* ---- messages (on behalf of a queue) ---- */

/* CreateOutboundMessagingConversationRequest (POST /api/v2/conversations/messages);
 * messenger_type "sms" or "whatsapp"; useExistingConversation only when set;
 * externalContactId (OBQ-VERIFY) only when not NULL.  Errors as
 * lcc__gc_create_body. */
lcc_status lcc__gc_obq_create_body(char **body, size_t *len, struct lcc_context *ctx,
                                   const char *queue_id, const char *to_address,
                                   const char *messenger_type, int use_existing,
                                   const char *external_contact_id);
/* SendAgentlessOutboundMessageRequest (POST /api/v2/conversations/messages/agentless):
 * {"fromAddress", "toAddress", "toAddressMessengerType", "textBody",
 * "externalContactId" (when not NULL), "useExistingActiveConversation"
 * (only when set)}.  Errors as lcc__gc_create_body. */
lcc_status lcc__gc_agentless_body(char **body, size_t *len, struct lcc_context *ctx,
                                  const char *from_address, const char *to_address,
                                  const char *messenger_type, const char *text,
                                  const char *external_contact_id, int use_existing_active);
/* AdditionalMessage {"textBody": text}. */
lcc_status lcc__gc_text_body(char **body, size_t *len, struct lcc_context *ctx, const char *text,
                             const char *media_id);
/* AdditionalSocialMediaMessage {"textBody", "mediaIds": [media_id],
 * "inReplyToMessageId"}: a public social reply (text or media_id may be
 * NULL, not both). */
lcc_status lcc__gc_social_body(char **body, size_t *len, struct lcc_context *ctx,
                               const char *text, const char *media_id, const char *in_reply_to);
/* Webex Contact Center CreateTaskRequest for an agent-initiated outbound
 * digital task: {"destination", "entryPointId", "mediaType", "outboundType":
 * "OUTDIAL"}. */
lcc_status lcc__wx_task_body(char **body, size_t *len, struct lcc_context *ctx,
                             const char *destination, const char *entry_point_id,
                             const char *media_type);
/* TransferResourceRequest {"to", "destinationType": "queue" | "agent"}. */
lcc_status lcc__wx_transfer_body(char **body, size_t *len, struct lcc_context *ctx,
                                 const char *to, const char *destination_type);
/* WrapUpResourceRequest {"auxCodeId", "wrapUpReason"}. */
lcc_status lcc__wx_wrapup_body(char **body, size_t *len, struct lcc_context *ctx,
                               const char *aux_code_id, const char *reason);
/* CreateTaskResponse {"meta", "data": {"id"}}: the task id. */
lcc_status lcc__wx_parse_task_id(char **id, struct lcc_context *ctx, const char *body, size_t len);

/* The "id" of a response (CreateOutboundMessagingConversationResponse);
 * *id freed with lcc__free.  LCC_EFORMAT, LCC_ENOMEM. */
lcc_status lcc__gc_parse_id(char **id, struct lcc_context *ctx, const char *body, size_t len);
/* The communication id (participants[purpose=agent, userId=user_id].messages[0].id)
 * of a MessageConversation.  LCC_EFORMAT, LCC_ENOMEM. */
lcc_status lcc__gc_parse_communication(char **id, struct lcc_context *ctx, const char *body,
                                       size_t len, const char *user_id);
/* A MessageData's id (copied unless id is NULL) and delivery state: status
 * queued, sent (pending with the reason RecipientOffline), delivery-success
 * / read / published (delivered), delivery-failed / failed with the reason
 * ServerRejected, NetworkError or LimitExceeded; anything else is
 * LCC_DELIVERY_UNKNOWN.  LCC_EFORMAT (no id), LCC_ENOMEM. */
lcc_status lcc__gc_parse_message(char **id, lcc_delivery_state *state, struct lcc_context *ctx,
                                 const char *body, size_t len);
/* A SendAgentlessOutboundMessageResponse: its id (the message's), its
 * conversationId (both copied) and the state of its message (as
 * lcc__gc_parse_message reads message.status and message.reasons; queued
 * when the response has no message status).  LCC_EFORMAT (no id or no
 * conversationId), LCC_ENOMEM; nothing is set on failure. */
lcc_status lcc__gc_parse_agentless(char **conversation_id, char **message_id,
                                   lcc_delivery_state *state, struct lcc_context *ctx,
                                   const char *body, size_t len);
/* The mapping above for a status and its first reason code (either may be NULL). */
lcc_delivery_state lcc__gc_delivery_state(const char *status, const char *reason);

/* ---- an agent's participant in a message conversation (SL-ACCEPT, SL-END) ---- */

/* MediaParticipantRequest for PATCH .../participants/{participantId}:
 * {"state": state} when state is not NULL, {"wrapup": {"code", "notes"}}
 * when code is not NULL (notes optional). */
lcc_status lcc__gc_participant_body(char **body, size_t *len, struct lcc_context *ctx,
                                    const char *state, const char *code, const char *notes);
/* The last participant of user_id (purpose "agent") in a MessageConversation:
 * its id (*pid, freed with lcc__free; NULL when the user has none) and
 * state: "alerting", "connected", "disconnected" with "wrapupRequired" and
 * no "wrapup" (LCC_INTERACTION_WRAPUP), other "disconnected" or
 * "terminated" (DONE), anything else UNKNOWN.  LCC_EFORMAT (not an object
 * with a participants list), LCC_ENOMEM. */
lcc_status lcc__gc_parse_participant(char **pid, lcc_interaction_state *state,
                                     struct lcc_context *ctx, const char *body, size_t len,
                                     const char *user_id);

/* ---- transfer targets (OB-TRANSFER) ---- */

/* BuddyAgentRequest {"agentProfileId", "mediaType", "state" when not NULL}. */
lcc_status lcc__wx_buddies_body(char **body, size_t *len, struct lcc_context *ctx,
                                const char *agent_profile_id, const char *media_type,
                                const char *state);

/* One block (freed with lcc__free): the entries, then their strings. */
struct lcc_transfer_entry {
    lcc_transfer_to kind;
    long available;
    const char *id, *name, *state;
};
struct lcc_transfer_list {
    size_t n;
    struct lcc_transfer_entry e[];
};

/* {"data": {"agents": [{"agentId", "agentName", "state"}], "queues":
 * [{"queueId", "queueName", "availableAgents"}]}}: entries without an id
 * are skipped; an empty or other body gives an empty list.  LCC_ENOMEM. */
lcc_status lcc__wx_parse_buddies(struct lcc_transfer_list **out, struct lcc_context *ctx,
                                 const char *body, size_t len);

#endif
