"""The library (``contactcore._native.lib``), loaded on first use.

``import contactcore`` does not load the C library, so that a missing library
is reported (``LibraryNotFoundError`` listing every path tried) where it is
first needed, and ``contactcore.LibraryNotFoundError`` can be caught.
"""
from typing import Any

from . import _native

__all__ = ["lib"]


class _LazyLib:
    """Forwards attribute access to the loaded CDLL, caching each function."""

    def __getattr__(self, name: str) -> Any:
        fn = getattr(_native.load(), name)
        setattr(self, name, fn)
        return fn


lib: Any = _LazyLib()
