/* Callback drafts: defaults, setters, validation and commit (CB-*). */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "model/model.h"
#include "phone/number.h"
#include "rules/callback_rules.h"
#include "time/civil.h"
#include "time/zone.h"

#define OK(d) lcc__handle_ok((d), LCC__MAGIC_DRAFT)

struct lcc_callback_draft {
    lcc__handle h;
    char *conversation_id;
    char *agent_id;
    int date_set, time_set, immediate;
    int year, month, day, hour, minute;
    char *time_zone;
    lcc_disambiguation how;
    char *number;
    char default_country[3];
    char *queue_id;
    int route_to_me, take_ownership;
    char *caller_id, *caller_id_name, *callee_name;
    lcc__kv data;
};

static void draft_destroy(lcc__handle *h)
{
    lcc_callback_draft *d = (lcc_callback_draft *)h;
    const lcc_allocator *a = &h->ctx->alloc;
    char *strs[] = {d->conversation_id, d->agent_id, d->time_zone, d->number, d->queue_id,
                    d->caller_id, d->caller_id_name, d->callee_name};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        lcc__free(a, strs[i]);
    lcc__kv_clear(&d->data, a);
}

LCC_API lcc_status lcc_callback_draft_new(lcc_callback_draft **out, lcc_context *ctx,
                                          const lcc_conversation *conversation,
                                          const lcc_agent *agent)
{
    if (!out || !lcc__context_ok(ctx))
        return LCC__MISUSE(ctx, "lcc_callback_draft_new: NULL out or invalid context");
    if (!lcc__handle_ok(conversation, LCC__MAGIC_CONVERSATION) || conversation->o.h.ctx != ctx)
        return LCC__MISUSE(ctx, "lcc_callback_draft_new: invalid conversation handle or one of "
                                "another context");
    if (!lcc__handle_ok(agent, LCC__MAGIC_AGENT) || agent->o.h.ctx != ctx)
        return LCC__MISUSE(ctx, "lcc_callback_draft_new: invalid agent handle or one of another "
                                "context");
    char *cid = lcc__strdup(&ctx->alloc, conversation->o.id);
    char *aid = lcc__strdup(&ctx->alloc, agent->o.id);
    lcc_callback_draft *d = cid && aid ? lcc__handle_new(ctx, sizeof *d, LCC__MAGIC_DRAFT,
                                                         draft_destroy)
                                       : NULL;
    if (!d) {
        lcc__free(&ctx->alloc, cid);
        lcc__free(&ctx->alloc, aid);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    d->conversation_id = cid;
    d->agent_id = aid;
    d->how = LCC_DISAMBIGUATE_COMPATIBLE;
    *out = d;
    return LCC_OK;
}

LCC_API void lcc_callback_draft_free(lcc_callback_draft *d)
{
    if (OK(d))
        lcc__handle_free(&d->h);
}

LCC_API lcc_status lcc_callback_draft_set_date(lcc_callback_draft *d, int year, int month, int day)
{
    if (!OK(d))
        return LCC_EMISUSE;
    if (!lcc__date_valid(year, month, day))
        return lcc__error(d->h.ctx, LCC_EINVAL, "%04d-%02d-%02d is not a date", year, month, day);
    d->year = year;
    d->month = month;
    d->day = day;
    d->date_set = 1;
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_draft_set_time(lcc_callback_draft *d, int hour, int minute)
{
    if (!OK(d))
        return LCC_EMISUSE;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
        return lcc__error(d->h.ctx, LCC_EINVAL, "%02d:%02d is not a time of day (00:00 to 23:59)",
                          hour, minute);
    d->hour = hour;
    d->minute = minute;
    d->time_set = 1;
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_draft_set_immediate(lcc_callback_draft *d, int immediate)
{
    if (!OK(d))
        return LCC_EMISUSE;
    d->immediate = !!immediate;
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_draft_set_time_zone(lcc_callback_draft *d, const char *zone)
{
    return OK(d) ? lcc__set_text(d->h.ctx, "time zone", &d->time_zone, zone) : LCC_EMISUSE;
}

LCC_API lcc_status lcc_callback_draft_set_disambiguation(lcc_callback_draft *d,
                                                         lcc_disambiguation how)
{
    if (!OK(d))
        return LCC_EMISUSE;
    if ((unsigned)how > LCC_DISAMBIGUATE_REJECT)
        return lcc__error(d->h.ctx, LCC_EINVAL, "unknown disambiguation %d", (int)how);
    d->how = how;
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_draft_set_number(lcc_callback_draft *d, const char *number,
                                                 const char *default_country)
{
    if (!OK(d))
        return LCC_EMISUSE;
    if (!number)
        return LCC__MISUSE(d->h.ctx, "number must not be NULL");
    if (default_country && strlen(default_country) != 2)
        return lcc__error(d->h.ctx, LCC_EINVAL,
                          "default country must be an ISO 3166 alpha-2 code such as \"FR\"");
    lcc_status st = lcc__set_text(d->h.ctx, "number", &d->number, number);
    if (st == LCC_OK)
        snprintf(d->default_country, sizeof d->default_country, "%s",
                 default_country ? default_country : "");
    return st;
}

LCC_API lcc_status lcc_callback_draft_set_queue(lcc_callback_draft *d, const char *queue_id)
{
    return OK(d) ? lcc__set_text(d->h.ctx, "queue id", &d->queue_id, queue_id) : LCC_EMISUSE;
}

LCC_API lcc_status lcc_callback_draft_set_route_to_me(lcc_callback_draft *d, int route_to_me)
{
    if (!OK(d))
        return LCC_EMISUSE;
    d->route_to_me = !!route_to_me;
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_draft_set_take_ownership(lcc_callback_draft *d, int take)
{
    if (!OK(d))
        return LCC_EMISUSE;
    d->take_ownership = !!take;
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_draft_set_caller_id(lcc_callback_draft *d, const char *number,
                                                    const char *name)
{
    if (!OK(d))
        return LCC_EMISUSE;
    char *n = NULL, *m = NULL;
    lcc_status st = lcc__set_text(d->h.ctx, "caller ID", &n, number);
    if (st == LCC_OK)
        st = lcc__set_text(d->h.ctx, "caller ID name", &m, name);
    if (st != LCC_OK) {
        lcc__free(&d->h.ctx->alloc, n);
        return st;
    }
    lcc__free(&d->h.ctx->alloc, d->caller_id);
    lcc__free(&d->h.ctx->alloc, d->caller_id_name);
    d->caller_id = n;
    d->caller_id_name = m;
    return LCC_OK;
}

LCC_API lcc_status lcc_callback_draft_set_callee_name(lcc_callback_draft *d, const char *name)
{
    return OK(d) ? lcc__set_text(d->h.ctx, "callee name", &d->callee_name, name) : LCC_EMISUSE;
}

LCC_API lcc_status lcc_callback_draft_set_data(lcc_callback_draft *d, const char *key,
                                               const char *value)
{
    if (!OK(d))
        return LCC_EMISUSE;
    lcc_context *ctx = d->h.ctx;
    lcc_status st = lcc__check_text(ctx, "data key", key, LCC_MAX_TEXT, 0);
    if (st != LCC_OK)
        return st;
    if (!value) {
        if (lcc__kv_remove(&d->data, &ctx->alloc, key))
            return lcc__error(ctx, LCC_ENOTFOUND, "no data entry \"%.200s\"", key);
        return LCC_OK;
    }
    if ((st = lcc__check_text(ctx, "data value", value, 64 * 1024, 1)) != LCC_OK)
        return st;
    if (lcc__kv_set(&d->data, &ctx->alloc, key, value))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    return LCC_OK;
}

/* ---- effective values ------------------------------------------------- */

static const lcc_agent *draft_agent(const lcc_callback_draft *d)
{
    return lcc__map_get(&d->h.ctx->agents, d->agent_id);
}

static const lcc_conversation *draft_conversation(const lcc_callback_draft *d)
{
    return lcc__map_get(&d->h.ctx->conversations, d->conversation_id);
}

LCC_API const char *lcc_callback_draft_time_zone(const lcc_callback_draft *d)
{
    if (!OK(d))
        return NULL;
    if (d->time_zone)
        return d->time_zone;
    const lcc_agent *a = draft_agent(d);
    return a && a->time_zone ? a->time_zone : "UTC";
}

LCC_API const char *lcc_callback_draft_number(const lcc_callback_draft *d)
{
    if (!OK(d))
        return NULL;
    const lcc_conversation *c = draft_conversation(d);
    return d->number ? d->number : c ? c->ani : NULL;
}

LCC_API const char *lcc_callback_draft_queue_id(const lcc_callback_draft *d)
{
    if (!OK(d))
        return NULL;
    const lcc_conversation *c = draft_conversation(d);
    return d->queue_id ? d->queue_id : c ? c->queue_id : NULL;
}

/* The local date and time the draft asks for (CB-DATE-DEFAULT, CB-TIME-DEFAULT). */
static void effective_local(const lcc_callback_draft *d, const lcc__tz *tz, int64_t now,
                            lcc__civil *out)
{
    /* What is not set comes from now + 30 minutes; with the time set, the
     * date is today's. */
    lcc__civil base = {0};
    if (!d->date_set || !d->time_set)
        lcc__zone_to_local(tz, d->time_set ? now : now + LCC_CALLBACK_DEFAULT_DELAY_MS, &base);
    *out = (lcc__civil){
        .year = d->date_set ? d->year : base.year,
        .month = d->date_set ? d->month : base.month,
        .day = d->date_set ? d->day : base.day,
        .hour = d->time_set ? d->hour : base.hour,
        .minute = d->time_set ? d->minute : base.minute,
    };
}

LCC_API lcc_status lcc_callback_draft_local_time(const lcc_callback_draft *d, int *year, int *month,
                                                 int *day, int *hour, int *minute)
{
    if (!OK(d))
        return LCC_EMISUSE;
    lcc_context *ctx = d->h.ctx;
    const lcc__tz *tz;
    char err[256];
    lcc_status st = lcc__zone_get(&tz, ctx, lcc_callback_draft_time_zone(d), err, sizeof err);
    if (st != LCC_OK)
        return st;
    lcc__civil l;
    int64_t now = ctx->now_ms(ctx->clock_ud);
    if (d->immediate)
        lcc__zone_to_local(tz, now, &l);
    else
        effective_local(d, tz, now, &l);
    if (year) *year = l.year;
    if (month) *month = l.month;
    if (day) *day = l.day;
    if (hour) *hour = l.hour;
    if (minute) *minute = l.minute;
    return LCC_OK;
}

/* ---- validation -------------------------------------------------------- */

/* Everything validation works out, kept for commit. */
typedef struct resolved {
    lcc__cb_facts f;
    lcc__phone number;
    lcc__phone caller_id;
    char zone_err[256], number_err[256], caller_err[256];
} resolved;

static void resolve_time(resolved *r, lcc_callback_draft *d)
{
    lcc__cb_facts *f = &r->f;
    const lcc__tz *tz;
    f->zone = lcc_callback_draft_time_zone(d);
    f->zone_is_callee = d->time_zone != NULL;
    f->zone_status = lcc__zone_get(&tz, d->h.ctx, f->zone, r->zone_err, sizeof r->zone_err);
    f->zone_error = r->zone_err;
    if (f->zone_status != LCC_OK)
        return;
    effective_local(d, tz, f->now_ms, &f->entered);
    lcc__tz_local raw;
    const lcc__civil *e = &f->entered;
    lcc__zone_from_local(&f->scheduled_ms, &f->tz_flags, &raw, tz, e->year, e->month, e->day,
                         e->hour, e->minute, 0, f->how);
    lcc__zone_to_local(tz, f->scheduled_ms, &f->resolved);
    if (f->tz_flags & LCC_TZ_IN_GAP)
        lcc__zone_to_local(tz, raw.transition_utc * 1000, &f->first_valid);
    if (f->tz_flags & LCC_TZ_IN_FOLD) {
        /* UTC offset of each candidate: wall time minus instant. */
        int64_t wall = lcc__days_from_civil(e->year, (unsigned)e->month, (unsigned)e->day) * 86400 +
                       e->hour * 3600 + e->minute * 60;
        f->fold_offsets[0] = (int32_t)(wall - raw.utc[0]);
        f->fold_offsets[1] = (int32_t)(wall - raw.utc[1]);
    }
}

static void resolve(resolved *r, lcc_callback_draft *d)
{
    lcc_context *ctx = d->h.ctx;
    lcc__cb_facts *f = &r->f;
    memset(r, 0, sizeof *r);
    f->now_ms = ctx->now_ms(ctx->clock_ud);
    f->horizon_ms = ctx->horizon_ms;

    const lcc_agent *agent = draft_agent(d);
    const lcc_conversation *conv = draft_conversation(d);
    f->agent_id = d->agent_id;
    f->agent_exists = agent != NULL;
    f->has_permission = lcc_agent_has_permission(agent, LCC_PERM_CALLBACK_CREATE);
    f->conversation_exists = conv != NULL;
    f->media = conv ? conv->media : LCC_MEDIA_CALL;
    f->acd = conv && conv->acd;
    /* CB-SINGLE: a callback of this context, or one the context's own engine
     * holds (scheduled through it, or brought back from its store). */
    f->already_scheduled = lcc__map_get(&ctx->callback_by_conversation, d->conversation_id) ||
                           lcc__engine_origin_taken(ctx->engine, d->conversation_id);

    f->immediate = d->immediate;
    f->how = d->how;
    if (!d->immediate)
        resolve_time(r, d);

    const char *number = lcc_callback_draft_number(d);
    f->has_number = number != NULL;
    if (number)
        f->number_status = lcc__number_check(&r->number, ctx, number,
                                             d->default_country[0] ? d->default_country : NULL,
                                             r->number_err, sizeof r->number_err);
    f->number_error = r->number_err;

    f->original_queue_id = conv ? conv->queue_id : NULL;
    const lcc_queue *orig = f->original_queue_id ? lcc__map_get(&ctx->queues, f->original_queue_id)
                                                 : NULL;
    f->original_allows_choice = orig && orig->agents_choose_callback_queue;
    f->chosen_queue_id = d->queue_id;
    f->target_queue_id = lcc_callback_draft_queue_id(d);
    const lcc_queue *target = f->target_queue_id ? lcc__map_get(&ctx->queues, f->target_queue_id)
                                                 : NULL;
    f->target_queue_exists = target != NULL;
    f->agent_in_target = target && lcc__strlist_find(&target->members, d->agent_id) >= 0;
    f->route_to_me = d->route_to_me;
    f->take_ownership = d->take_ownership;
    f->owned_enabled = target && target->owned_enabled;
    f->owned_limit_h = target ? target->owned_limit_h : 0;

    f->has_caller_id = d->caller_id != NULL;
    if (d->caller_id)
        f->caller_id_status = lcc__number_check(&r->caller_id, ctx, d->caller_id, NULL,
                                                r->caller_err, sizeof r->caller_err);
    f->caller_id_error = r->caller_err;
}

/* Validates into a new report.  Returns LCC_OK, LCC_EVALIDATION or LCC_ENOMEM. */
static lcc_status run_validation(lcc_report **out, resolved *r, lcc_callback_draft *d)
{
    lcc_context *ctx = d->h.ctx;
    lcc_report *rep = lcc__report_new(&ctx->alloc);
    if (!rep)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    resolve(r, d);
    lcc__rules_callback(rep, &r->f);
    /* Running out of memory while loading a zone is not a problem of the draft. */
    lcc_status st = !d->immediate && r->f.zone_status == LCC_ENOMEM
                        ? lcc__error(ctx, LCC_ENOMEM, "out of memory")
                        : lcc__report_status(ctx, rep);
    if (st == LCC_ENOMEM)
        lcc_report_free(rep);
    else
        *out = rep;
    return st;
}

LCC_API lcc_status lcc_callback_draft_validate(lcc_report **report, lcc_callback_draft *d)
{
    if (!OK(d))
        return LCC_EMISUSE;
    if (!report)
        return LCC__MISUSE(d->h.ctx, "lcc_callback_draft_validate: NULL report");
    resolved r;
    return run_validation(report, &r, d);
}

/* ---- commit ------------------------------------------------------------ */

LCC_API lcc_status lcc_callback_draft_commit(lcc_callback **callback, lcc_report **report,
                                             lcc_callback_draft *d)
{
    if (!OK(d))
        return LCC_EMISUSE;
    lcc_report *rep = NULL;
    resolved r;
    lcc_status st = run_validation(&rep, &r, d);
    if (st == LCC_OK) {
        const lcc__cb_facts *f = &r.f;
        lcc__callback_init init = {
            .conversation_id = d->conversation_id,
            .agent_id = d->agent_id,
            .queue_id = f->target_queue_id,
            .owner_id = d->take_ownership ? d->agent_id : NULL,
            .preferred_id = d->route_to_me ? d->agent_id : NULL,
            .number = &r.number,
            .scheduled_ms = d->immediate ? LCC_CALLBACK_ASAP : f->scheduled_ms,
            .time_zone = d->time_zone,
            .caller_id = d->caller_id ? r.caller_id.e164 : NULL,
            .caller_id_name = d->caller_id_name,
            .callee_name = d->callee_name,
            .data = &d->data,
        };
        lcc_callback *cb;
        st = lcc__callback_record(&cb, d->h.ctx, &init);
        if (st == LCC_OK) {
            /* kept so that the create body need not parse the number again */
            _Static_assert(sizeof cb->region == sizeof r.number.region, "region sizes");
            memcpy(cb->region, r.number.region, sizeof cb->region);
            if (callback)
                *callback = cb;
        }
    }
    if (report && rep && st != LCC_ENOMEM)
        *report = rep;
    else
        lcc_report_free(rep);
    return st;
}
