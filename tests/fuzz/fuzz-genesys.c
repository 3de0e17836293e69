/* Fuzz target of the Genesys Cloud / Webex Contact Center response readers
 * (lib/api/genesys.h, internal) and of the public notification entry point
 * lcc_context_ingest_notification (contactcore/backend.h).
 *
 * The first input byte picks the reader (modulo 12, see LLVMFuzzerTestOneInput);
 * for an error body the second byte picks the HTTP status; the rest is the
 * body, handed over with its length and no terminator.  The documented
 * results are checked (abort() on a violation, so libFuzzer and the replay
 * see it) and everything is freed explicitly (the leak checkers must see
 * nothing).
 *
 * Links the internal library (tests/fuzz/meson.build: fuzz_internal).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <contactcore/contactcore.h>

#include "api/genesys.h"
#include "core/alloc.h"
#include "core/context.h"
#include "core/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                    \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz-genesys: %s:%d: invariant broken: %s\n", __FILE__,   \
                    __LINE__, #cond);                                                    \
            abort();                                                                     \
        }                                                                                \
    } while (0)

#define FORMAT_OR_NOMEM(st) ((st) == LCC_EFORMAT || (st) == LCC_ENOMEM)

static int64_t fixed_clock(void *user_data)
{
    (void)user_data;
    return 1767603600000LL; /* 2026-01-05 09:00 UTC */
}

static void touch_str(const char *s)
{
    if (s)
        (void)strlen(s);
}

static void touch_view(const lcc__gc_view *v)
{
    REQUIRE(v->conversation_id != NULL);
    (void)strlen(v->conversation_id);
    REQUIRE(v->disconnected == 0 || v->disconnected == 1);
    touch_str(v->queue_id);
    touch_str(v->user_id);
}

static void touch_report(const lcc_report *r)
{
    size_t n = lcc_report_count(r), errors = 0;
    REQUIRE(n >= 1);
    for (size_t i = 0; i < n; i++) {
        const char *rule = lcc_report_rule(r, i);
        const char *field = lcc_report_field(r, i);
        const char *msg = lcc_report_message(r, i);
        REQUIRE(rule != NULL);
        REQUIRE(msg != NULL);
        (void)strlen(rule);
        touch_str(field); /* NULL for an entry without a field */
        (void)strlen(msg);
        touch_str(lcc_report_server_code(r, i));
        (void)lcc_report_code(r, i);
        if (lcc_report_severity(r, i) == LCC_SEVERITY_ERROR)
            errors++;
    }
    REQUIRE(errors == lcc_report_error_count(r));
    REQUIRE(lcc_report_rule(r, n) == NULL);
}

static void parse_error(lcc_context *ctx, const uint8_t *data, size_t size)
{
    static const int statuses[] = {0,   200, 204, 400, 401, 403, 404,
                                   409, 429, 500, 502, 503, 599, 999};
    int http = size ? statuses[data[0] % (sizeof statuses / sizeof statuses[0])] : 400;
    const char *body = size ? (const char *)data + 1 : NULL;
    size_t len = size ? size - 1 : 0;
    lcc_report *r = lcc__report_new(&ctx->alloc);
    REQUIRE(r != NULL);
    lcc_status st = lcc__gc_parse_error(r, ctx, http, body, len);
    REQUIRE(st == LCC_ETAKEOVER || st == LCC_EVALIDATION || st == LCC_EAUTH ||
            st == LCC_EPERM || st == LCC_ENOTFOUND || st == LCC_EBUSY ||
            st == LCC_EREJECTED || st == LCC_ESERVER || st == LCC_ENOMEM);
    if (st != LCC_ENOMEM) {
        touch_report(r);
        REQUIRE(lcc_report_count(r) <= 20);
    }
    lcc_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    lcc_context_params params = LCC_CONTEXT_PARAMS_INIT;
    params.now_ms = fixed_clock;
    lcc_context *ctx = NULL;
    if (lcc_context_new(&ctx, &params) != LCC_OK)
        return 0;
    const lcc_allocator *a = &ctx->alloc;
    unsigned which = data[0] % 12;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    lcc_status st;

    switch (which) {
    case 0: { /* CreateCallbackResponse / PatchCallbackResponse */
        lcc__gc_created c;
        memset(&c, 0, sizeof c);
        st = lcc__gc_parse_created(&c, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        if (st == LCC_OK) {
            REQUIRE(c.conversation_id != NULL);
            (void)strlen(c.conversation_id);
            REQUIRE(c.n_ids == 0 || c.ids != NULL);
            for (size_t i = 0; i < c.n_ids; i++) {
                REQUIRE(c.ids[i].type && c.ids[i].id);
                (void)strlen(c.ids[i].type);
                (void)strlen(c.ids[i].id);
            }
            lcc__gc_created_clear(&c, ctx);
        }
        break;
    }
    case 1: { /* CallbackConversation */
        lcc__gc_view v;
        memset(&v, 0, sizeof v);
        v.scheduled_ms = INT64_MIN;
        st = lcc__gc_parse_conversation(&v, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        if (st == LCC_OK)
            touch_view(&v);
        lcc__gc_view_clear(&v, ctx);
        break;
    }
    case 2: { /* notification-channel message, internal reader */
        lcc__gc_topic topic = (lcc__gc_topic)77;
        lcc__gc_view v;
        memset(&v, 0, sizeof v);
        v.scheduled_ms = INT64_MIN;
        st = lcc__gc_parse_notification(&topic, &v, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        if (st == LCC_OK) {
            REQUIRE(topic == LCC__GC_TOPIC_IGNORED || topic == LCC__GC_TOPIC_CALLBACK);
            if (topic == LCC__GC_TOPIC_CALLBACK)
                touch_view(&v);
            else
                REQUIRE(v.conversation_id == NULL);
        }
        lcc__gc_view_clear(&v, ctx);
        break;
    }
    case 3: /* error body, with an HTTP status from the next byte */
        parse_error(ctx, data + 1, size - 1);
        break;
    case 4: { /* {"id"} */
        char *id = NULL;
        st = lcc__gc_parse_id(&id, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        REQUIRE((st == LCC_OK) == (id != NULL));
        touch_str(id);
        lcc__free(a, id);
        break;
    }
    case 5: { /* MessageConversation: the agent's communication */
        char *id = NULL;
        st = lcc__gc_parse_communication(&id, ctx, body, len, "agent-1");
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        REQUIRE((st == LCC_OK) == (id != NULL));
        touch_str(id);
        lcc__free(a, id);
        break;
    }
    case 6: { /* MessageData */
        char *id = NULL;
        lcc_delivery_state ds = (lcc_delivery_state)-1;
        st = lcc__gc_parse_message(&id, &ds, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        REQUIRE((st == LCC_OK) == (id != NULL));
        touch_str(id);
        lcc__free(a, id);
        /* without a copy of the id */
        st = lcc__gc_parse_message(NULL, &ds, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        break;
    }
    case 7: { /* SendAgentlessOutboundMessageResponse */
        char *conv = NULL, *msg = NULL;
        lcc_delivery_state ds = (lcc_delivery_state)-1;
        st = lcc__gc_parse_agentless(&conv, &msg, &ds, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        if (st == LCC_OK) {
            REQUIRE(conv && msg);
            (void)strlen(conv);
            (void)strlen(msg);
        } else {
            REQUIRE(conv == NULL && msg == NULL);
        }
        lcc__free(a, conv);
        lcc__free(a, msg);
        break;
    }
    case 8: { /* MessageConversation: the agent's participant */
        char *pid = NULL;
        lcc_interaction_state is;
        st = lcc__gc_parse_participant(&pid, &is, ctx, body, len, "agent-1");
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        touch_str(pid);
        lcc__free(a, pid);
        break;
    }
    case 9: { /* Webex buddy agents */
        struct lcc_transfer_list *list = NULL;
        st = lcc__wx_parse_buddies(&list, ctx, body, len);
        REQUIRE(st == LCC_OK || st == LCC_ENOMEM);
        if (st == LCC_OK) {
            REQUIRE(list != NULL);
            for (size_t i = 0; i < list->n; i++) {
                REQUIRE(list->e[i].id != NULL);
                (void)strlen(list->e[i].id);
                touch_str(list->e[i].name);
                touch_str(list->e[i].state);
            }
        }
        lcc__free(a, list);
        break;
    }
    case 10: { /* Webex CreateTaskResponse */
        char *id = NULL;
        st = lcc__wx_parse_task_id(&id, ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        REQUIRE((st == LCC_OK) == (id != NULL));
        touch_str(id);
        lcc__free(a, id);
        break;
    }
    default: { /* the public entry point */
        st = lcc_context_ingest_notification(ctx, body, len);
        REQUIRE(st == LCC_OK || FORMAT_OR_NOMEM(st));
        lcc_event *ev;
        while ((ev = lcc_context_next_event(ctx)))
            lcc_event_free(ev);
        break;
    }
    }
    lcc_context_free(ctx);
    return 0;
}
