"""One user sending a hundred messages a second must not slow anyone else down.

The stated bound (``bot.engine.engine``): in any ``t`` seconds one address gets at most ``capacity +
refill_per_second × t`` messages handled (20 + 2·t by default; these tests use a bucket of 10) plus one slow-down notice per burst; every message
beyond that is dropped before parsing and before the database, at the cost of one dictionary lookup. So another
user's reply waits behind at most that many full turns of the flooder (and the dropped ones cost nothing
measurable), and the dispatcher — which shares only the database with inbound traffic — sees no extra database
work at all from the dropped messages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine as Database
from sqlalchemy import event
from sqlmodel import Session, SQLModel, select

from bot.engine.engine import Engine, FloodGuard, FloodPolicy
from bot.messages import Address, Inbound
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.db import make_engine
from storage.models import User
from tests.builders import Chat
from tests.fakes import FrozenClock, RecordingSender

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
# A bucket of ten keeps the numbers below readable; the default is the same formula with a larger burst.
POLICY = FloodPolicy(capacity=10.0, refill_per_second=2.0)
FLOODER = Address("tg", "666")
NEIGHBOUR = Address("tg", "42")
NOTICE_ZH = "消息有点多"


class StatementCounter:
    """Counts SQL statements sent to the database (the work a message costs everyone who shares it)."""

    def __init__(self, database: Database) -> None:
        self.count = 0
        event.listen(database, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


@pytest.fixture
def database() -> Iterator[Database]:
    db = make_engine("sqlite://")
    SQLModel.metadata.create_all(db)
    yield db
    db.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def engine(database: Database, clock: FrozenClock) -> Engine:
    return Engine(database, clock, flood=POLICY)


def flood(engine: Engine, clock: FrozenClock, count: int, *, per_second: float = 100.0) -> list[list[str]]:
    """The flooder sends ``count`` messages evenly at ``per_second``; return the reply texts of each."""
    answers = []
    for n in range(count):
        answers.append([r.text for r in engine.handle(Inbound(sender=FLOODER, text=f"花呗欠了{n}元", language="zh"))])
        clock.advance(timedelta(seconds=1 / per_second))
    return answers


def test_a_flood_gets_one_polite_notice_and_the_rest_is_dropped_before_the_database(
        engine: Engine, database: Database, clock: FrozenClock) -> None:
    statements = StatementCounter(database)
    work: list[int] = []
    answers = []
    for n in range(100):  # one second at 100 messages a second
        before = statements.count
        answers.append([r.text for r in engine.handle(Inbound(sender=FLOODER, text=f"/list {n}", language="zh"))])
        work.append(statements.count - before)
        clock.advance(timedelta(milliseconds=10))
    handled = [n for n, a in enumerate(answers) if a and NOTICE_ZH not in a[0]]
    notices = [n for n, a in enumerate(answers) if a and NOTICE_ZH in a[0]]
    dropped = [n for n, a in enumerate(answers) if not a]
    assert len(handled) <= POLICY.capacity + POLICY.refill_per_second * 1.0
    assert handled[:10] == list(range(10)), "a burst of ten goes through untouched"
    assert notices == [10], "exactly one notice, on the first message over the limit"
    assert all(work[n] == 0 for n in notices + dropped), "refused messages never touch the database"
    assert len(handled) + len(notices) + len(dropped) == 100


def test_a_neighbours_replies_are_not_delayed_by_a_flood(engine: Engine, clock: FrozenClock) -> None:
    """While one user floods at 100/s, another chatting normally gets every answer, and the flood's cost to them is
    bounded: at most ``capacity + refill × t`` full turns, the rest a dictionary lookup each."""
    neighbour = Chat(engine, NEIGHBOUR).start()
    refused_seconds = 0.0
    refused = flood_turns = 0
    for second in range(3):
        for n in range(100):
            started = time.perf_counter()
            replies = engine.handle(Inbound(sender=FLOODER, text=f"还了{n}", language="zh"))
            elapsed = time.perf_counter() - started
            if replies and NOTICE_ZH not in replies[0].text:
                flood_turns += 1
            else:
                refused += 1
                refused_seconds += elapsed
            clock.advance(timedelta(milliseconds=10))
            if n % 50 == 0:  # the neighbour writes twice a second, mid-flood
                neighbour.say("/list")
                assert "还没有记录欠款" in neighbour.text(), neighbour.text()
        assert flood_turns <= POLICY.capacity + POLICY.refill_per_second * (second + 1)
    neighbour.say("花呗欠了3000元，12月10号要还")
    neighbour.press("reg:ok")
    assert "已保存" in neighbour.text()
    # The refused messages cost a dictionary lookup each: tens of microseconds, ~10 ms for all of them. 100 ms
    # is loose enough never to flake on a busy CI machine and still catches refused messages doing real work
    # (one real turn takes a millisecond or more: 280 of them would take over 280 ms).
    assert refused >= 280 and refused_seconds < 0.100, f"{refused} refused took {refused_seconds * 1000:.1f} ms"


async def test_a_flood_does_not_delay_anyone_elses_reminder(engine: Engine, database: Database,
                                                              clock: FrozenClock) -> None:
    neighbour = Chat(engine, NEIGHBOUR).start().without_digest_and_tips()
    neighbour.say("1分钟后提醒我给银行打电话")
    sender = RecordingSender()
    dispatcher = Dispatcher(database, engine, Senders({"tg": sender}), clock, NoLimiter())
    dispatcher.start()
    statements = StatementCounter(database)
    flood(engine, clock, 600, per_second=100)  # six seconds of flood, straddling the reminder's minute
    during = statements.count
    clock.advance(timedelta(seconds=55))
    await dispatcher.tick()
    await dispatcher.drain()
    await dispatcher.stop()
    assert [to for to, _ in sender.sent] == [NEIGHBOUR], "the reminder went out in the first tick it was due"
    # Only the handled messages did database work: ten a burst plus two a second, a dozen statements each at most.
    assert during <= (POLICY.capacity + POLICY.refill_per_second * 6) * 30


def test_the_limit_refills_and_a_new_burst_gets_a_new_notice(engine: Engine, clock: FrozenClock) -> None:
    first = flood(engine, clock, 30)
    assert sum(NOTICE_ZH in " ".join(a) for a in first) == 1
    clock.advance(timedelta(seconds=POLICY.capacity / POLICY.refill_per_second))  # the bucket is full again
    second = flood(engine, clock, 30)
    assert all(a and NOTICE_ZH not in a[0] for a in second[:10])
    assert sum(NOTICE_ZH in " ".join(a) for a in second) == 1


def test_a_person_typing_quickly_is_never_limited(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine, NEIGHBOUR).start()
    for n in range(120):  # two minutes of a message every second: fast for a human
        chat.say("/list" if n % 2 else "/help")
        assert NOTICE_ZH not in chat.text()
        clock.advance(timedelta(seconds=1))


def test_platform_events_are_never_limited(engine: Engine, database: Database, clock: FrozenClock) -> None:
    flood(engine, clock, 50, per_second=1000)
    assert engine.handle(Inbound(sender=FLOODER, event="blocked")) == []
    with Session(database) as s:
        assert s.exec(select(User).where(User.address == str(FLOODER))).one().paused_at is not None


def test_the_console_is_not_limited(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine, Address("console", "me")).start()
    for _ in range(50):
        chat.say("/list")
        assert NOTICE_ZH not in chat.text()


def test_the_clock_stepping_back_neither_breaks_the_bucket_nor_refills_it(engine: Engine,
                                                                          clock: FrozenClock) -> None:
    flood(engine, clock, 20)
    clock.advance(timedelta(hours=-1))
    answers = flood(engine, clock, 20)
    assert all(not a for a in answers), "still over the limit: no tokens were invented by going back in time"
    clock.advance(timedelta(seconds=5))
    assert engine.handle(Inbound(sender=FLOODER, text="/help", language="zh"))


def test_the_notice_speaks_the_clients_language(engine: Engine, clock: FrozenClock) -> None:
    answers = [engine.handle(Inbound(sender=Address("tg", "7"), text="/help", language="en-GB")) for _ in range(12)]
    assert [r.text[:25] for r in answers[10]] == ["That's a lot of messages "] and answers[11] == []


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=150).map(sorted))
def test_no_window_ever_gets_more_than_the_stated_bound(arrivals_ms: list[int]) -> None:
    """For any arrival pattern: handled messages in any window of t seconds ≤ capacity + refill × t; and notices
    are never closer together than the time the bucket needs to fill up again (no notice spam)."""
    guard = FloodGuard(POLICY)
    verdicts = [(ms, guard.check("tg:1", "tg", START + timedelta(milliseconds=ms))) for ms in arrivals_ms]
    handled = [ms for ms, v in verdicts if v == "handle"]
    for i, start in enumerate(handled):
        for j in range(i, len(handled)):
            window = (handled[j] - start) / 1000
            assert j - i + 1 <= POLICY.capacity + POLICY.refill_per_second * window + 1e-9
    notices = [ms for ms, v in verdicts if v == "notice"]
    refill_ms = (POLICY.capacity - 1) / POLICY.refill_per_second * 1000
    assert all(b - a >= refill_ms for a, b in zip(notices, notices[1:], strict=False))


def test_a_sustained_flood_gets_a_single_notice(engine: Engine, clock: FrozenClock) -> None:
    answers = flood(engine, clock, 3000, per_second=100)  # thirty seconds
    assert sum(NOTICE_ZH in " ".join(a) for a in answers) == 1
    assert sum(bool(a) for a in answers) <= POLICY.capacity + POLICY.refill_per_second * 30 + 1


def test_memory_stays_bounded_when_many_addresses_write_once() -> None:
    guard = FloodGuard(FloodPolicy(max_tracked=1000))
    for n in range(5000):
        guard.check(f"tg:{n}", "tg", START + timedelta(seconds=n))
    assert guard.tracked <= 1000


def test_the_default_lets_a_person_tap_through_twenty_messages_at_once(database: Database, clock: FrozenClock) -> None:
    engine = Engine(database, clock, flood=FloodPolicy())
    answers = [engine.handle(Inbound(sender=FLOODER, text="/help", language="zh")) for _ in range(21)]
    assert all(NOTICE_ZH not in a[0].text for a in answers[:20])
    assert NOTICE_ZH in answers[20][0].text
