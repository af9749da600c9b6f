"""Helpers for fault-injection tests: a SQLite file another "process" can lock, and an engine that remembers which
schedule rows each prepared message carries (so a test can count deliveries per row)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine as Database
from sqlalchemy import event
from sqlmodel import Session

from bot.engine.engine import Engine
from bot.engine.reminders import Outgoing
from bot.messages import Reply
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Reminder


def make_file_database(path: Path) -> Database:
    """A migrated SQLite file whose busy wait is short, so a locked database fails a tick fast, not in 10 s."""
    database = make_engine(f"sqlite:///{path}")

    @event.listens_for(database, "connect")
    def _short_busy_wait(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=20")

    upgrade(database)
    return database


class Locker:
    """Another process holding SQLite's write lock (a backup, a migration, a second bot started by mistake)."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)

    def lock(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def unlock(self) -> None:
        self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()


class SpyEngine(Engine):
    """The real engine; remembers which schedule rows each prepared message acknowledges."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows_of: dict[int, tuple[int, ...]] = {}
        self._alive: list[Reply] = []  # keeps id() of every prepared reply unique

    def prepare_due(self, session: Session, rows: list[Reminder], now: datetime) -> list[Outgoing]:
        out = super().prepare_due(session, rows, now)
        for message in out:
            self.rows_of[id(message.reply)] = message.row_ids
            self._alive.append(message.reply)
        return out
