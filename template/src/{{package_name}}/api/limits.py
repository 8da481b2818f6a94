"""Bounded requests, and HEAD wherever GET: a pure ASGI middleware in front of the routes.

A body is refused with 413 before it is read in full: at once when its ``Content-Length`` is
too large, else (chunked transfer encoding) as soon as the chunks received pass the limit. A
request with too many or too large headers is refused with 431. The server's own parser
bounds the request head it buffers before this middleware sees it (``api/server.py``).

``HEAD`` is answered as ``GET`` without the body: FastAPI's routes answer only the methods
they declare, and declaring HEAD beside every GET would double the OpenAPI operations.
"""

from http import HTTPStatus
from typing import Final

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .schemas.common import error_json

CONTENT_TOO_LARGE: Final = "content_too_large"
HEADERS_TOO_LARGE: Final = "request_header_fields_too_large"


class RequestLimitsMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, max_header_count: int, max_header_bytes: int
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_header_count = max_header_count
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if len(headers) > self.max_header_count or (
            sum(len(name) + len(value) for name, value in headers) > self.max_header_bytes
        ):
            await _refuse(scope, send, HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
            return
        for name, value in headers:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                await _refuse(scope, send, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
                return
        if scope["method"] == "HEAD":
            scope["method"] = "GET"
            send = _without_body(send)
        await self.app(scope, self._bounded(receive), send)

    def _bounded(self, receive: Receive) -> Receive:
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # FastAPI lets an HTTPException raised while reading the body through, so
                    # the error handlers answer it with the standard body.
                    raise HTTPException(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _MESSAGES[413])
            return message

        return bounded_receive


_MESSAGES: Final = {
    413: "The request body is larger than this service accepts.",
    431: "The request has more or larger headers than this service accepts.",
}
_CODES: Final = {413: CONTENT_TOO_LARGE, 431: HEADERS_TOO_LARGE}


def error_code(status: int) -> str | None:
    """The error code of the refusals above, the same on every Python version (the standard
    library renamed 413's phrase in 3.13)."""
    return _CODES.get(status)


async def _refuse(scope: Scope, send: Send, status: HTTPStatus) -> None:
    request_id = scope.get("state", {}).get("request_id")
    body = orjson.dumps(error_json(_CODES[status], _MESSAGES[status], request_id=request_id))
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                # The rest of the request is never read: the connection cannot be reused.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _without_body(send: Send) -> Send:
    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_headers_only
