/* Sending messages and following their deliveries through operations
 * (lib/transport) and the Genesys Cloud and Webex Contact Center shapes
 * (lib/api).  Each delivery goes through the steps it still lacks:
 *   agentless: POST /api/v2/conversations/messages/agentless (AGENTLESS),
 *   one request that makes the conversation and sends the text (a resend
 *   asks for the conversation made the first time);
 *   on behalf of a queue: POST /api/v2/conversations/messages (CREATE);
 *   from an entry point: POST /v1/tasks (TASK_CREATE), POST
 *   /v1/tasks/{id}/accept (TASK_ACCEPT);
 *   then GET /api/v2/conversations/messages/{id} (FIND_COMMUNICATION: the
 *   sender's communication) and POST .../communications/{cid}/messages
 *   (SEND_TEXT), or for a reply's part .../socialmedia/messages (public) or
 *   .../messages (private) (SEND_PART).
 * A failed delivery is resent with the last request alone.  refresh: GET
 * /api/v2/conversations/messages/{id}/messages/{mid} for each delivery that
 * is not final. */
#include <string.h>

#include "api/genesys.h"
#include "contactcore/agent.h"
#include "core/alloc.h"
#include "core/report.h"
#include "model/message.h"
#include "transport/io.h"

#define OK(m) lcc__handle_ok((m), LCC__MAGIC_MESSAGE)
#define MESSAGES_PATH "/api/v2/conversations/messages"
#define AGENTLESS_PATH MESSAGES_PATH "/agentless"
#define TASKS_PATH "/v1/tasks"

/* What an operation on a message remembers (op->data; `m` first, cleared
 * when the message is freed first). */
struct job {
    lcc_message *m;
    size_t i; /* the delivery in hand */
    enum {
        CREATE, TASK_CREATE, TASK_ACCEPT, FIND_COMMUNICATION, SEND_TEXT, FETCH,
        TASK_TRANSFER, TASK_END, TASK_WRAPUP, AGENTLESS
    } step;
    const char *arg1, *arg2; /* the task requests' fields, borrowed while starting */
};

static int failed(lcc_delivery_state s)
{
    return s == LCC_DELIVERY_SERVER_REJECTED || s == LCC_DELIVERY_NETWORK_ERROR ||
           s == LCC_DELIVERY_LIMIT_EXCEEDED;
}

static int final(lcc_delivery_state s)
{
    return s == LCC_DELIVERY_DELIVERED || failed(s);
}

/* The next delivery from i on that still needs sending, or the count. */
static size_t next_to_send(const lcc_message *m, size_t i)
{
    size_t n;
    const lcc__delivery *d = lcc__message_deliveries(m, &n);
    while (i < n && ((d[i].message_id && !failed(d[i].state)) || d[i].outcome_unknown))
        i++;
    return i;
}

static size_t next_open(const lcc_message *m, size_t i)
{
    size_t n;
    const lcc__delivery *d = lcc__message_deliveries(m, &n);
    while (i < n && (!d[i].message_id || final(d[i].state)))
        i++;
    return i;
}

static lcc__delivery *current(const struct job *j)
{
    size_t n;
    return &lcc__message_deliveries(j->m, &n)[j->i];
}

/* The request for job's current delivery and step: sets *method,
 * *idempotent, *path, *body, *len (NULL path: out of memory). */
static lcc_status request_of(struct job *j, const char **method, int *idempotent, char **path,
                             char **body, size_t *len)
{
    lcc_message *m = j->m;
    lcc_context *ctx = m->h.ctx;
    lcc__delivery *d = current(j);
    *body = NULL;
    *len = 0;
    *method = "POST";
    *idempotent = 0;
    switch (j->step) {
    case CREATE:
        *path = lcc__strdup(&ctx->alloc, MESSAGES_PATH);
        return lcc__gc_obq_create_body(body, len, ctx, m->queue_id, d->sent_to,
                                       m->channel == LCC_CHANNEL_WHATSAPP ? "whatsapp" : "sms",
                                       m->take_over, d->contact_id);
    case AGENTLESS:
        *path = lcc__strdup(&ctx->alloc, AGENTLESS_PATH);
        return lcc__gc_agentless_body(body, len, ctx, m->from_e164, d->sent_to, "sms", m->body,
                                      d->contact_id, d->conversation_id != NULL);
    case TASK_CREATE:
        *path = lcc__strdup(&ctx->alloc, TASKS_PATH);
        return lcc__wx_task_body(body, len, ctx, d->sent_to, m->entry_point_id,
                                 m->channel == LCC_CHANNEL_EMAIL ? "email" : "sms");
    case TASK_ACCEPT:
        /* Accepting twice is harmless: the backend answers 409 and nothing
         * changes (a refusal, though: the same code as a failed assignment). */
        *idempotent = 1;
        *path = lcc__gc_path(ctx, TASKS_PATH, d->conversation_id, NULL, NULL, "/accept");
        return LCC_OK;
    case FIND_COMMUNICATION:
        *method = "GET";
        *idempotent = 1;
        *path = lcc__gc_path(ctx, MESSAGES_PATH, d->conversation_id, NULL, NULL, NULL);
        return LCC_OK;
    case SEND_TEXT:
        if (lcc__message_kind(m) == LCC__MSG_REPLY && !m->is_private) {
            *path = lcc__gc_path(ctx, MESSAGES_PATH, d->conversation_id, "/communications/",
                                 d->communication_id, "/socialmedia/messages");
            return lcc__gc_social_body(body, len, ctx, d->media_id ? NULL : m->body, d->media_id,
                                       m->reply_to);
        }
        *path = lcc__gc_path(ctx, MESSAGES_PATH, d->conversation_id, "/communications/",
                             d->communication_id, "/messages");
        return lcc__gc_text_body(body, len, ctx, d->media_id ? NULL : m->body, d->media_id);
    case FETCH:
        *method = "GET";
        *idempotent = 1;
        *path = lcc__gc_path(ctx, MESSAGES_PATH, d->conversation_id, "/messages/", d->message_id,
                             NULL);
        return LCC_OK;
    case TASK_TRANSFER:
        *path = lcc__gc_path(ctx, TASKS_PATH, d->conversation_id, NULL, NULL, "/transfer");
        return lcc__wx_transfer_body(body, len, ctx, j->arg1, j->arg2);
    case TASK_END:
        *path = lcc__gc_path(ctx, TASKS_PATH, d->conversation_id, NULL, NULL, "/end");
        return LCC_OK;
    case TASK_WRAPUP:
        *path = lcc__gc_path(ctx, TASKS_PATH, d->conversation_id, NULL, NULL, "/wrapup");
        return lcc__wx_wrapup_body(body, len, ctx, j->arg1, j->arg2);
    }
    return LCC_EMISUSE;
}

/* Where sending delivery i starts: what it lacks.  A reply's parts share
 * the interaction and the sender's communication.  LCC_ENOMEM when the
 * interaction's id cannot be copied (nothing to send: a reply without it
 * would be sent as a new conversation). */
static lcc_status first_step(struct job *j)
{
    lcc_message *m = j->m;
    lcc__delivery *d = current(j);
    enum lcc__message_kind kind = lcc__message_kind(m);
    if (kind == LCC__MSG_REPLY && !d->conversation_id) {
        size_t n;
        lcc__delivery *all = lcc__message_deliveries(m, &n);
        for (size_t k = 0; k < n && !d->communication_id; k++)
            if (all[k].communication_id && &all[k] != d)
                d->communication_id = lcc__strdup(&m->h.ctx->alloc, all[k].communication_id);
        d->conversation_id = lcc__strdup(&m->h.ctx->alloc, m->conversation);
        if (!d->conversation_id) {
            lcc__free(&m->h.ctx->alloc, d->communication_id);
            d->communication_id = NULL;
            return lcc__error(m->h.ctx, LCC_ENOMEM, "out of memory");
        }
    }
    if (kind == LCC__MSG_AGENTLESS)
        j->step = AGENTLESS;
    else if (!d->conversation_id)
        j->step = kind == LCC__MSG_ENTRY_POINT ? TASK_CREATE : CREATE;
    else if (kind == LCC__MSG_ENTRY_POINT && !d->accepted)
        j->step = TASK_ACCEPT;
    else
        j->step = !d->communication_id ? FIND_COMMUNICATION : SEND_TEXT;
    return LCC_OK;
}

/* Sends the job's next request from inside success(): LCC_EPENDING when it
 * is on its way. */
static lcc_status go_on(struct lcc_op *op, struct job *j)
{
    const char *method;
    int idem;
    char *path = NULL, *body = NULL;
    size_t len = 0;
    lcc_status st = request_of(j, &method, &idem, &path, &body, &len);
    if (st != LCC_OK) {
        lcc__free(&op->h.ctx->alloc, path);
        return st;
    }
    st = lcc__op_next(op, method, idem, path, body, len);
    return st == LCC_OK ? LCC_EPENDING : st;
}

/* The job moves to the next delivery to send (LCC_OK when none is left). */
static lcc_status next_delivery(struct lcc_op *op, struct job *j)
{
    size_t n;
    lcc__message_deliveries(j->m, &n);
    if ((j->i = next_to_send(j->m, j->i + 1)) == n)
        return LCC_OK;
    lcc_status st = first_step(j);
    return st == LCC_OK ? go_on(op, j) : st;
}

/* Delivery d was sent as message `id` (taken) in state s; a resend keeps
 * the link to the message it replaces (SL-RESEND).  LCC_OK, or LCC_ENOMEM
 * with d unchanged and id freed. */
static lcc_status record_message(lcc_message *m, lcc__delivery *d, char *id, lcc_delivery_state s)
{
    lcc_context *ctx = m->h.ctx;
    char *old = d->message_id;
    d->message_id = id;
    lcc_status st = lcc__delivery_set(m, d, s);
    if (st != LCC_OK) {
        d->message_id = old;
        lcc__free(&ctx->alloc, id);
        return st;
    }
    if (old) {
        lcc__free(&ctx->alloc, d->previous_id);
        d->previous_id = old;
    }
    return LCC_OK;
}

/* An agentless send answered: the conversation (the same one for a resend,
 * unless it closed meanwhile), the message and its state. */
static lcc_status agentless_sent(lcc_message *m, lcc__delivery *d, const char *body, size_t len)
{
    lcc_context *ctx = m->h.ctx;
    char *conv = NULL, *id = NULL;
    lcc_delivery_state s;
    lcc_status st = lcc__gc_parse_agentless(&conv, &id, &s, ctx, body, len);
    if (st != LCC_OK)
        return st;
    char *old = d->conversation_id;
    d->conversation_id = conv;
    if ((st = record_message(m, d, id, s)) != LCC_OK) {
        d->conversation_id = old;
        lcc__free(&ctx->alloc, conv);
        return st;
    }
    lcc__free(&ctx->alloc, old);
    return LCC_OK;
}

/* A 2xx answer to a request that creates something (a conversation, a
 * task, a message) that cannot be used: it was applied, so the outcome is
 * unknown rather than a failure (job_finished then keeps it from being
 * resent). */
static lcc_status unusable(lcc_context *ctx, int http, lcc_status st)
{
    return lcc__error(ctx, LCC_EUNKNOWN_OUTCOME,
                      "HTTP %d: the backend accepted it but its answer could not be used (%s)",
                      http, lcc_status_str(st));
}

static lcc_status send_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    struct job *j = op->data;
    lcc_message *m = j->m;
    if (!m)
        return LCC_ECANCELED;
    lcc_context *ctx = m->h.ctx;
    lcc__delivery *d = current(j);
    lcc_status st;
    switch (j->step) {
    case CREATE:
    case TASK_CREATE:
        st = j->step == CREATE ? lcc__gc_parse_id(&d->conversation_id, ctx, body, len)
                               : lcc__wx_parse_task_id(&d->conversation_id, ctx, body, len);
        if (st != LCC_OK)
            return unusable(ctx, http, st);
        j->step = j->step == CREATE ? FIND_COMMUNICATION : TASK_ACCEPT;
        return go_on(op, j);
    case TASK_ACCEPT:
        d->accepted = 1;
        j->step = FIND_COMMUNICATION;
        return go_on(op, j);
    case FIND_COMMUNICATION:
        if ((st = lcc__gc_parse_communication(&d->communication_id, ctx, body, len,
                                              m->sender_id)) != LCC_OK)
            return st;
        j->step = SEND_TEXT;
        return go_on(op, j);
    case SEND_TEXT: {
        char *id = NULL;
        lcc_delivery_state s;
        if ((st = lcc__gc_parse_message(&id, &s, ctx, body, len)) != LCC_OK ||
            (st = record_message(m, d, id, s)) != LCC_OK)
            return unusable(ctx, http, st);
        return next_delivery(op, j);
    }
    case AGENTLESS:
        if ((st = agentless_sent(m, d, body, len)) != LCC_OK)
            return unusable(ctx, http, st);
        return next_delivery(op, j);
    case FETCH: {
        lcc_delivery_state s;
        size_t n;
        if ((st = lcc__gc_parse_message(NULL, &s, ctx, body, len)) != LCC_OK ||
            (st = lcc__delivery_set(m, d, s)) != LCC_OK)
            return st;
        lcc__message_deliveries(m, &n);
        if ((j->i = next_open(m, j->i + 1)) == n)
            return LCC_OK;
        return go_on(op, j);
    }
    case TASK_TRANSFER:
    case TASK_END:
        m->task_over = 1;
        return LCC_OK;
    case TASK_WRAPUP:
        m->task_over = 2;
        return LCC_OK;
    }
    return LCC_EMISUSE;
}

static void job_finished(struct lcc_op *op, lcc_status status)
{
    struct job *j = op->data;
    if (j->m && j->m->busy == op)
        j->m->busy = NULL;
    /* a delivery's request that creates something may have been applied:
     * lcc_message_send() must not send it again (it would be applied twice) */
    if (j->m && op->cls->kind == LCC_OP_MESSAGE_SEND && !op->idempotent &&
        (status == LCC_EUNKNOWN_OUTCOME || (status == LCC_ECANCELED && op->sent_unanswered))) {
        lcc__delivery *d = current(j);
        d->outcome_unknown = 1;
        /* a resend too: the state of the message it replaced no longer
         * says what happened (ENOMEM: the flag holds) */
        lcc__delivery_set(j->m, d, LCC_DELIVERY_UNKNOWN);
    }
}

static const lcc__op_class send_class = {LCC_OP_MESSAGE_SEND, send_success, job_finished, NULL};
static const lcc__op_class refresh_class = {LCC_OP_MESSAGE_REFRESH, send_success, job_finished,
                                            NULL};
static const lcc__op_class task_class = {LCC_OP_MESSAGE_TASK, send_success, job_finished, NULL};

/* Starts an op of `cls` on the job's current recipient and step. */
static lcc_status start(lcc_op **out, lcc_message *m, const lcc__op_class *cls, struct job *tmpl)
{
    lcc_context *ctx = m->h.ctx;
    struct job *j = lcc__malloc(&ctx->alloc, sizeof *j);
    if (!j)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    *j = *tmpl;
    const char *method;
    int idem;
    char *path = NULL, *body = NULL;
    size_t len = 0;
    struct lcc_op *op = NULL;
    lcc_status st = request_of(j, &method, &idem, &path, &body, &len);
    if (st == LCC_OK && !path)
        st = lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st == LCC_OK)
        st = lcc__op_new(&op, ctx, cls, method, idem);
    if (st != LCC_OK) {
        lcc__free(&ctx->alloc, path);
        lcc__free(&ctx->alloc, body);
        lcc__free(&ctx->alloc, j);
        return st;
    }
    lcc__op_set_request(op, path, body, len);
    op->data = j;
    m->busy = op; /* before sending: a token hook may finish it at once */
    st = lcc__op_start(op); /* frees op and j on failure, without `finished` */
    if (st != LCC_OK) {
        m->busy = NULL;
        return st;
    }
    *out = op;
    return LCC_OK;
}

LCC_API lcc_status lcc_message_send(lcc_op **op, lcc_report **report, lcc_message *m)
{
    if (op)
        *op = NULL;
    if (report)
        *report = NULL;
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_context *ctx = m->h.ctx;
    if (!op)
        return LCC__MISUSE(ctx, "lcc_message_send: NULL op");
    if (m->busy)
        return lcc__error(ctx, LCC_ESTATE, "an operation on the message is in flight");
    lcc_report *r = NULL;
    lcc_status st = lcc__message_check(&r, m);
    if (st != LCC_OK) {
        if (report && st == LCC_EVALIDATION)
            *report = r;
        else
            lcc_report_free(r);
        return st;
    }
    lcc_report_free(r);
    if ((st = lcc__message_make_parts(m)) != LCC_OK)
        return st;
    size_t n;
    lcc__message_deliveries(m, &n);
    struct job j = {m, next_to_send(m, 0), CREATE, NULL, NULL};
    if (j.i == n)
        return lcc__error(ctx, LCC_ESTATE, "every delivery of the message was sent (or has an "
                                            "unknown outcome: see lcc_message_delivery_state)");
    if ((st = first_step(&j)) != LCC_OK)
        return st;
    return start(op, m, &send_class, &j);
}

LCC_API lcc_status lcc_message_refresh(lcc_op **op, lcc_message *m)
{
    if (op)
        *op = NULL;
    if (!OK(m))
        return LCC_EMISUSE;
    lcc_context *ctx = m->h.ctx;
    if (!op)
        return LCC__MISUSE(ctx, "lcc_message_refresh: NULL op");
    if (m->busy)
        return lcc__error(ctx, LCC_ESTATE, "an operation on the message is in flight");
    size_t n;
    lcc__message_deliveries(m, &n);
    struct job j = {m, next_open(m, 0), FETCH, NULL, NULL};
    if (j.i == n)
        return lcc__error(ctx, LCC_ESTATE, "no delivery of the message is waiting for news");
    return start(op, m, &refresh_class, &j);
}

/* ---- the task of a message from an entry point (OB-TRANSFER, OB-WRAPUP) ---- */

LCC_API int lcc_message_task_state(const lcc_message *m)
{
    if (!lcc__handle_ok(m, LCC__MAGIC_MESSAGE) || lcc__message_kind(m) != LCC__MSG_ENTRY_POINT ||
        !m->n_to || !m->to[0].accepted)
        return 0;
    return 1 + m->task_over;
}

/* Starts a task request of `step` after the rule checks in r (freed here,
 * or handed to *report on LCC_EVALIDATION). */
static lcc_status task_op(lcc_op **op, lcc_report **report, lcc_message *m, lcc_report *r,
                          int step, const char *a1, const char *a2)
{
    lcc_context *ctx = m->h.ctx;
    lcc_status st = lcc__report_status(ctx, r);
    if (st == LCC_OK && m->busy)
        st = lcc__error(ctx, LCC_ESTATE, "an operation on the message is in flight");
    if (st == LCC_EVALIDATION && report)
        *report = r;
    else
        lcc_report_free(r);
    if (st != LCC_OK)
        return st;
    struct job j = {m, 0, step, a1, a2};
    return start(op, m, &task_class, &j);
}

/* The checks every task request shares: a message from an entry point
 * whose conversation is in `want` (lcc_message_task_state()).  NULL after
 * out of memory. */
static lcc_report *task_report(lcc_message *m, const char *rule, int want, const char *doing)
{
    lcc_context *ctx = m->h.ctx;
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r) {
        lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return NULL;
    }
    int state = lcc_message_task_state(m);
    if (lcc__message_kind(m) != LCC__MSG_ENTRY_POINT)
        lcc__report_add(r, rule, "task", LCC_ENOTSUP, LCC_SEVERITY_ERROR,
                        "Only the conversation of a message sent from an entry point can be %s.",
                        doing);
    else if (state != want)
        lcc__report_add(r, rule, "task", LCC_ESTATE, LCC_SEVERITY_ERROR,
                        state == 0   ? "The conversation is not accepted yet: it cannot be %s."
                        : state == 1 ? "The conversation is still active: end or transfer it "
                                       "before it is %s."
                        : state == 2 ? "The conversation is over: it cannot be %s."
                                     : "The conversation was wrapped up already: it cannot be %s.",
                        doing);
    return r;
}

LCC_API lcc_status lcc_message_transfer(lcc_op **op, lcc_report **report, lcc_message *m,
                                        lcc_transfer_to kind, const char *to)
{
    if (op)
        *op = NULL;
    if (report)
        *report = NULL;
    if (!lcc__handle_ok(m, LCC__MAGIC_MESSAGE))
        return LCC_EMISUSE;
    lcc_context *ctx = m->h.ctx;
    if (!op)
        return LCC__MISUSE(ctx, "lcc_message_transfer: NULL op");
    if (kind != LCC_TRANSFER_QUEUE && kind != LCC_TRANSFER_AGENT)
        return lcc__error(ctx, LCC_EINVAL, "%d is not an lcc_transfer_to", (int)kind);
    lcc_report *r = task_report(m, "OB-TRANSFER", 1, "transferred");
    if (!r)
        return LCC_ENOMEM;
    if (!to || !*to || lcc__check_text(ctx, "transfer target", to, LCC_MAX_TEXT, 0) != LCC_OK)
        lcc__report_add(r, "OB-TRANSFER", "to", LCC_EINVAL, LCC_SEVERITY_ERROR,
                        "Choose the %s to transfer to.",
                        kind == LCC_TRANSFER_QUEUE ? "queue" : "agent");
    return task_op(op, report, m, r, TASK_TRANSFER, to,
                   kind == LCC_TRANSFER_QUEUE ? "queue" : "agent");
}

LCC_API lcc_status lcc_message_end(lcc_op **op, lcc_message *m)
{
    if (op)
        *op = NULL;
    if (!lcc__handle_ok(m, LCC__MAGIC_MESSAGE))
        return LCC_EMISUSE;
    if (!op)
        return LCC__MISUSE(m->h.ctx, "lcc_message_end: NULL op");
    lcc_report *r = task_report(m, "OB-WRAPUP", 1, "ended");
    if (!r)
        return LCC_ENOMEM;
    lcc_status st = task_op(op, NULL, m, r, TASK_END, NULL, NULL);
    return st == LCC_EVALIDATION ? lcc__error(m->h.ctx, LCC_ESTATE, "%s",
                                              lcc_context_errmsg(m->h.ctx))
                                 : st;
}

LCC_API lcc_status lcc_message_wrap_up(lcc_op **op, lcc_report **report, lcc_message *m,
                                       const char *code, const char *reason)
{
    if (op)
        *op = NULL;
    if (report)
        *report = NULL;
    if (!lcc__handle_ok(m, LCC__MAGIC_MESSAGE))
        return LCC_EMISUSE;
    if (!op)
        return LCC__MISUSE(m->h.ctx, "lcc_message_wrap_up: NULL op");
    lcc_report *r = task_report(m, "OB-WRAPUP", 2, "wrapped up");
    if (!r)
        return LCC_ENOMEM;
    lcc__rules_wrapup(r, "OB-WRAPUP", code, reason, 1);
    return task_op(op, report, m, r, TASK_WRAPUP, code, reason);
}
