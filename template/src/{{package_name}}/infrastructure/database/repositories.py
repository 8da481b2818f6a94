"""Repositories over one SQLAlchemy session: a generic base and one narrow class per aggregate."""

from collections.abc import Sequence
from functools import cache
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import Column, Table, exists, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapper, make_transient_to_detached

from ...domain.items import Item
from .tables import items

EntityT = TypeVar("EntityT")
IdT = TypeVar("IdT")


class SqlAlchemyRepository(Generic[EntityT, IdT]):
    """get, list, count, add, update, delete and exists for one mapped aggregate type.

    Every aggregate it hands out or takes is remembered in ``seen``, so that the unit of work
    can collect their domain events.
    """

    entity_type: type[EntityT]
    order_by: Any

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: list[EntityT] = []

    async def get(self, id_: IdT) -> EntityT | None:
        entity = await self._session.get(self.entity_type, id_)
        if entity is not None:
            self._remember(entity)
        return entity

    async def list(self, *, skip: int = 0, limit: int = 100) -> Sequence[EntityT]:
        statement = select(self.entity_type).order_by(*self.order_by).offset(skip).limit(limit)
        return (await self._session.scalars(statement)).all()

    async def count(self) -> int:
        statement = select(func.count()).select_from(self.entity_type)
        return (await self._session.scalar(statement)) or 0

    async def add(self, entity: EntityT) -> EntityT:
        """Insert ``entity`` now, so that a constraint it breaks fails here, and track it."""
        mapper = inspect(self.entity_type)
        if _insertable_in_one_statement(mapper):
            # The ORM's flush costs more than the rest of a create together; for an aggregate
            # that is one row of its own columns, one INSERT does the same. It then joins the
            # session as if it had been loaded, so that a later change is saved as an UPDATE.
            row = {column: getattr(entity, attribute) for attribute, column in _columns(mapper)}
            await self._session.execute(mapper.local_table.insert(), row)
            make_transient_to_detached(entity)
            self._session.add(entity)
        else:
            self._session.add(entity)
            await self._session.flush()
        self._remember(entity)
        return entity

    async def update(self, entity: EntityT) -> EntityT:
        # The entity is already tracked by the session; flushing now surfaces a stale version
        # or a constraint violation inside the use case rather than at commit.
        await self._session.flush()
        self._remember(entity)
        return entity

    async def delete(self, entity: EntityT) -> None:
        await self._session.delete(entity)
        await self._session.flush()
        self._remember(entity)

    async def exists(self, id_: IdT) -> bool:
        primary_key = inspect(self.entity_type).primary_key[0]
        return bool(await self._session.scalar(select(exists().where(primary_key == id_))))

    def _remember(self, entity: EntityT) -> None:
        if not any(seen is entity for seen in self.seen):
            self.seen.append(entity)


@cache
def _insertable_in_one_statement(mapper: Mapper[Any]) -> bool:
    """Whether saving a new instance is exactly one INSERT of its attributes' values.

    It is not when the ORM has more to do: related objects to save with it, a key or a value
    the database or a column default fills in, a version number the ORM counts, a parent
    class's table, a mapping onto something else than one table, or an attribute that is an
    SQL expression rather than a column of it.
    """
    table = mapper.local_table
    return (
        isinstance(table, Table)
        and not mapper.relationships
        and mapper.inherits is None
        and (mapper.version_id_col is None or mapper.version_id_generator is False)
        and table.autoincrement_column is None
        and all(column.default is None and column.server_default is None for column in table.c)
        and all(
            isinstance(column, Column) and column.table is table
            for attribute in mapper.column_attrs
            for column in attribute.columns
        )
    )


@cache
def _columns(mapper: Mapper[Any]) -> list[tuple[str, str]]:
    """(attribute, column) names of every mapped column."""
    return [(attribute.key, attribute.columns[0].key) for attribute in mapper.column_attrs]


class SqlAlchemyItemRepository(SqlAlchemyRepository[Item, UUID]):
    entity_type = Item
    order_by = (items.c.created_at, items.c.id)

    async def exists_by_name(self, name: str) -> bool:
        statement = select(exists().where(items.c.name == name))
        return bool(await self._session.scalar(statement))
