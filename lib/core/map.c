#include "core/map.h"

#include <stdint.h>
#include <string.h>

#include "core/alloc.h"

struct lcc__map_slot {
    const char *key; /* NULL = empty; &tombstone = deleted */
    void *value;
    uint32_t hash;
};

static const char tombstone;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void lcc__map_init(lcc__map *m)
{
    memset(m, 0, sizeof *m);
}

void lcc__map_clear(lcc__map *m, const lcc_allocator *a)
{
    lcc__free(a, m->slots);
    lcc__map_init(m);
}

static struct lcc__map_slot *find(const lcc__map *m, const char *key, uint32_t h)
{
    if (!m->cap)
        return NULL;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct lcc__map_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->key != &tombstone && s->hash == h && strcmp(s->key, key) == 0)
            return s;
    }
}

void *lcc__map_get(const lcc__map *m, const char *key)
{
    struct lcc__map_slot *s = find(m, key, hash_str(key));
    return s ? s->value : NULL;
}

static void insert_fresh(lcc__map *m, const char *key, void *value, uint32_t h)
{
    size_t i = h & (m->cap - 1);
    while (m->slots[i].key && m->slots[i].key != &tombstone)
        i = (i + 1) & (m->cap - 1);
    if (!m->slots[i].key)
        m->used++;
    m->slots[i] = (struct lcc__map_slot){key, value, h};
    m->count++;
}

int lcc__map_reserve(lcc__map *m, const lcc_allocator *a, size_t extra)
{
    if ((m->used + extra) * 4 < m->cap * 3)
        return 0;
    size_t ncap = 16;
    while (ncap * 3 <= (m->count + extra) * 4 + 4) {
        if (ncap > SIZE_MAX / (2 * sizeof(struct lcc__map_slot)))
            return -1;
        ncap *= 2;
    }
    struct lcc__map_slot *old = m->slots;
    size_t ocap = m->cap;
    m->slots = lcc__calloc(a, ncap, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return -1;
    }
    m->cap = ncap;
    m->count = m->used = 0;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].key && old[i].key != &tombstone)
            insert_fresh(m, old[i].key, old[i].value, old[i].hash);
    lcc__free(a, old);
    return 0;
}

int lcc__map_put(lcc__map *m, const lcc_allocator *a, const char *key, void *value)
{
    uint32_t h = hash_str(key);
    struct lcc__map_slot *s = find(m, key, h);
    if (s) {
        s->key = key;
        s->value = value;
        return 0;
    }
    if (lcc__map_reserve(m, a, 1) != 0)
        return -1;
    insert_fresh(m, key, value, h);
    return 0;
}

void lcc__map_remove(lcc__map *m, const char *key)
{
    struct lcc__map_slot *s = find(m, key, hash_str(key));
    if (s) {
        s->key = &tombstone;
        s->value = NULL;
        m->count--;
    }
}

int lcc__map_next(const lcc__map *m, size_t *pos, const char **key, void **value)
{
    for (; *pos < m->cap; (*pos)++) {
        const struct lcc__map_slot *s = &m->slots[*pos];
        if (s->key && s->key != &tombstone) {
            (*pos)++;
            if (key)
                *key = s->key;
            if (value)
                *value = s->value;
            return 1;
        }
    }
    return 0;
}
