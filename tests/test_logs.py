"""Logs as text or as JSON lines, and in neither does a token, a secret or a card number survive."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import configure_logging

TOKEN = "7012345678:FAKE-token-for-the-log-tests-only_000"
WEBHOOK_SECRET = "hook-secret_4f1a9c2e77"
APP_SECRET = "wx-app-secret-0b8e1d"
CARD = "6222 0212 3456 7890 123"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def log_everything() -> None:
    log = logging.getLogger("repaybot.test")
    log.info("bot token %s and secret %s", TOKEN, WEBHOOK_SECRET)
    log.warning("GET https://api.telegram.org/bot%s/getMe failed", TOKEN)
    log.info("token url https://api.weixin.qq.com/cgi-bin/token?appid=wx1&secret=%s", APP_SECRET)
    log.info("user typed card %s", CARD)
    log.info("the app secret alone: " + APP_SECRET)  # pre-formatted, no args
    try:
        raise RuntimeError(f"request to /bot{TOKEN}/sendMessage with secret {WEBHOOK_SECRET} failed")
    except RuntimeError:
        log.exception("send failed")
    log.info("stack", stack_info=True, extra={"note": "no secrets here"})


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_secret_reaches_the_log_in_either_format(fmt: str) -> None:
    out = io.StringIO()
    configure_logging("DEBUG", [TOKEN, WEBHOOK_SECRET, APP_SECRET], stream=out, fmt=fmt)
    log_everything()
    text = out.getvalue()
    for secret in (TOKEN, TOKEN.split(":", 1)[1], WEBHOOK_SECRET, APP_SECRET, CARD, CARD.replace(" ", "")):
        assert secret not in text, f"{secret!r} leaked into the {fmt} log"
    assert text.count("***") >= 6
    assert "send failed" in text and "RuntimeError" in text


def test_json_lines_carry_time_level_logger_message_and_traceback() -> None:
    out = io.StringIO()
    configure_logging("INFO", [TOKEN], stream=out, fmt="json")
    log_everything()
    entries = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(entries) == 7
    assert {"ts", "level", "logger", "message", "pid"} <= set(entries[0])
    assert entries[1]["level"] == "WARNING" and entries[1]["logger"] == "repaybot.test"
    assert entries[0]["ts"].endswith("+00:00")
    failed = next(e for e in entries if e["message"] == "send failed")
    assert "Traceback" in failed["exc"] and "RuntimeError" in failed["exc"]


def test_text_is_the_default_format() -> None:
    out = io.StringIO()
    configure_logging("INFO", stream=out)
    logging.getLogger("repaybot.test").info("hello")
    assert out.getvalue().rstrip().endswith("INFO repaybot.test: hello")
