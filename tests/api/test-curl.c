/* The libcurl transport end to end against tests/server/gcserver.py, a local
 * stand-in for the Genesys Cloud API on 127.0.0.1 that checks every request
 * body against our JSON schema and injects faults.  Every fault must end in
 * a defined state with nothing lost and nothing created twice. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* A throw-away self-signed certificate for 127.0.0.1 in dir: dir/cert.pem
 * and dir/key.pem. */
static void make_cert(const char *dir, char *cert, char *key, size_t size)
{
    char cmd[512];
    snprintf(cert, size, "%s/cert.pem", dir);
    snprintf(key, size, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
             "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout %s -out %s "
             ">/dev/null 2>&1", key, cert);
    ck_assert_msg(system(cmd) == 0, "openssl could not make a test certificate");
}

/* TLS peers are always verified: a self-signed server is refused (before
 * anything is sent: LCC_EIO, saying why), and trusted through ca_file. */
START_TEST(tls_is_verified)
{
    char dir[] = "/tmp/lcc-tls-XXXXXX", cert[64], key[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    make_cert(dir, cert, key, sizeof cert);
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

/* --- HTTP/2 against nghttpd (Debian package nghttp2-server) ------------------
 *
 * nghttpd speaks only HTTP/2 over TLS (a client that does not offer h2 in
 * ALPN is refused) and serves static files; with -v it prints every frame,
 * each line tagged with its connection ("[id=N]") and the stream
 * ("recv (stream_id=S) :path: /p").  The test fetches several callbacks at
 * once from files under its document root: the library must read them, and
 * nghttpd's log must show every request as an HTTP/2 stream on one
 * connection. */

#define H2_FETCHES 6
#define H2_START_ATTEMPTS 3   /* free ports tried, should one be taken meanwhile */
#define H2_READY_POLLS 400    /* readiness checks, 25 ms apart */
#define H2_STOP_POLLS 500     /* reap attempts after SIGTERM, 10 ms apart */

static pid_t h2_pid;     /* the running nghttpd, 0: none */
static char h2_dir[64];  /* the test's temporary directory, "": none */

/* The document root's directories below h2_dir, parents first. */
static const char *const h2_levels[] = {"/htdocs", "/htdocs/api", "/htdocs/api/v2",
                                        "/htdocs/api/v2/conversations",
                                        "/htdocs/api/v2/conversations/callbacks"};
#define H2_LEVELS (sizeof h2_levels / sizeof h2_levels[0])

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Stops and reaps nghttpd. */
static void h2_stop(void)
{
    pid_t pid = h2_pid;
    int status;
    if (pid <= 0)
        return;
    h2_pid = 0;
    kill(pid, SIGTERM);
    for (int i = 0; i < H2_STOP_POLLS; i++) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return;
        sleep_ms(10);
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

/* The checked fixture of the nghttpd test case: nghttpd is stopped and
 * reaped at the end of the test and, with CK_FORK=no, in this teardown
 * after a failed assertion.  A forked test that fails ends with _exit()
 * without teardown: nghttpd then gets SIGKILL as the process that started it
 * dies (PR_SET_PDEATHSIG), and Check kills the test's process group on a
 * timeout. */
static void h2_teardown(void)
{
    h2_stop();
    teardown();
}

/* The unchecked fixture (run by the runner process, whatever became of the
 * test): the temporary directory of certificate, document root and logs. */
static void h2_dir_make(void)
{
    snprintf(h2_dir, sizeof h2_dir, "/tmp/lcc-h2-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(h2_dir));
}

static void h2_dir_remove(void)
{
    static const char *const files[] = {"/cert.pem", "/key.pem", "/nghttpd.log", "/nghttpd.err"};
    char path[512];
    h2_stop();
    if (!h2_dir[0])
        return;
    snprintf(path, sizeof path, "%s%s", h2_dir, h2_levels[H2_LEVELS - 1]);
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s%s/%s", h2_dir, h2_levels[H2_LEVELS - 1], e->d_name);
        remove(path);
    }
    if (d)
        closedir(d);
    for (size_t i = H2_LEVELS; i-- > 0;) {
        snprintf(path, sizeof path, "%s%s", h2_dir, h2_levels[i]);
        rmdir(path);
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s%s", h2_dir, files[i]);
        remove(path);
    }
    rmdir(h2_dir);
    h2_dir[0] = '\0';
}

/* nghttpd's path: the PATH entries, then /usr/sbin (where Debian puts it,
 * often outside a user's PATH); 0, or -1 when it is nowhere. */
static int find_nghttpd(char *out, size_t size)
{
    const char *env = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s:/usr/sbin:/usr/local/sbin", env ? env : "");
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        if (!*d)
            continue;
        snprintf(out, size, "%s/nghttpd", d);
        if (access(out, X_OK) == 0)
            return 0;
    }
    return -1;
}

/* A port nobody listens on now: bound on 127.0.0.1 port 0, then closed. */
static int free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* 1 when something accepts TCP connections on 127.0.0.1:port. */
static int port_accepts(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

/* The whole of a small file, malloc'd and NUL-terminated ("" when absent). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    while (f) {
        if (cap - len < 4096) {
            cap *= 2;
            text = realloc(text, cap);
            ck_assert_ptr_nonnull(text);
        }
        size_t n = fread(text + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    if (f)
        fclose(f);
    text[len] = '\0';
    return text;
}

/* Starts `nghttpd -v` on 127.0.0.1 with the given document root and
 * certificate, frames to `log`, errors to `err`; returns its port once it
 * is ready: its log says it listens on that port (so the port is not
 * someone else's) and a connection is accepted.  Fails the test when it
 * cannot. */
static int h2_start(const char *htdocs, const char *key, const char *cert, const char *log,
                    const char *err)
{
    char exe[512], port_s[16], docroot[256], listening[64];
    ck_assert_msg(find_nghttpd(exe, sizeof exe) == 0,
                  "nghttpd not found (in PATH or /usr/sbin): install the Debian package "
                  "nghttp2-server (scripts/setup-deps test does)");
    snprintf(docroot, sizeof docroot, "--htdocs=%s", htdocs);
    for (int attempt = 0; attempt < H2_START_ATTEMPTS; attempt++) {
        int port = free_port();
        snprintf(port_s, sizeof port_s, "%d", port);
        snprintf(listening, sizeof listening, "listen 127.0.0.1:%d\n", port);
        const char *argv[] = {exe, "-v", "--address=127.0.0.1", docroot, port_s, key, cert, NULL};
        int out_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        int err_fd = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        ck_assert_int_ge(out_fd, 0);
        ck_assert_int_ge(err_fd, 0);
        pid_t parent = getpid(), pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) { /* async-signal-safe calls only until exec */
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, NULL);
            if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
                _exit(127);
            int null_fd = open("/dev/null", O_RDONLY);
            if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 ||
                dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0)
                _exit(127);
            execv(exe, (char *const *)argv);
            _exit(127);
        }
        h2_pid = pid;
        close(out_fd);
        close(err_fd);
        for (int i = 0; i < H2_READY_POLLS; i++) {
            int status;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                h2_pid = 0;
                char *why = slurp(err);
                fprintf(stderr, "nghttpd on port %d ended before serving (wait status %d): %s\n",
                        port, status, why);
                free(why);
                break;
            }
            char *text = slurp(log);
            int ready = strstr(text, listening) != NULL && port_accepts(port);
            free(text);
            if (ready)
                return port;
            sleep_ms(25);
        }
        h2_stop();
    }
    ck_abort_msg("nghttpd did not start (see the messages above and %s)", err);
    return -1;
}

/* A file nghttpd answers GET <path> with: a callback conversation whose
 * callback is scheduled at `when`. */
static void write_conversation(const char *file, const char *id, int64_t when)
{
    char at[LCC_TIME_BUFSIZE];
    ck_assert_int_eq(lcc_time_format(at, sizeof at, when), LCC_OK);
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
            "{\"id\": \"%s\", \"participants\": [{\"purpose\": \"customer\", \"state\": "
            "\"connected\", \"callbackNumbers\": [\"+33142685300\"], "
            "\"callbackScheduledTime\": \"%s\", \"queue\": {\"id\": \"q1\"}}]}\n",
            id, at);
    ck_assert_int_eq(fclose(f), 0);
}

START_TEST(http2_negotiated)
{
    char cert[128], key[128], htdocs[128], calls[128], log[128], err[128], url[64], file[256],
        paths[H2_FETCHES][160];
    make_cert(h2_dir, cert, key, sizeof cert);
    snprintf(htdocs, sizeof htdocs, "%s%s", h2_dir, h2_levels[0]);
    snprintf(calls, sizeof calls, "%s%s", h2_dir, h2_levels[H2_LEVELS - 1]);
    snprintf(log, sizeof log, "%s/nghttpd.log", h2_dir);
    snprintf(err, sizeof err, "%s/nghttpd.err", h2_dir);
    for (size_t i = 0; i < H2_LEVELS; i++) {
        snprintf(file, sizeof file, "%s%s", h2_dir, h2_levels[i]);
        ck_assert_int_eq(mkdir(file, 0700), 0);
    }

    /* nghttpd first, before this test's libcurl handles exist */
    lcc_context_free(ctx);
    ctx = NULL;
    int port = h2_start(htdocs, key, cert, log, err);
    snprintf(url, sizeof url, "https://127.0.0.1:%d", port);

    /* callbacks created on gcserver (plain HTTP), each then served by
     * nghttpd with a new time */
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.ca_file = cert;
    open_context(S.base_url, &cp);
    lcc_callback *cbs[H2_FETCHES];
    int64_t when[H2_FETCHES];
    int64_t base = lcc_context_now_ms(ctx) + 2 * DAY_MS;
    base -= base % 1000;
    for (int i = 0; i < H2_FETCHES; i++) {
        cbs[i] = committed();
        ck_assert_int_eq(submit(cbs[i], 0), LCC_OK);
        const char *id = lcc_callback_remote_id(cbs[i]);
        ck_assert_ptr_nonnull(id);
        ck_assert_msg(strspn(id, "0123456789abcdefABCDEF-") == strlen(id), "id %s", id);
        when[i] = base + i * 60000;
        ck_assert_int_ne(lcc_callback_scheduled_ms(cbs[i]), when[i]);
        snprintf(file, sizeof file, "%s/%s", calls, id);
        write_conversation(file, id, when[i]);
        snprintf(paths[i], sizeof paths[i], "/api/v2/conversations/callbacks/%s", id);
    }

    /* the same context now reads them from nghttpd, all at once */
    ck_assert_int_eq(lcc_context_set_client_credentials(ctx, NULL, NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_access_token(ctx, "h2-test-token", 0), LCC_OK);
    ck_assert_int_eq(lcc_context_set_backend(ctx, url, NULL), LCC_OK);
    lcc_op *ops[H2_FETCHES];
    for (int i = 0; i < H2_FETCHES; i++)
        ck_assert_int_eq(lcc_callback_fetch(&ops[i], cbs[i]), LCC_OK);
    ck_assert_uint_eq(lcc_curl_transport_in_flight(transport), H2_FETCHES);
    ck_assert_int_eq(lcc_context_wait(ctx, NULL, 120000), LCC_OK);
    for (int i = 0; i < H2_FETCHES; i++) {
        lcc_status st = lcc_op_status(ops[i]);
        ck_assert_msg(st == LCC_OK, "GET %s from nghttpd (HTTP/2 only): %s: %s", paths[i],
                      lcc_status_str(st), lcc_op_message(ops[i]) ? lcc_op_message(ops[i]) : "");
        lcc_op_free(ops[i]);
        ck_assert_int_eq(lcc_callback_scheduled_ms(cbs[i]), when[i]); /* nghttpd's answer */
    }
    h2_stop(); /* its log is complete */

    /* every request is an HTTP/2 stream, all on one connection */
    char *text = slurp(log);
    ck_assert_msg(strstr(text, "The negotiated protocol: h2") != NULL,
                  "nghttpd did not negotiate h2:\n%.2000s", text);
    int conn = -1, streams[H2_FETCHES];
    for (int i = 0; i < H2_FETCHES; i++) {
        streams[i] = -1;
        for (const char *line = text, *next; *line; line = next) {
            next = line + strcspn(line, "\n");
            next += *next == '\n';
            int c, s, n = 0;
            if (sscanf(line, "[id=%d] [%*[^]]] recv (stream_id=%d) :path: %n", &c, &s, &n) == 2 &&
                n > 0 && strncmp(line + n, paths[i], strlen(paths[i])) == 0 &&
                (line[n + strlen(paths[i])] == '\n' || line[n + strlen(paths[i])] == '\0')) {
                streams[i] = s;
                if (conn < 0)
                    conn = c;
                ck_assert_msg(c == conn, "%s on connection %d, the others on %d", paths[i], c,
                              conn);
                break;
            }
        }
        ck_assert_msg(streams[i] > 0, "no HTTP/2 stream for GET %s in nghttpd's log", paths[i]);
        for (int j = 0; j < i; j++)
            ck_assert_int_ne(streams[j], streams[i]);
    }
    free(text);
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
    tc = tcase_create("nghttpd");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, h2_dir_make, h2_dir_remove);
    tcase_add_checked_fixture(tc, setup, h2_teardown);
    tcase_add_test(tc, http2_negotiated);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    gcserver_stop(&S);
    return rc;
}
