/* contactcore-native-host: hello, ping, text.measure, tz.list, tz.convert. */
#include "host.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- hello ---- */

void m_hello(nh_req *q)
{
    nh_host *h = q->h;
    jw *w = nh_result(q);
    jw_obj(w);
    jw_kstr(w, "version", lcc_version());
    jw_kstr(w, "backend", h->remote ? "http" : "engine");
    jw_key(w, "agent");
    if (h->agent) {
        jw_obj(w);
        jw_kstr(w, "id", lcc_agent_id(h->agent));
        jw_kstr(w, "name", lcc_agent_name(h->agent));
        jw_kstr(w, "time_zone", nh_agent_zone(h));
        jw_obj_end(w);
    } else {
        jw_null(w);
    }
    if (h->demo.on) {
        jw_key(w, "demo");
        jw_obj(w);
        jw_kstr(w, "conversation_id", h->demo.conversation);
        if (h->demo.social[0]) {
            jw_kstr(w, "social_conversation_id", h->demo.social);
            jw_kstr(w, "social_message_id", h->demo.social_message);
            jw_kstr(w, "social_channel", cc_channel_name(h->demo.social_channel));
        }
        jw_obj_end(w);
    }
    jw_kint(w, "max_request_bytes", (long long)h->cfg.max_request);
    jw_kint(w, "max_reply_bytes", (long long)NH_MAX_REPLY);
    jw_obj_end(w);
    nh_result_end(q);
}

/* ---- ping ---- */

/* A JSON value as it came (numbers as the double cJSON read). */
static void echo(jw *w, const cJSON *v)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        int obj = cJSON_IsObject(v);
        if (obj)
            jw_obj(w);
        else
            jw_arr(w);
        for (const cJSON *c = v->child; c; c = c->next) {
            if (obj)
                jw_key(w, c->string);
            echo(w, c);
        }
        if (obj)
            jw_obj_end(w);
        else
            jw_arr_end(w);
    } else if (cJSON_IsString(v)) {
        jw_str(w, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 9007199254740992.0)
            jw_int(w, (long long)d);
        else
            jw_double(w, d);
    } else if (cJSON_IsBool(v)) {
        jw_bool(w, cJSON_IsTrue(v));
    } else {
        jw_null(w);
    }
}

static int depth_of(const cJSON *v)
{
    int d = 0;
    for (const cJSON *c = v ? v->child : NULL; c; c = c->next) {
        int cd = depth_of(c);
        if (cd > d)
            d = cd;
    }
    return v && (cJSON_IsObject(v) || cJSON_IsArray(v)) ? d + 1 : d;
}

void m_ping(nh_req *q)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(q->params, "data");
    unsigned long pad = 0;
    if (nh_param_uint(q, "pad", 16ul << 20, &pad) != 0)
        return;
    if (data && depth_of(data) > 32) {
        nh_error_param(q, "data", "params.data is nested more than 32 levels deep");
        return;
    }
    char *padding = NULL;
    size_t npad = pad > NH_MAX_REPLY ? NH_MAX_REPLY + 1 : pad; /* more is over the limit anyway */
    if (npad) {
        padding = malloc(npad);
        if (!padding) {
            nh_error(q, "ENOMEM", NULL, "out of memory");
            return;
        }
        memset(padding, 'x', npad);
    }
    jw *w = nh_result(q);
    jw_obj(w);
    if (data) {
        jw_key(w, "data");
        echo(w, data);
    }
    if (pad) {
        jw_key(w, "pad");
        jw_strn(w, padding, npad);
    }
    jw_obj_end(w);
    nh_result_end(q);
    free(padding);
}

/* ---- text.measure ---- */

void m_text_measure(nh_req *q)
{
    const char *text = NULL, *channel_s = NULL;
    if (nh_param_str(q, "text", 0, &text) != 0 || nh_param_str(q, "channel", 0, &channel_s) != 0)
        return;
    if (!text) {
        nh_error_param(q, "text", "params.text is required");
        return;
    }
    lcc_channel channel = LCC_CHANNEL_SMS;
    if (channel_s && cc_parse_channel(channel_s, &channel) != 0) {
        nh_error_param(q, "channel",
                       "unknown channel \"%.60s\": sms, whatsapp, email, open, web, facebook, "
                       "instagram, twitter (or x), social",
                       channel_s);
        return;
    }
    size_t len = strlen(text);
    lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
    lcc_status st = lcc_text_measure(&m, channel, text, len);
    if (st != LCC_OK) {
        nh_error_field(q, cc_status_name(st), "text", "the text cannot be measured: %s",
                       lcc_status_str(st));
        return;
    }
    size_t *offsets = NULL, count = 0;
    if (channel == LCC_CHANNEL_SMS && m.segments > 0) {
        offsets = calloc(m.segments, sizeof *offsets);
        if (!offsets || lcc_text_sms_segments(offsets, m.segments, &count, text, len) != LCC_OK)
            count = 0;
    }
    static const char *const encodings[] = {"gsm7", "ucs2", "none", "none"};
    static const char *const units[] = {"septets", "units", "characters", "weighted"};
    unsigned e = (unsigned)m.encoding < 4 ? (unsigned)m.encoding : 2;
    jw *w = nh_result(q);
    jw_obj(w);
    jw_kstr(w, "channel", cc_channel_name(channel));
    jw_kstr(w, "encoding", encodings[e]);
    jw_key(w, "length");
    jw_uint(w, m.units);
    jw_kstr(w, "unit", units[e]);
    jw_kint(w, "segments", m.segments);
    jw_kint(w, "remaining_in_segment", m.segment_remaining);
    jw_key(w, "limit");
    if (m.limit)
        jw_uint(w, m.limit);
    else
        jw_null(w);
    jw_key(w, "remaining");
    if (m.limit)
        jw_int(w, m.remaining);
    else
        jw_null(w);
    jw_kbool(w, "over_limit", m.over_limit);
    if (channel == LCC_CHANNEL_SMS) {
        jw_key(w, "segment_offsets");
        jw_arr(w);
        for (size_t i = 0; i < count; i++)
            jw_uint(w, offsets[i]);
        jw_arr_end(w);
    }
    jw_obj_end(w);
    nh_result_end(q);
    free(offsets);
}

/* ---- tz.list, tz.convert ---- */

void m_tz_list(nh_req *q)
{
    const char *prefix = "";
    if (nh_param_str(q, "prefix", 0, &prefix) != 0)
        return;
    lcc_context *ctx = q->h->ctx;
    size_t n = lcc_tz_count(ctx), plen = strlen(prefix);
    if (n == 0) {
        nh_error(q, "EIO", NULL, "the time-zone database cannot be read: %s",
                 lcc_context_errmsg(ctx));
        return;
    }
    jw *w = nh_result(q);
    jw_obj(w);
    jw_key(w, "zones");
    jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        const char *z = lcc_tz_name(ctx, i);
        if (z && strncmp(z, prefix, plen) == 0)
            jw_str(w, z);
    }
    jw_arr_end(w);
    jw_obj_end(w);
    nh_result_end(q);
}

void m_tz_convert(nh_req *q)
{
    const char *date = NULL, *time = NULL, *from = NULL, *to = NULL;
    if (nh_param_str(q, "date", 1, &date) || nh_param_str(q, "time", 1, &time) ||
        nh_param_str(q, "from", 1, &from) || nh_param_str(q, "to", 1, &to))
        return;
    int y, mo, d, hh, mi;
    if (cc_parse_date(date, &y, &mo, &d) != 0) {
        nh_error_param(q, "date", "params.date: expected a date YYYY-MM-DD, not \"%.40s\"", date);
        return;
    }
    if (cc_parse_hm(time, &hh, &mi) != 0) {
        nh_error_param(q, "time", "params.time: expected a time HH:MM, not \"%.40s\"", time);
        return;
    }
    lcc_context *ctx = q->h->ctx;
    const char *zones[2] = {from, to}, *fields[2] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        lcc_status st = lcc_tz_check(ctx, zones[i]);
        if (st != LCC_OK) {
            nh_error_field(q, cc_status_name(st), fields[i], "%s", lcc_context_errmsg(ctx));
            return;
        }
    }
    int64_t ms;
    unsigned flags = 0;
    lcc_status st = lcc_tz_local_to_utc(&ms, &flags, ctx, from, y, mo, d, hh, mi, 0,
                                        LCC_DISAMBIGUATE_COMPATIBLE);
    int ty, tmo, td, th, tmi;
    if (st == LCC_OK)
        st = lcc_tz_utc_to_local(&ty, &tmo, &td, &th, &tmi, NULL, NULL, ctx, to, ms);
    if (st != LCC_OK) {
        nh_error_field(q, cc_status_name(st), "date", "%s", lcc_context_errmsg(ctx));
        return;
    }
    char buf[48], utc[48];
    cc_utc(utc, sizeof utc, ms);
    jw *w = nh_result(q);
    jw_obj(w);
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", ty, tmo, td);
    jw_kstr(w, "date", buf);
    snprintf(buf, sizeof buf, "%02d:%02d", th, tmi);
    jw_kstr(w, "time", buf);
    jw_kstr(w, "to", to);
    jw_kstr(w, "instant", utc);
    if (flags & LCC_TZ_IN_GAP)
        jw_kstr(w, "warning", "the clocks skip this local time in the zone it is from: moved "
                              "forward by the gap");
    else if (flags & LCC_TZ_IN_FOLD)
        jw_kstr(w, "warning", "this local time occurs twice in the zone it is from: the "
                              "earlier one");
    jw_obj_end(w);
    nh_result_end(q);
}
