"""An uncertain reading of a date or time is asked about, never saved: reminders and the debt card, zh and en."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.engine.engine import Engine
from storage.models import Debt, Reminder
from tests.builders import Chat

SHANGHAI = ZoneInfo("Asia/Shanghai")


def custom_reminders(engine: Engine) -> list[Reminder]:
    with Session(engine.database) as s:
        return [r for r in s.exec(select(Reminder)) if r.kind == "custom" and r.status == "pending"]


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


def local(reminder: Reminder) -> datetime:
    at = reminder.fire_at if reminder.fire_at.tzinfo else reminder.fire_at.replace(tzinfo=ZoneInfo("UTC"))
    return at.astimezone(SHANGHAI)


def test_a_reminder_time_with_a_part_not_understood_is_asked_about_and_saved_only_on_yes(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("提醒我3月5号14还信用卡")
    text = chat.text()
    assert "我理解成" in text and "2027年3月5日" in text and "你还提到了「14」" in text
    assert custom_reminders(engine) == [], "nothing is saved while the bot is asking"
    chat.press("是的")
    [reminder] = custom_reminders(engine)
    assert local(reminder).date().isoformat() == "2027-03-05"


def test_a_retyped_time_replaces_the_uncertain_reading(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("提醒我3月5号14还信用卡")
    chat.say("3月5号下午2点")
    [reminder] = custom_reminders(engine)
    assert local(reminder).strftime("%Y-%m-%d %H:%M") == "2027-03-05 14:00"
    assert "信用卡" in json.loads(reminder.payload or "{}")["task"]


def test_no_to_the_reading_asks_again_and_saves_nothing(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("提醒我3月5号14还信用卡")
    chat.press("不对")
    assert "什么时候提醒你" in chat.text()
    assert custom_reminders(engine) == []
    chat.say("明天上午10点")
    [reminder] = custom_reminders(engine)
    assert local(reminder).strftime("%Y-%m-%d %H:%M") == "2026-11-29 10:00"


def test_an_english_date_with_two_readings_is_asked_about(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say("remind me to call the bank 11/03/2027")
    text = chat.text()
    assert "I read that as" in text and "is that right?" in text and "11/03/2027" in text
    assert custom_reminders(engine) == []
    chat.press("retype")
    chat.say("March 11 2027 at 9am")
    [reminder] = custom_reminders(engine)
    assert local(reminder).strftime("%Y-%m-%d") == "2027-03-11"


def test_a_confident_time_is_set_at_once(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("提醒我明天下午3点还信用卡")
    assert "我理解成" not in chat.text()
    [reminder] = custom_reminders(engine)
    assert local(reminder).strftime("%Y-%m-%d %H:%M") == "2026-11-29 15:00"


def test_the_debt_card_asks_about_an_uncertain_due_date_before_anything_is_saved(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡欠5000，3月5号14还")
    text = chat.text()
    assert "还款日我理解成" in text and "2027年3月5日" in text and "你还提到了「14」" in text
    assert debts_of(engine) == []
    chat.press("是的")
    assert "确认保存吗" in chat.text() and "2027年3月5日" in chat.text()
    assert debts_of(engine) == []
    chat.press("确认")
    [debt] = debts_of(engine)
    assert debt.due_date.isoformat() == "2027-03-05"


def test_the_debt_card_takes_a_retyped_due_date_instead(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡欠5000，3月5号14还")
    chat.say("3月14号")
    assert "确认保存吗" in chat.text() and "2027年3月14日" in chat.text()
    chat.press("确认")
    [debt] = debts_of(engine)
    assert debt.due_date.isoformat() == "2027-03-14"


def test_the_english_debt_card_asks_about_a_date_with_two_readings(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say("I owe Chase 500, due 11/03/2027")
    text = chat.text()
    assert "I read the due date as" in text and "is that right?" in text
    assert debts_of(engine) == []
    chat.press("retype")
    assert debts_of(engine) == []
    chat.say("March 11 2027")
    chat.press("Save")
    [debt] = debts_of(engine)
    assert debt.due_date.isoformat() == "2027-03-11"


def test_editing_a_due_date_with_an_uncertain_reading_changes_nothing_and_says_why(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    [debt] = debts_of(engine)
    chat.press_data(f"d:{debt.id}:e:due")
    chat.say("3月5号14")
    assert "你还提到了「14」" in chat.text() and "还没改" in chat.text()
    [debt] = debts_of(engine)
    assert debt.due_date.isoformat() == "2026-12-10"
    chat.say("3月5号")
    [debt] = debts_of(engine)
    assert debt.due_date.isoformat() == "2027-03-05"
