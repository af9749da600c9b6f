"""What every storage module shares: the session's connection for a Core statement, a result's row count, and the
dialect's ``INSERT … ON CONFLICT``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Result
from sqlmodel import Session


def rowcount(result: Result[Any]) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def core(session: Session) -> Connection:
    """Return the session's connection for a Core statement, after flushing pending ORM changes as the ORM does
    before its own statements (Core ones do not autoflush): the statement then sees, and comes after, what the
    turn changed so far. The flush is nearly free when there is nothing to flush, the common case on the hot
    paths; and the connection runs the statement in the session's transaction without the ORM's layer around
    every execute."""
    if session.autoflush:
        session.flush()
    return session.connection()


def insert_for(dialect: str) -> Any:
    """The dialect's ``insert`` that knows ``ON CONFLICT`` (PostgreSQL's or SQLite's). Imported when first asked
    for: loading SQLAlchemy's PostgreSQL dialect (with its drivers' modules) costs a console on SQLite ~40 ms."""
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    from sqlalchemy.dialects import sqlite

    return sqlite.insert


def upsert_for(session: Session) -> Any:
    """``insert_for`` the session's dialect."""
    return insert_for(session.get_bind().dialect.name)
