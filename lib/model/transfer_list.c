/* Transfer targets (OB-TRANSFER): POST /v1/agents/buddyList through an
 * operation whose data becomes the list (lib/api parses it into one block). */
#include <string.h>

#include "api/genesys.h"
#include "core/alloc.h"
#include "transport/io.h"

#define AGENT_PROFILE_MAX 36

static lcc_status list_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    (void)http;
    struct lcc_transfer_list *l = NULL;
    lcc_status st = lcc__wx_parse_buddies(&l, op->h.ctx, body, len);
    if (st == LCC_OK) {
        lcc__free(&op->h.ctx->alloc, op->data);
        op->data = l;
    }
    return st;
}

static const lcc__op_class list_class = {LCC_OP_TRANSFER_LIST, list_success, NULL, NULL};

LCC_API lcc_status lcc_transfer_list_fetch(lcc_op **op, lcc_context *ctx,
                                           const char *agent_profile_id, lcc_channel channel,
                                           const char *state)
{
    if (op)
        *op = NULL;
    if (!lcc__context_ok(ctx) || !op)
        return LCC__MISUSE(ctx, "lcc_transfer_list_fetch: NULL op or invalid context");
    if (channel != LCC_CHANNEL_SMS && channel != LCC_CHANNEL_EMAIL)
        return lcc__error(ctx, LCC_EINVAL,
                          "transfer targets are listed for SMS and email conversations");
    lcc_status st = lcc__check_text(ctx, "agent profile id", agent_profile_id, AGENT_PROFILE_MAX, 0);
    if (st != LCC_OK)
        return st;
    if (state && strcmp(state, "Available") != 0 && strcmp(state, "Idle") != 0)
        return lcc__error(ctx, LCC_EINVAL, "state must be NULL, \"Available\" or \"Idle\"");
    char *path = lcc__strdup(&ctx->alloc, "/v1/agents/buddyList"), *body = NULL;
    size_t len = 0;
    st = path ? lcc__wx_buddies_body(&body, &len, ctx, agent_profile_id,
                                     channel == LCC_CHANNEL_EMAIL ? "email" : "sms", state)
              : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    struct lcc_op *o = NULL;
    /* A read: resending it is harmless. */
    if (st == LCC_OK)
        st = lcc__op_new(&o, ctx, &list_class, "POST", 1);
    if (st != LCC_OK) {
        lcc__free(&ctx->alloc, path);
        lcc__free(&ctx->alloc, body);
        return st;
    }
    lcc__op_set_request(o, path, body, len);
    if ((st = lcc__op_start(o)) != LCC_OK)
        return st;
    *op = o;
    return LCC_OK;
}

LCC_API const lcc_transfer_list *lcc_op_transfer_list(const lcc_op *op)
{
    return lcc__handle_ok(op, LCC__MAGIC_OP) && op->cls->kind == LCC_OP_TRANSFER_LIST &&
                   op->status == LCC_OK
               ? op->data
               : NULL;
}

static const struct lcc_transfer_entry *entry(const lcc_transfer_list *l, size_t i)
{
    return l && i < l->n ? &l->e[i] : NULL;
}

LCC_API size_t lcc_transfer_list_count(const lcc_transfer_list *l)
{
    return l ? l->n : 0;
}

LCC_API lcc_transfer_to lcc_transfer_list_kind(const lcc_transfer_list *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->kind : LCC_TRANSFER_QUEUE;
}

LCC_API const char *lcc_transfer_list_id(const lcc_transfer_list *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->id : NULL;
}

LCC_API const char *lcc_transfer_list_name(const lcc_transfer_list *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->name : NULL;
}

LCC_API const char *lcc_transfer_list_state(const lcc_transfer_list *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->state : NULL;
}

LCC_API long lcc_transfer_list_available(const lcc_transfer_list *l, size_t i)
{
    return entry(l, i) ? entry(l, i)->available : 0;
}
