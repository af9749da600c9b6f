"""The shared WeChat access token: one row per app, read and leased under a row lock (see ``WeChatAccessToken``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import WeChatAccessToken


@dataclass(frozen=True, slots=True)
class TokenVerdict:
    """What a process should do: use ``token`` (valid until ``expires_at``), fetch a new one (it holds the lease),
    or wait for the process that does (``fetch`` False and no token)."""

    token: str | None
    expires_at: datetime | None
    fetch: bool


def use_or_lease(*, session: Session, app_id: str, holder: str, now: datetime, refresh_before: timedelta,
                 lease: timedelta, refused: str | None = None) -> TokenVerdict:
    """Return the app's token if it is good for longer than ``refresh_before`` (and is not ``refused``);
    otherwise give the fetch to ``holder`` unless another process holds an unexpired lease."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(WeChatAccessToken).values(app_id=app_id).on_conflict_do_nothing(index_elements=["app_id"]))
    row = _locked(session, app_id)
    assert row is not None  # inserted just above if it was missing
    fresh = row.token is not None and row.expires_at is not None and row.expires_at - refresh_before > now
    if fresh and row.token != refused:
        return TokenVerdict(row.token, row.expires_at, fetch=False)
    if row.lease_until is not None and row.lease_until > now and row.lease_holder != holder:
        return TokenVerdict(None, None, fetch=False)
    row.lease_holder, row.lease_until = holder, now + lease
    session.add(row)
    return TokenVerdict(None, None, fetch=True)


def store_token(*, session: Session, app_id: str, holder: str, token: str, expires_at: datetime) -> None:
    """Keep the token ``holder`` fetched for every process, and give back its lease."""
    row = _locked(session, app_id)
    if row is None:
        row = WeChatAccessToken(app_id=app_id)
    row.token, row.expires_at = token, expires_at
    if row.lease_holder == holder:
        row.lease_holder = row.lease_until = None
    session.add(row)


def give_back_lease(*, session: Session, app_id: str, holder: str) -> None:
    """The fetch failed: let the next process that needs a token try at once."""
    row = _locked(session, app_id)
    if row is not None and row.lease_holder == holder:
        row.lease_holder = row.lease_until = None
        session.add(row)


def _locked(session: Session, app_id: str) -> WeChatAccessToken | None:
    """The app's row, locked until the transaction ends (PostgreSQL; SQLite's writer lock already serialises)."""
    query = select(WeChatAccessToken).where(WeChatAccessToken.app_id == app_id).with_for_update()  # type: ignore[arg-type]
    return session.execute(query).scalars().first()
