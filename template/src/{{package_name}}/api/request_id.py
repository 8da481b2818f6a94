"""The request id: taken from ``X-Request-ID`` (or made up), bound to every log line of the
request, returned in the response header and in error bodies; plus one access log line."""

import re
import time
from typing import Final
from uuid import uuid4

import structlog
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..infrastructure.logs import request_context

HEADER: Final = "X-Request-ID"
# A caller's id is kept only when it cannot forge log lines or headers: short, plain characters.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

access_log = structlog.stdlib.get_logger("access")


def request_id_of(request: Request) -> str | None:
    request_id = getattr(request.state, "request_id", None)
    return request_id if isinstance(request_id, str) else None


def _incoming_or_new(scope: Scope) -> str:
    incoming = Request(scope).headers.get(HEADER, "")
    return incoming if _ACCEPTABLE_ID.fullmatch(incoming) else uuid4().hex


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_or_new(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500  # what the client gets if the application fails before it answers

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        started = time.perf_counter()
        with request_context(request_id):
            try:
                await self.app(scope, receive, send_with_request_id)
            finally:
                access_log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )
