"""Engine, session factory and connection gate, built by the composition root from settings."""

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from . import backend
from .aggregates import start_mappers


@dataclass(frozen=True)
class PoolOptions:
    size: int = 5
    max_overflow: int = 10
    timeout: float = 5.0
    """Seconds a request waits for a free connection before it fails."""
    recycle: float = 1800.0
    """Seconds after which a connection is replaced (servers drop idle ones)."""
    pre_ping: bool = False
    """Test each connection as it leaves the pool (one more round trip per checkout)."""


def create_engine(
    url: str, *, echo: bool = False, timeout: float = 5.0, pool: PoolOptions = PoolOptions()
) -> AsyncEngine:
    """``timeout``: seconds to wait for a new connection (on SQLite: for a lock)."""
    engine = create_async_engine(
        url,
        echo=echo,
        # Bound parameters (emails, names) stay out of every log line and error message.
        hide_parameters=True,
        connect_args=backend.connect_args(timeout=timeout),
        pool_size=pool.size,
        max_overflow=pool.max_overflow,
        pool_timeout=pool.timeout,
        pool_recycle=pool.recycle,
        pool_pre_ping=pool.pre_ping,
    )
    backend.configure(engine)
    return engine


def create_connection_gate(pool: PoolOptions) -> asyncio.Semaphore:
    """Lets requests use the pool's connections first come, first served.

    SQLAlchemy's asyncio pool lets a newcomer take a connection that was just handed to a
    waiting task, which then queues again at the back: under sustained load a request can wait
    for seconds, or time out, while newer ones pass it. Waiting here instead, in a semaphore as
    wide as the pool (asyncio wakes its waiters in order), keeps the tail latency bounded.
    """
    return asyncio.Semaphore(pool.size + pool.max_overflow)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    start_mappers()
    # Objects stay readable after commit: the response is built from them without a reload.
    return async_sessionmaker(engine, expire_on_commit=False)
