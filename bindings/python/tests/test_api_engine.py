"""The embedded engine: routing over simulated time, callbacks offered and
accepted (DIALING), the supervisor's view, REST answers, a store."""
import datetime as dt

import pytest

import contactcore as cc

T0 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)
UTC = dt.timezone.utc


@pytest.fixture
def center():
    clock = cc.ManualClock(T0)
    with cc.Context(clock=clock) as ctx:
        ana = cc.Agent(ctx, "ana", "Ana", time_zone="Europe/Paris",
                       permissions=[cc.PERM_CALLBACK_CREATE])
        bo = cc.Agent(ctx, "bo", "Bo", permissions=[cc.PERM_CALLBACK_CREATE])
        sup = cc.Agent(ctx, "sup", "Sam", roles=[cc.ROLE_SUPERVISOR])
        queue = cc.Queue(ctx, "support", "Support", members=[ana, bo])
        engine = cc.Engine(ctx, alert_timeout=dt.timedelta(seconds=20))
        engine.connect(ctx, ana)  # the context's own requests go to its engine
        yield ctx, clock, engine, ana, bo, sup, queue


def names(ctx):
    return [e.name for e in ctx.events()]


def test_engine_is_found_again(center):
    ctx, _, engine, *_ = center
    assert ctx.engine is engine
    with pytest.raises(cc.AlreadyExistsError):
        cc.Engine(ctx)


def test_call_then_callback_offered_accepted_and_dialled(center):
    ctx, clock, engine, ana, bo, sup, queue = center
    engine.make_available(ana)
    assert engine.agent_status(ana) == (cc.Presence.AVAILABLE, cc.RoutingStatus.IDLE)
    call = engine.add_call(queue, "+33142685300")
    assert call.media == cc.MediaType.CALL and call.ani == "+33142685300"
    events = list(ctx.events())
    offered = [e for e in events if e.type == cc.EventType.ENGINE_OFFERED]
    assert offered and offered[0].agent_id == "ana" and offered[0].conversation_id == call.id
    assert offered[0].time == T0 and offered[0].queue_id == "support"
    status = [e for e in events if e.type == cc.EventType.ENGINE_AGENT_STATUS][-1]
    assert status.presence == cc.Presence.AVAILABLE
    engine.answer(ana, call)
    engine.end(call)
    assert names(ctx) == ["ACCEPTED", "AGENT_STATUS", "ENDED", "AGENT_STATUS"]
    assert call.agent_id == "ana"

    # Ana promises a callback at 15:00 her time; the client submits it to the engine.
    draft = ctx.draft_callback(call, ana)
    draft.schedule(dt.datetime(2026, 11, 21, 15, 0))
    cb = draft.commit()
    op = cb.submit()
    assert op.kind == cc.OpKind.CALLBACK_CREATE
    assert op.wait(timeout=5) == cc.Status.OK and op.ok and op.http_status == 200
    assert op.callback is cb
    events = list(ctx.events())
    assert [e.name for e in events] == ["SCHEDULED", "CALLBACK_CREATED", "OPERATION_DONE"]
    assert events[0].scheduled_at == dt.datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
    assert events[1].callback is cb
    assert events[2].op is op and events[2].status == cc.Status.OK
    assert cb.sync == cc.CallbackSync.SYNCED and cb.remote_id == events[0].conversation_id
    op.close()

    listing = engine.list_callbacks(queue=queue)
    assert listing.total == 1 and listing[0].state == cc.EngineState.SCHEDULED
    assert listing[0].conversation_id == cb.remote_id and listing[0].number == "+33142685300"
    assert ctx.next_deadline == dt.datetime(2026, 11, 21, 14, 0, tzinfo=UTC)

    # At 14:00 UTC it falls due and is offered; nothing is dialled before Ana accepts.
    ctx.run_until(cb.scheduled_at)
    events = list(ctx.events())
    assert [e.name for e in events] == ["DUE", "QUEUED", "OFFERED"]
    assert all(e.number is None for e in events)
    assert engine.list_callbacks(state=cc.EngineState.OFFERED)[0].conversation_id == cb.remote_id
    engine.answer(ana, cb.remote_id)
    events = list(ctx.events())
    assert [e.name for e in events] == ["ACCEPTED", "DIALING", "AGENT_STATUS"]
    dialing = events[1]
    assert dialing.type == cc.EventType.ENGINE_DIALING
    assert dialing.number == "+33142685300" and dialing.agent_id == "ana"
    assert dialing.time == cb.scheduled_at
    assert events[2].routing_status == cc.RoutingStatus.INTERACTING


def test_unanswered_offer_goes_to_the_next_agent(center):
    ctx, clock, engine, ana, bo, sup, queue = center
    engine.make_available(ana)
    engine.make_available(bo)
    call = engine.add_call("support", "+33142685300")
    first = [e for e in ctx.events() if e.name == "OFFERED"][0].agent_id
    ctx.advance(dt.timedelta(seconds=21))
    events = list(ctx.events())
    declined = [e for e in events if e.name == "DECLINED"][0]
    assert declined.status == cc.Status.ETIMEDOUT and declined.agent_id == first
    again = [e for e in events if e.name == "OFFERED"][0]
    assert again.agent_id != first
    with pytest.raises(cc.StateError):
        engine.answer(first, call)


def test_supervisor_cancel_and_reschedule_through_the_engine(center):
    ctx, clock, engine, ana, bo, sup, queue = center
    conv = cc.Conversation(ctx, "c9", ani="+33142685300", queue=queue, agent=ana)
    cb = ctx.draft_callback(conv, ana).update(when=dt.datetime(2026, 11, 22, 9, 0)).commit()
    cb.submit().result(timeout=5)
    list(ctx.events())
    with pytest.raises(cc.ValidationError) as ei:
        engine.cancel_callback(bo, cb.remote_id)
    assert ei.value.rules == ["CB-CANCEL"]
    with pytest.raises(cc.ValidationError) as ei:
        engine.reschedule_callback(ana, cb.remote_id, T0 - dt.timedelta(hours=1))
    assert "CB-PAST" in ei.value.rules
    engine.reschedule_callback(ana, cb.remote_id, T0 + dt.timedelta(hours=3))
    assert [e.name for e in ctx.events()] == ["RESCHEDULED"]
    engine.cancel_callback(sup, cb.remote_id)
    assert [e.name for e in ctx.events()] == ["CANCELLED"]
    assert engine.list_callbacks()[0].state == cc.EngineState.CANCELLED
    with pytest.raises(cc.NotFoundError):
        engine.cancel_callback(sup, "no-such-callback")


def test_rest_handle_and_login(center):
    ctx, clock, engine, ana, *_ = center
    token = engine.login(ana)
    assert token.startswith("Bearer ")
    body = {"callbackNumbers": ["+33142685300"], "queueId": "support",
            "callbackScheduledTime": "2026-11-21T12:00:00.000Z"}
    status, raw = engine.handle("POST", "/api/v2/conversations/callbacks", token, body)
    assert status == 200, raw
    created = cc.HttpResponse(status, raw).json()
    cid = created["conversation"]["id"]
    got = engine.handle("GET", f"/api/v2/conversations/callbacks/{cid}", token)
    assert got.status == 200 and got.json()["id"] == cid
    missing = engine.handle("GET", "/api/v2/nowhere", token)
    assert missing.status == 404 and isinstance(missing.body, bytes)
    assert engine.handle("GET", "/api/v2/conversations/callbacks/x", None).status == 401
    assert [e.name for e in ctx.events()] == ["SCHEDULED"]


def test_python_transport_client_talks_to_the_engine(center):
    ctx, clock, engine, ana, bo, sup, queue = center
    seen = []

    def send(request):
        seen.append((request.method, request.path))
        return engine.handle(request.method, request.path, request.header("Authorization"),
                             request.body)

    # The call Bo handled, as the engine knows it ...
    cc.Conversation(ctx, "c2", ani="+442079460000", queue=queue, agent=bo)
    # ... and a second context (Bo's client) that reaches the engine through a
    # Python transport.
    with cc.Context(clock=clock) as client:
        bo_client = cc.Agent(client, "bo", "Bo", permissions=[cc.PERM_CALLBACK_CREATE])
        cc.Queue(client, "support", "Support", members=[bo_client])
        conv = cc.Conversation(client, "c2", ani="+442079460000", queue="support",
                               agent=bo_client)
        client.set_backend("http://engine.test")
        client.set_access_token(engine.login(bo).split(" ", 1)[1])
        client.set_transport(send)
        cb = client.draft_callback(conv, bo_client).update(
            when=dt.datetime(2026, 11, 21, 16, 0)).commit()
        op = cb.submit()
        op.result(timeout=5)
        assert seen == [("POST", "/api/v2/conversations/callbacks")]
        assert cb.sync == cc.CallbackSync.SYNCED
        fetch = cb.fetch()
        fetch.result(timeout=5)
        assert seen[-1] == ("GET", f"/api/v2/conversations/callbacks/{cb.remote_id}")
        assert client.callback_errors == []
    assert [e.name for e in ctx.events()] == ["SCHEDULED"]
    assert engine.list_callbacks().total == 1


def test_store_keeps_callbacks_and_directory(tmp_path):
    path = str(tmp_path / "center.db")
    clock = cc.ManualClock(T0)
    with cc.Context(clock=clock) as ctx:
        ana = cc.Agent(ctx, "ana", "Ana", permissions=[cc.PERM_CALLBACK_CREATE])
        queue = cc.Queue(ctx, "support", "Support", members=[ana])
        engine = cc.Engine(ctx, path)
        engine.connect(ctx, ana)
        with engine.batch():
            conv = cc.Conversation(ctx, "c1", ani="+33142685300", queue=queue, agent=ana)
        cb = ctx.draft_callback(conv, ana).update(when=dt.datetime(2026, 11, 22, 9, 0)).commit()
        cb.submit().result(timeout=5)
        remote = cb.remote_id
    with cc.Context(clock=clock) as ctx:
        engine = cc.Engine(ctx, path)
        assert ctx.find_agent("ana").has_permission(cc.PERM_CALLBACK_CREATE)
        assert ctx.find_queue("support").members == ["ana"]
        assert ctx.find_conversation("c1").ani == "+33142685300"
        listing = engine.list_callbacks()
        assert [c.conversation_id for c in listing] == [remote]
        engine.close()
        assert ctx.engine is None
        with pytest.raises(cc.ClosedError):
            engine.list_callbacks()
    (tmp_path / "bad.db").write_bytes(b"not a database at all" * 100)
    with cc.Context() as ctx:
        with pytest.raises((cc.FormatError, cc.ContactCoreIOError)):
            cc.Engine(ctx, str(tmp_path / "bad.db"))
