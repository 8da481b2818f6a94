"""Bodies that every part of the HTTP API shares."""

from typing import Any

from pydantic import BaseModel


class ErrorResponse(BaseModel):
    error: str
    message: str
    details: dict[str, Any]


class HealthResponse(BaseModel):
    status: str
    checks: dict[str, str] = {}
