/* contactcore-native-host: a browser native-messaging host on
 * libcontactcore (examples/native-host).  What the files share.
 *
 *   main.c              command line, --help, the serving loop (poll(2) on
 *                       stdin between messages, engine timers, events)
 *   framing.c           the 32-bit length prefix: reading frames without
 *                       holding more than the limit, writing them whole
 *   dispatch.c          a frame -> a request -> a method -> one reply;
 *                       replies and errors, events as messages
 *   config.c            the configuration file, the backend (engine with its
 *                       store, or HTTP), the demo directory, the origin check
 *   methods_callback.c  callback.defaults|validate|schedule|list|cancel|reschedule
 *   methods_message.c   message.send, social.reply
 *   methods_misc.c      hello, ping, text.measure, tz.list, tz.convert
 *   install.c           install / uninstall: the browser's host manifest
 *
 * The message contract is protocol.md.  Only the public API
 * (include/contactcore) is used, with cJSON to read requests and the
 * examples' JSON writer (examples/common) to write replies.
 */
#ifndef NH_HOST_H
#define NH_HOST_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <contactcore/contactcore.h>

#include "cc_jw.h"
#include "cc_util.h"

#define NH_PROGRAM "contactcore-native-host"
#define NH_HOST_NAME "com.contactcore.host"
/* The browser refuses a host -> browser message over 1 MiB. */
#define NH_MAX_REPLY ((size_t)1 << 20)
#define NH_DEFAULT_MAX_REQUEST ((size_t)1 << 20)
/* The browser sends at most 64 MiB; a configuration may not ask for more. */
#define NH_MAX_REQUEST_LIMIT ((size_t)64 << 20)
#define NH_MIN_REQUEST_LIMIT ((size_t)1024)

/* Exit statuses (--help says the same). */
enum {
    NH_EXIT_OK = 0,     /* stdin closed between two messages */
    NH_EXIT_STREAM = 1, /* the stream ended badly or was refused: EOF inside a
                           message, a message over the limit, stdout closed,
                           the caller's origin not allowed */
    NH_EXIT_USAGE = 2,  /* bad command line */
    NH_EXIT_CONFIG = 3  /* the configuration or the backend cannot be used (the
                           first request is answered ECONFIG with the reason) */
};

/* ---- logging (main.c): one line to stderr, never a secret ---- */
void nh_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- framing (framing.c) ---- */

typedef enum nh_frame_status {
    NH_FRAME = 0,  /* a whole message: body, len */
    NH_MORE = 1,   /* nothing whole buffered: read more */
    NH_TOOBIG = 2  /* the declared length is over the limit (declared) */
} nh_frame_status;

typedef struct nh_reader {
    int fd;
    size_t max;              /* the largest body accepted */
    unsigned char in[65536]; /* read-ahead */
    size_t in_pos, in_len;
    unsigned char hdr[4];
    size_t hdr_got;
    int in_body;             /* the header is complete */
    uint32_t declared;       /* its length */
    char *body;              /* grows to the largest message seen (+1 for a NUL) */
    size_t body_cap, body_got;
} nh_reader;

void nh_reader_init(nh_reader *r, int fd, size_t max);
void nh_reader_free(nh_reader *r);
/* One read(2) (when nothing is buffered): >0 bytes, 0 at EOF, -1 (errno). */
long nh_reader_fill(nh_reader *r);
/* The next whole message, if buffered.  The body is NUL-terminated and
 * valid until the next call. */
nh_frame_status nh_reader_next(nh_reader *r, const char **body, size_t *len, uint32_t *declared);
/* 1 when part of a message (or of its length) was read. */
int nh_reader_partial(const nh_reader *r, size_t *got, size_t *want);
/* Writes the length and the body; 0, or -1 with errno (EPIPE: the reader
 * went away). */
int nh_write_frame(int fd, const char *body, size_t len);

/* ---- configuration (config.c) ---- */

typedef struct nh_config {
    char path[4096];     /* the file read ("" when none was found) */
    int http;            /* "backend": "http" */
    char store[4096];    /* the engine's SQLite file, or ":memory:" */
    char agent[256];     /* the acting agent */
    char *url, *login_url, *ca_file; /* HTTP backend */
    char *queue;         /* HTTP: the queue of stand-in conversations, or NULL */
    char time_zone[128]; /* the demo / stand-in agent's zone */
    char **origins;      /* allowed_origins */
    size_t n_origins;
    size_t max_request;  /* max_request_bytes */
    int demo;            /* -1: not said (demo when the store is new) */
} nh_config;

/* Fills cfg from the file (`path`, or the default place when NULL).
 * 0, or -1 with the reason in err. */
int nh_config_load(nh_config *cfg, const char *path, char *err, size_t errlen);
void nh_config_free(nh_config *cfg);

/* ---- the host ---- */

/* What the demo made, for hello and the defaults. */
typedef struct nh_demo {
    int on;
    char conversation[128];        /* the ACD call with a caller number */
    char social[128];              /* a social interaction the agent accepted */
    char social_message[128];      /* its public post (the reply's in_reply_to) */
    lcc_channel social_channel;
} nh_demo;

typedef struct nh_host {
    nh_config cfg;
    int cfg_ok;
    char cfg_error[1024];   /* why not, for the ECONFIG reply */
    const char *origin;     /* the caller, from the command line */
    const lcc_allocator *alloc; /* the context's allocator; NULL: the C library's
                                   (tests/api/test-native-host-sweep.c sets one) */
    int64_t (*now_ms)(void *);  /* the context's clock; NULL: the real one (the fuzz
                                   target fixes it, so that its seeds' dates stay ahead) */

    lcc_context *ctx;
    lcc_engine *eng;        /* engine backend */
    lcc_agent *agent;       /* the acting agent (NULL: not in the directory) */
    int remote;             /* HTTP backend */
    nh_demo demo;

    int out_fd;
    jw_mem out;             /* the reply being written (limit NH_MAX_REPLY) */
    int stop;               /* 1: leave the loop with exit_code */
    int exit_code;
    unsigned long long handled;
    /* HTTP: the callbacks this process scheduled or took in, to find them
     * by the backend's id for cancel and reschedule. */
    lcc_callback **held;
    size_t n_held, cap_held;
} nh_host;

/* Opens the backend of h->cfg (and the demo).  0, or -1 with h->cfg_error. */
int nh_backend_open(nh_host *h);
void nh_backend_close(nh_host *h);
/* 1 when h->origin is allowed by the configuration. */
int nh_origin_allowed(const nh_host *h);
/* HTTP: the local stand-in queue `id` the client rules need (members: the
 * agent; choices allowed so the backend judges).  LCC_OK or the failure. */
lcc_status nh_local_queue(nh_host *h, const char *id);
/* The agent's zone, or "UTC". */
const char *nh_agent_zone(const nh_host *h);

/* ---- requests (dispatch.c) ---- */

typedef struct nh_req {
    nh_host *h;
    const cJSON *id;     /* NULL: null */
    const cJSON *params; /* an object (an empty one when none was sent) */
    jw w;
    int answered;
} nh_req;

/* Handles one whole message: one reply (and the events after it). */
void nh_handle_frame(nh_host *h, const char *body, size_t len);
/* A reply for a request that could not be read: {"id": null, "error"}. */
void nh_reply_error_noid(nh_host *h, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Answers the first message of a caller whose origin is not allowed:
 * EORIGIN (with the request's id when it has one), then stops the host. */
void nh_refuse_origin(nh_host *h, const char *body, size_t len);
/* Sends the engine's and the library's queued events as messages. */
void nh_push_events(nh_host *h);
/* Sends h->out as one message; on a write failure logs it and stops the
 * host. */
void nh_send(nh_host *h);

/* Starts {"id": ..., "result": and returns the writer: the method writes
 * one value (an object), then calls nh_result_end(). */
jw *nh_result(nh_req *r);
void nh_result_end(nh_req *r);
/* An error reply: code, message, and the report's entries when r is not
 * NULL and has some. */
void nh_error(nh_req *q, const char *code, const lcc_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* An error for a library status: its name as the code; the message is
 * `what: ` and the context's detail (or, with a report, its first error
 * "RULE: sentence (N problems)"). */
void nh_error_status(nh_req *q, lcc_status st, const lcc_report *rep, const char *what);
/* EINVAL for a parameter, with one report entry (rule "INPUT") naming it,
 * so that a form can show it next to the field. */
void nh_error_param(nh_req *q, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with another code (EUNKNOWN_ZONE for a zone, ...). */
void nh_error_field(nh_req *q, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* EINVAL with several INPUT entries at once (every malformed field). */
void nh_error_inputs(nh_req *q, size_t n, const char *const *fields,
                     const char *const *messages);
/* Machine names of a delivery state: "queued", "sent", "pending", ... */
const char *nh_delivery_name(lcc_delivery_state s);

/* Parameters.  Each returns 0 (*out set, or left as it was when the
 * parameter is absent or null and not required) or -1 after replying
 * EINVAL. */
int nh_param_str(nh_req *q, const char *key, int required, const char **out);
int nh_param_bool(nh_req *q, const char *key, int *out);
int nh_param_uint(nh_req *q, const char *key, unsigned long max, unsigned long *out);
/* The agent, or -1 after replying ENOTFOUND / ECONFIG. */
int nh_need_agent(nh_req *q);

/* ---- methods ---- */

typedef void (*nh_method_fn)(nh_req *q);

void m_hello(nh_req *q);
void m_ping(nh_req *q);
void m_text_measure(nh_req *q);
void m_tz_list(nh_req *q);
void m_tz_convert(nh_req *q);
void m_callback_defaults(nh_req *q);
void m_callback_validate(nh_req *q);
void m_callback_schedule(nh_req *q);
void m_callback_list(nh_req *q);
void m_callback_cancel(nh_req *q);
void m_callback_reschedule(nh_req *q);
void m_message_send(nh_req *q);
void m_social_reply(nh_req *q);

/* ---- install (install.c) ---- */

int nh_install(int argc, char **argv, int uninstall);

#endif
