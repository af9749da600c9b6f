"""Bring a database to the newest schema with Alembic; run at every start, so a fresh file just works."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations.
MIGRATION_LOCK = 7_207_001


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config bound to ``engine``'s URL (password kept out of logs by Alembic itself)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` in one transaction."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        _one_at_a_time(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Revert migrations down to ``revision``."""
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
