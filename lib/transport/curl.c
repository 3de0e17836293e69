/* The built-in HTTP transport on libcurl's multi interface.
 *
 * One CURLM per transport.  Every request becomes an easy handle (reused from
 * a small free list) with its own per-transfer record (struct xfer, found
 * from the easy handle through CURLOPT_PRIVATE and from the request through a
 * small pointer hash, so cancel is O(1)).  The multi handle keeps the
 * connection cache, so connections are reused across requests; HTTP/2
 * multiplexing is used when a TLS server offers it.
 *
 * Two ways to drive it:
 * - Default (no hooks): the vtable's poll() runs curl_multi_perform(),
 *   curl_multi_poll() and curl_multi_perform() again, then completes what
 *   finished; wake() is curl_multi_wakeup().  lcc_context_wait() uses both.
 * - Host event loop (socket_fn and timer_fn): CURLMOPT_SOCKETFUNCTION and
 *   CURLMOPT_TIMERFUNCTION forward to the host, and
 *   lcc_curl_transport_action() feeds curl_multi_socket_action().  poll()
 *   still works in this mode, so lcc_context_wait() does too: it poll(2)s the
 *   sockets libcurl asked to watch (the same ones the host was told about)
 *   plus a self-pipe that wake() writes to, and feeds what is ready to
 *   curl_multi_socket_action().  The multi handle only ever sees the socket
 *   API in this mode (no curl_multi_perform()).
 *
 * Everything runs on the context's thread except wake().
 *
 * libcurl allocates its own memory with the process allocator (its
 * allocator hooks are global); the context allocator serves this file's
 * records and the response buffers.  curl_global_init() runs once per
 * process (pthread_once) and curl_global_cleanup() is never called.
 */
#include <curl/curl.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "contactcore/curl.h"
#include "contactcore/transport.h"
#include "contactcore/version.h"
#include "core/alloc.h"
#include "core/context.h"

#define CURLT_MAGIC 0x4c434375u         /* "LCCu" */
#define MAX_BODY ((size_t)64 << 20)     /* response body cap */
#define MAX_HEAD ((size_t)1 << 20)      /* response header block cap */
#define FREE_MAX 16                     /* idle easy handles kept */
#define BUF_FIRST 1024                  /* first allocation of a response buffer */
#define BUF_KEEP ((size_t)64 << 10)     /* response buffers up to this size stay with an idle handle */
#define DEFAULT_CONNECTIONS 8
#define HASH_MIN_BITS 6
/* libcurl's own timeout fires this long after the request's deadline, so the
 * library's timeout on its clock normally wins (LCC_ETIMEDOUT) and curl's is
 * only a safety net. */
#define TIMEOUT_GRACE_MS 1000
/* Connection setup (TCP, TLS, proxy) must end a little before the
 * request's deadline (a tenth of its time, 20 ms .. 1 s) and within this
 * long: a stalled connect then fails as LCC_EIO (nothing was sent, safe to
 * resend) instead of running into the deadline, which the library has to
 * treat as an unknown outcome. */
#define CONNECT_TIMEOUT_MS 10000
/* Sockets one easy handle may have libcurl watch at once
 * (MAX_SOCKSPEREASYHANDLE in libcurl). */
#define SOCKS_PER_XFER 5

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

/* A transfer record and its easy handle, made together and reused
 * together: the handle keeps the options that are the same for every
 * request (set in xfer_new), and the header list and response buffers of
 * the last request it carried. */
typedef struct xfer {
    struct lcc_curl_transport *t;
    CURL *easy;
    lcc_request *req;         /* NULL while idle on the free list */
    struct curl_slist *headers; /* the request's header lines, then Expect: (and Content-Type:) */
    size_t n_headers;         /* request header lines in `headers`; NO_HEADERS: none valid */
    int nobody, custom;       /* CURLOPT_NOBODY 1 / a CURLOPT_CUSTOMREQUEST are set */
    int posted;               /* CURLOPT_POSTFIELDS points at the request's body */
    buf head, body;
    struct xfer *hnext;       /* hash chain */
    struct xfer *prev, *next; /* in-flight list; `next` links the free list */
    int64_t start_ms;         /* monotonic, for the log line */
    int prereq;               /* a connection was ready and the request about to go out */
    int too_large;            /* 1: body over MAX_BODY, 2: headers over MAX_HEAD */
    int oom;                  /* a response buffer could not grow */
    char err[CURL_ERROR_SIZE];
} xfer;

struct lcc_curl_transport {
    uint32_t magic;
    lcc_context *ctx;
    CURLM *multi;
    char *ca_file, *user_agent;

    xfer *live; /* in flight (in the multi handle) */
    size_t n_live;
    xfer *idle; /* free list */
    size_t n_idle;
    xfer **buckets; /* request -> xfer */
    unsigned hash_bits;

    /* Host event loop mode. */
    int hooked;
    lcc_curl_socket_fn socket_fn;
    lcc_curl_timer_fn timer_fn;
    void *hook_ud;
    /* socks[0] is the wake pipe; socks[1..] the sockets libcurl watches
     * (their index is the curl_multi_assign() pointer). */
    struct pollfd *socks;
    size_t n_socks, cap_socks;
    struct pollfd *ready; /* scratch of poll(): same capacity as socks */
    size_t cap_ready;
    int untracked_logged;
    int wake_fd[2];
};

/* --- small helpers ------------------------------------------------------ */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int debug_on(const lcc_context *ctx)
{
    return ctx->log && ctx->log_level >= LCC_LOG_DEBUG;
}

static void buf_free(const lcc_allocator *a, buf *b)
{
    lcc__free(a, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* Appends n bytes and keeps the buffer NUL-terminated; -1 when out of memory. */
static int buf_add(const lcc_allocator *a, buf *b, const char *s, size_t n)
{
    size_t need = b->len + n + 1;
    if (need > b->cap && lcc__grow(a, (void **)&b->p, &b->cap, need < BUF_FIRST ? BUF_FIRST : need, 1))
        return -1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* Empties a buffer for the next response; its memory stays (wiped: a
 * token answer may have been in it) unless it grew past BUF_KEEP. */
static void buf_recycle(const lcc_allocator *a, buf *b)
{
    if (b->cap > BUF_KEEP) {
        buf_free(a, b);
        return;
    }
    if (b->len)
        memset(b->p, 0, b->len);
    b->len = 0;
}

static void slist_wipe_free(struct curl_slist *l)
{
    /* the Authorization line holds a token */
    for (struct curl_slist *n = l; n; n = n->next)
        lcc__wipe(n->data);
    curl_slist_free_all(l);
}

/* --- request -> transfer hash ------------------------------------------- */

static size_t slot(const struct lcc_curl_transport *t, const lcc_request *req)
{
    uint64_t h = (uint64_t)(uintptr_t)req * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> (64 - t->hash_bits));
}

static xfer *hash_find(const struct lcc_curl_transport *t, const lcc_request *req)
{
    for (xfer *x = t->buckets[slot(t, req)]; x; x = x->hnext)
        if (x->req == req)
            return x;
    return NULL;
}

/* Doubles the table when it is fuller than one entry per bucket; when that
 * allocation fails the old table stays (longer chains, still correct). */
static void hash_maybe_grow(struct lcc_curl_transport *t)
{
    size_t n = (size_t)1 << t->hash_bits;
    if (t->n_live < n || t->hash_bits >= 30)
        return;
    xfer **nb = lcc__calloc(&t->ctx->alloc, n * 2, sizeof *nb);
    if (!nb)
        return;
    lcc__free(&t->ctx->alloc, t->buckets);
    t->buckets = nb;
    t->hash_bits++;
    for (xfer *x = t->live; x; x = x->next) {
        size_t s = slot(t, x->req);
        x->hnext = nb[s];
        nb[s] = x;
    }
}

static void live_link(struct lcc_curl_transport *t, xfer *x)
{
    x->prev = NULL;
    x->next = t->live;
    if (t->live)
        t->live->prev = x;
    t->live = x;
    size_t s = slot(t, x->req);
    x->hnext = t->buckets[s];
    t->buckets[s] = x;
    t->n_live++;
}

static void live_unlink(struct lcc_curl_transport *t, xfer *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        t->live = x->next;
    if (x->next)
        x->next->prev = x->prev;
    xfer **pp = &t->buckets[slot(t, x->req)];
    while (*pp != x)
        pp = &(*pp)->hnext;
    *pp = x->hnext;
    x->prev = x->next = x->hnext = NULL;
    t->n_live--;
}

/* --- transfer records --------------------------------------------------- */

#define NO_HEADERS ((size_t)-1)

/* Returns the first failing setopt's code. */
#define SET(opt, val)                                                                             \
    do {                                                                                          \
        if (rc == CURLE_OK)                                                                       \
            rc = curl_easy_setopt(e, opt, val);                                                   \
    } while (0)

static size_t on_header(char *p, size_t size, size_t n, void *ud);
static size_t on_body(char *p, size_t size, size_t n, void *ud);
#if LIBCURL_VERSION_NUM >= 0x075000 /* 7.80.0: CURLOPT_PREREQFUNCTION */
static int on_prereq(void *ud, char *primary_ip, char *local_ip, int primary_port,
                     int local_port);
#endif

/* Frees a record, its handle, header list (wiped: it holds the token) and
 * buffers.  The easy handle is out of the multi handle. */
static void xfer_free(struct lcc_curl_transport *t, xfer *x)
{
    const lcc_allocator *a = &t->ctx->alloc;
    curl_easy_cleanup(x->easy);
    slist_wipe_free(x->headers);
    buf_free(a, &x->head);
    buf_free(a, &x->body);
    lcc__free(a, x);
}

/* A new record whose easy handle has every option that does not change
 * from one request to the next; t_send sets the others. */
static lcc_status xfer_new(xfer **out, struct lcc_curl_transport *t)
{
    lcc_context *ctx = t->ctx;
    xfer *x = lcc__calloc(&ctx->alloc, 1, sizeof *x);
    if (!x)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    x->t = t;
    x->n_headers = NO_HEADERS;
    CURL *e = x->easy = curl_easy_init();
    if (!e) {
        lcc__free(&ctx->alloc, x);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    CURLcode rc = CURLE_OK;
    SET(CURLOPT_PRIVATE, (void *)x);
    SET(CURLOPT_ERRORBUFFER, x->err);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, (void *)x);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, (void *)x);
#if LIBCURL_VERSION_NUM >= 0x075000
    SET(CURLOPT_PREREQFUNCTION, on_prereq);
    SET(CURLOPT_PREREQDATA, (void *)x);
#endif
    SET(CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0 */
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    if (t->ca_file)
        SET(CURLOPT_CAINFO, t->ca_file);
    SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    SET(CURLOPT_PIPEWAIT, 1L);
    SET(CURLOPT_USERAGENT, t->user_agent);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MAX_BODY);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    if (rc != CURLE_OK) {
        xfer_free(t, x);
        if (rc == CURLE_OUT_OF_MEMORY)
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return lcc__error(ctx, LCC_EIO, "libcurl refused an option: %s", curl_easy_strerror(rc));
    }
    *out = x;
    return LCC_OK;
}

/* An idle record from the free list, else a new one. */
static lcc_status xfer_get(xfer **out, struct lcc_curl_transport *t)
{
    xfer *x = t->idle;
    if (!x)
        return xfer_new(out, t);
    t->idle = x->next;
    t->n_idle--;
    x->next = NULL;
    *out = x;
    return LCC_OK;
}

/* Drops a finished transfer's state and keeps the record for reuse (or
 * frees it when the free list is full).  The easy handle is out of the
 * multi handle. */
static void xfer_put(struct lcc_curl_transport *t, xfer *x)
{
    if (t->n_idle >= FREE_MAX) {
        xfer_free(t, x);
        return;
    }
    const lcc_allocator *a = &t->ctx->alloc;
    if (x->posted) /* forget the pointer into the request (cannot fail) */
        curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, (char *)NULL);
    x->posted = 0;
    buf_recycle(a, &x->head);
    buf_recycle(a, &x->body);
    x->req = NULL;
    x->prereq = x->too_large = x->oom = 0;
    x->err[0] = '\0';
    x->next = t->idle;
    t->idle = x;
    t->n_idle++;
}

/* --- libcurl callbacks -------------------------------------------------- */

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    /* a new status line starts a new block: keep only the final response
     * (not 100 Continue, not a proxy's CONNECT answer) */
    if (len >= 5 && memcmp(p, "HTTP/", 5) == 0)
        x->head.len = 0;
    if (x->head.len + len > MAX_HEAD) {
        x->too_large = 2;
        return 0;
    }
    if (buf_add(&x->t->ctx->alloc, &x->head, p, len)) {
        x->oom = 1;
        return 0;
    }
    return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if (len > MAX_BODY - x->body.len) {
        x->too_large = 1;
        return 0;
    }
    if (buf_add(&x->t->ctx->alloc, &x->body, p, len)) {
        x->oom = 1;
        return 0;
    }
    return len;
}

#if LIBCURL_VERSION_NUM >= 0x075000 /* 7.80.0: CURLOPT_PREREQFUNCTION */
static int on_prereq(void *ud, char *primary_ip, char *local_ip, int primary_port,
                     int local_port)
{
    (void)primary_ip;
    (void)local_ip;
    (void)primary_port;
    (void)local_port;
    ((xfer *)ud)->prereq = 1;
    return CURL_PREREQFUNC_OK;
}
#endif

/* --- completion --------------------------------------------------------- */

static int cert_problem(CURLcode rc)
{
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
#if LIBCURL_VERSION_NUM >= 0x074d00
    case CURLE_SSL_CLIENTCERT:
#endif
        return 1;
    default:
        return 0;
    }
}

/* 1 when some of the request may have reached the server.  Evidence: the
 * pre-request hook ran (libcurl >= 7.80: a connection was ready and the
 * request about to be written; before it nothing can have been sent) and
 * libcurl counted request bytes written or response header bytes read.
 * Over HTTP/2 and later, a ready connection counts as "may have" whatever
 * the byte counts say.  The counts add up over libcurl's own retries on a
 * fresh connection, so even an error that normally comes before sending
 * (connection refused) is "may have" when an earlier try sent the request. */
static int maybe_sent(const xfer *x)
{
#if LIBCURL_VERSION_NUM >= 0x075000
    if (!x->prereq)
        return 0;
#endif
    long req_size = 0, head_size = 0, version = 0;
    curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &req_size);
    curl_easy_getinfo(x->easy, CURLINFO_HEADER_SIZE, &head_size);
    curl_easy_getinfo(x->easy, CURLINFO_HTTP_VERSION, &version);
    return req_size > 0 || head_size > 0 || version >= CURL_HTTP_VERSION_2_0;
}

/* Decides how a transfer ended; fills msg (for lcc_request_fail) when it is
 * a failure.  Never puts request headers or bodies in msg (only libcurl's
 * error text, which names at most a host, a port or a file).
 *
 *   CURLE_OK, HTTP status 100..599        -> lcc_request_complete()
 *   CURLE_OK, any other status            -> LCC_EUNKNOWN_OUTCOME
 *   body over 64 MiB (CURLE_FILESIZE_EXCEEDED, or the write callback
 *   stopped it), headers over 1 MiB       -> LCC_EFORMAT
 *   a response buffer could not grow      -> LCC_ENOMEM
 *   any error, nothing sent (see maybe_sent): resolve, connect, proxy,
 *   TLS handshake and certificates, URL/protocol, CURLE_SEND_ERROR,
 *   CURLE_RECV_ERROR, CURLE_GOT_NOTHING or a timeout before a byte of the
 *   request was written                   -> LCC_EIO (CURLE_OUT_OF_MEMORY:
 *                                            LCC_ENOMEM)
 *   any error once the request may have been sent: CURLE_RECV_ERROR
 *   (reset), CURLE_PARTIAL_FILE (truncated), CURLE_GOT_NOTHING,
 *   CURLE_OPERATION_TIMEDOUT, HTTP/2 stream errors, a weird reply, ...
 *                                         -> LCC_EUNKNOWN_OUTCOME
 * Certificate problems start their message with "TLS certificate problem". */
static lcc_status classify(const xfer *x, CURLcode rc, long *http, char *msg, size_t cap)
{
    *http = 0;
    msg[0] = '\0';
    if (x->too_large) {
        snprintf(msg, cap, "response %s larger than %zu MiB",
                 x->too_large == 2 ? "headers" : "body",
                 (x->too_large == 2 ? MAX_HEAD : MAX_BODY) >> 20);
        return LCC_EFORMAT;
    }
    if (x->oom) {
        snprintf(msg, cap, "out of memory reading the response");
        return LCC_ENOMEM;
    }
    if (rc == CURLE_OK) {
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, http);
        if (*http >= 100 && *http <= 599)
            return LCC_OK;
        snprintf(msg, cap, "invalid HTTP status %ld", *http);
        return LCC_EUNKNOWN_OUTCOME;
    }
    if (rc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(msg, cap, "response body larger than %zu MiB", MAX_BODY >> 20);
        return LCC_EFORMAT;
    }
    const char *what = curl_easy_strerror(rc);
    const char *detail = x->err[0] && strcmp(x->err, what) != 0 ? x->err : NULL;
    snprintf(msg, cap, "%s%s%s%s", cert_problem(rc) ? "TLS certificate problem: " : "", what,
             detail ? ": " : "", detail ? detail : "");
    int sent = maybe_sent(x);
    if (rc == CURLE_OUT_OF_MEMORY && !sent)
        return LCC_ENOMEM;
    return sent ? LCC_EUNKNOWN_OUTCOME : LCC_EIO;
}

static void log_end(struct lcc_curl_transport *t, const xfer *x, const char *outcome)
{
    if (!debug_on(t->ctx))
        return;
    const char *path = lcc_request_path(x->req);
    if (!path)
        path = "";
    lcc__log(t->ctx, LCC_LOG_DEBUG, "curl: request %llu: %s %.*s: %s in %lld ms",
             (unsigned long long)lcc_request_id(x->req), lcc_request_method(x->req),
             (int)strcspn(path, "?#"), path, outcome, (long long)(mono_ms() - x->start_ms));
}

/* A transfer libcurl reported done: out of the multi handle, complete the
 * request, recycle the record. */
static void finish(struct lcc_curl_transport *t, xfer *x, CURLcode rc)
{
    curl_multi_remove_handle(t->multi, x->easy);
    live_unlink(t, x);
    long http;
    char msg[CURL_ERROR_SIZE + 128];
    lcc_status st = classify(x, rc, &http, msg, sizeof msg);
    lcc_request *req = x->req;
    if (st == LCC_OK) {
        if (debug_on(t->ctx)) {
            char what[32];
            snprintf(what, sizeof what, "HTTP %ld", http);
            log_end(t, x, what);
        }
        lcc_request_complete(req, (int)http, x->head.p, x->body.p, x->body.len);
    } else {
        if (debug_on(t->ctx)) {
            char what[sizeof msg + 48];
            snprintf(what, sizeof what, "%s (%s)", msg, lcc_status_str(st));
            log_end(t, x, what);
        }
        lcc_request_fail(req, st, msg);
    }
    xfer_put(t, x);
}

/* The transport whose completions this thread is making: a completion
 * calls the wake hook, which need not wake a poll this same thread is about
 * to return from (it saves a write and a spurious poll round each). */
static _Thread_local const struct lcc_curl_transport *draining;

/* Completes every transfer libcurl finished; returns how many. */
static int drain(struct lcc_curl_transport *t)
{
    int n = 0, left;
    CURLMsg *m;
    const struct lcc_curl_transport *outer = draining;
    draining = t;
    while ((m = curl_multi_info_read(t->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        CURL *easy = m->easy_handle;
        CURLcode rc = m->data.result; /* m is gone once the handle is removed */
        char *p = NULL;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &p);
        if (!p)
            continue;
        finish(t, (xfer *)(void *)p, rc);
        n++;
    }
    draining = outer;
    return n;
}

/* --- host event loop mode ----------------------------------------------- */

/* Makes room for the sockets libcurl may watch with `transfers` transfers
 * in flight, so the socket callback never has to allocate. */
static int socks_reserve(struct lcc_curl_transport *t, size_t transfers)
{
    const lcc_allocator *a = &t->ctx->alloc;
    size_t need = 1 + SOCKS_PER_XFER * transfers;
    if (lcc__grow(a, (void **)&t->socks, &t->cap_socks, need, sizeof *t->socks) ||
        lcc__grow(a, (void **)&t->ready, &t->cap_ready, need, sizeof *t->ready))
        return -1;
    return 0;
}

/* Keeps socks[] in step with what libcurl wants watched.  A socket's
 * curl_multi_assign() pointer is its index in socks[] (never 0: slot 0 is
 * the wake pipe). */
static void socks_track(struct lcc_curl_transport *t, curl_socket_t s, int what, void *sockp)
{
    size_t idx = (size_t)(uintptr_t)sockp;
    if (!idx || idx >= t->n_socks || t->socks[idx].fd != s) {
        idx = 0; /* not assigned yet, or the assignment failed: look */
        for (size_t i = 1; i < t->n_socks; i++)
            if (t->socks[i].fd == s)
                idx = i;
    }
    if (what == CURL_POLL_REMOVE) {
        if (!idx)
            return;
        t->n_socks--;
        if (idx != t->n_socks) {
            t->socks[idx] = t->socks[t->n_socks];
            curl_multi_assign(t->multi, t->socks[idx].fd, (void *)(uintptr_t)idx);
        }
        return;
    }
    short ev = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) | ((what & CURL_POLL_OUT) ? POLLOUT : 0));
    if (idx) {
        t->socks[idx].events = ev;
        return;
    }
    if (t->n_socks >= t->cap_socks &&
        lcc__grow(&t->ctx->alloc, (void **)&t->socks, &t->cap_socks, t->n_socks + 1,
                  sizeof *t->socks)) {
        if (!t->untracked_logged)
            lcc__log(t->ctx, LCC_LOG_WARNING,
                     "curl: out of memory tracking a socket; lcc_context_wait() may stall "
                     "(the host's socket hook was told)");
        t->untracked_logged = 1;
        return;
    }
    idx = t->n_socks++;
    t->socks[idx].fd = s;
    t->socks[idx].events = ev;
    t->socks[idx].revents = 0;
    curl_multi_assign(t->multi, s, (void *)(uintptr_t)idx);
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *ud, void *sockp)
{
    struct lcc_curl_transport *t = ud;
    (void)easy;
    socks_track(t, s, what, sockp);
    int lw = what == CURL_POLL_REMOVE ? LCC_POLL_REMOVE
                                      : ((what & CURL_POLL_IN) ? LCC_POLL_IN : 0) |
                                            ((what & CURL_POLL_OUT) ? LCC_POLL_OUT : 0);
    return t->socket_fn((int)s, lw, t->hook_ud) == 0 ? 0 : -1;
}

static int on_timer(CURLM *multi, long timeout_ms, void *ud)
{
    struct lcc_curl_transport *t = ud;
    (void)multi;
    return t->timer_fn(timeout_ms, t->hook_ud) == 0 ? 0 : -1;
}

static void wake_drain(struct lcc_curl_transport *t)
{
    char b[64];
    while (read(t->wake_fd[0], b, sizeof b) > 0)
        ;
}

/* poll() in hook mode: poll(2) over the sockets libcurl watches and the wake
 * pipe, then curl_multi_socket_action() for what is ready and for an expired
 * timer. */
static void hook_poll(struct lcc_curl_transport *t, int timeout_ms)
{
    long ct = -1;
    int running;
    curl_multi_timeout(t->multi, &ct);
    if (ct >= 0 && (timeout_ms < 0 || ct < timeout_ms))
        timeout_ms = ct > INT_MAX ? INT_MAX : (int)ct;
    int n = poll(t->socks, (nfds_t)t->n_socks, timeout_ms);
    size_t nready = 0;
    if (n > 0) {
        if (t->socks[0].revents)
            wake_drain(t);
        /* copy first: socket_action changes the set */
        for (size_t i = 1; i < t->n_socks && nready < t->cap_ready; i++)
            if (t->socks[i].revents)
                t->ready[nready++] = t->socks[i];
    }
    for (size_t i = 0; i < nready; i++) {
        short r = t->ready[i].revents;
        int ev = ((r & (POLLIN | POLLHUP)) ? CURL_CSELECT_IN : 0) |
                 ((r & POLLOUT) ? CURL_CSELECT_OUT : 0) |
                 ((r & (POLLERR | POLLNVAL)) ? CURL_CSELECT_ERR : 0);
        curl_multi_socket_action(t->multi, t->ready[i].fd, ev, &running);
    }
    ct = -1;
    curl_multi_timeout(t->multi, &ct);
    if (ct == 0)
        curl_multi_socket_action(t->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    drain(t);
}

/* --- the vtable --------------------------------------------------------- */

/* 1 when `line` is the header line add_headers makes of name (no colon:
 * checked) and value. */
static int line_is(const char *line, const char *name, const char *value)
{
    size_t ln = strlen(name);
    if (strncmp(line, name, ln) != 0)
        return 0;
    line += ln;
    if (!*value)
        return strcmp(line, ";") == 0;
    return line[0] == ':' && line[1] == ' ' && strcmp(line + 2, value) == 0;
}

/* Checks the request's header lines and makes x->headers of them.  The
 * list of the handle's last request is kept when the lines are the same
 * (the Authorization line changes only with the token). */
static lcc_status add_headers(struct lcc_curl_transport *t, xfer *x, lcc_request *req)
{
    const lcc_allocator *a = &t->ctx->alloc;
    size_t n = lcc_request_header_count(req);
    int same = n == x->n_headers;
    const struct curl_slist *old = x->headers;
    for (size_t i = 0; i < n; i++) {
        const char *name = lcc_request_header_name(req, i);
        const char *value = lcc_request_header_value(req, i);
        if (!name || !value || !*name || strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
            return lcc__error(t->ctx, LCC_EINVAL, "request header %zu has a bad name or a line "
                                                  "break in its value", i);
        same = same && line_is(old->data, name, value);
        old = same ? old->next : NULL;
    }
    if (same)
        return LCC_OK;

    slist_wipe_free(x->headers);
    x->headers = NULL;
    x->n_headers = NO_HEADERS;
    int has_type = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = lcc_request_header_name(req, i);
        const char *value = lcc_request_header_value(req, i);
        if (strcasecmp(name, "Content-Type") == 0)
            has_type = 1;
        size_t ln = strlen(name), lv = strlen(value);
        char *line = lcc__malloc(a, ln + lv + 3);
        if (!line)
            return LCC_ENOMEM;
        /* "Name: value"; "Name;" sends an empty value ("Name:" would remove the header) */
        memcpy(line, name, ln);
        if (lv) {
            memcpy(line + ln, ": ", 2);
            memcpy(line + ln + 2, value, lv + 1);
        } else {
            memcpy(line + ln, ";", 2);
        }
        struct curl_slist *l = curl_slist_append(x->headers, line);
        lcc__free_secret(a, line);
        if (!l)
            return LCC_ENOMEM;
        x->headers = l;
    }
    /* no 100-continue round trip; no form content type on an empty POST */
    const char *extra[2] = {"Expect:", has_type ? NULL : "Content-Type:"};
    for (size_t i = 0; i < 2; i++) {
        if (!extra[i])
            continue;
        struct curl_slist *l = curl_slist_append(x->headers, extra[i]);
        if (!l)
            return LCC_ENOMEM;
        x->headers = l;
    }
    x->n_headers = n;
    return LCC_OK;
}

/* Sets what changes from one request to the next: URL, method and body,
 * header list, timeouts (the other options were set once, in xfer_new).
 * The method options of the handle's last request are undone. */
static CURLcode set_request(xfer *x, const char *method, const char *url, const char *body,
                            size_t body_len, long timeout_ms, long connect_ms)
{
    CURL *e = x->easy;
    CURLcode rc = CURLE_OK;
    int is_get = strcmp(method, "GET") == 0, is_post = strcmp(method, "POST") == 0;
    int is_head = strcmp(method, "HEAD") == 0;
    /* a body, or an empty one ("Content-Length: 0") for the methods that
     * expect one */
    int with_body = body || is_post || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0;
    const char *custom = is_head ? NULL : with_body ? (is_post ? NULL : method)
                                                    : (is_get ? NULL : method);
    SET(CURLOPT_URL, url);
    if (x->nobody && !is_head) {
        SET(CURLOPT_NOBODY, 0L);
        x->nobody = rc != CURLE_OK;
    }
    if (is_head) {
        x->nobody = 1;
        SET(CURLOPT_NOBODY, 1L);
    } else if (with_body) {
        x->posted = 1;
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
        SET(CURLOPT_POSTFIELDS, body ? body : "");
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
    if (custom || x->custom) {
        x->custom = 1;
        SET(CURLOPT_CUSTOMREQUEST, custom);
        x->custom = rc != CURLE_OK || custom != NULL;
    }
    SET(CURLOPT_HTTPHEADER, x->headers);
    SET(CURLOPT_TIMEOUT_MS, timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, connect_ms); /* 0: libcurl's default */
    return rc;
}

static lcc_status t_send(lcc_request *req, void *ud)
{
    struct lcc_curl_transport *t = ud;
    lcc_context *ctx = t->ctx;
    const char *method = lcc_request_method(req), *url = lcc_request_url(req);
    if (!method || !url)
        return LCC_EMISUSE;
    if (t->hooked && socks_reserve(t, t->n_live + 1))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    hash_maybe_grow(t);
    xfer *x = NULL;
    lcc_status st = xfer_get(&x, t);
    if (st != LCC_OK)
        return st;
    x->req = req;
    st = add_headers(t, x, req);
    if (st != LCC_OK) {
        xfer_put(t, x);
        return st == LCC_ENOMEM ? lcc__error(ctx, st, "out of memory") : st;
    }

    size_t body_len = 0;
    const char *body = lcc_request_body(req, &body_len);
    int64_t left = lcc_request_deadline_ms(req) - lcc_context_now_ms(ctx);
    if (left < 1)
        left = 1;
    int64_t margin = left / 10 < 20 ? 20 : left / 10 > 1000 ? 1000 : left / 10;
    long connect_ms = left - margin > CONNECT_TIMEOUT_MS ? CONNECT_TIMEOUT_MS
                      : left - margin > 0              ? (long)(left - margin)
                                                       : 0;
    left += TIMEOUT_GRACE_MS;
#if LONG_MAX < INT64_MAX
    if (left > LONG_MAX)
        left = LONG_MAX;
#endif
    x->err[0] = '\0';
    CURLcode rc = set_request(x, method, url, body, body_len, (long)left, connect_ms);
    if (rc != CURLE_OK) {
        xfer_put(t, x);
        if (rc == CURLE_OUT_OF_MEMORY)
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return lcc__error(ctx, LCC_EIO, "libcurl refused an option: %s", curl_easy_strerror(rc));
    }
    x->start_ms = mono_ms();
    live_link(t, x);
    CURLMcode mc = curl_multi_add_handle(t->multi, x->easy);
    if (mc != CURLM_OK) {
        live_unlink(t, x);
        xfer_put(t, x);
        if (mc == CURLM_OUT_OF_MEMORY)
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        return lcc__error(ctx, LCC_EIO, "libcurl: %s", curl_multi_strerror(mc));
    }
    return LCC_OK;
}

#undef SET

static void t_cancel(lcc_request *req, void *ud)
{
    struct lcc_curl_transport *t = ud;
    xfer *x = hash_find(t, req);
    if (!x)
        return; /* already completed */
    curl_multi_remove_handle(t->multi, x->easy);
    live_unlink(t, x);
    log_end(t, x, "cancelled");
    const struct lcc_curl_transport *outer = draining;
    draining = t; /* no wake-up needed for a result the library discards */
    lcc_request_fail(req, LCC_ECANCELED, "cancelled");
    draining = outer;
    xfer_put(t, x);
}

static void t_poll(int timeout_ms, void *ud)
{
    struct lcc_curl_transport *t = ud;
    if (t->hooked) {
        hook_poll(t, timeout_ms);
        return;
    }
    int running;
    curl_multi_perform(t->multi, &running);
    if (drain(t))
        return;
    long ct = -1;
    curl_multi_timeout(t->multi, &ct);
    int wait = timeout_ms < 0 ? INT_MAX : timeout_ms;
    if (ct >= 0 && ct < wait)
        wait = (int)ct;
    if (wait > 0) {
        CURLMcode mc = curl_multi_poll(t->multi, NULL, 0, wait, NULL);
        if (mc != CURLM_OK) {
            /* do not spin: sleep a little, as the poll would have */
            lcc__log(t->ctx, LCC_LOG_WARNING, "curl: curl_multi_poll: %s",
                     curl_multi_strerror(mc));
            struct timespec ts = {0, (long)(wait < 10 ? wait : 10) * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    curl_multi_perform(t->multi, &running);
    drain(t);
}

static void t_wake(void *ud)
{
    struct lcc_curl_transport *t = ud;
    if (draining == t)
        return;
    if (t->hooked) {
        char c = 1;
        /* a full pipe already wakes the poll */
        while (write(t->wake_fd[1], &c, 1) < 0 && errno == EINTR)
            ;
        return;
    }
    curl_multi_wakeup(t->multi);
}

static void free_transport(struct lcc_curl_transport *t)
{
    const lcc_allocator *a = &t->ctx->alloc;
    while (t->idle) {
        xfer *x = t->idle;
        t->idle = x->next;
        xfer_free(t, x);
    }
    if (t->multi)
        curl_multi_cleanup(t->multi); /* may still call the socket hook (REMOVE) */
    if (t->hooked && t->multi)
        t->timer_fn(-1, t->hook_ud);
    for (int i = 0; i < 2; i++)
        if (t->wake_fd[i] >= 0)
            close(t->wake_fd[i]);
    lcc__free(a, t->socks);
    lcc__free(a, t->ready);
    lcc__free(a, t->buckets);
    lcc__free(a, t->ca_file);
    lcc__free(a, t->user_agent);
    t->magic = LCC__MAGIC_DEAD;
    lcc__free(a, t);
}

static void t_destroy(void *ud)
{
    struct lcc_curl_transport *t = ud;
    /* the library cancelled everything first; whatever is left is failed
     * (the library discards it) */
    while (t->live) {
        xfer *x = t->live;
        curl_multi_remove_handle(t->multi, x->easy);
        live_unlink(t, x);
        lcc_request_fail(x->req, LCC_ECANCELED, "cancelled");
        xfer_put(t, x);
    }
    free_transport(t);
}

/* --- public API --------------------------------------------------------- */

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    /* thread-safe in libcurl >= 7.84; pthread_once keeps older ones safe
     * against our own concurrent installs */
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int set_nonblock_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    int fd_fl = fcntl(fd, F_GETFD);
    return fl < 0 || fd_fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
                   fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC) < 0
               ? -1
               : 0;
}

LCC_API lcc_status lcc_curl_transport_install(lcc_curl_transport **out, lcc_context *ctx,
                                              const lcc_curl_params *params)
{
    if (out)
        *out = NULL;
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    lcc_curl_params p = LCC_CURL_PARAMS_INIT;
    if (params) {
        if (params->size != sizeof(lcc_curl_params))
            return LCC__MISUSE(ctx, "lcc_curl_params: unknown size %zu", params->size);
        p = *params;
    }
    if (!p.socket_fn != !p.timer_fn)
        return LCC__MISUSE(ctx, "lcc_curl_params: set both socket_fn and timer_fn, or neither");
    if (p.max_connections == 0)
        p.max_connections = DEFAULT_CONNECTIONS;
    if (p.max_connections < 1 || p.max_connections > 64)
        return lcc__error(ctx, LCC_ERANGE, "max_connections %d is outside 1..64 (0: %d)",
                          p.max_connections, DEFAULT_CONNECTIONS);
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK)
        return lcc__error(ctx, LCC_EIO, "libcurl failed to initialise: %s",
                          curl_easy_strerror(global_rc));

    const lcc_allocator *a = &ctx->alloc;
    struct lcc_curl_transport *t = lcc__calloc(a, 1, sizeof *t);
    if (!t)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    t->magic = CURLT_MAGIC;
    t->ctx = ctx;
    t->wake_fd[0] = t->wake_fd[1] = -1;
    t->hooked = p.socket_fn != NULL;
    t->socket_fn = p.socket_fn;
    t->timer_fn = p.timer_fn;
    t->hook_ud = p.hook_user_data;
    t->hash_bits = HASH_MIN_BITS;
    t->buckets = lcc__calloc(a, (size_t)1 << HASH_MIN_BITS, sizeof *t->buckets);
    t->user_agent = lcc__strdup(a, p.user_agent ? p.user_agent
                                                : "libcontactcore/" LCC_VERSION_STRING);
    if (p.ca_file)
        t->ca_file = lcc__strdup(a, p.ca_file);
    if (!t->buckets || !t->user_agent || (p.ca_file && !t->ca_file) ||
        (t->hooked && socks_reserve(t, 1))) {
        free_transport(t);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    if (t->hooked) {
        if (pipe(t->wake_fd) < 0) {
            int err = errno;
            t->wake_fd[0] = t->wake_fd[1] = -1;
            free_transport(t);
            return lcc__error(ctx, LCC_EIO, "cannot create the wake-up pipe: %s", strerror(err));
        }
        if (set_nonblock_cloexec(t->wake_fd[0]) || set_nonblock_cloexec(t->wake_fd[1])) {
            int err = errno;
            free_transport(t);
            return lcc__error(ctx, LCC_EIO, "cannot set up the wake-up pipe: %s", strerror(err));
        }
        t->socks[0].fd = t->wake_fd[0];
        t->socks[0].events = POLLIN;
        t->n_socks = 1;
    }
    t->multi = curl_multi_init();
    if (!t->multi) {
        free_transport(t);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory (curl_multi_init)");
    }
    CURLMcode mc = curl_multi_setopt(t->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                                     (long)p.max_connections);
    /* keep the connections of a burst for the next one (the default cache
     * shrinks to four per easy handle still attached); room for a few hosts
     * (API, login, proxy) */
    if (mc == CURLM_OK)
        mc = curl_multi_setopt(t->multi, CURLMOPT_MAXCONNECTS, (long)p.max_connections * 4);
    if (mc == CURLM_OK)
        mc = curl_multi_setopt(t->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    if (mc == CURLM_OK && t->hooked) {
        mc = curl_multi_setopt(t->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
        if (mc == CURLM_OK)
            mc = curl_multi_setopt(t->multi, CURLMOPT_SOCKETDATA, (void *)t);
        if (mc == CURLM_OK)
            mc = curl_multi_setopt(t->multi, CURLMOPT_TIMERFUNCTION, on_timer);
        if (mc == CURLM_OK)
            mc = curl_multi_setopt(t->multi, CURLMOPT_TIMERDATA, (void *)t);
    }
    if (mc != CURLM_OK) {
        free_transport(t);
        return lcc__error(ctx, LCC_EIO, "libcurl: %s", curl_multi_strerror(mc));
    }

    lcc_transport vt = LCC_TRANSPORT_INIT;
    vt.send = t_send;
    vt.cancel = t_cancel;
    vt.destroy = t_destroy;
    vt.poll = t_poll;
    vt.wake = t_wake;
    vt.user_data = t;
    lcc_status st = lcc_context_set_transport(ctx, &vt);
    if (st != LCC_OK) {
        free_transport(t); /* errmsg already says why */
        return st;
    }
    if (out)
        *out = t;
    return LCC_OK;
}

static int transport_ok(const lcc_curl_transport *t)
{
    return t && t->magic == CURLT_MAGIC;
}

LCC_API lcc_status lcc_curl_transport_action(lcc_curl_transport *t, int fd, int events)
{
    if (!transport_ok(t))
        return LCC_EMISUSE;
    if (!t->hooked)
        return LCC__MISUSE(t->ctx, "lcc_curl_transport_action: the transport was installed "
                                   "without socket_fn and timer_fn");
    if (fd < LCC_CURL_TIMEOUT || (events & ~(LCC_POLL_IN | LCC_POLL_OUT)))
        return LCC__MISUSE(t->ctx, "lcc_curl_transport_action: bad fd %d or events %d", fd,
                           events);
    int running;
    CURLMcode mc;
    if (fd == LCC_CURL_TIMEOUT)
        mc = curl_multi_socket_action(t->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    else
        mc = curl_multi_socket_action(t->multi, (curl_socket_t)fd,
                                      ((events & LCC_POLL_IN) ? CURL_CSELECT_IN : 0) |
                                          ((events & LCC_POLL_OUT) ? CURL_CSELECT_OUT : 0),
                                      &running);
    if (mc == CURLM_RECURSIVE_API_CALL) /* nothing may be removed from in there */
        return LCC__MISUSE(t->ctx, "lcc_curl_transport_action called from inside a "
                                   "socket or timer hook");
    drain(t);
    if (mc != CURLM_OK)
        return lcc__error(t->ctx, LCC_EIO, "libcurl: %s", curl_multi_strerror(mc));
    return LCC_OK;
}

LCC_API size_t lcc_curl_transport_in_flight(const lcc_curl_transport *t)
{
    return transport_ok(t) ? t->n_live : 0;
}
