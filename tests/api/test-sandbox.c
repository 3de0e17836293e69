/* The libcurl transport end to end against the local sandbox
 * (python3 -m contactcore.sandbox, bindings/python): the embedded engine of
 * the library under test, served over HTTP on 127.0.0.1 with the Genesys
 * Cloud shapes.  The library schedules, fetches, reschedules and cancels
 * callbacks and sends a message on behalf of a queue through real HTTP,
 * logging in with client credentials as the sandbox's agent-1 (its
 * built-in directory: agent-1, member of queue-1).  The sandbox is restarted
 * on the same SQLite store to see the state kept.  Skipped (77) only when
 * /usr/bin/python3 is missing. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"

#ifndef SANDBOX_PYTHONPATH
#error "SANDBOX_PYTHONPATH must name bindings/python"
#endif
#ifndef SANDBOX_LIBRARY
#error "SANDBOX_LIBRARY must name the built libcontactcore shared object"
#endif

#define PYTHON "/usr/bin/python3"
#define START_TIMEOUT_MS 30000
#define STOP_TIMEOUT_MS 10000
#define CUSTOMER "+1 415 555 0123"

extern char **environ;

typedef struct sandbox {
    pid_t pid;
    char base[64]; /* "http://127.0.0.1:<port>" */
} sandbox;

static char store_dir[64];
static char store_path[128];
static sandbox S;
static lcc_context *ctx;
static lcc_agent *agent;
static log_lines LOG;

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* The environment of the sandbox: ours with PYTHONPATH and LIBCONTACTCORE
 * replaced (built before fork: the child only execs). */
static char **sandbox_env(void)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 3, sizeof *env);
    ck_assert_ptr_nonnull(env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "PYTHONPATH=", 11) != 0 &&
            strncmp(environ[i], "LIBCONTACTCORE=", 15) != 0)
            env[k++] = environ[i];
    env[k++] = (char *)"PYTHONPATH=" SANDBOX_PYTHONPATH;
    env[k++] = (char *)"LIBCONTACTCORE=" SANDBOX_LIBRARY;
    env[k] = NULL;
    return env;
}

/* Reads the line "sandbox listening on http://127.0.0.1:<port>". */
static int read_base(int fd, char *base, size_t cap)
{
    static const char prefix[] = "sandbox listening on ";
    char line[256];
    size_t len = 0;
    long long deadline = mono_ms() + START_TIMEOUT_MS;
    while (len < sizeof line - 1) {
        long long left = deadline - mono_ms();
        struct pollfd p = {fd, POLLIN, 0};
        if (left <= 0) {
            fprintf(stderr, "sandbox: no listening line within %d ms\n", START_TIMEOUT_MS);
            return -1;
        }
        int ready = poll(&p, 1, (int)left);
        if (ready <= 0)
            continue;
        ssize_t r = read(fd, line + len, 1);
        if (r == 0) {
            fprintf(stderr, "sandbox: exited before listening\n");
            return -1;
        }
        if (r < 0)
            continue;
        if (line[len] == '\n') {
            line[len] = '\0';
            if (strncmp(line, prefix, sizeof prefix - 1) != 0 ||
                strncmp(line + sizeof prefix - 1, "http://127.0.0.1:", 17) != 0 ||
                strlen(line + sizeof prefix - 1) >= cap) {
                fprintf(stderr, "sandbox: unexpected first line '%s'\n", line);
                return -1;
            }
            strcpy(base, line + sizeof prefix - 1);
            return 0;
        }
        len++;
    }
    return -1;
}

/* Starts python3 -m contactcore.sandbox --port 0 --store <store_path>. */
static void sandbox_start(sandbox *s)
{
    const char *argv[] = {PYTHON, "-m", "contactcore.sandbox", "--port", "0",
                          "--store", store_path, NULL};
    char **env = sandbox_env();
    int fds[2];
    pid_t parent = getpid();
    ck_assert_int_eq(pipe(fds), 0);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
            _exit(127);
        if (dup2(fds[1], STDOUT_FILENO) < 0)
            _exit(127);
        execve(PYTHON, (char *const *)argv, env);
        _exit(127);
    }
    free(env);
    close(fds[1]);
    int rc = read_base(fds[0], s->base, sizeof s->base);
    close(fds[0]);
    if (rc != 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        ck_abort_msg("the sandbox did not start");
    }
    s->pid = pid;
}

/* SIGTERM; the sandbox must exit 0 (a clean stop closes the store). */
static void sandbox_stop(sandbox *s)
{
    int status = 0;
    pid_t pid = s->pid, r;
    if (pid <= 0)
        return;
    s->pid = 0;
    kill(pid, SIGTERM);
    long long deadline = mono_ms() + STOP_TIMEOUT_MS;
    while ((r = waitpid(pid, &status, WNOHANG)) == 0 && mono_ms() < deadline)
        sleep_ms(10);
    if (r == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    ck_assert_msg(r == pid, "the sandbox ignored SIGTERM");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the sandbox ended abnormally (wait status %d)", status);
}

/* ---- raw HTTP (curl easy, one connection each) for what the library has
 * no call for: the sandbox's callback list ---- */

typedef struct buf {
    char *p;
    size_t n;
} buf;

static size_t collect(char *data, size_t size, size_t nmemb, void *ud)
{
    buf *b = ud;
    size_t add = size * nmemb;
    char *p = realloc(b->p, b->n + add + 1);
    if (!p)
        return 0;
    memcpy(p + b->n, data, add);
    b->p = p;
    b->n += add;
    p[b->n] = '\0';
    return add;
}

/* One request; returns the HTTP status and *out (malloc'd) the body. */
static long http(const char *method, const char *path, const char *auth, const char *body,
                 char **out)
{
    char url[256], hdr[256];
    buf b = {calloc(1, 1), 0};
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    long code = -1;
    ck_assert_ptr_nonnull(c);
    snprintf(url, sizeof url, "%s%s", S.base, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    if (auth) {
        snprintf(hdr, sizeof hdr, "Authorization: %s", auth);
        h = curl_slist_append(h, hdr);
    }
    if (body) {
        const char *type = body[0] == '{' ? "application/json"
                                          : "application/x-www-form-urlencoded";
        snprintf(hdr, sizeof hdr, "Content-Type: %s", type);
        h = curl_slist_append(h, hdr);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    *out = b.p;
    return code;
}

/* "Bearer <token>" of agent-1 (HTTP Basic "agent-1:secret"). */
static void bearer(char auth[128])
{
    char *resp = NULL;
    ck_assert_int_eq(http("POST", "/oauth/token", "Basic YWdlbnQtMTpzZWNyZXQ=",
                          "grant_type=client_credentials", &resp),
                     200);
    const char *tok = strstr(resp, "\"access_token\":\"");
    ck_assert_ptr_nonnull(tok);
    tok += strlen("\"access_token\":\"");
    snprintf(auth, 128, "Bearer %.*s", (int)strcspn(tok, "\""), tok);
    free(resp);
}

/* The sandbox's list of callbacks with this query, as agent-1. */
static char *list(const char *query)
{
    char auth[128], path[256], *resp = NULL;
    bearer(auth);
    snprintf(path, sizeof path, "/api/v2/conversations/callbacks%s", query);
    ck_assert_int_eq(http("GET", path, auth, NULL, &resp), 200);
    return resp;
}

/* The sandbox records a call from CUSTOMER that queue-1 received and
 * agent-1 handled (POST /sandbox/conversations): the engine accepts a
 * callback only from an interaction it knows (CB-ELIGIBLE), as the cloud
 * does. */
static void cloud_call(const char *id)
{
    char auth[128], body[256], *resp = NULL;
    bearer(auth);
    snprintf(body, sizeof body,
             "{\"id\":\"%s\",\"mediaType\":\"call\",\"ani\":\"%s\",\"queueId\":\"queue-1\","
             "\"agentId\":\"agent-1\"}",
             id, CUSTOMER);
    ck_assert_int_eq(http("POST", "/sandbox/conversations", auth, body, &resp), 200);
    free(resp);
}

/* ---- the client ---- */

/* A context on the real clock, logging in to the sandbox as agent-1, with
 * the sandbox's directory mirrored for the local checks. */
static void open_context(void)
{
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.log = log_lines_hook;
    p.log_user_data = &LOG;
    p.log_level = LCC_LOG_DEBUG;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_OK);
    ck_assert_int_eq(lcc_context_set_backend(ctx, S.base, NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_client_credentials(ctx, "agent-1", "secret"), LCC_OK);
    ck_assert_int_eq(lcc_curl_transport_install(NULL, ctx, NULL), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&agent, ctx, "agent-1", "Alex Agent"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(agent, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(agent, LCC_PERM_QUEUE_VIEW), LCC_OK);
    lcc_queue *q;
    ck_assert_int_eq(lcc_queue_new(&q, ctx, "queue-1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q, "agent-1"), LCC_OK);
}

static void setup(void)
{
    snprintf(store_dir, sizeof store_dir, "/tmp/lcc-sandbox-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(store_dir));
    snprintf(store_path, sizeof store_path, "%s/sandbox.db", store_dir);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    sandbox_start(&S);
    log_lines_clear(&LOG);
    open_context();
}

static void teardown(void)
{
    char path[160];
    lcc_context_free(ctx);
    ctx = NULL;
    sandbox_stop(&S);
    /* the client never logged its secret or a token */
    ck_assert_ptr_null(strstr(LOG.text, "secret"));
    ck_assert_ptr_null(strstr(LOG.text, "Bearer "));
    static const char *const files[] = {"sandbox.db", "sandbox.db-wal", "sandbox.db-shm",
                                        "sandbox.db-journal"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", store_dir, files[i]);
        unlink(path);
    }
    rmdir(store_dir);
}

static lcc_status run(lcc_op *op)
{
    lcc_status st = lcc_context_wait(ctx, op, 60000);
    ck_assert_int_ne(st, LCC_EPENDING);
    st = lcc_op_status(op);
    if (st != LCC_OK) {
        const lcc_report *r = lcc_op_report(op);
        for (size_t i = 0; r && i < lcc_report_count(r); i++)
            fprintf(stderr, "report: %s\n", lcc_report_message(r, i));
        fprintf(stderr, "op failed: %s (%s)\n", lcc_status_str(st), lcc_context_errmsg(ctx));
    }
    lcc_op_free(op);
    return st;
}

/* A committed callback to CUSTOMER from a call agent-1 handled on queue-1
 * (known to the sandbox too). */
static lcc_callback *committed(const char *conv_id)
{
    lcc_conversation *c;
    lcc_callback_draft *d;
    lcc_callback *cb;
    cloud_call(conv_id);
    ck_assert_int_eq(lcc_conversation_new(&c, ctx, conv_id, LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(c, CUSTOMER), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(c, "queue-1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_agent(c, "agent-1"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_new(&d, ctx, c, agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "ticket", "T-42"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
    lcc_callback_draft_free(d);
    return cb;
}

static void submit(lcc_callback *cb)
{
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
    ck_assert_ptr_nonnull(lcc_callback_remote_id(cb));
}

static void fetch(lcc_callback *cb)
{
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
}

START_TEST(callbacks_schedule_list_reschedule_cancel_restart)
{
    lcc_callback *cb = committed("c1");
    int64_t scheduled = lcc_callback_scheduled_ms(cb);
    submit(cb);
    const char *id = lcc_callback_remote_id(cb);
    ck_assert_str_eq(lcc_callback_remote_callback_id(cb, "EXTERNAL"), id);

    /* the sandbox lists it, and fetching it changes nothing */
    char *page = list("?state=scheduled");
    ck_assert_ptr_nonnull(strstr(page, id));
    ck_assert_ptr_nonnull(strstr(page, "\"total\":1"));
    free(page);
    fetch(cb);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), scheduled);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_SCHEDULED);

    /* reschedule two days out */
    int64_t later = lcc_context_now_ms(ctx) + 2 * DAY_MS;
    later -= later % 60000;
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_reschedule_remote(&op, NULL, cb, agent, later), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), later);
    fetch(cb);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), later);

    /* a second one, cancelled */
    lcc_callback *gone = committed("c2");
    submit(gone);
    ck_assert_int_eq(lcc_callback_cancel_remote(&op, NULL, gone, agent), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(gone), LCC_CALLBACK_CANCELLED);
    page = list("?state=cancelled");
    ck_assert_ptr_nonnull(strstr(page, lcc_callback_remote_id(gone)));
    ck_assert_ptr_null(strstr(page, id));
    free(page);

    /* a new sandbox process on the same store: the library's token is
     * refused (401), it logs in again, and the callback is as it was */
    sandbox_stop(&S);
    sandbox_start(&S);
    ck_assert_int_eq(lcc_context_set_backend(ctx, S.base, NULL), LCC_OK);
    fetch(cb);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), later);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_SCHEDULED);
    fetch(gone);
    ck_assert_int_eq(lcc_callback_get_state(gone), LCC_CALLBACK_CANCELLED);
    page = list("");
    ck_assert_ptr_nonnull(strstr(page, "\"total\":2"));
    free(page);

    /* and it still takes changes: a third one, then both cancelled in one
     * request */
    lcc_callback *both[2] = {cb, committed("c3")};
    submit(both[1]);
    ck_assert_int_eq(lcc_callback_cancel_remote_bulk(&op, NULL, both, 2, agent), LCC_OK);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    ck_assert_int_eq(lcc_callback_get_state(both[1]), LCC_CALLBACK_CANCELLED);
    page = list("?state=scheduled");
    ck_assert_ptr_nonnull(strstr(page, "\"total\":0"));
    free(page);
}
END_TEST

START_TEST(message_on_behalf_of_a_queue)
{
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, ctx, agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_queue(m, "queue-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, CUSTOMER), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "Your callback is booked."), LCC_OK);
    lcc_op *op;
    lcc_report *report = NULL;
    ck_assert_int_eq(lcc_message_send(&op, &report, m), LCC_OK);
    ck_assert_ptr_null(report);
    ck_assert_int_eq(run(op), LCC_OK);
    ck_assert_ptr_nonnull(lcc_message_conversation_id(m, 0));
    ck_assert_ptr_nonnull(lcc_message_message_id(m, 0));
    ck_assert_str_eq(lcc_message_delivery_address(m, 0), "+14155550123");
    lcc_delivery_state st = lcc_message_delivery_state(m, 0);
    ck_assert_msg(st == LCC_DELIVERY_QUEUED || st == LCC_DELIVERY_SENT, "state %d", st);

    /* the sandbox's timers move it on: sent after 1 s, delivered 1 s later */
    long long deadline = mono_ms() + 20000;
    while (lcc_message_delivery_state(m, 0) != LCC_DELIVERY_DELIVERED && mono_ms() < deadline) {
        sleep_ms(250);
        ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
        ck_assert_int_eq(run(op), LCC_OK);
    }
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_DELIVERED);
    ck_assert_uint_ge(lcc_message_history_count(m, 0), 2);

    /* OBQ-EXISTING: the contact's conversation is still open */
    lcc_message *again;
    ck_assert_int_eq(lcc_message_new(&again, ctx, agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_queue(again, "queue-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(again, CUSTOMER), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(again, "Hello again"), LCC_OK);
    ck_assert_int_eq(lcc_message_send(&op, NULL, again), LCC_OK);
    lcc_status sent = lcc_context_wait(ctx, op, 60000);
    ck_assert_int_ne(sent, LCC_OK);
    ck_assert_int_ne(sent, LCC_EPENDING);
    lcc_op_free(op);
}
END_TEST

int main(void)
{
    if (access(PYTHON, X_OK) != 0) {
        printf("SKIP: %s is missing: the sandbox cannot run\n", PYTHON);
        return 77;
    }
    Suite *s = suite_create("sandbox");
    TCase *tc = tcase_create("sandbox");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, callbacks_schedule_list_reschedule_cancel_restart);
    tcase_add_test(tc, message_on_behalf_of_a_queue);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
