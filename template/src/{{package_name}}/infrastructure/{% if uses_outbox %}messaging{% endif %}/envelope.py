"""The message format on the broker: an event's identity and metadata around its data."""

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from ...domain.events import DomainEvent

_METADATA_FIELDS = frozenset({"event_id", "aggregate_id", "occurred_at"})


class MalformedMessageError(ValueError):
    """The bytes are not an envelope of this service: no redelivery will ever fix them."""


@dataclass(frozen=True, kw_only=True)
class Envelope:
    event_id: UUID
    event_type: str
    aggregate_id: UUID
    occurred_at: datetime
    schema_version: int
    data: dict[str, Any]

    @classmethod
    def of(cls, event: DomainEvent) -> "Envelope":
        data = {
            field.name: getattr(event, field.name)
            for field in dataclasses.fields(event)
            if field.name not in _METADATA_FIELDS
        }
        return cls(
            event_id=event.event_id,
            event_type=event.event_type,
            aggregate_id=event.aggregate_id,
            occurred_at=event.occurred_at,
            schema_version=event.schema_version,
            # Round-tripped, so that an envelope holds JSON values only (Decimal becomes text).
            data=_DATA.validate_json(_DATA.dump_json(data)),
        )

    @classmethod
    def from_json(cls, raw: bytes | str) -> "Envelope":
        try:
            return _ENVELOPE.validate_json(raw)
        except PydanticValidationError as error:
            raise MalformedMessageError(f"not an event envelope: {error}") from error

    def to_json(self) -> bytes:
        return _ENVELOPE.dump_json(self)


_DATA: TypeAdapter[dict[str, Any]] = TypeAdapter(dict[str, Any])
_ENVELOPE: TypeAdapter[Envelope] = TypeAdapter(Envelope)
