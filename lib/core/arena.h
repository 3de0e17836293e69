/* A bump allocator for data that is built once and freed all at once (IVR
 * documents and scripts).  Blocks come from the allocator it was given. */
#ifndef LCC_CORE_ARENA_H
#define LCC_CORE_ARENA_H

#include "contactcore/common.h"

typedef struct lcc__arena_block lcc__arena_block;

typedef struct lcc__arena {
    lcc_allocator alloc; /* normalised */
    lcc__arena_block *head;
    size_t used, total;  /* bytes handed out in head; bytes of every block */
} lcc__arena;

/* An empty arena over a (normalised, copied). */
void lcc__arena_init(lcc__arena *ar, const lcc_allocator *a);
/* n bytes aligned for any object (zeroed), or NULL when out of memory. */
void *lcc__arena_alloc(lcc__arena *ar, size_t n);
/* A NUL-terminated copy of s[0..n), or NULL when out of memory. */
char *lcc__arena_strndup(lcc__arena *ar, const char *s, size_t n);
/* Frees every block; the arena is empty again. */
void lcc__arena_free(lcc__arena *ar);

#endif
