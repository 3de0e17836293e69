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
 * Directory.  The engine serves the agents and queues of its own context:
 * create them with lcc_agent_new() / lcc_queue_new() on that context and
 * configure them with their setters (permissions, the supervisor role,
 * members, agents_choose_callback_queue, owned callbacks).  The engine adds
 * each agent's presence and routing status.  An agent is available for
 * routing when the presence is LCC_PRESENCE_AVAILABLE, the routing status is
 * LCC_ROUTING_IDLE and no offer is waiting for them.  With a store, the
 * directory and the conversations are kept in it too (lcc_engine_new()).
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
 * back to waiting for its owner).
 *
 * Events, pulled with lcc_context_next_event() from the engine's context,
 * in the order things happen.  lcc_event_conversation_id(),
 * lcc_event_agent_id(), lcc_event_queue_id(), lcc_event_time_ms() say what
 * and when.  For a callback the usual sequences are:
 *  - SCHEDULED, then DUE at its time;
 *  - owner available: DUE, OFFERED, ACCEPTED, AGENT_STATUS (interacting);
 *  - owner away: DUE ... OWNERSHIP_EXPIRED, QUEUED, OFFERED (another agent);
 *  - no answer: OFFERED, DECLINED (status LCC_ETIMEDOUT), AGENT_STATUS (not
 *    responding), QUEUED (or waiting for the owner again), OFFERED ...;
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
 * The store also keeps the directory: the agents, queues (settings and
 * members) and conversations of the engine's context.  On open, the
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
 * @param out     receives the engine; freed with the context or lcc_engine_free().
 * @param ctx     its context: clock, allocator, log, directory, events.
 * @param params  NULL for the defaults.
 * @return LCC_OK; LCC_EEXISTS (the context has an engine); LCC_ERANGE for a
 *         parameter outside its range (the message says the range);
 *         LCC_EFORMAT (the store file is corrupt, belongs to another
 *         application or has a newer schema: it is left untouched);
 *         LCC_EIO (the store cannot be opened or written: permissions,
 *         read-only file, disk full); LCC_ENOTSUP (a store was asked for and
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
 * "/api/v2/..." or "/oauth/token", query allowed), the Authorization header
 * value (NULL: none), and the body.  The answer is an HTTP status and a JSON
 * body (Genesys Cloud shapes, error bodies included) that the caller frees
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
 *         (the agent is handling an interaction); LCC_ENOMEM; LCC_EMISUSE.
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
 * them.  Accepting connects it (for a callback, this is when the customer is
 * dialled) and makes the agent interacting; declining is handled as an
 * unanswered offer.
 * @return LCC_OK; LCC_ENOTFOUND (no such conversation); LCC_ESTATE (it is
 *         not offered to this agent); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_engine_answer(lcc_engine *engine, const char *agent_id,
                                     const char *conversation_id, int accept);

/**
 * Ends a connected interaction (the agent hangs up and wraps up); the agent
 * becomes idle and may be offered the next interaction at once.  For a
 * message conversation started on behalf of a queue the agent's routing
 * status does not change (OBQ-OFFQUEUE); a message conversation stays open,
 * unassigned, until its threading timeline runs out (OBQ-TAKEOVER).
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
 * Says whether the messaging contact `address` (an international number,
 * read as lcc_phone_normalize() does without a default region) is online.
 * Everyone is online until said otherwise.  A message delivered while its
 * contact is offline is pending (SL-DELIVERY); when they come back online
 * every pending message to them is delivered at once.
 * @return LCC_OK; LCC_EINVAL / LCC_EBADNUMBER (not such a number);
 *         LCC_ENOMEM (nothing changed); LCC_EMISUSE.
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

#ifdef __cplusplus
}
#endif

#endif /* LCC_ENGINE_H */
