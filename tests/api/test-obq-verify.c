/* OBQ-VERIFY: "Sending to an external contact verifies the contact by the
 * message identifier and records interaction history."  The client names a
 * recipient's external contact (lcc_message_set_recipient_contact()) and
 * checks its form; the embedded engine verifies it against the contact's
 * messaging identifiers, refuses an unknown contact or an address that is
 * not one of them, and records each verified (or resolved) conversation in
 * the contact's history.  Each test is named after the rule. */
#include "engine-rest.h"
#include "fixture.h"

#define MSGS "/api/v2/conversations/messages"
#define HOME "+447700900123"  /* crm-1's SMS identifier */
#define OTHER "+447700900124" /* nobody's */

static fixture F;
static lcc_engine *E;

/* a1 (the fixture's agent) may send on behalf of q1; the engine knows
 * external contact crm-1 ("Jane Doe": SMS +44 7700 900123, WhatsApp
 * +44 7700 900125) and crm-2 (no identifier). */
static void setup(void)
{
    fixture_setup(&F);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_QUEUE_VIEW), LCC_OK);
    ck_assert_int_eq(lcc_engine_new(&E, F.ctx, NULL), LCC_OK);
    ck_assert_int_eq(lcc_engine_add_external_contact(E, "crm-1", "Jane Doe"), LCC_OK);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-1", LCC_CHANNEL_SMS,
                                                       "+44 7700 900123"),
                     LCC_OK);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-1", LCC_CHANNEL_WHATSAPP,
                                                       "447700900125"),
                     LCC_OK);
    ck_assert_int_eq(lcc_engine_add_external_contact(E, "crm-2", NULL), LCC_OK);
}

static void teardown(void)
{
    fixture_teardown(&F);
}

static lcc_message *sms(const char *to, const char *contact)
{
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, F.agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_queue(m, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "Your order has shipped."), LCC_OK);
    if (to)
        ck_assert_int_eq(lcc_message_add_recipient(m, to), LCC_OK);
    if (contact)
        ck_assert_int_eq(lcc_message_set_recipient_contact(m, to, contact), LCC_OK);
    return m;
}

/* 1 when the report has an error of `rule` on `field`. */
static int has(const lcc_report *r, const char *rule, const char *field)
{
    for (size_t i = 0; i < lcc_report_count(r); i++)
        if (strcmp(lcc_report_rule(r, i), rule) == 0 && lcc_report_field(r, i) &&
            strcmp(lcc_report_field(r, i), field) == 0)
            return 1;
    return 0;
}

/* ---- the client ---- */

START_TEST(test_OBQ_VERIFY_client_setter)
{
    lcc_message *m = sms(HOME, NULL);
    ck_assert_ptr_null(lcc_message_recipient_contact(m, 0));
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm-1"), LCC_OK);
    ck_assert_str_eq(lcc_message_recipient_contact(m, 0), "crm-1");
    ck_assert_ptr_null(lcc_message_recipient_contact(m, 1));
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, OTHER, "crm-1"), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, ""), LCC_EINVAL);
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm\xC3"), LCC_EINVAL);
    char longer[LCC_MAX_TEXT + 2];
    memset(longer, 'c', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, longer), LCC_ERANGE);
    ck_assert_str_eq(lcc_message_recipient_contact(m, 0), "crm-1"); /* unchanged */
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, NULL, "crm-1"), LCC_EMISUSE);
    ck_assert_int_eq(lcc_message_set_recipient_contact(NULL, HOME, "crm-1"), LCC_EMISUSE);
    ck_assert_ptr_null(lcc_message_recipient_contact(NULL, 0));
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, NULL), LCC_OK);
    ck_assert_ptr_null(lcc_message_recipient_contact(m, 0));
    lcc_message_free(m);
}
END_TEST

START_TEST(test_OBQ_VERIFY_client_report)
{
    lcc_message *m = sms(HOME, "crm-1");
    lcc_report *r;
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_OK);
    lcc_report_free(r);
    /* control characters are reported by validation, not refused by the setter */
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm\t1"), LCC_OK);
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_count(r), 1);
    ck_assert(has(r, "OBQ-VERIFY", "recipients"));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_EINVAL);
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm\xC2\x85" "1"), LCC_OK);
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_EVALIDATION); /* C1 (NEL) */
    ck_assert(has(r, "OBQ-VERIFY", "recipients"));
    lcc_report_free(r);
    lcc_message_free(m);
    /* only messages from a queue (or agentless) carry contacts */
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, F.agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_entry_point(m, "ep-sms"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, HOME), LCC_OK);
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, HOME, "crm-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "hi"), LCC_OK);
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_EVALIDATION);
    ck_assert(has(r, "OBQ-VERIFY", "recipients"));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_set_conversation(m, "conv-s"), LCC_OK); /* a reply */
    ck_assert_int_eq(lcc_message_validate(&r, m), LCC_EVALIDATION);
    ck_assert(has(r, "OBQ-VERIFY", "recipients"));
    lcc_report_free(r);
    lcc_message_free(m);
}
END_TEST

/* The create request carries externalContactId; a copy keeps it. */
static char captured[1024];

static lcc_status capture_send(lcc_request *req, void *ud)
{
    (void)ud;
    size_t len = 0;
    const char *body = lcc_request_body(req, &len);
    snprintf(captured, sizeof captured, "%s %.*s", lcc_request_path(req), (int)len,
             body ? body : "");
    static const char refused[] = "{\"status\":400,\"code\":\"bad.request\",\"message\":\"no\"}";
    return lcc_request_complete(req, 400, NULL, refused, sizeof refused - 1);
}

START_TEST(test_OBQ_VERIFY_request_body)
{
    lcc_context *c;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    ck_assert_int_eq(lcc_context_new(&c, &p), LCC_OK);
    lcc_agent *a;
    lcc_queue *q;
    ck_assert_int_eq(lcc_agent_new(&a, c, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(a, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(a, LCC_PERM_QUEUE_VIEW), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&q, c, "q1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q, "a1"), LCC_OK);
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = capture_send;
    ck_assert_int_eq(lcc_context_set_backend(c, "http://backend.invalid", NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_access_token(c, "token", 0), LCC_OK);
    ck_assert_int_eq(lcc_context_set_transport(c, &t), LCC_OK);
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, c, a, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_queue(m, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "+44 7700 900123"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, "+44 7700 900123", "crm-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "hi"), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(lcc_context_run_due(c), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_EREJECTED);
    lcc_op_free(op);
    ck_assert_str_eq(captured, MSGS " {\"queueId\":\"q1\",\"toAddress\":\"+447700900123\","
                                    "\"toAddressMessengerType\":\"sms\","
                                    "\"externalContactId\":\"crm-1\"}");
    lcc_context_free(c);
}
END_TEST

/* ---- the engine: REST ---- */

/* POST /api/v2/conversations/messages as a1 to `to`, naming `contact`
 * (NULL: none); the body of the answer and its status. */
static const char *start(int *http, const char *to, const char *type, const char *contact)
{
    char body[512], c[128] = "";
    if (contact)
        snprintf(c, sizeof c, ",\"externalContactId\":\"%s\"", contact);
    snprintf(body, sizeof body,
             "{\"queueId\":\"q1\",\"toAddress\":\"%s\",\"toAddressMessengerType\":\"%s\"%s}", to,
             type, c);
    return engine_call(http, E, "a1", "POST", MSGS, body);
}

static void expect_refused(const char *r, int http, int want_http, const char *code)
{
    ck_assert_msg(http == want_http, "%d %s", http, r);
    char want[128];
    snprintf(want, sizeof want, "\"code\":\"%s\"", code);
    ck_assert_msg(strstr(r, want) != NULL, "no %s in %s", code, r);
}

/* The value after "key":" in json (first match). */
static void value_of(char *out, size_t cap, const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    ck_assert_msg(p != NULL, "no %s in %s", key, json);
    p += strlen(pat);
    snprintf(out, cap, "%.*s", (int)strcspn(p, "\""), p);
}

START_TEST(test_OBQ_VERIFY_unknown_contact)
{
    int http;
    const char *r = start(&http, HOME, "sms", "crm-9");
    expect_refused(r, http, 400, "messaging.error.external.contact.not.verified");
    ck_assert_ptr_nonnull(strstr(r, "crm-9"));
    r = start(&http, HOME, "sms", "crm\\u00011"); /* a control character */
    expect_refused(r, http, 400, "messaging.error.invalid.external.contact");
    r = engine_call(&http, E, "a1", "POST", MSGS,
                    "{\"queueId\":\"q1\",\"toAddress\":\"" HOME "\",\"toAddressMessengerType\":"
                    "\"sms\",\"externalContactId\":7}");
    expect_refused(r, http, 400, "bad.request");
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 0);
    /* nothing was started: a valid send is not refused as existing */
    r = start(&http, HOME, "sms", "crm-1");
    ck_assert_msg(http == 200, "%d %s", http, r);
}
END_TEST

START_TEST(test_OBQ_VERIFY_address_not_identifier)
{
    int http;
    const char *r = start(&http, OTHER, "sms", "crm-1");
    expect_refused(r, http, 400, "messaging.error.external.contact.not.verified");
    r = start(&http, HOME, "sms", "crm-2"); /* crm-1's number, not crm-2's */
    expect_refused(r, http, 400, "messaging.error.external.contact.not.verified");
    /* identifiers are per channel: crm-1's WhatsApp number is not its SMS one */
    r = start(&http, "+447700900125", "sms", "crm-1");
    expect_refused(r, http, 400, "messaging.error.external.contact.not.verified");
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 0);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-2"), 0);
    /* on WhatsApp, crm-1's WhatsApp number verifies it */
    r = start(&http, "+447700900125", "whatsapp", "crm-1");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
}
END_TEST

START_TEST(test_OBQ_VERIFY_records_history)
{
    int http;
    char id[64], path[128], again[64];
    const char *r = start(&http, HOME, "sms", "crm-1");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(id, sizeof id, r, "id");
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
    ck_assert_str_eq(lcc_engine_contact_history(E, "crm-1", 0), id);
    ck_assert_ptr_null(lcc_engine_contact_history(E, "crm-1", 1));
    snprintf(path, sizeof path, MSGS "/%s", id);
    r = engine_call(&http, E, "a1", "GET", path, NULL);
    ck_assert_int_eq(http, 200);
    const char *customer = strstr(r, "\"purpose\":\"customer\"");
    ck_assert_ptr_nonnull(customer);
    ck_assert_ptr_nonnull(strstr(customer, "\"externalContactId\":\"crm-1\""));
    ck_assert_ptr_nonnull(strstr(customer, "\"name\":\"Jane Doe\""));
    /* taken over again: still one entry; after the timeline a new one */
    ck_assert_int_eq(lcc_engine_end(E, id), LCC_OK);
    r = engine_call(&http, E, "a1", "POST", MSGS,
                    "{\"queueId\":\"q1\",\"toAddress\":\"" HOME "\",\"toAddressMessengerType\":"
                    "\"sms\",\"useExistingConversation\":true,\"externalContactId\":\"crm-1\"}");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
    F.now += LCC_ENGINE_THREADING_DEFAULT_MS + 1000;
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    r = start(&http, HOME, "sms", "crm-1");
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(again, sizeof again, r, "id");
    ck_assert_str_ne(again, id);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 2);
    ck_assert_str_eq(lcc_engine_contact_history(E, "crm-1", 0), id); /* oldest first */
    ck_assert_str_eq(lcc_engine_contact_history(E, "crm-1", 1), again);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "nobody"), 0);
    ck_assert_ptr_null(lcc_engine_contact_history(E, "nobody", 0));
    ck_assert_ptr_null(lcc_engine_contact_history(NULL, "crm-1", 0));
}
END_TEST

/* Without an id the contact is resolved by the recipient's address. */
START_TEST(test_OBQ_VERIFY_identity_resolution)
{
    int http;
    char id[64], path[128];
    const char *r = start(&http, HOME, "sms", NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(id, sizeof id, r, "id");
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
    ck_assert_str_eq(lcc_engine_contact_history(E, "crm-1", 0), id);
    snprintf(path, sizeof path, MSGS "/%s", id);
    r = engine_call(&http, E, "a1", "GET", path, NULL);
    ck_assert_ptr_nonnull(strstr(r, "\"externalContactId\":\"crm-1\""));
    /* an address nobody owns: no contact, no history */
    r = start(&http, OTHER, "sms", NULL);
    ck_assert_msg(http == 200, "%d %s", http, r);
    value_of(id, sizeof id, r, "id");
    snprintf(path, sizeof path, MSGS "/%s", id);
    r = engine_call(&http, E, "a1", "GET", path, NULL);
    ck_assert_ptr_null(strstr(r, "externalContactId"));
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-2"), 0);
}
END_TEST

START_TEST(test_OBQ_VERIFY_engine_contacts)
{
    ck_assert_int_eq(lcc_engine_add_external_contact(E, "crm-1", "Again"), LCC_EEXISTS);
    ck_assert_int_eq(lcc_engine_add_external_contact(E, "", NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_external_contact(E, "crm\n3", NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_external_contact(E, "crm-3", "\xC3"), LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_external_contact(E, NULL, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_add_external_contact(NULL, "x", NULL), LCC_EMISUSE);
    /* identifiers: normalised to E.164, one contact each, SMS and WhatsApp */
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-9", LCC_CHANNEL_SMS, OTHER),
                     LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-2", LCC_CHANNEL_SMS, HOME),
                     LCC_EEXISTS);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-1", LCC_CHANNEL_SMS,
                                                       "tel:+44-7700-900123"),
                     LCC_EEXISTS); /* the same number in another form */
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-2", LCC_CHANNEL_EMAIL,
                                                       "jane@example.com"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-2", LCC_CHANNEL_SMS, "12"),
                     LCC_EBADNUMBER);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-2", LCC_CHANNEL_WHATSAPP,
                                                       "0044 7700 900124"),
                     LCC_EBADNUMBER); /* OBQ-WHATSAPP: no international prefix */
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-2", LCC_CHANNEL_WHATSAPP,
                                                       "44 7700 900124"),
                     LCC_OK);
    ck_assert_int_eq(lcc_engine_add_contact_identifier(E, "crm-2", LCC_CHANNEL_SMS, NULL),
                     LCC_EMISUSE);
    int http;
    const char *r = start(&http, "+447700900124", "whatsapp", "crm-2");
    ck_assert_msg(http == 200, "%d %s", http, r);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-2"), 1);
}
END_TEST

/* ---- client -> engine ---- */

/* Runs the context until op is done; its status (op is not freed). */
static lcc_status finish(lcc_op *op)
{
    for (int i = 0; i < 30 && lcc_op_status(op) == LCC_EPENDING; i++)
        ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    return lcc_op_status(op);
}

START_TEST(test_OBQ_VERIFY_end_to_end)
{
    ck_assert_int_eq(lcc_engine_connect(E, F.ctx, "a1"), LCC_OK);
    lcc_message *m = sms("+44 7700 900123", "crm-1");
    ck_assert_int_eq(lcc_message_add_recipient(m, "+1 212 555 0100"), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_QUEUED);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
    ck_assert_str_eq(lcc_engine_contact_history(E, "crm-1", 0), lcc_message_conversation_id(m, 0));
    ck_assert_int_eq(lcc_message_set_recipient_contact(m, "+44 7700 900123", NULL), LCC_ESTATE);
    /* a copy keeps the contact */
    lcc_message *c;
    ck_assert_int_eq(lcc_message_copy(&c, m, 0), LCC_OK);
    ck_assert_str_eq(lcc_message_recipient_contact(c, 0), "crm-1");
    ck_assert_ptr_null(lcc_message_recipient_contact(m, 1));
    lcc_message_free(c);

    /* the wrong contact: the op ends with LCC_EVALIDATION and OBQ-VERIFY */
    lcc_message *wrong = sms("+44 7700 900124", "crm-1");
    ck_assert_int_eq(lcc_message_send(&op, NULL, wrong), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_EVALIDATION);
    ck_assert(has(lcc_op_report(op), "OBQ-VERIFY", "recipients"));
    ck_assert_str_eq(lcc_report_server_code(lcc_op_report(op), 0),
                     "messaging.error.external.contact.not.verified");
    lcc_op_free(op);
    ck_assert_ptr_null(lcc_message_conversation_id(wrong, 0));
    ck_assert_int_eq(lcc_message_delivery_state(wrong, 0), LCC_DELIVERY_DRAFT);
    /* corrected, the same message goes out */
    ck_assert_int_eq(lcc_message_set_recipient_contact(wrong, "+44 7700 900124", NULL), LCC_OK);
    ck_assert_int_eq(lcc_message_send(&op, NULL, wrong), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_uint_eq(lcc_engine_contact_history_count(E, "crm-1"), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("obq-verify");
    TCase *tc = tcase_create("client");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_OBQ_VERIFY_client_setter);
    tcase_add_test(tc, test_OBQ_VERIFY_client_report);
    tcase_add_test(tc, test_OBQ_VERIFY_request_body);
    suite_add_tcase(s, tc);
    tc = tcase_create("engine");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_OBQ_VERIFY_unknown_contact);
    tcase_add_test(tc, test_OBQ_VERIFY_address_not_identifier);
    tcase_add_test(tc, test_OBQ_VERIFY_records_history);
    tcase_add_test(tc, test_OBQ_VERIFY_identity_resolution);
    tcase_add_test(tc, test_OBQ_VERIFY_engine_contacts);
    tcase_add_test(tc, test_OBQ_VERIFY_end_to_end);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
