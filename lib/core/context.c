#include "core/context.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "contactcore/agent.h"
#include "contactcore/version.h"
#include "core/alloc.h"
#include "core/utf8.h"
#include "time/tz.h"
#include "transport/io.h"

/* The first published layout of lcc_context_params ends after this member;
 * every size from there up to the current sizeof is accepted. */
#define PARAMS_V1_SIZE (offsetof(lcc_context_params, callback_horizon_ms) + sizeof(int64_t))
#define MAX_HORIZON_MS (10LL * 366 * 86400 * 1000)

LCC_API const char *lcc_version(void)
{
    return LCC_VERSION_STRING;
}

LCC_API unsigned lcc_version_number(void)
{
    return LCC_VERSION_NUMBER;
}

static int64_t system_now_ms(void *ud)
{
    (void)ud;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int lcc__context_ok(const lcc_context *ctx)
{
    return ctx && ctx->magic == LCC__MAGIC_CONTEXT;
}

LCC_API lcc_status lcc_context_new(lcc_context **out, const lcc_context_params *params)
{
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    if (!out)
        return LCC_EMISUSE;
    if (params) {
        if (params->size < PARAMS_V1_SIZE || params->size > sizeof p)
            return LCC_EMISUSE;
        memcpy(&p, params, params->size);
    }
    if (p.allocator) {
        const lcc_allocator *a = p.allocator;
        int set = !!a->malloc_fn + !!a->realloc_fn + !!a->free_fn;
        if (a->size != sizeof(lcc_allocator) || (set != 0 && set != 3))
            return LCC_EMISUSE;
    }
    if (p.callback_horizon_ms < 0 || p.callback_horizon_ms > MAX_HORIZON_MS)
        return LCC_ERANGE;
    if ((unsigned)p.log_level > LCC_LOG_DEBUG)
        return LCC_EMISUSE;

    lcc_allocator alloc;
    lcc__allocator_normalise(&alloc, p.allocator);
    lcc_context *ctx = lcc__calloc(&alloc, 1, sizeof *ctx);
    if (!ctx)
        return LCC_ENOMEM;
    ctx->alloc = alloc;
    ctx->tzdir = lcc__strdup(&alloc, p.tzdir ? p.tzdir : "/usr/share/zoneinfo");
    if (!ctx->tzdir) {
        lcc__free(&alloc, ctx);
        return LCC_ENOMEM;
    }
    ctx->magic = LCC__MAGIC_CONTEXT;
    ctx->log = p.log;
    ctx->log_ud = p.log_user_data;
    ctx->log_level = p.log_level;
    ctx->now_ms = p.now_ms ? p.now_ms : system_now_ms;
    ctx->clock_ud = p.now_ms ? p.clock_user_data : NULL;
    ctx->horizon_ms = p.callback_horizon_ms ? p.callback_horizon_ms : LCC_DEFAULT_CALLBACK_HORIZON_MS;
    ctx->handles.next = ctx->handles.prev = &ctx->handles;
    lcc__map_init(&ctx->agents);
    lcc__map_init(&ctx->queues);
    lcc__map_init(&ctx->conversations);
    lcc__map_init(&ctx->callbacks);
    lcc__map_init(&ctx->callback_by_conversation);
    lcc__map_init(&ctx->callback_by_remote);
    lcc__map_init(&ctx->entry_points);
    if (lcc__io_new(ctx) != LCC_OK) {
        lcc__free(&alloc, ctx->tzdir);
        lcc__free(&alloc, ctx);
        return LCC_ENOMEM;
    }
    *out = ctx;
    return LCC_OK;
}

LCC_API void lcc_context_free(lcc_context *ctx)
{
    if (!lcc__context_ok(ctx))
        return;
    /* Pending operations finish (LCC_ECANCELED) while every handle is alive. */
    lcc__io_teardown(ctx);
    /* Newest first, so objects go before what they were made from. */
    while (ctx->handles.prev != &ctx->handles)
        lcc__handle_free(ctx->handles.prev);
    const lcc_allocator alloc = ctx->alloc;
    lcc__map_clear(&ctx->agents, &alloc);
    lcc__map_clear(&ctx->queues, &alloc);
    lcc__map_clear(&ctx->conversations, &alloc);
    lcc__map_clear(&ctx->callbacks, &alloc);
    lcc__map_clear(&ctx->callback_by_conversation, &alloc);
    lcc__map_clear(&ctx->callback_by_remote, &alloc);
    lcc__map_clear(&ctx->entry_points, &alloc);
    lcc__kv_clear(&ctx->canned, &alloc);
    lcc__io_free(ctx);
    lcc__tzdb_free(ctx->tzdb);
    lcc__free(&alloc, ctx->tzdir);
    ctx->magic = LCC__MAGIC_DEAD;
    lcc__free(&alloc, ctx);
}

LCC_API const char *lcc_context_errmsg(const lcc_context *ctx)
{
    if (!ctx)
        return "no context (NULL)";
    if (!lcc__context_ok(ctx))
        return "invalid context handle (freed or not a context)";
    return ctx->errmsg;
}

LCC_API int64_t lcc_context_now_ms(lcc_context *ctx)
{
    return lcc__context_ok(ctx) ? ctx->now_ms(ctx->clock_ud) : 0;
}

LCC_API int64_t lcc_context_callback_horizon_ms(const lcc_context *ctx)
{
    return lcc__context_ok(ctx) ? ctx->horizon_ms : 0;
}

LCC_API lcc_status lcc_context_set_phone_validator(lcc_context *ctx, lcc_phone_validator_fn fn,
                                                   void *user_data)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    ctx->phone_validator = fn;
    ctx->phone_validator_ud = fn ? user_data : NULL;
    return LCC_OK;
}

void *lcc__handle_new(lcc_context *ctx, size_t size, uint32_t magic,
                      void (*destroy)(lcc__handle *h))
{
    lcc__handle *h = lcc__calloc(&ctx->alloc, 1, size);
    if (!h) {
        lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return NULL;
    }
    h->magic = magic;
    h->ctx = ctx;
    h->destroy = destroy;
    h->prev = ctx->handles.prev;
    h->next = &ctx->handles;
    ctx->handles.prev->next = h;
    ctx->handles.prev = h;
    return h;
}

void lcc__handle_free(lcc__handle *h)
{
    lcc_context *ctx = h->ctx;
    h->prev->next = h->next;
    h->next->prev = h->prev;
    if (h->destroy)
        h->destroy(h);
    h->magic = LCC__MAGIC_DEAD;
    lcc__free(&ctx->alloc, h);
}

__attribute__((format(printf, 3, 0)))
static void vlog(lcc_context *ctx, lcc_log_level level, const char *fmt, va_list ap)
{
    char line[640];
    vsnprintf(line, sizeof line, fmt, ap);
    ctx->log(level, line, ctx->log_ud);
}

void lcc__log(lcc_context *ctx, lcc_log_level level, const char *fmt, ...)
{
    if (!ctx->log || level > ctx->log_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog(ctx, level, fmt, ap);
    va_end(ap);
}

lcc_status lcc__error(lcc_context *ctx, lcc_status status, const char *fmt, ...)
{
    if (!lcc__context_ok(ctx))
        return status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    va_end(ap);
    lcc__log(ctx, LCC_LOG_DEBUG, "%s: %s", lcc_status_str(status), ctx->errmsg);
    return status;
}

lcc_status lcc__check_text(lcc_context *ctx, const char *what, const char *s, size_t max,
                           int allow_empty)
{
    if (!s)
        return LCC__MISUSE(ctx, "%s must not be NULL", what);
    size_t n = strnlen(s, max + 1);
    if (n > max)
        return lcc__error(ctx, LCC_ERANGE, "%s is longer than %zu bytes", what, max);
    if (!n && !allow_empty)
        return lcc__error(ctx, LCC_EINVAL, "%s must not be empty", what);
    if (!lcc__utf8_valid(s, n))
        return lcc__error(ctx, LCC_EINVAL, "%s is not valid UTF-8", what);
    return LCC_OK;
}

lcc_status lcc__replace_str(lcc_context *ctx, char **slot, const char *s)
{
    char *copy = NULL;
    if (s && !(copy = lcc__strdup(&ctx->alloc, s)))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    lcc__free(&ctx->alloc, *slot);
    *slot = copy;
    return LCC_OK;
}

lcc_status lcc__set_text(lcc_context *ctx, const char *what, char **slot, const char *s)
{
    if (s) {
        lcc_status st = lcc__check_text(ctx, what, s, LCC_MAX_TEXT, 0);
        if (st != LCC_OK)
            return st;
    }
    return lcc__replace_str(ctx, slot, s);
}

lcc_status lcc__context_tzdb(struct lcc__tzdb **out, lcc_context *ctx)
{
    if (!ctx->tzdb) {
        lcc_status st = lcc__tzdb_new(&ctx->tzdb, &ctx->alloc, ctx->tzdir);
        if (st != LCC_OK)
            return lcc__error(ctx, st, "cannot open the time-zone database in %s", ctx->tzdir);
    }
    *out = ctx->tzdb;
    return LCC_OK;
}
