/* The embedded engine's side of social listening interactions (SL-*) and of
 * after-contact work, through the public API: inbound social messages
 * routed like calls (lcc_engine_add_social()), accepting with its
 * permission, public and private replies with the Genesys requests
 * answered by lcc_engine_handle(), one attachment per message, delivery
 * outcomes as events, and the wrap-up that follows the end.  Each test is
 * named after the rule it checks; the clock is the fixture's. */
#include "engine-rest.h"
#include "failing-alloc.h"
#include "fixture.h"

#define ALERT_MS 30000
#define MSGS "/api/v2/conversations/messages"
#define PERM_ACCEPT "conversation:message:accept"
#define PERM_PUBLIC "conversation:socialmedia:create"
#define JANE "@jane_doe" /* the author of most tests */

typedef struct sfix {
    fixture f;
    lcc_engine *e;
    char log[16384]; /* the events so far (see drain()) */
} sfix;

static sfix F;

static void add_agent(const char *id, int accept, int public_reply)
{
    lcc_agent *a;
    ck_assert_int_eq(lcc_agent_new(&a, F.f.ctx, id, id), LCC_OK);
    if (accept)
        ck_assert_int_eq(lcc_agent_add_permission(a, PERM_ACCEPT), LCC_OK);
    if (public_reply)
        ck_assert_int_eq(lcc_agent_add_permission(a, PERM_PUBLIC), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(F.f.queue, id), LCC_OK);
}

/* a1 (the fixture's agent) and a2 may accept and reply publicly; "nopublic"
 * may accept only, "noaccept" neither.  Nobody is on queue yet (ready()). */
static void setup(void)
{
    fixture_setup(&F.f);
    ck_assert_int_eq(lcc_agent_add_permission(F.f.agent, PERM_ACCEPT), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.f.agent, PERM_PUBLIC), LCC_OK);
    add_agent("a2", 1, 1);
    add_agent("nopublic", 1, 0);
    add_agent("noaccept", 0, 0);
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
    default: return "OTHER";
    }
}

/* The engine events since the last call, one line each: "MESSAGE <state>
 * <sender>", "STATUS <agent> <routing>", "DECLINED <agent> <status>", else
 * "<TYPE>[ <agent>]". */
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
        else if (t == LCC_EVENT_ENGINE_DECLINED)
            len += (size_t)snprintf(F.log + len, sizeof F.log - len, "DECLINED %s %s\n", agent,
                                    lcc_event_status(ev) == LCC_ETIMEDOUT ? "timeout" : "declined");
        else if (t >= LCC_EVENT_ENGINE_SCHEDULED)
            len += (size_t)snprintf(F.log + len, sizeof F.log - len, "%s%s%s\n", type_name(t),
                                    agent ? " " : "", agent ? agent : "");
        lcc_event_free(ev);
    }
    return F.log;
}

/* The agent is available and on queue (events drained). */
static void ready(const char *id)
{
    ck_assert_int_eq(lcc_engine_set_presence(F.e, id, LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, id, LCC_ROUTING_IDLE), LCC_OK);
    drain();
}

static lcc_routing_status routing(const char *id)
{
    lcc_routing_status s;
    ck_assert_int_eq(lcc_engine_agent_status(F.e, id, NULL, &s), LCC_OK);
    return s;
}

/* An inbound social message that must be taken; ids into cid / mid (may be NULL). */
static void social(char cid[64], char mid[64], lcc_channel ch, const char *author, int priv,
                   const char *text)
{
    const char *c = NULL, *m = NULL;
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", ch, author, priv, text), LCC_OK);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_nonnull(m);
    if (cid)
        snprintf(cid, 64, "%s", c);
    if (mid)
        snprintf(mid, 64, "%s", m);
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
    ck_assert_ptr_nonnull(json);
    const char *p = strstr(json, pat);
    ck_assert_msg(p != NULL, "no %s in %s", key, json);
    p += strlen(pat);
    k = (k + 1) % 8;
    snprintf(v[k], sizeof v[k], "%.*s", (int)strcspn(p, "\""), p);
    return v[k];
}

static void expect_error(const char *r, int http, int want_http, const char *code)
{
    ck_assert_msg(http == want_http, "HTTP %d, not %d: %s", http, want_http, r);
    ck_assert_str_eq(str_after(r, "code"), code);
    ck_assert_ptr_nonnull(strstr(r, "\"contextId\":"));
}

/* GET of a conversation (must exist). */
static const char *view(const char *cid)
{
    int http;
    char path[128];
    snprintf(path, sizeof path, MSGS "/%s", cid);
    const char *r = call(&http, "a1", "GET", path, NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    return r;
}

/* The agent participant of a view (the first participant), or NULL. */
static const char *agent_part(const char *v)
{
    const char *p = strstr(v, "\"participants\":[{");
    ck_assert_ptr_nonnull(p);
    return strstr(p, "\"purpose\":\"agent\"") && strstr(p, "\"purpose\":\"agent\"") <
                                                      strstr(p, "\"purpose\":\"customer\"")
               ? p
               : NULL;
}

/* The agent participant's id, user, state and communication. */
static const char *pid_of(const char *cid)
{
    return str_after(agent_part(view(cid)), "id");
}

static const char *comm_of(const char *cid)
{
    const char *m = strstr(agent_part(view(cid)), "\"messages\":[{\"id\":\"");
    ck_assert_ptr_nonnull(m);
    return str_after(m, "id");
}

static const char *agent_state(const char *cid)
{
    const char *p = agent_part(view(cid));
    ck_assert_ptr_nonnull(p);
    return str_after(strstr(p, "\"userId\""), "state");
}

/* POST of a public reply (AdditionalSocialMediaMessage); `extra` is more
 * JSON members ("" for none), `reply_to` NULL leaves it out. */
static const char *public_reply(int *http, const char *who, const char *cid, const char *text,
                                const char *reply_to, const char *extra)
{
    char path[256], comm[64];
    static char body[16384];
    snprintf(comm, sizeof comm, "%s", comm_of(cid));
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/socialmedia/messages", cid, comm);
    size_t n = (size_t)snprintf(body, sizeof body, "{");
    if (text)
        n += (size_t)snprintf(body + n, sizeof body - n, "\"textBody\":\"%s\",", text);
    if (reply_to)
        n += (size_t)snprintf(body + n, sizeof body - n, "\"inReplyToMessageId\":\"%s\",",
                              reply_to);
    snprintf(body + n, sizeof body - n, "%s\"x\":0}", extra);
    return call(http, who, "POST", path, body);
}

/* POST of a private message (AdditionalMessage). */
static const char *private_reply(int *http, const char *who, const char *cid, const char *text,
                                 const char *extra)
{
    char path[256], comm[64];
    static char body[16384];
    snprintf(comm, sizeof comm, "%s", comm_of(cid));
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/messages", cid, comm);
    if (text)
        snprintf(body, sizeof body, "{\"textBody\":\"%s\",%s\"x\":0}", text, extra);
    else
        snprintf(body, sizeof body, "{%s\"x\":0}", extra);
    return call(http, who, "POST", path, body);
}

/* A public reply that must be taken; its id into rid. */
static void public_ok(char rid[64], const char *who, const char *cid, const char *text,
                      const char *reply_to)
{
    int http;
    const char *r = public_reply(&http, who, cid, text, reply_to, "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "status"), "queued");
    ck_assert_str_eq(str_after(r, "direction"), "outbound");
    ck_assert_str_eq(str_after(r, "visibility"), "public");
    ck_assert_str_eq(str_after(r, "inReplyToMessageId"), reply_to);
    snprintf(rid, 64, "%s", str_after(r, "id"));
}

/* GET of a message (must exist). */
static const char *message(const char *cid, const char *mid)
{
    int http;
    char path[256];
    snprintf(path, sizeof path, MSGS "/%s/messages/%s", cid, mid);
    const char *r = call(&http, "a1", "GET", path, NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    return r;
}

/* PATCH of the agent participant as `who`. */
static const char *patch(int *http, const char *who, const char *cid, const char *pid,
                         const char *body)
{
    char path[256];
    snprintf(path, sizeof path, MSGS "/%s/participants/%s", cid, pid);
    return call(http, who, "PATCH", path, body);
}

static void patch_ok(const char *who, const char *cid, const char *body)
{
    int http;
    char pid[64];
    snprintf(pid, sizeof pid, "%s", pid_of(cid));
    const char *r = patch(&http, who, cid, pid, body);
    ck_assert_msg(http == 202, "%d %s", http, r);
    ck_assert_str_eq(r, "");
}

/* A new interaction from JANE on Facebook accepted by a1 (events drained). */
static void connected(char cid[64], char mid[64])
{
    ready("a1");
    social(cid, mid, LCC_CHANNEL_FACEBOOK, JANE, 0, "Your app lost my order #42");
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a1\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", cid, 1), LCC_OK);
    ck_assert_str_eq(drain(), "ACCEPTED a1\nSTATUS a1 2\n");
}

/* ---- SL-ACCEPT ---- */

START_TEST(test_SL_ACCEPT_alerting_then_connected)
{
    ready("a1");
    char cid[64], mid[64];
    social(cid, mid, LCC_CHANNEL_FACEBOOK, JANE, 0, "Where is my parcel?");
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a1\n");
    /* While alerting, the agent participant is there with its communication. */
    const char *v = view(cid);
    const char *p = agent_part(v);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(str_after(p, "userId"), "a1");
    ck_assert_str_eq(agent_state(cid), "alerting");
    char pid[64], comm[64];
    snprintf(pid, sizeof pid, "%s", pid_of(cid));
    snprintf(comm, sizeof comm, "%s", comm_of(cid));
    ck_assert_str_eq(str_after(strstr(v, "\"purpose\":\"customer\""), "address"), JANE);
    ck_assert_str_eq(str_after(strstr(v, "\"purpose\":\"customer\""), "messengerType"), "facebook");
    ck_assert_ptr_null(strstr(v, "wrapupRequired"));
    /* Accepted: connected, the same participant and communication. */
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", cid, 1), LCC_OK);
    ck_assert_str_eq(drain(), "ACCEPTED a1\nSTATUS a1 2\n");
    ck_assert_str_eq(agent_state(cid), "connected");
    ck_assert_str_eq(pid_of(cid), pid);
    ck_assert_str_eq(comm_of(cid), comm);
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_INTERACTING);
    /* The inbound message reads back as a public Facebook post. */
    const char *m = message(cid, mid);
    ck_assert_str_eq(str_after(m, "direction"), "inbound");
    ck_assert_str_eq(str_after(m, "status"), "received");
    ck_assert_str_eq(str_after(m, "visibility"), "public");
    ck_assert_str_eq(str_after(m, "messengerType"), "facebook");
    ck_assert_str_eq(str_after(m, "textBody"), "Where is my parcel?");
}
END_TEST

START_TEST(test_SL_ACCEPT_rest_patch)
{
    ready("a1");
    char cid[64];
    social(cid, NULL, LCC_CHANNEL_INSTAGRAM, JANE, 1, "hi");
    drain();
    char pid[64], path[256];
    snprintf(pid, sizeof pid, "%s", pid_of(cid));
    int http;
    /* Only the agent it alerts accepts. */
    const char *r = patch(&http, "a2", cid, pid, "{\"state\":\"connected\"}");
    expect_error(r, http, 409, "socialmedia.error.not.offered");
    r = patch(&http, "crm-integration", cid, pid, "{\"state\":\"connected\"}");
    ck_assert_int_eq(http, 403);
    /* Malformed requests. */
    r = patch(&http, "a1", cid, pid, "{\"state\":\"busy\"}");
    expect_error(r, http, 400, "bad.request");
    r = patch(&http, "a1", cid, pid, "{}");
    expect_error(r, http, 400, "bad.request");
    r = patch(&http, "a1", cid, pid, "[1]");
    expect_error(r, http, 400, "bad.request");
    r = patch(&http, "a1", cid, "nope", "{\"state\":\"connected\"}");
    expect_error(r, http, 404, "not.found");
    /* The customer participant's id (36 characters) precedes its purpose. */
    const char *cust = strstr(view(cid), "\",\"purpose\":\"customer\"");
    ck_assert_ptr_nonnull(cust);
    char cust_pid[64];
    snprintf(cust_pid, sizeof cust_pid, "%.36s", cust - 36);
    r = patch(&http, "a1", cid, cust_pid, "{\"state\":\"connected\"}");
    expect_error(r, http, 400, "bad.request");
    r = patch(&http, "a1", "nope", pid, "{\"state\":\"connected\"}");
    expect_error(r, http, 404, "not.found");
    ck_assert_str_eq(drain(), "");
    ck_assert_str_eq(agent_state(cid), "alerting");
    /* Accepted through REST: 202 without a body. */
    patch_ok("a1", cid, "{\"state\":\"connected\"}");
    ck_assert_str_eq(drain(), "ACCEPTED a1\nSTATUS a1 2\n");
    ck_assert_str_eq(agent_state(cid), "connected");
    /* Not offered any more. */
    r = patch(&http, "a1", cid, pid, "{\"state\":\"connected\"}");
    expect_error(r, http, 409, "socialmedia.error.not.offered");
    /* GET of the participants collection is not a resource. */
    snprintf(path, sizeof path, MSGS "/%s/participants", cid);
    r = call(&http, "a1", "GET", path, NULL);
    ck_assert_int_eq(http, 404);
}
END_TEST

/* ---- SL-PERM ---- */

START_TEST(test_SL_PERM_accept)
{
    ready("noaccept");
    char cid[64];
    social(cid, NULL, LCC_CHANNEL_X, "@critic", 0, "Worst service ever");
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED noaccept\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "noaccept", cid, 1), LCC_EPERM);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.f.ctx), PERM_ACCEPT));
    /* The offer stays as it is. */
    ck_assert_str_eq(drain(), "");
    ck_assert_str_eq(agent_state(cid), "alerting");
    int http;
    char pid[64];
    snprintf(pid, sizeof pid, "%s", pid_of(cid));
    const char *r = patch(&http, "noaccept", cid, pid, "{\"state\":\"connected\"}");
    expect_error(r, http, 403, "socialmedia.error.missing.accept.permission");
    ck_assert_str_eq(drain(), "");
    /* It times out like any unanswered offer and goes to someone who may. */
    ready("a2");
    advance(ALERT_MS);
    ck_assert_str_eq(drain(),
                     "DECLINED noaccept timeout\nSTATUS noaccept 3\nQUEUED\nOFFERED a2\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", cid, 1), LCC_OK);
    /* Given the permission, an agent accepts. */
    ck_assert_int_eq(lcc_agent_add_permission(lcc_context_find_agent(F.f.ctx, "noaccept"),
                                              "conversation:message:*"),
                     LCC_OK);
    ready("noaccept");
    char cid2[64];
    social(cid2, NULL, LCC_CHANNEL_X, "@fan", 0, "Love it");
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED noaccept\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "noaccept", cid2, 1), LCC_OK);
    /* Calls need no such permission. */
    ck_assert_int_eq(lcc_engine_end(F.e, cid2), LCC_OK);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "noaccept", cid2, "done", NULL), LCC_OK);
    lcc_agent_remove_permission(lcc_context_find_agent(F.f.ctx, "noaccept"),
                                "conversation:message:*");
    drain();
    const char *call_id;
    ck_assert_int_eq(lcc_engine_add_call(&call_id, F.e, "q1", "+33 1 42 68 53 00"), LCC_OK);
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED noaccept\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "noaccept", call_id, 1), LCC_OK);
}
END_TEST

START_TEST(test_SL_PERM_public_reply)
{
    ready("nopublic");
    char cid[64], mid[64];
    social(cid, mid, LCC_CHANNEL_FACEBOOK, JANE, 0, "Is anyone there?");
    ck_assert_int_eq(lcc_engine_answer(F.e, "nopublic", cid, 1), LCC_OK);
    drain();
    int http;
    const char *r = public_reply(&http, "nopublic", cid, "Yes!", mid, "");
    expect_error(r, http, 403, "socialmedia.error.missing.permission");
    ck_assert_ptr_nonnull(strstr(r, PERM_PUBLIC));
    ck_assert_str_eq(drain(), "");
    /* A private message needs no such permission. */
    r = private_reply(&http, "nopublic", cid, "Yes, in private", "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "visibility"), "private");
    ck_assert_str_eq(drain(), "MESSAGE queued nopublic\n");
}
END_TEST

/* ---- SL-NORESPONSE ---- */

START_TEST(test_SL_NORESPONSE_decline)
{
    ready("a1");
    char cid[64];
    social(cid, NULL, LCC_CHANNEL_FACEBOOK, JANE, 0, "hello");
    drain();
    ready("a2");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", cid, 0), LCC_OK);
    ck_assert_str_eq(drain(), "DECLINED a1 declined\nSTATUS a1 3\nQUEUED\nOFFERED a2\n");
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_NOT_RESPONDING);
    ck_assert_str_eq(str_after(agent_part(view(cid)), "userId"), "a2");
    /* Declined over REST by a2: back to the queue, nobody left to offer it to. */
    patch_ok("a2", cid, "{\"state\":\"disconnected\"}");
    ck_assert_str_eq(drain(), "DECLINED a2 declined\nSTATUS a2 3\nQUEUED\n");
    ck_assert_str_eq(agent_state(cid), "disconnected");
    /* Not responding: offered nothing until back on queue. */
    char other[64];
    social(other, NULL, LCC_CHANNEL_FACEBOOK, "@someone", 0, "and me");
    ck_assert_str_eq(drain(), "QUEUED\n");
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a1 1\nOFFERED a1\n");
}
END_TEST

START_TEST(test_SL_NORESPONSE_timeout)
{
    ready("a1");
    char cid[64];
    social(cid, NULL, LCC_CHANNEL_SOCIAL_PUBLIC, "forum:user-7", 0, "question");
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a1\n");
    advance(ALERT_MS - 1);
    ck_assert_str_eq(drain(), "");
    advance(1);
    ck_assert_str_eq(drain(), "DECLINED a1 timeout\nSTATUS a1 3\nQUEUED\n");
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_NOT_RESPONDING);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", cid, 1), LCC_ESTATE);
    ready("a2");
    ck_assert_str_eq(agent_state(cid), "alerting");
    ck_assert_str_eq(str_after(agent_part(view(cid)), "userId"), "a2");
}
END_TEST

/* ---- SL-THREAD ---- */

START_TEST(test_SL_THREAD_public_and_private_in_one_interaction)
{
    char cid[64], pub[64];
    connected(cid, pub);
    /* The author's private message threads into the same interaction. */
    char cid2[64], priv[64];
    social(cid2, priv, LCC_CHANNEL_FACEBOOK, JANE, 1, "my order number is 42");
    ck_assert_str_eq(cid2, cid);
    ck_assert_str_eq(drain(), "");
    ck_assert_str_eq(str_after(message(cid, priv), "visibility"), "private");
    /* Other authors, or the same author elsewhere, are other interactions. */
    char other[64];
    social(other, NULL, LCC_CHANNEL_X, JANE, 0, "also here");
    ck_assert_str_ne(other, cid);
    social(other, NULL, LCC_CHANNEL_FACEBOOK, "@john", 0, "me too");
    ck_assert_str_ne(other, cid);
    drain();
    /* A public reply names a public inbound message of the interaction. */
    int http;
    const char *r = public_reply(&http, "a1", cid, "Sorry!", priv, "");
    expect_error(r, http, 400, "socialmedia.error.reply.not.public");
    r = public_reply(&http, "a1", cid, "Sorry!", "nope", "");
    expect_error(r, http, 400, "socialmedia.error.reply.not.public");
    r = public_reply(&http, "a1", cid, "Sorry!", NULL, "");
    expect_error(r, http, 400, "socialmedia.error.reply.invalid");
    ck_assert_str_eq(drain(), "");
    char rid[64];
    public_ok(rid, "a1", cid, "Sorry! We are on it.", pub);
    /* An outbound message is not answered publicly either. */
    r = public_reply(&http, "a1", cid, "again", rid, "");
    expect_error(r, http, 400, "socialmedia.error.reply.not.public");
    /* A private message answers none. */
    char extra[128];
    snprintf(extra, sizeof extra, "\"inReplyToMessageId\":\"%s\",", pub);
    r = private_reply(&http, "a1", cid, "details?", extra);
    expect_error(r, http, 400, "socialmedia.error.reply.invalid");
    r = private_reply(&http, "a1", cid, "Could you send your address?", "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "conversationId"), cid);
    ck_assert_ptr_null(strstr(r, "inReplyToMessageId"));
    ck_assert_str_eq(drain(), "MESSAGE queued a1\nMESSAGE queued a1\n");
    /* The public reply reads back with what it answers. */
    const char *m = message(cid, rid);
    ck_assert_str_eq(str_after(m, "inReplyToMessageId"), pub);
    ck_assert_str_eq(str_after(m, "textBody"), "Sorry! We are on it.");
}
END_TEST

/* ---- SL-VISIBILITY ---- */

START_TEST(test_SL_VISIBILITY)
{
    char cid[64], pub[64];
    connected(cid, pub);
    int http;
    const char *r = public_reply(&http, "a1", cid, "public answer", pub, "");
    ck_assert_int_eq(http, 200);
    char rid[64];
    snprintf(rid, sizeof rid, "%s", str_after(r, "id"));
    r = private_reply(&http, "a1", cid, "private answer", "");
    ck_assert_int_eq(http, 200);
    char qid[64];
    snprintf(qid, sizeof qid, "%s", str_after(r, "id"));
    ck_assert_str_eq(str_after(message(cid, rid), "visibility"), "public");
    ck_assert_str_eq(str_after(message(cid, qid), "visibility"), "private");
    ck_assert_str_eq(str_after(message(cid, pub), "visibility"), "public");
    ck_assert_str_eq(str_after(message(cid, qid), "messengerType"), "facebook");
    /* The messenger type of each social channel. */
    static const struct {
        lcc_channel ch;
        const char *type;
    } types[] = {{LCC_CHANNEL_INSTAGRAM, "instagram"},
                 {LCC_CHANNEL_X, "twitter"},
                 {LCC_CHANNEL_SOCIAL_PUBLIC, "open"}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char c[64], m[64];
        social(c, m, types[i].ch, "@typed", 1, "x");
        ck_assert_str_eq(str_after(message(c, m), "messengerType"), types[i].type);
        ck_assert_str_eq(str_after(message(c, m), "visibility"), "private");
    }
}
END_TEST

/* ---- SL-LIMIT ---- */

static char *repeat(const char *s, size_t n)
{
    size_t len = strlen(s);
    char *out = malloc(len * n + 1);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++)
        memcpy(out + i * len, s, len);
    out[len * n] = '\0';
    return out;
}

START_TEST(test_SL_LIMIT_2000_and_channels)
{
    char cid[64], pub[64];
    connected(cid, pub);
    int http;
    char *t2000 = repeat("a", 2000), *t2001 = repeat("a", 2001);
    const char *r = public_reply(&http, "a1", cid, t2001, pub, "");
    expect_error(r, http, 400, "socialmedia.error.text.too.long");
    ck_assert_ptr_nonnull(strstr(r, "1 characters too long"));
    r = private_reply(&http, "a1", cid, t2001, "");
    expect_error(r, http, 400, "socialmedia.error.text.too.long");
    r = public_reply(&http, "a1", cid, t2000, pub, "");
    ck_assert_int_eq(http, 200);
    /* No text and no attachment. */
    r = public_reply(&http, "a1", cid, "", pub, "");
    expect_error(r, http, 400, "socialmedia.error.empty");
    r = private_reply(&http, "a1", cid, NULL, "");
    expect_error(r, http, 400, "socialmedia.error.empty");
    free(t2000);
    free(t2001);
    /* Instagram: 1000 characters. */
    ck_assert_int_eq(lcc_engine_end(F.e, cid), LCC_OK);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", cid, "done", NULL), LCC_OK);
    drain();
    char ig[64];
    social(ig, NULL, LCC_CHANNEL_INSTAGRAM, "@insta", 1, "dm");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", ig, 1), LCC_OK);
    char *t1001 = repeat("\xc3\xa9", 1001); /* é: one character, two bytes */
    r = private_reply(&http, "a1", ig, t1001, "");
    expect_error(r, http, 400, "socialmedia.error.text.too.long");
    t1001[2000] = '\0';
    r = private_reply(&http, "a1", ig, t1001, "");
    ck_assert_int_eq(http, 200);
    free(t1001);
    ck_assert_int_eq(lcc_engine_end(F.e, ig), LCC_OK);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", ig, "done", NULL), LCC_OK);
}
END_TEST

START_TEST(test_SL_LIMIT_X_280_weighted)
{
    ready("a1");
    char cid[64], pub[64];
    social(cid, pub, LCC_CHANNEL_X, "@tweeter", 0, "@brand help");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", cid, 1), LCC_OK);
    drain();
    /* A CJK character weighs 2: 140 fill the 280, one more is over. */
    char *cjk140 = repeat("\xe4\xb8\xad", 140), *cjk141 = repeat("\xe4\xb8\xad", 141);
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    ck_assert_int_eq(lcc_text_measure(&tm, LCC_CHANNEL_X, cjk140, strlen(cjk140)), LCC_OK);
    ck_assert_uint_eq(tm.units, 280);
    int http;
    const char *r = public_reply(&http, "a1", cid, cjk141, pub, "");
    expect_error(r, http, 400, "socialmedia.error.text.too.long");
    r = public_reply(&http, "a1", cid, cjk140, pub, "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "messengerType"), "twitter");
    /* 141 ASCII characters weigh 141: far below 280 but not the CJK count. */
    char *a281 = repeat("a", 281);
    r = private_reply(&http, "a1", cid, a281, "");
    expect_error(r, http, 400, "socialmedia.error.text.too.long");
    a281[280] = '\0';
    r = private_reply(&http, "a1", cid, a281, "");
    ck_assert_int_eq(http, 200);
    free(cjk140);
    free(cjk141);
    free(a281);
}
END_TEST

/* ---- SL-ATTACH ---- */

START_TEST(test_SL_ATTACH_one_media_per_message)
{
    char cid[64], pub[64];
    connected(cid, pub);
    int http;
    const char *r =
        public_reply(&http, "a1", cid, "two files", pub, "\"mediaIds\":[\"m1\",\"m2\"],");
    expect_error(r, http, 400, "socialmedia.error.attachments");
    r = private_reply(&http, "a1", cid, NULL, "\"mediaIds\":[\"m1\",\"m2\",\"m3\"],");
    expect_error(r, http, 400, "socialmedia.error.attachments");
    ck_assert_ptr_nonnull(strstr(r, "send 3 messages"));
    ck_assert_str_eq(drain(), "");
    /* One per message; a message may be only the attachment. */
    r = public_reply(&http, "a1", cid, NULL, pub, "\"mediaIds\":[\"m1\"],");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_str_eq(str_after(r, "textBody"), "");
    ck_assert_ptr_nonnull(strstr(r, "\"mediaIds\":[\"m1\"]"));
    char mid[64];
    snprintf(mid, sizeof mid, "%s", str_after(r, "id"));
    r = private_reply(&http, "a1", cid, "and the second", "\"mediaIds\":[\"m2\"],");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_ptr_nonnull(strstr(r, "\"mediaIds\":[\"m2\"]"));
    ck_assert_ptr_nonnull(strstr(message(cid, mid), "\"mediaIds\":[\"m1\"]"));
    ck_assert_ptr_nonnull(strstr(message(cid, pub), "\"mediaIds\":[]"));
    ck_assert_str_eq(drain(), "MESSAGE queued a1\nMESSAGE queued a1\n");
    /* Malformed media ids. */
    r = private_reply(&http, "a1", cid, "x", "\"mediaIds\":[1],");
    expect_error(r, http, 400, "bad.request");
    r = private_reply(&http, "a1", cid, "x", "\"mediaIds\":\"m1\",");
    expect_error(r, http, 400, "bad.request");
    r = private_reply(&http, "a1", cid, "x", "\"mediaIds\":[\"\"],");
    expect_error(r, http, 400, "bad.request");
}
END_TEST

/* ---- SL-DELIVERY ---- */

START_TEST(test_SL_DELIVERY_delivered)
{
    char cid[64], pub[64], rid[64];
    connected(cid, pub);
    public_ok(rid, "a1", cid, "Thanks for telling us", pub);
    ck_assert_str_eq(drain(), "MESSAGE queued a1\n");
    advance(LCC_ENGINE_SEND_DELAY_MS);
    ck_assert_str_eq(drain(), "MESSAGE sent a1\n");
    ck_assert_str_eq(str_after(message(cid, rid), "status"), "sent");
    advance(LCC_ENGINE_DELIVERY_DELAY_MS);
    ck_assert_str_eq(drain(), "MESSAGE delivered a1\n");
    const char *m = message(cid, rid);
    ck_assert_str_eq(str_after(m, "status"), "delivery-success");
    ck_assert_ptr_null(strstr(m, "reasons"));
}
END_TEST

START_TEST(test_SL_DELIVERY_pending_until_author_online)
{
    char cid[64], pub[64], rid[64];
    connected(cid, pub);
    /* A handle is taken verbatim. */
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, JANE, 0), LCC_OK);
    public_ok(rid, "a1", cid, "We replied", pub);
    int http;
    const char *r = private_reply(&http, "a1", cid, "and in private", "");
    ck_assert_int_eq(http, 200);
    char qid[64];
    snprintf(qid, sizeof qid, "%s", str_after(r, "id"));
    advance(LCC_ENGINE_SEND_DELAY_MS + LCC_ENGINE_DELIVERY_DELAY_MS);
    ck_assert_str_eq(drain(), "MESSAGE queued a1\nMESSAGE queued a1\nMESSAGE sent a1\n"
                              "MESSAGE sent a1\nMESSAGE pending a1\nMESSAGE pending a1\n");
    const char *m = message(cid, rid);
    ck_assert_str_eq(str_after(m, "status"), "sent");
    ck_assert_str_eq(str_after(m, "code"), "RecipientOffline");
    /* Someone else coming online changes nothing. */
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "@other", 1), LCC_OK);
    ck_assert_str_eq(drain(), "");
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, JANE, 1), LCC_OK);
    ck_assert_str_eq(drain(), "MESSAGE delivered a1\nMESSAGE delivered a1\n");
    ck_assert_str_eq(str_after(message(cid, rid), "status"), "delivery-success");
    ck_assert_str_eq(str_after(message(cid, qid), "status"), "delivery-success");
    /* A handle without '@' is known once it wrote; unknown words are still refused. */
    char c2[64], m2[64];
    social(c2, m2, LCC_CHANNEL_SOCIAL_PUBLIC, "Jane Doe", 0, "hi");
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "Jane Doe", 0), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "bob", 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "@bad\x01", 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "Jane Doe", 1), LCC_OK);
}
END_TEST

START_TEST(test_SL_DELIVERY_failures)
{
    char cid[64], pub[64];
    connected(cid, pub);
    static const struct {
        lcc_delivery_state outcome;
        const char *event, *reason;
    } cases[] = {{LCC_DELIVERY_SERVER_REJECTED, "rejected", "ServerRejected"},
                 {LCC_DELIVERY_NETWORK_ERROR, "network-error", "NetworkError"},
                 {LCC_DELIVERY_LIMIT_EXCEEDED, "limit-exceeded", "LimitExceeded"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 1, cases[i].outcome), LCC_OK);
        char rid[64], want[128];
        if (i == 1) {
            int http;
            const char *r = private_reply(&http, "a1", cid, "private", "");
            ck_assert_int_eq(http, 200);
            snprintf(rid, sizeof rid, "%s", str_after(r, "id"));
        } else {
            public_ok(rid, "a1", cid, "public", pub);
        }
        advance(LCC_ENGINE_SEND_DELAY_MS);
        snprintf(want, sizeof want, "MESSAGE queued a1\nMESSAGE %s a1\n", cases[i].event);
        ck_assert_str_eq(drain(), want);
        advance(LCC_ENGINE_DELIVERY_DELAY_MS);
        ck_assert_str_eq(drain(), ""); /* final */
        const char *m = message(cid, rid);
        ck_assert_str_eq(str_after(m, "status"), "delivery-failed");
        ck_assert_str_eq(str_after(m, "code"), cases[i].reason);
    }
    /* The next one goes through again. */
    char rid[64];
    public_ok(rid, "a1", cid, "ok now", pub);
    advance(LCC_ENGINE_SEND_DELAY_MS + LCC_ENGINE_DELIVERY_DELAY_MS);
    ck_assert_str_eq(drain(), "MESSAGE queued a1\nMESSAGE sent a1\nMESSAGE delivered a1\n");
}
END_TEST

/* ---- SL-END ---- */

START_TEST(test_SL_END_wrapup_before_next_offer)
{
    char cid[64], pub[64];
    connected(cid, pub);
    ck_assert_int_eq(lcc_engine_end(F.e, cid), LCC_OK);
    /* Ended, the agent stays interacting: no status change, no offer. */
    ck_assert_str_eq(drain(), "ENDED a1\n");
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_INTERACTING);
    const char *v = view(cid);
    ck_assert_str_eq(agent_state(cid), "disconnected");
    ck_assert_ptr_nonnull(strstr(v, "\"wrapupRequired\":true"));
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, cid), LCC_EPENDING);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, "a1", LCC_ROUTING_IDLE), LCC_ESTATE);
    /* A new interaction waits for them. */
    char next[64];
    social(next, NULL, LCC_CHANNEL_FACEBOOK, "@next", 0, "me next");
    ck_assert_str_eq(drain(), "QUEUED\n");
    advance(10 * ALERT_MS);
    ck_assert_str_eq(drain(), "");
    /* The wrap-up frees them, and they are offered the waiting one at once. */
    lcc_report *rep = NULL;
    ck_assert_int_eq(lcc_engine_wrap_up(&rep, F.e, "a1", cid, "resolved", "order re-sent"),
                     LCC_OK);
    ck_assert_ptr_nonnull(rep);
    ck_assert_uint_eq(lcc_report_count(rep), 0);
    lcc_report_free(rep);
    ck_assert_str_eq(drain(), "STATUS a1 1\nOFFERED a1\n");
    const char *code = NULL, *reason = NULL;
    ck_assert_int_eq(lcc_engine_wrapup(&code, &reason, F.e, cid), LCC_OK);
    ck_assert_str_eq(code, "resolved");
    ck_assert_str_eq(reason, "order re-sent");
    v = view(cid);
    ck_assert_ptr_null(strstr(v, "wrapupRequired"));
    ck_assert_str_eq(str_after(strstr(v, "\"wrapup\":"), "code"), "resolved");
    ck_assert_str_eq(str_after(strstr(v, "\"wrapup\":"), "notes"), "order re-sent");
    /* Given once. */
    ck_assert_int_eq(lcc_engine_wrap_up(&rep, F.e, "a1", cid, "again", NULL), LCC_EVALIDATION);
    ck_assert_int_eq(report_has(rep, "SL-END", LCC_SEVERITY_ERROR), 1);
    ck_assert_str_eq(lcc_report_field(rep, 0), "state");
    lcc_report_free(rep);
    /* The author writes again: the interaction goes back to the queue. */
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", next, 1), LCC_OK);
    ready("a2");
    char again[64];
    social(again, NULL, LCC_CHANNEL_FACEBOOK, JANE, 0, "still nothing");
    ck_assert_str_eq(again, cid);
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a2\n");
}
END_TEST

START_TEST(test_SL_END_threaded_during_wrapup)
{
    char cid[64], pub[64];
    connected(cid, pub);
    ready("a2");
    ck_assert_int_eq(lcc_engine_end(F.e, cid), LCC_OK);
    ck_assert_str_eq(drain(), "ENDED a1\n");
    /* The author writes while a1 wraps up: a2 gets it, a1 still owes the wrap-up. */
    social(NULL, NULL, LCC_CHANNEL_FACEBOOK, JANE, 1, "hello?");
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a2\n");
    ck_assert_int_eq(lcc_engine_answer(F.e, "a2", cid, 1), LCC_OK);
    ck_assert_str_eq(drain(), "ACCEPTED a2\nSTATUS a2 2\n");
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a2", cid, "x", NULL), LCC_EVALIDATION);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", cid, "handed over", NULL), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a1 1\n");
    /* a2 ends it over REST and wraps up in the same request. */
    patch_ok("a2", cid, "{\"state\":\"disconnected\",\"wrapup\":{\"code\":\"solved\"}}");
    ck_assert_str_eq(drain(), "ENDED a2\nSTATUS a2 1\n");
    const char *code, *reason = "x";
    ck_assert_int_eq(lcc_engine_wrapup(&code, &reason, F.e, cid), LCC_OK);
    ck_assert_str_eq(code, "solved");
    ck_assert_ptr_null(reason);
}
END_TEST

START_TEST(test_SL_END_rest_patch)
{
    char cid[64], pub[64];
    connected(cid, pub);
    char pid[64];
    snprintf(pid, sizeof pid, "%s", pid_of(cid));
    int http;
    /* No wrap-up before the end. */
    const char *r = patch(&http, "a1", cid, pid, "{\"wrapup\":{\"code\":\"early\"}}");
    expect_error(r, http, 409, "socialmedia.error.wrapup.state");
    /* A refused wrap-up with the end changes nothing. */
    r = patch(&http, "a1", cid, pid, "{\"state\":\"disconnected\",\"wrapup\":{\"code\":\"\"}}");
    expect_error(r, http, 400, "socialmedia.error.wrapup.code");
    ck_assert_str_eq(agent_state(cid), "connected");
    ck_assert_str_eq(drain(), "");
    patch_ok("a1", cid, "{\"state\":\"disconnected\"}");
    ck_assert_str_eq(drain(), "ENDED a1\n");
    ck_assert_ptr_nonnull(strstr(view(cid), "\"wrapupRequired\":true"));
    /* Only its agent wraps up; the rules of the code and notes. */
    r = patch(&http, "a2", cid, pid, "{\"wrapup\":{\"code\":\"x\"}}");
    expect_error(r, http, 409, "socialmedia.error.wrapup.state");
    char body[512];
    char *notes = repeat("n", 129);
    snprintf(body, sizeof body, "{\"wrapup\":{\"code\":\"ok\",\"notes\":\"%s\"}}", notes);
    free(notes);
    r = patch(&http, "a1", cid, pid, body);
    expect_error(r, http, 400, "socialmedia.error.wrapup.reason");
    r = patch(&http, "a1", cid, pid,
              "{\"wrapup\":{\"code\":\"0123456789012345678901234567890123456\"}}");
    expect_error(r, http, 400, "socialmedia.error.wrapup.code");
    r = patch(&http, "a1", cid, pid, "{\"wrapup\":{\"notes\":\"no code\"}}");
    expect_error(r, http, 400, "socialmedia.error.wrapup.code");
    r = patch(&http, "a1", cid, pid, "{\"wrapup\":{\"code\":7}}");
    expect_error(r, http, 400, "bad.request");
    r = patch(&http, "a1", cid, pid, "{\"wrapup\":\"done\"}");
    expect_error(r, http, 400, "bad.request");
    /* Disconnecting again is refused. */
    r = patch(&http, "a1", cid, pid, "{\"state\":\"disconnected\"}");
    expect_error(r, http, 409, "socialmedia.error.not.offered");
    ck_assert_str_eq(drain(), "");
    patch_ok("a1", cid, "{\"wrapup\":{\"code\":\"resolved\",\"notes\":\"refund\"}}");
    ck_assert_str_eq(drain(), "STATUS a1 1\n");
    r = patch(&http, "a1", cid, pid, "{\"wrapup\":{\"code\":\"again\"}}");
    expect_error(r, http, 409, "socialmedia.error.wrapup.state");
}
END_TEST

START_TEST(test_SL_END_wrapup_validation)
{
    char cid[64], pub[64];
    connected(cid, pub);
    lcc_report *rep = NULL;
    /* Not ended yet. */
    ck_assert_int_eq(lcc_engine_wrap_up(&rep, F.e, "a1", cid, "code", NULL), LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(rep, 0), "SL-END");
    ck_assert_str_eq(lcc_report_field(rep, 0), "state");
    ck_assert_int_eq(lcc_report_code(rep, 0), LCC_ESTATE);
    lcc_report_free(rep);
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, cid), LCC_ESTATE);
    ck_assert_int_eq(lcc_engine_end(F.e, cid), LCC_OK);
    static const struct {
        const char *code, *reason, *field;
    } bad[] = {{NULL, NULL, "wrapup_code"},
               {"", NULL, "wrapup_code"},
               {"0123456789012345678901234567890123456", NULL, "wrapup_code"},
               {"bad\x01", NULL, "wrapup_code"},
               {"ok", "", "wrapup_reason"},
               {"ok", "\xff", "wrapup_reason"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rep = NULL;
        ck_assert_int_eq(lcc_engine_wrap_up(&rep, F.e, "a1", cid, bad[i].code, bad[i].reason),
                         LCC_EVALIDATION);
        ck_assert_uint_eq(lcc_report_count(rep), 1);
        ck_assert_str_eq(lcc_report_rule(rep, 0), "SL-END");
        ck_assert_str_eq(lcc_report_field(rep, 0), bad[i].field);
        lcc_report_free(rep);
    }
    char *reason = repeat("r", 129);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", cid, "ok", reason), LCC_EVALIDATION);
    reason[128] = '\0';
    /* Another agent owes nothing here. */
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a2", cid, "ok", NULL), LCC_EVALIDATION);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "nobody", cid, "ok", NULL), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", "nope", "ok", NULL), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, NULL, cid, "ok", NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, NULL, "a1", cid, "ok", NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, "nope"), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, NULL, cid), LCC_EMISUSE);
    ck_assert_str_eq(drain(), "ENDED a1\n");
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_INTERACTING);
    /* 36 characters of code (not bytes) and 128 of reason are fine. */
    char code[128];
    snprintf(code, sizeof code, "%s", "\xc3\xa9" "12345678901234567890123456789012345");
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", cid, code, reason), LCC_OK);
    free(reason);
    ck_assert_str_eq(drain(), "STATUS a1 1\n");
}
END_TEST

/* Calls and other messaging conversations still free their agent at once. */
START_TEST(test_SL_END_only_social_interactions)
{
    ready("a1");
    const char *sms;
    ck_assert_int_eq(lcc_engine_add_message(&sms, F.e, "q1", LCC_CHANNEL_SMS, "+447700900123",
                                            "hi"),
                     LCC_OK);
    char id[64];
    snprintf(id, sizeof id, "%s", sms);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", id, 1), LCC_OK);
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a1\nACCEPTED a1\nSTATUS a1 2\nENDED a1\n"
                              "STATUS a1 1\n");
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, id), LCC_ESTATE);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", id, "x", "y"), LCC_EVALIDATION);
    /* An SMS conversation shows no agent while alerting, and accepts without
     * the social permission. */
    ck_assert_int_eq(lcc_agent_remove_permission(F.f.agent, PERM_ACCEPT), LCC_OK);
    ck_assert_int_eq(lcc_engine_add_message(&sms, F.e, "q1", LCC_CHANNEL_SMS, "+447700900999",
                                            "hi"),
                     LCC_OK);
    snprintf(id, sizeof id, "%s", sms);
    ck_assert_ptr_null(agent_part(view(id)));
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", id, 1), LCC_OK);
    const char *call_id;
    ck_assert_int_eq(lcc_engine_end(F.e, id), LCC_OK);
    drain();
    ck_assert_int_eq(lcc_engine_add_call(&call_id, F.e, "q1", "+33 1 42 68 53 00"), LCC_OK);
    char cid[64];
    snprintf(cid, sizeof cid, "%s", call_id);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", cid, 1), LCC_OK);
    ck_assert_int_eq(lcc_engine_end(F.e, cid), LCC_OK);
    ck_assert_str_eq(drain(), "QUEUED\nOFFERED a1\nACCEPTED a1\nSTATUS a1 2\nENDED a1\n"
                              "STATUS a1 1\n");
}
END_TEST

/* The threading timeline ends a connected social interaction: wrap-up too. */
START_TEST(test_SL_END_by_threading_timeline)
{
    char cid[64], pub[64];
    connected(cid, pub);
    ck_assert_int_eq(lcc_engine_set_threading_timeline(F.e, HOUR_MS), LCC_OK);
    advance(HOUR_MS);
    ck_assert_str_eq(drain(), "ENDED a1\n");
    ck_assert_int_eq(lcc_engine_wrapup(NULL, NULL, F.e, cid), LCC_EPENDING);
    int http;
    const char *r = private_reply(&http, "a1", cid, "late", "");
    expect_error(r, http, 409, "messaging.error.conversation.closed");
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", cid, "timeout", NULL), LCC_OK);
    ck_assert_str_eq(drain(), "STATUS a1 1\n");
    /* Closed: the author's next message starts a new interaction. */
    char next[64];
    social(next, NULL, LCC_CHANNEL_FACEBOOK, JANE, 0, "new topic");
    ck_assert_str_ne(next, cid);
}
END_TEST

/* ---- lcc_engine_add_social() and the REST surface ---- */

START_TEST(test_add_social_errors)
{
    const char *c = "unchanged", *m = "unchanged";
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_SMS, JANE, 0, "x"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_WHATSAPP, JANE, 0, "x"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, "", 0, "x"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, "a\nb", 0, "x"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, "a\xc2\x85", 0, "x"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, "\xff", 0, "x"),
                     LCC_EINVAL);
    char *long_author = repeat("a", 255);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, long_author, 0, "x"),
                     LCC_EINVAL);
    long_author[254] = '\0';
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, long_author, 0, "x"),
                     LCC_OK);
    free(long_author);
    ck_assert_str_eq(drain(), "QUEUED\n");
    c = m = "unchanged";
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, JANE, 0, ""),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, JANE, 0, "\xff"),
                     LCC_EINVAL);
    char *big = repeat("b", 65537);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, JANE, 0, big),
                     LCC_ERANGE);
    big[65536] = '\0';
    ck_assert_int_eq(lcc_engine_add_social(NULL, NULL, F.e, "q1", LCC_CHANNEL_X, JANE, 0, big),
                     LCC_OK);
    free(big);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "nope", LCC_CHANNEL_X, JANE, 0, "x"),
                     LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, NULL, LCC_CHANNEL_X, JANE, 0, "x"),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, NULL, 0, "x"),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, F.e, "q1", LCC_CHANNEL_X, JANE, 0, NULL),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_add_social(&c, &m, NULL, "q1", LCC_CHANNEL_X, JANE, 0, "x"),
                     LCC_EMISUSE);
    ck_assert_str_eq(c, "unchanged");
    ck_assert_str_eq(m, "unchanged");
    ck_assert_str_eq(drain(), "QUEUED\n");
}
END_TEST

START_TEST(test_rest_social_surface)
{
    char cid[64], pub[64];
    connected(cid, pub);
    int http;
    char path[256], comm[64];
    snprintf(comm, sizeof comm, "%s", comm_of(cid));
    /* Unknown conversation or communication; not the assigned agent; an API client. */
    const char *r = call(&http, "a1", "POST", MSGS "/nope/communications/x/socialmedia/messages",
                         "{\"textBody\":\"x\"}");
    expect_error(r, http, 404, "not.found");
    snprintf(path, sizeof path, MSGS "/%s/communications/nope/socialmedia/messages", cid);
    r = call(&http, "a1", "POST", path, "{\"textBody\":\"x\"}");
    expect_error(r, http, 404, "not.found");
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/socialmedia/messages", cid, comm);
    char body[256];
    snprintf(body, sizeof body, "{\"textBody\":\"x\",\"inReplyToMessageId\":\"%s\"}", pub);
    r = call(&http, "a2", "POST", path, body);
    expect_error(r, http, 403, "messaging.error.not.assigned");
    r = call(&http, "crm-integration", "POST", path, body);
    expect_error(r, http, 403, "messaging.error.not.assigned");
    /* Malformed bodies. */
    r = call(&http, "a1", "POST", path, "{nope");
    expect_error(r, http, 400, "bad.request");
    r = call(&http, "a1", "POST", path, "{\"textBody\":1}");
    expect_error(r, http, 400, "bad.request");
    r = call(&http, "a1", "POST", path, "{\"textBody\":\"x\",\"inReplyToMessageId\":5}");
    expect_error(r, http, 400, "bad.request");
    r = call(&http, "a1", "POST", path, "{\"textBody\":\"\\u00ff\\ud800\"}");
    ck_assert_int_eq(http, 400);
    r = call(&http, "a1", "GET", path, NULL);
    expect_error(r, http, 404, "not.found");
    ck_assert_str_eq(drain(), "");
    /* A public social reply in an SMS conversation is refused. */
    ck_assert_int_eq(lcc_engine_end(F.e, cid), LCC_OK);
    ck_assert_int_eq(lcc_engine_wrap_up(NULL, F.e, "a1", cid, "done", NULL), LCC_OK);
    const char *sms;
    ck_assert_int_eq(lcc_engine_add_message(&sms, F.e, "q1", LCC_CHANNEL_SMS, "+447700900123",
                                            "hi"),
                     LCC_OK);
    char sid[64];
    snprintf(sid, sizeof sid, "%s", sms);
    ck_assert_int_eq(lcc_engine_answer(F.e, "a1", sid, 1), LCC_OK);
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/socialmedia/messages", sid,
             comm_of(sid));
    r = call(&http, "a1", "POST", path, "{\"textBody\":\"x\",\"inReplyToMessageId\":\"m\"}");
    expect_error(r, http, 400, "socialmedia.error.channel.not.supported");
    /* Its AdditionalMessage is still an SMS, without visibility. */
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/messages", sid, comm_of(sid));
    ck_assert_int_eq(lcc_agent_add_permission(F.f.agent, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    r = call(&http, "a1", "POST", path, "{\"textBody\":\"x\"}");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_ptr_null(strstr(r, "visibility"));
    ck_assert_str_eq(str_after(r, "messengerType"), "sms");
}
END_TEST

/* ---- allocation failures ---- */

static int64_t sweep_now = T0_MS;

static int64_t sweep_clock(void *ud)
{
    (void)ud;
    return sweep_now;
}

/* One request as `auth`; the body into buf. */
static lcc_status sweep_rest(int *http, char *buf, size_t cap, lcc_engine *e, const char *method,
                             const char *path, const char *auth, const char *body)
{
    char *resp = NULL;
    size_t len = 0;
    lcc_status st = lcc_engine_handle(http, &resp, &len, e, method, path, auth, body,
                                      body ? strlen(body) : 0);
    if (st == LCC_OK) {
        snprintf(buf, cap, "%s", resp);
        lcc_free(resp);
    }
    return st;
}

static void json_str(char *out, size_t cap, const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = json ? strstr(json, pat) : NULL;
    p = p ? p + strlen(pat) : "";
    snprintf(out, cap, "%.*s", (int)strcspn(p, "\""), p);
}

/* A social interaction from arrival to wrap-up, with every request. */
static void scenario_social(lcc_context *ctx)
{
    lcc_agent *a;
    lcc_queue *q;
    lcc_engine *e;
    lcc_report *rep = NULL;
    const char *c, *m, *c2;
    char cid[64], mid[64], cid2[64], comm[64], pid[64], auth[128], path[256], buf[4096];
    char body[256], tok[64];
    int http = 0;
    STEP(lcc_agent_new(&a, ctx, "a1", "Ana"));
    STEP(lcc_agent_add_permission(a, PERM_ACCEPT));
    STEP(lcc_agent_add_permission(a, PERM_PUBLIC));
    STEP(lcc_queue_new(&q, ctx, "q1", "Support"));
    STEP(lcc_queue_add_member(q, "a1"));
    STEP(lcc_engine_new(&e, ctx, NULL));
    STEP(lcc_engine_set_presence(e, "a1", LCC_PRESENCE_AVAILABLE));
    STEP(lcc_engine_set_routing_status(e, "a1", LCC_ROUTING_IDLE));
    STEP(lcc_engine_add_social(&c, &m, e, "q1", LCC_CHANNEL_FACEBOOK, JANE, 0, "help"));
    snprintf(cid, sizeof cid, "%s", c);
    snprintf(mid, sizeof mid, "%s", m);
    STEP(lcc_engine_add_social(NULL, NULL, e, "q1", LCC_CHANNEL_FACEBOOK, JANE, 1, "dm"));
    STEP(lcc_engine_answer(e, "a1", cid, 1));
    STEP(lcc_engine_set_contact_online(e, JANE, 0));
    STEP(sweep_rest(&http, buf, sizeof buf, e, "POST", "/oauth/token", "Basic YTE6eA==",
                    "grant_type=client_credentials"));
    json_str(tok, sizeof tok, buf, "access_token");
    snprintf(auth, sizeof auth, "Bearer %s", tok);
    snprintf(path, sizeof path, MSGS "/%s", cid);
    STEP(sweep_rest(&http, buf, sizeof buf, e, "GET", path, auth, NULL));
    ck_assert_int_eq(http, 200);
    json_str(pid, sizeof pid, strstr(buf, "\"participants\":["), "id");
    json_str(comm, sizeof comm, strstr(buf, "\"messages\":["), "id");
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/socialmedia/messages", cid, comm);
    snprintf(body, sizeof body,
             "{\"textBody\":\"sorry\",\"mediaIds\":[\"m1\"],\"inReplyToMessageId\":\"%s\"}", mid);
    STEP(sweep_rest(&http, buf, sizeof buf, e, "POST", path, auth, body));
    STEP(sweep_rest(&http, buf, sizeof buf, e, "POST", path, auth,
                    "{\"textBody\":\"x\",\"mediaIds\":[\"m1\",\"m2\"]}"));
    snprintf(path, sizeof path, MSGS "/%s/communications/%s/messages", cid, comm);
    STEP(sweep_rest(&http, buf, sizeof buf, e, "POST", path, auth, "{\"textBody\":\"dm back\"}"));
    sweep_now += 3000;
    STEP(lcc_context_run_due(ctx));
    STEP(lcc_engine_set_contact_online(e, JANE, 1));
    snprintf(path, sizeof path, MSGS "/%s/messages/%s", cid, mid);
    STEP(sweep_rest(&http, buf, sizeof buf, e, "GET", path, auth, NULL));
    snprintf(path, sizeof path, MSGS "/%s/participants/%s", cid, pid);
    STEP(sweep_rest(&http, buf, sizeof buf, e, "PATCH", path, auth,
                    "{\"state\":\"disconnected\"}"));
    STEP(lcc_engine_add_social(&c2, NULL, e, "q1", LCC_CHANNEL_X, "@next", 0, "next"));
    snprintf(cid2, sizeof cid2, "%s", c2);
    STEP(sweep_rest(&http, buf, sizeof buf, e, "PATCH", path, auth,
                    "{\"wrapup\":{\"code\":\"done\",\"notes\":\"ok\"}}"));
    snprintf(path, sizeof path, MSGS "/%s", cid);
    STEP(sweep_rest(&http, buf, sizeof buf, e, "GET", path, auth, NULL));
    lcc_engine_answer(e, "a1", cid2, 1);
    lcc_engine_end(e, cid2);
    lcc_status st = lcc_engine_wrap_up(&rep, e, "a1", cid2, "", NULL);
    ck_assert(st == LCC_EVALIDATION || st == LCC_ENOMEM);
    lcc_report_free(rep);
    rep = NULL;
    STEP(lcc_engine_wrap_up(&rep, e, "a1", cid2, "done", NULL));
out:
    lcc_report_free(rep);
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx)))
        lcc_event_free(ev);
}

START_TEST(test_alloc_failure_sweep_social)
{
    for (long n = 1;; n++) {
        sweep_now = T0_MS;
        failing f = {0, n, 0, 0};
        lcc_allocator a = failing_allocator(&f);
        lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
        p.allocator = &a;
        p.now_ms = sweep_clock;
        lcc_context *ctx = NULL;
        lcc_status st = lcc_context_new(&ctx, &p);
        if (st == LCC_OK) {
            scenario_social(ctx);
            lcc_context_free(ctx);
        } else {
            ck_assert_int_eq(st, LCC_ENOMEM);
        }
        ck_assert_msg(f.live == 0, "%ld block(s) leaked when allocation %ld failed", f.live, n);
        if (!f.failed) {
            ck_assert_int_gt(n, 100);
            return;
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine-social");
    TCase *tc = tcase_create("social");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_SL_ACCEPT_alerting_then_connected);
    tcase_add_test(tc, test_SL_ACCEPT_rest_patch);
    tcase_add_test(tc, test_SL_PERM_accept);
    tcase_add_test(tc, test_SL_PERM_public_reply);
    tcase_add_test(tc, test_SL_NORESPONSE_decline);
    tcase_add_test(tc, test_SL_NORESPONSE_timeout);
    tcase_add_test(tc, test_SL_THREAD_public_and_private_in_one_interaction);
    tcase_add_test(tc, test_SL_VISIBILITY);
    tcase_add_test(tc, test_SL_LIMIT_2000_and_channels);
    tcase_add_test(tc, test_SL_LIMIT_X_280_weighted);
    tcase_add_test(tc, test_SL_ATTACH_one_media_per_message);
    tcase_add_test(tc, test_SL_DELIVERY_delivered);
    tcase_add_test(tc, test_SL_DELIVERY_pending_until_author_online);
    tcase_add_test(tc, test_SL_DELIVERY_failures);
    tcase_add_test(tc, test_SL_END_wrapup_before_next_offer);
    tcase_add_test(tc, test_SL_END_threaded_during_wrapup);
    tcase_add_test(tc, test_SL_END_rest_patch);
    tcase_add_test(tc, test_SL_END_wrapup_validation);
    tcase_add_test(tc, test_SL_END_only_social_interactions);
    tcase_add_test(tc, test_SL_END_by_threading_timeline);
    tcase_add_test(tc, test_add_social_errors);
    tcase_add_test(tc, test_rest_social_surface);
    suite_add_tcase(s, tc);
    TCase *sweep = tcase_create("alloc");
    tcase_set_timeout(sweep, 300);
    tcase_add_test(sweep, test_alloc_failure_sweep_social);
    suite_add_tcase(s, sweep);
    return run_suite(s);
}
