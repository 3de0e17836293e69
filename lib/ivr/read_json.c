/* Reading an IVR document from JSON into an ivr_node tree (ivr/doc.h).
 *
 * Two passes.  First the library's strict JSON check (core/json_strict.h:
 * RFC 8259, only space, tab, CR and LF between tokens, no control
 * character inside text, numbers without leading zeros, \u escapes that
 * are whole surrogate pairs) with the IVR limits (depth, values), without
 * recursion, records the byte offset of every value and key in document
 * order; our errors say what was expected where.  Only a text it
 * accepted goes to cJSON, which then cannot fail but for memory, and never
 * nests deeper than LCC_IVR_MAX_DEPTH.  cJSON decodes the strings; the tree
 * is built from cJSON's tree walked in the same order (cJSON keeps member
 * order and duplicate members), taking positions from the recorded offsets
 * and the raw text of numbers (and true, false, null) from the document.
 *
 * cJSON uses its default allocator (malloc) for this transient tree, as in
 * the rest of the library (cJSON_InitHooks is never called); the tree is
 * freed on every path.  A UTF-8 byte order mark at the start is skipped:
 * line 1 starts after it (its bytes are not counted in columns). */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json_strict.h"
#include "ivr/doc.h"

#define PROBLEM(r, line, col, ...)                                                             \
    lcc__ivr_problem((r)->d, "IVR-SYNTAX", "script", (line), (col), LCC_EFORMAT,              \
                     LCC_SEVERITY_ERROR, __VA_ARGS__)

/* A recorded token: its byte offset, and this bit for a string with \u0000. */
#define TOK_NUL 0x80000000u

typedef struct reader {
    ivr_doc *doc;
    ivr_diag *d;
    const lcc_allocator *a;
    const char *s; /* the text after a BOM */
    size_t len;
    uint32_t *toks; /* every value and key, in document order */
    size_t n_toks, cap_toks, next_tok;
    size_t cur_off, cur_ls; /* position cursor */
    uint32_t cur_line;
} reader;

/* ---- positions ---- */

/* The line and column of byte offset off (a forward cursor; back to the
 * start when off is behind it). */
static void pos(reader *r, size_t off, uint32_t *line, uint32_t *col)
{
    if (off > r->len)
        off = r->len;
    if (off < r->cur_off) {
        r->cur_off = r->cur_ls = 0;
        r->cur_line = 1;
    }
    for (size_t i = r->cur_off; i < off; i++)
        if (r->s[i] == '\n' || (r->s[i] == '\r' && !(i + 1 < r->len && r->s[i + 1] == '\n'))) {
            r->cur_line++;
            r->cur_ls = i + 1;
        }
    r->cur_off = off;
    *line = r->cur_line;
    *col = (uint32_t)(off - r->cur_ls + 1);
}

/* ---- the check (core/json_strict.h) ---- */

enum { OK = 0, STOP = 1, NOMEM = -1 };

/* Records a token (on_token). */
static int token(void *ud, size_t off, unsigned flags)
{
    reader *r = ud;
    if (lcc__grow(r->a, (void **)&r->toks, &r->cap_toks, r->n_toks + 1, sizeof *r->toks))
        return 1;
    r->toks[r->n_toks++] = (uint32_t)off | (flags & LCC__JSON_TOK_NUL ? TOK_NUL : 0);
    return 0;
}

/* Checks the whole text and records the tokens; reports the problem. */
static int scan(reader *r)
{
    static const lcc__json_limits lim = {0, LCC_IVR_MAX_DEPTH, LCC_IVR_MAX_NODES};
    lcc__json_error e;
    lcc__json_code code = lcc__json_strict(r->s, r->len, &lim, token, r, &e);
    if (code == LCC__JSON_OK || code == LCC__JSON_EMPTY)
        return OK; /* an empty document */
    if (code == LCC__JSON_STOPPED)
        return NOMEM;
    uint32_t line, col;
    pos(r, e.off, &line, &col);
    switch (code) {
    case LCC__JSON_NUL:
        PROBLEM(r, line, col, "the script contains a NUL byte: remove it");
        break;
    case LCC__JSON_UTF8:
        PROBLEM(r, line, col, "the script is not valid UTF-8 (byte 0x%02X here): save it as UTF-8",
                e.value);
        break;
    case LCC__JSON_EXPECTED:
        if (e.off >= r->len)
            PROBLEM(r, line, col, "JSON: the text ends where %s was expected (is it cut off?)",
                    e.what);
        else if (e.value < 0x20)
            PROBLEM(r, line, col, "JSON: a control character (U+%04X) is not allowed here",
                    e.value);
        else if (e.value == '\'')
            PROBLEM(r, line, col, "JSON: text goes in double quotes (\"), not single quotes");
        else
            PROBLEM(r, line, col, "JSON: %s was expected here", e.what);
        break;
    case LCC__JSON_UNTERMINATED:
        PROBLEM(r, line, col, "JSON: this text has no closing quote (\")");
        break;
    case LCC__JSON_LINE_BREAK:
        PROBLEM(r, line, col,
                "JSON: text cannot go on over a line break: close its quote, or write \\n");
        break;
    case LCC__JSON_CONTROL:
        PROBLEM(r, line, col,
                "JSON: a control character (U+%04X) in text must be written as an escape such "
                "as \\t",
                e.value);
        break;
    case LCC__JSON_BAD_ESCAPE:
        PROBLEM(r, line, col,
                "JSON: this backslash does not start an escape (\\\" \\\\ \\/ \\b \\f \\n \\r "
                "\\t \\uXXXX): write \\\\ for a backslash");
        break;
    case LCC__JSON_BAD_HEX:
        PROBLEM(r, line, col, "JSON: \\u must be followed by four hex digits");
        break;
    case LCC__JSON_LONE_LOW:
        PROBLEM(r, line, col,
                "JSON: \\u%04X is the second half of a surrogate pair, without the first",
                e.value);
        break;
    case LCC__JSON_LONE_HIGH:
        PROBLEM(r, line, col,
                "JSON: \\u%04X is the first half of a surrogate pair: the second (\\uDC00 to "
                "\\uDFFF) must follow it",
                e.value);
        break;
    case LCC__JSON_NUMBER_DIGITS:
        PROBLEM(r, line, col, "JSON: a number needs digits, such as -1");
        break;
    case LCC__JSON_LEADING_ZERO:
        PROBLEM(r, line, col, "JSON: a number does not start with 0 (write 7, not 07)");
        break;
    case LCC__JSON_FRACTION:
        PROBLEM(r, line, col, "JSON: a number needs digits after its '.'");
        break;
    case LCC__JSON_EXPONENT:
        PROBLEM(r, line, col, "JSON: a number needs digits in its exponent");
        break;
    case LCC__JSON_NUMBER_LONG:
        PROBLEM(r, line, col, "JSON: this number is too long (at most %d characters)",
                LCC__JSON_NUMBER_MAX);
        break;
    case LCC__JSON_TOO_DEEP:
        PROBLEM(r, line, col,
                "lists and maps are nested more than %d deep here: flatten the script",
                LCC_IVR_MAX_DEPTH);
        break;
    case LCC__JSON_TOO_MANY:
        PROBLEM(r, line, col, "the script has more than %d values: make it smaller",
                LCC_IVR_MAX_NODES);
        break;
    case LCC__JSON_TRAILING_COMMA:
        PROBLEM(r, line, col, "JSON: a comma before '%c' is not allowed: remove it",
                (char)e.value);
        break;
    case LCC__JSON_TRAILING:
        PROBLEM(r, line, col,
                "JSON: the document is one value, and it ended before this: remove what "
                "follows, or join the values in a list or map");
        break;
    default:
        PROBLEM(r, line, col, "JSON: %s", e.why);
        break;
    }
    return STOP;
}

/* ---- the tree ---- */

/* Reports a reader/cJSON mismatch (cannot happen: the scanner accepts only
 * what cJSON reads the same way). */
static int mismatch(reader *r)
{
    PROBLEM(r, 1, 1, "JSON: the document cannot be read");
    return STOP;
}

/* Takes the next token: its offset, position and NUL flag. */
static int next_token(reader *r, ivr_node *nd, size_t *off, int *nul)
{
    if (r->next_tok >= r->n_toks)
        return 0;
    uint32_t t = r->toks[r->next_tok++];
    *off = t & ~TOK_NUL;
    *nul = (t & TOK_NUL) != 0;
    pos(r, *off, &nd->line, &nd->col);
    return 1;
}

/* A string node (a value or key) from cJSON's decoded text. */
static int text_node(reader *r, ivr_node *nd, const char *v, int nul)
{
    if (!v)
        v = "";
    if (nul)
        PROBLEM(r, nd->line, nd->col,
                "this text contains \\u0000 (a NUL character), which is not accepted");
    nd->type = IVR_SCALAR;
    nd->plain = 0;
    nd->len = strlen(v);
    nd->text = lcc__arena_strndup(&r->doc->arena, v, nd->len);
    return nd->text ? OK : NOMEM;
}

static int build(reader *r, const cJSON *it, ivr_node *nd, unsigned depth);

static int build_object(reader *r, const cJSON *it, ivr_node *nd, unsigned depth)
{
    size_t k = 0;
    for (const cJSON *m = it->child; m; m = m->next)
        k++;
    nd->type = IVR_MAP;
    if (k == 0)
        return OK;
    nd->kids = lcc__arena_alloc(&r->doc->arena, 2 * k * sizeof *nd->kids);
    if (!nd->kids)
        return NOMEM;
    int st = OK;
    uint32_t n = 0;
    for (const cJSON *m = it->child; m && st == OK; m = m->next) {
        ivr_node *key = &nd->kids[2 * n];
        size_t off;
        int nul;
        if (!next_token(r, key, &off, &nul) || r->s[off] != '"')
            st = mismatch(r);
        else if ((st = text_node(r, key, m->string, nul)) == OK &&
                 (st = build(r, m, &nd->kids[2 * n + 1], depth + 1)) == OK)
            n++;
    }
    nd->n = n;
    if (st == OK && lcc__ivr_map_dedupe(nd, r->d, r->a) != 0)
        st = NOMEM;
    return st;
}

/* Builds nd from it, at depth (the top container is 1). */
static int build(reader *r, const cJSON *it, ivr_node *nd, unsigned depth)
{
    size_t off;
    int nul;
    if (!next_token(r, nd, &off, &nul))
        return mismatch(r);
    char c = r->s[off];
    if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
        if (depth > LCC_IVR_MAX_DEPTH || c != (cJSON_IsObject(it) ? '{' : '['))
            return mismatch(r);
        if (cJSON_IsObject(it))
            return build_object(r, it, nd, depth);
        size_t k = 0;
        for (const cJSON *m = it->child; m; m = m->next)
            k++;
        nd->type = IVR_LIST;
        if (k == 0)
            return OK;
        nd->kids = lcc__arena_alloc(&r->doc->arena, k * sizeof *nd->kids);
        if (!nd->kids)
            return NOMEM;
        int st = OK;
        for (const cJSON *m = it->child; m && st == OK; m = m->next)
            if ((st = build(r, m, &nd->kids[nd->n], depth + 1)) == OK)
                nd->n++;
        return st;
    }
    if (cJSON_IsString(it)) {
        if (c != '"')
            return mismatch(r);
        return text_node(r, nd, it->valuestring, nul);
    }
    /* A number, true, false or null: its text as written. */
    size_t end = off;
    if (cJSON_IsNumber(it)) {
        while (end < r->len && strchr("+-.eE0123456789", r->s[end]) && r->s[end])
            end++;
    } else if (cJSON_IsTrue(it) || cJSON_IsFalse(it) || cJSON_IsNull(it)) {
        end += cJSON_IsTrue(it) ? 4 : cJSON_IsFalse(it) ? 5 : 4;
    }
    if (end == off || end > r->len || c == '"' || c == '{' || c == '[')
        return mismatch(r);
    nd->type = IVR_SCALAR;
    nd->plain = 1;
    nd->len = end - off;
    nd->text = lcc__arena_strndup(&r->doc->arena, r->s + off, nd->len);
    return nd->text ? OK : NOMEM;
}

lcc_status lcc__ivr_read_json(ivr_doc *doc, ivr_diag *d, const lcc_allocator *a,
                              const char *text, size_t len)
{
    if (lcc__ivr_doc_begin(doc, d, a, &text, &len))
        return LCC_OK;
    reader r;
    memset(&r, 0, sizeof r);
    r.doc = doc;
    r.d = d;
    r.a = a;
    r.s = text;
    r.len = len;
    r.cur_line = 1;

    int st = scan(&r);
    if (st == OK && r.n_toks > 0) {
        const char *end = NULL;
        cJSON *tree = cJSON_ParseWithLengthOpts(text, len, &end, 0);
        if (!tree) {
            /* The scanner accepted it, so cJSON ran out of memory. */
            st = NOMEM;
        } else {
            ivr_node *root = lcc__arena_alloc(&doc->arena, sizeof *root);
            st = root ? build(&r, tree, root, 1) : NOMEM;
            if (st == OK && r.next_tok != r.n_toks)
                st = mismatch(&r);
            if (st == OK)
                doc->root = root;
            cJSON_Delete(tree);
        }
    }
    lcc__free(a, r.toks);
    if (st == NOMEM) {
        lcc__ivr_doc_free(doc);
        return LCC_ENOMEM;
    }
    return LCC_OK;
}
