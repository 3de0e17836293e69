#!/usr/bin/python3
"""Local stand-in for the Genesys Cloud Platform API v2 (callbacks subset) used by the test suite.

It issues OAuth client-credentials tokens, keeps callbacks in memory, checks every request body
against tests/server/schema/genesys-requests.json (a mismatch is answered 400 and recorded as a
violation) and can inject faults: delays, error statuses, connection resets, truncated, malformed,
huge and slow responses.  Test-control endpoints under /_test/ need no token and are never faulted.

It binds 127.0.0.1 only, prints "PORT <n>" on stdout once it listens, logs to stderr only when
--verbose, and exits 0 on SIGTERM or SIGINT.  Run it with Debian's /usr/bin/python3 (it needs
python3-jsonschema).
"""

import argparse
import base64
import binascii
import datetime
import http
import http.server
import json
import os
import secrets
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import uuid

import jsonschema

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema", "genesys-requests.json")

CALLBACKS = "/api/v2/conversations/callbacks"
BULK_DISCONNECT = CALLBACKS + "/bulk/disconnect"
TOKEN_PATH = "/oauth/token"
CONTROL_PREFIX = "/_test/"

DAY_MS = 86_400_000
HUGE_DEFAULT_BYTES = 50 * 1024 * 1024
STREAM_BLOCK = 1024 * 1024

# Genesys error code sent with each status when nothing more specific applies.
STATUS_CODES = {
    400: "bad.request",
    401: "bad.credentials",
    404: "not.found",
    405: "method.not.allowed",
    415: "unsupported.media.type",
    429: "too.many.requests",
    500: "internal.server.error",
    502: "bad.gateway",
    503: "service.unavailable",
    504: "gateway.timeout",
}

FAULT_KINDS = ("delay", "status", "reset_before", "reset_after", "truncate", "malformed", "huge", "drip",
               "close_after")


def error_doc(status, code, message):
    """A Genesys error body."""
    return {"message": message, "code": code, "status": status, "messageParams": {},
            "contextId": str(uuid.uuid4()), "details": [], "errors": []}


def format_ms(ms):
    """Epoch milliseconds as yyyy-MM-ddTHH:mm:ss.SSSZ."""
    t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


class Response:
    """Status, JSON document (None: empty body) and extra headers; raw replaces the JSON body."""

    def __init__(self, status, doc=None, headers=None, raw=None):
        self.status = status
        self.doc = doc
        self.headers = headers or {}
        self.raw = raw

    def payload(self):
        if self.raw is not None:
            return self.raw
        return b"" if self.doc is None else json.dumps(self.doc).encode()


class ApiError(Exception):
    """Raised by a request handler; becomes a Genesys error response."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.response = Response(status, error_doc(status, code, message), headers)


class State:
    """Everything the server remembers; every access holds self.lock."""

    def __init__(self, token_ttl, horizon_days):
        self.lock = threading.Lock()
        self.token_ttl = token_ttl
        self.horizon_days = horizon_days
        self.generation = 0
        self.clear()

    def clear(self):
        self.tokens = {}              # access token -> expiry (time.monotonic())
        self.tokens_issued = 0
        self.callbacks = {}           # conversation id -> record, in creation order
        self.faults = []              # pending rules, in the order they were added
        self.requests = []            # API and OAuth requests, in arrival order
        self.violations = []
        self.connections = 0          # connections that carried an API or OAuth request
        self.connections_accepted = 0
        self.clock_ms = None          # None: real time
        # Connections counted before a reset are counted again when they carry a request after it.
        self.generation += 1

    def now_ms(self):
        return self.clock_ms if self.clock_ms is not None else int(time.time() * 1000)


def callback_ref(cb):
    """CreateCallbackResponse / PatchCallbackResponse."""
    return {"conversation": {"id": cb["id"], "selfUri": f"{CALLBACKS}/{cb['id']}"},
            "callbackIdentifiers": cb["callbackIdentifiers"]}


def callback_conversation(cb):
    """CallbackConversation.  Deliberately carries an unknown field (someFutureField), an unknown
    media role and an unknown flaggedReason value: clients must tolerate what newer servers send."""
    participant = {
        "id": cb["callbackIdentifiers"][0]["id"],
        "purpose": "customer",
        "state": cb["state"],
        "direction": "outbound",
        "callbackNumbers": cb["callbackNumbers"],
        "callbackScheduledTime": cb["callbackScheduledTime"],
        "queue": {"id": cb["queueId"], "selfUri": f"/api/v2/routing/queues/{cb['queueId']}"},
        "attributes": cb["data"],
        "mediaRoles": ["future-role"],
        "flaggedReason": "newReasonFromTheFuture",
        "someFutureField": {"x": 1},
    }
    if cb["callbackUserName"] is not None:
        participant["callbackUserName"] = cb["callbackUserName"]
    if cb["agentId"] is not None:
        participant["user"] = {"id": cb["agentId"], "selfUri": f"/api/v2/users/{cb['agentId']}"}
    return {"id": cb["id"], "participants": [participant], "selfUri": f"{CALLBACKS}/{cb['id']}"}


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, args, ssl_context):
        self.verbose = args.verbose
        self.client_id = args.client_id
        self.client_secret = args.client_secret
        self.ssl_context = ssl_context
        self.state = State(args.token_ttl, args.horizon_days)
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        self.definitions = schema["definitions"]
        super().__init__(("127.0.0.1", args.port), Handler)

    def server_bind(self):
        # HTTPServer.server_bind would resolve the host name, which is useless here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        sock, addr = super().get_request()
        if self.ssl_context is not None:
            # The handshake runs in the connection's own thread (Handler.setup), not in the accept loop.
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        if not self.verbose:
            return
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, ssl.SSLError)):
            # Clients that hang up, reset or fail the TLS handshake are routine here.
            sys.stderr.write(f"gcserver: {client_address[0]}: {error!r}\n")
        else:
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "gcserver/1"

    # --- connection and framing ---------------------------------------------------------------

    def setup(self):
        if self.server.ssl_context is not None:
            self.request.do_handshake()
        super().setup()
        self.state = self.server.state
        self.counted_generation = None
        with self.state.lock:
            self.state.connections_accepted += 1

    def log_message(self, format, *args):
        if self.server.verbose:
            sys.stderr.write(f"gcserver: {self.address_string()} {format % args}\n")

    def do_GET(self):
        self.serve()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

    def read_body(self):
        """The request body (Content-Length or chunked), or None after answering a framing error."""
        try:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                return self.read_chunked()
            length = int(self.headers.get("Content-Length", "0"))
            if length < 0:
                raise ValueError(length)
            return self.rfile.read(length)
        except ValueError:
            self.close_connection = True
            self.send(Response(400, error_doc(400, "bad.request", "malformed request body framing")))
            return None

    def read_chunked(self):
        parts = []
        while True:
            size = int(self.rfile.readline(1024).split(b";")[0], 16)
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailer fields
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def head(self, response, length):
        """Status line and headers of a response whose body is length bytes."""
        try:
            reason = http.HTTPStatus(response.status).phrase
        except ValueError:
            reason = "Status"
        lines = [f"HTTP/1.1 {response.status} {reason}",
                 f"Server: {self.version_string()}",
                 f"Date: {self.date_time_string()}",
                 f"Content-Length: {length}"]
        if length:
            lines.append("Content-Type: application/json")
        lines += [f"{k}: {v}" for k, v in response.headers.items()]
        if self.close_connection and "Connection" not in response.headers:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def send(self, response):
        payload = response.payload()
        self.wfile.write(self.head(response, len(payload)) + payload)
        self.log_message("%s %s -> %d", self.command, self.path, response.status)

    def abort(self):
        """Drop the connection with a TCP RST: SO_LINGER {on, 0} makes close() discard it."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # releases the reference that would keep close() from closing the socket
        self.connection.close()

    # --- dispatch -----------------------------------------------------------------------------

    def serve(self):
        path = urllib.parse.urlsplit(self.path).path
        raw = self.read_body()
        if raw is None:
            return
        if path.startswith(CONTROL_PREFIX):
            self.send(self.control(path, raw))
            return
        rule = self.arrive(path, raw)
        if rule is None:
            self.send(self.api(path, raw))
            return
        self.log_message("%s %s: fault %s", self.command, self.path, rule["kind"])
        getattr(self, "fault_" + rule["kind"])(rule["params"], path, raw)

    def arrive(self, path, raw):
        """Log an API or OAuth request, count its connection, and take the fault rule it fires."""
        with self.state.lock:
            st = self.state
            st.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                                "body": raw.decode("utf-8", "replace")})
            if self.counted_generation != st.generation:
                self.counted_generation = st.generation
                st.connections += 1
            for rule in st.faults:
                if rule["method"] == self.command and path.startswith(rule["prefix"]):
                    rule["times"] -= 1
                    if rule["times"] == 0:
                        st.faults.remove(rule)
                    return rule
        return None

    def api(self, path, raw):
        """Handle an OAuth or API request as the real service would."""
        try:
            return self.route(path, raw)()
        except ApiError as e:
            return e.response

    def route(self, path, raw):
        """The handler, bound to its arguments, of this method on this path; raises 401, 404 or 405."""
        conversation_id = path[len(CALLBACKS) + 1:] if path.startswith(CALLBACKS + "/") else ""
        if path == TOKEN_PATH:
            methods = {"POST": lambda: self.issue_token(raw)}
        elif not path.startswith("/api/v2/"):
            raise ApiError(404, "not.found", f"{path} not found")
        else:
            self.authorize()
            if path == CALLBACKS:
                methods = {"POST": lambda: self.create_callback(raw), "PATCH": lambda: self.patch_callback(raw)}
            elif path == BULK_DISCONNECT:
                methods = {"POST": lambda: self.bulk_disconnect(raw)}
            elif conversation_id and "/" not in conversation_id:
                methods = {"GET": lambda: self.get_callback(conversation_id),
                           "PATCH": lambda: self.disconnect_callback(conversation_id, raw)}
            else:
                raise ApiError(404, "not.found", f"{path} not found")
        if self.command not in methods:
            raise ApiError(405, "method.not.allowed", f"{self.command} is not allowed on {path}",
                           {"Allow": ", ".join(methods)})
        return methods[self.command]

    # --- OAuth --------------------------------------------------------------------------------

    def issue_token(self, raw):
        scheme, _, credentials = self.headers.get("Authorization", "").partition(" ")
        client = None
        if scheme.lower() == "basic":
            try:
                client = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                pass
        if client != f"{self.server.client_id}:{self.server.client_secret}":
            return Response(401, {"error": "invalid_client", "description": "client authentication failed"},
                            {"WWW-Authenticate": 'Basic realm="gcserver"'})
        form = urllib.parse.parse_qs(raw.decode("utf-8", "replace"))
        if form.get("grant_type") != ["client_credentials"]:
            return Response(400, {"error": "unsupported_grant_type",
                                  "description": "grant_type must be client_credentials"})
        token = "sbx-" + secrets.token_hex(16)
        with self.state.lock:
            self.state.tokens[token] = time.monotonic() + self.state.token_ttl
            self.state.tokens_issued += 1
            ttl = self.state.token_ttl
        return Response(200, {"access_token": token, "token_type": "bearer", "expires_in": ttl})

    def authorize(self):
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        with self.state.lock:
            expiry = self.state.tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if expiry is None or expiry <= time.monotonic():
            raise ApiError(401, "bad.credentials", "Invalid login credentials.")

    # --- request bodies -----------------------------------------------------------------------

    def violation(self, raw, message, status=400, code="bad.request"):
        """Record a contract violation; returns the error that fails the request."""
        with self.state.lock:
            self.state.violations.append({"method": self.command, "path": self.path, "error": message,
                                          "body": raw.decode("utf-8", "replace")})
        return ApiError(status, code, message)

    def body(self, raw, definition):
        """The JSON body, validated against a definition of the schema."""
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise self.violation(raw, f"Content-Type must be application/json, not '{media_type}'",
                                 415, "unsupported.media.type")
        try:
            doc = json.loads(raw)
        except ValueError as e:
            raise self.violation(raw, f"invalid JSON: {e}")
        # A validator per request: its reference resolver keeps state, so threads must not share one.
        validator = jsonschema.Draft7Validator({"$ref": f"#/definitions/{definition}",
                                                "definitions": self.server.definitions})
        error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
        if error is not None:
            raise self.violation(raw, f"{error.message} (at {error.json_path})")
        return doc

    def scheduled_ms(self, raw, text):
        """callbackScheduledTime (already shaped by the schema's pattern) in epoch milliseconds."""
        try:
            t = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
        except ValueError:
            raise self.violation(raw, f"callbackScheduledTime '{text}' is not a valid date-time")
        return int(t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)

    def check_horizon(self, scheduled_ms):
        """Call with the lock held."""
        if scheduled_ms - self.state.now_ms() > self.state.horizon_days * DAY_MS:
            raise ApiError(400, "callback.error.scheduled.time.too.far.in.future",
                           "Callback is scheduled too far in the future.")

    # --- callbacks ----------------------------------------------------------------------------

    def create_callback(self, raw):
        cmd = self.body(raw, "CreateCallbackCommand")
        # A missing callbackNumbers is already a schema violation (it is required); an empty list is not.
        if not cmd["callbackNumbers"]:
            raise ApiError(400, "callback.error.missing.callback.numbers", "Callback numbers missing")
        routing = cmd.get("routingData", {})
        queue_id = cmd.get("queueId") or routing.get("queueId")
        if not queue_id:
            raise ApiError(400, "callback.error.missing.queue.id", "Callback missing queue ID")
        when = cmd.get("callbackScheduledTime")
        scheduled = self.scheduled_ms(raw, when) if when is not None else None
        # The user shown on the participant: the scored (owning) agent, else the first preferred one.
        scored = [a["agent"]["id"] for a in routing.get("scoredAgents", []) if "id" in a.get("agent", {})]
        agent_id = (scored + routing.get("preferredAgentIds", []) + [None])[0]
        with self.state.lock:
            if scheduled is not None:
                self.check_horizon(scheduled)
            conversation_id = str(uuid.uuid4())
            cb = {
                "id": conversation_id,
                "state": "connected",
                "queueId": queue_id,
                "callbackNumbers": cmd["callbackNumbers"],
                "callbackScheduledTime": format_ms(scheduled if scheduled is not None else self.state.now_ms()),
                "callbackUserName": cmd.get("callbackUserName"),
                "data": cmd.get("data", {}),
                "agentId": agent_id,
                "agentOwned": "AGENT_OWNED_CALLBACK" in routing.get("routingFlags", []),
                "request": cmd,
                "callbackIdentifiers": [{"type": "EXTERNAL", "id": str(uuid.uuid4())},
                                        {"type": "ACD", "id": str(uuid.uuid4())}],
                "patches": 0,
                "disconnects": 0,
            }
            self.state.callbacks[conversation_id] = cb
            return Response(200, callback_ref(cb))

    def patch_callback(self, raw):
        req = self.body(raw, "PatchCallbackRequest")
        when = req.get("callbackScheduledTime")
        scheduled = self.scheduled_ms(raw, when) if when is not None else None
        with self.state.lock:
            cb = self.state.callbacks.get(req["conversationId"])
            if cb is None:
                raise ApiError(404, "not.found", f"conversation {req['conversationId']} not found")
            # The real code for this case is not documented; this one is our choice.
            if cb["state"] == "disconnected":
                raise ApiError(400, "callback.error.already.disconnected", "The callback is already disconnected.")
            if req.get("callbackNumbers") == []:
                raise ApiError(400, "callback.error.missing.callback.numbers", "Callback numbers missing")
            if scheduled is not None:
                self.check_horizon(scheduled)
                cb["callbackScheduledTime"] = format_ms(scheduled)
            for field in ("queueId", "callbackNumbers"):
                if field in req:
                    cb[field] = req[field]
            cb["agentId"] = req["agentId"]
            cb["patches"] += 1
            return Response(200, callback_ref(cb))

    def get_callback(self, conversation_id):
        with self.state.lock:
            cb = self.state.callbacks.get(conversation_id)
            if cb is None:
                raise ApiError(404, "not.found", f"conversation {conversation_id} not found")
            return Response(200, callback_conversation(cb))

    def disconnect_callback(self, conversation_id, raw):
        self.body(raw, "ConversationDisconnect")
        with self.state.lock:
            cb = self.state.callbacks.get(conversation_id)
            if cb is None:
                raise ApiError(404, "not.found", f"conversation {conversation_id} not found")
            cb["state"] = "disconnected"
            cb["disconnects"] += 1
            return Response(200, callback_conversation(cb))

    def bulk_disconnect(self, raw):
        req = self.body(raw, "BulkCallbackDisconnectRequest")
        with self.state.lock:
            # Accepted asynchronously, as the real service does: a pair that names no known callback
            # (callbackId must be one of the conversation's callbackIdentifiers) is silently skipped.
            for ident in req["callbackDisconnectIdentifiers"]:
                cb = self.state.callbacks.get(ident["conversationId"])
                if cb is not None and any(i["id"] == ident["callbackId"] for i in cb["callbackIdentifiers"]):
                    cb["state"] = "disconnected"
                    cb["disconnects"] += 1
        return Response(202)

    # --- faults -------------------------------------------------------------------------------

    def fault_delay(self, params, path, raw):
        time.sleep(params.get("ms", 0) / 1000)
        self.send(self.api(path, raw))

    def fault_status(self, params, path, raw):
        status = params.get("status", 503)
        doc = params["body"] if "body" in params else error_doc(status, STATUS_CODES.get(status, "error"),
                                                                 "Injected fault")
        headers = {"Retry-After": str(params["retry_after"])} if "retry_after" in params else {}
        self.send(Response(status, doc, headers))

    def fault_reset_before(self, params, path, raw):
        self.abort()

    def fault_reset_after(self, params, path, raw):
        response = self.api(path, raw)
        payload = response.payload()
        self.wfile.write(self.head(response, len(payload)) + payload[:len(payload) // 2])
        self.abort()

    def fault_truncate(self, params, path, raw):
        response = self.api(path, raw)
        payload = response.payload()
        self.close_connection = True
        self.wfile.write(self.head(response, len(payload)) + payload[:len(payload) // 2])

    def fault_malformed(self, params, path, raw):
        self.api(path, raw)
        self.send(Response(200, raw=b'{"conversation": {"id": '))

    def fault_huge(self, params, path, raw):
        """The real status and fields plus a "padding" string, about params["bytes"] in all, streamed."""
        response = self.api(path, raw)
        fields = json.dumps(response.doc)[1:-1] if isinstance(response.doc, dict) else ""
        prefix = b'{"padding":"'
        suffix = b'"' + (b"," + fields.encode() if fields else b"") + b"}"
        pad = max(0, params.get("bytes", HUGE_DEFAULT_BYTES) - len(prefix) - len(suffix))
        self.wfile.write(self.head(Response(response.status), len(prefix) + pad + len(suffix)) + prefix)
        block = b"x" * min(pad, STREAM_BLOCK)
        while pad > 0:
            n = min(pad, len(block))
            self.wfile.write(block[:n])
            pad -= n
        self.wfile.write(suffix)

    def fault_drip(self, params, path, raw):
        """The whole response, headers included, chunk bytes at a time, each after interval_ms."""
        response = self.api(path, raw)
        payload = response.payload()
        data = self.head(response, len(payload)) + payload
        interval = params.get("interval_ms", 100) / 1000
        chunk = max(1, params.get("chunk", 16))
        for i in range(0, len(data), chunk):
            time.sleep(interval)
            self.wfile.write(data[i:i + chunk])

    def fault_close_after(self, params, path, raw):
        self.close_connection = True
        self.send(self.api(path, raw))

    # --- test control -------------------------------------------------------------------------

    def control(self, path, raw):
        routes = {
            "/_test/faults": ("POST", self.ctl_faults),
            "/_test/requests": ("GET", self.ctl_requests),
            "/_test/callbacks": ("GET", self.ctl_callbacks),
            "/_test/violations": ("GET", self.ctl_violations),
            "/_test/stats": ("GET", self.ctl_stats),
            "/_test/reset": ("POST", self.ctl_reset),
            "/_test/expire-tokens": ("POST", self.ctl_expire_tokens),
            "/_test/clock": ("POST", self.ctl_clock),
        }
        if path not in routes:
            return Response(404, error_doc(404, "not.found", f"{path} not found"))
        method, handler = routes[path]
        if self.command != method:
            return Response(405, error_doc(405, "method.not.allowed", f"{self.command} is not allowed here"),
                            {"Allow": method})
        try:
            doc = json.loads(raw) if raw else {}
            with self.state.lock:
                # Serialised under the lock: the documents share lists and records with the state.
                return Response(200, raw=json.dumps(handler(doc)).encode())
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            return Response(400, error_doc(400, "bad.request", f"bad control request: {e!r}"))

    def ctl_faults(self, doc):
        """Append rules {"match": "METHOD /path-prefix", "kind": ..., "times": n, ...parameters}."""
        rules = []
        for r in doc["faults"]:
            method, prefix = r["match"].split()
            times = r.get("times", 1)
            numbers_ok = (all(isinstance(r.get(k, 0), int) for k in ("status", "bytes", "chunk"))
                          and all(isinstance(r.get(k, 0), (int, float)) for k in ("ms", "interval_ms")))
            if (r["kind"] not in FAULT_KINDS or not prefix.startswith("/") or not isinstance(times, int)
                    or times < 1 or not numbers_ok):
                raise ValueError(f"invalid fault rule {r}")
            rules.append({"method": method.upper(), "prefix": prefix, "kind": r["kind"], "times": times,
                          "params": r})
        self.state.faults += rules
        return {"pending": len(self.state.faults)}

    def ctl_requests(self, doc):
        return {"requests": self.state.requests}

    def ctl_callbacks(self, doc):
        cbs = list(self.state.callbacks.values())
        return {"callbacks": cbs, "count": len(cbs),
                "connected": sum(cb["state"] == "connected" for cb in cbs),
                "disconnected": sum(cb["state"] == "disconnected" for cb in cbs)}

    def ctl_violations(self, doc):
        return {"violations": self.state.violations}

    def ctl_stats(self, doc):
        st = self.state
        return {"tokens_issued": st.tokens_issued, "requests": len(st.requests), "connections": st.connections,
                "connections_accepted": st.connections_accepted}

    def ctl_reset(self, doc):
        self.state.clear()
        return {}

    def ctl_expire_tokens(self, doc):
        self.state.tokens.clear()
        return {}

    def ctl_clock(self, doc):
        """{"now_ms": N} freezes the server's clock at N; {"now_ms": null} returns to real time."""
        now = doc["now_ms"]
        if now is not None and not isinstance(now, int):
            raise TypeError("now_ms must be an integer or null")
        self.state.clock_ms = now
        return {"now_ms": self.state.now_ms()}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free port)")
    p.add_argument("--client-id", default="test-client")
    p.add_argument("--client-secret", default="test-secret")
    p.add_argument("--token-ttl", type=int, default=3600, help="access token lifetime, seconds")
    p.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate (needs --tls-key)")
    p.add_argument("--tls-key", help="PEM private key of --tls-cert")
    p.add_argument("--horizon-days", type=int, default=30,
                   help="how far ahead a callback may be scheduled, days")
    p.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = p.parse_args()
    if (args.tls_cert is None) != (args.tls_key is None):
        p.error("--tls-cert and --tls-key go together")
    return args


def main():
    args = parse_args()
    ssl_context = None
    if args.tls_cert is not None:
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(args.tls_cert, args.tls_key)
    server = Server(args, ssl_context)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    stop.wait()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
