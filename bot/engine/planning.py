"""Turn debts and requests into rows of the schedule. Every row has an idempotency key, so re-planning is safe."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.core.schedule import Policy, local_date, overdue_nudge_times, pre_due_times, record_check_time
from bot.engine import schedule_status
from storage import schedule
from storage.models import Debt, User

DEBT_KINDS = ("pre_due", "due", "overdue")


def plan_row(session: Session, *, user: User, kind: str, fire_at: datetime, key: str, now: datetime,
             debt: Debt | None = None, respect_quiet: bool = True, payload: dict[str, Any] | None = None) -> bool:
    """Plan one message; return False when its key was already claimed, sent or failed (then nothing changes)."""
    return plan_row_id(session, user=user, kind=kind, fire_at=fire_at, key=key, now=now, debt=debt,
                       respect_quiet=respect_quiet, payload=payload) is not None


def plan_row_id(session: Session, *, user: User, kind: str, fire_at: datetime, key: str, now: datetime,
                debt: Debt | None = None, respect_quiet: bool = True, payload: dict[str, Any] | None = None) -> int | None:
    """``plan_row``, returning the id of the row now pending (None when its key was already claimed, sent or
    failed)."""
    return schedule.plan_reminder_values(session=session, values=_row(
        user, kind=kind, fire_at=fire_at, key=key, now=now, debt=debt, respect_quiet=respect_quiet, payload=payload))


def _row(user: User, *, kind: str, fire_at: datetime, key: str, now: datetime, debt: Debt | None,
         respect_quiet: bool, payload: dict[str, Any] | None) -> dict[str, Any]:
    """A schedule row as column values: a plain dict, as a validated model object costs more than storing it."""
    assert user.id is not None
    return {**schedule.REMINDER_DEFAULTS, "user_id": user.id, "debt_id": None if debt is None else debt.id,
            "kind": kind, "fire_at": fire_at, "idempotency_key": key,
            "payload": json.dumps(payload or {}, ensure_ascii=False), "respect_quiet": respect_quiet,
            "created_at": now}


def overdue_key(debt: Debt, nudge_day: str) -> str:
    """Key of the overdue nudge for one local day: at most one nudge per debt per day, by construction."""
    return f"debt:{debt.id}:{debt.due_date}:od:{nudge_day}"


def plan_debt(session: Session, *, user: User, debt: Debt, policy: Policy, now: datetime) -> None:
    """(Re)plan the reminders of a debt's current cycle: pre-due, due day, and the next overdue nudge."""
    assert user.id is not None and debt.id is not None
    schedule_status.cancel_planned(session, owner_id=user.id, debt_id=debt.id, kinds=DEBT_KINDS + ("snooze",))
    if debt.status != "active" or debt.reminders_muted or debt.due_date is None or debt.balance <= 0:
        return
    due = debt.due_date
    rows = []
    for lead, fire in pre_due_times(due, policy, now):
        rows.append(_row(user, debt=debt, kind="due" if lead == 0 else "pre_due", fire_at=fire, now=now,
                         key=f"debt:{debt.id}:{due}:lead{lead}", payload={"due": due.isoformat(), "lead": lead},
                         respect_quiet=True))
    schedule.plan_reminders_values(session=session, rows=rows)  # one statement for all: none needs its outcome
    plan_next_overdue(session, user=user, debt=debt, policy=policy, now=now)


def plan_next_overdue(session: Session, *, user: User, debt: Debt, policy: Policy, now: datetime) -> None:
    """Plan the next daily overdue nudge: the first day after the due date, or today/tomorrow if already late."""
    if debt.due_date is None:
        return
    for fire in overdue_nudge_times(debt.due_date, now, policy):
        nudge_day = local_date(fire, policy.zone).isoformat()
        if plan_row(session, user=user, debt=debt, kind="overdue", fire_at=fire, now=now,
                    key=overdue_key(debt, nudge_day), payload={"due": debt.due_date.isoformat()}):
            return
        # That day's nudge already went out (the clock was stepped back after it, or it is on its way right now).
        # Plan the next day's; otherwise ``plan_debt`` has just cancelled it and the debt would go quiet.


def plan_record_check(session: Session, *, user: User, debt: Debt, policy: Policy, now: datetime) -> None:
    """Plan the reminder to check the credit report on the day the debt's late record should have left it."""
    if debt.record_clears_on is None:
        return
    # One row per debt: a later overdue of the same debt moves the day, never adds a second one.
    schedule_status.cancel_planned(session, owner_id=user.id or 0, debt_id=debt.id, kinds=("record",))
    at = record_check_time(debt.record_clears_on, policy, now)
    plan_row(session, user=user, debt=debt, kind="record", fire_at=at, now=now,
             key=f"record:{debt.id}:{debt.record_clears_on.isoformat()}",
             payload={"clears": debt.record_clears_on.isoformat()})


def plan_snooze(session: Session, *, user: User, debt: Debt | None, until: datetime, now: datetime,
                payload: dict[str, Any]) -> None:
    """Bring a reminder back at the time the user picked (their choice, so quiet hours do not apply)."""
    kind = "snooze" if debt is not None else "custom"
    ident = debt.id if debt is not None else payload.get("root", "x")
    plan_row(session, user=user, debt=debt, kind=kind, fire_at=until, now=now, respect_quiet=False,
             key=f"snooze:{kind}:{ident}:{until.timestamp():.0f}", payload=payload)


def plan_custom(session: Session, *, user: User, at: datetime, task: str, rule: str | None, now: datetime,
                root: str) -> int | None:
    """Plan a free-form reminder the user timed themselves (quiet hours never move it); return the id of its row
    (None if that exact reminder was already sent)."""
    return plan_row_id(session, user=user, kind="custom", fire_at=at, now=now, respect_quiet=False,
             key=f"custom:{root}:{at.timestamp():.0f}", payload={"task": task, "rule": rule, "root": root,
                                                                  "local": at.isoformat()})
