"""The webhook in-process, driven over HTTP on 127.0.0.1 by the fake platform in plain and safe mode: forgeries and
malformed bodies refused before anything runs, the deadline, retries run the engine once and answer once."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlmodel import Session, select

from bot.channels.seen_requests import SeenRequests
from bot.channels.wechat import WeChatBook, WeChatSender, WeChatWebhook
from bot.channels.wechat_api import WeChatApi
from bot.channels.wechat_protocol import MessageCrypto
from bot.clock import SystemClock
from bot.engine.engine import Engine
from bot.messages import Address, Inbound, Reply
from bot.runtime.turns import TurnRunner
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Payment, User
from tests.builders import Chat
from tests.conftest import NOW
from tests.fake_wechat import GH_ID, FakeWeChat, spec_sign
from tests.fakes import FrozenClock

TOKEN = "hook-token-5d8e2a"
APP_ID = "wxhook0000000001"
APP_SECRET = "hook-app-secret-0c4f9b"
AES_KEY = "Q2hhbmdlTWVUaGlzSXNPbmx5QVRlc3RLZXkxMjM0NTY"
TEMPLATE = "tmpl-hook"
USER = "oHookUser01"


class Gate:
    """The engine's ``handle``, counted, and held back until the test opens the gate."""

    def __init__(self, handle: object) -> None:
        self.inner = handle
        self.calls = 0
        self.open = threading.Event()
        self.open.set()

    def __call__(self, inbound: Inbound) -> list[Reply]:
        self.calls += 1
        assert self.open.wait(10), "the test never opened the gate"
        return self.inner(inbound)  # type: ignore[operator, no-any-return]


@dataclass
class Rig:
    fake: FakeWeChat
    webhook: WeChatWebhook
    gate: Gate
    engine: Engine


@pytest.fixture(params=["plain", "safe"])
async def rig(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Rig]:
    safe = request.param == "safe"
    database = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(database)
    clock = FrozenClock(NOW)
    engine = Engine(database, clock)
    fake = await FakeWeChat(token=TOKEN, app_id=APP_ID, app_secret=APP_SECRET,
                            aes_key=AES_KEY if safe else None).start()
    api = WeChatApi(fake.api_url, APP_ID, APP_SECRET)
    book = WeChatBook(database, clock)
    gate = Gate(engine.handle)
    turns = TurnRunner(4)
    webhook = WeChatWebhook(handle=gate, book=book, sender=WeChatSender(api, book, template_id=TEMPLATE),
                            token=TOKEN, runner=turns, crypto=MessageCrypto(TOKEN, AES_KEY, APP_ID) if safe else None,
                            template_id=TEMPLATE, seen=SeenRequests(database, SystemClock()),
                            clock=SystemClock())  # request timestamps are the platform's wall clock
    runner = web.AppRunner(webhook.make_app(), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake.webhook_url = f"http://127.0.0.1:{runner.addresses[0][1]}/wechat"
    yield Rig(fake, webhook, gate, engine)
    gate.open.set()
    await webhook.close()
    await runner.cleanup()
    turns.close()
    await api.close()
    await fake.stop()
    database.dispose()


def registered(rig: Rig) -> None:
    """Consent and a 3000 debt, straight through the engine; the user's window is open on the platform."""
    chat = Chat(rig.engine, sender=Address("wx", USER)).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")


def payments(rig: Rig) -> list[Payment]:
    with Session(rig.engine.database) as s:
        return list(s.exec(select(Payment)))


async def raw_post(rig: Rig, body: bytes, query: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.post(rig.fake.webhook_url, params=query,
                                                                data=body) as response:
        return response.status, await response.text()


# --- verification and refusals ------------------------------------------------------------------------------------


async def test_url_check_echoes_and_a_forged_one_is_refused(rig: Rig) -> None:
    assert await rig.fake.verify_url() == (200, "echo-4711")
    assert (await rig.fake.verify_url(token="guess"))[0] == 403


async def test_forged_pushes_are_refused_before_anything_runs(rig: Rig) -> None:
    forged = await rig.fake.push(rig.fake.text_xml(USER, "还了1000"), token="guess")
    assert forged.status == 403
    xml = rig.fake.text_xml(USER, "还了1000").encode()
    assert (await raw_post(rig, xml, {}))[0] == 403
    query = rig.fake.signed_query(openid=USER)
    if rig.fake.crypto is not None:
        assert (await raw_post(rig, xml, query))[0] == 403, "a plain push in safe mode"
        encrypted = rig.fake.crypto.encrypt(xml.decode())
        envelope = f"<xml><ToUserName>{GH_ID}</ToUserName><Encrypt>{encrypted}</Encrypt></xml>".encode()
        bad = dict(query, encrypt_type="aes", msg_signature=spec_sign("guess", query["timestamp"], query["nonce"],
                                                                      encrypted))
        assert (await raw_post(rig, envelope, bad))[0] == 403
    assert rig.gate.calls == 0
    with Session(rig.engine.database) as s:
        assert list(s.exec(select(User))) == []


async def test_oversized_and_malformed_bodies_are_refused(rig: Rig) -> None:
    query = rig.fake.signed_query(openid=USER)
    if rig.fake.crypto is not None:
        query["encrypt_type"] = "aes"
        query["msg_signature"] = spec_sign(TOKEN, query["timestamp"], query["nonce"], "")
    assert (await raw_post(rig, b"<xml>" + b"x" * 70_000 + b"</xml>", query))[0] == 413
    assert (await raw_post(rig, b"<xml><unclosed>", query))[0] == 400
    if rig.fake.crypto is not None:
        junk = "bm90IGEgbWVzc2FnZSBmb3IgdXMsIGp1c3QgMzIgYnl0ZXMhIQ=="
        query["msg_signature"] = spec_sign(TOKEN, query["timestamp"], query["nonce"], junk)
        assert (await raw_post(rig, f"<xml><Encrypt>{junk}</Encrypt></xml>".encode(), query))[0] == 400
    else:
        assert (await raw_post(rig, rig.fake.text_xml("not an openid!", "hi").encode(), query))[0] == 400
    assert rig.gate.calls == 0


# --- passive replies, numbers, grants -------------------------------------------------------------------------------


async def test_passive_replies_with_numbered_options_and_the_grant_request(rig: Rig) -> None:
    assert "回复 1 同意并开始" in await rig.fake.follow(USER)
    assert "已记下你的同意" in await rig.fake.say(USER, "1")
    assert "回复 1 确认保存" in await rig.fake.say(USER, "花呗欠了3000元，12月10号要还")
    saved = await rig.fake.say(USER, "1")
    assert "已保存：花呗 ¥3,000" in saved and "订阅通知" in saved
    assert "下一次提醒会用订阅通知" in await rig.fake.allow_notify(USER, TEMPLATE)
    assert "订阅通知" not in await rig.fake.say(USER, "招行信用卡5200，12月15号要还")
    assert "已保存" in await rig.fake.say(USER, "1"), "no second request while a grant is unused"
    image = await rig.fake.push(rig.fake.text_xml(USER, "x").replace("<![CDATA[text]]>", "<![CDATA[image]]>"))
    assert image.reply is not None and "只看得懂文字" in image.reply


async def test_unfollow_and_unknown_events_answer_success(rig: Rig) -> None:
    assert (await rig.fake.push(rig.fake.event_xml(USER, "VIEW"))).reply is None
    await rig.fake.follow(USER)
    leave = await rig.fake.push(rig.fake.event_xml(USER, "unsubscribe"))
    assert leave.status == 200 and leave.reply is None


# --- the deadline and retries --------------------------------------------------------------------------------------------


async def test_a_slow_engine_gets_success_in_time_and_the_answer_by_push_once(rig: Rig) -> None:
    registered(rig)
    rig.webhook.deadline = 0.3
    rig.gate.open.clear()
    push = await rig.fake.push(rig.fake.text_xml(USER, "还了1000"))
    assert push.status == 200 and push.reply is None and push.seconds < 1.0 and push.attempts == 1
    rig.gate.open.set()
    [delivery] = await rig.fake.wait_delivered(1)
    assert delivery.kind == "custom" and "还剩 ¥2,000" in delivery.text and "回复 1 撤销" in delivery.text
    assert rig.gate.calls == 1 and len(payments(rig)) == 1


async def test_retries_while_the_engine_runs_run_it_once_and_the_latest_attempt_answers(rig: Rig) -> None:
    registered(rig)
    rig.webhook.deadline = 3.0
    rig.gate.open.clear()
    xml = rig.fake.text_xml(USER, "还了1000")
    attempts = rig.fake.attempts_made
    pushing = asyncio.create_task(rig.fake.push(xml, deadline=0.4))  # the platform gives up after 0.4 s
    await rig.fake.wait_attempts(attempts + 2)
    rig.gate.open.set()
    push = await pushing
    assert push.attempts >= 2 and push.reply is not None and "还剩 ¥2,000" in push.reply
    assert rig.gate.calls == 1 and len(payments(rig)) == 1
    late = await rig.fake.push(xml)  # a retry after the answer went out
    assert late.status == 200 and late.reply is None
    assert rig.fake.delivered == [], "answered passively, so not pushed as well"


async def test_a_late_retry_after_a_push_is_answered_success_and_nothing_is_doubled(rig: Rig) -> None:
    registered(rig)
    rig.webhook.deadline = 0.2
    rig.gate.open.clear()
    xml = rig.fake.text_xml(USER, "还了1000")
    assert (await rig.fake.push(xml)).reply is None
    rig.gate.open.set()
    await rig.fake.wait_delivered(1)
    rig.webhook.deadline = 3.0
    again = await rig.fake.push(xml)
    assert again.status == 200 and again.reply is None
    assert rig.gate.calls == 1 and len(payments(rig)) == 1 and len(rig.fake.delivered) == 1


async def test_event_retries_are_recognised_by_sender_and_create_time(rig: Rig) -> None:
    xml = rig.fake.event_xml(USER, "subscribe")
    first, second = await rig.fake.push(xml), await rig.fake.push(xml)
    assert first.reply is not None and "还款助手" in first.reply and second.reply is None
    assert rig.gate.calls == 1


async def test_one_users_messages_are_handled_in_order(rig: Rig) -> None:
    registered(rig)
    replies = await asyncio.gather(*(rig.fake.say(USER, f"还了{n}00") for n in (1, 2, 3)))
    assert all("还剩" in r for r in replies) and len(payments(rig)) == 3


# --- secrets ---------------------------------------------------------------------------------------------------------


async def test_no_secret_reaches_the_logs(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    registered(rig)
    await rig.fake.push(rig.fake.text_xml(USER, "还了1000"), token="guess")
    query = rig.fake.signed_query(openid=USER)
    await raw_post(rig, b"<xml><broken", query)
    rig.webhook.deadline = 0.0
    await rig.fake.say(USER, "还了1")
    await rig.fake.wait_delivered(1)
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "refused a WeChat push with a bad signature" in text
    for secret in (TOKEN, APP_SECRET, AES_KEY, query["signature"], *rig.fake.tokens):
        assert secret not in text
