"""The two engine hooks the WeChat channel relies on, tested on the engine alone."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address, Inbound
from storage.models import Reminder
from tests.builders import Chat

WX = Address("wx", "oHook")


def test_a_saved_debt_is_marked_so_a_channel_can_add_its_own_follow_up(engine: Engine) -> None:
    chat = Chat(engine, sender=WX).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月10号要还")
    assert all(r.topic is None for r in chat.last)
    chat.press("确认")
    assert [r.topic for r in chat.last] == ["debt_saved"]


def test_unfollowing_pauses_the_schedule_and_keeps_held_messages_for_the_return(engine: Engine) -> None:
    chat = Chat(engine, sender=WX).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    with Session(engine.database) as s:
        row = s.exec(select(Reminder).where(Reminder.status == "pending", Reminder.kind == "pre_due")).first()
        assert row is not None
        row.status = "held"
        s.add(row)
        s.commit()
    assert engine.handle(Inbound(sender=WX, event="unsubscribe")) == []
    with Session(engine.database) as s:
        statuses = {r.status for r in s.exec(select(Reminder)) if r.status != "cancelled"}
    assert statuses == {"held", "paused"}, "nothing is sent to someone who left; nothing pending fires"
    back = engine.handle(Inbound(sender=WX, event="subscribe"))
    assert "还款提醒" in back[0].text, "the held reminder comes with the welcome back"
    with Session(engine.database) as s:
        assert "paused" not in {r.status for r in s.exec(select(Reminder))}
