"""``repaybot telegram`` as a subprocess, attacked as a security review did: an update replayed after a restart,
a group where everyone would share one account, bytes that used to raise (a non-ASCII secret header, JSON nested
100,000 deep). Each is refused with a 4xx or a polite answer, nothing is recorded twice, nothing is logged with a
traceback."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.security_http import hold_half_open, post, raw_request
from tests.e2e.telegram_process import WEBHOOK_SECRET, BotProcess, free_port
from tests.e2e.test_telegram_e2e import Chat, start_bot
from tests.fake_telegram import SECRET_HEADER, FakeTelegram

pytestmark = pytest.mark.e2e

GROUP = -100_777_000_1
MEMBER = 401


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bots() -> AsyncIterator[list[BotProcess]]:
    started: list[BotProcess] = []
    yield started
    for bot in started:
        if bot.process is not None and bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()


async def webhook_bot(fake: FakeTelegram, bots: list[BotProcess], workdir: Path, port: int) -> BotProcess:
    return await start_bot(fake, bots, workdir, "--webhook-url", f"http://127.0.0.1:{port}/tg", "--port", str(port),
                           env={"TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET}, ready="setWebhook")


def payments(bot: BotProcess) -> int:
    return int(bot.query("SELECT count(*) FROM payment")[0][0])


async def test_an_update_replayed_after_a_restart_records_the_payment_once(fake: FakeTelegram,
                                                                           bots: list[BotProcess],
                                                                           tmp_path: Path) -> None:
    port = free_port()
    bot = await webhook_bot(fake, bots, tmp_path, port)
    chat = Chat(fake, 302, "zh")
    await chat.start()
    [understood] = await chat.say("花呗欠了3000元，12月10号要还")
    await chat.press(understood, "reg:ok")
    since = fake.mark()
    paid = await fake.user_text(302, "还了1000")
    [answer] = await chat.replies(since)
    assert "¥2,000" in answer.text and payments(bot) == 1
    assert await bot.stop() == 0

    bot = await webhook_bot(fake, bots, tmp_path, port)  # a new process on the same database
    body = json.dumps(paid).encode()
    assert await raw_request("127.0.0.1", port, post("/tg", body, {SECRET_HEADER: WEBHOOK_SECRET,
                                                                   "Content-Type": "application/json"})) == 200
    [listing] = await chat.say("/list")  # handled after the replay (one chat's updates keep their order)
    assert "¥2,000" in listing.text and "¥1,000" not in listing.text
    assert payments(bot) == 1, "the replayed update recorded nothing"
    assert await bot.stop() == 0
    assert "Traceback" not in bot.log()


async def test_bad_bytes_get_a_4xx_and_no_traceback(fake: FakeTelegram, bots: list[BotProcess],
                                                    tmp_path: Path) -> None:
    port = free_port()
    bot = await webhook_bot(fake, bots, tmp_path, port)
    update = json.dumps({"update_id": 5, "message": {"message_id": 1, "date": int(time.time()),
                                                     "chat": {"id": 9, "type": "private", "first_name": "E"},
                                                     "from": {"id": 9, "is_bot": False, "first_name": "E"},
                                                     "text": "/list"}}).encode()
    headers = {"Content-Type": "application/json"}
    for secret in ("秘密-ñ", WEBHOOK_SECRET + "é", "\u00ff" * 40):
        assert await raw_request("127.0.0.1", port, post("/tg", update, {**headers, SECRET_HEADER: secret})) == 403
    nested = b"[" * 100_000
    assert await raw_request("127.0.0.1", port, post("/tg", nested, {**headers, SECRET_HEADER: WEBHOOK_SECRET})) \
        == 400
    assert await raw_request("127.0.0.1", port, post("/tg", b'{"a":' * 50_000, {
        **headers, SECRET_HEADER: WEBHOOK_SECRET})) == 400
    [alive] = await Chat(fake, 303, "zh").say("/start")
    assert alive.text, "the server still answers"
    assert bot.user_id(9) is None
    assert await bot.stop() == 0
    log = bot.log()
    assert "Traceback" not in log and "RecursionError" not in log and "UnicodeEncodeError" not in log


def group_update(text: str, *, user: int = MEMBER, kind: str = "group") -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": int(time.time() * 1000) % 1_000_000, "date": int(time.time()),
        "chat": {"id": GROUP, "type": kind, "title": "家庭群"},
        "from": {"id": user, "is_bot": False, "first_name": f"U{user}", "language_code": "zh"}, "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"message": message}


async def test_a_group_is_pointed_to_a_private_chat_once_and_never_shown_finances(fake: FakeTelegram,
                                                                                 bots: list[BotProcess],
                                                                                 tmp_path: Path) -> None:
    bot = await start_bot(fake, bots, tmp_path)
    me = Chat(fake, MEMBER, "zh")
    await me.start()
    [understood] = await me.say("花呗欠了3000元，12月10号要还")
    await me.press(understood, "reg:ok")

    since = fake.mark()
    # The bot is added to a group, and members try everything that would show or change someone's finances.
    bot_user = {"id": fake.bot_id, "is_bot": True, "first_name": "RepayBot", "username": "repay_test_bot"}
    await fake.emit({"my_chat_member": {
        "chat": {"id": GROUP, "type": "group", "title": "家庭群"}, "date": int(time.time()),
        "from": {"id": MEMBER, "is_bot": False, "first_name": "U401"},
        "old_chat_member": {"status": "left", "user": bot_user},
        "new_chat_member": {"status": "member", "user": bot_user}}})
    for text in ("/list", "/export", "/delete", "还了1000", "/list@repay_test_bot", "花呗欠了500，明天还"):
        await fake.emit(group_update(text))
        await fake.emit(group_update(text, user=402))
    fake._messages[(GROUP, 999)] = {"message_id": 999, "date": int(time.time()), "text": "…",
                                    "chat": {"id": GROUP, "type": "group", "title": "家庭群"},
                                    "from": bot_user}
    await fake.emit({"callback_query": {"id": "qgroup", "from": {"id": MEMBER, "is_bot": False, "first_name": "U"},
                                        "message": fake._messages[(GROUP, 999)], "chat_instance": "g",
                                        "data": "del:all!"}})
    # Chats are handled side by side, each in its own order: the group's last update is the button press, so once
    # its alert is answered every group update above has been handled.
    await fake.wait_call("answerCallbackQuery", since=since, where=lambda c: c.params.get("callback_query_id") == "qgroup")
    [still] = await me.say("/list")
    assert "¥3,000" in still.text, "nothing a group member did changed the account"

    to_group = [c for c in fake.calls[since:] if c.chat_id == GROUP]
    assert [c.method for c in to_group] == ["sendMessage"], "one notice, nothing else"
    assert "私聊" in to_group[0].text and "t.me/" in to_group[0].text
    assert "3,000" not in to_group[0].text
    [alert] = fake.find("answerCallbackQuery", since=since,
                        where=lambda c: c.params.get("callback_query_id") == "qgroup")
    assert "私聊" in str(alert.params.get("text"))
    assert fake.find("sendDocument", since=since) == []
    assert bot.query("SELECT count(*) FROM user WHERE address LIKE 'tg:-%'") == [(0,)]
    assert bot.query("SELECT count(*) FROM user WHERE address = 'tg:402'") == [(0,)]
    assert await bot.stop() == 0

    # Said once, also across a restart.
    bot = await start_bot(fake, bots, tmp_path)
    since = fake.mark()
    await fake.emit(group_update("/list"))
    await me.say("/start")
    assert [c for c in fake.calls[since:] if c.chat_id == GROUP] == []
    assert await bot.stop() == 0
    assert "Traceback" not in bot.log()


def few_descriptors() -> None:
    """In the child: a small descriptor limit, as a service without LimitNOFILE has (smaller, to be quick)."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


async def test_half_open_connections_do_not_keep_telegram_out(fake: FakeTelegram, bots: list[BotProcess],
                                                              tmp_path: Path) -> None:
    port = free_port()
    bot = BotProcess(fake, tmp_path, "--webhook-url", f"http://127.0.0.1:{port}/tg", "--port", str(port),
                     env={"TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET})
    bots.append(bot)
    await bot.start(ready="setWebhook", preexec=few_descriptors)
    attackers = await hold_half_open("127.0.0.1", port, 600)
    try:
        assert len(attackers) > 256, "more half-open connections than the process has descriptors"
        started = time.monotonic()
        [answer] = await Chat(fake, 304, "zh").say("/start")
        assert answer.text and time.monotonic() - started < 5
        assert all(status == 200 for _, status in fake.webhook_posts)
    finally:
        for writer in attackers:
            writer.close()
    assert await bot.stop() == 0
    log = bot.log()
    assert "Traceback" not in log and log.count("Too many open files") <= 2
