/* The engine's durable store: restart recovery, refusing files that are not
 * ours without touching them, and a crash test (a child scheduling in a
 * loop is killed with SIGKILL; every acknowledged callback must be there
 * exactly once and the database must pass PRAGMA integrity_check). */
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"

static char dir[256], path[300];
static fixture F;

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/lcc-store-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/engine.db", dir);
}

static void remove_dir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* The directory a host sets up before opening its engine. */
static void directory(fixture *f)
{
    fixture_setup(f);
    lcc_agent *sup;
    ck_assert_int_eq(lcc_agent_new(&sup, f->ctx, "sup", "Sam"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_role(sup, LCC_ROLE_SUPERVISOR), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_acd(f->conv, 1), LCC_OK);
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(f->queue, 1, 72, 2), LCC_OK);
}

static lcc_status open_engine(lcc_engine **e, fixture *f)
{
    lcc_engine_params p = LCC_ENGINE_PARAMS_INIT;
    p.store_path = path;
    return lcc_engine_new(e, f->ctx, &p);
}

/* POSTs a create body as the API client; returns the HTTP status and
 * copies the new conversation id into id (when 200). */
static int create(lcc_engine *e, int64_t at, const char *owner, const char *origin, char id[64])
{
    char auth[128];
    int http;
    char *resp;
    size_t len;
    const char *b = "grant_type=client_credentials";
    /* "api:secret" in base64: a client id that is not an agent. */
    ck_assert_int_eq(lcc_engine_handle(&http, &resp, &len, e, "POST", "/oauth/token",
                                       "Basic YXBpOnNlY3JldA==", b, strlen(b)),
                     LCC_OK);
    const char *t = strstr(resp, "\"access_token\":\"") + 16;
    snprintf(auth, sizeof auth, "Bearer %.*s", (int)strcspn(t, "\""), t);
    lcc_free(resp);
    char when[LCC_TIME_BUFSIZE], body[512], routing[200], data[100] = "";
    lcc_time_format(when, sizeof when, at);
    if (owner)
        snprintf(routing, sizeof routing,
                 "\"routingData\":{\"queueId\":\"q1\",\"scoredAgents\":[{\"agent\":{\"id\":\"%s\"},"
                 "\"score\":100}],\"routingFlags\":[\"AGENT_OWNED_CALLBACK\"]}",
                 owner);
    else
        snprintf(routing, sizeof routing, "\"queueId\":\"q1\"");
    if (origin)
        snprintf(data, sizeof data, ",\"data\":{\"originatingConversationId\":\"%s\"}", origin);
    snprintf(body, sizeof body,
             "{\"callbackNumbers\":[\"+33142685300\"],%s,\"callbackScheduledTime\":\"%s\"%s}",
             routing, when, data);
    ck_assert_int_eq(lcc_engine_handle(&http, &resp, &len, e, "POST",
                                       "/api/v2/conversations/callbacks", auth, body, strlen(body)),
                     LCC_OK);
    if (http == 200) {
        const char *p = strstr(resp, "{\"id\":\"") + 7;
        snprintf(id, 64, "%.*s", (int)strcspn(p, "\""), p);
    }
    lcc_free(resp);
    return http;
}

static const char *event_names(lcc_context *ctx)
{
    static char log[4096];
    size_t n = 0;
    lcc_event *ev;
    log[0] = '\0';
    while ((ev = lcc_context_next_event(ctx))) {
        lcc_event_type t = lcc_event_get_type(ev);
        n += (size_t)snprintf(log + n, sizeof log - n, "%s",
                              t == LCC_EVENT_ENGINE_DUE      ? "DUE "
                              : t == LCC_EVENT_ENGINE_QUEUED ? "QUEUED "
                              : t == LCC_EVENT_ENGINE_OWNERSHIP_EXPIRED ? "EXPIRED "
                              : t == LCC_EVENT_ENGINE_OFFERED ? "OFFERED "
                                                              : "OTHER ");
        lcc_event_free(ev);
    }
    return log;
}

START_TEST(test_restart_recovers)
{
    make_dir();
    directory(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    char soon[64], later[64], gone[64], owned[64];
    ck_assert_int_eq(create(e, T0_MS + HOUR_MS, NULL, "c1", soon), 200);
    ck_assert_int_eq(create(e, T0_MS + 2 * DAY_MS, NULL, NULL, later), 200);
    ck_assert_int_eq(create(e, T0_MS + DAY_MS, NULL, NULL, gone), 200);
    ck_assert_int_eq(create(e, T0_MS + 30 * 60000, "a1", NULL, owned), 200);
    ck_assert_int_eq(lcc_engine_cancel_callback(NULL, e, "sup", gone), LCC_OK);
    /* The owned one falls due and waits for its owner (window: 2 h). */
    F.now = T0_MS + 30 * 60000;
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    fixture_teardown(&F);

    /* Three hours later, the engine comes back with the same directory. */
    directory(&F);
    F.now = T0_MS + 3 * HOUR_MS;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), 4);
    for (size_t i = 0; i < 4; i++) {
        const char *id = lcc_callback_list_id(l, i);
        if (strcmp(id, gone) == 0)
            ck_assert_int_eq(lcc_callback_list_state(l, i), LCC_ENGINE_CANCELLED);
        else
            ck_assert_int_eq(lcc_callback_list_state(l, i), LCC_ENGINE_SCHEDULED);
        if (strcmp(id, owned) == 0)
            ck_assert_str_eq(lcc_callback_list_owner_id(l, i), "a1");
        if (strcmp(id, later) == 0)
            ck_assert_int_eq(lcc_callback_list_scheduled_ms(l, i), T0_MS + 2 * DAY_MS);
    }
    lcc_callback_list_free(l);
    /* The overdue ones fall due at once; the owned one's window (ended
     * 2:30 after T0) is over, so it goes to the queue. */
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.ctx), T0_MS + 30 * 60000);
    ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
    ck_assert_str_eq(event_names(F.ctx), "DUE EXPIRED QUEUED DUE QUEUED ");
    ck_assert_int_eq(lcc_context_next_deadline_ms(F.ctx), T0_MS + 2 * DAY_MS);
    /* CB-SINGLE still holds for c1. */
    char again[64];
    ck_assert_int_eq(create(e, T0_MS + 5 * HOUR_MS, NULL, "c1", again), 409);
    fixture_teardown(&F);
    remove_dir();
}
END_TEST

/* Files that are not an engine store are refused and left as they were. */
static void expect_refused(const char *why)
{
    struct stat before, after;
    char *bytes_before = NULL;
    ck_assert_int_eq(stat(path, &before), 0);
    FILE *fp = fopen(path, "rb");
    bytes_before = malloc((size_t)before.st_size + 1);
    ck_assert_uint_eq(fread(bytes_before, 1, (size_t)before.st_size, fp), (size_t)before.st_size);
    fclose(fp);
    directory(&F);
    lcc_engine *e = NULL;
    ck_assert_int_eq(open_engine(&e, &F), LCC_EFORMAT);
    ck_assert_ptr_null(lcc_context_engine(F.ctx));
    ck_assert_msg(strstr(lcc_context_errmsg(F.ctx), why), "%s", lcc_context_errmsg(F.ctx));
    fixture_teardown(&F);
    ck_assert_int_eq(stat(path, &after), 0);
    ck_assert_int_eq(after.st_size, before.st_size);
    fp = fopen(path, "rb");
    char *bytes_after = malloc((size_t)after.st_size + 1);
    ck_assert_uint_eq(fread(bytes_after, 1, (size_t)after.st_size, fp), (size_t)after.st_size);
    fclose(fp);
    ck_assert(memcmp(bytes_before, bytes_after, (size_t)after.st_size) == 0);
    free(bytes_before);
    free(bytes_after);
}

static void sql(const char *statements)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, statements, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

START_TEST(test_foreign_corrupt_newer)
{
    make_dir();
    sql("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL);"
        "INSERT INTO invoices VALUES (1, 9.5);");
    expect_refused("another application");
    unlink(path);

    FILE *fp = fopen(path, "wb");
    for (int i = 0; i < 512; i++)
        fputs("not a database, ", fp);
    fclose(fp);
    expect_refused("engine store");
    unlink(path);

    directory(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    fixture_teardown(&F);
    sql("PRAGMA user_version = 99;");
    expect_refused("newer");
    remove_dir();
}
END_TEST

/* ---- crash test ---- */

#define ROUNDS 5

/* Child: opens the store and schedules in a loop, writing each id to fd
 * once the engine has acknowledged it (HTTP 200). */
static void crash_child(int fd, unsigned seed)
{
    directory(&F);
    lcc_engine *e;
    if (open_engine(&e, &F) != LCC_OK)
        _exit(3);
    char id[64];
    for (unsigned i = 0;; i++) {
        int64_t at = T0_MS + HOUR_MS + (int64_t)((seed * 7919u + i * 104729u) % 2000000u) * 1000;
        if (create(e, at, NULL, NULL, id) != 200)
            _exit(4);
        char line[80];
        int n = snprintf(line, sizeof line, "%s\n", id);
        if (write(fd, line, (size_t)n) != n)
            _exit(5);
    }
}

START_TEST(test_crash_kill9)
{
    make_dir();
    char (*acked)[40] = calloc(100000, sizeof *acked);
    size_t n_acked = 0;
    srand(12345);
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        ck_assert_int_eq(pipe(fds), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            close(fds[0]);
            crash_child(fds[1], (unsigned)round);
        }
        close(fds[1]);
        /* Let it acknowledge a random number of callbacks, then kill it
         * wherever it is (possibly inside a write). */
        int want = 20 + rand() % 200, got = 0;
        FILE *in = fdopen(fds[0], "r");
        char line[80];
        while (got < want && fgets(line, sizeof line, in)) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(acked[n_acked++], 40, "%.36s", line);
            got++;
        }
        struct timespec pause = {0, (long)(rand() % 3000) * 1000};
        nanosleep(&pause, NULL);
        kill(pid, SIGKILL);
        /* What it acknowledged before dying counts too. */
        while (fgets(line, sizeof line, in)) {
            line[strcspn(line, "\n")] = '\0';
            if (strlen(line) == 36)
                snprintf(acked[n_acked++], 40, "%.36s", line);
        }
        fclose(in);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        ck_assert_int_eq(got, want);
    }

    /* Every acknowledged callback is there exactly once. */
    directory(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM callbacks WHERE id = ?", -1, &q,
                                        NULL),
                     SQLITE_OK);
    for (size_t i = 0; i < n_acked; i++) {
        sqlite3_bind_text(q, 1, acked[i], -1, SQLITE_STATIC);
        ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
        ck_assert_msg(sqlite3_column_int(q, 0) == 1, "callback %s: %d rows", acked[i],
                      sqlite3_column_int(q, 0));
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    sqlite3_close(db);
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
    ck_assert_uint_ge(lcc_callback_list_total(l), n_acked);
    lcc_callback_list_free(l);
    fixture_teardown(&F);
    free(acked);
    remove_dir();
}
END_TEST

/* Agents, queues (settings, members) and conversations come back on a
 * context that has none of them; changes made after the open are stored
 * by the setters themselves. */
START_TEST(test_directory_survives)
{
    make_dir();
    directory(&F);
    lcc_engine *e;
    ck_assert_int_eq(lcc_queue_set_agents_choose_callback_queue(F.queue, 1), LCC_OK);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    /* After the open: each of these is written before it returns. */
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 48, 3), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(F.queue, "a2"), LCC_OK);
    ck_assert_int_eq(lcc_queue_add_member(F.queue, "sup"), LCC_OK);
    ck_assert_int_eq(lcc_queue_remove_member(F.queue, "sup"), LCC_OK);
    lcc_agent *a2, *sup = lcc_context_find_agent(F.ctx, "sup");
    ck_assert_int_eq(lcc_agent_new(&a2, F.ctx, "a2", "Bo"), LCC_OK);
    ck_assert_int_eq(lcc_agent_set_time_zone(a2, "America/New_York"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(a2, "conversation:callback:*"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_role(sup, "auditor"), LCC_OK);
    ck_assert_int_eq(lcc_agent_remove_role(sup, "auditor"), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_presence(e, "a2", LCC_PRESENCE_AVAILABLE), LCC_OK);
    ck_assert_int_eq(lcc_engine_set_routing_status(e, "a2", LCC_ROUTING_IDLE), LCC_OK);
    const char *call_id;
    ck_assert_int_eq(lcc_engine_add_call(&call_id, e, "q1", "+12125550100"), LCC_OK);
    char call[64];
    snprintf(call, sizeof call, "%s", call_id);
    ck_assert_int_eq(lcc_engine_answer(e, "a2", call, 1), LCC_OK);
    fixture_teardown(&F);

    fixture_context(&F); /* nothing but the clock */
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    lcc_queue *q = lcc_context_find_queue(F.ctx, "q1");
    ck_assert_ptr_nonnull(q);
    ck_assert_str_eq(lcc_queue_name(q), "Support");
    ck_assert_uint_eq(lcc_queue_member_count(q), 2);
    ck_assert(lcc_queue_has_member(q, "a1") && lcc_queue_has_member(q, "a2"));
    ck_assert_int_eq(lcc_queue_agents_choose_callback_queue(q), 1);
    int on;
    int32_t limit, window;
    ck_assert_int_eq(lcc_queue_owned_callbacks(q, &on, &limit, &window), LCC_OK);
    ck_assert_int_eq(on, 1);
    ck_assert_int_eq(limit, 48);
    ck_assert_int_eq(window, 3);
    a2 = lcc_context_find_agent(F.ctx, "a2");
    ck_assert_ptr_nonnull(a2);
    ck_assert_str_eq(lcc_agent_name(a2), "Bo");
    ck_assert_str_eq(lcc_agent_time_zone(a2), "America/New_York");
    ck_assert(lcc_agent_has_permission(a2, LCC_PERM_CALLBACK_CREATE));
    sup = lcc_context_find_agent(F.ctx, "sup");
    ck_assert(lcc_agent_has_role(sup, LCC_ROLE_SUPERVISOR) && !lcc_agent_has_role(sup, "auditor"));
    lcc_conversation *c1 = lcc_context_find_conversation(F.ctx, "c1");
    ck_assert_ptr_nonnull(c1);
    ck_assert_str_eq(lcc_conversation_ani(c1), "+33 1 42 68 53 00");
    ck_assert_str_eq(lcc_conversation_agent_id(c1), "a1");
    lcc_conversation *c = lcc_context_find_conversation(F.ctx, call);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(lcc_conversation_ani(c), "+12125550100");
    ck_assert_str_eq(lcc_conversation_queue_id(c), "q1");
    ck_assert_str_eq(lcc_conversation_agent_id(c), "a2");
    /* Agents come back offline and off queue; the call is over. */
    lcc_presence pr;
    lcc_routing_status rs;
    ck_assert_int_eq(lcc_engine_agent_status(e, "a2", &pr, &rs), LCC_OK);
    ck_assert_int_eq(pr, LCC_PRESENCE_OFFLINE);
    ck_assert_int_eq(rs, LCC_ROUTING_OFF_QUEUE);
    ck_assert_int_eq(lcc_engine_end(e, call), LCC_ENOTFOUND);
    /* The restored directory serves the rules: a2 may schedule an owned
     * callback on q1 (limit 48 h) from the stored call. */
    char id[64];
    ck_assert_int_eq(create(e, T0_MS + 47 * HOUR_MS, "a2", call, id), 200);
    ck_assert_int_eq(create(e, T0_MS + 49 * HOUR_MS, "a2", NULL, id), 400);
    fixture_teardown(&F);

    /* A host object opened over a stored one of the same id wins. */
    fixture_context(&F);
    lcc_queue *mine;
    ck_assert_int_eq(lcc_queue_new(&mine, F.ctx, "q1", "Mine"), LCC_OK);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_ptr_eq(lcc_context_find_queue(F.ctx, "q1"), mine);
    ck_assert_uint_eq(lcc_queue_member_count(mine), 0);
    fixture_teardown(&F);
    fixture_context(&F);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_str_eq(lcc_queue_name(lcc_context_find_queue(F.ctx, "q1")), "Mine");
    fixture_teardown(&F);
    remove_dir();
}
END_TEST

/* OB-*: the agents' profiles, the tenant's digital channels flag and the
 * entry points are written through and come back on open, entry points in
 * their creation order. */
START_TEST(test_OB_directory_survives)
{
    make_dir();
    directory(&F);
    lcc_entry_point *ep;
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.ctx, "ep-mail", "Support mail", LCC_CHANNEL_EMAIL),
                     LCC_OK);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_int_eq(lcc_context_set_digital_channels(F.ctx, 1), LCC_OK);
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    p.digital_license = 1;
    p.media = LCC_CHANNEL_BIT(LCC_CHANNEL_SMS) | LCC_CHANNEL_BIT(LCC_CHANNEL_EMAIL);
    p.auto_assigned = LCC_CHANNEL_BIT(LCC_CHANNEL_EMAIL);
    ck_assert_int_eq(lcc_agent_set_profile(F.agent, &p), LCC_OK);
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.ctx, "ep-sms-2", "Sales SMS", LCC_CHANNEL_SMS),
                     LCC_OK);
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.ctx, "ep-sms-1", "Help SMS", LCC_CHANNEL_SMS),
                     LCC_OK);
    fixture_teardown(&F);

    fixture_context(&F);
    ck_assert_int_eq(lcc_context_digital_channels(F.ctx), 0);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_int_eq(lcc_context_digital_channels(F.ctx), 1);
    lcc_agent_profile got = LCC_AGENT_PROFILE_INIT;
    ck_assert_int_eq(lcc_agent_get_profile(lcc_context_find_agent(F.ctx, "a1"), &got), LCC_OK);
    ck_assert_int_eq(got.digital_license, 1);
    ck_assert_uint_eq(got.media, p.media);
    ck_assert_uint_eq(got.auto_assigned, p.auto_assigned);
    ck_assert_int_eq(lcc_agent_get_profile(lcc_context_find_agent(F.ctx, "sup"), &got), LCC_OK);
    ck_assert_int_eq(got.digital_license, 0);
    ck_assert_uint_eq(got.media, 0);
    ck_assert_uint_eq(lcc_context_entry_point_count(F.ctx, LCC_CHANNEL_EMAIL), 1);
    ep = lcc_context_find_entry_point(F.ctx, "ep-mail");
    ck_assert_ptr_nonnull(ep);
    ck_assert_str_eq(lcc_entry_point_name(ep), "Support mail");
    ck_assert_int_eq(lcc_entry_point_channel(ep), LCC_CHANNEL_EMAIL);
    ck_assert_uint_eq(lcc_context_entry_point_count(F.ctx, LCC_CHANNEL_SMS), 2);
    ck_assert_str_eq(lcc_entry_point_id(lcc_context_entry_point(F.ctx, LCC_CHANNEL_SMS, 0)),
                     "ep-sms-2");
    ck_assert_str_eq(lcc_entry_point_id(lcc_context_entry_point(F.ctx, LCC_CHANNEL_SMS, 1)),
                     "ep-sms-1");
    /* Turned off after the open: written too. */
    ck_assert_int_eq(lcc_context_set_digital_channels(F.ctx, 0), LCC_OK);
    fixture_teardown(&F);

    fixture_context(&F);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_int_eq(lcc_context_digital_channels(F.ctx), 0);
    fixture_teardown(&F);

    /* A flag the host set before the open wins over the stored one. */
    fixture_context(&F);
    ck_assert_int_eq(lcc_context_set_digital_channels(F.ctx, 1), LCC_OK);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    fixture_teardown(&F);
    fixture_context(&F);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_int_eq(lcc_context_digital_channels(F.ctx), 1);
    fixture_teardown(&F);
    remove_dir();
}
END_TEST

/* A store of schema version 2 (before OB-*) opens, keeps its rows and is
 * upgraded to version 3. */
START_TEST(test_OB_migration_v2_to_v3)
{
    make_dir();
    sql("PRAGMA application_id = 1279476549;" /* "LCCE" */
        "CREATE TABLE callbacks (id TEXT PRIMARY KEY NOT NULL, state INTEGER NOT NULL,"
        " queue_id TEXT NOT NULL, scheduler_id TEXT, owner_id TEXT, preferred_id TEXT,"
        " scheduled_ms INTEGER NOT NULL, waiting_since INTEGER NOT NULL DEFAULT 0,"
        " window_end_ms INTEGER NOT NULL DEFAULT 0,"
        " owner_window_over INTEGER NOT NULL DEFAULT 0, number TEXT, origin TEXT UNIQUE,"
        " caller_id TEXT, caller_id_name TEXT, callee_name TEXT, data TEXT) WITHOUT ROWID;"
        "CREATE TABLE agents (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, time_zone TEXT,"
        " permissions TEXT NOT NULL, roles TEXT NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE queues (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL,"
        " members TEXT NOT NULL, agents_choose_callback_queue INTEGER NOT NULL,"
        " owned_enabled INTEGER NOT NULL, owned_limit_h INTEGER NOT NULL,"
        " owned_window_h INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE conversations (id TEXT PRIMARY KEY NOT NULL, media INTEGER NOT NULL,"
        " acd INTEGER NOT NULL, ani TEXT, queue_id TEXT, agent_id TEXT) WITHOUT ROWID;"
        "INSERT INTO agents VALUES ('old', 'Olga', 'Europe/Madrid', '[\"a:b:c\"]', '[]');"
        "INSERT INTO queues VALUES ('oq', 'Old queue', '[\"old\"]', 0, 0, 720, 24);"
        "PRAGMA user_version = 2;");
    fixture_context(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    lcc_agent *old = lcc_context_find_agent(F.ctx, "old");
    ck_assert_ptr_nonnull(old);
    ck_assert_str_eq(lcc_agent_time_zone(old), "Europe/Madrid");
    ck_assert(lcc_agent_has_permission(old, "a:b:c"));
    ck_assert(lcc_queue_has_member(lcc_context_find_queue(F.ctx, "oq"), "old"));
    lcc_agent_profile p = LCC_AGENT_PROFILE_INIT;
    ck_assert_int_eq(lcc_agent_get_profile(old, &p), LCC_OK);
    ck_assert_int_eq(p.digital_license, 0);
    ck_assert_uint_eq(p.media | p.auto_assigned, 0);
    ck_assert_int_eq(lcc_context_digital_channels(F.ctx), 0);
    p.digital_license = 1;
    p.media = p.auto_assigned = LCC_CHANNEL_BIT(LCC_CHANNEL_SMS);
    ck_assert_int_eq(lcc_agent_set_profile(old, &p), LCC_OK);
    lcc_entry_point *ep;
    ck_assert_int_eq(lcc_entry_point_new(&ep, F.ctx, "ep", "SMS", LCC_CHANNEL_SMS), LCC_OK);
    fixture_teardown(&F);

    sqlite3 *db;
    sqlite3_stmt *q;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(q, 0), 3);
    sqlite3_finalize(q);
    sqlite3_close(db);

    fixture_context(&F);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_int_eq(lcc_agent_get_profile(lcc_context_find_agent(F.ctx, "old"), &p), LCC_OK);
    ck_assert_int_eq(p.digital_license, 1);
    ck_assert_uint_eq(p.media, LCC_CHANNEL_BIT(LCC_CHANNEL_SMS));
    ck_assert_ptr_nonnull(lcc_context_find_entry_point(F.ctx, "ep"));
    fixture_teardown(&F);
    remove_dir();
}
END_TEST

/* Batches: many changes, one commit; nested batches; misuse. */
START_TEST(test_batch_commit)
{
    make_dir();
    directory(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_int_eq(lcc_engine_commit(e), LCC_EMISUSE);
    ck_assert_int_eq(lcc_engine_begin(e), LCC_OK);
    ck_assert_int_eq(lcc_engine_begin(e), LCC_OK);
    char id[64];
    for (int i = 0; i < 200; i++)
        ck_assert_int_eq(create(e, T0_MS + HOUR_MS + i, NULL, NULL, id), 200);
    ck_assert_int_eq(lcc_engine_commit(e), LCC_OK); /* inner: nothing written yet */
    /* Another connection sees nothing before the outermost commit. */
    sqlite3 *db;
    sqlite3_stmt *q;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM callbacks", -1, &q, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(q, 0), 0);
    sqlite3_reset(q);
    ck_assert_int_eq(lcc_engine_commit(e), LCC_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(q, 0), 200);
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* An open batch is discarded with the engine. */
    ck_assert_int_eq(lcc_engine_begin(e), LCC_OK);
    ck_assert_int_eq(create(e, T0_MS + 2 * HOUR_MS, NULL, NULL, id), 200);
    lcc_engine_free(e);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), 200);
    lcc_callback_list_free(l);
    fixture_teardown(&F);
    /* Without a store a batch only counts. */
    fixture_setup(&F);
    ck_assert_int_eq(lcc_engine_new(&e, F.ctx, NULL), LCC_OK);
    ck_assert_int_eq(lcc_engine_begin(e), LCC_OK);
    ck_assert_int_eq(lcc_engine_commit(e), LCC_OK);
    ck_assert_int_eq(lcc_engine_commit(e), LCC_EMISUSE);
    fixture_teardown(&F);
    remove_dir();
}
END_TEST

/* Disk full, simulated in a child with RLIMIT_FSIZE (the store's files may
 * not grow): a setter whose change cannot be written undoes it and says
 * LCC_EIO; a batch whose commit fails leaves the engine refusing changes;
 * the file still holds exactly what was committed. */
static int disk_full_child(void)
{
    lcc_engine *e;
    directory(&F);
    if (open_engine(&e, &F) != LCC_OK)
        return 10;
    char id[64];
    if (create(e, T0_MS + HOUR_MS, NULL, NULL, id) != 200)
        return 11;
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {0, 0};
    char wal[320];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", path);
    if (stat(wal, &sb) != 0)
        return 12;
    lim.rlim_cur = lim.rlim_max = (rlim_t)sb.st_size;
    if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
        return 13;
    /* A setter: undone. */
    if (lcc_queue_set_owned_callbacks(F.queue, 1, 24, 5) != LCC_EIO)
        return 20;
    int on;
    int32_t limit, window;
    lcc_queue_owned_callbacks(F.queue, &on, &limit, &window);
    if (limit != 72 || window != 2)
        return 21;
    if (lcc_queue_remove_member(F.queue, "a1") != LCC_EIO || !lcc_queue_has_member(F.queue, "a1"))
        return 22;
    lcc_agent *x;
    if (lcc_agent_new(&x, F.ctx, "x", "X") != LCC_EIO || lcc_context_find_agent(F.ctx, "x"))
        return 23;
    /* A schedule: refused (500), nothing kept in memory. */
    if (create(e, T0_MS + HOUR_MS, NULL, NULL, id) != 500)
        return 24;
    lcc_callback_list *l;
    if (lcc_engine_list_callbacks(&l, e, NULL) != LCC_OK || lcc_callback_list_total(l) != 1)
        return 25;
    lcc_callback_list_free(l);
    /* A batch: its changes are answered, the commit fails, the engine is
     * failed from then on. */
    if (lcc_engine_begin(e) != LCC_OK)
        return 30;
    for (int i = 0; i < 50; i++)
        if (create(e, T0_MS + 2 * HOUR_MS, NULL, NULL, id) != 200)
            return 31;
    if (lcc_engine_commit(e) != LCC_EIO)
        return 32;
    lim.rlim_cur = lim.rlim_max = RLIM_INFINITY; /* space again: still refused */
    setrlimit(RLIMIT_FSIZE, &lim);
    if (create(e, T0_MS + 2 * HOUR_MS, NULL, NULL, id) != 500 ||
        lcc_queue_add_member(F.queue, "a7") != LCC_EIO || lcc_engine_begin(e) != LCC_EIO)
        return 33;
    fixture_teardown(&F);
    return 0;
}

START_TEST(test_disk_full)
{
    make_dir();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(disk_full_child());
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child step %d failed",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    /* Reopened: what was committed before the disk filled, nothing else. */
    fixture_context(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    lcc_queue *q = lcc_context_find_queue(F.ctx, "q1");
    int32_t window;
    ck_assert_int_eq(lcc_queue_owned_callbacks(q, NULL, NULL, &window), LCC_OK);
    ck_assert_int_eq(window, 2);
    ck_assert(lcc_queue_has_member(q, "a1") && !lcc_queue_has_member(q, "a7"));
    ck_assert_ptr_null(lcc_context_find_agent(F.ctx, "x"));
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), 1);
    lcc_callback_list_free(l);
    fixture_teardown(&F);
    remove_dir();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine-store");
    TCase *tc = tcase_create("store");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_restart_recovers);
    tcase_add_test(tc, test_foreign_corrupt_newer);
    tcase_add_test(tc, test_crash_kill9);
    tcase_add_test(tc, test_directory_survives);
    tcase_add_test(tc, test_OB_directory_survives);
    tcase_add_test(tc, test_OB_migration_v2_to_v3);
    tcase_add_test(tc, test_batch_commit);
    tcase_add_test(tc, test_disk_full);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
