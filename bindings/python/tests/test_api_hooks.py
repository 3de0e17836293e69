"""Python callables as clock, log, transport, token and validator hooks:
exceptions raised inside them never reach C; they are logged and kept on
the context, and the library gets a safe value."""
import datetime as dt
import logging

import pytest

import contactcore as cc

T0 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)


def test_raising_clock_uses_the_last_good_value(caplog):
    calls = {"n": 0}

    def clock():
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("the clock broke")
        return T0

    with caplog.at_level(logging.ERROR, logger="contactcore"):
        with cc.Context(clock=clock) as ctx:
            assert ctx.now == T0
            assert ctx.now == T0  # the last good value
            errs = ctx.take_callback_errors()
            assert errs and errs[0].hook == "clock"
            assert isinstance(errs[0].exception, RuntimeError)
            assert ctx.callback_errors == []
    assert "exception in the clock hook" in caplog.text


def test_clock_returning_garbage_is_recorded():
    with cc.Context(clock=lambda: "soon") as ctx:
        before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
        assert ctx.now >= before  # fell back to the system time
        assert isinstance(ctx.callback_errors[0].exception, TypeError)
    with cc.Context(clock=lambda: dt.datetime(2026, 1, 1)) as ctx:  # naive
        ctx.now
        assert isinstance(ctx.callback_errors[0].exception, ValueError)


def test_log_hook_receives_lines_and_may_raise():
    lines = []

    def log(level, message):
        lines.append((level, message))
        raise ValueError("a broken log hook")

    with cc.Context(log=log, log_level=cc.LogLevel.DEBUG, clock=cc.ManualClock(T0)) as ctx:
        ana = cc.Agent(ctx, "ana", "Ana", permissions=[cc.PERM_CALLBACK_CREATE])
        cc.Queue(ctx, "q", "Q", members=[ana])
        engine = cc.Engine(ctx)
        engine.connect(ctx, ana)
        conv = cc.Conversation(ctx, "c1", ani="+33142685300", queue="q", agent=ana)
        cb = ctx.draft_callback(conv, ana).update(when=dt.datetime(2026, 11, 22, 9)).commit()
        cb.submit().result(timeout=5)   # the library goes on despite the hook
        assert lines and all(isinstance(lv, cc.LogLevel) for lv, _ in lines)
        assert any("request" in m for _, m in lines)
        assert ctx.callback_errors and ctx.callback_errors[0].hook == "log"
        assert cb.sync == cc.CallbackSync.SYNCED


def test_default_log_goes_to_the_logging_module(caplog):
    with caplog.at_level(logging.DEBUG, logger="contactcore"):
        with cc.Context(log_level=cc.LogLevel.DEBUG, clock=cc.ManualClock(T0)) as ctx:
            ana = cc.Agent(ctx, "ana", "Ana", permissions=[cc.PERM_CALLBACK_CREATE])
            cc.Queue(ctx, "q", "Q", members=[ana])
            cc.Engine(ctx).connect(ctx, ana)
            conv = cc.Conversation(ctx, "c1", ani="+33142685300", queue="q", agent=ana)
            cb = ctx.draft_callback(conv, ana).update(
                when=dt.datetime(2026, 11, 22, 9)).commit()
            cb.submit().result(timeout=5)
    assert any(r.name == "contactcore" and "request" in r.getMessage() for r in caplog.records)
    with cc.Context(log=False) as quiet:
        assert quiet.errmsg == ""


def _client(clock, send, **kw):
    ctx = cc.Context(clock=clock)
    ana = cc.Agent(ctx, "ana", "Ana", permissions=[cc.PERM_CALLBACK_CREATE])
    cc.Queue(ctx, "q", "Q", members=[ana])
    conv = cc.Conversation(ctx, "c1", ani="+33142685300", queue="q", agent=ana)
    ctx.set_backend("https://api.example.test")
    ctx.set_access_token("token-1")
    ctx.set_transport(send, **kw)
    cb = ctx.draft_callback(conv, ana).update(when=dt.datetime(2026, 11, 22, 9)).commit()
    return ctx, ana, cb


def test_raising_transport_refuses_the_request():
    def send(request):
        raise ConnectionError("no network in this test")

    ctx, _, cb = _client(cc.ManualClock(T0), send)
    with ctx:
        with pytest.raises(cc.ContactCoreIOError) as ei:
            cb.submit()
        assert isinstance(ei.value, OSError)
        assert "refused" in str(ei.value)
        assert ctx.callback_errors[0].hook == "transport.send"
        assert isinstance(ctx.callback_errors[0].exception, ConnectionError)
        assert cb.sync in (cc.CallbackSync.LOCAL, cc.CallbackSync.FAILED)
        assert ctx.pending_ops == 0


def test_transport_answers_and_errors_map_to_the_report():
    seen = []

    def send(request):
        seen.append(request)
        assert request.header("authorization") == "Bearer token-1"
        return cc.Response(400, {"code": "bad.request", "message": "Nope.", "status": 400})

    ctx, _, cb = _client(cc.ManualClock(T0), send)
    with ctx:
        op = cb.submit()
        status = op.wait(timeout=5)
        assert status != cc.Status.OK and op.http_status == 400
        err = op.error
        assert isinstance(err, cc.ContactCoreError) and err.report is not None
        assert err.report[0].server_code == "bad.request"
        req = seen[0]
        assert req.method == "POST" and req.url.startswith("https://api.example.test/")
        assert req.json()["callbackNumbers"] == ["+33142685300"]
        assert req.done
        with pytest.raises(cc.StateError):
            req.complete(200, b"{}")


def test_transport_returning_garbage_and_async_completion():
    kept = []

    def send(request):
        kept.append(request)
        return None  # answered later

    clock = cc.ManualClock(T0)
    ctx, _, cb = _client(clock, send)
    with ctx:
        op = cb.submit()
        assert op.pending and len(kept) == 1
        kept[0].fail(cc.Status.EUNKNOWN_OUTCOME, "connection reset")
        assert op.wait(timeout=5) == cc.Status.EUNKNOWN_OUTCOME
        assert isinstance(op.error, cc.UnknownOutcomeError)
        assert cb.sync == cc.CallbackSync.UNKNOWN
        ctx.set_transport(lambda request: "not a response")
        with pytest.raises(cc.ContactCoreIOError):
            cb.submit(after_unknown=True)
        assert isinstance(ctx.callback_errors[-1].exception, TypeError)


def test_pending_requests_are_invalidated_when_the_context_closes():
    kept = []
    cancelled = []
    clock = cc.ManualClock(T0)
    ctx, _, cb = _client(clock, lambda r: kept.append(r), cancel=cancelled.append)
    op = cb.submit()
    ctx.close()
    assert op.closed and kept[0].done
    assert cancelled == kept  # the library cancelled it on teardown
    with pytest.raises(cc.ClosedError):
        kept[0].complete(200, b"{}")


def test_token_hook_and_validator_raising():
    asked = []
    with cc.Context(clock=cc.ManualClock(T0)) as ctx:
        def hook(c):
            asked.append(c)
            raise KeyError("no token source")
        ctx.set_token_hook(hook)
        ctx.set_token_hook(None)

        def validator(e164, region):
            raise RuntimeError("validator down")
        ctx.set_phone_validator(validator)
        with pytest.raises(cc.BadNumberError, match="validator failed"):
            ctx.normalize_phone("+33142685300")
        assert [e.hook for e in ctx.callback_errors] == ["phone validator"]
        woke = []
        ctx.set_wakeup(lambda: woke.append(1))
        ctx.wakeup()
        assert woke == [1]
        ctx.set_wakeup(None)
