/* Backend settings and authentication: OAuth 2 client credentials or a
 * host-supplied bearer token.  Secrets never reach the log. */
#include <cjson/cJSON.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json_strict.h"
#include "transport/io.h"

#define RENEW_BEFORE_MS 60000 /* renew client-credentials tokens this early */
#define MAX_URL 2048
#define MAX_SECRET 1024

/* Wipes and frees *s, and forgets it. */
static void wipe_free(const lcc_allocator *a, char **s)
{
    lcc__free_secret(a, *s);
    *s = NULL;
}

static int printable(const char *s, int allow_space)
{
    for (; *s; s++)
        if ((unsigned char)*s < (allow_space ? 0x20 : 0x21) || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* Copies url without trailing slashes; NULL when malformed (errmsg set). */
static lcc_status copy_url(char **out, lcc_context *ctx, const char *what, const char *url)
{
    size_t n = strlen(url);
    if (n > MAX_URL || !printable(url, 0) ||
        !(strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) ||
        n <= (url[4] == 's' ? 8u : 7u))
        return lcc__error(ctx, LCC_EINVAL,
                          "%s must be an http:// or https:// URL of at most %d printable "
                          "characters", what, MAX_URL);
    while (n > 8 && url[n - 1] == '/')
        n--;
    *out = lcc__strndup(&ctx->alloc, url, n);
    return *out ? LCC_OK : lcc__error(ctx, LCC_ENOMEM, "out of memory");
}

LCC_API lcc_status lcc_context_set_backend(lcc_context *ctx, const char *api_url,
                                           const char *login_url)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    if (!api_url)
        return LCC__MISUSE(ctx, "api_url must not be NULL");
    char *api = NULL, *login = NULL;
    lcc_status st = copy_url(&api, ctx, "api_url", api_url);
    if (st == LCC_OK && login_url)
        st = copy_url(&login, ctx, "login_url", login_url);
    if (st != LCC_OK) {
        lcc__free(&ctx->alloc, api);
        return st;
    }
    lcc__io *io = ctx->io;
    lcc__free(&ctx->alloc, io->api_url);
    lcc__free(&ctx->alloc, io->login_url);
    io->api_url = api;
    io->login_url = login;
    return LCC_OK;
}

LCC_API lcc_status lcc_context_set_client_credentials(lcc_context *ctx, const char *client_id,
                                                      const char *client_secret)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    lcc__io *io = ctx->io;
    const lcc_allocator *a = &ctx->alloc;
    char *id = NULL, *secret = NULL;
    if (client_id || client_secret) {
        if (!client_id || !client_secret || !*client_id || !*client_secret ||
            strchr(client_id, ':') || strlen(client_id) > MAX_SECRET ||
            strlen(client_secret) > MAX_SECRET || !printable(client_id, 1) ||
            !printable(client_secret, 1))
            return lcc__error(ctx, LCC_EINVAL,
                              "client id and secret must be non-empty printable ASCII of at most "
                              "%d bytes, and the id must not contain ':'", MAX_SECRET);
        id = lcc__strdup(a, client_id);
        secret = lcc__strdup(a, client_secret);
        if (!id || !secret) {
            wipe_free(a, &id);
            wipe_free(a, &secret);
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        }
    }
    wipe_free(a, &io->client_id);
    wipe_free(a, &io->client_secret);
    wipe_free(a, &io->token);
    io->client_id = id;
    io->client_secret = secret;
    io->token_expires_ms = 0;
    return LCC_OK;
}

LCC_API lcc_status lcc_context_set_access_token(lcc_context *ctx, const char *token,
                                                int64_t expires_at_ms)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    lcc__io *io = ctx->io;
    const lcc_allocator *a = &ctx->alloc;
    char *bearer = NULL;
    if (token) {
        size_t n = strlen(token);
        if (!n || n > MAX_SECRET || !printable(token, 0))
            return lcc__error(ctx, LCC_EINVAL, "the token must be 1 to %d printable ASCII "
                                               "characters without spaces", MAX_SECRET);
        bearer = lcc__malloc(a, n + 8);
        if (!bearer)
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        memcpy(bearer, "Bearer ", 7);
        memcpy(bearer + 7, token, n + 1);
    }
    wipe_free(a, &io->token);
    io->token = bearer;
    io->token_expires_ms = bearer ? expires_at_ms : 0;
    io->token_asked = 0;
    if (bearer)
        lcc__auth_resume(ctx, LCC_OK, NULL);
    return LCC_OK;
}

LCC_API lcc_status lcc_context_set_token_hook(lcc_context *ctx, lcc_token_fn fn, void *user_data)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    ctx->io->token_hook = fn;
    ctx->io->token_ud = fn ? user_data : NULL;
    ctx->io->token_asked = 0;
    return LCC_OK;
}

LCC_API lcc_status lcc_context_set_request_policy(lcc_context *ctx, int timeout_ms,
                                                  int max_attempts, int retry_budget_ms)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    if (timeout_ms < 0 || timeout_ms > 600000)
        return lcc__error(ctx, LCC_ERANGE, "timeout_ms must be 0 (default) or 1 .. 600000");
    if (max_attempts < 0 || max_attempts > 20)
        return lcc__error(ctx, LCC_ERANGE, "max_attempts must be 0 (default) or 1 .. 20");
    if (retry_budget_ms < 0 || retry_budget_ms > 3600000)
        return lcc__error(ctx, LCC_ERANGE, "retry_budget_ms must be 0 (default) or 1 .. 3600000");
    lcc__io *io = ctx->io;
    io->timeout_ms = timeout_ms ? timeout_ms : LCC_DEFAULT_REQUEST_TIMEOUT_MS;
    io->max_attempts = max_attempts ? max_attempts : LCC_DEFAULT_MAX_ATTEMPTS;
    io->budget_ms = retry_budget_ms ? retry_budget_ms : LCC_DEFAULT_RETRY_BUDGET_MS;
    return LCC_OK;
}

/* --- the token fetch ------------------------------------------------------ */

static lcc_status token_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    lcc_context *ctx = op->h.ctx;
    lcc__io *io = ctx->io;
    (void)http;
    cJSON *doc = lcc__json_strict(body, len, &lcc__json_net_limits, NULL, NULL, NULL)
                     ? NULL
                     : cJSON_ParseWithLength(body, len);
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "access_token");
    const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(doc, "expires_in");
    lcc_status st;
    if (!cJSON_IsString(tok) || !cJSON_IsNumber(ttl) || ttl->valuedouble < 1 ||
        ttl->valuedouble > 366.0 * 86400) {
        st = lcc__error(ctx, LCC_EFORMAT, "the token response has no usable access_token "
                                          "and expires_in");
    } else {
        int64_t expires = lcc__now(ctx) + (int64_t)ttl->valuedouble * 1000;
        st = lcc_context_set_access_token(ctx, tok->valuestring, expires);
        if (st == LCC_EINVAL)
            st = lcc__error(ctx, LCC_EFORMAT, "the access token has unusable characters");
        io->token_asked = 0;
    }
    if (cJSON_IsString(tok))
        lcc__wipe(tok->valuestring);
    cJSON_Delete(doc);
    return st;
}

static void token_finished(struct lcc_op *op, lcc_status st)
{
    lcc_context *ctx = op->h.ctx;
    ctx->io->token_op = NULL;
    if (st == LCC_OK)
        return; /* set_access_token resumed the waiters */
    if (st == LCC_EREJECTED || st == LCC_EPERM || st == LCC_EVALIDATION)
        st = LCC_EAUTH;
    lcc__auth_resume(ctx, st, op->message ? op->message : lcc_status_str(st));
}

static const lcc__op_class token_class = {(lcc_op_kind)0, token_success, token_finished, NULL};

static lcc_status start_token_fetch(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    struct lcc_op *op;
    lcc_status st = lcc__op_new(&op, ctx, &token_class, "POST", 0);
    if (st != LCC_OK)
        return st;
    static const char form[] = "grant_type=client_credentials";
    char *path = lcc__strdup(&ctx->alloc, "/oauth/token");
    char *body = lcc__strdup(&ctx->alloc, form);
    lcc__op_set_request(op, path, body, sizeof form - 1);
    op->internal = 1;
    op->auth = 0;
    if (!path || !body) {
        lcc__op_finish(op, LCC_ENOMEM, "out of memory");
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    io->token_op = op;
    st = lcc__op_start(op);
    if (st != LCC_OK)
        io->token_op = NULL;
    return st;
}

/* --- what operations ask ---------------------------------------------------- */

static int token_usable(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    if (!io->token)
        return 0;
    if (!io->token_expires_ms)
        return 1;
    int64_t margin = io->client_id ? RENEW_BEFORE_MS : 0;
    return lcc__now(ctx) < io->token_expires_ms - margin;
}

static void park(struct lcc_op *op)
{
    lcc__io *io = op->h.ctx->io;
    op->wprev = io->waiters.wprev;
    op->wnext = &io->waiters;
    io->waiters.wprev->wnext = op;
    io->waiters.wprev = op;
    /* the wait is bounded by the op's budget; room was reserved */
    lcc__timers_arm(&io->timers, &op->retry, op->budget_end_ms);
}

void lcc__auth_unpark(struct lcc_op *op)
{
    if (!op->wnext)
        return;
    op->wprev->wnext = op->wnext;
    op->wnext->wprev = op->wprev;
    op->wprev = op->wnext = NULL;
}

int lcc__auth_ready(struct lcc_op *op, lcc_status *fail)
{
    lcc_context *ctx = op->h.ctx;
    lcc__io *io = ctx->io;
    *fail = LCC_OK;
    if (!io->client_id && !io->token && !io->token_hook)
        return 1; /* a backend without authentication (the engine, a test server) */
    if (token_usable(ctx))
        return 1;
    if (!io->client_id && !io->token_hook) {
        *fail = lcc__error(ctx, LCC_EAUTH, "the access token expired and no token hook is set");
        return 0;
    }
    if (lcc__timers_reserve(&io->timers, &ctx->alloc, 1)) {
        *fail = lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return 0;
    }
    park(op);
    if (io->client_id) {
        if (!io->token_op) {
            lcc_status st = start_token_fetch(ctx);
            if (st != LCC_OK) {
                lcc__auth_unpark(op);
                lcc__timers_disarm(&io->timers, &op->retry);
                *fail = st;
                return 0;
            }
        }
    } else if (!io->token_asked) {
        io->token_asked = 1;
        lcc__log(ctx, LCC_LOG_DEBUG, "asking the host for an access token");
        io->token_hook(ctx, io->token_ud); /* may answer at once */
    }
    return 0;
}

const char *lcc__auth_bearer(lcc_context *ctx)
{
    return ctx->io->token;
}

int lcc__auth_rejected(struct lcc_op *op)
{
    lcc_context *ctx = op->h.ctx;
    lcc__io *io = ctx->io;
    if (!io->client_id && !io->token_hook)
        return 0;
    lcc__log(ctx, LCC_LOG_INFO, "HTTP 401: renewing the access token");
    wipe_free(&ctx->alloc, &io->token);
    io->token_asked = 0;
    lcc_status fail;
    if (lcc__auth_ready(op, &fail))
        return 0; /* cannot happen: there is no token now */
    return fail == LCC_OK;
}

static char *base64(const lcc_allocator *a, const unsigned char *in, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = lcc__malloc(a, 4 * ((n + 2) / 3) + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) |
                     (i + 2 < n ? in[i + 2] : 0);
        *o++ = tab[v >> 18 & 63];
        *o++ = tab[v >> 12 & 63];
        *o++ = i + 1 < n ? tab[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? tab[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

char *lcc__auth_basic(lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    const lcc_allocator *a = &ctx->alloc;
    size_t ni = strlen(io->client_id), ns = strlen(io->client_secret);
    char *pair = lcc__malloc(a, ni + ns + 2);
    if (!pair)
        return NULL;
    memcpy(pair, io->client_id, ni);
    pair[ni] = ':';
    memcpy(pair + ni + 1, io->client_secret, ns + 1);
    char *b64 = base64(a, (const unsigned char *)pair, ni + ns + 1);
    wipe_free(a, &pair);
    if (!b64)
        return NULL;
    size_t n = strlen(b64);
    char *out = lcc__malloc(a, n + 7);
    if (out) {
        memcpy(out, "Basic ", 6);
        memcpy(out + 6, b64, n + 1);
    }
    wipe_free(a, &b64);
    return out;
}

lcc_status lcc__credentials_get(lcc__credentials *c, lcc_context *ctx)
{
    lcc__io *io = ctx->io;
    memset(c, 0, sizeof *c);
    if (io->client_id && io->client_secret && !(c->basic = lcc__auth_basic(ctx)))
        return LCC_ENOMEM;
    c->text[0] = io->client_secret;
    c->text[1] = io->token ? io->token + 7 : NULL; /* after "Bearer " */
    c->text[2] = c->basic ? c->basic + 6 : NULL;   /* after "Basic " */
    for (int i = 0; i < 3; i++)
        c->len[i] = c->text[i] ? strlen(c->text[i]) : 0;
    return LCC_OK;
}

void lcc__credentials_clear(lcc__credentials *c, lcc_context *ctx)
{
    lcc__free_secret(&ctx->alloc, c->basic);
    memset(c, 0, sizeof *c);
}

const char *lcc__redact(const lcc__credentials *c, const char *text, char *buf, size_t size)
{
    static const char mark[] = "[redacted]";
    size_t o = 0;
    for (const char *p = text ? text : ""; *p && o + 1 < size;) {
        size_t skip = 0; /* the longest credential that starts here */
        for (int i = 0; i < 3; i++)
            if (c->len[i] > skip && strncmp(p, c->text[i], c->len[i]) == 0)
                skip = c->len[i];
        if (!skip) {
            buf[o++] = *p++;
            continue;
        }
        size_t m = sizeof mark - 1 < size - 1 - o ? sizeof mark - 1 : size - 1 - o;
        memcpy(buf + o, mark, m);
        o += m;
        p += skip;
    }
    buf[o] = '\0';
    return buf;
}

void lcc__auth_resume(lcc_context *ctx, lcc_status fail, const char *why)
{
    lcc__io *io = ctx->io;
    /* move the waiters aside: ops parked again while resuming wait for the
     * next token instead of looping here */
    struct lcc_op local;
    if (io->waiters.wnext == &io->waiters)
        return;
    local.wnext = io->waiters.wnext;
    local.wprev = io->waiters.wprev;
    local.wnext->wprev = &local;
    local.wprev->wnext = &local;
    io->waiters.wnext = io->waiters.wprev = &io->waiters;
    while (local.wnext != &local) {
        struct lcc_op *op = local.wnext;
        lcc__auth_unpark(op);
        lcc__timers_disarm(&io->timers, &op->retry);
        if (fail != LCC_OK)
            lcc__op_finish(op, fail, "no access token: %s", why ? why : lcc_status_str(fail));
        else
            lcc__op_attempt(op);
    }
}
