/* contactcore-native-host: one message in, one reply out.
 *
 * A message must be valid UTF-8 and JSON, an object with an "id" (a number
 * or a string, echoed as it came), a "method" (a string) and optionally
 * "params" (an object).  What cannot be read as a request is answered with
 * {"id": null, "error": {"code": "EINVAL", ...}} (the id when it could be
 * read) and the host goes on with the next message.  The reply is written
 * into a buffer that stops at 1 MiB: a bigger one is replaced by an
 * ETOOBIG error, so the browser never gets a message it refuses.
 */
#include "host.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    nh_method_fn fn;
} methods[] = {
    {"hello", m_hello},
    {"ping", m_ping},
    {"callback.defaults", m_callback_defaults},
    {"callback.validate", m_callback_validate},
    {"callback.schedule", m_callback_schedule},
    {"callback.list", m_callback_list},
    {"callback.cancel", m_callback_cancel},
    {"callback.reschedule", m_callback_reschedule},
    {"text.measure", m_text_measure},
    {"message.send", m_message_send},
    {"social.reply", m_social_reply},
    {"tz.list", m_tz_list},
    {"tz.convert", m_tz_convert},
};

/* ---- writing replies ---- */

void nh_send(nh_host *h)
{
    if (h->stop && h->exit_code == NH_EXIT_STREAM)
        return; /* stdout is gone already */
    if (nh_write_frame(h->out_fd, h->out.buf, h->out.len) != 0) {
        nh_log("cannot write to stdout (%s): the browser closed the port; exiting",
               errno == EPIPE ? "EPIPE" : strerror(errno));
        h->stop = 1;
        h->exit_code = NH_EXIT_STREAM;
    }
}

static void write_id(jw *w, const cJSON *id)
{
    jw_key(w, "id");
    if (!id)
        jw_null(w);
    else if (cJSON_IsString(id))
        jw_str(w, id->valuestring);
    else if (id->valuedouble == floor(id->valuedouble) && fabs(id->valuedouble) < 9007199254740992.0)
        jw_int(w, (long long)id->valuedouble);
    else
        jw_double(w, id->valuedouble);
}

static void begin(nh_req *q)
{
    jw_init_mem(&q->w, &q->h->out);
    jw_obj(&q->w);
    write_id(&q->w, q->id);
}

jw *nh_result(nh_req *q)
{
    begin(q);
    jw_key(&q->w, "result");
    return &q->w;
}

void nh_result_end(nh_req *q)
{
    jw_obj_end(&q->w);
    q->answered = 1;
}

static void error_v(nh_req *q, const char *code, const lcc_report *rep, const char *field,
                    const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    begin(q);
    jw *w = &q->w;
    jw_key(w, "error");
    jw_obj(w);
    jw_kstr(w, "code", code);
    jw_kstr(w, "message", msg);
    if (rep && lcc_report_count(rep) > 0) {
        jw_key(w, "report");
        cc_report_json_placed(w, rep);
    } else if (field && strcmp(code, "ENOMEM") != 0) {
        /* one entry, so that a form shows it next to the field (out of
         * memory is not the field's fault) */
        jw_key(w, "report");
        jw_arr(w);
        jw_obj(w);
        jw_kstr(w, "rule", "INPUT");
        jw_kstr(w, "field", field);
        jw_kstr(w, "code", code);
        jw_kstr(w, "severity", "error");
        jw_kstr(w, "message", msg);
        jw_kint(w, "line", 0);
        jw_kint(w, "column", 0);
        jw_obj_end(w);
        jw_arr_end(w);
    }
    jw_obj_end(w);
    jw_obj_end(w);
    q->answered = 1;
}

void nh_error(nh_req *q, const char *code, const lcc_report *rep, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_v(q, code, rep, NULL, fmt, ap);
    va_end(ap);
}

void nh_error_param(nh_req *q, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_v(q, "EINVAL", NULL, field, fmt, ap);
    va_end(ap);
}

void nh_error_field(nh_req *q, const char *code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_v(q, code, NULL, field, fmt, ap);
    va_end(ap);
}

void nh_error_inputs(nh_req *q, size_t n, const char *const *fields,
                     const char *const *messages)
{
    begin(q);
    jw *w = &q->w;
    jw_key(w, "error");
    jw_obj(w);
    jw_kstr(w, "code", "EINVAL");
    char msg[1024];
    snprintf(msg, sizeof msg, "%s (%zu problem%s)", n ? messages[0] : "invalid parameters", n,
             n == 1 ? "" : "s");
    jw_kstr(w, "message", msg);
    jw_key(w, "report");
    jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        jw_obj(w);
        jw_kstr(w, "rule", "INPUT");
        jw_kstr(w, "field", fields[i]);
        jw_kstr(w, "code", "EINVAL");
        jw_kstr(w, "severity", "error");
        jw_kstr(w, "message", messages[i]);
        jw_kint(w, "line", 0);
        jw_kint(w, "column", 0);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
    jw_obj_end(w);
    q->answered = 1;
}

void nh_error_status(nh_req *q, lcc_status st, const lcc_report *rep, const char *what)
{
    size_t errors = lcc_report_error_count(rep);
    for (size_t i = 0; errors && i < lcc_report_count(rep); i++) {
        if (lcc_report_severity(rep, i) != LCC_SEVERITY_ERROR)
            continue;
        nh_error(q, cc_status_name(st), rep, "%s: %s (%zu problem%s)", lcc_report_rule(rep, i),
                 lcc_report_message(rep, i), errors, errors == 1 ? "" : "s");
        return;
    }
    const char *detail = q->h->ctx ? lcc_context_errmsg(q->h->ctx) : "";
    nh_error(q, cc_status_name(st), rep, "%s%s%s", what ? what : "", what ? ": " : "",
             *detail ? detail : lcc_status_str(st));
}

void nh_reply_error_noid(nh_host *h, const char *code, const char *fmt, ...)
{
    nh_req q = {.h = h};
    va_list ap;
    va_start(ap, fmt);
    error_v(&q, code, NULL, NULL, fmt, ap);
    va_end(ap);
    nh_send(h);
}

/* ---- parameters ---- */

static const cJSON *param(nh_req *q, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(q->params, key);
    return v && !cJSON_IsNull(v) ? v : NULL;
}

int nh_param_str(nh_req *q, const char *key, int required, const char **out)
{
    const cJSON *v = param(q, key);
    if (!v) {
        if (required) {
            nh_error_param(q, key, "params.%s is required", key);
            return -1;
        }
        return 0;
    }
    if (!cJSON_IsString(v)) {
        nh_error_param(q, key, "params.%s: expected a string", key);
        return -1;
    }
    if (required && !*v->valuestring) {
        nh_error_param(q, key, "params.%s is empty", key);
        return -1;
    }
    *out = v->valuestring;
    return 0;
}

int nh_param_bool(nh_req *q, const char *key, int *out)
{
    const cJSON *v = param(q, key);
    if (!v)
        return 0;
    if (!cJSON_IsBool(v)) {
        nh_error_param(q, key, "params.%s: expected true or false", key);
        return -1;
    }
    *out = cJSON_IsTrue(v);
    return 0;
}

int nh_param_uint(nh_req *q, const char *key, unsigned long max, unsigned long *out)
{
    const cJSON *v = param(q, key);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > (double)max ||
        v->valuedouble != floor(v->valuedouble)) {
        nh_error_param(q, key, "params.%s: expected a whole number from 0 to %lu", key, max);
        return -1;
    }
    *out = (unsigned long)v->valuedouble;
    return 0;
}

int nh_need_agent(nh_req *q)
{
    if (q->h->agent)
        return 0;
    nh_error(q, "ENOTFOUND", NULL,
             "no agent \"%s\" in the engine's directory (%s): set \"agent\" in the "
             "configuration, add it (contactcore directory add-agent), or set \"demo\": true",
             q->h->cfg.agent, q->h->cfg.store);
    return -1;
}

/* ---- one message ---- */

static int id_usable(const cJSON *id)
{
    return id && (cJSON_IsString(id) || (cJSON_IsNumber(id) && isfinite(id->valuedouble)));
}

void nh_handle_frame(nh_host *h, const char *body, size_t len)
{
    nh_req q = {.h = h};
    h->handled++;
    if (!cc_utf8_valid(body, len)) {
        nh_log("a message of %zu bytes is not valid UTF-8: answered EINVAL", len);
        nh_reply_error_noid(h, "EINVAL", "the message is not valid UTF-8");
        return;
    }
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (doc) { /* one value, then only white space */
        const char *p = end && end >= body && end <= body + len ? end : body + len;
        while (p < body + len && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p < body + len) {
            cJSON_Delete(doc);
            doc = NULL;
            end = p;
        }
    }
    if (!doc) {
        size_t at = end && end >= body && end <= body + len ? (size_t)(end - body) : 0;
        nh_log("a message of %zu bytes is not JSON (at byte %zu): answered EINVAL", len, at);
        nh_reply_error_noid(h, "EINVAL", "the message is not valid JSON (at byte %zu)", at);
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(doc, "method");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(doc, "params");
    cJSON *empty = NULL;
    if (!cJSON_IsObject(doc)) {
        nh_reply_error_noid(h, "EINVAL", "a request is a JSON object {id, method, params}");
        goto out;
    }
    if (!id_usable(id)) {
        nh_reply_error_noid(h, "EINVAL", "a request needs an \"id\": a number or a string");
        goto out;
    }
    q.id = id;
    if (!h->cfg_ok) {
        nh_error(&q, "ECONFIG", NULL, "%s", h->cfg_error);
        nh_send(h);
        h->stop = 1;
        h->exit_code = NH_EXIT_CONFIG;
        goto out;
    }
    if (!cJSON_IsString(method)) {
        nh_error(&q, "EINVAL", NULL, "a request needs a \"method\": a string");
        nh_send(h);
        goto out;
    }
    if (params && !cJSON_IsNull(params) && !cJSON_IsObject(params)) {
        nh_error_param(&q, "params", "\"params\" must be an object");
        nh_send(h);
        goto out;
    }
    if (!params || cJSON_IsNull(params))
        params = empty = cJSON_CreateObject();
    q.params = params;
    nh_method_fn fn = NULL;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(method->valuestring, methods[i].name) == 0) {
            fn = methods[i].fn;
            break;
        }
    if (!fn)
        nh_error(&q, "ENOMETHOD", NULL, "unknown method \"%.200s\"", method->valuestring);
    else if (!params)
        nh_error(&q, "ENOMEM", NULL, "out of memory");
    else
        fn(&q);
    if (!q.answered)
        nh_error(&q, "EIO", NULL, "the method gave no answer");
    if (h->out.overflow) {
        size_t limit = h->out.limit;
        nh_error(&q, "ETOOBIG", NULL,
                 "the reply would be over %zu bytes, the most a browser accepts from a host",
                 limit);
    } else if (h->out.oom) {
        nh_error(&q, "ENOMEM", NULL, "out of memory writing the reply");
    }
    nh_send(h);
out:
    cJSON_Delete(empty);
    cJSON_Delete(doc);
}

void nh_refuse_origin(nh_host *h, const char *body, size_t len)
{
    cJSON *doc = cc_utf8_valid(body, len) ? cJSON_ParseWithLength(body, len) : NULL;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
    nh_req q = {.h = h, .id = id_usable(id) ? id : NULL};
    const char *where = h->cfg.path[0] ? h->cfg.path : "the configuration (none was found)";
    if (h->origin && *h->origin)
        nh_error(&q, "EORIGIN", NULL,
                 "the caller %.200s is not allowed: its origin is not in \"allowed_origins\" of "
                 "%s (contactcore-native-host install --extension-id ID adds it)",
                 h->origin, where);
    else
        nh_error(&q, "EORIGIN", NULL,
                 "no caller origin on the command line: a browser starts the host with the "
                 "extension's origin as its first argument");
    nh_log("refused the caller %s: not in allowed_origins of %s", h->origin ? h->origin : "(none)",
           where);
    nh_send(h);
    cJSON_Delete(doc);
    h->stop = 1;
    h->exit_code = NH_EXIT_STREAM;
}

/* ---- events ---- */

static const char *event_name(lcc_event_type t)
{
    switch (t) {
    case LCC_EVENT_CALLBACK_CREATED: return "callback.created";
    case LCC_EVENT_CALLBACK_UPDATED: return "callback.updated";
    case LCC_EVENT_CALLBACK_CANCELLED: return "callback.cancelled";
    case LCC_EVENT_CALLBACK_REJECTED: return "callback.rejected";
    case LCC_EVENT_ENGINE_SCHEDULED: return "engine.scheduled";
    case LCC_EVENT_ENGINE_RESCHEDULED: return "engine.rescheduled";
    case LCC_EVENT_ENGINE_CANCELLED: return "engine.cancelled";
    case LCC_EVENT_ENGINE_DUE: return "engine.due";
    case LCC_EVENT_ENGINE_OWNERSHIP_EXPIRED: return "engine.ownership_expired";
    case LCC_EVENT_ENGINE_QUEUED: return "engine.queued";
    case LCC_EVENT_ENGINE_OFFERED: return "engine.offered";
    case LCC_EVENT_ENGINE_ACCEPTED: return "engine.accepted";
    case LCC_EVENT_ENGINE_DECLINED: return "engine.declined";
    case LCC_EVENT_ENGINE_ENDED: return "engine.ended";
    case LCC_EVENT_ENGINE_AGENT_STATUS: return "engine.agent_status";
    case LCC_EVENT_ENGINE_MESSAGE: return "engine.message";
    case LCC_EVENT_MESSAGE_DELIVERY: return "message.delivery";
    case LCC_EVENT_ENGINE_DIALING: return "engine.dialing";
    default: return NULL; /* operation done (the methods wait for theirs), IVR */
    }
}

static void kstr_opt(jw *w, const char *key, const char *v)
{
    if (v)
        jw_kstr(w, key, v);
}

static void event_json(jw *w, const lcc_event *ev, lcc_event_type t)
{
    char buf[48];
    jw_obj(w);
    jw_kstr(w, "event", event_name(t));
    jw_key(w, "data");
    jw_obj(w);
    lcc_callback *cb = lcc_event_callback(ev);
    if (cb) {
        const char *remote = lcc_callback_remote_id(cb);
        jw_kstr(w, "callback_id", remote ? remote : lcc_callback_id(cb));
        jw_kstr(w, "conversation_id", lcc_callback_conversation_id(cb));
        jw_kstr(w, "queue_id", lcc_callback_queue_id(cb));
        int64_t ms = lcc_callback_scheduled_ms(cb);
        if (ms != LCC_CALLBACK_ASAP) {
            cc_utc(buf, sizeof buf, ms);
            jw_kstr(w, "scheduled", buf);
        }
    } else {
        kstr_opt(w, "conversation_id", lcc_event_conversation_id(ev));
        kstr_opt(w, "agent_id", lcc_event_agent_id(ev));
        kstr_opt(w, "queue_id", lcc_event_queue_id(ev));
        if (lcc_event_time_ms(ev)) { /* whole seconds, as every instant of the protocol */
            cc_utc(buf, sizeof buf, lcc_event_time_ms(ev) / 1000 * 1000);
            jw_kstr(w, "time", buf);
        }
        if (lcc_event_scheduled_ms(ev) && lcc_event_scheduled_ms(ev) != LCC_CALLBACK_ASAP) {
            cc_utc(buf, sizeof buf, lcc_event_scheduled_ms(ev));
            jw_kstr(w, "scheduled", buf);
        }
    }
    if (t == LCC_EVENT_ENGINE_AGENT_STATUS) {
        static const char *const presence[] = {"offline", "available", "busy", "away"};
        static const char *const routing[] = {"off_queue", "idle", "interacting",
                                              "not_responding"};
        int p = lcc_event_presence(ev), r = lcc_event_routing_status(ev);
        if (p >= 0 && p < 4)
            jw_kstr(w, "presence", presence[p]);
        if (r >= 0 && r < 4)
            jw_kstr(w, "routing_status", routing[r]);
    }
    if (t == LCC_EVENT_ENGINE_MESSAGE || t == LCC_EVENT_MESSAGE_DELIVERY) {
        kstr_opt(w, "message_id", lcc_event_message_id(ev));
        jw_kstr(w, "state", nh_delivery_name(lcc_event_delivery_state(ev)));
    }
    kstr_opt(w, "number", lcc_event_number(ev));
    if (lcc_event_status(ev) != LCC_OK)
        jw_kstr(w, "status", cc_status_name(lcc_event_status(ev)));
    jw_obj_end(w);
    jw_obj_end(w);
}

void nh_push_events(nh_host *h)
{
    lcc_event *ev;
    while (h->ctx && !h->stop && (ev = lcc_context_next_event(h->ctx))) {
        lcc_event_type t = lcc_event_get_type(ev);
        if (event_name(t)) {
            jw w;
            jw_init_mem(&w, &h->out);
            event_json(&w, ev, t);
            if (!h->out.overflow && !h->out.oom)
                nh_send(h);
        }
        lcc_event_free(ev);
    }
}
