"""Shared fixtures: a fixed ``now``, a frozen clock, an in-memory database, the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import SQLModel

from bot.engine.engine import Engine
from storage.db import make_engine
from tests.fakes import FrozenClock, RecordingSender

# Saturday 28 Nov 2026, 09:00 in Shanghai.
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def clock(now: datetime) -> FrozenClock:
    return FrozenClock(now)


@pytest.fixture
def database() -> Iterator[Database]:
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
