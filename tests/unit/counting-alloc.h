/* For the unit suites: an allocator that counts live blocks and can fail
 * the N-th allocation (set fail_at, reset calls; 0 never fails). */
#ifndef LCC_TEST_COUNTING_ALLOC_H
#define LCC_TEST_COUNTING_ALLOC_H

#include <stdlib.h>

#include "contactcore/common.h"

typedef struct counting {
    long live;    /* blocks allocated and not freed */
    long calls;   /* allocations since armed */
    long fail_at; /* 0: never fail */
} counting;

static inline void *c_malloc(size_t n, void *ud)
{
    counting *c = ud;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        c->live++;
    return p;
}

static inline void *c_realloc(void *p, size_t n, void *ud)
{
    counting *c = ud;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        c->live++;
    return q;
}

static inline void c_free(void *p, void *ud)
{
    counting *c = ud;
    if (p)
        c->live--;
    free(p);
}

/* The lcc_allocator over c. */
static inline lcc_allocator counting_allocator(counting *c)
{
    lcc_allocator a = {sizeof a, c_malloc, c_realloc, c_free, c};
    return a;
}

#endif
