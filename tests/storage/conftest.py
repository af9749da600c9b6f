"""Every storage test runs on SQLite (a migrated file) and, when a server URL is given, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database

from storage.db import make_engine
from storage.migrate import upgrade
from tests.conftest import BACKENDS, postgres_schema_database


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A freshly migrated database of each backend."""
    if request.param == "postgresql":
        yield from postgres_schema_database()
        return
    database = make_engine(f"sqlite:///{tmp_path}/test.db")
    upgrade(database)
    yield database
    database.dispose()
