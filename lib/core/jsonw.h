/* A small streaming JSON writer (RFC 8259) into one growable buffer from a
 * context allocator, for request bodies and responses.
 *
 *     lcc__jw w;
 *     lcc__jw_init(&w, &ctx->alloc);
 *     lcc__jw_obj_begin(&w);
 *     lcc__jw_key_str(&w, "queueId", queue_id);  // nothing when queue_id is NULL
 *     lcc__jw_key(&w, "ids");
 *     lcc__jw_arr_begin(&w);
 *     lcc__jw_str(&w, "a");
 *     lcc__jw_int(&w, -1);
 *     lcc__jw_arr_end(&w);
 *     lcc__jw_obj_end(&w);
 *     lcc_status st = lcc__jw_finish(&text, &len, &w);  // {"queueId":"q1","ids":["a",-1]}
 *
 * Output is compact (no white space).  Commas and colons come from the
 * nesting state.  Errors are sticky: the first failure is remembered and
 * every later call is a no-op, so callers check once, at lcc__jw_finish (or
 * with lcc__jw_status).  The first failure is one of
 *   LCC_ENOMEM   the buffer could not grow;
 *   LCC_EINVAL   a key or string is not well-formed UTF-8 (lcc__utf8_valid);
 *   LCC_EMISUSE  the calls do not make one JSON value: a value in an object
 *                without its key, a key outside an object or twice in a row,
 *                an end that does not match its begin, nesting deeper than
 *                LCC__JW_MAX_DEPTH, a second top-level value, or (at finish)
 *                unclosed containers or no value at all.
 * Strings are written as given (UTF-8, no normalisation); `"`, `\` and the
 * control characters U+0000..U+001F are escaped (\b \f \n \r \t, else
 * \u00XX with lower-case hex), nothing else.  Integers are int64_t; there
 * is no floating point.  Not thread-safe; a writer is used by one thread. */
#ifndef LCC_CORE_JSONW_H
#define LCC_CORE_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "contactcore/common.h"

#define LCC__JW_MAX_DEPTH 64

typedef struct lcc__jw {
    const lcc_allocator *alloc;
    char *buf;            /* NULL until the first write */
    size_t len, cap;      /* cap > len once allocated: room for the final NUL */
    lcc_status status;    /* first failure, sticky */
    unsigned depth;       /* open containers */
    uint64_t in_array;    /* bit d: the container at depth d + 1 is an array */
    uint64_t has_items;   /* bit d: it holds a member already (next one needs a comma) */
    unsigned char key_pending; /* an object key was written, its value not yet */
    unsigned char done;        /* the top-level value is complete */
} lcc__jw;

/* Starts an empty writer over `alloc` (borrowed: it must outlive the
 * writer).  Allocates nothing. */
void lcc__jw_init(lcc__jw *w, const lcc_allocator *alloc);

/* `{` `}` `[` `]`. */
void lcc__jw_obj_begin(lcc__jw *w);
void lcc__jw_obj_end(lcc__jw *w);
void lcc__jw_arr_begin(lcc__jw *w);
void lcc__jw_arr_end(lcc__jw *w);

/* An object member's key (NUL-terminated UTF-8); its value comes next. */
void lcc__jw_key(lcc__jw *w, const char *key);

/* A string value: NUL-terminated, or n bytes (which may hold U+0000).
 * s NULL writes null. */
void lcc__jw_str(lcc__jw *w, const char *s);
void lcc__jw_strn(lcc__jw *w, const char *s, size_t n);

void lcc__jw_int(lcc__jw *w, int64_t v);
void lcc__jw_bool(lcc__jw *w, int v); /* 0 false, anything else true */
void lcc__jw_null(lcc__jw *w);

/* An optional string member: `"key":"value"`, or nothing at all when value
 * is NULL. */
void lcc__jw_key_str(lcc__jw *w, const char *key, const char *value);

/* LCC_OK, or the first failure so far. */
lcc_status lcc__jw_status(const lcc__jw *w);

/* Ends the writer.  LCC_OK: *out is the NUL-terminated text (freed with
 * lcc__free on the writer's allocator) and *len its length without the NUL.
 * Otherwise the first failure (see above; LCC_EMISUSE also for NULL out or
 * len), the buffer is freed and *out, *len are left alone.  Either way the
 * writer is empty afterwards, as after lcc__jw_init, and may be reused. */
lcc_status lcc__jw_finish(char **out, size_t *len, lcc__jw *w);

/* Frees whatever was written and empties the writer, as lcc__jw_finish
 * does.  Safe on a finished or discarded writer. */
void lcc__jw_discard(lcc__jw *w);

#endif
