"""Shared fixtures: a fixed ``now``, a frozen clock, a database of each backend, the real engine.

Every test that takes ``database`` (or ``engine``) runs on in-memory SQLite and, when
``REPAYBOT_TEST_POSTGRES_URL`` points at a server (``.ci/run`` starts one), on PostgreSQL in a throw-away schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.engine.engine import Engine
from storage.db import make_engine
from storage.migrate import upgrade
from tests.fakes import FrozenClock, RecordingSender

# Saturday 28 Nov 2026, 09:00 in Shanghai.
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
POSTGRES_URL = os.environ.get("REPAYBOT_TEST_POSTGRES_URL")
NO_POSTGRES = "REPAYBOT_TEST_POSTGRES_URL is not set (.ci/run starts a server and sets it)"
BACKENDS = ["sqlite", pytest.param("postgresql", id="postgresql", marks=[
    pytest.mark.postgres, pytest.mark.skipif(POSTGRES_URL is None, reason=NO_POSTGRES)])]


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def clock(now: datetime) -> FrozenClock:
    return FrozenClock(now)


def postgres_schema_database() -> Iterator[Database]:
    """A migrated PostgreSQL database in its own schema, dropped afterwards."""
    assert POSTGRES_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(database)
        yield database
    finally:
        database.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    if request.param == "postgresql":
        yield from postgres_schema_database()
        return
    db = make_engine("sqlite://")
    SQLModel.metadata.create_all(db)
    yield db
    db.dispose()


@pytest.fixture
def engine(database: Database, clock: FrozenClock) -> Engine:
    return Engine(database, clock, default_timezone="Asia/Shanghai", default_language="zh")


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()
