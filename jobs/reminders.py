"""The due-scan: claim due schedule rows, send them through the limiter, acknowledge in batches.

One tick runs every second. It never waits on the network: claimed messages go to a small pool of sender tasks,
and a tick claims only what the pool can send in about two seconds (``backlog_seconds × rate``), so the queue stays
short, restarts are cheap, and a crash re-sends at most one claim batch. Its database work runs in a thread, one
piece at a time, so the event loop stays free to time the sends.

The database may refuse a write at any moment (SQLite locked by another writer, PostgreSQL restarting). Nothing
here lets that lose or repeat a message: acknowledgements of delivered rows stay in memory until they are written;
a failed write about an undelivered row leaves it claimed, and the lease returns it; rows this process still holds
are never taken back by its own lease check, whatever the wall clock does.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from sqlalchemy import Engine as Database
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from bot.clock import Clock
from bot.engine import schedule_status
from bot.engine.engine import Engine
from bot.engine.outbox import Outgoing
from bot.errors import ChannelUnavailable, RateLimited, RecipientBlocked, RecipientOutOfReach
from bot.runtime.limiter import Limiter
from bot.runtime.senders import Senders
from storage import schedule
from storage.db import session_scope

log = logging.getLogger(__name__)
T = TypeVar("T")


def make_worker_id() -> str:
    """Name this dispatcher process uniquely (claims record who holds them)."""
    return f"{socket.gethostname()[:24]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@dataclass
class DispatchStats:
    """Counters for operators and benchmarks."""

    ticks: int = 0
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    rate_limited: int = 0
    held: int = 0
    blocked: int = 0
    last_tick_seconds: float = 0.0
    max_tick_seconds: float = 0.0
    last_tick_at: float | None = None  # event-loop time when the latest tick finished (liveness)
    tick_durations: list[float] = field(default_factory=list)


class Dispatcher:
    """Sends what the schedule says is due."""

    def __init__(self, database: Database, engine: Engine, senders: Senders, clock: Clock, limiter: Limiter, *,
                 rate: float = 30.0, worker_id: str | None = None, backlog_seconds: float = 2.0,
                 lease: timedelta = timedelta(seconds=60), max_attempts: int = 5, concurrency: int = 8,
                 ack_batch: int = 50, record_tick_durations: bool = False) -> None:
        self.database = database
        self.engine = engine
        self.senders = senders
        self.clock = clock
        self.limiter = limiter
        self.worker_id = worker_id or make_worker_id()
        self.capacity = max(1, int(rate * backlog_seconds))
        self.lease = lease
        self.max_attempts = max_attempts
        self.concurrency = concurrency
        self.ack_batch = ack_batch
        self.stats = DispatchStats()
        self._record_ticks = record_tick_durations
        self._queue: asyncio.Queue[Outgoing] = asyncio.Queue()
        self._in_flight = 0
        self._acks: list[int] = []
        # Rows claimed by this process and not yet settled in the database (queued, being sent, or delivered
        # with the acknowledgement still to be written). The lease check never returns these: a clock stepped
        # forward would otherwise make a batch in flight look abandoned and send it twice.
        self._holding: set[int] = set()
        self._workers: list[asyncio.Task[None]] = []
        self._idle = asyncio.Event()
        self._idle.set()
        self._database_lock = asyncio.Lock()
        self._not_ticking = asyncio.Event()
        self._not_ticking.set()
        self._offload = not isinstance(database.pool, StaticPool)

    # --- lifecycle ---------------------------------------------------------------------------------------

    def start(self, *, reclaim_all: bool = False) -> None:
        """Start the sender tasks; with ``reclaim_all`` (single-process SQLite) take back every stale claim now."""
        if reclaim_all:
            with session_scope(self.database) as session:
                count = schedule.reclaim_stale_claims(session=session, now=self.clock.now(), lease=timedelta(0),
                                                  channels=self.senders.channels)
            if count:
                log.info("took back %d claims left by a previous run", count)
        self._workers = [asyncio.create_task(self._send_loop(), name=f"sender-{i}") for i in range(self.concurrency)]

    async def stop(self) -> None:
        """Finish the tick in progress and what is queued, acknowledge it, and stop the sender tasks."""
        await self._not_ticking.wait()
        await self.drain()
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        await self.flush_acks()

    async def drain(self) -> None:
        """Wait until every claimed message has been handled (tests use this instead of sleeping)."""
        if not self._workers and self._in_flight:
            self.start()
        await self._idle.wait()
        await self.flush_acks()

    # --- the tick ----------------------------------------------------------------------------------------

    async def tick(self) -> int:
        """Claim what is due and hand it to the senders; return how many messages were queued."""
        started = asyncio.get_running_loop().time()
        self._not_ticking.clear()
        try:
            await self.flush_acks()
            room = self.capacity - self._in_flight
            holding = frozenset(self._holding)
            claimed, messages = await self._in_database(lambda: self._scan(room, holding))
        except Exception:
            log.exception("due-scan tick failed; the next tick retries")
            return 0
        finally:
            self._not_ticking.set()
            finished = asyncio.get_running_loop().time()
            elapsed = finished - started
            self.stats.last_tick_at = finished
            self.stats.ticks += 1
            self.stats.last_tick_seconds = elapsed
            self.stats.max_tick_seconds = max(self.stats.max_tick_seconds, elapsed)
            if self._record_ticks:
                self.stats.tick_durations.append(elapsed)
        self.stats.claimed += claimed
        for message in messages:
            self._holding.update(message.row_ids)
            self._in_flight += 1
            self._idle.clear()
            self._queue.put_nowait(message)
        return len(messages)

    def _scan(self, room: int, holding: frozenset[int]) -> tuple[int, list[Outgoing]]:
        """Renew our claims, return stale ones, claim up to ``room`` due rows; (rows claimed, messages)."""
        now = self.clock.now()
        with session_scope(self.database) as session:
            if holding:
                schedule.renew_claims(session=session, worker=self.worker_id, now=now)
            schedule.reclaim_stale_claims(session=session, now=now, lease=self.lease, keep=holding)
            if room <= 0:
                return 0, []
            rows = schedule.claim_due_reminders(session=session, now=now, limit=room, worker=self.worker_id,
                                            channels=self.senders.channels)
            if not rows:
                return 0, []
            return len(rows), self.engine.prepare_due(session, rows, now)

    async def _in_database(self, work: Callable[[], T]) -> T:
        """Run a piece of the dispatcher's database work off the event loop, one piece at a time.

        The event loop also times the sends: a tick that held it for 20 ms would let every sender whose slot
        passed meanwhile go out at once, and against a strict per-second limit a late send is a burst. One piece
        at a time, because renewing claims and acknowledging sends lock overlapping rows. (An in-memory SQLite
        database has one connection for everyone; its work stays on the loop.)
        """
        async with self._database_lock:
            if self._offload:
                return await asyncio.to_thread(work)
            return work()

    # --- sending -------------------------------------------------------------------------------------------

    async def _send_loop(self) -> None:
        while True:
            message = await self._queue.get()
            try:
                await self._deliver(message)
            except Exception:
                log.exception("unexpected error delivering a message; it will be retried")
                await self._settle(message, "a retry", partial(self._retry, message, "unexpected error"))
            finally:
                self._in_flight -= 1
                if self._in_flight == 0:
                    self._idle.set()

    async def _deliver(self, message: Outgoing) -> None:
        await self.limiter.acquire(str(message.to))
        try:
            await self.senders.send(message.to, message.reply)
        except RecipientBlocked:
            self.stats.blocked += 1
            log.info("user %s blocked the bot; pausing their schedule", message.user_id)
            await self._settle(message, "a pause", partial(self._pause, message))
        except RateLimited as err:
            self.stats.rate_limited += 1
            self.limiter.pause(err.retry_after)
            await self._settle(message, "a retry", partial(self._retry, message, "rate limited",
                                                           delay=timedelta(seconds=err.retry_after),
                                                           count_attempt=False))
        except RecipientOutOfReach:
            self.stats.held += 1
            await self._settle(message, "a hold", partial(self._mark, message, schedule_status.held))
        except ChannelUnavailable as err:
            # Only the category is stored: the row is exported to the user, and an error's text may carry a
            # URL with the bot token in it. The details go to the (redacted) log.
            log.info("channel unavailable for user %s: %s", message.user_id, err)
            await self._settle(message, "a retry", partial(self._retry, message, "channel unavailable",
                                                           detail=str(err)))
        else:
            self.stats.sent += len(message.row_ids)
            self._acks.extend(message.row_ids)
            if len(self._acks) >= self.ack_batch:
                await self.flush_acks()

    async def flush_acks(self) -> bool:
        """Mark delivered rows as sent, in one statement; return False if the database refused (kept for later).

        The ids leave memory only once the write committed: a delivered row that lost its acknowledgement would
        go back to pending when its lease ran out and be sent a second time.
        """
        if not self._acks:
            return True
        ids = list(self._acks)  # senders may add more while the write runs; those stay for the next flush
        now = self.clock.now()

        def mark_sent() -> None:
            with session_scope(self.database) as session:
                schedule_status.delivered(session, ids, now)

        try:
            await self._in_database(mark_sent)
        except Exception:
            log.warning("could not acknowledge %d delivered rows yet; keeping them for the next try", len(ids),
                        exc_info=True)
            return False
        written = set(ids)  # by value: another flush may have run meanwhile, and senders keep appending
        self._acks = [i for i in self._acks if i not in written]
        self._holding.difference_update(written)
        return True

    async def _settle(self, message: Outgoing, what: str, write: Callable[[], None]) -> None:
        """Record what became of an undelivered message; if the database refuses, leave the rows claimed so the
        lease returns them for another try (nothing was delivered, so nothing is sent twice)."""
        try:
            await self._in_database(write)
        except Exception:
            log.warning("could not record %s for schedule rows %s; the claim lease will return them", what,
                        list(message.row_ids), exc_info=True)
        finally:
            self._holding.difference_update(message.row_ids)

    def _pause(self, message: Outgoing) -> None:
        self.engine.pause_user(message.user_id)
        self._mark(message, schedule_status.paused)

    def _mark(self, message: Outgoing, outcome: Callable[[Session, list[int], datetime], None]) -> None:
        with session_scope(self.database) as session:
            outcome(session, list(message.row_ids), self.clock.now())

    def _retry(self, message: Outgoing, error: str, *, delay: timedelta | None = None,
               count_attempt: bool = True, detail: str = "") -> None:
        """Put rows back for later with exponential backoff, or fail them after ``max_attempts`` (the engine
        decides, row by row: each has its own attempt count)."""
        now = self.clock.now()
        with session_scope(self.database) as session:
            for row_id in message.row_ids:
                verdict = schedule_status.failed_delivery(session, row_id, error=error, now=now,
                                                          max_attempts=self.max_attempts, delay=delay,
                                                          count_attempt=count_attempt)
                if verdict is None:
                    continue
                if verdict.failed:
                    self.stats.failed += 1
                    log.warning("giving up on schedule row %s (%d attempts allowed): %s %s", row_id,
                                self.max_attempts, error, detail)
                else:
                    self.stats.retried += 1
