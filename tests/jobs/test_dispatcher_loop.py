"""The due-scan's database work runs off the event loop: the senders keep their timing while a tick works."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from bot.engine.engine import Engine
from bot.engine.reminders import Outgoing
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Reminder
from tests.fakes import FrozenClock, RecordingSender
from tests.seeding import seed_due_reminders

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class SlowEngine(Engine):
    """Preparing a batch takes 200 ms of (blocking) work, as a large batch on a busy database might."""

    def prepare_due(self, session: Session, rows: list[Reminder], now: datetime) -> list[Outgoing]:
        time.sleep(0.2)
        return super().prepare_due(session, rows, now)


async def test_a_slow_tick_does_not_hold_the_event_loop(tmp_path: Path) -> None:
    database = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(database)
    clock = FrozenClock(NOW)
    seed_due_reminders(database, 5, now=NOW)
    sender = RecordingSender()
    dispatcher = Dispatcher(database, SlowEngine(database, clock), Senders({"tg": sender}), clock, NoLimiter())
    dispatcher.start()
    beats: list[float] = []

    async def heartbeat() -> None:
        while True:
            beats.append(time.monotonic())
            await asyncio.sleep(0.01)

    beating = asyncio.create_task(heartbeat())
    await asyncio.sleep(0)
    assert await dispatcher.tick() == 5
    await dispatcher.drain()
    beating.cancel()
    await dispatcher.stop()
    database.dispose()
    gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
    assert len(beats) >= 10 and max(gaps) < 0.1, f"the loop stalled for {max(gaps) * 1000:.0f} ms"
    assert len(sender.sent) == 5


async def test_stopping_waits_for_the_tick_in_progress(tmp_path: Path) -> None:
    database = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(database)
    clock = FrozenClock(NOW)
    seed_due_reminders(database, 3, now=NOW)
    sender = RecordingSender()
    dispatcher = Dispatcher(database, SlowEngine(database, clock), Senders({"tg": sender}), clock, NoLimiter())
    dispatcher.start()
    ticking = asyncio.create_task(dispatcher.tick())
    await asyncio.sleep(0.05)  # the tick is now waiting on its database thread
    await dispatcher.stop()
    assert ticking.done() and ticking.result() == 3
    assert len(sender.sent) == 3, "what the last tick claimed went out before the stop returned"
    database.dispose()
