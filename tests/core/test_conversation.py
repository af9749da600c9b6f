"""The loop through the real engine: register, confirm, list, pay, remind, undo — as a user types it."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt, Payment, Reminder, User
from tests.builders import Chat


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


def test_registers_a_debt_from_one_chinese_message_and_echoes_what_it_understood(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    text = chat.text()
    assert "花呗" in text and "¥3,000" in text and "12月10日（周四）" in text and "一次性" in text
    assert debts_of(engine) == [], "nothing is saved before the user confirms"
    chat.press("确认")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.due_date.isoformat()) == ("花呗", Decimal("3000"), "2026-12-10")
    assert "已保存" in chat.text()


def test_no_debt_is_stored_before_consent_and_confirming_asks_for_it(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    assert debts_of(engine) == []
    assert "同意" in chat.text()
    chat.press("c:yes")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000")


def test_declining_consent_saves_nothing(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("/start")
    chat.press("c:no")
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.press("c:no")
    assert debts_of(engine) == []


def test_list_shows_balance_due_date_and_days_left(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("/list")
    assert "花呗 ¥3,000 — 12月10日（周四），还有 12 天" in chat.text()


def test_partial_payment_leaves_the_rest_and_undo_restores_it(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("还了1000")
    assert "¥2,000" in chat.text()
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("2000")
    chat.say("/undo")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000")
    with Session(engine.database) as s:
        assert list(s.exec(select(Payment))) == []


def test_paying_in_full_settles_the_debt_and_cancels_its_reminders(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("还了3000")
    [debt] = debts_of(engine)
    assert debt.status == "settled" and debt.balance == 0
    with Session(engine.database) as s:
        assert [r for r in s.exec(select(Reminder)) if r.status == "pending" and r.debt_id is not None] == []


def test_missing_fields_are_asked_for_never_guessed(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")
    assert "哪天要还" in chat.text()
    chat.say("12月10日")
    assert "确认保存吗" in chat.text() and "12月10日（周四）" in chat.text()


def test_edit_button_lets_the_user_correct_a_field_before_saving(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("修改")
    chat.press("reg:f:amount")
    chat.say("3500")
    assert "¥3,500" in chat.text()
    chat.press("确认")
    assert debts_of(engine)[0].balance == Decimal("3500")


def test_a_user_never_reaches_another_users_debt(engine: Engine) -> None:
    alice = Chat(engine, Address("console", "alice")).start()
    alice.say("花呗欠了3000元，12月10号要还")
    alice.press("确认")
    [debt] = debts_of(engine)
    mallory = Chat(engine, Address("console", "mallory")).start()
    for data in (f"d:{debt.id}:del!", f"rm:paid:{debt.id}", f"rm:stop:{debt.id}", f"d:{debt.id}", f"d:{debt.id}:hist"):
        mallory.press_data(data)
        assert "没找到" in mallory.text()
    [after] = debts_of(engine)
    assert (after.balance, after.status, after.reminders_muted) == (Decimal("3000"), "active", False)


def test_language_comes_from_the_client_on_first_contact(engine: Engine) -> None:
    chat = Chat(engine, Address("tg", "42"), language="en-US")
    chat.say("/start")
    assert "consent" in chat.text()
    with Session(engine.database) as s:
        assert s.exec(select(User)).one().language == "en"


def test_a_new_request_typed_mid_registration_is_not_merged_into_the_pending_debt(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.say("12天后下午3点提醒我任务3")
    assert "提醒你：任务3" in chat.text()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.say("借呗欠了2000元，12月20号要还")
    # The second debt is a second draft beside the first (issue 13: drafts survive, both are offered), never
    # merged into it: each keeps its own creditor and amount.
    assert "借呗" in chat.text() and "¥2,000" in chat.text() and "2 笔" in chat.text()
    chat.press("保存")
    assert sorted((d.creditor, d.balance) for d in debts_of(engine)) == [("借呗", Decimal("2000")), ("花呗", Decimal("3000"))]


def test_a_typed_correction_while_confirming_updates_the_draft(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.say("3500")
    assert "¥3,500" in chat.text() and "确认保存吗" in chat.text()


def test_consent_typed_in_words_counts_like_the_button(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("/start")
    chat.say("同意")
    assert "已记下你的同意" in chat.text()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000"), "saved at once: consent was given in words"


def test_a_debt_confirmed_before_consent_is_saved_when_the_user_types_agree(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    assert debts_of(engine) == [] and "同意" in chat.text()
    chat.say("我同意")
    [debt] = debts_of(engine)
    assert debt.creditor == "花呗"


def test_refusing_consent_in_words_saves_nothing(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("不同意")
    assert debts_of(engine) == []
    with Session(engine.database) as s:
        [user] = s.exec(select(User))
    assert user.consent_at is None


def test_english_i_agree_is_consent(engine: Engine) -> None:
    chat = Chat(engine, language="en")
    chat.say("/start")
    chat.say("I agree")
    with Session(engine.database) as s:
        [user] = s.exec(select(User))
    assert user.consent_at is not None


def test_a_message_that_is_not_an_answer_is_read_and_consent_is_still_asked_before_saving(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("/start")
    chat.say("花呗欠了3000元，12月10号要还")
    assert "¥3,000" in chat.text(), "the debt is understood, not taken for an answer"
    chat.press("确认")
    assert debts_of(engine) == [] and "同意" in chat.text()
