"""One WeChat access token per app for every process, kept in the database with a lease.

Each fetch of ``/cgi-bin/token`` invalidates the token before it (after a short grace), so a ``wechat`` process
and ``worker ×N`` that each fetched their own would keep refusing each other's calls. Here the process that finds
the shared token missing, near expiry or refused takes a lease and fetches; the others wait for the row to fill.
A lease outlives a process that died holding it by at most ``LEASE``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine as Database
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.errors import ChannelUnavailable
from storage.db import session_scope
from storage.wechat import TokenVerdict, give_back_lease, store_token, use_or_lease

LEASE = timedelta(seconds=30)  # the platform answers a token request in well under a second
REFRESH_BEFORE = timedelta(seconds=300)  # refresh five minutes before expiry; the old token stays valid meanwhile
POLL = 0.1  # seconds between looks at the row while another process fetches

Fetch = Callable[[], Awaitable[tuple[str, int]]]


class SharedAccessToken:
    """The token store ``WeChatApi`` uses when several processes call the platform as one app."""

    def __init__(self, database: Database, clock: Clock, app_id: str, *, lease: timedelta = LEASE,
                 refresh_before: timedelta = REFRESH_BEFORE, poll: float = POLL) -> None:
        self.database = database
        self.clock = clock
        self.app_id = app_id
        self.lease = lease
        self.refresh_before = refresh_before
        self.poll = poll
        self.holder = f"{socket.gethostname()[:24]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"

    async def token(self, fetch: Fetch, *, refused: str | None = None) -> tuple[str, float]:
        """Return the app's token and its seconds left, fetching it with ``fetch`` only if this process holds
        the lease; ``refused`` names a token the platform just rejected."""
        while True:
            try:
                verdict = await asyncio.to_thread(self._use_or_lease, refused)
            except SQLAlchemyError as err:  # the dispatcher retries a message that met an unreachable channel
                raise ChannelUnavailable(f"shared access token unreadable: {type(err).__name__}") from err
            if verdict.token is not None and verdict.expires_at is not None:
                return verdict.token, (verdict.expires_at - self.clock.now()).total_seconds()
            if verdict.fetch:
                return await self._fetch(fetch)
            await asyncio.sleep(self.poll)  # another process is fetching: its token appears in the row

    async def _fetch(self, fetch: Fetch) -> tuple[str, float]:
        try:
            token, expires_in = await fetch()
        except BaseException:
            await asyncio.to_thread(self._give_back)
            raise
        expires_at = self.clock.now() + timedelta(seconds=expires_in)
        await asyncio.to_thread(self._store, token, expires_at)
        return token, float(expires_in)

    def _use_or_lease(self, refused: str | None) -> TokenVerdict:
        with session_scope(self.database) as session:
            return use_or_lease(session=session, app_id=self.app_id, holder=self.holder, now=self.clock.now(),
                                refresh_before=self.refresh_before, lease=self.lease, refused=refused)

    def _store(self, token: str, expires_at: datetime) -> None:
        with session_scope(self.database) as session:
            store_token(session=session, app_id=self.app_id, holder=self.holder, token=token, expires_at=expires_at)

    def _give_back(self) -> None:
        with session_scope(self.database) as session:
            give_back_lease(session=session, app_id=self.app_id, holder=self.holder)
