"""The example handler of this service's own events. Handlers run once per event (the inbox
drops repeats), in the transaction that records the event as handled."""

import logging

from .envelope import Envelope

logger = logging.getLogger(__name__)


async def log_item_event(envelope: Envelope) -> None:
    logger.info(
        "consumed %s v%d of item %s (%s): %s",
        envelope.event_type,
        envelope.schema_version,
        envelope.aggregate_id,
        envelope.event_id,
        envelope.data,
    )
