/* social-reply: an agent handles a social listening interaction against
 * the embedded engine, from the offer to the wrap-up (SL-*).
 *
 * A customer posts on X; the post is routed to Ana, on queue.  Her client
 * learns the offer, accepts it, answers the post publicly with a canned
 * response and a screenshot (two messages: the text, then the attachment),
 * while the customer is offline (pending delivery, then delivered when they
 * come back).  She ends the interaction and wraps it up.  "engine" lines
 * come from the engine's events, "client" lines from the handles.
 *
 * Build: part of the Meson build (build/examples/social-reply), or
 *   cc social-reply.c $(pkg-config --cflags --libs libcontactcore)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <contactcore/contactcore.h>

static lcc_context *ctx;
static int64_t clock_ms = 1795255200000LL; /* 2026-11-21T10:00:00Z */

#define CHECK(expr)                                                                  \
    do {                                                                             \
        lcc_status st_ = (expr);                                                     \
        if (st_ != LCC_OK) {                                                         \
            fprintf(stderr, "%s failed: %s (%s)\n", #expr, lcc_status_str(st_),      \
                    lcc_context_errmsg(ctx));                                        \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

static int64_t demo_clock(void *user_data)
{
    (void)user_data;
    return clock_ms;
}

static const char *event_name(lcc_event_type t)
{
    switch (t) {
    case LCC_EVENT_ENGINE_QUEUED: return "queued";
    case LCC_EVENT_ENGINE_OFFERED: return "offered to";
    case LCC_EVENT_ENGINE_ACCEPTED: return "accepted by";
    case LCC_EVENT_ENGINE_ENDED: return "ended by";
    case LCC_EVENT_ENGINE_AGENT_STATUS: return "status of";
    case LCC_EVENT_ENGINE_MESSAGE: return "message";
    case LCC_EVENT_MESSAGE_DELIVERY: return "delivery";
    default: return NULL;
    }
}

/* Prints the events so far; the conversation id of the last offer into `offered`. */
static void print_events(char offered[64])
{
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx))) {
        lcc_event_type t = lcc_event_get_type(ev);
        const char *name = event_name(t);
        if (t == LCC_EVENT_ENGINE_OFFERED && offered)
            snprintf(offered, 64, "%s", lcc_event_conversation_id(ev));
        if (t == LCC_EVENT_ENGINE_MESSAGE || t == LCC_EVENT_MESSAGE_DELIVERY)
            printf("  %-6s  %-11s %s\n", t == LCC_EVENT_ENGINE_MESSAGE ? "engine" : "client",
                   name, lcc_delivery_state_name(lcc_event_delivery_state(ev)));
        else if (name)
            printf("  engine  %-11s %s\n", name,
                   lcc_event_agent_id(ev) ? lcc_event_agent_id(ev) : "the queue");
        lcc_event_free(ev);
    }
}

/* Runs the context until op is done; its status (a refusal printed). */
static lcc_status run(lcc_op *op)
{
    while (lcc_op_status(op) == LCC_EPENDING)
        CHECK(lcc_context_run_due(ctx));
    lcc_status st = lcc_op_status(op);
    const lcc_report *r = lcc_op_report(op);
    for (size_t i = 0; st != LCC_OK && r && i < lcc_report_count(r); i++)
        printf("  refused %s: %s\n", lcc_report_rule(r, i), lcc_report_message(r, i));
    lcc_op_free(op);
    return st;
}

/* Lets `ms` of simulated time pass. */
static void wait_ms(int64_t ms)
{
    int64_t until = clock_ms + ms, next;
    while ((next = lcc_context_next_deadline_ms(ctx)) >= 0 && next <= until) {
        clock_ms = next > clock_ms ? next : clock_ms;
        CHECK(lcc_context_run_due(ctx));
    }
    clock_ms = until;
}

static const char *state_name(lcc_interaction_state s)
{
    static const char *const names[] = {"unknown", "alerting", "connected",
                                        "after-contact work", "done"};
    return (unsigned)s < 5 ? names[s] : "?";
}

int main(void)
{
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = demo_clock;
    if (lcc_context_new(&ctx, &p) != LCC_OK)
        return 1;
    lcc_agent *ana;
    lcc_queue *social;
    CHECK(lcc_agent_new(&ana, ctx, "ana", "Ana"));
    CHECK(lcc_agent_add_permission(ana, LCC_PERM_MESSAGE_ACCEPT));
    CHECK(lcc_agent_add_permission(ana, LCC_PERM_SOCIAL_CREATE));
    CHECK(lcc_queue_new(&social, ctx, "social", "Social care"));
    CHECK(lcc_queue_add_member(social, "ana"));
    CHECK(lcc_canned_add(ctx, "sorry-late",
                         "Hi {{customer.address}}, sorry about the wait! {{agent.name}} from "
                         "{{queue.name}} here: your parcel left our depot this morning."));
    lcc_engine *engine;
    CHECK(lcc_engine_new(&engine, ctx, NULL));
    CHECK(lcc_engine_connect(engine, ctx, "ana"));
    CHECK(lcc_engine_set_presence(engine, "ana", LCC_PRESENCE_AVAILABLE));
    CHECK(lcc_engine_set_routing_status(engine, "ana", LCC_ROUTING_IDLE));
    print_events(NULL);

    printf("== @jane_doe posts on X (and goes offline)\n");
    const char *post_id = NULL;
    CHECK(lcc_engine_add_social(NULL, &post_id, engine, "social", LCC_CHANNEL_X, "@jane_doe", 0,
                                "@shop where is my parcel? ordered 2 weeks ago"));
    CHECK(lcc_engine_set_contact_online(engine, "@jane_doe", 0));
    char offered[64] = "";
    print_events(offered);

    printf("== Ana's client learns the offer and accepts it\n");
    lcc_conversation *it;
    CHECK(lcc_conversation_new(&it, ctx, offered, LCC_MEDIA_SOCIAL));
    CHECK(lcc_conversation_set_queue(it, "social"));
    CHECK(lcc_conversation_set_ani(it, "@jane_doe"));
    lcc_op *op;
    CHECK(lcc_conversation_refresh(&op, it, ana));
    CHECK(run(op));
    printf("  client  interaction %s\n", state_name(lcc_conversation_state(it)));
    CHECK(lcc_conversation_accept(&op, NULL, it, ana));
    CHECK(run(op));
    print_events(NULL);
    printf("  client  interaction %s\n", state_name(lcc_conversation_state(it)));

    printf("== Ana replies publicly to the post: a canned response and a screenshot\n");
    lcc_message *m;
    CHECK(lcc_message_new(&m, ctx, ana, LCC_CHANNEL_X));
    CHECK(lcc_message_set_conversation(m, offered));
    CHECK(lcc_message_set_reply_to(m, post_id));
    CHECK(lcc_message_apply_canned(NULL, m, "sorry-late", it));
    CHECK(lcc_message_add_attachment(m, "media-tracking-screenshot"));
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    CHECK(lcc_text_measure(&tm, LCC_CHANNEL_X, lcc_message_body(m), strlen(lcc_message_body(m))));
    printf("  client  \"%s\"\n  client  weighs %lld of 280\n", lcc_message_body(m),
           (long long)tm.units);
    CHECK(lcc_message_send(&op, NULL, m));
    CHECK(run(op));
    wait_ms(5000);
    print_events(NULL);

    printf("== @jane_doe comes back online\n");
    CHECK(lcc_engine_set_contact_online(engine, "@jane_doe", 1));
    print_events(NULL);
    CHECK(lcc_message_refresh(&op, m));
    CHECK(run(op));
    print_events(NULL);
    for (size_t i = 0; i < lcc_message_delivery_count(m); i++)
        printf("  client  part %zu: %s\n", i,
               lcc_delivery_state_name(lcc_message_delivery_state(m, i)));

    printf("== Ana ends the interaction and wraps it up\n");
    CHECK(lcc_conversation_end(&op, NULL, it, ana));
    CHECK(run(op));
    print_events(NULL);
    printf("  client  interaction %s\n", state_name(lcc_conversation_state(it)));
    CHECK(lcc_conversation_wrap_up(&op, NULL, it, ana, "parcel-located", "tracking link sent"));
    CHECK(run(op));
    print_events(NULL);
    printf("  client  interaction %s\n", state_name(lcc_conversation_state(it)));
    const char *code = NULL;
    CHECK(lcc_engine_wrapup(&code, NULL, engine, offered));
    printf("== wrap-up recorded by the engine: %s\n", code);
    lcc_context_free(ctx);
    return 0;
}
