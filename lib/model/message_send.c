/* Sending messages and following their deliveries through operations
 * (lib/transport) and the Genesys Cloud shapes (lib/api):
 *   per recipient: POST /api/v2/conversations/messages (a conversation on
 *   behalf of the queue), GET /api/v2/conversations/messages/{id} (the
 *   agent's communication), POST .../communications/{cid}/messages (the
 *   text); a failed delivery is resent with the last request alone.
 *   refresh: GET /api/v2/conversations/messages/{id}/messages/{mid} for each
 *   delivery that is not final. */
#include <string.h>

#include "api/genesys.h"
#include "core/alloc.h"
#include "model/message.h"
#include "transport/io.h"

#define OK(m) lcc__handle_ok((m), LCC__MAGIC_MESSAGE)
#define MESSAGES_PATH "/api/v2/conversations/messages"

/* What an operation on a message remembers (op->data; `m` first, cleared
 * when the message is freed first). */
struct job {
    lcc_message *m;
    size_t i; /* the recipient in hand */
    enum { CREATE, FIND_COMMUNICATION, SEND_TEXT, FETCH } step;
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

/* The next recipient from i on that still needs sending, or n_to. */
static size_t next_to_send(const lcc_message *m, size_t i)
{
    while (i < m->n_to && m->to[i].message_id && !failed(m->to[i].state))
        i++;
    return i;
}

static size_t next_open(const lcc_message *m, size_t i)
{
    while (i < m->n_to && (!m->to[i].message_id || final(m->to[i].state)))
        i++;
    return i;
}

/* The request for job's current recipient and step: sets *method,
 * *idempotent, *path, *body, *len (NULL path: out of memory). */
static lcc_status request_of(struct job *j, const char **method, int *idempotent, char **path,
                             char **body, size_t *len)
{
    lcc_message *m = j->m;
    lcc_context *ctx = m->h.ctx;
    lcc__delivery *d = &m->to[j->i];
    *body = NULL;
    *len = 0;
    switch (j->step) {
    case CREATE:
        *method = "POST";
        *idempotent = 0;
        *path = lcc__strdup(&ctx->alloc, MESSAGES_PATH);
        return lcc__gc_obq_create_body(body, len, ctx, m->queue_id, d->e164,
                                       m->channel == LCC_CHANNEL_WHATSAPP ? "whatsapp" : "sms",
                                       m->take_over);
    case FIND_COMMUNICATION:
        *method = "GET";
        *idempotent = 1;
        *path = lcc__gc_path(ctx, MESSAGES_PATH, d->conversation_id, NULL, NULL, NULL);
        return LCC_OK;
    case SEND_TEXT:
        *method = "POST";
        *idempotent = 0;
        *path = lcc__gc_path(ctx, MESSAGES_PATH, d->conversation_id, "/communications/", d->communication_id,
                        "/messages");
        return lcc__gc_text_body(body, len, ctx, m->body);
    case FETCH:
        *method = "GET";
        *idempotent = 1;
        *path = lcc__gc_path(ctx, MESSAGES_PATH, d->conversation_id, "/messages/", d->message_id, NULL);
        return LCC_OK;
    }
    return LCC_EMISUSE;
}

/* Where sending to recipient i starts: what it lacks. */
static void first_step(struct job *j)
{
    const lcc__delivery *d = &j->m->to[j->i];
    j->step = !d->conversation_id ? CREATE : !d->communication_id ? FIND_COMMUNICATION : SEND_TEXT;
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

static lcc_status send_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    (void)http;
    struct job *j = op->data;
    lcc_message *m = j->m;
    if (!m)
        return LCC_ECANCELED;
    lcc_context *ctx = m->h.ctx;
    lcc__delivery *d = &m->to[j->i];
    lcc_status st;
    switch (j->step) {
    case CREATE:
        if ((st = lcc__gc_parse_id(&d->conversation_id, ctx, body, len)) != LCC_OK)
            return st;
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
        if ((st = lcc__gc_parse_message(&id, &s, ctx, body, len)) != LCC_OK)
            return st;
        if ((st = lcc__delivery_set(d, ctx, s)) != LCC_OK) {
            lcc__free(&ctx->alloc, id);
            return st;
        }
        lcc__free(&ctx->alloc, d->message_id);
        d->message_id = id;
        if ((j->i = next_to_send(m, j->i + 1)) == m->n_to)
            return LCC_OK;
        first_step(j);
        return go_on(op, j);
    }
    case FETCH: {
        lcc_delivery_state s;
        if ((st = lcc__gc_parse_message(NULL, &s, ctx, body, len)) != LCC_OK ||
            (st = lcc__delivery_set(d, ctx, s)) != LCC_OK)
            return st;
        if ((j->i = next_open(m, j->i + 1)) == m->n_to)
            return LCC_OK;
        return go_on(op, j);
    }
    }
    return LCC_EMISUSE;
}

static void job_finished(struct lcc_op *op, lcc_status status)
{
    (void)status;
    struct job *j = op->data;
    if (j->m && j->m->busy == op)
        j->m->busy = NULL;
}

static const lcc__op_class send_class = {LCC_OP_MESSAGE_SEND, send_success, job_finished};
static const lcc__op_class refresh_class = {LCC_OP_MESSAGE_REFRESH, send_success, job_finished};

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
    struct job j = {m, next_to_send(m, 0), CREATE};
    if (j.i == m->n_to)
        return lcc__error(ctx, LCC_ESTATE, "the message was sent to every recipient");
    first_step(&j);
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
    struct job j = {m, next_open(m, 0), FETCH};
    if (j.i == m->n_to)
        return lcc__error(ctx, LCC_ESTATE, "no delivery of the message is waiting for news");
    return start(op, m, &refresh_class, &j);
}
