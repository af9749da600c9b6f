"""The schedule queue: every message the bot plans to send, as rows of ``reminder`` that move through
pending → claimed → sent (or failed, cancelled, held, paused).

One idiom: set-based statements on the table (an upsert by idempotency key, ``UPDATE … RETURNING`` to claim,
``UPDATE`` to acknowledge), built once where they are on a hot path; ORM objects only where a caller needs rows
back. This module is the one writer of a row's status.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, exists, func, or_, text, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage.models import Reminder, User
from storage.sql import core, insert_for, rowcount

# Literal, not a bound parameter: SQLite uses a partial index only when the query repeats its WHERE term.
PENDING = text("reminder.status = 'pending'")
CLAIMED = text("reminder.status = 'claimed'")

_REMINDER_TABLE: Table = Reminder.__table__  # type: ignore[attr-defined]

# The status as a literal here too: SQLite runs this EXISTS four times faster than with the status bound.
_HAS_HELD = core_select(exists().where(_REMINDER_TABLE.c.user_id == bindparam("owner"),
                                       text("reminder.status = 'held'")))
_COUNT_PENDING_OF_KIND = (core_select(func.count()).select_from(_REMINDER_TABLE)
                          .where(_REMINDER_TABLE.c.user_id == bindparam("owner"), PENDING,
                                 _REMINDER_TABLE.c.kind == bindparam("kind")))



def plan_reminder(*, session: Session, reminder: Reminder) -> bool:
    """Plan a message by its idempotency key; return True if it is now pending.

    Idempotent by design: the same key never makes a second row. Re-planning moves a row that is still pending
    (or was cancelled by an earlier re-plan) to its new time; a row already claimed, sent or failed is left
    alone — which is what makes planning twice never send twice.
    """
    values = {c.name: getattr(reminder, c.name) for c in _REMINDER_TABLE.columns if c.name != "id"}
    return plan_reminder_values(session=session, values=values) is not None


# Every column of a schedule row but ``id``, with the defaults the model gives: planning passes a plain dict, as
# building a validated model object costs more than the statement that stores it.
REMINDER_DEFAULTS: dict[str, Any] = {"debt_id": None, "status": "pending", "attempts": 0, "payload": "{}",
                                     "respect_quiet": True, "claimed_at": None, "claimed_by": None,
                                     "sent_at": None, "last_error": None}


def plan_reminder_values(*, session: Session, values: dict[str, Any]) -> int | None:
    """``plan_reminder`` for a row given as column values (every column but ``id``); return the id of the row
    now pending, or None when its key was already claimed, sent or failed."""
    # RETURNING, not rowcount: drivers disagree on rowcount for upserts (psycopg reports -1).
    row = core(session).execute(_plan_statement(session.get_bind().dialect.name), values).first()
    return None if row is None else int(row[0])


def plan_reminders_values(*, session: Session, rows: list[dict[str, Any]]) -> None:
    """``plan_reminder`` for several rows in one statement (executemany), when no caller needs the outcomes."""
    if rows:
        core(session).execute(_plan_statement(session.get_bind().dialect.name, returning=False), rows)


@functools.cache
def _plan_statement(dialect: str, *, returning: bool = True) -> Any:
    """The idempotent upsert of schedule rows, built once per dialect (the values come as parameters)."""
    upsert = insert_for(dialect)
    new_row = upsert(_REMINDER_TABLE)
    stmt = new_row.on_conflict_do_update(
        index_elements=["idempotency_key"],
        set_={"fire_at": new_row.excluded.fire_at, "payload": new_row.excluded.payload, "status": "pending",
              "respect_quiet": new_row.excluded.respect_quiet, "last_error": None},
        # Two comparisons, not IN: an IN list is an "expanding" parameter, which executemany refuses.
        where=or_(_REMINDER_TABLE.c.status == "pending", _REMINDER_TABLE.c.status == "cancelled"),
    )
    return stmt.returning(_REMINDER_TABLE.c.id) if returning else stmt


def cancel_reminders(*, session: Session, owner_id: int, debt_id: int | None = None,
                     kinds: Iterable[str] | None = None, keep_key: str | None = None) -> int:
    """Cancel the owner's pending (and held) rows, for one debt and/or some kinds; return how many."""
    stmt = _cancel_statement(debt_id is not None, None if kinds is None else tuple(kinds), keep_key is not None)
    result = core(session).execute(stmt, {"owner": owner_id, "debt": debt_id, "keep": keep_key})
    return rowcount(result)


@functools.cache
def _cancel_statement(by_debt: bool, kinds: tuple[str, ...] | None, keeping: bool) -> Any:
    """The cancelling ``UPDATE`` for one shape of ``cancel_reminders``, built once (the kinds are few fixed sets)."""
    table = _REMINDER_TABLE
    stmt = update(table).where(table.c.user_id == bindparam("owner"), table.c.status.in_(("pending", "held")))
    if by_debt:
        stmt = stmt.where(table.c.debt_id == bindparam("debt"))
    if kinds is not None:
        stmt = stmt.where(table.c.kind.in_(kinds))
    if keeping:
        stmt = stmt.where(table.c.idempotency_key != bindparam("keep"))
    return stmt.values(status="cancelled")


def get_reminder(*, session: Session, owner_id: int, reminder_id: int) -> Reminder | None:
    """Return the owner's schedule row with this id, or None."""
    return session.exec(
        select(Reminder).where(col(Reminder.id) == reminder_id, col(Reminder.user_id) == owner_id)
    ).first()


def count_pending_reminders(*, session: Session, owner_id: int, kind: str) -> int:
    """Count the owner's pending rows of one kind."""
    return int(core(session).execute(_COUNT_PENDING_OF_KIND, {"owner": owner_id, "kind": kind}).scalar_one())


def list_pending_reminders(*, session: Session, owner_id: int, kinds: Sequence[str] | None = None) -> list[Reminder]:
    """Return the owner's pending rows in firing order."""
    query = select(Reminder).where(col(Reminder.user_id) == owner_id, PENDING)
    if kinds is not None:
        query = query.where(col(Reminder.kind).in_(tuple(kinds)))
    return list(session.exec(query.order_by(col(Reminder.fire_at))))


def claim_due_reminders(*, session: Session, now: datetime, limit: int, worker: str,
                        channels: Sequence[str] | None = None) -> list[Reminder]:
    """Atomically claim up to ``limit`` pending rows due at ``now``, oldest first.

    One ``UPDATE … RETURNING``; on PostgreSQL the inner select takes ``FOR UPDATE SKIP LOCKED`` so that several
    dispatchers never claim the same row. SQLite has a single writer, which makes the update atomic already.
    With ``channels``, only rows of users on those channels are claimed: a process claims what it can send.
    """
    if limit <= 0:
        return []
    due = (select(Reminder.id).where(PENDING, col(Reminder.fire_at) <= now)
           .order_by(col(Reminder.fire_at)).limit(limit))
    if channels is not None:
        # A correlated subquery, not a join: FOR UPDATE then locks schedule rows only, never users' rows; and
        # EXISTS (unlike IN over every user of the channel) lets the scan walk the pending index in fire_at order
        # and stop at the limit, so a tick stays flat in the number of users.
        due = due.where(_on_channels(channels))
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    stmt = (update(Reminder).where(col(Reminder.id).in_(due.scalar_subquery()))
            .values(status="claimed", claimed_at=now, claimed_by=worker, attempts=col(Reminder.attempts) + 1)
            .returning(Reminder))
    rows: list[Reminder] = list(session.scalars(stmt, execution_options={"synchronize_session": False}))
    rows.sort(key=lambda r: (r.fire_at, r.id or 0))
    return rows


def _on_channels(channels: Sequence[str]) -> ColumnElement[bool]:
    """Rows whose user is on one of ``channels``."""
    on_channel = select(User.id).where(col(User.id) == col(Reminder.user_id), col(User.channel).in_(tuple(channels)))
    return on_channel.exists()


def reclaim_stale_claims(*, session: Session, now: datetime, lease: timedelta, worker: str | None = None,
                         keep: Iterable[int] = (), channels: Sequence[str] | None = None) -> int:
    """Return rows claimed longer than ``lease`` ago (a dispatcher died mid-send) to pending; return how many.

    With ``worker`` given, only that worker's claims are returned, at once (used at start-up for our own).
    Rows in ``keep`` (the caller's own claims, still in flight) are never returned. With ``channels``, only rows
    of those channels: a process taking back claims at start-up leaves alone those of another channel's process.
    """
    stmt = update(Reminder).where(CLAIMED)
    if channels is not None:
        stmt = stmt.where(_on_channels(channels))
    if worker is None:
        stmt = stmt.where(col(Reminder.claimed_at) < now - lease)
    else:
        stmt = stmt.where(col(Reminder.claimed_by) == worker)
    kept = tuple(keep)
    if kept:
        stmt = stmt.where(col(Reminder.id).not_in(kept))
    result = session.execute(stmt.values(status="pending", claimed_at=None, claimed_by=None))
    return rowcount(result)


def renew_claims(*, session: Session, worker: str, now: datetime) -> int:
    """Extend the lease on every row ``worker`` still holds (it is alive); return how many.

    A dispatcher renews each tick, so a claim can wait in its send queue for as long as it takes; only the
    claims of a dispatcher that stopped renewing (it died) age past the lease and go back to pending.
    """
    result = session.execute(update(Reminder).where(CLAIMED, col(Reminder.claimed_by) == worker)
                             .values(claimed_at=now))
    return rowcount(result)


def count_reminders_by_status(*, session: Session, now: datetime) -> dict[str, int]:
    """Return how many rows are due and pending, and how many are claimed (for operators)."""
    due = select(func.count()).select_from(Reminder).where(PENDING, col(Reminder.fire_at) <= now)
    claimed = select(func.count()).select_from(Reminder).where(CLAIMED)
    return {"pending": int(session.execute(due).scalar_one()), "claimed": int(session.execute(claimed).scalar_one())}


def mark_reminders(*, session: Session, ids: Sequence[int], status: str, now: datetime,
                   error: str | None = None) -> None:
    """Acknowledge rows in one statement: ``sent``, ``failed``, ``cancelled`` or ``held``."""
    if not ids:
        return
    values: dict[str, Any] = {"status": status, "claimed_at": None}
    if status == "sent":
        values["sent_at"] = now
    if error is not None:
        values["last_error"] = error[:200]
    session.execute(update(Reminder).where(col(Reminder.id).in_(tuple(ids))).values(**values))


def retry_reminder_later(*, session: Session, reminder_id: int, fire_at: datetime, error: str | None) -> None:
    """Put a claimed row back as pending for ``fire_at`` (after RetryAfter, a network error, quiet hours…)."""
    session.execute(update(Reminder).where(col(Reminder.id) == reminder_id).values(
        status="pending", fire_at=fire_at, claimed_at=None, claimed_by=None,
        last_error=None if error is None else error[:200]))


def has_held_reminders(*, session: Session, owner_id: int) -> bool:
    """Tell whether the owner has held rows: one indexed ``EXISTS``, asked on every message (almost always no)."""
    return bool(core(session).execute(_HAS_HELD, {"owner": owner_id}).scalar())


def take_held_reminders(*, session: Session, owner_id: int) -> list[Reminder]:
    """Return the owner's held rows (undeliverable until they wrote) and mark them claimed for delivery now."""
    rows = list(session.exec(
        select(Reminder).where(col(Reminder.user_id) == owner_id, col(Reminder.status) == "held").order_by(col(Reminder.fire_at))
    ))
    for row in rows:
        row.status = "claimed"
    session.flush()
    return rows


def hold_user_schedule(*, session: Session, owner_id: int) -> None:
    """Pause a user who blocked the bot: their pending rows wait, unsent, until they write again."""
    session.execute(update(Reminder).where(col(Reminder.user_id) == owner_id, PENDING).values(status="paused"))


def resume_user_schedule(*, session: Session, owner_id: int) -> None:
    """Undo ``hold_user_schedule`` when the user is back."""
    session.execute(update(Reminder).where(col(Reminder.user_id) == owner_id, col(Reminder.status) == "paused")
                    .values(status="pending"))


def oldest_pending_fire_at(*, session: Session, now: datetime) -> datetime | None:
    """Return the fire time of the oldest due pending row (for lag monitoring), or None."""
    query = (select(Reminder.fire_at).where(PENDING, col(Reminder.fire_at) <= now)
             .order_by(col(Reminder.fire_at)).limit(1))
    return session.exec(query).first()


