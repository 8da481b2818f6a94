"""Create the items table.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Microseconds on MySQL too, whose DATETIME keeps whole seconds by default.
    timestamp = sa.DateTime(timezone=True).with_variant(mysql.DATETIME(fsp=6), "mysql")
    op.create_table(
        "items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "name",
            sa.String(200).with_variant(mysql.VARCHAR(200, collation="utf8mb4_bin"), "mysql"),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        # Money: exact NUMERIC(12, 2); SQLite has no decimal type, so text there.
        sa.Column("price", sa.Numeric(12, 2).with_variant(sa.String(16), "sqlite"), nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.Column("updated_at", timestamp, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("name", name=op.f("uq_items_name")),
    )
    op.create_index("ix_items_created_at_id", "items", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_items_created_at_id", table_name="items")
    op.drop_table("items")
