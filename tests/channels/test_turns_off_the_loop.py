"""Engine turns run on the shared turn threads, never on the event loop: one user's turn waiting on the database
holds one thread, while other chats are answered; one chat's messages are still answered in the order they came.
Driven through the real Telegram application (long polling) against the fake Bot API on loopback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.channels.telegram import TgApp, make_application
from bot.engine.engine import Engine
from bot.messages import Inbound, Reply
from bot.runtime.limiter import SmoothLimiter
from bot.runtime.turns import TurnRunner
from bot.texts import zh
from tests.channels.offline_telegram import TOKEN
from tests.conftest import NO_POSTGRES, POSTGRES_URL, postgres_schema_database
from tests.fake_telegram import FakeTelegram
from tests.fakes import FrozenClock

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
A, B = 501, 502


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    yield


class Watched:
    """``Engine.handle`` with a signal when a turn of a chosen chat starts, and an optional gate it waits at."""

    def __init__(self, handle: Callable[[Inbound], list[Reply]], loop: asyncio.AbstractEventLoop) -> None:
        self.handle = handle
        self.loop = loop
        self.started: dict[str, asyncio.Event] = {}
        self.gates: dict[str, threading.Event] = {}

    def watch(self, chat: int) -> asyncio.Event:
        self.started[f"tg:{chat}"] = event = asyncio.Event()
        return event

    def __call__(self, inbound: Inbound) -> list[Reply]:
        key = str(inbound.sender)
        if key in self.started:
            self.loop.call_soon_threadsafe(self.started[key].set)
        gate = self.gates.get(key)
        if gate is not None:
            assert gate.wait(30), "the test never opened the gate"
        return self.handle(inbound)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


async def running(fake: FakeTelegram, handle: Callable[[Inbound], list[Reply]],
                  runner: TurnRunner) -> TgApp:
    app = make_application(token=TOKEN, api_url=fake.api_url, handle=runner.handler(handle),
                           limiter=SmoothLimiter(1000), cap=30)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=1, poll_interval=0)
    return app


async def stopped(app: TgApp) -> None:
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


@pytest.fixture
def pg() -> Iterator[Database]:
    if POSTGRES_URL is None:
        pytest.skip(NO_POSTGRES)
    yield from postgres_schema_database()


@pytest.mark.postgres
async def test_a_turn_waiting_on_a_row_lock_does_not_keep_another_user_from_an_answer(
        fake: FakeTelegram, pg: Database) -> None:
    watched = Watched(Engine(pg, FrozenClock(NOW)).handle, asyncio.get_running_loop())
    runner = TurnRunner(4)
    app = await running(fake, watched, runner)
    try:
        await fake.user_text(A, "/start")
        await fake.wait_call("sendMessage", chat_id=A)
        # Another process is in the middle of A's turn: it holds A's row lock.
        holder = pg.connect()
        transaction = holder.begin()
        holder.execute(text("""SELECT id FROM "user" WHERE address = 'tg:501' FOR UPDATE"""))
        a_started = watched.watch(A)
        before = fake.mark()
        await fake.user_text(A, "/help")
        await asyncio.wait_for(a_started.wait(), 10)  # A's turn is in the engine, waiting for the lock
        await fake.user_text(B, "/help")
        [answer] = await fake.wait_call("sendMessage", chat_id=B, since=before, timeout=10)
        assert "/list" in answer.text
        waiting = holder.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )).scalar_one()
        assert waiting == 1, "A's turn is still waiting on the lock while B got the answer"
        assert fake.find("sendMessage", chat_id=A, since=before) == []
        transaction.rollback()
        holder.close()
        [late] = await fake.wait_call("sendMessage", chat_id=A, since=before, timeout=10)
        assert "/list" in late.text
    finally:
        await stopped(app)
        runner.close()


async def test_chats_are_answered_concurrently_and_each_chat_in_the_order_it_wrote(
        fake: FakeTelegram, engine: Engine) -> None:
    watched = Watched(engine.handle, asyncio.get_running_loop())
    gate = watched.gates["tg:501"] = threading.Event()
    a_started = watched.watch(A)
    runner = TurnRunner(4)
    app = await running(fake, watched, runner)
    try:
        await fake.user_text(A, "/help")  # stuck at the gate, as on a slow database
        await asyncio.wait_for(a_started.wait(), 10)
        await fake.user_text(A, "/frobnicate")  # must not overtake the first
        await fake.user_text(B, "/help")
        [other] = await fake.wait_call("sendMessage", chat_id=B, timeout=10)
        assert "/list" in other.text
        assert fake.find("sendMessage", chat_id=A) == [], "A's second message waits for its first"
        gate.set()
        first, second = await fake.wait_call("sendMessage", chat_id=A, count=2, timeout=10)
        assert "/list" in first.text and "/frobnicate" in second.text
        assert second.text != zh.TEXTS["onb.help"]
    finally:
        gate.set()
        await stopped(app)
        runner.close()


async def test_the_runner_keeps_each_keys_order_and_runs_other_keys_meanwhile() -> None:
    runner = TurnRunner(4)
    order: list[str] = []
    gate = threading.Event()

    def work(name: str, wait: bool = False) -> str:
        if wait:
            assert gate.wait(10)
        order.append(name)
        return name

    a1 = asyncio.create_task(runner.run("a", lambda: work("a1", wait=True)))
    a2 = asyncio.create_task(runner.run("a", lambda: work("a2")))
    b1 = asyncio.create_task(runner.run("b", lambda: work("b1")))
    assert await b1 == "b1" and order == ["b1"], "b is not held up behind a"
    a2.cancel()  # a caller that gives up does not let a later turn of its key overtake the one in progress
    a3 = asyncio.create_task(runner.run("a", lambda: work("a3")))
    await asyncio.sleep(0)
    gate.set()
    assert await a1 == "a1" and await a3 == "a3"
    assert order == ["b1", "a1", "a3"]
    runner.close()
