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
 * in the store.  Social listening interactions (social.c) are messaging
 * conversations on a social channel: their agent participant and
 * communication are made at the offer (eng_mconv.alert_ids), and messages
 * carry visibility, an attachment and the public message they answer.  An
 * interaction whose end is followed by after-contact work (wrapup.c: social
 * ones, and whatever else calls lcc__eng_wrapup_require()) records whose
 * wrap-up it waits for (eng_item.wrapup_by); an occupying wrap-up also
 * counts on the agent (eng_agent.wrapups), which keeps them from being
 * offered anything.  An agent-initiated outbound SMS or email task
 * (outbound.c, OB-*) is a messaging conversation that remembers its entry
 * point (eng_mconv.entry).  An agentless message (messages.c) is sent from
 * a provisioned SMS number into a conversation with no agent and no queue
 * (it->queue NULL, state ENDED: open, unassigned).  External contacts
 * (contacts.c, OBQ-VERIFY) own messaging identifiers and the history of the
 * conversations sent to them (eng_mconv.contact). */
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
#define ENG_KEY_SIZE (LCC__EMAIL_SIZE + 8) /* "<channel>:<address>" */

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
    unsigned wrapups;   /* wrap-ups pending that keep them occupied (wrapup.c) */
} eng_agent;

typedef struct eng_queue {
    char *id; /* first (see eng_agent) */
    eng_fifo waiting; /* items waiting for any member */
    uint64_t out_conversations, out_messages; /* OBQ-OFFQUEUE: credited to the queue */
} eng_queue;

enum eng_kind { ENG_CALL = 0, ENG_CALLBACK = 1, ENG_MESSAGE = 2 };

typedef struct eng_mconv eng_mconv;
typedef struct eng_msg eng_msg;

/* An external contact (contacts.c, OBQ-VERIFY): its messaging identifiers
 * are keys of e->identifiers; its interaction history is the ids of the
 * conversations sent to it, oldest first. */
typedef struct eng_contact {
    char *id; /* first: the key of e->contacts */
    char *name; /* NULL: none */
    char (*history)[ENG_ID_SIZE];
    size_t n_history, cap_history;
} eng_contact;

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
    /* After-contact work (wrapup.c): the agent whose wrap-up is awaited (NULL:
     * none pending), whether it keeps them occupied, and the last wrap-up
     * given (NULL until then). */
    eng_agent *wrapup_by;
    uint8_t wrapup_occupy;
    char *wrapup_code, *wrapup_reason;
};

/* The messaging side of an ENG_MESSAGE item.  Open until its threading
 * timeline runs out (closed: kept, read-only).  The item's state says who
 * has it: WAITING / OFFERED (an inbound one routed to a queue), CONNECTED
 * (assigned to it->agent), ENDED (open but unassigned, OBQ-TAKEOVER). */
struct eng_mconv {
    lcc__timer timer; /* the end of the threading timeline, armed while open */
    eng_item *it;
    lcc_channel channel; /* SMS or WhatsApp; a social channel (social.c); email (outbound.c) */
    uint8_t closed;
    uint8_t alert_ids; /* social: agent_pid and comm_id were made for the current offer */
    /* OB-*: an agent-initiated outbound task (outbound.c) remembers its entry
     * point (the waiting list of e->entry_points it belongs to while in no
     * queue; NULL for every other conversation), and ob_offer says it is
     * offered to its creator, not accepted yet (OB-CREATE). */
    uint8_t ob_offer;
    eng_queue *entry;
    /* The customer's address: E.164 for SMS and WhatsApp, an email address,
     * or a social handle; at most LCC__EMAIL_SIZE - 1 bytes. */
    char address[LCC__EMAIL_SIZE];
    char key[ENG_KEY_SIZE]; /* in open_convs: "<channel>:<address>" */
    char customer_pid[ENG_ID_SIZE], agent_pid[ENG_ID_SIZE];
    char comm_id[ENG_ID_SIZE]; /* the agent's communication */
    eng_agent *agent;          /* the agent participant (last assigned), or NULL */
    eng_contact *contact;      /* OBQ-VERIFY: the external contact it was sent to, or NULL */
    int64_t last_ms;           /* the last activity: start, message, assignment */
    eng_msg *head, *tail;      /* messages, oldest first */
};

/* One message of a conversation.  Outbound ones move through their
 * delivery states on their timer (messages.c). */
struct eng_msg {
    lcc__timer timer;
    char id[ENG_ID_SIZE];
    eng_item *conv;
    eng_agent *sender; /* the agent who sent it; NULL: inbound, or agentless */
    uint8_t outbound;  /* sent to the customer (by an agent, or agentless) */
    char *text;        /* "" for a message that is only an attachment */
    char *media;       /* its attachment's media id (social: at most one, SL-ATTACH), or NULL */
    const eng_msg *reply_to; /* social, public: the inbound public message it answers */
    uint8_t is_private;      /* social: a private message (SL-THREAD, SL-VISIBILITY) */
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
    lcc__map sms_numbers;    /* E.164 (owned key) -> itself: provisioned for agentless sends */
    /* External contacts (contacts.c). */
    lcc__map contacts;       /* id -> eng_contact */
    lcc__map identifiers;    /* "<channel>:<E.164>" (owned key) -> eng_contact */
    /* Outbound tasks (outbound.c): entry point id -> the eng_queue standing
     * for it (made by intern(), like e->queues, but never a routing queue). */
    lcc__map entry_points;
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
/* The eng_queue of entry point `id` (outbound tasks), created on first use;
 * NULL when out of memory (recorded). */
eng_queue *lcc__eng_entry_point(lcc_engine *e, const char *id, lcc_status *st);
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
    const char *contact_id; /* externalContactId (OBQ-VERIFY) */
} eng_obq;
/* POST /api/v2/conversations/messages for agent `by`: OBQ-PERM,
 * OBQ-MEMBER, OBQ-CHANNELS, OBQ-RECIPIENTS, OBQ-WHATSAPP, OBQ-VERIFY, then
 * OBQ-EXISTING / OBQ-TAKEOVER against the open conversations.  LCC_OK with
 * *out the new (or taken over) conversation, recorded in its contact's
 * history; LCC_EVALIDATION with the reasons in r (and *out the existing
 * conversation for OBQ-EXISTING and OBQ-TAKEOVER, else NULL); LCC_ENOMEM
 * (nothing changed). */
lcc_status lcc__eng_obq_start(eng_item **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                              const eng_obq *req);
/* What an agentless request asks for (borrowed strings, NULL when absent). */
typedef struct eng_agentless {
    const char *from_address, *to_address, *messenger_type, *text, *contact_id;
    int use_existing; /* useExistingActiveConversation */
} eng_agentless;
/* POST /api/v2/conversations/messages/agentless by agent `by` (NULL: an API
 * client): OBQ-PERM (agents only), OBQ-CHANNELS (SMS; the from address a
 * provisioned number), OBQ-RECIPIENTS, TXT-LIMITS, OBQ-VERIFY, then
 * OBQ-EXISTING when the recipient has an open conversation on SMS and
 * use_existing is not set (with it set the message goes into that
 * conversation).  LCC_OK with *out the message, posted (its conversation a
 * new one with no agent and no queue, unless an open one was used);
 * LCC_EINVAL (text not UTF-8: errmsg); LCC_EVALIDATION (entries in r);
 * LCC_ENOMEM (nothing changed). */
lcc_status lcc__eng_agentless(eng_msg **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                              const eng_agentless *req);
/* The contact's open conversation on `channel` (address in its channel's
 * form), or NULL. */
eng_item *lcc__eng_mconv_open(lcc_engine *e, lcc_channel channel, const char *address);
/* The key of a contact address on a channel: "<channel>:<address>". */
void lcc__eng_address_key(char key[ENG_KEY_SIZE], lcc_channel channel, const char *address);
/* The E.164 form of an SMS or WhatsApp address (OBQ-RECIPIENTS,
 * OBQ-WHATSAPP); LCC_OK, LCC_EBADNUMBER / LCC_EINVAL with the reason in
 * errmsg, or LCC_ENOMEM. */
lcc_status lcc__eng_address_e164(char *e164, lcc_engine *e, lcc_channel channel,
                                 const char *address);
/* Frees the owned keys of a map and the map. */
void lcc__eng_keys_clear(lcc__map *m, const lcc_allocator *a);
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
/* A new open conversation with `address` (in its channel's form, at most
 * LCC__EMAIL_SIZE - 1 bytes) on `channel` for queue q: registered, the
 * contact's open conversation on the channel from now on, its timeline
 * armed; the caller sets its state.  NULL when out of memory (nothing left
 * behind, recorded). */
eng_item *lcc__eng_mconv_new(lcc_engine *e, eng_queue *q, lcc_channel channel,
                             const char *address);
/* Closes an open conversation now (read-only from then on; no event). */
void lcc__eng_mconv_close(lcc_engine *e, eng_item *it);
/* Frees the contacts set offline and the provisioned numbers (engine
 * teardown). */
void lcc__eng_messages_clear(lcc_engine *e);
/* An inbound message of `text` from `address` (in its channel's form) on
 * `channel` for queue q: threaded into the contact's open conversation on
 * that channel (an unassigned one goes back to q), else a new conversation
 * routed to q.  LCC_OK with *conv and *msg; LCC_ENOMEM (nothing changed). */
lcc_status lcc__eng_inbound(eng_item **conv, eng_msg **msg, lcc_engine *e, eng_queue *q,
                            lcc_channel channel, const char *address, const char *text,
                            int is_private);
/* A new outbound message of `text` (may be "") and `media` (NULL: none)
 * from `sender` (unlinked, room for its timer reserved), or NULL when out
 * of memory (recorded). */
eng_msg *lcc__eng_msg_new(lcc_engine *e, eng_agent *sender, const char *text, const char *media);
/* Frees a message made by lcc__eng_msg_new() and never posted. */
void lcc__eng_msg_drop(lcc_engine *e, eng_msg *m);
/* Appends an outbound message to conversation `it` and starts its delivery
 * (QUEUED event, SL-DELIVERY); it counts for the item's queue. */
void lcc__eng_msg_post(lcc_engine *e, eng_item *it, eng_msg *m);

/* ---- contacts.c (OBQ-VERIFY) ---- */
/* OBQ-VERIFY for a message to `address` (in its channel's form) on
 * `channel`: with contact_id, the contact must exist and own that address
 * on that channel (else an entry in r, field "recipients"); without, the
 * contact owning the address, if any (identity resolution).  LCC_OK with
 * *out that contact (NULL: none, or refused) and room reserved for one more
 * history entry; LCC_ENOMEM. */
lcc_status lcc__eng_contact_verify(eng_contact **out, lcc_report *r, lcc_engine *e,
                                   const char *contact_id, lcc_channel channel,
                                   const char *address);
/* Links conversation `it` to contact c (NULL: nothing) and records it in
 * c's history unless it is there already (room reserved by the verify). */
void lcc__eng_contact_link(eng_contact *c, eng_item *it);
/* Frees the contacts and their identifiers (engine teardown). */
void lcc__eng_contacts_clear(lcc_engine *e);

/* ---- social.c (SL-*) ---- */
/* 1 for a social listening interaction (an ENG_MESSAGE on a social channel). */
int lcc__eng_social(const eng_item *it);
/* `it` is offered to a: a social interaction gets its agent participant and
 * communication now, so that the alerting agent can be shown and answer. */
void lcc__eng_social_offered(lcc_engine *e, eng_item *it, eng_agent *a);
/* SL-PERM for accepting `it` (LCC_OK for anything but a social interaction);
 * LCC_EPERM with the context's errmsg, or entries in r when r is not NULL. */
lcc_status lcc__eng_social_may_accept(lcc_report *r, lcc_engine *e, const eng_item *it,
                                      const eng_agent *a);
/* 1 when `address` is taken as a social handle verbatim by
 * lcc_engine_set_contact_online(): valid as an author, and starting with
 * '@' or the author of a social interaction the engine holds. */
int lcc__eng_social_handle(lcc_engine *e, const char *address);
/* What a reply in a social interaction asks for (borrowed strings). */
typedef struct eng_social_reply {
    const char *comm_id;
    const char *text;        /* NULL or "": none */
    const char *const *media; /* media ids (SL-ATTACH: at most one) */
    size_t n_media;
    const char *in_reply_to; /* a public reply: the inbound public message it answers */
    int is_private;
} eng_social_reply;
/* A reply from `by` in social interaction `it`: as lcc__eng_msg_send()
 * (LCC_ESTATE, LCC_EPERM, LCC_ENOTFOUND, LCC_EINVAL with the errmsg), with
 * SL-PERM, SL-THREAD, SL-LIMIT and SL-ATTACH in r (LCC_EVALIDATION).  LCC_OK
 * with *out, posted; LCC_ENOMEM (nothing changed). */
lcc_status lcc__eng_social_send(eng_msg **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                                eng_item *it, const eng_social_reply *req);

/* ---- wrapup.c (SL-END, OB-WRAPUP) ---- */
/* Marks `it` (ENDED) as waiting for `a`'s wrap-up; occupy = 1 keeps the
 * agent occupied until then (not offered anything, routing status as it
 * is).  A wrap-up still pending for the item is replaced (its agent is
 * freed).  Nothing to allocate: it cannot fail. */
void lcc__eng_wrapup_require(lcc_engine *e, eng_item *it, eng_agent *a, int occupy);
/* Gives the wrap-up of `it` by `by` (rule: "SL-END" or "OB-WRAPUP" for the
 * report entries): code 1..36 chars, reason 1..128 chars (required when
 * reason_required), via lcc__rules_wrapup.  LCC_OK; LCC_EVALIDATION
 * (entries in r, incl. rule/field "state" LCC_ESTATE when no wrap-up is
 * pending for `by`); LCC_ENOMEM (nothing changed).  Records code and reason
 * on the item and frees the agent when occupied: an agent held by no other
 * wrap-up and no interaction goes from interacting to idle (AGENT_STATUS)
 * and may be offered the next interaction at once. */
lcc_status lcc__eng_wrap_up(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it,
                            const char *rule, const char *code, const char *reason,
                            int reason_required);
/* The item is being freed (not at engine teardown): a pending wrap-up no
 * longer holds its agent (no event; routing is left to the caller). */
void lcc__eng_wrapup_drop(lcc_engine *e, eng_item *it);

/* ---- outbound.c (OB-*) ---- */
/* What POST /v1/tasks asks for (borrowed strings, NULL when absent). */
typedef struct eng_ob_req {
    const char *destination, *entry_point_id, *media_type;
} eng_ob_req;
/* 1 for an agent-initiated outbound task. */
int lcc__eng_ob(const eng_item *it);
/* OB-STATE, OB-LICENSE, OB-PROFILE, OB-AUTOASSIGN, OB-ENTRYPOINT, OB-TO, then
 * OB-UNIQUE for agent `by`; LCC_OK with *out the new task, offered to `by`
 * (OB-CREATE); LCC_EVALIDATION (entries in r); LCC_ENOMEM (nothing
 * changed). */
lcc_status lcc__eng_ob_create(eng_item **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                              const eng_ob_req *req);
/* The agent a task is offered to accepts it (OB-CREATE): LCC_OK;
 * LCC_EPERM (offered to someone else: errmsg); LCC_EVALIDATION (not offered:
 * OB-CREATE "task" in r); LCC_ENOMEM. */
lcc_status lcc__eng_ob_accept(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it);
/* Its agent ends a connected task; their wrap-up is then awaited (OB-WRAPUP).
 * LCC_OK; LCC_ESTATE (not connected to `by`: errmsg). */
lcc_status lcc__eng_ob_end(lcc_engine *e, eng_agent *by, eng_item *it);
/* OB-TRANSFER of a connected task by its agent to queue or agent `to`
 * (destination_type "queue" / "agent"); the transferring agent then owes a
 * wrap-up.  LCC_OK; LCC_EVALIDATION (entries in r). */
lcc_status lcc__eng_ob_transfer(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it,
                                const char *to, const char *destination_type);
/* The Webex name of an agent's state for the buddy list: "Available"
 * (lcc__eng_available()), "RONA" (not responding), "Engaged" (handling,
 * alerted or wrapping up), "Idle" (any other presence but offline, or off
 * queue); NULL for an offline agent (not listed). */
const char *lcc__eng_ob_buddy_state(const eng_agent *a);

/* ---- rest.c ---- */
lcc_status lcc__eng_handle(int *http_status, char **response, size_t *len, lcc_engine *e,
                           const char *method, const char *path, const char *authorization,
                           const char *body, size_t body_len);

#endif
