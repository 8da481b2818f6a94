"""The Item aggregate: its invariants, its version and the events it records."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

from .errors import ConflictError, ValidationError
from .events import DomainEvent

NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
PRICE_MAX = Decimal("9999999999.99")
CENT = Decimal("0.01")


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


@dataclass(eq=False)
class Item:
    id: UUID
    name: str
    description: str | None
    price: Decimal
    created_at: datetime
    updated_at: datetime
    version: int = 1
    events: list[DomainEvent] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, *, name: str, description: str | None, price: Decimal, now: datetime) -> "Item":
        item = cls(
            id=uuid4(),
            name=_valid_name(name),
            description=_valid_description(description),
            price=_valid_price(price),
            created_at=now,
            updated_at=now,
        )
        item.events.append(ItemCreated(aggregate_id=item.id, name=item.name, price=item.price))
        return item

    def revise(self, *, name: str, description: str | None, price: Decimal, now: datetime) -> None:
        """Replace the item's details; a revision that changes nothing records nothing."""
        name, description, price = (
            _valid_name(name),
            _valid_description(description),
            _valid_price(price),
        )
        if (name, description, price) == (self.name, self.description, self.price):
            return
        self.name, self.description, self.price = name, description, price
        self.updated_at = now
        self.version += 1
        self.events.append(
            ItemUpdated(
                aggregate_id=self.id,
                name=name,
                description=description,
                price=price,
                version=self.version,
            )
        )

    def check_version(self, expected: int | None) -> None:
        """Refuse a change that was prepared against another version than the current one."""
        if expected is not None and expected != self.version:
            raise ConflictError(
                f"Item {self.id} is at version {self.version}, not {expected}; "
                "reload it and apply the change again.",
                details={"expected_version": expected, "current_version": self.version},
            )

    def mark_deleted(self) -> None:
        self.events.append(ItemDeleted(aggregate_id=self.id, name=self.name))

    def pull_events(self) -> list[DomainEvent]:
        events, self.events = self.events, []
        return events


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            f"An item name must have 1 to {NAME_MAX_LENGTH} characters.",
            details={"field": "name"},
        )
    return name


def _valid_description(description: str | None) -> str | None:
    if description is not None and len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            f"An item description must have at most {DESCRIPTION_MAX_LENGTH} characters.",
            details={"field": "description"},
        )
    return description


def _valid_price(price: Decimal) -> Decimal:
    if not price.is_finite() or price <= 0 or price > PRICE_MAX:
        raise ValidationError(
            f"An item price must be greater than 0 and at most {PRICE_MAX}.",
            details={"field": "price"},
        )
    if price != price.quantize(CENT):
        raise ValidationError(
            "An item price must have at most two decimal places.",
            details={"field": "price"},
        )
    return price.quantize(CENT)
