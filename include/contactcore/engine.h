/**
 * @file contactcore/engine.h
 * @brief The embedded engine: an in-process contact-center backend.
 *
 * The engine answers the same REST requests as Genesys Cloud for callbacks
 * and for messages sent on behalf of a queue (the paths, JSON shapes and
 * error bodies of the api layer), enforces the CB-* and OBQ-* rules itself,
 * and acts over time: scheduled callbacks fall due, owned callbacks wait for
 * their owner, interactions are offered to agents and an unanswered offer
 * times out, messages are delivered, and message conversations close when
 * their threading timeline runs out.  A client context reaches it through the
 * transport contract (lcc_engine_connect()), exactly as it reaches a cloud.
 *
 * A callback's originating conversation (data.originatingConversationId)
 * is checked against CB-ELIGIBLE (an ACD voice interaction, its queue for
 * CB-QUEUE) when it is a conversation of the engine's context; an origin
 * the engine does not hold (a client's own conversation, an IVR call) is
 * one it cannot see, whose client checked eligibility: only CB-SINGLE (one
 * callback per origin) applies to it.
 *
 * Directory.  The engine serves the agents and queues of its own context:
 * create them with lcc_agent_new() / lcc_queue_new() on that context and
 * configure them with their setters (permissions, the supervisor role,
 * members, agents_choose_callback_queue, owned callbacks).  The engine adds
 * each agent's presence and routing status.  An agent is available for
 * routing when the presence is LCC_PRESENCE_AVAILABLE, the routing status is
 * LCC_ROUTING_IDLE and no offer is waiting for them.  With a store, the
 * directory and the conversations are kept in it too (lcc_engine_new()).
 *
 * Request bodies.  A request body must be a JSON object in strict RFC 8259
 * JSON (well-formed UTF-8, no NUL byte or raw control character in a
 * string, whole surrogate pairs in \u escapes, no leading zeros or other
 * loose numbers, no trailing comma, nothing after the value), nested at
 * most 64 arrays and objects deep, numbers at most 63 characters, at most
 * 64 MiB; anything else is answered 400 "bad.request" ("The request body
 * is not a JSON object."), as for a body that is not JSON at all.
 *
 * Time.  Everything timed runs on the context clock through the context's
 * timers: lcc_context_next_deadline_ms() says when, lcc_context_run_due()
 * (or lcc_context_wait()) does it.  Hours of simulated time cost nothing.
 *
 * Routing (CB-DISPATCH, CB-ROUTE-ME, CB-OWN-WINDOW).  At its scheduled time
 * a callback falls due.  An owned callback is offered to its owner when the
 * owner is available; otherwise it waits for the owner for the queue's
 * ownership window and then goes to the queue.  A callback with a preferred
 * agent (route to me) is offered to that agent when available at the due
 * time, else it goes to the queue.  A queued interaction is offered to the
 * member of its queue who has been available longest; waiting interactions
 * are served oldest first.  An offer not accepted within the alert timeout
 * (or declined) puts the agent in LCC_ROUTING_NOT_RESPONDING and returns the
 * interaction to its queue (an owned callback still inside its window goes
 * back to waiting for its owner).  A callback is offered like any incoming
 * interaction, and the customer's number is dialled only when the agent
 * accepts it (IVR-OFFER: the DIALING event).  IVR sessions
 * (contactcore/ivr.h) file their callbacks here as immediate callbacks of
 * an API client, due at the next lcc_context_run_due().
 *
 * Events, pulled with lcc_context_next_event() from the engine's context,
 * in the order things happen.  lcc_event_conversation_id(),
 * lcc_event_agent_id(), lcc_event_queue_id(), lcc_event_time_ms() say what
 * and when.  For a callback the usual sequences are:
 *  - SCHEDULED, then DUE at its time;
 *  - owner available: DUE, OFFERED, ACCEPTED, DIALING (the customer's
 *    number, lcc_event_number(), is dialled only now: IVR-OFFER),
 *    AGENT_STATUS (interacting);
 *  - owner away: DUE ... OWNERSHIP_EXPIRED, QUEUED, OFFERED (another agent);
 *  - no answer: OFFERED, DECLINED (status LCC_ETIMEDOUT), AGENT_STATUS (not
 *    responding), QUEUED (or waiting for the owner again), OFFERED ...
 *    (nothing is dialled before an agent accepts);
 *  - RESCHEDULED or CANCELLED at any time before it is offered.
 *
 * Messaging (OBQ-*, SL-DELIVERY).  An agent starts a conversation on behalf
 * of a queue with POST /api/v2/conversations/messages (queueId, toAddress,
 * toAddressMessengerType "sms" or "whatsapp", useExistingConversation),
 * reads its communication with GET /api/v2/conversations/messages/{id} (the
 * agent participant's messages[0].id), sends text with POST
 * .../{id}/communications/{communicationId}/messages ({"textBody"}), and
 * follows each message with GET .../{id}/messages/{messageId}.  The engine
 * applies OBQ-PERM, OBQ-MEMBER, OBQ-CHANNELS, OBQ-RECIPIENTS (SMS: E.164
 * only), OBQ-WHATSAPP and TXT-LIMITS with the client's own checks, and:
 *  - OBQ-EXISTING: a contact (address and messenger type) whose open
 *    conversation waits in a queue, is offered, or is assigned to an agent
 *    (the sender included) cannot be sent a new one: 409.
 *  - OBQ-TAKEOVER: when their open conversation has no agent (its agent
 *    ended it) the answer is a distinct 409 (status LCC_ETAKEOVER, the
 *    conversation id in messageParams.conversationId); asked again with
 *    useExistingConversation true, the conversation is given to the sender
 *    (a new communication) and its id answered.
 *  - OBQ-THREADING: a conversation stays open for the threading timeline
 *    (lcc_engine_set_threading_timeline(), 72 hours by default) after its
 *    last activity: its start, a message either way, an agent taking it.
 *    Then it closes (an agent still on it is disconnected: ENDED), stays
 *    readable, refuses messages (409), and the next send to the contact
 *    starts a new conversation.  One still waiting for an agent does not
 *    close; it is looked at again one timeline later.
 *  - OBQ-OFFQUEUE: the sender's presence and routing status do not change
 *    and they are offered nothing because of it; the conversation does not
 *    occupy them.  Each start or takeover and each message sent is counted
 *    for the queue (lcc_engine_queue_counts()).
 *  - OBQ-VERIFY: a request may name the recipient's external contact
 *    ("externalContactId"; contacts and their messaging identifiers are
 *    added with lcc_engine_add_external_contact() and
 *    lcc_engine_add_contact_identifier()).  An id that is not 1..1024
 *    bytes of text without control characters (400
 *    messaging.error.invalid.external.contact), a contact that does not
 *    exist, or a toAddress that is not one of the contact's identifiers on
 *    the messenger type's channel (400
 *    messaging.error.external.contact.not.verified) is refused with the
 *    OBQ-VERIFY rule.  A verified conversation (a new one or one taken
 *    over) is recorded in the contact's interaction history
 *    (lcc_engine_contact_history()); without an id, the contact owning
 *    toAddress as an identifier, if any, gets it (identity resolution).
 *    GET of the conversation then shows "externalContactId" (and the
 *    contact's "name") on the customer participant.
 * Agentless messages (Genesys POST /api/v2/conversations/messages/agentless,
 * SendAgentlessOutboundMessageRequest {"fromAddress", "toAddress",
 * "toAddressMessengerType", "textBody", "externalContactId",
 * "useExistingActiveConversation"}) are sent from a number provisioned
 * with lcc_engine_add_sms_number(), by an agent's token (OBQ-PERM:
 * "conversation:message:create" only) or an API client's (no agent).
 * Checked together: OBQ-PERM, OBQ-CHANNELS ("sms" only: an agentless
 * WhatsApp message needs a messaging template, which the engine does not
 * serve; fromAddress missing, not a number, or not provisioned: 400
 * messaging.error.missing.from.address / .invalid.from.address /
 * .from.address.not.provisioned), OBQ-RECIPIENTS (toAddress E.164),
 * TXT-LIMITS (textBody required, 765 characters), OBQ-VERIFY as above;
 * then OBQ-EXISTING: when the recipient has an open conversation on SMS
 * (any: waiting, offered, assigned, or open with no agent) the request is
 * refused (409 messaging.error.conversation.exists) unless
 * useExistingActiveConversation is true, and then the message goes into
 * that conversation.  Otherwise a new conversation is made with no agent
 * and no queue: it stays open for the threading timeline like any other
 * (an agent may take it over with useExistingConversation, OBQ-TAKEOVER;
 * a reply from the customer threads into it and is routed to the reply's
 * queue).  The answer is 200 SendAgentlessOutboundMessageResponse {"id":
 * the message id, "conversationId", "fromAddress", "toAddress",
 * "messengerType", "useExistingActiveConversation", "message": its
 * MessageData, "timestamp", "user": {"id"} of the sending agent (none for
 * an API client), "selfUri"}.  The message is delivered as below
 * (SL-DELIVERY; its event names the sending agent, or none, and no queue)
 * and read back with GET .../{conversationId}/messages/{id}.
 * Inbound messages arrive with lcc_engine_add_message() and are routed like
 * calls.  A message is "queued" when posted, "sent" LCC_ENGINE_SEND_DELAY_MS
 * later, and LCC_ENGINE_DELIVERY_DELAY_MS after that delivered when its
 * contact is online, else pending until they come back
 * (lcc_engine_set_contact_online()); lcc_engine_fail_next_sends() makes
 * sends fail at the "sent" step instead.  Messaging conversations are not
 * lcc_conversation objects of the context, and the store does not keep
 * them yet: they live in memory until the engine is freed.
 *
 * Events of a message, each LCC_EVENT_ENGINE_MESSAGE with
 * lcc_event_message_id(), lcc_event_delivery_state(), the conversation,
 * the sender (lcc_event_agent_id()) and the queue:
 *  - delivered: QUEUED, SENT (+1 s), DELIVERED (+1 s);
 *  - contact offline: QUEUED, SENT, PENDING, then DELIVERED when they come
 *    back online (every pending message to them at once, oldest first);
 *  - failed: QUEUED, then SERVER_REJECTED, NETWORK_ERROR or LIMIT_EXCEEDED
 *    at the "sent" step (final: nothing follows).
 * An inbound conversation gives QUEUED, OFFERED, ACCEPTED ... ENDED like a
 * call; starting or taking over a conversation on behalf of a queue gives
 * none, its end (lcc_engine_end(), or the timeline) gives ENDED.
 *
 * Social listening interactions (SL-*).  Public posts, comments and
 * private messages from Facebook, Instagram, X or another public network
 * arrive with lcc_engine_add_social(); an author's messages on one channel
 * thread into their open interaction (SL-THREAD), which is routed like an
 * inbound conversation and shares its threading timeline.  The Genesys
 * requests, under /api/v2/conversations/messages/{conversationId}:
 *  - GET: the MessageConversation.  The agent participant (purpose
 *    "agent", "userId", its "id", "messages":[{"id": the communication}])
 *    is there from the offer on: "state" "alerting", "connected" once
 *    accepted, "disconnected" after the end, and "wrapupRequired": true
 *    while its wrap-up is pending ("wrapup": {"code", "notes"} once given).
 *  - PATCH .../participants/{participantId} (MediaParticipantRequest), by
 *    the participant's agent, 202 without a body: {"state":"connected"}
 *    accepts (SL-ACCEPT; 409 socialmedia.error.not.offered when it is not
 *    alerting them), {"state":"disconnected"} declines an alerting
 *    interaction (SL-NORESPONSE, as lcc_engine_answer() with 0) or ends a
 *    connected one (SL-END, as lcc_engine_end()), {"wrapup":{"code",
 *    "notes"}} wraps up (as lcc_engine_wrap_up(); both at once end and wrap
 *    up, or change nothing when the wrap-up is refused).
 *  - POST .../communications/{communicationId}/socialmedia/messages
 *    (AdditionalSocialMediaMessage {"textBody", "mediaIds",
 *    "inReplyToMessageId"}): a public reply (SL-VISIBILITY: public is the
 *    default), which needs "conversation:socialmedia:create" (SL-PERM: 403
 *    socialmedia.error.missing.permission) and names an inbound public
 *    message of the interaction (SL-THREAD: 400
 *    socialmedia.error.reply.not.public, or .reply.invalid when missing).
 *  - POST .../communications/{communicationId}/messages (AdditionalMessage
 *    {"textBody", "mediaIds"}): a private message.
 *  Both answer 200 with SocialMediaMessageData: MessageData plus
 *  "visibility" ("public" / "private"), "inReplyToMessageId" and
 *  "mediaIds"; "messengerType" is "facebook", "instagram", "twitter" or
 *  "open" (another public network).  GET .../messages/{messageId} answers
 *  the same shape for every message of the interaction.  A reply stays
 *  within its channel's limit (SL-LIMIT, lcc_text_measure(): 2000
 *  characters at most, Instagram 1000, X 280 weighted: 400
 *  socialmedia.error.text.too.long), has a text or an attachment
 *  (socialmedia.error.empty) and carries one media id at most (SL-ATTACH:
 *  several attachments go out as messages of their own; 400
 *  socialmedia.error.attachments).  Replies go through the delivery states
 *  above (SL-DELIVERY); the author's handle is the contact of
 *  lcc_engine_set_contact_online().  Accepting needs
 *  "conversation:message:accept" (SL-PERM, lcc_engine_answer() and the
 *  PATCH alike: 403 socialmedia.error.missing.accept.permission).
 *
 * After-contact work (SL-END).  Ending a connected social interaction (by
 * lcc_engine_end(), the PATCH, or its threading timeline) leaves it ENDED
 * with a wrap-up pending for its agent, who stays LCC_ROUTING_INTERACTING
 * and is offered nothing (nor may change their routing status) until they
 * give it with lcc_engine_wrap_up() or the PATCH; then they become idle (an
 * AGENT_STATUS event) and may be offered the next interaction at once.
 * lcc_engine_wrapup() reads the wrap-up back.  Calls, callbacks and
 * conversations on behalf of a queue free their agent at the end as before.
 * Events of a social interaction: QUEUED, OFFERED, ACCEPTED, AGENT_STATUS
 * (interacting), MESSAGE ..., ENDED, then AGENT_STATUS (idle) at the
 * wrap-up.
 *
 * Agent-initiated outbound SMS and email (OB-*, Webex Contact Center).
 * Under /v1/ the engine speaks Webex Contact Center's shapes.  Webex's
 * public POST /v1/tasks creates telephony tasks only; the engine takes the
 * same CreateTaskRequest with mediaType "sms" or "email" for an agent's
 * outbound digital task.  Every request carries an agent's bearer token
 * (an API client's token is answered 403).  Success answers:
 *  - POST /v1/tasks {"destination": E.164 number or email address,
 *    "entryPointId", "mediaType": "sms" | "email", "outboundType":
 *    "OUTDIAL" (optional; no other type)} -> 202
 *    {"meta":{"orgId":"6c636365-0000-4000-8000-00656e67696e"},
 *    "data":{"id": task id}}.  Checked together, every failure in one
 *    answer: OB-STATE (the agent's presence is LCC_PRESENCE_AVAILABLE:
 *    Webex "Available", also with routing status not responding, "RONA";
 *    on a call or another task is fine), OB-LICENSE
 *    (lcc_context_set_digital_channels() and the agent's
 *    lcc_agent_set_profile() digital_license), OB-PROFILE (the profile's
 *    media), OB-AUTOASSIGN (auto_assigned), OB-ENTRYPOINT (an entry point of
 *    the engine's context for the channel, contactcore/entrypoint.h), OB-TO
 *    (an E.164 number for SMS; an email address of at most 254 bytes, kept
 *    with its domain in lower case; Webex's 36-character limit does not
 *    apply); then OB-UNIQUE: 409 while a task of the same entry point with
 *    the same customer is active (offered, connected, or waiting for or
 *    offered to an agent after a transfer).  Tasks from other entry points
 *    may run side by side; the newest is the customer's conversation on the
 *    channel (lcc_engine_add_message() threads a reply into it).
 *  - The task is a messaging conversation, offered to its creator alone
 *    (OFFERED event) without routing: their presence, routing status and
 *    availability do not change, and it is not in a queue (events and views
 *    name its entry point as its queue until it is transferred).  POST
 *    /v1/tasks/{taskId}/accept (no body) -> 202, empty body (OB-CREATE: the
 *    client accepts at once; ACCEPTED event; the agent's routing status
 *    still does not change).  Accepting a task offered to someone else is
 *    403, one not offered 409.  A task not accepted within the alert
 *    timeout is dropped (DECLINED event, status LCC_ETIMEDOUT; the agent is
 *    not made not responding): it closes and its customer is free for a
 *    new task.  lcc_engine_answer() does not accept a creation offer.
 *  - Messages go through the Genesys messaging requests above on the task
 *    id: GET /api/v2/conversations/messages/{taskId} (messengerType "sms"
 *    or "email"; the agent participant's messages[0].id is the
 *    communication) and POST .../{taskId}/communications/{communicationId}/
 *    messages {"textBody"} (the task's agent only; TXT-LIMITS of the
 *    channel, none for email), delivered as SL-DELIVERY says.
 *  - POST /v1/tasks/{taskId}/transfer {"to": queue or agent id,
 *    "destinationType": "queue" | "agent"} -> 202 (OB-TRANSFER): a
 *    connected task, by its agent (else 409); a queue of the context (else
 *    400): the task is routed to it like an inbound conversation (QUEUED,
 *    OFFERED ...); an agent of the context available for routing (else 400
 *    unknown, 409 not available, yourself included): it is offered to them
 *    (OFFERED).  "dialNumber" and "entrypointDialNumber" are for voice:
 *    400.  The transferring agent's part ends (ENDED event with their id),
 *    they owe a wrap-up (the closing-reasons dialog follows a transfer) and
 *    are not held by it.  Whoever accepts a transferred task (accept above,
 *    or lcc_engine_answer()) is occupied by it as by any routed
 *    interaction.  An offer not answered or declined makes that agent not
 *    responding and returns the task to the queue it was routed through;
 *    one that never was in a queue then waits unassigned on its entry point
 *    and closes when its threading timeline runs out.
 *  - POST /v1/tasks/{taskId}/end (no body) -> 202: a connected task by its
 *    agent (else 409) ends (ENDED); it stays open, unassigned, until its
 *    timeline runs out, and the agent owes a wrap-up (OB-WRAPUP); a task
 *    whose timeline runs out while connected ends the same way.
 *    lcc_engine_end() ends a task without asking for a wrap-up.
 *  - POST /v1/tasks/{taskId}/wrapup {"auxCodeId": 1..36 characters,
 *    "wrapUpReason": 1..128 characters, required} -> 202, by the agent who
 *    owes it (else 409).  Read it with lcc_engine_wrapup().  A transferring
 *    agent's wrap-up still owed when the task ends again is replaced by the
 *    new agent's.
 *  - POST /v1/agents/buddyList {"agentProfileId" (ignored), "mediaType":
 *    "sms" | "email", "state" (optional filter)} -> 200 at once (Webex
 *    answers 202 and delivers the list later; the engine answers with it)
 *    {"data":{"agents":[{"agentId","agentName","state"}...],
 *    "queues":[{"queueId","queueName","availableAgents"}...]}}: the agents
 *    whose profile handles the medium, in creation order, but the caller
 *    and those offline, with state "Available" (available for routing),
 *    "RONA" (available presence, not responding), "Engaged" (handling,
 *    alerted by or wrapping up an interaction), or "Idle" (busy, away, or
 *    available off queue); every queue with its members available for
 *    routing.
 * Errors under /v1/ are Webex ApiErrorResponse bodies: {"trackingId": a
 * UUID, "error": {"key": the code of the first problem, "message":
 * [{"description": a sentence, "code": its code} ... one per problem]}}
 * with the first problem's HTTP status; the codes of the rules are
 * "outbound.error.*" (e.g. "outbound.error.conversation.exists" 409 for
 * OB-UNIQUE), and "not.found" (404, also for an unknown path),
 * "bad.request", "unauthorized" (401), "forbidden",
 * "outbound.error.task.not.offered.to.you" (403) and
 * "outbound.error.task.not.connected" (409, end).
 *
 * Thread rule: the engine belongs to its context's thread.  A client context
 * connected with lcc_engine_connect() must be used on that same thread (the
 * engine answers inside the client's send()); to serve other threads, put
 * the engine behind a host transport that forwards requests to its thread.
 *
 * @since 0.1.0
 */
#ifndef LCC_ENGINE_H
#define LCC_ENGINE_H

#include "contactcore/common.h"
#include "contactcore/message.h"
#include "contactcore/report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** Opaque engine, owned by its context. */
typedef struct lcc_engine lcc_engine;

/** An agent's presence.  Values are stable. */
typedef enum lcc_presence {
    LCC_PRESENCE_OFFLINE = 0,
    LCC_PRESENCE_AVAILABLE = 1,
    LCC_PRESENCE_BUSY = 2,
    LCC_PRESENCE_AWAY = 3
} lcc_presence;

/** An agent's routing status.  Values are stable. */
typedef enum lcc_routing_status {
    LCC_ROUTING_OFF_QUEUE = 0,     /**< not taking ACD interactions */
    LCC_ROUTING_IDLE = 1,          /**< on queue, waiting for an interaction */
    LCC_ROUTING_INTERACTING = 2,   /**< handling an interaction */
    LCC_ROUTING_NOT_RESPONDING = 3 /**< missed or declined an offer */
} lcc_routing_status;

/** State of an interaction the engine holds.  Values are stable. */
typedef enum lcc_engine_state {
    LCC_ENGINE_SCHEDULED = 0,   /**< a callback waiting for its time */
    LCC_ENGINE_WAITING = 1,     /**< waiting for an agent (queue or owner) */
    LCC_ENGINE_OFFERED = 2,     /**< alerting an agent */
    LCC_ENGINE_CONNECTED = 3,   /**< accepted by an agent */
    LCC_ENGINE_ENDED = 4,       /**< finished after being handled */
    LCC_ENGINE_CANCELLED = 5    /**< a callback cancelled before it was handled */
} lcc_engine_state;

/** Engine parameters (size-versioned: set with LCC_ENGINE_PARAMS_INIT). */
typedef struct lcc_engine_params {
    size_t size;              /**< sizeof(lcc_engine_params) as compiled by the caller. */
    int32_t alert_timeout_ms; /**< how long an offer alerts: 1000..600000, default 30000 */
    /** The durable store: an SQLite file (created when missing), ":memory:",
     *  or NULL for none (everything lives in memory only).  See
     *  lcc_engine_new() for what is kept. */
    const char *store_path;
} lcc_engine_params;

/** Initialiser for lcc_engine_params: the defaults. */
#define LCC_ENGINE_PARAMS_INIT { sizeof(lcc_engine_params), 30000, NULL }

/**
 * Creates the engine of a context (at most one per context).
 *
 * With a store (params->store_path), every callback is written to an SQLite
 * file in WAL mode, and a schedule, reschedule or cancel is committed and
 * synced before its answer is given: an acknowledged change survives a
 * crash.  Opening an existing store brings its callbacks back: those still
 * scheduled or waiting are armed again, and those whose time passed while
 * the engine was down fall due at the next lcc_context_run_due() (none is
 * dropped); a callback that was connected to an agent is ended; cancelled
 * and ended ones still count for CB-SINGLE.
 *
 * The store also keeps the directory: the agents (with their outbound
 * profile), queues (settings and members), conversations and entry points
 * of the engine's context, and its digital channels flag.  On open, the
 * context's existing objects are written to the store (they win over
 * stored rows with the same id), then every stored object the context does
 * not have is created in it (find them with lcc_context_find_agent(),
 * lcc_context_find_queue(), lcc_context_find_conversation()).  From then
 * on, every change through their setters, and every new object, is written
 * before the setter returns; a change the store cannot take is undone and
 * the setter returns LCC_EIO.  Freeing a handle (or the context) only frees
 * memory: the stored rows stay.  Agents come back offline and off queue,
 * and calls that were in progress are over (their conversations remain).
 *
 * Store faults: the message (lcc_context_errmsg(), and the body of an HTTP
 * 500 answer) starts with "engine store: " and names the fault.
 * - Not an engine store, damaged or cut short, newer schema: LCC_EFORMAT
 *   at the open ("not an engine store, or corrupt", "another application",
 *   "newer").  Every page is checked before anything is written, so the
 *   file is left byte for byte as it was.
 * - Read-only (the file, or its directory when SQLite must create its log
 *   there): LCC_EIO at the open, "read-only", even when there is nothing
 *   to write yet; nothing is written.  A new store that cannot be made
 *   (its directory is missing or read-only): LCC_EIO, "cannot open the
 *   file".
 * - Disk full: LCC_EIO, "disk full" (or "write error (disk full, over
 *   quota or failing)" when SQLite only sees a write error: a quota, a
 *   file size limit, a failing disk).  At the open: no engine.  A change
 *   outside a batch: undone, the setter returns LCC_EIO and a request is
 *   answered 500; with space again the engine takes changes again.  A
 *   batch whose commit fails: see lcc_engine_commit().  A routing step
 *   (due, connected, ended) has happened when it is written: a failed
 *   write is logged (LCC_LOG_ERROR) and the callback comes back one step
 *   earlier after a restart, never lost.
 * - A crash (SIGKILL, power cut) at any point: after the next open every
 *   acknowledged change (the call returned LCC_OK, the request 200, the
 *   batch's commit LCC_OK) is there exactly once; of the rest at most the
 *   change in flight, whole (a batch: all of it or none).
 * SQLite keeps no checksums of its pages: damage that leaves the structure
 * valid (a changed byte inside a row) goes unseen, and log frames that
 * fail their checksum after a crash are dropped as a torn write would be.
 *
 * @param out     receives the engine; freed with the context or lcc_engine_free().
 * @param ctx     its context: clock, allocator, log, directory, events.
 * @param params  NULL for the defaults.
 * @return LCC_OK; LCC_EEXISTS (the context has an engine); LCC_ERANGE for a
 *         parameter outside its range (the message says the range);
 *         LCC_EFORMAT (the store file is corrupt, belongs to another
 *         application or has a newer schema: it is left untouched);
 *         LCC_EIO (the store cannot be opened or written: permissions,
 *         read-only file, disk full; see "Store faults"); LCC_ENOTSUP (a store was asked for and
 *         the library was built without SQLite); LCC_ENOMEM; LCC_EMISUSE
 *         (NULL, bad params size).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_new(lcc_engine **out, struct lcc_context *ctx,
                                  const lcc_engine_params *params);

/**
 * Frees the engine: everything it holds is dropped (nothing is cancelled on
 * anyone's behalf), and requests from connected clients then fail with
 * LCC_ECANCELED.  NULL does nothing.
 * @since 0.1.0
 */
LCC_API void lcc_engine_free(lcc_engine *engine);

/**
 * Starts a batch: the store writes of the changes that follow (schedules,
 * cancels, reschedules, directory changes, routing steps) go into one
 * transaction, committed by lcc_engine_commit().  Inside a batch each
 * change is made and answered at once, but it is durable only when the
 * commit returns LCC_OK, so acknowledge work to others after the commit.
 * One commit syncs the file once instead of once per change: this is how
 * bulk work (imports) reaches thousands of durable schedules per second.
 * Batches nest; only the outermost commit writes.  Freeing the engine with
 * a batch open discards the batch's writes.  Without a store a batch does
 * nothing but count.
 * @return LCC_OK; LCC_EIO (the store failed earlier, see
 *         lcc_engine_commit()); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_begin(lcc_engine *engine);

/**
 * Ends the innermost batch of lcc_engine_begin(); the outermost one commits
 * and syncs the store.
 * @return LCC_OK; LCC_EIO when the commit fails (disk full, I/O error):
 *         the batch's writes are rolled back in the file while memory still
 *         holds the changes, so the engine refuses every further change with
 *         LCC_EIO.  Free it and create it again on the same store to go on
 *         from the last commit.  LCC_EMISUSE (no batch open).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_commit(lcc_engine *engine);

/** The engine of a context, or NULL.  Borrowed. @since 0.1.0 */
LCC_API lcc_engine *lcc_context_engine(struct lcc_context *ctx);

/**
 * Points a client context at the engine as agent `agent_id`: installs a
 * transport answering its requests in-process (replacing any transport,
 * which is destroyed as lcc_context_set_transport() says), sets its backend
 * to "http://engine.invalid" and gives it an access token of that agent.  `client`
 * may be the engine's own context.  The agent must exist in the engine's
 * context.
 * @return LCC_OK; LCC_ENOTFOUND (no such agent); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_connect(lcc_engine *engine, struct lcc_context *client,
                                      const char *agent_id);

/**
 * Answers one request as if it had come over HTTP: method, path (from
 * "/api/v2/...", "/v1/..." or "/oauth/token", query allowed), the
 * Authorization header value (NULL: none), and the body.  The answer is an HTTP status and a JSON
 * body (Genesys Cloud shapes, error bodies included; Webex Contact Center
 * shapes under "/v1/", see the file comment) that the caller frees
 * with lcc_free().  This is what the connected transport calls; a host can
 * also serve the engine over its own HTTP listener with it.
 * @return LCC_OK (*http_status and *response set, even for a 4xx answer);
 *         LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_handle(int *http_status, char **response, size_t *response_len,
                                     lcc_engine *engine, const char *method, const char *path,
                                     const char *authorization, const char *body,
                                     size_t body_len);

/**
 * Sets an agent's presence.  Going LCC_PRESENCE_OFFLINE also takes the agent
 * off queue.  Becoming available may hand them an interaction at once.
 * @return LCC_OK; LCC_ENOTFOUND (no such agent); LCC_EINVAL (not a
 *         presence); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_set_presence(lcc_engine *engine, const char *agent_id,
                                           lcc_presence presence);

/**
 * Puts an agent on queue (LCC_ROUTING_IDLE, which also clears not
 * responding) or off queue (LCC_ROUTING_OFF_QUEUE).  Interacting and not
 * responding are set by the engine only.
 * @return LCC_OK; LCC_ENOTFOUND; LCC_EINVAL (another status); LCC_ESTATE
 *         (the agent is handling an interaction, or owes the wrap-up of one:
 *         SL-END); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_set_routing_status(lcc_engine *engine, const char *agent_id,
                                                 lcc_routing_status status);

/**
 * Reads an agent's presence and routing status (either pointer may be NULL).
 * An agent the engine has not seen yet is offline and off queue.
 * @return LCC_OK; LCC_ENOTFOUND; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_agent_status(lcc_engine *engine, const char *agent_id,
                                           lcc_presence *presence, lcc_routing_status *status);

/**
 * An ACD voice call from `ani` arrives on a queue: the engine gives it a
 * conversation id, records the conversation in its context (media call,
 * ACD, the ANI and queue set; find it with lcc_context_find_conversation())
 * and routes it.  When an agent accepts it, the conversation's agent is set.
 * @param conversation_id  receives the id (borrowed from the conversation
 *                         object, valid while it lives); may be NULL.
 * @return LCC_OK; LCC_ENOTFOUND (no such queue); LCC_EINVAL (bad ANI text);
 *         LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_add_call(const char **conversation_id, lcc_engine *engine,
                                       const char *queue_id, const char *ani);

/**
 * The agent accepts (accept = 1) or declines (0) the interaction offered to
 * them.  Accepting connects it and makes the agent interacting (events
 * ACCEPTED, then AGENT_STATUS); for a callback this is when the customer is
 * dialled: an LCC_EVENT_ENGINE_DIALING event with the callback's number
 * (lcc_event_number()) follows ACCEPTED (IVR-OFFER).  Declining is handled
 * as an unanswered offer (nothing is dialled).  Accepting a social listening interaction
 * (lcc_engine_add_social()) needs the agent's permission
 * "conversation:message:accept" (SL-PERM); without it nothing changes: the
 * offer keeps alerting until it is declined or times out.
 * @return LCC_OK; LCC_ENOTFOUND (no such conversation); LCC_ESTATE (it is
 *         not offered to this agent); LCC_EPERM (SL-PERM, the context's
 *         errmsg says why); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_answer(lcc_engine *engine, const char *agent_id,
                                     const char *conversation_id, int accept);

/**
 * Ends a connected interaction (the agent hangs up and wraps up); the agent
 * becomes idle and may be offered the next interaction at once.  For a
 * message conversation started on behalf of a queue the agent's routing
 * status does not change (OBQ-OFFQUEUE); a message conversation stays open,
 * unassigned, until its threading timeline runs out (OBQ-TAKEOVER).  A
 * social listening interaction is followed by after-contact work (SL-END):
 * its agent stays interacting and is offered nothing until they give the
 * wrap-up (lcc_engine_wrap_up()).
 * @return LCC_OK; LCC_ENOTFOUND; LCC_ESTATE (not connected); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_end(lcc_engine *engine, const char *conversation_id);

/* ---- supervisor view ---- */

/** Which callbacks lcc_engine_list_callbacks() returns (size-versioned). */
typedef struct lcc_engine_filter {
    size_t size;          /**< sizeof(lcc_engine_filter) as compiled by the caller. */
    const char *queue_id; /**< NULL: any queue */
    const char *agent_id; /**< NULL: any; else scheduled by, owned by or offered to this agent */
    int64_t from_ms;      /**< scheduled at or after (INT64_MIN: no bound) */
    int64_t to_ms;        /**< scheduled before (INT64_MAX: no bound) */
    int state;            /**< an lcc_engine_state, or -1 for any */
    size_t offset;        /**< entries to skip (paging) */
    size_t limit;         /**< at most this many (0: 100); at most 1000 */
} lcc_engine_filter;

/** Initialiser for lcc_engine_filter: every callback, first page of 100. */
#define LCC_ENGINE_FILTER_INIT \
    { sizeof(lcc_engine_filter), NULL, NULL, INT64_MIN, INT64_MAX, -1, 0, 0 }

/** Opaque snapshot of callbacks (see lcc_engine_list_callbacks()). */
typedef struct lcc_callback_list lcc_callback_list;

/**
 * Lists the engine's callbacks that match the filter, ordered by scheduled
 * time then id (immediate callbacks at their creation time), as a snapshot
 * the caller frees with lcc_callback_list_free().  Cost: a scan of every
 * callback the engine holds.
 * @return LCC_OK; LCC_ERANGE (limit above 1000); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_list_callbacks(lcc_callback_list **out, lcc_engine *engine,
                                             const lcc_engine_filter *filter);
/** Frees a list; NULL does nothing. @since 0.1.0 */
LCC_API void lcc_callback_list_free(lcc_callback_list *list);
/** Entries in this page. @since 0.1.0 */
LCC_API size_t lcc_callback_list_count(const lcc_callback_list *list);
/** Matching callbacks in all pages. @since 0.1.0 */
LCC_API size_t lcc_callback_list_total(const lcc_callback_list *list);
/** Conversation id of entry i; NULL out of range.  Valid until the list is freed. @since 0.1.0 */
LCC_API const char *lcc_callback_list_id(const lcc_callback_list *list, size_t i);
/** Queue id of entry i; NULL out of range. @since 0.1.0 */
LCC_API const char *lcc_callback_list_queue_id(const lcc_callback_list *list, size_t i);
/** Id of the agent who scheduled entry i, or NULL (created through the API without one). @since 0.1.0 */
LCC_API const char *lcc_callback_list_agent_id(const lcc_callback_list *list, size_t i);
/** Owner of entry i (CB-OWN), or NULL. @since 0.1.0 */
LCC_API const char *lcc_callback_list_owner_id(const lcc_callback_list *list, size_t i);
/** Number to call of entry i (E.164, ";ext=" appended when there is one); NULL out of range. @since 0.1.0 */
LCC_API const char *lcc_callback_list_number(const lcc_callback_list *list, size_t i);
/** The conversation entry i was scheduled from (data.originatingConversationId:
 *  CB-SINGLE), or NULL (none, or out of range). @since 0.1.0 */
LCC_API const char *lcc_callback_list_origin(const lcc_callback_list *list, size_t i);
/** Scheduled instant of entry i (ms since the epoch); 0 out of range. @since 0.1.0 */
LCC_API int64_t lcc_callback_list_scheduled_ms(const lcc_callback_list *list, size_t i);
/** State of entry i; LCC_ENGINE_ENDED out of range. @since 0.1.0 */
LCC_API lcc_engine_state lcc_callback_list_state(const lcc_callback_list *list, size_t i);

/**
 * Cancels a scheduled or waiting callback on behalf of agent `by_agent_id`
 * (CB-CANCEL: a supervisor, or the agent who scheduled or owns it).  The
 * report (NULL to ignore) gets the reasons for a refusal.
 * @return LCC_OK; LCC_EVALIDATION (refused: see the report); LCC_ENOTFOUND
 *         (no such callback or agent); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_cancel_callback(lcc_report **report, lcc_engine *engine,
                                              const char *by_agent_id,
                                              const char *conversation_id);

/**
 * Moves a scheduled callback to new_ms on behalf of `by_agent_id`
 * (CB-RESCHEDULE: who may as for cancel; the new time obeys CB-PAST,
 * CB-HORIZON and CB-OWN-HORIZON).
 * @return as lcc_engine_cancel_callback().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_reschedule_callback(lcc_report **report, lcc_engine *engine,
                                                  const char *by_agent_id,
                                                  const char *conversation_id, int64_t new_ms);

/* ---- messaging (OBQ-*, SL-DELIVERY) ---- */

/** The threading timeline of a new engine: 72 hours, in ms. */
#define LCC_ENGINE_THREADING_DEFAULT_MS INT64_C(259200000)
/** A posted message is "sent" this long after it was queued (simulated). */
#define LCC_ENGINE_SEND_DELAY_MS 1000
/** A sent message is delivered (or pending) this long after it was sent. */
#define LCC_ENGINE_DELIVERY_DELAY_MS 1000

/**
 * Sets the messaging threading timeline (OBQ-THREADING): how long a message
 * conversation stays open after its last activity.  Open conversations
 * keep their last activity and move to the new end (one already past it
 * closes at the next lcc_context_run_due()).
 * @param ms  60000 (1 minute) .. 2592000000 (30 days); default
 *            LCC_ENGINE_THREADING_DEFAULT_MS.
 * @return LCC_OK; LCC_ERANGE (the message says the range); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_set_threading_timeline(lcc_engine *engine, int64_t ms);

/** A queue's messaging counters (size-versioned: set with LCC_ENGINE_COUNTS_INIT). */
typedef struct lcc_engine_counts {
    size_t size;                     /**< sizeof(lcc_engine_counts) as compiled by the caller. */
    uint64_t outbound_conversations; /**< conversations started or taken over on its behalf */
    uint64_t outbound_messages;      /**< messages sent in its conversations */
} lcc_engine_counts;

/** Initialiser for lcc_engine_counts. */
#define LCC_ENGINE_COUNTS_INIT { sizeof(lcc_engine_counts), 0, 0 }

/**
 * Reads the messaging counters credited to a queue (OBQ-OFFQUEUE) since the
 * engine was created (they are not stored).
 * @param out  with out->size set (LCC_ENGINE_COUNTS_INIT); the counts are
 *             written into it.
 * @return LCC_OK; LCC_ENOTFOUND (no such queue); LCC_EMISUSE (NULL, unknown
 *         size).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_queue_counts(lcc_engine *engine, const char *queue_id,
                                           lcc_engine_counts *out);

/**
 * A customer's message arrives on a queue by SMS or WhatsApp from
 * `from_address` (E.164, or for WhatsApp the number with its country code
 * as OBQ-WHATSAPP says).  When the contact has an open conversation on
 * that channel the message is threaded into it (an unassigned one goes to
 * `queue_id` again); otherwise a new conversation is made and routed to the
 * queue like a call (lcc_engine_answer(), lcc_engine_end()).
 * @param conversation_id  receives the conversation id (borrowed, valid
 *                         while the engine lives); may be NULL.
 * @return LCC_OK; LCC_ENOTFOUND (no such queue); LCC_EINVAL (another
 *         channel, text empty, not UTF-8 or over 65536 bytes);
 *         LCC_EBADNUMBER (not an address of the channel); LCC_ENOMEM
 *         (nothing changed); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_add_message(const char **conversation_id, lcc_engine *engine,
                                          const char *queue_id, lcc_channel channel,
                                          const char *from_address, const char *text);

/**
 * Says whether the messaging contact `address` is online: an international
 * number (read as lcc_phone_normalize() does without a default region), or
 * the social handle of an author (lcc_engine_add_social()), taken verbatim
 * when it is not such a number and either starts with '@' or is the author
 * of a social listening interaction the engine holds.  A handle counts on
 * every social channel.  An address that is not a number but an email
 * address (as OB-TO reads it) is the contact of outbound email tasks; its
 * domain is compared in lower case.  Everyone is online until said otherwise.  A
 * message delivered while its contact is offline is pending (SL-DELIVERY);
 * when they come back online every pending message to them is delivered at
 * once.
 * @return LCC_OK; LCC_EINVAL / LCC_EBADNUMBER (neither such a number nor
 *         such a handle); LCC_ENOMEM (nothing changed); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_set_contact_online(lcc_engine *engine, const char *address,
                                                 int online);

/**
 * Makes the next `count` messages posted fail at the "sent" step with
 * `outcome` (replacing an earlier call; count 0 stops it), so a host or a
 * test can see every SL-DELIVERY failure.
 * @param outcome  LCC_DELIVERY_SERVER_REJECTED, LCC_DELIVERY_NETWORK_ERROR
 *                 or LCC_DELIVERY_LIMIT_EXCEEDED.
 * @return LCC_OK; LCC_EINVAL (another state); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_fail_next_sends(lcc_engine *engine, unsigned count,
                                              lcc_delivery_state outcome);

/* ---- agentless messages and external contacts (OBQ-VERIFY) ---- */

/**
 * Provisions an SMS number that agentless messages are sent from (Genesys
 * fromAddress of POST /api/v2/conversations/messages/agentless; see the
 * file comment).  Kept in memory only.
 * @param number  an international number, read as lcc_phone_normalize()
 *                does without a default region, kept in E.164.
 * @return LCC_OK; LCC_EBADNUMBER (not such a number); LCC_EEXISTS
 *         (provisioned already); LCC_ENOMEM (nothing changed);
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_add_sms_number(lcc_engine *engine, const char *number);

/**
 * Adds an external contact (a customer known to the organization, Genesys
 * externalContactId) whose messaging identifiers verify the messages sent
 * to it (OBQ-VERIFY).  Kept in memory only, with its interaction history.
 * @param contact_id  1..LCC_MAX_TEXT bytes of UTF-8 without control
 *                    characters, copied.
 * @param name        the contact's name (shown on the customer participant
 *                    of its conversations), 1..LCC_MAX_TEXT bytes of UTF-8,
 *                    or NULL.
 * @return LCC_OK; LCC_EEXISTS (the id exists already); LCC_EINVAL /
 *         LCC_ERANGE (bad id or name); LCC_ENOMEM (nothing changed);
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_add_external_contact(lcc_engine *engine, const char *contact_id,
                                                   const char *name);

/**
 * Adds a messaging identifier to an external contact: a number on which
 * messages to the contact are verified (OBQ-VERIFY) and by which a message
 * that names no contact is resolved to it.  An identifier belongs to one
 * contact.
 * @param channel  LCC_CHANNEL_SMS or LCC_CHANNEL_WHATSAPP; the identifiers
 *                 of the two channels are distinct.
 * @param address  an SMS number (read as lcc_phone_normalize() does without
 *                 a default region) or a WhatsApp number (OBQ-WHATSAPP:
 *                 country code first, no international prefix); kept in
 *                 E.164.
 * @return LCC_OK; LCC_ENOTFOUND (no such contact); LCC_EEXISTS (the
 *         identifier belongs to a contact already, this one included);
 *         LCC_EINVAL (another channel); LCC_EBADNUMBER (not a number of
 *         the channel); LCC_ENOMEM (nothing changed); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_add_contact_identifier(lcc_engine *engine, const char *contact_id,
                                                     lcc_channel channel, const char *address);

/**
 * The number of conversations in an external contact's interaction
 * history: those sent to it on behalf of a queue or agentless, verified by
 * their externalContactId or resolved by the recipient's address
 * (OBQ-VERIFY).  0 for an unknown contact (or a NULL argument).
 * @since 0.1.0
 */
LCC_API size_t lcc_engine_contact_history_count(lcc_engine *engine, const char *contact_id);

/**
 * Conversation i of an external contact's interaction history, oldest
 * first (a conversation counts once, however many messages it holds).
 * @return the conversation id (borrowed, valid while the engine lives), or
 *         NULL (unknown contact, i out of range, a NULL argument).
 * @since 0.1.0
 */
LCC_API const char *lcc_engine_contact_history(lcc_engine *engine, const char *contact_id,
                                               size_t i);

/* ---- social listening (SL-*) and after-contact work ---- */

/**
 * A social listening message arrives on a queue: a post, comment or mention
 * (`is_private` 0) or a private message (1) from the customer `author` on
 * a social channel.  When the author has an open social interaction on that
 * channel the message is threaded into it (SL-THREAD: an interaction holds
 * public and private messages; an unassigned or ended one goes to
 * `queue_id` again); otherwise a new interaction is made and routed to the
 * queue like a call: QUEUED, OFFERED, then ACCEPTED or DECLINED events
 * (SL-ACCEPT, SL-NORESPONSE).  Replies, participants and wrap-up go through
 * the REST requests of the file comment.
 * @param conversation_id  receives the interaction's id (borrowed, valid
 *                         while the engine lives); may be NULL.
 * @param message_id       receives the message's id (the same); may be NULL.
 * @param channel          LCC_CHANNEL_FACEBOOK, LCC_CHANNEL_INSTAGRAM,
 *                         LCC_CHANNEL_X or LCC_CHANNEL_SOCIAL_PUBLIC.
 * @param author           the customer's handle: 1..254 bytes of UTF-8
 *                         without control characters, kept verbatim (the
 *                         interaction's customer address).
 * @param text             1..65536 bytes of UTF-8.
 * @return LCC_OK; LCC_ENOTFOUND (no such queue); LCC_EINVAL (another
 *         channel, a bad author, text empty or not UTF-8); LCC_ERANGE (text
 *         over 65536 bytes); LCC_ENOMEM (nothing changed); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_add_social(const char **conversation_id, const char **message_id,
                                         lcc_engine *engine, const char *queue_id,
                                         lcc_channel channel, const char *author, int is_private,
                                         const char *text);

/**
 * Gives the wrap-up of an ended interaction as agent `agent_id` (SL-END;
 * the same as the PATCH of the agent participant with {"wrapup":{...}}).
 * `code` is 1..36 characters of text; `reason` (the notes) 1..128
 * characters, optional (NULL) for a social listening interaction and
 * required for any other.  The agent, held by no other wrap-up, goes from
 * interacting to idle (an AGENT_STATUS event) and may be offered the next
 * interaction at once.
 * @param report  receives the reasons of a refusal (NULL to ignore); free
 *                it with lcc_report_free().  Set except on LCC_ENOMEM and
 *                the errors before the rules are checked.
 * @return LCC_OK; LCC_EVALIDATION (see the report: rule SL-END, or
 *         OB-WRAPUP for an interaction that is not social; field "state"
 *         when no wrap-up is pending for this agent, "wrapup_code",
 *         "wrapup_reason"); LCC_ENOTFOUND (no such agent or conversation);
 *         LCC_ENOMEM (nothing changed); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_wrap_up(lcc_report **report, lcc_engine *engine,
                                      const char *agent_id, const char *conversation_id,
                                      const char *code, const char *reason);

/**
 * Reads the wrap-up given for an interaction (the last one, when it was
 * handled several times).
 * @param code    receives the code (borrowed: valid until the interaction
 *                needs a wrap-up again or the engine is freed); may be NULL.
 * @param reason  receives the reason, NULL when none was given; may be NULL.
 * @return LCC_OK; LCC_EPENDING (its agent has not wrapped up yet);
 *         LCC_ESTATE (no wrap-up was asked for or given); LCC_ENOTFOUND
 *         (no such conversation); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_wrapup(const char **code, const char **reason, lcc_engine *engine,
                                     const char *conversation_id);

#ifdef __cplusplus
}
#endif

#endif /* LCC_ENGINE_H */
