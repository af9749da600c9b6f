"""Secrets and personal data (DESIGN §5, F16): tokens, secrets and card numbers stay out of logs; card numbers typed
by mistake are masked before anything is stored; nothing is stored before consent; /delete leaves no trace of the
user in any table; /export holds every stored row of the user and nothing of anyone else; the SQLite file and its
companions are readable by their owner only."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import inspect, text

from bot.engine.engine import Engine
from bot.errors import ChannelUnavailable
from bot.logs import configure_logging
from bot.messages import Address, Inbound, Reply
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.db import make_engine
from storage.migrate import upgrade
from tests.builders import Chat
from tests.fakes import FrozenClock
from tests.jobs.chaos import Locker, make_file_database

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
TELEGRAM_TOKEN = "7012345678:FAKE-token-for-tests-only_0000000000000"
WEBHOOK_SECRET = "wh-Secret_9f8e7d6c5b4a"
WECHAT_TOKEN = "wxTokenQ7mZ2"
WECHAT_APP_SECRET = "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"
WECHAT_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
SECRETS = [TELEGRAM_TOKEN, WEBHOOK_SECRET, WECHAT_TOKEN, WECHAT_APP_SECRET, WECHAT_AES_KEY]
CARD = "6225880123456789"
# The shapes people type a card number in: plain, grouped, dashed, full-width digits, ideographic spaces.
CARD_SHAPES = [CARD, "6225 8801 2345 6789", "6225-8801-2345-6789", "６２２５８８０１２３４５６７８９",
               "6225\u30008801\u30002345\u30006789"]
CARD_DIGITS = re.compile(r"6\D{0,3}2\D{0,3}2\D{0,3}5\D{0,3}8\D{0,3}8\D{0,3}0\D{0,3}1\D{0,3}2\D{0,3}3")


def leaks(haystack: str) -> list[str]:
    """Every secret, token part or card number (in any of its shapes) found in ``haystack``."""
    found = [s for s in SECRETS + [TELEGRAM_TOKEN.split(":")[1], quote(TELEGRAM_TOKEN, safe="")] if s in haystack]
    normalized = haystack.translate({0xFF10 + d: ord("0") + d for d in range(10)})
    if CARD_DIGITS.search(normalized):
        found.append("card number")
    return found


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Everything logged, through the production set-up (configure_logging with the known secrets)."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("DEBUG", SECRETS, stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


@pytest.fixture
def file_database(tmp_path: Path) -> Iterator[Database]:
    database = make_file_database(tmp_path / "bot.db")
    yield database
    database.dispose()


def every_text_cell(database: Database) -> Iterator[tuple[str, str, str]]:
    """(table, column, value) for every text value in every table of the migrated schema."""
    inspector = inspect(database)
    with database.connect() as conn:
        for table in inspector.get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():  # noqa: S608
                for column, value in row.items():
                    if isinstance(value, str):
                        yield table, column, value


class ExplodingSender:
    """A channel whose errors quote the Bot API URL (with the token) and the message (with a card number)."""

    def __init__(self) -> None:
        self.calls = 0

    async def send(self, to: Address, reply: Reply) -> None:
        self.calls += 1
        url = f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/sendMessage"
        if self.calls == 1:
            raise ChannelUnavailable(f"POST {url} timed out (card {CARD_SHAPES[1]})")
        try:
            raise ConnectionResetError(f"reset while calling {quote(url, safe='')}")
        except ConnectionResetError as err:
            raise RuntimeError(f"unexpected reply from {url}: {reply.text} {CARD}") from err


async def test_tokens_secrets_and_card_numbers_never_reach_the_logs(logs: io.StringIO, file_database: Database,
                                                                    tmp_path: Path) -> None:
    clock = FrozenClock(START)
    engine = Engine(file_database, clock)
    chat = Chat(engine, Address("tg", "1")).start().without_digest_and_tips()
    for shape in CARD_SHAPES:
        chat.say(f"招行信用卡{shape}欠了3000，12月10号还")
        chat.press("reg:ok")
    chat.say(f"1分钟后提醒我给卡号{CARD_SHAPES[2]}的银行打电话")
    # Error paths that log with exc_info: a failing channel (twice), a locked database while the user types a card.
    dispatcher = Dispatcher(file_database, engine, Senders({"tg": ExplodingSender()}), clock, NoLimiter())
    dispatcher.start()
    for _ in range(6):
        clock.advance(timedelta(minutes=1))
        await dispatcher.tick()
        await dispatcher.drain()
    locker = Locker(tmp_path / "bot.db")
    locker.lock()
    chat.say(f"卡号{CARD}还了500")
    clock.advance(timedelta(minutes=1))
    await dispatcher.tick()
    locker.unlock()
    locker.close()
    await dispatcher.stop()
    # Libraries log URLs with tokens in them, as arguments or already formatted.
    logging.getLogger("httpx").warning("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TELEGRAM_TOKEN)
    logging.getLogger("telegram.ext").error("webhook secret %s rejected; aes %s", WEBHOOK_SECRET, WECHAT_AES_KEY)
    logging.getLogger("aiohttp.client").error(
        "GET https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=%s",
        WECHAT_APP_SECRET)
    logging.getLogger("bot.channels.wechat").info("signature check with token %s", WECHAT_TOKEN)
    output = logs.getvalue()
    assert "Traceback" in output and "RuntimeError" in output, "the error paths were exercised"
    assert "***" in output
    assert leaks(output) == [], output[-3000:]


def test_card_numbers_are_masked_everywhere_they_could_be_stored(file_database: Database) -> None:
    engine = Engine(file_database, FrozenClock(START))
    for n, shape in enumerate(CARD_SHAPES):
        # Before consent the message waits in the dialogue state; a display name can hold anything too.
        engine.handle(Inbound(sender=Address("tg", f"new{n}"), text=f"招行信用卡{shape}还了500", name=f"张三{shape}"))
        chat = Chat(engine, Address("tg", str(n))).start()
        chat.say(f"招行信用卡{shape}欠了3000，12月10号还")  # a creditor the parser knows
        chat.press("reg:ok")
        chat.say(f"欠{shape}老王 800，下周五还")  # no creditor understood: the bot asks…
        chat.say(f"卡{shape}")  # …and the answer is a card number
        chat.press("reg:ok")
        chat.say(f"/add {shape} 3000 12月10日")
        chat.say(f"提醒我明天给卡号{shape}的银行打电话")  # a reminder's task
        chat.say(f"/remind 明天10点 还{shape}")
        chat.say(f"提醒我还{shape}")  # asked when: the task waits in the state
        chat.say("/list")
        chat.press_data(next(b.data for r in chat.last for b in r.all_buttons() if "****" in b.label))
        chat.press_data(next(b.data for r in chat.last for b in r.all_buttons() if b.data.endswith(":edit")))
        chat.press_data(next(b.data for r in chat.last for b in r.all_buttons() if b.data.endswith(":e:creditor")))
        chat.say(f"新名字{shape}")  # an edited creditor
        chat.say("/export")
        exported = b"".join(a.content for r in chat.last for a in r.attachments).decode("utf-8-sig")
        assert leaks(exported) == [], exported
        assert "****" in exported
    stored = [(table, column, value) for table, column, value in every_text_cell(file_database) if leaks(value)]
    assert stored == []
    masked = {table for table, _, value in every_text_cell(file_database) if "****" in value}
    assert {"user", "debt", "reminder", "change"} <= masked, "each place was actually exercised"


def test_a_payment_typed_with_a_card_number_before_consent_is_understood_after_it(file_database: Database) -> None:
    """The waiting message is stored masked; masking must not turn the card's last digits into the amount."""
    engine = Engine(file_database, FrozenClock(START))
    chat = Chat(engine, Address("tg", "1")).start()
    chat.say("招行信用卡5200，每月10号还")
    chat.press("reg:ok")
    stranger = Chat(engine, Address("tg", "2"))
    stranger.say("花呗欠了3000元，12月10号要还")
    stranger.press("reg:ok")
    stranger.press("c:yes")
    stranger.say(f"花呗{CARD_SHAPES[1]}还了500")
    assert "¥2,500" in stranger.text()


def test_nothing_is_stored_before_consent(file_database: Database) -> None:
    engine = Engine(file_database, FrozenClock(START))
    chat = Chat(engine, Address("tg", "1"))
    for said in ("花呗欠了3000元，12月10号要还", "reg:ok", "还了1000", "2分钟后提醒我给花呗客服打电话",
                 "每天早上9点提醒我记账", "/add 花呗 3000 12月10日", "/paid 500", "/remind 明天10点 打电话",
                 "/recovery", "/tip", "/plan 2000", "c:no", "招行信用卡5200，每月10号还", "reg:ok", "c:no"):
        if said.startswith(("reg:", "c:")):
            chat.press_data(said)
        else:
            chat.say(said)
    owned = {table: n for table in ("debt", "payment", "reminder", "change", "recovery_tick")
             if (n := count(file_database, table))}
    assert owned == {}


def count(database: Database, table: str) -> int:
    with database.connect() as conn:
        return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())  # noqa: S608


def populate(chat: Chat, marker: str) -> None:
    """Give a user a row in every table: debts, a payment, reminders, the undo log, a tick, a tip seen."""
    chat.start()
    chat.say(f"欠{marker} 3000元，12月10号要还")
    chat.press("reg:ok")
    chat.say(f"{marker}还了1000")
    chat.say("招行信用卡5200，每月10号还")
    chat.press("reg:ok")
    chat.say(f"2分钟后提醒我给{marker}打电话")
    chat.say("/recovery")
    chat.press_data(next(b.data for r in chat.last for b in r.all_buttons() if b.data.startswith("rc:t:")))
    chat.say("/tip")
    chat.say("/settings")
    chat.press_data("s:lang:en")


def owned_rows(database: Database, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row in every table of the migrated schema that belongs to ``user_id``."""
    out: dict[str, list[dict[str, Any]]] = {}
    inspector = inspect(database)
    with database.connect() as conn:
        for table in inspector.get_table_names():
            columns = {c["name"] for c in inspector.get_columns(table)}
            key = "id" if table == "user" else "user_id" if "user_id" in columns else None
            if key is None:
                continue
            rows = conn.execute(text(f'SELECT * FROM "{table}" WHERE {key} = :u ORDER BY id'),  # noqa: S608
                                {"u": user_id}).mappings()
            out[table] = [dict(r) for r in rows]
    return out


def user_id_of(database: Database, address: Address) -> int:
    with database.connect() as conn:
        return int(conn.execute(text('SELECT id FROM "user" WHERE address = :a'), {"a": str(address)}).scalar_one())


def test_delete_leaves_nothing_of_the_user_in_any_table(file_database: Database) -> None:
    engine = Engine(file_database, FrozenClock(START))
    other = Chat(engine, Address("tg", "2"))
    populate(other, "另一位债主")
    me = Chat(engine, Address("tg", "1"))
    populate(me, "秘密债主")
    my_id = user_id_of(file_database, me.sender)
    before = owned_rows(file_database, my_id)
    empty = [t for t in ("user", "debt", "payment", "reminder", "change", "recovery_tick", "tip_shown") if not before[t]]
    assert empty == [], "the user has rows in every table before /delete"
    others_before = owned_rows(file_database, user_id_of(file_database, other.sender))
    me.say("/delete")
    me.press("del:all!")
    assert all(rows == [] for rows in owned_rows(file_database, my_id).values())
    traces = [(t, c) for t, c, v in every_text_cell(file_database) if "秘密债主" in v or str(me.sender) in v]
    assert traces == [], "no text of the deleted user anywhere"
    assert owned_rows(file_database, user_id_of(file_database, other.sender)) == others_before


def test_export_holds_every_stored_row_of_the_user_and_nothing_of_anyone_else(file_database: Database) -> None:
    engine = Engine(file_database, FrozenClock(START))
    other = Chat(engine, Address("tg", "2"))
    populate(other, "另一位债主")
    me = Chat(engine, Address("tg", "1"))
    populate(me, "秘密债主")
    me.say("/export")
    [document, sheet] = [a for r in me.last for a in r.attachments]
    exported = json.loads(document.content)["tables"]
    stored = owned_rows(file_database, user_id_of(file_database, me.sender))
    stored = {t: rows for t, rows in stored.items() if rows}
    assert set(exported) >= set(stored), "every table that holds the user's rows is in the export"
    for table, rows in stored.items():
        assert [r["id"] for r in exported[table]] == [r["id"] for r in rows], table
        for got, want in zip(exported[table], rows, strict=True):
            assert set(got) == set(want), f"{table}: columns missing from the export"
            for column, value in want.items():
                assert str(got[column]).replace("T", " ")[:19] == str(value).replace("T", " ")[:19] or \
                    _same(got[column], value), (table, column, got[column], value)
    everything = document.content.decode("utf-8") + sheet.content.decode("utf-8-sig")
    assert "另一位债主" not in everything and str(other.sender) not in everything
    theirs = {(t, r["id"]) for t, rows in owned_rows(file_database, user_id_of(file_database, other.sender)).items()
              for r in rows}
    mine = {(t, r["id"]) for t, rows in exported.items() for r in rows}
    assert not theirs & mine


def _same(exported: Any, stored: Any) -> bool:
    """Compare an exported JSON value with the stored one (numbers and booleans as SQLite keeps them)."""
    if isinstance(stored, int) and isinstance(exported, bool):
        return int(exported) == stored
    try:
        return float(str(exported)) == float(str(stored))
    except ValueError:
        return False


def test_the_sqlite_file_and_its_companions_are_private_to_the_owner(tmp_path: Path) -> None:
    previous = os.umask(0)  # the most permissive umask: privacy must not depend on the environment's
    try:
        database = make_engine(f"sqlite:///{tmp_path}/data/bot.db")
        upgrade(database)
        engine = Engine(database, FrozenClock(START))
        Chat(engine, Address("tg", "1")).start()
        files = sorted(tmp_path.joinpath("data").iterdir())
        assert {f.name for f in files} >= {"bot.db", "bot.db-wal", "bot.db-shm"}, "WAL mode is on"
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
        database.dispose()
    finally:
        os.umask(previous)
    assert modes == dict.fromkeys(modes, 384), {n: oct(m) for n, m in modes.items()}


def test_database_errors_log_no_personal_data(logs: io.StringIO, file_database: Database, tmp_path: Path) -> None:
    """A failed statement is logged with its SQL, never with its parameters (names, amounts, typed text)."""
    engine = Engine(file_database, FrozenClock(START))
    chat = Chat(engine, Address("tg", "1")).start()
    locker = Locker(tmp_path / "bot.db")
    locker.lock()
    chat.say("欠秘密债主王小明3000元，12月10号要还")
    locker.unlock()
    locker.close()
    output = logs.getvalue()
    assert "database is locked" in output
    assert "王小明" not in output and "tg:1" not in output


def test_a_malformed_log_call_neither_raises_nor_leaks(logs: io.StringIO) -> None:
    logging.getLogger("x").error("broken %d format with token %s", "not a number", TELEGRAM_TOKEN)
    assert "broken" in logs.getvalue() and leaks(logs.getvalue()) == []


def test_changing_settings_before_consent_schedules_nothing(file_database: Database) -> None:
    """Settings work without consent, but must not plan a digest or tips for someone who never agreed."""
    engine = Engine(file_database, FrozenClock(START))
    chat = Chat(engine, Address("tg", "1"))
    chat.say("/settings")
    for data in ("s:digest:off", "s:digest:on", "s:tips:daily", "s:tz"):
        chat.press_data(data)
    chat.say("伦敦")
    chat.press_data("s:tz:ok")
    chat.press_data("s:hour")
    chat.say("9:00")
    assert count(file_database, "reminder") == 0
