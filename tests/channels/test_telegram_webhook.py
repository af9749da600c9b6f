"""The Telegram webhook server over real HTTP on 127.0.0.1: the secret is checked before anything is handled,
malformed bodies are refused without harm, one chat's updates keep their order while other chats go ahead, an
answer of one message goes back in the answer to the post (or through the API when it takes too long), and
stopping finishes what was accepted."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot, Update

from bot.channels.telegram_webhook import MAX_BODY, SECRET_HEADER, TelegramWebhook, WebhookAnswer, chat_key
from bot.messages import Inbound
from tests.e2e.telegram_process import free_port

SECRET = "unit-webhook-secret_42"
TOKEN = "123456:TEST-token-for-the-webhook-unit-test"


class Sink:
    """Records the updates it handles and answers each with one message, returned in the post's answer while the
    post waits (``sent_itself`` lists those it would have sent through the API); a chat listed in ``slow`` waits
    for ``release`` first."""

    def __init__(self) -> None:
        self.bot = Bot(TOKEN)
        self.handled: list[tuple[int, str]] = []
        self.slow: set[int] = set()
        self.release = asyncio.Event()
        self.waiting = asyncio.Event()  # a slow chat's update is waiting for ``release``
        self.progress = asyncio.Event()  # something was handled
        self.fail_on: set[str] = set()
        self.sent_itself: list[str] = []

    async def handle_update(self, update: Update, answer: WebhookAnswer) -> None:
        assert update.effective_chat is not None and update.message is not None
        await self._handle(update.effective_chat.id, update.message.text or "", answer)

    async def handle_message(self, inbound: Inbound, answer: WebhookAnswer) -> None:
        """A private chat's message, which the webhook reads itself."""
        await self._handle(int(inbound.sender.ident), inbound.text, answer)

    async def _handle(self, chat: int, text: str, answer: WebhookAnswer) -> None:
        if chat in self.slow:
            self.waiting.set()
            await self.release.wait()
        if text in self.fail_on:
            raise RuntimeError("handler bug")
        self.handled.append((chat, text))
        self.progress.set()
        if not answer.give({"method": "sendMessage", "chat_id": chat, "text": f"got {text}"}):
            self.sent_itself.append(text)


def message(update_id: int, chat: int, text: str) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_800_000_000, "text": text,
        "chat": {"id": chat, "type": "private", "first_name": "U"},
        "from": {"id": chat, "is_bot": False, "first_name": "U"}}}


class Rig:
    def __init__(self, sink: Sink, webhook: TelegramWebhook, url: str) -> None:
        self.sink, self.webhook, self.url = sink, webhook, url

    async def post(self, body: bytes | dict[str, Any], secret: str | None = SECRET) -> int:
        return (await self.post_answer(body, secret))[0]

    async def post_answer(self, body: bytes | dict[str, Any], secret: str | None = SECRET) -> tuple[int, bytes]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **({SECRET_HEADER: secret} if secret is not None else {})}
        async with aiohttp.ClientSession() as http, \
                http.post(self.url, data=io.BytesIO(data), headers=headers) as response:
            return response.status, await response.read()

    async def settled(self) -> None:
        await asyncio.wait_for(self.webhook.drain(), timeout=5)


async def closed(url: str) -> None:
    """Return once the webhook refuses connections (its server has stopped listening)."""
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.post(url, data=b"{}"):
                    pass
            except aiohttp.ClientConnectionError:
                return
            await asyncio.sleep(0)


@pytest.fixture
async def rig() -> AsyncIterator[Rig]:
    sink = Sink()
    # A post waits for its answer this long at most: a slow chat's posts are answered 200 soon, as they would be
    # after ANSWER_WITHIN.
    webhook = TelegramWebhook(sink, SECRET, "/tg/hook", answer_within=0.2)  # type: ignore[arg-type]  (a plain sink)
    port = free_port()
    await webhook.start("127.0.0.1", port)
    yield Rig(sink, webhook, f"http://127.0.0.1:{port}/tg/hook")
    sink.release.set()
    await webhook.stop()


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_handled(rig: Rig) -> None:
    assert await rig.post(message(1, 10, "/start"), secret="wrong") == 403
    assert await rig.post(message(2, 10, "/start"), secret=None) == 403
    assert await rig.post(message(3, 10, "/start"), secret=SECRET + "x") == 403
    await rig.settled()
    assert rig.sink.handled == []


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe", b"null"])
async def test_a_malformed_body_is_refused_without_harm(rig: Rig, body: bytes) -> None:
    assert await rig.post(body) == 400
    assert await rig.post(message(1, 10, "still here")) == 200
    await rig.settled()
    assert rig.sink.handled == [(10, "still here")]


async def test_an_oversized_body_is_refused_with_413_and_nothing_is_handled(rig: Rig) -> None:
    huge = message(1, 10, "x" * (MAX_BODY + 1))
    assert await rig.post(huge) == 413
    assert await rig.post(message(2, 10, "still here")) == 200
    await rig.settled()
    assert rig.sink.handled == [(10, "still here")]


async def test_one_chats_updates_keep_their_order_while_other_chats_go_ahead(rig: Rig) -> None:
    rig.sink.slow.add(10)
    for i, text in enumerate(("one", "two", "three")):
        assert await rig.post(message(i + 1, 10, text)) == 200
    assert await rig.post(message(4, 20, "other chat")) == 200
    await asyncio.wait_for(rig.sink.progress.wait(), timeout=5)
    assert rig.sink.handled == [(20, "other chat")], "a slow chat does not hold up another"
    rig.sink.slow.clear()
    rig.sink.release.set()
    await rig.settled()
    assert [text for chat, text in rig.sink.handled if chat == 10] == ["one", "two", "three"]


async def test_a_failing_update_does_not_stop_the_chats_next_one(rig: Rig) -> None:
    rig.sink.fail_on.add("boom")
    assert await rig.post(message(1, 10, "boom")) == 200
    assert await rig.post(message(2, 10, "after")) == 200
    await rig.settled()
    assert rig.sink.handled == [(10, "after")]


async def test_stopping_finishes_the_updates_already_accepted(rig: Rig) -> None:
    rig.sink.slow.add(10)
    assert await rig.post(message(1, 10, "accepted")) == 200
    await asyncio.wait_for(rig.sink.waiting.wait(), timeout=5)
    stopping = asyncio.create_task(rig.webhook.stop())
    await asyncio.wait_for(closed(rig.url), timeout=5)
    assert not stopping.done(), "the server closed, and stop() still waits for the accepted update"
    rig.sink.release.set()
    await stopping
    assert rig.sink.handled == [(10, "accepted")]


async def test_too_many_updates_in_hand_are_refused_with_503_so_telegram_retries_them(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.channels.telegram_webhook.MAX_IN_FLIGHT", 2)
    rig.sink.slow.add(10)
    assert await rig.post(message(1, 10, "one")) == 200
    assert await rig.post(message(2, 10, "two")) == 200
    assert await rig.post(message(3, 10, "three")) == 503
    rig.sink.slow.clear()
    rig.sink.release.set()
    await rig.settled()
    assert await rig.post(message(3, 10, "three")) == 200, "Telegram's retry is accepted once there is room"
    await rig.settled()
    assert [text for _, text in rig.sink.handled] == ["one", "two", "three"]


async def test_an_answer_of_one_message_goes_back_in_the_answer_to_the_post(rig: Rig) -> None:
    status, body = await rig.post_answer(message(1, 10, "paid 200"))
    assert status == 200
    assert json.loads(body) == {"method": "sendMessage", "chat_id": 10, "text": "got paid 200"}
    assert rig.sink.sent_itself == []


async def test_an_answer_not_ready_in_time_is_sent_through_the_api_and_the_post_gets_its_200(rig: Rig) -> None:
    rig.sink.slow.add(10)
    status, body = await rig.post_answer(message(1, 10, "paid 200"))
    assert (status, body) == (200, b""), "Telegram is not kept waiting for a held-up turn"
    rig.sink.release.set()
    await rig.settled()
    assert rig.sink.handled == [(10, "paid 200")]
    assert rig.sink.sent_itself == ["paid 200"], "the answer still reaches the user, through the API"


def test_updates_are_ordered_by_their_chat_or_the_user_who_pressed_a_button() -> None:
    assert chat_key(message(1, 77, "x")) == 77
    assert chat_key({"update_id": 1, "callback_query": {"id": "q", "from": {"id": 55}}}) == 55
    assert chat_key({"update_id": 1, "my_chat_member": {"chat": {"id": 66}}}) == 66
    assert chat_key({"update_id": 1}) is None
    assert chat_key({"update_id": 1, "message": {"chat": {"id": "not a number"}}}) is None


async def test_an_update_other_than_a_private_message_is_read_by_ptb_and_handled_in_order_too(rig: Rig) -> None:
    group = message(1, -100, "hello group")
    group["message"]["chat"] = {"id": -100, "type": "group", "title": "family"}
    status, body = await rig.post_answer(group)
    assert status == 200 and json.loads(body)["text"] == "got hello group"
    assert rig.sink.handled == [(-100, "hello group")]
