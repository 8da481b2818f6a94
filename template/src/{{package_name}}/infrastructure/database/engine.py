"""Engine and session factory, built by the composition root from settings."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from .tables import start_mappers


def create_engine(url: str, *, echo: bool = False, timeout: float = 5.0) -> AsyncEngine:
    """``timeout``: seconds a connection waits for a lock held by another writer."""
    engine = create_async_engine(url, echo=echo, connect_args={"timeout": timeout})
    event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    start_mappers()
    # Objects stay readable after commit: the response is built from them without a reload.
    return async_sessionmaker(engine, expire_on_commit=False)


def _configure_sqlite_connection(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while one writer writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
