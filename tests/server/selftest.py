#!/usr/bin/python3
"""Self-test of gcserver.py: starts it, exercises every endpoint and fault kind, exits 0 on success.

Run: /usr/bin/python3 tests/server/selftest.py
"""

import base64
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GCSERVER = os.path.join(HERE, "gcserver.py")
CALLBACKS = "/api/v2/conversations/callbacks"
BASIC = "Basic " + base64.b64encode(b"test-client:test-secret").decode()
T0_MS = 1795255200000  # 2026-11-21T10:00:00.000Z
DAY_MS = 86_400_000


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


class Server:
    """A gcserver.py subprocess and the calls the checks make to it."""

    def __init__(self, *args, tls_ca=None):
        self.proc = subprocess.Popen(["/usr/bin/python3", GCSERVER, *args], stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        check(line.startswith("PORT ") and line.endswith("\n"), f"first line is 'PORT <n>': {line!r}")
        self.port = int(line.split()[1])
        self.tls = None
        if tls_ca is not None:
            self.tls = ssl.create_default_context(cafile=tls_ca)
        self.token = None

    def connection(self):
        if self.tls is not None:
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10, context=self.tls)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def request(self, method, path, body=None, headers=None, conn=None):
        """(status, response, body bytes); a new connection unless conn is given."""
        c = conn or self.connection()
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        return r.status, r, data

    def get_token(self):
        status, _, data = self.request("POST", "/oauth/token", "grant_type=client_credentials",
                                       {"Authorization": BASIC,
                                        "Content-Type": "application/x-www-form-urlencoded"})
        check(status == 200, f"token issued ({status})")
        self.token = json.loads(data)["access_token"]
        return self.token

    def api_headers(self):
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}

    def api(self, method, path, doc=None, conn=None):
        """(status, JSON document or None, response) of an authorised API call."""
        body = None if doc is None else json.dumps(doc)
        status, r, data = self.request(method, path, body, self.api_headers(), conn)
        return status, (json.loads(data) if data else None), r

    def control(self, method, path, doc=None):
        status, _, data = self.request(method, path, None if doc is None else json.dumps(doc))
        check(status == 200, f"control {method} {path} ({status}: {data[:200]!r})")
        return json.loads(data)

    def fault(self, **rule):
        self.control("POST", "/_test/faults", {"faults": [rule]})

    def count(self):
        return self.control("GET", "/_test/callbacks")["count"]

    def raw_request(self, method, path, doc):
        """A connected socket after sending one API request."""
        body = json.dumps(doc).encode()
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_hostname="127.0.0.1")
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
        sock.sendall(head.encode() + body)
        return sock

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=5)
        check(code == 0, f"exit status 0 on SIGTERM ({code})")


def read_until_closed(sock):
    """Everything the server sent, and whether the connection ended with a reset."""
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data, False
            data += chunk
    except ConnectionResetError:
        return data, True
    finally:
        sock.close()


def new_callback(**extra):
    doc = {"callbackNumbers": ["+33142685300"], "queueId": "q1", "callbackScheduledTime": iso(T0_MS + DAY_MS)}
    doc.update(extra)
    return doc


def check_error(status, doc, want_status, want_code, what):
    check(status == want_status, f"{what}: status {want_status} (got {status}: {doc})")
    check(doc["code"] == want_code, f"{what}: code {want_code} (got {doc['code']})")
    check(set(doc) == {"message", "code", "status", "messageParams", "contextId", "details", "errors"}
          and doc["status"] == want_status, f"{what}: Genesys error body shape")


def test_oauth(s):
    status, _, data = s.request("POST", "/oauth/token", "grant_type=client_credentials",
                                {"Authorization": "Basic " + base64.b64encode(b"test-client:wrong").decode()})
    check(status == 401 and json.loads(data)["error"] == "invalid_client", "bad secret: 401 invalid_client")
    status, _, data = s.request("POST", "/oauth/token", "grant_type=password", {"Authorization": BASIC})
    check(status == 400 and json.loads(data)["error"] == "unsupported_grant_type", "bad grant: 400")
    token = s.get_token()
    check(token.startswith("sbx-"), "token prefix")
    s.token = "sbx-0000"
    status, doc, _ = s.api("GET", CALLBACKS + "/x")
    check_error(status, doc, 401, "bad.credentials", "unknown token")
    s.token = token


def test_callbacks(s):
    s.control("POST", "/_test/clock", {"now_ms": T0_MS})
    owned = new_callback(callbackUserName="Ana", data={"notes": "hi"}, routingData={
        "queueId": "q1", "routingFlags": ["AGENT_OWNED_CALLBACK"],
        "scoredAgents": [{"agent": {"id": "a1"}, "score": 100}]})
    del owned["queueId"]  # the queue comes from routingData
    status, doc, _ = s.api("POST", CALLBACKS, owned)
    check(status == 200, f"create: 200 ({status} {doc})")
    cid = doc["conversation"]["id"]
    check(doc["conversation"]["selfUri"] == f"{CALLBACKS}/{cid}", "create: selfUri")
    check([i["type"] for i in doc["callbackIdentifiers"]] == ["EXTERNAL", "ACD"], "create: identifiers")
    idents = doc["callbackIdentifiers"]

    status, doc, _ = s.api("GET", f"{CALLBACKS}/{cid}")
    p = doc["participants"][0]
    check(status == 200 and doc["id"] == cid, "get: 200")
    check(p["state"] == "connected" and p["user"]["id"] == "a1" and p["queue"]["id"] == "q1"
          and p["attributes"] == {"notes": "hi"} and p["callbackUserName"] == "Ana"
          and p["callbackScheduledTime"] == iso(T0_MS + DAY_MS), f"get: participant fields {p}")
    check(p["someFutureField"] == {"x": 1} and p["mediaRoles"] == ["future-role"]
          and p["flaggedReason"] == "newReasonFromTheFuture", "get: unknown field and enum values")

    # Business errors.
    status, doc, _ = s.api("POST", CALLBACKS, new_callback(callbackNumbers=[]))
    check_error(status, doc, 400, "callback.error.missing.callback.numbers", "empty callbackNumbers")
    no_queue = new_callback()
    del no_queue["queueId"]
    status, doc, _ = s.api("POST", CALLBACKS, no_queue)
    check_error(status, doc, 400, "callback.error.missing.queue.id", "no queue")
    status, doc, _ = s.api("POST", CALLBACKS, new_callback(callbackScheduledTime=iso(T0_MS + 31 * DAY_MS)))
    check_error(status, doc, 400, "callback.error.scheduled.time.too.far.in.future", "31 days ahead")
    status, _, _ = s.api("POST", CALLBACKS, new_callback(callbackScheduledTime=iso(T0_MS + 30 * DAY_MS)))
    check(status == 200, "30 days ahead accepted")

    # Contract violations.
    check(len(s.control("GET", "/_test/violations")["violations"]) == 0, "no violation yet")
    misspelt = new_callback()
    misspelt["callbackNumber"] = misspelt.pop("callbackNumbers")
    status, doc, _ = s.api("POST", CALLBACKS, misspelt)
    check_error(status, doc, 400, "bad.request", "misspelt field")
    check("callbackNumber" in doc["message"], f"misspelt field named: {doc['message']}")
    status, doc, _ = s.api("POST", CALLBACKS, new_callback(callbackScheduledTime="2026-11-22T10:00:00Z"))
    check_error(status, doc, 400, "bad.request", "time without milliseconds")
    status, _, data = s.request("POST", CALLBACKS, json.dumps(new_callback()),
                                {"Authorization": f"Bearer {s.token}", "Content-Type": "text/plain"})
    check(status == 415, "wrong Content-Type: 415")
    violations = s.control("GET", "/_test/violations")["violations"]
    check(len(violations) == 3 and violations[0]["path"] == CALLBACKS
          and "callbackNumber" in violations[0]["body"], f"violations recorded: {violations}")

    # Reschedule.
    status, doc, _ = s.api("PATCH", CALLBACKS, {"conversationId": cid, "agentId": "a2",
                                                "callbackScheduledTime": iso(T0_MS + 2 * DAY_MS)})
    check(status == 200 and doc["conversation"]["id"] == cid and doc["callbackIdentifiers"] == idents, "patch: 200")
    status, doc, _ = s.api("GET", f"{CALLBACKS}/{cid}")
    p = doc["participants"][0]
    check(p["callbackScheduledTime"] == iso(T0_MS + 2 * DAY_MS) and p["user"]["id"] == "a2", "patch applied")
    status, doc, _ = s.api("PATCH", CALLBACKS, {"conversationId": cid})
    check_error(status, doc, 400, "bad.request", "patch without agentId")
    status, doc, _ = s.api("PATCH", CALLBACKS, {"conversationId": "nope", "agentId": "a1"})
    check_error(status, doc, 404, "not.found", "patch unknown")
    status, doc, _ = s.api("PATCH", CALLBACKS, {"conversationId": cid, "agentId": "a1",
                                                "callbackScheduledTime": iso(T0_MS + 40 * DAY_MS)})
    check_error(status, doc, 400, "callback.error.scheduled.time.too.far.in.future", "patch too far")

    # Cancel with the bare body.
    status, doc, _ = s.api("PATCH", f"{CALLBACKS}/{cid}", {"state": "connected"})
    check_error(status, doc, 400, "bad.request", "disconnect with another state")
    status, doc, _ = s.api("PATCH", f"{CALLBACKS}/{cid}", {"state": "disconnected"})
    check(status == 200 and doc["participants"][0]["state"] == "disconnected", "disconnect: 200")
    status, doc, _ = s.api("PATCH", CALLBACKS, {"conversationId": cid, "agentId": "a1"})
    check_error(status, doc, 400, "callback.error.already.disconnected", "patch after disconnect")
    status, doc, _ = s.api("PATCH", f"{CALLBACKS}/nope", {"state": "disconnected"})
    check_error(status, doc, 404, "not.found", "disconnect unknown")

    # Bulk disconnect.
    pairs = []
    for _ in range(2):
        _, doc, _ = s.api("POST", CALLBACKS, new_callback())
        pairs.append({"conversationId": doc["conversation"]["id"], "callbackId": doc["callbackIdentifiers"][1]["id"]})
    status, r, data = s.request("POST", CALLBACKS + "/bulk/disconnect",
                                json.dumps({"callbackDisconnectIdentifiers": pairs}), s.api_headers())
    check(status == 202 and data == b"" and r.getheader("Content-Length") == "0", "bulk disconnect: 202, empty")
    states = {cb["id"]: cb["state"] for cb in s.control("GET", "/_test/callbacks")["callbacks"]}
    check(all(states[p["conversationId"]] == "disconnected" for p in pairs), "bulk disconnect applied")

    # Routing.
    status, doc, _ = s.api("GET", f"{CALLBACKS}/nope")
    check_error(status, doc, 404, "not.found", "get unknown")
    status, doc, _ = s.api("GET", "/api/v2/users/me")
    check_error(status, doc, 404, "not.found", "unknown path")
    status, doc, r = s.api("DELETE", CALLBACKS)
    check_error(status, doc, 405, "method.not.allowed", "wrong method")
    check(r.getheader("Allow") == "POST, PATCH", "405 Allow header")

    # Revoked tokens.
    s.control("POST", "/_test/expire-tokens")
    status, doc, _ = s.api("GET", f"{CALLBACKS}/{cid}")
    check_error(status, doc, 401, "bad.credentials", "revoked token")
    s.get_token()


def test_connections(s):
    s.control("POST", "/_test/reset")
    s.get_token()
    before = s.control("GET", "/_test/stats")
    check(before["tokens_issued"] == 1 and before["requests"] == 1 and before["connections"] == 1,
          f"stats after reset and one token ({before})")
    conn = s.connection()
    for _ in range(2):
        status, _, _ = s.api("POST", CALLBACKS, new_callback(), conn=conn)
        check(status == 200, "keep-alive create")
    conn.close()
    after = s.control("GET", "/_test/stats")
    check(after["requests"] == 3 and after["connections"] == 2,
          f"stats: two requests on one keep-alive connection ({after})")
    check(after["connections_accepted"] > after["connections"], "control connections are not counted")
    log = s.control("GET", "/_test/requests")["requests"]
    check([(r["method"], r["path"]) for r in log] == [("POST", "/oauth/token")] + [("POST", CALLBACKS)] * 2
          and log[1]["headers"]["Authorization"] == f"Bearer {s.token}" and "+33142685300" in log[1]["body"],
          "request log")


def test_faults(s):
    s.control("POST", "/_test/reset")
    s.get_token()

    s.fault(match=f"POST {CALLBACKS}", kind="delay", ms=200)
    start = time.monotonic()
    status, _, _ = s.api("POST", CALLBACKS, new_callback())
    check(status == 200 and time.monotonic() - start >= 0.2 and s.count() == 1, "delay: late, applied")

    s.fault(match=f"POST {CALLBACKS}", kind="status", status=503, retry_after="2", times=2)
    for _ in range(2):
        status, doc, r = s.api("POST", CALLBACKS, new_callback())
        check_error(status, doc, 503, "service.unavailable", "status fault")
        check(r.getheader("Retry-After") == "2", "status fault: Retry-After")
    check(s.count() == 1, "status fault: not applied")
    s.fault(match=f"POST {CALLBACKS}", kind="status", status=429, body={"message": "slow down"})
    status, doc, _ = s.api("POST", CALLBACKS, new_callback())
    check(status == 429 and doc == {"message": "slow down"}, "status fault with a body")
    status, _, _ = s.api("POST", CALLBACKS, new_callback())
    check(status == 200 and s.count() == 2, "faults consumed")

    s.fault(match="GET /api/v2/conversations", kind="status", status=500)
    status, _, _ = s.api("POST", CALLBACKS, new_callback())
    check(status == 200, "a GET rule ignores POST")
    status, doc, _ = s.api("GET", f"{CALLBACKS}/nope")
    check_error(status, doc, 500, "internal.server.error", "path prefix match")

    s.fault(match=f"POST {CALLBACKS}", kind="reset_before")
    before = s.count()
    data, reset = read_until_closed(s.raw_request("POST", CALLBACKS, new_callback()))
    check(data == b"" and reset, f"reset_before: RST without an answer ({data[:60]!r}, reset={reset})")
    check(s.count() == before, "reset_before: not applied")

    s.fault(match=f"POST {CALLBACKS}", kind="reset_after")
    data, reset = read_until_closed(s.raw_request("POST", CALLBACKS, new_callback()))
    head, _, body = data.partition(b"\r\n\r\n")
    length = int([h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:")][0].split(b":")[1])
    check(head.startswith(b"HTTP/1.1 200") and 0 < len(body) < length and reset,
          f"reset_after: status, headers, half the body, RST ({len(body)}/{length}, reset={reset})")
    check(s.count() == before + 1, "reset_after: applied")

    s.fault(match=f"POST {CALLBACKS}", kind="truncate")
    try:
        s.api("POST", CALLBACKS, new_callback())
        check(False, "truncate: incomplete read")
    except http.client.IncompleteRead as e:
        check(len(e.partial) > 0 and e.expected > 0, "truncate: part of the body")
    check(s.count() == before + 2, "truncate: applied")

    s.fault(match=f"POST {CALLBACKS}", kind="malformed")
    status, _, data = s.request("POST", CALLBACKS, json.dumps(new_callback()), s.api_headers())
    check(status == 200 and data == b'{"conversation": {"id": ', "malformed: 200 with broken JSON")
    check(s.count() == before + 3, "malformed: applied")

    s.fault(match=f"POST {CALLBACKS}", kind="huge", bytes=2 * 1024 * 1024)
    status, doc, _ = s.api("POST", CALLBACKS, new_callback())
    check(status == 200 and "id" in doc["conversation"] and len(json.dumps(doc)) >= 2 * 1024 * 1024 - 8,
          "huge: a 2 MiB valid document with the real fields")
    s.fault(match=f"GET {CALLBACKS}/", kind="huge")
    start = time.monotonic()
    status, _, data = s.request("GET", f"{CALLBACKS}/{doc['conversation']['id']}", None, s.api_headers())
    elapsed = time.monotonic() - start
    check(status == 200 and len(data) == 50 * 1024 * 1024 and json.loads(data)["participants"],
          f"huge: 50 MiB by default ({len(data)})")
    check(elapsed < 2, f"huge: 50 MiB in under 2 s ({elapsed:.2f} s)")
    check(s.count() == before + 4, "huge: applied")

    s.fault(match=f"POST {CALLBACKS}", kind="drip", interval_ms=10, chunk=64)
    start = time.monotonic()
    status, _, data = s.request("POST", CALLBACKS, json.dumps(new_callback()), s.api_headers())
    elapsed = time.monotonic() - start
    check(status == 200 and json.loads(data)["conversation"], "drip: complete response")
    check(elapsed >= 0.01 * (len(data) // 64), f"drip: slow ({elapsed:.2f} s)")
    check(s.count() == before + 5, "drip: applied")

    s.fault(match=f"POST {CALLBACKS}", kind="close_after")
    conn = s.connection()
    status, _, r = s.api("POST", CALLBACKS, new_callback(), conn=conn)
    check(status == 200 and r.getheader("Connection") == "close" and r.will_close, "close_after: Connection: close")
    check(s.count() == before + 6, "close_after: applied")
    conn.close()

    status, _, data = s.request("POST", "/_test/faults", json.dumps({"faults": [{"match": "POST", "kind": "x"}]}))
    check(status == 400, "invalid fault rule: 400")


def make_certificate(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def test_tls():
    with tempfile.TemporaryDirectory() as d:
        cert, key = make_certificate(d)
        s = Server("--tls-cert", cert, "--tls-key", key, tls_ca=cert)
        try:
            s.get_token()
            status, _, _ = s.api("POST", CALLBACKS, new_callback())
            check(status == 200, "TLS: create")
            s.fault(match=f"POST {CALLBACKS}", kind="reset_before")
            try:
                data, _ = read_until_closed(s.raw_request("POST", CALLBACKS, new_callback()))
                check(data == b"", "TLS reset_before: no answer")
            except (ssl.SSLError, ConnectionResetError):
                pass
        finally:
            s.stop()


def main():
    start = time.monotonic()
    s = Server()
    try:
        for test in (test_oauth, test_callbacks, test_connections, test_faults):
            test(s)
        s.stop()
        tls = "tls ok"
        if shutil.which("openssl"):
            test_tls()
        else:
            tls = "tls skipped (no openssl)"
    except Failure as e:
        print(f"gcserver selftest: FAIL: {e}")
        return 1
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
    print(f"gcserver selftest: ok (oauth, callbacks, connections, 9 fault kinds, {tls}) "
          f"in {time.monotonic() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
