"""The weekly digest and the scheduled tips: planned as rows of the schedule, written at send time."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.core.digest import DIGEST_WEEKDAY, TIP_WEEKDAY, compose_digest, digest_facts, next_weekday_slot
from bot.core.schedule import Policy, local_date
from bot.engine import planning, schedule_status
from bot.engine.progress import Progress
from storage import accounts
from storage.models import User


def digest_text(session: Session, user: User, now: datetime, policy: Policy) -> str | None:
    """Write the user's weekly digest, or None when they have never had a debt (nothing to sum up)."""
    debts = accounts.list_debts(session=session, owner_id=user.id or 0, include_settled=True)
    if not debts:
        return None
    progress = Progress.load(session, user.id or 0, debts)
    facts = digest_facts(debts, progress.streak(), progress.done(now, policy.zone), local_date(now, policy.zone))
    return None if facts is None else compose_digest(facts, user.language)


def plan_digest(session: Session, user: User, now: datetime, policy: Policy) -> None:
    """Plan the next weekly digest (a no-op when it is already planned or switched off, or before consent)."""
    if not user.digest_enabled or user.consent_at is None:
        schedule_status.cancel_planned(session, owner_id=user.id or 0, kinds=("digest",))
        return
    at = next_weekday_slot(now, policy, DIGEST_WEEKDAY)
    planning.plan_row(session, user=user, kind="digest", fire_at=at, now=now,
                      key=f"digest:{user.id}:{local_date(at, policy.zone)}")


def plan_tip(session: Session, user: User, now: datetime, policy: Policy) -> None:
    """Plan the next scheduled tip on the user's rhythm (weekly by default; none when switched off or before
    consent: changing a setting must not make the bot start writing to someone who never agreed)."""
    schedule_status.cancel_planned(session, owner_id=user.id or 0, kinds=("tip",))
    if user.tip_frequency not in ("weekly", "daily") or user.consent_at is None:
        return
    at = next_weekday_slot(now, policy, TIP_WEEKDAY, daily=user.tip_frequency == "daily")
    planning.plan_row(session, user=user, kind="tip", fire_at=at, now=now,
                      key=f"tip:{user.id}:{local_date(at, policy.zone)}")
