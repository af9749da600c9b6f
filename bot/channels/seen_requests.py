"""What the webhooks already took, in the database: a replayed request is refused even after a restart or by
another process (WeChat nonces and MsgIds, Telegram update ids, a notice a group was already given).

Like ``wechat_book``, channel state that must outlive the process: it counts requests, it decides nothing else.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta

from sqlalchemy import Engine as Database

from bot.clock import Clock
from storage import replay
from storage.db import session_scope
from storage.replay import Seen

log = logging.getLogger(__name__)

CLEANUP_EVERY = 60.0  # seconds between deletions of expired keys: the table stays a few minutes of traffic


class SeenRequests:
    """Claims keys for a while; deletes expired ones now and then."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self._last_cleanup = float("-inf")

    def claim(self, kind: str, key: str, *, keep: timedelta, sender: str = "", value: str = "") -> Seen:
        """Record ``key`` for ``keep``; return "new", or "same"/"other" when it is held (with that value or not)."""
        now = self.clock.now()
        with session_scope(self.database) as session:
            seen = replay.claim_key(session=session, kind=kind, sender=sender, key=key, now=now,
                                    expires_at=now + keep, value=value)
        self._cleanup()
        return seen

    async def claim_async(self, kind: str, key: str, *, keep: timedelta, sender: str = "",
                          value: str = "") -> Seen:
        """``claim`` off the event loop."""
        return await asyncio.to_thread(self.claim, kind, key, keep=keep, sender=sender, value=value)

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
