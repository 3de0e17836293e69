"""Client secrets and access tokens never reach the log or an error message,
even when things fail: wrong credentials (401 from /oauth/token), a token
endpoint whose error body echoes the secret and its HTTP Basic form, and a
5xx whose body echoes the bearer token of the request.  Against
tests/server/gcserver.py through the libcurl transport; every text checked:
the log hook's lines (DEBUG), the ``logging`` records of the default hook,
the exception (str, repr, report messages and server codes), the
operation's message and the context's last error message.
"""
import base64
import datetime as dt
import logging
import os
import sys

import pytest

import contactcore as cc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "server"))
from gcprocess import GcServer  # noqa: E402

CLIENT_ID = "test-client"
SECRET = "Sup3r-s3cret-value-42"
WRONG = "Wr0ng-s3cret-never-shown"


@pytest.fixture(scope="module")
def server():
    """gcserver.py knowing the client CLIENT_ID with SECRET."""
    g = GcServer("--client-id", CLIENT_ID, "--client-secret", SECRET)
    try:
        yield g
    finally:
        g.stop()


@pytest.fixture
def world(server):
    """A context on the server with the curl transport, its log captured at
    DEBUG, and a conversation to schedule a callback from."""
    server.control("/_test/reset", {})
    lines = []
    ctx = cc.Context(log=lambda level, message: lines.append(message),
                     log_level=cc.LogLevel.DEBUG)
    try:
        ctx.set_backend(server.url)
        try:
            ctx.install_curl()
        except cc.NotSupportedError:
            pytest.skip("built without libcurl")
        ctx.set_request_policy(max_attempts=1)
        ana = cc.Agent(ctx, "ana", "Ana", time_zone="Europe/Paris",
                       permissions=[cc.PERM_CALLBACK_CREATE])
        cc.Queue(ctx, "support", "Support", members=[ana])
        conv = cc.Conversation(ctx, "call-1", ani="+33142685300", queue="support", agent=ana)
        yield ctx, ana, conv, lines
    finally:
        ctx.close()


def callback(ctx, ana, conv):
    when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    return ctx.draft_callback(conv, ana).update(when=when).commit()


def failure_texts(ctx, op, exc, lines):
    """Every text the failure produced."""
    texts = list(lines) + [str(exc), repr(exc), exc.detail, ctx.errmsg, op.message or ""]
    for e in exc.report or []:
        texts += [e.message, e.server_code or ""]
    return texts


def assert_hidden(texts, *secrets):
    assert texts
    for t in texts:
        for s in secrets:
            assert s not in t, (s, t)


def test_wrong_client_secret(world, server, caplog):
    ctx, ana, conv, lines = world
    ctx.set_client_credentials(CLIENT_ID, WRONG)
    op = callback(ctx, ana, conv).submit()
    with pytest.raises(cc.AuthenticationError) as ei:
        op.result(timeout=30)
    texts = failure_texts(ctx, op, ei.value, lines)
    assert any("/oauth/token" in t for t in texts)
    assert_hidden(texts, WRONG, base64.b64encode(f"{CLIENT_ID}:{WRONG}".encode()).decode())
    # the default hook (the logging module) says no more
    with caplog.at_level(logging.DEBUG, logger="contactcore"):
        with cc.Context(log_level=cc.LogLevel.DEBUG) as other:
            other.set_backend(server.url)
            other.install_curl()
            other.set_client_credentials(CLIENT_ID, WRONG)
            cc.Agent(other, "ana", "Ana", permissions=[cc.PERM_CALLBACK_CREATE])
            cc.Queue(other, "support", "Support", members=["ana"])
            c2 = cc.Conversation(other, "call-2", ani="+33142685300", queue="support",
                                 agent="ana")
            op2 = callback(other, other.find_agent("ana"), c2).submit()
            with pytest.raises(cc.AuthenticationError):
                op2.result(timeout=30)
    records = [r.getMessage() for r in caplog.records if r.name.startswith("contactcore")]
    assert any("/oauth/token" in r for r in records)
    assert_hidden(records, WRONG)


def test_token_endpoint_echoes_the_secret(world, server):
    ctx, ana, conv, lines = world
    ctx.set_client_credentials(CLIENT_ID, SECRET)
    basic = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    echo = {"message": f"client {CLIENT_ID} with secret {SECRET} (Basic {basic}) is locked",
            "code": f"locked.{SECRET}", "status": 400, "contextId": SECRET,
            "errors": [{"code": "again", "message": f"secret={SECRET}"}]}
    server.control("/_test/faults", {"faults": [{"match": "POST /oauth/token", "kind": "status",
                                                  "status": 400, "body": echo}]})
    op = callback(ctx, ana, conv).submit()
    with pytest.raises(cc.AuthenticationError) as ei:
        op.result(timeout=30)
    texts = failure_texts(ctx, op, ei.value, lines)
    assert_hidden(texts, SECRET, basic)
    # the server's sentence is still there, without the credentials
    assert any(f"client {CLIENT_ID} with secret [redacted] (Basic [redacted]) is locked" in t
               for t in texts), texts


def test_server_error_echoes_the_bearer_token(world, server):
    ctx, ana, conv, lines = world
    ctx.set_client_credentials(CLIENT_ID, SECRET)
    cb = callback(ctx, ana, conv)
    cb.submit().result(timeout=30)
    sent = [r for r in server.control("/_test/requests")["requests"]
            if r["path"].startswith("/api/v2/")]
    token = sent[-1]["headers"]["Authorization"].split(" ", 1)[1]
    assert len(token) > 8
    echo = {"message": f"upstream refused Bearer {token}", "code": "internal.server.error",
            "status": 500, "contextId": token,
            "details": [{"errorCode": f"header.{token}", "fieldName": f"Authorization {token}"}]}
    server.control("/_test/faults", {"faults": [{"match": "GET /api/v2/conversations/callbacks/",
                                                  "kind": "status", "status": 500,
                                                  "body": echo}]})
    lines.clear()
    op = cb.fetch()
    with pytest.raises(cc.ServerError) as ei:
        op.result(timeout=30)
    texts = failure_texts(ctx, op, ei.value, lines)
    assert_hidden(texts, token, SECRET)
    assert any("upstream refused Bearer [redacted]" in t for t in texts), texts
    assert op.http_status == 500
