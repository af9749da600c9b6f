"""What becomes of a claimed schedule row: the delivery verdict. Pure: the facts and ``now`` are passed in.

A row planned days ago may no longer fit when it comes due. The verdict says what to do with it, and
``bot.engine.schedule_status`` is the one place that writes the verdict on the row:

- ``SEND``: say it now (written as ``sent`` once the channel took it);
- ``DEFER``: back to pending until ``until``: quiet hours end, or a retry after a network error or a 429;
- ``CAP``: the user had their daily share of messages the bot starts: back to pending for tomorrow;
- ``CANCEL``: nothing worth saying any more (the debt was paid, muted or deleted; the user is gone);
- ``PAUSE``: the user paused the bot or blocked it: the row waits, unsent, until they write again;
- ``HOLD``: the channel may not push to the user now: delivered with their next message;
- ``FAIL``: given up after too many failed attempts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.schedule import Policy, defer_out_of_quiet, local_instant, start_of_local_day

# The kinds the bot starts on its own: the daily cap counts these (a reminder the user timed is never capped).
BOT_INITIATED = ("pre_due", "due", "overdue", "tip", "digest", "bill", "record")
CAP_NOTE = "daily cap"
MAX_BACKOFF_SECONDS = 3600
FIRST_BACKOFF_SECONDS = 30


class Action(StrEnum):
    """What to do with a claimed row."""

    SEND = "send"
    DEFER = "defer"
    CAP = "cap"
    CANCEL = "cancel"
    PAUSE = "pause"
    HOLD = "hold"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A decision about one or more claimed rows.

    ``until``: when a deferred or capped row comes back; ``note``: why, kept on the row; ``attempts``: the
    attempt count to store instead of the claimed one (a wait the platform asked for is not a failed attempt).
    """

    action: Action
    until: datetime | None = None
    note: str | None = None
    attempts: int | None = None

    @property
    def failed(self) -> bool:
        """Whether the row was given up."""
        return self.action is Action.FAIL


SEND = Verdict(Action.SEND)
CANCEL = Verdict(Action.CANCEL)
PAUSE = Verdict(Action.PAUSE)
HOLD = Verdict(Action.HOLD)


def for_user(*, known: bool, paused: bool) -> Verdict:
    """The verdict on every claimed row of a user before any row is looked at: the user was deleted (cancel),
    paused the bot (pause), or each row is decided on its own (``SEND``)."""
    if not known:
        return CANCEL
    if paused:
        return PAUSE
    return SEND


class DebtNow(Protocol):
    """What a debt reminder is checked against at send time (a stored ``Debt`` has these)."""

    @property
    def status(self) -> str: ...
    @property
    def reminders_muted(self) -> bool: ...
    @property
    def balance(self) -> Decimal: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def awaiting_bill(self) -> bool: ...
    @property
    def record_clears_on(self) -> date | None: ...


def debt_reminder_applies(debt: DebtNow | None, *, kind: str, planned_due: object) -> bool:
    """A due or overdue reminder (or a snooze) still has something true to say: the user's debt is there, active,
    not muted, owed and dated, and (but for a snooze, which follows the debt) the row was planned for the cycle
    the debt is in now (``planned_due``: the ISO due date the row was planned for)."""
    if debt is None or debt.status != "active" or debt.reminders_muted or debt.balance <= 0 or debt.due_date is None:
        return False
    return kind == "snooze" or planned_due == debt.due_date.isoformat()


def bill_question_applies(debt: DebtNow | None) -> bool:
    """Asking for a new cycle's bill still makes sense: the debt is active and its bill is not confirmed yet."""
    return debt is not None and debt.status == "active" and debt.awaiting_bill and debt.due_date is not None


def record_check_applies(debt: DebtNow | None, *, planned_clears: object) -> bool:
    """The check of the credit report was planned for the day the debt's late record leaves it, and that day has
    not moved since (a later overdue of the same debt moves it)."""
    return (debt is not None and debt.record_clears_on is not None
            and planned_clears == debt.record_clears_on.isoformat())


def daily_budget(cap: int, sent_at: Iterable[datetime], now: datetime, zone: ZoneInfo) -> int:
    """How many messages the bot may still start on the user's local day: rows acknowledged together (one
    message) share their ``sent_at``, so distinct instants since local midnight are counted."""
    since = start_of_local_day(now, zone)
    return cap - sum(1 for at in set(sent_at) if at >= since)


def for_row(*, has_content: bool, kind: str, respect_quiet: bool, budget_left: int, now: datetime,
            policy: Policy) -> Verdict:
    """Decide a claimed row at send time.

    ``has_content``: there is still something true to say (the debt is active, unpaid and in the cycle the row
    was planned for; the tip or digest is on). Checked in this order: nothing to say cancels; quiet hours defer
    to their end in the user's zone (unless the user chose the time); a used-up daily cap moves a message the
    bot starts to tomorrow's reminder time, out of quiet hours.
    """
    if not has_content:
        return CANCEL
    if respect_quiet and policy.quiet.contains(now.astimezone(policy.zone)):
        return Verdict(Action.DEFER, until=defer_out_of_quiet(now, policy.quiet, policy.zone))
    if kind in BOT_INITIATED and budget_left <= 0:
        tomorrow = local_instant(now.astimezone(policy.zone).date() + timedelta(days=1), policy.reminder_minute,
                                 policy.zone)
        return Verdict(Action.CAP, until=defer_out_of_quiet(tomorrow, policy.quiet, policy.zone), note=CAP_NOTE)
    return SEND


def after_failure(*, attempts: int, max_attempts: int, error: str, now: datetime, delay: timedelta | None = None,
                  count_attempt: bool = True) -> Verdict:
    """Decide a row whose delivery failed (``attempts``: counted so far, this one included).

    Retried later with exponential backoff (30 s, 1 min, 2 min … at most an hour), or after ``delay`` when the
    platform said how long to wait; given up after ``max_attempts``. A wait the platform asked for
    (``count_attempt=False``) is not a failed attempt and never gives up.
    """
    if count_attempt and attempts >= max_attempts:
        return Verdict(Action.FAIL, note=error)
    if not count_attempt:
        attempts = max(0, attempts - 1)
    backoff = delay or timedelta(seconds=min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)))
    return Verdict(Action.DEFER, until=now + backoff, note=error, attempts=None if count_attempt else attempts)
