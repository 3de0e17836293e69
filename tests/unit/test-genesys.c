/* Unit tests of the Genesys Cloud mapping (lib/api/genesys*.c). */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/genesys.h"
#include "core/alloc.h"
#include "core/context.h"
#include "core/report.h"
#include "model/model.h"
#include "counting-alloc.h"

/* 2026-11-21T10:00:00Z */
#define T0_MS 1795255200000LL

/* A context whose allocator counts live blocks and can fail the N-th allocation. */
static counting cnt;
static lcc_context *ctx;

static void setup(void)
{
    memset(&cnt, 0, sizeof cnt);
    lcc_allocator a = counting_allocator(&cnt);
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.allocator = &a;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_OK);
}

static void teardown(void)
{
    lcc_context_free(ctx);
    ctx = NULL;
    ck_assert_int_eq(cnt.live, 0);
}

/* ---- helpers ---- */

/* Compares JSON texts structurally. */
static void expect_json(const char *got, size_t len, const char *want)
{
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(strlen(got), len);
    cJSON *g = cJSON_Parse(got), *w = cJSON_Parse(want);
    ck_assert_msg(w != NULL, "bad expected JSON: %s", want);
    ck_assert_msg(g && cJSON_Compare(g, w, 1), "got  %s\nwant %s", got, want);
    cJSON_Delete(g);
    cJSON_Delete(w);
}

/* A committed callback to +33 1 42 68 53 00 on queue q1 at T0. */
static void make_callback(struct lcc_callback *cb)
{
    memset(cb, 0, sizeof *cb);
    cb->o.h.magic = LCC__MAGIC_CALLBACK;
    cb->o.id = "cb1";
    cb->conversation_id = "c1";
    cb->agent_id = "a1";
    cb->queue_id = "q1";
    strcpy(cb->number, "+33142685300");
    strcpy(cb->region, "FR"); /* as committing the draft sets it */
    cb->scheduled_ms = T0_MS;
}

static void expect_create(const struct lcc_callback *cb, const char *want)
{
    char *body = NULL;
    size_t len = 0;
    ck_assert_int_eq(lcc__gc_create_body(&body, &len, ctx, cb), LCC_OK);
    expect_json(body, len, want);
    lcc__free(&ctx->alloc, body);
}

/* ---- request bodies ---- */

START_TEST(test_create_plain)
{
    struct lcc_callback cb;
    make_callback(&cb);
    expect_create(&cb, "{\"callbackNumbers\":[\"+33142685300\"],\"queueId\":\"q1\","
                       "\"countryCode\":\"FR\",\"data\":{\"originatingConversationId\":\"c1\"},"
                       "\"callbackScheduledTime\":\"2026-11-21T10:00:00.000Z\"}");
    /* The host's data cannot name another origin. */
    ck_assert_int_eq(lcc__kv_set(&cb.data, &ctx->alloc, "originatingConversationId", "c9"), 0);
    expect_create(&cb, "{\"callbackNumbers\":[\"+33142685300\"],\"queueId\":\"q1\","
                       "\"countryCode\":\"FR\",\"data\":{\"originatingConversationId\":\"c1\"},"
                       "\"callbackScheduledTime\":\"2026-11-21T10:00:00.000Z\"}");
    lcc__kv_clear(&cb.data, &ctx->alloc);
}
END_TEST

START_TEST(test_create_immediate_full)
{
    struct lcc_callback cb;
    make_callback(&cb);
    strcpy(cb.number, "+12015550123");
    strcpy(cb.region, "US");
    strcpy(cb.extension, "42");
    cb.scheduled_ms = LCC_CALLBACK_ASAP;
    strcpy(cb.caller_id, "+33142685399");
    cb.has_caller_id = 1;
    cb.caller_id_name = "ACME Support";
    cb.callee_name = "Zoë";
    ck_assert_int_eq(lcc__kv_set(&cb.data, &ctx->alloc, "notes", "ready to close"), 0);
    ck_assert_int_eq(lcc__kv_set(&cb.data, &ctx->alloc, "crmId", "42"), 0);
    expect_create(&cb, "{\"callbackNumbers\":[\"+12015550123;ext=42\"],\"queueId\":\"q1\","
                       "\"countryCode\":\"US\",\"callerId\":\"+33142685399\","
                       "\"callerIdName\":\"ACME Support\",\"callbackUserName\":\"Zoë\","
                       "\"data\":{\"originatingConversationId\":\"c1\",\"notes\":\"ready to close\",\"crmId\":\"42\"}}");
    lcc__kv_clear(&cb.data, &ctx->alloc);
}
END_TEST

START_TEST(test_create_owned)
{
    struct lcc_callback cb;
    make_callback(&cb);
    cb.owner_id = "a1";
    cb.preferred_id = "a2"; /* the owner wins */
    expect_create(&cb, "{\"callbackNumbers\":[\"+33142685300\"],\"countryCode\":\"FR\","
                       "\"callbackScheduledTime\":\"2026-11-21T10:00:00.000Z\","
                       "\"routingData\":{\"queueId\":\"q1\","
                       "\"scoredAgents\":[{\"agent\":{\"id\":\"a1\"},\"score\":100}],"
                       "\"routingFlags\":[\"AGENT_OWNED_CALLBACK\"]},\"data\":{\"originatingConversationId\":\"c1\"}}");
}
END_TEST

START_TEST(test_create_preferred)
{
    struct lcc_callback cb;
    make_callback(&cb);
    cb.preferred_id = "a1";
    expect_create(&cb, "{\"callbackNumbers\":[\"+33142685300\"],\"countryCode\":\"FR\","
                       "\"callbackScheduledTime\":\"2026-11-21T10:00:00.000Z\","
                       "\"routingData\":{\"queueId\":\"q1\",\"preferredAgentIds\":[\"a1\"]},\"data\":{\"originatingConversationId\":\"c1\"}}");
}
END_TEST

START_TEST(test_create_no_region_and_range)
{
    struct lcc_callback cb;
    make_callback(&cb);
    strcpy(cb.number, "+80012345678"); /* non-geographic: no countryCode */
    cb.region[0] = '\0';
    cb.scheduled_ms = LCC_CALLBACK_ASAP;
    cb.conversation_id = NULL; /* created through the API: no data at all */
    expect_create(&cb, "{\"callbackNumbers\":[\"+80012345678\"],\"queueId\":\"q1\"}");

    char *body = (char *)"untouched";
    size_t len = 7;
    cb.scheduled_ms = INT64_MAX;
    ck_assert_int_eq(lcc__gc_create_body(&body, &len, ctx, &cb), LCC_ERANGE);
    ck_assert_str_eq(body, "untouched");
    ck_assert_uint_eq(len, 7);
    ck_assert_int_eq(lcc__gc_create_body(&body, &len, ctx, NULL), LCC_EMISUSE);
}
END_TEST

/* Members come in a fixed order: the exact bytes of a full body. */
START_TEST(test_create_exact_bytes)
{
    struct lcc_callback cb;
    make_callback(&cb);
    strcpy(cb.extension, "12");
    cb.owner_id = "a1";
    strcpy(cb.caller_id, "+33142685399");
    cb.has_caller_id = 1;
    cb.caller_id_name = "ACME";
    cb.callee_name = "Pat";
    ck_assert_int_eq(lcc__kv_set(&cb.data, &ctx->alloc, "ticket", "SR-1"), 0);
    char *body = NULL;
    size_t len = 0;
    ck_assert_int_eq(lcc__gc_create_body(&body, &len, ctx, &cb), LCC_OK);
    ck_assert_str_eq(body, "{\"callbackNumbers\":[\"+33142685300;ext=12\"],"
                           "\"routingData\":{\"queueId\":\"q1\","
                           "\"scoredAgents\":[{\"agent\":{\"id\":\"a1\"},\"score\":100}],"
                           "\"routingFlags\":[\"AGENT_OWNED_CALLBACK\"]},"
                           "\"countryCode\":\"FR\",\"callerId\":\"+33142685399\","
                           "\"callerIdName\":\"ACME\",\"callbackUserName\":\"Pat\","
                           "\"data\":{\"originatingConversationId\":\"c1\",\"ticket\":\"SR-1\"},"
                           "\"callbackScheduledTime\":\"2026-11-21T10:00:00.000Z\"}");
    ck_assert_uint_eq(len, strlen(body));
    lcc__free(&ctx->alloc, body);
    lcc__kv_clear(&cb.data, &ctx->alloc);
}
END_TEST

/* Texts with quotes, backslashes and control characters are escaped, and
 * the bodies parse back (with cJSON) to the same values. */
START_TEST(test_bodies_escaped)
{
    static char callee[] = "Pat \"PD\" Doe\n\tC:\\x \xC3\xAB", caller[] = "\x01\x1f\x7f/";
    static const char key[] = "k\"ey", value[] = "v\\al\r";
    struct lcc_callback cb;
    make_callback(&cb);
    cb.callee_name = callee;
    cb.caller_id_name = caller;
    ck_assert_int_eq(lcc__kv_set(&cb.data, &ctx->alloc, key, value), 0);
    char *body;
    size_t len;
    ck_assert_int_eq(lcc__gc_create_body(&body, &len, ctx, &cb), LCC_OK);
    lcc__kv_clear(&cb.data, &ctx->alloc);
    cJSON *doc = cJSON_Parse(body);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "callbackUserName")->valuestring, callee);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "callerIdName")->valuestring, caller);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(doc, "data");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(data, key)->valuestring, value);
    cJSON_Delete(doc);
    ck_assert_ptr_nonnull(strstr(body, "\"callerIdName\":\"\\u0001\\u001f\x7f/\""));
    lcc__free(&ctx->alloc, body);

    ck_assert_int_eq(lcc__gc_patch_body(&body, &len, ctx, "c\"1", "a\\1", "q\n", LCC_CALLBACK_ASAP),
                     LCC_OK);
    ck_assert_str_eq(body, "{\"conversationId\":\"c\\\"1\",\"agentId\":\"a\\\\1\","
                           "\"queueId\":\"q\\n\"}");
    lcc__free(&ctx->alloc, body);
}
END_TEST

/* A text that is not UTF-8 (an id as a server sent it) is refused, not sent. */
START_TEST(test_bodies_invalid_utf8)
{
    char *body = (char *)"untouched";
    size_t len = 7;
    ck_assert_int_eq(lcc__gc_patch_body(&body, &len, ctx, "c\xC3", "a1", NULL, T0_MS), LCC_EINVAL);
    const char *convs[] = {"c1", "c2"}, *cbs[] = {"x1", "\xFFx2"};
    ck_assert_int_eq(lcc__gc_bulk_disconnect_body(&body, &len, ctx, convs, cbs, 2), LCC_EINVAL);
    ck_assert_str_eq(lcc_context_errmsg(ctx), "request body: a text is not valid UTF-8");
    struct lcc_callback cb;
    make_callback(&cb);
    cb.callee_name = "\xED\xA0\x80"; /* a surrogate */
    ck_assert_int_eq(lcc__gc_create_body(&body, &len, ctx, &cb), LCC_EINVAL);
    ck_assert_str_eq(body, "untouched");
    ck_assert_uint_eq(len, 7);
}
END_TEST

START_TEST(test_patch_body)
{
    char *body;
    size_t len;
    ck_assert_int_eq(lcc__gc_patch_body(&body, &len, ctx, "conv-1", "a1", "q2", T0_MS), LCC_OK);
    expect_json(body, len, "{\"conversationId\":\"conv-1\",\"agentId\":\"a1\",\"queueId\":\"q2\","
                           "\"callbackScheduledTime\":\"2026-11-21T10:00:00.000Z\"}");
    lcc__free(&ctx->alloc, body);
    ck_assert_int_eq(lcc__gc_patch_body(&body, &len, ctx, "conv-1", "a1", NULL, T0_MS + 1),
                     LCC_OK);
    expect_json(body, len, "{\"conversationId\":\"conv-1\",\"agentId\":\"a1\","
                           "\"callbackScheduledTime\":\"2026-11-21T10:00:00.001Z\"}");
    lcc__free(&ctx->alloc, body);
    ck_assert_int_eq(lcc__gc_patch_body(&body, &len, ctx, "conv-1", "a1", NULL, LCC_CALLBACK_ASAP),
                     LCC_OK);
    expect_json(body, len, "{\"conversationId\":\"conv-1\",\"agentId\":\"a1\"}");
    lcc__free(&ctx->alloc, body);
    ck_assert_int_eq(lcc__gc_patch_body(&body, &len, ctx, NULL, "a1", NULL, T0_MS), LCC_EMISUSE);
}
END_TEST

START_TEST(test_disconnect_bodies)
{
    char *body;
    size_t len;
    ck_assert_int_eq(lcc__gc_disconnect_body(&body, &len, ctx), LCC_OK);
    ck_assert_str_eq(body, "{\"state\":\"disconnected\"}");
    ck_assert_uint_eq(len, strlen(body));
    lcc__free(&ctx->alloc, body);

    const char *convs[] = {"c1", "c2"}, *cbs[] = {"x1", "x2"};
    ck_assert_int_eq(lcc__gc_bulk_disconnect_body(&body, &len, ctx, convs, cbs, 2), LCC_OK);
    expect_json(body, len, "{\"callbackDisconnectIdentifiers\":["
                           "{\"conversationId\":\"c1\",\"callbackId\":\"x1\"},"
                           "{\"conversationId\":\"c2\",\"callbackId\":\"x2\"}]}");
    lcc__free(&ctx->alloc, body);
    ck_assert_int_eq(lcc__gc_bulk_disconnect_body(&body, &len, ctx, NULL, NULL, 0), LCC_OK);
    expect_json(body, len, "{\"callbackDisconnectIdentifiers\":[]}");
    lcc__free(&ctx->alloc, body);
    const char *bad[] = {"x1", NULL};
    ck_assert_int_eq(lcc__gc_bulk_disconnect_body(&body, &len, ctx, convs, bad, 2), LCC_EMISUSE);
}
END_TEST

/* ---- responses ---- */

static lcc_status parse_created(lcc__gc_created *c, const char *json)
{
    return lcc__gc_parse_created(c, ctx, json, strlen(json));
}

START_TEST(test_parse_created)
{
    lcc__gc_created c;
    ck_assert_int_eq(
        parse_created(&c, "{\"conversation\":{\"id\":\"conv-9\",\"selfUri\":\"/x\","
                          "\"extra\":[1,2]},"
                          "\"callbackIdentifiers\":[{\"type\":\"EXTERNAL\",\"id\":\"e1\"},"
                          "{\"type\":\"HOLOGRAM\",\"id\":\"h1\",\"new\":true},"
                          "{\"type\":\"ACD\"},{\"id\":\"lonely\"},{\"type\":3,\"id\":\"n\"},7,"
                          "{\"type\":\"ACD\",\"id\":\"a1\"}],\"futureField\":{\"deep\":[{}]}}"),
        LCC_OK);
    ck_assert_str_eq(c.conversation_id, "conv-9");
    ck_assert_uint_eq(c.n_ids, 3);
    ck_assert_str_eq(c.ids[0].type, "EXTERNAL");
    ck_assert_str_eq(c.ids[0].id, "e1");
    ck_assert_str_eq(c.ids[1].type, "HOLOGRAM");
    ck_assert_str_eq(c.ids[2].type, "ACD");
    ck_assert_str_eq(c.ids[2].id, "a1");
    lcc__gc_created_clear(&c, ctx);
    ck_assert_ptr_null(c.conversation_id);

    ck_assert_int_eq(parse_created(&c, "{\"conversation\":{\"id\":\"only\"}}"), LCC_OK);
    ck_assert_uint_eq(c.n_ids, 0);
    lcc__gc_created_clear(&c, ctx);

    static const char *bad[] = {
        "", "{", "{\"conversation\":{\"id\":\"x\"}", "[]", "null", "\"str\"",
        "{\"conversation\":{}}", "{\"conversation\":{\"id\":7}}", "{\"conversation\":\"x\"}",
        "{\"conversation\":{\"id\":\"x\"}} trailing", "<html><body>502</body></html>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&c, 0x5A, sizeof c);
        ck_assert_msg(parse_created(&c, bad[i]) == LCC_EFORMAT, "%s", bad[i]);
        ck_assert_int_eq(((unsigned char *)&c)[0], 0x5A);
    }
    ck_assert_int_eq(lcc__gc_parse_created(&c, ctx, NULL, 0), LCC_EFORMAT);
    /* length-bounded: the text after len is not read */
    ck_assert_int_eq(lcc__gc_parse_created(&c, ctx, "{\"conversation\":{\"id\":\"x\"}} \nXYZ", 29),
                     LCC_OK);
    lcc__gc_created_clear(&c, ctx);
}
END_TEST

static lcc_status parse_conv(lcc__gc_view *v, const char *json)
{
    return lcc__gc_parse_conversation(v, ctx, json, strlen(json));
}

/* A CallbackConversation with a callback participant in `state` and a
 * customer participant. */
static void conv_with_state(char *buf, size_t size, const char *state, const char *extra)
{
    snprintf(buf, size,
             "{\"id\":\"conv-1\",%s\"participants\":["
             "{\"id\":\"p0\",\"purpose\":\"customer\",\"state\":\"connected\"},"
             "{\"id\":\"p1\",\"purpose\":\"acd\",\"state\":\"%s\",\"queue\":{\"id\":\"q1\"},"
             "\"user\":{\"id\":\"a1\",\"selfUri\":\"/u\"},\"callbackNumbers\":[\"+33142685300\"],"
             "\"callbackScheduledTime\":\"2026-11-21T10:00:00.000Z\",\"novelty\":{\"x\":1}}]}",
             extra, state);
}

START_TEST(test_parse_conversation)
{
    char buf[1024];
    lcc__gc_view v;
    static const struct {
        const char *state, *extra;
        int disconnected;
    } cases[] = {
        {"disconnected", "", 1}, {"terminated", "", 1},        {"connected", "", 0},
        {"scheduled", "", 0},    {"quantum-superposed", "", 0},
        {"connected", "\"endTime\":\"2026-11-21T11:00:00Z\",", 1},
        {"connected", "\"endTime\":null,", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        conv_with_state(buf, sizeof buf, cases[i].state, cases[i].extra);
        ck_assert_int_eq(parse_conv(&v, buf), LCC_OK);
        ck_assert_msg(v.disconnected == cases[i].disconnected, "state %s", cases[i].state);
        ck_assert_str_eq(v.conversation_id, "conv-1");
        ck_assert_str_eq(v.queue_id, "q1");
        ck_assert_str_eq(v.user_id, "a1");
        ck_assert(v.scheduled_ms == T0_MS);
        lcc__gc_view_clear(&v, ctx);
        ck_assert(v.scheduled_ms == INT64_MIN);
    }

    /* unparsable time, no queue or user: absent */
    ck_assert_int_eq(parse_conv(&v, "{\"id\":\"c\",\"participants\":[{\"purpose\":\"customer\","
                                    "\"callbackScheduledTime\":\"tomorrow-ish\"}]}"),
                     LCC_OK);
    ck_assert(v.scheduled_ms == INT64_MIN);
    ck_assert_ptr_null(v.queue_id);
    ck_assert_ptr_null(v.user_id);
    ck_assert_int_eq(v.disconnected, 0);
    lcc__gc_view_clear(&v, ctx);

    /* no callback fields: the external participant, with an offset time */
    ck_assert_int_eq(parse_conv(&v, "{\"id\":\"c\",\"participants\":[7,\"x\","
                                    "{\"purpose\":\"agent\","
                                    "\"user\":{\"id\":\"u9\"}},{\"purpose\":\"external\","
                                    "\"state\":\"terminated\",\"queue\":{\"id\":\"q7\"}}]}"),
                     LCC_OK);
    ck_assert_int_eq(v.disconnected, 1);
    ck_assert_str_eq(v.queue_id, "q7");
    ck_assert_str_eq(v.user_id, "u9");
    lcc__gc_view_clear(&v, ctx);

    /* the generic Conversation of the disconnect PATCH: Participant.callbacks[] */
    ck_assert_int_eq(parse_conv(&v, "{\"id\":\"c\",\"startTime\":\"2026-11-21T09:00:00Z\","
                                    "\"participants\":[{\"purpose\":\"acd\",\"queueId\":\"q3\","
                                    "\"callbacks\":[{\"state\":\"disconnected\","
                                    "\"callbackNumbers\":[\"+1\"],\"callbackScheduledTime\":"
                                    "\"2026-11-21T12:00:00.000+02:00\"}]}]}"),
                     LCC_OK);
    ck_assert_int_eq(v.disconnected, 1);
    ck_assert_str_eq(v.queue_id, "q3");
    ck_assert(v.scheduled_ms == T0_MS);
    lcc__gc_view_clear(&v, ctx);

    /* no participants at all */
    ck_assert_int_eq(parse_conv(&v, "{\"id\":\"c\",\"participants\":{}}"), LCC_OK);
    ck_assert_int_eq(v.disconnected, 0);
    lcc__gc_view_clear(&v, ctx);

    static const char *bad[] = {"", "[]", "{\"id\":5}", "{\"participants\":[]}", "{\"id\":\"c\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&v, 0x5A, sizeof v);
        ck_assert_msg(parse_conv(&v, bad[i]) == LCC_EFORMAT, "%s", bad[i]);
        ck_assert_int_eq(((unsigned char *)&v)[0], 0x5A);
    }
}
END_TEST

static lcc_status parse_note(lcc__gc_topic *t, lcc__gc_view *v, const char *topic,
                             const char *event_body)
{
    char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"topicName\":\"%s\",\"version\":\"2\",\"eventBody\":%s,"
             "\"metadata\":{\"CorrelationId\":\"abc\"}}",
             topic, event_body);
    return lcc__gc_parse_notification(t, v, ctx, buf, strlen(buf));
}

START_TEST(test_notifications)
{
    static const char *callback_topics[] = {
        "v2.users.8f1c.conversations.callbacks",
        "v2.routing.queues.q-1.conversations.callbacks",
        "v2.conversations.callbacks.conv-1",
        "v2.detail.events.conversation.conv-1.acd.end",
        "v2.detail.events.conversation.conv-1.user.start",
    };
    const char *body = "{\"id\":\"conv-1\",\"participants\":[{\"purpose\":\"customer\","
                       "\"state\":\"disconnected\",\"callbackNumbers\":[\"+33142685300\"]}]}";
    lcc__gc_topic t;
    lcc__gc_view v;
    for (size_t i = 0; i < sizeof callback_topics / sizeof callback_topics[0]; i++) {
        t = LCC__GC_TOPIC_IGNORED;
        ck_assert_int_eq(parse_note(&t, &v, callback_topics[i], body), LCC_OK);
        ck_assert_msg(t == LCC__GC_TOPIC_CALLBACK, "%s", callback_topics[i]);
        ck_assert_str_eq(v.conversation_id, "conv-1");
        ck_assert_int_eq(v.disconnected, 1);
        lcc__gc_view_clear(&v, ctx);
    }

    static const char *ignored_topics[] = {
        "channel.metadata",
        "v2.users.8f1c.presence",
        "v2.users..conversations.callbacks",
        "v2.users.a.b.conversations.callbacks",
        "v2.users.8f1c.conversations.callbacks.extra",
        "v2.conversations.callbacks.",
        "v2.detail.events.conversation.conv-1",
        "v2.detail.events.conversation.conv-1.",
        "v2.routing.queues.q-1.conversations.emails",
        "",
    };
    for (size_t i = 0; i < sizeof ignored_topics / sizeof ignored_topics[0]; i++) {
        t = LCC__GC_TOPIC_CALLBACK;
        memset(&v, 0x5A, sizeof v);
        ck_assert_int_eq(parse_note(&t, &v, ignored_topics[i], body), LCC_OK);
        ck_assert_msg(t == LCC__GC_TOPIC_IGNORED, "%s", ignored_topics[i]);
        ck_assert_int_eq(((unsigned char *)&v)[0], 0x5A);
    }

    /* heartbeat; callback topic without a conversation in it */
    t = LCC__GC_TOPIC_CALLBACK;
    ck_assert_int_eq(
        parse_note(&t, &v, "channel.metadata", "{\"message\":\"WebSocket Heartbeat\"}"), LCC_OK);
    ck_assert_int_eq(t, LCC__GC_TOPIC_IGNORED);
    static const char *no_conv[] = {"{\"conversationId\":\"c\"}", "[]", "null", "\"x\"", "{}"};
    for (size_t i = 0; i < sizeof no_conv / sizeof no_conv[0]; i++) {
        t = LCC__GC_TOPIC_CALLBACK;
        ck_assert_int_eq(parse_note(&t, &v, callback_topics[0], no_conv[i]), LCC_OK);
        ck_assert_int_eq(t, LCC__GC_TOPIC_IGNORED);
    }

    static const char *bad[] = {"", "[]", "{\"eventBody\":{}}", "{\"topicName\":5}",
                                "{\"topicName\":\"v2.users.a.conversations.callbacks\"",
                                "garbage"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = (lcc__gc_topic)77;
        lcc_status st = lcc__gc_parse_notification(&t, &v, ctx, bad[i], strlen(bad[i]));
        ck_assert_msg(st == LCC_EFORMAT, "%s", bad[i]);
        ck_assert_int_eq(t, 77);
    }
}
END_TEST

/* ---- error bodies ---- */

static lcc_report *rep;

static lcc_status parse_err(int http, const char *body)
{
    lcc_report_free(rep);
    rep = lcc__report_new(&ctx->alloc);
    ck_assert_ptr_nonnull(rep);
    return lcc__gc_parse_error(rep, ctx, http, body, body ? strlen(body) : 0);
}

static void err_teardown(void)
{
    lcc_report_free(rep);
    rep = NULL;
    teardown();
}

static void expect_entry(size_t i, const char *rule, const char *field, lcc_status code,
                         const char *server, const char *message)
{
    ck_assert_str_eq(lcc_report_rule(rep, i), rule);
    if (field)
        ck_assert_str_eq(lcc_report_field(rep, i), field);
    else
        ck_assert_ptr_null(lcc_report_field(rep, i));
    ck_assert_int_eq(lcc_report_code(rep, i), code);
    ck_assert_int_eq(lcc_report_severity(rep, i), LCC_SEVERITY_ERROR);
    if (server)
        ck_assert_str_eq(lcc_report_server_code(rep, i), server);
    else
        ck_assert_ptr_null(lcc_report_server_code(rep, i));
    ck_assert_str_eq(lcc_report_message(rep, i), message);
}

START_TEST(test_error_known_codes)
{
    static const struct {
        const char *code, *rule, *field;
        lcc_status status;
    } known[] = {
        {"callback.error.scheduled.time.too.far.in.future", "CB-HORIZON", "date", LCC_ERANGE},
        {"callback.error.missing.queue.id", "CB-QUEUE", "queue", LCC_ENOTFOUND},
        {"callback.error.missing.callback.numbers", "CB-NUMBER", "number", LCC_EBADNUMBER},
        {"callback.error.invalid.callback.number", "CB-NUMBER", "number", LCC_EBADNUMBER},
        {"callback.error.scheduled.time.in.past", "CB-PAST", "time", LCC_EPAST},
    };
    char body[512];
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        snprintf(body, sizeof body,
                 "{\"message\":\"Server says no\",\"code\":\"%s\",\"status\":400,"
                 "\"messageParams\":{\"a\":\"b\"},\"contextId\":\"ctx-1\",\"details\":[],"
                 "\"errors\":[],\"surprise\":true}",
                 known[i].code);
        ck_assert_int_eq(parse_err(400, body), LCC_EVALIDATION);
        ck_assert_uint_eq(lcc_report_count(rep), 1);
        expect_entry(0, known[i].rule, known[i].field, known[i].status, known[i].code,
                     "Server says no");
        ck_assert_ptr_null(lcc_report_server_code(rep, 1));
        ck_assert_ptr_null(lcc_report_server_code(NULL, 0));
    }
    ck_assert_str_eq(lcc_context_errmsg(ctx), "Server says no");
}
END_TEST

START_TEST(test_error_unknown_codes)
{
    static const struct {
        int http;
        lcc_status status;
    } cases[] = {
        {400, LCC_EREJECTED}, {409, LCC_EREJECTED}, {422, LCC_EREJECTED}, {418, LCC_EREJECTED},
        {401, LCC_EAUTH},     {403, LCC_EPERM},     {404, LCC_ENOTFOUND}, {429, LCC_EBUSY},
        {500, LCC_ESERVER},   {503, LCC_ESERVER},   {302, LCC_ESERVER},   {0, LCC_ESERVER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *body = "{\"message\":\"Nope\",\"code\":\"some.new.code\"}";
        ck_assert_int_eq(parse_err(cases[i].http, body), cases[i].status);
        ck_assert_uint_eq(lcc_report_count(rep), 1);
        expect_entry(0, "API", NULL, cases[i].status, "some.new.code", "Nope");
    }
    /* no message: "HTTP <status>"; no code: no server code */
    ck_assert_int_eq(parse_err(409, "{\"status\":409}"), LCC_EREJECTED);
    expect_entry(0, "API", NULL, LCC_EREJECTED, NULL, "HTTP 409");
}
END_TEST

START_TEST(test_error_not_json)
{
    static const char *bodies[] = {
        "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        "",
        "{\"message\":\"cut",
        "{\"message\":\"x\",\"code\":\"callback.error.missing.queue.id\"",
        "[1,2,3]",
        "\"just a string\"",
        "null",
        "\xff\xfe{",
        /* read by cJSON alone, but not RFC 8259 */
        "{\"message\":\"x\ty\",\"code\":\"callback.error.missing.queue.id\"}",
        "{\"message\":\"x\",\"code\":\"callback.error.missing.queue.id\",\"n\":01}",
        "{\"message\":\"\xe9\",\"code\":\"callback.error.missing.queue.id\"}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        ck_assert_int_eq(parse_err(502, bodies[i]), LCC_ESERVER);
        ck_assert_uint_eq(lcc_report_count(rep), 1);
        expect_entry(0, "API", NULL, LCC_ESERVER, NULL, "HTTP 502");
    }
    ck_assert_int_eq(parse_err(400, NULL), LCC_EREJECTED);
    expect_entry(0, "API", NULL, LCC_EREJECTED, NULL, "HTTP 400");
    ck_assert_int_eq(parse_err(429, "<html>slow down</html>"), LCC_EBUSY);
    ck_assert_uint_eq(lcc_report_count(rep), 1);
}
END_TEST

START_TEST(test_error_details_and_nested)
{
    const char *body =
        "{\"message\":\"Bad request\",\"code\":\"bad.request\",\"status\":400,"
        "\"details\":[{\"errorCode\":\"callback.error.invalid.callback.number\","
        "\"fieldName\":\"callbackNumbers\",\"entityId\":\"e\",\"entityName\":\"n\"},"
        "{\"fieldName\":\"ignored: no errorCode\"},5,"
        "{\"errorCode\":\"some.detail\"}],"
        "\"errors\":[{\"message\":\"Too far\","
        "\"code\":\"callback.error.scheduled.time.too.far.in.future\","
        "\"errors\":[{\"code\":\"deeper.code\"}]},{\"nothing\":1},\"junk\"]}";
    ck_assert_int_eq(parse_err(400, body), LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_count(rep), 5);
    expect_entry(0, "API", NULL, LCC_EREJECTED, "bad.request", "Bad request");
    expect_entry(1, "CB-NUMBER", "number", LCC_EBADNUMBER, "callback.error.invalid.callback.number",
                 "The callback number is not valid. (callbackNumbers)");
    expect_entry(2, "API", NULL, LCC_EREJECTED, "some.detail", "HTTP 400");
    expect_entry(3, "CB-HORIZON", "date", LCC_ERANGE,
                 "callback.error.scheduled.time.too.far.in.future", "Too far");
    expect_entry(4, "API", NULL, LCC_EREJECTED, "deeper.code", "HTTP 400");
    ck_assert_uint_eq(lcc_report_error_count(rep), 5);
    ck_assert_int_eq(lcc_report_find(rep, "CB-HORIZON"), 3);
}
END_TEST

/* The engine's error bodies repeat their first problem in `errors`: one entry. */
START_TEST(test_error_repeated_in_errors)
{
    const char *body =
        "{\"message\":\"A callback has already been scheduled\","
        "\"code\":\"callback.error.already.scheduled\",\"status\":409,"
        "\"errors\":[{\"message\":\"A callback has already been scheduled\","
        "\"code\":\"callback.error.already.scheduled\"},"
        "{\"message\":\"Too far\",\"code\":\"callback.error.scheduled.time.too.far.in.future\"}]}";
    ck_assert_int_eq(parse_err(409, body), LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_count(rep), 2);
    ck_assert_str_eq(lcc_report_rule(rep, 0), "CB-SINGLE");
    ck_assert_str_eq(lcc_report_rule(rep, 1), "CB-HORIZON");
}
END_TEST

START_TEST(test_error_bounded)
{
    /* 100 details: at most 20 entries */
    size_t cap = 100 * 40 + 100;
    char *body = malloc(cap);
    ck_assert_ptr_nonnull(body);
    size_t n = (size_t)snprintf(body, cap, "{\"code\":\"x\",\"details\":[");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(body + n, cap - n, "%s{\"errorCode\":\"d%d\"}", i ? "," : "", i);
    snprintf(body + n, cap - n, "]}");
    ck_assert_int_eq(parse_err(500, body), LCC_ESERVER);
    ck_assert_uint_eq(lcc_report_count(rep), 20);
    ck_assert_str_eq(lcc_report_server_code(rep, 19), "d18");
    free(body);

    /* nested errors 31 levels deep (63 containers, within the depth limit of
     * 64): bounded, no crash */
    cap = 31 * 40 + 100;
    body = malloc(cap);
    ck_assert_ptr_nonnull(body);
    n = 0;
    for (int i = 0; i < 31; i++)
        n += (size_t)snprintf(body + n, cap - n, "{\"code\":\"c%d\",\"errors\":[", i);
    n += (size_t)snprintf(body + n, cap - n, "{}");
    for (int i = 0; i < 31; i++)
        n += (size_t)snprintf(body + n, cap - n, "]}");
    ck_assert_int_eq(parse_err(400, body), LCC_EREJECTED);
    ck_assert_uint_eq(lcc_report_count(rep), 20);
    ck_assert_str_eq(lcc_report_server_code(rep, 19), "c19");
    free(body);

    /* deeper than any parser should follow: not JSON for us, no crash */
    size_t depth = 200000;
    body = malloc(2 * depth + 1);
    ck_assert_ptr_nonnull(body);
    memset(body, '[', depth);
    memset(body + depth, ']', depth);
    body[2 * depth] = '\0';
    ck_assert_int_eq(parse_err(400, body), LCC_EREJECTED);
    ck_assert_uint_eq(lcc_report_count(rep), 1);
    lcc__gc_created c;
    lcc__gc_view v;
    lcc__gc_topic t;
    ck_assert_int_eq(lcc__gc_parse_created(&c, ctx, body, 2 * depth), LCC_EFORMAT);
    ck_assert_int_eq(lcc__gc_parse_conversation(&v, ctx, body, 2 * depth), LCC_EFORMAT);
    ck_assert_int_eq(lcc__gc_parse_notification(&t, &v, ctx, body, 2 * depth), LCC_EFORMAT);
    free(body);

    /* a long message is cut at a character boundary; a long code at 255 bytes */
    char big[2000];
    n = (size_t)snprintf(big, sizeof big, "{\"message\":\"");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "\xc3\xa9"); /* é */
    n += (size_t)snprintf(big + n, sizeof big - n, "\",\"code\":\"");
    for (int i = 0; i < 400; i++)
        big[n++] = 'k';
    snprintf(big + n, sizeof big - n, "\"}");
    ck_assert_int_eq(parse_err(400, big), LCC_EREJECTED);
    ck_assert_uint_eq(strlen(lcc_report_message(rep, 0)), 510);
    ck_assert_uint_eq(strlen(lcc_report_server_code(rep, 0)), 255);
}
END_TEST

/* ---- allocation failures ---- */

/* Runs op with the N-th allocation failing, N = 1, 2, ... until it succeeds:
 * every failure is LCC_ENOMEM and leaks nothing. */
#define SWEEP(call, on_fail, on_success)                                                          \
    do {                                                                                           \
        for (long n = 1;; n++) {                                                                   \
            ck_assert_msg(n < 1000, "no success");                                                 \
            long live = cnt.live;                                                                  \
            cnt.calls = 0;                                                                         \
            cnt.fail_at = n;                                                                       \
            lcc_status st_ = (call);                                                               \
            cnt.fail_at = 0;                                                                       \
            if (st_ == LCC_OK) {                                                                   \
                on_success;                                                                        \
                ck_assert_int_eq(cnt.live, live);                                                  \
                break;                                                                             \
            }                                                                                      \
            ck_assert_msg(st_ == LCC_ENOMEM, "allocation %ld: status %d", n, (int)st_);            \
            on_fail;                                                                               \
            ck_assert_int_eq(cnt.live, live);                                                      \
        }                                                                                          \
    } while (0)

START_TEST(test_alloc_failures)
{
    struct lcc_callback cb;
    make_callback(&cb);
    cb.owner_id = "a1";
    strcpy(cb.extension, "7");
    cb.caller_id_name = "ACME";
    cb.callee_name = "Bob";
    ck_assert_int_eq(lcc__kv_set(&cb.data, &ctx->alloc, "k", "v"), 0);
    char *body = NULL;
    size_t len = 99;
    SWEEP(lcc__gc_create_body(&body, &len, ctx, &cb),
          { ck_assert_ptr_null(body); ck_assert_uint_eq(len, 99); },
          { ck_assert_uint_eq(len, strlen(body)); lcc__free(&ctx->alloc, body); });
    lcc__kv_clear(&cb.data, &ctx->alloc);
    body = NULL;
    const char *convs[] = {"c1"}, *cbs[] = {"x1"};
    SWEEP(lcc__gc_bulk_disconnect_body(&body, &len, ctx, convs, cbs, 1),
          { ck_assert_ptr_null(body); }, { lcc__free(&ctx->alloc, body); });

    const char *created = "{\"conversation\":{\"id\":\"c\"},\"callbackIdentifiers\":["
                          "{\"type\":\"EXTERNAL\",\"id\":\"e\"},{\"type\":\"ACD\",\"id\":\"a\"}]}";
    lcc__gc_created c;
    memset(&c, 0x5A, sizeof c);
    SWEEP(lcc__gc_parse_created(&c, ctx, created, strlen(created)),
          { ck_assert_int_eq(((unsigned char *)&c)[0], 0x5A); },
          { ck_assert_uint_eq(c.n_ids, 2); lcc__gc_created_clear(&c, ctx); });

    const char *conv = "{\"id\":\"c\",\"participants\":[{\"callbackNumbers\":[],"
                       "\"queue\":{\"id\":\"q\"},\"user\":{\"id\":\"u\"}}]}";
    lcc__gc_view v;
    memset(&v, 0x5A, sizeof v);
    SWEEP(lcc__gc_parse_conversation(&v, ctx, conv, strlen(conv)),
          { ck_assert_int_eq(((unsigned char *)&v)[0], 0x5A); },
          { ck_assert_str_eq(v.user_id, "u"); lcc__gc_view_clear(&v, ctx); });

    const char *err = "{\"message\":\"m\",\"code\":\"callback.error.missing.queue.id\","
                      "\"details\":[{\"errorCode\":\"d1\",\"fieldName\":\"f\"}],"
                      "\"errors\":[{\"message\":\"n\",\"code\":\"c2\"}]}";
    lcc_report *r = NULL;
    for (long n = 1;; n++) {
        ck_assert_msg(n < 1000, "no success");
        r = lcc__report_new(&ctx->alloc);
        ck_assert_ptr_nonnull(r);
        cnt.calls = 0;
        cnt.fail_at = n;
        lcc_status st = lcc__gc_parse_error(r, ctx, 400, err, strlen(err));
        cnt.fail_at = 0;
        if (st != LCC_ENOMEM) {
            ck_assert_int_eq(st, LCC_EVALIDATION);
            ck_assert_uint_eq(lcc_report_count(r), 3);
            ck_assert_int_eq(lcc__report_status(ctx, r), LCC_EVALIDATION);
            lcc_report_free(r);
            break;
        }
        ck_assert_int_eq(lcc__report_status(ctx, r), LCC_ENOMEM);
        lcc_report_free(r);
    }
}
END_TEST

/* Request paths: ids percent-encoded, everything else as given. */
START_TEST(test_paths_encoded)
{
    char *p = lcc__gc_path(ctx, "/api/v2/conversations/callbacks", "a/b c", NULL, NULL, NULL);
    ck_assert_str_eq(p, "/api/v2/conversations/callbacks/a%2Fb%20c");
    lcc__free(&ctx->alloc, p);
    p = lcc__gc_path(ctx, "/api/v2/conversations/messages", "c-1_x.~", "/communications/",
                     "\xc3\xa9?", "/messages");
    ck_assert_str_eq(p, "/api/v2/conversations/messages/c-1_x.~/communications/%C3%A9%3F/messages");
    lcc__free(&ctx->alloc, p);
}
END_TEST

static Suite *genesys_suite(void)
{
    Suite *s = suite_create("genesys");
    TCase *t = tcase_create("bodies");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_create_plain);
    tcase_add_test(t, test_create_immediate_full);
    tcase_add_test(t, test_create_owned);
    tcase_add_test(t, test_create_preferred);
    tcase_add_test(t, test_create_no_region_and_range);
    tcase_add_test(t, test_create_exact_bytes);
    tcase_add_test(t, test_bodies_escaped);
    tcase_add_test(t, test_bodies_invalid_utf8);
    tcase_add_test(t, test_patch_body);
    tcase_add_test(t, test_disconnect_bodies);
    tcase_add_test(t, test_paths_encoded);
    suite_add_tcase(s, t);

    t = tcase_create("responses");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_parse_created);
    tcase_add_test(t, test_parse_conversation);
    tcase_add_test(t, test_notifications);
    suite_add_tcase(s, t);

    t = tcase_create("errors");
    tcase_add_checked_fixture(t, setup, err_teardown);
    tcase_add_test(t, test_error_known_codes);
    tcase_add_test(t, test_error_unknown_codes);
    tcase_add_test(t, test_error_not_json);
    tcase_add_test(t, test_error_details_and_nested);
    tcase_add_test(t, test_error_repeated_in_errors);
    tcase_add_test(t, test_error_bounded);
    suite_add_tcase(s, t);

    t = tcase_create("alloc");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_alloc_failures);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(genesys_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
