/* An agent's part in a message or social listening interaction (SL-ACCEPT,
 * SL-NORESPONSE, SL-END) through operations: GET
 * /api/v2/conversations/messages/{id} finds the agent's participant and
 * its state, then PATCH .../participants/{participantId} changes it
 * (MediaParticipantRequest: a state, or a wrap-up).  The rules the client
 * can know are checked before any request; what only the backend knows
 * (is the participant alerting now?) is checked after the GET. */
#include <string.h>

#include "api/genesys.h"
#include "contactcore/agent.h"
#include "contactcore/queue.h"
#include "core/alloc.h"
#include "core/report.h"
#include "model/model.h"
#include "rules/outbound_rules.h"
#include "transport/io.h"

#define OK(c) lcc__handle_ok((c), LCC__MAGIC_CONVERSATION)
#define MESSAGES_PATH "/api/v2/conversations/messages"
#define ERR LCC_SEVERITY_ERROR

enum action { REFRESH, ACCEPT, DECLINE, END, WRAP_UP };

/* What each action needs of the participant, and what it leaves. */
static const struct {
    const char *rule, *name, *patch_state;
    lcc_interaction_state from, to;
} actions[] = {
    [REFRESH] = {NULL, "refreshed", NULL, LCC_INTERACTION_UNKNOWN, LCC_INTERACTION_UNKNOWN},
    [ACCEPT] = {"SL-ACCEPT", "accepted", "connected", LCC_INTERACTION_ALERTING,
                LCC_INTERACTION_CONNECTED},
    [DECLINE] = {"SL-NORESPONSE", "declined", "disconnected", LCC_INTERACTION_ALERTING,
                 LCC_INTERACTION_DONE},
    [END] = {"SL-END", "ended", "disconnected", LCC_INTERACTION_CONNECTED,
             LCC_INTERACTION_WRAPUP},
    [WRAP_UP] = {"SL-END", "wrapped up", NULL, LCC_INTERACTION_WRAPUP, LCC_INTERACTION_DONE},
};

/* op->data: one block, the strings after the struct.  `c` first: cleared
 * when the conversation is freed first. */
struct job {
    lcc_conversation *c;
    enum action action;
    int patched; /* the PATCH was sent: its answer is the last */
    const char *user, *code, *notes;
};

static const char *state_words(lcc_interaction_state s)
{
    switch (s) {
    case LCC_INTERACTION_ALERTING: return "alerting";
    case LCC_INTERACTION_CONNECTED: return "connected";
    case LCC_INTERACTION_WRAPUP: return "ended, waiting for its wrap-up";
    case LCC_INTERACTION_DONE: return "over";
    default: return "unknown";
    }
}

/* The refusal of an action the participant's state does not allow. */
static void add_state_entry(lcc_report *r, enum action a, const char *agent_id,
                            lcc_interaction_state s)
{
    if (s == LCC_INTERACTION_UNKNOWN)
        lcc__report_add(r, actions[a].rule, "state", LCC_ESTATE, ERR,
                        "Agent \"%.100s\" has no part in the interaction: it cannot be %s.",
                        agent_id, actions[a].name);
    else
        lcc__report_add(r, actions[a].rule, "state", LCC_ESTATE, ERR,
                        "The interaction is %s for agent \"%.100s\": only one that is %s can be "
                        "%s.",
                        state_words(s), agent_id, state_words(actions[a].from), actions[a].name);
}

static lcc_status interaction_success(struct lcc_op *op, int http, const char *body, size_t len)
{
    (void)http;
    struct job *j = op->data;
    lcc_conversation *c = j->c;
    if (!c)
        return LCC_ECANCELED;
    lcc_context *ctx = op->h.ctx;
    if (j->patched) {
        c->state = actions[j->action].to;
        return LCC_OK;
    }
    char *pid = NULL;
    lcc_interaction_state s;
    lcc_status st = lcc__gc_parse_participant(&pid, &s, ctx, body, len, j->user);
    if (st != LCC_OK)
        return st;
    c->state = s;
    if (j->action == REFRESH) {
        lcc__free(&ctx->alloc, pid);
        return LCC_OK;
    }
    if (s != actions[j->action].from) {
        lcc__free(&ctx->alloc, pid);
        lcc_report *r = lcc__op_report(op);
        if (!r)
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        add_state_entry(r, j->action, j->user, s);
        return lcc__report_status(ctx, r);
    }
    char *path = lcc__gc_path(ctx, MESSAGES_PATH, c->o.id, "/participants/", pid, NULL), *req = NULL;
    size_t req_len = 0;
    lcc__free(&ctx->alloc, pid);
    st = path ? lcc__gc_participant_body(&req, &req_len, ctx, actions[j->action].patch_state,
                                         j->code, j->notes)
              : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st == LCC_OK) {
        j->patched = 1;
        /* Not resent after an unknown outcome: the state may have changed. */
        st = lcc__op_next(op, "PATCH", 0, path, req, req_len);
        return st == LCC_OK ? LCC_EPENDING : st;
    }
    lcc__free(&ctx->alloc, path);
    return st;
}

static void interaction_finished(struct lcc_op *op, lcc_status status)
{
    (void)status;
    struct job *j = op->data;
    if (j->c && j->c->busy == op)
        j->c->busy = NULL;
}

static const lcc__op_class interaction_class = {LCC_OP_INTERACTION, interaction_success,
                                                interaction_finished, NULL};

void lcc__conversation_forget_op(lcc_conversation *c)
{
    struct lcc_op *op = c->busy;
    if (!op)
        return;
    ((struct job *)op->data)->c = NULL; /* the op no longer touches it */
    c->busy = NULL;
    lcc__op_finish(op, LCC_ECANCELED, "the conversation was freed");
}

/* Copies s after the job (at *at) and returns the copy; NULL stays NULL. */
static const char *put(char **at, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*at, s, n);
    *at += n;
    return *at - n;
}

/* Starts the GET of the conversation for `action`. */
static lcc_status start(lcc_op **out, lcc_conversation *c, const char *user, enum action action,
                        const char *code, const char *notes)
{
    lcc_context *ctx = c->o.h.ctx;
    size_t extra = strlen(user) + 1 + (code ? strlen(code) + 1 : 0) + (notes ? strlen(notes) + 1 : 0);
    struct job *j = lcc__malloc(&ctx->alloc, sizeof *j + extra);
    char *path = lcc__gc_path(ctx, MESSAGES_PATH, c->o.id, NULL, NULL, NULL);
    struct lcc_op *op = NULL;
    lcc_status st = j && path ? lcc__op_new(&op, ctx, &interaction_class, "GET", 1)
                              : lcc__error(ctx, LCC_ENOMEM, "out of memory");
    if (st != LCC_OK) {
        lcc__free(&ctx->alloc, j);
        lcc__free(&ctx->alloc, path);
        return st;
    }
    char *at = (char *)(j + 1);
    j->c = c;
    j->action = action;
    j->patched = 0;
    j->user = put(&at, user);
    j->code = put(&at, code);
    j->notes = put(&at, notes);
    lcc__op_set_request(op, path, NULL, 0);
    op->data = j;
    c->busy = op; /* before sending: a token hook may finish it at once */
    if ((st = lcc__op_start(op)) != LCC_OK) { /* frees op and j, without `finished` */
        c->busy = NULL;
        return st;
    }
    *out = op;
    return LCC_OK;
}

static int is_messaging(const lcc_conversation *c)
{
    return c->media == LCC_MEDIA_MESSAGE || c->media == LCC_MEDIA_SOCIAL;
}

/* The checks the client can make before any request, in r. */
static void precheck(lcc_report *r, const lcc_conversation *c, const lcc_agent *ag,
                     enum action a)
{
    const char *rule = actions[a].rule, *who = lcc_agent_id(ag);
    if (!is_messaging(c))
        lcc__report_add(r, rule, "media", LCC_ENOTSUP, ERR,
                        "Only message and social interactions are %s here.", actions[a].name);
    if (a == ACCEPT && !lcc_agent_has_permission(ag, LCC_PERM_MESSAGE_ACCEPT))
        lcc__report_add(r, "SL-PERM", "permissions", LCC_EPERM, ERR,
                        "Accepting an interaction needs the permission %s.",
                        LCC_PERM_MESSAGE_ACCEPT);
    if (a == ACCEPT || a == DECLINE) {
        lcc_queue *q = c->queue_id ? lcc_context_find_queue(c->o.h.ctx, c->queue_id) : NULL;
        if (q && !lcc_queue_has_member(q, who))
            lcc__report_add(r, "SL-ACCEPT", "queue", LCC_EPERM, ERR,
                            "Agent \"%.100s\" is not a member of queue \"%.100s\": only its "
                            "members on queue are offered its interactions.",
                            who, c->queue_id);
    }
    if (c->agent_id && strcmp(c->agent_id, who) != 0)
        lcc__report_add(r, rule, "agent", LCC_EPERM, ERR,
                        "The interaction is agent \"%.100s\"'s: agent \"%.100s\" cannot %s it.",
                        c->agent_id, who,
                        a == ACCEPT    ? "accept"
                        : a == DECLINE ? "decline"
                        : a == END     ? "end"
                                       : "wrap up");
    if (c->state != LCC_INTERACTION_UNKNOWN && c->state != actions[a].from)
        add_state_entry(r, a, who, c->state);
}

/* The public entry points: argument checks, the client's rules, then the GET. */
static lcc_status act(lcc_op **op, lcc_report **report, lcc_conversation *c, const lcc_agent *ag,
                      enum action a, const char *code, const char *notes)
{
    if (op)
        *op = NULL;
    if (report)
        *report = NULL;
    if (!OK(c))
        return LCC_EMISUSE;
    lcc_context *ctx = c->o.h.ctx;
    if (!op || !lcc__handle_ok(ag, LCC__MAGIC_AGENT) || ((const lcc__handle *)ag)->ctx != ctx)
        return LCC__MISUSE(ctx, "interaction: NULL op, or not an agent of the context");
    if (c->busy)
        return lcc__error(ctx, LCC_ESTATE, "an operation on the conversation is in flight");
    if (a == REFRESH) {
        if (!is_messaging(c))
            return lcc__error(ctx, LCC_EINVAL, "not a message or social interaction");
        return start(op, c, lcc_agent_id(ag), a, NULL, NULL);
    }
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    precheck(r, c, ag, a);
    if (a == WRAP_UP)
        lcc__rules_wrapup(r, "SL-END", code, notes, 0);
    lcc_status st = lcc__report_status(ctx, r);
    if (st == LCC_EVALIDATION && report)
        *report = r;
    else
        lcc_report_free(r);
    return st == LCC_OK ? start(op, c, lcc_agent_id(ag), a, code, notes) : st;
}

LCC_API lcc_status lcc_conversation_accept(lcc_op **op, lcc_report **report, lcc_conversation *c,
                                           const lcc_agent *agent)
{
    return act(op, report, c, agent, ACCEPT, NULL, NULL);
}

LCC_API lcc_status lcc_conversation_decline(lcc_op **op, lcc_report **report,
                                            lcc_conversation *c, const lcc_agent *agent)
{
    return act(op, report, c, agent, DECLINE, NULL, NULL);
}

LCC_API lcc_status lcc_conversation_end(lcc_op **op, lcc_report **report, lcc_conversation *c,
                                        const lcc_agent *agent)
{
    return act(op, report, c, agent, END, NULL, NULL);
}

LCC_API lcc_status lcc_conversation_wrap_up(lcc_op **op, lcc_report **report,
                                            lcc_conversation *c, const lcc_agent *agent,
                                            const char *code, const char *notes)
{
    return act(op, report, c, agent, WRAP_UP, code, notes);
}

LCC_API lcc_status lcc_conversation_refresh(lcc_op **op, lcc_conversation *c,
                                            const lcc_agent *agent)
{
    return act(op, NULL, c, agent, REFRESH, NULL, NULL);
}

LCC_API lcc_interaction_state lcc_conversation_state(const lcc_conversation *c)
{
    return OK(c) ? c->state : LCC_INTERACTION_UNKNOWN;
}
