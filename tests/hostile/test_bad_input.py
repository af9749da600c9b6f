"""DESIGN §5, one line each: bad input gets a clear, friendly answer and changes nothing.

Each case starts from a user with a saved debt, a payment and a reminder, says or presses one bad thing, and
checks the answer names the problem (the catalogue text, not a generic apology) and that no row anywhere moved.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.engine.engine import Engine
from bot.messages import Address
from bot.texts import t
from storage.db import make_engine
from tests.builders import Chat
from tests.fakes import FrozenClock

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
ME = Address("tg", "1")
OTHER = Address("tg", "2")


@pytest.fixture
def database() -> Iterator[Database]:
    db = make_engine("sqlite://")
    SQLModel.metadata.create_all(db)
    yield db
    db.dispose()


@pytest.fixture
def chats(database: Database) -> tuple[Chat, Chat]:
    engine = Engine(database, FrozenClock(START))
    other = Chat(engine, OTHER).start()
    other.say("借呗欠了9999元，12月20号要还")
    other.press("reg:ok")
    other.say("1分钟后提醒我给借呗打电话")
    me = Chat(engine, ME).start()
    me.say("花呗欠了3000元，12月10号要还")
    me.press("reg:ok")
    me.say("还了1000")
    me.say("1分钟后提醒我给花呗客服打电话")
    return me, other


def everything(database: Database) -> dict[str, list[Any]]:
    with database.connect() as conn:
        return {table: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY id'))]  # noqa: S608
                for table in SQLModel.metadata.tables}


def ids(database: Database, table: str, address: Address) -> list[int]:
    with database.connect() as conn:
        return [int(r[0]) for r in conn.execute(text(
            f'SELECT t.id FROM "{table}" t JOIN "user" u ON u.id = t.user_id WHERE u.address = :a'),  # noqa: S608
            {"a": str(address)})]


TEXTS = [
    ("", "err.empty", {}),
    ("   \n\t ", "err.empty", {}),
    ("\u202e\u200b\u2066", "err.empty", {}),  # only invisible characters
    ("x" * 10_000, "err.too_long", {"limit": 2000}),
    ("花呗" * 1001, "err.too_long", {"limit": 2000}),
    ("😀😭💸", "err.not_understood", {}),
    ("花呗欠了0元，12月10号要还", "err.amount_zero", {}),
    ("还了0元", "err.amount_zero", {}),
    ("-5000元", "err.amount_negative", {}),
    ("花呗欠了-5000元，12月10号要还", "err.amount_negative", {}),
    ("999999999999999999元", "err.amount_absurd", {}),
    ("花呗欠了999999999999999999元，12月10号要还", "err.amount_absurd", {}),
    ("花呗欠了3000元，2月30日要还", "err.date_impossible", {}),
    ("花呗欠了3000元，1990年1月1日要还", "err.date_too_old", {}),
    ("提醒我9999天后给银行打电话", "err.date_too_far", {}),
    ("/nosuchcommand", "err.unknown_command", {"command": "nosuchcommand"}),
]


@pytest.mark.parametrize(("said", "answer", "params"), TEXTS, ids=[repr(s[:20]) for s, _, _ in TEXTS])
def test_bad_text_gets_a_clear_answer_and_changes_nothing(database: Database, chats: tuple[Chat, Chat],
                                                          said: str, answer: str, params: dict[str, Any]) -> None:
    me, _ = chats
    before = everything(database)
    me.say(said)
    assert me.text() == t("zh", answer, **params)
    assert everything(database) == before


def test_tampered_and_foreign_buttons_get_not_found_and_change_nothing(database: Database,
                                                                       chats: tuple[Chat, Chat]) -> None:
    me, _ = chats
    [their_debt] = ids(database, "debt", OTHER)
    their_reminders = ids(database, "reminder", OTHER)
    [my_debt] = ids(database, "debt", ME)
    tampered = [
        f"d:{their_debt}", f"d:{their_debt}:del!", f"d:{their_debt}:hist", f"d:{their_debt}:e:amount",
        f"rm:paid:{their_debt}", f"rm:part:{their_debt}", f"rm:stop:{their_debt}", f"rm:snz:1h:{their_debt}",
        f"pay:part:{their_debt}", f"pay:pick:{their_debt}", f"bill:keep:{their_debt}",
        *(f"cr:{a}:{r}" for r in their_reminders for a in ("done", "cancel", "snz:1h", f"move:{r}")),
        "d:²", "d:١", f"rm:paid:{my_debt}²", "rm:snz:1h:①", "d:99999999999999", "d:-1", "d:", "d", "rm:boom:1",
        "del:all", "del:all!!", "c:maybe", "s:lang:fr", "s:nope", "rc:t:not.an.item", "rc:x:s1.keep_receipts",
        "reg:ok", "x" * 65, "d:1\n", "\u202ed:1", "🙂", "",
    ]
    before = everything(database)
    for data in tampered:
        me.press_data(data)
        assert me.text() in {t("zh", k) for k in ("err.stale_button", "err.debt_not_found", "err.not_found",
                                                  "err.reminder_not_found", "err.nothing_pending",
                                                  "recovery.err.unknown_item")}, (data, me.text())
        assert everything(database) == before, data


def test_a_question_about_a_debt_that_is_gone_does_not_trap_the_user(database: Database,
                                                                     chats: tuple[Chat, Chat]) -> None:
    """A pending "how much did you pay?" about a debt settled meanwhile must not answer every later message with
    "not found" (each answer rolled back, keeping the stale question for ever)."""
    me, _ = chats
    [my_debt] = ids(database, "debt", ME)
    me.press_data(f"rm:part:{my_debt}")
    assert "还了多少" in me.text() or "多少" in me.text()
    me.press_data(f"rm:paid:{my_debt}")  # paid in full from an older reminder instead
    me.press_data(f"d:{my_debt}:e:lead")  # a tampered edit of the settled debt asks a question too
    me.say("招行信用卡5200，每月10号还")
    assert "招商银行信用卡" in me.text() and "确认保存" in me.text()
