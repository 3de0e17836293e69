"""The local sandbox (python3 -m contactcore.sandbox) driven over HTTP as a
Genesys Cloud client would: tokens with client credentials, callbacks
(schedule, list, fetch, reschedule, cancel), a message on behalf of a queue,
state kept in the SQLite store across a restart, and refusals."""
import base64
import datetime as dt
import json
import os
import pathlib
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

BINDINGS = pathlib.Path(__file__).resolve().parent.parent
CALLBACKS = "/api/v2/conversations/callbacks"
MESSAGES = "/api/v2/conversations/messages"
CUSTOMER = "+14155550123"


class Sandbox:
    """One sandbox process on a free port of 127.0.0.1."""

    def __init__(self, store, *extra):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(BINDINGS)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "contactcore.sandbox", "--port", "0", "--store", str(store),
             *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        line = self._first_line(10.0)
        prefix = "sandbox listening on "
        if not line.startswith(prefix):
            self.proc.kill()
            _, err = self.proc.communicate(timeout=10)
            pytest.fail(f"no listening line (got {line!r}); stderr:\n{err.decode()}")
        self.base = line[len(prefix):].strip()
        assert self.base.startswith("http://127.0.0.1:")
        self.stderr = ""

    def _first_line(self, timeout):
        deadline = time.monotonic() + timeout
        buf = b""
        fd = self.proc.stdout.fileno()
        while not buf.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            chunk = os.read(fd, 1)
            if not chunk:
                break
            buf += chunk
        return buf.decode()

    def stop(self):
        """SIGTERM; the sandbox must exit 0 within 10 s.  Returns its stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            pytest.fail("the sandbox ignored SIGTERM")
        self.stderr = err.decode()
        assert self.proc.returncode == 0, self.stderr
        return self.stderr

    # ---- HTTP ----

    def call(self, method, path, token=None, body=None, headers=None):
        """(status, parsed JSON body or None)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, raw, ctype = resp.status, resp.read(), resp.headers["Content-Type"]
        except urllib.error.HTTPError as e:
            status, raw, ctype = e.code, e.read(), e.headers["Content-Type"]
        assert ctype == "application/json"
        return status, (json.loads(raw) if raw else None)

    def token(self, client_id, secret="any-secret"):
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        req = urllib.request.Request(
            self.base + "/oauth/token", data=b"grant_type=client_credentials", method="POST",
            headers={"Authorization": "Basic " + basic,
                     "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.status == 200
            body = json.loads(resp.read())
        assert body["token_type"] == "bearer" and body["expires_in"] > 0
        return body["access_token"]


@pytest.fixture
def store(tmp_path):
    return tmp_path / "sandbox.db"


@pytest.fixture
def sandbox(store):
    s = Sandbox(store)
    yield s
    if s.proc.poll() is None:
        s.stop()


def iso(delta):
    t = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + delta
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def schedule(s, token, when, queue="queue-1", number=CUSTOMER):
    status, body = s.call("POST", CALLBACKS, token, {
        "queueId": queue, "callbackNumbers": [number], "callbackScheduledTime": when,
        "callbackUserName": "Zoë", "data": {"ticket": "T-42"}})
    assert status == 200, body
    conv = body["conversation"]["id"]
    assert body["callbackIdentifiers"] == [{"type": "EXTERNAL", "id": conv}]
    return conv


def customer(conv):
    return next(p for p in conv["participants"] if p["purpose"] == "customer")


def test_schedule_list_reschedule_cancel_and_restart(store):
    s = Sandbox(store)
    tok = s.token("agent-1")
    first_time, second_time = iso(dt.timedelta(days=1)), iso(dt.timedelta(hours=5))
    first = schedule(s, tok, first_time)
    second = schedule(s, tok, second_time)

    # list: ordered by scheduled time, paged
    status, page = s.call("GET", CALLBACKS + "?pageSize=50", tok)
    assert status == 200, page
    assert [c["id"] for c in page["entities"]] == [second, first]
    assert page["total"] == 2 and page["pageNumber"] == 1 and page["pageCount"] == 1
    status, page = s.call("GET", CALLBACKS + "?pageSize=1&pageNumber=2", tok)
    assert [c["id"] for c in page["entities"]] == [first] and page["pageCount"] == 2
    status, page = s.call("GET", CALLBACKS + "?queueId=queue-2", tok)
    assert status == 200 and page["entities"] == [] and page["total"] == 0
    assert s.call("GET", CALLBACKS + "?state=nonsense", tok)[0] == 400

    # fetch
    status, conv = s.call("GET", f"{CALLBACKS}/{first}", tok)
    assert status == 200, conv
    c = customer(conv)
    assert c["state"] == "scheduled" and c["queue"]["id"] == "queue-1"
    assert c["callbackNumbers"] == [CUSTOMER] and c["callbackUserName"] == "Zoë"
    assert c["callbackScheduledTime"] == first_time and c["attributes"] == {"ticket": "T-42"}

    # reschedule (PatchCallbackRequest)
    later = iso(dt.timedelta(days=2))
    status, body = s.call("PATCH", CALLBACKS, tok, {
        "conversationId": first, "agentId": "agent-1", "queueId": "queue-1",
        "callbackScheduledTime": later})
    assert status == 200, body
    assert body["conversation"]["id"] == first
    assert customer(s.call("GET", f"{CALLBACKS}/{first}", tok)[1])["callbackScheduledTime"] == later

    # cancel
    status, conv = s.call("PATCH", f"{CALLBACKS}/{second}", tok, {"state": "disconnected"})
    assert status == 200, conv
    assert customer(conv)["state"] == "disconnected"
    status, page = s.call("GET", CALLBACKS + "?state=cancelled", tok)
    assert [c["id"] for c in page["entities"]] == [second]
    status, page = s.call("GET", CALLBACKS + "?state=scheduled", tok)
    assert [c["id"] for c in page["entities"]] == [first]
    log = s.stop()
    assert tok not in log and "Bearer" not in log and "Basic" not in log
    assert '"PATCH /api/v2/conversations/callbacks" 200' in log

    # a new process on the same store: the state is still there; tokens are not
    s = Sandbox(store)
    try:
        assert s.call("GET", f"{CALLBACKS}/{first}", tok)[0] == 401
        tok = s.token("agent-1")
        status, conv = s.call("GET", f"{CALLBACKS}/{first}", tok)
        assert status == 200, conv
        assert customer(conv)["state"] == "scheduled"
        assert customer(conv)["callbackScheduledTime"] == later
        assert customer(s.call("GET", f"{CALLBACKS}/{second}", tok)[1])["state"] == "disconnected"
        status, page = s.call("GET", CALLBACKS, tok)
        assert page["total"] == 2
        # the directory was not created twice: a third callback still works
        schedule(s, tok, iso(dt.timedelta(hours=3)))
    finally:
        s.stop()


def test_message_on_behalf_of_queue_is_delivered(sandbox):
    s = sandbox
    tok = s.token("agent-1")
    status, body = s.call("POST", MESSAGES, tok, {
        "queueId": "queue-1", "toAddress": CUSTOMER, "toAddressMessengerType": "sms",
        "useExistingConversation": False})
    assert status == 200, body
    conv_id = body["id"]
    status, conv = s.call("GET", f"{MESSAGES}/{conv_id}", tok)
    assert status == 200, conv
    agent = next(p for p in conv["participants"] if p["purpose"] == "agent")
    assert agent["userId"] == "agent-1" and agent["queueId"] == "queue-1"
    comm = agent["messages"][0]["id"]
    status, msg = s.call("POST", f"{MESSAGES}/{conv_id}/communications/{comm}/messages", tok,
                         {"textBody": "Hello from the sandbox"})
    assert status == 200, msg
    assert msg["status"] == "queued" and msg["direction"] == "outbound"
    # the engine's timers run in the background: sent after 1 s, delivered 1 s later
    deadline = time.monotonic() + 15
    while True:
        status, msg = s.call("GET", f"{MESSAGES}/{conv_id}/messages/{msg['id']}", tok)
        assert status == 200, msg
        if msg["status"] == "delivery-success" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert msg["status"] == "delivery-success"
    assert msg["textBody"] == "Hello from the sandbox"
    # OBQ-EXISTING: the contact has an open conversation
    status, body = s.call("POST", MESSAGES, tok, {
        "queueId": "queue-1", "toAddress": CUSTOMER, "toAddressMessengerType": "sms"})
    assert status == 409, body


def test_agentless_message_and_api_client(sandbox):
    s = sandbox
    tool = s.token("some-integration")  # not an agent: an API client
    status, body = s.call("POST", MESSAGES + "/agentless", tool, {
        "fromAddress": "+14155550100", "toAddress": "+14155550199",
        "toAddressMessengerType": "sms", "textBody": "Your order shipped"})
    assert status == 200, body
    assert body["conversationId"] and body["message"]["status"] == "queued"
    assert "user" not in body
    # an API client has no agent to send on behalf of a queue as
    status, body = s.call("POST", MESSAGES, tool, {
        "queueId": "queue-1", "toAddress": CUSTOMER, "toAddressMessengerType": "sms"})
    assert status == 403, body
    # but it may schedule callbacks
    conv = schedule(s, tool, iso(dt.timedelta(hours=2)))
    assert s.call("GET", f"{CALLBACKS}/{conv}", tool)[0] == 200


def test_bad_tokens_are_401(sandbox):
    s = sandbox
    for token in (None, "not-a-token"):
        for method, path, body in (("GET", CALLBACKS, None),
                                   ("GET", f"{CALLBACKS}/some-id", None),
                                   ("POST", CALLBACKS, {"queueId": "queue-1"}),
                                   ("POST", MESSAGES, {"queueId": "queue-1"})):
            status, err = s.call(method, path, token, body)
            assert status == 401, (method, path, err)
            assert err["code"] == "bad.credentials" and err["status"] == 401
    # /oauth/token without client credentials
    status, err = s.call("POST", "/oauth/token", headers={"Authorization": "Basic !!"})
    assert status == 401 and err["code"] == "bad.credentials"
    status, err = s.call("GET", "/no/such/path", s.token("agent-1"))
    assert status == 404


def test_refusals_are_genesys_error_bodies(sandbox):
    s = sandbox
    tok = s.token("agent-1")
    status, err = s.call("POST", CALLBACKS, tok, {
        "queueId": "queue-1", "callbackNumbers": [CUSTOMER],
        "callbackScheduledTime": iso(-dt.timedelta(hours=1))})
    assert status == 400, err
    assert err["status"] == 400 and err["code"] and err["message"]
    status, err = s.call("GET", f"{CALLBACKS}/no-such-callback", tok)
    assert status == 404 and err["code"] == "not.found"


def test_seed_file_replaces_the_default_directory(store, tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({
        "agents": [{"id": "ann", "name": "Ann", "permissions": ["conversation:callback:create"],
                    "timeZone": "Europe/Paris"},
                   {"id": "sup", "name": "Sup", "roles": ["supervisor"]}],
        "queues": [{"id": "billing", "name": "Billing", "members": ["ann"]}]}))
    s = Sandbox(store, "--seed", str(seed))
    try:
        ann = s.token("ann")
        conv = schedule(s, ann, iso(dt.timedelta(days=1)), queue="billing")
        status, err = s.call("POST", CALLBACKS, ann, {
            "queueId": "queue-1", "callbackNumbers": [CUSTOMER],
            "callbackScheduledTime": iso(dt.timedelta(days=1))})
        assert status >= 400, "queue-1 of the default directory must not exist"
        # the supervisor may cancel ann's callback (CB-CANCEL)
        status, body = s.call("PATCH", f"{CALLBACKS}/{conv}", s.token("sup"),
                              {"state": "disconnected"})
        assert status == 200, body
    finally:
        s.stop()


def test_bad_seed_and_help(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(BINDINGS))
    seed = tmp_path / "seed.json"
    seed.write_text('{"agents": [{"name": "no id"}]}')
    r = subprocess.run([sys.executable, "-m", "contactcore.sandbox", "--port", "0",
                        "--store", str(tmp_path / "x.db"), "--seed", str(seed)],
                       capture_output=True, text=True, env=env, timeout=30)
    assert r.returncode == 2 and "agents[0].id" in r.stderr
    assert r.stdout == ""
    r = subprocess.run([sys.executable, "-m", "contactcore.sandbox", "--help"],
                       capture_output=True, text=True, env=env, timeout=30)
    assert r.returncode == 0 and "agent-1" in r.stdout and "--store" in r.stdout


def test_callback_from_a_conversation_the_sandbox_knows(sandbox):
    s = sandbox
    tok = s.token("agent-1")
    status, conv = s.call("POST", "/sandbox/conversations", tok, {
        "ani": CUSTOMER, "queueId": "queue-1", "agentId": "agent-1"})
    assert status == 200, conv
    assert conv["mediaType"] == "call" and conv["acd"] is True and conv["id"]

    def from_conversation(origin):
        return s.call("POST", CALLBACKS, tok, {
            "queueId": "queue-1", "callbackNumbers": [CUSTOMER],
            "callbackScheduledTime": iso(dt.timedelta(hours=1)),
            "data": {"originatingConversationId": origin}})

    status, body = from_conversation(conv["id"])
    assert status == 200, body
    status, err = from_conversation(conv["id"])  # CB-SINGLE
    assert 400 <= status < 500, err
    # a conversation the sandbox does not hold is the client's: CB-SINGLE only
    status, body = from_conversation("unknown-conversation")
    assert status == 200, body
    status, err = from_conversation("unknown-conversation")
    assert 400 <= status < 500, err
    # a chosen id, once
    body = {"id": "call-42", "ani": CUSTOMER, "queueId": "queue-1"}
    assert s.call("POST", "/sandbox/conversations", tok, body)[0] == 200
    status, err = s.call("POST", "/sandbox/conversations", tok, body)
    assert status == 409 and err["code"] == "conversation.exists"
    assert s.call("POST", "/sandbox/conversations", tok, {"mediaType": "fax"})[0] == 400
    assert s.call("POST", "/sandbox/conversations", "bad", body)[0] == 401
    assert s.call("GET", "/sandbox/conversations", tok)[0] == 405
