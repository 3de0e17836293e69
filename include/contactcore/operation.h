/**
 * @file contactcore/operation.h
 * @brief Pending operations against the backend, and the event queue.
 *
 * A call that talks to the backend (lcc_callback_submit(), ...) returns an
 * lcc_op at once.  The operation runs as the host drives the context
 * (lcc_context_run_due(), lcc_context_wait()); it may take several requests
 * (an OAuth token, retries after 429/5xx).  It finishes exactly once, with
 * one status, and then:
 * - its `on_done` hook runs if one is set, otherwise an
 *   LCC_EVENT_OPERATION_DONE event is queued;
 * - lcc_op_status() stops returning LCC_EPENDING.
 * Freeing a pending operation cancels it quietly.  Freeing the context
 * cancels every pending operation: each finishes with LCC_ECANCELED and its
 * hook runs (no events are queued any more), then they are freed.
 *
 * Events are pulled with lcc_context_next_event() in the order they
 * happened.  All functions here are for the context's thread only.
 */
#ifndef LCC_OPERATION_H
#define LCC_OPERATION_H

#include "contactcore/common.h"
#include "contactcore/message.h"
#include "contactcore/report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;
struct lcc_callback;

/** Opaque pending operation, owned by the caller (free with lcc_op_free()). */
typedef struct lcc_op lcc_op;
/** Opaque event, owned by the caller (free with lcc_event_free()). */
typedef struct lcc_event lcc_event;

/** What an operation does.  Values are stable. */
typedef enum lcc_op_kind {
    LCC_OP_CALLBACK_CREATE = 1,     /**< POST /api/v2/conversations/callbacks */
    LCC_OP_CALLBACK_RESCHEDULE = 2, /**< PATCH /api/v2/conversations/callbacks */
    LCC_OP_CALLBACK_CANCEL = 3,     /**< PATCH .../callbacks/{id} to disconnected */
    LCC_OP_CALLBACK_FETCH = 4,      /**< GET .../callbacks/{id} */
    LCC_OP_CALLBACK_BULK_CANCEL = 5, /**< POST .../callbacks/bulk/disconnect */
    LCC_OP_MESSAGE_SEND = 6,        /**< lcc_message_send(): several requests per recipient */
    LCC_OP_MESSAGE_REFRESH = 7,     /**< lcc_message_refresh(): GET of each open delivery */
    LCC_OP_MESSAGE_TASK = 8,        /**< lcc_message_transfer(), _end(), _wrap_up(): POST
                                         /v1/tasks/{id}/transfer|end|wrapup */
    LCC_OP_INTERACTION = 9,         /**< lcc_conversation_accept(), _decline(), _end(),
                                         _wrap_up(), _refresh(): GET of the conversation, then
                                         PATCH of the agent's participant */
    LCC_OP_TRANSFER_LIST = 10       /**< lcc_transfer_list_fetch(): POST /v1/agents/buddyList */
} lcc_op_kind;

/** Hook run once when an operation finishes (context thread). */
typedef void (*lcc_op_done_fn)(lcc_op *op, lcc_status status, void *user_data);

/** Kind of the operation; 0 for an invalid handle. @since 0.1.0 */
LCC_API lcc_op_kind lcc_op_get_kind(const lcc_op *op);

/**
 * Result of the operation: LCC_EPENDING while it runs, then LCC_OK or the
 * failure (LCC_EVALIDATION/LCC_EREJECTED with lcc_op_report(), LCC_EAUTH,
 * LCC_EPERM, LCC_ENOTFOUND, LCC_EBUSY, LCC_ESERVER, LCC_EIO, LCC_ETIMEDOUT,
 * LCC_EUNKNOWN_OUTCOME, LCC_EFORMAT, LCC_ECANCELED, LCC_ENOMEM).
 * LCC_EMISUSE for an invalid handle.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_op_status(const lcc_op *op);

/** Detail of a failure ("HTTP 503 from ...; 4 attempts"), or "" while
 *  pending or after success.  Borrowed, valid while the op lives. @since 0.1.0 */
LCC_API const char *lcc_op_message(const lcc_op *op);

/**
 * The backend's error entries (rule id when the server's code maps to one
 * of ours, e.g. CB-HORIZON, else "API"; lcc_report_server_code() gives the
 * server's code) or NULL when there are none.  Borrowed.
 * @since 0.1.0
 */
LCC_API const lcc_report *lcc_op_report(const lcc_op *op);

/** HTTP status of the last response (0 when none arrived). @since 0.1.0 */
LCC_API int lcc_op_http_status(const lcc_op *op);

/** Number of requests sent for it so far (retries included). @since 0.1.0 */
LCC_API unsigned lcc_op_attempts(const lcc_op *op);

/** The callback it acts on (borrowed), or NULL (bulk operations). @since 0.1.0 */
LCC_API struct lcc_callback *lcc_op_callback(const lcc_op *op);

/**
 * Sets the hook run when the operation finishes; with a hook set, no
 * LCC_EVENT_OPERATION_DONE event is queued for it.  If the operation has
 * already finished the hook is not called.
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_op_set_done_hook(lcc_op *op, lcc_op_done_fn fn, void *user_data);

/**
 * Cancels a pending operation: it finishes with LCC_ECANCELED now and its
 * request in flight is cancelled.  What the backend already received may
 * still be applied there.
 * @return LCC_OK; LCC_ESTATE when it had already finished; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_op_cancel(lcc_op *op);

/** Cancels it if still pending (without running its hook or queueing an
 *  event), then frees it; NULL does nothing.  An event that refers to it
 *  stays valid; lcc_event_op() then returns NULL. @since 0.1.0 */
LCC_API void lcc_op_free(lcc_op *op);

/**
 * Drives the context until `op` finishes (or, with op NULL, until no
 * operation is pending), for at most timeout_ms of real time (-1: no
 * limit).  Runs lcc_context_run_due() and blocks in the transport's poll
 * hook, or until a completion is queued.  For simple hosts and tools; an
 * event-driven host uses lcc_context_next_deadline_ms() and
 * lcc_context_run_due() instead.
 * @return the op's status when it finished (LCC_OK when op is NULL);
 *         LCC_ETIMEDOUT when timeout_ms passed first (the op goes on);
 *         LCC_EMISUSE for bad handles.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_context_wait(struct lcc_context *ctx, lcc_op *op, int timeout_ms);

/** Number of operations still pending. @since 0.1.0 */
LCC_API size_t lcc_context_pending_ops(const struct lcc_context *ctx);

/** Event types.  Values are stable; new ones may be added, so ignore types
 *  you do not know. */
typedef enum lcc_event_type {
    LCC_EVENT_OPERATION_DONE = 1,     /**< lcc_event_op(): the finished op */
    LCC_EVENT_CALLBACK_CREATED = 2,   /**< the backend created the callback */
    LCC_EVENT_CALLBACK_UPDATED = 3,   /**< scheduled time, queue or agent changed */
    LCC_EVENT_CALLBACK_CANCELLED = 4, /**< disconnected on the backend */
    LCC_EVENT_CALLBACK_REJECTED = 5,  /**< the backend refused to create it */
    /* The embedded engine's events (contactcore/engine.h has their order). */
    LCC_EVENT_ENGINE_SCHEDULED = 6,   /**< a callback was scheduled */
    LCC_EVENT_ENGINE_RESCHEDULED = 7, /**< a callback moved (lcc_event_scheduled_ms()) */
    LCC_EVENT_ENGINE_CANCELLED = 8,   /**< a callback was cancelled */
    LCC_EVENT_ENGINE_DUE = 9,         /**< a callback reached its scheduled time */
    LCC_EVENT_ENGINE_OWNERSHIP_EXPIRED = 10, /**< its owner was not available in the window */
    LCC_EVENT_ENGINE_QUEUED = 11,     /**< an interaction waits in its queue for any member */
    LCC_EVENT_ENGINE_OFFERED = 12,    /**< an interaction alerts an agent */
    LCC_EVENT_ENGINE_ACCEPTED = 13,   /**< the agent accepted it */
    LCC_EVENT_ENGINE_DECLINED = 14,   /**< declined (LCC_OK) or not answered (LCC_ETIMEDOUT) */
    LCC_EVENT_ENGINE_ENDED = 15,      /**< a connected interaction ended */
    LCC_EVENT_ENGINE_AGENT_STATUS = 16, /**< an agent's presence or routing status changed */
    LCC_EVENT_ENGINE_MESSAGE = 17,    /**< a message's delivery state changed
                                           (lcc_event_message_id(), lcc_event_delivery_state()) */
    /* Client side (lcc_message). */
    LCC_EVENT_MESSAGE_DELIVERY = 18,  /**< a delivery of an lcc_message changed state (sent,
                                           refreshed): lcc_event_message_id() (NULL before the
                                           backend named it), lcc_event_delivery_state(),
                                           lcc_event_conversation_id(), lcc_event_agent_id() the
                                           sender, lcc_event_queue_id() */
    /* IVR sessions (contactcore/ivr.h). */
    LCC_EVENT_IVR_ACTION = 19,        /**< an IVR session produced an action (in the order of
                                           the step's actions): lcc_event_ivr_action(),
                                           lcc_event_ivr_text(), lcc_event_number() the caller,
                                           lcc_event_conversation_id() the call id (NULL when
                                           none was given), lcc_event_queue_id(),
                                           lcc_event_time_ms() */
    /* The embedded engine again. */
    LCC_EVENT_ENGINE_DIALING = 20     /**< right after ACCEPTED of a callback: the customer's
                                           number (lcc_event_number()) is dialled now, for the
                                           agent who accepted (IVR-OFFER) */
} lcc_event_type;

/**
 * Takes the oldest event off the context's queue; NULL when it is empty.
 * Free it with lcc_event_free().
 * @since 0.1.0
 */
LCC_API lcc_event *lcc_context_next_event(struct lcc_context *ctx);

/** Type of the event; 0 for NULL. @since 0.1.0 */
LCC_API lcc_event_type lcc_event_get_type(const lcc_event *event);
/** The operation of an OPERATION_DONE event, NULL if it was freed since
 *  or for other types.  Borrowed. @since 0.1.0 */
LCC_API lcc_op *lcc_event_op(const lcc_event *event);
/** The status carried by the event (an op's result; LCC_OK otherwise). @since 0.1.0 */
LCC_API lcc_status lcc_event_status(const lcc_event *event);
/** The callback a CALLBACK_* event is about (borrowed; callbacks live as
 *  long as their context), else NULL. @since 0.1.0 */
LCC_API struct lcc_callback *lcc_event_callback(const lcc_event *event);
/** The conversation an ENGINE_* event is about (NULL for AGENT_STATUS and
 *  other types); the call id of an IVR_ACTION event (NULL when none was
 *  given).  Valid until the event is freed. @since 0.1.0 */
LCC_API const char *lcc_event_conversation_id(const lcc_event *event);
/** The agent an ENGINE_* event is about (offered to, accepted by, whose
 *  status changed, who acted, or the sender of an ENGINE_MESSAGE), else
 *  NULL. @since 0.1.0 */
LCC_API const char *lcc_event_agent_id(const lcc_event *event);
/** The queue of the interaction of an ENGINE_* event, or of the call of an
 *  IVR_ACTION event, else NULL. @since 0.1.0 */
LCC_API const char *lcc_event_queue_id(const lcc_event *event);
/** When an ENGINE_* or IVR_ACTION event happened (context clock, ms since
 *  the epoch); 0 for other types. @since 0.1.0 */
LCC_API int64_t lcc_event_time_ms(const lcc_event *event);
/** The scheduled instant of the callback of an ENGINE_* event (for
 *  SCHEDULED and RESCHEDULED: the new one), else 0. @since 0.1.0 */
LCC_API int64_t lcc_event_scheduled_ms(const lcc_event *event);
/** Presence (an lcc_presence value) after an ENGINE_AGENT_STATUS event, else -1. @since 0.1.0 */
LCC_API int lcc_event_presence(const lcc_event *event);
/** Routing status (an lcc_routing_status value) after an ENGINE_AGENT_STATUS
 *  event, else -1. @since 0.1.0 */
LCC_API int lcc_event_routing_status(const lcc_event *event);
/** The message of an ENGINE_MESSAGE or MESSAGE_DELIVERY event (the
 *  backend's message id), else NULL.  Valid until the event is freed. @since 0.1.0 */
LCC_API const char *lcc_event_message_id(const lcc_event *event);
/** The message's delivery state after an ENGINE_MESSAGE or
 *  MESSAGE_DELIVERY event, else LCC_DELIVERY_UNKNOWN. @since 0.1.0 */
LCC_API lcc_delivery_state lcc_event_delivery_state(const lcc_event *event);
/** The lcc_ivr_action (contactcore/ivr.h) of an IVR_ACTION event, else 0.
 *  @since 0.1.0 */
LCC_API int lcc_event_ivr_action(const lcc_event *event);
/** The text of the action of an IVR_ACTION event (as
 *  lcc_ivr_session_action_text() says; NULL for HANGUP and HUNG_UP), else
 *  NULL.  Valid until the event is freed. @since 0.1.0 */
LCC_API const char *lcc_event_ivr_text(const lcc_event *event);
/** The customer's number dialled for an ENGINE_DIALING event; the caller's
 *  number (E.164) for an IVR_ACTION event; else NULL.  Valid until the
 *  event is freed. @since 0.1.0 */
LCC_API const char *lcc_event_number(const lcc_event *event);
/** Frees an event; NULL does nothing. @since 0.1.0 */
LCC_API void lcc_event_free(lcc_event *event);

#ifdef __cplusplus
}
#endif
#endif /* LCC_OPERATION_H */
