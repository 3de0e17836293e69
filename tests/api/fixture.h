/* Shared set-up for the public-API suites: a context with a controllable
 * clock, a counting allocator, and a typical agent/queue/conversation. */
#ifndef LCC_TEST_FIXTURE_H
#define LCC_TEST_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contactcore/contactcore.h"

/* 2026-11-21T10:00:00Z, a Saturday. */
#define T0_MS 1795255200000LL
#define HOUR_MS 3600000LL
#define DAY_MS 86400000LL

typedef struct fixture {
    lcc_context *ctx;
    int64_t now;
    lcc_agent *agent;
    lcc_queue *queue;
    lcc_conversation *conv;
} fixture;

static inline int64_t fixture_clock(void *ud)
{
    return ((fixture *)ud)->now;
}

/* Context only, no objects: params p (NULL: the defaults) with the
 * fixture's clock. */
static inline void fixture_context_params(fixture *f, lcc_context_params *p)
{
    lcc_context_params defaults = LCC_CONTEXT_PARAMS_INIT;
    if (!p)
        p = &defaults;
    memset(f, 0, sizeof *f);
    f->now = T0_MS;
    p->now_ms = fixture_clock;
    p->clock_user_data = f;
    ck_assert_int_eq(lcc_context_new(&f->ctx, p), LCC_OK);
}

/* Context only: no objects. */
static inline void fixture_context(fixture *f)
{
    fixture_context_params(f, NULL);
}

/* Agent "a1" (Europe/Paris, may create callbacks, member of q1), queue "q1",
 * and an ACD call "c1" from +33 1 42 68 53 00 received by q1 and handled by a1,
 * in f's context. */
static inline void fixture_objects(fixture *f)
{
    ck_assert_int_eq(lcc_agent_new(&f->agent, f->ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_set_time_zone(f->agent, "Europe/Paris"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(f->agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&f->queue, f->ctx, "q1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(f->queue, "a1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_new(&f->conv, f->ctx, "c1", LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(f->conv, "+33 1 42 68 53 00"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(f->conv, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_agent(f->conv, "a1"), LCC_OK);
}

/* A context with the objects of fixture_objects(). */
static inline void fixture_setup(fixture *f)
{
    fixture_context(f);
    fixture_objects(f);
}

static inline void fixture_teardown(fixture *f)
{
    lcc_context_free(f->ctx);
    f->ctx = NULL;
}

/* 1 when the report has an entry for `rule` with this severity. */
static inline int report_has(const lcc_report *r, const char *rule, lcc_severity sev)
{
    for (size_t i = 0; i < lcc_report_count(r); i++)
        if (strcmp(lcc_report_rule(r, i), rule) == 0 && lcc_report_severity(r, i) == sev)
            return 1;
    return 0;
}

/* Collects a context's log lines (hook user data: a log_lines) so a test
 * can check what was written, e.g. that no secret was. */
typedef struct log_lines {
    char text[65536];
    size_t len;
} log_lines;

static inline void log_lines_hook(lcc_log_level level, const char *msg, void *ud)
{
    log_lines *c = ud;
    size_t n = strlen(msg);
    (void)level;
    if (c->len + n + 2 < sizeof c->text) {
        memcpy(c->text + c->len, msg, n);
        c->len += n;
        c->text[c->len++] = '\n';
        c->text[c->len] = 0;
    }
}

static inline void log_lines_clear(log_lines *c)
{
    c->len = 0;
    c->text[0] = 0;
}

/* A fixture file under tests/ (e.g. "ivr/seed-direct.yaml"), read whole
 * and NUL-terminated into a malloc'd buffer (free() it); *len its size. */
static inline char *fixture_slurp(const char *name, size_t *len)
{
    const char *dir = getenv("LCC_TEST_SRCDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests", name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = malloc(1 << 16);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
