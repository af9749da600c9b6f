"""A smooth rate limiter: sends evenly spaced, never in bursts.

Telegram counts about 30 messages per second per bot *in any one-second window*. A leaky bucket with capacity 30
(PTB's default ``AIORateLimiter``) lets 59 through in the first second and collects 429s; spacing every send
1/rate apart cannot exceed the window. Each chat also gets at most one message per second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol


class Limiter(Protocol):
    """Waits until one more message to ``key`` may go out."""

    async def acquire(self, key: str) -> None: ...

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

    async def acquire(self, key: str) -> None:
        return None

    def pause(self, seconds: float) -> None:
        return None
