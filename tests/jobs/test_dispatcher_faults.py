"""One fault at a time, each with the exact moment it hurts: the database refusing a write between sending and
acknowledging, the clock stepped forward while a batch is in flight, an error text carrying the bot token, a
reminder caught up after days away, daylight saving under a daily reminder."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import Session, select

from bot.errors import ChannelUnavailable, DeliveryError, RateLimited, RecipientBlocked, RecipientOutOfReach
from bot.messages import Address, Reply
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.models import Reminder
from tests.builders import Chat
from tests.fakes import FrozenClock
from tests.jobs.chaos import Locker, SpyEngine, make_file_database

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
TOKEN = "7012345678:FAKE-token-for-tests-only_0000000000000"


class CountingSender:
    """Delivers, unless told to fail; counts deliveries per schedule row."""

    def __init__(self, engine: SpyEngine) -> None:
        self.engine = engine
        self.fail_with: list[DeliveryError] = []  # consumed one per send, then deliveries succeed
        self.delivered: Counter[int] = Counter()
        self.replies: list[tuple[Address, Reply]] = []

    async def send(self, to: Address, reply: Reply) -> None:
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.delivered.update(self.engine.rows_of[id(reply)])
        self.replies.append((to, reply))


class Setup:
    def __init__(self, tmp_path: Path, zone: str = "Asia/Shanghai", start: datetime = START) -> None:
        self.database: Database = make_file_database(tmp_path / "bot.db")
        self.clock = FrozenClock(start)
        self.engine = SpyEngine(self.database, self.clock, default_timezone=zone)
        self.sender = CountingSender(self.engine)
        self.locker = Locker(tmp_path / "bot.db")

    def dispatcher(self) -> Dispatcher:
        return Dispatcher(self.database, self.engine, Senders({"tg": self.sender, "console": self.sender}),
                          self.clock, NoLimiter())

    def users_with_reminders(self, count: int, *, minutes: int = 1) -> None:
        for n in range(count):
            chat = Chat(self.engine, Address("tg", str(100 + n))).start().without_digest_and_tips()
            chat.say(f"{minutes}分钟后提醒我给银行打电话{n}")

    def rows(self) -> list[Reminder]:
        with Session(self.database) as s:
            return list(s.exec(select(Reminder).where(Reminder.kind == "custom")))

    async def run(self, dispatcher: Dispatcher, span: timedelta, step: timedelta) -> None:
        end = self.clock.now() + span
        while self.clock.now() < end:
            self.clock.advance(step)
            await dispatcher.tick()
            await asyncio.wait_for(dispatcher.drain(), timeout=10)  # a guard only: a stuck pool fails, not hangs


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    world = Setup(tmp_path)
    yield world
    world.locker.close()
    world.database.dispose()


@pytest.fixture(autouse=True)
def quiet_expected_tracebacks(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    with caplog.at_level(logging.CRITICAL):
        yield


async def test_a_delivery_acknowledged_while_the_database_is_locked_is_not_sent_again(setup: Setup) -> None:
    setup.users_with_reminders(3)
    dispatcher = setup.dispatcher()
    dispatcher.start()
    setup.clock.advance(timedelta(minutes=2))
    assert await dispatcher.tick() == 3
    setup.locker.lock()
    await dispatcher.drain()  # all three delivered; the acknowledgement cannot be written
    setup.locker.unlock()
    await setup.run(dispatcher, timedelta(minutes=10), timedelta(seconds=30))  # far past the 60 s lease
    await dispatcher.stop()
    assert sorted(setup.sender.delivered.values()) == [1, 1, 1]
    assert [r.status for r in setup.rows()] == ["sent"] * 3


async def test_database_errors_while_recording_failures_never_stop_the_senders(setup: Setup) -> None:
    """More failed sends than sender tasks, while every write is refused: all are retried and delivered."""
    setup.users_with_reminders(12)
    dispatcher = setup.dispatcher()
    dispatcher.start()
    setup.clock.advance(timedelta(minutes=2))
    setup.sender.fail_with = [ChannelUnavailable("Timed out"), RateLimited(5), RecipientOutOfReach("45047"),
                              ChannelUnavailable("NetworkError")] * 3
    assert await dispatcher.tick() == 12
    setup.locker.lock()
    await asyncio.wait_for(dispatcher.drain(), timeout=10)
    setup.locker.unlock()
    await setup.run(dispatcher, timedelta(minutes=5), timedelta(seconds=30))
    await dispatcher.stop()
    assert sorted(setup.sender.delivered.values()) == [1] * 12
    assert all(r.status == "sent" for r in setup.rows())


async def test_a_block_met_while_the_database_is_locked_still_pauses_the_user(setup: Setup) -> None:
    setup.users_with_reminders(1)
    dispatcher = setup.dispatcher()
    dispatcher.start()
    setup.clock.advance(timedelta(minutes=2))
    setup.sender.fail_with = [RecipientBlocked("Forbidden: bot was blocked by the user")] * 2
    await dispatcher.tick()
    setup.locker.lock()
    await dispatcher.drain()
    setup.locker.unlock()
    await setup.run(dispatcher, timedelta(minutes=5), timedelta(seconds=30))
    await dispatcher.stop()
    assert setup.sender.fail_with == [], "the lease returned the row, the retry met the block again"
    assert [r.status for r in setup.rows()] == ["paused"]
    assert setup.sender.delivered == Counter()


async def test_the_clock_stepping_forward_mid_batch_does_not_send_it_twice(setup: Setup) -> None:
    """NTP steps the clock an hour forward while a claimed batch is still being sent: the lease check must not
    mistake this process's own batch for one abandoned by a dead process."""
    setup.users_with_reminders(5)
    dispatcher = setup.dispatcher()
    dispatcher.start()
    setup.clock.advance(timedelta(minutes=2))
    assert await dispatcher.tick() == 5  # claimed and queued, not yet sent
    setup.clock.advance(timedelta(hours=1))
    await dispatcher.tick()  # the next second's tick, an hour later by the wall clock
    await dispatcher.drain()
    await setup.run(dispatcher, timedelta(minutes=5), timedelta(seconds=30))
    await dispatcher.stop()
    assert sorted(setup.sender.delivered.values()) == [1] * 5


async def test_the_clock_stepping_back_an_hour_sends_nothing_again(setup: Setup) -> None:
    setup.users_with_reminders(3)
    dispatcher = setup.dispatcher()
    dispatcher.start()
    await setup.run(dispatcher, timedelta(minutes=5), timedelta(seconds=30))
    setup.clock.advance(timedelta(hours=-1))
    await setup.run(dispatcher, timedelta(hours=2), timedelta(minutes=5))
    await dispatcher.stop()
    assert sorted(setup.sender.delivered.values()) == [1] * 3


async def test_an_overdue_debt_keeps_its_daily_nudge_when_the_clock_steps_back(setup: Setup) -> None:
    """Today's nudge went out at 10:00; NTP steps the clock back to 09:15 and the user pays part. Re-planning must
    not fall back on today's (already sent) nudge and leave the debt without tomorrow's."""
    chat = Chat(setup.engine, Address("tg", "7")).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，2026年11月20日要还")
    chat.press("reg:ok")
    dispatcher = setup.dispatcher()
    dispatcher.start()
    await setup.run(dispatcher, timedelta(hours=1, minutes=10), timedelta(minutes=10))  # to 10:10 in Shanghai
    assert len(setup.sender.replies) == 1
    setup.clock.advance(timedelta(minutes=-55))
    chat.say("还了500")
    await setup.run(dispatcher, timedelta(days=2, hours=2), timedelta(minutes=30))
    await dispatcher.stop()
    texts = [r.text for _, r in setup.sender.replies]
    assert len(texts) == 3 and "已逾期 9 天" in texts[1] and "已逾期 10 天" in texts[2], texts


async def test_error_texts_with_the_bot_token_are_not_stored_with_the_row(setup: Setup) -> None:
    """The schedule row is part of /export; a network error's text may hold the Bot API URL with the token."""
    setup.users_with_reminders(1)
    dispatcher = setup.dispatcher()
    dispatcher.start()
    setup.sender.fail_with = [ChannelUnavailable(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage: timed out")]
    await setup.run(dispatcher, timedelta(minutes=2), timedelta(seconds=30))
    [row] = setup.rows()
    assert (row.status, row.last_error) == ("sent", "channel unavailable"), "retried, delivered, reason kept"
    await dispatcher.stop()
    chat = Chat(setup.engine, Address("tg", "100"))
    chat.say("/export")
    exported = b"".join(a.content for r in chat.last for a in r.attachments)
    assert b"api.telegram.org" not in exported and TOKEN.split(":")[1].encode() not in exported


async def test_a_daily_reminder_missed_for_days_comes_back_once_not_once_per_day(setup: Setup) -> None:
    chat = Chat(setup.engine, Address("tg", "7")).start().without_digest_and_tips()
    chat.say("每天早上9点提醒我记账")
    setup.clock.advance(timedelta(days=5))  # the bot was down for five days
    dispatcher = setup.dispatcher()
    dispatcher.start()
    await setup.run(dispatcher, timedelta(hours=1), timedelta(minutes=1))
    assert len(setup.sender.replies) == 1 and "迟到" in setup.sender.replies[0][1].text
    await setup.run(dispatcher, timedelta(days=2), timedelta(minutes=30))
    await dispatcher.stop()
    assert len(setup.sender.replies) == 3, "then once a day again"


async def test_a_daily_reminder_keeps_its_local_time_across_daylight_saving(tmp_path: Path) -> None:
    world = Setup(tmp_path, zone="Europe/London", start=datetime(2027, 3, 25, 12, 0, tzinfo=UTC))
    chat = Chat(world.engine, Address("tg", "7"), language="en").start().without_digest_and_tips()
    chat.say("remind me every day at 9am to log spending")
    dispatcher = world.dispatcher()
    dispatcher.start()
    await world.run(dispatcher, timedelta(days=6), timedelta(minutes=15))
    await dispatcher.stop()
    with Session(world.database) as s:
        sent = [r.sent_at for r in s.exec(select(Reminder).where(Reminder.status == "sent"))]
    world.locker.close()
    world.database.dispose()
    local = [t.astimezone(ZoneInfo("Europe/London")).strftime("%m-%d %H:%M") for t in sent if t is not None]
    # London enters summer time on Sunday 28 March 2027: 9:00 stays 9:00 on the wall clock.
    assert local == ["03-26 09:00", "03-27 09:00", "03-28 09:00", "03-29 09:00", "03-30 09:00", "03-31 09:00"]
