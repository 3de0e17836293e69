/**
 * @file contactcore/queue.h
 * @brief Queues: members and the callback settings of CB-QUEUE and CB-OWN.
 *
 * A queue belongs to its context.  Members are kept as agent ids, so a queue
 * may list an agent the context does not (yet) know.  Strings returned are
 * borrowed, valid until the queue changes or is freed.  Thread rule: as for
 * the context.
 *
 * Stored directory: while the context has an engine with a store
 * (lcc_engine_new()), lcc_queue_new() and every setter write the change to
 * the store before returning; a change the store cannot take is undone and
 * the call returns LCC_EIO (with the store's reason in
 * lcc_context_errmsg()).
 */
#ifndef LCC_QUEUE_H
#define LCC_QUEUE_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** Opaque queue handle. */
typedef struct lcc_queue lcc_queue;

/** Range of the owned-callback schedule-out limit (CB-OWN-HORIZON), hours. */
#define LCC_OWNED_LIMIT_MIN_H 1
#define LCC_OWNED_LIMIT_MAX_H 720
/** Range of the ownership window (CB-OWN-WINDOW), hours. */
#define LCC_OWNED_WINDOW_MIN_H 1
#define LCC_OWNED_WINDOW_MAX_H 168

/**
 * Creates a queue.  Defaults: agents may not choose the queue of scheduled
 * callbacks; owned callbacks disabled, schedule-out limit 720 h, ownership
 * window 24 h.
 * @return LCC_OK; LCC_EEXISTS; LCC_EINVAL / LCC_ERANGE for bad text;
 *         LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_queue_new(lcc_queue **out, struct lcc_context *ctx, const char *id,
                                 const char *name);

/** Frees a queue now; NULL does nothing. @since 0.1.0 */
LCC_API void lcc_queue_free(lcc_queue *queue);

/** The queue with this id, or NULL.  Borrowed. @since 0.1.0 */
LCC_API lcc_queue *lcc_context_find_queue(struct lcc_context *ctx, const char *id);

/** Id of the queue; NULL for an invalid handle. @since 0.1.0 */
LCC_API const char *lcc_queue_id(const lcc_queue *queue);
/** Name of the queue; NULL for an invalid handle. @since 0.1.0 */
LCC_API const char *lcc_queue_name(const lcc_queue *queue);

/** Adds a member by agent id (adding twice is harmless). @return LCC_OK, LCC_EINVAL, LCC_ENOMEM or LCC_EMISUSE. @since 0.1.0 */
LCC_API lcc_status lcc_queue_add_member(lcc_queue *queue, const char *agent_id);
/** Removes a member. @return LCC_OK, LCC_ENOTFOUND or LCC_EMISUSE. @since 0.1.0 */
LCC_API lcc_status lcc_queue_remove_member(lcc_queue *queue, const char *agent_id);
/** 1 when agent_id is a member, else 0. @since 0.1.0 */
LCC_API int lcc_queue_has_member(const lcc_queue *queue, const char *agent_id);
/** Number of members. @since 0.1.0 */
LCC_API size_t lcc_queue_member_count(const lcc_queue *queue);
/** Member i (in the order added); NULL when out of range. @since 0.1.0 */
LCC_API const char *lcc_queue_member_id(const lcc_queue *queue, size_t i);

/**
 * The administrator setting "agents can specify the queue for scheduled
 * callbacks" (CB-QUEUE) of this queue, consulted when a callback is scheduled
 * from an interaction this queue received.
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_queue_set_agents_choose_callback_queue(lcc_queue *queue, int enabled);
/** The setting above (0/1); 0 for an invalid handle. @since 0.1.0 */
LCC_API int lcc_queue_agents_choose_callback_queue(const lcc_queue *queue);

/**
 * Configures agent-owned callbacks (Genesys agentOwnedRouting).
 * @param enabled             enableAgentOwnedCallbacks (CB-OWN).
 * @param schedule_out_limit_h maxOwnedCallbackDelayHours, 1..720 (CB-OWN-HORIZON).
 * @param ownership_window_h  maxOwnedCallbackHours, 1..168 (CB-OWN-WINDOW).
 * Both ranges are checked even when disabled.
 * @return LCC_OK; LCC_ERANGE naming the range (settings unchanged);
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_queue_set_owned_callbacks(lcc_queue *queue, int enabled,
                                                 int32_t schedule_out_limit_h,
                                                 int32_t ownership_window_h);

/**
 * Reads the owned-callback settings; any out-pointer may be NULL.
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_queue_owned_callbacks(const lcc_queue *queue, int *enabled,
                                             int32_t *schedule_out_limit_h,
                                             int32_t *ownership_window_h);

#ifdef __cplusplus
}
#endif
#endif /* LCC_QUEUE_H */
