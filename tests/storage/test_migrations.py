"""Alembic on every backend: empty → head → base → head, and each revision upgraded with data already in it."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine as Database
from sqlalchemy import inspect, select, text
from sqlmodel import SQLModel

from storage.db import make_engine
from storage.migrate import alembic_config, downgrade, upgrade
from tests.conftest import BACKENDS, NO_POSTGRES, POSTGRES_URL, postgres_schema_database

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
HEAD = "0007"  # the newest revision: every start brings a database here
APP_TABLES = {"user", "debt", "payment", "reminder", "change", "recovery_tick", "tip_shown", "wechat_contact",
              "send_budget", "seen_key", "wechat_access_token", "web_link", "web_session"}


@pytest.fixture(params=BACKENDS)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with no schema at all."""
    if request.param == "postgresql":
        yield from postgres_schema_database(migrate=False)
        return
    database = make_engine(f"sqlite:///{tmp_path}/empty.db")
    yield database
    database.dispose()


def revisions(database: Database) -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(database))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current(database: Database) -> str | None:
    with database.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def tables(database: Database) -> set[str]:
    return set(inspect(database).get_table_names()) - {"alembic_version"}


def test_revisions_form_one_line() -> None:
    database = make_engine("sqlite://")
    assert revisions(database) == ["0001", "0002", "0003", "0004", "0005", "0006", "0007"]
    database.dispose()


def test_empty_to_head_matches_the_models_then_base_then_head_again(empty: Database) -> None:
    upgrade(empty)
    assert current(empty) == HEAD and tables(empty) == APP_TABLES
    with empty.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    downgrade(empty, "base")
    assert current(empty) is None and tables(empty) == set()
    upgrade(empty)
    assert current(empty) == HEAD and tables(empty) == APP_TABLES


def test_every_revision_downgrades_one_step_and_upgrades_again(empty: Database) -> None:
    steps = revisions(empty)
    for revision in steps:
        upgrade(empty, revision)
    for previous, revision in reversed(list(zip(["base", *steps[:-1]], steps, strict=True))):
        assert current(empty) == revision
        downgrade(empty, previous)
        assert current(empty) == (None if previous == "base" else previous)
        upgrade(empty, revision)
        downgrade(empty, previous)


def insert(database: Database, table: str, **values: object) -> None:
    """Insert through the model's table (its column types store Decimal and aware instants exactly)."""
    with database.begin() as conn:
        conn.execute(SQLModel.metadata.tables[table].insert().values(**values))


def rows(database: Database, table: str) -> list[dict[str, object]]:
    """Every row, read through the model's column types (only the columns this revision has)."""
    present = {c["name"] for c in inspect(database).get_columns(table)}
    model = SQLModel.metadata.tables[table]
    columns = [c for c in model.columns if c.name in present]
    with database.connect() as conn:
        return [dict(r) for r in conn.execute(select(*columns).order_by(*model.primary_key.columns)).mappings()]


def as_before(now: list[dict[str, object]], before: list[dict[str, object]]) -> list[dict[str, object]]:
    """``now`` cut to the columns ``before`` had: a later revision may add columns, never change what was there."""
    keys = set(before[0]) if before else set()
    return [{k: v for k, v in row.items() if k in keys} for row in now]


def seed_0001(database: Database) -> None:
    """What a database at revision 0001 holds after some use."""
    insert(database, "user", id=1, address="tg:42", channel="tg", external_id="42", language="zh",
           timezone="Asia/Shanghai", reminder_minute=600, quiet_start_minute=1320, quiet_end_minute=480,
           lead_days="3,1,0", daily_cap=3, tip_frequency="weekly", digest_enabled=True, created_at=NOW)
    insert(database, "debt", id=1, user_id=1, creditor="花呗", creditor_kind="huabei", currency="CNY",
           original_amount=Decimal("3000.10"), balance=Decimal("2000.10"), due_date=date(2026, 12, 10),
           status="active", reminders_muted=False, awaiting_bill=False, created_at=NOW, updated_at=NOW)
    insert(database, "payment", id=1, user_id=1, debt_id=1, amount=Decimal("1000.00"), paid_at=NOW,
           on_time=True, balance_after=Decimal("2000.10"))
    insert(database, "reminder", id=1, user_id=1, debt_id=1, kind="pre_due", fire_at=NOW, status="pending",
           attempts=0, idempotency_key="debt:1:2026-12-10:3", payload="{}", respect_quiet=True, created_at=NOW)


def test_upgrades_keep_the_data_of_every_earlier_revision(empty: Database) -> None:
    upgrade(empty, "0001")
    seed_0001(empty)
    before = {table: rows(empty, table) for table in ("user", "debt", "payment", "reminder")}
    upgrade(empty, "0002")
    insert(empty, "wechat_contact", id=1, user_id=1, window_until=NOW, window_quota=5, notify_grants=1,
           updated_at=NOW)
    upgrade(empty)
    assert current(empty) == HEAD
    for table, content in before.items():
        assert as_before(rows(empty, table), content) == content, f"{table} changed on upgrade"
    [debt] = rows(empty, "debt")
    assert debt["balance"] == Decimal("2000.10") and debt["due_date"] == date(2026, 12, 10)
    assert rows(empty, "wechat_contact")[0]["window_quota"] == 5
    insert(empty, "send_budget", id=1, name="tg:42", next_slot=1.5)
    # And back: 0003 → 0002 drops only the budget; everyone's debts stay.
    downgrade(empty, "0002")
    assert "send_budget" not in tables(empty)
    for table, content in before.items():
        assert as_before(rows(empty, table), content) == content, f"{table} changed on downgrade"
    assert len(rows(empty, "wechat_contact")) == 1


def test_the_running_program_brings_an_old_database_up_to_date(empty: Database) -> None:
    upgrade(empty, "0002")
    seed_0001(empty)
    upgrade(empty)  # what `repaybot` does at every start
    upgrade(empty)  # ... and again on the next start: nothing to do
    with empty.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM debt")).scalar_one() == 1
    assert current(empty) == HEAD


@pytest.mark.postgres
@pytest.mark.skipif(POSTGRES_URL is None, reason=NO_POSTGRES)
def test_processes_starting_together_migrate_one_after_the_other() -> None:
    for database in postgres_schema_database(migrate=False):
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(upgrade, [database] * 4))  # four workers started at once
        assert current(database) == HEAD and tables(database) == APP_TABLES
