#include "core/strlist.h"

#include <string.h>

#include "core/alloc.h"

long lcc__strlist_find(const lcc__strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return (long)i;
    return -1;
}

int lcc__strlist_add(lcc__strlist *l, const lcc_allocator *a, const char *s)
{
    if (lcc__strlist_find(l, s) >= 0)
        return 0;
    if (lcc__grow(a, (void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return -1;
    char *copy = lcc__strdup(a, s);
    if (!copy)
        return -1;
    l->v[l->n++] = copy;
    return 0;
}

char *lcc__strlist_take(lcc__strlist *l, const char *s, size_t *at)
{
    long i = lcc__strlist_find(l, s);
    if (i < 0)
        return NULL;
    char *taken = l->v[i];
    memmove(&l->v[i], &l->v[i + 1], (l->n - (size_t)i - 1) * sizeof *l->v);
    l->n--;
    *at = (size_t)i;
    return taken;
}

void lcc__strlist_put_back(lcc__strlist *l, size_t at, char *s)
{
    memmove(&l->v[at + 1], &l->v[at], (l->n - at) * sizeof *l->v);
    l->v[at] = s;
    l->n++;
}

int lcc__strlist_remove(lcc__strlist *l, const lcc_allocator *a, const char *s)
{
    size_t at;
    char *taken = lcc__strlist_take(l, s, &at);
    lcc__free(a, taken);
    return taken ? 0 : -1;
}

void lcc__strlist_clear(lcc__strlist *l, const lcc_allocator *a)
{
    for (size_t i = 0; i < l->n; i++)
        lcc__free(a, l->v[i]);
    lcc__free(a, l->v);
    memset(l, 0, sizeof *l);
}

/* Position of key, or where it would be inserted (with *found = 0). */
static size_t kv_search(const lcc__kv *m, const char *key, int *found)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->v[mid].key, key);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

const char *lcc__kv_get(const lcc__kv *m, const char *key)
{
    int found;
    size_t i = kv_search(m, key, &found);
    return found ? m->v[i].value : NULL;
}

int lcc__kv_set(lcc__kv *m, const lcc_allocator *a, const char *key, const char *value)
{
    int found;
    size_t i = kv_search(m, key, &found);
    char *v = lcc__strdup(a, value);
    if (!v)
        return -1;
    if (found) {
        lcc__free(a, m->v[i].value);
        m->v[i].value = v;
        return 0;
    }
    char *k = lcc__strdup(a, key);
    if (!k || lcc__grow(a, (void **)&m->v, &m->cap, m->n + 1, sizeof *m->v)) {
        lcc__free(a, k);
        lcc__free(a, v);
        return -1;
    }
    memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof *m->v);
    m->v[i].key = k;
    m->v[i].value = v;
    m->n++;
    return 0;
}

int lcc__kv_remove(lcc__kv *m, const lcc_allocator *a, const char *key)
{
    int found;
    size_t i = kv_search(m, key, &found);
    if (!found)
        return -1;
    lcc__free(a, m->v[i].key);
    lcc__free(a, m->v[i].value);
    memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof *m->v);
    m->n--;
    return 0;
}

int lcc__kv_copy(lcc__kv *dst, const lcc_allocator *a, const lcc__kv *src)
{
    lcc__kv tmp = {0};
    for (size_t i = 0; i < src->n; i++) {
        /* src is sorted, so appending keeps tmp sorted. */
        if (lcc__kv_set(&tmp, a, src->v[i].key, src->v[i].value)) {
            lcc__kv_clear(&tmp, a);
            return -1;
        }
    }
    lcc__kv_clear(dst, a);
    *dst = tmp;
    return 0;
}

void lcc__kv_clear(lcc__kv *m, const lcc_allocator *a)
{
    for (size_t i = 0; i < m->n; i++) {
        lcc__free(a, m->v[i].key);
        lcc__free(a, m->v[i].value);
    }
    lcc__free(a, m->v);
    memset(m, 0, sizeof *m);
}
