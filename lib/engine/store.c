/* The engine's durable store on SQLite (see store.h). */
#include "engine/store.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "contactcore/agent.h"
#include "contactcore/conversation.h"
#include "contactcore/entrypoint.h"
#include "contactcore/queue.h"
#include "core/alloc.h"
#include "core/jsonw.h"
#include "model/model.h"

/* PRAGMA application_id of an engine store: "LCCE". */
#define APPLICATION_ID 0x4c434345
#define BUSY_TIMEOUT_MS 5000

struct eng_store {
    lcc_context *ctx;
    sqlite3 *db;
    sqlite3_stmt *put, *put_agent, *put_queue, *put_conversation, *put_entry_point, *put_setting;
    int depth;  /* open savepoints */
    int failed; /* a batch was lost: memory and file disagree */
};

/* Schema migrations: migrations[v] takes a store from user_version v to
 * v + 1, inside one transaction with the version bump. */
static const char *const migrations[] = {
    /* 0 -> 1: callbacks. */
    "CREATE TABLE callbacks ("
    " id TEXT PRIMARY KEY NOT NULL,"
    " state INTEGER NOT NULL,"
    " queue_id TEXT NOT NULL,"
    " scheduler_id TEXT, owner_id TEXT, preferred_id TEXT,"
    " scheduled_ms INTEGER NOT NULL,"
    " waiting_since INTEGER NOT NULL DEFAULT 0,"
    " window_end_ms INTEGER NOT NULL DEFAULT 0,"
    " owner_window_over INTEGER NOT NULL DEFAULT 0,"
    " number TEXT, origin TEXT UNIQUE,"
    " caller_id TEXT, caller_id_name TEXT, callee_name TEXT,"
    " data TEXT"
    ") WITHOUT ROWID;",
    /* 1 -> 2: the directory.  Lists are JSON arrays of strings. */
    "CREATE TABLE agents ("
    " id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, time_zone TEXT,"
    " permissions TEXT NOT NULL, roles TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE queues ("
    " id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, members TEXT NOT NULL,"
    " agents_choose_callback_queue INTEGER NOT NULL, owned_enabled INTEGER NOT NULL,"
    " owned_limit_h INTEGER NOT NULL, owned_window_h INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE conversations ("
    " id TEXT PRIMARY KEY NOT NULL, media INTEGER NOT NULL, acd INTEGER NOT NULL,"
    " ani TEXT, queue_id TEXT, agent_id TEXT"
    ") WITHOUT ROWID;",
    /* 2 -> 3: agent-initiated outbound (OB-*): the agents' license and
     * multimedia profile (channel bit sets), the tenant's settings, and its
     * entry points (a rowid table: the rowid keeps their creation order). */
    "ALTER TABLE agents ADD COLUMN digital_license INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE agents ADD COLUMN media INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE agents ADD COLUMN auto_assigned INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE entry_points ("
    " id TEXT UNIQUE NOT NULL, name TEXT NOT NULL, channel INTEGER NOT NULL"
    ");",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* What went wrong, in the words of engine.h: the kind of fault first (the
 * host's logs and the tests look for it), then SQLite's own message. */
static const char *fault(int rc, int sys_errno)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return "disk full";
    case SQLITE_READONLY:
        return "read-only (the file or its directory cannot be written)";
    case SQLITE_CANTOPEN:
        return "cannot open the file (missing directory or no permission)";
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return "not an engine store, or corrupt";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "busy (another connection holds the file locked)";
    case SQLITE_IOERR:
        /* SQLite turns ENOSPC into SQLITE_FULL only for the database and
         * its log; growing the shared-memory file, a quota (EDQUOT) or a
         * size limit (EFBIG) are I/O errors to it. */
        if (sys_errno == ENOSPC)
            return "disk full";
#ifdef EDQUOT
        if (sys_errno == EDQUOT)
            return "disk full (over quota)";
#endif
        return rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ||
                       rc == SQLITE_IOERR_TRUNCATE || rc == SQLITE_IOERR_SHMSIZE
                   ? "write error (disk full, over quota or failing)"
                   : "I/O error";
    default:
        return "error";
    }
}

static lcc_status db_error(eng_store *s, const char *what)
{
    int rc = sqlite3_extended_errcode(s->db);
    int primary = rc & 0xff;
    if (primary == SQLITE_NOMEM)
        return lcc__error(s->ctx, LCC_ENOMEM, "out of memory");
    lcc_status st = primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT ? LCC_EFORMAT : LCC_EIO;
    return lcc__error(s->ctx, st, "engine store: %s: %s: %s (SQLite error %d)",
                      fault(rc, sqlite3_system_errno(s->db)), what, sqlite3_errmsg(s->db), rc);
}

static lcc_status exec(eng_store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? LCC_OK : db_error(s, sql);
}

/* The integer a one-value query returns, or -1. */
static int64_t query_int(eng_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* PRAGMA quick_check: the structure of every b-tree (tables and indexes). */
static lcc_status check_pages(eng_store *s)
{
    sqlite3_stmt *q = NULL;
    char problem[160] = "";
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &q, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(q, 0);
        if (!r || strcmp(r, "ok") != 0)
            snprintf(problem, sizeof problem, "%s", r ? r : "no answer");
        rc = SQLITE_OK;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK)
        return db_error(s, "checking the file");
    if (problem[0])
        return lcc__error(s->ctx, LCC_EFORMAT,
                          "engine store: not an engine store, or corrupt: the file is damaged "
                          "(%s); it was left untouched",
                          problem);
    return LCC_OK;
}

/* Checks what the file is and brings its schema up to date. */
static lcc_status prepare_schema(eng_store *s)
{
    /* The first read: a file that is not a database fails here. */
    int64_t app = query_int(s, "PRAGMA application_id");
    int64_t version = query_int(s, "PRAGMA user_version");
    int64_t tables = query_int(s, "SELECT count(*) FROM sqlite_schema");
    if (app < 0 || version < 0 || tables < 0)
        return db_error(s, "reading the database header");
    if (app != APPLICATION_ID && (app != 0 || tables != 0))
        return lcc__error(s->ctx, LCC_EFORMAT,
                          "engine store: the file is a database of another application "
                          "(application_id %lld, %lld tables); it was left untouched",
                          (long long)app, (long long)tables);
    if (version > SCHEMA_VERSION)
        return lcc__error(s->ctx, LCC_EFORMAT,
                          "engine store: schema version %lld is newer than this library's %d",
                          (long long)version, SCHEMA_VERSION);
    /* Every page of every table and index is read before anything is
     * written: a damaged file is refused as it is, not written over (the
     * load would only find damage in the tables it reads, after the host's
     * objects were written). */
    lcc_status st = check_pages(s);
    if (st != LCC_OK || version == SCHEMA_VERSION)
        return st;
    st = exec(s, "BEGIN IMMEDIATE");
    for (int64_t v = version; st == LCC_OK && v < SCHEMA_VERSION; v++)
        st = exec(s, migrations[v]);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SCHEMA_VERSION);
    if (st == LCC_OK)
        st = exec(s, sql);
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
    if (st == LCC_OK)
        st = exec(s, sql);
    if (st == LCC_OK)
        st = exec(s, "COMMIT");
    if (st != LCC_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static lcc_status set_wal(eng_store *s)
{
    sqlite3_stmt *q = NULL;
    const char *mode = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        mode = (const char *)sqlite3_column_text(q, 0);
    lcc_status st = mode && strcmp(mode, "wal") == 0 ? LCC_OK
                    : mode ? lcc__error(s->ctx, LCC_EIO,
                                        "engine store: cannot use WAL mode (journal mode %s)", mode)
                           : db_error(s, "journal_mode");
    sqlite3_finalize(q);
    return st;
}

static int prepare(eng_store *s, sqlite3_stmt **st, const char *sql)
{
    return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK;
}

lcc_status lcc__store_open(eng_store **out, lcc_context *ctx, const char *path)
{
    eng_store *s = lcc__calloc(&ctx->alloc, 1, sizeof *s);
    if (!s)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    s->ctx = ctx;
    /* No URI names, no creating the file's directory; the file may be new. */
    int rc = sqlite3_open_v2(path, &s->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                 SQLITE_OPEN_EXRESCODE,
                             NULL);
    lcc_status st = LCC_OK;
    if (rc != SQLITE_OK)
        st = s->db ? db_error(s, path) : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    /* SQLite opens a file it may not write read-only, without a word: the
     * engine could then acknowledge nothing, so it says so now, before the
     * first read makes SQLite create its log and shared-memory files (with
     * the file's read-only mode, which would outlast a chmod of the file). */
    if (st == LCC_OK && sqlite3_db_readonly(s->db, "main") == 1)
        st = lcc__error(ctx, LCC_EIO,
                        "engine store: read-only (the file or its directory cannot be "
                        "written): %s",
                        path);
    if (st == LCC_OK) {
        sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
        st = prepare_schema(s);
    }
    /* WAL: readers do not block the writer; FULL: a commit is on disk when
     * it returns, so an acknowledged change survives a power cut too. */
    if (st == LCC_OK && strcmp(path, ":memory:") != 0)
        st = set_wal(s);
    if (st == LCC_OK)
        st = exec(s, "PRAGMA synchronous = FULL");
    if (st == LCC_OK &&
        (prepare(s, &s->put,
                 "INSERT OR REPLACE INTO callbacks (id, state, queue_id, scheduler_id,"
                 " owner_id, preferred_id, scheduled_ms, waiting_since, window_end_ms,"
                 " owner_window_over, number, origin, caller_id, caller_id_name,"
                 " callee_name, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)") ||
         prepare(s, &s->put_agent,
                 "INSERT OR REPLACE INTO agents (id, name, time_zone, permissions, roles,"
                 " digital_license, media, auto_assigned) VALUES (?,?,?,?,?,?,?,?)") ||
         prepare(s, &s->put_queue,
                 "INSERT OR REPLACE INTO queues (id, name, members, agents_choose_callback_queue,"
                 " owned_enabled, owned_limit_h, owned_window_h) VALUES (?,?,?,?,?,?,?)") ||
         prepare(s, &s->put_conversation,
                 "INSERT OR REPLACE INTO conversations (id, media, acd, ani, queue_id, agent_id)"
                 " VALUES (?,?,?,?,?,?)") ||
         /* An update keeps the row (and so its place in the creation order). */
         prepare(s, &s->put_entry_point,
                 "INSERT INTO entry_points (id, name, channel) VALUES (?,?,?)"
                 " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                 " channel = excluded.channel") ||
         prepare(s, &s->put_setting,
                 "INSERT OR REPLACE INTO settings (key, value) VALUES (?,?)")))
        st = db_error(s, "preparing the statements");
    if (st != LCC_OK) {
        lcc__store_close(s);
        return st;
    }
    *out = s;
    return LCC_OK;
}

void lcc__store_close(eng_store *s)
{
    if (!s)
        return;
    sqlite3_finalize(s->put);
    sqlite3_finalize(s->put_agent);
    sqlite3_finalize(s->put_queue);
    sqlite3_finalize(s->put_conversation);
    sqlite3_finalize(s->put_entry_point);
    sqlite3_finalize(s->put_setting);
    sqlite3_close_v2(s->db); /* an open batch is rolled back */
    lcc__free(&s->ctx->alloc, s);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* LCC_EIO while the store is failed. */
static lcc_status usable(eng_store *s)
{
    return s->failed ? lcc__error(s->ctx, LCC_EIO,
                                  "engine store: a batch could not be committed, so the file no "
                                  "longer matches the engine; free the engine and open it again")
                     : LCC_OK;
}

/* Runs a bound write statement and resets it.  An error that made SQLite
 * abandon an open transaction fails the store. */
static lcc_status step(eng_store *s, sqlite3_stmt *p, const char *what)
{
    int rc = sqlite3_step(p);
    lcc_status st = rc == SQLITE_DONE ? LCC_OK : db_error(s, what);
    sqlite3_reset(p);
    sqlite3_clear_bindings(p);
    if (st != LCC_OK && s->depth > 0 && sqlite3_get_autocommit(s->db))
        s->failed = 1;
    return st;
}

lcc_status lcc__store_begin(eng_store *s)
{
    lcc_status st = usable(s);
    if (st == LCC_OK && (st = exec(s, "SAVEPOINT lcc")) == LCC_OK)
        s->depth++;
    return st;
}

lcc_status lcc__store_end(eng_store *s, int keep)
{
    lcc_status st = usable(s);
    if (st == LCC_OK && !keep)
        st = exec(s, "ROLLBACK TO lcc");
    if (st == LCC_OK)
        st = exec(s, "RELEASE lcc");
    if (st != LCC_OK && !s->failed) {
        /* The commit (or a rollback) failed: give up the whole transaction. */
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->failed = 1;
    }
    s->depth = s->failed ? 0 : s->depth - 1;
    return st;
}

lcc_status lcc__store_put(eng_store *s, const eng_item *it)
{
    lcc_status ok = usable(s);
    if (ok != LCC_OK)
        return ok;
    char *data = NULL;
    size_t len = 0;
    if (it->data.n) {
        lcc__jw w;
        lcc__jw_init(&w, &s->ctx->alloc);
        lcc__jw_obj_begin(&w);
        for (size_t i = 0; i < it->data.n; i++)
            lcc__jw_key_str(&w, it->data.v[i].key, it->data.v[i].value);
        lcc__jw_obj_end(&w);
        lcc_status st = lcc__jw_finish(&data, &len, &w);
        if (st != LCC_OK)
            return lcc__error(s->ctx, st, "engine store: cannot write the data of %s", it->id);
    }
    sqlite3_stmt *p = s->put;
    bind_text(p, 1, it->id);
    sqlite3_bind_int(p, 2, it->state);
    bind_text(p, 3, it->queue->id);
    bind_text(p, 4, it->scheduler ? it->scheduler->id : NULL);
    bind_text(p, 5, it->owner ? it->owner->id : NULL);
    bind_text(p, 6, it->preferred ? it->preferred->id : NULL);
    sqlite3_bind_int64(p, 7, it->scheduled_ms);
    sqlite3_bind_int64(p, 8, it->waiting_since);
    sqlite3_bind_int64(p, 9, it->window_end_ms);
    sqlite3_bind_int(p, 10, it->owner_window_over);
    bind_text(p, 11, it->number);
    bind_text(p, 12, it->origin);
    bind_text(p, 13, it->caller_id);
    bind_text(p, 14, it->caller_id_name);
    bind_text(p, 15, it->callee_name);
    bind_text(p, 16, data);
    lcc_status st = step(s, p, "writing a callback");
    lcc__free(&s->ctx->alloc, data);
    return st;
}

/* A string list as a JSON array (*json freed by the caller). */
static lcc_status list_json(char **json, eng_store *s, const lcc__strlist *l)
{
    lcc__jw w;
    size_t len;
    lcc__jw_init(&w, &s->ctx->alloc);
    lcc__jw_arr_begin(&w);
    for (size_t i = 0; i < l->n; i++)
        lcc__jw_str(&w, l->v[i]);
    lcc__jw_arr_end(&w);
    lcc_status st = lcc__jw_finish(json, &len, &w);
    return st == LCC_OK ? LCC_OK : lcc__error(s->ctx, st, "engine store: cannot write a list");
}

static lcc_status put_agent(eng_store *s, const lcc_agent *a)
{
    char *perms = NULL, *roles = NULL;
    lcc_status st = list_json(&perms, s, &a->permissions);
    if (st == LCC_OK)
        st = list_json(&roles, s, &a->roles);
    if (st == LCC_OK) {
        sqlite3_stmt *p = s->put_agent;
        bind_text(p, 1, a->o.id);
        bind_text(p, 2, a->o.name);
        bind_text(p, 3, a->time_zone);
        bind_text(p, 4, perms);
        bind_text(p, 5, roles);
        sqlite3_bind_int(p, 6, a->digital_license);
        sqlite3_bind_int64(p, 7, a->media);
        sqlite3_bind_int64(p, 8, a->auto_assigned);
        st = step(s, p, "writing an agent");
    }
    lcc__free(&s->ctx->alloc, perms);
    lcc__free(&s->ctx->alloc, roles);
    return st;
}

static lcc_status put_queue(eng_store *s, const lcc_queue *q)
{
    char *members = NULL;
    lcc_status st = list_json(&members, s, &q->members);
    if (st == LCC_OK) {
        sqlite3_stmt *p = s->put_queue;
        bind_text(p, 1, q->o.id);
        bind_text(p, 2, q->o.name);
        bind_text(p, 3, members);
        sqlite3_bind_int(p, 4, q->agents_choose_callback_queue);
        sqlite3_bind_int(p, 5, q->owned_enabled);
        sqlite3_bind_int(p, 6, q->owned_limit_h);
        sqlite3_bind_int(p, 7, q->owned_window_h);
        st = step(s, p, "writing a queue");
    }
    lcc__free(&s->ctx->alloc, members);
    return st;
}

static lcc_status put_conversation(eng_store *s, const lcc_conversation *c)
{
    sqlite3_stmt *p = s->put_conversation;
    bind_text(p, 1, c->o.id);
    sqlite3_bind_int(p, 2, (int)c->media);
    sqlite3_bind_int(p, 3, c->acd);
    bind_text(p, 4, c->ani);
    bind_text(p, 5, c->queue_id);
    bind_text(p, 6, c->agent_id);
    return step(s, p, "writing a conversation");
}

static lcc_status put_entry_point(eng_store *s, const lcc_entry_point *ep)
{
    sqlite3_stmt *p = s->put_entry_point;
    bind_text(p, 1, ep->o.id);
    bind_text(p, 2, ep->o.name);
    sqlite3_bind_int(p, 3, (int)ep->channel);
    return step(s, p, "writing an entry point");
}

lcc_status lcc__store_put_settings(eng_store *s, const lcc_context *ctx)
{
    lcc_status st = usable(s);
    if (st != LCC_OK)
        return st;
    sqlite3_stmt *p = s->put_setting;
    bind_text(p, 1, "digital_channels");
    sqlite3_bind_int(p, 2, ctx->digital_channels);
    return step(s, p, "writing the tenant settings");
}

lcc_status lcc__store_put_object(eng_store *s, const lcc__handle *h)
{
    lcc_status st = usable(s);
    if (st != LCC_OK)
        return st;
    switch (h->magic) {
    case LCC__MAGIC_AGENT:
        return put_agent(s, (const lcc_agent *)h);
    case LCC__MAGIC_QUEUE:
        return put_queue(s, (const lcc_queue *)h);
    case LCC__MAGIC_CONVERSATION:
        return put_conversation(s, (const lcc_conversation *)h);
    case LCC__MAGIC_ENTRY_POINT:
        return put_entry_point(s, (const lcc_entry_point *)h);
    default:
        return LCC_OK;
    }
}

lcc_status lcc__store_put_directory(eng_store *s, lcc_context *ctx)
{
    lcc_status st = lcc__store_begin(s);
    if (st != LCC_OK)
        return st;
    const lcc__handle *end = &ctx->handles;
    for (const lcc__handle *h = end->next; st == LCC_OK && h != end; h = h->next)
        st = lcc__store_put_object(s, h);
    if (st == LCC_OK && ctx->digital_set)
        st = lcc__store_put_settings(s, ctx);
    lcc_status done = lcc__store_end(s, st == LCC_OK);
    return st == LCC_OK ? done : st;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* A stored data object {"key": "value", ...} into kv. */
static lcc_status read_data(lcc__kv *kv, eng_store *s, const char *json)
{
    cJSON *o = cJSON_Parse(json);
    lcc_status st = cJSON_IsObject(o) ? LCC_OK
                                      : lcc__error(s->ctx, LCC_EFORMAT,
                                                   "engine store: a callback's data is not a "
                                                   "JSON object");
    for (const cJSON *v = o ? o->child : NULL; st == LCC_OK && v; v = v->next)
        if (!cJSON_IsString(v))
            st = lcc__error(s->ctx, LCC_EFORMAT, "engine store: a data value is not a string");
        else if (lcc__kv_set(kv, &s->ctx->alloc, v->string, v->valuestring))
            st = lcc__error(s->ctx, LCC_ENOMEM, "out of memory");
    cJSON_Delete(o);
    return st;
}

/* ---- reading the directory back ---- */

typedef lcc_status (*add_fn)(void *object, const char *item);

/* Adds every string of the JSON array `json` with add(object, string). */
static lcc_status add_list(void *object, add_fn add, const char *json)
{
    cJSON *arr = json ? cJSON_Parse(json) : NULL;
    lcc_status st = cJSON_IsArray(arr) ? LCC_OK : LCC_EFORMAT;
    for (const cJSON *v = arr ? arr->child : NULL; st == LCC_OK && v; v = v->next)
        st = cJSON_IsString(v) ? add(object, v->valuestring) : LCC_EFORMAT;
    cJSON_Delete(arr);
    return st;
}

static lcc_status add_permission(void *a, const char *p)
{
    return lcc_agent_add_permission(a, p);
}

static lcc_status add_role(void *a, const char *r)
{
    return lcc_agent_add_role(a, r);
}

static lcc_status add_member(void *q, const char *id)
{
    return lcc_queue_add_member(q, id);
}

/* Recreates one stored object through the public calls, which check the
 * row as they would check a host's arguments. */
static lcc_status load_agent(lcc_context *ctx, sqlite3_stmt *q)
{
    const char *id = col_text(q, 0), *zone = col_text(q, 2);
    lcc_agent *a = NULL;
    if (id && lcc_context_find_agent(ctx, id))
        return LCC_OK; /* the host's object stands (and was stored) */
    lcc_status st = id && col_text(q, 1) ? lcc_agent_new(&a, ctx, id, col_text(q, 1)) : LCC_EFORMAT;
    if (st == LCC_OK && zone)
        st = lcc_agent_set_time_zone(a, zone);
    if (st == LCC_OK)
        st = add_list(a, add_permission, col_text(q, 3));
    if (st == LCC_OK)
        st = add_list(a, add_role, col_text(q, 4));
    if (st == LCC_OK) {
        sqlite3_int64 media = sqlite3_column_int64(q, 6);
        sqlite3_int64 auto_assigned = sqlite3_column_int64(q, 7);
        lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
        p.digital_license = sqlite3_column_int(q, 5);
        p.media = (uint32_t)media;
        p.auto_assigned = (uint32_t)auto_assigned;
        st = media == p.media && auto_assigned == p.auto_assigned ? lcc_agent_set_profile(a, &p)
                                                                  : LCC_EFORMAT;
    }
    if (st != LCC_OK)
        lcc_agent_free(a);
    return st;
}

static lcc_status load_queue(lcc_context *ctx, sqlite3_stmt *q)
{
    const char *id = col_text(q, 0);
    lcc_queue *queue = NULL;
    if (id && lcc_context_find_queue(ctx, id))
        return LCC_OK;
    lcc_status st = id && col_text(q, 1) ? lcc_queue_new(&queue, ctx, id, col_text(q, 1))
                                         : LCC_EFORMAT;
    if (st == LCC_OK)
        st = add_list(queue, add_member, col_text(q, 2));
    if (st == LCC_OK)
        st = lcc_queue_set_agents_choose_callback_queue(queue, sqlite3_column_int(q, 3));
    if (st == LCC_OK)
        st = lcc_queue_set_owned_callbacks(queue, sqlite3_column_int(q, 4),
                                           sqlite3_column_int(q, 5), sqlite3_column_int(q, 6));
    if (st != LCC_OK)
        lcc_queue_free(queue);
    return st;
}

static lcc_status load_conversation(lcc_context *ctx, sqlite3_stmt *q)
{
    const char *id = col_text(q, 0);
    lcc_conversation *c = NULL;
    if (id && lcc_context_find_conversation(ctx, id))
        return LCC_OK;
    lcc_status st = id ? lcc_conversation_new(&c, ctx, id, sqlite3_column_int(q, 1)) : LCC_EFORMAT;
    if (st == LCC_OK)
        st = lcc_conversation_set_acd(c, sqlite3_column_int(q, 2));
    if (st == LCC_OK)
        st = lcc_conversation_set_ani(c, col_text(q, 3));
    if (st == LCC_OK)
        st = lcc_conversation_set_queue(c, col_text(q, 4));
    if (st == LCC_OK)
        st = lcc_conversation_set_agent(c, col_text(q, 5));
    if (st != LCC_OK)
        lcc_conversation_free(c);
    return st;
}

static lcc_status load_entry_point(lcc_context *ctx, sqlite3_stmt *q)
{
    const char *id = col_text(q, 0);
    lcc_entry_point *ep = NULL;
    if (id && lcc_context_find_entry_point(ctx, id))
        return LCC_OK;
    return id && col_text(q, 1)
               ? lcc_entry_point_new(&ep, ctx, id, col_text(q, 1), sqlite3_column_int(q, 2))
               : LCC_EFORMAT;
}

/* The tenant settings: stored values for what the host did not set. */
static lcc_status load_setting(lcc_context *ctx, sqlite3_stmt *q)
{
    const char *key = col_text(q, 0);
    if (!key)
        return LCC_EFORMAT;
    if (strcmp(key, "digital_channels") == 0 && !ctx->digital_set)
        return lcc_context_set_digital_channels(ctx, sqlite3_column_int(q, 1));
    return LCC_OK; /* a setting of a later version: kept in the file, unused */
}

static lcc_status load_table(eng_store *s, const char *what, const char *sql,
                             lcc_status (*load)(lcc_context *ctx, sqlite3_stmt *q))
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_error(s, what);
    lcc_status st = LCC_OK;
    int rc;
    while (st == LCC_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if ((st = load(s->ctx, q)) == LCC_ENOMEM)
            st = lcc__error(s->ctx, st, "out of memory");
        else if (st != LCC_OK)
            st = lcc__error(s->ctx, LCC_EFORMAT, "engine store: a row of %s is malformed (%s)",
                            what, (const char *)sqlite3_column_text(q, 0));
    }
    if (st == LCC_OK && rc != SQLITE_DONE)
        st = db_error(s, what);
    sqlite3_finalize(q);
    return st;
}

lcc_status lcc__store_load(eng_store *s, lcc_engine *e)
{
    lcc_status dir = load_table(s, "agents",
                                "SELECT id, name, time_zone, permissions, roles, digital_license,"
                                " media, auto_assigned FROM agents ORDER BY id", load_agent);
    if (dir == LCC_OK)
        dir = load_table(s, "queues",
                         "SELECT id, name, members, agents_choose_callback_queue, owned_enabled,"
                         " owned_limit_h, owned_window_h FROM queues ORDER BY id", load_queue);
    if (dir == LCC_OK)
        dir = load_table(s, "conversations",
                         "SELECT id, media, acd, ani, queue_id, agent_id FROM conversations"
                         " ORDER BY id", load_conversation);
    if (dir == LCC_OK)
        dir = load_table(s, "entry_points",
                         "SELECT id, name, channel FROM entry_points ORDER BY rowid",
                         load_entry_point);
    if (dir == LCC_OK)
        dir = load_table(s, "settings", "SELECT key, value FROM settings ORDER BY key",
                         load_setting);
    if (dir != LCC_OK)
        return dir;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, state, queue_id, scheduler_id, owner_id, preferred_id,"
                           " scheduled_ms, waiting_since, window_end_ms, owner_window_over, number,"
                           " origin, caller_id, caller_id_name, callee_name, data"
                           " FROM callbacks ORDER BY scheduled_ms, id",
                           -1, &q, NULL) != SQLITE_OK)
        return db_error(s, "reading the callbacks");
    lcc_status st = LCC_OK;
    int rc = SQLITE_DONE;
    while (st == LCC_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        eng_row r = {
            .id = col_text(q, 0),
            .state = sqlite3_column_int(q, 1),
            .queue_id = col_text(q, 2),
            .scheduler_id = col_text(q, 3),
            .owner_id = col_text(q, 4),
            .preferred_id = col_text(q, 5),
            .scheduled_ms = sqlite3_column_int64(q, 6),
            .waiting_since = sqlite3_column_int64(q, 7),
            .window_end_ms = sqlite3_column_int64(q, 8),
            .owner_window_over = sqlite3_column_int(q, 9),
            .number = col_text(q, 10),
            .origin = col_text(q, 11),
            .caller_id = col_text(q, 12),
            .caller_id_name = col_text(q, 13),
            .callee_name = col_text(q, 14),
        };
        lcc__kv data = {0};
        const char *json = col_text(q, 15);
        if (json)
            st = read_data(&data, s, json);
        r.data = &data;
        if (!r.id || !r.queue_id || strlen(r.id) >= ENG_ID_SIZE || r.state < 0 ||
            r.state > LCC_ENGINE_CANCELLED)
            st = lcc__error(s->ctx, LCC_EFORMAT, "engine store: a callback row is malformed");
        else if (st == LCC_OK)
            st = lcc__eng_restore(e, &r);
        lcc__kv_clear(&data, &s->ctx->alloc);
    }
    if (st == LCC_OK && rc != SQLITE_DONE)
        st = db_error(s, "reading the callbacks");
    sqlite3_finalize(q);
    return st;
}
