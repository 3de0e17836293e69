/* lcc_ivr_explain: a script told as sentences, section by section. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "ivr/script.h"

typedef struct out {
    const lcc_allocator *a;
    char *buf;
    size_t len, cap;
    int oom;
} out;

__attribute__((format(printf, 3, 4)))
static void put(out *o, int indent, const char *fmt, ...)
{
    if (o->oom)
        return;
    for (;;) {
        size_t room = o->cap - o->len;
        int n = 0;
        if (room > (size_t)indent) {
            memset(o->buf + o->len, ' ', (size_t)indent);
            va_list ap;
            va_start(ap, fmt);
            n = vsnprintf(o->buf + o->len + indent, room - (size_t)indent, fmt, ap);
            va_end(ap);
            if (n < 0) {
                o->oom = 1;
                return;
            }
            if ((size_t)n < room - (size_t)indent) {
                o->len += (size_t)indent + (size_t)n;
                return;
            }
        }
        size_t need = o->len + (size_t)indent + (size_t)n + 256;
        if (lcc__grow(o->a, (void **)&o->buf, &o->cap, need, 1)) {
            o->oom = 1;
            return;
        }
    }
}

static void body(out *o, const ivr_script *s, int32_t pc, int32_t after, int indent);

static void command(out *o, const ivr_script *s, const ivr_cmd *c, int indent)
{
    switch (c->kind) {
    case IVR_PLAY:
        put(o, indent, "line %u: play %s\n", c->line, c->text);
        break;
    case IVR_RING:
        put(o, indent, "line %u: ring the queue (every agent busy: the caller waits while "
                       "queue runs)\n", c->line);
        break;
    case IVR_CALLBACK:
        put(o, indent, "line %u: request a callback to the caller's number and end the call\n",
            c->line);
        break;
    case IVR_VOICEMAIL:
        put(o, indent, "line %u: take a voicemail and end the call\n", c->line);
        break;
    case IVR_GOTO:
        put(o, indent, "line %u: go to section %s\n", c->line, c->text);
        break;
    case IVR_CHOICE: {
        char keys[64];
        size_t k = 0;
        for (uint32_t i = 0; i < c->n_opt && k + 3 < sizeof keys; i++) {
            if (i > 0) {
                keys[k++] = ',';
                keys[k++] = ' ';
            }
            keys[k++] = s->options[c->opt + i].key;
        }
        keys[k] = '\0';
        put(o, indent, "line %u: choice: wait for a key (%s); no key in time: go on\n", c->line,
            keys);
        for (uint32_t i = 0; i < c->n_opt; i++) {
            const ivr_option *opt = &s->options[c->opt + i];
            put(o, indent + 2, "key %c%s%s%s (line %u)%s%s\n", opt->key, opt->name ? " \"" : "",
                opt->name ? opt->name : "", opt->name ? "\"" : "", opt->line,
                opt->play ? ": prompt " : "", opt->play ? opt->play : "");
            if (opt->entry == c->next)
                put(o, indent + 4, "nothing: go on after the choice\n");
            else
                body(o, s, opt->entry, c->next, indent + 4);
        }
        break;
    }
    default:
        break;
    }
}

/* The commands from pc up to `after` (the end of a section, or the command
 * after a choice for an option's list). */
static void body(out *o, const ivr_script *s, int32_t pc, int32_t after, int indent)
{
    const ivr_cmd *last = NULL;
    while (pc >= 0 && pc != after && !o->oom) {
        last = &s->cmds[pc];
        command(o, s, last, indent);
        pc = last->next;
    }
    if (after >= 0 && last && last->kind == IVR_PLAY)
        put(o, indent, "then go on after the choice\n");
}

static const char *when(const ivr_script *s, int32_t i)
{
    return i == s->online    ? "runs when agents are online"
           : i == s->offline ? "runs when no agent is online"
           : i == s->queue   ? "runs while the caller waits in the queue after ring found "
                               "every agent busy"
                             : "runs after a goto to it";
}

LCC_API lcc_status lcc_ivr_explain(char **text, size_t *len, const lcc_ivr *ivr)
{
    if (!lcc__handle_ok(ivr, LCC__MAGIC_IVR))
        return LCC_EMISUSE;
    lcc_context *ctx = ivr->h.ctx;
    if (!text)
        return LCC__MISUSE(ctx, "lcc_ivr_explain: NULL text");
    const ivr_script *s = ivr->script;
    out o = {&ctx->alloc, NULL, 0, 0, 0};
    for (uint32_t i = 0; i < s->n_sections; i++) {
        const ivr_section *sec = &s->sections[i];
        put(&o, 0, "%s (line %u): %s\n", sec->name, sec->line, when(s, (int32_t)i));
        body(&o, s, sec->entry, IVR_END((int32_t)i), 2);
        const ivr_cmd *last = NULL;
        for (int32_t pc = sec->entry; pc >= 0; pc = s->cmds[pc].next)
            last = &s->cmds[pc];
        if (!last || last->kind == IVR_PLAY || last->kind == IVR_CHOICE)
            put(&o, 2, (int32_t)i == s->queue
                           ? "end: the caller in the queue keeps waiting (queue runs again "
                             "on a timeout); otherwise hang up\n"
                           : "end: hang up\n");
    }
    char *res = o.oom ? NULL : lcc__out_alloc(&ctx->alloc, o.len + 1);
    if (res) {
        memcpy(res, o.buf ? o.buf : "", o.len);
        res[o.len] = '\0';
    }
    lcc__free(&ctx->alloc, o.buf);
    if (!res)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    *text = res;
    if (len)
        *len = o.len;
    return LCC_OK;
}
