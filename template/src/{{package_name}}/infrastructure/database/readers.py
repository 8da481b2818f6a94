"""The read side: Core queries on autocommit connections, returning views.

A read through the unit of work costs three round trips (BEGIN, SELECT, ROLLBACK); here it
costs one, and a page with its total two. Rows become ``ItemView`` directly: building mapped
aggregates would pay for change tracking that a read never uses.
"""

import asyncio
import dataclasses
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from uuid import UUID

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from ...application.ports import ItemView
from .errors import translated_errors
from .tables import items

# The view's fields, in its order: a row unpacks straight into a view.
_VIEW_COLUMNS = [items.c[field.name] for field in dataclasses.fields(ItemView)]
_BY_ID = select(*_VIEW_COLUMNS).where(items.c.id == bindparam("item_id"))
_PAGE = select(*_VIEW_COLUMNS).order_by(items.c.created_at, items.c.id)
_TOTAL = select(func.count()).select_from(items)


class SqlAlchemyItemReader:
    def __init__(self, engine: AsyncEngine, *, gate: asyncio.Semaphore | None = None) -> None:
        """``gate``: see ``create_connection_gate``; without one, reads queue in the pool."""
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._gate: AbstractAsyncContextManager[object] = gate or nullcontext()

    async def get(self, item_id: UUID) -> ItemView | None:
        with translated_errors():
            async with self._gate, self._engine.connect() as connection:
                row = (await connection.execute(_BY_ID, {"item_id": item_id})).first()
        return None if row is None else ItemView(*row)

    async def page(self, *, skip: int, limit: int) -> tuple[Sequence[ItemView], int]:
        # Two plain queries beat one with a window count: the page can stop after ``limit``
        # rows of the (created_at, id) index, which a count over every row cannot.
        statement = _PAGE.offset(skip).limit(limit)
        with translated_errors():
            async with self._gate, self._engine.connect() as connection:
                rows = (await connection.execute(statement)).all()
                total = (await connection.execute(_TOTAL)).scalar_one()
        return [ItemView(*row) for row in rows], total
