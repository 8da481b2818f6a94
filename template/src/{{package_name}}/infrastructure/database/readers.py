"""The read side: Core queries on autocommit connections, returning domain objects.

A read through the unit of work costs three round trips (BEGIN, SELECT, ROLLBACK); here it
costs one, and a page with its total two.
"""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from ...domain.items import Item
from .errors import translated_errors
from .tables import items

_BY_ID = select(items).where(items.c.id == bindparam("item_id"))
_PAGE = select(items).order_by(items.c.created_at, items.c.id)
_TOTAL = select(func.count()).select_from(items)


class SqlAlchemyItemReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def get(self, item_id: UUID) -> Item | None:
        with translated_errors():
            async with self._engine.connect() as connection:
                row = (await connection.execute(_BY_ID, {"item_id": item_id})).first()
        return None if row is None else _item(row)

    async def page(self, *, skip: int, limit: int) -> tuple[Sequence[Item], int]:
        # Two plain queries beat one with a window count: the page can stop after ``limit``
        # rows of the (created_at, id) index, which a count over every row cannot.
        statement = _PAGE.offset(skip).limit(limit)
        with translated_errors():
            async with self._engine.connect() as connection:
                rows = (await connection.execute(statement)).all()
                total = (await connection.execute(_TOTAL)).scalar_one()
        return [_item(row) for row in rows], total


def _item(row: Row[tuple[object, ...]]) -> Item:
    return Item(
        id=row.id,
        name=row.name,
        description=row.description,
        price=row.price,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
