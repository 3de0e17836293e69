/* Outbound messages from an entry point (OB-*: a Webex Contact Center task,
 * auto-accepted) and replies in social listening interactions (SL-*):
 * the client-side rules before any request, the requests sent to a
 * scripted backend, canned responses, copies and delivery events. */
#include "fixture.h"

static fixture F;
static lcc_agent *sender;

/* a1 may send outbound SMS and email from "ep-sms" / "ep-mail", and reply
 * publicly in social interactions. */
static void setup(void)
{
    fixture_setup(&F);
    sender = F.agent;
    ck_assert_int_eq(lcc_context_set_digital_channels(F.ctx, 1), LCC_OK);
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    p.digital_license = 1;
    p.media = LCC_CHANNEL_BIT(LCC_CHANNEL_SMS) | LCC_CHANNEL_BIT(LCC_CHANNEL_EMAIL);
    p.auto_assigned = p.media;
    ck_assert_int_eq(lcc_agent_set_profile(sender, &p), LCC_OK);
    lcc_entry_point *ep;
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.ctx, "ep-sms", "SMS line", LCC_CHANNEL_SMS),
                     LCC_OK);
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.ctx, "ep-mail", "Support mail",
                                         LCC_CHANNEL_EMAIL),
                     LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(sender, LCC_PERM_SOCIAL_CREATE), LCC_OK);
}

static void teardown(void)
{
    fixture_teardown(&F);
}

static lcc_message *outbound(lcc_channel ch, const char *ep, const char *to, const char *text)
{
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, sender, ch), LCC_OK);
    if (ep)
        ck_assert_int_eq(lcc_message_set_entry_point(m, ep), LCC_OK);
    if (to)
        ck_assert_int_eq(lcc_message_add_recipient(m, to), LCC_OK);
    if (text)
        ck_assert_int_eq(lcc_message_set_body(m, text), LCC_OK);
    return m;
}

static lcc_message *reply(lcc_channel ch, const char *conv, const char *to_msg, const char *text)
{
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, sender, ch), LCC_OK);
    if (conv)
        ck_assert_int_eq(lcc_message_set_conversation(m, conv), LCC_OK);
    if (to_msg)
        ck_assert_int_eq(lcc_message_set_reply_to(m, to_msg), LCC_OK);
    if (text)
        ck_assert_int_eq(lcc_message_set_body(m, text), LCC_OK);
    return m;
}

/* The validation status; *r is the report (freed by the caller). */
static lcc_status check(lcc_report **r, lcc_message *m)
{
    lcc_status st = lcc_message_validate(r, m);
    ck_assert_ptr_nonnull(*r);
    return st;
}

/* 1 when the report has an error of `rule` on `field`. */
static int has(const lcc_report *r, const char *rule, const char *field)
{
    for (size_t i = 0; i < lcc_report_count(r); i++)
        if (strcmp(lcc_report_rule(r, i), rule) == 0 &&
            (!field || (lcc_report_field(r, i) && strcmp(lcc_report_field(r, i), field) == 0)))
            return 1;
    return 0;
}

/* Validates m expecting exactly one error, of `rule` on `field`; frees m. */
static void expect_only(lcc_message *m, const char *rule, const char *field)
{
    lcc_report *r;
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert_msg(lcc_report_count(r) == 1 && has(r, rule, field), "want only %s/%s, got %zu: %s",
                  rule, field, lcc_report_count(r),
                  lcc_report_count(r) ? lcc_report_message(r, 0) : "");
    lcc_report_free(r);
    lcc_message_free(m);
}

/* ---- OB-* rules, client side ---- */

START_TEST(test_OB_valid_sms_and_email)
{
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+44 7700 900123", "Hello");
    lcc_report *r;
    ck_assert_int_eq(check(&r, m), LCC_OK);
    ck_assert_str_eq(lcc_message_delivery_address(m, 0), "+447700900123");
    lcc_report_free(r);
    lcc_message_free(m);
    m = outbound(LCC_CHANNEL_EMAIL, "ep-mail", "Jane.Doe@Example.COM", "Dear Jane");
    ck_assert_int_eq(check(&r, m), LCC_OK);
    ck_assert_str_eq(lcc_message_delivery_address(m, 0), "Jane.Doe@example.com");
    lcc_report_free(r);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_OB_LICENSE)
{
    ck_assert_int_eq(lcc_context_set_digital_channels(F.ctx, 0), LCC_OK);
    expect_only(outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "x"), "OB-LICENSE", "agent");
    ck_assert_int_eq(lcc_context_set_digital_channels(F.ctx, 1), LCC_OK);
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    ck_assert_int_eq(lcc_agent_get_profile(sender, &p), LCC_OK);
    p.digital_license = 0;
    ck_assert_int_eq(lcc_agent_set_profile(sender, &p), LCC_OK);
    expect_only(outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "x"), "OB-LICENSE", "agent");
}
END_TEST

START_TEST(test_OB_PROFILE)
{
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    ck_assert_int_eq(lcc_agent_get_profile(sender, &p), LCC_OK);
    p.media = LCC_CHANNEL_BIT(LCC_CHANNEL_SMS);
    ck_assert_int_eq(lcc_agent_set_profile(sender, &p), LCC_OK);
    expect_only(outbound(LCC_CHANNEL_EMAIL, "ep-mail", "a@example.com", "x"), "OB-PROFILE",
                "channel");
    /* WhatsApp is not an outbound channel from an entry point */
    lcc_report *r;
    lcc_message *m = outbound(LCC_CHANNEL_WHATSAPP, "ep-sms", "447700900123", "x");
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(has(r, "OB-PROFILE", "channel"));
    lcc_report_free(r);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_OB_AUTOASSIGN_manual)
{
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    ck_assert_int_eq(lcc_agent_get_profile(sender, &p), LCC_OK);
    p.auto_assigned = LCC_CHANNEL_BIT(LCC_CHANNEL_SMS); /* email assigned manually */
    ck_assert_int_eq(lcc_agent_set_profile(sender, &p), LCC_OK);
    expect_only(outbound(LCC_CHANNEL_EMAIL, "ep-mail", "a@example.com", "x"), "OB-AUTOASSIGN",
                "channel");
    lcc_report *r;
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "x");
    ck_assert_int_eq(check(&r, m), LCC_OK);
    lcc_report_free(r);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_OB_ENTRYPOINT)
{
    expect_only(outbound(LCC_CHANNEL_EMAIL, NULL, "a@example.com", "x"), "OB-ENTRYPOINT", "from");
    expect_only(outbound(LCC_CHANNEL_SMS, "ep-nowhere", "+447700900123", "x"), "OB-ENTRYPOINT",
                "from");
    expect_only(outbound(LCC_CHANNEL_SMS, "ep-mail", "+447700900123", "x"), "OB-ENTRYPOINT",
                "from");
    /* none configured for the channel: the sentence says so */
    lcc_entry_point_free(lcc_context_find_entry_point(F.ctx, "ep-mail"));
    lcc_report *r;
    lcc_message *m = outbound(LCC_CHANNEL_EMAIL, NULL, "a@example.com", "x");
    ck_assert_int_eq(check(&r, m), LCC_EVALIDATION);
    ck_assert(has(r, "OB-ENTRYPOINT", "from"));
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, 0), "No email entry point"));
    lcc_report_free(r);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_OB_TO)
{
    expect_only(outbound(LCC_CHANNEL_SMS, "ep-sms", NULL, "x"), "OB-TO", "recipients");
    expect_only(outbound(LCC_CHANNEL_SMS, "ep-sms", "0207 946 0000", "x"), "OB-TO", "recipients");
    static const char *const bad[] = {"jane",         "jane@",          "@example.com",
                                      "jane@example", "ja..ne@ex.com",  "jane@-ex.com",
                                      "jane@ex_.com", "jane doe@ex.com", ".jane@ex.com"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_only(outbound(LCC_CHANNEL_EMAIL, "ep-mail", bad[i], "x"), "OB-TO", "recipients");
    lcc_message *m = outbound(LCC_CHANNEL_EMAIL, "ep-mail", "a@example.com", "x");
    ck_assert_int_eq(lcc_message_add_recipient(m, "b@example.com"), LCC_OK);
    expect_only(m, "OB-TO", "recipients"); /* one customer */
}
END_TEST

/* Setting one origin clears the others. */
START_TEST(test_origin_is_one_of_three)
{
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "x");
    ck_assert_int_eq(lcc_message_set_queue(m, "q1"), LCC_OK);
    ck_assert_ptr_null(lcc_message_entry_point_id(m));
    ck_assert_int_eq(lcc_message_set_conversation(m, "c9"), LCC_OK);
    ck_assert_ptr_null(lcc_message_queue_id(m));
    ck_assert_str_eq(lcc_message_conversation(m), "c9");
    ck_assert_int_eq(lcc_message_set_entry_point(m, "ep-sms"), LCC_OK);
    ck_assert_ptr_null(lcc_message_conversation(m));
    ck_assert_str_eq(lcc_message_entry_point_id(m), "ep-sms");
    lcc_message_free(m);
}
END_TEST

/* ---- SL-* rules, client side ---- */

START_TEST(test_SL_THREAD_and_VISIBILITY)
{
    lcc_report *r;
    lcc_message *m = reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", "Thanks!");
    ck_assert_int_eq(check(&r, m), LCC_OK);
    ck_assert_int_eq(lcc_message_is_private(m), 0); /* public by default */
    lcc_report_free(r);
    lcc_message_free(m);
    /* a public reply names the public message it answers */
    expect_only(reply(LCC_CHANNEL_FACEBOOK, "conv-s", NULL, "Thanks!"), "SL-THREAD",
                "in_reply_to");
    /* a private one names none */
    m = reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", "psst");
    ck_assert_int_eq(lcc_message_set_private(m, 1), LCC_OK);
    expect_only(m, "SL-THREAD", "in_reply_to");
    m = reply(LCC_CHANNEL_FACEBOOK, "conv-s", NULL, "psst");
    ck_assert_int_eq(lcc_message_set_private(m, 1), LCC_OK);
    ck_assert_int_eq(check(&r, m), LCC_OK);
    lcc_report_free(r);
    lcc_message_free(m);
    /* no interaction chosen; recipients are not for replies */
    expect_only(reply(LCC_CHANNEL_INSTAGRAM, NULL, "in-1", "x"), "SL-THREAD", "conversation");
    m = reply(LCC_CHANNEL_INSTAGRAM, "conv-s", "in-1", "x");
    ck_assert_int_eq(lcc_message_add_recipient(m, "+447700900123"), LCC_OK);
    expect_only(m, "SL-THREAD", "recipients");
}
END_TEST

START_TEST(test_SL_PERM_public_reply)
{
    ck_assert_int_eq(lcc_agent_remove_permission(sender, LCC_PERM_SOCIAL_CREATE), LCC_OK);
    expect_only(reply(LCC_CHANNEL_X, "conv-s", "in-1", "hi"), "SL-PERM", "visibility");
    /* private messages do not need it */
    lcc_message *m = reply(LCC_CHANNEL_X, "conv-s", NULL, "hi");
    ck_assert_int_eq(lcc_message_set_private(m, 1), LCC_OK);
    lcc_report *r;
    ck_assert_int_eq(check(&r, m), LCC_OK);
    lcc_report_free(r);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_SL_LIMIT)
{
    /* X counts weighted length: 141 CJK ideographs weigh 282 > 280 */
    char text[141 * 3 + 1];
    for (int i = 0; i < 141; i++)
        memcpy(text + 3 * i, "\xe6\xbc\xa2", 3);
    text[141 * 3] = '\0';
    expect_only(reply(LCC_CHANNEL_X, "conv-s", "in-1", text), "SL-LIMIT", "body");
    text[140 * 3] = '\0'; /* 280: fits */
    lcc_message *m = reply(LCC_CHANNEL_X, "conv-s", "in-1", text);
    lcc_report *r;
    ck_assert_int_eq(check(&r, m), LCC_OK);
    lcc_report_free(r);
    lcc_message_free(m);
    /* nothing to send */
    expect_only(reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", NULL), "SL-LIMIT", "body");
}
END_TEST

START_TEST(test_SL_ATTACH_only_on_replies)
{
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "x");
    ck_assert_int_eq(lcc_message_add_attachment(m, "media-1"), LCC_OK);
    expect_only(m, "SL-ATTACH", "attachments");
    m = reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", NULL);
    ck_assert_int_eq(lcc_message_add_attachment(m, "media-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_attachment(m, "media-1"), LCC_EEXISTS);
    lcc_report *r;
    ck_assert_int_eq(check(&r, m), LCC_OK); /* an attachment alone is a reply */
    lcc_report_free(r);
    for (int i = 2; i <= LCC_MESSAGE_MAX_ATTACHMENTS; i++) {
        char id[16];
        snprintf(id, sizeof id, "media-%d", i);
        ck_assert_int_eq(lcc_message_add_attachment(m, id), LCC_OK);
    }
    ck_assert_int_eq(lcc_message_add_attachment(m, "one-too-many"), LCC_ERANGE);
    ck_assert_uint_eq(lcc_message_attachment_count(m), LCC_MESSAGE_MAX_ATTACHMENTS);
    ck_assert_str_eq(lcc_message_attachment(m, 1), "media-2");
    lcc_message_free(m);
}
END_TEST

/* ---- SL-CANNED ---- */

START_TEST(test_SL_CANNED_fill)
{
    ck_assert_int_eq(lcc_canned_add(F.ctx, "thanks",
                                    "Hi {{ customer.address }}, {{agent.name}} from {{queue.name}} "
                                    "here ({{conversation.id}})."),
                     LCC_OK);
    ck_assert_int_eq(lcc_canned_add(F.ctx, "bad", "Hi {{customer.nickname}}"), LCC_EINVAL);
    ck_assert_int_eq(lcc_canned_add(F.ctx, "open", "Hi {{agent.name"), LCC_EINVAL);
    ck_assert_uint_eq(lcc_canned_count(F.ctx), 1);
    ck_assert_str_eq(lcc_canned_name(F.ctx, 0), "thanks");
    lcc_conversation *c;
    ck_assert_int_eq(lcc_conversation_new(&c, F.ctx, "conv-s", LCC_MEDIA_SOCIAL), LCC_OK);
    lcc_message *m = reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", NULL);
    lcc_report *r = NULL;
    /* no ANI and no queue yet: both named, the text unchanged */
    ck_assert_int_eq(lcc_message_apply_canned(&r, m, "thanks", c), LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_count(r), 2);
    ck_assert(has(r, "SL-CANNED", "body"));
    ck_assert_ptr_null(lcc_message_body(m));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_conversation_set_ani(c, "@jane"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(c, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_message_apply_canned(&r, m, "thanks", c), LCC_OK);
    ck_assert_ptr_null(r);
    char want[256];
    snprintf(want, sizeof want, "Hi @jane, %s from %s here (conv-s).", lcc_agent_name(sender),
             lcc_queue_name(F.queue));
    ck_assert_str_eq(lcc_message_body(m), want);
    ck_assert_int_eq(lcc_message_apply_canned(&r, m, "nope", c), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_canned_remove(F.ctx, "thanks"), LCC_OK);
    ck_assert_int_eq(lcc_canned_remove(F.ctx, "thanks"), LCC_ENOTFOUND);
    ck_assert_ptr_null(lcc_canned_text(F.ctx, "thanks"));
    lcc_message_free(m);
}
END_TEST

/* ---- sending, against a scripted backend ---- */

typedef struct scripted {
    char log[8192];
    size_t len;
    int tasks, texts;
    int refuse_accept; /* answer accepts with a Webex 409 while set */
    int refuse_task;   /* answer task creation with OB-UNIQUE */
    const char *text_status;
    const char *reason; /* the reasons code answered with it, or NULL */
} scripted;

static scripted S;

static lcc_status answer(lcc_request *req, int http, const char *body)
{
    return lcc_request_complete(req, http, NULL, body, strlen(body));
}

static lcc_status scripted_send(lcc_request *req, void *ud)
{
    (void)ud;
    const char *method = lcc_request_method(req), *path = lcc_request_path(req);
    size_t blen = 0;
    const char *body = lcc_request_body(req, &blen);
    S.len += (size_t)snprintf(S.log + S.len, sizeof S.log - S.len, "%s %s %.*s\n", method, path,
                              (int)blen, body ? body : "");
    char out[512];
    if (strcmp(path, "/v1/tasks") == 0) {
        if (S.refuse_task)
            return answer(req, 409,
                          "{\"trackingId\":\"t\",\"error\":{\"key\":\"outbound.error.conversation."
                          "exists\",\"message\":[{\"description\":\"already talking\"}]}}");
        snprintf(out, sizeof out, "{\"meta\":{\"orgId\":\"o\"},\"data\":{\"id\":\"task-%d\"}}",
                 ++S.tasks);
        return answer(req, 202, out);
    }
    if (strncmp(path, "/v1/tasks/", 10) == 0 && strstr(path, "/accept")) {
        if (S.refuse_accept)
            return answer(req, 409,
                          "{\"trackingId\":\"t\",\"error\":{\"key\":\"x\",\"message\":[{"
                          "\"description\":\"assignment failed\",\"code\":"
                          "\"outbound.error.create.failed\"}]}}");
        return answer(req, 202, "");
    }
    if (strncmp(path, "/v1/tasks/", 10) == 0)
        return answer(req, 202, ""); /* transfer, end, wrapup */
    if (strcmp(method, "GET") == 0) {
        snprintf(out, sizeof out,
                 "{\"id\":\"c\",\"participants\":[{\"purpose\":\"agent\",\"userId\":\"a1\","
                 "\"messages\":[{\"id\":\"comm-%s\"}]}]}",
                 strrchr(path, '/') + 1);
        return answer(req, 200, out);
    }
    if (strstr(path, "/communications/comm-")) {
        snprintf(out, sizeof out, "{\"id\":\"msg-%d\",\"status\":\"%s\"%s%s%s}", ++S.texts,
                 S.text_status, S.reason ? ",\"reasons\":[{\"code\":\"" : "",
                 S.reason ? S.reason : "", S.reason ? "\"}]" : "");
        return answer(req, 200, out);
    }
    return answer(req, 404, "{\"status\":404}");
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

static lcc_status finish(lcc_op *op)
{
    for (int i = 0; i < 30 && lcc_op_status(op) == LCC_EPENDING; i++)
        ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    lcc_status st = lcc_op_status(op);
    lcc_op_free(op);
    return st;
}

static lcc_status send_now(lcc_message *m)
{
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    return finish(op);
}

START_TEST(test_OB_CREATE_send_steps)
{
    scripted_backend();
    lcc_message *m = outbound(LCC_CHANNEL_EMAIL, "ep-mail", "jane@example.com", "Dear Jane");
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_str_eq(S.log,
                     "POST /v1/tasks {\"destination\":\"jane@example.com\",\"entryPointId\":"
                     "\"ep-mail\",\"mediaType\":\"email\",\"outboundType\":\"OUTDIAL\"}\n"
                     "POST /v1/tasks/task-1/accept \n"
                     "GET /api/v2/conversations/messages/task-1 \n"
                     "POST /api/v2/conversations/messages/task-1/communications/comm-task-1/"
                     "messages {\"textBody\":\"Dear Jane\"}\n");
    ck_assert_str_eq(lcc_message_conversation_id(m, 0), "task-1");
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_QUEUED);
    lcc_message_free(m);
}
END_TEST

/* OB-CREATE: a failed assignment is an error, and nothing is lost: the task
 * stays on the delivery and the next send only accepts it and goes on. */
START_TEST(test_OB_CREATE_accept_failure_kept)
{
    scripted_backend();
    S.refuse_accept = 1;
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "hello");
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    for (int i = 0; i < 10 && lcc_op_status(op) == LCC_EPENDING; i++)
        ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_EVALIDATION);
    ck_assert(has(lcc_op_report(op), "OB-CREATE", NULL));
    ck_assert_str_eq(lcc_report_message(lcc_op_report(op), 0), "assignment failed");
    lcc_op_free(op);
    ck_assert_str_eq(lcc_message_conversation_id(m, 0), "task-1");
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_DRAFT);
    S.refuse_accept = 0;
    S.len = 0;
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_ptr_null(strstr(S.log, "POST /v1/tasks {")); /* not created twice */
    ck_assert_ptr_nonnull(strstr(S.log, "POST /v1/tasks/task-1/accept"));
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_QUEUED);
    lcc_message_free(m);
}
END_TEST

/* OB-UNIQUE is the backend's: its Webex error body maps to the rule. */
START_TEST(test_OB_UNIQUE_backend_answer)
{
    scripted_backend();
    S.refuse_task = 1;
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "hello");
    lcc_op *op;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_EVALIDATION);
    const lcc_report *r = lcc_op_report(op);
    ck_assert(has(r, "OB-UNIQUE", "recipients"));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_EEXISTS);
    lcc_op_free(op);
    lcc_message_free(m);
}
END_TEST

/* OB-UNIQUE on the client: another message of the context from the same
 * entry point whose conversation is active (task state 1) with the same
 * customer address (E.164; email domain compared case-insensitively) is
 * reported before any request; another entry point, another customer, or
 * a conversation that is over is fine. */
START_TEST(test_OB_UNIQUE_client_side)
{
    scripted_backend();
    lcc_entry_point *ep2;
    ck_assert_int_eq(lcc_entry_point_new(&ep2, F.ctx, "ep-sms2", "Sales SMS", LCC_CHANNEL_SMS),
                     LCC_OK);
    lcc_message *first = outbound(LCC_CHANNEL_SMS, "ep-sms", "+44 7700 900123", "hello");
    lcc_message *second = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "again");
    lcc_report *r;
    ck_assert_int_eq(check(&r, second), LCC_OK); /* nothing active yet */
    lcc_report_free(r);
    ck_assert_int_eq(send_now(first), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(first), 1);
    ck_assert_int_eq(check(&r, second), LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_count(r), 1);
    ck_assert(has(r, "OB-UNIQUE", "recipients"));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_EEXISTS);
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, 0), "task-1"));
    lcc_report_free(r);
    lcc_op *op;
    S.len = 0;
    ck_assert_int_eq(lcc_message_send(&op, &r, second), LCC_EVALIDATION);
    ck_assert(has(r, "OB-UNIQUE", "recipients"));
    lcc_report_free(r);
    ck_assert_uint_eq(S.len, 0); /* refused before any request */
    /* the message that holds the conversation may still be checked and resent */
    ck_assert_int_eq(check(&r, first), LCC_OK);
    lcc_report_free(r);
    lcc_message *other_ep = outbound(LCC_CHANNEL_SMS, "ep-sms2", "+447700900123", "x");
    ck_assert_int_eq(check(&r, other_ep), LCC_OK);
    lcc_report_free(r);
    lcc_message *other_number = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900124", "x");
    ck_assert_int_eq(check(&r, other_number), LCC_OK);
    lcc_report_free(r);
    /* email: the domain is compared case-insensitively, the local part is not */
    lcc_message *mail = outbound(LCC_CHANNEL_EMAIL, "ep-mail", "Jane@Example.COM", "Dear Jane");
    ck_assert_int_eq(send_now(mail), LCC_OK);
    expect_only(outbound(LCC_CHANNEL_EMAIL, "ep-mail", "Jane@example.com", "x"), "OB-UNIQUE",
                "recipients");
    lcc_message *other_local = outbound(LCC_CHANNEL_EMAIL, "ep-mail", "jane@example.com", "x");
    ck_assert_int_eq(check(&r, other_local), LCC_OK);
    lcc_report_free(r);
    /* once the first conversation is over, a new one may start */
    ck_assert_int_eq(lcc_message_end(&op, first), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(first), 2);
    ck_assert_int_eq(check(&r, second), LCC_OK);
    lcc_report_free(r);
}
END_TEST

/* SL-ATTACH: the text, then one message per attachment; a public reply
 * goes to socialmedia/messages with inReplyToMessageId. */
START_TEST(test_SL_ATTACH_one_message_each)
{
    scripted_backend();
    lcc_message *m = reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", "Here you are");
    ck_assert_int_eq(lcc_message_add_attachment(m, "img-1"), LCC_OK);
    ck_assert_int_eq(lcc_message_add_attachment(m, "img-2"), LCC_OK);
    ck_assert_uint_eq(lcc_message_delivery_count(m), 0); /* parts are made when sent */
    ck_assert_int_eq(send_now(m), LCC_OK);
    const char *p = "POST /api/v2/conversations/messages/conv-s/communications/comm-conv-s/"
                    "socialmedia/messages ";
    char want[2048];
    snprintf(want, sizeof want,
             "GET /api/v2/conversations/messages/conv-s \n"
             "%s{\"textBody\":\"Here you are\",\"inReplyToMessageId\":\"in-1\"}\n"
             "%s{\"mediaIds\":[\"img-1\"],\"inReplyToMessageId\":\"in-1\"}\n"
             "%s{\"mediaIds\":[\"img-2\"],\"inReplyToMessageId\":\"in-1\"}\n",
             p, p, p);
    ck_assert_str_eq(S.log, want);
    ck_assert_uint_eq(lcc_message_delivery_count(m), 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(lcc_message_delivery_state(m, i), LCC_DELIVERY_QUEUED);
        ck_assert_str_eq(lcc_message_conversation_id(m, i), "conv-s");
        ck_assert_ptr_null(lcc_message_delivery_address(m, i));
    }
    ck_assert_str_eq(lcc_message_message_id(m, 2), "msg-3");
    ck_assert_int_eq(lcc_message_add_attachment(m, "img-3"), LCC_ESTATE);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_SL_VISIBILITY_private_goes_to_messages)
{
    scripted_backend();
    lcc_message *m = reply(LCC_CHANNEL_INSTAGRAM, "conv-s", NULL, "Sent you a DM");
    ck_assert_int_eq(lcc_message_set_private(m, 1), LCC_OK);
    ck_assert_int_eq(lcc_message_add_attachment(m, "doc-1"), LCC_OK);
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_str_eq(S.log,
                     "GET /api/v2/conversations/messages/conv-s \n"
                     "POST /api/v2/conversations/messages/conv-s/communications/comm-conv-s/"
                     "messages {\"textBody\":\"Sent you a DM\"}\n"
                     "POST /api/v2/conversations/messages/conv-s/communications/comm-conv-s/"
                     "messages {\"mediaIds\":[\"doc-1\"]}\n");
    lcc_message_free(m);
}
END_TEST

/* SL-RESEND: a resend keeps the replaced id; a copy remembers its original. */
START_TEST(test_SL_RESEND_previous_id_and_copy)
{
    scripted_backend();
    S.text_status = "delivery-failed";
    S.reason = "ServerRejected";
    lcc_message *m = reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", "hello");
    ck_assert_int_eq(lcc_message_add_attachment(m, "img-1"), LCC_OK);
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_str_eq(lcc_message_message_id(m, 1), "msg-2");
    lcc_message *c;
    ck_assert_int_eq(lcc_message_copy(&c, m, 1), LCC_OK);
    ck_assert_str_eq(lcc_message_copied_from(c), "msg-2");
    ck_assert_ptr_null(lcc_message_body(c)); /* the attachment part: no text */
    ck_assert_uint_eq(lcc_message_attachment_count(c), 1);
    ck_assert_str_eq(lcc_message_conversation(c), "conv-s");
    ck_assert_str_eq(lcc_message_reply_to(c), "in-1");
    ck_assert_int_eq(lcc_message_copy(&c, m, 2), LCC_ERANGE);
    lcc_message_free(c);
    ck_assert_int_eq(lcc_message_copy(&c, m, 0), LCC_OK);
    ck_assert_str_eq(lcc_message_body(c), "hello");
    ck_assert_uint_eq(lcc_message_attachment_count(c), 0);
    lcc_message_free(c);
    ck_assert_int_eq(lcc_message_delivery_state(m, 1), LCC_DELIVERY_SERVER_REJECTED);
    S.text_status = "queued";
    S.reason = NULL;
    S.len = 0;
    ck_assert_int_eq(send_now(m), LCC_OK); /* both failed parts again, no GET */
    ck_assert_ptr_null(strstr(S.log, "GET "));
    ck_assert_str_eq(lcc_message_message_id(m, 0), "msg-3");
    ck_assert_str_eq(lcc_message_previous_id(m, 0), "msg-1");
    ck_assert_str_eq(lcc_message_previous_id(m, 1), "msg-2");
    lcc_message_free(m);
}
END_TEST

/* OB-TRANSFER and OB-WRAPUP: the Webex task requests, in order. */
START_TEST(test_OB_TRANSFER_and_WRAPUP_requests)
{
    scripted_backend();
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "hello");
    lcc_op *op;
    lcc_report *r = NULL;
    /* nothing accepted yet */
    ck_assert_int_eq(lcc_message_transfer(&op, &r, m, LCC_TRANSFER_QUEUE, "q1"), LCC_EVALIDATION);
    ck_assert(has(r, "OB-TRANSFER", "task"));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_task_state(m), 0);
    ck_assert_int_eq(send_now(m), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(m), 1);
    ck_assert_int_eq(lcc_message_transfer(&op, &r, m, LCC_TRANSFER_AGENT, ""), LCC_EVALIDATION);
    ck_assert(has(r, "OB-TRANSFER", "to"));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_transfer(&op, &r, m, (lcc_transfer_to)7, "q1"), LCC_EINVAL);
    /* a wrap-up before the end is refused */
    ck_assert_int_eq(lcc_message_wrap_up(&op, &r, m, "aux-1", "Sold"), LCC_EVALIDATION);
    ck_assert(has(r, "OB-WRAPUP", "task"));
    lcc_report_free(r);
    S.len = 0;
    ck_assert_int_eq(lcc_message_transfer(&op, &r, m, LCC_TRANSFER_QUEUE, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_op_get_kind(op), LCC_OP_MESSAGE_TASK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(m), 2);
    ck_assert_int_eq(lcc_message_end(&op, m), LCC_ESTATE); /* over already */
    /* OB-WRAPUP: a code and a reason of at most 128 characters */
    char long_reason[130];
    memset(long_reason, 'r', 129);
    long_reason[129] = '\0';
    ck_assert_int_eq(lcc_message_wrap_up(&op, &r, m, "aux-1", long_reason), LCC_EVALIDATION);
    ck_assert(has(r, "OB-WRAPUP", "wrapup_reason"));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_wrap_up(&op, &r, m, "", "Sold"), LCC_EVALIDATION);
    ck_assert(has(r, "OB-WRAPUP", "wrapup_code"));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_message_wrap_up(&op, &r, m, "aux-1", "Sold"), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_int_eq(lcc_message_task_state(m), 3);
    ck_assert_str_eq(S.log, "POST /v1/tasks/task-1/transfer {\"to\":\"q1\",\"destinationType\":"
                            "\"queue\"}\n"
                            "POST /v1/tasks/task-1/wrapup {\"auxCodeId\":\"aux-1\","
                            "\"wrapUpReason\":\"Sold\"}\n");
    /* a reply has no task */
    lcc_message *rep = reply(LCC_CHANNEL_FACEBOOK, "conv-s", "in-1", "x");
    ck_assert_int_eq(lcc_message_end(&op, rep), LCC_ESTATE);
    lcc_message_free(rep);
    lcc_message_free(m);
}
END_TEST

START_TEST(test_OB_WRAPUP_after_end)
{
    scripted_backend();
    lcc_message *m = outbound(LCC_CHANNEL_EMAIL, "ep-mail", "a@example.com", "hello");
    ck_assert_int_eq(send_now(m), LCC_OK);
    lcc_op *op;
    S.len = 0;
    ck_assert_int_eq(lcc_message_end(&op, m), LCC_OK);
    ck_assert_int_eq(finish(op), LCC_OK);
    ck_assert_str_eq(S.log, "POST /v1/tasks/task-1/end \n");
    ck_assert_int_eq(lcc_message_task_state(m), 2);
    lcc_message_free(m);
}
END_TEST

/* Each delivery change is an event on the client context. */
START_TEST(test_delivery_events)
{
    scripted_backend();
    lcc_message *m = outbound(LCC_CHANNEL_SMS, "ep-sms", "+447700900123", "hello");
    ck_assert_int_eq(send_now(m), LCC_OK);
    lcc_event *ev;
    int seen = 0;
    while ((ev = lcc_context_next_event(F.ctx))) {
        if (lcc_event_get_type(ev) == LCC_EVENT_MESSAGE_DELIVERY) {
            seen++;
            ck_assert_str_eq(lcc_event_message_id(ev), "msg-1");
            ck_assert_str_eq(lcc_event_conversation_id(ev), "task-1");
            ck_assert_str_eq(lcc_event_agent_id(ev), "a1");
            ck_assert_int_eq(lcc_event_delivery_state(ev), LCC_DELIVERY_QUEUED);
        }
        lcc_event_free(ev);
    }
    ck_assert_int_eq(seen, 1);
    lcc_message_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("message-kinds");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_OB_valid_sms_and_email);
    tcase_add_test(tc, test_OB_LICENSE);
    tcase_add_test(tc, test_OB_PROFILE);
    tcase_add_test(tc, test_OB_AUTOASSIGN_manual);
    tcase_add_test(tc, test_OB_ENTRYPOINT);
    tcase_add_test(tc, test_OB_TO);
    tcase_add_test(tc, test_origin_is_one_of_three);
    tcase_add_test(tc, test_SL_THREAD_and_VISIBILITY);
    tcase_add_test(tc, test_SL_PERM_public_reply);
    tcase_add_test(tc, test_SL_LIMIT);
    tcase_add_test(tc, test_SL_ATTACH_only_on_replies);
    tcase_add_test(tc, test_SL_CANNED_fill);
    suite_add_tcase(s, tc);
    tc = tcase_create("send");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_OB_CREATE_send_steps);
    tcase_add_test(tc, test_OB_CREATE_accept_failure_kept);
    tcase_add_test(tc, test_OB_UNIQUE_backend_answer);
    tcase_add_test(tc, test_OB_UNIQUE_client_side);
    tcase_add_test(tc, test_SL_ATTACH_one_message_each);
    tcase_add_test(tc, test_SL_VISIBILITY_private_goes_to_messages);
    tcase_add_test(tc, test_SL_RESEND_previous_id_and_copy);
    tcase_add_test(tc, test_delivery_events);
    tcase_add_test(tc, test_OB_TRANSFER_and_WRAPUP_requests);
    tcase_add_test(tc, test_OB_WRAPUP_after_end);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
