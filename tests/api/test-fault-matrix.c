/* The fault-injecting transport matrix (README "Failure behaviour"): every
 * transport fault against every backend operation, through the public API
 * only, with a scripted transport in front of a backend model that keeps
 * state.  The model knows whether a request was applied there, so "applied
 * twice" is observable: callbacks created, reschedules and disconnects that
 * changed something, messages sent.
 *
 * Each row (a fault x an operation, one loop iteration of `matrix`) checks
 * the operation's final status, the object's state afterwards, how often
 * the backend applied it (never twice), and that the documented way to
 * retry (none, call again, reconcile an unknown outcome) ends with exactly
 * one application.  The clock is the fixture's: timeouts, Retry-After and
 * backoff are reached by moving it, never by sleeping.
 *
 * Notifications (duplicate, out of order, racing an operation) have their
 * own tests after the matrix. */
#include "fixture.h"

#define API "http://127.0.0.1:9"
#define CALLBACKS "/api/v2/conversations/callbacks"
#define AGENTLESS "/api/v2/conversations/messages/agentless"
#define FROM "+447700900000"
#define TO "+447700900123"
#define MAX_HELD 8
#define MAX_SENT 64

/* ---- the backend model ---------------------------------------------------- */

typedef enum fault_kind {
    F_NONE,
    F_SEND_REFUSED,   /* send() refuses the request (no completion) */
    F_CONN_REFUSED,   /* fail(LCC_EIO): connection refused, nothing sent */
    F_RESET_BEFORE,   /* fail(LCC_EUNKNOWN_OUTCOME), the backend never saw it */
    F_RESET_AFTER,    /* applied, then fail(LCC_EUNKNOWN_OUTCOME): the answer was lost */
    F_TIMEOUT_BEFORE, /* never answered, not applied: the deadline passes */
    F_TIMEOUT_AFTER,  /* applied, never answered: the deadline passes */
    F_HTTP_429,       /* 429 with Retry-After: 2, not applied */
    F_HTTP_500,       /* 500, not applied */
    F_HTTP_502,       /* 502 from a gateway, not applied */
    F_HTTP_503,       /* 503, not applied */
    F_HTTP_504,       /* 504 from a gateway after the backend applied it */
    F_TRUNCATED,      /* applied, 200 with the first half of the body */
    F_MALFORMED       /* applied, 200 with JSON of the wrong shape */
} fault_kind;

typedef struct backend {
    /* the callback */
    int exists, disconnected;
    char scheduled[32]; /* callbackScheduledTime as stored */
    int creates, reschedules, disconnects; /* applications that changed something */
    int gets;
    /* the code of the 409 a disconnect of a disconnected callback gets;
     * NULL: callback.error.cancel.not.scheduled, as Genesys and the engine */
    const char *conflict_code;
    /* agentless messages sent; the next one's status is "failed" (NetworkError) */
    int messages, message_fails;
    /* the fault armed for the next `times` requests */
    fault_kind fault;
    int times;
    /* what the transport holds (timeouts), and when each request came */
    lcc_request *held[MAX_HELD];
    size_t n_held;
    int64_t sent_at[MAX_SENT];
    size_t n_sent;
    int destroyed;
} backend;

static fixture F;
static backend B;

/* Copies the string value of "key" in json into out ("" when absent). */
static void json_value(char *out, size_t cap, const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = json ? strstr(json, pat) : NULL;
    out[0] = 0;
    if (p) {
        p += strlen(pat);
        snprintf(out, cap, "%.*s", (int)strcspn(p, "\""), p);
    }
}

/* The answer to disconnecting a disconnected callback. */
static const char *conflict(int *http)
{
    static char out[256];
    *http = 409;
    snprintf(out, sizeof out,
             "{\"status\":409,\"code\":\"%s\",\"message\":\"The callback is no longer "
             "scheduled.\"}",
             B.conflict_code ? B.conflict_code : "callback.error.cancel.not.scheduled");
    return out;
}

/* Applies a request to the model: *http and body (static) are its answer. */
static const char *serve(lcc_request *req, int *http)
{
    static char out[512];
    const char *method = lcc_request_method(req), *path = lcc_request_path(req);
    const char *body = lcc_request_body(req, NULL);
    *http = 200;
    if (strcmp(method, "POST") == 0 && strcmp(path, CALLBACKS) == 0) {
        B.creates++;
        B.exists = 1;
        json_value(B.scheduled, sizeof B.scheduled, body, "callbackScheduledTime");
        snprintf(out, sizeof out,
                 "{\"conversation\":{\"id\":\"conv-%d\"},\"callbackIdentifiers\":"
                 "[{\"type\":\"EXTERNAL\",\"id\":\"ext-%d\"}]}", B.creates, B.creates);
    } else if (strcmp(method, "PATCH") == 0 && strcmp(path, CALLBACKS) == 0) {
        char when[32];
        json_value(when, sizeof when, body, "callbackScheduledTime");
        if (B.disconnected) {
            *http = 400;
            return "{\"status\":400,\"code\":\"callback.error.already.disconnected\","
                   "\"message\":\"The callback is already disconnected.\"}";
        }
        if (strcmp(when, B.scheduled) != 0) { /* absolute: the same value twice changes nothing */
            B.reschedules++;
            snprintf(B.scheduled, sizeof B.scheduled, "%s", when);
        }
        snprintf(out, sizeof out, "{\"conversation\":{\"id\":\"conv-1\"}}");
    } else if (strcmp(method, "POST") == 0 && strcmp(path, CALLBACKS "/bulk/disconnect") == 0) {
        if (B.disconnected)
            return conflict(http);
        B.disconnects++;
        B.disconnected = 1;
        snprintf(out, sizeof out, "{}");
    } else if (strcmp(method, "PATCH") == 0 && strcmp(path, CALLBACKS "/conv-1") == 0) {
        if (B.disconnected)
            return conflict(http);
        B.disconnects++;
        B.disconnected = 1;
        snprintf(out, sizeof out, "{\"id\":\"conv-1\"}");
    } else if (strcmp(method, "GET") == 0 && strcmp(path, CALLBACKS "/conv-1") == 0) {
        B.gets++;
        snprintf(out, sizeof out,
                 "{\"id\":\"conv-1\",\"participants\":[{\"purpose\":\"customer\",\"state\":"
                 "\"%s\",\"callbackNumbers\":[\"+33142685300\"],\"callbackScheduledTime\":\"%s\","
                 "\"queue\":{\"id\":\"q1\"}}]}",
                 B.disconnected ? "disconnected" : "scheduled", B.scheduled);
    } else if (strcmp(method, "POST") == 0 && strcmp(path, AGENTLESS) == 0) {
        B.messages++;
        snprintf(out, sizeof out,
                 "{\"id\":\"msg-%d\",\"conversationId\":\"mconv-%d\",\"message\":{\"id\":"
                 "\"msg-%d\",\"status\":%s}}", B.messages, B.messages, B.messages,
                 B.message_fails ? "\"failed\",\"reasons\":[{\"code\":\"NetworkError\"}]"
                                 : "\"sent\"");
        B.message_fails = 0;
    } else {
        *http = 404;
        return "{\"status\":404,\"code\":\"not.found\",\"message\":\"no such thing\"}";
    }
    return out;
}

static void hold(lcc_request *req)
{
    ck_assert_uint_lt(B.n_held, MAX_HELD);
    B.held[B.n_held++] = req;
}

static lcc_status complete(lcc_request *req, int http, const char *headers, const char *body,
                           size_t len)
{
    return lcc_request_complete(req, http, headers, body, len);
}

static lcc_status backend_send(lcc_request *req, void *ud)
{
    (void)ud;
    fault_kind f = B.times > 0 ? B.fault : F_NONE;
    if (f != F_NONE)
        B.times--;
    if (f == F_SEND_REFUSED)
        return LCC_EIO;
    ck_assert_uint_lt(B.n_sent, MAX_SENT);
    B.sent_at[B.n_sent++] = F.now;
    int http;
    const char *body;
    static const char *gateway = "<html><body>Bad gateway</body></html>";
    switch (f) {
    case F_CONN_REFUSED:
        ck_assert_int_eq(lcc_request_fail(req, LCC_EIO, "connection refused"), LCC_OK);
        break;
    case F_RESET_BEFORE:
        ck_assert_int_eq(lcc_request_fail(req, LCC_EUNKNOWN_OUTCOME, "connection reset"), LCC_OK);
        break;
    case F_RESET_AFTER:
        serve(req, &http);
        ck_assert_int_eq(lcc_request_fail(req, LCC_EUNKNOWN_OUTCOME, "connection reset"), LCC_OK);
        break;
    case F_TIMEOUT_BEFORE:
        hold(req);
        break;
    case F_TIMEOUT_AFTER:
        serve(req, &http);
        hold(req);
        break;
    case F_HTTP_429:
        ck_assert_int_eq(complete(req, 429, "Retry-After: 2\r\n", "{\"status\":429}", 14), LCC_OK);
        break;
    case F_HTTP_500:
        body = "{\"status\":500,\"code\":\"internal.server.error\",\"message\":\"oops\"}";
        ck_assert_int_eq(complete(req, 500, NULL, body, strlen(body)), LCC_OK);
        break;
    case F_HTTP_502:
        ck_assert_int_eq(complete(req, 502, NULL, gateway, strlen(gateway)), LCC_OK);
        break;
    case F_HTTP_503:
        body = "{\"status\":503,\"code\":\"service.unavailable\",\"message\":\"busy\"}";
        ck_assert_int_eq(complete(req, 503, NULL, body, strlen(body)), LCC_OK);
        break;
    case F_HTTP_504:
        serve(req, &http);
        ck_assert_int_eq(complete(req, 504, NULL, gateway, strlen(gateway)), LCC_OK);
        break;
    case F_TRUNCATED:
        body = serve(req, &http);
        ck_assert_int_eq(complete(req, http, NULL, body, strlen(body) / 2), LCC_OK);
        break;
    case F_MALFORMED:
        serve(req, &http);
        ck_assert_int_eq(complete(req, 200, NULL, "{\"unexpected\":[1,2]}", 20), LCC_OK);
        break;
    default:
        body = serve(req, &http);
        ck_assert_int_eq(complete(req, http, NULL, body, strlen(body)), LCC_OK);
    }
    return LCC_OK;
}

/* The library gave up on a request: a held one is completed now (the
 * contract: it is still completed, and the result is discarded). */
static void backend_cancel(lcc_request *req, void *ud)
{
    (void)ud;
    for (size_t i = 0; i < B.n_held; i++)
        if (B.held[i] == req) {
            B.held[i] = B.held[--B.n_held];
            ck_assert_int_eq(lcc_request_fail(req, LCC_ECANCELED, "cancelled"), LCC_OK);
            return;
        }
}

static void backend_destroy(void *ud)
{
    (void)ud;
    B.destroyed++;
}

static void setup(void)
{
    memset(&B, 0, sizeof B);
    fixture_setup(&F);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_MESSAGE_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_QUEUE_VIEW), LCC_OK);
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = backend_send;
    t.cancel = backend_cancel;
    t.destroy = backend_destroy;
    ck_assert_int_eq(lcc_context_set_transport(F.ctx, &t), LCC_OK);
    ck_assert_int_eq(lcc_context_set_backend(F.ctx, API, NULL), LCC_OK);
}

static void teardown(void)
{
    fixture_teardown(&F);
    ck_assert_int_eq(B.destroyed, 1);
    ck_assert_uint_eq(B.n_held, 0); /* every held request was cancelled and completed */
}

/* Runs the context until op finishes, moving the clock to each deadline
 * (request timeouts, Retry-After, backoff); op's status. */
static lcc_status drive(lcc_op *op)
{
    for (int i = 0; i < 200 && lcc_op_status(op) == LCC_EPENDING; i++) {
        ck_assert_int_eq(lcc_context_run_due(F.ctx), LCC_OK);
        int64_t due = lcc_context_next_deadline_ms(F.ctx);
        if (lcc_op_status(op) == LCC_EPENDING && due > F.now)
            F.now = due;
    }
    lcc_context_run_due(F.ctx); /* late completions of cancelled requests */
    return lcc_op_status(op);
}

static void drain(void)
{
    lcc_event *ev;
    while ((ev = lcc_context_next_event(F.ctx)))
        lcc_event_free(ev);
}

static lcc_callback *committed(void)
{
    lcc_callback_draft *d;
    lcc_callback *cb;
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, F.conv, F.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
    lcc_callback_draft_free(d);
    return cb;
}

/* A committed callback for a new call `id` from `ani`, like the fixture's. */
static lcc_callback *committed_for(const char *id, const char *ani)
{
    lcc_conversation *c;
    ck_assert_int_eq(lcc_conversation_new(&c, F.ctx, id, LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(c, ani), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(c, "q1"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_agent(c, "a1"), LCC_OK);
    lcc_callback_draft *d;
    lcc_callback *cb;
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, c, F.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
    lcc_callback_draft_free(d);
    return cb;
}

/* A callback the backend has ("conv-1"), no fault on the way. */
static lcc_callback *synced(void)
{
    lcc_callback *cb = committed();
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(B.creates, 1);
    ck_assert_str_eq(lcc_callback_remote_id(cb), "conv-1");
    drain();
    return cb;
}

static lcc_message *agentless(void)
{
    lcc_message *m;
    ck_assert_int_eq(lcc_message_new(&m, F.ctx, F.agent, LCC_CHANNEL_SMS), LCC_OK);
    ck_assert_int_eq(lcc_message_set_from_address(m, FROM), LCC_OK);
    ck_assert_int_eq(lcc_message_add_recipient(m, TO), LCC_OK);
    ck_assert_int_eq(lcc_message_set_body(m, "Your parcel is on its way"), LCC_OK);
    return m;
}

/* ---- the matrix ------------------------------------------------------------ */

enum { OP_CREATE, OP_RESCHEDULE, OP_CANCEL, OP_FETCH, OP_MESSAGE, N_OPS };
static const char *const op_names[N_OPS] = {"create", "reschedule", "cancel", "fetch",
                                            "message"};

#define NEW_MS (T0_MS + 2 * DAY_MS)  /* the reschedule's new time */
#define NEW_TEXT "2026-11-23T10:00:00.000Z"
#define MOVED_MS (T0_MS + 3 * DAY_MS) /* moved on the backend before a fetch */
#define MOVED_TEXT "2026-11-24T10:00:00.000Z"
#define OLD_MS (T0_MS + 30 * 60000)  /* the callback's time (CB-TIME-DEFAULT) */

/* How the host retries after the fault (README "Failure behaviour"). */
typedef enum retry {
    R_NONE,    /* nothing to do: the library retried, or it succeeded */
    R_AGAIN,   /* an explicit failure that did not reach the backend: call again */
    R_FOUND,   /* unknown outcome, the backend has it: lcc_callback_set_remote_id() */
    R_FLAG,    /* unknown outcome, the backend has not: submit with LCC_SUBMIT_AFTER_UNKNOWN */
    R_CHECKED, /* a message of unknown outcome the backend has: not resent */
    R_NEW      /* a message of unknown outcome the backend has not: send a new message */
} retry;

/* One cell: what the operation ends as.  `state` is, by operation: the
 * callback's lcc_callback_sync (create); whether the handle has the new
 * time, 1, or the old one, 0 (reschedule, fetch); its lcc_callback_state
 * (cancel); the delivery's lcc_delivery_state (message). */
typedef struct cell {
    lcc_status status;
    unsigned attempts;
    int applied;
    int state;
    retry retry;
} cell;

typedef struct row {
    const char *name;
    fault_kind fault;
    int times; /* requests it hits (99: every attempt) */
    cell c[N_OPS];
} row;

#define S_LOCAL LCC_SYNC_LOCAL
#define S_SYNCED LCC_SYNC_SYNCED
#define S_FAILED LCC_SYNC_FAILED
#define S_UNKNOWN LCC_SYNC_UNKNOWN
#define SCHED LCC_CALLBACK_SCHEDULED
#define CANCELLED LCC_CALLBACK_CANCELLED
#define D_DRAFT LCC_DELIVERY_DRAFT
#define D_SENT LCC_DELIVERY_SENT
#define D_UNKNOWN LCC_DELIVERY_UNKNOWN

/* An idempotent request the library resent by itself (after a failure that
 * may or may not have reached the backend): it succeeded on attempt 2. */
#define RETRIED {LCC_OK, 2, 1, 1, R_NONE}, {LCC_OK, 2, 1, CANCELLED, R_NONE}, \
                {LCC_OK, 2, 0, 1, R_NONE}

static const row rows[] = {
    /* send() refuses: the call itself fails, no operation, nothing sent */
    {"send refused", F_SEND_REFUSED, 1,
     {{LCC_EIO, 0, 0, S_LOCAL, R_AGAIN}, {LCC_EIO, 0, 0, 0, R_AGAIN},
      {LCC_EIO, 0, 0, SCHED, R_AGAIN}, {LCC_EIO, 0, 0, 0, R_AGAIN},
      {LCC_EIO, 0, 0, D_DRAFT, R_AGAIN}}},
    /* connection refused once: resent after a backoff, whatever the method */
    {"connection refused once", F_CONN_REFUSED, 1,
     {{LCC_OK, 2, 1, S_SYNCED, R_NONE}, RETRIED, {LCC_OK, 2, 1, D_SENT, R_NONE}}},
    /* refused on every attempt: LCC_EIO after the attempts, safe to call again */
    {"connection refused always", F_CONN_REFUSED, 99,
     {{LCC_EIO, 4, 0, S_FAILED, R_AGAIN}, {LCC_EIO, 4, 0, 0, R_AGAIN},
      {LCC_EIO, 4, 0, SCHED, R_AGAIN}, {LCC_EIO, 4, 0, 0, R_AGAIN},
      {LCC_EIO, 4, 0, D_DRAFT, R_AGAIN}}},
    /* reset before the backend saw it: a POST cannot know, it ends unknown */
    {"reset before applying", F_RESET_BEFORE, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 0, S_UNKNOWN, R_FLAG}, RETRIED,
      {LCC_EUNKNOWN_OUTCOME, 1, 0, D_UNKNOWN, R_NEW}}},
    {"reset after applying", F_RESET_AFTER, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 1, S_UNKNOWN, R_FOUND}, RETRIED,
      {LCC_EUNKNOWN_OUTCOME, 1, 1, D_UNKNOWN, R_CHECKED}}},
    {"timeout before applying", F_TIMEOUT_BEFORE, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 0, S_UNKNOWN, R_FLAG}, RETRIED,
      {LCC_EUNKNOWN_OUTCOME, 1, 0, D_UNKNOWN, R_NEW}}},
    {"timeout after applying", F_TIMEOUT_AFTER, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 1, S_UNKNOWN, R_FOUND}, RETRIED,
      {LCC_EUNKNOWN_OUTCOME, 1, 1, D_UNKNOWN, R_CHECKED}}},
    /* 429 and 503: the backend did nothing; resent after Retry-After / backoff */
    {"429 once", F_HTTP_429, 1,
     {{LCC_OK, 2, 1, S_SYNCED, R_NONE}, RETRIED, {LCC_OK, 2, 1, D_SENT, R_NONE}}},
    {"429 always", F_HTTP_429, 99,
     {{LCC_EBUSY, 4, 0, S_FAILED, R_AGAIN}, {LCC_EBUSY, 4, 0, 0, R_AGAIN},
      {LCC_EBUSY, 4, 0, SCHED, R_AGAIN}, {LCC_EBUSY, 4, 0, 0, R_AGAIN},
      {LCC_EBUSY, 4, 0, D_DRAFT, R_AGAIN}}},
    {"503 once", F_HTTP_503, 1,
     {{LCC_OK, 2, 1, S_SYNCED, R_NONE}, RETRIED, {LCC_OK, 2, 1, D_SENT, R_NONE}}},
    {"503 always", F_HTTP_503, 99,
     {{LCC_ESERVER, 4, 0, S_FAILED, R_AGAIN}, {LCC_ESERVER, 4, 0, 0, R_AGAIN},
      {LCC_ESERVER, 4, 0, SCHED, R_AGAIN}, {LCC_ESERVER, 4, 0, 0, R_AGAIN},
      {LCC_ESERVER, 4, 0, D_DRAFT, R_AGAIN}}},
    /* 500: the backend says it failed; not resent */
    {"500", F_HTTP_500, 1,
     {{LCC_ESERVER, 1, 0, S_FAILED, R_AGAIN}, {LCC_ESERVER, 1, 0, 0, R_AGAIN},
      {LCC_ESERVER, 1, 0, SCHED, R_AGAIN}, {LCC_ESERVER, 1, 0, 0, R_AGAIN},
      {LCC_ESERVER, 1, 0, D_DRAFT, R_AGAIN}}},
    /* 502 and 504 come from a gateway: the backend behind it may have
     * applied the request, so a POST is not resent */
    {"502", F_HTTP_502, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 0, S_UNKNOWN, R_FLAG}, RETRIED,
      {LCC_EUNKNOWN_OUTCOME, 1, 0, D_UNKNOWN, R_NEW}}},
    {"504 after applying", F_HTTP_504, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 1, S_UNKNOWN, R_FOUND}, RETRIED,
      {LCC_EUNKNOWN_OUTCOME, 1, 1, D_UNKNOWN, R_CHECKED}}},
    /* a 2xx whose body cannot be used: applied; what a PATCH needs is in
     * its request; a GET's view is missing */
    {"truncated body", F_TRUNCATED, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 1, S_UNKNOWN, R_FOUND}, {LCC_OK, 1, 1, 1, R_NONE},
      {LCC_OK, 1, 1, CANCELLED, R_NONE}, {LCC_EFORMAT, 1, 0, 0, R_AGAIN},
      {LCC_EUNKNOWN_OUTCOME, 1, 1, D_UNKNOWN, R_CHECKED}}},
    {"malformed body", F_MALFORMED, 1,
     {{LCC_EUNKNOWN_OUTCOME, 1, 1, S_UNKNOWN, R_FOUND}, {LCC_OK, 1, 1, 1, R_NONE},
      {LCC_OK, 1, 1, CANCELLED, R_NONE}, {LCC_EFORMAT, 1, 0, 0, R_AGAIN},
      {LCC_EUNKNOWN_OUTCOME, 1, 1, D_UNKNOWN, R_CHECKED}}},
};
#define N_ROWS (sizeof rows / sizeof rows[0])

/* How often the backend applied operation `o` (a fetch applies nothing:
 * it must leave the backend as it was). */
static int applied(int o)
{
    switch (o) {
    case OP_CREATE: return B.creates;
    case OP_RESCHEDULE: return B.reschedules;
    case OP_CANCEL: return B.disconnects;
    case OP_FETCH: return B.creates - 1 + B.reschedules + B.disconnects;
    default: return B.messages;
    }
}

/* The object's state, as the cells encode it. */
static int state_of(int o, lcc_callback *cb, lcc_message *m)
{
    switch (o) {
    case OP_CREATE: return (int)lcc_callback_get_sync(cb);
    case OP_RESCHEDULE: return lcc_callback_scheduled_ms(cb) == NEW_MS;
    case OP_CANCEL: return (int)lcc_callback_get_state(cb);
    case OP_FETCH: return lcc_callback_scheduled_ms(cb) == MOVED_MS;
    default: return (int)lcc_message_delivery_state(m, 0);
    }
}

/* Starts operation o; the call's status. */
static lcc_status start(lcc_op **op, int o, lcc_callback *cb, lcc_message *m, unsigned flags)
{
    switch (o) {
    case OP_CREATE: return lcc_callback_submit(op, cb, flags);
    case OP_RESCHEDULE: return lcc_callback_reschedule_remote(op, NULL, cb, F.agent, NEW_MS);
    case OP_CANCEL: return lcc_callback_cancel_remote(op, NULL, cb, F.agent);
    case OP_FETCH: return lcc_callback_fetch(op, cb);
    default: return lcc_message_send(op, NULL, m);
    }
}

/* Starts o and runs it to its end; its status, attempts in *attempts. */
static lcc_status run(int o, lcc_callback *cb, lcc_message *m, unsigned flags,
                      unsigned *attempts)
{
    lcc_op *op = (lcc_op *)&B;
    lcc_status st = start(&op, o, cb, m, flags);
    *attempts = 0;
    if (st != LCC_OK) {
        ck_assert_ptr_null(op); /* refused: no operation, nothing will complete */
        return st;
    }
    st = drive(op);
    *attempts = lcc_op_attempts(op);
    lcc_op_free(op);
    return st;
}

START_TEST(matrix)
{
    const row *r = &rows[_i / N_OPS];
    int o = _i % N_OPS;
    const cell *want = &r->c[o];
    char what[96];
    snprintf(what, sizeof what, "%s x %s", r->name, op_names[o]);

    lcc_callback *cb = o == OP_MESSAGE ? NULL : o == OP_CREATE ? committed() : synced();
    lcc_message *m = o == OP_MESSAGE ? agentless() : NULL;
    if (o == OP_FETCH) /* someone moved it on the backend */
        snprintf(B.scheduled, sizeof B.scheduled, "%s", MOVED_TEXT);
    size_t sent_before = B.n_sent;
    B.fault = r->fault;
    B.times = r->times;

    unsigned attempts;
    lcc_status st = run(o, cb, m, 0, &attempts);
    ck_assert_msg(applied(o) <= 1, "%s: applied %d times", what, applied(o)); /* never twice */
    ck_assert_msg(st == want->status, "%s: status %s, want %s", what, lcc_status_str(st),
                  lcc_status_str(want->status));
    ck_assert_msg(attempts == want->attempts, "%s: %u attempts, want %u", what, attempts,
                  want->attempts);
    ck_assert_msg(applied(o) == want->applied, "%s: applied %d times, want %d", what, applied(o),
                  want->applied);
    ck_assert_msg(state_of(o, cb, m) == want->state, "%s: state %d, want %d", what,
                  state_of(o, cb, m), want->state);
    ck_assert_uint_eq(lcc_context_pending_ops(F.ctx), 0);
    if (r->fault == F_HTTP_429 && st == LCC_OK) /* resent exactly at its Retry-After */
        ck_assert_int_eq(B.sent_at[sent_before + 1] - B.sent_at[sent_before], 2000);
    if (o == OP_CREATE && st == LCC_EUNKNOWN_OUTCOME) /* never resent blindly */
        ck_assert_uint_eq(B.n_sent - sent_before, 1);

    /* the documented way on, with the fault gone */
    B.times = 0;
    lcc_op *op = (lcc_op *)&B;
    switch (want->retry) {
    case R_NONE:
        break;
    case R_AGAIN:
        st = run(o, cb, m, 0, &attempts);
        ck_assert_msg(st == LCC_OK, "%s: retry %s", what, lcc_status_str(st));
        break;
    case R_FOUND:
    case R_FLAG:
        /* not without the host's word */
        ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_ESTATE);
        ck_assert_ptr_null(op);
        if (want->retry == R_FOUND) {
            ck_assert_int_eq(lcc_callback_set_remote_id(cb, "conv-1"), LCC_OK);
        } else {
            ck_assert_int_eq(run(o, cb, m, LCC_SUBMIT_AFTER_UNKNOWN, &attempts), LCC_OK);
            ck_assert_str_eq(lcc_callback_remote_id(cb), "conv-1");
        }
        break;
    case R_CHECKED:
    case R_NEW:
        /* the delivery is not resent: sending again has nothing to send */
        ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_ESTATE);
        ck_assert_ptr_null(op);
        if (want->retry == R_NEW) {
            lcc_message *again = agentless();
            ck_assert_int_eq(run(o, cb, again, 0, &attempts), LCC_OK);
            ck_assert_int_eq(lcc_message_delivery_state(again, 0), LCC_DELIVERY_SENT);
            lcc_message_free(again);
        }
        break;
    }
    /* exactly one application, and the object says so */
    ck_assert_msg(applied(o) == (o == OP_FETCH ? 0 : 1), "%s: applied %d times after the retry",
                  what, applied(o));
    switch (o) {
    case OP_CREATE:
        ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_SYNCED);
        ck_assert_str_eq(lcc_callback_remote_id(cb), "conv-1");
        break;
    case OP_RESCHEDULE:
        ck_assert_int_eq(lcc_callback_scheduled_ms(cb), NEW_MS);
        ck_assert_str_eq(B.scheduled, NEW_TEXT);
        break;
    case OP_CANCEL:
        ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
        ck_assert_int_eq(B.disconnected, 1);
        break;
    case OP_FETCH:
        ck_assert_int_eq(lcc_callback_scheduled_ms(cb), MOVED_MS);
        break;
    default:
        if (want->retry != R_NEW && want->retry != R_CHECKED)
            ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_SENT);
    }
    if (m)
        lcc_message_free(m);
    drain();
}
END_TEST

/* Cancelling an operation while its POST is out: it may have been
 * applied, so it is an unknown outcome, never resent. */
START_TEST(cancel_while_the_post_is_out)
{
    lcc_op *op;
    B.fault = F_TIMEOUT_AFTER; /* applied, the answer held back */
    B.times = 2;
    lcc_callback *cb = committed();
    ck_assert_int_eq(lcc_callback_submit(&op, cb, 0), LCC_OK);
    ck_assert_int_eq(lcc_op_cancel(op), LCC_OK);
    ck_assert_int_eq(lcc_op_status(op), LCC_ECANCELED);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_sync(cb), LCC_SYNC_UNKNOWN);
    lcc_message *m = agentless();
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    lcc_op_free(op); /* freeing a pending op cancels it */
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_UNKNOWN);
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_ESTATE);
    lcc_context_run_due(F.ctx);
    ck_assert_int_eq(B.creates, 1);
    ck_assert_int_eq(B.messages, 1);
    ck_assert_int_eq(lcc_callback_set_remote_id(cb, "conv-1"), LCC_OK);
    lcc_message_free(m);
    drain();
}
END_TEST

/* A resend (of a delivery the network lost) whose outcome is unknown: the
 * delivery says unknown, not the lost message's "can be resent", and it is
 * not sent a third time. */
START_TEST(resend_of_unknown_outcome)
{
    lcc_message *m = agentless();
    lcc_op *op;
    B.message_fails = 1;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_NETWORK_ERROR);
    B.fault = F_RESET_AFTER;
    B.times = 1;
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_EUNKNOWN_OUTCOME);
    lcc_op_free(op);
    ck_assert_int_eq(B.messages, 2);
    ck_assert_int_eq(lcc_message_delivery_state(m, 0), LCC_DELIVERY_UNKNOWN);
    ck_assert_str_eq(lcc_message_message_id(m, 0), "msg-1");
    ck_assert_int_eq(lcc_message_send(&op, NULL, m), LCC_ESTATE);
    ck_assert_int_eq(B.messages, 2);
    lcc_message_free(m);
    drain();
}
END_TEST

/* A cancel resent after its answer was lost meets "no longer scheduled"
 * (409 callback.error.cancel.not.scheduled): the first attempt did it, so
 * the cancel succeeded (single and bulk).  A resend meeting another 409,
 * and a 409 to a first attempt, are refusals. */
START_TEST(cancel_resent_after_a_lost_answer)
{
    lcc_callback *cb = synced();
    lcc_op *op;
    B.fault = F_RESET_AFTER;
    B.times = 1;
    size_t sent = B.n_sent;
    ck_assert_int_eq(lcc_callback_cancel_remote_bulk(&op, NULL, &cb, 1, F.agent), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_uint_eq(B.n_sent - sent, 2);
    ck_assert_int_eq(B.disconnects, 1);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    drain();

    /* a resend meeting another conflict is a refusal */
    lcc_callback *third = committed_for("c3", "+33 1 42 68 53 02");
    memset(&B, 0, sizeof B);
    ck_assert_int_eq(lcc_callback_submit(&op, third, 0), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    B.conflict_code = "callback.error.cancel.not.permitted";
    B.fault = F_RESET_AFTER;
    B.times = 1;
    ck_assert_int_eq(lcc_callback_cancel_remote(&op, NULL, third, F.agent), LCC_OK);
    ck_assert_int_ne(drive(op), LCC_OK);
    ck_assert_int_eq(lcc_op_http_status(op), 409);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_state(third), LCC_CALLBACK_SCHEDULED);
    drain();

    /* refused on the first attempt: the backend's conflict, not ours */
    memset(&B, 0, sizeof B);
    lcc_callback *other = committed_for("c2", "+33 1 42 68 53 01");
    ck_assert_int_eq(lcc_callback_submit(&op, other, 0), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    B.disconnected = 1; /* cancelled on the backend meanwhile */
    ck_assert_int_eq(lcc_callback_cancel_remote(&op, NULL, other, F.agent), LCC_OK);
    ck_assert_int_ne(drive(op), LCC_OK);
    ck_assert_int_eq(lcc_op_http_status(op), 409);
    lcc_op_free(op);
    drain();
}
END_TEST

/* ---- notifications ------------------------------------------------------------ */

static void notify(const char *state, const char *when)
{
    char n[512];
    snprintf(n, sizeof n,
             "{\"topicName\":\"v2.conversations.callbacks.conv-1\",\"eventBody\":{\"id\":"
             "\"conv-1\",\"participants\":[{\"purpose\":\"customer\",\"state\":\"%s\","
             "\"callbackNumbers\":[\"+33142685300\"],\"callbackScheduledTime\":\"%s\","
             "\"queue\":{\"id\":\"q1\"}}]}}",
             state, when);
    ck_assert_int_eq(lcc_context_ingest_notification(F.ctx, n, strlen(n)), LCC_OK);
}

/* Pops every event; counts per type in n[type]. */
static void count_events(int n[32])
{
    lcc_event *ev;
    memset(n, 0, 32 * sizeof *n);
    while ((ev = lcc_context_next_event(F.ctx))) {
        ck_assert_int_lt(lcc_event_get_type(ev), 32);
        n[lcc_event_get_type(ev)]++;
        lcc_event_free(ev);
    }
}

/* The same notification twice: applied once, one event each. */
START_TEST(duplicate_notification)
{
    lcc_callback *cb = synced();
    int n[32];
    notify("scheduled", NEW_TEXT);
    notify("scheduled", NEW_TEXT);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), NEW_MS);
    count_events(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_UPDATED], 1);
    notify("disconnected", NEW_TEXT);
    notify("disconnected", NEW_TEXT);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    count_events(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_CANCELLED], 1);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_UPDATED], 0);
}
END_TEST

/* An update that arrives after the callback was disconnected (it was sent
 * before): a cancelled callback is final, nothing changes, no event. */
START_TEST(update_after_disconnect_is_ignored)
{
    lcc_callback *cb = synced();
    int n[32];
    notify("disconnected", "2026-11-21T10:30:00.000Z");
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    count_events(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_CANCELLED], 1);
    notify("scheduled", NEW_TEXT);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), OLD_MS);
    ck_assert_ptr_null(lcc_context_next_event(F.ctx));
    /* nor does a fetch of a backend that moved it before the disconnect */
    B.disconnected = 1;
    snprintf(B.scheduled, sizeof B.scheduled, "%s", NEW_TEXT);
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), OLD_MS);
    count_events(n);
    ck_assert_int_eq(n[LCC_EVENT_OPERATION_DONE], 1);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_UPDATED] + n[LCC_EVENT_CALLBACK_CANCELLED], 0);
}
END_TEST

/* An older scheduled time after a newer one: notifications carry no order,
 * so the last one received is what the handle shows; a fetch gives the
 * backend's current state. */
START_TEST(older_time_after_newer)
{
    lcc_callback *cb = synced();
    int n[32];
    snprintf(B.scheduled, sizeof B.scheduled, "%s", MOVED_TEXT);
    notify("scheduled", MOVED_TEXT);
    notify("scheduled", NEW_TEXT); /* older, late */
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), NEW_MS);
    count_events(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_UPDATED], 2);
    lcc_op *op;
    ck_assert_int_eq(lcc_callback_fetch(&op, cb), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), MOVED_MS);
    ck_assert_int_eq(B.reschedules, 0);
}
END_TEST

/* The disconnect notification arrives while a reschedule is in flight and
 * the reschedule's answer comes after it: the callback stays cancelled. */
START_TEST(answer_after_disconnect_notification)
{
    lcc_callback *cb = synced();
    int n[32];
    lcc_op *op;
    B.fault = F_TIMEOUT_AFTER; /* applied, the answer held back */
    B.times = 1;
    ck_assert_int_eq(lcc_callback_reschedule_remote(&op, NULL, cb, F.agent, NEW_MS), LCC_OK);
    ck_assert_uint_eq(B.n_held, 1);
    notify("disconnected", NEW_TEXT);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    const char *body = "{\"conversation\":{\"id\":\"conv-1\"}}";
    lcc_request *req = B.held[--B.n_held];
    ck_assert_int_eq(lcc_request_complete(req, 200, NULL, body, strlen(body)), LCC_OK);
    ck_assert_int_eq(drive(op), LCC_OK);
    lcc_op_free(op);
    /* the notification carried the backend's time; the late answer adds nothing */
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), NEW_MS);
    count_events(n);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_CANCELLED], 1);
    ck_assert_int_eq(n[LCC_EVENT_CALLBACK_UPDATED], 1);
    ck_assert_int_eq(n[LCC_EVENT_OPERATION_DONE], 1);
    ck_assert_int_eq(B.reschedules, 1); /* applied there once, before the disconnect */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fault-matrix");
    TCase *tc = tcase_create("matrix");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, matrix, 0, (int)(N_ROWS * N_OPS));
    suite_add_tcase(s, tc);
    tcase_add_test(tc, cancel_while_the_post_is_out);
    tcase_add_test(tc, resend_of_unknown_outcome);
    tcase_add_test(tc, cancel_resent_after_a_lost_answer);
    TCase *tn = tcase_create("notifications");
    tcase_add_checked_fixture(tn, setup, teardown);
    tcase_add_test(tn, duplicate_notification);
    tcase_add_test(tn, update_after_disconnect_is_ignored);
    tcase_add_test(tn, older_time_after_newer);
    tcase_add_test(tn, answer_after_disconnect_notification);
    suite_add_tcase(s, tn);
    return run_suite(s);
}
