/* The libcurl transport end to end against tests/server/gcserver.py, a local
 * stand-in for the Genesys Cloud API on 127.0.0.1 that checks every request
 * body against our JSON schema and injects faults.  Every fault must end in
 * a defined state with nothing lost and nothing created twice. */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>

#include "../support/gcserver.h"
#include "fixture.h"

#ifndef GCSERVER_SCRIPT
#error "GCSERVER_SCRIPT must name tests/server/gcserver.py"
#endif

static gcserver S;
static lcc_context *ctx;
static lcc_curl_transport *transport;
static lcc_agent *agent;
static log_lines LOG;
static int conv_seq;

/* A context on the real clock, speaking to `base` with the server's
 * client credentials through the curl transport. */
static void open_context(const char *base, const lcc_curl_params *cp)
{
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.log = log_lines_hook;
    p.log_user_data = &LOG;
    p.log_level = LCC_LOG_DEBUG;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_OK);
    ck_assert_int_eq(lcc_context_set_backend(ctx, base, NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_client_credentials(ctx, "test-client", "test-secret"), LCC_OK);
    ck_assert_int_eq(lcc_curl_transport_install(&transport, ctx, cp), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&agent, ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_set_time_zone(agent, "Europe/Paris"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    lcc_queue *q;
    ck_assert_int_eq(lcc_queue_new(&q, ctx, "q1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q, "a1"), LCC_OK);
}

static void setup(void)
{
    ck_assert_int_eq(gcserver_reset(&S), 0);
    log_lines_clear(&LOG);
    open_context(S.base_url, NULL);
}

static void teardown(void)
{
    lcc_context_free(ctx);
    ctx = NULL;
    /* every body the library sent matched the schema */
    ck_assert_int_eq(gcserver_count(&S, "violations"), 0);
}

static lcc_callback *committed(void)
{
    char id[16];
    lcc_conversation *c;
    lcc_callback_draft *d;
    lcc_callback *cb;
    snprintf(id, sizeof id, "c%d", ++conv_seq);
    ck_assert_int_eq(lcc_conversation_new(&c, ctx, id, LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(c, "+33 1 42 68 53 00"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(c, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_agent(c, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_new(&d, ctx, c, agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "ticket", "T-42"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_callee_name(d, "Zoë"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
    lcc_callback_draft_free(d);
    return cb;
}

/* Runs op to its end; returns its status and frees it. */
static lcc_status run(lcc_op *op)
{
    lcc_status st = lcc_context_wait(ctx, op, 60000);
    ck_assert_int_ne(st, LCC_EPENDING);
    st = lcc_op_status(op);
    lcc_op_free(op);
    return st;
}

static lcc_status submit(lcc_callback *cb, unsigned flags)
{
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_submit(&op, cb, flags), LCC_OK);
    return run(op);
}

static void fault(const char *json)
{
    ck_assert_int_eq(gcserver_add_fault(&S, json), 0);
}

START_TEST(create_fetch_reschedule_cancel)
{
    lcc_callback *cb = committed();
    ck_assert_int_eq(submit(cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
    ck_assert_ptr_nonnull(lcc_callback_remote_id(cb));
    ck_assert_ptr_nonnull(lcc_callback_remote_callback_id(cb, "EXTERNAL"));
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1);

    lcc_op *op;
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);

    int64_t later = lcc_context_now_ms(ctx) + 2 * DAY_MS;
    later -= later % 1000;
    ck_assert_int_eq(lcc_callback_reschedule_remote(&op, NULL, cb, agent, later), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), later);
    /* the server has the new time: a fetch brings nothing new */
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), later);

    ck_assert_int_eq(lcc_callback_cancel_remote(&op, NULL, cb, agent), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);

    /* two more, cancelled in one request */
    lcc_callback *two[2] = {committed(), committed()};
    ck_assert_int_eq(submit(two[0], 0), LCC_OK);
    ck_assert_int_eq(submit(two[1], 0), LCC_OK);
    ck_assert_int_eq(lcc_callback_cancel_remote_bulk(&op, NULL, two, 2, agent), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(two[1]), LCC_CALLBACK_CANCELLED);
    char *state = NULL;
    ck_assert_int_eq(gcserver_call(&S, "GET", "/_test/callbacks", NULL, &state), 200);
    ck_assert_ptr_null(strstr(state, "\"state\": \"connected\""));
    ck_assert_ptr_null(strstr(state, "\"state\":\"connected\""));
    free(state);
    ck_assert_int_eq(gcserver_count(&S, "tokens_issued"), 1); /* cached */
}
END_TEST

/* Every shape of CreateCallbackCommand we build passes the server's schema
 * (teardown checks the violations): routingData for an owned callback and
 * for a preferred agent, caller ID, an immediate callback. */
START_TEST(every_body_shape_matches_the_schema)
{
    lcc_queue *q = NULL;
    ck_assert_int_eq(lcc_queue_new(&q, ctx, "q2", "Owned"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(q, 1, 48, 12), LCC_OK);
    for (int shape = 0; shape < 3; shape++) {
        char id[16];
        lcc_conversation *c;
        lcc_callback_draft *d;
        lcc_callback *cb;
        snprintf(id, sizeof id, "s%d", shape);
        ck_assert_int_eq(lcc_conversation_new(&c, ctx, id, LCC_MEDIA_CALL), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_ani(c, "+1 201 555 0123"), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_queue(c, "q2"), LCC_OK);
        ck_assert_int_eq(lcc_conversation_set_agent(c, "a1"), LCC_OK);
        ck_assert_int_eq(lcc_callback_draft_new(&d, ctx, c, agent), LCC_OK);
        if (shape == 0)
            ck_assert_int_eq(lcc_callback_draft_set_take_ownership(d, 1), LCC_OK);
        if (shape == 1) {
            ck_assert_int_eq(lcc_callback_draft_set_route_to_me(d, 1), LCC_OK);
            ck_assert_int_eq(lcc_callback_draft_set_caller_id(d, "+33 1 42 68 53 01", "ACME"),
                             LCC_OK);
        }
        if (shape == 2)
            ck_assert_int_eq(lcc_callback_draft_set_immediate(d, 1), LCC_OK);
        ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
        lcc_callback_draft_free(d);
        ck_assert_int_eq(submit(cb, 0), LCC_OK);
    }
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 3);
}
END_TEST

START_TEST(many_in_flight_reuse_connections)
{
    enum { N = 60 };
    lcc_op *ops[N];
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(lcc_callback_submit(&ops[i], committed(), 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, NULL, 60000), LCC_OK);
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(lcc_op_status(ops[i]), LCC_OK);
        lcc_op_free(ops[i]);
    }
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), N);
    long conns = gcserver_count(&S, "connections");
    ck_assert_int_ge(conns, 1);
    ck_assert_int_le(conns, 8 + 1); /* at most 8 per host, plus the token's */
}
END_TEST

START_TEST(retry_on_503_and_429)
{
    fault("{\"match\":\"POST /api/v2/conversations/callbacks\",\"kind\":\"status\","
          "\"status\":503,\"times\":2}");
    lcc_op *op;
    lcc_callback *cb = committed();
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 60000), LCC_OK);
    ck_assert_uint_eq(lcc_op_attempts(op), 3);
    lcc_op_free(op);
    fault("{\"match\":\"POST /api/v2/conversations/callbacks\",\"kind\":\"status\","
          "\"status\":429,\"retry_after\":\"1\"}");
    cb = committed();
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 60000), LCC_OK);
    ck_assert_uint_eq(lcc_op_attempts(op), 2);
    lcc_op_free(op);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 2);
}
END_TEST

START_TEST(server_refusal_maps_to_rules)
{
    /* the server's clock 40 days behind ours: our default time (in 30
     * minutes) is beyond its 30-day horizon, so it refuses what we accept */
    char body[64];
    snprintf(body, sizeof body, "{\"now_ms\": %lld}",
             (long long)(lcc_context_now_ms(ctx) - 40 * DAY_MS));
    ck_assert_int_eq(gcserver_call(&S, "POST", "/_test/clock", body, NULL), 200);
    lcc_op *op;
    lcc_callback *cb = committed();
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 60000), LCC_EVALIDATION);
    const lcc_report *r = lcc_op_report(op);
    long i = lcc_report_find(r, "CB-HORIZON");
    ck_assert_int_ge(i, 0);
    ck_assert_str_eq(lcc_report_server_code(r, (size_t)i),
                     "callback.error.scheduled.time.too.far.in.future");
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_REJECTED);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 0);
}
END_TEST

/* A fault after the POST was applied: the op ends LCC_EUNKNOWN_OUTCOME,
 * nothing is resent, and the host's reconciliation leaves exactly one. */
static void unknown_outcome(const char *kind_json)
{
    char rule[256];
    snprintf(rule, sizeof rule, "{\"match\":\"POST /api/v2/conversations/callbacks\",%s}",
             kind_json);
    fault(rule);
    lcc_callback *cb = committed();
    ck_assert_int_eq(submit(cb, 0), LCC_EUNKNOWN_OUTCOME);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1);
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_ESTATE); /* not blindly again */
    ck_assert_int_eq(lcc_callback_set_remote_id(cb, "found-by-the-host"), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1);
}

/* A reset before any answer byte, without applying.  On a reused
 * connection libcurl itself sends the request again on a new one (it takes
 * the reset for a stale connection), so the op may succeed; either way the
 * server ends up with exactly one callback. */
START_TEST(reset_before_the_answer)
{
    fault("{\"match\":\"POST /api/v2/conversations/callbacks\",\"kind\":\"reset_before\"}");
    lcc_callback *cb = committed();
    lcc_status st = submit(cb, 0);
    ck_assert_msg(st == LCC_OK || st == LCC_EUNKNOWN_OUTCOME, "%s", lcc_status_str(st));
    if (st == LCC_EUNKNOWN_OUTCOME) {
        ck_assert_int_eq(gcserver_count(&S, "callbacks"), 0);
        ck_assert_int_eq(submit(cb, LCC_SUBMIT_AFTER_UNKNOWN), LCC_OK);
    }
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1);
}
END_TEST
START_TEST(reset_after_the_answer_started) { unknown_outcome("\"kind\":\"reset_after\""); }
END_TEST
START_TEST(truncated_answer) { unknown_outcome("\"kind\":\"truncate\""); }
END_TEST
START_TEST(malformed_answer) { unknown_outcome("\"kind\":\"malformed\""); }
END_TEST

START_TEST(deadline_passes_while_the_server_works)
{
    ck_assert_int_eq(lcc_context_set_request_policy(ctx, 500, 0, 0), LCC_OK);
    fault("{\"match\":\"POST /api/v2/conversations/callbacks\",\"kind\":\"delay\","
          "\"ms\":1500}");
    lcc_callback *cb = committed();
    ck_assert_int_eq(submit(cb, 0), LCC_EUNKNOWN_OUTCOME);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 0); /* still working on it */
    nanosleep(&(struct timespec){1, 600 * 1000 * 1000}, NULL);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1); /* it was applied, once */
    ck_assert_int_eq(lcc_callback_set_remote_id(cb, "found-by-the-host"), LCC_OK);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1);
}
END_TEST

START_TEST(huge_and_slow_answers)
{
    fault("{\"match\":\"POST /api/v2/conversations/callbacks\",\"kind\":\"huge\","
          "\"bytes\":52428800}");
    lcc_callback *cb = committed();
    ck_assert_int_eq(submit(cb, 0), LCC_OK);
    ck_assert_ptr_nonnull(lcc_callback_remote_id(cb));
    fault("{\"match\":\"GET /api/v2/conversations/callbacks\",\"kind\":\"drip\","
          "\"interval_ms\":20,\"chunk\":64}");
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
}
END_TEST

START_TEST(expired_token_is_renewed_once)
{
    lcc_callback *cb = committed();
    ck_assert_int_eq(submit(cb, 0), LCC_OK);
    ck_assert_int_eq(gcserver_call(&S, "POST", "/_test/expire-tokens", NULL, NULL), 200);
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 60000), LCC_OK);
    ck_assert_int_eq(lcc_op_attempts(op), 2);
    lcc_op_free(op);
    ck_assert_int_eq(gcserver_count(&S, "tokens_issued"), 2);
    /* wrong credentials: LCC_EAUTH, and nothing created */
    ck_assert_int_eq(lcc_context_set_client_credentials(ctx, "test-client", "wrong"), LCC_OK);
    ck_assert_int_eq(submit(committed(), 0), LCC_EAUTH);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1);
    /* the log never shows a secret or a token */
    char *reqs = NULL;
    ck_assert_int_eq(gcserver_call(&S, "GET", "/_test/requests", NULL, &reqs), 200);
    const char *tok = strstr(reqs, "Bearer ");
    ck_assert_ptr_nonnull(tok);
    char token[128];
    ck_assert_int_eq(sscanf(tok + 7, "%127[^\"]", token), 1);
    free(reqs);
    ck_assert_ptr_nonnull(strstr(LOG.text, "/api/v2/conversations/callbacks"));
    ck_assert_ptr_null(strstr(LOG.text, token));
    ck_assert_ptr_null(strstr(LOG.text, "test-secret"));
    ck_assert_ptr_null(strstr(LOG.text, "dGVzdC1jbGllbnQ6")); /* base64 "test-client:" */
}
END_TEST

START_TEST(connection_refused_is_retried_then_reported)
{
    lcc_context_free(ctx);
    open_context("http://127.0.0.1:1", NULL);
    ck_assert_int_eq(lcc_context_set_client_credentials(ctx, NULL, NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_request_policy(ctx, 0, 2, 0), LCC_OK);
    lcc_op *op;
    lcc_callback *cb = committed();
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 60000), LCC_EIO);
    ck_assert_uint_eq(lcc_op_attempts(op), 2);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_FAILED); /* safe to submit again */
}
END_TEST

/* TLS peers are always verified: a self-signed server is refused (before
 * anything is sent: LCC_EIO, saying why), and trusted through ca_file. */
START_TEST(tls_is_verified)
{
    char dir[] = "/tmp/lcc-tls-XXXXXX", cmd[512], cert[64], key[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
             "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout %s -out %s "
             ">/dev/null 2>&1", key, cert);
    ck_assert_int_eq(system(cmd), 0);
    gcserver tls;
    const char *args[] = {"--tls-cert", cert, "--tls-key", key, NULL};
    ck_assert_int_eq(gcserver_start(&tls, GCSERVER_SCRIPT, args), 0);
    ck_assert_ptr_nonnull(strstr(tls.base_url, "https://"));

    lcc_context_free(ctx);
    open_context(tls.base_url, NULL);
    ck_assert_int_eq(lcc_context_set_request_policy(ctx, 0, 1, 0), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_submit(&op, committed(), 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 60000), LCC_EIO);
    ck_assert_ptr_nonnull(strstr(lcc_op_message(op), "certificate"));
    lcc_op_free(op);

    lcc_context_free(ctx);
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.ca_file = cert;
    open_context(tls.base_url, &cp);
    ck_assert_int_eq(submit(committed(), 0), LCC_OK);
    ck_assert_int_eq(gcserver_count(&tls, "callbacks"), 1);
    ck_assert_int_eq(gcserver_count(&tls, "violations"), 0);
    gcserver_stop(&tls);
    remove(cert);
    remove(key);
    rmdir(dir);
}
END_TEST

/* --- a host event loop driving the transport (curl's multi-socket shape) --- */

typedef struct loop {
    int fds[16], what[16];
    int n;
    long timer_ms; /* -1: none */
} loop;

static int on_socket(int fd, int what, void *ud)
{
    loop *l = ud;
    for (int i = 0; i < l->n; i++)
        if (l->fds[i] == fd) {
            if (what == LCC_POLL_REMOVE) {
                l->fds[i] = l->fds[--l->n];
                l->what[i] = l->what[l->n];
            } else {
                l->what[i] = what;
            }
            return 0;
        }
    if (what != LCC_POLL_REMOVE) {
        ck_assert_int_lt(l->n, 16);
        l->fds[l->n] = fd;
        l->what[l->n++] = what;
    }
    return 0;
}

static int on_timer(long ms, void *ud)
{
    ((loop *)ud)->timer_ms = ms;
    return 0;
}

START_TEST(host_event_loop)
{
    lcc_context_free(ctx);
    loop l = {.timer_ms = -1};
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.socket_fn = on_socket;
    cp.timer_fn = on_timer;
    cp.hook_user_data = &l;
    open_context(S.base_url, &cp);
    lcc_curl_transport *t = NULL;
    lcc_curl_params only_one = LCC_CURL_PARAMS_INIT;
    only_one.socket_fn = on_socket;
    ck_assert_int_eq(lcc_curl_transport_install(&t, ctx, &only_one), LCC_EMISUSE);
    ck_assert_ptr_null(t);
    lcc_op *op;
    lcc_callback *cb = committed();
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    /* the host's loop: poll what the transport asked for, report readiness
     * and timer expiry, then let the context apply completions */
    for (int round = 0; round < 2000 && lcc_op_status(op) == LCC_EPENDING; round++) {
        struct pollfd p[16];
        for (int i = 0; i < l.n; i++)
            p[i] = (struct pollfd){l.fds[i],
                                   (short)((l.what[i] & LCC_POLL_IN ? POLLIN : 0) |
                                           (l.what[i] & LCC_POLL_OUT ? POLLOUT : 0)),
                                   0};
        int nfds = l.n;
        int timeout = l.timer_ms < 0 || l.timer_ms > 100 ? 100 : (int)l.timer_ms;
        int n = poll(p, (nfds_t)nfds, timeout);
        if (n > 0) {
            for (int i = 0; i < nfds; i++)
                if (p[i].revents) {
                    int ev = (p[i].revents & POLLIN ? LCC_POLL_IN : 0) |
                             (p[i].revents & POLLOUT ? LCC_POLL_OUT : 0);
                    ck_assert_int_eq(lcc_curl_transport_action(transport, p[i].fd, ev), LCC_OK);
                }
        } else if (l.timer_ms >= 0) {
            ck_assert_int_eq(lcc_curl_transport_action(transport, LCC_CURL_TIMEOUT, 0), LCC_OK);
        }
        lcc_context_run_due(ctx);
    }
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(gcserver_count(&S, "callbacks"), 1);
    /* freeing removes the sockets through the hooks, which use `l` */
    lcc_context_free(ctx);
    ctx = NULL;
    ck_assert_int_eq(l.n, 0);
}
END_TEST

int main(void)
{
    if (gcserver_start(&S, GCSERVER_SCRIPT, NULL) != 0)
        return EXIT_FAILURE;
    Suite *s = suite_create("curl");
    TCase *tc = tcase_create("gcserver");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, create_fetch_reschedule_cancel);
    tcase_add_test(tc, every_body_shape_matches_the_schema);
    tcase_add_test(tc, many_in_flight_reuse_connections);
    tcase_add_test(tc, retry_on_503_and_429);
    tcase_add_test(tc, server_refusal_maps_to_rules);
    tcase_add_test(tc, reset_before_the_answer);
    tcase_add_test(tc, reset_after_the_answer_started);
    tcase_add_test(tc, truncated_answer);
    tcase_add_test(tc, malformed_answer);
    tcase_add_test(tc, deadline_passes_while_the_server_works);
    tcase_add_test(tc, huge_and_slow_answers);
    tcase_add_test(tc, expired_token_is_renewed_once);
    tcase_add_test(tc, connection_refused_is_retried_then_reported);
    tcase_add_test(tc, tls_is_verified);
    tcase_add_test(tc, host_event_loop);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    gcserver_stop(&S);
    return rc;
}
