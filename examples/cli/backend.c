/* contactcore: the backend a command talks to.
 *
 * Engine (--engine[=FILE], the default): the embedded engine of the
 * library with its SQLite store, by default
 * $XDG_DATA_HOME/contactcore/engine.db (~/.local/share/contactcore/engine.db
 * when XDG_DATA_HOME is not set).  The engine's context is also the client:
 * it is connected to its own engine as the acting agent (--as), so that
 * drafts are checked against the stored directory and submitted through the
 * same REST requests a cloud would get.
 *
 * HTTP (--http URL): Genesys Cloud or a sandbox, with OAuth client
 * credentials from LCC_CLIENT_ID and LCC_CLIENT_SECRET, through the
 * library's libcurl transport.  The client rules need an agent, a queue and
 * a conversation in the context: the tool makes local stand-ins that let
 * every choice through (the acting agent with the permissions, a member of
 * each queue named, owned callbacks and queue choice allowed), so that the
 * backend judges what only it knows.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int64_t fixed_clock(void *user_data)
{
    return *(const int64_t *)user_data;
}

static void log_hook(lcc_log_level level, const char *message, void *user_data)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    (void)user_data;
    fprintf(stderr, "contactcore: [%s] %s\n", names[(unsigned)level & 3], message);
}

int cli_exit_for(lcc_status st)
{
    switch (st) {
    case LCC_OK:
        return CLI_OK;
    case LCC_EINVAL:
    case LCC_ERANGE:
    case LCC_ENOTFOUND:
    case LCC_EEXISTS:
    case LCC_EVALIDATION:
    case LCC_EPERM:
    case LCC_ENOTELIGIBLE:
    case LCC_ENOTALLOWED:
    case LCC_EPAST:
    case LCC_EUNKNOWN_ZONE:
    case LCC_ENONEXISTENT_TIME:
    case LCC_EAMBIGUOUS_TIME:
    case LCC_EBADNUMBER:
    case LCC_ESTATE:
    case LCC_EREJECTED:
    case LCC_ETAKEOVER:
        return CLI_REFUSED;
    default:
        return CLI_FAILED;
    }
}

const char *cli_zone(cli_app *app, const char *zone)
{
    if (zone)
        return zone;
    const char *z = app->agent ? lcc_agent_time_zone(app->agent) : NULL;
    return z ? z : "UTC";
}

static int default_store(cli_app *app)
{
    if (cc_default_path(app->store_path, sizeof app->store_path, "DATA", "engine.db") == 0)
        return CLI_OK;
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (!(xdg && xdg[0] == '/') && !(home && *home))
        return out_fail(app, CLI_USAGE, LCC_OK,
                        "neither XDG_DATA_HOME nor HOME is set: give the store with --engine=FILE");
    return out_fail(app, CLI_USAGE, LCC_OK, "the store's path is too long");
}

static int open_engine(cli_app *app)
{
    if (app->store) {
        if (snprintf(app->store_path, sizeof app->store_path, "%s", app->store) >=
            (int)sizeof app->store_path)
            return out_fail(app, CLI_USAGE, LCC_OK, "the store's path is too long");
    } else {
        int rc = default_store(app);
        if (rc != CLI_OK)
            return rc;
    }
    if (strcmp(app->store_path, ":memory:") != 0 && cc_make_parents(app->store_path) != 0)
        return out_fail(app, CLI_FAILED, LCC_EIO, "cannot create the directory of %s: %s",
                        app->store_path, strerror(errno));
    lcc_engine_params ep = LCC_ENGINE_PARAMS_INIT;
    ep.store_path = app->store_path;
    lcc_status st = lcc_engine_new(&app->eng, app->ctx, &ep);
    if (st != LCC_OK)
        return out_fail(app, CLI_FAILED, st, "cannot open the engine's store %s: %s",
                        app->store_path, lcc_context_errmsg(app->ctx));
    return CLI_OK;
}

static int open_http(cli_app *app)
{
    const char *id = getenv("LCC_CLIENT_ID"), *secret = getenv("LCC_CLIENT_SECRET");
    if (!id || !*id || !secret || !*secret)
        return out_fail(app, CLI_USAGE, LCC_OK,
                        "--http needs OAuth client credentials in the environment: "
                        "LCC_CLIENT_ID and LCC_CLIENT_SECRET");
    lcc_status st = lcc_context_set_backend(app->ctx, app->http, app->login_url);
    if (st != LCC_OK)
        return out_fail(app, CLI_USAGE, st, "--http %s: %s", app->http,
                        lcc_context_errmsg(app->ctx));
    st = lcc_context_set_client_credentials(app->ctx, id, secret);
    if (st != LCC_OK) /* the message names the problem, never the secret */
        return out_fail(app, CLI_USAGE, st, "LCC_CLIENT_ID / LCC_CLIENT_SECRET: %s",
                        lcc_context_errmsg(app->ctx));
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.ca_file = app->ca_file;
    st = lcc_curl_transport_install(NULL, app->ctx, &cp);
    if (st != LCC_OK)
        return out_fail(app, CLI_FAILED, st, "the HTTP transport: %s",
                        lcc_context_errmsg(app->ctx));
    app->remote = 1;
    return CLI_OK;
}

/* HTTP: the acting agent as a local stand-in (see the file comment). */
static int local_agent(cli_app *app)
{
    lcc_status st = lcc_agent_new(&app->agent, app->ctx, app->as, app->as);
    if (st == LCC_OK)
        st = lcc_agent_add_permission(app->agent, LCC_PERM_CALLBACK_CREATE);
    if (st == LCC_OK)
        st = lcc_agent_add_permission(app->agent, LCC_PERM_MESSAGE_CREATE);
    if (st == LCC_OK)
        st = lcc_agent_add_permission(app->agent, LCC_PERM_QUEUE_VIEW);
    if (st != LCC_OK)
        return out_fail(app, cli_exit_for(st) == CLI_REFUSED ? CLI_USAGE : CLI_FAILED, st,
                        "--as %s: %s", app->as, lcc_context_errmsg(app->ctx));
    return CLI_OK;
}

int cli_local_queue(cli_app *app, const char *id)
{
    if (!app->remote || !id || lcc_context_find_queue(app->ctx, id))
        return CLI_OK;
    lcc_queue *q;
    lcc_status st = lcc_queue_new(&q, app->ctx, id, id);
    if (st == LCC_OK && app->agent)
        st = lcc_queue_add_member(q, lcc_agent_id(app->agent));
    if (st == LCC_OK)
        st = lcc_queue_set_agents_choose_callback_queue(q, 1);
    if (st == LCC_OK)
        st = lcc_queue_set_owned_callbacks(q, 1, LCC_OWNED_LIMIT_MAX_H, LCC_OWNED_WINDOW_MAX_H);
    if (st != LCC_OK)
        return out_fail(app, cli_exit_for(st), st, "queue %s: %s", id,
                        lcc_context_errmsg(app->ctx));
    return CLI_OK;
}

int cli_open(cli_app *app, int need)
{
    int backend = need & (NEED_BACKEND | NEED_ENGINE);
    if (backend && app->http && app->engine)
        return cli_usage(app, "choose one backend: --engine or --http");
    if ((need & NEED_ENGINE) && app->http)
        return cli_usage(app, "this command needs the embedded engine (--engine), not --http");
    if ((need & NEED_AGENT) && !app->as)
        return cli_usage(app, "say which agent acts: --as AGENT (or set CONTACTCORE_AGENT)%s",
                         app->http ? "" : "; agents are added with: contactcore directory add-agent");

    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    if (app->verbose) {
        p.log = log_hook;
        p.log_level = LCC_LOG_DEBUG;
    }
    if (app->fixed_now_ms) {
        p.now_ms = fixed_clock;
        p.clock_user_data = &app->fixed_now_ms;
    }
    lcc_status st = lcc_context_new(&app->ctx, &p);
    if (st != LCC_OK)
        return out_fail(app, CLI_FAILED, st, "cannot create a context: %s", lcc_status_str(st));
    if (!backend)
        return CLI_OK;

    int rc = app->http ? open_http(app) : open_engine(app);
    if (rc != CLI_OK || !(need & NEED_AGENT))
        return rc;
    if (app->remote)
        return local_agent(app);
    app->agent = lcc_context_find_agent(app->ctx, app->as);
    if (!app->agent)
        return out_fail(app, CLI_USAGE, LCC_ENOTFOUND,
                        "no agent \"%s\" in the engine's directory (%s); add it with: "
                        "contactcore directory add-agent %s",
                        app->as, app->store_path, app->as);
    st = lcc_engine_connect(app->eng, app->ctx, app->as);
    if (st != LCC_OK)
        return out_fail(app, CLI_FAILED, st, "connecting to the engine as %s: %s", app->as,
                        lcc_context_errmsg(app->ctx));
    return CLI_OK;
}

void cli_close(cli_app *app)
{
    lcc_context_free(app->ctx); /* the engine, the transport and every object go with it */
    app->ctx = NULL;
    app->eng = NULL;
    app->agent = NULL;
}

lcc_status cli_wait(cli_app *app, lcc_op *op)
{
    return lcc_context_wait(app->ctx, op, -1);
}

void cli_drain_events(cli_app *app)
{
    lcc_event *ev;
    while ((ev = lcc_context_next_event(app->ctx)))
        lcc_event_free(ev);
}
