"""Reminder planning across zones, daylight saving, recurring bills and the daily cap."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.channels.base import Senders
from bot.core.schedule import (
    Policy,
    QuietHours,
    defer_out_of_quiet,
    local_instant,
    next_cycle_due,
    pre_due_slots,
)
from bot.engine import planning
from bot.engine.engine import Engine
from jobs.limiter import NoLimiter
from jobs.reminders import Dispatcher
from storage.models import Debt, Reminder, User
from tests.builders import Chat, run_dispatcher
from tests.fakes import FrozenClock, RecordingSender


async def run_until(engine: Engine, clock: FrozenClock, sender: RecordingSender, until: datetime,
                    step: timedelta) -> None:
    dispatcher = Dispatcher(engine.database, engine, Senders({"console": sender}), clock, NoLimiter())
    await run_dispatcher(dispatcher, clock, until, step)


@pytest.mark.parametrize(
    ("zone", "due", "expected_utc"),
    [
        # New York leaves daylight saving on Sun 1 Nov 2026: 10:00 local is 14:00 UTC before, 15:00 after.
        ("America/New_York", date(2026, 11, 2), ["2026-10-30 14:00", "2026-11-01 15:00", "2026-11-02 15:00"]),
        # London enters summer time on Sun 28 Mar 2027: 10:00 local is 10:00 UTC before, 09:00 after.
        ("Europe/London", date(2027, 3, 29), ["2027-03-26 10:00", "2027-03-28 09:00", "2027-03-29 09:00"]),
        ("Asia/Shanghai", date(2026, 12, 10), ["2026-12-07 02:00", "2026-12-09 02:00", "2026-12-10 02:00"]),
    ],
)
def test_pre_due_reminders_stay_at_ten_local_across_daylight_saving(zone: str, due: date,
                                                                    expected_utc: list[str]) -> None:
    policy = Policy(zone=ZoneInfo(zone))
    slots = [at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for _, at in pre_due_slots(due, policy)]
    assert slots == expected_utc


def test_a_wall_time_skipped_by_spring_forward_moves_forward() -> None:
    at = local_instant(date(2027, 3, 14), 2 * 60 + 30, ZoneInfo("America/New_York"))
    assert at.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") == "03:30"


@pytest.mark.parametrize(
    ("local", "expected"),
    [("2026-11-28 23:10", "2026-11-29 08:00"), ("2026-11-29 03:00", "2026-11-29 08:00"),
     ("2026-11-29 12:00", "2026-11-29 12:00")],
)
def test_quiet_hours_defer_to_their_end(local: str, expected: str) -> None:
    zone = ZoneInfo("Asia/Shanghai")
    instant = datetime.fromisoformat(local).replace(tzinfo=zone)
    moved = defer_out_of_quiet(instant, QuietHours(), zone)
    assert moved.astimezone(zone).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize(
    ("current", "rule", "expected"),
    [(date(2027, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", date(2027, 2, 28)),
     (date(2028, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", date(2028, 2, 29)),
     (date(2027, 2, 28), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", date(2027, 3, 31)),
     (date(2026, 12, 10), "FREQ=MONTHLY;BYMONTHDAY=10", date(2027, 1, 10)),
     (date(2026, 11, 30), "FREQ=MONTHLY;BYMONTHDAY=-1", date(2026, 12, 31))],
)
def test_monthly_rules_fall_on_the_last_day_of_shorter_months(current: date, rule: str, expected: date) -> None:
    assert next_cycle_due(current, rule) == expected


async def test_changing_zone_keeps_local_reminder_times(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("/settings")
    chat.press("s:tz")
    chat.say("伦敦")
    assert "Europe/London" in chat.text()
    chat.press("s:tz:ok")
    with Session(engine.database) as s:
        pending = [r for r in s.exec(select(Reminder)) if r.status == "pending" and r.kind != "overdue"]
    london = ZoneInfo("Europe/London")
    assert sorted(r.fire_at.astimezone(london).strftime("%m-%d %H:%M") for r in pending) == [
        "12-07 10:00", "12-09 10:00", "12-10 10:00"]


async def test_a_monthly_bill_paid_rolls_to_the_next_cycle_and_asks_the_new_amount(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡5200，每月31号还")
    chat.press("确认")
    chat.say("还了5200")
    assert "下一期" in chat.text() and "12月31日" in chat.text()
    chat.say("4800")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    assert (debt.due_date, debt.balance, debt.status) == (date(2026, 12, 31), 4800, "active")


async def test_an_unpaid_monthly_bill_moves_to_its_next_cycle_when_that_comes(engine: Engine,
                                                                            clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("招行信用卡5200，每月31号还")
    chat.press("确认")
    sender = RecordingSender()
    await run_until(engine, clock, sender, datetime(2026, 12, 31, 3, tzinfo=UTC), timedelta(hours=1))
    texts = sender.texts()
    assert any("已逾期 1 天" in t for t in texts)
    assert any("新一期账单" in t and "12月31日" in t for t in texts)
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    assert debt.due_date == date(2026, 12, 31) and debt.awaiting_bill
    chat.last = [r for _, r in sender.sent if "新一期账单" in r.text]
    chat.say("6100")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    # The new bill is this cycle's own part; the unpaid 5,200 stays owed, carried apart with its first missed date.
    assert (debt.original_amount, debt.carried_overdue, debt.balance) == (6100, 5200, 11300)
    assert debt.overdue_since is not None and debt.overdue_since < date(2026, 12, 31)


async def test_several_debts_due_in_one_slot_come_as_one_message(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    for text in ("花呗欠了3000元，12月10号要还", "借呗欠了2000元，12月10号要还"):
        chat.say(text)
        chat.press("确认")
    sender = RecordingSender()
    await run_until(engine, clock, sender, datetime(2026, 12, 7, 3, tzinfo=UTC), timedelta(hours=1))
    [(_, reply)] = sender.sent
    assert "花呗" in reply.text and "借呗" in reply.text
    assert len(reply.all_buttons()) >= 4, "each debt keeps its own paid buttons"


async def test_the_daily_cap_holds_back_the_bots_extra_messages_until_tomorrow(engine: Engine,
                                                                              clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月20号要还")
    chat.press("确认")
    with Session(engine.database) as s:
        user = s.exec(select(User)).one()
        user.daily_cap, user.tip_frequency, user.digest_enabled = 1, "weekly", True
        s.add(user)
        # A tip at 10:00 and a digest at 15:00 (Shanghai) on Tue 1 Dec: two messages the bot starts.
        planning.plan_row(s, user=user, kind="tip", fire_at=datetime(2026, 12, 1, 2, tzinfo=UTC),
                          now=clock.now(), key="cap-test-tip")
        planning.plan_row(s, user=user, kind="digest", fire_at=datetime(2026, 12, 1, 7, tzinfo=UTC),
                          now=clock.now(), key="cap-test-digest")
        s.commit()
    sender = RecordingSender()
    await run_until(engine, clock, sender, datetime(2026, 12, 2, 3, tzinfo=UTC), timedelta(minutes=30))
    with Session(engine.database) as s:
        sent = {r.idempotency_key: r.sent_at.astimezone(UTC).strftime("%d %H:%M") for r in s.exec(select(Reminder))
                if r.sent_at is not None and r.idempotency_key.startswith("cap-test")}
    assert sent == {"cap-test-tip": "01 02:00", "cap-test-digest": "02 02:00"}, \
        "the second message of the day waits for the next morning"
