/* Internal layout of the embedded engine (contactcore/engine.h).
 *
 * Everything runs on the engine context's thread.  The directory (agents,
 * queues, their settings and members) is the context's lcc_agent / lcc_queue
 * objects, looked up by id whenever needed, so a host may change or free
 * them at any time.  The engine keeps per-agent routing state (eng_agent),
 * per-queue waiting lists (eng_queue), and the interactions it routes
 * (eng_item: ACD calls, callbacks and messaging conversations), each with
 * one timer on the context's timer heap: the due time of a scheduled
 * callback, the end of an owner's window, or the alert timeout of an offer.
 * A messaging conversation (messages.c) also has an eng_mconv with a second
 * timer, the end of its threading timeline, and its messages (eng_msg), each
 * with a timer for its next delivery step.  None of the messaging side is
 * in the store. */
#ifndef LCC_ENGINE_ENGINE_H
#define LCC_ENGINE_ENGINE_H

#include "contactcore/agent.h"
#include "contactcore/engine.h"
#include "contactcore/message.h"
#include "contactcore/operation.h"
#include "contactcore/queue.h"
#include "core/context.h"
#include "core/map.h"
#include "core/strlist.h"
#include "core/timers.h"
#include "rules/message_rules.h"
#include "rules/outbound_rules.h"

#define LCC__MAGIC_ENGINE 0x4c434365u /* "LCCe" */
#define LCC__MAGIC_CBLIST 0x4c43434cu /* "LCCL" */
#define ENG_ID_SIZE 37                /* a UUID and its NUL */
#define ENG_TOKEN_SIZE 33             /* 32 hex digits and the NUL */

typedef struct eng_item eng_item;

/* A doubly linked FIFO of items (queue waiting list, owner waiting list). */
typedef struct eng_fifo {
    eng_item *head, *tail;
} eng_fifo;

typedef struct eng_agent {
    char *id; /* first, as in eng_queue: both are made by engine.c's intern() */
    lcc_presence presence;
    lcc_routing_status routing;
    int64_t idle_since; /* when the agent last became available */
    eng_item *offer;    /* the item alerting them */
    eng_item *active;   /* the item they are connected to */
    eng_fifo owned;     /* owned callbacks due and waiting for them */
} eng_agent;

typedef struct eng_queue {
    char *id; /* first (see eng_agent) */
    eng_fifo waiting; /* items waiting for any member */
    uint64_t out_conversations, out_messages; /* OBQ-OFFQUEUE: credited to the queue */
} eng_queue;

enum eng_kind { ENG_CALL = 0, ENG_CALLBACK = 1, ENG_MESSAGE = 2 };

typedef struct eng_mconv eng_mconv;
typedef struct eng_msg eng_msg;

/* Where an item is linked: nowhere, a queue's waiting list, or its owner's. */
enum eng_place { ENG_NOWHERE = 0, ENG_IN_QUEUE = 1, ENG_WITH_OWNER = 2 };

struct eng_item {
    lcc__timer timer;
    char id[ENG_ID_SIZE];
    uint8_t kind, state, place; /* eng_kind, lcc_engine_state, eng_place */
    uint8_t owner_window_over;  /* the ownership window has expired */
    eng_queue *queue;
    eng_agent *scheduler, *owner, *preferred, *agent; /* agent: offered or connected */
    int64_t scheduled_ms; /* callbacks; the creation time for immediate ones */
    int64_t waiting_since;
    int64_t window_end_ms; /* owned: the end of the owner's window, once due */
    char *number;         /* callback: E.164 (+ ";ext=..."); call: the ANI */
    char *origin;         /* the conversation it was scheduled from, or NULL */
    char *caller_id, *caller_id_name, *callee_name;
    lcc__kv data;
    eng_mconv *mc;         /* ENG_MESSAGE: the messaging side; else NULL */
    eng_item *prev, *next; /* in a fifo */
};

/* The messaging side of an ENG_MESSAGE item.  Open until its threading
 * timeline runs out (closed: kept, read-only).  The item's state says who
 * has it: WAITING / OFFERED (an inbound one routed to a queue), CONNECTED
 * (assigned to it->agent), ENDED (open but unassigned, OBQ-TAKEOVER). */
struct eng_mconv {
    lcc__timer timer; /* the end of the threading timeline, armed while open */
    eng_item *it;
    lcc_channel channel; /* SMS or WhatsApp */
    uint8_t closed;
    /* The customer's address: E.164 for SMS and WhatsApp, an email address,
     * or a social handle; at most LCC__EMAIL_SIZE - 1 bytes. */
    char address[LCC__EMAIL_SIZE];
    char key[LCC__EMAIL_SIZE + 8]; /* in open_convs: "<channel>:<address>" */
    char customer_pid[ENG_ID_SIZE], agent_pid[ENG_ID_SIZE];
    char comm_id[ENG_ID_SIZE]; /* the agent's communication */
    eng_agent *agent;          /* the agent participant (last assigned), or NULL */
    int64_t last_ms;           /* the last activity: start, message, assignment */
    eng_msg *head, *tail;      /* messages, oldest first */
};

/* One message of a conversation.  Outbound ones move through their
 * delivery states on their timer (messages.c). */
struct eng_msg {
    lcc__timer timer;
    char id[ENG_ID_SIZE];
    eng_item *conv;
    eng_agent *sender; /* NULL: inbound, from the customer */
    char *text;
    int64_t ms;        /* when it was sent or received */
    uint8_t state;     /* lcc_delivery_state (inbound: LCC_DELIVERY_DELIVERED) */
    uint8_t fail;      /* the failure it meets at the sent step, or 0 */
    eng_msg *next;     /* in its conversation */
    eng_msg *pprev, *pnext; /* in the engine's list of pending messages */
};

struct lcc_engine {
    lcc__handle h;
    int32_t alert_timeout_ms;
    lcc__map items;   /* id -> eng_item */
    lcc__map origins; /* origin conversation id -> eng_item (CB-SINGLE; kept after cancel) */
    lcc__map agents;  /* id -> eng_agent */
    lcc__map queues;  /* id -> eng_queue */
    lcc__map tokens;  /* access token -> eng_agent */
    char client_token[ENG_TOKEN_SIZE]; /* the API clients' token, "" until issued */
    size_t n_items;
    uint64_t rng;
    struct eng_link *links; /* connected client transports */
    struct eng_store *store; /* NULL: memory only */
    int batches;             /* lcc_engine_begin() calls not yet committed */
    /* Messaging (messages.c). */
    lcc__map open_convs;     /* eng_mconv.key -> eng_item of the open conversation */
    lcc__map offline;        /* E.164 (owned key) -> itself: contacts set offline */
    eng_msg *pending_head, *pending_tail; /* PENDING messages, oldest first */
    int64_t threading_ms;    /* OBQ-THREADING */
    unsigned fail_count;     /* lcc_engine_fail_next_sends() */
    uint8_t fail_outcome;
    size_t n_mtimers;        /* conversations and outbound messages (timer room) */
};

/* ---- engine.c ---- */
lcc_context *lcc__eng_ctx(lcc_engine *e);
/* The agent's routing state, created on first use; NULL when out of memory
 * (recorded) or when the agent does not exist in the directory. */
eng_agent *lcc__eng_agent(lcc_engine *e, const char *id, lcc_status *st);
eng_queue *lcc__eng_queue(lcc_engine *e, const char *id, lcc_status *st);
/* The same without the directory check (restoring stored callbacks whose
 * agents or queues the host has not created again). */
eng_agent *lcc__eng_agent_any(lcc_engine *e, const char *id, lcc_status *st);
eng_queue *lcc__eng_queue_any(lcc_engine *e, const char *id, lcc_status *st);
/* Writes the row of a callback to the store (LCC_OK without a store). */
lcc_status lcc__eng_persist(lcc_engine *e, const eng_item *it);
/* A store savepoint around several writes (no-ops without a store);
 * lcc__eng_end keeps or undoes the writes.  See store.h. */
lcc_status lcc__eng_begin(lcc_engine *e);
lcc_status lcc__eng_end(lcc_engine *e, int keep);
/* A fresh UUID-shaped id. */
void lcc__eng_new_id(lcc_engine *e, char id[ENG_ID_SIZE]);
/* Queues an engine event about item/agent (either may be NULL). */
void lcc__eng_event(lcc_engine *e, lcc_event_type type, lcc_status status, const eng_item *it,
                    const eng_agent *a);
/* Issues a new access token of agent a into tok. */
lcc_status lcc__eng_token(char tok[ENG_TOKEN_SIZE], lcc_engine *e, eng_agent *a);
/* The token of API clients (issued on first use). */
const char *lcc__eng_client_token(lcc_engine *e);
/* A new item with id and kind, registered; NULL when out of memory. */
eng_item *lcc__eng_item_new(lcc_engine *e, enum eng_kind kind);
/* Unregisters and frees an item (unlinked and disarmed first). */
void lcc__eng_item_free(lcc_engine *e, eng_item *it);

/* ---- routing.c ---- */
/* 1 when the agent can be offered an interaction now. */
int lcc__eng_available(const eng_agent *a);
/* An item becomes ready for an agent (a call arrives, a callback falls due
 * or is returned): offer it, or put it on its waiting list. */
void lcc__eng_route(lcc_engine *e, eng_item *it);
/* The agent may have become available: give them the oldest interaction
 * waiting for them. */
void lcc__eng_agent_changed(lcc_engine *e, eng_agent *a);
/* Arms an item's timer (room is reserved when the item is created). */
void lcc__eng_arm(lcc_engine *e, eng_item *it, int64_t when);
void lcc__eng_disarm(lcc_engine *e, eng_item *it);
/* Takes the item off whatever waiting list or offer it is on. */
void lcc__eng_unlink(lcc_engine *e, eng_item *it);
/* The offer of `it` ends unanswered (LCC_OK: declined, LCC_ETIMEDOUT). */
void lcc__eng_decline(lcc_engine *e, eng_item *it, lcc_status status);
/* Ends a connected item (ENDED event); the agent it occupied becomes idle
 * and may be offered the next interaction.  A call's item is freed. */
void lcc__eng_end_item(lcc_engine *e, eng_item *it);
/* Sets an agent's routing status (event when it changes). */
void lcc__eng_set_routing(lcc_engine *e, eng_agent *a, lcc_routing_status s);
/* The item's timer fired. */
void lcc__eng_fire(lcc__timer *t, lcc_context *ctx);

/* ---- callbacks.c ---- */
/* What a create request asks for (borrowed strings). */
typedef struct eng_create {
    const char *queue_id, *owner_id, *preferred_id, *origin;
    const char *number, *caller_id, *caller_id_name, *callee_name;
    int immediate;
    int64_t scheduled_ms;
    const lcc__kv *data;
} eng_create;
/* Schedules a callback for `by` (NULL: an API client without a user).
 * Rule failures go to r; returns LCC_OK with *out set, LCC_EVALIDATION, or
 * LCC_ENOMEM. */
lcc_status lcc__eng_schedule(eng_item **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                             const eng_create *c);
/* CB-CANCEL / CB-RESCHEDULE checks and the change; by NULL: an API client.
 * The cancel also comes in two halves (the bulk cancel checks all first). */
void lcc__eng_check_cancel(lcc_report *r, lcc_engine *e, eng_agent *by, const eng_item *it);
lcc_status lcc__eng_apply_cancel(lcc_engine *e, eng_agent *by, eng_item *it);
lcc_status lcc__eng_cancel(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it);
lcc_status lcc__eng_reschedule(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it,
                               const char *queue_id, int64_t new_ms);

/* ---- messages.c ---- */
/* What an on-behalf request asks for (borrowed strings, NULL when absent). */
typedef struct eng_obq {
    const char *queue_id, *to_address, *messenger_type;
    int use_existing;
} eng_obq;
/* POST /api/v2/conversations/messages for agent `by`: OBQ-PERM,
 * OBQ-MEMBER, OBQ-CHANNELS, OBQ-RECIPIENTS, OBQ-WHATSAPP, then
 * OBQ-EXISTING / OBQ-TAKEOVER against the open conversations.  LCC_OK with
 * *out the new (or taken over) conversation; LCC_EVALIDATION with the
 * reasons in r (and *out the existing conversation for OBQ-EXISTING and
 * OBQ-TAKEOVER, else NULL); LCC_ENOMEM (nothing changed). */
lcc_status lcc__eng_obq_start(eng_item **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                              const eng_obq *req);
/* An AdditionalMessage from `by` (NULL: an API client) on communication
 * `comm_id` of conversation `it`: LCC_OK with *out; LCC_ESTATE (closed);
 * LCC_EPERM (not the assigned agent); LCC_ENOTFOUND (not its agent's
 * communication); LCC_EINVAL (text not UTF-8); LCC_EVALIDATION (OBQ-PERM,
 * TXT-LIMITS in r); LCC_ENOMEM (nothing changed).  The context's errmsg
 * says why. */
lcc_status lcc__eng_msg_send(eng_msg **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                             eng_item *it, const char *comm_id, const char *text);
/* A messaging conversation by id, or NULL. */
eng_item *lcc__eng_mconv_find(lcc_engine *e, const char *id);
/* A message of the conversation, or NULL. */
eng_msg *lcc__eng_msg_find(const eng_item *it, const char *id);
/* The item was given to agent a (accepted): new participant and
 * communication ids, and the threading timeline restarts. */
void lcc__eng_mconv_assign(lcc_engine *e, eng_item *it, eng_agent *a);
/* Frees the messaging side of an item (timers disarmed, unregistered). */
void lcc__eng_mconv_free(lcc_engine *e, eng_mconv *mc);
/* Frees the contacts set offline (engine teardown). */
void lcc__eng_messages_clear(lcc_engine *e);

/* ---- rest.c ---- */
lcc_status lcc__eng_handle(int *http_status, char **response, size_t *len, lcc_engine *e,
                           const char *method, const char *path, const char *authorization,
                           const char *body, size_t body_len);

#endif
