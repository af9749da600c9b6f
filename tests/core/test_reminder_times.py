"""When planned messages fire, in the user's zone: pre-due and overdue nudges, the record check, repeating
reminders, the digest and tip slots; and the weekly digest's facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from bot.core.digest import DIGEST_WEEKDAY, TIP_WEEKDAY, digest_facts, next_weekday_slot
from bot.core.overdue import Cycle, cycle_of, instalment_next_due, roll_unpaid
from bot.core.schedule import (
    Policy,
    QuietHours,
    next_repeat,
    overdue_nudge_times,
    pre_due_times,
    record_check_time,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
POLICY = Policy(zone=SHANGHAI, reminder_minute=10 * 60, lead_days=(3, 1, 0), quiet=QuietHours(22 * 60, 8 * 60))
MONTHLY_10 = "FREQ=MONTHLY;BYMONTHDAY=10"


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def test_pre_due_reminders_still_ahead_at_the_users_reminder_time() -> None:
    now = local(SHANGHAI, 2027, 3, 8, 12, 0)  # after the 3-days-before slot (7 March)
    assert pre_due_times(date(2027, 3, 10), POLICY, now) == [
        (1, local(SHANGHAI, 2027, 3, 9, 10, 0)), (0, local(SHANGHAI, 2027, 3, 10, 10, 0))]


def test_overdue_nudges_start_the_day_after_the_due_date() -> None:
    before = local(SHANGHAI, 2027, 3, 9, 12, 0)
    assert overdue_nudge_times(date(2027, 3, 10), before, POLICY) == [
        local(SHANGHAI, 2027, 3, 11, 10, 0), local(SHANGHAI, 2027, 3, 12, 10, 0)]


def test_when_already_late_the_nudge_is_today_or_tomorrow_once_todays_time_passed() -> None:
    morning = local(SHANGHAI, 2027, 3, 15, 9, 0)
    assert overdue_nudge_times(date(2027, 3, 10), morning, POLICY)[0] == local(SHANGHAI, 2027, 3, 15, 10, 0)
    evening = local(SHANGHAI, 2027, 3, 15, 19, 0)
    assert overdue_nudge_times(date(2027, 3, 10), evening, POLICY)[0] == local(SHANGHAI, 2027, 3, 16, 10, 0)


def test_a_reminder_time_inside_quiet_hours_moves_to_their_end() -> None:
    early = Policy(zone=SHANGHAI, reminder_minute=6 * 60, quiet=QuietHours(22 * 60, 8 * 60))
    assert overdue_nudge_times(date(2027, 3, 10), local(SHANGHAI, 2027, 3, 9, 12, 0), early)[0] == \
        local(SHANGHAI, 2027, 3, 11, 8, 0)


def test_the_record_check_is_on_its_day_or_now_when_that_day_passed() -> None:
    now = local(SHANGHAI, 2027, 3, 15, 12, 0)
    assert record_check_time(date(2032, 3, 1), POLICY, now) == local(SHANGHAI, 2032, 3, 1, 10, 0)
    assert record_check_time(date(2027, 3, 1), POLICY, now) == now


def test_every_day_at_nine_stays_at_nine_across_daylight_saving() -> None:
    # Stored on 13 March (EST, -05:00); the next one, on the 14th, is 09:00 EDT.
    stored = datetime(2027, 3, 13, 9, 0, tzinfo=NEW_YORK).isoformat()
    following = next_repeat("FREQ=DAILY", stored, NEW_YORK, local(NEW_YORK, 2027, 3, 13, 9, 0))
    assert following is not None
    assert (following.day, following.hour, following.minute) == (14, 9, 0)
    assert following.astimezone(UTC) == datetime(2027, 3, 14, 13, 0, tzinfo=UTC)


def test_a_repeating_reminder_caught_up_late_comes_back_once_not_for_every_missed_day() -> None:
    stored = datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI).isoformat()
    following = next_repeat("FREQ=DAILY", stored, SHANGHAI, local(SHANGHAI, 2027, 3, 15, 12, 0))
    assert following == datetime(2027, 3, 16, 9, 0, tzinfo=SHANGHAI)
    assert next_repeat(None, stored, SHANGHAI, local(SHANGHAI, 2027, 3, 15, 12, 0)) is None  # a one-off


def test_the_digest_comes_on_the_next_monday_and_tips_on_thursday_at_the_reminder_time() -> None:
    monday = local(SHANGHAI, 2027, 3, 15, 10, 0)  # a Monday: the next digest is a week later
    assert next_weekday_slot(monday, POLICY, DIGEST_WEEKDAY) == local(SHANGHAI, 2027, 3, 22, 10, 0)
    assert next_weekday_slot(monday, POLICY, TIP_WEEKDAY) == local(SHANGHAI, 2027, 3, 18, 10, 0)
    assert next_weekday_slot(monday, POLICY, TIP_WEEKDAY, daily=True) == local(SHANGHAI, 2027, 3, 16, 10, 0)


@dataclass
class StoredDebt:
    id: int
    creditor: str
    balance: D
    original_amount: D
    due_date: date | None
    currency: str = "CNY"
    status: str = "active"
    reminders_muted: bool = False
    record_clears_on: date | None = None
    overdue_since: date | None = None
    carried_overdue: D | None = None
    awaiting_bill: bool = False


def test_a_part_carried_from_past_cycles_is_overdue_never_due_this_week() -> None:
    card = StoredDebt(1, "招行", D(1800), D(800), date(2027, 3, 18), overdue_since=date(2027, 2, 18),
                      carried_overdue=D(1000))
    facts = digest_facts([card], streak=0, done=frozenset(), today=date(2027, 3, 15))
    assert facts is not None
    assert [(i.name, i.due, i.amount) for i in facts.due_this_week] == [("招行", date(2027, 3, 18), D(800))]
    assert [(o.name, o.amount, o.since, o.days_overdue) for o in facts.overdue] == [
        ("招行", D(1000), date(2027, 2, 18), 25)]
    assert facts.total_owed == D(1800)
    assert digest_facts([], streak=0, done=frozenset(), today=date(2027, 3, 15)) is None  # never had a debt


def test_an_unpaid_bill_rolls_once_to_the_newest_cycle_keeping_its_first_missed_day() -> None:
    stored = StoredDebt(1, "花呗", D(500), D(500), date(2026, 12, 10))
    rolled = roll_unpaid(cycle_of(stored), MONTHLY_10, date(2027, 3, 15))
    assert rolled == Cycle(date(2027, 3, 10), D(500), D(500), overdue_since=date(2026, 12, 10),
                           carried_overdue=D(500), awaiting_bill=True)
    assert roll_unpaid(rolled, MONTHLY_10, date(2027, 3, 15)) is None  # already the newest: nothing rolls again


def test_an_instalment_payment_moves_to_the_next_period_but_never_past_the_last() -> None:
    assert instalment_next_due(date(2027, 3, 10), MONTHLY_10, date(2027, 6, 10), D(300), D(300)) == date(2027, 4, 10)
    assert instalment_next_due(date(2027, 3, 10), MONTHLY_10, date(2027, 6, 10), D(300), D(299)) is None  # short
    assert instalment_next_due(date(2027, 6, 10), MONTHLY_10, date(2027, 6, 10), D(300), D(300)) is None  # last
