/* contactcore: the command-line tool of libcontactcore.
 *
 *   contactcore [OPTIONS] COMMAND [SUBCOMMAND] [ARGS...]
 *
 * This file: finding the command, the help texts (the tool's manual) and
 * the exit codes.  `contactcore --help` and `contactcore COMMAND --help`
 * say everything; cli.h lists the other files.
 *
 * Build: part of the Meson build (build/examples/cli/contactcore, installed
 * with the library), or
 *   cc -o contactcore examples/cli/[a-z]*.c $(pkg-config --cflags --libs libcontactcore)
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char overview[] =
    "usage: contactcore [OPTIONS] COMMAND [SUBCOMMAND] [ARGS...]\n"
    "\n"
    "Callbacks, messages, text metrics, IVR scripts, time zones and phone numbers\n"
    "with libcontactcore, against its embedded engine (an SQLite store on this\n"
    "machine) or Genesys Cloud / a sandbox over HTTP.\n"
    "\n"
    "commands:\n"
    "  callback draft|schedule|list|cancel|reschedule\n"
    "                        callbacks, checked by the rules CB-*\n"
    "  import FILE --out RESULTS\n"
    "                        many callbacks from a CSV file: resumable, one result\n"
    "                        line per row\n"
    "  message send          a message on behalf of a queue (OBQ-*)\n"
    "  text measure          SMS segments, weighted length, channel limits (TXT-*)\n"
    "  ivr check|explain|run IVR scripts that offer callbacks (IVR-*)\n"
    "  tz convert|list       time zones\n"
    "  phone normalize       phone numbers to E.164\n"
    "  directory add-agent|add-queue|add-member|show\n"
    "                        the engine's agents and queues\n"
    "  help [COMMAND]        this text, or a command's (as COMMAND --help)\n"
    "\n"
    "options of every command (anywhere on the line):\n"
    "  --engine[=FILE]  the embedded engine with its store FILE: the default backend;\n"
    "                   FILE defaults to $XDG_DATA_HOME/contactcore/engine.db, else\n"
    "                   ~/.local/share/contactcore/engine.db (directories are made)\n"
    "  --http URL       Genesys Cloud or a sandbox at URL (the API root), with OAuth\n"
    "                   client credentials from LCC_CLIENT_ID and LCC_CLIENT_SECRET\n"
    "  --login-url URL  the OAuth login service, when it is not the API root\n"
    "  --ca-file FILE   PEM certificates to trust instead of the system's\n"
    "  --as AGENT       the agent who acts (default: $CONTACTCORE_AGENT); with the\n"
    "                   engine an agent of its directory\n"
    "  --json           one JSON document on stdout instead of text for people,\n"
    "                   whose \"ok\" is false when the exit status is not 0 (a usage\n"
    "                   error prints none); progress and messages go to stderr\n"
    "  --verbose        the library's log on stderr (it never logs secrets)\n"
    "  --help, -h       help of the command\n"
    "  --version        the library's version\n"
    "\n"
    "exit status:\n"
    "  0  done\n"
    "  1  refused: a rule said no (the report is printed; import writes it to the\n"
    "     results file), or an input is not valid (a zone, a number, a script)\n"
    "  2  usage: a bad command line, or a backend not set up for the command\n"
    "  3  failure: the backend, the network, the store or a file could not be used\n"
    "\n"
    "e.g.\n"
    "  contactcore directory add-queue support --owned\n"
    "  contactcore directory add-agent ana --tz Europe/Paris\n"
    "  contactcore directory add-member support ana\n"
    "  contactcore --as ana callback schedule --queue support --number +33142685300 \\\n"
    "      --at 2026-11-23T10:00 --tz Europe/Paris --own\n"
    "  contactcore callback list --queue support --json\n";

static const char help_callback[] =
    "usage: contactcore callback draft|schedule [OPTIONS]\n"
    "       contactcore callback list [OPTIONS]\n"
    "       contactcore callback cancel ID...\n"
    "       contactcore callback reschedule ID --at WHEN [--tz ZONE]\n"
    "\n"
    "  draft       checks a callback against every rule and shows what it would\n"
    "              be (date, time, zone, number, queue), without scheduling it\n"
    "  schedule    the same, then schedules it with the backend; prints its id\n"
    "  list        the engine's callbacks (engine only: the cloud API has no list)\n"
    "  cancel      cancels callbacks by id as the acting agent (CB-CANCEL)\n"
    "  reschedule  moves a callback to another time (CB-RESCHEDULE)\n"
    "Every command but list acts as an agent: --as AGENT.\n"
    "\n"
    "options of draft and schedule:\n"
    "  --queue Q            the queue (CB-QUEUE)\n"
    "  --number N           the number to call (CB-NUMBER); default: the caller of\n"
    "                       the conversation (CB-NUMBER-DEFAULT)\n"
    "  --country CC         the country of a national number (FR for 01 42 68 53 00)\n"
    "  --at WHEN            local date and time: 2026-11-23T10:00 (or with a space)\n"
    "  --date D, --time T   the date (2026-11-23) or the time (10:00) alone; the\n"
    "                       other one defaults (CB-DATE-DEFAULT, CB-TIME-DEFAULT)\n"
    "  --asap               as soon as possible instead of at a time\n"
    "  --tz ZONE            the callee's zone (CB-TZ); default the agent's, else UTC\n"
    "  --disambiguation H   a time the clocks skip or repeat (CB-TZ-GAP, -FOLD):\n"
    "                       compatible (default, a warning), earlier, later, reject\n"
    "  --own                the agent takes ownership (CB-OWN, CB-OWN-HORIZON)\n"
    "  --route-to-me        route it to the agent if possible (CB-ROUTE-ME)\n"
    "  --conversation C     the conversation it is for; default a new one, as if the\n"
    "                       agent had just taken a call from the number on the queue\n"
    "                       (one the engine has keeps its queue and caller)\n"
    "  --name NAME          the callee's name\n"
    "  --caller-id N        the number shown to the callee (CB-CALLERID)\n"
    "  --caller-name NAME   the name shown with it\n"
    "  --data KEY=VALUE     an entry of the callback's data (repeat it)\n"
    "  --agent A            the acting agent (the same as --as)\n"
    "Output: the report's errors and warnings (field, rule, sentence); schedule\n"
    "prints \"scheduled callback ID ...\".  Exit 1 when the report has errors or the\n"
    "backend refused it.\n"
    "\n"
    "options of list (engine):\n"
    "  --queue Q            callbacks of queue Q\n"
    "  --agent A            scheduled by, owned by or offered to agent A\n"
    "  --state S            scheduled, waiting, offered, connected, ended, cancelled\n"
    "  --from WHEN          scheduled at or after WHEN (local in --tz, or an instant\n"
    "  --to WHEN            such as 2026-11-23T09:00Z); scheduled before WHEN\n"
    "  --tz ZONE            the zone of --from, --to and of the times (default UTC)\n"
    "  --limit N            at most N (default 100, at most 1000) ...\n"
    "  --offset N           ... after skipping N\n"
    "  --all                every callback that matches, however many\n"
    "\n"
    "options of reschedule:\n"
    "  --at WHEN            the new time: local in --tz (default the agent's zone,\n"
    "                       else UTC), or an instant with an offset (...T09:00Z)\n"
    "  --tz ZONE\n"
    "\n"
    "With --http, cancel and reschedule read the callback from the backend first\n"
    "(GET), then change it (PATCH).\n";

static const char help_import[] =
    "usage: contactcore import FILE --out RESULTS [OPTIONS]\n"
    "\n"
    "Schedules a callback for every row of the CSV file FILE (\"-\": stdin), as the\n"
    "acting agent (--as), and writes each row's outcome to RESULTS.  Invalid rows\n"
    "never stop the import.\n"
    "\n"
    "FILE: a header row, then one callback per row.  Columns (any order, names in\n"
    "any case; only number is required, an empty cell takes the default):\n"
    "  number        the number to call (CB-NUMBER)\n"
    "  date          2026-11-23          } default: now + 30 min in the zone\n"
    "  time          10:00               } (CB-DATE-DEFAULT, CB-TIME-DEFAULT)\n"
    "  timezone      the callee's zone (CB-TZ); default --tz, else the agent's\n"
    "  queue         the queue; default --queue\n"
    "  conversation  the conversation it is for; default a new one per row\n"
    "  name          the callee's name\n"
    "  country       the country of a national number; default --country\n"
    "  data.KEY      an entry KEY of the callback's data\n"
    "\n"
    "RESULTS: CSV with the header row,status,callback_id,conversation,details and\n"
    "one line per row of FILE (row: the line where the row starts, the header\n"
    "being line 1):\n"
    "  ok        scheduled: callback_id is its id; details its warnings\n"
    "  refused   a rule refused it: details are its report entries\n"
    "            RULE:field:sentence, joined by \" | \"\n"
    "  failed    not scheduled (the backend could not be reached): tried again\n"
    "            when the import is run again\n"
    "  unknown   the request may have reached the backend: never sent again;\n"
    "            check the backend\n"
    "  pending   written before a row's work is committed: a row left pending by\n"
    "            an interrupted import is settled when it is run again\n"
    "RESULTS is also the journal: run the same command again after an\n"
    "interruption (Ctrl-C, a crash, a power cut) and the rows it records are not\n"
    "scheduled again; the rest are.  Each line is flushed to disk (fsync) once the\n"
    "backend has committed the row: with the engine after each batch of rows,\n"
    "over HTTP after each row.\n"
    "\n"
    "options:\n"
    "  --out RESULTS  the results file (required)\n"
    "  --queue Q      the queue of rows without one\n"
    "  --tz ZONE      the zone of rows without one\n"
    "  --country CC   the country of rows without one\n"
    "  --batch N      rows per engine commit (default 500; 1 commits every row)\n"
    "  --rate N       at most N rows a second (default: no limit)\n"
    "\n"
    "Progress goes to stderr: a bar on a terminal, otherwise a line at every tenth\n"
    "of the rows.  At the end a summary (with --json a document on stdout).\n"
    "Exit 0 when every row is scheduled, 1 when a row was refused, 3 when a row\n"
    "failed or is unknown, or the backend stopped the import (the rows not done are\n"
    "done when it is run again).\n";

static const char help_message[] =
    "usage: contactcore message send --queue Q --to NUMBER... --text TEXT [OPTIONS]\n"
    "\n"
    "Sends a message on behalf of queue Q (OBQ-*) as the acting agent (--as), to\n"
    "each recipient, and prints each delivery: its address in E.164, its state,\n"
    "the conversation and message ids.\n"
    "\n"
    "options:\n"
    "  --queue Q        the queue it is sent on behalf of (OBQ-MEMBER)\n"
    "  --to NUMBER      a recipient (repeat it): an international number\n"
    "  --text TEXT      the text; --text-file FILE reads it from FILE (\"-\": stdin)\n"
    "  --channel C      sms (default) or whatsapp\n"
    "  --take-over      take over the contact's open, unassigned conversation\n"
    "                   (after a refusal with OBQ-TAKEOVER)\n"
    "Exit 1 when a rule refused it (OBQ-*, TXT-LIMITS, OBQ-EXISTING, OBQ-TAKEOVER).\n";

static const char help_text[] =
    "usage: contactcore text measure [--channel C] [--segments] [TEXT | --file FILE]\n"
    "\n"
    "Measures a text as a composer shows it: the encoding, the units counted (SMS\n"
    "septets or UTF-16 units, characters, or X's weighted length), the SMS\n"
    "segments and what is left before the channel's limit (TXT-SMS, TXT-WEIGHTED,\n"
    "TXT-LIMITS).  Without TEXT or --file the text is read from stdin.  A text\n"
    "is measured as it is: a final newline of a file or of stdin counts.\n"
    "\n"
    "options:\n"
    "  --channel C   sms (default), whatsapp, email, open, web, facebook, instagram,\n"
    "                x, social\n"
    "  --file FILE   the text is the contents of FILE (\"-\": stdin)\n"
    "  --segments    SMS: print each segment\n"
    "Exit 1 when the text is over the channel's limit or is not UTF-8.\n";

static const char help_ivr[] =
    "usage: contactcore ivr check FILE...\n"
    "       contactcore ivr explain FILE\n"
    "       contactcore ivr run FILE [--caller +E164] [--queue ID]\n"
    "                           [--demo | --engine[=FILE]] INPUT...\n"
    "\n"
    "Checks, explains and runs IVR scripts (YAML, or the same structure as JSON).\n"
    "A FILE ending in .json is read as JSON, one ending in .yaml or .yml as YAML;\n"
    "any other is JSON when it starts with '{' or '[', else YAML.\n"
    "\n"
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
    "  --demo          file a requested callback in an engine in memory that has the\n"
    "                  queue and one available agent, agent-1; the agent accepts the\n"
    "                  offer 5 s later and the engine dials (a fixed clock: Monday\n"
    "                  2026-01-05 09:00 UTC)\n"
    "  --engine[=FILE] file a requested callback in the engine's store (the queue\n"
    "                  must be in its directory); it waits there for an agent\n"
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
    "  [engine] +Ss EVENT ...        with --demo or --engine: an engine event, S\n"
    "                                seconds after the call started (SCHEDULED,\n"
    "                                QUEUED, OFFERED, ACCEPTED, DIALING, STATUS, ...)\n"
    "  [agent] ...                   with --demo: what the agent does\n"
    "  wait: STATE                   last: what the call waits for (start, key,\n"
    "                                ring, queue or done)\n"
    "\n"
    "Exit 0: check: no file has errors (warnings allowed); explain, run: done.\n"
    "Exit 1: check: a file has errors; explain, run: the script has errors, or\n"
    "run: an input was refused.  Exit 3: a file cannot be read.\n";

static const char help_tz[] =
    "usage: contactcore tz convert WHEN [--from ZONE] [--to ZONE]...\n"
    "                              [--disambiguation H]\n"
    "       contactcore tz list [PREFIX]\n"
    "\n"
    "  convert  WHEN is a local date and time in --from (2026-11-23T10:00, default\n"
    "           zone UTC) or an instant with an offset (2026-11-23T09:00Z,\n"
    "           2026-11-23T10:00+01:00); prints it in each --to zone (default UTC)\n"
    "           with its UTC offset.  A local time the clocks skip or repeat is\n"
    "           resolved as --disambiguation says: compatible (default), earlier,\n"
    "           later, or reject (exit 1), with a warning.\n"
    "  list     the zone names of the tz database (those starting with PREFIX).\n"
    "Exit 1 for an unknown zone.\n";

static const char help_phone[] =
    "usage: contactcore phone normalize NUMBER... [--country CC]\n"
    "\n"
    "Prints each NUMBER in E.164 (and its extension), as callbacks and messages\n"
    "use it: \"+\" numbers, 00 and 011 prefixes, national numbers of --country\n"
    "(ISO 3166 code), tel: URIs, punctuation, extensions (\"ext. 12\", \"x12\").\n"
    "Exit 1 when a number is not a possible number (the reason is printed).\n";

static const char help_directory[] =
    "usage: contactcore directory add-agent ID [--name NAME] [--tz ZONE]\n"
    "                                   [--supervisor] [--perm PERM]...\n"
    "       contactcore directory add-queue ID [--name NAME] [--choose-queue]\n"
    "                                   [--owned] [--owned-limit H]\n"
    "                                   [--owned-window H]\n"
    "       contactcore directory add-member QUEUE AGENT...\n"
    "       contactcore directory show ID...\n"
    "\n"
    "The agents and queues of the engine's store (engine only).  add-agent and\n"
    "add-queue create, or update an existing one with what is given.\n"
    "\n"
    "  add-agent   --name NAME     display name (default: the id)\n"
    "              --tz ZONE       the agent's zone (times without one are there)\n"
    "              --supervisor    the supervisor role (may cancel any callback)\n"
    "              --perm PERM     a permission (repeat it); a new agent without\n"
    "                              --perm gets conversation:callback:create,\n"
    "                              conversation:message:create and\n"
    "                              routing:queue:view; --perm none: nothing\n"
    "  add-queue   --name NAME     display name (default: the id)\n"
    "              --choose-queue  agents may choose another queue for callbacks\n"
    "                              of this one (CB-QUEUE)\n"
    "              --owned         owned callbacks allowed (CB-OWN); --no-owned\n"
    "              --owned-limit H how far ahead, hours (1..720, default 720)\n"
    "              --owned-window H how long one waits for its owner (1..168, 24)\n"
    "  add-member  adds agents to a queue\n"
    "  show        an agent's or a queue's settings, by id (exit 1 when unknown;\n"
    "              the library lists neither agents nor queues, so name them)\n";

int cli_usage(cli_app *app, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "contactcore: %s%s%s\n", app && app->cmd ? app->cmd : "",
            app && app->cmd ? ": " : "", msg);
    fprintf(stderr, "Try 'contactcore %s%s--help'.\n", app && app->cmd ? app->cmd : "",
            app && app->cmd ? " " : "");
    return CLI_USAGE;
}

int cli_help(const char *cmd)
{
    const char *text = overview;
    if (!cmd)
        text = overview;
    else if (strcmp(cmd, "callback") == 0)
        text = help_callback;
    else if (strcmp(cmd, "import") == 0)
        text = help_import;
    else if (strcmp(cmd, "message") == 0)
        text = help_message;
    else if (strcmp(cmd, "text") == 0)
        text = help_text;
    else if (strcmp(cmd, "ivr") == 0)
        text = help_ivr;
    else if (strcmp(cmd, "tz") == 0)
        text = help_tz;
    else if (strcmp(cmd, "phone") == 0)
        text = help_phone;
    else if (strcmp(cmd, "directory") == 0)
        text = help_directory;
    fputs(text, stdout);
    if (cmd)
        fputs("\nOptions of every command, and exit codes: contactcore --help\n", stdout);
    return CLI_OK;
}

/* Options of every command that take a value as the next word: skipped
 * while looking for the command. */
static int takes_value(const char *a)
{
    static const char *const names[] = {"--http", "--login-url", "--ca-file", "--as"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(a, names[i]) == 0)
            return 1;
    return 0;
}

static int has_subcommands(const char *cmd)
{
    return strcmp(cmd, "import") != 0 && strcmp(cmd, "help") != 0;
}

int main(int argc, char **argv)
{
    static cli_app app;
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    app.pos = calloc((size_t)argc + 1, sizeof *app.pos);
    if (!rest || !app.pos) {
        free(rest);
        free(app.pos);
        return out_fail(NULL, CLI_FAILED, LCC_ENOMEM, "out of memory");
    }
    const char *cmd = NULL, *sub = NULL;
    int nrest = 0, help = 0, dashdash = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!dashdash && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0))
            help = 1;
        if (!dashdash && strcmp(a, "--version") == 0) {
            printf("contactcore (libcontactcore %s)\n", lcc_version());
            free(rest);
            free(app.pos);
            return CLI_OK;
        }
        if (!dashdash && strcmp(a, "--") == 0)
            dashdash = 1;
        if (!cmd && !dashdash && a[0] == '-') {
            rest[nrest++] = argv[i];
            if (takes_value(a) && i + 1 < argc)
                rest[nrest++] = argv[++i];
            continue;
        }
        if (!cmd && !dashdash) {
            cmd = a;
            continue;
        }
        if (cmd && !sub && has_subcommands(cmd) && a[0] != '-') {
            sub = a;
            continue;
        }
        if (cmd && !sub && has_subcommands(cmd) && !dashdash && takes_value(a) && i + 1 < argc) {
            rest[nrest++] = argv[i];
            rest[nrest++] = argv[++i];
            continue;
        }
        rest[nrest++] = argv[i];
    }
    int rc;
    if (!cmd) {
        if (help) {
            rc = cli_help(NULL);
        } else {
            fputs(overview, stderr);
            rc = CLI_USAGE;
        }
    } else if (strcmp(cmd, "help") == 0) {
        const char *c = nrest > 0 ? rest[0] : NULL;
        rc = cli_help(c);
    } else if (help) {
        rc = cli_help(cmd);
    } else {
        static const struct {
            const char *name;
            int (*fn)(cli_app *, const char *, int, char **);
        } table[] = {
            {"callback", cmd_callback}, {"message", cmd_message}, {"text", cmd_text},
            {"ivr", cmd_ivr},           {"tz", cmd_tz},           {"phone", cmd_phone},
            {"directory", cmd_directory},
        };
        rc = -1;
        char name[128];
        if (strcmp(cmd, "import") == 0) {
            app.cmd = "import";
            rc = cmd_import(&app, nrest, rest);
        }
        for (size_t i = 0; rc < 0 && i < sizeof table / sizeof table[0]; i++) {
            if (strcmp(cmd, table[i].name) != 0)
                continue;
            snprintf(name, sizeof name, "%s%s%s", cmd, sub ? " " : "", sub ? sub : "");
            app.cmd = name;
            if (!sub) {
                app.cmd = cmd;
                rc = cli_usage(&app, "which one? (contactcore %s --help)", cmd);
            } else {
                rc = table[i].fn(&app, sub, nrest, rest);
            }
        }
        if (rc < 0) {
            fprintf(stderr, "contactcore: unknown command '%s'\n", cmd);
            fputs("Try 'contactcore --help'.\n", stderr);
            rc = CLI_USAGE;
        }
    }
    cli_close(&app);
    free(rest);
    free(app.pos);
    fflush(stdout);
    return rc;
}
