"""debt details people state and the product must keep: minimum, statement day, card tail, instalments, the normal
rate beside the penalty rate, the overdue age across cycles, and when a late record leaves the report

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import ExactDecimal

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("annual_rate", lambda: ExactDecimal(8, precision=16)),
    ("minimum_payment", lambda: ExactDecimal(2, precision=20)),
    ("statement_day", sa.Integer),
    ("card_last4", lambda: sqlmodel.sql.sqltypes.AutoString(length=4)),
    ("instalment_amount", lambda: ExactDecimal(2, precision=20)),
    ("instalment_count", sa.Integer),
    ("instalment_end", sa.Date),
    ("overdue_since", sa.Date),
    ("carried_overdue", lambda: ExactDecimal(2, precision=20)),
    ("record_clears_on", sa.Date),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("debt", sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35 and PostgreSQL), not a batch copy: copying the debt table on SQLite would
    # drop the old one, and ON DELETE CASCADE would take every payment and reminder with it.
    for name, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE debt DROP COLUMN {name}")
