"""Bring a database to the newest schema with Alembic; run at every start, so a fresh file just works.

Alembic itself (with Mako) costs a fifth of a second and megabytes at every start, while the schema is behind only
after an upgrade of the program. ``upgrade_if_behind`` reads the one ``alembic_version`` row and the revision ids
in the migration files, and loads Alembic only when they differ.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations.
MIGRATION_LOCK = 7_207_001
_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(?:None|[\"']([^\"']+)[\"'])", re.MULTILINE)


def head_revision() -> str | None:
    """The newest revision id, read from the migration files without Alembic (None if they do not form one line)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for kind, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for a database Alembic never touched)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def upgrade_if_behind(engine: Engine) -> bool:
    """Upgrade to the newest schema unless the database is already there; True when Alembic ran."""
    head = head_revision()
    if head is not None and current_revision(engine) == head:
        return False
    upgrade(engine)
    return True


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config bound to ``engine``'s URL (password kept out of logs by Alembic itself)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` in one transaction."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        _one_at_a_time(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Revert migrations down to ``revision``."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        _one_at_a_time(connection)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _one_at_a_time(connection: Connection) -> None:
    """Several processes starting together on one PostgreSQL database migrate one after the other (the rest then
    find nothing to do); SQLite's write lock already does this."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
