/* Genesys Cloud responses, notifications and error bodies (see genesys.h). */
#include "api/genesys.h"
#include "api/genesys_codes.h"
#include "api/json_read.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "contactcore/tz.h"
#include "core/alloc.h"
#include "core/context.h"
#include "core/json_strict.h"
#include "core/report.h"
#include "transport/io.h"

#define MAX_ERROR_ENTRIES 20

/* Parses exactly body[0..len) (white space may follow); NULL when it is not
 * strict JSON within the network limits (core/json_strict.h), which cJSON
 * then reads without failing but for memory. */
static cJSON *parse(const char *body, size_t len)
{
    if (!body || lcc__json_strict(body, len, &lcc__json_net_limits, NULL, NULL, NULL))
        return NULL;
    const char *end = NULL;
    cJSON *root = body && len ? cJSON_ParseWithLengthOpts(body, len, &end, 0) : NULL;
    for (const char *p = end; root && p < body + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            cJSON_Delete(root);
            return NULL;
        }
    return root;
}

/* o[key] when it is a non-empty string, else NULL. */
static const char *str_at(const cJSON *o, const char *key)
{
    const char *v = lcc__json_str(o, key);
    return v && v[0] ? v : NULL;
}

static int is_one_of(const char *s, const char *a, const char *b)
{
    return s && (strcmp(s, a) == 0 || strcmp(s, b) == 0);
}

/* ---- CreateCallbackResponse ---- */

void lcc__gc_created_clear(lcc__gc_created *c, lcc_context *ctx)
{
    if (!c || !ctx)
        return;
    for (size_t i = 0; i < c->n_ids; i++) {
        lcc__free(&ctx->alloc, c->ids[i].type);
        lcc__free(&ctx->alloc, c->ids[i].id);
    }
    lcc__free(&ctx->alloc, c->ids);
    lcc__free(&ctx->alloc, c->conversation_id);
    memset(c, 0, sizeof *c);
}

lcc_status lcc__gc_parse_created(lcc__gc_created *out, lcc_context *ctx, const char *body,
                                 size_t len)
{
    if (!out || !lcc__context_ok(ctx))
        return LCC_EMISUSE;
    cJSON *root = parse(body, len);
    const char *conv = str_at(lcc__json_item(root, "conversation"), "id");
    if (!conv) {
        cJSON_Delete(root);
        return lcc__error(ctx, LCC_EFORMAT, "callback response without a conversation id");
    }
    const lcc_allocator *a = &ctx->alloc;
    const cJSON *list = lcc__json_item(root, "callbackIdentifiers"), *it;
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;
    lcc__gc_created c = {0};
    int ok = (c.conversation_id = lcc__strdup(a, conv)) != NULL &&
             (n == 0 || (c.ids = lcc__calloc(a, (size_t)n, sizeof *c.ids)) != NULL);
    for (it = lcc__json_first(list); ok && it; it = it->next) {
        const char *type = str_at(it, "type"), *id = str_at(it, "id");
        if (!type || !id)
            continue;
        lcc__gc_ident *d = &c.ids[c.n_ids++];
        ok = (d->type = lcc__strdup(a, type)) && (d->id = lcc__strdup(a, id));
    }
    cJSON_Delete(root);
    if (!ok) {
        lcc__gc_created_clear(&c, ctx);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    *out = c;
    return LCC_OK;
}

/* ---- conversations ---- */

void lcc__gc_view_clear(lcc__gc_view *v, lcc_context *ctx)
{
    if (!v || !ctx)
        return;
    lcc__free(&ctx->alloc, v->conversation_id);
    lcc__free(&ctx->alloc, v->queue_id);
    lcc__free(&ctx->alloc, v->user_id);
    *v = (lcc__gc_view){.scheduled_ms = INT64_MIN};
}

/* The object holding a participant's callback fields: the participant itself
 * (CallbackMediaParticipant) or the first of its `callbacks` (Participant). */
static const cJSON *callback_fields(const cJSON *p)
{
    const cJSON *c = lcc__json_first(lcc__json_item(p, "callbacks"));
    if (lcc__json_item(p, "callbackNumbers") || lcc__json_item(p, "callbackScheduledTime"))
        return p;
    if (lcc__json_item(c, "callbackNumbers") || lcc__json_item(c, "callbackScheduledTime"))
        return c;
    return NULL;
}

/* id of the entity p[ref] ({"id": ...}), else the flat p[flat] string. */
static const char *ref_id(const cJSON *p, const char *ref, const char *flat)
{
    const char *s = str_at(lcc__json_item(p, ref), "id");
    return s ? s : str_at(p, flat);
}

/* Reads a conversation object; LCC_EFORMAT (no message) without a string id. */
static lcc_status read_view(lcc__gc_view *out, lcc_context *ctx, const cJSON *conv)
{
    const char *id = str_at(conv, "id");
    if (!id)
        return LCC_EFORMAT;
    const cJSON *p, *part = NULL, *fields = NULL, *customer = NULL;
    const char *any_queue = NULL, *any_user = NULL;
    for (p = lcc__json_first(lcc__json_item(conv, "participants")); p; p = p->next) {
        const char *purpose = str_at(p, "purpose");
        if (!fields && (fields = callback_fields(p)) != NULL)
            part = p;
        if (!customer && is_one_of(purpose, "customer", "external"))
            customer = p;
        if (!any_queue)
            any_queue = ref_id(p, "queue", "queueId");
        if (!any_user && is_one_of(purpose, "agent", "user"))
            any_user = ref_id(p, "user", "userId");
    }
    if (!part)
        part = fields = customer;
    const char *state = str_at(fields, "state");
    if (!state)
        state = str_at(part, "state");
    const char *when = str_at(fields, "callbackScheduledTime");
    const char *queue = ref_id(part, "queue", "queueId");
    const char *user = ref_id(part, "user", "userId");

    lcc__gc_view v = {.scheduled_ms = INT64_MIN};
    v.disconnected = is_one_of(state, "disconnected", "terminated") || str_at(conv, "endTime");
    if (!when || lcc_time_parse(&v.scheduled_ms, when) != LCC_OK)
        v.scheduled_ms = INT64_MIN;
    queue = queue ? queue : any_queue;
    user = user ? user : any_user;
    const lcc_allocator *a = &ctx->alloc;
    if (!(v.conversation_id = lcc__strdup(a, id)) ||
        (queue && !(v.queue_id = lcc__strdup(a, queue))) ||
        (user && !(v.user_id = lcc__strdup(a, user)))) {
        lcc__gc_view_clear(&v, ctx);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    *out = v;
    return LCC_OK;
}

lcc_status lcc__gc_parse_conversation(lcc__gc_view *out, lcc_context *ctx, const char *body,
                                      size_t len)
{
    if (!out || !lcc__context_ok(ctx))
        return LCC_EMISUSE;
    cJSON *root = parse(body, len);
    lcc_status st = read_view(out, ctx, root);
    cJSON_Delete(root);
    if (st == LCC_EFORMAT)
        return lcc__error(ctx, st, "callback conversation: not a JSON object with an id");
    return st;
}

/* ---- notifications ---- */

/* Callback topics: prefix, one id segment (`more`: an id segment, a dot and
 * anything), suffix. */
static const struct {
    const char *prefix, *suffix;
    int more;
} callback_topics[] = {
    {"v2.users.", ".conversations.callbacks", 0},
    {"v2.routing.queues.", ".conversations.callbacks", 0},
    {"v2.conversations.callbacks.", "", 0},
    {"v2.detail.events.conversation.", "", 1},
};

static int is_callback_topic(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof callback_topics / sizeof callback_topics[0]; i++) {
        size_t pl = strlen(callback_topics[i].prefix), sl = strlen(callback_topics[i].suffix);
        if (n <= pl + sl || strncmp(name, callback_topics[i].prefix, pl) != 0 ||
            strcmp(name + n - sl, callback_topics[i].suffix) != 0)
            continue;
        const char *id = name + pl, *end = name + n - sl;
        const char *dot = memchr(id, '.', (size_t)(end - id));
        if (callback_topics[i].more ? dot && dot > id && dot + 1 < end : !dot)
            return 1;
    }
    return 0;
}

lcc_status lcc__gc_parse_notification(lcc__gc_topic *topic, lcc__gc_view *view, lcc_context *ctx,
                                      const char *json, size_t len)
{
    if (!topic || !view || !lcc__context_ok(ctx))
        return LCC_EMISUSE;
    cJSON *root = parse(json, len);
    const cJSON *topic_name = lcc__json_item(root, "topicName");
    const char *name = cJSON_IsString(topic_name) ? topic_name->valuestring : NULL;
    if (!name) {
        cJSON_Delete(root);
        return lcc__error(ctx, LCC_EFORMAT, "notification: not a JSON object with a topicName");
    }
    lcc__gc_topic t = LCC__GC_TOPIC_IGNORED;
    lcc_status st = LCC_OK;
    if (is_callback_topic(name)) {
        st = read_view(view, ctx, lcc__json_item(root, "eventBody"));
        if (st == LCC_OK)
            t = LCC__GC_TOPIC_CALLBACK;
        else if (st == LCC_EFORMAT) /* no conversation in it: nothing for us */
            st = LCC_OK;
    }
    cJSON_Delete(root);
    if (st == LCC_OK)
        *topic = t;
    return st;
}

/* ---- error bodies ---- */

static lcc_status status_of_http(int http)
{
    switch (http) {
    case 401: return LCC_EAUTH;
    case 403: return LCC_EPERM;
    case 404: return LCC_ENOTFOUND;
    case 429: return LCC_EBUSY;
    default: return http >= 400 && http < 500 ? LCC_EREJECTED : LCC_ESERVER;
    }
}

struct errors {
    lcc_report *r;
    int http;
    size_t added;
    int mapped, oom;
    int takeover; /* an OBQ-TAKEOVER code: the answer is an offer, not a failure */
    lcc__credentials cred; /* what the server's texts must not show */
};

/* Adds one entry for the server `code` (may be NULL); `message` NULL: the
 * known code's sentence or "HTTP <status>"; `server_field` is named after it.
 * The server's texts are kept without the credentials it may echo. */
static void add_error(struct errors *e, const char *code, const char *message,
                      const char *server_field)
{
    if (e->added >= MAX_ERROR_ENTRIES || e->oom)
        return;
    const lcc__gc_code *k = lcc__gc_code_find(code);
    char m[1024], c[1024], f[1024];
    if (message)
        message = lcc__redact(&e->cred, message, m, sizeof m);
    if (code)
        code = lcc__redact(&e->cred, code, c, sizeof c);
    if (server_field)
        server_field = lcc__redact(&e->cred, server_field, f, sizeof f);
    char http[32];
    snprintf(http, sizeof http, "HTTP %d", e->http);
    const char *text = message ? message : k ? k->sentence : http;
    const char *rule = k ? k->rule : "API", *field = k ? k->field : NULL;
    lcc_status st = k ? k->status : status_of_http(e->http);
    size_t before = lcc_report_count(e->r);
    if (server_field)
        lcc__report_add_server(e->r, rule, field, st, LCC_SEVERITY_ERROR, code, "%s (%s)", text,
                               server_field);
    else
        lcc__report_add_server(e->r, rule, field, st, LCC_SEVERITY_ERROR, code, "%s", text);
    if (lcc_report_count(e->r) == before)
        e->oom = 1;
    e->added++;
    e->mapped |= k != NULL;
    e->takeover |= k && k->status == LCC_ETAKEOVER;
}

/* 1 when both are NULL or both are the same text. */
static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

lcc_status lcc__gc_parse_error(lcc_report *report, lcc_context *ctx, int http_status,
                               const char *body, size_t len)
{
    if (!report || !lcc__context_ok(ctx))
        return LCC_EMISUSE;
    struct errors e = {report, http_status, 0, 0, 0, 0, {{NULL}, {0}, NULL}};
    if (lcc__credentials_get(&e.cred, ctx) != LCC_OK)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    size_t first = lcc_report_count(report);
    const char *context_id_key = "contextId";
    cJSON *root = parse(body, len);
    const cJSON *queue[MAX_ERROR_ENTRIES], *it;
    size_t head = 0, tail = 0;
    const cJSON *wx = cJSON_IsObject(root) ? lcc__json_item(root, "error") : NULL;
    if (cJSON_IsObject(wx)) {
        /* Webex Contact Center ApiErrorResponse {trackingId, error: {key,
         * message: [{description}]}}; our engine adds each entry's code. */
        const char *key = str_at(wx, "key");
        for (it = lcc__json_first(lcc__json_item(wx, "message"));
             it && e.added < MAX_ERROR_ENTRIES && !e.oom; it = it->next)
            if (cJSON_IsObject(it))
                add_error(&e, str_at(it, "code") ? str_at(it, "code") : key,
                          str_at(it, "description"), NULL);
        if (!e.added)
            add_error(&e, key, NULL, NULL);
        context_id_key = "trackingId";
    } else if (cJSON_IsObject(root))
        queue[tail++] = root;
    else
        add_error(&e, NULL, NULL, NULL);
    /* Breadth first over the body and its nested `errors`, each with its `details`. */
    const char *root_code = str_at(root, "code"), *root_message = str_at(root, "message");
    while (head < tail && e.added < MAX_ERROR_ENTRIES && !e.oom) {
        const cJSON *b = queue[head++];
        const char *code = str_at(b, "code"), *message = str_at(b, "message");
        /* A nested error that repeats the body's own (the engine's bodies put
         * the first problem at the top and again in `errors`) is one entry. */
        int repeat = b != root && same_text(code, root_code) && same_text(message, root_message);
        if (b == root || ((code || message) && !repeat))
            add_error(&e, code, message, NULL);
        for (it = lcc__json_first(lcc__json_item(b, "details")); it && e.added < MAX_ERROR_ENTRIES;
             it = it->next)
            if (str_at(it, "errorCode"))
                add_error(&e, str_at(it, "errorCode"), NULL, str_at(it, "fieldName"));
        for (it = lcc__json_first(lcc__json_item(b, "errors")); it && tail < MAX_ERROR_ENTRIES;
             it = it->next)
            if (cJSON_IsObject(it))
                queue[tail++] = it;
    }
    const char *context_id = str_at(root, context_id_key);
    char id_buf[256];
    if (context_id)
        lcc__log(ctx, LCC_LOG_DEBUG, "HTTP %d, contextId %s", http_status,
                 lcc__redact(&e.cred, context_id, id_buf, sizeof id_buf));
    lcc__credentials_clear(&e.cred, ctx);
    cJSON_Delete(root);
    if (e.oom)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    lcc_status st = e.takeover ? LCC_ETAKEOVER
                    : e.mapped ? LCC_EVALIDATION
                               : status_of_http(http_status);
    const char *message = lcc_report_message(report, first);
    return lcc__error(ctx, st, "%s", message ? message : "backend error");
}

/* ---- messaging ---- */

/* A copy of s into *out; LCC_OK or LCC_ENOMEM. */
static lcc_status copy_out(char **out, lcc_context *ctx, const char *s)
{
    char *c = lcc__strdup(&ctx->alloc, s);
    if (!c)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    *out = c;
    return LCC_OK;
}

lcc_status lcc__gc_parse_id(char **id, lcc_context *ctx, const char *body, size_t len)
{
    cJSON *root = parse(body, len);
    const char *v = str_at(root, "id");
    lcc_status st = v ? copy_out(id, ctx, v)
                      : lcc__error(ctx, LCC_EFORMAT, "response without an id");
    cJSON_Delete(root);
    return st;
}

lcc_status lcc__wx_parse_task_id(char **id, lcc_context *ctx, const char *body, size_t len)
{
    cJSON *root = parse(body, len);
    const char *v = str_at(lcc__json_item(root, "data"), "id");
    lcc_status st = v ? copy_out(id, ctx, v)
                      : lcc__error(ctx, LCC_EFORMAT, "task response without data.id");
    cJSON_Delete(root);
    return st;
}

lcc_status lcc__gc_parse_communication(char **id, lcc_context *ctx, const char *body, size_t len,
                                       const char *user_id)
{
    cJSON *root = parse(body, len);
    const char *found = NULL;
    for (const cJSON *p = lcc__json_first(lcc__json_item(root, "participants")); p && !found;
         p = p->next) {
        const char *purpose = str_at(p, "purpose"), *user = str_at(p, "userId");
        if (purpose && strcmp(purpose, "agent") == 0 && user && strcmp(user, user_id) == 0)
            found = str_at(lcc__json_first(lcc__json_item(p, "messages")), "id");
    }
    lcc_status st = found ? copy_out(id, ctx, found)
                          : lcc__error(ctx, LCC_EFORMAT,
                                       "the message conversation has no communication of agent "
                                       "\"%.100s\"",
                                       user_id);
    cJSON_Delete(root);
    return st;
}

/* The first reason code of a MessageData, or "". */
static const char *first_reason(const cJSON *root)
{
    const char *code = str_at(lcc__json_first(lcc__json_item(root, "reasons")), "code");
    return code ? code : "";
}

lcc_delivery_state lcc__gc_delivery_state(const char *status, const char *reason)
{
    if (!status)
        return LCC_DELIVERY_UNKNOWN;
    if (strcmp(status, "queued") == 0)
        return LCC_DELIVERY_QUEUED;
    if (strcmp(status, "sent") == 0)
        return reason && strcmp(reason, "RecipientOffline") == 0 ? LCC_DELIVERY_PENDING
                                                                 : LCC_DELIVERY_SENT;
    if (is_one_of(status, "delivery-success", "read") || strcmp(status, "published") == 0)
        return LCC_DELIVERY_DELIVERED;
    if (is_one_of(status, "delivery-failed", "failed") && reason) {
        if (strcmp(reason, "ServerRejected") == 0)
            return LCC_DELIVERY_SERVER_REJECTED;
        if (strcmp(reason, "NetworkError") == 0)
            return LCC_DELIVERY_NETWORK_ERROR;
        if (strcmp(reason, "LimitExceeded") == 0)
            return LCC_DELIVERY_LIMIT_EXCEEDED;
    }
    return LCC_DELIVERY_UNKNOWN;
}

lcc_status lcc__gc_parse_agentless(char **conversation_id, char **message_id,
                                   lcc_delivery_state *state, lcc_context *ctx,
                                   const char *body, size_t len)
{
    cJSON *root = parse(body, len);
    const char *id = str_at(root, "id"), *conv = str_at(root, "conversationId");
    const cJSON *msg = lcc__json_item(root, "message");
    const char *status = str_at(msg, "status");
    char *c = NULL, *m = NULL;
    lcc_status st = id && conv ? LCC_OK
                               : lcc__error(ctx, LCC_EFORMAT,
                                            "agentless response without an id or conversationId");
    if (st == LCC_OK && (st = copy_out(&c, ctx, conv)) == LCC_OK &&
        (st = copy_out(&m, ctx, id)) != LCC_OK)
        lcc__free(&ctx->alloc, c);
    if (st == LCC_OK) {
        *conversation_id = c;
        *message_id = m;
        *state = status ? lcc__gc_delivery_state(status, first_reason(msg)) : LCC_DELIVERY_QUEUED;
    }
    cJSON_Delete(root);
    return st;
}

lcc_status lcc__gc_parse_message(char **id, lcc_delivery_state *state, lcc_context *ctx,
                                 const char *body, size_t len)
{
    cJSON *root = parse(body, len);
    const char *v = str_at(root, "id");
    lcc_status st = v ? LCC_OK : lcc__error(ctx, LCC_EFORMAT, "message data without an id");
    if (st == LCC_OK && id)
        st = copy_out(id, ctx, v);
    if (st == LCC_OK)
        *state = lcc__gc_delivery_state(str_at(root, "status"), first_reason(root));
    cJSON_Delete(root);
    return st;
}

/* ---- participants ---- */

static lcc_interaction_state participant_state(const cJSON *p)
{
    const char *s = str_at(p, "state");
    if (!s)
        return LCC_INTERACTION_UNKNOWN;
    if (strcmp(s, "alerting") == 0)
        return LCC_INTERACTION_ALERTING;
    if (strcmp(s, "connected") == 0)
        return LCC_INTERACTION_CONNECTED;
    if (!is_one_of(s, "disconnected", "terminated"))
        return LCC_INTERACTION_UNKNOWN;
    return cJSON_IsTrue(lcc__json_item(p, "wrapupRequired")) &&
                   !cJSON_IsObject(lcc__json_item(p, "wrapup"))
               ? LCC_INTERACTION_WRAPUP
               : LCC_INTERACTION_DONE;
}

lcc_status lcc__gc_parse_participant(char **pid, lcc_interaction_state *state, lcc_context *ctx,
                                     const char *body, size_t len, const char *user_id)
{
    cJSON *root = parse(body, len);
    const cJSON *list = lcc__json_item(root, "participants");
    const cJSON *found = NULL;
    *pid = NULL;
    *state = LCC_INTERACTION_UNKNOWN;
    for (const cJSON *p = lcc__json_first(list); p; p = p->next) {
        const char *purpose = str_at(p, "purpose"), *user = str_at(p, "userId");
        if (purpose && strcmp(purpose, "agent") == 0 && user && strcmp(user, user_id) == 0 &&
            str_at(p, "id"))
            found = p; /* the last one: a new offer adds a participant */
    }
    lcc_status st = LCC_OK;
    if (!cJSON_IsArray(list))
        st = lcc__error(ctx, LCC_EFORMAT, "a message conversation without a participants list");
    else if (found && (st = copy_out(pid, ctx, str_at(found, "id"))) == LCC_OK)
        *state = participant_state(found);
    cJSON_Delete(root);
    return st;
}


/* ---- transfer targets ---- */

static const char *const buddy_keys[2][3] = {{"agentId", "agentName", "state"},
                                             {"queueId", "queueName", NULL}};

/* Walks data.agents then data.queues; with `l` NULL only counts entries
 * and string bytes, else fills l's entries and strings from `at`. */
static size_t walk_buddies(const cJSON *data, struct lcc_transfer_list *l, char *at, size_t *bytes)
{
    size_t n = 0;
    *bytes = 0;
    for (int q = 0; q < 2; q++)
        for (const cJSON *x = lcc__json_first(lcc__json_item(data, q ? "queues" : "agents")); x;
             x = x->next) {
            const char *id = str_at(x, buddy_keys[q][0]);
            if (!id)
                continue;
            const char *v[3] = {id, lcc__json_str(x, buddy_keys[q][1]),
                                q ? NULL : str_at(x, buddy_keys[q][2])};
            if (!v[1])
                v[1] = "";
            const char *copy[3] = {NULL, NULL, NULL};
            for (int k = 0; k < 3; k++) {
                if (!v[k])
                    continue;
                size_t sz = strlen(v[k]) + 1;
                if (l) {
                    memcpy(at + *bytes, v[k], sz);
                    copy[k] = at + *bytes;
                }
                *bytes += sz;
            }
            if (l) {
                struct lcc_transfer_entry *e = &l->e[n];
                const cJSON *avail = lcc__json_item(x, "availableAgents");
                e->kind = q ? LCC_TRANSFER_QUEUE : LCC_TRANSFER_AGENT;
                e->id = copy[0];
                e->name = copy[1];
                e->state = copy[2];
                e->available = q ? (cJSON_IsNumber(avail) && avail->valuedouble > 0 &&
                                            avail->valuedouble < 1e9
                                        ? (long)avail->valuedouble
                                        : 0)
                                 : (e->state && strcmp(e->state, "Available") == 0);
            }
            n++;
        }
    return n;
}

lcc_status lcc__wx_parse_buddies(struct lcc_transfer_list **out, lcc_context *ctx,
                                 const char *body, size_t len)
{
    cJSON *root = parse(body, len);
    const cJSON *data = lcc__json_item(root, "data");
    size_t bytes, n = walk_buddies(data, NULL, NULL, &bytes);
    size_t head = sizeof **out + n * sizeof(struct lcc_transfer_entry);
    struct lcc_transfer_list *l = lcc__malloc(&ctx->alloc, head + bytes);
    if (l) {
        l->n = walk_buddies(data, l, (char *)l + head, &bytes);
        *out = l;
    }
    cJSON_Delete(root);
    return l ? LCC_OK : lcc__error(ctx, LCC_ENOMEM, "out of memory");
}
