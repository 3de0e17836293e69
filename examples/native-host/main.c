/* contactcore-native-host: the command line and the serving loop.
 *
 * The browser starts the host with the caller's origin as its first
 * argument and talks to it over stdin/stdout (framing.c).  Between
 * messages the host waits in poll(2) on stdin with the timeout of the
 * context's next timer (engine timers, request deadlines), runs the timers
 * that are due, and sends the events they queued: a long-lived port gets
 * them as they happen.  It never writes anything but messages to stdout;
 * what it has to say goes to stderr, one line each, never a secret.
 */
#include "host.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void nh_log(const char *fmt, ...)
{
    char line[1200];
    int n = snprintf(line, sizeof line, NH_PROGRAM ": ");
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m < sizeof line - (size_t)n - 1
                                               ? (size_t)m
                                               : sizeof line - (size_t)n - 2);
    line[len++] = '\n';
    ssize_t w = write(2, line, len); /* one write: lines of several hosts do not mix */
    (void)w;
}

static const char usage[] =
    "Usage: " NH_PROGRAM " [--config FILE] ORIGIN\n"
    "       " NH_PROGRAM " install --extension-id ID [--browser chromium|chrome|firefox]\n"
    "                              [--system] [--user-data-dir DIR] [--config FILE]\n"
    "       " NH_PROGRAM " uninstall [--browser chromium|chrome|firefox] [--system]\n"
    "                              [--user-data-dir DIR]\n"
    "\n"
    "A browser native-messaging host (name " NH_HOST_NAME ") on libcontactcore: the\n"
    "browser starts it with the calling extension's origin (chrome-extension://ID/;\n"
    "Firefox passes the host manifest's path, then the extension id, which is then\n"
    "the origin) and exchanges messages with it on stdin and stdout: a 32-bit\n"
    "length in native byte order, then UTF-8 JSON.  Requests {id, method, params}\n"
    "get one reply {id, result} or {id, error: {code, message, report?}}; on a\n"
    "long-lived port (connectNative) engine events follow as {event, data}.  The\n"
    "methods (protocol.md): hello, ping, callback.defaults, callback.validate,\n"
    "callback.schedule, callback.list, callback.cancel, callback.reschedule,\n"
    "text.measure, message.send, social.reply, tz.list, tz.convert.\n"
    "\n"
    "Configuration: --config FILE, else $XDG_CONFIG_HOME/contactcore/native-host.json\n"
    "(~/.config/contactcore/native-host.json); no file there means every default.\n"
    "A JSON object:\n"
    "  \"backend\"           \"engine\" (default): the embedded engine and its SQLite\n"
    "                      store; \"http\": Genesys Cloud or the sandbox at \"url\"\n"
    "  \"store\"             the engine's store (default\n"
    "                      $XDG_DATA_HOME/contactcore/engine.db, the command-line\n"
    "                      tool's: ~/.local/share/contactcore/engine.db); \":memory:\"\n"
    "                      for none\n"
    "  \"agent\"             the agent the host acts as (default \"demo-agent\")\n"
    "  \"allowed_origins\"   callers allowed, e.g. [\"chrome-extension://ID/\"] (a\n"
    "                      Firefox extension id as is); none by default, `install`\n"
    "                      adds one; any other caller is answered EORIGIN\n"
    "  \"max_request_bytes\" the largest message accepted, 1024 .. 67108864 (default\n"
    "                      1048576); a longer one is refused unread (ETOOBIG) and\n"
    "                      the host exits, since the stream cannot be resynchronised\n"
    "  \"demo\"              true: a demo directory in the engine (agent, queues\n"
    "                      demo-support and demo-sales, the ACD call demo-call-1 from\n"
    "                      +33 1 42 68 53 00, a Facebook post accepted by the agent)\n"
    "                      so that every method works at once; by default when\n"
    "                      the store is new or has the demo already\n"
    "  \"time_zone\"         the zone of an agent the host makes (default Europe/Paris)\n"
    "  \"url\", \"login_url\", \"ca_file\", \"queue\"   the HTTP backend: API root, login\n"
    "                      root (default the API root), CA bundle, and the queue of\n"
    "                      stand-in conversations; OAuth client credentials come\n"
    "                      from LCC_CLIENT_ID and LCC_CLIENT_SECRET, never the file\n"
    "Replies are at most 1 MiB (the browser's limit): a bigger one is replaced by\n"
    "an ETOOBIG error.  Logs go to stderr only.\n"
    ;

static const char usage_install[] =
    "\n"
    "install writes the host manifest (name " NH_HOST_NAME ", this program's path,\n"
    "allowed_origins, or allowed_extensions for Firefox) where the browser looks:\n"
    "per user ~/.config/chromium/NativeMessagingHosts/ (chromium, the default),\n"
    "~/.config/google-chrome/NativeMessagingHosts/ (chrome),\n"
    "~/.mozilla/native-messaging-hosts/ (firefox); with --system\n"
    "/etc/chromium/native-messaging-hosts/, /etc/opt/chrome/native-messaging-hosts/,\n"
    "/usr/lib/mozilla/native-messaging-hosts/; with --user-data-dir DIR (Chromium\n"
    "and Chrome) DIR/NativeMessagingHosts/ of that profile.  It also adds the\n"
    "extension's origin to the configuration's allowed_origins (creating the file\n"
    "when missing).  uninstall removes the manifest.\n"
    "\n"
    "Exit status: 0 stdin closed between messages (or install/uninstall done);\n"
    "1 the stream ended badly or was refused (end of input inside a message, a\n"
    "message over max_request_bytes, stdout closed, an origin not allowed);\n"
    "2 bad command line; 3 the configuration or the backend cannot be used (the\n"
    "first request is answered ECONFIG with the reason).\n";

static void serve(nh_host *h, int origin_ok)
{
    nh_reader rd;
    nh_reader_init(&rd, 0, h->cfg_ok ? h->cfg.max_request : NH_DEFAULT_MAX_REQUEST);
    while (!h->stop) {
        const char *body = NULL;
        size_t len = 0;
        uint32_t declared = 0;
        nh_frame_status fs = NH_MORE;
        while (!h->stop && (fs = nh_reader_next(&rd, &body, &len, &declared)) == NH_FRAME) {
            if (!origin_ok) {
                nh_refuse_origin(h, body, len);
                break;
            }
            nh_handle_frame(h, body, len);
            nh_push_events(h);
        }
        if (h->stop)
            break;
        if (fs == NH_TOOBIG && !origin_ok) {
            nh_refuse_origin(h, "", 0);
            break;
        }
        if (fs == NH_TOOBIG) {
            nh_log("a message of %lu bytes is over max_request_bytes (%zu): refused without "
                   "reading it; exiting (the stream cannot be resynchronised)",
                   (unsigned long)declared, rd.max);
            nh_reply_error_noid(h, "ETOOBIG",
                                "a message of %lu bytes is over the host's limit of %zu bytes "
                                "(max_request_bytes): refused unread; the host exits",
                                (unsigned long)declared, rd.max);
            if (!h->stop)
                h->exit_code = NH_EXIT_STREAM;
            break;
        }
        /* Timers that are due run even while messages keep coming. */
        int timeout = -1;
        if (h->ctx) {
            int64_t next = lcc_context_next_deadline_ms(h->ctx);
            int64_t now = next >= 0 ? lcc_context_now_ms(h->ctx) : 0;
            if (next >= 0 && next <= now) {
                lcc_context_run_due(h->ctx);
                nh_push_events(h);
                continue;
            }
            if (next >= 0)
                timeout = next - now > 60000 ? 60000 : (int)(next - now);
        }
        struct pollfd pfd = {0, POLLIN, 0};
        int n = poll(&pfd, 1, timeout);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            nh_log("poll on stdin failed: %s; exiting", strerror(errno));
            h->exit_code = NH_EXIT_STREAM;
            break;
        }
        if (n == 0)
            continue; /* a timer is due */
        long got = nh_reader_fill(&rd);
        if (got < 0) {
            nh_log("cannot read stdin: %s; exiting", strerror(errno));
            h->exit_code = NH_EXIT_STREAM;
            break;
        }
        if (got == 0) {
            size_t have, want;
            if (nh_reader_partial(&rd, &have, &want)) {
                nh_log("stdin closed in the middle of a message (%zu of %zu %s); exiting",
                       have, want, want == 4 && have < 4 ? "bytes of its length" : "bytes");
                h->exit_code = NH_EXIT_STREAM;
            } else {
                h->exit_code = NH_EXIT_OK;
            }
            break;
        }
    }
    nh_reader_free(&rd);
}

int main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "install") == 0 || strcmp(argv[1], "uninstall") == 0))
        return nh_install(argc - 2, argv + 2, argv[1][0] == 'u');

    const char *config = NULL, *origin = NULL;
    const char *pos[8];
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            fputs(usage_install, stdout);
            return NH_EXIT_OK;
        }
        if (strcmp(a, "--version") == 0) {
            printf("%s %s\n", NH_PROGRAM, lcc_version());
            return NH_EXIT_OK;
        }
        if (strcmp(a, "--config") == 0 || strncmp(a, "--config=", 9) == 0) {
            if (a[8] == '=')
                config = a + 9;
            else if (i + 1 < argc)
                config = argv[++i];
            else {
                fprintf(stderr, "%s: --config needs a file\n%s", NH_PROGRAM, usage);
                return NH_EXIT_USAGE;
            }
            continue;
        }
        if (strncmp(a, "--parent-window=", 16) == 0) /* Chrome on Windows */
            continue;
        if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "%s: unknown option %s (see --help)\n", NH_PROGRAM, a);
            return NH_EXIT_USAGE;
        }
        if (npos < (int)(sizeof pos / sizeof pos[0]))
            pos[npos++] = a;
    }
    /* Chromium: argv[1] is the origin.  Firefox: the manifest's path, then
     * the extension id. */
    for (int i = 0; i < npos && !origin; i++)
        if (strncmp(pos[i], "chrome-extension://", 19) == 0)
            origin = pos[i];
    if (!origin && npos > 0)
        origin = pos[npos - 1];

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL); /* a closed stdout is EPIPE, a logged reason */

    static nh_host h; /* zero */
    h.out_fd = 1;
    h.origin = origin;
    h.out.limit = NH_MAX_REPLY;
    char err[1024];
    if (nh_config_load(&h.cfg, config, err, sizeof err) != 0) {
        snprintf(h.cfg_error, sizeof h.cfg_error, "%s", err);
        nh_log("%s", err);
    } else {
        h.cfg_ok = 1;
    }
    int origin_ok = !h.cfg_ok || nh_origin_allowed(&h);
    if (h.cfg_ok && origin_ok && nh_backend_open(&h) != 0) {
        h.cfg_ok = 0;
        nh_log("%s", h.cfg_error);
    }
    serve(&h, origin_ok);
    if (!h.cfg_ok && h.exit_code == NH_EXIT_OK)
        h.exit_code = NH_EXIT_CONFIG;
    nh_backend_close(&h);
    nh_config_free(&h.cfg);
    jw_mem_free(&h.out);
    free(h.held);
    return h.exit_code;
}
