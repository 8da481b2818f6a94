"""One registration function for every error handler: all error bodies share one shape,
``{"error": code, "message": text, "details": {...}}``, and the details carry the request id."""

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..domain.errors import AppError
from ..infrastructure.logs import request_context
from .request_id import HEADER, request_id_of

logger = logging.getLogger(__name__)


def error_body(
    error: str, message: str, details: dict[str, Any] | None = None, *, request: Request
) -> dict[str, Any]:
    details = dict(details or {})
    if request_id := request_id_of(request):
        details["request_id"] = request_id
    return {"error": error, "message": message, "details": details}


def register_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _request_validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(Exception, _unexpected_error)


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    body = error_body(**exc.to_dict(), request=request)
    return JSONResponse(jsonable_encoder(body), status_code=exc.status)


async def _request_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"location": list(error["loc"]), "message": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    body = error_body(
        "validation_error", "The request is not valid.", {"errors": errors}, request=request
    )
    return JSONResponse(jsonable_encoder(body), status_code=HTTPStatus.UNPROCESSABLE_ENTITY)


async def _http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = HTTPStatus(exc.status_code)
    code = status.phrase.lower().replace(" ", "_")
    message = exc.detail if isinstance(exc.detail, str) else status.description
    return JSONResponse(
        error_body(code, message, request=request),
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette answers unexpected errors outside every middleware, where the request's log
    # context and response header are gone: both are restored here.
    request_id = request_id_of(request) or ""
    with request_context(request_id):
        # Log everything, answer nothing of it: a traceback must never reach a client.
        logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        error_body("internal_error", "An unexpected error occurred.", request=request),
        status_code=HTTPStatus.INTERNAL_SERVER_ERROR,
        headers={HEADER: request_id} if request_id else None,
    )
