"""What the webhooks already took, in the database: a replayed request is refused even after a restart or by
another process (WeChat nonces and MsgIds, Telegram update ids, a notice a group was already given).

Like ``wechat_book``, channel state that must outlive the process: it counts requests, it decides nothing else.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine as Database

from bot.clock import Clock
from storage import replay
from storage.db import session_scope
from storage.replay import Seen as Seen  # what a claim answers, for the webhooks (which never reach storage)

log = logging.getLogger(__name__)

CLEANUP_EVERY = 60.0  # seconds between deletions of expired keys: the table stays a few minutes of traffic
MAX_BATCH = 100  # claims written in one transaction at most


@dataclass(frozen=True, slots=True)
class Claim:
    """One key to record: ``key`` of ``kind`` from ``sender``, held for ``keep`` with ``value``."""

    kind: str
    key: str
    keep: timedelta
    sender: str = ""
    value: str = ""


class SeenRequests:
    """Claims keys for a while; deletes expired ones now and then."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self._last_cleanup = float("-inf")
        self._waiting: list[tuple[Claim, asyncio.Future[Seen]]] = []  # claims for the next transaction
        self._writer: asyncio.Task[None] | None = None
        self._tidying: asyncio.Future[None] | None = None

    def claim(self, kind: str, key: str, *, keep: timedelta, sender: str = "", value: str = "") -> Seen:
        """Record ``key`` for ``keep``; return "new", or "same"/"other" when it is held (with that value or not)."""
        return self.claim_all([Claim(kind, key, keep, sender, value)])[0]

    def claim_all(self, claims: list[Claim]) -> list[Seen]:
        """``claim`` each of ``claims`` in order, in one transaction: all are recorded, or none (it raises)."""
        now = self.clock.now()
        with session_scope(self.database) as session:
            seen = [replay.claim_key(session=session, kind=c.kind, sender=c.sender, key=c.key, now=now,
                                     expires_at=now + c.keep, value=c.value) for c in claims]
        self._cleanup()
        return seen

    async def claim_async(self, kind: str, key: str, *, keep: timedelta, sender: str = "",
                          value: str = "") -> Seen:
        """``claim`` off the event loop. Claims made while a transaction is being written go together in the next
        one: under load the webhooks then pay one thread hop and one commit for many requests, not one each,
        and each claim is still recorded (committed) before it returns."""
        future: asyncio.Future[Seen] = asyncio.get_running_loop().create_future()
        self._waiting.append((Claim(kind, key, keep, sender, value), future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_waiting())
        return await future

    async def _write_waiting(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
                try:
                    outcomes = await asyncio.to_thread(self.claim_all, [claim for claim, _ in batch])
                except Exception as err:  # noqa: BLE001  (every claim of the batch fails: each request says so)
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(err)
                    continue
                except BaseException:  # cancelled (the loop is closing): nobody waits for an answer for ever
                    for _, future in batch + self._waiting:
                        future.cancel()
                    self._waiting = []
                    raise
                for (_, future), seen in zip(batch, outcomes, strict=True):
                    if not future.done():  # its request may have gone; the key is recorded all the same
                        future.set_result(seen)
        finally:
            self._writer = None

    def tidy_soon(self) -> None:
        """Delete expired keys off the event loop, if the last deletion was a while ago: for keys recorded
        elsewhere (the engine records Telegram's update ids in its turns), not through ``claim``."""
        if self._tidying is not None or time.monotonic() - self._last_cleanup < CLEANUP_EVERY:
            return
        self._tidying = asyncio.ensure_future(asyncio.to_thread(self._cleanup))

        def done(_: object) -> None:
            self._tidying = None

        self._tidying.add_done_callback(done)

    def _cleanup(self) -> None:
        started = time.monotonic()
        if started - self._last_cleanup < CLEANUP_EVERY:
            return
        self._last_cleanup = started
        try:
            with session_scope(self.database) as session:
                gone = replay.forget_expired(session=session, now=self.clock.now())
        except Exception:  # noqa: BLE001  (a failed clean-up is retried next time; the claim itself succeeded)
            log.warning("could not delete expired request keys", exc_info=True)
            return
        if gone:
            log.debug("deleted %d expired request keys", gone)
