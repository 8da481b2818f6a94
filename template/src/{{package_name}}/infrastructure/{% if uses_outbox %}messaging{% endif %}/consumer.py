"""The consumer: takes deliveries from the broker, hands them to the inbox, acknowledges them."""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_random_exponential

from .envelope import Envelope, MalformedMessageError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    body: bytes
    ack: Callable[[], Awaitable[None]]
    """Done with it: the broker forgets it."""
    reject: Callable[[], Awaitable[None]]
    """Not handled: the broker delivers it again later."""


class Subscription(Protocol):
    def deliveries(self) -> AsyncIterator[Delivery]: ...


class EnvelopeHandling(Protocol):
    async def handle(self, envelope: Envelope) -> bool:
        """Handle the event unless it was handled before; False for a repeat."""


class Consumer:
    def __init__(
        self, subscription: Subscription, inbox: EnvelopeHandling, *, max_backoff: float = 30.0
    ):
        self._subscription = subscription
        self._inbox = inbox
        self._max_backoff = max_backoff

    async def run(self) -> None:
        """Consume until cancelled; a lost broker connection is retried with backoff."""
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(Exception),
            wait=wait_random_exponential(multiplier=0.1, max=self._max_backoff),
            before_sleep=_log_failure,
        )
        await retrying(self.consume)

    async def consume(self) -> None:
        async for delivery in self._subscription.deliveries():
            await self.process(delivery)

    async def process(self, delivery: Delivery) -> None:
        try:
            envelope = Envelope.from_json(delivery.body)
        except MalformedMessageError:
            # Redelivering it would fail the same way forever.
            logger.error("dropping a message that is not an event envelope: %r", delivery.body)
            await delivery.ack()
            return
        try:
            handled = await self._inbox.handle(envelope)
        except Exception:
            logger.exception("handling %s %s failed", envelope.event_type, envelope.event_id)
            await delivery.reject()
            return
        if not handled:
            logger.info("ignoring a repeated delivery of %s", envelope.event_id)
        await delivery.ack()


def _log_failure(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    logger.warning(
        "consumer attempt %d failed (%r); retrying in %.2f s",
        state.attempt_number,
        error,
        state.upcoming_sleep,
    )
