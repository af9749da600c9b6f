"""``repaybot wechat`` as a subprocess, driven over HTTP on 127.0.0.1 by the fake WeChat platform, in plain and safe
mode: the loop conversation, a reminder by customer-service message, and after 49 hours the subscribe-message
path, a held reminder delivered with the next reply, and no failure loop on the way."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fake_wechat import FakeWeChat

pytestmark = [pytest.mark.e2e]

REPO = Path(__file__).resolve().parents[2]
TOKEN = "e2e-wechat-token-6f1d"
APP_ID = "wx5e2b9c0d4a7f1e36"
APP_SECRET = "e2e-app-secret-93ab7c51d0"
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aQ"  # 43 characters
TEMPLATE = "tmpl-repay-reminder-01"
USER = "oUser_e2e_0001"


@dataclass
class Bot:
    process: asyncio.subprocess.Process
    database: Path
    log: list[str]
    url: str


async def _drain(stream: asyncio.StreamReader, lines: list[str], ready: asyncio.Future[str]) -> None:
    while raw := await stream.readline():
        line = raw.decode("utf-8", "replace")
        lines.append(line)
        found = re.search(r"listening on ([\d.]+):(\d+)/wechat", line)
        if found and not ready.done():
            ready.set_result(f"http://{found.group(1)}:{found.group(2)}/wechat")
    if not ready.done():
        ready.set_exception(RuntimeError("the bot exited before listening:\n" + "".join(lines)))


@pytest.fixture(params=["plain", "safe"])
async def platform(request: pytest.FixtureRequest) -> AsyncIterator[FakeWeChat]:
    fake = await FakeWeChat(token=TOKEN, app_id=APP_ID, app_secret=APP_SECRET,
                            aes_key=AES_KEY if request.param == "safe" else None).start()
    yield fake
    await fake.stop()


@pytest.fixture
async def bot(platform: FakeWeChat, tmp_path: Path) -> AsyncIterator[Bot]:
    database = tmp_path / "repaybot.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "TELEGRAM_"))}
    env.update({
        "PYTHONPATH": str(REPO), "DATABASE_URL": f"sqlite:///{database}", "LOG_LEVEL": "INFO",
        "WECHAT_TOKEN": TOKEN, "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": APP_SECRET,
        "WECHAT_API_URL": platform.api_url, "WECHAT_SUBSCRIBE_TEMPLATE_ID": TEMPLATE,
        "NO_PROXY": "127.0.0.1,localhost",
    })
    if platform.crypto is not None:
        env["WECHAT_AES_KEY"] = AES_KEY
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "wechat", "--host", "127.0.0.1", "--port", "0", cwd=tmp_path, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    assert process.stdout is not None
    lines: list[str] = []
    ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    drain = asyncio.create_task(_drain(process.stdout, lines, ready))
    try:
        url = await asyncio.wait_for(ready, 60)
        platform.webhook_url = url
        yield Bot(process, database, lines, url)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()
        await drain


def _sql(database: Path, query: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(database, timeout=10) as conn:
        rows = conn.execute(query, args).fetchall()
    conn.close()
    return rows


def fire_next_reminder(database: Path, *, kind: str | None = None) -> int:
    """Move the user's earliest pending reminder to now: the schedule moves instead of the clock."""
    query = ("SELECT reminder.id FROM reminder JOIN user ON user.id = reminder.user_id "
             "WHERE user.address = ? AND reminder.status = 'pending'")
    args: list[object] = [f"wx:{USER}"]
    if kind is not None:
        query += " AND reminder.kind = ?"
        args.append(kind)
    else:  # a debt reminder, not the weekly digest or a tip
        query += " AND reminder.kind IN ('pre_due', 'due', 'overdue')"
    [(row_id,)] = _sql(database, query + " ORDER BY reminder.fire_at LIMIT 1", *args)
    now = (datetime.now(UTC) - timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    _sql(database, "UPDATE reminder SET fire_at = ?, respect_quiet = 0 WHERE id = ?", now, row_id)
    return int(str(row_id))


async def wait_status(database: Path, row_id: int, status: str, within: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + within
    while _sql(database, "SELECT status FROM reminder WHERE id = ?", row_id) != [(status,)]:
        assert loop.time() < end, f"reminder {row_id} never became {status}"
        await asyncio.sleep(0.1)  # a subprocess's database: nothing to await but time


async def test_the_loop_conversation_works_over_wechat(platform: FakeWeChat, bot: Bot) -> None:
    # Server URL check, and forgeries refused before anything runs.
    assert await platform.verify_url() == (200, "echo-4711")
    assert (await platform.verify_url(token="not-the-token"))[0] == 403
    forged = await platform.push(platform.text_xml("oForger", "还了1000"), token="not-the-token")
    assert forged.status == 403
    assert _sql(bot.database, "SELECT count(*) FROM user WHERE address = 'wx:oForger'") == [(0,)]

    # Follow: welcome and the consent question as numbered options; "1" agrees.
    welcome = await platform.follow(USER)
    assert "还款助手" in welcome and "回复 1 同意并开始" in welcome and "回复 2 不同意" in welcome
    assert "已记下你的同意" in await platform.say(USER, "1")

    # Register, confirm by number, and the bot asks for a one-time subscribe grant.
    understood = await platform.say(USER, "花呗欠了3000元，12月10号要还")
    assert "¥3,000" in understood and "12月10日" in understood and "回复 1 确认保存" in understood
    saved = await platform.say(USER, "1")
    assert "已保存：花呗 ¥3,000" in saved and "订阅通知" in saved

    listing = await platform.say(USER, "/list")
    assert "¥3,000" in listing and "12月10日" in listing
    assert "还剩 ¥2,000" in await platform.say(USER, "还了1000")
    assert "¥2,000" in await platform.say(USER, "列表")

    # A reminder comes by customer-service message, with its buttons as numbered options.
    fire_next_reminder(bot.database)
    [reminder] = await platform.wait_delivered(1)
    assert reminder.kind == "custom" and reminder.openid == USER
    assert "花呗" in reminder.text and "¥2,000" in reminder.text and "回复 2 还了一部分" in reminder.text
    # A number typed after a pushed reminder presses that reminder's button.
    assert "还了多少" in await platform.say(USER, "2")
    assert "还剩 ¥1,500" in await platform.say(USER, "500")

    # The user allows one subscribe message; then 49 hours pass on the platform.
    assert "订阅通知" in await platform.allow_notify(USER, TEMPLATE)
    platform.clock.advance(timedelta(hours=49))
    custom_calls = len([c for c in platform.calls if c.path.endswith("custom/send")])

    # Outside the window: 45015, then the one-time subscribe message; the full reminder waits.
    first = fire_next_reminder(bot.database)
    delivered = await platform.wait_delivered(2)
    assert delivered[-1].kind == "subscribe" and "花呗" in delivered[-1].data["thing1"]
    await wait_status(bot.database, first, "held")
    refused = [c for c in platform.calls if c.path.endswith("custom/send")][custom_calls:]
    assert [c.errcode for c in refused][-1] == 45015
    assert platform.token_fetches == 2, "the platform's token expired with its clock: refreshed once"

    # The next reminder: window known closed, grant used: held at once, no doomed call, no loop.
    calls_before = len(platform.calls)
    second = fire_next_reminder(bot.database)
    await wait_status(bot.database, second, "held")
    assert len(platform.calls) == calls_before

    # The user writes: the held reminders come first in the passive reply, then the answer.
    reply = await platform.say(USER, "列表")
    assert reply.index("提醒") < reply.index("你的欠款") and "¥1,500" in reply
    assert _sql(bot.database, "SELECT status FROM reminder WHERE id IN (?, ?)", first, second) == [
        ("sent",), ("sent",)]

    # The window is open again: the next reminder goes by customer-service message.
    fire_next_reminder(bot.database)
    delivered = await platform.wait_delivered(3)
    assert delivered[-1].kind == "custom"

    # Stop cleanly; nothing secret reached the log.
    bot.process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(bot.process.wait(), 20) == 0
    log = "".join(bot.log)
    assert "Traceback" not in log
    for secret in (TOKEN, APP_SECRET, AES_KEY, *platform.tokens):
        assert secret not in log
