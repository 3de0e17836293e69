"""Outbound messages: on behalf of a queue (OBQ-*), from an entry point
(OB-*), replies in social interactions (SL-*), agentless from a number.

::

    msg = Message(ctx, ana, Channel.SMS, queue="support",
                  recipients=["+44 7700 900123"], text="Your part ships today.")
    msg.validate()                 # Report: every OBQ-* problem at once
    msg.send().result(timeout=5)   # through the context's transport
    for d in msg.deliveries: print(d.address, d.state)
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Tuple

from ._handle import OwnedHandle
from ._lib import lib
from ._util import dec, enc, from_ms, ident
from .errors import Status
from .operation import Op, TransferTo
from .report import Report
from .text import Channel

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context
    from .directory import Agent, Conversation

__all__ = ["Message", "DeliveryState", "Delivery"]


class DeliveryState(enum.IntEnum):
    """``lcc_delivery_state`` (SL-DELIVERY)."""

    DRAFT = 0
    QUEUED = 1
    SENT = 2
    PENDING = 3
    DELIVERED = 4
    SERVER_REJECTED = 5
    NETWORK_ERROR = 6
    LIMIT_EXCEEDED = 7
    UNKNOWN = 8

    @property
    def label(self) -> str:
        """The library's short English name ("pending delivery", ...)."""
        return dec(lib.lcc_delivery_state_name(int(self))) or self.name.lower()

    @property
    def failed(self) -> bool:
        """True for the three failures (which can be resent)."""
        return self in (DeliveryState.SERVER_REJECTED, DeliveryState.NETWORK_ERROR,
                        DeliveryState.LIMIT_EXCEEDED)


@dataclass(frozen=True)
class Delivery:
    """One delivery of a message (one per recipient, or per part of a reply):
    its state, address, the backend's conversation and message ids, the id
    it had before a resend, and the history of (state, when learnt)."""

    index: int
    state: DeliveryState
    address: Optional[str]
    conversation_id: Optional[str]
    message_id: Optional[str]
    previous_id: Optional[str]
    history: Tuple[Tuple[DeliveryState, _dt.datetime], ...]


class Message(OwnedHandle):
    """A message an agent composes: channel, origin, recipients, text.

    Exactly one origin applies (setting one clears the others): ``queue``
    (on behalf of a queue), ``entry_point`` (agent-initiated SMS/email),
    ``conversation`` (a reply in a social interaction) or ``from_address``
    (agentless, from a provisioned number).  Freed by :meth:`close`, a
    ``with`` block, garbage collection (an operation in flight keeps it
    alive) or its context.
    """

    _kind = "message"
    _free_name = "lcc_message_free"

    def __init__(self, ctx: "Context", sender: "Agent", channel: Channel = Channel.SMS, *,
                 queue: Any = None, entry_point: Any = None, conversation: Any = None,
                 from_address: Optional[str] = None, recipients: Iterable[str] = (),
                 text: Optional[str] = None, private: Optional[bool] = None,
                 reply_to: Optional[str] = None) -> None:
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_message_new(ctypes.byref(out), ctx._ptr, sender._ptr, int(channel)))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]
        if queue is not None:
            self.queue_id = queue
        if entry_point is not None:
            self.entry_point_id = entry_point
        if conversation is not None:
            self.conversation_id = conversation
        if from_address is not None:
            self.from_address = from_address
        for r in recipients:
            self.add_recipient(r)
        if text is not None:
            self.text = text
        if private is not None:
            self.private = private
        if reply_to is not None:
            self.reply_to = reply_to

    def _c(self, st: int, rep: Optional[int] = None) -> Optional[Report]:
        return self._ctx._check(st, rep)

    def _str(self, fn: str) -> Optional[str]:
        return dec(getattr(lib, fn)(self._ptr))

    # ---- origin ------------------------------------------------------------

    @property
    def channel(self) -> Channel:
        """The message's channel."""
        return Channel(lib.lcc_message_channel(self._ptr))

    @property
    def sender_id(self) -> str:
        """The sending agent's id."""
        return self._str("lcc_message_sender_id") or ""

    @property
    def queue_id(self) -> Optional[str]:
        """The queue it is sent on behalf of (settable with a Queue or id)."""
        return self._str("lcc_message_queue_id")

    @queue_id.setter
    def queue_id(self, queue: Any) -> None:
        self._c(lib.lcc_message_set_queue(self._ptr, ident(queue)))

    @property
    def entry_point_id(self) -> Optional[str]:
        """The entry point it is sent from (settable with an EntryPoint or id)."""
        return self._str("lcc_message_entry_point_id")

    @entry_point_id.setter
    def entry_point_id(self, entry_point: Any) -> None:
        self._c(lib.lcc_message_set_entry_point(self._ptr, ident(entry_point)))

    @property
    def conversation_id(self) -> Optional[str]:
        """The interaction it replies in (settable with a Conversation or id)."""
        return self._str("lcc_message_conversation")

    @conversation_id.setter
    def conversation_id(self, conversation: Any) -> None:
        self._c(lib.lcc_message_set_conversation(self._ptr, ident(conversation)))

    @property
    def from_address(self) -> Optional[str]:
        """The number an agentless message is sent from (settable)."""
        return self._str("lcc_message_from_address")

    @from_address.setter
    def from_address(self, address: Optional[str]) -> None:
        self._c(lib.lcc_message_set_from_address(self._ptr, enc(address)))

    @property
    def reply_to(self) -> Optional[str]:
        """The public message a reply answers (SL-THREAD; settable)."""
        return self._str("lcc_message_reply_to")

    @reply_to.setter
    def reply_to(self, message_id: Optional[str]) -> None:
        self._c(lib.lcc_message_set_reply_to(self._ptr, enc(message_id)))

    @property
    def private(self) -> bool:
        """True for a private reply (SL-VISIBILITY; settable)."""
        return bool(lib.lcc_message_is_private(self._ptr))

    @private.setter
    def private(self, value: bool) -> None:
        self._c(lib.lcc_message_set_private(self._ptr, 1 if value else 0))

    @property
    def take_over(self) -> bool:
        """Not readable from the library: always False; set True after a
        TakeoverError to take over the contact's open conversation."""
        return bool(getattr(self, "_take_over", False))

    @take_over.setter
    def take_over(self, value: bool) -> None:
        self._c(lib.lcc_message_set_take_over(self._ptr, 1 if value else 0))
        self._take_over = bool(value)

    # ---- content -----------------------------------------------------------

    @property
    def text(self) -> Optional[str]:
        """The text (settable; None clears)."""
        return self._str("lcc_message_body")

    @text.setter
    def text(self, value: Optional[str]) -> None:
        self._c(lib.lcc_message_set_body(self._ptr, enc(value)))

    @property
    def recipients(self) -> List[str]:
        """Recipient addresses as given, in order."""
        p = self._ptr
        return [dec(lib.lcc_message_recipient(p, i)) or ""
                for i in range(lib.lcc_message_recipient_count(p))]

    def add_recipient(self, address: str, contact_id: Optional[str] = None) -> None:
        """Adds a recipient, optionally naming its external contact (OBQ-VERIFY)."""
        self._c(lib.lcc_message_add_recipient(self._ptr, enc(address)))
        if contact_id is not None:
            self.set_recipient_contact(address, contact_id)

    def remove_recipient(self, address: str) -> None:
        """Removes a recipient not sent to yet."""
        self._c(lib.lcc_message_remove_recipient(self._ptr, enc(address)))

    def set_recipient_contact(self, address: str, contact_id: Optional[str]) -> None:
        """Names (or with None clears) the external contact of a recipient."""
        self._c(lib.lcc_message_set_recipient_contact(self._ptr, enc(address), enc(contact_id)))

    def recipient_contact(self, index: int) -> Optional[str]:
        """Recipient ``index``'s external contact id, or None."""
        return dec(lib.lcc_message_recipient_contact(self._ptr, index))

    @property
    def attachments(self) -> List[str]:
        """Attachment media ids, in the order added."""
        p = self._ptr
        return [dec(lib.lcc_message_attachment(p, i)) or ""
                for i in range(lib.lcc_message_attachment_count(p))]

    def add_attachment(self, media_id: str) -> None:
        """Adds an attachment (a media id the host uploaded; replies only)."""
        self._c(lib.lcc_message_add_attachment(self._ptr, enc(media_id)))

    @property
    def copied_from(self) -> Optional[str]:
        """The message id this draft was copied from, or None."""
        return self._str("lcc_message_copied_from")

    def copy(self, index: int = 0) -> "Message":
        """A new draft with the content of delivery ``index`` (SL-RESEND)."""
        out = ctypes.c_void_p()
        self._c(lib.lcc_message_copy(ctypes.byref(out), self._ptr, index))
        msg = Message.__new__(Message)
        OwnedHandle.__init__(msg, self._ctx, out.value)  # type: ignore[arg-type]
        return msg

    def apply_canned(self, name: str, conversation: "Conversation") -> None:
        """Sets the text from a canned response, placeholders filled from
        ``conversation`` (ValidationError SL-CANNED when one has no value)."""
        rep = ctypes.c_void_p()
        self._c(lib.lcc_message_apply_canned(ctypes.byref(rep), self._ptr, enc(name),
                                             conversation._ptr), rep.value)

    # ---- validate and send ---------------------------------------------------

    def validate(self) -> Report:
        """Checks the rules of the message's kind; returns the report
        without raising for rule failures."""
        rep = ctypes.c_void_p()
        st = lib.lcc_message_validate(ctypes.byref(rep), self._ptr)
        report = Report._take(rep.value)
        if st not in (0, Status.EVALIDATION):
            raise self._ctx._error(st, report)
        return report if report is not None else Report()

    def send(self) -> Op:
        """Validates, then sends every delivery not sent yet (and every failed
        one again) through the context's backend.  ValidationError (nothing
        sent) or StateError (no backend, in flight) at once; the returned
        :class:`Op` says how the sending went."""
        op, rep = ctypes.c_void_p(), ctypes.c_void_p()
        self._c(lib.lcc_message_send(ctypes.byref(op), ctypes.byref(rep), self._ptr), rep.value)
        return Op._own(self._ctx, op.value, keep=self)

    def refresh(self) -> Op:
        """Asks the backend for the state of every delivery that is not final."""
        op = ctypes.c_void_p()
        self._c(lib.lcc_message_refresh(ctypes.byref(op), self._ptr))
        return Op._own(self._ctx, op.value, keep=self)

    # ---- the conversation of a message from an entry point (OB-*) ------------

    def transfer(self, kind: TransferTo, to: Any) -> Op:
        """Transfers the accepted conversation to a queue or agent (OB-TRANSFER)."""
        op, rep = ctypes.c_void_p(), ctypes.c_void_p()
        self._c(lib.lcc_message_transfer(ctypes.byref(op), ctypes.byref(rep), self._ptr,
                                         int(kind), ident(to)), rep.value)
        return Op._own(self._ctx, op.value, keep=self)

    def end(self) -> Op:
        """Ends the accepted conversation (a wrap-up is then owed)."""
        op = ctypes.c_void_p()
        self._c(lib.lcc_message_end(ctypes.byref(op), self._ptr))
        return Op._own(self._ctx, op.value, keep=self)

    def wrap_up(self, code: str, reason: str) -> Op:
        """Wraps up the conversation (OB-WRAPUP)."""
        op, rep = ctypes.c_void_p(), ctypes.c_void_p()
        self._c(lib.lcc_message_wrap_up(ctypes.byref(op), ctypes.byref(rep), self._ptr,
                                        enc(code), enc(reason)), rep.value)
        return Op._own(self._ctx, op.value, keep=self)

    @property
    def task_state(self) -> int:
        """0 not accepted, 1 accepted, 2 ended/transferred, 3 wrapped up."""
        return int(lib.lcc_message_task_state(self._ptr))

    # ---- deliveries ------------------------------------------------------------

    @property
    def deliveries(self) -> List[Delivery]:
        """Every delivery with its state and history (copies)."""
        p = self._ptr
        out = []
        for i in range(lib.lcc_message_delivery_count(p)):
            hist = []
            for k in range(lib.lcc_message_history_count(p, i)):
                st, at = ctypes.c_int(), ctypes.c_int64()
                self._c(lib.lcc_message_history(p, i, k, ctypes.byref(st), ctypes.byref(at)))
                hist.append((DeliveryState(st.value), from_ms(at.value)))
            out.append(Delivery(
                index=i,
                state=DeliveryState(lib.lcc_message_delivery_state(p, i)),
                address=dec(lib.lcc_message_delivery_address(p, i)),
                conversation_id=dec(lib.lcc_message_conversation_id(p, i)),
                message_id=dec(lib.lcc_message_message_id(p, i)),
                previous_id=dec(lib.lcc_message_previous_id(p, i)),
                history=tuple(hist)))
        return out

    def __repr__(self) -> str:
        if self._h is None:
            return "<Message closed>"
        return f"<Message {self.channel.name} from {self.sender_id!r}>"
