"""The error hierarchy: every error the service reports carries a code, a message and details.

The HTTP status is declared next to each error so that one registration function in the
API layer can map them all; ``http.HTTPStatus`` is the standard library, not a web framework.
"""

from http import HTTPStatus
from typing import Any, ClassVar


class AppError(Exception):
    """Base of every error the service reports on purpose."""

    code: ClassVar[str] = "application_error"
    status: ClassVar[HTTPStatus] = HTTPStatus.INTERNAL_SERVER_ERROR

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, "details": self.details}


class NotFoundError(AppError):
    code = "not_found"
    status = HTTPStatus.NOT_FOUND


class ConflictError(AppError):
    code = "conflict"
    status = HTTPStatus.CONFLICT


class ValidationError(AppError):
    code = "validation_error"
    status = HTTPStatus.UNPROCESSABLE_ENTITY


class AuthenticationError(AppError):
    code = "authentication_failed"
    status = HTTPStatus.UNAUTHORIZED


class AuthorizationError(AppError):
    code = "forbidden"
    status = HTTPStatus.FORBIDDEN
