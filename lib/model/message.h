/* Internal layout of outbound messages (contactcore/message.h). */
#ifndef LCC_MODEL_MESSAGE_H
#define LCC_MODEL_MESSAGE_H

#include "contactcore/message.h"
#include "core/context.h"
#include "core/strlist.h"
#include "rules/message_rules.h"
#include "rules/outbound_rules.h"

#define LCC__MAGIC_MESSAGE 0x4c43436du /* "LCCm" */

/* One state a delivery went through, and when we learnt it. */
typedef struct lcc__delivery_step {
    lcc_delivery_state state;
    int64_t at_ms;
} lcc__delivery_step;

/* One message on its way: to one recipient, or one part of a reply. */
typedef struct lcc__delivery {
    char *address;                /* the recipient as the host gave it; NULL for a part */
    char *contact_id;             /* OBQ-VERIFY: the recipient's external contact, or NULL */
    const char *media_id;         /* a part's attachment (borrowed from the message), or NULL */
    char sent_to[LCC__EMAIL_SIZE]; /* E.164 or email as sent; "" before the first send */
    lcc_delivery_state state;
    int accepted;                 /* an OB task: accepted by the sender (OB-CREATE) */
    int outcome_unknown;          /* a request that creates it may have been applied: never
                                     resent (LCC_EUNKNOWN_OUTCOME) */
    char *conversation_id, *communication_id, *message_id; /* the backend's */
    char *previous_id;            /* the message id before a resend (SL-RESEND) */
    lcc__delivery_step *history;
    size_t n_history, cap_history;
} lcc__delivery;

/* What a message is, by where it is sent from (message.h). */
enum lcc__message_kind { LCC__MSG_QUEUE, LCC__MSG_ENTRY_POINT, LCC__MSG_REPLY, LCC__MSG_AGENTLESS };

struct lcc_message {
    lcc__handle h;
    char *sender_id;
    lcc_channel channel;
    /* Where it is sent from: at most one is set (from_address: agentless). */
    char *queue_id, *entry_point_id, *conversation, *from_address;
    char from_e164[LCC__ADDRESS_E164_SIZE]; /* agentless: from_address as sent (validation) */
    char *reply_to;       /* SL-THREAD */
    int is_private;       /* SL-VISIBILITY */
    char *body;
    int take_over;
    lcc__strlist attachments; /* media ids (SL-ATTACH) */
    char *copied_from;    /* SL-RESEND copy: the original's message id */
    int task_over;        /* OB: ended or transferred (1), then wrapped up (2) */
    lcc__delivery *to;    /* one per recipient */
    size_t n_to, cap_to;
    lcc__delivery *parts; /* a reply: the text, then one per attachment (made at first send) */
    size_t n_parts;
    struct lcc_op *busy;  /* the operation in flight on it */
};

enum lcc__message_kind lcc__message_kind(const lcc_message *m);
/* A reply's deliveries, made when it is first sent (the message is fixed
 * from then on): the text, then one per attachment.  LCC_OK (also for
 * other kinds, and when made already) or LCC_ENOMEM. */
lcc_status lcc__message_make_parts(lcc_message *m);
/* The deliveries of m (recipients, or a reply's parts) and their count. */
lcc__delivery *lcc__message_deliveries(const lcc_message *m, size_t *n);

/* Records a new state of d (nothing when it is the same) and queues an
 * LCC_EVENT_MESSAGE_DELIVERY event for m.  LCC_OK or LCC_ENOMEM (state
 * unchanged). */
lcc_status lcc__delivery_set(lcc_message *m, lcc__delivery *d, lcc_delivery_state state);

/* Runs the rules of the message's kind; *report gets a new report.  When
 * the rules pass, also writes each recipient's address as it will be sent. */
lcc_status lcc__message_check(lcc_report **report, lcc_message *m);

#endif
