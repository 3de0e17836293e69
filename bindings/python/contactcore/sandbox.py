"""A local sandbox of the Genesys Cloud API, served by the embedded engine.

Run it with::

    python3 -m contactcore.sandbox [--port N] [--host ADDR] [--store FILE]
                                   [--seed FILE] [--verbose]

and point a tool or SDK written for Genesys Cloud at the printed address
(both the API root and the login root).  The sandbox is the library's
embedded engine (``contactcore/engine.h``) behind a threaded
``http.server``; every request goes to ``lcc_engine_handle()``, which
answers with the Genesys Cloud JSON shapes, error bodies included:

- ``POST /oauth/token`` (HTTP Basic client credentials, any secret): a
  client id naming an agent of the directory logs in as that agent; any
  other client id gets an API-client token.  Tokens live as long as the
  process (a restart makes clients log in again, as a 401 tells them).
- ``/api/v2/conversations/callbacks``: create (POST), reschedule (PATCH),
  fetch (GET ``/{id}``), cancel (PATCH ``/{id}`` ``{"state":
  "disconnected"}``), bulk cancel (POST ``/bulk/disconnect``).
- ``GET /api/v2/conversations/callbacks`` (the list, answered by the
  sandbox itself from the engine's callbacks, since the engine only
  answers one callback at a time): ``{"entities": [CallbackConversation
  ...], "pageSize", "pageNumber", "total", "pageCount", "selfUri"}``.
  Query parameters: ``queueId``, ``agentId`` (scheduled by, owned by or
  offered to), ``state`` (scheduled, waiting, offered, connected, ended,
  cancelled), ``pageSize`` (1..1000, default 100), ``pageNumber`` (from 1).
- ``POST /sandbox/conversations`` (the sandbox's own, not a Genesys path;
  any valid token): records an interaction the cloud would have.  The
  engine checks the ``data.originatingConversationId`` that libcontactcore
  sends with every callback scheduled from a conversation: one it holds
  must be an ACD voice interaction (CB-ELIGIBLE; its queue for CB-QUEUE);
  one it does not hold is the client's own (CB-SINGLE only: one callback
  per origin).  Body ``{"id" (optional:
  one is made), "mediaType": "call" (callback, campaign_call, voicemail,
  message, email, social), "acd": true, "ani", "queueId", "agentId"}``;
  answer 200 with the same fields, 409 ``conversation.exists``, 400.
  Kept in the store.
- ``/api/v2/conversations/messages``: messages on behalf of a queue,
  agentless messages, social listening replies (see engine.h).
- ``/v1/...``: the Webex Contact Center task requests of engine.h
  (forwarded as they are; the sandbox seeds no entry points for them).

Every answer has ``Content-Type: application/json``.  On start the sandbox
prints one line ``sandbox listening on http://HOST:PORT`` to standard
output (``--port 0`` picks a free port: read it from that line) and logs
one line per request to standard error (method, path without its query,
status, size, duration: never a header, token or body).  SIGTERM or SIGINT
stops it cleanly: the engine and its store are closed.

State.  Callbacks, agents and queues are kept in the SQLite file of
``--store`` (default ``./sandbox.db``, created when missing): schedule,
reschedule and cancel are committed before they are answered, and a
restart on the same file brings everything back.  Message conversations,
provisioned SMS numbers, external contacts and agents' presence are kept in
memory only (engine.h).  Time is the real clock: callbacks fall due at
their scheduled time and are routed to available agents.

Directory.  On every start, the objects of the directory that the store
does not have yet are created (an object the store has is left as stored);
``--seed FILE`` replaces the built-in directory with a JSON document::

    {
      "agents": [{"id": "agent-1", "name": "Alex Agent",
                  "timeZone": "Europe/London",              (optional)
                  "permissions": ["conversation:callback:create"],
                  "roles": ["supervisor"],                  (optional)
                  "available": true}],   (optional: available and on queue
                                          at every start)
      "queues": [{"id": "queue-1", "name": "Support",
                  "members": ["agent-1"],
                  "agentsChooseCallbackQueue": false,       (optional)
                  "ownedCallbacks": {"enabled": true,       (optional)
                                     "scheduleOutLimitHours": 72,
                                     "ownershipWindowHours": 24}}],
      "smsNumbers": ["+14155550100"],     (agentless fromAddress numbers)
      "externalContacts": [{"id": "contact-1", "name": "Chris Customer",
                            "sms": ["+14155550123"], "whatsapp": []}],
      "threadingTimelineMs": 259200000    (optional)
    }

The built-in directory (``DEFAULT_DIRECTORY``): agents ``agent-1`` (Alex
Agent) and ``agent-2`` (Sam Agent), who may schedule callbacks and send
messages (``conversation:callback:*``, ``conversation:message:*``,
``conversation:socialmedia:*``, ``routing:queue:view``), and
``supervisor-1`` (Pat Supervisor, role ``supervisor``, the same
permissions); queue ``queue-1`` (Support; members agent-1, agent-2,
supervisor-1) and queue ``queue-2`` (Sales; member agent-1; agents may
choose the callback queue; agent-owned callbacks enabled, 72 h schedule-out
limit, 24 h ownership window); SMS number ``+14155550100`` for agentless
messages.  Agents start offline, so callbacks wait in their queue when due.

Exit status: 0 after a clean stop; 1 when the library, the store or the
address cannot be used; 2 for a bad command line or seed file.

The library is loaded by ``contactcore._native`` (``LIBCONTACTCORE`` names
the shared object; see ``contactcore._loader`` for the other places tried).
Only that low-level ctypes layer is used.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import signal
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

__all__ = ["DEFAULT_DIRECTORY", "Sandbox", "SandboxError", "main"]

CALLBACKS = "/api/v2/conversations/callbacks"
CONVERSATIONS = "/sandbox/conversations"
MAX_BODY = 16 * 1024 * 1024

_CALLBACK_PERMS = ["conversation:callback:*", "conversation:message:*",
                   "conversation:socialmedia:*", "routing:queue:view"]

#: The directory created on first start when no --seed file is given.
DEFAULT_DIRECTORY: dict = {
    "agents": [
        {"id": "agent-1", "name": "Alex Agent", "permissions": _CALLBACK_PERMS},
        {"id": "agent-2", "name": "Sam Agent", "permissions": _CALLBACK_PERMS},
        {"id": "supervisor-1", "name": "Pat Supervisor", "permissions": _CALLBACK_PERMS,
         "roles": ["supervisor"]},
    ],
    "queues": [
        {"id": "queue-1", "name": "Support",
         "members": ["agent-1", "agent-2", "supervisor-1"]},
        {"id": "queue-2", "name": "Sales", "members": ["agent-1"],
         "agentsChooseCallbackQueue": True,
         "ownedCallbacks": {"enabled": True, "scheduleOutLimitHours": 72,
                            "ownershipWindowHours": 24}},
    ],
    "smsNumbers": ["+14155550100"],
}

# lcc_status, lcc_presence, lcc_routing_status, lcc_channel, lcc_engine_state
_LCC_OK = 0
_LCC_EEXISTS = 6
_PRESENCE_AVAILABLE = 1
_ROUTING_IDLE = 1
_CHANNELS = {"sms": 0, "whatsapp": 1}
_MEDIA = {"call": 0, "callback": 1, "campaign_call": 2, "voicemail": 3, "message": 4,
          "email": 5, "social": 6}
_STATES = {"scheduled": 0, "waiting": 1, "offered": 2, "connected": 3, "ended": 4,
           "cancelled": 5}
_LOG_LEVELS = {0: "error", 1: "warning", 2: "info", 3: "debug"}
_EVENT_NAMES = {6: "SCHEDULED", 7: "RESCHEDULED", 8: "CANCELLED", 9: "DUE",
                10: "OWNERSHIP_EXPIRED", 11: "QUEUED", 12: "OFFERED", 13: "ACCEPTED",
                14: "DECLINED", 15: "ENDED", 16: "AGENT_STATUS", 17: "MESSAGE",
                20: "DIALING"}


class SandboxError(Exception):
    """The sandbox cannot start: the library, the store or the seed."""


def _log(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _error_body(status: int, code: str, message: str) -> bytes:
    """A Genesys error body, as the engine writes them."""
    return json.dumps({"message": message, "code": code, "status": status,
                       "messageParams": {}, "contextId": "sandbox", "details": [],
                       "errors": []}, separators=(",", ":")).encode()


def _load_native():
    """(the CDLL with every signature set, the module of the structures)."""
    try:
        from contactcore import _native  # noqa: WPS433 (loaded on demand)
        return _native.load(), _native
    except Exception as exc:  # the library is missing or cannot be loaded
        raise SandboxError(f"cannot load libcontactcore: {exc}") from exc


def _text(value: Any, where: str) -> bytes:
    if not isinstance(value, str) or not value:
        raise SandboxError(f"seed: {where} must be a non-empty string")
    return value.encode()


def _strings(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise SandboxError(f"seed: {where} must be a list of strings")
    return [_text(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _objects(doc: dict, key: str) -> list:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SandboxError(f"seed: {key} must be a list of objects")
    return value


def check_directory(doc: dict) -> None:
    """Checks the shape of a directory (a seed) before anything is created;
    the library checks the values (ids, permissions, numbers, zones)."""
    for i, a in enumerate(_objects(doc, "agents")):
        where = f"agents[{i}]"
        _text(a.get("id"), where + ".id")
        _text(a.get("name", a.get("id")), where + ".name")
        if a.get("timeZone") is not None:
            _text(a["timeZone"], where + ".timeZone")
        _strings(a.get("permissions"), where + ".permissions")
        _strings(a.get("roles"), where + ".roles")
    for i, q in enumerate(_objects(doc, "queues")):
        where = f"queues[{i}]"
        _text(q.get("id"), where + ".id")
        _text(q.get("name", q.get("id")), where + ".name")
        _strings(q.get("members"), where + ".members")
        owned = q.get("ownedCallbacks")
        if owned is not None and (
                not isinstance(owned, dict) or
                not all(isinstance(owned.get(k, 1), int) and not isinstance(owned.get(k), bool)
                        for k in ("scheduleOutLimitHours", "ownershipWindowHours"))):
            raise SandboxError(f"seed: {where}.ownedCallbacks must be an object with integer "
                               "hours")
    _strings(doc.get("smsNumbers"), "smsNumbers")
    for i, c in enumerate(_objects(doc, "externalContacts")):
        where = f"externalContacts[{i}]"
        _text(c.get("id"), where + ".id")
        if c.get("name") is not None:
            _text(c["name"], where + ".name")
        for key in _CHANNELS:
            _strings(c.get(key), f"{where}.{key}")
    t = doc.get("threadingTimelineMs")
    if t is not None and (not isinstance(t, int) or isinstance(t, bool)):
        raise SandboxError("seed: threadingTimelineMs must be an integer")


def load_seed(path: str) -> dict:
    """Reads a --seed file: a JSON object (see the module docstring)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as exc:
        raise SandboxError(f"seed: cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise SandboxError(f"seed: {path} is not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise SandboxError(f"seed: {path} must hold a JSON object")
    known = {"agents", "queues", "smsNumbers", "externalContacts", "threadingTimelineMs"}
    unknown = sorted(set(doc) - known)
    if unknown:
        raise SandboxError(f"seed: unknown key(s) {', '.join(unknown)}")
    check_directory(doc)
    return doc


class Sandbox:
    """The engine of one store, safe to call from any thread.

    Every call into the library holds one lock (the engine belongs to one
    thread at a time); a background thread fires the engine's timers at
    their deadline and is woken after each request.
    """

    def __init__(self, store: str, directory: Optional[dict] = None, verbose: bool = False):
        check_directory(DEFAULT_DIRECTORY if directory is None else directory)
        self.lib, self._structs = _load_native()
        self.verbose = verbose
        self._cond = threading.Condition(threading.Lock())
        self._closed = False
        self._ctx = ctypes.c_void_p()
        self._engine = ctypes.c_void_p()
        lib = self.lib
        self._log_fn = self._structs.LOG_FN(self._on_log)  # kept alive with the context
        cp = self._structs.lcc_context_params.init(log=self._log_fn,
                                                   log_level=3 if verbose else 1)
        self._check(lib.lcc_context_new(ctypes.byref(self._ctx), ctypes.byref(cp)),
                    "cannot create a context", errmsg=False)
        try:
            ep = self._structs.lcc_engine_params.init(store_path=store.encode())
            self._check(lib.lcc_engine_new(ctypes.byref(self._engine), self._ctx,
                                           ctypes.byref(ep)),
                        f"cannot open the store {store}")
            self._apply_directory(DEFAULT_DIRECTORY if directory is None else directory)
            self._drain()
        except BaseException:
            lib.lcc_context_free(self._ctx)
            self._ctx = ctypes.c_void_p()
            raise
        self._timer = threading.Thread(target=self._timer_loop, name="sandbox-timers",
                                       daemon=True)
        self._timer.start()

    # ---- library helpers (called with the lock held, or before the timer runs) ----

    def _on_log(self, level, message, _user_data):
        try:
            text = message.decode("utf-8", "replace") if message else ""
            _log(f"engine {_LOG_LEVELS.get(level, level)}: {text}")
        except Exception:  # never let an exception cross into C
            pass

    def _errmsg(self) -> str:
        msg = self.lib.lcc_context_errmsg(self._ctx)
        return msg.decode("utf-8", "replace") if msg else ""

    def _check(self, status: int, what: str, errmsg: bool = True, ok=(_LCC_OK,)) -> int:
        if status in ok:
            return status
        name = self.lib.lcc_status_str(status)
        name = name.decode() if name else str(status)
        detail = self._errmsg() if errmsg and self._ctx else ""
        raise SandboxError(f"{what}: {name}" + (f" ({detail})" if detail else ""))

    def _apply_directory(self, d: dict) -> None:
        lib, ctx, e = self.lib, self._ctx, self._engine
        for i, a in enumerate(d.get("agents") or []):
            where = f"agents[{i}]"
            if not isinstance(a, dict):
                raise SandboxError(f"seed: {where} must be an object")
            aid = _text(a.get("id"), where + ".id")
            agent = lib.lcc_context_find_agent(ctx, aid)
            if not agent:
                h = ctypes.c_void_p()
                name = _text(a.get("name", a.get("id")), where + ".name")
                self._check(lib.lcc_agent_new(ctypes.byref(h), ctx, aid, name),
                            f"seed: cannot create agent {aid.decode()}")
                if a.get("timeZone") is not None:
                    self._check(lib.lcc_agent_set_time_zone(
                        h, _text(a["timeZone"], where + ".timeZone")),
                        f"seed: {where}.timeZone")
                for p in _strings(a.get("permissions"), where + ".permissions"):
                    self._check(lib.lcc_agent_add_permission(h, p),
                                f"seed: {where} permission {p.decode()}")
                for r in _strings(a.get("roles"), where + ".roles"):
                    self._check(lib.lcc_agent_add_role(h, r), f"seed: {where} role {r.decode()}")
        for i, q in enumerate(d.get("queues") or []):
            where = f"queues[{i}]"
            if not isinstance(q, dict):
                raise SandboxError(f"seed: {where} must be an object")
            qid = _text(q.get("id"), where + ".id")
            if lib.lcc_context_find_queue(ctx, qid):
                continue
            h = ctypes.c_void_p()
            name = _text(q.get("name", q.get("id")), where + ".name")
            self._check(lib.lcc_queue_new(ctypes.byref(h), ctx, qid, name),
                        f"seed: cannot create queue {qid.decode()}")
            for m in _strings(q.get("members"), where + ".members"):
                self._check(lib.lcc_queue_add_member(h, m), f"seed: {where} member {m.decode()}")
            if q.get("agentsChooseCallbackQueue"):
                self._check(lib.lcc_queue_set_agents_choose_callback_queue(h, 1),
                            f"seed: {where}.agentsChooseCallbackQueue")
            owned = q.get("ownedCallbacks")
            if owned is not None:
                if not isinstance(owned, dict):
                    raise SandboxError(f"seed: {where}.ownedCallbacks must be an object")
                try:
                    limit = int(owned.get("scheduleOutLimitHours", 720))
                    window = int(owned.get("ownershipWindowHours", 24))
                except (TypeError, ValueError) as exc:
                    raise SandboxError(f"seed: {where}.ownedCallbacks: hours must be "
                                       "integers") from exc
                self._check(lib.lcc_queue_set_owned_callbacks(
                    h, 1 if owned.get("enabled", True) else 0, limit, window),
                    f"seed: {where}.ownedCallbacks")
        # Kept in memory only by the engine: applied at every start.
        for n in _strings(d.get("smsNumbers"), "smsNumbers"):
            self._check(lib.lcc_engine_add_sms_number(e, n), f"seed: SMS number {n.decode()}",
                        ok=(_LCC_OK, _LCC_EEXISTS))
        for i, c in enumerate(d.get("externalContacts") or []):
            where = f"externalContacts[{i}]"
            if not isinstance(c, dict):
                raise SandboxError(f"seed: {where} must be an object")
            cid = _text(c.get("id"), where + ".id")
            name = _text(c["name"], where + ".name") if c.get("name") is not None else None
            self._check(lib.lcc_engine_add_external_contact(e, cid, name), f"seed: {where}",
                        ok=(_LCC_OK, _LCC_EEXISTS))
            for key, channel in _CHANNELS.items():
                for addr in _strings(c.get(key), f"{where}.{key}"):
                    self._check(lib.lcc_engine_add_contact_identifier(e, cid, channel, addr),
                                f"seed: {where}.{key} {addr.decode()}",
                                ok=(_LCC_OK, _LCC_EEXISTS))
        if d.get("threadingTimelineMs") is not None:
            self._check(lib.lcc_engine_set_threading_timeline(e, int(d["threadingTimelineMs"])),
                        "seed: threadingTimelineMs")
        for a in d.get("agents") or []:
            if a.get("available"):
                aid = a["id"].encode()
                self._check(lib.lcc_engine_set_presence(e, aid, _PRESENCE_AVAILABLE),
                            f"seed: presence of {a['id']}")
                self._check(lib.lcc_engine_set_routing_status(e, aid, _ROUTING_IDLE),
                            f"seed: routing status of {a['id']}")

    def _drain(self) -> None:
        """Takes the engine's events off the context (they would pile up)."""
        lib = self.lib
        while True:
            ev = lib.lcc_context_next_event(self._ctx)
            if not ev:
                return
            if self.verbose:
                kind = lib.lcc_event_get_type(ev)
                conv = lib.lcc_event_conversation_id(ev)
                agent = lib.lcc_event_agent_id(ev)
                _log("event %s%s%s" % (
                    _EVENT_NAMES.get(kind, kind),
                    f" conversation={conv.decode('utf-8', 'replace')}" if conv else "",
                    f" agent={agent.decode('utf-8', 'replace')}" if agent else ""))
            lib.lcc_event_free(ev)

    def _timer_loop(self) -> None:
        lib = self.lib
        with self._cond:
            while not self._closed:
                lib.lcc_context_run_due(self._ctx)
                try:
                    self._drain()
                except Exception as exc:  # keep the timers running
                    _log(f"sandbox: {exc!r}")
                deadline = lib.lcc_context_next_deadline_ms(self._ctx)
                wait = 60.0
                if deadline >= 0:
                    wait = min(wait, max(0.0, (deadline - lib.lcc_context_now_ms(self._ctx))
                                         / 1000.0))
                if wait > 0:
                    self._cond.wait(wait)

    # ---- requests (any thread) ----

    def _engine_call(self, method: str, path: str, auth: Optional[str],
                     body: bytes) -> tuple:
        """One lcc_engine_handle() call; the lock is held by the caller."""
        lib = self.lib
        status = ctypes.c_int()
        resp = ctypes.c_void_p()
        length = ctypes.c_size_t()
        st = lib.lcc_engine_handle(ctypes.byref(status), ctypes.byref(resp),
                                   ctypes.byref(length), self._engine, method.encode(),
                                   path.encode(), auth.encode() if auth else None,
                                   body if body else None, len(body))
        if st != _LCC_OK:
            return 500, _error_body(500, "internal.server.error",
                                    f"The engine failed: {self._errmsg()}")
        try:
            data = ctypes.string_at(resp.value, length.value) if resp.value else b""
        finally:
            lib.lcc_free(resp)
        return status.value, data

    def handle(self, method: str, path: str, authorization: Optional[str],
               body: bytes) -> tuple:
        """Answers one request: (HTTP status, JSON body bytes)."""
        with self._cond:
            if self._closed:
                return 503, _error_body(503, "service.unavailable",
                                        "The sandbox is shutting down.")
            try:
                split = urlsplit(path)
                if method == "GET" and split.path.rstrip("/") == CALLBACKS:
                    return self._list_callbacks(authorization, split.query, path)
                if split.path.rstrip("/") == CONVERSATIONS:
                    if method != "POST":
                        return 405, _error_body(405, "method.not.allowed",
                                                f"Use POST for {CONVERSATIONS}.")
                    return self._new_conversation(authorization, body)
                return self._engine_call(method, path, authorization, body)
            finally:
                self._drain()
                self._cond.notify_all()  # the timers may have changed

    def _refused_token(self, auth: Optional[str]) -> Optional[tuple]:
        """The engine's 401 answer for a bad token, or None for a good one
        (asked with a callback id that none has: 404 when the token is good)."""
        status, data = self._engine_call("GET", CALLBACKS + "/sandbox-token-check", auth, b"")
        return (status, data) if status == 401 else None

    def _new_conversation(self, auth: Optional[str], body: bytes) -> tuple:
        refused = self._refused_token(auth)
        if refused:
            return refused
        try:
            o = json.loads(body or b"{}")
            if not isinstance(o, dict):
                raise ValueError
        except ValueError:
            return 400, _error_body(400, "bad.request", "The request body is not a JSON object.")
        for key in ("id", "mediaType", "ani", "queueId", "agentId"):
            if o.get(key) is not None and (not isinstance(o[key], str) or not o[key]):
                return 400, _error_body(400, "bad.request", f"{key} must be a non-empty string.")
        if o.get("acd") is not None and not isinstance(o["acd"], bool):
            return 400, _error_body(400, "bad.request", "acd must be true or false.")
        media = (o.get("mediaType") or "call").lower()
        if media not in _MEDIA:
            return 400, _error_body(400, "bad.request",
                                    "mediaType must be one of " + ", ".join(_MEDIA) + ".")
        lib, ctx = self.lib, self._ctx
        cid = o.get("id") or str(uuid.uuid4())
        if lib.lcc_context_find_conversation(ctx, cid.encode()):
            return 409, _error_body(409, "conversation.exists",
                                    f"Conversation {cid} exists already.")
        h = ctypes.c_void_p()
        failed = "id"
        st = lib.lcc_conversation_new(ctypes.byref(h), ctx, cid.encode(), _MEDIA[media])
        setters = (("acd", lib.lcc_conversation_set_acd, 1 if o.get("acd", True) else 0),
                   ("ani", lib.lcc_conversation_set_ani, o.get("ani")),
                   ("queueId", lib.lcc_conversation_set_queue, o.get("queueId")),
                   ("agentId", lib.lcc_conversation_set_agent, o.get("agentId")))
        for key, setter, value in setters:
            if st == _LCC_OK and value is not None:
                failed = key
                st = setter(h, value.encode() if isinstance(value, str) else value)
        if st != _LCC_OK:
            return 400, _error_body(400, "bad.request", f"{failed}: {self._errmsg()}")
        return 200, json.dumps({
            "id": cid, "mediaType": media, "acd": bool(o.get("acd", True)),
            "ani": o.get("ani"), "queueId": o.get("queueId"), "agentId": o.get("agentId"),
            "selfUri": f"{CONVERSATIONS}/{cid}"}, separators=(",", ":")).encode()

    def _list_callbacks(self, auth: Optional[str], query: str, self_uri: str) -> tuple:
        refused = self._refused_token(auth)
        if refused:
            return refused
        try:
            q = {k: v[-1] for k, v in parse_qs(query, strict_parsing=False).items()}
            page_size = int(q.get("pageSize", 100))
            page_number = int(q.get("pageNumber", 1))
            if not 1 <= page_size <= 1000 or page_number < 1:
                raise ValueError
        except ValueError:
            return 400, _error_body(400, "bad.request",
                                    "pageSize must be 1..1000 and pageNumber 1 or more.")
        state = q.get("state")
        if state is not None and state.lower() not in _STATES:
            return 400, _error_body(400, "bad.request",
                                    "state must be one of " + ", ".join(_STATES) + ".")
        lib = self.lib
        flt = self._structs.lcc_engine_filter.init(
            queue_id=q["queueId"].encode() if q.get("queueId") else None,
            agent_id=q["agentId"].encode() if q.get("agentId") else None,
            state=_STATES[state.lower()] if state else -1,
            offset=(page_number - 1) * page_size, limit=page_size)
        out = ctypes.c_void_p()
        st = lib.lcc_engine_list_callbacks(ctypes.byref(out), self._engine, ctypes.byref(flt))
        if st != _LCC_OK:
            return 500, _error_body(500, "internal.server.error", self._errmsg())
        try:
            total = lib.lcc_callback_list_total(out)
            ids = [lib.lcc_callback_list_id(out, i).decode()
                   for i in range(lib.lcc_callback_list_count(out))]
        finally:
            lib.lcc_callback_list_free(out)
        entities = []
        for cid in ids:
            status, data = self._engine_call("GET", f"{CALLBACKS}/{cid}", auth, b"")
            if status == 200:
                entities.append(json.loads(data))
        return 200, json.dumps({
            "entities": entities, "pageSize": page_size, "pageNumber": page_number,
            "total": total, "pageCount": math.ceil(total / page_size),
            "selfUri": self_uri}, separators=(",", ":")).encode()

    def close(self) -> None:
        """Stops the timers and frees the engine and its context (the store
        is closed); later requests are answered 503.  Idempotent."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()
        self._timer.join()
        with self._cond:
            self._drain()
            self.lib.lcc_engine_free(self._engine)
            self.lib.lcc_context_free(self._ctx)
            self._engine = ctypes.c_void_p()
            self._ctx = ctypes.c_void_p()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "contactcore-sandbox"

    def version_string(self) -> str:
        return self.server_version

    def _read_body(self) -> Optional[bytes]:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, size = [], 0
            while True:
                line = self.rfile.readline(1024)
                n = int(line.split(b";")[0].strip() or b"0", 16)
                if n == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                size += n
                if size > MAX_BODY:
                    return None
                chunks.append(self.rfile.read(n))
                self.rfile.readline(1024)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY:
            return None
        return self.rfile.read(length) if length else b""

    def _answer(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)
        self._status, self._size = status, len(data)

    def _serve(self) -> None:
        start = time.monotonic()
        self._status, self._size = 0, 0
        try:
            body = self._read_body()
        except ValueError:
            body = None
        if body is None:
            self.close_connection = True
            self._answer(413, _error_body(413, "request.too.large",
                                          "The request body is malformed or too large."))
        else:
            status, data = self.server.sandbox.handle(
                self.command, self.path, self.headers.get("Authorization"), body)
            self._answer(status, data)
        _log('%s "%s %s" %d %d %.1fms' % (
            self.client_address[0], self.command, self.path.split("?", 1)[0],
            self._status, self._size, (time.monotonic() - start) * 1000))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        # Errors of http.server itself (bad request lines); the request line
        # is not repeated, so neither is anything it might carry.
        if args and isinstance(args[0], (int, str)) and str(args[0]).isdigit():
            _log(f"{self.client_address[0]} http error {args[0]}")

    def log_request(self, code="-", size="-"):
        pass  # one line per request is written by _serve()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, sandbox: Sandbox):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.sandbox = sandbox


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python3 -m contactcore.sandbox",
        description="A local sandbox of the Genesys Cloud API (callbacks, messages, "
                    "POST /oauth/token with any client credentials), served by "
                    "libcontactcore's embedded engine.",
        epilog="Built-in directory (created on first start when --seed is not given): "
               "agents agent-1, agent-2 (may schedule callbacks and send messages) and "
               "supervisor-1 (role supervisor); queues queue-1 'Support' (all three) and "
               "queue-2 'Sales' (agent-1; owned callbacks enabled); SMS number "
               "+14155550100 for agentless messages.  Log in with client id 'agent-1' "
               "(any secret) to act as that agent, any other id for an API client.  "
               "Besides the Genesys paths, GET /api/v2/conversations/callbacks lists "
               "callbacks and POST /sandbox/conversations records a call to schedule "
               "callbacks from (pydoc contactcore.sandbox).  "
               "Exit status: 0 clean stop, 1 cannot start, 2 bad arguments or seed.")
    p.add_argument("--port", type=int, default=8080,
                   help="TCP port (0: a free one; default 8080)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--store", default="sandbox.db", metavar="FILE",
                   help="SQLite file holding the state, created when missing "
                        "(default ./sandbox.db)")
    p.add_argument("--seed", metavar="FILE",
                   help="JSON file with the agents, queues, SMS numbers and external "
                        "contacts to create when missing, instead of the built-in "
                        "directory (format: pydoc contactcore.sandbox)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also log the engine's events and debug messages to stderr")
    return p


def main(argv: Optional[list] = None) -> int:
    args = _parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        _log("sandbox: --port must be 0..65535")
        return 2
    try:
        directory = load_seed(args.seed) if args.seed else None
    except SandboxError as exc:
        _log(f"sandbox: {exc}")
        return 2
    try:
        sandbox = Sandbox(args.store, directory, verbose=args.verbose)
    except SandboxError as exc:
        _log(f"sandbox: {exc}")
        return 2 if str(exc).startswith("seed:") else 1
    try:
        server = _Server((args.host, args.port), sandbox)
    except OSError as exc:
        _log(f"sandbox: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        sandbox.close()
        return 1

    stop = threading.Event()

    def on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    thread = threading.Thread(target=server.serve_forever, name="sandbox-http", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"sandbox listening on http://{shown}:{port}", flush=True)
    _log(f"sandbox: store {args.store}; stop with SIGTERM or Ctrl-C")
    while not stop.wait(0.5):
        pass
    _log("sandbox: stopping")
    server.shutdown()
    server.server_close()
    thread.join()
    sandbox.close()
    _log("sandbox: stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
