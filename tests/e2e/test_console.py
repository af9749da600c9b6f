"""The README's first promise, end to end: `python -m bot chat` in a subprocess, driven through a pipe."""

from __future__ import annotations

import os
import queue
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEEKDAYS = "一二三四五六日"
pytestmark = pytest.mark.e2e


class ConsoleBot:
    """The console chat as a child process: write lines, wait for output."""

    def __init__(self, workdir: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{workdir}/bot.db",
               "BOT_TIMEZONE": "Asia/Shanghai", "LOG_LEVEL": "WARNING"}
        env.pop("TELEGRAM_BOT_TOKEN", None)
        self.process = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=workdir, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        encoding="utf-8")
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def expect(self, fragment: str, timeout: float = 20.0) -> str:
        """Wait until a line containing ``fragment`` is printed; return it."""
        deadline = datetime.now(UTC) + timedelta(seconds=timeout)
        while datetime.now(UTC) < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"{fragment!r} never printed; got:\n" + "\n".join(self.seen[-30:]))

    def close(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=20)
        assert self.process.stderr is not None and self.process.stdout is not None
        stderr = self.process.stderr.read()
        self.process.stderr.close()
        self.process.stdout.close()
        return stderr


def next_december_tenth() -> str:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    day = date(today.year, 12, 10)
    if day < today:
        day = date(today.year + 1, 12, 10)
    label = f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"
    return label if day.year == today.year else f"{day.year}年{label}"


def test_the_readme_conversation_in_the_console(tmp_path: Path) -> None:
    bot = ConsoleBot(tmp_path, "chat")
    try:
        bot.expect("控制台聊天")
        bot.expect("[1] ✅ 同意并开始")
        bot.send("1")
        bot.expect("已记下你的同意")
        bot.send("花呗欠了3000元，12月10号要还")
        bot.expect("¥3,000")
        bot.expect(next_december_tenth())
        bot.expect("[1] ✅ 确认保存")
        bot.send("1")
        bot.expect("已保存：花呗 ¥3,000")
        bot.send("/list")
        bot.expect("花呗 ¥3,000")
        bot.send("2分钟后提醒我给花呗客服打电话")
        bot.expect("提醒你：给花呗客服打电话")
        # Two minutes pass: move the reminder's time instead of sleeping (the dispatcher scans every second).
        with sqlite3.connect(tmp_path / "bot.db") as db:
            db.execute("UPDATE reminder SET fire_at = ? WHERE kind = 'custom'",
                       ((datetime.now(UTC) - timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S.%f"),))
        bot.expect("⏰ 提醒：给花呗客服打电话")
        bot.send("还了1000")
        bot.expect("还剩 ¥2,000")
    finally:
        stderr = bot.close()
    assert bot.process.returncode == 0
    assert "Traceback" not in stderr


def test_english_console_and_bad_input_never_kill_the_process(tmp_path: Path) -> None:
    bot = ConsoleBot(tmp_path, "chat", "--user", "alice", "--lang", "en")
    try:
        bot.expect("console chat")
        bot.send("1")
        bot.send("credit card 5,200 due on the 15th every month")
        bot.expect("5,200")
        bot.send("1")
        bot.expect("Saved")
        for bad in ("", "🙂🙂🙂", "-5000元", "999999999999999999元", "2月30日还花呗2000", "/nope", "x" * 10_000,
                    "'; DROP TABLE debt; --", "<script>alert(1)</script>"):
            bot.send(bad)
        bot.send("/list")
        bot.expect("5,200")
    finally:
        stderr = bot.close()
    assert bot.process.returncode == 0
    assert "Traceback" not in stderr
