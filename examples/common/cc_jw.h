/* A small streaming JSON writer shared by the examples (the command-line
 * tool, the native-messaging host).  The library's own JSON code is not
 * public.
 *
 * A writer goes to a FILE (jw_init) or to a memory buffer with a size limit
 * (jw_init_mem): past the limit nothing more is stored and the buffer says
 * it overflowed, so a caller can refuse to send a document that is too big
 * without ever holding more than the limit.  Strings are written as given
 * when they are valid UTF-8; an invalid byte becomes U+FFFD, so that the
 * document stays valid JSON.
 */
#ifndef CC_JW_H
#define CC_JW_H

#include <stddef.h>
#include <stdio.h>

/* The memory sink: buf grows up to `limit` bytes (0: no limit). */
typedef struct jw_mem {
    char *buf;
    size_t len, cap, limit;
    int overflow; /* 1: more than `limit` bytes were written (the rest was dropped) */
    int oom;      /* 1: an allocation failed */
} jw_mem;

typedef struct jw {
    FILE *f;      /* the FILE sink, or NULL */
    jw_mem *m;    /* the memory sink, or NULL */
    int depth;
    int first[64];
} jw;

void jw_init(jw *w, FILE *f);
/* Starts a document in m (its buffer is kept and reused: m->len is reset). */
void jw_init_mem(jw *w, jw_mem *m);
void jw_mem_free(jw_mem *m);

void jw_obj(jw *w);
void jw_obj_end(jw *w);
void jw_arr(jw *w);
void jw_arr_end(jw *w);
void jw_key(jw *w, const char *key);
void jw_str(jw *w, const char *s); /* NULL: null */
void jw_strn(jw *w, const char *s, size_t n);
void jw_int(jw *w, long long v);
void jw_uint(jw *w, unsigned long long v);
void jw_bool(jw *w, int v);
void jw_num(jw *w, double v);    /* 3 decimals */
void jw_double(jw *w, double v); /* shortest exact form ("%.17g"); non-finite: null */
void jw_null(jw *w);
void jw_kstr(jw *w, const char *key, const char *s);
void jw_kint(jw *w, const char *key, long long v);
void jw_kbool(jw *w, const char *key, int v);
void jw_end(jw *w); /* FILE: the final newline and a flush; memory: nothing */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
size_t cc_utf8_len(const unsigned char *s, size_t n);
/* 1 when the n bytes are valid UTF-8 (no surrogates, no overlong forms). */
int cc_utf8_valid(const char *s, size_t n);

#endif
