"""Callback drafts and scheduled callbacks (rules CB-*).

The flow::

    with ctx.draft_callback(conversation, agent) as draft:
        draft.time_zone = ZoneInfo("Europe/Paris")
        draft.schedule(datetime(2026, 11, 23, 9, 30))    # local time in that zone
        draft.set_number("01 42 68 53 00", "FR")
        report = draft.validate()                         # every problem at once
        callback = draft.commit()                         # or ValidationError

``ValidationError.report`` lists each entry with its rule id ("CB-HORIZON"),
field ("date"), code, severity and sentence.
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import enum
from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence

from ._handle import Handle, OwnedHandle
from ._lib import lib
from ._util import INT64_MIN, Instant, Zone, dec, enc, from_ms, ident, to_ms, zone_name
from .errors import Status
from .report import Report
from .tz import Disambiguation

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context
    from .directory import Agent, Conversation
    from .operation import Op

__all__ = ["CallbackDraft", "Callback", "CallbackState", "CallbackSync"]


class CallbackState(enum.IntEnum):
    """``lcc_callback_state``."""

    SCHEDULED = 0  #: waiting for its time
    CANCELLED = 1  #: cancelled (still counts for CB-SINGLE)
    REJECTED = 2   #: the backend refused to create it


class CallbackSync(enum.IntEnum):
    """``lcc_callback_sync``: where a callback stands with the backend."""

    LOCAL = 0
    PENDING = 1
    SYNCED = 2
    FAILED = 3
    UNKNOWN = 4


class CallbackDraft(OwnedHandle):
    """A callback being composed by an agent after a conversation.

    Setters refuse only what cannot be represented (invalid UTF-8, Feb 30);
    everything else, unknown zones and bad numbers included, is judged by
    :meth:`validate` so that every problem is reported together.  Freed by
    :meth:`close`, a ``with`` block, garbage collection or its context.
    """

    _kind = "callback draft"
    _free_name = "lcc_callback_draft_free"

    def __init__(self, ctx: "Context", conversation: "Conversation", agent: "Agent") -> None:
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_callback_draft_new(ctypes.byref(out), ctx._ptr, conversation._ptr,
                                              agent._ptr))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]
        self._immediate = False
        self._disambiguation = Disambiguation.COMPATIBLE

    def _c(self, st: int) -> None:
        self._ctx._check(st)

    # ---- when -------------------------------------------------------------

    def set_date(self, date: _dt.date) -> None:
        """Sets the local date (in the effective zone)."""
        self._c(lib.lcc_callback_draft_set_date(self._ptr, date.year, date.month, date.day))

    def set_time(self, time: _dt.time) -> None:
        """Sets the local time of day (hour and minute; seconds are ignored)."""
        self._c(lib.lcc_callback_draft_set_time(self._ptr, time.hour, time.minute))

    def schedule(self, when: _dt.datetime) -> None:
        """Sets date and time at once.

        * a naive datetime is a local time in the effective zone;
        * an aware datetime with a ``zoneinfo.ZoneInfo`` sets that zone as the
          callee's zone (CB-TZ) and its wall time;
        * any other aware datetime is an instant, shown in the effective zone.

        Minutes are the precision of a callback: seconds are dropped.
        """
        if when.tzinfo is not None and when.utcoffset() is not None:
            key = getattr(when.tzinfo, "key", None)
            if isinstance(key, str):
                self.time_zone = key
            else:
                when = self._ctx.to_local(when, self.effective_time_zone).replace(tzinfo=None)
        self.set_date(when.date())
        self.set_time(when.time())

    @property
    def immediate(self) -> bool:
        """"As soon as possible" (no scheduled time; CB-PAST) when True."""
        return self._immediate

    @immediate.setter
    def immediate(self, value: bool) -> None:
        self._c(lib.lcc_callback_draft_set_immediate(self._ptr, 1 if value else 0))
        self._immediate = bool(value)

    @property
    def time_zone(self) -> str:
        """The effective zone name (the callee's, else the agent's, else "UTC").
        Setting it sets the callee's zone (CB-TZ): a name, a ZoneInfo, or None
        to clear; an unknown name is reported by :meth:`validate`."""
        return dec(lib.lcc_callback_draft_time_zone(self._ptr)) or "UTC"

    @time_zone.setter
    def time_zone(self, zone: Optional[Zone]) -> None:
        self._c(lib.lcc_callback_draft_set_time_zone(self._ptr, enc(zone_name(zone))))

    @property
    def effective_time_zone(self) -> str:
        """Same as reading :attr:`time_zone`."""
        return self.time_zone

    @property
    def disambiguation(self) -> Disambiguation:
        """How a local time in a gap or fold is resolved (CB-TZ-GAP, CB-TZ-FOLD)."""
        return self._disambiguation

    @disambiguation.setter
    def disambiguation(self, how: Disambiguation) -> None:
        self._c(lib.lcc_callback_draft_set_disambiguation(self._ptr, int(how)))
        self._disambiguation = Disambiguation(how)

    @property
    def local_time(self) -> _dt.datetime:
        """The effective local date and time (set values or defaults) as a
        naive datetime in :attr:`time_zone`."""
        v = [ctypes.c_int() for _ in range(5)]
        self._c(lib.lcc_callback_draft_local_time(self._ptr, *(ctypes.byref(x) for x in v)))
        year, month, day, hour, minute = (x.value for x in v)
        return _dt.datetime(year, month, day, hour, minute)

    @property
    def scheduled_at(self) -> Optional[_dt.datetime]:
        """The instant the callback would be at (UTC), None when immediate.
        Raises the zone's error when the effective zone cannot be loaded."""
        if self._immediate:
            return None
        return self._ctx.to_utc(self.local_time, self.time_zone, self._disambiguation)

    # ---- who and where ----------------------------------------------------

    @property
    def number(self) -> Optional[str]:
        """The number as entered, or the conversation's ANI (CB-NUMBER-DEFAULT).
        Setting it is :meth:`set_number` without a default country."""
        return dec(lib.lcc_callback_draft_number(self._ptr))

    @number.setter
    def number(self, number: str) -> None:
        self.set_number(number)

    def set_number(self, number: str, default_country: Optional[str] = None) -> None:
        """Sets the number to call (CB-NUMBER); ``default_country`` (ISO 3166
        alpha-2) reads national numbers."""
        self._c(lib.lcc_callback_draft_set_number(self._ptr, enc(number), enc(default_country)))

    @property
    def queue_id(self) -> Optional[str]:
        """The queue the callback would go to (chosen or original).  Settable
        with a Queue or id; None goes back to the original (CB-QUEUE)."""
        return dec(lib.lcc_callback_draft_queue_id(self._ptr))

    @queue_id.setter
    def queue_id(self, queue: Any) -> None:
        self._c(lib.lcc_callback_draft_set_queue(self._ptr, ident(queue)))

    def set_route_to_me(self, value: bool = True) -> None:
        """"Route the callback to me if possible" (CB-ROUTE-ME)."""
        self._c(lib.lcc_callback_draft_set_route_to_me(self._ptr, 1 if value else 0))

    def set_take_ownership(self, value: bool = True) -> None:
        """"Take ownership" of the callback (CB-OWN, CB-OWN-HORIZON)."""
        self._c(lib.lcc_callback_draft_set_take_ownership(self._ptr, 1 if value else 0))

    def set_caller_id(self, number: Optional[str], name: Optional[str] = None) -> None:
        """Sets the caller ID shown to the callee (CB-CALLERID); None clears."""
        self._c(lib.lcc_callback_draft_set_caller_id(self._ptr, enc(number), enc(name)))

    def set_callee_name(self, name: Optional[str]) -> None:
        """Sets the callee's name; None clears."""
        self._c(lib.lcc_callback_draft_set_callee_name(self._ptr, enc(name)))

    def set_data(self, key: str, value: Optional[str]) -> None:
        """Sets (or with None removes) an entry of the callback's data map."""
        self._c(lib.lcc_callback_draft_set_data(self._ptr, enc(key), enc(value)))

    def update(self, **fields: Any) -> "CallbackDraft":
        """Sets several things at once: ``when``, ``date``, ``time``,
        ``time_zone``, ``number`` (or ``(number, country)``), ``queue``,
        ``immediate``, ``route_to_me``, ``take_ownership``, ``caller_id``
        (number or ``(number, name)``), ``callee_name``, ``data`` (dict),
        ``disambiguation``.  Returns the draft."""
        order = ["time_zone", "disambiguation", "when", "date", "time", "immediate", "number",
                 "queue", "route_to_me", "take_ownership", "caller_id", "callee_name", "data"]
        unknown = set(fields) - set(order)
        if unknown:
            raise TypeError(f"unknown draft field(s): {', '.join(sorted(unknown))}")
        for k in order:
            if k not in fields:
                continue
            v = fields[k]
            if k == "when":
                self.schedule(v)
            elif k == "date":
                self.set_date(v)
            elif k == "time":
                self.set_time(v)
            elif k == "number":
                self.set_number(*(v if isinstance(v, tuple) else (v,)))
            elif k == "queue":
                self.queue_id = v
            elif k == "route_to_me":
                self.set_route_to_me(v)
            elif k == "take_ownership":
                self.set_take_ownership(v)
            elif k == "caller_id":
                self.set_caller_id(*(v if isinstance(v, tuple) else (v,)))
            elif k == "callee_name":
                self.set_callee_name(v)
            elif k == "data":
                for dk, dv in dict(v).items():
                    self.set_data(dk, dv)
            else:
                setattr(self, k, v)
        return self

    # ---- validate and commit ---------------------------------------------

    def validate(self) -> Report:
        """Checks the draft against every rule; returns the report (errors
        and warnings) without raising for rule failures."""
        rep = ctypes.c_void_p()
        st = lib.lcc_callback_draft_validate(ctypes.byref(rep), self._ptr)
        report = Report._take(rep.value)
        if st not in (0, Status.EVALIDATION):
            raise self._ctx._error(st, report)
        return report if report is not None else Report()

    def commit(self) -> "Callback":
        """Validates and records the callback in the context.  Raises
        ValidationError (with ``.report``) when a rule fails; the draft is
        spent after a successful commit (committing again reports CB-SINGLE)."""
        cb = ctypes.c_void_p()
        rep = ctypes.c_void_p()
        st = lib.lcc_callback_draft_commit(ctypes.byref(cb), ctypes.byref(rep), self._ptr)
        report = Report._take(rep.value)
        if st != 0:
            raise self._ctx._error(st, report)
        callback = Callback._wrap(self._ctx, cb.value)
        assert callback is not None
        callback._last_report = report
        return callback


class Callback(Handle):
    """A scheduled callback, owned by its context (never freed alone)."""

    _kind = "callback"

    def _init_wrapped(self) -> None:
        self._last_report: Optional[Report] = None

    @property
    def report(self) -> Optional[Report]:
        """The validation report of the commit that made it (warnings), if known."""
        return getattr(self, "_last_report", None)

    def _s(self, fn: str) -> Optional[str]:
        return dec(getattr(lib, fn)(self._ptr))

    @property
    def id(self) -> str:
        """Context-unique id ("cb-1", ...)."""
        return self._s("lcc_callback_id") or ""

    @property
    def conversation_id(self) -> str:
        """Id of the conversation it was scheduled from."""
        return self._s("lcc_callback_conversation_id") or ""

    @property
    def agent_id(self) -> Optional[str]:
        """Id of the agent who scheduled it."""
        return self._s("lcc_callback_agent_id")

    @property
    def queue_id(self) -> Optional[str]:
        """Id of its queue."""
        return self._s("lcc_callback_queue_id")

    @property
    def owner_id(self) -> Optional[str]:
        """Id of the owning agent (CB-OWN), or None."""
        return self._s("lcc_callback_owner_id")

    @property
    def preferred_agent_id(self) -> Optional[str]:
        """Id of the preferred agent (CB-ROUTE-ME), or None."""
        return self._s("lcc_callback_preferred_agent_id")

    @property
    def number(self) -> str:
        """The number to call in E.164."""
        return self._s("lcc_callback_number") or ""

    @property
    def extension(self) -> str:
        """Its extension, or ""."""
        return self._s("lcc_callback_extension") or ""

    @property
    def immediate(self) -> bool:
        """True for an "as soon as possible" callback."""
        return int(lib.lcc_callback_scheduled_ms(self._ptr)) == INT64_MIN

    @property
    def scheduled_at(self) -> Optional[_dt.datetime]:
        """The scheduled instant (UTC), or None when immediate."""
        ms = int(lib.lcc_callback_scheduled_ms(self._ptr))
        return None if ms == INT64_MIN else from_ms(ms)

    @property
    def time_zone(self) -> Optional[str]:
        """The callee's zone as entered, or None."""
        return self._s("lcc_callback_time_zone")

    @property
    def local_time(self) -> Optional[_dt.datetime]:
        """The scheduled instant in the callee's zone (else UTC), or None."""
        at = self.scheduled_at
        if at is None:
            return None
        return self._ctx.to_local(at, self.time_zone or "UTC")

    @property
    def caller_id(self) -> Optional[str]:
        """Caller ID in E.164, or None."""
        return self._s("lcc_callback_caller_id")

    @property
    def caller_id_name(self) -> Optional[str]:
        """Caller ID name, or None."""
        return self._s("lcc_callback_caller_id_name")

    @property
    def callee_name(self) -> Optional[str]:
        """Callee name, or None."""
        return self._s("lcc_callback_callee_name")

    @property
    def data(self) -> Dict[str, str]:
        """The data map (a copy), sorted by key."""
        p = self._ptr
        return {dec(lib.lcc_callback_data_key(p, i)) or "": dec(lib.lcc_callback_data_value(p, i)) or ""
                for i in range(lib.lcc_callback_data_count(p))}

    @property
    def state(self) -> CallbackState:
        """SCHEDULED, CANCELLED or REJECTED."""
        return CallbackState(lib.lcc_callback_get_state(self._ptr))

    @property
    def sync(self) -> CallbackSync:
        """Where it stands with the backend."""
        return CallbackSync(lib.lcc_callback_get_sync(self._ptr))

    @property
    def remote_id(self) -> Optional[str]:
        """The backend's conversation id, or None before it was created there."""
        return self._s("lcc_callback_remote_id")

    def remote_callback_id(self, type: str) -> Optional[str]:
        """The backend's callback identifier of a type ("EXTERNAL", "ACD"), or None."""
        return dec(lib.lcc_callback_remote_callback_id(self._ptr, enc(type)))

    # ---- local changes ----------------------------------------------------

    def cancel(self, by: "Agent") -> Report:
        """Cancels it on behalf of ``by`` (CB-CANCEL); ValidationError when refused."""
        rep = ctypes.c_void_p()
        st = lib.lcc_callback_cancel(ctypes.byref(rep), self._ptr, by._ptr)
        return self._ctx._check(st, rep.value) or Report()

    def reschedule(self, by: "Agent", when: Instant) -> Report:
        """Moves it to another instant on behalf of ``by`` (CB-RESCHEDULE);
        ValidationError when refused (nothing changes)."""
        rep = ctypes.c_void_p()
        st = lib.lcc_callback_reschedule(ctypes.byref(rep), self._ptr, by._ptr, to_ms(when))
        return self._ctx._check(st, rep.value) or Report()

    # ---- backend ------------------------------------------------------------

    def submit(self, after_unknown: bool = False) -> "Op":
        """Creates it on the backend (POST /api/v2/conversations/callbacks).
        ``after_unknown``: the host checked that an earlier submission with an
        unknown outcome did not create it."""
        from .operation import Op
        op = ctypes.c_void_p()
        self._ctx._check(lib.lcc_callback_submit(ctypes.byref(op), self._ptr,
                                                 1 if after_unknown else 0))
        return Op._own(self._ctx, op.value, keep=self)

    def withdraw(self) -> None:
        """Gives it up when the backend does not have it (never submitted, or
        its submission failed before reaching the backend): it becomes
        rejected and its conversation is free for a new draft.  StateError
        when it is on the backend or may be, or has an operation in flight."""
        self._ctx._check(lib.lcc_callback_withdraw(self._ptr))

    def set_remote_id(self, conversation_id: str) -> None:
        """Records the backend's id after an unknown outcome was reconciled."""
        self._ctx._check(lib.lcc_callback_set_remote_id(self._ptr, enc(conversation_id)))

    def reschedule_remote(self, by: "Agent", when: Instant) -> "Op":
        """Reschedules it on the backend (PATCH), after the local CB-RESCHEDULE checks."""
        from .operation import Op
        op, rep = ctypes.c_void_p(), ctypes.c_void_p()
        self._ctx._check(lib.lcc_callback_reschedule_remote(
            ctypes.byref(op), ctypes.byref(rep), self._ptr, by._ptr, to_ms(when)), rep.value)
        return Op._own(self._ctx, op.value, keep=self)

    def cancel_remote(self, by: "Agent") -> "Op":
        """Cancels it on the backend, after the CB-CANCEL checks."""
        from .operation import Op
        op, rep = ctypes.c_void_p(), ctypes.c_void_p()
        self._ctx._check(lib.lcc_callback_cancel_remote(
            ctypes.byref(op), ctypes.byref(rep), self._ptr, by._ptr), rep.value)
        return Op._own(self._ctx, op.value, keep=self)

    def fetch(self) -> "Op":
        """Reads it back from the backend and updates the handle."""
        from .operation import Op
        op = ctypes.c_void_p()
        self._ctx._check(lib.lcc_callback_fetch(ctypes.byref(op), self._ptr))
        return Op._own(self._ctx, op.value, keep=self)

    @staticmethod
    def cancel_remote_bulk(callbacks: "Sequence[Callback]", by: "Agent") -> "Op":
        """Cancels 1..100 synced callbacks of one context in one request."""
        from .operation import Op
        if not callbacks:
            raise ValueError("no callbacks to cancel")
        ctx = callbacks[0]._ctx
        arr = (ctypes.c_void_p * len(callbacks))(*(c._ptr for c in callbacks))
        op, rep = ctypes.c_void_p(), ctypes.c_void_p()
        ctx._check(lib.lcc_callback_cancel_remote_bulk(ctypes.byref(op), ctypes.byref(rep), arr,
                                                       len(callbacks), by._ptr), rep.value)
        return Op._own(ctx, op.value, keep=list(callbacks))

    def __repr__(self) -> str:
        if self._h is None:
            return "<Callback closed>"
        return f"<Callback {self.id!r} {self.state.name} at {self.scheduled_at}>"
