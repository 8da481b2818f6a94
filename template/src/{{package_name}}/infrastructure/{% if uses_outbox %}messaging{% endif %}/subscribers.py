"""The consumer's handlers, by event type.

A module of this package subscribes its handlers in a function
``register_subscribers(subscribers)``: one per aggregate, named after it, or one per concern.
A handler receives the envelopes of the event types it subscribed to, and no others;
subscribing to ``DomainEvent`` itself receives every event.
"""

from collections import defaultdict

from ...domain.events import DomainEvent
from ..discovery import functions_named
from .envelope import Envelope
from .inbox import Handler


class Subscribers:
    def __init__(self) -> None:
        self._handlers: defaultdict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, event_type: type[DomainEvent], handler: Handler) -> None:
        self._handlers[event_type.__name__].append(handler)

    async def __call__(self, envelope: Envelope) -> None:
        """Run the handlers of the envelope's event type, one after the other.

        They share the inbox's transaction: if one fails, the event is handled again, by all of
        them, when it is redelivered.
        """
        for handler in self._handlers.get(envelope.event_type, ()):
            await handler(envelope)
        for handler in self._handlers.get(DomainEvent.__name__, ()):
            await handler(envelope)


def all_subscribers() -> Subscribers:
    """The handlers that the modules of this package subscribe (``register_subscribers``)."""
    subscribers = Subscribers()
    package = __name__.rpartition(".")[0]
    for register_subscribers in functions_named("register_subscribers", package):
        register_subscribers(subscribers)
    return subscribers
