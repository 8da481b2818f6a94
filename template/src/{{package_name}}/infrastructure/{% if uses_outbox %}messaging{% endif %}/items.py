"""Handlers of the events of Item, as the consumer receives them from the broker.

Handlers run once per event (the inbox drops repeats), in the transaction that records the
event as handled.
"""

import logging

from ...domain.items import ItemCreated, ItemDeleted, ItemUpdated
from .envelope import Envelope
from .subscribers import Subscribers

logger = logging.getLogger(__name__)


def register_subscribers(subscribers: Subscribers) -> None:
    subscribers.subscribe(ItemCreated, log_item_event)
    subscribers.subscribe(ItemUpdated, log_item_event)
    subscribers.subscribe(ItemDeleted, log_item_event)


async def log_item_event(envelope: Envelope) -> None:
    """The example handler: one line per event of an item."""
    logger.info(
        "consumed %s v%d of item %s (%s): %s",
        envelope.event_type,
        envelope.schema_version,
        envelope.aggregate_id,
        envelope.event_id,
        envelope.data,
    )
