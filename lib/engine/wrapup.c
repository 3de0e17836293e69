/* After-contact work (SL-END, OB-WRAPUP): one mechanism for every
 * interaction whose end is followed by a wrap-up.  The item records whose
 * wrap-up it waits for (eng_item.wrapup_by); an occupying wrap-up also
 * counts on the agent (eng_agent.wrapups), which keeps them out of routing
 * (lcc__eng_available()) with their routing status as it was, interacting
 * for a routed interaction.  The wrap-up given is kept on the item. */
#include "engine/engine.h"

#include <string.h>

#include "core/alloc.h"
#include "core/report.h"
#include "rules/outbound_rules.h"
#include "rules/social_rules.h"

#define OK(e) lcc__handle_ok((e), LCC__MAGIC_ENGINE)
#define ERR LCC_SEVERITY_ERROR

/* The agent of an occupying wrap-up is no longer held by it; 1 when they
 * are held by nothing else now. */
static int release(eng_item *it)
{
    eng_agent *a = it->wrapup_by;
    int freed = 0;
    if (a && it->wrapup_occupy && a->wrapups) {
        a->wrapups--;
        freed = a->wrapups == 0;
    }
    it->wrapup_by = NULL;
    it->wrapup_occupy = 0;
    return freed;
}

/* The agent has no wrap-up holding them: an agent interacting with nothing
 * becomes idle, and may be offered the next interaction at once. */
static void agent_free(lcc_engine *e, eng_agent *a)
{
    if (a->active || a->wrapups)
        return;
    if (a->routing == LCC_ROUTING_INTERACTING)
        lcc__eng_set_routing(e, a, LCC_ROUTING_IDLE);
    lcc__eng_agent_changed(e, a);
}

void lcc__eng_wrapup_require(lcc_engine *e, eng_item *it, eng_agent *a, int occupy)
{
    const lcc_allocator *al = &lcc__eng_ctx(e)->alloc;
    eng_agent *before = it->wrapup_by;
    int freed = release(it);
    lcc__free(al, it->wrapup_code);
    lcc__free(al, it->wrapup_reason);
    it->wrapup_code = it->wrapup_reason = NULL;
    it->wrapup_by = a;
    it->wrapup_occupy = occupy != 0;
    if (occupy)
        a->wrapups++;
    /* A wrap-up the item still waited for from someone else is replaced:
     * that agent is not held for an interaction another agent handled since. */
    if (freed && before != a)
        agent_free(e, before);
}

void lcc__eng_wrapup_drop(lcc_engine *e, eng_item *it)
{
    (void)e;
    release(it);
}

lcc_status lcc__eng_wrap_up(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it,
                            const char *rule, const char *code, const char *reason,
                            int reason_required)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!by || it->wrapup_by != by)
        lcc__report_add(r, rule, "state", LCC_ESTATE, ERR,
                        it->wrapup_code && !it->wrapup_by
                            ? "%s has been wrapped up already."
                            : "%s waits for no wrap-up from this agent: only an ended interaction "
                              "is wrapped up, by the agent who handled it.",
                        it->id);
    lcc__rules_wrapup(r, rule, code, reason, reason_required);
    lcc_status st = lcc__report_status(ctx, r);
    if (st != LCC_OK)
        return st;
    char *c = lcc__strdup(&ctx->alloc, code);
    char *why = c && reason ? lcc__strdup(&ctx->alloc, reason) : NULL;
    if (!c || (reason && !why)) {
        lcc__free(&ctx->alloc, c);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    lcc__free(&ctx->alloc, it->wrapup_code);
    lcc__free(&ctx->alloc, it->wrapup_reason);
    it->wrapup_code = c;
    it->wrapup_reason = why;
    if (release(it))
        agent_free(e, by);
    return LCC_OK;
}

/* ---- public ---- */

LCC_API lcc_status lcc_engine_wrap_up(lcc_report **report, lcc_engine *e, const char *agent_id,
                                      const char *conversation_id, const char *code,
                                      const char *reason)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!agent_id || !conversation_id)
        return LCC__MISUSE(ctx, "agent_id and conversation_id must not be NULL");
    lcc_status st = LCC_OK;
    eng_agent *by = lcc__eng_agent(e, agent_id, &st);
    if (!by)
        return st;
    eng_item *it = lcc__map_get(&e->items, conversation_id);
    if (!it)
        return lcc__error(ctx, LCC_ENOTFOUND, "conversation \"%.100s\" does not exist",
                          conversation_id);
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    /* A social interaction's wrap-up notes are optional (Genesys); the
     * reason of any other wrap-up is required (Webex wrapUpReason). */
    int social = lcc__eng_social(it);
    st = lcc__eng_wrap_up(r, e, by, it, social ? "SL-END" : "OB-WRAPUP", code, reason, !social);
    if (report && st != LCC_ENOMEM)
        *report = r;
    else
        lcc_report_free(r);
    return st;
}

LCC_API lcc_status lcc_engine_wrapup(const char **code, const char **reason, lcc_engine *e,
                                     const char *conversation_id)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!conversation_id)
        return LCC__MISUSE(ctx, "conversation_id must not be NULL");
    const eng_item *it = lcc__map_get(&e->items, conversation_id);
    if (!it)
        return lcc__error(ctx, LCC_ENOTFOUND, "conversation \"%.100s\" does not exist",
                          conversation_id);
    if (it->wrapup_by)
        return lcc__error(ctx, LCC_EPENDING, "%s waits for the wrap-up of agent \"%.100s\"",
                          it->id, it->wrapup_by->id);
    if (!it->wrapup_code)
        return lcc__error(ctx, LCC_ESTATE, "%s has no wrap-up", it->id);
    if (code)
        *code = it->wrapup_code;
    if (reason)
        *reason = it->wrapup_reason;
    return LCC_OK;
}
