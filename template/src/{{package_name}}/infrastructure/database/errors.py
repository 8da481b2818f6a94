"""Translate driver errors into the application's errors.

A transaction that failed with a transient error before its commit is rolled back by the
database, so running it again from the start is safe: those become ``TransientError`` and the
retry policy takes them. A connection lost *during* the commit is different: the commit may
have taken effect, so it becomes a plain ``ServiceUnavailableError`` and is never retried.
"""

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ...application.errors import ServiceUnavailableError, TransientError
from ...domain.errors import AppError, ConflictError

# SQLite reports a writer that waited longer than the busy timeout as "database is locked".
_TRANSIENT_SQLITE_MESSAGES = ("database is locked", "database table is locked")


def is_transient(error: DBAPIError) -> bool:
    if error.connection_invalidated:
        return True
    message = str(error.orig).lower()
    return any(fragment in message for fragment in _TRANSIENT_SQLITE_MESSAGES)


def translate(error: BaseException) -> AppError | None:
    """The application error that stands for ``error``, or None to let it through unchanged."""
    if isinstance(error, StaleDataError):
        return ConflictError("The resource was changed concurrently; reload it and try again.")
    if isinstance(error, IntegrityError):
        return ConflictError("The change conflicts with existing data.")
    if isinstance(error, DBAPIError) and is_transient(error):
        return TransientError("The database is busy or unreachable; try again shortly.")
    return None


def translate_commit_failure(error: DBAPIError) -> AppError | None:
    if error.connection_invalidated:
        return ServiceUnavailableError(
            "The connection to the database was lost during the commit; its outcome is unknown."
        )
    return translate(error)
