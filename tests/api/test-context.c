/* Context, version, status, hooks and misuse through the public API. */
#include "fixture.h"

START_TEST(version_matches_the_headers)
{
    ck_assert_str_eq(lcc_version(), LCC_VERSION_STRING);
    ck_assert_uint_eq(lcc_version_number(), LCC_VERSION_NUMBER);
    ck_assert_uint_eq(LCC_VERSION_NUMBER,
                      LCC_VERSION_MAJOR * 10000 + LCC_VERSION_MINOR * 100 + LCC_VERSION_PATCH);
}
END_TEST

START_TEST(status_values_are_stable_and_described)
{
    /* The numbers are ABI: a change here is a break. */
    ck_assert_int_eq(LCC_OK, 0);
    ck_assert_int_eq(LCC_EMISUSE, 1);
    ck_assert_int_eq(LCC_ENOMEM, 2);
    ck_assert_int_eq(LCC_EVALIDATION, 7);
    ck_assert_int_eq(LCC_EBADNUMBER, 15);
    ck_assert_int_eq(LCC_ESTATE, 18);
    for (int s = LCC_OK; s <= LCC_ESTATE; s++) {
        ck_assert_ptr_nonnull(lcc_status_str((lcc_status)s));
        ck_assert_str_ne(lcc_status_str((lcc_status)s), "unknown status");
    }
    ck_assert_str_eq(lcc_status_str((lcc_status)9999), "unknown status");
}
END_TEST

START_TEST(defaults_without_params)
{
    lcc_context *ctx = NULL;
    ck_assert_int_eq(lcc_context_new(&ctx, NULL), LCC_OK);
    ck_assert_int_eq(lcc_context_callback_horizon_ms(ctx), LCC_DEFAULT_CALLBACK_HORIZON_MS);
    ck_assert_int_gt(lcc_context_now_ms(ctx), T0_MS - 400 * DAY_MS); /* a real clock */
    ck_assert_str_eq(lcc_context_errmsg(ctx), "");
    lcc_context_free(ctx);
    lcc_context_free(NULL);
}
END_TEST

START_TEST(params_size_is_checked)
{
    lcc_context *ctx = NULL;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.size = sizeof p + 8; /* a newer caller than this library */
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_EMISUSE);
    p.size = 4;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_EMISUSE);
    p.size = 0;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_EMISUSE);
    ck_assert_ptr_null(ctx);
    p.size = sizeof p;
    ck_assert_int_eq(lcc_context_new(NULL, &p), LCC_EMISUSE);
    p.callback_horizon_ms = -1;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_ERANGE);
    p.callback_horizon_ms = 0;
    p.log_level = (lcc_log_level)17;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_EMISUSE);
}
END_TEST

static void *my_malloc(size_t n, void *ud) { (*(int *)ud)++; return malloc(n); }
static void *my_realloc(void *p, size_t n, void *ud) { if (!p) (*(int *)ud)++; return realloc(p, n); }
static void my_free(void *p, void *ud) { if (p) (*(int *)ud)--; free(p); }

START_TEST(allocator_hooks_are_used_and_balanced)
{
    int live = 0;
    lcc_allocator a = LCC_ALLOCATOR_INIT;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.allocator = &a;
    a.malloc_fn = my_malloc;
    lcc_context *ctx = NULL;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_EMISUSE); /* half-set */
    a.realloc_fn = my_realloc;
    a.free_fn = my_free;
    a.user_data = &live;
    a.size = 3;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_EMISUSE); /* unknown allocator size */
    a.size = sizeof a;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_OK);
    lcc_agent *ag;
    ck_assert_int_eq(lcc_agent_new(&ag, ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_set_time_zone(ag, "Asia/Tokyo"), LCC_OK);
    ck_assert_int_gt(live, 2);
    lcc_context_free(ctx);
    ck_assert_int_eq(live, 0);
}
END_TEST

struct log_capture { int count; lcc_log_level last; char text[256]; };

static void capture_log(lcc_log_level level, const char *msg, void *ud)
{
    struct log_capture *c = ud;
    c->count++;
    c->last = level;
    snprintf(c->text, sizeof c->text, "%s", msg);
}

START_TEST(log_hook_receives_formatted_lines_by_level)
{
    struct log_capture cap = {0};
    fixture f;
    memset(&f, 0, sizeof f);
    f.now = T0_MS;
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.log = capture_log;
    p.log_user_data = &cap;
    p.log_level = LCC_LOG_DEBUG;
    p.now_ms = fixture_clock;
    p.clock_user_data = &f;
    ck_assert_int_eq(lcc_context_new(&f.ctx, &p), LCC_OK);
    lcc_agent *a;
    ck_assert_int_eq(lcc_agent_new(&a, f.ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&a, f.ctx, "a1", "Bob"), LCC_EEXISTS);
    ck_assert_int_eq(cap.count, 1);
    ck_assert_int_eq(cap.last, LCC_LOG_DEBUG);
    ck_assert_ptr_nonnull(strstr(cap.text, "agent \"a1\" already exists"));
    ck_assert_str_eq(lcc_context_errmsg(f.ctx), "agent \"a1\" already exists");
    lcc_context_free(f.ctx);

    /* Below the threshold nothing is formatted or delivered. */
    cap.count = 0;
    p.log_level = LCC_LOG_ERROR;
    ck_assert_int_eq(lcc_context_new(&f.ctx, &p), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&a, f.ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&a, f.ctx, "a1", "Ana"), LCC_EEXISTS);
    ck_assert_int_eq(cap.count, 0);
    lcc_context_free(f.ctx);
}
END_TEST

/* An allocator that never gives memory back while a test runs, so reading a
 * freed handle is defined behaviour and the library's poisoned tag can be
 * observed. */
struct quarantine { void *blocks[4096]; size_t sizes[4096]; size_t n; };

static void *q_malloc(size_t n, void *ud)
{
    struct quarantine *q = ud;
    if (q->n == 4096)
        return NULL;
    void *p = malloc(n);
    if (p) {
        q->sizes[q->n] = n;
        q->blocks[q->n++] = p;
    }
    return p;
}
static void *q_realloc(void *p, size_t n, void *ud)
{
    struct quarantine *q = ud;
    size_t old = 0;
    for (size_t i = 0; i < q->n; i++)
        if (q->blocks[i] == p)
            old = q->sizes[i];
    void *np = q_malloc(n, ud);
    if (np && p)
        memcpy(np, p, old < n ? old : n);
    return np;
}
static void q_free(void *p, void *ud) { (void)p; (void)ud; }

START_TEST(misuse_is_caught_not_undefined)
{
    struct quarantine *q = calloc(1, sizeof *q);
    lcc_allocator a = {sizeof a, q_malloc, q_realloc, q_free, q};
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.allocator = &a;
    lcc_context *ctx, *other;
    ck_assert_int_eq(lcc_context_new(&ctx, &p), LCC_OK);
    ck_assert_int_eq(lcc_context_new(&other, &p), LCC_OK);

    /* NULL handles and arguments. */
    ck_assert_int_eq(lcc_agent_new(NULL, ctx, "a", "A"), LCC_EMISUSE);
    lcc_agent *ag;
    ck_assert_int_eq(lcc_agent_new(&ag, NULL, "a", "A"), LCC_EMISUSE);
    ck_assert_int_eq(lcc_agent_new(&ag, ctx, NULL, "A"), LCC_EMISUSE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(ctx), "NULL"));
    ck_assert_int_eq(lcc_agent_set_time_zone(NULL, "UTC"), LCC_EMISUSE);
    ck_assert_int_eq(lcc_callback_draft_set_date(NULL, 2026, 1, 1), LCC_EMISUSE);
    ck_assert_int_eq(lcc_callback_draft_validate(NULL, NULL), LCC_EMISUSE);
    ck_assert_ptr_null(lcc_agent_id(NULL));
    ck_assert_uint_eq(lcc_report_count(NULL), 0);
    ck_assert_str_eq(lcc_context_errmsg(NULL), "no context (NULL)");

    /* Foreign handles: a queue passed as an agent, an agent of another context. */
    lcc_queue *qu;
    lcc_conversation *cv;
    lcc_agent *foreign;
    ck_assert_int_eq(lcc_queue_new(&qu, ctx, "q", "Q"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_new(&cv, ctx, "c", LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_agent_new(&foreign, other, "x", "X"), LCC_OK);
    lcc_callback_draft *d = NULL;
    ck_assert_int_eq(lcc_callback_draft_new(&d, ctx, cv, (const lcc_agent *)(void *)qu), LCC_EMISUSE);
    ck_assert_int_eq(lcc_callback_draft_new(&d, ctx, cv, foreign), LCC_EMISUSE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(ctx), "another context"));
    ck_assert_ptr_null(d);
    ck_assert_ptr_null(lcc_agent_name((const lcc_agent *)(void *)qu));
    ck_assert_int_eq(lcc_report_count((const lcc_report *)(void *)qu), 0);

    /* Freed handles. */
    ck_assert_int_eq(lcc_agent_new(&ag, ctx, "a", "A"), LCC_OK);
    lcc_agent_free(ag);
    ck_assert_int_eq(lcc_agent_set_time_zone(ag, "UTC"), LCC_EMISUSE);
    ck_assert_ptr_null(lcc_agent_id(ag));
    lcc_agent_free(ag); /* double free is refused too */
    ck_assert_ptr_null(lcc_context_find_agent(ctx, "a"));
    lcc_context_free(other);
    ck_assert_int_eq(lcc_agent_add_role(foreign, "x"), LCC_EMISUSE); /* freed with its context */
    ck_assert_str_eq(lcc_context_errmsg(other), "invalid context handle (freed or not a context)");
    ck_assert_int_eq(lcc_queue_new(&qu, other, "q2", "Q"), LCC_EMISUSE);
    lcc_context_free(other); /* twice: refused, no crash */
    lcc_context_free(ctx);

    for (size_t i = 0; i < q->n; i++)
        free(q->blocks[i]);
    free(q);
}
END_TEST

START_TEST(objects_are_found_by_id_and_freed_with_the_context)
{
    fixture f;
    fixture_setup(&f);
    ck_assert_ptr_eq(lcc_context_find_agent(f.ctx, "a1"), f.agent);
    ck_assert_ptr_eq(lcc_context_find_queue(f.ctx, "q1"), f.queue);
    ck_assert_ptr_eq(lcc_context_find_conversation(f.ctx, "c1"), f.conv);
    ck_assert_ptr_null(lcc_context_find_agent(f.ctx, "zz"));
    ck_assert_str_eq(lcc_agent_name(f.agent), "Ana");
    ck_assert_str_eq(lcc_agent_time_zone(f.agent), "Europe/Paris");
    ck_assert_int_eq(lcc_agent_set_time_zone(f.agent, "Atlantis/Capital"), LCC_EUNKNOWN_ZONE);
    ck_assert_str_eq(lcc_agent_time_zone(f.agent), "Europe/Paris");
    ck_assert_int_eq(lcc_agent_add_role(f.agent, LCC_ROLE_SUPERVISOR), LCC_OK);
    ck_assert(lcc_agent_has_role(f.agent, "supervisor"));
    ck_assert_int_eq(lcc_agent_remove_role(f.agent, "supervisor"), LCC_OK);
    ck_assert_int_eq(lcc_agent_remove_role(f.agent, "supervisor"), LCC_ENOTFOUND);
    ck_assert(!lcc_agent_has_role(f.agent, "supervisor"));

    lcc_queue *q2;
    ck_assert_int_eq(lcc_queue_new(&q2, f.ctx, "q2", "Sales"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q2, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(q2, "a1"), LCC_OK);
    ck_assert_uint_eq(lcc_queue_member_count(q2), 1);
    ck_assert_uint_eq(lcc_agent_queue_count(f.agent), 2);
    ck_assert_str_eq(lcc_agent_queue_id(f.agent, 1), "q2");
    ck_assert_ptr_null(lcc_agent_queue_id(f.agent, 2));
    lcc_queue_free(q2);
    ck_assert_uint_eq(lcc_agent_queue_count(f.agent), 1);

    ck_assert_int_eq(lcc_conversation_media(f.conv), LCC_MEDIA_CALL);
    ck_assert(lcc_conversation_acd(f.conv));
    ck_assert_str_eq(lcc_conversation_queue_id(f.conv), "q1");
    ck_assert_str_eq(lcc_conversation_agent_id(f.conv), "a1");
    ck_assert_int_eq(lcc_conversation_new(&f.conv, f.ctx, "c2", (lcc_media_type)42), LCC_EINVAL);
    ck_assert_int_eq(lcc_conversation_new(&f.conv, f.ctx, "", LCC_MEDIA_CALL), LCC_EINVAL);
    ck_assert_int_eq(lcc_conversation_new(&f.conv, f.ctx, "\xe2\x82", LCC_MEDIA_CALL), LCC_EINVAL);
    /* Drafts and everything else go with the context (valgrind/ASan check). */
    lcc_callback_draft *d;
    ck_assert_int_eq(lcc_callback_draft_new(&d, f.ctx, lcc_context_find_conversation(f.ctx, "c1"),
                                            f.agent), LCC_OK);
    fixture_teardown(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("context");
    TCase *tc = tcase_create("context");
    tcase_add_test(tc, version_matches_the_headers);
    tcase_add_test(tc, status_values_are_stable_and_described);
    tcase_add_test(tc, defaults_without_params);
    tcase_add_test(tc, params_size_is_checked);
    tcase_add_test(tc, allocator_hooks_are_used_and_balanced);
    tcase_add_test(tc, log_hook_receives_formatted_lines_by_level);
    tcase_add_test(tc, misuse_is_caught_not_undefined);
    tcase_add_test(tc, objects_are_found_by_id_and_freed_with_the_context);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
