"""Errors of the application layer: failures of the machinery rather than of the domain."""

from http import HTTPStatus

from ..domain.errors import AppError


class ServiceUnavailableError(AppError):
    """A dependency (database, broker) cannot serve the request now; try again later."""

    code = "service_unavailable"
    status = HTTPStatus.SERVICE_UNAVAILABLE


class TransientError(AppError):
    """A failure that a new attempt of the whole transaction may not meet again.

    Only infrastructure raises it, after classifying a driver error (connection lost before
    the commit, deadlock, serialization failure, database locked). The retry policy retries
    these and nothing else; once its attempts are spent the error answers with its status.
    """

    code = "service_unavailable"
    status = HTTPStatus.SERVICE_UNAVAILABLE


class ConcurrentUpdateError(TransientError):
    """Another transaction changed the row between this one's read and its write.

    Running the use case again reads the new state and applies the change to it; a client's
    precondition (If-Match) is then checked against the new version and refused if stale.
    """

    code = "conflict"
    status = HTTPStatus.CONFLICT


class TooManyAttemptsError(AppError):
    """Too many failed attempts from this client or on this account: wait, then try again."""

    code = "too_many_attempts"
    status = HTTPStatus.TOO_MANY_REQUESTS

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after
