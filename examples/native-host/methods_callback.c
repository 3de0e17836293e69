/* contactcore-native-host: callback.defaults, .validate, .schedule, .list,
 * .cancel, .reschedule.
 *
 * The page's form is a callback draft (contactcore/callback.h): defaults
 * read from a fresh draft, every choice set on one, its report returned
 * entry by entry (each with its field), the commit and the submission to
 * the backend (the engine, or the cloud, checks again and answers with the
 * callback's id).  Values that cannot even be set (a date that is not
 * YYYY-MM-DD, a time that is not HH:MM) are refused before any draft, all
 * at once, as EINVAL with one "INPUT" entry per field.
 *
 * With the engine, list, cancel and reschedule use its supervisor view on
 * behalf of the configured agent.  Over HTTP the cloud has no list; a
 * callback this process did not schedule is taken in through the library's
 * reconciliation path (as the command-line tool does): a local handle whose
 * creation "may have reached the backend" is given the backend's id, read
 * back, then cancelled or rescheduled remotely.
 */
#include "host.h"

#include <stdlib.h>
#include <string.h>

typedef struct cb_params {
    const char *conversation, *date, *time, *zone, *number, *queue;
    int route_to_me, own;
    int y, mo, d, hh, mi;
} cb_params;

/* ---- parameters ---- */

/* Reads the form; 0, or -1 after replying. */
static int read_form(nh_req *q, cb_params *p, int with_choices)
{
    memset(p, 0, sizeof *p);
    if (nh_param_str(q, "conversation_id", 0, &p->conversation) ||
        nh_param_str(q, "date", 0, &p->date) || nh_param_str(q, "time", 0, &p->time) ||
        nh_param_str(q, "time_zone", 0, &p->zone))
        return -1;
    if (with_choices &&
        (nh_param_str(q, "number", 0, &p->number) || nh_param_str(q, "queue_id", 0, &p->queue) ||
         nh_param_bool(q, "route_to_me", &p->route_to_me) ||
         nh_param_bool(q, "take_ownership", &p->own)))
        return -1;
    /* Empty text fields mean "not chosen" (a form's empty input). */
    if (p->zone && !*p->zone)
        p->zone = NULL;
    if (p->number && !*p->number)
        p->number = NULL;
    if (p->queue && !*p->queue)
        p->queue = NULL;
    if (p->date && !*p->date)
        p->date = NULL;
    if (p->time && !*p->time)
        p->time = NULL;
    const char *fields[2], *messages[2];
    char m0[160], m1[160];
    size_t n = 0;
    if (p->date && cc_parse_date(p->date, &p->y, &p->mo, &p->d) != 0) {
        snprintf(m0, sizeof m0, "\"%.40s\" is not a date: expected YYYY-MM-DD", p->date);
        fields[n] = "date";
        messages[n++] = m0;
    }
    if (p->time && cc_parse_hm(p->time, &p->hh, &p->mi) != 0) {
        snprintf(m1, sizeof m1, "\"%.40s\" is not a time: expected HH:MM (00:00 to 23:59)",
                 p->time);
        fields[n] = "time";
        messages[n++] = m1;
    }
    if (n) {
        nh_error_inputs(q, n, fields, messages);
        return -1;
    }
    return 0;
}

/* The conversation the draft is for: the one named (the demo's when none
 * is); over HTTP a local stand-in (an ACD call on the queue chosen, from
 * the number given) when the context does not hold it.  NULL after
 * replying. */
static lcc_conversation *conversation_of(nh_req *q, const cb_params *p)
{
    nh_host *h = q->h;
    const char *id = p->conversation;
    char fresh[64];
    if (!id && h->demo.on)
        id = h->demo.conversation;
    if (!id && h->remote) {
        cc_random_id(fresh, sizeof fresh, "nh");
        id = fresh;
    }
    if (!id) {
        nh_error_param(q, "conversation_id",
                       "params.conversation_id is required (the configuration has no demo "
                       "conversation)");
        return NULL;
    }
    lcc_conversation *c = lcc_context_find_conversation(h->ctx, id);
    if (c || !h->remote) {
        if (!c)
            nh_error_field(q, "ENOTFOUND", "conversation_id",
                           "no conversation \"%.200s\" in the engine's directory", id);
        return c;
    }
    const char *queue = p->queue ? p->queue : h->cfg.queue;
    lcc_status st = nh_local_queue(h, queue);
    if (st == LCC_OK)
        st = lcc_conversation_new(&c, h->ctx, id, LCC_MEDIA_CALL);
    if (st == LCC_OK && queue)
        st = lcc_conversation_set_queue(c, queue);
    if (st == LCC_OK && p->number)
        st = lcc_conversation_set_ani(c, p->number);
    if (st == LCC_OK)
        st = lcc_conversation_set_agent(c, lcc_agent_id(h->agent));
    if (st != LCC_OK) {
        nh_error_status(q, st, NULL, "conversation");
        return NULL;
    }
    return c;
}

#define SET(call, what)                                                                       \
    do {                                                                                      \
        if (st == LCC_OK && (st = (call)) != LCC_OK)                                         \
            failed = what;                                                                    \
    } while (0)

/* A draft with the form's choices (and its conversation in *conv_out when
 * not NULL); NULL after replying. */
static lcc_callback_draft *make_draft(nh_req *q, const cb_params *p,
                                     lcc_conversation **conv_out)
{
    nh_host *h = q->h;
    if (nh_need_agent(q) != 0)
        return NULL;
    if (h->remote && p->queue) {
        lcc_status st = nh_local_queue(h, p->queue);
        if (st != LCC_OK) {
            nh_error_status(q, st, NULL, "queue");
            return NULL;
        }
    }
    lcc_conversation *conv = conversation_of(q, p);
    if (!conv)
        return NULL;
    if (conv_out)
        *conv_out = conv;
    lcc_callback_draft *d = NULL;
    lcc_status st = lcc_callback_draft_new(&d, h->ctx, conv, h->agent);
    const char *failed = "draft";
    if (p->zone)
        SET(lcc_callback_draft_set_time_zone(d, p->zone), "time_zone");
    if (p->date)
        SET(lcc_callback_draft_set_date(d, p->y, p->mo, p->d), "date");
    if (p->time)
        SET(lcc_callback_draft_set_time(d, p->hh, p->mi), "time");
    if (p->number)
        SET(lcc_callback_draft_set_number(d, p->number, NULL), "number");
    if (p->queue)
        SET(lcc_callback_draft_set_queue(d, p->queue), "queue_id");
    if (p->route_to_me)
        SET(lcc_callback_draft_set_route_to_me(d, 1), "route_to_me");
    if (p->own)
        SET(lcc_callback_draft_set_take_ownership(d, 1), "take_ownership");
    if (st != LCC_OK) {
        nh_error_field(q, cc_status_name(st), failed, "%s: %s", failed,
                       lcc_context_errmsg(h->ctx));
        lcc_callback_draft_free(d);
        return NULL;
    }
    return d;
}

/* "2026-11-23", "10:00" of an instant in a zone. */
static void local_parts(nh_host *h, const char *zone, int64_t ms, char *date, size_t dsize,
                        char *time, size_t tsize)
{
    int y = 0, mo = 0, d = 0, hh = 0, mi = 0;
    if (lcc_tz_utc_to_local(&y, &mo, &d, &hh, &mi, NULL, NULL, h->ctx, zone, ms) != LCC_OK) {
        snprintf(date, dsize, "?");
        snprintf(time, tsize, "?");
        return;
    }
    snprintf(date, dsize, "%04d-%02d-%02d", y, mo, d);
    snprintf(time, tsize, "%02d:%02d", hh, mi);
}

/* The draft as the form shows it (effective values). */
static void draft_fields(jw *w, nh_host *h, const lcc_callback_draft *d)
{
    int y = 0, mo = 0, day = 0, hh = 0, mi = 0;
    char date[32], time[32];
    if (lcc_callback_draft_local_time(d, &y, &mo, &day, &hh, &mi) == LCC_OK) {
        snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, day);
        snprintf(time, sizeof time, "%02d:%02d", hh, mi);
        jw_kstr(w, "date", date);
        jw_kstr(w, "time", time);
    } else { /* the zone cannot be used: the report says why */
        jw_kstr(w, "date", NULL);
        jw_kstr(w, "time", NULL);
    }
    jw_kstr(w, "time_zone", lcc_callback_draft_time_zone(d));
    jw_kstr(w, "number", lcc_callback_draft_number(d));
    jw_kstr(w, "queue_id", lcc_callback_draft_queue_id(d));
    (void)h;
}

/* ---- callback.defaults ---- */

void m_callback_defaults(nh_req *q)
{
    nh_host *h = q->h;
    cb_params p;
    if (read_form(q, &p, 0) != 0)
        return;
    lcc_conversation *conv = NULL;
    lcc_callback_draft *d = make_draft(q, &p, &conv);
    if (!d)
        return;
    jw *w = nh_result(q);
    jw_obj(w);
    jw_kstr(w, "conversation_id", lcc_conversation_id(conv));
    draft_fields(w, h, d);
    jw_key(w, "queues");
    jw_arr(w);
    for (size_t i = 0; i < lcc_agent_queue_count(h->agent); i++) {
        const char *id = lcc_agent_queue_id(h->agent, i);
        lcc_queue *qu = lcc_context_find_queue(h->ctx, id);
        jw_obj(w);
        jw_kstr(w, "id", id);
        jw_kstr(w, "name", qu ? lcc_queue_name(qu) : id);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_kbool(w, "route_to_me", 0);
    jw_kbool(w, "take_ownership", 0);
    jw_obj_end(w);
    nh_result_end(q);
    lcc_callback_draft_free(d);
}

/* ---- callback.validate ---- */

void m_callback_validate(nh_req *q)
{
    cb_params p;
    if (read_form(q, &p, 1) != 0)
        return;
    lcc_callback_draft *d = make_draft(q, &p, NULL);
    if (!d)
        return;
    lcc_report *r = NULL;
    lcc_status st = lcc_callback_draft_validate(&r, d);
    if (st != LCC_OK && st != LCC_EVALIDATION) {
        nh_error_status(q, st, NULL, "validate");
    } else {
        jw *w = nh_result(q);
        jw_obj(w);
        jw_kbool(w, "ok", st == LCC_OK);
        jw_key(w, "report");
        cc_report_json_placed(w, r);
        jw_key(w, "draft");
        jw_obj(w);
        draft_fields(w, q->h, d);
        jw_obj_end(w);
        jw_obj_end(w);
        nh_result_end(q);
    }
    lcc_report_free(r);
    lcc_callback_draft_free(d);
}

/* ---- callback.schedule ---- */

static void hold(nh_host *h, lcc_callback *cb)
{
    if (!h->remote)
        return;
    if (h->n_held == h->cap_held) {
        size_t cap = h->cap_held ? h->cap_held * 2 : 16;
        lcc_callback **v = realloc(h->held, cap * sizeof *v);
        if (!v)
            return; /* then it is taken in again when needed */
        h->held = v;
        h->cap_held = cap;
    }
    h->held[h->n_held++] = cb;
}

/* The result of a scheduled or rescheduled callback. */
static void callback_result(nh_req *q, const char *id, int64_t ms, const char *zone,
                            const char *queue, const char *number, const char *conversation,
                            const lcc_report *warnings, const char *warning)
{
    char utc[48], date[16], time[16], local[40];
    cc_utc(utc, sizeof utc, ms);
    local_parts(q->h, zone, ms, date, sizeof date, time, sizeof time);
    snprintf(local, sizeof local, "%s %s", date, time);
    jw *w = nh_result(q);
    jw_obj(w);
    jw_kstr(w, "id", id);
    jw_kstr(w, "scheduled", utc);
    jw_kstr(w, "local", local);
    jw_kstr(w, "time_zone", zone);
    jw_kstr(w, "queue_id", queue);
    jw_kstr(w, "number", number);
    if (conversation)
        jw_kstr(w, "conversation_id", conversation);
    if (warning)
        jw_kstr(w, "warning", warning);
    jw_key(w, "report");
    cc_report_json_placed(w, warnings);
    jw_obj_end(w);
    nh_result_end(q);
}

/* The end of an operation: LCC_OK, or replied with the backend's refusal
 * or with why `action` ("schedule", ...) failed otherwise (out of memory,
 * no answer, ...: not a refusal). */
static lcc_status finish(nh_req *q, lcc_op *op, const char *action)
{
    lcc_status st = lcc_context_wait(q->h->ctx, op, -1);
    if (st == LCC_OK)
        return st;
    const lcc_report *r = lcc_op_report(op);
    int refused = st == LCC_EVALIDATION || st == LCC_EREJECTED || st == LCC_ETAKEOVER ||
                  st == LCC_EPERM;
    if (refused && r && lcc_report_count(r) > 0)
        nh_error_status(q, st, r, NULL);
    else
        nh_error(q, cc_status_name(st), r, "%s %s the callback: %s",
                 refused ? "the backend refused to" : "could not", action,
                 *lcc_op_message(op) ? lcc_op_message(op) : lcc_status_str(st));
    return st;
}

void m_callback_schedule(nh_req *q)
{
    nh_host *h = q->h;
    cb_params p;
    if (read_form(q, &p, 1) != 0)
        return;
    lcc_callback_draft *d = make_draft(q, &p, NULL);
    if (!d)
        return;
    char zone[128];
    snprintf(zone, sizeof zone, "%s", lcc_callback_draft_time_zone(d));
    lcc_callback *cb = NULL;
    lcc_report *r = NULL;
    lcc_status st = lcc_callback_draft_commit(&cb, &r, d);
    lcc_callback_draft_free(d);
    if (st != LCC_OK) {
        nh_error_status(q, st, r, "commit");
        lcc_report_free(r);
        return;
    }
    lcc_op *op = NULL;
    st = lcc_callback_submit(&op, cb, 0);
    if (st != LCC_OK)
        nh_error_status(q, st, NULL, "submit");
    else if ((st = finish(q, op, "schedule")) == LCC_OK) {
        hold(h, cb);
        callback_result(q, lcc_callback_remote_id(cb), lcc_callback_scheduled_ms(cb), zone,
                        lcc_callback_queue_id(cb), lcc_callback_number(cb),
                        lcc_callback_conversation_id(cb), r, NULL);
    } else if (lcc_callback_get_sync(cb) == LCC_SYNC_UNKNOWN) {
        nh_log("callback.schedule: the request may have reached the backend: check it "
               "before scheduling again");
    }
    /* The backend does not have it (the submission failed before reaching
     * it): withdrawn, so that the agent's next request for this call is not
     * refused CB-SINGLE by this one. */
    lcc_callback_sync sync = lcc_callback_get_sync(cb);
    if (st != LCC_OK && lcc_callback_get_state(cb) == LCC_CALLBACK_SCHEDULED &&
        (sync == LCC_SYNC_LOCAL || sync == LCC_SYNC_FAILED))
        lcc_callback_withdraw(cb);
    lcc_op_free(op);
    lcc_report_free(r);
}

/* ---- callback.list ---- */

static const char *const state_names[] = {"scheduled", "waiting", "offered",
                                          "connected", "ended",   "cancelled"};

void m_callback_list(nh_req *q)
{
    nh_host *h = q->h;
    const char *queue = NULL, *state = NULL, *agent = NULL;
    unsigned long limit = 100, offset = 0;
    if (nh_param_str(q, "queue_id", 0, &queue) || nh_param_str(q, "state", 0, &state) ||
        nh_param_str(q, "agent_id", 0, &agent) || nh_param_uint(q, "limit", 1000, &limit) ||
        nh_param_uint(q, "offset", 1ul << 30, &offset))
        return;
    if (!h->eng) {
        nh_error(q, "ENOTSUP", NULL,
                 "the cloud API has no list of callbacks: callback.list needs the engine backend");
        return;
    }
    lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
    f.queue_id = queue && *queue ? queue : NULL;
    f.agent_id = agent && *agent ? agent : NULL;
    f.limit = limit ? limit : 100;
    f.offset = offset;
    if (state && *state) {
        f.state = -1;
        for (size_t i = 0; i < sizeof state_names / sizeof state_names[0]; i++)
            if (strcmp(state, state_names[i]) == 0)
                f.state = (int)i;
        if (f.state < 0) {
            nh_error_param(q, "state",
                           "params.state: scheduled, waiting, offered, connected, ended or "
                           "cancelled");
            return;
        }
    }
    lcc_callback_list *list = NULL;
    lcc_status st = lcc_engine_list_callbacks(&list, h->eng, &f);
    if (st != LCC_OK) {
        nh_error_status(q, st, NULL, "list");
        return;
    }
    jw *w = nh_result(q);
    jw_obj(w);
    jw_key(w, "callbacks");
    jw_arr(w);
    for (size_t i = 0; i < lcc_callback_list_count(list); i++) {
        char utc[48];
        lcc_engine_state s = lcc_callback_list_state(list, i);
        cc_utc(utc, sizeof utc, lcc_callback_list_scheduled_ms(list, i));
        jw_obj(w);
        jw_kstr(w, "id", lcc_callback_list_id(list, i));
        jw_kstr(w, "state", (size_t)s < 6 ? state_names[s] : "?");
        jw_kstr(w, "scheduled", utc);
        jw_kstr(w, "queue_id", lcc_callback_list_queue_id(list, i));
        jw_kstr(w, "number", lcc_callback_list_number(list, i));
        jw_kstr(w, "agent_id", lcc_callback_list_agent_id(list, i));
        jw_kstr(w, "owner_id", lcc_callback_list_owner_id(list, i));
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "total");
    jw_uint(w, lcc_callback_list_total(list));
    jw_obj_end(w);
    nh_result_end(q);
    lcc_callback_list_free(list);
}

/* ---- HTTP: taking in a callback of the backend ---- */

/* The transport of the taking-in step.  It sends nothing: the creation
 * request "may have reached the backend", which is what lets the handle
 * take the backend's id. */
static lcc_status adopt_send(lcc_request *req, void *user_data)
{
    (void)user_data;
    lcc_request_fail(req, LCC_EUNKNOWN_OUTCOME, "not sent: taking in a callback of the backend");
    return LCC_OK;
}

static lcc_status restore_backend(nh_host *h)
{
    lcc_context_set_access_token(h->ctx, NULL, 0);
    lcc_status st = lcc_context_set_client_credentials(h->ctx, getenv("LCC_CLIENT_ID"),
                                                       getenv("LCC_CLIENT_SECRET"));
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.ca_file = h->cfg.ca_file;
    if (st == LCC_OK)
        st = lcc_curl_transport_install(NULL, h->ctx, &cp);
    return st;
}

/* The local handle of the backend's callback `id`: one this process holds,
 * or one taken in and read back.  NULL after replying. */
static lcc_callback *remote_callback(nh_req *q, const char *id)
{
    nh_host *h = q->h;
    for (size_t i = 0; i < h->n_held; i++) {
        const char *rid = lcc_callback_remote_id(h->held[i]);
        if (rid && strcmp(rid, id) == 0)
            return h->held[i];
    }
    lcc_context *ctx = h->ctx;
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = adopt_send;
    lcc_status st = lcc_context_set_client_credentials(ctx, NULL, NULL);
    if (st == LCC_OK)
        st = lcc_context_set_access_token(ctx, "taking-in", 0);
    if (st == LCC_OK)
        st = lcc_context_set_transport(ctx, &t);
    lcc_callback *cb = NULL;
    lcc_conversation *conv = NULL;
    lcc_callback_draft *d = NULL;
    char conv_id[64];
    cc_random_id(conv_id, sizeof conv_id, "nh-taken-in");
    if (st == LCC_OK)
        st = nh_local_queue(h, "contactcore-taken-in");
    if (st == LCC_OK)
        st = lcc_conversation_new(&conv, ctx, conv_id, LCC_MEDIA_CALL);
    if (st == LCC_OK)
        st = lcc_conversation_set_queue(conv, "contactcore-taken-in");
    if (st == LCC_OK)
        st = lcc_callback_draft_new(&d, ctx, conv, h->agent);
    if (st == LCC_OK)
        st = lcc_callback_draft_set_number(d, "+12125550100", NULL); /* a stand-in: only the id is used */
    if (st == LCC_OK)
        st = lcc_callback_draft_set_immediate(d, 1);
    if (st == LCC_OK)
        st = lcc_callback_draft_commit(&cb, NULL, d);
    lcc_callback_draft_free(d);
    lcc_op *op = NULL;
    if (st == LCC_OK && lcc_callback_submit(&op, cb, 0) == LCC_OK)
        lcc_context_wait(ctx, op, -1);
    lcc_op_free(op);
    op = NULL;
    if (st == LCC_OK && (!cb || lcc_callback_get_sync(cb) != LCC_SYNC_UNKNOWN))
        st = LCC_ESTATE;
    if (st == LCC_OK)
        st = lcc_callback_set_remote_id(cb, id);
    lcc_status back = restore_backend(h);
    if (st != LCC_OK || back != LCC_OK) {
        nh_error_status(q, st != LCC_OK ? st : back, NULL, "taking in the callback");
        return NULL;
    }
    st = lcc_callback_fetch(&op, cb);
    if (st == LCC_OK)
        st = lcc_context_wait(ctx, op, -1);
    if (st != LCC_OK) {
        int missing = st == LCC_ENOTFOUND || (op && lcc_op_http_status(op) == 404);
        nh_error(q, missing ? "ENOTFOUND" : cc_status_name(st), NULL, "callback %.200s: %s", id,
                 op && *lcc_op_message(op) ? lcc_op_message(op) : lcc_status_str(st));
        lcc_op_free(op);
        return NULL;
    }
    lcc_op_free(op);
    hold(h, cb);
    return cb;
}

/* ---- callback.cancel ---- */

void m_callback_cancel(nh_req *q)
{
    nh_host *h = q->h;
    const char *id = NULL;
    if (nh_param_str(q, "id", 1, &id) != 0 || nh_need_agent(q) != 0)
        return;
    lcc_report *r = NULL;
    lcc_status st;
    if (h->eng) {
        st = lcc_engine_cancel_callback(&r, h->eng, lcc_agent_id(h->agent), id);
        if (st == LCC_ENOTFOUND)
            nh_error(q, "ENOTFOUND", NULL, "no callback \"%.200s\"", id);
        else if (st != LCC_OK)
            nh_error_status(q, st, r, "cancel");
    } else {
        lcc_callback *cb = remote_callback(q, id);
        if (!cb)
            return;
        lcc_op *op = NULL;
        st = lcc_callback_cancel_remote(&op, &r, cb, h->agent);
        if (st != LCC_OK)
            nh_error_status(q, st, r, "cancel");
        else
            st = finish(q, op, "cancel");
        lcc_op_free(op);
    }
    if (st == LCC_OK) {
        jw *w = nh_result(q);
        jw_obj(w);
        jw_kstr(w, "id", id);
        jw_kstr(w, "state", "cancelled");
        jw_obj_end(w);
        nh_result_end(q);
    }
    lcc_report_free(r);
}

/* ---- callback.reschedule ---- */

void m_callback_reschedule(nh_req *q)
{
    nh_host *h = q->h;
    const char *id = NULL;
    cb_params p;
    if (nh_param_str(q, "id", 1, &id) != 0 || read_form(q, &p, 0) != 0 ||
        nh_need_agent(q) != 0)
        return;
    if (!p.date || !p.time) {
        const char *fields[2], *messages[2];
        size_t n = 0;
        if (!p.date) {
            fields[n] = "date";
            messages[n++] = "params.date is required (YYYY-MM-DD)";
        }
        if (!p.time) {
            fields[n] = "time";
            messages[n++] = "params.time is required (HH:MM)";
        }
        nh_error_inputs(q, n, fields, messages);
        return;
    }
    const char *zone = p.zone ? p.zone : nh_agent_zone(h);
    lcc_status st = lcc_tz_check(h->ctx, zone);
    if (st != LCC_OK) {
        nh_error_field(q, cc_status_name(st), "time_zone", "%s", lcc_context_errmsg(h->ctx));
        return;
    }
    int64_t ms = 0;
    unsigned flags = 0;
    st = lcc_tz_local_to_utc(&ms, &flags, h->ctx, zone, p.y, p.mo, p.d, p.hh, p.mi, 0,
                             LCC_DISAMBIGUATE_COMPATIBLE);
    if (st != LCC_OK) {
        nh_error_field(q, cc_status_name(st), "date", "%s", lcc_context_errmsg(h->ctx));
        return;
    }
    const char *warning = flags & LCC_TZ_IN_GAP    ? "the clocks skip that time: moved forward"
                          : flags & LCC_TZ_IN_FOLD ? "that time occurs twice: the earlier one"
                                                   : NULL;
    lcc_report *r = NULL;
    if (h->eng) {
        st = lcc_engine_reschedule_callback(&r, h->eng, lcc_agent_id(h->agent), id, ms);
        if (st == LCC_ENOTFOUND) {
            nh_error(q, "ENOTFOUND", NULL, "no callback \"%.200s\"", id);
        } else if (st != LCC_OK) {
            nh_error_status(q, st, r, "reschedule");
        } else {
            /* its queue and number: the one callback at that very instant with this id */
            lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
            f.from_ms = ms;
            f.to_ms = ms + 1;
            f.limit = 1000;
            lcc_callback_list *list = NULL;
            const char *queue = NULL, *number = NULL;
            if (lcc_engine_list_callbacks(&list, h->eng, &f) == LCC_OK)
                for (size_t i = 0; i < lcc_callback_list_count(list); i++)
                    if (strcmp(lcc_callback_list_id(list, i), id) == 0) {
                        queue = lcc_callback_list_queue_id(list, i);
                        number = lcc_callback_list_number(list, i);
                    }
            callback_result(q, id, ms, zone, queue, number, NULL, NULL, warning);
            lcc_callback_list_free(list);
        }
    } else {
        lcc_callback *cb = remote_callback(q, id);
        if (!cb)
            return;
        lcc_op *op = NULL;
        st = lcc_callback_reschedule_remote(&op, &r, cb, h->agent, ms);
        if (st != LCC_OK)
            nh_error_status(q, st, r, "reschedule");
        else if (finish(q, op, "reschedule") == LCC_OK)
            callback_result(q, id, lcc_callback_scheduled_ms(cb), zone, lcc_callback_queue_id(cb),
                            lcc_callback_number(cb), NULL, NULL, warning);
        lcc_op_free(op);
    }
    lcc_report_free(r);
}
