"""A question the bot waits on never swallows what comes next: 「算了」 / "never mind" drops it, and a request of
its own ("花呗欠3000 10号" while the bot asks when to remind) is read as that request — its date was taken for the
reminder's time, and the debt was lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from storage.models import Debt, Reminder
from tests.builders import Chat


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


def custom_reminders(engine: Engine) -> list[Reminder]:
    with Session(engine.database) as s:
        return [r for r in s.exec(select(Reminder)) if r.kind == "custom"]


@pytest.mark.parametrize("typed", ["算了", "不用了", "算了吧。", "never mind", "nvm", "Forget it!"])
def test_forget_it_drops_the_question(engine: Engine, typed: str) -> None:
    chat = Chat(engine).start()
    chat.say("发工资那天提醒我还钱")
    assert "什么时候提醒你" in chat.text()
    chat.say(typed)
    assert "已取消" in chat.text()
    chat.say("15号")
    assert custom_reminders(engine) == [], "the question is gone: 15号 is not its answer any more"


def test_a_new_debt_while_a_reminder_waits_for_its_time_is_carded(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("发工资那天提醒我还钱")
    chat.say("花呗欠3000 10号")
    assert "没有设置" in chat.text(), "the user is told the reminder is not set"
    assert "¥3,000" in chat.text() and "确认保存" in chat.text()
    assert custom_reminders(engine) == []
    chat.say("保存")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.due_date) == (Decimal("3000"), date(2026, 12, 10))


def test_a_time_still_answers_the_reminder(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("发工资那天提醒我还钱")
    chat.say("15号")
    [reminder] = custom_reminders(engine)
    assert "12月15日" in chat.text()


def test_a_new_debt_is_not_a_payment_amount(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠3000 10号")
    chat.say("保存")
    chat.say("还了一部分")
    assert "还了多少" in chat.text()
    chat.say("借呗欠5000")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000"), "5000 was a new debt, not a payment on 花呗"
    assert "借呗" in chat.text()
