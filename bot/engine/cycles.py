"""The stored debt seen as a ``Cycle`` (bot.core.overdue) and back: one place reads and writes those columns."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.overdue import Cycle, Standing, standing
from storage.models import Debt


def cycle_of(debt: Debt) -> Cycle:
    """The cycle columns of a stored debt."""
    return Cycle(due_date=debt.due_date, balance=debt.balance, original_amount=debt.original_amount,
                 overdue_since=debt.overdue_since, carried_overdue=debt.carried_overdue,
                 awaiting_bill=debt.awaiting_bill)


def cycle_values(cycle: Cycle) -> dict[str, Any]:
    """The columns to write for ``cycle``."""
    return {"due_date": cycle.due_date, "balance": cycle.balance, "original_amount": cycle.original_amount,
            "overdue_since": cycle.overdue_since, "carried_overdue": cycle.carried_overdue,
            "awaiting_bill": cycle.awaiting_bill}


def set_cycle(debt: Debt, cycle: Cycle) -> None:
    """Put ``cycle`` on the (ORM-tracked) debt."""
    for name, value in cycle_values(cycle).items():
        setattr(debt, name, value)


def standing_of(debt: Debt, today: date) -> Standing:
    """Where the debt stands on the local day ``today``."""
    return standing(cycle_of(debt), today)
