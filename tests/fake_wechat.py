"""A fake WeChat Official Account platform on loopback, for driving the bot's webhook and API client over HTTP.

Message side (the platform pushing to the bot): signed GET URL checks; signed POSTs, AES-encrypted in safe mode;
a per-attempt deadline (5 s on the real platform) with retries of the same message; the reply's signature and
To/From checked and decrypted. Every user message opens the 48-hour customer-service window with 5 messages;
a follow opens a 1-minute window with 3; a subscribe-popup "accept" gives one one-time grant.

API side: ``GET /cgi-bin/token`` (7200 s tokens, by the platform's clock), ``POST /cgi-bin/message/custom/send``
(40001/42001 bad or expired token, 45015 outside the window, 45047 quota used, 47001 on ``\\uXXXX`` escapes the
real platform would show literally), ``POST /cgi-bin/message/subscribe/bizsend`` (43101 without a grant).

The platform has its own clock, which the test moves (``fake.clock.advance``); the bot keeps its own time.
The crypto is a separate implementation of the specification (``cryptography``'s PKCS7 padder, not the bot's
code), so a mistake in the bot is not mirrored here.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import secrets
import struct
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from aiohttp import web
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

GH_ID = "gh_fake00000001"


def spec_sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


class SpecCrypto:
    """Safe-mode crypto as the platform's documentation describes it."""

    def __init__(self, aes_key: str, app_id: str) -> None:
        self.key = base64.b64decode(aes_key + "=")
        self.app_id = app_id.encode()

    def encrypt(self, xml: str) -> str:
        body = xml.encode()
        plain = os.urandom(16) + struct.pack("!I", len(body)) + body + self.app_id
        padder = padding.PKCS7(256).padder()
        padded = padder.update(plain) + padder.finalize()
        enc = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(enc.update(padded) + enc.finalize()).decode()

    def decrypt(self, text: str) -> str:
        dec = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        padded = dec.update(base64.b64decode(text)) + dec.finalize()
        unpadder = padding.PKCS7(256).unpadder()
        plain = unpadder.update(padded) + unpadder.finalize()
        (length,) = struct.unpack("!I", plain[16:20])
        assert plain[20 + length:] == self.app_id, "reply encrypted for another app id"
        return plain[20:20 + length].decode()


class PlatformClock:
    """The platform's notion of now; the test moves it."""

    def __init__(self) -> None:
        self._now = datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta


@dataclass
class Push:
    """How one user action went: the final HTTP status, the reply text (None for ``success``/empty)."""

    status: int
    reply: str | None
    attempts: int
    seconds: float
    body: str = ""


@dataclass
class Delivery:
    """A message the bot pushed through the API and the platform accepted."""

    kind: str  # "custom" | "subscribe"
    openid: str
    text: str = ""
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class ApiCall:
    path: str
    openid: str
    errcode: int


class FakeWeChat:
    """The platform: push to the bot's webhook, and serve the API the bot calls."""

    def __init__(self, *, token: str, app_id: str, app_secret: str, aes_key: str | None = None) -> None:
        self.token = token
        self.app_id = app_id
        self.app_secret = app_secret
        self.crypto = SpecCrypto(aes_key, app_id) if aes_key else None
        self.clock = PlatformClock()
        self.webhook_url = ""
        self.tokens: dict[str, datetime] = {}
        self.token_fetches = 0
        self.windows: dict[str, tuple[datetime, int]] = {}
        self.grants: dict[tuple[str, str], int] = {}
        self.delivered: list[Delivery] = []
        self.calls: list[ApiCall] = []
        self.attempts_made = 0
        self.injected: dict[str, list[int]] = {}  # path -> errcodes (or HTTP statuses 5xx) to answer next
        self._changed = asyncio.Condition()
        self._msg_id = 7_000_000_000_000_000
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------------------------

    async def start(self) -> FakeWeChat:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._custom_send)
        app.router.add_post("/cgi-bin/message/subscribe/bizsend", self._bizsend)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._session = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- message side: building messages --------------------------------------------------------------------

    def _create_time(self) -> int:
        return int(self.clock.now().timestamp())

    def text_xml(self, openid: str, content: str, *, msg_id: int | None = None) -> str:
        self._msg_id += 1
        return (f"<xml><ToUserName><![CDATA[{GH_ID}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
                f"<CreateTime>{self._create_time()}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id or self._msg_id}</MsgId></xml>")

    def event_xml(self, openid: str, event: str, *, key: str = "") -> str:
        extra = f"<EventKey><![CDATA[{key}]]></EventKey>" if key else "<EventKey><![CDATA[]]></EventKey>"
        return (f"<xml><ToUserName><![CDATA[{GH_ID}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
                f"<CreateTime>{self._create_time()}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                f"<Event><![CDATA[{event}]]></Event>{extra}</xml>")

    def popup_xml(self, openid: str, template_id: str, status: str = "accept") -> str:
        return (f"<xml><ToUserName><![CDATA[{GH_ID}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
                f"<CreateTime>{self._create_time()}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                f"<Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List>"
                f"<TemplateId><![CDATA[{template_id}]]></TemplateId>"
                f"<SubscribeStatusString><![CDATA[{status}]]></SubscribeStatusString>"
                f"<PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>")

    # --- message side: what users do ------------------------------------------------------------------------

    async def say(self, openid: str, text: str) -> str:
        """The user sends a text message; return the bot's passive reply (``""`` for ``success``)."""
        push = await self.push(self.text_xml(openid, text))
        assert push.status == 200, push
        return push.reply or ""

    async def follow(self, openid: str) -> str:
        push = await self.push(self.event_xml(openid, "subscribe"))
        assert push.status == 200, push
        return push.reply or ""

    async def allow_notify(self, openid: str, template_id: str, status: str = "accept") -> str:
        push = await self.push(self.popup_xml(openid, template_id, status))
        assert push.status == 200, push
        return push.reply or ""

    def _platform_effects(self, xml: str) -> None:
        """What the platform itself records when the user acts (before the bot is even asked)."""
        root = ET.fromstring(xml)
        openid = root.findtext("FromUserName") or ""
        now = self.clock.now()
        if root.findtext("MsgType") != "event":
            self.windows[openid] = (now + timedelta(hours=48), 5)
            return
        event = root.findtext("Event")
        if event == "subscribe":
            until, left = self.windows.get(openid, (now, 0))
            if until <= now + timedelta(minutes=1) or left <= 0:
                self.windows[openid] = (now + timedelta(minutes=1), 3)
        elif event == "unsubscribe":
            self.windows.pop(openid, None)
        elif event == "subscribe_msg_popup_event":
            for item in root.iterfind("./SubscribeMsgPopupEvent/List"):
                if item.findtext("SubscribeStatusString") == "accept":
                    key = (openid, item.findtext("TemplateId") or "")
                    self.grants[key] = self.grants.get(key, 0) + 1

    def signed_query(self, *, token: str | None = None, openid: str = "", timestamp: int | None = None,
                     nonce: str | None = None) -> dict[str, str]:
        """Sign a request as the platform does when it sends one: the timestamp is the wall clock's (the bot
        refuses one far from its own), not the platform clock the test moves for windows and tokens."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = nonce if nonce is not None else str(secrets.randbelow(10**9))
        query = {"signature": spec_sign(token or self.token, stamp, nonce), "timestamp": stamp, "nonce": nonce}
        if openid:
            query["openid"] = openid
        return query

    def signed_request(self, xml: str, *, token: str | None = None, openid: str = "", timestamp: int | None = None,
                       nonce: str | None = None) -> tuple[dict[str, str], str]:
        """The query and body of one push of ``xml`` as the platform sends it (encrypted in safe mode)."""
        query = self.signed_query(token=token, openid=openid, timestamp=timestamp, nonce=nonce)
        if self.crypto is None:
            return query, xml
        encrypted = self.crypto.encrypt(xml)
        query["encrypt_type"] = "aes"
        query["msg_signature"] = spec_sign(token or self.token, query["timestamp"], query["nonce"], encrypted)
        return query, f"<xml><ToUserName><![CDATA[{GH_ID}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"

    async def push(self, xml: str, *, deadline: float = 5.0, retries: int = 3, token: str | None = None,
                   url: str | None = None) -> Push:
        """POST a message as the platform does: signed, encrypted in safe mode, retried on timeout."""
        assert self._session is not None
        self._platform_effects(xml)
        openid = ET.fromstring(xml).findtext("FromUserName") or ""
        loop = asyncio.get_running_loop()
        started = loop.time()
        for attempt in range(1, retries + 1):
            self.attempts_made += 1
            async with self._changed:
                self._changed.notify_all()
            query, body = self.signed_request(xml, token=token, openid=openid)
            try:
                async with self._session.post(url or self.webhook_url, params=query, data=body.encode(),
                                              timeout=aiohttp.ClientTimeout(total=deadline)) as response:
                    text = await response.text()
                    status = response.status
            except TimeoutError:
                continue
            seconds = loop.time() - started
            if status != 200:
                return Push(status, None, attempt, seconds, text)
            return Push(status, self._read_reply(text, openid), attempt, seconds, text)
        return Push(0, None, retries, loop.time() - started)

    def _read_reply(self, text: str, openid: str) -> str | None:
        if text in ("", "success"):
            return None
        root = ET.fromstring(text)
        if self.crypto is not None:
            encrypted = root.findtext("Encrypt") or ""
            expected = spec_sign(self.token, root.findtext("TimeStamp") or "", root.findtext("Nonce") or "",
                                 encrypted)
            assert root.findtext("MsgSignature") == expected, "reply MsgSignature does not verify"
            root = ET.fromstring(self.crypto.decrypt(encrypted))
        assert root.findtext("ToUserName") == openid, "reply not addressed to the user"
        assert root.findtext("FromUserName") == GH_ID, "reply not from the account"
        assert root.findtext("MsgType") == "text"
        return root.findtext("Content") or ""

    async def verify_url(self, *, token: str | None = None, echostr: str = "echo-4711") -> tuple[int, str]:
        assert self._session is not None
        query = self.signed_query(token=token)
        query["echostr"] = echostr
        async with self._session.get(self.webhook_url, params=query) as response:
            return response.status, await response.text()

    async def wait_attempts(self, count: int, within: float = 10.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.attempts_made >= count), within)

    # --- API side -------------------------------------------------------------------------------------------

    async def wait_delivered(self, count: int, within: float = 15.0) -> list[Delivery]:
        """Wait until ``count`` messages in all were delivered; return them all."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.delivered) >= count), within)
        return list(self.delivered)

    async def wait_calls(self, path_end: str, count: int, within: float = 15.0) -> list[ApiCall]:
        def matching() -> list[ApiCall]:
            return [c for c in self.calls if c.path.endswith(path_end)]
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(matching()) >= count), within)
        return matching()

    def expire_tokens(self) -> None:
        self.tokens.clear()

    def _injected(self, path: str) -> int | None:
        queue = self.injected.get(path)
        return queue.pop(0) if queue else None

    async def _record(self, path: str, openid: str, errcode: int, delivery: Delivery | None = None) -> web.Response:
        async with self._changed:
            self.calls.append(ApiCall(path, openid, errcode))
            if delivery is not None:
                self.delivered.append(delivery)
            self._changed.notify_all()
        return web.json_response({"errcode": errcode, "errmsg": "ok" if errcode == 0 else f"error {errcode}"})

    async def _token(self, request: web.Request) -> web.Response:
        q = request.query
        if q.get("grant_type") != "client_credential" or q.get("appid") != self.app_id:
            return web.json_response({"errcode": 40013, "errmsg": "invalid appid"})
        if q.get("secret") != self.app_secret:
            return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
        self.token_fetches += 1
        token = secrets.token_hex(24)
        self.tokens[token] = self.clock.now() + timedelta(seconds=7200)
        return web.json_response({"access_token": token, "expires_in": 7200})

    def _token_error(self, request: web.Request) -> int:
        expires = self.tokens.get(request.query.get("access_token", ""))
        if expires is None:
            return 40001
        return 42001 if expires <= self.clock.now() else 0

    async def _body(self, request: web.Request) -> tuple[dict[str, Any] | None, int]:
        raw = await request.read()
        if b"\\u" in raw:
            return None, 47001  # the real platform would show the escape sequence to the user
        try:
            return json.loads(raw.decode("utf-8")), 0
        except ValueError:
            return None, 47001

    async def _custom_send(self, request: web.Request) -> web.Response:
        path = request.path
        injected = self._injected(path)
        if injected is not None and 500 <= injected < 600:
            return web.Response(status=injected, text="upstream trouble")
        body, error = await self._body(request)
        openid = str((body or {}).get("touser", ""))
        if injected is not None:
            return await self._record(path, openid, injected)
        error = error or self._token_error(request)
        if error:
            return await self._record(path, openid, error)
        assert body is not None and body.get("msgtype") == "text"
        until, left = self.windows.get(openid, (self.clock.now(), 0))
        if until <= self.clock.now():
            return await self._record(path, openid, 45015)
        if left <= 0:
            return await self._record(path, openid, 45047)
        self.windows[openid] = (until, left - 1)
        return await self._record(path, openid, 0, Delivery("custom", openid, text=body["text"]["content"]))

    async def _bizsend(self, request: web.Request) -> web.Response:
        path = request.path
        injected = self._injected(path)
        if injected is not None and 500 <= injected < 600:
            return web.Response(status=injected, text="upstream trouble")
        body, error = await self._body(request)
        openid = str((body or {}).get("touser", ""))
        if injected is not None:
            return await self._record(path, openid, injected)
        error = error or self._token_error(request)
        if error:
            return await self._record(path, openid, error)
        assert body is not None
        key = (openid, str(body.get("template_id", "")))
        if self.grants.get(key, 0) <= 0:
            return await self._record(path, openid, 43101)
        self.grants[key] -= 1
        data = {name: str(value.get("value", "")) for name, value in body.get("data", {}).items()}
        assert all(len(v) <= 20 for v in data.values()), "thing fields hold at most 20 characters"
        return await self._record(path, openid, 0, Delivery("subscribe", openid, data=data))
