"""A month of reminders through the real dispatcher while everything that can go wrong does.

Four users (Shanghai, London, New York, one who blocks the bot for a week) with overdue debts, monthly bills,
daily and one-off reminders, a weekly digest and tips. Every send may fail the way platforms fail (429 with a
retry-after, timeouts and network errors, WeChat's closed window); the database is locked by another writer for
fifty minutes while a batch is in flight; the clock steps forward an hour and later back an hour (NTP
corrections). Time is a FrozenClock moved ten minutes per tick, so a month runs in seconds and nothing sleeps.

What must hold at the end (DESIGN §3 and §5):

* nothing is sent twice: no schedule row is delivered more than once (without a crash the bound is zero);
* nothing is lost: every row that fell due was delivered and acknowledged, or cancelled because it no longer
  applied, or — only for rows that met ``ChannelUnavailable`` on all five attempts — failed as documented;
* every delivered row is acknowledged as sent, and no row is marked sent that was not delivered;
* a blocked user gets nothing (not even an attempt) until they write again, then gets what is due;
* the daily reminder comes exactly once on every local day, and an overdue debt is nudged exactly once a day;
* the bot's own messages never arrive in quiet hours, and never more than the daily cap (3) a local day.

A second test crashes the dispatcher between sending and acknowledging: the restart re-sends at most one claim
batch — the documented bound (DESIGN §4 B5).
"""

from __future__ import annotations

import json
import logging
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import Session, col, select

from bot.engine.reminders import BOT_INITIATED
from bot.errors import ChannelUnavailable, DeliveryError, RateLimited, RecipientBlocked, RecipientOutOfReach
from bot.messages import Address, Reply
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.models import Debt, Reminder, User
from tests.builders import Chat
from tests.fakes import FrozenClock
from tests.jobs.chaos import Locker, SpyEngine, make_file_database

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Saturday, 09:00 in Shanghai
END = START + timedelta(days=30)
STEP = timedelta(minutes=10)


@dataclass
class Attempt:
    at: datetime
    to: str
    outcome: str  # ok | blocked | rate_limited | unavailable | out_of_reach
    rows: tuple[int, ...]


@dataclass
class ChaosSender:
    """Delivers, or fails the way Telegram and WeChat fail, at random but reproducibly (seeded)."""

    engine: SpyEngine
    clock: FrozenClock
    rng: random.Random
    chaos: bool = True
    blocked: set[str] = field(default_factory=set)  # users who blocked the bot
    attempts: list[Attempt] = field(default_factory=list)

    async def send(self, to: Address, reply: Reply) -> None:
        rows = self.engine.rows_of[id(reply)]
        roll = self.rng.random() if self.chaos else 1.0
        error: DeliveryError | None
        if str(to) in self.blocked:
            outcome, error = "blocked", RecipientBlocked("Forbidden: bot was blocked by the user")
        elif roll < 0.06:
            outcome, error = "rate_limited", RateLimited(self.rng.choice([1, 5, 30, 90]))
        elif roll < 0.10:
            outcome, error = "unavailable", ChannelUnavailable("Timed out")
        elif roll < 0.13:
            outcome, error = "unavailable", ChannelUnavailable("NetworkError: connection reset by peer")
        elif roll < 0.15 and to.channel == "wx":
            outcome, error = "out_of_reach", RecipientOutOfReach("45047: out of response count limit")
        else:
            outcome, error = "ok", None
        self.attempts.append(Attempt(self.clock.now(), str(to), outcome, rows))
        if error is not None:
            raise error


@dataclass(frozen=True)
class Script:
    """What a user types, in their language."""

    lang: str
    overdue_debt: str
    monthly_bill: str
    daily: str
    daily_task: str
    one_off: str  # formatted with days and k: a one-off reminder


ZH = Script("zh", overdue_debt="花呗欠了3000元，2026年11月20日要还", monthly_bill="招行信用卡5200，每月10号还",
            daily="每天早上9点提醒我记账", daily_task="记账", one_off="{days}天后下午3点提醒我办事{k}")
EN = Script("en", overdue_debt="I owe Tom 800, was due on 2026-11-20",
            monthly_bill="credit card 5,200 due on the 15th every month",
            daily="remind me every day at 9am to log spending", daily_task="log spending",
            one_off="remind me in {days} days at 3pm to errand {k}")


@dataclass(frozen=True)
class Person:
    address: Address
    zone: str
    script: Script


PEOPLE = [
    Person(Address("tg", "101"), "Asia/Shanghai", ZH),
    Person(Address("tg", "102"), "Europe/London", EN),
    Person(Address("wx", "o103"), "America/New_York", EN),
    Person(Address("tg", "104"), "Asia/Shanghai", ZH),  # blocks the bot for a week
]
BLOCKER = "tg:104"
BLOCKED_FROM = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
BLOCKED_UNTIL = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
LOCKED_FROM = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai: a batch is in flight
LOCKED_UNTIL = datetime(2026, 12, 3, 2, 50, tzinfo=UTC)
STEP_FORWARD_AT = datetime(2026, 12, 9, 1, 55, tzinfo=UTC)  # jumps over 10:00 in Shanghai
STEP_BACK_AT = datetime(2026, 12, 14, 2, 15, tzinfo=UTC)  # just after 10:00 in Shanghai went out


@dataclass
class World:
    database: Database
    clock: FrozenClock
    engine: SpyEngine
    sender: ChaosSender
    dispatcher: Dispatcher
    locker: Locker
    chats: dict[str, Chat]
    held_deliveries: Counter[int] = field(default_factory=Counter)  # rows delivered with a user's own message

    def say(self, who: str, text: str) -> list[Reply]:
        """A user writes; rows held for them (WeChat's closed window) come with the answer."""
        with Session(self.database) as s:
            user = s.exec(select(User).where(User.address == who)).first()
            held = [] if user is None else [r.id or 0 for r in s.exec(
                select(Reminder).where(Reminder.user_id == user.id, Reminder.status == "held"))]
        replies = self.chats[who].say(text)
        if held:
            with Session(self.database) as s:
                for row_id in held:
                    row = s.get(Reminder, row_id)
                    if row is not None and row.status == "sent":
                        self.held_deliveries[row_id] += 1
        return replies


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    database = make_file_database(tmp_path / "bot.db")
    clock = FrozenClock(START)
    engine = SpyEngine(database, clock, default_timezone="Asia/Shanghai")
    sender = ChaosSender(engine, clock, random.Random(20261128))
    dispatcher = Dispatcher(database, engine, Senders({"tg": sender, "wx": sender}), clock, NoLimiter())
    chats = {str(p.address): Chat(engine, p.address, p.script.lang) for p in PEOPLE}
    locker = Locker(tmp_path / "bot.db")
    yield World(database, clock, engine, sender, dispatcher, locker, chats)
    locker.close()
    database.dispose()


def set_up(world: World, person: Person) -> None:
    chat = world.chats[str(person.address)].start()
    if person.zone != "Asia/Shanghai":
        chat.say(f"/timezone {person.zone}")
        chat.press_data("s:tz:ok")
    for text in (person.script.overdue_debt, person.script.monthly_bill):
        chat.say(text)
        chat.press_data("reg:ok")
        assert any(w in chat.text() for w in ("已保存", "Saved")), chat.text()
    chat.say(person.script.daily)
    for k in range(1, 7):
        chat.say(person.script.one_off.format(days=k * 4, k=k))
        assert "✅" in chat.text(), chat.text()


async def live_a_month(world: World, caplog: pytest.LogCaptureFixture) -> dict[str, list[str]]:
    """Run the month; return what each user was told during the database lock (to check the apology)."""
    rng = random.Random(7)
    chats_today: dict[tuple[str, date], datetime] = {}
    during_lock: dict[str, list[str]] = defaultdict(list)
    world.dispatcher.start()
    locked = False
    stepped_forward = stepped_back = False
    while world.clock.now() < END + timedelta(hours=3):
        now = world.clock.now()
        if now >= END:
            world.sender.chaos = False  # the last hours: let every retry finish
        if locked and now >= LOCKED_UNTIL:
            world.locker.unlock()
            locked = False
        if not stepped_forward and now >= STEP_FORWARD_AT:
            world.clock.advance(timedelta(hours=1))
            stepped_forward = True
        if not stepped_back and now >= STEP_BACK_AT:
            world.clock.advance(timedelta(hours=-1))
            stepped_back = True
            # Within the hour that now happens twice, a user acts on a debt that was just nudged.
            world.say("tg:101", "花呗还了500")
        if BLOCKED_FROM <= now < BLOCKED_FROM + STEP:
            world.sender.blocked.add(BLOCKER)
        if BLOCKED_UNTIL <= now < BLOCKED_UNTIL + STEP:
            world.sender.blocked.discard(BLOCKER)
            world.say(BLOCKER, "/list")  # the user is back
        for person in PEOPLE:  # everyone looks at their list once a day, at a random time
            who = str(person.address)
            if who == BLOCKER and BLOCKED_FROM <= now < BLOCKED_UNTIL:
                continue
            key = (who, now.date())
            if key not in chats_today:
                chats_today[key] = now.replace(hour=rng.randrange(4, 14), minute=rng.randrange(0, 60))
            if chats_today[key] <= now < chats_today[key] + STEP and not locked:
                world.say(who, "/list")
        world.clock.advance(STEP)
        with caplog.at_level(logging.CRITICAL):  # a locked database logs a traceback per failed tick; expected
            await world.dispatcher.tick()
            if not locked and LOCKED_FROM <= world.clock.now() < LOCKED_UNTIL:
                # The lock is taken while the claimed batch is being sent: acknowledgements, retries and
                # pauses all meet "database is locked".
                world.locker.lock()
                locked = True
                during_lock["tg:101"] = [r.text for r in world.say("tg:101", "/list")]
            await world.dispatcher.drain()
    await world.dispatcher.stop()
    return during_lock


def all_rows(world: World) -> list[Reminder]:
    with Session(world.database) as s:
        return list(s.exec(select(Reminder).order_by(col(Reminder.id))))


def owner_addresses(world: World) -> dict[int, str]:
    with Session(world.database) as s:
        return {u.id or 0: u.address for u in s.exec(select(User))}


async def test_a_month_of_faults_loses_nothing_and_sends_nothing_twice(world: World,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    for person in PEOPLE:
        set_up(world, person)
    during_lock = await live_a_month(world, caplog)
    rows = {r.id or 0: r for r in all_rows(world)}
    users = owner_addresses(world)
    attempts = world.sender.attempts
    outcomes = Counter(a.outcome for a in attempts)
    assert outcomes["rate_limited"] > 5 and outcomes["unavailable"] > 5 and outcomes["out_of_reach"] > 0, outcomes

    delivered: Counter[int] = Counter(world.held_deliveries)
    for a in attempts:
        if a.outcome == "ok":
            delivered.update(a.rows)

    # Nothing twice.
    twice = {i: n for i, n in delivered.items() if n > 1}
    assert not twice, f"delivered more than once: {[(rows[i].kind, rows[i].idempotency_key) for i in twice]}"

    # Every delivery acknowledged; nothing acknowledged that was not delivered.
    sent = {i for i, r in rows.items() if r.status == "sent"}
    assert set(delivered) - sent == set(), "delivered but not acknowledged (would be sent again)"
    assert sent - set(delivered) == set(), "marked sent but never delivered"

    # Nothing lost: whatever fell due is settled one way or another.
    stuck = [(users[r.user_id], r.kind, r.status, r.fire_at) for r in rows.values()
             if r.status in ("pending", "claimed", "held", "paused") and r.fire_at <= END]
    assert stuck == []
    tries: Counter[int] = Counter()
    for a in attempts:
        if a.outcome == "unavailable":
            tries.update(a.rows)
    failed = [r for r in rows.values() if r.status == "failed"]
    assert all(tries[r.id or 0] == 5 for r in failed), "a row failed without its five attempts"

    # The database lock: the user got an apology, not silence; ticks survived and caught up.
    assert during_lock["tg:101"] and "抱歉" in during_lock["tg:101"][0]

    # The blocked user: one attempt revealed the block, then nothing until they wrote again.
    to_blocker = [a for a in attempts if a.to == BLOCKER and BLOCKED_FROM <= a.at < BLOCKED_UNTIL]
    assert [a.outcome for a in to_blocker] == ["blocked"]
    after = [a for a in attempts if a.to == BLOCKER and a.outcome == "ok" and a.at >= BLOCKED_UNTIL]
    assert after and after[0].at <= BLOCKED_UNTIL + 2 * STEP, "what is due goes out as soon as they are back"

    # The daily reminder: exactly once each local day (none while blocked: the schedule waits, then resumes).
    for person in PEOPLE:
        who, zone = str(person.address), ZoneInfo(person.zone)
        days: Counter[date] = Counter()
        for i in delivered:
            row = rows[i]
            if users[row.user_id] == who and row.kind == "custom" and json.loads(row.payload)["task"] == person.script.daily_task:
                days[datetime.fromisoformat(json.loads(row.payload)["local"]).date()] += 1
        assert all(n == 1 for n in days.values()), f"{who}: {days}"
        every_day = {date(2026, 11, 29) + timedelta(days=n) for n in range(29)}
        if who == BLOCKER:
            gone, back = BLOCKED_FROM.astimezone(zone).date(), BLOCKED_UNTIL.astimezone(zone).date()
            away = {d for d in every_day if gone < d <= back}
            # What was already planned when they blocked the bot comes once, late, in one message; the days
            # they were away are not replayed one by one.
            late = [d for d in days if d in away]
            assert len(late) <= 2, f"{who} got a late copy for each day away: {sorted(late)}"
            every_day -= away
        missed = sorted(every_day - set(days))
        assert missed == [], f"{who} missed the daily reminder on {missed}"

    # Quiet hours and the daily cap hold under all of it (the bot's own messages only; users' own times are kept).
    for a in attempts:
        if a.outcome != "ok":
            continue
        person = next(p for p in PEOPLE if str(p.address) == a.to)
        local = a.at.astimezone(ZoneInfo(person.zone))
        if any(rows[i].respect_quiet for i in a.rows):
            assert not (local.hour >= 22 or local.hour < 8), f"{a.to} got the bot's message at {local}"
    per_day = Counter((a.to, a.at.astimezone(ZoneInfo(next(p.zone for p in PEOPLE if str(p.address) == a.to))).date())
                      for a in attempts if a.outcome == "ok" and any(rows[i].kind in BOT_INITIATED for i in a.rows))
    assert max(per_day.values()) <= 3, [k for k, n in per_day.items() if n > 3]

    # Overdue nudges for the old debt: exactly one on every local day while it is unpaid.
    with Session(world.database) as s:
        old_debts = {d.id: d for d in s.exec(select(Debt)) if d.due_date == date(2026, 11, 20)}
    for debt in old_debts.values():
        who = users[debt.user_id]
        zone = ZoneInfo(next(p.zone for p in PEOPLE if str(p.address) == who))
        nudged = Counter(rows[i].idempotency_key.rsplit(":", 1)[1] for i in delivered
                         if rows[i].kind == "overdue" and rows[i].debt_id == debt.id)
        assert all(n == 1 for n in nudged.values())
        days_expected = {(START.astimezone(zone).date() + timedelta(days=n)).isoformat() for n in range(1, 30)}
        if who == BLOCKER:
            days_expected = {d for d in days_expected
                             if not (BLOCKED_FROM.astimezone(zone).date().isoformat() < d
                                     <= BLOCKED_UNTIL.astimezone(zone).date().isoformat())}
        missing = sorted(days_expected - set(nudged))
        assert missing == [], f"{who}: no overdue nudge on {missing}"


async def test_a_crash_between_send_and_acknowledgement_resends_at_most_one_claim_batch(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    """Sent but not acknowledged when the process died: the restart sends those again — never more."""
    for person in PEOPLE:
        set_up(world, person)
    world.sender.chaos = False
    for chat in world.chats.values():
        for n in range(30):
            chat.say(f"/remind 1分钟后 crash-{n}")
    world.clock.advance(timedelta(minutes=2))
    first = world.dispatcher
    first.start()
    await first.tick()
    world.locker.lock()  # acknowledgements cannot be written…
    with caplog.at_level(logging.CRITICAL):
        await first.drain()
        await first.stop()  # …and the process is gone before they could be
    world.locker.unlock()
    world.clock.advance(timedelta(seconds=5))  # the restart
    delivered_before = Counter(i for a in world.sender.attempts if a.outcome == "ok" for i in a.rows)
    assert delivered_before and max(delivered_before.values()) == 1

    restarted = Dispatcher(world.database, world.engine, Senders({"tg": world.sender, "wx": world.sender}),
                           world.clock, NoLimiter())
    restarted.start(reclaim_all=True)
    for _ in range(10):
        world.clock.advance(timedelta(seconds=1))
        await restarted.tick()
        await restarted.drain()
    await restarted.stop()
    delivered = Counter(i for a in world.sender.attempts if a.outcome == "ok" for i in a.rows)
    again = [i for i, n in delivered.items() if n > 1]
    assert 0 < len(again) <= first.capacity, "a crash re-sends at most one claim batch"
    assert all(r.status == "sent" for r in all_rows(world) if "crash-" in r.payload), "and loses nothing"
