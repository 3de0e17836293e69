/* Benchmark: the library's CPU overhead over raw libcurl when creating
 * callbacks over HTTP.  A benchmark, not a test: it asserts nothing about
 * speed, only that every request succeeded and that both sides sent the
 * same requests.
 *
 *   bench-curl [N [K [gcserver.py]]]   (defaults 10000, 16, GCSERVER_SCRIPT)
 *
 * It starts tests/server/gcserver.py (the local Genesys stand-in, a Python
 * process on 127.0.0.1 that checks every body against its JSON schema) and
 * runs three phases in one process, in this order:
 *
 *   A  library     lcc_callback_submit() for N committed callbacks through
 *                  the built-in curl transport (8 connections per host), K
 *                  operations in flight, topped up from the operations' done
 *                  hook; OAuth client credentials (one token request).
 *   C  library,    the same on a fresh context built the same way, whose
 *      no I/O      transport records each request and answers it from inside
 *                  send(): the library's own cost without any network, and
 *                  the exact bodies and headers the library sends.
 *   B  raw libcurl the N bodies recorded in C, POSTed with the same header
 *                  lines (and a token fetched once from /oauth/token) through
 *                  one curl multi handle with the same connection limits, K
 *                  easy handles reused, each response body read into a
 *                  buffer and not parsed.
 *
 * At the end, the server's request log shows whether A and B really sent the
 * same bodies (byte for byte, as multisets) and header lines.
 *
 * CPU is getrusage(RUSAGE_SELF) user + sys of this process over each phase
 * (the server is another process); wall time is CLOCK_MONOTONIC.  Setting up
 * the contexts (agents, queues, N conversations, N committed callbacks) is
 * not timed.  Peak RSS (ru_maxrss) only grows, so each figure is the
 * process's peak so far; the server's counters are read from a child
 * process so that reading them does not add to it.
 *
 * Besides its table it prints "# result:" lines for scripts/bench
 * (bench-result.h), and the library's CPU per request over raw libcurl's,
 * both measured in this one run, as a "# ratio:".
 */
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <contactcore/contactcore.h>

#include "../support/gcserver.h"
#include "bench-result.h"

#ifndef GCSERVER_SCRIPT
#define GCSERVER_SCRIPT "tests/server/gcserver.py"
#endif

#define CALLBACKS_PATH "/api/v2/conversations/callbacks"
#define MAX_CONNECTIONS 8 /* per host, in both phases (the transport's default) */
#define STALL_MS 120000   /* no completion for this long: give up */

/* --- measuring ------------------------------------------------------------ */

typedef struct sample {
    double wall, user, sys; /* seconds */
    long maxrss_kib;
} sample;

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static sample take_sample(void)
{
    struct timespec ts;
    struct rusage ru;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    getrusage(RUSAGE_SELF, &ru);
    sample s = {(double)ts.tv_sec + ts.tv_nsec / 1e9, tv_s(ru.ru_utime), tv_s(ru.ru_stime),
                ru.ru_maxrss};
    return s;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One row of the result table. */
typedef struct result {
    const char *name;
    long requests;
    sample before, after;
} result;

static double cpu_us_per_req(const result *r)
{
    return ((r->after.user - r->before.user) + (r->after.sys - r->before.sys)) * 1e6 / r->requests;
}

static void print_row(const result *r)
{
    double wall = r->after.wall - r->before.wall;
    printf("%-22s %8ld %8.2f %9.0f %10.1f %8.1f %8.1f %10.1f\n", r->name, r->requests, wall,
           r->requests / wall, cpu_us_per_req(r),
           (r->after.user - r->before.user) * 1e6 / r->requests,
           (r->after.sys - r->before.sys) * 1e6 / r->requests, r->after.maxrss_kib / 1024.0);
}

/* The row's results: CPU per request and requests per second. */
static void report_row(const result *r, const char *id, const char *label)
{
    char metric[64], what[128];
    snprintf(metric, sizeof metric, "%s-cpu", id);
    snprintf(what, sizeof what, "%s: CPU (user + sys) per request", label);
    bench_result("bench-curl", metric, cpu_us_per_req(r), "µs/request", what);
    if (strcmp(id, "no-io") == 0) /* no I/O: no wall-clock rate to speak of */
        return;
    snprintf(metric, sizeof metric, "%s-rate", id);
    snprintf(what, sizeof what, "%s: requests per second (wall)", label);
    bench_result("bench-curl", metric, r->requests / (r->after.wall - r->before.wall),
                 "requests/s", what);
}

static void die(const char *what)
{
    fprintf(stderr, "bench-curl: %s\n", what);
    exit(1);
}

#define OK(expr)                                                                                  \
    do {                                                                                          \
        lcc_status st_ = (expr);                                                                  \
        if (st_ != LCC_OK) {                                                                      \
            fprintf(stderr, "bench-curl: %s: %s (%s)\n", #expr, lcc_status_str(st_),             \
                    lcc_context_errmsg(ctx));                                                     \
            exit(1);                                                                              \
        }                                                                                         \
    } while (0)

/* --- setup (not timed) ------------------------------------------------------ */

/* A context with one agent, two queues and n committed callbacks, each with
 * every field a person can set (as in bench-callback).  The scheduled time
 * is an explicit date and time, two days from now, so two contexts built
 * with this function send byte-identical bodies.  Every callback has its own
 * number and ticket, so bodies differ from one another like real ones. */
static lcc_context *make_context(long n, lcc_callback **cbs)
{
    lcc_context *ctx = NULL;
    if (lcc_context_new(&ctx, NULL) != LCC_OK) /* the real clock */
        die("lcc_context_new failed");
    lcc_agent *a;
    lcc_queue *q1, *q2;
    OK(lcc_agent_new(&a, ctx, "a1", "Ana"));
    OK(lcc_agent_set_time_zone(a, "Europe/Paris"));
    OK(lcc_agent_add_permission(a, LCC_PERM_CALLBACK_CREATE));
    OK(lcc_queue_new(&q1, ctx, "q1", "Support"));
    OK(lcc_queue_new(&q2, ctx, "q2", "Sales"));
    OK(lcc_queue_set_agents_choose_callback_queue(q1, 1));
    OK(lcc_queue_add_member(q2, "a1"));
    OK(lcc_queue_set_owned_callbacks(q2, 1, 720, 24));

    time_t later = time(NULL) + 2 * 86400; /* within the server's 30-day horizon */
    struct tm day;
    gmtime_r(&later, &day);
    for (long i = 0; i < n; i++) {
        char id[32], number[32], ticket[32];
        lcc_conversation *c;
        lcc_callback_draft *d;
        snprintf(id, sizeof id, "c%ld", i);
        snprintf(number, sizeof number, "(212) 555-%04ld", i % 10000);
        snprintf(ticket, sizeof ticket, "SR-%08ld", i);
        OK(lcc_conversation_new(&c, ctx, id, LCC_MEDIA_CALL));
        OK(lcc_conversation_set_ani(c, "+33142685300"));
        OK(lcc_conversation_set_queue(c, "q1"));
        OK(lcc_conversation_set_agent(c, "a1"));
        OK(lcc_callback_draft_new(&d, ctx, c, a));
        OK(lcc_callback_draft_set_time_zone(d, "America/New_York"));
        OK(lcc_callback_draft_set_date(d, day.tm_year + 1900, day.tm_mon + 1, day.tm_mday));
        OK(lcc_callback_draft_set_time(d, 9, 30));
        OK(lcc_callback_draft_set_number(d, number, "US"));
        OK(lcc_callback_draft_set_queue(d, "q2"));
        OK(lcc_callback_draft_set_route_to_me(d, 1));
        OK(lcc_callback_draft_set_take_ownership(d, 1));
        OK(lcc_callback_draft_set_caller_id(d, "+33 1 42 68 53 99", "ACME Support"));
        OK(lcc_callback_draft_set_callee_name(d, "Pat Doe"));
        OK(lcc_callback_draft_set_data(d, "ticket", ticket));
        OK(lcc_callback_draft_commit(&cbs[i], NULL, d));
        lcc_callback_draft_free(d);
    }
    return ctx;
}

/* --- the library's loop (phases A and C) ------------------------------------ */

/* Submits callbacks with up to k operations in flight.  Each operation's
 * done hook records the result, frees the operation and submits the next
 * callback, so the pipeline refills as soon as a result is applied.  The
 * main loop only drives the context and pulls the CALLBACK_CREATED events. */
typedef struct run {
    lcc_context *ctx;
    lcc_callback **cbs;
    long n, next, done, failed, created;
} run;

static void submit_next(run *r);

static void note_failure(run *r, const lcc_callback *cb, lcc_status st, const char *msg)
{
    r->failed++;
    if (r->failed <= 10)
        fprintf(stderr, "bench-curl: callback %s: %s: %s\n", lcc_callback_id(cb),
                lcc_status_str(st), msg);
}

static void on_done(lcc_op *op, lcc_status st, void *ud)
{
    run *r = ud;
    r->done++;
    if (st != LCC_OK)
        note_failure(r, lcc_op_callback(op), st, lcc_op_message(op));
    lcc_op_free(op); /* allowed in the hook */
    submit_next(r);
}

static void submit_next(run *r)
{
    while (r->next < r->n) {
        long i = r->next++;
        lcc_op *op;
        lcc_status st = lcc_callback_submit(&op, r->cbs[i], 0);
        if (st != LCC_OK) { /* nothing was sent */
            r->done++;
            note_failure(r, r->cbs[i], st, lcc_context_errmsg(r->ctx));
            continue;
        }
        lcc_op_set_done_hook(op, on_done, r);
        if (lcc_op_status(op) != LCC_EPENDING) /* finished already: no hook call */
            on_done(op, lcc_op_status(op), r);
        return;
    }
}

static void drain_events(run *r)
{
    lcc_event *ev;
    while ((ev = lcc_context_next_event(r->ctx))) {
        if (lcc_event_get_type(ev) == LCC_EVENT_CALLBACK_CREATED)
            r->created++;
        lcc_event_free(ev);
    }
}

/* Runs all n; returns the number of failures. */
static long library_run(lcc_context *ctx, lcc_callback **cbs, long n, int k)
{
    run r = {ctx, cbs, n, 0, 0, 0, 0};
    for (int j = 0; j < k; j++)
        submit_next(&r);
    double last = mono_s();
    long last_done = 0;
    while (r.done < n) {
        /* Returns when nothing is pending, or after 20 ms; completions are
         * applied (and the hooks run) inside. */
        lcc_context_wait(ctx, NULL, 20);
        drain_events(&r);
        if (r.done != last_done) {
            last_done = r.done;
            last = mono_s();
        } else if (mono_s() - last > STALL_MS / 1000.0) {
            fprintf(stderr, "bench-curl: no progress for %d s (%ld of %ld done)\n",
                    STALL_MS / 1000, r.done, n);
            return n - r.done + r.failed;
        }
    }
    drain_events(&r);
    if (r.created != n - r.failed) {
        fprintf(stderr, "bench-curl: %ld CALLBACK_CREATED events for %ld successes\n", r.created,
                n - r.failed);
        r.failed += 1;
    }
    return r.failed;
}

/* --- the recording transport (phase C) -------------------------------------- */

/* Answers each request from inside send(), as the server would: a token for
 * /oauth/token, a CreateCallbackResponse (ids as long as the server's UUIDs)
 * for a callback.  Keeps a copy of each callback body, and the header lines
 * of the first one except Authorization: phase B sends those. */
typedef struct recorder {
    char **bodies;
    long n, cap;
    struct curl_slist *headers;
} recorder;

static lcc_status rec_send(lcc_request *req, void *ud)
{
    recorder *rec = ud;
    char answer[512];
    if (strcmp(lcc_request_path(req), "/oauth/token") == 0) {
        snprintf(answer, sizeof answer,
                 "{\"access_token\":\"sbx-%032d\",\"token_type\":\"bearer\",\"expires_in\":3600}",
                 7);
    } else {
        if (rec->n == rec->cap)
            return LCC_ENOMEM; /* not accepted */
        size_t len;
        const char *body = lcc_request_body(req, &len);
        char *copy = malloc(len + 1);
        if (!copy)
            return LCC_ENOMEM;
        memcpy(copy, body, len + 1);
        long i = rec->n;
        rec->bodies[rec->n++] = copy;
        for (size_t h = 0; i == 0 && h < lcc_request_header_count(req); h++) {
            char line[512];
            if (strcasecmp(lcc_request_header_name(req, h), "Authorization") == 0)
                continue;
            snprintf(line, sizeof line, "%s: %s", lcc_request_header_name(req, h),
                     lcc_request_header_value(req, h));
            rec->headers = curl_slist_append(rec->headers, line);
        }
        snprintf(answer, sizeof answer,
                 "{\"conversation\":{\"id\":\"00000000-0000-4000-8000-%012ld\",\"selfUri\":\""
                 CALLBACKS_PATH "/00000000-0000-4000-8000-%012ld\"},\"callbackIdentifiers\":"
                 "[{\"type\":\"EXTERNAL\",\"id\":\"00000000-0000-4000-9000-%012ld\"},"
                 "{\"type\":\"ACD\",\"id\":\"00000000-0000-4000-a000-%012ld\"}]}",
                 i, i, i, i);
    }
    lcc_request_complete(req, 200, "Content-Type: application/json\r\n", answer, strlen(answer));
    return LCC_OK;
}

/* --- raw libcurl (phase B) --------------------------------------------------- */

typedef struct slot {
    CURL *easy;
    char *buf; /* the response body */
    size_t len, cap;
} slot;

static size_t raw_write(char *p, size_t size, size_t nmemb, void *ud)
{
    slot *s = ud;
    size_t n = size * nmemb;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        while (cap < s->len + n)
            cap *= 2;
        char *b = realloc(s->buf, cap);
        if (!b)
            return 0;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    return n;
}

static void raw_start(CURLM *multi, slot *s, const char *body)
{
    s->len = 0;
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, body);
    if (curl_multi_add_handle(multi, s->easy) != CURLM_OK)
        die("curl_multi_add_handle failed");
}

/* POSTs every body to url with the same header list, k at a time; returns
 * the number of transfers that failed or did not answer 200.  The
 * User-Agent and Accept-Encoding headers are the ones the library's
 * transport sends (check_log verifies that the wire headers match). */
static long raw_run(const char *url, struct curl_slist *headers, const char *user_agent,
                    char **bodies, long n, int k)
{
    CURLM *multi = curl_multi_init();
    /* the limits the library's transport sets */
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)MAX_CONNECTIONS);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)MAX_CONNECTIONS * 4);
    slot *slots = calloc((size_t)k, sizeof *slots);
    if (!multi || !slots)
        die("out of memory");
    long next = 0, done = 0, failed = 0;
    for (int j = 0; j < k; j++) {
        CURL *e = slots[j].easy = curl_easy_init();
        if (!e)
            die("curl_easy_init failed");
        /* set once; a request only changes the body */
        curl_easy_setopt(e, CURLOPT_URL, url);
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, raw_write);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)&slots[j]);
        curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)&slots[j]);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent);
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
        if (next < n)
            raw_start(multi, &slots[j], bodies[next++]);
    }
    double last = mono_s();
    while (done < n) {
        int running;
        curl_multi_perform(multi, &running);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            CURL *e = m->easy_handle;
            CURLcode rc = m->data.result;
            long http = 0;
            char *p;
            curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &http);
            curl_easy_getinfo(e, CURLINFO_PRIVATE, &p);
            curl_multi_remove_handle(multi, e);
            done++;
            last = mono_s();
            if (rc != CURLE_OK || http != 200) {
                failed++;
                if (failed <= 10)
                    fprintf(stderr, "bench-curl: raw request: %s, HTTP %ld\n",
                            curl_easy_strerror(rc), http);
            }
            if (next < n)
                raw_start(multi, (slot *)(void *)p, bodies[next++]);
        }
        if (done < n) {
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
            if (mono_s() - last > STALL_MS / 1000.0) {
                fprintf(stderr, "bench-curl: raw: no progress for %d s\n", STALL_MS / 1000);
                failed += n - done;
                break;
            }
        }
    }
    for (int j = 0; j < k; j++) {
        curl_multi_remove_handle(multi, slots[j].easy);
        curl_easy_cleanup(slots[j].easy);
        free(slots[j].buf);
    }
    free(slots);
    curl_multi_cleanup(multi);
    return failed;
}

/* --- the server --------------------------------------------------------------- */

typedef struct counts {
    long callbacks, violations, requests, tokens, connections;
} counts;

/* The server's counters.  Asked from a child process: gcserver_count()
 * reads whole documents (all stored callbacks: tens of MiB for 10,000),
 * which would otherwise show in this process's peak RSS. */
static counts server_counts(const gcserver *s)
{
    counts c;
    int fds[2];
    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0)
        die("pipe failed");
    pid_t pid = fork();
    if (pid < 0)
        die("fork failed");
    if (pid == 0) {
        counts mine = {gcserver_count(s, "callbacks"), gcserver_count(s, "violations"),
                       gcserver_count(s, "requests"), gcserver_count(s, "tokens_issued"),
                       gcserver_count(s, "connections")};
        _exit(write(fds[1], &mine, sizeof mine) == (ssize_t)sizeof mine ? 0 : 1);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], &c, sizeof c);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (got != (ssize_t)sizeof c || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("cannot read the server's counters");
    return c;
}

/* Server-side checks after a phase, as differences from *prev (the server is
 * not reset between phases, see main): n callbacks stored, no schema
 * violations; prints requests, tokens and connections (reuse).  Updates
 * *prev; returns the number of problems. */
static int server_checks(const gcserver *s, const char *phase, long n, counts *prev)
{
    counts now = server_counts(s);
    counts d = {now.callbacks - prev->callbacks, now.violations - prev->violations,
                now.requests - prev->requests, now.tokens - prev->tokens,
                now.connections - prev->connections};
    printf("server, phase %s: %ld callbacks stored (want %ld), %ld violations, %ld requests, "
           "%ld token, %ld connections\n", phase, d.callbacks, n, d.violations, d.requests, d.tokens,
           d.connections);
    *prev = now;
    return (d.callbacks != n) + (d.violations != 0);
}

/* A token of its own for phase B, fetched once as a client would. */
static char *fetch_token(const gcserver *s)
{
    /* base64("test-client:test-secret") */
    const char *hdrs[] = {"Authorization: Basic dGVzdC1jbGllbnQ6dGVzdC1zZWNyZXQ=",
                          "Content-Type: application/x-www-form-urlencoded",
                          "Accept: application/json", NULL};
    char *out = NULL;
    if (gcserver_request(s, "POST", "/oauth/token", hdrs, "grant_type=client_credentials",
                         &out) != 200)
        die("POST /oauth/token failed");
    cJSON *doc = cJSON_Parse(out);
    free(out);
    const char *tok = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "access_token"));
    char *copy = tok ? strdup(tok) : NULL;
    cJSON_Delete(doc);
    if (!copy)
        die("no access_token in the token answer");
    return copy;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The header lines of a logged request, sorted, without Host, Content-Length
 * and Authorization (the token differs between A and B), joined by " | ". */
static void header_signature(const cJSON *headers, char *out, size_t cap)
{
    char *lines[32];
    size_t n = 0, used = 0;
    const cJSON *h;
    cJSON_ArrayForEach(h, headers)
    {
        const char *v = cJSON_GetStringValue(h);
        if (!v || n == 32 || !strcasecmp(h->string, "Host") ||
            !strcasecmp(h->string, "Content-Length") || !strcasecmp(h->string, "Authorization"))
            continue;
        size_t len = strlen(h->string) + strlen(v) + 3;
        if (!(lines[n] = malloc(len)))
            die("out of memory");
        snprintf(lines[n++], len, "%s: %s", h->string, v);
    }
    qsort(lines, n, sizeof *lines, cmp_str);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s%s", i ? " | " : "",
                                 lines[i]);
        free(lines[i]);
    }
}

/* Checks the server's log of phases A and B (told apart by their tokens):
 * every callback body A and B sent equals one phase C recorded (as
 * multisets; sorted first), and all of them carried the same header lines
 * apart from Authorization and Content-Length.  `recorded` gets sorted.
 * Returns the number of problems. */
static int check_log(const gcserver *s, const char *raw_auth, char **recorded, long n)
{
    char *json = NULL;
    if (gcserver_call(s, "GET", "/_test/requests", NULL, &json) != 200)
        die("GET /_test/requests failed");
    cJSON *doc = cJSON_Parse(json);
    free(json);
    const char **bodies[2]; /* A, B */
    long count[2] = {0, 0};
    bodies[0] = calloc((size_t)n, sizeof(char *));
    bodies[1] = calloc((size_t)n, sizeof(char *));
    if (!doc || !bodies[0] || !bodies[1])
        die("out of memory reading the server's log");
    char first[1024] = "", sig[1024];
    int problems = 0, header_mismatch = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc, "requests"))
    {
        const char *method = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "method"));
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "path"));
        const char *body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "body"));
        const cJSON *headers = cJSON_GetObjectItemCaseSensitive(r, "headers");
        const char *auth = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(headers, "Authorization"));
        if (!method || !path || !body || strcmp(method, "POST") || strcmp(path, CALLBACKS_PATH))
            continue;
        int phase = auth && strcmp(auth, raw_auth + strlen("Authorization: ")) == 0;
        if (count[phase] == n) {
            problems++;
            continue;
        }
        bodies[phase][count[phase]++] = body;
        header_signature(headers, sig, sizeof sig);
        if (!first[0])
            snprintf(first, sizeof first, "%s", sig);
        else if (strcmp(first, sig) != 0 && header_mismatch++ < 3)
            fprintf(stderr, "bench-curl: headers differ:\n  %s\n  %s\n", first, sig);
    }
    qsort(recorded, (size_t)n, sizeof *recorded, cmp_str);
    long same[2] = {0, 0};
    for (int p = 0; p < 2; p++) {
        qsort(bodies[p], (size_t)count[p], sizeof(char *), cmp_str);
        for (long i = 0; count[p] == n && i < n; i++)
            same[p] += strcmp(bodies[p][i], recorded[i]) == 0;
        problems += same[p] != n;
    }
    printf("server log: bodies identical to phase C's: A %ld of %ld, B %ld of %ld; header lines "
           "%s in all %ld\n  (besides Authorization, Content-Length, Host): %s\n", same[0],
           count[0], same[1], count[1], header_mismatch ? "DIFFER" : "identical",
           count[0] + count[1], first);
    problems += header_mismatch != 0;
    free(bodies[0]);
    free(bodies[1]);
    cJSON_Delete(doc);
    return problems;
}

/* --- main --------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000;
    int k = argc > 2 ? atoi(argv[2]) : 16;
    const char *script = argc > 3 ? argv[3] : GCSERVER_SCRIPT;
    if (n <= 0 || k <= 0 || argc > 4) {
        fprintf(stderr, "usage: bench-curl [N [K [gcserver.py]]]\n");
        return 2;
    }
    long problems = 0, failed;
    lcc_callback **cbs = calloc((size_t)n, sizeof *cbs);
    recorder rec = {calloc((size_t)n, sizeof(char *)), 0, n, NULL};
    if (!cbs || !rec.bodies)
        die("out of memory");

    gcserver srv;
    const char *const server_args[] = {"--token-ttl", "3600", NULL};
    if (gcserver_start(&srv, script, server_args) != 0)
        die("cannot start the server");
    counts seen = server_counts(&srv);
    printf("bench-curl: %ld callbacks, %d in flight, %d connections per host, server %s\n", n, k,
           MAX_CONNECTIONS, srv.base_url);

    /* Phase A: the library over libcurl.  Setup not timed. */
    sample t0 = take_sample();
    lcc_context *ctx = make_context(n, cbs);
    OK(lcc_context_set_backend(ctx, srv.base_url, NULL));
    OK(lcc_context_set_client_credentials(ctx, "test-client", "test-secret"));
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.max_connections = MAX_CONNECTIONS;
    OK(lcc_curl_transport_install(NULL, ctx, &cp));
    result a = {.name = "A library (curl)", .requests = n, .before = take_sample()};
    printf("setup: %ld committed callbacks in %.2f s, peak RSS %.1f MiB\n", n,
           a.before.wall - t0.wall, a.before.maxrss_kib / 1024.0);
    failed = library_run(ctx, cbs, n, k);
    a.after = take_sample();
    if (failed)
        fprintf(stderr, "bench-curl: phase A: %ld of %ld callbacks failed\n", failed, n);
    problems += failed + server_checks(&srv, "A", n, &seen);
    lcc_context_free(ctx);

    /* Phase C: the same on a fresh context, through the recording transport;
     * its bodies and header lines are what phase B sends. */
    ctx = make_context(n, cbs);
    OK(lcc_context_set_backend(ctx, srv.base_url, NULL));
    OK(lcc_context_set_client_credentials(ctx, "test-client", "test-secret"));
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = rec_send;
    t.user_data = &rec;
    OK(lcc_context_set_transport(ctx, &t));
    result c = {.name = "C library, no I/O", .requests = n, .before = take_sample()};
    failed = library_run(ctx, cbs, n, k);
    c.after = take_sample();
    if (failed || rec.n != n)
        fprintf(stderr, "bench-curl: phase C: %ld of %ld callbacks failed\n", failed, n);
    problems += failed + (rec.n != n);
    lcc_context_free(ctx);

    /* Phase B: raw libcurl.  The server is not reset after phase A: its log
     * of both phases is checked at the end, after every measurement (reading
     * it takes tens of MiB, which would otherwise show in the peak RSS). */
    char *token = fetch_token(&srv);
    char auth[256];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    free(token);
    struct curl_slist *headers = curl_slist_append(rec.headers, auth);
    headers = curl_slist_append(headers, "Expect:"); /* as the transport does */
    char url[128], user_agent[64];
    snprintf(url, sizeof url, "%s%s", srv.base_url, CALLBACKS_PATH);
    snprintf(user_agent, sizeof user_agent, "libcontactcore/%s", lcc_version());
    result b = {.name = "B raw libcurl", .requests = rec.n, .before = take_sample()};
    failed = raw_run(url, headers, user_agent, rec.bodies, rec.n, k);
    b.after = take_sample();
    if (failed)
        fprintf(stderr, "bench-curl: phase B: %ld of %ld requests failed\n", failed, rec.n);
    problems += failed + server_checks(&srv, "B (one connection for its token)", rec.n, &seen);

    if (rec.n == n)
        problems += check_log(&srv, auth, rec.bodies, n);
    curl_slist_free_all(headers);
    gcserver_stop(&srv);

    printf("\n%-22s %8s %8s %9s %10s %8s %8s %10s\n", "phase", "requests", "wall s", "req/s",
           "CPU us/req", "user", "sys", "peak RSS MiB");
    print_row(&a);
    print_row(&b);
    print_row(&c);
    double la = cpu_us_per_req(&a), rb = cpu_us_per_req(&b);
    printf("\nlibrary / raw CPU per request: %.2f (library overhead %.1f us/request, %+.0f%%)\n",
           la / rb, la - rb, (la / rb - 1) * 100);
    printf("peak RSS growth during A: %.1f MiB\n",
           (a.after.maxrss_kib - a.before.maxrss_kib) / 1024.0);
    report_row(&a, "library", "library, curl transport");
    bench_ratio("bench-curl", "library-cpu", la / rb, "× raw libcurl (CPU per request)");
    report_row(&b, "raw", "raw libcurl, same bodies and headers");
    report_row(&c, "no-io", "library, no I/O (recording transport)");
    bench_result("bench-curl", "library-rss", (a.after.maxrss_kib - a.before.maxrss_kib) / 1024.0,
                 "MiB", "library, curl transport: peak RSS growth during the phase");

    for (long i = 0; i < rec.n; i++)
        free(rec.bodies[i]);
    free(rec.bodies);
    free(cbs);
    if (problems) {
        fprintf(stderr, "bench-curl: %ld problems\n", problems);
        return 1;
    }
    return 0;
}
