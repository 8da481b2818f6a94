"""Subscribers to the events of Item, called in-process after each commit."""

import structlog

from ...domain.items import ItemCreated, ItemDeleted, ItemUpdated
from .memory import InMemoryEventBus

events_log = structlog.get_logger(__name__)


def register_subscribers(bus: InMemoryEventBus) -> None:
    bus.subscribe(ItemCreated, log_item_event)
    bus.subscribe(ItemUpdated, log_item_event)
    bus.subscribe(ItemDeleted, log_item_event)


async def log_item_event(event: ItemCreated | ItemUpdated | ItemDeleted) -> None:
    """The example subscriber: one debug line per event (the access line already records
    each request at info; a second line per write would double the log's volume)."""
    events_log.debug(
        "item event",
        event_type=event.event_type,
        aggregate_id=str(event.aggregate_id),
        event_id=str(event.event_id),
    )
