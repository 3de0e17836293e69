/* contact-center-day: a scripted day against the embedded engine.
 *
 * A small support team in Chicago: agents Ana and Bo, supervisor Sam.  The
 * script only does what people would do (log in, accept, hang up, fill in a
 * callback form, go to a meeting) and moves a simulated clock.  Every line
 * of the timeline that says what HAPPENED is printed from the library's
 * events (lcc_context_next_event) or from its reports; the "==" headings
 * say what the script does next.
 *
 * One context holds both the engine (the backend) and the agents' client
 * side: lcc_engine_connect() points the client at the engine as a given
 * agent, and requests go through the same transport contract as to a cloud.
 *
 * Build: part of the Meson build (build/examples/contact-center-day), or
 *   cc contact-center-day.c $(pkg-config --cflags --libs libcontactcore)
 */
#include <stdio.h>
#include <stdlib.h>

#include <contactcore/contactcore.h>

#define ZONE "America/Chicago"         /* where the contact center is */
#define CALLEE_ZONE "America/New_York" /* where Ana's caller lives */

static lcc_context *ctx;
static lcc_engine *engine;
static int64_t clock_ms; /* the injected clock */

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

/* ---- printing ---- */

/* "Tue 09:00:00" in zone. */
static const char *local_time(char buf[32], const char *zone, int64_t ms)
{
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    int y, mo, d, h, mi, s;
    CHECK(lcc_tz_utc_to_local(&y, &mo, &d, &h, &mi, &s, NULL, ctx, zone, ms));
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}; /* Sakamoto's weekday */
    int yy = y - (mo < 3);
    int w = (yy + yy / 4 - yy / 100 + yy / 400 + t[mo - 1] + d) % 7;
    snprintf(buf, 32, "%s %02d:%02d:%02d", wd[w], h, mi, s);
    return buf;
}

/* The current time in the contact center. */
static const char *now(void)
{
    static char buf[32];
    return local_time(buf, ZONE, lcc_context_now_ms(ctx));
}

static const char *agent_name(const char *id)
{
    lcc_agent *a = id ? lcc_context_find_agent(ctx, id) : NULL;
    return a ? lcc_agent_name(a) : "?";
}

/* "call 1a2b3c4d…" or "callback 1a2b3c4d…": the engine records the calls it
 * receives as conversations of the context. */
static const char *what(char buf[48], const char *conversation_id)
{
    snprintf(buf, 48, "%s %.8s…",
             lcc_context_find_conversation(ctx, conversation_id) ? "call" : "callback",
             conversation_id);
    return buf;
}

static void print_report(const lcc_report *r)
{
    for (size_t i = 0; i < lcc_report_count(r); i++)
        printf("                        %-7s %-15s %s\n",
               lcc_report_severity(r, i) == LCC_SEVERITY_ERROR ? "error" : "warning",
               lcc_report_rule(r, i), lcc_report_message(r, i));
}

/* The offer the events showed last: the script has that agent accept it. */
static char offered_to[64], offered_what[64];

/* Prints every pending event as one line of the timeline. */
static void print_events(void)
{
    static const char *const presence[] = {"offline", "available", "busy", "away"};
    static const char *const routing[] = {"off queue", "idle", "interacting", "not responding"};
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx))) {
        char t[32], w[48], s[32];
        const char *conv = lcc_event_conversation_id(ev);
        const char *agent = agent_name(lcc_event_agent_id(ev));
        const char *qid = lcc_event_queue_id(ev);
        const char *queue = qid ? lcc_queue_name(lcc_context_find_queue(ctx, qid)) : "?";
        int64_t at = lcc_event_time_ms(ev) ? lcc_event_time_ms(ev) : lcc_context_now_ms(ctx);
        printf("%s  ", local_time(t, ZONE, at));
        switch (lcc_event_get_type(ev)) {
        case LCC_EVENT_ENGINE_AGENT_STATUS:
            printf("STATUS    %s: %s, %s\n", agent, presence[lcc_event_presence(ev)],
                   routing[lcc_event_routing_status(ev)]);
            break;
        case LCC_EVENT_ENGINE_QUEUED:
            printf("QUEUED    %s waits in queue %s\n", what(w, conv), queue);
            break;
        case LCC_EVENT_ENGINE_OFFERED:
            printf("OFFERED   %s to %s (queue %s)\n", what(w, conv), agent, queue);
            snprintf(offered_to, sizeof offered_to, "%s", lcc_event_agent_id(ev));
            snprintf(offered_what, sizeof offered_what, "%s", conv);
            break;
        case LCC_EVENT_ENGINE_ACCEPTED:
            printf("ACCEPTED  %s by %s\n", what(w, conv), agent);
            break;
        case LCC_EVENT_ENGINE_DIALING: /* a callback: the customer is dialled only now */
            printf("DIALING   %s: %s for %s\n", what(w, conv), lcc_event_number(ev), agent);
            break;
        case LCC_EVENT_ENGINE_DECLINED:
            printf("DECLINED  %s by %s%s\n", what(w, conv), agent,
                   lcc_event_status(ev) == LCC_ETIMEDOUT ? " (no answer)" : "");
            break;
        case LCC_EVENT_ENGINE_ENDED:
            printf("ENDED     %s, %s hangs up\n", what(w, conv), agent);
            break;
        case LCC_EVENT_ENGINE_SCHEDULED:
            printf("SCHEDULED %s for %s by %s (queue %s)\n", what(w, conv),
                   local_time(s, ZONE, lcc_event_scheduled_ms(ev)), agent, queue);
            break;
        case LCC_EVENT_ENGINE_RESCHEDULED:
            printf("MOVED     %s to %s by %s\n", what(w, conv),
                   local_time(s, ZONE, lcc_event_scheduled_ms(ev)), agent);
            break;
        case LCC_EVENT_ENGINE_DUE:
            printf("DUE       %s (queue %s)\n", what(w, conv), queue);
            break;
        case LCC_EVENT_ENGINE_OWNERSHIP_EXPIRED:
            printf("EXPIRED   %s: its owner %s was not available in the window\n",
                   what(w, conv), agent);
            break;
        case LCC_EVENT_ENGINE_CANCELLED:
            printf("CANCELLED %s by %s\n", what(w, conv), agent);
            break;
        case LCC_EVENT_OPERATION_DONE: { /* the client's request came back */
            lcc_op *op = lcc_event_op(ev);
            static const char *const kind[] = {"?", "create", "reschedule", "cancel", "fetch",
                                               "bulk cancel"};
            printf("DONE      client's %s request: %s (HTTP %d)\n", kind[lcc_op_get_kind(op)],
                   lcc_status_str(lcc_event_status(ev)), lcc_op_http_status(op));
            print_report(lcc_op_report(op));
            break;
        }
        case LCC_EVENT_CALLBACK_CREATED: {
            lcc_callback *cb = lcc_event_callback(ev);
            const char *tz = lcc_callback_time_zone(cb) ? lcc_callback_time_zone(cb) : ZONE;
            printf("CREATED   client's %s is %s, at %s %s\n", lcc_callback_id(cb),
                   what(w, lcc_callback_remote_id(cb)),
                   local_time(s, tz, lcc_callback_scheduled_ms(cb)), tz);
            break;
        }
        default:
            printf("EVENT     type %d\n", (int)lcc_event_get_type(ev));
            break;
        }
        lcc_event_free(ev);
    }
}

/* ---- the host's loop on a simulated clock ---- */

/* Runs the day up to `until`: jumps from one library timer to the next
 * (lcc_context_next_deadline_ms) instead of polling, lets the library do
 * what is due (lcc_context_run_due) and prints what happened. */
static void run_until(int64_t until)
{
    int64_t next;
    while ((next = lcc_context_next_deadline_ms(ctx)) >= 0 && next <= until) {
        if (next > clock_ms)
            clock_ms = next;
        CHECK(lcc_context_run_due(ctx));
        print_events();
    }
    clock_ms = until;
    CHECK(lcc_context_run_due(ctx));
    print_events();
}

/* The instant of a local time in the contact center, `day` days after the
 * start of the script (Tuesday 2026-11-17). */
static int64_t at(int day, int hour, int minute)
{
    int64_t ms;
    CHECK(lcc_tz_local_to_utc(&ms, NULL, ctx, ZONE, 2026, 11, 17 + day, hour, minute, 0,
                              LCC_DISAMBIGUATE_COMPATIBLE));
    return ms;
}

static void heading(const char *text)
{
    printf("\n== %s\n", text);
}

static void log_in(const char *agent_id, int on_queue)
{
    CHECK(lcc_engine_set_presence(engine, agent_id, LCC_PRESENCE_AVAILABLE));
    if (on_queue)
        CHECK(lcc_engine_set_routing_status(engine, agent_id, LCC_ROUTING_IDLE));
    print_events();
}

/* The agent the last offer went to accepts it after a few seconds of ringing. */
static void accept_offer(void)
{
    run_until(clock_ms + 5000);
    CHECK(lcc_engine_answer(engine, offered_to, offered_what, 1));
    offered_to[0] = offered_what[0] = '\0';
    print_events();
}

/* The client submits a committed callback to the engine and waits for it. */
static void submit(lcc_callback *cb)
{
    lcc_op *op;
    CHECK(lcc_callback_submit(&op, cb, 0));
    CHECK(lcc_context_wait(ctx, op, 1000));
    print_events(); /* before lcc_op_free(): the DONE event refers to the op */
    lcc_op_free(op);
}

int main(void)
{
    lcc_context_params params = LCC_CONTEXT_PARAMS_INIT;
    params.now_ms = demo_clock;
    if (lcc_context_new(&ctx, &params) != LCC_OK)
        return 1;
    clock_ms = at(0, 8, 55);
    printf("libcontactcore %s: a day at a contact center in %s\n", lcc_version(), ZONE);

    /* The directory the engine serves: agents, a supervisor, one queue
     * whose agents may own callbacks (72 h ahead at most, 2 h window). */
    lcc_agent *ana, *bo, *sam;
    lcc_queue *support;
    CHECK(lcc_agent_new(&ana, ctx, "ana", "Ana"));
    CHECK(lcc_agent_new(&bo, ctx, "bo", "Bo"));
    CHECK(lcc_agent_new(&sam, ctx, "sam", "Sam"));
    CHECK(lcc_agent_add_role(sam, LCC_ROLE_SUPERVISOR));
    lcc_agent *team[] = {ana, bo, sam};
    for (int i = 0; i < 3; i++) {
        CHECK(lcc_agent_set_time_zone(team[i], ZONE));
        CHECK(lcc_agent_add_permission(team[i], LCC_PERM_CALLBACK_CREATE));
    }
    CHECK(lcc_queue_new(&support, ctx, "support", "Support"));
    CHECK(lcc_queue_add_member(support, "ana"));
    CHECK(lcc_queue_add_member(support, "bo"));
    CHECK(lcc_queue_set_owned_callbacks(support, 1, 72, 2));
    CHECK(lcc_engine_new(&engine, ctx, NULL));

    heading("Tuesday morning: Ana, Bo and Sam (supervisor, not on queue) log in");
    log_in("ana", 1);
    run_until(at(0, 8, 56));
    log_in("bo", 1);
    run_until(at(0, 8, 57));
    log_in("sam", 0);

    heading("Two calls arrive; each goes to the agent idle the longest");
    const char *call1, *call2; /* the conversation ids the engine gave the calls */
    run_until(at(0, 9, 0));
    CHECK(lcc_engine_add_call(&call1, engine, "support", "+1 212 555 0142"));
    print_events();
    accept_offer();
    run_until(at(0, 9, 3));
    CHECK(lcc_engine_add_call(&call2, engine, "support", "+1 312 555 0199"));
    print_events();
    accept_offer();

    /* The engine recorded each call as a conversation of the context, where
     * callback drafts find what they need: the caller's number, the queue
     * that received it, ACD or not. */
    lcc_conversation *conv1 = lcc_context_find_conversation(ctx, call1);
    lcc_conversation *conv2 = lcc_context_find_conversation(ctx, call2);
    lcc_callback_draft *draft;
    lcc_callback *cb;
    lcc_report *report = NULL;

    heading("Bo hangs up and books a callback for Thursday 15:00 (Chicago)");
    run_until(at(0, 9, 7));
    CHECK(lcc_engine_end(engine, call2));
    print_events();
    /* One context plays every agent's desktop here: lcc_engine_connect()
     * says whose requests the client sends from now on. */
    CHECK(lcc_engine_connect(engine, ctx, "bo"));
    CHECK(lcc_callback_draft_new(&draft, ctx, conv2, bo));
    CHECK(lcc_callback_draft_set_date(draft, 2026, 11, 17 + 2)); /* Thursday */
    CHECK(lcc_callback_draft_set_time(draft, 15, 0));
    CHECK(lcc_callback_draft_commit(&cb, NULL, draft));
    lcc_callback_draft_free(draft);
    submit(cb);
    char bo_callback[64];
    snprintf(bo_callback, sizeof bo_callback, "%s", lcc_callback_remote_id(cb));

    heading("Ana hangs up; her caller in New York wants a call tomorrow at 10:00, from her");
    run_until(at(0, 9, 12));
    CHECK(lcc_engine_end(engine, call1));
    print_events();
    CHECK(lcc_engine_connect(engine, ctx, "ana"));
    CHECK(lcc_callback_draft_new(&draft, ctx, conv1, ana));
    CHECK(lcc_callback_draft_set_time_zone(draft, CALLEE_ZONE));
    CHECK(lcc_callback_draft_set_take_ownership(draft, 1));
    CHECK(lcc_callback_draft_set_time(draft, 10, 0));
    /* First she picks a day 31 days out: validation shows every problem. */
    int y, mo, d;
    CHECK(lcc_tz_utc_to_local(&y, &mo, &d, NULL, NULL, NULL, NULL, ctx, CALLEE_ZONE,
                              clock_ms + 31 * 86400000LL));
    CHECK(lcc_callback_draft_set_date(draft, y, mo, d));
    lcc_status st = lcc_callback_draft_validate(&report, draft);
    printf("%s  REPORT    draft for %04d-%02d-%02d 10:00 %s: %s\n", now(), y, mo, d,
           CALLEE_ZONE, lcc_status_str(st));
    print_report(report);
    lcc_report_free(report);
    if (st != LCC_EVALIDATION) {
        fprintf(stderr, "the draft 31 days out should have been refused\n");
        return 1;
    }
    /* Then tomorrow (in the callee's zone): committed and sent to the engine. */
    CHECK(lcc_tz_utc_to_local(&y, &mo, &d, NULL, NULL, NULL, NULL, ctx, CALLEE_ZONE,
                              clock_ms + 86400000LL));
    CHECK(lcc_callback_draft_set_date(draft, y, mo, d));
    CHECK(lcc_callback_draft_commit(&cb, NULL, draft));
    lcc_callback_draft_free(draft);
    submit(cb);
    char ana_callback[64];
    snprintf(ana_callback, sizeof ana_callback, "%s", lcc_callback_remote_id(cb));

    heading("Wednesday: Ana is in a meeting when her callback falls due");
    run_until(at(1, 8, 45));
    CHECK(lcc_engine_set_presence(engine, "ana", LCC_PRESENCE_AWAY));
    print_events();
    run_until(at(1, 11, 0)); /* due at 09:00, waits 2 h for Ana, then the queue */
    accept_offer();
    run_until(at(1, 11, 9));
    CHECK(lcc_engine_end(engine, ana_callback));
    print_events();

    heading("Sam reviews the Support queue's callbacks; Bo's caller no longer needs one");
    run_until(at(1, 11, 30));
    lcc_engine_filter filter = LCC_ENGINE_FILTER_INIT;
    filter.queue_id = "support";
    lcc_callback_list *list;
    CHECK(lcc_engine_list_callbacks(&list, engine, &filter));
    static const char *const state[] = {"scheduled", "waiting", "offered",
                                        "connected", "ended",   "cancelled"};
    printf("%s  LIST      %zu callback(s) in queue Support\n", now(),
           lcc_callback_list_total(list));
    for (size_t i = 0; i < lcc_callback_list_count(list); i++) {
        char t[32];
        const char *owner = lcc_callback_list_owner_id(list, i);
        printf("                        %.8s…  %-9s  %s  %s  by %s%s%s\n",
               lcc_callback_list_id(list, i), state[lcc_callback_list_state(list, i)],
               local_time(t, ZONE, lcc_callback_list_scheduled_ms(list, i)),
               lcc_callback_list_number(list, i), agent_name(lcc_callback_list_agent_id(list, i)),
               owner ? ", owner " : "", owner ? agent_name(owner) : "");
    }
    lcc_callback_list_free(list);
    /* Ana neither booked nor owns Bo's callback (CB-CANCEL). */
    st = lcc_engine_cancel_callback(&report, engine, "ana", bo_callback);
    printf("%s  REPORT    Ana cancels callback %.8s…: %s\n", now(), bo_callback,
           lcc_status_str(st));
    print_report(report);
    lcc_report_free(report);
    if (st != LCC_EVALIDATION) {
        fprintf(stderr, "Ana should not have been allowed to cancel it\n");
        return 1;
    }
    CHECK(lcc_engine_cancel_callback(NULL, engine, "sam", bo_callback));
    print_events();
    printf("%s  NEXT      timer: %s\n", now(),
           lcc_context_next_deadline_ms(ctx) < 0 ? "none, the day's work is done" : "pending");

    lcc_context_free(ctx); /* frees the engine and everything else */
    return 0;
}
