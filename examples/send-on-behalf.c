/* send-on-behalf: an agent sends SMS on behalf of their queue against the
 * embedded engine, and follows each delivery.
 *
 * Ana, off queue, texts two customers for the "support" queue.  The first
 * message is delivered; the second one hits a forced network error (the
 * engine is told to fail the next send) and is resent.  Every "delivery"
 * line is printed from the engine's LCC_EVENT_ENGINE_MESSAGE events; the
 * "client" lines from the message handle after lcc_message_refresh().
 *
 * Build: part of the Meson build (build/examples/send-on-behalf), or
 *   cc send-on-behalf.c $(pkg-config --cflags --libs libcontactcore)
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

/* Prints the engine's message events so far. */
static void print_events(void)
{
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx))) {
        if (lcc_event_get_type(ev) == LCC_EVENT_ENGINE_MESSAGE)
            printf("  +%5.1f s  delivery  %-8.8s  %s\n",
                   (double)(lcc_event_time_ms(ev) - 1795255200000LL) / 1000.0,
                   lcc_event_message_id(ev), lcc_delivery_state_name(lcc_event_delivery_state(ev)));
        lcc_event_free(ev);
    }
}

/* Runs the context until op is done. */
static lcc_status run(lcc_op *op)
{
    while (lcc_op_status(op) == LCC_EPENDING)
        CHECK(lcc_context_run_due(ctx));
    lcc_status st = lcc_op_status(op);
    lcc_op_free(op);
    return st;
}

/* Lets `ms` of simulated time pass, then asks how the deliveries went. */
static void wait_and_refresh(lcc_message *m, int64_t ms)
{
    int64_t until = clock_ms + ms, next;
    while ((next = lcc_context_next_deadline_ms(ctx)) >= 0 && next <= until) {
        clock_ms = next > clock_ms ? next : clock_ms;
        CHECK(lcc_context_run_due(ctx));
    }
    clock_ms = until;
    print_events();
    lcc_op *op;
    if (lcc_message_refresh(&op, m) == LCC_OK)
        CHECK(run(op));
    for (size_t i = 0; i < lcc_message_recipient_count(m); i++)
        printf("  client    %-16s %s\n", lcc_message_delivery_address(m, i),
               lcc_delivery_state_name(lcc_message_delivery_state(m, i)));
}

int main(void)
{
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = demo_clock;
    if (lcc_context_new(&ctx, &p) != LCC_OK)
        return 1;
    lcc_agent *ana;
    lcc_queue *support;
    CHECK(lcc_agent_new(&ana, ctx, "ana", "Ana"));
    CHECK(lcc_agent_add_permission(ana, LCC_PERM_MESSAGE_CREATE));
    CHECK(lcc_agent_add_permission(ana, LCC_PERM_QUEUE_VIEW));
    CHECK(lcc_queue_new(&support, ctx, "support", "Support"));
    CHECK(lcc_queue_add_member(support, "ana"));
    lcc_engine *engine;
    CHECK(lcc_engine_new(&engine, ctx, NULL));
    CHECK(lcc_engine_connect(engine, ctx, "ana")); /* the client side talks to the engine */

    printf("== Ana texts two customers on behalf of Support (she stays off queue)\n");
    lcc_message *m;
    CHECK(lcc_message_new(&m, ctx, ana, LCC_CHANNEL_SMS));
    CHECK(lcc_message_set_queue(m, "support"));
    CHECK(lcc_message_add_recipient(m, "+44 7700 900123"));
    CHECK(lcc_message_add_recipient(m, "+1 212 555 0100"));
    CHECK(lcc_message_set_body(m, "Hello from Support: your replacement part ships today."));
    lcc_text_metrics tm = LCC_TEXT_METRICS_INIT;
    CHECK(lcc_text_measure(&tm, LCC_CHANNEL_SMS, lcc_message_body(m), strlen(lcc_message_body(m))));
    printf("  composer  %s, %u segment(s), %lld characters left\n",
           tm.encoding == LCC_TEXT_GSM7 ? "GSM-7" : "UCS-2", (unsigned)tm.segments,
           (long long)tm.remaining);

    lcc_op *op;
    lcc_report *report = NULL;
    lcc_status st = lcc_message_send(&op, &report, m);
    if (st != LCC_OK) {
        for (size_t i = 0; report && i < lcc_report_count(report); i++)
            printf("  refused   %s: %s\n", lcc_report_rule(report, i),
                   lcc_report_message(report, i));
        return 1;
    }
    /* Each step is applied by one run_due.  Once the first customer's text
     * is posted, the engine is told to fail the next one (the second's). */
    while (lcc_op_status(op) == LCC_EPENDING) {
        if (lcc_message_message_id(m, 0) && !lcc_message_conversation_id(m, 1))
            CHECK(lcc_engine_fail_next_sends(engine, 1, LCC_DELIVERY_NETWORK_ERROR));
        CHECK(lcc_context_run_due(ctx));
    }
    CHECK(lcc_op_status(op));
    lcc_op_free(op);
    print_events();
    wait_and_refresh(m, 5000);

    printf("== Ana resends the failed one\n");
    CHECK(lcc_message_send(&op, NULL, m));
    CHECK(run(op));
    print_events();
    wait_and_refresh(m, 5000);
    for (size_t i = 0; i < lcc_message_recipient_count(m); i++) {
        printf("  history of %s:", lcc_message_delivery_address(m, i));
        for (size_t k = 0; k < lcc_message_history_count(m, i); k++) {
            lcc_delivery_state s;
            CHECK(lcc_message_history(m, i, k, &s, NULL));
            printf(" %s%s", k ? "-> " : "", lcc_delivery_state_name(s));
        }
        printf("\n");
    }
    lcc_presence pr;
    lcc_routing_status rs;
    CHECK(lcc_engine_agent_status(engine, "ana", &pr, &rs));
    lcc_engine_counts counts = LCC_ENGINE_COUNTS_INIT;
    CHECK(lcc_engine_queue_counts(engine, "support", &counts));
    printf("== Ana is still %s; Support is credited with %llu conversations, %llu messages\n",
           rs == LCC_ROUTING_OFF_QUEUE ? "off queue" : "on queue",
           (unsigned long long)counts.outbound_conversations,
           (unsigned long long)counts.outbound_messages);
    lcc_context_free(ctx);
    return 0;
}
