"""DESIGN §5: SQLite runs in WAL mode with foreign keys on and waits for a busy writer; the schema comes from the
Alembic migrations and matches the models."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from storage.models import Debt

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Database]:
    database = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(database)
    yield database
    database.dispose()


def test_every_connection_is_in_wal_mode_with_foreign_keys_and_a_busy_wait(sqlite_file: Database) -> None:
    for _ in range(3):  # fresh connections from the pool too
        with sqlite_file.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert int(conn.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 1000
        sqlite_file.dispose()


def test_foreign_keys_are_enforced(sqlite_file: Database) -> None:
    with pytest.raises(IntegrityError), session_scope(sqlite_file) as s:
        s.add(Debt(user_id=424242, creditor="花呗", original_amount=Decimal(1), balance=Decimal(1), created_at=NOW,
                   updated_at=NOW))


def test_the_migrations_build_exactly_the_models_schema(sqlite_file: Database) -> None:
    with sqlite_file.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert differences == []
