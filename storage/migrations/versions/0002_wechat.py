"""wechat channel: per-user push bookkeeping

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wechat_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("window_until", storage.types.UTCDateTime(), nullable=True),
        sa.Column("window_quota", sa.Integer(), nullable=False),
        sa.Column("notify_grants", sa.Integer(), nullable=False),
        sa.Column("buttons", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("carry", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("wechat_contact")
