"""Shared pieces of the Telegram benchmarks: the strict fake Bot API as its own process, a seeded SQLite file,
and a description of the machine.

The fake runs in a separate process so that its CPU never counts as the bot's.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:TEST-token-for-the-fake-api-only-0000"


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child process that must import this checkout's code, talking only to loopback."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "WECHAT_", "BOT_", "DATABASE_", "SEND_RATE", "LOG_LEVEL"))}
    env.update({"PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1,localhost", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


@dataclass
class FakeBotApi:
    """``python -m tests.fake_telegram`` in strict mode, in its own process."""

    process: subprocess.Popen[str]
    port: int

    @classmethod
    def start(cls, cap: int, *, keep_calls: bool = False) -> FakeBotApi:
        keep = ["--keep-calls"] if keep_calls else []
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.fake_telegram", "--strict", "--cap", str(cap), "--token", TOKEN, *keep],
            cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("FAKE_TELEGRAM_PORT="):
            process.kill()
            raise RuntimeError(f"the fake Bot API did not start: {line!r}")
        return cls(process, int(line.split("=", 1)[1]))

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def stats(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_fake/stats", timeout=5) as response:
            return dict(json.load(response))

    def answers(self) -> dict[int, list[str]]:
        """Texts the bot sent, by chat in arrival order (when started with ``keep_calls``)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_fake/answers", timeout=30) as response:
            return {int(chat): texts for chat, texts in json.load(response).items()}

    def reset(self) -> None:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/_fake/reset", method="POST")
        with urllib.request.urlopen(request, timeout=5):
            pass

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def seed_due_reminders(database_url: str, n: int, *, chat_base: int, fire_at: datetime,
                       kind: str = "custom") -> None:
    """Create ``n`` consenting users with one reminder each, all due at ``fire_at`` (aware).

    ``kind="custom"``: a reminder the user timed ("remind me to call…"); ``kind="debt"``: the pre-due reminder of
    a debt due in three days, the bot-initiated kind that a 10:00 reminder hour bunches up.
    """
    from storage.db import make_engine, session_scope
    from storage.migrate import upgrade
    from storage.models import Debt, Reminder, User

    database = make_engine(database_url)
    upgrade(database)
    due = (fire_at + timedelta(days=3)).date()
    chunk = 2000
    for start in range(0, n, chunk):
        with session_scope(database) as session:
            users = [User(address=f"tg:{chat_base + i}", channel="tg", external_id=str(chat_base + i),
                          language="zh", timezone="Asia/Shanghai", created_at=fire_at, consent_at=fire_at)
                     for i in range(start, min(n, start + chunk))]
            session.add_all(users)
            session.flush()
            if kind == "debt":
                debts = [Debt(user_id=user.id or 0, creditor="花呗", creditor_kind="huabei",
                              original_amount=Decimal("3000"), balance=Decimal("3000"), due_date=due,
                              created_at=fire_at, updated_at=fire_at) for user in users]
                session.add_all(debts)
                session.flush()
                session.add_all([Reminder(
                    user_id=debt.user_id, debt_id=debt.id, kind="pre_due", fire_at=fire_at, respect_quiet=False,
                    created_at=fire_at, idempotency_key=f"bench:{debt.id}",
                    payload=json.dumps({"due": due.isoformat(), "lead": 3})) for debt in debts])
                continue
            session.add_all([Reminder(
                user_id=user.id or 0, kind="custom", fire_at=fire_at, respect_quiet=False, created_at=fire_at,
                idempotency_key=f"bench:{user.external_id}",
                payload=json.dumps({"task": f"给花呗客服打电话 #{user.external_id}", "rule": None,
                                    "root": f"bench{user.external_id}", "local": fire_at.isoformat()},
                                   ensure_ascii=False)) for user in users])
    database.dispose()


def machine() -> str:
    """nproc, CPU model and Python version, for the record."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.system()}"
