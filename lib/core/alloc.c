#include "core/alloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(size_t n, void *ud) { (void)ud; return malloc(n); }
static void *libc_realloc(void *p, size_t n, void *ud) { (void)ud; return realloc(p, n); }
static void libc_free(void *p, void *ud) { (void)ud; free(p); }

void lcc__allocator_normalise(lcc_allocator *dst, const lcc_allocator *src)
{
    dst->size = sizeof *dst;
    if (src && src->malloc_fn && src->realloc_fn && src->free_fn) {
        dst->malloc_fn = src->malloc_fn;
        dst->realloc_fn = src->realloc_fn;
        dst->free_fn = src->free_fn;
        dst->user_data = src->user_data;
    } else {
        dst->malloc_fn = libc_malloc;
        dst->realloc_fn = libc_realloc;
        dst->free_fn = libc_free;
        dst->user_data = NULL;
    }
}

void *lcc__malloc(const lcc_allocator *a, size_t n)
{
    return a->malloc_fn(n ? n : 1, a->user_data);
}

void *lcc__calloc(const lcc_allocator *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t n = count * size;
    void *p = lcc__malloc(a, n);
    if (p && n)
        memset(p, 0, n);
    return p;
}

void *lcc__realloc(const lcc_allocator *a, void *p, size_t n)
{
    return a->realloc_fn(p, n ? n : 1, a->user_data);
}

int lcc__grow(const lcc_allocator *a, void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 4;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (size && ncap > SIZE_MAX / size)
        return -1;
    void *np = lcc__realloc(a, *p, ncap * size);
    if (!np)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

void lcc__free(const lcc_allocator *a, void *p)
{
    if (p)
        a->free_fn(p, a->user_data);
}

char *lcc__strndup(const lcc_allocator *a, const char *s, size_t n)
{
    char *d = lcc__malloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *lcc__strdup(const lcc_allocator *a, const char *s)
{
    return s ? lcc__strndup(a, s, strlen(s)) : NULL;
}

void lcc__wipe(char *s)
{
    for (volatile char *p = s; p && *p; p++)
        *p = 0;
}

void lcc__free_secret(const lcc_allocator *a, char *s)
{
    lcc__wipe(s);
    lcc__free(a, s);
}

/* What lcc__out_alloc puts in front of a block (keeps max_align_t alignment). */
typedef union out_header {
    lcc_allocator alloc;
    max_align_t align;
} out_header;

void *lcc__out_alloc(const lcc_allocator *a, size_t n)
{
    if (n > SIZE_MAX - sizeof(out_header))
        return NULL;
    out_header *h = lcc__malloc(a, sizeof *h + n);
    if (!h)
        return NULL;
    h->alloc = *a;
    return h + 1;
}

LCC_API void lcc_free(void *p)
{
    if (!p)
        return;
    out_header *h = (out_header *)p - 1;
    lcc_allocator a = h->alloc;
    lcc__free(&a, h);
}

const char *lcc__pack_str(char **pos, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    const char *d = memcpy(*pos, s, n);
    *pos += n;
    return d;
}

size_t lcc__pack_len(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}
