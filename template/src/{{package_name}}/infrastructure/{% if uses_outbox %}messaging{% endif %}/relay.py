"""The relay: publishes the outbox's pending events to the broker, then marks them sent.

A batch is claimed, published and marked in one database transaction. If the relay dies
between the broker's confirmation and the commit, the rows stay pending and are published
again: delivery is at least once, and the consumers' inbox drops the repeats.
"""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_random_exponential

from ...application.ports import Clock
from .envelope import Envelope
from .outbox import claim_pending, mark_sent

logger = logging.getLogger(__name__)


class EnvelopePublisher(Protocol):
    async def publish(self, envelopes: Sequence[Envelope]) -> None:
        """Return once the broker has accepted every envelope; raise if it did not."""


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        publisher: EnvelopePublisher,
        *,
        clock: Clock,
        batch_size: int = 100,
        poll_interval: float = 0.5,
        publish_timeout: float = 10.0,
        max_backoff: float = 30.0,
        isolation_level: str | None = None,
    ) -> None:
        self._engine = engine
        self._publisher = publisher
        self._clock = clock
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._publish_timeout = publish_timeout
        self._max_backoff = max_backoff
        self._isolation_level = isolation_level
        self._task: asyncio.Task[None] | None = None

    async def relay_batch(self) -> int:
        """Publish one batch of pending events; returns how many were published."""
        async with self._engine.connect() as connection:
            if self._isolation_level is not None:
                await connection.execution_options(isolation_level=self._isolation_level)
            async with connection.begin():
                messages = await claim_pending(connection, limit=self._batch_size)
                if not messages:
                    return 0
                async with asyncio.timeout(self._publish_timeout):
                    await self._publisher.publish([message.envelope for message in messages])
                await mark_sent(connection, messages, at=self._clock())
        return len(messages)

    async def run(self) -> None:
        """Relay until cancelled. Failures (broker or database unreachable) are retried with
        exponential backoff and jitter, for as long as they last: pending rows wait, nothing
        is dropped."""
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(Exception),
            wait=wait_random_exponential(multiplier=0.1, max=self._max_backoff),
            before_sleep=_log_failure,
        )
        while True:
            relayed: int = await retrying(self.relay_batch)
            if relayed < self._batch_size:
                await asyncio.sleep(self._poll_interval)

    def start(self) -> None:
        """Run in the background of the current event loop, until ``stop``."""
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="outbox-relay")

    async def stop(self, *, flush_within: float = 0) -> None:
        """Stop the background relay, then publish what is still pending (the events of the
        last requests) for at most ``flush_within`` seconds; what is left waits for the next
        relay to start."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if flush_within > 0:
            await self.flush(within=flush_within)

    async def flush(self, *, within: float) -> int:
        """Publish pending events until none is left, ``within`` seconds pass or publishing
        fails; returns how many were published. Never raises: the rows stay pending."""
        published = 0
        try:
            async with asyncio.timeout(within):
                while relayed := await self.relay_batch():
                    published += relayed
        except Exception as error:  # the timeout, or the broker or database being down
            logger.warning(
                "outbox flush stopped after %d events (%r); the rest stays pending",
                published,
                error,
            )
        else:
            logger.info("outbox flushed: %d events published", published)
        return published


def _log_failure(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    logger.warning(
        "outbox relay attempt %d failed (%r); retrying in %.2f s",
        state.attempt_number,
        error,
        state.upcoming_sleep,
    )
