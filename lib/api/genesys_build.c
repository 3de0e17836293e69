/* Genesys Cloud request bodies (see genesys.h), written directly with the
 * JSON writer: members in a fixed order, no intermediate tree. */
#include "api/genesys.h"
#include "api/genesys_codes.h"

#include <string.h>

#include "contactcore/tz.h"
#include "core/alloc.h"
#include "core/context.h"
#include "core/jsonw.h"
#include "model/model.h"

/* Formats the scheduled time for callbackScheduledTime into t; LCC_OK, or
 * LCC_ERANGE with a message. */
static lcc_status format_time(char t[LCC_TIME_BUFSIZE], lcc_context *ctx, int64_t ms)
{
    if (lcc_time_format(t, LCC_TIME_BUFSIZE, ms) != LCC_OK)
        return lcc__error(ctx, LCC_ERANGE, "scheduled time %lld ms is outside years 1..9999",
                          (long long)ms);
    return LCC_OK;
}

/* "key": [s] */
static void key_list1(lcc__jw *w, const char *key, const char *s)
{
    lcc__jw_key(w, key);
    lcc__jw_arr_begin(w);
    lcc__jw_str(w, s);
    lcc__jw_arr_end(w);
}

/* Ends the writer and hands out its text; a failure gets its message. */
static lcc_status finish(char **body, size_t *len, lcc_context *ctx, lcc__jw *w)
{
    lcc_status st = lcc__jw_finish(body, len, w);
    switch (st) {
    case LCC_OK:
        return LCC_OK;
    case LCC_ENOMEM:
        return lcc__error(ctx, st, "out of memory");
    case LCC_EINVAL:
        return lcc__error(ctx, st, "request body: a text is not valid UTF-8");
    default:
        return lcc__error(ctx, st, "request body: internal error (unbalanced JSON)");
    }
}

/* The queue as a plain queueId, or routingData for an owner or a preferred agent. */
static void write_routing(lcc__jw *w, const lcc_callback *cb)
{
    if (!cb->owner_id && !cb->preferred_id) {
        lcc__jw_key_str(w, "queueId", cb->queue_id);
        return;
    }
    lcc__jw_key(w, "routingData");
    lcc__jw_obj_begin(w);
    lcc__jw_key_str(w, "queueId", cb->queue_id);
    if (!cb->owner_id) {
        key_list1(w, "preferredAgentIds", cb->preferred_id);
    } else {
        lcc__jw_key(w, "scoredAgents");
        lcc__jw_arr_begin(w);
        lcc__jw_obj_begin(w);
        lcc__jw_key(w, "agent");
        lcc__jw_obj_begin(w);
        lcc__jw_key_str(w, "id", cb->owner_id);
        lcc__jw_obj_end(w);
        lcc__jw_key(w, "score");
        lcc__jw_int(w, 100);
        lcc__jw_obj_end(w);
        lcc__jw_arr_end(w);
        key_list1(w, "routingFlags", "AGENT_OWNED_CALLBACK");
    }
    lcc__jw_obj_end(w);
}

lcc_status lcc__gc_create_body(char **body, size_t *len, lcc_context *ctx, const lcc_callback *cb)
{
    if (!body || !len || !lcc__context_ok(ctx) || !cb)
        return LCC_EMISUSE;
    char t[LCC_TIME_BUFSIZE];
    if (cb->scheduled_ms != LCC_CALLBACK_ASAP && format_time(t, ctx, cb->scheduled_ms) != LCC_OK)
        return LCC_ERANGE;
    /* "+12015550123;ext=42" */
    char number[sizeof cb->number + sizeof ";ext=" - 1 + sizeof cb->extension];
    size_t n = strnlen(cb->number, sizeof cb->number - 1);
    memcpy(number, cb->number, n);
    if (cb->extension[0]) {
        size_t x = strnlen(cb->extension, sizeof cb->extension - 1);
        memcpy(number + n, ";ext=", 5);
        memcpy(number + n + 5, cb->extension, x);
        n += 5 + x;
    }
    number[n] = '\0';

    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    key_list1(&w, "callbackNumbers", number);
    write_routing(&w, cb);
    lcc__jw_key_str(&w, "countryCode", cb->region[0] ? cb->region : NULL);
    lcc__jw_key_str(&w, "callerId", cb->has_caller_id ? cb->caller_id : NULL);
    lcc__jw_key_str(&w, "callerIdName", cb->caller_id_name);
    lcc__jw_key_str(&w, "callbackUserName", cb->callee_name);
    /* The interaction it was scheduled from goes in data (the API has no
     * field for it), ahead of the host's entries and instead of one of
     * theirs with the same key. */
    if (cb->data.n || cb->conversation_id) {
        lcc__jw_key(&w, "data");
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, LCC__GC_ORIGIN_KEY, cb->conversation_id);
        for (size_t i = 0; i < cb->data.n; i++)
            if (!cb->conversation_id || strcmp(cb->data.v[i].key, LCC__GC_ORIGIN_KEY) != 0)
                lcc__jw_key_str(&w, cb->data.v[i].key, cb->data.v[i].value);
        lcc__jw_obj_end(&w);
    }
    if (cb->scheduled_ms != LCC_CALLBACK_ASAP)
        lcc__jw_key_str(&w, "callbackScheduledTime", t);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__gc_patch_body(char **body, size_t *len, lcc_context *ctx,
                              const char *conversation_id, const char *agent_id,
                              const char *queue_id, int64_t scheduled_ms)
{
    if (!body || !len || !lcc__context_ok(ctx) || !conversation_id || !agent_id)
        return LCC_EMISUSE;
    char t[LCC_TIME_BUFSIZE];
    if (scheduled_ms != LCC_CALLBACK_ASAP && format_time(t, ctx, scheduled_ms) != LCC_OK)
        return LCC_ERANGE;
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "conversationId", conversation_id);
    lcc__jw_key_str(&w, "agentId", agent_id);
    lcc__jw_key_str(&w, "queueId", queue_id);
    if (scheduled_ms != LCC_CALLBACK_ASAP)
        lcc__jw_key_str(&w, "callbackScheduledTime", t);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__gc_disconnect_body(char **body, size_t *len, lcc_context *ctx)
{
    if (!body || !len || !lcc__context_ok(ctx))
        return LCC_EMISUSE;
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "state", "disconnected");
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__gc_bulk_disconnect_body(char **body, size_t *len, lcc_context *ctx,
                                        const char *const *conversation_ids,
                                        const char *const *callback_ids, size_t n)
{
    if (!body || !len || !lcc__context_ok(ctx) || (n && (!conversation_ids || !callback_ids)))
        return LCC_EMISUSE;
    for (size_t i = 0; i < n; i++)
        if (!conversation_ids[i] || !callback_ids[i])
            return LCC_EMISUSE;
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "callbackDisconnectIdentifiers");
    lcc__jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++) {
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "conversationId", conversation_ids[i]);
        lcc__jw_key_str(&w, "callbackId", callback_ids[i]);
        lcc__jw_obj_end(&w);
    }
    lcc__jw_arr_end(&w);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

/* ---- messages on behalf of a queue ---- */

lcc_status lcc__gc_obq_create_body(char **body, size_t *len, lcc_context *ctx,
                                   const char *queue_id, const char *to_address,
                                   const char *messenger_type, int use_existing,
                                   const char *external_contact_id)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "queueId", queue_id);
    lcc__jw_key_str(&w, "toAddress", to_address);
    lcc__jw_key_str(&w, "toAddressMessengerType", messenger_type);
    if (use_existing) {
        lcc__jw_key(&w, "useExistingConversation");
        lcc__jw_bool(&w, 1);
    }
    lcc__jw_key_str(&w, "externalContactId", external_contact_id);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__gc_agentless_body(char **body, size_t *len, lcc_context *ctx,
                                  const char *from_address, const char *to_address,
                                  const char *messenger_type, const char *text,
                                  const char *external_contact_id, int use_existing_active)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "fromAddress", from_address);
    lcc__jw_key_str(&w, "toAddress", to_address);
    lcc__jw_key_str(&w, "toAddressMessengerType", messenger_type);
    lcc__jw_key_str(&w, "textBody", text);
    lcc__jw_key_str(&w, "externalContactId", external_contact_id);
    if (use_existing_active) {
        lcc__jw_key(&w, "useExistingActiveConversation");
        lcc__jw_bool(&w, 1);
    }
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

/* The fields AdditionalMessage and AdditionalSocialMediaMessage share. */
static void text_fields(lcc__jw *w, const char *text, const char *media_id)
{
    if (text)
        lcc__jw_key_str(w, "textBody", text);
    if (media_id) {
        lcc__jw_key(w, "mediaIds");
        lcc__jw_arr_begin(w);
        lcc__jw_str(w, media_id);
        lcc__jw_arr_end(w);
    }
}

lcc_status lcc__gc_text_body(char **body, size_t *len, lcc_context *ctx, const char *text,
                             const char *media_id)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    text_fields(&w, text, media_id);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__gc_social_body(char **body, size_t *len, lcc_context *ctx, const char *text,
                               const char *media_id, const char *in_reply_to)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    text_fields(&w, text, media_id);
    lcc__jw_key_str(&w, "inReplyToMessageId", in_reply_to);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__wx_task_body(char **body, size_t *len, lcc_context *ctx, const char *destination,
                             const char *entry_point_id, const char *media_type)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "destination", destination);
    lcc__jw_key_str(&w, "entryPointId", entry_point_id);
    lcc__jw_key_str(&w, "mediaType", media_type);
    lcc__jw_key_str(&w, "outboundType", "OUTDIAL");
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__wx_transfer_body(char **body, size_t *len, lcc_context *ctx, const char *to,
                                 const char *destination_type)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "to", to);
    lcc__jw_key_str(&w, "destinationType", destination_type);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__wx_wrapup_body(char **body, size_t *len, lcc_context *ctx,
                               const char *aux_code_id, const char *reason)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "auxCodeId", aux_code_id);
    lcc__jw_key_str(&w, "wrapUpReason", reason);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

/* ---- paths ---- */

/* Appends s at p + n, percent-encoding all but unreserved characters
 * (RFC 3986); returns the new length. */
static size_t put_encoded(char *p, size_t n, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            *c == '-' || *c == '.' || *c == '_' || *c == '~') {
            p[n++] = (char)*c;
        } else {
            p[n++] = '%';
            p[n++] = hex[*c >> 4];
            p[n++] = hex[*c & 15];
        }
    }
    return n;
}

char *lcc__gc_path(lcc_context *ctx, const char *base, const char *id, const char *middle,
                   const char *id2, const char *tail)
{
    size_t nb = strlen(base), nm = middle ? strlen(middle) : 0, nt = tail ? strlen(tail) : 0;
    size_t cap = nb + 1 + 3 * strlen(id) + nm + (middle ? 3 * strlen(id2) : 0) + nt + 1;
    char *p = lcc__malloc(&ctx->alloc, cap);
    if (!p)
        return NULL;
    memcpy(p, base, nb);
    p[nb] = '/';
    size_t n = put_encoded(p, nb + 1, id);
    if (middle) {
        memcpy(p + n, middle, nm);
        n = put_encoded(p, n + nm, id2);
    }
    if (tail) {
        memcpy(p + n, tail, nt);
        n += nt;
    }
    p[n] = '\0';
    return p;
}

/* ---- participants ---- */

lcc_status lcc__gc_participant_body(char **body, size_t *len, lcc_context *ctx, const char *state,
                                    const char *code, const char *notes)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    if (state)
        lcc__jw_key_str(&w, "state", state);
    if (code) {
        lcc__jw_key(&w, "wrapup");
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "code", code);
        if (notes)
            lcc__jw_key_str(&w, "notes", notes);
        lcc__jw_obj_end(&w);
    }
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}

lcc_status lcc__wx_buddies_body(char **body, size_t *len, lcc_context *ctx,
                                const char *agent_profile_id, const char *media_type,
                                const char *state)
{
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "agentProfileId", agent_profile_id);
    lcc__jw_key_str(&w, "mediaType", media_type);
    if (state)
        lcc__jw_key_str(&w, "state", state);
    lcc__jw_obj_end(&w);
    return finish(body, len, ctx, &w);
}
