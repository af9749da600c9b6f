"""How long before a due date to be reminded, asked in words ("提前五天提醒我还信用卡", "remind me the day before"):
the debt named gets that reminder too (the ones it had stay), or every debt when none is named; before, the bot
asked "when should I remind you of 「提前三天还信用卡」?"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.core.reading import Kind, Reading
from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt, User
from tests.builders import Chat

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def debts_of(engine: Engine) -> dict[str, Debt]:
    with Session(engine.database) as s:
        return {d.creditor: d for d in s.exec(select(Debt))}


def user_lead(engine: Engine) -> str:
    with Session(engine.database) as s:
        return s.exec(select(User)).one().lead_days


@pytest.mark.parametrize(("text", "days"), [("提前三天提醒我还信用卡", 3), ("到期前5天提醒我", 5), ("花呗提前两天提醒", 2),
                                            ("remind me 3 days before chase is due", 3), ("remind me the day before", 1),
                                            ("remind me a week before the amex bill", 7)])
def test_days_before_are_read(text: str, days: int) -> None:
    reading = Reading(text, NOW)
    assert reading.kind is Kind.LEAD and reading.lead == days


@pytest.mark.parametrize("text", ["明天提醒我还花呗", "提前一百天提醒我", "3天后提醒我"])
def test_a_reminder_at_a_time_is_not_a_lead(text: str) -> None:
    assert Reading(text, NOW).lead is None


def test_the_debt_named_gets_the_extra_reminder_and_keeps_its_others(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡8000每月15号，花呗3000每月10号")
    chat.say("保存")
    chat.say("提前五天提醒我还信用卡")
    debts = debts_of(engine)
    assert debts["招商银行信用卡"].lead_days == "5,3,1,0"
    assert debts["花呗"].lead_days in (None, ""), "the other debt keeps the setting"
    assert "提前5天" in chat.text()
    chat.say("/undo")
    assert debts_of(engine)["招商银行信用卡"].lead_days in (None, "")


def test_with_no_debt_named_the_setting_changes(engine: Engine) -> None:
    chat = Chat(engine, sender=Address("console", "en"), language="en").start()
    chat.say("remind me a week before")
    assert user_lead(engine) == "7,3,1,0"
    assert "7 days before" in chat.text()


def test_a_debt_still_on_its_card_is_pointed_to_not_called_missing(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("借呗欠5000 20号还")  # a card, not saved yet
    chat.say("提前五天提醒我还借呗")
    assert "还没保存" in chat.text() and "没找到" not in chat.text()
    assert "确认保存" in chat.text(), "the card comes back, one tap from saving"
    assert debts_of(engine) == {}
