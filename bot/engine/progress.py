"""What the bot knows about a user's progress: recovery facts, the on-time streak, and the done checklist."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.recovery import RecoveryFacts, auto_ticks
from bot.core.schedule import local_date
from storage import repo
from storage.models import Debt


def main_currency(debts: list[Debt]) -> str:
    """The currency most of the user's debts are in (plans and totals are made in one currency)."""
    counts = Counter(d.currency for d in debts)
    return counts.most_common(1)[0][0] if counts else "CNY"


def on_time_streak(session: Session, owner_id: int) -> int:
    """Count the most recent cycles paid on time, newest first, stopping at the first late one."""
    streak = 0
    seen: set[tuple[int, str]] = set()
    for payment in reversed(repo.list_payments(session=session, owner_id=owner_id)):
        cycle = (payment.debt_id, str(payment.cycle_due))
        if cycle in seen:
            continue
        seen.add(cycle)
        if not payment.on_time:
            break
        streak += 1
    return streak


def recovery_facts(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> RecoveryFacts:
    """Gather the facts the recovery plan ticks items from."""
    debts = repo.list_debts(session=session, owner_id=owner_id, include_settled=True)
    active = [d for d in debts if d.status == "active"]
    today = local_date(now, zone)
    currency = main_currency(active or debts)
    overdue = [d for d in active if d.due_date is not None and d.due_date < today and d.balance > 0]
    total = sum((d.balance for d in active if d.currency == currency), Decimal(0))
    # The sum of every amount ever registered stands in for the peak: totals only fall by paying.
    peak = sum((d.original_amount for d in debts if d.currency == currency), Decimal(0))
    return RecoveryFacts(settled_debts=sum(1 for d in debts if d.status == "settled"), active_debts=len(active),
                         overdue_debts=len(overdue), on_time_streak=on_time_streak(session, owner_id),
                         reminders_enabled=not any(d.reminders_muted for d in active),
                         total_owed=total, peak_owed=peak)


def user_ticks(session: Session, owner_id: int) -> frozenset[str]:
    """The checklist items the user ticked themselves."""
    return frozenset(t.item_id for t in repo.list_ticks(session=session, owner_id=owner_id))


def done_items(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> frozenset[str]:
    """Everything done: the user's ticks and what the bot ticks from the facts."""
    return user_ticks(session, owner_id) | auto_ticks(recovery_facts(session, owner_id, now, zone))
