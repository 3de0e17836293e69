/* The asynchronous transport contract through the public API, with a test
 * transport the suite controls: every request completes exactly once
 * (answer, failure, timeout, cancel, teardown), retries, authentication,
 * the Genesys error mapping, notifications, and completion from other
 * threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "failing-alloc.h"
#include "fixture.h"

#define MAX_REQ 64
#define API "http://127.0.0.1:9"
#define CREATED                                                                                  \
    "{\"conversation\":{\"id\":\"conv-1\",\"selfUri\":\"/x\"},\"callbackIdentifiers\":"         \
    "[{\"type\":\"EXTERNAL\",\"id\":\"ext-1\"},{\"type\":\"ACD\",\"id\":\"acd-1\"},"            \
    "{\"type\":\"FROM_THE_FUTURE\",\"id\":\"f-1\"}],\"someNewField\":[1,2]}"

typedef struct mock {
    lcc_request *req[MAX_REQ];
    int done[MAX_REQ];
    size_t n;
    int cancelled[MAX_REQ];
    lcc_status refuse; /* send() returns this when set */
    int destroyed;
    int threaded; /* complete each request from a new thread with `answer` */
    int answer_status;
    const char *answer;
    pthread_t threads[MAX_REQ];
    atomic_int wakeups;
} mock;

static fixture F;
static mock M;

static lcc_status mock_send(lcc_request *req, void *ud)
{
    mock *m = ud;
    if (m->refuse)
        return m->refuse;
    ck_assert_uint_lt(m->n, MAX_REQ);
    m->req[m->n++] = req;
    return LCC_OK;
}

static void mock_cancel(lcc_request *req, void *ud)
{
    mock *m = ud;
    for (size_t i = 0; i < m->n; i++)
        if (m->req[i] == req)
            m->cancelled[i]++;
}

static void mock_destroy(void *ud)
{
    mock *m = ud;
    m->destroyed++;
    for (size_t i = 0; i < m->n; i++)
        if (m->threaded)
            pthread_join(m->threads[i], NULL);
}

static void wakeup(void *ud)
{
    atomic_fetch_add(&((mock *)ud)->wakeups, 1);
}

static void install(void)
{
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = mock_send;
    t.cancel = mock_cancel;
    t.destroy = mock_destroy;
    t.user_data = &M;
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, &t), LCC_OK);
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, API "/", NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_wakeup(F.ctx, wakeup, &M), LCC_OK);
}

static void setup(void)
{
    memset(&M, 0, sizeof M);
    fixture_setup(&F);
    install();
}

static void teardown(void)
{
    fixture_teardown(&F);
    ck_assert_int_eq(M.destroyed, 1);
}

static lcc_status answer(size_t i, int status, const char *headers, const char *body)
{
    ck_assert_uint_lt(i, M.n);
    M.done[i]++;
    return lcc_request_complete(M.req[i], status, headers, body, body ? strlen(body) : 0);
}

static lcc_callback *committed(void)
{
    lcc_callback_draft *d;
    lcc_callback *cb;
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, F.conv, F.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
    lcc_callback_draft_free(d);
    return cb;
}

/* Pops every queued event; counts per type in n[type]. */
static void drain(int n[8])
{
    lcc_event *ev;
    memset(n, 0, 8 * sizeof *n);
    while ((ev = lcc_context_next_event(F.ctx))) {
        ck_assert_int_lt(lcc_event_get_type(ev), 8);
        n[lcc_event_get_type(ev)]++;
        lcc_event_free(ev);
    }
}

static lcc_callback *submitted(lcc_op **op)
{
    lcc_callback *cb = committed();
    ck_assert_int_eq(lcc_callback_submit(op, cb, 0), LCC_OK);
    ck_assert_ptr_nonnull(*op);
    return cb;
}

/* A callback created on the backend ("conv-1"), events drained. */
static lcc_callback *synced(void)
{
    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    ck_assert_int_eq(answer(M.n - 1, 200, NULL, CREATED), LCC_OK);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    lcc_op_free(op);
    int n[8];
    drain(n);
    return cb;
}

START_TEST(request_shape_and_success)
{
    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    ck_assert_int_eq(lcc_op_status(op), LCC_EPENDING);
    ck_assert_int_eq(lcc_op_get_kind(op), LCC_OP_CALLBACK_CREATE);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_PENDING);
    ck_assert_uint_eq(M.n, 1);
    lcc_request *r = M.req[0];
    ck_assert_str_eq(lcc_request_method(r), "POST");
    ck_assert_str_eq(lcc_request_path(r), "/api/v2/conversations/callbacks");
    ck_assert_str_eq(lcc_request_url(r), API "/api/v2/conversations/callbacks");
    ck_assert_str_eq(lcc_request_header(r, "content-type"), "application/json");
    ck_assert_str_eq(lcc_request_header(r, "Accept"), "application/json");
    ck_assert_ptr_null(lcc_request_header(r, "Authorization")); /* no auth configured */
    ck_assert_uint_eq(lcc_request_id(r), 1);
    ck_assert_int_eq(lcc_request_deadline_ms(r), T0_MS + LCC_DEFAULT_REQUEST_TIMEOUT_MS);
    size_t len;
    const char *body = lcc_request_body(r, &len);
    ck_assert_uint_eq(strlen(body), len);
    ck_assert_ptr_nonnull(strstr(body, "\"callbackNumbers\":[\"+33142685300\"]"));
    ck_assert_ptr_nonnull(strstr(body, "\"callbackScheduledTime\":\"2026-11-21T10:30:00.000Z\""));
    ck_assert_ptr_nonnull(strstr(body, "\"queueId\":\"q1\""));

    /* the completion is queued, applied by run_due */
    ck_assert_int_eq(answer(0, 200, "Content-Type: application/json\r\n", CREATED), LCC_OK);
    ck_assert_int_ge(atomic_load(&M.wakeups), 1);
    ck_assert_int_eq(lcc_op_status(op), LCC_EPENDING);
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.ctx), F.now);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    ck_assert_str_eq(lcc_op_message(op), "");
    ck_assert_int_eq(lcc_op_http_status(op), 200);
    ck_assert_uint_eq(lcc_op_attempts(op), 1);
    ck_assert_ptr_eq(lcc_op_callback(op), cb);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
    ck_assert_str_eq(lcc_callback_remote_id(cb), "conv-1");
    ck_assert_str_eq(lcc_callback_remote_callback_id(cb, "external"), "ext-1");
    ck_assert_str_eq(lcc_callback_remote_callback_id(cb, "ACD"), "acd-1");
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.ctx), -1);
    ck_assert_uint_eq(lcc_context_pending_ops(F.ctx), 0);

    /* events in order: created, then the op */
    lcc_event *ev = lcc_context_next_event(F.ctx);
    ck_assert_int_eq(lcc_event_get_type(ev), LCC_EVENT_CALLBACK_CREATED);
    ck_assert_ptr_eq(lcc_event_callback(ev), cb);
    lcc_event_free(ev);
    ev = lcc_context_next_event(F.ctx);
    ck_assert_int_eq(lcc_event_get_type(ev), LCC_EVENT_OPERATION_DONE);
    ck_assert_ptr_eq(lcc_event_op(ev), op);
    ck_assert_int_eq(lcc_event_status(ev), LCC_OK);
    lcc_op_free(op); /* the event outlives its op */
    ck_assert_ptr_null(lcc_event_op(ev));
    lcc_event_free(ev);
    ck_assert_ptr_null(lcc_context_next_event(F.ctx));

    /* exactly once: a second completion is refused */
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_ESTATE);
    ck_assert_ptr_null(op);
}
END_TEST

START_TEST(refused_send_completes_nothing)
{
    lcc_callback *cb = committed();
    lcc_op *op = (lcc_op *)&M; /* must be reset to NULL */
    M.refuse = LCC_EIO;
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_EIO);
    ck_assert_ptr_null(op);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_LOCAL);
    ck_assert_uint_eq(lcc_context_pending_ops(F.ctx), 0);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_ptr_null(lcc_context_next_event(F.ctx));
    /* nothing was lost: it can be submitted once the transport accepts */
    M.refuse = LCC_OK;
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    lcc_op_free(op);
}
END_TEST

/* A callback the backend does not have (never sent, or its creation
 * failed before reaching it) can be withdrawn: its conversation is free for
 * the agent's corrected request (CB-SINGLE); one the backend has, or may
 * have, or with an operation in flight, cannot. */
START_TEST(withdraw_frees_the_conversation)
{
    lcc_callback *first = committed();
    lcc_op *op;
    M.refuse = LCC_EIO;
    ck_assert_int_eq(lcc_callback_submit(&op, first, 0), LCC_EIO);
    M.refuse = LCC_OK;
    lcc_callback_draft *d;
    lcc_callback *cb;
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, F.conv, F.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, &r, d), LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(r, 0), "CB-SINGLE");
    lcc_report_free(r);
    lcc_callback_draft_free(d);

    ck_assert_int_eq(lcc_callback_withdraw(first), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(first), LCC_CALLBACK_REJECTED);
    ck_assert_ptr_null(lcc_context_find_callback_for_conversation(F.ctx, "c1"));
    ck_assert_ptr_null(lcc_context_next_event(F.ctx));
    ck_assert_uint_eq(M.n, 0); /* nothing sent */
    ck_assert_int_eq(lcc_callback_withdraw(first), LCC_ESTATE);
    ck_assert_int_eq(lcc_callback_submit(&op, first, 0), LCC_ESTATE);

    /* the corrected request; its creation fails with a 500 (not applied) */
    lcc_callback *second = submitted(&op);
    ck_assert_ptr_eq(lcc_context_find_callback_for_conversation(F.ctx, "c1"), second);
    ck_assert_int_eq(lcc_callback_withdraw(second), LCC_ESTATE); /* in flight */
    ck_assert_int_eq(answer(M.n - 1, 500, NULL, "{\"status\":500,\"code\":\"internal\"}"),
                     LCC_OK);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_ESERVER);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_sync(second), LCC_SYNC_FAILED);
    ck_assert_int_eq(lcc_callback_withdraw(second), LCC_OK);

    /* on the backend: cancel it there instead */
    lcc_callback *third = synced();
    ck_assert_int_eq(lcc_callback_withdraw(third), LCC_ESTATE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.ctx), "cancel it there"));
    ck_assert_ptr_eq(lcc_context_find_callback_for_conversation(F.ctx, "c1"), third);
    ck_assert_int_eq(lcc_callback_withdraw(NULL), LCC_EMISUSE);
}
END_TEST

/* The transport answered but the library could not keep the answer (out of
 * memory copying it in lcc_request_complete): the backend may have applied
 * the request, so a POST ends LCC_EUNKNOWN_OUTCOME and is never resent; a
 * GET ends LCC_ENOMEM, not retried either.  Nothing leaks. */
START_TEST(answer_lost_to_out_of_memory)
{
    static failing fa;
    fa = (failing){0, 0, 0, 0};
    lcc_allocator a = failing_allocator(&fa);
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.allocator = &a;
    fixture_teardown(&F);
    M.destroyed = 0;
    fixture_context_params(&F, &p);
    fixture_objects(&F);
    install();

    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    fa.fail_at = fa.calls + 1; /* the copy of the answer */
    ck_assert_int_eq(answer(0, 200, NULL, CREATED), LCC_ENOMEM);
    ck_assert(fa.failed);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_EUNKNOWN_OUTCOME);
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "out of memory"));
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "may have applied"));
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    lcc_op_free(op);
    ck_assert_uint_eq(M.n, 1); /* not resent */
    ck_assert_int_eq(lcc_callback_set_remote_id(cb, "conv-1"), LCC_OK);

    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_uint_eq(M.n, 2);
    fa.failed = 0;
    fa.fail_at = fa.calls + 1;
    ck_assert_int_eq(answer(1, 200, NULL, "{\"id\":\"conv-1\"}"), LCC_ENOMEM);
    ck_assert(fa.failed);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_ENOMEM);
    lcc_op_free(op);
    ck_assert_uint_eq(M.n, 2);

    int n[8];
    drain(n);
    fixture_teardown(&F);
    ck_assert_int_eq(fa.live, 0);
    ck_assert_int_eq(M.destroyed, 1);
    M.destroyed = 0;
    fixture_setup(&F); /* for the teardown */
    install();
}
END_TEST

START_TEST(no_transport_or_backend)
{
    lcc_callback *cb = committed();
    lcc_op *op;
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, NULL), LCC_OK);
    ck_assert_int_eq(M.destroyed, 1);
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_ESTATE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.ctx), "transport"));
    M.destroyed = 0;
    lcc_transport bad = LCC_TRANSPORT_INIT;
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, &bad), LCC_EMISUSE); /* no send */
    bad.send = mock_send;
    bad.size = sizeof bad - 1;
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, &bad), LCC_EMISUSE);
    install();
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, "ftp://x", NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, "http://", NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, "http://a b", NULL), LCC_EINVAL);
    /* a transport cannot be swapped under pending operations */
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, NULL), LCC_ESTATE);
    lcc_op_free(op);
    ck_assert_int_eq(M.cancelled[0], 1); /* freeing a pending op cancels its request */
}
END_TEST

START_TEST(timeout_of_a_post_is_an_unknown_outcome)
{
    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.ctx), T0_MS + LCC_DEFAULT_REQUEST_TIMEOUT_MS);
    F.now += LCC_DEFAULT_REQUEST_TIMEOUT_MS - 1;
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EPENDING);
    F.now += 1;
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EUNKNOWN_OUTCOME);
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "not resent"));
    ck_assert_int_eq(M.cancelled[0], 1);
    ck_assert_uint_eq(M.n, 1); /* a POST is never resent blindly */
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    /* the transport's late answer is discarded: no second result */
    ck_assert_int_eq(answer(0, 200, NULL, CREATED), LCC_OK);
    lcc_context_run_due(F.ctx);
    int n[8];
    drain(n);
    ck_assert_int_eq(n[LCC_EVENT_OPERATION_DONE], 1);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_CREATED], 0);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    lcc_op_free(op);
    /* resubmitting needs the host's word, or the id it found */
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_ESTATE);
    ck_assert_int_eq(lcc_callback_set_remote_id(cb, "conv-found"), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
    ck_assert_str_eq(lcc_callback_remote_id(cb), "conv-found");
    ck_assert_int_eq(lcc_callback_set_remote_id(cb, "again"), LCC_ESTATE);
}
END_TEST

START_TEST(resubmit_after_unknown_with_the_flag)
{
    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    ck_assert_int_eq(lcc_request_fail(M.req[0], LCC_EUNKNOWN_OUTCOME, "reset after send"), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EUNKNOWN_OUTCOME);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 7), LCC_EMISUSE);
    ck_assert_int_eq(lcc_callback_submit(&op, cb, LCC_SUBMIT_AFTER_UNKNOWN), LCC_OK);
    ck_assert_uint_eq(M.n, 2);
    lcc_op_free(op);
}
END_TEST

START_TEST(idempotent_requests_retry_on_timeout)
{
    lcc_callback *cb = synced();
    lcc_op *op;
    ck_assert_int_eq(lcc_context_set_request_policy(F.ctx, 1000, 3, 0), LCC_OK);
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    size_t first = M.n - 1;
    for (int i = 0; i < 40 && lcc_op_status(op) == LCC_EPENDING; i++) {
        F.now += 500;
        lcc_context_run_due(F.ctx);
    }
    ck_assert_int_eq(lcc_op_status(op), LCC_ETIMEDOUT);
    ck_assert_uint_eq(lcc_op_attempts(op), 3);
    ck_assert_uint_eq(M.n - first, 3);
    for (size_t i = first; i < M.n; i++) {
        ck_assert_str_eq(lcc_request_method(M.req[i]), "GET");
        ck_assert_str_eq(lcc_request_path(M.req[i]), "/api/v2/conversations/callbacks/conv-1");
        ck_assert_int_eq(M.cancelled[i], 1);
    }
    lcc_op_free(op);
}
END_TEST

START_TEST(retry_after_503_with_backoff)
{
    lcc_op *op;
    submitted(&op);
    uint64_t first_id = lcc_request_id(M.req[0]);
    ck_assert_int_eq(answer(0, 503, NULL, "{\"message\":\"busy\",\"code\":\"service.unavailable\"}"),
                     LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EPENDING);
    int64_t due = lcc_context_next_deadline_ms(F.ctx);
    ck_assert_int_ge(due, F.now + 100); /* jittered: half to all of 200 ms */
    ck_assert_int_le(due, F.now + 200);
    ck_assert_uint_eq(M.n, 1);
    F.now = due;
    lcc_context_run_due(F.ctx);
    ck_assert_uint_eq(M.n, 2);
    ck_assert_uint_eq(lcc_request_id(M.req[1]), first_id + 1); /* a new request */
    ck_assert_int_eq(answer(1, 201, NULL, CREATED), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    ck_assert_uint_eq(lcc_op_attempts(op), 2);
    lcc_op_free(op);
}
END_TEST

START_TEST(retry_after_429_honours_retry_after)
{
    lcc_op *op;
    submitted(&op);
    ck_assert_int_eq(answer(0, 429, "HTTP/1.1 429\r\nretry-after: 2\r\n", ""), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.ctx), F.now + 2000);
    F.now += 1999;
    lcc_context_run_due(F.ctx);
    ck_assert_uint_eq(M.n, 1);
    F.now += 1;
    lcc_context_run_due(F.ctx);
    ck_assert_uint_eq(M.n, 2);
    lcc_op_free(op);
}
END_TEST

START_TEST(retries_are_bounded)
{
    lcc_op *op;
    ck_assert_int_eq(lcc_context_set_request_policy(F.ctx, 0, 2, 0), LCC_OK);
    lcc_callback *cb = submitted(&op);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_uint_eq(M.n, i + 1);
        ck_assert_int_eq(answer(i, 429, "Retry-After: 1\r\n", "{}"), LCC_OK);
        lcc_context_run_due(F.ctx);
        F.now += 1000;
        lcc_context_run_due(F.ctx);
    }
    ck_assert_int_eq(lcc_op_status(op), LCC_EBUSY);
    ck_assert_uint_eq(M.n, 2);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_FAILED);
    lcc_op_free(op);
    /* a Retry-After beyond the budget ends it at once */
    ck_assert_int_eq(lcc_context_set_request_policy(F.ctx, 0, 5, 3000), LCC_OK);
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(answer(M.n - 1, 429, "Retry-After: 60\r\n", "{}"), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EBUSY);
    lcc_op_free(op);
    /* connection failures before sending are retried, then reported */
    ck_assert_int_eq(lcc_context_set_request_policy(F.ctx, 0, 2, 0), LCC_OK);
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_request_fail(M.req[M.n - 1], LCC_EIO, "connection refused"), LCC_OK);
    lcc_context_run_due(F.ctx);
    F.now += 1000;
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_request_fail(M.req[M.n - 1], LCC_EIO, "connection refused"), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EIO);
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "connection refused"));
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_FAILED);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_context_set_request_policy(F.ctx, 0, 21, 0), LCC_ERANGE);
    ck_assert_int_eq(lcc_context_set_request_policy(F.ctx, -1, 0, 0), LCC_ERANGE);
}
END_TEST

static int hook_calls;
static lcc_status hook_status;
static void done_hook(lcc_op *op, lcc_status st, void *ud)
{
    (void)op;
    ck_assert_ptr_eq(ud, &M);
    hook_calls++;
    hook_status = st;
}

START_TEST(cancel_completes_once)
{
    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    hook_calls = 0;
    ck_assert_int_eq(lcc_op_set_done_hook(op, done_hook, &M), LCC_OK);
    ck_assert_int_eq(lcc_op_cancel(op), LCC_OK);
    ck_assert_int_eq(hook_calls, 1);
    ck_assert_int_eq(hook_status, LCC_ECANCELED);
    ck_assert_int_eq(lcc_op_status(op), LCC_ECANCELED);
    ck_assert_int_eq(M.cancelled[0], 1);
    ck_assert_int_eq(lcc_op_cancel(op), LCC_ESTATE);
    /* the POST was out: it may have arrived */
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    ck_assert_int_eq(lcc_request_fail(M.req[0], LCC_ECANCELED, NULL), LCC_OK);
    ck_assert_int_eq(lcc_request_fail(M.req[0], LCC_ECANCELED, NULL), LCC_EMISUSE);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(hook_calls, 1);
    ck_assert_ptr_null(lcc_context_next_event(F.ctx)); /* the hook replaced the event */
    lcc_op_free(op);
}
END_TEST

START_TEST(teardown_cancels_everything)
{
    lcc_op *op1, *op2;
    lcc_callback *cb = submitted(&op1);
    (void)cb;
    lcc_callback_draft *d;
    lcc_conversation *c2;
    ck_assert_int_eq(lcc_conversation_new(&c2, F.ctx, "c2", LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(c2, "+33 1 42 68 53 01"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(c2, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_agent(c2, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, c2, F.agent), LCC_OK);
    lcc_callback *cb2;
    ck_assert_int_eq(lcc_callback_draft_commit(&cb2, NULL, d), LCC_OK);
    ck_assert_int_eq(lcc_callback_submit(&op2, cb2, 0), LCC_OK);
    hook_calls = 0;
    lcc_op_set_done_hook(op1, done_hook, &M);
    lcc_op_set_done_hook(op2, done_hook, &M);
    /* one request answered but not yet applied, one never answered */
    ck_assert_int_eq(answer(0, 200, NULL, CREATED), LCC_OK);
    lcc_context_free(F.ctx);
    F.ctx = NULL;
    ck_assert_int_eq(hook_calls, 2);
    ck_assert_int_eq(hook_status, LCC_ECANCELED);
    ck_assert_int_eq(M.cancelled[1], 1);
    ck_assert_int_eq(M.destroyed, 1);
    /* (leak checkers prove the unanswered request was freed) */
}
END_TEST

START_TEST(server_errors_map_to_rules)
{
    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    ck_assert_int_eq(answer(0, 400, NULL,
                            "{\"message\":\"Callback is scheduled to far in the future.\","
                            "\"code\":\"callback.error.scheduled.time.too.far.in.future\","
                            "\"status\":400,\"messageParams\":{},\"contextId\":\"x\"}"),
                     LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EVALIDATION);
    const lcc_report *r = lcc_op_report(op);
    ck_assert_ptr_nonnull(r);
    long i = lcc_report_find(r, "CB-HORIZON");
    ck_assert_int_ge(i, 0);
    ck_assert_str_eq(lcc_report_server_code(r, (size_t)i),
                     "callback.error.scheduled.time.too.far.in.future");
    ck_assert_str_eq(lcc_report_message(r, (size_t)i),
                     "Callback is scheduled to far in the future.");
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "HTTP 400"));
    /* refused: the conversation is free for a new callback (CB-SINGLE) */
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_REJECTED);
    int n[8];
    drain(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_REJECTED], 1);
    ck_assert_ptr_null(lcc_context_find_callback_for_conversation(F.ctx, "c1"));
    lcc_callback *again = committed();
    ck_assert_ptr_ne(again, cb);
    lcc_op_free(op);

    /* an unknown code and an HTML page */
    ck_assert_int_eq(lcc_callback_submit(&op, again, 0), LCC_OK);
    ck_assert_int_eq(answer(M.n - 1, 418, NULL, "<html>teapot</html>"), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EREJECTED);
    ck_assert_int_ge(lcc_report_find(lcc_op_report(op), "API"), 0);
    lcc_op_free(op);
}
END_TEST

/* Bodies cJSON alone would read but that are not RFC 8259: refused as not JSON. */
START_TEST(strict_json_bodies)
{
    /* an error body with a known code but a leading zero: a plain HTTP 400 */
    lcc_op *op;
    lcc_callback *cb = submitted(&op);
    ck_assert_int_eq(answer(0, 400, NULL,
                            "{\"message\":\"Too far.\",\"status\":0400,"
                            "\"code\":\"callback.error.scheduled.time.too.far.in.future\"}"),
                     LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EREJECTED);
    const lcc_report *r = lcc_op_report(op);
    ck_assert_int_lt(lcc_report_find(r, "CB-HORIZON"), 0);
    long i = lcc_report_find(r, "API");
    ck_assert_int_ge(i, 0);
    ck_assert_ptr_null(lcc_report_server_code(r, (size_t)i));
    ck_assert_str_eq(lcc_report_message(r, (size_t)i), "HTTP 400");
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_REJECTED);
    lcc_op_free(op);
    /* a success body with a raw tab in a string: the outcome is unknown */
    cb = committed();
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(answer(M.n - 1, 200, NULL,
                            "{\"conversation\":{\"id\":\"conv\t1\"},\"callbackIdentifiers\":[]}"),
                     LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EUNKNOWN_OUTCOME);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    lcc_op_free(op);
    /* a notification with a raw line break in a string */
    const char *n = "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"a\nb\"}}";
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, n, strlen(n)), LCC_EFORMAT);
}
END_TEST

static log_lines LOG;

/* A context whose log goes to LOG at DEBUG. */
static void setup_logged(void)
{
    memset(&M, 0, sizeof M);
    fixture_setup(&F);
    lcc_context_free(F.ctx);
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = fixture_clock;
    p.clock_user_data = &F;
    p.log = log_lines_hook;
    p.log_user_data = &LOG;
    p.log_level = LCC_LOG_DEBUG;
    ck_assert_int_eq(lcc_context_new(&F.ctx, &p), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&F.agent, F.ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&F.queue, F.ctx, "q1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_new(&F.conv, F.ctx, "c1", LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(F.conv, "+33 1 42 68 53 00"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(F.conv, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_agent(F.conv, "a1"), LCC_OK);
    install();
    log_lines_clear(&LOG);
}

START_TEST(oauth_client_credentials)
{
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, API, "http://127.0.0.1:10/"), LCC_OK);
    ck_assert_int_eq(lcc_context_set_client_credentials(F.ctx, "my-id", "s3cret-Value"), LCC_OK);
    ck_assert_int_eq(lcc_context_set_client_credentials(F.ctx, "a:b", "x"), LCC_EINVAL);
    lcc_op *op;
    submitted(&op);
    /* first the token */
    ck_assert_uint_eq(M.n, 1);
    ck_assert_str_eq(lcc_request_method(M.req[0]), "POST");
    ck_assert_str_eq(lcc_request_url(M.req[0]), "http://127.0.0.1:10/oauth/token");
    /* base64("my-id:s3cret-Value") */
    ck_assert_str_eq(lcc_request_header(M.req[0], "Authorization"),
                     "Basic bXktaWQ6czNjcmV0LVZhbHVl");
    ck_assert_str_eq(lcc_request_header(M.req[0], "Content-Type"),
                     "application/x-www-form-urlencoded");
    ck_assert_str_eq(lcc_request_body(M.req[0], NULL), "grant_type=client_credentials");
    ck_assert_int_eq(answer(0, 200, NULL,
                            "{\"access_token\":\"tok-AAA\",\"token_type\":\"bearer\","
                            "\"expires_in\":3600}"),
                     LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_uint_eq(M.n, 2);
    ck_assert_str_eq(lcc_request_header(M.req[1], "Authorization"), "Bearer tok-AAA");
    /* 401: one renewal, then the same request again */
    ck_assert_int_eq(answer(1, 401, NULL, "{\"code\":\"bad.credentials\",\"status\":401}"), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_uint_eq(M.n, 3);
    ck_assert_str_eq(lcc_request_path(M.req[2]), "/oauth/token");
    ck_assert_int_eq(answer(2, 200, NULL, "{\"access_token\":\"tok-BBB\",\"expires_in\":3600}"),
                     LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_uint_eq(M.n, 4);
    ck_assert_str_eq(lcc_request_header(M.req[3], "Authorization"), "Bearer tok-BBB");
    ck_assert_int_eq(answer(3, 200, NULL, CREATED), LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    lcc_op_free(op);
    /* the cached token is used until a minute before it expires */
    lcc_callback *cb = lcc_context_find_callback_for_conversation(F.ctx, "c1");
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_uint_eq(M.n, 5);
    ck_assert_str_eq(lcc_request_header(M.req[4], "Authorization"), "Bearer tok-BBB");
    answer(4, 200, NULL, "{\"id\":\"conv-1\"}");
    lcc_context_run_due(F.ctx);
    lcc_op_free(op);
    F.now += 3600 * 1000 - 59 * 1000;
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_str_eq(lcc_request_path(M.req[M.n - 1]), "/oauth/token");
    /* a refused token request fails the waiting operation with EAUTH */
    answer(M.n - 1, 401, NULL, "{\"error\":\"invalid_client\"}");
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EAUTH);
    lcc_op_free(op);
    /* no secret or token in the debug log */
    ck_assert_ptr_nonnull(strstr(LOG.text, "/oauth/token"));
    ck_assert_ptr_null(strstr(LOG.text, "s3cret"));
    ck_assert_ptr_null(strstr(LOG.text, "bXktaWQ"));
    ck_assert_ptr_null(strstr(LOG.text, "tok-AAA"));
    ck_assert_ptr_null(strstr(LOG.text, "tok-BBB"));
}
END_TEST

/* A token response cJSON alone would read (invalid UTF-8 in a string): EFORMAT,
 * as for any unreadable token response. */
START_TEST(strict_json_token)
{
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, API, "http://127.0.0.1:10/"), LCC_OK);
    ck_assert_int_eq(lcc_context_set_client_credentials(F.ctx, "my-id", "s3cret-Value"), LCC_OK);
    lcc_op *op;
    submitted(&op);
    ck_assert_uint_eq(M.n, 1);
    ck_assert_str_eq(lcc_request_path(M.req[0]), "/oauth/token");
    ck_assert_int_eq(answer(0, 200, NULL,
                            "{\"access_token\":\"tok-AAA\",\"token_type\":\"b\xe9\","
                            "\"expires_in\":3600}"),
                     LCC_OK);
    lcc_context_run_due(F.ctx);
    ck_assert_uint_eq(M.n, 1);
    ck_assert_int_eq(lcc_op_status(op), LCC_EFORMAT);
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "access_token"));
    lcc_op_free(op);
}
END_TEST

static int token_asks;
static void token_hook(lcc_context *ctx, void *ud)
{
    (void)ctx, (void)ud;
    token_asks++;
}

START_TEST(host_token_and_hook)
{
    ck_assert_int_eq(lcc_context_set_token_hook(F.ctx, token_hook, NULL), LCC_OK);
    token_asks = 0;
    lcc_op *op;
    submitted(&op);
    ck_assert_int_eq(token_asks, 1);
    ck_assert_uint_eq(M.n, 0); /* parked until the host answers */
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.ctx), T0_MS + LCC_DEFAULT_RETRY_BUDGET_MS);
    ck_assert_int_eq(lcc_context_set_access_token(F.ctx, "bad token", 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_context_set_access_token(F.ctx, "host-tok-1", 0), LCC_OK);
    ck_assert_uint_eq(M.n, 1);
    ck_assert_str_eq(lcc_request_header(M.req[0], "Authorization"), "Bearer host-tok-1");
    answer(0, 401, NULL, "{}");
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(token_asks, 2);
    ck_assert_uint_eq(M.n, 1);
    /* the host never answers: the wait ends with the budget */
    F.now += LCC_DEFAULT_RETRY_BUDGET_MS;
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_ETIMEDOUT);
    lcc_op_free(op);
    ck_assert_ptr_null(strstr(LOG.text, "host-tok-1"));
}
END_TEST

/* No text of the library holds a credential, whatever fails: 1 when s
 * shows none of the secret, its HTTP Basic form, or either token. */
static int credential_free(const char *s)
{
    return s && !strstr(s, "s3cret") && !strstr(s, "bXktaWQ6") && !strstr(s, "tok-AAA") &&
           !strstr(s, "host-tok-1");
}

/* Every text of op (message, report entries) and of the context is
 * credential-free; the report, when there is one, names what was withheld. */
static void assert_no_credential(lcc_op *op)
{
    ck_assert_msg(credential_free(lcc_op_message(op)), "%s", lcc_op_message(op));
    ck_assert_msg(credential_free(lcc_context_errmsg(F.ctx)), "%s", lcc_context_errmsg(F.ctx));
    const lcc_report *r = lcc_op_report(op);
    for (size_t i = 0; i < lcc_report_count(r); i++) {
        ck_assert_msg(credential_free(lcc_report_message(r, i)), "%s",
                      lcc_report_message(r, i));
        const char *code = lcc_report_server_code(r, i);
        ck_assert_msg(!code || credential_free(code), "%s", code);
    }
    ck_assert_msg(credential_free(LOG.text), "%s", LOG.text);
}

/* A backend that echoes what it was sent in its error bodies (the secret, the
 * Basic header, the bearer token; in messages, codes, field names and the
 * contextId): the report, the op's message, the context's message and the
 * debug log show "[redacted]" instead, and the rest of the text. */
START_TEST(echoed_credentials_are_redacted)
{
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, API, "http://127.0.0.1:10/"), LCC_OK);
    ck_assert_int_eq(lcc_context_set_client_credentials(F.ctx, "my-id", "s3cret-Value"), LCC_OK);
    lcc_op *op;
    submitted(&op);
    ck_assert_uint_eq(M.n, 1);
    ck_assert_str_eq(lcc_request_path(M.req[0]), "/oauth/token");
    /* the token endpoint refuses, echoing the secret and the Basic header */
    answer(0, 401, NULL,
           "{\"message\":\"client my-id: secret s3cret-Value is wrong "
           "(Authorization: Basic bXktaWQ6czNjcmV0LVZhbHVl)\",\"code\":\"bad.s3cret-Value\","
           "\"status\":401,\"contextId\":\"s3cret-Value\"}");
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EAUTH);
    assert_no_credential(op);
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "secret [redacted] is wrong"));
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "Basic [redacted])"));
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "client my-id"));
    lcc_op_free(op);

    /* a token; then a 500 on the request that carried it, echoing it */
    lcc_callback *cb = lcc_context_find_callback_for_conversation(F.ctx, "c1");
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_str_eq(lcc_request_path(M.req[M.n - 1]), "/oauth/token");
    answer(M.n - 1, 200, NULL, "{\"access_token\":\"tok-AAA\",\"expires_in\":3600}");
    lcc_context_run_due(F.ctx);
    ck_assert_str_eq(lcc_request_header(M.req[M.n - 1], "Authorization"), "Bearer tok-AAA");
    answer(M.n - 1, 500, NULL,
           "{\"message\":\"upstream said no to Bearer tok-AAA\",\"code\":\"internal\","
           "\"status\":500,\"contextId\":\"tok-AAA\",\"details\":[{\"errorCode\":"
           "\"tok-AAA.bad\",\"fieldName\":\"header tok-AAA\"}],\"errors\":[{\"code\":"
           "\"again\",\"message\":\"token tok-AAAtok-AAA s3cret-Value\"}]}");
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_ESERVER);
    ck_assert_uint_eq(lcc_report_count(lcc_op_report(op)), 3);
    assert_no_credential(op);
    ck_assert_str_eq(lcc_report_message(lcc_op_report(op), 0),
                     "upstream said no to Bearer [redacted]");
    ck_assert_str_eq(lcc_report_message(lcc_op_report(op), 2),
                     "token [redacted][redacted] [redacted]");
    lcc_op_free(op);

    /* a token the host gave, refused with a 403 that echoes it */
    ck_assert_int_eq(lcc_context_set_client_credentials(F.ctx, NULL, NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_access_token(F.ctx, "host-tok-1", 0), LCC_OK);
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_str_eq(lcc_request_header(M.req[M.n - 1], "Authorization"), "Bearer host-tok-1");
    answer(M.n - 1, 403, NULL, "{\"message\":\"host-tok-1 may not\",\"status\":403}");
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_EPERM);
    assert_no_credential(op);
    ck_assert_str_eq(lcc_report_message(lcc_op_report(op), 0), "[redacted] may not");
    lcc_op_free(op);
}
END_TEST

START_TEST(reschedule_cancel_and_bulk)
{
    lcc_callback *cb = synced();
    lcc_op *op;
    lcc_report *rep = NULL;
    int64_t later = T0_MS + 2 * DAY_MS;
    /* local changes are refused once the backend has it */
    ck_assert_int_eq(lcc_callback_reschedule(NULL, cb, F.agent, later), LCC_ESTATE);
    ck_assert_int_eq(lcc_callback_cancel(NULL, cb, F.agent), LCC_ESTATE);
    /* rules first: beyond the horizon never leaves the library */
    size_t sent = M.n;
    ck_assert_int_eq(lcc_callback_reschedule_remote(&op, &rep, cb, F.agent, T0_MS + 40 * DAY_MS),
                     LCC_EVALIDATION);
    ck_assert_int_ge(lcc_report_find(rep, "CB-HORIZON"), 0);
    lcc_report_free(rep);
    ck_assert_uint_eq(M.n, sent);
    ck_assert_int_eq(lcc_callback_reschedule_remote(&op, NULL, cb, F.agent, later), LCC_OK);
    lcc_request *r = M.req[M.n - 1];
    ck_assert_str_eq(lcc_request_method(r), "PATCH");
    ck_assert_str_eq(lcc_request_path(r), "/api/v2/conversations/callbacks");
    const char *body = lcc_request_body(r, NULL);
    ck_assert_ptr_nonnull(strstr(body, "\"conversationId\":\"conv-1\""));
    ck_assert_ptr_nonnull(strstr(body, "\"agentId\":\"a1\""));
    ck_assert_ptr_nonnull(strstr(body, "\"callbackScheduledTime\":\"2026-11-23T10:00:00.000Z\""));
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), T0_MS + 30 * 60000); /* until confirmed */
    lcc_op *op2 = (lcc_op *)&M;
    ck_assert_int_eq(lcc_callback_cancel_remote(&op2, NULL, cb, F.agent), LCC_ESTATE); /* busy */
    ck_assert_ptr_null(op2);
    answer(M.n - 1, 200, NULL, CREATED);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), later);
    lcc_op_free(op);

    ck_assert_int_eq(lcc_callback_cancel_remote(&op, NULL, cb, F.agent), LCC_OK);
    r = M.req[M.n - 1];
    ck_assert_str_eq(lcc_request_path(r), "/api/v2/conversations/callbacks/conv-1");
    ck_assert_str_eq(lcc_request_body(r, NULL), "{\"state\":\"disconnected\"}");
    answer(M.n - 1, 200, NULL, "{\"id\":\"conv-1\"}");
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    lcc_op_free(op);
    int n[8];
    drain(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_UPDATED], 1);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_CANCELLED], 1);
    ck_assert_int_eq(n[LCC_EVENT_OPERATION_DONE], 2);
    /* a cancelled callback cannot be cancelled again (CB-CANCEL) */
    ck_assert_int_eq(lcc_callback_cancel_remote(&op, &rep, cb, F.agent), LCC_EVALIDATION);
    lcc_report_free(rep);
    ck_assert_int_eq(lcc_callback_cancel_remote_bulk(&op, NULL, &cb, 0, F.agent), LCC_EMISUSE);
}
END_TEST

START_TEST(bulk_cancel)
{
    lcc_callback *cb[3];
    char conv[3][8], created[256];
    for (int i = 0; i < 3; i++) {
        lcc_conversation *c;
        snprintf(conv[i], sizeof conv[i], "k%d", i);
        ck_assert_int_eq(lcc_conversation_new(&c, F.ctx, conv[i], LCC_MEDIA_CALL), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_ani(c, "+33 1 42 68 53 00"), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_queue(c, "q1"), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_agent(c, "a1"), LCC_OK);
        lcc_callback_draft *d;
        ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, c, F.agent), LCC_OK);
        ck_assert_int_eq(lcc_callback_draft_commit(&cb[i], NULL, d), LCC_OK);
        lcc_callback_draft_free(d);
        lcc_op *op;
        ck_assert_int_eq(lcc_callback_submit(&op, cb[i], 0), LCC_OK);
        snprintf(created, sizeof created,
                 "{\"conversation\":{\"id\":\"rc%d\"},\"callbackIdentifiers\":"
                 "[{\"type\":\"EXTERNAL\",\"id\":\"e%d\"}]}", i, i);
        answer(M.n - 1, 200, NULL, created);
        lcc_context_run_due(F.ctx);
        ck_assert_int_eq(lcc_op_status(op), LCC_OK);
        lcc_op_free(op);
    }
    lcc_op *op;
    lcc_callback *twice[2] = {cb[0], cb[0]};
    ck_assert_int_eq(lcc_callback_cancel_remote_bulk(&op, NULL, twice, 2, F.agent), LCC_EINVAL);
    lcc_report *rep = (lcc_report *)&M;
    ck_assert_int_eq(lcc_callback_cancel_remote_bulk(&op, &rep, cb, 3, F.agent), LCC_OK);
    ck_assert_ptr_null(rep); /* only a refusal hands a report out (leak checkers watch) */
    ck_assert_int_eq(lcc_op_get_kind(op), LCC_OP_CALLBACK_BULK_CANCEL);
    ck_assert_ptr_null(lcc_op_callback(op));
    lcc_request *r = M.req[M.n - 1];
    ck_assert_str_eq(lcc_request_path(r), "/api/v2/conversations/callbacks/bulk/disconnect");
    ck_assert_ptr_nonnull(strstr(lcc_request_body(r, NULL),
                                 "{\"conversationId\":\"rc2\",\"callbackId\":\"e2\"}"));
    answer(M.n - 1, 202, NULL, "");
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(lcc_callback_get_state(cb[i]), LCC_CALLBACK_CANCELLED);
    lcc_op_free(op);
    /* cancelled already: CB-CANCEL refuses, with the report of that callback */
    ck_assert_int_eq(lcc_callback_cancel_remote_bulk(&op, &rep, cb, 3, F.agent), LCC_EVALIDATION);
    ck_assert_ptr_null(op);
    ck_assert_int_ge(lcc_report_find(rep, "CB-CANCEL"), 0);
    lcc_report_free(rep);
}
END_TEST

START_TEST(notifications_update_callbacks)
{
    lcc_callback *cb = synced();
    const char *moved =
        "{\"topicName\":\"v2.users.a1.conversations.callbacks\",\"version\":\"2\","
        "\"eventBody\":{\"id\":\"conv-1\",\"participants\":[{\"id\":\"p1\",\"purpose\":"
        "\"customer\",\"state\":\"brandNewState\",\"callbackNumbers\":[\"+33142685300\"],"
        "\"callbackScheduledTime\":\"2026-11-22T08:00:00.000Z\",\"queue\":{\"id\":\"q1\"}}]}}";
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, moved, strlen(moved)), LCC_OK);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), T0_MS + 22 * HOUR_MS);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_SCHEDULED);
    const char *ended =
        "{\"topicName\":\"v2.conversations.callbacks.conv-1\",\"eventBody\":{\"id\":\"conv-1\","
        "\"participants\":[{\"purpose\":\"customer\",\"state\":\"disconnected\","
        "\"callbackNumbers\":[\"+33142685300\"]}]}}";
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, ended, strlen(ended)), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    int n[8];
    drain(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_UPDATED], 1);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_CANCELLED], 1);
    /* repeated: nothing changes, no event */
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, ended, strlen(ended)), LCC_OK);
    ck_assert_ptr_null(lcc_context_next_event(F.ctx));
    const char *beat = "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"WebSocket "
                       "Heartbeat\"}}";
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, beat, strlen(beat)), LCC_OK);
    const char *other = "{\"topicName\":\"v2.conversations.callbacks.nope\",\"eventBody\":"
                        "{\"id\":\"nope\"}}";
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, other, strlen(other)), LCC_OK);
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, "[1]", 3), LCC_EFORMAT);
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, "{\"topicName\":", 13), LCC_EFORMAT);
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, NULL, 3), LCC_EMISUSE);
    ck_assert_ptr_null(lcc_context_next_event(F.ctx));
}
END_TEST

/* --- completion from other threads ------------------------------------- */

typedef struct job {
    lcc_request *req;
    int status;
    const char *body;
} job;

static void *complete_later(void *arg)
{
    job *j = arg;
    struct timespec ts = {0, 2 * 1000000};
    nanosleep(&ts, NULL);
    ck_assert_int_eq(lcc_request_complete(j->req, j->status, NULL, j->body, strlen(j->body)),
                     LCC_OK);
    free(j);
    return NULL;
}

static lcc_status threaded_send(lcc_request *req, void *ud)
{
    mock *m = ud;
    job *j = malloc(sizeof *j);
    *j = (job){req, m->answer_status, m->answer};
    ck_assert_int_eq(pthread_create(&m->threads[m->n++], NULL, complete_later, j), 0);
    return LCC_OK;
}

START_TEST(completion_from_other_threads)
{
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = threaded_send;
    t.destroy = mock_destroy;
    t.user_data = &M;
    M.threaded = 1;
    M.answer_status = 200;
    M.answer = CREATED;
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, &t), LCC_OK);
    ck_assert_int_eq(M.destroyed, 1);
    M.destroyed = 0;
    enum { N = 20 };
    lcc_op *ops[N];
    for (int i = 0; i < N; i++) {
        char id[8];
        lcc_conversation *c;
        snprintf(id, sizeof id, "t%d", i);
        ck_assert_int_eq(lcc_conversation_new(&c, F.ctx, id, LCC_MEDIA_CALL), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_ani(c, "+33 1 42 68 53 00"), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_queue(c, "q1"), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_agent(c, "a1"), LCC_OK);
        lcc_callback_draft *d;
        lcc_callback *cb;
        ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, c, F.agent), LCC_OK);
        ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
        lcc_callback_draft_free(d);
        ck_assert_int_eq(lcc_callback_submit(&ops[i], cb, 0), LCC_OK);
    }
    ck_assert_int_eq(lcc_context_wait(F.ctx, ops[0], 10000), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(F.ctx, NULL, 10000), LCC_OK);
    ck_assert_uint_eq(lcc_context_pending_ops(F.ctx), 0);
    for (size_t i = 0; i < M.n; i++) /* every completing thread has returned */
        pthread_join(M.threads[i], NULL);
    M.threaded = 0;
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(lcc_op_status(ops[i]), LCC_OK);
        lcc_op_free(ops[i]);
    }
    ck_assert_int_ge(atomic_load(&M.wakeups), N);
    int n[8];
    drain(n);
    ck_assert_int_eq(n[LCC_EVENT_OPERATION_DONE], N);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_CREATED], N);
}
END_TEST

static void *wake_soon(void *arg)
{
    struct timespec ts = {0, 20 * 1000000};
    nanosleep(&ts, NULL);
    lcc_context_wakeup(arg);
    return NULL;
}

START_TEST(wait_times_out_and_wakes)
{
    lcc_op *op;
    submitted(&op);
    ck_assert_int_eq(lcc_context_wait(F.ctx, op, 30), LCC_ETIMEDOUT);
    ck_assert_int_eq(lcc_op_status(op), LCC_EPENDING);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, wake_soon, F.ctx), 0);
    /* woken early, it checks again and goes on waiting until its timeout */
    ck_assert_int_eq(lcc_context_wait(F.ctx, op, 200), LCC_ETIMEDOUT);
    pthread_join(t, NULL);
    ck_assert_int_eq(lcc_context_wait(NULL, op, 0), LCC_EMISUSE);
    lcc_op_free(op);
}
END_TEST

START_TEST(misuse_is_caught)
{
    ck_assert_ptr_null(lcc_request_method(NULL));
    ck_assert_ptr_null(lcc_request_header(NULL, "x"));
    ck_assert_uint_eq(lcc_request_header_count(NULL), 0);
    ck_assert_int_eq(lcc_request_complete(NULL, 200, NULL, "", 0), LCC_EMISUSE);
    ck_assert_int_eq(lcc_request_fail(NULL, LCC_EIO, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_op_status(NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_op_cancel(NULL), LCC_EMISUSE);
    lcc_op_free(NULL);
    lcc_event_free(NULL);
    ck_assert_ptr_null(lcc_context_next_event(NULL));
    ck_assert_int_eq(lcc_context_run_due(NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_context_next_deadline_ms(NULL), -1);
    lcc_context_wakeup(NULL);
    lcc_op *op;
    submitted(&op);
    ck_assert_int_eq(lcc_request_complete(M.req[0], 99, NULL, "", 0), LCC_EMISUSE);
    ck_assert_int_eq(lcc_request_fail(M.req[0], LCC_OK, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_request_complete(M.req[0], 200, NULL, NULL, 5), LCC_EMISUSE);
    ck_assert_int_eq(lcc_callback_submit(NULL, lcc_op_callback(op), 0), LCC_EMISUSE);
    lcc_op_free(op);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("transport");
    TCase *tc = tcase_create("contract");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, request_shape_and_success);
    tcase_add_test(tc, refused_send_completes_nothing);
    tcase_add_test(tc, withdraw_frees_the_conversation);
    tcase_add_test(tc, answer_lost_to_out_of_memory);
    tcase_add_test(tc, no_transport_or_backend);
    tcase_add_test(tc, timeout_of_a_post_is_an_unknown_outcome);
    tcase_add_test(tc, resubmit_after_unknown_with_the_flag);
    tcase_add_test(tc, idempotent_requests_retry_on_timeout);
    tcase_add_test(tc, retry_after_503_with_backoff);
    tcase_add_test(tc, retry_after_429_honours_retry_after);
    tcase_add_test(tc, retries_are_bounded);
    tcase_add_test(tc, cancel_completes_once);
    tcase_add_test(tc, server_errors_map_to_rules);
    tcase_add_test(tc, strict_json_bodies);
    tcase_add_test(tc, reschedule_cancel_and_bulk);
    tcase_add_test(tc, bulk_cancel);
    tcase_add_test(tc, notifications_update_callbacks);
    tcase_add_test(tc, completion_from_other_threads);
    tcase_add_test(tc, wait_times_out_and_wakes);
    tcase_add_test(tc, misuse_is_caught);
    suite_add_tcase(s, tc);
    TCase *td = tcase_create("teardown");
    tcase_add_checked_fixture(td, setup, NULL);
    tcase_add_test(td, teardown_cancels_everything);
    suite_add_tcase(s, td);
    TCase *ta = tcase_create("auth");
    tcase_add_checked_fixture(ta, setup_logged, teardown);
    tcase_add_test(ta, oauth_client_credentials);
    tcase_add_test(ta, strict_json_token);
    tcase_add_test(ta, host_token_and_hook);
    tcase_add_test(ta, echoed_credentials_are_redacted);
    suite_add_tcase(s, ta);
    return run_suite(s);
}
