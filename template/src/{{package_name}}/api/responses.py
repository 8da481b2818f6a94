"""Answers of the routes: bodies serialised once, and the error statuses they document."""

from typing import Any

from fastapi import Response
from pydantic import BaseModel

from .schemas.common import ErrorResponse


def json_response(
    body: BaseModel, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Serialise ``body`` once, straight to JSON bytes.

    Returning a model instead would make FastAPI validate it again against the response model,
    turn it into Python objects and only then into JSON. The routes still declare their
    ``response_model`` for the OpenAPI document.
    """
    return Response(
        body.model_dump_json(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


Responses = dict[int | str, dict[str, Any]]
"""What a route declares in ``responses=``: the error answers of the OpenAPI document."""

_DESCRIPTIONS: dict[int, str] = {
    400: "The body cannot be parsed",
    401: "No valid access token",
    403: "The access token lacks the role this needs",
    404: "Nothing has this id",
    409: "A conflict with the current state, or If-Match names an old version",
    413: "The body is larger than the service accepts",
    422: "The request is not valid",
    429: "Too many attempts; retry after Retry-After seconds",
    503: "The database is unavailable; retry later",
}
WITH_BODY = (400, 413, 422)
"""What every route that reads a body can answer besides its own errors."""


def error_responses(*statuses: int, **descriptions: str) -> Responses:
    """The standard error body under each status, described generically unless
    ``descriptions`` (``e404="No item has this id"``) says better."""
    return {
        status: {
            "model": ErrorResponse,
            "description": descriptions.get(f"e{status}", _DESCRIPTIONS[status]),
        }
        for status in statuses
    }
