"""Several dispatchers on one database: a live dispatcher keeps its claims however long they queue; a dead one's
claims come back after the lease, and nothing is sent twice or lost."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address, Reply
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.models import Reminder
from tests.fakes import FrozenClock, RecordingSender
from tests.seeding import seed_due_reminders

LEASE = timedelta(seconds=30)


class StuckSender:
    """Accepts messages but does not return until ``release`` (a slow network, or a very long queue)."""

    def __init__(self) -> None:
        self.released = asyncio.Event()
        self.sent: list[Address] = []

    async def send(self, to: Address, reply: Reply) -> None:
        await self.released.wait()
        self.sent.append(to)


def dispatcher(engine: Engine, clock: FrozenClock, sender: object, name: str) -> Dispatcher:
    return Dispatcher(engine.database, engine, Senders({"tg": sender}), clock, NoLimiter(),  # type: ignore[dict-item]
                      worker_id=name, lease=LEASE)


def statuses(engine: Engine) -> dict[str, int]:
    with Session(engine.database) as s:
        found: dict[str, int] = {}
        for row in s.exec(select(Reminder)):
            found[row.status] = found.get(row.status, 0) + 1
        return found


async def test_a_live_dispatcher_keeps_its_claims_past_the_lease(engine: Engine, clock: FrozenClock) -> None:
    seed_due_reminders(engine.database, 10, now=clock.now())
    slow, other = StuckSender(), RecordingSender()
    a, b = dispatcher(engine, clock, slow, "a"), dispatcher(engine, clock, other, "b")
    a.start()
    b.start()
    assert await a.tick() == 10
    for _ in range(4):  # two minutes of ticks while A's sends hang
        clock.advance(LEASE / 2)
        await a.tick()
        await b.tick()
    assert other.sent == [] and statuses(engine) == {"claimed": 10}
    slow.released.set()
    await a.stop()
    await b.stop()
    assert len(slow.sent) == 10 and statuses(engine) == {"sent": 10}


async def test_a_dead_dispatchers_claims_come_back_after_the_lease(engine: Engine, clock: FrozenClock) -> None:
    seed_due_reminders(engine.database, 10, now=clock.now())
    dead, other = StuckSender(), RecordingSender()
    a, b = dispatcher(engine, clock, dead, "a"), dispatcher(engine, clock, other, "b")
    a.start()
    b.start()
    assert await a.tick() == 10  # ... and A never ticks again: it died holding ten claims
    clock.advance(LEASE - timedelta(seconds=1))
    await b.tick()
    assert other.sent == []
    clock.advance(timedelta(seconds=2))
    await b.tick()
    await b.drain()
    assert sorted(str(to) for to, _ in other.sent) == [f"tg:{1000 + i}" for i in range(10)]
    assert statuses(engine) == {"sent": 10}
    for task in a._workers:
        task.cancel()
    await b.stop()
