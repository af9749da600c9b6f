"""Several processes behind a load balancer may get one user's messages at the same moment (Telegram delivers a
webhook's updates over many connections). Each message is one transaction that locks its user first, so they run
one after the other and none is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt, Payment, User
from tests.builders import Chat, make_inbound
from tests.fakes import FrozenClock

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
ME = Address("tg", "42")


def test_concurrent_payments_of_one_user_are_all_counted(db: Database) -> None:
    if db.dialect.name == "sqlite":
        pytest.skip("SQLite serves one process; its writers queue on the database lock")
    processes = [Engine(db, FrozenClock(NOW)) for _ in range(4)]  # four webhook processes, one database
    chat = Chat(processes[0], ME).start()
    chat.say("花呗欠了1000元，12月10号要还")
    chat.press("reg:ok")

    def pay(i: int) -> str:
        replies = processes[i % 4].handle(make_inbound("还了10", sender=ME))
        return replies[0].text

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(pay, range(20)))
    assert all("10" in a for a in answers), answers
    with Session(db) as s:
        [debt] = s.exec(select(Debt)).all()
        assert len(s.exec(select(Payment)).all()) == 20
        assert debt.balance == Decimal("800.00"), "no payment was lost to a concurrent one"


def test_a_new_users_first_messages_arriving_together_make_one_user(db: Database) -> None:
    if db.dialect.name == "sqlite":
        pytest.skip("SQLite serves one process; its writers queue on the database lock")
    processes = [Engine(db, FrozenClock(NOW)) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda i: processes[i].handle(make_inbound("/start", sender=ME)), range(4)))
    assert all(a and "出了点问题" not in a[0].text for a in answers), [a[0].text for a in answers]
    with Session(db) as s:
        assert len(s.exec(select(User)).all()) == 1
