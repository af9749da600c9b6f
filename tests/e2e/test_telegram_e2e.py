"""``python -m bot telegram`` end to end over real HTTP against the fake Bot API: the issue's conversation in
Chinese and English, reminders with buttons, webhook mode with its secret, a crash and restart, a blocked user.

Time moves by moving the schedule: a test sets a pending row's ``fire_at`` to the past in the bot's SQLite file
while the bot runs, and its one-second due-scan picks it up. Nothing sleeps to wait for a reminder.
"""

from __future__ import annotations

import json
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.telegram_process import WEBHOOK_SECRET, BotProcess, free_port
from tests.fake_telegram import SECRET_HEADER, Call, FakeTelegram

pytestmark = pytest.mark.e2e

REPLIES = ("sendMessage", "editMessageText")
WAIT = 30.0  # seconds; only a failing test waits this long, and a busy CI machine needs the slack


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bots() -> AsyncIterator[list[BotProcess]]:
    """Bot processes a test started; any still running at the end is killed."""
    started: list[BotProcess] = []
    yield started
    for bot in started:
        if bot.process is not None and bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()


async def start_bot(fake: FakeTelegram, bots: list[BotProcess], workdir: Path, *args: str,
                    env: dict[str, str] | None = None, ready: str = "deleteWebhook") -> BotProcess:
    bot = BotProcess(fake, workdir, *args, env=env)
    bots.append(bot)
    return await bot.start(ready=ready)


class Chat:
    """One Telegram user talking to the bot through the fake; every step waits for the bot's answers."""

    def __init__(self, fake: FakeTelegram, chat_id: int, language: str) -> None:
        self.fake = fake
        self.chat_id = chat_id
        self.language = language

    async def replies(self, since: int, count: int = 1) -> list[Call]:
        """Wait for ``count`` messages sent or edited in this chat after ``since``."""
        return await self.fake.wait_call(REPLIES, count=count, since=since, chat_id=self.chat_id, timeout=WAIT)

    async def say(self, text: str, count: int = 1) -> list[Call]:
        since = self.fake.mark()
        await self.fake.user_text(self.chat_id, text, language_code=self.language)
        return await self.replies(since, count)

    async def press(self, message: Call, data: str, count: int = 1) -> list[Call]:
        """Press the button carrying ``data`` under ``message``; check the press was answered at once."""
        assert data in message.button_data, f"{data!r} is not under {message.text!r}: {message.buttons}"
        since = self.fake.mark()
        update = await self.fake.user_press(self.chat_id, message, data, language_code=self.language)
        replies = await self.replies(since, count)
        query_id = update["callback_query"]["id"]
        [answer] = self.fake.find("answerCallbackQuery", since=since,
                                  where=lambda c: c.params.get("callback_query_id") == query_id)
        assert answer.at <= replies[0].at, "a button press is answered before anything else"
        return replies

    async def start(self) -> None:
        """/start and agree to storing financial data (in English the bot then asks for the time zone)."""
        [welcome] = await self.say("/start")
        replies = await self.press(welcome, "c:yes", count=3 if self.language == "en" else 2)
        if self.language == "en":
            assert "Which time zone are you in?" in replies[-1].text


def button(call: Call, prefix: str) -> str:
    """Return the data of the button under ``call`` that starts with ``prefix``."""
    found = [d for d in call.button_data if d.startswith(prefix)]
    assert found, f"no {prefix!r} button under {call.text!r}: {call.buttons}"
    return found[0]


@dataclass(frozen=True)
class Script:
    language: str
    debt: str
    confirm_says: str
    listed: tuple[str, ...]
    payment: str
    after_payment: tuple[str, ...]
    reminder_says: str
    paid_says: str


CHINESE = Script(language="zh", debt="花呗欠了3000元，12月10号要还", confirm_says="已保存",
                 listed=("花呗", "¥3,000", "12月10日"), payment="还了1000", after_payment=("花呗", "¥2,000", "12月10日"),
                 reminder_says="「花呗」¥2,000", paid_says="已还清")
ENGLISH = Script(language="en", debt="credit card 5,200 due on the 15th every month", confirm_says="Saved",
                 listed=("Credit card", "5,200", "monthly on the 15th"), payment="paid 500 on the card",
                 after_payment=("Credit card", "4,700"), reminder_says="\"Credit card\"", paid_says="is paid")


@pytest.mark.parametrize("script", [CHINESE, ENGLISH], ids=["zh", "en"])
async def test_the_issue_conversation_then_a_reminder_with_buttons(fake: FakeTelegram, bots: list[BotProcess],
                                                                   tmp_path: Path, script: Script) -> None:
    bot = await start_bot(fake, bots, tmp_path)
    chat = Chat(fake, 101, script.language)

    [welcome] = await chat.say("/start")
    assert [d for row in welcome.buttons for _, d in row] == ["c:yes", "c:no"]
    consented, examples, *asked = await chat.press(welcome, "c:yes", count=3 if script.language == "en" else 2)
    assert consented.method == "editMessageText" and consented.message_id == welcome.message_id
    assert examples.method == "sendMessage"
    # Someone writing English is asked where they are: the default zone is the deployment's.
    assert [a.text.startswith("Which time zone") for a in asked] == ([True] if script.language == "en" else [])

    [understood] = await chat.say(script.debt)
    assert "reg:ok" in understood.button_data
    [saved] = await chat.press(understood, "reg:ok")
    assert saved.method == "editMessageText" and script.confirm_says in saved.text
    assert saved.message_id == understood.message_id, "the confirmation is edited in place"

    [listed] = await chat.say("/list")
    assert all(part in listed.text for part in script.listed), listed.text
    [paid] = await chat.say(script.payment)
    assert script.after_payment[1] in paid.text
    [listed] = await chat.say("/list")
    assert all(part in listed.text for part in script.after_payment), listed.text

    since = fake.mark()
    bot.make_due(chat.chat_id, debt=True)
    [reminder] = await chat.replies(since)
    assert reminder.method == "sendMessage" and script.reminder_says in reminder.text
    assert [[d.rsplit(":", 1)[0] + ":" for _, d in row] for row in reminder.buttons] == [
        ["rm:paid:", "rm:part:"], ["rm:snz:1h:", "rm:snz:ton:", "rm:snz:tmr:"], ["rm:stop:"]]
    [done] = await chat.press(reminder, button(reminder, "rm:paid:"))
    assert done.method == "editMessageText" and done.message_id == reminder.message_id
    assert script.paid_says in done.text

    sticker_since = fake.mark()
    await fake.user_sticker(chat.chat_id, language_code=script.language)
    [hint] = await chat.replies(sticker_since)
    assert hint.text and "Traceback" not in hint.text

    assert {lang: [c["command"] for c in menu] for lang, menu in fake.commands.items()} == {
        lang: ["start", "help", "list", "paid", "remind", "reminders", "recovery", "tip", "plan", "chart", "ics", "undo",
               "settings", "export", "delete", "web"]
        for lang in ("", "zh", "en")}
    assert fake.commands["en"][2]["description"] == "My debts" and fake.commands["zh"][2]["description"] == "我的欠款"
    assert await bot.stop() == 0


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_the_recovery_companion_over_telegram(fake: FakeTelegram, bots: list[BotProcess], tmp_path: Path,
                                                    language: str) -> None:
    bot = await start_bot(fake, bots, tmp_path)
    chat = Chat(fake, 303, language)
    await chat.start()
    [understood] = await chat.say("花呗欠了3000元，12月10号要还" if language == "zh" else "Huabei 3000 due Dec 10")
    await chat.press(understood, "reg:ok")
    [plan] = await chat.say("/plan 1000")
    assert ("雪崩法" if language == "zh" else "Avalanche") in plan.text
    [tip] = await chat.say("/tip")
    assert ("来源" if language == "zh" else "Source") in tip.text
    for command, method, filename in (("/chart", "sendPhoto", None), ("/ics", "sendDocument", "repaybot-due-dates.ics")):
        since = fake.mark()
        await fake.user_text(chat.chat_id, command, language_code=language)
        [call] = await fake.wait_call(method, since=since, chat_id=chat.chat_id, timeout=WAIT)
        if filename is not None:
            assert call.files["document"][0] == filename
        else:
            assert call.files["photo"][1].startswith(b"\x89PNG")
    since = fake.mark()
    await fake.user_text(chat.chat_id, "/export", language_code=language)
    files = await fake.wait_call("sendDocument", count=2, since=since, chat_id=chat.chat_id, timeout=WAIT)
    exported = json.loads(files[0].files["document"][1])
    assert [d["creditor"] for d in exported["tables"]["debt"]] == ["花呗"]
    [ask] = await chat.say("/delete")
    [gone] = await chat.press(ask, "del:all!")
    assert ("已删除" if language == "zh" else "deleted") in gone.text
    [empty] = await chat.say("/list")
    assert ("还没有记录欠款" if language == "zh" else "haven't added") in empty.text
    assert await bot.stop() == 0


async def test_webhook_mode_answers_only_requests_with_the_secret(fake: FakeTelegram, bots: list[BotProcess],
                                                                 tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    bot = await start_bot(fake, bots, tmp_path, "--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port),
                          env={"TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET}, ready="setWebhook")
    [hook] = fake.find("setWebhook")
    assert hook.params["url"] == url and hook.params["secret_token"] == WEBHOOK_SECRET
    chat = Chat(fake, 202, "zh")
    await chat.start()
    [understood] = await chat.say("花呗欠了3000元，12月10号要还")
    [saved] = await chat.press(understood, "reg:ok")
    assert "已保存" in saved.text
    assert fake.webhook_posts and all(status == 200 for _, status in fake.webhook_posts)

    intruder = {"update_id": 9001, "message": {
        "message_id": 1, "date": 1_800_000_000, "chat": {"id": 666, "type": "private", "first_name": "Eve"},
        "from": {"id": 666, "is_bot": False, "first_name": "Eve"}, "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}
    async with aiohttp.ClientSession() as http:
        for headers in ({SECRET_HEADER: "wrong-secret"}, {}):
            async with http.post(url, data=json.dumps(intruder),
                                 headers={"Content-Type": "application/json", **headers}) as response:
                assert response.status == 403
    # Updates are handled in order: once a later, genuine update is answered, the refused ones would have been too.
    await Chat(fake, 203, "zh").say("/start")
    assert fake.find(REPLIES, chat_id=666) == [] and bot.user_id(666) is None
    assert await bot.stop() == 0


async def test_a_reminder_due_while_the_bot_was_down_arrives_once_marked_late(
        fake: FakeTelegram, bots: list[BotProcess], tmp_path: Path) -> None:
    bot = await start_bot(fake, bots, tmp_path)
    chat = Chat(fake, 303, "zh")
    await chat.start()
    [ok] = await chat.say("5分钟后提醒我给花呗客服打电话")
    assert "给花呗客服打电话" in ok.text
    await bot.kill()

    row = bot.make_due(chat.chat_id, ago=timedelta(hours=1))
    since = fake.mark()
    await bot.start()
    [late] = await chat.replies(since)
    assert "给花呗客服打电话" in late.text and "迟到的提醒" in late.text
    assert late.button_data[0] == f"cr:done:{row}"
    await bot.wait_for("SELECT status FROM reminder WHERE id = ?", (row,), "sent")
    assert await bot.stop() == 0
    assert len(fake.find("sendMessage", since=since, chat_id=chat.chat_id)) == 1, "exactly once"


async def test_a_user_who_blocked_the_bot_is_paused_and_resumed_when_they_write(
        fake: FakeTelegram, bots: list[BotProcess], tmp_path: Path) -> None:
    bot = await start_bot(fake, bots, tmp_path)
    chat = Chat(fake, 404, "zh")
    await chat.start()
    await chat.say("5分钟后提醒我给花呗客服打电话")
    await chat.say("10分钟后提醒我查一下账单")
    user = bot.user_id(chat.chat_id)

    # Blocked without Telegram telling us (the update was lost): the next reminder gets 403 and pauses the user.
    await fake.block(chat.chat_id, notify=False)
    since = fake.mark()
    first = bot.make_due(chat.chat_id)
    [refused] = await fake.wait_call("sendMessage", since=since, chat_id=chat.chat_id, ok_only=False, timeout=WAIT)
    assert refused.status == 403
    await bot.wait_for("SELECT status FROM reminder WHERE id = ?", (first,), "paused")
    assert bot.query("SELECT paused_at IS NOT NULL FROM user WHERE id = ?", (user,)) == [(1,)]
    assert {s for (s,) in bot.query("SELECT status FROM reminder WHERE user_id = ?", (user,))} == {"paused"}

    # They write again: the schedule resumes, and the reminder that was refused goes out now.
    await fake.unblock(chat.chat_id, notify=False)
    since = fake.mark()
    await fake.user_text(chat.chat_id, "/list")
    delivered = await fake.wait_call("sendMessage", since=since, chat_id=chat.chat_id, count=2, timeout=WAIT)
    assert any("给花呗客服打电话" in c.text for c in delivered)
    await bot.wait_for("SELECT status FROM reminder WHERE id = ?", (first,), "sent")
    assert bot.query("SELECT paused_at FROM user WHERE id = ?", (user,)) == [(None,)]

    # Blocked the ordinary way: Telegram's my_chat_member update pauses at once; unblocking resumes.
    await fake.block(chat.chat_id)
    await bot.wait_for("SELECT paused_at IS NOT NULL FROM user WHERE id = ?", (user,), 1)
    await fake.unblock(chat.chat_id)
    await bot.wait_for("SELECT paused_at IS NULL FROM user WHERE id = ?", (user,), 1)
    assert await bot.stop() == 0


async def test_the_worker_alone_pushes_due_reminders_through_telegram_and_stops_cleanly(
        fake: FakeTelegram, bots: list[BotProcess], tmp_path: Path) -> None:
    bot = await start_bot(fake, bots, tmp_path)
    chat = Chat(fake, 505, "zh")
    await chat.start()
    await chat.say("5分钟后提醒我给花呗客服打电话")
    assert await bot.stop() == 0

    row = bot.make_due(chat.chat_id)
    worker = BotProcess(fake, tmp_path, command="worker")
    bots.append(worker)
    since = fake.mark()
    await worker.start(ready=None)
    [reminder] = await chat.replies(since)
    assert "给花呗客服打电话" in reminder.text and reminder.button_data[0] == f"cr:done:{row}"
    await worker.wait_for("SELECT status FROM reminder WHERE id = ?", (row,), "sent")
    assert await worker.stop(signum=signal.SIGINT) == 0
    assert "Unclosed" not in worker.log() and "Traceback" not in worker.log()
    assert fake.find("getUpdates", since=since) == [], "the worker takes no updates"


async def test_a_rejected_token_stops_the_bot_with_a_clear_message_and_no_token_in_the_log(
        fake: FakeTelegram, tmp_path: Path) -> None:
    bot = BotProcess(fake, tmp_path, token="654321:WRONG-token-that-the-fake-api-refuses-000")
    await bot.start(ready=None)
    assert await bot.wait_exit() != 0
    assert "rejected TELEGRAM_BOT_TOKEN" in bot.log()
