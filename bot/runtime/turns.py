"""One thread pool for every engine turn, so the event loop never waits on the database.

An engine turn is synchronous and holds the user's row lock for its whole transaction; on PostgreSQL it may wait
on another process's lock. Run on the event loop, that wait would stall every other chat and every reminder send
of the process; run here, it stalls one thread. Turns of one chat still run one at a time and in the order they
were submitted (a chain per key, joined before the first ``await``), so "还了1000" never overtakes the debt it pays.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from bot.messages import Inbound, Reply

T = TypeVar("T")

# Engine turns are database-bound: more threads than the connection pool holds (SQLAlchemy's default is 5 + 10
# overflow) would only queue on the pool. Eight keeps a lock wait from stalling the rest and leaves connections
# for the dispatcher.
DEFAULT_THREADS = 8

AsyncHandle = Callable[[Inbound], Awaitable[list[Reply]]]


class TurnRunner:
    """Runs blocking work off the event loop on one shared pool, in order per key (a chat)."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        if threads < 1:
            raise ValueError("threads must be positive")
        self.threads = threads
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._tails: dict[str, asyncio.Future[None]] = {}

    async def run(self, key: str, work: Callable[[], T]) -> T:
        """Run ``work`` on the pool after every earlier ``run`` for ``key`` has finished, and return its result."""
        loop = asyncio.get_running_loop()
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = loop.create_future()
        self._tails[key] = mine  # joined synchronously: the order of calls is the order of turns
        running: asyncio.Future[T] | None = None
        try:
            if previous is not None and not previous.done():
                await asyncio.wait({previous})  # wait() never cancels ``previous``, even if we are cancelled
            running = loop.run_in_executor(self._executor(), work)
            return await asyncio.shield(running)
        finally:
            if running is not None and not running.done():
                # Cancelled while the thread still works: the chat's next turn waits for the thread, not for us.
                running.add_done_callback(partial(self._release, key, mine))
            elif running is None and previous is not None and not previous.done():
                # Cancelled before our turn came: the next one still waits for the turns before us.
                previous.add_done_callback(partial(self._release, key, mine))
            else:
                self._release(key, mine)

    def handler(self, handle: Callable[[Inbound], list[Reply]]) -> AsyncHandle:
        """Wrap a synchronous ``Engine.handle`` so each call runs here, in order per sender."""

        async def run_turn(inbound: Inbound) -> list[Reply]:
            return await self.run(str(inbound.sender), partial(handle, inbound))

        return run_turn

    def close(self) -> None:
        """Wait for the turns in progress to finish and stop the threads."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(self.threads, thread_name_prefix="turn")
        return self._pool

    def _release(self, key: str, mine: asyncio.Future[None], _done: object = None) -> None:
        if not mine.done():
            mine.set_result(None)
        if self._tails.get(key) is mine:
            del self._tails[key]
