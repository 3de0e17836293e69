/* ivr-tool: check, explain and run IVR scripts (contactcore/ivr.h).
 *
 *   ivr-tool check FILE...       every problem of each script, one per line:
 *                                "file:line:col: RULE: message"
 *   ivr-tool explain FILE        the script in sentences
 *   ivr-tool run FILE [options] INPUT...
 *                                a call through the script, step by step
 *
 * `ivr-tool --help` says more (options, inputs, the trace's format, exit
 * codes).  The run command can hand a callback to the embedded engine
 * (--engine) and show that the customer is dialled only once an agent has
 * accepted it.  A fixed clock keeps the output the same from run to run.
 *
 * Build: part of the Meson build (build/examples/ivr-tool), or
 *   cc ivr-tool.c $(pkg-config --cflags --libs libcontactcore)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <contactcore/contactcore.h>

/* Exit codes. */
enum { EXIT_CLEAN = 0, EXIT_PROBLEM = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: ivr-tool check FILE...\n"
    "       ivr-tool explain FILE\n"
    "       ivr-tool run FILE [--caller +E164] [--queue ID] [--engine] INPUT...\n"
    "       ivr-tool --help\n";

static const char help_text[] =
    "\n"
    "Checks, explains and runs IVR scripts (YAML, or the same structure as JSON).\n"
    "A FILE ending in .json is read as JSON, one ending in .yaml or .yml as YAML;\n"
    "any other is JSON when it starts with '{' or '[', else YAML.\n"
    "\n"
    "commands:\n"
    "  check FILE...   prints every problem of each file, one per line:\n"
    "                    FILE:LINE:COL: RULE: message\n"
    "                    FILE:LINE:COL: RULE: warning: message\n"
    "                    FILE: RULE: message          (a problem with no place)\n"
    "                  and \"FILE: ok\" for a file without problems.\n"
    "  explain FILE    prints what the script does, section by section.\n"
    "  run FILE INPUT...\n"
    "                  starts a call through the script and steps it with each\n"
    "                  INPUT in turn, printing what the host must do.\n"
    "\n"
    "options of run:\n"
    "  --caller +E164  the caller's number (default +13125550100)\n"
    "  --queue ID      the queue the call came in for (default support)\n"
    "  --engine        file a requested callback in an embedded engine that has\n"
    "                  the queue and one available agent, agent-1; the agent\n"
    "                  accepts the offer 5 s later and the engine dials\n"
    "\n"
    "inputs of run:\n"
    "  online          at the start: agents are online (runs `online`)\n"
    "  offline         at the start: no agent is online (runs `offline`)\n"
    "  busy            after a ring: every agent is busy (runs `queue`)\n"
    "  answer          after a ring, or waiting in the queue: an agent took the call\n"
    "  key:N           the caller pressed key N (0-9, * or #; quote it in the shell)\n"
    "  timeout         no key in time; or, waiting in the queue, run `queue` again\n"
    "  hangup          the caller hung up\n"
    "\n"
    "the trace of run (stdout), one line each:\n"
    "  [input] WORD                  an input, as given\n"
    "    ACTION LINE  TEXT           an action for the host: ACTION is ENTER, PLAY,\n"
    "                                COLLECT, SELECT, RING, WAIT, CONNECTED,\n"
    "                                VOICEMAIL, CALLBACK, HANGUP or HUNG_UP; LINE\n"
    "                                the script line of its command, or -; TEXT\n"
    "                                (absent for HANGUP and HUNG_UP) its URL,\n"
    "                                section, keys, queue or number\n"
    "  [engine] +Ss EVENT ...        with --engine: an engine event, S seconds\n"
    "                                after the call started (QUEUED, OFFERED,\n"
    "                                ACCEPTED, DIALING, STATUS, ...)\n"
    "  [agent] ...                   with --engine: what the agent does\n"
    "  wait: STATE                   last: what the call waits for (start, key,\n"
    "                                ring, queue or done)\n"
    "\n"
    "exit status:\n"
    "  0  check: no file has errors (warnings allowed); explain, run: done\n"
    "  1  check: a file has errors; explain, run: the script has errors, or\n"
    "     run: an input was refused (the library's message goes to stderr)\n"
    "  2  usage error, or a file cannot be read\n";

/* The fixed "now" of every run: Monday 2026-01-05 09:00:00 UTC. */
#define START_MS 1767603600000LL
static int64_t clock_ms = START_MS;

static int64_t fixed_clock(void *user_data)
{
    (void)user_data;
    return clock_ms;
}

static int usage(const char *why)
{
    if (why)
        fprintf(stderr, "ivr-tool: %s\n", why);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

/* ---- reading and parsing a script ---- */

/* Reads at most LCC_IVR_MAX_BYTES + 1 bytes of a file: enough for the
 * library to refuse a larger one, without reading all of it.  Returns the
 * buffer (free() it) and its length, or NULL after a message on stderr. */
static char *read_script(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "ivr-tool: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    setvbuf(f, NULL, _IONBF, 0); /* no read-ahead past `cap` */
    size_t cap = (size_t)LCC_IVR_MAX_BYTES + 1;
    char *buf = malloc(cap);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    int failed = !buf || ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        fprintf(stderr, "ivr-tool: %s: %s\n", path, buf ? strerror(saved) : "out of memory");
        free(buf);
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

/* Reads and parses a script.  Returns EXIT_CLEAN with *ivr set (its
 * warnings printed to `warnings`, NULL: not at all), or EXIT_PROBLEM (the
 * errors printed to `errors`) or EXIT_USAGE (not readable, no memory). */
static int load(lcc_ivr **ivr, lcc_context *ctx, const char *path, FILE *warnings,
                FILE *errors)
{
    size_t len;
    char *text = read_script(path, &len);
    if (!text)
        return EXIT_USAGE;
    lcc_report *report = NULL;
    lcc_status st = lcc_ivr_parse(ivr, &report, ctx, text, len, format_of(path));
    free(text);
    int rc = EXIT_CLEAN;
    if (st == LCC_OK) {
        if (warnings)
            print_report(warnings, path, report);
    } else if (st == LCC_EVALIDATION) {
        print_report(errors, path, report);
        rc = EXIT_PROBLEM;
    } else {
        fprintf(stderr, "ivr-tool: %s: %s\n", path, lcc_context_errmsg(ctx));
        rc = EXIT_USAGE;
    }
    lcc_report_free(report);
    return rc;
}

/* ---- check ---- */

static int cmd_check(lcc_context *ctx, int argc, char **argv)
{
    if (argc < 1)
        return usage("check: no FILE");
    int rc = EXIT_CLEAN;
    for (int i = 0; i < argc; i++) {
        size_t len;
        char *text = read_script(argv[i], &len);
        if (!text) {
            rc = EXIT_USAGE;
            continue;
        }
        lcc_ivr *ivr = NULL;
        lcc_report *report = NULL;
        lcc_status st = lcc_ivr_parse(&ivr, &report, ctx, text, len, format_of(argv[i]));
        free(text);
        if (st != LCC_OK && st != LCC_EVALIDATION) {
            fprintf(stderr, "ivr-tool: %s: %s\n", argv[i], lcc_context_errmsg(ctx));
            rc = EXIT_USAGE;
        } else if (lcc_report_count(report) == 0) {
            printf("%s: ok\n", argv[i]);
        } else {
            print_report(stdout, argv[i], report);
            if (lcc_report_error_count(report) > 0 && rc == EXIT_CLEAN)
                rc = EXIT_PROBLEM;
        }
        lcc_report_free(report);
        lcc_ivr_free(ivr);
    }
    return rc;
}

/* ---- explain ---- */

static int cmd_explain(lcc_context *ctx, int argc, char **argv)
{
    if (argc != 1)
        return usage("explain: give one FILE");
    lcc_ivr *ivr = NULL;
    int rc = load(&ivr, ctx, argv[0], stderr, stderr);
    if (rc != EXIT_CLEAN)
        return rc;
    char *text = NULL;
    size_t len = 0;
    lcc_status st = lcc_ivr_explain(&text, &len, ivr);
    if (st == LCC_OK)
        fwrite(text, 1, len, stdout);
    else
        fprintf(stderr, "ivr-tool: explain: %s\n", lcc_context_errmsg(ctx));
    lcc_free(text);
    lcc_ivr_free(ivr);
    return st == LCC_OK ? EXIT_CLEAN : EXIT_PROBLEM;
}

/* ---- run ---- */

#define AGENT_ID "agent-1"
#define CALL_ID "call-1"

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

/* Prints the actions of the session's last step: "  ACTION LINE  TEXT". */
static void print_actions(const lcc_ivr_session *s)
{
    for (size_t i = 0; i < lcc_ivr_session_action_count(s); i++) {
        char line[16] = "-";
        if (lcc_ivr_session_action_line(s, i) > 0)
            snprintf(line, sizeof line, "%u", lcc_ivr_session_action_line(s, i));
        const char *text = lcc_ivr_session_action_text(s, i);
        printf("  %-9s %3s%s%s\n", action_name(lcc_ivr_session_action(s, i)), line,
               text ? "  " : "", text ? text : "");
    }
}

/* The session's callback in the engine, for the engine's lines. */
static const char *callback_id;
/* The conversation the engine last offered to AGENT_ID, or "". */
static char offered[64];

static const char *what(char buf[80], const char *conversation_id)
{
    if (conversation_id && callback_id && strcmp(conversation_id, callback_id) == 0)
        return "callback"; /* its id changes from run to run: not printed */
    snprintf(buf, 80, "conversation %s", conversation_id ? conversation_id : "?");
    return buf;
}

/* Prints the engine's events, and drops the IVR_ACTION events the session
 * queues (print_actions shows the same from the session). */
static void print_engine_events(lcc_context *ctx)
{
    static const char *const presence[] = {"offline", "available", "busy", "away"};
    static const char *const routing[] = {"off queue", "idle", "interacting", "not responding"};
    lcc_event *ev;
    while ((ev = lcc_context_next_event(ctx))) {
        char w[80];
        const char *conv = lcc_event_conversation_id(ev);
        const char *agent = lcc_event_agent_id(ev) ? lcc_event_agent_id(ev) : "?";
        const char *queue = lcc_event_queue_id(ev) ? lcc_event_queue_id(ev) : "?";
        int64_t at = lcc_event_time_ms(ev) ? lcc_event_time_ms(ev) : clock_ms;
        char t[32];
        snprintf(t, sizeof t, "[engine] +%llds", (long long)((at - START_MS) / 1000));
        switch (lcc_event_get_type(ev)) {
        case LCC_EVENT_IVR_ACTION:
            break;
        case LCC_EVENT_ENGINE_SCHEDULED:
            printf("%s SCHEDULED %s in queue %s\n", t, what(w, conv), queue);
            break;
        case LCC_EVENT_ENGINE_DUE:
            printf("%s DUE %s\n", t, what(w, conv));
            break;
        case LCC_EVENT_ENGINE_QUEUED:
            printf("%s QUEUED %s in queue %s\n", t, what(w, conv), queue);
            break;
        case LCC_EVENT_ENGINE_OFFERED:
            printf("%s OFFERED %s to %s (queue %s)\n", t, what(w, conv), agent, queue);
            if (strcmp(agent, AGENT_ID) == 0 && conv)
                snprintf(offered, sizeof offered, "%s", conv);
            break;
        case LCC_EVENT_ENGINE_ACCEPTED:
            printf("%s ACCEPTED %s by %s\n", t, what(w, conv), agent);
            break;
        case LCC_EVENT_ENGINE_DIALING:
            printf("%s DIALING %s %s\n", t, what(w, conv),
                   lcc_event_number(ev) ? lcc_event_number(ev) : "?");
            break;
        case LCC_EVENT_ENGINE_DECLINED:
            printf("%s DECLINED %s by %s\n", t, what(w, conv), agent);
            break;
        case LCC_EVENT_ENGINE_AGENT_STATUS:
            printf("%s STATUS %s: %s, %s\n", t, agent, presence[lcc_event_presence(ev) & 3],
                   routing[lcc_event_routing_status(ev) & 3]);
            break;
        default:
            printf("%s EVENT %d %s\n", t, (int)lcc_event_get_type(ev), what(w, conv));
            break;
        }
        lcc_event_free(ev);
    }
}

/* The embedded engine with queue `queue_id` and one available member.  The
 * callback a session files is for its call id (CB-SINGLE: one per call). */
static lcc_status setup_engine(lcc_context *ctx, const char *queue_id)
{
    lcc_engine *engine;
    lcc_agent *agent;
    lcc_queue *queue;
    lcc_status st = lcc_engine_new(&engine, ctx, NULL);
    if (st == LCC_OK)
        st = lcc_agent_new(&agent, ctx, AGENT_ID, "Agent One");
    if (st == LCC_OK)
        st = lcc_queue_new(&queue, ctx, queue_id, queue_id);
    if (st == LCC_OK)
        st = lcc_queue_add_member(queue, AGENT_ID);
    if (st == LCC_OK)
        st = lcc_engine_set_presence(engine, AGENT_ID, LCC_PRESENCE_AVAILABLE);
    if (st == LCC_OK)
        st = lcc_engine_set_routing_status(engine, AGENT_ID, LCC_ROUTING_IDLE);
    return st;
}

/* After the call: the engine offers the callback, the agent accepts it
 * 5 seconds later, and only then does the engine dial the customer. */
static int engine_follow_up(lcc_context *ctx)
{
    lcc_engine *engine = lcc_context_engine(ctx);
    lcc_status st = lcc_context_run_due(ctx);
    print_engine_events(ctx);
    if (st != LCC_OK || strcmp(offered, callback_id) != 0) {
        fprintf(stderr, "ivr-tool: the engine did not offer the callback to %s\n", AGENT_ID);
        return EXIT_PROBLEM;
    }
    clock_ms += 5000;
    printf("[agent] %s accepts the callback\n", AGENT_ID);
    st = lcc_engine_answer(engine, AGENT_ID, callback_id, 1);
    if (st == LCC_OK)
        st = lcc_context_run_due(ctx);
    print_engine_events(ctx);
    if (st != LCC_OK) {
        fprintf(stderr, "ivr-tool: accepting the callback: %s\n", lcc_context_errmsg(ctx));
        return EXIT_PROBLEM;
    }
    return EXIT_CLEAN;
}

static int cmd_run(lcc_context *ctx, int argc, char **argv)
{
    const char *path = NULL, *caller = "+13125550100", *queue_id = "support";
    int with_engine = 0;
    char **inputs = malloc(sizeof *inputs * (size_t)(argc + 1));
    int n_inputs = 0;
    if (!inputs)
        return usage("out of memory");
    for (int i = 0; i < argc; i++) {
        char key;
        if (strcmp(argv[i], "--engine") == 0) {
            with_engine = 1;
        } else if (strcmp(argv[i], "--caller") == 0 && i + 1 < argc) {
            caller = argv[++i];
        } else if (strcmp(argv[i], "--queue") == 0 && i + 1 < argc) {
            queue_id = argv[++i];
        } else if (strncmp(argv[i], "--", 2) == 0) {
            fprintf(stderr, "ivr-tool: run: unknown option, or no value: %s\n", argv[i]);
            free(inputs);
            return usage(NULL);
        } else if (!path) {
            path = argv[i];
        } else if (parse_input(argv[i], &key)) {
            inputs[n_inputs++] = argv[i];
        } else {
            fprintf(stderr, "ivr-tool: run: '%s' is not an input\n", argv[i]);
            free(inputs);
            return usage(NULL);
        }
    }
    if (!path) {
        free(inputs);
        return usage("run: no FILE");
    }

    lcc_ivr *ivr = NULL;
    lcc_ivr_session *session = NULL;
    int rc = load(&ivr, ctx, path, stderr, stderr);
    lcc_status st = LCC_OK;
    if (rc == EXIT_CLEAN && with_engine) {
        st = setup_engine(ctx, queue_id);
        print_engine_events(ctx); /* the agent becomes available */
    }
    if (rc == EXIT_CLEAN && st == LCC_OK)
        st = lcc_ivr_session_new(&session, ivr, caller, queue_id, CALL_ID);
    if (rc == EXIT_CLEAN && st != LCC_OK) {
        fprintf(stderr, "ivr-tool: run: %s\n", lcc_context_errmsg(ctx));
        rc = st == LCC_EBADNUMBER || st == LCC_EINVAL || st == LCC_ERANGE ? EXIT_USAGE
                                                                           : EXIT_PROBLEM;
    }
    for (int i = 0; rc == EXIT_CLEAN && i < n_inputs; i++) {
        char key;
        lcc_ivr_input input = parse_input(inputs[i], &key);
        printf("[input] %s\n", inputs[i]);
        st = lcc_ivr_session_step(session, input, key);
        if (st != LCC_OK) {
            fprintf(stderr, "ivr-tool: input '%s' refused: %s\n", inputs[i],
                    lcc_context_errmsg(ctx));
            rc = EXIT_PROBLEM;
            break;
        }
        print_actions(session);
        callback_id = lcc_ivr_session_callback_id(session);
        if (with_engine)
            print_engine_events(ctx);
    }
    if (session)
        printf("wait: %s\n", wait_name(lcc_ivr_session_wait(session)));
    if (rc == EXIT_CLEAN && callback_id && lcc_ivr_session_wait(session) == LCC_IVR_WAIT_DONE)
        rc = engine_follow_up(ctx);
    lcc_ivr_session_free(session);
    lcc_ivr_free(ivr);
    free(inputs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_text, stdout);
        fputs(help_text, stdout);
        return EXIT_CLEAN;
    }
    if (argc < 2)
        return usage(NULL);

    lcc_context_params params = LCC_CONTEXT_PARAMS_INIT;
    params.now_ms = fixed_clock;
    lcc_context *ctx;
    if (lcc_context_new(&ctx, &params) != LCC_OK) {
        fprintf(stderr, "ivr-tool: cannot create a context\n");
        return EXIT_USAGE;
    }
    int rc;
    if (strcmp(argv[1], "check") == 0)
        rc = cmd_check(ctx, argc - 2, argv + 2);
    else if (strcmp(argv[1], "explain") == 0)
        rc = cmd_explain(ctx, argc - 2, argv + 2);
    else if (strcmp(argv[1], "run") == 0)
        rc = cmd_run(ctx, argc - 2, argv + 2);
    else
        rc = usage("unknown command");
    lcc_context_free(ctx); /* also frees the engine, its agent and queue */
    return rc;
}
