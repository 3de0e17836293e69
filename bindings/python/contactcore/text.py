"""Text metrics for message composers (TXT-SMS, TXT-WEIGHTED, TXT-LIMITS).

Pure functions: no context needed, safe from any thread::

    >>> m = measure("Hello", Channel.SMS)
    >>> m.encoding, m.segments, m.remaining
    (<TextEncoding.GSM7: 0>, 1, 760)
"""
from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass
from typing import List, Optional, Union

from . import _native
from ._lib import lib
from ._util import INT64_MAX
from .errors import Status, error_for_status

__all__ = ["Channel", "TextEncoding", "TextMetrics", "measure", "sms_segments",
           "sms_segment_offsets"]


class Channel(enum.IntEnum):
    """``lcc_channel``: message channels."""

    SMS = 0
    WHATSAPP = 1
    EMAIL = 2
    OPEN = 3
    WEB = 4
    FACEBOOK = 5
    INSTAGRAM = 6
    X = 7
    SOCIAL_PUBLIC = 8


class TextEncoding(enum.IntEnum):
    """``lcc_text_encoding``: what :attr:`TextMetrics.units` counts."""

    GSM7 = 0      #: SMS in the GSM 03.38 alphabet: septets
    UCS2 = 1      #: SMS in UCS-2: UTF-16 code units
    CHARS = 2     #: other channels: code points
    WEIGHTED = 3  #: X: weighted length


@dataclass(frozen=True)
class TextMetrics:
    """What :func:`measure` found: the encoding, SMS segments, units, units
    left in the last SMS segment, what is left before the channel's limit
    (``remaining``; None without a limit, negative when over), the limit
    (None for email) and whether the text is over it."""

    encoding: TextEncoding
    segments: int
    units: int
    segment_remaining: int
    remaining: Optional[int]
    limit: Optional[int]
    over_limit: bool


def _utf8(text: Union[str, bytes]) -> bytes:
    if isinstance(text, bytes):
        return text
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    raise TypeError(f"expected str or bytes, got {type(text).__name__}")


def _raise(st: int, what: str) -> None:
    if st == Status.EINVAL:
        raise error_for_status(st, f"{what}: the text is not valid UTF-8 (or the channel is unknown)")
    raise error_for_status(st, f"{what} failed")


def measure(text: Union[str, bytes], channel: Channel = Channel.SMS) -> TextMetrics:
    """Measures a text for a channel (``lcc_text_measure``).  ``text`` is a
    ``str`` or UTF-8 ``bytes``; invalid UTF-8 raises InvalidArgumentError."""
    raw = _utf8(text)
    out = _native.lcc_text_metrics.init()
    st = lib.lcc_text_measure(ctypes.byref(out), int(channel), raw, len(raw))
    if st != 0:
        _raise(st, "lcc_text_measure")
    limit = int(out.limit)
    return TextMetrics(
        encoding=TextEncoding(out.encoding),
        segments=int(out.segments),
        units=int(out.units),
        segment_remaining=int(out.segment_remaining),
        remaining=None if int(out.remaining) == INT64_MAX else int(out.remaining),
        limit=limit or None,
        over_limit=bool(out.over_limit),
    )


def sms_segment_offsets(text: Union[str, bytes]) -> List[int]:
    """Byte offsets (in the UTF-8 text) where each SMS segment starts."""
    raw = _utf8(text)
    count = ctypes.c_size_t(0)
    st = lib.lcc_text_sms_segments(None, 0, ctypes.byref(count), raw, len(raw))
    if st not in (0, Status.ERANGE):
        _raise(st, "lcc_text_sms_segments")
    n = count.value
    if n == 0:
        return []
    offsets = (ctypes.c_size_t * n)()
    st = lib.lcc_text_sms_segments(offsets, n, ctypes.byref(count), raw, len(raw))
    if st != 0:
        _raise(st, "lcc_text_sms_segments")
    return [int(offsets[i]) for i in range(count.value)]


def sms_segments(text: Union[str, bytes]) -> List[str]:
    """The text split where the SMS will be split (one string per segment)."""
    raw = _utf8(text)
    offs = sms_segment_offsets(raw) + [len(raw)]
    return [raw[a:b].decode("utf-8", "surrogatepass") for a, b in zip(offs, offs[1:])]
