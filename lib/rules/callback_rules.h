/* CB-* rules as one pure function: facts in, report entries out.
 *
 * The caller (the client-side draft, later the engine) resolves everything
 * that needs I/O or state first (zone lookups, number parsing, queue and
 * agent lookups, the clock) and passes the outcome here.  Entries come out in
 * the order of the form's fields, documented in contactcore/callback.h. */
#ifndef LCC_RULES_CALLBACK_RULES_H
#define LCC_RULES_CALLBACK_RULES_H

#include "contactcore/callback.h"
#include "contactcore/conversation.h"
#include "core/report.h"
#include "time/civil.h"

typedef struct lcc__cb_facts {
    int64_t now_ms;
    int64_t horizon_ms;

    /* Who and from what. */
    const char *agent_id;
    int agent_exists;
    int has_permission;          /* CB-PERM */
    int no_conversation;         /* created through the API, or from an IVR call: CB-ELIGIBLE does not apply */
    int conversation_exists;
    lcc_media_type media;        /* CB-ELIGIBLE */
    int acd;
    int already_scheduled;       /* CB-SINGLE (also without a conversation: an IVR call's id) */

    /* When.  With `immediate` the rest of this block is ignored. */
    int immediate;
    const char *zone;            /* the effective zone */
    int zone_is_callee;          /* zone came from the draft (CB-TZ) */
    lcc_status zone_status;      /* LCC_OK, or why the zone could not be used */
    const char *zone_error;
    lcc__civil entered;          /* what the draft asks for */
    lcc_disambiguation how;
    unsigned tz_flags;           /* LCC_TZ_IN_GAP / LCC_TZ_IN_FOLD */
    lcc__civil resolved;         /* local rendering of scheduled_ms */
    lcc__civil first_valid;      /* gap: first valid local time after it */
    int32_t fold_offsets[2];     /* fold: UTC offsets of the earlier and later instants */
    int64_t scheduled_ms;        /* valid when zone_status == LCC_OK */

    /* The number to call (CB-NUMBER, CB-NUMBER-DEFAULT). */
    int has_number;
    lcc_status number_status;
    const char *number_error;

    /* Where (CB-QUEUE, CB-ROUTE-ME, CB-OWN, CB-OWN-HORIZON). */
    const char *original_queue_id;
    int original_allows_choice;
    const char *chosen_queue_id; /* NULL: not chosen */
    const char *target_queue_id; /* chosen or original; NULL when neither */
    int target_queue_exists;
    int agent_in_target;
    int route_to_me;
    int take_ownership;
    int owned_enabled;
    int32_t owned_limit_h;

    /* CB-CALLERID. */
    int has_caller_id;
    lcc_status caller_id_status;
    const char *caller_id_error;
} lcc__cb_facts;

/* Appends an entry for every rule the facts break (and the warnings). */
void lcc__rules_callback(lcc_report *r, const lcc__cb_facts *f);

/* CB-PAST, CB-HORIZON and CB-OWN-HORIZON for an instant alone: uses now_ms,
 * horizon_ms, scheduled_ms, resolved, zone, take_ownership, owned_enabled,
 * owned_limit_h and target_queue_id of f (for CB-RESCHEDULE). */
void lcc__rules_callback_instant(lcc_report *r, const lcc__cb_facts *f);

/* Who may change a scheduled callback (CB-CANCEL, CB-RESCHEDULE): a
 * supervisor, or the agent who scheduled or owns it; and only while it is
 * scheduled. */
typedef struct lcc__cb_change {
    const char *rule;   /* "CB-CANCEL" or "CB-RESCHEDULE" */
    const char *verb;   /* "cancel" or "reschedule" */
    const char *actor_id;
    int actor_is_supervisor;
    int actor_is_scheduler_or_owner;
    int scheduled;      /* still in state scheduled */
} lcc__cb_change;
void lcc__rules_callback_change(lcc_report *r, const lcc__cb_change *c);

#endif
