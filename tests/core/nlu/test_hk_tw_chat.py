"""Hong Kong and Taiwan debts typed in the chat: a bank that lends in one place only gives its currency (never ¥
for a 台新 card), 期限 ("deadline") after an amount is not an instalment count, and 花被/借贝 are 花呗/借呗."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.engine.engine import Engine
from bot.nlu import parse_debts, parse_payments
from tests.builders import Chat

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_a_taiwanese_card_bill_typed_in_the_chat() -> None:
    [draft] = parse_debts("台新卡費這期要繳15,800 期限12/20", now=NOW)
    assert (draft.creditor, draft.amount, draft.currency) == ("台新银行信用卡", Decimal("15800"), "TWD")
    assert draft.due is not None and draft.due.at.date() == date(2026, 12, 20)


@pytest.mark.parametrize(("text", "currency"), [("中银香港信用卡欠8000 20号", "HKD"), ("中信卡帳單6萬 最低繳款6千", "TWD"),
                                                ("招行信用卡欠8000 20号", "CNY"), ("汇丰信用卡欠8000 20号", "CNY")])
def test_the_currency_of_a_bank_that_lends_in_one_place(text: str, currency: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.currency == currency


def test_the_card_shows_the_banks_own_money(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("台新卡費這期要繳15,800 期限12/20")
    assert "NT$15,800" in chat.text() and "¥" not in chat.text()


def test_homophones_of_huabei_and_jiebei() -> None:
    [draft] = parse_debts("花被欠了三千 十号还", now=NOW)
    assert (draft.creditor, draft.amount) == ("花呗", Decimal("3000"))
    [paid] = parse_payments("借贝还了500", NOW, None)
    assert paid.creditor_hint == "借呗"
    assert parse_debts("买了个花被子 300", now=NOW) == []
