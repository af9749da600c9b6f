"""Vague words never become confident figures: 「记不清了」 ("can't remember") holds 清了 ("cleared") but closes no
debt; 「几千」「十几万」「好几万」 are some thousands, not a thousand, and name no creditor."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.core.reading import Kind, Reading
from bot.nlu import parse_amount
from bot.nlu.questions import detect_distress

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", ["花呗欠了3000，记不清了，10号还", "花呗欠了3000 10号还 记不太清了", "花呗欠了3000 记不大清了"])
def test_cant_remember_is_not_paid_off(text: str) -> None:
    reading = Reading(text, NOW)
    assert reading.payments == ()
    assert reading.kind is Kind.DEBTS
    [debt] = reading.debts
    assert (debt.creditor, debt.amount) == ("花呗", Decimal("3000"))


@pytest.mark.parametrize("text", ["花呗清了", "白条昨天清了", "花呗还清了"])
def test_cleared_is_still_paid_off(text: str) -> None:
    [payment] = Reading(text, NOW).payments
    assert payment.full


@pytest.mark.parametrize("text", ["欠了几千", "十几万", "加起来十几万", "欠了好几万", "几百块"])
def test_some_thousands_is_no_amount(text: str) -> None:
    found = parse_amount(text, None)
    assert found is None or (found.value is None and found.problem is None)


@pytest.mark.parametrize(("text", "value"), [("花呗欠了三千", 3000), ("借呗欠了一万", 10000), ("花呗欠了3千5", 3500),
                                             ("欠了两万", 20000)])
def test_plain_chinese_amounts_still_read(text: str, value: int) -> None:
    found = parse_amount(text, None)
    assert found is not None and found.value == Decimal(value)


@pytest.mark.parametrize("text", ["欠了好几万", "欠了万把块", "欠了几千块 下个月还"])
def test_a_vague_amount_names_no_creditor(text: str) -> None:
    assert all(d.creditor is None for d in Reading(text, NOW).debts)


def test_a_card_with_several_thousand_asks_how_much() -> None:
    [debt] = Reading("信用卡欠了几千块，15号还", NOW).debts
    assert debt.amount is None and debt.creditor == "信用卡"


@pytest.mark.parametrize("text", ["欠了好几万 不知道怎么办", "花呗逾期了 不知道该怎么办", "真不知道咋办"])
def test_not_knowing_what_to_do_is_heard_as_pressure(text: str) -> None:
    assert detect_distress(text) == "pressure"


@pytest.mark.parametrize("text", ["my mom lent me 500, paying her back when I get paid",
                                  "owe my brother 300, will pay him once I get paid friday"])
def test_getting_paid_is_wages_not_a_payment(text: str) -> None:
    reading = Reading(text, NOW)
    assert reading.payments == ()
    assert reading.kind is Kind.DEBTS


def test_a_payment_beside_wages_is_still_a_payment() -> None:
    [payment] = Reading("paid 300 on my visa, got paid friday", NOW).payments
    assert payment.amount == Decimal("300")


@pytest.mark.parametrize("text", ["i'm so behind on everything, 3 cards maxed", "I don't know what to do, owe 12k",
                                  "honestly in over my head with these loans"])
def test_being_overwhelmed_in_plain_english_is_pressure(text: str) -> None:
    assert detect_distress(text) == "pressure"


def test_za_ban_a_is_heard_as_pressure_like_zen_me_ban_a() -> None:
    assert detect_distress("欠招行一万二左右，这个月18号又要还了，咋办啊") == "pressure"
    assert detect_distress("花呗几号还咋办") is None
