/* Several contexts used in parallel threads, one context per thread, as
 * README and contactcore/context.h allow: each worker builds its own
 * context with its own agents, queues, conversations, callbacks and
 * messages, and either an embedded engine (in memory, or with its own
 * SQLite store file that it reopens), a host transport whose requests are
 * completed from yet other threads, or the libcurl transport talking to a
 * local server thread.  Every worker also runs the functions
 * that read process-wide data or third-party libraries (tz files, phone
 * metadata, text metrics and utf8proc, IVR scripts through libyaml and
 * cJSON, strict JSON refusals, time formatting), before and after its
 * context's work.  The workers start together in a fresh process (Check
 * forks), so whatever is initialised on first use is first used by several
 * threads at once.  A worker records its first failed check; the main
 * thread then asserts that each one passed all of them and got the same
 * results as the main thread alone afterwards.  Under ThreadSanitizer
 * (suite `threads`) any data race between the contexts fails the run. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fixture.h"

#define WORKERS 8
#define CALLBACKS 5
#define CALLER "+33142685300"

enum kind { ENGINE_MEMORY, ENGINE_SQLITE, HOST, CURL, KINDS };

typedef struct worker {
    int index;
    enum kind kind;
    int64_t now;        /* the context clock: fixed, so no deadline fires */
    char first[8192];   /* the shared checks' results, first round */
    char digest[8192];  /* and second round */
    size_t dlen;
    char failure[1024]; /* the first failed check; "" when every check passed */
    int checks;         /* checks passed */
    int curl_requests;  /* requests the curl worker had answered */
} worker;

static int64_t worker_clock(void *ud)
{
    return ((worker *)ud)->now;
}

static void failed(worker *w, int line, const char *what, const char *fmt, ...)
{
    if (w->failure[0])
        return;
    int n = snprintf(w->failure, sizeof w->failure, "worker %d, line %d: %s: ", w->index, line,
                     what);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof w->failure)
        vsnprintf(w->failure + n, sizeof w->failure - (size_t)n, fmt, ap);
    va_end(ap);
}

/* A check inside a worker: records the first failure and leaves the
 * function (which returns 0 for "failed"). */
#define CHECK(cond, ...)                                                                          \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            failed(w, __LINE__, #cond, __VA_ARGS__);                                             \
            return 0;                                                                            \
        }                                                                                        \
        w->checks++;                                                                             \
    } while (0)

#define CHECK_ST(call, want)                                                                     \
    do {                                                                                         \
        lcc_status st_ = (call);                                                                 \
        CHECK(st_ == (want), "%s, want %s", lcc_status_str(st_), lcc_status_str(want));          \
    } while (0)

/* Appends to the worker's digest. */
static void put(worker *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (w->dlen < sizeof w->digest) {
        int n = vsnprintf(w->digest + w->dlen, sizeof w->digest - w->dlen, fmt, ap);
        if (n > 0)
            w->dlen += (size_t)n;
    }
    va_end(ap);
}

static lcc_context *new_context(worker *w)
{
    lcc_context *ctx = NULL;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = worker_clock;
    p.clock_user_data = w;
    return lcc_context_new(&ctx, &p) == LCC_OK ? ctx : NULL;
}

/* ---- what every worker does: process-wide data and third-party parsers ---- */

static const char DIRECT_YAML[] =
    "online:\n"
    "  - play: https://example.com/welcome.mp3\n"
    "  - choice:\n"
    "      1:\n"
    "        name: Support\n"
    "        play: https://example.com/press-one.mp3\n"
    "        do:\n"
    "          - ring\n"
    "      2:\n"
    "        name: Request callback\n"
    "        play: https://example.com/press-two.mp3\n"
    "        do:\n"
    "          - callback\n"
    "offline:\n"
    "  - play: https://example.com/voicemail.mp3\n"
    "  - voicemail\n"
    "queue:\n"
    "  - play: https://example.com/next-in-queue.mp3\n";

static const char DIRECT_JSON[] =
    "{\"online\":[{\"play\":\"https://example.com/welcome.mp3\"},{\"choice\":{"
    "\"1\":{\"name\":\"Support\",\"play\":\"https://example.com/press-one.mp3\","
    "\"do\":[\"ring\"]},"
    "\"2\":{\"name\":\"Request callback\",\"play\":\"https://example.com/press-two.mp3\","
    "\"do\":[\"callback\"]}}}],"
    "\"offline\":[{\"play\":\"https://example.com/voicemail.mp3\"},\"voicemail\"],"
    "\"queue\":[{\"play\":\"https://example.com/next-in-queue.mp3\"}]}";

/* Steps a session of `ivr` through AGENTS_ONLINE and key '2' (the callback
 * choice).  Without callback_id its actions go to the digest and the
 * session is freed; with it, *callback_id is the id of the callback the
 * engine filed, borrowed from the session (which the context frees). */
static int ivr_callback_path(worker *w, lcc_context *ctx, const lcc_ivr *ivr, const char *call,
                             const char **callback_id)
{
    lcc_ivr_session *s = NULL;
    CHECK_ST(lcc_ivr_session_new(&s, ivr, CALLER, "q1", call), LCC_OK);
    CHECK_ST(lcc_ivr_session_step(s, LCC_IVR_INPUT_AGENTS_ONLINE, 0), LCC_OK);
    CHECK(lcc_ivr_session_wait(s) == LCC_IVR_WAIT_KEY, "waits for %d",
          (int)lcc_ivr_session_wait(s));
    CHECK_ST(lcc_ivr_session_step(s, LCC_IVR_INPUT_KEY, '2'), LCC_OK);
    CHECK(lcc_ivr_session_wait(s) == LCC_IVR_WAIT_DONE, "waits for %d",
          (int)lcc_ivr_session_wait(s));
    size_t n = lcc_ivr_session_action_count(s);
    CHECK(n == 3, "%zu actions", n);
    CHECK(lcc_ivr_session_action(s, 1) == LCC_IVR_ACTION_CALLBACK, "action %d",
          (int)lcc_ivr_session_action(s, 1));
    const char *t = lcc_ivr_session_action_text(s, 1);
    CHECK(t && strcmp(t, CALLER) == 0, "callback text %s", t ? t : "(null)");
    if (callback_id) {
        t = lcc_ivr_session_callback_id(s);
        CHECK(t != NULL, "no callback filed: %s", lcc_context_errmsg(ctx));
        *callback_id = t;
        return 1;
    }
    /* filed when the context has an engine, else left to the host */
    CHECK((lcc_ivr_session_callback_id(s) != NULL) == (lcc_context_engine(ctx) != NULL),
          "callback id %s", lcc_ivr_session_callback_id(s) ? "set" : "not set");
    for (size_t i = 0; i < n; i++) {
        t = lcc_ivr_session_action_text(s, i);
        put(w, "ivr %d %s %u;", (int)lcc_ivr_session_action(s, i), t ? t : "-",
            lcc_ivr_session_action_line(s, i));
    }
    lcc_ivr_session_free(s);
    return 1;
}

static int check_text(worker *w)
{
    static const struct {
        lcc_channel ch;
        const char *s;
    } texts[] = {
        {LCC_CHANNEL_SMS, "Your parcel is on its way"},
        {LCC_CHANNEL_SMS, "Price: 10\xe2\x82\xac [net]"},
        {LCC_CHANNEL_SMS, "Gar\xc3\xa7on"},
        {LCC_CHANNEL_SMS, "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd thanks"},
        {LCC_CHANNEL_X, "\xe6\x97\xa5\xe6\x9c\xac https://example.com/t/48213"},
        {LCC_CHANNEL_WHATSAPP, "e\xcc\x81t\xc3\xa9"},
        {LCC_CHANNEL_FACEBOOK, ""},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
        CHECK_ST(lcc_text_measure(&m, texts[i].ch, texts[i].s, strlen(texts[i].s)), LCC_OK);
        put(w, "text %d %u %llu %u %lld %d;", (int)m.encoding, m.segments,
            (unsigned long long)m.units, m.segment_remaining, (long long)m.remaining,
            m.over_limit);
    }
    /* A grapheme cluster of more than 256 code points (its own buffer):
     * 'a' and 300 combining acute accents, NFC-composed to U+00E1 and 299. */
    char big[1 + 300 * 2 + 1];
    big[0] = 'a';
    for (int i = 0; i < 300; i++)
        big[1 + 2 * i] = '\xcc', big[2 + 2 * i] = '\x81';
    big[sizeof big - 1] = '\0';
    lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
    CHECK_ST(lcc_text_measure(&m, LCC_CHANNEL_X, big, sizeof big - 1), LCC_OK);
    CHECK(m.units == 300 && m.over_limit == 1, "%llu units", (unsigned long long)m.units);
    CHECK_ST(lcc_text_measure(&m, LCC_CHANNEL_SMS, "\xc0\xaf", 2), LCC_EINVAL);
    size_t offsets[8], count = 0;
    char long_sms[200];
    memset(long_sms, 'x', sizeof long_sms - 1);
    long_sms[sizeof long_sms - 1] = '\0';
    CHECK_ST(lcc_text_sms_segments(offsets, 8, &count, long_sms, strlen(long_sms)), LCC_OK);
    CHECK(count == 2 && offsets[1] == 153, "%zu segments", count);
    return 1;
}

static int check_tz(worker *w, lcc_context *ctx)
{
    static const char *const zones[] = {"Europe/Paris",   "America/New_York", "Asia/Tokyo",
                                        "Australia/Lord_Howe", "America/Sao_Paulo",
                                        "Asia/Kolkata",   "Pacific/Chatham",  "Africa/Casablanca"};
    enum { NZ = sizeof zones / sizeof *zones };
    /* Every worker loads the zones in another order, so the files are
     * read at the same time by different contexts. */
    char res[NZ][96];
    for (int k = 0; k < NZ; k++) {
        int zi = (k + w->index + NZ) % NZ;
        const char *z = zones[zi];
        int64_t utc = 0;
        unsigned flags = 9;
        CHECK_ST(lcc_tz_local_to_utc(&utc, &flags, ctx, z, 2027, 3, 28, 2, 30, 0,
                                     LCC_DISAMBIGUATE_COMPATIBLE),
                 LCC_OK);
        int y, mo, d, h, mi, s;
        int32_t off;
        CHECK_ST(lcc_tz_utc_to_local(&y, &mo, &d, &h, &mi, &s, &off, ctx, z, T0_MS), LCC_OK);
        snprintf(res[zi], sizeof res[zi], "tz %s %lld %u %04d-%02d-%02dT%02d:%02d:%02d%+d;", z,
                 (long long)utc, flags, y, mo, d, h, mi, s, (int)off);
    }
    for (int k = 0; k < NZ; k++)
        put(w, "%s", res[k]);
    /* the zone list: the directory walked by each context */
    size_t n = lcc_tz_count(ctx);
    CHECK(n > 300, "%zu zones: %s", n, lcc_context_errmsg(ctx));
    const char *first = lcc_tz_name(ctx, 0), *last = lcc_tz_name(ctx, n - 1);
    CHECK(first && last && strcmp(first, last) < 0, "names %s, %s", first, last);
    put(w, "zones %zu %s %s;", n, first, last);
    int64_t utc = 0;
    CHECK_ST(lcc_tz_local_to_utc(&utc, NULL, ctx, "America/New_York", 2026, 11, 23, 9, 0, 0,
                                 LCC_DISAMBIGUATE_REJECT),
             LCC_OK);
    char buf[LCC_TIME_BUFSIZE];
    CHECK_ST(lcc_time_format(buf, sizeof buf, utc), LCC_OK);
    CHECK(strcmp(buf, "2026-11-23T14:00:00.000Z") == 0, "%s", buf);
    CHECK_ST(lcc_tz_local_to_utc(&utc, NULL, ctx, "America/New_York", 2027, 3, 14, 2, 30, 0,
                                 LCC_DISAMBIGUATE_REJECT),
             LCC_ENONEXISTENT_TIME);
    CHECK_ST(lcc_tz_check(ctx, "Mars/Olympus_Mons"), LCC_EUNKNOWN_ZONE);
    CHECK_ST(lcc_time_parse(&utc, "2026-11-21T11:00:00+01:00"), LCC_OK);
    CHECK(utc == T0_MS, "%lld", (long long)utc);
    CHECK_ST(lcc_time_parse(&utc, "2026-11-21 11:00"), LCC_EINVAL);
    return 1;
}

static int check_phone(worker *w, lcc_context *ctx)
{
    static const struct {
        const char *in, *country;
    } numbers[] = {
        {"01 42 68 53 00", "FR"},         {"+1 201 555 0123 ext. 45", NULL},
        {"020 7946 0018", "GB"},          {"(030) 1234567", "DE"},
        {"03-1234-5678", "JP"},           {"+61 2 9374 4000", "US"},
        {"12", "FR"},                     {"+999 1234", NULL},
    };
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        char e164[LCC_E164_BUFSIZE] = "", ext[LCC_EXTENSION_BUFSIZE] = "";
        lcc_status st = lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, ctx,
                                            numbers[i].in, numbers[i].country);
        put(w, "phone %d %s %s;", (int)st, st == LCC_OK ? e164 : "-", st == LCC_OK ? ext : "-");
        if (i == 0)
            CHECK(st == LCC_OK && strcmp(e164, "+33142685300") == 0, "%s", e164);
        if (i == 1)
            CHECK(st == LCC_OK && strcmp(ext, "45") == 0, "%s", ext);
        if (i == 6)
            CHECK(st == LCC_EBADNUMBER, "%s", lcc_status_str(st));
    }
    return 1;
}

static int check_ivr(worker *w, lcc_context *ctx)
{
    lcc_ivr *yaml = NULL, *json = NULL;
    lcc_report *r = NULL;
    CHECK_ST(lcc_ivr_parse(&yaml, &r, ctx, DIRECT_YAML, strlen(DIRECT_YAML), LCC_IVR_FORMAT_AUTO),
             LCC_OK);
    CHECK(lcc_report_count(r) == 0, "%s", lcc_report_message(r, 0));
    lcc_report_free(r);
    CHECK_ST(lcc_ivr_parse(&json, NULL, ctx, DIRECT_JSON, strlen(DIRECT_JSON), LCC_IVR_FORMAT_AUTO),
             LCC_OK);
    CHECK(lcc_ivr_section_count(yaml) == 3 && lcc_ivr_section_count(json) == 3, "%zu sections",
          lcc_ivr_section_count(yaml));
    if (!ivr_callback_path(w, ctx, yaml, NULL, NULL) ||
        !ivr_callback_path(w, ctx, json, NULL, NULL))
        return 0;
    char *text = NULL;
    size_t len = 0;
    CHECK_ST(lcc_ivr_explain(&text, &len, json), LCC_OK);
    CHECK(text && strlen(text) == len && len > 0, "explained in %zu bytes", len);
    put(w, "explain %zu;", len);
    lcc_free(text);
    lcc_ivr_free(yaml);
    lcc_ivr_free(json);
    /* Broken scripts: YAML that libyaml refuses, JSON the strict check
     * refuses (cJSON never sees it), JSON cJSON alone would take. */
    static const struct {
        const char *s;
        lcc_ivr_format f;
    } bad[] = {
        {"online:\n  - play: [unclosed\n", LCC_IVR_FORMAT_YAML},
        {"online:\n\t- play: https://example.com/tab.mp3\n", LCC_IVR_FORMAT_YAML},
        {"{\"online\": [{\"play\": \"https://example.com/x.mp3\"}", LCC_IVR_FORMAT_JSON},
        {"{\"online\": [{\"play\": \"https://example.com/x.mp3\",}]}", LCC_IVR_FORMAT_JSON},
        {"{\"online\": [{\"play\": \"https://example.com/x\x01.mp3\"}]}", LCC_IVR_FORMAT_JSON},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        lcc_ivr *ivr = NULL;
        r = NULL;
        CHECK_ST(lcc_ivr_parse(&ivr, &r, ctx, bad[i].s, strlen(bad[i].s), bad[i].f),
                 LCC_EVALIDATION);
        CHECK(ivr == NULL && lcc_report_error_count(r) > 0, "bad script %zu", i);
        put(w, "bad %s %u:%u;", lcc_report_rule(r, 0), lcc_report_line(r, 0),
            lcc_report_column(r, 0));
        lcc_report_free(r);
    }
    return 1;
}

/* Notifications that are not strict JSON are refused before cJSON reads them. */
static int check_notifications(worker *w, lcc_context *ctx)
{
    static const char *const broken[] = {
        "{\"topicName\":",
        "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"a\nb\"}}",
        "[1]",
        "{\"topicName\":\"x\"} trailing",
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++)
        CHECK_ST(lcc_context_ingest_notification(ctx, broken[i], strlen(broken[i])), LCC_EFORMAT);
    const char *beat =
        "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"WebSocket Heartbeat\"}}";
    CHECK_ST(lcc_context_ingest_notification(ctx, beat, strlen(beat)), LCC_OK);
    return 1;
}

/* The checks whose results every thread must get alike, appended to the digest. */
static int shared_checks(worker *w, lcc_context *ctx)
{
    return check_text(w) && check_tz(w, ctx) && check_phone(w, ctx) && check_ivr(w, ctx) &&
           check_notifications(w, ctx);
}

/* ---- the directory of a worker's context ---- */

/* Agent a1 (Europe/Paris; callbacks and messages), supervisor sup, queue
 * q1 with a1 (owned callbacks allowed), and conversations c0 .. c<CALLBACKS-1> from CALLER on q1
 * handled by a1. */
static int directory(worker *w, lcc_context *ctx, lcc_agent **a1)
{
    lcc_agent *sup;
    lcc_queue *q;
    CHECK_ST(lcc_agent_new(a1, ctx, "a1", "Ana"), LCC_OK);
    CHECK_ST(lcc_agent_set_time_zone(*a1, "Europe/Paris"), LCC_OK);
    CHECK_ST(lcc_agent_add_permission(*a1, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    CHECK_ST(lcc_agent_add_permission(*a1, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    CHECK_ST(lcc_agent_add_permission(*a1, LCC_PERM_QUEUE_VIEW), LCC_OK);
    CHECK_ST(lcc_agent_new(&sup, ctx, "sup", "Sam"), LCC_OK);
    CHECK_ST(lcc_agent_add_role(sup, LCC_ROLE_SUPERVISOR), LCC_OK);
    CHECK_ST(lcc_queue_new(&q, ctx, "q1", "Support"), LCC_OK);
    CHECK_ST(lcc_queue_add_member(q, "a1"), LCC_OK);
    CHECK_ST(lcc_queue_set_owned_callbacks(q, 1, 72, 2), LCC_OK);
    for (int k = 0; k < CALLBACKS; k++) {
        char id[16];
        lcc_conversation *c;
        snprintf(id, sizeof id, "c%d", k);
        CHECK_ST(lcc_conversation_new(&c, ctx, id, LCC_MEDIA_CALL), LCC_OK);
        CHECK_ST(lcc_conversation_set_ani(c, "+33 1 42 68 53 00"), LCC_OK);
        CHECK_ST(lcc_conversation_set_queue(c, "q1"), LCC_OK);
        CHECK_ST(lcc_conversation_set_agent(c, "a1"), LCC_OK);
        CHECK_ST(lcc_conversation_set_acd(c, 1), LCC_OK);
    }
    return 1;
}

/* Tomorrow (2026-11-22) at 09:k0 in Paris: 08:k0Z. */
static int64_t slot_ms(int k)
{
    return T0_MS + 22 * HOUR_MS + (int64_t)k * 10 * 60000;
}

/* A callback for conversation c<k>, validated (and the second one for the
 * same conversation refused, CB-SINGLE, once the first is committed),
 * committed and submitted. */
static int schedule(worker *w, lcc_context *ctx, lcc_agent *a1, int k, lcc_callback **cb,
                    lcc_op **op)
{
    char id[16];
    snprintf(id, sizeof id, "c%d", k);
    lcc_conversation *c = lcc_context_find_conversation(ctx, id);
    CHECK(c != NULL, "no conversation %s", id);
    lcc_callback_draft *d = NULL, *again = NULL;
    CHECK_ST(lcc_callback_draft_new(&d, ctx, c, a1), LCC_OK);
    CHECK_ST(lcc_callback_draft_set_date(d, 2026, 11, 22), LCC_OK);
    CHECK_ST(lcc_callback_draft_set_time(d, 9, k * 10), LCC_OK);
    CHECK_ST(lcc_callback_draft_set_take_ownership(d, 1), LCC_OK);
    lcc_report *r = NULL;
    lcc_status st = lcc_callback_draft_validate(&r, d);
    CHECK(st == LCC_OK && lcc_report_error_count(r) == 0, "%s: %s", lcc_status_str(st),
          lcc_context_errmsg(ctx));
    lcc_report_free(r);
    CHECK_ST(lcc_callback_draft_commit(cb, NULL, d), LCC_OK);
    lcc_callback_draft_free(d);
    CHECK(lcc_callback_scheduled_ms(*cb) == slot_ms(k), "scheduled at %lld",
          (long long)lcc_callback_scheduled_ms(*cb));
    CHECK_ST(lcc_callback_draft_new(&again, ctx, c, a1), LCC_OK);
    r = NULL;
    CHECK_ST(lcc_callback_draft_validate(&r, again), LCC_EVALIDATION);
    CHECK(report_has(r, "CB-SINGLE", LCC_SEVERITY_ERROR), "no CB-SINGLE");
    lcc_report_free(r);
    lcc_callback_draft_free(again);
    CHECK_ST(lcc_callback_submit(op, *cb, 0), LCC_OK);
    return 1;
}

/* ---- engine workers: the embedded engine in the worker's context ---- */

/* "Bearer <token>" of `who`, from the engine's /oauth/token. */
static int login(worker *w, lcc_engine *e, const char *who, char auth[160])
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char cred[64], basic[128] = "Basic ";
    snprintf(cred, sizeof cred, "%s:secret", who);
    size_t n = strlen(cred), o = 6;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)cred[i] << 16;
        v |= i + 1 < n ? (unsigned)(unsigned char)cred[i + 1] << 8 : 0;
        v |= i + 2 < n ? (unsigned char)cred[i + 2] : 0;
        basic[o++] = t[v >> 18];
        basic[o++] = t[(v >> 12) & 63];
        basic[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
        basic[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    basic[o] = '\0';
    int http = 0;
    char *resp = NULL;
    size_t len = 0;
    const char *body = "grant_type=client_credentials";
    CHECK_ST(lcc_engine_handle(&http, &resp, &len, e, "POST", "/oauth/token", basic, body,
                               strlen(body)),
             LCC_OK);
    const char *tok = http == 200 ? strstr(resp, "\"access_token\":\"") : NULL;
    if (tok) {
        tok += strlen("\"access_token\":\"");
        snprintf(auth, 160, "Bearer %.*s", (int)strcspn(tok, "\""), tok);
    }
    lcc_free(resp);
    CHECK(tok != NULL, "HTTP %d", http);
    return 1;
}

/* Bodies the engine's REST side must refuse as not JSON (strict check
 * first, so cJSON never fails), and one it accepts. */
static int engine_rest(worker *w, lcc_engine *e)
{
    char auth[160];
    if (!login(w, e, "a1", auth))
        return 0;
    static const char *const broken[] = {
        "{\"callbackNumbers\":[",
        "{\"callbackNumbers\":[\"+33142685300\"],\"queueId\":\"q1\"} x",
        "{\"callbackNumbers\":[\"+33142685300\",],\"queueId\":\"q1\"}",
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        int http = 0;
        char *resp = NULL;
        size_t len = 0;
        CHECK_ST(lcc_engine_handle(&http, &resp, &len, e, "POST",
                                   "/api/v2/conversations/callbacks", auth, broken[i],
                                   strlen(broken[i])),
                 LCC_OK);
        lcc_free(resp);
        CHECK(http == 400, "HTTP %d for body %zu", http, i);
    }
    int http = 0;
    char *resp = NULL;
    size_t len = 0;
    CHECK_ST(lcc_engine_handle(&http, &resp, &len, e, "GET",
                               "/api/v2/conversations/callbacks/nope", auth, NULL, 0),
             LCC_OK);
    lcc_free(resp);
    CHECK(http == 404, "HTTP %d", http);
    return 1;
}

/* The engine's callbacks: n of them, those of c0.. at their slots. */
static int engine_list(worker *w, lcc_engine *e, size_t n)
{
    lcc_callback_list *l = NULL;
    lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
    f.queue_id = "q1";
    CHECK_ST(lcc_engine_list_callbacks(&l, e, &f), LCC_OK);
    size_t count = lcc_callback_list_count(l), slots = 0;
    for (size_t i = 0; i < count; i++) {
        const char *origin = lcc_callback_list_origin(l, i);
        if (origin && origin[0] == 'c') {
            int k = atoi(origin + 1);
            if (lcc_callback_list_scheduled_ms(l, i) == slot_ms(k))
                slots++;
        }
    }
    lcc_callback_list_free(l);
    CHECK(count == n, "%zu callbacks, want %zu", count, n);
    CHECK(slots == CALLBACKS, "%zu callbacks at their slot", slots);
    return 1;
}

static int engine_worker(worker *w, lcc_context *ctx, const char *store_path)
{
    lcc_agent *a1 = NULL;
    if (!directory(w, ctx, &a1))
        return 0;
    lcc_engine *e = NULL;
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    p.store_path = store_path;
    CHECK_ST(lcc_engine_new(&e, ctx, &p), LCC_OK);
    CHECK_ST(lcc_context_set_digital_channels(ctx, 1), LCC_OK);
    CHECK_ST(lcc_engine_connect(e, ctx, "a1"), LCC_OK);
    /* callbacks through the transport contract, answered by the engine */
    for (int k = 0; k < CALLBACKS; k++) {
        lcc_callback *cb = NULL;
        lcc_op *op = NULL;
        if (!schedule(w, ctx, a1, k, &cb, &op))
            return 0;
        CHECK_ST(lcc_context_wait(ctx, op, 10000), LCC_OK);
        lcc_op_free(op);
        CHECK(lcc_callback_get_sync(cb) == LCC_SYNC_SYNCED, "sync %d",
              (int)lcc_callback_get_sync(cb));
        CHECK(lcc_callback_remote_id(cb) != NULL, "no remote id");
    }
    if (!engine_list(w, e, CALLBACKS) || !engine_rest(w, e))
        return 0;
    /* an SMS on behalf of q1, sent through the engine */
    lcc_message *m = NULL;
    CHECK_ST(lcc_message_new(&m, ctx, a1, LCC_CHANNEL_SMS), LCC_OK);
    CHECK_ST(lcc_message_set_queue(m, "q1"), LCC_OK);
    CHECK_ST(lcc_message_add_recipient(m, "+44 7700 900123"), LCC_OK);
    CHECK_ST(lcc_message_set_body(m, "Your parcel is on its way \xf0\x9f\x93\xa6"), LCC_OK);
    lcc_op *op = NULL;
    CHECK_ST(lcc_message_send(&op, NULL, m), LCC_OK);
    CHECK_ST(lcc_context_wait(ctx, op, 10000), LCC_OK);
    lcc_op_free(op);
    CHECK(lcc_message_conversation_id(m, 0) != NULL, "no conversation");
    CHECK(strcmp(lcc_message_delivery_address(m, 0), "+447700900123") == 0, "%s",
          lcc_message_delivery_address(m, 0));
    lcc_delivery_state ds = lcc_message_delivery_state(m, 0);
    CHECK(ds == LCC_DELIVERY_QUEUED || ds == LCC_DELIVERY_SENT || ds == LCC_DELIVERY_DELIVERED,
          "delivery %s", lcc_delivery_state_name(ds));
    /* an IVR call for q1 files one more callback in the engine */
    lcc_ivr *ivr = NULL;
    CHECK_ST(lcc_ivr_parse(&ivr, NULL, ctx, DIRECT_YAML, strlen(DIRECT_YAML), LCC_IVR_FORMAT_YAML),
             LCC_OK);
    const char *filed = NULL;
    if (!ivr_callback_path(w, ctx, ivr, "ivr-call", &filed))
        return 0;
    if (!engine_list(w, e, CALLBACKS + 1))
        return 0;
    lcc_event *ev;
    size_t events = 0;
    while ((ev = lcc_context_next_event(ctx))) {
        events++;
        lcc_event_free(ev);
    }
    CHECK(events >= 2 * CALLBACKS, "%zu events", events);
    return 1;
}

/* The SQLite store: the worker's own file, reopened by a fresh context. */
static int sqlite_worker(worker *w, lcc_context **ctx)
{
    char dir[64], path[96], file[128];
    snprintf(dir, sizeof dir, "/tmp/lcc-threads-XXXXXX");
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/engine.db", dir);
    int ok = engine_worker(w, *ctx, path);
    if (ok) {
        lcc_context_free(*ctx);
        *ctx = new_context(w);
        lcc_engine *e = NULL;
        lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
        p.store_path = path;
        ok = *ctx && lcc_engine_new(&e, *ctx, &p) == LCC_OK;
        if (!ok)
            failed(w, __LINE__, "reopen", "%s", *ctx ? lcc_context_errmsg(*ctx) : "no context");
        ok = ok && engine_list(w, e, CALLBACKS + 1);
        if (ok && !lcc_context_find_agent(*ctx, "a1"))
            failed(w, __LINE__, "reopen", "agent a1 not restored"), ok = 0;
    }
    lcc_context_free(*ctx);
    *ctx = NULL;
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
        unlink(file);
    }
    rmdir(dir);
    return ok;
}

/* ---- host workers: a host transport completed from other threads ---- */

#define COMPLETERS 2

typedef struct job {
    struct job *next;
    lcc_request *req;
    int status;
    char body[256];
} job;

typedef struct host {
    lcc_context *ctx;
    worker *w;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    job *head, **tail;
    int stop;
    pthread_t threads[COMPLETERS];
    int started;
    atomic_int completed;
    atomic_int wakeups;
} host;

static void *completer(void *arg)
{
    host *h = arg;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->head && !h->stop)
            pthread_cond_wait(&h->cond, &h->lock);
        job *j = h->head;
        if (!j)
            break; /* stopped, and nothing left */
        h->head = j->next;
        if (!h->head)
            h->tail = &h->head;
        pthread_mutex_unlock(&h->lock);
        if (lcc_request_complete(j->req, j->status, NULL, j->body, strlen(j->body)) == LCC_OK)
            atomic_fetch_add(&h->completed, 1);
        lcc_context_wakeup(h->ctx);
        free(j);
        pthread_mutex_lock(&h->lock);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

/* Decides the answer on the context's thread (the request is read there
 * only) and queues it for the completers. */
static lcc_status host_send(lcc_request *req, void *ud)
{
    host *h = ud;
    job *j = calloc(1, sizeof *j);
    if (!j)
        return LCC_ENOMEM;
    j->req = req;
    uint64_t id = lcc_request_id(req);
    const char *path = lcc_request_path(req);
    if (strcmp(lcc_request_method(req), "POST") != 0 ||
        strcmp(path, "/api/v2/conversations/callbacks") != 0) {
        j->status = 404;
        snprintf(j->body, sizeof j->body, "{\"status\":404}");
    } else if (id % 5 == 3) {
        /* the backend's refusal: CB-HORIZON from its error code */
        j->status = 400;
        snprintf(j->body, sizeof j->body,
                 "{\"message\":\"Too far.\",\"code\":"
                 "\"callback.error.scheduled.time.too.far.in.future\",\"status\":400}");
    } else if (id % 5 == 4) {
        /* a truncated success body: the outcome is unknown */
        j->status = 200;
        snprintf(j->body, sizeof j->body, "{\"conversation\":{\"id\":\"conv-%d-%llu\"",
                 h->w->index, (unsigned long long)id);
    } else {
        j->status = 200;
        snprintf(j->body, sizeof j->body,
                 "{\"conversation\":{\"id\":\"conv-%d-%llu\"},\"callbackIdentifiers\":"
                 "[{\"type\":\"EXTERNAL\",\"id\":\"ext-%llu\"}]}",
                 h->w->index, (unsigned long long)id, (unsigned long long)id);
    }
    pthread_mutex_lock(&h->lock);
    *h->tail = j;
    h->tail = &j->next;
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
    return LCC_OK;
}

/* Stops the completers once they have completed everything queued. */
static void host_destroy(void *ud)
{
    host *h = ud;
    pthread_mutex_lock(&h->lock);
    h->stop = 1;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    for (int i = 0; i < h->started; i++)
        pthread_join(h->threads[i], NULL);
    h->started = 0;
}

static void host_wakeup(void *ud)
{
    atomic_fetch_add(&((host *)ud)->wakeups, 1);
}

static int host_worker(worker *w, lcc_context *ctx, host *h)
{
    lcc_agent *a1 = NULL;
    if (!directory(w, ctx, &a1))
        return 0;
    for (; h->started < COMPLETERS; h->started++)
        CHECK(pthread_create(&h->threads[h->started], NULL, completer, h) == 0, "pthread_create");
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = host_send;
    t.destroy = host_destroy;
    t.user_data = h;
    CHECK_ST(lcc_context_set_backend(ctx, "http://127.0.0.1:9/", NULL), LCC_OK);
    CHECK_ST(lcc_context_set_access_token(ctx, "token", 0), LCC_OK);
    CHECK_ST(lcc_context_set_transport(ctx, &t), LCC_OK);
    CHECK_ST(lcc_context_set_wakeup(ctx, host_wakeup, h), LCC_OK);
    lcc_callback *cbs[CALLBACKS];
    lcc_op *ops[CALLBACKS];
    for (int k = 0; k < CALLBACKS; k++)
        if (!schedule(w, ctx, a1, k, &cbs[k], &ops[k]))
            return 0;
    /* every request in flight at once, completed in any order */
    CHECK_ST(lcc_context_wait(ctx, NULL, 20000), LCC_OK);
    CHECK(lcc_context_pending_ops(ctx) == 0, "%zu pending", lcc_context_pending_ops(ctx));
    int synced = 0;
    for (int k = 0; k < CALLBACKS; k++) {
        /* request ids are 1, 2, ... in submission order */
        unsigned long long id = (unsigned long long)k + 1;
        lcc_status st = lcc_op_status(ops[k]);
        lcc_callback *cb = cbs[k];
        if (id % 5 == 3) {
            CHECK(st == LCC_EVALIDATION, "callback %d: %s", k, lcc_status_str(st));
            CHECK(lcc_report_find(lcc_op_report(ops[k]), "CB-HORIZON") >= 0, "no CB-HORIZON");
            CHECK(lcc_callback_get_state(cb) == LCC_CALLBACK_REJECTED, "state %d",
                  (int)lcc_callback_get_state(cb));
        } else if (id % 5 == 4) {
            CHECK(st == LCC_EUNKNOWN_OUTCOME, "callback %d: %s", k, lcc_status_str(st));
            CHECK(lcc_callback_get_sync(cb) == LCC_SYNC_UNKNOWN, "sync %d",
                  (int)lcc_callback_get_sync(cb));
        } else {
            char want[64];
            snprintf(want, sizeof want, "conv-%d-%llu", w->index, id);
            CHECK(st == LCC_OK, "callback %d: %s (%s)", k, lcc_status_str(st),
                  lcc_op_message(ops[k]));
            const char *remote = lcc_callback_remote_id(cb);
            CHECK(remote && strcmp(remote, want) == 0, "remote id %s, want %s",
                  remote ? remote : "(null)", want);
            synced++;
        }
        lcc_op_free(ops[k]);
    }
    CHECK(synced == 3, "%d synced", synced);
    /* the wake-up hook runs before a completion can be applied */
    CHECK(atomic_load(&h->wakeups) >= CALLBACKS, "%d wake-ups", atomic_load(&h->wakeups));
    /* a server notification moves the first callback */
    char note[512];
    snprintf(note, sizeof note,
             "{\"topicName\":\"v2.users.a1.conversations.callbacks\",\"eventBody\":{\"id\":"
             "\"conv-%d-1\",\"participants\":[{\"purpose\":\"customer\",\"state\":\"scheduled\","
             "\"callbackNumbers\":[\"" CALLER "\"],\"callbackScheduledTime\":"
             "\"2026-11-23T08:00:00.000Z\",\"queue\":{\"id\":\"q1\"}}]}}",
             w->index);
    CHECK_ST(lcc_context_ingest_notification(ctx, note, strlen(note)), LCC_OK);
    CHECK(lcc_callback_scheduled_ms(cbs[0]) == T0_MS + 46 * HOUR_MS, "moved to %lld",
          (long long)lcc_callback_scheduled_ms(cbs[0]));
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx)))
        lcc_event_free(ev);
    return 1;
}

/* ---- curl workers: the libcurl transport against a local server ---- */

/* A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with a
 * created callback "srv-<n>" and closes the connection; one connection at
 * a time. */
typedef struct server {
    int fd;
    int port;
    atomic_int stop;
    atomic_int served;
    pthread_t thread;
} server;

static server SRV;

static void serve_one(server *s, int c)
{
    struct timeval tv = {5, 0};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[8192];
    size_t len = 0;
    char *end = NULL;
    while (!end && len < sizeof buf - 1) {
        ssize_t n = recv(c, buf + len, sizeof buf - 1 - len, 0);
        if (n <= 0)
            return;
        len += (size_t)n;
        buf[len] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    if (!end)
        return;
    size_t want = 0;
    for (char *h = strstr(buf, "\r\n"); h && h < end; h = strstr(h + 2, "\r\n"))
        if (strncasecmp(h + 2, "Content-Length:", 15) == 0)
            want = strtoul(h + 17, NULL, 10);
    size_t have = len - (size_t)(end + 4 - buf);
    while (have < want) {
        ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n <= 0)
            return;
        have += (size_t)n;
    }
    char body[128], out[512];
    int n = atomic_fetch_add(&s->served, 1) + 1;
    int blen = snprintf(body, sizeof body,
                        "{\"conversation\":{\"id\":\"srv-%d\"},\"callbackIdentifiers\":[]}", n);
    int olen = snprintf(out, sizeof out,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
                        blen, body);
    for (int off = 0; off < olen;) {
        ssize_t k = send(c, out + off, (size_t)(olen - off), MSG_NOSIGNAL);
        if (k <= 0)
            return;
        off += (int)k;
    }
}

static void *serve(void *arg)
{
    server *s = arg;
    while (!atomic_load(&s->stop)) {
        struct pollfd p = {s->fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            continue;
        serve_one(s, c);
        close(c);
    }
    return NULL;
}

static void server_start(server *s)
{
    memset(s, 0, sizeof *s);
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(s->fd, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(s->fd, 64), 0);
    ck_assert_int_eq(getsockname(s->fd, (struct sockaddr *)&a, &alen), 0);
    s->port = ntohs(a.sin_port);
    ck_assert_int_eq(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void server_stop(server *s)
{
    atomic_store(&s->stop, 1);
    pthread_join(s->thread, NULL);
    close(s->fd);
}

static int curl_worker(worker *w, lcc_context *ctx)
{
    lcc_agent *a1 = NULL;
    if (!directory(w, ctx, &a1))
        return 0;
    lcc_curl_transport *t = NULL;
    lcc_status st = lcc_curl_transport_install(&t, ctx, NULL);
    if (st == LCC_ENOTSUP) /* built without libcurl */
        return 1;
    CHECK(st == LCC_OK, "%s: %s", lcc_status_str(st), lcc_context_errmsg(ctx));
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", SRV.port);
    CHECK_ST(lcc_context_set_backend(ctx, url, NULL), LCC_OK);
    CHECK_ST(lcc_context_set_access_token(ctx, "token", 0), LCC_OK);
    lcc_callback *cbs[CALLBACKS];
    lcc_op *ops[CALLBACKS];
    for (int k = 0; k < CALLBACKS; k++)
        if (!schedule(w, ctx, a1, k, &cbs[k], &ops[k]))
            return 0;
    CHECK_ST(lcc_context_wait(ctx, NULL, 30000), LCC_OK);
    CHECK(lcc_curl_transport_in_flight(t) == 0, "%zu in flight", lcc_curl_transport_in_flight(t));
    for (int k = 0; k < CALLBACKS; k++) {
        st = lcc_op_status(ops[k]);
        CHECK(st == LCC_OK, "callback %d: %s (%s)", k, lcc_status_str(st), lcc_op_message(ops[k]));
        lcc_op_free(ops[k]);
        const char *remote = lcc_callback_remote_id(cbs[k]);
        CHECK(remote && strncmp(remote, "srv-", 4) == 0, "remote id %s",
              remote ? remote : "(null)");
        for (int i = 0; i < k; i++)
            CHECK(strcmp(lcc_callback_remote_id(cbs[i]), remote) != 0, "%s twice", remote);
    }
    w->curl_requests = CALLBACKS;
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx)))
        lcc_event_free(ev);
    return 1;
}

/* ---- the threads ---- */

/* The workers start together. */
static pthread_barrier_t start;

static void *run_worker(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(&start);
    lcc_context *ctx = new_context(w);
    if (!ctx) {
        failed(w, __LINE__, "lcc_context_new", "failed");
        return NULL;
    }
    /* first round: nothing of the library has run in this process yet */
    int ok = shared_checks(w, ctx);
    memcpy(w->first, w->digest, sizeof w->first);
    w->dlen = 0;
    w->digest[0] = '\0';
    host h;
    memset(&h, 0, sizeof h);
    h.ctx = ctx;
    h.w = w;
    h.tail = &h.head;
    pthread_mutex_init(&h.lock, NULL);
    pthread_cond_init(&h.cond, NULL);
    if (ok) {
        switch (w->kind) {
        case ENGINE_MEMORY:
            ok = engine_worker(w, ctx, NULL);
            break;
        case ENGINE_SQLITE:
            ok = sqlite_worker(w, &ctx);
            break;
        case HOST:
            ok = host_worker(w, ctx, &h);
            break;
        case CURL:
            ok = curl_worker(w, ctx);
            break;
        case KINDS:
            break;
        }
    }
    /* second round, after the context's work (the SQLite worker's context
     * is gone: on a fresh one) */
    w->dlen = 0;
    w->digest[0] = '\0';
    if (ok) {
        lcc_context *c2 = ctx ? ctx : new_context(w);
        ok = c2 && shared_checks(w, c2);
        if (c2 != ctx)
            lcc_context_free(c2);
    }
    lcc_context_free(ctx); /* destroys a host transport: joins its completers */
    host_destroy(&h); /* in case the transport was never installed */
    /* every request was completed once, by the completers */
    if (ok && w->kind == HOST && atomic_load(&h.completed) != CALLBACKS)
        failed(w, __LINE__, "completions", "%d, want %d", atomic_load(&h.completed), CALLBACKS),
            ok = 0;
    pthread_mutex_destroy(&h.lock);
    pthread_cond_destroy(&h.cond);
    if (!ok && !w->failure[0])
        failed(w, __LINE__, "second round", "no context");
    return NULL;
}

START_TEST(contexts_in_parallel_threads)
{
    /* The workers run first, so that whatever the library or a library it
     * uses initialises on first use is first used by several threads at
     * once (the test runs in a fresh process). */
    static worker ws[WORKERS];
    pthread_t threads[WORKERS];
    /* the curl workers' server; no proxy for it, whatever the environment */
    setenv("no_proxy", "127.0.0.1", 1);
    setenv("NO_PROXY", "127.0.0.1", 1);
    server_start(&SRV);
    ck_assert_int_eq(pthread_barrier_init(&start, NULL, WORKERS), 0);
    for (int i = 0; i < WORKERS; i++) {
        memset(&ws[i], 0, sizeof ws[i]);
        ws[i].index = i;
        ws[i].kind = (enum kind)(i % KINDS);
        ws[i].now = T0_MS;
        ck_assert_int_eq(pthread_create(&threads[i], NULL, run_worker, &ws[i]), 0);
    }
    for (int i = 0; i < WORKERS; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    pthread_barrier_destroy(&start);
    server_stop(&SRV);
    int requests = 0;
    for (int i = 0; i < WORKERS; i++) {
        ck_assert_msg(ws[i].failure[0] == '\0', "%s", ws[i].failure);
        ck_assert_int_gt(ws[i].checks, 100);
        requests += ws[i].curl_requests;
    }
    ck_assert_int_eq(atomic_load(&SRV.served), requests);

    /* The reference: the shared checks alone on this thread. */
    static worker ref;
    memset(&ref, 0, sizeof ref);
    ref.now = T0_MS;
    ref.index = WORKERS;
    lcc_context *ctx = new_context(&ref);
    ck_assert_ptr_nonnull(ctx);
    int ok = shared_checks(&ref, ctx);
    lcc_context_free(ctx);
    ck_assert_msg(ok, "%s", ref.failure);
    /* a few of its values by hand, so the reference is itself right */
    ck_assert_ptr_nonnull(strstr(ref.digest, "text 0 1 25 135 740 0;"));
    ck_assert_ptr_nonnull(strstr(ref.digest, "text 0 1 19 141 746 0;")); /* 3 escapes */
    ck_assert_ptr_nonnull(strstr(ref.digest, "text 1 1 11 59 754 0;"));  /* UCS-2 */
    ck_assert_ptr_nonnull(strstr(ref.digest, "text 3 1 28 0 252 0;"));   /* X: URL 23 */
    ck_assert_ptr_nonnull(strstr(ref.digest, "phone 0 +33142685300 ;"));
    ck_assert_ptr_nonnull(strstr(ref.digest, "phone 0 +12015550123 45;"));
    ck_assert_ptr_nonnull(strstr(ref.digest, "phone 15 - -;"));
    /* 2027-03-28 02:30 in Tokyo is 2027-03-27T17:30Z; in Paris it is in
     * the spring-forward gap, shifted to 03:30 CEST (01:30Z) */
    ck_assert_ptr_nonnull(
        strstr(ref.digest, "tz Asia/Tokyo 1806168600000 0 2026-11-21T19:00:00+32400;"));
    ck_assert_ptr_nonnull(
        strstr(ref.digest, "tz Europe/Paris 1806197400000 1 2026-11-21T11:00:00+3600;"));
    ck_assert_ptr_nonnull(strstr(ref.digest, "ivr 9 " CALLER " 13;"));
    ck_assert_ptr_nonnull(strstr(ref.digest, "bad IVR-SYNTAX 1:44;")); /* the raw U+0001 */
    /* every worker got the same, in both rounds */
    for (int i = 0; i < WORKERS; i++) {
        ck_assert_str_eq(ws[i].first, ref.digest);
        ck_assert_str_eq(ws[i].digest, ref.digest);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("parallel contexts");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, contexts_in_parallel_threads);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
