"""The command line: plain `repaybot` opens the console chat when no token is set, and says so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def test_plain_repaybot_without_a_token_is_the_console_chat(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
           "LOG_LEVEL": "WARNING", "BOT_LANGUAGE": "zh"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run([sys.executable, "-m", "bot"], input="/help\n", capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "未设置 TELEGRAM_BOT_TOKEN" in done.stdout
    assert "/list" in done.stdout and "Traceback" not in done.stderr


def test_bad_settings_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_TIMEZONE": "Mars/Olympus"}
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], input="", capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 2
    assert "BOT_TIMEZONE" in done.stderr and "Traceback" not in done.stderr
