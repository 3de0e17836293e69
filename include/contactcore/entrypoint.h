/**
 * @file contactcore/entrypoint.h
 * @brief Entry points: the tenant's SMS and email addresses that agents
 *        start outbound conversations from (OB-ENTRYPOINT).
 *
 * An entry point is what the agent picks in the "From" field of a new
 * outbound SMS or email (Webex Contact Center's outbound entry point, the
 * entryPointId of POST /v1/tasks).  With no entry point of a channel, no
 * outbound conversation of that channel can start.
 *
 * An entry point belongs to its context, which frees it with itself unless
 * lcc_entry_point_free() was called first.  Ids are unique per context.
 * Strings returned are borrowed and valid until the entry point is freed.
 * Thread rule: as for the context.
 *
 * Stored directory: while the context has an engine with a store
 * (lcc_engine_new()), lcc_entry_point_new() writes the entry point to the
 * store before returning (a write the store refuses makes the call fail
 * with LCC_EIO and nothing created), and opening the store brings stored
 * entry points back into the context, as for agents.  Freeing one only
 * frees memory.
 */
#ifndef LCC_ENTRYPOINT_H
#define LCC_ENTRYPOINT_H

#include "contactcore/common.h"
#include "contactcore/text.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** Opaque entry point handle. */
typedef struct lcc_entry_point lcc_entry_point;

/**
 * Creates an SMS or email entry point.
 * @param[out] out  the new entry point, owned by ctx.
 * @param id        unique id (UTF-8, 1..LCC_MAX_TEXT bytes), copied.
 * @param name      display name (UTF-8), copied.
 * @param channel   LCC_CHANNEL_SMS or LCC_CHANNEL_EMAIL.
 * @return LCC_OK; LCC_EEXISTS for a duplicate id; LCC_EINVAL for another
 *         channel or bad text; LCC_ERANGE for text too long; LCC_EIO (the
 *         store refused it: nothing created); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_entry_point_new(lcc_entry_point **out, struct lcc_context *ctx,
                                       const char *id, const char *name, lcc_channel channel);

/**
 * Frees an entry point now (its stored row stays).  NULL does nothing.
 * @since 0.1.0
 */
LCC_API void lcc_entry_point_free(lcc_entry_point *ep);

/**
 * The entry point with this id, or NULL.  Borrowed.
 * @since 0.1.0
 */
LCC_API lcc_entry_point *lcc_context_find_entry_point(struct lcc_context *ctx, const char *id);

/** Id of the entry point; NULL for an invalid handle. @since 0.1.0 */
LCC_API const char *lcc_entry_point_id(const lcc_entry_point *ep);

/** Display name of the entry point; NULL for an invalid handle. @since 0.1.0 */
LCC_API const char *lcc_entry_point_name(const lcc_entry_point *ep);

/**
 * Channel of the entry point: LCC_CHANNEL_SMS or LCC_CHANNEL_EMAIL
 * (LCC_CHANNEL_SMS for an invalid handle).
 * @since 0.1.0
 */
LCC_API lcc_channel lcc_entry_point_channel(const lcc_entry_point *ep);

/**
 * Number of entry points of the context for `channel` (0 for an invalid
 * context).  Cost: a walk over the context's objects.
 * @since 0.1.0
 */
LCC_API size_t lcc_context_entry_point_count(struct lcc_context *ctx, lcc_channel channel);

/**
 * The i-th entry point of the context for `channel`, in creation order (those
 * brought back from a store come in the order they were first stored); NULL
 * when i is out of range.  Borrowed.
 * @since 0.1.0
 */
LCC_API lcc_entry_point *lcc_context_entry_point(struct lcc_context *ctx, lcc_channel channel,
                                                 size_t i);

#ifdef __cplusplus
}
#endif
#endif /* LCC_ENTRYPOINT_H */
