"""B3 engine turn: the CPU cost of one ``Engine.handle`` for typical messages, without any channel.

The budget of ≥ 400 updates/s on one core leaves the engine well under 1 ms per message once the channel's own
parsing and sending are paid for. Seeded: 1,000 consenting users (half zh, half en) on a SQLite file, each with
one monthly 花呗 bill of 3000 due on the 10th and its reminders planned. Each user then sends one message of each
kind below (four in all: under the flood limit, which would otherwise drop messages and fake a fast result), and
every reply is checked to be the expected kind, so a regression into "I didn't understand" cannot look fast.

    python -m bench.b3_engine                    # 1,000 users, SQLite file
    python -m bench.b3_engine --users 200 --profile turns.prof
    python -m bench.b3_engine --url postgresql+psycopg://…   # an empty PostgreSQL database
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine as Database
from sqlalchemy import insert, select
from sqlmodel import select as sqlmodel_select

from bot.__main__ import make_engine_for
from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.planning import plan_debt
from bot.engine.turn import Turn
from bot.messages import Address, Inbound
from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from storage.models import Debt, User

ZONE = "Asia/Shanghai"
FIRST_ID = 500_000


@dataclass(frozen=True)
class Kind:
    """One kind of message: what zh and en users type, and a piece of text the right reply must contain."""

    name: str
    zh: str
    en: str
    zh_reply: str
    en_reply: str


KINDS = (
    Kind("list", "/list", "/list", "你的欠款", "Your debts"),
    Kind("payment", "还了200", "paid 200", "已记录", "Recorded"),
    Kind("custom reminder", "明天下午3点提醒我给招行打电话", "remind me tomorrow at 9am to call the bank",
         "提醒你", "I'll remind you"),
    Kind("debt draft", "花呗欠了3000，每月10号还", "I owe 5000 on my credit card, due on the 15th",
         "确认保存吗", "Save it?"),
)


def next_tenth(now: datetime) -> date:
    """The next 10th of a month in the users' zone (today counts if it is the 10th)."""
    today = now.astimezone(ZoneInfo(ZONE)).date()
    if today.day <= 10:
        return today.replace(day=10)
    return date(today.year + (today.month == 12), today.month % 12 + 1, 10)


def seed(database: Database, users: int, now: datetime) -> list[tuple[int, str]]:
    """Create the users and their debts; plan each debt's reminders as the bot would. Return (ext id, lang)."""
    due = next_tenth(now)
    people = [(FIRST_ID + i, "zh" if i % 2 == 0 else "en") for i in range(users)]
    with database.begin() as conn:
        conn.execute(insert(User), [
            {"address": f"tg:{ext}", "channel": "tg", "external_id": str(ext), "language": lang, "timezone": ZONE,
             "reminder_minute": 600, "quiet_start_minute": 22 * 60, "quiet_end_minute": 8 * 60,
             "lead_days": "3,1,0", "daily_cap": 3, "tip_frequency": "weekly", "digest_enabled": True,
             "consent_at": now, "created_at": now} for ext, lang in people])
        ids = [row[0] for row in conn.execute(select(User.id).order_by(User.id))]  # type: ignore[arg-type]
        conn.execute(insert(Debt), [
            {"user_id": uid, "creditor": "花呗", "creditor_kind": "huabei", "currency": "CNY",
             "original_amount": Decimal(3000), "balance": Decimal(3000), "due_date": due,
             "rrule": "FREQ=MONTHLY;BYMONTHDAY=10", "status": "active", "reminders_muted": False,
             "awaiting_bill": False, "created_at": now, "updated_at": now} for uid in ids])
    with session_scope(database) as session:
        debts = {d.user_id: d for d in session.exec(sqlmodel_select(Debt))}
        for user in session.exec(sqlmodel_select(User)):
            turn = Turn(session=session, user=user, now=now)
            for debt in [debts[user.id or 0]]:
                plan_debt(session, user=user, debt=debt, policy=turn.policy(), now=now)
    return people


def run_kind(engine: Engine, people: list[tuple[int, str]], kind: Kind) -> tuple[list[float], list[float], float]:
    """Send one message of ``kind`` from every user; return each turn's wall time and CPU time (s), and the total
    CPU time. The CPU time of a turn hardly moves when other processes share the machine; the wall time does."""
    timings: list[float] = []
    cpu_timings: list[float] = []
    wrong: list[str] = []
    cpu_start = time.process_time()
    for ext, lang in people:
        inbound = Inbound(sender=Address("tg", str(ext)), text=kind.zh if lang == "zh" else kind.en, language=lang)
        start, cpu_turn = time.perf_counter(), time.process_time()
        replies = engine.handle(inbound)
        timings.append(time.perf_counter() - start)
        cpu_timings.append(time.process_time() - cpu_turn)
        expected = kind.zh_reply if lang == "zh" else kind.en_reply
        if not any(expected in r.text for r in replies):
            wrong.append(" | ".join(r.text for r in replies)[:200])
    cpu = time.process_time() - cpu_start
    if wrong:
        raise SystemExit(f"{kind.name}: {len(wrong)} unexpected replies, e.g. {wrong[0]!r}")
    return timings, cpu_timings, cpu


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.2f}"


def p99(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.99))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--profile", help="write a cProfile of the timed turns to this file")
    parser.add_argument("--only", help="run only this kind of message (e.g. payment)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'b3.db'}"
        database = make_engine(url)
        upgrade(database)
        now = datetime.now(UTC)
        people = seed(database, args.users, now)
        engine = make_engine_for(Settings(_env_file=None, database_url=url), database)  # type: ignore[call-arg]
        profiler = cProfile.Profile() if args.profile else None
        results: list[tuple[str, list[float], list[float], float]] = []
        if profiler is not None:
            profiler.enable()
        for kind in KINDS:
            if args.only and kind.name != args.only:
                continue
            timings, cpu_timings, cpu = run_kind(engine, people, kind)
            results.append((kind.name, timings, cpu_timings, cpu))
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        database.dispose()
    print(f"B3 engine turn: {args.users} users, {database.dialect.name}, Python {sys.version.split()[0]}")
    print(f"{'message':<16} {'median ms':>9} {'p99 ms':>8} {'CPU median ms':>13} {'CPU ms/turn':>11}")
    every: list[float] = []
    every_cpu: list[float] = []
    cpu_total = 0.0
    for name, timings, cpu_timings, cpu in results:
        every += timings
        every_cpu += cpu_timings
        cpu_total += cpu
        print(f"{name:<16} {ms(statistics.median(timings)):>9} {ms(p99(timings)):>8} "
              f"{ms(statistics.median(cpu_timings)):>13} {ms(cpu / len(timings)):>11}")
    print(f"{'all':<16} {ms(statistics.median(every)):>9} {ms(p99(every)):>8} "
          f"{ms(statistics.median(every_cpu)):>13} {ms(cpu_total / len(every)):>11}")
    if engine.stats.flooded or engine.stats.errors:
        print(f"flooded {engine.stats.flooded}, errors {engine.stats.errors}: the figures are not valid")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
