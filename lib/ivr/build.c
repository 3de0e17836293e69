/* From a document to a checked script: the shape of sections, commands and
 * choices (IVR-SECTIONS, IVR-COMMANDS), then the control flow (IVR-GOTO:
 * missing targets and loops that never end; IVR-CB-OFFLINE; sections never
 * reached).  Every problem goes to the diag; the build goes on after each
 * one so that a script's problems are reported together. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>

#include "core/alloc.h"
#include "core/utf8.h"
#include "ivr/script.h"

#define MAX_SECTION_NAME 64
#define MAX_OPTION_NAME 256
#define MAX_URL 2048
#define PATH_SIZE 256

typedef struct builder {
    ivr_diag *d;
    const lcc_allocator *a;
    ivr_section *sections;
    ivr_cmd *cmds;
    ivr_option *options;
    const char **paths; /* per command: its path, for reports (in tmp) */
    size_t n_sections, n_cmds, n_options;
    size_t cap_sections, cap_cmds, cap_paths, cap_options;
    lcc__arena tmp;
    int oom;
} builder;

static const char *const COMMANDS = "play, ring, callback, voicemail, goto and choice";

#define PROBLEM(b, rule, path, node, code, ...)                                              \
    lcc__ivr_problem((b)->d, rule, path, (node)->line, (node)->col, code,                    \
                     LCC_SEVERITY_ERROR, __VA_ARGS__)

/* "path" + the printf of fmt, into out (cut at PATH_SIZE). */
__attribute__((format(printf, 3, 4)))
static void path_join(char out[PATH_SIZE], const char *path, const char *fmt, ...)
{
    size_t n = strlen(path);
    if (n >= PATH_SIZE)
        n = PATH_SIZE - 1;
    memmove(out, path, n);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + n, PATH_SIZE - n, fmt, ap);
    va_end(ap);
}

/* A name for a scalar in a sentence: at most 40 bytes of it, on a character boundary. */
static int shown(const ivr_node *n)
{
    int len = n->len > 40 ? 40 : (int)n->len;
    while (len > 0 && len < (int)n->len && ((unsigned char)n->text[len] & 0xC0) == 0x80)
        len--;
    return len;
}

static const char *kind_name(const ivr_node *n)
{
    return n->type == IVR_LIST ? "a list" : n->type == IVR_MAP ? "a map" : "a scalar";
}

/* `count` new command slots (IVR_BAD until filled); the index of the first,
 * or -1 when out of memory. */
static int32_t reserve_cmds(builder *b, size_t count)
{
    if (lcc__grow(b->a, (void **)&b->cmds, &b->cap_cmds, b->n_cmds + count, sizeof *b->cmds) ||
        lcc__grow(b->a, (void **)&b->paths, &b->cap_paths, b->n_cmds + count,
                  sizeof *b->paths)) {
        b->oom = 1;
        return -1;
    }
    size_t first = b->n_cmds;
    memset(b->cmds + first, 0, count * sizeof *b->cmds);
    for (size_t i = first; i < first + count; i++) {
        b->cmds[i].target = -1;
        b->paths[i] = "";
    }
    b->n_cmds += count;
    return (int32_t)first;
}

static int32_t reserve_options(builder *b, size_t count)
{
    if (lcc__grow(b->a, (void **)&b->options, &b->cap_options, b->n_options + count,
                  sizeof *b->options)) {
        b->oom = 1;
        return -1;
    }
    size_t first = b->n_options;
    memset(b->options + first, 0, count * sizeof *b->options);
    b->n_options += count;
    return (int32_t)first;
}

/* 1 when the node is a string value (a quoted scalar, or a plain YAML one
 * that is not a JSON literal). */
static int is_text(const ivr_node *n)
{
    return n->type == IVR_SCALAR && n->len > 0;
}

/* An http or https URL of at most MAX_URL bytes without spaces or controls. */
static int url_ok(const ivr_node *n)
{
    if (!is_text(n) || n->len > MAX_URL || !lcc__utf8_plain(n->text, n->len))
        return 0;
    for (size_t i = 0; i < n->len; i++)
        if (n->text[i] == ' ')
            return 0;
    return (n->len > 8 && strncasecmp(n->text, "https://", 8) == 0) ||
           (n->len > 7 && strncasecmp(n->text, "http://", 7) == 0);
}

static void check_url(builder *b, const char *path, const ivr_node *v, const char *what)
{
    if (!url_ok(v))
        PROBLEM(b, "IVR-COMMANDS", path, v, LCC_EINVAL,
                "%s needs an http or https URL without spaces, at most %d bytes", what,
                MAX_URL);
}

static int section_name_ok(const ivr_node *n)
{
    return is_text(n) && n->len <= MAX_SECTION_NAME && lcc__utf8_plain(n->text, n->len);
}

static void fill_list(builder *b, const ivr_node *list, const char *path, int32_t section,
                      int32_t first, int32_t after);

/* A goto's section name (its target is resolved once every section is known). */
static void set_goto(builder *b, int32_t at, const ivr_node *v, const char *path,
                     int32_t section, int32_t next)
{
    ivr_cmd *c = &b->cmds[at];
    c->section = section;
    c->next = next;
    b->paths[at] = lcc__arena_strndup(&b->tmp, path, strlen(path));
    if (!b->paths[at]) {
        b->oom = 1;
        b->paths[at] = "";
    }
    c->line = v->line;
    c->col = v->col;
    if (!section_name_ok(v)) {
        PROBLEM(b, "IVR-COMMANDS", path, v, LCC_EINVAL,
                "goto needs a section name (1 to %d bytes of text)", MAX_SECTION_NAME);
        return; /* stays IVR_BAD */
    }
    c->kind = IVR_GOTO;
    c->text = v->text;
}

/* One option of a choice: {name, play, do} or {name, play, goto}. */
static void fill_option(builder *b, int32_t at, const ivr_node *key, const ivr_node *v,
                        const char *path, int32_t section, int32_t after)
{
    ivr_option *o = &b->options[at];
    o->line = key->line;
    o->col = key->col;
    o->entry = after;
    if (key->len == 1 && strchr("0123456789*#", key->text[0]))
        o->key = key->text[0];
    else
        PROBLEM(b, "IVR-COMMANDS", path, key, LCC_EINVAL,
                "\"%.*s\" is not a DTMF key: use one of 0-9, * or # (quote * and # in YAML)",
                shown(key), key->text);
    if (v->type != IVR_MAP) {
        PROBLEM(b, "IVR-COMMANDS", path, v, LCC_EINVAL,
                "an option is a map of name, play and do or goto, not %s", kind_name(v));
        return;
    }
    const ivr_node *body = NULL, *body_key = NULL;
    char sub[PATH_SIZE];
    for (uint32_t i = 0; i < v->n; i++) {
        const ivr_node *k = &v->kids[2 * i], *val = &v->kids[2 * i + 1];
        path_join(sub, path, ".%.*s", shown(k), k->text);
        if (strcmp(k->text, "name") == 0) {
            if (!is_text(val) || val->len > MAX_OPTION_NAME ||
                !lcc__utf8_plain(val->text, val->len))
                PROBLEM(b, "IVR-COMMANDS", sub, val, LCC_EINVAL,
                        "an option's name is text of 1 to %d bytes", MAX_OPTION_NAME);
            else
                o->name = val->text;
        } else if (strcmp(k->text, "play") == 0) {
            check_url(b, sub, val, "play");
            if (url_ok(val))
                o->play = val->text;
        } else if (strcmp(k->text, "do") == 0 || strcmp(k->text, "goto") == 0) {
            if (body_key)
                PROBLEM(b, "IVR-COMMANDS", sub, k, LCC_EINVAL,
                        "an option has do or goto, not both");
            else {
                body_key = k;
                body = val;
            }
        } else {
            PROBLEM(b, "IVR-COMMANDS", sub, k, LCC_EINVAL,
                    "unknown key \"%.*s\" in an option: an option has name, play, and do or "
                    "goto",
                    shown(k), k->text);
        }
    }
    if (!body) {
        PROBLEM(b, "IVR-COMMANDS", path, key, LCC_EINVAL,
                "option %.*s needs do (a list of commands) or goto (a section)", shown(key),
                key->text);
        return;
    }
    path_join(sub, path, ".%s", body_key->text);
    if (strcmp(body_key->text, "goto") == 0) {
        int32_t g = reserve_cmds(b, 1);
        if (g < 0)
            return;
        set_goto(b, g, body, sub, section, after);
        b->options[at].entry = g;
        return;
    }
    if (body->type != IVR_LIST) {
        PROBLEM(b, "IVR-COMMANDS", sub, body, LCC_EINVAL,
                "do is a list of commands, not %s", kind_name(body));
        return;
    }
    if (body->n == 0)
        return; /* an empty do goes on after the choice */
    int32_t first = reserve_cmds(b, body->n);
    if (first < 0)
        return;
    b->options[at].entry = first;
    fill_list(b, body, sub, section, first, after);
}

static void fill_choice(builder *b, int32_t at, const ivr_node *v, const char *path,
                        int32_t section)
{
    if (v->type != IVR_MAP || v->n == 0) {
        PROBLEM(b, "IVR-COMMANDS", path, v, LCC_EINVAL,
                "choice is a map from DTMF keys (0-9, *, #) to options, not %s",
                v->type == IVR_MAP ? "an empty map" : kind_name(v));
        return;
    }
    int32_t first = reserve_options(b, v->n);
    if (first < 0)
        return;
    ivr_cmd *c = &b->cmds[at];
    c->kind = IVR_CHOICE;
    c->opt = (uint32_t)first;
    c->n_opt = v->n;
    int32_t after = c->next; /* where an option's do list goes on */
    char sub[PATH_SIZE];
    for (uint32_t i = 0; i < v->n; i++) {
        const ivr_node *k = &v->kids[2 * i];
        path_join(sub, path, ".%.*s", shown(k), k->text);
        fill_option(b, first + (int32_t)i, k, &v->kids[2 * i + 1], sub, section, after);
    }
}

/* The words that take no value. */
static int bare_kind(const char *s)
{
    return strcmp(s, "ring") == 0       ? IVR_RING
           : strcmp(s, "callback") == 0  ? IVR_CALLBACK
           : strcmp(s, "voicemail") == 0 ? IVR_VOICEMAIL
                                         : IVR_BAD;
}

/* Command slot `at` from node n. */
static void fill_cmd(builder *b, int32_t at, const ivr_node *n, const char *path,
                     int32_t section, int32_t next)
{
    ivr_cmd *c = &b->cmds[at];
    c->section = section;
    c->next = next;
    c->line = n->line;
    c->col = n->col;
    if (n->type == IVR_SCALAR) {
        int kind = bare_kind(n->text);
        if (kind != IVR_BAD)
            c->kind = (uint8_t)kind;
        else if (strcmp(n->text, "play") == 0 || strcmp(n->text, "goto") == 0 ||
                 strcmp(n->text, "choice") == 0)
            PROBLEM(b, "IVR-COMMANDS", path, n, LCC_EINVAL, "%s needs a value: write %s: <%s>",
                    n->text, n->text,
                    n->text[0] == 'p' ? "url" : n->text[0] == 'g' ? "section" : "options");
        else
            PROBLEM(b, "IVR-COMMANDS", path, n, LCC_EINVAL,
                    "unknown command \"%.*s\": the commands are %s", shown(n), n->text,
                    COMMANDS);
        return;
    }
    if (n->type == IVR_LIST || n->n == 0) {
        PROBLEM(b, "IVR-COMMANDS", path, n, LCC_EINVAL,
                "a command is a word (ring, callback, voicemail) or a map with one key (play, "
                "goto, choice), not %s",
                n->type == IVR_LIST ? "a list" : "an empty map");
        return;
    }
    const ivr_node *k = &n->kids[0], *v = &n->kids[1];
    char sub[PATH_SIZE];
    path_join(sub, path, ".%.*s", shown(k), k->text);
    if (n->n > 1)
        PROBLEM(b, "IVR-COMMANDS", path, &n->kids[2], LCC_EINVAL,
                "a command has one key; \"%.*s\" follows \"%.*s\": make it its own list item",
                shown(&n->kids[2]), n->kids[2].text, shown(k), k->text);
    c->line = k->line;
    c->col = k->col;
    if (strcmp(k->text, "play") == 0) {
        check_url(b, sub, v, "play");
        if (url_ok(v)) {
            c->kind = IVR_PLAY;
            c->text = v->text;
        }
    } else if (strcmp(k->text, "goto") == 0) {
        set_goto(b, at, v, sub, section, next);
    } else if (strcmp(k->text, "choice") == 0) {
        fill_choice(b, at, v, sub, section);
    } else if (bare_kind(k->text) != IVR_BAD) {
        PROBLEM(b, "IVR-COMMANDS", sub, k, LCC_EINVAL, "%s takes no value: write - %s",
                k->text, k->text);
    } else {
        PROBLEM(b, "IVR-COMMANDS", sub, k, LCC_EINVAL,
                "unknown command \"%.*s\": the commands are %s", shown(k), k->text, COMMANDS);
    }
}

/* Fills the reserved slots first.. with the items of a list; the last one
 * goes on to `after`. */
static void fill_list(builder *b, const ivr_node *list, const char *path, int32_t section,
                      int32_t first, int32_t after)
{
    char sub[PATH_SIZE];
    for (uint32_t i = 0; i < list->n && !b->oom; i++) {
        path_join(sub, path, "[%u]", i);
        int32_t at = first + (int32_t)i;
        b->paths[at] = lcc__arena_strndup(&b->tmp, sub, strlen(sub));
        if (!b->paths[at]) {
            b->oom = 1;
            return;
        }
        fill_cmd(b, at, &list->kids[i], sub, section, i + 1 < list->n ? at + 1 : after);
    }
}

/* ---- control flow ---- */

static int32_t find_section(const builder *b, const char *name)
{
    for (size_t i = 0; i < b->n_sections; i++)
        if (strcmp(b->sections[i].name, name) == 0)
            return (int32_t)i;
    return -1;
}

/* Graph nodes: commands 0..n_cmds-1, then the end of each section. */
static size_t node_of(const builder *b, int32_t pc)
{
    return pc >= 0 ? (size_t)pc : b->n_cmds + (size_t)IVR_END_SECTION(pc);
}

/* The successors of a command (where the call may go next) into out (room
 * for n_opt + 1); their count.  Terminating commands, and those reported,
 * have none. */
static size_t successors(const builder *b, const ivr_cmd *c, int32_t *out)
{
    size_t n = 0;
    switch (c->kind) {
    case IVR_PLAY:
        out[n++] = c->next;
        break;
    case IVR_GOTO:
        if (c->target >= 0)
            out[n++] = b->sections[c->target].entry;
        break;
    case IVR_CHOICE:
        out[n++] = c->next; /* no key in time */
        for (uint32_t i = 0; i < c->n_opt; i++)
            out[n++] = b->options[c->opt + i].entry;
        break;
    default: /* ring, callback, voicemail, or reported */
        break;
    }
    return n;
}

typedef struct graph {
    size_t n;        /* nodes */
    size_t *pred_at; /* n + 1: node v's predecessors are pred[pred_at[v] .. pred_at[v + 1]) */
    uint32_t *pred;
    uint8_t *mark;   /* per node, scratch */
    uint32_t *work;  /* per node, scratch queue */
    int32_t *via;    /* per node, scratch */
    int32_t *succ;   /* room for the most successors of one command */
} graph;

static void graph_free(builder *b, graph *g)
{
    lcc__free(b->a, g->pred_at);
    lcc__free(b->a, g->pred);
    lcc__free(b->a, g->mark);
    lcc__free(b->a, g->work);
    lcc__free(b->a, g->via);
    lcc__free(b->a, g->succ);
}

/* The reverse edges, for walking back from where the call ends. */
static int graph_build(builder *b, graph *g)
{
    memset(g, 0, sizeof *g);
    g->n = b->n_cmds + b->n_sections;
    size_t most = 1, edges = 0;
    for (size_t i = 0; i < b->n_cmds; i++)
        if (b->cmds[i].kind == IVR_CHOICE && b->cmds[i].n_opt + 1 > most)
            most = b->cmds[i].n_opt + 1;
    g->succ = lcc__calloc(b->a, most, sizeof *g->succ);
    g->pred_at = lcc__calloc(b->a, g->n + 1, sizeof *g->pred_at);
    g->mark = lcc__calloc(b->a, g->n, 1);
    g->work = lcc__calloc(b->a, g->n, sizeof *g->work);
    g->via = lcc__calloc(b->a, g->n, sizeof *g->via);
    if (!g->succ || !g->pred_at || !g->mark || !g->work || !g->via)
        return -1;
    for (size_t i = 0; i < b->n_cmds; i++) {
        size_t k = successors(b, &b->cmds[i], g->succ);
        for (size_t j = 0; j < k; j++)
            g->pred_at[node_of(b, g->succ[j]) + 1]++;
        edges += k;
    }
    for (size_t v = 0; v < g->n; v++)
        g->pred_at[v + 1] += g->pred_at[v];
    g->pred = lcc__calloc(b->a, edges ? edges : 1, sizeof *g->pred);
    if (!g->pred)
        return -1;
    /* Place the edges, with a cursor per node in `work` (free until the
     * walks below use it). */
    for (size_t v = 0; v < g->n; v++)
        g->work[v] = 0;
    for (size_t i = 0; i < b->n_cmds; i++) {
        size_t k = successors(b, &b->cmds[i], g->succ);
        for (size_t j = 0; j < k; j++) {
            size_t to = node_of(b, g->succ[j]);
            g->pred[g->pred_at[to] + g->work[to]++] = (uint32_t)i;
        }
    }
    return 0;
}

/* IVR-GOTO: a goto from which the call can never reach a terminating
 * command or the end of a section loops without end. */
static void check_loops(builder *b, graph *g)
{
    size_t head = 0, tail = 0;
    memset(g->mark, 0, g->n);
    for (size_t v = 0; v < g->n; v++) {
        int ends = v >= b->n_cmds; /* the end of a section */
        if (!ends) {
            uint8_t k = b->cmds[v].kind;
            ends = k == IVR_RING || k == IVR_CALLBACK || k == IVR_VOICEMAIL || k == IVR_BAD ||
                   (k == IVR_GOTO && b->cmds[v].target < 0);
        }
        if (ends) {
            g->mark[v] = 1;
            g->work[tail++] = (uint32_t)v;
        }
    }
    while (head < tail) {
        size_t v = g->work[head++];
        for (size_t p = g->pred_at[v]; p < g->pred_at[v + 1]; p++) {
            uint32_t u = g->pred[p];
            if (!g->mark[u]) {
                g->mark[u] = 1;
                g->work[tail++] = u;
            }
        }
    }
    for (size_t i = 0; i < b->n_cmds; i++) {
        const ivr_cmd *c = &b->cmds[i];
        if (c->kind == IVR_GOTO && !g->mark[i])
            lcc__ivr_problem(b->d, "IVR-GOTO", b->paths[i], c->line, c->col, LCC_EINVAL,
                             LCC_SEVERITY_ERROR,
                             "goto \"%s\" leads into a loop that never reaches ring, callback, "
                             "voicemail or the end of a section",
                             c->text);
    }
}

/* Marks every node reachable from the entries of the given sections;
 * via[v] is the goto that first left the start sections on the way to v
 * (-1: none). */
static void reach(builder *b, graph *g, const int32_t *starts, size_t n_starts)
{
    size_t head = 0, tail = 0;
    memset(g->mark, 0, g->n);
    for (size_t i = 0; i < n_starts; i++) {
        if (starts[i] < 0)
            continue;
        size_t v = node_of(b, b->sections[starts[i]].entry);
        if (!g->mark[v]) {
            g->mark[v] = 1;
            g->via[v] = -1;
            g->work[tail++] = (uint32_t)v;
        }
    }
    while (head < tail) {
        size_t v = g->work[head++];
        if (v >= b->n_cmds)
            continue;
        const ivr_cmd *c = &b->cmds[v];
        size_t k = successors(b, c, g->succ);
        for (size_t j = 0; j < k; j++) {
            size_t w = node_of(b, g->succ[j]);
            if (g->mark[w])
                continue;
            g->mark[w] = 1;
            g->via[w] = g->via[v] >= 0 ? g->via[v] : c->kind == IVR_GOTO ? (int32_t)v : -1;
            g->work[tail++] = (uint32_t)w;
        }
    }
}

/* IVR-CB-OFFLINE. */
static void check_offline(builder *b, graph *g)
{
    int32_t start = find_section(b, "offline");
    if (start < 0)
        return;
    reach(b, g, &start, 1);
    for (size_t i = 0; i < b->n_cmds; i++) {
        const ivr_cmd *c = &b->cmds[i];
        if (c->kind != IVR_CALLBACK || !g->mark[i])
            continue;
        int32_t via = g->via[i];
        if (via < 0 && c->section == start)
            lcc__ivr_problem(b->d, "IVR-CB-OFFLINE", b->paths[i], c->line, c->col,
                             LCC_ENOTALLOWED, LCC_SEVERITY_ERROR,
                             "callback must not be used in the offline section");
        else
            lcc__ivr_problem(b->d, "IVR-CB-OFFLINE", b->paths[i], c->line, c->col,
                             LCC_ENOTALLOWED, LCC_SEVERITY_ERROR,
                             "callback is reached from the offline section (goto \"%s\" at line "
                             "%u): it must not be used there",
                             via >= 0 ? b->cmds[via].text : "?",
                             via >= 0 ? b->cmds[via].line : 0);
    }
}

/* Warnings: sections that nothing reaches. */
static void check_reached(builder *b, graph *g, const int32_t required[3])
{
    reach(b, g, required, 3);
    for (size_t s = 0; s < b->n_sections; s++) {
        const ivr_section *sec = &b->sections[s];
        if (!g->mark[node_of(b, sec->entry)])
            lcc__ivr_problem(b->d, "IVR-GOTO", sec->name, sec->line, sec->col, LCC_OK,
                             LCC_SEVERITY_WARNING,
                             "section \"%s\" is never reached: no goto from online, offline or "
                             "queue leads to it",
                             sec->name);
    }
}

/* IVR-GOTO: every goto names a section. */
static void resolve_gotos(builder *b)
{
    for (size_t i = 0; i < b->n_cmds; i++) {
        ivr_cmd *c = &b->cmds[i];
        if (c->kind != IVR_GOTO)
            continue;
        c->target = find_section(b, c->text);
        if (c->target < 0)
            lcc__ivr_problem(b->d, "IVR-GOTO", b->paths[i], c->line, c->col, LCC_ENOTFOUND,
                             LCC_SEVERITY_ERROR, "goto \"%s\": there is no section \"%s\"",
                             c->text, c->text);
    }
}

/* IVR-SECTIONS: the sections and their command lists. */
static void build_sections(builder *b, const ivr_node *root)
{
    if (!root) {
        if (b->d->n == 0) /* not after a reading error: the document is empty */
            lcc__ivr_problem(b->d, "IVR-SECTIONS", "script", 1, 1, LCC_ENOTFOUND,
                             LCC_SEVERITY_ERROR,
                             "the script is empty: it needs the sections online, offline and "
                             "queue");
        return;
    }
    if (root->type != IVR_MAP) {
        PROBLEM(b, "IVR-SECTIONS", "script", root, LCC_EINVAL,
                "a script is a map of sections (online, offline, queue, ...), not %s",
                kind_name(root));
        return;
    }
    b->sections = lcc__calloc(b->a, root->n ? root->n : 1, sizeof *b->sections);
    if (!b->sections) {
        b->oom = 1;
        return;
    }
    /* Every section first, so that the lists can end in their section's end. */
    for (uint32_t i = 0; i < root->n; i++) {
        const ivr_node *k = &root->kids[2 * i];
        ivr_section *sec = &b->sections[b->n_sections];
        sec->name = k->text;
        sec->line = k->line;
        sec->col = k->col;
        if (!section_name_ok(k))
            PROBLEM(b, "IVR-SECTIONS", "script", k, LCC_EINVAL,
                    "a section name is 1 to %d bytes of text", MAX_SECTION_NAME);
        sec->entry = IVR_END((int32_t)b->n_sections);
        b->n_sections++;
    }
    for (uint32_t i = 0; i < root->n && !b->oom; i++) {
        const ivr_node *k = &root->kids[2 * i], *v = &root->kids[2 * i + 1];
        char path[PATH_SIZE];
        path_join(path, "", "%.*s", shown(k), k->text);
        if (v->type != IVR_LIST) {
            PROBLEM(b, "IVR-SECTIONS", path, v, LCC_EINVAL,
                    "section \"%.*s\" is a list of commands (use [] for none), not %s",
                    shown(k), k->text, kind_name(v));
            continue;
        }
        if (v->n == 0)
            continue;
        int32_t first = reserve_cmds(b, v->n);
        if (first < 0)
            return;
        b->sections[i].entry = first;
        fill_list(b, v, path, (int32_t)i, first, IVR_END((int32_t)i));
    }
    static const char *const required[3] = {"online", "offline", "queue"};
    for (int r = 0; r < 3; r++)
        if (find_section(b, required[r]) < 0)
            PROBLEM(b, "IVR-SECTIONS", required[r], root, LCC_ENOTFOUND,
                    "the section %s is missing: a script needs online, offline and queue",
                    required[r]);
}

/* Copies what the builder made into one arena: the script. */
static ivr_script *finish(builder *b)
{
    lcc__arena ar;
    lcc__arena_init(&ar, b->a);
    ivr_script *s = lcc__arena_alloc(&ar, sizeof *s);
    int ok = s != NULL;
    if (ok) {
        s->sections = lcc__arena_alloc(&ar, (b->n_sections ? b->n_sections : 1) * sizeof *s->sections);
        s->cmds = lcc__arena_alloc(&ar, (b->n_cmds ? b->n_cmds : 1) * sizeof *s->cmds);
        s->options = lcc__arena_alloc(&ar, (b->n_options ? b->n_options : 1) * sizeof *s->options);
        ok = s->sections && s->cmds && s->options;
    }
#define COPY(dst, src)                                                                       \
    do {                                                                                     \
        if (ok && (src) && !((dst) = lcc__arena_strndup(&ar, (src), strlen(src))))           \
            ok = 0;                                                                          \
    } while (0)
    for (size_t i = 0; ok && i < b->n_sections; i++) {
        s->sections[i] = b->sections[i];
        COPY(s->sections[i].name, b->sections[i].name);
    }
    for (size_t i = 0; ok && i < b->n_cmds; i++) {
        s->cmds[i] = b->cmds[i];
        COPY(s->cmds[i].text, b->cmds[i].text);
    }
    for (size_t i = 0; ok && i < b->n_options; i++) {
        s->options[i] = b->options[i];
        COPY(s->options[i].name, b->options[i].name);
        COPY(s->options[i].play, b->options[i].play);
    }
#undef COPY
    if (!ok) {
        lcc__arena_free(&ar);
        return NULL;
    }
    s->n_sections = (uint32_t)b->n_sections;
    s->n_cmds = (uint32_t)b->n_cmds;
    s->n_options = (uint32_t)b->n_options;
    s->online = find_section(b, "online");
    s->offline = find_section(b, "offline");
    s->queue = find_section(b, "queue");
    s->refs = 1;
    s->arena = ar; /* the script lives in its own arena */
    return s;
}

lcc_status lcc__ivr_build(ivr_script **out, ivr_diag *d, const lcc_allocator *a,
                          const ivr_node *root)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.d = d;
    b.a = a;
    lcc__arena_init(&b.tmp, a);
    build_sections(&b, root);
    graph g;
    memset(&g, 0, sizeof g);
    if (!b.oom && b.n_sections > 0) {
        resolve_gotos(&b);
        if (graph_build(&b, &g) != 0) {
            b.oom = 1;
        } else {
            check_loops(&b, &g);
            check_offline(&b, &g);
            const int32_t required[3] = {find_section(&b, "online"), find_section(&b, "offline"),
                                         find_section(&b, "queue")};
            check_reached(&b, &g, required);
        }
    }
    graph_free(&b, &g);
    lcc_status st = LCC_OK;
    if (b.oom || lcc__report_oom(d->r))
        st = LCC_ENOMEM;
    else if (lcc_report_error_count(d->r) > 0 || d->dropped > 0)
        st = LCC_EVALIDATION;
    else if (!(*out = finish(&b)))
        st = LCC_ENOMEM;
    lcc__free(a, b.sections);
    lcc__free(a, b.cmds);
    lcc__free(a, b.paths);
    lcc__free(a, b.options);
    lcc__arena_free(&b.tmp);
    return st;
}
