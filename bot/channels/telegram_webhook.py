"""Telegram's webhook, served by aiohttp: the secret is checked before anything else, each update is accepted at
once, and chats are handled side by side while one chat's updates keep their order.

PTB's own webhook server (tornado) hands updates to an Application that handles them one at a time, so every
answer's round trip to the Bot API stalls every other chat; through it an update cost 3.7 ms of CPU with a
do-nothing engine, through this one 1.8 ms (bench/b3_inbound.py measures the whole path). Updates still go
through PTB's ``Application.process_update``, so handlers and the error handler are the same as in polling mode.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from datetime import timedelta
from typing import Any, Protocol

from aiohttp import web
from telegram import Update
from telegram.ext import ExtBot

from bot.channels.http_guard import ConnectionGuard, GuardedSite, guarded_app, read_body, runner_for
from bot.channels.seen_requests import Seen, SeenRequests

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# An update is a few kilobytes; Telegram never posts anything near this.
MAX_BODY = 1024 * 1024
# Updates accepted but not yet handled. Above this the webhook answers 503 and Telegram retries later, which is
# better than holding an unbounded queue in memory when the database is slower than the inbound traffic.
MAX_IN_FLIGHT = 1000
# Telegram redelivers an update for up to a day while it gets no 200; an update_id seen within that is not handled
# again, even after a restart (a replay of a captured request gets nothing done twice either).
UPDATE_KEEP = timedelta(hours=24)


class UpdateSink(Protocol):
    """What handles a decoded update (PTB's ``Application``)."""

    bot: ExtBot[Any]

    async def process_update(self, update: object) -> None: ...


def chat_key(data: dict[str, Any]) -> int | None:
    """The chat an update belongs to, so that one chat's updates are handled in the order they came."""
    for field in ("message", "edited_message", "my_chat_member"):
        part = data.get(field)
        if isinstance(part, dict) and isinstance(part.get("chat"), dict):
            chat = part["chat"].get("id")
            return chat if isinstance(chat, int) else None
    query = data.get("callback_query")
    if isinstance(query, dict) and isinstance(query.get("from"), dict):
        user = query["from"].get("id")
        return user if isinstance(user, int) else None
    return None


class TelegramWebhook:
    """POST ``/<path>`` with the secret header → 200 at once; the update is handled in the background."""

    def __init__(self, sink: UpdateSink, secret: str, path: str, *, seen: SeenRequests | None = None,
                 guard: ConnectionGuard | None = None) -> None:
        self.sink = sink
        self.secret = secret.encode()
        self.path = "/" + path.strip("/")
        self.seen = seen  # update ids already taken, in the database (None: not remembered)
        self.guard = guard or ConnectionGuard("Telegram webhook")
        self._tails: dict[int | None, asyncio.Task[None]] = {}  # the last update of each chat still in hand
        self._in_flight: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None

    def make_app(self) -> web.Application:
        app = guarded_app(self.guard, client_max_size=MAX_BODY)
        app.router.add_post(self.path, self._post)
        return app

    async def start(self, listen: str, port: int) -> None:
        self._runner = runner_for(self.make_app(), shutdown_timeout=1.0)
        await self._runner.setup()
        await GuardedSite(self._runner, listen, port, guard=self.guard).start()

    async def stop(self) -> None:
        """Stop accepting updates, then finish the ones already accepted."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.drain()

    async def drain(self) -> None:
        """Wait until every update accepted so far (and any accepted meanwhile) has been handled."""
        while self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def _post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        # ASCII first: a header aiohttp decoded from other bytes cannot be the secret, and would not encode back.
        if not given.isascii() or not hmac.compare_digest(given.encode(), self.secret):
            return web.Response(status=403)  # before reading the body: a forgery gets nothing handled
        try:
            data = json.loads(await read_body(request))
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…" nested past the stack
            log.warning("refused a Telegram update that is not a JSON object")
            return web.Response(status=400)
        if not isinstance(data, dict):
            return web.Response(status=400)
        if len(self._in_flight) >= MAX_IN_FLIGHT:
            return web.Response(status=503)
        try:
            update = Update.de_json(data, self.sink.bot)
        except Exception:  # noqa: BLE001  (a malformed update must not answer 500 forever: Telegram would retry it)
            log.warning("ignored an update PTB could not read (update_id %s)", str(data.get("update_id"))[:20])
            return web.Response()
        if self.seen is None:
            self._accept(chat_key(data), update, None)
            return web.Response()
        # The update takes its place in its chat's order now, as it arrives, and is handled there once its
        # update_id is known to be new: claims of two posts finish in any order, their chat's updates may not.
        claim = asyncio.ensure_future(self.seen.claim_async("tg-update", str(update.update_id), keep=UPDATE_KEEP))
        self._accept(chat_key(data), update, claim)
        # A claim that fails answers 500 (Telegram posts the update again); the accepted task then skips it.
        if await asyncio.shield(claim) != "new":
            log.info("update %s came again; not handled twice", update.update_id)
        return web.Response()

    def _accept(self, chat: int | None, update: Update, claim: asyncio.Future[Seen] | None) -> None:
        before = self._tails.get(chat)
        task = asyncio.create_task(self._handle(before, update, claim))
        self._tails[chat] = task
        self._in_flight.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self._in_flight.discard(finished)
            if self._tails.get(chat) is finished:
                del self._tails[chat]

        task.add_done_callback(done)

    async def _handle(self, before: asyncio.Task[None] | None, update: Update,
                      claim: asyncio.Future[Seen] | None) -> None:
        if before is not None:
            await asyncio.wait([before])  # the chat's previous update first; its failure is its own
        if claim is not None:
            await asyncio.wait([claim])
            if claim.cancelled() or claim.exception() is not None or claim.result() != "new":
                return  # taken before, or not recorded (the post was answered 500 and comes again)
        try:
            await self.sink.process_update(update)
        except Exception:  # process_update logs through the error handler; this is the last line of defence
            log.exception("failed to handle update %s", update.update_id)
