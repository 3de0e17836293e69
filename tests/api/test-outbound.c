/* Agent-initiated outbound SMS and email (OB-*, seed 002, Webex Contact
 * Center) through the public API: the directory additions (agent profile,
 * the tenant's digital channels flag, entry points) and the embedded
 * engine's /v1 requests (tasks, accept, end, transfer, wrap-up, buddy list)
 * with agents' bearer tokens, on the injected clock.  Each engine test is
 * named after the rule it checks. */
#include "engine-rest.h"
#include "fixture.h"

#define ALERT_MS 30000
#define HOME "+447700900123"
#define MAIL "ana@example.com"
#define MSGS "/api/v2/conversations/messages"
#define BOTH (LCC_CHANNEL_BIT(LCC_CHANNEL_SMS) | LCC_CHANNEL_BIT(LCC_CHANNEL_EMAIL))

typedef struct ofix {
    fixture f;
    lcc_engine *e;
    char log[8192];
} ofix;

static ofix F;

static const char *drain(void);

static void profile(const char *agent, int license, uint32_t media, uint32_t auto_assigned)
{
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    p.digital_license = license;
    p.media = media;
    p.auto_assigned = auto_assigned;
    ck_assert_int_eq(lcc_agent_set_profile(lcc_context_find_agent(F.f.ctx, agent), &p), LCC_OK);
}

static void presence(const char *agent, lcc_presence p)
{
    ck_assert_int_eq(lcc_engine_set_presence(F.e, agent, p), LCC_OK);
}

static void on_queue(const char *agent)
{
    presence(agent, LCC_PRESENCE_AVAILABLE);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, agent, LCC_ROUTING_IDLE), LCC_OK);
}

/* a1 (the fixture's, member of q1) and a2 (member of q1) may start SMS and
 * email; a3 may not (no license, no media); q2 has no members.  Entry
 * points: ep-sms, ep-sms2 (SMS), ep-mail (email).  The tenant has digital
 * channels.  a1 is available, off queue. */
static void setup(void)
{
    fixture_setup(&F.f);
    lcc_agent *a;
    ck_assert_int_eq(lcc_agent_new(&a, F.f.ctx, "a2", "Bea"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(F.f.queue, "a2"), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&a, F.f.ctx, "a3", "Cy"), LCC_OK);
    lcc_queue *q2;
    ck_assert_int_eq(lcc_queue_new(&q2, F.f.ctx, "q2", "Sales"), LCC_OK);
    lcc_entry_point *ep;
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.f.ctx, "ep-sms", "Support SMS", LCC_CHANNEL_SMS),
                     LCC_OK);
    ck_assert_int_eq(
        lcc_entry_point_new(&ep, F.f.ctx, "ep-mail", "Support mail", LCC_CHANNEL_EMAIL), LCC_OK);
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.f.ctx, "ep-sms2", "Sales SMS", LCC_CHANNEL_SMS),
                     LCC_OK);
    ck_assert_int_eq(lcc_context_set_digital_channels(F.f.ctx, 1), LCC_OK);
    profile("a1", 1, BOTH, BOTH);
    profile("a2", 1, BOTH, BOTH);
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    p.alert_timeout_ms = ALERT_MS;
    ck_assert_int_eq(lcc_engine_new(&F.e, F.f.ctx, &p), LCC_OK);
    presence("a1", LCC_PRESENCE_AVAILABLE);
    drain();
}

static void teardown(void)
{
    fixture_teardown(&F.f);
}

static void advance(int64_t ms)
{
    F.f.now += ms;
    ck_assert_int_eq(lcc_context_run_due(F.f.ctx), LCC_OK);
}

static const char *type_name(lcc_event_type t)
{
    switch (t) {
    case LCC_EVENT_ENGINE_QUEUED: return "QUEUED";
    case LCC_EVENT_ENGINE_OFFERED: return "OFFERED";
    case LCC_EVENT_ENGINE_ACCEPTED: return "ACCEPTED";
    case LCC_EVENT_ENGINE_DECLINED: return "DECLINED";
    case LCC_EVENT_ENGINE_ENDED: return "ENDED";
    case LCC_EVENT_ENGINE_AGENT_STATUS: return "STATUS";
    case LCC_EVENT_ENGINE_MESSAGE: return "MESSAGE";
    default: return "OTHER";
    }
}

/* The engine events since the last call, one line each: "<TYPE> <agent>"
 * (MESSAGE: "MESSAGE <delivery state>"). */
static const char *drain(void)
{
    lcc_event *ev;
    size_t len = 0;
    F.log[0] = '\0';
    while ((ev = lcc_context_next_event(F.f.ctx))) {
        lcc_event_type t = lcc_event_get_type(ev);
        const char *agent = lcc_event_agent_id(ev);
        if (t == LCC_EVENT_ENGINE_MESSAGE)
            len += (size_t)snprintf(F.log + len, sizeof F.log - len, "MESSAGE %d\n",
                                    (int)lcc_event_delivery_state(ev));
        else if (t >= LCC_EVENT_ENGINE_SCHEDULED)
            len += (size_t)snprintf(F.log + len, sizeof F.log - len, "%s %s\n", type_name(t),
                                    agent ? agent : "-");
        lcc_event_free(ev);
    }
    return F.log;
}

static const char *call(int *http, const char *who, const char *method, const char *path,
                        const char *body)
{
    return engine_call(http, F.e, who, method, path, body);
}

/* The string value after `"key":"` in json (first match), into a static buffer. */
static const char *str_after(const char *json, const char *key)
{
    static char v[8][256];
    static int k;
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    ck_assert_msg(p != NULL, "no %s in %s", key, json);
    p += strlen(pat);
    k = (k + 1) % 8;
    snprintf(v[k], sizeof v[k], "%.*s", (int)strcspn(p, "\""), p);
    return v[k];
}

/* Checks a Webex error body: status, error.key, and the number of messages. */
static void expect_error(int http, const char *r, int want_http, const char *key, int n)
{
    ck_assert_msg(http == want_http, "%d (want %d): %s", http, want_http, r);
    ck_assert_msg(strstr(r, "\"trackingId\":\"") != NULL, "%s", r);
    ck_assert_str_eq(str_after(r, "key"), key);
    int count = 0;
    for (const char *p = r; (p = strstr(p, "\"description\":")); p++)
        count++;
    ck_assert_msg(count == n, "%d messages (want %d): %s", count, n, r);
    ck_assert_str_eq(str_after(strstr(r, "\"message\":"), "code"), key);
}

/* POST /v1/tasks as `who`. */
static const char *create(int *http, const char *who, const char *to, const char *ep,
                          const char *media)
{
    char body[512], t[256] = "", e[64] = "", m[64] = "";
    if (to)
        snprintf(t, sizeof t, "\"destination\":\"%s\",", to);
    if (ep)
        snprintf(e, sizeof e, "\"entryPointId\":\"%s\",", ep);
    if (media)
        snprintf(m, sizeof m, "\"mediaType\":\"%s\",", media);
    snprintf(body, sizeof body, "{%s%s%s\"outboundType\":\"OUTDIAL\"}", t, e, m);
    return call(http, who, "POST", "/v1/tasks", body);
}

/* A task that must be created; its id into id. */
static void create_ok(char id[64], const char *who, const char *to, const char *ep,
                      const char *media)
{
    int http;
    const char *r = create(&http, who, to, ep, media);
    ck_assert_msg(http == 202, "%d %s", http, r);
    ck_assert_msg(strstr(r, "{\"meta\":{\"orgId\":\"") == r, "%s", r);
    snprintf(id, 64, "%s", str_after(strstr(r, "\"data\":"), "id"));
}

/* POST /v1/tasks/{id}/<op> as `who`. */
static const char *task_op(int *http, const char *who, const char *id, const char *op,
                           const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/tasks/%s/%s", id, op);
    return call(http, who, "POST", path, body);
}

static void task_op_ok(const char *who, const char *id, const char *op, const char *body)
{
    int http;
    const char *r = task_op(&http, who, id, op, body);
    ck_assert_msg(http == 202, "%s %s: %d %s", op, id, http, r);
    ck_assert_str_eq(r, "");
}

/* A task of a1 to `to`, created and accepted. */
static void accepted_task(char id[64], const char *to, const char *ep, const char *media)
{
    create_ok(id, "a1", to, ep, media);
    task_op_ok("a1", id, "accept", NULL);
}

static const char *conversation(const char *id)
{
    int http;
    char path[128];
    snprintf(path, sizeof path, MSGS "/%s", id);
    const char *r = call(&http, "a1", "GET", path, NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    return r;
}

static const char *communication(const char *id)
{
    const char *m = strstr(conversation(id), "\"messages\":[{\"id\":\"");
    ck_assert_ptr_nonnull(m);
    return str_after(m, "id");
}

static const char *send_text(int *http, const char *who, const char *id, const char *text)
{
    char path[256], comm[64];
    static char body[8192];
    snprintf(comm, sizeof comm, "%s", communication(id));
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/messages", id, comm);
    snprintf(body, sizeof body, "{\"textBody\":\"%s\"}", text);
    return call(http, who, "POST", path, body);
}

static void status_of(const char *agent, lcc_presence *p, lcc_routing_status *s)
{
    ck_assert_int_eq(lcc_engine_agent_status(F.e, agent, p, s), LCC_OK);
}

/* ---- directory ---- */

START_TEST(test_profile_get_set)
{
    fixture_setup(&F.f);
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    ck_assert_int_eq(lcc_agent_get_profile(F.f.agent, &p), LCC_OK);
    ck_assert_int_eq(p.digital_license, 0); /* a new agent has nothing */
    ck_assert_uint_eq(p.media | p.auto_assigned, 0);
    p.digital_license = 7;
    p.media = BOTH | LCC_CHANNEL_BIT(LCC_CHANNEL_WHATSAPP);
    p.auto_assigned = LCC_CHANNEL_BIT(LCC_CHANNEL_EMAIL);
    ck_assert_int_eq(lcc_agent_set_profile(F.f.agent, &p), LCC_OK);
    lcc_agent_profile got = LCC_AGENT_PROFILE_INIT;
    ck_assert_int_eq(lcc_agent_get_profile(F.f.agent, &got), LCC_OK);
    ck_assert_int_eq(got.digital_license, 1);
    ck_assert_uint_eq(got.media, p.media);
    ck_assert_uint_eq(got.auto_assigned, p.auto_assigned);
    /* A channel that does not exist: refused, nothing changed. */
    lcc_agent_profile bad = p;
    bad.media |= LCC_CHANNEL_BIT(LCC_CHANNEL_SOCIAL_PUBLIC + 1);
    bad.digital_license = 0;
    ck_assert_int_eq(lcc_agent_set_profile(F.f.agent, &bad), LCC_EINVAL);
    bad = p;
    bad.auto_assigned = UINT32_C(1) << 31;
    ck_assert_int_eq(lcc_agent_set_profile(F.f.agent, &bad), LCC_EINVAL);
    ck_assert_int_eq(lcc_agent_get_profile(F.f.agent, &got), LCC_OK);
    ck_assert_int_eq(got.digital_license, 1);
    ck_assert_uint_eq(got.media, p.media);
    /* Misuse. */
    ck_assert_int_eq(lcc_agent_set_profile(F.f.agent, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_agent_set_profile(NULL, &p), LCC_EMISUSE);
    bad.size = sizeof bad + 8;
    ck_assert_int_eq(lcc_agent_set_profile(F.f.agent, &bad), LCC_EMISUSE);
    got.size = 4;
    ck_assert_int_eq(lcc_agent_get_profile(F.f.agent, &got), LCC_EMISUSE);
    ck_assert_int_eq(lcc_agent_get_profile(F.f.agent, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_agent_get_profile((lcc_agent *)F.f.queue, &p), LCC_EMISUSE);
    /* The tenant flag. */
    ck_assert_int_eq(lcc_context_digital_channels(F.f.ctx), 0);
    ck_assert_int_eq(lcc_context_set_digital_channels(F.f.ctx, 5), LCC_OK);
    ck_assert_int_eq(lcc_context_digital_channels(F.f.ctx), 1);
    ck_assert_int_eq(lcc_context_set_digital_channels(F.f.ctx, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_digital_channels(F.f.ctx), 0);
    ck_assert_int_eq(lcc_context_set_digital_channels(NULL, 1), LCC_EMISUSE);
    ck_assert_int_eq(lcc_context_digital_channels(NULL), 0);
    fixture_teardown(&F.f);
}
END_TEST

START_TEST(test_entry_points)
{
    fixture_setup(&F.f);
    lcc_context *ctx = F.f.ctx;
    lcc_entry_point *s1, *m1, *s2, *dup = NULL;
    ck_assert_uint_eq(lcc_context_entry_point_count(ctx, LCC_CHANNEL_SMS), 0);
    ck_assert_ptr_null(lcc_context_entry_point(ctx, LCC_CHANNEL_SMS, 0));
    ck_assert_int_eq(lcc_entry_point_new(&s1, ctx, "s1", "First SMS", LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_entry_point_new(&m1, ctx, "m1", "Mail", LCC_CHANNEL_EMAIL), LCC_OK);
    ck_assert_int_eq(lcc_entry_point_new(&s2, ctx, "s2", "Second SMS", LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_entry_point_new(&dup, ctx, "s1", "Again", LCC_CHANNEL_EMAIL), LCC_EEXISTS);
    ck_assert_int_eq(lcc_entry_point_new(&dup, ctx, "w", "WhatsApp", LCC_CHANNEL_WHATSAPP),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_entry_point_new(&dup, ctx, "", "Empty", LCC_CHANNEL_SMS), LCC_EINVAL);
    ck_assert_int_eq(lcc_entry_point_new(&dup, ctx, "x", NULL, LCC_CHANNEL_SMS), LCC_EMISUSE);
    ck_assert_int_eq(lcc_entry_point_new(NULL, ctx, "x", "X", LCC_CHANNEL_SMS), LCC_EMISUSE);
    ck_assert_int_eq(lcc_entry_point_new(&dup, NULL, "x", "X", LCC_CHANNEL_SMS), LCC_EMISUSE);
    ck_assert_ptr_null(dup);
    ck_assert_ptr_eq(lcc_context_find_entry_point(ctx, "m1"), m1);
    ck_assert_ptr_null(lcc_context_find_entry_point(ctx, "nope"));
    ck_assert_ptr_null(lcc_context_find_entry_point(ctx, NULL));
    ck_assert_str_eq(lcc_entry_point_id(s2), "s2");
    ck_assert_str_eq(lcc_entry_point_name(s2), "Second SMS");
    ck_assert_int_eq(lcc_entry_point_channel(m1), LCC_CHANNEL_EMAIL);
    ck_assert_uint_eq(lcc_context_entry_point_count(ctx, LCC_CHANNEL_SMS), 2);
    ck_assert_uint_eq(lcc_context_entry_point_count(ctx, LCC_CHANNEL_EMAIL), 1);
    ck_assert_uint_eq(lcc_context_entry_point_count(ctx, LCC_CHANNEL_WHATSAPP), 0);
    ck_assert_ptr_eq(lcc_context_entry_point(ctx, LCC_CHANNEL_SMS, 0), s1);
    ck_assert_ptr_eq(lcc_context_entry_point(ctx, LCC_CHANNEL_SMS, 1), s2);
    ck_assert_ptr_null(lcc_context_entry_point(ctx, LCC_CHANNEL_SMS, 2));
    ck_assert_ptr_eq(lcc_context_entry_point(ctx, LCC_CHANNEL_EMAIL, 0), m1);
    lcc_entry_point_free(s1);
    lcc_entry_point_free(NULL);
    ck_assert_ptr_null(lcc_context_find_entry_point(ctx, "s1"));
    ck_assert_ptr_eq(lcc_context_entry_point(ctx, LCC_CHANNEL_SMS, 0), s2);
    ck_assert_uint_eq(lcc_context_entry_point_count(ctx, LCC_CHANNEL_SMS), 1);
    /* Invalid handles. */
    ck_assert_ptr_null(lcc_entry_point_id(NULL));
    ck_assert_ptr_null(lcc_entry_point_name((lcc_entry_point *)F.f.agent));
    ck_assert_uint_eq(lcc_context_entry_point_count(NULL, LCC_CHANNEL_SMS), 0);
    ck_assert_ptr_null(lcc_context_entry_point(NULL, LCC_CHANNEL_SMS, 0));
    lcc_entry_point_free((lcc_entry_point *)F.f.queue); /* not an entry point: nothing */
    ck_assert_ptr_eq(lcc_context_find_queue(ctx, "q1"), F.f.queue);
    /* The id is free again once freed; the rest go with the context. */
    ck_assert_int_eq(lcc_entry_point_new(&s1, ctx, "s1", "Back", LCC_CHANNEL_SMS), LCC_OK);
    fixture_teardown(&F.f);
}
END_TEST

/* ---- OB-LICENSE, OB-PROFILE, OB-AUTOASSIGN ---- */

START_TEST(test_OB_LICENSE_tenant)
{
    ck_assert_int_eq(lcc_context_set_digital_channels(F.f.ctx, 0), LCC_OK);
    int http;
    const char *r = create(&http, "a1", HOME, "ep-sms", "sms");
    expect_error(http, r, 403, "outbound.error.tenant.digital.disabled", 1);
    ck_assert_str_eq(drain(), "");
    ck_assert_int_eq(lcc_context_set_digital_channels(F.f.ctx, 1), LCC_OK);
    char id[64];
    create_ok(id, "a1", HOME, "ep-sms", "sms");
}
END_TEST

START_TEST(test_OB_LICENSE_agent)
{
    profile("a1", 0, BOTH, BOTH);
    int http;
    const char *r = create(&http, "a1", HOME, "ep-sms", "sms");
    expect_error(http, r, 403, "outbound.error.missing.license", 1);
    /* Every problem in one answer: no tenant flag, no license, bad number. */
    ck_assert_int_eq(lcc_context_set_digital_channels(F.f.ctx, 0), LCC_OK);
    r = create(&http, "a1", "12", "ep-sms", "sms");
    expect_error(http, r, 403, "outbound.error.tenant.digital.disabled", 3);
    ck_assert_ptr_nonnull(strstr(r, "outbound.error.missing.license"));
    ck_assert_ptr_nonnull(strstr(r, "outbound.error.invalid.number"));
}
END_TEST

START_TEST(test_OB_PROFILE_channel)
{
    profile("a1", 1, LCC_CHANNEL_BIT(LCC_CHANNEL_SMS), BOTH);
    int http;
    const char *r = create(&http, "a1", MAIL, "ep-mail", "email");
    expect_error(http, r, 403, "outbound.error.profile.channel", 1);
    char id[64];
    create_ok(id, "a1", HOME, "ep-sms", "sms");
    r = create(&http, "a1", HOME, "ep-sms", "telephony");
    expect_error(http, r, 400, "outbound.error.channel.not.supported", 1);
    r = create(&http, "a1", HOME, "ep-sms", NULL);
    expect_error(http, r, 400, "outbound.error.channel.not.supported", 1);
}
END_TEST

START_TEST(test_OB_AUTOASSIGN_manual)
{
    profile("a1", 1, BOTH, LCC_CHANNEL_BIT(LCC_CHANNEL_SMS));
    int http;
    const char *r = create(&http, "a1", MAIL, "ep-mail", "email");
    expect_error(http, r, 403, "outbound.error.manual.assignment", 1);
    ck_assert_ptr_nonnull(strstr(r, "auto-assigned"));
    char id[64];
    create_ok(id, "a1", HOME, "ep-sms", "sms");
}
END_TEST

/* ---- OB-STATE ---- */

START_TEST(test_OB_STATE_available_and_rona_ok)
{
    char id[64];
    /* Available, off queue, no task. */
    create_ok(id, "a1", HOME, "ep-sms", "sms");
    /* On a voice call (interacting). */
    on_queue("a1");
    const char *call_id;
    ck_assert_int_eq(lcc_engine_add_call(&call_id, F.e, "q1", "+12125550100"), LCC_OK);
    char c[64];
    snprintf(c, sizeof c, "%s", call_id);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", c, 1), LCC_OK);
    create_ok(id, "a1", "+447700900124", "ep-sms", "sms");
    task_op_ok("a1", id, "accept", NULL);
    /* On another digital task too. */
    create_ok(id, "a1", MAIL, "ep-mail", "email");
    ck_assert_int_eq(lcc_engine_end(F.e, c), LCC_OK);
    /* RONA: a call alerted them and was not answered. */
    ck_assert_int_eq(lcc_engine_add_call(&call_id, F.e, "q1", "+12125550101"), LCC_OK);
    advance(ALERT_MS);
    lcc_presence p;
    lcc_routing_status s;
    status_of("a1", &p, &s);
    ck_assert_int_eq(s, LCC_ROUTING_NOT_RESPONDING);
    create_ok(id, "a1", "+447700900125", "ep-sms", "sms");
}
END_TEST

START_TEST(test_OB_STATE_busy_refused)
{
    static const lcc_presence refused[] = {LCC_PRESENCE_BUSY, LCC_PRESENCE_AWAY,
                                           LCC_PRESENCE_OFFLINE};
    for (size_t i = 0; i < 3; i++) {
        presence("a1", refused[i]);
        int http;
        const char *r = create(&http, "a1", HOME, "ep-sms", "sms");
        expect_error(http, r, 409, "outbound.error.agent.state", 1);
    }
    ck_assert_ptr_null(strstr(drain(), "OFFERED"));
}
END_TEST

/* ---- OB-ENTRYPOINT ---- */

START_TEST(test_OB_ENTRYPOINT_none_configured)
{
    lcc_entry_point_free(lcc_context_find_entry_point(F.f.ctx, "ep-mail"));
    int http;
    const char *r = create(&http, "a1", MAIL, NULL, "email");
    expect_error(http, r, 400, "outbound.error.entrypoint.not.found", 1);
    ck_assert_ptr_nonnull(strstr(r, "No email entry point is configured"));
    r = create(&http, "a1", MAIL, "ep-mail", "email");
    expect_error(http, r, 400, "outbound.error.entrypoint.not.found", 1);
    /* With SMS entry points, an SMS without one is asked to choose. */
    r = create(&http, "a1", HOME, NULL, "sms");
    expect_error(http, r, 400, "outbound.error.entrypoint.not.found", 1);
    ck_assert_ptr_nonnull(strstr(r, "Choose the SMS entry point"));
}
END_TEST

START_TEST(test_OB_ENTRYPOINT_wrong_channel)
{
    int http;
    const char *r = create(&http, "a1", HOME, "ep-mail", "sms");
    expect_error(http, r, 400, "outbound.error.entrypoint.channel", 1);
    r = create(&http, "a1", MAIL, "ep-sms", "email");
    expect_error(http, r, 400, "outbound.error.entrypoint.channel", 1);
}
END_TEST

/* ---- OB-TO ---- */

START_TEST(test_OB_TO_sms_e164)
{
    char id[64];
    create_ok(id, "a1", "+44 7700 900123", "ep-sms", "sms");
    const char *r = conversation(id);
    ck_assert_str_eq(str_after(r, "address"), HOME);
    ck_assert_str_eq(str_after(r, "messengerType"), "sms");
    int http;
    r = create(&http, "a1", "07700 900124", "ep-sms", "sms"); /* no country */
    expect_error(http, r, 400, "outbound.error.invalid.number", 1);
    r = create(&http, "a1", "+12125550100;ext=12", "ep-sms", "sms");
    expect_error(http, r, 400, "outbound.error.invalid.number", 1);
    r = create(&http, "a1", NULL, "ep-sms", "sms");
    expect_error(http, r, 400, "outbound.error.invalid.destination", 1);
}
END_TEST

START_TEST(test_OB_TO_email)
{
    char id[64];
    create_ok(id, "a1", "Ana@Example.COM", "ep-mail", "email");
    const char *r = conversation(id);
    ck_assert_str_eq(str_after(r, "address"), "Ana@example.com");
    ck_assert_str_eq(str_after(r, "messengerType"), "email");
    int http;
    static const char *const bad[] = {"ana", "ana@example", "@example.com", "a..b@example.com",
                                      HOME};
    for (size_t i = 0; i < 5; i++) {
        r = create(&http, "a1", bad[i], "ep-mail", "email");
        expect_error(http, r, 400, "outbound.error.invalid.destination", 1);
    }
}
END_TEST

/* ---- OB-UNIQUE ---- */

START_TEST(test_OB_UNIQUE_same_entry_point)
{
    char id[64], other[64], again[64];
    create_ok(id, "a1", HOME, "ep-sms", "sms");
    int http;
    /* Offered, then connected: both active. */
    presence("a2", LCC_PRESENCE_AVAILABLE);
    const char *r = create(&http, "a2", "+44 7700 900123", "ep-sms", "sms");
    expect_error(http, r, 409, "outbound.error.conversation.exists", 1);
    task_op_ok("a1", id, "accept", NULL);
    r = create(&http, "a1", HOME, "ep-sms", "sms");
    expect_error(http, r, 409, "outbound.error.conversation.exists", 1);
    ck_assert_ptr_nonnull(strstr(r, id));
    /* Another entry point, or another customer: fine. */
    create_ok(other, "a1", HOME, "ep-sms2", "sms");
    ck_assert_str_ne(other, id);
    create_ok(again, "a1", "+447700900999", "ep-sms", "sms");
    /* Ended: the customer is free again on that entry point. */
    task_op_ok("a1", id, "end", NULL);
    create_ok(again, "a1", HOME, "ep-sms", "sms");
    ck_assert_str_ne(again, id);
}
END_TEST

/* ---- OB-CREATE ---- */

START_TEST(test_OB_CREATE_accept)
{
    on_queue("a1");
    drain();
    char id[64];
    create_ok(id, "a1", HOME, "ep-sms", "sms");
    ck_assert_str_eq(drain(), "OFFERED a1\n");
    /* Offered: no agent participant yet, no sending. */
    ck_assert_ptr_null(strstr(conversation(id), "\"purpose\":\"agent\""));
    int http;
    const char *r = task_op(&http, "a2", id, "accept", NULL);
    expect_error(http, r, 403, "outbound.error.task.not.offered.to.you", 1);
    task_op_ok("a1", id, "accept", NULL);
    ck_assert_str_eq(drain(), "ACCEPTED a1\n");
    /* Not routed: the agent's status and availability are as they were. */
    lcc_presence p;
    lcc_routing_status s;
    status_of("a1", &p, &s);
    ck_assert_int_eq(s, LCC_ROUTING_IDLE);
    const char *call_id;
    ck_assert_int_eq(lcc_engine_add_call(&call_id, F.e, "q1", "+12125550100"), LCC_OK);
    ck_assert_str_eq(drain(), "QUEUED -\nOFFERED a1\n");
    r = task_op(&http, "a1", id, "accept", NULL);
    expect_error(http, r, 409, "outbound.error.create.failed", 1);
    /* The Genesys messaging requests on the task id. */
    r = conversation(id);
    ck_assert_str_eq(str_after(strstr(r, "\"purpose\":\"agent\""), "state"), "connected");
    ck_assert_str_eq(str_after(r, "userId"), "a1");
    r = send_text(&http, "a1", id, "Hola, le escribimos de Soporte.");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "status"), "queued");
    ck_assert_str_eq(str_after(r, "messengerType"), "sms");
    advance(2000);
    char want[64];
    snprintf(want, sizeof want, "MESSAGE %d\nMESSAGE %d\nMESSAGE %d\n", LCC_DELIVERY_QUEUED,
             LCC_DELIVERY_SENT, LCC_DELIVERY_DELIVERED);
    ck_assert_str_eq(strstr(drain(), "MESSAGE"), want);
    /* Someone else cannot send in it; SMS has its limit (TXT-LIMITS). */
    r = send_text(&http, "a2", id, "me too");
    ck_assert_int_eq(http, 403);
    static char big[800];
    memset(big, 'a', 799);
    r = send_text(&http, "a1", id, big);
    ck_assert_msg(http == 400, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "code"), "messaging.error.text.too.long");
}
END_TEST

START_TEST(test_OB_CREATE_unaccepted)
{
    drain();
    char id[64], again[64];
    create_ok(id, "a1", HOME, "ep-sms", "sms");
    advance(ALERT_MS - 1);
    ck_assert_str_eq(drain(), "OFFERED a1\n");
    advance(1);
    /* Dropped: the agent is not marked not responding (it was their own task). */
    ck_assert_str_eq(drain(), "DECLINED a1\n");
    lcc_presence p;
    lcc_routing_status s;
    status_of("a1", &p, &s);
    ck_assert_int_eq(s, LCC_ROUTING_OFF_QUEUE);
    int http;
    const char *r = task_op(&http, "a1", id, "accept", NULL);
    expect_error(http, r, 409, "outbound.error.create.failed", 1);
    create_ok(again, "a1", HOME, "ep-sms", "sms");
    /* The dropped one is closed: nothing can be sent in it. */
    ck_assert_ptr_nonnull(strstr(conversation(id), "\"state\":\"disconnected\""));
}
END_TEST

/* ---- OB-TRANSFER ---- */

START_TEST(test_OB_TRANSFER_queue)
{
    on_queue("a2");
    char id[64];
    accepted_task(id, HOME, "ep-sms", "sms");
    drain();
    task_op_ok("a1", id, "transfer", "{\"to\":\"q1\",\"destinationType\":\"queue\"}");
    ck_assert_str_eq(drain(), "ENDED a1\nQUEUED -\nOFFERED a2\n");
    int http;
    const char *r = send_text(&http, "a1", id, "still mine?");
    ck_assert_int_eq(http, 403);
    r = task_op(&http, "a1", id, "accept", NULL);
    expect_error(http, r, 403, "outbound.error.task.not.offered.to.you", 1);
    task_op_ok("a2", id, "accept", NULL);
    ck_assert_str_eq(drain(), "ACCEPTED a2\nSTATUS a2\n");
    lcc_presence p;
    lcc_routing_status s;
    status_of("a2", &p, &s);
    ck_assert_int_eq(s, LCC_ROUTING_INTERACTING); /* a routed task occupies */
    r = send_text(&http, "a2", id, "Hola, soy Bea.");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(conversation(id), "userId"), "a2");
    /* Ended by a2: free again, and a2 owes the wrap-up now. */
    task_op_ok("a2", id, "end", NULL);
    status_of("a2", &p, &s);
    ck_assert_int_eq(s, LCC_ROUTING_IDLE);
    task_op_ok("a2", id, "wrapup", "{\"auxCodeId\":\"resolved\",\"wrapUpReason\":\"Done\"}");
    /* No member available: it waits in the queue. */
    char id2[64];
    accepted_task(id2, "+447700900124", "ep-sms", "sms");
    presence("a2", LCC_PRESENCE_BUSY);
    drain();
    task_op_ok("a1", id2, "transfer", "{\"to\":\"q2\",\"destinationType\":\"queue\"}");
    ck_assert_str_eq(drain(), "ENDED a1\nQUEUED -\n");
}
END_TEST

START_TEST(test_OB_TRANSFER_agent_available)
{
    on_queue("a2");
    char id[64];
    accepted_task(id, MAIL, "ep-mail", "email");
    drain();
    task_op_ok("a1", id, "transfer", "{\"to\":\"a2\",\"destinationType\":\"agent\"}");
    ck_assert_str_eq(drain(), "ENDED a1\nOFFERED a2\n");
    task_op_ok("a2", id, "accept", NULL);
    int http;
    const char *r = send_text(&http, "a2", id, "Hola");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "messengerType"), "email");
    advance(3000); /* delivered */
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    /* Not answered: a transfer offer times out like any offer; with no
     * queue to go back to, the task waits unassigned on its entry point. */
    char id2[64];
    accepted_task(id2, "bo@example.com", "ep-mail", "email");
    drain();
    task_op_ok("a1", id2, "transfer", "{\"to\":\"a2\",\"destinationType\":\"agent\"}");
    advance(ALERT_MS);
    ck_assert_str_eq(drain(), "ENDED a1\nOFFERED a2\nDECLINED a2\nSTATUS a2\nQUEUED -\n");
    r = task_op(&http, "a2", id2, "accept", NULL);
    expect_error(http, r, 409, "outbound.error.create.failed", 1);
}
END_TEST

START_TEST(test_OB_TRANSFER_agent_unavailable)
{
    char id[64];
    accepted_task(id, HOME, "ep-sms", "sms");
    int http;
    presence("a2", LCC_PRESENCE_BUSY);
    const char *r =
        task_op(&http, "a1", id, "transfer", "{\"to\":\"a2\",\"destinationType\":\"agent\"}");
    expect_error(http, r, 409, "outbound.error.transfer.target.unavailable", 1);
    on_queue("a2");
    ck_assert_int_eq(lcc_engine_add_call(NULL, F.e, "q1", "+12125550100"), LCC_OK); /* alerting */
    r = task_op(&http, "a1", id, "transfer", "{\"to\":\"a2\",\"destinationType\":\"agent\"}");
    expect_error(http, r, 409, "outbound.error.transfer.target.unavailable", 1);
    r = task_op(&http, "a1", id, "transfer", "{\"to\":\"a1\",\"destinationType\":\"agent\"}");
    expect_error(http, r, 409, "outbound.error.transfer.target.unavailable", 1);
    r = task_op(&http, "a1", id, "transfer", "{\"to\":\"zz\",\"destinationType\":\"agent\"}");
    expect_error(http, r, 400, "outbound.error.transfer.target.not.found", 1);
    r = task_op(&http, "a1", id, "transfer", "{\"to\":\"zz\",\"destinationType\":\"queue\"}");
    expect_error(http, r, 400, "outbound.error.transfer.target.not.found", 1);
    r = task_op(&http, "a1", id, "transfer",
                "{\"to\":\"+12125550100\",\"destinationType\":\"dialNumber\"}");
    expect_error(http, r, 400, "outbound.error.transfer.type", 1);
    r = task_op(&http, "a1", id, "transfer", "{\"destinationType\":\"queue\"}");
    expect_error(http, r, 400, "outbound.error.transfer.type", 1);
    /* Still the agent's. */
    r = send_text(&http, "a1", id, "sigo aqui");
    ck_assert_int_eq(http, 200);
}
END_TEST

START_TEST(test_OB_TRANSFER_not_accepted)
{
    on_queue("a2");
    char id[64];
    create_ok(id, "a1", HOME, "ep-sms", "sms");
    int http;
    const char *r =
        task_op(&http, "a1", id, "transfer", "{\"to\":\"q1\",\"destinationType\":\"queue\"}");
    expect_error(http, r, 409, "outbound.error.transfer.not.accepted", 1);
    task_op_ok("a1", id, "accept", NULL);
    r = task_op(&http, "a2", id, "transfer", "{\"to\":\"q1\",\"destinationType\":\"queue\"}");
    expect_error(http, r, 409, "outbound.error.transfer.not.accepted", 1);
    /* With a bad target too: both in one answer. */
    r = task_op(&http, "a2", id, "transfer", "{\"to\":\"zz\",\"destinationType\":\"queue\"}");
    expect_error(http, r, 409, "outbound.error.transfer.not.accepted", 2);
    task_op_ok("a1", id, "end", NULL);
    r = task_op(&http, "a1", id, "transfer", "{\"to\":\"q1\",\"destinationType\":\"queue\"}");
    expect_error(http, r, 409, "outbound.error.transfer.not.accepted", 1);
}
END_TEST

/* The list of transfer targets with their current availability. */
START_TEST(test_OB_TRANSFER_buddy_list)
{
    lcc_agent *a;
    const char *extra[] = {"a4", "a5", "a6", "a7"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(lcc_agent_new(&a, F.f.ctx, extra[i], extra[i]), LCC_OK);
        ck_assert_int_eq(lcc_queue_add_member(F.f.queue, extra[i]), LCC_OK);
        profile(extra[i], 1, BOTH, BOTH);
    }
    profile("a3", 1, LCC_CHANNEL_BIT(LCC_CHANNEL_SMS), 0); /* handles no email */
    on_queue("a2");                                        /* Available */
    presence("a3", LCC_PRESENCE_AVAILABLE);                /* off queue: Idle, and no email */
    presence("a4", LCC_PRESENCE_AWAY);                     /* Idle */
    on_queue("a5");
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a2", LCC_PRESENCE_BUSY), LCC_OK);
    ck_assert_int_eq(lcc_engine_add_call(NULL, F.e, "q1", "+12125550100"), LCC_OK);
    advance(ALERT_MS); /* a5 did not answer: RONA */
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a2", LCC_PRESENCE_AVAILABLE), LCC_OK);
    /* a2 is alerted by the call waiting in q1: Engaged; a6 is offline (not listed). */
    on_queue("a7");
    int http;
    const char *r = call(&http, "a1", "POST", "/v1/agents/buddyList",
                         "{\"agentProfileId\":\"p1\",\"mediaType\":\"email\"}");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_msg(
        strstr(r, "{\"agentId\":\"a2\",\"agentName\":\"Bea\",\"state\":\"Engaged\"}") &&
            strstr(r, "{\"agentId\":\"a4\",\"agentName\":\"a4\",\"state\":\"Idle\"}") &&
            strstr(r, "{\"agentId\":\"a5\",\"agentName\":\"a5\",\"state\":\"RONA\"}") &&
            strstr(r, "{\"agentId\":\"a7\",\"agentName\":\"a7\",\"state\":\"Available\"}"),
        "%s", r);
    ck_assert_msg(!strstr(r, "\"a1\"") && !strstr(r, "\"a3\"") && !strstr(r, "\"a6\""), "%s", r);
    ck_assert_msg(
        strstr(r, "{\"queueId\":\"q1\",\"queueName\":\"Support\",\"availableAgents\":1}") &&
            strstr(r, "{\"queueId\":\"q2\",\"queueName\":\"Sales\",\"availableAgents\":0}"),
        "%s", r);
    /* SMS: a3 handles it (Idle: available but off queue). */
    r = call(&http, "a1", "POST", "/v1/agents/buddyList", "{\"mediaType\":\"sms\"}");
    ck_assert_msg(strstr(r, "{\"agentId\":\"a3\",\"agentName\":\"Cy\",\"state\":\"Idle\"}"), "%s",
                  r);
    /* Only the available ones; the caller is never listed. */
    r = call(&http, "a7", "POST", "/v1/agents/buddyList",
             "{\"mediaType\":\"sms\",\"state\":\"Available\"}");
    ck_assert_msg(http == 200 && strstr(r, "\"agents\":[]"), "%d %s", http, r);
    r = call(&http, "a1", "POST", "/v1/agents/buddyList",
             "{\"mediaType\":\"sms\",\"state\":\"Available\"}");
    ck_assert_msg(strstr(r, "\"agents\":[{\"agentId\":\"a7\",\"agentName\":\"a7\",\"state\":"
                            "\"Available\"}]"),
                  "%s", r);
    /* The list follows the availability: a7 accepts a task and is Engaged. */
    ck_assert_int_eq(lcc_engine_add_call(NULL, F.e, "q1", "+12125550101"), LCC_OK);
    r = call(&http, "a1", "POST", "/v1/agents/buddyList", "{\"mediaType\":\"sms\"}");
    ck_assert_msg(strstr(r, "{\"agentId\":\"a7\",\"agentName\":\"a7\",\"state\":\"Engaged\"}"),
                  "%s", r);
    r = call(&http, "a1", "POST", "/v1/agents/buddyList", "{\"mediaType\":\"telephony\"}");
    expect_error(http, r, 400, "bad.request", 1);
    r = call(&http, "a1", "POST", "/v1/agents/buddyList",
             "{\"mediaType\":\"sms\",\"state\":\"x\"}");
    expect_error(http, r, 400, "bad.request", 1);
}
END_TEST

/* ---- OB-WRAPUP ---- */

START_TEST(test_OB_WRAPUP_after_end)
{
    char id[64];
    accepted_task(id, HOME, "ep-sms", "sms");
    int http;
    const char *r =
        task_op(&http, "a1", id, "wrapup", "{\"auxCodeId\":\"ok\",\"wrapUpReason\":\"x\"}");
    expect_error(http, r, 409, "outbound.error.wrapup.state", 1);
    r = task_op(&http, "a2", id, "end", NULL);
    expect_error(http, r, 409, "outbound.error.task.not.connected", 1);
    drain();
    task_op_ok("a1", id, "end", NULL);
    ck_assert_str_eq(drain(), "ENDED a1\n");
    ck_assert_ptr_nonnull(strstr(conversation(id), "\"wrapupRequired\":true"));
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, id), LCC_EPENDING);
    r = task_op(&http, "a1", id, "end", NULL);
    expect_error(http, r, 409, "outbound.error.task.not.connected", 1);
    r = task_op(&http, "a2", id, "wrapup", "{\"auxCodeId\":\"ok\",\"wrapUpReason\":\"x\"}");
    expect_error(http, r, 409, "outbound.error.wrapup.state", 1);
    task_op_ok("a1", id, "wrapup", "{\"auxCodeId\":\"sale\",\"wrapUpReason\":\"Compra hecha\"}");
    const char *code, *reason;
    ck_assert_int_eq(lcc_engine_wrapup(&code, &reason, F.e, id), LCC_OK);
    ck_assert_str_eq(code, "sale");
    ck_assert_str_eq(reason, "Compra hecha");
    r = task_op(&http, "a1", id, "wrapup", "{\"auxCodeId\":\"ok\",\"wrapUpReason\":\"x\"}");
    expect_error(http, r, 409, "outbound.error.wrapup.state", 1);
    ck_assert_ptr_nonnull(strstr(r, "wrapped up already"));
}
END_TEST

START_TEST(test_OB_WRAPUP_after_transfer)
{
    on_queue("a2");
    char id[64];
    accepted_task(id, HOME, "ep-sms", "sms");
    task_op_ok("a1", id, "transfer", "{\"to\":\"q1\",\"destinationType\":\"queue\"}");
    /* The closing-reasons dialog follows the transfer. */
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, id), LCC_EPENDING);
    int http;
    const char *r =
        task_op(&http, "a2", id, "wrapup", "{\"auxCodeId\":\"ok\",\"wrapUpReason\":\"x\"}");
    expect_error(http, r, 409, "outbound.error.wrapup.state", 1);
    task_op_ok("a1", id, "wrapup", "{\"auxCodeId\":\"xfer\",\"wrapUpReason\":\"Para ventas\"}");
    const char *code;
    ck_assert_int_eq(lcc_engine_wrapup(&code, NULL, F.e, id), LCC_OK);
    ck_assert_str_eq(code, "xfer");
    /* The task goes on with a2. */
    task_op_ok("a2", id, "accept", NULL);
    r = send_text(&http, "a2", id, "Hola");
    ck_assert_int_eq(http, 200);
}
END_TEST

START_TEST(test_OB_WRAPUP_reason_required)
{
    char id[64];
    accepted_task(id, MAIL, "ep-mail", "email");
    task_op_ok("a1", id, "end", NULL);
    int http;
    const char *r = task_op(&http, "a1", id, "wrapup", "{\"auxCodeId\":\"ok\"}");
    expect_error(http, r, 400, "outbound.error.wrapup.reason", 1);
    char body[512], reason[130];
    memset(reason, 'r', 129);
    reason[129] = '\0';
    snprintf(body, sizeof body, "{\"auxCodeId\":\"ok\",\"wrapUpReason\":\"%s\"}", reason);
    r = task_op(&http, "a1", id, "wrapup", body);
    expect_error(http, r, 400, "outbound.error.wrapup.reason", 1);
    r = task_op(&http, "a1", id, "wrapup",
                "{\"auxCodeId\":\"0123456789012345678901234567890123456\",\"wrapUpReason\":\"\"}");
    expect_error(http, r, 400, "outbound.error.wrapup.code", 2);
    reason[128] = '\0';
    snprintf(body, sizeof body,
             "{\"auxCodeId\":\"012345678901234567890123456789012345\","
             "\"wrapUpReason\":\"%s\"}",
             reason);
    task_op_ok("a1", id, "wrapup", body);
}
END_TEST

/* ---- the wire: errors, auth, contact online for email ---- */

START_TEST(test_OB_webex_errors)
{
    int http;
    const char *r = call(&http, "a1", "GET", "/v1/tasks", NULL);
    expect_error(http, r, 404, "not.found", 1);
    r = call(&http, "a1", "POST", "/v1/tasks/nope/accept", NULL);
    expect_error(http, r, 404, "not.found", 1);
    r = call(&http, "a1", "POST", "/v1/tasks/x/hold", NULL);
    expect_error(http, r, 404, "not.found", 1);
    r = call(&http, "a1", "POST", "/v1/tasks", "[1]");
    expect_error(http, r, 400, "bad.request", 1);
    r = call(&http, "a1", "POST", "/v1/tasks", "{\"destination\":5}");
    expect_error(http, r, 400, "bad.request", 1);
    r = call(&http, "a1", "POST", "/v1/tasks",
             "{\"destination\":\"" HOME "\",\"entryPointId\":\"ep-sms\",\"mediaType\":\"sms\","
             "\"outboundType\":\"CALLBACK\"}");
    expect_error(http, r, 400, "bad.request", 1);
    r = call(&http, "api-client", "POST", "/v1/tasks", "{}");
    expect_error(http, r, 403, "forbidden", 1);
    char *resp;
    size_t len;
    ck_assert_int_eq(
        lcc_engine_handle(&http, &resp, &len, F.e, "POST", "/v1/tasks", "Bearer x", "{}", 2),
        LCC_OK);
    expect_error(http, resp, 401, "unauthorized", 1);
    lcc_free(resp);
    /* A messaging conversation that is not an outbound task is no task. */
    lcc_agent *ag = lcc_context_find_agent(F.f.ctx, "a1");
    ck_assert_int_eq(lcc_agent_add_permission(ag, "conversation:message:create"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(ag, "routing:queue:view"), LCC_OK);
    r = call(&http, "a1", "POST", MSGS,
             "{\"queueId\":\"q1\",\"toAddress\":\"+447700900555\",\"toAddressMessengerType\":"
             "\"sms\"}");
    ck_assert_int_eq(http, 200);
    char conv[64];
    snprintf(conv, sizeof conv, "%s", str_after(r, "id"));
    r = task_op(&http, "a1", conv, "end", NULL);
    expect_error(http, r, 404, "not.found", 1);
}
END_TEST

/* lcc_engine_set_contact_online() takes an email address; email has no
 * length limit. */
START_TEST(test_OB_email_contact_offline)
{
    char id[64];
    accepted_task(id, MAIL, "ep-mail", "email");
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "ana@EXAMPLE.com", 0), LCC_OK);
    static char big[5000];
    memset(big, 'e', sizeof big - 1);
    int http;
    const char *r = send_text(&http, "a1", id, big);
    ck_assert_msg(http == 200, "%d", http);
    drain();
    advance(2000);
    char want[64];
    snprintf(want, sizeof want, "MESSAGE %d\nMESSAGE %d\n", LCC_DELIVERY_SENT,
             LCC_DELIVERY_PENDING);
    ck_assert_str_eq(drain(), want);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, MAIL, 1), LCC_OK);
    snprintf(want, sizeof want, "MESSAGE %d\n", LCC_DELIVERY_DELIVERED);
    ck_assert_str_eq(drain(), want);
    ck_assert_int_ne(lcc_engine_set_contact_online(F.e, "ana@example", 0), LCC_OK);
    (void)r;
}
END_TEST

int main(void)
{
    Suite *s = suite_create("outbound");
    TCase *dir = tcase_create("directory");
    tcase_add_test(dir, test_profile_get_set);
    tcase_add_test(dir, test_entry_points);
    suite_add_tcase(s, dir);
    TCase *tc = tcase_create("engine");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_OB_LICENSE_tenant);
    tcase_add_test(tc, test_OB_LICENSE_agent);
    tcase_add_test(tc, test_OB_PROFILE_channel);
    tcase_add_test(tc, test_OB_AUTOASSIGN_manual);
    tcase_add_test(tc, test_OB_STATE_available_and_rona_ok);
    tcase_add_test(tc, test_OB_STATE_busy_refused);
    tcase_add_test(tc, test_OB_ENTRYPOINT_none_configured);
    tcase_add_test(tc, test_OB_ENTRYPOINT_wrong_channel);
    tcase_add_test(tc, test_OB_TO_sms_e164);
    tcase_add_test(tc, test_OB_TO_email);
    tcase_add_test(tc, test_OB_UNIQUE_same_entry_point);
    tcase_add_test(tc, test_OB_CREATE_accept);
    tcase_add_test(tc, test_OB_CREATE_unaccepted);
    tcase_add_test(tc, test_OB_TRANSFER_queue);
    tcase_add_test(tc, test_OB_TRANSFER_agent_available);
    tcase_add_test(tc, test_OB_TRANSFER_agent_unavailable);
    tcase_add_test(tc, test_OB_TRANSFER_not_accepted);
    tcase_add_test(tc, test_OB_TRANSFER_buddy_list);
    tcase_add_test(tc, test_OB_WRAPUP_after_end);
    tcase_add_test(tc, test_OB_WRAPUP_after_transfer);
    tcase_add_test(tc, test_OB_WRAPUP_reason_required);
    tcase_add_test(tc, test_OB_webex_errors);
    tcase_add_test(tc, test_OB_email_contact_offline);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
