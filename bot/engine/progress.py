"""What the bot knows about a user's progress: recovery facts, the on-time streak, and the done checklist."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.recovery import RecoveryFacts, auto_ticks
from bot.core.schedule import local_date
from bot.engine.cycles import standing_of
from storage import accounts
from storage.models import Debt

# (id, debt_id, paid_at, cycle_due, on_time) of one payment: all the streak needs, without an ORM object.
PaymentRow = tuple[int, int, datetime, date | None, bool]


def main_currency(debts: list[Debt]) -> str:
    """The currency most of the user's debts are in (plans and totals are made in one currency)."""
    counts = Counter(d.currency for d in debts)
    return counts.most_common(1)[0][0] if counts else "CNY"


@dataclass
class Progress:
    """What the checklist is computed from, read once: every debt (settled too), every payment, the user's ticks.

    A payment compares the done items before and after it. Both come from one read: the debts are the session's
    own objects, so they show the payment once it is applied, and the new payment is added with ``paid``.
    """

    debts: list[Debt]  # settled included, oldest first
    payments: list[PaymentRow]  # oldest first (paid_at, then id)
    ticks: frozenset[str]

    @classmethod
    def load(cls, session: Session, owner_id: int, debts: list[Debt] | None = None) -> Progress:
        """Read the user's progress (``debts``: every debt of the user, when the caller has them already)."""
        if debts is None:
            debts = accounts.list_debts(session=session, owner_id=owner_id, include_settled=True)
        return cls(debts=debts, payments=accounts.payment_history(session=session, owner_id=owner_id),
                   ticks=accounts.tick_ids(session=session, owner_id=owner_id))

    def paid(self, payment: PaymentRow) -> None:
        """Count a payment made in this turn."""
        self.payments.append(payment)
        self.payments.sort(key=lambda p: (p[2], p[0]))

    def streak(self) -> int:
        """Count the most recent cycles paid on time, newest first, stopping at the first late one."""
        streak = 0
        seen: set[tuple[int, str]] = set()
        for _id, debt_id, _paid_at, cycle_due, on_time in reversed(self.payments):
            cycle = (debt_id, str(cycle_due))
            if cycle in seen:
                continue
            seen.add(cycle)
            if not on_time:
                break
            streak += 1
        return streak

    def facts(self, now: datetime, zone: ZoneInfo) -> RecoveryFacts:
        """The facts the recovery plan ticks items from."""
        debts = self.debts
        active = [d for d in debts if d.status == "active"]
        today = local_date(now, zone)
        currency = main_currency(active or debts)
        standings = [(d, standing_of(d, today)) for d in active]
        overdue = [(d, s) for d, s in standings if s.overdue]
        oldest = min(overdue, key=lambda pair: (pair[1].overdue_since or today, pair[0].id or 0), default=None)
        clears = tuple((d.creditor, d.record_clears_on) for d in debts
                       if d.record_clears_on is not None and d.record_clears_on >= today)
        total = sum((d.balance for d in active if d.currency == currency), Decimal(0))
        # The sum of every amount ever registered stands in for the peak: totals only fall by paying.
        peak = sum((d.original_amount for d in debts if d.currency == currency), Decimal(0))
        return RecoveryFacts(settled_debts=sum(1 for d in debts if d.status == "settled"), active_debts=len(active),
                             overdue_debts=len(overdue), on_time_streak=self.streak(),
                             reminders_enabled=not any(d.reminders_muted for d in active),
                             total_owed=total, peak_owed=peak,
                             oldest_overdue=None if oldest is None or oldest[1].overdue_since is None else
                             (oldest[0].creditor, oldest[1].overdue_since, oldest[1].overdue_days),
                             record_clears=clears)

    def done(self, now: datetime, zone: ZoneInfo) -> frozenset[str]:
        """Everything done: the user's ticks and what the bot ticks from the facts."""
        return self.ticks | auto_ticks(self.facts(now, zone))


def on_time_streak(session: Session, owner_id: int) -> int:
    """Count the most recent cycles paid on time, newest first, stopping at the first late one."""
    return Progress(debts=[], payments=accounts.payment_history(session=session, owner_id=owner_id),
                    ticks=frozenset()).streak()


def recovery_facts(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> RecoveryFacts:
    """Gather the facts the recovery plan ticks items from."""
    return Progress.load(session, owner_id).facts(now, zone)


def user_ticks(session: Session, owner_id: int) -> frozenset[str]:
    """The checklist items the user ticked themselves."""
    return accounts.tick_ids(session=session, owner_id=owner_id)


def done_items(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> frozenset[str]:
    """Everything done: the user's ticks and what the bot ticks from the facts."""
    return Progress.load(session, owner_id).done(now, zone)
