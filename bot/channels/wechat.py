"""The WeChat Official Account (公众号) channel: a webhook at ``/wechat`` and a sender for reminders.

Inbound: every request's signature is checked first (and ``msg_signature`` in safe mode); text, voice recognition,
menu clicks and follow/unfollow/subscribe-popup events become ``Inbound``; a typed number presses the matching
numbered option of the latest message that had buttons. The engine runs on the turn threads; its answer goes back
as the passive XML reply when it is ready within ``deadline`` (WeChat gives up after 5 s), otherwise the request
is answered ``success`` and the answer follows as a customer-service message. WeChat's retries of one message
(same MsgId, or sender plus create time for events) attach to the first run: the engine runs once, and the answer
is delivered once — by the attempt WeChat is still listening to, or by push.

Outbound (reminders, tips, digests, slow answers): a customer-service message while the 48-hour window opened
by the user's last message is open and its quota lasts; otherwise, for reminders, a one-time subscribe message if
the user allowed one, whose content then waits for the user's next message; otherwise the message is held
(``RecipientOutOfReach``) and the engine delivers it with the next reply. 45015/45047 close our record of the
window, so a closed window costs one refused call, not a loop; 43101 forgets the grants.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Literal

from aiohttp import web

from bot.channels.http_guard import ConnectionGuard, GuardedSite, guarded_app, read_body, runner_for
from bot.channels.seen_requests import SeenRequests
from bot.channels.wechat_api import (
    INVALID_OPENID,
    NO_GRANT,
    NOT_FOLLOWING,
    OUT_OF_QUOTA,
    OUT_OF_WINDOW,
    TOO_FAST,
    ApiError,
    WeChatApi,
)
from bot.channels.wechat_book import Translation, WeChatBook
from bot.channels.wechat_protocol import (
    MAX_SKEW,
    BadMessage,
    BadSignature,
    MessageCrypto,
    WxMessage,
    check_body,
    check_signature,
    check_timestamp,
    parse_message,
    text_reply,
)
from bot.clock import Clock
from bot.errors import ChannelUnavailable, RateLimited, RecipientBlocked, RecipientOutOfReach
from bot.messages import Address, Button, Inbound, Reply
from bot.runtime.turns import TurnRunner
from bot.texts import t

log = logging.getLogger(__name__)

Handle = Callable[[Inbound], list[Reply]]

CHANNEL = "wx"
PATH = "/wechat"
DEADLINE = 4.5  # seconds to answer passively; WeChat drops the connection at 5
MAX_BODY = 64 * 1024
MAX_TEXT_BYTES = 2000  # one text message; longer answers are split, the rest pushed
JOB_TTL = 300.0  # seconds a finished answer is kept for late retries
MAX_JOBS = 10_000
SUCCESS = "success"
# A signed (timestamp, nonce) is remembered while its timestamp could still pass the freshness check, and a message
# (sender, MsgId) at least as long: a request replayed within the window, or after a restart, runs nothing twice.
NONCE_KEEP = timedelta(seconds=2 * MAX_SKEW + 60)
MESSAGE_KEEP = timedelta(seconds=2 * MAX_SKEW + 60)


# --- replies → text -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    """Replies as WeChat text: the options numbered through all of them, and the buttons those numbers press."""

    text: str
    buttons: tuple[Button, ...]


def render(replies: Sequence[Reply], lang: str) -> Rendered:
    """Render replies as one text message; buttons become ``回复 1 确认保存`` lines numbered across all replies."""
    blocks: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        lines = [reply.text] if reply.text else []
        lines += [t(lang, "wx.attachment_unavailable", filename=a.filename) for a in reply.attachments]
        for button in reply.all_buttons():
            buttons.append(button)
            lines.append(t(lang, "wx.option", n=len(buttons), label=_plain_label(button.label)))
        if lines:
            blocks.append("\n".join(lines))
    return Rendered("\n\n".join(blocks), tuple(buttons))


def _plain_label(label: str) -> str:
    """Drop a leading emoji from a button label: "✅ 确认保存" reads better as "回复 1 确认保存"."""
    start = 0
    while start < len(label) and unicodedata.category(label[start])[0] in "SMZC":
        start += 1
    return label[start:] or label


def split_text(text: str, limit: int = MAX_TEXT_BYTES) -> list[str]:
    """Cut ``text`` into messages of at most ``limit`` UTF-8 bytes, at line ends where possible."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate.encode("utf-8")) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while len(line.encode("utf-8")) > limit:
            cut = limit // 4  # at most 4 bytes a character, so this always fits
            while len(line[:cut + 1].encode("utf-8")) <= limit:
                cut += 1
            parts.append(line[:cut])
            line = line[cut:]
        current = line
    if current or not parts:
        parts.append(current)
    return parts


# --- platform message → Inbound ----------------------------------------------------------------------------------

def translate(message: WxMessage, buttons: Sequence[Button], template_id: str | None) -> Translation:
    """Turn a platform message into the engine's vocabulary."""
    sender = Address(CHANNEL, message.sender)
    if message.msg_type == "text" or (message.msg_type == "voice" and message.recognition):
        text = message.content if message.msg_type == "text" else message.recognition
        return Translation(_typed(sender, text, buttons), "message")
    if message.msg_type != "event":
        return Translation(None, "message", unsupported=True)
    event = message.event.lower()
    if event == "subscribe":
        return Translation(Inbound(sender=sender, event="subscribe"), "event")
    if event == "unsubscribe":
        return Translation(Inbound(sender=sender, event="unsubscribe"), "close")
    if event == "click" and message.event_key:
        return Translation(Inbound(sender=sender, button=message.event_key), "event")
    if event == "subscribe_msg_popup_event":
        mine = [p for p in message.popups if template_id is None or p.template_id == template_id]
        accepted = sum(1 for p in mine if p.status == "accept")
        if accepted:
            return Translation(Inbound(sender=sender, event="notify_granted"), grants=accepted)
        if mine:
            return Translation(Inbound(sender=sender, event="notify_rejected"))
    return Translation(None)  # SCAN, VIEW, LOCATION, job reports…: nothing to say


def _typed(sender: Address, text: str, buttons: Sequence[Button]) -> Inbound:
    number = unicodedata.normalize("NFKC", text).strip()
    # ASCII digits only: "²" or "𐩀" are digits to str.isdigit() but not to int().
    if number.isascii() and number.isdigit() and len(number) <= 3 and 1 <= int(number) <= len(buttons):
        return Inbound(sender=sender, button=buttons[int(number) - 1].data)
    return Inbound(sender=sender, text=text)


class WeChatSender:
    """Pushes to WeChat users: customer-service message, else one-time subscribe message, else hold.

    ``send`` is the dispatcher's port (see ``bot.runtime.senders.Sender``). After a one-time subscribe message —
    a short notice in a fixed template — it still raises ``RecipientOutOfReach``: the full reminder with its
    options waits for the reply the notice invites. ``push_text`` delivers a slow answer or the rest of a long one,
    keeping it for the next passive reply when the window is closed.
    """

    def __init__(self, api: WeChatApi | None, book: WeChatBook, *, template_id: str | None = None) -> None:
        self.api = api
        self.book = book
        self.template_id = template_id

    async def close(self) -> None:
        """Close the API session."""
        if self.api is not None:
            await self.api.close()

    async def send(self, to: Address, reply: Reply) -> None:
        """Deliver a message the bot starts; raise ``RecipientOutOfReach`` when it must wait for the user."""
        lang = await asyncio.to_thread(self.book.language, to)
        rendered = render([reply], lang)
        parts = split_text(rendered.text)
        # Remembered before the send: the user may type a number the moment the message arrives.
        previous = await asyncio.to_thread(self.book.remember_buttons, to, rendered.buttons)
        try:
            delivered = await self._push(to, parts[0])
        except Exception:
            await asyncio.to_thread(self.book.forget_buttons, to, rendered.buttons, previous)
            raise
        if delivered:
            # The message has started to arrive: whatever of it cannot follow now waits, it is never resent.
            for index, part in enumerate(parts[1:], start=1):
                try:
                    sent = await self._push(to, part)
                except (RecipientBlocked, RateLimited, ChannelUnavailable):
                    sent = False
                if not sent:
                    await asyncio.to_thread(self.book.carry, to, "\n".join(parts[index:]))
                    break
            return
        await asyncio.to_thread(self.book.forget_buttons, to, rendered.buttons, previous)
        if await self._notify(to, reply, lang):
            raise RecipientOutOfReach("sent a one-time subscribe notice; the message waits for the user's reply")
        raise RecipientOutOfReach("outside the customer-service window and no subscribe grant")

    async def push_text(self, to: Address, text: str) -> None:
        """Push an answer by customer-service message, or keep it for the user's next passive reply."""
        try:
            delivered = await self._push(to, text)
        except (RecipientBlocked, RateLimited, ChannelUnavailable) as err:
            log.warning("could not push an answer to a WeChat user: %s", err)
            delivered = False
        if not delivered:
            await asyncio.to_thread(self.book.carry, to, text)

    async def _push(self, to: Address, text: str) -> bool:
        """Send one customer-service message; False when the window is closed or its quota used up."""
        if self.api is None or not await asyncio.to_thread(self.book.reserve_push, to):
            return False
        try:
            await self.api.send_text(to.ident, text)
        except ApiError as err:
            if err.errcode in (OUT_OF_WINDOW, OUT_OF_QUOTA):
                log.info("WeChat refused a customer-service message (%s); using the fallback", err.errcode)
                await asyncio.to_thread(self.book.close_window, to)
                return False
            await asyncio.to_thread(self.book.release_push, to)
            raise _delivery_error(err) from err
        except ChannelUnavailable:
            await asyncio.to_thread(self.book.release_push, to)
            raise
        return True

    async def _notify(self, to: Address, reply: Reply, lang: str) -> bool:
        """Send a one-time subscribe notice if the user granted one; False when there is none."""
        if self.api is None or not self.template_id or not await asyncio.to_thread(self.book.take_grant, to):
            return False
        headline = _plain_label(next((line.strip() for line in reply.text.splitlines() if line.strip()), ""))
        data = {"thing1": _clip(headline, 20), "thing2": _clip(t(lang, "wx.notify_hint"), 20)}
        try:
            await self.api.send_subscribe(to.ident, self.template_id, data)
        except ApiError as err:
            if err.errcode == NO_GRANT:
                log.info("WeChat says the user has no subscribe grant (43101); holding the message")
                await asyncio.to_thread(self.book.drop_grants, to)
                return False
            await asyncio.to_thread(self.book.give_back_grant, to)
            raise _delivery_error(err) from err
        except ChannelUnavailable:
            await asyncio.to_thread(self.book.give_back_grant, to)
            raise
        return True


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _delivery_error(err: ApiError) -> Exception:
    if err.errcode in (NOT_FOLLOWING, INVALID_OPENID):
        return RecipientBlocked(str(err))
    if err.errcode == TOO_FAST:
        return RateLimited(60.0)
    log.warning("unexpected WeChat API error %s", err.errcode)
    return ChannelUnavailable(str(err))


# --- inbound ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's answer to one push, rendered: the passive part and what must follow by push."""

    address: Address
    parts: tuple[str, ...]


@dataclass
class _Job:
    """One platform message and every attempt WeChat makes to deliver it."""

    task: asyncio.Task[Answer]
    key: str
    attempts: int = 0
    waiting: int = 0
    outcome: Literal["passive", "pushed"] | None = None
    finished_at: float | None = None


class WeChatWebhook:
    """The aiohttp handlers of ``/wechat``."""

    def __init__(self, *, handle: Handle, book: WeChatBook, sender: WeChatSender, token: str, runner: TurnRunner,
                 crypto: MessageCrypto | None = None, template_id: str | None = None,
                 subscribe_url: str | None = None, deadline: float = DEADLINE, max_body: int = MAX_BODY,
                 seen: SeenRequests | None = None, clock: Clock | None = None,
                 guard: ConnectionGuard | None = None) -> None:
        self.handle = handle
        # Nonces and MsgIds already taken, in the database (None: this process's memory of retries only).
        self.seen = seen
        # The clock a request's timestamp is checked against: the platform's and ours must agree within MAX_SKEW.
        self.clock = clock or book.clock
        self.guard = guard
        self.runner = runner  # the process's turn threads, shared with its other channels
        self.book = book
        self.sender = sender
        self.token = token
        self.crypto = crypto
        self.template_id = template_id
        self.subscribe_url = subscribe_url
        self.deadline = deadline
        self.max_body = max_body
        self._jobs: dict[str, _Job] = {}
        # Attempts parsed but still being checked against the database, by message: while one is, an older
        # attempt of the same message neither answers passively nor pushes — the newer one will be listened to.
        self._arriving: dict[str, int] = {}
        self._background: set[asyncio.Task[None]] = set()
        self._server: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    def make_app(self) -> web.Application:
        """Build the web application with the webhook at ``/wechat``."""
        app = (guarded_app(self.guard, client_max_size=self.max_body) if self.guard is not None
               else web.Application(client_max_size=self.max_body))
        app.router.add_get(PATH, self.verify)
        app.router.add_post(PATH, self.receive)
        return app

    async def start(self, host: str, port: int) -> tuple[str, int]:
        """Listen on ``host``:``port``; return the address actually bound (port 0 picks a free one)."""
        self._server = runner_for(self.make_app(), shutdown_timeout=2.0)
        await self._server.setup()
        self._site = (GuardedSite(self._server, host, port, guard=self.guard) if self.guard is not None
                      else web.TCPSite(self._server, host, port))
        await self._site.start()
        bound = self._server.addresses[0] if self._server.addresses else (host, port)
        return str(bound[0]), int(bound[1])

    async def stop(self) -> None:
        """Stop accepting pushes, let the turns and pushes in progress finish, then close the server."""
        if self._site is not None:
            await self._site.stop()
        await self.close()
        if self._server is not None:
            await self._server.cleanup()
            self._server = self._site = None

    async def close(self) -> None:
        """Let running engine turns and pushes finish."""
        pending = [job.task for job in self._jobs.values() if not job.task.done()]
        if pending:
            await asyncio.wait(pending, timeout=10)
        while self._background:
            await asyncio.wait(set(self._background), timeout=10)

    async def verify(self, request: web.Request) -> web.Response:
        """Answer the platform's server-URL check (GET with signature, timestamp, nonce, echostr)."""
        query = request.query
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        try:
            check_signature(self.token, query.get("signature", ""), timestamp, nonce)
            check_timestamp(timestamp, int(self.clock.now().timestamp()))
        except BadSignature as err:
            log.warning("refused a WeChat URL check: %s", err)
            return web.Response(status=403, text="forbidden")
        # Its signed (timestamp, nonce) can no more carry a push than a push's can be used twice.
        if not await self._fresh(timestamp, nonce, "url-check"):
            return web.Response(status=403, text="forbidden")
        return web.Response(text=query.get("echostr", ""))

    async def receive(self, request: web.Request) -> web.Response:
        """Handle one push: verify, translate, answer within the deadline."""
        arrived = asyncio.get_running_loop().time()
        try:
            return await self._receive(request, arrived)
        except web.HTTPException:
            raise
        except Exception:
            # A bug, not the request: logged with its traceback, answered without one.
            log.exception("failed to handle a WeChat push")
            return web.Response(status=500, text="error")

    async def _receive(self, request: web.Request, arrived: float) -> web.Response:
        query = request.query
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        try:
            check_signature(self.token, query.get("signature", ""), timestamp, nonce)
            check_timestamp(timestamp, int(self.clock.now().timestamp()))
        except BadSignature as err:
            log.warning("refused a WeChat push with a bad signature: %s", err)
            return web.Response(status=403, text="forbidden")
        if request.content_length is not None and request.content_length > self.max_body:
            return web.Response(status=413, text="too large")
        try:
            body = await read_body(request)
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="too large")
        try:
            check_body(body)  # UTF-8 only, before anything parses or decrypts it
            if self.crypto is not None:
                if query.get("encrypt_type", "").lower() != "aes":
                    log.warning("refused a plain WeChat push in safe mode")
                    return web.Response(status=403, text="forbidden")
                inner = self.crypto.open_envelope(body, query.get("msg_signature", ""), timestamp, nonce)
            else:
                inner = body.decode("utf-8")
            message = parse_message(inner)
        except BadSignature:
            log.warning("refused a WeChat push with a bad msg_signature")
            return web.Response(status=403, text="forbidden")
        except BadMessage as err:
            log.warning("refused a malformed WeChat push: %s", err)
            return web.Response(status=400, text="bad request")
        key = message.dedup_key
        self._arriving[key] = self._arriving.get(key, 0) + 1
        try:
            fresh = await self._fresh(timestamp, nonce, hashlib.sha256(body).hexdigest())
        finally:
            self._arriving[key] -= 1
            if not self._arriving[key]:
                del self._arriving[key]
        if not fresh:
            if key in self._jobs:
                self._settle(self._jobs[key])
            return web.Response(status=403, text="forbidden")
        text = await self._answer(message, arrived)
        if text is None:
            return web.Response(text=SUCCESS)
        now = int(self.book.clock.now().timestamp())
        xml = text_reply(message, text, now)
        if self.crypto is not None:
            xml = self.crypto.seal(xml, timestamp, nonce)
        return web.Response(text=xml, content_type="application/xml")

    async def _fresh(self, timestamp: str, nonce: str, digest: str) -> bool:
        """Remember a signed (timestamp, nonce); False when it came before. WeChat signs each attempt afresh (its
        retries of one message share the MsgId, not the nonce), so a repeat is a replay: with another body, a
        forged message under a lifted signature; with the same, a captured request sent again."""
        if self.seen is None:
            return True
        seen = await self.seen.claim_async("wx-nonce", f"{timestamp}:{nonce[:64]}", keep=NONCE_KEEP, value=digest)
        if seen == "other":
            log.warning("refused a WeChat request whose signature was already used with another body (a replay)")
        elif seen == "same":
            log.warning("refused a WeChat request that came before with the same signature (a replay)")
        return seen == "new"

    async def _answer(self, message: WxMessage, arrived: float) -> str | None:
        """Return the passive reply's text, or None to answer ``success`` (nothing, or pushed later)."""
        loop = asyncio.get_running_loop()
        self._forget_old(loop.time())
        job = self._jobs.get(message.dedup_key)
        if job is None:
            job = _Job(task=asyncio.create_task(self._run(message)), key=message.dedup_key)
            self._jobs[message.dedup_key] = job
            job.task.add_done_callback(partial(self._finished, job))
        job.attempts += 1
        attempt = job.attempts
        job.waiting += 1
        try:
            await asyncio.wait({job.task}, timeout=max(0.0, self.deadline - (loop.time() - arrived)))
        finally:
            job.waiting -= 1
        # Only the newest attempt answers passively: WeChat retries only after giving up on the one before.
        if job.task.done() and job.outcome is None and attempt == job.attempts and job.key not in self._arriving:
            job.outcome = "passive"
            answer = job.task.result()
            self._push_later(answer.address, answer.parts[1:])
            return answer.parts[0] or None
        self._settle(job)
        return None

    def _finished(self, job: _Job, _task: asyncio.Task[Answer]) -> None:
        job.finished_at = asyncio.get_running_loop().time()
        self._settle(job)

    def _settle(self, job: _Job) -> None:
        """Push a finished answer that no attempt is left to return passively."""
        if job.task.done() and job.outcome is None and job.waiting == 0 and job.key not in self._arriving:
            job.outcome = "pushed"
            answer = job.task.result()
            self._push_later(answer.address, answer.parts)

    def _push_later(self, address: Address, parts: Sequence[str]) -> None:
        if not any(parts):
            return
        task = asyncio.create_task(self._push_all(address, [p for p in parts if p]))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _push_all(self, address: Address, parts: list[str]) -> None:
        for part in parts:
            await self.sender.push_text(address, part)

    def _forget_old(self, now: float) -> None:
        while self._jobs:
            key, job = next(iter(self._jobs.items()))
            expired = job.finished_at is not None and now - job.finished_at > JOB_TTL
            if not expired and len(self._jobs) <= MAX_JOBS:
                break
            if job.finished_at is None:  # over the cap but still running: keep it, it is recent
                break
            del self._jobs[key]

    async def _run(self, message: WxMessage) -> Answer:
        """Run the engine for one message on the turn threads, one message per user at a time, in order."""
        if self.seen is not None:
            # Not a retry this process is handling: did another process, or this one before a restart, take it?
            first = await self.seen.claim_async("wx-msg", message.dedup_key, sender=message.sender,
                                                keep=MESSAGE_KEEP)
            if first != "new":
                log.info("a WeChat message already handled came again; answered success")
                return Answer(Address(CHANNEL, message.sender), ("",))
        return await self.runner.run(str(Address(CHANNEL, message.sender)), partial(self._turn, message))

    def _turn(self, message: WxMessage) -> Answer:
        address = Address(CHANNEL, message.sender)
        try:
            translation = translate(message, self.book.buttons(address), self.template_id)
            replies: list[Reply] = []
            if translation.inbound is not None:
                replies = self.handle(translation.inbound)
            lang, replies, carried = self.book.settle_turn(address, translation, replies,
                                                           template_id=self.template_id,
                                                           subscribe_url=self.subscribe_url)
            if translation.window == "close":
                return Answer(address, ("",))  # an unfollowed user sees nothing
            rendered = render(replies, lang)
            self.book.remember_buttons(address, rendered.buttons)
            text = "\n\n".join(p for p in (carried, rendered.text) if p)
            return Answer(address, tuple(split_text(text)) if text else ("",))
        except Exception:
            log.exception("failed to answer a WeChat message")
            return Answer(address, (t(self.book.default_language, "err.internal"),))
