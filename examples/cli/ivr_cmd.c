/* contactcore ivr check|explain|run: IVR scripts (contactcore/ivr.h).
 *
 * check prints "file:line:col: RULE: message" lines, explain the script
 * in sentences, run a call's action trace; --json for scripts; a run can
 * file its callback in the engine's store (--engine) or show the whole path
 * to the dial with a demo engine in memory (--demo).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The fixed "now" of a demo run: Monday 2026-01-05 09:00:00 UTC. */
#define DEMO_START_MS 1767603600000LL
#define DEMO_AGENT "agent-1"
#define CALL_ID_PREFIX "ivr-call"

/* ---- reading and parsing a script ---- */

/* Reads at most LCC_IVR_MAX_BYTES + 1 bytes of a file: enough for the
 * library to refuse a larger one, without reading all of it.  Returns the
 * buffer (free() it) and its length, or NULL with errno set. */
static char *read_script(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    setvbuf(f, NULL, _IONBF, 0); /* no read-ahead past `cap` */
    size_t cap = (size_t)LCC_IVR_MAX_BYTES + 1;
    char *buf = malloc(cap);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    int failed = !buf || ferror(f);
    int saved = buf ? errno : ENOMEM;
    fclose(f);
    if (failed) {
        free(buf);
        errno = saved;
        return NULL;
    }
    *len = n;
    return buf;
}

static lcc_ivr_format format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && strcasecmp(dot, ".json") == 0)
        return LCC_IVR_FORMAT_JSON;
    if (dot && (strcasecmp(dot, ".yaml") == 0 || strcasecmp(dot, ".yml") == 0))
        return LCC_IVR_FORMAT_YAML;
    return LCC_IVR_FORMAT_AUTO;
}

/* Prints each entry as "file:line:col: RULE: [warning: ]message". */
static void print_report(FILE *out, const char *path, const lcc_report *r)
{
    for (size_t i = 0; i < lcc_report_count(r); i++) {
        unsigned line = lcc_report_line(r, i), col = lcc_report_column(r, i);
        fputs(path, out);
        if (line > 0)
            fprintf(out, ":%u", line);
        if (line > 0 && col > 0)
            fprintf(out, ":%u", col);
        fprintf(out, ": %s: %s%s\n", lcc_report_rule(r, i),
                lcc_report_severity(r, i) == LCC_SEVERITY_WARNING ? "warning: " : "",
                lcc_report_message(r, i));
    }
}

/* Parses a file: LCC_OK with *ivr (warnings in *report), LCC_EVALIDATION
 * (errors in *report), LCC_EIO (not readable: errno), or another failure. */
static lcc_status parse_file(lcc_ivr **ivr, lcc_report **report, lcc_context *ctx,
                             const char *path)
{
    size_t len;
    char *text = read_script(path, &len);
    if (!text)
        return LCC_EIO;
    lcc_status st = lcc_ivr_parse(ivr, report, ctx, text, len, format_of(path));
    free(text);
    return st;
}

/* Loads a script for explain and run: CLI_OK with *ivr (warnings to
 * stderr), or an exit code after the errors. */
static int load(cli_app *app, lcc_ivr **ivr, const char *path)
{
    lcc_report *report = NULL;
    int saved = 0;
    lcc_status st = parse_file(ivr, &report, app->ctx, path);
    if (st == LCC_EIO)
        saved = errno;
    int rc = CLI_OK;
    if (st == LCC_OK) {
        print_report(stderr, path, report);
    } else if (st == LCC_EVALIDATION) {
        if (app->json) {
            jw w;
            jw_init(&w, stdout);
            jw_obj(&w);
            jw_kbool(&w, "ok", 0);
            jw_kstr(&w, "file", path);
            jw_key(&w, "report");
            cc_report_json(&w, report);
            jw_obj_end(&w);
            jw_end(&w);
        }
        print_report(stderr, path, report); /* stdout is for the explanation or trace */
        rc = CLI_REFUSED;
    } else if (st == LCC_EIO) {
        rc = out_fail(app, CLI_FAILED, st, "%s: %s", path, strerror(saved));
    } else {
        rc = out_fail(app, CLI_FAILED, st, "%s: %s", path, lcc_context_errmsg(app->ctx));
    }
    lcc_report_free(report);
    return rc;
}

/* ---- check ---- */

static int cmd_check(cli_app *app, int nfiles, char **files)
{
    if (nfiles < 1)
        return cli_usage(app, "no FILE");
    int rc = cli_open(app, NEED_CONTEXT);
    if (rc != CLI_OK)
        return rc;
    jw w;
    if (app->json) {
        jw_init(&w, stdout);
        app->in_doc = 1;
        jw_obj(&w);
        jw_key(&w, "files");
        jw_arr(&w);
    }
    for (int i = 0; i < nfiles; i++) {
        lcc_ivr *ivr = NULL;
        lcc_report *report = NULL;
        lcc_status st = parse_file(&ivr, &report, app->ctx, files[i]);
        int saved = errno;
        if (app->json) {
            jw_obj(&w);
            jw_kstr(&w, "file", files[i]);
        }
        if (st != LCC_OK && st != LCC_EVALIDATION) {
            const char *why = st == LCC_EIO ? strerror(saved) : lcc_context_errmsg(app->ctx);
            fprintf(stderr, "contactcore: %s: %s: %s\n", app->cmd, files[i], why);
            if (app->json) {
                jw_kbool(&w, "ok", 0);
                jw_kstr(&w, "error", why);
            }
            rc = CLI_FAILED;
        } else {
            size_t errors = lcc_report_error_count(report);
            if (app->json) {
                jw_kbool(&w, "ok", errors == 0);
                jw_kint(&w, "errors", (long long)errors);
                jw_kint(&w, "warnings", (long long)(lcc_report_count(report) - errors));
                jw_key(&w, "report");
                cc_report_json(&w, report);
            } else if (lcc_report_count(report) == 0) {
                printf("%s: ok\n", files[i]);
            } else {
                print_report(stdout, files[i], report);
            }
            if (errors > 0 && rc == CLI_OK)
                rc = CLI_REFUSED;
        }
        if (app->json)
            jw_obj_end(&w);
        lcc_report_free(report);
        lcc_ivr_free(ivr);
    }
    if (app->json) {
        jw_arr_end(&w);
        jw_kbool(&w, "ok", rc == CLI_OK);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return rc;
}

/* ---- explain ---- */

static int cmd_explain(cli_app *app, int nfiles, char **files)
{
    if (nfiles != 1)
        return cli_usage(app, "give one FILE");
    int rc = cli_open(app, NEED_CONTEXT);
    lcc_ivr *ivr = NULL;
    if (rc == CLI_OK)
        rc = load(app, &ivr, files[0]);
    if (rc != CLI_OK)
        return rc;
    char *text = NULL;
    size_t len = 0;
    lcc_status st = lcc_ivr_explain(&text, &len, ivr);
    if (st != LCC_OK) {
        rc = out_fail(app, CLI_FAILED, st, "%s", lcc_context_errmsg(app->ctx));
    } else if (app->json) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", 1);
        jw_kstr(&w, "file", files[0]);
        jw_key(&w, "sections");
        jw_arr(&w);
        for (size_t i = 0; i < lcc_ivr_section_count(ivr); i++)
            jw_str(&w, lcc_ivr_section_name(ivr, i));
        jw_arr_end(&w);
        jw_key(&w, "text");
        jw_strn(&w, text, len);
        jw_obj_end(&w);
        jw_end(&w);
    } else {
        fwrite(text, 1, len, stdout);
    }
    lcc_free(text);
    lcc_ivr_free(ivr);
    return rc;
}

/* ---- run ---- */

static const char *action_name(lcc_ivr_action a)
{
    switch (a) {
    case LCC_IVR_ACTION_ENTER: return "ENTER";
    case LCC_IVR_ACTION_PLAY: return "PLAY";
    case LCC_IVR_ACTION_COLLECT: return "COLLECT";
    case LCC_IVR_ACTION_SELECT: return "SELECT";
    case LCC_IVR_ACTION_RING: return "RING";
    case LCC_IVR_ACTION_WAIT: return "WAIT";
    case LCC_IVR_ACTION_CONNECTED: return "CONNECTED";
    case LCC_IVR_ACTION_VOICEMAIL: return "VOICEMAIL";
    case LCC_IVR_ACTION_CALLBACK: return "CALLBACK";
    case LCC_IVR_ACTION_HANGUP: return "HANGUP";
    case LCC_IVR_ACTION_HUNG_UP: return "HUNG_UP";
    }
    return "?";
}

static const char *wait_name(lcc_ivr_wait w)
{
    switch (w) {
    case LCC_IVR_WAIT_START: return "start";
    case LCC_IVR_WAIT_KEY: return "key";
    case LCC_IVR_WAIT_RING: return "ring";
    case LCC_IVR_WAIT_QUEUE: return "queue";
    case LCC_IVR_WAIT_DONE: return "done";
    }
    return "?";
}

/* An input word ("online", "key:5", ...) as an lcc_ivr_input and its key;
 * 0 when it is not one. */
static lcc_ivr_input parse_input(const char *word, char *key)
{
    static const struct {
        const char *word;
        lcc_ivr_input input;
    } words[] = {
        {"online", LCC_IVR_INPUT_AGENTS_ONLINE}, {"offline", LCC_IVR_INPUT_AGENTS_OFFLINE},
        {"busy", LCC_IVR_INPUT_ALL_BUSY},        {"answer", LCC_IVR_INPUT_ANSWERED},
        {"timeout", LCC_IVR_INPUT_TIMEOUT},      {"hangup", LCC_IVR_INPUT_HANGUP},
    };
    *key = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(word, words[i].word) == 0)
            return words[i].input;
    if (strncmp(word, "key:", 4) == 0 && word[4] && !word[5] && strchr("0123456789*#", word[4])) {
        *key = word[4];
        return LCC_IVR_INPUT_KEY;
    }
    return (lcc_ivr_input)0;
}

typedef struct run_state {
    cli_app *app;
    jw *w;                   /* --json: the steps array is open */
    int64_t start_ms;        /* when the call started (context clock) */
    const char *callback_id; /* the session's callback in the engine */
    char offered[128];       /* what the engine last offered to DEMO_AGENT */
} run_state;

/* Prints the actions of the session's last step: "  ACTION LINE  TEXT". */
static void print_actions(run_state *rs, const lcc_ivr_session *s)
{
    for (size_t i = 0; i < lcc_ivr_session_action_count(s); i++) {
        unsigned ln = lcc_ivr_session_action_line(s, i);
        const char *text = lcc_ivr_session_action_text(s, i);
        const char *name = action_name(lcc_ivr_session_action(s, i));
        if (rs->w) {
            jw_obj(rs->w);
            jw_kstr(rs->w, "action", name);
            jw_key(rs->w, "line");
            if (ln > 0)
                jw_int(rs->w, ln);
            else
                jw_null(rs->w);
            jw_kstr(rs->w, "text", text);
            jw_obj_end(rs->w);
            continue;
        }
        char line[16] = "-";
        if (ln > 0)
            snprintf(line, sizeof line, "%u", ln);
        printf("  %-9s %3s%s%s\n", name, line, text ? "  " : "", text ? text : "");
    }
}

static const char *what(run_state *rs, char buf[160], const char *conversation_id)
{
    if (conversation_id && rs->callback_id && strcmp(conversation_id, rs->callback_id) == 0 &&
        rs->app->fixed_now_ms)
        return "callback"; /* its id changes from run to run: not printed in a demo */
    snprintf(buf, 160, "%s %s", rs->callback_id && conversation_id &&
                                        strcmp(conversation_id, rs->callback_id) == 0
                                    ? "callback"
                                    : "conversation",
             conversation_id ? conversation_id : "?");
    return buf;
}

/* Prints the engine's events (as "[engine] +Ss EVENT ..." lines, or JSON
 * objects {"event", "at_s", ...}), and drops the IVR_ACTION events the
 * session queues (print_actions shows the same from the session). */
static void print_engine_events(run_state *rs)
{
    static const char *const presence[] = {"offline", "available", "busy", "away"};
    static const char *const routing[] = {"off queue", "idle", "interacting", "not responding"};
    lcc_context *ctx = rs->app->ctx;
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx))) {
        char wbuf[160], line[400];
        const char *conv = lcc_event_conversation_id(ev);
        const char *agent = lcc_event_agent_id(ev) ? lcc_event_agent_id(ev) : "?";
        const char *queue = lcc_event_queue_id(ev) ? lcc_event_queue_id(ev) : "?";
        int64_t at = lcc_event_time_ms(ev) ? lcc_event_time_ms(ev) : lcc_context_now_ms(ctx);
        long long secs = (long long)((at - rs->start_ms) / 1000);
        const char *name = NULL;
        line[0] = '\0';
        switch (lcc_event_get_type(ev)) {
        case LCC_EVENT_IVR_ACTION:
        case LCC_EVENT_OPERATION_DONE:
            break;
        case LCC_EVENT_ENGINE_SCHEDULED:
            name = "SCHEDULED";
            snprintf(line, sizeof line, "%s in queue %s", what(rs, wbuf, conv), queue);
            break;
        case LCC_EVENT_ENGINE_DUE:
            name = "DUE";
            snprintf(line, sizeof line, "%s", what(rs, wbuf, conv));
            break;
        case LCC_EVENT_ENGINE_QUEUED:
            name = "QUEUED";
            snprintf(line, sizeof line, "%s in queue %s", what(rs, wbuf, conv), queue);
            break;
        case LCC_EVENT_ENGINE_OFFERED:
            name = "OFFERED";
            snprintf(line, sizeof line, "%s to %s (queue %s)", what(rs, wbuf, conv), agent, queue);
            if (strcmp(agent, DEMO_AGENT) == 0 && conv)
                snprintf(rs->offered, sizeof rs->offered, "%s", conv);
            break;
        case LCC_EVENT_ENGINE_ACCEPTED:
            name = "ACCEPTED";
            snprintf(line, sizeof line, "%s by %s", what(rs, wbuf, conv), agent);
            break;
        case LCC_EVENT_ENGINE_DIALING:
            name = "DIALING";
            snprintf(line, sizeof line, "%s %s", what(rs, wbuf, conv),
                     lcc_event_number(ev) ? lcc_event_number(ev) : "?");
            break;
        case LCC_EVENT_ENGINE_DECLINED:
            name = "DECLINED";
            snprintf(line, sizeof line, "%s by %s", what(rs, wbuf, conv), agent);
            break;
        case LCC_EVENT_ENGINE_AGENT_STATUS:
            name = "STATUS";
            snprintf(line, sizeof line, "%s: %s, %s", agent, presence[lcc_event_presence(ev) & 3],
                     routing[lcc_event_routing_status(ev) & 3]);
            break;
        default:
            name = "EVENT";
            snprintf(line, sizeof line, "%d %s", (int)lcc_event_get_type(ev), what(rs, wbuf, conv));
            break;
        }
        if (name && rs->w) {
            jw_obj(rs->w);
            jw_kstr(rs->w, "engine", name);
            jw_kint(rs->w, "at_s", secs);
            jw_kstr(rs->w, "text", line);
            jw_obj_end(rs->w);
        } else if (name) {
            printf("[engine] +%llds %s %s\n", secs, name, line);
        }
        lcc_event_free(ev);
    }
}

/* The demo engine in memory: queue `queue_id` and one available member. */
static lcc_status setup_demo(cli_app *app, const char *queue_id)
{
    lcc_agent *agent;
    lcc_queue *queue;
    lcc_status st = lcc_engine_new(&app->eng, app->ctx, NULL);
    if (st == LCC_OK)
        st = lcc_agent_new(&agent, app->ctx, DEMO_AGENT, "Agent One");
    if (st == LCC_OK)
        st = lcc_queue_new(&queue, app->ctx, queue_id, queue_id);
    if (st == LCC_OK)
        st = lcc_queue_add_member(queue, DEMO_AGENT);
    if (st == LCC_OK)
        st = lcc_engine_set_presence(app->eng, DEMO_AGENT, LCC_PRESENCE_AVAILABLE);
    if (st == LCC_OK)
        st = lcc_engine_set_routing_status(app->eng, DEMO_AGENT, LCC_ROUTING_IDLE);
    return st;
}

/* After the call: the engine offers the callback; in the demo the agent
 * accepts it 5 seconds later, and only then does the engine dial. */
static int engine_follow_up(run_state *rs)
{
    cli_app *app = rs->app;
    lcc_status st = lcc_context_run_due(app->ctx);
    print_engine_events(rs);
    if (!app->fixed_now_ms) /* the store's engine: the callback waits for an agent */
        return st == LCC_OK ? CLI_OK : CLI_FAILED;
    if (st != LCC_OK || strcmp(rs->offered, rs->callback_id) != 0) {
        fprintf(stderr, "contactcore: %s: the engine did not offer the callback to %s\n",
                app->cmd, DEMO_AGENT);
        return CLI_FAILED;
    }
    app->fixed_now_ms += 5000;
    if (rs->w) {
        jw_obj(rs->w);
        jw_kstr(rs->w, "agent", DEMO_AGENT);
        jw_kstr(rs->w, "does", "accepts the callback");
        jw_obj_end(rs->w);
    } else {
        printf("[agent] %s accepts the callback\n", DEMO_AGENT);
    }
    st = lcc_engine_answer(app->eng, DEMO_AGENT, rs->callback_id, 1);
    if (st == LCC_OK)
        st = lcc_context_run_due(app->ctx);
    print_engine_events(rs);
    if (st != LCC_OK) {
        fprintf(stderr, "contactcore: %s: accepting the callback: %s\n", app->cmd,
                lcc_context_errmsg(app->ctx));
        return CLI_FAILED;
    }
    return CLI_OK;
}

static int cmd_run(cli_app *app, int argc, char **argv)
{
    const char *caller = "+13125550100", *queue_id = "support";
    int demo = 0;
    const cli_opt opts[] = {
        {"caller", OPT_VALUE, &caller},
        {"queue", OPT_VALUE, &queue_id},
        {"demo", OPT_FLAG, &demo},
        {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos = 0;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc == CLI_OK && npos < 1)
        rc = cli_usage(app, "no FILE");
    if (rc == CLI_OK && demo && (app->engine || app->http))
        rc = cli_usage(app, "--demo is an engine in memory: no --engine or --http with it");
    if (rc == CLI_OK && app->http)
        rc = cli_usage(app, "a run files its callback in an engine: --demo or --engine");
    for (int i = 1; rc == CLI_OK && i < npos; i++) {
        char key;
        if (!parse_input(pos[i], &key))
            rc = cli_usage(app, "'%s' is not an input (online, offline, busy, answer, key:N, "
                                "timeout, hangup)", pos[i]);
    }
    if (rc != CLI_OK)
        return rc;
    const char *path = pos[0];
    if (demo)
        app->fixed_now_ms = DEMO_START_MS;
    rc = cli_open(app, app->engine ? NEED_ENGINE : NEED_CONTEXT);
    lcc_ivr *ivr = NULL;
    lcc_ivr_session *session = NULL;
    if (rc == CLI_OK)
        rc = load(app, &ivr, path);
    jw w;
    run_state rs = {app, NULL, 0, NULL, ""};
    rs.start_ms = lcc_context_now_ms(app->ctx);
    if (rc == CLI_OK && app->json) {
        jw_init(&w, stdout);
        app->in_doc = 1;
        jw_obj(&w);
        jw_kstr(&w, "file", path);
        jw_key(&w, "trace");
        jw_arr(&w);
        rs.w = &w;
    }
    lcc_status st = LCC_OK;
    if (rc == CLI_OK && demo) {
        st = setup_demo(app, queue_id);
        print_engine_events(&rs); /* the agent becomes available */
    }
    char call_id[64];
    cc_random_id(call_id, sizeof call_id, CALL_ID_PREFIX);
    if (rc == CLI_OK && st == LCC_OK)
        st = lcc_ivr_session_new(&session, ivr, caller, queue_id, demo ? "call-1" : call_id);
    if (rc == CLI_OK && st != LCC_OK) {
        fprintf(stderr, "contactcore: %s: %s\n", app->cmd, lcc_context_errmsg(app->ctx));
        rc = st == LCC_EBADNUMBER || st == LCC_EINVAL || st == LCC_ERANGE || st == LCC_ENOTFOUND
                 ? CLI_REFUSED
                 : CLI_FAILED;
    }
    for (int i = 1; rc == CLI_OK && i < npos; i++) {
        char key;
        lcc_ivr_input input = parse_input(pos[i], &key);
        if (rs.w) {
            jw_obj(&w);
            jw_kstr(&w, "input", pos[i]);
            jw_key(&w, "actions");
            jw_arr(&w);
        } else {
            printf("[input] %s\n", pos[i]);
        }
        st = lcc_ivr_session_step(session, input, key);
        if (st == LCC_OK)
            print_actions(&rs, session);
        if (rs.w) {
            jw_arr_end(&w);
            if (st != LCC_OK)
                jw_kstr(&w, "refused", lcc_context_errmsg(app->ctx));
            jw_obj_end(&w);
        }
        if (st != LCC_OK) {
            fprintf(stderr, "contactcore: %s: input '%s' refused: %s\n", app->cmd, pos[i],
                    lcc_context_errmsg(app->ctx));
            rc = CLI_REFUSED;
            break;
        }
        rs.callback_id = lcc_ivr_session_callback_id(session);
        if (app->eng)
            print_engine_events(&rs);
    }
    if (session && !rs.w)
        printf("wait: %s\n", wait_name(lcc_ivr_session_wait(session)));
    if (rc == CLI_OK && rs.callback_id && lcc_ivr_session_wait(session) == LCC_IVR_WAIT_DONE)
        rc = engine_follow_up(&rs);
    if (rs.w) {
        jw_arr_end(&w);
        jw_kstr(&w, "wait", session ? wait_name(lcc_ivr_session_wait(session)) : NULL);
        jw_kstr(&w, "callback_id", rs.callback_id);
        jw_kbool(&w, "ok", rc == CLI_OK);
        jw_obj_end(&w);
        jw_end(&w);
    } else if (rc == CLI_OK && rs.callback_id && !app->fixed_now_ms) {
        printf("callback %s waits in queue %s of %s\n", rs.callback_id, queue_id,
               app->store_path);
    }
    lcc_ivr_session_free(session);
    lcc_ivr_free(ivr);
    return rc;
}

int cmd_ivr(cli_app *app, const char *sub, int argc, char **argv)
{
    if (strcmp(sub, "run") == 0)
        return cmd_run(app, argc, argv);
    int is_check = strcmp(sub, "check") == 0;
    if (!is_check && strcmp(sub, "explain") != 0)
        return cli_usage(app, "unknown subcommand '%s': check, explain or run", sub);
    char **pos = app->pos;
    int npos = 0;
    int rc = cli_parse(app, argc, argv, NULL, pos, &npos);
    if (rc == CLI_OK)
        rc = is_check ? cmd_check(app, npos, pos) : cmd_explain(app, npos, pos);
    return rc;
}
