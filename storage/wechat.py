"""WeChat bookkeeping: each user's customer-service window and one-time subscribe grants (what the platform
lets us push), and the app's shared access token, read and leased under a row lock (see ``WeChatAccessToken``).

One idiom: a row is created with ``INSERT … ON CONFLICT DO NOTHING`` (two processes may race to create it) and
changed only under its own lock (a conditional ``UPDATE``, or a read ``FOR UPDATE``), so concurrent processes
never spend the same slot twice nor fetch the same token twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select as core_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import WeChatAccessToken, WeChatContact
from storage.sql import upsert_for


def wechat_contact(*, session: Session, owner_id: int, now: datetime) -> WeChatContact:
    """Return the owner's WeChat bookkeeping row, creating an empty one first if there is none.

    Safe when two transactions race to create it: the insert does nothing on conflict.
    """
    session.execute(upsert_for(session)(WeChatContact).values(user_id=owner_id, window_quota=0, notify_grants=0, updated_at=now)
                    .on_conflict_do_nothing(index_elements=["user_id"]))
    contact = session.exec(select(WeChatContact).where(col(WeChatContact.user_id) == owner_id)).one()
    session.refresh(contact)
    return contact


def reserve_wechat_push(*, session: Session, owner_id: int, now: datetime) -> bool:
    """Take one customer-service message from the owner's open window; False when it is closed or used up.

    One conditional ``UPDATE``, so concurrent senders never spend the same slot twice.
    """
    stmt = (update(WeChatContact)
            .where(col(WeChatContact.user_id) == owner_id, col(WeChatContact.window_quota) > 0,
                   col(WeChatContact.window_until) > now)
            .values(window_quota=col(WeChatContact.window_quota) - 1, updated_at=now)
            .returning(col(WeChatContact.id)))
    return session.execute(stmt).first() is not None


def release_wechat_push(*, session: Session, owner_id: int, now: datetime) -> None:
    """Give back a slot taken by ``reserve_wechat_push`` whose message did not go out for a transient reason."""
    session.execute(update(WeChatContact).where(col(WeChatContact.user_id) == owner_id)
                    .values(window_quota=col(WeChatContact.window_quota) + 1, updated_at=now))


def take_wechat_grant(*, session: Session, owner_id: int, now: datetime) -> bool:
    """Use one of the owner's one-time subscribe grants; False when there is none."""
    stmt = (update(WeChatContact)
            .where(col(WeChatContact.user_id) == owner_id, col(WeChatContact.notify_grants) > 0)
            .values(notify_grants=col(WeChatContact.notify_grants) - 1, updated_at=now)
            .returning(col(WeChatContact.id)))
    return session.execute(stmt).first() is not None


def add_wechat_grant(*, session: Session, owner_id: int, now: datetime) -> None:
    """Count one more one-time subscribe grant for the owner (one accepted, or one given back unused)."""
    wechat_contact(session=session, owner_id=owner_id, now=now)
    session.execute(update(WeChatContact).where(col(WeChatContact.user_id) == owner_id)
                    .values(notify_grants=col(WeChatContact.notify_grants) + 1, updated_at=now))


def drop_wechat_grants(*, session: Session, owner_id: int, now: datetime) -> None:
    """Forget the owner's grants: the platform says there is none left (43101)."""
    session.execute(update(WeChatContact).where(col(WeChatContact.user_id) == owner_id)
                    .values(notify_grants=0, updated_at=now))



# --- the app's access token ---------------------------------------------------------------------------


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
    session.execute(upsert_for(session)(WeChatAccessToken).values(app_id=app_id).on_conflict_do_nothing(index_elements=["app_id"]))
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
    query = core_select(WeChatAccessToken).where(WeChatAccessToken.app_id == app_id).with_for_update()  # type: ignore[arg-type]
    return session.execute(query).scalars().first()
