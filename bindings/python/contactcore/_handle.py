"""Base classes of the wrappers around library handles.

Every handle belongs to a :class:`~contactcore.Context`.  The context keeps a
weak registry of its live wrappers (one wrapper per C address), so that

* closing the context invalidates every wrapper *before* the C context (and
  with it every object it owns) is freed: later use raises
  :class:`~contactcore.errors.ClosedError`, never touches freed memory;
* a wrapper that owns its C object (drafts, messages, operations, IVR
  scripts and sessions, the engine) frees it exactly once -- by ``close()``,
  the ``with`` block or ``__del__`` -- and never after its context was freed;
* looking an object up twice gives the same wrapper while it lives.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional, Type, TypeVar

from .errors import ClosedError

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

H = TypeVar("H", bound="Handle")


class Handle:
    """A wrapper around one library handle of a context."""

    #: What the handle is called in messages ("agent", "callback draft", ...).
    _kind: ClassVar[str] = "handle"
    #: Name of the ``lcc_*_free`` function when the wrapper owns the object.
    _free_name: ClassVar[Optional[str]] = None

    __slots__ = ("_ctx", "_h", "__weakref__")

    def __init__(self, ctx: "Context", h: int) -> None:
        self._ctx = ctx
        self._h: Optional[int] = h
        ctx._register(self)

    @classmethod
    def _wrap(cls: Type[H], ctx: "Context", h: Optional[int], **extra: Any) -> Optional[H]:
        """The live wrapper of address ``h`` (made when there is none), or None for NULL."""
        if not h:
            return None
        found = ctx._lookup(cls, h)
        if found is not None:
            return found
        obj = cls.__new__(cls)
        for k, v in extra.items():
            setattr(obj, k, v)
        Handle.__init__(obj, ctx, h)
        cls._init_wrapped(obj)
        return obj

    def _init_wrapped(self) -> None:
        """Hook for subclasses: set defaults of a wrapper made by :meth:`_wrap`."""

    @property
    def _ptr(self) -> int:
        """The C address; raises :class:`ClosedError` when unusable."""
        h = self._h
        if h is None:
            if self._ctx._closed:
                raise ClosedError(f"this {self._kind} belonged to a Context that is closed")
            raise ClosedError(f"this {self._kind} is closed")
        return h

    @property
    def closed(self) -> bool:
        """True once the object (or its context) was closed."""
        return self._h is None

    @property
    def context(self) -> "Context":
        """The context the object belongs to."""
        return self._ctx

    def _invalidate(self) -> None:
        """Forgets the C address (the context freed, or is freeing, the object)."""
        self._h = None

    def _release(self) -> None:
        """Frees the C object now (when the context is still open) and
        invalidates the wrapper.  Idempotent."""
        h = self._h
        if h is None:
            return
        self._h = None
        ctx = self._ctx
        ctx._unregister(self, h)
        if self._free_name and not ctx._closed:
            from ._lib import lib
            getattr(lib, self._free_name)(h)

    def __repr__(self) -> str:
        state = "closed" if self._h is None else hex(self._h)
        return f"<{type(self).__name__} {state}>"


class OwnedHandle(Handle):
    """A handle the wrapper owns: freed by :meth:`close`, ``with`` or GC."""

    __slots__ = ()

    def close(self) -> None:
        """Frees the object now.  Later use raises ClosedError; closing twice
        is harmless, and after the context was closed it does nothing."""
        self._release()

    def __enter__(self: H) -> H:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self._release()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass


def guard(ctx: "Context", hook: str, fn: Callable[..., Any], default: Any,
          *args: Any) -> Any:
    """Runs a Python hook called from C: any exception is recorded on the
    context and logged, and ``default`` is returned instead."""
    try:
        return fn(*args)
    except BaseException as exc:  # noqa: BLE001 - nothing may cross into C
        ctx._record_callback_error(hook, exc)
        return default
