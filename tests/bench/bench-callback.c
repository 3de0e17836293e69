/* Benchmark: validate, and validate + commit, a full callback draft (callee
 * zone conversion, number normalisation, every CB-* rule).  Single thread, so
 * the per-second figures are per core.  A benchmark, not a test: it asserts
 * nothing about speed.
 *
 *   bench-callback [iterations [validate|commit|all]]   (default 1000000 all)
 *
 * "commit" runs iterations / 10 fresh drafts (each needs its own conversation).
 * Besides its table it prints "# result:" lines for scripts/bench
 * (bench-result.h).
 */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <contactcore/contactcore.h>

#include "bench-result.h"

static int64_t fixed_clock(void *ud)
{
    (void)ud;
    return 1795255200000LL; /* 2026-11-21T10:00:00Z */
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#define OK(expr)                                                              \
    do {                                                                      \
        if ((expr) != LCC_OK) {                                               \
            fprintf(stderr, "%s: %s\n", #expr, lcc_context_errmsg(ctx));      \
            exit(1);                                                          \
        }                                                                     \
    } while (0)

/* Every field a person can set, as in the seed's form. */
static void fill(lcc_context *ctx, lcc_callback_draft *d)
{
    OK(lcc_callback_draft_set_time_zone(d, "America/New_York"));
    OK(lcc_callback_draft_set_date(d, 2026, 11, 23));
    OK(lcc_callback_draft_set_time(d, 9, 30));
    OK(lcc_callback_draft_set_number(d, "(212) 555-0123", "US"));
    OK(lcc_callback_draft_set_queue(d, "q2"));
    OK(lcc_callback_draft_set_route_to_me(d, 1));
    OK(lcc_callback_draft_set_take_ownership(d, 1));
    OK(lcc_callback_draft_set_caller_id(d, "+33 1 42 68 53 99", "ACME Support"));
    OK(lcc_callback_draft_set_callee_name(d, "Pat Doe"));
    OK(lcc_callback_draft_set_data(d, "ticket", "SR-48213"));
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    const char *what = argc > 2 ? argv[2] : "all";
    int do_validate = strcmp(what, "commit") != 0, do_commit = strcmp(what, "validate") != 0;
    if (n <= 0 || (!do_validate && !do_commit) || (strcmp(what, "all") && strcmp(what, "validate") && strcmp(what, "commit")))
        return 2;
    lcc_context *ctx = NULL;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = fixed_clock;
    if (lcc_context_new(&ctx, &p) != LCC_OK)
        return 1;
    lcc_agent *a;
    lcc_queue *q1, *q2;
    OK(lcc_agent_new(&a, ctx, "a1", "Ana"));
    OK(lcc_agent_set_time_zone(a, "Europe/Paris"));
    OK(lcc_agent_add_permission(a, LCC_PERM_CALLBACK_CREATE));
    OK(lcc_queue_new(&q1, ctx, "q1", "Support"));
    OK(lcc_queue_new(&q2, ctx, "q2", "Sales"));
    OK(lcc_queue_set_agents_choose_callback_queue(q1, 1));
    OK(lcc_queue_add_member(q2, "a1"));
    OK(lcc_queue_set_owned_callbacks(q2, 1, 720, 24));

    /* 1. validate one full draft again and again. */
    lcc_conversation *c;
    OK(lcc_conversation_new(&c, ctx, "warm", LCC_MEDIA_CALL));
    OK(lcc_conversation_set_ani(c, "+33142685300"));
    OK(lcc_conversation_set_queue(c, "q1"));
    lcc_callback_draft *d;
    OK(lcc_callback_draft_new(&d, ctx, c, a));
    fill(ctx, d);
    double t0 = cpu_seconds();
    for (long i = 0; do_validate && i < n; i++) {
        lcc_report *r;
        if (lcc_callback_draft_validate(&r, d) != LCC_OK) {
            fprintf(stderr, "unexpected: %s\n", lcc_context_errmsg(ctx));
            return 1;
        }
        lcc_report_free(r);
    }
    double validate_s = cpu_seconds() - t0;

    /* 2. a fresh draft per conversation: new, fill, validate + commit, free.
     * The conversations are made beforehand (not timed). */
    long m = !do_commit ? 0 : n / 10 > 0 ? n / 10 : 1;
    char id[32];
    for (long i = 0; i < m; i++) {
        snprintf(id, sizeof id, "c%ld", i);
        OK(lcc_conversation_new(&c, ctx, id, LCC_MEDIA_CALL));
        OK(lcc_conversation_set_ani(c, "+33142685300"));
        OK(lcc_conversation_set_queue(c, "q1"));
    }
    t0 = cpu_seconds();
    for (long i = 0; i < m; i++) {
        snprintf(id, sizeof id, "c%ld", i);
        OK(lcc_callback_draft_new(&d, ctx, lcc_context_find_conversation(ctx, id), a));
        fill(ctx, d);
        OK(lcc_callback_draft_commit(NULL, NULL, d));
        lcc_callback_draft_free(d);
    }
    double commit_s = cpu_seconds() - t0;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (do_validate)
        printf("validate          %9ld drafts  %8.0f ns/draft  %10.0f drafts/s/core\n", n,
               validate_s * 1e9 / n, n / validate_s);
    if (do_commit)
        printf("new+fill+commit   %9ld drafts  %8.0f ns/draft  %10.0f drafts/s/core\n", m,
               commit_s * 1e9 / m, m / commit_s);
    printf("peak RSS          %9ld KiB (with %ld committed callbacks)\n", ru.ru_maxrss, m);
    if (do_validate)
        bench_result("bench-callback", "validate", validate_s * 1e9 / n, "ns/draft",
                     "validate a full draft (CPU, one thread)");
    if (do_commit) {
        bench_result("bench-callback", "commit", commit_s * 1e9 / m, "ns/draft",
                     "new + fill + validate + commit a draft (CPU)");
        char label[96];
        snprintf(label, sizeof label, "peak RSS after %s conversations and committed callbacks",
                 bench_grouped((size_t)m));
        bench_result("bench-callback", "peak-rss", ru.ru_maxrss / 1024.0, "MiB", label);
    }
    lcc_context_free(ctx);
    return 0;
}
