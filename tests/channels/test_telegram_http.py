"""PTB's transport on aiohttp, against the fake Bot API and two misbehaving servers on loopback."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.ext import ExtBot

from bot.channels.telegram import file_url_for
from bot.channels.telegram_http import AiohttpRequest
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
