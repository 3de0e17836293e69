/* Test helper: runs tests/server/gcserver.py, the local Genesys Cloud stand-in, and talks to it.
 *
 * The server listens on 127.0.0.1 and prints "PORT <n>"; its /_test/ endpoints control it
 * (fault injection, request log, counters, reset, clock). Calls go through libcurl's easy API,
 * one connection per call, so they never share a connection with the code under test and the
 * server does not count them among its API "connections". */
#ifndef LCC_TEST_GCSERVER_H
#define LCC_TEST_GCSERVER_H

#include <sys/types.h>

typedef struct gcserver {
    pid_t pid;          /* 0 when not running */
    int port;
    char base_url[64];  /* "http://127.0.0.1:<port>", "https://..." when started with --tls-cert */
} gcserver;

/* Starts /usr/bin/python3 <script> <extra_args...> (extra_args NULL-terminated, or NULL) and
 * waits up to 10 s for its "PORT n" line. The server gets SIGTERM when the thread that started
 * it exits (PR_SET_PDEATHSIG), so a crashed test leaves no server behind. Returns 0, or -1 with
 * a message on stderr. */
int gcserver_start(gcserver *s, const char *script, const char *const *extra_args);

/* SIGTERM and wait (SIGKILL after 5 s); safe to call twice. */
void gcserver_stop(gcserver *s);

/* One HTTP request to the server (control or API): method, path ("/_test/stats"), body or NULL.
 * A body is sent as application/json. Returns the HTTP status, or -1 on a transport error. When
 * out is not NULL, *out receives the response body, malloc'd and NUL-terminated (NULL on -1). */
int gcserver_call(const gcserver *s, const char *method, const char *path, const char *body, char **out);

/* gcserver_call with extra request headers, a NULL-terminated list of "Name: value" (or NULL).
 * A Content-Type among them replaces the default application/json. */
int gcserver_request(const gcserver *s, const char *method, const char *path, const char *const *headers,
                     const char *body, char **out);

/* Appends fault rules: the argument is one rule object or a JSON array of them, e.g.
 * {"match": "POST /api/v2/conversations/callbacks", "kind": "status", "status": 503}.
 * Returns 0, or -1 with a message on stderr. */
int gcserver_add_fault(const gcserver *s, const char *fault_json_array_or_object);

/* Clears everything: callbacks, faults, logs, tokens, counters, clock. Returns 0 or -1. */
int gcserver_reset(const gcserver *s);

/* "callbacks" (stored), "violations" (schema violations), "connections" (TCP connections that
 * carried API or OAuth requests), "tokens_issued" or "requests" (API and OAuth requests).
 * Returns the count, or -1 with a message on stderr. */
long gcserver_count(const gcserver *s, const char *what);

#endif
