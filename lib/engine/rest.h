/* The engine's REST surface, shared by the files that answer requests
 * (rest.c: callbacks, messaging on behalf of a queue, tokens, dispatch).
 * A handler fills an eng_answer: an HTTP status and a JSON body, either a
 * cJSON tree or text written with core/jsonw.h into the context allocator.
 * Error bodies are Genesys Cloud's {message, code, status, messageParams,
 * contextId, details, errors}. */
#ifndef LCC_ENGINE_REST_H
#define LCC_ENGINE_REST_H

#include <cjson/cJSON.h>

#include "core/jsonw.h"
#include "engine/engine.h"

/* What a handler answers. */
typedef struct eng_answer {
    int http;
    cJSON *json;   /* NULL: empty body, or `text` */
    lcc_status st; /* LCC_ENOMEM stops everything */
    char *text;    /* a body written directly (context allocator), instead of json */
    size_t text_len;
} eng_answer;

/* Answers `http` with a tree (NULL: out of memory). */
void lcc__rest_set_json(eng_answer *a, int http, cJSON *json);
/* Answers an error body with `code` and the formatted message. */
void lcc__rest_fail(eng_answer *a, lcc_engine *e, int http, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Answers the report's errors: the first is the body's message and code
 * (api/genesys_codes.c maps rule ids to codes and HTTP statuses), each is
 * in `errors` too. */
void lcc__rest_fail_report(eng_answer *a, lcc_engine *e, const lcc_report *r);
/* A change the engine did not make: LCC_EVALIDATION answers the report,
 * LCC_ENOMEM stops, anything else is a 500 with the context's errmsg. */
void lcc__rest_refused(eng_answer *a, lcc_engine *e, const lcc_report *r, lcc_status st);
/* Parses a JSON object body; NULL (nothing answered) when it is not one or
 * not strict JSON within the network limits (core/json_strict.h). */
cJSON *lcc__rest_object(const char *body, size_t len);
/* Parses a JSON object body; NULL after answering 400. */
cJSON *lcc__rest_body(eng_answer *a, lcc_engine *e, const char *body, size_t len);
/* The first of `keys` (NULL-terminated) present in o that is neither a
 * string nor null, or NULL. */
const char *lcc__rest_not_string(const cJSON *o, const char *const *keys);
/* 1 when each of o[keys] is absent, null or a string; else answers 400
 * "<key> must be a string.". */
int lcc__rest_strings(eng_answer *a, lcc_engine *e, const cJSON *o, const char *const *keys);
/* A new report, or NULL after answering (out of memory). */
lcc_report *lcc__rest_report(eng_answer *a, lcc_engine *e);
/* Answers 200 with the text of a writer, or out of memory / 500. */
void lcc__rest_answer_jw(eng_answer *a, lcc_engine *e, lcc__jw *w);
/* Writes "key": an ISO-8601 UTC instant. */
void lcc__rest_jw_time(lcc__jw *w, const char *key, int64_t ms);
/* Splits "a/b/c" (the path after a collection's '/') into at most `max`
 * segments, in place in `buf`; the count, or 0 when empty or too many. */
size_t lcc__rest_segments(char *buf, size_t cap, const char *rest, const char **seg, size_t max);

/* Messaging views: MessageData of one message, MessageConversation. */
void lcc__rest_answer_message(eng_answer *a, lcc_engine *e, const eng_msg *m);
/* The answer to a message send that ended with st: its MessageData, or the
 * refusal (409 closed, 403 not assigned, 404, 400, or the report). */
void lcc__rest_answer_sent(eng_answer *a, lcc_engine *e, const lcc_report *r, lcc_status st,
                           const eng_msg *m);
void lcc__rest_answer_mconv(eng_answer *a, lcc_engine *e, const eng_item *it);
/* A messaging conversation by id, or NULL after answering 404. */
eng_item *lcc__rest_find_mconv(eng_answer *a, lcc_engine *e, const char *id);

/* rest_social.c: the social listening requests under
 * /api/v2/conversations/messages (`seg`, `n`: the path's segments after
 * it).  1 when answered, 0 when the request is not one of them. */
/* rest_tasks.c: every request under /v1/ (Webex Contact Center: outbound
 * tasks, OB-*, and the buddy list), answered in Webex shapes.  `authed`:
 * the bearer token is valid (`by` NULL for an API client). */
void lcc__rest_tasks(eng_answer *a, lcc_engine *e, int authed, eng_agent *by, const char *method,
                     const char *path, const char *body, size_t len);
/* A Webex ApiErrorResponse for the report's errors: {"trackingId", "error":
 * {"key": the first error's code, "message": [{"description", "code"} for
 * each error]}}, with the first error's HTTP status (api/genesys_codes.c). */
void lcc__rest_fail_webex(eng_answer *a, lcc_engine *e, const lcc_report *r);

int lcc__rest_social_dispatch(eng_answer *a, lcc_engine *e, eng_agent *by, const char *method,
                              const char *const *seg, size_t n, const char *body, size_t len);

#endif
