/* host-transport: a host plugs its own HTTP stack into libcontactcore.
 *
 * The "stack" here is a worker thread that takes requests from a queue and
 * answers them after a short delay, as a CRM's HTTP client running on its
 * own thread would.  (It answers like the backend would instead of opening
 * sockets, so the example runs anywhere; put your HTTP call where it says
 * so.)  What it shows:
 *   - send() only queues the request and returns;
 *   - the worker completes requests from its own thread with
 *     lcc_request_complete(), the one call that is safe there;
 *   - the wake-up hook writes to a pipe, and the main thread's poll() loop
 *     calls lcc_context_run_due() when that pipe is readable or the next
 *     deadline (lcc_context_next_deadline_ms) comes;
 *   - destroy() joins the worker, so no request is touched after it.
 *
 * Build: part of the Meson build (build/examples/host-transport), or
 *   cc host-transport.c $(pkg-config --cflags --libs libcontactcore) -pthread
 */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <contactcore/contactcore.h>

#define CHECK(expr)                                                                  \
    do {                                                                             \
        lcc_status st_ = (expr);                                                     \
        if (st_ != LCC_OK) {                                                         \
            fprintf(stderr, "%s failed: %s (%s)\n", #expr, lcc_status_str(st_),      \
                    lcc_context_errmsg(ctx));                                        \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

/* --- the host's HTTP stack: a worker thread with a queue ------------------ */

typedef struct job {
    lcc_request *req;
    struct job *next;
} job;

typedef struct stack {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    job *head, *tail;
    int stopping;
    pthread_t thread;
    unsigned served;
} stack;

static void *worker(void *arg)
{
    stack *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (!s->head && !s->stopping)
            pthread_cond_wait(&s->cond, &s->lock);
        job *j = s->head;
        if (j)
            s->head = j->next;
        if (!s->head)
            s->tail = NULL;
        int stopping = s->stopping;
        pthread_mutex_unlock(&s->lock);
        if (!j) {
            if (stopping)
                return NULL;
            continue;
        }
        if (stopping) { /* shutting down: fail what is left */
            lcc_request_fail(j->req, LCC_ECANCELED, "shutting down");
            free(j);
            continue;
        }
        /* Your HTTP call goes here: lcc_request_method(), _url(), the
         * headers and the body describe it.  This stand-in waits 20 ms and
         * answers a callback creation the way the backend does. */
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
        char body[256];
        unsigned n = ++s->served;
        snprintf(body, sizeof body,
                 "{\"conversation\":{\"id\":\"host-conv-%u\"},\"callbackIdentifiers\":"
                 "[{\"type\":\"EXTERNAL\",\"id\":\"host-cb-%u\"}]}", n, n);
        printf("  [worker] %s %s -> 200\n", lcc_request_method(j->req), lcc_request_url(j->req));
        lcc_request_complete(j->req, 200, "Content-Type: application/json\r\n", body,
                             strlen(body));
        free(j);
    }
}

static lcc_status stack_send(lcc_request *req, void *ud)
{
    stack *s = ud;
    job *j = malloc(sizeof *j);
    if (!j)
        return LCC_ENOMEM; /* not accepted: the library will not wait for it */
    j->req = req;
    j->next = NULL;
    pthread_mutex_lock(&s->lock);
    if (s->tail)
        s->tail->next = j;
    else
        s->head = j;
    s->tail = j;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return LCC_OK;
}

static void stack_destroy(void *ud)
{
    stack *s = ud;
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL); /* after this, no request is touched */
}

/* --- the host's event loop --------------------------------------------------- */

static int wake_pipe[2];

static void on_wakeup(void *ud) /* any thread */
{
    (void)ud;
    char c = 1;
    if (write(wake_pipe[1], &c, 1) < 0) {
        /* the pipe is full: the loop is awake already */
    }
}

int main(void)
{
    lcc_context *ctx = NULL;
    CHECK(lcc_context_new(&ctx, NULL));
    if (pipe(wake_pipe) != 0)
        return 1;

    stack s = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    if (pthread_create(&s.thread, NULL, worker, &s) != 0)
        return 1;
    lcc_transport t = LCC_TRANSPORT_INIT;
    t.send = stack_send;
    t.destroy = stack_destroy;
    t.user_data = &s;
    CHECK(lcc_context_set_transport(ctx, &t));
    CHECK(lcc_context_set_wakeup(ctx, on_wakeup, NULL));
    CHECK(lcc_context_set_backend(ctx, "https://api.example.invalid", NULL));

    /* Two conversations that each get a callback. */
    lcc_agent *agent;
    lcc_queue *queue;
    CHECK(lcc_agent_new(&agent, ctx, "agent-1", "Ana"));
    CHECK(lcc_agent_set_time_zone(agent, "Europe/Madrid"));
    CHECK(lcc_agent_add_permission(agent, LCC_PERM_CALLBACK_CREATE));
    CHECK(lcc_queue_new(&queue, ctx, "queue-1", "Support"));
    CHECK(lcc_queue_add_member(queue, "agent-1"));
    const char *numbers[] = {"+34 912 34 56 78", "+34 600 12 34 56"};
    lcc_op *ops[2];
    for (int i = 0; i < 2; i++) {
        char id[16];
        lcc_conversation *conv;
        lcc_callback_draft *draft;
        lcc_callback *cb;
        snprintf(id, sizeof id, "call-%d", i + 1);
        CHECK(lcc_conversation_new(&conv, ctx, id, LCC_MEDIA_CALL));
        CHECK(lcc_conversation_set_ani(conv, numbers[i]));
        CHECK(lcc_conversation_set_queue(conv, "queue-1"));
        CHECK(lcc_conversation_set_agent(conv, "agent-1"));
        CHECK(lcc_callback_draft_new(&draft, ctx, conv, agent));
        CHECK(lcc_callback_draft_commit(&cb, NULL, draft));
        lcc_callback_draft_free(draft);
        CHECK(lcc_callback_submit(&ops[i], cb, 0));
        printf("submitted %s for %s\n", lcc_callback_id(cb), lcc_callback_number(cb));
    }

    /* The loop: sleep in poll() until a wake-up or the next deadline. */
    while (lcc_context_pending_ops(ctx) > 0) {
        int64_t due = lcc_context_next_deadline_ms(ctx);
        int timeout = -1;
        if (due >= 0) {
            int64_t d = due - lcc_context_now_ms(ctx);
            timeout = d < 0 ? 0 : d > 60000 ? 60000 : (int)d;
        }
        struct pollfd p = {wake_pipe[0], POLLIN, 0};
        if (poll(&p, 1, timeout) > 0) {
            char buf[64];
            if (read(wake_pipe[0], buf, sizeof buf) < 0)
                break;
        }
        CHECK(lcc_context_run_due(ctx));
        lcc_event *ev;
        while ((ev = lcc_context_next_event(ctx))) {
            lcc_callback *cb = lcc_event_callback(ev);
            if (lcc_event_get_type(ev) == LCC_EVENT_CALLBACK_CREATED)
                printf("created %s on the backend as %s\n", lcc_callback_id(cb),
                       lcc_callback_remote_id(cb));
            else if (lcc_event_get_type(ev) == LCC_EVENT_OPERATION_DONE)
                printf("operation finished: %s\n", lcc_status_str(lcc_event_status(ev)));
            lcc_event_free(ev);
        }
    }
    for (int i = 0; i < 2; i++)
        lcc_op_free(ops[i]);
    lcc_context_free(ctx); /* calls stack_destroy, which joins the worker */
    close(wake_pipe[0]);
    close(wake_pipe[1]);
    return 0;
}
