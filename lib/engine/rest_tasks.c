/* The engine's Webex Contact Center surface (/v1/...): agent-initiated
 * outbound SMS and email tasks (OB-*, outbound.c) and the buddy list of
 * transfer targets, with Webex's ApiErrorResponse error bodies.  The wire
 * shapes are listed in contactcore/engine.h. */
#include "engine/rest.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api/genesys_codes.h"
#include "api/json_read.h"
#include "contactcore/agent.h"
#include "contactcore/queue.h"
#include "core/alloc.h"
#include "core/report.h"
#include "model/model.h"

#define TASKS "/v1/tasks"
#define BUDDIES "/v1/agents/buddyList"
/* meta.orgId of every CreateTaskResponse: the engine is one organization. */
#define ORG_ID "6c636365-0000-4000-8000-00656e67696e"

typedef eng_answer answer;

/* ---- errors (ApiErrorResponse) ---- */

/* Starts an error body; the array of its messages, or NULL (out of memory,
 * recorded in a). */
static cJSON *webex_error(answer *a, lcc_engine *e, int http, const char *key)
{
    char tracking[ENG_ID_SIZE];
    lcc__eng_new_id(e, tracking);
    cJSON *o = cJSON_CreateObject(), *err = o ? cJSON_AddObjectToObject(o, "error") : NULL;
    cJSON *list = err && cJSON_AddStringToObject(o, "trackingId", tracking) &&
                          cJSON_AddStringToObject(err, "key", key)
                      ? cJSON_AddArrayToObject(err, "message")
                      : NULL;
    if (!list) {
        cJSON_Delete(o);
        o = NULL;
    }
    lcc__rest_set_json(a, http, o);
    return list;
}

/* Adds {"description", "code"} to the messages; 0 when out of memory. */
static int webex_message(answer *a, cJSON *list, const char *description, const char *code)
{
    cJSON *m = cJSON_CreateObject();
    if (m && !cJSON_AddItemToArray(list, m)) {
        cJSON_Delete(m);
        m = NULL;
    }
    if (m && cJSON_AddStringToObject(m, "description", description) &&
        cJSON_AddStringToObject(m, "code", code))
        return 1;
    a->st = LCC_ENOMEM; /* the tree is freed with the answer */
    return 0;
}

/* An error with one message. */
static void fail(answer *a, lcc_engine *e, int http, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void fail(answer *a, lcc_engine *e, int http, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *list = webex_error(a, e, http, key);
    if (list)
        webex_message(a, list, msg, key);
}

void lcc__rest_fail_webex(answer *a, lcc_engine *e, const lcc_report *r)
{
    size_t n = lcc_report_count(r), first = n;
    for (size_t i = 0; i < n && first == n; i++)
        if (lcc_report_severity(r, i) == LCC_SEVERITY_ERROR)
            first = i;
    if (first == n) {
        fail(a, e, 400, "bad.request", "The request was refused.");
        return;
    }
    const lcc__gc_code *c0 = lcc__gc_code_for(lcc_report_rule(r, first),
                                              lcc_report_field(r, first),
                                              lcc_report_code(r, first));
    cJSON *list = webex_error(a, e, c0 ? c0->http : 400, c0 ? c0->code : "bad.request");
    for (size_t i = first; list && i < n; i++) {
        if (lcc_report_severity(r, i) != LCC_SEVERITY_ERROR)
            continue;
        const lcc__gc_code *c = lcc__gc_code_for(lcc_report_rule(r, i), lcc_report_field(r, i),
                                                 lcc_report_code(r, i));
        if (!webex_message(a, list, lcc_report_message(r, i), c ? c->code : "bad.request"))
            return;
    }
}

/* A change the engine did not make: the report's errors, or out of memory. */
static void refused(answer *a, lcc_engine *e, const lcc_report *r, lcc_status st)
{
    if (st == LCC_ENOMEM)
        a->st = st;
    else if (st == LCC_EVALIDATION)
        lcc__rest_fail_webex(a, e, r);
    else
        fail(a, e, 500, "internal.server.error", "%s", lcc_context_errmsg(lcc__eng_ctx(e)));
}

/* ---- reading requests ---- */

/* A JSON object body; NULL after answering 400 (a Webex error body). */
static cJSON *body_object(answer *a, lcc_engine *e, const char *body, size_t len)
{
    cJSON *o = lcc__rest_object(body, len);
    if (!o)
        fail(a, e, 400, "bad.request", "The request body is not a JSON object.");
    return o;
}

/* Every member of `names` that is present is a string; else answers 400. */
static int strings_only(answer *a, lcc_engine *e, const cJSON *o, const char *const *names)
{
    const char *bad = lcc__rest_not_string(o, names);
    if (bad)
        fail(a, e, 400, "bad.request", "%s must be a string.", bad);
    return !bad;
}

/* ---- tasks ---- */

/* POST /v1/tasks: CreateTaskRequest -> 202 CreateTaskResponse. */
static void create_task(answer *a, lcc_engine *e, eng_agent *by, const char *body, size_t len)
{
    static const char *const fields[] = {"destination", "entryPointId", "mediaType",
                                         "outboundType", NULL};
    cJSON *o = body_object(a, e, body, len);
    const char *type = o ? lcc__json_str(o, "outboundType") : NULL;
    lcc_report *r = NULL;
    if (!o || !strings_only(a, e, o, fields)) {
        /* answered */
    } else if (type && strcmp(type, "OUTDIAL") != 0) {
        fail(a, e, 400, "bad.request",
             "An agent's outbound SMS or email task is of outboundType OUTDIAL, not %.40s.", type);
    } else if ((r = lcc__rest_report(a, e))) {
        eng_ob_req req = {lcc__json_str(o, "destination"), lcc__json_str(o, "entryPointId"),
                          lcc__json_str(o, "mediaType")};
        eng_item *it = NULL;
        lcc_status st = lcc__eng_ob_create(&it, r, e, by, &req);
        if (st == LCC_OK) {
            lcc__jw w;
            lcc__jw_init(&w, &lcc__eng_ctx(e)->alloc);
            lcc__jw_obj_begin(&w);
            lcc__jw_key(&w, "meta");
            lcc__jw_obj_begin(&w);
            lcc__jw_key_str(&w, "orgId", ORG_ID);
            lcc__jw_obj_end(&w);
            lcc__jw_key(&w, "data");
            lcc__jw_obj_begin(&w);
            lcc__jw_key_str(&w, "id", it->id);
            lcc__jw_obj_end(&w);
            lcc__jw_obj_end(&w);
            lcc__rest_answer_jw(a, e, &w);
            if (a->http == 200)
                a->http = 202;
        } else {
            refused(a, e, r, st);
        }
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* 202 with no body. */
static void accepted(answer *a)
{
    a->http = 202;
}

static void accept_task(answer *a, lcc_engine *e, eng_agent *by, eng_item *it)
{
    lcc_report *r = lcc__rest_report(a, e);
    lcc_status st = r ? lcc__eng_ob_accept(r, e, by, it) : LCC_ENOMEM;
    if (st == LCC_OK)
        accepted(a);
    else if (st == LCC_EPERM)
        fail(a, e, 403, "outbound.error.task.not.offered.to.you", "%s",
             lcc_context_errmsg(lcc__eng_ctx(e)));
    else if (st == LCC_ESTATE) /* a transfer's offer that changed meanwhile */
        fail(a, e, 409, "outbound.error.create.failed", "%s", lcc_context_errmsg(lcc__eng_ctx(e)));
    else if (r)
        refused(a, e, r, st);
    lcc_report_free(r);
}

static void end_task(answer *a, lcc_engine *e, eng_agent *by, eng_item *it)
{
    if (lcc__eng_ob_end(e, by, it) == LCC_OK)
        accepted(a);
    else
        fail(a, e, 409, "outbound.error.task.not.connected", "%s",
             lcc_context_errmsg(lcc__eng_ctx(e)));
}

/* TransferResourceRequest {"to", "destinationType"}. */
static void transfer_task(answer *a, lcc_engine *e, eng_agent *by, eng_item *it, const char *body,
                          size_t len)
{
    static const char *const fields[] = {"to", "destinationType", NULL};
    cJSON *o = body_object(a, e, body, len);
    lcc_report *r = o && strings_only(a, e, o, fields) ? lcc__rest_report(a, e) : NULL;
    if (r) {
        lcc_status st = lcc__eng_ob_transfer(r, e, by, it, lcc__json_str(o, "to"),
                                             lcc__json_str(o, "destinationType"));
        if (st == LCC_OK)
            accepted(a);
        else
            refused(a, e, r, st);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* WrapUpResourceRequest {"auxCodeId", "wrapUpReason"} (OB-WRAPUP). */
static void wrapup_task(answer *a, lcc_engine *e, eng_agent *by, eng_item *it, const char *body,
                        size_t len)
{
    static const char *const fields[] = {"auxCodeId", "wrapUpReason", NULL};
    cJSON *o = body_object(a, e, body, len);
    lcc_report *r = o && strings_only(a, e, o, fields) ? lcc__rest_report(a, e) : NULL;
    if (r) {
        const char *code = lcc__json_str(o, "auxCodeId");
        const char *reason = lcc__json_str(o, "wrapUpReason");
        lcc_status st;
        if (it->wrapup_by != by) {
            /* Said here with the field of the task (OB-WRAPUP's code for it),
             * with the checks of the fields as lcc__eng_wrap_up makes them. */
            lcc__report_add(r, "OB-WRAPUP", "task", LCC_ESTATE, LCC_SEVERITY_ERROR,
                            it->wrapup_code && !it->wrapup_by
                                ? "Task %s has been wrapped up already."
                                : "Task %s waits for no wrap-up from you: a task is wrapped up by "
                                  "its agent after it ends or is transferred.",
                            it->id);
            lcc__rules_wrapup(r, "OB-WRAPUP", code, reason, 1);
            st = lcc__report_status(lcc__eng_ctx(e), r);
        } else {
            st = lcc__eng_wrap_up(r, e, by, it, "OB-WRAPUP", code, reason, 1);
        }
        if (st == LCC_OK)
            accepted(a);
        else
            refused(a, e, r, st);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* ---- buddy list ---- */

static int known_state(const char *s)
{
    return strcmp(s, "Available") == 0 || strcmp(s, "Idle") == 0 || strcmp(s, "RONA") == 0 ||
           strcmp(s, "Engaged") == 0;
}

/* POST /v1/agents/buddyList {"agentProfileId", "mediaType", "state"?}: the
 * agents whose multimedia profile handles the medium, other than the
 * caller and not logged out, with their state (optionally only those in
 * `state`), and every queue with its members available for routing. */
static void buddy_list(answer *a, lcc_engine *e, eng_agent *by, const char *body, size_t len)
{
    static const char *const fields[] = {"agentProfileId", "mediaType", "state", NULL};
    cJSON *o = body_object(a, e, body, len);
    if (!o || !strings_only(a, e, o, fields)) {
        cJSON_Delete(o);
        return;
    }
    const char *media = lcc__json_str(o, "mediaType"), *want = lcc__json_str(o, "state");
    lcc_channel ch = LCC_CHANNEL_SMS;
    if (media && strcmp(media, "email") == 0)
        ch = LCC_CHANNEL_EMAIL;
    else if (!media || strcmp(media, "sms") != 0) {
        fail(a, e, 400, "bad.request",
             "mediaType must be \"sms\" or \"email\": the engine lists the transfer targets of "
             "outbound SMS and email tasks.");
        cJSON_Delete(o);
        return;
    }
    if (want && !known_state(want)) {
        fail(a, e, 400, "bad.request",
             "state must be \"Available\", \"Idle\", \"RONA\" or \"Engaged\", not \"%.40s\".",
             want);
        cJSON_Delete(o);
        return;
    }
    lcc_context *ctx = lcc__eng_ctx(e);
    const lcc__handle *end = &ctx->handles;
    lcc__jw w;
    lcc__jw_init(&w, &ctx->alloc);
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "data");
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "agents");
    lcc__jw_arr_begin(&w);
    for (const lcc__handle *h = end->next; h != end; h = h->next) {
        if (h->magic != LCC__MAGIC_AGENT)
            continue;
        const lcc_agent *ag = (const lcc_agent *)h;
        const eng_agent *ea = lcc__map_get(&e->agents, ag->o.id);
        const char *state = ea && ea != by ? lcc__eng_ob_buddy_state(ea) : NULL;
        if (!state || !(ag->media & LCC_CHANNEL_BIT(ch)) || (want && strcmp(want, state) != 0))
            continue;
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "agentId", ag->o.id);
        lcc__jw_key_str(&w, "agentName", ag->o.name);
        lcc__jw_key_str(&w, "state", state);
        lcc__jw_obj_end(&w);
    }
    lcc__jw_arr_end(&w);
    lcc__jw_key(&w, "queues");
    lcc__jw_arr_begin(&w);
    for (const lcc__handle *h = end->next; h != end; h = h->next) {
        if (h->magic != LCC__MAGIC_QUEUE)
            continue;
        const lcc_queue *q = (const lcc_queue *)h;
        long long available = 0;
        for (size_t i = 0; i < q->members.n; i++)
            available += lcc__eng_available(lcc__map_get(&e->agents, q->members.v[i]));
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "queueId", q->o.id);
        lcc__jw_key_str(&w, "queueName", q->o.name);
        lcc__jw_key(&w, "availableAgents");
        lcc__jw_int(&w, available);
        lcc__jw_obj_end(&w);
    }
    lcc__jw_arr_end(&w);
    lcc__jw_obj_end(&w);
    lcc__jw_obj_end(&w);
    lcc__rest_answer_jw(a, e, &w);
    cJSON_Delete(o);
}

/* ---- dispatch ---- */

void lcc__rest_tasks(answer *a, lcc_engine *e, int authed, eng_agent *by, const char *method,
                     const char *path, const char *body, size_t len)
{
    if (!authed) {
        fail(a, e, 401, "unauthorized", "Invalid or missing bearer token.");
        return;
    }
    int post = strcmp(method, "POST") == 0;
    const char *rest = strncmp(path, TASKS, sizeof TASKS - 1) == 0 ? path + sizeof TASKS - 1 : NULL;
    char buf[256];
    const char *seg[3];
    size_t n = rest && rest[0] == '/' ? lcc__rest_segments(buf, sizeof buf, rest + 1, seg, 3) : 0;
    int task_op = post && n == 2 &&
                  (strcmp(seg[1], "accept") == 0 || strcmp(seg[1], "end") == 0 ||
                   strcmp(seg[1], "wrapup") == 0 || strcmp(seg[1], "transfer") == 0);
    int create = post && rest && !*rest;
    int buddies = post && strcmp(path, BUDDIES) == 0;
    if (!task_op && !create && !buddies) {
        fail(a, e, 404, "not.found", "No resource %.20s %.200s.", method, path);
        return;
    }
    if (!by) {
        fail(a, e, 403, "forbidden",
             "Outbound tasks and the buddy list are an agent's: an API client has no agent.");
        return;
    }
    if (create) {
        create_task(a, e, by, body, len);
        return;
    }
    if (buddies) {
        buddy_list(a, e, by, body, len);
        return;
    }
    eng_item *it = lcc__eng_mconv_find(e, seg[0]);
    if (!it || !lcc__eng_ob(it)) {
        fail(a, e, 404, "not.found", "Task %.100s was not found.", seg[0]);
        return;
    }
    if (strcmp(seg[1], "accept") == 0)
        accept_task(a, e, by, it);
    else if (strcmp(seg[1], "end") == 0)
        end_task(a, e, by, it);
    else if (strcmp(seg[1], "wrapup") == 0)
        wrapup_task(a, e, by, it, body, len);
    else
        transfer_task(a, e, by, it, body, len);
}
