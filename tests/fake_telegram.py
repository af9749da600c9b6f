"""A fake Telegram Bot API on 127.0.0.1 for end-to-end tests and benchmarks (research/channels.md §1.4).

It speaks the real HTTP protocol that python-telegram-bot uses: form, JSON or multipart requests to
``/bot<token>/<method>``, ``{"ok": …, "result": …}`` answers, ``getUpdates`` long polling with ``offset`` and
``timeout``, and — after ``setWebhook`` — updates POSTed to the bot's webhook with
``X-Telegram-Bot-Api-Secret-Token``. In strict mode a message call that would make more than ``cap`` in any
sliding ``window`` seconds (counted per bot) is answered 429 with ``retry_after``.

The test drives the user side in-process (``user_text``, ``user_press``, ``block``…) and asserts on ``calls``
or ``await wait_call(…)``. Benchmarks run it as its own process (``python -m tests.fake_telegram``) so that its
CPU is not counted as the bot's, and read its counters from ``GET /_fake/stats``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

TOKEN = "123456:TEST-token-for-the-fake-api-only-0000"
# Calls that put a message into a chat: what Telegram's flood limits count.
MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "editMessageText",
                             "editMessageReplyMarkup", "editMessageCaption"})
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class Call:
    """One Bot API request the bot made, and what the fake answered."""

    method: str
    params: dict[str, Any]
    status: int
    result: Any
    at: float  # time.monotonic() when it arrived
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def message_id(self) -> int | None:
        """The message this call edited, or else the one it created."""
        if self.params.get("message_id") is not None:
            return int(self.params["message_id"])
        return int(self.result["message_id"]) if isinstance(self.result, dict) and "message_id" in self.result else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """The inline keyboard as rows of (label, callback_data)."""
        markup = self.params.get("reply_markup") or {}
        return [[(b["text"], b.get("callback_data", "")) for b in row] for row in markup.get("inline_keyboard", [])]

    @property
    def button_data(self) -> list[str]:
        return [data for row in self.buttons for _, data in row]


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


class FakeTelegram:
    """The fake Bot API server and the user side of the conversation."""

    def __init__(self, token: str = TOKEN, *, strict: bool = False, cap: int = 30, window: float = 1.0,
                 retry_after: int = 1, keep_calls: bool = True) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.strict = strict
        self.cap = cap
        self.window = window
        self.retry_after = retry_after
        self.keep_calls = keep_calls
        self.port = 0
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []  # queued for getUpdates
        self.webhook: dict[str, str] | None = None
        self.webhook_posts: list[tuple[int, int]] = []  # (update_id, HTTP status of the bot's answer)
        self.webhook_calls = 0  # Bot API calls the bot returned in its answers to webhook posts
        self.commands: dict[str, list[dict[str, str]]] = {}  # language_code ("" = default) -> menu
        self.blocked: set[int] = set()
        self.vanished: set[int] = set()
        self.answered_queries: set[str] = set()
        self.sent_ok = 0
        self.rejected_429 = 0
        self.max_in_window = 0
        self.first_send: float | None = None
        self.last_send: float | None = None
        self.sends_by_chat: Counter[int] = Counter()
        self._windows: dict[str, deque[float]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_message_id: Counter[int] = Counter()
        self._files: dict[str, tuple[str, bytes]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._next_update_id = 1
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # --- lifecycle ---------------------------------------------------------------------------------------

    async def start(self, port: int = 0) -> FakeTelegram:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        app.router.add_get("/_fake/stats", self._stats)
        app.router.add_post("/_fake/reset", self._reset)
        app.router.add_get("/_fake/answers", self._answers)
        # A long poll left open would hold cleanup for 60 s by default (channels.md §1.6.6).
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = int(site.name.rsplit(":", 1)[1])
        self._client = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """The base URL to give the bot (``TELEGRAM_API_URL``); PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    # --- the user side -------------------------------------------------------------------------------------

    def user(self, chat_id: int, language_code: str | None = "zh", first_name: str | None = None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": first_name or f"User{chat_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def chat(self, chat_id: int) -> dict[str, Any]:
        return self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}

    async def user_text(self, chat_id: int, text: str, *, language_code: str | None = "zh",
                        first_name: str | None = None) -> dict[str, Any]:
        """The user types ``text`` (a leading ``/command`` gets its bot_command entity, as Telegram sends it)."""
        message = self._user_message(chat_id, language_code, first_name)
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self.emit({"message": message})

    async def user_sticker(self, chat_id: int, *, language_code: str | None = "zh") -> dict[str, Any]:
        """The user sends a sticker (no text)."""
        message = self._user_message(chat_id, language_code, None)
        message["sticker"] = {"file_id": "sticker-1", "file_unique_id": "s1", "width": 512, "height": 512,
                              "is_animated": False, "is_video": False, "type": "regular"}
        return await self.emit({"message": message})

    async def user_press(self, chat_id: int, message: dict[str, Any] | int | Call, data: str, *,
                         language_code: str | None = "zh") -> dict[str, Any]:
        """The user presses the button carrying ``data`` under one of the bot's messages."""
        if isinstance(message, Call):
            message = int(message.message_id or 0)
        message_id = message if isinstance(message, int) else int(message["message_id"])
        current = self._messages.get((chat_id, message_id))
        if current is None:
            raise AssertionError(f"the bot never sent message {message_id} to chat {chat_id}")
        query = {"id": f"q{self._next_update_id}", "from": self.user(chat_id, language_code),
                 "message": current, "chat_instance": f"ci{chat_id}", "data": data}
        return await self.emit({"callback_query": query})

    async def block(self, chat_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends to the chat now get 403; with ``notify``, a my_chat_member update."""
        self.blocked.add(chat_id)
        if notify:
            await self._member_update(chat_id, "member", "kicked")

    async def unblock(self, chat_id: int, *, notify: bool = True) -> None:
        """The user allows the bot again."""
        self.blocked.discard(chat_id)
        if notify:
            await self._member_update(chat_id, "kicked", "member")

    def vanish(self, chat_id: int) -> None:
        """The chat no longer exists: sends get 400 "chat not found"."""
        self.vanished.add(chat_id)

    async def emit(self, update: dict[str, Any]) -> dict[str, Any]:
        """Deliver an update the way Telegram does: to the webhook if one is set, else to getUpdates."""
        update = {"update_id": self._next_update_id, **update}
        self._next_update_id += 1
        if self.webhook is not None:
            await self._post_to_webhook(update)
        else:
            self.updates.append(update)
            await self._notify()
        return update

    # --- assertions ----------------------------------------------------------------------------------------

    def mark(self) -> int:
        """Return a position in ``calls``; ``wait_call(since=…)`` then looks only at later calls."""
        return len(self.calls)

    def find(self, method: str | tuple[str, ...], *, since: int = 0, chat_id: int | None = None,
             where: Callable[[Call], bool] | None = None, ok_only: bool = True) -> list[Call]:
        """Return the recorded calls of ``method`` (one name or several) that match, in order."""
        methods = (method,) if isinstance(method, str) else method
        return [c for c in self.calls[since:] if c.method in methods and (not ok_only or c.status == 200)
                and (chat_id is None or c.chat_id == chat_id) and (where is None or where(c))]

    async def wait_call(self, method: str | tuple[str, ...], *, count: int = 1,
                        timeout: float = 10.0,  # noqa: ASYNC109  (the fake's documented test API)
                        since: int = 0, chat_id: int | None = None, where: Callable[[Call], bool] | None = None,
                        ok_only: bool = True) -> list[Call]:
        """Wait until at least ``count`` matching calls were made; return them all (fails after ``timeout``)."""
        async def enough() -> list[Call]:
            async with self._changed:
                while len(found := self.find(method, since=since, chat_id=chat_id, where=where,
                                              ok_only=ok_only)) < count:
                    await self._changed.wait()
                return found

        try:
            return await asyncio.wait_for(enough(), timeout)
        except TimeoutError:
            seen = [(c.method, c.status, c.chat_id, c.text[:60]) for c in self.calls[since:]]
            raise AssertionError(f"waited {timeout} s for {count} × {method} (chat {chat_id}); saw {seen}") from None

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """The current version of a message the bot sent (after any edits)."""
        return self._messages[(chat_id, message_id)]

    # --- the HTTP side ---------------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        params, files = await _read_params(request)
        return await self._invoke(request.match_info["method"], params, files)

    async def _invoke(self, method: str, params: dict[str, Any], files: Files) -> web.Response:
        """Make one Bot API call, as asked over HTTP or returned in the answer to a webhook post."""
        handler = getattr(self, f"_m_{method}", None)
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            if method in MESSAGE_METHODS:
                self._admit(params)
            result = await handler(params, files)
        except ApiError as err:
            await self._record(Call(method, params, err.code, None, time.monotonic(), files))
            return _error(err.code, err.description, err.parameters)
        await self._record(Call(method, params, 200, result, time.monotonic(), files))
        return web.json_response({"ok": True, "result": result})

    def _admit(self, params: dict[str, Any]) -> None:
        """Apply the flood limit, then the state of the chat."""
        now = time.monotonic()
        if self.strict:
            sent = self._windows.setdefault(self.token, deque())
            while sent and sent[0] <= now - self.window:
                sent.popleft()
            if len(sent) >= self.cap:
                self.rejected_429 += 1
                raise ApiError(429, f"Too Many Requests: retry after {self.retry_after}",
                               {"retry_after": self.retry_after})
            sent.append(now)
            self.max_in_window = max(self.max_in_window, len(sent))
        chat_id = int(params.get("chat_id", 0))
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.vanished:
            raise ApiError(400, "Bad Request: chat not found")
        self.sent_ok += 1
        self.sends_by_chat[chat_id] += 1
        self.first_send = self.first_send if self.first_send is not None else now
        self.last_send = now

    async def _record(self, call: Call) -> None:
        if self.keep_calls:
            self.calls.append(call)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        for _, (path, content) in self._files.items():
            if path == request.match_info["path"]:
                return web.Response(body=content)
        return _error(404, "Not Found")

    async def _stats(self, request: web.Request) -> web.Response:
        duplicates = sum(n - 1 for n in self.sends_by_chat.values() if n > 1)
        return web.json_response({
            "sent": self.sent_ok, "rejected_429": self.rejected_429, "max_in_window": self.max_in_window,
            "first_send": self.first_send, "last_send": self.last_send,
            "distinct_chats": len(self.sends_by_chat), "duplicates": duplicates, "cap": self.cap,
        })

    async def _answers(self, request: web.Request) -> web.Response:
        """Every accepted message's text by chat, in arrival order (kept only when the fake keeps its calls)."""
        answers: dict[int, list[str]] = {}
        for call in self.calls:
            if call.method == "sendMessage" and call.status == 200:
                answers.setdefault(call.chat_id or 0, []).append(call.text)
        return web.json_response(answers)

    async def _reset(self, request: web.Request) -> web.Response:
        self.calls.clear()
        self.sent_ok = self.rejected_429 = self.max_in_window = 0
        self.first_send = self.last_send = None
        self.sends_by_chat.clear()
        self._windows.clear()
        self._messages.clear()
        return web.json_response({"ok": True})

    # --- Bot API methods -------------------------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "RepayBot Test", "username": "repaybot_test_bot",
                "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getMe(self, params: dict[str, Any], files: Files) -> Any:
        return self._bot_user()

    async def _m_logOut(self, params: dict[str, Any], files: Files) -> Any:
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any], files: Files) -> Any:
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self.updates)}

    async def _m_setWebhook(self, params: dict[str, Any], files: Files) -> Any:
        self.webhook = {"url": str(params["url"]), "secret_token": str(params.get("secret_token") or "")}
        if _true(params.get("drop_pending_updates")):
            self.updates.clear()
        pending, self.updates = self.updates, []
        if pending:
            self._spawn(self._flush(pending))
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any], files: Files) -> Any:
        self.webhook = None
        if _true(params.get("drop_pending_updates")):
            self.updates.clear()
        return True

    async def _m_getUpdates(self, params: dict[str, Any], files: Files) -> Any:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    async with self._changed:
                        while not self.updates:
                            await self._changed.wait()
        return self.updates[:limit]

    async def _m_sendMessage(self, params: dict[str, Any], files: Files) -> Any:
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._new_message(params, text=text)

    async def _m_sendPhoto(self, params: dict[str, Any], files: Files) -> Any:
        name, content = _one_file(files, "photo")
        file_id = self._store_file("photos", name, content)
        photo = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 800, "height": 600,
                  "file_size": len(content)}]
        return self._new_message(params, photo=photo, caption=params.get("caption"))

    async def _m_sendDocument(self, params: dict[str, Any], files: Files) -> Any:
        name, content = _one_file(files, "document")
        file_id = self._store_file("documents", name, content)
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                    "file_size": len(content)}
        return self._new_message(params, document=document, caption=params.get("caption"))

    async def _m_getFile(self, params: dict[str, Any], files: Files) -> Any:
        file_id = str(params.get("file_id"))
        if file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content), "file_path": path}

    async def _m_editMessageText(self, params: dict[str, Any], files: Files) -> Any:
        message = self._existing(params)
        markup = params.get("reply_markup")
        if message.get("text") == params.get("text") and message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message")
        message["text"] = str(params.get("text") or "")
        message["edit_date"] = int(time.time())
        _set_markup(message, markup)
        return message

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any], files: Files) -> Any:
        message = self._existing(params)
        _set_markup(message, params.get("reply_markup"))
        message["edit_date"] = int(time.time())
        return message

    async def _m_answerCallbackQuery(self, params: dict[str, Any], files: Files) -> Any:
        self.answered_queries.add(str(params.get("callback_query_id")))
        return True

    async def _m_setMyCommands(self, params: dict[str, Any], files: Files) -> Any:
        self.commands[str(params.get("language_code") or "")] = list(params.get("commands") or [])
        return True

    async def _m_getMyCommands(self, params: dict[str, Any], files: Files) -> Any:
        return self.commands.get(str(params.get("language_code") or ""), [])

    async def _m_sendChatAction(self, params: dict[str, Any], files: Files) -> Any:
        return True

    async def _m_deleteMessage(self, params: dict[str, Any], files: Files) -> Any:
        self._messages.pop((int(params["chat_id"]), int(params["message_id"])), None)
        return True

    # --- helpers ---------------------------------------------------------------------------------------------

    def _user_message(self, chat_id: int, language_code: str | None, first_name: str | None) -> dict[str, Any]:
        user = self.user(chat_id, language_code, first_name)
        self._chats[chat_id] = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        self._next_message_id[chat_id] += 1
        return {"message_id": self._next_message_id[chat_id], "date": int(time.time()), "chat": self.chat(chat_id),
                "from": user}

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        self._next_message_id[chat_id] += 1
        message: dict[str, Any] = {"message_id": self._next_message_id[chat_id], "date": int(time.time()),
                                   "chat": self.chat(chat_id), "from": self._bot_user()}
        message.update({k: v for k, v in content.items() if v is not None})
        _set_markup(message, params.get("reply_markup"))
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _existing(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        if key not in self._messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self._messages[key]

    def _store_file(self, folder: str, name: str, content: bytes) -> str:
        file_id = f"f{len(self._files) + 1}"
        self._files[file_id] = (f"{folder}/{file_id}_{name}", content)
        return file_id

    async def _member_update(self, chat_id: int, old: str, new: str) -> None:
        bot = self._bot_user()
        old_member: dict[str, Any] = {"status": old, "user": bot}
        new_member: dict[str, Any] = {"status": new, "user": bot}
        for member in (old_member, new_member):
            if member["status"] == "kicked":
                member["until_date"] = 0
        await self.emit({"my_chat_member": {"chat": self.chat(chat_id), "from": self.user(chat_id),
                                            "date": int(time.time()), "old_chat_member": old_member,
                                            "new_chat_member": new_member}})

    async def _post_to_webhook(self, update: dict[str, Any]) -> None:
        """Post an update as Telegram does; a Bot API call in the bot's answer is made as if the bot had asked."""
        assert self._client is not None and self.webhook is not None
        headers = {SECRET_HEADER: self.webhook["secret_token"]} if self.webhook["secret_token"] else {}
        for _ in range(50):  # the bot's server may still be starting; Telegram retries too
            try:
                async with self._client.post(self.webhook["url"], json=update, headers=headers) as response:
                    self.webhook_posts.append((update["update_id"], response.status))
                    body = await response.read()
                    if response.status == 200 and body:
                        call = json.loads(body)
                        method = call.pop("method")
                        self.webhook_calls += 1
                        await self._invoke(method, {k: _decode(v) for k, v in call.items()}, {})
                    return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
        self.webhook_posts.append((update["update_id"], 0))

    async def _flush(self, pending: list[dict[str, Any]]) -> None:
        for update in pending:
            await self._post_to_webhook(update)

    def _spawn(self, coro: Any) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


Files = dict[str, tuple[str, bytes]]


async def _read_params(request: web.Request) -> tuple[dict[str, Any], Files]:
    params: dict[str, Any] = dict(request.query)
    files: Files = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.filename, value.file.read())
                else:
                    params[key] = value
    return {k: _decode(v) for k, v in params.items()}, files


def _decode(value: Any) -> Any:
    """PTB sends nested values (reply_markup, commands) as JSON strings inside the form."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _one_file(files: Files, name: str) -> tuple[str, bytes]:
    if name in files:
        return files[name]
    if files:
        return next(iter(files.values()))
    raise ApiError(400, f"Bad Request: there is no {name} in the request")


def _set_markup(message: dict[str, Any], markup: Any) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _true(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeTelegram(args.token, strict=args.strict, cap=args.cap, retry_after=args.retry_after,
                        keep_calls=args.keep_calls)
    await fake.start(args.port)
    print(f"FAKE_TELEGRAM_PORT={fake.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await fake.stop()


def main() -> None:
    """Run the fake on its own (benchmarks): prints ``FAKE_TELEGRAM_PORT=<port>`` once it listens."""
    parser = argparse.ArgumentParser(description="fake Telegram Bot API on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--strict", action="store_true", help="429 above --cap message calls per second")
    parser.add_argument("--cap", type=int, default=30)
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("--keep-calls", action="store_true", help="keep every call, for GET /_fake/answers")
    asyncio.run(_serve(parser.parse_args()))


if __name__ == "__main__":
    main()
