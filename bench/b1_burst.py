"""B1 burst: N reminders due in the same second, delivered against a strict fake Bot API (429 above 30 sends in
any one-second window), by our design and by PTB's default rate limiter, in the same run.

Ours: the real Dispatcher (claim → engine → send → batched ack) on a SQLite file, the bot-wide SmoothLimiter
shared with PTB through SharedBudget, and TelegramSender over HTTP. Naive: the same dispatcher and SQLite
file, sending through an ExtBot with PTB's default ``AIORateLimiter()`` (a 30-per-second leaky bucket).

Budgets (DESIGN §4 B1): ≥ 0.98 × cap msg/s, zero 429s, ≤ 0.1 core of bot CPU. Exits 1 when ours misses one.

    PYTHONPATH=. python bench/b1_burst.py            # N = 10,000 (about 12 minutes for both designs)
    PYTHONPATH=. python bench/b1_burst.py --n 1000   # CI size (about 80 s)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.error import TelegramError  # noqa: E402
from telegram.ext import AIORateLimiter, ExtBot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bench.harness import TOKEN, FakeBotApi, machine, seed_due_reminders  # noqa: E402
from bot.__main__ import (  # noqa: E402
    make_dispatcher,
    make_engine_for,
    platform_cap,
    run_with_dispatcher,
    send_rate,
)
from bot.channels.telegram import TelegramSender, make_bot  # noqa: E402
from bot.channels.telegram_mapping import chat_id_of, delivery_error, send_reply  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.messages import Address, Reply  # noqa: E402
from bot.runtime.limiter import NoLimiter, SmoothLimiter  # noqa: E402
from bot.runtime.senders import Senders  # noqa: E402
from storage.db import make_engine  # noqa: E402

CHAT_BASE = 5_000_000


@dataclass
class Result:
    name: str
    delivered: int
    wall: float
    cpu: float
    sent_ok: int
    rejected_429: int
    max_in_window: int
    rate: float

    @property
    def cores(self) -> float:
        return self.cpu / self.wall if self.wall else 0.0


class NaiveSender:
    """Sends through whatever rate limiter the bot has (here PTB's default), mapping errors like ours."""

    def __init__(self, bot: ExtBot[int]) -> None:
        self.bot = bot

    async def send(self, to: Address, reply: Reply) -> None:
        try:
            await send_reply(self.bot, chat_id_of(to), reply)
        except TelegramError as err:
            raise delivery_error(err) from err


async def deliver_burst(name: str, fake: FakeBotApi, n: int, workdir: Path, *, ours: bool, kind: str,
                        give_up_after: float) -> Result:
    url = f"sqlite:///{workdir / (name.split()[0] + '.db')}"
    seed_due_reminders(url, n, chat_base=CHAT_BASE, fire_at=datetime.now(UTC), kind=kind)
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_url=fake.api_url,
                        database_url=url)
    database = make_engine(url)
    engine = make_engine_for(settings, database)
    if ours:
        limiter = SmoothLimiter(send_rate(settings))
        bot = make_bot(token=TOKEN, api_url=fake.api_url, limiter=limiter, cap=platform_cap(settings))
        senders = Senders({"tg": TelegramSender(bot)})
        dispatcher = make_dispatcher(settings, database, engine, senders, limiter=limiter)
    else:
        naive_bot: ExtBot[int] = ExtBot(TOKEN, base_url=fake.api_url, rate_limiter=AIORateLimiter(),
                                        request=HTTPXRequest(connection_pool_size=32))
        bot = naive_bot  # type: ignore[assignment]
        senders = Senders({"tg": NaiveSender(naive_bot)})
        dispatcher = make_dispatcher(settings, database, engine, senders, limiter=NoLimiter())
    await bot.initialize()
    fake.reset()
    wall0, cpu0 = time.monotonic(), time.process_time()
    async with await run_with_dispatcher(dispatcher, reclaim_all=True):
        while time.monotonic() - wall0 < give_up_after:
            if dispatcher.stats.sent >= n:
                break
            await asyncio.sleep(0.2)
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
    await bot.shutdown()
    database.dispose()
    stats = fake.stats()
    span = (stats["last_send"] or 0) - (stats["first_send"] or 0)
    rate = (stats["sent"] - 1) / span if span > 0 else 0.0
    return Result(name, dispatcher.stats.sent, wall, cpu, stats["sent"], stats["rejected_429"],
                  stats["max_in_window"], rate)


def report(n: int, cap: int, kind: str, ours: Result, naive: Result | None) -> bool:
    print(f"B1 burst: {n:,} {kind} reminders due in the same second; strict fake Bot API "
          f"(429 above {cap} sends in any 1 s)")
    print(f"machine: {machine()}")
    rows = [("delivered", "{:,}", "delivered"), ("msg/s (first→last send)", "{:.2f}", "rate"),
            ("429 answers", "{:,}", "rejected_429"), ("max sends in any 1 s", "{}", "max_in_window"),
            ("bot CPU, cores", "{:.3f}", "cores"), ("bot CPU, ms per message", "{:.2f}", "ms"),
            ("wall, s", "{:.1f}", "wall")]
    results = [ours] + ([naive] if naive else [])
    print(f"{'':28}" + "".join(f"{r.name:>24}" for r in results))
    for label, fmt, attr in rows:
        values = [(r.cpu * 1000 / max(1, r.delivered)) if attr == "ms" else getattr(r, attr) for r in results]
        print(f"{label:28}" + "".join(f"{fmt.format(v):>24}" for v in values))
    if naive is not None and naive.rate:
        print(f"ratio ours/naive: {ours.rate / naive.rate:.2f}× the throughput, "
              f"{ours.rejected_429:,} vs {naive.rejected_429:,} × 429")
    goal_rate = 0.98 * cap
    checks = [(f"msg/s ≥ {goal_rate:.1f}", ours.rate >= goal_rate), ("zero 429", ours.rejected_429 == 0),
              ("CPU ≤ 0.10 core", ours.cores <= 0.10), (f"all {n:,} delivered", ours.delivered == n)]
    print("budgets (ours): " + ", ".join(f"{name} {'PASS' if ok else 'MISS'}" for name, ok in checks))
    return all(ok for _, ok in checks)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=10_000, help="reminders in the burst (default 10,000)")
    parser.add_argument("--cap", type=int, default=30, help="the fake's sends per sliding second (default 30)")
    parser.add_argument("--kind", choices=("debt", "custom"), default="debt",
                        help="pre-due reminders of debts, the 10:00 burst (default), or free-form reminders")
    parser.add_argument("--skip-naive", action="store_true", help="measure our design only")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # PTB's limiter logs a traceback for every 429 it passes on; the count is in the report instead.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    give_up_after = args.n / args.cap * 3 + 60
    fake = FakeBotApi.start(args.cap)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            ours = await deliver_burst("ours", fake, args.n, Path(tmp), ours=True, kind=args.kind, give_up_after=give_up_after)
            naive = None if args.skip_naive else await deliver_burst(
                "naive AIORateLimiter()", fake, args.n, Path(tmp), ours=False, kind=args.kind, give_up_after=give_up_after)
    finally:
        fake.stop()
    return 0 if report(args.n, args.cap, args.kind, ours, naive) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
