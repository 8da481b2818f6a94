"""Translate driver errors into the application's errors.

A transaction that failed with a transient error before its commit is rolled back by the
database, so running it again from the start is safe: those become ``TransientError`` and the
retry policy takes them. A stale version (another transaction updated the row first) is one of
them: the new attempt works on the new state. A connection lost *during* the commit is
different: the commit may have taken effect, so it becomes a plain ``ServiceUnavailableError``
and is never retried.
"""

from types import TracebackType

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ...application.errors import ConcurrentUpdateError, ServiceUnavailableError, TransientError
from ...domain.errors import AppError, ConflictError
from . import backend


def lost_the_connection(error: BaseException) -> bool:
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or backend.lost_the_connection(error)
    # Refused or reset connections can surface from the driver without a DB-API wrapper
    # (asyncio reports several refused addresses as a plain OSError).
    return isinstance(error, OSError)


def lost_the_race(error: BaseException) -> bool:
    """Deadlock, serialization failure, lock timeout: the server rolled the transaction back."""
    return isinstance(error, DBAPIError) and backend.lost_the_race(error)


def translate(error: BaseException) -> AppError | None:
    """The application error that stands for ``error``, or None to let it through unchanged."""
    if isinstance(error, StaleDataError):
        return ConcurrentUpdateError("The resource was changed by another request meanwhile.")
    if isinstance(error, IntegrityError) and backend.violated_a_unique_constraint(error):
        # Two requests raced past the service's own uniqueness check; the database kept one.
        return ConflictError("The change conflicts with existing data.")
    if isinstance(error, IntegrityError) and backend.violated_a_foreign_key(error):
        # A row still referred to by another aggregate's rows, or a reference to a row that a
        # concurrent request deleted.
        return ConflictError("The change conflicts with rows that refer to it or it refers to.")
    if lost_the_race(error) or lost_the_connection(error):
        return TransientError("The database is busy or unreachable; try again shortly.")
    return None


def translated_errors() -> "_ErrorTranslation":
    """Raise the application error that stands for a driver error; let any other through."""
    return _TRANSLATION


class _ErrorTranslation:
    # A class, not a @contextmanager generator: it wraps every read, and a generator costs
    # several microseconds more per use.
    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if isinstance(error, Exception):
            translated = translate(error)
            if translated is not None:
                raise translated from error


_TRANSLATION = _ErrorTranslation()  # it keeps no state: one serves every block


def translate_commit_failure(error: BaseException) -> AppError | None:
    if lost_the_connection(error):
        return ServiceUnavailableError(
            "The connection to the database was lost during the commit; its outcome is unknown."
        )
    return translate(error)
