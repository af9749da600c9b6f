"""A debt's card asks "确认保存吗？" with buttons; WeChat and the console show buttons as numbers, and people type
their answer instead. A typed yes saves, a typed no asks what to change, and 「同意」 typed before consent was given
answers both the welcome's consent question and the card's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt, User
from tests.builders import Chat


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


def consented(engine: Engine) -> bool:
    with Session(engine.database) as s:
        return s.exec(select(User)).one().consent_at is not None


@pytest.mark.parametrize("typed", ["好的", "确认", "保存吧", "是", "没问题", "ok", "yes", "save it"])
def test_a_typed_yes_at_the_card_saves_the_debt(engine: Engine, typed: str) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000，每月10号还")
    assert debts_of(engine) == []
    chat.say(typed)
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance) == ("花呗", Decimal("3000"))
    assert "已保存" in chat.text()


def test_a_typed_yes_saves_every_debt_of_a_card_of_several(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗3000 10号还，借呗5000 20号还")
    chat.say("都保存")
    assert sorted(d.creditor for d in debts_of(engine)) == ["借呗", "花呗"]


def test_a_typed_no_at_the_card_asks_what_to_change_and_saves_nothing(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000，每月10号还")
    chat.say("不对")
    assert debts_of(engine) == []
    assert "改哪一项" in chat.text()


def test_agreeing_in_words_before_consent_records_consent_and_saves_the_card(engine: Engine) -> None:
    # The welcome asks "同意我保存这些信息吗？"; the user states a debt first, then types 「同意」 at its card.
    chat = Chat(engine)
    chat.say("/start")
    chat.say("花唄欠了3000，每月10號還")
    assert debts_of(engine) == [] and not consented(engine)
    chat.say("同意")
    assert consented(engine)
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000")
    assert "同意" in chat.text() and "已保存" in chat.text()


def test_i_agree_in_english_does_the_same(engine: Engine) -> None:
    chat = Chat(engine, sender=Address("console", "en"), language="en")
    chat.say("/start")
    chat.say("owe Chase $900 due on the 20th every month")
    chat.say("I agree")
    assert consented(engine)
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("900")


def test_a_bare_yes_before_consent_still_asks_for_consent_first(engine: Engine) -> None:
    # "好" says yes to the card, not to storing financial data: consent is asked in its own words.
    chat = Chat(engine)
    chat.say("花呗欠了3000，每月10号还")
    chat.say("好")
    assert debts_of(engine) == [] and not consented(engine)
    assert "同意" in chat.text()
    chat.say("同意")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000")


def test_a_yes_while_a_field_is_asked_is_not_taken_for_saving(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")  # no due date: the card asks for it
    chat.say("好的")
    assert debts_of(engine) == [], "the card still needs its due date"


@pytest.mark.parametrize("typed", ["好", "好的", "收到", "嗯嗯", "ok", "OK!"])
def test_a_bare_acknowledgement_after_an_answer_is_acknowledged_not_misunderstood(engine: Engine, typed: str) -> None:
    chat = Chat(engine).start()
    chat.say("明天下午3点提醒我给招行打电话")
    chat.say(typed)
    assert "没太明白" not in chat.text()
    assert "👌" in chat.text() and "好的" in chat.text(), "answered in the user's language, however short the word"


def test_an_acknowledgement_while_a_card_asks_is_the_cards_answer(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000，每月10号还")
    chat.say("好的")
    assert "已保存" in chat.text() and "👌" not in chat.text()


def test_a_payment_on_a_debt_still_being_carded_waits_for_the_card(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")  # the card asks for the due date
    chat.say("今天先还了500")
    text = chat.text()
    assert "还没保存" in text and "还没有记录欠款" not in text
    assert "哪天" in text or "还款日" in text, "the card comes back, still asking"
    chat.say("每月10号")
    chat.say("保存")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000"), "nothing was booked on a debt the user had not saved"


@pytest.mark.parametrize("typed", ["保存", "确认", "save"])
def test_save_typed_again_after_saving_is_an_echo_not_a_question(engine: Engine, typed: str) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000，每月10号还")
    chat.say(typed)
    assert "已保存" in chat.text()
    chat.say(typed)  # the card is gone: once more is only an echo
    assert "👌" in chat.text() and "来源" not in chat.text()
    assert len(debts_of(engine)) == 1
