"""What becomes of a claimed reminder at send time: send, defer, cap, cancel; and after a failed delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from bot.core.delivery import (
    Action,
    after_failure,
    bill_question_applies,
    daily_budget,
    debt_reminder_applies,
    for_row,
    for_user,
    record_check_applies,
)
from bot.core.schedule import Policy, QuietHours

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
POLICY = Policy(zone=SHANGHAI, reminder_minute=10 * 60, quiet=QuietHours(22 * 60, 8 * 60))


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def decide(now: datetime, *, kind: str = "overdue", has_content: bool = True, respect_quiet: bool = True,
           budget_left: int = 3, policy: Policy = POLICY) -> tuple[Action, datetime | None, str | None]:
    verdict = for_row(has_content=has_content, kind=kind, respect_quiet=respect_quiet, budget_left=budget_left,
                      now=now, policy=policy)
    return verdict.action, verdict.until, verdict.note


def test_a_reminder_in_the_day_is_sent() -> None:
    assert decide(local(SHANGHAI, 2027, 3, 15, 10, 0)) == (Action.SEND, None, None)


def test_a_reminder_in_quiet_hours_waits_for_their_end_in_the_users_zone() -> None:
    # 23:30 in Shanghai: quiet until 08:00 the next morning, Shanghai time.
    assert decide(local(SHANGHAI, 2027, 3, 15, 23, 30)) == (Action.DEFER, local(SHANGHAI, 2027, 3, 16, 8, 0), None)
    # 03:00 is quiet too: it ends the same morning.
    assert decide(local(SHANGHAI, 2027, 3, 16, 3, 0))[:2] == (Action.DEFER, local(SHANGHAI, 2027, 3, 16, 8, 0))
    # The same instant for a user in New York is mid-morning there: sent.
    new_york = Policy(zone=NEW_YORK, quiet=QuietHours(22 * 60, 8 * 60))
    assert decide(local(SHANGHAI, 2027, 3, 15, 23, 30), policy=new_york)[0] is Action.SEND


def test_quiet_hours_end_at_local_eight_across_a_daylight_saving_change() -> None:
    # New York springs forward on 14 March 2027: 23:00 on the 13th waits until 08:00 EDT, not 08:00 EST.
    new_york = Policy(zone=NEW_YORK, quiet=QuietHours(22 * 60, 8 * 60))
    action, until, _ = decide(local(NEW_YORK, 2027, 3, 13, 23, 0), policy=new_york)
    assert action is Action.DEFER and until is not None
    assert (until.astimezone(NEW_YORK).hour, until.astimezone(NEW_YORK).minute) == (8, 0)
    assert until == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)


def test_a_time_the_user_chose_is_kept_even_in_quiet_hours() -> None:
    assert decide(local(SHANGHAI, 2027, 3, 15, 23, 30), kind="custom", respect_quiet=False)[0] is Action.SEND


def test_nothing_left_to_say_cancels_whatever_the_hour() -> None:
    # The debt was paid (or deleted, or muted): nothing is sent, not even after quiet hours.
    assert decide(local(SHANGHAI, 2027, 3, 15, 10, 0), has_content=False)[0] is Action.CANCEL
    assert decide(local(SHANGHAI, 2027, 3, 15, 23, 0), has_content=False)[0] is Action.CANCEL


def test_the_daily_cap_moves_what_the_bot_starts_to_tomorrows_reminder_time() -> None:
    action, until, note = decide(local(SHANGHAI, 2027, 3, 15, 18, 0), budget_left=0)
    assert (action, until, note) == (Action.CAP, local(SHANGHAI, 2027, 3, 16, 10, 0), "daily cap")
    # A reminder the user set themselves is never capped.
    assert decide(local(SHANGHAI, 2027, 3, 15, 18, 0), kind="custom", respect_quiet=False, budget_left=0)[0] \
        is Action.SEND


def test_a_cap_whose_reminder_time_is_in_quiet_hours_waits_for_their_end() -> None:
    early = Policy(zone=SHANGHAI, reminder_minute=7 * 60, quiet=QuietHours(22 * 60, 8 * 60))
    assert decide(local(SHANGHAI, 2027, 3, 15, 18, 0), budget_left=0, policy=early)[:2] == (
        Action.CAP, local(SHANGHAI, 2027, 3, 16, 8, 0))


def test_the_daily_budget_counts_messages_of_the_users_local_day() -> None:
    now = local(SHANGHAI, 2027, 3, 15, 9, 0)
    sent = [local(SHANGHAI, 2027, 3, 14, 23, 0),  # yesterday, Shanghai time (15:00 UTC on the 14th)
            local(SHANGHAI, 2027, 3, 15, 0, 30), local(SHANGHAI, 2027, 3, 15, 0, 30),  # one message, two rows
            local(SHANGHAI, 2027, 3, 15, 8, 0)]
    assert daily_budget(3, sent, now, SHANGHAI) == 1
    assert daily_budget(2, sent, now, SHANGHAI) == 0


def test_a_deleted_user_is_cancelled_and_a_paused_one_waits() -> None:
    assert for_user(known=False, paused=False).action is Action.CANCEL
    assert for_user(known=True, paused=True).action is Action.PAUSE
    assert for_user(known=True, paused=False).action is Action.SEND


def test_failed_deliveries_back_off_then_give_up() -> None:
    now = datetime(2027, 3, 15, 2, 0, tzinfo=UTC)
    waits = [after_failure(attempts=n, max_attempts=5, error="channel unavailable", now=now) for n in range(1, 5)]
    assert [v.action for v in waits] == [Action.DEFER] * 4
    assert [v.until - now for v in waits if v.until] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert all(v.note == "channel unavailable" and v.attempts is None for v in waits)
    last = after_failure(attempts=5, max_attempts=5, error="channel unavailable", now=now)
    assert last.failed and last.note == "channel unavailable"


def test_the_backoff_never_exceeds_an_hour() -> None:
    now = datetime(2027, 3, 15, 2, 0, tzinfo=UTC)
    assert after_failure(attempts=40, max_attempts=99, error="x", now=now).until == now + timedelta(hours=1)


def test_a_wait_the_platform_asked_for_is_not_a_failed_attempt() -> None:
    now = datetime(2027, 3, 15, 2, 0, tzinfo=UTC)
    verdict = after_failure(attempts=5, max_attempts=5, error="rate limited", now=now, delay=timedelta(seconds=7),
                            count_attempt=False)
    assert verdict.action is Action.DEFER and verdict.until == now + timedelta(seconds=7)
    assert verdict.attempts == 4  # the claim's attempt is given back


@dataclass
class DebtNow:
    status: str = "active"
    reminders_muted: bool = False
    balance: D = D(800)
    due_date: date | None = date(2027, 3, 10)
    awaiting_bill: bool = False
    record_clears_on: date | None = None


def test_a_debt_reminder_is_worth_sending_only_while_the_debt_is_owed_in_the_planned_cycle() -> None:
    planned = "2027-03-10"
    assert debt_reminder_applies(DebtNow(), kind="overdue", planned_due=planned)
    assert not debt_reminder_applies(None, kind="overdue", planned_due=planned)  # deleted
    assert not debt_reminder_applies(DebtNow(balance=D(0), status="settled"), kind="due", planned_due=planned)
    assert not debt_reminder_applies(DebtNow(reminders_muted=True), kind="pre_due", planned_due=planned)
    # The bill moved to its next cycle since the row was planned: that cycle's own reminders speak for it.
    assert not debt_reminder_applies(DebtNow(due_date=date(2027, 4, 10)), kind="overdue", planned_due=planned)
    # A snooze the user asked for follows the debt into its new cycle.
    assert debt_reminder_applies(DebtNow(due_date=date(2027, 4, 10)), kind="snooze", planned_due=planned)


def test_the_bill_question_and_the_record_check_lapse_when_answered_or_moved() -> None:
    assert bill_question_applies(DebtNow(awaiting_bill=True))
    assert not bill_question_applies(DebtNow(awaiting_bill=False))  # the user already gave the amount
    assert not bill_question_applies(DebtNow(awaiting_bill=True, status="settled"))
    cleared = DebtNow(status="settled", balance=D(0), record_clears_on=date(2032, 3, 1))
    assert record_check_applies(cleared, planned_clears="2032-03-01")
    assert not record_check_applies(cleared, planned_clears="2031-11-20")  # a later overdue moved the day
    assert not record_check_applies(None, planned_clears="2032-03-01")
