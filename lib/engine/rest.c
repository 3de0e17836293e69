/* The engine's REST surface: the Genesys Cloud requests the api layer sends
 * (callbacks: create, reschedule, cancel, bulk cancel, fetch; messages on
 * behalf of a queue: create, fetch, send, fetch a message; agentless
 * messages) and the token endpoint, answered with the same JSON shapes and
 * error bodies. */
#include "engine/rest.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/genesys.h"
#include "api/genesys_codes.h"
#include "api/json_read.h"
#include "contactcore/tz.h"
#include "core/alloc.h"
#include "core/json_strict.h"
#include "core/jsonw.h"
#include "core/report.h"

#define CALLBACKS "/api/v2/conversations/callbacks"
#define MESSAGES "/api/v2/conversations/messages"
#define MAX_BULK 100

typedef eng_answer answer;

/* ---- answers ---- */

void lcc__rest_set_json(answer *a, int http, cJSON *json)
{
    a->http = http;
    a->json = json;
    if (!json)
        a->st = LCC_ENOMEM;
}

/* A Genesys error body {message, code, status, messageParams, contextId}. */
void lcc__rest_fail(answer *a, lcc_engine *e, int http, const char *code, const char *fmt, ...)
{
    char msg[512], ctxid[ENG_ID_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lcc__eng_new_id(e, ctxid);
    cJSON *o = cJSON_CreateObject();
    if (o && cJSON_AddStringToObject(o, "message", msg) && cJSON_AddStringToObject(o, "code", code) &&
        cJSON_AddNumberToObject(o, "status", http) && cJSON_AddObjectToObject(o, "messageParams") &&
        cJSON_AddStringToObject(o, "contextId", ctxid) && cJSON_AddArrayToObject(o, "details") &&
        cJSON_AddArrayToObject(o, "errors")) {
        lcc__rest_set_json(a, http, o);
        return;
    }
    cJSON_Delete(o);
    lcc__rest_set_json(a, http, NULL);
}

/* An error body for a report's errors: the first is the body's message and
 * code, every one is also in `errors` with its own code and message. */
void lcc__rest_fail_report(answer *a, lcc_engine *e, const lcc_report *r)
{
    size_t n = lcc_report_count(r), first = n;
    int http = 0;
    for (size_t i = 0; i < n; i++) {
        if (lcc_report_severity(r, i) != LCC_SEVERITY_ERROR)
            continue;
        const lcc__gc_code *c = lcc__gc_code_for(lcc_report_rule(r, i), lcc_report_field(r, i),
                                                 lcc_report_code(r, i));
        int h = c ? c->http : 400;
        http = !http || h == http ? h : 400;
        if (first == n)
            first = i;
    }
    if (first == n) {
        lcc__rest_fail(a, e, 400, "bad.request", "The request was refused.");
        return;
    }
    const lcc__gc_code *c0 = lcc__gc_code_for(lcc_report_rule(r, first), lcc_report_field(r, first),
                                              lcc_report_code(r, first));
    lcc__rest_fail(a, e, http, c0 ? c0->code : "bad.request", "%s", lcc_report_message(r, first));
    cJSON *errors = a->json ? cJSON_GetObjectItemCaseSensitive(a->json, "errors") : NULL;
    for (size_t i = first; errors && i < n; i++) {
        if (lcc_report_severity(r, i) != LCC_SEVERITY_ERROR)
            continue;
        const lcc__gc_code *c = lcc__gc_code_for(lcc_report_rule(r, i), lcc_report_field(r, i),
                                                 lcc_report_code(r, i));
        cJSON *item = cJSON_CreateObject();
        if (!item || !cJSON_AddItemToArray(errors, item) ||
            !cJSON_AddStringToObject(item, "message", lcc_report_message(r, i)) ||
            !cJSON_AddStringToObject(item, "code", c ? c->code : "bad.request") ||
            !cJSON_AddNumberToObject(item, "status", c ? c->http : 400)) {
            a->st = LCC_ENOMEM;
            return;
        }
    }
}

/* The answer for a change the engine did not make: the rules refused it
 * (the report), the store failed (500), or memory ran out. */
void lcc__rest_refused(answer *a, lcc_engine *e, const lcc_report *r, lcc_status st)
{
    if (st == LCC_ENOMEM)
        a->st = st;
    else if (st == LCC_EVALIDATION)
        lcc__rest_fail_report(a, e, r);
    else
        lcc__rest_fail(a, e, 500, "internal.server.error", "%s", lcc_context_errmsg(lcc__eng_ctx(e)));
}

/* ---- reading requests ---- */

/* Parses a JSON object body: NULL when it is not strict JSON within the
 * network limits (core/json_strict.h) or not an object. */
cJSON *lcc__rest_object(const char *body, size_t len)
{
    cJSON *o = body && len && !lcc__json_strict(body, len, &lcc__json_net_limits, NULL, NULL, NULL)
                   ? cJSON_ParseWithLength(body, len)
                   : NULL;
    if (cJSON_IsObject(o))
        return o;
    cJSON_Delete(o);
    return NULL;
}

cJSON *lcc__rest_body(answer *a, lcc_engine *e, const char *body, size_t len)
{
    cJSON *o = lcc__rest_object(body, len);
    if (!o)
        lcc__rest_fail(a, e, 400, "bad.request", "The request body is not a JSON object.");
    return o;
}

const char *lcc__rest_not_string(const cJSON *o, const char *const *keys)
{
    for (; *keys; keys++) {
        const cJSON *v = lcc__json_item(o, *keys);
        if (v && !cJSON_IsString(v) && !cJSON_IsNull(v))
            return *keys;
    }
    return NULL;
}

int lcc__rest_strings(answer *a, lcc_engine *e, const cJSON *o, const char *const *keys)
{
    const char *bad = lcc__rest_not_string(o, keys);
    if (bad)
        lcc__rest_fail(a, e, 400, "bad.request", "%s must be a string.", bad);
    return !bad;
}

/* "callbackScheduledTime" into *ms; 0 when absent, 1 when read, -1 when bad. */
static int read_time(const cJSON *o, int64_t *ms)
{
    const cJSON *t = lcc__json_item(o, "callbackScheduledTime");
    if (!t || cJSON_IsNull(t))
        return 0;
    return cJSON_IsString(t) && lcc_time_parse(ms, t->valuestring) == LCC_OK ? 1 : -1;
}

/* ---- callback views ---- */

static const char *participant_state(const eng_item *it)
{
    switch (it->state) {
    case LCC_ENGINE_SCHEDULED: return "scheduled";
    case LCC_ENGINE_WAITING:
    case LCC_ENGINE_OFFERED: return "alerting";
    case LCC_ENGINE_CONNECTED: return "connected";
    default: return "disconnected";
    }
}

static int add_time(cJSON *o, const char *key, int64_t ms)
{
    char t[LCC_TIME_BUFSIZE];
    return lcc_time_format(t, sizeof t, ms) == LCC_OK && cJSON_AddStringToObject(o, key, t);
}

static int add_opt(cJSON *o, const char *key, const char *s)
{
    return !s || cJSON_AddStringToObject(o, key, s);
}

static int add_ref(cJSON *o, const char *key, const char *id)
{
    cJSON *r = cJSON_AddObjectToObject(o, key);
    return r && cJSON_AddStringToObject(r, "id", id);
}

/* A CallbackConversation: the customer participant (numbers, time, queue,
 * data) and, once an agent is involved, the agent participant. */
static cJSON *conversation_view(const eng_item *it)
{
    cJSON *o = cJSON_CreateObject(), *parts = o ? cJSON_AddArrayToObject(o, "participants") : NULL;
    cJSON *c = cJSON_CreateObject();
    char pid[ENG_ID_SIZE + 16];
    snprintf(pid, sizeof pid, "%s-customer", it->id);
    int ok = parts && c && cJSON_AddItemToArray(parts, c) &&
             cJSON_AddStringToObject(o, "id", it->id) && cJSON_AddStringToObject(c, "id", pid) &&
             cJSON_AddStringToObject(c, "purpose", "customer") &&
             cJSON_AddStringToObject(c, "state", participant_state(it)) &&
             add_ref(c, "queue", it->queue->id) && add_time(c, "callbackScheduledTime", it->scheduled_ms) &&
             add_opt(c, "callbackUserName", it->callee_name) && add_opt(c, "callerId", it->caller_id) &&
             add_opt(c, "callerIdName", it->caller_id_name);
    if (!ok && !(parts && c && parts->child == c))
        cJSON_Delete(c);
    if (ok && it->number) {
        const char *n = it->number;
        cJSON *nums = cJSON_CreateStringArray(&n, 1);
        ok = nums && cJSON_AddItemToObject(c, "callbackNumbers", nums);
        if (!ok)
            cJSON_Delete(nums);
    }
    if (ok) {
        cJSON *attrs = cJSON_AddObjectToObject(c, "attributes");
        for (size_t i = 0; attrs && i < it->data.n; i++)
            if (!cJSON_AddStringToObject(attrs, it->data.v[i].key, it->data.v[i].value))
                attrs = NULL;
        ok = attrs != NULL;
    }
    const eng_agent *agent = it->agent ? it->agent : it->owner;
    if (ok && agent) {
        cJSON *p = cJSON_CreateObject();
        snprintf(pid, sizeof pid, "%s-agent", it->id);
        ok = p && cJSON_AddItemToArray(parts, p) && cJSON_AddStringToObject(p, "id", pid) &&
             cJSON_AddStringToObject(p, "purpose", "agent") && add_ref(p, "user", agent->id) &&
             cJSON_AddStringToObject(p, "state", it->agent ? participant_state(it) : "scheduled");
        if (!ok && !(p && parts->child && parts->child->next == p))
            cJSON_Delete(p);
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* CreateCallbackResponse / PatchCallbackResponse. */
static cJSON *created_view(const eng_item *it)
{
    char self[sizeof "/api/v2/conversations/" + ENG_ID_SIZE];
    snprintf(self, sizeof self, "/api/v2/conversations/%s", it->id);
    cJSON *o = cJSON_CreateObject(), *conv = o ? cJSON_AddObjectToObject(o, "conversation") : NULL;
    cJSON *ids = o ? cJSON_AddArrayToObject(o, "callbackIdentifiers") : NULL;
    cJSON *ext = cJSON_CreateObject();
    if (conv && ids && ext && cJSON_AddItemToArray(ids, ext) &&
        cJSON_AddStringToObject(conv, "id", it->id) && cJSON_AddStringToObject(conv, "selfUri", self) &&
        cJSON_AddStringToObject(ext, "type", "EXTERNAL") && cJSON_AddStringToObject(ext, "id", it->id))
        return o;
    if (!(ids && ids->child == ext))
        cJSON_Delete(ext);
    cJSON_Delete(o);
    return NULL;
}

/* Answers 200 with created_view(it), written directly: the same bytes
 * without a cJSON tree to build, print, copy and free (the create answer is
 * most of a REST schedule's cost otherwise).  An id that is not UTF-8 (only
 * a foreign store file can hold one) takes the cJSON path as before. */
static void answer_created(answer *a, lcc_engine *e, const eng_item *it)
{
    static const char prefix[] = "/api/v2/conversations/";
    char self[sizeof prefix + ENG_ID_SIZE];
    size_t id_len = strnlen(it->id, ENG_ID_SIZE - 1);
    memcpy(self, prefix, sizeof prefix - 1);
    memcpy(self + sizeof prefix - 1, it->id, id_len);
    self[sizeof prefix - 1 + id_len] = '\0';
    lcc__jw w;
    lcc__jw_init(&w, &lcc__eng_ctx(e)->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "conversation");
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "id", it->id);
    lcc__jw_key_str(&w, "selfUri", self);
    lcc__jw_obj_end(&w);
    lcc__jw_key(&w, "callbackIdentifiers");
    lcc__jw_arr_begin(&w);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "type", "EXTERNAL");
    lcc__jw_key_str(&w, "id", it->id);
    lcc__jw_obj_end(&w);
    lcc__jw_arr_end(&w);
    lcc__jw_obj_end(&w);
    lcc_status st = lcc__jw_finish(&a->text, &a->text_len, &w);
    if (st == LCC_OK)
        a->http = 200;
    else if (st == LCC_ENOMEM)
        a->st = st;
    else
        lcc__rest_set_json(a, 200, created_view(it));
}

/* ---- handlers ---- */

static eng_item *find_callback(answer *a, lcc_engine *e, const char *id)
{
    eng_item *it = id ? lcc__map_get(&e->items, id) : NULL;
    if (!it || it->kind != ENG_CALLBACK) {
        lcc__rest_fail(a, e, 404, "not.found", "Callback conversation %.100s was not found.", id ? id : "");
        return NULL;
    }
    return it;
}

/* A new report, or NULL after answering (out of memory). */
lcc_report *lcc__rest_report(answer *a, lcc_engine *e)
{
    lcc_report *r = lcc__report_new(&lcc__eng_ctx(e)->alloc);
    if (!r)
        a->st = LCC_ENOMEM;
    return r;
}

/* Reads a CreateCallbackCommand into c (strings borrowed from the tree);
 * 0 after answering 400. */
static int read_create(answer *a, lcc_engine *e, const cJSON *o, eng_create *c, lcc__kv *data)
{
    const lcc_allocator *al = &lcc__eng_ctx(e)->alloc;
    memset(c, 0, sizeof *c);
    const cJSON *nums = lcc__json_item(o, "callbackNumbers");
    const cJSON *n0 = lcc__json_first(nums);
    if (n0 && !cJSON_IsString(n0)) {
        lcc__rest_fail(a, e, 400, "bad.request", "callbackNumbers must be a list of strings.");
        return 0;
    }
    c->number = n0 ? n0->valuestring : NULL;
    const cJSON *rd = lcc__json_item(o, "routingData");
    c->queue_id = lcc__json_str(o, "queueId");
    if (!c->queue_id && cJSON_IsObject(rd))
        c->queue_id = lcc__json_str(rd, "queueId");
    if (!c->queue_id) {
        lcc__rest_fail(a, e, 400, "callback.error.missing.queue.id", "Callback missing queue ID");
        return 0;
    }
    int owned = 0;
    for (const cJSON *f = lcc__json_first(lcc__json_item(rd, "routingFlags")); f;
         f = f->next)
        owned |= cJSON_IsString(f) && strcmp(f->valuestring, "AGENT_OWNED_CALLBACK") == 0;
    if (owned) {
        const cJSON *scored = lcc__json_item(rd, "scoredAgents");
        const cJSON *s0 = lcc__json_first(scored);
        const cJSON *agent = s0 ? lcc__json_item(s0, "agent") : NULL;
        const cJSON *score = s0 ? lcc__json_item(s0, "score") : NULL;
        c->owner_id = lcc__json_str(agent, "id");
        if (!c->owner_id || s0->next || !cJSON_IsNumber(score) || score->valuedouble != 100) {
            lcc__rest_fail(a, e, 400, "callback.error.owned.not.allowed",
                 "An agent-owned callback needs exactly one scored agent with score 100.");
            return 0;
        }
    } else {
        const cJSON *p0 = lcc__json_first(lcc__json_item(rd, "preferredAgentIds"));
        c->preferred_id = cJSON_IsString(p0) ? p0->valuestring : NULL;
    }
    int t = read_time(o, &c->scheduled_ms);
    if (t < 0) {
        lcc__rest_fail(a, e, 400, "bad.request",
             "callbackScheduledTime must be an ISO-8601 date-time such as 2026-11-21T10:00:00.000Z.");
        return 0;
    }
    c->immediate = t == 0;
    c->caller_id = lcc__json_str(o, "callerId");
    c->caller_id_name = lcc__json_str(o, "callerIdName");
    c->callee_name = lcc__json_str(o, "callbackUserName");
    const cJSON *d = lcc__json_item(o, "data");
    for (const cJSON *kv = cJSON_IsObject(d) ? d->child : NULL; kv; kv = kv->next) {
        if (!cJSON_IsString(kv)) {
            lcc__rest_fail(a, e, 400, "bad.request", "data values must be strings.");
            return 0;
        }
        if (lcc__kv_set(data, al, kv->string, kv->valuestring)) {
            a->st = LCC_ENOMEM;
            return 0;
        }
    }
    c->origin = lcc__kv_get(data, LCC__GC_ORIGIN_KEY);
    c->data = data;
    return 1;
}

static void create_callback(answer *a, lcc_engine *e, eng_agent *by, const char *body, size_t len)
{
    const lcc_allocator *al = &lcc__eng_ctx(e)->alloc;
    cJSON *o = lcc__rest_body(a, e, body, len);
    lcc__kv data = {0};
    eng_create c;
    lcc_report *r = NULL;
    eng_item *it = NULL;
    if (o && read_create(a, e, o, &c, &data) && (r = lcc__rest_report(a, e))) {
        lcc_status st = lcc__eng_schedule(&it, r, e, by, &c);
        if (st == LCC_OK)
            answer_created(a, e, it);
        else
            lcc__rest_refused(a, e, r, st);
    }
    lcc_report_free(r);
    lcc__kv_clear(&data, al);
    cJSON_Delete(o);
}

static void patch_callback(answer *a, lcc_engine *e, eng_agent *by, const char *body, size_t len)
{
    cJSON *o = lcc__rest_body(a, e, body, len);
    const char *id = o ? lcc__json_str(o, "conversationId") : NULL;
    int64_t ms = 0;
    int t = o ? read_time(o, &ms) : 0;
    if (o && (!id || !lcc__json_str(o, "agentId")))
        lcc__rest_fail(a, e, 400, "bad.request", "conversationId and agentId are required.");
    else if (o && t < 0)
        lcc__rest_fail(a, e, 400, "bad.request", "callbackScheduledTime must be an ISO-8601 date-time.");
    eng_item *it = o && id && lcc__json_str(o, "agentId") && t >= 0 ? find_callback(a, e, id) : NULL;
    lcc_report *r = it ? lcc__rest_report(a, e) : NULL;
    if (r) {
        lcc_status st = lcc__eng_reschedule(r, e, by, it, lcc__json_str(o, "queueId"),
                                            t ? ms : it->scheduled_ms);
        if (st == LCC_OK)
            answer_created(a, e, it);
        else
            lcc__rest_refused(a, e, r, st);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

static void disconnect_callback(answer *a, lcc_engine *e, eng_agent *by, const char *id,
                                const char *body, size_t len)
{
    cJSON *o = lcc__rest_body(a, e, body, len);
    const char *state = o ? lcc__json_str(o, "state") : NULL;
    if (o && (!state || strcasecmp(state, "disconnected") != 0))
        lcc__rest_fail(a, e, 400, "bad.request", "Only {\"state\": \"disconnected\"} is supported here.");
    eng_item *it = state && strcasecmp(state, "disconnected") == 0 ? find_callback(a, e, id) : NULL;
    lcc_report *r = it ? lcc__rest_report(a, e) : NULL;
    if (r) {
        lcc_status st = lcc__eng_cancel(r, e, by, it);
        if (st == LCC_OK)
            lcc__rest_set_json(a, 200, conversation_view(it));
        else
            lcc__rest_refused(a, e, r, st);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* BulkCallbackDisconnectRequest: every callback is checked first; all are
 * cancelled, or none. */
static void bulk_disconnect(answer *a, lcc_engine *e, eng_agent *by, const char *body, size_t len)
{
    cJSON *o = lcc__rest_body(a, e, body, len);
    const cJSON *list = o ? lcc__json_item(o, "callbackDisconnectIdentifiers") : NULL;
    eng_item *items[MAX_BULK];
    size_t n = 0;
    int ok = o != NULL;
    if (ok && (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > MAX_BULK)) {
        lcc__rest_fail(a, e, 400, "bad.request", "callbackDisconnectIdentifiers must list 0..%d callbacks.",
             MAX_BULK);
        ok = 0;
    }
    for (const cJSON *i = ok ? list->child : NULL; ok && i; i = i->next)
        ok = (items[n++] = find_callback(a, e, lcc__json_str(i, "conversationId"))) != NULL;
    lcc_report *r = ok ? lcc__rest_report(a, e) : NULL;
    if (r) {
        for (size_t i = 0; i < n; i++)
            lcc__eng_check_cancel(r, e, by, items[i]);
        lcc_status st = lcc__report_status(lcc__eng_ctx(e), r);
        for (size_t i = 0; i < n && st == LCC_OK; i++)
            st = lcc__eng_apply_cancel(e, by, items[i]);
        if (st == LCC_OK)
            lcc__rest_set_json(a, 202, cJSON_CreateObject());
        else
            lcc__rest_refused(a, e, r, st);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* ---- messaging (on behalf of a queue) ---- */

/* Answers 200 with the text of a writer, or out of memory / 500. */
void lcc__rest_answer_jw(answer *a, lcc_engine *e, lcc__jw *w)
{
    lcc_status st = lcc__jw_finish(&a->text, &a->text_len, w);
    if (st == LCC_OK)
        a->http = 200;
    else if (st == LCC_ENOMEM)
        a->st = st;
    else
        lcc__rest_fail(a, e, 500, "internal.server.error", "The answer could not be written (%s).",
             lcc_status_str(st));
}

void lcc__rest_jw_time(lcc__jw *w, const char *key, int64_t ms)
{
    char t[LCC_TIME_BUFSIZE] = "";
    lcc_time_format(t, sizeof t, ms);
    lcc__jw_key_str(w, key, t);
}

static const char *messenger_type(lcc_channel c)
{
    switch (c) {
    case LCC_CHANNEL_WHATSAPP: return "whatsapp";
    case LCC_CHANNEL_EMAIL: return "email"; /* outbound email tasks (OB-*) */
    /* Social listening (SocialMediaMessageData.messengerType). */
    case LCC_CHANNEL_FACEBOOK: return "facebook";
    case LCC_CHANNEL_INSTAGRAM: return "instagram";
    case LCC_CHANNEL_X: return "twitter";
    case LCC_CHANNEL_SOCIAL_PUBLIC: return "open";
    default: return "sms";
    }
}

/* A message's delivery state on the wire (MessageData.status and reasons),
 * as the client reads it back (SL-DELIVERY):
 *   QUEUED          "queued"
 *   SENT            "sent"
 *   PENDING         "sent" with "reasons":[{"code":"RecipientOffline"}]
 *   DELIVERED       "delivery-success" (an inbound message: "received")
 *   SERVER_REJECTED "delivery-failed" with "reasons":[{"code":"ServerRejected"}]
 *   NETWORK_ERROR   "delivery-failed" with "reasons":[{"code":"NetworkError"}]
 *   LIMIT_EXCEEDED  "delivery-failed" with "reasons":[{"code":"LimitExceeded"}] */
static const char *wire_status(const eng_msg *m, const char **reason)
{
    *reason = NULL;
    switch (m->state) {
    case LCC_DELIVERY_QUEUED: return "queued";
    case LCC_DELIVERY_SENT: return "sent";
    case LCC_DELIVERY_PENDING: *reason = "RecipientOffline"; return "sent";
    case LCC_DELIVERY_SERVER_REJECTED: *reason = "ServerRejected"; return "delivery-failed";
    case LCC_DELIVERY_NETWORK_ERROR: *reason = "NetworkError"; return "delivery-failed";
    case LCC_DELIVERY_LIMIT_EXCEEDED: *reason = "LimitExceeded"; return "delivery-failed";
    default: return m->outbound ? "delivery-success" : "received";
    }
}

/* Writes MessageData; in a social interaction also
 * SocialMediaMessageData's "visibility" ("public" / "private"),
 * "inReplyToMessageId" (a public reply) and "mediaIds" (at most one,
 * SL-ATTACH). */
static void write_message(lcc__jw *w, const eng_msg *m)
{
    const char *reason;
    const char *status = wire_status(m, &reason);
    lcc__jw_obj_begin(w);
    lcc__jw_key_str(w, "id", m->id);
    lcc__jw_key_str(w, "conversationId", m->conv->id);
    lcc__rest_jw_time(w, "timestamp", m->ms);
    lcc__jw_key_str(w, "direction", m->outbound ? "outbound" : "inbound");
    lcc__jw_key_str(w, "messengerType", messenger_type(m->conv->mc->channel));
    lcc__jw_key_str(w, "textBody", m->text);
    lcc__jw_key_str(w, "status", status);
    if (reason) {
        lcc__jw_key(w, "reasons");
        lcc__jw_arr_begin(w);
        lcc__jw_obj_begin(w);
        lcc__jw_key_str(w, "code", reason);
        lcc__jw_obj_end(w);
        lcc__jw_arr_end(w);
    }
    if (lcc__eng_social(m->conv)) {
        lcc__jw_key_str(w, "visibility", m->is_private ? "private" : "public");
        if (m->reply_to)
            lcc__jw_key_str(w, "inReplyToMessageId", m->reply_to->id);
        lcc__jw_key(w, "mediaIds");
        lcc__jw_arr_begin(w);
        if (m->media)
            lcc__jw_str(w, m->media);
        lcc__jw_arr_end(w);
    }
    lcc__jw_obj_end(w);
}

void lcc__rest_answer_message(answer *a, lcc_engine *e, const eng_msg *m)
{
    lcc__jw w;
    lcc__jw_init(&w, &lcc__eng_ctx(e)->alloc);
    write_message(&w, m);
    lcc__rest_answer_jw(a, e, &w);
}

/* MessageConversation: the agent participant (once an agent had it; for a
 * social interaction from the offer on, "alerting") with its communication
 * as messages[0], "wrapupRequired" while their wrap-up is pending and
 * "wrapup" once given, and the customer (with "externalContactId" and the
 * contact's "name" when it is linked to an external contact, OBQ-VERIFY). */
void lcc__rest_answer_mconv(answer *a, lcc_engine *e, const eng_item *it)
{
    const eng_mconv *mc = it->mc;
    char self[sizeof MESSAGES + ENG_ID_SIZE + 1];
    snprintf(self, sizeof self, MESSAGES "/%s", it->id);
    const char *agent_state = "disconnected";
    if (!mc->closed && it->state == LCC_ENGINE_CONNECTED && it->agent == mc->agent)
        agent_state = "connected";
    else if (mc->alert_ids && it->state == LCC_ENGINE_OFFERED && it->agent == mc->agent)
        agent_state = "alerting";
    lcc__jw w;
    lcc__jw_init(&w, &lcc__eng_ctx(e)->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "id", it->id);
    lcc__jw_key(&w, "participants");
    lcc__jw_arr_begin(&w);
    if (mc->agent) {
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "id", mc->agent_pid);
        lcc__jw_key_str(&w, "purpose", "agent");
        lcc__jw_key_str(&w, "userId", mc->agent->id);
        lcc__jw_key_str(&w, "queueId", it->queue->id);
        lcc__jw_key_str(&w, "state", agent_state);
        if (it->wrapup_by && it->wrapup_by == mc->agent) {
            lcc__jw_key(&w, "wrapupRequired");
            lcc__jw_bool(&w, 1);
        } else if (it->wrapup_code) {
            lcc__jw_key(&w, "wrapup");
            lcc__jw_obj_begin(&w);
            lcc__jw_key_str(&w, "code", it->wrapup_code);
            if (it->wrapup_reason)
                lcc__jw_key_str(&w, "notes", it->wrapup_reason);
            lcc__jw_obj_end(&w);
        }
        lcc__jw_key(&w, "messages");
        lcc__jw_arr_begin(&w);
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "id", mc->comm_id);
        lcc__jw_key_str(&w, "state", agent_state);
        lcc__jw_obj_end(&w);
        lcc__jw_arr_end(&w);
        lcc__jw_obj_end(&w);
    }
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "id", mc->customer_pid);
    lcc__jw_key_str(&w, "purpose", "customer");
    lcc__jw_key_str(&w, "address", mc->address);
    if (mc->contact) {
        lcc__jw_key_str(&w, "externalContactId", mc->contact->id);
        lcc__jw_key_str(&w, "name", mc->contact->name);
    }
    lcc__jw_key_str(&w, "messengerType", messenger_type(mc->channel));
    lcc__jw_key_str(&w, "state", mc->closed ? "disconnected" : "connected");
    lcc__jw_obj_end(&w);
    lcc__jw_arr_end(&w);
    lcc__jw_key_str(&w, "selfUri", self);
    lcc__jw_obj_end(&w);
    lcc__rest_answer_jw(a, e, &w);
}

eng_item *lcc__rest_find_mconv(answer *a, lcc_engine *e, const char *id)
{
    eng_item *it = lcc__eng_mconv_find(e, id);
    if (!it)
        lcc__rest_fail(a, e, 404, "not.found", "Message conversation %.100s was not found.", id);
    return it;
}

/* 1 when o[key] is absent, null or a boolean; else answers 400. */
static int bool_or_null(answer *a, lcc_engine *e, const cJSON *o, const char *key)
{
    const cJSON *v = lcc__json_item(o, key);
    if (!v || cJSON_IsBool(v) || cJSON_IsNull(v))
        return 1;
    lcc__rest_fail(a, e, 400, "bad.request", "%s must be true or false.", key);
    return 0;
}

/* POST /api/v2/conversations/messages: CreateOutboundMessagingConversationRequest
 * -> CreateOutboundMessagingConversationResponse.  An OBQ-TAKEOVER refusal
 * names the open conversation in messageParams.conversationId. */
static void create_outbound(answer *a, lcc_engine *e, eng_agent *by, const char *body, size_t len)
{
    static const char *const strings[] = {"externalContactId", NULL};
    if (!by) {
        lcc__rest_fail(a, e, 403, "messaging.error.missing.permission",
             "Sending on behalf of a queue needs an agent's token; an API client has no agent "
             "to send as.");
        return;
    }
    cJSON *o = lcc__rest_body(a, e, body, len);
    const cJSON *use = o ? lcc__json_item(o, "useExistingConversation") : NULL;
    lcc_report *r = NULL;
    if (o && bool_or_null(a, e, o, "useExistingConversation") &&
        lcc__rest_strings(a, e, o, strings) && (r = lcc__rest_report(a, e))) {
        eng_obq q = {lcc__json_str(o, "queueId"), lcc__json_str(o, "toAddress"),
                     lcc__json_str(o, "toAddressMessengerType"), cJSON_IsTrue(use),
                     lcc__json_str(o, "externalContactId")};
        eng_item *it = NULL;
        lcc_status st = lcc__eng_obq_start(&it, r, e, by, &q);
        if (st == LCC_OK) {
            char self[sizeof MESSAGES + ENG_ID_SIZE + 1];
            snprintf(self, sizeof self, MESSAGES "/%s", it->id);
            lcc__jw w;
            lcc__jw_init(&w, &lcc__eng_ctx(e)->alloc);
            lcc__jw_obj_begin(&w);
            lcc__jw_key_str(&w, "id", it->id);
            lcc__jw_key_str(&w, "selfUri", self);
            lcc__jw_obj_end(&w);
            lcc__rest_answer_jw(a, e, &w);
        } else {
            lcc__rest_refused(a, e, r, st);
            cJSON *params = a->st == LCC_OK && a->json && it && it->state == LCC_ENGINE_ENDED
                                ? cJSON_GetObjectItemCaseSensitive(a->json, "messageParams")
                                : NULL;
            if (params && !cJSON_AddStringToObject(params, "conversationId", it->id))
                a->st = LCC_ENOMEM;
        }
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* SendAgentlessOutboundMessageResponse of message m: its id, the
 * conversation, the addresses, the message itself (MessageData), the
 * sending agent ("user", none for an API client). */
static void answer_agentless(answer *a, lcc_engine *e, const eng_msg *m, const char *from,
                             int use_existing)
{
    char self[sizeof MESSAGES + 2 * ENG_ID_SIZE + 16];
    snprintf(self, sizeof self, MESSAGES "/%s/messages/%s", m->conv->id, m->id);
    lcc__jw w;
    lcc__jw_init(&w, &lcc__eng_ctx(e)->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "id", m->id);
    lcc__jw_key_str(&w, "conversationId", m->conv->id);
    lcc__jw_key_str(&w, "fromAddress", from);
    lcc__jw_key_str(&w, "toAddress", m->conv->mc->address);
    lcc__jw_key_str(&w, "messengerType", messenger_type(m->conv->mc->channel));
    lcc__jw_key(&w, "useExistingActiveConversation");
    lcc__jw_bool(&w, use_existing);
    lcc__jw_key(&w, "message");
    write_message(&w, m);
    lcc__rest_jw_time(&w, "timestamp", m->ms);
    if (m->sender) {
        lcc__jw_key(&w, "user");
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "id", m->sender->id);
        lcc__jw_obj_end(&w);
    }
    lcc__jw_key_str(&w, "selfUri", self);
    lcc__jw_obj_end(&w);
    lcc__rest_answer_jw(a, e, &w);
}

/* POST /api/v2/conversations/messages/agentless with an agent's token or
 * an API client's (`by` NULL): SendAgentlessOutboundMessageRequest ->
 * SendAgentlessOutboundMessageResponse. */
static void send_agentless(answer *a, lcc_engine *e, eng_agent *by, const char *body, size_t len)
{
    static const char *const strings[] = {"fromAddress", "toAddress", "toAddressMessengerType",
                                          "textBody", "externalContactId", NULL};
    cJSON *o = lcc__rest_body(a, e, body, len);
    lcc_report *r = NULL;
    if (o && bool_or_null(a, e, o, "useExistingActiveConversation") &&
        lcc__rest_strings(a, e, o, strings) && (r = lcc__rest_report(a, e))) {
        eng_agentless q = {lcc__json_str(o, "fromAddress"), lcc__json_str(o, "toAddress"),
                           lcc__json_str(o, "toAddressMessengerType"),
                           lcc__json_str(o, "textBody"), lcc__json_str(o, "externalContactId"),
                           cJSON_IsTrue(lcc__json_item(o, "useExistingActiveConversation"))};
        eng_msg *m = NULL;
        lcc_status st = lcc__eng_agentless(&m, r, e, by, &q);
        if (st == LCC_OK)
            answer_agentless(a, e, m, q.from_address, q.use_existing);
        else if (st == LCC_EINVAL)
            lcc__rest_fail(a, e, 400, "bad.request", "%s", lcc_context_errmsg(lcc__eng_ctx(e)));
        else
            lcc__rest_refused(a, e, r, st);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* POST .../{conversationId}/communications/{communicationId}/messages:
 * AdditionalMessage -> MessageData. */
static void send_message(answer *a, lcc_engine *e, eng_agent *by, eng_item *it,
                         const char *comm_id, const char *body, size_t len)
{
    static const char *const strings[] = {"textBody", NULL};
    cJSON *o = lcc__rest_body(a, e, body, len);
    lcc_report *r = NULL;
    if (o && lcc__rest_strings(a, e, o, strings) && (r = lcc__rest_report(a, e))) {
        eng_msg *m = NULL;
        lcc_status st = lcc__eng_msg_send(&m, r, e, by, it, comm_id, lcc__json_str(o, "textBody"));
        lcc__rest_answer_sent(a, e, r, st, m);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

void lcc__rest_answer_sent(answer *a, lcc_engine *e, const lcc_report *r, lcc_status st,
                           const eng_msg *m)
{
    const char *why = lcc_context_errmsg(lcc__eng_ctx(e));
    switch (st) {
    case LCC_OK: lcc__rest_answer_message(a, e, m); break;
    case LCC_ESTATE: lcc__rest_fail(a, e, 409, "messaging.error.conversation.closed", "%s", why); break;
    case LCC_EPERM: lcc__rest_fail(a, e, 403, "messaging.error.not.assigned", "%s", why); break;
    case LCC_ENOTFOUND: lcc__rest_fail(a, e, 404, "not.found", "%s", why); break;
    case LCC_EINVAL: lcc__rest_fail(a, e, 400, "bad.request", "%s", why); break;
    default: lcc__rest_refused(a, e, r, st); break;
    }
}

/* Splits "a/b/c" (after the collection path's '/') into at most `max`
 * segments, in place in `buf`; the count, or 0 when empty or too many. */
size_t lcc__rest_segments(char *buf, size_t cap, const char *rest, const char **seg, size_t max)
{
    if (strlen(rest) >= cap)
        return 0;
    memcpy(buf, rest, strlen(rest) + 1);
    size_t n = 0;
    for (char *p = buf;;) {
        if (n == max || !*p)
            return 0;
        seg[n++] = p;
        char *slash = strchr(p, '/');
        if (!slash)
            return n;
        *slash = '\0';
        p = slash + 1;
    }
}

static void messages_dispatch(answer *a, lcc_engine *e, eng_agent *by, const char *method,
                              const char *rest, const char *body, size_t len)
{
    char buf[512];
    const char *seg[5];
    size_t n = !*rest ? 0 : rest[0] == '/' ? lcc__rest_segments(buf, sizeof buf, rest + 1, seg, 5) : 0;
    int post = strcmp(method, "POST") == 0, get = strcmp(method, "GET") == 0;
    eng_item *it;
    if (lcc__rest_social_dispatch(a, e, by, method, seg, n, body, len))
        return; /* social listening: replies, participants (rest_social.c) */
    if (!*rest && post)
        create_outbound(a, e, by, body, len);
    else if (n == 1 && post && strcmp(seg[0], "agentless") == 0)
        send_agentless(a, e, by, body, len);
    else if (n == 1 && get) {
        if ((it = lcc__rest_find_mconv(a, e, seg[0])))
            lcc__rest_answer_mconv(a, e, it);
    } else if (n == 4 && post && strcmp(seg[1], "communications") == 0 &&
               strcmp(seg[3], "messages") == 0) {
        if ((it = lcc__rest_find_mconv(a, e, seg[0])))
            send_message(a, e, by, it, seg[2], body, len);
    } else if (n == 3 && get && strcmp(seg[1], "messages") == 0) {
        const eng_msg *m = (it = lcc__rest_find_mconv(a, e, seg[0])) ? lcc__eng_msg_find(it, seg[2]) : NULL;
        if (m)
            lcc__rest_answer_message(a, e, m);
        else if (it)
            lcc__rest_fail(a, e, 404, "not.found", "Message %.100s was not found in conversation %s.",
                 seg[2], it->id);
    } else
        lcc__rest_fail(a, e, 404, "not.found", "No resource %.200s %.200s%.200s.", method, MESSAGES, rest);
}

/* ---- authentication ---- */

static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes base64 `in` into out (NUL-terminated); 0 when malformed or too long. */
static int b64decode(char *out, size_t cap, const char *in)
{
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (; *in && *in != '='; in++) {
        int v = b64val((unsigned char)*in);
        if (v < 0)
            return 0;
        acc = (acc << 6) | (unsigned)v;
        if ((bits += 6) >= 8) {
            bits -= 8;
            if (o + 1 >= cap)
                return 0;
            out[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    out[o] = '\0';
    return memchr(out, '\0', o) == NULL;
}

/* The principal of a bearer token: 1 and *by (NULL for an API client). */
static int bearer(eng_agent **by, lcc_engine *e, const char *authorization)
{
    if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
        return 0;
    const char *tok = authorization + 7;
    if (strcmp(tok, e->client_token) == 0 && e->client_token[0]) {
        *by = NULL;
        return 1;
    }
    *by = lcc__map_get(&e->tokens, tok);
    return *by != NULL;
}

/* POST /oauth/token with HTTP Basic client credentials: a client id naming
 * an agent logs in as that agent, any other as an API client. */
static void token(answer *a, lcc_engine *e, const char *authorization)
{
    char cred[512];
    char *colon = NULL;
    if (authorization && strncasecmp(authorization, "Basic ", 6) == 0 &&
        b64decode(cred, sizeof cred, authorization + 6))
        colon = strchr(cred, ':');
    if (!colon || colon == cred) {
        lcc__rest_fail(a, e, 401, "bad.credentials", "Client credentials are required (HTTP Basic).");
        return;
    }
    *colon = '\0';
    lcc_status st = LCC_OK;
    const char *tok = NULL;
    char buf[ENG_TOKEN_SIZE];
    if (lcc_context_find_agent(lcc__eng_ctx(e), cred)) {
        eng_agent *ag = lcc__eng_agent(e, cred, &st);
        if (ag && (st = lcc__eng_token(buf, e, ag)) == LCC_OK)
            tok = buf;
    } else {
        tok = lcc__eng_client_token(e);
    }
    lcc__wipe(cred);
    if (!tok) {
        a->st = st;
        return;
    }
    cJSON *o = cJSON_CreateObject();
    if (o && (!cJSON_AddStringToObject(o, "access_token", tok) ||
              !cJSON_AddStringToObject(o, "token_type", "bearer") ||
              !cJSON_AddNumberToObject(o, "expires_in", 86400))) {
        cJSON_Delete(o);
        o = NULL;
    }
    lcc__rest_set_json(a, 200, o);
}

/* ---- dispatch ---- */

static void dispatch(answer *a, lcc_engine *e, const char *method, const char *path,
                     const char *authorization, const char *body, size_t len)
{
    if (strcmp(path, "/oauth/token") == 0) {
        if (strcmp(method, "POST") == 0)
            token(a, e, authorization);
        else
            lcc__rest_fail(a, e, 405, "method.not.allowed", "Use POST for /oauth/token.");
        return;
    }
    eng_agent *by = NULL;
    int authed = bearer(&by, e, authorization);
    if (strncmp(path, "/v1/", 4) == 0) {
        /* Webex Contact Center's shapes, error bodies included (rest_tasks.c). */
        lcc__rest_tasks(a, e, authed, by, method, path, body, len);
        return;
    }
    if (!authed) {
        lcc__rest_fail(a, e, 401, "bad.credentials", "Invalid login credentials.");
        return;
    }
    if (strncmp(path, MESSAGES, sizeof MESSAGES - 1) == 0 &&
        (!path[sizeof MESSAGES - 1] || path[sizeof MESSAGES - 1] == '/')) {
        messages_dispatch(a, e, by, method, path + sizeof MESSAGES - 1, body, len);
        return;
    }
    const char *rest = strncmp(path, CALLBACKS, sizeof CALLBACKS - 1) == 0
                           ? path + sizeof CALLBACKS - 1
                           : NULL;
    if (rest && !*rest && strcmp(method, "POST") == 0)
        create_callback(a, e, by, body, len);
    else if (rest && !*rest && strcmp(method, "PATCH") == 0)
        patch_callback(a, e, by, body, len);
    else if (rest && strcmp(rest, "/bulk/disconnect") == 0 && strcmp(method, "POST") == 0)
        bulk_disconnect(a, e, by, body, len);
    else if (rest && rest[0] == '/' && !strchr(rest + 1, '/') && strcmp(method, "PATCH") == 0)
        disconnect_callback(a, e, by, rest + 1, body, len);
    else if (rest && rest[0] == '/' && !strchr(rest + 1, '/') && strcmp(method, "GET") == 0) {
        eng_item *it = find_callback(a, e, rest + 1);
        if (it)
            lcc__rest_set_json(a, 200, conversation_view(it));
    } else
        lcc__rest_fail(a, e, 404, "not.found", "No resource %.200s %.200s.", method, path);
}

lcc_status lcc__eng_handle(int *http_status, char **response, size_t *len, lcc_engine *e,
                           const char *method, const char *path, const char *authorization,
                           const char *body, size_t body_len)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    char clean[1024];
    /* The path without its query string, percent-decoding not needed for
     * the ids the engine hands out. */
    size_t n = strcspn(path, "?");
    if (n >= sizeof clean)
        n = sizeof clean - 1;
    memcpy(clean, path, n);
    clean[n] = '\0';
    answer a = {0, NULL, LCC_OK, NULL, 0};
    dispatch(&a, e, method, clean, authorization, body, body_len);
    if (a.text && a.st == LCC_OK) {
        *http_status = a.http;
        *response = a.text;
        *len = a.text_len;
        return LCC_OK;
    }
    lcc__free(&ctx->alloc, a.text);
    char *text = a.st == LCC_OK && a.json ? cJSON_PrintUnformatted(a.json) : NULL;
    /* No tree (an empty answer) gives ""; a tree cJSON could not print is
     * out of memory, never an empty body with the status. */
    char *copy = text              ? lcc__strdup(&ctx->alloc, text)
                 : a.st == LCC_OK && !a.json ? lcc__strdup(&ctx->alloc, "")
                                             : NULL;
    cJSON_free(text);
    cJSON_Delete(a.json);
    if (!copy)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    *http_status = a.http;
    *response = copy;
    *len = strlen(copy);
    return LCC_OK;
}
