/* contactcore-native-host: the configuration, the backend, the demo
 * directory and the origin check.
 *
 * The configuration is a JSON object (--help lists the keys), read from
 * --config FILE or $XDG_CONFIG_HOME/contactcore/native-host.json
 * (~/.config/... without XDG_CONFIG_HOME); a missing default file means
 * every default, which allows no caller until `install` adds one.
 *
 * Engine backend: the embedded engine with its SQLite store (by default the
 * command-line tool's, $XDG_DATA_HOME/contactcore/engine.db, so that
 * `contactcore directory ...` prepares the agents and `contactcore callback
 * list` shows what the browser scheduled).  The engine's context is the
 * client too: it is connected to its own engine as the configured agent.
 *
 * HTTP backend: Genesys Cloud or the sandbox through the libcurl
 * transport, with OAuth client credentials from LCC_CLIENT_ID and
 * LCC_CLIENT_SECRET (never from the file, never logged).  The client rules
 * need an agent, queues and a conversation in the context: the host makes
 * local stand-ins that let every choice through, and the backend judges.
 */
#include "host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEMO_QUEUE "demo-support"
#define DEMO_QUEUE2 "demo-sales"
#define DEMO_CALL "demo-call-1"
#define DEMO_ANI "+33 1 42 68 53 00"
#define DEMO_AUTHOR "@demo.customer"

/* ---- the file ---- */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void nh_config_free(nh_config *cfg)
{
    free(cfg->url);
    free(cfg->login_url);
    free(cfg->ca_file);
    free(cfg->queue);
    for (size_t i = 0; i < cfg->n_origins; i++)
        free(cfg->origins[i]);
    free(cfg->origins);
    memset(cfg, 0, sizeof *cfg);
}

static int copy_into(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n == 0 || n >= size)
        return -1;
    memcpy(dst, src, n + 1);
    return 0;
}

int nh_config_load(nh_config *cfg, const char *path, char *err, size_t errlen)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->demo = -1;
    cfg->max_request = NH_DEFAULT_MAX_REQUEST;
    snprintf(cfg->agent, sizeof cfg->agent, "demo-agent");
    snprintf(cfg->time_zone, sizeof cfg->time_zone, "Europe/Paris");
    char where[4096];
    if (path) {
        if (snprintf(where, sizeof where, "%s", path) >= (int)sizeof where) {
            snprintf(err, errlen, "--config: the path is too long");
            return -1;
        }
    } else if (cc_default_path(where, sizeof where, "CONFIG", "native-host.json") != 0) {
        snprintf(err, errlen, "neither XDG_CONFIG_HOME nor HOME is set: give --config FILE");
        return -1;
    }
    size_t len = 0;
    char *text = cc_read_file(where, &len, (size_t)1 << 20);
    cJSON *doc = NULL;
    int rc = -1;
    if (!text) {
        if (errno == ENOENT && !path) /* no file at the default place: every default */
            goto defaults;
        snprintf(err, errlen, "the configuration %s cannot be read: %s", where, strerror(errno));
        return -1;
    }
    snprintf(cfg->path, sizeof cfg->path, "%s", where);
    const char *end = NULL;
    doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!cJSON_IsObject(doc)) {
        snprintf(err, errlen, "the configuration %s is not a JSON object%s", where,
                 doc ? "" : " (invalid JSON)");
        goto out;
    }
    for (const cJSON *v = doc->child; v; v = v->next) {
        const char *k = v->string;
        int is_str = cJSON_IsString(v);
        if (strcmp(k, "backend") == 0) {
            if (!is_str || (strcmp(v->valuestring, "engine") && strcmp(v->valuestring, "http"))) {
                snprintf(err, errlen, "%s: \"backend\" is \"engine\" or \"http\"", where);
                goto out;
            }
            cfg->http = strcmp(v->valuestring, "http") == 0;
        } else if (strcmp(k, "store") == 0) {
            if (!is_str || copy_into(cfg->store, sizeof cfg->store, v->valuestring)) {
                snprintf(err, errlen, "%s: \"store\" is a file name", where);
                goto out;
            }
        } else if (strcmp(k, "agent") == 0) {
            if (!is_str || copy_into(cfg->agent, sizeof cfg->agent, v->valuestring)) {
                snprintf(err, errlen, "%s: \"agent\" is an agent id (1 to 255 bytes)", where);
                goto out;
            }
        } else if (strcmp(k, "time_zone") == 0) {
            if (!is_str || copy_into(cfg->time_zone, sizeof cfg->time_zone, v->valuestring)) {
                snprintf(err, errlen, "%s: \"time_zone\" is a zone name such as Europe/Paris",
                         where);
                goto out;
            }
        } else if (strcmp(k, "url") == 0 || strcmp(k, "login_url") == 0 ||
                   strcmp(k, "ca_file") == 0 || strcmp(k, "queue") == 0) {
            char **dst = k[0] == 'u' ? &cfg->url : k[0] == 'l' ? &cfg->login_url
                         : k[0] == 'c' ? &cfg->ca_file : &cfg->queue;
            if (!is_str || !*v->valuestring) {
                snprintf(err, errlen, "%s: \"%s\" is a non-empty string", where, k);
                goto out;
            }
            free(*dst);
            if (!(*dst = dup_str(v->valuestring))) {
                snprintf(err, errlen, "out of memory");
                goto out;
            }
        } else if (strcmp(k, "allowed_origins") == 0) {
            if (!cJSON_IsArray(v)) {
                snprintf(err, errlen, "%s: \"allowed_origins\" is an array of strings", where);
                goto out;
            }
            size_t n = (size_t)cJSON_GetArraySize(v);
            cfg->origins = calloc(n + 1, sizeof *cfg->origins);
            if (!cfg->origins) {
                snprintf(err, errlen, "out of memory");
                goto out;
            }
            for (const cJSON *o = v->child; o; o = o->next) {
                if (!cJSON_IsString(o) || !*o->valuestring) {
                    snprintf(err, errlen, "%s: \"allowed_origins\" is an array of strings",
                             where);
                    goto out;
                }
                if (!(cfg->origins[cfg->n_origins] = dup_str(o->valuestring))) {
                    snprintf(err, errlen, "out of memory");
                    goto out;
                }
                cfg->n_origins++;
            }
        } else if (strcmp(k, "max_request_bytes") == 0) {
            double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
            if (d < (double)NH_MIN_REQUEST_LIMIT || d > (double)NH_MAX_REQUEST_LIMIT ||
                d != (double)(size_t)d) {
                snprintf(err, errlen, "%s: \"max_request_bytes\" is a whole number from %zu to %zu",
                         where, NH_MIN_REQUEST_LIMIT, NH_MAX_REQUEST_LIMIT);
                goto out;
            }
            cfg->max_request = (size_t)d;
        } else if (strcmp(k, "demo") == 0) {
            if (!cJSON_IsBool(v)) {
                snprintf(err, errlen, "%s: \"demo\" is true or false", where);
                goto out;
            }
            cfg->demo = cJSON_IsTrue(v);
        } else {
            nh_log("%s: unknown key \"%.60s\" ignored", where, k);
        }
    }
defaults:
    if (cfg->http && !cfg->url) {
        snprintf(err, errlen, "%s: \"backend\": \"http\" needs \"url\"", where);
        goto out;
    }
    if (!cfg->http && !cfg->store[0] &&
        cc_default_path(cfg->store, sizeof cfg->store, "DATA", "engine.db") != 0) {
        snprintf(err, errlen, "neither XDG_DATA_HOME nor HOME is set: give \"store\" in %s",
                 where);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(doc);
    free(text);
    return rc;
}

/* ---- the origin ---- */

/* Equal, but for a trailing '/' on either. */
static int same_origin(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na && a[na - 1] == '/')
        na--;
    if (nb && b[nb - 1] == '/')
        nb--;
    return na == nb && memcmp(a, b, na) == 0;
}

int nh_origin_allowed(const nh_host *h)
{
    if (!h->origin || !*h->origin)
        return 0;
    for (size_t i = 0; i < h->cfg.n_origins; i++)
        if (same_origin(h->origin, h->cfg.origins[i]))
            return 1;
    return 0;
}

/* ---- the backend ---- */

static void log_hook(lcc_log_level level, const char *message, void *user_data)
{
    (void)user_data;
    nh_log("library %s: %s", level == LCC_LOG_ERROR ? "error" : "warning", message);
}

const char *nh_agent_zone(const nh_host *h)
{
    const char *z = h->agent ? lcc_agent_time_zone(h->agent) : NULL;
    return z ? z : "UTC";
}

/* cfg_error = "WHAT ARG: the library's detail" (and "(out of memory)" when
 * that was the failure and the detail does not say so); -1. */
static int fail(nh_host *h, lcc_status st, const char *what, const char *arg)
{
    const char *detail = h->ctx && *lcc_context_errmsg(h->ctx) ? lcc_context_errmsg(h->ctx)
                                                               : lcc_status_str(st);
    int oom = st == LCC_ENOMEM && !strstr(detail, "out of memory");
    snprintf(h->cfg_error, sizeof h->cfg_error, "%s%s%.400s: %.500s%s", what, arg ? " " : "",
             arg ? arg : "", detail, oom ? " (out of memory)" : "");
    return -1;
}

#define TRY(call, what, arg)                                                                  \
    do {                                                                                      \
        lcc_status st_ = (call);                                                              \
        if (st_ != LCC_OK)                                                                    \
            return fail(h, st_, what, arg);                                                   \
    } while (0)

/* The agent with what the demo's methods need. */
static int demo_agent(nh_host *h)
{
    lcc_agent *a = lcc_context_find_agent(h->ctx, h->cfg.agent);
    if (!a) {
        TRY(lcc_agent_new(&a, h->ctx, h->cfg.agent, "Demo Agent"), "demo agent", h->cfg.agent);
        TRY(lcc_agent_set_time_zone(a, h->cfg.time_zone), "demo agent's zone",
            h->cfg.time_zone);
    }
    static const char *const perms[] = {LCC_PERM_CALLBACK_CREATE, LCC_PERM_MESSAGE_CREATE,
                                        LCC_PERM_QUEUE_VIEW, LCC_PERM_MESSAGE_ACCEPT,
                                        LCC_PERM_SOCIAL_CREATE};
    for (size_t i = 0; i < sizeof perms / sizeof perms[0]; i++)
        if (!lcc_agent_has_permission(a, perms[i]))
            TRY(lcc_agent_add_permission(a, perms[i]), "demo agent's permission", perms[i]);
    h->agent = a;
    return 0;
}

static int demo_queue(nh_host *h, const char *id, const char *name)
{
    lcc_queue *q = lcc_context_find_queue(h->ctx, id);
    if (!q) {
        TRY(lcc_queue_new(&q, h->ctx, id, name), "demo queue", id);
        TRY(lcc_queue_set_agents_choose_callback_queue(q, 1), "demo queue", id);
        TRY(lcc_queue_set_owned_callbacks(q, 1, 72, 24), "demo queue", id);
    }
    if (!lcc_queue_has_member(q, h->cfg.agent))
        TRY(lcc_queue_add_member(q, h->cfg.agent), "demo queue", id);
    return 0;
}

static int demo_call(nh_host *h, const char *id, const char *queue)
{
    lcc_conversation *c = lcc_context_find_conversation(h->ctx, id);
    if (c)
        return 0;
    TRY(lcc_conversation_new(&c, h->ctx, id, LCC_MEDIA_CALL), "demo call", id);
    TRY(lcc_conversation_set_acd(c, 1), "demo call", id);
    TRY(lcc_conversation_set_ani(c, DEMO_ANI), "demo call", id);
    TRY(lcc_conversation_set_queue(c, queue), "demo call", id);
    TRY(lcc_conversation_set_agent(c, h->cfg.agent), "demo call", id);
    return 0;
}

/* A public post routed to the agent, who accepts it: social.reply has an
 * interaction to answer.  In the engine's memory only; made at each start.
 * A failure here is logged, not fatal. */
static void demo_social(nh_host *h)
{
    const char *conv = NULL, *msg = NULL, *agent = h->cfg.agent;
    lcc_status st = lcc_engine_set_presence(h->eng, agent, LCC_PRESENCE_AVAILABLE);
    if (st == LCC_OK)
        st = lcc_engine_set_routing_status(h->eng, agent, LCC_ROUTING_IDLE);
    if (st == LCC_OK)
        st = lcc_engine_add_social(&conv, &msg, h->eng, DEMO_QUEUE, LCC_CHANNEL_FACEBOOK,
                                   DEMO_AUTHOR, 0,
                                   "Hello! My parcel was due yesterday and has not arrived.");
    if (st == LCC_OK)
        st = lcc_engine_answer(h->eng, agent, conv, 1);
    if (st != LCC_OK) {
        nh_log("demo: no social interaction for social.reply (%s)", lcc_context_errmsg(h->ctx));
        return;
    }
    snprintf(h->demo.social, sizeof h->demo.social, "%s", conv);
    snprintf(h->demo.social_message, sizeof h->demo.social_message, "%s", msg);
    h->demo.social_channel = LCC_CHANNEL_FACEBOOK;
}

static int open_engine(nh_host *h)
{
    const char *store = h->cfg.store;
    int fresh = 1;
    if (strcmp(store, ":memory:") != 0) {
        struct stat sb;
        fresh = stat(store, &sb) != 0 || sb.st_size == 0;
        if (cc_make_parents(store) != 0) {
            snprintf(h->cfg_error, sizeof h->cfg_error, "cannot create the directory of %.600s: %s",
                     store, strerror(errno));
            return -1;
        }
    }
    lcc_engine_params ep = LCC_ENGINE_PARAMS_INIT;
    ep.store_path = store;
    TRY(lcc_engine_new(&h->eng, h->ctx, &ep), "cannot open the engine's store", store);
    /* Not said: a new store gets the demo, and one that has it keeps it. */
    h->demo.on = h->cfg.demo >= 0 ? h->cfg.demo
                                  : fresh || lcc_context_find_conversation(h->ctx, DEMO_CALL);
    if (h->demo.on) {
        lcc_engine_begin(h->eng); /* one sync for the whole directory */
        int rc = demo_agent(h);
        if (rc == 0)
            rc = demo_queue(h, DEMO_QUEUE, "Support");
        if (rc == 0)
            rc = demo_queue(h, DEMO_QUEUE2, "Sales");
        if (rc == 0)
            rc = demo_call(h, DEMO_CALL, DEMO_QUEUE);
        lcc_status st = lcc_engine_commit(h->eng);
        if (rc != 0)
            return -1;
        if (st != LCC_OK)
            return fail(h, st, "demo directory in", store);
        snprintf(h->demo.conversation, sizeof h->demo.conversation, "%s", DEMO_CALL);
        demo_social(h);
    }
    h->agent = lcc_context_find_agent(h->ctx, h->cfg.agent);
    if (h->agent)
        TRY(lcc_engine_connect(h->eng, h->ctx, h->cfg.agent), "connecting to the engine as",
            h->cfg.agent);
    else
        nh_log("no agent \"%s\" in the engine's directory %s: the methods that act as an "
               "agent will say so", h->cfg.agent, store);
    return 0;
}

lcc_status nh_local_queue(nh_host *h, const char *id)
{
    if (!h->remote || !id || lcc_context_find_queue(h->ctx, id))
        return LCC_OK;
    lcc_queue *q;
    lcc_status st = lcc_queue_new(&q, h->ctx, id, id);
    if (st == LCC_OK && h->agent)
        st = lcc_queue_add_member(q, lcc_agent_id(h->agent));
    if (st == LCC_OK)
        st = lcc_queue_set_agents_choose_callback_queue(q, 1);
    if (st == LCC_OK)
        st = lcc_queue_set_owned_callbacks(q, 1, LCC_OWNED_LIMIT_MAX_H, LCC_OWNED_WINDOW_MAX_H);
    return st;
}

static int open_http(nh_host *h)
{
    const char *id = getenv("LCC_CLIENT_ID"), *secret = getenv("LCC_CLIENT_SECRET");
    if (!id || !*id || !secret || !*secret) {
        snprintf(h->cfg_error, sizeof h->cfg_error,
                 "\"backend\": \"http\" needs OAuth client credentials in the environment: "
                 "LCC_CLIENT_ID and LCC_CLIENT_SECRET");
        return -1;
    }
    TRY(lcc_context_set_backend(h->ctx, h->cfg.url, h->cfg.login_url), "\"url\"",
        h->cfg.url);
    /* the message names the problem, never the secret */
    TRY(lcc_context_set_client_credentials(h->ctx, id, secret), "LCC_CLIENT_ID / LCC_CLIENT_SECRET",
        NULL);
    lcc_curl_params cp = LCC_CURL_PARAMS_INIT;
    cp.ca_file = h->cfg.ca_file;
    TRY(lcc_curl_transport_install(NULL, h->ctx, &cp), "the HTTP transport", NULL);
    h->remote = 1;
    /* The acting agent as a local stand-in (see the file comment). */
    lcc_agent *a;
    TRY(lcc_agent_new(&a, h->ctx, h->cfg.agent, h->cfg.agent), "agent", h->cfg.agent);
    TRY(lcc_agent_set_time_zone(a, h->cfg.time_zone), "\"time_zone\"", h->cfg.time_zone);
    h->agent = a;
    if (demo_agent(h) != 0)
        return -1;
    if (h->cfg.demo == 1) { /* a stand-in call to start from, new at each start */
        char conv[64];
        cc_random_id(conv, sizeof conv, "nh-demo");
        const char *queue = h->cfg.queue ? h->cfg.queue : DEMO_QUEUE;
        TRY(nh_local_queue(h, queue), "queue", queue);
        if (demo_call(h, conv, queue) != 0)
            return -1;
        snprintf(h->demo.conversation, sizeof h->demo.conversation, "%s", conv);
        h->demo.on = 1;
    }
    return 0;
}

int nh_backend_open(nh_host *h)
{
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.allocator = h->alloc;
    if (h->now_ms)
        p.now_ms = h->now_ms;
    p.log = log_hook;
    p.log_level = LCC_LOG_WARNING;
    lcc_status st = lcc_context_new(&h->ctx, &p);
    if (st != LCC_OK) {
        snprintf(h->cfg_error, sizeof h->cfg_error, "cannot create a context: %s",
                 lcc_status_str(st));
        return -1;
    }
    int rc = h->cfg.http ? open_http(h) : open_engine(h);
    /* What the set-up queued (the demo's routing) is not news to the browser. */
    lcc_event *ev;
    while ((ev = lcc_context_next_event(h->ctx)))
        lcc_event_free(ev);
    return rc;
}

void nh_backend_close(nh_host *h)
{
    lcc_context_free(h->ctx); /* the engine, the transport and every object go with it */
    h->ctx = NULL;
    h->eng = NULL;
    h->agent = NULL;
}
