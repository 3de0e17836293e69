/* schedule-callback: an agent who has just finished a call schedules a
 * callback.  The first draft breaks several rules and the report shows every
 * problem next to its field; the corrected draft is committed.
 *
 * Build: part of the Meson build (build/examples/schedule-callback), or
 *   cc schedule-callback.c $(pkg-config --cflags --libs libcontactcore)
 */
#include <stdio.h>
#include <stdlib.h>

#include <contactcore/contactcore.h>

#define CHECK(expr)                                                                  \
    do {                                                                             \
        lcc_status st_ = (expr);                                                     \
        if (st_ != LCC_OK) {                                                         \
            fprintf(stderr, "%s failed: %s (%s)\n", #expr, lcc_status_str(st_),      \
                    lcc_context_errmsg(ctx));                                        \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

static void print_report(const lcc_report *r)
{
    if (lcc_report_count(r) == 0)
        printf("  no problems\n");
    for (size_t i = 0; i < lcc_report_count(r); i++)
        printf("  %-7s %-14s %-15s %s\n",
               lcc_report_severity(r, i) == LCC_SEVERITY_ERROR ? "error" : "warning",
               lcc_report_field(r, i), lcc_report_rule(r, i), lcc_report_message(r, i));
}

/* A fixed "now" keeps the output the same from run to run:
 * Saturday 2026-11-21 10:00 UTC. */
static int64_t demo_clock(void *user_data)
{
    (void)user_data;
    return 1795255200000LL;
}

int main(void)
{
    lcc_context *ctx = NULL;
    lcc_context_params params = LCC_CONTEXT_PARAMS_INIT;
    params.now_ms = demo_clock;
    if (lcc_context_new(&ctx, &params) != LCC_OK)
        return 1;
    printf("libcontactcore %s\n\n", lcc_version());

    /* The agent, the queue and the call they just handled. */
    lcc_agent *agent;
    lcc_queue *queue;
    lcc_conversation *call;
    CHECK(lcc_agent_new(&agent, ctx, "agent-7", "Camille Martin"));
    CHECK(lcc_agent_set_time_zone(agent, "Europe/Paris"));
    CHECK(lcc_agent_add_permission(agent, LCC_PERM_CALLBACK_CREATE));
    CHECK(lcc_queue_new(&queue, ctx, "support-fr", "Support France"));
    CHECK(lcc_queue_add_member(queue, "agent-7"));
    CHECK(lcc_queue_set_owned_callbacks(queue, 1, 72, 24));
    CHECK(lcc_conversation_new(&call, ctx, "conv-1001", LCC_MEDIA_CALL));
    CHECK(lcc_conversation_set_ani(call, "+33 1 42 68 53 00"));
    CHECK(lcc_conversation_set_queue(call, "support-fr"));
    CHECK(lcc_conversation_set_agent(call, "agent-7"));

    lcc_callback_draft *draft;
    CHECK(lcc_callback_draft_new(&draft, ctx, call, agent));
    int y, mo, d, h, mi;
    CHECK(lcc_callback_draft_local_time(draft, &y, &mo, &d, &h, &mi));
    printf("Draft defaults: %04d-%02d-%02d %02d:%02d %s, number %s, queue %s\n\n", y, mo, d, h, mi,
           lcc_callback_draft_time_zone(draft), lcc_callback_draft_number(draft),
           lcc_callback_draft_queue_id(draft));

    /* What the agent typed first: a New York callee on a day too far ahead,
     * at a time that does not exist there (clocks move forward), an owned
     * callback beyond the queue's 72-hour limit, and a mistyped number. */
    CHECK(lcc_callback_draft_set_time_zone(draft, "America/New_York"));
    CHECK(lcc_callback_draft_set_date(draft, 2027, 3, 14));
    CHECK(lcc_callback_draft_set_time(draft, 2, 30));
    CHECK(lcc_callback_draft_set_take_ownership(draft, 1));
    CHECK(lcc_callback_draft_set_number(draft, "(212) 555-01", "US"));

    lcc_report *report = NULL;
    lcc_status st = lcc_callback_draft_validate(&report, draft);
    printf("First attempt: %s\n", lcc_status_str(st));
    print_report(report);
    lcc_report_free(report);

    /* The corrections. */
    CHECK(lcc_callback_draft_set_date(draft, 2026, 11, 23));
    CHECK(lcc_callback_draft_set_time(draft, 9, 30));
    CHECK(lcc_callback_draft_set_number(draft, "(212) 555-0123", "US"));
    CHECK(lcc_callback_draft_set_caller_id(draft, "+33 1 42 68 53 99", "ACME Support"));
    CHECK(lcc_callback_draft_set_data(draft, "ticket", "SR-48213"));

    lcc_callback *cb = NULL;
    st = lcc_callback_draft_commit(&cb, &report, draft);
    printf("\nSecond attempt: %s\n", lcc_status_str(st));
    print_report(report);
    lcc_report_free(report);
    if (st != LCC_OK) {
        lcc_context_free(ctx);
        return 1;
    }
    char when[LCC_TIME_BUFSIZE];
    lcc_time_format(when, sizeof when, lcc_callback_scheduled_ms(cb));
    printf("\nScheduled %s: call %s at %s (%s), queue %s, owner %s\n", lcc_callback_id(cb),
           lcc_callback_number(cb), when, lcc_callback_time_zone(cb), lcc_callback_queue_id(cb),
           lcc_callback_owner_id(cb));

    /* One callback per interaction (CB-SINGLE): the button is now disabled. */
    st = lcc_callback_draft_commit(NULL, &report, draft);
    printf("\nScheduling again: %s\n", lcc_status_str(st));
    print_report(report);
    lcc_report_free(report);

    lcc_context_free(ctx);
    return 0;
}
