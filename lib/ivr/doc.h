/* An IVR document as read from YAML or JSON: a language-neutral tree of
 * scalars, lists and maps, each with its position, built in an arena.  The
 * readers refuse what is not a plain document (IVR-SYNTAX entries in the
 * report); lib/ivr/build.c turns the tree into a script. */
#ifndef LCC_IVR_DOC_H
#define LCC_IVR_DOC_H

#include <stdint.h>

#include "contactcore/ivr.h"
#include "core/arena.h"
#include "core/report.h"

enum ivr_node_type { IVR_SCALAR = 1, IVR_LIST = 2, IVR_MAP = 3 };

typedef struct ivr_node ivr_node;
struct ivr_node {
    uint8_t type;      /* ivr_node_type */
    uint8_t plain;     /* scalar: plain YAML, or a JSON number, true, false or null;
                          0: quoted YAML or a JSON string */
    uint32_t line, col; /* 1-based, in bytes, of its first character */
    const char *text;  /* scalar: its value, NUL-terminated UTF-8 without NUL inside */
    size_t len;        /* scalar: strlen(text) */
    uint32_t n;        /* list: items; map: pairs */
    ivr_node *kids;    /* list: n items; map: 2n nodes, key (a scalar) then value */
};

/* The problems of one parse: entries go to r up to LCC_IVR_MAX_ENTRIES,
 * the rest are counted, and lcc__ivr_diag_finish() adds one entry saying
 * how many were left out. */
typedef struct ivr_diag {
    lcc_report *r;
    size_t n, dropped;
} ivr_diag;

/* An entry at (line, col) with its rule, field (a path, copied), the
 * status code of the problem and a sentence. */
void lcc__ivr_problem(ivr_diag *d, const char *rule, const char *field, uint32_t line,
                      uint32_t col, lcc_status code, lcc_severity severity, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void lcc__ivr_diag_finish(ivr_diag *d);

typedef struct ivr_doc {
    lcc__arena arena; /* every node and text */
    ivr_node *root;   /* NULL when nothing usable was read */
} ivr_doc;

/* Reads a document.  Problems go to d as IVR-SYNTAX entries (field
 * "script", code LCC_EFORMAT, with line and column).  What can be read
 * around a problem is kept: a duplicate key keeps its first value, an
 * alias becomes an empty plain scalar, an anchor or tag is ignored after
 * its entry; a syntax error, invalid UTF-8, a tab in indentation, too much
 * nesting or too many values stop the reading (root NULL, or what was
 * complete may be dropped).  Limits: LCC_IVR_MAX_BYTES, LCC_IVR_MAX_DEPTH,
 * LCC_IVR_MAX_NODES (contactcore/ivr.h).  A UTF-8 byte order mark at the
 * start is skipped.  Returns LCC_OK (whatever the report says) or
 * LCC_ENOMEM (the doc is freed, and must still be passed to
 * lcc__ivr_doc_free). */
lcc_status lcc__ivr_read_yaml(ivr_doc *doc, ivr_diag *d, const lcc_allocator *a,
                              const char *text, size_t len);
lcc_status lcc__ivr_read_json(ivr_doc *doc, ivr_diag *d, const lcc_allocator *a,
                              const char *text, size_t len);
/* The start of both readers: an empty doc on arena `a`, then 1 when the
 * text is larger than LCC_IVR_MAX_BYTES (reported: read nothing), else 0
 * with a UTF-8 byte order mark skipped (line 1 starts after it). */
int lcc__ivr_doc_begin(ivr_doc *doc, ivr_diag *d, const lcc_allocator *a, const char **text,
                       size_t *len);
/* Drops each pair of a map whose key (a scalar) repeats an earlier key of
 * the map, reporting it (IVR-SYNTAX, at the repeated key); the first pair
 * stays.  0, or -1 when out of memory (nothing changed). */
int lcc__ivr_map_dedupe(ivr_node *map, ivr_diag *d, const lcc_allocator *a);
/* Frees the tree. */
void lcc__ivr_doc_free(ivr_doc *doc);

#endif
