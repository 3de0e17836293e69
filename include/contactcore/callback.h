/**
 * @file contactcore/callback.h
 * @brief Callback drafts and scheduled callbacks (rules CB-*).
 *
 * The flow: an agent who has just handled a conversation asks for a draft
 * (lcc_callback_draft_new), changes what they want with the setters,
 * validates (lcc_callback_draft_validate) to see every problem at once, each
 * next to its field, and commits (lcc_callback_draft_commit) to record the
 * callback in the context.
 *
 * Setters refuse only input that cannot be represented (NULL where a value is
 * needed, invalid UTF-8, an impossible date such as Feb 30 or a time such as
 * 24:00): they return an error and leave the draft unchanged.  Everything
 * else, including unknown zones and bad numbers, is stored and judged by
 * validation, so that all problems are reported together.
 *
 * Report fields, in report order: "conversation", "agent", "date", "time",
 * "time_zone", "number", "queue", "route_to_me", "take_ownership",
 * "caller_id", "caller_id_name".
 *
 * Defaults (evaluated against the context clock whenever they are read):
 * - CB-TIME-DEFAULT / CB-DATE-DEFAULT: with neither date nor time set, the
 *   callback is at now + 30 minutes, shown in the effective zone (so just
 *   before midnight the default date is tomorrow: "today" would lie in the
 *   past).  With only the time set, the date is today in the effective zone;
 *   with only the date set, the time is the time of day of now + 30 minutes.
 * - The effective zone is the callee's zone when set (CB-TZ), else the
 *   agent's zone, else UTC.
 * - CB-NUMBER-DEFAULT: the number is the conversation's ANI until set.
 * - CB-QUEUE: the queue is the one that received the conversation until set.
 *
 * Thread rule: as for the context.  Drafts belong to the context and are
 * freed with it unless lcc_callback_draft_free() is called first.
 */
#ifndef LCC_CALLBACK_H
#define LCC_CALLBACK_H

#include "contactcore/common.h"
#include "contactcore/report.h"
#include "contactcore/tz.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;
struct lcc_conversation;
struct lcc_agent;
struct lcc_op;

/** Opaque callback draft. */
typedef struct lcc_callback_draft lcc_callback_draft;
/** Opaque scheduled callback, owned by its context. */
typedef struct lcc_callback lcc_callback;

/** State of a callback.  Values are stable. */
typedef enum lcc_callback_state {
    LCC_CALLBACK_SCHEDULED = 0, /**< Waiting for its time. */
    LCC_CALLBACK_CANCELLED = 1, /**< Cancelled (still counts for CB-SINGLE). */
    LCC_CALLBACK_REJECTED = 2   /**< The backend refused to create it, or the host
                                     withdrew it (lcc_callback_withdraw()); the
                                     conversation is free for a new draft. */
} lcc_callback_state;

/** Where a callback stands with the backend.  Values are stable. */
typedef enum lcc_callback_sync {
    LCC_SYNC_LOCAL = 0,    /**< Never submitted. */
    LCC_SYNC_PENDING = 1,  /**< An operation on it is in flight. */
    LCC_SYNC_SYNCED = 2,   /**< The backend has it; lcc_callback_remote_id() is set. */
    LCC_SYNC_FAILED = 3,   /**< The last creation attempt failed without reaching
                                the backend; lcc_callback_submit() may retry. */
    LCC_SYNC_UNKNOWN = 4   /**< The creation request may have reached the backend;
                                see lcc_callback_submit() and lcc_callback_set_remote_id(). */
} lcc_callback_sync;

/** lcc_callback_submit() flag: the host checked that an earlier submission
 *  with an unknown outcome did not create the callback; submit again. */
#define LCC_SUBMIT_AFTER_UNKNOWN 1u

/** lcc_callback_scheduled_ms() value of an immediate ("as soon as possible") callback. */
#define LCC_CALLBACK_ASAP INT64_MIN

/** Default delay of a new draft (CB-TIME-DEFAULT): 30 minutes in ms. */
#define LCC_CALLBACK_DEFAULT_DELAY_MS (30LL * 60 * 1000)

/**
 * Starts a draft for a callback to the caller of `conversation`, scheduled by
 * `agent`.  Both must belong to ctx.  Rules are checked by validation, not
 * here, so a draft can be made for any conversation.
 * @return LCC_OK; LCC_ENOMEM; LCC_EMISUSE (NULL, invalid or foreign handles).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_new(lcc_callback_draft **out, struct lcc_context *ctx,
                                          const struct lcc_conversation *conversation,
                                          const struct lcc_agent *agent);

/** Frees a draft; NULL does nothing. @since 0.1.0 */
LCC_API void lcc_callback_draft_free(lcc_callback_draft *draft);

/**
 * Sets the local date (interpreted in the effective zone).
 * @return LCC_OK; LCC_EINVAL for an impossible date (year 1..9999);
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_date(lcc_callback_draft *draft, int year, int month,
                                               int day);

/**
 * Sets the local time of day (0..23, 0..59).
 * @return LCC_OK; LCC_EINVAL for an impossible time; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_time(lcc_callback_draft *draft, int hour, int minute);

/**
 * Makes the callback immediate ("as soon as possible", no scheduled time;
 * CB-PAST) when `immediate` is non-zero, or scheduled again when 0.
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_immediate(lcc_callback_draft *draft, int immediate);

/**
 * Sets the callee's IANA time zone (CB-TZ), or clears it with NULL.  An
 * unknown name is reported by validation.
 * @return LCC_OK; LCC_EINVAL (not UTF-8); LCC_ERANGE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_time_zone(lcc_callback_draft *draft, const char *zone);

/**
 * Chooses how a skipped or repeated local time is resolved (CB-TZ-GAP,
 * CB-TZ-FOLD).  Default LCC_DISAMBIGUATE_COMPATIBLE (shift forward / earlier,
 * with a warning); LCC_DISAMBIGUATE_REJECT is the strict policy (an error
 * that names the nearest valid time); EARLIER / LATER pick explicitly (a
 * fold then gives no warning; a gap still warns, since the time moved).
 * @return LCC_OK; LCC_EINVAL for an unknown value; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_disambiguation(lcc_callback_draft *draft,
                                                         lcc_disambiguation how);

/**
 * Sets the number to call (CB-NUMBER), replacing the ANI default.
 * @param number           UTF-8 text; normalised and judged by validation.
 * @param default_country  ISO 3166 alpha-2 code for national input, or NULL.
 * @return LCC_OK; LCC_EINVAL (not UTF-8); LCC_ERANGE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_number(lcc_callback_draft *draft, const char *number,
                                                 const char *default_country);

/**
 * Chooses the callback's queue by id (CB-QUEUE); NULL goes back to the queue
 * that received the conversation.
 * @return LCC_OK; LCC_EINVAL; LCC_ERANGE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_queue(lcc_callback_draft *draft, const char *queue_id);

/**
 * "Route the callback to me if possible" (CB-ROUTE-ME).  Default 0.
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_route_to_me(lcc_callback_draft *draft, int route_to_me);

/**
 * "Take ownership" of the callback (CB-OWN, CB-OWN-HORIZON).  Default 0.
 * @return LCC_OK or LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_take_ownership(lcc_callback_draft *draft, int take);

/**
 * Sets the caller ID shown to the callee (CB-CALLERID): a number judged like
 * CB-NUMBER (must normalise to E.164), and a display name; NULL clears each.
 * @return LCC_OK; LCC_EINVAL; LCC_ERANGE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_caller_id(lcc_callback_draft *draft, const char *number,
                                                    const char *name);

/**
 * Sets the callee's name (Genesys callbackUserName); NULL clears.
 * @return LCC_OK; LCC_EINVAL; LCC_ERANGE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_callee_name(lcc_callback_draft *draft, const char *name);

/**
 * Sets (or with value NULL removes) an entry of the callback's string data map.
 * @return LCC_OK; LCC_EINVAL (empty key, not UTF-8); LCC_ERANGE; LCC_ENOMEM;
 *         LCC_ENOTFOUND when removing a missing key; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_set_data(lcc_callback_draft *draft, const char *key,
                                               const char *value);

/**
 * The effective local date and time (set values or defaults) in the effective
 * zone; any out-pointer may be NULL.  For an immediate draft, the current
 * local time.
 * @return LCC_OK; LCC_EUNKNOWN_ZONE etc. when the effective zone cannot be
 *         loaded; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_local_time(const lcc_callback_draft *draft, int *year,
                                                 int *month, int *day, int *hour, int *minute);

/**
 * The effective zone name: the callee's zone, else the agent's, else "UTC".
 * Borrowed; valid until the draft (or the agent) changes.
 * @since 0.1.0
 */
LCC_API const char *lcc_callback_draft_time_zone(const lcc_callback_draft *draft);

/**
 * The number as entered, or the conversation's ANI while none is set
 * (CB-NUMBER-DEFAULT); NULL when neither exists.  Borrowed.
 * @since 0.1.0
 */
LCC_API const char *lcc_callback_draft_number(const lcc_callback_draft *draft);

/**
 * The queue id the callback would go to (chosen or original); NULL when none.
 * Borrowed.
 * @since 0.1.0
 */
LCC_API const char *lcc_callback_draft_queue_id(const lcc_callback_draft *draft);

/**
 * Checks the draft against every rule and collects all problems.  CB-SINGLE
 * counts the context's callbacks and, when the context has an engine
 * (contactcore/engine.h), the engine's callbacks from that conversation
 * (those it brought back from its store included).
 * @param[out] report  receives a new report (also when it holds only
 *                     warnings); free it with lcc_report_free().  Untouched on
 *                     LCC_ENOMEM / LCC_EMISUSE.
 * @return LCC_OK when the report has no errors; LCC_EVALIDATION when it has
 *         (lcc_context_errmsg() then holds the first error's sentence);
 *         LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_validate(lcc_report **report, lcc_callback_draft *draft);

/**
 * Validates and, when there is no error, records the callback in the context
 * (state LCC_CALLBACK_SCHEDULED, with its UTC instant).  After a successful
 * commit the draft is spent: committing it again reports CB-SINGLE.
 * @param[out] callback  the new callback, owned by the context; may be NULL.
 * @param[out] report    the validation report, or NULL not to receive it.
 * @return LCC_OK; LCC_EVALIDATION (nothing recorded); LCC_ENOMEM (nothing
 *         recorded); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_draft_commit(lcc_callback **callback, lcc_report **report,
                                             lcc_callback_draft *draft);

/**
 * Cancels a scheduled callback on behalf of agent `by` (CB-CANCEL): a
 * supervisor (role LCC_ROLE_SUPERVISOR) may cancel any callback, an agent
 * only one they scheduled or own.  A cancelled callback still counts for
 * CB-SINGLE.
 * @param[out] report  the report (CB-CANCEL entries on refusal), or NULL.
 * @return LCC_OK (state LCC_CALLBACK_CANCELLED); LCC_EVALIDATION (not
 *         allowed, or no longer scheduled); LCC_ENOMEM; LCC_EMISUSE (invalid
 *         handles or an agent of another context).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_cancel(lcc_report **report, lcc_callback *callback,
                                       const struct lcc_agent *by);

/**
 * Moves a scheduled callback to another instant on behalf of agent `by`
 * (CB-RESCHEDULE): who may is as for lcc_callback_cancel(), and the new time
 * obeys CB-PAST, CB-HORIZON and, for an owned callback, CB-OWN-HORIZON with
 * its queue's current limit.  Nothing changes on refusal.
 * @param new_ms   the new instant, ms since the epoch, UTC.
 * @param[out] report  the report, or NULL.
 * @return LCC_OK; LCC_EVALIDATION; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_reschedule(lcc_report **report, lcc_callback *callback,
                                           const struct lcc_agent *by, int64_t new_ms);

/** The callback with this id, or NULL. @since 0.1.0 */
LCC_API lcc_callback *lcc_context_find_callback(struct lcc_context *ctx, const char *id);

/**
 * The callback scheduled for conversation `conversation_id` (CB-SINGLE), or
 * NULL.
 * @since 0.1.0
 */
LCC_API lcc_callback *lcc_context_find_callback_for_conversation(struct lcc_context *ctx,
                                                                 const char *conversation_id);

/** Context-unique id of the callback ("cb-1", ...); NULL if invalid. @since 0.1.0 */
LCC_API const char *lcc_callback_id(const lcc_callback *callback);
/** Id of the conversation it was scheduled from. @since 0.1.0 */
LCC_API const char *lcc_callback_conversation_id(const lcc_callback *callback);
/** Id of the agent who scheduled it. @since 0.1.0 */
LCC_API const char *lcc_callback_agent_id(const lcc_callback *callback);
/** Id of its queue (CB-QUEUE, CB-DISPATCH). @since 0.1.0 */
LCC_API const char *lcc_callback_queue_id(const lcc_callback *callback);
/** Id of the owning agent (CB-OWN), or NULL when not owned. @since 0.1.0 */
LCC_API const char *lcc_callback_owner_id(const lcc_callback *callback);
/** Id of the preferred agent (CB-ROUTE-ME), or NULL. @since 0.1.0 */
LCC_API const char *lcc_callback_preferred_agent_id(const lcc_callback *callback);
/** The number to call in E.164. @since 0.1.0 */
LCC_API const char *lcc_callback_number(const lcc_callback *callback);
/** Its extension, or "" when none. @since 0.1.0 */
LCC_API const char *lcc_callback_extension(const lcc_callback *callback);
/** The scheduled instant (ms since the epoch), or LCC_CALLBACK_ASAP; 0 if invalid. @since 0.1.0 */
LCC_API int64_t lcc_callback_scheduled_ms(const lcc_callback *callback);
/** The callee's zone as entered, or NULL. @since 0.1.0 */
LCC_API const char *lcc_callback_time_zone(const lcc_callback *callback);
/** Caller ID in E.164, or NULL. @since 0.1.0 */
LCC_API const char *lcc_callback_caller_id(const lcc_callback *callback);
/** Caller ID name, or NULL. @since 0.1.0 */
LCC_API const char *lcc_callback_caller_id_name(const lcc_callback *callback);
/** Callee name, or NULL. @since 0.1.0 */
LCC_API const char *lcc_callback_callee_name(const lcc_callback *callback);
/** Number of data entries. @since 0.1.0 */
LCC_API size_t lcc_callback_data_count(const lcc_callback *callback);
/** Key of data entry i (sorted by key); NULL when out of range. @since 0.1.0 */
LCC_API const char *lcc_callback_data_key(const lcc_callback *callback, size_t i);
/** Value of data entry i; NULL when out of range. @since 0.1.0 */
LCC_API const char *lcc_callback_data_value(const lcc_callback *callback, size_t i);
/** Value for a key, or NULL. @since 0.1.0 */
LCC_API const char *lcc_callback_data_get(const lcc_callback *callback, const char *key);
/** Its state. @since 0.1.0 */
LCC_API lcc_callback_state lcc_callback_get_state(const lcc_callback *callback);

/** Where it stands with the backend. @since 0.1.0 */
LCC_API lcc_callback_sync lcc_callback_get_sync(const lcc_callback *callback);
/** The backend's conversation id of the callback, or NULL before it was
 *  created there. @since 0.1.0 */
LCC_API const char *lcc_callback_remote_id(const lcc_callback *callback);
/**
 * The backend's callback identifier of a type ("EXTERNAL", "ACD", as the
 * backend named them; ASCII case-insensitive), or NULL.  Borrowed.
 * @since 0.1.0
 */
LCC_API const char *lcc_callback_remote_callback_id(const lcc_callback *callback,
                                                    const char *type);

/**
 * Creates the committed callback on the backend
 * (POST /api/v2/conversations/callbacks with a CreateCallbackCommand).
 * On success the callback becomes LCC_SYNC_SYNCED with its remote ids and
 * an LCC_EVENT_CALLBACK_CREATED event is queued.  When the backend refuses
 * it (its error codes are in lcc_op_report(), mapped to our rule ids where
 * they have one) the callback becomes LCC_CALLBACK_REJECTED and frees its
 * conversation for a new draft.  A failure that did not reach the backend
 * leaves it LCC_SYNC_FAILED (submit again, or lcc_callback_withdraw() it to
 * commit a corrected request); LCC_EUNKNOWN_OUTCOME leaves it
 * LCC_SYNC_UNKNOWN: it may exist on the backend, so a new submission is
 * refused unless `flags` has LCC_SUBMIT_AFTER_UNKNOWN.
 *
 * @param[out] op  the pending operation (free with lcc_op_free())
 * @param flags    0 or LCC_SUBMIT_AFTER_UNKNOWN
 * @return LCC_OK with *op set; otherwise *op is NULL and nothing was sent:
 *         LCC_ESTATE (already synced, pending, cancelled, or unknown
 *         outcome without the flag; no backend configured; no transport),
 *         LCC_ENOMEM, LCC_EMISUSE, or the transport's refusal.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_submit(struct lcc_op **op, lcc_callback *callback,
                                       unsigned flags);

/**
 * Gives up a committed callback the backend does not have: never submitted
 * (LCC_SYNC_LOCAL) or whose submission failed before reaching the backend
 * (LCC_SYNC_FAILED: refused by the transport, connection refused, 429 or
 * 503 to the last attempt, 500).  It becomes LCC_CALLBACK_REJECTED and its
 * conversation is free for a new draft (CB-SINGLE), so that a host can
 * commit the agent's corrected request instead of submitting the old one
 * again.  Nothing is sent and no event is queued; the handle stays valid
 * until the context is freed.  Allocates nothing.
 * @return LCC_OK; LCC_ESTATE (an operation in flight, already on the
 *         backend or maybe there (LCC_SYNC_SYNCED, LCC_SYNC_UNKNOWN: cancel
 *         it there instead, or reconcile), cancelled or rejected);
 *         LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_withdraw(lcc_callback *callback);

/**
 * Records the backend's conversation id of a callback whose creation had an
 * unknown outcome, once the host found it there (LCC_SYNC_UNKNOWN ->
 * LCC_SYNC_SYNCED).
 * @return LCC_OK; LCC_ESTATE when the callback is not LCC_SYNC_UNKNOWN;
 *         LCC_EINVAL; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_set_remote_id(lcc_callback *callback, const char *conversation_id);

/**
 * Reschedules a synced callback on the backend (PATCH
 * /api/v2/conversations/callbacks with a PatchCallbackRequest naming `by`).
 * The CB-RESCHEDULE rules are checked first, as lcc_callback_reschedule()
 * does; the local handle changes only when the backend confirms.
 * @param[out] report  the local rule report on LCC_EVALIDATION, or NULL
 * @return LCC_OK with *op set; LCC_EVALIDATION; LCC_ESTATE (not synced, or
 *         an operation pending on it); LCC_EINVAL (an id the backend sent is
 *         not UTF-8, so no body can be written); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_reschedule_remote(struct lcc_op **op, lcc_report **report,
                                                  lcc_callback *callback,
                                                  const struct lcc_agent *by, int64_t new_ms);

/**
 * Cancels a synced callback on the backend (PATCH
 * /api/v2/conversations/callbacks/{id} with {"state":"disconnected"}), after
 * the CB-CANCEL checks.  The handle becomes LCC_CALLBACK_CANCELLED when the
 * backend confirms.
 * @return as lcc_callback_reschedule_remote().
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_cancel_remote(struct lcc_op **op, lcc_report **report,
                                              lcc_callback *callback,
                                              const struct lcc_agent *by);

/**
 * Cancels several synced callbacks in one request (POST
 * /api/v2/conversations/callbacks/bulk/disconnect), after the CB-CANCEL
 * checks for each; every callback becomes LCC_CALLBACK_CANCELLED when the
 * backend confirms.
 * @param n  1 .. 100 callbacks of the same context, each synced and idle
 * @param[out] report  on LCC_EVALIDATION, the report of the first callback
 *                     refused; otherwise NULL.  May be NULL.
 * @return as lcc_callback_reschedule_remote(); LCC_ERANGE for n.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_cancel_remote_bulk(struct lcc_op **op, lcc_report **report,
                                                   lcc_callback *const *callbacks, size_t n,
                                                   const struct lcc_agent *by);

/**
 * Reads a synced callback back from the backend (GET
 * /api/v2/conversations/callbacks/{id}) and updates the handle: scheduled
 * time, queue, and cancellation (LCC_EVENT_CALLBACK_UPDATED /
 * LCC_EVENT_CALLBACK_CANCELLED when they changed).
 * @return LCC_OK with *op set; LCC_ESTATE; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_callback_fetch(struct lcc_op **op, lcc_callback *callback);

#ifdef __cplusplus
}
#endif
#endif /* LCC_CALLBACK_H */
