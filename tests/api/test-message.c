/* Outbound messages on behalf of a queue: the client-side rules (OBQ-*,
 * TXT-LIMITS) before any request, and sending through the embedded engine
 * with every delivery outcome (SL-DELIVERY, SL-RESEND). */
#include "fixture.h"

static fixture F;
static lcc_agent *sender;
static lcc_queue *sales;

/* a1 of the fixture may send on behalf of q1 ("Support"); "sales" exists
 * but a1 is not a member. */
static void setup(void)
{
    fixture_setup(&F);
    sender = F.agent;
    ck_assert_int_eq(lcc_agent_add_permission(sender, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(sender, LCC_PERM_QUEUE_VIEW), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&sales, F.ctx, "sales", "Sales"), LCC_OK);
}

static void teardown(void)
{
    fixture_teardown(&F);
}

static lcc_message *sms(const char *queue, const char *to, const char *text)
{
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, sender, LCC_CHANNEL_SMS), LCC_OK);
    if (queue)
        ck_assert_int_eq(lcc_message_set_queue(m, queue), LCC_OK);
    if (to)
        ck_assert_int_eq(lcc_message_add_recipient(m, to), LCC_OK);
    if (text)
        ck_assert_int_eq(lcc_message_set_body(m, text), LCC_OK);
    return m;
}

/* The validation report of m (freed by the caller), and its status. */
static lcc_status check(lcc_report **r, lcc_message *m)
{
    lcc_status st = lcc_message_validate(r, m);
    ck_assert_ptr_nonnull(*r);
    return st;
}

START_TEST(test_valid_sms)
{
    lcc_message *m = sms("q1", "+44 7700 900123", "Your order has shipped.");
    lcc_report *r;
    ck_assert_int_eq(check(&r, m), LCC_OK);
    ck_assert_uint_eq(lcc_report_count(r), 0);
    ck_assert_str_eq(lcc_message_delivery_address(m, 0), "+447700900123");
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_DRAFT);
    lcc_report_free(r);
}
END_TEST

START_TEST(test_OBQ_PERM)
{
    lcc_message *m = sms("q1", "+447700900123", "hi");
    lcc_report *r;
    ck_assert_int_eq(lcc_agent_remove_permission(sender, LCC_PERM_QUEUE_VIEW), LCC_OK);
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "OBQ-PERM", LCC_SEVERITY_ERROR));
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, 0), "routing:queue:view"));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_agent_add_permission(sender, LCC_PERM_QUEUE_VIEW), LCC_OK);
    ck_assert_int_eq(lcc_agent_remove_permission(sender, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "OBQ-PERM", LCC_SEVERITY_ERROR));
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, 0), "conversation:message:create"));
    lcc_report_free(r);
}
END_TEST

START_TEST(test_OBQ_MEMBER)
{
    lcc_report *r;
    lcc_message *m = sms("sales", "+447700900123", "hi");
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "OBQ-MEMBER", LCC_SEVERITY_ERROR));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_ENOTALLOWED);
    lcc_report_free(r);
    m = sms("nope", "+447700900123", "hi");
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_ENOTFOUND);
    lcc_report_free(r);
    m = sms(NULL, "+447700900123", "hi");
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "OBQ-MEMBER", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
}
END_TEST

START_TEST(test_OBQ_CHANNELS)
{
    lcc_message *m;
    lcc_report *r;
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, sender, LCC_CHANNEL_EMAIL), LCC_OK);
    ck_assert_int_eq(lcc_message_set_queue(m, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "ann@example.com"), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "hi"), LCC_OK);
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "OBQ-CHANNELS", LCC_SEVERITY_ERROR));
    ck_assert_uint_eq(lcc_report_count(r), 1); /* no address check for a channel it refuses */
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, sender, (lcc_channel)99), LCC_EINVAL);
}
END_TEST

START_TEST(test_OBQ_WHATSAPP)
{
    static const struct {
        const char *address;
        const char *e164; /* NULL: refused */
    } cases[] = {
        {"+44 7700 900123", "+447700900123"},
        {"447700900123", "+447700900123"},
        {"0044 7700 900123", NULL}, /* international prefix */
        {"011 44 7700 900123", NULL},
        {"07700 900123", NULL},     /* national form: no country code */
        {"44", NULL},               /* country code without the rest */
        {"+44 7700 9001x3", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lcc_message *m;
        lcc_report *r;
        ck_assert_int_eq(lcc_message_new(&m, F.ctx, sender, LCC_CHANNEL_WHATSAPP), LCC_OK);
        ck_assert_int_eq(lcc_message_set_queue(m, "q1"), LCC_OK);
        ck_assert_int_eq(lcc_message_add_recipient(m, cases[i].address), LCC_OK);
        ck_assert_int_eq(lcc_message_set_body(m, "hello"), LCC_OK);
        lcc_status st = check(&r, m);
        if (cases[i].e164) {
            ck_assert_msg(st == LCC_OK, "%s refused", cases[i].address);
            ck_assert_str_eq(lcc_message_delivery_address(m, 0), cases[i].e164);
        } else {
            ck_assert_msg(st == LCC_EVALIDATION && report_has(r, "OBQ-WHATSAPP",
                                                              LCC_SEVERITY_ERROR),
                          "%s accepted", cases[i].address);
        }
        lcc_report_free(r);
        lcc_message_free(m);
    }
}
END_TEST

START_TEST(test_OBQ_RECIPIENTS)
{
    lcc_report *r;
    lcc_message *m = sms("q1", NULL, "hi");
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "OBQ-RECIPIENTS", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
    /* several recipients; removed before sending; duplicates refused */
    ck_assert_int_eq(lcc_message_add_recipient(m, "+447700900123"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "+33 6 12 34 56 78"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "+1 212 555 0100"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, "+447700900123"), LCC_EEXISTS);
    ck_assert_int_eq(lcc_message_remove_recipient(m, "+33 6 12 34 56 78"), LCC_OK);
    ck_assert_int_eq(lcc_message_remove_recipient(m, "+33 6 12 34 56 78"), LCC_ENOTFOUND);
    ck_assert_uint_eq(lcc_message_recipient_count(m), 2);
    ck_assert_str_eq(lcc_message_recipient(m, 1), "+1 212 555 0100");
    ck_assert_int_eq(check(&r, m), LCC_OK);
    lcc_report_free(r);
    /* an SMS recipient must be a number in international form */
    ck_assert_int_eq(lcc_message_add_recipient(m, "020 7946 0958"), LCC_OK);
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "OBQ-RECIPIENTS", LCC_SEVERITY_ERROR));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_EBADNUMBER);
    lcc_report_free(r);
}
END_TEST

START_TEST(test_TXT_LIMITS_sms_body)
{
    char text[800];
    memset(text, 'a', sizeof text);
    text[765] = '\0';
    lcc_report *r;
    lcc_message *m = sms("q1", "+447700900123", text);
    ck_assert_int_eq(check(&r, m), LCC_OK);
    lcc_report_free(r);
    text[765] = 'a';
    text[766] = '\0';
    ck_assert_int_eq(lcc_message_set_body(m, text), LCC_OK);
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "TXT-LIMITS", LCC_SEVERITY_ERROR));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_ERANGE);
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_set_body(m, NULL), LCC_OK);
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(report_has(r, "TXT-LIMITS", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_set_body(m, "\xff"), LCC_EINVAL);
}
END_TEST

START_TEST(test_misuse)
{
    lcc_message *m = sms("q1", "+447700900123", "hi");
    lcc_op *op;
    ck_assert_int_eq(lcc_message_validate(NULL, m), LCC_EMISUSE);
    ck_assert_int_eq(lcc_message_send(NULL, NULL, m), LCC_EMISUSE);
    ck_assert_int_eq(lcc_message_send(&op, NULL, NULL), LCC_EMISUSE);
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_ESTATE); /* nothing sent */
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_ESTATE); /* no backend */
    ck_assert_int_eq(lcc_message_history(m, 0, 0, NULL, NULL), LCC_ERANGE);
    ck_assert_int_eq(lcc_message_delivery_state(m, 5), LCC_DELIVERY_UNKNOWN);
    ck_assert_str_eq(lcc_delivery_state_name(LCC_DELIVERY_PENDING), "pending delivery");
    ck_assert_str_eq(lcc_delivery_state_name((lcc_delivery_state)77), "unknown");
    lcc_message_free(m);
    lcc_message_free(NULL);
}
END_TEST

/* ---- sending, against a scripted backend ---- */

/* Answers by path, like the Genesys Cloud messaging API would; records
 * what was asked. */
typedef struct scripted {
    char log[4096];
    size_t len;
    int created, texts;
    const char *text_status; /* MessageData status answered for a text */
    const char *reason;      /* its reason code, or NULL */
    int refuse_create;       /* answer the n-th create with a 409 takeover */
} scripted;

static scripted S;

static lcc_status scripted_send(lcc_request *req, void *ud)
{
    (void)ud;
    const char *method = lcc_request_method(req), *path = lcc_request_path(req);
    size_t blen = 0;
    const char *body = lcc_request_body(req, &blen);
    S.len += (size_t)snprintf(S.log + S.len, sizeof S.log - S.len, "%s %s %.*s\n", method, path,
                              (int)blen, body ? body : "");
    char out[512];
    const char *base = "/api/v2/conversations/messages";
    if (strcmp(method, "POST") == 0 && strcmp(path, base) == 0) {
        if (S.refuse_create && ++S.created == S.refuse_create && !strstr(body, "useExisting")) {
            static const char takeover[] =
                "{\"status\":409,\"code\":\"messaging.error.conversation.takeover\","
                "\"message\":\"take over conversation open-1\"}";
            return lcc_request_complete(req, 409, NULL, takeover, sizeof takeover - 1);
        }
        snprintf(out, sizeof out, "{\"id\":\"conv-%d\",\"selfUri\":\"x\"}", ++S.created);
    } else if (strcmp(method, "GET") == 0 && strstr(path, "/messages/msg-")) {
        snprintf(out, sizeof out, "{\"id\":\"%s\",\"status\":\"delivery-success\"}",
                 strrchr(path, '/') + 1);
    } else if (strcmp(method, "GET") == 0) {
        snprintf(out, sizeof out,
                 "{\"id\":\"c\",\"participants\":[{\"purpose\":\"customer\",\"messages\":"
                 "[{\"id\":\"wrong\"}]},{\"purpose\":\"agent\",\"userId\":\"a1\","
                 "\"messages\":[{\"id\":\"comm-%s\"}]}]}",
                 strrchr(path, '/') + 1);
    } else if (strstr(path, "/communications/comm-conv-")) {
        snprintf(out, sizeof out,
                 "{\"id\":\"msg-%d\",\"status\":\"%s\"%s%s%s}", ++S.texts, S.text_status,
                 S.reason ? ",\"reasons\":[{\"code\":\"" : "", S.reason ? S.reason : "",
                 S.reason ? "\"}]" : "");
    } else {
        return lcc_request_complete(req, 404, NULL, "{\"status\":404}", 14);
    }
    return lcc_request_complete(req, 200, NULL, out, strlen(out));
}

static void scripted_backend(void)
{
    memset(&S, 0, sizeof S);
    S.text_status = "queued";
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = scripted_send;
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, "http://backend.invalid", NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_set_access_token(F.ctx, "token", 0), LCC_OK);
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, &t), LCC_OK);
}

/* Runs the context until op is done (each step's answer is applied by one
 * lcc_context_run_due), then frees it. */
static lcc_status finish(lcc_op *op)
{
    for (int i = 0; i < 20 && lcc_op_status(op) == LCC_EPENDING; i++)
        ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    lcc_status st = lcc_op_status(op);
    lcc_op_free(op);
    return st;
}

START_TEST(test_send_steps_each_recipient)
{
    scripted_backend();
    lcc_message *m = sms("q1", "+44 7700 900123", "Your parcel is on its way");
    ck_assert_int_eq(lcc_message_add_recipient(m, "+1 212 555 0100"), LCC_OK);
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(lcc_op_get_kind(op), LCC_OP_MESSAGE_SEND);
    ck_assert_int_eq(finish(op), LCC_OK);
    const char *want =
        "POST /api/v2/conversations/messages {\"queueId\":\"q1\",\"toAddress\":\"+447700900123\","
        "\"toAddressMessengerType\":\"sms\"}\n"
        "GET /api/v2/conversations/messages/conv-1 \n"
        "POST /api/v2/conversations/messages/conv-1/communications/comm-conv-1/messages "
        "{\"textBody\":\"Your parcel is on its way\"}\n"
        "POST /api/v2/conversations/messages {\"queueId\":\"q1\",\"toAddress\":\"+12125550100\","
        "\"toAddressMessengerType\":\"sms\"}\n"
        "GET /api/v2/conversations/messages/conv-2 \n"
        "POST /api/v2/conversations/messages/conv-2/communications/comm-conv-2/messages "
        "{\"textBody\":\"Your parcel is on its way\"}\n";
    ck_assert_str_eq(S.log, want);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(lcc_message_delivery_state(m, i), LCC_DELIVERY_QUEUED);
        ck_assert_uint_eq(lcc_message_history_count(m, i), 1);
    }
    ck_assert_str_eq(lcc_message_conversation_id(m, 1), "conv-2");
    ck_assert_str_eq(lcc_message_message_id(m, 0), "msg-1");
    /* fixed once sent; nothing left to send */
    ck_assert_int_eq(lcc_message_set_body(m, "other"), LCC_ESTATE);
    ck_assert_int_eq(lcc_message_remove_recipient(m, "+1 212 555 0100"), LCC_ESTATE);
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_ESTATE);
    /* refresh: each open delivery asked for, history grows */
    F.now += 5000;
    S.len = 0;
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_str_eq(S.log, "GET /api/v2/conversations/messages/conv-1/messages/msg-1 \n"
                            "GET /api/v2/conversations/messages/conv-2/messages/msg-2 \n");
    lcc_delivery_state st;
    int64_t at;
    ck_assert_uint_eq(lcc_message_history_count(m, 1), 2);
    ck_assert_int_eq(lcc_message_history(m, 1, 1, &st, &at), LCC_OK);
    ck_assert_int_eq(st, LCC_DELIVERY_DELIVERED);
    ck_assert_int_eq(at, T0_MS + 5000);
    ck_assert_int_eq(lcc_message_refresh(&op, m), LCC_ESTATE); /* all final */
}
END_TEST

START_TEST(test_SL_DELIVERY_states_read)
{
    static const struct {
        const char *status, *reason;
        lcc_delivery_state want;
    } cases[] = {
        {"queued", NULL, LCC_DELIVERY_QUEUED},
        {"sent", NULL, LCC_DELIVERY_SENT},
        {"sent", "RecipientOffline", LCC_DELIVERY_PENDING},
        {"delivery-success", NULL, LCC_DELIVERY_DELIVERED},
        {"delivery-failed", "ServerRejected", LCC_DELIVERY_SERVER_REJECTED},
        {"delivery-failed", "NetworkError", LCC_DELIVERY_NETWORK_ERROR},
        {"failed", "LimitExceeded", LCC_DELIVERY_LIMIT_EXCEEDED},
        {"delivery-failed", "SomethingNew", LCC_DELIVERY_UNKNOWN},
        {"teleported", NULL, LCC_DELIVERY_UNKNOWN},
    };
    scripted_backend();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        S.text_status = cases[i].status;
        S.reason = cases[i].reason;
        lcc_message *m = sms("q1", "+447700900123", "hi");
        lcc_op *op;
        ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
        ck_assert_int_eq(finish(op), LCC_OK);
        ck_assert_msg(lcc_message_delivery_state(m, 0) == cases[i].want, "%s/%s: %d",
                      cases[i].status, cases[i].reason ? cases[i].reason : "",
                      (int)lcc_message_delivery_state(m, 0));
        lcc_message_free(m);
    }
}
END_TEST

/* SL-RESEND: a failed delivery keeps its text and conversation; sending
 * again posts the text again on the same conversation. */
START_TEST(test_SL_RESEND_failed_delivery)
{
    scripted_backend();
    S.text_status = "delivery-failed";
    S.reason = "NetworkError";
    lcc_message *m = sms("q1", "+447700900123", "hi");
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_NETWORK_ERROR);
    ck_assert_str_eq(lcc_message_body(m), "hi");
    S.text_status = "queued";
    S.reason = NULL;
    S.len = 0;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_str_eq(S.log, "POST /api/v2/conversations/messages/conv-1/communications/"
                            "comm-conv-1/messages {\"textBody\":\"hi\"}\n");
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_QUEUED);
    ck_assert_str_eq(lcc_message_message_id(m, 0), "msg-2");
    ck_assert_uint_eq(lcc_message_history_count(m, 0), 2); /* network error, then queued */
}
END_TEST

/* OBQ-TAKEOVER: a distinct status; the host then asks to take over. */
START_TEST(test_OBQ_TAKEOVER_then_take_over)
{
    scripted_backend();
    S.refuse_create = 1;
    lcc_message *m = sms("q1", "+447700900123", "hi");
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_ETAKEOVER);
    ck_assert(report_has(lcc_op_report(op), "OBQ-TAKEOVER", LCC_SEVERITY_ERROR));
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_DRAFT);
    ck_assert_int_eq(lcc_message_set_take_over(m, 1), LCC_OK);
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_ptr_nonnull(strstr(S.log, "\"useExistingConversation\":true"));
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_QUEUED);
}
END_TEST

/* Validation runs before any request. */
START_TEST(test_send_validates_first)
{
    scripted_backend();
    lcc_message *m = sms("sales", "+447700900123", "hi");
    lcc_op *op;
    lcc_report *r;
    ck_assert_int_eq(lcc_message_send(&op, &r, m), LCC_EVALIDATION);
    ck_assert_ptr_null(op);
    ck_assert(report_has(r, "OBQ-MEMBER", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
    ck_assert_uint_eq(S.len, 0);
    /* freeing the message with an op in flight cancels the op */
    lcc_message *m2 = sms("q1", "+447700900123", "hi");
    ck_assert_int_eq(lcc_message_send(&op, NULL, m2), LCC_OK);
    lcc_message_free(m2);
    ck_assert_int_eq(lcc_op_status(op), LCC_ECANCELED);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    lcc_op_free(op);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("message");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_valid_sms);
    tcase_add_test(tc, test_OBQ_PERM);
    tcase_add_test(tc, test_OBQ_MEMBER);
    tcase_add_test(tc, test_OBQ_CHANNELS);
    tcase_add_test(tc, test_OBQ_WHATSAPP);
    tcase_add_test(tc, test_OBQ_RECIPIENTS);
    tcase_add_test(tc, test_TXT_LIMITS_sms_body);
    tcase_add_test(tc, test_misuse);
    suite_add_tcase(s, tc);
    tc = tcase_create("send");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_send_steps_each_recipient);
    tcase_add_test(tc, test_SL_DELIVERY_states_read);
    tcase_add_test(tc, test_SL_RESEND_failed_delivery);
    tcase_add_test(tc, test_OBQ_TAKEOVER_then_take_over);
    tcase_add_test(tc, test_send_validates_first);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
