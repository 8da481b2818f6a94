"""The items table, the Item repository and the item read side."""

import asyncio
import dataclasses
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from uuid import UUID

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    exists,
    func,
    select,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.ext.asyncio import AsyncEngine

from ...application.items import ITEMS, ItemView
from ...domain.items import Item
from .errors import translated_errors
from .repositories import SqlAlchemyRepository
from .tables import metadata
from .types import Money, UtcDateTime

items = Table(
    "items",
    metadata,
    Column("id", Uuid, primary_key=True),
    # Binary collation on MySQL: names are unique as written, as on the other databases.
    Column(
        "name",
        String(200).with_variant(mysql.VARCHAR(200, collation="utf8mb4_bin"), "mysql"),
        nullable=False,
        unique=True,
    ),
    Column("description", Text, nullable=True),
    Column("price", Money, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    # Pages are in creation order: the index lets a page stop after its last row.
    Index("ix_items_created_at_id", "created_at", "id"),
)


class SqlAlchemyItemRepository(SqlAlchemyRepository[Item, UUID]):
    key = ITEMS
    entity_type = Item
    table = items
    order_by = (items.c.created_at, items.c.id)

    async def exists_by_name(self, name: str) -> bool:
        statement = select(exists().where(items.c.name == name))
        return bool(await self._session.scalar(statement))


# The read side: Core queries on autocommit connections, returning views. A read through the
# unit of work costs three round trips (BEGIN, SELECT, ROLLBACK); here it costs one, and a page
# with its total two. Rows become ``ItemView`` directly: building mapped aggregates would pay
# for change tracking that a read never uses.

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
