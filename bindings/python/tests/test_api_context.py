"""Context lifecycle, misuse after close, errors, events and memory hygiene."""
import datetime as dt
import gc
import weakref

import pytest

import contactcore as cc
from contactcore import errors

T0 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)


def make_world(ctx):
    ana = cc.Agent(ctx, "ana", "Ana", time_zone="Europe/Paris",
                   permissions=[cc.PERM_CALLBACK_CREATE, cc.PERM_MESSAGE_CREATE,
                                cc.PERM_QUEUE_VIEW])
    queue = cc.Queue(ctx, "support", "Support", members=[ana])
    conv = cc.Conversation(ctx, "c1", cc.MediaType.CALL, ani="+33142685300", queue=queue,
                           agent=ana)
    return ana, queue, conv


def test_version():
    assert cc.version().count(".") == 2
    major, minor, patch = (int(x) for x in cc.version().split("."))
    assert cc.version_number() == major * 10000 + minor * 100 + patch


def test_context_manager_and_settings():
    clock = cc.ManualClock(T0)
    with cc.Context(clock=clock, callback_horizon=dt.timedelta(days=7)) as ctx:
        assert not ctx.closed
        assert ctx.now == T0
        assert ctx.now_ms == int(T0.timestamp() * 1000)
        assert ctx.callback_horizon == dt.timedelta(days=7)
        assert ctx.errmsg == ""
        assert ctx.digital_channels is False
        ctx.digital_channels = True
        assert ctx.digital_channels is True
        clock.advance(dt.timedelta(minutes=5))
        assert ctx.now == T0 + dt.timedelta(minutes=5)
        assert ctx.next_deadline is None and ctx.next_deadline_ms == -1
        assert list(ctx.events()) == []
        assert ctx.pending_ops == 0
    assert ctx.closed
    ctx.close()  # twice is harmless


def test_clock_may_return_datetimes():
    with cc.Context(clock=lambda: T0 + dt.timedelta(seconds=1)) as ctx:
        assert ctx.now == T0 + dt.timedelta(seconds=1)
        assert ctx.callback_errors == []


def test_bad_parameters_raise():
    with pytest.raises(cc.OutOfRangeError) as ei:
        cc.Context(callback_horizon=dt.timedelta(days=365 * 20))
    assert ei.value.status == cc.Status.ERANGE
    with pytest.raises(TypeError):
        cc.Context(clock=42)


def test_misuse_after_close_raises_closed_error():
    ctx = cc.Context(clock=cc.ManualClock(T0))
    ana, queue, conv = make_world(ctx)
    draft = ctx.draft_callback(conv, ana)
    msg = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue)
    engine = cc.Engine(ctx)
    ivr = cc.Ivr.parse(ctx, "online: []\noffline: []\nqueue: []\n")
    session = ivr.session("+33142685300", queue)
    callback = ctx.draft_callback(conv, ana).update(
        when=dt.datetime(2026, 11, 21, 15, 0)).commit()
    objects = [ana, queue, conv, draft, msg, engine, ivr, session, callback]
    ctx.close()
    for obj in objects:
        assert obj.closed
    uses = [lambda: ana.name, lambda: queue.members, lambda: conv.ani, lambda: draft.validate(),
            lambda: msg.text, lambda: engine.add_call("support", "+33142685300"),
            lambda: ivr.explain(), lambda: session.start(), lambda: callback.state,
            lambda: ctx.errmsg, lambda: list(ctx.events()), lambda: ctx.run_due(),
            lambda: cc.Agent(ctx, "x", "X"), lambda: ctx.find_agent("ana")]
    for use in uses:
        with pytest.raises(cc.ClosedError) as ei:
            use()
        assert isinstance(ei.value, cc.MisuseError)
        assert ei.value.status == cc.Status.EMISUSE
    assert "closed" in str(ei.value)
    # closing children after their context is harmless
    for obj in (draft, msg, engine, ivr, session):
        obj.close()


def test_closing_a_child_invalidates_it_only():
    with cc.Context() as ctx:
        ana, queue, conv = make_world(ctx)
        ana.close()
        with pytest.raises(cc.ClosedError, match="agent is closed"):
            ana.id
        assert ctx.find_agent("ana") is None
        assert queue.members == ["ana"]  # members are ids
        draft = ctx.draft_callback(conv, cc.Agent(ctx, "bo", "Bo"))
        with draft:
            assert draft.number == "+33142685300"
        assert draft.closed
        with pytest.raises(cc.ClosedError):
            draft.number


def test_lookups_return_the_same_wrapper():
    with cc.Context() as ctx:
        ana, queue, conv = make_world(ctx)
        assert ctx.find_agent("ana") is ana
        assert ctx.find_queue("support") is queue
        assert ctx.find_conversation("c1") is conv
        assert ctx.find_agent("nobody") is None


def test_errors_are_mapped_from_status():
    with cc.Context() as ctx:
        cc.Agent(ctx, "ana", "Ana")
        with pytest.raises(cc.AlreadyExistsError) as ei:
            cc.Agent(ctx, "ana", "Ana again")
        err = ei.value
        assert err.status == cc.Status.EEXISTS
        assert err.name == "already exists"
        assert err.detail == ctx.errmsg and "ana" in str(err)
        assert err.report is None
        with pytest.raises(cc.UnknownZoneError) as ei:
            ctx.find_agent("ana").time_zone = "Mars/Olympus"
        assert isinstance(ei.value, cc.TimeZoneError) and isinstance(ei.value, LookupError)
        with pytest.raises(cc.InvalidArgumentError) as ei:
            ctx.find_agent("ana").add_permission("not-a-permission")
        assert isinstance(ei.value, ValueError)
        with pytest.raises(cc.NotFoundError):
            ctx.find_agent("ana").remove_role("nope")


def test_every_status_has_a_class():
    for st in cc.Status:
        if st == cc.Status.OK:
            continue
        err = errors.error_for_status(st, "detail")
        assert isinstance(err, cc.ContactCoreError)
        assert err.status == st
        assert type(err) is not cc.ContactCoreError, st
        assert err.name == st.description
        assert str(err) == "detail"
    assert type(errors.error_for_status(999, "x")) is cc.ContactCoreError
    # no class shadows a builtin name
    import builtins
    for name in cc.errors.__all__:
        assert not hasattr(builtins, name), name


def test_manual_clock_advance_fires_timers():
    clock = cc.ManualClock(T0)
    with cc.Context(clock=clock) as ctx:
        ana, queue, _ = make_world(ctx)
        engine = cc.Engine(ctx, alert_timeout=dt.timedelta(seconds=10))
        engine.make_available(ana)
        call = engine.add_call(queue, "+33142685300")
        assert [e.name for e in ctx.events()][-2:] == ["QUEUED", "OFFERED"]
        assert ctx.next_deadline == T0 + dt.timedelta(seconds=10)
        ctx.advance(dt.timedelta(seconds=11))
        names = [(e.name, e.status) for e in ctx.events()]
        assert ("DECLINED", cc.Status.ETIMEDOUT) in names
        assert engine.agent_status(ana) == (cc.Presence.AVAILABLE, cc.RoutingStatus.NOT_RESPONDING)
        assert call.agent_id is None
    with cc.Context() as ctx:
        with pytest.raises(cc.MisuseError):
            ctx.advance(dt.timedelta(seconds=1))


def test_many_contexts_are_freed_and_invalidated():
    refs = []
    wrappers = []
    for i in range(200):
        with cc.Context(clock=cc.ManualClock(T0)) as ctx:
            ana, queue, conv = make_world(ctx)
            draft = ctx.draft_callback(conv, ana)
            draft.schedule(dt.datetime(2026, 11, 22, 9, 0))
            cb = draft.commit()
            msg = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue, text=f"hello {i}")
            engine = cc.Engine(ctx)
            engine.make_available(ana)
            engine.add_call(queue, "+33142685300")
            list(ctx.events())
            if i % 50 == 0:
                wrappers += [ana, queue, conv, draft, cb, msg, engine]
            refs.append(weakref.ref(ctx))
            assert ctx.callback_errors == []
        del ctx, ana, queue, conv, draft, cb, msg, engine
    assert all(w.closed for w in wrappers)
    for w in wrappers:
        with pytest.raises(cc.ClosedError):
            w._ptr
    del wrappers, w
    gc.collect()
    assert sum(r() is not None for r in refs) == 0


def test_dropped_context_is_collected_without_close():
    ctx = cc.Context()
    ana, queue, conv = make_world(ctx)
    draft = ctx.draft_callback(conv, ana)
    ref = weakref.ref(ctx)
    del ctx, ana, queue, conv, draft
    gc.collect()
    assert ref() is None


def test_dropped_owned_handles_are_freed_with_the_context_open():
    with cc.Context() as ctx:
        ana, queue, conv = make_world(ctx)
        for _ in range(100):
            d = ctx.draft_callback(conv, ana)
            m = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue)
            del d, m
        gc.collect()
        kinds = {type(w).__name__ for w in ctx._wrappers.values()}
        assert "CallbackDraft" not in kinds and "Message" not in kinds
