/* Internal allocation helpers over the context's lcc_allocator. */
#ifndef LCC_CORE_ALLOC_H
#define LCC_CORE_ALLOC_H

#include "contactcore/common.h"

/* `a` is always a normalised allocator: all three hooks set (see
 * lcc__allocator_normalise).  Every helper returns NULL on failure. */
void lcc__allocator_normalise(lcc_allocator *dst, const lcc_allocator *src);
void *lcc__malloc(const lcc_allocator *a, size_t n);
void *lcc__calloc(const lcc_allocator *a, size_t count, size_t size);
void *lcc__realloc(const lcc_allocator *a, void *p, size_t n);
/* Grows *p (of *cap elements of `size`) so that it holds at least `need`
 * elements; returns 0 on success, -1 on overflow or allocation failure
 * (then *p and *cap are unchanged). */
int lcc__grow(const lcc_allocator *a, void **p, size_t *cap, size_t need, size_t size);
void lcc__free(const lcc_allocator *a, void *p);
char *lcc__strdup(const lcc_allocator *a, const char *s);
char *lcc__strndup(const lcc_allocator *a, const char *s, size_t n);
/* A block of n bytes handed out to the host, who frees it with lcc_free():
 * the allocator is kept in front of it.  NULL when out of memory. */
void *lcc__out_alloc(const lcc_allocator *a, size_t n);
/* Copies s (NULL: nothing) with its NUL to *pos, advances *pos past it and
 * returns the copy (NULL for NULL): for packing strings into one block the
 * caller sized first. */
const char *lcc__pack_str(char **pos, const char *s);
/* The bytes lcc__pack_str(s) takes: strlen + 1, or 0 for NULL. */
size_t lcc__pack_len(const char *s);
/* Overwrites the NUL-terminated string s with zeros (a secret: credentials,
 * tokens); s may be NULL. */
void lcc__wipe(char *s);
/* lcc__wipe, then free. */
void lcc__free_secret(const lcc_allocator *a, char *s);

#endif
