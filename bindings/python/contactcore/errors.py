"""Exceptions raised by the binding, one class per family of ``lcc_status``.

Every failure of the library is raised as a subclass of
:class:`ContactCoreError`.  The exception carries:

* ``status`` -- the :class:`Status` code (``Status.EVALIDATION``, ...);
* ``name`` -- the library's description of that status
  (``lcc_status_str()``, e.g. ``"validation failed"``);
* ``detail`` -- the detailed message of the failure (the context's
  ``lcc_context_errmsg()`` when there was a context), also ``str(exc)``;
* ``report`` -- a :class:`~contactcore.report.Report` when the library
  handed one out with the failure (validation, backend refusals), else
  ``None``.

Mapping (status -> class):

================================  ==========================================
``LCC_EMISUSE``                   :class:`MisuseError` (:class:`ClosedError`
                                  for use of a closed object)
``LCC_ENOMEM``                    :class:`OutOfMemoryError`
``LCC_EINVAL``                    :class:`InvalidArgumentError` (also ``ValueError``)
``LCC_ERANGE``                    :class:`OutOfRangeError` (also ``ValueError``)
``LCC_ENOTFOUND``                 :class:`NotFoundError` (also ``LookupError``)
``LCC_EEXISTS``                   :class:`AlreadyExistsError`
``LCC_EVALIDATION``               :class:`ValidationError`
``LCC_EPERM``                     :class:`PermissionDeniedError`
``LCC_ENOTELIGIBLE``              :class:`NotEligibleError`
``LCC_ENOTALLOWED``               :class:`NotAllowedError`
``LCC_EPAST``                     :class:`PastTimeError`
``LCC_EUNKNOWN_ZONE``             :class:`UnknownZoneError`
``LCC_ENONEXISTENT_TIME``         :class:`NonexistentTimeError`
``LCC_EAMBIGUOUS_TIME``           :class:`AmbiguousTimeError`
``LCC_EBADNUMBER``                :class:`BadNumberError` (also ``ValueError``)
``LCC_EIO``                       :class:`ContactCoreIOError` (also ``OSError``)
``LCC_EFORMAT``                   :class:`FormatError`
``LCC_ESTATE``                    :class:`StateError`
``LCC_EPENDING``                  :class:`PendingError`
``LCC_ETIMEDOUT``                 :class:`OperationTimeoutError`
``LCC_ECANCELED``                 :class:`OperationCancelledError`
``LCC_EUNKNOWN_OUTCOME``          :class:`UnknownOutcomeError`
``LCC_EAUTH``                     :class:`AuthenticationError`
``LCC_EBUSY``                     :class:`BusyError`
``LCC_ESERVER``                   :class:`ServerError`
``LCC_EREJECTED``                 :class:`RejectedError`
``LCC_ENOTSUP``                   :class:`NotSupportedError`
``LCC_ETAKEOVER``                 :class:`TakeoverError`
================================  ==========================================

Intermediate bases group related families: :class:`TimeZoneError`
(zone and local-time problems), :class:`BackendError` (everything an
operation against a backend can end with).  No class shadows a builtin:
the builtins appear only as extra bases so that ``except ValueError``
keeps working for argument errors.
"""
from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Dict, Optional, Type

if TYPE_CHECKING:  # pragma: no cover
    from .report import Report

__all__ = [
    "Status", "ContactCoreError", "MisuseError", "ClosedError", "OutOfMemoryError",
    "InvalidArgumentError", "OutOfRangeError", "NotFoundError", "AlreadyExistsError",
    "ValidationError", "PermissionDeniedError", "NotEligibleError", "NotAllowedError",
    "TimeZoneError", "PastTimeError", "UnknownZoneError", "NonexistentTimeError",
    "AmbiguousTimeError", "BadNumberError", "ContactCoreIOError", "FormatError", "StateError",
    "PendingError", "BackendError", "OperationTimeoutError", "OperationCancelledError",
    "UnknownOutcomeError", "AuthenticationError", "BusyError", "ServerError", "RejectedError",
    "NotSupportedError", "TakeoverError", "CallbackError", "error_for_status",
]


class Status(enum.IntEnum):
    """``lcc_status``: the library's status codes (stable numbers)."""

    OK = 0
    EMISUSE = 1
    ENOMEM = 2
    EINVAL = 3
    ERANGE = 4
    ENOTFOUND = 5
    EEXISTS = 6
    EVALIDATION = 7
    EPERM = 8
    ENOTELIGIBLE = 9
    ENOTALLOWED = 10
    EPAST = 11
    EUNKNOWN_ZONE = 12
    ENONEXISTENT_TIME = 13
    EAMBIGUOUS_TIME = 14
    EBADNUMBER = 15
    EIO = 16
    EFORMAT = 17
    ESTATE = 18
    EPENDING = 19
    ETIMEDOUT = 20
    ECANCELED = 21
    EUNKNOWN_OUTCOME = 22
    EAUTH = 23
    EBUSY = 24
    ESERVER = 25
    EREJECTED = 26
    ENOTSUP = 27
    ETAKEOVER = 28

    @classmethod
    def of(cls, value: int) -> "Status | int":
        """The member for ``value``, or the plain int for a status this
        binding does not know (a newer library)."""
        try:
            return cls(value)
        except ValueError:
            return value

    @property
    def description(self) -> str:
        """The library's static English description (``lcc_status_str``)."""
        return status_str(int(self))


def status_str(value: int) -> str:
    """``lcc_status_str()``: static description of a status code."""
    from ._lib import lib

    try:
        s = lib.lcc_status_str(int(value))
    except OSError:  # the library cannot be loaded: keep the error readable
        return Status(value).name if value in Status._value2member_map_ else "unknown status"
    return s.decode("utf-8", "replace") if s else "unknown status"


class ContactCoreError(Exception):
    """Base of every error the library reports.

    Attributes: ``status`` (:class:`Status`), ``name`` (the library's
    description of the status, ``lcc_status_str()``), ``detail`` (the
    detailed message), ``report`` (a :class:`~contactcore.report.Report`
    or ``None``).
    """

    #: The status this class stands for (``None`` on intermediate bases).
    STATUS: Optional[Status] = None

    def __new__(cls, *args: object, **kwargs: object) -> "ContactCoreError":
        # OSError's __new__ reads positional args as (errno, strerror, ...);
        # keep it (and every other builtin base) out of ours.
        return super().__new__(cls)  # type: ignore[call-arg]

    def __init__(self, detail: str = "", status: "Status | int | None" = None,
                 report: "Optional[Report]" = None) -> None:
        if status is None:
            status = self.STATUS if self.STATUS is not None else Status.EMISUSE
        self.status = Status.of(int(status))
        self.name = status_str(int(status))
        self.detail = detail or self.name
        self.report = report
        super().__init__(self.detail)

    def __str__(self) -> str:
        return self.detail

    def __repr__(self) -> str:
        st = self.status.name if isinstance(self.status, Status) else self.status
        return f"{type(self).__name__}({self.detail!r}, status={st})"


class MisuseError(ContactCoreError):
    """LCC_EMISUSE: the API was used wrongly (bad handle, bad parameters size)."""
    STATUS = Status.EMISUSE


class ClosedError(MisuseError):
    """An object (or the :class:`~contactcore.Context` it belongs to) was
    used after it was closed.  Raised by the binding before anything
    reaches the library, so a closed handle never crashes the process."""


class OutOfMemoryError(ContactCoreError):
    """LCC_ENOMEM: an allocation failed; nothing was changed."""
    STATUS = Status.ENOMEM


class InvalidArgumentError(ContactCoreError, ValueError):
    """LCC_EINVAL: an argument is malformed (invalid UTF-8, impossible date, ...)."""
    STATUS = Status.EINVAL


class OutOfRangeError(ContactCoreError, ValueError):
    """LCC_ERANGE: a value is outside its allowed range (the message says it)."""
    STATUS = Status.ERANGE


class NotFoundError(ContactCoreError, LookupError):
    """LCC_ENOTFOUND: the named object does not exist."""
    STATUS = Status.ENOTFOUND


class AlreadyExistsError(ContactCoreError):
    """LCC_EEXISTS: the object already exists (duplicate id, second callback)."""
    STATUS = Status.EEXISTS


class ValidationError(ContactCoreError):
    """LCC_EVALIDATION: rules failed.  ``report`` holds every entry (rule id,
    field, code, severity, sentence); ``rules`` lists the rule ids of the
    errors."""
    STATUS = Status.EVALIDATION

    @property
    def rules(self) -> "list[str]":
        """Rule ids of the error entries of the report, in report order."""
        if self.report is None:
            return []
        return [e.rule for e in self.report.errors]


class PermissionDeniedError(ContactCoreError):
    """LCC_EPERM: the acting user lacks a permission or role."""
    STATUS = Status.EPERM


class NotEligibleError(ContactCoreError):
    """LCC_ENOTELIGIBLE: the interaction is not eligible for this operation."""
    STATUS = Status.ENOTELIGIBLE


class NotAllowedError(ContactCoreError):
    """LCC_ENOTALLOWED: a queue or tenant setting does not allow this choice."""
    STATUS = Status.ENOTALLOWED


class TimeZoneError(ContactCoreError):
    """Base of the zone and local-time errors."""


class PastTimeError(TimeZoneError):
    """LCC_EPAST: a scheduled instant lies in the past."""
    STATUS = Status.EPAST


class UnknownZoneError(TimeZoneError, LookupError):
    """LCC_EUNKNOWN_ZONE: the zone name is not in the tz database."""
    STATUS = Status.EUNKNOWN_ZONE


class NonexistentTimeError(TimeZoneError):
    """LCC_ENONEXISTENT_TIME: the local time falls in a gap.  ``suggestion``
    is the first valid instant after the gap when the library gave one."""
    STATUS = Status.ENONEXISTENT_TIME
    suggestion = None


class AmbiguousTimeError(TimeZoneError):
    """LCC_EAMBIGUOUS_TIME: the local time occurs twice.  ``suggestion`` is
    the earlier instant when the library gave one."""
    STATUS = Status.EAMBIGUOUS_TIME
    suggestion = None


class BadNumberError(ContactCoreError, ValueError):
    """LCC_EBADNUMBER: a phone number cannot be a number of its country."""
    STATUS = Status.EBADNUMBER


class ContactCoreIOError(ContactCoreError, OSError):
    """LCC_EIO: a file could not be read or written, or a connection failed
    before the request was sent (also: a transport refused a request)."""
    STATUS = Status.EIO


class FormatError(ContactCoreError):
    """LCC_EFORMAT: data (a TZif file, a store, a document) is corrupt."""
    STATUS = Status.EFORMAT


class StateError(ContactCoreError):
    """LCC_ESTATE: the object is not in a state that allows the operation."""
    STATUS = Status.ESTATE


class PendingError(ContactCoreError):
    """LCC_EPENDING: the operation has not finished yet."""
    STATUS = Status.EPENDING


class BackendError(ContactCoreError):
    """Base of the failures of operations against a backend."""


class OperationTimeoutError(BackendError):
    """LCC_ETIMEDOUT: the request's deadline passed (context clock), or a
    wait ran out of time."""
    STATUS = Status.ETIMEDOUT


class OperationCancelledError(BackendError):
    """LCC_ECANCELED: cancelled by the host or by context teardown."""
    STATUS = Status.ECANCELED


class UnknownOutcomeError(BackendError):
    """LCC_EUNKNOWN_OUTCOME: the request may have reached the backend;
    reconcile before retrying."""
    STATUS = Status.EUNKNOWN_OUTCOME


class AuthenticationError(BackendError):
    """LCC_EAUTH: authentication failed (bad credentials, no token)."""
    STATUS = Status.EAUTH


class BusyError(BackendError):
    """LCC_EBUSY: the backend kept rate-limiting past the retry budget."""
    STATUS = Status.EBUSY


class ServerError(BackendError):
    """LCC_ESERVER: the backend failed (HTTP 5xx) past the retry budget."""
    STATUS = Status.ESERVER


class RejectedError(BackendError):
    """LCC_EREJECTED: the backend refused the request (``report`` has its
    codes and messages)."""
    STATUS = Status.EREJECTED


class NotSupportedError(ContactCoreError):
    """LCC_ENOTSUP: not built into this copy of the library (e.g. libcurl)."""
    STATUS = Status.ENOTSUP


class TakeoverError(BackendError):
    """LCC_ETAKEOVER: the contact has an open, unassigned conversation: take
    it over (``Message.take_over = True``) instead of starting one."""
    STATUS = Status.ETAKEOVER


class CallbackError:
    """A record of an exception raised by a Python hook (clock, log,
    transport, ...) while the library called it.  The exception never
    crosses into C: it is logged, kept on ``Context.callback_errors`` and a
    safe value is returned to the library."""

    __slots__ = ("hook", "exception")

    def __init__(self, hook: str, exception: BaseException) -> None:
        self.hook = hook
        self.exception = exception

    def __repr__(self) -> str:
        return f"CallbackError(hook={self.hook!r}, exception={self.exception!r})"


_BY_STATUS: Dict[int, Type[ContactCoreError]] = {}
for _cls in list(globals().values()):
    if isinstance(_cls, type) and issubclass(_cls, ContactCoreError) and _cls.STATUS is not None \
            and _cls is not ClosedError:
        _BY_STATUS.setdefault(int(_cls.STATUS), _cls)


def error_for_status(status: int, detail: str = "",
                     report: "Optional[Report]" = None) -> ContactCoreError:
    """Builds the exception for a failed ``lcc_status`` (the class of its
    family; :class:`ContactCoreError` itself for a status this binding does
    not know)."""
    cls = _BY_STATUS.get(int(status), ContactCoreError)
    return cls(detail, status, report)
