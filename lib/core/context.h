/* Internal view of the context and of the handle header every object shares. */
#ifndef LCC_CORE_CONTEXT_H
#define LCC_CORE_CONTEXT_H

#include <stdarg.h>

#include "contactcore/context.h"
#include "contactcore/phone.h"
#include "core/map.h"
#include "core/strlist.h"

/* Every handle starts with this header.  `magic` names the type while the
 * handle is alive and is poisoned when it is freed, so a stale or foreign
 * pointer is refused with LCC_EMISUSE instead of being used.  (Reading a
 * freed block is only as reliable as the allocator makes it: the check is the
 * same best effort as SQLite's sqlite3SafetyCheckOk.) */
typedef struct lcc__handle {
    uint32_t magic;
    struct lcc_context *ctx;
    struct lcc__handle *prev, *next; /* the context's list of live handles */
    void (*destroy)(struct lcc__handle *h);
} lcc__handle;

#define LCC__MAGIC_CONTEXT 0x4c434378u      /* "LCCx" */
#define LCC__MAGIC_AGENT 0x4c434361u        /* "LCCa" */
#define LCC__MAGIC_QUEUE 0x4c434371u        /* "LCCq" */
#define LCC__MAGIC_CONVERSATION 0x4c434376u /* "LCCv" */
#define LCC__MAGIC_DRAFT 0x4c434364u        /* "LCCd" */
#define LCC__MAGIC_CALLBACK 0x4c434362u     /* "LCCb" */
#define LCC__MAGIC_REPORT 0x4c434372u       /* "LCCr" */
#define LCC__MAGIC_ENTRY_POINT 0x4c434370u  /* "LCCp" */
#define LCC__MAGIC_DEAD 0xdeadbeefu

struct lcc__tzdb;
struct lcc__io;

struct lcc_context {
    uint32_t magic;
    lcc_allocator alloc;
    lcc_log_fn log;
    void *log_ud;
    lcc_log_level log_level;
    lcc_clock_fn now_ms;
    void *clock_ud;
    int64_t horizon_ms;
    char *tzdir;
    struct lcc__tzdb *tzdb; /* created on first use */
    lcc_phone_validator_fn phone_validator;
    void *phone_validator_ud;

    lcc__handle handles; /* sentinel of the circular list of live handles */
    lcc__map agents, queues, conversations, callbacks;
    lcc__map callback_by_conversation; /* CB-SINGLE: conversation id -> callback */
    lcc__map callback_by_remote;       /* the backend's conversation id -> callback */
    uint64_t next_callback_seq;
    /* OB-*: the tenant's digital channels flag (set_digital: set by the host
     * rather than left at its default, see lcc_engine_new()) and its SMS and
     * email entry points by id (model/entry_point.c). */
    int digital_channels, digital_set;
    lcc__map entry_points;
    lcc__kv canned; /* canned responses: name -> text (model/canned.c) */
    struct lcc__io *io; /* transport, operations, events (lib/transport) */
    struct lcc_engine *engine; /* the embedded engine serving this context's directory, or NULL */
    /* Writes an agent, queue or conversation that just changed to the
     * engine's store (NULL: nothing keeps them).  See model/model.h. */
    lcc_status (*save_object)(void *ud, const lcc__handle *object);
    /* Writes the context's own settings (the digital channels flag) there. */
    lcc_status (*save_settings)(void *ud, const struct lcc_context *ctx);
    void *save_ud;

    char errmsg[512];
};

/* 1 when ctx is a live context. */
int lcc__context_ok(const lcc_context *ctx);

/* 1 when h is a live handle of that type (h may be NULL). */
static inline int lcc__handle_ok(const void *h, uint32_t magic)
{
    return h && ((const lcc__handle *)h)->magic == magic;
}

/* Allocates a zeroed handle of `size` bytes and links it into ctx. */
void *lcc__handle_new(lcc_context *ctx, size_t size, uint32_t magic,
                      void (*destroy)(lcc__handle *h));
/* Unlinks, calls destroy, poisons the magic and frees the handle. */
void lcc__handle_free(lcc__handle *h);

/* Records a message for lcc_context_errmsg (and the debug log); returns status. */
lcc_status lcc__error(lcc_context *ctx, lcc_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lcc__log(lcc_context *ctx, lcc_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks that s is a non-NULL, non-empty (unless allow_empty), valid UTF-8
 * string of at most max bytes; on failure records a message naming `what`
 * and returns LCC_EINVAL or LCC_ERANGE. */
lcc_status lcc__check_text(lcc_context *ctx, const char *what, const char *s, size_t max,
                           int allow_empty);

/* Replaces *slot with a copy of s (NULL clears).  Returns LCC_OK or LCC_ENOMEM
 * with *slot unchanged. */
lcc_status lcc__replace_str(lcc_context *ctx, char **slot, const char *s);

/* Stores an optional text field: NULL clears; otherwise s must pass
 * lcc__check_text (non-empty, UTF-8, at most LCC_MAX_TEXT bytes).  On any
 * failure *slot is unchanged. */
lcc_status lcc__set_text(lcc_context *ctx, const char *what, char **slot, const char *s);

/* 1 when engine `e` (NULL: none) holds a callback scheduled from
 * conversation `id` (its CB-SINGLE origins, cancelled and stored ones
 * included), so that a draft on the engine's own context knows it too
 * (lib/engine/engine.c). */
int lcc__engine_origin_taken(struct lcc_engine *e, const char *id);

/* The context's zone database, created on first use. */
lcc_status lcc__context_tzdb(struct lcc__tzdb **out, lcc_context *ctx);

#define LCC__MISUSE(ctx, ...) lcc__error((ctx), LCC_EMISUSE, __VA_ARGS__)

#endif
