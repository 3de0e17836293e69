/* outbound-sms: an agent starts an SMS conversation from an entry point
 * against the embedded engine, hands it to a colleague and wraps up (OB-*).
 *
 * Ana's license and multimedia profile allow outbound SMS; she texts a
 * customer from the "Support SMS" entry point.  The task is created and
 * auto-accepted, the text is sent.  Ana looks up who can take the
 * conversation (agents and queues with their availability), transfers it
 * to Bo, and gives her closing reason.  A validation failure is shown first:
 * the same message without a valid number is refused before any request.
 *
 * Build: part of the Meson build (build/examples/outbound-sms), or
 *   cc outbound-sms.c $(pkg-config --cflags --libs libcontactcore)
 */
#include <stdio.h>
#include <stdlib.h>

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

static void print_report(const lcc_report *r)
{
    for (size_t i = 0; r && i < lcc_report_count(r); i++)
        printf("  refused %-14s %-10s %s\n", lcc_report_rule(r, i), lcc_report_field(r, i),
               lcc_report_message(r, i));
}

/* Runs the context until op is done; returns op (freed by the caller). */
static lcc_op *run(lcc_op *op)
{
    while (lcc_op_status(op) == LCC_EPENDING)
        CHECK(lcc_context_run_due(ctx));
    print_report(lcc_op_report(op));
    CHECK(lcc_op_status(op));
    return op;
}

/* An agent with a digital license whose profile handles SMS, auto-assigned. */
static lcc_agent *sms_agent(const char *id, const char *name)
{
    lcc_agent *a;
    CHECK(lcc_agent_new(&a, ctx, id, name));
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    p.digital_license = 1;
    p.media = LCC_CHANNEL_BIT(LCC_CHANNEL_SMS);
    p.auto_assigned = LCC_CHANNEL_BIT(LCC_CHANNEL_SMS);
    CHECK(lcc_agent_set_profile(a, &p));
    return a;
}

int main(void)
{
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = demo_clock;
    if (lcc_context_new(&ctx, &p) != LCC_OK)
        return 1;
    CHECK(lcc_context_set_digital_channels(ctx, 1));
    lcc_agent *ana = sms_agent("ana", "Ana");
    sms_agent("bo", "Bo");
    lcc_queue *q;
    CHECK(lcc_queue_new(&q, ctx, "support", "Support"));
    CHECK(lcc_queue_add_member(q, "bo"));
    lcc_entry_point *ep;
    CHECK(lcc_entry_point_new(&ep, ctx, "ep-sms", "Support SMS", LCC_CHANNEL_SMS));
    lcc_engine *engine;
    CHECK(lcc_engine_new(&engine, ctx, NULL));
    CHECK(lcc_engine_connect(engine, ctx, "ana"));
    CHECK(lcc_engine_set_presence(engine, "ana", LCC_PRESENCE_AVAILABLE));
    CHECK(lcc_engine_set_presence(engine, "bo", LCC_PRESENCE_AVAILABLE));
    CHECK(lcc_engine_set_routing_status(engine, "bo", LCC_ROUTING_IDLE));

    printf("== Ana drafts an SMS from the Support SMS entry point\n");
    lcc_message *m;
    CHECK(lcc_message_new(&m, ctx, ana, LCC_CHANNEL_SMS));
    CHECK(lcc_message_set_entry_point(m, "ep-sms"));
    CHECK(lcc_message_add_recipient(m, "0044 7700"));
    CHECK(lcc_message_set_body(m, "Hello, this is Ana from Support about your repair."));
    lcc_report *report = NULL;
    if (lcc_message_validate(&report, m) == LCC_EVALIDATION)
        print_report(report);
    lcc_report_free(report);
    CHECK(lcc_message_remove_recipient(m, "0044 7700"));
    CHECK(lcc_message_add_recipient(m, "+44 7700 900123"));

    printf("== Ana sends it: the task is created and auto-accepted\n");
    lcc_op *op;
    CHECK(lcc_message_send(&op, NULL, m));
    lcc_op_free(run(op));
    printf("  task %s: %s, text %s\n", lcc_message_conversation_id(m, 0),
           lcc_message_task_state(m) == 1 ? "accepted" : "?",
           lcc_delivery_state_name(lcc_message_delivery_state(m, 0)));

    printf("== Ana looks up who can take it\n");
    CHECK(lcc_transfer_list_fetch(&op, ctx, "profile-ana", LCC_CHANNEL_SMS, NULL));
    run(op);
    const lcc_transfer_list *l = lcc_op_transfer_list(op);
    for (size_t i = 0; i < lcc_transfer_list_count(l); i++) {
        if (lcc_transfer_list_kind(l, i) == LCC_TRANSFER_AGENT)
            printf("  agent %-8s %-10s %s\n", lcc_transfer_list_id(l, i),
                   lcc_transfer_list_name(l, i), lcc_transfer_list_state(l, i));
        else
            printf("  queue %-8s %-10s %ld available\n", lcc_transfer_list_id(l, i),
                   lcc_transfer_list_name(l, i), lcc_transfer_list_available(l, i));
    }
    lcc_op_free(op);

    printf("== Ana transfers it to Bo, then wraps up\n");
    CHECK(lcc_message_transfer(&op, NULL, m, LCC_TRANSFER_AGENT, "bo"));
    lcc_op_free(run(op));
    CHECK(lcc_message_wrap_up(&op, NULL, m, "handed-over", "Bo handles repairs"));
    lcc_op_free(run(op));
    printf("  task state %d (3: wrapped up)\n", lcc_message_task_state(m));
    const char *code = NULL, *reason = NULL;
    CHECK(lcc_engine_wrapup(&code, &reason, engine, lcc_message_conversation_id(m, 0)));
    printf("== the engine recorded Ana's wrap-up: %s (%s)\n", code, reason);
    lcc_context_free(ctx);
    return 0;
}
