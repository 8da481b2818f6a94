"""Tables, and the mapping of the domain's plain classes onto them.

The domain stays free of SQLAlchemy: its classes are mapped imperatively here
(``registry.map_imperatively``), as in Cosmic Python.
"""

from typing import Any

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, Uuid, event
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import registry

from ...domain.items import Item
from .types import Money, UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

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

mapper_registry = registry(metadata=metadata)


def start_mappers() -> None:
    """Map the domain classes; safe to call more than once."""
    if mapper_registry.mappers:
        return
    # The domain bumps the version itself; SQLAlchemy adds "WHERE version = <old>" to every
    # UPDATE and raises StaleDataError when another transaction got there first.
    mapper_registry.map_imperatively(
        Item, items, version_id_col=items.c.version, version_id_generator=False
    )
    event.listen(Item, "load", _give_loaded_item_an_event_list)


def _give_loaded_item_an_event_list(item: Item, _: Any) -> None:
    # Loading bypasses __init__, so the list the dataclass would have made is missing.
    item.events = []
