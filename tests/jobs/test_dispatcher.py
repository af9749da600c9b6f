"""The due-scan end to end with a frozen clock and recording senders: nothing sleeps, the test moves time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.errors import ChannelUnavailable, RateLimited, RecipientBlocked
from bot.messages import Address
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.models import Debt, Reminder, User
from tests.builders import Chat, run_dispatcher
from tests.fakes import FailingSender, FrozenClock, RecordingSender

ME = Address("console", "me")


def make_dispatcher(engine: Engine, clock: FrozenClock, sender: object) -> Dispatcher:
    return Dispatcher(engine.database, engine, Senders({"console": sender}), clock, NoLimiter())  # type: ignore[dict-item]


run_until = run_dispatcher


def rows(engine: Engine) -> list[Reminder]:
    """Schedule rows about debts and the user's own reminders (not the digest or tips)."""
    with Session(engine.database) as s:
        return [r for r in s.exec(select(Reminder).order_by(Reminder.fire_at)) if r.kind not in ("tip", "digest")]


async def test_free_form_reminder_fires_two_minutes_later_once(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("2分钟后提醒我给花呗客服打电话")
    sender = RecordingSender()
    dispatcher = make_dispatcher(engine, clock, sender)
    await run_until(dispatcher, clock, clock.now() + timedelta(seconds=119), timedelta(seconds=1))
    assert sender.sent == []
    await run_until(dispatcher, clock, clock.now() + timedelta(minutes=5), timedelta(seconds=1))
    assert sender.texts() == ["⏰ 提醒：给花呗客服打电话"]
    assert [b.label for b in sender.sent[0][1].all_buttons()][0] == "✅ 完成"


async def test_pre_due_due_day_and_overdue_nudges_at_the_reminder_hour(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    sender = RecordingSender()
    dispatcher = make_dispatcher(engine, clock, sender)
    await run_until(dispatcher, clock, datetime(2026, 12, 13, 0, 0, tzinfo=UTC), timedelta(minutes=30))
    sent_at = [r.sent_at.astimezone(UTC) for r in rows(engine) if r.status == "sent"]  # type: ignore[union-attr]
    # 10:00 in Shanghai is 02:00 UTC: D-3, D-1, due day, then one nudge a day while overdue.
    assert [s.strftime("%m-%d %H:%M") for s in sent_at] == [
        "12-07 02:00", "12-09 02:00", "12-10 02:00", "12-11 02:00", "12-12 02:00"]
    texts = sender.texts()
    assert "还有 3 天" in texts[0] and "还有 1 天" in texts[1] and "今天到期" in texts[2]
    assert "已逾期 1 天" in texts[3] and "已逾期 2 天" in texts[4]
    assert all("逾期" not in t or "先还" in t for t in texts), "overdue nudges stay calm and practical"


async def test_a_paid_debt_is_never_reminded(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("还了3000")
    sender = RecordingSender()
    await run_until(make_dispatcher(engine, clock, sender), clock, datetime(2026, 12, 20, tzinfo=UTC),
                    timedelta(hours=1))
    assert sender.sent == []


async def test_reminders_missed_while_down_go_out_once_marked_late(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("2分钟后提醒我给花呗客服打电话")
    clock.advance(timedelta(hours=3))  # the process was down for three hours
    sender = RecordingSender()
    dispatcher = make_dispatcher(engine, clock, sender)
    await run_until(dispatcher, clock, clock.now() + timedelta(seconds=5), timedelta(seconds=1))
    assert len(sender.sent) == 1
    assert "迟到的提醒" in sender.texts()[0]


async def test_quiet_hours_move_the_bots_own_reminders_but_not_the_users(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("/settings")
    chat.press("s:hour")
    chat.say("9:00")
    clock.set(datetime(2026, 11, 28, 14, 30, tzinfo=UTC))  # 22:30 in Shanghai
    chat.say("花呗欠了3000元，11月29号要还")
    chat.press("确认")
    chat.say("1分钟后提醒我给花呗客服打电话")
    sender = RecordingSender()
    await run_until(make_dispatcher(engine, clock, sender), clock, datetime(2026, 11, 29, 2, 0, tzinfo=UTC),
                    timedelta(minutes=1))
    sent = [(r.kind, r.sent_at.astimezone(UTC).strftime("%d %H:%M")) for r in rows(engine) if r.sent_at]  # type: ignore[union-attr]
    assert ("custom", "28 14:31") in sent, "a time the user chose is kept, even at 22:31"
    assert ("due", "29 01:00") in sent, "the bot's own reminder waits for 09:00"
    assert all(not ("28 14" <= when < "29 00") for kind, when in sent if kind != "custom")


async def test_blocked_user_is_paused_until_they_write_again(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("1分钟后提醒我给花呗客服打电话")
    chat.say("3分钟后提醒我还花呗")
    blocked = FailingSender(RecipientBlocked("blocked"))
    await run_until(make_dispatcher(engine, clock, blocked), clock, clock.now() + timedelta(minutes=5),
                    timedelta(seconds=30))
    assert blocked.calls == 1
    with Session(engine.database) as s:
        assert s.exec(select(User)).one().paused_at is not None
    assert sorted(r.status for r in rows(engine)) == ["paused", "paused"]
    chat.say("/list")  # the user is back
    assert sorted(r.status for r in rows(engine)) == ["pending", "pending"]


async def test_retry_after_puts_the_row_back_for_after_the_wait(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("1分钟后提醒我给花呗客服打电话")
    sender = FailingSender(RateLimited(30), times=1)
    await run_until(make_dispatcher(engine, clock, sender), clock, clock.now() + timedelta(seconds=75),
                    timedelta(seconds=5))
    assert sender.calls == 1 and sender.sent == []
    await run_until(make_dispatcher(engine, clock, sender), clock, clock.now() + timedelta(seconds=40),
                    timedelta(seconds=5))
    assert len(sender.sent) == 1


async def test_network_errors_back_off_then_fail_the_row(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("1分钟后提醒我给花呗客服打电话")
    sender = FailingSender(ChannelUnavailable("down"))
    await run_until(make_dispatcher(engine, clock, sender), clock, clock.now() + timedelta(hours=3),
                    timedelta(seconds=20))
    [row] = rows(engine)
    assert row.status == "failed" and row.attempts == 5 and sender.calls == 5


async def test_planning_twice_never_sends_twice(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    for _ in range(3):  # re-plan through settings changes
        chat.say("/settings")
        chat.press("s:hour")
        chat.say("10:00")
    sender = RecordingSender()
    await run_until(make_dispatcher(engine, clock, sender), clock, datetime(2026, 12, 10, 3, tzinfo=UTC),
                    timedelta(hours=1))
    assert len(sender.sent) == 3


async def test_partial_payment_from_a_reminder_button(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    sender = RecordingSender()
    await run_until(make_dispatcher(engine, clock, sender), clock, datetime(2026, 12, 7, 3, tzinfo=UTC),
                    timedelta(hours=1))
    [(_, reminder)] = sender.sent
    chat.last = [reminder]
    chat.press("还了一部分")
    assert chat.last[0].edit, "pressing a reminder button edits the reminder to show what was done"
    chat.say("1200")
    with Session(engine.database) as s:
        assert s.exec(select(Debt)).one().balance == Decimal("1800")
