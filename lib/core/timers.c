#include "core/timers.h"

#include "core/alloc.h"

int lcc__timers_reserve(lcc__timers *ts, const lcc_allocator *a, size_t more)
{
    return lcc__grow(a, (void **)&ts->heap, &ts->cap, ts->count + more, sizeof *ts->heap);
}

static void place(lcc__timers *ts, size_t i, lcc__timer *t)
{
    ts->heap[i] = t;
    t->index = i;
}

static void sift_up(lcc__timers *ts, size_t i)
{
    lcc__timer *t = ts->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (ts->heap[parent]->when <= t->when)
            break;
        place(ts, i, ts->heap[parent]);
        i = parent;
    }
    place(ts, i, t);
}

static void sift_down(lcc__timers *ts, size_t i)
{
    lcc__timer *t = ts->heap[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= ts->count)
            break;
        if (child + 1 < ts->count && ts->heap[child + 1]->when < ts->heap[child]->when)
            child++;
        if (t->when <= ts->heap[child]->when)
            break;
        place(ts, i, ts->heap[child]);
        i = child;
    }
    place(ts, i, t);
}

void lcc__timers_arm(lcc__timers *ts, lcc__timer *t, int64_t when)
{
    if (lcc__timer_armed(t)) {
        lcc__timers_disarm(ts, t);
    }
    t->when = when;
    place(ts, ts->count++, t);
    sift_up(ts, t->index);
}

void lcc__timers_disarm(lcc__timers *ts, lcc__timer *t)
{
    if (!lcc__timer_armed(t))
        return;
    size_t i = t->index;
    lcc__timer *last = ts->heap[--ts->count];
    t->index = LCC__TIMER_IDLE;
    if (last == t)
        return;
    place(ts, i, last);
    sift_up(ts, i);
    sift_down(ts, last->index);
}

void lcc__timers_free(lcc__timers *ts, const lcc_allocator *a)
{
    lcc__free(a, ts->heap);
    ts->heap = NULL;
    ts->count = ts->cap = 0;
}
