"""The shared send budget: one row per platform budget holding the next free send instant on the database
server's clock, so every process sending for one bot shares one rate.

One idiom: a single ``UPDATE … RETURNING`` per lease, built once per dialect.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Float, String, Table, bindparam, func, text, update
from sqlmodel import Session

from storage.models import SendBudget
from storage.sql import insert_for


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
    insert = insert_for(dialect)
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


