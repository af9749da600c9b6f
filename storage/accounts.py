"""The user's own records: the user, their debts and payments, the undo log, recovery ticks and tips seen, and the
export of all of it.

One idiom: ORM rows, read by statements built once with bound parameters (building a statement costs more than
running it, and these are on every message's path); the hot plain writes (a balance, the dialogue state) are one
``UPDATE`` through ``write_fields``, and the inserts nothing reads back in the turn are plain ``INSERT``s.
Lookups return ``X | None`` and always filter by owner, so a user only ever reaches their own rows; functions add
and flush but never commit (the caller's ``session_scope`` is the transaction); every datetime is aware.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Delete, Table, bindparam, delete, func, insert, update
from sqlalchemy import select as core_select
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    Change,
    Debt,
    Payment,
    RecoveryTick,
    Reminder,
    TipShown,
    User,
    WebLink,
    WebSession,
    WeChatContact,
)
from storage.sql import core, upsert_for

_USER_TABLE: Table = User.__table__  # type: ignore[attr-defined]
_DEBT_TABLE: Table = Debt.__table__  # type: ignore[attr-defined]
_PAYMENT_TABLE: Table = Payment.__table__  # type: ignore[attr-defined]
_CHANGE_TABLE: Table = Change.__table__  # type: ignore[attr-defined]

_USER_BY_ADDRESS = select(User).where(col(User.address) == bindparam("address"))
_LOCK_USER = _USER_BY_ADDRESS.with_for_update()
_ACTIVE_DEBTS = (select(Debt).where(col(Debt.user_id) == bindparam("owner"), col(Debt.status) == "active")
                 .order_by(col(Debt.id)))
_ALL_DEBTS = select(Debt).where(col(Debt.user_id) == bindparam("owner")).order_by(col(Debt.id))
_COUNT_ACTIVE_DEBTS = (core_select(func.count()).select_from(_DEBT_TABLE)
                       .where(_DEBT_TABLE.c.user_id == bindparam("owner"), _DEBT_TABLE.c.status == "active"))
_PAYMENT_HISTORY = (core_select(_PAYMENT_TABLE.c.id, _PAYMENT_TABLE.c.debt_id, _PAYMENT_TABLE.c.paid_at,
                                _PAYMENT_TABLE.c.cycle_due, _PAYMENT_TABLE.c.on_time)
                    .where(_PAYMENT_TABLE.c.user_id == bindparam("owner"))
                    .order_by(_PAYMENT_TABLE.c.paid_at, _PAYMENT_TABLE.c.id))
_TICK_IDS = core_select(RecoveryTick.__table__.c.item_id).where(  # type: ignore[attr-defined]
    RecoveryTick.__table__.c.user_id == bindparam("owner"))  # type: ignore[attr-defined]
_INSERT_PAYMENT = insert(_PAYMENT_TABLE).returning(_PAYMENT_TABLE.c.id)
_INSERT_CHANGE = insert(_CHANGE_TABLE)


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
    core(session).execute(_update_by_id(table, names), params)
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
    upsert = upsert_for(session)
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
    return int(core(session).execute(_COUNT_ACTIVE_DEBTS, {"owner": owner_id}).scalar_one())


def insert_payment(*, session: Session, values: dict[str, Any]) -> int:
    """Insert a payment given as column values (every column but ``id``) and return its id; a plain ``INSERT``,
    for the payment path, where no ORM object of it is needed."""
    return int(core(session).execute(_INSERT_PAYMENT, values).scalar_one())


def payment_history(*, session: Session, owner_id: int) -> list[tuple[int, int, datetime, Any, bool]]:
    """Return ``(id, debt_id, paid_at, cycle_due, on_time)`` of the owner's payments, oldest first (what the
    on-time streak is counted from), without loading ORM objects."""
    return [tuple(row) for row in core(session).execute(_PAYMENT_HISTORY, {"owner": owner_id})]


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
    core(session).execute(_INSERT_CHANGE, {"user_id": owner_id, "action": action,
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


# --- recovery progress and tips ------------------------------------------------------------------------------


def tick_ids(*, session: Session, owner_id: int) -> frozenset[str]:
    """Return the ids of the owner's done checklist items."""
    return frozenset(core(session).execute(_TICK_IDS, {"owner": owner_id}).scalars())


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


