"""The operators' view over loopback HTTP: /healthz says whether the process is fine and why, /metrics counts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Engine as Database

from bot.engine.engine import Engine
from bot.messages import Address
from bot.monitoring import Monitor
from bot.runtime.limiter import NoLimiter, SharedLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.db import make_engine
from tests.builders import make_inbound
from tests.fakes import FrozenClock, RecordingSender
from tests.seeding import seed_due_reminders


@pytest.fixture
async def served(engine: Engine, clock: FrozenClock) -> AsyncIterator[tuple[Monitor, Dispatcher, RecordingSender]]:
    sender = RecordingSender()
    dispatcher = Dispatcher(engine.database, engine, Senders({"tg": sender}), clock, NoLimiter(), worker_id="w1")
    monitor = Monitor(engine.database, clock, process="worker")
    monitor.watch(dispatcher)
    dispatcher.start()
    await monitor.start()
    yield monitor, dispatcher, sender
    await dispatcher.stop()
    await monitor.stop()


async def get(monitor: Monitor, path: str) -> tuple[int, str, dict[str, Any] | None]:
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{monitor.port}{path}") as response:
        body = await response.text()
        data = await response.json() if response.content_type == "application/json" else None
        return response.status, body, data


def metric(text: str, name: str) -> float:
    """The value of a metric line ``name value`` (``name`` may include labels)."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in\n{text}")


async def test_healthy_process_reports_database_scheduler_and_lag(
        served: tuple[Monitor, Dispatcher, RecordingSender], clock: FrozenClock) -> None:
    monitor, dispatcher, _ = served
    seed_due_reminders(dispatcher.database, 3, now=clock.now() - timedelta(minutes=4))
    await dispatcher.tick()  # ticked: alive; the sends are still queued
    status, _, health = await get(monitor, "/healthz")
    assert status == 200 and health is not None
    assert health["status"] == "ok" and health["process"] == "worker" and health["worker_id"] == "w1"
    assert health["database"] == {"reachable": True}
    assert health["scheduler"]["alive"] is True
    assert health["due_pending"] == 0 and health["oldest_pending_lag_seconds"] == 0.0
    await dispatcher.drain()


async def test_lag_is_the_age_of_the_oldest_due_unclaimed_row(
        served: tuple[Monitor, Dispatcher, RecordingSender], clock: FrozenClock) -> None:
    monitor, dispatcher, _ = served
    await dispatcher.tick()
    seed_due_reminders(dispatcher.database, 4, now=clock.now() - timedelta(minutes=4))  # due 5 minutes ago
    _, _, health = await get(monitor, "/healthz")
    assert health is not None and health["due_pending"] == 4
    assert health["oldest_pending_lag_seconds"] == 300.0


async def test_metrics_count_sends_inbound_and_the_schedule(
        served: tuple[Monitor, Dispatcher, RecordingSender], engine: Engine, clock: FrozenClock) -> None:
    monitor, dispatcher, sender = served
    seed_due_reminders(dispatcher.database, 5, now=clock.now())
    engine.handle(make_inbound("/start", sender=Address("tg", "77")))
    engine.handle(make_inbound("/help", sender=Address("console", "me")))
    await dispatcher.tick()
    await dispatcher.drain()
    seed_due_reminders(dispatcher.database, 2, now=clock.now() - timedelta(seconds=20), first_id=5000)
    status, text, _ = await get(monitor, "/metrics")
    assert status == 200
    assert len(sender.sent) == 5
    assert metric(text, "repaybot_reminders_sent_total") == 5
    assert metric(text, "repaybot_reminders_claimed_total") == 5
    assert metric(text, "repaybot_reminders_failed_total") == 0
    assert metric(text, "repaybot_rate_limited_total") == 0
    assert metric(text, "repaybot_reminders_pending") == 2
    assert metric(text, "repaybot_reminders_in_flight") == 0
    assert metric(text, "repaybot_oldest_pending_lag_seconds") == 80
    assert metric(text, 'repaybot_inbound_updates_total{channel="tg"}') == 1
    assert metric(text, 'repaybot_inbound_updates_total{channel="console"}') == 1
    assert metric(text, "repaybot_database_up") == 1
    assert metric(text, "repaybot_due_scan_ticks_total") == 1
    assert "# TYPE repaybot_reminders_sent_total counter" in text


async def test_a_due_scan_that_stopped_ticking_is_unhealthy(
        served: tuple[Monitor, Dispatcher, RecordingSender]) -> None:
    monitor, dispatcher, _ = served
    await dispatcher.tick()
    assert dispatcher.stats.last_tick_at is not None
    dispatcher.stats.last_tick_at -= 60  # as if the loop had been stuck for a minute
    status, _, health = await get(monitor, "/healthz")
    assert status == 503 and health is not None
    assert health["status"] == "unhealthy" and health["scheduler"]["alive"] is False
    assert "60 s ago" in health["scheduler"]["problem"]


async def test_an_unreachable_database_is_unhealthy(engine: Engine, clock: FrozenClock) -> None:
    broken = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    dispatcher = Dispatcher(broken, engine, Senders({}), clock, NoLimiter())
    await dispatcher.tick()  # logs the failure and carries on: the scheduler is alive, the database is not
    monitor = Monitor(broken, clock, process="worker")
    monitor.watch(dispatcher)
    await monitor.start()
    try:
        status, _, health = await get(monitor, "/healthz")
        assert status == 503 and health is not None
        assert health["database"]["reachable"] is False and health["database"]["error"]
        assert health["oldest_pending_lag_seconds"] is None
        status, text, _ = await get(monitor, "/metrics")
        assert status == 200 and metric(text, "repaybot_database_up") == 0
        assert "repaybot_reminders_pending" not in text
    finally:
        await monitor.stop()
        broken.dispose()


async def test_a_process_that_just_started_is_given_time_for_its_first_tick(engine: Engine,
                                                                            clock: FrozenClock) -> None:
    dispatcher = Dispatcher(engine.database, engine, Senders({}), clock, NoLimiter())
    monitor = Monitor(engine.database, clock, process="telegram", stale_after=5)
    monitor.watch(dispatcher)
    await monitor.start()
    try:
        healthy, body = await monitor.health()
        assert healthy and body["scheduler"]["last_tick_seconds_ago"] is None
        monitor._started = asyncio.get_running_loop().time() - 6
        healthy, body = await monitor.health()
        assert not healthy and body["scheduler"]["problem"] == "the due-scan never ticked"
    finally:
        await monitor.stop()


async def test_the_shared_budget_reports_its_round_trips(database: Database, engine: Engine,
                                                         clock: FrozenClock) -> None:
    limiter = SharedLimiter(database, "tg:1", 1000.0)
    for _ in range(5):
        await limiter.acquire("tg:1", per_chat=False)
    dispatcher = Dispatcher(database, engine, Senders({}), clock, limiter)
    monitor = Monitor(database, clock, process="worker")
    monitor.watch(dispatcher)
    text = (await monitor.metrics()).decode()
    assert metric(text, "repaybot_send_budget_slots_total") >= 5
    assert 1 <= metric(text, "repaybot_send_budget_leases_total") <= 5
