"""Shared by the web page's tests: a running page on 127.0.0.1, links from /web, users with debts."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer

from bot.engine.engine import Engine
from bot.messages import Address
from bot.web.server import WebPage
from tests.builders import Chat

BOT_TOKEN = "123456:TEST-fake-token-for-the-mini-app"
LINK = re.compile(r"(https?://\S+)/app\?t=([A-Za-z0-9_-]+)")
ALICE = Address("console", "alice")
BOB = Address("console", "bob")


@asynccontextmanager
async def page_client(engine: Engine, *, base_url: str = "http://127.0.0.1:8088",
                      bot_token: str | None = BOT_TOKEN) -> AsyncIterator[TestClient[object, object]]:
    """The real page server on a loopback port, and a browser-like client with its own cookie jar."""
    page = WebPage(engine.database, engine, engine.clock, base_url=base_url, bot_token=bot_token)
    async with TestClient(TestServer(page.application(), host="127.0.0.1")) as client:
        yield client


def new_link(chat: Chat) -> str:
    """Ask for /web in the chat and return the token of the link it answers."""
    chat.say("/web")
    found = LINK.search(chat.text())
    assert found is not None, chat.text()
    return found.group(2)


def with_debts(engine: Engine, sender: Address, *debts: str) -> Chat:
    """A user who agreed to storing data and saved each debt described (confirmed as in the chat)."""
    chat = Chat(engine, sender=sender).start()
    for text in debts:
        chat.say(text)
        chat.press("确认")
    return chat


async def sign_in(client: TestClient[object, object], chat: Chat) -> str:
    """Open a fresh /web link in ``client``; return the page's CSRF token."""
    response = await client.get(f"/app?t={new_link(chat)}")
    assert response.status == 200
    page = await client.get("/app")
    assert page.status == 200
    html = await page.text()
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None
    return found.group(1)
