"""An in-process event bus: subscribers are awaited right after the unit of work commits.

Subscribers are registered by event type: a handler sees the events of the type it subscribed
to (and of its subclasses; ``DomainEvent`` for every event), never another aggregate's.
"""

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from ...domain.events import DomainEvent
from ..discovery import functions_named

logger = logging.getLogger(__name__)

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


def subscribed_bus() -> InMemoryEventBus:
    """A bus with the subscribers of every module of this package.

    A module here subscribes its handlers in a function ``register_subscribers(bus)``: one
    per aggregate, named after it, or one per concern; no list of them is kept anywhere.
    """
    bus = InMemoryEventBus()
    package = __name__.rpartition(".")[0]
    for register_subscribers in functions_named("register_subscribers", package):
        register_subscribers(bus)
    return bus
