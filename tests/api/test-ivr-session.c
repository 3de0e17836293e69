/* IVR sessions through the public API (IVR-SECTION-CHOICE, IVR-CALLBACK,
 * IVR-OFFER): the seed's two scripts and small inline ones stepped through
 * every path, every input in every wait state, the actions' texts and
 * lines, the IVR_ACTION events that mirror them, a session outliving its
 * script handle, the checks of lcc_ivr_session_new(), and the callback
 * filed in the engine end to end: queued, offered, declined (nothing
 * dialled), offered again, accepted and only then dialled. */
#include "fixture.h"

#define CALLER "+33142685300"

typedef struct sfix {
    fixture f;
    lcc_engine *e;             /* NULL: a context without an engine */
    const char *expect_call;   /* the call id IVR_ACTION events must carry */
    const char *expect_caller; /* their number */
} sfix;

static sfix F;

static void setup(void)
{
    memset(&F, 0, sizeof F);
    fixture_context(&F.f);
    F.expect_caller = CALLER;
}

static void teardown(void)
{
    fixture_teardown(&F.f);
}

/* A context with an engine: agent a1 (offline) in queue q1, and the ACD
 * call "call-1" on q1 that the IVR answers. */
static void engine_setup(void)
{
    setup();
    lcc_context *ctx = F.f.ctx;
    lcc_agent *a1;
    lcc_queue *q1;
    ck_assert_int_eq(lcc_agent_new(&a1, ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&q1, ctx, "q1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q1, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_engine_new(&F.e, ctx, NULL), LCC_OK);
}

/* ---- scripts ---- */

/* A fixture script from tests/ivr/, parsed. */
static lcc_ivr *load(const char *name)
{
    char path[256];
    size_t len;
    snprintf(path, sizeof path, "ivr/%s", name);
    char *buf = fixture_slurp(path, &len);
    lcc_ivr *ivr = NULL;
    lcc_status st = lcc_ivr_parse(&ivr, NULL, F.f.ctx, buf, len, LCC_IVR_FORMAT_AUTO);
    ck_assert_msg(st == LCC_OK, "%s: %s", name, lcc_context_errmsg(F.f.ctx));
    free(buf);
    return ivr;
}

static lcc_ivr *script(const char *yaml)
{
    lcc_ivr *ivr = NULL;
    lcc_status st = lcc_ivr_parse(&ivr, NULL, F.f.ctx, yaml, strlen(yaml), LCC_IVR_FORMAT_YAML);
    ck_assert_msg(st == LCC_OK, "%s", lcc_context_errmsg(F.f.ctx));
    return ivr;
}

static lcc_ivr_session *session(const lcc_ivr *ivr, const char *call_id)
{
    lcc_ivr_session *s = NULL;
    lcc_status st = lcc_ivr_session_new(&s, ivr, CALLER, "q1", call_id);
    ck_assert_msg(st == LCC_OK, "%s", lcc_context_errmsg(F.f.ctx));
    ck_assert_int_eq(lcc_ivr_session_wait(s), LCC_IVR_WAIT_START);
    ck_assert_uint_eq(lcc_ivr_session_action_count(s), 0);
    return s;
}

/* ---- rendering actions and events ---- */

static const char *action_name(int a)
{
    static const char *const names[] = {"?",    "ENTER",     "PLAY",      "COLLECT",
                                        "SELECT", "RING",    "WAIT",      "CONNECTED",
                                        "VOICEMAIL", "CALLBACK", "HANGUP", "HUNG_UP"};
    return a >= 1 && a <= 11 ? names[a] : "?";
}

/* A URL shortened to what follows its last '/' or '='; other texts whole. */
static const char *short_text(const char *t)
{
    if (!t || strncmp(t, "http", 4) != 0)
        return t;
    const char *slash = strrchr(t, '/'), *eq = strrchr(t, '=');
    const char *p = eq && eq > slash ? eq : slash;
    return p ? p + 1 : t;
}

static size_t put(char *buf, size_t cap, size_t n, const char *name, const char *text)
{
    return n + (size_t)snprintf(buf + n, cap - n, "%s%s%s%s", n ? ", " : "", name,
                                text ? " " : "", text ? short_text(text) : "");
}

/* The last step's actions as "NAME text@line, ..." (lines: 1) or without
 * the lines (lines: 0, as the events show them). */
static const char *render(const lcc_ivr_session *s, int lines)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < lcc_ivr_session_action_count(s); i++) {
        n = put(buf, sizeof buf, n, action_name((int)lcc_ivr_session_action(s, i)),
                lcc_ivr_session_action_text(s, i));
        if (lines)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "@%u",
                                  lcc_ivr_session_action_line(s, i));
    }
    return buf;
}

#define ACTS(s) render((s), 1)

static const char *engine_name(lcc_event_type t)
{
    switch (t) {
    case LCC_EVENT_ENGINE_SCHEDULED: return "SCHEDULED";
    case LCC_EVENT_ENGINE_CANCELLED: return "CANCELLED";
    case LCC_EVENT_ENGINE_DUE: return "DUE";
    case LCC_EVENT_ENGINE_QUEUED: return "QUEUED";
    case LCC_EVENT_ENGINE_OFFERED: return "OFFERED";
    case LCC_EVENT_ENGINE_ACCEPTED: return "ACCEPTED";
    case LCC_EVENT_ENGINE_DIALING: return "DIALING";
    case LCC_EVENT_ENGINE_DECLINED: return "DECLINED";
    case LCC_EVENT_ENGINE_ENDED: return "ENDED";
    case LCC_EVENT_ENGINE_AGENT_STATUS: return "STATUS";
    default: return "OTHER";
    }
}

/* The pending events, oldest first, as "NAME text" for IVR_ACTION (whose
 * number, call id, queue and time are checked here) and "[TYPE agent]" for
 * the engine's ("[DIALING agent number]"). */
static const char *events(void)
{
    static char buf[8192];
    size_t n = 0;
    buf[0] = '\0';
    lcc_event *ev;
    while ((ev = lcc_context_next_event(F.f.ctx))) {
        lcc_event_type t = lcc_event_get_type(ev);
        if (t == LCC_EVENT_IVR_ACTION) {
            ck_assert_str_eq(lcc_event_number(ev), F.expect_caller);
            ck_assert_str_eq(lcc_event_queue_id(ev), "q1");
            ck_assert_ptr_null(lcc_event_agent_id(ev));
            if (F.expect_call)
                ck_assert_str_eq(lcc_event_conversation_id(ev), F.expect_call);
            else
                ck_assert_ptr_null(lcc_event_conversation_id(ev));
            ck_assert_int_eq(lcc_event_time_ms(ev), F.f.now);
            ck_assert_int_eq(lcc_event_status(ev), LCC_OK);
            n = put(buf, sizeof buf, n, action_name(lcc_event_ivr_action(ev)),
                    lcc_event_ivr_text(ev));
        } else {
            ck_assert_int_eq(lcc_event_ivr_action(ev), 0);
            ck_assert_ptr_null(lcc_event_ivr_text(ev));
            const char *agent = lcc_event_agent_id(ev), *number = lcc_event_number(ev);
            if (t != LCC_EVENT_ENGINE_DIALING)
                ck_assert_ptr_null(number);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s[%s%s%s%s%s]", n ? ", " : "",
                                  engine_name(t), agent ? " " : "", agent ? agent : "",
                                  number ? " " : "", number ? number : "");
        }
        lcc_event_free(ev);
    }
    return buf;
}

/* Steps and checks the status. */
static void step(lcc_ivr_session *s, lcc_ivr_input in, char key)
{
    lcc_status st = lcc_ivr_session_step(s, in, key);
    ck_assert_msg(st == LCC_OK, "input %d '%c': %s (%s)", (int)in, key ? key : '-',
                  lcc_status_str(st), lcc_context_errmsg(F.f.ctx));
}

/* Steps, checks the actions and that the events mirror them. */
static void expect(lcc_ivr_session *s, lcc_ivr_input in, char key, const char *acts,
                   lcc_ivr_wait wait)
{
    step(s, in, key);
    ck_assert_str_eq(ACTS(s), acts);
    ck_assert_int_eq(lcc_ivr_session_wait(s), wait);
    char mirror[4096];
    snprintf(mirror, sizeof mirror, "%s", render(s, 0));
    ck_assert_str_eq(events(), mirror);
}

/* ---- seed-direct ---- */

static const char DIRECT_START[] =
    "ENTER online@3, PLAY welcome-message.mp3@4, PLAY press-one-to-start-call.mp3@5, "
    "PLAY press_2_to_request_callback.mp3@5, COLLECT 12@5";

START_TEST(test_direct_callback)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    lcc_ivr_session *s = session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0, DIRECT_START, LCC_IVR_WAIT_KEY);
    /* The texts exactly. */
    ck_assert_uint_eq(lcc_ivr_session_action_count(s), 5);
    ck_assert_str_eq(lcc_ivr_session_action_text(s, 0), "online");
    ck_assert_str_eq(lcc_ivr_session_action_text(s, 1),
                     "https://mycompany.ladesk.com/scripts/file.php?view=Y&file=welcome-message.mp3");
    ck_assert_str_eq(lcc_ivr_session_action_text(s, 2),
                     "https://mycompany.ladesk.com/scripts/file.php?view=Y&file="
                     "press-one-to-start-call.mp3");
    ck_assert_str_eq(lcc_ivr_session_action_text(s, 3),
                     "https://mycompany.ladesk.com/scripts/file.php?view=Y&file="
                     "press_2_to_request_callback.mp3");
    ck_assert_str_eq(lcc_ivr_session_action_text(s, 4), "12");
    ck_assert_int_eq(lcc_ivr_session_action(s, 4), LCC_IVR_ACTION_COLLECT);
    /* Out of range. */
    ck_assert_int_eq(lcc_ivr_session_action(s, 5), 0);
    ck_assert_ptr_null(lcc_ivr_session_action_text(s, 5));
    ck_assert_uint_eq(lcc_ivr_session_action_line(s, 5), 0);

    expect(s, LCC_IVR_INPUT_KEY, '2', "SELECT 2@11, CALLBACK " CALLER "@15, HANGUP@15",
           LCC_IVR_WAIT_DONE);
    ck_assert_str_eq(lcc_ivr_session_action_text(s, 0), "2");
    ck_assert_str_eq(lcc_ivr_session_action_text(s, 1), CALLER);
    ck_assert_ptr_null(lcc_ivr_session_action_text(s, 2));
    /* No engine: nothing filed, the host does it. */
    ck_assert_ptr_null(lcc_ivr_session_callback_id(s));
    /* Over: every input is refused. */
    ck_assert_int_eq(lcc_ivr_session_step(s, LCC_IVR_INPUT_HANGUP, 0), LCC_ESTATE);
    ck_assert_uint_eq(lcc_ivr_session_action_count(s), 3);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

START_TEST(test_direct_ring_queue_answered)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    F.expect_call = "c-77";
    lcc_ivr_session *s = session(ivr, "c-77");
    expect(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0, DIRECT_START, LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '1', "SELECT 1@6, RING q1@10", LCC_IVR_WAIT_RING);
    expect(s, LCC_IVR_INPUT_ALL_BUSY, 0, "ENTER queue@19, PLAY next-in-queue.mp3@20, WAIT q1@0",
           LCC_IVR_WAIT_QUEUE);
    F.f.now += 60000; /* events carry the context clock */
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0, "ENTER queue@19, PLAY next-in-queue.mp3@20, WAIT q1@0",
           LCC_IVR_WAIT_QUEUE);
    expect(s, LCC_IVR_INPUT_ANSWERED, 0, "CONNECTED q1@0", LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

START_TEST(test_direct_answered_at_ring)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    lcc_ivr_session *s = session(ivr, NULL);
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    step(s, LCC_IVR_INPUT_KEY, '1');
    events();
    expect(s, LCC_IVR_INPUT_ANSWERED, 0, "CONNECTED q1@10", LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

START_TEST(test_direct_offline)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    lcc_ivr_session *s = session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_AGENTS_OFFLINE, 0,
           "ENTER offline@16, PLAY leave-a-voicemail.mp3@17, VOICEMAIL q1@18, HANGUP@18",
           LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* A key that is no option plays the prompts again; a timeout goes on after
 * the choice, here the end of `online`: the call ends. */
START_TEST(test_direct_unknown_key_and_timeout)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    lcc_ivr_session *s = session(ivr, NULL);
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    events();
    static const char again[] = "PLAY press-one-to-start-call.mp3@5, "
                                "PLAY press_2_to_request_callback.mp3@5, COLLECT 12@5";
    expect(s, LCC_IVR_INPUT_KEY, '5', again, LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '#', again, LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '*', again, LCC_IVR_WAIT_KEY);
    /* Not a key at all. */
    ck_assert_int_eq(lcc_ivr_session_step(s, LCC_IVR_INPUT_KEY, 'a'), LCC_EINVAL);
    ck_assert_int_eq(lcc_ivr_session_step(s, LCC_IVR_INPUT_KEY, 0), LCC_EINVAL);
    ck_assert_str_eq(ACTS(s), again);
    ck_assert_str_eq(events(), "");
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0, "HANGUP@0", LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* ---- seed-queue ---- */

static const char QUEUE_CHOICE[] =
    "ENTER queue@7, PLAY next-in-queue.mp3@8, PLAY hidden-waiting-music.mp3@9, "
    "PLAY press-one-to-leave-a-voicemail.mp3@9, PLAY press_2_to_request_callback.mp3@9, "
    "COLLECT 012@9";

/* A session of seed-queue waiting in the queue at its choice. */
static lcc_ivr_session *queue_session(const lcc_ivr *ivr, const char *call_id)
{
    lcc_ivr_session *s = session(ivr, call_id);
    expect(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0,
           "ENTER online@2, PLAY connect-first-available-agent.mp3@3, RING q1@4",
           LCC_IVR_WAIT_RING);
    expect(s, LCC_IVR_INPUT_ALL_BUSY, 0, QUEUE_CHOICE, LCC_IVR_WAIT_KEY);
    return s;
}

START_TEST(test_queue_wait_voicemail)
{
    lcc_ivr *ivr = load("seed-queue.yaml");
    lcc_ivr_session *s = queue_session(ivr, NULL);
    char again[1024];
    snprintf(again, sizeof again, "SELECT 0@10, %s", QUEUE_CHOICE);
    expect(s, LCC_IVR_INPUT_KEY, '0', again, LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '0', again, LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '1',
           "SELECT 1@14, ENTER voicemail@24, PLAY leave-a-voicemail.mp3@25, VOICEMAIL q1@26, "
           "HANGUP@26",
           LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

START_TEST(test_queue_callmeback)
{
    lcc_ivr *ivr = load("seed-queue.yaml");
    lcc_ivr_session *s = queue_session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_KEY, '2',
           "SELECT 2@18, ENTER callmeback@22, CALLBACK " CALLER "@23, HANGUP@23",
           LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* In the queue: a timeout at the choice ends `queue`, and the caller goes
 * on waiting; a timeout then runs `queue` again; an agent may answer at the
 * choice too. */
START_TEST(test_queue_timeouts_and_answer)
{
    lcc_ivr *ivr = load("seed-queue.yaml");
    lcc_ivr_session *s = queue_session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_KEY, '9', "PLAY hidden-waiting-music.mp3@9, "
           "PLAY press-one-to-leave-a-voicemail.mp3@9, PLAY press_2_to_request_callback.mp3@9, "
           "COLLECT 012@9", LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0, "WAIT q1@0", LCC_IVR_WAIT_QUEUE);
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0, QUEUE_CHOICE, LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_ANSWERED, 0, "CONNECTED q1@9", LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

START_TEST(test_queue_offline)
{
    lcc_ivr *ivr = load("seed-queue.yaml");
    lcc_ivr_session *s = session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_AGENTS_OFFLINE, 0,
           "ENTER offline@5, PLAY we-are-currently-not-available-check-website.mp3@6, HANGUP@0",
           LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* ---- inline scripts ---- */

/* An option without a prompt, an empty `do` (the command after the choice
 * follows), a `do` list that ends (the same), a goto, empty sections. */
static const char FLOW[] = "online:\n"
                           "  - choice:\n"
                           "      '#':\n"
                           "        name: Nothing\n"
                           "        do: []\n"
                           "      3:\n"
                           "        play: https://x.example/three.mp3\n"
                           "        do:\n"
                           "          - play: https://x.example/in-three.mp3\n"
                           "  - play: https://x.example/after.mp3\n"
                           "  - goto: more\n"
                           "more:\n"
                           "  - voicemail\n"
                           "offline: []\n"
                           "queue:\n"
                           "  - play: https://x.example/q.mp3\n"
                           "  - ring\n";

START_TEST(test_inline_flow)
{
    lcc_ivr *ivr = script(FLOW);
    lcc_ivr_session *s = session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0, "ENTER online@1, PLAY three.mp3@2, COLLECT #3@2",
           LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '#',
           "SELECT #@3, PLAY after.mp3@10, ENTER more@12, VOICEMAIL q1@13, HANGUP@13",
           LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);

    s = session(ivr, NULL);
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    events();
    expect(s, LCC_IVR_INPUT_KEY, '3',
           "SELECT 3@6, PLAY in-three.mp3@9, PLAY after.mp3@10, ENTER more@12, VOICEMAIL q1@13, "
           "HANGUP@13",
           LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);

    /* Timeout: what follows the choice. */
    s = session(ivr, NULL);
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    events();
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0,
           "PLAY after.mp3@10, ENTER more@12, VOICEMAIL q1@13, HANGUP@13", LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);

    /* An empty section hangs up at once. */
    s = session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_AGENTS_OFFLINE, 0, "ENTER offline@14, HANGUP@0", LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* A ring while the caller already waits in the queue keeps them waiting. */
START_TEST(test_inline_ring_in_queue)
{
    lcc_ivr *ivr = script("online:\n"
                          "  - ring\n"
                          "offline:\n"
                          "  - voicemail\n"
                          "queue:\n"
                          "  - play: https://x.example/q.mp3\n"
                          "  - ring\n");
    lcc_ivr_session *s = session(ivr, NULL);
    expect(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0, "ENTER online@1, RING q1@2", LCC_IVR_WAIT_RING);
    expect(s, LCC_IVR_INPUT_ALL_BUSY, 0, "ENTER queue@5, PLAY q.mp3@6, WAIT q1@7",
           LCC_IVR_WAIT_QUEUE);
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0, "ENTER queue@5, PLAY q.mp3@6, WAIT q1@7",
           LCC_IVR_WAIT_QUEUE);
    expect(s, LCC_IVR_INPUT_HANGUP, 0, "HUNG_UP@0", LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* The end of a section other than `queue` hangs up, also for a caller in
 * the queue; a `goto` into `queue` there keeps them waiting at its end. */
START_TEST(test_inline_queue_goto)
{
    lcc_ivr *ivr = script("online:\n"
                          "  - ring\n"
                          "offline: []\n"
                          "queue:\n"
                          "  - choice:\n"
                          "      1:\n"
                          "        goto: bye\n"
                          "      2:\n"
                          "        goto: queue\n"
                          "bye:\n"
                          "  - play: https://x.example/bye.mp3\n");
    lcc_ivr_session *s = session(ivr, NULL);
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    events();
    expect(s, LCC_IVR_INPUT_ALL_BUSY, 0, "ENTER queue@4, COLLECT 12@5", LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '2', "SELECT 2@8, ENTER queue@4, COLLECT 12@5",
           LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0, "WAIT q1@0", LCC_IVR_WAIT_QUEUE);
    expect(s, LCC_IVR_INPUT_TIMEOUT, 0, "ENTER queue@4, COLLECT 12@5", LCC_IVR_WAIT_KEY);
    expect(s, LCC_IVR_INPUT_KEY, '1', "SELECT 1@6, ENTER bye@10, PLAY bye.mp3@11, HANGUP@0",
           LCC_IVR_WAIT_DONE);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* ---- every input in every wait state ---- */

enum { AT_START, AT_KEY, AT_KEY_QUEUE, AT_RING, AT_QUEUE, AT_DONE, N_AT };

/* A session brought to a wait state (the events drained). */
static lcc_ivr_session *reach(const lcc_ivr *direct, const lcc_ivr *queue, int at)
{
    lcc_ivr_session *s = session(at == AT_KEY_QUEUE ? queue : direct, NULL);
    switch (at) {
    case AT_KEY_QUEUE:
        step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
        step(s, LCC_IVR_INPUT_ALL_BUSY, 0);
        break;
    case AT_KEY:
        step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
        break;
    case AT_RING:
    case AT_QUEUE:
        step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
        step(s, LCC_IVR_INPUT_KEY, '1');
        if (at == AT_QUEUE)
            step(s, LCC_IVR_INPUT_ALL_BUSY, 0);
        break;
    case AT_DONE:
        step(s, LCC_IVR_INPUT_AGENTS_OFFLINE, 0);
        break;
    default:
        break;
    }
    events();
    return s;
}

START_TEST(test_every_input_every_state)
{
    static const lcc_ivr_wait waits[N_AT] = {LCC_IVR_WAIT_START, LCC_IVR_WAIT_KEY,
                                             LCC_IVR_WAIT_KEY,   LCC_IVR_WAIT_RING,
                                             LCC_IVR_WAIT_QUEUE, LCC_IVR_WAIT_DONE};
    /* The wait after each input (1..7), -1: refused with LCC_ESTATE.
     * The key given is '1' (direct: ring; queue: voicemail). */
    static const int after[N_AT][8] = {
        /*            ONLINE              OFFLINE            ALL_BUSY            ANSWERED
                      KEY                 TIMEOUT            HANGUP */
        [AT_START] = {0, LCC_IVR_WAIT_KEY, LCC_IVR_WAIT_DONE, -1, -1, -1, -1, LCC_IVR_WAIT_DONE},
        [AT_KEY] = {0, -1, -1, -1, -1, LCC_IVR_WAIT_RING, LCC_IVR_WAIT_DONE, LCC_IVR_WAIT_DONE},
        [AT_KEY_QUEUE] = {0, -1, -1, -1, LCC_IVR_WAIT_DONE, LCC_IVR_WAIT_DONE, LCC_IVR_WAIT_QUEUE,
                          LCC_IVR_WAIT_DONE},
        [AT_RING] = {0, -1, -1, LCC_IVR_WAIT_QUEUE, LCC_IVR_WAIT_DONE, -1, -1, LCC_IVR_WAIT_DONE},
        [AT_QUEUE] = {0, -1, -1, -1, LCC_IVR_WAIT_DONE, -1, LCC_IVR_WAIT_QUEUE, LCC_IVR_WAIT_DONE},
        [AT_DONE] = {0, -1, -1, -1, -1, -1, -1, -1},
    };
    /* HUNG_UP's line: the command the session waited at. */
    static const unsigned hung_up_line[N_AT] = {0, 5, 9, 10, 0, 0};
    lcc_ivr *direct = load("seed-direct.yaml"), *queue = load("seed-queue.yaml");
    for (int at = 0; at < N_AT; at++) {
        for (int in = LCC_IVR_INPUT_AGENTS_ONLINE; in <= LCC_IVR_INPUT_HANGUP; in++) {
            lcc_ivr_session *s = reach(direct, queue, at);
            ck_assert_int_eq(lcc_ivr_session_wait(s), waits[at]);
            char before[4096];
            snprintf(before, sizeof before, "%s", ACTS(s));
            lcc_status st = lcc_ivr_session_step(s, (lcc_ivr_input)in, '1');
            if (after[at][in] < 0) {
                ck_assert_msg(st == LCC_ESTATE, "state %d input %d: %s", at, in,
                              lcc_status_str(st));
                ck_assert(lcc_context_errmsg(F.f.ctx)[0] != '\0');
                ck_assert_int_eq(lcc_ivr_session_wait(s), waits[at]);
                ck_assert_str_eq(ACTS(s), before);
                ck_assert_str_eq(events(), "");
            } else {
                ck_assert_msg(st == LCC_OK, "state %d input %d: %s", at, in,
                              lcc_context_errmsg(F.f.ctx));
                ck_assert_int_eq(lcc_ivr_session_wait(s), after[at][in]);
                ck_assert_uint_gt(lcc_ivr_session_action_count(s), 0);
                if (in == LCC_IVR_INPUT_HANGUP) {
                    ck_assert_uint_eq(lcc_ivr_session_action_count(s), 1);
                    ck_assert_int_eq(lcc_ivr_session_action(s, 0), LCC_IVR_ACTION_HUNG_UP);
                    ck_assert_ptr_null(lcc_ivr_session_action_text(s, 0));
                    ck_assert_uint_eq(lcc_ivr_session_action_line(s, 0), hung_up_line[at]);
                }
                char mirror[4096];
                snprintf(mirror, sizeof mirror, "%s", render(s, 0));
                ck_assert_str_eq(events(), mirror);
            }
            lcc_ivr_session_free(s);
        }
    }
    /* Not inputs at all. */
    lcc_ivr_session *s = reach(direct, queue, AT_START);
    ck_assert_int_eq(lcc_ivr_session_step(s, (lcc_ivr_input)0, 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_ivr_session_step(s, (lcc_ivr_input)8, 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_ivr_session_wait(s), LCC_IVR_WAIT_START);
    /* A key is checked only for KEY. */
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 'x');
    lcc_ivr_session_free(s);
    lcc_ivr_free(direct);
    lcc_ivr_free(queue);
}
END_TEST

/* ---- handles and checks ---- */

START_TEST(test_survives_script_free)
{
    lcc_ivr *ivr = load("seed-queue.yaml");
    lcc_ivr_session *s = session(ivr, NULL), *t = session(ivr, NULL);
    lcc_ivr_free(ivr);
    expect(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0,
           "ENTER online@2, PLAY connect-first-available-agent.mp3@3, RING q1@4",
           LCC_IVR_WAIT_RING);
    expect(s, LCC_IVR_INPUT_ALL_BUSY, 0, QUEUE_CHOICE, LCC_IVR_WAIT_KEY);
    lcc_ivr_session_free(s);
    expect(t, LCC_IVR_INPUT_AGENTS_OFFLINE, 0,
           "ENTER offline@5, PLAY we-are-currently-not-available-check-website.mp3@6, HANGUP@0",
           LCC_IVR_WAIT_DONE);
    /* t is left to the context. */
}
END_TEST

START_TEST(test_new_checks)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    lcc_ivr_session *s = NULL;
    static const char *const bad[] = {
        "",                   "0142685300",           "+33 1 42 68 53 00", "33142685300",
        "+331426853001234567", "+1234567",           "+33142685300;ext=1", "+3314268530x",
        "tel:+33142685300",   "+0033142685300",      "+999123456789",     " +33142685300",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert_msg(lcc_ivr_session_new(&s, ivr, bad[i], "q1", NULL) == LCC_EBADNUMBER, "%s",
                      bad[i]);
        ck_assert(lcc_context_errmsg(F.f.ctx)[0] != '\0');
        ck_assert_ptr_null(s);
    }
    /* Valid: several countries. */
    static const char *const good[] = {"+33142685300", "+12015550123", "+442079460958",
                                       "+81312345678"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        ck_assert_msg(lcc_ivr_session_new(&s, ivr, good[i], "q1", NULL) == LCC_OK, "%s: %s",
                      good[i], lcc_context_errmsg(F.f.ctx));
        lcc_ivr_session_free(s);
        s = NULL;
    }
    char big[LCC_MAX_TEXT + 2];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, "", NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, big, NULL), LCC_ERANGE);
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, "q\xff", NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, "q1", ""), LCC_EINVAL);
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, "q1", big), LCC_ERANGE);
    ck_assert_ptr_null(s);
    /* Without an engine the queue need not exist. */
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, "nowhere", "c"), LCC_OK);
    lcc_ivr_session_free(s);
    /* Misuse. */
    ck_assert_int_eq(lcc_ivr_session_new(NULL, ivr, CALLER, "q1", NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_session_new(&s, NULL, CALLER, "q1", NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, NULL, "q1", NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, NULL, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_session_step(NULL, LCC_IVR_INPUT_HANGUP, 0), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_session_wait(NULL), LCC_IVR_WAIT_DONE);
    ck_assert_uint_eq(lcc_ivr_session_action_count(NULL), 0);
    ck_assert_int_eq(lcc_ivr_session_action(NULL, 0), 0);
    ck_assert_ptr_null(lcc_ivr_session_action_text(NULL, 0));
    ck_assert_uint_eq(lcc_ivr_session_action_line(NULL, 0), 0);
    ck_assert_ptr_null(lcc_ivr_session_callback_id(NULL));
    lcc_ivr_session_free(NULL);
    /* The event accessors on NULL. */
    ck_assert_int_eq(lcc_event_ivr_action(NULL), 0);
    ck_assert_ptr_null(lcc_event_ivr_text(NULL));
    ck_assert_ptr_null(lcc_event_number(NULL));
    lcc_ivr_free(ivr);
}
END_TEST

/* ---- with an engine: IVR-CALLBACK, IVR-OFFER ---- */

START_TEST(test_engine_unknown_queue)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    lcc_ivr_session *s = NULL;
    ck_assert_int_eq(lcc_ivr_session_new(&s, ivr, CALLER, "nowhere", NULL), LCC_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.f.ctx), "nowhere"));
    ck_assert_ptr_null(s);
    lcc_ivr_free(ivr);
}
END_TEST

START_TEST(test_engine_callback_offered_then_dialled)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_BUSY), LCC_OK);
    events();
    F.expect_call = "call-1";
    lcc_ivr_session *s = session(ivr, "call-1");
    expect(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0, DIRECT_START, LCC_IVR_WAIT_KEY);
    ck_assert_ptr_null(lcc_ivr_session_callback_id(s));
    step(s, LCC_IVR_INPUT_KEY, '2');
    ck_assert_str_eq(ACTS(s), "SELECT 2@11, CALLBACK " CALLER "@15, HANGUP@15");
    /* Filed at once: the IVR's events up to the request, then the engine's,
     * then the hang-up. */
    ck_assert_str_eq(events(), "SELECT 2, CALLBACK " CALLER ", [SCHEDULED], HANGUP");
    char id[64];
    ck_assert_ptr_nonnull(lcc_ivr_session_callback_id(s));
    snprintf(id, sizeof id, "%s", lcc_ivr_session_callback_id(s));
    lcc_callback_list *l;
    lcc_engine_filter flt = LCC_ENGINE_FILTER_INIT;
    flt.queue_id = "q1";
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, &flt), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_count(l), 1);
    ck_assert_str_eq(lcc_callback_list_id(l, 0), id);
    ck_assert_str_eq(lcc_callback_list_queue_id(l, 0), "q1");
    ck_assert_str_eq(lcc_callback_list_number(l, 0), CALLER);
    ck_assert_int_eq(lcc_callback_list_scheduled_ms(l, 0), F.f.now);
    ck_assert_int_eq(lcc_callback_list_state(l, 0), LCC_ENGINE_SCHEDULED);
    lcc_callback_list_free(l);
    /* Immediate: due at once, it waits in the queue (the agent is busy). */
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.f.ctx), F.f.now);
    ck_assert_int_eq(lcc_context_run_due(F.f.ctx), LCC_OK);
    ck_assert_str_eq(events(), "[DUE], [QUEUED]");
    F.f.now += 60000;
    ck_assert_int_eq(lcc_context_run_due(F.f.ctx), LCC_OK);
    ck_assert_str_eq(events(), "");
    /* The agent becomes available: it rings in their panel, nothing dialled. */
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_str_eq(events(), "[STATUS a1], [STATUS a1], [OFFERED a1]");
    /* Declined: back to the queue, still nothing dialled. */
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", id, 0), LCC_OK);
    ck_assert_str_eq(events(), "[DECLINED a1], [STATUS a1], [QUEUED]");
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, &flt), LCC_OK);
    ck_assert_int_eq(lcc_callback_list_state(l, 0), LCC_ENGINE_WAITING);
    lcc_callback_list_free(l);
    /* Offered again, accepted: only now is the customer dialled. */
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_str_eq(events(), "[STATUS a1], [OFFERED a1]");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", id, 1), LCC_OK);
    lcc_event *ev = lcc_context_next_event(F.f.ctx);
    ck_assert_int_eq(lcc_event_get_type(ev), LCC_EVENT_ENGINE_ACCEPTED);
    lcc_event_free(ev);
    ev = lcc_context_next_event(F.f.ctx);
    ck_assert_int_eq(lcc_event_get_type(ev), LCC_EVENT_ENGINE_DIALING);
    ck_assert_str_eq(lcc_event_number(ev), CALLER);
    ck_assert_str_eq(lcc_event_conversation_id(ev), id);
    ck_assert_str_eq(lcc_event_agent_id(ev), "a1");
    ck_assert_str_eq(lcc_event_queue_id(ev), "q1");
    ck_assert_int_eq(lcc_event_time_ms(ev), F.f.now);
    ck_assert_int_eq(lcc_event_status(ev), LCC_OK);
    ck_assert_int_eq(lcc_event_ivr_action(ev), 0);
    lcc_event_free(ev);
    ck_assert_str_eq(events(), "[STATUS a1]");
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    ck_assert_str_eq(events(), "[ENDED a1], [STATUS a1]");
    /* The id stays readable while the session lives. */
    ck_assert_str_eq(lcc_ivr_session_callback_id(s), id);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

/* From the queue's choice (seed-queue), with the agent available already:
 * the callback is offered at the next run of the timers. */
START_TEST(test_engine_callback_from_queue)
{
    lcc_ivr *ivr = load("seed-queue.yaml");
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_OK);
    events();
    lcc_ivr_session *s = queue_session(ivr, NULL);
    step(s, LCC_IVR_INPUT_KEY, '2');
    ck_assert_str_eq(events(), "SELECT 2, ENTER callmeback, CALLBACK " CALLER
                               ", [SCHEDULED], HANGUP");
    ck_assert_int_eq(lcc_context_run_due(F.f.ctx), LCC_OK);
    ck_assert_str_eq(events(), "[DUE], [QUEUED], [OFFERED a1]");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", lcc_ivr_session_callback_id(s), 1), LCC_OK);
    ck_assert_str_eq(events(), "[ACCEPTED a1], [DIALING a1 " CALLER "], [STATUS a1]");
    /* Without a call id there is no CB-SINGLE: a second request is filed. */
    lcc_ivr_session *t = queue_session(ivr, NULL);
    step(t, LCC_IVR_INPUT_KEY, '2');
    ck_assert_ptr_nonnull(lcc_ivr_session_callback_id(t));
    ck_assert_str_ne(lcc_ivr_session_callback_id(t), lcc_ivr_session_callback_id(s));
    lcc_ivr_session_free(s);
    lcc_ivr_session_free(t);
    lcc_ivr_free(ivr);
}
END_TEST

/* Checks that a refused callback step changed nothing: the session still
 * waits at the choice with the previous actions, no events, and the engine
 * holds `n` callbacks. */
static void unchanged(lcc_ivr_session *s, const char *acts, size_t n)
{
    ck_assert_int_eq(lcc_ivr_session_wait(s), LCC_IVR_WAIT_KEY);
    ck_assert_str_eq(ACTS(s), acts);
    ck_assert_ptr_null(lcc_ivr_session_callback_id(s));
    ck_assert_str_eq(events(), "");
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_count(l), n);
    lcc_callback_list_free(l);
}

/* CB-SINGLE: one callback per call. */
START_TEST(test_engine_cb_single)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    F.expect_call = "call-1";
    lcc_ivr_session *s = session(ivr, "call-1"), *t = session(ivr, "call-1");
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    step(t, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    step(s, LCC_IVR_INPUT_KEY, '2');
    ck_assert_ptr_nonnull(lcc_ivr_session_callback_id(s));
    events();
    ck_assert_int_eq(lcc_ivr_session_step(t, LCC_IVR_INPUT_KEY, '2'), LCC_EVALIDATION);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.f.ctx), "CB-SINGLE"));
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.f.ctx), "only one is allowed"));
    unchanged(t, DIRECT_START, 1);
    /* Other inputs still work. */
    expect(t, LCC_IVR_INPUT_KEY, '1', "SELECT 1@6, RING q1@10", LCC_IVR_WAIT_RING);
    /* Another call may have one. */
    F.expect_call = "call-2";
    lcc_ivr_session *u = session(ivr, "call-2");
    step(u, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    step(u, LCC_IVR_INPUT_KEY, '2');
    ck_assert_ptr_nonnull(lcc_ivr_session_callback_id(u));
    lcc_ivr_free(ivr); /* the sessions are left to the context */
}
END_TEST

/* The call id is not a conversation of the directory (the IVR answers
 * before any queue): only CB-SINGLE applies to it, not CB-ELIGIBLE.  The
 * engine's other rules apply as to any API client: the queue must still
 * exist (CB-QUEUE). */
START_TEST(test_engine_refusals)
{
    lcc_ivr *ivr = load("seed-direct.yaml");
    ck_assert_ptr_null(lcc_context_find_conversation(F.f.ctx, "call-1"));
    F.expect_call = NULL;
    lcc_ivr_session *s = session(ivr, NULL);
    step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0);
    events();
    lcc_queue_free(lcc_context_find_queue(F.f.ctx, "q1"));
    ck_assert_int_eq(lcc_ivr_session_step(s, LCC_IVR_INPUT_KEY, '2'), LCC_EVALIDATION);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.f.ctx), "CB-QUEUE"));
    unchanged(s, DIRECT_START, 0);
    lcc_ivr_session_free(s);
    lcc_ivr_free(ivr);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("ivr-session");
    TCase *tc = tcase_create("sessions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_direct_callback);
    tcase_add_test(tc, test_direct_ring_queue_answered);
    tcase_add_test(tc, test_direct_answered_at_ring);
    tcase_add_test(tc, test_direct_offline);
    tcase_add_test(tc, test_direct_unknown_key_and_timeout);
    tcase_add_test(tc, test_queue_wait_voicemail);
    tcase_add_test(tc, test_queue_callmeback);
    tcase_add_test(tc, test_queue_timeouts_and_answer);
    tcase_add_test(tc, test_queue_offline);
    tcase_add_test(tc, test_inline_flow);
    tcase_add_test(tc, test_inline_ring_in_queue);
    tcase_add_test(tc, test_inline_queue_goto);
    tcase_add_test(tc, test_every_input_every_state);
    tcase_add_test(tc, test_survives_script_free);
    tcase_add_test(tc, test_new_checks);
    suite_add_tcase(su, tc);
    TCase *te = tcase_create("engine");
    tcase_add_checked_fixture(te, engine_setup, teardown);
    tcase_add_test(te, test_engine_unknown_queue);
    tcase_add_test(te, test_engine_callback_offered_then_dialled);
    tcase_add_test(te, test_engine_callback_from_queue);
    tcase_add_test(te, test_engine_cb_single);
    tcase_add_test(te, test_engine_refusals);
    suite_add_tcase(su, te);
    return run_suite(su);
}
