"""An in-process event bus: subscribers are awaited right after the unit of work commits."""

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import structlog

from ...domain.events import DomainEvent

logger = logging.getLogger(__name__)
events_log = structlog.get_logger(__name__)

EventT = TypeVar("EventT", bound=DomainEvent)
Handler = Callable[[EventT], Awaitable[None]]


class InMemoryEventBus:
    def __init__(self) -> None:
        self._handlers: dict[type[DomainEvent], list[Handler[DomainEvent]]] = defaultdict(list)

    def subscribe(self, event_type: type[EventT], handler: Handler[EventT]) -> None:
        """Call ``handler`` for every published event of ``event_type`` or a subclass of it."""
        self._handlers[event_type].append(handler)  # type: ignore[arg-type]

    async def publish(self, events: Sequence[DomainEvent]) -> None:
        for event in events:
            for event_type, handlers in self._handlers.items():
                if isinstance(event, event_type):
                    for handler in handlers:
                        await self._deliver(event, handler)

    async def _deliver(self, event: DomainEvent, handler: Handler[DomainEvent]) -> None:
        # The transaction has committed: a failing subscriber must not turn the request into
        # an error, nor keep the other subscribers from their event.
        try:
            await handler(event)
        except Exception:
            logger.exception(
                "subscriber %r failed on %s %s", handler, event.event_type, event.event_id
            )


async def log_event(event: DomainEvent) -> None:
    """The example subscriber: one debug line per event (the access line already records
    each request at info; a second line per write would double the log's volume)."""
    events_log.debug(
        "domain event",
        event_type=event.event_type,
        aggregate_id=str(event.aggregate_id),
        event_id=str(event.event_id),
    )
