"""On Telegram the page is also a Mini App: a web_app button under /web's answer and the chat's menu button."""

from __future__ import annotations

import pytest

from bot.channels.telegram import set_web_menu
from bot.channels.telegram_mapping import keyboard_of
from bot.engine.engine import Engine
from bot.messages import Address, Button, Reply
from tests.builders import Chat
from tests.channels.offline_telegram import RecordingRequest, make_offline_bot
from tests.fakes import FrozenClock


def test_web_on_telegram_offers_the_mini_app_button_when_the_page_is_https(engine: Engine,
                                                                          clock: FrozenClock) -> None:
    https = Engine(engine.database, clock, web_base_url="https://repay.example.com/")
    chat = Chat(https, sender=Address("tg", "4242")).start()
    chat.say("/web")
    assert "https://repay.example.com/app?t=" in chat.text(), "the plain link is there too"
    [button] = [b for r in chat.last for b in r.all_buttons()]
    assert button.web_app == "https://repay.example.com/app"
    plain = Chat(engine, sender=Address("tg", "4243")).start()
    plain.say("/web")
    assert [b for r in plain.last for b in r.all_buttons()] == [], "Telegram opens only https pages as Mini Apps"
    wechat = Chat(https, sender=Address("wx", "oOPENID")).start()
    wechat.say("/web")
    assert [b for r in wechat.last for b in r.all_buttons()] == [] and "https://repay.example.com/app?t=" in wechat.text()


def test_a_web_app_button_becomes_telegrams_web_app_keyboard_button() -> None:
    markup = keyboard_of(Reply("x", buttons=((Button("📊 Open", "", web_app="https://repay.example.com/app"),
                                              Button("List", "list")),)))
    assert markup is not None
    row = markup.to_dict()["inline_keyboard"][0]
    assert row[0] == {"text": "📊 Open", "web_app": {"url": "https://repay.example.com/app"}}
    assert row[1] == {"text": "List", "callback_data": "list"}


async def test_the_menu_button_opens_the_page_when_it_is_https() -> None:
    request = RecordingRequest()
    await set_web_menu(make_offline_bot(request), "https://repay.example.com", "zh")
    [call] = request.of("setChatMenuButton")
    assert call.params["menu_button"] == {"type": "web_app", "text": "我的页面",
                                          "web_app": {"url": "https://repay.example.com/app"}}
    request = RecordingRequest()
    await set_web_menu(make_offline_bot(request), "http://127.0.0.1:8088", "zh")
    assert request.of("setChatMenuButton") == []


async def test_a_menu_button_telegram_refuses_does_not_stop_the_bot(caplog: pytest.LogCaptureFixture) -> None:
    request = RecordingRequest()
    request.fail("setChatMenuButton", 400, "Bad Request: WEBAPP_URL_INVALID")
    await set_web_menu(make_offline_bot(request), "https://repay.example.com", "en")
    assert "could not set the web page as the menu button" in caplog.text
