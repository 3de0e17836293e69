/* The engine's durable store on SQLite (see store.h). */
#include "engine/store.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/jsonw.h"

/* PRAGMA application_id of an engine store: "LCCE". */
#define APPLICATION_ID 0x4c434345
#define BUSY_TIMEOUT_MS 5000

struct eng_store {
    lcc_context *ctx;
    sqlite3 *db;
    sqlite3_stmt *put;
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
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

static lcc_status db_error(eng_store *s, const char *what)
{
    int rc = sqlite3_extended_errcode(s->db);
    int primary = rc & 0xff;
    lcc_status st = primary == SQLITE_NOMEM                             ? LCC_ENOMEM
                    : primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT ? LCC_EFORMAT
                                                                          : LCC_EIO;
    return lcc__error(s->ctx, st, "engine store: %s: %s", what, sqlite3_errmsg(s->db));
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
    if (version == SCHEMA_VERSION)
        return LCC_OK;
    lcc_status st = exec(s, "BEGIN IMMEDIATE");
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
        sqlite3_prepare_v3(s->db,
                           "INSERT OR REPLACE INTO callbacks (id, state, queue_id, scheduler_id,"
                           " owner_id, preferred_id, scheduled_ms, waiting_since, window_end_ms,"
                           " owner_window_over, number, origin, caller_id, caller_id_name,"
                           " callee_name, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &s->put, NULL) != SQLITE_OK)
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
    sqlite3_close_v2(s->db);
    lcc__free(&s->ctx->alloc, s);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

lcc_status lcc__store_put(eng_store *s, const eng_item *it)
{
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
    int rc = sqlite3_step(p);
    lcc_status st = rc == SQLITE_DONE ? LCC_OK : db_error(s, "writing a callback");
    sqlite3_reset(p);
    sqlite3_clear_bindings(p);
    lcc__free(&s->ctx->alloc, data);
    return st;
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

lcc_status lcc__store_load(eng_store *s, lcc_engine *e)
{
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
