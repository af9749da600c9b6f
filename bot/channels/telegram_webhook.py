"""Telegram's webhook, served by aiohttp: the secret is checked before anything else, chats are handled side by
side while one chat's updates keep their order, and an answer that is one plain message goes back in the HTTP
answer to the post itself.

Telegram makes a Bot API call returned in the answer to its webhook post as if the bot had made it. For an answer
of one message, that saves the bot a whole request of its own: measured on bench/b3_inbound.py, the outgoing
request cost more CPU than the incoming one. So a post waits for its update's turn, a little while
(``ANSWER_WITHIN``); an answer of several messages, files, an edit, or one not ready by then goes through the
Bot API as before. Telegram does not tell whether a returned call succeeded; an answer's failure was only
logged before, while reminders, whose failures matter, still go through the API.

PTB's own webhook server (tornado) hands updates to an Application that handles them one at a time, so every
answer's round trip to the Bot API stalls every other chat. Here the update goes straight to the channel's
update handler (the one PTB calls in polling mode), so the handling is the same in both modes.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any, Protocol

from aiohttp import web
from telegram import Update
from telegram.ext import ExtBot

from bot.channels.http_guard import ConnectionGuard, GuardedSite, guarded_app, read_body, runner_for
from bot.channels.seen_requests import SeenRequests
from bot.channels.telegram_mapping import private_message
from bot.messages import Inbound

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# An update is a few kilobytes; Telegram never posts anything near this.
MAX_BODY = 1024 * 1024
# Updates accepted but not yet handled. Above this the webhook answers 503 and Telegram retries later, which is
# better than holding an unbounded queue in memory when the database is slower than the inbound traffic.
MAX_IN_FLIGHT = 1000
# How long a post waits for its update's answer to return it. A turn takes milliseconds; one held up (a row
# lock, a busy database) is answered through the API when it ends, and Telegram gets its 200 meanwhile.
ANSWER_WITHIN = 2.0


class WebhookAnswer:
    """What the answer to one post carries: nothing, or one Bot API call for Telegram to make."""

    def __init__(self) -> None:
        self._call: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()

    @property
    def open(self) -> bool:
        """Whether the post still waits, so that a call given now goes back in its answer."""
        return not self._call.done()

    def give(self, call: dict[str, Any]) -> bool:
        """Put ``call`` (with its ``method``) in the post's answer; False when the post was answered already."""
        if self._call.done():
            return False
        self._call.set_result(call)
        return True

    def close(self) -> None:
        """Answer the post without a call (if it was not answered yet)."""
        if not self._call.done():
            self._call.set_result(None)

    async def wait(self, within: float) -> dict[str, Any] | None:
        """The call to return, or None when there is none or it was not given ``within`` seconds."""
        try:
            return await asyncio.wait_for(asyncio.shield(self._call), within)
        except TimeoutError:
            return None
        finally:
            self.close()  # from now on the handling sends its answer itself


class UpdateSink(Protocol):
    """What handles a decoded update: the Telegram channel's update handler, with its bot."""

    bot: ExtBot[Any]

    async def handle_update(self, update: Update, answer: WebhookAnswer) -> None: ...

    async def handle_message(self, inbound: Inbound, answer: WebhookAnswer) -> None:
        """A private chat's message, read without PTB's objects (``private_message``)."""


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
    """POST ``/<path>`` with the secret header → 200, carrying the update's answer when it is one message and
    ready within ``answer_within`` seconds; the update is handled in its chat's order either way."""

    def __init__(self, sink: UpdateSink, secret: str, path: str, *, seen: SeenRequests | None = None,
                 guard: ConnectionGuard | None = None, answer_within: float = ANSWER_WITHIN) -> None:
        self.sink = sink
        self.secret = secret.encode()
        self.path = "/" + path.strip("/")
        # The keys the engine records (each update's id, in its turn) expire; this deletes the expired ones.
        self.seen = seen
        self.guard = guard or ConnectionGuard("Telegram webhook")
        self.answer_within = answer_within
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
        if len(self._in_flight) >= MAX_IN_FLIGHT:
            return web.Response(status=503)  # before reading it too: Telegram posts it again later
        try:
            data = json.loads(await read_body(request))
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…" nested past the stack
            log.warning("refused a Telegram update that is not a JSON object")
            return web.Response(status=400)
        if not isinstance(data, dict):
            return web.Response(status=400)
        work: Update | Inbound | None = private_message(data)
        if work is None:
            try:
                work = Update.de_json(data, self.sink.bot)
            except Exception:  # noqa: BLE001  (a malformed update must not answer 500 forever: Telegram would retry it)
                log.warning("ignored an update PTB could not read (update_id %s)", str(data.get("update_id"))[:20])
                return web.Response()
        if self.seen is not None:
            self.seen.tidy_soon()
        answer = WebhookAnswer()
        self._accept(chat_key(data), work, answer, str(data.get("update_id"))[:20])
        call = await answer.wait(self.answer_within)
        if call is None:
            return web.Response()
        return web.Response(body=json.dumps(call, ensure_ascii=False).encode(), content_type="application/json")

    def _accept(self, chat: int | None, work: Update | Inbound, answer: WebhookAnswer, update_id: str) -> None:
        before = self._tails.get(chat)
        task = asyncio.create_task(self._handle(before, work, answer, update_id))
        self._tails[chat] = task
        self._in_flight.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self._in_flight.discard(finished)
            if self._tails.get(chat) is finished:
                del self._tails[chat]

        task.add_done_callback(done)

    async def _handle(self, before: asyncio.Task[None] | None, work: Update | Inbound, answer: WebhookAnswer,
                      update_id: str) -> None:
        if before is not None:
            await asyncio.wait([before])  # the chat's previous update first; its failure is its own
        try:
            if isinstance(work, Inbound):
                await self.sink.handle_message(work, answer)
            else:
                await self.sink.handle_update(work, answer)
        except Exception:  # the handler answers what it can; this is the last line of defence
            log.exception("failed to handle update %s", update_id)
        finally:
            answer.close()
