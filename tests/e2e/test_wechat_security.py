"""``repaybot wechat`` as a subprocess, attacked as a security review did, in plain and safe mode: a signed URL
replayed with another body, stale and future timestamps, a message replayed after a restart, two users whose
MsgIds collide, XML in UTF-16 with an entity bomb, a BOM, a NUL, another declared encoding, a non-ASCII signature,
``𐩀`` typed as a number, and half-open connections on a process with few file descriptors."""

from __future__ import annotations

import asyncio
import os
import re
import resource
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.security_http import hold_half_open, post, raw_request
from tests.fake_wechat import FakeWeChat

pytestmark = [pytest.mark.e2e]

REPO = Path(__file__).resolve().parents[2]
TOKEN = "sec-wechat-token-81c2"
APP_ID = "wx7a1b2c3d4e5f6a7b"
APP_SECRET = "sec-app-secret-4d2e91b7"
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aQ"
ALICE, BOB = "oAlice_sec_0001", "oBob_sec_0002"


@dataclass
class Bot:
    process: asyncio.subprocess.Process
    lines: list[str]
    url: str
    port: int
    drain: asyncio.Task[None]

    def log(self) -> str:
        return "".join(self.lines)

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), 20)
        await self.drain
        return code


class Runner:
    """Starts the bot on one database as often as a test needs (a restart is a new process)."""

    def __init__(self, platform: FakeWeChat, workdir: Path) -> None:
        self.platform = platform
        self.workdir = workdir
        self.database = workdir / "repaybot.db"
        self.started: list[Bot] = []

    async def start(self, *, preexec: Callable[[], None] | None = None) -> Bot:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "TELEGRAM_"))}
        env.update({"PYTHONPATH": str(REPO), "DATABASE_URL": f"sqlite:///{self.database}", "LOG_LEVEL": "INFO",
                    "WECHAT_TOKEN": TOKEN, "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": APP_SECRET,
                    "WECHAT_API_URL": self.platform.api_url, "NO_PROXY": "127.0.0.1,localhost"})
        if self.platform.crypto is not None:
            env["WECHAT_AES_KEY"] = AES_KEY
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "wechat", "--port", "0", cwd=self.workdir, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            preexec_fn=preexec)
        assert process.stdout is not None
        lines: list[str] = []
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def drain(stream: asyncio.StreamReader) -> None:
            while raw := await stream.readline():
                lines.append(raw.decode("utf-8", "replace"))
                found = re.search(r"listening on ([\d.]+):(\d+)/wechat", lines[-1])
                if found and not ready.done():
                    ready.set_result(f"http://{found.group(1)}:{found.group(2)}/wechat")
            if not ready.done():
                ready.set_exception(RuntimeError("the bot exited before listening:\n" + "".join(lines)))

        task = asyncio.create_task(drain(process.stdout))
        url = await asyncio.wait_for(ready, 60)
        self.platform.webhook_url = url
        bot = Bot(process, lines, url, int(url.rsplit(":", 1)[1].split("/")[0]), task)
        self.started.append(bot)
        return bot

    def payments(self) -> int:
        with sqlite3.connect(self.database, timeout=10) as conn:
            count = int(conn.execute("SELECT count(*) FROM payment").fetchone()[0])
        conn.close()
        return count


@pytest.fixture(params=["plain", "safe"])
async def platform(request: pytest.FixtureRequest) -> AsyncIterator[FakeWeChat]:
    fake = await FakeWeChat(token=TOKEN, app_id=APP_ID, app_secret=APP_SECRET,
                            aes_key=AES_KEY if request.param == "safe" else None).start()
    yield fake
    await fake.stop()


@pytest.fixture
async def runner(platform: FakeWeChat, tmp_path: Path) -> AsyncIterator[Runner]:
    runner = Runner(platform, tmp_path)
    yield runner
    for bot in runner.started:
        if bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()


async def send(platform: FakeWeChat, query: dict[str, str], body: str | bytes) -> tuple[int, str]:
    data = body.encode() if isinstance(body, str) else body
    async with aiohttp.ClientSession() as http, http.post(platform.webhook_url, params=query, data=data) as response:
        return response.status, await response.text()


async def with_a_debt(platform: FakeWeChat, openid: str) -> None:
    await platform.follow(openid)
    await platform.say(openid, "1")
    await platform.say(openid, "花呗欠了3000元，12月10号要还")
    assert "已保存" in await platform.say(openid, "1")


async def test_a_signed_url_carries_one_request_and_only_for_five_minutes(platform: FakeWeChat,
                                                                          runner: Runner) -> None:
    bot = await runner.start()
    await with_a_debt(platform, ALICE)
    query, body = platform.signed_request(platform.text_xml(ALICE, "还了100"), openid=ALICE)
    status, _ = await send(platform, query, body)
    assert status == 200 and runner.payments() == 1

    # Someone who saw that URL posts their own message under it: refused (in safe mode they cannot even make an
    # envelope that decrypts, and one that is not an envelope is malformed).
    for forged in (platform.text_xml(ALICE, "/list"), platform.text_xml(ALICE, "还了2900"),
                   platform.text_xml("oMallory_0001", "/list")):
        assert (await send(platform, query, forged))[0] == (403 if platform.crypto is None else 400)
    # The very same request again: refused too (the platform signs each attempt afresh).
    assert (await send(platform, query, body))[0] == 403
    assert runner.payments() == 1

    # Timestamps more than five minutes away are refused, however well signed.
    now = int(time.time())
    for stamp in (now - 400, now + 400, 0, 10**11):
        stale, stale_body = platform.signed_request(platform.text_xml(ALICE, "还了50"), openid=ALICE,
                                                    timestamp=stamp)
        assert (await send(platform, stale, stale_body))[0] == 403
    # The signature of a URL check cannot carry a push either.
    check = platform.signed_query()
    async with aiohttp.ClientSession() as http, http.get(platform.webhook_url,
                                                         params={**check, "echostr": "e1"}) as response:
        assert response.status == 200
    if platform.crypto is None:
        assert (await send(platform, {**check, "openid": ALICE}, platform.text_xml(ALICE, "还了50")))[0] == 403
    assert runner.payments() == 1
    assert await bot.stop() == 0
    assert "Traceback" not in bot.log()


async def test_a_message_replayed_after_a_restart_records_nothing(platform: FakeWeChat, runner: Runner) -> None:
    bot = await runner.start()
    await with_a_debt(platform, ALICE)
    xml = platform.text_xml(ALICE, "还了1000")
    query, body = platform.signed_request(xml, openid=ALICE)
    status, _ = await send(platform, query, body)
    assert status == 200 and runner.payments() == 1
    assert await bot.stop() == 0

    bot = await runner.start()
    # The captured request as it was (refused: its signature was used), and the same message (sender, MsgId)
    # freshly signed (answered "success" as a retry is): neither runs anything.
    assert (await send(platform, query, body))[0] == 403
    again = await platform.push(xml)
    assert again.status == 200 and again.reply is None
    assert "¥2,000" in await platform.say(ALICE, "/list")
    assert runner.payments() == 1
    assert await bot.stop() == 0


async def test_another_users_message_with_the_same_msgid_is_answered(platform: FakeWeChat, runner: Runner) -> None:
    bot = await runner.start()
    await with_a_debt(platform, ALICE)
    await with_a_debt(platform, BOB)
    alice = await platform.push(platform.text_xml(ALICE, "还了100", msg_id=424242))
    bob = await platform.push(platform.text_xml(BOB, "还了200", msg_id=424242))
    assert alice.reply is not None and "¥2,900" in alice.reply
    assert bob.reply is not None and "¥2,800" in bob.reply
    assert runner.payments() == 2
    assert await bot.stop() == 0


LAUGHS = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE xml [<!ENTITY a "' + "x" * 200 + '">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(5))
          + ']><xml><ToUserName>gh</ToUserName><FromUserName>oEve</FromUserName><CreateTime>1</CreateTime>'
          '<MsgType>text</MsgType><Content>&f;</Content><MsgId>1</MsgId></xml>')


async def test_xml_other_than_plain_utf8_is_refused_before_it_is_parsed_or_decrypted(platform: FakeWeChat,
                                                                                     runner: Runner) -> None:
    bot = await runner.start()
    text = platform.text_xml(ALICE, "/list")
    bodies = {
        "utf-16 with an entity bomb": LAUGHS.encode("utf-16"),
        "utf-16 without a BOM": LAUGHS.encode("utf-16-le"),
        "utf-8 BOM": b"\xef\xbb\xbf" + text.encode(),
        "NUL": text.replace("/list", "/li\x00st").encode(),
        "declared gbk": ('<?xml version="1.0" encoding="gbk"?>' + text).encode(),
        "a DTD in utf-8": LAUGHS.replace('encoding="UTF-16"', 'encoding="UTF-8"').encode(),
        "not utf-8": platform.text_xml(ALICE, "列表").encode("gb18030"),
    }
    for name, raw in bodies.items():
        query = platform.signed_query(openid=ALICE)
        if platform.crypto is not None:
            query["encrypt_type"] = "aes"  # refused before any signature of the envelope is even looked for
        started = time.monotonic()
        status, _ = await send(platform, query, raw)
        assert status == 400, name
        assert time.monotonic() - started < 2, f"{name}: refused at once, not after expanding it"
    assert await bot.stop() == 0
    log = bot.log()
    assert "Traceback" not in log and "oEve" not in log


async def test_odd_characters_get_a_4xx_or_a_polite_answer_and_no_traceback(platform: FakeWeChat,
                                                                            runner: Runner) -> None:
    bot = await runner.start()
    await with_a_debt(platform, ALICE)
    query, body = platform.signed_request(platform.text_xml(ALICE, "/list"), openid=ALICE)
    for signature in ("签名" * 20, "é" * 40, query["signature"][:-1] + "ÿ"):
        # As raw UTF-8 in the request line (the HTTP parser refuses it) and percent-encoded (the webhook does).
        raw = post("/wechat", body.encode(), {"Content-Type": "text/xml"},
                   query="&".join(f"{k}={v}" for k, v in {**query, "signature": signature}.items()))
        assert await raw_request("127.0.0.1", bot.port, raw) in (400, 403)
        assert (await send(platform, {**query, "signature": signature}, body))[0] == 403
    assert (await platform.verify_url(token="签名"))[0] == 403
    for typed in ("𐩀", "²", "①", "١"):
        reply = await platform.say(ALICE, typed)
        assert reply and "出错" not in reply, typed
    assert "¥3,000" in await platform.say(ALICE, "/list")
    assert await bot.stop() == 0
    assert "Traceback" not in bot.log()


def few_descriptors() -> None:
    """In the child: the usual small descriptor limit of a service, smaller still to keep the test quick."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


async def test_half_open_connections_do_not_keep_a_legitimate_request_out(platform: FakeWeChat,
                                                                          runner: Runner) -> None:
    if platform.crypto is not None:
        pytest.skip("the connection guard is the same in both modes")
    bot = await runner.start(preexec=few_descriptors)
    await with_a_debt(platform, ALICE)
    attackers = await hold_half_open("127.0.0.1", bot.port, 600)
    try:
        assert len(attackers) > 256, "more half-open connections than the process has descriptors"
        started = time.monotonic()
        reply = await platform.say(ALICE, "/list")
        assert "¥3,000" in reply
        assert time.monotonic() - started < 5
        # And again, with the attackers still there: the server keeps answering.
        assert "还剩 ¥2,900" in await platform.say(ALICE, "还了100")
    finally:
        for writer in attackers:
            writer.close()
    assert bot.process.returncode is None
    assert await bot.stop() == 0
    log = bot.log()
    assert "Traceback" not in log
    assert log.count("Too many open files") <= 2, "no flood of accept errors"
    assert len(log) < 20_000
