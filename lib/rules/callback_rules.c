#include "rules/callback_rules.h"

#include <stdio.h>
#include <string.h>

#define ERR LCC_SEVERITY_ERROR
#define WARN LCC_SEVERITY_WARNING

static const char *media_name(lcc_media_type m)
{
    static const char *const names[] = {"call", "callback", "outbound campaign call", "voicemail",
                                        "message", "email", "social media"};
    return (unsigned)m < sizeof names / sizeof *names ? names[m] : "unknown";
}

static void fmt_offset(char buf[16], int32_t off)
{
    int32_t a = off < 0 ? -off : off;
    snprintf(buf, 16, "UTC%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
}

/* "2 days 3 h 5 min" style distance for horizon messages (zero parts left out). */
static void fmt_span(char buf[64], int64_t ms)
{
    int64_t min = ms / 60000, part[3] = {min / 1440, min / 60 % 24, min % 60};
    const char *unit[3] = {part[0] == 1 ? " day" : " days", " h", " min"};
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < 3; i++)
        if (part[i] || (i == 2 && !len))
            len += (size_t)snprintf(buf + len, 64 - len, "%s%lld%s", len ? " " : "",
                                    (long long)part[i], unit[i]);
}

static void conversation_rules(lcc_report *r, const lcc__cb_facts *f)
{
    if (!f->conversation_exists) {
        lcc__report_add(r, "CB-ELIGIBLE", "conversation", LCC_ENOTELIGIBLE, ERR,
                        "The interaction no longer exists, so no callback can be scheduled for it.");
        return;
    }
    int voice = f->media == LCC_MEDIA_CALL || f->media == LCC_MEDIA_CALLBACK ||
                f->media == LCC_MEDIA_CAMPAIGN_CALL || f->media == LCC_MEDIA_VOICEMAIL;
    if (!voice)
        lcc__report_add(r, "CB-ELIGIBLE", "conversation", LCC_ENOTELIGIBLE, ERR,
                        "Callbacks can be scheduled only from ACD voice interactions (call, "
                        "callback, outbound campaign call, voicemail); this one is a %s.",
                        media_name(f->media));
    else if (!f->acd)
        lcc__report_add(r, "CB-ELIGIBLE", "conversation", LCC_ENOTELIGIBLE, ERR,
                        "Callbacks can be scheduled only from ACD interactions; this %s was not "
                        "routed through a queue.",
                        media_name(f->media));
}

static void agent_rules(lcc_report *r, const lcc__cb_facts *f)
{
    if (!f->agent_exists)
        lcc__report_add(r, "CB-PERM", "agent", LCC_EPERM, ERR,
                        "The scheduling agent no longer exists.");
    else if (!f->has_permission)
        lcc__report_add(r, "CB-PERM", "agent", LCC_EPERM, ERR,
                        "Agent \"%.100s\" lacks the permission conversation:callback:create "
                        "needed to schedule callbacks.",
                        f->agent_id);
}

static void date_rules(lcc_report *r, const lcc__cb_facts *f)
{
    int64_t ahead = f->scheduled_ms - f->now_ms;
    char span[64], lim[64];
    if (ahead > f->horizon_ms) {
        fmt_span(span, ahead);
        fmt_span(lim, f->horizon_ms);
        lcc__report_add(r, "CB-HORIZON", "date", LCC_ERANGE, ERR,
                        "A callback cannot be scheduled more than %s ahead; this one is %s ahead.",
                        lim, span);
    }
    if (f->take_ownership && f->owned_enabled && ahead > (int64_t)f->owned_limit_h * 3600000) {
        fmt_span(span, ahead);
        lcc__report_add(r, "CB-OWN-HORIZON", "date", LCC_ERANGE, ERR,
                        "An owned callback on queue \"%.100s\" can be scheduled at most %ld hours "
                        "ahead; this one is %s ahead.",
                        f->target_queue_id ? f->target_queue_id : "", (long)f->owned_limit_h, span);
    }
}

static void past_rule(lcc_report *r, const lcc__cb_facts *f)
{
    if (f->scheduled_ms < f->now_ms)
        lcc__report_add(r, "CB-PAST", "time", LCC_EPAST, ERR,
                        "%04d-%02d-%02d %02d:%02d (%s) is in the past.", f->resolved.year,
                        f->resolved.month, f->resolved.day, f->resolved.hour, f->resolved.minute,
                        f->zone);
}

static void time_rules(lcc_report *r, const lcc__cb_facts *f)
{
    const lcc__civil *e = &f->entered;
    if (f->tz_flags & LCC_TZ_IN_GAP) {
        if (f->how == LCC_DISAMBIGUATE_REJECT)
            lcc__report_add(r, "CB-TZ-GAP", "time", LCC_ENONEXISTENT_TIME, ERR,
                            "%02d:%02d does not exist on %04d-%02d-%02d in %s (the clocks move "
                            "forward); the first valid time is %02d:%02d.",
                            e->hour, e->minute, e->year, e->month, e->day, f->zone,
                            f->first_valid.hour, f->first_valid.minute);
        else
            lcc__report_add(r, "CB-TZ-GAP", "time", LCC_ENONEXISTENT_TIME, WARN,
                            "%02d:%02d does not exist on %04d-%02d-%02d in %s (the clocks move "
                            "forward); the callback is set to %02d:%02d instead.",
                            e->hour, e->minute, e->year, e->month, e->day, f->zone,
                            f->resolved.hour, f->resolved.minute);
    }
    if (f->tz_flags & LCC_TZ_IN_FOLD) {
        char early[16], late[16];
        fmt_offset(early, f->fold_offsets[0]);
        fmt_offset(late, f->fold_offsets[1]);
        if (f->how == LCC_DISAMBIGUATE_REJECT)
            lcc__report_add(r, "CB-TZ-FOLD", "time", LCC_EAMBIGUOUS_TIME, ERR,
                            "%02d:%02d occurs twice on %04d-%02d-%02d in %s (the clocks move "
                            "back); choose the earlier (%s) or the later (%s) one.",
                            e->hour, e->minute, e->year, e->month, e->day, f->zone, early, late);
        else if (f->how == LCC_DISAMBIGUATE_COMPATIBLE)
            lcc__report_add(r, "CB-TZ-FOLD", "time", LCC_EAMBIGUOUS_TIME, WARN,
                            "%02d:%02d occurs twice on %04d-%02d-%02d in %s (the clocks move "
                            "back); the earlier one (%s) is used.",
                            e->hour, e->minute, e->year, e->month, e->day, f->zone, early);
    }
    past_rule(r, f);
}

static void when_rules(lcc_report *r, const lcc__cb_facts *f)
{
    if (f->immediate)
        return; /* CB-PAST: no time at all means as soon as possible. */
    if (f->zone_status != LCC_OK) {
        lcc__report_add(r, "CB-TZ", "time_zone", f->zone_status, ERR, "%s",
                        f->zone_error ? f->zone_error : "The time zone cannot be used.");
        return;
    }
    date_rules(r, f);
    time_rules(r, f);
}

static void where_rules(lcc_report *r, const lcc__cb_facts *f)
{
    if (!f->target_queue_id) {
        lcc__report_add(r, "CB-QUEUE", "queue", LCC_ENOTFOUND, ERR,
                        "The interaction has no queue; choose a queue for the callback.");
        return;
    }
    int other = f->chosen_queue_id && (!f->original_queue_id ||
                                       strcmp(f->chosen_queue_id, f->original_queue_id) != 0);
    if (other && f->original_queue_id && !f->original_allows_choice)
        lcc__report_add(r, "CB-QUEUE", "queue", LCC_ENOTALLOWED, ERR,
                        "Agents may not choose the queue of scheduled callbacks on queue "
                        "\"%.100s\"; the callback goes to that queue.",
                        f->original_queue_id);
    if (!f->target_queue_exists) {
        lcc__report_add(r, "CB-QUEUE", "queue", LCC_ENOTFOUND, ERR, "Queue \"%.100s\" does not exist.",
                        f->target_queue_id);
        return;
    }
    if (f->route_to_me && !f->agent_in_target)
        lcc__report_add(r, "CB-ROUTE-ME", "route_to_me", LCC_ENOTALLOWED, WARN,
                        "You are not a member of queue \"%.100s\", so the callback will be routed "
                        "to the queue rather than to you.",
                        f->target_queue_id);
    if (f->take_ownership && !f->owned_enabled)
        lcc__report_add(r, "CB-OWN", "take_ownership", LCC_ENOTALLOWED, ERR,
                        "Owned callbacks are not enabled on queue \"%.100s\".", f->target_queue_id);
    else if (f->take_ownership && !f->agent_in_target)
        lcc__report_add(r, "CB-OWN", "take_ownership", LCC_ENOTALLOWED, ERR,
                        "Only members of queue \"%.100s\" can own its callbacks.", f->target_queue_id);
}

void lcc__rules_callback(lcc_report *r, const lcc__cb_facts *f)
{
    if (!f->no_conversation)
        conversation_rules(r, f);
    if (f->already_scheduled)
        lcc__report_add(r, "CB-SINGLE", "conversation", LCC_EEXISTS, ERR,
                        "A callback has already been scheduled for this interaction; only one is "
                        "allowed.");
    agent_rules(r, f);
    when_rules(r, f);
    if (!f->has_number)
        lcc__report_add(r, "CB-NUMBER", "number", LCC_EBADNUMBER, ERR,
                        "There is no number to call: the interaction has no caller number; enter "
                        "one.");
    else if (f->number_status != LCC_OK)
        lcc__report_add(r, "CB-NUMBER", "number", f->number_status, ERR, "%s", f->number_error);
    where_rules(r, f);
    if (f->has_caller_id && f->caller_id_status != LCC_OK)
        lcc__report_add(r, "CB-CALLERID", "caller_id", f->caller_id_status, ERR,
                        "The caller ID must be a phone number in E.164: %s", f->caller_id_error);
}

void lcc__rules_callback_instant(lcc_report *r, const lcc__cb_facts *f)
{
    date_rules(r, f);
    past_rule(r, f);
}

void lcc__rules_callback_change(lcc_report *r, const lcc__cb_change *c)
{
    if (!c->actor_is_supervisor && !c->actor_is_scheduler_or_owner)
        lcc__report_add(r, c->rule, "agent", LCC_EPERM, ERR,
                        "Agent \"%.100s\" may not %s this callback: only a supervisor or the agent "
                        "who scheduled or owns it may.",
                        c->actor_id, c->verb);
    if (!c->scheduled)
        lcc__report_add(r, c->rule, "state", LCC_ESTATE, ERR,
                        "The callback is no longer scheduled, so it cannot be %s.",
                        strcmp(c->verb, "cancel") == 0 ? "cancelled" : "rescheduled");
}
