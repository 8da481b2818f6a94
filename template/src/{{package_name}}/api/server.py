"""The HTTP server of ``serve``: uvicorn with httptools, its fast parser, with a bounded head.

httptools, a binding of Node's C parser, is uvicorn's fast parser (h11 is pure Python: served
with it, release 0.12.0 answered about a fifth fewer reads per second), but it buffers a request
line and headers of any size until they end, and uvicorn offers no bound for it.
``BoundedHttpToolsProtocol`` counts the bytes of a request head as they arrive and, past its
bound, answers 431 with the standard body, discards what the client still sends and closes the
connection, so that a flood of header bytes costs at most the bound and one read. Heads within
the bound reach ``RequestLimitsMiddleware``, which refuses too many or too large headers with
431 by the service's own, finer limits.
"""

import asyncio
from http import HTTPStatus

import orjson
import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..settings import Settings
from .limits import HEADERS_TOO_LARGE
from .schemas.common import error_json

# The head that the server buffers may be this many times the headers that the middleware
# accepts: the request line and the header syntax count too, and the middleware's own 431
# (with the request id, in the access log) stays the answer to a head just over its limit.
HEAD_BYTES_PER_HEADER_BYTE = 2


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request head larger than ``max_head_bytes``."""

    max_head_bytes = 32 * 1024
    # How long a refused client may go on sending (discarded) before the connection closes:
    # closing at once, with its bytes unread, would reset the connection before the client
    # reads the 431.
    linger_seconds = 2.0

    _reading_head = True  # between two messages, or within a head
    _head_ended = False  # within the data being fed
    _head_bytes = 0
    _refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # discarded until the connection closes
        self._head_ended = False
        super().data_received(data)
        if self._head_ended:
            # A head ended within these bytes, which may hold a body and the next head too.
            self._head_bytes = 0
        elif self._reading_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._refuse_head()

    def on_headers_complete(self) -> None:
        self._reading_head, self._head_ended = False, True
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reading_head = True

    def _refuse_head(self) -> None:
        self._refused = True
        status = HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
        body = orjson.dumps(
            error_json(
                HEADERS_TOO_LARGE,
                "The request has more or larger headers than this service accepts.",
                request_id=None,
            )
        )
        head = (
            f"HTTP/1.1 {status.value} {status.phrase}\r\n"
            "content-type: application/json\r\n"
            f"content-length: {len(body)}\r\n"
            "connection: close\r\n\r\n"
        )
        self.transport.write(head.encode() + body)
        self.transport.write_eof()
        asyncio.get_running_loop().call_later(self.linger_seconds, self.transport.close)


def bounded_httptools(max_head_bytes: int) -> type[BoundedHttpToolsProtocol]:
    """The protocol class for uvicorn's ``http`` option, with its bound."""
    return type(
        "BoundedHttpToolsProtocol", (BoundedHttpToolsProtocol,), {"max_head_bytes": max_head_bytes}
    )


def server_config(
    app: ASGIApp, settings: Settings, *, host: str | None = None, port: int | None = None
) -> uvicorn.Config:
    """How ``serve`` runs the app (tests serve it the same way, on a port of their own)."""
    return uvicorn.Config(
        app,
        host=settings.host if host is None else host,
        port=settings.port if port is None else port,
        log_level=settings.log_level,
        # Logging is configured by the app; the request-id middleware writes the access log.
        log_config=None,
        access_log=False,
        http=bounded_httptools(settings.max_header_bytes * HEAD_BYTES_PER_HEADER_BYTE),
        # On SIGTERM uvicorn stops accepting connections, lets in-flight requests finish for
        # at most this long, then runs the lifespan shutdown, which closes the pools.
        timeout_graceful_shutdown=settings.shutdown_grace_period,
    )
