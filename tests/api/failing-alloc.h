/* An lcc_allocator that fails its fail_at-th allocation (malloc or realloc,
 * 1-based; 0 = never) and counts the blocks outstanding, for the
 * allocation-failure sweeps: run a scenario with fail_at = 1, 2, ... until
 * `failed` stays 0, and check `live` is 0 after each run.
 *
 *     failing f = {0, n, 0, 0};
 *     lcc_allocator a = failing_allocator(&f);
 *
 * and STEP(expr) in a scenario stops it at the first failure, which must be
 * LCC_ENOMEM.
 */
#ifndef LCC_TEST_FAILING_ALLOC_H
#define LCC_TEST_FAILING_ALLOC_H

#include <check.h>
#include <stdlib.h>

#include "contactcore/contactcore.h"

typedef struct failing {
    long calls, fail_at; /* fail the fail_at-th allocation (1-based); 0 = never */
    long live;           /* blocks outstanding */
    int failed;          /* the failure happened */
} failing;

static inline void *failing_malloc(size_t n, void *ud)
{
    failing *f = ud;
    if (++f->calls == f->fail_at) {
        f->failed = 1;
        return NULL;
    }
    void *p = malloc(n);
    f->live += p != NULL;
    return p;
}

static inline void *failing_realloc(void *p, size_t n, void *ud)
{
    failing *f = ud;
    if (++f->calls == f->fail_at) {
        f->failed = 1;
        return NULL;
    }
    void *np = realloc(p, n);
    f->live += np && !p;
    return np;
}

static inline void failing_free(void *p, void *ud)
{
    ((failing *)ud)->live -= p != NULL;
    free(p);
}

/* In a scenario: stops it (goto out) at the first status other than
 * LCC_OK, which must be LCC_ENOMEM. */
#define STEP(expr)                                                                   \
    do {                                                                             \
        lcc_status st_ = (expr);                                                     \
        if (st_ != LCC_OK) {                                                         \
            ck_assert_msg(st_ == LCC_ENOMEM, "%s -> %s", #expr, lcc_status_str(st_)); \
            goto out;                                                                \
        }                                                                            \
    } while (0)

static inline lcc_allocator failing_allocator(failing *f)
{
    lcc_allocator a = {sizeof a, failing_malloc, failing_realloc, failing_free, f};
    return a;
}

#endif
