"""Domain events: facts that happened, named in the past tense."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import ClassVar
from uuid import UUID, uuid4


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    aggregate_id: UUID
    event_id: UUID = field(default_factory=uuid4)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    schema_version: ClassVar[int] = 1

    @property
    def event_type(self) -> str:
        return type(self).__name__


@dataclass(frozen=True, kw_only=True)
class ItemCreated(DomainEvent):
    name: str
    price: Decimal


@dataclass(frozen=True, kw_only=True)
class ItemUpdated(DomainEvent):
    name: str
    description: str | None
    price: Decimal
    version: int


@dataclass(frozen=True, kw_only=True)
class ItemDeleted(DomainEvent):
    name: str
