"""The stored debt's cycle columns: read as a ``Cycle`` (bot.core.overdue), written back in one place.

What a cycle becomes (paid, rolled unpaid, a new bill) is decided in ``bot.core.overdue``; ``write_cycle`` is
the one writer of the columns, with one ``UPDATE`` that also leaves the loaded object up to date.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.core.overdue import Cycle, cycle_of, standing_of
from storage import accounts
from storage.models import Debt

__all__ = ["cycle_of", "cycle_values", "set_cycle", "standing_of", "write_cycle"]


def cycle_values(cycle: Cycle) -> dict[str, Any]:
    """The columns to write for ``cycle``."""
    return {"due_date": cycle.due_date, "balance": cycle.balance, "original_amount": cycle.original_amount,
            "overdue_since": cycle.overdue_since, "carried_overdue": cycle.carried_overdue,
            "awaiting_bill": cycle.awaiting_bill}


def write_cycle(session: Session, debt: Debt, cycle: Cycle, now: datetime, **more: Any) -> None:
    """Write ``cycle`` (and ``more`` columns changed with it) on the debt, stamped ``updated_at = now``."""
    accounts.write_fields(session=session, row=debt, values={**cycle_values(cycle), **more, "updated_at": now})


def set_cycle(debt: Debt, cycle: Cycle) -> None:
    """Put ``cycle`` on the (ORM-tracked) debt, for an edit that saves the debt with other changes."""
    for name, value in cycle_values(cycle).items():
        setattr(debt, name, value)
