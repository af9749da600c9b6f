"""Requests the webhooks already took, so a replayed one is refused: kept in the database, where every process
and every restart sees them, and only until they expire (minutes for WeChat, a day for Telegram updates).

Plain functions with keyword-only ``session=``, like ``storage.accounts``.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, delete, func, select
from sqlmodel import Session

from storage.models import SeenKey
from storage.sql import insert_for

Seen = Literal["new", "same", "other"]

_TABLE: Any = SeenKey.__table__  # type: ignore[attr-defined]


def claim_key(*, session: Session, kind: str, sender: str, key: str, now: datetime, expires_at: datetime,
              value: str = "") -> Seen:
    """Record ``(kind, sender, key)`` until ``expires_at``; say whether it was already held.

    Returns ``"new"`` when nobody held the key (or its row had expired: it is taken afresh), ``"same"`` when an
    unexpired row holds it with the same ``value``, ``"other"`` when with another value. Atomic across processes:
    of two sessions claiming one key at once, exactly one gets ``"new"``.
    """
    params = {"kind": kind[:16], "sender": sender[:128], "key": key[:160], "value": value[:64],
              "expires_at": expires_at, "now": now}
    inserted = session.connection().execute(_claim_statement(session.get_bind().dialect.name), params).first()
    if inserted is not None:
        return "new"
    held = session.connection().execute(
        select(_TABLE.c.value).where(_TABLE.c.kind == params["kind"], _TABLE.c.sender == params["sender"],
                                     _TABLE.c.key == params["key"])).first()
    return "same" if held is not None and held[0] == params["value"] else "other"


@functools.cache
def _claim_statement(dialect: str) -> Any:
    """Insert the key, or take over its row when that row has expired; RETURNING says which happened."""
    upsert = insert_for(dialect)
    row = upsert(_TABLE).values(kind=bindparam("kind"), sender=bindparam("sender"), key=bindparam("key"),
                                value=bindparam("value"), expires_at=bindparam("expires_at"))
    return row.on_conflict_do_update(
        index_elements=["kind", "sender", "key"],
        set_={"value": row.excluded.value, "expires_at": row.excluded.expires_at},
        where=_TABLE.c.expires_at <= bindparam("now"),
    ).returning(_TABLE.c.key)


def forget_expired(*, session: Session, now: datetime) -> int:
    """Delete every key that expired before ``now``; return how many."""
    result = session.connection().execute(delete(_TABLE).where(_TABLE.c.expires_at <= now))
    return int(result.rowcount or 0)


def count_keys(*, session: Session, kind: str | None = None) -> int:
    """Return how many keys are held (of one kind, or all): what the table costs."""
    stmt = select(func.count()).select_from(_TABLE)
    if kind is not None:
        stmt = stmt.where(_TABLE.c.kind == kind)
    return int(session.connection().execute(stmt).scalar_one())
