"""A user's progress read from storage: the debts, payments and ticks, handed to ``bot.core.progress``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core import progress as core
from bot.core.progress import PaymentRow, main_currency
from bot.core.recovery import RecoveryFacts, auto_ticks
from bot.core.schedule import local_date
from storage import accounts
from storage.models import Debt

__all__ = ["PaymentRow", "Progress", "done_items", "main_currency", "on_time_streak", "recovery_facts", "user_ticks"]


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
        return core.on_time_streak(self.payments)

    def facts(self, now: datetime, zone: ZoneInfo) -> RecoveryFacts:
        """The facts the recovery plan ticks items from."""
        return core.recovery_facts(self.debts, self.payments, local_date(now, zone))

    def done(self, now: datetime, zone: ZoneInfo) -> frozenset[str]:
        """Everything done: the user's ticks and what the bot ticks from the facts."""
        return self.ticks | auto_ticks(self.facts(now, zone))


def on_time_streak(session: Session, owner_id: int) -> int:
    """Count the most recent cycles paid on time, newest first, stopping at the first late one."""
    return core.on_time_streak(accounts.payment_history(session=session, owner_id=owner_id))


def recovery_facts(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> RecoveryFacts:
    """Gather the facts the recovery plan ticks items from."""
    return Progress.load(session, owner_id).facts(now, zone)


def user_ticks(session: Session, owner_id: int) -> frozenset[str]:
    """The checklist items the user ticked themselves."""
    return accounts.tick_ids(session=session, owner_id=owner_id)


def done_items(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> frozenset[str]:
    """Everything done: the user's ticks and what the bot ticks from the facts."""
    return Progress.load(session, owner_id).done(now, zone)
