"""The single APScheduler: one due-scan job every second. No job per reminder — the database is the schedule."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock


def make_scheduler(clock: Clock, ticks: dict[str, tuple[Callable[[], Awaitable[object]], float]]) -> AsyncIOScheduler:
    """Build an AsyncIOScheduler (UTC) running each ``name: (coroutine function, seconds)`` tick.

    ``coalesce`` and ``max_instances=1`` mean a slow tick is never stacked; ``misfire_grace_time=None`` means a
    late tick still runs instead of being dropped. The first run is immediate, so a restart sends at once.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    for name, (tick, seconds) in ticks.items():
        scheduler.add_job(tick, "interval", seconds=seconds, id=name, name=name, coalesce=True, max_instances=1,
                          misfire_grace_time=None, next_run_time=clock.now())
    return scheduler
