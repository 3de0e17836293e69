"""Small conversions shared by the modules: text, ids, instants, zones."""
from __future__ import annotations

import ctypes
import datetime as _dt
from typing import Any, Optional, Union

UTC = _dt.timezone.utc
EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)
_MS = _dt.timedelta(milliseconds=1)
INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1

#: An instant: an aware ``datetime`` or milliseconds since the Unix epoch.
Instant = Union[_dt.datetime, int]
#: A duration: a ``timedelta`` or milliseconds.
Duration = Union[_dt.timedelta, int]
#: A zone: an IANA name, a ``zoneinfo.ZoneInfo`` (or any tzinfo with ``key``)
#: or ``datetime.timezone.utc``.
Zone = Union[str, _dt.tzinfo]


def enc(text: Optional[Union[str, bytes]]) -> Optional[bytes]:
    """``str`` -> UTF-8 bytes for a ``const char *`` argument (None stays None)."""
    if text is None:
        return None
    if isinstance(text, bytes):
        return text
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    raise TypeError(f"expected str, got {type(text).__name__}")


def dec(raw: Optional[bytes]) -> Optional[str]:
    """Borrowed ``const char *`` (bytes from ctypes) -> ``str`` (None stays None)."""
    if raw is None:
        return None
    return raw.decode("utf-8", "replace")


def ident(obj: Any) -> Optional[bytes]:
    """An id argument: a ``str`` or an object with an ``id`` (Agent, Queue, ...)."""
    if obj is None:
        return None
    if isinstance(obj, (str, bytes)):
        return enc(obj)
    oid = getattr(obj, "id", None)
    if isinstance(oid, str):
        return enc(oid)
    raise TypeError(f"expected an id (str) or an object with an id, got {type(obj).__name__}")


def take_buffer(ptr: ctypes.c_void_p, length: Optional[int] = None) -> bytes:
    """Copies a buffer the library handed out, then frees it with ``lcc_free``."""
    from ._lib import lib

    addr = ptr.value if isinstance(ptr, ctypes.c_void_p) else ptr
    if not addr:
        return b""
    try:
        return ctypes.string_at(addr, length) if length is not None else ctypes.string_at(addr)
    finally:
        lib.lcc_free(addr)


def to_ms(when: Instant) -> int:
    """An instant -> ms since the epoch.  Naive datetimes are refused: an
    instant needs its zone (use ``datetime.now(timezone.utc)``)."""
    if isinstance(when, bool):
        raise TypeError("expected a datetime or milliseconds, got bool")
    if isinstance(when, int):
        return when
    if isinstance(when, _dt.datetime):
        if when.tzinfo is None or when.tzinfo.utcoffset(when) is None:
            raise ValueError("a naive datetime is not an instant: give it a tzinfo "
                             "(e.g. datetime.timezone.utc or a zoneinfo.ZoneInfo)")
        return (when - EPOCH) // _MS
    raise TypeError(f"expected a datetime or milliseconds, got {type(when).__name__}")


def from_ms(ms: int) -> _dt.datetime:
    """ms since the epoch -> UTC-aware datetime."""
    return EPOCH + _dt.timedelta(milliseconds=ms)


def opt_from_ms(ms: int) -> Optional[_dt.datetime]:
    """As :func:`from_ms`, with 0 and the INT64 sentinels -> None."""
    if ms in (0, INT64_MIN, INT64_MAX):
        return None
    return from_ms(ms)


def duration_ms(d: Duration) -> int:
    """A duration -> whole milliseconds."""
    if isinstance(d, bool):
        raise TypeError("expected a timedelta or milliseconds, got bool")
    if isinstance(d, int):
        return d
    if isinstance(d, _dt.timedelta):
        return d // _MS
    raise TypeError(f"expected a timedelta or milliseconds, got {type(d).__name__}")


def zone_name(zone: Optional[Zone]) -> Optional[str]:
    """A zone argument -> its IANA name (None stays None)."""
    if zone is None:
        return None
    if isinstance(zone, str):
        return zone
    if zone is UTC:
        return "UTC"
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    raise TypeError("expected a zone name or a zoneinfo.ZoneInfo (a fixed-offset tzinfo "
                    f"has no IANA name), got {zone!r}")
