"""IVR scripts: parse, report (line and column), explain, sessions, and a
callback filed in the engine, offered, accepted and dialled."""
import datetime as dt
import json

import pytest

import contactcore as cc

T0 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)

SCRIPT = """\
online:
  - play: https://example.com/welcome.mp3
  - choice:
      1:
        name: Support
        play: https://example.com/press-1.mp3
        do:
          - ring
      2:
        name: Request callback
        play: https://example.com/press-2.mp3
        do:
          - callback
offline:
  - play: https://example.com/leave-a-voicemail.mp3
  - voicemail
queue:
  - play: https://example.com/next-in-queue.mp3
"""

BAD = """\
online:
  - play: ftp://example.com/x.mp3
  - goto: nowhere
offline:
  - callback
"""


@pytest.fixture
def ctx():
    with cc.Context(clock=cc.ManualClock(T0)) as c:
        yield c


def test_report_with_lines_and_columns(ctx):
    report = cc.Ivr.check(ctx, BAD)
    assert report.rules == ["IVR-SECTIONS", "IVR-COMMANDS", "IVR-GOTO", "IVR-CB-OFFLINE"]
    assert [(e.line, e.column) for e in report] == [(1, 1), (2, 11), (3, 11), (5, 5)]
    assert report[1].field == "online[0].play"
    assert str(report[2]).startswith("3:11: IVR-GOTO [online[1].goto]")
    with pytest.raises(cc.ValidationError) as ei:
        cc.Ivr.parse(ctx, BAD)
    assert ei.value.report == report
    with pytest.raises(cc.ValidationError) as ei:
        cc.Ivr.parse(ctx, "online:\n\t- ring\n")
    assert ei.value.rules[0] == "IVR-SYNTAX"


def test_parse_explain_and_json(ctx):
    with cc.Ivr.parse(ctx, SCRIPT) as ivr:
        assert ivr.sections == ["online", "offline", "queue"]
        assert ivr.report.ok and len(ivr.report) == 0
        text = ivr.explain()
        assert "online (line 1): runs when agents are online" in text
        assert text.endswith("\n")
    assert ivr.closed
    as_json = json.dumps({"online": ["ring"], "offline": ["voicemail"], "queue": [],
                          "unused": []})
    ivr = cc.Ivr.parse(ctx, as_json, cc.IvrFormat.JSON)
    (warning,) = ivr.report.warnings
    assert warning.rule == "IVR-GOTO" and warning.field == "unused"
    assert warning.severity == cc.Severity.WARNING and "never reached" in warning.message
    assert ivr.sections == ["online", "offline", "queue", "unused"]


def test_session_steps(ctx):
    ivr = cc.Ivr.parse(ctx, SCRIPT)
    call = ivr.session("+33142685300", "support", call_id="call-7")
    assert call.wait == cc.IvrWait.START
    steps = call.start(agents_online=True)
    assert [s.action for s in steps] == [cc.IvrAction.ENTER, cc.IvrAction.PLAY,
                                         cc.IvrAction.PLAY, cc.IvrAction.PLAY,
                                         cc.IvrAction.COLLECT]
    assert steps[-1].text == "12" and steps[-1].line == 3
    assert call.wait == cc.IvrWait.KEY
    with pytest.raises(cc.StateError):
        call.answered()
    steps = call.press("1")
    assert [s.action for s in steps][-1] == cc.IvrAction.RING
    steps = call.all_busy()
    assert cc.IvrAction.WAIT in [s.action for s in steps]
    call.answered()
    assert call.done and call.callback_id is None  # no engine: nothing filed
    with pytest.raises(ValueError):
        ivr.session("+33142685300", "support").press("12")
    events = [e for e in ctx.events() if e.type == cc.EventType.IVR_ACTION]
    assert events[0].ivr_action == cc.IvrAction.ENTER and events[0].ivr_text == "online"
    assert events[0].conversation_id == "call-7" and events[0].number == "+33142685300"


def test_callback_from_ivr_is_offered_then_dialled(ctx):
    ana = cc.Agent(ctx, "ana", "Ana")
    queue = cc.Queue(ctx, "support", "Support", members=[ana])
    engine = cc.Engine(ctx)
    engine.make_available(ana)
    ivr = cc.Ivr.parse(ctx, SCRIPT)
    with ivr.session("+33142685300", queue, call_id="call-1") as call:
        call.start()
        steps = call.press("2")
        assert [s.action for s in steps] == [cc.IvrAction.SELECT, cc.IvrAction.CALLBACK,
                                             cc.IvrAction.HANGUP]
        assert steps[1].text == "+33142685300"
        filed = call.callback_id
        assert filed and call.done
    list(ctx.events())
    ctx.run_due()
    offered = [e for e in ctx.events() if e.name == "OFFERED"]
    assert offered[0].conversation_id == filed and offered[0].agent_id == "ana"
    engine.answer(ana, filed)
    events = list(ctx.events())
    assert [e.name for e in events][:2] == ["ACCEPTED", "DIALING"]
    assert events[1].number == "+33142685300"
    with pytest.raises(cc.BadNumberError):
        ivr.session("12", queue)
    with pytest.raises(cc.NotFoundError):
        ivr.session("+33142685300", "no-such-queue")
