"""The operators' view of one process: ``/healthz`` (JSON) and ``/metrics`` (Prometheus text) over HTTP.

Every long-running process (``telegram``, ``wechat``, ``worker``; not the console chat) serves both on
``METRICS_PORT`` when it is set. Counters are this process's own (Prometheus adds them up across processes);
the schedule's figures — due and pending, claimed, the oldest pending lag — come from the shared database, so
every process reports the same values for them.

Healthy means: the database answers, and the due-scan ticked recently. Otherwise ``/healthz`` answers 503, so a
load balancer or an orchestrator can take the process out or restart it. A long lag alone is not unhealthy (a
burst of 10,000 reminders takes about six minutes at Telegram's cap); alert on the lag gauge instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.clock import Clock
from bot.runtime.limiter import SharedLimiter
from jobs.reminders import Dispatcher
from storage import schedule
from storage.db import session_scope

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleFigures:
    """What the database says about the schedule, or why it could not say."""

    reachable: bool
    pending: int = 0
    claimed: int = 0
    lag_seconds: float = 0.0
    error: str | None = None


class Monitor:
    """Collects one process's figures and serves them; ``watch`` the dispatcher once it exists."""

    def __init__(self, database: Database, clock: Clock, *, process: str, host: str = "127.0.0.1", port: int = 0,
                 stale_after: float = 10.0, timeout: float = 2.0) -> None:
        self.database = database
        self.host = host
        self.port = port
        self.clock = clock
        self.process = process
        self.stale_after = stale_after
        self.timeout = timeout
        self.dispatcher: Dispatcher | None = None
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(_Collector(self))
        self.figures = ScheduleFigures(reachable=False, error="not checked yet")
        self._started: float | None = None
        self._runner: web.AppRunner | None = None

    def watch(self, dispatcher: Dispatcher) -> None:
        """Report on this dispatcher (and on its engine and limiter)."""
        self.dispatcher = dispatcher

    # --- figures -------------------------------------------------------------------------------------------

    async def refresh(self) -> ScheduleFigures:
        """Ask the database (off the event loop, with a timeout) about the schedule."""
        try:
            self.figures = await asyncio.wait_for(asyncio.to_thread(self._query), self.timeout)
        except TimeoutError:
            self.figures = ScheduleFigures(reachable=False, error=f"no answer within {self.timeout:g} s")
        except Exception as err:  # any driver error means the same to an operator: the database is not there
            self.figures = ScheduleFigures(reachable=False, error=type(err).__name__)
        return self.figures

    def _query(self) -> ScheduleFigures:
        now = self.clock.now()
        with session_scope(self.database) as session:
            session.execute(text("SELECT 1"))
            counts = schedule.count_reminders_by_status(session=session, now=now)
            oldest = schedule.oldest_pending_fire_at(session=session, now=now)
        lag = 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())
        return ScheduleFigures(reachable=True, pending=counts["pending"], claimed=counts["claimed"], lag_seconds=lag)

    def tick_age(self) -> float | None:
        """Seconds since the due-scan last ticked, or None when it has not ticked yet."""
        if self.dispatcher is None or self.dispatcher.stats.last_tick_at is None:
            return None
        return max(0.0, asyncio.get_running_loop().time() - self.dispatcher.stats.last_tick_at)

    async def health(self) -> tuple[bool, dict[str, Any]]:
        """Return whether this process is healthy, and the details."""
        figures = await self.refresh()
        age = self.tick_age()
        loop_time = asyncio.get_running_loop().time()
        starting = self._started is not None and loop_time - self._started < self.stale_after
        why: str | None
        if self.dispatcher is None:
            scheduler_ok, why = False, "no dispatcher in this process"
        elif age is None:
            scheduler_ok, why = starting, None if starting else "the due-scan never ticked"
        else:
            scheduler_ok = age <= self.stale_after
            why = None if scheduler_ok else f"the due-scan last ticked {age:.0f} s ago"
        healthy = figures.reachable and scheduler_ok
        body: dict[str, Any] = {
            "status": "ok" if healthy else "unhealthy",
            "process": self.process,
            "database": {"reachable": figures.reachable, **({"error": figures.error} if figures.error else {})},
            "scheduler": {"alive": scheduler_ok, "last_tick_seconds_ago": None if age is None else round(age, 3),
                          **({"problem": why} if why else {})},
            "oldest_pending_lag_seconds": round(figures.lag_seconds, 3) if figures.reachable else None,
            "due_pending": figures.pending if figures.reachable else None,
            "claimed": figures.claimed if figures.reachable else None,
        }
        if self.dispatcher is not None:
            body["worker_id"] = self.dispatcher.worker_id
        return healthy, body

    async def metrics(self) -> bytes:
        """Return every metric in Prometheus' text format."""
        await self.refresh()
        return generate_latest(self.registry)

    # --- HTTP ------------------------------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        """The aiohttp application with ``/healthz`` and ``/metrics``."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def start(self) -> tuple[str, int]:
        """Serve on ``host:port`` (port 0 picks a free one); return the address actually bound."""
        self._started = asyncio.get_running_loop().time()
        self._runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        bound = self._runner.addresses[0] if self._runner.addresses else (self.host, self.port)
        self.port = int(bound[1])
        log.info("health and metrics on http://%s:%s/healthz and /metrics", bound[0], bound[1])
        return str(bound[0]), int(bound[1])

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        healthy, body = await self.health()
        return web.json_response(body, status=200 if healthy else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        body = await self.metrics()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


class _Collector:
    """Reads the monitor's figures at scrape time (prometheus-client's custom-collector protocol)."""

    def __init__(self, monitor: Monitor) -> None:
        self.monitor = monitor

    def collect(self) -> Iterator[Metric]:
        monitor = self.monitor
        figures = monitor.figures
        yield _gauge("repaybot_database_up", "1 when the database answered the last check", int(figures.reachable))
        if figures.reachable:
            yield _gauge("repaybot_reminders_pending", "Schedule rows due now and not yet claimed by any process",
                         figures.pending)
            yield _gauge("repaybot_reminders_in_flight",
                         "Schedule rows claimed by some dispatcher and not yet acknowledged", figures.claimed)
            yield _gauge("repaybot_oldest_pending_lag_seconds",
                         "How long the oldest due, unclaimed schedule row has been waiting", figures.lag_seconds)
        dispatcher = monitor.dispatcher
        if dispatcher is None:
            return
        stats = dispatcher.stats
        for name, doc, value in (
            ("repaybot_reminders_claimed", "Schedule rows this process claimed", stats.claimed),
            ("repaybot_reminders_sent", "Schedule rows this process delivered", stats.sent),
            ("repaybot_reminders_failed", "Schedule rows this process gave up on after every attempt", stats.failed),
            ("repaybot_reminders_retried", "Sends put back for a later attempt", stats.retried),
            ("repaybot_reminders_blocked", "Sends refused because the user blocked the bot", stats.blocked),
            ("repaybot_reminders_held", "Messages kept for the user's next message (channel could not push)",
             stats.held),
            ("repaybot_rate_limited", "Platform answers 429 Too Many Requests (flood limit)", stats.rate_limited),
            ("repaybot_due_scan_ticks", "Due-scan ticks run", stats.ticks),
        ):
            yield _counter(name, doc, value)
        yield _gauge("repaybot_due_scan_last_tick_duration_seconds", "How long the latest due-scan tick held the loop",
                     stats.last_tick_seconds)
        yield _gauge("repaybot_due_scan_max_tick_duration_seconds", "The longest due-scan tick since start",
                     stats.max_tick_seconds)
        age = monitor.tick_age()
        if age is not None:
            yield _gauge("repaybot_due_scan_last_tick_age_seconds", "Seconds since the due-scan last ticked", age)
        engine = dispatcher.engine.stats
        inbound = CounterMetricFamily("repaybot_inbound_updates", "Inbound messages handled, by channel",
                                      labels=["channel"])
        for channel, count in sorted(engine.inbound.items()):
            inbound.add_metric([channel], count)
        yield inbound
        yield _counter("repaybot_inbound_errors", "Inbound messages answered with an apology because of a bug",
                       engine.errors)
        yield _counter("repaybot_inbound_flooded", "Inbound messages over a sender's flood limit (noticed or dropped)",
                       engine.flooded)
        limiter = dispatcher.limiter
        if isinstance(limiter, SharedLimiter):
            budget = limiter.stats
            yield _counter("repaybot_send_budget_leases", "Round trips to the shared send budget", budget.leases)
            yield _counter("repaybot_send_budget_slots", "Send slots leased from the shared budget", budget.slots)
            yield _counter("repaybot_send_budget_slots_dropped",
                           "Leased send slots given up (unused, or woken for too late)", budget.dropped)
            yield _counter("repaybot_send_budget_errors", "Failed round trips to the shared send budget",
                           budget.errors)


def _gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, value=value)


def _counter(name: str, doc: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, doc, value=value)
