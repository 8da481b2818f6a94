"""Bodies and field types that every part of the HTTP API shares."""

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel

# What no supported database stores as text: NUL (PostgreSQL refuses it; SQLite and MySQL would
# keep it and hand back a different string to other clients) and lone UTF-16 surrogates, which
# JSON's \ud800 escapes can produce but no UTF-8 column can hold.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str) -> str:
    """``value``, unless a database could not store it (then a validation error)."""
    if _UNSTORABLE.search(value):
        raise ValueError("must not contain NUL characters or unpaired surrogates")
    return value


Text = Annotated[str, AfterValidator(storable)]
"""A string any database can store: use it for every string a request brings (body fields,
form fields, query and path parameters), with ``Field`` for its length and examples. A
``pattern`` goes before the validator instead (``Annotated[str, Field(pattern=...),
AfterValidator(storable)]``): after it, pydantic leaves the pattern out of the OpenAPI document."""


class ErrorResponse(BaseModel):
    error: str
    message: str
    details: dict[str, Any]


class HealthResponse(BaseModel):
    status: str
    checks: dict[str, str] = {}


def error_json(
    error: str, message: str, details: dict[str, Any] | None = None, *, request_id: str | None
) -> dict[str, Any]:
    """The standard error body; the details carry the request id when there is one."""
    details = dict(details or {})
    if request_id:
        details["request_id"] = request_id
    return {"error": error, "message": message, "details": details}
