"""Persistence as small functions with keyword-only arguments.

Conventions: lookups return ``X | None`` and always filter by owner, so a user only ever reaches their own rows;
functions add and flush but never commit (the caller's ``session_scope`` is the transaction); every datetime
argument is aware.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Delete,
    Float,
    Result,
    String,
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    text,
    update,
)
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    Change,
    Debt,
    Payment,
    RecoveryTick,
    Reminder,
    SendBudget,
    TipShown,
    User,
    WebLink,
    WebSession,
    WeChatContact,
)

# Literal, not a bound parameter: SQLite uses a partial index only when the query repeats its WHERE term.
PENDING = text("reminder.status = 'pending'")
CLAIMED = text("reminder.status = 'claimed'")

_REMINDER_TABLE: Table = Reminder.__table__  # type: ignore[attr-defined]
_USER_TABLE: Table = User.__table__  # type: ignore[attr-defined]
_DEBT_TABLE: Table = Debt.__table__  # type: ignore[attr-defined]
_PAYMENT_TABLE: Table = Payment.__table__  # type: ignore[attr-defined]
_CHANGE_TABLE: Table = Change.__table__  # type: ignore[attr-defined]

# Statements on every message's path are built once, with bound parameters: building one costs more than
# running it, and a statement object keeps its compiled form's cache key for ever.
_USER_BY_ADDRESS = select(User).where(col(User.address) == bindparam("address"))
_LOCK_USER = _USER_BY_ADDRESS.with_for_update()
_ACTIVE_DEBTS = (select(Debt).where(col(Debt.user_id) == bindparam("owner"), col(Debt.status) == "active")
                 .order_by(col(Debt.id)))
_ALL_DEBTS = select(Debt).where(col(Debt.user_id) == bindparam("owner")).order_by(col(Debt.id))
_COUNT_ACTIVE_DEBTS = (core_select(func.count()).select_from(_DEBT_TABLE)
                       .where(_DEBT_TABLE.c.user_id == bindparam("owner"), _DEBT_TABLE.c.status == "active"))
# The status as a literal here too: SQLite runs this EXISTS four times faster than with the status bound.
_HAS_HELD = core_select(exists().where(_REMINDER_TABLE.c.user_id == bindparam("owner"),
                                       text("reminder.status = 'held'")))
_COUNT_PENDING_OF_KIND = (core_select(func.count()).select_from(_REMINDER_TABLE)
                          .where(_REMINDER_TABLE.c.user_id == bindparam("owner"), PENDING,
                                 _REMINDER_TABLE.c.kind == bindparam("kind")))
_PAYMENT_HISTORY = (core_select(_PAYMENT_TABLE.c.id, _PAYMENT_TABLE.c.debt_id, _PAYMENT_TABLE.c.paid_at,
                                _PAYMENT_TABLE.c.cycle_due, _PAYMENT_TABLE.c.on_time)
                    .where(_PAYMENT_TABLE.c.user_id == bindparam("owner"))
                    .order_by(_PAYMENT_TABLE.c.paid_at, _PAYMENT_TABLE.c.id))
_TICK_IDS = core_select(RecoveryTick.__table__.c.item_id).where(  # type: ignore[attr-defined]
    RecoveryTick.__table__.c.user_id == bindparam("owner"))  # type: ignore[attr-defined]
_INSERT_PAYMENT = insert(_PAYMENT_TABLE).returning(_PAYMENT_TABLE.c.id)
_INSERT_CHANGE = insert(_CHANGE_TABLE)


def _rowcount(result: Result[Any]) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _core(session: Session) -> Connection:
    """Return the session's connection for a Core statement, after flushing pending ORM changes as the ORM does
    before its own statements (Core ones do not autoflush): the statement then sees, and comes after, what the
    turn changed so far. The flush is nearly free when there is nothing to flush, the common case on the hot
    paths; and the connection runs the statement in the session's transaction without the ORM's layer around
    every execute."""
    if session.autoflush:
        session.flush()
    return session.connection()


@functools.cache
def _update_by_id(table: Table, columns: tuple[str, ...]) -> Any:
    """``UPDATE table SET <columns> WHERE id = :row_id``, built once for each set of columns."""
    return (update(table).where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(f"new_{name}", type_=table.c[name].type) for name in columns}))


def write_fields(*, session: Session, row: SQLModel, values: dict[str, Any]) -> None:
    """Write some columns of a loaded row at once with one ``UPDATE``, and set them on the object as committed.

    For plain writes on every message's path (the user's last message time, a debt's balance): the unit of
    work's flush of a dirty object costs several times the statement itself. The object then holds what the
    database holds and is not dirty; any other change made to it the ORM way is still flushed as usual.
    """
    table: Table = type(row).__table__  # type: ignore[attr-defined]
    names = tuple(sorted(values))
    params = {f"new_{name}": values[name] for name in names}
    params["row_id"] = getattr(row, "id")  # noqa: B009  (every table has it)
    _core(session).execute(_update_by_id(table, names), params)
    for name in names:
        set_committed_value(row, name, values[name])


# --- users -----------------------------------------------------------------------------------------------


def get_user_by_address(*, session: Session, address: str) -> User | None:
    """Return the user with this channel address, or None."""
    user: User | None = session.execute(_USER_BY_ADDRESS, {"address": address}).scalars().first()
    return user


def get_user(*, session: Session, user_id: int) -> User | None:
    """Return the user with this id, or None."""
    return session.get(User, user_id)


def create_user(*, session: Session, user: User) -> User:
    """Insert a new user and return it with its id."""
    session.add(user)
    session.flush()
    return user


def lock_user(*, session: Session, address: str, new_user: Callable[[], User]) -> User:
    """Return the user with ``address``, creating it from ``new_user()`` first if there is none, with its row
    locked until the transaction ends (``new_user`` is called only then: most messages come from known users).

    Every message of a user runs in a transaction that starts here, so on PostgreSQL two messages of one user
    handled at the same moment by two processes run one after the other instead of overwriting each other's
    changes (a payment lost, a draft mixed up). Two first messages of a new user make one user: the insert does
    nothing on conflict. SQLite has a single writer and needs no row lock.
    """
    params = {"address": address}
    found: User | None = session.execute(_LOCK_USER, params).scalars().first()
    if found is not None:
        return found
    user = new_user()
    dialect = session.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {c.name: getattr(user, c.name) for c in _USER_TABLE.columns if c.name != "id"}
    session.execute(upsert(User).values(**values).on_conflict_do_nothing(index_elements=["address"]))
    locked: User = session.execute(_LOCK_USER, params).scalars().one()
    return locked


def delete_user_everywhere(*, session: Session, user_id: int) -> None:
    """Delete the user and every row that belongs to them, in every table (foreign keys cascade too)."""
    for model in (Reminder, Payment, Change, RecoveryTick, TipShown, WeChatContact, WebLink, WebSession, Debt):
        session.execute(_owned_delete(model, user_id))
    session.execute(delete(User).where(col(User.id) == user_id))


def _owned_delete(model: type[SQLModel], user_id: int) -> Delete:
    return delete(model).where(getattr(model, "user_id") == user_id)  # noqa: B009  (every owned table has it)


# --- debts and payments ------------------------------------------------------------------------------------


def add_debt(*, session: Session, debt: Debt) -> Debt:
    """Insert a debt and return it with its id."""
    session.add(debt)
    session.flush()
    return debt


def get_debt(*, session: Session, owner_id: int, debt_id: int) -> Debt | None:
    """Return the owner's debt with this id, or None (also when it belongs to someone else)."""
    debt = session.get(Debt, debt_id)  # the identity map first: a batch may have loaded it already
    return debt if debt is not None and debt.user_id == owner_id else None


def list_debts(*, session: Session, owner_id: int, include_settled: bool = False) -> list[Debt]:
    """Return the owner's debts, oldest first."""
    query = _ALL_DEBTS if include_settled else _ACTIVE_DEBTS
    return list(session.execute(query, {"owner": owner_id}).scalars())


def count_active_debts(*, session: Session, owner_id: int) -> int:
    """Count the owner's active debts."""
    return int(_core(session).execute(_COUNT_ACTIVE_DEBTS, {"owner": owner_id}).scalar_one())


def insert_payment(*, session: Session, values: dict[str, Any]) -> int:
    """Insert a payment given as column values (every column but ``id``) and return its id; a plain ``INSERT``,
    for the payment path, where no ORM object of it is needed."""
    return int(_core(session).execute(_INSERT_PAYMENT, values).scalar_one())


def payment_history(*, session: Session, owner_id: int) -> list[tuple[int, int, datetime, Any, bool]]:
    """Return ``(id, debt_id, paid_at, cycle_due, on_time)`` of the owner's payments, oldest first (what the
    on-time streak is counted from), without loading ORM objects."""
    return [tuple(row) for row in _core(session).execute(_PAYMENT_HISTORY, {"owner": owner_id})]


def list_payments(*, session: Session, owner_id: int, debt_id: int | None = None) -> list[Payment]:
    """Return the owner's payments (of one debt, when given), oldest first."""
    query = select(Payment).where(Payment.user_id == owner_id)
    if debt_id is not None:
        query = query.where(Payment.debt_id == debt_id)
    return list(session.exec(query.order_by(col(Payment.paid_at), col(Payment.id))))


# --- undo log --------------------------------------------------------------------------------------------


def record_change(*, session: Session, owner_id: int, action: str, snapshot: dict[str, Any], now: datetime) -> None:
    """Remember how to revert a change the user just made."""
    # A plain INSERT: nothing reads the row back in this turn (``pop_last_change`` queries for it).
    _core(session).execute(_INSERT_CHANGE, {"user_id": owner_id, "action": action,
                                     "snapshot": json.dumps(snapshot, ensure_ascii=False), "created_at": now})


def pop_last_change(*, session: Session, owner_id: int, since: datetime) -> Change | None:
    """Remove and return the owner's newest change made after ``since``, or None."""
    change = session.exec(
        select(Change).where(Change.user_id == owner_id, col(Change.created_at) >= since)
        .order_by(col(Change.id).desc()).limit(1)
    ).first()
    if change is not None:
        session.delete(change)
        session.flush()
    return change


# --- the schedule ----------------------------------------------------------------------------------------


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
    row = _core(session).execute(_plan_statement(session.get_bind().dialect.name), values).first()
    return None if row is None else int(row[0])


def plan_reminders_values(*, session: Session, rows: list[dict[str, Any]]) -> None:
    """``plan_reminder`` for several rows in one statement (executemany), when no caller needs the outcomes."""
    if rows:
        _core(session).execute(_plan_statement(session.get_bind().dialect.name, returning=False), rows)


@functools.cache
def _plan_statement(dialect: str, *, returning: bool = True) -> Any:
    """The idempotent upsert of schedule rows, built once per dialect (the values come as parameters)."""
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
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
    result = _core(session).execute(stmt, {"owner": owner_id, "debt": debt_id, "keep": keep_key})
    return _rowcount(result)


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
    return int(_core(session).execute(_COUNT_PENDING_OF_KIND, {"owner": owner_id, "kind": kind}).scalar_one())


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
    return _rowcount(result)


def renew_claims(*, session: Session, worker: str, now: datetime) -> int:
    """Extend the lease on every row ``worker`` still holds (it is alive); return how many.

    A dispatcher renews each tick, so a claim can wait in its send queue for as long as it takes; only the
    claims of a dispatcher that stopped renewing (it died) age past the lease and go back to pending.
    """
    result = session.execute(update(Reminder).where(CLAIMED, col(Reminder.claimed_by) == worker)
                             .values(claimed_at=now))
    return _rowcount(result)


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
    return bool(_core(session).execute(_HAS_HELD, {"owner": owner_id}).scalar())


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


# --- the shared send budget --------------------------------------------------------------------------------


def _database_clock(dialect: str) -> Any:
    """The database server's clock in seconds since the epoch: the one clock every process agrees on."""
    if dialect == "postgresql":
        return func.extract("epoch", func.clock_timestamp())
    return (func.julianday("now") - 2440587.5) * 86400.0


@functools.cache
def _budget_statements(dialect: str) -> tuple[Any, Any, Any]:
    """Lease, hold and create statements for the send budget, built once: a lease is on every send's path."""
    table: Table = SendBudget.__table__  # type: ignore[attr-defined]
    latest = func.greatest if dialect == "postgresql" else func.max
    name, width = bindparam("budget", type_=String), bindparam("width", type_=Float)
    # When PostgreSQL had to wait for the row lock, it computes the new value again from the committed row (and
    # clock_timestamp() again), so a caller that queued behind another gets slots from the present.
    lease = (update(table).where(table.c.name == name)
             .values(next_slot=latest(table.c.next_slot, _database_clock(dialect)) + width)
             .returning(table.c.next_slot - width, _database_clock(dialect)))
    hold = (update(table).where(table.c.name == name)
            .values(next_slot=latest(table.c.next_slot, _database_clock(dialect) + width)))
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    create = insert(table).values(name=name, next_slot=0.0).on_conflict_do_nothing(index_elements=["name"])
    return lease, hold, create


def lease_send_slots(*, session: Session, name: str, count: int, interval: float) -> tuple[float, float]:
    """Hand out the next ``count`` send slots of budget ``name``, ``interval`` seconds apart.

    Returns ``(first, now)``: the first slot's instant and the database's clock when it was taken, both in
    seconds on the database server's clock; slot *i* is ``first + i × interval``. One ``UPDATE … RETURNING`` on
    the budget's row: concurrent callers queue on its row lock, so no two get the same slot. The row is created
    on first use. On PostgreSQL the transaction's commit does not wait for the disk (a lease lost in a crash
    costs nothing); commit promptly all the same, the row stays locked until then.
    """
    dialect = session.get_bind().dialect.name
    lease, _, create = _budget_statements(dialect)
    if dialect == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    params = {"budget": name, "width": count * interval}
    row = session.execute(lease, params).first()
    if row is None:  # first use of this budget
        session.execute(create, {"budget": name})
        row = session.execute(lease, params).one()
    return float(row[0]), float(row[1])


def hold_send_budget(*, session: Session, name: str, seconds: float) -> None:
    """Hand out no slot of budget ``name`` for the next ``seconds`` (the platform answered 429)."""
    _, hold, _ = _budget_statements(session.get_bind().dialect.name)
    session.execute(hold, {"budget": name, "width": seconds})


# --- WeChat push bookkeeping --------------------------------------------------------------------------------


def wechat_contact(*, session: Session, owner_id: int, now: datetime) -> WeChatContact:
    """Return the owner's WeChat bookkeeping row, creating an empty one first if there is none.

    Safe when two transactions race to create it: the insert does nothing on conflict.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(WeChatContact).values(user_id=owner_id, window_quota=0, notify_grants=0, updated_at=now)
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


# --- recovery progress and tips ------------------------------------------------------------------------------


def tick_ids(*, session: Session, owner_id: int) -> frozenset[str]:
    """Return the ids of the owner's done checklist items."""
    return frozenset(_core(session).execute(_TICK_IDS, {"owner": owner_id}).scalars())


def set_tick(*, session: Session, owner_id: int, item_id: str, done: bool, source: str, now: datetime) -> None:
    """Mark a checklist item done or not done for the owner."""
    existing = session.exec(select(RecoveryTick).where(
        col(RecoveryTick.user_id) == owner_id, col(RecoveryTick.item_id) == item_id)).first()
    if done and existing is None:
        session.add(RecoveryTick(user_id=owner_id, item_id=item_id, source=source, done_at=now))
    elif not done and existing is not None:
        session.delete(existing)
    session.flush()


def record_tip_shown(*, session: Session, owner_id: int, tip_id: str, now: datetime) -> None:
    """Remember that the owner saw this tip."""
    session.add(TipShown(user_id=owner_id, tip_id=tip_id, shown_at=now))


def list_tips_shown(*, session: Session, owner_id: int) -> list[TipShown]:
    """Return the tips the owner has seen, newest first."""
    return list(session.exec(select(TipShown).where(TipShown.user_id == owner_id)
                             .order_by(col(TipShown.shown_at).desc(), col(TipShown.id).desc())))


def rows_of_user(*, session: Session, owner_id: int) -> dict[str, list[dict[str, Any]]]:
    """Return every stored row that belongs to the owner, table by table (for export and for audits)."""
    out: dict[str, list[dict[str, Any]]] = {}
    user = session.get(User, owner_id)
    out["user"] = [] if user is None else [user.model_dump()]
    owned: dict[str, type[SQLModel]] = {"debt": Debt, "payment": Payment, "reminder": Reminder, "change": Change,
                                        "recovery_tick": RecoveryTick, "tip_shown": TipShown,
                                        "wechat_contact": WeChatContact}
    for table, model in owned.items():
        rows = session.exec(select(model).where(getattr(model, "user_id") == owner_id)  # noqa: B009
                            .order_by(getattr(model, "id")))  # noqa: B009
        out[table] = [r.model_dump() for r in rows]
    return out


