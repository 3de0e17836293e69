#include "core/arena.h"

#include <stdalign.h>
#include <string.h>

#include "core/alloc.h"

struct lcc__arena_block {
    lcc__arena_block *next;
    size_t size; /* bytes after the header */
    alignas(max_align_t) unsigned char data[];
};

#define BLOCK_MIN 4096

void lcc__arena_init(lcc__arena *ar, const lcc_allocator *a)
{
    memset(ar, 0, sizeof *ar);
    ar->alloc = *a;
}

void *lcc__arena_alloc(lcc__arena *ar, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n > SIZE_MAX / 2)
        return NULL;
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    if (!ar->head || ar->head->size - ar->used < n) {
        /* Blocks double with the arena's size, so a big document costs few
         * allocations. */
        size_t size = ar->total > BLOCK_MIN ? ar->total : BLOCK_MIN;
        if (size < n)
            size = n;
        lcc__arena_block *b = lcc__malloc(&ar->alloc, sizeof *b + size);
        if (!b)
            return NULL;
        b->next = ar->head;
        b->size = size;
        ar->head = b;
        ar->used = 0;
        ar->total += size;
    }
    void *p = ar->head->data + ar->used;
    ar->used += n;
    memset(p, 0, n);
    return p;
}

char *lcc__arena_strndup(lcc__arena *ar, const char *s, size_t n)
{
    char *p = lcc__arena_alloc(ar, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void lcc__arena_free(lcc__arena *ar)
{
    lcc__arena_block *b = ar->head;
    while (b) {
        lcc__arena_block *next = b->next;
        lcc__free(&ar->alloc, b);
        b = next;
    }
    ar->head = NULL;
    ar->used = ar->total = 0;
}
