/* Owned string lists and sorted string maps used by the model handles. */
#ifndef LCC_CORE_STRLIST_H
#define LCC_CORE_STRLIST_H

#include <stddef.h>

#include "contactcore/common.h"

typedef struct lcc__strlist {
    char **v;
    size_t n, cap;
} lcc__strlist;

/* Index of s, or -1. */
long lcc__strlist_find(const lcc__strlist *l, const char *s);
/* Appends a copy unless present.  0, or -1 when out of memory (unchanged). */
int lcc__strlist_add(lcc__strlist *l, const lcc_allocator *a, const char *s);
/* Removes s; 0 when it was there, -1 when not. */
int lcc__strlist_remove(lcc__strlist *l, const lcc_allocator *a, const char *s);
/* Takes s out of the list without freeing it: the string, with its index
 * in *at, or NULL when absent.  lcc__strlist_put_back() undoes it without
 * allocating (the array keeps its room). */
char *lcc__strlist_take(lcc__strlist *l, const char *s, size_t *at);
void lcc__strlist_put_back(lcc__strlist *l, size_t at, char *s);
void lcc__strlist_clear(lcc__strlist *l, const lcc_allocator *a);

/* Key/value pairs kept sorted by key. */
typedef struct lcc__kv {
    struct lcc__kv_pair { char *key, *value; } *v;
    size_t n, cap;
} lcc__kv;

const char *lcc__kv_get(const lcc__kv *m, const char *key);
/* Sets key to a copy of value.  0, or -1 when out of memory (unchanged). */
int lcc__kv_set(lcc__kv *m, const lcc_allocator *a, const char *key, const char *value);
/* 0 when removed, -1 when absent. */
int lcc__kv_remove(lcc__kv *m, const lcc_allocator *a, const char *key);
/* Replaces *dst with a deep copy of src.  0, or -1 (dst unchanged). */
int lcc__kv_copy(lcc__kv *dst, const lcc_allocator *a, const lcc__kv *src);
void lcc__kv_clear(lcc__kv *m, const lcc_allocator *a);

#endif
