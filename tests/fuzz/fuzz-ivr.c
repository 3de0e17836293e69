/* Fuzz target of the IVR script reader (contactcore/ivr.h), through the
 * public API only.
 *
 * Each input is parsed as YAML, as JSON and with AUTO on a fresh context.
 * Every report entry is read in full; the documented invariants are checked
 * (abort() on a violation, so libFuzzer and the replay see it).  A script
 * that parses is explained and then run: a short call whose inputs come
 * from a hash of the document, mostly ones the session waits for and now
 * and then one it must refuse.  Some calls run on a context with an
 * embedded engine (AUTO the other way than YAML and JSON), so a `callback`
 * is filed there too.  Everything is
 * freed explicitly (the leak checkers must see nothing).
 *
 * Built twice by tests/fuzz/meson.build: with replay.c into a plain program
 * that runs the corpus (any compiler, valgrind, ASan), and with clang's
 * -fsanitize=fuzzer into the libFuzzer binary (scripts/fuzz).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <contactcore/contactcore.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                    \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz-ivr: %s:%d: invariant broken: %s\n", __FILE__,       \
                    __LINE__, #cond);                                                    \
            abort();                                                                     \
        }                                                                                \
    } while (0)

static int64_t fixed_clock(void *user_data)
{
    (void)user_data;
    return 1767603600000LL; /* 2026-01-05 09:00 UTC */
}

/* FNV-1a, then splitmix64 steps: the call's inputs. */
static uint64_t hash_bytes(const uint8_t *data, size_t size)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Reads every field of every entry (strlen makes a bad pointer show). */
static void touch_report(const lcc_report *r)
{
    size_t n = lcc_report_count(r), errors = 0;
    REQUIRE(n <= LCC_IVR_MAX_ENTRIES + 1);
    for (size_t i = 0; i < n; i++) {
        const char *rule = lcc_report_rule(r, i);
        const char *field = lcc_report_field(r, i);
        const char *msg = lcc_report_message(r, i);
        REQUIRE(rule && strncmp(rule, "IVR-", 4) == 0);
        REQUIRE(field && msg && strlen(msg) > 0);
        (void)strlen(field);
        (void)lcc_report_line(r, i);
        (void)lcc_report_column(r, i);
        (void)lcc_report_code(r, i);
        if (lcc_report_severity(r, i) == LCC_SEVERITY_ERROR)
            errors++;
    }
    REQUIRE(errors == lcc_report_error_count(r));
    REQUIRE(lcc_report_rule(r, n) == NULL);
}

/* Reads every action of the last step; returns the keys of its COLLECT
 * (into keys, at most 12 and a NUL), or leaves keys as they were. */
static void touch_actions(const lcc_ivr_session *s, char keys[16])
{
    size_t n = lcc_ivr_session_action_count(s);
    for (size_t i = 0; i < n; i++) {
        lcc_ivr_action a = lcc_ivr_session_action(s, i);
        REQUIRE(a >= LCC_IVR_ACTION_ENTER && a <= LCC_IVR_ACTION_HUNG_UP);
        const char *text = lcc_ivr_session_action_text(s, i);
        if (a == LCC_IVR_ACTION_HANGUP || a == LCC_IVR_ACTION_HUNG_UP)
            REQUIRE(text == NULL);
        else
            REQUIRE(text != NULL && strlen(text) < 1u << 20);
        if (a == LCC_IVR_ACTION_COLLECT) {
            size_t len = strlen(text);
            REQUIRE(len >= 1 && len <= 12);
            memcpy(keys, text, len + 1);
        }
        (void)lcc_ivr_session_action_line(s, i);
    }
    REQUIRE(lcc_ivr_session_action(s, n) == 0);
    REQUIRE(lcc_ivr_session_action_text(s, n) == NULL);
}

/* An input the session waits for (or, one time in sixteen, any input). */
static lcc_ivr_input pick_input(lcc_ivr_wait w, uint64_t r)
{
    if ((r & 15) == 0)
        return (lcc_ivr_input)(1 + (r >> 4) % 8); /* 8 is not an input at all */
    r >>= 4;
    switch (w) {
    case LCC_IVR_WAIT_START:
        return r % 32 == 0 ? LCC_IVR_INPUT_HANGUP
                           : (r % 4 ? LCC_IVR_INPUT_AGENTS_ONLINE : LCC_IVR_INPUT_AGENTS_OFFLINE);
    case LCC_IVR_WAIT_KEY:
        return r % 8 == 0 ? LCC_IVR_INPUT_TIMEOUT : r % 64 == 1 ? LCC_IVR_INPUT_HANGUP
                                                                : LCC_IVR_INPUT_KEY;
    case LCC_IVR_WAIT_RING:
        return r % 3 == 0 ? LCC_IVR_INPUT_ANSWERED : LCC_IVR_INPUT_ALL_BUSY;
    case LCC_IVR_WAIT_QUEUE:
        return r % 8 == 0 ? LCC_IVR_INPUT_ANSWERED : r % 32 == 1 ? LCC_IVR_INPUT_HANGUP
                                                                 : LCC_IVR_INPUT_TIMEOUT;
    case LCC_IVR_WAIT_DONE:
        break;
    }
    return LCC_IVR_INPUT_HANGUP;
}

static void run_call(lcc_context *ctx, lcc_ivr **ivr, uint64_t seed, int with_engine, int call)
{
    static const char any_key[] = "0123456789*#x"; /* 'x' is not a key */
    char offered[16] = "";                         /* the keys of the last COLLECT */
    lcc_ivr_session *s = NULL;
    /* One call id per call: a second callback for the same call would be
     * refused by the engine (CB-SINGLE). */
    char call_id[32];
    snprintf(call_id, sizeof call_id, "call-%d", call);
    lcc_status st = lcc_ivr_session_new(&s, *ivr, "+13125550100", "support",
                                        seed & 2 ? call_id : NULL);
    REQUIRE(st == LCC_OK || st == LCC_ENOMEM);
    if (st != LCC_OK)
        return;
    REQUIRE(lcc_ivr_session_wait(s) == LCC_IVR_WAIT_START);
    if (seed & 4) { /* the session keeps working without its script */
        lcc_ivr_free(*ivr);
        *ivr = NULL;
    }
    for (int step = 0; step < 64 && lcc_ivr_session_wait(s) != LCC_IVR_WAIT_DONE; step++) {
        uint64_t r = next(&seed);
        lcc_ivr_wait before = lcc_ivr_session_wait(s);
        lcc_ivr_input input = pick_input(before, r);
        /* Mostly a key the choice offers, else any (also not offered). */
        char key = offered[0] && (r >> 20) % 4 ? offered[(r >> 24) % strlen(offered)]
                                               : any_key[(r >> 28) % (sizeof any_key - 1)];
        st = lcc_ivr_session_step(s, input, key);
        REQUIRE(st == LCC_OK || st == LCC_ESTATE || st == LCC_EINVAL || st == LCC_ENOMEM);
        if (st != LCC_OK)
            REQUIRE(lcc_ivr_session_wait(s) == before); /* nothing changes */
        else
            touch_actions(s, offered);
        if (with_engine && (r >> 40) % 4 == 0)
            (void)lcc_context_run_due(ctx);
    }
    if (lcc_ivr_session_wait(s) == LCC_IVR_WAIT_DONE)
        REQUIRE(lcc_ivr_session_step(s, LCC_IVR_INPUT_HANGUP, 0) == LCC_ESTATE);
    const char *cb = lcc_ivr_session_callback_id(s);
    if (cb) {
        REQUIRE(with_engine);
        (void)strlen(cb);
    }
    lcc_ivr_session_free(s);
}

/* A context on a fixed clock; with an engine, the engine has queue
 * "support" with one available agent. */
static lcc_context *new_context(int with_engine)
{
    lcc_context_params params = LCC_CONTEXT_PARAMS_INIT;
    params.now_ms = fixed_clock;
    lcc_context *ctx = NULL;
    if (lcc_context_new(&ctx, &params) != LCC_OK)
        return NULL;
    if (with_engine) {
        lcc_engine *engine;
        lcc_agent *agent;
        lcc_queue *queue;
        REQUIRE(lcc_engine_new(&engine, ctx, NULL) == LCC_OK);
        REQUIRE(lcc_agent_new(&agent, ctx, "agent-1", "Agent One") == LCC_OK);
        REQUIRE(lcc_queue_new(&queue, ctx, "support", "Support") == LCC_OK);
        REQUIRE(lcc_queue_add_member(queue, "agent-1") == LCC_OK);
        REQUIRE(lcc_engine_set_presence(engine, "agent-1", LCC_PRESENCE_AVAILABLE) == LCC_OK);
        REQUIRE(lcc_engine_set_routing_status(engine, "agent-1", LCC_ROUTING_IDLE) == LCC_OK);
    }
    return ctx;
}

static void free_context(lcc_context *ctx)
{
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx)))
        lcc_event_free(ev);
    lcc_engine_free(lcc_context_engine(ctx));
    lcc_context_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const lcc_ivr_format formats[] = {LCC_IVR_FORMAT_YAML, LCC_IVR_FORMAT_JSON,
                                             LCC_IVR_FORMAT_AUTO};
    const char *text = (const char *)data;
    uint64_t seed = hash_bytes(data, size);
    /* AUTO runs the call the other way (engine or not) than YAML and JSON. */
    int engine_first = (int)(seed >> 8) & 1;
    lcc_context *ctx[2] = {NULL, NULL}; /* without, with an engine; made when needed */
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        int with_engine = engine_first ^ (formats[f] == LCC_IVR_FORMAT_AUTO);
        if (!ctx[with_engine] && !(ctx[with_engine] = new_context(with_engine)))
            break;
        lcc_context *c = ctx[with_engine];
        lcc_ivr *ivr = NULL;
        lcc_report *report = NULL;
        lcc_status st = lcc_ivr_parse(&ivr, &report, c, text, size, formats[f]);
        REQUIRE(st == LCC_OK || st == LCC_EVALIDATION || st == LCC_ENOMEM);
        REQUIRE((st == LCC_OK) == (ivr != NULL));
        if (st != LCC_ENOMEM) {
            REQUIRE(report != NULL);
            touch_report(report);
            REQUIRE((st == LCC_OK) == (lcc_report_error_count(report) == 0));
        }
        if (size > LCC_IVR_MAX_BYTES)
            REQUIRE(st != LCC_OK);
        lcc_report_free(report);
        if (!ivr)
            continue;

        size_t n = lcc_ivr_section_count(ivr);
        REQUIRE(n >= 3);
        for (size_t i = 0; i < n; i++)
            REQUIRE(lcc_ivr_section_name(ivr, i) && strlen(lcc_ivr_section_name(ivr, i)) > 0);
        REQUIRE(lcc_ivr_section_name(ivr, n) == NULL);

        char *explained = NULL;
        size_t len = 0;
        st = lcc_ivr_explain(&explained, &len, ivr);
        REQUIRE(st == LCC_OK || st == LCC_ENOMEM);
        if (st == LCC_OK) {
            REQUIRE(explained && strlen(explained) == len);
            REQUIRE(len > 0 && explained[len - 1] == '\n');
        }
        lcc_free(explained);

        run_call(c, &ivr, seed + f, with_engine, (int)f);
        lcc_ivr_free(ivr);
    }
    for (int i = 0; i < 2; i++)
        if (ctx[i])
            free_context(ctx[i]);
    return 0;
}
