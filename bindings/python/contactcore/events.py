"""Events pulled from a context (``ctx.events()``), copied into Python objects."""
from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ._lib import lib
from ._util import INT64_MIN, dec, from_ms
from .errors import Status

if TYPE_CHECKING:  # pragma: no cover
    from .callbacks import Callback
    from .context import Context
    from .operation import Op

__all__ = ["EventType", "Event"]


def _enum(cls: Any, value: int) -> Any:
    """The member of ``cls`` for ``value``, or the int for a value this
    binding does not know (a newer library)."""
    try:
        return cls(value)
    except ValueError:
        return value


class EventType(enum.IntEnum):
    """``lcc_event_type``.  New types may be added: an unknown one comes as
    a plain int."""

    OPERATION_DONE = 1
    CALLBACK_CREATED = 2
    CALLBACK_UPDATED = 3
    CALLBACK_CANCELLED = 4
    CALLBACK_REJECTED = 5
    ENGINE_SCHEDULED = 6
    ENGINE_RESCHEDULED = 7
    ENGINE_CANCELLED = 8
    ENGINE_DUE = 9
    ENGINE_OWNERSHIP_EXPIRED = 10
    ENGINE_QUEUED = 11
    ENGINE_OFFERED = 12
    ENGINE_ACCEPTED = 13
    ENGINE_DECLINED = 14
    ENGINE_ENDED = 15
    ENGINE_AGENT_STATUS = 16
    ENGINE_MESSAGE = 17
    MESSAGE_DELIVERY = 18
    IVR_ACTION = 19
    ENGINE_DIALING = 20

    @property
    def short(self) -> str:
        """The name without its family prefix ("DIALING", "OFFERED", ...)."""
        n = self.name
        return n[len("ENGINE_"):] if n.startswith("ENGINE_") else n


@dataclass(frozen=True)
class Event:
    """One event, copied out of the library (the C event is freed at once).

    Fields that do not apply to the type are None (``presence`` and
    ``routing_status`` are None unless AGENT_STATUS).  Enum-valued fields
    are the binding's enums (``Presence``, ``RoutingStatus``,
    ``DeliveryState``, ``IvrAction``).
    """

    type: "EventType | int"
    status: "Status | int" = Status.OK
    conversation_id: Optional[str] = None
    agent_id: Optional[str] = None
    queue_id: Optional[str] = None
    time: Optional[_dt.datetime] = None
    scheduled_at: Optional[_dt.datetime] = None
    presence: Any = None
    routing_status: Any = None
    message_id: Optional[str] = None
    delivery_state: Any = None
    ivr_action: Any = None
    ivr_text: Optional[str] = None
    number: Optional[str] = None
    op: "Optional[Op]" = field(default=None, compare=False)
    callback: "Optional[Callback]" = field(default=None, compare=False)

    @property
    def name(self) -> str:
        """Short type name ("DIALING", "OPERATION_DONE", ...)."""
        return self.type.short if isinstance(self.type, EventType) else str(self.type)

    @classmethod
    def _take(cls, ctx: "Context", ptr: Optional[int]) -> "Optional[Event]":
        if not ptr:
            return None
        try:
            return cls._copy(ctx, ptr)
        finally:
            lib.lcc_event_free(ptr)

    @classmethod
    def _copy(cls, ctx: "Context", ptr: int) -> "Event":
        from .callbacks import Callback
        from .engine import Presence, RoutingStatus
        from .ivr import IvrAction
        from .messages import DeliveryState
        from .operation import Op

        raw_type = int(lib.lcc_event_get_type(ptr))
        try:
            etype: "EventType | int" = EventType(raw_type)
        except ValueError:
            etype = raw_type
        t = int(lib.lcc_event_time_ms(ptr))
        sched = int(lib.lcc_event_scheduled_ms(ptr))
        pres = int(lib.lcc_event_presence(ptr))
        rs = int(lib.lcc_event_routing_status(ptr))
        ds = int(lib.lcc_event_delivery_state(ptr))
        act = int(lib.lcc_event_ivr_action(ptr))
        op_ptr = lib.lcc_event_op(ptr)
        message_id = dec(lib.lcc_event_message_id(ptr))
        is_delivery = etype in (EventType.ENGINE_MESSAGE, EventType.MESSAGE_DELIVERY)
        return cls(
            type=etype,
            status=Status.of(lib.lcc_event_status(ptr)),
            conversation_id=dec(lib.lcc_event_conversation_id(ptr)),
            agent_id=dec(lib.lcc_event_agent_id(ptr)),
            queue_id=dec(lib.lcc_event_queue_id(ptr)),
            time=from_ms(t) if t else None,
            scheduled_at=None if sched in (0, INT64_MIN) else from_ms(sched),
            presence=_enum(Presence, pres) if pres >= 0 else None,
            routing_status=_enum(RoutingStatus, rs) if rs >= 0 else None,
            message_id=message_id,
            delivery_state=_enum(DeliveryState, ds) if is_delivery else None,
            ivr_action=_enum(IvrAction, act) if act else None,
            ivr_text=dec(lib.lcc_event_ivr_text(ptr)),
            number=dec(lib.lcc_event_number(ptr)),
            op=ctx._lookup(Op, op_ptr) if op_ptr else None,
            callback=Callback._wrap(ctx, lib.lcc_event_callback(ptr)),
        )

    def __str__(self) -> str:
        parts = [self.name]
        for k in ("conversation_id", "agent_id", "queue_id", "number", "message_id", "ivr_text"):
            v = getattr(self, k)
            if v is not None:
                parts.append(f"{k}={v}")
        if self.status != Status.OK:
            parts.append(f"status={getattr(self.status, 'name', self.status)}")
        return " ".join(parts)
