/**
 * @file contactcore/agent.h
 * @brief Agents (users): identity, time zone, permissions, roles, queues.
 *
 * An agent belongs to its context, which frees it with itself unless
 * lcc_agent_free() was called first.  Ids are unique per context.  Strings
 * returned are borrowed and valid until the agent changes or is freed.
 * Thread rule: as for the context.
 *
 * Stored directory: while the context has an engine with a store
 * (lcc_engine_new()), lcc_agent_new() and every setter write the change to
 * the store before returning; a change the store cannot take is undone and
 * the call returns LCC_EIO (with the store's reason in
 * lcc_context_errmsg()).
 */
#ifndef LCC_AGENT_H
#define LCC_AGENT_H

#include "contactcore/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** Opaque agent handle. */
typedef struct lcc_agent lcc_agent;

/** Permission needed to schedule callbacks (CB-PERM). */
#define LCC_PERM_CALLBACK_CREATE "conversation:callback:create"
/** The supervisor role (CB-CANCEL). */
#define LCC_ROLE_SUPERVISOR "supervisor"

/** Longest id, name, permission or role accepted, in bytes. */
#define LCC_MAX_TEXT 1024

/**
 * Creates an agent.
 * @param[out] out  the new agent, owned by ctx.
 * @param id        unique id (UTF-8, 1..LCC_MAX_TEXT bytes), copied.
 * @param name      display name (UTF-8), copied.
 * @return LCC_OK; LCC_EEXISTS for a duplicate id; LCC_EINVAL / LCC_ERANGE for
 *         bad text; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_agent_new(lcc_agent **out, struct lcc_context *ctx, const char *id,
                                 const char *name);

/**
 * Frees an agent now (it stays a member id of queues, see lcc_queue_add_member).
 * NULL does nothing.
 * @since 0.1.0
 */
LCC_API void lcc_agent_free(lcc_agent *agent);

/**
 * The agent with this id, or NULL.  Borrowed.
 * @since 0.1.0
 */
LCC_API lcc_agent *lcc_context_find_agent(struct lcc_context *ctx, const char *id);

/** Id of the agent; NULL for an invalid handle. @since 0.1.0 */
LCC_API const char *lcc_agent_id(const lcc_agent *agent);
/** Display name of the agent; NULL for an invalid handle. @since 0.1.0 */
LCC_API const char *lcc_agent_name(const lcc_agent *agent);

/**
 * Sets the agent's IANA time zone (NULL: none, which means UTC).  The name is
 * checked against the context's tz database now.
 * @return LCC_OK; LCC_EUNKNOWN_ZONE; LCC_EINVAL; LCC_EFORMAT; LCC_EIO;
 *         LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_agent_set_time_zone(lcc_agent *agent, const char *zone);

/** The agent's time zone, or NULL when none is set (UTC). @since 0.1.0 */
LCC_API const char *lcc_agent_time_zone(const lcc_agent *agent);

/**
 * Grants a Genesys-style permission "domain:entity:action" (each part
 * non-empty; "*" is a wildcard part, e.g. "conversation:callback:*").
 * Granting twice is harmless.
 * @return LCC_OK; LCC_EINVAL for a malformed string; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_agent_add_permission(lcc_agent *agent, const char *permission);

/** Revokes a permission exactly as granted.  @return LCC_OK, LCC_ENOTFOUND or LCC_EMISUSE. @since 0.1.0 */
LCC_API lcc_status lcc_agent_remove_permission(lcc_agent *agent, const char *permission);

/**
 * 1 when a granted permission covers `permission` (wildcards honoured), else
 * 0 (also for invalid arguments).
 * @since 0.1.0
 */
LCC_API int lcc_agent_has_permission(const lcc_agent *agent, const char *permission);

/** Adds a role (e.g. LCC_ROLE_SUPERVISOR).  @return LCC_OK, LCC_EINVAL, LCC_ENOMEM or LCC_EMISUSE. @since 0.1.0 */
LCC_API lcc_status lcc_agent_add_role(lcc_agent *agent, const char *role);

/** Removes a role.  @return LCC_OK, LCC_ENOTFOUND or LCC_EMISUSE. @since 0.1.0 */
LCC_API lcc_status lcc_agent_remove_role(lcc_agent *agent, const char *role);

/** 1 when the agent has the role, else 0. @since 0.1.0 */
LCC_API int lcc_agent_has_role(const lcc_agent *agent, const char *role);

/**
 * Number of queues of the context that list this agent as a member.
 * @since 0.1.0
 */
LCC_API size_t lcc_agent_queue_count(const lcc_agent *agent);

/**
 * Id of the i-th queue (in creation order) listing this agent as a member;
 * borrowed; NULL when out of range.
 * @since 0.1.0
 */
LCC_API const char *lcc_agent_queue_id(const lcc_agent *agent, size_t i);

/** The bit of channel `c` (an lcc_channel, contactcore/text.h) in a channel set. */
#define LCC_CHANNEL_BIT(c) (UINT32_C(1) << (unsigned)(c))

/**
 * What the agent's license and multimedia profile allow for agent-initiated
 * outbound SMS and email (size-versioned: start from LCC_AGENT_PROFILE_INIT).
 * A new agent has none of it: no digital license, no channels.
 */
typedef struct lcc_agent_profile {
    size_t size;            /**< sizeof(lcc_agent_profile) as compiled by the caller. */
    int digital_license;    /**< OB-LICENSE: a premium agent license with digital channels. */
    uint32_t media;         /**< OB-PROFILE: channels the multimedia profile handles
                             *   (LCC_CHANNEL_BIT of each). */
    uint32_t auto_assigned; /**< OB-AUTOASSIGN: channels assigned through auto-assigned
                             *   contacts; the others are assigned manually. */
} lcc_agent_profile;

/** Initialiser for lcc_agent_profile: no license, no channels. */
#define LCC_AGENT_PROFILE_INIT { sizeof(lcc_agent_profile), 0, 0, 0 }

/**
 * Sets the agent's license and multimedia profile (OB-LICENSE, OB-PROFILE,
 * OB-AUTOASSIGN), all fields at once; digital_license is stored as 0 or 1.
 * With a store it is written before the call returns.
 * @param profile  copied; profile->size must be one this library knows.
 * @return LCC_OK; LCC_EINVAL (a bit of a channel that does not exist; the
 *         agent is unchanged); LCC_EIO (the store refused it: the agent is
 *         unchanged); LCC_EMISUSE (NULL, an invalid agent, an unknown size).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_agent_set_profile(lcc_agent *agent, const lcc_agent_profile *profile);

/**
 * Reads the agent's license and multimedia profile.
 * @param out  with out->size set by the caller (LCC_AGENT_PROFILE_INIT); the
 *             fields are written into it.
 * @return LCC_OK; LCC_EMISUSE (NULL, an invalid agent, an unknown size).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_agent_get_profile(const lcc_agent *agent, lcc_agent_profile *out);

#ifdef __cplusplus
}
#endif
#endif /* LCC_AGENT_H */
