"""The library context: hooks (clock, log, transport, ...), settings, errors,
events, the host-driven loop, and the registry that keeps every wrapper of
the context safe to use."""
from __future__ import annotations

import ctypes
import datetime as _dt
import enum
import json
import logging
import time
import weakref
from typing import (TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Mapping, Optional,
                    Tuple, Type, TypeVar, Union)

from . import _native
from ._handle import Handle, guard
from ._lib import lib
from ._util import Duration, Instant, dec, duration_ms, enc, from_ms, to_ms
from .errors import (CallbackError, ClosedError, ContactCoreError, MisuseError, Status,
                     error_for_status)
from .report import Report

if TYPE_CHECKING:  # pragma: no cover
    from .callbacks import Callback, CallbackDraft
    from .directory import Agent, Conversation, EntryPoint, Queue
    from .engine import Engine
    from .events import Event
    from .operation import Op
    from .text import Channel
    from .transport import Request, Response

__all__ = ["LogLevel", "ManualClock", "Context", "CurlTransport", "version", "version_number",
           "logger"]

#: The logger the default log hook writes to, and where hook errors are logged.
logger = logging.getLogger("contactcore")

H = TypeVar("H", bound=Handle)


class LogLevel(enum.IntEnum):
    """``lcc_log_level``, most severe first."""

    ERROR = 0
    WARNING = 1
    INFO = 2
    DEBUG = 3

    @property
    def logging_level(self) -> int:
        """The matching level of the ``logging`` module."""
        return {0: logging.ERROR, 1: logging.WARNING, 2: logging.INFO, 3: logging.DEBUG}[int(self)]


def version() -> str:
    """Version of the library actually loaded, e.g. ``"0.1.0"``."""
    return dec(lib.lcc_version()) or ""


def version_number() -> int:
    """Version of the loaded library as major * 10000 + minor * 100 + patch."""
    return int(lib.lcc_version_number())


class ManualClock:
    """A clock the host moves by hand, for simulations and tests.

    Pass it as ``Context(clock=ManualClock(start))``; then
    :meth:`Context.advance` and :meth:`Context.run_until` move it and fire
    every timer on the way.  Calling the clock returns the current
    instant in milliseconds.
    """

    def __init__(self, start: Optional[Instant] = None) -> None:
        """Starts at ``start`` (an aware datetime or ms), else at the real now."""
        self._ms = to_ms(start) if start is not None else int(time.time() * 1000)

    def __call__(self) -> int:
        return self._ms

    @property
    def now(self) -> _dt.datetime:
        """The current instant (UTC)."""
        return from_ms(self._ms)

    @property
    def now_ms(self) -> int:
        """The current instant in ms since the epoch."""
        return self._ms

    def set(self, when: Instant) -> None:
        """Moves the clock to ``when`` (it may go backwards: the caller's choice)."""
        self._ms = to_ms(when)

    def advance(self, delta: Duration) -> None:
        """Moves the clock forward by ``delta`` without running anything
        (use :meth:`Context.advance` to fire timers on the way)."""
        self._ms += duration_ms(delta)


class CurlTransport(Handle):
    """The built-in libcurl transport installed on a context
    (:meth:`Context.install_curl`).  Owned by the context; replaced or freed
    with it."""

    _kind = "curl transport"

    @property
    def in_flight(self) -> int:
        """Number of requests in flight."""
        return int(lib.lcc_curl_transport_in_flight(self._ptr))

    def action(self, fd: int, events: int) -> None:
        """``lcc_curl_transport_action``: a socket is ready (or the timer
        expired with ``fd=-1, events=0``) -- for hosts with their own loop."""
        self._ctx._check(lib.lcc_curl_transport_action(self._ptr, fd, events))


ClockHook = Callable[[], Union[_dt.datetime, int]]
LogHook = Callable[[LogLevel, str], None]


class Context:
    """A library context: every other object belongs to one.

    Parameters (all optional, keyword only):

    ``clock``
        a callable returning the current instant, as an aware ``datetime``
        or as milliseconds since the epoch (e.g. :class:`ManualClock`);
        default: the system clock.  If it raises or returns something
        unusable, the error is recorded (:attr:`callback_errors`) and the
        last good value (or the system time) is used.
    ``log``
        a callable ``log(level: LogLevel, message: str)``; default: the
        ``logging`` module (logger ``"contactcore"``); ``False``: no log.
    ``log_level``
        the most detailed :class:`LogLevel` the library formats (WARNING).
    ``tzdir``
        the tz database directory (default ``/usr/share/zoneinfo``).
    ``callback_horizon``
        the CB-HORIZON limit as a ``timedelta`` or ms (default 30 days).

    A context is used by one thread at a time.  Close it with
    :meth:`close` or a ``with`` block: every object made from it is freed
    with it and every wrapper of those objects is invalidated (later use
    raises :class:`~contactcore.errors.ClosedError`).
    """

    def __init__(self, *, clock: Optional[ClockHook] = None,
                 log: Union[LogHook, bool, None] = None,
                 log_level: LogLevel = LogLevel.WARNING,
                 tzdir: Optional[str] = None,
                 callback_horizon: Optional[Duration] = None) -> None:
        self._h: Optional[int] = None
        self._closed = True
        self._wrappers: "weakref.WeakValueDictionary[Tuple[type, int], Handle]" = \
            weakref.WeakValueDictionary()
        #: Exceptions raised by Python hooks while the library called them
        #: (:class:`~contactcore.errors.CallbackError`), oldest first.
        self.callback_errors: List[CallbackError] = []
        self._hooks: Dict[str, Any] = {}   # CFUNCTYPE objects C may call
        self._retired: List[Any] = []      # replaced transports, kept until freed
        self._clock = clock
        self._log = log
        self._last_clock_ms: Optional[int] = None
        self._transport: Any = None
        wself = weakref.ref(self)

        params = _native.lcc_context_params.init(log_level=int(LogLevel(log_level)))
        if clock is not None:
            if not callable(clock):
                raise TypeError("clock must be callable")

            def _clock_hook(_ud: Any) -> int:
                ctx = wself()
                return ctx._clock_now() if ctx is not None else int(time.time() * 1000)
            self._hooks["clock"] = _native.CLOCK_FN(_clock_hook)
            params.now_ms = self._hooks["clock"]
        if log is not False:
            if log is not None and log is not True and not callable(log):
                raise TypeError("log must be callable, None or False")

            def _log_hook(level: int, message: Optional[bytes], _ud: Any) -> None:
                ctx = wself()
                if ctx is not None:
                    ctx._log_line(level, message)
            self._hooks["log"] = _native.LOG_FN(_log_hook)
            params.log = self._hooks["log"]
        tzdir_b = enc(tzdir)
        if tzdir_b is not None:
            params.tzdir = tzdir_b
        if callback_horizon is not None:
            params.callback_horizon_ms = duration_ms(callback_horizon)
        out = ctypes.c_void_p()
        st = lib.lcc_context_new(ctypes.byref(out), ctypes.byref(params))
        if st != 0:
            self._hooks.clear()
            raise error_for_status(st, f"lcc_context_new failed: {Status.of(st)!s}")
        self._h = out.value
        self._closed = False

    # ---- hooks -------------------------------------------------------------

    def _clock_now(self) -> int:
        try:
            v = self._clock() if self._clock is not None else None
            if isinstance(v, _dt.datetime) or (isinstance(v, int) and not isinstance(v, bool)):
                ms = to_ms(v)
            else:
                raise TypeError(f"the clock returned {v!r}: expected an aware datetime or ms")
            self._last_clock_ms = ms
            return ms
        except BaseException as exc:  # noqa: BLE001 - must not cross into C
            self._record_callback_error("clock", exc)
            if self._last_clock_ms is not None:
                return self._last_clock_ms
            return int(time.time() * 1000)

    def _log_line(self, level: int, message: Optional[bytes]) -> None:
        text = dec(message) or ""
        try:
            lvl = LogLevel(level)
        except ValueError:
            lvl = LogLevel.DEBUG
        hook = self._log
        if hook is None or hook is True or hook is False:
            guard(self, "log", logger.log, None, lvl.logging_level, "%s", text)
        else:
            guard(self, "log", hook, None, lvl, text)

    def _record_callback_error(self, hook: str, exc: BaseException) -> None:
        """Keeps an exception raised by a Python hook, and logs it."""
        try:
            self.callback_errors.append(CallbackError(hook, exc))
            logger.error("exception in the %s hook (ignored, the library went on)", hook,
                         exc_info=(type(exc), exc, exc.__traceback__))
        except BaseException:  # noqa: BLE001 - never raise from here
            pass

    def take_callback_errors(self) -> List[CallbackError]:
        """Returns the recorded hook errors and clears the list."""
        errs, self.callback_errors = self.callback_errors, []
        return errs

    # ---- lifetime ----------------------------------------------------------

    @property
    def _ptr(self) -> int:
        h = self._h
        if h is None:
            raise ClosedError("this Context is closed")
        return h

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    def close(self) -> None:
        """Frees the context and everything made from it (agents, queues,
        conversations, callbacks, drafts, messages, operations, scripts,
        sessions, the engine).  Pending operations finish with ECANCELED.
        Every wrapper is invalidated first, so later use raises ClosedError.
        Closing twice is harmless."""
        if self._closed:
            return
        h = self._h
        self._closed = True
        for w in list(self._wrappers.values()):
            w._invalidate()
        self._wrappers.clear()
        try:
            lib.lcc_context_free(h)
        finally:
            self._h = None
            self._transport = None
            self._hooks.clear()
            self._retired.clear()

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    def __repr__(self) -> str:
        return f"<Context {'closed' if self._closed else hex(self._h or 0)}>"

    # registry of wrappers
    def _register(self, w: Handle) -> None:
        if self._closed:
            raise ClosedError("this Context is closed")
        self._wrappers[(type(w), w._h)] = w  # type: ignore[index]

    def _unregister(self, w: Handle, h: int) -> None:
        key = (type(w), h)
        if self._wrappers.get(key) is w:
            del self._wrappers[key]

    def _lookup(self, cls: Type[H], h: int) -> Optional[H]:
        return self._wrappers.get((cls, h))  # type: ignore[return-value]

    # ---- errors ------------------------------------------------------------

    @property
    def errmsg(self) -> str:
        """Detailed message of the last failure on this context ("" when none)."""
        return dec(lib.lcc_context_errmsg(self._ptr)) or ""

    def _error(self, status: int, report: Optional[Report] = None) -> ContactCoreError:
        detail = dec(lib.lcc_context_errmsg(self._h)) if self._h else ""
        return error_for_status(status, detail or "", report)

    def _check(self, status: int, report_ptr: Optional[int] = None) -> Optional[Report]:
        """Raises the error of ``status`` (with the report, freed after copying)
        or returns the copied report."""
        report = Report._take(report_ptr)
        if status != 0:
            raise self._error(status, report)
        return report

    # ---- settings ----------------------------------------------------------

    @property
    def now_ms(self) -> int:
        """The context's current time, ms since the epoch (its clock)."""
        return int(lib.lcc_context_now_ms(self._ptr))

    @property
    def now(self) -> _dt.datetime:
        """The context's current time (UTC-aware)."""
        return from_ms(self.now_ms)

    @property
    def clock(self) -> Optional[ClockHook]:
        """The clock callable given at creation, or None (system clock)."""
        return self._clock

    @property
    def callback_horizon(self) -> _dt.timedelta:
        """The CB-HORIZON limit in force."""
        return _dt.timedelta(milliseconds=int(lib.lcc_context_callback_horizon_ms(self._ptr)))

    @property
    def digital_channels(self) -> bool:
        """Whether the tenant has digital channels enabled (OB-LICENSE)."""
        return bool(lib.lcc_context_digital_channels(self._ptr))

    @digital_channels.setter
    def digital_channels(self, enabled: bool) -> None:
        self._check(lib.lcc_context_set_digital_channels(self._ptr, 1 if enabled else 0))

    # ---- events and the loop -----------------------------------------------

    def next_event(self) -> "Optional[Event]":
        """Takes the oldest event off the queue (copied), or None when empty."""
        from .events import Event
        return Event._take(self, lib.lcc_context_next_event(self._ptr))

    def events(self) -> "Iterator[Event]":
        """Iterates over the queued events, oldest first, until the queue is
        empty (events queued meanwhile are included)."""
        while True:
            ev = self.next_event()
            if ev is None:
                return
            yield ev

    def run_due(self) -> None:
        """Applies queued completions and fires every timer that is due on
        the context clock."""
        self._check(lib.lcc_context_run_due(self._ptr))

    @property
    def next_deadline_ms(self) -> int:
        """When :meth:`run_due` next has work (ms on the context clock), -1 for never."""
        return int(lib.lcc_context_next_deadline_ms(self._ptr))

    @property
    def next_deadline(self) -> Optional[_dt.datetime]:
        """When :meth:`run_due` next has work, or None when nothing is scheduled."""
        ms = self.next_deadline_ms
        return None if ms < 0 else from_ms(ms)

    @property
    def pending_ops(self) -> int:
        """Number of operations still pending."""
        return int(lib.lcc_context_pending_ops(self._ptr))

    def wait(self, timeout: Optional[float] = None) -> None:
        """Drives the context until no operation is pending, for at most
        ``timeout`` seconds of real time (None: no limit).  Raises
        OperationTimeoutError when the time ran out first."""
        ms = -1 if timeout is None else max(0, int(timeout * 1000))
        self._check(lib.lcc_context_wait(self._ptr, None, ms))

    def wakeup(self) -> None:
        """Wakes the context's loop (safe from any thread)."""
        lib.lcc_context_wakeup(self._ptr)

    def set_wakeup(self, fn: Optional[Callable[[], None]]) -> None:
        """Sets the wake-up hook (called from any thread after a completion
        is queued; it must be quick and must not call into the library)."""
        if fn is None:
            self._check(lib.lcc_context_set_wakeup(self._ptr, ctypes.cast(0, _native.WAKEUP_FN), None))
            self._hooks.pop("wakeup", None)
            return
        wself = weakref.ref(self)
        wake: Callable[[], None] = fn

        def _hook(_ud: Any) -> None:
            ctx = wself()
            if ctx is not None:
                guard(ctx, "wakeup", wake, None)
        cb = _native.WAKEUP_FN(_hook)
        self._check(lib.lcc_context_set_wakeup(self._ptr, cb, None))
        self._hooks["wakeup"] = cb

    def _manual_clock(self) -> ManualClock:
        if not isinstance(self._clock, ManualClock):
            raise MisuseError("advance() and run_until() need a Context(clock=ManualClock(...))")
        return self._clock

    def run_until(self, when: Instant) -> None:
        """With a :class:`ManualClock`: moves the clock to ``when``, stopping
        at each deadline on the way to run what is due, so that timers fire
        at their own time."""
        clock = self._manual_clock()
        target = to_ms(when)
        same = 0
        last = None
        while True:
            nxt = self.next_deadline_ms
            if nxt < 0 or nxt > target:
                break
            same = same + 1 if nxt == last else 0
            if same > 1000:
                break  # a deadline run_due does not clear: do not spin for ever
            last = nxt
            if nxt > clock.now_ms:
                clock.set(nxt)
            self.run_due()
        if target > clock.now_ms:
            clock.set(target)
        self.run_due()

    def advance(self, delta: Duration) -> None:
        """With a :class:`ManualClock`: :meth:`run_until` now + ``delta``."""
        clock = self._manual_clock()
        self.run_until(clock.now_ms + duration_ms(delta))

    # ---- directory ---------------------------------------------------------

    def add_agent(self, id: str, name: str, **settings: Any) -> "Agent":
        """Creates an agent (see :class:`~contactcore.directory.Agent`)."""
        from .directory import Agent
        return Agent(self, id, name, **settings)

    def add_queue(self, id: str, name: str, **settings: Any) -> "Queue":
        """Creates a queue (see :class:`~contactcore.directory.Queue`)."""
        from .directory import Queue
        return Queue(self, id, name, **settings)

    def add_conversation(self, id: str, media: Any = 0, **settings: Any) -> "Conversation":
        """Creates a conversation (see :class:`~contactcore.directory.Conversation`)."""
        from .directory import Conversation
        return Conversation(self, id, media, **settings)

    def add_entry_point(self, id: str, name: str, channel: "Channel") -> "EntryPoint":
        """Creates an SMS or email entry point."""
        from .directory import EntryPoint
        return EntryPoint(self, id, name, channel)

    def find_agent(self, id: str) -> "Optional[Agent]":
        """The agent with this id, or None."""
        from .directory import Agent
        return Agent._wrap(self, lib.lcc_context_find_agent(self._ptr, enc(id)))

    def find_queue(self, id: str) -> "Optional[Queue]":
        """The queue with this id, or None."""
        from .directory import Queue
        return Queue._wrap(self, lib.lcc_context_find_queue(self._ptr, enc(id)))

    def find_conversation(self, id: str) -> "Optional[Conversation]":
        """The conversation with this id, or None."""
        from .directory import Conversation
        return Conversation._wrap(self, lib.lcc_context_find_conversation(self._ptr, enc(id)))

    def find_entry_point(self, id: str) -> "Optional[EntryPoint]":
        """The entry point with this id, or None."""
        from .directory import EntryPoint
        return EntryPoint._wrap(self, lib.lcc_context_find_entry_point(self._ptr, enc(id)))

    def entry_points(self, channel: "Channel") -> "List[EntryPoint]":
        """The entry points of a channel, in creation order."""
        from .directory import EntryPoint
        p = self._ptr
        n = lib.lcc_context_entry_point_count(p, int(channel))
        out = [EntryPoint._wrap(self, lib.lcc_context_entry_point(p, int(channel), i))
               for i in range(n)]
        return [e for e in out if e is not None]

    def find_callback(self, id: str) -> "Optional[Callback]":
        """The callback with this id ("cb-1", ...), or None."""
        from .callbacks import Callback
        return Callback._wrap(self, lib.lcc_context_find_callback(self._ptr, enc(id)))

    def find_callback_for_conversation(self, conversation: Any) -> "Optional[Callback]":
        """The callback scheduled from a conversation (CB-SINGLE), or None."""
        from ._util import ident
        from .callbacks import Callback
        return Callback._wrap(self, lib.lcc_context_find_callback_for_conversation(
            self._ptr, ident(conversation)))

    def draft_callback(self, conversation: "Conversation", agent: "Agent") -> "CallbackDraft":
        """Starts a callback draft for the caller of ``conversation``, by ``agent``."""
        from .callbacks import CallbackDraft
        return CallbackDraft(self, conversation, agent)

    @property
    def engine(self) -> "Optional[Engine]":
        """The context's engine, or None."""
        from .engine import Engine
        return Engine._wrap(self, lib.lcc_context_engine(self._ptr))

    # ---- canned responses (SL-CANNED) --------------------------------------

    def add_canned(self, name: str, text: str) -> None:
        """Adds or replaces a canned response (``{{agent.name}}`` ... placeholders)."""
        self._check(lib.lcc_canned_add(self._ptr, enc(name), enc(text)))

    def remove_canned(self, name: str) -> None:
        """Removes a canned response (NotFoundError when there is none)."""
        self._check(lib.lcc_canned_remove(self._ptr, enc(name)))

    @property
    def canned(self) -> Dict[str, str]:
        """The canned responses, name -> text (a copy), in byte order of names."""
        p = self._ptr
        out: Dict[str, str] = {}
        for i in range(lib.lcc_canned_count(p)):
            name = lib.lcc_canned_name(p, i)
            if name is not None:
                out[name.decode("utf-8", "replace")] = dec(lib.lcc_canned_text(p, name)) or ""
        return out

    # ---- backend -----------------------------------------------------------

    def set_backend(self, api_url: str, login_url: Optional[str] = None) -> None:
        """Sets the backend's API root and login root (for /oauth/token)."""
        self._check(lib.lcc_context_set_backend(self._ptr, enc(api_url), enc(login_url)))

    def set_client_credentials(self, client_id: Optional[str],
                               client_secret: Optional[str]) -> None:
        """Uses OAuth 2 client credentials (None, None turns them off)."""
        self._check(lib.lcc_context_set_client_credentials(self._ptr, enc(client_id),
                                                           enc(client_secret)))

    def set_access_token(self, token: Optional[str],
                         expires_at: Optional[Instant] = None) -> None:
        """Uses a bearer token the host obtained (None forgets it)."""
        exp = 0 if expires_at is None else to_ms(expires_at)
        self._check(lib.lcc_context_set_access_token(self._ptr, enc(token), exp))

    def set_token_hook(self, fn: "Optional[Callable[[Context], None]]") -> None:
        """Sets the hook asking for a new token (after a 401); it answers,
        now or later, with :meth:`set_access_token`."""
        if fn is None:
            self._check(lib.lcc_context_set_token_hook(self._ptr, ctypes.cast(0, _native.TOKEN_FN), None))
            self._hooks.pop("token", None)
            return
        wself = weakref.ref(self)
        ask: "Callable[[Context], None]" = fn

        def _hook(_ctx: Any, _ud: Any) -> None:
            ctx = wself()
            if ctx is not None:
                guard(ctx, "token", ask, None, ctx)
        cb = _native.TOKEN_FN(_hook)
        self._check(lib.lcc_context_set_token_hook(self._ptr, cb, None))
        self._hooks["token"] = cb

    def set_request_policy(self, timeout: Optional[Duration] = None,
                           max_attempts: Optional[int] = None,
                           retry_budget: Optional[Duration] = None) -> None:
        """Sets the per-request timeout, the attempts per operation and the
        total time budget of an operation (None: the default)."""
        self._check(lib.lcc_context_set_request_policy(
            self._ptr, 0 if timeout is None else duration_ms(timeout),
            0 if max_attempts is None else int(max_attempts),
            0 if retry_budget is None else duration_ms(retry_budget)))

    def ingest_notification(self, message: Union[str, bytes, Mapping[str, Any]]) -> None:
        """Feeds one server notification (``{"topicName": ..., "eventBody": ...}``)."""
        if isinstance(message, Mapping):
            message = json.dumps(message)
        raw = enc(message) or b""
        self._check(lib.lcc_context_ingest_notification(self._ptr, raw, len(raw)))

    # ---- transports --------------------------------------------------------

    def _retire_transport(self) -> None:
        old = self._transport
        if isinstance(old, CurlTransport):
            old._invalidate()
        elif old is not None and not getattr(old, "destroyed", True):
            self._retired.append(old)  # C may still call it: keep it alive
        self._transport = None

    def set_transport(self, send: "Optional[Callable[[Request], Optional[Response]]]", *,
                      cancel: "Optional[Callable[[Request], None]]" = None) -> None:
        """Installs a Python transport (None removes the transport).

        ``send(request)`` gets a :class:`~contactcore.transport.Request`
        and either returns the answer at once (a
        :class:`~contactcore.transport.Response`, or a tuple ``(status,
        body)`` / ``(status, body, headers)``; a dict body is sent as JSON)
        or returns None and completes it later with ``request.complete()``
        or ``request.fail()``.  If ``send`` raises, the exception is
        recorded and the library sees the request refused (LCC_EIO).
        """
        from .transport import PyTransport
        if send is None:
            self._check(lib.lcc_context_set_transport(self._ptr, None))
            self._retire_transport()
            return
        adapter = PyTransport(self, send, cancel)
        self._check(lib.lcc_context_set_transport(self._ptr, ctypes.byref(adapter.vtable)))
        self._retire_transport()
        self._transport = adapter

    def install_curl(self, *, ca_file: Optional[str] = None, user_agent: Optional[str] = None,
                     max_connections: int = 0) -> CurlTransport:
        """Installs the built-in libcurl transport (driven by :meth:`wait`).
        Raises NotSupportedError when the library was built without libcurl."""
        params = _native.lcc_curl_params.init(max_connections=max_connections)
        ca = enc(ca_file)
        ua = enc(user_agent)
        if ca is not None:
            params.ca_file = ca
        if ua is not None:
            params.user_agent = ua
        out = ctypes.c_void_p()
        self._check(lib.lcc_curl_transport_install(ctypes.byref(out), self._ptr,
                                                   ctypes.byref(params)))
        self._retire_transport()
        t = CurlTransport._wrap(self, out.value)
        self._transport = t
        return t  # type: ignore[return-value]

    def fetch_transfer_targets(self, agent_profile_id: str, channel: "Channel",
                               state: Optional[str] = None) -> "Op":
        """Asks the backend for the queues and agents a conversation on
        ``channel`` (SMS or email) can be transferred to; read them with
        ``op.transfer_targets`` once it finished (OB-TRANSFER)."""
        from .operation import Op
        op = ctypes.c_void_p()
        self._check(lib.lcc_transfer_list_fetch(ctypes.byref(op), self._ptr,
                                                enc(agent_profile_id), int(channel), enc(state)))
        return Op._own(self, op.value)

    # ---- phone validator -----------------------------------------------------

    def set_phone_validator(self, fn: Optional[Callable[[str, str], Union[bool, str, None]]]
                            ) -> None:
        """Installs a phone validator: ``fn(e164, region)`` returns True/None to
        accept, False or a reason (str) to refuse.  A validator that raises
        refuses the number (and the error is recorded)."""
        from .phone import set_validator
        set_validator(self, fn)

    # ---- time zones and phone numbers (see tz.py, phone.py) ------------------

    def check_zone(self, zone: Any) -> None:
        """Raises UnknownZoneError unless ``zone`` is in the tz database."""
        from . import tz
        tz.check(self, zone)

    def zone_names(self) -> List[str]:
        """Every zone and link name of the tz database, sorted."""
        from . import tz
        return tz.names(self)

    def to_local(self, when: Instant, zone: Any) -> _dt.datetime:
        """The local time of an instant in ``zone`` (a fixed-offset aware datetime)."""
        from . import tz
        return tz.to_local(self, when, zone)

    def to_utc(self, local: _dt.datetime, zone: Any = None,
               disambiguation: Any = 0) -> _dt.datetime:
        """The instant of a local time: naive in ``zone``, or aware with a
        ``ZoneInfo`` (see :func:`contactcore.tz.to_utc`)."""
        from . import tz
        return tz.to_utc(self, local, zone, disambiguation)

    def normalize_phone(self, number: str, default_country: Optional[str] = None) -> Any:
        """Normalises a phone number (see :func:`contactcore.phone.normalize`)."""
        from . import phone
        return phone.normalize(self, number, default_country)
