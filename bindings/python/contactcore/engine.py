"""The embedded engine: an in-process contact-center backend.

It serves the agents and queues of its own context, answers the Genesys
Cloud (and Webex Contact Center) REST shapes, and acts over time on the
context clock.  A client context reaches it with :meth:`Engine.connect`::

    clock = ManualClock(datetime(2026, 11, 21, 10, tzinfo=timezone.utc))
    with Context(clock=clock) as ctx:
        ana = Agent(ctx, "ana", "Ana", permissions=[PERM_CALLBACK_CREATE])
        Queue(ctx, "support", "Support", members=[ana])
        engine = Engine(ctx)
        engine.connect(ctx, ana)          # this context's requests go to the engine
        engine.make_available(ana)
        call = engine.add_call("support", "+33142685300")
        for event in ctx.events(): ...
"""
from __future__ import annotations

import base64
import contextlib
import ctypes
import datetime as _dt
import enum
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, List, NamedTuple, Optional, Tuple, Union

from . import _native
from ._handle import OwnedHandle
from ._lib import lib
from ._util import (INT64_MAX, INT64_MIN, Duration, Instant, dec, duration_ms, enc, from_ms,
                    ident, take_buffer, to_ms)
from .report import Report
from .text import Channel

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context
    from .directory import Conversation
    from .messages import DeliveryState

__all__ = ["Engine", "Presence", "RoutingStatus", "EngineState", "CallbackListEntry",
           "CallbackList", "QueueCounts", "HttpResponse"]


class Presence(enum.IntEnum):
    """``lcc_presence``: an agent's presence."""

    OFFLINE = 0
    AVAILABLE = 1
    BUSY = 2
    AWAY = 3


class RoutingStatus(enum.IntEnum):
    """``lcc_routing_status``: an agent's routing status."""

    OFF_QUEUE = 0
    IDLE = 1
    INTERACTING = 2
    NOT_RESPONDING = 3


class EngineState(enum.IntEnum):
    """``lcc_engine_state``: state of an interaction the engine holds."""

    SCHEDULED = 0
    WAITING = 1
    OFFERED = 2
    CONNECTED = 3
    ENDED = 4
    CANCELLED = 5


@dataclass(frozen=True)
class CallbackListEntry:
    """One callback of the supervisor's view."""

    conversation_id: str
    queue_id: Optional[str]
    agent_id: Optional[str]
    owner_id: Optional[str]
    number: Optional[str]
    scheduled_at: Optional[_dt.datetime]
    state: EngineState


class CallbackList(List[CallbackListEntry]):
    """A page of :meth:`Engine.list_callbacks` (a list); ``total`` counts
    the matching callbacks of every page."""

    total: int = 0


class QueueCounts(NamedTuple):
    """A queue's messaging counters (OBQ-OFFQUEUE)."""

    outbound_conversations: int
    outbound_messages: int


class HttpResponse(NamedTuple):
    """An answer of :meth:`Engine.handle`: HTTP status and body bytes."""

    status: int
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON (None when empty)."""
        return json.loads(self.body) if self.body else None


class Engine(OwnedHandle):
    """The embedded engine of a context (at most one per context).

    ``store_path``: an SQLite file (created when missing), ``":memory:"``,
    or None (memory only).  ``alert_timeout``: how long an offer alerts
    (1 s .. 10 min; default 30 s).  Freed by :meth:`close` or with its
    context (the context keeps it alive meanwhile).
    """

    _kind = "engine"
    _free_name = "lcc_engine_free"

    def __init__(self, ctx: "Context", store_path: Optional[str] = None, *,
                 alert_timeout: Optional[Duration] = None) -> None:
        params = _native.lcc_engine_params.init()
        path = enc(store_path)
        if path is not None:
            params.store_path = path
        if alert_timeout is not None:
            params.alert_timeout_ms = duration_ms(alert_timeout)
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_engine_new(ctypes.byref(out), ctx._ptr, ctypes.byref(params)))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]

    def __del__(self) -> None:
        # Dropping the wrapper frees nothing (``ctx.engine`` finds it again);
        # only close() or the context frees the engine.
        pass

    def close(self) -> None:
        """Frees the engine now (requests of connected clients then fail
        with ECANCELED).  Its context stays usable."""
        self._release()

    def _c(self, st: int, rep: Optional[int] = None) -> Report:
        return self._ctx._check(st, rep) or Report()

    # ---- batches --------------------------------------------------------------

    def begin(self) -> None:
        """Starts a batch of store writes (see :meth:`batch`)."""
        self._c(lib.lcc_engine_begin(self._ptr))

    def commit(self) -> None:
        """Ends the innermost batch; the outermost commits and syncs the store."""
        self._c(lib.lcc_engine_commit(self._ptr))

    @contextlib.contextmanager
    def batch(self) -> Iterator["Engine"]:
        """``with engine.batch():`` -- the changes inside are written in one
        transaction, committed (and durable) when the block ends."""
        self.begin()
        try:
            yield self
        finally:
            self.commit()

    # ---- clients and REST -------------------------------------------------------

    def connect(self, client: "Context", agent: Any) -> None:
        """Points ``client`` (may be this engine's own context) at the engine
        as ``agent``: installs an in-process transport and an access token."""
        self._c(lib.lcc_engine_connect(self._ptr, client._ptr, ident(agent)))
        client._retire_transport()

    def handle(self, method: str, path: str, authorization: Optional[str] = None,
               body: Union[bytes, str, dict, list, None] = None) -> HttpResponse:
        """Answers one request as if it came over HTTP; returns
        ``(status, body bytes)``.  A dict/list body is sent as JSON."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        raw = enc(body) if body is not None else None
        http = ctypes.c_int(0)
        resp = ctypes.c_void_p()
        n = ctypes.c_size_t(0)
        st = lib.lcc_engine_handle(ctypes.byref(http), ctypes.byref(resp), ctypes.byref(n),
                                   self._ptr, enc(method), enc(path), enc(authorization), raw,
                                   len(raw) if raw else 0)
        data = take_buffer(resp, n.value)
        self._c(st)
        return HttpResponse(http.value, data)

    def login(self, client_id: Any, client_secret: str = "secret") -> str:
        """POST /oauth/token with client credentials (an agent's id gives that
        agent's token; any other id an API client's); returns the
        ``"Bearer ..."`` header value to pass to :meth:`handle`."""
        cred = f"{ident(client_id).decode()}:{client_secret}".encode()  # type: ignore[union-attr]
        basic = "Basic " + base64.b64encode(cred).decode("ascii")
        r = self.handle("POST", "/oauth/token", basic, "grant_type=client_credentials")
        if r.status != 200:
            raise ValueError(f"/oauth/token answered {r.status}: {r.body!r}")
        return "Bearer " + r.json()["access_token"]

    # ---- agents -------------------------------------------------------------------

    def set_presence(self, agent: Any, presence: Presence) -> None:
        """Sets an agent's presence (OFFLINE also takes them off queue)."""
        self._c(lib.lcc_engine_set_presence(self._ptr, ident(agent), int(presence)))

    def set_routing_status(self, agent: Any, status: RoutingStatus) -> None:
        """Puts an agent on queue (IDLE) or off queue (OFF_QUEUE)."""
        self._c(lib.lcc_engine_set_routing_status(self._ptr, ident(agent), int(status)))

    def make_available(self, agent: Any) -> None:
        """Presence AVAILABLE and routing status IDLE: ready for offers."""
        self.set_presence(agent, Presence.AVAILABLE)
        self.set_routing_status(agent, RoutingStatus.IDLE)

    def agent_status(self, agent: Any) -> Tuple[Presence, RoutingStatus]:
        """An agent's (presence, routing status)."""
        p, r = ctypes.c_int(), ctypes.c_int()
        self._c(lib.lcc_engine_agent_status(self._ptr, ident(agent), ctypes.byref(p),
                                            ctypes.byref(r)))
        return Presence(p.value), RoutingStatus(r.value)

    # ---- interactions ---------------------------------------------------------------

    def add_call(self, queue: Any, ani: Optional[str]) -> "Conversation":
        """An ACD voice call from ``ani`` arrives on a queue; returns its
        conversation (a conversation of the engine's context)."""
        cid = ctypes.c_char_p()
        self._c(lib.lcc_engine_add_call(ctypes.byref(cid), self._ptr, ident(queue), enc(ani)))
        conv = self._ctx.find_conversation(dec(cid.value) or "")
        assert conv is not None
        return conv

    def answer(self, agent: Any, conversation: Any, accept: bool = True) -> None:
        """The agent accepts (or declines) the interaction offered to them."""
        self._c(lib.lcc_engine_answer(self._ptr, ident(agent), ident(conversation),
                                      1 if accept else 0))

    def decline(self, agent: Any, conversation: Any) -> None:
        """The agent declines the offer (handled as an unanswered offer)."""
        self.answer(agent, conversation, False)

    def end(self, conversation: Any) -> None:
        """Ends a connected interaction."""
        self._c(lib.lcc_engine_end(self._ptr, ident(conversation)))

    def wrap_up(self, agent: Any, conversation: Any, code: str,
                reason: Optional[str] = None) -> None:
        """Gives the wrap-up of an ended interaction (SL-END / OB-WRAPUP);
        ValidationError with the report when refused."""
        rep = ctypes.c_void_p()
        self._c(lib.lcc_engine_wrap_up(ctypes.byref(rep), self._ptr, ident(agent),
                                       ident(conversation), enc(code), enc(reason)), rep.value)

    def wrapup(self, conversation: Any) -> Tuple[str, Optional[str]]:
        """The wrap-up given for an interaction: (code, reason).  PendingError
        while it is owed, StateError when none was asked for."""
        code, reason = ctypes.c_char_p(), ctypes.c_char_p()
        self._c(lib.lcc_engine_wrapup(ctypes.byref(code), ctypes.byref(reason), self._ptr,
                                      ident(conversation)))
        return dec(code.value) or "", dec(reason.value)

    # ---- supervisor view ----------------------------------------------------------

    def list_callbacks(self, *, queue: Any = None, agent: Any = None,
                       start: Optional[Instant] = None, end: Optional[Instant] = None,
                       state: Optional[EngineState] = None, offset: int = 0,
                       limit: int = 0) -> CallbackList:
        """The engine's callbacks matching the filter, by scheduled time
        (``start`` inclusive, ``end`` exclusive; ``limit`` 0 means 100)."""
        q, a = ident(queue), ident(agent)
        f = _native.lcc_engine_filter.init(
            from_ms=INT64_MIN if start is None else to_ms(start),
            to_ms=INT64_MAX if end is None else to_ms(end),
            state=-1 if state is None else int(state), offset=offset, limit=limit)
        if q is not None:
            f.queue_id = q
        if a is not None:
            f.agent_id = a
        out = ctypes.c_void_p()
        self._c(lib.lcc_engine_list_callbacks(ctypes.byref(out), self._ptr, ctypes.byref(f)))
        lst = out.value
        try:
            result = CallbackList()
            result.total = int(lib.lcc_callback_list_total(lst))
            for i in range(lib.lcc_callback_list_count(lst)):
                ms = int(lib.lcc_callback_list_scheduled_ms(lst, i))
                result.append(CallbackListEntry(
                    conversation_id=dec(lib.lcc_callback_list_id(lst, i)) or "",
                    queue_id=dec(lib.lcc_callback_list_queue_id(lst, i)),
                    agent_id=dec(lib.lcc_callback_list_agent_id(lst, i)),
                    owner_id=dec(lib.lcc_callback_list_owner_id(lst, i)),
                    number=dec(lib.lcc_callback_list_number(lst, i)),
                    scheduled_at=from_ms(ms) if ms else None,
                    state=EngineState(lib.lcc_callback_list_state(lst, i))))
            return result
        finally:
            lib.lcc_callback_list_free(lst)

    def cancel_callback(self, by: Any, conversation: Any) -> Report:
        """Cancels a callback on behalf of ``by`` (CB-CANCEL); ValidationError
        with the reasons when refused."""
        rep = ctypes.c_void_p()
        return self._c(lib.lcc_engine_cancel_callback(ctypes.byref(rep), self._ptr, ident(by),
                                                      ident(conversation)), rep.value)

    def reschedule_callback(self, by: Any, conversation: Any, when: Instant) -> Report:
        """Moves a callback on behalf of ``by`` (CB-RESCHEDULE, CB-PAST,
        CB-HORIZON, CB-OWN-HORIZON); ValidationError when refused."""
        rep = ctypes.c_void_p()
        return self._c(lib.lcc_engine_reschedule_callback(ctypes.byref(rep), self._ptr,
                                                          ident(by), ident(conversation),
                                                          to_ms(when)), rep.value)

    # ---- messaging ------------------------------------------------------------------

    def set_threading_timeline(self, timeline: Duration) -> None:
        """How long a message conversation stays open after its last activity
        (1 minute .. 30 days; default 72 hours)."""
        self._c(lib.lcc_engine_set_threading_timeline(self._ptr, duration_ms(timeline)))

    def queue_counts(self, queue: Any) -> QueueCounts:
        """The messaging counters credited to a queue."""
        out = _native.lcc_engine_counts.init()
        self._c(lib.lcc_engine_queue_counts(self._ptr, ident(queue), ctypes.byref(out)))
        return QueueCounts(int(out.outbound_conversations), int(out.outbound_messages))

    def add_message(self, queue: Any, channel: Channel, from_address: str, text: str) -> str:
        """A customer's SMS or WhatsApp message arrives; returns the conversation id."""
        cid = ctypes.c_char_p()
        self._c(lib.lcc_engine_add_message(ctypes.byref(cid), self._ptr, ident(queue),
                                           int(channel), enc(from_address), enc(text)))
        return dec(cid.value) or ""

    def add_social(self, queue: Any, channel: Channel, author: str, text: str, *,
                   private: bool = False) -> Tuple[str, str]:
        """A social listening message arrives; returns (conversation id, message id)."""
        cid, mid = ctypes.c_char_p(), ctypes.c_char_p()
        self._c(lib.lcc_engine_add_social(ctypes.byref(cid), ctypes.byref(mid), self._ptr,
                                          ident(queue), int(channel), enc(author),
                                          1 if private else 0, enc(text)))
        return dec(cid.value) or "", dec(mid.value) or ""

    def set_contact_online(self, address: str, online: bool = True) -> None:
        """Says whether a messaging contact (number, handle, email) is online."""
        self._c(lib.lcc_engine_set_contact_online(self._ptr, enc(address), 1 if online else 0))

    def fail_next_sends(self, count: int, outcome: "DeliveryState") -> None:
        """Makes the next ``count`` messages fail at the "sent" step."""
        self._c(lib.lcc_engine_fail_next_sends(self._ptr, int(count), int(outcome)))

    def add_sms_number(self, number: str) -> None:
        """Provisions an SMS number agentless messages are sent from."""
        self._c(lib.lcc_engine_add_sms_number(self._ptr, enc(number)))

    def add_external_contact(self, contact_id: str, name: Optional[str] = None) -> None:
        """Adds an external contact (OBQ-VERIFY)."""
        self._c(lib.lcc_engine_add_external_contact(self._ptr, enc(contact_id), enc(name)))

    def add_contact_identifier(self, contact_id: str, channel: Channel, address: str) -> None:
        """Adds a messaging identifier (SMS or WhatsApp number) to a contact."""
        self._c(lib.lcc_engine_add_contact_identifier(self._ptr, enc(contact_id), int(channel),
                                                      enc(address)))

    def contact_history(self, contact_id: str) -> List[str]:
        """Conversation ids of an external contact's interaction history, oldest first."""
        p = self._ptr
        c = enc(contact_id)
        return [dec(lib.lcc_engine_contact_history(p, c, i)) or ""
                for i in range(lib.lcc_engine_contact_history_count(p, c))]

