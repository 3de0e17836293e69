/* contactcore callback draft|schedule|list|cancel|reschedule.
 *
 * draft and schedule go the way an agent's client goes: a conversation (the
 * one named, or a new call from the number on the queue), a draft with the
 * choices, its report, the commit, and the submission to the backend
 * (lcc_callback_submit(): the engine or the cloud checks again and answers
 * with the callback's id).  cb_schedule() is shared with import.c.
 *
 * With the engine, list, cancel and reschedule use its supervisor view
 * (lcc_engine_list_callbacks(), _cancel_callback(), _reschedule_callback())
 * on behalf of the acting agent.  Over HTTP a callback the context has not
 * created is taken in through the library's reconciliation path: a local
 * handle whose creation "may have reached the backend" is given the
 * backend's id (lcc_callback_set_remote_id()), read back with
 * lcc_callback_fetch(), then cancelled or rescheduled remotely.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

void cb_result_clear(cb_result *res)
{
    lcc_report_free(res->report);
    lcc_op_free(res->op);
    memset(res, 0, sizeof *res);
}

const lcc_report *cb_report(const cb_result *res)
{
    const lcc_report *r = res->op ? lcc_op_report(res->op) : NULL;
    return r ? r : res->report;
}

/* Records a failure of a library call in res. */
static void fail(cb_result *res, cb_outcome outcome, lcc_status st, lcc_context *ctx,
                 const char *what)
{
    res->outcome = outcome;
    res->status = st;
    snprintf(res->message, sizeof res->message, "%s: %s", what,
             *lcc_context_errmsg(ctx) ? lcc_context_errmsg(ctx) : lcc_status_str(st));
}

/* The conversation the callback is for: the one named when the context has
 * it, else a new call from the number on the queue. */
static lcc_conversation *conversation_for(cli_app *app, const cb_spec *spec, cb_result *res)
{
    char fresh[64];
    const char *id = spec->conversation;
    if (!id) {
        cc_random_id(fresh, sizeof fresh, "cli");
        id = fresh;
    }
    snprintf(res->conversation, sizeof res->conversation, "%s", id);
    lcc_conversation *conv = lcc_context_find_conversation(app->ctx, id);
    if (conv)
        return conv;
    if (cli_local_queue(app, spec->queue) != CLI_OK) {
        fail(res, CB_FAILED, LCC_ENOMEM, app->ctx, "queue");
        return NULL;
    }
    lcc_status st = lcc_conversation_new(&conv, app->ctx, id, LCC_MEDIA_CALL);
    if (st == LCC_OK && spec->queue)
        st = lcc_conversation_set_queue(conv, spec->queue);
    if (st == LCC_OK && spec->number)
        st = lcc_conversation_set_ani(conv, spec->number);
    if (st != LCC_OK) {
        fail(res, cli_exit_for(st) == CLI_REFUSED ? CB_REFUSED : CB_FAILED, st, app->ctx,
             "conversation");
        return NULL;
    }
    return conv;
}

/* A setter's refusal of what cannot be represented: a refusal of the row. */
#define SET(call, what)                                                                       \
    do {                                                                                      \
        if (st == LCC_OK && (st = (call)) != LCC_OK) {                                       \
            fail(res, cli_exit_for(st) == CLI_REFUSED ? CB_REFUSED : CB_FAILED, st, app->ctx, \
                 what);                                                                       \
        }                                                                                     \
    } while (0)

static lcc_callback_draft *make_draft(cli_app *app, const cb_spec *spec, cb_result *res)
{
    lcc_conversation *conv = conversation_for(app, spec, res);
    if (!conv)
        return NULL;
    lcc_callback_draft *d = NULL;
    lcc_status st = lcc_callback_draft_new(&d, app->ctx, conv, app->agent);
    if (st != LCC_OK) {
        fail(res, CB_FAILED, st, app->ctx, "draft");
        return NULL;
    }
    if (spec->zone)
        SET(lcc_callback_draft_set_time_zone(d, spec->zone), "time zone");
    SET(lcc_callback_draft_set_disambiguation(d, spec->how), "disambiguation");
    if (spec->asap)
        SET(lcc_callback_draft_set_immediate(d, 1), "asap");
    if (spec->has_date)
        SET(lcc_callback_draft_set_date(d, spec->year, spec->month, spec->day), "date");
    if (spec->has_time)
        SET(lcc_callback_draft_set_time(d, spec->hour, spec->minute), "time");
    if (spec->number)
        SET(lcc_callback_draft_set_number(d, spec->number, spec->country), "number");
    if (spec->queue)
        SET(lcc_callback_draft_set_queue(d, spec->queue), "queue");
    if (spec->route_to_me)
        SET(lcc_callback_draft_set_route_to_me(d, 1), "route to me");
    if (spec->own)
        SET(lcc_callback_draft_set_take_ownership(d, 1), "take ownership");
    if (spec->caller_id || spec->caller_name)
        SET(lcc_callback_draft_set_caller_id(d, spec->caller_id, spec->caller_name), "caller id");
    if (spec->callee)
        SET(lcc_callback_draft_set_callee_name(d, spec->callee), "name");
    for (size_t i = 0; i < spec->n_data; i++)
        SET(lcc_callback_draft_set_data(d, spec->data_keys[i], spec->data_values[i]), "data");
    if (st != LCC_OK) {
        lcc_callback_draft_free(d);
        return NULL;
    }
    snprintf(res->zone, sizeof res->zone, "%s",
             lcc_callback_draft_time_zone(d) ? lcc_callback_draft_time_zone(d) : "UTC");
    return d;
}

/* Commits and submits a draft; fills res. */
static void commit(cli_app *app, lcc_callback_draft *d, cb_result *res)
{
    lcc_callback *cb = NULL;
    lcc_status st = lcc_callback_draft_commit(&cb, &res->report, d);
    if (st == LCC_EVALIDATION) {
        res->outcome = CB_REFUSED;
        res->status = st;
        return;
    }
    if (st != LCC_OK) {
        fail(res, CB_FAILED, st, app->ctx, "commit");
        return;
    }
    res->callback = cb;
    res->scheduled_ms = lcc_callback_scheduled_ms(cb);
    lcc_op *op = NULL;
    st = lcc_callback_submit(&op, cb, 0);
    if (st != LCC_OK) {
        fail(res, CB_FAILED, st, app->ctx, "submit");
        return;
    }
    st = cli_wait(app, op);
    if (st == LCC_OK) {
        res->outcome = CB_OK;
        snprintf(res->id, sizeof res->id, "%s", lcc_callback_remote_id(cb));
        res->scheduled_ms = lcc_callback_scheduled_ms(cb);
    } else {
        const lcc_report *r = lcc_op_report(op);
        res->status = st;
        if ((st == LCC_EVALIDATION || st == LCC_EREJECTED) && r) {
            /* The backend's entries replace the local warnings. */
            res->outcome = CB_REFUSED;
            res->op = op;
            return;
        } else {
            res->outcome = lcc_callback_get_sync(cb) == LCC_SYNC_UNKNOWN ? CB_UNKNOWN : CB_FAILED;
            snprintf(res->message, sizeof res->message, "%s%s%s", lcc_status_str(st),
                     *lcc_op_message(op) ? ": " : "", lcc_op_message(op));
        }
    }
    lcc_op_free(op);
}

void cb_schedule(cli_app *app, const cb_spec *spec, int validate_only, cb_result *res)
{
    memset(res, 0, sizeof *res);
    lcc_callback_draft *d = make_draft(app, spec, res);
    if (!d)
        return;
    if (validate_only) {
        lcc_status st = lcc_callback_draft_validate(&res->report, d);
        res->outcome = st == LCC_OK ? CB_OK : st == LCC_EVALIDATION ? CB_REFUSED : CB_FAILED;
        res->status = st;
    } else {
        commit(app, d, res);
    }
    lcc_callback_draft_free(d);
}

/* ---- options of draft and schedule ---- */

typedef struct draft_opts {
    const char *queue, *number, *country, *at, *date, *time, *tz, *disamb, *conversation;
    const char *name, *caller_id, *caller_name, *agent;
    int asap, own, route_to_me;
    cli_list data;
} draft_opts;

/* The spec of the options; CLI_OK or CLI_USAGE after a message. */
static int spec_of(cli_app *app, draft_opts *o, cb_spec *spec, char **keys, char **values)
{
    memset(spec, 0, sizeof *spec);
    spec->queue = o->queue;
    spec->number = o->number;
    spec->country = o->country;
    spec->zone = o->tz;
    spec->conversation = o->conversation;
    spec->callee = o->name;
    spec->caller_id = o->caller_id;
    spec->caller_name = o->caller_name;
    spec->asap = o->asap;
    spec->own = o->own;
    spec->route_to_me = o->route_to_me;
    spec->how = LCC_DISAMBIGUATE_COMPATIBLE;
    if (o->disamb && cli_parse_disambiguation(o->disamb, &spec->how))
        return cli_usage(app, "--disambiguation: compatible, earlier, later or reject");
    if (o->asap && (o->at || o->date || o->time))
        return cli_usage(app, "--asap goes without --at, --date and --time");
    if (o->at && (o->date || o->time))
        return cli_usage(app, "--at gives the date and the time: no --date or --time with it");
    if (o->at) {
        int off;
        int64_t ms;
        if (cc_parse_when(o->at, &spec->year, &spec->month, &spec->day, &spec->hour,
                           &spec->minute, &off, &ms))
            return cli_usage(app, "--at %s: expected 2026-11-23T10:00 (local time)", o->at);
        if (off) { /* an instant: its local time in the callback's zone */
            const char *zone = cli_zone(app, o->tz);
            if (lcc_tz_utc_to_local(&spec->year, &spec->month, &spec->day, &spec->hour,
                                    &spec->minute, NULL, NULL, app->ctx, zone, ms) != LCC_OK)
                return out_fail(app, CLI_REFUSED, LCC_EUNKNOWN_ZONE, "--at: %s",
                                lcc_context_errmsg(app->ctx));
        }
        spec->has_date = spec->has_time = 1;
    }
    if (o->date) {
        if (cc_parse_date(o->date, &spec->year, &spec->month, &spec->day))
            return cli_usage(app, "--date %s: expected a date such as 2026-11-23", o->date);
        spec->has_date = 1;
    }
    if (o->time) {
        if (cc_parse_hm(o->time, &spec->hour, &spec->minute))
            return cli_usage(app, "--time %s: expected a time such as 10:00", o->time);
        spec->has_time = 1;
    }
    for (size_t i = 0; i < o->data.n; i++) {
        const char *eq = strchr(o->data.v[i], '=');
        if (!eq || eq == o->data.v[i])
            return cli_usage(app, "--data %s: expected KEY=VALUE", o->data.v[i]);
        keys[i] = strndup(o->data.v[i], (size_t)(eq - o->data.v[i]));
        values[i] = (char *)(eq + 1);
        if (!keys[i])
            return out_fail(app, CLI_FAILED, LCC_ENOMEM, "out of memory");
    }
    spec->data_keys = (const char **)keys;
    spec->data_values = (const char **)values;
    spec->n_data = o->data.n;
    return CLI_OK;
}

static void print_when(cli_app *app, const char *zone, int64_t ms, char *local, size_t lsize,
                       char *utc, size_t usize)
{
    if (ms == LCC_CALLBACK_ASAP) {
        snprintf(local, lsize, "as soon as possible");
        snprintf(utc, usize, "now");
        return;
    }
    cc_local(local, lsize, app->ctx, zone, ms);
    cc_utc(utc, usize, ms);
}

/* draft: what the callback would be, and its report. */
static int draft_output(cli_app *app, lcc_callback_draft *d, const cb_result *res)
{
    int y = 0, mo = 0, day = 0, h = 0, mi = 0;
    lcc_callback_draft_local_time(d, &y, &mo, &day, &h, &mi);
    const char *number = lcc_callback_draft_number(d), *queue = lcc_callback_draft_queue_id(d);
    int errors = lcc_report_error_count(res->report) > 0;
    if (app->json) {
        jw w;
        char buf[32];
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", !errors);
        jw_key(&w, "draft");
        jw_obj(&w);
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, day);
        jw_kstr(&w, "date", buf);
        snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
        jw_kstr(&w, "time", buf);
        jw_kstr(&w, "time_zone", res->zone);
        jw_kstr(&w, "number", number);
        jw_kstr(&w, "queue", queue);
        jw_kstr(&w, "conversation", res->conversation);
        jw_kstr(&w, "agent", lcc_agent_id(app->agent));
        jw_obj_end(&w);
        jw_key(&w, "report");
        cc_report_json(&w, res->report);
        jw_obj_end(&w);
        jw_end(&w);
    } else {
        printf("draft: %04d-%02d-%02d %02d:%02d %s, number %s, queue %s, agent %s\n", y, mo, day,
               h, mi, res->zone, number ? number : "(none)", queue ? queue : "(none)",
               lcc_agent_id(app->agent));
        if (lcc_report_count(res->report) == 0)
            printf("  no problems\n");
        out_report(stdout, res->report, "  ");
    }
    return errors ? CLI_REFUSED : CLI_OK;
}

static int schedule_output(cli_app *app, const cb_result *res)
{
    char local[64], utc[64];
    lcc_callback *cb = res->callback;
    if (res->outcome == CB_OK) {
        print_when(app, res->zone, res->scheduled_ms, local, sizeof local, utc, sizeof utc);
        if (app->json) {
            jw w;
            jw_init(&w, stdout);
            jw_obj(&w);
            jw_kbool(&w, "ok", 1);
            jw_key(&w, "callback");
            jw_obj(&w);
            jw_kstr(&w, "id", res->id);
            if (res->scheduled_ms == LCC_CALLBACK_ASAP) {
                jw_kstr(&w, "scheduled", NULL);
                jw_kbool(&w, "asap", 1);
            } else {
                jw_kstr(&w, "scheduled", utc);
                jw_kstr(&w, "local", local);
            }
            jw_kstr(&w, "time_zone", res->zone);
            jw_kstr(&w, "queue", lcc_callback_queue_id(cb));
            jw_kstr(&w, "number", lcc_callback_number(cb));
            jw_kstr(&w, "agent", lcc_callback_agent_id(cb));
            jw_kstr(&w, "owner", lcc_callback_owner_id(cb));
            jw_kstr(&w, "preferred_agent", lcc_callback_preferred_agent_id(cb));
            jw_kstr(&w, "conversation", res->conversation);
            jw_obj_end(&w);
            jw_key(&w, "report");
            cc_report_json(&w, res->report);
            jw_obj_end(&w);
            jw_end(&w);
        } else {
            char when[160];
            if (res->scheduled_ms == LCC_CALLBACK_ASAP)
                snprintf(when, sizeof when, "as soon as possible");
            else {
                out_local_short(local, sizeof local, app->ctx, res->zone, res->scheduled_ms);
                snprintf(when, sizeof when, "%s (%s)", local, utc);
            }
            printf("scheduled callback %s: %s, queue %s, number %s%s%s\n", res->id, when,
                   lcc_callback_queue_id(cb), lcc_callback_number(cb),
                   lcc_callback_owner_id(cb) ? ", owned by " : "",
                   lcc_callback_owner_id(cb) ? lcc_callback_owner_id(cb) : "");
            out_report(stdout, res->report, "  ");
        }
        return CLI_OK;
    }
    int code = res->outcome == CB_REFUSED ? CLI_REFUSED : CLI_FAILED;
    const lcc_report *r = cb_report(res);
    if (res->outcome == CB_REFUSED && r && lcc_report_count(r) > 0) {
        const char *by = res->op ? (app->remote ? "the backend" : "the engine") : NULL;
        if (app->json) {
            jw w;
            jw_init(&w, stdout);
            jw_obj(&w);
            jw_kbool(&w, "ok", 0);
            jw_kint(&w, "exit", code);
            jw_kstr(&w, "refused_by", res->op ? (app->remote ? "backend" : "engine") : "rules");
            jw_key(&w, "report");
            cc_report_json(&w, r);
            jw_obj_end(&w);
            jw_end(&w);
        } else {
            printf("not scheduled%s%s:\n", by ? ": refused by " : "", by ? by : "");
            out_report(stdout, r, "  ");
        }
        return code;
    }
    return out_fail(app, code, res->status, "%s%s", res->message,
                    res->outcome == CB_UNKNOWN
                        ? " (the request may have reached the backend: check it before "
                          "scheduling again)"
                        : "");
}

static int cmd_draft_schedule(cli_app *app, int validate_only, int argc, char **argv)
{
    draft_opts o = {0};
    const cli_opt opts[] = {
        {"queue", OPT_VALUE, &o.queue},          {"number", OPT_VALUE, &o.number},
        {"country", OPT_VALUE, &o.country},      {"at", OPT_VALUE, &o.at},
        {"date", OPT_VALUE, &o.date},            {"time", OPT_VALUE, &o.time},
        {"tz", OPT_VALUE, &o.tz},                {"disambiguation", OPT_VALUE, &o.disamb},
        {"conversation", OPT_VALUE, &o.conversation},
        {"name", OPT_VALUE, &o.name},            {"caller-id", OPT_VALUE, &o.caller_id},
        {"caller-name", OPT_VALUE, &o.caller_name},
        {"agent", OPT_VALUE, &o.agent},          {"asap", OPT_FLAG, &o.asap},
        {"own", OPT_FLAG, &o.own},               {"route-to-me", OPT_FLAG, &o.route_to_me},
        {"data", OPT_LIST, &o.data},             {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos = 0;
    char **keys = NULL;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc == CLI_OK && npos > 0)
        rc = cli_usage(app, "unexpected argument '%s'", pos[0]);
    if (rc == CLI_OK && o.agent) {
        if (app->as && strcmp(app->as, o.agent) != 0)
            rc = cli_usage(app, "--agent and --as name different agents");
        app->as = o.agent;
    }
    /* The form of the values first: a usage error needs no backend. */
    int y, mo, dd, h, mi, off;
    int64_t ms;
    if (rc == CLI_OK && o.at && cc_parse_when(o.at, &y, &mo, &dd, &h, &mi, &off, &ms))
        rc = cli_usage(app, "--at %s: expected 2026-11-23T10:00 (local time)", o.at);
    if (rc == CLI_OK && o.date && cc_parse_date(o.date, &y, &mo, &dd))
        rc = cli_usage(app, "--date %s: expected a date such as 2026-11-23", o.date);
    if (rc == CLI_OK && o.time && cc_parse_hm(o.time, &h, &mi))
        rc = cli_usage(app, "--time %s: expected a time such as 10:00", o.time);
    lcc_disambiguation how;
    if (rc == CLI_OK && o.disamb && cli_parse_disambiguation(o.disamb, &how))
        rc = cli_usage(app, "--disambiguation: compatible, earlier, later or reject");
    if (rc == CLI_OK)
        rc = cli_open(app, NEED_BACKEND | NEED_AGENT);
    /* A draft changes nothing: its conversation goes into a batch that is
     * never committed (the engine drops it when it is freed). */
    if (rc == CLI_OK && validate_only && app->eng)
        lcc_engine_begin(app->eng);
    cb_spec spec;
    keys = calloc(o.data.n + 1, sizeof *keys);
    char **values = calloc(o.data.n + 1, sizeof *values);
    if (rc == CLI_OK && (!keys || !values))
        rc = out_fail(app, CLI_FAILED, LCC_ENOMEM, "out of memory");
    if (rc == CLI_OK)
        rc = spec_of(app, &o, &spec, keys, values);
    if (rc == CLI_OK) {
        cb_result res;
        if (validate_only) {
            memset(&res, 0, sizeof res);
            lcc_callback_draft *d = make_draft(app, &spec, &res);
            if (d) {
                lcc_callback_draft_validate(&res.report, d);
                rc = draft_output(app, d, &res);
                lcc_callback_draft_free(d);
            } else {
                rc = out_fail(app, res.outcome == CB_REFUSED ? CLI_REFUSED : CLI_FAILED,
                              res.status, "%s", res.message);
            }
        } else {
            cb_schedule(app, &spec, 0, &res);
            rc = schedule_output(app, &res);
        }
        cb_result_clear(&res);
    }
    for (size_t i = 0; keys && i < o.data.n; i++)
        free(keys[i]);
    free(keys);
    free(values);
    cli_list_free(&o.data);
    return rc;
}

/* ---- list ---- */

static const char *const state_names[] = {"scheduled", "waiting", "offered",
                                          "connected", "ended",   "cancelled"};

static const char *state_name(lcc_engine_state s)
{
    return (size_t)s < sizeof state_names / sizeof state_names[0] ? state_names[s] : "?";
}

/* An instant from --from/--to: local in `zone`, or with an offset. */
static int instant_of(cli_app *app, const char *opt, const char *text, const char *zone,
                      int64_t *ms)
{
    int y, mo, d, h, mi, off;
    if (cc_parse_when(text, &y, &mo, &d, &h, &mi, &off, ms))
        return cli_usage(app, "--%s %s: expected 2026-11-23T10:00 (local) or "
                              "2026-11-23T09:00Z", opt, text);
    if (off)
        return CLI_OK;
    lcc_status st = lcc_tz_local_to_utc(ms, NULL, app->ctx, zone, y, mo, d, h, mi, 0,
                                        LCC_DISAMBIGUATE_COMPATIBLE);
    if (st != LCC_OK)
        return out_fail(app, cli_exit_for(st), st, "--%s: %s", opt, lcc_context_errmsg(app->ctx));
    return CLI_OK;
}

static int cmd_list(cli_app *app, int argc, char **argv)
{
    const char *queue = NULL, *agent = NULL, *state = NULL, *from = NULL, *to = NULL, *tz = NULL;
    const char *limit_s = NULL, *offset_s = NULL;
    int all = 0;
    const cli_opt opts[] = {
        {"queue", OPT_VALUE, &queue}, {"agent", OPT_VALUE, &agent},
        {"state", OPT_VALUE, &state}, {"from", OPT_VALUE, &from},
        {"to", OPT_VALUE, &to},       {"tz", OPT_VALUE, &tz},
        {"limit", OPT_VALUE, &limit_s}, {"offset", OPT_VALUE, &offset_s},
        {"all", OPT_FLAG, &all},      {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc != CLI_OK)
        return rc;
    if (npos > 0)
        return cli_usage(app, "unexpected argument '%s'", pos[0]);
    if (app->http)
        return cli_usage(app, "the cloud API has no list of callbacks: list needs the engine");
    lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
    unsigned long v;
    if (limit_s) {
        if (cli_parse_uint(limit_s, 1000, &v) || v == 0)
            return cli_usage(app, "--limit: 1 .. 1000");
        f.limit = v;
    }
    if (offset_s) {
        if (cli_parse_uint(offset_s, (unsigned long)-1 >> 1, &v))
            return cli_usage(app, "--offset: a number");
        f.offset = v;
    }
    if (all && (limit_s || offset_s))
        return cli_usage(app, "--all goes without --limit and --offset");
    if (state) {
        f.state = -1;
        for (size_t i = 0; i < sizeof state_names / sizeof state_names[0]; i++)
            if (strcmp(state, state_names[i]) == 0)
                f.state = (int)i;
        if (f.state < 0)
            return cli_usage(app, "--state: scheduled, waiting, offered, connected, ended or "
                                  "cancelled");
    }
    f.queue_id = queue;
    f.agent_id = agent;
    rc = cli_open(app, NEED_ENGINE);
    const char *zone = tz ? tz : "UTC";
    if (rc == CLI_OK && tz && lcc_tz_check(app->ctx, tz) != LCC_OK)
        rc = out_fail(app, CLI_REFUSED, LCC_EUNKNOWN_ZONE, "--tz: %s",
                      lcc_context_errmsg(app->ctx));
    if (rc == CLI_OK && from)
        rc = instant_of(app, "from", from, zone, &f.from_ms);
    if (rc == CLI_OK && to)
        rc = instant_of(app, "to", to, zone, &f.to_ms);
    if (rc != CLI_OK)
        return rc;
    if (all)
        f.limit = 1000;

    jw w;
    if (app->json) {
        jw_init(&w, stdout);
        app->in_doc = 1;
        jw_obj(&w);
        jw_key(&w, "callbacks");
        jw_arr(&w);
    } else {
        printf("%-36s  %-9s  %-25s  %-12s  %-16s  %-10s  %s\n", "ID", "STATE",
               tz ? "SCHEDULED (local)" : "SCHEDULED (UTC)", "QUEUE", "NUMBER", "AGENT", "OWNER");
    }
    size_t total = 0, shown = 0, offset = f.offset;
    for (;;) {
        lcc_callback_list *list = NULL;
        lcc_status st = lcc_engine_list_callbacks(&list, app->eng, &f);
        if (st != LCC_OK) {
            if (app->json) { /* close the document: the error goes to stderr */
                jw_arr_end(&w);
                jw_kbool(&w, "ok", 0);
                jw_obj_end(&w);
                jw_end(&w);
            }
            fprintf(stderr, "contactcore: callback list: %s\n", lcc_context_errmsg(app->ctx));
            return CLI_FAILED;
        }
        total = lcc_callback_list_total(list);
        size_t n = lcc_callback_list_count(list);
        for (size_t i = 0; i < n; i++) {
            char when[64], utc[64];
            int64_t ms = lcc_callback_list_scheduled_ms(list, i);
            cc_utc(utc, sizeof utc, ms);
            if (tz)
                cc_local(when, sizeof when, app->ctx, zone, ms);
            const char *ag = lcc_callback_list_agent_id(list, i);
            const char *own = lcc_callback_list_owner_id(list, i);
            if (app->json) {
                jw_obj(&w);
                jw_kstr(&w, "id", lcc_callback_list_id(list, i));
                jw_kstr(&w, "state", state_name(lcc_callback_list_state(list, i)));
                jw_kstr(&w, "scheduled", utc);
                if (tz)
                    jw_kstr(&w, "local", when);
                jw_kstr(&w, "queue", lcc_callback_list_queue_id(list, i));
                jw_kstr(&w, "number", lcc_callback_list_number(list, i));
                jw_kstr(&w, "agent", ag);
                jw_kstr(&w, "owner", own);
                jw_obj_end(&w);
            } else {
                printf("%-36s  %-9s  %-25s  %-12s  %-16s  %-10s  %s\n",
                       lcc_callback_list_id(list, i),
                       state_name(lcc_callback_list_state(list, i)), tz ? when : utc,
                       lcc_callback_list_queue_id(list, i), lcc_callback_list_number(list, i),
                       ag ? ag : "-", own ? own : "-");
            }
        }
        shown += n;
        lcc_callback_list_free(list);
        if (!all || n == 0 || f.offset + n >= total)
            break;
        f.offset += n;
    }
    if (app->json) {
        jw_arr_end(&w);
        jw_kint(&w, "count", (long long)shown);
        jw_kint(&w, "total", (long long)total);
        jw_kint(&w, "offset", (long long)offset);
        jw_kbool(&w, "ok", 1);
        jw_obj_end(&w);
        jw_end(&w);
    } else if (shown == total) {
        printf("%zu callback%s\n", total, total == 1 ? "" : "s");
    } else {
        printf("%zu of %zu callbacks (from %zu; --all for every one)\n", shown, total, offset);
    }
    return CLI_OK;
}

/* ---- cancel and reschedule ---- */

/* Over HTTP: the transport of the taking-in step.  It sends nothing: the
 * creation request "may have reached the backend", which is what lets the
 * handle take the backend's id. */
static lcc_status adopt_send(lcc_request *req, void *user_data)
{
    (void)user_data;
    lcc_request_fail(req, LCC_EUNKNOWN_OUTCOME, "not sent: taking in a callback of the backend");
    return LCC_OK;
}

/* Over HTTP: a local handle of the backend's callback `id`, read back from
 * the backend.  CLI_OK, or an exit code after a message. */
static int adopt(cli_app *app, const char *id, lcc_callback **out)
{
    lcc_context *ctx = app->ctx;
    cb_spec spec = {0};
    spec.queue = "contactcore-taken-in";
    spec.number = "+12125550100"; /* a stand-in, replaced by nothing: only the id is used */
    spec.asap = 1;
    cb_result res;
    memset(&res, 0, sizeof res);
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = adopt_send;
    lcc_status st = lcc_context_set_client_credentials(ctx, NULL, NULL);
    if (st == LCC_OK)
        st = lcc_context_set_access_token(ctx, "taking-in", 0);
    if (st == LCC_OK)
        st = lcc_context_set_transport(ctx, &t);
    if (st != LCC_OK)
        return out_fail(app, CLI_FAILED, st, "%s", lcc_context_errmsg(ctx));
    cb_schedule(app, &spec, 0, &res);
    lcc_callback *cb = res.callback;
    int ok = cb && lcc_callback_get_sync(cb) == LCC_SYNC_UNKNOWN;
    cb_result_clear(&res);
    if (!ok)
        return out_fail(app, CLI_FAILED, LCC_ESTATE, "cannot make a handle for callback %s", id);
    st = lcc_callback_set_remote_id(cb, id);
    if (st != LCC_OK)
        return out_fail(app, CLI_REFUSED, st, "callback %s: %s", id, lcc_context_errmsg(ctx));
    /* Back to the real backend. */
    lcc_context_set_access_token(ctx, NULL, 0);
    st = lcc_context_set_client_credentials(ctx, getenv("LCC_CLIENT_ID"),
                                            getenv("LCC_CLIENT_SECRET"));
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.ca_file = app->ca_file;
    if (st == LCC_OK)
        st = lcc_curl_transport_install(NULL, ctx, &cp);
    if (st != LCC_OK)
        return out_fail(app, CLI_FAILED, st, "%s", lcc_context_errmsg(ctx));
    lcc_op *op = NULL;
    st = lcc_callback_fetch(&op, cb);
    if (st == LCC_OK)
        st = cli_wait(app, op);
    if (st != LCC_OK) {
        int code = st == LCC_ENOTFOUND || lcc_op_http_status(op) == 404 ? CLI_REFUSED
                                                                          : CLI_FAILED;
        out_fail(app, code, st, "callback %s: %s", id,
                 op && *lcc_op_message(op) ? lcc_op_message(op) : lcc_context_errmsg(ctx));
        lcc_op_free(op);
        return code;
    }
    lcc_op_free(op);
    *out = cb;
    return CLI_OK;
}

/* The outcome of a remote change (HTTP): CLI_OK, or the report/failure. */
static int remote_result(cli_app *app, lcc_op *op, lcc_status st, lcc_report *local,
                         const char *id, jw *w)
{
    if (st == LCC_EVALIDATION && local) { /* refused before any request */
        if (w) {
            jw_kbool(w, "ok", 0);
            jw_key(w, "report");
            cc_report_json(w, local);
        } else {
            printf("callback %s: refused\n", id);
            out_report(stdout, local, "  ");
        }
        return CLI_REFUSED;
    }
    if (st == LCC_OK)
        st = cli_wait(app, op);
    const lcc_report *r = op ? lcc_op_report(op) : NULL;
    int code = cli_exit_for(st);
    if (st == LCC_OK) {
        if (w)
            jw_kbool(w, "ok", 1);
        return CLI_OK;
    }
    if (w) {
        jw_kbool(w, "ok", 0);
        jw_kstr(w, "status", cc_status_name(st));
        jw_kstr(w, "message", op ? lcc_op_message(op) : lcc_context_errmsg(app->ctx));
        if (r) {
            jw_key(w, "report");
            cc_report_json(w, r);
        }
    } else if (r && code == CLI_REFUSED) {
        printf("callback %s: refused by the backend\n", id);
        out_report(stdout, r, "  ");
    } else {
        fprintf(stderr, "contactcore: %s: callback %s: %s\n", app->cmd, id,
                op && *lcc_op_message(op) ? lcc_op_message(op) : lcc_context_errmsg(app->ctx));
    }
    return code;
}

static int worse(int a, int b)
{
    /* 3 over 1 over 0 (2 does not happen here) */
    return a == CLI_FAILED || b == CLI_FAILED ? CLI_FAILED : a > b ? a : b;
}

/* The engine's answer to a change of callback `id` (`done`: "cancelled",
 * "rescheduled"): its JSON members (w not NULL), or for people the report
 * or the error; success for people is the caller's line.  The exit code. */
static int engine_result(cli_app *app, jw *w, const char *id, lcc_status st,
                         const lcc_report *r, const char *done)
{
    if (w) {
        jw_kbool(w, "ok", st == LCC_OK);
        if (st != LCC_OK) {
            jw_kstr(w, "status", cc_status_name(st));
            jw_kstr(w, "message", lcc_context_errmsg(app->ctx));
            if (r) {
                jw_key(w, "report");
                cc_report_json(w, r);
            }
        }
    } else if (st == LCC_EVALIDATION && r) {
        printf("callback %s: not %s\n", id, done);
        out_report(stdout, r, "  ");
    } else if (st != LCC_OK) {
        fprintf(stderr, "contactcore: %s: callback %s: %s\n", app->cmd, id,
                lcc_context_errmsg(app->ctx));
    }
    return cli_exit_for(st);
}

static int cmd_cancel(cli_app *app, int argc, char **argv)
{
    char **pos = app->pos;
    int npos = 0;
    int rc = cli_parse(app, argc, argv, NULL, pos, &npos);
    if (rc == CLI_OK && npos == 0)
        rc = cli_usage(app, "which callback? give its id");
    if (rc == CLI_OK)
        rc = cli_open(app, NEED_BACKEND | NEED_AGENT);
    if (rc != CLI_OK)
        return rc;
    jw w;
    if (app->json) {
        jw_init(&w, stdout);
        app->in_doc = 1;
        jw_obj(&w);
        jw_key(&w, "results");
        jw_arr(&w);
    }
    int all = CLI_OK;
    for (int i = 0; i < npos; i++) {
        const char *id = pos[i];
        int one;
        if (app->json) {
            jw_obj(&w);
            jw_kstr(&w, "id", id);
        }
        if (app->eng) {
            lcc_report *r = NULL;
            lcc_status st = lcc_engine_cancel_callback(&r, app->eng, app->as, id);
            one = engine_result(app, app->json ? &w : NULL, id, st, r, "cancelled");
            if (st == LCC_OK && !app->json)
                printf("cancelled callback %s\n", id);
            lcc_report_free(r);
        } else {
            lcc_callback *cb = NULL;
            one = adopt(app, id, &cb);
            if (one == CLI_OK) {
                lcc_op *op = NULL;
                lcc_report *r = NULL;
                lcc_status st = lcc_callback_cancel_remote(&op, &r, cb, app->agent);
                one = remote_result(app, op, st, r, id, app->json ? &w : NULL);
                if (one == CLI_OK && !app->json)
                    printf("cancelled callback %s\n", id);
                lcc_op_free(op);
                lcc_report_free(r);
            } else if (app->json) {
                jw_kbool(&w, "ok", 0);
            }
        }
        if (app->json)
            jw_obj_end(&w);
        all = worse(all, one);
    }
    if (app->json) {
        jw_arr_end(&w);
        jw_kbool(&w, "ok", all == CLI_OK);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return all;
}

static int cmd_reschedule(cli_app *app, int argc, char **argv)
{
    const char *at = NULL, *tz = NULL, *agent = NULL;
    const cli_opt opts[] = {
        {"at", OPT_VALUE, &at}, {"tz", OPT_VALUE, &tz}, {"agent", OPT_VALUE, &agent},
        {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc != CLI_OK)
        return rc;
    if (npos != 1)
        return cli_usage(app, "give one callback id");
    if (!at)
        return cli_usage(app, "when to? --at 2026-11-23T10:00 (local) or an instant");
    if (agent)
        app->as = agent;
    int y, mo, d, h, mi, off;
    int64_t ms = 0;
    if (cc_parse_when(at, &y, &mo, &d, &h, &mi, &off, &ms))
        return cli_usage(app, "--at %s: expected 2026-11-23T10:00 (local) or 2026-11-23T09:00Z",
                         at);
    rc = cli_open(app, NEED_BACKEND | NEED_AGENT);
    if (rc != CLI_OK)
        return rc;
    const char *zone = cli_zone(app, tz);
    unsigned flags = 0;
    if (!off) {
        lcc_status st = lcc_tz_local_to_utc(&ms, &flags, app->ctx, zone, y, mo, d, h, mi, 0,
                                            LCC_DISAMBIGUATE_COMPATIBLE);
        if (st != LCC_OK)
            return out_fail(app, cli_exit_for(st), st, "--at: %s", lcc_context_errmsg(app->ctx));
    }
    char local[64], utc[64];
    cc_local(local, sizeof local, app->ctx, zone, ms);
    cc_utc(utc, sizeof utc, ms);
    const char *note = flags & LCC_TZ_IN_GAP    ? "the clocks skip that time; moved forward"
                       : flags & LCC_TZ_IN_FOLD ? "that time occurs twice; the earlier one"
                                                : NULL;
    if (note && !app->json)
        printf("warning: %s %s: %s\n", at, zone, note);
    const char *id = pos[0];
    jw w;
    if (app->json) {
        jw_init(&w, stdout);
        app->in_doc = 1;
        jw_obj(&w);
        jw_kstr(&w, "id", id);
        jw_kstr(&w, "scheduled", utc);
        jw_kstr(&w, "local", local);
        jw_kstr(&w, "time_zone", zone);
        if (note)
            jw_kstr(&w, "warning", note);
    }
    if (app->eng) {
        lcc_report *r = NULL;
        lcc_status st = lcc_engine_reschedule_callback(&r, app->eng, app->as, id, ms);
        rc = engine_result(app, app->json ? &w : NULL, id, st, r, "rescheduled");
        if (st == LCC_OK && !app->json) {
            out_local_short(local, sizeof local, app->ctx, zone, ms);
            printf("rescheduled callback %s: %s (%s)\n", id, local, utc);
        }
        lcc_report_free(r);
    } else {
        lcc_callback *cb = NULL;
        rc = adopt(app, id, &cb);
        if (rc == CLI_OK) {
            lcc_op *op = NULL;
            lcc_report *r = NULL;
            lcc_status st = lcc_callback_reschedule_remote(&op, &r, cb, app->agent, ms);
            rc = remote_result(app, op, st, r, id, app->json ? &w : NULL);
            if (rc == CLI_OK && !app->json) {
                out_local_short(local, sizeof local, app->ctx, zone, ms);
                printf("rescheduled callback %s: %s (%s)\n", id, local, utc);
            }
            lcc_op_free(op);
            lcc_report_free(r);
        } else if (app->json) {
            jw_kbool(&w, "ok", 0);
        }
    }
    if (app->json) {
        jw_obj_end(&w);
        jw_end(&w);
    }
    return rc;
}

int cmd_callback(cli_app *app, const char *sub, int argc, char **argv)
{
    if (strcmp(sub, "draft") == 0)
        return cmd_draft_schedule(app, 1, argc, argv);
    if (strcmp(sub, "schedule") == 0)
        return cmd_draft_schedule(app, 0, argc, argv);
    if (strcmp(sub, "list") == 0)
        return cmd_list(app, argc, argv);
    if (strcmp(sub, "cancel") == 0)
        return cmd_cancel(app, argc, argv);
    if (strcmp(sub, "reschedule") == 0)
        return cmd_reschedule(app, argc, argv);
    return cli_usage(app, "unknown subcommand '%s': draft, schedule, list, cancel or reschedule",
                     sub);
}
