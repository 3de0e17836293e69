/* Reading an IVR document from YAML (libyaml's event API) into an ivr_node
 * tree (ivr/doc.h).
 *
 * Positions.  libyaml's marks count characters (code points, CRLF as two)
 * and take NEL, LS and PS for line breaks; ours are bytes, and lines end at
 * LF, CRLF or a lone CR.  So a pre-pass over the text records, every
 * CHECKPOINT code points, the byte offset and the line it starts, and a
 * mark's index is turned into a byte offset (at most CHECKPOINT - 1 steps
 * from a checkpoint), then into our line and column.
 *
 * A UTF-8 byte order mark at the start is skipped before anything else:
 * line 1 starts after it, so its 3 bytes are not counted in line 1's
 * columns (an editor does not show it; the first character is column 1).
 *
 * The pre-pass also refuses what libyaml would take or misread: invalid
 * UTF-8, NUL bytes, and a tab in a line's indentation (the first one found
 * is reported and reading stops).  It notes lines whose first thing is
 * "#:" (after indentation and "- "): an unquoted key # that YAML reads as a
 * comment.  Unless a scalar turns out to contain it (a block or quoted
 * scalar), each is reported once the events have passed it.
 *
 * The tree is built on a stack: complete nodes are pushed on `vals`; a
 * container that closes takes its kids from the top of `vals` into the
 * arena; a map that closes drops its repeated keys (lcc__ivr_map_dedupe,
 * the same as for JSON).  libyaml allocates
 * with malloc (it has no hooks): the parser and every event are freed on
 * every path.  Nothing recurses. */
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "core/alloc.h"
#include "core/utf8.h"
#include "ivr/doc.h"

#define CHECKPOINT 256

#define PROBLEM(r, line, col, ...)                                                             \
    lcc__ivr_problem((r)->d, "IVR-SYNTAX", "script", (line), (col), LCC_EFORMAT,              \
                     LCC_SEVERITY_ERROR, __VA_ARGS__)

typedef struct checkpoint {
    uint32_t off;    /* byte offset of code point k * CHECKPOINT */
    uint32_t line;   /* its line (1-based) */
    uint32_t lstart; /* byte offset of that line's start */
} checkpoint;

typedef struct hash_line {
    uint32_t off, line, col; /* of its '#' */
} hash_line;

typedef struct frame {
    uint8_t type;        /* IVR_LIST or IVR_MAP */
    uint8_t drop;        /* map: the pair being read is dropped (its key is not a scalar) */
    uint32_t line, col;  /* of the container */
    size_t base;         /* its first kid in vals */
} frame;

typedef struct reader {
    ivr_doc *doc;
    ivr_diag *d;
    const lcc_allocator *a;
    const char *s; /* the text after a BOM */
    size_t len;
    checkpoint *cps;
    size_t n_cps, cap_cps;
    hash_line *hash_lines; /* the "#:" lines, ascending */
    size_t n_hash, cap_hash, next_hash;
    ivr_node *vals; /* complete nodes waiting for their container */
    size_t n_vals, cap_vals;
    frame frames[LCC_IVR_MAX_DEPTH];
    size_t depth;
    size_t nodes;
    int docs;      /* documents started */
    int have_root;
    ivr_node root;
    /* conversion cursor: the last mark converted */
    size_t cur_idx, cur_off, cur_lstart;
    uint32_t cur_line;
} reader;

/* ---- text positions ---- */

/* Length of the UTF-8 sequence starting at s[i] (the text is valid). */
static size_t seq_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* 1 when s[i] ends a line: LF, or CR not followed by LF. */
static int line_break(const char *s, size_t len, size_t i)
{
    return s[i] == '\n' || (s[i] == '\r' && !(i + 1 < len && s[i + 1] == '\n'));
}

/* The line and column of byte offset off, from scratch (for the one error
 * that stops the reading). */
static void byte_pos(const char *s, size_t len, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t ln = 1;
    size_t ls = 0;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++)
        if (line_break(s, len, i)) {
            ln++;
            ls = i + 1;
        }
    *line = ln;
    *col = (uint32_t)(off - ls + 1);
}

/* The byte offset, line and column of libyaml's mark (a code point index). */
static size_t mark_pos(reader *r, const yaml_mark_t *m, uint32_t *line, uint32_t *col)
{
    size_t idx = m->index;
    size_t k = idx / CHECKPOINT;
    if (k >= r->n_cps)
        k = r->n_cps - 1;
    size_t i = k * CHECKPOINT, off = r->cps[k].off, ls = r->cps[k].lstart;
    uint32_t ln = r->cps[k].line;
    if (r->cur_idx <= idx && r->cur_idx > i) { /* the cursor is closer */
        i = r->cur_idx;
        off = r->cur_off;
        ls = r->cur_lstart;
        ln = r->cur_line;
    }
    while (i < idx && off < r->len) {
        if (line_break(r->s, r->len, off)) {
            ln++;
            ls = off + 1;
        }
        off += seq_len((unsigned char)r->s[off]);
        i++;
    }
    if (off > r->len)
        off = r->len;
    r->cur_idx = i;
    r->cur_off = off;
    r->cur_lstart = ls;
    r->cur_line = ln;
    *line = ln;
    *col = (uint32_t)(off - ls + 1);
    return off;
}

/* ---- the pre-pass ---- */

/* -1 on memory failure, 1 when a problem was reported (stop), else 0. */
static int prepass(reader *r)
{
    const unsigned char *s = (const unsigned char *)r->s;
    size_t len = r->len, cp = 0, ls = 0;
    uint32_t line = 1;
    int at_line_start = 1;
    for (size_t i = 0; i < len;) {
        if (cp % CHECKPOINT == 0) {
            if (lcc__grow(r->a, (void **)&r->cps, &r->cap_cps, r->n_cps + 1, sizeof *r->cps))
                return -1;
            r->cps[r->n_cps++] = (checkpoint){(uint32_t)i, line, (uint32_t)ls};
        }
        if (at_line_start) {
            /* The indentation: spaces, then "- " indicators. */
            at_line_start = 0;
            size_t j = i;
            while (j < len && (s[j] == ' ' || s[j] == '\t'))
                j++;
            for (size_t t = i; t < j; t++)
                if (s[t] == '\t' && j < len && s[j] != '\n' && s[j] != '\r') {
                    uint32_t col = (uint32_t)(t - ls + 1);
                    PROBLEM(r, line, col,
                            "a tab in the indentation: YAML indents with spaces only");
                    return 1;
                }
            while (j + 1 < len && s[j] == '-' && s[j + 1] == ' ') {
                j += 2;
                while (j < len && s[j] == ' ')
                    j++;
            }
            if (j + 1 < len && s[j] == '#' && s[j + 1] == ':' &&
                (j + 2 == len || s[j + 2] == ' ' || s[j + 2] == '\t' || s[j + 2] == '\n' ||
                 s[j + 2] == '\r')) {
                if (lcc__grow(r->a, (void **)&r->hash_lines, &r->cap_hash, r->n_hash + 1,
                              sizeof *r->hash_lines))
                    return -1;
                r->hash_lines[r->n_hash++] =
                    (hash_line){(uint32_t)j, line, (uint32_t)(j - ls + 1)};
            }
        }
        size_t n = s[i] ? lcc__utf8_seq(r->s, len, i) : 0;
        if (n == 0) {
            uint32_t col = (uint32_t)(i - ls + 1);
            if (s[i] == 0)
                PROBLEM(r, line, col, "the script contains a NUL byte: remove it");
            else
                PROBLEM(r, line, col,
                        "the script is not valid UTF-8 (byte 0x%02X here): save it as UTF-8",
                        s[i]);
            return 1;
        }
        if (line_break(r->s, len, i)) {
            line++;
            ls = i + 1;
            at_line_start = 1;
        }
        i += n;
        cp++;
    }
    if (r->n_cps == 0 || cp % CHECKPOINT == 0) { /* one past the last code point */
        if (lcc__grow(r->a, (void **)&r->cps, &r->cap_cps, r->n_cps + 1, sizeof *r->cps))
            return -1;
        r->cps[r->n_cps++] = (checkpoint){(uint32_t)len, line, (uint32_t)ls};
    }
    return 0;
}

/* Reports the "#:" lines before byte offset off, then skips those before
 * `skip` (inside a scalar). */
static void hash_lines(reader *r, size_t off, size_t skip)
{
    while (r->next_hash < r->n_hash && r->hash_lines[r->next_hash].off < off) {
        const hash_line *h = &r->hash_lines[r->next_hash++];
        PROBLEM(r, h->line, h->col,
                "'#' starts a comment in YAML, so this line is ignored: for the key #, "
                "quote it (\"#\":)");
    }
    while (r->next_hash < r->n_hash && r->hash_lines[r->next_hash].off < skip)
        r->next_hash++;
}

/* ---- the tree ---- */

/* Adds a complete node to the open container (or makes it the root).
 * -1 on memory failure. */
static int add(reader *r, const ivr_node *nd)
{
    if (r->depth == 0) {
        r->root = *nd;
        r->have_root = 1;
        return 0;
    }
    frame *f = &r->frames[r->depth - 1];
    if (lcc__grow(r->a, (void **)&r->vals, &r->cap_vals, r->n_vals + 1, sizeof *r->vals))
        return -1;
    size_t k = r->n_vals - f->base;
    r->vals[r->n_vals++] = *nd;
    if (f->type != IVR_MAP)
        return 0;
    if (k % 2 == 1) { /* a value: its pair is complete */
        if (f->drop)
            r->n_vals -= 2;
        f->drop = 0;
        return 0;
    }
    if (nd->type != IVR_SCALAR) {
        PROBLEM(r, nd->line, nd->col,
                "a key must be a single value (a word or a number), not a %s",
                nd->type == IVR_LIST ? "list" : "map");
        f->drop = 1;
        return 0;
    }
    return 0;
}

/* Closes the open container and adds it to its parent. -1 on memory failure. */
static int close_frame(reader *r)
{
    frame *f = &r->frames[--r->depth];
    ivr_node nd;
    memset(&nd, 0, sizeof nd);
    nd.type = f->type;
    nd.line = f->line;
    nd.col = f->col;
    size_t n = r->n_vals - f->base;
    if (f->type == IVR_MAP && n % 2 == 1) /* cannot happen: libyaml pairs them */
        n--;
    if (n) {
        nd.kids = lcc__arena_alloc(&r->doc->arena, n * sizeof *nd.kids);
        if (!nd.kids)
            return -1;
        memcpy(nd.kids, r->vals + f->base, n * sizeof *nd.kids);
    }
    nd.n = (uint32_t)(f->type == IVR_MAP ? n / 2 : n);
    r->n_vals = f->base;
    if (nd.type == IVR_MAP && lcc__ivr_map_dedupe(&nd, r->d, r->a) != 0)
        return -1;
    return add(r, &nd);
}

/* ---- events ---- */

enum { GO = 0, DONE = 1, STOP = 2, NOMEM = -1 };

/* Counts a node; reports the one past the limit. */
static int count_node(reader *r, uint32_t line, uint32_t col)
{
    if (++r->nodes <= LCC_IVR_MAX_NODES)
        return GO;
    PROBLEM(r, line, col, "the script has more than %d values: make it smaller",
            LCC_IVR_MAX_NODES);
    return STOP;
}

/* Reports the anchor and tag of a node (kept). */
static void properties(reader *r, const yaml_char_t *anchor, const yaml_char_t *tag,
                       uint32_t line, uint32_t col)
{
    if (anchor)
        PROBLEM(r, line, col,
                "anchors are not accepted (&%.32s): remove it and write each value out",
                (const char *)anchor);
    if (tag)
        PROBLEM(r, line, col,
                "tags are not accepted (such as !!str): remove it, and quote the value to "
                "make it text");
}

static int on_event(reader *r, const yaml_event_t *ev)
{
    uint32_t line, col;
    size_t off = mark_pos(r, &ev->start_mark, &line, &col);
    size_t end = off;
    if (ev->type == YAML_SCALAR_EVENT) {
        uint32_t l2, c2;
        end = mark_pos(r, &ev->end_mark, &l2, &c2);
    }
    hash_lines(r, off, end);

    ivr_node nd;
    memset(&nd, 0, sizeof nd);
    nd.line = line;
    nd.col = col;
    int st;
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        hash_lines(r, r->len + 1, 0);
        return DONE;
    case YAML_DOCUMENT_START_EVENT:
        if (r->docs++ == 0)
            return GO;
        PROBLEM(r, line, col,
                "a script is a single YAML document: remove this second one (from its "
                "'---')");
        return DONE;
    case YAML_SCALAR_EVENT: {
        if ((st = count_node(r, line, col)) != GO)
            return st;
        properties(r, ev->data.scalar.anchor, ev->data.scalar.tag, line, col);
        const char *v = (const char *)ev->data.scalar.value;
        size_t n = ev->data.scalar.length;
        const char *nul = memchr(v, '\0', n);
        if (nul) {
            PROBLEM(r, line, col,
                    "this text contains a NUL character (\\0), which is not accepted");
            n = (size_t)(nul - v);
        }
        nd.type = IVR_SCALAR;
        nd.plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        nd.text = lcc__arena_strndup(&r->doc->arena, v, n);
        nd.len = n;
        if (!nd.text)
            return NOMEM;
        return add(r, &nd) ? NOMEM : GO;
    }
    case YAML_ALIAS_EVENT:
        if ((st = count_node(r, line, col)) != GO)
            return st;
        PROBLEM(r, line, col, "aliases are not accepted (*%.32s): write the value out",
                (const char *)ev->data.alias.anchor);
        nd.type = IVR_SCALAR;
        nd.plain = 1;
        nd.text = "";
        return add(r, &nd) ? NOMEM : GO;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        if ((st = count_node(r, line, col)) != GO)
            return st;
        if (r->depth == LCC_IVR_MAX_DEPTH) {
            PROBLEM(r, line, col,
                    "lists and maps are nested more than %d deep here: flatten the script",
                    LCC_IVR_MAX_DEPTH);
            return STOP;
        }
        int map = ev->type == YAML_MAPPING_START_EVENT;
        if (map)
            properties(r, ev->data.mapping_start.anchor, ev->data.mapping_start.tag, line, col);
        else
            properties(r, ev->data.sequence_start.anchor, ev->data.sequence_start.tag, line,
                       col);
        frame *f = &r->frames[r->depth++];
        memset(f, 0, sizeof *f);
        f->type = map ? IVR_MAP : IVR_LIST;
        f->line = line;
        f->col = col;
        f->base = r->n_vals;
        return GO;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (r->depth == 0) /* cannot happen */
            return GO;
        return close_frame(r) ? NOMEM : GO;
    default:
        return GO;
    }
}

/* Reports libyaml's error.  NOMEM for its memory failure, else STOP. */
static int on_error(reader *r, const yaml_parser_t *p)
{
    uint32_t line, col;
    if (p->error == YAML_MEMORY_ERROR)
        return NOMEM;
    const char *problem = p->problem ? p->problem : "the document cannot be read";
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset;
        hash_lines(r, off, off);
        byte_pos(r->s, r->len, off, &line, &col);
        if (p->problem_value >= 0)
            PROBLEM(r, line, col, "YAML: %s (U+%04X here): remove it", problem,
                    (unsigned)p->problem_value);
        else
            PROBLEM(r, line, col, "YAML: %s", problem);
        return STOP;
    }
    size_t off = mark_pos(r, &p->problem_mark, &line, &col);
    if (p->context && (strcmp(p->context, "while scanning an alias") == 0 ||
                       strcmp(p->context, "while scanning an anchor") == 0)) {
        /* At the '*' or '&' itself: most likely a key or value * (or &) that
         * was not quoted. */
        off = mark_pos(r, &p->context_mark, &line, &col);
        hash_lines(r, off, off);
        char c = off < r->len ? r->s[off] : '*';
        PROBLEM(r, line, col,
                "YAML: '%c' starts an %s, which needs a name: for the key or value %c, "
                "quote it (\"%c\")",
                c, c == '&' ? "anchor" : "alias", c, c);
        return STOP;
    }
    hash_lines(r, off, off);
    if (p->context) {
        uint32_t cl, cc;
        mark_pos(r, &p->context_mark, &cl, &cc);
        PROBLEM(r, line, col, "YAML: %s (%s at line %u, column %u)", problem, p->context,
                (unsigned)cl, (unsigned)cc);
    } else {
        PROBLEM(r, line, col, "YAML: %s", problem);
    }
    return STOP;
}

static int parse(reader *r)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return NOMEM;
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&p, (const unsigned char *)r->s, r->len);
    int st = GO;
    while (st == GO) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            st = on_error(r, &p);
            break;
        }
        st = on_event(r, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return st;
}

lcc_status lcc__ivr_read_yaml(ivr_doc *doc, ivr_diag *d, const lcc_allocator *a,
                              const char *text, size_t len)
{
    if (lcc__ivr_doc_begin(doc, d, a, &text, &len))
        return LCC_OK;
    if (len == 0)
        return LCC_OK;

    reader *r = lcc__calloc(a, 1, sizeof *r);
    if (!r) {
        lcc__ivr_doc_free(doc);
        return LCC_ENOMEM;
    }
    r->doc = doc;
    r->d = d;
    r->a = a;
    r->s = text;
    r->len = len;
    r->cur_line = 1;

    int pre = prepass(r);
    int st = pre < 0 ? NOMEM : pre > 0 ? STOP : parse(r);
    /* An empty plain root is an empty document ("---" alone). */
    if (st == DONE && r->have_root &&
        !(r->root.type == IVR_SCALAR && r->root.plain && r->root.len == 0)) {
        doc->root = lcc__arena_alloc(&doc->arena, sizeof *doc->root);
        if (doc->root)
            *doc->root = r->root;
        else
            st = NOMEM;
    }
    lcc__free(a, r->vals);
    lcc__free(a, r->cps);
    lcc__free(a, r->hash_lines);
    lcc__free(a, r);
    if (st < 0) {
        lcc__ivr_doc_free(doc);
        return LCC_ENOMEM;
    }
    return LCC_OK;
}

void lcc__ivr_doc_free(ivr_doc *doc)
{
    lcc__arena_free(&doc->arena);
    doc->root = NULL;
}
