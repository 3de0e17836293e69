"""Phone numbers: E.164 normalisation and a host validator hook."""
from __future__ import annotations

import ctypes
import weakref
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Optional, Union

from . import _native
from ._lib import lib
from ._util import dec, enc

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

__all__ = ["PhoneNumber", "normalize", "metadata_version", "set_validator"]

_E164_BUFSIZE = 17
_EXTENSION_BUFSIZE = 16


class PhoneNumber(NamedTuple):
    """A normalised number: ``e164`` ("+33142685300") and ``extension`` ("" when none)."""

    e164: str
    extension: str = ""

    def __str__(self) -> str:
        return f"{self.e164};ext={self.extension}" if self.extension else self.e164


def normalize(ctx: "Context", number: str, default_country: Optional[str] = None) -> PhoneNumber:
    """Normalises a phone number to E.164 (``lcc_phone_normalize``): "+"
    numbers, international prefixes, national numbers with
    ``default_country`` (ISO 3166 alpha-2), "tel:" URIs, extensions.
    Raises BadNumberError or InvalidArgumentError with the reason."""
    e164 = ctypes.create_string_buffer(_E164_BUFSIZE)
    ext = ctypes.create_string_buffer(_EXTENSION_BUFSIZE)
    ctx._check(lib.lcc_phone_normalize(e164, len(e164), ext, len(ext), ctx._ptr, enc(number),
                                       enc(default_country)))
    return PhoneNumber(e164.value.decode("ascii"), ext.value.decode("utf-8", "replace"))


def metadata_version() -> str:
    """Version of the libphonenumber metadata compiled into the library."""
    return dec(lib.lcc_phone_metadata_version()) or ""


Validator = Callable[[str, str], Union[bool, str, None]]


def set_validator(ctx: "Context", fn: Optional[Validator]) -> None:
    """Installs (or with None removes) the context's phone validator.

    ``fn(e164, region)`` returns True or None to accept the number, False or
    a sentence (the reason) to refuse it.  A validator that raises refuses
    the number; the exception is recorded on ``ctx.callback_errors``."""
    if fn is None:
        ctx._check(lib.lcc_context_set_phone_validator(
            ctx._ptr, ctypes.cast(0, _native.PHONE_VALIDATOR_FN), None))
        ctx._hooks.pop("phone", None)
        return
    wctx = weakref.ref(ctx)
    judge: Validator = fn

    def _hook(e164: Optional[bytes], region: Optional[bytes], reason: Any, size: int,
              _ud: Any) -> int:
        c = wctx()
        try:
            verdict = judge(dec(e164) or "", dec(region) or "")
        except BaseException as exc:  # noqa: BLE001 - must not cross into C
            if c is not None:
                c._record_callback_error("phone validator", exc)
            verdict = "the phone validator failed"
        if verdict is None or verdict is True:
            return 0
        if isinstance(verdict, str) and size > 0:
            raw = verdict.encode("utf-8")[: size - 1]
            ctypes.memmove(reason, raw + b"\0", len(raw) + 1)
        return 1

    cb = _native.PHONE_VALIDATOR_FN(_hook)
    ctx._check(lib.lcc_context_set_phone_validator(ctx._ptr, cb, None))
    ctx._hooks["phone"] = cb
