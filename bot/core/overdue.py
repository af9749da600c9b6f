"""Where a debt stands, and how a recurring bill moves from cycle to cycle: pure, ``today`` passed in.

A monthly bill left unpaid does not become "this period's" bill when the next cycle opens: the unpaid amount is
carried as its own part (``carried_overdue``) and the first missed due date (``overdue_since``) is kept, so every
place that talks about the debt (the list, the nudges, the digest, ``/plan``, ``/recovery``) tells its true age.
The balance is the whole amount owed: the carried part plus the current cycle's bill. Payments go to the carried
part first, as a lender applies them to the oldest amount due.

The date a late record should leave the credit report is 5 years after the overdue ends (征信业管理条例 art. 16,
read by the Credit Reference Center as from settlement; domain-facts P3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Protocol

from bot.core.finance import add_months, estimate_penalty
from bot.core.schedule import next_cycle_due

ZERO = Decimal(0)
RECORD_KEPT_MONTHS = 5 * 12


@dataclass(frozen=True, slots=True)
class Cycle:
    """The part of a debt that moves with its cycles."""

    due_date: date | None
    balance: Decimal
    original_amount: Decimal  # the current cycle's bill (for a one-off debt: the amount registered)
    overdue_since: date | None = None
    carried_overdue: Decimal | None = None
    awaiting_bill: bool = False


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a debt stands on one local day.

    ``overdue_amount`` is what is past due (the carried part, plus the current cycle when its due date has
    passed too); ``current_amount`` the current cycle's own part (None while its bill amount is not confirmed),
    ``current_past_due`` whether its due date has passed unpaid; ``overdue_since`` the first missed due date
    still unpaid.
    """

    overdue_since: date | None
    overdue_days: int
    overdue_amount: Decimal
    carried_amount: Decimal
    current_due: date | None
    current_amount: Decimal | None
    days_left: int | None
    current_past_due: bool = False

    @property
    def overdue(self) -> bool:
        """Whether anything is past due."""
        return self.overdue_since is not None and self.overdue_amount > 0


class CycleColumns(Protocol):
    """What a stored debt holds about its cycle (a stored ``Debt`` has these; read only here)."""

    @property
    def due_date(self) -> date | None: ...
    @property
    def balance(self) -> Decimal: ...
    @property
    def original_amount(self) -> Decimal: ...
    @property
    def overdue_since(self) -> date | None: ...
    @property
    def carried_overdue(self) -> Decimal | None: ...
    @property
    def awaiting_bill(self) -> bool: ...


def cycle_of(debt: CycleColumns) -> Cycle:
    """The cycle of a stored debt."""
    return Cycle(due_date=debt.due_date, balance=debt.balance, original_amount=debt.original_amount,
                 overdue_since=debt.overdue_since, carried_overdue=debt.carried_overdue,
                 awaiting_bill=debt.awaiting_bill)


def standing_of(debt: CycleColumns, today: date) -> Standing:
    """Where a stored debt stands on the local day ``today``."""
    return standing(cycle_of(debt), today)


def standing(cycle: Cycle, today: date) -> Standing:
    """Return where a debt stands on ``today`` (a local date)."""
    carried = cycle.carried_overdue if cycle.carried_overdue is not None and cycle.carried_overdue > 0 else ZERO
    carried = min(carried, max(cycle.balance, ZERO))
    current = cycle.balance - carried
    due = cycle.due_date
    since: date | None = None
    overdue_amount = carried
    if carried > 0:
        since = cycle.overdue_since or due
    elif cycle.overdue_since is not None and cycle.balance > 0:
        # Registered as overdue since a date with no split known: the whole balance is past due.
        since, overdue_amount, current = cycle.overdue_since, cycle.balance, ZERO
    past_due = due is not None and due < today and current > 0
    if past_due:
        assert due is not None
        since = due if since is None else min(since, due)
        overdue_amount += current
    if since is not None and since >= today:
        # A stated "overdue since" that is today or ahead is not late yet (the due day itself is on time).
        since, overdue_amount = None, ZERO
    days = (today - since).days if since is not None else 0
    return Standing(overdue_since=since, overdue_days=days, overdue_amount=overdue_amount, carried_amount=carried,
                    current_due=due, current_amount=None if cycle.awaiting_bill else current,
                    days_left=None if due is None else (due - today).days, current_past_due=past_due)


def penalty_estimate(where: Standing, daily_rate: Decimal, today: date) -> Decimal:
    """A simple daily overdue charge for what is past due, each part for its own days: the carried part since the
    first missed due date, the current cycle since its own due date (an estimate; the contract decides)."""
    carried = estimate_penalty(where.carried_amount, daily_rate, where.overdue_days) if where.carried_amount else ZERO
    if not where.current_past_due or where.current_due is None:
        rest = where.overdue_amount - where.carried_amount
        return carried + estimate_penalty(rest, daily_rate, where.overdue_days) if rest > 0 else carried
    current = where.overdue_amount - where.carried_amount
    return carried + estimate_penalty(current, daily_rate, (today - where.current_due).days)


def roll_unpaid(cycle: Cycle, rule: str | None, today: date) -> Cycle | None:
    """Open the newest cycle of a recurring bill whose next due date has come while the last one is unpaid.

    What is unpaid becomes the carried overdue part, the first missed due date is kept, and the new cycle's bill
    is not known yet (``awaiting_bill``). None when nothing rolls (no rule, or the next due date is still ahead).
    """
    if not rule or cycle.due_date is None or cycle.balance <= 0:
        return None
    following = next_cycle_due(cycle.due_date, rule)
    if following is None or following > today:
        return None
    while True:  # several cycles may have passed while the bot was down
        after = next_cycle_due(following, rule)
        if after is None or after > today:
            break
        following = after
    since = cycle.due_date if cycle.overdue_since is None else min(cycle.overdue_since, cycle.due_date)
    return replace(cycle, due_date=following, overdue_since=since, carried_overdue=cycle.balance,
                   awaiting_bill=True)


def set_bill(cycle: Cycle, bill: Decimal) -> Cycle:
    """The current cycle's bill is ``bill``: the balance is the carried part plus it."""
    carried = cycle.carried_overdue or ZERO
    return replace(cycle, original_amount=bill, balance=carried + bill, awaiting_bill=False)


def apply_payment(cycle: Cycle, amount: Decimal) -> Cycle:
    """Take a payment off the balance, from the carried (oldest) part first; once the carried part is paid the
    first missed due date goes with it (the current cycle's own due date then decides)."""
    balance = cycle.balance - amount
    carried = cycle.carried_overdue
    since = cycle.overdue_since
    if carried is not None and carried > 0:
        carried = max(ZERO, carried - amount)
        if carried == 0:
            carried, since = None, None
    elif since is not None and balance <= 0:
        since = None
    return replace(cycle, balance=balance, carried_overdue=carried, overdue_since=since)


def close_paid_cycle(cycle: Cycle, rule: str | None, instalment_end: date | None = None) -> Cycle | None:
    """The balance reached zero: open a recurring bill's next cycle (its bill assumed to be the last one until the
    user says otherwise), or None for a debt with no next cycle (it is settled). An instalment loan
    (``instalment_end`` known) has none: its balance is the whole loan, so at zero it is paid off."""
    if not rule or cycle.due_date is None or instalment_end is not None:
        return None
    next_due = next_cycle_due(cycle.due_date, rule)
    if next_due is None:
        return None
    return Cycle(due_date=next_due, balance=cycle.original_amount, original_amount=cycle.original_amount,
                 overdue_since=None, carried_overdue=None, awaiting_bill=True)


def instalment_next_due(due: date | None, rule: str | None, instalment_end: date | None,
                        instalment_amount: Decimal | None, paid: Decimal) -> date | None:
    """The next period's due date when a payment of at least one period's amount is made on an instalment loan,
    never past the last period (so reminders stop after it); None when the due date stays."""
    if instalment_amount is None or instalment_end is None or not rule or due is None or paid < instalment_amount:
        return None
    next_due = next_cycle_due(due, rule)
    if next_due is None or next_due > instalment_end:
        return None
    return next_due


def record_clears_on(overdue_ended: date) -> date:
    """The day a late record should leave the credit report: 5 years after the overdue ended (P3)."""
    return add_months(overdue_ended, RECORD_KEPT_MONTHS)
