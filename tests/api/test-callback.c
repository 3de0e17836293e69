/* Callback drafts through the public API: one or more tests per CB-* rule,
 * each named after the rule id it checks. */
#include "fixture.h"

static fixture F;

static void setup(void) { fixture_setup(&F); }
static void teardown(void) { fixture_teardown(&F); }

static lcc_callback_draft *new_draft(void)
{
    lcc_callback_draft *d;
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, F.conv, F.agent), LCC_OK);
    return d;
}

/* Validates and returns the report (caller frees); checks the status agrees. */
static lcc_report *validate(lcc_callback_draft *d)
{
    lcc_report *r = NULL;
    lcc_status st = lcc_callback_draft_validate(&r, d);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(st, lcc_report_error_count(r) ? LCC_EVALIDATION : LCC_OK);
    return r;
}

static void expect_error(lcc_callback_draft *d, const char *rule, const char *field, lcc_status code)
{
    lcc_report *r = validate(d);
    long i = lcc_report_find(r, rule);
    ck_assert_msg(i >= 0, "expected %s in the report", rule);
    ck_assert_str_eq(lcc_report_field(r, (size_t)i), field);
    ck_assert_int_eq(lcc_report_code(r, (size_t)i), code);
    ck_assert_int_eq(lcc_report_severity(r, (size_t)i), LCC_SEVERITY_ERROR);
    ck_assert(strlen(lcc_report_message(r, (size_t)i)) > 10);
    lcc_report_free(r);
}

static void expect_clean(lcc_callback_draft *d)
{
    lcc_report *r = validate(d);
    ck_assert_msg(lcc_report_count(r) == 0, "unexpected %s: %s", lcc_report_rule(r, 0),
                  lcc_report_message(r, 0));
    lcc_report_free(r);
}

static lcc_callback *commit_ok(lcc_callback_draft *d)
{
    lcc_callback *cb = NULL;
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_OK);
    ck_assert_ptr_nonnull(cb);
    return cb;
}

static void set_when(lcc_callback_draft *d, int y, int mo, int day, int h, int mi)
{
    ck_assert_int_eq(lcc_callback_draft_set_date(d, y, mo, day), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_time(d, h, mi), LCC_OK);
}

/* ---- defaults ------------------------------------------------------------ */

START_TEST(CB_DATE_DEFAULT_today_in_agent_zone)
{
    lcc_callback_draft *d = new_draft();
    int y, mo, day, h, mi;
    ck_assert_int_eq(lcc_callback_draft_local_time(d, &y, &mo, &day, &h, &mi), LCC_OK);
    /* 10:00Z is 11:00 in Paris; the default is 30 minutes later. */
    ck_assert_int_eq(y, 2026);
    ck_assert_int_eq(mo, 11);
    ck_assert_int_eq(day, 21);
    ck_assert_str_eq(lcc_callback_draft_time_zone(d), "Europe/Paris");
}
END_TEST

START_TEST(CB_DATE_DEFAULT_today_in_callee_zone)
{
    lcc_callback_draft *d = new_draft();
    /* Kiritimati is UTC+14: at 10:00Z it is already Sunday there. */
    ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, "Pacific/Kiritimati"), LCC_OK);
    int y, mo, day, h, mi;
    ck_assert_int_eq(lcc_callback_draft_local_time(d, &y, &mo, &day, &h, &mi), LCC_OK);
    ck_assert_int_eq(day, 22);
    ck_assert_int_eq(h, 0);
    ck_assert_int_eq(mi, 30);
    ck_assert_str_eq(lcc_callback_draft_time_zone(d), "Pacific/Kiritimati");
}
END_TEST

START_TEST(CB_DATE_DEFAULT_only_time_set_means_today)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_time(d, 15, 0), LCC_OK);
    lcc_callback *cb = commit_ok(d);
    /* 15:00 in Paris on 2026-11-21 = 14:00Z. */
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), T0_MS + 4 * HOUR_MS);
}
END_TEST

START_TEST(CB_TIME_DEFAULT_now_plus_30_minutes)
{
    lcc_callback_draft *d = new_draft();
    int h, mi;
    ck_assert_int_eq(lcc_callback_draft_local_time(d, NULL, NULL, NULL, &h, &mi), LCC_OK);
    ck_assert_int_eq(h, 11);
    ck_assert_int_eq(mi, 30);
    lcc_callback *cb = commit_ok(d);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), T0_MS + LCC_CALLBACK_DEFAULT_DELAY_MS);
}
END_TEST

START_TEST(CB_TIME_DEFAULT_follows_the_clock)
{
    lcc_callback_draft *d = new_draft();
    F.now += 2 * HOUR_MS;
    int h;
    ck_assert_int_eq(lcc_callback_draft_local_time(d, NULL, NULL, NULL, &h, NULL), LCC_OK);
    ck_assert_int_eq(h, 13);
}
END_TEST

START_TEST(CB_TIME_DEFAULT_near_midnight_rolls_the_date)
{
    F.now = T0_MS + 12 * HOUR_MS + 45 * 60000; /* 22:45Z = 23:45 in Paris */
    lcc_callback_draft *d = new_draft();
    int day, h, mi;
    ck_assert_int_eq(lcc_callback_draft_local_time(d, NULL, NULL, &day, &h, &mi), LCC_OK);
    ck_assert_int_eq(day, 22);
    ck_assert_int_eq(h, 0);
    ck_assert_int_eq(mi, 15);
    expect_clean(d);
}
END_TEST

/* ---- when ---------------------------------------------------------------- */

START_TEST(CB_HORIZON_exactly_30_days_is_allowed)
{
    lcc_callback_draft *d = new_draft();
    set_when(d, 2026, 12, 21, 11, 0); /* now + 30 days, same offset */
    expect_clean(d);
    lcc_callback *cb = commit_ok(d);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), T0_MS + 30 * DAY_MS);
}
END_TEST

START_TEST(CB_HORIZON_one_minute_more_is_refused)
{
    lcc_callback_draft *d = new_draft();
    set_when(d, 2026, 12, 21, 11, 1);
    expect_error(d, "CB-HORIZON", "date", LCC_ERANGE);
    lcc_callback *cb = NULL;
    ck_assert_int_eq(lcc_callback_draft_commit(&cb, NULL, d), LCC_EVALIDATION);
    ck_assert_ptr_null(cb);
    ck_assert_ptr_null(lcc_context_find_callback_for_conversation(F.ctx, "c1"));
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.ctx), "CB-HORIZON"));
}
END_TEST

START_TEST(CB_HORIZON_is_a_context_setting)
{
    fixture_teardown(&F);
    lcc_context_params p = LCC_CONTEXT_PARAMS_INIT;
    p.now_ms = fixture_clock;
    p.clock_user_data = &F;
    p.callback_horizon_ms = 7 * DAY_MS;
    ck_assert_int_eq(lcc_context_new(&F.ctx, &p), LCC_OK);
    ck_assert_int_eq(lcc_context_callback_horizon_ms(F.ctx), 7 * DAY_MS);
    ck_assert_int_eq(lcc_agent_new(&F.agent, F.ctx, "a1", "Ana"), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_queue_new(&F.queue, F.ctx, "q1", "Support"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_new(&F.conv, F.ctx, "c1", LCC_MEDIA_CALL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_ani(F.conv, "+33142685300"), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(F.conv, "q1"), LCC_OK);
    lcc_callback_draft *d = new_draft();
    set_when(d, 2026, 11, 29, 10, 0); /* UTC agent: 8 days ahead */
    expect_error(d, "CB-HORIZON", "date", LCC_ERANGE);
    set_when(d, 2026, 11, 28, 10, 0); /* exactly 7 days */
    expect_clean(d);
}
END_TEST

START_TEST(CB_PAST_earlier_today_is_refused)
{
    lcc_callback_draft *d = new_draft();
    set_when(d, 2026, 11, 21, 10, 59); /* 09:59Z */
    expect_error(d, "CB-PAST", "time", LCC_EPAST);
}
END_TEST

START_TEST(CB_PAST_no_time_means_as_soon_as_possible)
{
    lcc_callback_draft *d = new_draft();
    set_when(d, 2020, 1, 1, 0, 0);
    ck_assert_int_eq(lcc_callback_draft_set_immediate(d, 1), LCC_OK);
    expect_clean(d);
    lcc_callback *cb = commit_ok(d);
    ck_assert(lcc_callback_scheduled_ms(cb) == LCC_CALLBACK_ASAP);
}
END_TEST

START_TEST(CB_TZ_callee_zone_interprets_the_local_time)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, "America/New_York"), LCC_OK);
    set_when(d, 2026, 11, 23, 9, 0); /* EST: 14:00Z */
    lcc_callback *cb = commit_ok(d);
    char buf[LCC_TIME_BUFSIZE];
    ck_assert_int_eq(lcc_time_format(buf, sizeof buf, lcc_callback_scheduled_ms(cb)), LCC_OK);
    ck_assert_str_eq(buf, "2026-11-23T14:00:00.000Z");
    ck_assert_str_eq(lcc_callback_time_zone(cb), "America/New_York");
}
END_TEST

START_TEST(CB_TZ_unknown_zone_is_refused)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, "Mars/Olympus_Mons"), LCC_OK);
    expect_error(d, "CB-TZ", "time_zone", LCC_EUNKNOWN_ZONE);
    const char *not_zones[] = {"localtime", "posix/Europe/Paris", "right/UTC", "../etc/passwd",
                               "Europe/", "posixrules"};
    for (size_t i = 0; i < sizeof not_zones / sizeof *not_zones; i++) {
        ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, not_zones[i]), LCC_OK);
        expect_error(d, "CB-TZ", "time_zone", LCC_EUNKNOWN_ZONE);
    }
}
END_TEST

START_TEST(CB_TZ_links_are_accepted)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, "US/Eastern"), LCC_OK);
    set_when(d, 2026, 11, 23, 9, 0);
    lcc_callback *cb = commit_ok(d);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), T0_MS + 2 * DAY_MS + 4 * HOUR_MS);
}
END_TEST

/* 2027-03-14 02:30 does not exist in New York (02:00 EST -> 03:00 EDT). */
static lcc_callback_draft *gap_draft(void)
{
    F.now = 1803888000000LL; /* 2027-03-01T00:00:00Z */
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, "America/New_York"), LCC_OK);
    set_when(d, 2027, 3, 14, 2, 30);
    return d;
}

START_TEST(CB_TZ_GAP_compatible_shifts_forward_with_a_warning)
{
    lcc_callback_draft *d = gap_draft();
    lcc_report *r = validate(d);
    ck_assert_uint_eq(lcc_report_count(r), 1);
    ck_assert(report_has(r, "CB-TZ-GAP", LCC_SEVERITY_WARNING));
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_ENONEXISTENT_TIME);
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, 0), "03:30"));
    lcc_report_free(r);
    lcc_callback *cb = commit_ok(d);
    char buf[LCC_TIME_BUFSIZE];
    lcc_time_format(buf, sizeof buf, lcc_callback_scheduled_ms(cb));
    ck_assert_str_eq(buf, "2027-03-14T07:30:00.000Z"); /* 03:30 EDT */
}
END_TEST

START_TEST(CB_TZ_GAP_strict_refuses_and_names_the_first_valid_time)
{
    lcc_callback_draft *d = gap_draft();
    ck_assert_int_eq(lcc_callback_draft_set_disambiguation(d, LCC_DISAMBIGUATE_REJECT), LCC_OK);
    lcc_report *r = validate(d);
    long i = lcc_report_find(r, "CB-TZ-GAP");
    ck_assert_int_ge(i, 0);
    ck_assert_int_eq(lcc_report_severity(r, (size_t)i), LCC_SEVERITY_ERROR);
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, (size_t)i), "03:00"));
    lcc_report_free(r);
}
END_TEST

START_TEST(CB_TZ_GAP_earlier_shifts_backward)
{
    lcc_callback_draft *d = gap_draft();
    ck_assert_int_eq(lcc_callback_draft_set_disambiguation(d, LCC_DISAMBIGUATE_EARLIER), LCC_OK);
    lcc_callback *cb = commit_ok(d);
    char buf[LCC_TIME_BUFSIZE];
    lcc_time_format(buf, sizeof buf, lcc_callback_scheduled_ms(cb));
    ck_assert_str_eq(buf, "2027-03-14T06:30:00.000Z"); /* 01:30 EST */
}
END_TEST

/* 2026-11-01 01:30 happens twice in New York. */
static lcc_callback_draft *fold_draft(void)
{
    F.now = 1792454400000LL; /* 2026-10-20T00:00:00Z */
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, "America/New_York"), LCC_OK);
    set_when(d, 2026, 11, 1, 1, 30);
    return d;
}

START_TEST(CB_TZ_FOLD_compatible_takes_the_earlier_with_a_warning)
{
    lcc_callback_draft *d = fold_draft();
    lcc_report *r = validate(d);
    ck_assert_uint_eq(lcc_report_count(r), 1);
    ck_assert(report_has(r, "CB-TZ-FOLD", LCC_SEVERITY_WARNING));
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, 0), "UTC-04:00"));
    lcc_report_free(r);
    lcc_callback *cb = commit_ok(d);
    char buf[LCC_TIME_BUFSIZE];
    lcc_time_format(buf, sizeof buf, lcc_callback_scheduled_ms(cb));
    ck_assert_str_eq(buf, "2026-11-01T05:30:00.000Z");
}
END_TEST

START_TEST(CB_TZ_FOLD_strict_refuses_unless_a_side_is_picked)
{
    lcc_callback_draft *d = fold_draft();
    ck_assert_int_eq(lcc_callback_draft_set_disambiguation(d, LCC_DISAMBIGUATE_REJECT), LCC_OK);
    expect_error(d, "CB-TZ-FOLD", "time", LCC_EAMBIGUOUS_TIME);
    ck_assert_int_eq(lcc_callback_draft_set_disambiguation(d, LCC_DISAMBIGUATE_LATER), LCC_OK);
    expect_clean(d);
    lcc_callback *cb = commit_ok(d);
    char buf[LCC_TIME_BUFSIZE];
    lcc_time_format(buf, sizeof buf, lcc_callback_scheduled_ms(cb));
    ck_assert_str_eq(buf, "2026-11-01T06:30:00.000Z");
}
END_TEST

/* ---- number -------------------------------------------------------------- */

START_TEST(CB_NUMBER_DEFAULT_is_the_callers_ani)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_str_eq(lcc_callback_draft_number(d), "+33 1 42 68 53 00");
    lcc_callback *cb = commit_ok(d);
    ck_assert_str_eq(lcc_callback_number(cb), "+33142685300");
}
END_TEST

START_TEST(CB_NUMBER_DEFAULT_may_be_changed)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_number(d, "(201) 555-0123 ext. 45", "US"), LCC_OK);
    ck_assert_str_eq(lcc_callback_draft_number(d), "(201) 555-0123 ext. 45");
    lcc_callback *cb = commit_ok(d);
    ck_assert_str_eq(lcc_callback_number(cb), "+12015550123");
    ck_assert_str_eq(lcc_callback_extension(cb), "45");
}
END_TEST

START_TEST(CB_NUMBER_national_and_international_forms)
{
    const char *forms[][2] = {{"01 42 68 53 00", "FR"}, {"0033 1 42 68 53 00", NULL},
                              {"011 33 1 42 68 53 00", "US"}, {"tel:+33-1-42-68-53-00", NULL}};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        lcc_callback_draft *d = new_draft();
        ck_assert_int_eq(lcc_callback_draft_set_number(d, forms[i][0], forms[i][1]), LCC_OK);
        expect_clean(d);
        lcc_callback_draft_free(d);
    }
}
END_TEST

START_TEST(CB_NUMBER_bad_numbers_are_refused_with_a_reason)
{
    const char *bad[][2] = {{"01 42 68 53 00", NULL}, {"+99 1234 5678", NULL},
                            {"+33 1", NULL}, {"+33 1 42 68 53 00 00 00", NULL}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        lcc_callback_draft *d = new_draft();
        ck_assert_int_eq(lcc_callback_draft_set_number(d, bad[i][0], bad[i][1]), LCC_OK);
        expect_error(d, "CB-NUMBER", "number", LCC_EBADNUMBER);
        lcc_callback_draft_free(d);
    }
}
END_TEST

START_TEST(CB_NUMBER_missing_ani_and_no_number)
{
    ck_assert_int_eq(lcc_conversation_set_ani(F.conv, NULL), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_ptr_null(lcc_callback_draft_number(d));
    expect_error(d, "CB-NUMBER", "number", LCC_EBADNUMBER);
}
END_TEST

START_TEST(CB_NUMBER_invalid_utf8_is_refused_by_the_setter)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_number(d, "+33 \xff", NULL), LCC_EINVAL);
    ck_assert_int_eq(lcc_callback_draft_set_number(d, "+33 1", "FRA"), LCC_EINVAL);
    ck_assert_str_eq(lcc_callback_draft_number(d), "+33 1 42 68 53 00"); /* unchanged */
}
END_TEST

static int refuse_premium(const char *e164, const char *region, char *reason, size_t size, void *ud)
{
    (*(int *)ud)++;
    if (strncmp(e164, "+3389", 5) == 0) {
        strncpy(reason, "premium-rate numbers are not called back", size - 1);
        return 1;
    }
    return 0;
}

START_TEST(CB_NUMBER_host_validator_is_consulted)
{
    int calls = 0;
    ck_assert_int_eq(lcc_context_set_phone_validator(F.ctx, refuse_premium, &calls), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_number(d, "+33 8 92 68 53 00", NULL), LCC_OK);
    lcc_report *r = validate(d);
    long i = lcc_report_find(r, "CB-NUMBER");
    ck_assert_int_ge(i, 0);
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, (size_t)i), "premium-rate"));
    lcc_report_free(r);
    ck_assert_int_ge(calls, 1);
}
END_TEST

/* ---- where --------------------------------------------------------------- */

START_TEST(CB_QUEUE_goes_to_the_original_queue_by_default)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_str_eq(lcc_callback_draft_queue_id(d), "q1");
    lcc_callback *cb = commit_ok(d);
    ck_assert_str_eq(lcc_callback_queue_id(cb), "q1");
}
END_TEST

START_TEST(CB_QUEUE_other_queue_needs_the_admin_setting)
{
    lcc_queue *q2;
    ck_assert_int_eq(lcc_queue_new(&q2, F.ctx, "q2", "Sales"), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_queue(d, "q2"), LCC_OK);
    expect_error(d, "CB-QUEUE", "queue", LCC_ENOTALLOWED);
    ck_assert_int_eq(lcc_queue_set_agents_choose_callback_queue(F.queue, 1), LCC_OK);
    expect_clean(d);
    lcc_callback *cb = commit_ok(d);
    ck_assert_str_eq(lcc_callback_queue_id(cb), "q2");
}
END_TEST

START_TEST(CB_QUEUE_unknown_or_missing_queue)
{
    ck_assert_int_eq(lcc_queue_set_agents_choose_callback_queue(F.queue, 1), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_queue(d, "nope"), LCC_OK);
    expect_error(d, "CB-QUEUE", "queue", LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_callback_draft_set_queue(d, NULL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(F.conv, NULL), LCC_OK);
    expect_error(d, "CB-QUEUE", "queue", LCC_ENOTFOUND);
}
END_TEST

START_TEST(CB_ROUTE_ME_prefers_the_scheduling_agent)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_route_to_me(d, 1), LCC_OK);
    lcc_callback *cb = commit_ok(d);
    ck_assert_str_eq(lcc_callback_preferred_agent_id(cb), "a1");
    ck_assert_ptr_null(lcc_callback_owner_id(cb));
}
END_TEST

START_TEST(CB_ROUTE_ME_off_by_default_goes_to_the_queue)
{
    lcc_callback *cb = commit_ok(new_draft());
    ck_assert_ptr_null(lcc_callback_preferred_agent_id(cb));
}
END_TEST

START_TEST(CB_ROUTE_ME_non_member_gets_a_warning)
{
    ck_assert_int_eq(lcc_queue_remove_member(F.queue, "a1"), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_route_to_me(d, 1), LCC_OK);
    lcc_report *r = validate(d);
    ck_assert(report_has(r, "CB-ROUTE-ME", LCC_SEVERITY_WARNING));
    ck_assert_uint_eq(lcc_report_error_count(r), 0);
    lcc_report_free(r);
}
END_TEST

START_TEST(CB_OWN_needs_owned_callbacks_enabled)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_take_ownership(d, 1), LCC_OK);
    expect_error(d, "CB-OWN", "take_ownership", LCC_ENOTALLOWED);
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 720, 24), LCC_OK);
    lcc_callback *cb = commit_ok(d);
    ck_assert_str_eq(lcc_callback_owner_id(cb), "a1");
}
END_TEST

START_TEST(CB_OWN_only_for_members_of_the_queue)
{
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 720, 24), LCC_OK);
    ck_assert_int_eq(lcc_queue_remove_member(F.queue, "a1"), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_take_ownership(d, 1), LCC_OK);
    expect_error(d, "CB-OWN", "take_ownership", LCC_ENOTALLOWED);
}
END_TEST

START_TEST(CB_OWN_HORIZON_limits_owned_callbacks)
{
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 48, 24), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_take_ownership(d, 1), LCC_OK);
    set_when(d, 2026, 11, 24, 11, 0); /* 3 days */
    expect_error(d, "CB-OWN-HORIZON", "date", LCC_ERANGE);
    set_when(d, 2026, 11, 23, 11, 0); /* exactly 48 h */
    expect_clean(d);
    /* Without ownership the queue limit does not apply. */
    ck_assert_int_eq(lcc_callback_draft_set_take_ownership(d, 0), LCC_OK);
    set_when(d, 2026, 11, 24, 11, 0);
    expect_clean(d);
}
END_TEST

START_TEST(CB_OWN_HORIZON_CB_OWN_WINDOW_settings_out_of_range_are_rejected)
{
    int32_t bad[][2] = {{0, 24}, {721, 24}, {-1, 24}, {24, 0}, {24, 169}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, bad[i][0], bad[i][1]), LCC_ERANGE);
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 721, 24), LCC_ERANGE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.ctx), "between 1 and 720 hours"));
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 24, 169), LCC_ERANGE);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.ctx), "between 1 and 168 hours"));
    int en;
    int32_t lim, win;
    ck_assert_int_eq(lcc_queue_owned_callbacks(F.queue, &en, &lim, &win), LCC_OK);
    ck_assert_int_eq(en, 0); /* unchanged by the refused calls */
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 1, 1), LCC_OK);
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 720, 168), LCC_OK);
    ck_assert_int_eq(lcc_queue_owned_callbacks(F.queue, &en, &lim, &win), LCC_OK);
    ck_assert_int_eq(en, 1);
    ck_assert_int_eq(lim, 720);
    ck_assert_int_eq(win, 168);
}
END_TEST

/* ---- who and from what --------------------------------------------------- */

START_TEST(CB_SINGLE_one_callback_per_interaction)
{
    lcc_callback_draft *d = new_draft();
    lcc_callback *cb = commit_ok(d);
    ck_assert_ptr_eq(lcc_context_find_callback_for_conversation(F.ctx, "c1"), cb);
    ck_assert_ptr_eq(lcc_context_find_callback(F.ctx, lcc_callback_id(cb)), cb);
    /* The same draft again, and a fresh draft, are both refused. */
    expect_error(d, "CB-SINGLE", "conversation", LCC_EEXISTS);
    ck_assert_int_eq(lcc_callback_draft_commit(NULL, NULL, d), LCC_EVALIDATION);
    expect_error(new_draft(), "CB-SINGLE", "conversation", LCC_EEXISTS);
}
END_TEST

START_TEST(CB_PERM_needs_conversation_callback_create)
{
    ck_assert_int_eq(lcc_agent_remove_permission(F.agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    lcc_callback_draft *d = new_draft();
    expect_error(d, "CB-PERM", "agent", LCC_EPERM);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, "conversation:message:create"), LCC_OK);
    expect_error(d, "CB-PERM", "agent", LCC_EPERM);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, "conversation:callback:*"), LCC_OK);
    expect_clean(d);
}
END_TEST

START_TEST(CB_PERM_wildcards_and_malformed_permissions)
{
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, "conversation"), LCC_EINVAL);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, "a::b"), LCC_EINVAL);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, "a:b:c:d"), LCC_EINVAL);
    ck_assert_int_eq(lcc_agent_remove_permission(F.agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    ck_assert_int_eq(lcc_agent_add_permission(F.agent, "*:*:*"), LCC_OK);
    ck_assert(lcc_agent_has_permission(F.agent, LCC_PERM_CALLBACK_CREATE));
    ck_assert(!lcc_agent_has_permission(F.agent, "conversation:callback"));
}
END_TEST

START_TEST(CB_ELIGIBLE_only_acd_voice_interactions)
{
    struct { lcc_media_type m; int ok; } cases[] = {
        {LCC_MEDIA_CALL, 1},    {LCC_MEDIA_CALLBACK, 1}, {LCC_MEDIA_CAMPAIGN_CALL, 1},
        {LCC_MEDIA_VOICEMAIL, 1}, {LCC_MEDIA_MESSAGE, 0}, {LCC_MEDIA_EMAIL, 0},
        {LCC_MEDIA_SOCIAL, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char id[16];
        snprintf(id, sizeof id, "m%zu", i);
        lcc_conversation *c;
        ck_assert_int_eq(lcc_conversation_new(&c, F.ctx, id, cases[i].m), LCC_OK);
        lcc_conversation_set_ani(c, "+33142685300");
        lcc_conversation_set_queue(c, "q1");
        lcc_callback_draft *d;
        ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, c, F.agent), LCC_OK);
        if (cases[i].ok)
            expect_clean(d);
        else
            expect_error(d, "CB-ELIGIBLE", "conversation", LCC_ENOTELIGIBLE);
    }
}
END_TEST

START_TEST(CB_ELIGIBLE_non_acd_call_is_refused)
{
    ck_assert_int_eq(lcc_conversation_set_acd(F.conv, 0), LCC_OK);
    expect_error(new_draft(), "CB-ELIGIBLE", "conversation", LCC_ENOTELIGIBLE);
}
END_TEST

START_TEST(CB_CALLERID_caller_id_and_name)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_caller_id(d, "+1 (201) 555-0100", "ACME Support"),
                     LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_callee_name(d, "Zoë"), LCC_OK);
    lcc_callback *cb = commit_ok(d);
    ck_assert_str_eq(lcc_callback_caller_id(cb), "+12015550100");
    ck_assert_str_eq(lcc_callback_caller_id_name(cb), "ACME Support");
    ck_assert_str_eq(lcc_callback_callee_name(cb), "Zoë");
}
END_TEST

START_TEST(CB_CALLERID_must_be_e164)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_caller_id(d, "12", NULL), LCC_OK);
    expect_error(d, "CB-CALLERID", "caller_id", LCC_EBADNUMBER);
    ck_assert_int_eq(lcc_callback_draft_set_caller_id(d, "\xc0\xaf", NULL), LCC_EINVAL);
}
END_TEST

/* ---- all problems at once, bad input ------------------------------------- */

START_TEST(report_collects_every_problem_in_field_order)
{
    ck_assert_int_eq(lcc_agent_remove_permission(F.agent, LCC_PERM_CALLBACK_CREATE), LCC_OK);
    lcc_conversation *mail;
    ck_assert_int_eq(lcc_conversation_new(&mail, F.ctx, "e1", LCC_MEDIA_EMAIL), LCC_OK);
    ck_assert_int_eq(lcc_conversation_set_queue(mail, "q1"), LCC_OK);
    lcc_callback_draft *d;
    ck_assert_int_eq(lcc_callback_draft_new(&d, F.ctx, mail, F.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_time_zone(d, "Nowhere/City"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_number(d, "+99 12", NULL), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_queue(d, "q9"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_caller_id(d, "abc", NULL), LCC_OK);
    lcc_report *r = validate(d);
    const char *want[][2] = {{"CB-ELIGIBLE", "conversation"}, {"CB-PERM", "agent"},
                             {"CB-TZ", "time_zone"},          {"CB-NUMBER", "number"},
                             {"CB-QUEUE", "queue"},           {"CB-QUEUE", "queue"},
                             {"CB-CALLERID", "caller_id"}};
    ck_assert_uint_eq(lcc_report_count(r), sizeof want / sizeof *want);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        ck_assert_str_eq(lcc_report_rule(r, i), want[i][0]);
        ck_assert_str_eq(lcc_report_field(r, i), want[i][1]);
    }
    ck_assert_ptr_null(lcc_report_rule(r, 99));
    ck_assert_int_eq(lcc_report_find(r, "CB-HORIZON"), -1);
    lcc_report_free(r);
}
END_TEST

START_TEST(setters_refuse_impossible_dates_and_times)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_date(d, 2026, 2, 30), LCC_EINVAL);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.ctx), "2026-02-30"));
    ck_assert_int_eq(lcc_callback_draft_set_date(d, 2026, 13, 1), LCC_EINVAL);
    ck_assert_int_eq(lcc_callback_draft_set_date(d, 2027, 2, 29), LCC_EINVAL);
    ck_assert_int_eq(lcc_callback_draft_set_date(d, 2028, 2, 29), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_time(d, 24, 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_callback_draft_set_time(d, 12, 60), LCC_EINVAL);
    ck_assert_int_eq(lcc_callback_draft_set_time(d, -1, 0), LCC_EINVAL);
    ck_assert_int_eq(lcc_callback_draft_set_disambiguation(d, (lcc_disambiguation)9), LCC_EINVAL);
    int h, mi;
    ck_assert_int_eq(lcc_callback_draft_local_time(d, NULL, NULL, NULL, &h, &mi), LCC_OK);
    ck_assert_int_eq(h, 11); /* time still the default */
    ck_assert_int_eq(mi, 30);
}
END_TEST

START_TEST(data_map_is_copied_sorted_into_the_callback)
{
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "ticket", "T-1"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "crm", "42"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "gone", "x"), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "gone", NULL), LCC_OK);
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "gone", NULL), LCC_ENOTFOUND);
    ck_assert_int_eq(lcc_callback_draft_set_data(d, "", "x"), LCC_EINVAL);
    lcc_callback *cb = commit_ok(d);
    ck_assert_uint_eq(lcc_callback_data_count(cb), 2);
    ck_assert_str_eq(lcc_callback_data_key(cb, 0), "crm");
    ck_assert_str_eq(lcc_callback_data_value(cb, 1), "T-1");
    ck_assert_str_eq(lcc_callback_data_get(cb, "ticket"), "T-1");
    ck_assert_ptr_null(lcc_callback_data_get(cb, "gone"));
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_SCHEDULED);
    ck_assert_str_eq(lcc_callback_conversation_id(cb), "c1");
    ck_assert_str_eq(lcc_callback_agent_id(cb), "a1");
}
END_TEST

START_TEST(report_outlives_the_context)
{
    lcc_callback_draft *d = new_draft();
    set_when(d, 2026, 11, 21, 10, 0);
    lcc_report *r = validate(d);
    fixture_teardown(&F);
    ck_assert_str_eq(lcc_report_rule(r, 0), "CB-PAST");
    lcc_report_free(r);
}
END_TEST


/* ---- changes after scheduling ------------------------------------------- */

static lcc_agent *other_agent(const char *id, int supervisor)
{
    lcc_agent *b;
    ck_assert_int_eq(lcc_agent_new(&b, F.ctx, id, id), LCC_OK);
    if (supervisor)
        ck_assert_int_eq(lcc_agent_add_role(b, LCC_ROLE_SUPERVISOR), LCC_OK);
    return b;
}

START_TEST(CB_CANCEL_supervisor_may_cancel_any_callback)
{
    lcc_callback *cb = commit_ok(new_draft());
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_callback_cancel(&r, cb, other_agent("sup", 1)), LCC_OK);
    ck_assert_uint_eq(lcc_report_count(r), 0);
    lcc_report_free(r);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
}
END_TEST

START_TEST(CB_CANCEL_agent_only_their_own)
{
    lcc_callback *cb = commit_ok(new_draft());
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_callback_cancel(&r, cb, other_agent("b", 0)), LCC_EVALIDATION);
    long i = lcc_report_find(r, "CB-CANCEL");
    ck_assert_int_ge(i, 0);
    ck_assert_int_eq(lcc_report_code(r, (size_t)i), LCC_EPERM);
    lcc_report_free(r);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_SCHEDULED);
    ck_assert_int_eq(lcc_callback_cancel(NULL, cb, F.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_get_state(cb), LCC_CALLBACK_CANCELLED);
    /* Already cancelled. */
    ck_assert_int_eq(lcc_callback_cancel(&r, cb, F.agent), LCC_EVALIDATION);
    ck_assert_int_eq(lcc_report_code(r, 0), LCC_ESTATE);
    ck_assert_str_eq(lcc_report_message(r, 0),
                     "The callback is no longer scheduled, so it cannot be cancelled.");
    lcc_report_free(r);
}
END_TEST

START_TEST(CB_SINGLE_even_after_cancel)
{
    lcc_callback *cb = commit_ok(new_draft());
    ck_assert_int_eq(lcc_callback_cancel(NULL, cb, F.agent), LCC_OK);
    expect_error(new_draft(), "CB-SINGLE", "conversation", LCC_EEXISTS);
}
END_TEST

START_TEST(CB_RESCHEDULE_new_time_obeys_past_and_horizon)
{
    lcc_callback *cb = commit_ok(new_draft());
    int64_t before = lcc_callback_scheduled_ms(cb);
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_callback_reschedule(&r, cb, F.agent, T0_MS - 60000), LCC_EVALIDATION);
    ck_assert(report_has(r, "CB-PAST", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_callback_reschedule(&r, cb, F.agent, T0_MS + 30 * DAY_MS + 1), LCC_EVALIDATION);
    ck_assert(report_has(r, "CB-HORIZON", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), before); /* unchanged on refusal */
    ck_assert_int_eq(lcc_callback_reschedule(NULL, cb, F.agent, T0_MS + 30 * DAY_MS), LCC_OK);
    ck_assert_int_eq(lcc_callback_scheduled_ms(cb), T0_MS + 30 * DAY_MS);
}
END_TEST

START_TEST(CB_RESCHEDULE_owned_callback_keeps_the_queue_limit)
{
    ck_assert_int_eq(lcc_queue_set_owned_callbacks(F.queue, 1, 48, 24), LCC_OK);
    lcc_callback_draft *d = new_draft();
    ck_assert_int_eq(lcc_callback_draft_set_take_ownership(d, 1), LCC_OK);
    lcc_callback *cb = commit_ok(d);
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_callback_reschedule(&r, cb, F.agent, T0_MS + 49 * HOUR_MS), LCC_EVALIDATION);
    ck_assert(report_has(r, "CB-OWN-HORIZON", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_callback_reschedule(NULL, cb, F.agent, T0_MS + 48 * HOUR_MS), LCC_OK);
}
END_TEST

START_TEST(CB_RESCHEDULE_only_supervisor_or_own)
{
    lcc_callback *cb = commit_ok(new_draft());
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_callback_reschedule(&r, cb, other_agent("b", 0), T0_MS + DAY_MS),
                     LCC_EVALIDATION);
    ck_assert(report_has(r, "CB-RESCHEDULE", LCC_SEVERITY_ERROR));
    lcc_report_free(r);
    ck_assert_int_eq(lcc_callback_reschedule(NULL, cb, other_agent("s", 1), T0_MS + DAY_MS), LCC_OK);
    ck_assert_int_eq(lcc_callback_cancel(NULL, cb, F.agent), LCC_OK);
    ck_assert_int_eq(lcc_callback_reschedule(NULL, cb, F.agent, T0_MS + DAY_MS), LCC_EVALIDATION);
}
END_TEST

static Suite *callback_suite(void)
{
    Suite *s = suite_create("callback");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, CB_DATE_DEFAULT_today_in_agent_zone);
    tcase_add_test(tc, CB_DATE_DEFAULT_today_in_callee_zone);
    tcase_add_test(tc, CB_DATE_DEFAULT_only_time_set_means_today);
    tcase_add_test(tc, CB_TIME_DEFAULT_now_plus_30_minutes);
    tcase_add_test(tc, CB_TIME_DEFAULT_follows_the_clock);
    tcase_add_test(tc, CB_TIME_DEFAULT_near_midnight_rolls_the_date);
    tcase_add_test(tc, CB_HORIZON_exactly_30_days_is_allowed);
    tcase_add_test(tc, CB_HORIZON_one_minute_more_is_refused);
    tcase_add_test(tc, CB_HORIZON_is_a_context_setting);
    tcase_add_test(tc, CB_PAST_earlier_today_is_refused);
    tcase_add_test(tc, CB_PAST_no_time_means_as_soon_as_possible);
    tcase_add_test(tc, CB_TZ_callee_zone_interprets_the_local_time);
    tcase_add_test(tc, CB_TZ_unknown_zone_is_refused);
    tcase_add_test(tc, CB_TZ_links_are_accepted);
    tcase_add_test(tc, CB_TZ_GAP_compatible_shifts_forward_with_a_warning);
    tcase_add_test(tc, CB_TZ_GAP_strict_refuses_and_names_the_first_valid_time);
    tcase_add_test(tc, CB_TZ_GAP_earlier_shifts_backward);
    tcase_add_test(tc, CB_TZ_FOLD_compatible_takes_the_earlier_with_a_warning);
    tcase_add_test(tc, CB_TZ_FOLD_strict_refuses_unless_a_side_is_picked);
    tcase_add_test(tc, CB_NUMBER_DEFAULT_is_the_callers_ani);
    tcase_add_test(tc, CB_NUMBER_DEFAULT_may_be_changed);
    tcase_add_test(tc, CB_NUMBER_national_and_international_forms);
    tcase_add_test(tc, CB_NUMBER_bad_numbers_are_refused_with_a_reason);
    tcase_add_test(tc, CB_NUMBER_missing_ani_and_no_number);
    tcase_add_test(tc, CB_NUMBER_invalid_utf8_is_refused_by_the_setter);
    tcase_add_test(tc, CB_NUMBER_host_validator_is_consulted);
    tcase_add_test(tc, CB_QUEUE_goes_to_the_original_queue_by_default);
    tcase_add_test(tc, CB_QUEUE_other_queue_needs_the_admin_setting);
    tcase_add_test(tc, CB_QUEUE_unknown_or_missing_queue);
    tcase_add_test(tc, CB_ROUTE_ME_prefers_the_scheduling_agent);
    tcase_add_test(tc, CB_ROUTE_ME_off_by_default_goes_to_the_queue);
    tcase_add_test(tc, CB_ROUTE_ME_non_member_gets_a_warning);
    tcase_add_test(tc, CB_OWN_needs_owned_callbacks_enabled);
    tcase_add_test(tc, CB_OWN_only_for_members_of_the_queue);
    tcase_add_test(tc, CB_OWN_HORIZON_limits_owned_callbacks);
    tcase_add_test(tc, CB_OWN_HORIZON_CB_OWN_WINDOW_settings_out_of_range_are_rejected);
    tcase_add_test(tc, CB_SINGLE_one_callback_per_interaction);
    tcase_add_test(tc, CB_PERM_needs_conversation_callback_create);
    tcase_add_test(tc, CB_PERM_wildcards_and_malformed_permissions);
    tcase_add_test(tc, CB_ELIGIBLE_only_acd_voice_interactions);
    tcase_add_test(tc, CB_ELIGIBLE_non_acd_call_is_refused);
    tcase_add_test(tc, CB_CALLERID_caller_id_and_name);
    tcase_add_test(tc, CB_CALLERID_must_be_e164);
    tcase_add_test(tc, report_collects_every_problem_in_field_order);
    tcase_add_test(tc, setters_refuse_impossible_dates_and_times);
    tcase_add_test(tc, data_map_is_copied_sorted_into_the_callback);
    tcase_add_test(tc, report_outlives_the_context);
    tcase_add_test(tc, CB_CANCEL_supervisor_may_cancel_any_callback);
    tcase_add_test(tc, CB_CANCEL_agent_only_their_own);
    tcase_add_test(tc, CB_SINGLE_even_after_cancel);
    tcase_add_test(tc, CB_RESCHEDULE_new_time_obeys_past_and_horizon);
    tcase_add_test(tc, CB_RESCHEDULE_owned_callback_keeps_the_queue_limit);
    tcase_add_test(tc, CB_RESCHEDULE_only_supervisor_or_own);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(callback_suite());
}
