/* Canned responses (SL-CANNED): a per-context library of texts with named
 * placeholders, filled from an interaction when a message uses one. */
#include <string.h>

#include "contactcore/agent.h"
#include "contactcore/conversation.h"
#include "contactcore/queue.h"
#include "core/alloc.h"
#include "core/report.h"
#include "model/message.h"

#define OKM(m) lcc__handle_ok((m), LCC__MAGIC_MESSAGE)

static const char *const names[] = {"agent.name",      "agent.id",   "customer.address",
                                    "conversation.id", "queue.name", "queue.id"};
#define N_NAMES (sizeof names / sizeof names[0])

/* The placeholder starting at p ("{{"): its name's index (or -1 when
 * unknown) and the end after "}}", or NULL when it is not closed. */
static const char *placeholder(const char *p, int *which, const char **name, size_t *name_len)
{
    const char *q = p + 2, *end = strstr(q, "}}");
    if (!end)
        return NULL;
    while (q < end && *q == ' ')
        q++;
    const char *e = end;
    while (e > q && e[-1] == ' ')
        e--;
    *name = q;
    *name_len = (size_t)(e - q);
    *which = -1;
    for (size_t i = 0; i < N_NAMES; i++)
        if (strlen(names[i]) == *name_len && memcmp(names[i], q, *name_len) == 0)
            *which = (int)i;
    return end + 2;
}

/* Checks a template; the reason in ctx's errmsg. */
static lcc_status check_template(lcc_context *ctx, const char *text)
{
    for (const char *p = strstr(text, "{{"); p; p = strstr(p, "{{")) {
        int which;
        const char *name;
        size_t len;
        const char *next = placeholder(p, &which, &name, &len);
        if (!next)
            return lcc__error(ctx, LCC_EINVAL, "canned response: \"{{\" at byte %zu is not closed "
                                               "with \"}}\"",
                              (size_t)(p - text));
        if (which < 0)
            return lcc__error(ctx, LCC_EINVAL,
                              "canned response: unknown placeholder {{%.*s}} (known: agent.name, "
                              "agent.id, customer.address, conversation.id, queue.name, queue.id)",
                              (int)(len > 60 ? 60 : len), name);
        p = next;
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_canned_add(lcc_context *ctx, const char *name, const char *text)
{
    if (!lcc__context_ok(ctx) || !name || !text)
        return LCC__MISUSE(ctx, "lcc_canned_add: NULL argument or invalid context");
    lcc_status st = lcc__check_text(ctx, "canned response name", name, LCC_MAX_TEXT, 0);
    if (st == LCC_OK)
        st = lcc__check_text(ctx, "canned response text", text, LCC_MESSAGE_MAX_BYTES, 0);
    if (st == LCC_OK)
        st = check_template(ctx, text);
    if (st == LCC_OK && lcc__kv_set(&ctx->canned, &ctx->alloc, name, text))
        st = lcc__error(ctx, LCC_ENOMEM, "out of memory");
    return st;
}

LCC_API lcc_status lcc_canned_remove(lcc_context *ctx, const char *name)
{
    if (!lcc__context_ok(ctx) || !name)
        return LCC__MISUSE(ctx, "lcc_canned_remove: NULL argument or invalid context");
    if (lcc__kv_remove(&ctx->canned, &ctx->alloc, name))
        return lcc__error(ctx, LCC_ENOTFOUND, "no canned response \"%.100s\"", name);
    return LCC_OK;
}

LCC_API size_t lcc_canned_count(const lcc_context *ctx)
{
    return lcc__context_ok(ctx) ? ctx->canned.n : 0;
}

LCC_API const char *lcc_canned_name(const lcc_context *ctx, size_t i)
{
    return lcc__context_ok(ctx) && i < ctx->canned.n ? ctx->canned.v[i].key : NULL;
}

LCC_API const char *lcc_canned_text(const lcc_context *ctx, const char *name)
{
    return lcc__context_ok(ctx) && name ? lcc__kv_get(&ctx->canned, name) : NULL;
}

/* The value of placeholder `which` for message m in conversation c, or NULL. */
static const char *value_of(int which, lcc_message *m, const lcc_conversation *c)
{
    lcc_context *ctx = m->h.ctx;
    const lcc_agent *a = lcc_context_find_agent(ctx, m->sender_id);
    const char *qid = lcc_conversation_queue_id(c);
    switch (which) {
    case 0: return lcc_agent_name(a);
    case 1: return m->sender_id;
    case 2: return lcc_conversation_ani(c);
    case 3: return lcc_conversation_id(c);
    case 4: return qid ? lcc_queue_name(lcc_context_find_queue(ctx, qid)) : NULL;
    case 5: return qid;
    }
    return NULL;
}

LCC_API lcc_status lcc_message_apply_canned(lcc_report **report, lcc_message *m, const char *name,
                                            const lcc_conversation *conv)
{
    if (report)
        *report = NULL;
    if (!OKM(m))
        return LCC_EMISUSE;
    lcc_context *ctx = m->h.ctx;
    if (!name || !lcc_conversation_id(conv))
        return LCC__MISUSE(ctx, "lcc_message_apply_canned: NULL name or invalid conversation");
    const char *tpl = lcc__kv_get(&ctx->canned, name);
    if (!tpl)
        return lcc__error(ctx, LCC_ENOTFOUND, "no canned response \"%.100s\"", name);
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    /* Two passes: the length (and the missing values), then the text. */
    size_t need = 0;
    for (int pass = 0; pass < 2; pass++) {
        char *out = NULL;
        if (pass == 1) {
            if (lcc__report_status(ctx, r) != LCC_OK)
                break;
            if (need > LCC_MESSAGE_MAX_BYTES) {
                lcc_report_free(r);
                return lcc__error(ctx, LCC_ERANGE,
                                  "the filled canned response is %zu bytes, over %d", need,
                                  LCC_MESSAGE_MAX_BYTES);
            }
            if (!(out = lcc__malloc(&ctx->alloc, need + 1))) {
                lcc_report_free(r);
                return lcc__error(ctx, LCC_ENOMEM, "out of memory");
            }
        }
        size_t n = 0;
        for (const char *p = tpl; *p;) {
            const char *ph = strstr(p, "{{");
            size_t lit = ph ? (size_t)(ph - p) : strlen(p);
            if (out)
                memcpy(out + n, p, lit);
            n += lit;
            if (!ph)
                break;
            int which;
            const char *pname;
            size_t plen;
            p = placeholder(ph, &which, &pname, &plen); /* checked when added */
            const char *v = value_of(which, m, conv);
            if (!v && pass == 0)
                lcc__report_add(r, "SL-CANNED", "body", LCC_ENOTFOUND, LCC_SEVERITY_ERROR,
                                "Canned response \"%.60s\": the interaction has no value for "
                                "{{%s}}.",
                                name, names[which]);
            size_t vl = v ? strlen(v) : 0;
            if (out)
                memcpy(out + n, v, vl);
            n += vl;
        }
        if (!out) {
            need = n;
            continue;
        }
        out[n] = '\0';
        lcc_status st = lcc_message_set_body(m, out);
        lcc__free(&ctx->alloc, out);
        lcc_report_free(r);
        return st;
    }
    lcc_status st = lcc__report_status(ctx, r);
    if (st == LCC_EVALIDATION && report)
        *report = r;
    else
        lcc_report_free(r);
    return st;
}
