"""Run ``python -m bot worker`` (or another command) as a subprocess with this checkout's code, and watch it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parents[2]
# Settings the parent's environment must not leak into a child.
OWN_PREFIXES = ("TELEGRAM_", "WECHAT_", "BOT_", "DATABASE_", "SEND_", "LOG_", "METRICS_", "CLAIM_")


def free_port() -> int:
    """Return a loopback port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ProcessUnderTest:
    """One child process of the bot: ``start``, ``stop`` (SIGTERM; exit code), ``kill`` (SIGKILL), its log."""

    def __init__(self, workdir: Path, name: str, env: dict[str, str], *args: str) -> None:
        self.workdir = workdir
        self.name = name
        self.args = args or ("worker",)
        self.metrics_port = free_port()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
        self.env.update({"PYTHONPATH": str(REPO_ROOT), "NO_PROXY": "127.0.0.1,localhost", "PYTHONUNBUFFERED": "1",
                         "METRICS_PORT": str(self.metrics_port), "LOG_LEVEL": "INFO"})
        self.env.update(env)
        self.process: asyncio.subprocess.Process | None = None

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    async def start(self) -> ProcessUnderTest:
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *self.args, cwd=self.workdir, env=self.env,
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log)
        return self

    async def healthz(self, within: float = 30) -> tuple[int, dict[str, object]]:
        """Wait until the health endpoint answers; return its status and JSON."""
        deadline = asyncio.get_running_loop().time() + within
        async with aiohttp.ClientSession() as http:
            while True:
                assert self.process is not None
                if self.process.returncode is not None:
                    raise AssertionError(f"{self.name} exited with {self.process.returncode}:\n{self.log()}")
                try:
                    async with http.get(f"http://127.0.0.1:{self.metrics_port}/healthz") as response:
                        return response.status, await response.json()
                except aiohttp.ClientConnectionError:
                    if asyncio.get_running_loop().time() > deadline:
                        raise AssertionError(f"{self.name} never served /healthz:\n{self.log()}") from None
                    await asyncio.sleep(0.1)

    async def metrics(self) -> str:
        async with aiohttp.ClientSession() as http, \
                http.get(f"http://127.0.0.1:{self.metrics_port}/metrics") as response:
            return await response.text()

    async def stop(self, within: float = 30) -> int:
        """SIGTERM, then wait for it to exit; return the exit code."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), within)

    async def kill(self) -> None:
        """SIGKILL: no clean-up at all, as in a crash."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


def metric(text: str, name: str) -> float:
    """The value of the metric line ``name value``."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in\n{text}")


@contextlib.contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """Create an empty database on the server of ``server_url``; yield its URL; drop it afterwards."""
    name = f"repaybot_t_{uuid.uuid4().hex[:10]}"
    url = make_url(server_url).set(database=name)
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
