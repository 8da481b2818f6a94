"""The request id: taken from ``X-Request-ID`` (or made up), bound to every log line of the
request, returned in the response header and in error bodies; plus one access log line and,
when an observer is given, one observation per request.

Every request crosses this middleware, so it works on the raw ASGI scope and messages: request
and header objects, a second middleware for the observer and a log line through the standard
library used to cost more per request than the service's own work on a read.
"""

import logging
import os
import re
import time
from collections.abc import Callable
from typing import Final

import orjson
import structlog
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.typing import FilteringBoundLogger

from ..infrastructure.logs import request_context
from .schemas.common import error_json

HEADER: Final = "X-Request-ID"
_HEADER_NAME: Final = HEADER.lower().encode()  # ASGI servers pass header names in lower case
# A caller's id is kept only when it cannot forge log lines or headers: short, plain characters.
_ACCEPTABLE_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")

_logger = logging.getLogger(__name__)

Observer = Callable[[Scope, int, float], None]
"""Called once per request with its scope, its response status and its duration in seconds."""


def request_id_of(request: Request) -> str | None:
    request_id = getattr(request.state, "request_id", None)
    return request_id if isinstance(request_id, str) else None


def _incoming_or_new(scope: Scope) -> str:
    name: bytes
    value: bytes
    for name, value in scope["headers"]:
        if name == _HEADER_NAME:
            if _ACCEPTABLE_ID.fullmatch(value):
                return value.decode()
            break
    return os.urandom(16).hex()


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp, *, observe: Observer | None = None) -> None:
        self.app = app
        self.observe = observe
        self._access_log: FilteringBoundLogger | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_or_new(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        header = (_HEADER_NAME, request_id.encode())
        status = 500  # what the client gets if the application fails before it answers
        status_sent = False

        async def send_with_request_id(message: Message) -> None:
            nonlocal status, status_sent
            if message["type"] == "http.response.start":
                status = message["status"]
                status_sent = True
                headers = message.get("headers", ())
                message["headers"] = [h for h in headers if h[0] != _HEADER_NAME] + [header]
            await send(message)

        if self._access_log is None:
            # Made at the first request, when logging is configured, and kept: the lazy logger
            # of structlog.get_logger() would build a new logger at every call.
            self._access_log = structlog.get_logger("access").bind()
        method = scope["method"]  # before RequestLimitsMiddleware answers HEAD as GET
        started = time.perf_counter()
        with request_context(request_id):
            try:
                await self.app(scope, receive, send_with_request_id)
            except Exception:
                if status_sent:
                    raise  # too late for an answer: the server logs it and drops the connection
                # Answered here rather than by Starlette's outermost handler, which would
                # re-raise to the server: it would log it a second time and drop a keep-alive
                # connection. Logged with its traceback; the client gets none of it.
                _logger.exception("unhandled error on %s %s", method, scope["path"])
                status = 500
                body = orjson.dumps(
                    error_json(
                        "internal_error", "An unexpected error occurred.", request_id=request_id
                    )
                )
                await send_with_request_id(_internal_error_start(len(body)))
                await send({"type": "http.response.body", "body": body})
            finally:
                seconds = time.perf_counter() - started
                self._access_log.info(
                    "request",
                    method=method,
                    path=scope["path"],
                    status=status,
                    duration_ms=round(seconds * 1000, 2),
                )
                if self.observe is not None:
                    self.observe(scope, status, seconds)


def _internal_error_start(length: int) -> Message:
    return {
        "type": "http.response.start",
        "status": 500,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(length).encode()),
        ],
    }
