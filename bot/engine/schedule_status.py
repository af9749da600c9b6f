"""The one writer of a schedule row's status once it is planned.

Every change of status goes through here: the verdict on a claimed row (``bot.core.delivery``) at send time,
the outcome of a delivery (the dispatcher in ``jobs``), re-planning that cancels what no longer applies, and
pausing or resuming a user's whole schedule. The statements themselves are the schedule queue's, in storage;
claiming a row and returning a stale claim are the queue's own mechanics and stay there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core import delivery
from bot.core.delivery import HOLD, PAUSE, SEND, Action, Verdict
from storage import accounts, schedule
from storage.models import Reminder, ReminderStatus

# "paused" has no ReminderStatus member yet: the row waits for the user's return (``resume_schedule``).
STATUS_OF = {Action.SEND: ReminderStatus.SENT, Action.CANCEL: ReminderStatus.CANCELLED, Action.PAUSE: "paused",
             Action.HOLD: ReminderStatus.HELD, Action.FAIL: ReminderStatus.FAILED}


def settle(session: Session, ids: Sequence[int], verdict: Verdict, now: datetime) -> None:
    """Write ``verdict`` on the claimed rows ``ids``: sent, cancelled, paused, held or failed in one statement;
    deferred or capped rows back to pending for ``verdict.until``."""
    if verdict.action in (Action.DEFER, Action.CAP):
        assert verdict.until is not None
        for row_id in ids:
            if verdict.attempts is not None:
                row = session.get(Reminder, row_id)
                if row is not None:
                    accounts.write_fields(session=session, row=row, values={"attempts": verdict.attempts})
            schedule.retry_reminder_later(session=session, reminder_id=row_id, fire_at=verdict.until, error=verdict.note)
        return
    schedule.mark_reminders(session=session, ids=ids, status=STATUS_OF[verdict.action], now=now, error=verdict.note)


def delivered(session: Session, ids: Sequence[int], now: datetime) -> None:
    """The channel took the message of rows ``ids``: they are sent."""
    settle(session, ids, SEND, now)


def held(session: Session, ids: Sequence[int], now: datetime) -> None:
    """The channel may not push to the user now: the rows wait for the user's next message."""
    settle(session, ids, HOLD, now)


def paused(session: Session, ids: Sequence[int], now: datetime) -> None:
    """The user blocked the bot: the rows wait, unsent, until they write again."""
    settle(session, ids, PAUSE, now)


def failed_delivery(session: Session, row_id: int, *, error: str, now: datetime, max_attempts: int,
                    delay: timedelta | None = None, count_attempt: bool = True) -> Verdict | None:
    """A delivery of row ``row_id`` failed: retry it later or give it up (``bot.core.delivery.after_failure``
    decides from the row's attempt count). Returns the verdict written, None when the row is gone."""
    row = session.get(Reminder, row_id)
    if row is None:
        return None
    verdict = delivery.after_failure(attempts=row.attempts, max_attempts=max_attempts, error=error, now=now,
                                     delay=delay, count_attempt=count_attempt)
    settle(session, [row_id], verdict, now)
    return verdict


def cancel_planned(session: Session, *, owner_id: int, debt_id: int | None = None,
                   kinds: Iterable[str] | None = None) -> int:
    """Cancel the owner's pending (and held) rows, for one debt and/or some kinds: re-planning, a deleted or muted
    debt, a setting switched off. Returns how many."""
    return schedule.cancel_reminders(session=session, owner_id=owner_id, debt_id=debt_id, kinds=kinds)


def pause_schedule(session: Session, owner_id: int) -> None:
    """The user paused the bot or blocked it: their pending rows wait, unsent, until they write again."""
    schedule.hold_user_schedule(session=session, owner_id=owner_id)


def resume_schedule(session: Session, owner_id: int) -> None:
    """The user is back: what waited is pending again."""
    schedule.resume_user_schedule(session=session, owner_id=owner_id)


def take_held(session: Session, owner_id: int) -> list[Reminder]:
    """The rows held for the user's next message, claimed for delivery with this turn's replies."""
    return schedule.take_held_reminders(session=session, owner_id=owner_id)
