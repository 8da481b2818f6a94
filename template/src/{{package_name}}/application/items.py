"""Item use cases. Each public method is one transaction, retried as a whole on transient errors.

Writes go through the unit of work; reads through the read side (``ItemReader``).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Protocol, TypedDict
from uuid import UUID

from ..domain.errors import ConflictError, NotFoundError
from ..domain.items import Item
from .ports import Clock, Repository, RepositoryKey, RetryPolicy, UnitOfWork


class ItemRepository(Repository[Item, UUID], Protocol):
    async def exists_by_name(self, name: str) -> bool: ...


ITEMS = RepositoryKey[ItemRepository]("items")


@dataclass(frozen=True, slots=True)
class ItemView:
    """What the read side answers: an item's committed state, to show rather than to change.

    Not the aggregate: a view has no invariants to guard and records no events, so building one
    per row costs next to nothing.
    """

    id: UUID
    name: str
    description: str | None
    price: Decimal
    created_at: datetime
    updated_at: datetime
    version: int


class ItemReader(Protocol):
    """The read side: answers queries outside any unit of work, as cheaply as it can.

    Reads change nothing, so they need no transaction to open, roll back or collect events
    from; what they return is the committed state.
    """

    async def get(self, item_id: UUID) -> ItemView | None: ...

    async def page(self, *, skip: int, limit: int) -> tuple[Sequence[ItemView], int]:
        """Items in creation order from ``skip``, at most ``limit``, and the total count."""
        ...


@dataclass(frozen=True)
class ItemPage:
    items: Sequence[ItemView]
    total: int
    skip: int
    limit: int


class ItemChanges(TypedDict, total=False):
    name: str
    description: str | None
    price: Decimal


class ItemService:
    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        *,
        reader: ItemReader,
        retry: RetryPolicy,
        clock: Clock,
    ) -> None:
        self._new_uow = uow
        self._reader = reader
        self._retry = retry
        self._clock = clock

    async def create_item(self, *, name: str, description: str | None, price: Decimal) -> Item:
        return await self._retry(partial(self._create_item, name, description, price))

    async def get_item(self, item_id: UUID) -> ItemView:
        return await self._retry(partial(self._get_item, item_id))

    async def list_items(self, *, skip: int, limit: int) -> ItemPage:
        return await self._retry(partial(self._list_items, skip, limit))

    async def update_item(
        self, item_id: UUID, changes: ItemChanges, *, expected_version: int | None = None
    ) -> Item:
        """Apply the given changes; fields that are absent keep their value.

        With ``expected_version``, the change is refused unless the item is still at it.
        """
        return await self._retry(partial(self._update_item, item_id, changes, expected_version))

    async def delete_item(self, item_id: UUID, *, expected_version: int | None = None) -> None:
        await self._retry(partial(self._delete_item, item_id, expected_version))

    async def _create_item(self, name: str, description: str | None, price: Decimal) -> Item:
        item = Item.create(name=name, description=description, price=price, now=self._clock())
        try:
            async with self._new_uow() as uow:
                await uow.repository(ITEMS).add(item)
                await uow.commit()
        except ConflictError as taken:
            # The name's unique constraint decides: one round trip, and no race between a
            # check and the insert.
            raise _name_taken(item.name) from taken
        return item

    async def _get_item(self, item_id: UUID) -> ItemView:
        item = await self._reader.get(item_id)
        if item is None:
            raise _not_found(item_id)
        return item

    async def _list_items(self, skip: int, limit: int) -> ItemPage:
        items, total = await self._reader.page(skip=skip, limit=limit)
        return ItemPage(items=items, total=total, skip=skip, limit=limit)

    async def _update_item(
        self, item_id: UUID, changes: ItemChanges, expected_version: int | None
    ) -> Item:
        async with self._new_uow() as uow:
            items = uow.repository(ITEMS)
            item = await _existing(items, item_id)
            item.check_version(expected_version)
            name = changes.get("name", item.name).strip()
            if name != item.name and await items.exists_by_name(name):
                raise _name_taken(name)
            item.revise(
                name=name,
                description=changes.get("description", item.description),
                price=changes.get("price", item.price),
                now=self._clock(),
            )
            await items.update(item)
            await uow.commit()
        return item

    async def _delete_item(self, item_id: UUID, expected_version: int | None) -> None:
        async with self._new_uow() as uow:
            items = uow.repository(ITEMS)
            item = await _existing(items, item_id)
            item.check_version(expected_version)
            item.mark_deleted()
            await items.delete(item)
            await uow.commit()


async def _existing(items: ItemRepository, item_id: UUID) -> Item:
    item = await items.get(item_id)
    if item is None:
        raise _not_found(item_id)
    return item


def _not_found(item_id: UUID) -> NotFoundError:
    return NotFoundError(f"Item {item_id} does not exist.", details={"id": str(item_id)})


def _name_taken(name: str) -> ConflictError:
    return ConflictError(f"An item named {name!r} already exists.", details={"name": name})
