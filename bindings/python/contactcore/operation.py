"""Pending operations against the backend (``lcc_op``)."""
from __future__ import annotations

import enum
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, List, Optional

from . import _native
from ._handle import OwnedHandle, guard
from ._lib import lib
from ._util import dec
from .errors import ContactCoreError, OperationTimeoutError, Status, error_for_status
from .report import Report

if TYPE_CHECKING:  # pragma: no cover
    from .callbacks import Callback
    from .context import Context

__all__ = ["OpKind", "Op", "TransferTo", "TransferTarget"]


class OpKind(enum.IntEnum):
    """``lcc_op_kind``: what an operation does."""

    CALLBACK_CREATE = 1
    CALLBACK_RESCHEDULE = 2
    CALLBACK_CANCEL = 3
    CALLBACK_FETCH = 4
    CALLBACK_BULK_CANCEL = 5
    MESSAGE_SEND = 6
    MESSAGE_REFRESH = 7
    MESSAGE_TASK = 8
    INTERACTION = 9
    TRANSFER_LIST = 10


class TransferTo(enum.IntEnum):
    """``lcc_transfer_to``: where a conversation is transferred."""

    QUEUE = 0
    AGENT = 1


@dataclass(frozen=True)
class TransferTarget:
    """A queue or agent a conversation can be transferred to (OB-TRANSFER):
    for an agent ``available`` is 1 when "Available", for a queue the number
    of its agents available for routing."""

    kind: TransferTo
    id: str
    name: str
    state: Optional[str]
    available: int


class Op(OwnedHandle):
    """A pending operation.  It runs as the context is driven
    (:meth:`Context.run_due`, :meth:`wait`) and finishes once, with one
    status.  Closing (or dropping) a pending operation cancels it quietly.
    """

    _kind = "operation"
    _free_name = "lcc_op_free"

    @classmethod
    def _own(cls, ctx: "Context", h: Optional[int], keep: Any = None) -> "Op":
        op = cls._wrap(ctx, h)
        if op is None:  # pragma: no cover - the library promised an op
            raise error_for_status(Status.EMISUSE, "the library returned no operation")
        op._keep = keep  # the object it acts on stays alive while it runs
        return op

    def _init_wrapped(self) -> None:
        self._keep = None

    @property
    def kind(self) -> "OpKind | int":
        """What the operation does."""
        k = int(lib.lcc_op_get_kind(self._ptr))
        try:
            return OpKind(k)
        except ValueError:
            return k

    @property
    def status(self) -> "Status | int":
        """``Status.EPENDING`` while it runs, then OK or the failure."""
        return Status.of(lib.lcc_op_status(self._ptr))

    @property
    def pending(self) -> bool:
        """True while the operation runs."""
        return self.status == Status.EPENDING

    @property
    def done(self) -> bool:
        """True once it finished (either way)."""
        return not self.pending

    @property
    def ok(self) -> bool:
        """True when it finished successfully."""
        return self.status == Status.OK

    @property
    def message(self) -> str:
        """Detail of a failure ("HTTP 503 from ...; 4 attempts"), else ""."""
        return dec(lib.lcc_op_message(self._ptr)) or ""

    @property
    def report(self) -> Optional[Report]:
        """The backend's error entries (a copy), or None."""
        ptr = lib.lcc_op_report(self._ptr)
        return Report._copy(ptr) if ptr else None

    @property
    def http_status(self) -> int:
        """HTTP status of the last response (0 when none arrived)."""
        return int(lib.lcc_op_http_status(self._ptr))

    @property
    def attempts(self) -> int:
        """Number of requests sent for it so far."""
        return int(lib.lcc_op_attempts(self._ptr))

    @property
    def callback(self) -> "Optional[Callback]":
        """The callback it acts on, or None."""
        from .callbacks import Callback
        return Callback._wrap(self._ctx, lib.lcc_op_callback(self._ptr))

    @property
    def error(self) -> Optional[ContactCoreError]:
        """The exception describing a failure (None while pending or after success)."""
        st = int(lib.lcc_op_status(self._ptr))
        if st in (0, Status.EPENDING):
            return None
        return error_for_status(st, self.message or self._ctx.errmsg, self.report)

    def wait(self, timeout: Optional[float] = None) -> "Status | int":
        """Drives the context until the operation finishes, for at most
        ``timeout`` seconds of real time (None: no limit), and returns its
        status.  Raises OperationTimeoutError if it is still pending."""
        ms = -1 if timeout is None else max(0, int(timeout * 1000))
        st = lib.lcc_context_wait(self._ctx._ptr, self._ptr, ms)
        if st == Status.EMISUSE:
            raise self._ctx._error(st)
        status = self.status
        if status == Status.EPENDING:
            raise OperationTimeoutError(f"the operation is still pending after {timeout} s")
        return status

    def result(self, timeout: Optional[float] = None) -> "Op":
        """Waits (see :meth:`wait`), then raises the failure if there was one
        (with the backend's report); returns the operation."""
        self.wait(timeout)
        err = self.error
        if err is not None:
            raise err
        return self

    def on_done(self, fn: "Callable[[Op, Status | int], None]") -> None:
        """Runs ``fn(op, status)`` once when the operation finishes (on the
        context's thread, from :meth:`Context.run_due`/:meth:`wait`); no
        OPERATION_DONE event is queued for it then.  Nothing runs if it has
        already finished.  An exception raised by ``fn`` is recorded on
        ``ctx.callback_errors``."""
        wself = weakref.ref(self)
        ctx = self._ctx
        hook_fn = fn

        def _hook(_op: Any, status: int, _ud: Any) -> None:
            op = wself()
            if op is not None:
                guard(ctx, "operation done", hook_fn, None, op, Status.of(status))
        cb = _native.OP_DONE_FN(_hook)
        self._ctx._check(lib.lcc_op_set_done_hook(self._ptr, cb, None))
        self._done_hook = cb  # C may call it as long as the op lives

    def cancel(self) -> None:
        """Cancels it now (it finishes with ECANCELED; StateError when it had
        already finished)."""
        self._ctx._check(lib.lcc_op_cancel(self._ptr))

    @property
    def transfer_targets(self) -> List[TransferTarget]:
        """The list a TRANSFER_LIST operation received (empty before success)."""
        lst = lib.lcc_op_transfer_list(self._ptr)
        if not lst:
            return []
        out = []
        for i in range(lib.lcc_transfer_list_count(lst)):
            out.append(TransferTarget(
                kind=TransferTo(lib.lcc_transfer_list_kind(lst, i)),
                id=dec(lib.lcc_transfer_list_id(lst, i)) or "",
                name=dec(lib.lcc_transfer_list_name(lst, i)) or "",
                state=dec(lib.lcc_transfer_list_state(lst, i)),
                available=int(lib.lcc_transfer_list_available(lst, i))))
        return out

    def __repr__(self) -> str:
        if self._h is None:
            return "<Op closed>"
        return f"<Op {getattr(self.kind, 'name', self.kind)} {getattr(self.status, 'name', self.status)}>"
