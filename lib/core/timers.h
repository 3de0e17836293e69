/* A binary min-heap of timers embedded in the objects they belong to. */
#ifndef LCC_CORE_TIMERS_H
#define LCC_CORE_TIMERS_H

#include <stddef.h>
#include <stdint.h>

#include "contactcore/common.h"

#define LCC__TIMER_IDLE SIZE_MAX

struct lcc_context;

typedef struct lcc__timer {
    int64_t when;
    size_t index; /* position in the heap, LCC__TIMER_IDLE when not armed */
    /* Runs when the timer is due; it has been disarmed already. */
    void (*fire)(struct lcc__timer *t, struct lcc_context *ctx);
} lcc__timer;

/* The object that embeds timer `t` as `member`. */
#define LCC__CONTAINER(t, type, member) ((type *)(void *)((char *)(t) - offsetof(type, member)))

typedef struct lcc__timers {
    lcc__timer **heap;
    size_t count, cap;
} lcc__timers;

static inline void lcc__timer_init(lcc__timer *t,
                                   void (*fire)(lcc__timer *t, struct lcc_context *ctx))
{
    t->when = 0;
    t->index = LCC__TIMER_IDLE;
    t->fire = fire;
}

static inline int lcc__timer_armed(const lcc__timer *t)
{
    return t->index != LCC__TIMER_IDLE;
}

/* Makes room for `more` timers beyond those armed: arming then cannot fail.
 * Returns 0 or -1 (out of memory). */
int lcc__timers_reserve(lcc__timers *ts, const lcc_allocator *a, size_t more);
/* Arms (or re-arms) t for `when`; room must have been reserved. */
void lcc__timers_arm(lcc__timers *ts, lcc__timer *t, int64_t when);
/* Disarms t if armed. */
void lcc__timers_disarm(lcc__timers *ts, lcc__timer *t);
/* The earliest armed timer, or NULL. */
static inline lcc__timer *lcc__timers_first(const lcc__timers *ts)
{
    return ts->count ? ts->heap[0] : NULL;
}
void lcc__timers_free(lcc__timers *ts, const lcc_allocator *a);

#endif
