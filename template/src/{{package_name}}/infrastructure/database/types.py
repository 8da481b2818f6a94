"""Column types that behave the same on every supported database."""

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import DateTime, Dialect, Numeric, String
from sqlalchemy.dialects import mysql
from sqlalchemy.types import TypeDecorator, TypeEngine


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes in UTC and always loads them aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "mysql":  # DATETIME keeps whole seconds unless told otherwise
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: attach a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class ExactDecimal(TypeDecorator[Decimal]):
    """An exact decimal of ``digits`` digits, ``places`` after the point: NUMERIC, or text on
    SQLite (it has no decimals)."""

    impl = Numeric
    cache_ok = True

    def __init__(self, digits: int, places: int, *, text_length: int | None = None) -> None:
        super().__init__(digits, places)
        self.digits, self.places = digits, places
        # The text's length on SQLite: the digits, a sign and a point, unless told otherwise.
        self.text_length = text_length or digits + 2
        self._quantum = Decimal(1).scaleb(-places)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(self.text_length))
        return dialect.type_descriptor(Numeric(self.digits, self.places))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> object:
        if value is None or dialect.name != "sqlite":
            return value
        return str(value)

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(self._quantum)


class Money(ExactDecimal):
    """An amount: twelve digits, two of them after the point (``NUMERIC(12, 2)``)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(12, 2, text_length=16)  # as revision 0001 made the column on SQLite


EnumT = TypeVar("EnumT", bound=StrEnum)


class EnumString(TypeDecorator[EnumT]):
    """A ``StrEnum`` stored as its value in a VARCHAR: portable, and a new member needs no
    ALTER TYPE. Loads the member back."""

    impl = String
    cache_ok = True

    def __init__(self, enum_type: type[EnumT], length: int) -> None:
        super().__init__(length)
        self.enum_type = enum_type

    def process_bind_param(self, value: EnumT | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum_type(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> EnumT | None:
        return None if value is None else self.enum_type(value)
