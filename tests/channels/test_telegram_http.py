"""PTB's transport on aiohttp, against the fake Bot API and two misbehaving servers on loopback."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ExtBot

from bot.channels.telegram import file_url_for
from bot.channels.telegram_http import AiohttpRequest, api_error
from bot.channels.telegram_mapping import delivery_error, send_reply, send_text
from bot.errors import RateLimited, RecipientBlocked
from bot.messages import Button, Reply
from tests.fake_telegram import TOKEN, FakeTelegram


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    yield


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


def make_bot(api_url: str, request: AiohttpRequest | None = None) -> ExtBot[None]:
    return ExtBot(TOKEN, base_url=api_url, base_file_url=file_url_for(api_url),
                  request=request or AiohttpRequest(), get_updates_request=AiohttpRequest(1))


async def test_form_fields_and_keyboards_arrive_as_telegram_expects(fake: FakeTelegram) -> None:
    async with make_bot(fake.api_url) as bot:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("✅ 已还清", callback_data="rm:paid:1")]])
        message = await bot.send_message(42, "⏰ 还款提醒：「花呗」¥2,000", reply_markup=keyboard)
    [call] = fake.find("sendMessage")
    assert call.text == "⏰ 还款提醒：「花呗」¥2,000" and call.buttons == [[("✅ 已还清", "rm:paid:1")]]
    assert message.message_id == call.message_id and message.reply_markup == keyboard


async def test_files_go_up_as_multipart_and_come_back_down(fake: FakeTelegram) -> None:
    content = bytes(range(256)) * 40
    async with make_bot(fake.api_url) as bot:
        sent = await bot.send_document(42, InputFile(content, filename="repaybot.ics"), caption="日历")
        assert sent.document is not None
        file = await bot.get_file(sent.document.file_id)
        downloaded = await file.download_as_bytearray()
    [call] = fake.find("sendDocument")
    assert call.files["document"] == ("repaybot.ics", content) and call.text == "日历"
    assert bytes(downloaded) == content


async def test_a_server_that_does_not_answer_in_time_raises_timed_out() -> None:
    async def stall(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", stall)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    request = AiohttpRequest(read_timeout=0.05)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await make_bot(f"{site.name}/bot", request).send_message(42, "hi")
    finally:
        await request.shutdown()
        await runner.cleanup()


async def test_an_unreachable_api_raises_network_error_without_the_token_in_its_text() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await make_bot(f"http://127.0.0.1:{port}/bot", request).send_message(42, "hi")
    finally:
        await request.shutdown()
    assert caught.value.message.startswith("aiohttp.") and TOKEN.split(":")[1] not in caught.value.message


async def test_the_bot_api_is_reached_through_the_proxy_the_environment_names_unless_no_proxy_names_its_host(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    async def proxy(request: web.BaseRequest) -> web.Response:
        seen.append(str(request.url))  # a proxy is asked for the absolute URL
        return web.json_response({"ok": True, "result": {"message_id": 1, "date": 0,
                                                          "chat": {"id": 42, "type": "private"}}})

    server = web.Server(proxy)
    listening = await asyncio.get_running_loop().create_server(server, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    api = "http://api.telegram.invalid/bot"  # resolves nowhere: only the proxy can answer for it
    request = AiohttpRequest()
    await request.initialize()
    try:
        await request.post_json(f"{api}{TOKEN}/sendMessage", {"chat_id": 1, "text": "first"})
        await make_bot(api, request).send_message(42, "through PTB's typed path too")
        assert seen == [f"{api}{TOKEN}/sendMessage"] * 2
        monkeypatch.setenv("NO_PROXY", "api.telegram.invalid")
        direct = AiohttpRequest()
        await direct.initialize()
        try:
            with pytest.raises(NetworkError):
                await direct.post_json(f"{api}{TOKEN}/sendMessage", {"chat_id": 1, "text": "direct"})
        finally:
            await direct.shutdown()
        assert len(seen) == 2
    finally:
        await request.shutdown()
        listening.close()
        await server.shutdown()


# --- the lean JSON path of text answers and pushes -----------------------------------------------------------


async def test_a_text_goes_up_as_one_json_post_with_its_keyboard(fake: FakeTelegram) -> None:
    async with make_bot(fake.api_url) as bot:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("✅ 已还清", callback_data="rm:paid:1"),
                                          InlineKeyboardButton("⏰ 1小时后", callback_data="rm:snz:1:1h")]])
        await send_text(bot, 42, "⏰ 还款提醒：「花呗」¥2,000\n第二行", keyboard, None)
        await send_text(bot, 42, "no buttons", None, None)
    first, second = fake.find("sendMessage")
    assert first.text == "⏰ 还款提醒：「花呗」¥2,000\n第二行"
    assert first.buttons == [[("✅ 已还清", "rm:paid:1"), ("⏰ 1小时后", "rm:snz:1:1h")]]
    assert second.text == "no buttons" and second.buttons == []


async def test_a_reply_goes_up_as_json_with_its_buttons_on_its_last_part(fake: FakeTelegram) -> None:
    reply = Reply("第一行\n" + "长" * 5000, buttons=((Button("✅ 已还清", "rm:paid:1"), Button("撤销", "undo")),
                                                   (Button("网页", "web", web_app="https://bot.example/app"),)))
    async with make_bot(fake.api_url) as bot:
        await send_reply(bot, 42, reply)
    first, second, third = fake.find("sendMessage")
    assert (first.text, second.text, third.text) == ("第一行", "长" * 4000, "长" * 1000)
    assert first.buttons == [] and second.buttons == []
    assert third.buttons == [[("✅ 已还清", "rm:paid:1"), ("撤销", "undo")], [("网页", "")]]
    assert third.params["reply_markup"]["inline_keyboard"][1][0]["web_app"] == {"url": "https://bot.example/app"}


async def test_the_json_path_raises_the_errors_ptb_would(fake: FakeTelegram) -> None:
    await fake.block(7, notify=False)
    fake.vanish(8)
    async with make_bot(fake.api_url) as bot:
        with pytest.raises(Forbidden, match="blocked"):
            await send_text(bot, 7, "hi", None, None)
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await send_text(bot, 8, "hi", None, None)
        try:
            await send_text(bot, 7, "hi", None, None)
        except Forbidden as err:
            assert isinstance(delivery_error(err), RecipientBlocked)
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(InvalidToken):
            await request.post_json(f"{fake.api_url}999:wrong-token/sendMessage", {"chat_id": 1, "text": "x"})
    finally:
        await request.shutdown()


async def test_a_429_on_the_json_path_carries_its_wait_and_the_budget_retries_it() -> None:
    async with FakeTelegram(strict=True, cap=1, retry_after=1) as fake:
        request = AiohttpRequest()
        await request.initialize()
        try:
            url = f"{fake.api_url}{TOKEN}/sendMessage"
            await request.post_json(url, {"chat_id": 1, "text": "first"})
            with pytest.raises(RetryAfter) as caught:
                await request.post_json(url, {"chat_id": 2, "text": "second"})
        finally:
            await request.shutdown()
        mapped = delivery_error(caught.value)
        assert isinstance(mapped, RateLimited) and mapped.retry_after == 1.0


@pytest.mark.parametrize(("status", "body", "error"), [
    (502, b"<html>Bad Gateway</html>", NetworkError),
    (409, b'{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates"}', Conflict),
    (400, b'{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded",'
          b'"parameters":{"migrate_to_chat_id":-100123}}', ChatMigrated),
])
def test_error_answers_map_as_ptb_maps_them(status: int, body: bytes, error: type[Exception]) -> None:
    assert type(api_error(status, body)) is error
