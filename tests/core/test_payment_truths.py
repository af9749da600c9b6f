"""A payment is booked on the debt it names, by the amount said, and closes a debt only when it says it is paid off
now: 「还差300就还清了」 ("300 more and it's cleared") used to close the debt, an answer naming 花呗 to 招行's
"how much?" was booked on 招行, and 「今天又还了1000」 after a first payment was dropped without a word."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.nlu import parse_payments
from storage.models import Debt
from tests.builders import Chat

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def debts_of(engine: Engine) -> dict[str, Debt]:
    with Session(engine.database) as s:
        return {d.creditor: d for d in s.exec(select(Debt))}


@pytest.mark.parametrize("text", ["还了花呗500，再还300就清了", "还了花呗500，还差300就还清了", "花呗还了2000，下个月就能还清了",
                                  "paid 200 on chase, will be paid off next month", "paid 300 to amex, almost paid off"])
def test_paid_off_still_to_come_is_not_paid_off(text: str) -> None:
    [payment] = parse_payments(text, NOW, None)
    assert not payment.full and payment.amount is not None


@pytest.mark.parametrize("text", ["花呗还清了", "借呗终于还清了", "还了花呗500，已经还清了", "paid off chase"])
def test_paid_off_now_is_still_paid_off(text: str) -> None:
    [payment] = parse_payments(text, NOW, None)
    assert payment.full


@pytest.mark.parametrize("text", ["昨天还了招行2000，今天又还了1000", "还了花呗500，又还了300"])
def test_one_more_payment_to_the_same_creditor_is_read_too(text: str) -> None:
    payments = parse_payments(text, NOW, None)
    assert len(payments) == 2 and payments[0].creditor_hint == payments[1].creditor_hint


def test_a_debt_is_not_closed_by_a_payoff_still_to_come(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠3000 每月10号")
    chat.say("保存")
    chat.say("还了花呗500，还差300就还清了")
    debt = debts_of(engine)["花呗"]
    assert (debt.balance, debt.status) == (Decimal("2500"), "active")


def test_an_answer_naming_another_debt_is_not_booked_on_the_one_asked_about(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗3000每月10号，招行信用卡8000每月15号")
    chat.say("保存")
    chat.say("信用卡还了一半")  # 招行: "how much?"
    assert "还了多少" in chat.text()
    chat.say("花呗这个月的还完了")
    debts = debts_of(engine)
    assert debts["招商银行信用卡"].balance == Decimal("8000"), "nothing booked on the debt asked about"
    assert "花呗" in chat.text() and "已还清" in chat.text(), "the payment is read for the debt it names"


def test_two_payments_to_one_debt_are_shown_and_booked_one_after_the_other(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡8000每月15号")
    chat.say("保存")
    chat.say("昨天还了招行2000，今天又还了1000")
    assert "还剩 ¥6,000" in chat.text() and "还剩 ¥5,000" in chat.text()
    chat.press("确认记录")
    assert debts_of(engine)["招商银行信用卡"].balance == Decimal("5000")
