"""Run ``python -m bot telegram`` as a subprocess against the fake Bot API, and look into its SQLite file.

The subprocess imports this checkout's code (``PYTHONPATH`` = the repository root, working directory = a temp
dir), logs at DEBUG to a file, and is checked for leaked tokens and secrets every time it stops.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.fake_telegram import FakeTelegram

REPO_ROOT = Path(__file__).resolve().parents[2]
WEBHOOK_SECRET = "e2e-webhook-secret_0123456789"


def free_port() -> int:
    """Return a loopback port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sql_instant(instant: datetime) -> str:
    """Format an aware instant the way the bot stores it in SQLite (naive UTC text)."""
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class BotProcess:
    """The bot as a separate process: ``start``, ``stop`` (SIGTERM, exit code 0) or ``kill`` (SIGKILL)."""

    def __init__(self, fake: FakeTelegram, workdir: Path, *args: str, env: dict[str, str] | None = None,
                 token: str | None = None, command: str = "telegram") -> None:
        self.fake = fake
        self.command = command
        self.workdir = workdir
        self.args = args
        self.token = token or fake.token
        self.database = workdir / "bot.db"
        self.extra_env = env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.runs = 0

    @property
    def log_path(self) -> Path:
        return self.workdir / f"bot-{self.runs}.log"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TELEGRAM_", "WECHAT_", "BOT_", "DATABASE_", "SEND_RATE", "LOG_LEVEL"))}
        env.update({
            "PYTHONPATH": str(REPO_ROOT), "TELEGRAM_BOT_TOKEN": self.token, "TELEGRAM_API_URL": self.fake.api_url,
            "DATABASE_URL": f"sqlite:///{self.database}", "NO_PROXY": "127.0.0.1,localhost", "LOG_LEVEL": "DEBUG",
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        return env

    async def start(self, *, ready: str | None = "deleteWebhook",
                    preexec: Callable[[], None] | None = None) -> BotProcess:
        """Start the bot; with ``ready``, wait until it made that Bot API call (the last step of its start-up).
        ``preexec`` runs in the child before the program (to lower its resource limits, say)."""
        self.runs += 1
        since = self.fake.mark()
        with self.log_path.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", self.command, *self.args, cwd=self.workdir, env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=preexec)
        if ready is not None:
            waiter = asyncio.ensure_future(self.fake.wait_call(ready, since=since, timeout=60))
            exited = asyncio.ensure_future(self.process.wait())
            done, _ = await asyncio.wait({waiter, exited}, return_when=asyncio.FIRST_COMPLETED)
            if exited in done and waiter not in done:
                waiter.cancel()
                raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.log()}")
            exited.cancel()
            await waiter
        return self

    async def wait_exit(self, within: float = 30) -> int:
        assert self.process is not None
        code = await asyncio.wait_for(self.process.wait(), within)
        self.assert_no_secrets()
        return code

    async def stop(self, within: float = 30, signum: int = signal.SIGTERM) -> int:
        """SIGTERM (or ``signum``), then wait for a clean exit."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signum)
        return await self.wait_exit(within)

    async def kill(self) -> None:
        """SIGKILL: no clean-up at all, as in a crash."""
        assert self.process is not None
        self.process.kill()
        await self.process.wait()
        self.assert_no_secrets()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def assert_no_secrets(self) -> None:
        text = self.log()
        for secret in (self.token, self.token.split(":", 1)[1], WEBHOOK_SECRET):
            assert secret not in text, f"a secret leaked into the log {self.log_path}"

    # --- the bot's database -----------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database, timeout=10) as db:
            return list(db.execute(sql, params))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with sqlite3.connect(self.database, timeout=10) as db:
            return db.execute(sql, params).rowcount

    def user_id(self, chat_id: int) -> int | None:
        rows = self.query("SELECT id FROM user WHERE address = ?", (f"tg:{chat_id}",))
        return int(rows[0][0]) if rows else None

    def make_due(self, chat_id: int, *, ago: timedelta = timedelta(seconds=30), debt: bool | None = None) -> int:
        """Move the chat's next pending reminder to ``ago`` in the past (outside quiet hours); return its id.

        This is how a test moves time: the running bot's dispatcher scans every second and finds it due.
        """
        kind = "" if debt is None else ("AND debt_id IS NOT NULL" if debt else "AND debt_id IS NULL")
        rows = self.query(f"SELECT reminder.id FROM reminder JOIN user ON user.id = reminder.user_id "
                          f"WHERE user.address = ? AND reminder.status = 'pending' {kind} "
                          f"ORDER BY reminder.fire_at LIMIT 1", (f"tg:{chat_id}",))
        assert rows, f"chat {chat_id} has no pending reminder"
        row_id = int(rows[0][0])
        self.execute("UPDATE reminder SET fire_at = ?, respect_quiet = 0 WHERE id = ?",
                     (sql_instant(datetime.now(UTC) - ago), row_id))
        return row_id

    def status_of(self, row_id: int) -> str:
        return str(self.query("SELECT status FROM reminder WHERE id = ?", (row_id,))[0][0])

    async def wait_for(self, sql: str, params: Sequence[Any], expected: Any, within: float = 30) -> None:
        """Wait until a query of the bot's database returns ``expected`` as its first value."""
        async def reached() -> None:
            while True:
                rows = self.query(sql, params)
                if rows and rows[0][0] == expected:
                    return
                await asyncio.sleep(0.05)

        try:
            await asyncio.wait_for(reached(), within)
        except TimeoutError:
            raise AssertionError(f"{sql} {params} never gave {expected!r}: {self.query(sql, params)}") from None
