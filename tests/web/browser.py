"""Real headless Chromium (Debian's ``chromium`` and ``chromium-driver``) for the page's browser tests and the
screenshot script, and the real ``repaybot web`` process it talks to on 127.0.0.1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("REPAYBOT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("REPAYBOT_CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")
PHONE = {"width": 390, "height": 844}  # a common phone's CSS viewport
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium and its driver are installed."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"no {path}: install Debian's {package} (apt-get install -y chromium chromium-driver; .ci/run does)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium(*, pixel_ratio: float = 1.0) -> Iterator[Any]:
    """A fresh headless Chromium with a phone-sized viewport and its own empty profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="repaybot-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--lang=zh-CN")  # the pages shown before sign-in follow the browser's language
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    options.add_argument(f"--window-size={PHONE['width']},{PHONE['height']}")
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {**PHONE, "pixelRatio": pixel_ratio}})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def web_process(database_url: str, *, bot_token: str | None = None) -> Iterator[str]:
    """Run ``repaybot web`` on a free loopback port; yield its base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "TELEGRAM_", "WEB_"))}
    env.update({"PYTHONPATH": str(REPO), "DATABASE_URL": database_url, "LOG_LEVEL": "INFO",
                "NO_PROXY": "127.0.0.1,localhost"})
    if bot_token:
        env["TELEGRAM_BOT_TOKEN"] = bot_token
    process = subprocess.Popen([sys.executable, "-m", "bot", "web", "--host", "127.0.0.1", "--port", "0"],
                               env=env, cwd=tempfile.gettempdir(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: list[str] = []
    ready = threading.Event()
    found: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            match = re.search(r"listening on ([\d.]+):(\d+)/app", line)
            if match and not found:
                found.append(f"http://{match.group(1)}:{match.group(2)}")
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        ready.wait(60)
        if not found:
            raise RuntimeError("repaybot web did not start:\n" + "".join(lines))
        yield found[0]
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(5)
        process.stdout.close()
