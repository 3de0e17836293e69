/**
 * @file contactcore/ivr.h
 * @brief IVR scripts that offer callbacks (LiveAgent-style): parse, check,
 *        explain and run them.
 *
 * A script is a YAML document, or the same structure as JSON: a map from
 * section names to lists of commands.
 *
 * @code{.yaml}
 * online:
 *   - play: https://example.com/welcome.mp3
 *   - choice:
 *       1:
 *         name: Support
 *         play: https://example.com/press-1.mp3
 *         do:
 *           - ring
 *       2:
 *         name: Request callback
 *         play: https://example.com/press-2.mp3
 *         do:
 *           - callback
 * offline:
 *   - play: https://example.com/leave-a-voicemail.mp3
 *   - voicemail
 * queue:
 *   - play: https://example.com/next-in-queue.mp3
 * @endcode
 *
 * Rules (ids of the rule catalogue, in every report entry):
 *  - IVR-SECTIONS: `online`, `offline` and `queue` are required; other
 *    sections are `goto` targets.  A section is a list of commands (`[]`
 *    for none).  A section name is 1..64 bytes of text.
 *  - IVR-COMMANDS: a command is `ring`, `callback`, `voicemail` (plain
 *    words), or a map with one key: `play: <url>` (an http or https URL,
 *    at most 2048 bytes), `goto: <section>`, or `choice: {<key>: option}`.
 *    A key is one DTMF key `0`-`9`, `*` or `#` (quote `*` and `#` in YAML,
 *    where they start an alias and a comment).  An option is a map with an
 *    optional `name` (text, at most 256 bytes), an optional `play` (a URL)
 *    and exactly one of `do: [commands]` or `goto: <section>`.  Anything
 *    else (an unknown command or key, a missing or doubled part, a value of
 *    the wrong kind) is an entry at its line and column.
 *  - IVR-GOTO: every `goto` names an existing section, and no `goto` leads
 *    into a loop that can never reach a terminating command (`ring`,
 *    `callback`, `voicemail`, or the end of a section, which hangs up).
 *  - IVR-CB-OFFLINE: `callback` is not used in `offline`, nor in any
 *    section or option a `goto` reached from `offline` leads to.
 *  - IVR-SYNTAX (not in the vendor's rules; ours): the document itself is
 *    not acceptable: not YAML or JSON, not UTF-8, a tab in indentation, a
 *    duplicate key, an anchor, alias, tag or second document, nesting
 *    deeper than LCC_IVR_MAX_DEPTH, more than LCC_IVR_MAX_NODES values, or
 *    more than LCC_IVR_MAX_BYTES bytes.  Anchors and aliases are refused
 *    rather than expanded, so a small file cannot become a huge script.
 * Warnings (severity LCC_SEVERITY_WARNING): a section no `goto` from
 * `online`, `offline` or `queue` reaches.
 *
 * Every entry has the line and column (1-based, in bytes, of the value or
 * key at fault: lcc_report_line(), lcc_report_column()) and a field that
 * is its path in the script, e.g. "queue[1].choice.2.goto".  Every problem
 * is found in one pass, and the entries are in the order of their place in
 * the script (line, then column); after LCC_IVR_MAX_ENTRIES entries one
 * more, last, says how many were left out.
 *
 * Running (IVR-SECTION-CHOICE, IVR-CALLBACK, IVR-OFFER).  A session is one
 * call.  The host steps it with what happened (lcc_ivr_input) and performs
 * the actions it returns, in order (lcc_ivr_action).  What runs when:
 *  - at the start, `online` when agents are online, else `offline`;
 *  - commands run in order; `goto` continues at the start of its section;
 *    at the end of an option's `do` list the command after the `choice`
 *    follows; the end of a section hangs up, except the `queue` section of
 *    a caller waiting in the queue, who goes on waiting;
 *  - `choice` plays each option's prompt in the script's order and waits
 *    for a key: an option's key runs it, another key plays the prompts
 *    again, a timeout goes on with the command after the `choice`;
 *  - `ring` rings the queue: the host answers LCC_IVR_INPUT_ANSWERED when
 *    an agent took the call (the session is over) or LCC_IVR_INPUT_ALL_BUSY
 *    when every agent is busy, and the caller then waits in the queue
 *    while `queue` runs; at its end the caller waits
 *    (LCC_IVR_ACTION_WAIT) until an agent answers, or until the host's
 *    LCC_IVR_INPUT_TIMEOUT runs `queue` again.  A `ring` while waiting in
 *    the queue keeps waiting;
 *  - `voicemail` takes a message and the call ends; `callback` ends the
 *    call and requests a callback to the caller's number on the session's
 *    queue (IVR-CALLBACK).
 * When the session's context has an engine (lcc_context_engine()), the
 * callback is filed there at once, as an immediate callback on the queue
 * for the caller's number by an API client.  Its origin is the call id
 * when one was given: one callback per call (CB-SINGLE; the call need not
 * be a conversation of the context).  The engine offers it to the next
 * available agent like any incoming interaction, and dials the customer only when the agent
 * accepts (IVR-OFFER: an LCC_EVENT_ENGINE_DIALING event with
 * lcc_event_number()); a declined or unanswered offer goes back to the
 * queue as engine.h says.  Without an engine the host files the request
 * itself (e.g. with contactcore/callback.h).
 *
 * Events.  Every action is also queued on the context as an
 * LCC_EVENT_IVR_ACTION event (lcc_event_ivr_action(), lcc_event_ivr_text(),
 * lcc_event_number() the caller, lcc_event_conversation_id() the call id,
 * lcc_event_queue_id(), lcc_event_time_ms()), so a host can log or show the
 * call's path.
 *
 * Thread rule: a script and its sessions belong to their context's thread.
 *
 * @since 0.1.0
 */
#ifndef LCC_IVR_H
#define LCC_IVR_H

#include "contactcore/common.h"
#include "contactcore/report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lcc_context;

/** A checked IVR script (immutable), owned by its context. */
typedef struct lcc_ivr lcc_ivr;

/** One call running through a script, owned by its context. */
typedef struct lcc_ivr_session lcc_ivr_session;

/** The largest script accepted, in bytes. */
#define LCC_IVR_MAX_BYTES (1024 * 1024)
/** The deepest nesting of lists and maps accepted (the top map is 1). */
#define LCC_IVR_MAX_DEPTH 32
/** The most values (scalars, lists and maps, keys included) accepted. */
#define LCC_IVR_MAX_NODES 100000
/** Entries a report keeps before the one that counts the rest. */
#define LCC_IVR_MAX_ENTRIES 100

/** The language of a script.  Values are stable. */
typedef enum lcc_ivr_format {
    LCC_IVR_FORMAT_AUTO = 0, /**< JSON when the first byte that is not white space
                                  is `{` or `[`, else YAML */
    LCC_IVR_FORMAT_YAML = 1,
    LCC_IVR_FORMAT_JSON = 2
} lcc_ivr_format;

/**
 * Parses and checks a script.
 *
 * @param[out] out     receives the script when it has no errors (warnings
 *                     allowed); else untouched.  Free with lcc_ivr_free(),
 *                     or leave it to the context.
 * @param[out] report  receives the report (also when empty), or NULL not
 *                     to receive it; free it with lcc_report_free().
 * @param ctx          its context (allocator, errmsg, events).
 * @param text         the document, `len` bytes (need not be NUL-terminated).
 * @param format       the language, or LCC_IVR_FORMAT_AUTO.
 * @return LCC_OK; LCC_EVALIDATION (the report holds the errors, the
 *         context's errmsg the first); LCC_ENOMEM (nothing is handed out);
 *         LCC_EINVAL (not a format); LCC_EMISUSE (NULL out, ctx, or text
 *         with len > 0).
 * @since 0.1.0
 */
LCC_API lcc_status lcc_ivr_parse(lcc_ivr **out, lcc_report **report, struct lcc_context *ctx,
                                 const char *text, size_t len, lcc_ivr_format format);

/**
 * Frees a script.  Sessions made from it keep working (they hold what they
 * need).  NULL does nothing.
 * @since 0.1.0
 */
LCC_API void lcc_ivr_free(lcc_ivr *ivr);

/** Number of sections; 0 for NULL. @since 0.1.0 */
LCC_API size_t lcc_ivr_section_count(const lcc_ivr *ivr);

/** Name of section `i` in the script's order (borrowed), or NULL when out
 *  of range. @since 0.1.0 */
LCC_API const char *lcc_ivr_section_name(const lcc_ivr *ivr, size_t i);

/**
 * Explains a script for a person: each section in the script's order, when
 * it runs, and each command as a sentence with its line, e.g.
 * "  3: choice: wait for a key (1, 2); no key: go on", options indented
 * under it.  English, UTF-8, lines ending in "\n".
 * @param[out] text  receives the text; free it with lcc_free().
 * @param[out] len   its length in bytes without the NUL, or NULL.
 * @return LCC_OK; LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_ivr_explain(char **text, size_t *len, const lcc_ivr *ivr);

/** What happened on the call.  Values are stable. */
typedef enum lcc_ivr_input {
    LCC_IVR_INPUT_AGENTS_ONLINE = 1,  /**< at the start: agents are online (runs `online`) */
    LCC_IVR_INPUT_AGENTS_OFFLINE = 2, /**< at the start: no agent is online (runs `offline`) */
    LCC_IVR_INPUT_ALL_BUSY = 3,       /**< after RING: every agent is busy (runs `queue`) */
    LCC_IVR_INPUT_ANSWERED = 4,       /**< after RING, or waiting in the queue: an agent took
                                           the call */
    LCC_IVR_INPUT_KEY = 5,            /**< a DTMF key during a choice */
    LCC_IVR_INPUT_TIMEOUT = 6,        /**< no key in time; or, waiting in the queue, run
                                           `queue` again */
    LCC_IVR_INPUT_HANGUP = 7          /**< the caller hung up */
} lcc_ivr_input;

/** What the session is waiting for.  Values are stable. */
typedef enum lcc_ivr_wait {
    LCC_IVR_WAIT_START = 0, /**< AGENTS_ONLINE or AGENTS_OFFLINE */
    LCC_IVR_WAIT_KEY = 1,   /**< KEY or TIMEOUT (and ANSWERED when waiting in the queue) */
    LCC_IVR_WAIT_RING = 2,  /**< ANSWERED or ALL_BUSY */
    LCC_IVR_WAIT_QUEUE = 3, /**< ANSWERED, or TIMEOUT to run `queue` again */
    LCC_IVR_WAIT_DONE = 4   /**< nothing: the session is over */
} lcc_ivr_wait;
/* HANGUP is accepted in every state but DONE. */

/** An action for the host, or a step of the call's path to log ("mark":
 *  nothing to do).  Values are stable. */
typedef enum lcc_ivr_action {
    LCC_IVR_ACTION_ENTER = 1,     /**< mark: a section starts (text: its name) */
    LCC_IVR_ACTION_PLAY = 2,      /**< play the URL (text) to the caller */
    LCC_IVR_ACTION_COLLECT = 3,   /**< wait for a DTMF key (text: the keys offered, e.g. "12") */
    LCC_IVR_ACTION_SELECT = 4,    /**< mark: a key chose an option (text: the key) */
    LCC_IVR_ACTION_RING = 5,      /**< ring the queue (text: its id) */
    LCC_IVR_ACTION_WAIT = 6,      /**< keep the caller waiting in the queue (text: its id) */
    LCC_IVR_ACTION_CONNECTED = 7, /**< mark: an agent took the call (text: the queue id) */
    LCC_IVR_ACTION_VOICEMAIL = 8, /**< take a voicemail for the queue (text: its id) */
    LCC_IVR_ACTION_CALLBACK = 9,  /**< a callback to the caller was requested (text: the
                                       caller's number; lcc_ivr_session_callback_id()) */
    LCC_IVR_ACTION_HANGUP = 10,   /**< end the call */
    LCC_IVR_ACTION_HUNG_UP = 11   /**< mark: the caller hung up */
} lcc_ivr_action;

/**
 * Starts a call through a script.
 * @param ivr       the script; the session keeps what it needs of it.
 * @param caller    the caller's number in E.164 (a "+" and 8..15 digits).
 * @param queue_id  the queue the call came in for (1..LCC_MAX_TEXT bytes of
 *                  text; with an engine, a queue of the context).
 * @param call_id   the call's id for events and CB-SINGLE (1..LCC_MAX_TEXT
 *                  bytes of text), or NULL.
 * @return LCC_OK with *out waiting for LCC_IVR_WAIT_START; LCC_EBADNUMBER
 *         (caller); LCC_EINVAL / LCC_ERANGE (ids); LCC_ENOTFOUND (the
 *         engine has no such queue); LCC_ENOMEM; LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_ivr_session_new(lcc_ivr_session **out, const lcc_ivr *ivr,
                                       const char *caller, const char *queue_id,
                                       const char *call_id);

/**
 * Steps the call with an input (`key` is the DTMF key for
 * LCC_IVR_INPUT_KEY: '0'-'9', '*' or '#'; ignored otherwise).  The actions
 * it produces replace the previous step's (lcc_ivr_session_action_count()).
 * @return LCC_OK; LCC_ESTATE (not an input the session waits for, see
 *         lcc_ivr_wait: nothing changes); LCC_EINVAL (not a key); LCC_ENOMEM
 *         or an engine's failure to file the callback (nothing changes: the
 *         same input may be given again); LCC_EMISUSE.
 * @since 0.1.0
 */
LCC_API lcc_status lcc_ivr_session_step(lcc_ivr_session *session, lcc_ivr_input input, char key);

/** What the session waits for; LCC_IVR_WAIT_DONE for NULL. @since 0.1.0 */
LCC_API lcc_ivr_wait lcc_ivr_session_wait(const lcc_ivr_session *session);

/** Number of actions of the last step. @since 0.1.0 */
LCC_API size_t lcc_ivr_session_action_count(const lcc_ivr_session *session);

/** Action `i` of the last step; 0 when out of range. @since 0.1.0 */
LCC_API lcc_ivr_action lcc_ivr_session_action(const lcc_ivr_session *session, size_t i);

/** Text of action `i` (see lcc_ivr_action; NULL for HANGUP and HUNG_UP, and
 *  out of range).  Borrowed until the next step. @since 0.1.0 */
LCC_API const char *lcc_ivr_session_action_text(const lcc_ivr_session *session, size_t i);

/** Script line of the command behind action `i` (0: none, e.g. WAIT at the
 *  end of `queue`). @since 0.1.0 */
LCC_API unsigned lcc_ivr_session_action_line(const lcc_ivr_session *session, size_t i);

/** The id of the callback the session filed in the engine, or NULL (none
 *  yet, or no engine).  Borrowed, valid while the session lives. @since 0.1.0 */
LCC_API const char *lcc_ivr_session_callback_id(const lcc_ivr_session *session);

/** Frees a session (nothing is done on the call's behalf).  NULL does
 *  nothing. @since 0.1.0 */
LCC_API void lcc_ivr_session_free(lcc_ivr_session *session);

#ifdef __cplusplus
}
#endif
#endif /* LCC_IVR_H */
