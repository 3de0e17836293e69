/* An agent's client controlling social listening interactions (SL-ACCEPT,
 * SL-PERM, SL-NORESPONSE, SL-END) and listing transfer targets
 * (OB-TRANSFER), end to end, and each message kind's whole path from
 * the client through the engine: the client context talks to the embedded
 * engine through lcc_engine_connect().  Each test is named after the rule
 * it checks.  Checks made before any request are seen by the engine not
 * changing (and no operation pending). */
#include "fixture.h"

#define ALERT_MS 30000

typedef struct ifix {
    fixture f;
    lcc_engine *e;
} ifix;

static ifix F;

static lcc_agent *add_agent(const char *id, const char *name, int accept)
{
    lcc_agent *a;
    ck_assert_int_eq(lcc_agent_new(&a, F.f.ctx, id, name), LCC_OK);
    if (accept)
        ck_assert_int_eq(lcc_agent_add_permission(a, LCC_PERM_MESSAGE_ACCEPT), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(F.f.queue, id), LCC_OK);
    return a;
}

/* a1 (the fixture's agent, the client's user) and a2 may accept; "noaccept"
 * may not.  Nobody is on queue yet (ready()). */
static void setup(void)
{
    fixture_setup(&F.f);
    ck_assert_int_eq(lcc_agent_add_permission(F.f.agent, LCC_PERM_MESSAGE_ACCEPT), LCC_OK);
    add_agent("a2", "Bo", 1);
    add_agent("noaccept", "Cy", 0);
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    p.alert_timeout_ms = ALERT_MS;
    ck_assert_int_eq(lcc_engine_new(&F.e, F.f.ctx, &p), LCC_OK);
    ck_assert_int_eq(lcc_engine_connect(F.e, F.f.ctx, "a1"), LCC_OK);
}

static void teardown(void)
{
    fixture_teardown(&F.f);
}

static void drop_events(void)
{
    lcc_event *ev;
    while ((ev = lcc_context_next_event(F.f.ctx)))
        lcc_event_free(ev);
}

/* 1 when an engine event of type t for `agent` is queued (all are dropped). */
static int saw_event(lcc_event_type t, const char *agent)
{
    lcc_event *ev;
    int seen = 0;
    while ((ev = lcc_context_next_event(F.f.ctx))) {
        const char *who = lcc_event_agent_id(ev);
        seen |= lcc_event_get_type(ev) == t && who && strcmp(who, agent) == 0;
        lcc_event_free(ev);
    }
    return seen;
}

static void ready(const char *id)
{
    ck_assert_int_eq(lcc_engine_set_presence(F.e, id, LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(F.e, id, LCC_ROUTING_IDLE), LCC_OK);
}

static lcc_routing_status routing(const char *id)
{
    lcc_routing_status s;
    ck_assert_int_eq(lcc_engine_agent_status(F.e, id, NULL, &s), LCC_OK);
    return s;
}

/* An inbound public X post on q1, offered to whoever is ready; the client's
 * conversation handle for it (received by q1). */
static lcc_conversation *social(void)
{
    const char *cid = NULL, *mid = NULL;
    ck_assert_int_eq(lcc_engine_add_social(&cid, &mid, F.e, "q1", LCC_CHANNEL_X, "@jane_doe", 0,
                                           "my order never arrived"),
                     LCC_OK);
    lcc_conversation *c;
    ck_assert_int_eq(lcc_conversation_new(&c, F.f.ctx, cid, LCC_MEDIA_SOCIAL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(c, "q1"), LCC_OK);
    return c;
}

/* Waits for op, frees it and returns its status; *rule receives the rule of
 * its report's first entry ("" when none). */
static lcc_status finish(lcc_op *op, char rule[32])
{
    ck_assert_ptr_nonnull(op);
    lcc_status st = lcc_context_wait(F.f.ctx, op, 1000);
    ck_assert_int_eq(st, lcc_op_status(op));
    const lcc_report *r = lcc_op_report(op);
    if (rule)
        snprintf(rule, 32, "%s", r ? lcc_report_rule(r, 0) : "");
    ck_assert_int_eq(lcc_op_get_kind(op), LCC_OP_INTERACTION);
    lcc_op_free(op);
    return st;
}

static lcc_status accept_as(lcc_conversation *c, lcc_agent *a, char rule[32])
{
    lcc_op *op;
    ck_assert_int_eq(lcc_conversation_accept(&op, NULL, c, a), LCC_OK);
    return finish(op, rule);
}

/* ---- SL-ACCEPT and SL-END: the whole life of an interaction ---- */

START_TEST(test_SL_ACCEPT_END_whole_life)
{
    ready("a1");
    lcc_conversation *c = social();
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_UNKNOWN);
    lcc_op *op;
    ck_assert_int_eq(lcc_conversation_refresh(&op, c, F.f.agent), LCC_OK);
    ck_assert_int_eq(finish(op, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_ALERTING);
    drop_events();

    ck_assert_int_eq(accept_as(c, F.f.agent, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_CONNECTED);
    ck_assert(saw_event(LCC_EVENT_ENGINE_ACCEPTED, "a1"));
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_INTERACTING);

    ck_assert_int_eq(lcc_conversation_end(&op, NULL, c, F.f.agent), LCC_OK);
    ck_assert_int_eq(finish(op, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_WRAPUP);
    ck_assert(saw_event(LCC_EVENT_ENGINE_ENDED, "a1"));
    const char *code = NULL, *reason = NULL;
    ck_assert_int_eq(lcc_engine_wrapup(&code, &reason, F.e, lcc_conversation_id(c)),
                     LCC_EPENDING); /* owed, not given */
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_INTERACTING); /* after-contact work */

    ck_assert_int_eq(lcc_conversation_wrap_up(&op, NULL, c, F.f.agent, "resolved", "refund sent"),
                     LCC_OK);
    ck_assert_int_eq(finish(op, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_DONE);
    ck_assert_int_eq(lcc_engine_wrapup(&code, &reason, F.e, lcc_conversation_id(c)), LCC_OK);
    ck_assert_str_eq(code, "resolved");
    ck_assert_str_eq(reason, "refund sent");
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_IDLE);
}
END_TEST

/* What the client knows is checked before any request. */
START_TEST(test_SL_ACCEPT_client_checks)
{
    ready("a1");
    lcc_conversation *c = social();
    lcc_op *op = (lcc_op *)&op;
    lcc_report *r = NULL;
    /* a conversation handled by another agent */
    ck_assert_int_eq(lcc_conversation_set_agent(c, "a2"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_accept(&op, &r, c, F.f.agent), LCC_EVALIDATION);
    ck_assert_ptr_null(op);
    ck_assert_uint_eq(lcc_report_count(r), 1);
    ck_assert_str_eq(lcc_report_rule(r, 0), "SL-ACCEPT");
    ck_assert_str_eq(lcc_report_field(r, 0), "agent");
    lcc_report_free(r);
    ck_assert_int_eq(lcc_conversation_set_agent(c, NULL), LCC_OK);
    /* a queue the agent is not a member of */
    lcc_queue *other;
    ck_assert_int_eq(lcc_queue_new(&other, F.f.ctx, "q2", "Billing"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(c, "q2"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_decline(&op, &r, c, F.f.agent), LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(r, 0), "SL-ACCEPT");
    ck_assert_str_eq(lcc_report_field(r, 0), "queue");
    lcc_report_free(r);
    ck_assert_int_eq(lcc_conversation_set_queue(c, "q1"), LCC_OK);
    /* a voice call */
    ck_assert_int_eq(lcc_conversation_accept(&op, &r, F.f.conv, F.f.agent), LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_field(r, 0), "media");
    lcc_report_free(r);
    ck_assert_int_eq(lcc_conversation_refresh(&op, F.f.conv, F.f.agent), LCC_EINVAL);
    ck_assert_uint_eq(lcc_context_pending_ops(F.f.ctx), 0);

    /* a known state that does not allow the action */
    ck_assert_int_eq(accept_as(c, F.f.agent, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_accept(&op, &r, c, F.f.agent), LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(r, 0), "SL-ACCEPT");
    ck_assert_str_eq(lcc_report_field(r, 0), "state");
    lcc_report_free(r);
    ck_assert_int_eq(lcc_conversation_decline(&op, &r, c, F.f.agent), LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(r, 0), "SL-NORESPONSE");
    lcc_report_free(r);
    ck_assert_int_eq(lcc_conversation_wrap_up(&op, &r, c, F.f.agent, "resolved", NULL),
                     LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(r, 0), "SL-END");
    lcc_report_free(r);
    ck_assert_uint_eq(lcc_context_pending_ops(F.f.ctx), 0);
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_INTERACTING); /* still connected */
}
END_TEST

/* SL-PERM: accepting needs conversation:message:accept, checked before
 * any request. */
START_TEST(test_SL_PERM_accept)
{
    ready("noaccept");
    lcc_conversation *c = social();
    lcc_op *op = (lcc_op *)&op;
    lcc_report *r = NULL;
    lcc_agent *na = lcc_context_find_agent(F.f.ctx, "noaccept");
    ck_assert_int_eq(lcc_engine_connect(F.e, F.f.ctx, "noaccept"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_accept(&op, &r, c, na), LCC_EVALIDATION);
    ck_assert_ptr_null(op);
    ck_assert(report_has(r, "SL-PERM", LCC_SEVERITY_ERROR));
    ck_assert_str_eq(lcc_report_field(r, 0), "permissions");
    lcc_report_free(r);
    ck_assert_uint_eq(lcc_context_pending_ops(F.f.ctx), 0);
    /* declining needs no permission */
    ck_assert_int_eq(lcc_conversation_decline(&op, NULL, c, na), LCC_OK);
    ck_assert_int_eq(finish(op, NULL), LCC_OK);
}
END_TEST

/* SL-NORESPONSE: a declined interaction puts the agent in "not responding"
 * and goes back to the queue, where the next agent is offered it. */
START_TEST(test_SL_NORESPONSE_decline)
{
    ready("a1");
    lcc_conversation *c = social();
    drop_events();
    lcc_op *op;
    ck_assert_int_eq(lcc_conversation_decline(&op, NULL, c, F.f.agent), LCC_OK);
    ck_assert_int_eq(finish(op, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_DONE);
    ck_assert(saw_event(LCC_EVENT_ENGINE_DECLINED, "a1"));
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_NOT_RESPONDING);
    ready("a2");
    ck_assert(saw_event(LCC_EVENT_ENGINE_OFFERED, "a2"));
    /* the decliner can no longer accept it: the client knows it is over
     * for them, and the backend that it alerts a2 now */
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_conversation_accept(&op, &r, c, F.f.agent), LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(r, 0), "SL-ACCEPT");
    ck_assert_str_eq(lcc_report_field(r, 0), "state");
    lcc_report_free(r);
    ck_assert_int_eq(lcc_conversation_refresh(&op, c, F.f.agent), LCC_OK);
    ck_assert_int_eq(finish(op, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_UNKNOWN);
    char rule[32];
    ck_assert_int_eq(accept_as(c, F.f.agent, rule), LCC_EVALIDATION);
    ck_assert_str_eq(rule, "SL-ACCEPT");
}
END_TEST

/* What only the backend knows ends the operation after the GET, with the
 * rule in its report; nothing changes. */
START_TEST(test_SL_ACCEPT_after_get)
{
    ready("a2"); /* a1 is not on queue: the interaction alerts a2 */
    lcc_conversation *c = social();
    char rule[32];
    ck_assert_int_eq(accept_as(c, F.f.agent, rule), LCC_EVALIDATION);
    ck_assert_str_eq(rule, "SL-ACCEPT");
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_UNKNOWN);
    ck_assert_int_eq(routing("a2"), LCC_ROUTING_IDLE); /* the offer still alerts a2 */
    /* a2's client accepts it */
    lcc_agent *a2 = lcc_context_find_agent(F.f.ctx, "a2");
    ck_assert_int_eq(lcc_engine_connect(F.e, F.f.ctx, "a2"), LCC_OK);
    ck_assert_int_eq(accept_as(c, a2, NULL), LCC_OK);
    /* a fresh handle does not know the state: the wrap-up is refused after
     * the GET, since the interaction is still connected */
    char id[64];
    snprintf(id, sizeof id, "%s", lcc_conversation_id(c));
    lcc_conversation_free(c);
    ck_assert_int_eq(lcc_conversation_new(&c, F.f.ctx, id, LCC_MEDIA_SOCIAL), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_conversation_wrap_up(&op, NULL, c, a2, "resolved", NULL), LCC_OK);
    ck_assert_int_eq(finish(op, rule), LCC_EVALIDATION);
    ck_assert_str_eq(rule, "SL-END");
    ck_assert_int_eq(lcc_conversation_state(c), LCC_INTERACTION_CONNECTED);
}
END_TEST

/* SL-END: the wrap-up's code and notes are checked before any request. */
START_TEST(test_SL_END_wrapup_checks)
{
    ready("a1");
    lcc_conversation *c = social();
    lcc_op *op = (lcc_op *)&op;
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_conversation_wrap_up(&op, &r, c, F.f.agent, NULL, NULL),
                     LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_rule(r, 0), "SL-END");
    ck_assert_str_eq(lcc_report_field(r, 0), "wrapup_code");
    lcc_report_free(r);
    /* a C1 control character (NEL) is not text */
    ck_assert_int_eq(lcc_conversation_wrap_up(&op, &r, c, F.f.agent, "done\xc2\x85", NULL),
                     LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_field(r, 0), "wrapup_code");
    lcc_report_free(r);
    char notes[200];
    memset(notes, 'n', sizeof notes - 1);
    notes[sizeof notes - 1] = '\0';
    ck_assert_int_eq(lcc_conversation_wrap_up(&op, &r, c, F.f.agent, "resolved", notes),
                     LCC_EVALIDATION);
    ck_assert_str_eq(lcc_report_field(r, 0), "wrapup_reason");
    lcc_report_free(r);
    ck_assert_ptr_null(op);
    ck_assert_uint_eq(lcc_context_pending_ops(F.f.ctx), 0);
}
END_TEST

/* A conversation freed while its operation is in flight: the operation
 * ends cancelled and touches nothing. */
START_TEST(test_interaction_freed_in_flight)
{
    ready("a1");
    lcc_conversation *c = social();
    lcc_op *op;
    ck_assert_int_eq(lcc_conversation_accept(&op, NULL, c, F.f.agent), LCC_OK);
    lcc_op *second = (lcc_op *)&second;
    ck_assert_int_eq(lcc_conversation_accept(&second, NULL, c, F.f.agent), LCC_ESTATE);
    ck_assert_ptr_null(second);
    drop_events();
    lcc_conversation_free(c);
    ck_assert_int_eq(lcc_op_status(op), LCC_ECANCELED);
    ck_assert_uint_eq(lcc_context_pending_ops(F.f.ctx), 0);
    ck_assert_int_eq(lcc_context_run_due(F.f.ctx), LCC_OK);
    lcc_op_free(op);
    ck_assert(!saw_event(LCC_EVENT_ENGINE_ACCEPTED, "a1")); /* still alerting */
    ck_assert_int_eq(routing("a1"), LCC_ROUTING_IDLE);
}
END_TEST

/* ---- OB-TRANSFER: the targets with their availability ---- */

static void profile(lcc_agent *a, uint32_t media)
{
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    p.digital_license = 1;
    p.media = media;
    p.auto_assigned = media;
    ck_assert_int_eq(lcc_agent_set_profile(a, &p), LCC_OK);
}

START_TEST(test_OB_TRANSFER_list)
{
    lcc_agent *a2 = lcc_context_find_agent(F.f.ctx, "a2");
    lcc_agent *cy = lcc_context_find_agent(F.f.ctx, "noaccept");
    profile(F.f.agent, LCC_CHANNEL_BIT(LCC_CHANNEL_SMS));
    profile(a2, LCC_CHANNEL_BIT(LCC_CHANNEL_SMS) | LCC_CHANNEL_BIT(LCC_CHANNEL_EMAIL));
    profile(cy, LCC_CHANNEL_BIT(LCC_CHANNEL_EMAIL));
    ready("a1");
    ready("a2");
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "noaccept", LCC_PRESENCE_AVAILABLE), LCC_OK);
    lcc_queue *q2;
    ck_assert_int_eq(lcc_queue_new(&q2, F.f.ctx, "q2", "Billing"), LCC_OK);

    lcc_op *op;
    ck_assert_int_eq(lcc_transfer_list_fetch(&op, F.f.ctx, "profile-1", LCC_CHANNEL_SMS, NULL),
                     LCC_OK);
    ck_assert_ptr_null(lcc_op_transfer_list(op)); /* not finished yet */
    ck_assert_int_eq(lcc_context_wait(F.f.ctx, op, 1000), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    ck_assert_int_eq(lcc_op_get_kind(op), LCC_OP_TRANSFER_LIST);
    const lcc_transfer_list *l = lcc_op_transfer_list(op);
    /* a2 (SMS, available; not the caller a1, not Cy who has no SMS), then q1 and q2 */
    ck_assert_uint_eq(lcc_transfer_list_count(l), 3);
    ck_assert_int_eq(lcc_transfer_list_kind(l, 0), LCC_TRANSFER_AGENT);
    ck_assert_str_eq(lcc_transfer_list_id(l, 0), "a2");
    ck_assert_str_eq(lcc_transfer_list_name(l, 0), "Bo");
    ck_assert_str_eq(lcc_transfer_list_state(l, 0), "Available");
    ck_assert_int_eq(lcc_transfer_list_available(l, 0), 1);
    ck_assert_int_eq(lcc_transfer_list_kind(l, 1), LCC_TRANSFER_QUEUE);
    ck_assert_str_eq(lcc_transfer_list_id(l, 1), "q1");
    ck_assert_str_eq(lcc_transfer_list_name(l, 1), "Support");
    ck_assert_ptr_null(lcc_transfer_list_state(l, 1));
    ck_assert_int_eq(lcc_transfer_list_available(l, 1), 2); /* a1 and a2 */
    ck_assert_str_eq(lcc_transfer_list_id(l, 2), "q2");
    ck_assert_int_eq(lcc_transfer_list_available(l, 2), 0);
    ck_assert_ptr_null(lcc_transfer_list_id(l, 3));
    ck_assert_int_eq(lcc_transfer_list_available(l, 3), 0);
    lcc_op_free(op);

    /* only idle email agents: Cy (present, not on queue) */
    ck_assert_int_eq(lcc_transfer_list_fetch(&op, F.f.ctx, "profile-1", LCC_CHANNEL_EMAIL, "Idle"),
                     LCC_OK);
    ck_assert_int_eq(lcc_context_wait(F.f.ctx, op, 1000), LCC_OK);
    l = lcc_op_transfer_list(op);
    ck_assert_uint_eq(lcc_transfer_list_count(l), 3);
    ck_assert_str_eq(lcc_transfer_list_id(l, 0), "noaccept");
    ck_assert_str_eq(lcc_transfer_list_state(l, 0), "Idle");
    ck_assert_int_eq(lcc_transfer_list_available(l, 0), 0);
    lcc_op_free(op);

    /* bad arguments */
    op = (lcc_op *)&op;
    ck_assert_int_eq(lcc_transfer_list_fetch(&op, F.f.ctx, "p", LCC_CHANNEL_WHATSAPP, NULL),
                     LCC_EINVAL);
    ck_assert_ptr_null(op);
    ck_assert_int_eq(lcc_transfer_list_fetch(&op, F.f.ctx, "", LCC_CHANNEL_SMS, NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_transfer_list_fetch(&op, F.f.ctx, "p", LCC_CHANNEL_SMS, "RONA"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_transfer_list_fetch(NULL, F.f.ctx, "p", LCC_CHANNEL_SMS, NULL),
                     LCC_EMISUSE);
    ck_assert_uint_eq(lcc_transfer_list_count(NULL), 0);
}
END_TEST

/* A backend that answers 202 without the list (Webex's asynchronous
 * answer): an empty list, not an error. */
static lcc_status answer_202(lcc_request *req, void *ud)
{
    (void)ud;
    return lcc_request_complete(req, 202, NULL, "", 0);
}

START_TEST(test_OB_TRANSFER_list_async_answer)
{
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = answer_202;
    ck_assert_int_eq(lcc_context_set_transport(F.f.ctx, &t), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_transfer_list_fetch(&op, F.f.ctx, "p", LCC_CHANNEL_SMS, NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(F.f.ctx, op, 1000), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_OK);
    ck_assert_ptr_nonnull(lcc_op_transfer_list(op));
    ck_assert_uint_eq(lcc_transfer_list_count(lcc_op_transfer_list(op)), 0);
    lcc_op_free(op);
}
END_TEST

/* ---- the message kinds end to end (client against the engine) ---- */

static void advance(int64_t ms)
{
    F.f.now += ms;
    ck_assert_int_eq(lcc_context_run_due(F.f.ctx), LCC_OK);
}

static lcc_status run_op(lcc_op *op)
{
    lcc_status st = lcc_context_wait(F.f.ctx, op, 1000);
    lcc_op_free(op);
    return st;
}

/* OB-CREATE, OB-UNIQUE, OB-TRANSFER, OB-WRAPUP and OB-STATE through the
 * client: the task is created and accepted, a second conversation with the
 * customer is refused before any request, the conversation goes to a queue
 * where a2 is offered it, the wrap-up reaches the engine; an agent who is
 * not available is refused by the backend with its rule. */
START_TEST(test_OB_CREATE_TRANSFER_WRAPUP_end_to_end)
{
    profile(F.f.agent, LCC_CHANNEL_BIT(LCC_CHANNEL_SMS));
    profile(lcc_context_find_agent(F.f.ctx, "a2"), LCC_CHANNEL_BIT(LCC_CHANNEL_SMS));
    ck_assert_int_eq(lcc_context_set_digital_channels(F.f.ctx, 1), LCC_OK);
    lcc_entry_point *ep;
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.f.ctx, "ep", "Support SMS", LCC_CHANNEL_SMS),
                     LCC_OK);
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ready("a2");
    lcc_message *m, *again;
    ck_assert_int_eq(lcc_message_new(&m, F.f.ctx, F.f.agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_entry_point(m, "ep"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "+44 7700 900123"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "About your repair"), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(m), 1);
    ck_assert_ptr_nonnull(lcc_message_message_id(m, 0));

    ck_assert_int_eq(lcc_message_new(&again, F.f.ctx, F.f.agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_entry_point(again, "ep"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(again, "+447700900123"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(again, "Second thread"), LCC_OK);
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_message_send(&op, &r, again), LCC_EVALIDATION);
    ck_assert(report_has(r, "OB-UNIQUE", LCC_SEVERITY_ERROR));
    lcc_report_free(r);

    drop_events();
    ck_assert_int_eq(lcc_message_transfer(&op, NULL, m, LCC_TRANSFER_QUEUE, "q1"), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(m), 2);
    ck_assert(saw_event(LCC_EVENT_ENGINE_OFFERED, "a2"));
    ck_assert_int_eq(lcc_message_wrap_up(&op, NULL, m, "xfer", "Repairs"), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(m), 3);

    /* OB-STATE is the backend's: a1 offline, refused with the rule */
    ck_assert_int_eq(lcc_engine_set_presence(F.e, "a1", LCC_PRESENCE_OFFLINE), LCC_OK);
    lcc_message_free(again);
    ck_assert_int_eq(lcc_message_new(&again, F.f.ctx, F.f.agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_entry_point(again, "ep"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(again, "+1 212 555 0100"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(again, "Hello"), LCC_OK);
    ck_assert_int_eq(lcc_message_send(&op, NULL, again), LCC_OK);
    ck_assert_int_eq(lcc_context_wait(F.f.ctx, op, 1000), LCC_EVALIDATION);
    ck_assert(report_has(lcc_op_report(op), "OB-STATE", LCC_SEVERITY_ERROR));
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_task_state(again), 0);
}
END_TEST

/* SL-THREAD, SL-ATTACH, SL-DELIVERY and SL-RESEND through the client: a
 * public reply to the post with an attachment is two messages, pending
 * while the author is offline and delivered when they come back; a private
 * reply the provider rejects is resent and keeps the old id. */
START_TEST(test_SL_THREAD_DELIVERY_RESEND_end_to_end)
{
    ck_assert_int_eq(lcc_agent_add_permission(F.f.agent, LCC_PERM_SOCIAL_CREATE), LCC_OK);
    ready("a1");
    const char *cid = NULL, *post = NULL;
    ck_assert_int_eq(lcc_engine_add_social(&cid, &post, F.e, "q1", LCC_CHANNEL_FACEBOOK,
                                           "@jane_doe", 0, "broken on arrival"),
                     LCC_OK);
    lcc_conversation *c;
    ck_assert_int_eq(lcc_conversation_new(&c, F.f.ctx, cid, LCC_MEDIA_SOCIAL), LCC_OK);
    ck_assert_int_eq(accept_as(c, F.f.agent, NULL), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "@jane_doe", 0), LCC_OK);

    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, F.f.ctx, F.f.agent, LCC_CHANNEL_FACEBOOK), LCC_OK);
    ck_assert_int_eq(lcc_message_set_conversation(m, cid), LCC_OK);
    ck_assert_int_eq(lcc_message_set_reply_to(m, post), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "Sorry! A new one is on its way."), LCC_OK);
    ck_assert_int_eq(lcc_message_add_attachment(m, "media-label"), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_uint_eq(lcc_message_delivery_count(m), 2);
    advance(5000);
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_PENDING);
    ck_assert_int_eq(lcc_message_delivery_state(m, 1), LCC_DELIVERY_PENDING);
    ck_assert_int_eq(lcc_engine_set_contact_online(F.e, "@jane_doe", 1), LCC_OK);
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_DELIVERED);
    ck_assert_int_eq(lcc_message_delivery_state(m, 1), LCC_DELIVERY_DELIVERED);

    lcc_message *p;
    ck_assert_int_eq(lcc_message_new(&p, F.f.ctx, F.f.agent, LCC_CHANNEL_FACEBOOK), LCC_OK);
    ck_assert_int_eq(lcc_message_set_conversation(p, cid), LCC_OK);
    ck_assert_int_eq(lcc_message_set_private(p, 1), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(p, "Your order number, please?"), LCC_OK);
    ck_assert_int_eq(lcc_engine_fail_next_sends(F.e, 1, LCC_DELIVERY_SERVER_REJECTED), LCC_OK);
    ck_assert_int_eq(lcc_message_send(&op, NULL, p), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    advance(5000);
    ck_assert_int_eq(lcc_message_refresh(&op, p), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_int_eq(lcc_message_delivery_state(p, 0), LCC_DELIVERY_SERVER_REJECTED);
    ck_assert_str_eq(lcc_message_body(p), "Your order number, please?"); /* nothing lost */
    char first[64];
    snprintf(first, sizeof first, "%s", lcc_message_message_id(p, 0));
    ck_assert_int_eq(lcc_message_send(&op, NULL, p), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_str_eq(lcc_message_previous_id(p, 0), first);
    ck_assert_str_ne(lcc_message_message_id(p, 0), first);
    advance(5000);
    ck_assert_int_eq(lcc_message_refresh(&op, p), LCC_OK);
    ck_assert_int_eq(run_op(op), LCC_OK);
    ck_assert_int_eq(lcc_message_delivery_state(p, 0), LCC_DELIVERY_DELIVERED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interaction");
    TCase *tc = tcase_create("sl");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_SL_ACCEPT_END_whole_life);
    tcase_add_test(tc, test_SL_ACCEPT_client_checks);
    tcase_add_test(tc, test_SL_PERM_accept);
    tcase_add_test(tc, test_SL_NORESPONSE_decline);
    tcase_add_test(tc, test_SL_ACCEPT_after_get);
    tcase_add_test(tc, test_SL_END_wrapup_checks);
    tcase_add_test(tc, test_interaction_freed_in_flight);
    tcase_add_test(tc, test_OB_TRANSFER_list);
    tcase_add_test(tc, test_OB_TRANSFER_list_async_answer);
    tcase_add_test(tc, test_OB_CREATE_TRANSFER_WRAPUP_end_to_end);
    tcase_add_test(tc, test_SL_THREAD_DELIVERY_RESEND_end_to_end);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
