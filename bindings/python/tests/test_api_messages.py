"""Messages on behalf of a queue through a connected engine, delivery states,
resends, validation reports, canned responses."""
import datetime as dt

import pytest

import contactcore as cc

T0 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def center():
    clock = cc.ManualClock(T0)
    with cc.Context(clock=clock) as ctx:
        ana = cc.Agent(ctx, "ana", "Ana",
                       permissions=[cc.PERM_MESSAGE_CREATE, cc.PERM_QUEUE_VIEW])
        queue = cc.Queue(ctx, "support", "Support", members=[ana])
        engine = cc.Engine(ctx)
        engine.connect(ctx, ana)
        yield ctx, engine, ana, queue


def test_message_on_behalf_of_a_queue_is_delivered(center):
    ctx, engine, ana, queue = center
    text = "Hello from Support: your replacement part ships today."
    msg = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue,
                     recipients=["+44 7700 900123", "+1 212 555 0100"], text=text)
    assert msg.queue_id == "support" and msg.sender_id == "ana"
    assert msg.recipients == ["+44 7700 900123", "+1 212 555 0100"]
    assert msg.text == text and msg.channel == cc.Channel.SMS
    assert msg.validate().ok
    assert [d.state for d in msg.deliveries] == [cc.DeliveryState.DRAFT] * 2

    op = msg.send()
    assert op.kind == cc.OpKind.MESSAGE_SEND
    op.result(timeout=5)
    assert [d.address for d in msg.deliveries] == ["+447700900123", "+12125550100"]
    assert all(d.state == cc.DeliveryState.QUEUED for d in msg.deliveries)
    events = list(ctx.events())
    assert {e.type for e in events} >= {cc.EventType.ENGINE_MESSAGE,
                                        cc.EventType.MESSAGE_DELIVERY,
                                        cc.EventType.OPERATION_DONE}
    delivery = [e for e in events if e.type == cc.EventType.MESSAGE_DELIVERY][0]
    assert delivery.delivery_state == cc.DeliveryState.QUEUED
    assert delivery.agent_id == "ana" and delivery.queue_id == "support"

    ctx.advance(dt.timedelta(seconds=5))
    states = [e.delivery_state for e in ctx.events() if e.name == "MESSAGE"]
    assert cc.DeliveryState.SENT in states and cc.DeliveryState.DELIVERED in states
    msg.refresh().result(timeout=5)
    first = msg.deliveries[0]
    assert first.state == cc.DeliveryState.DELIVERED
    assert first.history[0] == (cc.DeliveryState.QUEUED, T0)
    assert first.history[-1][0] == cc.DeliveryState.DELIVERED
    assert first.message_id and first.conversation_id
    assert cc.DeliveryState.DELIVERED.label
    assert engine.queue_counts(queue) == cc.QueueCounts(2, 2)
    # sending on behalf of the queue does not take Ana off queue or occupy her
    assert engine.agent_status(ana)[1] == cc.RoutingStatus.OFF_QUEUE


def test_failed_delivery_is_resent(center):
    ctx, engine, ana, queue = center
    msg = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue, recipients=["+447700900123"],
                     text="Your order")
    engine.fail_next_sends(1, cc.DeliveryState.NETWORK_ERROR)
    msg.send().result(timeout=5)
    ctx.advance(dt.timedelta(seconds=5))
    msg.refresh().result(timeout=5)
    failed = msg.deliveries[0]
    assert failed.state == cc.DeliveryState.NETWORK_ERROR and failed.state.failed
    msg.send().result(timeout=5)
    ctx.advance(dt.timedelta(seconds=5))
    msg.refresh().result(timeout=5)
    again = msg.deliveries[0]
    assert again.state == cc.DeliveryState.DELIVERED
    assert again.previous_id == failed.message_id != again.message_id
    copy = msg.copy(0)
    assert copy.copied_from == again.message_id and copy.text == "Your order"
    copy.close()
    list(ctx.events())


def test_validation_report_before_anything_is_sent(center):
    ctx, engine, ana, queue = center
    msg = cc.Message(ctx, ana, cc.Channel.SMS, queue="nope", recipients=["12"], text="x")
    report = msg.validate()
    assert report.rules == ["OBQ-MEMBER", "OBQ-RECIPIENTS"]
    assert [e.field for e in report] == ["queue", "recipients"]
    with pytest.raises(cc.ValidationError) as ei:
        msg.send()
    assert ei.value.rules == ["OBQ-MEMBER", "OBQ-RECIPIENTS"]
    too_long = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue,
                          recipients=["+447700900123"], text="€" * 400)
    assert "TXT-LIMITS" in too_long.validate()
    assert list(ctx.events()) == []


def test_existing_conversation_must_be_taken_over(center):
    ctx, engine, ana, queue = center
    first = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue, recipients=["+447700900123"],
                       text="One")
    first.send().result(timeout=5)
    engine.end(first.deliveries[0].conversation_id)
    second = cc.Message(ctx, ana, cc.Channel.SMS, queue=queue, recipients=["+447700900123"],
                        text="Two")
    with pytest.raises(cc.TakeoverError) as ei:
        second.send().result(timeout=5)
    assert ei.value.status == cc.Status.ETAKEOVER
    second.take_over = True
    second.send().result(timeout=5)
    assert second.deliveries[0].conversation_id == first.deliveries[0].conversation_id


def test_canned_responses(center):
    ctx, engine, ana, queue = center
    ctx.add_canned("greet", "Hi, this is {{agent.name}} from {{queue.name}}.")
    assert ctx.canned == {"greet": "Hi, this is {{agent.name}} from {{queue.name}}."}
    with pytest.raises(cc.InvalidArgumentError):
        ctx.add_canned("bad", "{{nope}}")
    conv = cc.Conversation(ctx, "s1", cc.MediaType.SOCIAL, ani="@zoe", queue=queue)
    msg = cc.Message(ctx, ana, cc.Channel.FACEBOOK, conversation=conv)
    msg.apply_canned("greet", conv)
    assert msg.text == "Hi, this is Ana from Support."
    bare = cc.Conversation(ctx, "s2", cc.MediaType.SOCIAL)
    with pytest.raises(cc.ValidationError) as ei:
        msg.apply_canned("greet", bare)
    assert ei.value.rules == ["SL-CANNED"]
    ctx.remove_canned("greet")
    with pytest.raises(cc.NotFoundError):
        ctx.remove_canned("greet")


def test_message_without_backend_is_a_state_error():
    with cc.Context() as ctx:
        ana = cc.Agent(ctx, "ana", "Ana", permissions=[cc.PERM_MESSAGE_CREATE,
                                                       cc.PERM_QUEUE_VIEW])
        cc.Queue(ctx, "q", "Q", members=[ana])
        with cc.Message(ctx, ana, cc.Channel.SMS, queue="q", recipients=["+447700900123"],
                        text="hi") as msg:
            with pytest.raises(cc.StateError):
                msg.send()
        assert msg.closed


def test_social_reply_in_an_accepted_interaction(center):
    ctx, engine, ana, queue = center
    ana.add_permission(cc.PERM_MESSAGE_ACCEPT)
    ana.add_permission(cc.PERM_SOCIAL_CREATE)
    engine.make_available(ana)
    cid, mid = engine.add_social(queue, cc.Channel.FACEBOOK, "@zoe", "My parcel is late!")
    assert [e.name for e in ctx.events()][-1] == "OFFERED"
    conv = cc.Conversation(ctx, cid, cc.MediaType.SOCIAL, queue=queue, ani="@zoe")
    done = []
    op = conv.accept(ana)
    op.on_done(lambda o, status: done.append((o, status)))
    op.result(timeout=5)
    assert done == [(op, cc.Status.OK)]
    assert conv.state == cc.InteractionState.CONNECTED
    reply = cc.Message(ctx, ana, cc.Channel.FACEBOOK, conversation=conv, reply_to=mid,
                       text="Sorry Zoé, it ships today.")
    assert reply.validate().ok and not reply.private
    reply.send().result(timeout=5)
    assert reply.deliveries[0].conversation_id == cid
    conv.end(ana).result(timeout=5)
    assert conv.state == cc.InteractionState.WRAPUP
    with pytest.raises(cc.ValidationError) as ei:
        conv.wrap_up(ana, "")
    assert ei.value.rules == ["SL-END"]
    conv.wrap_up(ana, "resolved", "parcel found").result(timeout=5)
    assert conv.state == cc.InteractionState.DONE
    assert engine.wrapup(cid) == ("resolved", "parcel found")
    assert "OPERATION_DONE" in [e.name for e in ctx.events()]


def test_outbound_sms_from_an_entry_point(center):
    ctx, engine, ana, queue = center
    ctx.digital_channels = True
    sms = frozenset({cc.Channel.SMS})
    bo = cc.Agent(ctx, "bo", "Bo", profile=cc.AgentProfile(True, sms, sms))
    assert bo.profile == cc.AgentProfile(True, sms, sms)
    ep = cc.EntryPoint(ctx, "ep-sms", "Support SMS", cc.Channel.SMS)
    assert ctx.entry_points(cc.Channel.SMS) == [ep] and ep.channel == cc.Channel.SMS
    engine.connect(ctx, bo)
    engine.make_available(bo)
    msg = cc.Message(ctx, bo, cc.Channel.SMS, entry_point=ep, recipients=["+447700900123"],
                     text="Hi, about your order")
    assert msg.validate().ok and msg.entry_point_id == "ep-sms" and msg.queue_id is None
    msg.send().result(timeout=5)
    assert msg.task_state == 1
    targets = ctx.fetch_transfer_targets("profile-1", cc.Channel.SMS).result(timeout=5)
    assert [t.id for t in targets.transfer_targets] == ["support"]
    assert targets.transfer_targets[0].kind == cc.TransferTo.QUEUE
    msg.end().result(timeout=5)
    assert msg.task_state == 2
    msg.wrap_up("done", "answered").result(timeout=5)
    assert msg.task_state == 3
    unlicensed = cc.Message(ctx, ana, cc.Channel.SMS, entry_point=ep,
                            recipients=["+447700900124"], text="Hi")
    assert "OB-LICENSE" in unlicensed.validate()


def test_agentless_message_to_a_verified_contact(center):
    ctx, engine, ana, queue = center
    engine.add_sms_number("+14155550100")
    engine.add_external_contact("zoe", "Zoé")
    engine.add_contact_identifier("zoe", cc.Channel.SMS, "+447700900123")
    msg = cc.Message(ctx, ana, cc.Channel.SMS, from_address="+1 415 555 0100", text="Reminder")
    msg.add_recipient("+447700900123", contact_id="zoe")
    assert msg.from_address == "+1 415 555 0100" and msg.recipient_contact(0) == "zoe"
    assert msg.validate().ok
    msg.send().result(timeout=5)
    conv_id = msg.deliveries[0].conversation_id
    assert engine.contact_history("zoe") == [conv_id]
    wrong = cc.Message(ctx, ana, cc.Channel.SMS, from_address="+14155550100", text="Hi")
    wrong.add_recipient("+447700900999", contact_id="zoe")
    with pytest.raises(cc.ValidationError) as ei:
        wrong.send().result(timeout=5)
    assert "OBQ-VERIFY" in ei.value.rules
    with pytest.raises(cc.AlreadyExistsError):
        engine.add_sms_number("+14155550100")
