/* contactcore: the command-line tool (examples/cli).  What the files share.
 *
 *   main.c          dispatch, the global options, help texts, exit codes
 *   args.c          the option parser, dates, times and numbers on the command line
 *   backend.c       the context: embedded engine with a store, or HTTP; the acting agent
 *   output.c        reports for people, errors
 *   csv.c           CSV reading and writing
 *   callback_cmd.c  callback draft|schedule|list|cancel|reschedule
 *   import.c        import: bulk callbacks from CSV, resumable
 *   message_cmd.c   message send
 *   text_cmd.c      text measure
 *   ivr_cmd.c       ivr check|explain|run (was examples/ivr-tool.c)
 *   tz_cmd.c        tz convert|list
 *   phone_cmd.c     phone normalize
 *   directory_cmd.c directory add-agent|add-queue|add-member|show (engine)
 *
 * The JSON writer and the helpers shared with the other examples are in
 * examples/common (cc_jw.h, cc_util.h).  Only the public API
 * (include/contactcore) is used.
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <contactcore/contactcore.h>

#include "cc_jw.h"   /* examples/common: the JSON writer */
#include "cc_util.h" /* examples/common: names, times, dates, files */

/* Exit codes (main.c's help says the same). */
enum {
    CLI_OK = 0,      /* done */
    CLI_REFUSED = 1, /* a rule refused something: the report was printed */
    CLI_USAGE = 2,   /* bad command line, or a backend not set up for it */
    CLI_FAILED = 3   /* backend, network, store or file error */
};

/* ---- options (args.c) ---- */

typedef struct cli_list {
    const char **v;
    size_t n, cap;
} cli_list;

enum { OPT_FLAG, OPT_VALUE, OPT_LIST };

typedef struct cli_opt {
    const char *name; /* "queue" for --queue */
    int kind;         /* OPT_FLAG: int *; OPT_VALUE: const char **; OPT_LIST: cli_list * */
    void *dest;
} cli_opt;

/* The options every command takes, wherever they stand. */
typedef struct cli_app {
    const char *cmd;        /* "callback schedule", for messages */
    int json;               /* --json */
    int verbose;            /* --verbose */
    int help;               /* --help / -h */
    int engine;             /* --engine given */
    const char *store;      /* --engine=FILE, or NULL: the default */
    const char *http;       /* --http URL */
    const char *login_url;  /* --login-url URL */
    const char *ca_file;    /* --ca-file FILE */
    const char *as;         /* --as AGENT (or $CONTACTCORE_AGENT) */
    int64_t fixed_now_ms;   /* non-zero: the context clock stands still there */
    int in_doc;             /* a JSON document is being written: errors to stderr only */

    /* Set by cli_open(). */
    lcc_context *ctx;
    lcc_engine *eng;        /* the engine (engine backend, or ivr run --demo) */
    lcc_agent *agent;       /* the acting agent, when one was needed */
    int remote;             /* 1: HTTP backend */
    char store_path[4096];
    char **pos;             /* room for every argument: the positional ones of cli_parse */
} cli_app;

/* Parses argv (options of `opts` and the global ones, anywhere; "--" ends
 * options).  The positional arguments are left in pos[0..*npos-1]; pass
 * app->pos, which has room for every argument of the command line.  Returns CLI_OK, or CLI_USAGE after a message. */
int cli_parse(cli_app *app, int argc, char **argv, const cli_opt *opts, char **pos, int *npos);
void cli_list_free(cli_list *l);

/* A non-negative integer up to max.  0 on success. */
int cli_parse_uint(const char *s, unsigned long max, unsigned long *out);
/* "earlier", "later", "reject", "compatible". 0 on success. */
int cli_parse_disambiguation(const char *s, lcc_disambiguation *out);

/* ---- backend (backend.c) ---- */

enum {
    NEED_CONTEXT = 0, /* a context only */
    NEED_BACKEND = 1, /* the engine (default) or HTTP */
    NEED_ENGINE = 2,  /* the engine only */
    NEED_AGENT = 4    /* and the acting agent (--as) */
};

/* Opens what the command needs.  Returns CLI_OK or an exit code after a
 * message. */
int cli_open(cli_app *app, int need);
void cli_close(cli_app *app);
/* Waits for an operation to finish; returns its status. */
lcc_status cli_wait(cli_app *app, lcc_op *op);
/* Drops the events queued on the context (engine steps, finished ops). */
void cli_drain_events(cli_app *app);
/* In HTTP mode, the local stand-ins the client rules need: queue `id`
 * (members: the acting agent; settings that let the backend judge). */
int cli_local_queue(cli_app *app, const char *id);
/* The exit code of a library failure. */
int cli_exit_for(lcc_status st);
/* The time zone to show times in: `zone`, else the acting agent's, else "UTC". */
const char *cli_zone(cli_app *app, const char *zone);

/* ---- output (output.c) ---- */

/* A report: people's lines ("  error   field   RULE   message") to `f`. */
void out_report(FILE *f, const lcc_report *r, const char *indent);
/* One line per entry "RULE:field:message", joined by " | " (import). */
void out_report_flat(char *buf, size_t size, const lcc_report *r);
/* "error: message" to stderr as "contactcore: CMD: message"; returns code.
 * With --json a document {"ok": false, "exit": code, "error": {...}} goes
 * to stdout as well. */
int out_fail(cli_app *app, int code, lcc_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* For people: "2026-11-23 10:00 Europe/Paris". */
int out_local_short(char *buf, size_t size, lcc_context *ctx, const char *zone, int64_t ms);

/* ---- csv (csv.c) ---- */

typedef struct csv_record {
    char **f;
    size_t n;
    size_t row; /* the record's number in the file, the header being 1 */
} csv_record;

typedef struct csv_doc {
    csv_record *r;
    size_t n;
} csv_doc;

/* Parses RFC 4180 text (quotes, "" escapes, CRLF or LF, a UTF-8 byte order
 * mark).  Returns 0, or -1 with a reason in err (the record it is in). */
int csv_parse(csv_doc *doc, const char *text, size_t len, char *err, size_t errlen);
void csv_free(csv_doc *doc);
/* Writes one field, quoted when it needs to be. */
void csv_put(FILE *f, const char *s);

/* ---- commands ---- */

int cmd_callback(cli_app *app, const char *sub, int argc, char **argv);
int cmd_import(cli_app *app, int argc, char **argv);
int cmd_message(cli_app *app, const char *sub, int argc, char **argv);
int cmd_text(cli_app *app, const char *sub, int argc, char **argv);
int cmd_ivr(cli_app *app, const char *sub, int argc, char **argv);
int cmd_tz(cli_app *app, const char *sub, int argc, char **argv);
int cmd_phone(cli_app *app, const char *sub, int argc, char **argv);
int cmd_directory(cli_app *app, const char *sub, int argc, char **argv);

/* Help of a command, or the overview for NULL (main.c). */
int cli_help(const char *cmd);
int cli_usage(cli_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- scheduling one callback (callback_cmd.c, used by import.c) ---- */

typedef struct cb_spec {
    const char *queue, *number, *country, *zone, *conversation, *callee;
    const char *caller_id, *caller_name;
    int has_date, year, month, day;
    int has_time, hour, minute;
    int asap, own, route_to_me;
    lcc_disambiguation how;
    const char **data_keys, **data_values;
    size_t n_data;
} cb_spec;

typedef enum cb_outcome {
    CB_OK = 0,       /* scheduled: id set */
    CB_REFUSED = 1,  /* a rule refused it: report */
    CB_FAILED = 2,   /* not created (safe to try again) */
    CB_UNKNOWN = 3   /* may have been created: do not try again */
} cb_outcome;

typedef struct cb_result {
    cb_outcome outcome;
    lcc_status status;        /* the failure */
    lcc_report *report;       /* owned; rules or warnings */
    char message[512];        /* the failure's detail */
    char id[128];             /* the backend's id of the callback */
    char zone[128];           /* the effective zone */
    char conversation[256];   /* the conversation it was scheduled from */
    int64_t scheduled_ms;     /* LCC_CALLBACK_ASAP for an immediate one */
    lcc_callback *callback;   /* the local handle (borrowed, context-owned) */
    lcc_op *op;               /* owned: kept when the backend refused it */
} cb_result;

/* The report of a result: the backend's refusal, else the local report. */
const lcc_report *cb_report(const cb_result *res);

/* Makes the draft of `spec` (and the conversation it needs) and, unless
 * validate_only, commits and submits it.  Fills res (free res->report). */
void cb_schedule(cli_app *app, const cb_spec *spec, int validate_only, cb_result *res);
void cb_result_clear(cb_result *res);

#endif
