"""A user's progress as numbers: the on-time streak and the facts the recovery checklist is ticked from.

Pure: the engine reads the debts and the payment history and passes them in with the user's local ``today``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.overdue import CycleColumns, standing_of
from bot.core.recovery import RecoveryFacts

# (id, debt_id, paid_at, cycle_due, on_time) of one payment: all the streak needs, without an ORM object.
PaymentRow = tuple[int, int, datetime, date | None, bool]


class DebtFacts(CycleColumns, Protocol):
    """What the progress reads of a stored debt (a stored ``Debt`` has these)."""

    @property
    def id(self) -> int | None: ...
    @property
    def creditor(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def reminders_muted(self) -> bool: ...
    @property
    def record_clears_on(self) -> date | None: ...


class HasCurrency(Protocol):
    @property
    def currency(self) -> str: ...


def main_currency(debts: Iterable[HasCurrency]) -> str:
    """The currency most of the user's debts are in (plans and totals are made in one currency)."""
    counts = Counter(d.currency for d in debts)
    return counts.most_common(1)[0][0] if counts else "CNY"


def on_time_streak(payments: Sequence[PaymentRow]) -> int:
    """Count the most recent cycles paid on time, newest first, stopping at the first late one.

    ``payments`` oldest first. Several payments for one cycle count once, by the latest of them.
    """
    streak = 0
    seen: set[tuple[int, str]] = set()
    for _id, debt_id, _paid_at, cycle_due, on_time in reversed(payments):
        cycle = (debt_id, str(cycle_due))
        if cycle in seen:
            continue
        seen.add(cycle)
        if not on_time:
            break
        streak += 1
    return streak


def record_clears(debts: Iterable[DebtFacts], today: date) -> tuple[tuple[str, date], ...]:
    """(creditor, day) for every late record still due to leave the credit report on or after ``today``."""
    return tuple((d.creditor, d.record_clears_on) for d in debts
                 if d.record_clears_on is not None and d.record_clears_on >= today)


def total_owed(active: Iterable[DebtFacts], currency: str) -> Decimal:
    """What the active debts in ``currency`` add up to."""
    return sum((d.balance for d in active if d.currency == currency), Decimal(0))


def recovery_facts(debts: Sequence[DebtFacts], payments: Sequence[PaymentRow], today: date) -> RecoveryFacts:
    """The facts the recovery plan ticks items from: ``debts`` every debt of the user (settled too), ``payments``
    every payment oldest first, ``today`` the user's local date."""
    active = [d for d in debts if d.status == "active"]
    currency = main_currency(active or debts)
    standings = [(d, standing_of(d, today)) for d in active]
    overdue = [(d, s) for d, s in standings if s.overdue]
    oldest = min(overdue, key=lambda pair: (pair[1].overdue_since or today, pair[0].id or 0), default=None)
    # The sum of every amount ever registered stands in for the peak: totals only fall by paying.
    peak = sum((d.original_amount for d in debts if d.currency == currency), Decimal(0))
    return RecoveryFacts(settled_debts=sum(1 for d in debts if d.status == "settled"), active_debts=len(active),
                         overdue_debts=len(overdue), on_time_streak=on_time_streak(payments),
                         reminders_enabled=not any(d.reminders_muted for d in active),
                         total_owed=total_owed(active, currency), peak_owed=peak,
                         oldest_overdue=None if oldest is None or oldest[1].overdue_since is None else
                         (oldest[0].creditor, oldest[1].overdue_since, oldest[1].overdue_days),
                         record_clears=record_clears(debts, today))


# A change of one debt's balance: (when, debt id, balance after it). A registration is one (its amount), and
# so is every payment (the balance it left).
BalanceEvent = tuple[datetime, int, Decimal]


def balance_history(events: Iterable[BalanceEvent], current: dict[int, Decimal], zone: ZoneInfo,
                    today: date) -> list[tuple[date, Decimal]]:
    """The user's total balance at the end of every local day something changed, and today's (``current``: each
    debt's balance now), oldest first: what the chart draws as "so far"."""
    latest: dict[int, Decimal] = {}
    points: dict[date, Decimal] = {}
    for when, debt_id, balance in sorted(events, key=lambda e: e[0]):
        latest[debt_id] = balance
        points[when.astimezone(zone).date()] = sum(latest.values(), Decimal(0))
    points[today] = sum(current.values(), Decimal(0))
    return sorted(points.items())
