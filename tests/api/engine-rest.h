/* Requests to the embedded engine as the REST suites make them: log in
 * with HTTP Basic client credentials, then call with the bearer token. */
#ifndef LCC_TEST_ENGINE_REST_H
#define LCC_TEST_ENGINE_REST_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "contactcore/contactcore.h"

static inline void engine_b64(char *out, const char *in)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(in), o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)in[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)in[i + 2];
        out[o++] = t[v >> 18];
        out[o++] = t[(v >> 12) & 63];
        out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    out[o] = '\0';
}

/* "Bearer <token>" of client id `who` (an agent's id, or any other id for
 * an API client) from POST /oauth/token with HTTP Basic. */
static inline void engine_login(char auth[128], lcc_engine *e, const char *who)
{
    char cred[64], basic[128];
    snprintf(cred, sizeof cred, "%s:secret", who);
    engine_b64(basic + 6, cred);
    memcpy(basic, "Basic ", 6);
    int http = 0;
    char *resp = NULL;
    size_t len = 0;
    const char *body = "grant_type=client_credentials";
    ck_assert_int_eq(lcc_engine_handle(&http, &resp, &len, e, "POST", "/oauth/token", basic, body,
                                       strlen(body)),
                     LCC_OK);
    ck_assert_int_eq(http, 200);
    const char *tok = strstr(resp, "\"access_token\":\"");
    ck_assert_ptr_nonnull(tok);
    tok += strlen("\"access_token\":\"");
    snprintf(auth, 128, "Bearer %.*s", (int)strcspn(tok, "\""), tok);
    lcc_free(resp);
}

/* Sends a request as `who`; returns the body (a static buffer, valid until
 * the next call) and sets the HTTP status. */
static inline const char *engine_call(int *http, lcc_engine *e, const char *who,
                                      const char *method, const char *path, const char *body)
{
    static char out[16384];
    char auth[128];
    engine_login(auth, e, who);
    char *resp = NULL;
    size_t len = 0;
    ck_assert_int_eq(lcc_engine_handle(http, &resp, &len, e, method, path, auth, body,
                                       body ? strlen(body) : 0),
                     LCC_OK);
    ck_assert_uint_eq(strlen(resp), len);
    snprintf(out, sizeof out, "%s", resp);
    lcc_free(resp);
    return out;
}

#endif
