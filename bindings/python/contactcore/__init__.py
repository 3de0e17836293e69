"""Python bindings of libcontactcore (pure ctypes).

The Pythonic API lives here; the low-level layer (every C function with its
signature) is :mod:`contactcore._native` (``contactcore._native.lib``).

Objects (one line each):

* :class:`Context` -- the library context: clock/log/transport hooks,
  settings, errors (``errmsg``), events (``events()``), the loop
  (``run_due()``, ``next_deadline``, ``wait()``), directory look-ups;
  ``close()`` / ``with`` frees it and invalidates everything made from it.
* :class:`ManualClock` -- a clock moved by hand (``ctx.advance(timedelta)``).
* :class:`Agent`, :class:`Queue`, :class:`Conversation`, :class:`EntryPoint`
  -- the directory (permissions, roles, members, zones, profiles).
* :class:`CallbackDraft` -- compose a callback (``datetime``/``ZoneInfo``
  setters), ``validate()`` -> :class:`Report`, ``commit()`` -> :class:`Callback`.
* :class:`Callback` -- a scheduled callback (cancel, reschedule, submit to a backend).
* :class:`Message` -- an outbound message (queue, entry point, conversation or
  from-address origin; recipients; text; ``send()`` through the transport).
* :class:`Op` -- a pending backend operation (``wait()``, ``result()``, ``report``).
* :class:`Engine` -- the embedded contact-center backend (routing, REST ``handle()``).
* :class:`Event` -- an event copied out of the context's queue.
* :class:`Ivr`, :class:`IvrSession` -- IVR scripts: parse/check/explain, run a call.
* :class:`Report`, :class:`ReportEntry` -- validation reports (rule, field, code,
  severity, message, line, column).
* :mod:`contactcore.text` (``measure``, ``sms_segments``), :mod:`contactcore.tz`
  (``to_local``, ``to_utc``, ``names``), :mod:`contactcore.phone` (``normalize``).
* :mod:`contactcore.errors` -- :class:`ContactCoreError` and one subclass per
  ``lcc_status`` family.

The C library is loaded on first use (not at import): when it cannot be
found, :class:`LibraryNotFoundError` (an ``OSError``) lists every path tried.
"""
from ._loader import LibraryNotFoundError
from .callbacks import Callback, CallbackDraft, CallbackState, CallbackSync
from .context import Context, CurlTransport, LogLevel, ManualClock, version, version_number
from .directory import (PERM_CALLBACK_CREATE, PERM_MESSAGE_ACCEPT, PERM_MESSAGE_CREATE,
                        PERM_QUEUE_VIEW, PERM_SOCIAL_CREATE, ROLE_SUPERVISOR, Agent,
                        AgentProfile, Conversation, EntryPoint, InteractionState, MediaType, Queue)
from .engine import (CallbackList, CallbackListEntry, Engine, EngineState, HttpResponse,
                     Presence, QueueCounts, RoutingStatus)
from .errors import (AlreadyExistsError, AmbiguousTimeError, AuthenticationError, BackendError,
                     BadNumberError, BusyError, CallbackError, ClosedError, ContactCoreError,
                     ContactCoreIOError, FormatError, InvalidArgumentError, MisuseError,
                     NonexistentTimeError, NotAllowedError, NotEligibleError, NotFoundError,
                     NotSupportedError, OperationCancelledError, OperationTimeoutError,
                     OutOfMemoryError, OutOfRangeError, PastTimeError, PendingError,
                     PermissionDeniedError, RejectedError, ServerError, StateError, Status,
                     TakeoverError, TimeZoneError, UnknownOutcomeError, UnknownZoneError,
                     ValidationError)
from .events import Event, EventType
from .ivr import Ivr, IvrAction, IvrFormat, IvrInput, IvrSession, IvrStep, IvrWait
from .messages import Delivery, DeliveryState, Message
from .operation import Op, OpKind, TransferTarget, TransferTo
from .phone import PhoneNumber
from .report import Report, ReportEntry, Severity
from .text import Channel, TextEncoding, TextMetrics
from .transport import Request, Response
from .tz import Disambiguation
from . import phone, text, tz  # noqa: E402  (submodules as namespaces)

__all__ = [
    # core
    "LibraryNotFoundError", "Context", "ManualClock", "LogLevel", "CurlTransport", "version", "version_number",
    # directory
    "Agent", "Queue", "Conversation", "EntryPoint", "AgentProfile", "MediaType",
    "InteractionState", "PERM_CALLBACK_CREATE", "PERM_MESSAGE_CREATE", "PERM_QUEUE_VIEW",
    "PERM_MESSAGE_ACCEPT", "PERM_SOCIAL_CREATE", "ROLE_SUPERVISOR",
    # callbacks
    "CallbackDraft", "Callback", "CallbackState", "CallbackSync", "Disambiguation",
    # messages and operations
    "Message", "Delivery", "DeliveryState", "Op", "OpKind", "TransferTo", "TransferTarget",
    "Request", "Response",
    # engine and events
    "Engine", "Presence", "RoutingStatus", "EngineState", "CallbackList", "CallbackListEntry",
    "QueueCounts", "HttpResponse", "Event", "EventType",
    # IVR
    "Ivr", "IvrSession", "IvrStep", "IvrAction", "IvrInput", "IvrWait", "IvrFormat",
    # reports, text, phone
    "Report", "ReportEntry", "Severity", "Channel", "TextEncoding", "TextMetrics", "PhoneNumber",
    "text", "tz", "phone",
    # errors
    "Status", "ContactCoreError", "MisuseError", "ClosedError", "OutOfMemoryError",
    "InvalidArgumentError", "OutOfRangeError", "NotFoundError", "AlreadyExistsError",
    "ValidationError", "PermissionDeniedError", "NotEligibleError", "NotAllowedError",
    "TimeZoneError", "PastTimeError", "UnknownZoneError", "NonexistentTimeError",
    "AmbiguousTimeError", "BadNumberError", "ContactCoreIOError", "FormatError", "StateError",
    "PendingError", "BackendError", "OperationTimeoutError", "OperationCancelledError",
    "UnknownOutcomeError", "AuthenticationError", "BusyError", "ServerError", "RejectedError",
    "NotSupportedError", "TakeoverError", "CallbackError",
]
