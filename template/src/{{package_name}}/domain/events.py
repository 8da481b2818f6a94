"""Domain events: facts that happened, named in the past tense.

Each aggregate declares its own events beside it (``domain/<aggregate>.py``); this module holds
what every event shares.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, Protocol, runtime_checkable
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


@runtime_checkable
class RecordsEvents(Protocol):
    """An aggregate that records domain events until its unit of work pulls them."""

    def pull_events(self) -> list[DomainEvent]: ...
