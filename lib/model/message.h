/* Internal layout of outbound messages (contactcore/message.h). */
#ifndef LCC_MODEL_MESSAGE_H
#define LCC_MODEL_MESSAGE_H

#include "contactcore/message.h"
#include "core/context.h"
#include "rules/message_rules.h"

#define LCC__MAGIC_MESSAGE 0x4c43436du /* "LCCm" */

/* One state a delivery went through, and when we learnt it. */
typedef struct lcc__delivery_step {
    lcc_delivery_state state;
    int64_t at_ms;
} lcc__delivery_step;

/* The message on its way to one recipient. */
typedef struct lcc__delivery {
    char *address;                      /* as the host gave it */
    char e164[LCC__ADDRESS_E164_SIZE];  /* as sent; "" before the first send */
    lcc_delivery_state state;
    char *conversation_id, *communication_id, *message_id; /* the backend's */
    lcc__delivery_step *history;
    size_t n_history, cap_history;
} lcc__delivery;

struct lcc_message {
    lcc__handle h;
    char *sender_id;
    lcc_channel channel;
    char *queue_id;
    char *body;
    int take_over;
    lcc__delivery *to;
    size_t n_to, cap_to;
    struct lcc_op *busy; /* the operation in flight on it */
};

/* Records a new state of d (nothing when it is the same).  LCC_OK or
 * LCC_ENOMEM (state unchanged). */
lcc_status lcc__delivery_set(lcc__delivery *d, lcc_context *ctx, lcc_delivery_state state);

/* Runs the rules; *report gets a new report.  Also writes each recipient's
 * E.164 form when the rules pass (the addresses to send to). */
lcc_status lcc__message_check(lcc_report **report, lcc_message *m);

#endif
