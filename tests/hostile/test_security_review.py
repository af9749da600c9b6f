"""What a security review found beyond the webhooks (the servers are attacked in tests/e2e/test_*_security.py):
card numbers typed in odd shapes, a token of another bot in a log line, a placeholder WECHAT_TOKEN, a database or an
export others can read, spreadsheet formulas in a CSV export, and characters that are digits to Python but not to
``int()`` (in the console, in a crafted button)."""

from __future__ import annotations

import csv
import io
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.config import Settings
from bot.core.redact import luhn_valid, mask_card_numbers
from bot.engine.engine import Engine
from bot.logs import RedactingFilter, ThrottleFilter, configure_logging
from bot.messages import Address
from storage.db import make_engine
from storage.migrate import upgrade
from tests.builders import Chat
from tests.fakes import FrozenClock

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def luhn_card(prefix: str, length: int) -> str:
    """A number of ``length`` digits starting with ``prefix`` whose last digit makes it pass Luhn."""
    body = prefix.ljust(length - 1, "7")
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


CARD16, CARD13, CARD19 = luhn_card("622588", 16), luhn_card("42222", 13), luhn_card("621700", 19)


def grouped(number: str, joint: str) -> str:
    return joint.join(number[i:i + 4] for i in range(0, len(number), 4))


SHAPES = [grouped(CARD16, "."), grouped(CARD16, "/"), grouped(CARD16, "_"), grouped(CARD16, "  "),
          grouped(CARD16, " - "), grouped(CARD16, "．"), CARD13, grouped(CARD19, "."), grouped(CARD13, " / ")]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(db)
    yield db
    db.dispose()


def cells(database: Database) -> list[str]:
    found: list[str] = []
    with database.connect() as conn:
        for table in ("user", "debt", "reminder", "change"):
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                found += [v for v in row if isinstance(v, str)]
    return found


# --- item 8: card numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_card_numbers_in_odd_shapes_are_masked_before_storage_in_exports_and_logs(database: Database, shape: str,
                                                                                 caplog: pytest.LogCaptureFixture
                                                                                 ) -> None:
    digits = "".join(ch for ch in shape if ch.isdigit()).translate({0xFF10 + d: ord("0") + d for d in range(10)})
    assert mask_card_numbers(f"卡号{shape}还了500") == f"卡号**** {digits[-4:]}还了500"
    chat = Chat(Engine(database, FrozenClock(START)), Address("tg", "1")).start()
    # Some shapes read as a malformed amount, and the bot asks instead: then nothing is stored, which is fine too.
    for said in (f"招行信用卡{shape}欠了3000，12月10号还", f"/add 卡{shape} 800 12月20日"):
        chat.say(said)
        if any(b.data == "reg:ok" for r in chat.last for b in r.all_buttons()):
            chat.press_data("reg:ok")
    chat.say(f"提醒我明天给卡号{shape}的银行打电话")
    chat.say("/export")
    exported = b"".join(a.content for r in chat.last for a in r.attachments).decode("utf-8-sig")
    stored = "\n".join(cells(database))
    for where in (exported, stored):
        assert digits[:8] not in where.replace(".", "").replace("/", "").replace("_", "").replace(" ", "")
        assert "****" in where
    handler_filter = RedactingFilter()
    assert digits[:8] not in handler_filter.redact(f"user typed {shape}").replace(" ", "")


@pytest.mark.parametrize("kept", ["2024.12.10 还 3000", "12/10/2026", "138-1234-5678", "还了3000.00元",
                                  "6222.0212.3456.7890", "订单 2026_11_28_001"])
def test_dates_phones_amounts_and_non_luhn_groups_are_kept_as_typed(kept: str) -> None:
    assert mask_card_numbers(kept) == kept


# --- item 9: tokens in logs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage timed out",
    "GET http://127.0.0.1:8081/file/bot987654321:AAF-another_bots_token_abcdefghijk/photos/1.jpg",
    "url=https%3A%2F%2Fapi.telegram.org%2Fbot55555555%3AAAE-percent-encoded-token-abcdefgh%2FgetMe",
    "GET https://api.telegram.org/bot4242:odd-shaped/getMe",
])
def test_a_telegram_token_in_a_bot_api_url_is_masked_even_when_it_is_not_ours(line: str) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO", ["7012345678:OUR-token-configured-here_0000000000"], stream=stream)
        logging.getLogger("aiohttp.client").warning(line)
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    logged = stream.getvalue()
    assert "bot***" in logged or "***" in logged
    for secret in ("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "AAF-another_bots_token", "AAE-percent-encoded",
                   "odd-shaped"):
        assert secret not in logged


def test_a_flood_of_one_warning_is_throttled_and_counted() -> None:
    clock = [0.0]
    throttle = ThrottleFilter(burst=3, period=60.0, monotonic=lambda: clock[0])
    record = lambda: logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "socket.accept() out of system "  # noqa: E731
                                       "resource", None, None)
    passed = [throttle.filter(record()) for _ in range(1000)]
    assert passed.count(True) == 3
    clock[0] = 61.0
    first = record()
    assert throttle.filter(first) and "997 more like this" in first.getMessage()
    info = logging.LogRecord("x", logging.INFO, __file__, 1, "debugging on purpose", None, None)
    assert all(throttle.filter(info) for _ in range(100))


# --- item 10: WECHAT_TOKEN ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["change-me-wechat-token", "ab", "x" * 33])
def test_a_placeholder_or_misshapen_wechat_token_is_refused(token: str) -> None:
    with pytest.raises(ValidationError, match="WECHAT_TOKEN"):
        Settings(_env_file=None, wechat_token=token)  # type: ignore[call-arg]
    assert Settings(_env_file=None, wechat_token="abc").wechat_token is not None  # type: ignore[call-arg]
    assert Settings(_env_file=None, wechat_token="x" * 32).wechat_token is not None  # type: ignore[call-arg]


def run_bot(tmp_path: Path, *args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "TELEGRAM_", "DATABASE_"))}
    full.update({"PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db", "LOG_LEVEL": "WARNING",
                 **env})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=full, timeout=60, check=False)


@pytest.mark.e2e
def test_the_wechat_server_refuses_to_start_with_the_placeholder_token(tmp_path: Path) -> None:
    done = run_bot(tmp_path, "wechat", "--port", "0", env={"WECHAT_TOKEN": "change-me-wechat-token"})
    assert done.returncode == 2
    assert "WECHAT_TOKEN" in done.stderr and "placeholder" in done.stderr and "Traceback" not in done.stderr


# --- item 11: file modes ------------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_an_existing_database_is_made_private_and_exports_are_written_private(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    database.touch()
    database.chmod(0o644)
    (tmp_path / "repaybot-files").mkdir()
    done = run_bot(tmp_path, "chat", env={}, stdin="花呗欠了3000元，12月10号要还\n1\n1\n/export\n")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    exports = sorted((tmp_path / "repaybot-files").glob("repaybot-export-*"))
    assert [p.suffix for p in exports] == [".csv", ".json"], done.stdout
    for path in exports:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # An export file left readable by an earlier version is made private when written again.
    exports[0].chmod(0o644)
    run_bot(tmp_path, "chat", env={}, stdin="/export\n")
    assert stat.S_IMODE(exports[0].stat().st_mode) == 0o600


# --- item 12: CSV ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("creditor", ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+1+cmd|' /C calc'!A0",
                                      "-2+3", "@SUM(A1:A2)"])
def test_csv_cells_a_spreadsheet_would_run_are_prefixed(database: Database, creditor: str) -> None:
    chat = Chat(Engine(database, FrozenClock(START)), Address("tg", "1")).start()
    chat.say("/add 花呗 3000 12月10日")
    chat.press("reg:ok")
    with database.begin() as conn:  # whatever the parser keeps, a name stored earlier may start with anything
        conn.execute(text("UPDATE debt SET creditor = :c"), {"c": creditor})
    chat.say("/export")
    [document] = [a for r in chat.last for a in r.attachments if a.filename.endswith(".csv")]
    rows = list(csv.reader(io.StringIO(document.content.decode("utf-8-sig"))))
    cells_: list[Any] = [cell for row in rows for cell in row]
    assert "'" + creditor in cells_
    assert not [c for c in cells_ if c[:1] in ("=", "+", "-", "@")]


# --- item 6: numbers that are not numbers ----------------------------------------------------------------------------


@pytest.mark.e2e
def test_superscripts_and_other_digits_in_the_console_are_answered_and_the_chat_goes_on(tmp_path: Path) -> None:
    done = run_bot(tmp_path, "chat", env={}, stdin="花呗欠了3000元，12月10号要还\n²\n𐩀\n①\n1\n1\n/list\n")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "¥3,000" in done.stdout.rsplit("bot>", 1)[-1]


def test_a_reschedule_button_with_a_far_future_date_gets_a_polite_answer(database: Database,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    chat = Chat(Engine(database, FrozenClock(START)), Address("tg", "1")).start()
    chat.say("明天10点提醒我给花呗客服打电话")
    with database.connect() as conn:
        [(row_id,)] = conn.execute(text("SELECT id FROM reminder WHERE kind = 'custom'")).all()
    for stamp in ("999999999999", "253402300800", str(2**40)):
        chat.press_data(f"cr:move:{row_id}:{stamp}")
        assert "按钮已经失效" in chat.text()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
