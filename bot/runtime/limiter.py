"""Smooth rate limiters: sends evenly spaced, never in bursts.

Telegram counts about 30 messages per second per bot *in any one-second window*. A leaky bucket with capacity 30
(PTB's default ``AIORateLimiter``) lets 59 through in the first second and collects 429s; spacing every send
1/rate apart cannot exceed the window. Each chat also gets at most one message per second.

The budget belongs to the bot token, not to a process. One process keeps it in memory (``SmoothLimiter``, no
round trip per send); several processes sending as one bot share it through the database (``SharedLimiter``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine as Database
from sqlalchemy.exc import SQLAlchemyError

from storage import send_budget
from storage.db import session_scope

log = logging.getLogger(__name__)

# A demand for slots within this long of the last leased one continues a stream: lease more per round trip.
BUSY_GAP = 0.05
# How fast the database's clock and ours may drift apart (seconds per second): NTP-disciplined clocks stay within
# a few parts per million; on one machine the two never drift.
CLOCK_DRIFT = 0.0001


class Limiter(Protocol):
    """Waits until one more message to ``key`` may go out."""

    async def acquire(self, key: str, *, per_chat: bool = True) -> None: ...

    def pause(self, seconds: float) -> None: ...


class SmoothLimiter:
    """Evenly spaced slots: ``rate`` per second overall and one per ``per_chat_interval`` per chat."""

    def __init__(self, rate: float, *, per_chat_interval: float = 1.0,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.per_chat_interval = per_chat_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_slot = 0.0
        self._next_by_chat: dict[str, float] = {}

    async def acquire(self, key: str, *, per_chat: bool = True) -> None:
        """Reserve the next free slot for ``key`` and wait for it.

        ``per_chat=False`` takes only a slot of the overall budget: a direct answer to what a user just wrote may
        come in a short burst (Telegram allows that within one chat), but it still counts against the bot's cap.
        """
        now = self._monotonic()
        slot = max(now, self._next_slot)
        if per_chat:
            slot = max(slot, self._next_by_chat.get(key, 0.0))
            self._next_by_chat[key] = slot + self.per_chat_interval
            if len(self._next_by_chat) > 10_000:
                self._next_by_chat = {k: v for k, v in self._next_by_chat.items() if v > now}
        self._next_slot = slot + self.interval
        if slot > now:
            await self._sleep(slot - now)

    def pause(self, seconds: float) -> None:
        """Push every future slot back (the platform answered 429 with retry_after)."""
        self._next_slot = max(self._next_slot, self._monotonic() + seconds)


class NoLimiter:
    """No limits (the console, and tests that are not about rates)."""

    async def acquire(self, key: str, *, per_chat: bool = True) -> None:
        return None

    def pause(self, seconds: float) -> None:
        return None


@dataclass
class BudgetStats:
    """What the shared budget cost: round trips to the database, slots taken, slots given up."""

    leases: int = 0
    slots: int = 0
    dropped: int = 0
    errors: int = 0


class SharedLimiter:
    """Evenly spaced slots of one budget kept in the database, shared by every process that sends as one bot.

    The database row ``send_budget(name)`` holds the next free instant on the database server's clock. A process
    leases a run of consecutive slots (one, doubling up to ``max_batch`` while demand lasts) in one ``UPDATE …
    RETURNING``, converts them to its own monotonic clock, and hands them out in order; across processes the
    slots interleave and stay ``1/rate`` apart, so the bot as a whole never bursts. A slot this process cannot
    meet on time (its event loop was busy past ``tolerance``) is given up rather than used late: used late, it
    would crowd the next process's slot. Per-chat spacing stays in-process: a chat's messages come from one
    dispatcher batch at a time.
    """

    def __init__(self, database: Database, name: str, rate: float, *, per_chat_interval: float = 1.0,
                 max_batch: int = 16, tolerance: float = 0.005,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.database = database
        self.name = name
        self.interval = 1.0 / rate
        self.per_chat_interval = per_chat_interval
        self.max_batch = max(1, max_batch)
        self.tolerance = tolerance
        self.stats = BudgetStats()
        self._monotonic = monotonic
        self._sleep = sleep
        self._slots: deque[float] = deque()
        self._batch = 1  # slots per lease: grows while demand lasts, shrinks when leased slots go unused
        self._leased_until = float("-inf")  # the last slot of the latest lease
        self._offset = (0.0, float("inf"), 0.0)  # (database clock − monotonic clock, its error, when measured)
        self._next_by_chat: dict[str, float] = {}

    async def acquire(self, key: str, *, per_chat: bool = True) -> None:
        """Wait for ``key``'s chat to be ready (with ``per_chat``), then for a slot of the shared budget."""
        if per_chat:
            ready = self._next_by_chat.get(key, 0.0) - self._monotonic()
            if ready > 0:
                await self._sleep(ready)
        slot = await self._take()
        if per_chat:
            self._next_by_chat[key] = slot + self.per_chat_interval
            if len(self._next_by_chat) > 10_000:
                now = self._monotonic()
                self._next_by_chat = {k: v for k, v in self._next_by_chat.items() if v > now}

    def pause(self, seconds: float) -> None:
        """Hand out no slot, here or in any other process, for ``seconds`` (the platform answered 429)."""
        until = self._monotonic() + seconds
        while self._slots and self._slots[0] < until:
            self._slots.popleft()
            self.stats.dropped += 1
        try:
            with session_scope(self.database) as session:
                send_budget.hold_send_budget(session=session, name=self.name, seconds=seconds)
        except SQLAlchemyError as err:
            self.stats.errors += 1
            log.warning("could not pause the shared send budget: %s", type(err).__name__)

    async def _take(self) -> float:
        """Wait for the next slot and return it; a slot we woke too late for is given up."""
        while True:
            slot = self._next_slot()
            while slot is None:
                await self._sleep(1.0)  # the database is unreachable: nothing goes out until it is back
                slot = self._next_slot()
            wait = slot - self._monotonic()
            if wait > 0:
                await self._sleep(wait)
            if self._monotonic() - slot <= self.tolerance:
                return slot
            self.stats.dropped += 1

    def _next_slot(self) -> float | None:
        now = self._monotonic()
        unwanted = 0
        while self._slots and self._slots[0] < now - self.tolerance:
            self._slots.popleft()  # passed while nobody wanted it
            unwanted += 1
        if unwanted:
            self.stats.dropped += unwanted
            self._batch = max(1, self._batch // 2)
        if not self._slots:
            # Demand that outlives a lease gets longer runs per round trip (a burst costs few round trips); a
            # lone answer after a quiet spell leases one slot.
            busy = now <= self._leased_until + max(self.interval, BUSY_GAP)
            self._batch = min(self.max_batch, self._batch * 2) if busy else 1
            if not self._lease(self._batch):
                return None
        return self._slots.popleft()

    def _clock_offset(self, db_now: float, before: float, after: float) -> float:
        """Estimate (database clock − our monotonic clock) from a round trip that read the database's clock.

        The database read it somewhere inside the round trip, so the midpoint is off by at most half the round
        trip. The offset itself hardly moves, so keep the estimate from the tightest round trip seen, aged by a
        generous drift allowance, and take a new one only when it is tighter: one slow round trip (a busy
        machine) then does not shift this process's slots against the others'.
        """
        error = (after - before) / 2
        _, best_error, best_at = self._offset
        if error <= best_error + (after - best_at) * CLOCK_DRIFT:
            self._offset = (db_now - (before + after) / 2, error, after)
        return self._offset[0]

    def _lease(self, count: int) -> bool:
        """Lease ``count`` slots from the database onto the local queue; False when the database failed."""
        before = self._monotonic()
        try:
            with session_scope(self.database) as session:
                first, db_now = send_budget.lease_send_slots(session=session, name=self.name, count=count,
                                                      interval=self.interval)
        except SQLAlchemyError as err:
            self.stats.errors += 1
            log.warning("could not lease send slots (%s); retrying in a second", type(err).__name__)
            return False
        after = self._monotonic()
        start = first - self._clock_offset(db_now, before, after)
        self._slots.extend(start + i * self.interval for i in range(count))
        self._leased_until = self._slots[-1]
        self.stats.leases += 1
        self.stats.slots += count
        return True
