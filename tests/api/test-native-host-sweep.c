/* Allocation-failure sweep of the native-messaging host
 * (examples/native-host): a host on the embedded engine (in-memory store,
 * the demo directory) is opened with a context allocator that fails its
 * N-th allocation, and answers a sequence of requests through its dispatch
 * (nh_handle_frame, nh_push_events, as main.c's loop does), for N = 1, 2,
 * ... until a run needs no failure.  Every run must:
 *  - never crash, and give back every block the context took;
 *  - if the backend could not be opened, answer the first request ECONFIG
 *    saying the host ran out of memory, and stop;
 *  - answer each request with one well-formed reply with its id: the
 *    normal one, or, for the request during which the allocation failed,
 *    an ENOMEM error (protocol.md) or, when the backend applied the request
 *    but its answer could not be recorded, EUNKNOWN_OUTCOME saying "out of
 *    memory"; requests after it answer normally again;
 *  - send only well-formed events.
 * The requests a reply's content feeds (the callback scheduled, then
 * rescheduled and cancelled) are left out when that reply was an error.
 *
 * What is not swept: cJSON's and the host's own malloc() (cJSON's hooks
 * are process-wide; the leak checkers watch those), SQLite's memory.
 * Built from the host's sources, not main.c: nh_log is defined here. */
#define _GNU_SOURCE
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "failing-alloc.h"
#include "fixture.h"
#include "host.h"

void nh_log(const char *fmt, ...)
{
    (void)fmt;
}

/* The frames the host wrote to out_fd (a memfd), parsed; the file emptied. */
#define MAX_FRAMES 64
typedef struct frames {
    cJSON *v[MAX_FRAMES];
    size_t n;
} frames;

static void frames_free(frames *fr)
{
    for (size_t i = 0; i < fr->n; i++)
        cJSON_Delete(fr->v[i]);
    fr->n = 0;
}

static void take_frames(frames *fr, int fd)
{
    off_t size = lseek(fd, 0, SEEK_END);
    ck_assert_int_ge(size, 0);
    char *buf = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(pread(fd, buf, (size_t)size, 0), size);
    size_t at = 0;
    fr->n = 0;
    while (at < (size_t)size) {
        uint32_t len;
        ck_assert_uint_ge((size_t)size - at, 4);
        memcpy(&len, buf + at, 4);
        at += 4;
        ck_assert_uint_le(len, (size_t)size - at);
        ck_assert_uint_lt(fr->n, MAX_FRAMES);
        fr->v[fr->n] = cJSON_ParseWithLength(buf + at, len);
        ck_assert_msg(cJSON_IsObject(fr->v[fr->n]), "not a JSON object: %.*s", (int)len,
                      buf + at);
        fr->n++;
        at += len;
    }
    free(buf);
    ck_assert_int_eq(ftruncate(fd, 0), 0);
    ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The frames of one request: events (each {"event": name, "data": {}})
 * and exactly one reply with id `id`; the reply (owned by fr). */
static const cJSON *the_reply(const frames *fr, int id)
{
    const cJSON *reply = NULL;
    for (size_t i = 0; i < fr->n; i++) {
        const cJSON *o = fr->v[i];
        if (cJSON_GetObjectItemCaseSensitive(o, "event")) {
            ck_assert_ptr_nonnull(str_of(o, "event"));
            ck_assert(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "data")));
            ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(o, "id"));
            continue;
        }
        ck_assert_msg(reply == NULL, "two replies to request %d", id);
        const cJSON *rid = cJSON_GetObjectItemCaseSensitive(o, "id");
        ck_assert(cJSON_IsNumber(rid));
        ck_assert_int_eq(rid->valueint, id);
        const cJSON *res = cJSON_GetObjectItemCaseSensitive(o, "result");
        const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
        ck_assert_msg((res != NULL) != (err != NULL), "request %d: result or error", id);
        if (res) {
            ck_assert(cJSON_IsObject(res));
        } else {
            ck_assert(cJSON_IsObject(err));
            ck_assert_ptr_nonnull(str_of(err, "code"));
            ck_assert_ptr_nonnull(str_of(err, "message"));
        }
        reply = o;
    }
    ck_assert_msg(reply != NULL, "no reply to request %d", id);
    return reply;
}

/* The error code of a reply, or NULL for a result. */
static const char *error_code(const cJSON *reply)
{
    return str_of(cJSON_GetObjectItemCaseSensitive(reply, "error"), "code");
}

/* One request; `normal` is the error code it gets when nothing fails
 * (NULL: a result).  Returns the reply (owned by fr), or NULL when the
 * host stopped. */
static const cJSON *request(nh_host *h, frames *fr, failing *f, int id, const char *method,
                            const char *params, const char *normal)
{
    char msg[1024];
    int len = snprintf(msg, sizeof msg, "{\"id\":%d,\"method\":\"%s\",\"params\":%s}", id,
                       method, params);
    ck_assert_int_lt(len, (int)sizeof msg);
    int spent = f->failed; /* the one failure happened before this request */
    frames_free(fr);
    nh_handle_frame(h, msg, (size_t)len);
    nh_push_events(h);
    take_frames(fr, h->out_fd);
    const cJSON *reply = the_reply(fr, id);
    const char *code = error_code(reply);
    if (!h->cfg_ok) { /* the backend could not be opened */
        const char *why = str_of(cJSON_GetObjectItemCaseSensitive(reply, "error"), "message");
        ck_assert_str_eq(code, "ECONFIG");
        ck_assert_msg(strstr(why, "out of memory"), "allocation %ld: %s", f->fail_at, why);
        ck_assert(h->stop);
        return NULL;
    }
    int normal_reply = normal ? code && strcmp(code, normal) == 0 : code == NULL;
    /* out of memory; or, for a request the backend applied but whose answer
     * could not be recorded, an unknown outcome that says why */
    const char *why = str_of(cJSON_GetObjectItemCaseSensitive(reply, "error"), "message");
    int oom = code && (strcmp(code, "ENOMEM") == 0 ||
                       (strcmp(code, "EUNKNOWN_OUTCOME") == 0 && strstr(why, "out of memory")));
    if (oom) { /* no INPUT entry: out of memory is no parameter's fault */
        const cJSON *e, *rep = cJSON_GetObjectItemCaseSensitive(
                           cJSON_GetObjectItemCaseSensitive(reply, "error"), "report");
        cJSON_ArrayForEach(e, rep)
            ck_assert_msg(!str_of(e, "rule") || strcmp(str_of(e, "rule"), "INPUT") != 0,
                          "%s: an INPUT entry for %s", method, str_of(e, "field"));
    }
    if (!normal_reply) {
        ck_assert_msg(!spent && f->failed && oom, "%s (allocation %ld failed %s): %s %s",
                      method, f->fail_at, spent ? "before" : f->failed ? "during it" : "not yet",
                      code ? code : "a result", why ? why : "");
    }
    ck_assert(!h->stop);
    return reply;
}

/* The whole sequence on a host whose context fails allocation n. */
static void run(failing *f)
{
    static nh_host h; /* large: not on the stack */
    lcc_allocator a = failing_allocator(f);
    memset(&h, 0, sizeof h);
    h.out_fd = memfd_create("native-host-sweep-out", 0);
    ck_assert_int_ge(h.out_fd, 0);
    h.origin = "chrome-extension://sweep/";
    h.alloc = &a;
    h.out.limit = NH_MAX_REPLY;
    h.cfg.demo = 1;
    h.cfg.max_request = NH_DEFAULT_MAX_REQUEST;
    snprintf(h.cfg.store, sizeof h.cfg.store, ":memory:");
    snprintf(h.cfg.agent, sizeof h.cfg.agent, "demo-agent");
    snprintf(h.cfg.time_zone, sizeof h.cfg.time_zone, "Europe/Paris");
    h.cfg_ok = 1;
    if (nh_backend_open(&h) != 0)
        h.cfg_ok = 0;
    ck_assert_msg(h.cfg_ok || f->failed, "the backend did not open: %s", h.cfg_error);

    /* the day after tomorrow (UTC date: still ahead in Paris), for reschedule */
    char day[16], params[512], id[128] = "";
    time_t later = time(NULL) + 2 * 86400;
    struct tm tm;
    gmtime_r(&later, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);

    frames fr = {{0}, 0};
    const cJSON *r;
    int n = 0;
#define REQ(method, p, normal)                                                       \
    do {                                                                             \
        if (!(r = request(&h, &fr, f, ++n, method, p, normal)))                       \
            goto out;                                                                \
    } while (0)
    REQ("hello", "{}", NULL);
    REQ("ping", "{\"data\":{\"a\":[1,2.5,\"x\",null,true]},\"pad\":16}", NULL);
    REQ("text.measure", "{\"text\":\"Hello \\u20ac \\ud83d\\ude00\",\"channel\":\"sms\"}", NULL);
    REQ("text.measure", "{\"text\":\"https://example.com is \\u6f22\",\"channel\":\"x\"}", NULL);
    REQ("tz.convert",
        "{\"date\":\"2026-03-29\",\"time\":\"02:30\",\"from\":\"Europe/Paris\","
        "\"to\":\"America/New_York\"}",
        NULL);
    REQ("tz.list", "{\"prefix\":\"Europe/P\"}", NULL);
    REQ("callback.defaults", "{}", NULL);
    REQ("callback.validate", "{\"time_zone\":\"Nowhere/Land\",\"number\":\"12\"}", NULL);
    REQ("callback.validate", "{\"time_zone\":\"America/New_York\",\"take_ownership\":true}",
        NULL);
    REQ("callback.schedule", "{\"route_to_me\":true}", NULL);
    const char *cb = str_of(cJSON_GetObjectItemCaseSensitive(r, "result"), "id");
    if (cb)
        snprintf(id, sizeof id, "%s", cb);
    /* Again for the same call: CB-SINGLE when the first one is scheduled,
     * or may be (EUNKNOWN_OUTCOME: the engine has it, the answer could not
     * be recorded).  When the first failed before reaching the engine, the
     * host withdrew it (lcc_callback_withdraw), and this one is scheduled. */
    int maybe = !*id && error_code(r) && strcmp(error_code(r), "EUNKNOWN_OUTCOME") == 0;
    REQ("callback.schedule", "{}", *id || maybe ? "EVALIDATION" : NULL);
    if (error_code(r) && strcmp(error_code(r), "EVALIDATION") == 0)
        ck_assert_str_eq(str_of(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
                                    cJSON_GetObjectItemCaseSensitive(r, "error"), "report"), 0),
                                "rule"),
                         "CB-SINGLE");
    cb = str_of(cJSON_GetObjectItemCaseSensitive(r, "result"), "id");
    if (cb)
        snprintf(id, sizeof id, "%s", cb);
    REQ("callback.list", "{\"queue_id\":\"demo-support\",\"limit\":10}", NULL);
    if (*id) {
        snprintf(params, sizeof params,
                 "{\"id\":\"%s\",\"date\":\"%s\",\"time\":\"10:00\"}", id, day);
        REQ("callback.reschedule", params, NULL);
        snprintf(params, sizeof params, "{\"id\":\"%s\"}", id);
        REQ("callback.cancel", params, NULL);
    }
    REQ("callback.cancel", "{\"id\":\"no-such-callback\"}", "ENOTFOUND");
    REQ("message.send",
        "{\"queue_id\":\"demo-support\",\"to\":\"+44 7700 900123\",\"text\":\"Your parcel\"}",
        NULL);
    if (h.demo.social[0]) { /* (the demo's social interaction is not fatal to lose) */
        snprintf(params, sizeof params,
                 "{\"conversation_id\":\"%s\",\"text\":\"Sorry, we are on it.\"}",
                 h.demo.social);
        REQ("social.reply", params, NULL);
        REQ("social.reply", "{\"conversation_id\":\"nope\",\"text\":\"x\",\"channel\":\"x\"}",
            "EVALIDATION");
    }
    REQ("ping", "{}", NULL);
#undef REQ
out:
    frames_free(&fr);
    nh_backend_close(&h);
    jw_mem_free(&h.out);
    free(h.held);
    close(h.out_fd);
}

START_TEST(native_host_alloc_failure_sweep)
{
    for (long n = 1;; n++) {
        failing f = {0, n, 0, 0};
        run(&f);
        ck_assert_msg(f.live == 0, "%ld block(s) leaked when allocation %ld failed", f.live, n);
        if (!f.failed) {
            ck_assert_int_gt(n, 100); /* the host's context really allocates */
            return;
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("native-host-sweep");
    TCase *tc = tcase_create("sweep");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, native_host_alloc_failure_sweep);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
