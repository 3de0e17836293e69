/* A small open-addressing hash map from NUL-terminated string keys (borrowed:
 * the caller keeps each key alive while it is in the map) to pointers. */
#ifndef LCC_CORE_MAP_H
#define LCC_CORE_MAP_H

#include <stddef.h>

#include "contactcore/common.h"

typedef struct lcc__map {
    struct lcc__map_slot *slots;
    size_t cap;   /* power of two, or 0 */
    size_t count; /* live entries */
    size_t used;  /* live + tombstones */
} lcc__map;

void lcc__map_init(lcc__map *m);
void lcc__map_clear(lcc__map *m, const lcc_allocator *a);
void *lcc__map_get(const lcc__map *m, const char *key);
/* Inserts or replaces.  Returns 0, or -1 when memory ran out (map unchanged). */
int lcc__map_put(lcc__map *m, const lcc_allocator *a, const char *key, void *value);
/* Makes sure the next `extra` inserts cannot fail.  Returns 0 or -1. */
int lcc__map_reserve(lcc__map *m, const lcc_allocator *a, size_t extra);
void lcc__map_remove(lcc__map *m, const char *key);
/* Iterates: start with *pos = 0; returns 1 with the next live entry (in no
 * particular order) or 0 at the end.  The map must not change meanwhile,
 * except that the entry just returned may be removed. */
int lcc__map_next(const lcc__map *m, size_t *pos, const char **key, void **value);

#endif
