"""Bodies and field types that every part of the HTTP API shares."""

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, PlainSerializer

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


def json_decimal(value: object) -> object:
    """A JSON number as the decimal its text wrote (``0.1`` is 0.1, not the float's binary
    neighbour), for a ``Decimal`` field documented by ``decimal_schema``; a string or a
    boolean is not a number."""
    if isinstance(value, str | bool):
        raise ValueError("must be a JSON number")
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


JsonDecimal = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
"""A decimal answered as a JSON number, as ``json_decimal`` reads it: exact up to 15
significant digits, which the aggregate generator allows at most."""


def decimal_schema(digits: int, places: int, **bounds: str) -> dict[str, Any]:
    """The JSON Schema of a decimal with ``digits`` digits, ``places`` of them after the point,
    within ``bounds`` (``gt``, ``ge``, ``lt``, ``le``): a number that is a multiple of its last
    place, so that every number the schema allows is one the field accepts."""
    largest = Decimal(10) ** (digits - places) - Decimal(1).scaleb(-places)
    keywords = {
        "gt": "exclusiveMinimum",
        "ge": "minimum",
        "lt": "exclusiveMaximum",
        "le": "maximum",
    }
    schema: dict[str, Any] = {"type": "number", "multipleOf": float(Decimal(1).scaleb(-places))}
    schema |= {"minimum": float(-largest), "maximum": float(largest)}
    for bound, value in bounds.items():
        schema[keywords[bound]] = float(value)
    return schema


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
