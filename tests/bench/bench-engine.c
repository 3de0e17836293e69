/* Benchmark: scheduled callbacks in the in-memory engine.  Single thread, so
 * the per-second figures are per core; CPU time is CLOCK_PROCESS_CPUTIME_ID.
 * A benchmark, not a test: it asserts nothing about speed, only that every
 * request and every call succeeded.
 *
 *   BENCH_ENGINE_N=1000000 bench-engine
 *
 * Environment (all optional):
 *   BENCH_ENGINE_N        callbacks in the main run (default 1000000)
 *   BENCH_ENGINE_REST_N   callbacks scheduled through lcc_engine_handle
 *                         (default N; 0 skips that phase)
 *   BENCH_ENGINE_AGENT_N  callbacks dispatched to available agents
 *                         (default N / 10; 0 skips that phase)
 *   BENCH_ENGINE_DURABLE_N  callbacks scheduled into the SQLite store in
 *                         batches (default 100000; 0 skips that phase)
 *   BENCH_ENGINE_BATCH    schedules per batch (default 1000)
 *   BENCH_ENGINE_STORE_DIR  where the store file is made (default /var/tmp:
 *                         a disk, where fsync costs what it costs)
 *   BENCH_ENGINE_PHASES   which phases run, e.g. "core,rest" (default all:
 *                         core, scale, rest, agents, durable)
 *
 * Every context has the same directory, made through the public API: 8
 * agents with LCC_PERM_CALLBACK_CREATE, 4 queues, each agent a member of two
 * of them.  The context clock is injected (lcc_context_params.now_ms) and
 * starts at 2026-11-21T10:00:00Z; each callback is scheduled by a random
 * agent on a random queue at a random millisecond 1 min .. 29 days ahead,
 * to a random French number +3314268xxxx, from one fixed-seed PRNG, so every
 * run schedules the same callbacks.  The inputs (JSON bodies, times,
 * numbers) are made in chunks of 4096 outside the timed sections.
 *
 * Phases, in this order, each in a child process of its own so that each
 * starts from a fresh heap and its own peak RSS:
 *
 *  1. engine core: N x lcc__eng_schedule (the internal function behind the
 *     REST create: the CB-* rules with the number parsed, the item, its id,
 *     its timer, the SCHEDULED event), each with its own lcc_report as the
 *     REST handler does.  Bytes per callback = (peak RSS after - RSS before)
 *     / N, the peak reset through /proc/self/clear_refs first; the malloc
 *     figure is mallinfo2() in-use bytes (arena + mmapped) after - before.
 *     Then, with N timers armed: lcc_context_next_deadline_ms per call, and
 *     the dispatch: the clock is moved forward in steps of ~1024 callbacks
 *     and lcc_context_run_due makes each DUE then QUEUED (no agent is
 *     available, so each goes to its queue's waiting list).
 *  2. scaling: the same on fresh contexts of 10,000 and 100,000 callbacks:
 *     schedule cost (mean while growing from 0 to n), next_deadline with n
 *     armed, run_due per fired callback over the first n/10 to fall due.
 *  3. REST: BENCH_ENGINE_REST_N x POST /api/v2/conversations/callbacks
 *     through lcc_engine_handle, as an agent with a bearer token, the body
 *     the client library sends (callbackNumbers, queueId, countryCode,
 *     callbackScheduledTime); each answer is checked for HTTP 200 and freed.
 *  4. dispatch with agents: BENCH_ENGINE_AGENT_N callbacks, all 8 agents
 *     available; each due callback is OFFERED, accepted (lcc_engine_answer)
 *     and ended (lcc_engine_end), which offers the agent the next one.
 *  5. durable: an engine with a store file (WAL, synchronous=FULL) in a
 *     fresh directory; 1000 REST schedules each committed on its own (one
 *     fsync each), then BENCH_ENGINE_DURABLE_N REST schedules in batches of
 *     BENCH_ENGINE_BATCH between lcc_engine_begin and lcc_engine_commit.
 *     These are wall-clock rates (the time goes to the disk, not the CPU),
 *     from the first request to the last commit's return.
 *
 * Events are read and freed (lcc_context_next_event / lcc_event_free) after
 * every chunk and every run_due, timed apart from the operation, so the
 * event queue never holds more than one chunk. *
 * Besides its tables it prints "# result:" lines for scripts/bench
 * (bench-result.h), and as "# ratio:" lines the REST schedule's time over
 * the engine core's and run_due's time at N over that at 10,000 armed
 * (each pair measured in this one run).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <contactcore/contactcore.h>

#include "bench-result.h"
#include "core/report.h"
#include "engine/engine.h"
#include "transport/io.h"

#define T0 1795255200000LL /* 2026-11-21T10:00:00Z */
#define MIN_AHEAD_MS 60000LL
#define SPREAD_MS (29LL * 86400 * 1000)
#define CHUNK 4096
#define NQUEUES 4
#define NAGENTS 8
#define DEADLINE_CALLS 1000000L
#define CALLBACKS_PATH "/api/v2/conversations/callbacks"

static const char *const QUEUE_IDS[NQUEUES] = {"q0", "q1", "q2", "q3"};
static const char *const AGENT_IDS[NAGENTS] = {"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"};

/* ---- clock, randomness, measuring ---- */

static int64_t g_now = T0;

static int64_t clock_fn(void *ud)
{
    (void)ud;
    return g_now;
}

static uint64_t g_rng = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
    uint64_t z = (g_rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "bench-engine: %s: %s\n", what, detail ? detail : "");
    exit(1);
}

#define CHECK(ctx, expr)                                                                          \
    do {                                                                                          \
        if ((expr) != LCC_OK)                                                                     \
            die(#expr, lcc_context_errmsg(ctx));                                                  \
    } while (0)

/* A field of /proc/self/status in KiB, or -1. */
static long status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            v = strtol(line + n + 1, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

/* Resets the peak RSS (VmHWM) to the current RSS; 1 when it worked. */
static int reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f)
        return 0;
    int ok = fputs("5", f) >= 0;
    ok = fclose(f) == 0 && ok;
    return ok && status_kib("VmHWM") <= status_kib("VmRSS") + 64;
}

static size_t malloc_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static long env_long(const char *name, long dflt)
{
    const char *s = getenv(name);
    return s && *s ? atol(s) : dflt;
}

/* ---- the engine's context ---- */

typedef struct bench {
    lcc_context *ctx;
    lcc_engine *e;
    eng_agent *agents[NAGENTS];
    char auth[NAGENTS][80]; /* "Bearer <token>", REST phase only */
    size_t events;          /* read and freed so far */
    double drain_s;         /* CPU spent reading and freeing them */
} bench;

static size_t drain(bench *b)
{
    double t = cpu_s();
    size_t n = 0;
    lcc_event *ev;
    while ((ev = lcc_context_next_event(b->ctx))) {
        lcc_event_free(ev);
        n++;
    }
    b->drain_s += cpu_s() - t;
    b->events += n;
    return n;
}

static void bench_new_store(bench *b, int agents_available, const char *store);

static void bench_new(bench *b, int agents_available)
{
    bench_new_store(b, agents_available, NULL);
}

static void bench_new_store(bench *b, int agents_available, const char *store)
{
    memset(b, 0, sizeof *b);
    g_now = T0;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = clock_fn;
    if (lcc_context_new(&b->ctx, &p) != LCC_OK)
        die("lcc_context_new", NULL);
    lcc_context *ctx = b->ctx;
    for (int i = 0; i < NQUEUES; i++) {
        lcc_queue *q;
        CHECK(ctx, lcc_queue_new(&q, ctx, QUEUE_IDS[i], QUEUE_IDS[i]));
    }
    for (int i = 0; i < NAGENTS; i++) {
        lcc_agent *a;
        CHECK(ctx, lcc_agent_new(&a, ctx, AGENT_IDS[i], AGENT_IDS[i]));
        CHECK(ctx, lcc_agent_add_permission(a, LCC_PERM_CALLBACK_CREATE));
        CHECK(ctx, lcc_queue_add_member(lcc_context_find_queue(ctx, QUEUE_IDS[i % NQUEUES]),
                                        AGENT_IDS[i]));
        CHECK(ctx, lcc_queue_add_member(
                       lcc_context_find_queue(ctx, QUEUE_IDS[(i + 1) % NQUEUES]), AGENT_IDS[i]));
    }
    lcc_engine_params ep = LCC_ENGINE_PARAMS_INIT;
    ep.store_path = store;
    CHECK(ctx, lcc_engine_new(&b->e, ctx, &ep));
    for (int i = 0; i < NAGENTS; i++) {
        lcc_status st = LCC_OK;
        if (!(b->agents[i] = lcc__eng_agent(b->e, AGENT_IDS[i], &st)))
            die("lcc__eng_agent", lcc_context_errmsg(ctx));
        if (agents_available) {
            CHECK(ctx, lcc_engine_set_presence(b->e, AGENT_IDS[i], LCC_PRESENCE_AVAILABLE));
            CHECK(ctx, lcc_engine_set_routing_status(b->e, AGENT_IDS[i], LCC_ROUTING_IDLE));
        }
    }
    drain(b);
    b->events = 0;
    b->drain_s = 0;
}

/* ---- inputs, made outside the timed sections ---- */

typedef struct plan {
    size_t n;
    int64_t when[CHUNK];
    char number[CHUNK][16];
    unsigned char queue[CHUNK], agent[CHUNK];
    char body[CHUNK][192];
    size_t body_len[CHUNK];
} plan;

static void plan_fill(plan *p, size_t n, int with_bodies)
{
    p->n = n;
    for (size_t i = 0; i < n; i++) {
        p->when[i] = g_now + MIN_AHEAD_MS + (int64_t)(rnd() % (uint64_t)SPREAD_MS);
        snprintf(p->number[i], sizeof p->number[i], "+3314268%04u", (unsigned)(rnd() % 10000));
        p->queue[i] = (unsigned char)(rnd() % NQUEUES);
        p->agent[i] = (unsigned char)(rnd() % NAGENTS);
        if (!with_bodies)
            continue;
        char t[LCC_TIME_BUFSIZE];
        if (lcc_time_format(t, sizeof t, p->when[i]) != LCC_OK)
            die("lcc_time_format", NULL);
        int len = snprintf(p->body[i], sizeof p->body[i],
                           "{\"callbackNumbers\":[\"%s\"],\"queueId\":\"%s\",\"countryCode\":"
                           "\"FR\",\"callbackScheduledTime\":\"%s\"}",
                           p->number[i], QUEUE_IDS[p->queue[i]], t);
        if (len < 0 || (size_t)len >= sizeof p->body[i])
            die("body", "too long");
        p->body_len[i] = (size_t)len;
    }
}

static plan g_plan;

/* ---- schedule ---- */

/* The timed loops are functions of their own so that callgrind can count
 * them alone (--toggle-collect=core_chunk or rest_chunk). */
__attribute__((noipa)) static void core_chunk(bench *b, const plan *p, eng_item **last)
{
    lcc_context *ctx = b->ctx;
    for (size_t i = 0; i < p->n; i++) {
        eng_create c;
        memset(&c, 0, sizeof c);
        c.queue_id = QUEUE_IDS[p->queue[i]];
        c.number = p->number[i];
        c.scheduled_ms = p->when[i];
        lcc_report *r = lcc__report_new(&ctx->alloc);
        if (!r)
            die("lcc__report_new", "out of memory");
        lcc_status st = lcc__eng_schedule(last, r, b->e, b->agents[p->agent[i]], &c);
        lcc_report_free(r);
        if (st != LCC_OK)
            die("lcc__eng_schedule", lcc_context_errmsg(ctx));
    }
}

__attribute__((noipa)) static void rest_chunk(bench *b, const plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        int http = 0;
        char *resp = NULL;
        size_t len = 0;
        lcc_status st = lcc_engine_handle(&http, &resp, &len, b->e, "POST", CALLBACKS_PATH,
                                          b->auth[p->agent[i]], p->body[i], p->body_len[i]);
        if (st != LCC_OK)
            die("lcc_engine_handle", lcc_context_errmsg(b->ctx));
        if (http != 200)
            die("POST " CALLBACKS_PATH, resp);
        lcc_free(resp);
    }
}

/* Schedules n callbacks (rest: through lcc_engine_handle, else through
 * lcc__eng_schedule); returns the CPU seconds of the calls alone. */
static double schedule(bench *b, size_t n, int rest, eng_item **last)
{
    double total = 0;
    for (size_t done = 0; done < n;) {
        size_t k = n - done < CHUNK ? n - done : CHUNK;
        plan_fill(&g_plan, k, rest);
        double t = cpu_s();
        if (rest)
            rest_chunk(b, &g_plan);
        else
            core_chunk(b, &g_plan, last);
        total += cpu_s() - t;
        drain(b);
        done += k;
    }
    return total;
}

static void b64(char *out, const char *in)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(in), o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)(unsigned char)in[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)in[i + 2];
        out[o++] = t[v >> 18];
        out[o++] = t[(v >> 12) & 63];
        out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    out[o] = '\0';
}

/* Each agent logs in once (POST /oauth/token, HTTP Basic). */
static void login_all(bench *b)
{
    for (int i = 0; i < NAGENTS; i++) {
        char cred[64], basic[128] = "Basic ";
        snprintf(cred, sizeof cred, "%s:secret", AGENT_IDS[i]);
        b64(basic + 6, cred);
        int http = 0;
        char *resp = NULL;
        size_t len = 0;
        const char *body = "grant_type=client_credentials";
        CHECK(b->ctx, lcc_engine_handle(&http, &resp, &len, b->e, "POST", "/oauth/token", basic,
                                        body, strlen(body)));
        const char *tok = strstr(resp, "\"access_token\":\"");
        if (http != 200 || !tok)
            die("/oauth/token", resp);
        tok += strlen("\"access_token\":\"");
        snprintf(b->auth[i], sizeof b->auth[i], "Bearer %.*s", (int)strcspn(tok, "\""), tok);
        lcc_free(resp);
    }
}

/* ---- deadlines and dispatch ---- */

static double next_deadline_ns(bench *b)
{
    volatile int64_t sink = 0;
    double t = cpu_s();
    for (long i = 0; i < DEADLINE_CALLS; i++)
        sink += lcc_context_next_deadline_ms(b->ctx);
    (void)sink;
    return (cpu_s() - t) * 1e9 / DEADLINE_CALLS;
}

typedef struct dispatch {
    size_t fired, early_fired; /* all; over the first `early_limit` */
    double run_s, early_s;
    size_t rounds;
} dispatch;

static size_t armed(const bench *b)
{
    return b->ctx->io->timers.count;
}

/* lcc_context_run_due, under two names so that callgrind can count the
 * first n/10 callbacks to fall due alone (--toggle-collect=run_due_early). */
__attribute__((noipa)) static void run_due_early(bench *b)
{
    CHECK(b->ctx, lcc_context_run_due(b->ctx));
}

__attribute__((noipa)) static void run_due_late(bench *b)
{
    CHECK(b->ctx, lcc_context_run_due(b->ctx));
}

/* Moves the clock forward in steps of about `batch` callbacks and runs what
 * falls due, until `stop` callbacks have fired or no timer is left. */
static void run_dispatch(dispatch *d, bench *b, size_t n, size_t batch, size_t early_limit,
                         size_t stop)
{
    memset(d, 0, sizeof *d);
    int64_t step = (int64_t)((double)SPREAD_MS * (double)batch / (double)n);
    if (step < 1)
        step = 1;
    int64_t due;
    while (d->fired < stop && (due = lcc_context_next_deadline_ms(b->ctx)) >= 0) {
        g_now = due + step - 1;
        size_t before = armed(b);
        int early = d->fired < early_limit;
        double t = cpu_s();
        if (early)
            run_due_early(b);
        else
            run_due_late(b);
        double s = cpu_s() - t;
        size_t fired = before - armed(b);
        if (early) {
            d->early_fired += fired;
            d->early_s += s;
        }
        d->fired += fired;
        d->run_s += s;
        d->rounds++;
        drain(b);
    }
}

/* ---- the phases, each in a child process of its own ---- */

typedef struct scale_row {
    size_t n;
    double sched_ns, deadline_ns, run_due_ns;
    size_t fired;
} scale_row;

typedef struct results {
    /* 1. core at N */
    size_t n;
    double core_s, core_drain_s, dispatch_s, dispatch_drain_s;
    size_t core_events, dispatch_events, fired, rounds;
    int peak_reset;
    long rss0_kib, hwm_kib;
    double heap_bytes; /* mallinfo2 in use, after - before */
    size_t item_chunk, item_struct, number_chunk, items_cap, origins_cap, heap_cap;
    scale_row big;
    /* 2. scaling */
    scale_row rows[2];
    size_t nrows;
    /* 3. REST */
    size_t rest_n;
    double rest_s, rest_drain_s;
    size_t rest_events;
    int rest_peak_reset;
    long rest_rss0_kib, rest_hwm_kib;
    double rest_heap_bytes;
    /* 4. agents */
    size_t agent_n, handled, agent_events;
    double agent_s;
    /* 5. durable */
    size_t single_n, durable_n, batch;
    double single_wall_s, durable_wall_s;
} results;

static void phase_core(results *R, size_t n)
{
    bench b;
    eng_item *last = NULL;
    bench_new(&b, 0);
    R->n = n;
    R->peak_reset = reset_peak();
    R->rss0_kib = status_kib(R->peak_reset ? "VmHWM" : "VmRSS");
    size_t heap0 = malloc_in_use();
    R->core_s = schedule(&b, n, 0, &last);
    R->hwm_kib = status_kib("VmHWM");
    R->heap_bytes = (double)malloc_in_use() - (double)heap0;
    R->core_events = b.events;
    R->core_drain_s = b.drain_s;
    /* where the bytes go (a malloc chunk is its usable size + 8) */
    R->item_chunk = malloc_usable_size(last) + 8;
    R->item_struct = sizeof(eng_item);
    R->number_chunk = malloc_usable_size(last->number) + 8;
    R->items_cap = b.e->items.cap;
    R->origins_cap = b.e->origins.cap;
    R->heap_cap = b.ctx->io->timers.cap;
    R->big.n = n;
    R->big.sched_ns = R->core_s * 1e9 / (double)n;
    R->big.deadline_ns = next_deadline_ns(&b);
    b.events = 0;
    b.drain_s = 0;
    dispatch d;
    run_dispatch(&d, &b, n, 1024, n / 10, SIZE_MAX);
    if (d.fired != n || b.events != 2 * n)
        die("dispatch", "not every callback fell due (DUE + QUEUED)");
    R->big.run_due_ns = d.early_s * 1e9 / (double)d.early_fired;
    R->big.fired = d.early_fired;
    R->fired = d.fired;
    R->rounds = d.rounds;
    R->dispatch_s = d.run_s;
    R->dispatch_events = b.events;
    R->dispatch_drain_s = b.drain_s;
    lcc_context_free(b.ctx);
}

/* n callbacks on `reps` fresh contexts, figures summed. */
static scale_row scale(size_t n, int reps)
{
    scale_row row = {n, 0, 0, 0, 0};
    double sched = 0, dl = 0, run = 0;
    for (int r = 0; r < reps; r++) {
        bench b;
        eng_item *last = NULL;
        bench_new(&b, 0);
        sched += schedule(&b, n, 0, &last);
        dl += next_deadline_ns(&b);
        dispatch d;
        size_t batch = n / 100 > 1024 ? 1024 : n / 100 ? n / 100 : 1;
        run_dispatch(&d, &b, n, batch, n / 10, n / 10);
        run += d.early_s;
        row.fired += d.early_fired;
        lcc_context_free(b.ctx);
    }
    row.sched_ns = sched * 1e9 / ((double)n * reps);
    row.deadline_ns = dl / reps;
    row.run_due_ns = run * 1e9 / (double)row.fired;
    return row;
}

static void phase_scale(results *R, size_t n)
{
    R->nrows = 0;
    if (n > 10000)
        R->rows[R->nrows++] = scale(10000, 10);
    if (n > 100000)
        R->rows[R->nrows++] = scale(100000, 1);
}

static void phase_rest(results *R, size_t n)
{
    bench b;
    bench_new(&b, 0);
    login_all(&b);
    drain(&b);
    b.events = 0;
    b.drain_s = 0;
    R->rest_n = n;
    R->rest_peak_reset = reset_peak();
    R->rest_rss0_kib = status_kib(R->rest_peak_reset ? "VmHWM" : "VmRSS");
    size_t heap0 = malloc_in_use();
    R->rest_s = schedule(&b, n, 1, NULL);
    R->rest_hwm_kib = status_kib("VmHWM");
    R->rest_heap_bytes = (double)malloc_in_use() - (double)heap0;
    R->rest_events = b.events;
    R->rest_drain_s = b.drain_s;
    lcc_context_free(b.ctx);
}

/* Every agent available: each due callback is offered, accepted and ended,
 * which offers the agent the next one waiting. */
static void phase_agents(results *R, size_t n)
{
    bench b;
    eng_item *last = NULL;
    bench_new(&b, 1);
    schedule(&b, n, 0, &last);
    int64_t step = (int64_t)((double)SPREAD_MS * 1024.0 / (double)n);
    if (step < 1)
        step = 1;
    int64_t due;
    size_t handled = 0, events = 0;
    double t = cpu_s();
    while ((due = lcc_context_next_deadline_ms(b.ctx)) >= 0) {
        g_now = due + step - 1;
        CHECK(b.ctx, lcc_context_run_due(b.ctx));
        lcc_event *ev;
        while ((ev = lcc_context_next_event(b.ctx))) {
            if (lcc_event_get_type(ev) == LCC_EVENT_ENGINE_OFFERED) {
                CHECK(b.ctx, lcc_engine_answer(b.e, lcc_event_agent_id(ev),
                                               lcc_event_conversation_id(ev), 1));
                CHECK(b.ctx, lcc_engine_end(b.e, lcc_event_conversation_id(ev)));
                handled++;
            }
            lcc_event_free(ev);
            events++;
        }
    }
    R->agent_s = cpu_s() - t;
    if (handled != n)
        die("dispatch to agents", "not every callback was offered");
    R->agent_n = n;
    R->handled = handled;
    R->agent_events = events;
    lcc_context_free(b.ctx);
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t g_batch = 1000;

/* REST schedules into a store file: first one commit each, then batches. */
static void phase_durable(results *R, size_t n)
{
    char dir[512], path[600];
    const char *base = getenv("BENCH_ENGINE_STORE_DIR");
    snprintf(dir, sizeof dir, "%s/bench-engine-XXXXXX", base && *base ? base : "/var/tmp");
    if (!mkdtemp(dir))
        die("mkdtemp", strerror(errno));
    snprintf(path, sizeof path, "%s/engine.db", dir);
    bench b;
    bench_new_store(&b, 0, path);
    login_all(&b);
    drain(&b);
    R->single_n = 1000;
    double t = 0;
    for (size_t done = 0; done < R->single_n; done += CHUNK) {
        size_t k = R->single_n - done < CHUNK ? R->single_n - done : CHUNK;
        plan_fill(&g_plan, k, 1);
        double t0 = wall_s();
        rest_chunk(&b, &g_plan);
        t += wall_s() - t0;
        drain(&b);
    }
    R->single_wall_s = t;
    R->batch = g_batch;
    t = 0;
    for (size_t done = 0; done < n;) {
        size_t k = n - done < g_batch ? n - done : g_batch;
        if (k > CHUNK)
            k = CHUNK;
        plan_fill(&g_plan, k, 1);
        double t0 = wall_s();
        CHECK(b.ctx, lcc_engine_begin(b.e));
        rest_chunk(&b, &g_plan);
        CHECK(b.ctx, lcc_engine_commit(b.e));
        t += wall_s() - t0;
        drain(&b);
        done += k;
    }
    R->durable_n = n;
    R->durable_wall_s = t;
    lcc_context_free(b.ctx);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        die("rm", dir);
}

/* Runs a phase in a child process: a fresh heap and peak RSS for each. */
static void run_phase(void (*fn)(results *, size_t), results *R, size_t n)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die("fork", strerror(errno));
    if (pid == 0) {
        fn(R, n);
        _exit(0);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("a phase failed", NULL);
}

/* ---- report ---- */

static void print_row(const char *what, size_t count, const char *unit, double seconds)
{
    printf("%-56s %9zu %-9s %7.0f %11.0f\n", what, count, unit, seconds * 1e9 / (double)count,
           (double)count / seconds);
}

static void print_scale(const scale_row *r)
{
    printf("  %9zu  %15.0f  %17.1f  %20.0f  %9zu  %6.1f\n", r->n, r->sched_ns, r->deadline_ns,
           r->run_due_ns, r->fired, log2((double)r->n));
}

#define grouped bench_grouped

/* A "# result:" line whose label is printf(...). */
#define RESULT(metric, value, unit, ...)                                                          \
    do {                                                                                          \
        char label_[192];                                                                         \
        snprintf(label_, sizeof label_, __VA_ARGS__);                                             \
        bench_result("bench-engine", metric, value, unit, label_);                                \
    } while (0)

/* The "# result:" and "# ratio:" lines of what ran. */
static void print_results(const results *R, int core)
{
    if (R->rest_n)
        RESULT("schedule-rest", R->rest_s * 1e9 / (double)R->rest_n, "ns/callback",
               "schedule through REST (lcc_engine_handle, JSON in and out), %s callbacks, CPU",
               grouped(R->rest_n));
    if (R->rest_n && core)
        bench_ratio("bench-engine", "schedule-rest", (R->rest_s / (double)R->rest_n) /
                                                         (R->core_s / (double)R->n),
                    "× engine core (time per schedule)");
    if (core) {
        RESULT("schedule-core", R->core_s * 1e9 / (double)R->n, "ns/callback",
               "schedule, engine core (lcc__eng_schedule), %s callbacks, CPU", grouped(R->n));
        RESULT("dispatch", R->dispatch_s * 1e9 / (double)R->fired, "ns/callback",
               "dispatch, no agent available (run_due: DUE + QUEUED), %s callbacks",
               grouped(R->fired));
    }
    if (R->agent_n)
        RESULT("dispatch-agents", R->agent_s * 1e9 / (double)R->handled, "ns/callback",
               "dispatch to available agents (run_due, OFFERED, answer, end), %s callbacks",
               grouped(R->handled));
    size_t events = R->core_events + R->dispatch_events + R->rest_events;
    if (events)
        RESULT("events", (R->core_drain_s + R->dispatch_drain_s + R->rest_drain_s) * 1e9 /
                             (double)events,
               "ns/event", "events read and freed (next_event + event_free), %s events",
               grouped(events));
    if (core) {
        RESULT("memory-rss", (double)(R->hwm_kib - R->rss0_kib) * 1024.0 / (double)R->n,
               "bytes/callback", "memory, engine core, %s scheduled: peak RSS rise",
               grouped(R->n));
        RESULT("memory-malloc", R->heap_bytes / (double)R->n, "bytes/callback",
               "memory, engine core, %s scheduled: malloc in use (mallinfo2)", grouped(R->n));
    }
    if (R->rest_n) {
        RESULT("memory-rest-rss",
               (double)(R->rest_hwm_kib - R->rest_rss0_kib) * 1024.0 / (double)R->rest_n,
               "bytes/callback", "memory, REST, %s scheduled: peak RSS rise",
               grouped(R->rest_n));
        RESULT("memory-rest-malloc", R->rest_heap_bytes / (double)R->rest_n, "bytes/callback",
               "memory, REST, %s scheduled: malloc in use (mallinfo2)", grouped(R->rest_n));
    }
    if (R->durable_n) {
        RESULT("durable-single", R->single_wall_s * 1e6 / (double)R->single_n, "µs/callback",
               "schedule through REST, durable (SQLite, synchronous=FULL), one commit each, %s "
               "callbacks, wall",
               grouped(R->single_n));
        RESULT("durable-batch", R->durable_wall_s * 1e6 / (double)R->durable_n, "µs/callback",
               "schedule through REST, durable, batches of %s, %s callbacks, wall",
               grouped(R->batch), grouped(R->durable_n));
        RESULT("durable-batch-rate", (double)R->durable_n / R->durable_wall_s, "callbacks/s",
               "schedule through REST, durable, batches of %s, %s callbacks, wall",
               grouped(R->batch), grouped(R->durable_n));
    }
    for (size_t i = 0; i < R->nrows; i++) {
        char metric[64];
        snprintf(metric, sizeof metric, "scale-schedule-%zu", R->rows[i].n);
        RESULT(metric, R->rows[i].sched_ns, "ns/callback",
               "schedule, engine core, mean from 0 to %s armed", grouped(R->rows[i].n));
    }
    const scale_row *rows[3];
    size_t nrows = 0;
    for (size_t i = 0; i < R->nrows; i++)
        rows[nrows++] = &R->rows[i];
    if (core)
        rows[nrows++] = &R->big;
    for (size_t i = 0; i < nrows; i++) {
        char metric[64];
        snprintf(metric, sizeof metric, "scale-run-due-%zu", rows[i]->n);
        RESULT(metric, rows[i]->run_due_ns, "ns/callback",
               "run_due per callback falling due, first tenth of %s armed",
               grouped(rows[i]->n));
        if (i > 0 && rows[0]->n == 10000)
            bench_ratio("bench-engine", metric, rows[i]->run_due_ns / rows[0]->run_due_ns,
                        "× with 10,000 armed");
    }
    if (core)
        RESULT("next-deadline", R->big.deadline_ns, "ns/call",
               "lcc_context_next_deadline_ms with %s armed", grouped(R->big.n));
}

static int wanted(const char *phases, const char *name)
{
    return !phases || strstr(phases, name) != NULL;
}

int main(void)
{
    long n_main = env_long("BENCH_ENGINE_N", 1000000);
    long n_rest = env_long("BENCH_ENGINE_REST_N", n_main);
    long n_agents = env_long("BENCH_ENGINE_AGENT_N", n_main / 10);
    long n_durable = env_long("BENCH_ENGINE_DURABLE_N", 100000);
    long batch = env_long("BENCH_ENGINE_BATCH", 1000);
    const char *phases = getenv("BENCH_ENGINE_PHASES"); /* e.g. "core,rest": for callgrind */
    if (n_main < 100 || n_rest < 0 || n_agents < 0 || n_durable < 0 || batch < 1 ||
        batch > CHUNK) {
        fprintf(stderr, "bench-engine: BENCH_ENGINE_N must be at least 100, "
                        "BENCH_ENGINE_BATCH 1..%d\n", CHUNK);
        return 2;
    }
    g_batch = (size_t)batch;
    results *R = mmap(NULL, sizeof *R, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (R == MAP_FAILED)
        die("mmap", strerror(errno));
    memset(R, 0, sizeof *R);
    size_t n = (size_t)n_main;
    int core = wanted(phases, "core");
    if (core)
        run_phase(phase_core, R, n);
    if (wanted(phases, "scale"))
        run_phase(phase_scale, R, n);
    if (n_rest > 0 && wanted(phases, "rest"))
        run_phase(phase_rest, R, (size_t)n_rest);
    if (n_agents > 0 && wanted(phases, "agents"))
        run_phase(phase_agents, R, (size_t)n_agents);
    if (n_durable > 0 && wanted(phases, "durable"))
        run_phase(phase_durable, R, (size_t)n_durable);

    printf("engine: callbacks 1 min .. 29 days ahead, %d queues, %d agents, injected clock;"
           " CPU time, one thread, each phase in a fresh process\n\n",
           NQUEUES, NAGENTS);
    printf("%-56s %9s %-9s %7s %11s\n", "operation", "count", "", "ns/op", "ops/s/core");
    if (R->rest_n)
        print_row("schedule, REST: lcc_engine_handle POST, JSON in/out", R->rest_n, "callbacks",
                  R->rest_s);
    if (core) {
        print_row("schedule, engine core: lcc__eng_schedule", n, "callbacks", R->core_s);
        print_row("dispatch: run_due, each DUE + QUEUED (no agent free)", R->fired, "callbacks",
                  R->dispatch_s);
    }
    if (R->agent_n)
        print_row("dispatch to agents: run_due + OFFERED + answer + end", R->handled,
                  "callbacks", R->agent_s);
    size_t events = R->core_events + R->dispatch_events + R->rest_events;
    if (events)
        print_row("events: lcc_context_next_event + lcc_event_free", events, "events",
                  R->core_drain_s + R->dispatch_drain_s + R->rest_drain_s);
    printf("(events read and freed after every %d schedules and every run_due, timed apart;"
           " dispatch ran in %zu rounds)\n",
           CHUNK, R->rounds);

    if (core) {
        printf("\nmemory, engine core, %zu callbacks scheduled:\n", n);
        printf("  peak RSS: %ld KiB %s -> %ld KiB: %.0f bytes per callback\n", R->rss0_kib,
               R->peak_reset ? "(peak reset)" : "(RSS before)", R->hwm_kib,
               (double)(R->hwm_kib - R->rss0_kib) * 1024.0 / (double)n);
        printf("  malloc in use (mallinfo2 arena + mmapped): %.0f bytes per callback\n",
               R->heap_bytes / (double)n);
        size_t slot = 2 * sizeof(void *) + sizeof(uint64_t); /* struct lcc__map_slot */
        printf("  of which: eng_item %zu (struct %zu), number %zu, items map %.1f (%zu slots),"
               " origins map %.1f, timer heap %.1f (%zu slots)\n",
               R->item_chunk, R->item_struct, R->number_chunk,
               (double)(R->items_cap * slot) / (double)n, R->items_cap,
               (double)(R->origins_cap * slot) / (double)n,
               (double)(R->heap_cap * sizeof(void *)) / (double)n, R->heap_cap);
    }
    if (R->rest_n)
        printf("  REST, %zu callbacks: peak RSS %.0f, malloc in use %.0f bytes per callback\n",
               R->rest_n, (double)(R->rest_hwm_kib - R->rest_rss0_kib) * 1024.0 / (double)R->rest_n,
               R->rest_heap_bytes / (double)R->rest_n);
    if (R->durable_n) {
        printf("\ndurable store (SQLite, WAL, synchronous=FULL), REST schedules, wall clock:\n");
        printf("  one commit each:     %7zu callbacks  %9.0f us each  %9.0f callbacks/s\n",
               R->single_n, R->single_wall_s * 1e6 / (double)R->single_n,
               (double)R->single_n / R->single_wall_s);
        printf("  batches of %-6zu   %7zu callbacks  %9.1f us each  %9.0f callbacks/s\n",
               R->batch, R->durable_n, R->durable_wall_s * 1e6 / (double)R->durable_n,
               (double)R->durable_n / R->durable_wall_s);
    }

    if (core || R->nrows) {
        printf("\nscaling, engine core (run_due: over the first n/10 callbacks to fall due):\n");
        printf("  %9s  %15s  %17s  %20s  %9s  %6s\n", "n", "schedule ns/cb", "next_deadline ns",
               "run_due ns/fired", "fired", "log2 n");
        for (size_t i = 0; i < R->nrows; i++)
            print_scale(&R->rows[i]);
        if (core)
            print_scale(&R->big);
    }
    printf("\n");
    print_results(R, core);
    return 0;
}
