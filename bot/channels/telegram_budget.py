"""Telegram's flood limit, shared: one budget for answers and reminder pushes, and a window guard.

Telegram's ~30 messages a second belong to the bot token, so answers to users and reminder pushes draw on ONE
``SmoothLimiter``: the dispatcher takes a slot before each push, and PTB's rate-limiter hook (``SharedBudget``)
takes one before every other message call. ``FloodWindow`` then makes sure no sliding second ever holds more than
the cap, and a 429 on either path pauses both.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.channels.telegram_mapping import PREPAID, retry_after_seconds
from bot.runtime.limiter import Limiter

log = logging.getLogger(__name__)

# Calls that put a message in a chat: these count against the bot's ~30 a second.
LIMITED_ENDPOINTS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup",
                               "editMessageText", "editMessageReplyMarkup", "editMessageCaption"})


class FloodWindow:
    """Never more than ``cap`` message calls reaching Telegram in any ``window`` seconds, even when senders bunch.

    The smooth limiter spaces sends 1/rate apart, but when the event loop is held (a due-scan tick, 50 ms) the
    senders whose slots passed wake together, and requests take 1–10 ms to reach the server. So a call starts
    only once the call ``cap`` places before it (and every earlier one) has *completed* at least ``window`` ago:
    that one arrived no later than it completed, this one arrives no earlier than it starts. At a steady
    0.99 × cap this never waits on a fast link; on a slow one it trades a little throughput for zero 429s.
    """

    def __init__(self, cap: int, window: float = 1.0, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.cap = max(1, cap)
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._recent: deque[FloodCall] = deque()
        self._horizon = float("-inf")  # latest completion among calls that left ``_recent``

    async def admit(self) -> FloodCall:
        """Wait until one more call may start; return its record, to hand to ``finish`` when it is done."""
        while len(self._recent) >= self.cap:
            oldest = self._recent[0]
            if oldest.done_at is None:
                await oldest.done.wait()
                continue
            earliest = max(self._horizon, oldest.done_at) + self.window
            now = self._clock()
            if now >= earliest:
                self._horizon = earliest - self.window
                self._recent.popleft()
                break
            await self._sleep(earliest - now)
        call = FloodCall()
        self._recent.append(call)
        return call

    def finish(self, call: FloodCall) -> None:
        """Record that a call got its answer (or failed)."""
        call.done_at = self._clock()
        call.done.set()


class FloodCall:
    """One message call as the flood window sees it."""

    __slots__ = ("done", "done_at")

    def __init__(self) -> None:
        self.done = asyncio.Event()
        self.done_at: float | None = None


class SharedBudget(BaseRateLimiter[str]):
    """PTB's rate-limiter hook onto the bot-wide ``SmoothLimiter``, plus the ``FloodWindow`` guard.

    A message call takes a slot of the overall budget (no per-chat spacing: a direct answer may come in a short
    burst) unless it carries ``rate_limit_args=PREPAID`` — a dispatcher push whose slot was taken already. Every
    message call then passes the flood window. A 429 pauses the shared limiter; an answer is then retried (up to
    ``max_retries``), a push is handed back to the dispatcher, which reschedules its row.
    """

    def __init__(self, limiter: Limiter, *, cap: int = 30, window: float = 1.0, max_retries: int = 2) -> None:
        self.limiter = limiter
        self.flood = FloodWindow(cap, window)
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def take(self, chat_id: int) -> None:
        """Take a message's slot for a call made without PTB: the webhook returns an answer to Telegram, which
        makes the call at once. It passes the flood window as leaving now."""
        await self.limiter.acquire(f"tg:{chat_id}", per_chat=False)
        self.flood.finish(await self.flood.admit())

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint not in LIMITED_ENDPOINTS:
            return await callback(*args, **kwargs)
        prepaid = rate_limit_args == PREPAID
        attempt = 0
        while True:
            if not prepaid or attempt:
                await self.limiter.acquire(f"tg:{data.get('chat_id')}", per_chat=False)
            call = await self.flood.admit()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as err:
                self.limiter.pause(retry_after_seconds(err))
                if prepaid or attempt >= self.max_retries:
                    raise
                attempt += 1
                log.warning("Telegram asked to slow down (%s); retrying %s", err.message, endpoint)
            finally:
                self.flood.finish(call)
