"""The generic repository over one SQLAlchemy session, and the registry of aggregates.

Each aggregate's module (``infrastructure/database/<aggregate>.py``) subclasses it with the
aggregate's ``key``, class and table, and adds its narrow queries; defining that subclass is
what registers the aggregate: the unit of work opens its repository by key, and the mapper
maps its class onto its table.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Column, Insert, Table, event, exists, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapper, make_transient_to_detached, registry

from ...application.ports import RepositoryKey
from ...domain.events import RecordsEvents

EntityT = TypeVar("EntityT")
IdT = TypeVar("IdT")

_REGISTERED: dict[str, "type[SqlAlchemyRepository[Any, Any]]"] = {}


class SqlAlchemyRepository(Generic[EntityT, IdT]):
    """get, list, count, add, update, delete and exists for one mapped aggregate type.

    Every aggregate it hands out or takes is remembered in ``seen``, so that the unit of work
    can collect their domain events. A subclass with a ``key`` registers its aggregate.
    """

    key: ClassVar[RepositoryKey[Any]]
    entity_type: type[EntityT]
    table: ClassVar[Table]
    order_by: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        key = cls.__dict__.get("key")
        if key is None:
            return
        other = _REGISTERED.get(key.name)
        if other is not None and _name(other) != _name(cls):
            raise TypeError(f"{_name(cls)} and {_name(other)} both register {key}")
        _REGISTERED[key.name] = cls

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: list[EntityT] = []

    @classmethod
    def map_entity(cls, mappers: registry) -> None:
        """Map the aggregate's class onto its table; override for relationships and the like.

        The domain bumps the version itself; SQLAlchemy adds "WHERE version = <old>" to every
        UPDATE and raises StaleDataError when another transaction got there first.
        """
        version = cls.table.c.get("version")
        mappers.map_imperatively(
            cls.entity_type,
            cls.table,
            version_id_col=version,
            version_id_generator=False,
        )
        if issubclass(cls.entity_type, RecordsEvents):
            event.listen(cls.entity_type, "load", _give_loaded_aggregate_an_event_list)

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
            await self._session.execute(_insert_statement(mapper.local_table), row)
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
def _insert_statement(table: Table) -> Insert:
    """One INSERT construct per table: SQLAlchemy computes a construct's cache key once and
    keeps it, where a new ``insert()`` per create would be walked again each time."""
    return table.insert()


@cache
def _columns(mapper: Mapper[Any]) -> list[tuple[str, str]]:
    """(attribute, column) names of every mapped column."""
    return [(attribute.key, attribute.columns[0].key) for attribute in mapper.column_attrs]


def registered_repository_types() -> dict[str, "type[SqlAlchemyRepository[Any, Any]]"]:
    """The repository class of every registered aggregate, by key name (see ``aggregates``)."""
    return dict(_REGISTERED)


def repository_type(key: RepositoryKey[Any]) -> "type[SqlAlchemyRepository[Any, Any]]":
    try:
        return _REGISTERED[key.name]
    except KeyError:
        raise LookupError(
            f"No repository is registered for {key}: define a SqlAlchemyRepository subclass "
            "with this key in a module of infrastructure/database/."
        ) from None


def _give_loaded_aggregate_an_event_list(aggregate: Any, _: Any) -> None:
    # Loading bypasses __init__, so the list the dataclass would have made is missing.
    aggregate.events = []


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
