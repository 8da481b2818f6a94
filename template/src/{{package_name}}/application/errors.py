"""Errors of the application layer: failures of the machinery rather than of the domain."""

from http import HTTPStatus

from ..domain.errors import AppError


class ServiceUnavailableError(AppError):
    """A dependency (database, broker) cannot serve the request now; try again later."""

    code = "service_unavailable"
    status = HTTPStatus.SERVICE_UNAVAILABLE


class TransientError(ServiceUnavailableError):
    """A failure that a new attempt of the whole transaction may not meet again.

    Only infrastructure raises it, after classifying a driver error (connection lost before
    commit, deadlock, serialization failure, database locked). The retry policy retries these
    and nothing else; once its attempts are spent the error surfaces as a 503.
    """
