"""B5 crash: a burst of N reminders sent by ``python -m bot telegram`` (a subprocess) to a strict fake Bot API,
``kill -9`` in the middle, restart; count what was lost and what was sent twice. Beside it, the naive design
under the same kill: one APScheduler job per reminder in a MemoryJobStore (what PTB's JobQueue does), with the
usual "reschedule unsent reminders at start-up" on restart.

To keep the run short, the fake's cap and SEND_RATE_PER_SECOND are raised (default 200 a second); the claim
batch — the most our design may send twice — is rate × 0.99 × 2 s of backlog.

Budgets (DESIGN §4 B5): nothing lost; duplicates ≤ one claim batch. Exits 1 when ours misses one.

    PYTHONPATH=. python bench/b5_crash.py                 # N = 5,000 at 200 msg/s (about a minute)
    PYTHONPATH=. python bench/b5_crash.py --n 1000        # CI size
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT, TOKEN, FakeBotApi, child_env, machine, seed_due_reminders  # noqa: E402

CHAT_BASE = 7_000_000
RATE_SAFETY = 0.99  # as in bot.__main__
BACKLOG_SECONDS = 2.0  # as in jobs.reminders.Dispatcher


@dataclass
class Outcome:
    name: str
    sent_before_kill: int
    delivered: int  # distinct chats that got their reminder
    sends: int
    lost: int
    duplicates: int
    rejected_429: int
    note: str = ""


def database_status(path: Path) -> dict[str, int]:
    with sqlite3.connect(path, timeout=10) as db:
        return dict(db.execute("SELECT status, count(*) FROM reminder GROUP BY status").fetchall())


def wait_for(check: object, give_up_after: float, what: str) -> None:
    deadline = time.monotonic() + give_up_after
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"b5: gave up waiting for {what}")
        time.sleep(0.02)


# --- ours: python -m bot telegram ----------------------------------------------------------------------------------

def run_ours(fake: FakeBotApi, n: int, rate: int, kill_at: float, workdir: Path) -> Outcome:
    db_path = workdir / "ours.db"
    url = f"sqlite:///{db_path}"
    seed_due_reminders(url, n, chat_base=CHAT_BASE, fire_at=datetime.now(UTC))
    env = child_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.api_url, DATABASE_URL=url,
                    SEND_RATE_PER_SECOND=str(rate), LOG_LEVEL="WARNING")
    fake.reset()

    def start() -> subprocess.Popen[bytes]:
        log = (workdir / "ours.log").open("ab")
        return subprocess.Popen([sys.executable, "-m", "bot", "telegram"], cwd=workdir, env=env,
                                stdout=log, stderr=log)

    bot = start()
    wait_for(lambda: fake.stats()["sent"] >= kill_at * n, 120, "the first part of the burst")
    os.kill(bot.pid, signal.SIGKILL)
    bot.wait()
    before = fake.stats()["sent"]
    at_kill = database_status(db_path)
    bot = start()
    wait_for(lambda: fake.stats()["distinct_chats"] >= n, n / rate * 3 + 60, "every reminder")
    wait_for(lambda: database_status(db_path).get("sent", 0) >= n, 30, "the acknowledgements")
    bot.send_signal(signal.SIGTERM)
    code = bot.wait(timeout=30)
    stats = fake.stats()
    return Outcome("ours (due-scan + claims)", before, stats["distinct_chats"], stats["sent"],
                   n - stats["distinct_chats"], stats["duplicates"], stats["rejected_429"],
                   note=f"rows at the kill: {at_kill}; clean exit after restart: code {code}")


# --- naive: one APScheduler job per reminder -------------------------------------------------------------------------

async def naive_child(port: int, db_path: Path, rate: int) -> None:
    """The naive bot: at start, one date job per unsent reminder; each job sends and marks its row sent."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from telegram.ext import ExtBot

    from bot.channels.telegram_http import AiohttpRequest
    from bot.runtime.limiter import SmoothLimiter

    os.environ.setdefault("PTB_TIMEDELTA", "true")
    db = sqlite3.connect(db_path, timeout=10)
    rows = db.execute("SELECT reminder.id, user.external_id, reminder.fire_at FROM reminder "
                      "JOIN user ON user.id = reminder.user_id WHERE reminder.status = 'pending'").fetchall()
    bot: ExtBot[None] = ExtBot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=AiohttpRequest())
    await bot.initialize()
    limiter = SmoothLimiter(rate * RATE_SAFETY)

    async def send(row_id: int, chat_id: int) -> None:
        await limiter.acquire(str(chat_id))
        await bot.send_message(chat_id, f"⏰ 提醒：给花呗客服打电话 #{chat_id}")
        db.execute("UPDATE reminder SET status = 'sent' WHERE id = ?", (row_id,))
        db.commit()

    counts = {"executed": 0, "missed": 0, "error": 0}
    finished = asyncio.Event()

    def count(event: JobExecutionEvent) -> None:
        key = {EVENT_JOB_EXECUTED: "executed", EVENT_JOB_MISSED: "missed"}.get(event.code, "error")
        counts[key] += 1
        if sum(counts.values()) >= len(rows):
            finished.set()

    # PTB's JobQueue leaves APScheduler's defaults: MemoryJobStore, misfire_grace_time 1 s.
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_listener(count, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_ERROR)
    for row_id, chat_id, fire_at in rows:
        when = datetime.fromisoformat(fire_at).replace(tzinfo=UTC)
        scheduler.add_job(send, "date", run_date=when, args=[row_id, int(chat_id)], id=str(row_id))
    scheduler.start()
    print(f"SCHEDULED {len(rows)}", flush=True)
    if rows:
        await finished.wait()
    print(f"DONE {counts['executed']} {counts['missed']} {counts['error']}", flush=True)
    scheduler.shutdown(wait=False)
    await bot.shutdown()


def run_naive(fake: FakeBotApi, n: int, rate: int, kill_at: float, workdir: Path) -> Outcome:
    db_path = workdir / "naive.db"
    seed_due_reminders(f"sqlite:///{db_path}", n, chat_base=CHAT_BASE,
                       fire_at=datetime.now(UTC) + timedelta(seconds=3))  # registered ahead of time
    fake.reset()

    def start() -> subprocess.Popen[str]:
        log = (workdir / "naive.log").open("ab")  # APScheduler logs each failed or missed job there
        return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--naive-child", str(fake.port),
                                 str(db_path), str(rate)], cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                                stderr=log, text=True)

    child = start()
    assert child.stdout is not None
    child.stdout.readline()  # SCHEDULED n
    wait_for(lambda: fake.stats()["sent"] >= kill_at * n, 120, "the first part of the naive burst")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    before = fake.stats()["sent"]
    child = start()
    assert child.stdout is not None
    rescheduled = child.stdout.readline().split()[1]
    _, executed, missed, errors = child.stdout.readline().split()
    child.wait(timeout=30)
    stats = fake.stats()
    return Outcome("naive (job per reminder)", before, stats["distinct_chats"], stats["sent"],
                   n - stats["distinct_chats"], stats["duplicates"], stats["rejected_429"],
                   note=f"after the restart: {rescheduled} jobs rescheduled, {executed} ran, "
                        f"{missed} dropped as missed (1 s grace), {errors} failed")


def report(n: int, rate: int, ours: Outcome, naive: Outcome | None) -> bool:
    batch = int(rate * RATE_SAFETY * BACKLOG_SECONDS)
    print(f"B5 crash: {n:,} reminders due at once, kill -9 mid-burst, restart; strict fake Bot API at {rate} "
          f"sends/s (SEND_RATE_PER_SECOND={rate}, raised from 30 to keep the run short)")
    print(f"machine: {machine()}")
    results = [ours] + ([naive] if naive else [])
    print(f"{'':28}" + "".join(f"{r.name:>28}" for r in results))
    for label, attr in (("sent before the kill", "sent_before_kill"), ("delivered (distinct users)", "delivered"),
                        ("lost", "lost"), ("sent twice", "duplicates"), ("sends in total", "sends"),
                        ("429 answers", "rejected_429")):
        print(f"{label:28}" + "".join(f"{getattr(r, attr):>28,}" for r in results))
    for r in results:
        print(f"  {r.name}: {r.note}")
    checks = [("nothing lost", ours.lost == 0), (f"duplicates ≤ one claim batch ({batch})", ours.duplicates <= batch)]
    print("budgets (ours): " + ", ".join(f"{name} {'PASS' if ok else 'MISS'}" for name, ok in checks))
    return all(ok for _, ok in checks)


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--naive-child":
        asyncio.run(naive_child(int(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])))
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5_000, help="reminders in the burst (default 5,000)")
    parser.add_argument("--rate", type=int, default=200, help="fake cap and SEND_RATE_PER_SECOND (default 200)")
    parser.add_argument("--kill-at", type=float, default=0.4, help="kill when this share was sent (default 0.4)")
    parser.add_argument("--skip-naive", action="store_true", help="measure our design only")
    args = parser.parse_args()
    fake = FakeBotApi.start(args.rate)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            ours = run_ours(fake, args.n, args.rate, args.kill_at, Path(tmp))
            naive = None if args.skip_naive else run_naive(fake, args.n, args.rate, args.kill_at, Path(tmp))
    finally:
        fake.stop()
    return 0 if report(args.n, args.rate, ours, naive) else 1


if __name__ == "__main__":
    sys.exit(main())
