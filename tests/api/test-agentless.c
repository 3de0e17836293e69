/* Agentless messages: sent from a provisioned SMS number without an agent
 * conversation (Genesys POST /api/v2/conversations/messages/agentless).
 * The client's rules per rule id (OBQ-PERM, OBQ-CHANNELS, OBQ-RECIPIENTS,
 * TXT-LIMITS, SL-ATTACH) and the request it sends; the embedded engine's
 * side through REST; and the client against the engine, with the delivery
 * outcomes (SL-DELIVERY) and a resend (SL-RESEND). */
#include "engine-rest.h"
#include "fixture.h"

#define MSGS "/api/v2/conversations/messages"
#define AGENTLESS MSGS "/agentless"
#define FROM "+447700900000" /* provisioned */
#define HOME "+447700900123" /* crm-1's SMS identifier */
#define NY "+12125550100"

static fixture F;
static lcc_engine *E;

static void add_agent(const char *id, int create, int view)
{
    lcc_agent *a;
    ck_assert_int_eq(lcc_agent_new(&a, F.ctx, id, id), LCC_OK);
    if (create)
        ck_assert_int_eq(lcc_agent_add_permission(a, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    if (view)
        ck_assert_int_eq(lcc_agent_add_permission(a, LCC_PERM_QUEUE_VIEW), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(F.queue, id), LCC_OK);
}

/* a1 may send agentless and on behalf of q1; "solo" has only
 * conversation:message:create; "nocreate" only routing:queue:view.  The
 * engine provisions FROM and knows external contact crm-1 (HOME). */
static void setup(void)
{
    fixture_setup(&F);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_QUEUE_VIEW), LCC_OK);
    add_agent("solo", 1, 0);
    add_agent("nocreate", 0, 1);
    ck_assert_int_eq(lcc_engine_new(&E, F.ctx, NULL), LCC_OK);
    ck_assert_int_eq(lcc_engine_add_sms_number(E, "+44 7700 900000"), LCC_OK);
    ck_assert_int_eq(lcc_engine_add_external_contact(E, "crm-1", "Jane Doe"), LCC_OK);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-1", LCC_CHANNEL_SMS, HOME),
                     LCC_OK);
}

static void teardown(void)
{
    fixture_teardown(&F);
}

static void advance(int64_t ms)
{
    F.now += ms;
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
}

/* An agentless message from `from` by `sender` on `ch` to `to` with `text`
 * (each may be NULL: not set). */
static lcc_message *agentless(const char *sender, lcc_channel ch, const char *from, const char *to,
                              const char *text)
{
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, lcc_context_find_agent(F.ctx, sender), ch),
                     LCC_OK);
    if (from)
        ck_assert_int_eq(lcc_message_set_from_address(m, from), LCC_OK);
    if (to)
        ck_assert_int_eq(lcc_message_add_recipient(m, to), LCC_OK);
    if (text)
        ck_assert_int_eq(lcc_message_set_body(m, text), LCC_OK);
    return m;
}

static int has(const lcc_report *r, const char *rule, const char *field)
{
    for (size_t i = 0; i < lcc_report_count(r); i++)
        if (strcmp(lcc_report_rule(r, i), rule) == 0 && lcc_report_field(r, i) &&
            strcmp(lcc_report_field(r, i), field) == 0)
            return 1;
    return 0;
}

/* Validates m expecting exactly one error, of `rule` on `field`; returns
 * its sentence (static copy) and frees m. */
static const char *expect_only(lcc_message *m, const char *rule, const char *field)
{
    static char sentence[512];
    lcc_report *r;
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_EVALIDATION);
    ck_assert_msg(lcc_report_count(r) == 1 && has(r, rule, field), "want only %s/%s, got %zu: %s",
                  rule, field, lcc_report_count(r),
                  lcc_report_count(r) ? lcc_report_message(r, 0) : "");
    snprintf(sentence, sizeof sentence, "%s", lcc_report_message(r, 0));
    lcc_report_free(r);
    lcc_message_free(m);
    return sentence;
}

static void expect_valid(lcc_message *m)
{
    lcc_report *r;
    lcc_status st = lcc_message_validate(&r, m);
    ck_assert_msg(st == LCC_OK, "%s", lcc_report_count(r) ? lcc_report_message(r, 0) : "");
    lcc_report_free(r);
}

/* ---- the client's rules ---- */

START_TEST(test_agentless_origin)
{
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, "+44 7700 900000", HOME, "hi");
    ck_assert_str_eq(lcc_message_from_address(m), "+44 7700 900000");
    expect_valid(m);
    ck_assert_str_eq(lcc_message_delivery_address(m, 0), HOME);
    /* one origin at a time */
    ck_assert_int_eq(lcc_message_set_queue(m, "q1"), LCC_OK);
    ck_assert_ptr_null(lcc_message_from_address(m));
    ck_assert_int_eq(lcc_message_set_from_address(m, FROM), LCC_OK);
    ck_assert_ptr_null(lcc_message_queue_id(m));
    ck_assert_int_eq(lcc_message_set_entry_point(m, "ep"), LCC_OK);
    ck_assert_ptr_null(lcc_message_from_address(m));
    ck_assert_int_eq(lcc_message_set_from_address(m, FROM), LCC_OK);
    ck_assert_ptr_null(lcc_message_entry_point_id(m));
    ck_assert_int_eq(lcc_message_set_conversation(m, "conv"), LCC_OK);
    ck_assert_ptr_null(lcc_message_from_address(m));
    ck_assert_int_eq(lcc_message_set_from_address(m, FROM), LCC_OK);
    ck_assert_ptr_null(lcc_message_conversation(m));
    ck_assert_int_eq(lcc_message_set_from_address(m, ""), LCC_EINVAL);
    ck_assert_str_eq(lcc_message_from_address(m), FROM);
    ck_assert_int_eq(lcc_message_set_from_address(m, NULL), LCC_OK);
    ck_assert_ptr_null(lcc_message_from_address(m));
    ck_assert_int_eq(lcc_message_set_from_address(NULL, FROM), LCC_EMISUSE);
    ck_assert_ptr_null(lcc_message_from_address(NULL));
    lcc_message_free(m);
    /* external contacts are carried by agentless messages */
    m = agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, "hi");
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm-1"), LCC_OK);
    expect_valid(m);
    lcc_message_free(m);
}
END_TEST

/* OBQ-PERM: conversation:message:create only (no queue is involved). */
START_TEST(test_OBQ_PERM_agentless)
{
    lcc_message *m = agentless("solo", LCC_CHANNEL_SMS, FROM, HOME, "hi");
    expect_valid(m);
    lcc_message_free(m);
    const char *why = expect_only(agentless("nocreate", LCC_CHANNEL_SMS, FROM, HOME, "hi"),
                                  "OBQ-PERM", "agent");
    ck_assert_ptr_nonnull(strstr(why, "conversation:message:create"));
    ck_assert_ptr_null(strstr(why, "routing:queue:view"));
}
END_TEST

/* OBQ-CHANNELS: SMS only, from an international number. */
START_TEST(test_OBQ_CHANNELS_agentless)
{
    const char *why = expect_only(agentless("a1", LCC_CHANNEL_WHATSAPP, FROM, "447700900123",
                                            "hi"),
                                  "OBQ-CHANNELS", "channel");
    ck_assert_ptr_nonnull(strstr(why, "template"));
    lcc_report *r;
    lcc_message *m = agentless("a1", LCC_CHANNEL_EMAIL, FROM, "jane@example.com", "hi");
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_EVALIDATION);
    ck_assert(has(r, "OBQ-CHANNELS", "channel"));
    lcc_report_free(r);
    lcc_message_free(m);
    m = agentless("a1", LCC_CHANNEL_SMS, "12345", HOME, "hi");
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_count(r), 1);
    ck_assert(has(r, "OBQ-CHANNELS", "from"));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_EBADNUMBER);
    lcc_report_free(r);
    lcc_message_free(m);
    expect_only(agentless("a1", LCC_CHANNEL_SMS, "07700 900000", HOME, "hi"), "OBQ-CHANNELS",
                "from"); /* national: no default region */
    expect_only(agentless("a1", LCC_CHANNEL_SMS, "+44 7700 900000 ext. 12", HOME, "hi"),
                "OBQ-CHANNELS", "from");
}
END_TEST

START_TEST(test_OBQ_RECIPIENTS_agentless)
{
    expect_only(agentless("a1", LCC_CHANNEL_SMS, FROM, NULL, "hi"), "OBQ-RECIPIENTS",
                "recipients");
    expect_only(agentless("a1", LCC_CHANNEL_SMS, FROM, "07700 900123", "hi"), "OBQ-RECIPIENTS",
                "recipients");
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, "hi");
    ck_assert_int_eq(lcc_message_add_recipient(m, "+1 212 555 0100"), LCC_OK);
    expect_valid(m);
    ck_assert_str_eq(lcc_message_delivery_address(m, 1), NY);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_TXT_LIMITS_agentless)
{
    expect_only(agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, NULL), "TXT-LIMITS", "body");
    char text[767];
    memset(text, 'a', 766);
    text[766] = '\0';
    expect_only(agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, text), "TXT-LIMITS", "body");
    text[765] = '\0';
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, text);
    expect_valid(m);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_SL_ATTACH_agentless)
{
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, "hi");
    ck_assert_int_eq(lcc_message_add_attachment(m, "img-1"), LCC_OK);
    expect_only(m, "SL-ATTACH", "attachments");
}
END_TEST

/* ---- the requests, against a scripted backend ---- */

typedef struct scripted {
    char log[4096];
    size_t len;
    int sent;
    const char *status; /* message.status answered, or NULL: no message object */
    const char *reason; /* its reasons[0].code, or NULL */
} scripted;

static scripted S;

static lcc_status scripted_send(lcc_request *req, void *ud)
{
    (void)ud;
    size_t blen = 0;
    const char *body = lcc_request_body(req, &blen);
    const char *path = lcc_request_path(req);
    S.len += (size_t)snprintf(S.log + S.len, sizeof S.log - S.len, "%s %s %.*s\n",
                              lcc_request_method(req), path, (int)blen, body ? body : "");
    char out[512];
    if (strcmp(path, AGENTLESS) == 0) {
        int n = ++S.sent;
        if (S.status)
            snprintf(out, sizeof out,
                     "{\"id\":\"msg-%d\",\"conversationId\":\"conv-1\",\"message\":{\"id\":"
                     "\"msg-%d\",\"status\":\"%s\"%s%s%s}}",
                     n, n, S.status, S.reason ? ",\"reasons\":[{\"code\":\"" : "",
                     S.reason ? S.reason : "", S.reason ? "\"}]" : "");
        else
            snprintf(out, sizeof out, "{\"id\":\"msg-%d\",\"conversationId\":\"conv-1\"}", n);
    } else if (strstr(path, "/messages/msg-")) {
        snprintf(out, sizeof out, "{\"id\":\"%s\",\"status\":\"delivery-success\"}",
                 strrchr(path, '/') + 1);
    } else {
        return lcc_request_complete(req, 404, NULL, "{\"status\":404}", 14);
    }
    return lcc_request_complete(req, 200, NULL, out, strlen(out));
}

static void scripted_backend(void)
{
    memset(&S, 0, sizeof S);
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = scripted_send;
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, "http://backend.invalid", NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_access_token(F.ctx, "token", 0), LCC_OK);
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, &t), LCC_OK);
}

/* Runs the context until op is done; its status (op is not freed). */
static lcc_status finish(lcc_op *op)
{
    for (int i = 0; i < 30 && lcc_op_status(op) == LCC_EPENDING; i++)
        ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    return lcc_op_status(op);
}

static lcc_status send_now(lcc_message *m)
{
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    lcc_status st = finish(op);
    lcc_op_free(op);
    return st;
}

START_TEST(test_agentless_requests)
{
    scripted_backend();
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, "+44 7700 900000", "+44 7700 900123",
                               "Your parcel is on its way");
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, "+44 7700 900123", "crm-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "+1 212 555 0100"), LCC_OK);
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_str_eq(S.log,
                     "POST " AGENTLESS " {\"fromAddress\":\"+447700900000\",\"toAddress\":"
                     "\"+447700900123\",\"toAddressMessengerType\":\"sms\",\"textBody\":"
                     "\"Your parcel is on its way\",\"externalContactId\":\"crm-1\"}\n"
                     "POST " AGENTLESS " {\"fromAddress\":\"+447700900000\",\"toAddress\":"
                     "\"+12125550100\",\"toAddressMessengerType\":\"sms\",\"textBody\":"
                     "\"Your parcel is on its way\"}\n");
    ck_assert_str_eq(lcc_message_conversation_id(m, 1), "conv-1");
    ck_assert_str_eq(lcc_message_message_id(m, 0), "msg-1");
    ck_assert_str_eq(lcc_message_message_id(m, 1), "msg-2");
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_QUEUED); /* no status */
    /* refresh reads each message of its conversation */
    S.len = 0;
    lcc_op *op;
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_str_eq(S.log, "GET " MSGS "/conv-1/messages/msg-1 \n"
                            "GET " MSGS "/conv-1/messages/msg-2 \n");
    ck_assert_int_eq(lcc_message_delivery_state(m, 1), LCC_DELIVERY_DELIVERED);
    lcc_message_free(m);
    /* the state comes from message.status; a failure is resent into the
     * same conversation */
    S.status = "delivery-failed";
    S.reason = "NetworkError";
    m = agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, "hi");
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_NETWORK_ERROR);
    S.status = "sent";
    S.reason = NULL;
    S.len = 0;
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_str_eq(S.log, "POST " AGENTLESS " {\"fromAddress\":\"+447700900000\",\"toAddress\":"
                            "\"+447700900123\",\"toAddressMessengerType\":\"sms\",\"textBody\":"
                            "\"hi\",\"useExistingActiveConversation\":true}\n");
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_SENT);
    ck_assert_str_eq(lcc_message_message_id(m, 0), "msg-4");
    ck_assert_str_eq(lcc_message_previous_id(m, 0), "msg-3");
    lcc_message_free(m);
}
END_TEST

/* ---- the engine through REST ---- */

/* POST .../agentless as `who` (an agent's id, or any other id: an API
 * client) with fromAddress `from`, toAddress `to`, messenger type `type`,
 * and `extra` members (may be ""). */
static const char *post(int *http, const char *who, const char *from, const char *to,
                        const char *type, const char *extra)
{
    char body[2048];
    snprintf(body, sizeof body,
             "{\"fromAddress\":\"%s\",\"toAddress\":\"%s\",\"toAddressMessengerType\":\"%s\","
             "\"textBody\":\"Hello\"%s}",
             from, to, type, extra);
    return engine_call(http, E, who, "POST", AGENTLESS, body);
}

static void value_of(char *out, size_t cap, const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    ck_assert_msg(p != NULL, "no %s in %s", key, json);
    p += strlen(pat);
    snprintf(out, cap, "%.*s", (int)strcspn(p, "\""), p);
}

static void expect_refused(const char *r, int http, int want_http, const char *code)
{
    ck_assert_msg(http == want_http, "%d %s", http, r);
    char want[128];
    snprintf(want, sizeof want, "\"code\":\"%s\"", code);
    ck_assert_msg(strstr(r, want) != NULL, "no %s in %s", code, r);
}

/* A message of a conversation, by GET (must exist). */
static const char *message(const char *conv, const char *id)
{
    int http;
    char path[256];
    snprintf(path, sizeof path, MSGS "/%s/messages/%s", conv, id);
    const char *r = engine_call(&http, E, "a1", "GET", path, NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    return r;
}

START_TEST(test_agentless_rest_api_client)
{
    int http;
    char id[64], conv[64], path[128];
    const char *r = post(&http, "crm-app", FROM, NY, "sms", "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(id, sizeof id, r, "id");
    value_of(conv, sizeof conv, r, "conversationId");
    ck_assert_ptr_nonnull(strstr(r, "\"fromAddress\":\"" FROM "\",\"toAddress\":\"" NY "\","
                                    "\"messengerType\":\"sms\","
                                    "\"useExistingActiveConversation\":false,\"message\":{"));
    ck_assert_ptr_nonnull(strstr(r, "\"status\":\"queued\""));
    ck_assert_ptr_nonnull(strstr(r, "\"direction\":\"outbound\""));
    ck_assert_ptr_null(strstr(r, "\"user\"")); /* an API client: no agent */
    char self[256];
    snprintf(self, sizeof self, "\"selfUri\":\"" MSGS "/%s/messages/%s\"", conv, id);
    ck_assert_ptr_nonnull(strstr(r, self));
    /* the conversation has no agent; it is open */
    snprintf(path, sizeof path, MSGS "/%s", conv);
    r = engine_call(&http, E, "a1", "GET", path, NULL);
    ck_assert_int_eq(http, 200);
    ck_assert_ptr_null(strstr(r, "\"purpose\":\"agent\""));
    ck_assert_ptr_nonnull(strstr(r, "\"address\":\"" NY "\""));
    ck_assert_ptr_nonnull(strstr(r, "\"state\":\"connected\""));
    /* SL-DELIVERY as for any message */
    advance(1000);
    advance(1000);
    ck_assert_ptr_nonnull(strstr(message(conv, id), "\"status\":\"delivery-success\""));
    lcc_event *ev;
    int seen = 0;
    while ((ev = lcc_context_next_event(F.ctx))) {
        if (lcc_event_get_type(ev) == LCC_EVENT_ENGINE_MESSAGE) {
            seen++;
            ck_assert_ptr_null(lcc_event_agent_id(ev));
            ck_assert_ptr_null(lcc_event_queue_id(ev));
            ck_assert_str_eq(lcc_event_conversation_id(ev), conv);
        }
        lcc_event_free(ev);
    }
    ck_assert_int_eq(seen, 3); /* queued, sent, delivered */
}
END_TEST

START_TEST(test_OBQ_PERM_agentless_rest)
{
    int http;
    const char *r = post(&http, "solo", FROM, NY, "sms", "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_ptr_nonnull(strstr(r, "\"user\":{\"id\":\"solo\"}"));
    r = post(&http, "nocreate", FROM, HOME, "sms", "");
    expect_refused(r, http, 403, "messaging.error.missing.permission");
}
END_TEST

START_TEST(test_OBQ_CHANNELS_agentless_rest)
{
    int http;
    const char *r = post(&http, "a1", "+447700900999", NY, "sms", "");
    expect_refused(r, http, 400, "messaging.error.from.address.not.provisioned");
    r = post(&http, "a1", "not a number", NY, "sms", "");
    expect_refused(r, http, 400, "messaging.error.invalid.from.address");
    r = engine_call(&http, E, "a1", "POST", AGENTLESS,
                    "{\"toAddress\":\"" NY "\",\"toAddressMessengerType\":\"sms\","
                    "\"textBody\":\"x\"}");
    expect_refused(r, http, 400, "messaging.error.missing.from.address");
    r = post(&http, "a1", FROM, "447700900123", "whatsapp", "");
    expect_refused(r, http, 400, "messaging.error.channel.not.supported");
    ck_assert_ptr_nonnull(strstr(r, "template"));
    r = post(&http, "a1", FROM, "someone", "open", "");
    expect_refused(r, http, 400, "messaging.error.channel.not.supported");
    r = post(&http, "a1", FROM, NY, "pigeon", "");
    expect_refused(r, http, 400, "messaging.error.channel.not.supported");
    /* the provisioned number in another form is the same number */
    r = post(&http, "a1", "+44 7700 900000", NY, "sms", "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_int_eq(lcc_engine_add_sms_number(E, "tel:+44-7700-900000"), LCC_EEXISTS);
    ck_assert_int_eq(lcc_engine_add_sms_number(E, "12"), LCC_EBADNUMBER);
    ck_assert_int_eq(lcc_engine_add_sms_number(E, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_add_sms_number(NULL, FROM), LCC_EMISUSE);
}
END_TEST

START_TEST(test_OBQ_RECIPIENTS_and_TXT_LIMITS_agentless_rest)
{
    int http;
    const char *r = post(&http, "a1", FROM, "12", "sms", "");
    expect_refused(r, http, 400, "messaging.error.invalid.recipient");
    r = engine_call(&http, E, "a1", "POST", AGENTLESS,
                    "{\"fromAddress\":\"" FROM "\",\"toAddressMessengerType\":\"sms\","
                    "\"textBody\":\"x\"}");
    expect_refused(r, http, 400, "messaging.error.missing.recipient");
    r = engine_call(&http, E, "a1", "POST", AGENTLESS,
                    "{\"fromAddress\":\"" FROM "\",\"toAddress\":\"" NY "\","
                    "\"toAddressMessengerType\":\"sms\"}");
    expect_refused(r, http, 400, "messaging.error.missing.text");
    char body[1200];
    int n = snprintf(body, sizeof body,
                     "{\"fromAddress\":\"" FROM "\",\"toAddress\":\"" NY "\","
                     "\"toAddressMessengerType\":\"sms\",\"textBody\":\"");
    memset(body + n, 'a', 766);
    snprintf(body + n + 766, sizeof body - (size_t)n - 766, "\"}");
    r = engine_call(&http, E, "a1", "POST", AGENTLESS, body);
    expect_refused(r, http, 400, "messaging.error.text.too.long");
    /* malformed requests */
    r = engine_call(&http, E, "a1", "POST", AGENTLESS, "{\"fromAddress\":5}");
    expect_refused(r, http, 400, "bad.request");
    r = engine_call(&http, E, "a1", "POST", AGENTLESS,
                    "{\"fromAddress\":\"" FROM "\",\"useExistingActiveConversation\":\"yes\"}");
    expect_refused(r, http, 400, "bad.request");
    r = engine_call(&http, E, "a1", "POST", AGENTLESS, "[]");
    expect_refused(r, http, 400, "bad.request");
    r = engine_call(&http, E, "a1", "GET", AGENTLESS, NULL);
    ck_assert_int_eq(http, 404);
    /* several problems answer together, the first one's code first */
    r = engine_call(&http, E, "nocreate", "POST", AGENTLESS,
                    "{\"fromAddress\":\"+15550000000\",\"toAddress\":\"12\","
                    "\"toAddressMessengerType\":\"sms\"}");
    ck_assert_msg(http == 400, "%d %s", http, r);
    ck_assert_ptr_nonnull(strstr(r, "messaging.error.missing.permission"));
    ck_assert_ptr_nonnull(strstr(r, "messaging.error.invalid.recipient"));
    ck_assert_ptr_nonnull(strstr(r, "messaging.error.missing.text"));
}
END_TEST

/* OBQ-EXISTING: an open conversation with the recipient refuses a new one
 * unless useExistingActiveConversation is true; then the message goes into
 * it.  The agentless conversation has no agent: an agent may take it over
 * (OBQ-TAKEOVER), and it is still "active" afterwards. */
START_TEST(test_OBQ_EXISTING_agentless)
{
    int http;
    char conv[64], id1[64], id2[64], again[64];
    const char *r = post(&http, "crm-app", FROM, NY, "sms", "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(conv, sizeof conv, r, "conversationId");
    value_of(id1, sizeof id1, r, "id");
    r = post(&http, "crm-app", FROM, NY, "sms", "");
    expect_refused(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_ptr_nonnull(strstr(r, conv));
    r = post(&http, "crm-app", FROM, NY, "sms", ",\"useExistingActiveConversation\":true");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(again, sizeof again, r, "conversationId");
    ck_assert_str_eq(again, conv);
    value_of(id2, sizeof id2, r, "id");
    ck_assert_str_ne(id2, id1);
    ck_assert_ptr_nonnull(strstr(r, "\"useExistingActiveConversation\":true"));
    message(conv, id1);
    message(conv, id2);
    /* an agent offered the open conversation takes it over */
    static const char start[] = "{\"queueId\":\"q1\",\"toAddress\":\"" NY "\","
                                "\"toAddressMessengerType\":\"sms\"}";
    r = engine_call(&http, E, "a1", "POST", MSGS, start);
    expect_refused(r, http, 409, "messaging.error.conversation.takeover");
    r = engine_call(&http, E, "a1", "POST", MSGS,
                    "{\"queueId\":\"q1\",\"toAddress\":\"" NY "\",\"toAddressMessengerType\":"
                    "\"sms\",\"useExistingConversation\":true}");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(again, sizeof again, r, "id");
    ck_assert_str_eq(again, conv);
    /* now assigned to a1: still refused without the flag, joined with it */
    r = post(&http, "crm-app", FROM, NY, "sms", "");
    expect_refused(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_ptr_nonnull(strstr(r, "assigned to an agent"));
    r = post(&http, "crm-app", FROM, NY, "sms", ",\"useExistingActiveConversation\":true");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(again, sizeof again, r, "conversationId");
    ck_assert_str_eq(again, conv);
    lcc_engine_counts c = LCC_ENGINE_COUNTS_INIT;
    ck_assert_int_eq(lcc_engine_queue_counts(E, "q1", &c), LCC_OK);
    ck_assert_uint_eq(c.outbound_conversations, 1); /* the takeover */
    ck_assert_uint_eq(c.outbound_messages, 1);      /* the message sent after it */
}
END_TEST

/* OBQ-THREADING: the agentless conversation closes after the timeline; a
 * customer's reply before that threads into it and is routed. */
START_TEST(test_OBQ_THREADING_agentless)
{
    int http;
    char conv[64], again[64];
    const char *r = post(&http, "crm-app", FROM, NY, "sms", "");
    value_of(conv, sizeof conv, r, "conversationId");
    const char *reply;
    ck_assert_int_eq(lcc_engine_add_message(&reply, E, "q1", LCC_CHANNEL_SMS, NY, "thanks!"),
                     LCC_OK);
    ck_assert_str_eq(reply, conv);
    ck_assert_int_eq(lcc_engine_end(E, conv), LCC_ESTATE); /* waiting in q1, not connected */
    F.now += LCC_ENGINE_THREADING_DEFAULT_MS + 1000;
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK); /* still waits for an agent */
    r = post(&http, "crm-app", FROM, NY, "sms", "");
    expect_refused(r, http, 409, "messaging.error.conversation.exists");
    ck_assert_ptr_nonnull(strstr(r, "waiting in a queue"));
    r = post(&http, "crm-app", FROM, HOME, "sms", "");
    value_of(conv, sizeof conv, r, "conversationId");
    advance(LCC_ENGINE_THREADING_DEFAULT_MS + 1000);
    r = post(&http, "crm-app", FROM, HOME, "sms", "");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(again, sizeof again, r, "conversationId");
    ck_assert_str_ne(again, conv);
}
END_TEST

START_TEST(test_OBQ_VERIFY_agentless)
{
    int http;
    char conv[64];
    const char *r = post(&http, "crm-app", FROM, NY, "sms", ",\"externalContactId\":\"crm-1\"");
    expect_refused(r, http, 400, "messaging.error.external.contact.not.verified");
    r = post(&http, "crm-app", FROM, HOME, "sms", ",\"externalContactId\":\"crm-9\"");
    expect_refused(r, http, 400, "messaging.error.external.contact.not.verified");
    r = post(&http, "crm-app", FROM, HOME, "sms", ",\"externalContactId\":\"crm-1\"");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(conv, sizeof conv, r, "conversationId");
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
    ck_assert_str_eq(lcc_engine_contact_history(E, "crm-1", 0), conv);
    /* a second message into the same conversation counts once */
    r = post(&http, "crm-app", FROM, HOME, "sms", ",\"useExistingActiveConversation\":true");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
}
END_TEST

/* ---- the client against the engine ---- */

START_TEST(test_agentless_end_to_end)
{
    ck_assert_int_eq(lcc_engine_connect(E, F.ctx, "a1"), LCC_OK);
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, "+44 7700 900000", "+44 7700 900123",
                               "Your parcel is on its way");
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, "+44 7700 900123", "crm-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "+1 212 555 0100"), LCC_OK);
    ck_assert_int_eq(send_now(m), LCC_OK);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(lcc_message_delivery_state(m, i), LCC_DELIVERY_QUEUED);
        ck_assert_ptr_nonnull(lcc_message_conversation_id(m, i));
        ck_assert_ptr_nonnull(lcc_message_message_id(m, i));
    }
    ck_assert_str_ne(lcc_message_conversation_id(m, 0), lcc_message_conversation_id(m, 1));
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
    ck_assert_str_eq(lcc_engine_contact_history(E, "crm-1", 0), lcc_message_conversation_id(m, 0));
    advance(1000);
    advance(1000);
    lcc_op *op;
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    lcc_op_free(op);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(lcc_message_delivery_state(m, i), LCC_DELIVERY_DELIVERED);
        ck_assert_uint_eq(lcc_message_history_count(m, i), 2); /* queued, delivered */
    }
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_ESTATE); /* all final */
    lcc_message_free(m);
}
END_TEST

/* SL-DELIVERY and SL-RESEND: a forced failure, then the resend goes into
 * the same conversation with a new message id. */
START_TEST(test_agentless_failure_then_resend)
{
    ck_assert_int_eq(lcc_engine_connect(E, F.ctx, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_engine_fail_next_sends(E, 1, LCC_DELIVERY_SERVER_REJECTED), LCC_OK);
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, FROM, HOME, "hello");
    ck_assert_int_eq(send_now(m), LCC_OK);
    char conv[64], first[64];
    snprintf(conv, sizeof conv, "%s", lcc_message_conversation_id(m, 0));
    snprintf(first, sizeof first, "%s", lcc_message_message_id(m, 0));
    advance(1000);
    lcc_op *op;
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_SERVER_REJECTED);
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_str_eq(lcc_message_conversation_id(m, 0), conv);
    ck_assert_str_ne(lcc_message_message_id(m, 0), first);
    ck_assert_str_eq(lcc_message_previous_id(m, 0), first);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_QUEUED);
    advance(1000);
    advance(1000);
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_DELIVERED);
    lcc_delivery_state s;
    ck_assert_uint_eq(lcc_message_history_count(m, 0), 4);
    ck_assert_int_eq(lcc_message_history(m, 0, 1, &s, NULL), LCC_OK);
    ck_assert_int_eq(s, LCC_DELIVERY_SERVER_REJECTED);
    ck_assert_int_eq(lcc_engine_contact_history_count(E, "crm-1"), 1); /* resolved by address */
    lcc_message_free(m);
}
END_TEST

START_TEST(test_agentless_refused_end_to_end)
{
    ck_assert_int_eq(lcc_engine_connect(E, F.ctx, "a1"), LCC_OK);
    lcc_message *m = agentless("a1", LCC_CHANNEL_SMS, "+44 7700 900999", HOME, "hello");
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_EVALIDATION);
    ck_assert(has(lcc_op_report(op), "OBQ-CHANNELS", "from"));
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_DRAFT);
    ck_assert_int_eq(lcc_message_set_from_address(m, FROM), LCC_OK); /* not sent: changeable */
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm-2"), LCC_OK);
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_EVALIDATION);
    ck_assert(has(lcc_op_report(op), "OBQ-VERIFY", "recipients"));
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm-1"), LCC_OK);
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_int_eq(lcc_message_set_from_address(m, NULL), LCC_ESTATE); /* sent */
    lcc_message_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("agentless");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_agentless_origin);
    tcase_add_test(tc, test_OBQ_PERM_agentless);
    tcase_add_test(tc, test_OBQ_CHANNELS_agentless);
    tcase_add_test(tc, test_OBQ_RECIPIENTS_agentless);
    tcase_add_test(tc, test_TXT_LIMITS_agentless);
    tcase_add_test(tc, test_SL_ATTACH_agentless);
    tcase_add_test(tc, test_agentless_requests);
    suite_add_tcase(s, tc);
    tc = tcase_create("engine");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_agentless_rest_api_client);
    tcase_add_test(tc, test_OBQ_PERM_agentless_rest);
    tcase_add_test(tc, test_OBQ_CHANNELS_agentless_rest);
    tcase_add_test(tc, test_OBQ_RECIPIENTS_and_TXT_LIMITS_agentless_rest);
    tcase_add_test(tc, test_OBQ_EXISTING_agentless);
    tcase_add_test(tc, test_OBQ_THREADING_agentless);
    tcase_add_test(tc, test_OBQ_VERIFY_agentless);
    suite_add_tcase(s, tc);
    tc = tcase_create("end-to-end");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_agentless_end_to_end);
    tcase_add_test(tc, test_agentless_failure_then_resend);
    tcase_add_test(tc, test_agentless_refused_end_to_end);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
