"""An amount said roughly ("大概3000", "about $1,850") is never saved as said: the card asks, and shows back what
was heard, so one tap (or a typed yes) takes it and the exact figure replaces it. Alternatives, ranges and bounds
("6000还是7000", "三千到四千", "more than 2000") have no one value to offer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.core.dialogue import PendingDebt
from bot.engine.engine import Engine
from bot.messages import Address
from bot.nlu import parse_debts
from storage.models import Debt
from tests.builders import Chat

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


@pytest.mark.parametrize(("text", "said"), [
    ("花呗大概欠3000，10号还", Decimal("3000")),
    ("信用卡欠了8000左右 15号还", Decimal("8000")),
    ("owe capital one about $1,850 due the 5th", Decimal("1850")),
])
def test_one_value_said_roughly_is_kept_to_offer_back_not_as_the_amount(text: str, said: Decimal) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.amount is None and draft.amount_said == said


@pytest.mark.parametrize("text", ["花呗欠了6000还是7000来着，10号还", "花呗3000或者4000吧", "借呗三千到四千 20号",
                                  "owe chase more than 2000 due 20th"])
def test_alternatives_ranges_and_bounds_have_no_value_to_offer(text: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.amount is None and draft.amount_said is None


def test_the_card_shows_the_rough_amount_and_one_tap_takes_it(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗大概欠3000，10号还")
    assert "大概 ¥3,000" in chat.text()
    assert debts_of(engine) == []
    chat.press("就是 ¥3,000")
    assert "金额：¥3,000" in chat.text()
    chat.say("保存")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000")


def test_a_typed_yes_takes_it_too_and_an_exact_figure_replaces_it(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗大概欠3000，10号还")
    chat.say("是的")
    assert "金额：¥3,000" in chat.text()
    chat.say("/cancel")
    chat.say("信用卡欠了8000左右 15号还")
    chat.say("8230")
    assert "金额：¥8,230" in chat.text()


def test_the_rough_amount_keeps_its_currency(engine: Engine) -> None:
    chat = Chat(engine, sender=Address("console", "en"), language="en").start()
    chat.say("owe capital one about $1,850 due the 5th")
    assert "about $1,850" in chat.text()
    chat.press("Yes, $1,850")
    chat.say("save")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.currency) == (Decimal("1850"), "USD")


def test_a_draft_stored_before_the_guess_existed_still_reads() -> None:
    old = PendingDebt(creditor="花呗", amount=Decimal("3000")).to_json()
    del old["amount_guess"]
    assert PendingDebt.from_json(old) == PendingDebt(creditor="花呗", amount=Decimal("3000"))
    kept = PendingDebt(creditor="花呗", amount_guess=Decimal("2999.5"))
    assert PendingDebt.from_json(kept.to_json()) == kept
