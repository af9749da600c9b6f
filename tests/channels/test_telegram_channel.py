"""The Telegram channel's running parts: the shared rate budget, the command menu, webhook-secret checks, and the
application's one handler and one error handler (in-process, against the fake Bot API on loopback)."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from pydantic import ValidationError
from telegram.error import RetryAfter

from bot.channels.telegram import (
    MENU,
    TelegramSender,
    TgApp,
    file_url_for,
    make_application,
    set_command_menu,
)
from bot.channels.telegram_budget import FloodWindow, SharedBudget
from bot.channels.telegram_mapping import deliver
from bot.config import Settings
from bot.engine.engine import COMMANDS, Engine
from bot.errors import RateLimited
from bot.messages import Address, Reply
from bot.runtime.limiter import SmoothLimiter
from bot.runtime.turns import TurnRunner
from bot.texts import en, zh
from tests.channels.offline_telegram import TOKEN, RecordingRequest, make_offline_bot
from tests.fake_telegram import FakeTelegram


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    yield


class VirtualLimiter(SmoothLimiter):
    """A SmoothLimiter on a clock that stands still: every wait it asks for is recorded instead of slept."""

    def __init__(self, rate: float) -> None:
        self.waits: list[float] = []

        async def record(seconds: float) -> None:
            self.waits.append(round(seconds, 6))

        super().__init__(rate, monotonic=lambda: 0.0, sleep=record)


# --- the shared budget ------------------------------------------------------------------------------------------

async def test_replies_and_dispatcher_pushes_draw_on_one_budget_and_a_push_takes_one_slot_not_two() -> None:
    limiter = VirtualLimiter(10)
    request = RecordingRequest()
    bot = make_offline_bot(request, SharedBudget(limiter))
    sender = TelegramSender(bot)
    for n in range(3):
        await limiter.acquire(f"tg:{n}")  # what the dispatcher does before each push
        await sender.send(Address("tg", str(n)), Reply(f"⏰ reminder {n}"))
        await deliver(bot, 100 + n, [Reply(f"answer {n}")])
    await bot.answer_callback_query("q1")  # not a message: it takes no slot
    assert [c.method for c in request.calls].count("sendMessage") == 6
    assert limiter.waits == [0.1, 0.2, 0.3, 0.4, 0.5], "six messages, six evenly spaced slots of one budget"


async def test_answers_in_one_chat_are_not_spaced_a_second_apart_but_pushes_are() -> None:
    limiter = VirtualLimiter(10)
    bot = make_offline_bot(RecordingRequest(), SharedBudget(limiter))
    await deliver(bot, 42, [Reply("谢谢 ✅"), Reply("试试这样说：…")])
    assert limiter.waits == [0.1]
    await limiter.acquire("tg:42")
    await limiter.acquire("tg:42")
    assert limiter.waits == [0.1, 0.2, 1.2], "a push to one chat waits for that chat's one-per-second slot"


async def test_a_429_on_an_answer_pauses_the_shared_budget_and_the_answer_is_retried() -> None:
    limiter = VirtualLimiter(10)
    request = RecordingRequest()
    request.fail("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    await deliver(make_offline_bot(request, SharedBudget(limiter)), 42, [Reply("已保存")])
    assert [c.method for c in request.calls] == ["sendMessage", "sendMessage"]
    assert limiter.waits == [3.0], "the retry waited out retry_after"
    await limiter.acquire("tg:7")
    assert limiter.waits[-1] == pytest.approx(3.1), "pushes wait behind the pause too"


async def test_a_429_on_a_push_pauses_the_budget_and_goes_back_to_the_dispatcher() -> None:
    limiter = VirtualLimiter(10)
    request = RecordingRequest()
    request.fail("sendMessage", 429, "Too Many Requests: retry after 4", retry_after=4)
    with pytest.raises(RateLimited) as caught:
        await TelegramSender(make_offline_bot(request, SharedBudget(limiter))).send(Address("tg", "42"), Reply("⏰"))
    assert caught.value.retry_after == 4 and len(request.calls) == 1
    await limiter.acquire("tg:42")
    assert limiter.waits == [4.0]


async def test_an_answer_that_keeps_getting_429_gives_up_after_the_retries() -> None:
    request = RecordingRequest()
    for _ in range(3):
        request.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    with pytest.raises(RetryAfter):
        await deliver(make_offline_bot(request, SharedBudget(VirtualLimiter(10), max_retries=2)), 42, [Reply("x")])
    assert len(request.calls) == 3


class VirtualTime:
    """A clock that moves only when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


async def test_the_flood_window_lets_cap_calls_through_and_holds_the_next_until_the_oldest_is_a_window_old() -> None:
    time = VirtualTime()
    flood = FloodWindow(3, 1.0, clock=time, sleep=time.sleep)
    calls = [await flood.admit() for _ in range(3)]
    assert time.now == 0.0, "up to the cap, nothing waits"
    time.now = 0.004
    for call in calls:
        flood.finish(call)
    await flood.admit()
    assert time.now == pytest.approx(1.004), "the 4th starts a window after the 1st *finished*, not started"


async def test_the_flood_window_waits_for_a_call_still_in_flight() -> None:
    time = VirtualTime()
    flood = FloodWindow(2, 1.0, clock=time, sleep=time.sleep)
    slow, fast = await flood.admit(), await flood.admit()
    flood.finish(fast)
    waiting = asyncio.ensure_future(flood.admit())
    await asyncio.sleep(0)
    assert not waiting.done(), "the oldest call has not answered yet"
    time.now = 0.5
    flood.finish(slow)
    await waiting
    assert time.now == pytest.approx(1.5)


async def test_no_window_ever_holds_more_than_cap_calls_whatever_the_latencies() -> None:
    time = VirtualTime()
    flood = FloodWindow(5, 1.0, clock=time, sleep=time.sleep)
    rng = random.Random(7)
    spans: list[tuple[float, float]] = []
    for _ in range(200):
        time.now += rng.choice([0.0, 0.0, 0.01, 0.2])  # bunches and gaps
        call = await flood.admit()
        start = time.now
        latency = rng.choice([0.001, 0.003, 0.05])
        time.now += latency
        flood.finish(call)
        spans.append((start, time.now))
        time.now = start  # the next call may start before this one answered
    # A call reaches the server somewhere between its start and its answer; take the worst case for each window.
    for i in range(len(spans) - 5):
        assert spans[i + 5][0] >= spans[i][1] + 1.0 - 1e-9


# --- the command menu ------------------------------------------------------------------------------------------------

async def test_the_command_menu_is_published_by_default_and_in_chinese_and_english() -> None:
    request = RecordingRequest()
    await set_command_menu(make_offline_bot(request), "zh")
    menus = {c.params.get("language_code"): c.params["commands"] for c in request.of("setMyCommands")}
    assert set(menus) == {None, "zh", "en"}
    assert [c["command"] for c in menus["en"]] == list(MENU)
    assert menus[None] == menus["zh"]
    assert menus["zh"][2] == {"command": "list", "description": "我的欠款"}
    assert menus["en"][2] == {"command": "list", "description": "My debts"}


async def test_a_menu_that_cannot_be_set_does_not_stop_the_bot(caplog: pytest.LogCaptureFixture) -> None:
    request = RecordingRequest()
    request.fail("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID")
    await set_command_menu(make_offline_bot(request), "en")
    assert len(request.of("setMyCommands")) == 3 and "could not set the default command menu" in caplog.text


def test_every_menu_command_is_one_the_engine_knows_with_a_description_in_both_catalogues() -> None:
    for name in MENU:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name) and name in COMMANDS
        for catalogue in (zh.TEXTS, en.TEXTS):
            assert 3 <= len(catalogue[f"tg.cmd.{name}"]) <= 256


def test_the_channels_texts_are_one_block_at_the_end_of_each_catalogue() -> None:
    for catalogue in (zh.TEXTS, en.TEXTS):
        keys = list(catalogue)
        ours = [k for k in keys if k.startswith("tg.")]
        assert keys[-len(ours):] == ours
    assert [k for k in zh.TEXTS if k.startswith("tg.")] == [k for k in en.TEXTS if k.startswith("tg.")]


# --- settings checks -------------------------------------------------------------------------------------------------

def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"telegram_bot_token": TOKEN, "telegram_api_url": "http://127.0.0.1:9/bot"}
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize(("secret", "complaint"), [
    (None, "needs TELEGRAM_WEBHOOK_SECRET"),
    ("   ", "needs TELEGRAM_WEBHOOK_SECRET"),
    ("change-me-webhook-secret", "placeholder"),
])
def test_webhook_mode_refuses_a_missing_or_placeholder_secret(secret: str | None, complaint: str) -> None:
    problems = settings(telegram_webhook_secret=secret).problems_for("telegram", webhook=True)
    assert len(problems) == 1 and complaint in problems[0]
    assert settings(telegram_webhook_secret=secret).problems_for("telegram") == [], "polling needs no secret"


@pytest.mark.parametrize("secret", ["has spaces and ünïcode", "x" * 257])
def test_a_secret_telegram_would_reject_is_refused_with_the_settings(secret: str) -> None:
    with pytest.raises(ValidationError) as refused:
        settings(telegram_webhook_secret=secret)
    assert "letters, digits, _ and -" in str(refused.value)


def test_a_good_webhook_secret_is_accepted() -> None:
    assert settings(telegram_webhook_secret="s3cr3t_Token-1").problems_for("telegram", webhook=True) == []


@pytest.mark.parametrize(("api", "files"), [
    ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
    ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081/file/bot"),
    ("https://tg-proxy.example.org/telegram/bot", "https://tg-proxy.example.org/telegram/file/bot"),
    ("https://tg-proxy.example.org/api", "https://tg-proxy.example.org/file/bot"),
])
def test_the_file_url_is_derived_from_the_api_url(api: str, files: str) -> None:
    assert file_url_for(api) == files


# --- the application in-process against the fake ----------------------------------------------------------------

@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def app(fake: FakeTelegram, engine: Engine) -> AsyncIterator[TgApp]:
    runner = TurnRunner(2)
    application = make_application(token=TOKEN, api_url=fake.api_url, handle=runner.handler(engine.handle),
                                   limiter=SmoothLimiter(1000), cap=30)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=1, poll_interval=0)
        yield application
        await application.updater.stop()
        await application.stop()
    runner.close()


async def test_a_failing_update_is_logged_with_its_traceback_and_the_next_one_is_answered(
        fake: FakeTelegram, app: TgApp, caplog: pytest.LogCaptureFixture) -> None:
    fake.vanish(7)
    await fake.user_text(7, "/start")
    await fake.wait_call("sendMessage", chat_id=7, ok_only=False)
    await fake.user_text(8, "/help")
    [answer] = await fake.wait_call("sendMessage", chat_id=8)
    assert "/list" in answer.text
    [record] = [r for r in caplog.records if r.getMessage().startswith("failed to handle update")]
    assert record.exc_info is not None and "chat not found" in str(record.exc_info[1]).lower()
    assert not any("chat not found" in c.text or "Traceback" in c.text for c in fake.calls)


async def test_an_unknown_command_and_a_sticker_get_a_friendly_answer(fake: FakeTelegram, app: TgApp) -> None:
    await fake.user_text(9, "/frobnicate")
    [unknown] = await fake.wait_call("sendMessage", chat_id=9)
    assert "/frobnicate" in unknown.text and "/help" in unknown.text
    await fake.user_sticker(9)
    [_, sticker] = await fake.wait_call("sendMessage", chat_id=9, count=2)
    assert sticker.text == zh.TEXTS["err.empty"]


async def test_a_pressed_button_is_answered_even_when_its_data_is_forged(fake: FakeTelegram, app: TgApp) -> None:
    await fake.user_text(10, "/start")
    [welcome] = await fake.wait_call("sendMessage", chat_id=10)
    update = await fake.user_press(10, welcome, "rm:paid:999999")
    [_, answer] = await fake.wait_call("sendMessage", chat_id=10, count=2)
    assert answer.text == zh.TEXTS["err.debt_not_found"]
    await fake.wait_call("answerCallbackQuery",
                         where=lambda c: c.params["callback_query_id"] == update["callback_query"]["id"])
    assert fake.message(10, welcome.message_id or 0)["text"] == welcome.text, "a forged press edits nothing"
