"""A plan or wish to pay ("我想把白条一次性还清") is neither a payment nor a correction of a card still open: the bot
says how to record the payment once it is made, and changes nothing."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, select

from bot.engine.engine import Engine
from storage.models import Debt, Payment
from tests.builders import Chat


def stored(engine: Engine) -> tuple[list[Debt], list[Payment]]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt))), list(s.exec(select(Payment)))


def test_a_wish_to_pay_off_a_saved_debt_records_nothing_and_says_how_to(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("白条欠了2000，15号还")
    chat.press("确认")
    chat.say("我想把白条一次性还清")
    assert "好计划" in chat.text() and "京东白条" in chat.text()
    [debt], payments = stored(engine)
    assert debt.balance == Decimal("2000") and debt.status == "active" and payments == []


def test_a_plan_naming_another_lender_does_not_rename_the_open_card(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("白条欠了2000，15号还")
    chat.say("going to pay off chase next month")
    assert "京东白条" in chat.text(), "the open card comes back as it was"
    chat.press("确认")
    [debt], _ = stored(engine)
    assert debt.creditor == "京东白条"
