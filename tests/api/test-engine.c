/* The embedded engine through the public API: REST answers and error
 * bodies, the CB-* rules enforced server-side, routing over simulated time
 * (due callbacks, owners' windows, longest idle, alert timeouts), the
 * supervisor's view, and a client context talking to it through the
 * transport contract. */
#include "engine-rest.h"
#include "fixture.h"

#define ALERT_MS 30000

typedef struct efix {
    fixture f;
    lcc_engine *e;
    lcc_queue *q2;
    char log[8192]; /* the events so far, one "TYPE conv agent" per line */
} efix;

static efix F;

static const char *type_name(lcc_event_type t)
{
    switch (t) {
    case LCC_EVENT_ENGINE_SCHEDULED: return "SCHEDULED";
    case LCC_EVENT_ENGINE_RESCHEDULED: return "RESCHEDULED";
    case LCC_EVENT_ENGINE_CANCELLED: return "CANCELLED";
    case LCC_EVENT_ENGINE_DUE: return "DUE";
    case LCC_EVENT_ENGINE_OWNERSHIP_EXPIRED: return "EXPIRED";
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

/* Appends the pending engine events to F.log as "TYPE agent" lines
 * (STATUS lines carry the routing status); other events are dropped. */
static const char *drain(void)
{
    lcc_event *ev;
    F.log[0] = '\0';
    size_t len = 0;
    while ((ev = lcc_context_next_event(F.f.ctx))) {
        lcc_event_type t = lcc_event_get_type(ev);
        if (t >= LCC_EVENT_ENGINE_SCHEDULED) {
            const char *agent = lcc_event_agent_id(ev);
            if (t == LCC_EVENT_ENGINE_AGENT_STATUS)
                len += (size_t)snprintf(F.log + len, sizeof F.log - len, "STATUS %s %d\n", agent,
                                        lcc_event_routing_status(ev));
            else
                len += (size_t)snprintf(F.log + len, sizeof F.log - len, "%s%s%s%s\n",
                                        type_name(t), agent ? " " : "", agent ? agent : "",
                                        t == LCC_EVENT_ENGINE_DECLINED &&
                                                lcc_event_status(ev) == LCC_ETIMEDOUT
                                            ? " timeout"
                                            : "");
        }
        lcc_event_free(ev);
    }
    return F.log;
}

static void advance(int64_t ms)
{
    F.f.now += ms;
    ck_assert_int_eq(lcc_context_run_due(F.f.ctx), LCC_OK);
}

static void setup(void)
{
    fixture_setup(&F.f);
    lcc_context *ctx = F.f.ctx;
    lcc_agent *a2, *sup;
    ck_assert_int_eq(lcc_agent_new(&a2, ctx, "a2", "Bo"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(a2, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&sup, ctx, "sup", "Sam"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_role(sup, LCC_ROLE_SUPERVISOR), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(F.f.queue, "a2"), LCC_OK);
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.f.queue, 1, 72, 2), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&F.q2, ctx, "q2", "Sales"), LCC_OK);
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    p.alert_timeout_ms = ALERT_MS;
    ck_assert_int_eq(lcc_engine_new(&F.e, ctx, &p), LCC_OK);
}

static void teardown(void)
{
    fixture_teardown(&F.f);
}

/* ---- REST helpers ---- */

static const char *call(int *http, const char *who, const char *method, const char *path,
                        const char *body)
{
    return engine_call(http, F.e, who, method, path, body);
}

/* A create body: scheduled `ahead` ms from now (0: immediate), queue q,
 * optional owner, optional origin conversation. */
static const char *create_body(int64_t ahead, const char *q, const char *owner, const char *origin)
{
    static char b[1024];
    char when[LCC_TIME_BUFSIZE] = "";
    if (ahead)
        lcc_time_format(when, sizeof when, F.f.now + ahead);
    char routing[256];
    if (owner)
        snprintf(routing, sizeof routing,
                 "\"routingData\":{\"queueId\":\"%s\",\"scoredAgents\":[{\"agent\":{\"id\":\"%s\"},"
                 "\"score\":100}],\"routingFlags\":[\"AGENT_OWNED_CALLBACK\"]}",
                 q, owner);
    else
        snprintf(routing, sizeof routing, "\"queueId\":\"%s\"", q);
    char data[128] = "";
    if (origin)
        snprintf(data, sizeof data, ",\"data\":{\"originatingConversationId\":\"%s\"}", origin);
    snprintf(b, sizeof b, "{\"callbackNumbers\":[\"+33142685300\"],%s%s%s%s%s}", routing,
             ahead ? ",\"callbackScheduledTime\":\"" : "", when, ahead ? "\"" : "", data);
    return b;
}

/* The conversation id of a CreateCallbackResponse. */
static const char *created_id(const char *resp)
{
    static char id[64];
    const char *p = strstr(resp, "\"conversation\":{\"id\":\"");
    ck_assert_msg(p != NULL, "no conversation id in %s", resp);
    p += strlen("\"conversation\":{\"id\":\"");
    snprintf(id, sizeof id, "%.*s", (int)strcspn(p, "\""), p);
    return id;
}

static void available(const char *agent)
{
    ck_assert_int_eq(lcc_engine_set_presence(F.e, agent, LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, agent, LCC_ROUTING_IDLE), LCC_OK);
}

/* ---- REST surface ---- */

START_TEST(test_token_and_auth)
{
    int http;
    const char *r = NULL;
    char *resp = NULL;
    size_t len;
    ck_assert_int_eq(lcc_engine_handle(&http, &resp, &len, F.e, "GET",
                                       "/api/v2/conversations/callbacks/x", NULL, NULL, 0),
                     LCC_OK);
    ck_assert_int_eq(http, 401);
    ck_assert_ptr_nonnull(strstr(resp, "\"code\":\"bad.credentials\""));
    lcc_free(resp);
    ck_assert_int_eq(lcc_engine_handle(&http, &resp, &len, F.e, "GET",
                                       "/api/v2/conversations/callbacks/x", "Bearer nope", NULL, 0),
                     LCC_OK);
    ck_assert_int_eq(http, 401);
    lcc_free(resp);
    ck_assert_int_eq(lcc_engine_handle(&http, &resp, &len, F.e, "POST", "/oauth/token",
                                       "Basic !!!", NULL, 0),
                     LCC_OK);
    ck_assert_int_eq(http, 401);
    lcc_free(resp);
    r = call(&http, "a1", "GET", "/api/v2/conversations/callbacks/nope", NULL);
    ck_assert_int_eq(http, 404);
    ck_assert_ptr_nonnull(strstr(r, "\"code\":\"not.found\""));
    ck_assert_ptr_nonnull(strstr(r, "\"contextId\":"));
    r = call(&http, "a1", "DELETE", "/api/v2/users/me", NULL);
    ck_assert_int_eq(http, 404);
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks", "{not json");
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "\"code\":\"bad.request\""));
    /* well-formed for cJSON but not RFC 8259 (raw tab in a string, 01): 400 too */
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             "{\"callbackNumbers\":[\"+33142685300\"],\"queueId\":\"q\t1\"}");
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "\"code\":\"bad.request\""));
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             "{\"callbackNumbers\":[\"+33142685300\"],\"queueId\":\"q1\",\"x\":01}");
    ck_assert_int_eq(http, 400);
    ck_assert_str_eq(drain(), "");
}
END_TEST

START_TEST(test_create_fetch_shapes)
{
    int http;
    const char *r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks?x=1",
                         create_body(HOUR_MS, "q1", NULL, NULL));
    ck_assert_int_eq(http, 200);
    ck_assert_ptr_nonnull(strstr(r, "\"callbackIdentifiers\":[{\"type\":\"EXTERNAL\""));
    char id[64], path[128];
    snprintf(id, sizeof id, "%s", created_id(r));
    ck_assert_uint_eq(strlen(id), 36);
    snprintf(path, sizeof path, "/api/v2/conversations/callbacks/%s", id);
    r = call(&http, "a1", "GET", path, NULL);
    ck_assert_int_eq(http, 200);
    ck_assert_ptr_nonnull(strstr(r, "\"callbackNumbers\":[\"+33142685300\"]"));
    ck_assert_ptr_nonnull(strstr(r, "\"callbackScheduledTime\":\"2026-11-21T11:00:00.000Z\""));
    ck_assert_ptr_nonnull(strstr(r, "\"queue\":{\"id\":\"q1\"}"));
    ck_assert_ptr_nonnull(strstr(r, "\"state\":\"scheduled\""));
    ck_assert_str_eq(drain(), "SCHEDULED a1\n");
}
END_TEST

/* Each CB-* rule refused by the engine for a client that skipped
 * validation: status, code, and every problem in `errors`. */
START_TEST(test_rules_server_side)
{
    int http;
    const char *r;
    /* CB-HORIZON: 30 days is allowed, 30 days and a minute is not. */
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(30 * DAY_MS, "q1", NULL, NULL));
    ck_assert_int_eq(http, 200);
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(30 * DAY_MS + 60000, "q1", NULL, NULL));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "\"code\":\"callback.error.scheduled.time.too.far.in.future\""));
    /* CB-PAST. */
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(-60000, "q1", NULL, NULL));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.scheduled.time.in.past"));
    /* CB-OWN-HORIZON: the queue allows 72 hours; CB-OWN: q2 has no owned callbacks. */
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(73 * HOUR_MS, "q1", "a1", NULL));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.owned.time.too.far.in.future"));
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(HOUR_MS, "q2", "a1", NULL));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.owned.not.allowed"));
    /* CB-OWN: only members own. */
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.q2, 1, 72, 2), LCC_OK);
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(HOUR_MS, "q2", "a1", NULL));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "Only members"));
    /* CB-QUEUE: an unknown queue; another queue than the interaction's. */
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(HOUR_MS, "nope", NULL, NULL));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.missing.queue.id"));
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(HOUR_MS, "q2", NULL, "c1"));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.queue.choice.not.allowed"));
    /* CB-PERM: sup has no conversation:callback:create; 403. */
    r = call(&http, "sup", "POST", "/api/v2/conversations/callbacks",
             create_body(HOUR_MS, "q1", NULL, NULL));
    ck_assert_int_eq(http, 403);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.missing.permission"));
    /* Several problems at once: all of them in `errors`. */
    r = call(&http, "sup", "POST", "/api/v2/conversations/callbacks",
             create_body(40 * DAY_MS, "q1", NULL, NULL));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "\"errors\":[{"));
    ck_assert_ptr_nonnull(strstr(r, "callback.error.missing.permission\",\"status\":403"));
    ck_assert_ptr_nonnull(strstr(r, "too.far.in.future\",\"status\":400"));
    /* Only the two accepted callbacks were scheduled. */
    ck_assert_str_eq(drain(), "SCHEDULED a1\n");
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), 1);
    lcc_callback_list_free(l);
}
END_TEST

/* CB-SINGLE and CB-ELIGIBLE with the originating conversation; a second
 * callback for it is refused, even after the first was cancelled, and a
 * draft on the engine's context sees it too. */
START_TEST(test_single_per_interaction)
{
    int http;
    const char *r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
                         create_body(HOUR_MS, "q1", NULL, "c1"));
    ck_assert_int_eq(http, 200);
    char path[128];
    snprintf(path, sizeof path, "/api/v2/conversations/callbacks/%s", created_id(r));
    r = call(&http, "a2", "POST", "/api/v2/conversations/callbacks",
             create_body(2 * HOUR_MS, "q1", NULL, "c1"));
    ck_assert_int_eq(http, 409);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.already.scheduled"));
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, NULL), LCC_OK);
    ck_assert_str_eq(lcc_callback_list_origin(l, 0), "c1");
    lcc_callback_list_free(l);
    /* A draft on the engine's own context knows the engine's callback. */
    lcc_callback_draft *d;
    lcc_report *rep = NULL;
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.f.ctx, F.f.conv, F.f.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_validate(&rep, d), LCC_EVALIDATION);
    ck_assert_int_ge(lcc_report_find(rep, "CB-SINGLE"), 0);
    lcc_report_free(rep);
    lcc_callback_draft_free(d);
    r = call(&http, "a1", "PATCH", path, "{\"state\":\"disconnected\"}");
    ck_assert_int_eq(http, 200);
    ck_assert_ptr_nonnull(strstr(r, "\"state\":\"disconnected\""));
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(HOUR_MS, "q1", NULL, "c1"));
    ck_assert_int_eq(http, 409);
    /* An email is not eligible. */
    lcc_conversation *mail;
    ck_assert_int_eq(lcc_conversation_new(&mail, F.f.ctx, "m1", LCC_MEDIA_EMAIL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(mail, "q1"), LCC_OK);
    r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
             create_body(HOUR_MS, "q1", NULL, "m1"));
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.conversation.not.eligible"));
}
END_TEST

/* ---- routing over time ---- */

START_TEST(test_due_queue_longest_idle)
{
    int http;
    const char *r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
                         create_body(HOUR_MS, "q1", NULL, NULL));
    char id[64];
    snprintf(id, sizeof id, "%s", created_id(r));
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.f.ctx), T0_MS + HOUR_MS);
    /* a2 has been available longer than a1. */
    available("a2");
    advance(60000);
    available("a1");
    drain();
    advance(HOUR_MS - 60000 - 1);
    ck_assert_str_eq(drain(), "");
    advance(1);
    ck_assert_str_eq(drain(), "DUE\nQUEUED\nOFFERED a2\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", id, 1), LCC_ESTATE);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", id, 1), LCC_OK);
    ck_assert_str_eq(drain(), "ACCEPTED a2\nDIALING a2\nSTATUS a2 2\n");
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    ck_assert_str_eq(drain(), "ENDED a2\nSTATUS a2 1\n");
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, NULL), LCC_OK);
    ck_assert_int_eq(lcc_callback_list_state(l, 0), LCC_ENGINE_ENDED);
    lcc_callback_list_free(l);
}
END_TEST

START_TEST(test_waits_in_queue_until_agent)
{
    int http;
    call(&http, "a1", "POST", "/api/v2/conversations/callbacks", create_body(0, "q1", NULL, NULL));
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.f.ctx), T0_MS);
    advance(0);
    ck_assert_str_eq(drain(), "SCHEDULED a1\nDUE\nQUEUED\n");
    advance(DAY_MS);
    ck_assert_str_eq(drain(), "");
    /* Presence alone is not enough: the agent must be on queue. */
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a1 0\n");
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a1 1\nOFFERED a1\n");
}
END_TEST

START_TEST(test_alert_timeout_not_responding)
{
    const char *id;
    available("a1");
    ck_assert_int_eq(lcc_engine_add_call(&id, F.e, "q1", "+33 6 12 34 56 78"), LCC_OK);
    ck_assert_ptr_nonnull(lcc_context_find_conversation(F.f.ctx, id));
    drain();
    available("a2");
    ck_assert_str_eq(drain(), "STATUS a2 0\nSTATUS a2 1\n");
    advance(ALERT_MS - 1);
    ck_assert_str_eq(drain(), "");
    advance(1);
    ck_assert_str_eq(drain(), "DECLINED a1 timeout\nSTATUS a1 3\nQUEUED\nOFFERED a2\n");
    lcc_routing_status rs;
    ck_assert_int_eq(lcc_engine_agent_status(F.e, "a1", NULL, &rs), LCC_OK);
    ck_assert_int_eq(rs, LCC_ROUTING_NOT_RESPONDING);
    /* a2 declines: back to the queue, nobody left. */
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", id, 0), LCC_OK);
    ck_assert_str_eq(drain(), "DECLINED a2\nSTATUS a2 3\nQUEUED\n");
    /* a1 back on queue gets it; accepting sets the conversation's agent. */
    available("a1");
    ck_assert_str_eq(drain(), "STATUS a1 1\nOFFERED a1\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", id, 1), LCC_OK);
    ck_assert_str_eq(lcc_conversation_agent_id(lcc_context_find_conversation(F.f.ctx, id)), "a1");
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_OFF_QUEUE), LCC_ESTATE);
}
END_TEST

/* CB-OWN-WINDOW: the owner is away at the due time; after the window
 * (2 h on q1) the callback goes to the next available agent. */
START_TEST(test_owner_window_expires)
{
    int http;
    call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
         create_body(DAY_MS, "q1", "a1", NULL));
    available("a2");
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_AWAY), LCC_OK);
    drain();
    advance(DAY_MS);
    ck_assert_str_eq(drain(), "DUE\n");
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.f.ctx), T0_MS + DAY_MS + 2 * HOUR_MS);
    advance(2 * HOUR_MS - 1);
    ck_assert_str_eq(drain(), "");
    advance(1);
    ck_assert_str_eq(drain(), "EXPIRED a1\nQUEUED\nOFFERED a2\n");
}
END_TEST

START_TEST(test_owner_returns_in_window)
{
    int http;
    const char *r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
                         create_body(HOUR_MS, "q1", "a1", NULL));
    char id[64];
    snprintf(id, sizeof id, "%s", created_id(r));
    available("a2");
    drain();
    advance(HOUR_MS);
    ck_assert_str_eq(drain(), "DUE\n");
    advance(HOUR_MS);
    available("a1");
    ck_assert_str_eq(drain(), "STATUS a1 0\nSTATUS a1 1\nOFFERED a1\n");
    /* No answer: a1 is not responding and the callback waits for them again
     * for the rest of the window, then goes to a2. */
    advance(ALERT_MS);
    ck_assert_str_eq(drain(), "DECLINED a1 timeout\nSTATUS a1 3\n");
    advance(HOUR_MS - ALERT_MS);
    ck_assert_str_eq(drain(), "EXPIRED a1\nQUEUED\nOFFERED a2\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", id, 1), LCC_OK);
}
END_TEST

/* CB-ROUTE-ME: the preferred agent gets it first when available. */
START_TEST(test_route_to_me)
{
    int http;
    char body[512], when[LCC_TIME_BUFSIZE];
    lcc_time_format(when, sizeof when, F.f.now + HOUR_MS);
    snprintf(body, sizeof body,
             "{\"callbackNumbers\":[\"+33142685300\"],\"routingData\":{\"queueId\":\"q1\","
             "\"preferredAgentIds\":[\"a1\"]},\"callbackScheduledTime\":\"%s\"}",
             when);
    call(&http, "a1", "POST", "/api/v2/conversations/callbacks", body);
    ck_assert_int_eq(http, 200);
    available("a2");
    advance(1000);
    available("a1"); /* idle for less time than a2 */
    drain();
    advance(HOUR_MS);
    ck_assert_str_eq(drain(), "DUE\nOFFERED a1\n");
}
END_TEST

/* ---- supervisor view ---- */

START_TEST(test_list_filter_paging)
{
    int http;
    char ids[5][64];
    for (int i = 0; i < 5; i++) {
        const char *who = i % 2 ? "a2" : "a1";
        const char *r = call(&http, who, "POST", "/api/v2/conversations/callbacks",
                             create_body((5 - i) * HOUR_MS, "q1", NULL, NULL));
        ck_assert_int_eq(http, 200);
        snprintf(ids[i], sizeof ids[i], "%s", created_id(r));
    }
    lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
    f.limit = 2;
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, &f), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), 5);
    ck_assert_uint_eq(lcc_callback_list_count(l), 2);
    /* Ordered by time: the last created is the earliest. */
    ck_assert_str_eq(lcc_callback_list_id(l, 0), ids[4]);
    ck_assert_int_eq(lcc_callback_list_scheduled_ms(l, 0), T0_MS + HOUR_MS);
    ck_assert_str_eq(lcc_callback_list_number(l, 0), "+33142685300");
    ck_assert_str_eq(lcc_callback_list_queue_id(l, 0), "q1");
    ck_assert_str_eq(lcc_callback_list_agent_id(l, 0), "a1");
    ck_assert_ptr_null(lcc_callback_list_owner_id(l, 0));
    ck_assert_ptr_null(lcc_callback_list_origin(l, 0)); /* scheduled without one */
    ck_assert_ptr_null(lcc_callback_list_id(l, 2));
    ck_assert_ptr_null(lcc_callback_list_origin(l, 2));
    lcc_callback_list_free(l);
    f.offset = 4;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, &f), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_count(l), 1);
    ck_assert_str_eq(lcc_callback_list_id(l, 0), ids[0]);
    lcc_callback_list_free(l);
    f = (lcc_engine_filter)LCC_ENGINE_FILTER_INIT;
    f.agent_id = "a2";
    f.from_ms = T0_MS + 2 * HOUR_MS;
    f.to_ms = T0_MS + 4 * HOUR_MS + 1;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, &f), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), 2); /* ids[1] (4 h) and ids[3] (2 h) */
    lcc_callback_list_free(l);
    f = (lcc_engine_filter)LCC_ENGINE_FILTER_INIT;
    f.queue_id = "q2";
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, &f), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), 0);
    lcc_callback_list_free(l);
    f.limit = 1001;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, &f), LCC_ERANGE);
}
END_TEST

START_TEST(test_supervisor_cancel_reschedule)
{
    int http;
    const char *r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
                         create_body(HOUR_MS, "q1", NULL, NULL));
    char id[64];
    snprintf(id, sizeof id, "%s", created_id(r));
    drain();
    lcc_report *rep = NULL;
    /* CB-CANCEL: a2 neither scheduled nor owns it. */
    ck_assert_int_eq(lcc_engine_cancel_callback(&rep, F.e, "a2", id), LCC_EVALIDATION);
    ck_assert(report_has(rep, "CB-CANCEL", LCC_SEVERITY_ERROR));
    lcc_report_free(rep);
    /* CB-RESCHEDULE obeys CB-HORIZON; then a good move. */
    ck_assert_int_eq(lcc_engine_reschedule_callback(&rep, F.e, "sup", id, F.f.now + 31 * DAY_MS),
                     LCC_EVALIDATION);
    ck_assert(report_has(rep, "CB-HORIZON", LCC_SEVERITY_ERROR));
    lcc_report_free(rep);
    ck_assert_int_eq(lcc_engine_reschedule_callback(NULL, F.e, "sup", id, F.f.now + 3 * HOUR_MS),
                     LCC_OK);
    ck_assert_str_eq(drain(), "RESCHEDULED sup\n");
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.f.ctx), T0_MS + 3 * HOUR_MS);
    ck_assert_int_eq(lcc_engine_cancel_callback(&rep, F.e, "sup", id), LCC_OK);
    lcc_report_free(rep);
    ck_assert_str_eq(drain(), "CANCELLED sup\n");
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.f.ctx), -1);
    ck_assert_int_eq(lcc_engine_cancel_callback(&rep, F.e, "sup", id), LCC_EVALIDATION);
    ck_assert(report_has(rep, "CB-CANCEL", LCC_SEVERITY_ERROR));
    lcc_report_free(rep);
    ck_assert_int_eq(lcc_engine_cancel_callback(NULL, F.e, "sup", "nope"), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_cancel_callback(NULL, F.e, "nobody", id), LCC_ENOTFOUND);
}
END_TEST

START_TEST(test_bulk_all_or_nothing)
{
    int http;
    char a[64], b[64], body[512];
    snprintf(a, sizeof a, "%s",
             created_id(call(&http, "a1", "POST", "/api/v2/conversations/callbacks",
                             create_body(HOUR_MS, "q1", NULL, NULL))));
    snprintf(b, sizeof b, "%s",
             created_id(call(&http, "a2", "POST", "/api/v2/conversations/callbacks",
                             create_body(HOUR_MS, "q1", NULL, NULL))));
    drain();
    snprintf(body, sizeof body,
             "{\"callbackDisconnectIdentifiers\":[{\"conversationId\":\"%s\",\"callbackId\":\"%s\"},"
             "{\"conversationId\":\"%s\",\"callbackId\":\"%s\"}]}",
             a, a, b, b);
    const char *r = call(&http, "a1", "POST", "/api/v2/conversations/callbacks/bulk/disconnect", body);
    ck_assert_int_eq(http, 403);
    ck_assert_ptr_nonnull(strstr(r, "callback.error.cancel.not.permitted"));
    ck_assert_str_eq(drain(), "");
    call(&http, "sup", "POST", "/api/v2/conversations/callbacks/bulk/disconnect", body);
    ck_assert_int_eq(http, 202);
    ck_assert_str_eq(drain(), "CANCELLED sup\nCANCELLED sup\n");
}
END_TEST

/* ---- a client context through the transport contract ---- */

START_TEST(test_client_schedules_reschedules_cancels)
{
    lcc_context *ctx = F.f.ctx;
    ck_assert_int_eq(lcc_engine_connect(F.e, ctx, "a1"), LCC_OK);
    lcc_callback_draft *d;
    ck_assert_int_eq(lcc_callback_draft_new(&d, ctx, F.f.conv, F.f.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_take_ownership(d, 1), LCC_OK);
    lcc_callback *cb;
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 1000), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
    const char *remote = lcc_callback_remote_id(cb);
    ck_assert_ptr_nonnull(remote);
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, F.e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_count(l), 1);
    ck_assert_str_eq(lcc_callback_list_id(l, 0), remote);
    ck_assert_str_eq(lcc_callback_list_owner_id(l, 0), "a1");
    ck_assert_int_eq(lcc_callback_list_scheduled_ms(l, 0), lcc_callback_scheduled_ms(cb));
    lcc_callback_list_free(l);

    ck_assert_int_eq(lcc_callback_reschedule_remote(&op, NULL, cb, F.f.agent, T0_MS + 2 * HOUR_MS),
                     LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 1000), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_context_next_deadline_ms(ctx), T0_MS + 2 * HOUR_MS);

    ck_assert_int_eq(lcc_callback_cancel_remote(&op, NULL, cb, F.f.agent), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(ctx, op, 1000), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    const char *log = drain();
    ck_assert_msg(strstr(log, "SCHEDULED a1\n") && strstr(log, "RESCHEDULED a1\n") &&
                      strstr(log, "CANCELLED a1\n"),
                  "%s", log);
}
END_TEST

/* Two agents' clients, each its own context, ask for a callback for the same
 * interaction with both requests in flight: exactly one is created. */
START_TEST(test_single_concurrent_clients)
{
    lcc_context *c2 = NULL;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = fixture_clock;
    p.clock_user_data = &F.f;
    ck_assert_int_eq(lcc_context_new(&c2, &p), LCC_OK);
    lcc_agent *b;
    lcc_queue *q;
    lcc_conversation *conv;
    ck_assert_int_eq(lcc_agent_new(&b, c2, "a2", "Bo"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(b, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&q, c2, "q1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q, "a2"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_new(&conv, c2, "c1", LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(conv, "+33 1 42 68 53 00"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(conv, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_acd(conv, 1), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_acd(F.f.conv, 1), LCC_OK);
    ck_assert_int_eq(lcc_engine_connect(F.e, F.f.ctx, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_engine_connect(F.e, c2, "a2"), LCC_OK);

    lcc_callback_draft *d1, *d2;
    lcc_callback *cb1, *cb2;
    lcc_op *op1, *op2;
    ck_assert_int_eq(lcc_callback_draft_new(&d1, F.f.ctx, F.f.conv, F.f.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_new(&d2, c2, conv, b), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb1, NULL, d1), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb2, NULL, d2), LCC_OK);
    ck_assert_int_eq(lcc_callback_submit(&op1, cb1, 0), LCC_OK);
    ck_assert_int_eq(lcc_callback_submit(&op2, cb2, 0), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(c2, op2, 1000), LCC_EVALIDATION);
    ck_assert_int_eq(lcc_context_wait(F.f.ctx, op1, 1000), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op1), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op2), LCC_EVALIDATION);
    ck_assert(report_has(lcc_op_report(op2), "CB-SINGLE", LCC_SEVERITY_ERROR));
    ck_assert_int_eq(lcc_callback_get_state(cb2), LCC_CALLBACK_REJECTED);
    lcc_op_free(op1);
    lcc_op_free(op2);
    /* The engine going away first: the other client's requests then fail. */
    lcc_engine_free(F.e);
    ck_assert_ptr_null(lcc_context_engine(F.f.ctx));
    ck_assert_int_eq(lcc_callback_fetch(&op1, cb1), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(F.f.ctx, op1, 1000), LCC_ECANCELED);
    ck_assert_int_eq(lcc_op_status(op1), LCC_ECANCELED);
    lcc_op_free(op1);
    lcc_context_free(c2);
}
END_TEST

START_TEST(test_misuse)
{
    lcc_engine *e2;
    ck_assert_int_eq(lcc_engine_new(&e2, F.f.ctx, NULL), LCC_EEXISTS);
    ck_assert_ptr_eq(lcc_context_engine(F.f.ctx), F.e);
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    p.size = 4;
    ck_assert_int_eq(lcc_engine_new(&e2, F.f.ctx, &p), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_set_presence(NULL, "a1", LCC_PRESENCE_AVAILABLE), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "zz", LCC_PRESENCE_AVAILABLE), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", (lcc_presence)9), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_INTERACTING), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_call(NULL, F.e, "nope", "+331"), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", "nope", 1), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_end(F.e, "nope"), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_connect(F.e, F.f.ctx, "zz"), LCC_ENOTFOUND);
    lcc_engine_free(NULL);
    lcc_callback_list_free(NULL);
    lcc_free(NULL);
    ck_assert_uint_eq(lcc_callback_list_count(NULL), 0);
    ck_assert_ptr_null(lcc_event_agent_id(NULL));
    ck_assert_int_eq(lcc_event_presence(NULL), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("engine");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_token_and_auth);
    tcase_add_test(tc, test_create_fetch_shapes);
    tcase_add_test(tc, test_rules_server_side);
    tcase_add_test(tc, test_single_per_interaction);
    tcase_add_test(tc, test_due_queue_longest_idle);
    tcase_add_test(tc, test_waits_in_queue_until_agent);
    tcase_add_test(tc, test_alert_timeout_not_responding);
    tcase_add_test(tc, test_owner_window_expires);
    tcase_add_test(tc, test_owner_returns_in_window);
    tcase_add_test(tc, test_route_to_me);
    tcase_add_test(tc, test_list_filter_paging);
    tcase_add_test(tc, test_supervisor_cancel_reschedule);
    tcase_add_test(tc, test_bulk_all_or_nothing);
    tcase_add_test(tc, test_single_concurrent_clients);
    tcase_add_test(tc, test_client_schedules_reschedules_cancels);
    tcase_add_test(tc, test_misuse);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
