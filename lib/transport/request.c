/* lcc_request: what the transport sees, and the thread-safe completion. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "transport/io.h"


lcc_request *lcc__request_new(lcc_context *ctx, struct lcc_op *op, const char *url_base)
{
    const lcc_allocator *a = &ctx->alloc;
    lcc_request *req = lcc__calloc(a, 1, sizeof *req);
    if (!req)
        return NULL;
    size_t base = strlen(url_base), path = strlen(op->path);
    req->url = lcc__malloc(a, base + path + 1);
    req->path = lcc__strdup(a, op->path);
    if (op->body) {
        req->body = lcc__strndup(a, op->body, op->body_len);
        req->body_len = op->body_len;
    }
    if (!req->url || !req->path || (op->body && !req->body)) {
        lcc__request_free(ctx, req);
        return NULL;
    }
    memcpy(req->url, url_base, base);
    memcpy(req->url + base, op->path, path + 1);
    req->magic = LCC__MAGIC_REQUEST;
    req->ctx = ctx;
    req->method = op->method;
    req->op = op;
    req->secret = op->internal;
    lcc__timer_init(&req->deadline, lcc__request_timeout);
    return req;
}

void lcc__request_free(lcc_context *ctx, lcc_request *req)
{
    const lcc_allocator *a = &ctx->alloc;
    for (size_t i = 0; i < req->n_headers; i++) /* they may hold a token */
        lcc__free_secret(a, req->header_value[i]);
    lcc__free(a, req->url);
    lcc__free(a, req->path);
    lcc__free(a, req->body);
    lcc__free(a, req->resp_headers);
    if (req->secret) /* the token endpoint's answer */
        lcc__wipe(req->resp_body);
    lcc__free(a, req->resp_body);
    lcc__free(a, req->fail_message);
    req->magic = LCC__MAGIC_DEAD;
    lcc__free(a, req);
}

void lcc__request_hold(lcc__io *io, lcc_request *req)
{
    req->prev = io->held.prev;
    req->next = &io->held;
    io->held.prev->next = req;
    io->held.prev = req;
}

void lcc__request_unhold(lcc_request *req)
{
    req->prev->next = req->next;
    req->next->prev = req->prev;
    req->prev = req->next = NULL;
}

void lcc__request_abandon(lcc_context *ctx, lcc_request *req)
{
    lcc__timers_disarm(&ctx->io->timers, &req->deadline);
    if (req->op) {
        req->op->req = NULL;
        req->op = NULL;
    }
    lcc__io *io = ctx->io;
    if (io->transport.cancel)
        io->transport.cancel(req, io->transport.user_data);
}

static int req_ok(const lcc_request *r)
{
    return r && r->magic == LCC__MAGIC_REQUEST;
}

LCC_API const char *lcc_request_method(const lcc_request *r)
{
    return req_ok(r) ? r->method : NULL;
}

LCC_API const char *lcc_request_path(const lcc_request *r)
{
    return req_ok(r) ? r->path : NULL;
}

LCC_API const char *lcc_request_url(const lcc_request *r)
{
    return req_ok(r) ? r->url : NULL;
}

LCC_API size_t lcc_request_header_count(const lcc_request *r)
{
    return req_ok(r) ? r->n_headers : 0;
}

LCC_API const char *lcc_request_header_name(const lcc_request *r, size_t i)
{
    return req_ok(r) && i < r->n_headers ? r->header_name[i] : NULL;
}

LCC_API const char *lcc_request_header_value(const lcc_request *r, size_t i)
{
    return req_ok(r) && i < r->n_headers ? r->header_value[i] : NULL;
}

LCC_API const char *lcc_request_header(const lcc_request *r, const char *name)
{
    if (!req_ok(r) || !name)
        return NULL;
    for (size_t i = 0; i < r->n_headers; i++)
        if (strcasecmp(r->header_name[i], name) == 0)
            return r->header_value[i];
    return NULL;
}

LCC_API const char *lcc_request_body(const lcc_request *r, size_t *len)
{
    if (len)
        *len = req_ok(r) ? r->body_len : 0;
    return req_ok(r) ? r->body : NULL;
}

LCC_API uint64_t lcc_request_id(const lcc_request *r)
{
    return req_ok(r) ? r->id : 0;
}

LCC_API int64_t lcc_request_deadline_ms(const lcc_request *r)
{
    return req_ok(r) ? r->deadline_ms : 0;
}

/* Queues the completed request on the inbox and wakes the loop.  Called
 * with the copies made; takes the lock itself. */
static lcc_status enqueue(lcc_request *req, lcc_status fail, int http, char *headers, char *body,
                          size_t len, char *message)
{
    lcc__io *io = req->ctx->io;
    const lcc_allocator *a = &req->ctx->alloc;
    pthread_mutex_lock(&io->lock);
    if (req->completed) {
        pthread_mutex_unlock(&io->lock);
        lcc__free(a, headers);
        lcc__free(a, body);
        lcc__free(a, message);
        return LCC_EMISUSE;
    }
    req->completed = 1;
    req->fail_status = fail;
    req->http_status = http;
    req->resp_headers = headers;
    req->resp_body = body;
    req->resp_len = len;
    req->fail_message = message;
    req->inbox_next = NULL;
    if (io->inbox_tail)
        io->inbox_tail->inbox_next = req;
    else
        io->inbox_head = req;
    io->inbox_tail = req;
    lcc__io_wake_locked(io);
    pthread_mutex_unlock(&io->lock);
    return LCC_OK;
}

LCC_API lcc_status lcc_request_complete(lcc_request *req, int http_status, const char *headers,
                                        const char *body, size_t len)
{
    if (!req_ok(req) || http_status < 100 || http_status > 599 || (!body && len))
        return LCC_EMISUSE;
    const lcc_allocator *a = &req->ctx->alloc;
    char *h = headers ? lcc__strdup(a, headers) : NULL;
    char *b = lcc__strndup(a, len ? body : "", len);
    if ((headers && !h) || !b) {
        lcc__free(a, h);
        lcc__free(a, b);
        lcc_status st = lcc__request_answer_lost(req);
        return st == LCC_OK ? LCC_ENOMEM : st;
    }
    return enqueue(req, LCC_OK, http_status, h, b, len, NULL);
}

lcc_status lcc__request_answer_lost(lcc_request *req)
{
    req->answer_lost = 1; /* read only after the completion is applied */
    return enqueue(req, LCC_ENOMEM, 0, NULL, NULL, 0, NULL);
}

LCC_API lcc_status lcc_request_fail(lcc_request *req, lcc_status status, const char *message)
{
    if (!req_ok(req) || status == LCC_OK || status == LCC_EPENDING)
        return LCC_EMISUSE;
    char *m = NULL;
    if (message) {
        /* keep the message short and printable in logs */
        m = lcc__strndup(&req->ctx->alloc, message, strnlen(message, 300));
        for (char *p = m; p && *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = ' ';
    }
    return enqueue(req, status, 0, NULL, NULL, 0, m);
}

