"""B3 inbound: updates per second end to end over HTTP — Telegram posts an update to the webhook, the bot parses
it, writes what it means and answers through the Bot API — by our bot and by a textbook bot, in the same run.

Ours: ``repaybot telegram --webhook-url …`` as its own process on a SQLite file (WAL), exactly as deployed. The
load comes from this process, posting updates with the webhook secret over 40 connections (Telegram's default
``max_connections``); the answers go to the fake Bot API in a third process, so neither counts as the bot's CPU.
An answer the bot returns in its answer to the post (a Bot API call, as Telegram allows) is made by this process
at the fake, as Telegram would make it: every answer is counted and checked at the fake either way.
Users are seeded as consenting, each with a monthly 花呗 bill, and each sends one of four everyday messages — a
payment, ``/list``, a timed reminder, a new debt — in Chinese or English. No chat sends more than the engine's
per-user flood allowance, so every update is really handled, and every answer is checked to be the right one.

Telegram's own ~30 answers a second per bot would bind long before 400; the bot's send budget is raised for this
run (``SEND_RATE_PER_SECOND``) so that it measures the bot, not the budget.

Naive: the same traffic into a textbook PTB bot — updates handled one at a time (PTB's default), dateparser
without a language restriction, a SQLite file in its default journal mode, and ``reply_text``.

Budget (DESIGN §4 B3): ≥ 400 updates/s end to end on one core: the updates per second the bot answers, and per
second of its CPU time, are both checked. Every process may run on any CPU, as it always has in this bench;
``--cores one`` runs each bot on one CPU of its own instead (Linux affinity, set as it starts), the poster and the
fake Bot API on the others: the budget's condition taken literally. Confined so, a bot spends less CPU per update,
because the interpreter lock no longer moves its threads from core to core at each hand-over (on this bench's
2-CPU machine about 2.1–2.2 ms an update instead of 2.5). Exits 1 when ours misses the budget.

    PYTHONPATH=. python bench/b3_inbound.py                 # 4,000 updates from 1,000 chats, and the naive bot
    PYTHONPATH=. python bench/b3_inbound.py --skip-naive
    PYTHONPATH=. python bench/b3_inbound.py --skip-naive --cores one
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402

from bench.harness import ROOT, TOKEN, FakeBotApi, child_env, machine  # noqa: E402

SECRET = "bench-webhook-secret_0123456789"
THIS_FILE = Path(__file__).resolve()
CHAT_BASE = 7_000_000
CONNECTIONS = 40  # Telegram's default max_connections for a webhook
BUDGET = 400  # updates a second
# What each user says, in their language, with a fragment every right answer contains.
MESSAGES = {
    "zh": [("还了200", "还剩"), ("/list", "你的欠款"), ("明天下午3点提醒我给招行打电话", "提醒你"),
           ("花呗欠了3000，每月10号还", "我理解的是")],
    "en": [("paid 200", "left"), ("/list", "Your debts"), ("remind me tomorrow at 9am to call the bank", "remind you"),
           ("I owe 5000 on my credit card, due on the 15th", "understood")],
}


@dataclass
class Result:
    name: str
    updates: int
    answered: int
    wall: float
    cpu: float
    right: int
    turned_away: int = 0  # posts answered 503 (backpressure) and posted again

    @property
    def rate(self) -> float:
        return self.answered / self.wall if self.wall else 0.0

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu / max(1, self.answered)

    @property
    def per_core(self) -> float:
        """Updates a second that one fully used core would handle at this CPU cost."""
        return self.answered / self.cpu if self.cpu else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its threads so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def language(chat: int) -> str:
    return "zh" if chat % 2 else "en"


def seed(database_url: str, chats: list[int]) -> None:
    """Consenting users, each with one monthly 花呗 bill due on the 10th."""
    from storage.db import make_engine, session_scope
    from storage.migrate import upgrade
    from storage.models import Debt, User

    database = make_engine(database_url)
    upgrade(database)
    now = datetime.now(UTC)
    with session_scope(database) as session:
        users = [User(address=f"tg:{chat}", channel="tg", external_id=str(chat), language=language(chat),
                      timezone="Asia/Shanghai", created_at=now, consent_at=now) for chat in chats]
        session.add_all(users)
        session.flush()
        session.add_all([Debt(user_id=user.id or 0, creditor="花呗", creditor_kind="huabei",
                              original_amount=Decimal("3000"), balance=Decimal("3000"),
                              due_date=now.date().replace(day=10), rrule="FREQ=MONTHLY;BYMONTHDAY=10",
                              created_at=now, updated_at=now) for user in users])
    database.dispose()


def update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    """A private-chat text update as Telegram posts it (a command carries its entity)."""
    sender = {"id": chat, "is_bot": False, "first_name": f"U{chat}", "language_code": language(chat)}
    message: dict[str, Any] = {"message_id": update_id, "date": int(time.time()), "text": text, "from": sender,
                               "chat": {"id": chat, "type": "private", "first_name": f"U{chat}"}}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def traffic(chats: list[int], rounds: int) -> list[dict[str, Any]]:
    """Round r: every chat sends its r-th message, so one chat's messages are far apart in the stream."""
    updates = []
    for r in range(rounds):
        for chat in chats:
            text, _ = MESSAGES[language(chat)][r % 4]
            updates.append(update(len(updates) + 1, chat, text))
    return updates


async def wait_listening(port: int, process: asyncio.subprocess.Process, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while True:
        if process.returncode is not None:
            raise RuntimeError(f"the bot exited with {process.returncode} before listening")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the bot never listened") from None
            await asyncio.sleep(0.1)


# Telegram answers a webhook's 503 by posting the same update again later; the bot answers 503 while it holds
# more accepted updates than it has handled (its backpressure), so this poster does the same, a little later.
RETRY_AFTER_503 = 0.2


async def post_all(port: int, path: str, updates: list[dict[str, Any]], api_url: str) -> int:
    """Post every update over CONNECTIONS connections, as Telegram does; each must end accepted with 200, and a
    Bot API call in the answer is made at ``api_url`` (the bot's base URL, before its token), as Telegram makes it. Returns how many posts the bot turned
    away with 503 (and got again)."""
    url = f"http://127.0.0.1:{port}/{path}"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    queue = iter(json.dumps(u).encode() for u in updates)
    connector = aiohttp.TCPConnector(limit=2 * CONNECTIONS)
    turned_away = 0
    async with aiohttp.ClientSession(connector=connector) as http:
        async def connection() -> None:
            nonlocal turned_away
            for body in queue:
                while True:
                    async with http.post(url, data=body, headers=headers) as response:
                        answer = await response.read()
                        if response.status == 200:
                            break
                        if response.status != 503:
                            raise RuntimeError(f"the webhook answered {response.status}")
                    turned_away += 1
                    await asyncio.sleep(RETRY_AFTER_503)
                if answer:
                    call = json.loads(answer)
                    async with http.post(f"{api_url}{TOKEN}/{call.pop('method')}", json=call) as made:
                        await made.read()
                        if made.status != 200:
                            raise RuntimeError(f"the fake Bot API answered {made.status} to a returned call")
        await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return turned_away


async def answered(fake: FakeBotApi, count: int, process: asyncio.subprocess.Process, within: float) -> None:
    """Wait until the fake has accepted ``count`` answers (polled over HTTP, so the posting goes on meanwhile)."""
    deadline = time.monotonic() + within
    url = f"http://127.0.0.1:{fake.port}/_fake/stats"
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline and process.returncode is None:
            async with http.get(url) as response:
                if (await response.json())["sent"] >= count:
                    return
            await asyncio.sleep(0.05)


async def run(name: str, command: list[str], env: dict[str, str], port: int, path: str, fake: FakeBotApi,
              warmup: list[dict[str, Any]], updates: list[dict[str, Any]], expected: dict[int, list[str]] | None,
              workdir: Path, core: int | None = None) -> Result:
    fake.reset()
    log_path = workdir / f"{name.split()[0]}.log"
    log = log_path.open("wb")  # noqa: ASYNC230  (before any traffic: nothing to hold up yet)
    process = await asyncio.create_subprocess_exec(*command, cwd=workdir, env=env, stdout=log, stderr=log)
    if core is not None:
        os.sched_setaffinity(process.pid, {core})  # as it starts: the threads it makes later inherit it
    try:
        try:
            await wait_listening(port, process)
        except RuntimeError:
            log.flush()
            print(log_path.read_text()[-3000:], file=sys.stderr)  # noqa: ASYNC240  (failing anyway)
            raise
        # Steady state, not start-up: every kind of message once (first parses load their data) before the clock.
        fake.reset()
        await post_all(port, path, warmup, fake.api_url)
        await answered(fake, len(warmup), process, within=60)
        await asyncio.sleep(0.5)
        fake.reset()
        cpu0, start = cpu_seconds(process.pid), time.monotonic()
        poster = asyncio.create_task(post_all(port, path, updates, fake.api_url))
        await answered(fake, len(updates), process, within=600)
        turned_away = await poster
        stats = fake.stats()
        wall = (stats["last_send"] or start) - start
        cpu = cpu_seconds(process.pid) - cpu0
        answers = fake.answers()
    finally:
        if process.returncode is None:
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
        log.close()
    # The textbook bot answers anything with "noted": only our answers are checked for meaning.
    right = -1 if expected is None else sum(1 for chat, texts in answers.items()
                                            for text, fragment in zip(texts, expected[chat], strict=False)
                                            if fragment in text)
    return Result(name, len(updates), int(stats["sent"]), wall, cpu, right, turned_away)


def print_result(result: Result) -> None:
    checked = f" ({result.right} right)" if result.right >= 0 else ""
    print(f"{result.name:<28} {result.answered:>6}/{result.updates} answered{checked}  "
          f"{result.rate:7.1f} updates/s  {result.cpu_ms:5.2f} ms CPU/update  "
          f"= {result.per_core:6.0f} updates/s per core; {result.turned_away} posts turned away with 503 and "
          f"posted again")


async def main_async(args: argparse.Namespace) -> int:
    chats = [CHAT_BASE + i for i in range(args.chats)]
    warm_chats = [CHAT_BASE - 1 - i for i in range(8)]
    warmup = [dict(u, update_id=u["update_id"] + 10_000_000) for u in traffic(warm_chats, 4)]
    updates = traffic(chats, args.rounds)
    expected = {chat: [MESSAGES[language(chat)][r % 4][1] for r in range(args.rounds)] for chat in chats}
    print(f"B3 inbound: {len(updates):,} updates from {len(chats):,} chats over {CONNECTIONS} connections; "
          f"{machine()}")
    core = one_core(args.cores)  # before the fake starts: it takes this process's CPUs
    fake = FakeBotApi.start(cap=1_000_000, keep_calls=True)
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="b3-") as tmp:
            workdir = Path(tmp)
            url = f"sqlite:///{workdir / 'ours.db'}"
            seed(url, warm_chats + chats)
            port = free_port()
            env = child_env(DATABASE_URL=url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.api_url,
                            TELEGRAM_WEBHOOK_SECRET=SECRET, SEND_RATE_PER_SECOND="1000", LOG_LEVEL="WARNING")
            ours = await run("ours (repaybot webhook)", [
                sys.executable, "-m", "bot", "telegram", "--webhook-url", f"http://127.0.0.1:{port}/tg",
                "--listen", "127.0.0.1", "--port", str(port)], env, port, "tg", fake, warmup, updates, expected, workdir,
                core)
            print_result(ours)
            results.append(ours)
            if not args.skip_naive:
                port = free_port()
                env = child_env(NAIVE_DB=str(workdir / "naive.db"), NAIVE_API=fake.api_url, NAIVE_PORT=str(port))
                naive = await run("naive (textbook PTB bot)", [sys.executable, str(THIS_FILE),
                                  "--naive-bot"], env, port, "naive", fake, warmup, updates, None, workdir, core)
                print_result(naive)
                print(f"ours / naive: {ours.rate / naive.rate:.1f}× the rate, "
                      f"{naive.cpu_ms / ours.cpu_ms:.1f}× less CPU per update")
    finally:
        fake.stop()
    ok = ours.answered == ours.updates and ours.right == ours.updates and ours.per_core >= BUDGET \
        and ours.rate >= BUDGET
    print(f"budget ≥ {BUDGET} updates/s on one core: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


def one_core(cores: str) -> int | None:
    """With ``--cores one``, the CPU each bot runs on alone, the budget's "one core"; this process (the poster) and
    the fake Bot API keep the others, so they never take the bot's core. None (``--cores all``, or a machine of one
    CPU): every process may run anywhere, and the per-core figure is the bot's CPU time per update."""
    available = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if cores == "all" or len(available) < 2:
        print("every process on any CPU: updates/s per core is answered updates / the bot's CPU seconds")
        return None
    core = available[-1]
    os.sched_setaffinity(0, set(available[:-1]))
    print(f"each bot on CPU {core} alone (the budget's one core); the poster and the fake Bot API on the others")
    return core


def naive_bot() -> None:
    """The textbook bot: PTB defaults, unrestricted dateparser, SQLite's default journal, reply_text."""
    import sqlite3

    import dateparser
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    db = sqlite3.connect(os.environ["NAIVE_DB"])
    db.execute("CREATE TABLE IF NOT EXISTS note (chat INTEGER, text TEXT, due TEXT)")

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.effective_chat is not None
        text = update.message.text or ""
        due = dateparser.parse(text)
        db.execute("INSERT INTO note VALUES (?, ?, ?)", (update.effective_chat.id, text, str(due)))
        db.commit()
        await update.message.reply_text(f"noted: {text} ({due})")

    api = os.environ["NAIVE_API"]
    app = Application.builder().token(TOKEN).base_url(api).base_file_url(api.replace("/bot", "/file/bot")).build()
    app.add_handler(MessageHandler(filters.TEXT, handle))
    port = int(os.environ["NAIVE_PORT"])
    app.run_webhook(listen="127.0.0.1", port=port, url_path="naive", webhook_url=f"http://127.0.0.1:{port}/naive",
                    secret_token=SECRET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4, help="messages per chat (the flood allowance is 20)")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--cores", choices=("all", "one"), default="all",
                        help="let each bot run on any CPU, or on one CPU of its own (the budget's condition)")
    parser.add_argument("--naive-bot", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive_bot:
        naive_bot()
        return
    os.chdir(ROOT)
    sys.exit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
