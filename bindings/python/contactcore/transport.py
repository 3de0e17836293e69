"""Python transports: a callable that carries the library's HTTP requests.

Install one with :meth:`Context.set_transport`::

    def send(request):
        status, body = my_http(request.method, request.url, request.headers, request.body)
        return status, body

    ctx.set_transport(send)

The callable may answer at once (return the response) or later (return None,
keep the :class:`Request` and call :meth:`Request.complete` or
:meth:`Request.fail` -- from any thread).  An exception raised by it never
reaches C: it is recorded on ``ctx.callback_errors`` and the library sees
the request refused (``LCC_EIO``).
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import json
import threading
import weakref
from typing import (TYPE_CHECKING, Any, Callable, Dict, List, Mapping, NamedTuple, Optional,
                    Tuple, Union)

from . import _native
from ._lib import lib
from ._util import dec, enc, from_ms
from .errors import ClosedError, Status, StateError, error_for_status

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

__all__ = ["Request", "Response"]

Body = Union[bytes, str, Mapping[str, Any], List[Any], None]
Headers = Union[str, Mapping[str, str], List[Tuple[str, str]], None]


class Response(NamedTuple):
    """An HTTP answer for :meth:`Request.complete`: status, body (bytes, str,
    or a dict/list sent as JSON) and optional headers (raw lines, a mapping
    or pairs; used for Retry-After)."""

    status: int
    body: Body = b""
    headers: Headers = None


def _body_bytes(body: Body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body).encode("utf-8")


def _header_lines(headers: Headers) -> Optional[bytes]:
    if headers is None:
        return None
    if isinstance(headers, str):
        return headers.encode("utf-8")
    items = headers.items() if isinstance(headers, Mapping) else headers
    return "".join(f"{k}: {v}\r\n" for k, v in items).encode("utf-8")


class Request:
    """One HTTP request of the library, copied when the transport gets it.

    Attributes: ``method``, ``path`` (from the API root, query included),
    ``url``, ``headers`` (list of (name, value)), ``body`` (bytes), ``id``,
    ``deadline`` (UTC datetime on the context clock), ``cancelled`` (the
    library gave up on it; complete it anyway).
    """

    def __init__(self, adapter: "PyTransport", ptr: int) -> None:
        self._adapter = adapter
        self._ptr: Optional[int] = ptr
        self.method: str = dec(lib.lcc_request_method(ptr)) or ""
        self.path: str = dec(lib.lcc_request_path(ptr)) or ""
        self.url: str = dec(lib.lcc_request_url(ptr)) or ""
        self.headers: List[Tuple[str, str]] = [
            (dec(lib.lcc_request_header_name(ptr, i)) or "",
             dec(lib.lcc_request_header_value(ptr, i)) or "")
            for i in range(lib.lcc_request_header_count(ptr))]
        n = ctypes.c_size_t(0)
        raw = lib.lcc_request_body(ptr, ctypes.byref(n))
        self.body: bytes = (raw or b"")[: n.value]
        self.id: int = int(lib.lcc_request_id(ptr))
        self.deadline: _dt.datetime = from_ms(int(lib.lcc_request_deadline_ms(ptr)))
        self.cancelled = False

    def header(self, name: str) -> Optional[str]:
        """The value of a header (ASCII case-insensitive), or None."""
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return None

    def json(self) -> Any:
        """The body parsed as JSON (None when empty)."""
        return json.loads(self.body) if self.body else None

    @property
    def done(self) -> bool:
        """True once completed (or when the transport was destroyed)."""
        return self._ptr is None

    def complete(self, status: int, body: Body = b"", headers: Headers = None) -> None:
        """Completes the request with the backend's HTTP answer (any thread)."""
        data = _body_bytes(body)
        hdr = _header_lines(headers)
        with self._adapter.lock:
            ptr = self._take()
            st = lib.lcc_request_complete(ptr, int(status), hdr, data, len(data))
        if st != 0:
            raise error_for_status(st, "lcc_request_complete refused the answer")

    def fail(self, status: "Status | int" = Status.EIO, message: Optional[str] = None) -> None:
        """Completes the request with a transport failure: EIO when it surely
        did not reach the backend, EUNKNOWN_OUTCOME when it may have."""
        with self._adapter.lock:
            ptr = self._take()
            st = lib.lcc_request_fail(ptr, int(status), enc(message))
        if st != 0:
            raise error_for_status(st, "lcc_request_fail refused the failure")

    def _take(self) -> int:
        ptr = self._ptr
        if ptr is None:
            if self._adapter.destroyed:
                raise ClosedError("the transport of this request was destroyed")
            raise StateError("this request was already completed")
        self._ptr = None
        self._adapter.pending.pop(ptr, None)
        return ptr

    def __repr__(self) -> str:
        return f"<Request {self.id} {self.method} {self.path}{' done' if self.done else ''}>"


def _normalize(result: Any) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, tuple) and 2 <= len(result) <= 3:
        return Response(*result)
    if isinstance(result, int) and not isinstance(result, bool):
        return Response(result)
    raise TypeError("a transport must return None, a Response, or (status, body[, headers]); "
                    f"got {result!r}")


class PyTransport:
    """The ``lcc_transport`` vtable behind :meth:`Context.set_transport`."""

    def __init__(self, ctx: "Context",
                 send: "Callable[[Request], Optional[Any]]",
                 cancel: "Optional[Callable[[Request], None]]") -> None:
        if not callable(send):
            raise TypeError("send must be callable")
        self.wctx = weakref.ref(ctx)
        self.send_fn = send
        self.cancel_fn = cancel
        self.lock = threading.Lock()
        self.pending: Dict[int, Request] = {}
        self.destroyed = False
        self._send_cb = _native.TRANSPORT_SEND_FN(self._send)
        self._cancel_cb = _native.TRANSPORT_CANCEL_FN(self._cancel)
        self._destroy_cb = _native.TRANSPORT_DESTROY_FN(self._destroy)
        self.vtable = _native.lcc_transport.init(send=self._send_cb, cancel=self._cancel_cb,
                                                 destroy=self._destroy_cb)

    def _record(self, hook: str, exc: BaseException) -> None:
        ctx = self.wctx()
        if ctx is not None:
            ctx._record_callback_error(hook, exc)

    def _send(self, ptr: int, _ud: Any) -> int:
        try:
            request = Request(self, ptr)
            self.pending[ptr] = request
        except BaseException as exc:  # noqa: BLE001
            self._record("transport.send", exc)
            return int(Status.EIO)
        try:
            result = self.send_fn(request)
            if result is None or request.done:
                return 0
            resp = _normalize(result)
            request.complete(resp.status, resp.body, resp.headers)
            return 0
        except BaseException as exc:  # noqa: BLE001 - must not cross into C
            self._record("transport.send", exc)
            if request.done:
                return 0  # it was completed: the completion stands
            request._ptr = None
            self.pending.pop(ptr, None)
            return int(Status.EIO)  # not accepted: no completion will follow

    def _cancel(self, ptr: int, _ud: Any) -> None:
        request = self.pending.get(ptr)
        if request is None:
            return
        request.cancelled = True
        if self.cancel_fn is not None:
            try:
                self.cancel_fn(request)
            except BaseException as exc:  # noqa: BLE001
                self._record("transport.cancel", exc)

    def _destroy(self, _ud: Any) -> None:
        with self.lock:
            self.destroyed = True
            for request in self.pending.values():
                request._ptr = None
            self.pending.clear()
