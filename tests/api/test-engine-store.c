/* The engine's durable store: restart recovery, and every store fault the
 * engine must survive with a clear error and nothing acknowledged lost:
 * files that are not ours or are damaged (refused, left untouched), a
 * read-only file or directory, a full disk, SIGKILL at any point (every
 * acknowledged change is there exactly once, the database passes PRAGMA
 * integrity_check). */
#define _DEFAULT_SOURCE /* syscall(): capget/capset */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

/* The body of the last answer to create() (its start). */
static char last_body[1024];

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
    snprintf(last_body, sizeof last_body, "%.*s", (int)len, resp);
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
    lcc_status st = open_engine(&e, &F);
    ck_assert_msg(st == LCC_EFORMAT, "%s: status %d (%s)", why, st, lcc_context_errmsg(F.ctx));
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

/* ---- damaged files ---- */

static unsigned char *read_whole(const char *file, size_t *len)
{
    struct stat sb;
    ck_assert_int_eq(stat(file, &sb), 0);
    unsigned char *b = malloc((size_t)sb.st_size);
    FILE *fp = fopen(file, "rb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fread(b, 1, (size_t)sb.st_size, fp), (size_t)sb.st_size);
    fclose(fp);
    *len = (size_t)sb.st_size;
    return b;
}

static void write_whole(const char *file, const unsigned char *b, size_t len)
{
    FILE *fp = fopen(file, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(b, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

static int query_one(const char *statement)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, statement, -1, &q, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    int v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* A valid store with callbacks, damaged in the middle: some of its pages
 * overwritten, or the file cut short.  Opening it fails with LCC_EFORMAT
 * and a message that says "corrupt", before anything is written (the file
 * is left byte for byte as it was); nothing crashes.  The whole file opens
 * with every callback.  The damage sits in the callbacks table (its root,
 * an interior page, and one of its leaves) and in the index of origins,
 * which loading the callbacks never reads. */
START_TEST(test_corrupt_pages)
{
    enum { N = 300 };
    make_dir();
    directory(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    ck_assert_int_eq(lcc_engine_begin(e), LCC_OK);
    for (int i = 0; i < N; i++) {
        char id[64], origin[32];
        snprintf(origin, sizeof origin, "origin-%d", i);
        ck_assert_int_eq(create(e, T0_MS + HOUR_MS + i * 60000, NULL, origin, id), 200);
    }
    ck_assert_int_eq(lcc_engine_commit(e), LCC_OK);
    fixture_teardown(&F);
    char wal[320];
    snprintf(wal, sizeof wal, "%s-wal", path);
    ck_assert_int_ne(access(wal, F_OK), 0); /* all in the file: checkpointed at the close */

    size_t len;
    unsigned char *whole = read_whole(path, &len);
    size_t page = (size_t)query_one("PRAGMA page_size");
    ck_assert_uint_eq(len % page, 0);
    long table = query_one("SELECT rootpage FROM sqlite_schema WHERE name = 'callbacks'");
    long index = query_one("SELECT rootpage FROM sqlite_schema WHERE type = 'index'"
                           " AND tbl_name = 'callbacks'");
    ck_assert(table > 1 && index > 1);
    /* A WITHOUT ROWID table is an index b-tree: its root is an interior
     * page (0x02) over several leaves; bytes 8-11 name the right-most one. */
    const unsigned char *root = whole + (size_t)(table - 1) * page;
    ck_assert_int_eq(root[0], 0x02);
    long leaf = (long)root[8] << 24 | (long)root[9] << 16 | (long)root[10] << 8 | (long)root[11];
    ck_assert(leaf > 1 && (size_t)leaf <= len / page);
    ck_assert_int_eq(whole[(size_t)(leaf - 1) * page], 0x0a); /* a leaf */

    struct {
        long page;
        int fill; /* -1: noise */
        size_t keep; /* 0, or the length the file is cut to */
    } damage[] = {
        {table, -1, 0}, {leaf, 0, 0}, {leaf, -1, 0}, {index, -1, 0}, {0, 0, len / 2},
    };
    unsigned char *bad = malloc(len);
    for (size_t d = 0; d < sizeof damage / sizeof damage[0]; d++) {
        memcpy(bad, whole, len);
        size_t n = len;
        if (damage[d].keep)
            n = damage[d].keep;
        else {
            unsigned char *p = bad + (size_t)(damage[d].page - 1) * page;
            uint32_t x = 2463534242u + (uint32_t)d;
            for (size_t i = 0; i < page; i++) {
                x ^= x << 13, x ^= x >> 17, x ^= x << 5;
                p[i] = damage[d].fill < 0 ? (unsigned char)x : (unsigned char)damage[d].fill;
            }
        }
        write_whole(path, bad, n);
        expect_refused("corrupt");
    }
    free(bad);

    /* The whole file again: every callback is there. */
    write_whole(path, whole, len);
    free(whole);
    directory(&F);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), N);
    lcc_callback_list_free(l);
    fixture_teardown(&F);
    remove_dir();
}
END_TEST

/* ---- read-only ---- */

/* Makes file permission bits bind this process even when it runs as
 * root: drops CAP_DAC_OVERRIDE (root then needs the owner's write bit like
 * anyone else), or where capabilities cannot be changed becomes nobody.
 * 0 on success. */
static int obey_permissions(void)
{
    if (geteuid() != 0)
        return 0;
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &h, caps) == 0) {
        caps[CAP_TO_INDEX(CAP_DAC_OVERRIDE)].effective &= ~CAP_TO_MASK(CAP_DAC_OVERRIDE);
        caps[CAP_TO_INDEX(CAP_DAC_OVERRIDE)].permitted &= ~CAP_TO_MASK(CAP_DAC_OVERRIDE);
        if (syscall(SYS_capset, &h, caps) == 0)
            return 0;
    }
    return setgid(65534) == 0 && setuid(65534) == 0 ? 0 : -1;
}

/* 1 when this process really cannot write `file` (or create files in
 * `dir` when file is NULL): the fault the child is about to meet. */
static int cannot_write(const char *file)
{
    char probe[320];
    int fd;
    if (file)
        fd = open(file, O_WRONLY);
    else {
        snprintf(probe, sizeof probe, "%s/probe", dir);
        fd = open(probe, O_WRONLY | O_CREAT, 0644);
    }
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    return errno == EACCES || errno == EPERM || errno == EROFS;
}

static int says_read_only(const char *msg)
{
    return strstr(msg, "engine store: read-only (the file or its directory cannot be written)") !=
           NULL;
}

enum { RO_FILE = 1, RO_DIR = 2, RO_AFTER_CRASH = 4 };

/* Child: the store at `path` cannot be written (RO_FILE: the file;
 * RO_DIR: its directory): opening fails with LCC_EIO "read-only", with the
 * host's objects to write and without; so does creating a new store in a
 * read-only directory.  One exception: when only the directory is
 * read-only and a crash left the log and shared-memory files behind, the
 * file and its log can still be written, so the store works.  The number
 * of the step that failed, or 0. */
static int read_only_child(int how)
{
    lcc_engine *e;
    if (obey_permissions() != 0)
        return 2;
    if ((how & RO_FILE && !cannot_write(path)) || (how & RO_DIR && !cannot_write(NULL)))
        return 3;
    directory(&F);
    if (how == (RO_DIR | RO_AFTER_CRASH)) {
        char id[64];
        if (open_engine(&e, &F) != LCC_OK || create(e, T0_MS + HOUR_MS, NULL, NULL, id) != 200)
            return 4;
        fixture_teardown(&F);
        return 0;
    }
    if (open_engine(&e, &F) != LCC_EIO || lcc_context_engine(F.ctx) ||
        !says_read_only(lcc_context_errmsg(F.ctx)))
        return 10;
    /* The host's objects are as they were. */
    int32_t window;
    lcc_queue_owned_callbacks(F.queue, NULL, NULL, &window);
    if (window != 2 || lcc_context_find_agent(F.ctx, "b1"))
        return 11;
    fixture_teardown(&F);
    /* Nothing to write at the open: refused all the same, not at the
     * first change. */
    fixture_context(&F);
    if (open_engine(&e, &F) != LCC_EIO || !says_read_only(lcc_context_errmsg(F.ctx)))
        return 20;
    if (lcc_context_find_queue(F.ctx, "q1"))
        return 21;
    if (how & RO_DIR) {
        char keep[300];
        snprintf(keep, sizeof keep, "%s", path);
        snprintf(path, sizeof path, "%s/new.db", dir);
        if (open_engine(&e, &F) != LCC_EIO ||
            !strstr(lcc_context_errmsg(F.ctx), "engine store: cannot open the file"))
            return 30;
        snprintf(path, sizeof path, "%s", keep);
    }
    fixture_teardown(&F);
    return 0;
}

/* Forks fn(arg) and returns its exit status (-1: it did not exit). */
static int in_child(int (*fn)(int), int arg)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(fn(arg));
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Child: acknowledges callbacks then dies (SIGKILL): the log and the
 * shared-memory file are left behind with committed changes in them. */
static int crash_after(int n)
{
    lcc_engine *e;
    directory(&F);
    if (open_engine(&e, &F) != LCC_OK)
        return 3;
    char id[64];
    for (int i = 0; i < n; i++)
        if (create(e, T0_MS + (2 + i) * HOUR_MS, NULL, NULL, id) != 200)
            return 4;
    raise(SIGKILL);
    return 5;
}

static int count_callbacks(lcc_engine *e)
{
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
    int n = (int)lcc_callback_list_total(l);
    lcc_callback_list_free(l);
    return n;
}

/* A store that cannot be written is refused at the open with LCC_EIO and
 * a message that says "read-only"; it is left as it was, and opened again
 * with write access it has everything that was acknowledged.  Root ignores
 * permission bits, so the children drop that privilege first. */
START_TEST(test_read_only)
{
    make_dir();
    lcc_engine *e;
    /* A directory that does not exist. */
    snprintf(path, sizeof path, "%s/missing/engine.db", dir);
    directory(&F);
    ck_assert_int_eq(open_engine(&e, &F), LCC_EIO);
    ck_assert_msg(strstr(lcc_context_errmsg(F.ctx), "engine store: cannot open the file"), "%s",
                  lcc_context_errmsg(F.ctx));
    fixture_teardown(&F);
    snprintf(path, sizeof path, "%s/engine.db", dir);
    ck_assert_int_eq(chmod(dir, 0755), 0); /* for nobody, where it comes to that */
    directory(&F);
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    char id[64], gone[64];
    ck_assert_int_eq(create(e, T0_MS + HOUR_MS, NULL, "c1", id), 200);
    ck_assert_int_eq(create(e, T0_MS + DAY_MS, NULL, NULL, gone), 200);
    ck_assert_int_eq(lcc_engine_cancel_callback(NULL, e, "sup", gone), LCC_OK);
    fixture_teardown(&F);
    char wal[320], shm[320];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    static const int rounds[] = {RO_FILE, RO_DIR, RO_FILE | RO_AFTER_CRASH,
                                 RO_FILE | RO_DIR | RO_AFTER_CRASH, RO_DIR | RO_AFTER_CRASH};
    int expected = 2;
    for (size_t round = 0; round < sizeof rounds / sizeof rounds[0]; round++) {
        int how = rounds[round];
        if (how & RO_AFTER_CRASH) {
            ck_assert_int_eq(in_child(crash_after, 3), -1);
            ck_assert_int_eq(access(wal, F_OK), 0);
            expected += 3;
        }
        if (how & RO_FILE)
            ck_assert_int_eq(chmod(path, 0444), 0);
        if (how & RO_DIR)
            ck_assert_int_eq(chmod(dir, 0555), 0);
        size_t len_before, len_after;
        unsigned char *before = read_whole(path, &len_before);
        int step = in_child(read_only_child, how);
        ck_assert_int_eq(chmod(dir, 0755), 0);
        ck_assert_int_eq(chmod(path, 0644), 0);
        ck_assert_msg(step == 0, "round %zu: child step %d failed", round, step);
        /* Refused: the file is as it was, and SQLite left no log or
         * shared-memory file (it makes them with the file's read-only
         * mode, which would keep the store read-only after a chmod). */
        unsigned char *after = read_whole(path, &len_after);
        if (how != (RO_DIR | RO_AFTER_CRASH)) {
            ck_assert(len_before == len_after && memcmp(before, after, len_after) == 0);
            if (!(how & RO_AFTER_CRASH))
                ck_assert(access(wal, F_OK) != 0 && access(shm, F_OK) != 0);
        }
        free(before);
        free(after);
        if (how == (RO_DIR | RO_AFTER_CRASH))
            expected++; /* the child's schedule */
        /* Write access again: everything acknowledged is there. */
        directory(&F);
        ck_assert_msg(open_engine(&e, &F) == LCC_OK, "round %zu: %s", round,
                      lcc_context_errmsg(F.ctx));
        ck_assert_int_eq(count_callbacks(e), expected);
        ck_assert_int_eq(create(e, T0_MS + HOUR_MS, NULL, "c1", id), 409); /* CB-SINGLE */
        lcc_callback_list *l;
        lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
        f.state = LCC_ENGINE_CANCELLED;
        ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, &f), LCC_OK);
        ck_assert_uint_eq(lcc_callback_list_total(l), 1);
        ck_assert_str_eq(lcc_callback_list_id(l, 0), gone);
        lcc_callback_list_free(l);
        fixture_teardown(&F);
    }
    remove_dir();
}
END_TEST

/* ---- crash test ---- */

#define ROUNDS 6
#define BATCH 8 /* callbacks per batch in the odd rounds */

/* Child: opens the store and works in a loop, reporting on fd each change
 * once it is acknowledged: "C <id> <scheduled_ms> <origin>" for a callback
 * (HTTP 200, or the commit of its batch returned LCC_OK) and "A <id>" for
 * an agent (lcc_agent_new returned LCC_OK).  Even rounds write every change
 * on its own, odd rounds in batches.  Each callback's origin is
 * "r<round>-<n>": the parent tells which round wrote a row it was not told
 * about. */
static void crash_child(int fd, int round)
{
    directory(&F);
    lcc_engine *e;
    if (open_engine(&e, &F) != LCC_OK)
        _exit(3);
    int batched = round % 2;
    char lines[BATCH + 1][128];
    for (unsigned i = 0;; i++) {
        int n = 0;
        if (batched && lcc_engine_begin(e) != LCC_OK)
            _exit(4);
        for (int k = 0; k < (batched ? BATCH : 1); k++) {
            unsigned seq = i * BATCH + (unsigned)k;
            int64_t at = T0_MS + HOUR_MS +
                         (int64_t)(((unsigned)round * 7919u + seq * 104729u) % 2000000u) * 1000;
            char id[64], origin[32];
            snprintf(origin, sizeof origin, "r%d-%u", round, seq);
            if (create(e, at, NULL, origin, id) != 200)
                _exit(5);
            snprintf(lines[n++], sizeof lines[0], "C %s %lld %s\n", id, (long long)at, origin);
        }
        if (i % 4 == 0) {
            lcc_agent *a;
            char name[32];
            snprintf(name, sizeof name, "ag-%d-%u", round, i);
            if (lcc_agent_new(&a, F.ctx, name, "Crash test") != LCC_OK)
                _exit(6);
            snprintf(lines[n++], sizeof lines[0], "A %s\n", name);
        }
        if (batched && lcc_engine_commit(e) != LCC_OK)
            _exit(7);
        for (int k = 0; k < n; k++) { /* one write per line: a line is whole or absent */
            size_t len = strlen(lines[k]);
            if (write(fd, lines[k], len) != (ssize_t)len)
                _exit(8);
        }
    }
}

typedef struct acked {
    char id[40];
    char origin[32];
    long long at;
    int found;
} acked;

/* Reads one report line into a (callbacks) or agent names (agents). */
static int read_report(FILE *in, acked *cb, size_t *n_cb, char (*agents)[32], size_t *n_agents)
{
    char line[160], id[64], origin[32];
    long long at;
    if (!fgets(line, sizeof line, in))
        return 0;
    ck_assert_msg(line[strlen(line) - 1] == '\n', "partial line %s", line);
    if (sscanf(line, "C %63s %lld %31s", id, &at, origin) == 3) {
        ck_assert_uint_eq(strlen(id), 36);
        snprintf(cb[*n_cb].id, sizeof cb->id, "%s", id);
        snprintf(cb[*n_cb].origin, sizeof cb->origin, "%s", origin);
        cb[(*n_cb)++].at = at;
    } else {
        ck_assert_msg(sscanf(line, "A %31s", agents[*n_agents]) == 1, "bad line %s", line);
        (*n_agents)++;
    }
    return 1;
}

START_TEST(test_crash_kill9)
{
    make_dir();
    acked *cb = calloc(60000, sizeof *cb);
    char(*agents)[32] = calloc(10000, sizeof *agents);
    size_t n_cb = 0, n_agents = 0;
    srand(12345);
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        ck_assert_int_eq(pipe(fds), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            close(fds[0]);
            crash_child(fds[1], round);
        }
        close(fds[1]);
        /* Let it acknowledge a random number of changes, then kill it
         * wherever it is (possibly inside a write or a commit). */
        int want = 20 + rand() % 200, got = 0;
        FILE *in = fdopen(fds[0], "r");
        while (got < want && read_report(in, cb, &n_cb, agents, &n_agents))
            got++;
        struct timespec pause = {0, (long)(rand() % 3000) * 1000};
        nanosleep(&pause, NULL);
        kill(pid, SIGKILL);
        /* What it acknowledged before dying counts too. */
        while (read_report(in, cb, &n_cb, agents, &n_agents))
            ;
        fclose(in);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child status %d",
                      status);
        ck_assert_int_eq(got, want);
    }

    /* Every acknowledged callback is there exactly once, as it was
     * acknowledged; of the rest, only what was in flight when the child
     * died: at most one callback per plain round, and all or nothing of
     * one batch per batched round. */
    directory(&F);
    lcc_engine *e;
    ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT id, scheduled_ms, origin, state FROM callbacks",
                                        -1, &q, NULL),
                     SQLITE_OK);
    int unacked[ROUNDS] = {0};
    size_t rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(q, 0);
        const char *origin = (const char *)sqlite3_column_text(q, 2);
        size_t i = 0;
        while (i < n_cb && strcmp(cb[i].id, id) != 0)
            i++;
        rows++;
        ck_assert_int_eq(sqlite3_column_int(q, 3), LCC_ENGINE_SCHEDULED);
        if (i < n_cb) {
            ck_assert_msg(!cb[i].found, "callback %s twice", id);
            cb[i].found = 1;
            ck_assert_int_eq(sqlite3_column_int64(q, 1), cb[i].at);
            ck_assert_str_eq(origin, cb[i].origin);
        } else {
            int round = -1;
            ck_assert_int_eq(sscanf(origin, "r%d-", &round), 1);
            ck_assert(round >= 0 && round < ROUNDS);
            unacked[round]++;
        }
    }
    ck_assert_int_eq(sqlite3_finalize(q), SQLITE_OK);
    for (size_t i = 0; i < n_cb; i++)
        ck_assert_msg(cb[i].found, "acknowledged callback %s is missing", cb[i].id);
    for (int round = 0; round < ROUNDS; round++)
        ck_assert_msg(round % 2 ? unacked[round] == 0 || unacked[round] == BATCH
                                : unacked[round] <= 1,
                      "round %d: %d callbacks nobody acknowledged", round, unacked[round]);
    /* Every acknowledged agent came back; at most one more per round. */
    for (size_t i = 0; i < n_agents; i++)
        ck_assert_msg(lcc_context_find_agent(F.ctx, agents[i]), "agent %s is missing", agents[i]);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM agents WHERE id LIKE 'ag-%'",
                                        -1, &q, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_int_ge(sqlite3_column_int(q, 0), (int)n_agents);
    ck_assert_int_le(sqlite3_column_int(q, 0), (int)n_agents + ROUNDS);
    sqlite3_finalize(q);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* The engine holds exactly what the file holds. */
    lcc_callback_list *l;
    ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
    ck_assert_uint_eq(lcc_callback_list_total(l), rows);
    lcc_callback_list_free(l);
    fixture_teardown(&F);
    free(cb);
    free(agents);
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

/* ---- disk full ---- */

/* Two ways to fill the disk, each in a child of its own:
 * FULL_FSIZE: RLIMIT_FSIZE, the store's files may not grow (the kernel
 *   answers EFBIG, which SQLite reports as a write error, as it does for
 *   EDQUOT);
 * FULL_ENOSPC: every write of SQLite's unix VFS fails with ENOSPC, as on
 *   a full file system (SQLite's syscall override, its own fault-injection
 *   hook: SQLITE_FULL). */
enum { FULL_FSIZE, FULL_ENOSPC };

static int no_space;
static sqlite3_syscall_ptr real_write, real_pwrite, real_pwrite64;

static ssize_t full_write(int fd, const void *buf, size_t n)
{
    if (no_space) {
        errno = ENOSPC;
        return -1;
    }
    return ((ssize_t(*)(int, const void *, size_t))real_write)(fd, buf, n);
}

static ssize_t full_pwrite(int fd, const void *buf, size_t n, off_t at)
{
    if (no_space) {
        errno = ENOSPC;
        return -1;
    }
    return ((ssize_t(*)(int, const void *, size_t, off_t))real_pwrite)(fd, buf, n, at);
}

static ssize_t full_pwrite64(int fd, const void *buf, size_t n, off_t at)
{
    if (no_space) {
        errno = ENOSPC;
        return -1;
    }
    return ((ssize_t(*)(int, const void *, size_t, off_t))real_pwrite64)(fd, buf, n, at);
}

static int hook_writes(void)
{
    sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
    if (!vfs || vfs->iVersion < 3 || !vfs->xSetSystemCall)
        return -1;
    real_write = vfs->xGetSystemCall(vfs, "write");
    real_pwrite = vfs->xGetSystemCall(vfs, "pwrite");
    real_pwrite64 = vfs->xGetSystemCall(vfs, "pwrite64");
    if (!real_write ||
        vfs->xSetSystemCall(vfs, "write", (sqlite3_syscall_ptr)full_write) != SQLITE_OK ||
        (real_pwrite &&
         vfs->xSetSystemCall(vfs, "pwrite", (sqlite3_syscall_ptr)full_pwrite) != SQLITE_OK) ||
        (real_pwrite64 &&
         vfs->xSetSystemCall(vfs, "pwrite64", (sqlite3_syscall_ptr)full_pwrite64) != SQLITE_OK))
        return -1;
    return 0;
}

/* Fills the disk (limit: how far the files may grow with FULL_FSIZE).
 * Only the soft limit moves: raising a hard limit again takes a privilege
 * that even root may lack in a container. */
static int fill_disk(int how, rlim_t limit)
{
    if (how == FULL_ENOSPC) {
        no_space = 1;
        return 0;
    }
    struct rlimit lim;
    if (getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_max < limit)
        return -1;
    lim.rlim_cur = limit;
    return setrlimit(RLIMIT_FSIZE, &lim);
}

static int free_disk(int how)
{
    struct rlimit lim;
    if (how == FULL_ENOSPC) {
        no_space = 0;
        return 0;
    }
    if (getrlimit(RLIMIT_FSIZE, &lim) != 0)
        return -1;
    lim.rlim_cur = lim.rlim_max;
    return setrlimit(RLIMIT_FSIZE, &lim);
}

static int full_how; /* how the disk is filled in this child */

/* The message names the fault: SQLITE_FULL is "disk full"; a write error
 * (EFBIG, EDQUOT, EIO) cannot be told apart from it by SQLite's code. */
static int says_disk_full(const char *msg)
{
    return strstr(msg, full_how == FULL_ENOSPC ? "engine store: disk full: "
                                               : "engine store: write error (disk full, over "
                                                 "quota or failing): ") != NULL;
}

/* A setter whose change cannot be written undoes it and says LCC_EIO; a
 * schedule is refused (500) and not kept; a batch whose commit fails
 * leaves the engine refusing changes; opening a store (new or not) on a
 * full disk fails.  Every message names the disk.  Returns the number of
 * the step that failed, 0 when all held. */
static int disk_full_child(int how)
{
    lcc_engine *e;
    full_how = how;
    signal(SIGXFSZ, SIG_IGN);
    if (how == FULL_ENOSPC && hook_writes() != 0)
        return 9;
    directory(&F);
    if (open_engine(&e, &F) != LCC_OK)
        return 10;
    char id[64];
    if (create(e, T0_MS + HOUR_MS, NULL, NULL, id) != 200)
        return 11;
    char wal[320];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", path);
    if (stat(wal, &sb) != 0)
        return 12;
    if (fill_disk(how, (rlim_t)sb.st_size) != 0)
        return 13;
    /* A setter: undone. */
    if (lcc_queue_set_owned_callbacks(F.queue, 1, 24, 5) != LCC_EIO ||
        !says_disk_full(lcc_context_errmsg(F.ctx)))
        return 20;
    int on;
    int32_t limit, window;
    lcc_queue_owned_callbacks(F.queue, &on, &limit, &window);
    if (limit != 72 || window != 2)
        return 21;
    if (lcc_queue_remove_member(F.queue, "a1") != LCC_EIO || !lcc_queue_has_member(F.queue, "a1"))
        return 22;
    lcc_agent *x;
    if (lcc_agent_new(&x, F.ctx, "x", "X") != LCC_EIO || lcc_context_find_agent(F.ctx, "x") ||
        !says_disk_full(lcc_context_errmsg(F.ctx)))
        return 23;
    /* A schedule: refused (500, the body says why), nothing kept in memory. */
    if (create(e, T0_MS + HOUR_MS, NULL, NULL, id) != 500 || !says_disk_full(last_body))
        return 24;
    lcc_callback_list *l;
    if (lcc_engine_list_callbacks(&l, e, NULL) != LCC_OK || lcc_callback_list_total(l) != 1)
        return 25;
    lcc_callback_list_free(l);
    /* Outside a batch nothing was lost: with space again, changes are
     * taken again; then the disk fills up once more. */
    if (free_disk(how) != 0 || create(e, T0_MS + 3 * HOUR_MS, NULL, NULL, id) != 200 ||
        lcc_queue_add_member(F.queue, "a2") != LCC_OK)
        return 26;
    if (stat(wal, &sb) != 0 || fill_disk(how, (rlim_t)sb.st_size) != 0)
        return 27;
    /* A batch: its changes are answered, the commit fails, the engine is
     * failed from then on. */
    if (lcc_engine_begin(e) != LCC_OK)
        return 30;
    for (int i = 0; i < 50; i++)
        if (create(e, T0_MS + 2 * HOUR_MS, NULL, NULL, id) != 200)
            return 31;
    if (lcc_engine_commit(e) != LCC_EIO || !says_disk_full(lcc_context_errmsg(F.ctx)))
        return 32;
    if (free_disk(how) != 0) /* space again: still refused */
        return 34;
    if (create(e, T0_MS + 2 * HOUR_MS, NULL, NULL, id) != 500 ||
        lcc_queue_add_member(F.queue, "a7") != LCC_EIO || lcc_engine_begin(e) != LCC_EIO ||
        !strstr(lcc_context_errmsg(F.ctx), "open it again"))
        return 33;
    lcc_engine_free(e);
    /* Opening on a full disk: the host's objects cannot be written.  (Not
     * with RLIMIT_FSIZE: a limit that stops the log at once stops SQLite's
     * shared-memory file too, which a full disk does not.) */
    if (how == FULL_FSIZE) {
        fixture_teardown(&F);
        return 0;
    }
    if (fill_disk(how, 0) != 0)
        return 40;
    if (open_engine(&e, &F) != LCC_EIO || lcc_context_engine(F.ctx) ||
        !says_disk_full(lcc_context_errmsg(F.ctx)))
        return 41;
    /* Nor can a new store be made; with space again it can. */
    char keep[300];
    snprintf(keep, sizeof keep, "%s", path);
    snprintf(path, sizeof path, "%s/new.db", dir);
    if (open_engine(&e, &F) != LCC_EIO || !says_disk_full(lcc_context_errmsg(F.ctx)))
        return 42;
    if (free_disk(how) != 0 || open_engine(&e, &F) != LCC_OK)
        return 43;
    lcc_engine_free(e);
    snprintf(path, sizeof path, "%s", keep);
    fixture_teardown(&F);
    return 0;
}

START_TEST(test_disk_full)
{
    for (int how = FULL_FSIZE; how <= FULL_ENOSPC; how++) {
        make_dir();
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0)
            _exit(disk_full_child(how));
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: child step %d failed",
                      how == FULL_FSIZE ? "RLIMIT_FSIZE" : "ENOSPC",
                      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        /* Reopened: what was committed before the disk filled, nothing else. */
        fixture_context(&F);
        lcc_engine *e;
        ck_assert_int_eq(open_engine(&e, &F), LCC_OK);
        lcc_queue *q = lcc_context_find_queue(F.ctx, "q1");
        int32_t window;
        ck_assert_int_eq(lcc_queue_owned_callbacks(q, NULL, NULL, &window), LCC_OK);
        ck_assert_int_eq(window, 2);
        ck_assert(lcc_queue_has_member(q, "a1") && lcc_queue_has_member(q, "a2") &&
                  !lcc_queue_has_member(q, "a7"));
        ck_assert_ptr_null(lcc_context_find_agent(F.ctx, "x"));
        lcc_callback_list *l;
        ck_assert_int_eq(lcc_engine_list_callbacks(&l, e, NULL), LCC_OK);
        ck_assert_uint_eq(lcc_callback_list_total(l), 2);
        lcc_callback_list_free(l);
        fixture_teardown(&F);
        remove_dir();
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine-store");
    TCase *tc = tcase_create("store");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_restart_recovers);
    tcase_add_test(tc, test_foreign_corrupt_newer);
    tcase_add_test(tc, test_corrupt_pages);
    tcase_add_test(tc, test_read_only);
    tcase_add_test(tc, test_crash_kill9);
    tcase_add_test(tc, test_directory_survives);
    tcase_add_test(tc, test_OB_directory_survives);
    tcase_add_test(tc, test_OB_migration_v2_to_v3);
    tcase_add_test(tc, test_batch_commit);
    tcase_add_test(tc, test_disk_full);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
