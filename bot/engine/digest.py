"""The weekly digest and the scheduled tips: planned as rows of the schedule, written at send time."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from bot.core.digest import DigestFacts, DueItem, OverdueItem, compose_digest
from bot.core.recovery import current_step, open_items
from bot.core.schedule import Policy, defer_out_of_quiet, local_date, local_instant
from bot.engine import planning
from bot.engine.cycles import standing_of
from bot.engine.progress import done_items, main_currency, on_time_streak
from storage import accounts, schedule
from storage.models import User

DIGEST_WEEKDAY = 0  # Monday: "what is due this week"
TIP_WEEKDAY = 3  # Thursday: away from the digest, so one day never carries both


def digest_text(session: Session, user: User, now: datetime, policy: Policy) -> str | None:
    """Write the user's weekly digest, or None when they have never had a debt (nothing to sum up)."""
    owner = user.id or 0
    debts = accounts.list_debts(session=session, owner_id=owner, include_settled=True)
    if not debts:
        return None
    active = [d for d in debts if d.status == "active"]
    currency = main_currency(active or debts)
    today = local_date(now, policy.zone)
    week_end = today + timedelta(days=6)
    standings = {d.id: standing_of(d, today) for d in active}
    # The current cycle's own part only: an overdue part carried from past cycles is never "due this week".
    due = [DueItem(d.creditor, d.due_date, standings[d.id].current_amount) for d in active
           if d.due_date is not None and today <= d.due_date <= week_end
           and standings[d.id].current_amount != 0]
    overdue = [OverdueItem(d.creditor, s.overdue_days, s.overdue_amount, s.overdue_since) for d in active
               if (s := standings[d.id]).overdue]
    clears = [(d.creditor, d.record_clears_on) for d in debts
              if d.record_clears_on is not None and d.record_clears_on >= today]
    done = done_items(session, owner, now, policy.zone)
    step = current_step(done)
    total = sum((d.balance for d in active if d.currency == currency), Decimal(0))
    facts = DigestFacts(today=today, total_owed=total, currency=currency, on_time_streak=on_time_streak(session, owner), next_step=step,
                        due_this_week=sorted(due, key=lambda i: i.due), overdue=overdue,
                        next_item_ids=open_items(step, done) if step <= 4 else (), record_clears=clears)
    return compose_digest(facts, user.language)


def _next_weekday_slot(now: datetime, policy: Policy, weekday: int, *, daily: bool = False) -> datetime:
    today = local_date(now, policy.zone)
    for offset in range(1, 9):
        day = today + timedelta(days=offset)
        if daily or day.weekday() == weekday:
            return defer_out_of_quiet(local_instant(day, policy.reminder_minute, policy.zone), policy.quiet,
                                      policy.zone)
    raise AssertionError("a week always has the weekday")


def plan_digest(session: Session, user: User, now: datetime, policy: Policy) -> None:
    """Plan the next weekly digest (a no-op when it is already planned or switched off, or before consent)."""
    if not user.digest_enabled or user.consent_at is None:
        schedule.cancel_reminders(session=session, owner_id=user.id or 0, kinds=("digest",))
        return
    at = _next_weekday_slot(now, policy, DIGEST_WEEKDAY)
    planning.plan_row(session, user=user, kind="digest", fire_at=at, now=now,
                      key=f"digest:{user.id}:{local_date(at, policy.zone)}")


def plan_tip(session: Session, user: User, now: datetime, policy: Policy) -> None:
    """Plan the next scheduled tip on the user's rhythm (weekly by default; none when switched off or before
    consent: changing a setting must not make the bot start writing to someone who never agreed)."""
    schedule.cancel_reminders(session=session, owner_id=user.id or 0, kinds=("tip",))
    if user.tip_frequency not in ("weekly", "daily") or user.consent_at is None:
        return
    at = _next_weekday_slot(now, policy, TIP_WEEKDAY, daily=user.tip_frequency == "daily")
    planning.plan_row(session, user=user, kind="tip", fire_at=at, now=now,
                      key=f"tip:{user.id}:{local_date(at, policy.zone)}")
