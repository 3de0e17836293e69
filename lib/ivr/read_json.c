/* Reading an IVR document from JSON into an ivr_node tree (ivr/doc.h).
 *
 * Two passes.  First our own scanner checks the text against the JSON
 * grammar (RFC 8259: only space, tab, CR and LF between tokens, no control
 * character inside text, numbers without leading zeros, \u escapes that
 * are whole surrogate pairs) and the limits (depth, values), without
 * recursion, and records the byte offset of every value and key in
 * document order.  Its errors say what was expected where.  Only a text it
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
#include "core/utf8.h"
#include "ivr/doc.h"

#define PROBLEM(r, line, col, ...)                                                             \
    lcc__ivr_problem((r)->d, "IVR-SYNTAX", "script", (line), (col), LCC_EFORMAT,              \
                     LCC_SEVERITY_ERROR, __VA_ARGS__)

/* cJSON reads at most this many characters of a number. */
#define NUMBER_MAX 63

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

/* ---- the pre-check: UTF-8 and NUL ---- */

/* 1 when a problem was reported, else 0. */
static int check_text(reader *r)
{
    const unsigned char *s = (const unsigned char *)r->s;
    for (size_t i = 0; i < r->len;) {
        size_t n = s[i] ? lcc__utf8_seq(r->s, r->len, i) : 0;
        if (n == 0) {
            uint32_t line, col;
            pos(r, i, &line, &col);
            if (s[i] == 0)
                PROBLEM(r, line, col, "the script contains a NUL byte: remove it");
            else
                PROBLEM(r, line, col,
                        "the script is not valid UTF-8 (byte 0x%02X here): save it as UTF-8",
                        s[i]);
            return 1;
        }
        i += n;
    }
    return 0;
}

/* ---- the scanner ---- */

enum { OK = 0, STOP = 1, NOMEM = -1 };

static int digit(const reader *r, size_t i)
{
    return i < r->len && r->s[i] >= '0' && r->s[i] <= '9';
}

static size_t skip_ws(const reader *r, size_t i)
{
    while (i < r->len &&
           (r->s[i] == ' ' || r->s[i] == '\t' || r->s[i] == '\n' || r->s[i] == '\r'))
        i++;
    return i;
}

/* Reports that `what` was expected at i (STOP). */
static int expected(reader *r, size_t i, const char *what)
{
    uint32_t line, col;
    pos(r, i, &line, &col);
    unsigned char c = i < r->len ? (unsigned char)r->s[i] : 0;
    if (i >= r->len)
        PROBLEM(r, line, col, "JSON: the text ends where %s was expected (is it cut off?)",
                what);
    else if (c < 0x20)
        PROBLEM(r, line, col, "JSON: a control character (U+%04X) is not allowed here",
                (unsigned)c);
    else if (c == '\'')
        PROBLEM(r, line, col, "JSON: text goes in double quotes (\"), not single quotes");
    else
        PROBLEM(r, line, col, "JSON: %s was expected here", what);
    return STOP;
}

/* Records a token at i; STOP past the limit. */
static int token(reader *r, size_t i)
{
    if (r->n_toks == LCC_IVR_MAX_NODES) {
        uint32_t line, col;
        pos(r, i, &line, &col);
        PROBLEM(r, line, col, "the script has more than %d values: make it smaller",
                LCC_IVR_MAX_NODES);
        return STOP;
    }
    if (lcc__grow(r->a, (void **)&r->toks, &r->cap_toks, r->n_toks + 1, sizeof *r->toks))
        return NOMEM;
    r->toks[r->n_toks++] = (uint32_t)i;
    return OK;
}

static int hex4(const reader *r, size_t i, unsigned *v)
{
    if (i > r->len || r->len - i < 4)
        return 0;
    unsigned x = 0;
    for (size_t k = 0; k < 4; k++) {
        char c = r->s[i + k];
        x <<= 4;
        if (c >= '0' && c <= '9')
            x |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            x |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *v = x;
    return 1;
}

/* The string at i (its token just recorded): *end past its closing quote. */
static int string(reader *r, size_t i, size_t *end)
{
    uint32_t line, col;
    size_t j = i + 1;
    for (;;) {
        if (j >= r->len) {
            pos(r, i, &line, &col);
            PROBLEM(r, line, col, "JSON: this text has no closing quote (\")");
            return STOP;
        }
        unsigned char c = (unsigned char)r->s[j];
        if (c == '"') {
            *end = j + 1;
            return OK;
        }
        if (c < 0x20) {
            pos(r, j, &line, &col);
            if (c == '\n' || c == '\r')
                PROBLEM(r, line, col,
                        "JSON: text cannot go on over a line break: close its quote, or "
                        "write \\n");
            else
                PROBLEM(r, line, col,
                        "JSON: a control character (U+%04X) in text must be written as an "
                        "escape such as \\t",
                        (unsigned)c);
            return STOP;
        }
        if (c != '\\') {
            j++;
            continue;
        }
        if (j + 1 >= r->len) {
            j++;
            continue; /* no closing quote */
        }
        char e = r->s[j + 1];
        if (strchr("\"\\/bfnrt", e) && e) {
            j += 2;
            continue;
        }
        pos(r, j, &line, &col);
        if (e != 'u') {
            PROBLEM(r, line, col,
                    "JSON: this backslash does not start an escape (\\\" \\\\ \\/ \\b \\f \\n "
                    "\\r \\t \\uXXXX): write \\\\ for a backslash");
            return STOP;
        }
        unsigned v, w;
        if (!hex4(r, j + 2, &v)) {
            PROBLEM(r, line, col, "JSON: \\u must be followed by four hex digits");
            return STOP;
        }
        if (v >= 0xDC00 && v <= 0xDFFF) {
            PROBLEM(r, line, col,
                    "JSON: \\u%04X is the second half of a surrogate pair, without the first",
                    v);
            return STOP;
        }
        if (v >= 0xD800 && v <= 0xDBFF) {
            if (!(j + 7 < r->len && r->s[j + 6] == '\\' && r->s[j + 7] == 'u' &&
                  hex4(r, j + 8, &w) && w >= 0xDC00 && w <= 0xDFFF)) {
                PROBLEM(r, line, col,
                        "JSON: \\u%04X is the first half of a surrogate pair: the second "
                        "(\\uDC00 to \\uDFFF) must follow it",
                        v);
                return STOP;
            }
            j += 12;
            continue;
        }
        if (v == 0)
            r->toks[r->n_toks - 1] |= TOK_NUL;
        j += 6;
    }
}

/* The number at i: *end past it. */
static int number(reader *r, size_t i, size_t *end)
{
    uint32_t line, col;
    size_t j = i;
    if (r->s[j] == '-')
        j++;
    const char *bad = NULL;
    if (!digit(r, j))
        bad = "JSON: a number needs digits, such as -1";
    else if (r->s[j] == '0' && digit(r, j + 1))
        bad = "JSON: a number does not start with 0 (write 7, not 07)";
    else {
        while (digit(r, j))
            j++;
        if (j < r->len && r->s[j] == '.') {
            j++;
            if (!digit(r, j))
                bad = "JSON: a number needs digits after its '.'";
            while (digit(r, j))
                j++;
        }
        if (!bad && j < r->len && (r->s[j] == 'e' || r->s[j] == 'E')) {
            j++;
            if (j < r->len && (r->s[j] == '+' || r->s[j] == '-'))
                j++;
            if (!digit(r, j))
                bad = "JSON: a number needs digits in its exponent";
            while (digit(r, j))
                j++;
        }
        if (!bad && j - i > NUMBER_MAX)
            bad = "JSON: this number is too long (at most 63 characters)";
    }
    if (bad) {
        pos(r, i, &line, &col);
        PROBLEM(r, line, col, "%s", bad);
        return STOP;
    }
    *end = j;
    return OK;
}

#define VALUE_WHAT "a value (text in double quotes, a number, true, false, null, [ or {)"

/* Checks the whole text and records the tokens. */
static int scan(reader *r)
{
    char open[LCC_IVR_MAX_DEPTH]; /* '{' or '[' of each open container */
    size_t depth = 0;
    enum { VALUE, KEY, AFTER } want = VALUE;
    int after_comma = 0;
    int st;
    size_t i = skip_ws(r, 0);
    if (i == r->len)
        return OK; /* an empty document */
    for (;;) {
        if (want == KEY) {
            if (i >= r->len || r->s[i] != '"') {
                if (after_comma && i < r->len && r->s[i] == '}')
                    goto trailing_comma;
                return expected(r, i, after_comma ? "a key in double quotes"
                                                  : "a key in double quotes, or '}'");
            }
            size_t end;
            if ((st = token(r, i)) != OK || (st = string(r, i, &end)) != OK)
                return st;
            i = skip_ws(r, end);
            if (i >= r->len || r->s[i] != ':')
                return expected(r, i, "':' after the key");
            i = skip_ws(r, i + 1);
            want = VALUE;
            after_comma = 0;
            continue;
        }
        if (want == VALUE) {
            if (i >= r->len)
                return expected(r, i, VALUE_WHAT);
            char c = r->s[i];
            if (after_comma && c == ']')
                goto trailing_comma;
            after_comma = 0;
            if (c != '{' && c != '[' && c != '"' && c != '-' && !(c >= '0' && c <= '9') &&
                c != 't' && c != 'f' && c != 'n')
                return expected(r, i, VALUE_WHAT);
            if ((st = token(r, i)) != OK)
                return st;
            size_t end = i + 1;
            if (c == '{' || c == '[') {
                if (depth == LCC_IVR_MAX_DEPTH) {
                    uint32_t line, col;
                    pos(r, i, &line, &col);
                    PROBLEM(r, line, col,
                            "lists and maps are nested more than %d deep here: flatten the "
                            "script",
                            LCC_IVR_MAX_DEPTH);
                    return STOP;
                }
                open[depth++] = c;
                i = skip_ws(r, i + 1);
                if (i < r->len && r->s[i] == (c == '{' ? '}' : ']')) {
                    depth--;
                    i++;
                    want = AFTER;
                } else {
                    want = c == '{' ? KEY : VALUE;
                }
                continue;
            }
            if (c == '"')
                st = string(r, i, &end);
            else if (c == '-' || (c >= '0' && c <= '9'))
                st = number(r, i, &end);
            else {
                const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
                size_t n = strlen(lit);
                if (r->len - i < n || memcmp(r->s + i, lit, n) != 0)
                    return expected(r, i, VALUE_WHAT);
                end = i + n;
            }
            if (st != OK)
                return st;
            i = end;
            want = AFTER;
            continue;
        }
        /* AFTER a value */
        i = skip_ws(r, i);
        if (depth == 0) {
            if (i < r->len) {
                uint32_t line, col;
                pos(r, i, &line, &col);
                PROBLEM(r, line, col,
                        "JSON: the document is one value, and it ended before this: remove "
                        "what follows, or join the values in a list or map");
                return STOP;
            }
            return OK;
        }
        char close = open[depth - 1] == '{' ? '}' : ']';
        if (i < r->len && r->s[i] == ',') {
            i = skip_ws(r, i + 1);
            want = open[depth - 1] == '{' ? KEY : VALUE;
            after_comma = 1;
        } else if (i < r->len && r->s[i] == close) {
            depth--;
            i++;
        } else {
            return expected(r, i, close == '}' ? "',' or '}'" : "',' or ']'");
        }
    }
trailing_comma: {
    uint32_t line, col;
    pos(r, i, &line, &col);
    PROBLEM(r, line, col, "JSON: a comma before '%c' is not allowed: remove it", r->s[i]);
    return STOP;
}
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

    int st = check_text(&r) ? STOP : scan(&r);
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
