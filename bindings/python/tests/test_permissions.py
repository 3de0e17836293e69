"""Permission rules refused through the Python bindings: CB-PERM, CB-CANCEL,
OBQ-PERM, OBQ-MEMBER and SL-PERM (../../../README.md, Security).

Each rule three ways: the client's rules (before any request), the embedded
engine's own check (its REST answer, as a client that skipped validation
would get it), and a second client whose directory wrongly grants what the
engine refuses, through a Python transport to the engine (the refusal comes
back as that rule id).  Every refusal reports exactly that rule id, and
nothing was created, sent, accepted or cancelled because of it: the engine's
lists and counters are unchanged, no event was queued, and the same action
by an agent who may do it then succeeds (so no CB-SINGLE / OBQ-EXISTING was
left behind).
"""
import datetime as dt

import pytest

import contactcore as cc

T0 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)
CALLBACKS = "/api/v2/conversations/callbacks"
MESSAGES = "/api/v2/conversations/messages"
ALL_PERMS = [cc.PERM_CALLBACK_CREATE, cc.PERM_MESSAGE_CREATE, cc.PERM_QUEUE_VIEW,
             cc.PERM_MESSAGE_ACCEPT, cc.PERM_SOCIAL_CREATE]
TOMORROW = T0 + dt.timedelta(days=1)


@pytest.fixture
def center():
    """The engine's directory: ana may do everything; bo may schedule and send
    but is no supervisor and not in `sales`; nobody has no permission (but
    is in `support`, so that only permission rules apply); viewer and
    creator have one of the two OBQ-PERM permissions each; sup is a
    supervisor.  The context is connected to its engine as ana."""
    clock = cc.ManualClock(T0)
    with cc.Context(clock=clock) as ctx:
        ana = cc.Agent(ctx, "ana", "Ana", time_zone="Europe/Paris", permissions=ALL_PERMS)
        bo = cc.Agent(ctx, "bo", "Bo", permissions=[cc.PERM_CALLBACK_CREATE,
                                                     cc.PERM_MESSAGE_CREATE, cc.PERM_QUEUE_VIEW])
        nobody = cc.Agent(ctx, "nobody", "Nobody")
        viewer = cc.Agent(ctx, "viewer", "Viewer", permissions=[cc.PERM_QUEUE_VIEW])
        creator = cc.Agent(ctx, "creator", "Creator", permissions=[cc.PERM_MESSAGE_CREATE])
        sup = cc.Agent(ctx, "sup", "Sam", roles=[cc.ROLE_SUPERVISOR])
        support = cc.Queue(ctx, "support", "Support",
                           members=[ana, bo, nobody, viewer, creator])
        cc.Queue(ctx, "sales", "Sales", members=[ana])
        engine = cc.Engine(ctx)
        engine.connect(ctx, ana)
        agents = {a.id: a for a in (ana, bo, nobody, viewer, creator, sup)}
        yield ctx, clock, engine, agents, support


def names(ctx):
    return [e.name for e in ctx.events()]


def rest_codes(response):
    """The Genesys error codes of an engine answer, top level and nested."""
    doc = response.json()
    return {doc.get("code")} | {e.get("code") for e in doc.get("errors", [])}


@pytest.fixture
def client(center):
    """A second client (its own context) whose directory grants every
    permission and role to everyone and puts everyone in every queue, talking
    to the engine through a Python transport with the engine's token of
    whoever acts: only the engine can refuse."""
    ctx, clock, engine, agents, _ = center
    contexts = []

    def make(agent_id, conversation=None):
        c = cc.Context(clock=clock)
        contexts.append(c)
        me = cc.Agent(c, agent_id, agent_id, time_zone="Europe/Paris", permissions=ALL_PERMS,
                      roles=[cc.ROLE_SUPERVISOR])
        for q in ("support", "sales"):
            cc.Queue(c, q, q, members=[me])
        if conversation is not None:
            cc.Conversation(c, conversation.id, conversation.media, ani=conversation.ani,
                            queue=conversation.queue_id, agent=conversation.agent_id)
        c.set_backend("http://engine.test")
        c.set_access_token(engine.login(agent_id).split(" ", 1)[1])
        c.set_transport(lambda r: engine.handle(r.method, r.path, r.header("Authorization"),
                                                r.body))
        return c, me

    yield make
    for c in contexts:
        assert c.callback_errors == []
        c.close()


def test_CB_PERM_scheduling_needs_the_permission(center, client):
    ctx, clock, engine, a, support = center
    conv = cc.Conversation(ctx, "c1", cc.MediaType.CALL, ani="+33142685300", queue=support,
                           agent=a["nobody"])
    draft = ctx.draft_callback(conv, a["nobody"]).update(when=TOMORROW)
    assert draft.validate().rules == ["CB-PERM"]
    assert [e.field for e in draft.validate()] == ["agent"]
    with pytest.raises(cc.ValidationError) as ei:
        draft.commit()
    assert ei.value.rules == ["CB-PERM"]
    assert ctx.find_callback_for_conversation(conv) is None
    # the engine holds the rule too, for a client that skipped it: 403
    body = {"callbackNumbers": ["+33142685300"], "queueId": "support",
            "callbackScheduledTime": "2026-11-22T10:00:00.000Z"}
    r = engine.handle("POST", CALLBACKS, engine.login(a["nobody"]), body)
    assert r.status == 403 and rest_codes(r) == {"callback.error.missing.permission"}
    # ... and a client that thinks nobody may hears CB-PERM from it
    other, me = client("nobody", conv)
    cb = other.draft_callback(other.find_conversation("c1"), me).update(when=TOMORROW).commit()
    with pytest.raises(cc.ContactCoreError) as ei:
        cb.submit().result(timeout=5)
    assert [e.rule for e in ei.value.report.errors] == ["CB-PERM"]
    assert cb.sync != cc.CallbackSync.SYNCED and cb.remote_id is None
    # nothing was scheduled anywhere
    assert engine.list_callbacks().total == 0
    assert names(ctx) == []
    # the one who may: done, and CB-SINGLE did not see the refused attempts
    ok = ctx.draft_callback(conv, a["ana"]).update(when=TOMORROW).commit()
    ok.submit().result(timeout=5)
    assert engine.list_callbacks().total == 1


def test_CB_CANCEL_only_a_supervisor_cancels_someone_elses(center):
    ctx, clock, engine, a, support = center
    conv = cc.Conversation(ctx, "c2", cc.MediaType.CALL, ani="+33142685300", queue=support,
                           agent=a["ana"])
    cb = ctx.draft_callback(conv, a["ana"]).update(when=TOMORROW).commit()
    cb.submit().result(timeout=5)
    assert names(ctx) == ["SCHEDULED", "CALLBACK_CREATED", "OPERATION_DONE"]
    # the client's rule, on a callback kept locally and on the submitted one
    local_conv = cc.Conversation(ctx, "c3", cc.MediaType.CALL, ani="+33142685301",
                                 queue=support, agent=a["ana"])
    local = ctx.draft_callback(local_conv, a["ana"]).update(when=TOMORROW).commit()
    with pytest.raises(cc.ValidationError) as ei:
        local.cancel(a["bo"])
    assert ei.value.rules == ["CB-CANCEL"]
    assert local.state == cc.CallbackState.SCHEDULED
    with pytest.raises(cc.ValidationError) as ei:
        cb.cancel_remote(a["bo"])
    assert ei.value.rules == ["CB-CANCEL"]
    assert cb.state == cc.CallbackState.SCHEDULED
    # the engine's, directly and over REST
    with pytest.raises(cc.ValidationError) as ei:
        engine.cancel_callback(a["bo"], cb.remote_id)
    assert ei.value.rules == ["CB-CANCEL"]
    r = engine.handle("PATCH", f"{CALLBACKS}/{cb.remote_id}", engine.login(a["bo"]),
                      {"state": "disconnected"})
    assert (r.status, rest_codes(r)) == (403, {"callback.error.cancel.not.permitted"})
    # still scheduled; nothing was cancelled
    listing = engine.list_callbacks()
    assert listing.total == 1 and listing[0].state == cc.EngineState.SCHEDULED
    assert "CANCELLED" not in names(ctx)
    # the supervisor may
    engine.cancel_callback(a["sup"], cb.remote_id)
    assert names(ctx) == ["CANCELLED"]
    assert engine.list_callbacks()[0].state == cc.EngineState.CANCELLED


@pytest.mark.parametrize("who", ["nobody", "viewer", "creator"])
def test_OBQ_PERM_sending_needs_both_permissions(center, client, who):
    ctx, clock, engine, a, support = center
    msg = cc.Message(ctx, a[who], cc.Channel.SMS, queue=support,
                     recipients=["+447700900123"], text="Your parcel is on its way.")
    assert msg.validate().rules == ["OBQ-PERM"]
    with pytest.raises(cc.ValidationError) as ei:
        msg.send()
    assert ei.value.rules == ["OBQ-PERM"]
    assert [d.state for d in msg.deliveries] == [cc.DeliveryState.DRAFT]
    # the engine's own check
    body = {"queueId": "support", "toAddress": "+447700900123",
            "toAddressMessengerType": "sms", "useExistingConversation": False}
    r = engine.handle("POST", MESSAGES, engine.login(a[who]), body)
    assert r.status == 403 and rest_codes(r) == {"messaging.error.missing.permission"}
    # a client that thinks they may
    other, me = client(who)
    theirs = cc.Message(other, me, cc.Channel.SMS, queue="support",
                        recipients=["+447700900123"], text="Your parcel is on its way.")
    assert theirs.validate().ok
    with pytest.raises(cc.ContactCoreError) as ei:
        theirs.send().result(timeout=5)
    assert [e.rule for e in ei.value.report.errors] == ["OBQ-PERM"]
    # nothing was started
    assert engine.queue_counts(support) == cc.QueueCounts(0, 0)
    assert names(ctx) == []
    # the one who may: no conversation with the contact was left (OBQ-EXISTING)
    ok = cc.Message(ctx, a["ana"], cc.Channel.SMS, queue=support,
                    recipients=["+447700900123"], text="Your parcel is on its way.")
    ok.send().result(timeout=5)
    assert engine.queue_counts(support) == cc.QueueCounts(1, 1)


def test_OBQ_MEMBER_only_the_agents_queues(center, client):
    ctx, clock, engine, a, support = center
    sales = ctx.find_queue("sales")
    msg = cc.Message(ctx, a["bo"], cc.Channel.SMS, queue=sales, recipients=["+447700900123"],
                     text="Hello from Sales")
    report = msg.validate()
    assert report.rules == ["OBQ-MEMBER"] and [e.field for e in report] == ["queue"]
    with pytest.raises(cc.ValidationError) as ei:
        msg.send()
    assert ei.value.rules == ["OBQ-MEMBER"]
    assert [d.state for d in msg.deliveries] == [cc.DeliveryState.DRAFT]
    body = {"queueId": "sales", "toAddress": "+447700900123",
            "toAddressMessengerType": "sms", "useExistingConversation": False}
    r = engine.handle("POST", MESSAGES, engine.login(a["bo"]), body)
    assert r.status == 400 and rest_codes(r) == {"messaging.error.not.queue.member"}
    other, me = client("bo")
    theirs = cc.Message(other, me, cc.Channel.SMS, queue="sales",
                        recipients=["+447700900123"], text="Hello from Sales")
    with pytest.raises(cc.ContactCoreError) as ei:
        theirs.send().result(timeout=5)
    assert [e.rule for e in ei.value.report.errors] == ["OBQ-MEMBER"]
    assert engine.queue_counts(sales) == cc.QueueCounts(0, 0)
    assert names(ctx) == []
    # made a member, bo may
    sales.add_member(a["bo"])
    engine.connect(ctx, a["bo"])
    msg.send().result(timeout=5)
    assert engine.queue_counts(sales) == cc.QueueCounts(1, 1)


def test_SL_PERM_accepting_needs_message_accept(center, client):
    ctx, clock, engine, a, support = center
    engine.make_available(a["nobody"])
    cid, mid = engine.add_social(support, cc.Channel.FACEBOOK, "@zoe", "My parcel is late!")
    offered = [e for e in ctx.events() if e.name == "OFFERED"]
    assert [e.agent_id for e in offered] == ["nobody"]
    conv = cc.Conversation(ctx, cid, cc.MediaType.SOCIAL, queue=support, ani="@zoe")
    with pytest.raises(cc.ValidationError) as ei:
        conv.accept(a["nobody"])
    assert ei.value.rules == ["SL-PERM"]
    assert ctx.pending_ops == 0
    # the engine's own check
    with pytest.raises(cc.PermissionDeniedError) as ei:
        engine.answer(a["nobody"], cid)
    assert cc.PERM_MESSAGE_ACCEPT in str(ei.value)
    # a client that thinks nobody may: SL-PERM from the engine
    other, me = client("nobody")
    theirs = cc.Conversation(other, cid, cc.MediaType.SOCIAL, queue="support", ani="@zoe")
    with pytest.raises(cc.ContactCoreError) as ei:
        theirs.accept(me).result(timeout=5)
    assert [e.rule for e in ei.value.report.errors] == ["SL-PERM"]
    # not accepted: no event, still offered to nobody (declining needs no permission)
    assert names(ctx) == []
    engine.decline(a["nobody"], cid)
    assert "DECLINED" in names(ctx)


def test_SL_PERM_public_reply_needs_socialmedia_create(center, client):
    ctx, clock, engine, a, support = center
    bo = a["bo"]
    bo.add_permission(cc.PERM_MESSAGE_ACCEPT)  # may accept, not post in public
    engine.make_available(bo)
    cid, mid = engine.add_social(support, cc.Channel.FACEBOOK, "@zoe", "Is anyone there?")
    engine.connect(ctx, bo)
    conv = cc.Conversation(ctx, cid, cc.MediaType.SOCIAL, queue=support, ani="@zoe")
    conv.accept(bo).result(timeout=5)
    list(ctx.events())
    public = cc.Message(ctx, bo, cc.Channel.FACEBOOK, conversation=conv, reply_to=mid,
                        text="Yes!")
    report = public.validate()
    assert report.rules == ["SL-PERM"] and [e.field for e in report] == ["visibility"]
    with pytest.raises(cc.ValidationError) as ei:
        public.send()
    assert ei.value.rules == ["SL-PERM"]
    assert not any(d.message_id for d in public.deliveries)
    # a client that thinks bo may: SL-PERM from the engine
    other, me = client("bo")
    theirs = cc.Message(other, me, cc.Channel.FACEBOOK,
                        conversation=cc.Conversation(other, cid, cc.MediaType.SOCIAL,
                                                     queue="support", ani="@zoe"),
                        reply_to=mid, text="Yes!")
    with pytest.raises(cc.ContactCoreError) as ei:
        theirs.send().result(timeout=5)
    assert [e.rule for e in ei.value.report.errors] == ["SL-PERM"]
    assert names(ctx) == []  # nothing was posted
    # a private message needs no such permission
    private = cc.Message(ctx, bo, cc.Channel.FACEBOOK, conversation=conv, text="In private")
    private.private = True
    assert private.validate().ok
    private.send().result(timeout=5)
    assert private.deliveries[0].state == cc.DeliveryState.QUEUED
