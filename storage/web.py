"""Persistence of the web page's sign-in: one-time links and browser sessions.

Only SHA-256 digests of tokens are stored (the caller hashes); lookups compare digests in SQL, which is safe
against timing because the digest of a guess tells nothing about the digest of the secret. Every function adds
and flushes but never commits, like ``storage.accounts``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.models import Reminder, WebLink, WebSession
from storage.schedule import PENDING


def add_link(*, session: Session, owner_id: int, token_hash: str, expires_at: datetime, now: datetime) -> None:
    """Remember a one-time link sent to the owner."""
    session.add(WebLink(user_id=owner_id, token_hash=token_hash, expires_at=expires_at, created_at=now))
    session.flush()


def take_link(*, session: Session, token_hash: str, now: datetime) -> int | None:
    """Use a link: return its owner's id if it is unused and in date, marking it used in the same statement (two
    browsers racing with the same link: one wins). None for a used, expired or unknown link."""
    result = session.execute(
        update(WebLink)
        .where(col(WebLink.token_hash) == token_hash, col(WebLink.used_at).is_(None), col(WebLink.expires_at) > now)
        .values(used_at=now)
        .returning(col(WebLink.user_id)))
    row = result.first()
    return None if row is None else int(row[0])


def add_session(*, session: Session, owner_id: int, token_hash: str, expires_at: datetime, now: datetime) -> None:
    """Start a browser session for the owner."""
    session.add(WebSession(user_id=owner_id, token_hash=token_hash, expires_at=expires_at, created_at=now))
    session.flush()


def session_owner(*, session: Session, token_hash: str, now: datetime) -> WebSession | None:
    """Return the in-date session with this digest, or None."""
    found = session.exec(select(WebSession).where(col(WebSession.token_hash) == token_hash)).first()
    if found is None or found.expires_at <= now:
        return None
    return found


def set_notice(*, session: Session, token_hash: str, notice: str | None) -> None:
    """Keep (or, with None, clear) the answer to show on the session's next page."""
    session.execute(update(WebSession).where(col(WebSession.token_hash) == token_hash).values(notice=notice))


def end_session(*, session: Session, token_hash: str) -> None:
    """Sign a browser out."""
    session.execute(delete(WebSession).where(col(WebSession.token_hash) == token_hash))


def purge_expired(*, session: Session, now: datetime) -> int:
    """Delete links and sessions past their expiry; return how many rows went."""
    links = session.execute(delete(WebLink).where(col(WebLink.expires_at) <= now))
    sessions = session.execute(delete(WebSession).where(col(WebSession.expires_at) <= now))
    return int(getattr(links, "rowcount", 0) or 0) + int(getattr(sessions, "rowcount", 0) or 0)


def next_reminders(*, session: Session, owner_id: int) -> dict[int, datetime]:
    """The next pending reminder of each of the owner's debts: debt id → when (two columns, not whole rows)."""
    rows = session.execute(
        sa_select(Reminder.__table__.c.debt_id, func.min(Reminder.__table__.c.fire_at))  # type: ignore[attr-defined]
        .where(Reminder.__table__.c.user_id == owner_id, PENDING,  # type: ignore[attr-defined]
               Reminder.__table__.c.debt_id.is_not(None))  # type: ignore[attr-defined]
        .group_by(Reminder.__table__.c.debt_id))  # type: ignore[attr-defined]
    return {int(debt_id): _aware(fire_at) for debt_id, fire_at in rows}


def _aware(value: datetime) -> datetime:
    # min() comes back through the column's type on PostgreSQL, as the stored text on SQLite.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
