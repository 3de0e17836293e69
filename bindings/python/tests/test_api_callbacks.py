"""Callback drafts: datetime/zoneinfo setters, reports, commit, local cancel/reschedule."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import contactcore as cc

T0 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)  # 11:00 in Paris


@pytest.fixture
def world():
    clock = cc.ManualClock(T0)
    with cc.Context(clock=clock) as ctx:
        ana = cc.Agent(ctx, "ana", "Ana", time_zone=ZoneInfo("Europe/Paris"),
                       permissions=[cc.PERM_CALLBACK_CREATE])
        bo = cc.Agent(ctx, "bo", "Bo", permissions=[cc.PERM_CALLBACK_CREATE])
        sup = cc.Agent(ctx, "sup", "Sam", roles=[cc.ROLE_SUPERVISOR])
        queue = cc.Queue(ctx, "support", "Support", members=[ana, bo])
        cc.Queue(ctx, "sales", "Sales", members=[ana])
        conv = cc.Conversation(ctx, "c1", cc.MediaType.CALL, ani="+33142685300",
                               queue=queue, agent=ana)
        yield ctx, clock, ana, bo, sup, conv


def test_defaults_follow_the_rules(world):
    ctx, _, ana, _, _, conv = world
    with ctx.draft_callback(conv, ana) as d:
        assert d.time_zone == "Europe/Paris"           # the agent's zone
        assert d.number == "+33142685300"              # CB-NUMBER-DEFAULT: the ANI
        assert d.queue_id == "support"                 # CB-QUEUE: the receiving queue
        assert d.local_time == dt.datetime(2026, 11, 21, 11, 30)  # CB-TIME-DEFAULT: +30 min
        assert d.scheduled_at == T0 + dt.timedelta(minutes=30)
        assert d.validate().ok


def test_schedule_with_zoneinfo_sets_the_callee_zone(world):
    ctx, _, ana, _, _, conv = world
    d = ctx.draft_callback(conv, ana)
    d.schedule(dt.datetime(2026, 11, 23, 9, 15, tzinfo=ZoneInfo("America/New_York")))
    assert d.time_zone == "America/New_York"
    assert d.local_time == dt.datetime(2026, 11, 23, 9, 15)
    assert d.scheduled_at == dt.datetime(2026, 11, 23, 14, 15, tzinfo=dt.timezone.utc)
    # an instant in UTC is shown in the effective zone
    d.schedule(dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc))
    assert d.local_time == dt.datetime(2026, 11, 24, 10, 0)
    cb = d.commit()
    assert cb.scheduled_at == dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)
    assert cb.time_zone == "America/New_York"
    assert cb.local_time.utcoffset() == dt.timedelta(hours=-5)
    assert cb.state == cc.CallbackState.SCHEDULED and cb.sync == cc.CallbackSync.LOCAL
    assert ctx.find_callback(cb.id) is cb
    assert ctx.find_callback_for_conversation(conv) is cb


def test_report_lists_every_problem_with_rule_ids(world):
    ctx, _, ana, _, _, conv = world
    d = ctx.draft_callback(conv, ana)
    d.update(when=dt.datetime(2027, 3, 1, 9, 0), number="12", time_zone="Mars/Olympus")
    report = d.validate()
    assert not report.ok
    assert report.rules == ["CB-TZ", "CB-NUMBER"]
    d.time_zone = None
    report = d.validate()
    assert report.rules == ["CB-HORIZON", "CB-NUMBER"]
    horizon = report.find("CB-HORIZON")
    assert horizon.field == "date"
    assert horizon.severity == cc.Severity.ERROR
    assert horizon.code == cc.Status.ERANGE
    assert "30 days" in horizon.message
    assert [e.field for e in report] == ["date", "number"]
    assert report.for_field("number")[0].code == cc.Status.EBADNUMBER
    with pytest.raises(cc.ValidationError) as ei:
        d.commit()
    err = ei.value
    assert err.rules == ["CB-HORIZON", "CB-NUMBER"]
    assert err.report == report
    assert err.status == cc.Status.EVALIDATION and err.name == "validation failed"
    assert "30 days" in str(err)
    assert ctx.find_callback_for_conversation("c1") is None


def test_past_and_immediate(world):
    ctx, _, ana, _, _, conv = world
    d = ctx.draft_callback(conv, ana)
    d.schedule(T0 - dt.timedelta(hours=1))
    past = d.validate().find("CB-PAST")
    assert past is not None and past.field == "time" and past.code == cc.Status.EPAST
    d.immediate = True
    assert d.immediate and d.scheduled_at is None
    cb = d.commit()
    assert cb.immediate and cb.scheduled_at is None


def test_gap_warns_or_refuses_by_disambiguation():
    start = dt.datetime(2027, 3, 20, 12, 0, tzinfo=dt.timezone.utc)
    with cc.Context(clock=cc.ManualClock(start)) as ctx:
        ana = cc.Agent(ctx, "ana", "Ana", time_zone="Europe/Paris",
                       permissions=[cc.PERM_CALLBACK_CREATE])
        cc.Queue(ctx, "q", "Q", members=[ana])
        conv = cc.Conversation(ctx, "c1", ani="+33142685300", queue="q", agent=ana)
        d = ctx.draft_callback(conv, ana)
        d.schedule(dt.datetime(2027, 3, 28, 2, 30))  # skipped: clocks go 02:00 -> 03:00
        report = d.validate()
        assert report.ok and [w.rule for w in report.warnings] == ["CB-TZ-GAP"]
        assert d.scheduled_at == dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.timezone.utc)
        d.disambiguation = cc.Disambiguation.REJECT
        assert d.disambiguation == cc.Disambiguation.REJECT
        assert d.validate().errors[0].rule == "CB-TZ-GAP"
        with pytest.raises(cc.NonexistentTimeError) as ei:
            d.scheduled_at
        assert ei.value.suggestion == dt.datetime(2027, 3, 28, 1, 0, tzinfo=dt.timezone.utc)


def test_setters_refuse_what_cannot_be_represented(world):
    ctx, _, ana, _, _, conv = world
    d = ctx.draft_callback(conv, ana)
    with pytest.raises(cc.InvalidArgumentError):
        d.set_data("", "x")
    with pytest.raises(cc.NotFoundError):
        d.set_data("missing", None)
    with pytest.raises(TypeError):
        d.update(colour="red")
    with pytest.raises(TypeError):
        d.queue_id = 42


def test_optional_fields_reach_the_callback(world):
    ctx, _, ana, _, _, conv = world
    d = ctx.draft_callback(conv, ana).update(
        when=dt.datetime(2026, 11, 22, 14, 0), number=("01 23 45 67 89", "FR"),
        caller_id=("+33142685300", "ACME"), callee_name="Zoé", data={"ticket": "T-1"},
        route_to_me=True)
    cb = d.commit()
    assert cb.number == "+33123456789"
    assert cb.caller_id == "+33142685300" and cb.caller_id_name == "ACME"
    assert cb.callee_name == "Zoé"
    assert cb.data == {"ticket": "T-1"}
    assert cb.preferred_agent_id == "ana" and cb.owner_id is None
    assert cb.agent_id == "ana" and cb.queue_id == "support" and cb.conversation_id == "c1"
    # the draft is spent: CB-SINGLE
    with pytest.raises(cc.ValidationError) as ei:
        d.commit()
    assert "CB-SINGLE" in ei.value.rules


def test_cancel_and_reschedule_obey_cb_cancel(world):
    ctx, _, ana, bo, sup, conv = world
    cb = ctx.draft_callback(conv, ana).update(when=dt.datetime(2026, 11, 22, 14, 0)).commit()
    with pytest.raises(cc.ValidationError) as ei:
        cb.cancel(bo)
    assert ei.value.rules == ["CB-CANCEL"]
    with pytest.raises(cc.ValidationError) as ei:
        cb.reschedule(ana, T0 + dt.timedelta(days=60))
    assert "CB-HORIZON" in ei.value.rules
    cb.reschedule(ana, T0 + dt.timedelta(days=2))
    assert cb.scheduled_at == T0 + dt.timedelta(days=2)
    with pytest.raises(ValueError, match="naive"):
        cb.reschedule(ana, dt.datetime(2026, 11, 25, 9, 0))
    cb.cancel(sup)
    assert cb.state == cc.CallbackState.CANCELLED


def test_withdraw_frees_the_conversation_of_an_unsent_callback(world):
    ctx, _, ana, _, sup, conv = world
    first = ctx.draft_callback(conv, ana).commit()       # never submitted: LOCAL
    with pytest.raises(cc.ValidationError) as ei:
        ctx.draft_callback(conv, ana).commit()
    assert "CB-SINGLE" in ei.value.rules
    first.withdraw()
    assert first.state == cc.CallbackState.REJECTED
    assert ctx.find_callback_for_conversation(conv) is None
    with pytest.raises(cc.StateError):
        first.withdraw()                                 # already rejected
    second = ctx.draft_callback(conv, ana).update(when=dt.datetime(2026, 11, 22, 9, 0)).commit()
    assert ctx.find_callback_for_conversation(conv) is second
    second.cancel(sup)
    with pytest.raises(cc.StateError):
        second.withdraw()                                # cancelled: still counts
