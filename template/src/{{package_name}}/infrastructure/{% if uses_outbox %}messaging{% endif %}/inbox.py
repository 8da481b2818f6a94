"""Idempotent handling: the inbox table remembers every event id the consumer has handled."""

from collections.abc import Awaitable, Callable

from sqlalchemy import exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ...application.ports import Clock
from ..database.tables import inbox
from .envelope import Envelope

Handler = Callable[[Envelope], Awaitable[None]]


class Inbox:
    def __init__(self, engine: AsyncEngine, handler: Handler, *, clock: Clock) -> None:
        self._engine = engine
        self._handler = handler
        self._clock = clock

    async def handle(self, envelope: Envelope) -> bool:
        """Run the handler unless the event was handled before; False for a repeat.

        The inbox row and the handler's work share one transaction: if the handler fails,
        the event is not recorded, and its redelivery is handled afresh.
        """
        try:
            return await self._handle_once(envelope)
        except IntegrityError:
            # Another delivery of the same event committed first, between our check and insert.
            if await self.was_handled(envelope):
                return False
            raise

    async def was_handled(self, envelope: Envelope) -> bool:
        async with self._engine.connect() as connection:
            return await _recorded(connection, envelope)

    async def _handle_once(self, envelope: Envelope) -> bool:
        async with self._engine.begin() as connection:
            if await _recorded(connection, envelope):
                return False
            await connection.execute(
                insert(inbox).values(
                    event_id=envelope.event_id,
                    event_type=envelope.event_type,
                    processed_at=self._clock(),
                )
            )
            await self._handler(envelope)
        return True


async def _recorded(connection: AsyncConnection, envelope: Envelope) -> bool:
    statement = select(exists().where(inbox.c.event_id == envelope.event_id))
    return bool(await connection.scalar(statement))
