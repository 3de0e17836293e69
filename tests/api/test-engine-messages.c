/* The embedded engine's side of "send a message on behalf of a queue"
 * through the public API: the Genesys messaging requests answered by
 * lcc_engine_handle() with agents' bearer tokens, the OBQ-* and TXT-LIMITS
 * rules enforced server-side, the threading timeline and the delivery
 * outcomes (SL-DELIVERY) on the injected clock.  Each test is named after
 * the rule it checks. */
#include "engine-rest.h"
#include "fixture.h"

#define ALERT_MS 30000
#define HOME "+447700900123" /* the customer of most tests */
#define MSGS "/api/v2/conversations/messages"

typedef struct efix {
    fixture f;
    lcc_engine *e;
    char log[16384]; /* the events so far (see drain()) */
} efix;

static efix F;

static void add_agent(const char *id, int create, int view, int member)
{
    lcc_agent *a;
    ck_assert_int_eq(lcc_agent_new(&a, F.f.ctx, id, id), LCC_OK);
    if (create)
        ck_assert_int_eq(lcc_agent_add_permission(a, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    if (view)
        ck_assert_int_eq(lcc_agent_add_permission(a, LCC_PERM_QUEUE_VIEW), LCC_OK);
    if (member)
        ck_assert_int_eq(lcc_queue_add_member(F.f.queue, id), LCC_OK);
}

/* a1 (the fixture's agent) and a2 may send on behalf of q1; "noview" lacks
 * routing:queue:view, "nocreate" conversation:message:create, "nobody"
 * both; q2 exists but nobody is a member. */
static void setup(void)
{
    fixture_setup(&F.f);
    ck_assert_int_eq(lcc_agent_add_permission(F.f.agent, "conversation:message:*"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.f.agent, LCC_PERM_QUEUE_VIEW), LCC_OK);
    add_agent("a2", 1, 1, 1);
    add_agent("noview", 1, 0, 1);
    add_agent("nocreate", 0, 1, 1);
    add_agent("nobody", 0, 0, 1);
    lcc_queue *q2;
    ck_assert_int_eq(lcc_queue_new(&q2, F.f.ctx, "q2", "Sales"), LCC_OK);
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    p.alert_timeout_ms = ALERT_MS;
    ck_assert_int_eq(lcc_engine_new(&F.e, F.f.ctx, &p), LCC_OK);
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

static const char *state_name(lcc_delivery_state s)
{
    switch (s) {
    case LCC_DELIVERY_QUEUED: return "queued";
    case LCC_DELIVERY_SENT: return "sent";
    case LCC_DELIVERY_PENDING: return "pending";
    case LCC_DELIVERY_DELIVERED: return "delivered";
    case LCC_DELIVERY_SERVER_REJECTED: return "rejected";
    case LCC_DELIVERY_NETWORK_ERROR: return "network-error";
    case LCC_DELIVERY_LIMIT_EXCEEDED: return "limit-exceeded";
    default: return "?";
    }
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

/* The engine events since the last call, one line each: "MESSAGE <state>
 * <sender>", "STATUS <agent> <routing>", else "<TYPE>[ <agent>]". */
static const char *drain(void)
{
    lcc_event *ev;
    size_t len = 0;
    F.log[0] = '\0';
    while ((ev = lcc_context_next_event(F.f.ctx))) {
        lcc_event_type t = lcc_event_get_type(ev);
        const char *agent = lcc_event_agent_id(ev);
        if (t == LCC_EVENT_ENGINE_MESSAGE)
            len += (size_t)snprintf(F.log + len, sizeof F.log - len, "MESSAGE %s %s\n",
                                    state_name(lcc_event_delivery_state(ev)), agent);
        else if (t == LCC_EVENT_ENGINE_AGENT_STATUS)
            len += (size_t)snprintf(F.log + len, sizeof F.log - len, "STATUS %s %d\n", agent,
                                    lcc_event_routing_status(ev));
        else if (t >= LCC_EVENT_ENGINE_SCHEDULED)
            len += (size_t)snprintf(F.log + len, sizeof F.log - len, "%s%s%s\n", type_name(t),
                                    agent ? " " : "", agent ? agent : "");
        lcc_event_free(ev);
    }
    return F.log;
}

/* ---- REST helpers (engine-rest.h) ---- */

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

/* POST /api/v2/conversations/messages as `who`. */
static const char *start(int *http, const char *who, const char *queue, const char *to,
                         const char *type, int use_existing)
{
    char body[512], q[64] = "", t[128] = "", m[64] = "";
    if (queue)
        snprintf(q, sizeof q, "\"queueId\":\"%s\",", queue);
    if (to)
        snprintf(t, sizeof t, "\"toAddress\":\"%s\",", to);
    if (type)
        snprintf(m, sizeof m, "\"toAddressMessengerType\":\"%s\",", type);
    snprintf(body, sizeof body, "{%s%s%s\"useExistingConversation\":%s}", q, t, m,
             use_existing ? "true" : "false");
    return call(http, who, "POST", MSGS, body);
}

/* Starts a conversation that must succeed; its id into id. */
static void start_ok(char id[64], const char *who, const char *to, const char *type)
{
    int http;
    const char *r = start(&http, who, "q1", to, type, 0);
    ck_assert_msg(http == 200, "%d %s", http, r);
    snprintf(id, 64, "%s", str_after(r, "id"));
    char self[128];
    snprintf(self, sizeof self, MSGS "/%s", id);
    ck_assert_str_eq(str_after(r, "selfUri"), self);
}

/* GET of a conversation (must exist). */
static const char *conversation(const char *id)
{
    int http;
    char path[128];
    snprintf(path, sizeof path, MSGS "/%s", id);
    const char *r = call(&http, "a1", "GET", path, NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    return r;
}

/* The agent's communication id of a conversation (messages[0].id). */
static const char *communication(const char *id)
{
    const char *r = conversation(id);
    const char *m = strstr(r, "\"messages\":[{\"id\":\"");
    ck_assert_msg(m != NULL, "no communication in %s", r);
    return str_after(m, "id");
}

/* POST of an AdditionalMessage as `who` on the conversation's current
 * communication (or `comm`). */
static const char *send_on(int *http, const char *who, const char *id, const char *comm,
                           const char *text)
{
    char path[256], comm_id[64];
    snprintf(comm_id, sizeof comm_id, "%s", comm ? comm : communication(id));
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/messages", id, comm_id);
    static char body[8192];
    if (text)
        snprintf(body, sizeof body, "{\"textBody\":\"%s\"}", text);
    else
        snprintf(body, sizeof body, "{}");
    return call(http, who, "POST", path, body);
}

/* Sends text that must be accepted; the message id into mid. */
static void send_ok(char mid[64], const char *who, const char *id, const char *text)
{
    int http;
    const char *r = send_on(&http, who, id, NULL, text);
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "status"), "queued");
    ck_assert_str_eq(str_after(r, "conversationId"), id);
    ck_assert_str_eq(str_after(r, "direction"), "outbound");
    snprintf(mid, 64, "%s", str_after(r, "id"));
}

/* GET of a message (must exist). */
static const char *message(const char *id, const char *mid)
{
    int http;
    char path[256];
    snprintf(path, sizeof path, MSGS "/%s/messages/%s", id, mid);
    const char *r = call(&http, "a1", "GET", path, NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    return r;
}

static void expect_error(const char *r, int http, int want_http, const char *code)
{
    ck_assert_msg(http == want_http, "HTTP %d, not %d: %s", http, want_http, r);
    ck_assert_str_eq(str_after(r, "code"), code);
    ck_assert_ptr_nonnull(strstr(r, "\"contextId\":"));
}

static lcc_engine_counts counts(const char *queue)
{
    lcc_engine_counts c = LCC_ENGINE_COUNTS_INIT;
    ck_assert_int_eq(lcc_engine_queue_counts(F.e, queue, &c), LCC_OK);
    return c;
}

/* ---- OBQ-PERM ---- */

START_TEST(test_OBQ_PERM)
{
    int http;
    const char *r = start(&http, "noview", "q1", HOME, "sms", 0);
    expect_error(r, http, 403, "messaging.error.missing.permission");
    ck_assert_ptr_nonnull(strstr(r, "routing:queue:view"));
    ck_assert_ptr_null(strstr(r, "conversation:message:create"));
    r = start(&http, "nocreate", "q1", HOME, "sms", 0);
    expect_error(r, http, 403, "messaging.error.missing.permission");
    ck_assert_ptr_nonnull(strstr(r, "conversation:message:create"));
    r = start(&http, "nobody", "q1", HOME, "sms", 0);
    expect_error(r, http, 403, "messaging.error.missing.permission");
    ck_assert_ptr_nonnull(strstr(r, "conversation:message:create and routing:queue:view"));
    /* An API client has no agent to send as. */
    r = start(&http, "crm-integration", "q1", HOME, "sms", 0);
    expect_error(r, http, 403, "messaging.error.missing.permission");
    /* Permission and another problem: every problem listed, 400 overall. */
    r = start(&http, "noview", "q1", "07700 900123", "sms", 0);
    ck_assert_int_eq(http, 400);
    ck_assert_ptr_nonnull(strstr(r, "messaging.error.missing.permission\",\"status\":403"));
    ck_assert_ptr_nonnull(strstr(r, "messaging.error.invalid.recipient\",\"status\":400"));
    /* Nothing was started; a1 (with a wildcard) may. */
    ck_assert_uint_eq(counts("q1").outbound_conversations, 0);
    char id[64];
    start_ok(id, "a1", HOME, "sms");
    ck_assert_uint_eq(counts("q1").outbound_conversations, 1);
    /* Losing the permission also stops the messages in the conversation. */
    ck_assert_int_eq(lcc_agent_remove_permission(F.f.agent, "conversation:message:*"), LCC_OK);
    r = send_on(&http, "a1", id, NULL, "hello");
    expect_error(r, http, 403, "messaging.error.missing.permission");
}
END_TEST

/* ---- OBQ-MEMBER ---- */

START_TEST(test_OBQ_MEMBER)
{
    int http;
    const char *r = start(&http, "a1", "q2", HOME, "sms", 0);
    expect_error(r, http, 400, "messaging.error.not.queue.member");
    r = start(&http, "a1", "nope", HOME, "sms", 0);
    expect_error(r, http, 400, "messaging.error.queue.not.found");
    ck_assert_ptr_nonnull(strstr(r, "nope"));
    r = start(&http, "a1", NULL, HOME, "sms", 0);
    expect_error(r, http, 400, "messaging.error.queue.not.found");
    ck_assert_uint_eq(counts("q2").outbound_conversations, 0);
    /* Made a member: allowed. */
    ck_assert_int_eq(lcc_queue_add_member(lcc_context_find_queue(F.f.ctx, "q2"), "a1"), LCC_OK);
    r = start(&http, "a1", "q2", HOME, "sms", 0);
    ck_assert_int_eq(http, 200);
    ck_assert_uint_eq(counts("q2").outbound_conversations, 1);
    ck_assert_uint_eq(counts("q1").outbound_conversations, 0);
}
END_TEST

/* ---- OBQ-CHANNELS ---- */

START_TEST(test_OBQ_CHANNELS)
{
    int http;
    const char *r = start(&http, "a1", "q1", "customer-42", "open", 0);
    expect_error(r, http, 400, "messaging.error.channel.not.supported");
    ck_assert_ptr_nonnull(strstr(r, "open messaging"));
    r = start(&http, "a1", "q1", HOME, "carrier-pigeon", 0);
    expect_error(r, http, 400, "messaging.error.channel.not.supported");
    ck_assert_ptr_nonnull(strstr(r, "carrier-pigeon"));
    r = start(&http, "a1", "q1", HOME, NULL, 0);
    expect_error(r, http, 400, "messaging.error.channel.not.supported");
    char sms[64], wa[64];
    start_ok(sms, "a1", HOME, "sms");
    ck_assert_ptr_nonnull(strstr(conversation(sms), "\"messengerType\":\"sms\""));
    start_ok(wa, "a1", "447700900123", "whatsapp");
    ck_assert_ptr_nonnull(strstr(conversation(wa), "\"messengerType\":\"whatsapp\""));
    ck_assert_str_ne(sms, wa);
}
END_TEST

/* ---- OBQ-WHATSAPP ---- */

START_TEST(test_OBQ_WHATSAPP)
{
    int http;
    const char *r = start(&http, "a1", "q1", "0044 7700 900123", "whatsapp", 0);
    expect_error(r, http, 400, "messaging.error.invalid.whatsapp.number");
    ck_assert_ptr_nonnull(strstr(r, "international dialling prefix"));
    r = start(&http, "a1", "q1", "07700 900123", "whatsapp", 0);
    expect_error(r, http, 400, "messaging.error.invalid.whatsapp.number");
    r = start(&http, "a1", "q1", "44", "whatsapp", 0);
    expect_error(r, http, 400, "messaging.error.invalid.whatsapp.number");
    char id[64];
    start_ok(id, "a1", "+447700900123", "whatsapp");
    ck_assert_str_eq(str_after(strstr(conversation(id), "\"purpose\":\"customer\""), "address"),
                     "+447700900123");
    start_ok(id, "a1", "447700900124", "whatsapp");
    ck_assert_str_eq(str_after(strstr(conversation(id), "\"purpose\":\"customer\""), "address"),
                     "+447700900124");
}
END_TEST

/* ---- OBQ-RECIPIENTS ---- */

START_TEST(test_OBQ_RECIPIENTS)
{
    int http;
    const char *r = start(&http, "a1", "q1", NULL, "sms", 0);
    expect_error(r, http, 400, "messaging.error.missing.recipient");
    r = start(&http, "a1", "q1", "", "sms", 0);
    expect_error(r, http, 400, "messaging.error.missing.recipient");
    /* Genesys needs E.164 for SMS: a national number is refused. */
    r = start(&http, "a1", "q1", "07700 900123", "sms", 0);
    expect_error(r, http, 400, "messaging.error.invalid.recipient");
    ck_assert_ptr_nonnull(strstr(r, "07700 900123"));
    r = start(&http, "a1", "q1", "+44 7700 900123 ext. 5", "sms", 0);
    expect_error(r, http, 400, "messaging.error.invalid.recipient");
    char id[64];
    start_ok(id, "a1", "+44 7700 900123", "sms");
    ck_assert_str_eq(str_after(strstr(conversation(id), "\"purpose\":\"customer\""), "address"),
                     HOME);
}
END_TEST

/* ---- OBQ-EXISTING ---- */

START_TEST(test_OBQ_EXISTING_waiting_in_queue)
{
    const char *inbound;
    ck_assert_int_eq(lcc_engine_add_message(&inbound, F.e, "q1", LCC_CHANNEL_SMS, "+44 7700 900123",
                                            "Where is my parcel?"),
                     LCC_OK);
    ck_assert_str_eq(drain(), "QUEUED\n");
    char in_id[64];
    snprintf(in_id, sizeof in_id, "%s", inbound);
    int http;
    const char *r = start(&http, "a1", "q1", HOME, "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_ptr_nonnull(strstr(r, "waiting in a queue"));
    ck_assert_ptr_null(strstr(r, in_id)); /* not handed to someone else */
    /* Asking to use the existing conversation does not take a waiting one. */
    r = start(&http, "a2", "q1", HOME, "sms", 1);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    /* Another messenger type is another conversation. */
    char wa[64];
    start_ok(wa, "a1", "447700900123", "whatsapp");
    /* Offered, then accepted: still existing (assigned). */
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a2", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a2", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a2 0\nSTATUS a2 1\nOFFERED a2\n");
    r = start(&http, "a1", "q1", HOME, "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_ptr_nonnull(strstr(r, "offered to an agent"));
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", in_id, 1), LCC_OK);
    r = start(&http, "a1", "q1", HOME, "sms", 1);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_ptr_nonnull(strstr(r, "assigned to an agent"));
    ck_assert_uint_eq(counts("q1").outbound_conversations, 1); /* the WhatsApp one */
}
END_TEST

START_TEST(test_OBQ_EXISTING_assigned)
{
    char id[64];
    start_ok(id, "a1", HOME, "sms");
    int http;
    const char *r = start(&http, "a2", "q1", "+44 (7700) 900-123", "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_ptr_nonnull(strstr(r, "assigned to an agent"));
    ck_assert_ptr_nonnull(strstr(r, "\"messageParams\":{}"));
    /* The sender too, and with useExistingConversation. */
    r = start(&http, "a1", "q1", HOME, "sms", 1);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    /* Other contacts are free. */
    char other[64];
    start_ok(other, "a2", "+447700900999", "sms");
    ck_assert_uint_eq(counts("q1").outbound_conversations, 2);
}
END_TEST

/* ---- OBQ-TAKEOVER ---- */

START_TEST(test_OBQ_TAKEOVER)
{
    char id[64], old_comm[64], mid[64];
    start_ok(id, "a1", HOME, "sms");
    snprintf(old_comm, sizeof old_comm, "%s", communication(id));
    send_ok(mid, "a1", id, "Your parcel is on its way.");
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    ck_assert_str_eq(str_after(strstr(conversation(id), "\"purpose\":\"agent\""), "state"),
                     "disconnected");
    /* Open but unassigned: a distinct refusal naming the conversation. */
    int http;
    const char *r = start(&http, "a2", "q1", HOME, "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.takeover");
    char params[128];
    snprintf(params, sizeof params, "\"messageParams\":{\"conversationId\":\"%s\"}", id);
    ck_assert_msg(strstr(r, params) != NULL, "%s", r);
    ck_assert_ptr_nonnull(strstr(str_after(r, "message"), id));
    /* Taking it over: the same conversation, now a2's, on a new communication. */
    r = start(&http, "a2", "q1", HOME, "sms", 1);
    ck_assert_int_eq(http, 200);
    ck_assert_str_eq(str_after(r, "id"), id);
    const char *view = conversation(id);
    const char *agent = strstr(view, "\"purpose\":\"agent\"");
    ck_assert_ptr_nonnull(agent);
    ck_assert_str_eq(str_after(view, "userId"), "a2");
    ck_assert_str_eq(str_after(agent, "state"), "connected");
    ck_assert_str_ne(communication(id), old_comm);
    /* Only the assigned agent sends: a1's old communication is refused. */
    r = send_on(&http, "a1", id, old_comm, "still here?");
    expect_error(r, http, 403, "messaging.error.not.assigned");
    r = send_on(&http, "a1", id, NULL, "still here?");
    expect_error(r, http, 403, "messaging.error.not.assigned");
    send_ok(mid, "a2", id, "I am taking over, hello!");
    /* Once assigned again, it is existing for everyone else. */
    r = start(&http, "a1", "q1", HOME, "sms", 1);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    lcc_engine_counts c = counts("q1");
    ck_assert_uint_eq(c.outbound_conversations, 2); /* the start and the takeover */
    ck_assert_uint_eq(c.outbound_messages, 2);
}
END_TEST

/* ---- OBQ-THREADING ---- */

START_TEST(test_OBQ_THREADING)
{
    ck_assert_int_eq(lcc_engine_set_threading_timeline(F.e, 59999), LCC_ERANGE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.f.ctx), "30 days"));
    ck_assert_int_eq(lcc_engine_set_threading_timeline(F.e, 30 * DAY_MS + 1), LCC_ERANGE);
    ck_assert_int_eq(lcc_engine_set_threading_timeline(F.e, 30 * DAY_MS), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_threading_timeline(F.e, HOUR_MS), LCC_OK);
    char id[64], mid[64];
    start_ok(id, "a1", HOME, "sms");
    advance(10 * 60000);
    send_ok(mid, "a1", id, "hello"); /* the timeline starts again here */
    advance(10 * 60000);
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    drain();
    /* Until one hour after the last message: take over, not a new one. */
    advance(HOUR_MS - 10 * 60000 - 1);
    int http;
    const char *r = start(&http, "a2", "q1", HOME, "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.takeover");
    advance(1);
    ck_assert_str_eq(drain(), ""); /* nobody was on it */
    ck_assert_str_eq(str_after(strstr(conversation(id), "\"purpose\":\"customer\""), "state"),
                     "disconnected");
    r = send_on(&http, "a1", id, NULL, "late");
    expect_error(r, http, 409, "messaging.error.conversation.closed");
    /* A new send starts a new conversation. */
    char id2[64];
    start_ok(id2, "a2", HOME, "sms");
    ck_assert_str_ne(id, id2);
    /* An assigned conversation closes too: its agent is disconnected. */
    r = start(&http, "a1", "q1", HOME, "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    advance(HOUR_MS - 1);
    ck_assert_str_eq(drain(), "");
    advance(1);
    ck_assert_str_eq(drain(), "ENDED a2\n");
    char id3[64];
    start_ok(id3, "a1", HOME, "sms");
    ck_assert_str_ne(id3, id2);
    /* A shorter timeline applies to open conversations at once. */
    advance(10 * 60000);
    ck_assert_int_eq(lcc_engine_set_threading_timeline(F.e, 5 * 60000), LCC_OK);
    advance(0);
    ck_assert_str_eq(drain(), "ENDED a1\n");
}
END_TEST

START_TEST(test_OBQ_THREADING_default_72_hours)
{
    char id[64];
    start_ok(id, "a1", HOME, "sms");
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    advance(72 * HOUR_MS - 1);
    int http;
    const char *r = start(&http, "a2", "q1", HOME, "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.takeover");
    advance(1);
    char id2[64];
    start_ok(id2, "a2", HOME, "sms");
    ck_assert_str_ne(id, id2);
    ck_assert_int_eq(LCC_ENGINE_THREADING_DEFAULT_MS, 72 * HOUR_MS);
}
END_TEST

/* An inbound conversation waiting for an agent does not close; one that was
 * handled and ended is threaded into by the customer's next message. */
START_TEST(test_OBQ_THREADING_inbound)
{
    ck_assert_int_eq(lcc_engine_set_threading_timeline(F.e, HOUR_MS), LCC_OK);
    const char *cid;
    ck_assert_int_eq(lcc_engine_add_message(&cid, F.e, "q1", LCC_CHANNEL_SMS, HOME, "hi"), LCC_OK);
    char id[64];
    snprintf(id, sizeof id, "%s", cid);
    advance(3 * HOUR_MS);
    int http;
    const char *r = start(&http, "a1", "q1", HOME, "sms", 0);
    expect_error(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a2", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a2", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", id, 1), LCC_OK);
    drain();
    /* Accepting starts the timeline again. */
    advance(HOUR_MS - 1);
    char mid[64];
    send_ok(mid, "a2", id, "Hello, how can I help?");
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    ck_assert_str_eq(drain(), "MESSAGE queued a2\nENDED a2\nSTATUS a2 1\n");
    /* The customer writes again within the timeline: the same conversation,
     * back to the queue, offered to the longest idle member. */
    advance(30 * 60000);
    ck_assert_int_eq(lcc_engine_add_message(&cid, F.e, "q1", LCC_CHANNEL_SMS, "+44 7700 900123",
                                            "One more thing"),
                     LCC_OK);
    ck_assert_str_eq(cid, id);
    const char *log = drain();
    ck_assert_msg(strstr(log, "QUEUED\nOFFERED a2\n") != NULL, "%s", log);
}
END_TEST

/* ---- OBQ-OFFQUEUE ---- */

START_TEST(test_OBQ_OFFQUEUE)
{
    /* a1 is available but off queue; a call waits in q1. */
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_AVAILABLE), LCC_OK);
    const char *call_id;
    ck_assert_int_eq(lcc_engine_add_call(&call_id, F.e, "q1", "+33 1 42 68 53 00"), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a1 0\nQUEUED\n");
    char id[64], mid[64];
    start_ok(id, "a1", HOME, "sms");
    send_ok(mid, "a1", id, "Hello from Support");
    send_ok(mid, "a1", id, "A second line");
    advance(5000);
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    /* No status change, no offer: only the messages and the end. */
    ck_assert_str_eq(drain(), "MESSAGE queued a1\nMESSAGE queued a1\nMESSAGE sent a1\n"
                              "MESSAGE sent a1\nMESSAGE delivered a1\nMESSAGE delivered a1\n"
                              "ENDED a1\n");
    lcc_presence pr;
    lcc_routing_status rs;
    ck_assert_int_eq(lcc_engine_agent_status(F.e, "a1", &pr, &rs), LCC_OK);
    ck_assert_int_eq(pr, LCC_PRESENCE_AVAILABLE);
    ck_assert_int_eq(rs, LCC_ROUTING_OFF_QUEUE);
    /* Credited to the queue. */
    lcc_engine_counts c = counts("q1");
    ck_assert_uint_eq(c.outbound_conversations, 1);
    ck_assert_uint_eq(c.outbound_messages, 2);
    c = counts("q2");
    ck_assert_uint_eq(c.outbound_conversations, 0);
    ck_assert_uint_eq(c.outbound_messages, 0);
    c = (lcc_engine_counts)LCC_ENGINE_COUNTS_INIT;
    ck_assert_int_eq(lcc_engine_queue_counts(F.e, "nope", &c), LCC_ENOTFOUND);
    c.size = 8;
    ck_assert_int_eq(lcc_engine_queue_counts(F.e, "q1", &c), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_queue_counts(F.e, "q1", NULL), LCC_EMISUSE);
    /* An agent on queue who sends stays idle and is still offered calls:
     * the conversation does not occupy them. */
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a2", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a2", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", call_id, 1), LCC_OK);
    ck_assert_int_eq(lcc_engine_end(F.e, call_id), LCC_OK);
    drain();
    start_ok(id, "a2", "+447700900999", "sms");
    ck_assert_int_eq(lcc_engine_agent_status(F.e, "a2", NULL, &rs), LCC_OK);
    ck_assert_int_eq(rs, LCC_ROUTING_IDLE);
    ck_assert_int_eq(lcc_engine_add_call(NULL, F.e, "q1", "+33 1 42 68 53 01"), LCC_OK);
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a2\n");
}
END_TEST

/* ---- TXT-LIMITS ---- */

START_TEST(test_TXT_LIMITS)
{
    char id[64], mid[64], text[800];
    start_ok(id, "a1", HOME, "sms");
    memset(text, 'a', 766);
    text[766] = '\0';
    int http;
    const char *r = send_on(&http, "a1", id, NULL, text);
    expect_error(r, http, 400, "messaging.error.text.too.long");
    ck_assert_ptr_nonnull(strstr(r, "1 characters too long"));
    /* An extension character counts 2 septets: 764 + "€" is 766. */
    memcpy(text + 764, "\xe2\x82\xac", 4);
    r = send_on(&http, "a1", id, NULL, text);
    expect_error(r, http, 400, "messaging.error.text.too.long");
    text[765] = '\0';
    memset(text, 'a', 765);
    send_ok(mid, "a1", id, text);
    ck_assert_ptr_nonnull(strstr(message(id, mid), text));
    r = send_on(&http, "a1", id, NULL, "");
    expect_error(r, http, 400, "messaging.error.missing.text");
    r = send_on(&http, "a1", id, NULL, NULL);
    expect_error(r, http, 400, "messaging.error.missing.text");
    /* WhatsApp allows 4000. */
    char wa[64], *big = malloc(4002);
    start_ok(wa, "a1", "447700900123", "whatsapp");
    memset(big, 'b', 4001);
    big[4001] = '\0';
    r = send_on(&http, "a1", wa, NULL, big);
    expect_error(r, http, 400, "messaging.error.text.too.long");
    big[4000] = '\0';
    send_ok(mid, "a1", wa, big);
    free(big);
    ck_assert_uint_eq(counts("q1").outbound_messages, 2);
}
END_TEST

/* ---- SL-DELIVERY ---- */

/* Checks one MESSAGE event in full. */
static void expect_event(const char *id, const char *mid, const char *sender,
                         lcc_delivery_state state, int64_t at)
{
    lcc_event *ev = lcc_context_next_event(F.f.ctx);
    ck_assert_ptr_nonnull(ev);
    ck_assert_int_eq(lcc_event_get_type(ev), LCC_EVENT_ENGINE_MESSAGE);
    ck_assert_str_eq(lcc_event_conversation_id(ev), id);
    ck_assert_str_eq(lcc_event_message_id(ev), mid);
    ck_assert_str_eq(lcc_event_agent_id(ev), sender);
    ck_assert_str_eq(lcc_event_queue_id(ev), "q1");
    ck_assert_int_eq(lcc_event_delivery_state(ev), state);
    ck_assert_int_eq(lcc_event_time_ms(ev), at);
    ck_assert_int_eq(lcc_event_status(ev), LCC_OK);
    lcc_event_free(ev);
}

START_TEST(test_SL_DELIVERY_delivered)
{
    char id[64], mid[64];
    start_ok(id, "a1", HOME, "sms");
    drain();
    send_ok(mid, "a1", id, "Your parcel is on its way.");
    const char *r = message(id, mid);
    ck_assert_str_eq(str_after(r, "status"), "queued");
    ck_assert_str_eq(str_after(r, "timestamp"), "2026-11-21T10:00:00.000Z");
    ck_assert_str_eq(str_after(r, "messengerType"), "sms");
    ck_assert_str_eq(str_after(r, "textBody"), "Your parcel is on its way.");
    ck_assert_ptr_null(strstr(r, "reasons"));
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.f.ctx), T0_MS + LCC_ENGINE_SEND_DELAY_MS);
    advance(LCC_ENGINE_SEND_DELAY_MS - 1);
    ck_assert_str_eq(str_after(message(id, mid), "status"), "queued");
    advance(1);
    ck_assert_str_eq(str_after(message(id, mid), "status"), "sent");
    advance(LCC_ENGINE_DELIVERY_DELAY_MS);
    ck_assert_str_eq(str_after(message(id, mid), "status"), "delivery-success");
    expect_event(id, mid, "a1", LCC_DELIVERY_QUEUED, T0_MS);
    expect_event(id, mid, "a1", LCC_DELIVERY_SENT, T0_MS + 1000);
    expect_event(id, mid, "a1", LCC_DELIVERY_DELIVERED, T0_MS + 2000);
    ck_assert_ptr_null(lcc_context_next_event(F.f.ctx));
    /* Nothing more happens to it. */
    advance(DAY_MS);
    ck_assert_str_eq(drain(), "");
}
END_TEST

START_TEST(test_SL_DELIVERY_pending_until_online)
{
    char id[64], m1[64], m2[64], other[64], m3[64];
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "+44 7700 900123", 0), LCC_OK);
    start_ok(id, "a1", HOME, "sms");
    start_ok(other, "a2", "+447700900999", "sms");
    send_ok(m1, "a1", id, "first"); /* T0 */
    advance(300);
    send_ok(m3, "a2", other, "to someone online");
    advance(300);
    send_ok(m2, "a1", id, "second"); /* T0 + 600 */
    advance(1400);
    const char *r = message(id, m1);
    ck_assert_str_eq(str_after(r, "status"), "sent");
    ck_assert_ptr_nonnull(strstr(r, "\"reasons\":[{\"code\":\"RecipientOffline\"}]"));
    ck_assert_str_eq(str_after(message(other, m3), "status"), "sent");
    advance(600);
    ck_assert_str_eq(str_after(message(other, m3), "status"), "delivery-success");
    ck_assert_ptr_nonnull(strstr(message(id, m2), "RecipientOffline"));
    ck_assert_str_eq(drain(), "MESSAGE queued a1\nMESSAGE queued a2\nMESSAGE queued a1\n"
                              "MESSAGE sent a1\nMESSAGE sent a2\nMESSAGE sent a1\n"
                              "MESSAGE pending a1\nMESSAGE delivered a2\nMESSAGE pending a1\n");
    /* Days later they are still pending; setting offline twice is harmless. */
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, HOME, 0), LCC_OK);
    advance(2 * DAY_MS);
    ck_assert_str_eq(drain(), "");
    /* The conversations close after 72 hours; pending messages stay pending. */
    advance(DAY_MS);
    ck_assert_str_eq(drain(), "ENDED a2\nENDED a1\n");
    /* Back online: both delivered at once, oldest first. */
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "tel:+44-7700-900123", 1), LCC_OK);
    expect_event(id, m1, "a1", LCC_DELIVERY_DELIVERED, F.f.now);
    expect_event(id, m2, "a1", LCC_DELIVERY_DELIVERED, F.f.now);
    ck_assert_ptr_null(lcc_context_next_event(F.f.ctx));
    r = message(id, m1);
    ck_assert_str_eq(str_after(r, "status"), "delivery-success");
    ck_assert_ptr_null(strstr(r, "reasons"));
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, HOME, 1), LCC_OK);
    ck_assert_str_eq(drain(), "");
    /* Bad addresses. */
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "07700 900123", 0), LCC_EBADNUMBER);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "bob", 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "+44 7700 900123 x12", 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, NULL, 0), LCC_EMISUSE);
}
END_TEST

/* Each failure kind at the "sent" step, with its wire form; the next send
 * after the failures goes through. */
START_TEST(test_SL_DELIVERY_failures)
{
    static const struct {
        lcc_delivery_state state;
        const char *reason, *name;
    } kinds[] = {
        {LCC_DELIVERY_SERVER_REJECTED, "ServerRejected", "rejected"},
        {LCC_DELIVERY_NETWORK_ERROR, "NetworkError", "network-error"},
        {LCC_DELIVERY_LIMIT_EXCEEDED, "LimitExceeded", "limit-exceeded"},
    };
    char id[64], mid[64], reasons[128], log[128];
    start_ok(id, "a1", HOME, "sms");
    drain();
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 1, kinds[i].state), LCC_OK);
        send_ok(mid, "a1", id, "try");
        advance(1000);
        const char *r = message(id, mid);
        ck_assert_str_eq(str_after(r, "status"), "delivery-failed");
        snprintf(reasons, sizeof reasons, "\"reasons\":[{\"code\":\"%s\"}]", kinds[i].reason);
        ck_assert_msg(strstr(r, reasons) != NULL, "%s", r);
        advance(DAY_MS); /* final: nothing follows */
        snprintf(log, sizeof log, "MESSAGE queued a1\nMESSAGE %s a1\n", kinds[i].name);
        ck_assert_str_eq(drain(), log);
    }
    /* count 2: two fail, the third is delivered. */
    ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 2, LCC_DELIVERY_NETWORK_ERROR), LCC_OK);
    char a[64], b[64], c[64];
    send_ok(a, "a1", id, "one");
    send_ok(b, "a1", id, "two");
    send_ok(c, "a1", id, "three");
    advance(2000);
    ck_assert_str_eq(str_after(message(id, a), "status"), "delivery-failed");
    ck_assert_str_eq(str_after(message(id, b), "status"), "delivery-failed");
    ck_assert_str_eq(str_after(message(id, c), "status"), "delivery-success");
    /* count 0 stops a pending order. */
    ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 5, LCC_DELIVERY_LIMIT_EXCEEDED), LCC_OK);
    ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 0, LCC_DELIVERY_LIMIT_EXCEEDED), LCC_OK);
    send_ok(a, "a1", id, "four");
    advance(2000);
    ck_assert_str_eq(str_after(message(id, a), "status"), "delivery-success");
    /* Only the three failures. */
    ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 1, LCC_DELIVERY_DELIVERED), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 1, LCC_DELIVERY_PENDING), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 1, (lcc_delivery_state)42), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_fail_next_sends(NULL, 1, LCC_DELIVERY_NETWORK_ERROR), LCC_EMISUSE);
}
END_TEST

/* ---- inbound conversations and the REST surface ---- */

START_TEST(test_inbound_routed_like_calls)
{
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_OK);
    drain();
    const char *cid;
    ck_assert_int_eq(lcc_engine_add_message(&cid, F.e, "q1", LCC_CHANNEL_WHATSAPP, "447700900123",
                                            "Hola"),
                     LCC_OK);
    char id[64];
    snprintf(id, sizeof id, "%s", cid);
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a1\n");
    const char *view = conversation(id);
    ck_assert_ptr_null(strstr(view, "\"purpose\":\"agent\"")); /* not accepted yet */
    ck_assert_str_eq(str_after(view, "address"), "+447700900123");
    advance(ALERT_MS);
    ck_assert_str_eq(drain(), "DECLINED a1\nSTATUS a1 3\nQUEUED\n");
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", id, 1), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a1 1\nOFFERED a1\nACCEPTED a1\nSTATUS a1 2\n");
    view = conversation(id);
    ck_assert_str_eq(str_after(view, "userId"), "a1");
    ck_assert_str_eq(str_after(strstr(view, "\"purpose\":\"agent\""), "state"), "connected");
    char mid[64];
    send_ok(mid, "a1", id, "Hola, ¿en qué puedo ayudar?");
    ck_assert_str_eq(str_after(message(id, mid), "messengerType"), "whatsapp");
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    ck_assert_str_eq(drain(), "MESSAGE queued a1\nENDED a1\nSTATUS a1 1\n");
    /* Errors. */
    ck_assert_int_eq(lcc_engine_add_message(NULL, F.e, "q1", LCC_CHANNEL_OPEN, HOME, "x"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_message(NULL, F.e, "q1", LCC_CHANNEL_SMS, "07700 900123", "x"),
                     LCC_EBADNUMBER);
    ck_assert_int_eq(lcc_engine_add_message(NULL, F.e, "q1", LCC_CHANNEL_WHATSAPP, "0044 7700 900123",
                                            "x"),
                     LCC_EBADNUMBER);
    ck_assert_int_eq(lcc_engine_add_message(NULL, F.e, "nope", LCC_CHANNEL_SMS, HOME, "x"),
                     LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_add_message(NULL, F.e, "q1", LCC_CHANNEL_SMS, HOME, ""), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_message(NULL, F.e, "q1", LCC_CHANNEL_SMS, HOME, "\xff"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_message(NULL, F.e, "q1", LCC_CHANNEL_SMS, NULL, "x"),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_add_message(NULL, NULL, "q1", LCC_CHANNEL_SMS, HOME, "x"),
                     LCC_EMISUSE);
    ck_assert_str_eq(drain(), "");
}
END_TEST

START_TEST(test_rest_surface)
{
    int http;
    const char *r = call(&http, "a1", "GET", MSGS "/nope", NULL);
    expect_error(r, http, 404, "not.found");
    r = call(&http, "a1", "POST", MSGS, "{not json");
    expect_error(r, http, 400, "bad.request");
    r = call(&http, "a1", "POST", MSGS,
             "{\"queueId\":\"q1\",\"toAddress\":\"" HOME "\",\"toAddressMessengerType\":\"sms\","
             "\"useExistingConversation\":\"yes\"}");
    expect_error(r, http, 400, "bad.request");
    /* useExistingConversation may be left out. */
    r = call(&http, "a1", "POST", MSGS "?x=1",
             "{\"queueId\":\"q1\",\"toAddress\":\"" HOME "\",\"toAddressMessengerType\":\"sms\"}");
    ck_assert_int_eq(http, 200);
    char id[64], path[256], mid[64];
    snprintf(id, sizeof id, "%s", str_after(r, "id"));
    const char *view = conversation(id);
    ck_assert_str_eq(str_after(view, "purpose"), "agent");
    ck_assert_str_eq(str_after(view, "queueId"), "q1");
    ck_assert_ptr_nonnull(strstr(view, "\"purpose\":\"customer\""));
    /* Unknown communication, message, resource; an API client may read but not send. */
    r = send_on(&http, "a1", id, "not-a-communication", "x");
    expect_error(r, http, 404, "not.found");
    snprintf(path, sizeof path, MSGS "/%s/messages/nope", id);
    r = call(&http, "a1", "GET", path, NULL);
    expect_error(r, http, 404, "not.found");
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/messages", id, communication(id));
    r = call(&http, "a1", "POST", path, "{\"textBody\":42}");
    expect_error(r, http, 400, "bad.request");
    r = call(&http, "crm-integration", "POST", path, "{\"textBody\":\"x\"}");
    expect_error(r, http, 403, "messaging.error.not.assigned");
    r = call(&http, "a1", "POST", path, "{\"textBody\":\"\\u00ff\\ud800\"}");
    ck_assert_int_eq(http, 400);
    send_ok(mid, "a1", id, "ok");
    snprintf(path, sizeof path, MSGS "/%s/messages/%s", id, mid);
    r = call(&http, "crm-integration", "GET", path, NULL);
    ck_assert_int_eq(http, 200);
    snprintf(path, sizeof path, MSGS "/%s/participants", id);
    r = call(&http, "a1", "GET", path, NULL);
    expect_error(r, http, 404, "not.found");
    r = call(&http, "a1", "DELETE", MSGS, NULL);
    expect_error(r, http, 404, "not.found");
    r = call(&http, "a1", "GET", MSGS "/", NULL);
    expect_error(r, http, 404, "not.found");
    r = call(&http, "a1", "GET", "/api/v2/conversations/messagesx", NULL);
    expect_error(r, http, 404, "not.found");
    /* Without a token. */
    char *resp;
    size_t len;
    ck_assert_int_eq(lcc_engine_handle(&http, &resp, &len, F.e, "GET", MSGS "/x", NULL, NULL, 0),
                     LCC_OK);
    ck_assert_int_eq(http, 401);
    lcc_free(resp);
    /* A callback id is not a message conversation, nor the other way round. */
    snprintf(path, sizeof path, "/api/v2/conversations/callbacks/%s", id);
    r = call(&http, "a1", "GET", path, NULL);
    ck_assert_int_eq(http, 404);
    ck_assert_int_eq(lcc_engine_set_threading_timeline(NULL, HOUR_MS), LCC_EMISUSE);
    ck_assert_ptr_null(lcc_event_message_id(NULL));
    ck_assert_int_eq(lcc_event_delivery_state(NULL), LCC_DELIVERY_UNKNOWN);
}
END_TEST

/* Other engine events carry no message. */
START_TEST(test_events_of_other_types)
{
    ck_assert_int_eq(lcc_engine_add_call(NULL, F.e, "q1", "+33 1 42 68 53 00"), LCC_OK);
    lcc_event *ev = lcc_context_next_event(F.f.ctx);
    ck_assert_int_eq(lcc_event_get_type(ev), LCC_EVENT_ENGINE_QUEUED);
    ck_assert_ptr_null(lcc_event_message_id(ev));
    ck_assert_int_eq(lcc_event_delivery_state(ev), LCC_DELIVERY_UNKNOWN);
    lcc_event_free(ev);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine-messages");
    TCase *tc = tcase_create("engine-messages");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_OBQ_PERM);
    tcase_add_test(tc, test_OBQ_MEMBER);
    tcase_add_test(tc, test_OBQ_CHANNELS);
    tcase_add_test(tc, test_OBQ_WHATSAPP);
    tcase_add_test(tc, test_OBQ_RECIPIENTS);
    tcase_add_test(tc, test_OBQ_EXISTING_waiting_in_queue);
    tcase_add_test(tc, test_OBQ_EXISTING_assigned);
    tcase_add_test(tc, test_OBQ_TAKEOVER);
    tcase_add_test(tc, test_OBQ_THREADING);
    tcase_add_test(tc, test_OBQ_THREADING_default_72_hours);
    tcase_add_test(tc, test_OBQ_THREADING_inbound);
    tcase_add_test(tc, test_OBQ_OFFQUEUE);
    tcase_add_test(tc, test_TXT_LIMITS);
    tcase_add_test(tc, test_SL_DELIVERY_delivered);
    tcase_add_test(tc, test_SL_DELIVERY_pending_until_online);
    tcase_add_test(tc, test_SL_DELIVERY_failures);
    tcase_add_test(tc, test_inbound_routed_like_calls);
    tcase_add_test(tc, test_rest_surface);
    tcase_add_test(tc, test_events_of_other_types);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
