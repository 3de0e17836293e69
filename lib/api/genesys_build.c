/* Genesys Cloud request bodies (see genesys.h). */
#include "api/genesys.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "contactcore/tz.h"
#include "core/alloc.h"
#include "core/context.h"
#include "model/model.h"
#include "phone/phone.h"

/* Adds "key": s unless s is NULL; 0 when out of memory. */
static int add_str(cJSON *o, const char *key, const char *s)
{
    return !s || cJSON_AddStringToObject(o, key, s) != NULL;
}

/* Adds "key": [s]; 0 when out of memory. */
static int add_list1(cJSON *o, const char *key, const char *s)
{
    cJSON *a = cJSON_CreateStringArray(&s, 1);
    if (a && cJSON_AddItemToObject(o, key, a))
        return 1;
    cJSON_Delete(a);
    return 0;
}

/* Appends a new object to array a; NULL when out of memory. */
static cJSON *push_object(cJSON *a)
{
    cJSON *o = a ? cJSON_CreateObject() : NULL;
    if (o && !cJSON_AddItemToArray(a, o)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

/* Adds "callbackScheduledTime" unless ms is LCC_CALLBACK_ASAP. */
static lcc_status add_time(cJSON *o, lcc_context *ctx, int64_t ms)
{
    char t[LCC_TIME_BUFSIZE];
    if (ms == LCC_CALLBACK_ASAP)
        return LCC_OK;
    if (lcc_time_format(t, sizeof t, ms) != LCC_OK)
        return lcc__error(ctx, LCC_ERANGE, "scheduled time %lld ms is outside years 1..9999",
                          (long long)ms);
    return add_str(o, "callbackScheduledTime", t) ? LCC_OK : LCC_ENOMEM;
}

/* Prints and deletes `root` (st: how building it went) and hands out a copy
 * from the context's allocator. */
static lcc_status finish(char **body, size_t *len, lcc_context *ctx, cJSON *root, lcc_status st)
{
    char *text = st == LCC_OK ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    char *copy = text ? lcc__strdup(&ctx->alloc, text) : NULL;
    cJSON_free(text);
    if (st == LCC_OK && !copy)
        st = LCC_ENOMEM;
    if (st == LCC_ENOMEM)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st == LCC_OK) {
        *body = copy;
        *len = strlen(copy);
    }
    return st;
}

/* The queue as a plain queueId, or routingData for an owner or a preferred agent. */
static int add_routing(cJSON *o, const lcc_callback *cb)
{
    if (!cb->owner_id && !cb->preferred_id)
        return add_str(o, "queueId", cb->queue_id);
    cJSON *rd = cJSON_AddObjectToObject(o, "routingData");
    if (!rd || !add_str(rd, "queueId", cb->queue_id))
        return 0;
    if (!cb->owner_id)
        return add_list1(rd, "preferredAgentIds", cb->preferred_id);
    cJSON *scored = push_object(cJSON_AddArrayToObject(rd, "scoredAgents"));
    cJSON *agent = scored ? cJSON_AddObjectToObject(scored, "agent") : NULL;
    return agent && add_str(agent, "id", cb->owner_id) &&
           cJSON_AddNumberToObject(scored, "score", 100) &&
           add_list1(rd, "routingFlags", "AGENT_OWNED_CALLBACK");
}

static lcc_status fill_create(cJSON *o, lcc_context *ctx, const lcc_callback *cb)
{
    char number[LCC_E164_BUFSIZE + sizeof ";ext=" - 1 + LCC_EXTENSION_BUFSIZE];
    snprintf(number, sizeof number, "%s%s%s", cb->number, cb->extension[0] ? ";ext=" : "",
             cb->extension);
    lcc__phone p;
    const char *region =
        lcc__phone_parse(&p, cb->number, NULL, NULL, 0) == LCC_OK && p.region[0] ? p.region : NULL;
    int ok = add_list1(o, "callbackNumbers", number) && add_routing(o, cb) &&
             add_str(o, "countryCode", region) &&
             add_str(o, "callerId", cb->has_caller_id ? cb->caller_id : NULL) &&
             add_str(o, "callerIdName", cb->caller_id_name) &&
             add_str(o, "callbackUserName", cb->callee_name);
    if (ok && cb->data.n) {
        cJSON *d = cJSON_AddObjectToObject(o, "data");
        for (size_t i = 0; d && i < cb->data.n; i++)
            if (!add_str(d, cb->data.v[i].key, cb->data.v[i].value))
                d = NULL;
        ok = d != NULL;
    }
    return ok ? add_time(o, ctx, cb->scheduled_ms) : LCC_ENOMEM;
}

lcc_status lcc__gc_create_body(char **body, size_t *len, lcc_context *ctx, const lcc_callback *cb)
{
    if (!body || !len || !lcc__context_ok(ctx) || !cb)
        return LCC_EMISUSE;
    cJSON *o = cJSON_CreateObject();
    return finish(body, len, ctx, o, o ? fill_create(o, ctx, cb) : LCC_ENOMEM);
}

lcc_status lcc__gc_patch_body(char **body, size_t *len, lcc_context *ctx,
                              const char *conversation_id, const char *agent_id,
                              const char *queue_id, int64_t scheduled_ms)
{
    if (!body || !len || !lcc__context_ok(ctx) || !conversation_id || !agent_id)
        return LCC_EMISUSE;
    cJSON *o = cJSON_CreateObject();
    lcc_status st = LCC_ENOMEM;
    if (o && add_str(o, "conversationId", conversation_id) && add_str(o, "agentId", agent_id) &&
        add_str(o, "queueId", queue_id))
        st = add_time(o, ctx, scheduled_ms);
    return finish(body, len, ctx, o, st);
}

lcc_status lcc__gc_disconnect_body(char **body, size_t *len, lcc_context *ctx)
{
    if (!body || !len || !lcc__context_ok(ctx))
        return LCC_EMISUSE;
    cJSON *o = cJSON_CreateObject();
    return finish(body, len, ctx, o,
                  o && add_str(o, "state", "disconnected") ? LCC_OK : LCC_ENOMEM);
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
    cJSON *o = cJSON_CreateObject();
    cJSON *list = o ? cJSON_AddArrayToObject(o, "callbackDisconnectIdentifiers") : NULL;
    for (size_t i = 0; list && i < n; i++) {
        cJSON *item = push_object(list);
        if (!item || !add_str(item, "conversationId", conversation_ids[i]) ||
            !add_str(item, "callbackId", callback_ids[i]))
            list = NULL;
    }
    return finish(body, len, ctx, o, list ? LCC_OK : LCC_ENOMEM);
}
