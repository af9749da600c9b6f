"""A saved debt changed in words ("把借呗的还款日改成25号", "花呗改成3500", "update amex balance to 1,200"): the debt
named is changed, with /undo one tap away — and never the card of another debt that happens to be open, which
used to be renamed and re-dated instead."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bot.core.reading import Kind, Reading
from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt
from tests.builders import Chat


def debts_of(engine: Engine) -> dict[str, Debt]:
    with Session(engine.database) as s:
        return {d.creditor: d for d in s.exec(select(Debt))}


def saved(engine: Engine) -> Chat:
    chat = Chat(engine).start()
    chat.say("花呗3000每月10号，借呗5000每月20号")
    chat.say("保存")
    assert set(debts_of(engine)) == {"花呗", "借呗"}
    return chat


@pytest.mark.parametrize("text", ["把借呗的还款日改成25号", "花呗改成3500", "花呗金额改为3500", "change chase's due date to the 25th",
                                  "update amex balance to 1,200", "my amex balance should be 900"])
def test_a_change_asked_in_words_is_its_own_kind(text: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo
    assert Reading(text, datetime(2026, 12, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))).kind is Kind.EDIT


def test_the_amount_of_a_saved_debt_changes_and_undo_restores_it(engine: Engine) -> None:
    chat = saved(engine)
    chat.say("花呗改成3500")
    assert debts_of(engine)["花呗"].balance == Decimal("3500")
    assert "已修改" in chat.text()
    chat.say("/undo")
    assert debts_of(engine)["花呗"].balance == Decimal("3000")


def test_a_new_day_for_a_monthly_bill_keeps_it_monthly(engine: Engine) -> None:
    chat = saved(engine)
    chat.say("把借呗的还款日改成25号")
    debt = debts_of(engine)["借呗"]
    assert (debt.due_date, debt.rrule) == (date(2026, 12, 25), "FREQ=MONTHLY;BYMONTHDAY=25")
    assert debts_of(engine)["花呗"].due_date == date(2026, 12, 10), "the other debt is untouched"


def test_an_open_card_of_another_debt_is_left_alone(engine: Engine) -> None:
    chat = saved(engine)
    chat.say("招行欠8000")  # a card opens, asking its due date
    chat.say("把借呗的还款日改成25号")
    assert debts_of(engine)["借呗"].due_date == date(2026, 12, 25)
    assert "招商银行信用卡" not in debts_of(engine)
    chat.say("/list")
    assert "没确认保存：招商银行信用卡" in chat.text(), "the open card is still 招行's, not renamed 借呗"


def test_a_change_naming_the_open_card_corrects_the_card(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠3000 10号还")
    chat.say("花呗改成3500")
    assert debts_of(engine) == {}
    assert "¥3,500" in chat.text() and "确认保存" in chat.text()


def test_an_unsure_new_date_changes_nothing_and_says_why(engine: Engine) -> None:
    chat = saved(engine)
    chat.say("花呗还款日改成下个月初")
    assert debts_of(engine)["花呗"].due_date == date(2026, 12, 10)
    assert "还没改" in chat.text()


def test_a_name_that_matches_nothing_is_said_so(engine: Engine) -> None:
    chat = saved(engine)
    chat.say("白条改成500")
    assert "没找到「白条」" in chat.text()
    assert {d.balance for d in debts_of(engine).values()} == {Decimal("3000"), Decimal("5000")}


def test_in_english(engine: Engine) -> None:
    chat = Chat(engine, sender=Address("console", "en"), language="en").start()
    chat.say("Chase 1200 due the 15th every month")
    chat.say("save")
    chat.say("change chase's due date to the 25th")
    debt = debts_of(engine)["Chase credit card"]
    assert (debt.due_date, debt.rrule) == (date(2026, 12, 25), "FREQ=MONTHLY;BYMONTHDAY=25")
    chat.say("update chase balance to 1,150")
    assert debts_of(engine)["Chase credit card"].balance == Decimal("1150")
