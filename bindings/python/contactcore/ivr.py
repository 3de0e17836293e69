"""IVR scripts that offer callbacks: parse, check, explain and run them.

::

    script = Ivr.parse(ctx, open("ivr.yaml").read())      # ValidationError with the report
    print(script.explain())
    with script.session("+33142685300", "support", call_id="call-1") as call:
        for step in call.start(agents_online=True):
            print(step.action.name, step.text)
        call.press("2")                                      # -> CALLBACK, HANGUP

``Ivr.check(ctx, text)`` returns the report without raising (each entry
with its rule id, field path, line and column).
"""
from __future__ import annotations

import ctypes
import enum
from typing import TYPE_CHECKING, List, NamedTuple, Optional, Tuple, Union

from ._handle import OwnedHandle
from ._lib import lib
from ._util import dec, enc, ident, take_buffer
from .errors import Status
from .report import Report

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

__all__ = ["Ivr", "IvrSession", "IvrFormat", "IvrInput", "IvrWait", "IvrAction", "IvrStep"]


class IvrFormat(enum.IntEnum):
    """``lcc_ivr_format``: the script's language."""

    AUTO = 0
    YAML = 1
    JSON = 2


class IvrInput(enum.IntEnum):
    """``lcc_ivr_input``: what happened on the call."""

    AGENTS_ONLINE = 1
    AGENTS_OFFLINE = 2
    ALL_BUSY = 3
    ANSWERED = 4
    KEY = 5
    TIMEOUT = 6
    HANGUP = 7


class IvrWait(enum.IntEnum):
    """``lcc_ivr_wait``: what a session waits for."""

    START = 0
    KEY = 1
    RING = 2
    QUEUE = 3
    DONE = 4


class IvrAction(enum.IntEnum):
    """``lcc_ivr_action``: an action for the host, or a mark of the call's path."""

    ENTER = 1
    PLAY = 2
    COLLECT = 3
    SELECT = 4
    RING = 5
    WAIT = 6
    CONNECTED = 7
    VOICEMAIL = 8
    CALLBACK = 9
    HANGUP = 10
    HUNG_UP = 11


class IvrStep(NamedTuple):
    """One action of a step: what to do, its text (URL, keys, queue id,
    number; None for HANGUP/HUNG_UP) and the script line behind it (0: none)."""

    action: IvrAction
    text: Optional[str]
    line: int


def _raw(text: Union[str, bytes]) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


class Ivr(OwnedHandle):
    """A checked IVR script (immutable), owned by its context.  Make one with
    :meth:`parse`.  Sessions keep working after the script is closed."""

    _kind = "IVR script"
    _free_name = "lcc_ivr_free"
    _report: Report

    @staticmethod
    def _parse(ctx: "Context", text: Union[str, bytes],
               format: IvrFormat) -> Tuple[int, Optional[int], Report]:
        raw = _raw(text)
        out, rep = ctypes.c_void_p(), ctypes.c_void_p()
        st = lib.lcc_ivr_parse(ctypes.byref(out), ctypes.byref(rep), ctx._ptr, raw, len(raw),
                               int(format))
        report = Report._take(rep.value) or Report()
        return st, out.value, report

    @classmethod
    def parse(cls, ctx: "Context", text: Union[str, bytes],
              format: IvrFormat = IvrFormat.AUTO) -> "Ivr":
        """Parses and checks a YAML or JSON script.  Raises ValidationError
        (``.report`` with IVR-* entries at their line and column) when it has
        errors; the script's warnings are in :attr:`report`."""
        st, h, report = cls._parse(ctx, text, format)
        if st != 0:
            raise ctx._error(st, report)
        ivr = cls.__new__(cls)
        OwnedHandle.__init__(ivr, ctx, h)  # type: ignore[arg-type]
        ivr._report = report
        return ivr

    @classmethod
    def check(cls, ctx: "Context", text: Union[str, bytes],
              format: IvrFormat = IvrFormat.AUTO) -> Report:
        """The report of a script (errors and warnings) without keeping it."""
        st, h, report = cls._parse(ctx, text, format)
        if h:
            lib.lcc_ivr_free(h)
        if st not in (0, Status.EVALIDATION):
            raise ctx._error(st, report)
        return report

    @property
    def report(self) -> Report:
        """The report of the parse (warnings only: a script with errors is refused)."""
        return getattr(self, "_report", Report())

    @property
    def sections(self) -> List[str]:
        """Section names in the script's order."""
        p = self._ptr
        return [dec(lib.lcc_ivr_section_name(p, i)) or ""
                for i in range(lib.lcc_ivr_section_count(p))]

    def explain(self) -> str:
        """The script explained for a person, one line per command."""
        buf = ctypes.c_void_p()
        n = ctypes.c_size_t()
        st = lib.lcc_ivr_explain(ctypes.byref(buf), ctypes.byref(n), self._ptr)
        data = take_buffer(buf, n.value)
        self._ctx._check(st)
        return data.decode("utf-8", "replace")

    def session(self, caller: str, queue: object,
                call_id: Optional[str] = None) -> "IvrSession":
        """Starts a call through the script (see :class:`IvrSession`)."""
        return IvrSession(self, caller, queue, call_id)


class IvrSession(OwnedHandle):
    """One call running through a script.  Step it with what happened and
    perform the actions it returns, in order.  With an engine on the
    context, a ``callback`` command files an immediate callback there."""

    _kind = "IVR session"
    _free_name = "lcc_ivr_session_free"

    def __init__(self, ivr: Ivr, caller: str, queue: object,
                 call_id: Optional[str] = None) -> None:
        ctx = ivr._ctx
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_ivr_session_new(ctypes.byref(out), ivr._ptr, enc(caller),
                                           ident(queue), enc(call_id)))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]

    def step(self, input: IvrInput, key: Optional[str] = None) -> List[IvrStep]:
        """Steps the call with an input (``key``: one DTMF key "0"-"9", "*",
        "#" for ``IvrInput.KEY``) and returns the actions it produced.
        StateError when the session does not wait for that input."""
        k = 0
        if key is not None:
            if len(key) != 1:
                raise ValueError("a DTMF key is one character: 0-9, * or #")
            k = ord(key)
        self._ctx._check(lib.lcc_ivr_session_step(self._ptr, int(input), k))
        return self.actions

    def start(self, agents_online: bool = True) -> List[IvrStep]:
        """The call starts: ``online`` runs when agents are online, else ``offline``."""
        return self.step(IvrInput.AGENTS_ONLINE if agents_online else IvrInput.AGENTS_OFFLINE)

    def press(self, key: str) -> List[IvrStep]:
        """The caller pressed a DTMF key."""
        return self.step(IvrInput.KEY, key)

    def timeout(self) -> List[IvrStep]:
        """No key in time (or: run ``queue`` again while waiting in the queue)."""
        return self.step(IvrInput.TIMEOUT)

    def answered(self) -> List[IvrStep]:
        """An agent took the call."""
        return self.step(IvrInput.ANSWERED)

    def all_busy(self) -> List[IvrStep]:
        """Every agent is busy after RING."""
        return self.step(IvrInput.ALL_BUSY)

    def hang_up(self) -> List[IvrStep]:
        """The caller hung up."""
        return self.step(IvrInput.HANGUP)

    @property
    def wait(self) -> IvrWait:
        """What the session waits for."""
        return IvrWait(lib.lcc_ivr_session_wait(self._ptr))

    @property
    def done(self) -> bool:
        """True when the session is over."""
        return self.wait == IvrWait.DONE

    @property
    def actions(self) -> List[IvrStep]:
        """The actions of the last step."""
        p = self._ptr
        return [IvrStep(IvrAction(lib.lcc_ivr_session_action(p, i)),
                        dec(lib.lcc_ivr_session_action_text(p, i)),
                        int(lib.lcc_ivr_session_action_line(p, i)))
                for i in range(lib.lcc_ivr_session_action_count(p))]

    @property
    def callback_id(self) -> Optional[str]:
        """The id of the callback the session filed in the engine, or None."""
        return dec(lib.lcc_ivr_session_callback_id(self._ptr))
