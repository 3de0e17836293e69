"""Time zones and instants, read from the context's tz database (the
library's own TZif reader: libc's TZ is never touched).

Instants are UTC-aware ``datetime`` objects (or ms since the epoch); local
times are naive ``datetime`` objects plus a zone (a name or a
``zoneinfo.ZoneInfo``).  The same functions are available as methods of
:class:`~contactcore.Context` (``ctx.to_local``, ``ctx.to_utc``, ...).
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import enum
from typing import TYPE_CHECKING, List, Optional

from ._lib import lib
from ._util import Instant, Zone, dec, enc, from_ms, to_ms, zone_name
from .errors import AmbiguousTimeError, NonexistentTimeError, error_for_status

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

__all__ = ["Disambiguation", "check", "names", "to_local", "to_utc", "convert",
           "format_time", "parse_time"]


class Disambiguation(enum.IntEnum):
    """``lcc_disambiguation``: how a skipped (gap) or repeated (fold) local
    time is resolved -- JavaScript Temporal's choices."""

    COMPATIBLE = 0  #: gap: shift forward; fold: the earlier instant
    EARLIER = 1     #: gap: shift backward; fold: the earlier instant
    LATER = 2       #: gap: shift forward; fold: the later instant
    REJECT = 3      #: refuse both (NonexistentTimeError / AmbiguousTimeError)


def check(ctx: "Context", zone: Zone) -> None:
    """Raises UnknownZoneError (or FormatError/IOError) unless ``zone`` is a
    zone or link name of the context's tz database."""
    ctx._check(lib.lcc_tz_check(ctx._ptr, enc(zone_name(zone))))


def names(ctx: "Context") -> List[str]:
    """Every zone and link name of the context's tz database, sorted (for pickers)."""
    p = ctx._ptr
    return [dec(lib.lcc_tz_name(p, i)) or "" for i in range(lib.lcc_tz_count(p))]


def to_local(ctx: "Context", when: Instant, zone: Zone) -> _dt.datetime:
    """The local date and time of an instant in ``zone``, as an aware
    datetime with the zone's UTC offset at that instant (a fixed-offset
    tzinfo named after the zone)."""
    y, mo, d, h, mi, s = (ctypes.c_int() for _ in range(6))
    off = ctypes.c_int32()
    name = zone_name(zone)
    ms = to_ms(when)
    ctx._check(lib.lcc_tz_utc_to_local(ctypes.byref(y), ctypes.byref(mo), ctypes.byref(d),
                                       ctypes.byref(h), ctypes.byref(mi), ctypes.byref(s),
                                       ctypes.byref(off), ctx._ptr, enc(name), ms))
    tzinfo = _dt.timezone(_dt.timedelta(seconds=off.value), name or "UTC")
    return _dt.datetime(y.value, mo.value, d.value, h.value, mi.value, s.value,
                        (ms % 1000) * 1000, tzinfo=tzinfo)


#: Same as :func:`to_local`: converts an instant to a zone's local time.
convert = to_local


def to_utc(ctx: "Context", local: _dt.datetime, zone: Optional[Zone] = None,
           disambiguation: Disambiguation = Disambiguation.COMPATIBLE) -> _dt.datetime:
    """The instant (UTC) of a local date and time in ``zone``.

    ``local`` is naive (its wall time is read in ``zone``), or aware with a
    ``zoneinfo.ZoneInfo`` when ``zone`` is omitted.  With
    ``Disambiguation.REJECT`` a time in a gap raises NonexistentTimeError and
    one in a fold AmbiguousTimeError; either has ``suggestion``, the instant
    to offer instead.  Seconds are kept, microseconds truncated to ms.
    """
    if zone is None:
        if local.tzinfo is None:
            raise ValueError("a naive local time needs a zone")
        zone = local.tzinfo
    name = zone_name(zone)
    out = ctypes.c_int64()
    flags = ctypes.c_uint()
    st = lib.lcc_tz_local_to_utc(ctypes.byref(out), ctypes.byref(flags), ctx._ptr, enc(name),
                                 local.year, local.month, local.day, local.hour, local.minute,
                                 local.second, int(Disambiguation(disambiguation)))
    if st != 0:
        err = ctx._error(st)
        if isinstance(err, (NonexistentTimeError, AmbiguousTimeError)):
            err.suggestion = from_ms(out.value)  # type: ignore[assignment]
        raise err
    return from_ms(out.value + local.microsecond // 1000)


def format_time(when: Instant) -> str:
    """The wire format of an instant: ISO-8601 UTC with milliseconds
    (``"2026-11-23T09:00:00.000Z"``)."""
    buf = ctypes.create_string_buffer(25)
    st = lib.lcc_time_format(buf, len(buf), to_ms(when))
    if st != 0:
        raise error_for_status(st, "the instant is outside years 1..9999")
    return buf.value.decode("ascii")


def parse_time(text: str) -> _dt.datetime:
    """Parses an ISO-8601 / RFC 3339 instant with an offset ("Z", "+02:00")."""
    out = ctypes.c_int64()
    st = lib.lcc_time_parse(ctypes.byref(out), enc(text))
    if st != 0:
        raise error_for_status(st, f"not an RFC 3339 instant with an offset: {text!r}")
    return from_ms(out.value)

