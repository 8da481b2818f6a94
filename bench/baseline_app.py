"""The baseline: a minimal hand-written FastAPI + SQLAlchemy 2 async ORM service.

It is what a team writes without the template: one session per request through a yield
dependency, ``session.get`` by id, offset/limit plus a count for lists, add and commit for
creates, pydantic response models. Same table, same server, same pool size as the rendered
service. Run: ``uvicorn baseline_app:app`` with DATABASE_URL and BENCH_POOL_SIZE set.
"""

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, Dialect, Integer, Numeric, String, Text, Uuid, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

engine = create_async_engine(
    os.environ["DATABASE_URL"],
    pool_size=int(os.environ.get("BENCH_POOL_SIZE", "5")),
    max_overflow=int(os.environ.get("BENCH_POOL_OVERFLOW", "10")),
)
sessions = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Price(TypeDecorator[Decimal]):
    """NUMERIC on a server; on SQLite the shared schema keeps prices as text."""

    impl = Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[object]:
        return dialect.type_descriptor(String(16) if dialect.name == "sqlite" else Numeric(12, 2))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> object:
        return str(value) if value is not None and dialect.name == "sqlite" else value

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


class ItemRow(Base):
    __tablename__ = "items"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal] = mapped_column(Price)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    price: Decimal = Field(gt=0, decimal_places=2)


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str | None
    price: Decimal
    created_at: datetime
    updated_at: datetime
    version: int


class ItemPage(BaseModel):
    items: list[ItemOut]
    total: int


async def get_session() -> AsyncIterator[AsyncSession]:
    async with sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
app = FastAPI()


@app.get("/items/{item_id}", response_model=ItemOut)
async def get_item(item_id: uuid.UUID, session: SessionDep) -> ItemRow:
    item = await session.get(ItemRow, item_id)
    if item is None:
        raise HTTPException(404, "not found")
    return item


@app.get("/items", response_model=ItemPage)
async def list_items(
    session: SessionDep,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ItemPage:
    rows = await session.scalars(
        select(ItemRow).order_by(ItemRow.created_at, ItemRow.id).offset(skip).limit(limit)
    )
    total = await session.scalar(select(func.count()).select_from(ItemRow))
    return ItemPage(items=[ItemOut.model_validate(row) for row in rows], total=total or 0)


@app.post("/items", response_model=ItemOut, status_code=201)
async def create_item(body: ItemIn, session: SessionDep) -> ItemRow:
    now = datetime.now(UTC)
    item = ItemRow(id=uuid.uuid4(), created_at=now, updated_at=now, version=1, **body.model_dump())
    session.add(item)
    await session.commit()
    return item
