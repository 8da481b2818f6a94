"""The outbox table's operations: add events with the change, claim pending ones, mark them sent.

Only the oldest unsent event of each aggregate can be claimed: the next one becomes claimable
once this one is marked sent, which happens only after the broker confirmed it. So the events
of one aggregate reach the broker in order, whichever relay publishes them. Claimed rows are
locked (``FOR UPDATE SKIP LOCKED``) on PostgreSQL and MySQL, so that concurrent relays take
disjoint batches; SQLite has no row locks, and concurrent relays on one SQLite file may publish
an event twice (never out of order, never lost), which the consumers' inbox absorbs.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from ...domain.events import DomainEvent
from ..database.tables import outbox
from .envelope import Envelope


@dataclass(frozen=True)
class PendingMessage:
    position: int
    envelope: Envelope


async def add_to_outbox(session: AsyncSession, events: Sequence[DomainEvent]) -> None:
    """Insert the events in the session's transaction, in the order they happened."""
    if not events:
        return
    rows = []
    for event in events:
        envelope = Envelope.of(event)
        rows.append(
            {
                "event_id": envelope.event_id,
                "event_type": envelope.event_type,
                "aggregate_id": envelope.aggregate_id,
                "schema_version": envelope.schema_version,
                "occurred_at": envelope.occurred_at,
                "payload": envelope.to_json().decode(),
            }
        )
    await session.execute(insert(outbox), rows)


async def claim_pending(connection: AsyncConnection, *, limit: int) -> list[PendingMessage]:
    """Lock up to ``limit`` claimable events for the connection's transaction."""
    result = await connection.execute(_claimable(limit))
    return [
        PendingMessage(position=row.position, envelope=Envelope.from_json(row.payload))
        for row in result
    ]


async def mark_sent(
    connection: AsyncConnection, messages: Sequence[PendingMessage], *, at: datetime
) -> None:
    positions = [message.position for message in messages]
    await connection.execute(
        update(outbox).where(outbox.c.position.in_(positions)).values(sent_at=at)
    )


@dataclass(frozen=True)
class Backlog:
    pending: int
    oldest_occurred_at: datetime | None


async def backlog(connection: AsyncConnection) -> Backlog:
    """How many events wait for the broker, and since when the oldest one does."""
    statement = select(func.count(), func.min(outbox.c.occurred_at)).where(
        outbox.c.sent_at.is_(None)
    )
    pending, oldest = (await connection.execute(statement)).one()
    return Backlog(pending=pending, oldest_occurred_at=oldest)


async def count_pending(connection: AsyncConnection) -> int:
    return (await backlog(connection)).pending


def _claimable(limit: int) -> Select[tuple[int, str]]:
    earlier = outbox.alias("earlier")
    an_earlier_event_is_unsent = exists().where(
        earlier.c.aggregate_id == outbox.c.aggregate_id,
        earlier.c.sent_at.is_(None),
        earlier.c.position < outbox.c.position,
    )
    return (
        select(outbox.c.position, outbox.c.payload)
        .where(outbox.c.sent_at.is_(None), ~an_earlier_event_is_unsent)
        .order_by(outbox.c.position)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
