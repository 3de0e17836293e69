/* Scheduling, cancelling and rescheduling callbacks in the engine, with the
 * CB-* rules applied server-side (the same pure checks as the client), and
 * the supervisor's list. */
#include "engine/engine.h"
#include "engine/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/report.h"
#include "model/model.h"
#include "phone/phone.h"
#include "rules/callback_rules.h"
#include "time/zone.h"
#include "transport/io.h"

#define OK(e) lcc__handle_ok((e), LCC__MAGIC_ENGINE)
#define API_CLIENT "API client"

static int member_of(const lcc_queue *q, const char *agent_id)
{
    return q && agent_id && lcc__strlist_find(&q->members, agent_id) >= 0;
}

/* Parses an E.164 number (with an optional extension): LCC_OK or why not. */
static lcc_status check_number(const char *n, char *err, size_t errlen, lcc__phone *p)
{
    return lcc__phone_parse(p, n, NULL, err, errlen);
}

/* Fills the facts of a create request (the zone is UTC: the API speaks UTC). */
static void create_facts(lcc__cb_facts *f, lcc_engine *e, eng_agent *by, const eng_create *c,
                         char *num_err, char *cid_err, size_t errlen)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    const lcc_agent *agent = by ? lcc_context_find_agent(ctx, by->id) : NULL;
    const lcc_conversation *conv = c->origin ? lcc_context_find_conversation(ctx, c->origin) : NULL;
    const lcc_queue *orig_q = conv && conv->queue_id ? lcc_context_find_queue(ctx, conv->queue_id)
                                                     : NULL;
    const lcc_queue *q = c->queue_id ? lcc_context_find_queue(ctx, c->queue_id) : NULL;
    lcc__phone p;
    memset(f, 0, sizeof *f);
    f->now_ms = lcc__now(ctx);
    f->horizon_ms = ctx->horizon_ms;
    f->agent_id = by ? by->id : API_CLIENT;
    f->agent_exists = !by || agent;
    f->has_permission = !by || (agent && lcc_agent_has_permission(agent, LCC_PERM_CALLBACK_CREATE));
    /* An origin the engine does not hold (a client's or an IVR's call) is
     * a conversation it cannot see: its client checked CB-ELIGIBLE; here
     * only CB-SINGLE applies to it. */
    f->no_conversation = !conv;
    f->conversation_exists = conv != NULL;
    f->media = conv ? conv->media : LCC_MEDIA_CALL;
    f->acd = conv && conv->acd;
    f->already_scheduled = c->origin && lcc__map_get(&e->origins, c->origin);
    f->immediate = c->immediate;
    f->zone = "UTC";
    f->zone_status = LCC_OK;
    f->scheduled_ms = c->scheduled_ms;
    lcc__zone_to_local(NULL, c->scheduled_ms, &f->resolved);
    f->entered = f->resolved;
    f->how = LCC_DISAMBIGUATE_COMPATIBLE;
    f->has_number = c->number != NULL;
    f->number_status = c->number ? check_number(c->number, num_err, errlen, &p) : LCC_OK;
    f->number_error = num_err;
    f->original_queue_id = conv ? conv->queue_id : NULL;
    f->original_allows_choice = orig_q && orig_q->agents_choose_callback_queue;
    f->chosen_queue_id = c->queue_id;
    f->target_queue_id = c->queue_id ? c->queue_id : f->original_queue_id;
    f->target_queue_exists = q != NULL;
    /* CB-OWN / CB-ROUTE-ME are about the agent named in the routing data. */
    const char *who = c->owner_id ? c->owner_id : c->preferred_id ? c->preferred_id
                                                                  : by ? by->id : NULL;
    f->agent_in_target = member_of(q, who);
    f->route_to_me = c->preferred_id != NULL;
    f->take_ownership = c->owner_id != NULL;
    f->owned_enabled = q && q->owned_enabled;
    f->owned_limit_h = q ? q->owned_limit_h : 0;
    f->has_caller_id = c->caller_id != NULL;
    f->caller_id_status = c->caller_id ? check_number(c->caller_id, cid_err, errlen, &p) : LCC_OK;
    f->caller_id_error = cid_err;
}

/* A copy of s, or NULL for NULL; *ok cleared when out of memory. */
static char *dup_opt(const lcc_allocator *a, const char *s, int *ok)
{
    char *d = s ? lcc__strdup(a, s) : NULL;
    if (s && !d)
        *ok = 0;
    return d;
}

lcc_status lcc__eng_schedule(eng_item **out, lcc_report *r, lcc_engine *e, eng_agent *by,
                             const eng_create *c)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    const lcc_allocator *a = &ctx->alloc;
    lcc__cb_facts f;
    char num_err[256] = "", cid_err[256] = "";
    create_facts(&f, e, by, c, num_err, cid_err, sizeof num_err);
    lcc__rules_callback(r, &f);
    lcc_status st = LCC_OK;
    eng_agent *owner = NULL, *preferred = NULL;
    const char *named = c->owner_id ? c->owner_id : c->preferred_id;
    if (named && !lcc_context_find_agent(ctx, named))
        lcc__report_add(r, c->owner_id ? "CB-OWN" : "CB-ROUTE-ME",
                        c->owner_id ? "take_ownership" : "route_to_me", LCC_ENOTFOUND,
                        LCC_SEVERITY_ERROR, "Agent \"%.100s\" does not exist.", named);
    if ((st = lcc__report_status(ctx, r)) != LCC_OK)
        return st;

    /* Everything that can fail first, then the commit. */
    eng_queue *q = lcc__eng_queue(e, f.target_queue_id, &st);
    if (q && c->owner_id)
        owner = lcc__eng_agent(e, c->owner_id, &st);
    if (q && c->preferred_id && !c->owner_id)
        preferred = lcc__eng_agent(e, c->preferred_id, &st);
    if (!q || (c->owner_id && !owner) || (c->preferred_id && !c->owner_id && !preferred))
        return st;
    int ok = lcc__map_reserve(&e->origins, a, 1) == 0;
    eng_item *it = ok ? lcc__eng_item_new(e, ENG_CALLBACK) : NULL;
    if (!it)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    it->number = dup_opt(a, c->number, &ok);
    it->origin = dup_opt(a, c->origin, &ok);
    it->caller_id = dup_opt(a, c->caller_id, &ok);
    it->caller_id_name = dup_opt(a, c->caller_id_name, &ok);
    it->callee_name = dup_opt(a, c->callee_name, &ok);
    if (!ok || (c->data && lcc__kv_copy(&it->data, a, c->data))) {
        lcc__eng_item_free(e, it);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    it->state = LCC_ENGINE_SCHEDULED;
    it->queue = q;
    it->scheduler = by;
    it->owner = owner;
    it->preferred = preferred;
    it->scheduled_ms = c->immediate ? f.now_ms : c->scheduled_ms;
    if ((st = lcc__eng_persist(e, it)) != LCC_OK) {
        lcc__eng_item_free(e, it);
        return st;
    }
    if (it->origin)
        lcc__map_put(&e->origins, a, it->origin, it); /* reserved */
    lcc__eng_arm(e, it, it->scheduled_ms);
    lcc__eng_event(e, LCC_EVENT_ENGINE_SCHEDULED, LCC_OK, it, by);
    *out = it;
    return LCC_OK;
}

/* CB-CANCEL / CB-RESCHEDULE: who may change it, and whether it still can be. */
static void change_rules(lcc_report *r, lcc_engine *e, eng_agent *by, const eng_item *it,
                         const char *rule, const char *verb)
{
    const lcc_agent *agent = by ? lcc_context_find_agent(lcc__eng_ctx(e), by->id) : NULL;
    lcc__cb_change ch = {
        .rule = rule,
        .verb = verb,
        .actor_id = by ? by->id : API_CLIENT,
        .actor_is_supervisor = !by || (agent && lcc_agent_has_role(agent, LCC_ROLE_SUPERVISOR)),
        .actor_is_scheduler_or_owner = by && (by == it->scheduler || by == it->owner),
        .scheduled = it->kind == ENG_CALLBACK && (it->state == LCC_ENGINE_SCHEDULED ||
                                                  it->state == LCC_ENGINE_WAITING),
    };
    lcc__rules_callback_change(r, &ch);
}

void lcc__eng_check_cancel(lcc_report *r, lcc_engine *e, eng_agent *by, const eng_item *it)
{
    change_rules(r, e, by, it, "CB-CANCEL", "cancel");
}

lcc_status lcc__eng_apply_cancel(lcc_engine *e, eng_agent *by, eng_item *it)
{
    eng_item row = *it;
    row.state = LCC_ENGINE_CANCELLED;
    lcc_status st = lcc__eng_persist(e, &row);
    if (st != LCC_OK)
        return st;
    lcc__eng_unlink(e, it);
    lcc__eng_disarm(e, it);
    it->state = LCC_ENGINE_CANCELLED;
    lcc__eng_event(e, LCC_EVENT_ENGINE_CANCELLED, LCC_OK, it, by);
    return LCC_OK;
}

lcc_status lcc__eng_cancel(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it)
{
    lcc__eng_check_cancel(r, e, by, it);
    lcc_status st = lcc__report_status(lcc__eng_ctx(e), r);
    return st == LCC_OK ? lcc__eng_apply_cancel(e, by, it) : st;
}

lcc_status lcc__eng_reschedule(lcc_report *r, lcc_engine *e, eng_agent *by, eng_item *it,
                               const char *queue_id, int64_t new_ms)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    change_rules(r, e, by, it, "CB-RESCHEDULE", "reschedule");
    const char *target = queue_id ? queue_id : it->queue->id;
    const lcc_queue *q = lcc_context_find_queue(ctx, target);
    lcc__cb_facts f = {
        .now_ms = lcc__now(ctx),
        .horizon_ms = ctx->horizon_ms,
        .scheduled_ms = new_ms,
        .zone = "UTC",
        .take_ownership = it->owner != NULL,
        .owned_enabled = q && q->owned_enabled,
        .owned_limit_h = q ? q->owned_limit_h : 0,
        .target_queue_id = target,
    };
    lcc__zone_to_local(NULL, new_ms, &f.resolved);
    lcc__rules_callback_instant(r, &f);
    if (!q)
        lcc__report_add(r, "CB-QUEUE", "queue", LCC_ENOTFOUND, LCC_SEVERITY_ERROR,
                        "Queue \"%.100s\" does not exist.", target);
    lcc_status st = lcc__report_status(ctx, r);
    eng_queue *eq = st == LCC_OK ? lcc__eng_queue(e, target, &st) : NULL;
    if (!eq)
        return st;
    eng_item row = *it;
    row.queue = eq;
    row.state = LCC_ENGINE_SCHEDULED;
    row.scheduled_ms = new_ms;
    row.owner_window_over = 0;
    row.window_end_ms = 0;
    if ((st = lcc__eng_persist(e, &row)) != LCC_OK)
        return st;
    lcc__eng_unlink(e, it);
    it->window_end_ms = 0;
    it->queue = eq;
    it->state = LCC_ENGINE_SCHEDULED;
    it->scheduled_ms = new_ms;
    it->owner_window_over = 0;
    lcc__eng_arm(e, it, new_ms);
    lcc__eng_event(e, LCC_EVENT_ENGINE_RESCHEDULED, LCC_OK, it, by);
    return LCC_OK;
}

/* ---- public: the supervisor's view ---- */

struct cb_entry {
    const char *id, *queue_id, *agent_id, *owner_id, *number, *origin; /* into the list's block */
    int64_t scheduled_ms;
    lcc_engine_state state;
};

struct lcc_callback_list {
    lcc__handle h;
    size_t count, total;
    struct cb_entry *v;
    char *text; /* the strings of every entry */
};

static void list_destroy(lcc__handle *h)
{
    lcc_callback_list *l = (lcc_callback_list *)h;
    lcc__free(&h->ctx->alloc, l->v);
    lcc__free(&h->ctx->alloc, l->text);
}

static int matches(const eng_item *it, const lcc_engine_filter *f)
{
    if (it->kind != ENG_CALLBACK)
        return 0;
    if (f->queue_id && strcmp(it->queue->id, f->queue_id) != 0)
        return 0;
    if (f->agent_id && !(it->scheduler && strcmp(it->scheduler->id, f->agent_id) == 0) &&
        !(it->owner && strcmp(it->owner->id, f->agent_id) == 0) &&
        !(it->agent && strcmp(it->agent->id, f->agent_id) == 0))
        return 0;
    if (it->scheduled_ms < f->from_ms || it->scheduled_ms >= f->to_ms)
        return 0;
    return f->state < 0 || f->state == (int)it->state;
}

static int by_time(const void *a, const void *b)
{
    const eng_item *x = *(eng_item *const *)a, *y = *(eng_item *const *)b;
    if (x->scheduled_ms != y->scheduled_ms)
        return x->scheduled_ms < y->scheduled_ms ? -1 : 1;
    return strcmp(x->id, y->id);
}

LCC_API lcc_status lcc_engine_list_callbacks(lcc_callback_list **out, lcc_engine *e,
                                             const lcc_engine_filter *filter)
{
    if (!out || !OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
    if (filter) {
        if (filter->size != sizeof f)
            return LCC__MISUSE(ctx, "lcc_engine_filter: unknown size %zu", filter->size);
        f = *filter;
    }
    if (f.limit > 1000)
        return lcc__error(ctx, LCC_ERANGE, "limit must be 0..1000, not %zu", f.limit);
    size_t limit = f.limit ? f.limit : 100;
    /* Every match, sorted; then the page. */
    eng_item **all = lcc__calloc(&ctx->alloc, e->n_items ? e->n_items : 1, sizeof *all);
    if (!all)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    size_t n = 0, pos = 0;
    void *v;
    while (lcc__map_next(&e->items, &pos, NULL, &v))
        if (matches(v, &f))
            all[n++] = v;
    qsort(all, n, sizeof *all, by_time);
    size_t first = f.offset < n ? f.offset : n;
    size_t count = n - first < limit ? n - first : limit, bytes = 0;
    for (size_t i = first; i < first + count; i++) {
        const eng_item *it = all[i];
        bytes += lcc__pack_len(it->id) + lcc__pack_len(it->queue->id) +
                 lcc__pack_len(it->scheduler ? it->scheduler->id : NULL) +
                 lcc__pack_len(it->owner ? it->owner->id : NULL) + lcc__pack_len(it->number) +
                 lcc__pack_len(it->origin);
    }
    lcc_callback_list *l = lcc__handle_new(ctx, sizeof *l, LCC__MAGIC_CBLIST, list_destroy);
    if (l) {
        l->v = lcc__calloc(&ctx->alloc, count ? count : 1, sizeof *l->v);
        l->text = lcc__malloc(&ctx->alloc, bytes ? bytes : 1);
    }
    if (!l || !l->v || !l->text) {
        if (l)
            lcc__handle_free(&l->h);
        lcc__free(&ctx->alloc, all);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    char *p = l->text;
    for (size_t i = 0; i < count; i++) {
        const eng_item *it = all[first + i];
        struct cb_entry *en = &l->v[i];
        en->id = lcc__pack_str(&p, it->id);
        en->queue_id = lcc__pack_str(&p, it->queue->id);
        en->agent_id = lcc__pack_str(&p, it->scheduler ? it->scheduler->id : NULL);
        en->owner_id = lcc__pack_str(&p, it->owner ? it->owner->id : NULL);
        en->number = lcc__pack_str(&p, it->number);
        en->origin = lcc__pack_str(&p, it->origin);
        en->scheduled_ms = it->scheduled_ms;
        en->state = (lcc_engine_state)it->state;
    }
    l->count = count;
    l->total = n;
    lcc__free(&ctx->alloc, all);
    *out = l;
    return LCC_OK;
}

#define LIST_OK(l) lcc__handle_ok((l), LCC__MAGIC_CBLIST)
#define ENTRY(l, i) (LIST_OK(l) && (i) < (l)->count ? &(l)->v[i] : NULL)

LCC_API void lcc_callback_list_free(lcc_callback_list *l)
{
    if (LIST_OK(l))
        lcc__handle_free(&l->h);
}

LCC_API size_t lcc_callback_list_count(const lcc_callback_list *l)
{
    return LIST_OK(l) ? l->count : 0;
}

LCC_API size_t lcc_callback_list_total(const lcc_callback_list *l)
{
    return LIST_OK(l) ? l->total : 0;
}

LCC_API const char *lcc_callback_list_id(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->id : NULL;
}

LCC_API const char *lcc_callback_list_queue_id(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->queue_id : NULL;
}

LCC_API const char *lcc_callback_list_agent_id(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->agent_id : NULL;
}

LCC_API const char *lcc_callback_list_owner_id(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->owner_id : NULL;
}

LCC_API const char *lcc_callback_list_number(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->number : NULL;
}

LCC_API const char *lcc_callback_list_origin(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->origin : NULL;
}

LCC_API int64_t lcc_callback_list_scheduled_ms(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->scheduled_ms : 0;
}

LCC_API lcc_engine_state lcc_callback_list_state(const lcc_callback_list *l, size_t i)
{
    const struct cb_entry *en = ENTRY(l, i);
    return en ? en->state : LCC_ENGINE_ENDED;
}

/* ---- public: supervisor changes ---- */

/* The report, the acting agent and the callback of a change; LCC_OK or why not. */
static lcc_status change_begin(lcc_report **rep, eng_agent **by, eng_item **it, lcc_engine *e,
                               const char *by_id, const char *conversation_id)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!by_id || !conversation_id)
        return LCC__MISUSE(ctx, "by_agent_id and conversation_id must not be NULL");
    lcc_status st = LCC_OK;
    if (!(*by = lcc__eng_agent(e, by_id, &st)))
        return st;
    *it = lcc__map_get(&e->items, conversation_id);
    if (!*it || (*it)->kind != ENG_CALLBACK)
        return lcc__error(ctx, LCC_ENOTFOUND, "callback \"%.100s\" does not exist",
                          conversation_id);
    if (!(*rep = lcc__report_new(&ctx->alloc)))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    return LCC_OK;
}

static lcc_status change_end(lcc_report **report, lcc_report *rep, lcc_status st)
{
    if (report && st != LCC_ENOMEM)
        *report = rep;
    else
        lcc_report_free(rep);
    return st;
}

LCC_API lcc_status lcc_engine_cancel_callback(lcc_report **report, lcc_engine *e,
                                              const char *by_agent_id,
                                              const char *conversation_id)
{
    lcc_report *rep = NULL;
    eng_agent *by = NULL;
    eng_item *it = NULL;
    lcc_status st = change_begin(&rep, &by, &it, e, by_agent_id, conversation_id);
    if (st != LCC_OK)
        return st;
    return change_end(report, rep, lcc__eng_cancel(rep, e, by, it));
}

LCC_API lcc_status lcc_engine_reschedule_callback(lcc_report **report, lcc_engine *e,
                                                  const char *by_agent_id,
                                                  const char *conversation_id, int64_t new_ms)
{
    lcc_report *rep = NULL;
    eng_agent *by = NULL;
    eng_item *it = NULL;
    lcc_status st = change_begin(&rep, &by, &it, e, by_agent_id, conversation_id);
    if (st != LCC_OK)
        return st;
    return change_end(report, rep, lcc__eng_reschedule(rep, e, by, it, NULL, new_ms));
}

/* ---- restoring from the store ---- */

lcc_status lcc__eng_restore(lcc_engine *e, const eng_row *r)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    const lcc_allocator *a = &ctx->alloc;
    lcc_status st = LCC_OK;
    eng_queue *q = lcc__eng_queue_any(e, r->queue_id, &st);
    eng_agent *scheduler = q && r->scheduler_id ? lcc__eng_agent_any(e, r->scheduler_id, &st) : NULL;
    eng_agent *owner = q && r->owner_id ? lcc__eng_agent_any(e, r->owner_id, &st) : NULL;
    eng_agent *preferred = q && r->preferred_id ? lcc__eng_agent_any(e, r->preferred_id, &st) : NULL;
    if (st != LCC_OK)
        return st;
    if (lcc__map_get(&e->items, r->id))
        return lcc__error(ctx, LCC_EFORMAT, "engine store: callback %s appears twice", r->id);
    int ok = lcc__map_reserve(&e->origins, a, 1) == 0;
    eng_item *it = ok ? lcc__eng_item_new(e, ENG_CALLBACK) : NULL;
    if (!it)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    /* The stored id replaces the fresh one. */
    lcc__map_remove(&e->items, it->id);
    memcpy(it->id, r->id, strlen(r->id) + 1);
    lcc__map_put(&e->items, a, it->id, it); /* the slot just freed */
    it->number = dup_opt(a, r->number, &ok);
    it->origin = dup_opt(a, r->origin, &ok);
    it->caller_id = dup_opt(a, r->caller_id, &ok);
    it->caller_id_name = dup_opt(a, r->caller_id_name, &ok);
    it->callee_name = dup_opt(a, r->callee_name, &ok);
    if (!ok || lcc__kv_copy(&it->data, a, r->data)) {
        lcc__eng_item_free(e, it);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    it->queue = q;
    it->scheduler = scheduler;
    it->owner = owner;
    it->preferred = preferred;
    it->scheduled_ms = r->scheduled_ms;
    it->waiting_since = r->waiting_since;
    it->window_end_ms = r->window_end_ms;
    it->owner_window_over = (uint8_t)(r->owner_window_over != 0);
    if (it->origin)
        lcc__map_put(&e->origins, a, it->origin, it); /* reserved */
    switch (r->state) {
    case LCC_ENGINE_SCHEDULED:
    case LCC_ENGINE_WAITING:
    case LCC_ENGINE_OFFERED:
        /* Due (again) at its time, or at once when that passed while the
         * engine was down; a window already running keeps its end. */
        it->state = LCC_ENGINE_SCHEDULED;
        lcc__eng_arm(e, it, it->scheduled_ms);
        break;
    case LCC_ENGINE_CONNECTED: /* the call did not survive the restart */
        it->state = LCC_ENGINE_ENDED;
        break;
    default:
        it->state = (uint8_t)r->state;
        break;
    }
    return LCC_OK;
}
