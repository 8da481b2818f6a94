"""Request and response bodies of the items API."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Self, cast
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...application.items import ItemChanges
from ...domain.items import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, PRICE_MAX

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH, examples=["Widget"])]
Description = Annotated[str | None, Field(max_length=DESCRIPTION_MAX_LENGTH)]
Price = Annotated[Decimal, Field(gt=0, le=PRICE_MAX, decimal_places=2, examples=["9.99"])]


class ItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = None
    price: Price


class ItemReplace(ItemCreate):
    """PUT: every field is given; a missing description clears it."""


class ItemPatch(BaseModel):
    """PATCH: only the fields given change. ``description: null`` clears the description."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description = None
    price: Price | None = None

    @model_validator(mode="after")
    def _required_fields_are_not_null(self) -> Self:
        for field in ("name", "price"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"{field} cannot be null")
        return self

    def changes(self) -> ItemChanges:
        return cast(ItemChanges, self.model_dump(exclude_unset=True))


class ItemResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    description: str | None
    price: Decimal
    created_at: datetime
    updated_at: datetime
    version: int


class ItemPageResponse(BaseModel):
    items: list[ItemResponse]
    total: int
    skip: int
    limit: int
