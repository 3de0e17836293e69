/**
 * @file contactcore/transfer.h
 * @brief Where a conversation can be transferred to: queues and agents with
 *        their current availability (OB-TRANSFER).
 *
 * Before lcc_message_transfer() the agent picks a queue or an agent; the
 * list comes from the backend (Webex Contact Center POST
 * /v1/agents/buddyList) with each agent's state and each queue's number of
 * available agents, as the agent's desktop shows it.  The list belongs to
 * the operation that fetched it (lcc_op_transfer_list()) and is freed with
 * it.  Thread rule: as for the context.
 *
 * @since 0.1.0
 */
#ifndef LCC_TRANSFER_H
#define LCC_TRANSFER_H

#include "contactcore/common.h"
#include "contactcore/message.h"
#include "contactcore/text.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;
struct lcc_op;

/** Opaque list of transfer targets. */
typedef struct lcc_transfer_list lcc_transfer_list;

/**
 * Asks the backend for the transfer targets of a conversation on `channel`
 * (SMS or email): POST /v1/agents/buddyList {"agentProfileId",
 * "mediaType": "sms" | "email", "state"}.  The answer lists the agents
 * whose multimedia profile handles the channel (not the caller) and every
 * queue.  The embedded engine answers 200 with the list at once
 * ({"data": {"agents": [{"agentId", "agentName", "state"}], "queues":
 * [{"queueId", "queueName", "availableAgents"}]}}); an answer without that
 * body (Webex's 202, whose list arrives as a notification) gives an empty
 * list.
 * @param agent_profile_id  the caller's agent profile id, 1..36 characters.
 * @param state             NULL (agents in any state), or "Available" or
 *                          "Idle" (only those).
 * @param[out] op           the pending operation (kind LCC_OP_TRANSFER_LIST).
 * @return LCC_OK with *op set; LCC_EINVAL (channel not SMS or email, bad
 *         profile id or state); LCC_ESTATE (no backend); LCC_ENOMEM;
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_transfer_list_fetch(struct lcc_op **op, struct lcc_context *ctx,
                                           const char *agent_profile_id, lcc_channel channel,
                                           const char *state);

/**
 * The list an LCC_OP_TRANSFER_LIST operation received, once it finished
 * with LCC_OK; else NULL.  Borrowed: valid until lcc_op_free().
 * @since 0.1.0
 */
LCC_API const lcc_transfer_list *lcc_op_transfer_list(const struct lcc_op *op);

/** The number of targets: the agents first, in the backend's order, then the queues.  @since 0.1.0 */
LCC_API size_t lcc_transfer_list_count(const lcc_transfer_list *list);
/** Target i's kind (LCC_TRANSFER_AGENT or LCC_TRANSFER_QUEUE; LCC_TRANSFER_QUEUE out of range).  @since 0.1.0 */
LCC_API lcc_transfer_to lcc_transfer_list_kind(const lcc_transfer_list *list, size_t i);
/** Target i's id (to pass to lcc_message_transfer()), or NULL out of range.  @since 0.1.0 */
LCC_API const char *lcc_transfer_list_id(const lcc_transfer_list *list, size_t i);
/** Target i's name as the backend gave it ("" when it gave none), or NULL out of range.  @since 0.1.0 */
LCC_API const char *lcc_transfer_list_name(const lcc_transfer_list *list, size_t i);
/** An agent's state ("Available", "Idle", "RONA", "Engaged", ...); NULL for a queue or out of range.  @since 0.1.0 */
LCC_API const char *lcc_transfer_list_state(const lcc_transfer_list *list, size_t i);
/**
 * Availability: for an agent 1 when their state is "Available", else 0;
 * for a queue the number of its agents available for routing.  0 out of
 * range.
 * @since 0.1.0
 */
LCC_API long lcc_transfer_list_available(const lcc_transfer_list *list, size_t i);

#ifdef __cplusplus
}
#endif
#endif /* LCC_TRANSFER_H */
