/* The engine's REST surface for social listening interactions (SL-*), in
 * Genesys Cloud shapes under /api/v2/conversations/messages/{conversationId}:
 *  - POST .../communications/{communicationId}/socialmedia/messages:
 *    AdditionalSocialMediaMessage {textBody, mediaIds, inReplyToMessageId}
 *    -> 200 SocialMediaMessageData (a public reply);
 *  - POST .../communications/{communicationId}/messages in a social
 *    interaction: AdditionalMessage {textBody, mediaIds} -> 200 MessageData
 *    (a private message); other conversations are left to rest.c;
 *  - PATCH .../participants/{participantId}: MediaParticipantRequest
 *    {"state":"connected"} accepts, {"state":"disconnected"} declines an
 *    offer or ends the interaction, {"wrapup":{"code","notes"}} wraps up
 *    -> 202 without a body. */
#include "engine/rest.h"

#include <string.h>

#include "api/json_read.h"
#include "core/report.h"
#include "rules/social_rules.h"

#define ERR LCC_SEVERITY_ERROR
#define MAX_MEDIA 64 /* more are counted as this many: SL-ATTACH refuses them anyway */

typedef eng_answer answer;

/* Reads textBody, mediaIds and inReplyToMessageId of `o` into req
 * (borrowed from the tree; `media` has room for MAX_MEDIA); 0 after
 * answering 400. */
static int read_reply(answer *a, lcc_engine *e, const cJSON *o, eng_social_reply *req,
                      const char **media)
{
    static const char *const strings[] = {"textBody", "inReplyToMessageId", NULL};
    const cJSON *ids = lcc__json_item(o, "mediaIds");
    if (!lcc__rest_strings(a, e, o, strings))
        return 0;
    if (ids && !cJSON_IsArray(ids) && !cJSON_IsNull(ids)) {
        lcc__rest_fail(a, e, 400, "bad.request", "mediaIds must be a list of strings.");
        return 0;
    }
    size_t n = 0;
    for (const cJSON *m = lcc__json_first(ids); m; m = m->next) {
        if (!cJSON_IsString(m)) {
            lcc__rest_fail(a, e, 400, "bad.request", "mediaIds must be a list of strings.");
            return 0;
        }
        if (n < MAX_MEDIA)
            media[n++] = m->valuestring;
    }
    req->text = lcc__json_str(o, "textBody");
    req->media = media;
    req->n_media = n;
    req->in_reply_to = lcc__json_str(o, "inReplyToMessageId");
    return 1;
}

/* A reply (public or private) in social interaction `it`: the message, or
 * why not, as rest.c answers an AdditionalMessage. */
static void reply(answer *a, lcc_engine *e, eng_agent *by, eng_item *it, const char *comm_id,
                  int is_private, const char *body, size_t len)
{
    cJSON *o = lcc__rest_body(a, e, body, len);
    const char *media[MAX_MEDIA];
    eng_social_reply req = {comm_id, NULL, NULL, 0, NULL, is_private};
    lcc_report *r = NULL;
    if (o && read_reply(a, e, o, &req, media) && (r = lcc__rest_report(a, e))) {
        eng_msg *m = NULL;
        lcc_status st = lcc__eng_social_send(&m, r, e, by, it, &req);
        lcc__rest_answer_sent(a, e, r, st, m);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

/* A state change of the agent participant by its agent `by`: accept,
 * decline or end.  LCC_OK, or the refusal in r (LCC_EVALIDATION), or
 * another status with the context's errmsg. */
static lcc_status change_state(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it,
                               int connect)
{
    int alerting = it->state == LCC_ENGINE_OFFERED && it->agent == by;
    int connected = it->state == LCC_ENGINE_CONNECTED && it->agent == by && !it->mc->closed;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (connect && !alerting) {
        lcc__report_add(r, "SL-ACCEPT", "state", LCC_ESTATE, ERR,
                        "%s is not alerting agent \"%.100s\": only an offered interaction is "
                        "accepted, by the agent it alerts.",
                        it->id, by->id);
        return lcc__report_status(ctx, r);
    }
    if (connect) {
        lcc_status st = lcc__eng_social_may_accept(r, e, it, by);
        return st != LCC_OK ? st : lcc_engine_answer(e, by->id, it->id, 1);
    }
    if (alerting)
        return lcc_engine_answer(e, by->id, it->id, 0); /* SL-NORESPONSE */
    if (connected)
        return lcc_engine_end(e, it->id); /* SL-END: after-contact work follows */
    lcc__report_add(r, "SL-ACCEPT", "state", LCC_ESTATE, ERR,
                    "The participant of agent \"%.100s\" in %s is neither alerting nor "
                    "connected.",
                    by->id, it->id);
    return lcc__report_status(ctx, r);
}

/* PATCH .../{conversationId}/participants/{participantId}. */
static void patch_participant(answer *a, lcc_engine *e, eng_agent *by, eng_item *it,
                              const char *pid, const char *body, size_t len)
{
    const eng_mconv *mc = it->mc;
    if (!mc->agent || strcmp(pid, mc->agent_pid) != 0) {
        if (strcmp(pid, mc->customer_pid) == 0)
            lcc__rest_fail(a, e, 400, "bad.request",
                           "The customer participant of %s is not changed by an agent.", it->id);
        else
            lcc__rest_fail(a, e, 404, "not.found", "Participant %.100s was not found in %s.", pid,
                           it->id);
        return;
    }
    if (!by) {
        lcc__rest_fail(a, e, 403, "not.authorized",
                       "A participant is changed with its agent's token; an API client has no "
                       "agent.");
        return;
    }
    cJSON *o = lcc__rest_body(a, e, body, len);
    if (!o)
        return;
    const cJSON *state = lcc__json_item(o, "state"), *wrap = lcc__json_item(o, "wrapup");
    const char *s = cJSON_IsString(state) ? state->valuestring : NULL;
    int connect = s && strcmp(s, "connected") == 0;
    lcc_report *r = NULL;
    if ((state && !cJSON_IsNull(state) && !connect && !(s && strcmp(s, "disconnected") == 0)) ||
        (wrap && !cJSON_IsNull(wrap) && !cJSON_IsObject(wrap)))
        lcc__rest_fail(a, e, 400, "bad.request",
                       "state must be \"connected\" or \"disconnected\", and wrapup an object.");
    else if (!s && !cJSON_IsObject(wrap))
        lcc__rest_fail(a, e, 400, "bad.request", "Nothing to change: give a state or a wrapup.");
    else if ((lcc__json_item(wrap, "code") && !lcc__json_str(wrap, "code")) ||
             (lcc__json_item(wrap, "notes") && !lcc__json_str(wrap, "notes") &&
              !cJSON_IsNull(lcc__json_item(wrap, "notes"))))
        lcc__rest_fail(a, e, 400, "bad.request", "wrapup.code and wrapup.notes are strings.");
    else if ((r = lcc__rest_report(a, e))) {
        const char *code = lcc__json_str(wrap, "code"), *notes = lcc__json_str(wrap, "notes");
        lcc_status st = LCC_OK;
        /* Both at once (end and wrap up): the wrap-up is checked before the
         * state changes, so that a refused request changes nothing. */
        if (s && cJSON_IsObject(wrap))
            lcc__rules_wrapup(r, "SL-END", code, notes, 0);
        st = lcc__report_status(lcc__eng_ctx(e), r);
        if (st == LCC_OK && s)
            st = change_state(r, e, by, it, connect);
        if (st == LCC_OK && cJSON_IsObject(wrap))
            st = lcc__eng_wrap_up(r, e, by, it, "SL-END", code, notes, 0);
        if (st == LCC_OK)
            a->http = 202;
        else
            lcc__rest_refused(a, e, r, st);
    }
    lcc_report_free(r);
    cJSON_Delete(o);
}

int lcc__rest_social_dispatch(answer *a, lcc_engine *e, eng_agent *by, const char *method,
                              const char *const *seg, size_t n, const char *body, size_t len)
{
    int post = strcmp(method, "POST") == 0;
    eng_item *it;
    if (n == 3 && strcmp(method, "PATCH") == 0 && strcmp(seg[1], "participants") == 0) {
        if ((it = lcc__rest_find_mconv(a, e, seg[0])))
            patch_participant(a, e, by, it, seg[2], body, len);
        return 1;
    }
    if (n == 5 && post && strcmp(seg[1], "communications") == 0 &&
        strcmp(seg[3], "socialmedia") == 0 && strcmp(seg[4], "messages") == 0) {
        if ((it = lcc__rest_find_mconv(a, e, seg[0])))
            reply(a, e, by, it, seg[2], 0, body, len);
        return 1;
    }
    if (n == 4 && post && strcmp(seg[1], "communications") == 0 &&
        strcmp(seg[3], "messages") == 0 && (it = lcc__eng_mconv_find(e, seg[0])) &&
        lcc__eng_social(it)) {
        reply(a, e, by, it, seg[2], 1, body, len); /* SL-VISIBILITY: private */
        return 1;
    }
    return 0;
}
