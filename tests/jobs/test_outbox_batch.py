"""Preparing a claimed batch: users are loaded once per batch, and the daily cap is counted only where it applies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.models import Reminder, User
from tests.builders import Chat
from tests.fakes import FrozenClock, RecordingSender


async def run_until(engine: Engine, clock: FrozenClock, sender: RecordingSender, until: datetime,
                    step: timedelta) -> Dispatcher:
    dispatcher = Dispatcher(engine.database, engine, Senders({"console": sender}), clock, NoLimiter())
    dispatcher.start()
    while clock.now() < until:
        clock.advance(step)
        await dispatcher.tick()
        await dispatcher.drain()
    await dispatcher.stop()
    return dispatcher


def set_user(engine: Engine, name: str, **values: object) -> None:
    with Session(engine.database) as s:
        user = s.exec(select(User).where(User.address == f"console:{name}")).one()
        for key, value in values.items():
            setattr(user, key, value)
        s.add(user)
        s.commit()


async def test_one_tick_prepares_the_reminders_of_many_users_and_skips_a_paused_one(
        engine: Engine, clock: FrozenClock) -> None:
    for name in ("ann", "bob", "cyd"):
        Chat(engine, Address("console", name)).start().say(f"2分钟后提醒我给花呗客服打电话（{name}）")
    set_user(engine, "cyd", paused_at=clock.now())
    sender = RecordingSender()
    dispatcher = await run_until(engine, clock, sender, clock.now() + timedelta(minutes=3), timedelta(minutes=3))
    assert dispatcher.stats.ticks == 1
    assert sorted(str(a) for a, _ in sender.sent) == ["console:ann", "console:bob"]
    with Session(engine.database) as s:
        statuses = {u.address: r.status for r, u in s.exec(select(Reminder, User).where(Reminder.user_id == User.id))}
    assert statuses == {"console:ann": "sent", "console:bob": "sent", "console:cyd": "paused"}


async def test_the_daily_cap_holds_back_bot_initiated_reminders_but_never_ones_the_user_timed(
        engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("2分钟后提醒我给花呗客服打电话")
    set_user(engine, "me", daily_cap=0)
    sender = RecordingSender()
    # Through the D-3 reminder (Mon 7 Dec, 10:00 in Shanghai).
    await run_until(engine, clock, sender, datetime(2026, 12, 7, 3, 0, tzinfo=UTC), timedelta(minutes=30))
    [only] = sender.texts()
    assert only.startswith("⏰ 提醒：给花呗客服打电话"), "the reminder the user timed is not capped"
    with Session(engine.database) as s:
        held = [r for r in s.exec(select(Reminder)) if r.kind == "pre_due" and r.last_error == "daily cap"]
    assert held and all(r.status == "pending" and r.fire_at > datetime(2026, 12, 7, 3, 0, tzinfo=UTC) for r in held)


def add_sent(engine: Engine, name: str, sent_at: datetime) -> None:
    """Record a bot-initiated message the user already got at ``sent_at``."""
    with Session(engine.database) as s:
        user = s.exec(select(User).where(User.address == f"console:{name}")).one()
        s.add(Reminder(user_id=user.id or 0, kind="digest", fire_at=sent_at, status="sent", sent_at=sent_at,
                       idempotency_key=f"digest:{sent_at.isoformat()}", created_at=sent_at))
        s.commit()


async def test_the_daily_cap_counts_what_was_sent_earlier_on_the_same_local_day(
        engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    set_user(engine, "me", daily_cap=1)
    add_sent(engine, "me", datetime(2026, 12, 6, 15, 30, tzinfo=UTC))  # Sun 6 Dec, 23:30 in Shanghai: yesterday
    sender = RecordingSender()
    clock.set(datetime(2026, 12, 6, 16, 0, tzinfo=UTC))
    await run_until(engine, clock, sender, datetime(2026, 12, 7, 3, 0, tzinfo=UTC), timedelta(minutes=30))
    assert len(sender.sent) == 1, "yesterday's message does not count against today"

    add_sent(engine, "me", datetime(2026, 12, 9, 1, 0, tzinfo=UTC))  # Wed 9 Dec, 09:00 in Shanghai: today
    await run_until(engine, clock, sender, datetime(2026, 12, 9, 3, 0, tzinfo=UTC), timedelta(minutes=30))
    assert len(sender.sent) == 1, "the D-1 reminder at 10:00 waits: the cap of one was used at 09:00"
    with Session(engine.database) as s:
        capped = [r for r in s.exec(select(Reminder)) if r.last_error == "daily cap"]
    assert capped and all(r.status == "pending" for r in capped)
