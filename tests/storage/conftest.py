"""Every storage test runs on SQLite and, when a server URL is given, on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from storage.db import make_engine
from storage.migrate import upgrade

POSTGRES_URL = os.environ.get("REPAYBOT_TEST_POSTGRES_URL")


def _postgres_param() -> object:
    reason = "REPAYBOT_TEST_POSTGRES_URL is not set (.ci/run starts a server and sets it)"
    return pytest.param("postgresql", id="postgresql",
                        marks=[pytest.mark.postgres, pytest.mark.skipif(POSTGRES_URL is None, reason=reason)])


@pytest.fixture(params=["sqlite", _postgres_param()])
def db(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Database]:
    """A freshly migrated database of each backend (PostgreSQL: a throw-away schema per test)."""
    if request.param == "sqlite":
        database = make_engine(f"sqlite:///{tmp_path}/test.db")  # type: ignore[str-bytes-safe]
        upgrade(database)
        yield database
        database.dispose()
        return
    assert POSTGRES_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    upgrade(database)
    yield database
    database.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
